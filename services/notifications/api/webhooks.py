"""Partner webhooks: subscriptions (partners, admins) with a test event (ping) and secret
rotation, deliveries and the replay of a dead one (admins: all; partners: their own)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, Response

from services.notifications.api.deps import DispatcherOf, PartnerOrAdmin
from services.notifications.api.schemas import (
    DeliveryOut,
    DeliveryPage,
    PingOut,
    Replay,
    RetryIn,
    RetryOut,
    RotateSecret,
    SubscriptionChange,
    SubscriptionCreated,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionPage,
)
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import infra
from services.notifications.service import deliveries, partners
from shared.api import DbSession, PageParams, Transaction
from shared.idempotency import IdempotencyKey, run_idempotent
from shared.paging import Page

router = APIRouter(tags=["partners"])


@router.post(
    "/webhooks/subscriptions",
    status_code=201,
    response_model=SubscriptionCreated,
    summary="Register a webhook endpoint for your institution",
)
async def subscribe(
    request: Request,
    caller: PartnerOrAdmin,
    session: Transaction,
    dispatcher: DispatcherOf,
    key: IdempotencyKey,
    body: SubscriptionIn,
):
    """With an ``Idempotency-Key``, the same request again (a retry after a timeout, a form
    sent twice) answers the subscription it made, without its secret, and makes no other."""

    async def produce() -> SubscriptionCreated:
        sub = await partners.subscribe(
            session,
            caller,
            url=body.url,
            event_types=list(body.event_types),
            institution_id=body.institution_id,
            description=body.description,
            guard=dispatcher.webhooks.guard,
        )
        return SubscriptionCreated(**SubscriptionOut.of(sub).model_dump(), secret=sub.secret)

    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=201, produce=produce, secret="secret"
    )


@router.get("/webhooks/subscriptions", response_model=SubscriptionPage, summary="Your webhook subscriptions")
async def list_subscriptions(caller: PartnerOrAdmin, session: DbSession, paging: PageParams) -> Page[SubscriptionOut]:
    rows, total = await partners.subscriptions(session, caller, paging)
    return SubscriptionPage.of([SubscriptionOut.of(s) for s in rows], total, paging)


@router.get(
    "/webhooks/subscriptions/{subscription_id}",
    response_model=SubscriptionOut,
    summary="One of your webhook subscriptions (another institution's answers 404)",
)
async def get_subscription(
    caller: PartnerOrAdmin, session: DbSession, subscription_id: Annotated[str, Path(max_length=64)]
) -> SubscriptionOut:
    return SubscriptionOut.of(await partners.subscription_of(session, caller, subscription_id))


@router.patch(
    "/webhooks/subscriptions/{subscription_id}",
    response_model=SubscriptionOut,
    summary="Change a subscription's address, event types or description (its secret stays)",
)
async def change_subscription(
    caller: PartnerOrAdmin,
    session: Transaction,
    dispatcher: DispatcherOf,
    body: SubscriptionChange,
    subscription_id: Annotated[str, Path(max_length=64)],
) -> SubscriptionOut:
    sub = await partners.change(
        session,
        caller,
        subscription_id,
        url=body.url,
        event_types=None if body.event_types is None else list(body.event_types),
        description=body.description,
        guard=dispatcher.webhooks.guard,
    )
    return SubscriptionOut.of(sub)


@router.delete("/webhooks/subscriptions/{subscription_id}", status_code=204, summary="Stop a subscription")
async def unsubscribe(
    caller: PartnerOrAdmin,
    session: Transaction,
    subscription_id: str,
    reason: Annotated[str, Query(max_length=2000, description="why (kept in the audit journal)")] = "",
) -> Response:
    await partners.unsubscribe(session, caller, subscription_id, reason)
    return Response(status_code=204)


@router.post(
    "/webhooks/subscriptions/{subscription_id}/secret",
    response_model=SubscriptionCreated,
    summary="Rotate the secret: a new one now, the old one signing too until the overlap ends",
)
async def rotate_secret(
    request: Request,
    caller: PartnerOrAdmin,
    session: Transaction,
    subscription_id: str,
    key: IdempotencyKey,
    body: RotateSecret | None = None,
):
    """With an ``Idempotency-Key``, the same request again (a double click, a retry after a
    timeout) answers the rotation it made, its secret null, and rotates nothing more: three
    rotations at once had each shown a secret, and only the last one signed."""

    async def produce() -> SubscriptionCreated:
        shown = body or RotateSecret()
        sub = await partners.rotate_secret(session, caller, subscription_id, shown.overlap_seconds, shown.reason)
        return SubscriptionCreated(**SubscriptionOut.of(sub).model_dump(), secret=sub.secret)

    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=200, produce=produce, secret="secret"
    )


@router.post(
    "/webhooks/subscriptions/{subscription_id}/retry",
    response_model=RetryOut,
    summary="Your endpoint is back: every delivery of this subscription waiting for its next try goes now "
    "(with dead_too, its dead ones too)",
)
async def retry_waiting(
    caller: PartnerOrAdmin,
    session: Transaction,
    dispatcher: DispatcherOf,
    background: BackgroundTasks,
    subscription_id: Annotated[str, Path(max_length=64)],
    body: RetryIn | None = None,
) -> RetryOut:
    """Dead deliveries are among them only with ``dead_too`` (each with a fresh schedule, as
    ``POST /webhooks/deliveries/{id}/replay`` gives one)."""
    body = body or RetryIn()
    sub = await partners.subscription_of(session, caller, subscription_id, active=True)
    due, dead = await deliveries.retry_waiting(session, sub, caller, dead_too=body.dead_too, reason=body.reason)
    background.add_task(dispatcher.wake)  # after the commit, so the dispatcher finds them due
    return RetryOut(due_now=due, replayed_dead=dead)


@router.post(
    "/webhooks/subscriptions/{subscription_id}/ping",
    response_model=PingOut,
    summary="Send a signed test event (webhook.ping) to your endpoint now and see how it answered",
)
async def ping(caller: PartnerOrAdmin, session: DbSession, dispatcher: DispatcherOf, subscription_id: str) -> PingOut:
    result = await partners.ping(session, caller, subscription_id, dispatcher.webhooks)
    return PingOut(
        message_id=result.message_id, delivered=result.delivered, status_code=result.status_code, error=result.error
    )


@router.get(
    "/webhooks/deliveries",
    response_model=DeliveryPage,
    summary="Webhook deliveries (admins: all; partners: their own), e.g. ?status=dead",
)
async def list_deliveries(
    caller: PartnerOrAdmin,
    session: DbSession,
    paging: PageParams,
    status: Annotated[DeliveryStatus | None, Query()] = None,
    subscription_id: Annotated[str | None, Query(max_length=64)] = None,
    institution_id: Annotated[
        str | None, Query(min_length=1, max_length=64, description="one of your institutions; default: all of yours")
    ] = None,
) -> Page[DeliveryOut]:
    rows, total = await deliveries.notifications(
        session,
        paging,
        channel=Channel.WEBHOOK,
        status=status,
        recipient=subscription_id,
        institution_id=institution_id,
        caller=caller,
    )
    return DeliveryPage.of([DeliveryOut.of(n) for n in rows], total, paging)


@router.post(
    "/webhooks/deliveries/{delivery_id}/replay",
    response_model=DeliveryOut,
    summary="Try a dead delivery again (a fresh retry schedule, the same webhook-id), or a pending one now; "
    "partners: their own",
)
async def replay_delivery(
    caller: PartnerOrAdmin,
    session: Transaction,
    dispatcher: DispatcherOf,
    background: BackgroundTasks,
    delivery_id: Annotated[str, Path(max_length=64)],
    body: Replay | None = None,
) -> DeliveryOut:
    row = await deliveries.replay(session, delivery_id, Channel.WEBHOOK, caller, (body or Replay()).reason)
    background.add_task(dispatcher.wake)  # after the commit, so the dispatcher finds it due
    return DeliveryOut.of(row)
