"""The event contract as an AsyncAPI 3.0 document, generated from shared/events/catalog.py.

    python -m tools.asyncapi --out docs/asyncapi.json     (what `make docs` runs)
    python -m tools.asyncapi --check docs/asyncapi.json   (exit 1 when it is out of date)

Every topic is a channel (its ``.dlq`` twin too); every event type is a message with its
Kafka key, its CloudEvents binary-mode headers (``ce_*``), its payload JSON Schema (from the
pydantic model, as serialised on the wire) and one example that the model accepts.
Each service serves the same document at ``/asyncapi.json``.
"""

from __future__ import annotations

import functools
import json
import typing
import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from shared.events.catalog import EVENT_TYPES, EventSpec, Topics

KAFKA_BINDING = "0.5.0"

TOPIC_INFO: dict[Topics, tuple[str, str, str]] = {
    # topic: (channel id, producing service, description)
    Topics.APPLICATIONS: (
        "applications",
        "applications",
        "Applicants and their applications. Key: the application id (applicant events: the applicant id), "
        "so one application's events stay in order. Internal. Personal data only where a consumer needs it: "
        "each such field is marked x-personal-data, with x-used-by naming the service that reads it and why; "
        "an applicant's name and address travel only in applicant.registered and applicant.updated.",
    ),
    Topics.CATALOG: (
        "catalog",
        "matching",
        "The catalog as a table (log-compacted): institutions, schemes, cycles, programmes, quota rules. "
        "Key: the entity id; the newest value per key wins; a null value (tombstone) deletes the entity.",
    ),
    Topics.MATCHING: (
        "matching",
        "matching",
        "Matching rounds and their outcomes, officer reviews and confirmations. Key: the application id "
        "(round.completed: the cycle id).",
    ),
    Topics.NOTIFICATIONS: (
        "notifications",
        "notifications",
        "Delivery outcomes of notifications (e-mail, inbox, webhook). Key: the recipient.",
    ),
}

CE_HEADERS: dict[str, Any] = {
    "ce_specversion": {"type": "string", "const": "1.0", "description": "CloudEvents spec version."},
    "ce_id": {"type": "string", "description": "Event id (UUID); unique per event, the deduplication key."},
    "ce_source": {"type": "string", "description": "The producing service, e.g. /corridor/applications."},
    "ce_type": {"type": "string", "description": "The event type, org.corridor.<entity>.<verb>.v<N>."},
    "ce_time": {"type": "string", "format": "date-time", "description": "When it happened (RFC 3339, UTC)."},
    "ce_subject": {"type": "string", "description": "The entity the event is about (the Kafka key)."},
    "ce_traceparent": {
        "type": "string",
        "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
        "description": "W3C trace context (CloudEvents distributed-tracing extension); present when tracing is on.",
    },
    "content-type": {"type": "string", "const": "application/json", "description": "datacontenttype of the value."},
}
CE_REQUIRED = ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time"]

DLQ_HEADERS: dict[str, Any] = {
    "dlq_reason": {"type": "string", "description": "Why the record could not be processed."},
    "dlq_topic": {"type": "string", "description": "The topic it was read from."},
    "dlq_partition": {"type": "string", "description": "Its partition there (decimal)."},
    "dlq_offset": {"type": "string", "description": "Its offset there (decimal)."},
    "dlq_group": {"type": "string", "description": "The consumer group that gave up on it."},
    "dlq_time": {"type": "string", "format": "date-time", "description": "When it was dead-lettered."},
    "dlq_truncated": {"type": "string", "const": "true", "description": "Present when the value was cut to fit."},
}

# Example values by field name; anything else gets a value from its type.
EXAMPLES_BY_NAME: dict[str, Any] = {
    "application_id": "app-5f0c2a9e",
    "applicant_id": "stu-kz-3b71",
    "cycle_id": "sco-2026",
    "scheme_id": "sco",
    "programme_id": "xjmu-tcm-3p2",
    "institution_id": "xjmu",
    "host_institution_id": "xjmu",
    "host_institution_name": "Xinjiang Medical University",
    "home_institution": "Al-Farabi Kazakh National University",
    "match_id": "match-9a1d",
    "round_id": "round-2026-1",
    "rule_id": "sco-2026-kz-cap",
    "notification_id": "ntf-41c2",
    "source_event_id": "2c1f7a7e-8f3b-4a55-9d0e-6b0f0c1a2b3c",
    "recipient": "stu-kz-3b71",
    "email": "aigerim@example.kz",
    "name": "Aigerim Nurlanovna",
    "title": "Traditional Chinese medicine 3+2",
    "label": "SCO 2026: at most 30 from KZ",
    "sponsor": "SCO University network",
    "nationality": "KZ",
    "sending_country": "KZ",
    "country": "CN",
    "host_country": "CN",
    "preferred_language": "ru",
    "language": "zh",
    "field": "medicine",
    "level": "bachelor",
    "kind": "HSK",
    "choices": ["xjmu-tcm-3p2", "tju-thermal"],
    "eligible_countries": ["KZ", "UZ", "TJ", "KG", "PK"],
    "grade": 88.5,
    "seats": 20,
    "rank": 1,
    "position": 1,
    "seed": 20260301,
    "max_count": 30,
    "per": "sending_country",
    "scope": {"sending_country": ["KZ"]},
    "inputs_digest": "sha256:3e7b0c9d",
    "reason": "programme full: lowest held score 81.5 > yours 78.0",
    "error": None,
}
EXAMPLE_TIME = "2026-03-01T09:30:00Z"


EXAMPLES_BY_MODEL_FIELD: dict[str, Any] = {
    "LanguageCertificate.level": 4.0,
    "Requirements.min_language_level": 4.0,
    "Award.stipend_amount": 3000.0,
    "Award.stipend_currency": "CNY",
    "Award.months": 12,
}


def _fits(value: Any, annotation: Any) -> bool:
    try:
        TypeAdapter(annotation).validate_python(value)
        return True
    except (ValidationError, TypeError, ValueError):
        return False


def _example_value(name: str, annotation: Any, model_name: str) -> Any:
    qualified = f"{model_name}.{name}"
    if qualified in EXAMPLES_BY_MODEL_FIELD:
        return EXAMPLES_BY_MODEL_FIELD[qualified]
    if name in EXAMPLES_BY_NAME and _fits(EXAMPLES_BY_NAME[name], annotation):
        return EXAMPLES_BY_NAME[name]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in args:
            if arg is not type(None):
                return _example_value(name, arg, model_name)
        return None
    if origin in (list, tuple, set, frozenset):
        return [_example_value(name, args[0] if args else str, model_name)]
    if origin is dict:
        return {}
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return example_payload(annotation)
        if issubclass(annotation, Enum):
            return next(iter(annotation)).value
        if issubclass(annotation, bool):
            return True
        if issubclass(annotation, int):
            return 1
        if issubclass(annotation, float):
            return 80.0
        if issubclass(annotation, datetime):
            return EXAMPLE_TIME
        if issubclass(annotation, date):
            return "2026-09-01"
    return f"{name.replace('_', '-')}-example"


def example_payload(model: type[BaseModel]) -> dict[str, Any]:
    """One instance of ``model`` as it goes on the wire (validated by the model)."""
    raw = {name: _example_value(name, f.annotation, model.__name__) for name, f in model.model_fields.items()}
    return model.model_validate(raw).model_dump(mode="json")


def _schema_of(model: type[BaseModel], schemas: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    for name, sub in schema.pop("$defs", {}).items():
        schemas.setdefault(name, sub)
    schemas[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _message(spec: EventSpec, schemas: dict[str, Any]) -> dict[str, Any]:
    channel_id, producer, _ = TOPIC_INFO[spec.topic]
    headers = json.loads(json.dumps(CE_HEADERS))
    headers["ce_type"]["const"] = spec.type
    key_doc = f"the {spec.key}" if spec.key else "the deleted entity's id (= ce_subject)"
    if spec.tombstone:
        payload: dict[str, Any] = {"type": "null", "description": "A tombstone: the Kafka value is null."}
        example_data = None
        key = "xjmu-tcm-3p2"
        headers.pop("content-type")
    else:
        payload = _schema_of(spec.model, schemas)
        example_data = example_payload(spec.model)
        key = str(example_data[spec.key])
    example_headers = {
        "ce_specversion": "1.0",
        "ce_id": str(uuid.uuid5(uuid.NAMESPACE_URL, spec.type)),
        "ce_source": f"/corridor/{producer}",
        "ce_type": spec.type,
        "ce_time": EXAMPLE_TIME,
        "ce_subject": key,
        "ce_traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    }
    if not spec.tombstone:
        example_headers["content-type"] = "application/json"
    example: dict[str, Any] = {"name": spec.model.__name__, "summary": spec.summary, "headers": example_headers}
    example["payload"] = example_data
    return {
        "name": spec.type,
        "title": spec.model.__name__,
        "summary": spec.summary,
        "description": (spec.model.__doc__ or spec.summary).strip(),
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "description": "CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes as ce_* headers.",
            "required": CE_REQUIRED + ([] if spec.tombstone else ["content-type"]),
            "properties": headers,
        },
        "payload": payload,
        "correlationId": {"description": "The CloudEvents id", "location": "$message.header#/ce_id"},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": f"Partition key: {key_doc}."},
                "bindingVersion": KAFKA_BINDING,
            }
        },
        "examples": [example],
        "x-corridor-topic": spec.topic.value,
    }


def build_document(partitions: int = 3, replicas: int = 3) -> dict[str, Any]:
    return json.loads(json.dumps(_build(partitions, replicas)))  # a copy the caller may change


@functools.lru_cache(maxsize=4)
def _build(partitions: int, replicas: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic, (channel_id, producer, description) in TOPIC_INFO.items():
        specs = sorted((s for s in EVENT_TYPES.values() if s.topic is topic), key=lambda s: s.type)
        for spec in specs:
            messages[spec.model.__name__] = _message(spec, schemas)
        refs = {s.model.__name__: {"$ref": f"#/components/messages/{s.model.__name__}"} for s in specs}
        topic_config: dict[str, Any] = {"min.insync.replicas": 2}
        if topic is Topics.CATALOG:
            topic_config["cleanup.policy"] = ["compact"]
        else:
            topic_config["cleanup.policy"] = ["delete"]
        channels[channel_id] = {
            "address": topic.value,
            "title": topic.value,
            "description": description,
            "messages": refs,
            "bindings": {
                "kafka": {
                    "topic": topic.value,
                    "partitions": partitions,
                    "replicas": replicas,
                    "topicConfiguration": topic_config,
                    "bindingVersion": KAFKA_BINDING,
                }
            },
        }
        channels[f"{channel_id}Dlq"] = {
            "address": topic.dlq,
            "title": topic.dlq,
            "description": (
                f"Dead letters of {topic.value}: records a consumer could never process (undecodable, "
                "schema-invalid, rejected by its handler, or failing after every retry), byte for byte "
                "with the reason in dlq_* headers. Operators replay them with tools/dlq.py."
            ),
            "messages": {"DeadLetter": {"$ref": "#/components/messages/DeadLetter"}},
            "bindings": {
                "kafka": {
                    "topic": topic.dlq,
                    "partitions": partitions,
                    "replicas": replicas,
                    "topicConfiguration": {"cleanup.policy": ["delete"]},
                    "bindingVersion": KAFKA_BINDING,
                }
            },
        }
        operations[f"publish{channel_id.capitalize()}"] = {
            "action": "send",
            "title": f"The {producer} service publishes to {topic.value}",
            "summary": "Through its transactional outbox: at least once, in order per key; consumers deduplicate by ce_id.",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "messages": [{"$ref": f"#/channels/{channel_id}/messages/{name}"} for name in refs],
        }
    messages["DeadLetter"] = {
        "name": "dead-letter",
        "title": "DeadLetter",
        "summary": "A record no consumer could process, with the reason.",
        "headers": {
            "type": "object",
            "description": "The original record's headers (ce_* when it was a CloudEvent) plus the dlq_* headers.",
            "required": ["dlq_reason", "dlq_topic", "dlq_partition", "dlq_offset", "dlq_group", "dlq_time"],
            "properties": {**DLQ_HEADERS},
            "additionalProperties": True,
        },
        "payload": {"description": "The original value, unchanged (null for a tombstone)."},
        "bindings": {
            "kafka": {"key": {"type": "string", "description": "The original key."}, "bindingVersion": KAFKA_BINDING}
        },
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Corridor events",
            "version": "1.0.0",
            "description": (
                "Events of the Corridor admissions system, as CloudEvents 1.0 over Kafka (binary content mode: "
                "attributes in ce_* headers, the data as the JSON value). Types are named "
                "org.corridor.<entity>.<verb>.v<N>: additive changes keep the version, a breaking change is a new "
                "type ending in .v2, and consumers must ignore fields they do not know. Delivery is at least once: "
                "deduplicate by ce_id. Partner institutions receive these events as signed webhooks and through "
                "the catch-up feed (docs/partner-guide.md); the topics themselves are internal."
            ),
            "license": {"name": "Proprietary"},
        },
        "defaultContentType": "application/json",
        "servers": {
            "production": {
                "host": "kafka:9092",
                "protocol": "kafka",
                "description": "The Kafka cluster (replication factor 3, min.insync.replicas 2; producers use acks=all).",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
