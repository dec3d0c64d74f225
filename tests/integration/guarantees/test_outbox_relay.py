"""The outbox relay over a real broker, on PostgreSQL and on SQLite (the embedded default):
every staged event arrives as the CloudEvent it was staged as, in staging order per key, on
its key's partition, tombstones as null values, and the outbox is left empty."""

from __future__ import annotations

import uuid

from aiokafka.partitioner import DefaultPartitioner
from sqlalchemy import MetaData, func, select

from shared.db import Database
from shared.events.catalog import ApplicationWithdrawn, type_of
from shared.events.envelope import new_event
from shared.kafka.admin import ensure_topics
from shared.migrations import migrate
from shared.outbox import KafkaLink, OutboxRelay, stage_envelope
from shared.tables import add_infra_tables
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import decode_record
from tests.support.plans import backend, plans_of

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


async def read_all(bootstrap: str, topic: str, n: int) -> list:
    consumer = kafka_consumer(topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest")
    await consumer.start()
    records = []
    try:
        while len(records) < n:
            batches = await consumer.getmany(timeout_ms=5000)
            if not batches:
                break
            for recs in batches.values():
                records.extend(recs)
    finally:
        await consumer.stop()
    return records


async def test_relay_publishes_every_staged_event_in_order_and_empties_the_outbox(kafka, database_url):
    topic = f"corridor.guarantees.relay-{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka.bootstrap, [topic], 3, 1)
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(database_url, metadata)
    await migrate(db)
    staged = []
    async with db.session() as s, s.begin():
        for i in range(1100):
            data = ApplicationWithdrawn(
                application_id=f"app-{i % 5}", applicant_id="ap", cycle_id="sco-2026", reason=str(i)
            )
            env = new_event(type_of(data), data, source="/corridor/tests", key=data.application_id)
            env.traceparent = TRACEPARENT
            await stage_envelope(s, tables, env, topic)
            staged.append(env)
        tomb = new_event("org.corridor.catalog.deleted.v1", None, source="/corridor/tests", key="programme-x")
        await stage_envelope(s, tables, tomb, topic)
    link = KafkaLink(kafka.bootstrap, client_id="relay-test")
    try:
        assert await OutboxRelay(db, tables, link, batch_size=500).publish_pending() == 1101
    finally:
        await link.close()
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(tables.outbox)) == 0
    await db.dispose()

    records = await read_all(kafka.bootstrap, topic, 1101)
    assert len(records) == 1101
    got = {}
    for rec in records:
        env = decode_record(rec)
        assert env is not None
        got.setdefault(env.key, []).append(env)
    for key in {e.key for e in staged}:
        expected = [e for e in staged if e.key == key]
        arrived = got[key]
        assert [e.id for e in arrived] == [e.id for e in expected]  # in staging order per key
        assert [e.data for e in arrived] == [e.data for e in expected]
        assert all(e.traceparent == TRACEPARENT and e.source == "/corridor/tests" for e in arrived)
    # each on the partition aiokafka's own send() (and the Java client) would have chosen for its key
    assert {r.partition for r in records} == {0, 1, 2}
    assert all(r.partition == DefaultPartitioner()(r.key, [0, 1, 2], [0, 1, 2]) for r in records)
    [tombstone] = got["programme-x"]
    assert tombstone.id == tomb.id and tombstone.data is None
    assert next(r for r in records if r.key == b"programme-x").value is None


async def test_the_relays_read_is_planned_with_its_values_after_the_outbox_stood_empty(kafka, postgres):
    """The outbox is empty between bursts: reads while it is empty must not leave PostgreSQL a
    generic plan for the burst (a sequential scan and a sort of the whole outbox per read, at
    a round's 413,000 rows; bench/queue_plans.py). One connection, so every read is counted."""
    topic = f"corridor.guarantees.plans-{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka.bootstrap, [topic], 1, 1)
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(await postgres.create_database("relay_plans"), metadata, pool_size=1)
    await migrate(db)
    link = KafkaLink(kafka.bootstrap, client_id="relay-plans-test")
    relay = OutboxRelay(db, tables, link, batch_size=100)
    try:
        on = await backend(db)
        for _ in range(8):  # PostgreSQL plans a prepared statement's first five runs with their values
            assert await relay.publish_pending() == 0
        async with db.session() as s, s.begin():
            for i in range(250):
                data = ApplicationWithdrawn(application_id=f"app-{i}", applicant_id="ap", cycle_id="c", reason="r")
                await stage_envelope(s, tables, new_event(type_of(data), data, source="/t", key=f"app-{i}"), topic)
        assert await relay.publish_pending() == 250

        generic, custom = await plans_of(db, "FROM outbox WHERE id >", on)
        assert generic == 0
        assert custom >= 8 + 3  # the empty reads, then three batches (and the empty read after)
    finally:
        await link.close()
        await db.dispose()
