"""The portal inbox: each user reads and marks only their own entries."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.models import InboxEntry
from shared.clock import utcnow
from shared.errors import NotFound
from shared.paging import Paging, fetch_page


async def unread_count(session: AsyncSession, recipient: str) -> int:
    return (
        await session.scalar(
            select(func.count())
            .select_from(InboxEntry)
            .where(InboxEntry.recipient_id == recipient, InboxEntry.read_at.is_(None))
        )
        or 0
    )


async def entries(
    session: AsyncSession, recipient: str, paging: Paging, *, unread_only: bool = False
) -> tuple[list[InboxEntry], int]:
    """One page of the recipient's entries, newest first, and how many there are."""
    mine = [InboxEntry.recipient_id == recipient]
    if unread_only:
        mine.append(InboxEntry.read_at.is_(None))
    return await fetch_page(
        session, select(InboxEntry).where(*mine), InboxEntry.created_at.desc(), InboxEntry.id.desc(), paging=paging
    )


async def mark_read(session: AsyncSession, recipient: str, entry_id: int) -> InboxEntry:
    entry = await session.get(InboxEntry, entry_id)
    # Another user's entry answers as if it did not exist.
    if entry is None or entry.recipient_id != recipient:
        raise NotFound("inbox.entry_not_found", f"no inbox entry {entry_id} for you", "entry_id")
    if entry.read_at is None:
        entry.read_at = utcnow()
    return entry


async def mark_all_read(session: AsyncSession, recipient: str) -> int:
    """Mark every unread entry of the recipient read; how many were."""
    result = await session.execute(
        update(InboxEntry)
        .where(InboxEntry.recipient_id == recipient, InboxEntry.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0
