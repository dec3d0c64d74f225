"""The migration to under_review: stored ``matched`` applications become ``under_review``,
and the history the applicant reads names no programme and keeps no officer's internal reason."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import create_engine, text

from services.applications.app import MIGRATIONS
from shared.migrations import alembic_config

BEFORE = "525dd927fc88"
AT = "2026-11-20T10:00:00+00:00"


def _insert(conn, id_: str, status: str, history: list[dict]) -> None:
    conn.execute(
        text(
            "INSERT INTO applications (id, applicant_id, cycle_id, scheme_id, applicant_type, sending_country,"
            " choices, language_certificates, statement, status, active, history, created_at, updated_at)"
            " VALUES (:id, :id, 'c', 's', 'student', 'KZ', '[]', '[]', '', :status, 1, :history,"
            " '2026-11-20 10:00:00', '2026-11-20 10:00:00')"
        ),
        {"id": id_, "status": status, "history": json.dumps(history)},
    )


def _read(conn, id_: str) -> tuple[str, list[dict]]:
    row = conn.execute(text("SELECT status, history FROM applications WHERE id = :id"), {"id": id_}).one()
    return row.status, json.loads(row.history)


def test_matched_becomes_under_review_and_internal_reasons_leave_the_applicants_history(tmp_path):
    cfg = alembic_config(MIGRATIONS, url=f"sqlite:///{tmp_path}/applications.db")
    command.upgrade(cfg, BEFORE)
    engine = create_engine(f"sqlite:///{tmp_path}/applications.db")
    submitted = [{"status": "draft", "at": AT, "reason": None}, {"status": "submitted", "at": AT, "reason": None}]
    proposal = {"status": "matched", "at": AT, "reason": "proposed: xjmu-tcm (choice 1)"}
    rejection = {"status": "submitted", "at": AT, "reason": "match rejected: Transcript is not certified"}
    with engine.begin() as conn:
        _insert(conn, "a-matched", "matched", [*submitted, proposal])
        _insert(conn, "a-rejected", "submitted", [*submitted, proposal, rejection])
        _insert(conn, "a-unmatched", "unmatched", [*submitted, {"status": "unmatched", "at": AT, "reason": "full"}])

    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        status, history = _read(conn, "a-matched")
        assert status == "under_review"
        assert history[-1] == {
            "status": "under_review",
            "at": AT,
            "reason": "under review",
            "internal_reason": "proposed: xjmu-tcm (choice 1)",
        }
        status, history = _read(conn, "a-rejected")
        assert status == "submitted" and [h["status"] for h in history][-2:] == ["under_review", "submitted"]
        assert history[-1]["reason"] is None
        assert history[-1]["internal_reason"] == "match rejected: Transcript is not certified"
        assert _read(conn, "a-unmatched")[0] == "unmatched"

    command.downgrade(cfg, BEFORE)
    with engine.connect() as conn:
        assert _read(conn, "a-matched") == ("matched", [*submitted, proposal])
        assert _read(conn, "a-rejected") == ("submitted", [*submitted, proposal, rejection])
    engine.dispose()
