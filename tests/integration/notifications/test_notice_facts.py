"""What a notice reads of its applicant, application and award step, on PostgreSQL: inside a
consumer's transaction by the driver (no SQLAlchemy statement), seeing what the transaction
wrote before it, flushed or not; before the transaction's first statement, the session's way."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

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


class DriverReads:
    """Counts the notice reads the driver runs (asyncpg's fetchrow with the notice's statement)."""

    def __init__(self, monkeypatch):
        import asyncpg

        from services.notifications.service import fanout

        self.count = 0
        fetchrow = asyncpg.connection.Connection.fetchrow

        async def counted(conn, query, *args, **kwargs):
            if query == fanout._NOTICE_FACTS_SQL:
                self.count += 1
            return await fetchrow(conn, query, *args, **kwargs)

        monkeypatch.setattr(asyncpg.connection.Connection, "fetchrow", counted)


async def _stored_outcomes(db, n: int) -> list[tuple[str, str, str | None]]:
    """``n`` applicants with applications, every third one's offer admitted; their facts' keys."""
    keys = []
    async with db.session() as s, s.begin():
        for i in range(n):
            s.add(
                Contact(
                    applicant_id=f"stu-ahead-{i}",
                    email=f"s{i}@example.kz",
                    name=f"S {i}",
                    language="en",
                    as_of=utcnow(),
                )
            )
            s.add(
                ApplicationRef(
                    application_id=f"app-ahead-{i}",
                    applicant_id=f"stu-ahead-{i}",
                    cycle_id="c1",
                    scheme_id="sco",
                    sending_country="PK" if i % 2 else "KZ",
                    applicant_type="student",
                )
            )
            step = f"admission:m-ahead-{i}" if i % 3 == 0 else None
            if step:
                s.add(AwardStep(step=step, application_id=f"app-ahead-{i}", version=1, state="admitted"))
            keys.append((f"stu-ahead-{i}", f"app-ahead-{i}", step))
    return keys


async def test_a_batchs_facts_read_ahead_are_what_each_notice_would_read(db, monkeypatch):
    from services.notifications.service.fanout import read_facts_ahead

    keys = await _stored_outcomes(db, 7) + [("stu-nobody", "app-nobody", None)]
    async with db.session() as s, s.begin():
        await s.execute(text("SELECT 1"))
        one_by_one = [await notice_facts(s, *key) for key in keys]
    reads = DriverReads(monkeypatch)
    async with db.session() as s:
        async with s.begin():
            await s.execute(text("SELECT 1"))  # a consumer's claim comes first
            await read_facts_ahead(s, keys)
            ahead = [await notice_facts(s, *key) for key in reversed(keys)][::-1]
            assert reads.count == 0  # every notice's facts handed out, none read again
            again = await notice_facts(s, *keys[0])  # each handed out once: a second notice reads
            assert reads.count == 1
            await read_facts_ahead(s, keys)
        async with s.begin():  # the session's next transaction reads for itself
            await s.execute(text("SELECT 1"))
            assert await notice_facts(s, *keys[1]) == one_by_one[1]
            assert reads.count == 2
    assert ahead == one_by_one and again == one_by_one[0]
    assert one_by_one[0].award_state == "admitted" and one_by_one[1].award_state is None
    assert one_by_one[-1] == NoticeFacts(None, None, None)


async def test_a_batch_with_anything_but_outcomes_reads_each_notices_facts_as_it_goes(db, monkeypatch):
    from datetime import date

    from services.notifications.handlers import read_outcome_facts_ahead
    from services.notifications.service.fanout import _FACTS_AHEAD
    from shared.events.catalog import ApplicantUpdated, ApplicationUnmatched, ApplicationWaitlisted, MatchApproved
    from shared.events.envelope import new_event

    keys = await _stored_outcomes(db, 3)
    waitlisted = ApplicationWaitlisted(
        application_id=keys[1][1], applicant_id=keys[1][0], cycle_id="c1", round_id="r1", positions=[], reasons=[]
    )
    unmatched = ApplicationUnmatched(
        application_id=keys[2][1], applicant_id=keys[2][0], cycle_id="c1", round_id="r1", reasons=[]
    )
    approved = MatchApproved(
        match_id="m-ahead-0",
        application_id=keys[0][1],
        applicant_id=keys[0][0],
        cycle_id="c1",
        round_id="r1",
        programme_id="p1",
        host_institution_id="i1",
        rank=1,
        reply_by=date(2027, 1, 1),
    )
    outcomes = [(e, new_event("t", e, source="/t", key=e.application_id)) for e in (approved, waitlisted, unmatched)]
    async with db.session() as s, s.begin():
        await s.execute(text("SELECT 1"))
        await read_outcome_facts_ahead(s, outcomes)
        assert set(s.info[_FACTS_AHEAD][1]) == set(keys)  # the offer's with its admission step
        assert (await notice_facts(s, *keys[0])).award_state == "admitted"

    contact = ApplicantUpdated(
        applicant_id=keys[1][0], email="new@example.kz", name="New", language="ru", nationality="KZ"
    )
    mixed = [(contact, new_event("t", contact, source="/t", key=contact.applicant_id)), *outcomes]
    async with db.session() as s, s.begin():
        await s.execute(text("SELECT 1"))
        await read_outcome_facts_ahead(s, mixed)
        assert not s.info.get(_FACTS_AHEAD)  # the contact's handler could change what they read


async def test_a_consumer_batch_of_outcomes_reads_its_notices_facts_in_one_statement(db, monkeypatch):
    """The service's consumer, wired as the app wires it, on PostgreSQL: a batch of a round's
    outcomes (offers, waitlist places, unmatched) reads the facts of all its notices at once,
    and each notice is in its applicant's language."""
    import asyncpg

    from services.notifications.app import create_app
    from services.notifications.handlers import read_outcome_facts_ahead
    from services.notifications.models import InboxEntry
    from services.notifications.service import fanout
    from tests.unit.notifications.fakes import settings
    from tests.unit.notifications.test_batched_path import LANGS, batch
    from tests.unit.notifications.test_fanout import catalog, consumer
    from tests.unit.notifications.test_round_outcomes_batched import applicants, outcome

    [spec] = [spec for spec in create_app(settings()).state.runtime.consumers if spec.name == "notify"]
    assert spec.read_ahead is read_outcome_facts_ahead

    dead: list[str] = []
    c = consumer(db, dead)
    c.read_ahead = spec.read_ahead
    await catalog(c, db)
    await applicants(c, 9)
    reads = DriverReads(monkeypatch)
    batches: list[int] = []
    fetch = asyncpg.connection.Connection.fetch

    async def counted(conn, query, *args, **kwargs):
        if query == fanout._FACTS_AHEAD_SQL:
            batches.append(len(args[0]))
        return await fetch(conn, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.connection.Connection, "fetch", counted)
    assert await c.process_batch(batch(*(outcome(i) for i in range(9)), start=100))
    assert dead == []
    assert batches == [9] and reads.count == 0  # one statement for the batch, none per notice
    async with db.session() as s:
        entries = {
            e.recipient_id: e
            for e in await s.scalars(
                select(InboxEntry).where(InboxEntry.event_type != "org.corridor.application.submitted.v1")
            )
            if e.recipient_id.startswith("stu-") and e.recipient_id[4:].isdigit()
        }
    assert sorted(entries) == [f"stu-{i}" for i in range(9)]
    assert all(entries[f"stu-{i}"].language == LANGS[i % 4] for i in range(9))
