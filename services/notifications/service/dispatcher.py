"""The dispatcher: a worker that sends committed notification rows and records each outcome.

It works in two lanes, e-mails and webhooks, each a loop of its own (``shared.workers.Loop``,
in every instance), so that a partner's slow server never holds up an applicant's e-mail.
Each step of a lane:
1. claim its channel's due rows and mark them ``sending`` with a lease: those whose lease ran
   out, then pending ones, each an UPDATE ... RETURNING of the rows a subquery picked in
   ``ix_notifications_channel_due``'s order (PostgreSQL: FOR UPDATE SKIP LOCKED, so two
   instances never claim the same row; SQLite runs one instance);
2. send them (SMTP, or a signed HTTP POST) outside any transaction: e-mails in up to
   ``dispatch_concurrency`` groups, each over one SMTP session in turn (their contacts read
   in one query, and a missing one read again at its turn); webhooks one by one, up to
   ``dispatch_concurrency`` at once;
3. record each outcome with its notification.delivered / notification.failed event in its
   own transaction, before the group's next message goes (the outbox publishes them):
   delivered, or pending again after the next delay of the retry schedule, or dead after
   the last try; an e-mail that found no contact, whose contact is stored by then, pending
   again at once with no try counted. Every outcome is stored before a row can be claimed again.
   On PostgreSQL an e-mail's delivery is written before the message goes, in a transaction
   that holds only its row, and committed the moment the server accepts the message (rolled
   back, and the actual outcome stored, otherwise): the moment below is one COMMIT long.
   That transaction runs on the driver's connection (asyncpg) under the group's held
   connection: BEGIN, one statement compiled once, COMMIT, without an ORM session per e-mail.
A full batch is followed by the next at once; otherwise the lane waits for the poll
interval or a wake-up (a replay). A row whose sender died mid-send is claimed again when
its lease runs out: only a message sent in the moment between the receiver's acceptance and
the commit of its outcome can arrive twice, at most one per group (webhooks carry the same
webhook-id, e-mails the same Message-ID, for deduplication). A group of e-mails, or a lane's
batch of webhooks, that has used half the lease leaves its remaining rows unsent, pending
again without a try counted, so a slow server never lets a lease run out under a live sender.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import Message
from functools import lru_cache, partial
from typing import Any

import asyncpg
from sqlalchemy import Table, and_, bindparam, func, insert, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from services.notifications.domain.delivery import (
    SUBSCRIPTION_STOPPED,
    Channel,
    DeliveryStatus,
    TryStored,
    outcome_label,
    try_stored,
    untried,
)
from services.notifications.domain.partner import signing_secrets
from services.notifications.domain.templates import ACCOUNT_KINDS, STAFF_KINDS, Extras, render
from services.notifications.models import Contact, Notification, WebhookSubscription
from services.notifications.service.addressees import Addressee, addressees
from services.notifications.service.channels import (
    DeliveryError,
    EmailSender,
    SmtpConnection,
    WebhookSender,
    WireEmail,
    build_email,
    sign_webhook,
    wire_email,
)
from services.notifications.service.interviews import calendar_attachment
from services.notifications.settings import Settings
from shared.clock import aware_or_none, utcnow
from shared.db import Database, plan_with_values
from shared.metrics import NOTIFICATION_DELIVERIES
from shared.outbox import OUTBOX_COLUMNS, encode_events, stage_row
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
    permanent: bool = False  # no later try can succeed: dead at once (DeliveryError.permanent)
    # The row as claimed (status sending): its outcome is stored with one UPDATE guarded by
    # that state; a row found otherwise (or None here) is stored the locked way.
    claimed: Notification | None = field(default=None, compare=False, repr=False)


def _unexpected(row: Notification, exc: Exception) -> Outcome:
    """A try that failed in a way no sender expects (a bug, a URL the client cannot take): a
    failed try like any other, so the row goes through the schedule to dead and is seen (the
    dead gauge, its alert, the admins' list). Left to its lease it came back every two
    minutes for ever, counted nowhere."""
    return Outcome(row.id, error=f"unexpected: {type(exc).__name__}: {exc}"[:500], claimed=row)


@dataclass
class DispatchStats:
    claimed: int = 0
    delivered: int = 0
    failed_tries: int = 0
    dead: int = 0


# What the driver's connection raises (besides SQLAlchemy's own, from taking a connection).
# SQLSTATE classes of a statement the database refuses as it is (data, integrity, syntax or
# access): tried again, it fails again. asyncpg's adapter names only some of them (a data
# exception arrives as a plain DBAPIError), so the code decides.
_REFUSED_CLASSES = frozenset({"22", "23", "42"})


def refused(exc: BaseException) -> bool:
    """Whether the database refused the statement itself (not a lost connection, a timeout or
    a server going away, which a retry outlives)."""
    if isinstance(exc, IntegrityError | DataError | ProgrammingError):
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None) if isinstance(exc, DBAPIError) else None
    return isinstance(sqlstate, str) and sqlstate[:2] in _REFUSED_CLASSES


_DATABASE_ERRORS = (OperationalError, DBAPIError, OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


class _HeldConnection:
    """One database connection for a group's deliveries, kept from one e-mail to the next:
    a session per e-mail took a connection from the pool each time (pinged first when it had
    been idle). Dropped after any database error (the next e-mail takes a fresh one) and at
    the end of the group.

    Each delivery's transaction runs on the driver's connection (asyncpg) beneath it: an ORM
    session, its transaction and SQLAlchemy's execution of the one statement cost twice what
    BEGIN, the statement and COMMIT cost on the driver. A commit begins the next e-mail's
    transaction in the same round trip (``COMMIT; BEGIN``): a BEGIN of its own was a third of
    each e-mail's round trips to the database. SQLAlchemy does not see these transactions, so
    one begun ahead and not used is rolled back when the connection is let go, and a
    connection whose transaction did not end cleanly (an error, a cancel) is invalidated,
    never handed back to the pool with a transaction open."""

    def __init__(self, db: Database):
        self.db = db
        self._conn: AsyncConnection | None = None
        self._driver: asyncpg.Connection | None = None  # the held connection's
        self._open = False  # a transaction begun, not yet ended
        self._ahead = False  # and it was begun by the last commit: nothing in it yet

    async def begin(self) -> asyncpg.Connection:
        """A transaction begun on the held connection's driver connection (a fresh connection
        if it has none usable)."""
        conn, driver = self._conn, self._driver
        usable = conn is not None and driver is not None and not (conn.closed or conn.invalidated or driver.is_closed())
        if usable and self._ahead:
            self._ahead = False
            assert driver is not None
            return driver
        if not usable or self._open:
            await self.drop()
            conn = self._conn = await self.db.engine.connect()
            driver = self._driver = (await conn.get_raw_connection()).driver_connection
        assert driver is not None
        self._open = True  # before the await: a cancel may come after the server ran it
        await driver.execute("BEGIN")
        return driver

    async def commit(self) -> None:
        """Committed, and the next transaction begun in the same round trip (if COMMIT fails,
        the BEGIN after it is not run)."""
        assert self._driver is not None and self._open and not self._ahead
        await self._driver.execute("COMMIT; BEGIN")
        self._ahead = True

    async def rollback(self) -> None:
        """Rolled back, or the connection dropped (and with it the transaction)."""
        try:
            if self._open and self._driver is not None:
                await self._driver.execute("ROLLBACK")
                self._open = self._ahead = False
        except Exception:  # noqa: BLE001 - whatever it was, the connection goes
            await self.drop()

    async def drop(self) -> None:
        conn, driver, self._conn, self._driver = self._conn, self._driver, None, None
        unended = self._open and not self._ahead  # a delivery's transaction, not an empty one
        ahead = self._open and self._ahead
        self._open = self._ahead = False
        if conn is not None:
            with contextlib.suppress(Exception):
                # back to the pool even if the group is cancelled meanwhile; invalidated (closed)
                # when a transaction on it may still be open
                await asyncio.shield(_let_go(conn, driver, ahead=ahead, invalidate=unended))


async def _let_go(conn: AsyncConnection, driver: asyncpg.Connection | None, *, ahead: bool, invalidate: bool) -> None:
    """``ahead``: an empty transaction begun ahead is open, rolled back first. Invalidated
    (closed) instead whenever a transaction may still be open: SQLAlchemy's pool does not see
    these transactions and would hand the connection on with one."""
    if ahead and driver is not None and not invalidate:
        try:
            await driver.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - closed instead
            invalidate = True
    if driver is not None and (driver.is_closed() or driver.is_in_transaction()):
        invalidate = True
    if invalidate:
        await conn.invalidate()
    await conn.close()


@dataclass
class _Subscriptions:
    """A webhook batch's subscriptions by id (None: none stored) and when each was read."""

    by_id: dict[str, WebhookSubscription | None]
    read_at: dict[str, float]

    @classmethod
    def read_now(cls, found: dict[str, WebhookSubscription], ids: set[str]) -> _Subscriptions:
        now = time.monotonic()
        return cls({key: found.get(key) for key in ids}, dict.fromkeys(ids, now))


class Dispatcher:
    """A ``shared.workers.Worker``: the runtime runs it beside the relay and stops it.

    ``email`` and ``webhooks`` are the channels (fakes in the unit tests); ``source`` is
    the CloudEvents source of the outcome events.
    """

    name = "dispatcher"
    SUBSCRIPTIONS_FRESH_SECONDS = 1.0  # how long a webhook batch trusts the subscriptions it read

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
        # One lane per channel, each its own loop, claim and limit: a partner's server that
        # answers slowly (or not, until the 10 s timeout) holds up webhooks only, where one
        # batch of both waited for its slowest webhook before the next e-mail went.
        self._limits = {channel: asyncio.Semaphore(max(1, settings.dispatch_concurrency)) for channel in Channel}
        self.lanes = {
            channel: Loop(
                f"{self.name}-{channel.value}",
                partial(self._drain, channel),
                interval=settings.dispatch_poll_seconds,
                backoff=(0.5, 10.0),
            )
            for channel in Channel
        }

    @property
    def stopping(self) -> bool:
        return any(lane.stopping for lane in self.lanes.values())

    def wake(self) -> None:
        for lane in self.lanes.values():
            lane.wake()

    async def stop(self) -> None:
        for lane in self.lanes.values():
            await lane.stop()

    async def run(self) -> None:
        try:
            async with asyncio.TaskGroup() as lanes:  # one lane ending ends the other
                for lane in self.lanes.values():
                    lanes.create_task(lane.run())
        finally:
            try:
                await self.webhooks.close()
            finally:
                await self.email.close()

    async def _drain(self, channel: Channel) -> None:
        """Batch after batch while they come full, then the lane waits."""
        while await self._dispatch(channel) >= self.settings.dispatch_batch_size and not self.stopping:
            pass

    async def dispatch_once(self) -> int:
        """One batch of each channel, sent and its outcomes stored; the number of rows claimed."""
        return sum([await self._dispatch(channel) for channel in Channel])

    async def _dispatch(self, channel: Channel) -> int:
        """Claim one batch of ``channel``, send it and store the outcomes; the rows claimed."""
        rows = await self.claim(channel)
        if not rows:
            return 0
        # past half the lease what is left unsent goes back for the next claim (no try counted)
        deadline = time.monotonic() + self.settings.dispatch_lease_seconds / 2
        if channel == Channel.WEBHOOK:
            await self._deliver_webhooks(rows, deadline)
            return len(rows)
        contacts = await self._contacts(rows)
        # Sessions at once: as few as carry the e-mails in groups of dispatch_group_size.
        # Each session may have one message in doubt (accepted, its outcome not yet
        # stored) if the process dies; ten single-message sessions at once were ten.
        groups = min(max(1, self.settings.dispatch_concurrency), -(-len(rows) // self.settings.dispatch_group_size))
        await asyncio.gather(*(self._send_email_group(rows[i::groups], contacts, deadline) for i in range(groups)))
        return len(rows)

    async def claim(self, channel: Channel) -> list[Notification]:
        """Due rows of ``channel`` marked ``sending`` with a lease, oldest due first: rows whose
        lease ran out (their sender died), then pending rows due, each one UPDATE of the rows a
        locking subquery picked, returning them, in one transaction.

        Two statements, not one with an OR: under the OR PostgreSQL read and sorted every
        pending row for each claim (12 ms at 27,000 pending, 96 ms at 270,000: a national
        round's backlog), where each of these walks ``ix_notifications_channel_due`` in order
        and stops at the batch (4.5-6 ms at any backlog; bench/dispatcher_claim.py)."""
        now = utcnow()
        size = self.settings.dispatch_batch_size
        mine = Notification.channel == channel
        lapsed = and_(Notification.status == DeliveryStatus.SENDING, mine, col(Notification.claimed_until) < now)
        pending = and_(Notification.status == DeliveryStatus.PENDING, mine, Notification.next_attempt_at <= now)
        lease = now + timedelta(seconds=self.settings.dispatch_lease_seconds)
        rows: list[Notification] = []
        async with self.db.session() as session, session.begin():
            # a new deployment's first round: a plan settled while the table was empty read
            # every pending row per claim
            await plan_with_values(session)
            for due in (lapsed, pending):
                if len(rows) >= size:
                    break
                statement = self._claim_statement(due, size - len(rows), lease)
                rows += (await session.scalars(statement)).all()
        rows.sort(key=lambda row: row.next_attempt_at)  # RETURNING keeps no order
        self.stats.claimed += len(rows)
        return rows

    def _claim_statement(self, due: Any, limit: int, lease: datetime) -> Any:
        picks = select(Notification.id).where(due).order_by(Notification.next_attempt_at).limit(limit)
        if self.db.dialect == "postgresql":
            # two instances never claim the same row; an InitPlan (ANY(ARRAY(...))), evaluated
            # once, so the UPDATE cannot pick more rows than the limit
            picks = picks.with_for_update(skip_locked=True)
            picked = col(Notification.id) == func.any(func.array(picks.scalar_subquery()))
        else:
            picked = col(Notification.id).in_(picks.scalar_subquery())
        return (
            update(Notification)
            .where(picked)
            .values(status=DeliveryStatus.SENDING, claimed_until=lease)
            .returning(Notification)
            .execution_options(synchronize_session=False)
        )

    # --- e-mails: in groups, each over one SMTP session ---

    async def _contacts(self, rows: Iterable[Notification]) -> dict[str, Addressee]:
        async with self.db.engine.connect() as conn:
            return await addressees(conn, rows)

    async def _send_email_group(
        self, rows: list[Notification], contacts: dict[str, Addressee], deadline: float
    ) -> None:
        """Send ``rows`` in turn over one SMTP session, storing each outcome before the next
        message goes: a message the server accepted and this process did not record is sent
        again when its lease runs out, so at most one message per group is ever in that state
        (the process killed between the server's 250 and the commit). Storing a whole group
        after it was sent was cheaper but left up to the group's size to be sent twice."""
        unstored: list[Outcome] = []
        held = _HeldConnection(self.db)
        try:
            async with self._limits[Channel.EMAIL]:
                async with self.email.connection() as smtp:
                    for row in rows:
                        if time.monotonic() > deadline:
                            unstored.append(Outcome(row.id, tried=False, claimed=row))
                            continue
                        contact = contacts.get(row.id)
                        if contact is None:  # it may have arrived since the claim: a try would wait 5 s or more
                            # (each path that reads or stores with a session of its own lets the held
                            # connection go first: a group holds one connection at a time, as before)
                            await held.drop()
                            contact = (await self._contacts([row])).get(row.id)
                        # PostgreSQL: the written delivery locks its row only (SQLite would lock the
                        # whole database for the send; it runs one instance anyway)
                        if (
                            self.db.dialect == "postgresql"
                            and contact is not None
                            and await self._email_stored_on_acceptance(smtp, row, contact, held)
                        ):
                            continue
                        await held.drop()
                        unstored = [await self._email_one(smtp, row, contact)]
                        await self._record_until_stored(unstored)
                        unstored = []
                await held.drop()
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
        finally:
            await asyncio.shield(held.drop())

    async def _email_stored_on_acceptance(
        self, smtp: SmtpConnection, row: Notification, contact: Addressee, held: _HeldConnection
    ) -> bool:
        """Send one e-mail with its delivery already written in an open transaction, committed
        the moment the server accepts it; whether it was handled so (False: nothing was sent,
        the caller sends it and stores the outcome afterwards).

        A message the server accepted is recorded by the COMMIT alone, one round trip, instead
        of the UPDATE, the outbox row and the COMMIT after it: the moment in which a process
        killed leaves an accepted message unrecorded (and sent again when the lease runs out)
        is that much shorter. Anything but an acceptance rolls the written delivery back; the
        actual outcome is then stored as any other."""
        try:
            mail = self._email_for(row, contact)
        except Exception:  # noqa: BLE001 - the caller's path logs it and leaves the row to its lease
            return False
        outcome = Outcome(row.id, claimed=row)
        stored = self._try_stored(row, outcome, utcnow())
        assert stored.event is not None  # a delivery is announced
        [event_row] = encode_events([stored.event], source=self.source)
        statement = _driver_statement(tuple(stored.values), self.tables.outbox, self.db.engine.dialect)
        params = {**_claimed_binds(row, stored.values), **dict(zip(_OUTBOX_BINDS, event_row, strict=True))}
        try:
            driver = await held.begin()
            written = await driver.execute(statement.sql, *statement.args(params)) == "UPDATE 1"
        except _DATABASE_ERRORS as exc:
            log.warning("dispatcher: delivery of %s not written before sending (%r)", row.id, exc)
            await held.drop()
            return False
        if not written:  # changed since the claim: the caller's way
            await held.rollback()
            return False
        try:
            await smtp.send(mail)
        except DeliveryError as exc:
            await held.rollback()
            await held.drop()
            failed = Outcome(
                row.id, error=exc.reason, status_code=exc.status_code, permanent=exc.permanent, claimed=row
            )
            await self._record_until_stored([failed])
            return True
        except Exception as exc:
            await held.rollback()
            await held.drop()
            log.exception("dispatcher: could not send %s: %r", row.id, exc)
            await self._record_until_stored([_unexpected(row, exc)])
            return True
        except asyncio.CancelledError:
            await held.drop()  # the transaction with it (the caller's finally would, too)
            raise
        try:
            await held.commit()
        except asyncio.CancelledError:
            # stopping after the acceptance: stored now unless the COMMIT went through. The
            # held connection goes first (closed, its transaction with it): else its lock on
            # the row held the store below for its 5 s, and the lease sent the message again.
            with contextlib.suppress(Exception):
                await asyncio.shield(held.drop())
                delivered = self.record_many([outcome], only_sending=True)
                await asyncio.wait_for(asyncio.shield(delivered), 5)
            raise
        except Exception as exc:  # noqa: BLE001 - accepted: the delivery must still be stored
            log.warning("dispatcher: delivery of %s not committed (%r); storing it again", row.id, exc)
            await held.rollback()
            await held.drop()
            # the COMMIT may have gone through and lost only its answer: then it is stored
            await self._record_until_stored([outcome], maybe_stored=True)
            return True
        labels: list[tuple[str, str]] = []
        self._count(row, stored, labels)
        for channel, label in labels:
            NOTIFICATION_DELIVERIES.labels(channel, label).inc()
        self.db.outbox_committed()  # its event, committed on the driver: no session woke the relay
        return True

    async def _email_one(self, smtp: SmtpConnection, row: Notification, contact: Addressee | None) -> Outcome:
        if contact is None:
            return Outcome(row.id, error=f"no contact known for {row.recipient}", addressless=True, claimed=row)
        try:
            mail = self._email_for(row, contact)
        except Exception as exc:
            # The same row fails the same way each time (its template, context or address): a
            # failed try, so it goes through the schedule to dead and is seen, instead of being
            # claimed again at every lease.
            log.exception("dispatcher: could not prepare %s: %r", row.id, exc)
            return Outcome(row.id, error=f"could not prepare the message: {exc!r}"[:500], claimed=row)
        try:
            await smtp.send(mail)
        except DeliveryError as exc:
            return Outcome(row.id, error=exc.reason, status_code=exc.status_code, permanent=exc.permanent, claimed=row)
        except Exception as exc:
            log.exception("dispatcher: could not send %s: %r", row.id, exc)
            return _unexpected(row, exc)
        return Outcome(row.id, claimed=row)

    def _email_for(self, row: Notification, contact: Addressee) -> Message | WireEmail:
        page = row.context.get("page") if isinstance(row.context, dict) else None
        portal = self.settings.portal_url.rstrip("/")
        # the page the notice is about (an applicant's: see fanout.page_of), else the portal's front page
        url = portal + page if isinstance(page, str) and page.startswith("/") else self.settings.portal_url
        extras = Extras(portal_url=url, contact_email=self.settings.contact_email)
        message = render(row.template or "", contact.language, {**row.context, "name": contact.name}, extras)
        envelope = dict(
            sender=self.settings.smtp_sender,
            to=contact.email,
            notification_id=row.id,
            source_event_id=row.source_event_id,
        )
        # interviews only
        attachment = calendar_attachment(row, self.settings.contact_email, contact.email, message.language)
        if attachment is None and (wire := wire_email(message, **envelope)) is not None:
            return wire
        return build_email(message, **envelope, attachment=attachment)

    # --- webhooks: one by one, up to dispatch_concurrency at once ---

    async def _subscriptions(self, ids: set[str]) -> dict[str, WebhookSubscription]:
        """The subscriptions ``ids`` by id, in one read (a read per webhook was a sixth of the
        webhook lane's CPU in a round, where ten partners receive tens of thousands)."""
        async with self.db.session() as session:
            found = await session.scalars(select(WebhookSubscription).where(col(WebhookSubscription.id).in_(ids)))
            return {sub.id: sub for sub in found}

    async def _subscription(self, row: Notification, batch: _Subscriptions) -> WebhookSubscription | None:
        """The row's subscription as the batch read it, or read again once that is older than
        ``SUBSCRIPTIONS_FRESH_SECONDS``: a partner that unsubscribed or rotated its secret
        without overlap while a slow batch went out is not sent the rest as before."""
        key = row.recipient
        if time.monotonic() - batch.read_at.get(key, float("-inf")) > self.SUBSCRIPTIONS_FRESH_SECONDS:
            batch.by_id[key] = (await self._subscriptions({key})).get(key)
            batch.read_at[key] = time.monotonic()
        return batch.by_id.get(key)

    async def _deliver_webhooks(self, rows: list[Notification], deadline: float) -> None:
        """Send the batch's webhooks, ``dispatch_concurrency`` at a time, and store their
        outcomes in turn: each store takes every outcome that came in since the last one, in
        one transaction. A webhook's outcome in a transaction of its own (a session, BEGIN,
        its UPDATE and event, COMMIT) cost more than its request in a national round, where
        ten partners receive tens of thousands (bench/webhook_outcomes.py). A webhook keeps
        its place in the limit until its outcome is stored, so no more than
        ``dispatch_concurrency`` are ever sent and not yet stored, as when each stored its own:
        if the process dies, those go again when their lease runs out, with the same
        ``webhook-id`` (at least once, as the partner guide says)."""
        ids = {row.recipient for row in rows}
        batch = _Subscriptions.read_now(await self._subscriptions(ids), ids)
        limit = self._limits[Channel.WEBHOOK]
        sending = {asyncio.ensure_future(self._deliver_limited(row, batch, deadline, limit)) for row in rows}
        came_in: list[Outcome] = []  # not stored yet, each still holding its place in the limit
        try:
            while sending:
                done, sending = await asyncio.wait(sending, return_when=asyncio.FIRST_COMPLETED)
                came_in += [task.result() for task in done]
                try:
                    await self._record_until_stored(came_in)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # the lease brings them back
                    log.exception("dispatcher: could not record outcomes of %d webhooks: %r", len(came_in), exc)
                for _ in came_in:
                    limit.release()
                came_in = []
        except asyncio.CancelledError:
            # Stopping: what was sent is stored if that takes a moment, as an e-mail group's is;
            # else the lease sends it again.
            came_in += [
                outcome
                for task in sending
                if task.done() and not task.cancelled() and task.exception() is None and (outcome := task.result())
            ]
            if came_in:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(asyncio.shield(self.record_many(came_in, only_sending=True)), 5)
            raise
        finally:
            for _ in came_in:
                limit.release()
            unfinished = [task for task in sending if not task.done()]
            for task in unfinished:
                task.cancel()
            # each gives its place back as it unwinds, and its HTTP request is closed before the
            # sender's client is (the lane's caller closes it)
            await asyncio.gather(*unfinished, return_exceptions=True)

    async def _deliver_limited(
        self, row: Notification, batch: _Subscriptions, deadline: float, limit: asyncio.Semaphore
    ) -> Outcome:
        """The row's webhook sent once ``limit`` lets it, or not if half its lease is gone; its
        outcome (a failed try when anything unexpected went wrong), with its place in ``limit``
        kept for the caller to give back once the outcome is stored."""
        await limit.acquire()
        try:
            if time.monotonic() > deadline:  # a partner that answered slowly used half the lease
                return Outcome(row.id, tried=False, claimed=row)
            return await self._deliver_webhook(row, await self._subscription(row, batch))
        except asyncio.CancelledError:
            limit.release()
            raise
        except Exception as exc:
            log.exception("dispatcher: could not deliver %s: %r", row.id, exc)
            return _unexpected(row, exc)  # its place is given back once stored, as any outcome's

    async def _deliver_webhook(self, row: Notification, sub: WebhookSubscription | None) -> Outcome:
        try:
            return Outcome(row.id, status_code=await self._send_webhook(row, sub), claimed=row)
        except DeliveryError as exc:
            assert sub is not None  # a removed subscription is Cancelled before any try
            # which partner's endpoint fails, for the operator who must tell them (the runbook's
            # dead-webhook section starts from the subscription); the try is counted as retrying
            log.warning(
                "webhook %s of subscription %s (institution %s) to %s failed: %s",
                row.id,
                sub.id,
                sub.institution_id,
                sub.url,
                exc.reason,
            )
            return Outcome(row.id, error=exc.reason, status_code=exc.status_code, permanent=exc.permanent, claimed=row)
        except Cancelled as exc:
            return Outcome(row.id, error=str(exc), cancelled=True, claimed=row)

    async def _send_webhook(self, row: Notification, sub: WebhookSubscription | None) -> int:
        if sub is None or not sub.active:
            raise Cancelled(SUBSCRIPTION_STOPPED)
        now = utcnow()
        secrets = signing_secrets(
            sub.secret, sub.previous_secret, aware_or_none(sub.previous_secret_until), now, sub.earlier_secrets
        )
        request = sign_webhook(secrets, row.context["message_id"], row.context["payload"], now)
        return await self.webhooks.send(sub.url, request)

    # --- outcomes ---

    async def _record_until_stored(self, outcomes: list[Outcome], *, maybe_stored: bool = False) -> None:
        """Once sent, the outcome must be stored: if the database is away, keep trying.
        ``maybe_stored``: a transaction that stored them may have committed (skip rows no
        longer sending from the first try).

        Leaving it to the lease would send the message a second time when the lease ran out.
        """
        if not outcomes:
            return
        backoff = 0.2
        retry = maybe_stored
        while True:
            try:
                # a retry skips rows no longer sending: the try before may have committed and
                # lost only its answer (stored again, each would count a second try and event)
                await self.record_many(outcomes, only_sending=retry)
                return
            except asyncio.CancelledError:
                raise
            except (TimeoutError, OperationalError, DBAPIError, OSError, PoolTimeout) as exc:
                if refused(exc) and len(outcomes) > 1:
                    # One outcome the database will not take must not hold up the others.
                    log.error(
                        "dispatcher: the database refused the outcomes of %s together (%r); storing each alone",
                        [o.notification_id for o in outcomes],
                        exc,
                    )
                    await self._record_each(outcomes, maybe_stored=retry)
                    return
                if self.stopping:
                    raise
                # A refused one is tried again too: left to its lease, it would be sent again
                # each time the lease ran out (an error in the log, not a message resent).
                (log.error if refused(exc) else log.warning)(
                    "dispatcher: outcomes of %s not stored yet (%r); retrying in %.1fs",
                    [o.notification_id for o in outcomes],
                    exc,
                    backoff,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5)
                retry = True

    async def _record_each(self, outcomes: list[Outcome], *, maybe_stored: bool) -> None:
        """Each outcome stored in a transaction of its own (the group's rolled back; an earlier
        try of it may have committed: ``maybe_stored``)."""
        for outcome in outcomes:
            try:
                await self._record_until_stored([outcome], maybe_stored=maybe_stored)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.exception("dispatcher: could not record the outcome of %s: %r", outcome.notification_id, exc)

    async def record_many(self, outcomes: list[Outcome], *, only_sending: bool = False) -> None:
        """Store outcomes (and their events) in one transaction, row by row in id order (two
        recorders never deadlock).

        A row still as it was claimed (sending, its tries unchanged) takes one UPDATE guarded by
        that state, with the event's outbox row encoded directly; any other (an addressless
        e-mail, whose contact may have arrived meanwhile; a row changed since the claim) is
        read under a lock and stored from what it is now.
        ``only_sending``: skip rows no longer ``sending`` (an interrupted record that did commit).
        """
        now = utcnow()
        labels: list[tuple[str, str]] = []
        async with self.db.session() as session, session.begin():
            for o in sorted(outcomes, key=lambda o: o.notification_id):
                if o.claimed is None or o.addressless or not await self._store_as_claimed(session, o, now, labels):
                    await self._store_locked(session, o, now, labels, only_sending=only_sending)
        for channel, label in labels:
            NOTIFICATION_DELIVERIES.labels(channel, label).inc()

    async def _store_as_claimed(
        self, session: AsyncSession, o: Outcome, now: datetime, labels: list[tuple[str, str]]
    ) -> bool:
        """Store ``o`` on its row if the row is still as claimed; whether it was."""
        row = o.claimed
        assert row is not None
        stored = self._try_stored(row, o, now) if o.tried else None
        values = stored.values if stored is not None else untried(now, due_now=False)
        result = await session.execute(_store_statement(tuple(values)), _claimed_binds(row, values))
        if getattr(result, "rowcount", 0) != 1:
            return False
        if stored is not None:
            await self._announce(session, row, stored, labels)
        return True

    async def _store_locked(
        self, session: AsyncSession, o: Outcome, now: datetime, labels: list[tuple[str, str]], *, only_sending: bool
    ) -> None:
        """Store ``o`` on its row read under a lock. An addressless e-mail whose contact was
        committed while it was out (a consumer batch holding the row had not committed; its
        wake-up of the row made this lock wait for that commit) was never sent: no try is
        counted and it is due at once instead of after a delay."""
        row = await session.get(Notification, o.notification_id, with_for_update=self.db.dialect == "postgresql")
        if row is None:
            log.warning("dispatcher: notification %s is gone; outcome not stored", o.notification_id)
            return
        if only_sending and row.status != DeliveryStatus.SENDING:
            return
        stored = None
        if not o.tried:
            values = untried(now, due_now=False)
        elif o.addressless and await self._contact_arrived(session, row):
            values = untried(now, due_now=True)
        else:
            stored = self._try_stored(row, o, now)
            values = stored.values
        for column, value in values.items():
            setattr(row, column, value)
        if stored is not None:
            await self._announce(session, row, stored, labels)

    def _try_stored(self, row: Notification, o: Outcome, now: datetime) -> TryStored:
        return try_stored(
            row,
            error=o.error,
            status_code=o.status_code,
            cancelled=o.cancelled,
            permanent=o.permanent,
            now=now,
            schedule=self.settings.retry_schedule_seconds,
            jitter=self.settings.retry_jitter,
            rand=random.random(),
        )

    async def _announce(
        self, session: AsyncSession, row: Notification, stored: TryStored, labels: list[tuple[str, str]]
    ) -> None:
        """A stored try's event into the outbox, its count into the stats and metrics."""
        if stored.event is not None:
            [event_row] = encode_events([stored.event], source=self.source)
            await stage_row(session, self.tables, event_row)
        self._count(row, stored, labels)

    def _count(self, row: Notification, stored: TryStored, labels: list[tuple[str, str]]) -> None:
        """A stored try into the stats and (``labels``, counted after the commit) the metrics."""
        labels.append((row.channel, outcome_label(stored.status)))
        if stored.status == DeliveryStatus.DELIVERED:
            self.stats.delivered += 1
        elif stored.status != DeliveryStatus.CANCELLED:
            self.stats.failed_tries += 1
            if stored.status == DeliveryStatus.DEAD:
                self.stats.dead += 1
                # no try is left: an operator replays it once the cause is fixed
                log.warning(
                    "delivery %s dead after %d tries (%s to %s): %s",
                    row.id,
                    stored.values["attempts"],
                    row.channel,
                    row.recipient,
                    stored.values["last_error"],
                )
            else:
                log.info(
                    "delivery %s failed (%s); try %d in %.1fs",
                    row.id,
                    stored.values["last_error"],
                    stored.values["attempts"] + 1,
                    stored.delay,
                )

    @staticmethod
    async def _contact_arrived(session: AsyncSession, row: Notification) -> bool:
        """Whether an applicant e-mail's contact is stored now (staff and account notices have
        their addressee elsewhere)."""
        if row.template in STAFF_KINDS | ACCOUNT_KINDS:
            return False
        return await session.get(Contact, row.recipient) is not None


_NOTIFICATIONS = Notification.__table__


_OUTBOX_BINDS = tuple(f"outbox_{c}" for c in OUTBOX_COLUMNS)


def _claimed_binds(row: Notification, values: dict[str, Any]) -> dict[str, Any]:
    """``_store_statement``'s parameters: the row as claimed and its new ``values``."""
    return {
        "row_id": row.id,
        "row_status": DeliveryStatus.SENDING.value,
        "row_attempts": row.attempts,
        **{f"new_{k}": v for k, v in values.items()},
    }


@dataclass(frozen=True)
class _DriverStatement:
    """A statement as SQLAlchemy would send it to the driver: its SQL and, per positional
    parameter, its name and the type's bind processor (as SQLAlchemy applies them)."""

    sql: str
    binds: tuple[tuple[str, Callable[[Any], Any] | None], ...]

    def args(self, params: dict[str, Any]) -> list[Any]:
        out = []
        for name, process in self.binds:
            value = params[name]
            out.append(value if process is None else process(value))
        return out


@lru_cache(maxsize=16)
def _driver_statement(columns: tuple[str, ...], outbox: Table, dialect: Dialect) -> _DriverStatement:
    """``_store_statement(columns, outbox)`` compiled once for the driver (PostgreSQL)."""
    compiled = _store_statement(columns, outbox).compile(dialect=dialect)
    types = {name: bind.type for bind, name in compiled.bind_names.items()}
    assert compiled.positiontup is not None  # asyncpg's numbered parameters
    return _DriverStatement(
        compiled.string,
        tuple((name, types[name].dialect_impl(dialect).bind_processor(dialect)) for name in compiled.positiontup),
    )


@lru_cache(maxsize=16)
def _store_statement(columns: tuple[str, ...], outbox: Table | None = None) -> Any:
    """The UPDATE storing an outcome's ``columns`` on a row still as it was claimed (one per
    set of columns: a delivery, a retry, a dead or cancelled row, a row given back); with
    ``outbox``, the event's outbox row put in by the same statement (PostgreSQL: a CTE, run
    whether or not the UPDATE matches)."""
    table = _NOTIFICATIONS
    statement = (
        update(table)
        .where(
            table.c.id == bindparam("row_id"),
            table.c.status == bindparam("row_status"),
            table.c.attempts == bindparam("row_attempts"),
        )
        .values({c: bindparam(f"new_{c}", type_=table.c[c].type) for c in columns})
    )
    if outbox is None:
        return statement
    event = insert(outbox).values(
        {c: bindparam(b, type_=outbox.c[c].type) for c, b in zip(OUTBOX_COLUMNS, _OUTBOX_BINDS, strict=True)}
    )
    return statement.add_cte(event.cte("announced"))
