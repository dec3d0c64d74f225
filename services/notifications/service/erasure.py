"""An applicant closed their account (applicant.erased): this service's copies of their
personal data go. The contact stays as a tombstone without address, name or language
(``ERASED``), so a notice about one of their applications that arrives later (another
partition's, in flight at the erasure) is told to nobody and an older contact event read
again does not bring the address back (contacts keep the newest event's values). Their inbox
and interview bookings are deleted; their e-mails, and the e-mails to the referees they
named, keep no content, and those not sent yet are cancelled (one the dispatcher holds too). Partners' deliveries carry no
personal data (domain/partner.py) and stay as sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.erasure import ERASED
from services.notifications.models import AwardStep, InboxEntry, InterviewBooking, Notification
from services.notifications.service.fanout import drop_kept_for
from services.notifications.service.references import remember_contact
from shared.events.catalog import ApplicantErased

ERASED_ERROR = "the applicant closed their account"


async def erase_applicant(session: AsyncSession, event: ApplicantErased, as_of: datetime) -> None:
    await remember_contact(session, event.applicant_id, "", "", ERASED, as_of)
    recipients = [event.applicant_id, *(f"referee:{r}" for r in event.referee_request_ids)]
    drop_kept_for(session, recipients)
    await session.execute(delete(InboxEntry).where(InboxEntry.recipient_id == event.applicant_id))
    await session.execute(delete(InterviewBooking).where(InterviewBooking.applicant_id == event.applicant_id))
    mine = Notification.recipient.in_(recipients)
    # a row the dispatcher has claimed (sending) too: its delivery is written only on the row as
    # claimed, before the message goes, so it is not sent, and the claimed copy of its context
    # is not written back (a delivery rewrites the context to drop a link)
    # (one statement: ``recipient`` has no index of its own, so each is a scan of the table)
    unsent = Notification.status.in_(
        [DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value, DeliveryStatus.DEAD.value]
    )
    await session.execute(
        update(Notification)
        .where(mine)
        .values(
            context={},
            status=case((unsent, DeliveryStatus.CANCELLED.value), else_=Notification.status),
            last_error=case((unsent, ERASED_ERROR), else_=Notification.last_error),
            claimed_until=case((unsent, None), else_=Notification.claimed_until),
        )
    )
    if event.application_ids:  # a host's words about the application, quoted in the offer
        await session.execute(
            update(AwardStep).where(AwardStep.application_id.in_(event.application_ids)).values(note=None)
        )
