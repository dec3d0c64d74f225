"""Who is told what: one typed function per consumed event type."""

from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.models import InboxEntry
from shared.events.catalog import ApplicationSubmitted, type_of
from shared.events.envelope import Envelope


async def on_application_submitted(session: AsyncSession, event: ApplicationSubmitted, env: Envelope) -> None:
    session.add(
        InboxEntry(
            recipient_id=event.applicant_id,
            source_event_id=env.id,
            event_type=env.type,
            subject="Application received",
            body=f"Dear {event.name}, we received your application for cycle {event.cycle_id}.",
            language=event.preferred_language,
        )
    )


HANDLERS = {type_of(ApplicationSubmitted): on_application_submitted}
