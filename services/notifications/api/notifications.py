"""Operations: every outbound e-mail and webhook, their replay, this instance's dispatcher."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request

from services.notifications.api.deps import DispatcherOf
from services.notifications.api.schemas import DispatcherStats, NotificationOut, NotificationPage, Replay, Resend
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import infra
from services.notifications.service import deliveries
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Admin
from shared.idempotency import IdempotencyKey, run_idempotent
from shared.paging import Page

router = APIRouter(tags=["operations"])


@router.get(
    "/notifications",
    response_model=NotificationPage,
    summary="Outbound e-mails and webhooks (admins), e.g. ?channel=email&status=dead",
)
async def list_notifications(
    caller: Admin,
    session: DbSession,
    paging: PageParams,
    channel: Annotated[Channel | None, Query()] = None,
    status: Annotated[DeliveryStatus | None, Query()] = None,
    recipient: Annotated[str | None, Query(max_length=64)] = None,
    address: Annotated[
        str | None,
        Query(
            min_length=3,
            max_length=320,
            pattern=r"^[^@\s]+@[^@\s]+$",
            description="the e-mails of the applicant or account with this address now (any case)",
        ),
    ] = None,
) -> Page[NotificationOut]:
    rows, total = await deliveries.notifications(
        session, paging, channel=channel, status=status, recipient=recipient, address=address
    )
    to = await deliveries.addressees_of(session, rows)
    return NotificationPage.of(
        [NotificationOut.of(n, addressee=to.get(n.id), resendable=deliveries.resendable(n)) for n in rows],
        total,
        paging,
    )


@router.post(
    "/notifications/{notification_id}/replay",
    response_model=NotificationOut,
    summary="Try a dead e-mail or webhook again (admins)",
)
async def replay_notification(
    request: Request,
    caller: Admin,
    session: Transaction,
    dispatcher: DispatcherOf,
    background: BackgroundTasks,
    key: IdempotencyKey,
    notification_id: Annotated[str, Path(max_length=64)],
    body: Replay | None = None,
):
    """With an ``Idempotency-Key``, the same request again answers as the first did (the
    delivery then pending, not refused as no longer dead)."""

    async def produce() -> NotificationOut:
        row = await deliveries.replay(session, notification_id, None, caller, (body or Replay()).reason)
        return NotificationOut.of(row)

    background.add_task(dispatcher.wake)  # after the commit, so the dispatcher finds it due
    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=200, produce=produce
    )


@router.post(
    "/notifications/{notification_id}/resend",
    response_model=NotificationOut,
    status_code=201,
    summary="Send a delivered e-mail again, as a new message (admins): the recipient never got it",
)
async def resend_notification(
    request: Request,
    caller: Admin,
    session: Transaction,
    dispatcher: DispatcherOf,
    background: BackgroundTasks,
    key: IdempotencyKey,
    notification_id: Annotated[str, Path(max_length=64)],
    body: Resend,
):
    """A copy to the recipient's address as it stands now, with its own Message-ID (a mail
    system that dropped or filed away the first does not take the second for it); the first
    stays delivered. Refused for an e-mail that carried a one-time link (409 delivery.link_spent).
    With an ``Idempotency-Key``, the same request again (a double click, a retry) answers the
    copy it made and makes no other."""

    async def produce() -> NotificationOut:
        copy = await deliveries.resend(session, notification_id, caller, body.reason)
        to = await deliveries.addressees_of(session, [copy])
        return NotificationOut.of(copy, addressee=to.get(copy.id))

    background.add_task(dispatcher.wake)  # after the commit, so the dispatcher finds it due
    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=201, produce=produce
    )


@router.get("/dispatcher", response_model=DispatcherStats, summary="Delivery counters of this instance (admins)")
async def dispatcher_stats(caller: Admin, dispatcher: DispatcherOf) -> DispatcherStats:
    # Admins only (issue 13): the counters tell how busy and how failing deliveries are.
    s = dispatcher.stats
    return DispatcherStats(claimed=s.claimed, delivered=s.delivered, failed_tries=s.failed_tries, dead=s.dead)
