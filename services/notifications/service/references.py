"""Local copies of what messages and routing need of other services' data, fed by their
events: contacts and staff accounts (newest event wins), applications, programmes and
cycles; and what each recipient was last told about an application."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, cast, event, or_, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session
from sqlmodel import col

from services.notifications.domain.catalog_names import Names
from services.notifications.domain.erasure import ERASED
from services.notifications.domain.told import Audience
from services.notifications.models import (
    CATALOG_TABLES,
    Account,
    ApplicationRef,
    AwardStep,
    CatalogStamp,
    Contact,
    CycleRef,
    InstitutionRef,
    ProgrammeRef,
    SchemeRef,
    ThreadAuthor,
    Told,
    WebhookSubscription,
)
from shared.clock import utcnow
from shared.events.catalog import (
    AccountUpserted,
    ApplicationSubmitted,
    CycleUpserted,
    InstitutionUpserted,
    ProgrammeUpserted,
    SchemeUpserted,
)
from shared.principal import Principal, Role
from shared.upsert import upsert


async def remember_contact(
    session: AsyncSession, applicant_id: str, email: str, name: str, language: str, as_of: datetime
) -> tuple[str, str] | None:
    """Store the contact unless a newer one is stored, or the applicant closed their account
    (an erased contact is kept as it is: an event of theirs read again, or out of order, brings
    no address back); (name, language) when these values won."""
    written = await upsert(
        session,
        Contact,
        {"applicant_id": applicant_id, "email": email, "name": name, "language": language, "as_of": as_of},
        ["applicant_id"],
        newer_than="as_of",
        returning=["name", "language"],
        kept_while=("language", (ERASED,)),
    )
    return (written.name, written.language) if written is not None else None


async def remember_account(session: AsyncSession, event: AccountUpserted, as_of: datetime) -> bool:
    """Store a staff or partner account unless a newer version is stored; whether this one was."""
    written = await upsert(
        session,
        Account,
        {
            "account_id": event.account_id,
            "role": event.role,
            "name": event.name[:300],
            "email": event.email,
            "language": event.preferred_language,
            "schemes": list(event.schemes),
            "institutions": list(event.institutions),
            "countries": list(event.countries),
            "active": event.active,
            "as_of": as_of,
        },
        ["account_id"],
        newer_than="as_of",
        returning=["account_id"],
    )
    return written is not None


async def accounts_of(session: AsyncSession, *roles: Role) -> list[Account]:
    """The active accounts of these roles (nominators, partner users: a stage's owners)."""
    rows = await session.scalars(
        select(Account)
        .where(Account.active.is_(True), Account.role.in_([r.value for r in roles]))
        .order_by(Account.account_id)
    )
    return list(rows)


async def accounts_picked(
    session: AsyncSession, role: Role, pick: Callable[[Iterable[Principal]], list[str]]
) -> list[Account]:
    """The active accounts of ``role`` that ``pick`` chooses among them as principals (a stage's
    owners: ``domain/officers.py``), in the order it gives."""
    accounts = {a.account_id: a for a in await accounts_of(session, role)}
    return [accounts[i] for i in pick(principal(a) for a in accounts.values())]


async def staff(session: AsyncSession) -> list[Account]:
    """The active officers and admins."""
    rows = await session.scalars(
        select(Account)
        .where(Account.active.is_(True), Account.role.in_([Role.OFFICER.value, Role.ADMIN.value]))
        .order_by(Account.account_id)
    )
    return list(rows)


async def remember_thread_author(
    session: AsyncSession, application_id: str, account_id: str, wrote_at: datetime
) -> None:
    """A staff account wrote to the applicant about the application (its reply is told to them)."""
    await upsert(
        session,
        ThreadAuthor,
        {"application_id": application_id, "account_id": account_id, "wrote_at": wrote_at},
        ["application_id", "account_id"],
        newer_than="wrote_at",
    )


async def thread_authors(session: AsyncSession, application_id: str) -> list[Account]:
    """The active accounts that wrote to the applicant about the application."""
    rows = await session.scalars(
        select(Account)
        .join(ThreadAuthor, col(ThreadAuthor.account_id) == col(Account.account_id))
        .where(ThreadAuthor.application_id == application_id, Account.active.is_(True))
        .order_by(Account.account_id)
    )
    return list(rows)


def principal(account: Account) -> Principal:
    """An account as the principal the scope rules (shared/scope.py) take."""
    return Principal(
        sub=account.account_id,
        role=Role(account.role),
        name=account.name,
        schemes=list(account.schemes),
        institutions=list(account.institutions),
        countries=list(account.countries),
    )


def told_values(
    audience: Audience, application_id: str, recipient: str, digest: str, source_event_id: str, now: datetime
) -> dict[str, Any]:
    """A ``told`` row: ``recipient`` was last told what ``digest`` fingerprints."""
    return {
        "application_id": application_id,
        "audience": audience.value,
        "recipient": recipient,
        "fingerprint": digest,
        "source_event_id": source_event_id,
        "told_at": now,
    }


def first_times_told(session: Session, values: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """Record that each recipient of ``values`` (``told_values`` of distinct (application,
    audience, recipient) keys) is told what its fingerprint says; the keys told for the first
    time, i.e. whose recipient was last told something else (their notice is written; the
    others are skipped).

    One statement on a sync session (a commit hook's, or ``AsyncSession.run_sync``): insert,
    or update only when the fingerprint differs, so two instances telling the same recipient
    at once serialise on the row and only one of them tells. Written in key order, so two
    writers never lock them in opposite orders."""
    if not values:
        return set()
    ordered = sorted(values, key=lambda v: (v["application_id"], v["audience"], v["recipient"]))
    if session.get_bind().dialect.name == "postgresql":
        # one execution with a column of values each (arrays): as many rows (a batch's ~2,000 in
        # a round) went out as several multi-row INSERTs, each bound one parameter at a time
        columns = {name: [v[name] for v in ordered] for name in _TOLD_COLUMNS}
        return {(a, b, c) for a, b, c in session.execute(_TOLD_FROM_ARRAYS, columns)}
    return {(a, b, c) for a, b, c in session.execute(_told_statement(), ordered)}


_TOLD_COLUMNS = ("application_id", "audience", "recipient", "fingerprint", "source_event_id", "told_at")
# PostgreSQL: ``_told_statement`` with the rows as arrays, inserted in the arrays' (key) order.
_TOLD_FROM_ARRAYS = text(
    "INSERT INTO told (application_id, audience, recipient, fingerprint, source_event_id, told_at)"
    " SELECT application_id, audience, recipient, fingerprint, source_event_id, told_at"
    " FROM unnest(CAST(:application_id AS varchar[]), CAST(:audience AS varchar[]),"
    " CAST(:recipient AS varchar[]), CAST(:fingerprint AS varchar[]), CAST(:source_event_id AS varchar[]),"
    " CAST(:told_at AS timestamptz[])) WITH ORDINALITY"
    " AS given(application_id, audience, recipient, fingerprint, source_event_id, told_at, n) ORDER BY n"
    " ON CONFLICT (application_id, audience, recipient) DO UPDATE SET fingerprint = excluded.fingerprint,"
    " source_event_id = excluded.source_event_id, told_at = excluded.told_at"
    " WHERE told.fingerprint <> excluded.fingerprint"
    " RETURNING application_id, audience, recipient"
)


@lru_cache(maxsize=1)
def _told_statement():
    table = Told.__table__
    stmt = sqlite_insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["application_id", "audience", "recipient"],
        set_={k: stmt.excluded[k] for k in ("fingerprint", "source_event_id", "told_at")},
        where=table.c.fingerprint != stmt.excluded.fingerprint,
    )
    return stmt.returning(table.c.application_id, table.c.audience, table.c.recipient)


async def remember_application(session: AsyncSession, event: ApplicationSubmitted) -> None:
    """What partner projections need of an application (an update is an ApplicationSubmitted too)."""
    await upsert(
        session,
        ApplicationRef,
        {
            "application_id": event.application_id,
            "applicant_id": event.applicant_id,
            "cycle_id": event.cycle_id,
            "scheme_id": event.scheme_id,
            "sending_country": event.sending_country,
            "applicant_type": event.applicant_type,
            "choices": list(event.choices),
        },
        ["application_id"],
    )


async def remember_programme(session: AsyncSession, event: ProgrammeUpserted) -> None:
    await upsert(
        session,
        ProgrammeRef,
        {
            "programme_id": event.programme_id,
            "title": event.title[:300],
            "translations": dict(event.translations),
            "host_institution_id": event.host_institution_id,
            "host_institution_name": event.host_institution_name[:300],
            "host_institution_translations": dict(event.host_institution_translations),
            "cycle_id": event.cycle_id,
            "scheme_id": event.scheme_id,
            "award": event.award.model_dump(mode="json", exclude_defaults=True),
        },
        ["programme_id"],
    )


async def remember_cycle(session: AsyncSession, event: CycleUpserted) -> None:
    await upsert(
        session,
        CycleRef,
        {
            "cycle_id": event.cycle_id,
            "scheme_id": event.scheme_id,
            "name": event.name[:300],
            "translations": dict(event.translations),
        },
        ["cycle_id"],
    )


async def newest_award_step(
    session: AsyncSession,
    step: str,
    application_id: str,
    version: int,
    state: str,
    note: str | None = None,
    institution_id: str | None = None,
) -> bool:
    """Record ``version`` of an award step (``nomination:<application>``, ``admission:<match>``,
    with the host's ``note``; ``endorsement:<application>``, with the home institution) unless
    a newer one is recorded; whether it was (False: an older version, arriving late)."""
    values = {
        "step": step,
        "application_id": application_id,
        "version": version,
        "state": state,
        "institution_id": institution_id,
    }
    written = await upsert(
        session,
        AwardStep,
        {**values, "note": note[:1000] if note else None, "updated_at": utcnow()},
        ["step"],
        newer_than="version",
        returning=["version"],
    )
    return written is not None


async def remember_institution(session: AsyncSession, event: InstitutionUpserted) -> None:
    await upsert(
        session,
        InstitutionRef,
        {"institution_id": event.institution_id, "name": event.name[:300], "translations": dict(event.translations)},
        ["institution_id"],
    )


async def remember_scheme(session: AsyncSession, event: SchemeUpserted) -> None:
    await upsert(
        session,
        SchemeRef,
        {
            "scheme_id": event.scheme_id,
            "path": [stage.value for stage in event.path],
            "authorities": dict(event.authorities),
            "authority_translations": {c: dict(t) for c, t in event.authority_translations.items()},
        },
        ["scheme_id"],
    )


class CatalogCopy:
    """What this process has read of the catalog (programmes, cycles, schemes, institutions,
    partners' active webhook subscriptions) under one ``CatalogStamp``; a miss is kept too
    (None). The entities are detached from the sessions that read them: nothing expires them
    and no transaction writes through them."""

    def __init__(self, stamp: int | None):
        self.stamp = stamp
        self.rows: dict[tuple[type, str], Any] = {}
        self.subscriptions: dict[str, list[WebhookSubscription]] = {}
        self.names: dict[str, dict[str, str]] | None = None  # domain/catalog_names.py's ``Names``


_STAMP = select(CatalogStamp.stamp).where(col(CatalogStamp.id) == 1)


class Catalog:
    """The catalog as one transaction reads it. Its events name the same few programmes and
    cycles again and again (a consumer batch, the next batch, the next request), so what was
    read is kept in the process (``CatalogCopy``) and used by any later transaction that
    reads the same stamp: one small read per transaction instead of the programmes, cycle,
    scheme and subscriptions each time. Every write of a catalog table changes the stamp in
    its own transaction (a trigger), so a transaction never reads rows older than the stamp
    it read, and the copy is dropped for a new one at the first transaction that sees a new
    stamp. Rows read after the stamp may be newer than it: what the database had then.

    Bound to the session's current transaction. A transaction that writes a catalog table
    forgets it (any ORM or Core write through the session, ``remember_*`` among them:
    ``_forget_on_catalog_writes``): its next read takes the stamp again, its own new one, so
    its uncommitted rows are never kept under a stamp others read. A write by raw SQL in a
    transaction that reads the catalog must call ``forget`` itself.

    Each write of the catalog holds the stamp's row until it commits: catalog writes of two
    transactions wait for each other (rare: a programme, cycle, scheme or institution upsert,
    a subscription changed). A consumer batch that meets a deadlock over it is rolled back and
    applied one event at a time, as any failed batch is.
    """

    KEY = "notifications.catalog"
    shared = CatalogCopy(None)  # the process's copy, under the stamp read last

    def __init__(self, transaction: object):
        self.transaction = transaction
        self.copy: CatalogCopy | None = None  # at the transaction's first read

    @classmethod
    def of(cls, session: AsyncSession) -> Catalog:
        transaction = session.sync_session.get_transaction()
        catalog = session.info.get(cls.KEY)
        if catalog is None or catalog.transaction is not transaction:
            catalog = session.info[cls.KEY] = cls(transaction)
        return catalog

    @classmethod
    def forget(cls, session: AsyncSession | Session) -> None:
        session.info.pop(cls.KEY, None)

    async def _copy(self, session: AsyncSession) -> CatalogCopy:
        if self.copy is None:
            stamp = await session.scalar(_STAMP)
            if stamp is None:  # the stamp's row deleted by hand: kept for this transaction only
                self.copy = CatalogCopy(None)
            elif Catalog.shared.stamp == stamp:
                self.copy = Catalog.shared
            else:
                self.copy = Catalog.shared = CatalogCopy(stamp)
        return self.copy

    @staticmethod
    def _keep(session: AsyncSession, entity: Any) -> Any:
        if entity is not None and entity in session:
            session.expunge(entity)
        return entity

    async def get(self, session: AsyncSession, model: type, key: str) -> Any:
        """``session.get(model, key)``, once per stamp."""
        rows = (await self._copy(session)).rows
        if (model, key) not in rows:
            rows[model, key] = self._keep(session, await session.get(model, key))
        return rows[model, key]

    async def programmes(self, session: AsyncSession, ids: Iterable[str]) -> dict[str, ProgrammeRef]:
        rows = (await self._copy(session)).rows
        wanted = set(ids)
        missing = sorted(pid for pid in wanted if (ProgrammeRef, pid) not in rows)
        if missing:
            found = {
                p.programme_id: self._keep(session, p)
                for p in await session.scalars(select(ProgrammeRef).where(col(ProgrammeRef.programme_id).in_(missing)))
            }
            for pid in missing:
                rows[ProgrammeRef, pid] = found.get(pid)
        return {pid: row for pid in wanted if (row := rows[ProgrammeRef, pid]) is not None}

    async def names(self, session: AsyncSession) -> Names:
        """Every catalog name that has translations, by the name as typed (the first entity of a
        name gives its translations): four small reads once per stamp."""
        copy = await self._copy(session)
        if copy.names is None:
            names: dict[str, dict[str, str]] = {}
            ambiguous: set[str] = set()

            def add(name: str | None, translations: Any) -> None:
                # two entities of one name translated differently (two ministries "of Education"):
                # the name is left as typed rather than given one of them
                if name and translations and isinstance(translations, dict):
                    if names.setdefault(name, dict(translations)) != translations:
                        ambiguous.add(name)

            programmes = select(
                ProgrammeRef.title,
                ProgrammeRef.translations,
                ProgrammeRef.host_institution_name,
                ProgrammeRef.host_institution_translations,
            ).where(
                or_(
                    cast(ProgrammeRef.translations, Text) != "{}",
                    cast(ProgrammeRef.host_institution_translations, Text) != "{}",
                )
            )
            for title_, translations, host, host_translations in await session.execute(programmes):
                add(title_, translations)
                add(host, host_translations)
            for model in (CycleRef, InstitutionRef):
                named = select(model.name, model.translations).where(cast(model.translations, Text) != "{}")
                for name, translations in await session.execute(named):
                    add(name, translations)
            for authorities, translated in await session.execute(
                select(SchemeRef.authorities, SchemeRef.authority_translations).where(
                    cast(SchemeRef.authority_translations, Text) != "{}"
                )
            ):
                for country, name in (authorities or {}).items():
                    add(name, (translated or {}).get(country))
            copy.names = {name: t for name, t in names.items() if name not in ambiguous}
        return copy.names

    async def active_subscriptions(
        self, session: AsyncSession, institution_ids: Iterable[str]
    ) -> list[WebhookSubscription]:
        subscriptions = (await self._copy(session)).subscriptions
        wanted = set(institution_ids)
        missing = sorted(wanted - set(subscriptions))
        if missing:
            found: dict[str, list[WebhookSubscription]] = {inst: [] for inst in missing}
            rows = await session.scalars(
                select(WebhookSubscription)
                .where(col(WebhookSubscription.institution_id).in_(missing), col(WebhookSubscription.active).is_(True))
                .order_by(col(WebhookSubscription.id))
            )
            for sub in rows:
                found[sub.institution_id].append(self._keep(session, sub))
            subscriptions.update(found)  # whole, after the read: another transaction may read the same meanwhile
        return [sub for inst in sorted(wanted) for sub in subscriptions[inst]]


def _writes_a_catalog_table(statement: Any) -> bool:
    table = getattr(statement, "table", None)
    return getattr(table, "name", None) in CATALOG_TABLES


@event.listens_for(Session, "do_orm_execute")
def _forget_on_catalog_writes(state: ORMExecuteState) -> None:
    """An INSERT, UPDATE or DELETE of a catalog table through a session forgets the
    transaction's ``Catalog`` (see its docstring)."""
    if (state.is_insert or state.is_update or state.is_delete) and _writes_a_catalog_table(state.statement):
        Catalog.forget(state.session)


@event.listens_for(Session, "after_flush")
def _forget_on_catalog_flush(session: Session, _context: Any) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(getattr(entity, "__tablename__", None) in CATALOG_TABLES for entity in changed):
        Catalog.forget(session)


async def programmes(session: AsyncSession, ids: list[str]) -> dict[str, ProgrammeRef]:
    if not ids:
        return {}
    return await Catalog.of(session).programmes(session, ids)


async def catalog_names(session: AsyncSession) -> Names:
    """The catalog's names that have translations, by typed name (``Catalog``: kept while the stamp stands)."""
    return await Catalog.of(session).names(session)


async def cycle_ref(session: AsyncSession, cycle_id: str) -> CycleRef | None:
    return await Catalog.of(session).get(session, CycleRef, cycle_id)


async def scheme_ref(session: AsyncSession, scheme_id: str) -> SchemeRef | None:
    return await Catalog.of(session).get(session, SchemeRef, scheme_id)


async def institution_ref(session: AsyncSession, institution_id: str) -> InstitutionRef | None:
    return await Catalog.of(session).get(session, InstitutionRef, institution_id)


async def active_subscriptions(session: AsyncSession, institution_ids: Iterable[str]) -> list[WebhookSubscription]:
    """The active webhook subscriptions of these institutions (``Catalog``: kept while the stamp stands)."""
    return await Catalog.of(session).active_subscriptions(session, institution_ids)


async def cycle_name(session: AsyncSession, cycle_id: str) -> str:
    found = await cycle_ref(session, cycle_id)
    return found.name if found else cycle_id


def title(progs: dict[str, ProgrammeRef], pid: str) -> str:
    p = progs.get(pid)
    return p.title if p else pid


def reason_item(progs: dict[str, ProgrammeRef], reason: Any) -> dict[str, Any]:
    """A round's reason for one choice as a notice keeps it: the programme's title, the
    service's English text, and its code and params to word it in the reader's language."""
    item = {"programme": title(progs, reason.programme_id), "reason": reason.reason}
    if getattr(reason, "code", None):
        item |= {"code": reason.code, "params": dict(reason.params or {})}
    return item


async def host_name(session: AsyncSession, institution_id: str) -> str:
    """An institution's name: the catalog's (a home institution has no programmes), else as
    its programmes give it, else its id."""
    known = await institution_ref(session, institution_id)
    if known is not None and known.name:
        return known.name
    name = await session.scalar(
        select(ProgrammeRef.host_institution_name)
        .where(ProgrammeRef.host_institution_id == institution_id, ProgrammeRef.host_institution_name != "")
        .limit(1)
    )
    return name or institution_id


def institution_name(progs: dict[str, ProgrammeRef], pid: str, fallback: str) -> str:
    p = progs.get(pid)
    return (p.host_institution_name or p.host_institution_id) if p else fallback
