"""Failed log-ins, throttled per account and per client address (state in the database, so
every instance sees the same counts); and the e-mails anyone may trigger for an account
(a reset link, a registration attempt), a few an hour.

A few failures are free; after that each failure sets a delay, doubling each time, before
the next attempt is even checked (429 with Retry-After). Per account, ``lock_after`` failures
lock it for ``lock_seconds`` (the caller e-mails the owner). The account key is a hash of the
e-mail asked for, so an address with no account is throttled exactly like one with an account.
A client that logged in to the account before (``device_tokens``) is counted under a key of
its own instead: the account's lock, which any stranger can set, does not keep it out.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.applications.models import LoginThrottle
from services.applications.settings import Settings
from shared.clock import aware, aware_or_none
from shared.db import Database
from shared.errors import TooManyRequests


@dataclass(frozen=True)
class Policy:
    free_per_account: int = 3
    free_per_address: int = 20
    delay_seconds: float = 1.0
    max_delay_seconds: float = 300.0
    lock_after: int = 10
    lock_seconds: float = 900.0
    window_seconds: float = 900.0

    @classmethod
    def of(cls, s: Settings) -> Policy:
        return cls(
            free_per_account=s.login_free_failures_per_account,
            free_per_address=s.login_free_failures_per_address,
            delay_seconds=s.login_delay_seconds,
            max_delay_seconds=s.login_max_delay_seconds,
            lock_after=s.login_lock_after,
            lock_seconds=s.login_lock_seconds,
            window_seconds=s.login_failure_window_seconds,
        )

    def delay(self, failures: int, free: int) -> float:
        """Seconds before the next attempt after ``failures`` failures (0 while still free)."""
        if failures <= free:
            return 0.0
        return min(self.delay_seconds * 2 ** (failures - free - 1), self.max_delay_seconds)


def account_key(email: str) -> str:
    return "account:" + account_hash(email)


def device_key(email: str, device: str) -> str:
    """The failures of one client that logged in to the account before (``device_tokens``):
    its own, apart from the account's, so a stranger's lock does not keep it out."""
    return devices_of(email) + device[:40]


def devices_of(email: str) -> str:
    """The prefix of every ``device_key`` of the account (a password reset forgets them)."""
    return f"device:{account_hash(email)[:32]}:"


def holder_key(account_id: str) -> str:
    """Wrong current passwords typed by whoever holds a token of the account (asked again
    before a change of password or address): apart from the log-in failures, so a stranger's
    lock does not stop the owner changing their password."""
    return f"holder:{account_id[:80]}"


def account_hash(email: str) -> str:
    """An account as the address asked for names it (any case, surrounding spaces): the key
    of its failures, and what a device token names (``device_tokens``)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def address_key(address: str) -> str:
    return "address:" + address[:90]


async def check(session: AsyncSession, keys: list[str], now: datetime) -> None:
    """Refuse (429) while any of ``keys`` is waiting out a delay or a lock."""
    rows = (await session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))).all()
    _refuse_waiting(rows, now)


@dataclass(frozen=True)
class Before:
    """A throttle row as ``reserve`` found it, for ``give_back`` to put back."""

    failures: int
    blocked_until: datetime | None
    last_failure_at: datetime
    locked: bool


async def reserve(
    session: AsyncSession, keys: list[tuple[str, int, bool]], policy: Policy, now: datetime
) -> tuple[bool, dict[str, Before]]:
    """Refuse (429) while any key waits out a delay or a lock; else count this attempt as a
    failure under each (key, free failures, may lock) before its password is checked. Says
    whether that locked the account, and how each row was before (``give_back`` puts it
    back for an attempt that was not a wrong password).

    Counted first, each row locked: concurrent attempts are counted one after another, so
    the fourth of a burst meets the delay the third set, as attempts in turn would. Checked
    first and counted after the password, a burst of 100 had each password checked (and the
    right one among them let in) before the first failure was counted."""
    rows = {key: await _row(session, key, now) for key, _free, _lock in sorted(keys)}
    _refuse_waiting(list(rows.values()), now)
    before = {
        key: Before(row.failures, row.blocked_until, aware(row.last_failure_at), row.locked)
        for key, row in rows.items()
    }
    locked = False
    for key, free, may_lock in keys:
        locked |= await record_failure(session, key, policy, now, free=free, may_lock=may_lock)
    return locked, before


async def give_back(session: AsyncSession, key: str, before: Before, now: datetime, policy: Policy, free: int) -> None:
    """Undo ``reserve``'s count under ``key`` (counted at ``now``) for an attempt that was not a
    wrong password: one failure fewer, always (attempts in flight give theirs back in any
    order); and when this attempt was the last counted, the delay, lock and time it set go back
    to what they were. A right password must not leave a delay on the others behind the same
    address; a later attempt's delay stands, that attempt being counted."""
    row = await session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
    if row is None:
        return
    row.failures = max(0, row.failures - 1)
    if aware(row.last_failure_at) == now:  # nothing counted since this attempt
        row.blocked_until, row.locked, row.last_failure_at = before.blocked_until, before.locked, before.last_failure_at
    elif not row.locked:  # a later attempt's delay, worked out again without this one's count
        delay = policy.delay(row.failures, free)
        row.blocked_until = aware(row.last_failure_at) + timedelta(seconds=delay) if delay else None
    if row.failures == 0 and not row.locked:
        await session.delete(row)


Counted = list[tuple[str, int, bool]]  # (throttle key, free failures, may lock), as ``reserve`` takes them


async def give_back_all(
    session: AsyncSession, counted: Counted, before: dict[str, Before], now: datetime, policy: Policy
) -> None:
    """An attempt that was not a wrong password (or secret): its count off each key it was
    counted under."""
    for key, free, _may_lock in counted:
        await give_back(session, key, before[key], now, policy, free)


async def given_back(db: Database, counted: Counted, before: dict[str, Before], now: datetime, policy: Policy) -> None:
    """``give_back_all`` in a transaction of its own."""
    async with db.session() as session, session.begin():
        await give_back_all(session, counted, before, now, policy)


def refuse_locked(seconds: float, *, device: bool = False) -> NoReturn:
    """The account's lock applies to clients that have not logged in to it before; a client
    that has (its device_token) is locked by its own failures only."""
    reason = (
        "too many failed log-ins from this client: locked for a while; a password reset "
        "(POST /auth/password-reset) unlocks it now"
        if device
        else "too many failed log-ins: this account refuses clients that have not logged in to it "
        "before for a while; one that has (the device_token of its last log-in) still logs in, and a "
        "password reset (POST /auth/password-reset) unlocks it now"
    )
    raise TooManyRequests("auth.locked", reason, "username", retry_after=max(1, math.ceil(seconds)))


def _refuse_waiting(rows, now: datetime) -> None:
    waiting = [r for r in rows if r.blocked_until is not None and aware(r.blocked_until) > now]
    if not waiting:
        return
    longest = max(waiting, key=lambda r: aware_or_none(r.blocked_until) or now)
    seconds = max(1, math.ceil((aware(longest.blocked_until or now) - now).total_seconds()))
    if longest.locked:
        refuse_locked(seconds, device=longest.key.startswith("device:"))
    raise TooManyRequests(
        "auth.throttled", "too many failed log-ins: wait before trying again", "username", retry_after=seconds
    )


async def _row(session: AsyncSession, key: str, now: datetime) -> LoginThrottle:
    row = await session.get(LoginThrottle, key, with_for_update=True)
    if row is not None:
        return row
    try:
        async with session.begin_nested():
            row = LoginThrottle(key=key, failures=0, last_failure_at=now)
            session.add(row)
            await session.flush()
        return row
    except IntegrityError:  # another instance counted the first failure at the same moment
        found = await session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
        assert found is not None
        return found


async def record_failure(
    session: AsyncSession, key: str, policy: Policy, now: datetime, *, free: int, may_lock: bool
) -> bool:
    """Count a failure under ``key``; True when it has just locked the account."""
    row = await _row(session, key, now)
    blocked = aware_or_none(row.blocked_until)
    lock_over = row.locked and (blocked is None or blocked <= now)
    if lock_over or now - aware(row.last_failure_at) > timedelta(seconds=policy.window_seconds):
        row.failures, row.locked, row.blocked_until = 0, False, None
    row.failures += 1
    row.last_failure_at = now
    if may_lock and row.failures >= policy.lock_after and not row.locked:
        row.locked = True
        row.blocked_until = now + timedelta(seconds=policy.lock_seconds)
        return True
    delay = policy.delay(row.failures, free)
    if delay and not row.locked:
        row.blocked_until = now + timedelta(seconds=delay)
    return False


# E-mails anyone can make the service send to an account's owner, without logging in: at
# most this many an hour per account (asked for more often, answered alike and not sent; a
# reset link stays usable for its hour, so the owner already has one).
NOTICES_PER_HOUR = {
    "password_reset": 3,
    "registration_attempt": 1,
    "email_confirm": 3,
    "email_verify": 4,
    "email_change_requested": 3,
}


async def may_notify(session: AsyncSession, kind: str, account_id: str, now: datetime) -> bool:
    """Whether another ``kind`` e-mail may go to the account now (counted when it may): the
    row's ``failures`` counts the e-mails of the hour that began at ``last_failure_at``."""
    row = await _row(session, f"notice:{kind}:{account_id}", now)
    if now - aware(row.last_failure_at) >= timedelta(hours=1):
        row.failures, row.last_failure_at = 0, now
    if row.failures >= NOTICES_PER_HOUR[kind]:
        return False
    row.failures += 1
    return True


async def forget(session: AsyncSession, key: str) -> None:
    """A successful log-in clears the failures it was counted under."""
    await session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


async def forget_account(session: AsyncSession, email: str) -> None:
    """A password reset clears the account's failures, and those of every client that logged
    in to it before."""
    await session.execute(
        delete(LoginThrottle).where(
            (col(LoginThrottle.key) == account_key(email))
            | col(LoginThrottle.key).startswith(devices_of(email), autoescape=True)
        )
    )
