"""The dispatcher: a worker that sends committed notification rows and records each outcome.

Each step of its loop (``shared.workers.Loop``, in every instance):
1. claim due rows in a short transaction (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, so
   two instances never claim the same row; SQLite runs one instance) and mark them
   ``sending`` with a lease;
2. send them (SMTP, or a signed HTTP POST) outside any transaction: e-mails in up to
   ``dispatch_concurrency`` groups, each over one SMTP session in turn (their contacts read
   in one query, and a missing one read again at its turn); webhooks one by one, as many at once;
3. record each outcome with its notification.delivered / notification.failed event in its
   own transaction, before the group's next message goes (the outbox publishes them):
   delivered, or pending again after the next delay of the retry schedule, or dead after
   the last try; an e-mail that found no contact, whose contact is stored by then, pending
   again at once with no try counted. Every outcome is stored before a row can be claimed again.
A full batch is followed by the next at once; otherwise the loop waits for the poll
interval or a wake-up (a replay). A row whose sender died mid-send is claimed again when
its lease runs out: only a message sent in the moment between the receiver's acceptance and
the commit of its outcome can arrive twice, at most one per group (webhooks carry the same
webhook-id, e-mails the same Message-ID, for deduplication). A group that has used half the lease leaves its remaining rows
unsent, pending again without a try counted, so a slow server never lets a lease run out
under a live sender.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import Message

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.notifications.domain.delivery import Channel, DeliveryStatus, outcome_label
from services.notifications.domain.partner import signing_secrets
from services.notifications.domain.retry import next_delay
from services.notifications.domain.templates import ACCOUNT_KINDS, STAFF_KINDS, Extras, render
from services.notifications.models import Account, Contact, Notification, WebhookSubscription
from services.notifications.service.channels import (
    DeliveryError,
    EmailSender,
    SmtpConnection,
    WebhookSender,
    build_email,
    sign_webhook,
)
from services.notifications.service.interviews import calendar_attachment
from services.notifications.settings import Settings
from shared.clock import utcnow
from shared.db import Database
from shared.events.catalog import NotificationDelivered, NotificationFailed
from shared.metrics import NOTIFICATION_DELIVERIES
from shared.outbox import add_event
from shared.tables import InfraTables
from shared.workers import Loop

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
    addressless: bool = False  # an e-mail whose addressee's contact was not known when it was to go


@dataclass(frozen=True)
class Addressee:
    """Whom an e-mail goes to: a stored contact or account, or the row's own (account.notice)."""

    email: str
    name: str
    language: str

    @classmethod
    def of(cls, who: Contact | Account) -> Addressee:
        return cls(who.email, who.name, who.language)


@dataclass
class DispatchStats:
    claimed: int = 0
    delivered: int = 0
    failed_tries: int = 0
    dead: int = 0


class Dispatcher:
    """A ``shared.workers.Worker``: the runtime runs it beside the relay and stops it.

    ``email`` and ``webhooks`` are the channels (fakes in the unit tests); ``source`` is
    the CloudEvents source of the outcome events.
    """

    name = "dispatcher"

    def __init__(
        self,
        db: Database,
        tables: InfraTables,
        settings: Settings,
        *,
        source: str,
        email: EmailSender | None = None,
        webhooks: WebhookSender | None = None,
    ):
        self.db = db
        self.tables = tables
        self.settings = settings
        self.source = source
        self.email = email or EmailSender(settings)
        self.webhooks = webhooks or WebhookSender(settings)
        self.stats = DispatchStats()
        self._limit = asyncio.Semaphore(max(1, settings.dispatch_concurrency))
        self.loop = Loop(self.name, self._drain, interval=settings.dispatch_poll_seconds, backoff=(0.5, 10.0))

    def wake(self) -> None:
        self.loop.wake()

    async def stop(self) -> None:
        await self.loop.stop()

    async def run(self) -> None:
        try:
            await self.loop.run()
        finally:
            await self.webhooks.close()

    async def _drain(self) -> None:
        """Batch after batch while they come full, then the loop waits."""
        while await self.dispatch_once() >= self.settings.dispatch_batch_size and not self.loop.stopping:
            pass

    async def dispatch_once(self) -> int:
        """Claim one batch, send it and store the outcomes; the number of rows claimed."""
        rows = await self.claim()
        if not rows:
            return 0
        claimed_at = time.monotonic()
        emails = [row for row in rows if row.channel == Channel.EMAIL]
        jobs = [self._deliver_limited(row) for row in rows if row.channel != Channel.EMAIL]
        if emails:
            contacts = await self._contacts(emails)
            # Sessions at once: as few as carry the e-mails in groups of dispatch_group_size.
            # Each session may have one message in doubt (accepted, its outcome not yet
            # stored) if the process dies; ten single-message sessions at once were ten.
            groups = min(
                max(1, self.settings.dispatch_concurrency), -(-len(emails) // self.settings.dispatch_group_size)
            )
            jobs += [self._send_email_group(emails[i::groups], contacts, claimed_at) for i in range(groups)]
        await asyncio.gather(*jobs)
        return len(rows)

    async def claim(self) -> list[Notification]:
        now = utcnow()
        async with self.db.session() as session, session.begin():
            query = (
                select(Notification)
                .where(
                    or_(
                        and_(Notification.status == DeliveryStatus.PENDING, Notification.next_attempt_at <= now),
                        and_(Notification.status == DeliveryStatus.SENDING, col(Notification.claimed_until) < now),
                    )
                )
                .order_by(Notification.next_attempt_at)
                .limit(self.settings.dispatch_batch_size)
            )
            if self.db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = list((await session.scalars(query)).all())
            lease = now + timedelta(seconds=self.settings.dispatch_lease_seconds)
            for row in rows:
                row.status = DeliveryStatus.SENDING
                row.claimed_until = lease
        self.stats.claimed += len(rows)
        return rows

    # --- e-mails: in groups, each over one SMTP session ---

    async def _contacts(self, rows: Iterable[Notification]) -> dict[str, Addressee]:
        """The addressee of each row, by row id: applicants' contacts, staff accounts, and the
        owner an account notice names itself."""
        rows = list(rows)
        applicants = {r.recipient for r in rows if r.template not in STAFF_KINDS | ACCOUNT_KINDS}
        accounts = {r.recipient for r in rows if r.template in STAFF_KINDS}
        contacts: dict[str, Addressee] = {}
        staff: dict[str, Addressee] = {}
        async with self.db.session() as session:
            if applicants:
                for c in await session.scalars(select(Contact).where(Contact.applicant_id.in_(sorted(applicants)))):
                    contacts[c.applicant_id] = Addressee.of(c)
            if accounts:
                for a in await session.scalars(select(Account).where(Account.account_id.in_(sorted(accounts)))):
                    staff[a.account_id] = Addressee.of(a)
        found: dict[str, Addressee] = {}
        for r in rows:
            if r.template in ACCOUNT_KINDS:
                owner = r.context
                if owner.get("email"):
                    found[r.id] = Addressee(owner["email"], owner.get("name") or "", owner.get("language") or "en")
            elif (who := (staff if r.template in STAFF_KINDS else contacts).get(r.recipient)) is not None:
                found[r.id] = who
        return found

    async def _send_email_group(
        self, rows: list[Notification], contacts: dict[str, Addressee], claimed_at: float
    ) -> None:
        """Send ``rows`` in turn over one SMTP session, storing each outcome before the next
        message goes: a message the server accepted and this process did not record is sent
        again when its lease runs out, so at most one message per group is ever in that state
        (the process killed between the server's 250 and the commit). Storing a whole group
        after it was sent was cheaper but left up to the group's size to be sent twice."""
        unstored: list[Outcome] = []
        deadline = claimed_at + self.settings.dispatch_lease_seconds / 2
        try:
            async with self._limit:
                async with self.email.connection() as smtp:
                    for row in rows:
                        if time.monotonic() > deadline:
                            unstored.append(Outcome(row.id, tried=False))
                            continue
                        contact = contacts.get(row.id)
                        if contact is None:  # it may have arrived since the claim: a try would wait 5 s or more
                            contact = (await self._contacts([row])).get(row.id)
                        outcome = await self._email_one(smtp, row, contact)
                        if outcome is not None:
                            unstored = [outcome]
                            await self._record_until_stored(unstored)
                            unstored = []
                await self._record_until_stored(unstored)  # the rows left unsent for the next claim
                unstored = []
        except asyncio.CancelledError:
            # Stopping: what was sent must still be stored, or the lease would send it again.
            if unstored:
                try:
                    await asyncio.wait_for(asyncio.shield(self.record_many(unstored, only_sending=True)), 5)
                except Exception:  # noqa: BLE001 - then the lease brings them back
                    pass
            raise
        except Exception as exc:
            log.exception("dispatcher: could not record outcomes of %d e-mails: %r", len(unstored), exc)

    async def _email_one(self, smtp: SmtpConnection, row: Notification, contact: Addressee | None) -> Outcome | None:
        try:
            if contact is None:
                return Outcome(row.id, error=f"no contact known for {row.recipient}", addressless=True)
            await smtp.send(self._email_for(row, contact))
        except DeliveryError as exc:
            return Outcome(row.id, error=exc.reason, status_code=exc.status_code)
        except Exception as exc:
            log.exception("dispatcher: could not prepare %s: %r", row.id, exc)
            return None
        return Outcome(row.id)

    def _email_for(self, row: Notification, contact: Addressee) -> Message:
        extras = Extras(portal_url=self.settings.portal_url, contact_email=self.settings.contact_email)
        message = render(row.template or "", contact.language, {**row.context, "name": contact.name}, extras)
        return build_email(
            message,
            sender=self.settings.smtp_sender,
            to=contact.email,
            notification_id=row.id,
            source_event_id=row.source_event_id,
            # interviews only
            attachment=calendar_attachment(row, self.settings.contact_email, contact.email, message.language),
        )

    # --- webhooks: one by one, as many at once ---

    async def _deliver_limited(self, row: Notification) -> None:
        async with self._limit:
            try:
                await self._deliver_webhook(row)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.exception("dispatcher: could not record outcome of %s: %r", row.id, exc)

    async def _deliver_webhook(self, row: Notification) -> None:
        try:
            outcome = Outcome(row.id, status_code=await self._send_webhook(row))
        except DeliveryError as exc:
            outcome = Outcome(row.id, error=exc.reason, status_code=exc.status_code)
        except Cancelled as exc:
            outcome = Outcome(row.id, error=str(exc), cancelled=True)
        await self._record_until_stored([outcome])

    async def _send_webhook(self, row: Notification) -> int:
        if row.channel != Channel.WEBHOOK:
            raise Cancelled(f"unknown channel {row.channel!r}")
        async with self.db.session() as session:
            sub = await session.get(WebhookSubscription, row.recipient)
        if sub is None or not sub.active:
            raise Cancelled("subscription removed")
        now = utcnow()
        secrets = signing_secrets(sub.secret, sub.previous_secret, sub.previous_secret_until, now)
        request = sign_webhook(secrets, row.context["message_id"], row.context["payload"], now)
        return await self.webhooks.send(sub.url, request)

    # --- outcomes ---

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
                if self.loop.stopping:
                    raise
                log.warning(
                    "dispatcher: outcomes of %s not stored yet (%r); retrying in %.1fs",
                    [o.notification_id for o in outcomes],
                    exc,
                    backoff,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5)

    async def record_many(self, outcomes: list[Outcome], *, only_sending: bool = False) -> None:
        """Store outcomes (and their events) in one transaction.

        ``only_sending``: skip rows no longer ``sending`` (an interrupted record that did commit).
        """
        now = utcnow()
        ids = sorted({o.notification_id for o in outcomes})
        labels: list[tuple[str, str]] = []
        async with self.db.session() as session, session.begin():
            query = select(Notification).where(Notification.id.in_(ids)).order_by(Notification.id)
            if self.db.dialect == "postgresql":
                query = query.with_for_update()  # in id order: two recorders never deadlock
            rows = {row.id: row for row in await session.scalars(query)}
            for o in outcomes:
                row = rows.get(o.notification_id)
                if row is None:
                    log.warning("dispatcher: notification %s is gone; outcome not stored", o.notification_id)
                    continue
                if only_sending and row.status != DeliveryStatus.SENDING:
                    continue
                if await self._apply_outcome(session, row, o, now):
                    labels.append((row.channel, outcome_label(row.status)))
        for channel, label in labels:
            NOTIFICATION_DELIVERIES.labels(channel, label).inc()

    async def _apply_outcome(self, session: AsyncSession, row: Notification, o: Outcome, now: datetime) -> bool:
        """Store one outcome on its (locked) row; whether it counted as a try."""
        row.claimed_until = None
        if not o.tried:
            row.status = DeliveryStatus.PENDING  # due again at once, its tries unchanged
            return False
        if o.addressless and await self._contact_arrived(session, row):
            # Committed while the row was out (a consumer batch holding it had not committed;
            # its wake-up of the row made this lock wait for that commit): nothing was sent,
            # so no try is counted and the e-mail is due at once instead of after a delay.
            row.status = DeliveryStatus.PENDING
            row.next_attempt_at = now
            return False
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
            row.status = DeliveryStatus.DELIVERED
            row.delivered_at = now
            row.last_error = None
            if row.context.get("link"):  # a reset link is kept no longer than needed to send it
                row.context = {**row.context, "link": None}
            self.stats.delivered += 1
            await add_event(session, self.tables, NotificationDelivered(**outcome), source=self.source)
        elif o.cancelled:
            row.status = DeliveryStatus.CANCELLED
            row.last_error = error
        else:
            row.last_error = error[:2000]
            self.stats.failed_tries += 1
            delay = next_delay(
                row.attempts, self.settings.retry_schedule_seconds, random.random(), self.settings.retry_jitter
            )
            if delay is None:
                row.status = DeliveryStatus.DEAD
                self.stats.dead += 1
                await add_event(
                    session, self.tables, NotificationFailed(**outcome, error=error[:2000]), source=self.source
                )
            else:
                row.status = DeliveryStatus.PENDING
                row.next_attempt_at = now + timedelta(seconds=delay)
                log.info("delivery %s failed (%s); try %d in %.1fs", row.id, error, row.attempts + 1, delay)
        return True

    @staticmethod
    async def _contact_arrived(session: AsyncSession, row: Notification) -> bool:
        """Whether an applicant e-mail's contact is stored now (staff and account notices have
        their addressee elsewhere)."""
        if row.template in STAFF_KINDS | ACCOUNT_KINDS:
            return False
        return await session.get(Contact, row.recipient) is not None
