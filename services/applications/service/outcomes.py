"""Match outcomes (corridor.matching.v1) move the applicant's application.

Each runs in the consumer's transaction. Events about applications this service does not
hold (the topic is shared) are ignored, and so are outcomes that no longer apply (the
applicant withdrew, the offer was answered): ``domain.lifecycle`` says which apply.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.lifecycle import MatchOutcome, status_after_match_event
from services.applications.models import Application
from services.applications.service.applications import record_status
from shared.events.catalog import ApplicationStatus

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
    application = await session.scalar(select(Application).where(Application.id == application_id).with_for_update())
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
    for name, value in fields.items():
        setattr(application, name, value)
    record_status(application, new, reason, internal_reason=internal_reason, details=details)
    return application
