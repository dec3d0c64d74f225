"""Partner systems' machine credentials: OAuth2 client credentials.

A partner account holds several clients, each named; a client's secret is shown once (when
it is made or rotated) and stored only as an argon2id hash. A revoked client gets no more
tokens; rotating replaces the secret at once. Revoking or rotating also ends every token of the
partner account issued until then (a token names the account, not the client): its people log in
again, and its other clients ask for a new token. A client's own token cannot make, rotate or
revoke clients. An admin manages any partner's clients; a
partner its own. A client's token is the partner account's: its institutions, the usual expiry.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.models import Account, PartnerClient
from services.applications.service import throttle
from services.applications.service.passwords import Passwords
from shared.clock import utcnow
from shared.db import Database
from shared.errors import Conflict, Forbidden, NotFound, TooManyRequests, Unauthenticated
from shared.events.catalog import TokensRevoked
from shared.outbox import add_event
from shared.principal import Principal, Role
from shared.tables import InfraTables

MAX_ACTIVE_CLIENTS = 20
CLIENT_ID_PREFIX = "pc_"


def _new_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def _check_may_manage(caller: Principal, account_id: str, *, change: bool = True) -> None:
    if change and caller.client_id is not None:
        # a leaked secret must not be able to make a credential that outlives its revocation
        raise Forbidden(
            "partner_client.machine_token",
            "a partner system's token cannot make, rotate or revoke clients: a person of the partner logs in to",
            "authorization",
        )
    if caller.role == Role.ADMIN or (caller.role == Role.PARTNER and caller.sub == account_id):
        return
    raise Forbidden(
        "partner_client.not_yours", "only an admin or the partner itself manages a partner's clients", "account_id"
    )


async def _partner(session: AsyncSession, account_id: str) -> Account:
    account = await session.scalar(select(Account).where(Account.id == account_id, Account.role == Role.PARTNER.value))
    if account is None:
        raise NotFound("partner.not_found", f"no partner account {account_id}", "account_id")
    return account


async def _client(session: AsyncSession, account_id: str, client_id: str) -> PartnerClient:
    client = await session.scalar(
        select(PartnerClient)
        .where(PartnerClient.id == client_id, PartnerClient.account_id == account_id)
        .with_for_update()
    )
    if client is None:
        raise NotFound("partner_client.not_found", f"no client {client_id} for this partner", "client_id")
    return client


async def create(
    session: AsyncSession, passwords: Passwords, caller: Principal, account_id: str, name: str
) -> tuple[PartnerClient, str]:
    """A new client for the partner, and its secret (returned this once)."""
    _check_may_manage(caller, account_id)
    await _partner(session, account_id)
    active = await session.scalar(
        select(func.count())
        .select_from(PartnerClient)
        .where(PartnerClient.account_id == account_id, PartnerClient.revoked_at.is_(None))
    )
    if (active or 0) >= MAX_ACTIVE_CLIENTS:
        raise Conflict(
            "partner_client.too_many",
            f"a partner holds at most {MAX_ACTIVE_CLIENTS} active clients; revoke one first",
            "account_id",
            limit=MAX_ACTIVE_CLIENTS,
        )
    secret = _new_secret()
    client = PartnerClient(
        id=CLIENT_ID_PREFIX + uuid.uuid4().hex,
        account_id=account_id,
        name=name,
        secret_hash=await passwords.hash(secret),
    )
    session.add(client)
    await session.flush()
    return client, secret


async def clients_query(session: AsyncSession, caller: Principal, account_id: str) -> Select:
    """The partner's clients (revoked ones too), oldest first; never their secrets."""
    _check_may_manage(caller, account_id, change=False)
    await _partner(session, account_id)
    return (
        select(PartnerClient)
        .where(PartnerClient.account_id == account_id)
        .order_by(PartnerClient.created_at, PartnerClient.id)
    )


async def _end_tokens(
    session: AsyncSession, tables: InfraTables, client: PartnerClient, at: datetime, source: str
) -> None:
    """The client's tokens got until ``at`` stop working, in every service (a token names its
    client, ``cid``); a revoked client's, all of them. The account's other tokens stand: its
    people's portal sessions and its other systems' (rotating one system's secret had logged
    every one of them out)."""
    revoked = TokensRevoked(
        account_id=client.account_id,
        client_id=client.id,
        not_before=at,
        active=client.revoked_at is None,
        why="client_rotated" if client.revoked_at is None else "client_revoked",
    )
    await add_event(session, tables, revoked, source=source)


async def rotate(
    session: AsyncSession,
    passwords: Passwords,
    caller: Principal,
    account_id: str,
    client_id: str,
    *,
    tables: InfraTables,
    source: str,
) -> tuple[PartnerClient, str]:
    """A new secret for the client (returned this once); the old one, and the tokens the client
    got until now, stop working now."""
    _check_may_manage(caller, account_id)
    client = await _client(session, account_id, client_id)
    if client.revoked_at is not None:
        raise Conflict("partner_client.revoked", f"client {client_id} is revoked; make a new one", "client_id")
    secret = _new_secret()
    client.secret_hash = await passwords.hash(secret)
    client.rotated_at = utcnow()
    await _end_tokens(session, tables, client, client.rotated_at, source)
    return client, secret


async def revoke(
    session: AsyncSession, caller: Principal, account_id: str, client_id: str, *, tables: InfraTables, source: str
) -> None:
    """The client gets no more tokens, and every token it got stops working."""
    _check_may_manage(caller, account_id)
    client = await _client(session, account_id, client_id)
    if client.revoked_at is None:
        client.revoked_at = utcnow()
        await _end_tokens(session, tables, client, client.revoked_at, source)


async def authenticate_throttled(
    db: Database, passwords: Passwords, policy: throttle.Policy, client_id: str, client_secret: str, address: str
) -> Principal:
    """``authenticate`` behind the log-in throttle's count of the caller's address: after a few
    wrong secrets from it, its next attempt waits (429 with Retry-After), the secret not even
    checked meanwhile. Not counted by client, nor ever locked: a stranger's guesses must not
    hold up or shut out the partner's own system (its secret is too long to guess anyway). A
    refusal that was not a wrong secret (a disabled account) is not counted."""
    now = utcnow()
    counted = [(throttle.address_key(address), policy.free_per_address, False)]
    try:
        async with db.session() as session, session.begin():
            _locked, before = await throttle.reserve(session, counted, policy, now)
    except TooManyRequests as waiting:  # worded for a client (it read as a person's failed log-in)
        raise TooManyRequests(
            "auth.client_throttled",
            "too many wrong client secrets from this address: wait before trying again",
            "client_id",
            retry_after=waiting.retry_after,
        ) from None
    try:
        async with db.session() as session, session.begin():
            principal = await authenticate(session, passwords, client_id, client_secret)
    except Unauthenticated as refused:
        if refused.code != "auth.bad_client_credentials":
            await throttle.given_back(db, counted, before, now, policy)
        raise
    except BaseException:  # no answer (the database, a client gone mid-hash): not a guess
        await asyncio.shield(throttle.given_back(db, counted, before, now, policy))
        raise
    await throttle.given_back(db, counted, before, now, policy)  # the right secret: not a guess
    return principal


async def authenticate(session: AsyncSession, passwords: Passwords, client_id: str, client_secret: str) -> Principal:
    """The partner a client acts for, when its credentials hold; an unknown client costs as
    much as a wrong secret, and every refusal says the same."""
    row = (
        await session.execute(
            select(PartnerClient, Account)
            .join(Account, Account.id == PartnerClient.account_id)
            .where(PartnerClient.id == client_id)
            # waits for a revocation or rotation under way, then sees it: a token issued after
            # its moment would outlive it (its updated last_used_at takes this lock anyway)
            .with_for_update(of=PartnerClient)
        )
    ).first()
    client, account = (row[0], row[1]) if row else (None, None)
    ok = await passwords.verify(client.secret_hash if client else None, client_secret)
    if (
        not ok
        or client is None
        or account is None
        or client.revoked_at is not None
        or account.role != Role.PARTNER.value
    ):
        raise Unauthenticated("auth.bad_client_credentials", "unknown client, wrong secret or revoked", "client_id")
    if not account.active:  # its credentials hold, but every service would refuse the token
        raise Unauthenticated("auth.account_disabled", "the partner account of this client is disabled", "client_id")
    client.last_used_at = utcnow()
    return Principal(
        sub=account.id,
        role=Role.PARTNER,
        name=account.name,
        institutions=list(account.institutions),
        client_id=client.id,
    )
