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
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, event, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from services.notifications.domain import partner
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.domain.templates import RenderedMessage, account_kind, render
from services.notifications.domain.told import Audience, partner_content
from services.notifications.models import (
    Account,
    ApplicationRef,
    Contact,
    InboxEntry,
    Notification,
    PartnerFeedEntry,
    ProgrammeRef,
)
from services.notifications.service.references import (
    active_subscriptions,
    first_time_told,
    first_time_told_each,
    programmes,
)
from shared.events.catalog import AccountNotice, ApplicationSubmitted
from shared.events.envelope import Envelope
from shared.metrics import NOTIFICATION_DELIVERIES

log = logging.getLogger(__name__)

_CONTACT = Contact.__table__.c
_APPLICATION = ApplicationRef.__table__.c
# Core reads of the few columns a notice needs (an ORM get builds an entity for each event).
_CONTACT_OF = select(_CONTACT.name, _CONTACT.language).where(_CONTACT.applicant_id == bindparam("id"))
_APPLICATION_OF = select(_APPLICATION.scheme_id, _APPLICATION.sending_country, _APPLICATION.applicant_type).where(
    _APPLICATION.application_id == bindparam("id")
)


@dataclass(frozen=True)
class StoredApplication:
    """What a partner projection takes of a stored application."""

    scheme_id: str
    sending_country: str
    applicant_type: str


# The addressee of a notice and the facts of its application in one read (a round's outcome
# events need both: the applicant's notice, then the partners').
_NOTICE_FACTS = text(
    "SELECT c.name, c.language, a.scheme_id, a.sending_country, a.applicant_type"
    " FROM (SELECT 1 AS one) AS x"
    " LEFT JOIN contacts AS c ON c.applicant_id = :applicant_id"
    " LEFT JOIN applications AS a ON a.application_id = :application_id"
)


async def addressee_and_application(
    session: AsyncSession, applicant_id: str, application_id: str
) -> tuple[tuple[str, str] | None, StoredApplication | None]:
    """The applicant's stored (name, language) and the stored application, None for either
    not known: for ``tell_applicant(contact=...)`` and ``tell_partners(app=...)``."""
    row = (await session.execute(_NOTICE_FACTS, {"applicant_id": applicant_id, "application_id": application_id})).one()
    contact = (row.name, row.language) if row.language is not None else None
    app = StoredApplication(row.scheme_id, row.sending_country, row.applicant_type) if row.scheme_id else None
    return contact, app


_AT_COMMIT = "notifications.rows_at_commit"
_SERIAL = {"id", "seq"}  # keys the database numbers (inbox entries, feed entries)
_LISTENING = "notifications.rows_at_commit.listening"


def _add_at_commit(session: AsyncSession, row: InboxEntry | Notification | PartnerFeedEntry) -> None:
    """Write ``row`` when its transaction commits, in the commit: a consumer batch flushes
    after each event, so rows added to the session went out one INSERT per row; kept until the
    commit, each table's rows of the whole batch go in one statement. A transaction that rolls
    back writes none of them. Nothing in a batch reads these rows back (what a notice depends
    on, ``told`` and the local copies, is written at once). Outside a transaction the row is
    added to the session as before."""
    sync = session.sync_session
    transaction = sync.get_transaction()
    if transaction is None:
        session.add(row)
        return
    if not session.info.get(_LISTENING):
        event.listen(sync, "before_commit", _add_rows_of_the_transaction)
        session.info[_LISTENING] = True
    kept = session.info.get(_AT_COMMIT)
    if kept is None or kept[0] is not transaction:  # a rolled-back transaction's rows are dropped
        kept = session.info[_AT_COMMIT] = (transaction, [])
    kept[1].append(row)


def _add_rows_of_the_transaction(sync: Session) -> None:
    kept = sync.info.pop(_AT_COMMIT, None)
    if kept is None or kept[0] is not sync.get_transaction():
        return
    by_table: dict[Table, list[dict[str, Any]]] = {}
    for row in kept[1]:
        table = row.__table__
        values = {c.key: getattr(row, c.key) for c in table.columns}
        by_table.setdefault(table, []).append({k: v for k, v in values.items() if v is not None or k not in _SERIAL})
    # Core statements (the ORM would insert rows with a serial key one by one to read each key back)
    for table, rows in by_table.items():
        sync.execute(insert(table), rows)


def _inbox_entry(env: Envelope, recipient_id: str, message: RenderedMessage) -> InboxEntry:
    return InboxEntry(
        recipient_id=recipient_id,
        source_event_id=env.id,
        event_type=env.type,
        subject=message.subject[:300],
        body=message.text,
        language=message.language,
    )


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
) -> bool:
    """The applicant's inbox entry now, and an e-mail row for the dispatcher; nothing when
    the applicant was last told the same about the application. Whether it was told.

    ``says``: what the notice tells (ids, not titles), compared with what was last told;
    ``contact``: (name, language) as stored or read in this transaction (saves reading it
    again); None: read here.
    """
    said = {"kind": kind, **says}
    if not await first_time_told(session, Audience.APPLICANT, application_id, applicant_id, said, env.id):
        log.info("applicant %s already told this about %s: %s skipped", applicant_id, application_id, kind)
        return False
    if contact is not None:
        name, language = contact
    else:
        stored = (await session.execute(_CONTACT_OF, {"id": applicant_id})).first()
        language = stored.language if stored else "en"
        name = stored.name if stored else applicant_id
    _add_at_commit(session, _inbox_entry(env, applicant_id, render(kind, language, {**context, "name": name})))
    NOTIFICATION_DELIVERIES.labels("inbox", DeliveryStatus.DELIVERED).inc()
    # The e-mail is rendered when sent, with the contact as known then (it may arrive later).
    _add_at_commit(
        session,
        Notification(
            source_event_id=env.id,
            event_type=env.type,
            channel=Channel.EMAIL,
            recipient=applicant_id,
            template=kind,
            context=context,
        ),
    )
    return True


def tell_staff(
    session: AsyncSession, env: Envelope, accounts: list[Account], kind: str, context: dict[str, Any]
) -> None:
    """An inbox entry in each one's language, and an e-mail row (rendered when sent)."""
    for account in accounts:
        _add_at_commit(
            session,
            _inbox_entry(env, account.account_id, render(kind, account.language, {**context, "name": account.name})),
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
                context=context,
            ),
        )


def email_account_owner(session: AsyncSession, env: Envelope, notice: AccountNotice) -> None:
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
                "link": notice.link,
                "expires_at": notice.expires_at.isoformat() if notice.expires_at else None,
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
    payloads = {
        institution_id: partner.project(
            partner_type,
            timestamp=env.time,
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
    told = await first_time_told_each(
        session,
        Audience.PARTNER,
        application_id,
        {institution_id: partner_content(payload) for institution_id, payload in payloads.items()},
        env.id,
    )
    for institution_id, payload in payloads.items():
        if institution_id not in told:
            log.info(
                "institution %s already told this about %s: %s skipped", institution_id, application_id, partner_type
            )
            continue
        entry = PartnerFeedEntry(
            institution_id=institution_id, source_event_id=env.id, event_type=partner_type, payload=payload
        )
        _add_at_commit(session, entry)
        for sub in subs:
            if sub.institution_id == institution_id and partner.wants(sub.event_types, partner_type):
                _add_at_commit(
                    session,
                    Notification(
                        source_event_id=env.id,
                        event_type=env.type,
                        channel=Channel.WEBHOOK,
                        recipient=sub.id,
                        institution_id=institution_id,
                        context={"message_id": entry.message_id, "payload": payload},
                    ),
                )
