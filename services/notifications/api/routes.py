from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import func, select

from services.notifications.models import InboxEntry
from shared.auth import Principal, Role, require

router = APIRouter(tags=["inbox"])


class InboxPage(BaseModel):
    items: list[InboxEntry]
    total: int
    unread: int
    offset: int
    limit: int


@router.get("/inbox", response_model=InboxPage)
async def read_inbox(
    request: Request,
    offset: int = Query(0, ge=0),
    limit: int = Query(20, ge=1, le=100),
    me: Principal = Depends(require(Role.APPLICANT)),
) -> InboxPage:
    mine = InboxEntry.recipient_id == me.sub
    async with request.app.state.runtime.db.session() as session:
        items = (
            await session.scalars(
                select(InboxEntry).where(mine).order_by(InboxEntry.created_at.desc(), InboxEntry.id.desc())
                .offset(offset).limit(limit)
            )
        ).all()
        total = await session.scalar(select(func.count()).select_from(InboxEntry).where(mine))
        unread = await session.scalar(
            select(func.count()).select_from(InboxEntry).where(mine, InboxEntry.read_at.is_(None))
        )
    return InboxPage(items=list(items), total=total or 0, unread=unread or 0, offset=offset, limit=limit)
