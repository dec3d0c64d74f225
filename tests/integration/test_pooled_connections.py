"""A pooled PostgreSQL connection that died while idle (the server restarted, or killed it) is
replaced at checkout without the caller seeing an error (shared/db.py: a ping of its own at
checkout instead of SQLAlchemy's pre-ping, sent on the driver, not as a statement of the caller's)."""

from __future__ import annotations

import asyncpg
from sqlalchemy import event, text

from shared.db import make_engine


async def test_a_connection_killed_while_pooled_is_replaced_unseen(postgres):
    url = await postgres.create_database("pooled_connections")
    engine = make_engine(url, pool_size=2)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        async with engine.connect() as conn:
            first = await conn.scalar(text("SELECT pg_backend_pid()"))
        killer = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        try:  # the pooled connection is killed while it waits in the pool
            assert await killer.fetchval("SELECT pg_terminate_backend($1)", first)
        finally:
            await killer.close()
        # The next checkout finds the killed one, the ping fails and a fresh connection takes
        # its place, unseen.
        pids = set()
        for _ in range(3):
            async with engine.connect() as conn:
                pids.add(await conn.scalar(text("SELECT pg_backend_pid()")))
        assert first not in pids
        # The pings went to the driver alone: SQLAlchemy issued the test's own statements only.
        assert statements == ["SELECT pg_backend_pid()"] * 4
    finally:
        await engine.dispose()
