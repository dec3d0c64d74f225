"""Password hashing with argon2id (in a worker thread, off the event loop), and the password
policy with its list of common passwords."""

from __future__ import annotations

import asyncio
import functools
import gzip
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.applications.domain.passwords import check_password


class Passwords:
    def __init__(self, time_cost: int = 2, memory_kib: int = 19 * 1024, parallelism: int = 1):
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
        # Verified against when the account does not exist, so a miss costs as much as a hit.
        self._dummy = self._hasher.hash("corridor-no-such-account")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                # an empty hash (a closed account's) verifies nothing, as no account does
                return self._hasher.verify(stored_hash or self._dummy, password) and bool(stored_hash)
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)


COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The 19,646 most common passwords, lower-cased (Django's list from leaked password sets,
    BSD licence; shipped as common-passwords.txt.gz beside this module)."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as f:
        return frozenset(line.strip().casefold() for line in f if line.strip())


def check_policy(password: str, *, email: str, name: str) -> None:
    """The password policy (``domain.passwords``) against the shipped list; 422 when refused."""
    check_password(password, email=email, name=name, common=common_passwords())
