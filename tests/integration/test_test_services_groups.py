"""A service the suite starts reads what happens from its start on, not every earlier
test's events (tests.support.services.fresh_group): its new consumer group begins where
each topic ends when the group is made, so nothing published after that is skipped."""

from __future__ import annotations

import pytest

from services.applications.app import create_app as applications_app
from services.applications.settings import Settings as ApplicationsSettings
from services.matching.app import create_app as matching_app
from services.matching.settings import Settings as MatchingSettings
from services.notifications.app import create_app as notifications_app
from services.notifications.settings import Settings as NotificationsSettings
from shared.events.catalog import Topics
from tests.support.ids import uid
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import producer as kafka_producer
from tests.support.services import CONSUMERS, fresh_group
from tests.support.services import test_settings as settings_for

SERVICES = [
    ("applications", applications_app, ApplicationsSettings),
    ("matching", matching_app, MatchingSettings),
    ("notifications", notifications_app, NotificationsSettings),
]


@pytest.mark.parametrize(("name", "create_app", "settings"), SERVICES, ids=[s[0] for s in SERVICES])
def test_every_consumer_group_a_service_joins_is_one_the_suite_moves_to_the_end(
    kafka, tmp_path, name, create_app, settings
):
    """The groups are "<prefix>.<consumer>": a consumer missing from CONSUMERS would read
    every earlier test's events (as all of them did while only the prefix was moved)."""
    app = create_app(settings_for(settings, f"sqlite+aiosqlite:///{tmp_path}/s.db", kafka.bootstrap))
    joined = {spec.name for spec in app.state.runtime.consumers}
    assert joined, name
    assert joined == set(CONSUMERS[name])


async def test_a_fresh_group_reads_only_what_comes_after_it_was_made(kafka):
    topic = Topics.APPLICATIONS.value
    before, after = uid("before"), uid("after")
    producer = kafka_producer(bootstrap_servers=kafka.bootstrap)
    await producer.start()
    try:
        for i in range(12):
            await producer.send_and_wait(topic, before.encode(), key=f"k{i}".encode())
        # a consumer of the notifications service, as its runtime names its group
        group = fresh_group("notifications", kafka.bootstrap) + ".notify"
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
