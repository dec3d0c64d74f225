"""The transactional outbox.

A state change and the event it causes are written in one transaction (``add_event``;
many at once: ``encode_events`` or ``encode_payloads`` + ``stage_rows``, COPY on PostgreSQL,
in their order).
The event is stored already encoded for Kafka. The relay publishes the rows in id order
with the idempotent producer, waits for every acknowledgement (acks=all), then deletes
them. If Kafka is down the rows wait; if the relay dies between publishing and deleting,
the rows are published again and consumers
drop the duplicates by event id. On PostgreSQL an advisory lock lets one relay of several
instances publish at a time, which keeps per-key order across instances.
"""

from __future__ import annotations

import asyncio
import json
import logging
import struct
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import MessageSizeTooLargeError
from aiokafka.producer.message_accumulator import BatchBuilder
from sqlalchemy import Table, any_, bindparam, func, insert, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics, tracing
from shared.clock import aware, utcnow
from shared.db import PLAN_WITH_VALUES, Database
from shared.events.catalog import EventData, spec_for, type_of
from shared.events.envelope import CONTENT_TYPE, Envelope, encode_envelope, new_event
from shared.events.ids import uuid7_strings
from shared.heap import paused_gc
from shared.kafka.producer import MAX_REQUEST_BYTES, PARTITIONER, make_producer
from shared.kafka.security import KafkaSecurity
from shared.tables import InfraTables
from shared.workers import Loop

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
    env, topic = _new_envelope(data, source=source, key=key, subject=subject, traceparent=traceparent)
    await stage_envelope(session, tables, env, topic)
    return env


def mark_staged(session: AsyncSession) -> None:
    """Events were staged in this session's transaction: ``shared.db.Database`` wakes the relay
    after its commit."""
    session.info["outbox_dirty"] = True


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
    env, topic = _new_envelope(data, source=source, key=key, subject=subject, traceparent=traceparent)
    mark_staged(session)
    return _event_insert_statement(tables), outbox_row(env, topic)


async def add_tombstone(session: AsyncSession, tables: InfraTables, *, key: str, subject: str, source: str) -> Envelope:
    """Stage a compacted-topic delete: the catalog.deleted type with a null value."""
    spec = spec_for("org.corridor.catalog.deleted.v1")
    env = new_event(spec.type, None, source=source, key=key, subject=subject)
    await stage_envelope(session, tables, env, spec.topic.value)
    return env


async def stage_envelope(session: AsyncSession, tables: InfraTables, env: Envelope, topic: str) -> None:
    await session.execute(_event_insert_statement(tables), outbox_row(env, topic))
    mark_staged(session)


def _new_envelope(
    data: EventData, *, source: str, key: str | None, subject: str | None, traceparent: str | None
) -> tuple[Envelope, str]:
    """The envelope of a catalogued event and the topic it goes to."""
    type_ = type_of(data)
    spec = spec_for(type_)
    key = key if key is not None else str(getattr(data, spec.key))
    env = new_event(type_, data, source=source, key=key, subject=subject)
    # The trace this change belongs to travels with the event (ce_traceparent).
    env.traceparent = traceparent if traceparent is not None else tracing.current_traceparent()
    return env, spec.topic.value


OUTBOX_COLUMNS = ("event_id", "topic", "key", "event_type", "headers", "payload", "created_at", "attempts")
_event_inserts: dict[int, object] = {}


def _event_insert_statement(tables: InfraTables):
    """One INSERT per outbox table, built once (bind names kept apart from the columns', so
    the statement can also sit in a CTE next to others)."""
    statement = _event_inserts.get(id(tables.outbox))
    if statement is None:
        table = tables.outbox
        statement = insert(table).values({c: bindparam(f"outbox_{c}", type_=table.c[c].type) for c in OUTBOX_COLUMNS})
        _event_inserts[id(tables.outbox)] = statement
    return statement


def outbox_row(env: Envelope, topic: str) -> dict:
    """The outbox row of an envelope: encoded for Kafka now, in the writer's transaction, so
    the relay's work per event is reading and sending bytes."""
    _key, value, headers = encode_envelope(env)
    return {
        "outbox_event_id": env.id,
        "outbox_topic": topic,
        "outbox_key": env.key,
        "outbox_event_type": env.type,
        "outbox_headers": [part for name, raw in headers for part in (name, raw.decode())],
        "outbox_payload": value,
        "outbox_created_at": utcnow(),
        "outbox_attempts": 0,
    }


_JSON = json.JSONEncoder()  # json.dumps's defaults, as the CloudEvents JSON format writes data


def ce_time(at: datetime) -> str:
    """A time as the CloudEvents Kafka binding writes it (``ce_time``): ISO 8601, UTC as Z."""
    text = at.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def encode_events(
    events: Iterable[tuple[str, Mapping[str, Any]]], *, source: str, traceparent: str | None = None
) -> list[tuple]:
    """Many events at once as outbox rows (tuples in ``OUTBOX_COLUMNS`` order), without an
    Envelope, a CloudEvent or a pydantic model per event. Each is ``(type, data)``, ``data``
    being what the type's model dumps (``model_dump(mode="json")``: its fields in order); the
    key is the type's key field, the subject the key. The rows are byte for byte what
    ``add_event`` stages (the same headers in the same order, the same JSON), with ids of
    their own and one time for all: they are staged together."""
    encode = _JSON.encode
    keys: dict[str, str] = {}  # type -> its key field
    encoded = []
    for type_, data in events:
        key_field = keys.get(type_)
        if key_field is None:
            key_field = keys[type_] = spec_for(type_).key
        encoded.append((type_, str(data[key_field]), encode(data).encode()))
    return encode_payloads(encoded, source=source, traceparent=traceparent)


def encode_payloads(
    events: Sequence[tuple[str, str, bytes]], *, source: str, traceparent: str | None = None
) -> list[tuple]:
    """Like ``encode_events`` for events whose data is already JSON: ``(type, key, payload)``,
    the payload being exactly what ``json.dumps`` writes of the type's model dump (for writers
    that build the JSON of many events from their columns) and the key its key field."""
    now = utcnow()
    at = ce_time(now)
    traceparent = traceparent if traceparent is not None else tracing.current_traceparent()
    trace = ["ce_traceparent", traceparent] if traceparent else []
    topics: dict[str, str] = {}  # type -> topic
    rows = []
    for (type_, key, payload), event_id in zip(events, uuid7_strings(len(events)), strict=True):
        topic = topics.get(type_)
        if topic is None:
            topic = topics[type_] = spec_for(type_).topic.value
        headers = ["ce_id", event_id, "ce_source", source, "ce_type", type_, "ce_specversion", "1.0"]
        headers += ["ce_time", at, "content-type", CONTENT_TYPE]
        if key:  # the subject is the key; an empty one is left out, as the binding does
            headers += ["ce_subject", key]
        rows.append((event_id, topic, key, type_, headers + trace, payload, now, 0))
    return rows


async def stage_rows(session: AsyncSession, tables: InfraTables, rows: Sequence[tuple]) -> None:
    """Stage rows from ``encode_events`` in the caller's transaction, in their order."""
    if rows:
        await bulk_insert(session, tables.outbox, OUTBOX_COLUMNS, rows)
        mark_staged(session)


_COPY_CHUNK = 10_000  # rows encoded at a time: memory stays bounded, the event loop free


async def _copy_chunks(rows: Sequence[tuple], binary: Callable[[Sequence[tuple]], bytes]) -> AsyncIterator[bytes]:
    """The rows as COPY's binary format (header, rows, trailer), a chunk at a time, each
    encoded off the event loop."""
    yield _PGCOPY_HEADER
    for start in range(0, len(rows), _COPY_CHUNK):
        yield await asyncio.to_thread(binary, rows[start : start + _COPY_CHUNK])
    yield _PGCOPY_TRAILER


# COPY's binary format (PostgreSQL's "COPY ... FORMAT binary"): a signature, flags (none) and
# the header extension's length (none); each row its field count and each field its length
# (-1: NULL) and value as the type's binary form; a field count of -1 ends the data.
_PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_PGCOPY_TRAILER = b"\xff\xff"
_NULL = b"\xff\xff\xff\xff"
_TEXT_OID = 25  # the headers' element type: text[]
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # a timestamptz is microseconds since
_MICROSECOND = timedelta(microseconds=1)
_ROW_START = struct.pack(">h", len(OUTBOX_COLUMNS))
_ARRAY_HEAD = struct.Struct(">iiiiii")  # length, dimensions, has nulls, element type, size, lower bound
_INT4 = struct.Struct(">ii")  # length 4, the value
_INT8 = struct.Struct(">iq")  # length 8, the value
_LENGTH = struct.Struct(">i")


def outbox_copy_rows(rows: Iterable[tuple]) -> bytes:
    """Outbox rows (``OUTBOX_COLUMNS`` order, as ``encode_events`` builds them) as the rows
    of a binary COPY, without its header and trailer."""
    length = _LENGTH.pack
    # a row's topic, type and time and most headers repeat (None: a NULL element)
    memo: dict[Any, bytes] = {None: _NULL}
    known = memo.get

    def text_field(value: str) -> bytes:
        raw = value.encode()
        field = memo[value] = length(len(raw)) + raw
        return field

    out: list[bytes] = []
    append = out.append
    for event_id, topic, key, type_, headers, payload, created_at, attempts in rows:
        append(_ROW_START)
        raw = event_id.encode()
        append(length(len(raw)) + raw)
        append(known(topic) or text_field(topic))
        if key is None:
            append(_NULL)
        else:
            raw = key.encode()
            append(length(len(raw)) + raw)
        append(known(type_) or text_field(type_))
        elements = b"".join([known(h) or text_field(h) for h in headers])
        has_null = None in headers
        append(_ARRAY_HEAD.pack(20 + len(elements), 1, has_null, _TEXT_OID, len(headers), 1) + elements)
        if payload is None:
            append(_NULL)
        else:
            append(length(len(payload)) + payload)
        at = known(created_at)
        if at is None:
            at = memo[created_at] = _INT8.pack(8, (created_at - _PG_EPOCH) // _MICROSECOND)
        append(at)
        append(_INT4.pack(4, attempts))
    return b"".join(out)


_OUTBOX_BINDS = tuple(f"outbox_{c}" for c in OUTBOX_COLUMNS)


async def stage_row(session: AsyncSession, tables: InfraTables, row: tuple) -> None:
    """Stage one row from ``encode_events`` in the caller's transaction with the outbox's
    INSERT: for a single event, COPY's set-up (``stage_rows``) costs more than it saves."""
    await session.execute(_event_insert_statement(tables), dict(zip(_OUTBOX_BINDS, row, strict=True)))
    mark_staged(session)


async def bulk_insert(
    session: AsyncSession,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    encoded: Collection[str] = (),
) -> None:
    """Insert many rows (tuples in ``columns`` order, values as an INSERT takes them) in the
    session's transaction, in their order: PostgreSQL's COPY on the session's own
    connection, one executemany INSERT elsewhere (SQLite). For the outbox and for the rows
    its events announce, written together in bulk. ``encoded`` names JSON columns whose
    values are given already as JSON text (``json.dumps``'s), as the writer built them.
    Outbox rows (``OUTBOX_COLUMNS``) go as binary COPY rows written here (``outbox_copy_rows``):
    the driver's own encoding checks each header (a text[] element) against two abstract
    base classes, a Python call each, more than the rest of the outbox's encoding."""
    if not rows:
        return
    await session.flush()  # what the session holds goes first, as before any statement
    conn = await session.connection()
    dialect = conn.dialect
    if dialect.name != "postgresql":
        if encoded:  # the column's own type serialises again: hand it the values
            at = [columns.index(c) for c in encoded]
            rows = [tuple(json.loads(v) if i in at else v for i, v in enumerate(row)) for row in rows]
        await session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    driver = (await conn.get_raw_connection()).driver_connection
    if not driver.is_in_transaction():  # the driver begins the session's transaction with a first statement
        await conn.execute(text("SELECT 1"))
    binary = outbox_copy_rows if (table.name, tuple(columns)) == ("outbox", OUTBOX_COLUMNS) else None
    if binary is not None:
        source = _copy_chunks(rows, binary)
        await driver.copy_to_table(
            table.name, source=source, columns=list(columns), schema_name=table.schema, format="binary"
        )
        return
    await copy_records(driver, dialect, table, columns, rows, encoded=encoded)


async def copy_records(
    driver: Any,
    dialect: Any,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    encoded: Collection[str] = (),
    in_thread: bool = True,
) -> None:
    """COPY ``rows`` (tuples in ``columns`` order, values as an INSERT takes them) into
    ``table`` on an asyncpg connection already in its transaction. COPY skips SQLAlchemy's
    parameter handling: the columns' own (JSON serialised, ...) is applied here, column by
    column, in a thread unless ``in_thread`` is false (a round's rows: seconds of JSON; a
    consumer batch's few thousand took less than the handing over); a JSON column named in
    ``encoded`` is given as text already and goes as it is."""
    processors = [
        None if c in encoded else table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns
    ]
    if any(p is not None for p in processors):
        rows = await asyncio.to_thread(_bound, rows, processors) if in_thread else _bound(rows, processors)
    await driver.copy_records_to_table(table.name, records=rows, columns=list(columns), schema_name=table.schema)


def _bound(rows: Sequence[tuple], processors: Sequence[Any]) -> list[tuple]:
    """The rows with each column's bind processor (if any) applied."""
    with paused_gc():
        columns = zip(*rows, strict=True)
        values = [v if p is None else list(map(p, v)) for v, p in zip(columns, processors, strict=True)]
        return list(zip(*values, strict=True))


def kafka_headers(flat: list[str]) -> list[tuple[str, bytes]]:
    """A row's stored headers ([name, value, name, value, ...]) as aiokafka takes them."""
    return list(zip(flat[::2], map(str.encode, flat[1::2]), strict=True))  # half the time of a comprehension


class KafkaLink:
    """The service's producer, started lazily and rebuilt after a broker failure."""

    def __init__(self, bootstrap: str, client_id: str, security: KafkaSecurity | None = None):
        self.bootstrap = bootstrap
        self.client_id = client_id
        self.security = security
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()

    async def producer(self) -> AIOKafkaProducer:
        async with self._lock:
            if self._producer is None:
                producer = make_producer(self.bootstrap, client_id=self.client_id, security=self.security)
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
                except Exception:  # noqa: BLE001 - a producer that cannot stop cleanly is dropped anyway
                    pass

    async def send_raw(self, topic: str, *, key, value, headers) -> None:
        producer = await self.producer()
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)

    async def close(self) -> None:
        await self.reset()


def _observe(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()  # retrieved: no "exception was never retrieved" noise


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        tables: InfraTables,
        link: KafkaLink,
        *,
        batch_size: int = 5000,
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
        self.name = "outbox-relay"
        # After a wake-up, ``coalesce_seconds`` lets the commits of a burst share one batch.
        self.loop = Loop(
            self.name,
            self.publish_pending,
            interval=poll_seconds,
            backoff=(0.2, 5.0),
            settle=coalesce_seconds,
            on_error=self._reset_link,
        )
        self.published = 0
        self._lock_id = zlib.crc32(b"corridor-outbox-relay")
        outbox = tables.outbox
        # Published rows are deleted, not marked: cheaper than an update that touches every
        # index, and the outbox never grows beyond what is still to be sent.
        if db.dialect == "postgresql":  # one array parameter rather than 500 expanded ones
            ids = bindparam("ids", type_=postgresql.ARRAY(outbox.c.id.type))
            self._delete_sent = outbox.delete().where(outbox.c.id == any_(ids))
        else:
            self._delete_sent = outbox.delete().where(outbox.c.id.in_(bindparam("ids", expanding=True)))

    def wake(self) -> None:
        self.loop.wake()

    @property
    def last_error(self) -> str | None:
        return self.loop.last_error

    async def run(self) -> None:
        await self.loop.run()

    async def stop(self) -> None:
        await self.loop.stop()

    async def _reset_link(self, _exc: BaseException) -> None:
        await self.link.reset()

    async def publish_pending(self) -> int:
        """Publish the staged rows; returns how many were published (and deleted).

        Pipelined: while the acknowledgements of one batch are awaited, the next batch is
        already read and sent, and the transaction that reads batch N+1 deletes batch N.
        A row is still deleted only after its own ack, so a failure anywhere leaves the
        unacknowledged rows staged; they are published again from the first staged row
        (consumers drop the duplicates by event id). Per-partition order is the producer's
        (idempotent, in order), as within one batch.

        With ``coalesce_seconds`` set, a batch that came back short ends the drain (its rows
        deleted once acknowledged): the rows committed since wait for the next wake-up, which
        the commits of that window share. Reading on until a read came back empty never ended
        under a steady stream of small commits (an e-mail's delivery each, ~400 a second in a
        round): the relay read a few rows at a time, each read a transaction, and the
        coalescing was never reached. Without it (matching), the drain reads on until a read
        comes back empty, as before."""
        in_flight: tuple[list, list] | None = None  # (rows, their send futures)
        cursor = None  # the last id in flight: the next batch starts after it
        total = 0
        futures: list = []
        reading = True
        try:
            while True:
                async with self.db.session() as session, session.begin():
                    rows: list = []
                    if reading and await self._leader(session):
                        rows = await self._next_rows(session, cursor)
                    futures = []
                    if rows:
                        await self._send(rows, futures)
                    if in_flight is not None:
                        # Not deleted before their acks; that needs no lock, only the acks.
                        total += await self._delete_acked(session, *in_flight)
                in_flight, cursor = (rows, futures), (rows[-1][0] if rows else cursor)
                if not rows:
                    return total
                reading = len(rows) >= self.batch_size or self.coalesce_seconds <= 0
        except BaseException:
            # The sends still outstanding will fail or succeed unobserved; their rows stay staged.
            for future in futures + (in_flight[1] if in_flight else []):
                future.add_done_callback(_observe)
            raise

    async def _leader(self, session: AsyncSession) -> bool:
        """On PostgreSQL one relay of several instances publishes at a time; the same statement
        has the transaction's reads planned with their values (``shared.db.plan_with_values``:
        the outbox is empty between bursts)."""
        if self.db.dialect != "postgresql":
            return True
        leader = text(f"SELECT pg_try_advisory_xact_lock(:k), {PLAN_WITH_VALUES}")
        return bool(await session.scalar(leader, {"k": self._lock_id}))

    async def _next_rows(self, session: AsyncSession, after_id: int | None) -> list:
        """Up to a batch of rows after ``after_id``: (id, topic, event_type, key, headers, payload)."""
        if self.db.dialect == "postgresql":
            # The driver's own rows: the relay's hottest read, without a result layer around it.
            conn = await (await session.connection()).get_raw_connection()
            return await conn.driver_connection.fetch(
                "SELECT id, topic, event_type, key, headers, payload FROM outbox WHERE id > $1 ORDER BY id LIMIT $2",
                after_id if after_id is not None else 0,
                self.batch_size,
            )
        outbox = self.tables.outbox
        query = (
            select(outbox.c.id, outbox.c.topic, outbox.c.event_type, outbox.c.key, outbox.c.headers, outbox.c.payload)
            .order_by(outbox.c.id)
            .limit(self.batch_size)
        )
        if after_id is not None:
            query = query.where(outbox.c.id > after_id)
        return list((await session.execute(query)).all())

    async def _send(self, rows: list, futures: list) -> None:
        """Send the rows as one record batch per (topic, partition), in their order, appending each
        batch's future to ``futures`` as it goes.

        The batches are built with aiokafka's native builder and handed over whole
        (``send_batch``): a ``send`` per row cost a future, an accumulator lookup and a done
        callback for each event, most of the relay's CPU. The partition is the one ``send``
        would choose (the producer's ``KeyPartitioner``; a row without a key, one with a
        leader), so each key keeps its partition and its order; a partition's batches go in
        order, and the idempotent producer keeps them so. A batch is one future: its rows are
        acknowledged, or not, together."""
        producer = await self.link.producer()
        traced = tracing.enabled(self.service)
        partitions: dict[str, tuple[list[int], list[int]]] = {}  # topic -> (all, with a leader)
        batches: dict[tuple[str, int], BatchBuilder] = {}
        for row_id, topic, event_type, key, flat, payload in rows:
            if payload is not None and len(payload) > MAX_REQUEST_BYTES:  # as send() refuses it
                raise MessageSizeTooLargeError(f"outbox row {row_id}: {len(payload)} bytes, over {MAX_REQUEST_BYTES}")
            key = key.encode() if key is not None else None
            headers = kafka_headers(flat)
            known = partitions.get(topic)
            if known is None:
                every = sorted(await producer.partitions_for(topic))
                led = sorted(producer.client.cluster.available_partitions_for_topic(topic) or ())
                known = partitions[topic] = (every, led)
            where = (topic, PARTITIONER(key, *known))
            if traced:
                staged = dict(zip(flat[::2], flat[1::2], strict=False))
                with tracing.producer_span(
                    self.service, topic, staged.get("ce_id", ""), event_type, staged.get("ce_traceparent")
                ) as traceparent:
                    if traceparent is not None:  # the consumer's span becomes a child of this one
                        headers = [(n, v) for n, v in headers if n != "ce_traceparent"]
                        headers.append(("ce_traceparent", traceparent.encode()))
            batch = batches.get(where)
            if batch is None:
                batch = batches[where] = producer.create_batch()
            if batch.append(timestamp=None, key=key, value=payload, headers=headers) is None:
                # full: send it, and begin the next with this row
                futures.append(await producer.send_batch(batch, where[0], partition=where[1]))
                batch = batches[where] = producer.create_batch()
                if batch.append(timestamp=None, key=key, value=payload, headers=headers) is None:
                    # never so far (a batch's first record always fits); were it so, an empty
                    # batch would be acknowledged without the row and the row deleted
                    raise RuntimeError(f"outbox row {row_id} does not fit an empty record batch")
        for (topic, partition), batch in batches.items():
            batch.close()  # closed: sent at once, and no other send() joins it
            futures.append(await producer.send_batch(batch, topic, partition=partition))

    async def _delete_acked(self, session: AsyncSession, rows: list, futures: list) -> int:
        await asyncio.wait_for(asyncio.gather(*futures), timeout=30)
        await session.execute(self._delete_sent, {"ids": [row[0] for row in rows]})
        self.published += len(rows)
        # counted per (topic, type) of the batch: a label lookup per row was a tenth of the relay's CPU
        for (topic, event_type), n in Counter((row[1], row[2]) for row in rows).items():
            metrics.EVENTS_PUBLISHED.labels(self.service, topic, event_type).inc(n)
        return len(rows)

    async def backlog(self) -> tuple[int, float]:
        """(rows waiting to be published, age in seconds of the oldest)."""
        outbox = self.tables.outbox
        async with self.db.session() as session:
            count, oldest = (await session.execute(select(func.count(), func.min(outbox.c.created_at)))).one()
        age = 0.0
        if oldest is not None:
            age = (utcnow() - aware(oldest)).total_seconds()
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
            ("dlq_time", utcnow().isoformat().encode()),
        ]
        value = record.value
        if value is not None and len(value) > 900_000:
            value = value[:900_000]  # oversized input: keep what fits, the reason says so
            headers.append(("dlq_truncated", b"true"))
        await link.send_raw(f"{record.topic}.dlq", key=record.key, value=value, headers=headers)

    return publish
