"""What a notice reads of its applicant, application and award step, on PostgreSQL: inside a
consumer's transaction by the driver (no SQLAlchemy statement), seeing what the transaction
wrote before it, flushed or not; before the transaction's first statement, the session's way."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from services.notifications.models import ApplicationRef, AwardStep, Contact
from services.notifications.service.fanout import NoticeFacts, StoredApplication, notice_facts
from shared.clock import utcnow

pytestmark = pytest.mark.integration


def statements_of(db) -> tuple[list[str], object]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    return seen, record


async def test_a_notice_reads_what_its_transaction_wrote_by_the_driver(db):
    seen, record = statements_of(db)
    try:
        async with db.session() as s, s.begin():
            await s.execute(text("SELECT 1"))  # a consumer's claim comes first
            s.add(Contact(applicant_id="stu-facts", email="a@example.kz", name="Алия", language="ru", as_of=utcnow()))
            await s.flush()
            s.add(  # pending: flushed before the read, as the session's own read would
                ApplicationRef(
                    application_id="app-facts",
                    applicant_id="stu-facts",
                    cycle_id="c1",
                    scheme_id="sco",
                    sending_country="KZ",
                    applicant_type="student",
                )
            )
            s.add(AwardStep(step="admission:m1", application_id="app-facts", version=1, state="admitted"))
            before = len(seen)
            facts = await notice_facts(s, "stu-facts", "app-facts", award_step="admission:m1")
            read = [t for t in seen[before:] if t.lstrip().upper().startswith("SELECT")]
            unknown = await notice_facts(s, "stu-nobody", "app-nobody")
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
    assert facts == NoticeFacts(("Алия", "ru"), StoredApplication("sco", "KZ", "student"), "admitted")
    assert read == []  # not through SQLAlchemy
    assert unknown == NoticeFacts(None, None, None)
    async with db.session() as s:  # the pending rows flushed for the read, committed with the rest
        assert await s.get(ApplicationRef, "app-facts") is not None


async def test_before_the_transactions_first_statement_the_session_reads_it(db):
    async with db.session() as s, s.begin():
        s.add(Contact(applicant_id="stu-first", email="b@example.kz", name="Bo", language="zh", as_of=utcnow()))
    async with db.session() as s, s.begin():  # nothing run yet: the driver has no transaction
        seen, record = statements_of(db)
        try:
            facts = await notice_facts(s, "stu-first", "app-none")
        finally:
            event.remove(db.engine.sync_engine, "before_cursor_execute", record)
    assert facts == NoticeFacts(("Bo", "zh"), None, None)
    assert [t for t in seen if "award_steps" in t]  # the session's own statement
