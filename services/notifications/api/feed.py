"""The partner feed: catch up on the institution's projected events after a cursor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.notifications.api.deps import SettingsOf
from services.notifications.api.schemas import FeedItem, FeedPage
from services.notifications.domain import partner_contract
from services.notifications.service import partners
from shared.api import DbSession
from shared.auth import PartnerCaller

router = APIRouter(tags=["partners"])


@router.get(
    "/partner/feed",
    response_model=FeedPage,
    summary="Catch up: your institution's projected events after a cursor, oldest first",
)
async def partner_feed(
    caller: PartnerCaller,
    session: DbSession,
    settings: SettingsOf,
    cursor: Annotated[
        str, Query(max_length=64, description="next_cursor of the previous page; 0 = from the start")
    ] = "0",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    institution_id: Annotated[
        str | None, Query(min_length=1, max_length=64, description="one of yours; default: all of yours")
    ] = None,
) -> FeedPage:
    rows, has_more, after = await partners.feed(
        session,
        caller,
        cursor=cursor,
        limit=limit,
        institution_id=institution_id,
        settle_seconds=settings.feed_settle_seconds,
    )
    items = [
        FeedItem(
            cursor=str(r.seq),
            message_id=r.message_id,
            institution_id=r.institution_id,
            type=r.payload["type"],
            timestamp=r.payload["timestamp"],
            data=r.payload["data"],
        )
        for r in rows
    ]
    return FeedPage(items=items, next_cursor=items[-1].cursor if items else str(after), has_more=has_more, limit=limit)


@router.get(
    "/partner/asyncapi.json",
    summary="What partners receive (AsyncAPI 3.0): the webhook body, your topic's records, the feed's data",
)
async def partner_asyncapi() -> dict:
    """The same document as docs/partner-asyncapi.json: a contract, open to anyone (it holds no
    data), so that a partner's developer can generate or check their receiver from it."""
    return partner_contract.document()
