"""The dispatcher: sends committed notification rows and records each outcome.

A loop in every instance:
1. claim due rows in a short transaction (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so
   two instances never claim the same row; SQLite runs one instance) and mark them
   ``sending`` with a lease;
2. send them (SMTP, or a signed HTTP POST) outside any transaction: e-mails in up to
   ``dispatch_concurrency`` groups, each over one SMTP session in turn (their contacts read
   in one query); webhooks one by one, as many at once;
3. record the outcomes with the notification.delivered / notification.failed events in one
   transaction per group (the outbox publishes them): delivered, or pending again after
   the next delay of the retry schedule, or dead after the last try. Every outcome is
   stored before a row can be claimed again.
A row whose sender died mid-send is claimed again when its lease runs out (the receiver
may then see it twice; webhooks carry the same webhook-id for deduplication). A group
that has used half the lease leaves its remaining rows unsent, pending again without a
try counted, so a slow server never lets a lease run out under a live sender.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import DBAPIError, OperationalError

from services.notifications.channels import (
    DeliveryError,
    EmailSender,
    SmtpConnection,
    WebhookSender,
    build_email,
    sign_webhook,
)
from services.notifications.domain.retry import next_delay
from services.notifications.domain.templates import render
from services.notifications.models import Contact, Notification, WebhookSubscription
from services.notifications.settings import Settings
from shared.events.catalog import NotificationDelivered, NotificationFailed
from shared.metrics import NOTIFICATION_DELIVERIES
from shared.outbox import add_event
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Nothing left to deliver to (the subscription was removed)."""


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed row; ``tried=False``: left unsent (no try counted)."""

    notification_id: str
    error: str | None = None
    status_code: int | None = None
    cancelled: bool = False
    tried: bool = True


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
        except TimeoutError:
            pass
        self._wake.clear()

    async def dispatch_once(self) -> int:
        rows = await self.claim()
        if not rows:
            return 0
        claimed_at = time.monotonic()
        emails = [row for row in rows if row.channel == "email"]
        jobs = [self._deliver_limited(row) for row in rows if row.channel != "email"]
        if emails:
            contacts = await self._contacts(row.recipient for row in emails)
            groups = min(max(1, self.settings.dispatch_concurrency), len(emails))
            jobs += [self._send_email_group(emails[i::groups], contacts, claimed_at) for i in range(groups)]
        await asyncio.gather(*jobs)
        return len(rows)

    async def _contacts(self, applicant_ids: Iterable[str]) -> dict[str, Contact]:
        ids = sorted(set(applicant_ids))
        async with self.runtime.db.session() as session:
            found = await session.scalars(select(Contact).where(Contact.applicant_id.in_(ids)))
            return {c.applicant_id: c for c in found}

    async def _send_email_group(
        self, rows: list[Notification], contacts: dict[str, Contact], claimed_at: float
    ) -> None:
        """Send ``rows`` in turn over one SMTP session, then store their outcomes together."""
        outcomes: list[Outcome] = []
        stored = False
        deadline = claimed_at + self.settings.dispatch_lease_seconds / 2
        try:
            async with self._limit:
                async with self.email.connection() as smtp:
                    for row in rows:
                        if time.monotonic() > deadline:
                            outcomes.append(Outcome(row.id, tried=False))
                            continue
                        outcome = await self._email_one(smtp, row, contacts.get(row.recipient))
                        if outcome is not None:
                            outcomes.append(outcome)
                await self._record_until_stored(outcomes)
                stored = True
        except asyncio.CancelledError:
            # Stopping: what was sent must still be stored, or the lease would send it again.
            if outcomes and not stored:
                try:
                    await asyncio.wait_for(asyncio.shield(self.record_many(outcomes, only_sending=True)), 5)
                except Exception:  # noqa: BLE001 - then the lease brings them back
                    pass
            raise
        except Exception as exc:
            log.exception("dispatcher: could not record outcomes of %d e-mails: %r", len(outcomes), exc)

    async def _email_one(self, smtp: SmtpConnection, row: Notification, contact: Contact | None) -> Outcome | None:
        try:
            if contact is None:
                raise DeliveryError(f"no contact known for applicant {row.recipient}")
            await smtp.send(self._email_for(row, contact))
        except DeliveryError as exc:
            return Outcome(row.id, error=exc.reason, status_code=exc.status_code)
        except Exception as exc:
            log.exception("dispatcher: could not prepare %s: %r", row.id, exc)
            return None
        return Outcome(row.id)

    def _email_for(self, row: Notification, contact: Contact):
        message = render(row.template or "", contact.language, {**row.context, "name": contact.name})
        return build_email(
            message,
            sender=self.settings.smtp_sender,
            to=contact.email,
            notification_id=row.id,
            source_event_id=row.source_event_id,
        )

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
            except Exception as exc:
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
        await self._record_until_stored([Outcome(row.id, error=error, status_code=status_code, cancelled=cancelled)])

    async def _record_until_stored(self, outcomes: list[Outcome]) -> None:
        """Once sent, the outcome must be stored: if the database is away, keep trying.

        Leaving it to the lease would send the message a second time when the lease ran out.
        """
        if not outcomes:
            return
        backoff = 0.2
        while True:
            try:
                await self.record_many(outcomes)
                return
            except asyncio.CancelledError:
                raise
            except (TimeoutError, OperationalError, DBAPIError, OSError) as exc:
                if self._stopping.is_set():
                    raise
                log.warning(
                    "dispatcher: outcomes of %s not stored yet (%r); retrying in %.1fs",
                    [o.notification_id for o in outcomes],
                    exc,
                    backoff,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5)

    async def _send_email(self, row: Notification) -> None:
        async with self.runtime.db.session() as session:
            contact = await session.get(Contact, row.recipient)
        if contact is None:
            raise DeliveryError(f"no contact known for applicant {row.recipient}")
        await self.email.send(self._email_for(row, contact))

    async def _send_webhook(self, row: Notification) -> int:
        async with self.runtime.db.session() as session:
            sub = await session.get(WebhookSubscription, row.recipient)
        if sub is None or not sub.active:
            raise Cancelled("subscription removed")
        request = sign_webhook(sub.secret, row.context["message_id"], row.context["payload"])
        return await self.webhooks.send(sub.url, request)

    async def record(
        self, notification_id: str, *, error: str | None, status_code: int | None = None, cancelled: bool = False
    ) -> str:
        statuses = await self.record_many(
            [Outcome(notification_id, error=error, status_code=status_code, cancelled=cancelled)]
        )
        return statuses[notification_id]

    async def record_many(self, outcomes: list[Outcome], *, only_sending: bool = False) -> dict[str, str]:
        """Store outcomes (and their events) in one transaction; returns each row's new status.

        ``only_sending``: skip rows no longer ``sending`` (an interrupted record that did commit).
        """
        runtime = self.runtime
        now = datetime.now(UTC)
        ids = sorted({o.notification_id for o in outcomes})
        statuses: dict[str, str] = {}
        labels: list[tuple[str, str]] = []
        async with runtime.db.session() as session, session.begin():
            query = select(Notification).where(Notification.id.in_(ids)).order_by(Notification.id)
            if runtime.db.dialect == "postgresql":
                query = query.with_for_update()  # in id order: two recorders never deadlock
            rows = {row.id: row for row in await session.scalars(query)}
            for o in outcomes:
                row = rows.get(o.notification_id)
                if row is None:
                    log.warning("dispatcher: notification %s is gone; outcome not stored", o.notification_id)
                    continue
                if only_sending and row.status != "sending":
                    continue
                statuses[row.id] = await self._apply_outcome(session, row, o, now)
                if o.tried:
                    labels.append((row.channel, {"pending": "retrying"}.get(row.status, row.status)))
        for channel, label in labels:
            NOTIFICATION_DELIVERIES.labels(channel, label).inc()
        return statuses

    async def _apply_outcome(self, session, row: Notification, o: Outcome, now: datetime) -> str:
        runtime = self.runtime
        row.claimed_until = None
        if not o.tried:
            row.status = "pending"  # due again at once, its tries unchanged
            return row.status
        error = o.error
        row.attempts += 1
        row.last_status_code = o.status_code
        outcome = dict(
            notification_id=row.id,
            source_event_id=row.source_event_id,
            recipient=row.recipient,
            channel=row.channel,
            attempts=row.attempts,
        )
        if error is None:
            row.status = "delivered"
            row.delivered_at = now
            row.last_error = None
            self.stats.delivered += 1
            await add_event(session, runtime.tables, NotificationDelivered(**outcome), source=runtime.source)
        elif o.cancelled:
            row.status = "cancelled"
            row.last_error = error
        else:
            row.last_error = error[:2000]
            self.stats.failed_tries += 1
            delay = next_delay(
                row.attempts, self.settings.retry_schedule_seconds, random.random(), self.settings.retry_jitter
            )
            if delay is None:
                row.status = "dead"
                self.stats.dead += 1
                await add_event(
                    session, runtime.tables, NotificationFailed(**outcome, error=error[:2000]), source=runtime.source
                )
            else:
                row.status = "pending"
                row.next_attempt_at = now + timedelta(seconds=delay)
                log.info("delivery %s failed (%s); try %d in %.1fs", row.id, error, row.attempts + 1, delay)
        return row.status
