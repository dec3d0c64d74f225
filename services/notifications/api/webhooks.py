"""Partner webhooks: subscriptions (partners), deliveries and replays (admins), the catch-up feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select

from services.notifications.channels import new_webhook_secret
from services.notifications.domain.partner import PARTNER_EVENT_TYPES
from services.notifications.models import Notification, PartnerFeedEntry, WebhookSubscription
from shared.api import MAX_OFFSET, DomainError, fetch_page
from shared.auth import require
from shared.principal import Principal, Role

router = APIRouter(tags=["partners"])

PartnerEventType = Literal[tuple(PARTNER_EVENT_TYPES)]  # type: ignore[valid-type]
DeliveryStatus = Literal["pending", "sending", "delivered", "dead", "cancelled"]


class SubscriptionIn(BaseModel):
    url: str = Field(max_length=2000, description="https:// (or http://) endpoint receiving POSTs")
    event_types: list[PartnerEventType] = Field(
        default=[], max_length=20, description="empty: every partner event type"
    )
    institution_id: str | None = Field(default=None, max_length=64, description="needed when you act for several")
    description: str = Field(default="", max_length=300)

    @field_validator("url")
    @classmethod
    def _http_url(cls, v: str) -> str:
        parts = urlsplit(v.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an absolute http(s) URL")
        return v.strip()


class SubscriptionOut(BaseModel):
    id: str
    institution_id: str
    url: str
    event_types: list[str]
    description: str
    active: bool
    created_at: datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="whsec_...: verify webhook-signature with it; shown only now")


class SubscriptionPage(BaseModel):
    items: list[SubscriptionOut]
    total: int
    offset: int
    limit: int


class DeliveryOut(BaseModel):
    id: str
    subscription_id: str
    institution_id: str | None
    message_id: str
    type: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    last_status_code: int | None
    created_at: datetime
    delivered_at: datetime | None


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    total: int
    offset: int
    limit: int


class FeedItem(BaseModel):
    cursor: str
    message_id: str
    institution_id: str
    type: str
    timestamp: str
    data: dict


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str = Field(description="pass as ?cursor= to read on; unchanged when nothing is new")
    has_more: bool
    limit: int


def _out(sub: WebhookSubscription) -> SubscriptionOut:
    return SubscriptionOut(**sub.model_dump(exclude={"secret", "created_by"}))


def _delivery(n: Notification) -> DeliveryOut:
    return DeliveryOut(
        id=n.id,
        subscription_id=n.recipient,
        institution_id=n.institution_id,
        message_id=n.context.get("message_id", ""),
        type=n.context.get("payload", {}).get("type", ""),
        status=n.status,
        attempts=n.attempts,
        next_attempt_at=n.next_attempt_at,
        last_error=n.last_error,
        last_status_code=n.last_status_code,
        created_at=n.created_at,
        delivered_at=n.delivered_at,
    )


def _scope(me: Principal, column):
    """Admins see everything; a partner only its institutions."""
    return [] if me.role == Role.ADMIN else [column.in_(me.institutions)]


@router.post(
    "/webhooks/subscriptions",
    status_code=201,
    response_model=SubscriptionCreated,
    summary="Register a webhook endpoint for your institution",
)
async def subscribe(
    request: Request, body: SubscriptionIn, me: Principal = Depends(require(Role.PARTNER, Role.ADMIN))
) -> SubscriptionCreated:
    institution = body.institution_id
    if me.role == Role.PARTNER:
        if not me.institutions:
            raise DomainError(403, "your token names no institution", field="institution_id")
        if institution is None:
            if len(me.institutions) > 1:
                raise DomainError(422, "you act for several institutions: name one", field="institution_id")
            institution = me.institutions[0]
        elif institution not in me.institutions:
            raise DomainError(403, f"you do not act for institution {institution}", field="institution_id")
    elif institution is None:
        raise DomainError(422, "required for an admin", field="institution_id")
    sub = WebhookSubscription(
        institution_id=institution,
        url=body.url,
        event_types=list(dict.fromkeys(body.event_types)),
        secret=new_webhook_secret(),
        description=body.description,
        created_by=me.sub,
    )
    async with request.app.state.runtime.db.session() as session, session.begin():
        session.add(sub)
    return SubscriptionCreated(**_out(sub).model_dump(), secret=sub.secret)


@router.get("/webhooks/subscriptions", response_model=SubscriptionPage, summary="Your webhook subscriptions")
async def list_subscriptions(
    request: Request,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    limit: int = Query(20, ge=1, le=100),
    me: Principal = Depends(require(Role.PARTNER, Role.ADMIN)),
) -> SubscriptionPage:
    where = _scope(me, WebhookSubscription.institution_id)
    async with request.app.state.runtime.db.session() as session:
        rows, total = await fetch_page(
            session,
            select(WebhookSubscription).where(*where),
            WebhookSubscription.created_at,
            WebhookSubscription.id,
            offset=offset,
            limit=limit,
        )
    return SubscriptionPage(items=[_out(s) for s in rows], total=total, offset=offset, limit=limit)


@router.delete("/webhooks/subscriptions/{subscription_id}", status_code=204, summary="Stop a subscription")
async def unsubscribe(
    request: Request, subscription_id: str, me: Principal = Depends(require(Role.PARTNER, Role.ADMIN))
) -> Response:
    async with request.app.state.runtime.db.session() as session, session.begin():
        sub = await session.get(WebhookSubscription, subscription_id)
        if sub is None or not (me.role == Role.ADMIN or sub.institution_id in me.institutions):
            raise DomainError(404, f"no subscription {subscription_id}", field="subscription_id")
        sub.active = False
    return Response(status_code=204)


@router.get(
    "/webhooks/deliveries",
    response_model=DeliveryPage,
    summary="Webhook deliveries (admins: all; partners: their own), e.g. ?status=dead",
)
async def list_deliveries(
    request: Request,
    status: DeliveryStatus | None = Query(None),
    subscription_id: str | None = Query(None, max_length=64),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    limit: int = Query(50, ge=1, le=200),
    me: Principal = Depends(require(Role.ADMIN, Role.PARTNER)),
) -> DeliveryPage:
    where = [Notification.channel == "webhook", *_scope(me, Notification.institution_id)]
    if status:
        where.append(Notification.status == status)
    if subscription_id:
        where.append(Notification.recipient == subscription_id)
    rows, total = await _notifications_page(request, where, offset, limit)
    return DeliveryPage(items=[_delivery(n) for n in rows], total=total, offset=offset, limit=limit)


async def _notifications_page(request: Request, where: list, offset: int, limit: int) -> tuple[list[Notification], int]:
    """One page of notification rows matching ``where``, newest first, and the total."""
    async with request.app.state.runtime.db.session() as session:
        return await fetch_page(
            session,
            select(Notification).where(*where),
            Notification.created_at.desc(),
            Notification.id,
            offset=offset,
            limit=limit,
        )


async def replay(request: Request, notification_id: str, channel: str | None) -> Notification:
    """Dead -> pending with a fresh retry schedule (a webhook keeps its webhook-id)."""
    runtime = request.app.state.runtime
    async with runtime.db.session() as session, session.begin():
        row = await session.get(Notification, notification_id, with_for_update=runtime.db.dialect == "postgresql")
        if row is None or (channel is not None and row.channel != channel):
            raise DomainError(404, f"no {channel or 'notification'} delivery {notification_id}", field="delivery_id")
        if row.status != "dead":
            raise DomainError(409, f"only dead deliveries are replayed; this one is {row.status}", field="status")
        if row.channel == "webhook":
            sub = await session.get(WebhookSubscription, row.recipient)
            if sub is None or not sub.active:
                raise DomainError(409, "its subscription has been removed", field="subscription_id")
        row.status = "pending"
        row.attempts = 0
        row.next_attempt_at = datetime.now(UTC)
    request.app.state.dispatcher.wake()
    return row


@router.post(
    "/webhooks/deliveries/{delivery_id}/replay",
    response_model=DeliveryOut,
    summary="Try a dead delivery again (a fresh retry schedule, the same webhook-id)",
)
async def replay_delivery(
    request: Request, delivery_id: str = Path(max_length=64), me: Principal = Depends(require(Role.ADMIN))
) -> DeliveryOut:
    return _delivery(await replay(request, delivery_id, "webhook"))


class NotificationOut(BaseModel):
    id: str
    channel: str
    recipient: str
    source_event_id: str
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    total: int
    offset: int
    limit: int


@router.get(
    "/notifications",
    response_model=NotificationPage,
    tags=["operations"],
    summary="Outbound e-mails and webhooks (admins), e.g. ?channel=email&status=dead",
)
async def list_notifications(
    request: Request,
    channel: Literal["email", "webhook"] | None = Query(None),
    status: DeliveryStatus | None = Query(None),
    recipient: str | None = Query(None, max_length=64),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    limit: int = Query(50, ge=1, le=200),
    me: Principal = Depends(require(Role.ADMIN)),
) -> NotificationPage:
    where = []
    if channel:
        where.append(Notification.channel == channel)
    if status:
        where.append(Notification.status == status)
    if recipient:
        where.append(Notification.recipient == recipient)
    rows, total = await _notifications_page(request, where, offset, limit)
    items = [NotificationOut(**n.model_dump(include=set(NotificationOut.model_fields))) for n in rows]
    return NotificationPage(items=items, total=total, offset=offset, limit=limit)


@router.post(
    "/notifications/{notification_id}/replay",
    response_model=NotificationOut,
    tags=["operations"],
    summary="Try a dead e-mail or webhook again (admins)",
)
async def replay_notification(
    request: Request, notification_id: str = Path(max_length=64), me: Principal = Depends(require(Role.ADMIN))
) -> NotificationOut:
    row = await replay(request, notification_id, None)
    return NotificationOut(**row.model_dump(include=set(NotificationOut.model_fields)))


@router.get(
    "/partner/feed",
    response_model=FeedPage,
    summary="Catch up: your institution's projected events after a cursor, oldest first",
)
async def partner_feed(
    request: Request,
    cursor: str = Query("0", max_length=18, description="next_cursor of the previous page; 0 = from the start"),
    limit: int = Query(50, ge=1, le=500),
    institution_id: str | None = Query(None, max_length=64, description="one of yours; default: all of yours"),
    me: Principal = Depends(require(Role.PARTNER)),
) -> FeedPage:
    if not cursor.isdigit():
        raise DomainError(422, "must be a next_cursor value (a non-negative integer)", field="cursor")
    after = int(cursor)
    institutions = list(me.institutions)
    if institution_id is not None:
        if institution_id not in institutions:
            raise DomainError(403, f"you do not act for institution {institution_id}", field="institution_id")
        institutions = [institution_id]
    # Entries younger than the settle time are held back: a transaction still open in
    # another instance may yet commit a lower sequence number, which a cursor would skip.
    settled = datetime.now(UTC) - timedelta(seconds=request.app.state.settings.feed_settle_seconds)
    async with request.app.state.runtime.db.session() as session:
        rows = (
            await session.scalars(
                select(PartnerFeedEntry)
                .where(
                    PartnerFeedEntry.institution_id.in_(institutions),
                    PartnerFeedEntry.seq > after,
                    PartnerFeedEntry.created_at <= settled,
                )
                .order_by(PartnerFeedEntry.seq)
                .limit(limit + 1)
            )
        ).all()
    page, has_more = rows[:limit], len(rows) > limit
    items = [
        FeedItem(
            cursor=str(r.seq),
            message_id=r.message_id,
            institution_id=r.institution_id,
            type=r.payload["type"],
            timestamp=r.payload["timestamp"],
            data=r.payload["data"],
        )
        for r in page
    ]
    return FeedPage(items=items, next_cursor=items[-1].cursor if items else str(after), has_more=has_more, limit=limit)
