"""The portal inbox: each user reads and marks only their own messages."""

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel
from sqlalchemy import func, select, update

from services.notifications.models import InboxEntry
from shared.api import MAX_OFFSET, DomainError, fetch_page
from shared.auth import require
from shared.principal import Principal, Role

router = APIRouter(tags=["inbox"])

# Applicants read their notifications; officers (and admins) read round reports.
inbox_reader = require(Role.APPLICANT, Role.OFFICER, Role.ADMIN)


class InboxPage(BaseModel):
    items: list[InboxEntry]
    total: int
    unread: int
    offset: int
    limit: int


class ReadAll(BaseModel):
    marked: int
    unread: int


async def _unread(session, recipient: str) -> int:
    return (
        await session.scalar(
            select(func.count())
            .select_from(InboxEntry)
            .where(InboxEntry.recipient_id == recipient, InboxEntry.read_at.is_(None))
        )
        or 0
    )


@router.get("/inbox", response_model=InboxPage, summary="My notifications, newest first")
async def read_inbox(
    request: Request,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    limit: int = Query(20, ge=1, le=100),
    unread_only: bool = Query(False, description="only messages not yet read"),
    me: Principal = Depends(inbox_reader),
) -> InboxPage:
    mine = [InboxEntry.recipient_id == me.sub]
    if unread_only:
        mine.append(InboxEntry.read_at.is_(None))
    async with request.app.state.runtime.db.session() as session:
        items, total = await fetch_page(
            session,
            select(InboxEntry).where(*mine),
            InboxEntry.created_at.desc(),
            InboxEntry.id.desc(),
            offset=offset,
            limit=limit,
        )
        unread = await _unread(session, me.sub)
    return InboxPage(items=items, total=total, unread=unread, offset=offset, limit=limit)


@router.post("/inbox/{entry_id}/read", response_model=InboxEntry, summary="Mark one of my messages as read")
async def mark_read(
    request: Request, entry_id: int = Path(ge=1, le=2**31 - 1), me: Principal = Depends(inbox_reader)
) -> InboxEntry:
    async with request.app.state.runtime.db.session() as session, session.begin():
        entry = await session.get(InboxEntry, entry_id)
        # Another user's message answers as if it did not exist.
        if entry is None or entry.recipient_id != me.sub:
            raise DomainError(404, f"no inbox entry {entry_id} for you", field="entry_id")
        if entry.read_at is None:
            entry.read_at = datetime.now(UTC)
    return entry


@router.post("/inbox/read-all", response_model=ReadAll, summary="Mark all my messages as read")
async def mark_all_read(request: Request, me: Principal = Depends(inbox_reader)) -> ReadAll:
    async with request.app.state.runtime.db.session() as session, session.begin():
        result = await session.execute(
            update(InboxEntry)
            .where(InboxEntry.recipient_id == me.sub, InboxEntry.read_at.is_(None))
            .values(read_at=datetime.now(UTC))
        )
        unread = await _unread(session, me.sub)
    return ReadAll(marked=result.rowcount or 0, unread=unread)
