"""Revoked tokens: every service refuses an account's tokens issued before its ``not_before``
(log-out, password change or reset) and all of them while the account is disabled.

The applications service announces account.tokens_revoked; every service keeps the latest
word per account in its ``revoked_tokens`` table (``record``, run by the consumer that
shared/runtime.py registers for every service) and checks it on each request
(``Revocations.refuses``, cached for a couple of seconds so a request costs no query); the
applications service checks its own account rows instead (``ServiceRuntime.subject_check``).
"""

from __future__ import annotations

import time
from datetime import datetime

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shared.clock import aware, utcnow
from shared.db import Database
from shared.events.catalog import TokensRevoked, type_of
from shared.events.envelope import Envelope
from shared.kafka.consumer import Handler

State = tuple[datetime, bool] | None  # (not_before, active), or None: never revoked


class Revocations:
    """Whether a token is refused, from the ``revoked_tokens`` table, cached per account."""

    def __init__(self, db: Database, table: Table, cache_seconds: float = 2.0, max_entries: int = 50_000):
        self._db, self._table = db, table
        self._ttl, self._max = cache_seconds, max_entries
        self._cache: dict[str, tuple[float, State]] = {}

    async def _load(self, account_id: str) -> State:
        t = self._table
        async with self._db.engine.connect() as conn:
            row = (await conn.execute(select(t.c.not_before, t.c.active).where(t.c.account_id == account_id))).first()
        return None if row is None else (aware(row.not_before), bool(row.active))

    async def refuses(self, account_id: str, issued_at: datetime, client_id: str | None = None) -> bool:
        """The account's word, and a machine client's own for a token it got (``cid``)."""
        keys = [account_id] if client_id is None else [account_id, client_key(client_id)]
        for key in keys:
            if await self._refused_by(key, issued_at):
                return True
        return False

    async def _refused_by(self, key: str, issued_at: datetime) -> bool:
        now = time.monotonic()
        cached = self._cache.get(key)
        if cached is None or cached[0] <= now:
            if len(self._cache) >= self._max:  # bounded: many accounts only cost a query each
                self._cache.clear()
            cached = (now + self._ttl, await self._load(key))
            self._cache[key] = cached
        state = cached[1]
        if state is None:
            return False
        not_before, active = state
        return not active or issued_at < not_before

    def forget(self, account_id: str) -> None:
        """Drop the cached word (this instance has just changed it)."""
        self._cache.pop(account_id, None)


def client_key(client_id: str) -> str:
    """A machine client's row among the accounts' ("client:pc_..."; no account id has a colon)."""
    return f"client:{client_id}"


async def record(session: AsyncSession, table: Table, e: TokensRevoked) -> None:
    """Keep the latest word on the account, or on one machine client of it (by ``not_before``):
    an older one arriving late (a replay, or the applications service having written its own
    word first) changes nothing."""
    key = e.account_id if e.client_id is None else client_key(e.client_id)
    not_before = aware(e.not_before)
    current = (
        await session.execute(select(table.c.not_before).where(table.c.account_id == key).with_for_update())
    ).first()
    values = {"not_before": not_before, "active": e.active, "why": e.why, "updated_at": utcnow()}
    if current is None:
        await session.execute(insert(table).values(account_id=key, **values))
    elif not_before >= aware(current.not_before):
        await session.execute(update(table).where(table.c.account_id == key).values(**values))


def revocation_handlers(table: Table) -> dict[str, Handler]:
    """The consumer's handlers: account.tokens_revoked into ``table``."""

    async def on_tokens_revoked(session: AsyncSession, e: TokensRevoked, _env: Envelope) -> None:
        await record(session, table, e)

    return {type_of(TokensRevoked): on_tokens_revoked}
