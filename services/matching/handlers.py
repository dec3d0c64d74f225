"""One typed function per consumed event type; each runs inside the consumer's transaction."""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.models import PoolEntry
from shared.events.catalog import ApplicationSubmitted, ApplicationWithdrawn, type_of
from shared.events.envelope import Envelope


async def on_application_submitted(session: AsyncSession, event: ApplicationSubmitted, _env: Envelope) -> None:
    entry = await session.get(PoolEntry, event.application_id)
    if entry is None:
        entry = PoolEntry(application_id=event.application_id)
        session.add(entry)
    entry.applicant_id = event.applicant_id
    entry.cycle_id = event.cycle_id
    entry.scheme_id = event.scheme_id
    entry.applicant_type = event.applicant_type
    entry.sending_country = event.sending_country
    entry.choices = list(event.choices)
    entry.grade = event.grade
    entry.status = "submitted"
    entry.updated_at = datetime.now(UTC)


async def on_application_withdrawn(session: AsyncSession, event: ApplicationWithdrawn, _env: Envelope) -> None:
    entry = await session.get(PoolEntry, event.application_id)
    if entry is not None:
        entry.status = "withdrawn"
        entry.updated_at = datetime.now(UTC)


HANDLERS = {
    type_of(ApplicationSubmitted): on_application_submitted,
    # an edit after submission carries the same fields
    "org.corridor.application.updated.v1": on_application_submitted,
    type_of(ApplicationWithdrawn): on_application_withdrawn,
}
