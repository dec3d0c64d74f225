"""Accounts: applicants register and log in (OAuth2 password flow, throttled), partner systems
get tokens with client credentials; everyone logs out and changes or resets their password;
admins create, change, disable and enable accounts."""

from __future__ import annotations

import base64
import binascii
import logging
from typing import Annotated, Literal
from urllib.parse import unquote_plus

from fastapi import APIRouter, Form, Query, Request, Response, status

from services.applications.api.deps import (
    AccountId,
    ClientAddress,
    FileStorage,
    Gate,
    Hasher,
    KnownDevices,
    Runtime,
    ThrottlePolicy,
)
from services.applications.api.schemas import (
    AcceptedOut,
    AccountClosedOut,
    AccountCloseIn,
    AccountOut,
    EmailChangeConfirmIn,
    EmailConfirmedOut,
    MyAccountPatch,
    PasswordChangeIn,
    PasswordResetCheckIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    ProfileOut,
    ProfilePatch,
    RegisterIn,
    StaffAccountIn,
    StaffAccountPatch,
    TokenOut,
)
from services.applications.models import Account, infra
from services.applications.service import accounts, clients, erasure
from services.applications.service.passwords import check_policy
from services.applications.settings import Settings
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Admin, ApplicantCaller, Caller, PersonCaller, auth_time_of, bearer_token, issue_token
from shared.clock import utcnow
from shared.errors import Conflict, Invalid, NotFound, Unauthenticated, Unsupported
from shared.idempotency import IdempotencyKey, run_idempotent
from shared.paging import Page, fetch_page
from shared.principal import Principal, Role

log = logging.getLogger(__name__)
router = APIRouter(tags=["accounts"])

THROTTLED: dict[int | str, dict] = {
    429: {"description": "Too many failed log-ins: wait the seconds in Retry-After (auth.throttled, auth.locked)"}
}


def _token(runtime: Runtime, principal: Principal) -> TokenOut:
    s: Settings = runtime.settings  # type: ignore[assignment]
    ttl = s.jwt_ttl_seconds or 3600
    token = issue_token(principal, s.token_keys, ttl, audience=s.token_audiences)
    return TokenOut(access_token=token, expires_in=ttl, role=principal.role.value)


@router.post(
    "/auth/register",
    status_code=status.HTTP_201_CREATED,
    response_model=ProfileOut,
    summary="Register as an applicant (student or faculty)",
)
async def register(
    body: RegisterIn, request: Request, key: IdempotencyKey, session: Transaction, runtime: Runtime, passwords: Hasher
):
    """An address that already has an account is answered exactly alike (nothing is stored;
    its owner is told by e-mail)."""
    check_policy(body.password, email=str(body.email), name=body.name)
    registration = accounts.Registration(
        email=body.email,
        password_hash=await passwords.hash(body.password),
        name=body.name,
        applicant_type=body.applicant_type,
        nationality=body.nationality,
        home_institution=body.home_institution,
        date_of_birth=body.date_of_birth,
        preferred_language=body.preferred_language,
        passport_name=body.passport_name or None,
    )

    async def produce():
        s: Settings = runtime.settings
        confirming = accounts.Confirming(s.email_verify_prefix, s.email_change_ttl_seconds)
        account, applicant = await accounts.register(
            session, infra, registration, source=runtime.source, confirming=confirming if s.email_verification else None
        )
        return ProfileOut.of(account, applicant)

    return await run_idempotent(
        request,
        session,
        infra,
        principal=accounts.ANONYMOUS,
        key=key,
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


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _grant(request: Request, grant_type: Grant | None, username: str | None) -> Grant:
    """The grant asked for. A body of another type (JSON) reads as an empty form: say so, not
    that a field of the form is missing. Without grant_type a login with a username is a
    password grant (as the portal and OAuth2 password-flow clients send it)."""
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind and kind not in FORMS:
        raise Unsupported(
            "auth.form_required",
            f"the body must be form-encoded (application/x-www-form-urlencoded), not {kind}",
            "body",
        )
    if grant_type is not None:
        return grant_type
    if username:
        return "password"
    raise Invalid(
        "value.missing",
        "grant_type is missing: client_credentials (with client_id and client_secret) or password",
        "grant_type",
    )


def _required(value: str | None, field: str, grant: str) -> str:
    if not value:
        raise Invalid("value.missing", f"required with grant_type={grant}", field)
    return value


@router.post(
    "/auth/token",
    response_model=TokenOut,
    responses={
        **THROTTLED,
        400: {"description": "RFC 6749's refusals (error: invalid_request, invalid_grant, unsupported_grant_type)"},
        401: {"description": "A client's credentials are wrong or revoked (error: invalid_client)"},
    },
    summary="Get a token: log in (OAuth2 password flow) or, for partner systems, client credentials",
)
async def token(
    request: Request,
    response: Response,
    runtime: Runtime,
    passwords: Hasher,
    policy: ThrottlePolicy,
    devices: KnownDevices,
    address: ClientAddress,
    grant_type: Annotated[
        Grant | None,
        Form(description="password (people; the default with a username) or client_credentials (partner systems)"),
    ] = None,
    username: Annotated[
        str | None,
        Form(min_length=1, max_length=320, pattern=r"^[^\x00-\x1f\x7f]+$", description="the account's e-mail"),
    ] = None,
    password: Annotated[str | None, Form(min_length=1, max_length=128, pattern=r"^[^\x00]+$")] = None,
    client_id: Annotated[str | None, Form(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None,
    client_secret: Annotated[str | None, Form(min_length=1, max_length=128, pattern=r"^[^\x00]+$")] = None,
    device_token: Annotated[
        str | None,
        Form(
            max_length=2000,
            description="the device_token of this client's last log-in to the account, if it has one "
            "(the account's lock does not refuse it; anything else here is ignored)",
        ),
    ] = None,
) -> TokenOut:
    """Form-encoded (``application/x-www-form-urlencoded``) as OAuth2 has it: another body is
    refused (415 auth.form_required), a form without grant_type or username too (400 on
    grant_type)."""
    grant_type = _grant(request, grant_type, username)
    response.headers["Cache-Control"] = "no-store"  # a token is never kept by a cache (RFC 6749 5.1)
    response.headers["Pragma"] = "no-cache"
    if grant_type == "client_credentials":
        basic = _basic_credentials(request)
        if basic is not None:
            client_id, client_secret = basic
        principal = await clients.authenticate_throttled(
            runtime.db,
            passwords,
            policy,
            _required(client_id, "client_id", grant_type),
            _required(client_secret, "client_secret", grant_type),
            address,
        )
    else:
        email = _required(username, "username", grant_type)
        principal = await accounts.log_in(
            runtime.db,
            infra,
            passwords,
            policy,
            email,
            _required(password, "password", grant_type),
            address,
            device=devices.known(device_token, email),
            source=runtime.source,
        )
        return _token(runtime, principal).model_copy(update={"device_token": devices.mint(email)})
    return _token(runtime, principal)


@router.post(
    "/auth/token/renew",
    response_model=TokenOut,
    summary="A new token for a person's valid one, up to the session's limit from the log-in",
    responses={401: {"description": "no valid token, or its log-in is older than the limit (auth.renewal_too_late)"}},
)
async def renew_token(caller: PersonCaller, request: Request, response: Response, runtime: Runtime) -> TokenOut:
    """A person's session outlived its hour-long token however active they were (the portal
    logged them out mid-work). A token that still stands (not expired, not revoked: a log-out, a
    new password or a scope change ends it) is exchanged for a new one with the same claims, until
    ``APPLICATIONS_SESSION_MAX_SECONDS`` after the log-in: then the person logs in again."""
    s: Settings = runtime.settings  # type: ignore[assignment]
    token = bearer_token(request.headers.get("authorization")) or ""
    logged_in = auth_time_of(token)
    now = utcnow().timestamp()
    if logged_in is None or now - logged_in > s.session_max_seconds:
        raise Unauthenticated("auth.renewal_too_late", "the log-in is too old to renew: log in again", "authorization")
    response.headers["Cache-Control"] = "no-store"
    ttl = s.jwt_ttl_seconds or 3600
    renewed = issue_token(caller, s.token_keys, ttl, audience=s.token_audiences, auth_time=logged_in)
    return TokenOut(access_token=renewed, expires_in=ttl, role=caller.role.value)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Log out: my tokens stop working")
async def logout(caller: PersonCaller, session: Transaction, runtime: Runtime, gate: Gate) -> None:
    await accounts.log_out(session, infra, caller.sub, source=runtime.source)
    gate.forget(caller.sub)  # this instance sees it at once, others within their cache time


@router.post(
    "/me/password",
    response_model=TokenOut,
    responses=THROTTLED,
    summary="Change my password (the current one first); earlier tokens stop working, here is a new one",
)
async def change_password(
    body: PasswordChangeIn,
    caller: PersonCaller,
    runtime: Runtime,
    passwords: Hasher,
    policy: ThrottlePolicy,
    gate: Gate,
) -> TokenOut:
    account = await accounts.change_password(
        runtime.db,
        infra,
        passwords,
        policy,
        caller.sub,
        body.current_password,
        body.new_password,
        source=runtime.source,
    )
    gate.forget(caller.sub)
    return _token(runtime, accounts.principal_of(account))


@router.post(
    "/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AcceptedOut,
    summary="Ask for a password-reset link by e-mail (answered alike whether or not the address has an account)",
)
async def request_password_reset(body: PasswordResetIn, session: Transaction, runtime: Runtime) -> AcceptedOut:
    s: Settings = runtime.settings  # type: ignore[assignment]
    await accounts.request_password_reset(
        session,
        infra,
        str(body.email),
        link_prefix=s.password_reset_url,
        ttl_seconds=s.password_reset_ttl_seconds,
        source=runtime.source,
    )
    return AcceptedOut(detail="if this address has an account, a reset link is on its way")


@router.post(
    "/auth/password-reset/check",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Whether a reset link's token still works (422 password_reset.invalid if not); does not use it",
)
async def check_password_reset(body: PasswordResetCheckIn, session: DbSession) -> None:
    await accounts.usable_reset(session, body.token)


@router.post(
    "/auth/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with the link's token (once, before it expires)",
)
async def confirm_password_reset(
    body: PasswordResetConfirmIn, session: Transaction, runtime: Runtime, passwords: Hasher, gate: Gate
) -> None:
    account = await accounts.confirm_password_reset(
        session, infra, passwords, body.token, body.new_password, source=runtime.source
    )
    gate.forget(account.id)


@router.post(
    "/me/close",
    response_model=AccountClosedOut,
    responses={
        **THROTTLED,
        409: {
            "description": "an application is still in progress: withdraw it, or decline the offer, first "
            "(account.applications_in_progress, with the applications)"
        },
    },
    summary="Close my account and erase my personal data (my password first; cannot be undone)",
    description="Refused while an application is neither a draft, withdrawn nor declined. Erased here at once: "
    "the contact, the profile, each application's statement, certificates, consent, documents, referees and "
    "letters, messages and reasons; drafts are withdrawn. The other services erase their copies (inbox, "
    "e-mails waiting, names) as soon as they read `applicant.erased`. Kept without personal data: each "
    "application's cycle, choices, grade, sending country and statuses (a cycle's figures stay true) and the "
    "audit journal's entries, which name the account by its id. The address is free to register again.",
)
async def close_account(
    body: AccountCloseIn,
    caller: ApplicantCaller,
    runtime: Runtime,
    passwords: Hasher,
    policy: ThrottlePolicy,
    gate: Gate,
    store: FileStorage,
) -> AccountClosedOut:
    erased = await erasure.close_own_account(
        runtime.db, infra, passwords, policy, store, caller.sub, body.password, source=runtime.source
    )
    gate.forget(caller.sub)
    return AccountClosedOut(
        detail="your account is closed and your personal data erased",
        erased_at=erased.erased_at,
        applications=len(erased.application_ids),
    )


@router.get("/me/account", response_model=AccountOut, summary="My account: any role's contact, language and scope")
async def my_account(caller: Caller, session: DbSession) -> AccountOut:
    return AccountOut.of(await accounts.account_of(session, caller.sub))


@router.patch(
    "/me/account",
    response_model=AccountOut,
    summary="Change my account's language for messages (a staff or partner account; an applicant's is PATCH /me)",
)
async def patch_my_account(
    body: MyAccountPatch, caller: PersonCaller, session: Transaction, runtime: Runtime
) -> AccountOut:
    if caller.role == Role.APPLICANT:
        raise Invalid(
            "account.applicant_profile", "an applicant changes the language on PATCH /me", "preferred_language"
        )
    changes = body.model_dump(exclude_unset=True)
    return AccountOut.of(
        await accounts.update_staff(session, infra, caller.sub, changes, source=runtime.source, by=caller)
    )


@router.get("/me", response_model=ProfileOut, summary="My profile")
async def me(caller: ApplicantCaller, session: DbSession) -> ProfileOut:
    account, applicant = await accounts.profile(session, caller.sub)
    return ProfileOut.of(account, applicant, await accounts.pending_email(session, caller.sub))


@router.patch(
    "/me",
    response_model=ProfileOut,
    responses=THROTTLED,
    summary="Change my contact details, language or how I apply (student or faculty); a new e-mail address needs "
    "my password and moves once the link sent to it is opened (pending_email until then)",
)
async def patch_me(
    body: ProfilePatch, caller: ApplicantCaller, runtime: Runtime, passwords: Hasher, policy: ThrottlePolicy
) -> ProfileOut:
    changes = body.model_dump(exclude_unset=True)
    current = changes.pop("current_password", None)
    if await accounts.email_changes(runtime.db, caller.sub, changes):  # a new address: the password first
        await accounts.check_current_password(runtime.db, passwords, policy, caller.sub, current or "")
    s: Settings = runtime.settings  # type: ignore[assignment]
    confirming = accounts.Confirming(s.email_change_prefix, s.email_change_ttl_seconds)
    async with runtime.db.session() as session, session.begin():
        account, applicant = await accounts.update_profile(
            session, infra, caller.sub, changes, source=runtime.source, confirming=confirming
        )
        pending = await accounts.pending_email(session, caller.sub)
    return ProfileOut.of(account, applicant, pending)


@router.post(
    "/auth/email-change/confirm",
    response_model=EmailConfirmedOut,
    summary="Confirm an e-mail address with the link sent to it (once, before it expires): a new address becomes "
    "the account's and the old address is told; the registration's link confirms the address the account has",
)
async def confirm_email_change(
    body: EmailChangeConfirmIn, session: Transaction, runtime: Runtime, gate: Gate
) -> EmailConfirmedOut:
    account, changed = await accounts.confirm_email_change(session, infra, body.token, source=runtime.source)
    gate.forget(account.id)
    if not changed:
        return EmailConfirmedOut(detail="the account's e-mail address is confirmed", changed=False)
    return EmailConfirmedOut(detail="the account's e-mail address is now the new one", changed=True)


@router.delete(
    "/me/email-change",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Take back a new e-mail address I asked for (its link ends); the address I have stays",
)
async def cancel_email_change(caller: ApplicantCaller, session: Transaction) -> Response:
    await accounts.cancel_email_change(session, caller.sub)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/me/email/verify",
    response_model=AcceptedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"description": "the address is confirmed already (account.email_verified)"}},
    summary="Send me a new link that confirms my e-mail address (a few an hour; an earlier link ends)",
)
async def send_verification(caller: ApplicantCaller, session: Transaction, runtime: Runtime) -> AcceptedOut:
    account = await session.get(Account, caller.sub, with_for_update=True)
    if account is None:
        raise NotFound("account.not_found", "no such account", "account_id")
    if account.email_verified_at is not None:
        raise Conflict("account.email_verified", "your e-mail address is confirmed already", "email")
    pending = await accounts.pending_email(session, account.id)
    if pending is not None:  # its link proves the new address and the account: not the old one again
        raise Conflict(
            "account.email_change_pending",
            f"open the link sent to {pending}: it confirms the new address and the account",
            "email",
            email=pending,
        )
    s: Settings = runtime.settings  # type: ignore[assignment]
    confirming = accounts.Confirming(s.email_verify_prefix, s.email_change_ttl_seconds)
    await accounts.ask_to_verify(session, infra, account, confirming, source=runtime.source)
    return AcceptedOut(detail=f"a link that confirms the address was sent to {account.email}")


@router.post(
    "/admin/accounts",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountOut,
    tags=["admin"],
    summary="Create an officer, partner, nominator, coordinator or admin account",
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
    check_policy(body.password, email=str(body.email), name=body.name)
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
            countries=body.countries,
            preferred_language=body.preferred_language,
            source=runtime.source,
            by=caller,
        )
        return AccountOut.of(account)

    return await run_idempotent(
        request,
        session,
        infra,
        principal=caller.sub,
        key=key,
        status_code=201,
        produce=produce,
    )


@router.get("/admin/accounts", response_model=Page[AccountOut], tags=["admin"], summary="Staff and applicant accounts")
async def list_accounts(
    caller: Admin,
    session: DbSession,
    paging: PageParams,
    role: Role | None = None,
    staff: Annotated[bool, Query(description="every role but applicants")] = False,
    q: Annotated[
        str | None, Query(max_length=200, description="the name or e-mail address contains it (any case)")
    ] = None,
    institution: Annotated[
        str | None, Query(max_length=64, description="whose scope names this institution (a partner, a coordinator)")
    ] = None,
) -> Page[AccountOut]:
    query = accounts.accounts_query(role, staff=staff, q=q, institution=institution)
    rows, total = await fetch_page(session, query, paging=paging)
    return Page.of([AccountOut.of(a) for a in rows], total, paging)


@router.get("/admin/accounts/{account_id}", response_model=AccountOut, tags=["admin"], summary="One account")
async def get_account(account_id: AccountId, caller: Admin, session: DbSession) -> AccountOut:
    return AccountOut.of(await accounts.account_of(session, account_id))


@router.patch(
    "/admin/accounts/{account_id}",
    response_model=AccountOut,
    tags=["admin"],
    summary="Change a staff, partner, nominator or coordinator account's contact, language or scope",
)
async def patch_staff(
    account_id: AccountId, body: StaffAccountPatch, caller: Admin, session: Transaction, runtime: Runtime, gate: Gate
) -> AccountOut:
    changes = body.model_dump(exclude_unset=True)
    account = await accounts.update_staff(session, infra, account_id, changes, source=runtime.source, by=caller)
    gate.forget(account_id)  # a changed scope revoked its tokens: this instance sees it at once
    return AccountOut.of(account)


@router.post(
    "/admin/accounts/{account_id}/disable",
    response_model=AccountOut,
    tags=["admin"],
    summary="Disable any account: no log-in, and every token of it is refused everywhere",
)
async def disable_account(
    account_id: AccountId, caller: Admin, session: Transaction, runtime: Runtime, gate: Gate
) -> AccountOut:
    account = await accounts.set_active(session, infra, account_id, False, by=caller.sub, source=runtime.source)
    gate.forget(account_id)
    return AccountOut.of(account)


@router.post(
    "/admin/accounts/{account_id}/email-verified",
    response_model=AccountOut,
    tags=["admin"],
    summary="Take an applicant's e-mail address as confirmed (the admissions office confirmed it otherwise, "
    "e.g. by telephone): the applicant may submit",
)
async def confirm_address(account_id: AccountId, caller: Admin, session: Transaction) -> AccountOut:
    account = await session.get(Account, account_id, with_for_update=True)
    if account is None:
        raise NotFound("account.not_found", f"no account {account_id}", "account_id")
    if account.role != Role.APPLICANT.value:  # staff accounts are made by an admin already
        raise Conflict("account.not_applicant", "only an applicant's address is confirmed", "account_id")
    if account.erased_at is not None:
        raise accounts.account_closed()
    if account.email_verified_at is None:
        account.email_verified_at = utcnow()
        log.info("admin %s took the address of applicant %s as confirmed", caller.sub, account_id)
    return AccountOut.of(account)


@router.post(
    "/admin/accounts/{account_id}/close",
    response_model=AccountOut,
    tags=["admin"],
    responses={
        409: {
            "description": "not an applicant's account (account.not_applicant), closed already (account.erased), or "
            "an application still in progress (account.applications_in_progress)"
        }
    },
    summary="Close an applicant's account and erase their personal data, on their written request (they cannot "
    "log in to do it themselves); as POST /me/close does, without their password",
)
async def close_account_for(
    account_id: AccountId, caller: Admin, runtime: Runtime, gate: Gate, store: FileStorage
) -> AccountOut:
    account, _erased = await erasure.erase_applicant(
        runtime.db, infra, store, account_id, by=caller, source=runtime.source
    )
    gate.forget(account_id)
    return AccountOut.of(account)


@router.post(
    "/admin/accounts/{account_id}/enable",
    response_model=AccountOut,
    tags=["admin"],
    summary="Enable a disabled account again (its tokens from before stay refused)",
)
async def enable_account(
    account_id: AccountId, caller: Admin, session: Transaction, runtime: Runtime, gate: Gate
) -> AccountOut:
    account = await accounts.set_active(session, infra, account_id, True, by=caller.sub, source=runtime.source)
    gate.forget(account_id)
    return AccountOut.of(account)
