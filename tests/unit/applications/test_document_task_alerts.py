"""Re-upload task alerts (issue 15) with fakes: the pure rule of which alert is due, and the
worker on a moved clock over an in-memory SQLite database, with the document.task_due
events it stages in the outbox: each alert once (also with a second worker), nothing once
the document was replaced or verified, nothing for a withdrawn application."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from services.applications.domain import task_alerts as rules
from services.applications.models import Application, Document, infra
from services.applications.service import documents
from services.applications.service.task_alerts import TaskAlerts
from tests.unit.applications.test_document_verification import OFFICER, _put
from tests.unit.applications.test_document_verification import db as db
from tests.unit.applications.test_service import SOURCE, Db, Ref, draft, submitted

DUE = date(2027, 3, 15)
END = datetime(2027, 3, 16, tzinfo=UTC)  # the last day is over at midnight UTC after it
DAYS = [3, 1]


# --- the rule (pure) ---


def test_the_task_closes_at_midnight_after_its_last_day_and_days_are_rounded_up():
    assert rules.closes_at(DUE) == END
    assert rules.days_left(END - timedelta(hours=30), DUE) == 2
    assert rules.days_left(END - timedelta(days=3), DUE) == 3
    assert rules.days_left(END + timedelta(hours=1), DUE) == 0


def test_reminders_on_their_days_then_passed_each_once():
    def due(now: datetime, sent=()):
        return rules.due(now, "rejected", False, DUE, DAYS, sent)

    assert due(END - timedelta(days=3, seconds=1)) is None
    assert due(END - timedelta(days=3)) == "near:3"
    assert due(END - timedelta(days=2), {"near:3"}) is None
    assert due(END - timedelta(hours=20), {"near:3"}) == "near:1"
    assert due(END - timedelta(hours=20), {"near:3", "near:1"}) is None
    assert due(END - timedelta(seconds=1), {"near:3", "near:1"}) is None  # still the last day
    assert due(END, {"near:3", "near:1"}) == "passed"
    assert due(END + timedelta(days=30), {"near:3", "near:1", "passed"}) is None


def test_a_missed_reminder_is_not_sent_late_only_the_latest():
    assert rules.due(END - timedelta(hours=5), "rejected", False, DUE, DAYS, ()) == "near:1"
    assert rules.due(END + timedelta(days=2), "rejected", False, DUE, DAYS, ()) == "passed"


@pytest.mark.parametrize(
    ("state", "superseded", "due_on"),
    [("rejected", True, DUE), ("verified", False, DUE), ("pending", False, DUE), ("rejected", False, None)],
)
def test_no_alert_once_replaced_or_verified_or_without_a_deadline(state, superseded, due_on):
    for now in (END - timedelta(days=1), END + timedelta(days=1)):
        assert rules.due(now, state, superseded, due_on, DAYS, ()) is None


# --- the worker, with a fake database and a moved clock ---


class FakeDatabase:
    def __init__(self, db: Db):
        self.sessions = db.sessions

    def session(self):
        return self.sessions()


def _worker(db: Db) -> TaskAlerts:
    return TaskAlerts(FakeDatabase(db), infra, DAYS, SOURCE)


async def _rejected(db: Db, folder) -> tuple[Ref, Document]:
    ref = await draft(db, ["easy"])
    first = await _put(db, ref, folder)
    await submitted(db, ref)
    async with db.tx() as s:
        await documents.reject(
            s, infra, OFFICER, ref.id, first.id, reason="not_attested", note="", due_on=None, source=SOURCE
        )
        await s.execute(update(Document).where(Document.id == first.id).values(due_on=DUE))
    return ref, first


async def _alerts(db: Db) -> list[dict]:
    return [e.data or {} for e in await db.outbox() if e.type == "org.corridor.document.task_due.v1"]


async def test_the_worker_reminds_twice_then_tells_the_deadline_passed_each_alert_once(db, tmp_path):
    ref, doc = await _rejected(db, tmp_path)
    worker, other = _worker(db), _worker(db)  # a second instance, as after a restart
    assert await worker.step(END - timedelta(days=10)) == 0
    assert await worker.step(END - timedelta(days=3)) == 1
    assert await worker.step(END - timedelta(days=3)) == 0
    assert await other.step(END - timedelta(days=2)) == 0
    assert await other.step(END - timedelta(hours=20)) == 1
    assert await worker.step(END - timedelta(hours=2)) == 0
    assert await worker.step(END + timedelta(minutes=5)) == 1
    assert await other.step(END + timedelta(days=1)) == 0
    assert await worker.step(END + timedelta(days=40)) == 0

    alerts = await _alerts(db)
    assert [(a["alert"], a["days_left"]) for a in alerts] == [("near", 3), ("near", 1), ("passed", 0)]
    first = alerts[0]
    assert first["document_id"] == doc.id and first["kind"] == "transcript" and first["due_on"] == "2027-03-15"
    assert first["applicant_id"] == ref.applicant_id and first["application_id"] == ref.id
    assert [e.key for e in await db.outbox() if e.type.endswith("task_due.v1")] == [ref.id] * 3


async def test_nothing_after_the_re_upload(db, tmp_path):
    ref, doc = await _rejected(db, tmp_path)
    worker = _worker(db)
    assert await worker.step(END - timedelta(days=3)) == 1
    await _put(db, ref, tmp_path, kind=None, replaces=doc.id)
    for now in (END - timedelta(hours=20), END + timedelta(hours=1), END + timedelta(days=5)):
        assert await worker.step(now) == 0
    assert [a["alert"] for a in await _alerts(db)] == ["near"]


async def test_nothing_once_an_officer_verified_it_after_all(db, tmp_path):
    ref, doc = await _rejected(db, tmp_path)
    async with db.tx() as s:
        await documents.verify(s, infra, OFFICER, ref.id, doc.id, source=SOURCE)
    assert await _worker(db).step(END + timedelta(hours=1)) == 0
    assert await _alerts(db) == []


async def test_nothing_for_a_withdrawn_application(db, tmp_path):
    ref, _doc = await _rejected(db, tmp_path)
    async with db.tx() as s:
        await s.execute(update(Application).where(Application.id == ref.id).values(status="withdrawn"))
    assert await _worker(db).step(END + timedelta(hours=1)) == 0
    assert await _alerts(db) == []
