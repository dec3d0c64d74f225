"""The outbox relay's bookkeeping (SQLite; the producer is a stand-in that acknowledges or
fails each send): rows are deleted only after their own acknowledgement, in id order, and a
failure leaves every unacknowledged row staged for the next attempt. Publishing to a real
broker is covered in tests/integration/guarantees/test_outbox_relay.py."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import MetaData, func, select

from shared.db import Database
from shared.events.catalog import ApplicationWithdrawn
from shared.migrations import migrate
from shared.outbox import OutboxRelay, add_event
from shared.tables import add_infra_tables


class FakeProducer:
    def __init__(self, fail_from: int | None = None):
        self.sent: list[tuple[str, bytes | None, list]] = []
        self.fail_from = fail_from  # the n-th send (0-based) and every later one is refused

    async def send(self, topic, value=None, key=None, headers=None):
        future = asyncio.get_running_loop().create_future()
        n = len(self.sent)
        self.sent.append((topic, key, headers))
        if self.fail_from is not None and n >= self.fail_from:
            future.set_exception(ConnectionError("broker gone"))
        else:
            future.set_result(None)
        return future


class FakeLink:
    client_id = "relay-unit"

    def __init__(self, producer: FakeProducer):
        self._producer = producer

    async def producer(self):
        return self._producer


@pytest.fixture
async def outbox(tmp_path):
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/relay.db", metadata)
    await migrate(db)
    async with db.session() as s, s.begin():
        for i in range(1200):
            await add_event(
                s,
                tables,
                ApplicationWithdrawn(
                    application_id=f"app-{i % 7}", applicant_id="ap", cycle_id="sco-2026", reason=str(i)
                ),
                source="/test",
            )
    yield db, tables
    await db.dispose()


async def staged(db, tables) -> list[str]:
    """The staged event ids in publishing (id) order."""
    outbox = tables.outbox
    async with db.session() as s:
        return list(await s.scalars(select(outbox.c.event_id).order_by(outbox.c.id)))


def sent_ids(producer: FakeProducer) -> list[str]:
    return [dict(headers)["ce_id"].decode() for _topic, _key, headers in producer.sent]


async def test_everything_acknowledged_is_published_in_order_and_deleted(outbox):
    db, tables = outbox
    before = await staged(db, tables)
    producer = FakeProducer()
    relay = OutboxRelay(db, tables, FakeLink(producer), batch_size=500)
    assert await relay.publish_pending() == 1200
    assert sent_ids(producer) == before  # each once, in order
    assert await staged(db, tables) == []
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(tables.outbox)) == 0


async def test_a_failed_acknowledgement_leaves_that_row_and_every_later_one_staged(outbox):
    db, tables = outbox
    before = await staged(db, tables)
    # Batch 1 (rows 0-499) is acknowledged; row 700 (in batch 2) and all after it fail. Batch 3
    # has been sent already (pipelining) but must stay staged with batch 2.
    failing = FakeProducer(fail_from=700)
    with pytest.raises(ConnectionError):
        await OutboxRelay(db, tables, FakeLink(failing), batch_size=500).publish_pending()
    assert sent_ids(failing) == before  # all three batches went out before the failure was seen
    assert await staged(db, tables) == before[500:]
    # The next attempt starts from the first staged row and publishes the rest, in order.
    producer = FakeProducer()
    assert await OutboxRelay(db, tables, FakeLink(producer), batch_size=500).publish_pending() == 700
    assert sent_ids(producer) == before[500:]
    assert await staged(db, tables) == []


def reads_of(relay: OutboxRelay) -> list[int]:
    """The sizes of the relay's reads of the outbox from now on, in order."""
    reads: list[int] = []
    next_rows = relay._next_rows

    async def counted(session, after_id):
        rows = await next_rows(session, after_id)
        reads.append(len(rows))
        return rows

    relay._next_rows = counted  # type: ignore[method-assign]
    return reads


async def test_a_coalescing_relays_drain_ends_at_a_batch_that_came_back_short(outbox):
    """Under a steady stream of small commits a drain that read on until a read came back
    empty never ended (a few rows a read, each read a transaction) and the relay's coalescing
    never came into play: the short batch ends it, its rows still deleted once acknowledged.
    A relay that does not coalesce (matching) reads on until a read comes back empty."""
    db, tables = outbox
    relay = OutboxRelay(db, tables, FakeLink(FakeProducer()), batch_size=500, coalesce_seconds=0.1)
    reads = reads_of(relay)
    assert await relay.publish_pending() == 1200
    assert reads == [500, 500, 200]  # no read after the short batch
    assert await staged(db, tables) == []

    async with db.session() as s, s.begin():
        for i in range(3):
            await add_event(
                s,
                tables,
                ApplicationWithdrawn(application_id=f"app-{i}", applicant_id="ap", cycle_id="sco-2026", reason="r"),
                source="/test",
            )
    eager = OutboxRelay(db, tables, FakeLink(FakeProducer()), batch_size=500)
    eager_reads = reads_of(eager)
    assert await eager.publish_pending() == 3
    assert eager_reads == [3, 0]
