"""Accounts: applicants register and keep their profile; staff accounts; logging in.

Every staff or partner account created or changed (the bootstrap admin too) is announced
as account.upserted in the same transaction, so other services know who to tell.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.models import Account, Applicant
from services.applications.service.passwords import Passwords
from shared.clock import utcnow
from shared.errors import Conflict, Invalid, NotFound, Unauthenticated
from shared.events.catalog import AccountUpserted, ApplicantRegistered, ApplicantUpdated
from shared.outbox import add_event
from shared.principal import Principal, Role
from shared.tables import InfraTables


def email_taken() -> Conflict:
    return Conflict("account.email_taken", "an account with this e-mail already exists", "email")


async def _email_taken(session: AsyncSession, email: str, except_id: str | None = None) -> bool:
    query = select(Account.id).where(Account.email == email)
    if except_id:
        query = query.where(Account.id != except_id)
    return (await session.scalar(query)) is not None


def _contact(cls: type[ApplicantRegistered], account: Account, applicant: Applicant) -> ApplicantRegistered:
    """applicant.registered / updated: contact and language only (no date of birth)."""
    return cls(
        applicant_id=account.id,
        email=account.email,
        name=account.name,
        preferred_language=applicant.preferred_language,
        nationality=applicant.nationality,
        applicant_type=applicant.applicant_type,
        home_institution=applicant.home_institution,
    )


@dataclass(frozen=True)
class Registration:
    email: str
    password_hash: str
    name: str
    applicant_type: str
    nationality: str
    home_institution: str
    date_of_birth: date
    preferred_language: str


async def _add_account(session: AsyncSession, *rows: Account | Applicant) -> None:
    """Add a new account (and profile); an e-mail already in use refuses it (409)."""
    account = rows[0]
    try:
        async with session.begin_nested():
            if await _email_taken(session, account.email):
                raise email_taken()
            session.add_all(rows)
            await session.flush()
    except IntegrityError:  # a concurrent registration with the same e-mail won the race
        raise email_taken() from None


async def register(
    session: AsyncSession, tables: InfraTables, r: Registration, *, source: str
) -> tuple[Account, Applicant]:
    """A new applicant account and profile, announced as applicant.registered."""
    account = Account(
        id=str(uuid.uuid4()),
        email=r.email.lower(),
        password_hash=r.password_hash,
        role=Role.APPLICANT.value,
        name=r.name,
    )
    applicant = Applicant(
        id=account.id,
        applicant_type=r.applicant_type,
        nationality=r.nationality,
        home_institution=r.home_institution,
        date_of_birth=r.date_of_birth,
        preferred_language=r.preferred_language,
    )
    await _add_account(session, account, applicant)
    await add_event(session, tables, _contact(ApplicantRegistered, account, applicant), source=source)
    return account, applicant


async def authenticate(session: AsyncSession, passwords: Passwords, email: str, password: str) -> Principal:
    """Who holds these credentials; a wrong e-mail costs as much as a wrong password."""
    account = await session.scalar(select(Account).where(Account.email == email.strip().lower()))
    ok = await passwords.verify(account.password_hash if account else None, password)
    if not ok or account is None:
        raise Unauthenticated("auth.bad_credentials", "incorrect e-mail or password", "username")
    return Principal(
        sub=account.id,
        role=Role(account.role),
        name=account.name,
        schemes=list(account.schemes),
        institutions=list(account.institutions),
    )


async def profile(session: AsyncSession, applicant_id: str) -> tuple[Account, Applicant]:
    account = await session.get(Account, applicant_id)
    applicant = await session.get(Applicant, applicant_id)
    if account is None or applicant is None:
        raise NotFound("applicant.not_found", "no such applicant", "sub")
    return account, applicant


async def update_profile(
    session: AsyncSession, tables: InfraTables, applicant_id: str, changes: Mapping[str, Any], *, source: str
) -> tuple[Account, Applicant]:
    """Change contact details or language (``changes``: only what the applicant sent);
    announced as applicant.updated when anything was sent."""
    for name, value in changes.items():
        if value is None:
            raise Invalid("value.null", "must not be null", name)
    account, applicant = await profile(session, applicant_id)
    if "email" in changes:
        email = str(changes["email"]).lower()
        if await _email_taken(session, email, except_id=account.id):
            raise email_taken()
        account.email = email
    if "name" in changes:
        account.name = changes["name"]
    if "home_institution" in changes:
        applicant.home_institution = changes["home_institution"]
    if "preferred_language" in changes:
        applicant.preferred_language = changes["preferred_language"]
    applicant.updated_at = utcnow()
    try:
        await session.flush()
    except IntegrityError:  # the e-mail was taken meanwhile
        raise email_taken() from None
    if changes:
        await add_event(session, tables, _contact(ApplicantUpdated, account, applicant), source=source)
    return account, applicant


STAFF_ROLES = frozenset({Role.OFFICER, Role.ADMIN, Role.PARTNER})


async def announce(session: AsyncSession, tables: InfraTables, account: Account, *, source: str) -> None:
    """account.upserted: a staff or partner account's contact and scope, as it is now."""
    await add_event(
        session,
        tables,
        AccountUpserted(
            account_id=account.id,
            role=account.role,  # a staff role: the callers only announce staff accounts
            name=account.name,
            email=account.email,
            preferred_language=account.preferred_language,
            schemes=list(account.schemes),
            institutions=list(account.institutions),
        ),
        source=source,
    )
    account.announced_at = utcnow()


def _check_scope(role: Role, schemes: list[str], institutions: list[str]) -> None:
    """The scope a role allows: partners act for one or more institutions; admins everything."""
    if role == Role.PARTNER and not institutions:
        raise Invalid(
            "account.partner_institutions", "a partner account acts for at least one institution", "institutions"
        )
    if role == Role.PARTNER and schemes:
        raise Invalid("account.partner_schemes", "a partner account is scoped by institution, not by scheme", "schemes")
    if role == Role.ADMIN and (schemes or institutions):
        raise Invalid("account.admin_scoped", "an admin is not scoped", "role")


async def create_staff(
    session: AsyncSession,
    tables: InfraTables,
    *,
    email: str,
    password_hash: str,
    name: str,
    role: Role,
    schemes: list[str],
    institutions: list[str],
    preferred_language: str = "en",
    source: str,
) -> Account:
    """An officer, partner or admin account, with the scope its role allows; announced."""
    _check_scope(role, schemes, institutions)
    account = Account(
        id=str(uuid.uuid4()),
        email=email.lower(),
        role=role.value,
        name=name,
        password_hash=password_hash,
        schemes=sorted(set(schemes)),
        institutions=sorted(set(institutions)),
        preferred_language=preferred_language,
    )
    await _add_account(session, account)
    await announce(session, tables, account, source=source)
    return account


STAFF_FIELDS = ("email", "name", "preferred_language", "schemes", "institutions")


async def staff_account(session: AsyncSession, account_id: str, *, lock: bool = False) -> Account:
    """A staff or partner account (an applicant's is not one: not found)."""
    query = select(Account).where(Account.id == account_id, Account.role != Role.APPLICANT.value)
    if lock:
        query = query.with_for_update()
    account = await session.scalar(query)
    if account is None:
        raise NotFound("account.not_found", f"no staff or partner account {account_id}", "account_id")
    return account


async def update_staff(
    session: AsyncSession, tables: InfraTables, account_id: str, changes: Mapping[str, Any], *, source: str
) -> Account:
    """Change a staff or partner account's contact, language or scope (``changes``: only
    what was sent); announced when anything was sent."""
    for name, value in changes.items():
        if value is None:
            raise Invalid("value.null", "must not be null", name)
    account = await staff_account(session, account_id, lock=True)
    schemes = sorted(set(changes.get("schemes", account.schemes)))
    institutions = sorted(set(changes.get("institutions", account.institutions)))
    _check_scope(Role(account.role), schemes, institutions)
    if "email" in changes:
        email = str(changes["email"]).lower()
        if await _email_taken(session, email, except_id=account.id):
            raise email_taken()
        account.email = email
    if "name" in changes:
        account.name = changes["name"]
    if "preferred_language" in changes:
        account.preferred_language = changes["preferred_language"]
    account.schemes, account.institutions = schemes, institutions
    try:
        await session.flush()
    except IntegrityError:  # the e-mail was taken meanwhile
        raise email_taken() from None
    if changes:
        await announce(session, tables, account, source=source)
    return account


def accounts_query(role: Role | None) -> Select:
    """Accounts (of one role, or all), oldest first."""
    query = select(Account)
    if role is not None:
        query = query.where(Account.role == role.value)
    return query.order_by(Account.created_at, Account.id)


async def ensure_bootstrap_admin(
    session: AsyncSession, tables: InfraTables, passwords: Passwords, email: str, password: str, *, source: str
) -> None:
    """Create the configured admin once (start-up), announced; an existing account is left as it is."""
    email = email.strip().lower()
    if await _email_taken(session, email):
        return
    await session.rollback()  # no transaction held open while the password is hashed
    password_hash = await passwords.hash(password)
    try:
        async with session.begin():
            account = Account(
                id=str(uuid.uuid4()),
                email=email,
                password_hash=password_hash,
                role=Role.ADMIN.value,
                name="Administrator",
            )
            session.add(account)
            await session.flush()
            await announce(session, tables, account, source=source)
    except IntegrityError:
        pass  # another instance created it at the same moment


async def announce_unannounced(session: AsyncSession, tables: InfraTables, *, source: str) -> int:
    """Announce the staff and partner accounts never announced (made before account.upserted
    existed); start-up. Returns how many."""
    query = (
        select(Account)
        .where(Account.role.in_([r.value for r in STAFF_ROLES]), Account.announced_at.is_(None))
        .with_for_update(skip_locked=True)
    )
    accounts = (await session.scalars(query)).all()
    for account in accounts:
        await announce(session, tables, account, source=source)
    return len(accounts)
