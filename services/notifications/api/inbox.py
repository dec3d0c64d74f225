"""The portal inbox: each user reads and marks only their own messages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.notifications.api.deps import InboxReader
from services.notifications.api.schemas import InboxPage, ReadAll
from services.notifications.models import InboxEntry
from services.notifications.service import inbox
from shared.api import DbSession, PageParams, Transaction

router = APIRouter(tags=["inbox"])


@router.get("/inbox", response_model=InboxPage, summary="My notifications, newest first")
async def read_inbox(
    caller: InboxReader,
    session: DbSession,
    paging: PageParams,
    unread_only: Annotated[bool, Query(description="only messages not yet read")] = False,
) -> InboxPage:
    items, total = await inbox.entries(session, caller.sub, paging, unread_only=unread_only)
    unread = await inbox.unread_count(session, caller.sub)
    return InboxPage(items=items, total=total, unread=unread, offset=paging.offset, limit=paging.limit)


@router.post("/inbox/{entry_id}/read", response_model=InboxEntry, summary="Mark one of my messages as read")
async def mark_read(
    caller: InboxReader, session: Transaction, entry_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> InboxEntry:
    return await inbox.mark_read(session, caller.sub, entry_id)


@router.post("/inbox/read-all", response_model=ReadAll, summary="Mark all my messages as read")
async def mark_all_read(caller: InboxReader, session: Transaction) -> ReadAll:
    marked = await inbox.mark_all_read(session, caller.sub)
    return ReadAll(marked=marked, unread=await inbox.unread_count(session, caller.sub))
