"""What partner institutions receive, as a contract a machine can read (pure).

A webhook's body, a record's value on an institution's own Kafka topic and a feed item's
``data`` are one shape, ``partner.project``'s: the models below describe it, and
``document()`` publishes them as an AsyncAPI 3.0 document (docs/partner-asyncapi.json, also
served by the notifications service at ``/partner/asyncapi.json``), with the Standard
Webhooks headers, the topic's key and headers, and an example of every event type built by
``partner.project`` itself. A test holds every projection to these models: a field added to
the projection and not here fails it.

The models describe; they are not on the delivery path (a payload is built as a dict). They
allow fields they do not name, as a partner must: fields may be added, never removed.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from services.notifications.domain import partner
from shared.events.catalog import AdmissionReason

# the projection's own tables, as literals (one list: a type added there is in the contract)
PartnerType = Literal[tuple(partner.PARTNER_EVENT_TYPES)]  # type: ignore[valid-type]
PartnerStatus = Literal[  # type: ignore[valid-type]
    tuple(dict.fromkeys([*partner.PARTNER_EVENT_TYPES.values(), *partner.ADMISSION_STATUS.values()]))
]

# When each type is sent (the partner guide's table, "What each event means").
WHEN: dict[str, str] = {
    "application.submitted": "An applicant submitted an application naming at least one of your programmes "
    "(programme_ids: yours among the choices).",
    "application.updated": "The applicant changed the application before the window closed (your programmes "
    "concerned may have changed).",
    "application.withdrawn": "The applicant withdrew; forget the application.",
    "application.offered": "An officer approved the match to your programme (match_id): the applicant has an offer.",
    "application.confirmed": "The applicant accepted the offer: expect them.",
    "application.declined": "The applicant declined the offer; the seat goes back to the next round.",
    "application.waitlisted": "After a matching round the applicant is on your waitlist(s): waitlist lists "
    "programme_id and position.",
    "application.unmatched": "The round placed the applicant nowhere among your programmes.",
    "admission.requested": "Officers approved the match to your programme (match_id) and your institution admits "
    "its own students: admit or reject it (POST /matches/{match_id}/admission on the matching service) by "
    "admission.decide_by.",
    "admission.decided": "Your institution's decision was recorded; every change of mind is a new "
    "admission.version. An admission is followed by application.offered.",
}


class WaitlistPlace(BaseModel):
    programme_id: str = Field(description="one of your programmes")
    position: int = Field(ge=1, description="the applicant's place on its waitlist, 1 first")


class AdmissionRequest(BaseModel):
    """``admission.requested``: what is asked of your institution."""

    decide_by: date | None = Field(description="your deadline to decide, or null when the cycle sets none")


class AdmissionDecision(BaseModel):
    """``admission.decided``: your institution's decision as recorded (your note to the
    applicant is not repeated)."""

    decision: Literal["admitted", "rejected"]
    reason_code: AdmissionReason | None = Field(
        description="why not admitted (no_decision: the deadline passed undecided); null for an admission"
    )
    version: int = Field(ge=1, description="raised by every change of the decision: keep the highest")


class PartnerData(BaseModel):
    """An event about one application, restricted to your institution: no name, e-mail, date of
    birth, grade, statement or document of the applicant ever."""

    institution_id: str = Field(description="the one of your institutions the event is for")
    application_id: str = Field(description="stable: follow one application with it")
    cycle_id: str
    scheme_id: str | None
    status: PartnerStatus = Field(  # type: ignore[valid-type]
        description="the application as your institution reads it after this event"
    )
    sending_country: str | None = Field(description="ISO 3166-1 alpha-2 of the applicant's country", max_length=2)
    applicant_type: Literal["student", "faculty"] | None
    programme_ids: list[str] = Field(description="your programmes the event concerns (may be empty: none is now)")
    match_id: str | None = Field(
        default=None,
        description="present in application.offered, .confirmed, .declined and the admission events",
    )
    waitlist: list[WaitlistPlace] | None = Field(default=None, description="present in application.waitlisted")
    admission: AdmissionRequest | AdmissionDecision | None = Field(
        default=None, description="present in admission.requested (AdmissionRequest) and .decided (AdmissionDecision)"
    )


class PartnerEvent(BaseModel):
    """The Standard Webhooks body ``{type, timestamp, data}``."""

    type: PartnerType  # type: ignore[valid-type]
    timestamp: datetime = Field(description="when it happened in Corridor (RFC 3339): order by it, not by arrival")
    data: PartnerData


class PingData(BaseModel):
    subscription_id: str
    institution_id: str


class PingEvent(BaseModel):
    """The test event you ask for (``POST /webhooks/subscriptions/{id}/ping``): never filtered,
    never retried, never in the feed or on your topic."""

    type: Literal["webhook.ping"]
    timestamp: datetime
    data: PingData


WEBHOOK_HEADERS: dict[str, Any] = {
    "type": "object",
    "required": ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type"],
    "properties": {
        "webhook-id": {
            "type": "string",
            "description": "the message id (msg_…): the same on every retry and replay; deduplicate by it",
        },
        "webhook-timestamp": {"type": "string", "pattern": "^[0-9]+$", "description": "Unix seconds of this try"},
        "webhook-signature": {
            "type": "string",
            "description": "space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body>, one per secret "
            "signing (two while a rotation's overlap runs): accept the message when one matches",
        },
        "content-type": {"type": "string", "const": "application/json"},
    },
}
TOPIC_HEADERS: dict[str, Any] = {
    "type": "object",
    "required": ["message-id", "event-type"],
    "properties": {
        "message-id": {"type": "string", "description": "as webhook-id: deduplicate by it"},
        "event-type": {"type": "string", "description": "the body's type"},
    },
}

_EXAMPLE_TIME = datetime(2027, 3, 4, 2, 0, tzinfo=UTC)
_ADMISSIONS: dict[str, dict[str, Any]] = {
    "admission.requested": {"decide_by": "2027-03-20"},
    "admission.decided": {"decision": "admitted", "reason_code": None, "version": 1},
}


def example(partner_type: str) -> dict[str, Any]:
    """A payload of ``partner_type`` as ``partner.project`` builds it."""
    with_match = partner_type in ("application.offered", "application.confirmed", "application.declined")
    return partner.project(
        partner_type,
        timestamp=_EXAMPLE_TIME,
        institution_id="xjmu",
        application_id="0b9c6a3e-5d1f-4f5e-9a51-2a8f3c7d4e10",
        cycle_id="sco-2026",
        scheme_id="sco",
        sending_country="KZ",
        applicant_type="student",
        programme_ids=["xjmu-clinical-medicine"],
        match_id="m-7f3a9c" if with_match or partner_type.startswith("admission.") else None,
        waitlist=[{"programme_id": "xjmu-clinical-medicine", "position": 3}]
        if partner_type == "application.waitlisted"
        else None,
        admission=_ADMISSIONS.get(partner_type),
    )


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for model in (PartnerEvent, PingEvent):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def document() -> dict[str, Any]:
    """The AsyncAPI 3.0 document of what partners receive."""
    types = list(partner.PARTNER_EVENT_TYPES)
    messages: dict[str, Any] = {}
    for partner_type in types:
        messages[partner_type.replace(".", "_")] = {
            "name": partner_type,
            "title": partner_type,
            "summary": WHEN[partner_type],
            "contentType": "application/json",
            "payload": {"$ref": "#/components/schemas/PartnerEvent"},
            "examples": [{"name": partner_type, "payload": example(partner_type)}],
        }
    ping = partner.ping(_EXAMPLE_TIME, subscription_id="sub_4Jd8x2", institution_id="xjmu")
    messages["webhook_ping"] = {
        "name": partner.PING_TYPE,
        "title": partner.PING_TYPE,
        "summary": "Only when you ask for it: checks your endpoint and its signature check.",
        "contentType": "application/json",
        "payload": {"$ref": "#/components/schemas/PingEvent"},
        "examples": [{"name": partner.PING_TYPE, "payload": ping}],
    }
    kafka_key = {"type": "string", "description": "the application id"}
    records = {
        f"{name}_record": {
            **message,
            "headers": {"$ref": "#/components/schemas/TopicHeaders"},
            "bindings": {"kafka": {"key": kafka_key, "bindingVersion": "0.5.0"}},
        }
        for name, message in messages.items()
        if name != "webhook_ping"
    }
    for message in messages.values():
        message["headers"] = {"$ref": "#/components/schemas/WebhookHeaders"}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Corridor: what partner institutions receive",
            "version": "1.0.0",
            "description": (
                "The events a host institution receives about applications to its programmes: as signed webhooks "
                "(Standard Webhooks), on its own Kafka topic, and as the data of GET /partner/feed's items (the "
                "feed item's type, timestamp and data are the body's). Each carries only the minimised projection "
                "of PartnerData. Fields may be added over time: ignore those you do not know; a breaking change "
                "would come as a new type. The partner guide (docs/partner-guide.md) says how to subscribe, "
                "verify, replay and catch up."
            ),
        },
        "defaultContentType": "application/json",
        "channels": {
            "webhook": {
                "address": None,
                "title": "Your webhook endpoint",
                "description": (
                    "The https URL of your subscription (POST /webhooks/subscriptions on the notifications service). "
                    "Corridor POSTs each event with the Standard Webhooks headers; answer 2xx within the timeout, "
                    "else it is tried again on a schedule of about 17 hours, then kept as dead for you to replay. "
                    "Deliveries may arrive out of order and more than once: order by timestamp, deduplicate by "
                    "webhook-id."
                ),
                "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in messages},
                "bindings": {"http": {"bindingVersion": "0.3.0"}},
            },
            "partnerTopic": {
                "address": "corridor.partner.{institution_id}.v1",
                "title": "Your institution's Kafka topic",
                "description": (
                    "Created by the operator for an institution that asks (SASL SCRAM-SHA-512, read-only for your "
                    "principal). Key: the application id, so one application's records stay in order. The value is "
                    "the same body as a webhook's; no ping."
                ),
                "parameters": {"institution_id": {"description": "your institution's id, e.g. xjmu"}},
                "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in records},
            },
        },
        "operations": {
            "sendWebhook": {
                "action": "send",
                "title": "Corridor delivers each event to your endpoint, signed",
                "channel": {"$ref": "#/channels/webhook"},
                "messages": [{"$ref": f"#/channels/webhook/messages/{name}"} for name in messages],
                "bindings": {"http": {"method": "POST", "bindingVersion": "0.3.0"}},
            },
            "publishPartnerTopic": {
                "action": "send",
                "title": "Corridor writes each event to your topic",
                "channel": {"$ref": "#/channels/partnerTopic"},
                "messages": [{"$ref": f"#/channels/partnerTopic/messages/{name}"} for name in records],
            },
        },
        "components": {
            "schemas": {**_schemas(), "WebhookHeaders": WEBHOOK_HEADERS, "TopicHeaders": TOPIC_HEADERS},
            "messages": {**messages, **records},
        },
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
