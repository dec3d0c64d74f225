"""Accounts: applicants register and log in (OAuth2 password flow); admins create staff."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from services.applications.api.common import Admin, Applicant, Limit, Offset, now, runtime_of
from services.applications.api.schemas import (
    AccountOut,
    Page,
    ProfileOut,
    ProfilePatch,
    RegisterIn,
    StaffAccountIn,
    TokenOut,
)
from services.applications.models import Account, infra
from services.applications.models import Applicant as ApplicantRow
from shared.api import DomainError, fetch_page
from shared.auth import issue_token
from shared.events.catalog import ApplicantRegistered, ApplicantUpdated
from shared.idempotency import idempotency_key, request_fingerprint, run_idempotent
from shared.outbox import add_event
from shared.principal import Principal, Role

router = APIRouter(tags=["accounts"])


def profile_of(account: Account, applicant: ApplicantRow) -> ProfileOut:
    return ProfileOut(
        id=account.id,
        email=account.email,
        name=account.name,
        applicant_type=applicant.applicant_type,
        nationality=applicant.nationality,
        home_institution=applicant.home_institution,
        date_of_birth=applicant.date_of_birth,
        preferred_language=applicant.preferred_language,
    )


def contact(cls, account: Account, applicant: ApplicantRow):
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


async def _email_taken(session, email: str, except_id: str | None = None) -> bool:
    query = select(Account.id).where(Account.email == email)
    if except_id:
        query = query.where(Account.id != except_id)
    return (await session.scalar(query)) is not None


EMAIL_TAKEN = DomainError(409, "an account with this e-mail already exists", field="email")


@router.post(
    "/auth/register",
    status_code=status.HTTP_201_CREATED,
    response_model=ProfileOut,
    summary="Register as an applicant (student or faculty)",
)
async def register(body: RegisterIn, request: Request, key: Annotated[str | None, Depends(idempotency_key)]):
    runtime = runtime_of(request)
    email = body.email.lower()
    password_hash = await request.app.state.passwords.hash(body.password)
    account = Account(
        id=str(uuid.uuid4()), email=email, password_hash=password_hash, role=Role.APPLICANT.value, name=body.name
    )
    applicant = ApplicantRow(
        id=account.id,
        applicant_type=body.applicant_type,
        nationality=body.nationality,
        home_institution=body.home_institution,
        date_of_birth=body.date_of_birth,
        preferred_language=body.preferred_language,
    )

    async def produce():
        async with session.begin_nested():
            if await _email_taken(session, email):
                raise EMAIL_TAKEN
            session.add_all([account, applicant])
            await session.flush()
        await add_event(session, infra, contact(ApplicantRegistered, account, applicant), source=runtime.source)
        return profile_of(account, applicant)

    try:
        async with runtime.db.session() as session, session.begin():
            return await run_idempotent(
                session,
                infra,
                principal="anonymous",
                key=key,
                fingerprint=await request_fingerprint(request),
                status_code=201,
                produce=produce,
            )
    except IntegrityError:  # a concurrent registration with the same e-mail won the race
        raise EMAIL_TAKEN from None


@router.post("/auth/token", response_model=TokenOut, summary="Log in (OAuth2 password flow)")
async def login(
    request: Request,
    username: Annotated[
        str, Form(min_length=1, max_length=320, pattern=r"^[^\x00-\x1f\x7f]+$", description="the account's e-mail")
    ],
    password: Annotated[str, Form(min_length=1, max_length=128, pattern=r"^[^\x00]+$")],
) -> TokenOut:
    runtime = runtime_of(request)
    async with runtime.db.session() as session:
        account = await session.scalar(select(Account).where(Account.email == username.strip().lower()))
    ok = await request.app.state.passwords.verify(account.password_hash if account else None, password)
    if not ok or account is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, detail="incorrect e-mail or password", headers={"WWW-Authenticate": "Bearer"}
        )
    principal = Principal(
        sub=account.id,
        role=Role(account.role),
        name=account.name,
        schemes=list(account.schemes),
        institutions=list(account.institutions),
    )
    ttl = runtime.settings.jwt_ttl_seconds
    return TokenOut(
        access_token=issue_token(principal, request.app.state.jwt_secret, ttl), expires_in=ttl, role=account.role
    )


async def _own_profile(session, principal) -> tuple[Account, ApplicantRow]:
    account = await session.get(Account, principal.sub)
    applicant = await session.get(ApplicantRow, principal.sub)
    if account is None or applicant is None:
        raise DomainError(404, "no such applicant", field="sub")
    return account, applicant


@router.get("/me", response_model=ProfileOut, summary="My profile")
async def me(principal: Applicant, request: Request) -> ProfileOut:
    async with runtime_of(request).db.session() as session:
        return profile_of(*await _own_profile(session, principal))


@router.patch("/me", response_model=ProfileOut, summary="Change my contact details or language")
async def patch_me(body: ProfilePatch, principal: Applicant, request: Request) -> ProfileOut:
    runtime = runtime_of(request)
    changes = body.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise DomainError(422, "must not be null", field=name)
    try:
        async with runtime.db.session() as session, session.begin():
            account, applicant = await _own_profile(session, principal)
            if "email" in changes:
                changes["email"] = changes["email"].lower()
                if await _email_taken(session, changes["email"], except_id=account.id):
                    raise EMAIL_TAKEN
                account.email = changes["email"]
            if "name" in changes:
                account.name = changes["name"]
            if "home_institution" in changes:
                applicant.home_institution = changes["home_institution"]
            if "preferred_language" in changes:
                applicant.preferred_language = changes["preferred_language"]
            applicant.updated_at = now()
            await session.flush()
            if changes:
                await add_event(session, infra, contact(ApplicantUpdated, account, applicant), source=runtime.source)
            return profile_of(account, applicant)
    except IntegrityError:
        raise EMAIL_TAKEN from None


def account_out(account: Account) -> AccountOut:
    return AccountOut(
        id=account.id,
        email=account.email,
        name=account.name,
        role=account.role,
        schemes=list(account.schemes),
        institutions=list(account.institutions),
        created_at=account.created_at,
    )


@router.post(
    "/admin/accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountOut,
    tags=["admin"],
    summary="Create an officer, partner or admin account",
)
async def create_staff(
    body: StaffAccountIn, principal: Admin, request: Request, key: Annotated[str | None, Depends(idempotency_key)]
):
    if body.role == "partner" and len(body.institutions) != 1:
        raise DomainError(422, "a partner account is scoped to exactly one institution", field="institutions")
    if body.role == "partner" and body.schemes:
        raise DomainError(422, "a partner account is scoped by institution, not by scheme", field="schemes")
    if body.role == "admin" and (body.schemes or body.institutions):
        raise DomainError(422, "an admin is not scoped", field="role")
    runtime = runtime_of(request)
    email = body.email.lower()
    account = Account(
        id=str(uuid.uuid4()),
        email=email,
        role=body.role,
        name=body.name,
        password_hash=await request.app.state.passwords.hash(body.password),
        schemes=sorted(set(body.schemes)),
        institutions=sorted(set(body.institutions)),
    )

    async def produce():
        async with session.begin_nested():
            if await _email_taken(session, email):
                raise EMAIL_TAKEN
            session.add(account)
            await session.flush()
        return account_out(account)

    try:
        async with runtime.db.session() as session, session.begin():
            return await run_idempotent(
                session,
                infra,
                principal=principal.sub,
                key=key,
                fingerprint=await request_fingerprint(request),
                status_code=201,
                produce=produce,
            )
    except IntegrityError:
        raise EMAIL_TAKEN from None


@router.get("/admin/accounts", response_model=Page[AccountOut], tags=["admin"], summary="Staff and applicant accounts")
async def list_accounts(
    principal: Admin, request: Request, offset: Offset = 0, limit: Limit = 50, role: Role | None = None
) -> Page[AccountOut]:
    query = select(Account)
    if role is not None:
        query = query.where(Account.role == role.value)
    async with runtime_of(request).db.session() as session:
        rows, total = await fetch_page(session, query, Account.created_at, Account.id, offset=offset, limit=limit)
    return Page(items=[account_out(a) for a in rows], total=total, offset=offset, limit=limit)


async def ensure_bootstrap_admin(runtime, passwords) -> None:
    """Create the configured admin once (start-up); an existing account is left as it is."""
    s = runtime.settings
    if not s.bootstrap_admin_email or not s.bootstrap_admin_password:
        return
    email = s.bootstrap_admin_email.strip().lower()
    async with runtime.db.session() as session:
        if await _email_taken(session, email):
            return
    password_hash = await passwords.hash(s.bootstrap_admin_password.get_secret_value())
    try:
        async with runtime.db.session() as session, session.begin():
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
