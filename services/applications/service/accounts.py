"""Accounts: applicants register and keep their profile; staff accounts; logging in."""

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
from shared.events.catalog import ApplicantRegistered, ApplicantUpdated
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


PROFILE_FIELDS = ("email", "name", "home_institution", "preferred_language")


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


async def create_staff(
    session: AsyncSession,
    *,
    email: str,
    password_hash: str,
    name: str,
    role: Role,
    schemes: list[str],
    institutions: list[str],
) -> Account:
    """An officer, partner or admin account, with the scope its role allows."""
    if role == Role.PARTNER and len(institutions) != 1:
        raise Invalid(
            "account.partner_institutions", "a partner account is scoped to exactly one institution", "institutions"
        )
    if role == Role.PARTNER and schemes:
        raise Invalid("account.partner_schemes", "a partner account is scoped by institution, not by scheme", "schemes")
    if role == Role.ADMIN and (schemes or institutions):
        raise Invalid("account.admin_scoped", "an admin is not scoped", "role")
    account = Account(
        id=str(uuid.uuid4()),
        email=email.lower(),
        role=role.value,
        name=name,
        password_hash=password_hash,
        schemes=sorted(set(schemes)),
        institutions=sorted(set(institutions)),
    )
    await _add_account(session, account)
    return account


def accounts_query(role: Role | None) -> Select:
    """Accounts (of one role, or all), oldest first."""
    query = select(Account)
    if role is not None:
        query = query.where(Account.role == role.value)
    return query.order_by(Account.created_at, Account.id)


async def ensure_bootstrap_admin(session: AsyncSession, passwords: Passwords, email: str, password: str) -> None:
    """Create the configured admin once (start-up); an existing account is left as it is."""
    email = email.strip().lower()
    if await _email_taken(session, email):
        return
    await session.rollback()  # no transaction held open while the password is hashed
    password_hash = await passwords.hash(password)
    try:
        async with session.begin():
            session.add(
                Account(
                    id=str(uuid.uuid4()),
                    email=email,
                    password_hash=password_hash,
                    role=Role.ADMIN.value,
                    name="Administrator",
                )
            )
    except IntegrityError:
        pass  # another instance created it at the same moment
