"""The CloudEvents 1.0 envelope and its Kafka protocol binding (binary content mode).

On Kafka a Corridor event is: key = the partition key (application id, or entity id on the
catalog topic); headers ``ce_id``, ``ce_source``, ``ce_type``, ``ce_subject``, ``ce_time``,
``ce_specversion`` and ``content-type: application/json``; value = the JSON ``data``.
A compacted-topic tombstone is the same headers with a null value.
Any standard CloudEvents Kafka consumer reads it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from pydantic import BaseModel, Field

from shared.clock import utcnow
from shared.events.ids import uuid7_string

CONTENT_TYPE = "application/json"
_FORMAT = JSONFormat()


class PoisonMessage(Exception):
    """A message that can never be processed (undecodable, unknown type, schema-invalid)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Envelope(BaseModel):
    id: str = Field(default_factory=uuid7_string)  # time-ordered: shared.events.ids
    source: str
    type: str
    subject: str | None = None
    time: datetime = Field(default_factory=utcnow)
    datacontenttype: str = CONTENT_TYPE
    specversion: str = "1.0"
    data: dict[str, Any] | None = None
    # Not a CloudEvents attribute: the Kafka key this event is published under.
    key: str | None = None
    # W3C trace context (CloudEvents distributed-tracing extension), when tracing is on.
    traceparent: str | None = None


def new_event(type_: str, data: BaseModel | None, *, source: str, key: str, subject: str | None = None) -> Envelope:
    """Build an envelope for a catalogued event type; ``data`` is that type's model."""
    payload = None if data is None else data.model_dump(mode="json")
    return Envelope(source=source, type=type_, subject=subject or key, key=key, data=payload)


def encode_envelope(env: Envelope) -> tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]:
    """Envelope -> (key, value, headers) for aiokafka, per the CloudEvents Kafka binding."""
    attrs: dict[str, Any] = {
        "id": env.id,
        "source": env.source,
        "type": env.type,
        "specversion": env.specversion,
        "time": env.time,
        "datacontenttype": env.datacontenttype,
    }
    if env.subject:
        attrs["subject"] = env.subject
    if env.traceparent:
        attrs["traceparent"] = env.traceparent
    event = CloudEvent(attrs, env.data)
    msg = ce_kafka.to_binary(event, _FORMAT, key_mapper=lambda _e: env.key)
    key = env.key.encode() if env.key is not None else None
    value = None if env.data is None else msg.value
    return key, value, list(msg.headers.items())


def decode_message(key: bytes | None, value: bytes | None, headers) -> Envelope:
    """aiokafka record parts -> Envelope; raises PoisonMessage when it is not a CloudEvent."""
    hdrs: dict[str, bytes] = {}
    for name, raw in headers or ():
        hdrs[name] = raw if raw is not None else b""
    if "ce_type" not in hdrs or "ce_id" not in hdrs:
        raise PoisonMessage("not a CloudEvent: missing ce_type/ce_id headers")
    try:
        if value is None:  # tombstone
            attrs = {k[3:]: v.decode() for k, v in hdrs.items() if k.startswith("ce_")}
            data = None
        else:
            event = ce_kafka.from_binary(ce_kafka.KafkaMessage(headers=hdrs, key=key, value=value), _FORMAT, CloudEvent)
            attrs = dict(event.get_attributes())
            data = event.get_data()
            if isinstance(data, (bytes, str)):
                data = json.loads(data)
    except PoisonMessage:
        raise
    except Exception as exc:
        raise PoisonMessage(f"undecodable CloudEvent: {type(exc).__name__}: {exc}") from exc
    if data is not None and not isinstance(data, dict):
        raise PoisonMessage("event data is not a JSON object")
    try:
        return Envelope(
            id=str(attrs["id"]),
            source=str(attrs.get("source", "")),
            type=str(attrs["type"]),
            subject=attrs.get("subject"),
            time=attrs.get("time") or utcnow(),
            datacontenttype=str(attrs.get("datacontenttype", CONTENT_TYPE)),
            specversion=str(attrs.get("specversion", "1.0")),
            data=data,
            key=key.decode() if isinstance(key, bytes) else key,
            traceparent=attrs.get("traceparent"),
        )
    except Exception as exc:
        raise PoisonMessage(f"invalid CloudEvent attributes: {exc}") from exc
