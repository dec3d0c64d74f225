"""Documents an officer rejected (issue 15): while a rejected version stands, the choices whose
programme requires its kind are not placed in a round (``domain/inputs.py``), and their
outcome says why (``round.document_rejected``). A new version (document.resubmitted) or an
officer's correction (document.verified) lets the application compete again.

Each event names the version concerned, so a held row is that version: the events of one
application arrive in order (keyed by application id), and a redelivery changes nothing.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.models import HeldDocument, PoolEntry
from shared.clock import utcnow
from shared.events.catalog import DocumentRejected


async def hold(session: AsyncSession, event: DocumentRejected) -> None:
    """The rejected version holds its application's choices that require its kind."""
    held = await session.get(HeldDocument, (event.application_id, event.document_id))
    if held is None:
        held = HeldDocument(
            application_id=event.application_id, document_id=event.document_id, kind=event.kind, reason=""
        )
        session.add(held)
    held.kind, held.reason, held.due_on, held.held_at = event.kind, event.reason, event.due_on, utcnow()


async def release(session: AsyncSession, application_id: str, document_id: str) -> None:
    """That version no longer holds the application (replaced by a new one, or verified)."""
    await session.execute(
        delete(HeldDocument).where(
            HeldDocument.application_id == application_id, HeldDocument.document_id == document_id
        )
    )


async def held_kinds(session: AsyncSession, cycle_id: str) -> dict[str, tuple[str, ...]]:
    """application id -> the kinds of its documents that stand rejected (sorted, no repeats),
    for the applications in this cycle's pool."""
    rows = await session.execute(
        select(HeldDocument.application_id, HeldDocument.kind)
        .join(PoolEntry, PoolEntry.application_id == HeldDocument.application_id)
        .where(PoolEntry.cycle_id == cycle_id)
    )
    out: dict[str, set[str]] = {}
    for application_id, kind in rows:
        out.setdefault(application_id, set()).add(kind)
    return {a: tuple(sorted(kinds)) for a, kinds in out.items()}
