"""On PostgreSQL an e-mail's delivery is written before the message goes and committed the
moment the server accepts it (services/notifications/service/dispatcher.py
``_email_stored_on_acceptance``): while the message is out its row is locked and the
delivery not visible; a refusal rolls it back; a COMMIT that fails after the acceptance is
stored again until it is stored, and the message is not sent twice."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.models import Base, infra
from shared.db import Database
from shared.migrations import migrate
from tests.unit.notifications.fakes import FakeEmailSender, outbox_types
from tests.unit.notifications.test_dispatcher import DELIVERED, add, contact, dispatcher, email_row, rows

pytestmark = pytest.mark.integration


@pytest.fixture
async def db(postgres):
    database = Database(await postgres.create_database("notif_commit"), Base.metadata)
    await migrate(database)
    yield database
    await database.dispose()


class WatchingSender(FakeEmailSender):
    """Before accepting a message, reads from another connection what the database holds."""

    def __init__(self, db: Database, **kw):
        super().__init__(**kw)
        self.db = db
        self.seen: list[tuple[str, int]] = []

    def connection(self):
        sender, inner = self, super().connection()

        class Watching:
            async def __aenter__(self):
                self.smtp = await inner.__aenter__()
                return self

            async def __aexit__(self, *exc):
                return await inner.__aexit__(*exc)

            async def send(self, mail):
                async with sender.db.session() as s:
                    status = await s.scalar(text("SELECT status FROM notifications"))
                    locked = await s.scalar(
                        text("SELECT count(*) FROM (SELECT 1 FROM notifications FOR UPDATE SKIP LOCKED) AS free")
                    )
                sender.seen.append((status, int(locked or 0)))
                await self.smtp.send(mail)

        return Watching()


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
    real_commit, real_record = AsyncSession.commit, d.record_many
    failures: list[int] = []
    records: list[list[str | None]] = []

    async def away_once(self) -> None:
        if not failures:
            failures.append(len(email.sent))  # after the server accepted
            raise OperationalError("COMMIT", {}, ConnectionRefusedError("database away"))
        await real_commit(self)

    async def record(outcomes, **kw) -> None:
        records.append([o.error for o in outcomes])
        if len(records) == 1:  # still away on the first try
            raise OperationalError("UPDATE notifications", {}, ConnectionRefusedError("database away"))
        await real_record(outcomes, **kw)

    monkeypatch.setattr(AsyncSession, "commit", away_once)
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
