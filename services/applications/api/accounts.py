"""Accounts: applicants register and log in (OAuth2 password flow), partner systems get
tokens with client credentials; admins create and change staff accounts."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Literal
from urllib.parse import unquote_plus

from fastapi import APIRouter, Form, Request, status

from services.applications.api.deps import AccountId, Hasher, IdempotencyKey, Runtime
from services.applications.api.schemas import (
    AccountOut,
    ProfileOut,
    ProfilePatch,
    RegisterIn,
    StaffAccountIn,
    StaffAccountPatch,
    TokenOut,
)
from services.applications.models import infra
from services.applications.service import accounts, clients
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Admin, ApplicantCaller, issue_token
from shared.errors import Invalid, Unauthenticated
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


Grant = Literal["password", "client_credentials"]


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """client_id and client_secret from an ``Authorization: Basic`` header (RFC 6749 2.3.1)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        client_id, sep, secret = base64.b64decode(value.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthenticated("auth.bad_client_credentials", "malformed Basic credentials", "authorization") from None
    if not sep:
        raise Unauthenticated("auth.bad_client_credentials", "malformed Basic credentials", "authorization")
    return unquote_plus(client_id), unquote_plus(secret)


def _required(value: str | None, field: str, grant: str) -> str:
    if not value:
        raise Invalid("value.missing", f"required with grant_type={grant}", field)
    return value


@router.post(
    "/auth/token",
    response_model=TokenOut,
    summary="Get a token: log in (OAuth2 password flow) or, for partner systems, client credentials",
)
async def token(
    request: Request,
    session: Transaction,
    runtime: Runtime,
    passwords: Hasher,
    grant_type: Annotated[Grant, Form(description="password (people) or client_credentials (partner systems)")] = (
        "password"
    ),
    username: Annotated[
        str | None,
        Form(min_length=1, max_length=320, pattern=r"^[^\x00-\x1f\x7f]+$", description="the account's e-mail"),
    ] = None,
    password: Annotated[str | None, Form(min_length=1, max_length=128, pattern=r"^[^\x00]+$")] = None,
    client_id: Annotated[str | None, Form(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None,
    client_secret: Annotated[str | None, Form(min_length=1, max_length=128, pattern=r"^[^\x00]+$")] = None,
) -> TokenOut:
    if grant_type == "client_credentials":
        basic = _basic_credentials(request)
        if basic is not None:
            client_id, client_secret = basic
        principal = await clients.authenticate(
            session,
            passwords,
            _required(client_id, "client_id", grant_type),
            _required(client_secret, "client_secret", grant_type),
        )
    else:
        principal = await accounts.authenticate(
            session,
            passwords,
            _required(username, "username", grant_type),
            _required(password, "password", grant_type),
        )
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
    runtime: Runtime,
    passwords: Hasher,
):
    password_hash = await passwords.hash(body.password)

    async def produce():
        account = await accounts.create_staff(
            session,
            infra,
            email=body.email,
            password_hash=password_hash,
            name=body.name,
            role=Role(body.role),
            schemes=body.schemes,
            institutions=body.institutions,
            preferred_language=body.preferred_language,
            source=runtime.source,
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


@router.patch(
    "/admin/accounts/{account_id}",
    response_model=AccountOut,
    tags=["admin"],
    summary="Change a staff or partner account's contact, language or scope",
)
async def patch_staff(
    account_id: AccountId, body: StaffAccountPatch, caller: Admin, session: Transaction, runtime: Runtime
) -> AccountOut:
    changes = body.model_dump(exclude_unset=True)
    account = await accounts.update_staff(session, infra, account_id, changes, source=runtime.source)
    return AccountOut.of(account)
