"""Outbound deliveries for operators and partners: lists, and the replay of dead ones."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.notifications.domain.access import sees_everything
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.domain.journal import Action
from services.notifications.domain.templates import REQUIRED
from services.notifications.models import Notification, WebhookSubscription
from services.notifications.service import journal
from services.notifications.service.addressees import Addressee, addressees, recipients_at
from shared.clock import aware, utcnow
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.paging import Paging, fetch_page
from shared.principal import Principal


async def notifications(
    session: AsyncSession,
    paging: Paging,
    *,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    recipient: str | None = None,
    address: str | None = None,
    institution_id: str | None = None,
    caller: Principal | None = None,
) -> tuple[list[Notification], int]:
    """One page of notification rows, newest first, and the total. ``recipient``: an
    applicant id (e-mail) or a subscription id (webhook); ``address``: the e-mails of the
    applicant or account with this address now; ``caller``: a partner sees only its
    institutions' rows."""
    query = select(Notification)
    if channel:
        query = query.where(Notification.channel == channel)
    if status:
        query = query.where(Notification.status == status)
    if recipient:
        query = query.where(Notification.recipient == recipient)
    if address:
        query = query.where(
            Notification.channel == Channel.EMAIL, Notification.recipient.in_(select(recipients_at(address)))
        )
    if institution_id:
        query = query.where(Notification.institution_id == institution_id)
    if caller is not None and not sees_everything(caller):
        if institution_id and institution_id not in caller.institutions:
            # said, as the feed says it: an empty list had hidden the mistake
            raise Forbidden(
                "partner.foreign_institution", f"{institution_id} is not one of your institutions", "institution_id"
            )
        query = query.where(Notification.institution_id.in_(caller.institutions))
    return await fetch_page(session, query, Notification.created_at.desc(), Notification.id, paging=paging)


async def replay(
    session: AsyncSession,
    notification_id: str,
    channel: Channel | None,
    caller: Principal,
    reason: str | None = None,
) -> Notification:
    """Dead -> pending with a fresh retry schedule (a webhook keeps its webhook-id), journaled;
    a pending one (waiting for its next try) is due now, its tries counted as they were: a
    partner whose endpoint is back had waited up to 12 hours for the next try.

    ``caller``: who replays (an admin, or a partner, who replays only its institutions'
    deliveries: another's answers as unknown). The caller wakes the dispatcher once this has
    committed.
    """
    lock = session.bind.dialect.name == "postgresql"
    row = await session.get(Notification, notification_id, with_for_update=lock)
    if row is not None and not sees_everything(caller):
        row = row if row.institution_id in caller.institutions else None
    if row is None or (channel is not None and row.channel != channel):
        raise NotFound(
            "delivery.not_found", f"no {channel or 'notification'} delivery {notification_id}", "delivery_id"
        )
    if row.status not in (DeliveryStatus.DEAD, DeliveryStatus.PENDING):
        raise Conflict(
            "delivery.not_dead",
            f"only dead deliveries, or pending ones waiting for their next try, are tried again; this one is {row.status}",
            "status",
        )
    if row.channel == Channel.WEBHOOK:
        sub = await session.get(WebhookSubscription, row.recipient)
        if sub is None or not sub.active:
            raise Conflict("delivery.subscription_removed", "its subscription has been removed", "subscription_id")
    now = utcnow()
    due = row.next_attempt_at is None or aware(row.next_attempt_at) <= now
    if row.status == DeliveryStatus.PENDING and due:
        return row  # due already (replayed a moment ago, or its next try is now): nothing to change
    before = {"status": row.status, "attempts": row.attempts, "last_error": row.last_error}
    if row.status == DeliveryStatus.DEAD:  # a fresh schedule; a pending one keeps its count
        row.status = DeliveryStatus.PENDING
        row.attempts = 0
    row.next_attempt_at = now
    journal.record(
        session,
        caller,
        Action.DELIVERY_REPLAYED,
        subject=f"notification:{row.id}",
        before={**before, **_what(row)},
        after={"status": row.status, "attempts": row.attempts, **_what(row)},
        reason=reason,
    )
    return row


DEAD_RECENTLY = timedelta(days=7)


async def dead_recently(session: AsyncSession) -> dict[str, int]:
    """Deliveries dead in the last week and not tried again, by channel (the operators' gauge:
    they wait for someone)."""
    since = utcnow() - DEAD_RECENTLY
    rows = await session.execute(
        select(Notification.channel, func.count())
        .where(Notification.status == DeliveryStatus.DEAD, Notification.created_at >= since)
        .group_by(Notification.channel)
    )
    return {channel: 0 for channel in Channel} | {str(channel): int(n) for channel, n in rows}


async def overdue_seconds(session: AsyncSession) -> dict[str, float]:
    """By channel, how long the delivery due longest ago has waited past its time: a pending
    one past its next try, or one being sent whose claim ran out (its sender gone). 0 when
    none is due. Near 0 while the dispatcher keeps up; growing, it is stalled or far behind
    (the operators' gauge: a failure ratio says nothing when nothing is tried)."""
    now = utcnow()
    due = await session.execute(
        select(Notification.channel, func.min(Notification.next_attempt_at))
        .where(Notification.status == DeliveryStatus.PENDING, Notification.next_attempt_at <= now)
        .group_by(Notification.channel)
    )
    lost = await session.execute(
        select(Notification.channel, func.min(Notification.claimed_until))
        .where(Notification.status == DeliveryStatus.SENDING, col(Notification.claimed_until) <= now)
        .group_by(Notification.channel)
    )
    waited = {str(channel): 0.0 for channel in Channel}
    for channel, since in [*due, *lost]:
        if since is not None:
            waited[str(channel)] = max(waited.get(str(channel), 0.0), (now - aware(since)).total_seconds())
    return waited


async def addressees_of(session: AsyncSession, rows: list[Notification]) -> dict[str, Addressee]:
    """Whom each e-mail row goes to now, by row id (an admin's list names them)."""
    return await addressees(await session.connection(), [r for r in rows if r.channel == Channel.EMAIL])


def resendable(row: Notification) -> bool:
    """A delivered e-mail can be sent again unless its kind needs a link (a password reset, a
    referee's invitation: ``REQUIRED``) and the row no longer holds it: a link is not kept once
    sent (``try_stored``)."""
    if row.channel != Channel.EMAIL or row.status != DeliveryStatus.DELIVERED:
        return False
    return "link" not in REQUIRED.get(row.template or "", frozenset()) or bool(row.context.get("link"))


async def resend(session: AsyncSession, notification_id: str, caller: Principal, reason: str) -> Notification:
    """A copy of a delivered e-mail, to be sent as a new message ("the applicant never got
    it"): its own row (``resend`` 1, 2, ...: the copies of this notice), Message-ID and
    outcome, to the recipient's address now; the original stays as it was. Journaled with the
    reason. The caller wakes the dispatcher once this has committed."""
    if not reason.strip():
        raise Invalid("value.missing", "say why the e-mail is sent again (kept in the audit journal)", "reason")
    original = await session.get(Notification, notification_id)
    if original is None or original.channel != Channel.EMAIL:
        raise NotFound("delivery.not_found", f"no email delivery {notification_id}", "notification_id")
    if original.status != DeliveryStatus.DELIVERED:
        raise Conflict(
            "delivery.not_delivered",
            f"only a delivered e-mail is sent again; this one is {original.status} "
            "(a dead one is tried again with replay)",
            "status",
        )
    if not resendable(original):
        raise Conflict(
            "delivery.link_spent",
            "this e-mail carried a one-time link, which is not kept once sent: the person asks for a new one "
            "(a password reset, or the applicant sends the referee's request again)",
            "notification_id",
        )
    copies = await session.scalar(
        select(func.max(Notification.resend)).where(
            Notification.source_event_id == original.source_event_id,
            Notification.recipient == original.recipient,
            Notification.channel == original.channel,
        )
    )
    copy = Notification(
        source_event_id=original.source_event_id,
        event_type=original.event_type,
        channel=original.channel,
        recipient=original.recipient,
        institution_id=original.institution_id,
        template=original.template,
        context=dict(original.context),
        resend=int(copies or 0) + 1,
    )
    session.add(copy)
    try:
        await session.flush()
    except IntegrityError:  # another admin sent a copy at this moment: one is enough
        raise Conflict(
            "delivery.resent_just_now", "a copy of this e-mail was sent again a moment ago", "notification_id"
        ) from None
    journal.record(
        session,
        caller,
        Action.DELIVERY_RESENT,
        subject=f"notification:{original.id}",
        after={"copy_id": copy.id, "resend": copy.resend, **_what(original)},
        reason=reason.strip(),
    )
    return copy


def _what(row: Notification) -> dict[str, str | None]:
    """Which delivery: its channel, event and recipient (an applicant or a subscription)."""
    return {
        "channel": row.channel,
        "event_type": row.event_type,
        "recipient": row.recipient,
        "institution_id": row.institution_id,
    }


_rows = Notification.__table__
_RETRY_NOW = (
    update(_rows)
    .where(
        _rows.c.recipient == bindparam("addressee"),
        _rows.c.channel == Channel.EMAIL.value,
        or_(
            and_(
                _rows.c.status == DeliveryStatus.PENDING.value,
                _rows.c.next_attempt_at > bindparam("now"),
                _rows.c.attempts > 0,
            ),
            _rows.c.status == DeliveryStatus.SENDING.value,
        ),
    )
    .values(next_attempt_at=bindparam("now"))
)


async def retry_emails_now(session: AsyncSession, recipient: str) -> int:
    """Make an applicant's e-mails that wait for a retry due at once, because their contact
    has just arrived or changed; how many. A notice about an application can be handled
    before the applicant's registration (it travels on another partition): its e-mail then
    fails for want of an address and would wait out the retry schedule (5 s, then 30 s).
    Rows already tried and waiting for a later time are made due (their tries unchanged);
    rows being sent are touched too, which holds their lock until this transaction commits:
    the dispatcher, storing such a row's outcome, then finds the contact and counts no try
    (``Dispatcher._apply_outcome``)."""
    result = await session.execute(_RETRY_NOW, {"now": utcnow(), "addressee": recipient})
    return int(getattr(result, "rowcount", 0) or 0)


async def retry_waiting(
    session: AsyncSession,
    subscription: WebhookSubscription,
    caller: Principal,
    *,
    dead_too: bool = False,
    reason: str = "",
) -> tuple[int, int]:
    """Every delivery of the subscription waiting for its next try is due now (its tries
    counted as they were), and with ``dead_too`` every dead one too (a fresh schedule, as a
    replay gives), journaled once: an endpoint back after an outage catches up at once instead
    of over the retry schedule's hours, or one replay at a time. How many of each; the caller
    wakes the dispatcher once this has committed."""
    mine = (Notification.channel == Channel.WEBHOOK, Notification.recipient == subscription.id)
    now = utcnow()
    result = await session.execute(
        update(Notification)
        .where(*mine, Notification.status == DeliveryStatus.PENDING, Notification.next_attempt_at > now)
        .values(next_attempt_at=now)
    )
    count = int(result.rowcount or 0)
    dead = 0
    if dead_too:
        result = await session.execute(
            update(Notification)
            .where(*mine, Notification.status == DeliveryStatus.DEAD)
            .values(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now)
        )
        dead = int(result.rowcount or 0)
    if count or dead:
        journal.record(
            session,
            caller,
            Action.DELIVERY_REPLAYED,
            subject=f"subscription:{subscription.id}",
            after={"subscription_id": subscription.id, "due_now": count, "replayed_dead": dead},
            reason=reason or "the endpoint is back: every waiting delivery tried now",
        )
    return count, dead
