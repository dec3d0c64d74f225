"""Partner topics: each institution's feed entries, also written to its own Kafka topic.

A third way for a partner system to subscribe, beside signed webhooks and the feed: it
consumes ``corridor.partner.<institution>.v1`` as its own read-only principal (granted by an
operator with ``python -m shared.kafka.partners grant``). The records carry exactly the
feed's and webhooks' minimised payload; the ``message-id`` header is the feed entry's
``message_id`` (the webhook-id), for de-duplication, and the key is the application id, so
one application's records stay in order.

Delivery is at least once: a batch leaves the queue of entries not yet taken
(``partner_feed_unstreamed``) in the same transaction that waited for Kafka's
acknowledgements, so a crash between the two sends the batch again. Entries of an
institution without a topic leave it too (skipped), but only those written before the topic
list was last read: a topic granted since is seen at the next read (within 30 s) and gets
them. A partner's topic starts when access is granted; the feed holds the history. The queue's rows are locked
while they are written (``FOR UPDATE``), so several instances take turns and keep the order.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from datetime import datetime

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import delete, false
from sqlmodel import col, select

from services.notifications.models import PartnerFeedEntry, UnstreamedFeedEntry
from services.notifications.settings import Settings
from shared.clock import utcnow
from shared.db import Database, plan_with_values
from shared.kafka.partners import PARTNER_TOPIC_PREFIX, partner_topic
from shared.kafka.producer import make_producer
from shared.kafka.security import client_options
from shared.workers import Loop

log = logging.getLogger(__name__)

TOPICS_TTL_SECONDS = 30.0  # how long the list of partner topics is trusted
# ... and once a step held entries back for being newer than the list: a round writes feed
# entries all the time, and held entries at the head of the queue kept the rest (those of
# institutions with a topic too) waiting for the whole 30 s, read again at every poll
HELD_TOPICS_TTL_SECONDS = 2.0


def record(entry: PartnerFeedEntry) -> tuple[bytes | None, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers) of one feed entry on its partner topic."""
    payload = entry.payload or {}
    key = (payload.get("data") or {}).get("application_id")
    value = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = [("message-id", entry.message_id.encode()), ("event-type", entry.event_type.encode())]
    return (key.encode() if isinstance(key, str) else None), value, headers


def topic_of(institution_id: str, existing: set[str]) -> str | None:
    """The institution's partner topic, when the operator has created it."""
    try:
        topic = partner_topic(institution_id)
    except ValueError:
        return None
    return topic if topic in existing else None


class PartnerTopics:
    """A ``shared.workers.Worker`` writing feed entries to partner topics."""

    name = "partner-topics"

    def __init__(self, db: Database, settings: Settings):
        self.db = db
        self.settings = settings
        self.loop = Loop(self.name, self._drain, interval=settings.partner_topics_poll_seconds, backoff=(0.5, 10.0))
        self._producer: AIOKafkaProducer | None = None
        self._admin: AIOKafkaAdminClient | None = None
        self._topics: set[str] = set()
        self._topics_read_at = float("-inf")
        self._topics_read_wall: datetime | None = None  # when the list was last read (UTC)
        self._held = False  # the last step held entries back: the list is read again sooner

    async def run(self) -> None:
        await self.loop.run()

    async def stop(self) -> None:
        await self.loop.stop()
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
        if self._admin is not None:
            await self._close_admin()

    async def existing_topics(self) -> set[str]:
        """The partner topics that exist (the service may DESCRIBE only those, by its ACLs)."""
        ttl = HELD_TOPICS_TTL_SECONDS if self._held else TOPICS_TTL_SECONDS
        if time.monotonic() - self._topics_read_at < ttl:
            return self._topics
        read_at = utcnow()
        names = await self._list_topics()
        self._topics = {t for t in names if t.startswith(PARTNER_TOPIC_PREFIX)}
        self._topics_read_at, self._topics_read_wall = time.monotonic(), read_at
        self._held = False
        return self._topics

    async def _list_topics(self) -> list[str]:
        """The broker's topics (fresh metadata each time) over one admin client kept open: a
        client per read connected and authenticated (SCRAM) again every 2 s while a round's
        newest entries were held back. Dropped after a failure, made again at the next read."""
        if self._admin is None:
            admin = AIOKafkaAdminClient(
                bootstrap_servers=self.settings.kafka_bootstrap_servers,
                request_timeout_ms=10000,
                **client_options(self.settings.kafka_security),
            )
            await admin.start()
            self._admin = admin
        try:
            return await self._admin.list_topics()
        except BaseException:
            await self._close_admin()
            raise

    async def _close_admin(self) -> None:
        admin, self._admin = self._admin, None
        if admin is not None:
            with contextlib.suppress(Exception):
                await admin.close()

    async def producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = make_producer(
                self.settings.kafka_bootstrap_servers,
                client_id=f"{self.settings.service_name}-partner-topics",
                security=self.settings.kafka_security,
            )
            await producer.start()
            self._producer = producer
        return self._producer

    async def _drain(self) -> None:
        """Batch after batch while they come full (a round writes ~5 entries per applicant:
        one batch per poll kept partners' topics behind for most of an hour), then the poll."""
        while await self.step() >= self.settings.partner_topics_batch_size and not self.loop.stopping:
            pass

    async def step(self) -> int:
        """Write (or skip) the next batch of feed entries; how many were taken.

        The batch is read from ``partner_feed_unstreamed`` (only the entries not yet taken, in
        the order written) without the payloads, which only entries of an institution with a
        topic need; those taken leave it in one DELETE. An entry of an institution without a
        topic is passed over only if the topic list was read after the entry was written (else
        a topic granted meanwhile would miss it): the database compares the times (converting
        each entry's time in Python cost more than the rest of its read)."""
        queue = UnstreamedFeedEntry.__table__.c
        existing = await self.existing_topics()
        read_wall = self._topics_read_wall
        skippable = queue.created_at <= read_wall if read_wall is not None else false()
        async with self.db.session() as session, session.begin():
            await plan_with_values(session)  # the queue is empty between rounds
            heads = (
                await session.execute(
                    select(queue.seq, queue.message_id, queue.institution_id, skippable.label("skippable"))
                    .order_by(queue.seq)
                    .limit(self.settings.partner_topics_batch_size)
                    .with_for_update()
                )
            ).all()
            if not heads:
                return 0
            topics = {head.seq: topic_of(head.institution_id, existing) for head in heads}
            wanted = [head.message_id for head in heads if topics[head.seq] is not None]
            entries = (
                {
                    entry.message_id: entry
                    for entry in await session.scalars(
                        select(PartnerFeedEntry).where(col(PartnerFeedEntry.message_id).in_(wanted))
                    )
                }
                if wanted
                else {}
            )
            sent, taken = [], []
            for head in heads:
                topic = topics[head.seq]
                entry = entries.get(head.message_id)
                if topic is not None and entry is not None:
                    key, value, headers = record(entry)
                    producer = await self.producer()
                    sent.append(await producer.send(topic, value=value, key=key, headers=headers))
                elif topic is not None:
                    log.warning("feed entry %s is gone: not written to %s", head.message_id, topic)
                elif not head.skippable:
                    self._held = True
                    continue  # written after the topic list was read: its topic may be new
                taken.append(head.seq)
            for future in sent:
                await future  # every record acknowledged before the entries leave the queue
            if taken:
                await session.execute(
                    delete(UnstreamedFeedEntry.__table__).where(queue.seq.in_(taken))
                )  # Core: no ORM sync
            if sent:
                log.info("wrote %d feed entries to partner topics (%d taken)", len(sent), len(taken))
            return len(taken)
