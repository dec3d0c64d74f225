"""On PostgreSQL an e-mail's delivery is written before the message goes and committed the
moment the server accepts it (services/notifications/service/dispatcher.py
``_email_stored_on_acceptance``): while the message is out its row is locked and the
delivery not visible; a refusal rolls it back; a COMMIT that fails after the acceptance is
stored again until it is stored, and the message is not sent twice."""

from __future__ import annotations

import asyncio
import json

import pytest
from asyncpg import ConnectionDoesNotExistError
from sqlalchemy import event, select, text
from sqlalchemy.exc import OperationalError

from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.models import infra
from services.notifications.service.dispatcher import Dispatcher, _HeldConnection
from shared.db import Database
from tests.support.deliveries import held_statements
from tests.unit.notifications.fakes import FakeEmailSender, outbox_types, settings
from tests.unit.notifications.test_dispatcher import DELIVERED, add, contact, dispatcher, email_row, rows

pytestmark = pytest.mark.integration


class HookedSender(FakeEmailSender):
    """The fake server, calling ``before`` ahead of each message and ``after`` once it is accepted."""

    def __init__(self, before=None, after=None, **kw):
        super().__init__(**kw)
        self.before, self.after = before, after

    def connection(self):
        sender, inner = self, super().connection()

        class Hooked:
            async def __aenter__(self):
                self.smtp = await inner.__aenter__()
                return self

            async def __aexit__(self, *exc):
                return await inner.__aexit__(*exc)

            async def send(self, mail):
                if sender.before is not None:
                    await sender.before()
                await self.smtp.send(mail)
                if sender.after is not None:
                    await sender.after()

        return Hooked()


class WatchingSender(HookedSender):
    """Before accepting a message, reads from another connection what the database holds."""

    def __init__(self, db: Database, **kw):
        super().__init__(before=self.watch, **kw)
        self.db = db
        self.seen: list[tuple[str, int]] = []

    async def watch(self) -> None:
        async with self.db.session() as s:
            status = await s.scalar(text("SELECT status FROM notifications"))
            locked = await s.scalar(
                text("SELECT count(*) FROM (SELECT 1 FROM notifications FOR UPDATE SKIP LOCKED) AS free")
            )
        self.seen.append((status, int(locked or 0)))


async def test_while_the_message_is_out_its_delivery_is_written_but_not_committed(db):
    email = WatchingSender(db)
    await add(db, contact("ann"), email_row("ann"))
    d = dispatcher(db, email)

    assert await d.dispatch_once() == 1

    # as the server got it: the row still 'sending' to everyone else, and locked (not free)
    assert email.seen == [(DeliveryStatus.SENDING.value, 0)]
    assert len(email.sent) == 1
    assert (await rows(db))["ann"].status == DeliveryStatus.DELIVERED
    assert await outbox_types(db) == [DELIVERED]


async def test_a_refused_message_leaves_one_failed_try_and_no_delivery(db):
    email = FakeEmailSender(refuse={"ann@example.kz"})
    await add(db, contact("ann"), email_row("ann"))
    d = dispatcher(db, email, retry_schedule_seconds=[30])

    assert await d.dispatch_once() == 1

    row = (await rows(db))["ann"]
    assert (row.status, row.attempts, row.delivered_at) == (DeliveryStatus.PENDING, 1, None)
    assert await outbox_types(db) == []
    assert (d.stats.delivered, d.stats.failed_tries) == (0, 1)


async def test_a_commit_lost_after_the_acceptance_is_stored_again_and_not_resent(db, monkeypatch):
    email = FakeEmailSender()
    await add(db, contact("ann"), email_row("ann"))
    d = dispatcher(db, email)
    real_commit, real_record = _HeldConnection.commit, d.record_many
    failures: list[int] = []
    records: list[list[str | None]] = []

    async def away_once(self) -> None:  # the delivery's COMMIT, after the server accepted
        if email.sent and not failures:
            failures.append(len(email.sent))
            raise ConnectionDoesNotExistError("connection was closed in the middle of operation")
        await real_commit(self)

    async def record(outcomes, **kw) -> None:
        records.append([o.error for o in outcomes])
        if len(records) == 1:  # still away on the first try
            raise OperationalError("UPDATE notifications", {}, ConnectionRefusedError("database away"))
        await real_record(outcomes, **kw)

    monkeypatch.setattr(_HeldConnection, "commit", away_once)
    monkeypatch.setattr(d, "record_many", record)
    assert await d.dispatch_once() == 1

    assert failures == [1] and len(email.sent) == 1  # sent once, stored on the third go
    assert records == [[None], [None]]
    assert (await rows(db))["ann"].status == DeliveryStatus.DELIVERED
    assert await outbox_types(db) == [DELIVERED]
    async with db.session() as s:
        [payload] = await s.scalars(select(infra.outbox.c.payload))
    assert json.loads(payload)["attempts"] == 1
    assert d.stats.delivered == 1


async def test_a_commit_that_went_through_and_lost_its_answer_is_not_stored_twice(db, monkeypatch):
    """The COMMIT reached the database, its answer did not: storing the outcome again finds
    the row delivered and leaves it (one try, one event), and the message is not resent."""
    email = FakeEmailSender()
    await add(db, contact("ann"), email_row("ann"))
    d = dispatcher(db, email)
    real_commit = _HeldConnection.commit

    async def committed_answer_lost(self) -> None:
        await real_commit(self)
        raise ConnectionDoesNotExistError("connection was closed in the middle of operation")

    monkeypatch.setattr(_HeldConnection, "commit", committed_answer_lost)
    assert await d.dispatch_once() == 1

    assert len(email.sent) == 1
    row = (await rows(db))["ann"]
    assert (row.status, row.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert await outbox_types(db) == [DELIVERED]


async def test_each_commit_begins_the_next_deliverys_transaction_in_the_same_round_trip(db):
    """A group of five: one BEGIN, five ``COMMIT; BEGIN`` and one ROLLBACK of the transaction
    begun ahead for a sixth that never came (was: a BEGIN and a COMMIT each); the connection
    goes back to the pool with no transaction open."""
    email = FakeEmailSender()
    people = ("ann", "bob", "cem", "dan", "eve")
    await add(db, *(contact(a) for a in people), *(email_row(a) for a in people))
    d = dispatcher(db, email, dispatch_concurrency=1)
    with held_statements() as simple:
        assert await d.dispatch_once() == 5

    assert simple == ["BEGIN"] + ["COMMIT; BEGIN"] * 5 + ["ROLLBACK"]
    by = await rows(db)
    assert all(by[a].status == DeliveryStatus.DELIVERED and by[a].attempts == 1 for a in people)
    assert await outbox_types(db) == [DELIVERED] * 5
    for _ in range(3):  # whichever pooled connection comes next
        async with db.engine.connect() as conn:
            assert not (await conn.get_raw_connection()).driver_connection.is_in_transaction()


async def test_a_groups_deliveries_share_one_database_connection_each_committed_with_its_event(db):
    email = FakeEmailSender()
    people = ("ann", "bob", "cem", "dan", "eve")
    await add(db, *(contact(a) for a in people), *(email_row(a) for a in people))
    d = dispatcher(db, email, dispatch_concurrency=1)
    checkouts: list[int] = []
    listen = lambda *_: checkouts.append(1)  # noqa: E731
    event.listen(db.engine.sync_engine.pool, "checkout", listen)
    try:
        assert await d.dispatch_once() == 5
    finally:
        event.remove(db.engine.sync_engine.pool, "checkout", listen)

    # the e-mails' claim, the contacts, one connection for the five deliveries (was one per
    # e-mail), and the webhooks' claim (none due)
    assert len(checkouts) == 4
    assert len(email.sent) == 5
    by = await rows(db)
    assert all(by[a].status == DeliveryStatus.DELIVERED and by[a].attempts == 1 for a in people)
    async with db.session() as s:
        payloads = [json.loads(p) for p in await s.scalars(select(infra.outbox.c.payload))]
    assert sorted(p["notification_id"] for p in payloads) == sorted(by[a].id for a in people)
    assert await outbox_types(db) == [DELIVERED] * 5


async def test_a_connection_lost_mid_group_is_replaced_and_no_message_goes_twice(db):
    """The group's connection is cut while a message is out (its delivery written, not
    committed): that delivery is stored again on a fresh connection, the next e-mails take
    a fresh one too."""
    people = ("ann", "bob", "cem")
    cut: list[int] = []

    async def cut_after_the_second() -> None:
        if len(email.sent) == 2:  # accepted; its COMMIT will find the connection gone
            async with db.session() as s:
                cut.append(
                    await s.scalar(
                        text(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                    )
                )

    email = HookedSender(after=cut_after_the_second)
    await add(db, *(contact(a) for a in people), *(email_row(a) for a in people))
    d = dispatcher(db, email, dispatch_concurrency=1)

    assert await d.dispatch_once() == 3

    assert cut and cut[0] >= 1
    assert sorted(m["To"] for m in email.sent) == [f"{a}@example.kz" for a in people]  # each once
    by = await rows(db)
    assert all(by[a].status == DeliveryStatus.DELIVERED and by[a].attempts == 1 for a in people)
    assert await outbox_types(db) == [DELIVERED] * 3
    assert d.stats.delivered == 3


async def test_a_group_holds_one_database_connection_at_a_time(db):
    """A refusal's outcome and a contact read again are stored and read with sessions of their
    own: the held connection goes first, so a group never takes two from the pool."""
    email = FakeEmailSender(refuse={"bob@example.kz"})
    await add(db, contact("ann"), contact("bob"), contact("cem"), *(email_row(a) for a in ("ann", "bob", "dan", "cem")))
    d = dispatcher(db, email, dispatch_concurrency=1, retry_schedule_seconds=[30])
    pool = db.engine.sync_engine.pool
    out_at_once: list[int] = []
    listen = lambda *_: out_at_once.append(pool.checkedout())  # noqa: E731
    event.listen(pool, "checkout", listen)
    try:
        assert await d.dispatch_once() == 4
    finally:
        event.remove(pool, "checkout", listen)

    assert max(out_at_once) == 1
    assert sorted(m["To"] for m in email.sent) == ["ann@example.kz", "cem@example.kz"]
    by = await rows(db)
    assert [by[a].status for a in ("ann", "bob", "cem", "dan")] == [
        DeliveryStatus.DELIVERED,
        DeliveryStatus.PENDING,
        DeliveryStatus.DELIVERED,
        DeliveryStatus.PENDING,
    ]
    assert await outbox_types(db) == [DELIVERED, DELIVERED]


async def test_the_relay_is_woken_once_per_delivery_committed_on_the_driver(db):
    email = FakeEmailSender(refuse={"bob@example.kz"})
    await add(db, contact("ann"), contact("bob"), contact("cem"), *(email_row(a) for a in ("ann", "bob", "cem")))
    woken: list[int] = []
    db.on_outbox_commit(lambda: woken.append(len(email.sent)))
    d = Dispatcher(
        db,
        infra,
        settings(retry_schedule_seconds=[30], dispatch_concurrency=1),
        source="/corridor/notifications",
        email=email,
    )

    assert await d.dispatch_once() == 3

    # after each accepted message's COMMIT; a refusal stages no event
    assert woken == [1, 2]
    assert await outbox_types(db) == [DELIVERED, DELIVERED]


async def test_a_held_connection_dropped_in_its_transaction_goes_closed_not_back_to_the_pool(db):
    """SQLAlchemy does not see the driver's transaction: a connection let go inside one (an
    error, a cancel) is invalidated, so neither its lock nor its transaction reaches the pool."""
    await add(db, contact("ann"), email_row("ann"))
    held = _HeldConnection(db)
    driver = await held.begin()
    await driver.execute("UPDATE notifications SET last_error = 'written, not committed'")
    await held.drop()

    async with db.session() as s, s.begin():
        await s.execute(text("SET LOCAL lock_timeout = '2s'"))  # the row is free at once
        assert await s.scalar(text("SELECT last_error FROM notifications FOR UPDATE")) is None
    for _ in range(3):  # whichever pooled connection comes next
        async with db.engine.connect() as conn:
            assert not (await conn.get_raw_connection()).driver_connection.is_in_transaction()


async def test_a_held_connection_let_go_between_deliveries_goes_back_to_the_pool(db):
    """After a commit the next transaction is begun ahead, empty: letting the connection go
    then rolls it back and hands the connection back (not closed), with nothing written."""
    await add(db, contact("ann"), email_row("ann"))
    held = _HeldConnection(db)
    driver = await held.begin()
    await driver.execute("UPDATE notifications SET last_error = 'committed'")
    await held.commit()
    assert driver.is_in_transaction()  # the next one, begun ahead
    closed: list[int] = []
    listen = lambda *_: closed.append(1)  # noqa: E731
    event.listen(db.engine.sync_engine.pool, "close", listen)
    try:
        await held.drop()
    finally:
        event.remove(db.engine.sync_engine.pool, "close", listen)

    assert closed == [] and not driver.is_closed() and not driver.is_in_transaction()
    async with db.session() as s:
        assert await s.scalar(text("SELECT last_error FROM notifications")) == "committed"


async def test_a_connection_let_go_in_a_transaction_its_flags_missed_is_closed(db):
    """Whatever the held connection believes (a cancel can land after the server ran a BEGIN),
    a connection still in a transaction when let go is closed, not pooled."""
    held = _HeldConnection(db)
    driver = await held.begin()
    held._open = False  # as if the BEGIN's answer never arrived
    await held.drop()

    assert driver.is_closed()
    for _ in range(3):
        async with db.engine.connect() as conn:
            assert not (await conn.get_raw_connection()).driver_connection.is_in_transaction()


async def test_a_lane_stopped_while_its_commit_is_out_stores_the_delivery_and_does_not_resend(db, monkeypatch):
    """Cancelled after the server accepted and before the COMMIT answered: the held connection
    is closed first (its transaction and its lock on the row with it), then the delivery is
    stored on another connection at once, not after waiting on that lock."""
    email = FakeEmailSender()
    await add(db, contact("ann"), email_row("ann"))
    d = dispatcher(db, email)
    committing = asyncio.Event()

    async def never_answers(self) -> None:
        committing.set()
        await asyncio.sleep(60)

    monkeypatch.setattr(_HeldConnection, "commit", never_answers)
    dispatching = asyncio.create_task(d.dispatch_once())
    await asyncio.wait_for(committing.wait(), 10)
    started = asyncio.get_running_loop().time()
    dispatching.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dispatching

    assert asyncio.get_running_loop().time() - started < 4  # not the store's 5 s wait on the lock
    assert len(email.sent) == 1
    row = (await rows(db))["ann"]
    assert (row.status, row.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert await outbox_types(db) == [DELIVERED]
