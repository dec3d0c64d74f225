"""The outbox relay's bookkeeping (SQLite; the producer is a stand-in that acknowledges or
fails each send): rows are deleted only after their own acknowledgement, in id order, and a
failure leaves every unacknowledged row staged for the next attempt. Publishing to a real
broker is covered in tests/integration/guarantees/test_outbox_relay.py."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from aiokafka.errors import MessageSizeTooLargeError
from pydantic import ValidationError
from sqlalchemy import MetaData, func, select

from shared.db import Database
from shared.events.catalog import ApplicationWithdrawn
from shared.kafka.producer import MAX_REQUEST_BYTES
from shared.migrations import migrate
from shared.outbox import OutboxRelay, add_event
from shared.settings import ServiceSettings
from shared.tables import add_infra_tables


class FakeBatch:
    def __init__(self, room: int):
        self.rows: list[tuple[bytes | None, list]] = []
        self.room = room
        self.closed = False

    def append(self, *, timestamp, key, value, headers):
        if self.closed or len(self.rows) >= self.room:
            return None  # full: the relay sends it and begins another
        self.rows.append((key, headers))
        return object()

    def close(self):
        self.closed = True


class FakeProducer:
    """Takes record batches as aiokafka's producer does (``create_batch`` / ``send_batch``), over
    three partitions; each batch is acknowledged, or refused, as a whole."""

    def __init__(self, fail_from: int | None = None, batch_rows: int = 40):
        self.sent: list[tuple[str, int, bytes | None, list]] = []
        self.fail_from = fail_from  # the batch holding the n-th row sent (0-based), and every later one, is refused
        self.batch_rows = batch_rows
        self.batches = 0

    async def partitions_for(self, topic):
        return {0, 1, 2}

    @property
    def client(self):  # the producer's view of the cluster: every partition has a leader
        return SimpleNamespace(cluster=SimpleNamespace(available_partitions_for_topic=lambda topic: {0, 1, 2}))

    def create_batch(self):
        return FakeBatch(self.batch_rows)

    async def send_batch(self, batch, topic, *, partition):
        future = asyncio.get_running_loop().create_future()
        first = len(self.sent)
        self.batches += 1
        self.sent += [(topic, partition, key, headers) for key, headers in batch.rows]
        if self.fail_from is not None and len(self.sent) > self.fail_from:
            future.set_exception(ConnectionError("broker gone"))
        else:
            future.set_result(None)
        assert first < len(self.sent), "an empty batch was sent"
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
    return [dict(headers)["ce_id"].decode() for _topic, _partition, _key, headers in producer.sent]


def by_key(producer: FakeProducer, ids: list[str]) -> dict[bytes, list[str]]:
    """Of ``ids``, those sent, grouped by key in the order they were sent."""
    keyed: dict[bytes, list[str]] = {}
    partition_of: dict[bytes, int] = {}
    for _topic, partition, key, headers in producer.sent:
        assert partition_of.setdefault(key, partition) == partition, "a key sent to two partitions"
        keyed.setdefault(key, []).append(dict(headers)["ce_id"].decode())
    return {key: [i for i in sent if i in set(ids)] for key, sent in keyed.items()}


async def test_everything_acknowledged_is_published_in_order_and_deleted(outbox):
    db, tables = outbox
    before = await staged(db, tables)
    producer = FakeProducer()
    relay = OutboxRelay(db, tables, FakeLink(producer), batch_size=500)
    assert await relay.publish_pending() == 1200
    assert sorted(sent_ids(producer)) == sorted(before)  # each once
    sent = by_key(producer, before)
    assert len(sent) == 7  # app-0 .. app-6, over the three partitions
    for key, ids in sent.items():  # each key's events in the order they were staged
        assert ids == [i for i in before if i in set(ids)], key
    assert producer.batches > 3 * 3  # more than one batch a partition a read: full ones were handed over
    assert await staged(db, tables) == []
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(tables.outbox)) == 0


async def test_a_failed_acknowledgement_leaves_that_row_and_every_later_one_staged(outbox):
    db, tables = outbox
    before = await staged(db, tables)
    # Read 1 (rows 0-499) is acknowledged; the record batch holding the 700th row sent (of read 2)
    # and every later one fail. Read 3 has been sent already (pipelining) but must stay staged
    # with read 2, though some of read 2's batches were acknowledged.
    failing = FakeProducer(fail_from=700)
    with pytest.raises(ConnectionError):
        await OutboxRelay(db, tables, FakeLink(failing), batch_size=500).publish_pending()
    assert sorted(sent_ids(failing)) == sorted(before)  # all three reads went out before the failure was seen
    assert await staged(db, tables) == before[500:]
    # The next attempt starts from the first staged row and publishes the rest, in order.
    producer = FakeProducer()
    assert await OutboxRelay(db, tables, FakeLink(producer), batch_size=500).publish_pending() == 700
    assert sorted(sent_ids(producer)) == sorted(before[500:])
    for key, ids in by_key(producer, before).items():
        assert ids == [i for i in before[500:] if i in set(ids)], key
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


async def test_a_row_over_the_request_limit_is_refused_by_name_and_stays_staged(outbox):
    """As ``send()`` refused it before it went out: the relay stops at it with an error that
    names the row, nothing at or after it is sent, and nothing is deleted unacknowledged."""
    db, tables = outbox
    before = await staged(db, tables)
    async with db.session() as s, s.begin():
        big = (await s.execute(select(tables.outbox.c.id).order_by(tables.outbox.c.id).offset(600).limit(1))).scalar()
        await s.execute(
            tables.outbox.update().where(tables.outbox.c.id == big).values(payload=b"x" * (MAX_REQUEST_BYTES + 1))
        )
    producer = FakeProducer()
    with pytest.raises(MessageSizeTooLargeError, match=f"outbox row {big}"):
        await OutboxRelay(db, tables, FakeLink(producer), batch_size=500).publish_pending()
    # read 1 was sent, but it is deleted in the transaction that reads the next: that one
    # ended at the refusal, so everything stays staged (sent again later: consumers drop repeats)
    assert await staged(db, tables) == before
    sent = set(sent_ids(producer))
    assert set(before[:500]) <= sent <= set(before[:600])  # nothing at or after the refused row


@pytest.mark.parametrize("size", [0, -5, 30_001])
def test_a_relay_batch_size_out_of_bounds_is_refused_by_name(size):
    with pytest.raises(ValidationError) as refused:
        ServiceSettings(service_name="relay-test", outbox_batch_size=size)
    assert [e["loc"] for e in refused.value.errors()] == [("outbox_batch_size",)]
