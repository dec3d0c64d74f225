"""How a notifications dispatcher stored its outcomes and ran its e-mail transactions (tests,
bench/webhook_outcomes.py and bench/email_commits.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import asyncpg

if TYPE_CHECKING:
    from services.notifications.service.dispatcher import Dispatcher


def counting_stores(d: Dispatcher) -> list[int]:
    """How many outcomes each of ``d``'s stores (one transaction each) took, in turn, counted
    once committed."""
    stores: list[int] = []
    record_many = d.record_many

    async def counted(outcomes, **kw):
        await record_many(outcomes, **kw)
        stores.append(len(outcomes))

    d.record_many = counted  # type: ignore[method-assign]
    return stores


# The held connection's own statements (asyncpg's transactions write theirs ending in ";").
HELD_STATEMENTS = frozenset({"BEGIN", "COMMIT; BEGIN", "COMMIT", "ROLLBACK"})


@contextlib.contextmanager
def held_statements() -> Iterator[list[str]]:
    """The e-mail lane's BEGIN, COMMIT and ROLLBACK round trips on its held connection, in
    order, while the block runs."""
    seen: list[str] = []
    real = asyncpg.Connection.execute

    async def execute(self, query: str, *args, **kw):
        if query in HELD_STATEMENTS:
            seen.append(query)
        return await real(self, query, *args, **kw)

    asyncpg.Connection.execute = execute
    try:
        yield seen
    finally:
        asyncpg.Connection.execute = real
