"""Accounts: applicants register and log in (OAuth2 password flow); admins create staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, status

from services.applications.api.deps import Hasher, IdempotencyKey, Runtime
from services.applications.api.schemas import (
    AccountOut,
    ProfileOut,
    ProfilePatch,
    RegisterIn,
    StaffAccountIn,
    TokenOut,
)
from services.applications.models import infra
from services.applications.service import accounts
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Admin, ApplicantCaller, issue_token
from shared.idempotency import request_fingerprint, run_idempotent
from shared.paging import Page, fetch_page
from shared.principal import Role

router = APIRouter(tags=["accounts"])


@router.post(
    "/auth/register",
    status_code=status.HTTP_201_CREATED,
    response_model=ProfileOut,
    summary="Register as an applicant (student or faculty)",
)
async def register(
    body: RegisterIn, request: Request, key: IdempotencyKey, session: Transaction, runtime: Runtime, passwords: Hasher
):
    registration = accounts.Registration(
        email=body.email,
        password_hash=await passwords.hash(body.password),
        name=body.name,
        applicant_type=body.applicant_type,
        nationality=body.nationality,
        home_institution=body.home_institution,
        date_of_birth=body.date_of_birth,
        preferred_language=body.preferred_language,
    )

    async def produce():
        account, applicant = await accounts.register(session, infra, registration, source=runtime.source)
        return ProfileOut.of(account, applicant)

    return await run_idempotent(
        session,
        infra,
        principal="anonymous",
        key=key,
        fingerprint=await request_fingerprint(request),
        status_code=201,
        produce=produce,
    )


@router.post("/auth/token", response_model=TokenOut, summary="Log in (OAuth2 password flow)")
async def login(
    username: Annotated[
        str, Form(min_length=1, max_length=320, pattern=r"^[^\x00-\x1f\x7f]+$", description="the account's e-mail")
    ],
    password: Annotated[str, Form(min_length=1, max_length=128, pattern=r"^[^\x00]+$")],
    session: DbSession,
    runtime: Runtime,
    passwords: Hasher,
) -> TokenOut:
    principal = await accounts.authenticate(session, passwords, username, password)
    ttl = runtime.settings.jwt_ttl_seconds
    secret = runtime.settings.jwt_secret.get_secret_value()
    return TokenOut(access_token=issue_token(principal, secret, ttl), expires_in=ttl, role=principal.role.value)


@router.get("/me", response_model=ProfileOut, summary="My profile")
async def me(caller: ApplicantCaller, session: DbSession) -> ProfileOut:
    return ProfileOut.of(*await accounts.profile(session, caller.sub))


@router.patch("/me", response_model=ProfileOut, summary="Change my contact details or language")
async def patch_me(body: ProfilePatch, caller: ApplicantCaller, session: Transaction, runtime: Runtime) -> ProfileOut:
    changes = body.model_dump(exclude_unset=True)
    account, applicant = await accounts.update_profile(session, infra, caller.sub, changes, source=runtime.source)
    return ProfileOut.of(account, applicant)


@router.post(
    "/admin/accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountOut,
    tags=["admin"],
    summary="Create an officer, partner or admin account",
)
async def create_staff(
    body: StaffAccountIn,
    caller: Admin,
    request: Request,
    key: IdempotencyKey,
    session: Transaction,
    passwords: Hasher,
):
    password_hash = await passwords.hash(body.password)

    async def produce():
        account = await accounts.create_staff(
            session,
            email=body.email,
            password_hash=password_hash,
            name=body.name,
            role=Role(body.role),
            schemes=body.schemes,
            institutions=body.institutions,
        )
        return AccountOut.of(account)

    return await run_idempotent(
        session,
        infra,
        principal=caller.sub,
        key=key,
        fingerprint=await request_fingerprint(request),
        status_code=201,
        produce=produce,
    )


@router.get("/admin/accounts", response_model=Page[AccountOut], tags=["admin"], summary="Staff and applicant accounts")
async def list_accounts(
    caller: Admin, session: DbSession, paging: PageParams, role: Role | None = None
) -> Page[AccountOut]:
    rows, total = await fetch_page(session, accounts.accounts_query(role), paging=paging)
    return Page.of([AccountOut.of(a) for a in rows], total, paging)
