"""A polled batch is applied in one transaction, and a failure inside it is isolated.

Real Kafka, on PostgreSQL and on SQLite (the embedded default). The events are on the
topic before the consumer starts, so its
first poll holds them all. Every good event's effect is a row keyed by its event id: if a
batch were applied twice, or half of it kept after a failure, the count would be wrong.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, MetaData, String, Table, func, insert, select

from shared.db import Database
from shared.events.catalog import CycleUpserted, type_of
from shared.events.envelope import encode_envelope, new_event
from shared.kafka.admin import ensure_topics
from shared.kafka.consumer import EventConsumer, PermanentError
from shared.migrations import migrate
from shared.tables import add_infra_tables
from tests.integration.guarantees.poison import send_raw
from tests.support.infra import wait_for


def cycle_events(n: int):
    now = datetime.now(UTC)
    return [
        new_event(type_of(d), d, source="/corridor/tests", key=d.cycle_id)
        for d in (
            CycleUpserted(
                cycle_id=f"cycle-{uuid.uuid4().hex[:8]}",
                scheme_id="sco",
                name=f"SCO {i}",
                opens_at=now,
                closes_at=now + timedelta(days=30),
            )
            for i in range(n)
        )
    ]


async def consume(
    kafka,
    url,
    events,
    *,
    bad: set[str] = frozenset(),
    claimed_before: set[str] = frozenset(),
    expect_handled: int,
    expect_dead: int = 0,
):
    topic = f"corridor.guarantees.batch-{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka.bootstrap, [topic], 1, 1)
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    effects = Table("effects", metadata, Column("event_id", String(64), primary_key=True))
    db = Database(url, metadata)
    await migrate(db)
    async with db.session() as s, s.begin():
        for event_id in claimed_before:
            await s.execute(
                insert(tables.processed).values(
                    consumer="batches",
                    event_id=event_id,
                    event_type=type_of(CycleUpserted),
                    processed_at=datetime.now(UTC),
                )
            )
    dead: list[str] = []

    async def apply(session, event, env):
        if env.id in bad:
            raise PermanentError(f"{event.cycle_id} cannot be applied")
        await session.execute(insert(effects).values(event_id=env.id))

    async def dead_letter(record, reason):
        dead.append(reason)

    key = b"one-partition"
    await send_raw(kafka.bootstrap, topic, key, [(h, v) for _k, v, h in (encode_envelope(e) for e in events)])
    consumer = EventConsumer(
        name="batches",
        topics=[topic],
        group_id=f"batches-{uuid.uuid4().hex[:6]}",
        bootstrap=kafka.bootstrap,
        db=db,
        tables=tables,
        handlers={type_of(CycleUpserted): apply},
        dead_letter=dead_letter,
    )
    task = asyncio.create_task(consumer.run())
    try:

        async def settled() -> bool:
            return consumer.stats.handled == expect_handled and consumer.stats.dead_lettered == expect_dead

        await wait_for(settled, timeout=30, what="the batch applied")
        await asyncio.sleep(0.5)  # anything applied twice would show now
        async with db.session() as s:
            applied = set(await s.scalars(select(effects.c.event_id)))
            processed = await s.scalar(select(func.count()).select_from(tables.processed))
        return consumer.stats, applied, processed, dead
    finally:
        await consumer.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await db.dispose()


async def test_a_clean_batch_commits_once_and_drops_repeats_and_events_seen_before(kafka, database_url):
    events = cycle_events(20)
    seen_before = events[12].id
    stats, applied, processed, dead = await consume(
        kafka, database_url, events + [events[3]], claimed_before={seen_before}, expect_handled=19
    )
    assert applied == {e.id for e in events} - {seen_before}
    assert stats.duplicates == 2  # the repeated event and the one processed before
    assert stats.batches >= 1 and stats.failures == 0 and not dead
    assert processed == 20


async def test_a_failing_event_rolls_its_batch_back_and_only_it_is_dead_lettered(kafka, database_url):
    events = cycle_events(20)
    bad = events[7].id
    stats, applied, processed, dead = await consume(
        kafka, database_url, events, bad={bad}, expect_handled=19, expect_dead=1
    )
    assert applied == {e.id for e in events} - {bad}  # each good event once, none lost with the batch
    assert len(dead) == 1 and "cannot be applied" in dead[0]
    assert stats.batches == 0  # the batch was rolled back; its events were applied one at a time
    assert processed == 19
