"""The dispatcher: sends committed notification rows and records each outcome.

A loop in every instance:
1. claim due rows in a short transaction (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so
   two instances never claim the same row; SQLite runs one instance) and mark them
   ``sending`` with a lease;
2. send them (SMTP, or a signed HTTP POST) outside any transaction;
3. record the outcome with the notification.delivered / notification.failed event in one
   transaction (the outbox publishes it): delivered, or pending again after the next delay
   of the retry schedule, or dead after the last try.
A row whose sender died mid-send is claimed again when its lease runs out (the receiver
may then see it twice; webhooks carry the same webhook-id for deduplication).
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import DBAPIError, OperationalError

from services.notifications.channels import DeliveryError, EmailSender, WebhookSender, build_email, sign_webhook
from services.notifications.domain.retry import next_delay
from services.notifications.domain.templates import render
from services.notifications.models import Contact, Notification, WebhookSubscription
from services.notifications.settings import Settings
from shared.events.catalog import NotificationDelivered, NotificationFailed
from shared.outbox import add_event
from shared.metrics import NOTIFICATION_DELIVERIES
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Nothing left to deliver to (the subscription was removed)."""


@dataclass
class DispatchStats:
    claimed: int = 0
    delivered: int = 0
    failed_tries: int = 0
    dead: int = 0


class Dispatcher:
    def __init__(self, runtime: ServiceRuntime, settings: Settings):
        self.runtime = runtime
        self.settings = settings
        self.email = EmailSender(settings)
        self.webhooks = WebhookSender(settings)
        self.stats = DispatchStats()
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._limit = asyncio.Semaphore(max(1, settings.dispatch_concurrency))

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def close(self) -> None:
        await self.webhooks.close()

    async def run(self) -> None:
        backoff = 0.5
        while not self._stopping.is_set():
            try:
                n = await self.dispatch_once()
                backoff = 0.5
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - database away: wait and retry
                log.warning("dispatcher: %r; retrying in %.1fs", exc, backoff)
                await self._wait(backoff)
                backoff = min(backoff * 2, 10)
                continue
            if n < self.settings.dispatch_batch_size:
                await self._wait(self.settings.dispatch_poll_seconds)

    async def _wait(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except asyncio.TimeoutError:
            pass
        self._wake.clear()

    async def dispatch_once(self) -> int:
        rows = await self.claim()
        if rows:
            await asyncio.gather(*(self._deliver_limited(row) for row in rows))
        return len(rows)

    async def claim(self) -> list[Notification]:
        now = datetime.now(UTC)
        db = self.runtime.db
        async with db.session() as session, session.begin():
            query = (
                select(Notification)
                .where(
                    or_(
                        and_(Notification.status == "pending", Notification.next_attempt_at <= now),
                        and_(Notification.status == "sending", Notification.claimed_until < now),
                    )
                )
                .order_by(Notification.next_attempt_at)
                .limit(self.settings.dispatch_batch_size)
            )
            if db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = list((await session.scalars(query)).all())
            lease = now + timedelta(seconds=self.settings.dispatch_lease_seconds)
            for row in rows:
                row.status = "sending"
                row.claimed_until = lease
        self.stats.claimed += len(rows)
        return rows

    async def _deliver_limited(self, row: Notification) -> None:
        async with self._limit:
            try:
                await self.deliver(row)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - recording failed: the lease brings it back
                log.exception("dispatcher: could not record outcome of %s: %r", row.id, exc)

    async def deliver(self, row: Notification) -> None:
        error: str | None = None
        status_code: int | None = None
        cancelled = False
        try:
            if row.channel == "email":
                await self._send_email(row)
            elif row.channel == "webhook":
                status_code = await self._send_webhook(row)
            else:
                raise Cancelled(f"unknown channel {row.channel!r}")
        except DeliveryError as exc:
            error, status_code = exc.reason, exc.status_code
        except Cancelled as exc:
            error, cancelled = str(exc), True
        await self._record_until_stored(row.id, error=error, status_code=status_code, cancelled=cancelled)

    async def _record_until_stored(self, notification_id: str, **outcome) -> None:
        """Once sent, the outcome must be stored: if the database is away, keep trying.

        Leaving it to the lease would send the message a second time when the lease ran out.
        """
        backoff = 0.2
        while True:
            try:
                await self.record(notification_id, **outcome)
                return
            except asyncio.CancelledError:
                raise
            except (OperationalError, DBAPIError, OSError, asyncio.TimeoutError) as exc:
                if self._stopping.is_set():
                    raise
                log.warning("dispatcher: outcome of %s not stored yet (%r); retrying in %.1fs",
                            notification_id, exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5)

    async def _send_email(self, row: Notification) -> None:
        async with self.runtime.db.session() as session:
            contact = await session.get(Contact, row.recipient)
        if contact is None:
            raise DeliveryError(f"no contact known for applicant {row.recipient}")
        message = render(row.template or "", contact.language, {**row.context, "name": contact.name})
        mail = build_email(
            message, sender=self.settings.smtp_sender, to=contact.email,
            notification_id=row.id, source_event_id=row.source_event_id,
        )
        await self.email.send(mail)

    async def _send_webhook(self, row: Notification) -> int:
        async with self.runtime.db.session() as session:
            sub = await session.get(WebhookSubscription, row.recipient)
        if sub is None or not sub.active:
            raise Cancelled("subscription removed")
        request = sign_webhook(sub.secret, row.context["message_id"], row.context["payload"])
        return await self.webhooks.send(sub.url, request)

    async def record(self, notification_id: str, *, error: str | None, status_code: int | None = None, cancelled: bool = False) -> str:
        runtime = self.runtime
        now = datetime.now(UTC)
        async with runtime.db.session() as session, session.begin():
            row = await session.get(Notification, notification_id, with_for_update=runtime.db.dialect == "postgresql")
            row.attempts += 1
            row.claimed_until = None
            row.last_status_code = status_code
            outcome = dict(
                notification_id=row.id, source_event_id=row.source_event_id, recipient=row.recipient,
                channel=row.channel, attempts=row.attempts,
            )
            if error is None:
                row.status = "delivered"
                row.delivered_at = now
                row.last_error = None
                self.stats.delivered += 1
                await add_event(session, runtime.tables, NotificationDelivered(**outcome), source=runtime.source)
            elif cancelled:
                row.status = "cancelled"
                row.last_error = error
            else:
                row.last_error = error[:2000]
                self.stats.failed_tries += 1
                delay = next_delay(row.attempts, self.settings.retry_schedule_seconds, random.random(), self.settings.retry_jitter)
                if delay is None:
                    row.status = "dead"
                    self.stats.dead += 1
                    await add_event(session, runtime.tables, NotificationFailed(**outcome, error=error[:2000]), source=runtime.source)
                else:
                    row.status = "pending"
                    row.next_attempt_at = now + timedelta(seconds=delay)
                    log.info("delivery %s failed (%s); try %d in %.1fs", row.id, error, row.attempts + 1, delay)
            status = row.status
        outcome_label = {"pending": "retrying"}.get(status, status)
        NOTIFICATION_DELIVERIES.labels(row.channel, outcome_label).inc()
        return status
