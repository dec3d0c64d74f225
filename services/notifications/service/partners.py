"""What partners manage and read: webhook subscriptions (with a test event and secret
rotation) and the catch-up feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.notifications.domain import partner
from services.notifications.domain.access import feed_institutions, sees_everything, subscription_institution
from services.notifications.domain.delivery import SUBSCRIPTION_STOPPED, Channel, DeliveryStatus
from services.notifications.domain.journal import Action
from services.notifications.domain.targets import Refusal, check_as_written
from services.notifications.models import InstitutionRef, Notification, PartnerFeedEntry, WebhookSubscription, new_id
from services.notifications.service import journal
from services.notifications.service.channels import DeliveryError, WebhookSender, new_webhook_secret, sign_webhook
from services.notifications.service.targets import TargetGuard
from shared.clock import aware, aware_or_none, utcnow
from shared.errors import Conflict, Invalid, NotFound
from shared.paging import Paging, fetch_page
from shared.principal import Principal, Role


async def subscribe(
    session: AsyncSession,
    caller: Principal,
    *,
    url: str,
    event_types: list[str],
    institution_id: str | None,
    description: str,
    guard: TargetGuard,
) -> WebhookSubscription:
    """A new subscription with a fresh secret (the caller sees it once), journaled.

    The URL must be one Corridor may call (``domain/targets.py``: https, a public address,
    an allowed port), checked now with its name resolved, and again at every delivery."""
    institution = subscription_institution(caller, institution_id)
    # An admin names any institution: only one the catalog has (a typo would subscribe for
    # nothing, silently). A partner's own come from its account's scope.
    if caller.role != Role.PARTNER and await session.get(InstitutionRef, institution) is None:
        raise Invalid("webhook.unknown_institution", f"no institution {institution!r} in the catalog", "institution_id")
    try:
        check_as_written(url)
        await guard.check(url)
    except Refusal as exc:
        raise Invalid(exc.code, exc.reason, "url") from exc
    sub = WebhookSubscription(
        institution_id=institution,
        url=url,
        event_types=list(dict.fromkeys(event_types)),
        secret=new_webhook_secret(),
        description=description,
        created_by=caller.sub,
    )
    session.add(sub)
    journal.record(session, caller, Action.SUBSCRIPTION_CREATED, subject=_subject(sub), after=_journaled(sub))
    return sub


async def change(
    session: AsyncSession,
    caller: Principal,
    subscription_id: str,
    *,
    url: str | None,
    event_types: list[str] | None,
    description: str | None,
    guard: TargetGuard,
) -> WebhookSubscription:
    """A subscription's address, event types or description changed in place, its secret and
    its deliveries' history kept (only deleting and subscribing again had changed them, with a
    new secret to install), journaled with before and after. A new address is checked as a new
    subscription's is; deliveries waiting for a try go to it."""
    sub = await subscription_of(session, caller, subscription_id, active=True, lock=True)
    before = _journaled(sub)
    if url is not None and url != sub.url:
        try:
            check_as_written(url)
            await guard.check(url)
        except Refusal as exc:
            raise Invalid(exc.code, exc.reason, "url") from exc
        sub.url = url
    if event_types is not None:
        sub.event_types = list(dict.fromkeys(event_types))
    if description is not None:
        sub.description = description
    after = _journaled(sub)
    if after != before:
        journal.record(session, caller, Action.SUBSCRIPTION_CHANGED, subject=_subject(sub), before=before, after=after)
    return sub


def _subject(sub: WebhookSubscription) -> str:
    return f"subscription:{sub.id}"


def _journaled(sub: WebhookSubscription) -> dict[str, Any]:
    """What the journal keeps of a subscription: never its secrets."""
    return {
        "institution_id": sub.institution_id,
        "url": sub.url,
        "event_types": list(sub.event_types),
        "description": sub.description,
        "active": sub.active,
    }


async def subscriptions(
    session: AsyncSession, caller: Principal, paging: Paging
) -> tuple[list[WebhookSubscription], int]:
    """One page of the subscriptions the caller may see (admins: all), oldest first."""
    query = select(WebhookSubscription)
    if not sees_everything(caller):
        query = query.where(WebhookSubscription.institution_id.in_(caller.institutions))
    return await fetch_page(session, query, WebhookSubscription.created_at, WebhookSubscription.id, paging=paging)


async def subscription_of(
    session: AsyncSession, caller: Principal, subscription_id: str, *, active: bool = False, lock: bool = False
):
    """The caller's subscription; another partner's answers as unknown. ``lock``: held until
    the commit (PostgreSQL), so that two requests changing it at once are journaled in turn."""
    lock = lock and session.bind.dialect.name == "postgresql"
    sub = await session.get(WebhookSubscription, subscription_id, with_for_update=lock)
    if sub is None or not (sees_everything(caller) or sub.institution_id in caller.institutions):
        raise NotFound("subscription.not_found", f"no subscription {subscription_id}", "subscription_id")
    if active and not sub.active:
        raise Conflict("subscription.inactive", "this subscription has been stopped", "subscription_id")
    return sub


async def unsubscribe(
    session: AsyncSession, caller: Principal, subscription_id: str, reason: str | None = None
) -> None:
    """Deactivate (the deliveries keep naming it), journaled; stopping a stopped one changes
    nothing and is not journaled again."""
    sub = await subscription_of(session, caller, subscription_id, lock=True)
    if sub.active:
        await _stop(session, caller, sub, reason)


async def _stop(session: AsyncSession, actor: Principal | str, sub: WebhookSubscription, reason: str | None) -> None:
    """Deactivate, journaled as ``actor``'s act; its deliveries waiting for a try are cancelled
    with it, no try counted (they had waited, pending, until their next due time, up to hours
    on the retry schedule, to be cancelled by the dispatcher as one more try). One being sent
    at this moment ends as the dispatcher finds it; a dead one stays dead, as it was."""
    before = _journaled(sub)
    sub.active = False
    await session.execute(
        update(Notification)
        .where(
            col(Notification.channel) == Channel.WEBHOOK,
            col(Notification.recipient) == sub.id,
            col(Notification.status) == DeliveryStatus.PENDING,
        )
        .values(status=DeliveryStatus.CANCELLED, last_error=SUBSCRIPTION_STOPPED, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    journal.record(
        session,
        actor,
        Action.SUBSCRIPTION_DELETED,
        subject=_subject(sub),
        before=before,
        after=_journaled(sub),
        reason=reason,
    )


SYSTEM = "corridor"  # the journal's actor for a change no person made


async def stop_outside_scope(
    session: AsyncSession, account_id: str, *, active: bool, role: str, institutions: list[str], as_of: datetime
) -> list[WebhookSubscription]:
    """Subscriptions live by the account that made them: the account disabled, or an
    institution out of its scope, stops each of its subscriptions that no longer stands (its
    deliveries still pending are cancelled at their turn, ``dispatcher._send_webhook``),
    journaled. An admin's stand while the admin is active. A stop is final: the partner
    subscribes again, with a new secret. Without this, disabling a leaked account left the
    address it had subscribed receiving every event. Only subscriptions made before ``as_of``
    (the account version's time): one made after it, by the account as it is now (enabled
    again), is not stopped by an older version read late."""
    subs = (
        await session.scalars(
            select(WebhookSubscription)
            .where(
                WebhookSubscription.created_by == account_id,
                col(WebhookSubscription.active).is_(True),
                WebhookSubscription.created_at < as_of,
            )
            .order_by(col(WebhookSubscription.id))
            .with_for_update()
        )
    ).all()
    stopped = []
    for sub in subs:
        if not active:
            reason = "the account that made it was disabled"
        elif role == "admin":
            continue
        elif role != "partner" or sub.institution_id not in institutions:
            reason = f"{sub.institution_id} is no longer in the scope of the account that made it"
        else:
            continue
        await _stop(session, SYSTEM, sub, reason)
        stopped.append(sub)
    return stopped


async def rotate_secret(
    session: AsyncSession, caller: Principal, subscription_id: str, overlap_seconds: int, reason: str | None = None
) -> WebhookSubscription:
    """A new secret (the caller sees it once); the old one goes on signing, as a second
    signature, for ``overlap_seconds`` (0: at once no longer). Journaled without the secrets:
    when the previous one stopped (before) and stops (after) signing."""
    overlap = timedelta(seconds=overlap_seconds)
    if overlap > partner.MAX_OVERLAP:
        raise Invalid("subscription.overlap_too_long", f"at most {partner.MAX_OVERLAP}", "overlap_seconds")
    sub = await subscription_of(session, caller, subscription_id, active=True, lock=True)
    before = {"institution_id": sub.institution_id, "previous_secret_until": _iso(sub.previous_secret_until)}
    now = utcnow()
    after = partner.rotated(
        sub.secret,
        sub.previous_secret,
        aware(sub.previous_secret_until) if sub.previous_secret_until else None,
        sub.earlier_secrets,
        new_webhook_secret(),
        overlap,
        now,
    )
    if after is None:
        raise Conflict(
            "subscription.too_many_rotations",
            f"{partner.MAX_SIGNING_SECRETS} secrets already sign while their overlaps run: wait for the"
            " earliest to end, or rotate with overlap_seconds 0 to end every old secret at once",
            "overlap_seconds",
        )
    sub.secret, sub.previous_secret, sub.previous_secret_until, sub.earlier_secrets = after
    journal.record(
        session,
        caller,
        Action.SECRET_ROTATED,
        subject=_subject(sub),
        before=before,
        after={
            "institution_id": sub.institution_id,
            "previous_secret_until": _iso(sub.previous_secret_until),
            "overlap_seconds": overlap_seconds,
        },
        reason=reason,
    )
    return sub


def _iso(at: datetime | None) -> str | None:
    return aware(at).isoformat() if at is not None else None


@dataclass(frozen=True)
class PingResult:
    message_id: str
    delivered: bool
    status_code: int | None
    error: str | None


async def ping(session: AsyncSession, caller: Principal, subscription_id: str, sender: WebhookSender) -> PingResult:
    """Send a signed test event to the subscription's endpoint now and say how it answered
    (signed as real deliveries are, with both secrets during a rotation; not retried)."""
    sub = await subscription_of(session, caller, subscription_id, active=True)
    now = utcnow()
    message_id = new_id("msg")
    payload = partner.ping(now, subscription_id=sub.id, institution_id=sub.institution_id)
    secrets = partner.signing_secrets(
        sub.secret, sub.previous_secret, aware_or_none(sub.previous_secret_until), now, sub.earlier_secrets
    )
    try:
        status = await sender.send(sub.url, sign_webhook(secrets, message_id, payload, now))
    except DeliveryError as exc:
        return PingResult(message_id, False, exc.status_code, exc.reason)
    return PingResult(message_id, True, status, None)


async def feed(
    session: AsyncSession,
    caller: Principal,
    *,
    cursor: str,
    limit: int,
    institution_id: str | None,
    settle_seconds: float,
) -> tuple[list[PartnerFeedEntry], bool, int]:
    """The caller's feed entries after ``cursor``, oldest first: (entries, has_more, the cursor read)."""
    # ASCII digits only ("²" is a digit to isdigit, not to int) and within a bigint
    if not (cursor.isascii() and cursor.isdigit() and len(cursor) <= 18):
        raise Invalid("feed.bad_cursor", "must be a next_cursor value (a non-negative integer)", "cursor")
    after = int(cursor)
    institutions = feed_institutions(caller, institution_id)
    # Entries younger than the settle time are held back: a transaction still open in
    # another instance may yet commit a lower sequence number, which a cursor would skip.
    settled = utcnow() - timedelta(seconds=settle_seconds)
    rows = (
        await session.scalars(
            select(PartnerFeedEntry)
            .where(
                PartnerFeedEntry.institution_id.in_(institutions),
                col(PartnerFeedEntry.seq) > after,
                PartnerFeedEntry.created_at <= settled,
            )
            .order_by(PartnerFeedEntry.seq)
            .limit(limit + 1)
        )
    ).all()
    if not rows and after > 0:
        # a cursor past every entry this feed has numbered was not one it gave (mistyped, or
        # kept from another installation): echoed back, it would hide every event to come
        last = await session.scalar(select(func.max(PartnerFeedEntry.seq)))
        if last is None or after > last:
            raise Invalid(
                "feed.cursor_ahead",
                "this cursor is past every entry of the feed: it is not a next_cursor this feed gave"
                " (start from 0, or from the next_cursor you stored)",
                "cursor",
            )
    return list(rows[:limit]), len(rows) > limit, after
