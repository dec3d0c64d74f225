"""The partner-topic worker's step: feed entries in order, written to the topics that exist,
skipped (taken) for institutions without one once the topic list is newer than the entry,
and taken together (they leave the queue of entries not yet taken). Kafka is a fake here; the broker test is
tests/integration/notifications/test_partner_topics.py."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlmodel import select

from services.notifications.models import PartnerFeedEntry, UnstreamedFeedEntry
from services.notifications.service.partner_topics import PartnerTopics
from shared.clock import utcnow
from shared.kafka.partners import partner_topic
from tests.unit.notifications.fakes import settings


class FakeProducer:
    def __init__(self):
        self.sent: list[tuple[str, bytes, bytes | None, list]] = []

    async def send(self, topic, value, key, headers):
        self.sent.append((topic, value, key, headers))
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


def worker(db, topics: set[str], read_at, batch: int = 500) -> tuple[PartnerTopics, FakeProducer]:
    w = PartnerTopics(db, settings(partner_topics_batch_size=batch))
    producer = FakeProducer()
    w._producer = producer  # type: ignore[assignment]
    w._topics, w._topics_read_wall = topics, read_at

    async def existing_topics() -> set[str]:
        return topics

    w.existing_topics = existing_topics  # type: ignore[method-assign]
    return w, producer


def entry(institution: str, application: str, written) -> list:
    """A feed entry and its place in the worker's queue, as the fan-out writes them."""
    feed = PartnerFeedEntry(
        institution_id=institution,
        source_event_id=f"evt-{application}-{institution}",
        event_type="application.submitted",
        payload={"type": "application.submitted", "data": {"application_id": application}},
        created_at=written,
    )
    return [feed, UnstreamedFeedEntry(message_id=feed.message_id, institution_id=institution, created_at=written)]


async def stored(db) -> dict[str, bool]:
    """Each feed entry's source event: taken (no longer in the queue)?"""
    async with db.session() as s:
        waiting = set(await s.scalars(select(UnstreamedFeedEntry.message_id)))
        return {e.source_event_id: e.message_id not in waiting for e in await s.scalars(select(PartnerFeedEntry))}


async def test_entries_go_to_existing_topics_in_order_and_the_rest_are_taken_unless_newer_than_the_list(db):
    now = utcnow()
    async with db.session() as s, s.begin():
        s.add_all(
            [
                *entry("xjmu", "a1", now - timedelta(minutes=2)),
                *entry("kaznu", "a1", now - timedelta(minutes=2)),  # no topic: taken without a record
                *entry("xjmu", "a2", now - timedelta(minutes=1)),
                *entry("kaznu", "a3", now + timedelta(minutes=1)),  # written after the list was read
            ]
        )
    w, producer = worker(db, {partner_topic("xjmu")}, read_at=now)

    assert await w.step() == 3
    assert [(topic, json.loads(value)["data"]["application_id"]) for topic, value, _k, _h in producer.sent] == [
        (partner_topic("xjmu"), "a1"),
        (partner_topic("xjmu"), "a2"),
    ]
    assert producer.sent[0][2] == b"a1"  # keyed by application: one application's records in order
    assert await stored(db) == {"evt-a1-xjmu": True, "evt-a1-kaznu": True, "evt-a2-xjmu": True, "evt-a3-kaznu": False}

    # nothing is written twice; the newer entry waits for a newer topic list
    assert await w.step() == 0
    assert len(producer.sent) == 2
    w._topics_read_wall = now + timedelta(minutes=2)
    assert await w.step() == 1
    assert all((await stored(db)).values()) and len(producer.sent) == 2


async def test_a_backlog_goes_a_batch_at_a_time_oldest_first(db):
    now = utcnow() - timedelta(minutes=5)
    async with db.session() as s, s.begin():
        s.add_all([row for i in range(12) for row in entry("xjmu", f"a{i:02}", now)])
    w, producer = worker(db, {partner_topic("xjmu")}, read_at=utcnow(), batch=5)

    assert [await w.step() for _ in range(4)] == [5, 5, 2, 0]
    assert [json.loads(value)["data"]["application_id"] for _t, value, _k, _h in producer.sent] == [
        f"a{i:02}" for i in range(12)
    ]


async def test_the_worker_drains_a_backlog_without_waiting_a_poll_between_full_batches(db):
    now = utcnow() - timedelta(minutes=5)
    async with db.session() as s, s.begin():
        s.add_all([row for i in range(12) for row in entry("xjmu", f"a{i:02}", now)])
    w, producer = worker(db, {partner_topic("xjmu")}, read_at=utcnow(), batch=5)
    w.loop.interval = 60  # a poll between batches would not come within the test

    running = asyncio.create_task(w.loop.run())
    try:
        for _ in range(100):
            if all((await stored(db)).values()):
                break
            await asyncio.sleep(0.02)
    finally:
        await w.loop.stop()
        await running
    assert all((await stored(db)).values()) and len(producer.sent) == 12


async def test_entries_held_back_have_the_topic_list_read_again_within_seconds(db):
    from services.notifications.service.partner_topics import HELD_TOPICS_TTL_SECONDS, TOPICS_TTL_SECONDS

    w = PartnerTopics(db, settings())
    w._producer = FakeProducer()  # type: ignore[assignment]
    reads: list[int] = []

    async def list_topics() -> list[str]:
        reads.append(1)
        return [partner_topic("xjmu")]

    w._list_topics = list_topics  # type: ignore[method-assign]

    async def write(application: str, written) -> None:
        async with db.session() as s, s.begin():
            s.add_all(entry("kaznu", application, written))

    await write("a1", utcnow() - timedelta(minutes=1))
    assert await w.step() == 1 and len(reads) == 1  # older than the list: taken
    await write("a2", utcnow())  # written after the list was read: held back
    assert await w.step() == 0 and len(reads) == 1
    w._topics_read_at -= HELD_TOPICS_TTL_SECONDS + 1  # seconds later, far within the 30 s
    assert await w.step() == 1 and len(reads) == 2  # the list read again: a2 taken

    # nothing held: the list is trusted for the whole TTL
    await write("a3", utcnow() - timedelta(minutes=1))
    w._topics_read_at -= HELD_TOPICS_TTL_SECONDS + 1
    assert await w.step() == 1 and len(reads) == 2
    w._topics_read_at -= TOPICS_TTL_SECONDS
    await write("a4", utcnow() - timedelta(minutes=1))
    assert await w.step() == 1 and len(reads) == 3


async def test_the_topic_list_is_read_over_one_admin_client_made_again_after_a_failure(db, monkeypatch):
    """A client per read connected and authenticated again every 2 s while a round's newest
    entries were held back: one is kept, and one that failed is closed and made anew."""
    import services.notifications.service.partner_topics as module

    made: list = []

    class FakeAdmin:
        def __init__(self, **_options):
            self.closed, self.fail = False, False
            made.append(self)

        async def start(self):
            pass

        async def list_topics(self):
            if self.fail:
                raise ConnectionError("broker gone")
            return [partner_topic("xjmu"), "corridor.applications.v1"]

        async def close(self):
            self.closed = True

    monkeypatch.setattr(module, "AIOKafkaAdminClient", FakeAdmin)
    w = PartnerTopics(db, settings())
    for _ in range(3):
        assert await w._list_topics() == [partner_topic("xjmu"), "corridor.applications.v1"]
    assert len(made) == 1 and not made[0].closed

    made[0].fail = True
    with pytest.raises(ConnectionError):
        await w._list_topics()
    assert made[0].closed
    assert await w._list_topics() == [partner_topic("xjmu"), "corridor.applications.v1"] and len(made) == 2
    await w.stop()
    assert made[1].closed


async def test_a_queued_entry_whose_feed_entry_is_gone_is_taken_without_a_record(db):
    """Nothing deletes feed entries today; if one went, its place in the queue must not hold up
    the rest (raising at it would, at every step)."""
    now = utcnow() - timedelta(minutes=1)
    gone = entry("xjmu", "a0", now)[1]
    async with db.session() as s, s.begin():
        s.add_all([gone, *entry("xjmu", "a1", now)])
    w, producer = worker(db, {partner_topic("xjmu")}, read_at=utcnow())

    assert await w.step() == 2
    assert [json.loads(value)["data"]["application_id"] for _t, value, _k, _h in producer.sent] == ["a1"]
    assert all((await stored(db)).values())
