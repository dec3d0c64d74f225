"""A round's outcome notices in a consumer batch: each table's new rows (inbox entries, e-mail
and webhook rows, feed entries) and what each recipient was told written together when the
batch commits, each applicant told once, a batch that fails writing none of its rows, a
redelivered batch telling nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from services.notifications.domain.delivery import Channel
from services.notifications.models import InboxEntry, Notification, PartnerFeedEntry, Told
from services.notifications.service.fanout import _new_row
from shared.events.catalog import (
    ApplicationUnmatched,
    ApplicationWaitlisted,
    ChoiceReason,
    MatchApproved,
    WaitlistPosition,
    type_of,
)
from shared.kafka.consumer import PermanentError
from tests.unit.notifications.fakes import count, registered, submitted
from tests.unit.notifications.test_batched_path import LANGS, Statements, batch
from tests.unit.notifications.test_fanout import INST, OTHER_INST, catalog, consumer, db  # noqa: F401 - fixture

FULL = {"code": "round.programme_full", "params": {"lowest": 81.5, "yours": 78.0}}


def outcome(i: int):
    ids = {"round_id": "r1", "application_id": f"app-{i}", "applicant_id": f"stu-{i}", "cycle_id": "sco-2026"}
    if i % 3 == 0:
        return MatchApproved(**ids, match_id=f"m-{i}", programme_id="p1", host_institution_id=INST, rank=1)
    if i % 3 == 1:
        return ApplicationWaitlisted(
            **ids,
            positions=[WaitlistPosition(programme_id="p2", position=i)],
            reasons=[ChoiceReason(programme_id="p1", reason="programme full", **FULL)],
        )
    return ApplicationUnmatched(
        **ids, reasons=[ChoiceReason(programme_id=p, reason="programme full", **FULL) for p in ("p1", "p2")]
    )


async def applicants(c, n: int) -> None:
    people = range(n)
    assert await c.process_batch(
        batch(
            *(registered(f"stu-{i}", LANGS[i % 4]) for i in people),
            *(submitted(f"app-{i}", f"stu-{i}", ["p1", "p2"]) for i in people),
            start=10,
        )
    )


def inserts_into(statements: Statements, table: str) -> int:
    return sum(1 for s in statements.seen if s.startswith(f"insert into {table} "))


async def test_a_batch_of_outcomes_writes_each_tables_rows_in_one_statement(db):  # noqa: F811
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    await applicants(c, 9)
    inbox0, mail0, hooks0, feed0 = (
        await count(db, InboxEntry),
        await count(db, Notification, channel=Channel.EMAIL),
        await count(db, Notification, channel=Channel.WEBHOOK),
        await count(db, PartnerFeedEntry),
    )

    statements = Statements(db)
    try:
        assert await c.process_batch(batch(*(outcome(i) for i in range(9)), start=100))
    finally:
        statements.close()

    assert dead == [] and c.stats.batches == 2
    assert inserts_into(statements, "inbox_entries") == 1
    assert inserts_into(statements, "partner_feed") == 1
    assert inserts_into(statements, "partner_feed_unstreamed") == 1  # the partner-topic worker's queue
    assert inserts_into(statements, "notifications") <= 2  # e-mail and webhook rows differ in their columns
    assert inserts_into(statements, "told") == 1  # the applicants' and the partners', for the whole batch
    # the applicant's contact and the application's facts: one read per event, no other
    assert sum(1 for s in statements.seen if "left join contacts as c" in s) == 9
    assert statements.reads_of("contacts") == statements.reads_of("applications") == 0
    # The outcomes' handlers write nothing a notice reads of its applicant and application: a
    # batch of them has those read ahead (handlers.read_outcome_facts_ahead, PostgreSQL).
    for table in ("contacts", "applications", "award_steps"):
        assert not [
            t
            for t in statements.seen
            if t.startswith((f"insert into {table} ", f"update {table} ", f"delete from {table} "))
        ], table
    assert await count(db, InboxEntry) - inbox0 == 9
    assert await count(db, Notification, channel=Channel.EMAIL) - mail0 == 9
    # offers and waitlist places concern INST (subscribed); unmatched applications both institutions
    assert await count(db, PartnerFeedEntry) - feed0 == 3 + 3 + 3 * 2
    assert await count(db, Notification, channel=Channel.WEBHOOK) - hooks0 == 3 + 3
    async with db.session() as s:
        told = Counter(
            (e.recipient_id, e.event_type)
            for e in await s.scalars(select(InboxEntry).where(InboxEntry.source_event_id.notin_(["x"])))
            if e.event_type != "org.corridor.application.submitted.v1"
        )
        entry = await s.scalar(select(InboxEntry).where(InboxEntry.recipient_id == "stu-2", InboxEntry.id > inbox0))
    assert set(told.values()) == {1} and len(told) == 9
    assert entry is not None and entry.language == LANGS[2] and "TCM 3+2" in entry.body

    # the same batch again (redelivered): nothing told twice
    assert await c.process_batch(batch(*(outcome(i) for i in range(9)), start=100)) == 9
    assert await count(db, InboxEntry) - inbox0 == 9
    assert await count(db, Notification, channel=Channel.EMAIL) - mail0 == 9


async def test_a_batch_that_fails_writes_none_of_its_rows_and_the_rest_go_one_by_one(db):  # noqa: F811
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    await applicants(c, 4)
    waitlisted = type_of(ApplicationWaitlisted)
    handle = c.handlers[waitlisted]

    async def refusing(session, data, env):
        await handle(session, data, env)  # its rows are kept for the commit, which never comes
        if data.application_id == "app-1":
            raise PermanentError("this one cannot be applied")

    c.handlers = {**c.handlers, waitlisted: refusing}
    inbox0 = await count(db, InboxEntry)
    assert await c.process_batch(batch(*(outcome(i) for i in range(4)), start=100))

    assert len(dead) == 1 and "rejected by handler" in dead[0]
    assert c.stats.batches == 1  # the applicants' batch; the outcomes went one at a time
    async with db.session() as s:
        told = sorted(e.recipient_id for e in await s.scalars(select(InboxEntry).where(InboxEntry.id > inbox0)))
    assert told == ["stu-0", "stu-2", "stu-3"]
    assert await count(db, Notification, channel=Channel.EMAIL, recipient="stu-1") == 1  # the submission's only


async def test_an_outcome_for_an_applicant_without_a_contact_is_told_in_english_and_partners_get_its_facts(db):  # noqa: F811
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    await c.process_batch(batch(submitted("app-0", "stu-0", ["p1", "p2"]), start=10))  # no registration
    feed0 = await count(db, PartnerFeedEntry)
    assert await c.process_batch(batch(outcome(0), outcome(3), start=100))  # stu-3: neither contact nor application

    async with db.session() as s:
        entry = await s.scalar(
            select(InboxEntry).where(InboxEntry.recipient_id == "stu-0", InboxEntry.event_type.contains("approved"))
        )
        feed = list(await s.scalars(select(PartnerFeedEntry).where(PartnerFeedEntry.seq > feed0)))
    assert entry is not None and entry.language == "en" and "stu-0" in entry.body
    by_app = {f.payload["data"]["application_id"]: f.payload["data"] for f in feed}
    assert by_app["app-0"]["scheme_id"] == "sco" and by_app["app-0"]["sending_country"] == "KZ"
    assert by_app["app-3"]["scheme_id"] is None  # nothing stored of it: told without
    assert dead == []


async def test_notices_about_one_application_in_a_batch_are_each_compared_with_the_one_before(db):  # noqa: F811
    """Told once per change within a batch too: the same outcome twice tells once, a changed
    one tells again, and an outcome repeated from an earlier batch tells nobody."""
    c = consumer(db, [])
    await catalog(c, db)
    await applicants(c, 3)
    first = outcome(1)  # waitlisted, position 1
    moved = first.model_copy(update={"positions": [WaitlistPosition(programme_id="p2", position=7)]})
    inbox0 = await count(db, InboxEntry)
    feed0 = await count(db, PartnerFeedEntry)

    records = batch(first, first.model_copy(), moved, outcome(2), start=100)
    envelope_ids = [dict(r.headers)["ce_id"].decode() for r in records]
    assert await c.process_batch(records)
    assert c.stats.batches == 2  # the applicants' and this one: applied whole, in one transaction

    async with db.session() as s:
        entries = list(await s.scalars(select(InboxEntry).where(InboxEntry.id > inbox0).order_by(InboxEntry.id)))
        feed = list(
            await s.scalars(
                select(PartnerFeedEntry)
                .where(PartnerFeedEntry.seq > feed0, PartnerFeedEntry.event_type == "application.waitlisted")
                .order_by(PartnerFeedEntry.seq)
            )
        )
    assert [e.recipient_id for e in entries] == ["stu-1", "stu-1", "stu-2"]  # in the events' order
    assert "7" in entries[1].body
    assert [f.payload["data"].get("waitlist") for f in feed if f.payload["data"]["application_id"] == "app-1"] == [
        [{"programme_id": "p2", "position": 1}],
        [{"programme_id": "p2", "position": 7}],
    ]
    async with db.session() as s:
        told = await s.scalar(select(Told).filter_by(application_id="app-1", audience="applicant"))
    assert told is not None and told.source_event_id == envelope_ids[2]  # the last change told

    # a later batch repeating the last outcome (new event ids) tells nobody
    feed1 = await count(db, PartnerFeedEntry)
    assert await c.process_batch(batch(moved.model_copy(), outcome(2), start=200))
    assert await count(db, InboxEntry) - inbox0 == 3
    assert await count(db, PartnerFeedEntry) == feed1


def test_a_new_row_has_every_column_with_the_models_defaults():
    """A told notice's rows are written as columns, not entities: the same values the model
    would insert (its factories give fresh ids and times), and nothing required left out."""
    given = {"source_event_id": "e1", "event_type": "t", "channel": Channel.EMAIL, "recipient": "stu-1"}
    model, values = _new_row(Notification, **given, context={"cycle": "SCO"})
    entity = Notification(**given, context={"cycle": "SCO"})
    assert model is Notification and list(values) == [c.key for c in Notification.__table__.columns]
    fresh = {"id", "next_attempt_at", "created_at"}
    assert {k: v for k, v in values.items() if k not in fresh} == {
        c.key: getattr(entity, c.key) for c in Notification.__table__.columns if c.key not in fresh
    }
    assert values["id"].startswith("ntf_") and values["id"] != entity.id and values["status"] == "pending"
    _model, feed = _new_row(PartnerFeedEntry, institution_id=INST, source_event_id="e1", event_type="t", payload={})
    assert feed["seq"] is None and feed["message_id"].startswith("msg_") and feed["created_at"] is not None
    with pytest.raises(TypeError, match="subject is required"):
        _new_row(InboxEntry, recipient_id="stu-1", source_event_id="e1", event_type="t", body="b")
