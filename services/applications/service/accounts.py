"""Accounts: applicants register and keep their profile; staff accounts; logging in,
logging out, changing and resetting passwords, disabling accounts.

Every staff or partner account created or changed (the bootstrap admin too) is announced
as account.upserted in the same transaction, so other services know who to tell. Every
revocation (log-out, password change or reset, disable, enable) is announced as
account.tokens_revoked, so every service refuses the account's earlier tokens; the owner is
told each of these, a lock, a reset link and a registration with their address by
account.notice.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from sqlalchemy import Select, String, bindparam, cast, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.journal import Action
from services.applications.models import Account, Applicant, Application, EmailChange, PartnerClient, PasswordReset
from services.applications.service import journal, throttle
from services.applications.service.passwords import Passwords, check_policy
from shared.clock import aware, aware_or_none, utcnow
from shared.db import Database
from shared.errors import Conflict, Invalid, NotFound, TooManyRequests, Unauthenticated, token_revoked
from shared.events.catalog import (
    WITHDRAWABLE,
    AccountNotice,
    AccountNoticeKind,
    AccountUpserted,
    ApplicantRegistered,
    ApplicantUpdated,
    ApplicationStatus,
    TokensRevoked,
)
from shared.outbox import add_event
from shared.principal import Principal, Role
from shared.revocation import client_key
from shared.tables import InfraTables

NoticeKind = AccountNoticeKind
RevokeWhy = Literal[
    "logout", "password_changed", "password_reset", "disabled", "enabled", "locked", "scope_changed", "client_revoked"
]


# Whose request a registration is, for its stored answer (shared.idempotency): no account yet.
ANONYMOUS = "anonymous"


def account_closed() -> Conflict:
    """409 account.erased: its owner closed the account; nothing of it is left to enable,
    confirm or close again (service/erasure.py)."""
    return Conflict("account.erased", "this account was closed and its personal data erased", "account_id")


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
        passport_name=applicant.passport_name,
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
    passport_name: str | None = None


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
    session: AsyncSession, tables: InfraTables, r: Registration, *, source: str, confirming: Confirming | None = None
) -> tuple[Account, Applicant]:
    """A new applicant account and profile, announced as applicant.registered. With
    ``confirming``, a link that proves the address is sent to it (the account submits once it
    is opened); without, the address counts as confirmed."""
    account = Account(
        id=str(uuid.uuid4()),
        email=r.email.lower(),
        password_hash=r.password_hash,
        role=Role.APPLICANT.value,
        name=r.name,
        preferred_language=r.preferred_language,  # the account's, as every account's (admins list it)
    )
    if confirming is None:  # set before the address is known to be free: both answers alike
        account.email_verified_at = account.created_at
    applicant = Applicant(
        id=account.id,
        applicant_type=r.applicant_type,
        nationality=r.nationality,
        home_institution=r.home_institution,
        date_of_birth=r.date_of_birth,
        preferred_language=r.preferred_language,
    )
    applicant.name_passport(r.passport_name)
    try:
        await _add_account(session, account, applicant)
    except Conflict:
        # Answer exactly as a new registration would (nothing tells whether the address has an
        # account); the address's owner is told by e-mail instead. Nothing is stored.
        owner = await session.scalar(select(Account).where(Account.email == account.email))
        if owner is not None and await throttle.may_notify(session, "registration_attempt", owner.id, utcnow()):
            await notify(session, tables, owner, "registration_attempt", source=source)
        return account, applicant
    await add_event(session, tables, _contact(ApplicantRegistered, account, applicant), source=source)
    if confirming is not None:
        await ask_to_verify(session, tables, account, confirming, source=source)
    return account, applicant


async def ask_to_verify(
    session: AsyncSession, tables: InfraTables, account: Account, confirming: Confirming, *, source: str
) -> None:
    """A link that proves the account's own address, sent to it (``email_verify``); an earlier
    one of its own ends (a new address's link stays: it proves that address instead). A few an
    hour at most: asked again too soon, 429 and the earlier link still works (it had been ended
    first, and the applicant was told of a link that never went)."""
    now = utcnow()
    if not await throttle.may_notify(session, "email_verify", account.id, now):
        raise TooManyRequests(
            "account.email_verify_throttled",
            "a link was sent several times this hour: use the latest",
            retry_after=3600,
        )
    await _end_email_links(session, account.id, now, to=account.email)
    notice = _email_link(session, account, account.email, "email_verify", confirming, now)
    await add_event(session, tables, notice, source=source)


def principal_of(account: Account) -> Principal:
    return Principal(
        sub=account.id,
        role=Role(account.role),
        name=account.name,
        schemes=list(account.schemes),
        institutions=list(account.institutions),
        countries=list(account.countries),
    )


def bad_credentials() -> Unauthenticated:
    return Unauthenticated("auth.bad_credentials", "incorrect e-mail or password", "username")


async def authenticate(session: AsyncSession, passwords: Passwords, email: str, password: str) -> Principal:
    """Who holds these credentials; a wrong e-mail costs as much as a wrong password."""
    account = await session.scalar(select(Account).where(Account.email == email.strip().lower()))
    ok = await passwords.verify(account.password_hash if account else None, password)
    if not ok or account is None:
        raise bad_credentials()
    if not account.active:
        raise Unauthenticated("auth.account_disabled", "this account is disabled", "username")
    return principal_of(account)


async def log_in(
    db: Database,
    tables: InfraTables,
    passwords: Passwords,
    policy: throttle.Policy,
    email: str,
    password: str,
    address: str,
    *,
    device: str | None = None,
    source: str,
) -> Principal:
    """``authenticate`` behind the throttle: while the account or the client address waits out
    a delay or a lock, the password is not even checked (429); a failure is counted (and may
    lock the account, whose owner is told); a success clears the account's failures.

    ``device``: the id of the client's proof of an earlier log-in to this account
    (``device_tokens``). Its failures are counted under it instead of the account: the
    account's lock does not refuse it, and its own lock refuses it alone (no e-mail: a client
    that logged in before is most likely the owner's, a password forgotten)."""
    now = utcnow()
    own = throttle.device_key(email, device) if device else throttle.account_key(email)
    # A known client is not counted under its address either: strangers behind the same address
    # (a campus, a dormitory) had held up the owner's own browser there with their failures.
    counted = [(own, policy.free_per_account, True)]
    if not device:
        counted.append((throttle.address_key(address), policy.free_per_address, False))
    async with db.session() as session, session.begin():
        locked, before = await throttle.reserve(session, counted, policy, now)
    try:
        async with db.session() as session:
            principal = await authenticate(session, passwords, email, password)
    except Unauthenticated as refused:
        async with db.session() as session, session.begin():
            if refused.code != "auth.bad_credentials":  # a disabled account: not a guess
                await throttle.give_back_all(session, counted, before, now, policy)
            elif locked and not device:
                account = await session.scalar(select(Account).where(Account.email == email.strip().lower()))
                if account is not None:
                    until = now + timedelta(seconds=policy.lock_seconds)
                    await notify(session, tables, account, "locked", expires_at=until, source=source)
        if locked and refused.code == "auth.bad_credentials":
            # the failure that locked it says so (it had said "wrong password", and the lock came
            # as news at the next try, the right password perhaps); an address with no account
            # is answered alike
            throttle.refuse_locked(policy.lock_seconds, device=bool(device))
        raise
    except BaseException:  # no answer to give (the database, a client gone mid-hash): not a guess either
        await asyncio.shield(throttle.given_back(db, counted, before, now, policy))
        raise
    async with db.session() as session, session.begin():
        await throttle.forget(session, own)
        await throttle.give_back_all(session, counted[1:], before, now, policy)
    return principal


async def notify(
    session: AsyncSession,
    tables: InfraTables,
    account: Account,
    kind: NoticeKind,
    *,
    link: str | None = None,
    expires_at: datetime | None = None,
    email_change_ended: bool = False,
    source: str,
) -> None:
    """account.notice: the owner is e-mailed about ``kind`` in their language."""
    notice = AccountNotice(
        account_id=account.id,
        email=account.email,
        name=account.name,
        preferred_language=account.preferred_language,
        kind=kind,
        link=link,
        expires_at=expires_at,
        email_change_ended=email_change_ended,
    )
    await add_event(session, tables, notice, source=source)


async def revoke_tokens(
    session: AsyncSession, tables: InfraTables, account: Account, why: RevokeWhy, *, source: str
) -> datetime:
    """Every token of the account issued until now stops working, in every service
    (account.tokens_revoked). Returns the moment from which tokens count again."""
    now = utcnow()
    account.tokens_not_before = now
    await session.flush()
    revoked = TokensRevoked(account_id=account.id, not_before=now, active=account.active, why=why)
    await add_event(session, tables, revoked, source=source)
    return now


async def account_names(session: AsyncSession, ids: Iterable[str | None]) -> dict[str, str]:
    """The names of these accounts (a reviewer's, a paper's issuer's), by account id."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = await session.execute(select(Account.id, Account.name).where(Account.id.in_(wanted)))
    return {r.id: r.name for r in rows}


async def account_of(session: AsyncSession, account_id: str, *, lock: bool = False) -> Account:
    """Any role's account (404 when there is none)."""
    query = select(Account).where(Account.id == account_id)
    if lock:
        query = query.with_for_update()
    account = await session.scalar(query)
    if account is None:
        raise NotFound("account.not_found", f"no account {account_id}", "account_id")
    return account


async def log_out(session: AsyncSession, tables: InfraTables, account_id: str, *, source: str) -> None:
    """The caller's tokens (this one and every earlier one) stop working everywhere."""
    account = await account_of(session, account_id, lock=True)
    await revoke_tokens(session, tables, account, "logout", source=source)


async def change_password(
    db: Database,
    tables: InfraTables,
    passwords: Passwords,
    policy: throttle.Policy,
    account_id: str,
    current: str,
    new: str,
    *,
    source: str,
) -> Account:
    """Self-service: the current password, then a new one the policy allows; earlier tokens
    are revoked and the owner is told. A wrong current password counts as a failed log-in.
    No transaction is held open while passwords are hashed."""
    account = await check_current_password(db, passwords, policy, account_id, current)
    if new == current:
        raise Invalid("password.unchanged", "the new password is the current one", "new_password")
    _check_new(new, account)
    password_hash = await passwords.hash(new)
    async with db.session() as session, session.begin():
        account = await account_of(session, account_id, lock=True)
        account.password_hash = password_hash
        await _end_reset_links(session, account.id, utcnow())
        # a new address asked with the old password ends too; the e-mail says so
        ended = await cancel_email_change(session, account.id)
        await revoke_tokens(session, tables, account, "password_changed", source=source)
        await notify(session, tables, account, "password_changed", source=source, email_change_ended=ended)
    return account


async def check_current_password(
    db: Database,
    passwords: Passwords,
    policy: throttle.Policy,
    account_id: str,
    current: str,
    *,
    field: str = "current_password",
) -> Account:
    """The account's own password, asked again before a change that hands the account to
    whoever makes it (a new password, a new e-mail address): a session left open on a shared
    computer is not enough. Wrong ones are throttled as failed log-ins are, never locking, and
    counted apart from them: a stranger's lock does not stop the owner changing a password."""
    now = utcnow()
    if not current:
        raise Invalid("password.current_missing", "enter your current password", field)
    async with db.session() as session, session.begin():
        account = await account_of(session, account_id)
        key = throttle.holder_key(account.id)
        _, before = await throttle.reserve(session, [(key, policy.free_per_account, False)], policy, now)
    try:
        right = await passwords.verify(account.password_hash, current)
    except BaseException:
        right = True  # no answer: not a wrong password, its count goes back (below, then raised)
        raise
    finally:
        if right:
            async with db.session() as session, session.begin():
                give = throttle.give_back(session, key, before[key], now, policy, policy.free_per_account)
                await asyncio.shield(give)
    if not right:
        raise Invalid("password.incorrect", "the current password is not correct", field)
    return account


async def email_changes(db: Database, account_id: str, changes: Mapping[str, Any]) -> bool:
    """Whether ``changes`` gives the account another e-mail address (the same one sent again,
    whatever its case, is no change)."""
    if changes.get("email") is None:
        return False
    async with db.session() as session:
        account = await account_of(session, account_id)
    return str(changes["email"]).lower() != account.email


def _check_new(password: str, account: Account) -> None:
    try:
        check_policy(password, email=account.email, name=account.name)
    except Invalid as refused:
        # said of the form's field, with the refusal's parameters (the part of the name found):
        # without them the portal could not word it and showed the service's English
        raise Invalid(refused.code, refused.reason, "new_password", **refused.context) from None


async def set_active(
    session: AsyncSession, tables: InfraTables, account_id: str, active: bool, *, by: str, source: str
) -> Account:
    """An admin disables (no log-in, every token refused) or enables any account; the owner is told."""
    if account_id == by and not active:
        raise Conflict("account.self_disable", "an admin cannot disable their own account", "account_id")
    account = await account_of(session, account_id, lock=True)
    if account.erased_at is not None:
        raise account_closed()
    if account.active == active:  # asked again (a retry, a second click): nothing to end, nobody to tell
        return account
    before = _scope(account)
    account.active = active
    _journal(session, by, Action.ACCOUNT_ENABLED if active else Action.ACCOUNT_DISABLED, account, before)
    await revoke_tokens(session, tables, account, "enabled" if active else "disabled", source=source)
    await notify(session, tables, account, "enabled" if active else "disabled", source=source)
    if account.role in STAFF_ROLES:  # the others stop what it may no longer do (its webhooks, its e-mails)
        await announce(session, tables, account, source=source)
    return account


def language_link(prefix: str, token: str, language: str | None) -> str:
    """The link an e-mail carries: the token after the configured prefix, and the account's
    language, so that the page it opens speaks the e-mail's language in a browser that has not
    chosen one (the portal reads ``lang``; another page may ignore it)."""
    link = f"{prefix}{token}"
    if not language:
        return link
    return f"{link}{'&' if urlsplit(link).query else '?'}{urlencode({'lang': language})}"


def _reset_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def request_password_reset(
    session: AsyncSession, tables: InfraTables, email: str, *, link_prefix: str, ttl_seconds: int, source: str
) -> None:
    """A single-use link, valid ``ttl_seconds``, e-mailed to the account's owner; nothing
    happens (and nothing tells) when the address has no active account."""
    account = await session.scalar(select(Account).where(Account.email == email.strip().lower()))
    if account is None or not account.active:
        return
    if not await throttle.may_notify(session, "password_reset", account.id, utcnow()):
        return  # links already sent this hour still work; a flood of requests is not a flood of mail
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(seconds=ttl_seconds)
    session.add(PasswordReset(token_hash=_reset_hash(token), account_id=account.id, expires_at=expires_at))
    link = language_link(link_prefix, token, account.preferred_language)
    await notify(session, tables, account, "password_reset", link=link, expires_at=expires_at, source=source)


def _usable(reset: PasswordReset | None, account: Account | None, now: datetime) -> tuple[PasswordReset, Account]:
    """The link and its account when the link still works; refused otherwise."""
    if (
        reset is None
        or reset.used_at is not None
        or aware(reset.expires_at) <= now
        or account is None
        or not account.active
    ):
        raise Invalid("password_reset.invalid", "this link is unknown, used or expired: ask for a new one", "token")
    return reset, account


async def usable_reset(session: AsyncSession, token: str) -> Account:
    """The account a reset link's token still works for (unknown, used, expired or for an
    inactive account: refused). Reads only: the link stays usable."""
    reset = await session.get(PasswordReset, _reset_hash(token))
    account = await session.get(Account, reset.account_id) if reset else None
    return _usable(reset, account, utcnow())[1]


async def _end_reset_links(session: AsyncSession, account_id: str, now: datetime) -> None:
    """The account's reset links still unused stop working: after a reset, a password change
    or an e-mail change. A link went to the address the account had; that address is often
    why the password or the address changed, and its holder would take the account back."""
    await session.execute(
        update(PasswordReset)
        .where(PasswordReset.account_id == account_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )


async def confirm_password_reset(
    session: AsyncSession, tables: InfraTables, passwords: Passwords, token: str, new: str, *, source: str
) -> Account:
    """Set the new password with a reset link's token: once, before it expires. Earlier tokens
    are revoked, the account's failed log-ins forgotten and the owner told."""
    now = utcnow()
    reset = await session.get(PasswordReset, _reset_hash(token), with_for_update=True)
    reset, account = _usable(reset, await session.get(Account, reset.account_id) if reset else None, now)
    _check_new(new, account)
    reset.used_at = now
    await _end_reset_links(session, account.id, now)  # every other link of the account too
    # and a new address asked for with the old password: whoever knew it loses the account with it
    ended = await cancel_email_change(session, account.id)
    account.password_hash = await passwords.hash(new)
    await revoke_tokens(session, tables, account, "password_reset", source=source)
    await throttle.forget_account(session, account.email)
    await notify(session, tables, account, "password_changed", source=source, email_change_ended=ended)
    return account


_ACCOUNT_STATE = select(Account.active, Account.tokens_not_before).where(Account.id == bindparam("id"))
# A machine client's own word on its tokens: revoked (none stands), or rotated (those got before)
_CLIENT_STATE = select(PartnerClient.revoked_at, PartnerClient.rotated_at).where(PartnerClient.id == bindparam("id"))


class AccountGate:
    """The applications service's check of a token's subject: the account exists, is active
    and the token was issued after its last revocation (cached ``cache_seconds`` per account)."""

    def __init__(self, db: Database, cache_seconds: float = 2.0, max_entries: int = 50_000):
        self._ttl, self._max = cache_seconds, max_entries
        self._cache: dict[str, tuple[float, tuple[bool, datetime | None] | None]] = {}
        # PostgreSQL: the one read in autocommit, without the transaction SQLAlchemy would begin
        # for it and roll back at the checkin (two round trips per request); a failure is still
        # SQLAlchemy's (a lost connection invalidated, a 503)
        self._reads = (
            db.engine.execution_options(isolation_level="AUTOCOMMIT") if db.dialect == "postgresql" else db.engine
        )

    async def _load(self, account_id: str) -> tuple[bool, datetime | None] | None:
        async with self._reads.connect() as conn:  # a read of two columns: no ORM session
            row = (await conn.execute(_ACCOUNT_STATE, {"id": account_id})).first()
        return None if row is None else (bool(row.active), aware_or_none(row.tokens_not_before))

    async def _load_client(self, client_id: str) -> tuple[bool, datetime | None] | None:
        async with self._reads.connect() as conn:
            row = (await conn.execute(_CLIENT_STATE, {"id": client_id})).first()
        return None if row is None else (row.revoked_at is None, aware_or_none(row.rotated_at))

    async def _state(self, key: str, load) -> tuple[bool, datetime | None] | None:
        now = time.monotonic()
        cached = self._cache.get(key)
        if cached is None or cached[0] <= now:
            if len(self._cache) >= self._max:
                self._cache.clear()
            cached = (now + self._ttl, await load())
            self._cache[key] = cached
        return cached[1]

    async def check(self, principal: Principal, issued_at: datetime) -> None:
        state = await self._state(principal.sub, lambda: self._load(principal.sub))
        if state is None:
            raise Unauthenticated("auth.unknown_account", "the token's account does not exist", "authorization")
        active, not_before = state
        if not active or (not_before is not None and issued_at < not_before):
            raise token_revoked(principal.client_id is not None)
        client = principal.client_id
        if client is not None:  # a machine client's token: also its client's word
            key = client_key(client)
            state = await self._state(key, lambda: self._load_client(client))
            if state is None or not state[0] or (state[1] is not None and issued_at < state[1]):
                raise token_revoked(True)

    def forget(self, account_id: str) -> None:
        """Drop the cached state (this instance has just changed it)."""
        self._cache.pop(account_id, None)


async def profile(session: AsyncSession, applicant_id: str, *, to_change: bool = False) -> tuple[Account, Applicant]:
    """The applicant's account and profile. ``to_change``: for a write that adds to them (a
    profile change, a new draft): the account's row is held (shared) to the commit, so a
    closing (service/erasure.py, which holds it exclusively) either comes after this write and
    erases it too, or before, and this write is refused: a request that passed the token check
    while the account was being closed put the name back."""
    if to_change:
        account = await session.get(Account, applicant_id, with_for_update={"read": True}, populate_existing=True)
    else:
        account = await session.get(Account, applicant_id)
    applicant = await session.get(Applicant, applicant_id)
    if account is None or applicant is None:
        raise NotFound("applicant.not_found", "no such applicant", "sub")
    if to_change and account.erased_at is not None:  # its tokens are revoked: said as a revoked token is
        raise token_revoked(machine=False)
    return account, applicant


async def _move_email(session: AsyncSession, tables: InfraTables, account: Account, new: str, *, source: str) -> None:
    """The account's address becomes ``new`` (unless it is the same in another case); the
    address it had is told, whoever made the change (the owner, an admin, or someone with their
    session or token): a password reset would go to the new address from now on."""
    email = new.lower()
    if email == account.email:
        return
    if await _email_taken(session, email, except_id=account.id):
        raise email_taken()
    await notify(session, tables, account, "email_changed", source=source)
    await _end_reset_links(session, account.id, utcnow())
    account.email = email


@dataclass(frozen=True)
class Confirming:
    """Where the link that confirms a new address points (the token is appended) and how long it works."""

    link_prefix: str
    ttl_seconds: int


async def _ask_to_confirm(
    session: AsyncSession, tables: InfraTables, account: Account, new: str, confirming: Confirming, *, source: str
) -> None:
    """A new address moves only once its mailbox opens the link sent to it: typed wrong, or
    someone else's, it would take the account's password resets. Any earlier link of the
    account ends. An address another account has gets no link, and the answer is the same:
    whether an address has an account is not told."""
    email = new.lower()
    if email == account.email:
        return
    now = utcnow()
    await _end_email_links(session, account.id, now)
    # the address the account has hears of it at once, whoever asked: the owner can end it
    # before the link is opened (someone with the password would otherwise take the account's
    # password resets unseen; the owner was told only once it was done)
    if await throttle.may_notify(session, "email_change_requested", account.id, now):
        await notify(session, tables, account, "email_change_requested", source=source)
    # kept either way, so that the answer (pending_email) is the same; a taken address's link
    # is never sent, so it is never opened
    notice = _email_link(session, account, email, "email_confirm", confirming, now)  # the new mailbox
    if await _email_taken(session, email, except_id=account.id):
        return
    if not await throttle.may_notify(session, "email_confirm", account.id, now):
        return  # a link to any address it names, a few an hour: not a way to mail strangers
    await add_event(session, tables, notice, source=source)


def _email_link(
    session: AsyncSession, account: Account, email: str, kind: NoticeKind, confirming: Confirming, now: datetime
) -> AccountNotice:
    """A new link that proves ``email`` (only a hash of its token is kept), and the notice
    that sends it there, not yet added."""
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(seconds=confirming.ttl_seconds)
    session.add(
        EmailChange(token_hash=_reset_hash(token), account_id=account.id, new_email=email, expires_at=expires_at)
    )
    return AccountNotice(
        account_id=account.id,
        email=email,
        name=account.name,
        preferred_language=account.preferred_language,
        kind=kind,
        link=language_link(confirming.link_prefix, token, account.preferred_language),
        expires_at=expires_at,
    )


async def cancel_email_change(session: AsyncSession, account_id: str) -> bool:
    """The applicant takes back a new address asked for (mistyped, or someone else's): its link
    ends, and the address the account has is the one to confirm again. True if one was ended."""
    current = select(Account.email).where(Account.id == account_id).scalar_subquery()
    ended = await session.execute(
        update(EmailChange)
        .where(EmailChange.account_id == account_id, EmailChange.used_at.is_(None), EmailChange.new_email != current)
        .values(used_at=utcnow())
    )
    return bool(getattr(ended, "rowcount", 0))


async def _end_email_links(session: AsyncSession, account_id: str, now: datetime, *, to: str | None = None) -> None:
    """End the account's unused links (``to``: only those sent to that address)."""
    where = [EmailChange.account_id == account_id, EmailChange.used_at.is_(None)]
    if to is not None:
        where.append(EmailChange.new_email == to)
    await session.execute(update(EmailChange).where(*where).values(used_at=now))


async def pending_email(session: AsyncSession, account_id: str) -> str | None:
    """The new address waiting for its link, if one is (the latest, still usable; a link that
    proves the address the account has is no new address)."""
    current = select(Account.email).where(Account.id == account_id).scalar_subquery()
    return await session.scalar(
        select(EmailChange.new_email)
        .where(
            EmailChange.account_id == account_id,
            EmailChange.used_at.is_(None),
            EmailChange.expires_at > utcnow(),
            EmailChange.new_email != current,
        )
        .order_by(EmailChange.created_at.desc())
        .limit(1)
    )


async def confirm_email_change(
    session: AsyncSession, tables: InfraTables, token: str, *, source: str
) -> tuple[Account, bool]:
    """The link sent to an address was opened (once, before it expires): the address is
    confirmed. A new address becomes the account's; the address it had is told and its reset
    links end (``_move_email``). (the account, whether its address changed). 409
    ``account.email_taken`` when another account took a new address meanwhile."""
    change = await session.get(EmailChange, _reset_hash(token), with_for_update=True)
    now = utcnow()
    account = await session.get(Account, change.account_id, with_for_update=True) if change else None
    if change is not None and account is not None and _confirmed_by(change, account):
        # opened again (the e-mail's link clicked twice, or later from another device): the
        # address it confirmed stands confirmed; "unknown, used or expired" had sent the person
        # to ask for a new link for an address already confirmed
        return account, False
    if change is None or change.used_at is not None or aware(change.expires_at) <= now or account is None:
        raise Invalid(
            "email_change.invalid", "this link is unknown, used or expired: change the address again", "token"
        )
    if not account.active:
        raise Invalid(
            "email_change.invalid", "this link is unknown, used or expired: change the address again", "token"
        )
    change.used_at = now
    account.email_verified_at = now
    if change.new_email == account.email:  # the registration's link: the address it has, proven
        return account, False
    await _move_email(session, tables, account, change.new_email, source=source)
    try:
        await session.flush()
    except IntegrityError:  # the address was taken meanwhile
        raise email_taken() from None
    applicant = await session.get(Applicant, account.id)
    if applicant is not None:
        await add_event(session, tables, _contact(ApplicantUpdated, account, applicant), source=source)
    return account, True


def _confirmed_by(change: EmailChange, account: Account) -> bool:
    """The used link confirmed the address the account has now, and it is still confirmed."""
    return (
        change.used_at is not None
        and account.active
        and account.email_verified_at is not None
        and account.email == change.new_email
    )


async def update_profile(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    changes: Mapping[str, Any],
    *,
    source: str,
    confirming: Confirming | None = None,
) -> tuple[Account, Applicant]:
    """Change contact details, language, the passport name or how they apply (``changes``: only
    what the applicant sent); announced as applicant.updated when anything but the passport
    name was sent. A new e-mail address waits for the link sent to it (``confirming``; without
    it, it moves at once)."""
    for name, value in changes.items():
        if value is None:
            raise Invalid("value.null", "must not be null", name)
    account, applicant = await profile(session, applicant_id, to_change=True)
    if "email" in changes:
        if confirming is not None:
            await _ask_to_confirm(session, tables, account, str(changes["email"]), confirming, source=source)
        else:
            await _move_email(session, tables, account, str(changes["email"]), source=source)
    if "name" in changes:
        account.name = changes["name"]
    if "home_institution" in changes:
        applicant.home_institution = changes["home_institution"]
    if "preferred_language" in changes:
        applicant.preferred_language = account.preferred_language = changes["preferred_language"]
    if "passport_name" in changes:  # a typo fixed at any time: it decides nothing, the host copies it
        applicant.name_passport(changes["passport_name"])  # "": cleared
    if "applicant_type" in changes and changes["applicant_type"] != applicant.applicant_type:
        await session.refresh(applicant, with_for_update=True)  # a draft made meanwhile waits, or is counted
        await _check_type_unused(session, applicant)
        applicant.applicant_type = changes["applicant_type"]
    facts = {k: changes[k] for k in FIXED_ONCE_SUBMITTED if k in changes and changes[k] != getattr(applicant, k)}
    if facts:
        await session.refresh(applicant, with_for_update=True)  # a submit meanwhile waits, or is counted
        await _check_nothing_submitted(session, applicant, next(iter(facts)))
        for name, value in facts.items():
            setattr(applicant, name, value)
        if "nationality" in facts:  # drafts are sent from the corrected country; their home institution was the other's
            await session.execute(
                update(Application)
                .where(Application.applicant_id == applicant.id, Application.status == ApplicationStatus.DRAFT)
                .values(sending_country=facts["nationality"], home_institution_id=None, updated_at=utcnow())
            )
    applicant.updated_at = utcnow()
    try:
        await session.flush()
    except IntegrityError:  # the e-mail was taken meanwhile
        raise email_taken() from None
    if changes:
        await add_event(session, tables, _contact(ApplicantUpdated, account, applicant), source=source)
    return account, applicant


# what decides eligibility and the country an applicant is sent from: mistyped at registration,
# corrected by the applicant until an application is submitted, then by the admissions office
FIXED_ONCE_SUBMITTED = ("nationality", "date_of_birth")


async def _check_nothing_submitted(session: AsyncSession, applicant: Applicant, field: str) -> None:
    """Drafts follow the corrected facts (their eligibility is read anew); an application
    submitted (and not withdrawn) was judged on the facts it had, so they stay."""
    sent = await session.scalar(
        select(func.count())
        .select_from(Application)
        .where(
            Application.applicant_id == applicant.id,
            Application.status.not_in((ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)),
        )
    )
    if sent:
        raise Conflict(
            "profile.facts_in_use",
            f"{sent} submitted application(s) were judged on it: the admissions office corrects it "
            "(say so in the messages of an application)",
            field,
            applications=sent,
        )


async def _check_type_unused(session: AsyncSession, applicant: Applicant) -> None:
    """How an applicant applies (student or faculty) decides which programmes they may
    choose: it changes only while none of their applications is live (one that can still be
    withdrawn, a draft included: its choices were made as the type it has). An answered
    offer's application is over and keeps the type it was made as."""
    live = await session.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.applicant_id == applicant.id, Application.status.in_(WITHDRAWABLE))
    )
    if live:
        raise Conflict(
            "profile.applicant_type_in_use",
            f"you have {live} application(s) as a {applicant.applicant_type}: withdraw them to apply otherwise",
            "applicant_type",
            applications=live,
        )


STAFF_ROLES = frozenset({Role.OFFICER, Role.REVIEWER, Role.ADMIN, Role.PARTNER, Role.NOMINATOR, Role.COORDINATOR})


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
            countries=list(account.countries),
            active=account.active,
        ),
        source=source,
    )
    account.announced_at = utcnow()


def _check_scope(role: Role, schemes: list[str], institutions: list[str], countries: list[str]) -> None:
    """The scope a role allows: partners act for one or more institutions; nominators for one
    or more sending countries and coordinators for one or more home institutions (each in
    some schemes, or in every scheme); admins everything."""
    if role == Role.NOMINATOR and not countries:
        raise Invalid(
            "account.nominator_countries", "a nominator nominates for at least one sending country", "countries"
        )
    if role == Role.NOMINATOR and institutions:
        raise Invalid(
            "account.nominator_institutions",
            "a nominator is scoped by scheme and sending country, not by institution",
            "institutions",
        )
    if role != Role.NOMINATOR and countries:
        raise Invalid("account.countries_for_nominators", "only a nominator is scoped by country", "countries")
    if role == Role.COORDINATOR and not institutions:
        raise Invalid(
            "account.coordinator_institutions",
            "a coordinator endorses for at least one home institution",
            "institutions",
        )
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
    countries: Sequence[str] = (),
    preferred_language: str = "en",
    source: str,
    by: Principal | str = "system",
) -> Account:
    """An officer, partner, nominator, coordinator or admin account, with the scope its role allows;
    announced, and journaled as ``by``'s (an admin's) act."""
    _check_scope(role, schemes, institutions, list(countries))
    account = Account(
        id=str(uuid.uuid4()),
        email=email.lower(),
        role=role.value,
        name=name,
        password_hash=password_hash,
        schemes=sorted(set(schemes)),
        institutions=sorted(set(institutions)),
        countries=sorted(set(countries)),
        preferred_language=preferred_language,
    )
    await _add_account(session, account)
    await announce(session, tables, account, source=source)
    _journal(session, by, Action.ACCOUNT_CREATED, account, None)
    return account


def _scope(account: Account) -> dict[str, Any]:
    return {
        "role": account.role,
        "email": account.email,
        "name": account.name,
        "schemes": list(account.schemes),
        "institutions": list(account.institutions),
        "countries": list(account.countries),
        "active": account.active,
    }


def _journal(
    session: AsyncSession, by: Principal | str, action: Action, account: Account, before: dict[str, Any] | None
) -> None:
    journal.record(session, by, action, subject=f"account:{account.id}", before=before, after=_scope(account))


STAFF_FIELDS = ("email", "name", "preferred_language", "schemes", "institutions", "countries")


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
    session: AsyncSession,
    tables: InfraTables,
    account_id: str,
    changes: Mapping[str, Any],
    *,
    source: str,
    by: Principal | str = "system",
) -> Account:
    """Change a staff or partner account's contact, language or scope (``changes``: only
    what was sent); announced when anything was sent."""
    for name, value in changes.items():
        if value is None:
            raise Invalid("value.null", "must not be null", name)
    account = await staff_account(session, account_id, lock=True)
    before = _scope(account)
    granted = (sorted(set(account.schemes)), sorted(set(account.institutions)), sorted(set(account.countries)))
    schemes = sorted(set(changes.get("schemes", account.schemes)))
    institutions = sorted(set(changes.get("institutions", account.institutions)))
    countries = sorted(set(changes.get("countries", account.countries)))
    _check_scope(Role(account.role), schemes, institutions, countries)
    officer_widens = (
        account.role in (Role.OFFICER, Role.REVIEWER) and (granted[0] or granted[1]) and not (schemes or institutions)
    )
    # a nominator's or coordinator's scope is its countries or institutions "in some schemes, or in
    # every scheme": taking its last scheme away widens it to every scheme
    scheme_widens = account.role in (Role.NOMINATOR, Role.COORDINATOR) and granted[0] and not schemes
    if officer_widens or scheme_widens:
        # an officer with neither sees every scheme (``shared.scope``): taking away the last
        # scheme or institution must not widen what the account sees
        raise Invalid(
            "account.scope_would_widen",
            "without its last scheme (or, for an officer or reviewer, institution) the account would reach every"
            " scheme: keep"
            " at least one, or disable the account",
            "schemes",
        )
    if "email" in changes:
        await _move_email(session, tables, account, str(changes["email"]), source=source)
    if "name" in changes:
        account.name = changes["name"]
    if "preferred_language" in changes:
        account.preferred_language = changes["preferred_language"]
    account.schemes, account.institutions, account.countries = schemes, institutions, countries
    try:
        await session.flush()
    except IntegrityError:  # the e-mail was taken meanwhile
        raise email_taken() from None
    if changes:
        await announce(session, tables, account, source=source)
        if _scope(account) != before:
            _journal(session, by, Action.ACCOUNT_UPDATED, account, before)
        if (schemes, institutions, countries) != granted:
            # a token carries the scope it was issued with and every service authorises from
            # it: the account's tokens stop working, and its next log-in carries the new scope
            await revoke_tokens(session, tables, account, "scope_changed", source=source)
    return account


def accounts_query(
    role: Role | None, *, staff: bool = False, q: str | None = None, institution: str | None = None
) -> Select:
    """Accounts (of one role, or all; ``staff``: all but applicants; ``q``: whose name or e-mail
    contains it, any case; ``institution``: whose scope names it, e.g. the partner to tell of
    its dead webhooks), oldest first."""
    query = select(Account)
    if institution:  # the scope is a JSON list: its text holds the id in quotes
        named = json.dumps(institution).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(cast(Account.institutions, String).like(f"%{named}%", escape="\\"))
    if role is not None:
        query = query.where(Account.role == role.value)
    if staff:
        query = query.where(Account.role != Role.APPLICANT.value)
    if q and q.strip():
        typed = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")  # as typed, not a pattern
        query = query.where(
            or_(Account.name.ilike(f"%{typed}%", escape="\\"), Account.email.ilike(f"%{typed}%", escape="\\"))
        )
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
