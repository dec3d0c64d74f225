"""A service the suite starts reads what happens from its start on, not every earlier
test's events (tests.support.services.fresh_group): its new consumer group begins where
each topic ends when the group is made, so nothing published after that is skipped."""

from __future__ import annotations

from shared.events.catalog import Topics
from tests.support.ids import uid
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import producer as kafka_producer
from tests.support.services import fresh_group


async def test_a_fresh_group_reads_only_what_comes_after_it_was_made(kafka):
    topic = Topics.APPLICATIONS.value
    before, after = uid("before"), uid("after")
    producer = kafka_producer(bootstrap_servers=kafka.bootstrap)
    await producer.start()
    try:
        for i in range(12):
            await producer.send_and_wait(topic, before.encode(), key=f"k{i}".encode())
        group = fresh_group("notifications", kafka.bootstrap)
        for i in range(3):
            await producer.send_and_wait(topic, after.encode(), key=f"k{i}".encode())
    finally:
        await producer.stop()

    consumer = kafka_consumer(topic, bootstrap_servers=kafka.bootstrap, group_id=group, auto_offset_reset="earliest")
    await consumer.start()
    seen: list[bytes] = []
    try:
        for _ in range(20):
            for records in (await consumer.getmany(timeout_ms=500)).values():
                seen += [r.value for r in records]
            if len(seen) >= 3:
                break
    finally:
        await consumer.stop()
    assert before.encode() not in seen
    assert seen.count(after.encode()) == 3
