"""The consumer loop: decode, dead-letter poison, apply idempotently, then commit the offset.

For each polled batch of a partition:
1. decode each CloudEvent and validate its data against the catalog model; anything that
   can never be processed goes to ``<topic>.dlq`` with the reason in its headers;
2. in one database transaction record the event ids in ``processed_events`` and run the
   handlers in offset order; a redelivered event finds its id and changes nothing (a
   service's ``read_ahead``, given, is first handed the batch's new events when there are
   two or more: what their handlers each read may be read at once);
3. only then commit the Kafka offset (last offset + 1): not after each batch but with the
   others, once a second, at the stop and when its partition is revoked (``_HeldOffsets``);
   a batch that dead-lettered a record commits as soon as it is done, and one stopped
   part-way commits what it did (read again after a restart, a record would be
   dead-lettered again).
One transaction per batch rather than per event is what lets a consumer keep up under load
(a commit is a round trip and a WAL flush). If anything in the batch fails, it is rolled
back whole and its events are applied one at a time, each in its own transaction, so the
failure is isolated to the event that caused it. Transient failures (database or broker
unreachable) are retried with backoff and never skipped; a handler that keeps failing on
the same event is dead-lettered after ``max_attempts`` so one bad event cannot stall its
partition for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from asyncpg.exceptions import OperatorInterventionError, PostgresConnectionError
from pydantic import ValidationError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics, tracing
from shared.clock import utcnow
from shared.db import Database
from shared.events.catalog import EVENT_TYPES, EventData, parse_event
from shared.events.envelope import Envelope, PoisonMessage, decode_message
from shared.kafka.security import KafkaSecurity, client_options
from shared.tables import InfraTables
from shared.workers import Loop

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]
# Called with a batch's new events (data, envelope; two or more) in its transaction before
# their handlers: a service may read at once what its handlers would each read (one statement,
# not one each). Never on the one-at-a-time path after a failed batch.
ReadAhead = Callable[[AsyncSession, list[tuple[Any, Envelope]]], Awaitable[None]]


def without_values(exc: BaseException) -> str:
    """An error as logs and dead letters keep it: its kind and what went wrong, not the values
    it was about. A model's validation error names the fields (its text quotes each input: a
    name, a date of birth); the databases' errors hide their parameters (``shared.db``)."""
    if isinstance(exc, ValidationError):
        problems = exc.errors(include_input=False, include_url=False, include_context=False)
        return f"{type(exc).__name__}: " + "; ".join(
            f"{'.'.join(map(str, p['loc'])) or '(event)'}: {p['msg']}" for p in problems
        )
    return f"{type(exc).__name__}: {exc}"


class _Stopped(Exception):
    """The consumer was stopped while an event waited for a retry (its handler's, or its dead
    letter's publication): what came before it in the batch is done, it and the rest are not."""


class PermanentError(Exception):
    """Raised by a handler for an event that can never be applied (dead-lettered at once)."""


# The driver's own connection errors too: a COPY goes on the driver's connection
# (shared.outbox.copy_records), and what it raises reaches us unwrapped by SQLAlchemy.
TRANSIENT = (
    OperationalError,
    ConnectionError,
    OSError,
    asyncio.TimeoutError,
    KafkaError,
    PostgresConnectionError,
    OperatorInterventionError,
)


async def stop_consumer(consumer: AIOKafkaConsumer) -> None:
    """``consumer.stop()``, without the stray CancelledError aiokafka can raise from it.

    aiokafka's fetcher closes by cancelling its pending fetches and awaiting each: a fetch
    asleep in its retry backoff (the broker just failed a fetch) raises CancelledError out of
    ``stop()`` (aio-libs/aiokafka#647), although nobody cancelled the caller, and stop() ends
    there, its other fetches and connections left open. A consumer worker would read it as
    its own cancellation and end for good. Here only a real cancellation of the caller passes;
    otherwise what stop() left undone is finished.
    """
    try:
        await AIOKafkaConsumer.stop(consumer)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
        log.info("a Kafka consumer's stop met a cancelled fetch; closing the rest")
        fetches = list(getattr(consumer._fetcher, "_pending_tasks", ()))
        for fetch in fetches:
            fetch.cancel()
        await asyncio.gather(*fetches, return_exceptions=True)
        await consumer._client.close()


@dataclass
class _Ready:
    """A decoded record waiting for its handler."""

    record: ConsumerRecord
    env: Envelope
    data: Any
    handler: Handler


@dataclass
class ConsumerStats:
    handled: int = 0
    duplicates: int = 0
    batches: int = 0  # batches applied whole, in one transaction
    dead_lettered: int = 0
    failures: int = 0
    skipped: int = 0
    commits: int = 0  # offset commits made
    last_error: str | None = None


class _HeldOffsets(ConsumerRebalanceListener):
    """Offsets past the batches a consumer applied or skipped, committed every
    ``COMMIT_SECONDS`` rather than after each batch: under a steady flow a batch holds one or
    two events, and an offset commit per batch (a request, and a write to the broker's offsets
    log) cost about as much as applying a small event; every service's revocations consumer
    reads the busy applications topic for one rare type and skips the rest. An event read
    again after a crash finds its id in ``processed_events`` and changes nothing; a skipped
    one is skipped again.

    A partition's held offset is committed when the partition is revoked and forgotten when a
    partition is assigned: held over a rebalance, it could be committed after the partition had
    come back, over the further offset its owner meanwhile committed. For the same reason a
    batch polled before an assignment that came while it was applied holds no offset
    (``assignments``): its events are read again, and change nothing."""

    def __init__(self, owner: EventConsumer, consumer: AIOKafkaConsumer):
        self.owner, self.consumer = owner, consumer
        self.offsets: dict[TopicPartition, int] = {}
        self.assignments = 0  # how many assignments so far

    def take(self) -> dict[TopicPartition, int]:
        offsets, self.offsets = self.offsets, {}
        return offsets

    async def on_partitions_revoked(self, revoked) -> None:
        mine = {tp: self.offsets.pop(tp) for tp in revoked if tp in self.offsets}
        if mine:
            with contextlib.suppress(Exception):  # then the next owner skips them again
                await self.owner._commit(self.consumer, mine)

    async def on_partitions_assigned(self, assigned) -> None:
        self.assignments += 1
        for tp in assigned:
            self.offsets.pop(tp, None)  # read on from the committed offset


def _catalogued_type(headers) -> str | None:
    """The record's ``ce_type`` header when it names a catalogued event type, else None (an
    unknown or unreadable type goes the whole way: decoded, then dead-lettered)."""
    for name, raw in headers or ():
        if name == "ce_type":
            try:
                type_ = raw.decode() if raw is not None else None
            except UnicodeDecodeError:
                return None
            return type_ if type_ in EVENT_TYPES else None
    return None


# Fetches while events flow: the broker holds a fetch until this much has arrived or this
# long has passed, so a batch gathers what came meanwhile. Answered at its first record (as
# when idle), a fetch under a steady flow brought one event, and with it one transaction,
# handler round and fetch per event (notifications at 40/s: 8.8 -> 7.3-7.8 ms of CPU per event,
# bench/results/e2e/ab_fetch_2026-12-02.md).
FLOWING_FETCH = (64 * 1024, 50)  # (min bytes, max wait ms)
# Otherwise answered at the first record, else twice a second (Kafka's default): an idle
# service costs what it did, and the first event after a pause waits for nothing.
IDLE_FETCH = (1, 500)
# Held fetches are FLOWING_FETCH's 20 a second whatever comes: fewer than answered ones only
# above this many records a second.
FLOWING_FROM = 1000 / FLOWING_FETCH[1]


class FetchPace:
    """Chooses a consumer's next fetches after each poll: ``FLOWING_FETCH`` while the last second
    brought at least ``FLOWING_FROM`` records, ``IDLE_FETCH`` from the first poll that brought
    none. aiokafka has no public setter: its fetcher builds each FetchRequest from the two
    attributes set here (aiokafka is pinned; a test holds them)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.flowing = False  # as aiokafka starts a consumer: IDLE_FETCH
        self.since, self.records = clock(), 0

    def polled(self, consumer: AIOKafkaConsumer, records: int) -> None:
        """After a poll that brought ``records``."""
        now = self.clock()
        self.records += records
        flowing = self.flowing
        if not records:
            flowing = False
            self.since, self.records = now, 0
        elif now - self.since >= 1.0:
            flowing = self.records >= FLOWING_FROM * (now - self.since)
            self.since, self.records = now, 0
        fetcher = getattr(consumer, "_fetcher", None)  # None before the consumer starts
        if flowing != self.flowing and fetcher is not None:
            fetcher._fetch_min_bytes, fetcher._fetch_max_wait_ms = FLOWING_FETCH if flowing else IDLE_FETCH
            self.flowing = flowing


class EventConsumer:
    def __init__(
        self,
        *,
        name: str,
        topics: list[str],
        group_id: str,
        bootstrap: str,
        db: Database,
        tables: InfraTables,
        handlers: dict[str, Handler],
        dead_letter: Callable[[ConsumerRecord, str], Awaitable[None]],
        max_attempts: int = 5,
        service: str | None = None,
        security: KafkaSecurity | None = None,
        read_ahead: ReadAhead | None = None,
    ):
        self.name = name
        self.read_ahead = read_ahead
        self.security = security  # None: the CORRIDOR_KAFKA_* variables
        # The metrics and trace label; the runtime passes the service name.
        self.service = service or group_id.split(".")[0]
        self.topics = topics
        self.group_id = group_id
        self.bootstrap = bootstrap
        self.db = db
        self.tables = tables
        self.handlers = handlers
        self.dead_letter = dead_letter
        self.max_attempts = max_attempts
        self.stats = ConsumerStats()
        self._consumer: AIOKafkaConsumer | None = None
        # A failed consumer is replaced by a fresh one (aiokafka's cannot restart), with backoff.
        self.loop = Loop(f"consumer-{name}", self._consume, interval=0, backoff=(0.5, 10), on_error=self._on_failure)
        self.assigned: set[TopicPartition] = set()
        if tables is not None:
            # Event ids are claimed with one statement; the ids it returns are the new ones.
            dialect_insert = postgresql.insert if db.dialect == "postgresql" else sqlite.insert
            processed = tables.processed
            self._claim_ids = dialect_insert(processed).on_conflict_do_nothing().returning(processed.c.event_id)

    async def run(self) -> None:
        """Consume until stopped; reconnects (with a new consumer) after broker failures."""
        await self.loop.run()

    async def stop(self) -> None:
        await self.loop.stop()

    async def _on_failure(self, exc: BaseException) -> None:
        self.stats.last_error = repr(exc)

    async def _consume(self) -> None:
        """One consumer's life: start it, consume until stopped or the broker fails, stop it."""
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            **client_options(self.security),
            group_id=self.group_id,
            client_id=f"{self.group_id}-{self.name}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            max_poll_records=200,
            session_timeout_ms=10000,
            heartbeat_interval_ms=1000,
            max_poll_interval_ms=300000,
        )
        held = _HeldOffsets(self, consumer)
        try:
            consumer.subscribe(self.topics, listener=held)
            await consumer.start()
            self._consumer = consumer
            self.loop.healthy()
            await self._loop(consumer, held)
        finally:
            self._consumer = None
            with contextlib.suppress(Exception):
                await stop_consumer(consumer)

    async def _loop(self, consumer: AIOKafkaConsumer, held: _HeldOffsets) -> None:
        last_commit = time.monotonic()
        pace = FetchPace()
        try:
            while not self.loop.stopping:
                batches = await consumer.getmany(timeout_ms=300, max_records=200)
                pace.polled(consumer, sum(map(len, batches.values())))
                self.assigned = set(consumer.assignment())
                polled_under = held.assignments
                for tp, records in batches.items():
                    dead_lettered = self.stats.dead_lettered
                    done = await self.process_batch(records)
                    # rebalanced meanwhile: whoever owns it now reads on from its committed offset
                    rebalanced = held.assignments != polled_under
                    if done and not rebalanced:
                        held.offsets[tp] = records[done - 1].offset + 1
                    if done < len(records):
                        return  # stopping: what was done is committed below, the rest read again by the next owner
                    if rebalanced:
                        continue
                    if self.stats.dead_lettered > dead_lettered:  # read again, it would be dead-lettered again
                        await self._commit(consumer, {tp: held.offsets.pop(tp)})
                if held.offsets and time.monotonic() - last_commit >= self.COMMIT_SECONDS:
                    await self._commit(consumer, held.take())
                    last_commit = time.monotonic()
        finally:
            if held.offsets:
                with contextlib.suppress(Exception):  # best effort: otherwise they are read again, and change nothing
                    await asyncio.wait_for(self._commit(consumer, held.take()), 2)

    COMMIT_SECONDS = 1.0

    async def _commit(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        owned = consumer.assignment()
        offsets = {tp: offset for tp, offset in offsets.items() if tp in owned}  # a rebalance took the rest
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
            self.stats.commits += 1
        except CommitFailedError as exc:
            # Rebalanced away: the new owner re-reads; processed_events makes that harmless.
            log.info("commit skipped after rebalance on %s: %s", list(offsets), exc)

    async def process_batch(self, records: list[ConsumerRecord]) -> int:
        """Apply one partition's polled records; how many were done (all but when stopped
        part-way). Poison is dead-lettered in offset order with the rest, so that what is done
        (committed at the stop) never includes a record whose dead letter is still to come."""
        decoded = [(record, self._decode(record)) for record in records]
        ready = [item for _, item in decoded if isinstance(item, _Ready)]
        if len(ready) > 1 and await self._apply_batch(ready):
            for done, (record, item) in enumerate(decoded):
                if isinstance(item, str):
                    try:
                        await self._dead_letter(record, item)
                    except _Stopped:
                        return done  # the batch's events are read again (and change nothing), this poison too
            return len(records)
        # one at a time: a single event, or a batch that failed somewhere
        for done, (record, item) in enumerate(decoded):
            if self.loop.stopping:
                return done
            try:
                await self._process_one(record, item)
            except _Stopped:
                return done
        return len(records)

    async def process(self, record: ConsumerRecord) -> None:
        """Apply one record in its own transaction."""
        try:
            await self._process_one(record, self._decode(record))
        except _Stopped as exc:
            raise asyncio.CancelledError() from exc

    async def _process_one(self, record: ConsumerRecord, item: _Ready | str | None) -> None:
        if isinstance(item, str):
            await self._dead_letter(record, item)
        elif item is not None:
            await self._process_traced(item)

    def _decode(self, record: ConsumerRecord) -> _Ready | str | None:
        """The record with its envelope, data and handler; why it is poison (to be
        dead-lettered); or None: not this consumer's (skipped)."""
        type_ = _catalogued_type(record.headers)
        if type_ is not None and type_ not in self.handlers:
            # Not this consumer's business, and known: skipped unread. Consumers on a busy topic
            # that want one type of it (every service's revocations) decoded every event first.
            self._skip(record, type_)
            return None
        try:
            env = decode_message(record.key, record.value, record.headers)
            data = parse_event(env)
        except PoisonMessage as exc:
            return exc.reason
        handler = self.handlers.get(env.type)
        if handler is None:
            self._skip(record, env.type)
            return None
        return _Ready(record, env, data, handler)

    def _skip(self, record: ConsumerRecord, type_: str) -> None:
        self.stats.skipped += 1
        metrics.CONSUMER_EVENTS.labels(self.service, self.name, record.topic, type_, "skipped").inc()

    @contextlib.contextmanager
    def _traced(self, item: _Ready):
        """The handler runs inside a consumer span (a child of the producer's trace) and with
        the event's ids bound to every log line it writes."""
        with tracing.consumer_span(self.service, self.name, item.record, item.env) as span:
            log_context = {"event_id": item.env.id, "event_type": item.env.type}
            application_id = (item.env.data or {}).get("application_id")
            if application_id:
                log_context["application_id"] = str(application_id)
            ids = tracing.current_ids()
            if ids is not None:
                log_context["trace_id"], log_context["span_id"] = ids
            with structlog.contextvars.bound_contextvars(**log_context):
                yield span

    async def _process_traced(self, item: _Ready) -> None:
        with self._traced(item) as span:
            await self._process_event(item.record, item.env, item.data, item.handler, span)

    async def _apply_batch(self, items: list[_Ready]) -> bool:
        """All of a batch in one transaction; False (nothing applied) if any part of it failed."""
        applied: list[tuple[_Ready, float]] = []
        duplicates: list[_Ready] = []
        try:
            async with self.db.session() as session, session.begin():
                first = {item.env.id: item for item in reversed(items)}  # the earliest of any repeats
                claimed = await self._claim(session, [item.env for item in first.values()])
                fresh: list[_Ready] = []
                for item in items:
                    (fresh if item.env.id in claimed and first[item.env.id] is item else duplicates).append(item)
                if self.read_ahead is not None and len(fresh) > 1:
                    await self.read_ahead(session, [(item.data, item.env) for item in fresh])
                for item in fresh:
                    started = time.perf_counter()
                    with self._traced(item) as span:
                        await item.handler(session, item.data, item.env)
                        # Each handler reads what the ones before it wrote, never a stale copy.
                        await session.flush()
                        session.expunge_all()
                        if span is not None and span.is_recording():
                            span.set_attribute("corridor.batch_size", len(items))
                    applied.append((item, time.perf_counter() - started))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - rolled back; each event is tried on its own next
            log.warning("consumer %s: batch of %d rolled back (%r); applying one at a time", self.name, len(items), exc)
            return False
        labels = (self.service, self.name)
        for item, seconds in applied:
            metrics.CONSUMER_HANDLER_SECONDS.labels(*labels, item.env.type).observe(seconds)
            metrics.CONSUMER_EVENTS.labels(*labels, item.record.topic, item.env.type, "applied").inc()
        for item in duplicates:
            metrics.CONSUMER_EVENTS.labels(*labels, item.record.topic, item.env.type, "duplicate").inc()
        self.stats.handled += len(applied)
        self.stats.duplicates += len(duplicates)
        self.stats.batches += 1
        return True

    async def _process_event(self, record: ConsumerRecord, env: Envelope, data, handler: Handler, span=None) -> None:
        labels = (self.service, self.name)
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            try:
                applied = await self._apply(handler, env, data)
                metrics.CONSUMER_HANDLER_SECONDS.labels(*labels, env.type).observe(time.perf_counter() - started)
                outcome = "applied" if applied else "duplicate"
                metrics.CONSUMER_EVENTS.labels(*labels, record.topic, env.type, outcome).inc()
                if span is not None and span.is_recording():
                    span.set_attribute("corridor.outcome", outcome)
                if applied:
                    self.stats.handled += 1
                else:
                    self.stats.duplicates += 1
                return
            except (PermanentError, PoisonMessage) as exc:
                metrics.CONSUMER_HANDLER_SECONDS.labels(*labels, env.type).observe(time.perf_counter() - started)
                tracing.mark_error(span, exc)
                await self._dead_letter(record, f"rejected by handler: {without_values(exc)}")
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                metrics.CONSUMER_HANDLER_SECONDS.labels(*labels, env.type).observe(time.perf_counter() - started)
                metrics.CONSUMER_FAILURES.labels(*labels, env.type).inc()
                tracing.mark_error(span, exc)
                self.stats.failures += 1
                said = without_values(exc)
                self.stats.last_error = said
                transient = isinstance(exc, TRANSIENT) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)
                if not transient and attempt >= self.max_attempts:
                    await self._dead_letter(record, f"handler failed {attempt} times: {said}")
                    return
                delay = min(0.2 * 2 ** min(attempt, 6), 10) * (0.5 + random.random() / 2)
                log.warning("consumer %s: %s on %s, retry %d in %.1fs", self.name, said, env.id, attempt, delay)
                await self.loop.wait(delay)
                if self.loop.stopping:
                    raise _Stopped() from exc

    async def _apply(self, handler: Handler, env: Envelope, data: EventData | None) -> bool:
        """The event's effect and the record of its id commit together, or not at all."""
        async with self.db.session() as session, session.begin():
            if not await self._claim(session, [env]):
                return False
            await handler(session, data, env)
        return True

    async def _claim(self, session: AsyncSession, envs: list[Envelope]) -> set[str]:
        """Record the events' ids as processed; returns the ids not recorded before (a claim
        racing another instance's waits for its transaction, then counts as recorded)."""
        now = utcnow()
        return set(
            await session.scalars(
                self._claim_ids,
                [
                    {"consumer": self.name, "event_id": env.id, "event_type": env.type, "processed_at": now}
                    for env in envs
                ],
            )
        )

    async def _dead_letter(self, record: ConsumerRecord, reason: str) -> None:
        log.error("dead-lettering %s[%d]@%d: %s", record.topic, record.partition, record.offset, reason)
        backoff = 0.5
        while True:  # a dead letter must not be lost either
            try:
                await self.dead_letter(record, reason)
                self.stats.dead_lettered += 1
                metrics.CONSUMER_DEAD_LETTERED.labels(self.service, self.name, record.topic).inc()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("dead-letter publish failed: %r", exc)
                await self.loop.wait(backoff)
                backoff = min(backoff * 2, 10)
                if self.loop.stopping:
                    raise _Stopped() from exc

    async def lag(self) -> dict[str, int] | None:
        """Consumer lag per assigned partition: end offset minus the committed offset (what
        ``kafka-consumer-groups`` shows; records fetched but held by a handler retrying count).
        None when it cannot be read (no consumer running, the broker away, a login or an ACL
        refused): not "no lag", which would silence the alerts on it."""
        consumer = self._consumer
        if consumer is None:
            return None
        out: dict[str, int] = {}
        try:
            parts = list(consumer.assignment())
            ends = await consumer.end_offsets(parts)
            for tp in parts:
                done = await consumer.committed(tp)
                if done is None:  # nothing committed yet: from where it reads
                    done = await consumer.position(tp)
                out[f"{tp.topic}[{tp.partition}]"] = max(0, ends[tp] - done)
        except Exception:  # noqa: BLE001 - lag is a metric: unknown, said as such, rather than failing the scrape
            return None
        return out
