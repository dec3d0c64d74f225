"""One typed function per consumed event type; each runs inside the consumer's transaction
(the event's effect and the record of its id commit together)."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain.review import LIVE, answer
from services.matching.models import Match, PoolEntry, infra, utcnow
from shared.events.catalog import (
    ApplicationSubmitted,
    ApplicationUpdated,
    ApplicationWithdrawn,
    MatchConfirmed,
    OfferAccepted,
    OfferDeclined,
    type_of,
)
from shared.events.envelope import Envelope
from shared.kafka.consumer import PermanentError
from shared.outbox import add_event

log = logging.getLogger(__name__)
SOURCE = "/corridor/matching"


async def on_application_submitted(session: AsyncSession, event: ApplicationSubmitted, _env: Envelope) -> None:
    entry = await session.get(PoolEntry, event.application_id)
    if entry is None:
        entry = PoolEntry(application_id=event.application_id)
        session.add(entry)
    elif entry.status in ("withdrawn", "declined"):
        return  # an edit that overtook the withdrawal must not bring the application back
    entry.applicant_id = event.applicant_id
    entry.cycle_id = event.cycle_id
    entry.scheme_id = event.scheme_id
    entry.applicant_type = event.applicant_type
    entry.sending_country = event.sending_country
    entry.choices = list(event.choices)
    entry.grade = event.grade
    entry.language_certificates = [c.model_dump() for c in event.language_certificates]
    entry.status = "submitted"
    entry.updated_at = utcnow()


async def on_application_updated(session: AsyncSession, event: ApplicationUpdated, env: Envelope) -> None:
    await on_application_submitted(session, event, env)


async def on_application_withdrawn(session: AsyncSession, event: ApplicationWithdrawn, _env: Envelope) -> None:
    entry = await session.get(PoolEntry, event.application_id)
    if entry is None:  # withdrawn before we saw it: remember, so a late submit stays out
        session.add(
            PoolEntry(
                application_id=event.application_id,
                applicant_id=event.applicant_id,
                cycle_id=event.cycle_id,
                scheme_id="",
                applicant_type="student",
                sending_country="",
                status="withdrawn",
            )
        )
        return
    entry.status = "withdrawn"
    entry.updated_at = utcnow()
    # Any live match ends; its seat goes to the waitlist in the next round.
    for match in (
        await session.scalars(select(Match).where(Match.application_id == event.application_id, Match.status.in_(LIVE)))
    ).all():
        match.status = "withdrawn"
        match.updated_at = utcnow()


async def _offer_match(session: AsyncSession, event: OfferAccepted | OfferDeclined) -> Match:
    match = await session.get(Match, event.match_id)
    if match is None or match.application_id != event.application_id:
        raise PermanentError(f"no match {event.match_id} for application {event.application_id}")
    return match


async def on_offer_accepted(session: AsyncSession, event: OfferAccepted, env: Envelope) -> None:
    match = await _offer_match(session, event)
    new = answer(match.status, "accept")
    if new is None:
        log.warning("offer_accepted for match %s in state %s: ignored", match.id, match.status)
        return
    match.status, match.answered_at, match.updated_at = new, utcnow(), utcnow()
    await add_event(
        session,
        infra,
        MatchConfirmed(
            match_id=match.id,
            round_id=match.round_id,
            application_id=match.application_id,
            applicant_id=match.applicant_id,
            cycle_id=match.cycle_id,
            programme_id=match.programme_id,
            host_institution_id=match.host_institution_id,
            rank=match.rank,
        ),
        source=SOURCE,
        traceparent=env.traceparent,
    )


async def on_offer_declined(session: AsyncSession, event: OfferDeclined, _env: Envelope) -> None:
    match = await _offer_match(session, event)
    new = answer(match.status, "decline")
    if new is None:
        log.warning("offer_declined for match %s in state %s: ignored", match.id, match.status)
        return
    match.status, match.answered_at, match.updated_at = new, utcnow(), utcnow()
    # Declining the offer takes the application out of later rounds; the seat is freed.
    entry = await session.get(PoolEntry, match.application_id)
    if entry is not None:
        entry.status, entry.updated_at = "declined", utcnow()


HANDLERS = {
    type_of(ApplicationSubmitted): on_application_submitted,
    type_of(ApplicationUpdated): on_application_updated,
    type_of(ApplicationWithdrawn): on_application_withdrawn,
    type_of(OfferAccepted): on_offer_accepted,
    type_of(OfferDeclined): on_offer_declined,
}
