"""A partner's webhook endpoints in the portal (pure): the event types an endpoint may ask
for, the states of a delivery, how long a rotated-out secret may go on signing, the "Add an
endpoint" form read and checked, and the notifications service's refusals in the portal's
words (by code; an unknown code is said as the service said it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

# The partner event types (services/notifications/domain/partner.py PARTNER_EVENT_TYPES; a
# unit test keeps the two alike), in the order a partner meets them.
EVENT_TYPES: tuple[str, ...] = (
    "application.submitted",
    "application.updated",
    "application.withdrawn",
    "application.offered",
    "application.confirmed",
    "application.declined",
    "application.waitlisted",
    "application.unmatched",
    "admission.requested",
    "admission.decided",
)
PING_TYPE = "webhook.ping"  # the test event (never subscribed to)

# A delivery's states (services/notifications/domain/delivery.py DeliveryStatus), the dead
# first: those are the ones to look at (and to try again).
DELIVERY_STATES: tuple[str, ...] = ("dead", "pending", "sending", "delivered", "cancelled")

# How long the previous secret goes on signing after a rotation (the service's default is
# 24 hours, at most 7 days), in seconds, with its words.
OVERLAPS: tuple[tuple[int, str], ...] = (
    (0, "No overlap: the previous secret stops signing now"),
    (3600, "1 hour"),
    (86400, "24 hours"),
    (259200, "3 days"),
    (604800, "7 days"),
)
DEFAULT_OVERLAP = 86400

URL_LENGTH = 2000
DESCRIPTION_LENGTH = 300
REASON_LENGTH = 2000
FIELDS = ("url", "event_types", "institution_id", "description")

# The notifications service's refusals (services/notifications/domain/targets.py,
# domain/access.py, service/partners.py, service/deliveries.py) in the portal's words.
REFUSALS: dict[str, str] = {
    "webhook.url_invalid": "Enter the endpoint's full address, such as https://example.edu/corridor/webhooks.",
    "webhook.url_not_https": "The address must start with https://: events are only sent encrypted.",
    "webhook.url_credentials": "Leave the user name and password out of the address: "
    "the signature tells your system the event is from Corridor.",
    "webhook.url_numeric_host": "A numeric host must be a plain IPv4 address such as 203.0.113.10; "
    "better, use the endpoint's domain name.",
    "webhook.url_not_public": "This address is not on the public internet (a local, private or reserved address): "
    "Corridor cannot send events to it.",
    "webhook.url_port": "Use the standard https port (443): other ports are not allowed.",
    "webhook.url_unresolvable": "This host name could not be found. Check the address.",
    "webhook.unknown_institution": "This institution is not in the catalog (or not yet known to the "
    "notifications service): choose one from the list, or add it under Institutions first.",
    "subscription.institution_required": "Choose the institution the endpoint is for.",
    "subscription.institution_ambiguous": "Choose the institution the endpoint is for.",
    "subscription.no_institution": "Your account acts for no institution: ask an admin to add yours.",
    "partner.foreign_institution": "You do not act for this institution.",
    "subscription.not_found": "There is no such endpoint.",
    "subscription.inactive": "This endpoint has been stopped.",
    "subscription.too_many_rotations": "Five secrets already sign while their overlaps run: "
    "wait for the earliest to end, or rotate with no overlap to end every previous secret now.",
    "subscription.overlap_too_long": "The overlap is at most 7 days.",
    "delivery.not_dead": "Only a delivery that failed for good can be tried again.",
    "delivery.subscription_removed": "Its endpoint has been stopped: this delivery cannot be tried again.",
}


def event_key(event_type: str) -> str:
    """An event type's message key (its words in the reader's language)."""
    return f"webhook-event:{event_type}"


def state_key(state: str) -> str:
    """A delivery state's message key."""
    return f"delivery:{state}"


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def typed(form: Mapping[str, Any]) -> dict[str, Any]:
    """What the "Add an endpoint" form sent, as the page shows it again."""
    chosen = [str(v) for v in form.get("event_types[]") or []]
    return {
        "url": _text(form, "url"),
        "event_types": [t for t in EVENT_TYPES if t in chosen],
        "institution_id": _text(form, "institution_id"),
        "description": _text(form, "description"),
    }


def body_of(values: Mapping[str, Any], institutions: Sequence[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The body of ``POST /webhooks/subscriptions`` and what the portal can say before asking
    (the service checks the address again, resolving its name). ``institutions``: those the
    person may choose from (one: it, without asking)."""
    errors: dict[str, str] = {}
    url = values["url"]
    parts = urlsplit(url) if url else None
    if not url:
        errors["url"] = "Enter the endpoint's address."
    elif len(url) > URL_LENGTH:
        errors["url"] = "The address is at most 2000 characters."
    elif parts is None or parts.scheme.lower() != "https" or not parts.netloc:
        errors["url"] = "The address must start with https://: events are only sent encrypted."
    institution = values["institution_id"] if len(institutions) != 1 else institutions[0]
    if institution not in institutions:
        errors["institution_id"] = "Choose the institution the endpoint is for."
    if len(values["description"]) > DESCRIPTION_LENGTH:
        errors["description"] = "The description is at most 300 characters."
    body = {
        "url": url,
        "event_types": list(values["event_types"]),
        "institution_id": institution,
        "description": values["description"],
    }
    return body, errors


def overlap_of(form: Mapping[str, Any]) -> int:
    """The overlap chosen on the rotation form (the default for anything else)."""
    try:
        seconds = int(_text(form, "overlap_seconds"))
    except ValueError:
        return DEFAULT_OVERLAP
    return seconds if seconds in dict(OVERLAPS) else DEFAULT_OVERLAP


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def still_signing(previous_secret_until: Any, now: datetime) -> bool:
    """Whether the secret rotated out still signs (its overlap not over at ``now``)."""
    until = _instant(previous_secret_until)
    return until is not None and until > now


# what the notifications service says of a failed delivery: the portal's words for each;
# "failed: HTTP <code>" is the status line's, and a transport error ("ConnectError: ...") is
# worded as "failed" with the service's reason shown beside (ping_detail)
PING_ERRORS = {
    "failed": "No connection could be made, or it was cut before an answer: check that the address is right and that the endpoint is running and reachable from the internet.",
    "refused": "The address was refused before sending: it is not on the public internet, or not on port 443.",
}


def ping_error(error: str | None) -> str | None:
    """A test event's error as the page words it; None when the status line says it all."""
    if not error or error.startswith("failed: HTTP"):
        return None
    return PING_ERRORS.get(error, PING_ERRORS["failed"])


def ping_detail(error: str | None) -> str | None:
    """The service's own reason for a test event that made no connection (as it wrote it:
    an exception's class and message), shown beside the page's words; None for the others."""
    if not error or error.startswith("failed: HTTP") or error in PING_ERRORS:
        return None
    return error
