"""Password hashing with argon2id; the hashing runs in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


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
                return self._hasher.verify(stored_hash or self._dummy, password) and stored_hash is not None
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)
