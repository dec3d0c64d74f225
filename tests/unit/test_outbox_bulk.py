"""Events encoded in bulk (``encode_events``) are byte for byte what ``add_event`` stages, and
``stage_rows`` / ``bulk_insert`` write them in order in the caller's transaction (SQLite:
executemany; PostgreSQL's COPY is tested in tests/integration/matching/test_rounds_bulk_store.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, select

from shared.db import Database
from shared.events.catalog import (
    ApplicationUnmatched,
    ChoiceReason,
    EventData,
    MatchProposed,
    RoundCompleted,
    spec_for,
    type_of,
)
from shared.events.envelope import Envelope, decode_message, encode_envelope
from shared.migrations import migrate
from shared.outbox import OUTBOX_COLUMNS, ce_time, encode_events, kafka_headers, outbox_row, stage_rows
from shared.tables import add_infra_tables

TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

EVENTS: list[EventData] = [
    MatchProposed(
        match_id="m1",
        round_id="r1",
        application_id="a1",
        applicant_id="s1",
        cycle_id="c1",
        programme_id="p1",
        host_institution_id="h1",
        rank=2,
        reasons=[
            ChoiceReason(
                programme_id="p0",
                reason="programme full: lowest held score 81.5 > yours 78",
                code="round.programme_full",
                params={"lowest": 81.5, "yours": 78},
            )
        ],
    ),
    ApplicationUnmatched(
        round_id="r1",
        application_id="a2",
        applicant_id="s2",
        cycle_id="c1",
        reasons=[
            ChoiceReason(
                programme_id="p9",
                reason="ineligible: nationality ÜZ — not eligible (汉语)",
                code="eligibility.nationality",
                params={"nationality": "ÜZ", "eligible": ["KZ", "UZ"]},
            ),
            ChoiceReason(programme_id="p8", reason="no code known"),
        ],
    ),
    RoundCompleted(round_id="r1", cycle_id="c1", seed=7, matched=1, waitlisted=0, unmatched=1, inputs_digest="d" * 64),
]


def _as_add_event_stages(row: tuple, source: str, traceparent: str | None) -> dict:
    """What add_event stages for the same event with this row's id and time."""
    values = dict(zip(OUTBOX_COLUMNS, row, strict=True))
    spec = spec_for(values["event_type"])
    data = spec.model.model_validate_json(values["payload"])
    env = Envelope(
        id=values["event_id"],
        source=source,
        type=values["event_type"],
        subject=values["key"],
        time=values["created_at"],
        data=data.model_dump(mode="json"),
        key=values["key"],
        traceparent=traceparent,
    )
    return outbox_row(env, spec.topic.value)


def test_bulk_encoded_events_are_byte_for_byte_what_add_event_stages():
    for traceparent in (None, TRACE):
        datas = [(type_of(e), e.model_dump(mode="json")) for e in EVENTS]
        rows = encode_events(datas, source="/corridor/matching", traceparent=traceparent)
        assert len(rows) == len(EVENTS)
        for row in rows:
            staged = _as_add_event_stages(row, "/corridor/matching", traceparent)
            values = dict(zip(OUTBOX_COLUMNS, row, strict=True))
            assert values["payload"] == staged["outbox_payload"]
            assert values["headers"] == staged["outbox_headers"]
            assert (values["topic"], values["key"], values["event_type"]) == (
                staged["outbox_topic"],
                staged["outbox_key"],
                staged["outbox_event_type"],
            )
            assert values["attempts"] == 0
    # keyed by the type's key field: the application for outcomes, the cycle for the round
    assert [r[2] for r in rows] == ["a1", "a2", "c1"]
    assert rows[0][1] == spec_for(type_of(EVENTS[0])).topic.value
    assert ("ce_traceparent", TRACE) == tuple(rows[0][4][-2:])


def test_non_ascii_data_is_escaped_as_json_dumps_does():
    (row,) = encode_events([(type_of(EVENTS[1]), EVENTS[1].model_dump(mode="json"))], source="/s")
    assert b"\\u00dcZ" in row[5] and "Ü".encode() not in row[5]


def test_every_event_gets_an_id_of_its_own():
    data = EVENTS[1].model_dump(mode="json")
    rows = encode_events([(type_of(EVENTS[1]), data)] * 500, source="/s")
    assert len({r[0] for r in rows}) == 500
    assert all(r[4][1] == r[0] for r in rows)  # ce_id is the row's event id


def test_ce_time_is_written_as_the_kafka_binding_writes_it():
    whole = datetime(2026, 12, 1, 3, 0, 0, tzinfo=UTC)  # no fraction: isoformat leaves it out
    fraction = datetime(2026, 12, 1, 3, 0, 0, 120, tzinfo=UTC)
    for at in (whole, fraction):
        env = Envelope(source="/s", type="t", time=at, data={})
        _key, _value, headers = encode_envelope(env)
        assert dict(headers)["ce_time"].decode() == ce_time(at)
    assert ce_time(whole) == "2026-12-01T03:00:00Z"


async def test_staged_rows_go_in_order_in_the_callers_transaction(tmp_path):
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/outbox.db", metadata)
    await migrate(db)
    try:
        rows = encode_events([(type_of(e), e.model_dump(mode="json")) for e in EVENTS], source="/s")
        async with db.session() as s:
            await stage_rows(s, tables, rows)
            assert s.info["outbox_dirty"] is True  # the relay is woken after the commit
            await s.rollback()
        async with db.session() as s:
            assert (await s.execute(select(tables.outbox))).all() == []
        async with db.session() as s, s.begin():
            await stage_rows(s, tables, rows)
        async with db.session() as s:
            stored = (
                await s.execute(
                    select(
                        tables.outbox.c.event_id, tables.outbox.c.key, tables.outbox.c.payload, tables.outbox.c.headers
                    ).order_by(tables.outbox.c.id)
                )
            ).all()
        assert [r.event_id for r in stored] == [r[0] for r in rows]
        decoded = [decode_message(r.key.encode(), r.payload, kafka_headers(r.headers)) for r in stored]
        assert [d.data for d in decoded] == [e.model_dump(mode="json") for e in EVENTS]
        assert [d.subject for d in decoded] == ["a1", "a2", "c1"]
    finally:
        await db.dispose()
