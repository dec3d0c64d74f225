"""Match outcomes (corridor.matching.v1) move the applicant's application.

Each runs in the consumer's transaction. Events about applications this service does not
hold (the topic is shared) are ignored, and so are outcomes that no longer apply (the
applicant withdrew, the offer was answered): ``domain.lifecycle`` says which apply.
The award path's decisions (a nomination, a host's admission) are versioned: an older
version than the one kept is ignored, so a redelivered or overtaken event changes nothing.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.lifecycle import (
    MatchOutcome,
    is_newer,
    status_after_endorsement,
    status_after_match_event,
    status_after_nomination,
    waiting_status,
)
from services.applications.models import Application
from services.applications.service.applications import record_status
from shared.clock import utcnow
from shared.events.catalog import (
    AdmissionDecided,
    ApplicationStatus,
    EndorsementDecided,
    EndorsementState,
    NominationDecided,
    NominationState,
)

log = logging.getLogger(__name__)


async def apply(
    session: AsyncSession,
    application_id: str,
    outcome: MatchOutcome,
    reason: str | None = None,
    *,
    internal_reason: str | None = None,
    details: list[dict[str, Any]] | None = None,
    of_match: str | None = None,
    **fields: str | date | None,
) -> Application | None:
    """Move the application as ``outcome`` says and set ``fields`` (match_id,
    offered_programme_id, offer_reply_by); returns it, or None when the outcome is ignored. ``reason`` is
    the history line the applicant reads, ``internal_reason`` what only officers read.
    ``of_match``: the match the outcome is about; ignored when the application holds another one."""
    application = await _locked(session, application_id)
    if application is None:
        return None  # not ours (shared topic) or long gone
    if of_match is not None and application.match_id not in (None, of_match):
        return None  # about an older match than the one the application holds
    if outcome == MatchOutcome.CONFIRMED and application.status == ApplicationStatus.ACCEPTED:
        return application  # the applicant accepted first: history already says "accepted", once
    new = status_after_match_event(application.status, outcome)
    if new is None:
        log.info("match.%s ignored for %s in status %s", outcome.value, application_id, application.status)
        return None
    if new == ApplicationStatus.SUBMITTED:
        new = waiting_status(application.endorsement)  # an endorsed application waits endorsed
    for name, value in fields.items():
        setattr(application, name, value)
    record_status(application, new, reason, internal_reason=internal_reason, details=details)
    return application


async def _locked(session: AsyncSession, application_id: str) -> Application | None:
    return await session.scalar(select(Application).where(Application.id == application_id).with_for_update())


# --- the award path (issue 14) ---------------------------------------------------------------

ENDORSEMENT_CODES = {
    EndorsementState.ENDORSED: "endorsement.endorsed",
    EndorsementState.NOT_ENDORSED: "endorsement.not_endorsed",
}


async def endorse(session: AsyncSession, e: EndorsementDecided) -> Application | None:
    """The home institution's decision (a new version of it): kept as ``endorsement``; the
    status follows while the application waits for it or for a round
    (``status_after_endorsement``), with the institution's reason for the applicant."""
    application = await _locked(session, e.application_id)
    if application is None or not is_newer(application.endorsement, e.version):
        return None
    application.endorsement = {
        "state": e.state.value,
        "reason": e.reason,
        "cohort": e.cohort,
        "institution": e.institution,
        "version": e.version,
    }
    application.updated_at = utcnow()
    new = status_after_endorsement(application.status, e.state)
    if new is None:
        log.info("endorsement.decided kept for %s in status %s", e.application_id, application.status)
        return application
    detail: dict[str, Any] = {
        "code": ENDORSEMENT_CODES[e.state],
        "params": {"cohort": e.cohort},
        "institution": e.institution,
    }
    if e.reason:
        detail["text"] = e.reason
    record_status(application, new, e.reason, details=[detail])
    return application


NOMINATION_CODES = {
    NominationState.NOMINATED: "nomination.nominated",
    NominationState.RESERVE: "nomination.reserve_position",
    NominationState.NOT_NOMINATED: "nomination.not_nominated",
    NominationState.WITHDRAWN: "nomination.withdrawn",
}


async def nominate(session: AsyncSession, e: NominationDecided) -> Application | None:
    """The nominating authority's decision (a new version of it): kept as ``nomination``;
    the status follows while no match holds the application (``status_after_nomination``)."""
    if e.applicant_left is not None:
        return None  # the applicant's own step (a withdrawal, a declined offer): their record says it
    application = await _locked(session, e.application_id)
    if application is None or not is_newer(application.nomination, e.version):
        return None
    application.nomination = {
        "state": e.state.value,
        "position": e.position,
        "reason": e.reason,
        "authority": e.authority,
        "promoted": e.promoted,
        "version": e.version,
    }
    new = status_after_nomination(application.status, e.state)
    if new is None:
        application.updated_at = utcnow()
        return application
    if e.state == NominationState.RESERVE:
        reason: str | None = f"#{e.position}" if e.position else None
    elif e.promoted and e.state == NominationState.NOMINATED:
        reason = "moved up from the reserve list"
    else:
        reason = e.reason
    detail = {"code": NOMINATION_CODES[e.state], "params": {"position": e.position, "promoted": e.promoted}}
    if e.reason:
        detail["text"] = e.reason
    detail["authority"] = e.authority
    # a changed position is a new line even when the status stays (reserve #3 -> #2)
    record_status(application, new, reason, details=[detail])
    return application


async def admission_requested(
    session: AsyncSession, match_id: str, application_id: str, programme: str, host_institution_id: str
) -> None:
    """Officers approved the match; the host decides (and may read what the applicant
    consented to, domain/consent.py). A new match starts a new admission record."""
    application = await apply(
        session,
        application_id,
        MatchOutcome.WITH_HOST,
        programme,
        match_id=match_id,
        offered_programme_id=None,
        host_institution_id=host_institution_id,
    )
    if application is not None and (application.admission or {}).get("match_id") != match_id:
        application.admission = None


async def admission_decided(session: AsyncSession, e: AdmissionDecided) -> Application | None:
    """The host's decision (a new version of it) on the application's current match: kept
    as ``admission``; a rejection makes the application ``not_admitted`` (the offer, if one
    was made, is gone); an admission changes no status (the offer follows, match.approved)."""
    application = await _locked(session, e.application_id)
    if application is None or application.match_id not in (None, e.match_id):
        return None  # not ours, or about an older match
    if not is_newer(application.admission, e.version, match_id=e.match_id):
        return None
    application.admission = {
        "match_id": e.match_id,
        "decision": e.decision,
        "reason_code": e.reason_code,
        "note": e.note,
        "version": e.version,
    }
    application.updated_at = utcnow()
    if e.decision == "rejected":
        new = status_after_match_event(application.status, MatchOutcome.NOT_ADMITTED)
        if new is not None:
            application.offered_programme_id, application.offer_reply_by = None, None
            detail = {"code": f"admission.{e.reason_code or 'other'}", "params": {}, "text": e.note or ""}
            record_status(
                application,
                new,
                e.note or e.reason_code,
                internal_reason=f"host rejected match {e.match_id}: {e.reason_code}",
                details=[detail],
            )
    return application
