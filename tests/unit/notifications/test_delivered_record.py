"""Storing an e-mail's outcome: tries counted, retried while the database is away, and an
addressee's contact that arrives while the e-mail is out."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.models import Notification, infra
from services.notifications.service.deliveries import retry_emails_now
from services.notifications.service.dispatcher import Outcome, refused
from shared.clock import aware, utcnow
from tests.unit.notifications.fakes import FakeEmailSender, outbox_types
from tests.unit.notifications.test_dispatcher import DELIVERED, add, contact, dispatcher, email_row, rows
from tests.unit.notifications.test_outcome_store import claimed


async def outbox_data(db) -> list[dict]:
    async with db.session() as s:
        payloads = await s.scalars(select(infra.outbox.c.payload).order_by(infra.outbox.c.id))
        return [json.loads(p) for p in payloads]  # binary mode: the payload is the event's data


async def test_a_retried_email_counts_its_tries_and_a_failure_still_goes_the_general_way(db):
    email = FakeEmailSender(refuse={"bob@example.kz"})
    await add(db, contact("ann"), contact("bob"), email_row("ann"), email_row("bob"))
    async with db.session() as s, s.begin():  # ann's first try failed earlier
        row = await s.scalar(select(Notification).filter_by(recipient="ann"))
        row.attempts, row.last_error = 1, "smtp: timeout"
    d = dispatcher(db, email, retry_schedule_seconds=[30])

    assert await d.dispatch_once() == 2

    by = await rows(db)
    assert (by["ann"].status, by["ann"].attempts, by["ann"].last_error) == (DeliveryStatus.DELIVERED, 2, None)
    assert (by["bob"].status, by["bob"].attempts) == (DeliveryStatus.PENDING, 1)
    assert "550" in by["bob"].last_error
    [delivered] = await outbox_data(db)
    assert delivered["recipient"] == "ann" and delivered["attempts"] == 2


async def test_a_delivered_outcome_is_stored_once_the_database_is_back(db, monkeypatch):
    email = FakeEmailSender()
    await add(db, contact("ann"), email_row("ann"))
    d = dispatcher(db, email)
    real = d.record_many
    failures = []

    async def away_once(outcomes, **kw) -> None:
        if not failures:
            failures.append(outcomes)
            raise OperationalError("UPDATE notifications", {}, ConnectionRefusedError("database away"))
        await real(outcomes, **kw)

    monkeypatch.setattr(d, "record_many", away_once)
    assert await d.dispatch_once() == 1

    assert len(failures) == 1 and len(email.sent) == 1  # sent once, stored on the second go
    assert (await rows(db))["ann"].status == DeliveryStatus.DELIVERED
    assert await outbox_types(db) == [DELIVERED]


async def test_an_outcome_the_database_refuses_holds_up_none_stored_with_it(db, monkeypatch):
    """Outcomes stored together (a webhook lane's) fall back to one transaction each when the
    database refuses the group: the others are stored; the refused one is tried again (left
    to its lease, its message would go again each time the lease ran out)."""
    await add(db, *(contact(n) for n in ("ann", "bob", "cem")), *(email_row(n) for n in ("ann", "bob", "cem")))
    d = dispatcher(db)
    by = await claimed(d)
    by_id = {row.id: name for name, row in by.items()}
    real = d.record_many
    tried: list[list[str]] = []

    async def refusing_bob_twice(outcomes, **kw) -> None:
        names = sorted(by_id[o.notification_id] for o in outcomes)
        tried.append(names)
        if "bob" in names and tried.count(["bob"]) < 3 and len(tried) < 5:
            raise IntegrityError("UPDATE notifications", {}, ValueError("bob's row refused"))
        await real(outcomes, **kw)

    monkeypatch.setattr(d, "record_many", refusing_bob_twice)
    await d._record_until_stored([Outcome(row.id, status_code=250, claimed=row) for row in by.values()])

    # the group once, then each alone: bob refused twice more, stored on the third go
    assert tried == [["ann", "bob", "cem"], ["ann"], ["bob"], ["bob"], ["bob"], ["cem"]]
    now = await rows(db)
    assert all(now[n].status == DeliveryStatus.DELIVERED and now[n].attempts == 1 for n in ("ann", "bob", "cem"))
    assert await outbox_types(db) == [DELIVERED] * 3


class _Refusal(Exception):
    def __init__(self, sqlstate: str):
        self.sqlstate = sqlstate


def test_only_a_statement_refused_as_it_is_counts_as_refused():
    def error(sqlstate: str) -> DBAPIError:
        return DBAPIError("UPDATE notifications", {}, _Refusal(sqlstate))

    assert refused(IntegrityError("INSERT", {}, ValueError("duplicate")))
    assert refused(error("22001"))  # a value too long (asyncpg's adapter: a plain DBAPIError)
    assert refused(error("23505")) and refused(error("42P01"))
    assert not refused(error("57P01"))  # the server shutting down
    assert not refused(error("40P01"))  # a deadlock: another try goes through
    assert not refused(OperationalError("UPDATE", {}, ConnectionRefusedError("database away")))
    assert not refused(TimeoutError())


async def test_a_refused_email_leaves_no_delivery_written_before_it(db):
    """The delivery written before sending is rolled back when the server refuses: one
    failed try, no notification.delivered event."""
    email = FakeEmailSender(refuse={"ann@example.kz"})
    await add(db, contact("ann"), email_row("ann"))
    d = dispatcher(db, email, retry_schedule_seconds=[30])

    assert await d.dispatch_once() == 1

    row = (await rows(db))["ann"]
    assert (row.status, row.attempts, row.delivered_at) == (DeliveryStatus.PENDING, 1, None)
    assert await outbox_types(db) == []
    assert (d.stats.delivered, d.stats.failed_tries) == (0, 1)


async def test_a_contact_that_arrives_after_the_claim_is_used_for_the_first_try(db, monkeypatch):
    """The contacts are read when a batch is claimed; one that arrived since (its registration
    was on another partition) is read again before the row's turn instead of failing the try."""
    email = FakeEmailSender()
    await add(db, contact("ann", "ur"), email_row("ann"))
    d = dispatcher(db, email)
    real = d._contacts
    calls: list[int] = []

    async def not_yet_at_the_claim(rows):
        calls.append(len(list(rows)))
        return {} if len(calls) == 1 else await real(rows)

    monkeypatch.setattr(d, "_contacts", not_yet_at_the_claim)
    assert await d.dispatch_once() == 1

    assert calls == [1, 1]
    [mail] = email.sent
    assert mail["To"] == "ann@example.kz" and mail["Content-Language"] == "ur"
    row = (await rows(db))["ann"]
    assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.DELIVERED, 1, None)


async def test_a_contact_committed_while_the_email_was_out_costs_no_try(db, monkeypatch):
    """Neither the claim nor the second look saw the contact (the consumer's batch holding it
    had not committed), but it is stored by the time the outcome is: nothing was sent, so no
    try is counted and the e-mail is due at once, not after the retry delay."""
    email = FakeEmailSender()
    await add(db, contact("ann", "zh"), email_row("ann"))
    d = dispatcher(db, email, retry_schedule_seconds=[30])
    real = d._contacts

    async def not_yet(_rows):
        return {}

    monkeypatch.setattr(d, "_contacts", not_yet)
    assert await d.dispatch_once() == 1
    row = (await rows(db))["ann"]
    assert (row.status, row.attempts, email.sent) == (DeliveryStatus.PENDING, 0, [])
    assert aware(row.next_attempt_at) <= utcnow() and row.claimed_until is None
    assert d.stats.failed_tries == 0 and await outbox_types(db) == []

    monkeypatch.setattr(d, "_contacts", real)
    assert await d.dispatch_once() == 1
    [mail] = email.sent
    assert mail["Content-Language"] == "zh"
    row = (await rows(db))["ann"]
    assert (row.status, row.attempts) == (DeliveryStatus.DELIVERED, 1)


async def test_without_a_contact_the_try_counts_and_waits_its_delay(db):
    d = dispatcher(db, retry_schedule_seconds=[30], retry_jitter=0)
    await add(db, email_row("nobody"))
    assert await d.dispatch_once() == 1
    row = (await rows(db))["nobody"]
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
    assert "no contact known" in row.last_error and aware(row.next_attempt_at) > utcnow()
    assert d.stats.failed_tries == 1


async def test_a_contacts_arrival_touches_the_waiting_and_the_out_emails_only(db):
    """Waiting for a retry: due now. Being sent: touched (on PostgreSQL that holds its lock
    until the contact commits). Never tried, another applicant's, or delivered: unchanged."""
    later = utcnow() + timedelta(seconds=30)
    waiting, out, fresh, other, done = (
        email_row("ann", "e1"),
        email_row("ann", "e2"),
        email_row("ann", "e3"),
        email_row("bob", "e4"),
        email_row("ann", "e5"),
    )
    waiting.attempts, waiting.next_attempt_at = 1, later
    out.status, out.next_attempt_at = DeliveryStatus.SENDING, later
    other.attempts, other.next_attempt_at = 1, later
    done.status, done.attempts, done.next_attempt_at = DeliveryStatus.DELIVERED, 1, later
    await add(db, waiting, out, fresh, other, done)
    async with db.session() as s, s.begin():
        assert await retry_emails_now(s, "ann") == 2
    async with db.session() as s:
        due = {n.source_event_id: aware(n.next_attempt_at) <= utcnow() for n in await s.scalars(select(Notification))}
    assert due == {"e1": True, "e2": True, "e3": True, "e4": False, "e5": False}
