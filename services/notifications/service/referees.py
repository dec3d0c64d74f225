"""Referee letters (issue 15): e-mail the referee, tell the applicant of the answer.

A referee has no account and no inbox: the request and each reminder are e-mailed to the
address the event names, in the referee's language, with the link (dropped from the row
once delivered, like a password-reset link); so is the end of a request the referee had not
answered (withdrawn or replaced by the applicant). The applicant hears (inbox and e-mail, in
their language) when a referee submits or declines, never what the letter says.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.domain.delivery import Channel
from services.notifications.domain.erasure import is_erased
from services.notifications.models import Notification
from services.notifications.service.fanout import stored_contact, tell_applicant
from shared.events.catalog import (
    RefereeAnswered,
    RefereeCancelled,
    RefereeDeclined,
    RefereeLetterSubmitted,
    RefereeRequested,
)
from shared.events.envelope import Envelope

log = logging.getLogger(__name__)


async def email_referee(session: AsyncSession, env: Envelope, event: RefereeRequested, kind: str) -> None:
    """One e-mail row (``referee_request`` or ``referee_reminder``), with the link."""
    extra = {"programmes": list(event.programmes), "link": event.link, "expires_at": event.due_at.isoformat()}
    await _to_referee(session, env, event, kind, extra)


async def email_referee_cancelled(session: AsyncSession, env: Envelope, event: RefereeCancelled) -> None:
    """The referee hears that the request ended (withdrawn or replaced)."""
    await _to_referee(session, env, event, "referee_cancelled", {})


async def _to_referee(
    session: AsyncSession, env: Envelope, event: RefereeRequested | RefereeCancelled, kind: str, extra: dict
) -> None:
    """One e-mail row to the referee, in the referee's language (the addressee travels in the
    row: a referee has no account); the unique (event, recipient, channel) keeps a redelivered
    event from sending it twice. None once the applicant closed their account (the event was on
    its way, on another partition, when they did): it would name them."""
    if is_erased(await stored_contact(session, event.applicant_id)):
        log.info("applicant %s closed their account: %s to their referee told to nobody", event.applicant_id, kind)
        return
    who = {"email": event.referee_email, "name": event.referee_name, "language": event.referee_language}
    session.add(
        Notification(
            source_event_id=env.id,
            event_type=env.type,
            channel=Channel.EMAIL,
            recipient=f"referee:{event.request_id}",
            template=kind,
            context={**who, "applicant": event.applicant_name, **extra},
        )
    )


async def tell_applicant_answered(session: AsyncSession, env: Envelope, event: RefereeAnswered) -> None:
    submitted = isinstance(event, RefereeLetterSubmitted)
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "letter_submitted" if submitted else "letter_declined",
        # the application it was for, by its programmes (the same referee may write for several)
        # joined as the applicant's language punctuates (a row stored before holds "programmes" joined)
        {
            "referee": event.referee_name,
            "programme_names": list(event.programmes),
            # what the applicant does next: submit a draft nothing holds back any more
            "letters_complete": event.letters_complete,
            "ready_to_submit": isinstance(event, RefereeLetterSubmitted) and event.ready_to_submit,
            # a declining referee's reason, as they wrote it
            **({"reason": event.reason} if isinstance(event, RefereeDeclined) and event.reason else {}),
        },
        application_id=event.application_id,
        says={"request_id": event.request_id, "answer": "submitted" if submitted else "declined"},
    )
