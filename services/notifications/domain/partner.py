"""What a partner institution is told, and how little (pure).

A partner hears only about its own programmes, and only a minimised projection:
ids (its own institution's among them), cycle and scheme, the programme(s) at that partner concerned, the status, the
sending country and the applicant type (student or faculty). Never e-mail, name, date of
birth, grade, statement or documents; the applicant id is left out too, the application
id being enough to follow one application.

The payload follows the Standard Webhooks shape: ``{"type", "timestamp", "data"}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

# Partner-facing event types (what a subscription may filter on) and their status.
PARTNER_EVENT_TYPES: dict[str, str] = {
    "application.submitted": "submitted",
    "application.updated": "submitted",
    "application.withdrawn": "withdrawn",
    "application.offered": "offered",
    "application.confirmed": "confirmed",
    "application.declined": "declined",
    "application.waitlisted": "waitlisted",
    "application.unmatched": "unmatched",
    # the award path (issue 14): officers approved a match at a host that admits its own
    # students; the host's decision (``status``: admitted | not_admitted, from the decision)
    "admission.requested": "with_host",
    "admission.decided": "admitted",
}

# The status of an admission decision as a partner reads it.
ADMISSION_STATUS = {"admitted": "admitted", "rejected": "not_admitted"}


def institutions_for(programme_ids: Iterable[str], programme_institution: Mapping[str, str]) -> dict[str, list[str]]:
    """Group programme ids by host institution, keeping their order; unknown programmes are left out."""
    out: dict[str, list[str]] = {}
    for pid in programme_ids:
        inst = programme_institution.get(pid)
        if inst is not None and pid not in out.setdefault(inst, []):
            out[inst].append(pid)
    return {k: v for k, v in out.items() if v}


def project(
    partner_type: str,
    *,
    timestamp: datetime,
    institution_id: str,
    application_id: str,
    cycle_id: str,
    scheme_id: str | None,
    sending_country: str | None,
    applicant_type: str | None,
    programme_ids: list[str],
    match_id: str | None = None,
    waitlist: list[dict[str, Any]] | None = None,
    admission: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The payload one partner institution receives for one event (already restricted to its
    programmes). ``institution_id`` names it in ``data``, as the feed's items do beside it: one
    endpoint serving several institutions need not infer it from the programmes.

    ``admission`` (the admission events): ``decide_by`` of a request, or ``decision``,
    ``reason_code`` and ``version`` of a decision; never the host's note (its own words)
    nor anything about the applicant beyond the usual projection.
    """
    if partner_type not in PARTNER_EVENT_TYPES:
        raise ValueError(f"unknown partner event type {partner_type!r}")
    status = PARTNER_EVENT_TYPES[partner_type]
    if partner_type == "admission.decided":
        status = ADMISSION_STATUS[str((admission or {}).get("decision"))]
    data: dict[str, Any] = {
        "institution_id": institution_id,
        "application_id": application_id,
        "cycle_id": cycle_id,
        "scheme_id": scheme_id,
        "status": status,
        "sending_country": sending_country,
        "applicant_type": applicant_type,
        "programme_ids": list(programme_ids),
    }
    if match_id is not None:
        data["match_id"] = match_id
    if waitlist is not None:
        data["waitlist"] = [{"programme_id": w["programme_id"], "position": int(w["position"])} for w in waitlist]
    if admission is not None:
        keys = ("decide_by",) if partner_type == "admission.requested" else ("decision", "reason_code", "version")
        data["admission"] = {k: admission.get(k) for k in keys}
    return {"type": partner_type, "timestamp": timestamp.isoformat(), "data": data}


def wants(event_types_filter: list[str], partner_type: str) -> bool:
    """An empty filter means every partner event type."""
    return not event_types_filter or partner_type in event_types_filter


# The test event a partner sends to its own endpoint (never filtered, never retried).
PING_TYPE = "webhook.ping"

# How long a rotated-out secret goes on signing by default, and at most.
DEFAULT_OVERLAP = timedelta(hours=24)
MAX_OVERLAP = timedelta(days=7)


def ping(timestamp: datetime, *, subscription_id: str, institution_id: str) -> dict[str, Any]:
    return {
        "type": PING_TYPE,
        "timestamp": timestamp.isoformat(),
        "data": {"subscription_id": subscription_id, "institution_id": institution_id},
    }


# At most this many secrets sign at once (the current one and those rotated out, each until
# its overlap ends): one more rotation within the overlaps is refused.
MAX_SIGNING_SECRETS = 5


def signing_secrets(
    secret: str,
    previous: str | None,
    previous_until: datetime | None,
    now: datetime,
    earlier: list[list[str]] | None = None,
) -> list[str]:
    """The secrets a delivery is signed with: the current one, the previous one while the
    rotation's overlap lasts, and any rotated out before it whose own overlap lasts
    (Standard Webhooks: several space-separated signatures)."""
    out = [secret]
    if previous and previous_until is not None and now < previous_until:
        out.append(previous)
    out.extend(s for s, until in still_signing(earlier, now))
    return out


def still_signing(earlier: list[list[str]] | None, now: datetime) -> list[tuple[str, datetime]]:
    """The earlier secrets (``[[secret, until ISO]]``) whose overlap has not ended."""
    kept = []
    for entry in earlier or []:
        secret, until = entry[0], datetime.fromisoformat(entry[1])
        if now < until:
            kept.append((secret, until))
    return kept


def rotated(
    secret: str,
    previous: str | None,
    previous_until: datetime | None,
    earlier: list[list[str]] | None,
    new_secret: str,
    overlap: timedelta,
    now: datetime,
) -> tuple[str, str | None, datetime | None, list[list[str]]] | None:
    """After a rotation to ``new_secret``: (secret, previous, previous_until, earlier). The
    current secret signs on for ``overlap``; a previous one still in its overlap joins the
    earlier ones, each until its own end or this overlap's, the sooner. A rotation without
    overlap ends them all (a leaked secret). None when that would be more than ``MAX_SIGNING_SECRETS`` at once."""
    if overlap <= timedelta(0):
        return new_secret, secret, now, []
    kept = still_signing(earlier, now)
    if previous and previous_until is not None and now < previous_until:
        kept.append((previous, previous_until))
    if len(kept) + 2 > MAX_SIGNING_SECRETS:
        return None
    # none signs longer than this rotation's overlap: an older secret never outlives a newer one
    ends = now + overlap
    return new_secret, secret, ends, [[s, min(until, ends).isoformat()] for s, until in kept]
