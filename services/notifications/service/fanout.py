"""The fan-out of one event: inbox entries, e-mail rows, partner feed entries and webhook rows.

Everything here runs in the consumer's transaction (with the record of the event id), so
an event's entries and rows commit together or not at all, and a redelivered event (its
id already recorded) writes nothing. The unique keys of the tables are the backstop:
one inbox entry per (event, recipient), one feed entry per (event, institution), one
notifications row per (event, recipient, channel). The dispatcher sends the rows after
the commit. The new rows are written when the transaction commits, each table's rows of a
whole consumer batch in one statement (``_add_at_commit``).

Tell once per change: a notice about an application is written only when its recipient
(the applicant, or a partner institution) was last told something else about it
(``domain/told.py``; the ``told`` table remembers the last). A notice that would say the
same again writes nothing, on any channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic_core import PydanticUndefined
from sqlalchemy import Table, bindparam, event, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.util import await_only

from services.notifications.domain import partner
from services.notifications.domain.catalog_names import named_in
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.domain.erasure import is_erased
from services.notifications.domain.templates import RenderedMessage, account_kind, render
from services.notifications.domain.told import Audience, fingerprint, partner_content
from services.notifications.models import (
    Account,
    ApplicationRef,
    Contact,
    InboxEntry,
    Notification,
    PartnerFeedEntry,
    ProgrammeRef,
    UnstreamedFeedEntry,
)
from services.notifications.service.references import (
    active_subscriptions,
    catalog_names,
    first_times_told,
    programmes,
    told_values,
)
from shared.clock import utcnow
from shared.db import Database
from shared.events.catalog import AccountNotice, ApplicationSubmitted
from shared.events.envelope import Envelope
from shared.metrics import NOTIFICATION_DELIVERIES
from shared.outbox import copy_records

log = logging.getLogger(__name__)

_CONTACT = Contact.__table__.c
_APPLICATION = ApplicationRef.__table__.c
# Core reads of the few columns a notice needs (an ORM get builds an entity for each event).
_CONTACT_OF = select(_CONTACT.name, _CONTACT.language).where(_CONTACT.applicant_id == bindparam("id"))
_APPLICATION_OF = select(
    _APPLICATION.scheme_id, _APPLICATION.sending_country, _APPLICATION.applicant_type, _APPLICATION.withdrawn
).where(_APPLICATION.application_id == bindparam("id"))


async def stored_contact(session: AsyncSession, applicant_id: str) -> tuple[str, str] | None:
    """The applicant's stored (name, language), None when not known yet."""
    row = (await session.execute(_CONTACT_OF, {"id": applicant_id})).first()
    return (row.name, row.language) if row is not None else None


@dataclass(frozen=True)
class StoredApplication:
    """What a partner projection takes of a stored application."""

    scheme_id: str
    sending_country: str
    applicant_type: str
    withdrawn: bool = False  # application.withdrawn was told: what comes after it is told to nobody


@dataclass(frozen=True)
class NoticeFacts:
    """What a notice about an application reads: the applicant's stored (name, language) and
    the stored application, None for either not known (for ``tell_applicant(contact=...)`` and
    ``tell_partners(app=...)``), and the state of an award step asked for (None: no such step)."""

    contact: tuple[str, str] | None
    app: StoredApplication | None
    award_state: str | None
    award_note: str | None = None  # the host's note with its admission


def after_withdrawal(app: ApplicationRef | StoredApplication | None, event: Any) -> bool:
    """The application was withdrawn before this notice about it arrived (an offer, a host's
    request or decision, an outcome decided before the withdrawal reached matching, on another
    topic): the applicant and partners, last told "withdrawn", are told nothing that contradicts it."""
    if app is None or not app.withdrawn:
        return False
    log.info("application %s was withdrawn: %s told to nobody", event.application_id, type(event).__name__)
    return True


# The addressee of a notice, the facts of its application and an award step (an offer: the
# host's admission) in one read: a round's outcome events need the first two, an offer all three.
# ($1, $2, $3 for the driver; named for SQLAlchemy below)
_NOTICE_FACTS_SQL = (
    "SELECT c.name, c.language, a.scheme_id, a.sending_country, a.applicant_type, a.withdrawn, s.state, s.note"
    " FROM (SELECT 1 AS one) AS x"
    " LEFT JOIN contacts AS c ON c.applicant_id = $1"
    " LEFT JOIN applications AS a ON a.application_id = $2"
    " LEFT JOIN award_steps AS s ON s.step = $3"
)
_NOTICE_FACTS = text(
    _NOTICE_FACTS_SQL.replace("$1", ":applicant_id").replace("$2", ":application_id").replace("$3", ":award_step")
)


# The same facts of many notices at once, in the order of the keys given.
_FACTS_AHEAD_SQL = (
    "SELECT c.name, c.language, a.scheme_id, a.sending_country, a.applicant_type, a.withdrawn, s.state, s.note"
    " FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) WITH ORDINALITY"
    " AS k(applicant_id, application_id, award_step, n)"
    " LEFT JOIN contacts AS c ON c.applicant_id = k.applicant_id"
    " LEFT JOIN applications AS a ON a.application_id = k.application_id"
    " LEFT JOIN award_steps AS s ON s.step = k.award_step"
    " ORDER BY k.n"
)
_FACTS_AHEAD = "notifications.facts_ahead"
FactsKey = tuple[str, str, str | None]  # notice_facts' (applicant_id, application_id, award_step)


def _facts(row: Any) -> NoticeFacts:
    name, language, scheme_id, sending_country, applicant_type, withdrawn, state, note = row
    return NoticeFacts(
        contact=(name, language) if language is not None else None,
        app=StoredApplication(scheme_id, sending_country, applicant_type, bool(withdrawn)) if scheme_id else None,
        award_state=state,
        award_note=note,
    )


async def _driver_in_transaction(session: AsyncSession) -> Any:
    """The session's driver connection (asyncpg) when its transaction has begun there, else
    None (SQLite; or before the transaction's first statement, when the session reads)."""
    if session.new or session.dirty or session.deleted:
        await session.flush()  # what the session's own execute would have flushed first
    conn = await session.connection()
    if conn.dialect.name != "postgresql":
        return None
    driver = (await conn.get_raw_connection()).driver_connection
    return driver if driver is not None and driver.is_in_transaction() else None


async def read_facts_ahead(session: AsyncSession, keys: list[FactsKey]) -> None:
    """Read the facts of ``keys`` at once for ``notice_facts`` to hand out in this transaction
    (each once): a consumer batch of a round's outcomes needs one for each of its events, and
    one statement for the batch cost a fraction of one each. PostgreSQL only (elsewhere the
    notices read as they go). The caller vouches that nothing the batch does before the notices
    changes what they read."""
    driver = await _driver_in_transaction(session) if keys else None
    if driver is None:
        return
    columns = list(zip(*keys, strict=True))
    rows = await driver.fetch(_FACTS_AHEAD_SQL, *columns)
    facts = {key: _facts(row) for key, row in zip(keys, rows, strict=True)}
    session.info[_FACTS_AHEAD] = (session.sync_session.get_transaction(), facts)  # this transaction's only


async def notice_facts(
    session: AsyncSession, applicant_id: str, application_id: str, award_step: str | None = None
) -> NoticeFacts:
    """The facts of a notice about ``application_id`` in one statement; ``award_step``: the
    ``award_steps`` key whose state is wanted too. Read ahead for the batch (``read_facts_ahead``)
    when the consumer did.

    On PostgreSQL read by the driver on the session's connection: a round reads this once per
    notice, and SQLAlchemy's execution of the one small statement (its result layer, the async
    bridge) cost more than the read. Only inside the session's transaction (it must see what
    the batch wrote before it); the driver begins that with its first statement, so before
    one the session reads it."""
    ahead = session.info.get(_FACTS_AHEAD)
    if ahead is not None and ahead[0] is session.sync_session.get_transaction():
        facts = ahead[1].pop((applicant_id, application_id, award_step), None)
        if facts is not None:
            return facts
    driver = await _driver_in_transaction(session)
    if driver is not None:
        return _facts(await driver.fetchrow(_NOTICE_FACTS_SQL, applicant_id, application_id, award_step))
    params = {"applicant_id": applicant_id, "application_id": application_id, "award_step": award_step}
    return _facts((await session.execute(_NOTICE_FACTS, params)).one())


# In session.info (every session's, set by ``without_partner_topics``): no partner-topic
# worker runs, so feed entries are not queued for one (nothing would take them).
_PARTNER_TOPICS_OFF = "notifications.partner_topics_off"


def without_partner_topics(db: Database) -> None:
    """The service runs without the partner-topic worker (``NOTIFICATIONS_PARTNER_TOPICS=false``):
    its sessions write feed entries without queueing them in ``partner_feed_unstreamed``. Turned
    on later, the worker writes the entries from then on; the feed keeps every one."""
    db.sessions.configure(info={_PARTNER_TOPICS_OFF: True})


_AT_COMMIT = "notifications.rows_at_commit"
_SERIAL = {"id", "seq"}  # keys the database numbers (inbox entries, feed entries and their queue)
_LISTENING = "notifications.rows_at_commit.listening"

Row = InboxEntry | Notification | PartnerFeedEntry | UnstreamedFeedEntry
NewRow = tuple[type[Row], dict[str, Any]]  # a row to insert as its model's columns
TellKey = tuple[str, str, str]  # (application, audience, recipient): a ``told`` row's key


@lru_cache(maxsize=8)
def _columns(model: type[Row]) -> tuple[tuple[str, Any, Callable[..., Any] | None], ...]:
    """Each column of ``model``: (name, default, default factory), as the model defines them."""
    fields = model.model_fields
    return tuple((c.key, fields[c.key].default, fields[c.key].default_factory) for c in model.__table__.columns)


def _new_row(model: type[Row], **given: Any) -> NewRow:
    """A new row's every column, the model's defaults for those not given: what
    ``model(**given)`` would insert, without building an entity (a notice in a round of
    hundreds of thousands builds several)."""
    values: dict[str, Any] = {}
    for name, default, factory in _columns(model):
        if name in given:
            values[name] = given[name]
        elif factory is not None:
            values[name] = factory()
        elif default is PydanticUndefined:
            raise TypeError(f"{model.__name__}: {name} is required")
        else:
            values[name] = default
    return model, values


@dataclass
class _Telling:
    """A notice kept until its transaction commits, written only if its recipient was last
    told something else about the application (``told``, fingerprinted by ``digest``).
    ``told``: decided already (None: at the commit, with the batch's others)."""

    key: TellKey
    digest: str
    source_event_id: str
    rows: Callable[[], list[NewRow]]  # built once it is to be written
    skipped: str  # what the log says when it is not
    told: bool | None = None

    def values(self, now: datetime) -> dict[str, Any]:
        application_id, audience, recipient = self.key
        return told_values(Audience(audience), application_id, recipient, self.digest, self.source_event_id, now)

    def written(self) -> list[NewRow]:
        """The rows to write if told (counting the inbox entries among them)."""
        rows = self.rows()
        for model, _values in rows:
            if model is InboxEntry:
                NOTIFICATION_DELIVERIES.labels("inbox", DeliveryStatus.DELIVERED).inc()
        return rows


@dataclass
class _Kept:
    """What a transaction writes when it commits, in the order it was added."""

    transaction: object
    items: list[Row | _Telling] = field(default_factory=list)
    undecided: dict[TellKey, _Telling] = field(default_factory=dict)


def _kept(session: AsyncSession) -> _Kept | None:
    """The current transaction's rows to write at its commit (None: no transaction)."""
    sync = session.sync_session
    transaction = sync.get_transaction()
    if transaction is None:
        return None
    if not session.info.get(_LISTENING):
        event.listen(sync, "before_commit", _add_rows_of_the_transaction)
        session.info[_LISTENING] = True
    kept = session.info.get(_AT_COMMIT)
    if kept is None or kept.transaction is not transaction:  # a rolled-back transaction's rows are dropped
        kept = session.info[_AT_COMMIT] = _Kept(transaction)
    return kept


def _add_at_commit(session: AsyncSession, row: Row) -> None:
    """Write ``row`` when its transaction commits, in the commit: a consumer batch flushes
    after each event, so rows added to the session went out one INSERT per row; kept until the
    commit, each table's rows of the whole batch go in one statement. A transaction that rolls
    back writes none of them. Nothing in a batch reads these rows back. Outside a transaction
    the row is added to the session as before."""
    kept = _kept(session)
    if kept is None:
        session.add(row)
    else:
        kept.items.append(row)


async def _tell_once(
    session: AsyncSession,
    audience: Audience,
    application_id: str,
    recipient: str,
    content: dict[str, Any],
    source_event_id: str,
    rows: Callable[[], list[NewRow]],
    skipped: str,
) -> None:
    """Write ``rows()`` unless ``recipient`` was last told exactly ``content`` about the
    application. In a transaction the decision is taken at its commit, one ``told`` statement
    for the whole consumer batch instead of one per notice; a second notice to the same
    recipient about the same application in the batch first decides the one before it (its
    ``told`` row written at once), so each is compared with what was told just before it."""
    key = (application_id, audience.value, recipient)
    telling = _Telling(key, fingerprint(content), source_event_id, rows, skipped)
    kept = _kept(session)
    if kept is None:
        if await session.run_sync(first_times_told, [telling.values(utcnow())]):
            session.add_all(model(**values) for model, values in telling.written())
        else:
            log.info("%s", skipped)
        return
    earlier = kept.undecided.pop(key, None)
    if earlier is not None:
        earlier.told = bool(await session.run_sync(first_times_told, [earlier.values(utcnow())]))
    kept.items.append(telling)
    kept.undecided[key] = telling


def drop_kept_for(session: AsyncSession, recipients: Collection[str]) -> None:
    """Drop what this transaction would write at its commit to ``recipients`` (an applicant
    who closed their account, service/erasure.py): a notice read earlier in the same consumer
    batch is written at the commit, after the erasure has deleted the inbox."""
    kept = session.info.get(_AT_COMMIT)
    if kept is None:
        return
    gone = set(recipients)

    def theirs(item: Row | _Telling) -> bool:
        if isinstance(item, _Telling):
            return item.key[2] in gone
        return getattr(item, "recipient_id", None) in gone or getattr(item, "recipient", None) in gone

    kept.items = [item for item in kept.items if not theirs(item)]
    kept.undecided = {key: telling for key, telling in kept.undecided.items() if key[2] not in gone}


def _add_rows_of_the_transaction(sync: Session) -> None:
    kept = sync.info.pop(_AT_COMMIT, None)
    if kept is None or kept.transaction is not sync.get_transaction():
        return
    undecided = kept.undecided.values()
    now = utcnow()
    first_times = first_times_told(sync, [t.values(now) for t in undecided])
    for telling in undecided:
        telling.told = telling.key in first_times
    by_table: dict[Table, list[dict[str, Any]]] = {}
    for item in kept.items:
        if isinstance(item, _Telling):
            if not item.told:
                log.info("%s", item.skipped)
                continue
            rows = item.written()
        else:
            rows = [(type(item), {c.key: getattr(item, c.key) for c in item.__table__.columns})]
        for model, values in rows:
            by_table.setdefault(model.__table__, []).append(
                {k: v for k, v in values.items() if v is not None or k not in _SERIAL}
            )
    for table, table_rows in by_table.items():
        _insert(sync, table, table_rows)


def _insert(sync: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """The rows in one statement, in their order: COPY on PostgreSQL (a round writes ~7 rows
    per applicant here, five of them partner feed entries: COPY took a third less of the
    server's time than one INSERT executed per row, and a fifth less of ours), one Core
    executemany elsewhere (the ORM would insert rows with a serial key one by one to read each
    key back). Run by the commit, inside SQLAlchemy's async bridge: ``await_only`` may wait."""
    conn = sync.connection()
    if conn.dialect.name != "postgresql":
        sync.execute(insert(table), rows)
        return
    driver = conn.connection.driver_connection
    if not driver.is_in_transaction():  # the driver begins the transaction with its first statement
        conn.execute(text("SELECT 1"))
    by_columns: dict[tuple[str, ...], list[tuple]] = {}  # rows without a serial key name one column fewer
    for row in rows:
        by_columns.setdefault(tuple(row), []).append(tuple(row.values()))
    for columns, records in by_columns.items():
        await_only(copy_records(driver, conn.dialect, table, columns, records, in_thread=False))


def _inbox_fields(env: Envelope, recipient_id: str, message: RenderedMessage) -> dict[str, Any]:
    """An inbox entry's fields for a rendered notice (as an entity or as a row's columns)."""
    return dict(
        recipient_id=recipient_id,
        source_event_id=env.id,
        event_type=env.type,
        subject=message.subject[:300],
        body=message.text,
        language=message.language,
    )


def portal_page(link: Any) -> str | None:
    """A staff notice's link (the portal's address, absolute) as the inbox keeps a page: its
    path, query and fragment; None for none, or one too long to keep."""
    if not isinstance(link, str) or not link:
        return None
    parts = urlsplit(link)
    page = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return page if page.startswith("/") and len(page) <= 200 else None


def page_of(kind: str, application_id: str) -> str:
    """The portal page about a notice to an applicant: its interview's, or its application's
    (at its papers, for the papers a host issued: the section is near the end of a long page)."""
    if kind.startswith("interview_"):
        return f"/interviews/{application_id}"
    return f"/applications/{application_id}" + ("#papers" if kind == "papers_issued" else "")


async def tell_applicant(
    session: AsyncSession,
    env: Envelope,
    applicant_id: str,
    kind: str,
    context: dict[str, Any],
    *,
    application_id: str,
    says: dict[str, Any],
    contact: tuple[str, str] | None = None,
) -> None:
    """The applicant's inbox entry and an e-mail row for the dispatcher; nothing when the
    applicant was last told the same about the application (decided when the transaction
    commits, ``_tell_once``).

    ``says``: what the notice tells (ids, not titles), compared with what was last told;
    ``contact``: (name, language) as stored or read in this transaction (saves reading it
    again); None: read here.
    """
    if contact is None:
        contact = await stored_contact(session, applicant_id) or (applicant_id, "en")
    if is_erased(contact):  # closed their account: told nothing more (service/erasure.py)
        log.info("applicant %s closed their account: %s told to nobody", applicant_id, kind)
        return
    name, language = contact
    # the catalog's names in the applicant's language: in the inbox entry and the e-mail alike
    context = named_in(context, await catalog_names(session), language)

    def rows() -> list[NewRow]:
        message = render(kind, language, {**context, "name": name}, html=False)  # the inbox keeps the text
        page = page_of(kind, application_id)
        inbox = _new_row(InboxEntry, **_inbox_fields(env, applicant_id, message), link=page)
        # The e-mail is rendered when sent, with the contact as known then (it may arrive later).
        email = _new_row(
            Notification,
            source_event_id=env.id,
            event_type=env.type,
            channel=Channel.EMAIL,
            recipient=applicant_id,
            template=kind,
            # the portal page the e-mail's link opens (after a log-in): the notice's application
            context={**context, "page": page},
        )
        return [inbox, email]

    await _tell_once(
        session,
        Audience.APPLICANT,
        application_id,
        applicant_id,
        {"kind": kind, **says},
        env.id,
        rows,
        f"applicant {applicant_id} already told this about {application_id}: {kind} skipped",
    )


async def tell_staff(
    session: AsyncSession, env: Envelope, accounts: list[Account], kind: str, context: dict[str, Any]
) -> None:
    """An inbox entry in each one's language, and an e-mail row (rendered when sent), the
    catalog's names in that language. The notice's ``link`` (a portal address) is the entry's
    too: its page opens from the inbox as an applicant's does (it was a bare address in the text)."""
    names = await catalog_names(session) if accounts else {}
    page = portal_page(context.get("link"))
    for account in accounts:
        theirs = named_in(context, names, account.language)
        _add_at_commit(
            session,
            InboxEntry(
                **_inbox_fields(
                    env,
                    account.account_id,
                    render(kind, account.language, {**theirs, "name": account.name}, html=False),
                ),
                link=page,
            ),
        )
        NOTIFICATION_DELIVERIES.labels("inbox", DeliveryStatus.DELIVERED).inc()
        _add_at_commit(
            session,
            Notification(
                source_event_id=env.id,
                event_type=env.type,
                channel=Channel.EMAIL,
                recipient=account.account_id,
                template=kind,
                context=theirs,
            ),
        )


def email_account_owner(
    session: AsyncSession, env: Envelope, notice: AccountNotice, *, link: str | None = None
) -> None:
    """An e-mail to the owner of an account (account.notice), in their language; no inbox
    entry: the owner may be unable to sign in (locked, disabled) or not the one who acted
    (a registration attempt), and a reset link belongs in their mailbox only.

    The addressee travels in the row (the account may be an applicant's or staff's, and the
    event names the address to write to); the link is dropped from the row once delivered.
    """
    session.add(
        Notification(
            source_event_id=env.id,
            event_type=env.type,
            channel=Channel.EMAIL,
            recipient=notice.account_id,
            template=account_kind(notice.kind),
            context={
                "email": notice.email,
                "name": notice.name,
                "language": notice.preferred_language,
                "link": notice.link or link,  # ``link``: the portal's page to act on, when the notice has none
                "expires_at": notice.expires_at.isoformat() if notice.expires_at else None,
                "email_change_ended": notice.email_change_ended,
            },
        )
    )


async def route(
    session: AsyncSession, programme_ids: list[str], progs: dict[str, ProgrammeRef] | None = None
) -> dict[str, list[str]]:
    """Programme ids by host institution; ``progs``: those programmes if already read."""
    if progs is None:
        progs = await programmes(session, programme_ids)
    unknown = [p for p in programme_ids if p not in progs]
    if unknown:
        log.warning("programmes not in the local catalog, no partner routing for them: %s", unknown)
    return partner.institutions_for(programme_ids, {k: v.host_institution_id for k, v in progs.items()})


async def tell_partners(
    session: AsyncSession,
    env: Envelope,
    partner_type: str,
    *,
    application_id: str,
    cycle_id: str,
    by_institution: dict[str, list[str]],
    match_id: str | None = None,
    waitlist: list[dict[str, Any]] | None = None,
    app: ApplicationSubmitted | ApplicationRef | StoredApplication | None = None,
    admission: dict[str, Any] | None = None,
) -> None:
    """Each institution's projection of the event: a feed entry, and a webhook row per
    active subscription that wants ``partner_type``; nothing for an institution that was
    last told the same projection of this application.

    ``by_institution``: the institution's programmes concerned (an empty list still tells
    it, e.g. that its programme was dropped). ``app``: the application's facts when the
    caller has them (else the stored copy is read). ``admission``: what an admission event
    tells the host (``domain/partner.py`` ``project``).
    """
    if not by_institution:
        return
    if app is None:
        stored = (await session.execute(_APPLICATION_OF, {"id": application_id})).first()
        app = StoredApplication(*stored) if stored is not None else None
    subs = await active_subscriptions(session, by_institution)
    queued = not session.info.get(_PARTNER_TOPICS_OFF)
    payloads = {
        institution_id: partner.project(
            partner_type,
            timestamp=env.time,
            institution_id=institution_id,
            application_id=application_id,
            cycle_id=cycle_id,
            scheme_id=app.scheme_id if app else None,
            sending_country=app.sending_country if app else None,
            applicant_type=app.applicant_type if app else None,
            programme_ids=pids,
            match_id=match_id,
            waitlist=[w for w in waitlist if w["programme_id"] in pids] if waitlist is not None else None,
            admission=admission,
        )
        for institution_id, pids in by_institution.items()
    }
    for institution_id, payload in payloads.items():

        def rows(institution_id: str = institution_id, payload: dict[str, Any] = payload) -> list[NewRow]:
            entry = _new_row(
                PartnerFeedEntry,
                institution_id=institution_id,
                source_event_id=env.id,
                event_type=partner_type,
                payload=payload,
            )
            unstreamed = _new_row(
                UnstreamedFeedEntry,
                message_id=entry[1]["message_id"],
                institution_id=institution_id,
                created_at=entry[1]["created_at"],
            )
            webhooks = [
                _new_row(
                    Notification,
                    source_event_id=env.id,
                    event_type=env.type,
                    channel=Channel.WEBHOOK,
                    recipient=sub.id,
                    institution_id=institution_id,
                    context={"message_id": entry[1]["message_id"], "payload": payload},
                )
                for sub in subs
                if sub.institution_id == institution_id and partner.wants(sub.event_types, partner_type)
            ]
            return [entry, unstreamed, *webhooks] if queued else [entry, *webhooks]

        await _tell_once(
            session,
            Audience.PARTNER,
            application_id,
            institution_id,
            partner_content(payload),
            env.id,
            rows,
            f"institution {institution_id} already told this about {application_id}: {partner_type} skipped",
        )
