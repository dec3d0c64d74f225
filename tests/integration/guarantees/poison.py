"""Poison records for the consumed topics: what each kind looks like and why it is refused."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from tests.support.kafka import producer as kafka_producer

# Just under the broker's default message.max.bytes (1048588) once headers are added.
OVERSIZED_BYTES = 1_000_000


@dataclass(frozen=True)
class Poison:
    kind: str
    reason_fragment: str  # what dlq_reason must contain
    headers: list[tuple[str, bytes]]
    value: bytes


def ce_headers(event_id: str, type_: str, kind: str) -> list[tuple[str, bytes]]:
    return [
        ("ce_id", event_id.encode()),
        ("ce_type", type_.encode()),
        ("ce_source", b"/corridor/tests/poison"),
        ("ce_specversion", b"1.0"),
        ("ce_time", datetime.now(UTC).isoformat().encode()),
        ("content-type", b"application/json"),
        ("probe", kind.encode()),
    ]


def poisons(known_type: str) -> list[Poison]:
    """Malformed bytes, an unknown type, a schema-invalid event and an oversized message."""

    def eid() -> str:
        return str(uuid.uuid4())

    return [
        Poison("malformed", "undecodable", ce_headers(eid(), known_type, "malformed"), b"\xff\xfe{not json at all"),
        Poison("no-headers", "not a CloudEvent", [("probe", b"no-headers")], b'{"hello": "world"}'),
        Poison(
            "unknown-type",
            "unknown event type",
            ce_headers(eid(), "org.corridor.nothing.happened.v1", "unknown-type"),
            json.dumps({"hello": "world"}).encode(),
        ),
        Poison(
            "schema-invalid",
            "schema-invalid",
            ce_headers(eid(), known_type, "schema-invalid"),
            json.dumps({"unexpected": True}).encode(),
        ),
        # A JSON text cut short at ~1 MB: undecodable, and too big to keep whole in the DLQ.
        Poison(
            "oversized",
            "undecodable",
            ce_headers(eid(), known_type, "oversized"),
            b'{"padding": "' + b"x" * OVERSIZED_BYTES,
        ),
    ]


async def send_raw(
    bootstrap: str, topic: str, key: bytes, records: list[tuple[list[tuple[str, bytes]], bytes]]
) -> None:
    """Bytes as they are, in order, on one partition (one key); big requests allowed."""
    producer = kafka_producer(
        bootstrap_servers=bootstrap, enable_idempotence=True, acks="all", max_request_size=2 * 1024 * 1024
    )
    await producer.start()
    try:
        for headers, value in records:
            await producer.send_and_wait(topic, key=key, value=value, headers=headers)
    finally:
        await producer.stop()
