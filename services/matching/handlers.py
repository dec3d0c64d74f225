"""One typed function per consumed event type; each runs inside the consumer's transaction
(the event's effect and the record of its id commit together) and calls the pool's use
cases (service/pool.py)."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain.review import Reply
from services.matching.service import pool
from shared.events.catalog import (
    ApplicationSubmitted,
    ApplicationUpdated,
    ApplicationWithdrawn,
    OfferAccepted,
    OfferDeclined,
    type_of,
)
from shared.events.envelope import Envelope

log = logging.getLogger(__name__)


async def on_application_submitted(session: AsyncSession, event: ApplicationSubmitted, _env: Envelope) -> None:
    await pool.record_application(session, event)


async def on_application_updated(session: AsyncSession, event: ApplicationUpdated, _env: Envelope) -> None:
    await pool.record_application(session, event)


async def on_application_withdrawn(session: AsyncSession, event: ApplicationWithdrawn, _env: Envelope) -> None:
    await pool.withdraw_application(session, event.application_id, event.applicant_id, event.cycle_id)


async def on_offer_accepted(session: AsyncSession, event: OfferAccepted, env: Envelope) -> None:
    await _answer(session, event, Reply.ACCEPT, env)


async def on_offer_declined(session: AsyncSession, event: OfferDeclined, env: Envelope) -> None:
    await _answer(session, event, Reply.DECLINE, env)


async def _answer(session: AsyncSession, event: OfferAccepted | OfferDeclined, reply: Reply, env: Envelope) -> None:
    match = await pool.answer_offer(session, event.match_id, event.application_id, reply, env.traceparent)
    if match is None:
        log.warning("offer %s for match %s: no longer awaiting an answer; ignored", reply, event.match_id)


HANDLERS = {
    type_of(ApplicationSubmitted): on_application_submitted,
    type_of(ApplicationUpdated): on_application_updated,
    type_of(ApplicationWithdrawn): on_application_withdrawn,
    type_of(OfferAccepted): on_offer_accepted,
    type_of(OfferDeclined): on_offer_declined,
}
