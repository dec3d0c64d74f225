"""A consumer batch's new rows on PostgreSQL: kept until the commit, then each table's rows in
one COPY (not an INSERT per row), in the order they were added, with the models' defaults and
JSON columns as given; a transaction that rolls back writes none of them. What each recipient
was told (``told``) is recorded for the whole batch in one statement."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import event, select
from sqlmodel import col

from services.notifications.domain.told import Audience, fingerprint
from services.notifications.models import InboxEntry, Notification, PartnerFeedEntry, Told
from services.notifications.service import fanout
from services.notifications.service.fanout import _add_at_commit, _new_row, _tell_once
from services.notifications.service.references import first_times_told, told_values
from shared.clock import utcnow

pytestmark = pytest.mark.integration


def feed_entry(n: int) -> PartnerFeedEntry:
    payload = {"type": "application.waitlisted", "data": {"application_id": f"app-{n}", "positions": [n, n + 1]}}
    return PartnerFeedEntry(
        institution_id="inst-copy", source_event_id=f"evt-{n}", event_type="application.waitlisted", payload=payload
    )


def inbox_rows(n: int) -> list:
    return [
        _new_row(
            InboxEntry,
            recipient_id="stu-copy",
            source_event_id=f"evt-{n}",
            event_type="application.waitlisted",
            subject=f"Notice {n}",
            body="Wait for the list / 等待名单",
            language="zh",
        ),
        _new_row(
            Notification,
            id=f"ntf-copy-{n}",
            source_event_id=f"evt-{n}",
            event_type="application.waitlisted",
            channel="email",
            recipient="stu-copy",
            template="waitlisted",
            context={"cycle": "SCO 2027", "positions": [{"programme": "Medicine", "position": n}]},
        ),
    ]


async def test_a_batchs_rows_go_in_one_copy_per_table_in_order_with_their_defaults(db):
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        async with db.session() as s, s.begin():
            for n in range(300):
                _add_at_commit(s, feed_entry(n))
                await _tell_once(
                    s, Audience.APPLICANT, f"app-{n}", "stu-copy", {"n": n}, f"evt-{n}", lambda n=n: inbox_rows(n), ""
                )
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert not [t for t in statements if t.lstrip().upper().startswith("INSERT INTO PARTNER_FEED")]
    assert not [t for t in statements if t.lstrip().upper().startswith("INSERT INTO INBOX_ENTRIES")]

    async with db.session() as s:
        feed = list(
            await s.scalars(
                select(PartnerFeedEntry)
                .where(col(PartnerFeedEntry.institution_id) == "inst-copy")
                .order_by(col(PartnerFeedEntry.seq))
            )
        )
        inbox = list(
            await s.scalars(
                select(InboxEntry).where(col(InboxEntry.recipient_id) == "stu-copy").order_by(col(InboxEntry.id))
            )
        )
        mail = await s.get(Notification, "ntf-copy-7")
    assert [e.source_event_id for e in feed] == [f"evt-{n}" for n in range(300)]  # numbered in the order added
    assert feed[5].payload == {
        "type": "application.waitlisted",
        "data": {"application_id": "app-5", "positions": [5, 6]},
    }
    assert len({e.message_id for e in feed}) == 300 and all(e.message_id.startswith("msg") for e in feed)
    assert all(e.created_at is not None for e in feed)
    assert [e.subject for e in inbox] == [f"Notice {n}" for n in range(300)]
    assert inbox[0].body == "Wait for the list / 等待名单" and inbox[0].read_at is None
    assert mail is not None and mail.status == "pending" and mail.attempts == 0
    assert mail.context == {"cycle": "SCO 2027", "positions": [{"programme": "Medicine", "position": 7}]}


async def test_a_commit_whose_second_copy_fails_writes_none_of_the_first(db):
    """The feed entries go first; the e-mail rows after them clash (one id twice): the commit
    fails and the feed entries already copied in its transaction are gone with it."""

    def clashing(n: int) -> list:
        return [_new_row(Notification, **{**inbox_rows(n)[1][1], "id": "ntf-clash"})]

    with pytest.raises(asyncpg.exceptions.UniqueViolationError):
        async with db.session() as s, s.begin():
            for n in range(3000, 3010):
                _add_at_commit(s, feed_entry(n))
            for n in (3000, 3001):
                await _tell_once(
                    s, Audience.APPLICANT, f"app-{n}", "stu-clash", {"n": n}, f"evt-{n}", lambda n=n: clashing(n), ""
                )
    async with db.session() as s:
        feed = list(
            await s.scalars(
                select(PartnerFeedEntry.seq).where(
                    col(PartnerFeedEntry.institution_id) == "inst-copy",
                    col(PartnerFeedEntry.source_event_id).in_([f"evt-{n}" for n in range(3000, 3010)]),
                )
            )
        )
        mail = await s.get(Notification, "ntf-clash")
    assert feed == [] and mail is None


async def test_rows_kept_in_a_transaction_that_ran_no_statement_are_copied_inside_it(db, monkeypatch):
    """COPY goes on the driver's connection, which begins the session's transaction only with
    a first statement: without one it would commit on its own, whatever the session did."""
    seen: list[bool] = []
    copy = fanout.copy_records

    async def watched(driver, *args, **kwargs):
        seen.append(driver.is_in_transaction())
        await copy(driver, *args, **kwargs)

    monkeypatch.setattr(fanout, "copy_records", watched)
    async with db.session() as s, s.begin():
        _add_at_commit(s, feed_entry(2000))
    assert seen == [True]
    async with db.session() as s:
        assert await s.scalar(select(PartnerFeedEntry.seq).where(col(PartnerFeedEntry.source_event_id) == "evt-2000"))


async def test_a_batchs_told_records_go_in_one_statement_and_only_news_is_told(db):
    """PostgreSQL records a batch's ``told`` rows in one execution (the rows as arrays): a key
    never told is told, one last told the same is not (its record kept as it was), one last
    told something else is told and its record replaced; many keys in key order."""

    def told_of(event_id: str, contents: dict[str, dict]) -> list[dict]:
        now = utcnow()
        return [
            told_values(Audience.APPLICANT, app, f"stu-{app}", fingerprint(c), event_id, now)
            for app, c in contents.items()
        ]

    many = {f"app-told-{n:04d}": {"status": "waitlisted", "n": n} for n in range(1500)}
    async with db.session() as s, s.begin():
        first = await s.run_sync(first_times_told, told_of("e1", many))
    assert len(first) == 1500

    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    later = {
        **{k: v for k, v in list(many.items())[:1000]},
        **{f"app-told-{n:04d}": {"status": "offered"} for n in (3, 7)},
    }
    later["app-told-new"] = {"status": "waitlisted"}
    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        async with db.session() as s, s.begin():
            again = await s.run_sync(first_times_told, list(reversed(told_of("e2", later))))
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert again == {(a, "applicant", f"stu-{a}") for a in ("app-told-0003", "app-told-0007", "app-told-new")}
    assert len([t for t in statements if "told" in t.lower()]) == 1
    async with db.session() as s:
        told = {
            t.application_id: (t.source_event_id, t.fingerprint)
            for t in await s.scalars(select(Told).where(col(Told.application_id).like("app-told-%")))
        }
    assert len(told) == 1501
    assert told["app-told-0003"] == ("e2", fingerprint({"status": "offered"}))
    assert told["app-told-0004"] == ("e1", fingerprint(many["app-told-0004"]))  # the same said: kept
    assert told["app-told-new"][0] == "e2" and told["app-told-1499"][0] == "e1"
