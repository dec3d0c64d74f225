"""The transactional outbox.

A state change and the event it causes are written in one transaction (``add_event``).
The relay publishes unsent rows in id order with the idempotent producer, waits for every
acknowledgement (acks=all), then marks them sent. If Kafka is down the rows wait; if the
relay dies between publishing and marking, the rows are published again and consumers
drop the duplicates by event id. On PostgreSQL an advisory lock lets one relay of several
instances publish at a time, which keeps per-key order across instances.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics, tracing
from shared.db import Database
from shared.events.catalog import EventData, spec_for, type_of
from shared.events.envelope import Envelope, encode_envelope, new_event
from shared.kafka.producer import make_producer
from shared.tables import InfraTables

log = logging.getLogger(__name__)


async def add_event(
    session: AsyncSession,
    tables: InfraTables,
    data: EventData,
    *,
    source: str,
    key: str | None = None,
    subject: str | None = None,
    traceparent: str | None = None,
) -> Envelope:
    """Stage an event in the caller's transaction; it is published after the commit."""
    type_ = type_of(data)
    spec = spec_for(type_)
    key = key if key is not None else str(getattr(data, spec.key))
    env = new_event(type_, data, source=source, key=key, subject=subject)
    # The trace this change belongs to travels with the event (ce_traceparent).
    env.traceparent = traceparent if traceparent is not None else tracing.current_traceparent()
    await stage_envelope(session, tables, env, spec.topic.value)
    return env


_OUTBOX_COLUMNS = ("event_id", "topic", "key", "event_type", "envelope", "created_at", "attempts")
_event_inserts: dict[int, tuple] = {}


def _event_insert_statement(tables: InfraTables):
    """One INSERT per outbox table, built once (bind names kept apart from the columns', so
    the statement can also sit in a CTE next to others)."""
    cached = _event_inserts.get(id(tables.outbox))
    if cached is None:
        table = tables.outbox
        statement = insert(table).values({c: bindparam(f"outbox_{c}", type_=table.c[c].type) for c in _OUTBOX_COLUMNS})
        cached = _event_inserts[id(tables.outbox)] = (table, statement)
    return cached[1]


def event_insert(
    session: AsyncSession,
    tables: InfraTables,
    data: EventData,
    *,
    source: str,
    key: str | None = None,
    subject: str | None = None,
    traceparent: str | None = None,
):
    """Like ``add_event``, but returns (the outbox INSERT, its parameters) for the caller to
    execute in this transaction, e.g. in one statement with the change it announces."""
    type_ = type_of(data)
    spec = spec_for(type_)
    key = key if key is not None else str(getattr(data, spec.key))
    env = new_event(type_, data, source=source, key=key, subject=subject)
    env.traceparent = traceparent if traceparent is not None else tracing.current_traceparent()
    session.info["outbox_dirty"] = True  # Database wakes the relay after the commit
    return _event_insert_statement(tables), {
        "outbox_event_id": env.id, "outbox_topic": spec.topic.value, "outbox_key": env.key,
        "outbox_event_type": env.type, "outbox_envelope": env.model_dump(mode="json"),
        "outbox_created_at": datetime.now(UTC), "outbox_attempts": 0,
    }


async def add_tombstone(session: AsyncSession, tables: InfraTables, *, key: str, subject: str, source: str) -> Envelope:
    """Stage a compacted-topic delete: the catalog.deleted type with a null value."""
    spec = spec_for("org.corridor.catalog.deleted.v1")
    env = new_event(spec.type, None, source=source, key=key, subject=subject)
    await stage_envelope(session, tables, env, spec.topic.value)
    return env


async def stage_envelope(session: AsyncSession, tables: InfraTables, env: Envelope, topic: str) -> None:
    await session.execute(
        insert(tables.outbox).values(
            event_id=env.id,
            topic=topic,
            key=env.key,
            event_type=env.type,
            envelope=env.model_dump(mode="json"),
            created_at=datetime.now(UTC),
            attempts=0,
        )
    )
    session.info["outbox_dirty"] = True  # Database wakes the relay after the commit


class KafkaLink:
    """The service's producer, started lazily and rebuilt after a broker failure."""

    def __init__(self, bootstrap: str, client_id: str):
        self.bootstrap = bootstrap
        self.client_id = client_id
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()

    async def producer(self) -> AIOKafkaProducer:
        async with self._lock:
            if self._producer is None:
                producer = make_producer(self.bootstrap, client_id=self.client_id)
                try:
                    await producer.start()
                except BaseException:
                    await producer.stop()
                    raise
                self._producer = producer
            return self._producer

    async def reset(self) -> None:
        async with self._lock:
            if self._producer is not None:
                producer, self._producer = self._producer, None
                try:
                    await asyncio.wait_for(producer.stop(), 5)
                except Exception:  # noqa: BLE001
                    pass

    async def send_raw(self, topic: str, *, key, value, headers) -> None:
        producer = await self.producer()
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)

    async def close(self) -> None:
        await self.reset()


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        tables: InfraTables,
        link: KafkaLink,
        *,
        batch_size: int = 500,
        poll_seconds: float = 0.5,
        service: str | None = None,
        coalesce_seconds: float = 0.0,
    ):
        self.service = service or link.client_id  # metrics and trace label
        # After a wake-up, wait this long so the commits of a burst share one batch
        # (fewer relay transactions under load, at the price of that much latency).
        self.coalesce_seconds = coalesce_seconds
        self.db = db
        self.tables = tables
        self.link = link
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self.published = 0
        self.last_error: str | None = None
        self._lock_id = zlib.crc32(b"corridor-outbox-relay")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.2
        while not self._stopping.is_set():
            try:
                sent = await self.publish_batch()
                backoff = 0.2
                self.last_error = None
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Kafka or the database is away: wait, retry
                self.last_error = repr(exc)
                log.warning("outbox relay: %r; retrying in %.1fs", exc, backoff)
                await self.link.reset()
                await self._wait(backoff)
                backoff = min(backoff * 2, 5)
                continue
            if sent < self.batch_size:
                await self._wait(self.poll_seconds)

    async def _wait(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
            if self.coalesce_seconds > 0 and not self._stopping.is_set():
                await asyncio.sleep(self.coalesce_seconds)
        except asyncio.TimeoutError:
            pass
        self._wake.clear()

    async def publish_batch(self) -> int:
        outbox = self.tables.outbox
        async with self.db.session() as session, session.begin():
            if self.db.dialect == "postgresql":
                got = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": self._lock_id})
                if not got:
                    return 0
            rows = (
                await session.execute(
                    select(outbox.c.id, outbox.c.topic, outbox.c.event_type, outbox.c.envelope)
                    .where(outbox.c.sent_at.is_(None))
                    .order_by(outbox.c.id)
                    .limit(self.batch_size)
                )
            ).all()
            if not rows:
                return 0
            producer = await self.link.producer()
            futures = []
            for row in rows:
                env = Envelope.model_validate(row.envelope)
                with tracing.producer_span(self.service, row.topic, env):
                    key, value, headers = encode_envelope(env)
                    futures.append(await producer.send(row.topic, value=value, key=key, headers=headers))
            await asyncio.wait_for(asyncio.gather(*futures), timeout=30)
            await session.execute(
                update(outbox).where(outbox.c.id.in_([r.id for r in rows])).values(sent_at=datetime.now(UTC))
            )
        self.published += len(rows)
        for row in rows:
            metrics.EVENTS_PUBLISHED.labels(self.service, row.topic, row.event_type).inc()
        return len(rows)

    async def backlog(self) -> tuple[int, float]:
        """(unsent rows, age in seconds of the oldest unsent row)."""
        outbox = self.tables.outbox
        async with self.db.session() as session:
            count, oldest = (
                await session.execute(
                    select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
                )
            ).one()
        age = 0.0
        if oldest is not None:
            if oldest.tzinfo is None:
                oldest = oldest.replace(tzinfo=UTC)
            age = (datetime.now(UTC) - oldest).total_seconds()
        return int(count), age



def dead_letter_publisher(link: KafkaLink, group: str):
    """Returns the consumer's dead-letter callback: the original record plus the reason."""

    async def publish(record, reason: str) -> None:
        headers = list(record.headers or ())
        headers += [
            ("dlq_reason", reason.encode()[:4000]),
            ("dlq_topic", record.topic.encode()),
            ("dlq_partition", str(record.partition).encode()),
            ("dlq_offset", str(record.offset).encode()),
            ("dlq_group", group.encode()),
            ("dlq_time", datetime.now(UTC).isoformat().encode()),
        ]
        value = record.value
        if value is not None and len(value) > 900_000:
            value = value[:900_000]  # oversized input: keep what fits, the reason says so
            headers.append(("dlq_truncated", b"true"))
        await link.send_raw(f"{record.topic}.dlq", key=record.key, value=value, headers=headers)

    return publish
