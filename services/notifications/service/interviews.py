"""Interviews (issue 16): the invitation notice, the booked and cancelled e-mails with their
iCalendar part, and the reminder the day before (``Reminders``, a worker).

- interview.invited tells the applicant (inbox and e-mail) to book a slot.
- interview.booked / .cancelled are kept (``interview_bookings``: the highest sequence
  wins, so a late older event changes nothing) and tell the applicant, with the time in
  their own zone (from their nationality) and in the host's, in their language. The e-mail
  carries ``text/calendar`` (METHOD:REQUEST, or CANCEL), built when it is sent
  (``calendar_attachment``) from the row: the booking's UID, its SEQUENCE, DTSTART in UTC.
- The reminder: once a booking starts within ``interview_reminder_hours`` (24), one e-mail
  and one inbox entry. The booking row is locked (SKIP LOCKED on PostgreSQL), its
  ``reminded_sequence`` set in the same transaction as the rows, and the rows are unique
  per (reminder id, recipient, channel): a restart or a second instance never sends it twice;
  a moved interview (a new sequence) is reminded again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.domain.catalog_names import named_in
from services.notifications.domain.delivery import Channel
from services.notifications.domain.interviews import CALENDAR_METHODS, summary, time_zone_for, times
from services.notifications.domain.templates import render
from services.notifications.models import Contact, InboxEntry, InterviewBooking, Notification
from services.notifications.service.channels import Attachment
from services.notifications.service.fanout import page_of, tell_applicant
from services.notifications.service.references import catalog_names, cycle_name
from shared.calendar import interview_calendar
from shared.clock import aware, utcnow
from shared.db import Database
from shared.events.catalog import InterviewBooked, InterviewCancelled, InterviewInvited
from shared.events.envelope import Envelope
from shared.workers import Loop

log = logging.getLogger(__name__)
REMINDER_TYPE = "org.corridor.interview.reminder"


async def tell_invited(session: AsyncSession, env: Envelope, event: InterviewInvited) -> None:
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "interview_invited",
        {"cycle": await cycle_name(session, event.cycle_id)},
        application_id=event.application_id,
        says={"invited": event.cycle_id},
    )


async def _remember(session: AsyncSession, event: InterviewBooked | InterviewCancelled) -> InterviewBooking | None:
    """Store the booking as this event describes it, unless a later version is stored (None)."""
    row = await session.get(InterviewBooking, event.booking_uid, with_for_update=True)
    if row is not None and row.sequence > event.sequence:
        return None
    if row is None:
        row = InterviewBooking(
            booking_uid=event.booking_uid,
            application_id=event.application_id,
            applicant_id=event.applicant_id,
            cycle_id=event.cycle_id,
            starts_at=event.starts_at,
            duration_minutes=event.duration_minutes,
            time_zone=event.time_zone,
            place=event.place,
        )
        session.add(row)
    row.sequence, row.starts_at, row.duration_minutes = event.sequence, event.starts_at, event.duration_minutes
    row.time_zone, row.place, row.nationality = event.time_zone, event.place[:500], event.nationality[:2]
    row.cancelled, row.updated_at = isinstance(event, InterviewCancelled), utcnow()
    return row


async def _language(session: AsyncSession, applicant_id: str) -> str:
    contact = await session.get(Contact, applicant_id)
    return contact.language if contact else "en"


async def booking_context(session: AsyncSession, booking: InterviewBooking, language: str) -> dict[str, Any]:
    """What an interview notice says (JSON-ready), the times written in ``language``."""
    context: dict[str, Any] = {
        "cycle": await cycle_name(session, booking.cycle_id),
        "starts_at": aware(booking.starts_at).isoformat(),
        "duration": booking.duration_minutes,
        "time_zone": booking.time_zone,
        "my_time_zone": time_zone_for(booking.nationality),
        "place": booking.place,
        "uid": booking.booking_uid,
        "sequence": booking.sequence,
    }
    return {**context, **times(context, language)}


async def tell_booking(session: AsyncSession, env: Envelope, event: InterviewBooked | InterviewCancelled) -> bool:
    """The applicant told of the booking as ``event`` leaves it; False: an older version of it,
    told nothing."""
    booking = await _remember(session, event)
    if booking is None:
        log.info("interview %s: sequence %s is older than the one stored", event.booking_uid, event.sequence)
        return False
    cancelled = isinstance(event, InterviewCancelled)
    context = await booking_context(session, booking, await _language(session, event.applicant_id))
    if isinstance(event, InterviewCancelled) and event.by_staff:  # the committee's, with its word to them
        context = {**context, "by_committee": True, "reason": event.reason or ""}
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "interview_cancelled" if cancelled else "interview_moved" if event.rescheduled else "interview_booked",
        context,
        application_id=event.application_id,
        says={"booking": event.booking_uid, "sequence": event.sequence, "cancelled": cancelled},
    )
    return True


def calendar_attachment(row: Notification, organizer: str, attendee: str, language: str) -> Attachment | None:
    """An interview e-mail's iCalendar part (text/calendar; method=REQUEST or CANCEL); None
    for any other e-mail."""
    method = CALENDAR_METHODS.get(row.template or "")
    if method is None:
        return None
    c = row.context
    ics = interview_calendar(
        method=method,
        uid=str(c["uid"]),
        sequence=int(c["sequence"]),
        starts_at=datetime.fromisoformat(str(c["starts_at"])),
        duration_minutes=int(c["duration"]),
        place=str(c["place"]),
        summary=summary(str(c["cycle"]), language),
        organizer=organizer,
        attendee=attendee,
        stamp=aware(row.created_at),
    )
    return Attachment(
        ics,
        subtype="calendar",
        filename="invite.ics" if method == "REQUEST" else "cancel.ics",
        params=(("method", method),),
    )


class Reminders:
    """A ``shared.workers.Worker``: the reminder the day before, exactly once per booking version."""

    name = "interview-reminders"

    def __init__(self, db: Database, *, lead: timedelta = timedelta(hours=24), interval: float = 60.0):
        self.db = db
        self.lead = lead
        self.loop = Loop(self.name, self.step, interval=interval)

    async def run(self) -> None:
        await self.loop.run()

    async def stop(self) -> None:
        await self.loop.stop()

    async def step(self, now: datetime | None = None) -> int:
        """Remind every booking that starts within ``lead`` and was not reminded; how many."""
        now = now or datetime.now(UTC)
        told = 0
        async with self.db.session() as session, session.begin():
            due = await session.scalars(
                select(InterviewBooking)
                .where(
                    ~InterviewBooking.cancelled,
                    InterviewBooking.starts_at > now,
                    InterviewBooking.starts_at <= now + self.lead,
                    or_(
                        InterviewBooking.reminded_sequence.is_(None),
                        InterviewBooking.reminded_sequence != InterviewBooking.sequence,
                    ),
                )
                .order_by(InterviewBooking.starts_at)
                .limit(100)
                .with_for_update(skip_locked=True)
            )
            for booking in due.all():
                await self._remind(session, booking)
                told += 1
        return told

    async def _remind(self, session: AsyncSession, booking: InterviewBooking) -> None:
        contact = await session.get(Contact, booking.applicant_id)
        language = contact.language if contact else "en"
        context = await booking_context(session, booking, language)
        # the cycle's name in the language: a reminder is rendered here, not by tell_applicant
        context = named_in(context, await catalog_names(session), language)
        reminder_id = f"rmd:{booking.sequence}:{booking.booking_uid}"[:64]
        message = render("interview_reminder", language, {**context, "name": contact.name if contact else ""})
        session.add(
            InboxEntry(
                recipient_id=booking.applicant_id,
                source_event_id=reminder_id,
                event_type=REMINDER_TYPE,
                subject=message.subject[:300],
                body=message.text,
                language=message.language,
                link=page_of("interview_reminder", booking.application_id),
            )
        )
        session.add(
            Notification(
                source_event_id=reminder_id,
                event_type=REMINDER_TYPE,
                channel=Channel.EMAIL,
                recipient=booking.applicant_id,
                template="interview_reminder",
                context={**context, "page": page_of("interview_reminder", booking.application_id)},
            )
        )
        booking.reminded_sequence = booking.sequence
