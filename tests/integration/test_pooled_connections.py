"""A pooled PostgreSQL connection that died while idle (the server restarted, or killed it) is
replaced at checkout without the caller seeing an error (shared/db.py: a ping of its own at
checkout instead of SQLAlchemy's pre-ping, sent on the driver, not as a statement of the
caller's). One back in the pool for less than the bypass window goes out unpinged: if it died
meanwhile, its caller's statement fails with a disconnect, and the next checkout is a fresh
connection."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from shared.db import make_engine


async def test_a_connection_killed_while_pooled_is_replaced_unseen(postgres):
    url = await postgres.create_database("pooled_connections")
    engine = make_engine(url, pool_size=2, ping_after_idle=0)  # every checkout after a checkin pinged
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


async def test_a_connection_back_within_the_window_is_trusted_and_a_dead_one_fails_once(postgres):
    url = await postgres.create_database("pooled_connections_window")
    engine = make_engine(url, pool_size=1, ping_after_idle=60)
    try:
        async with engine.connect() as conn:
            first = await conn.scalar(text("SELECT pg_backend_pid()"))
        killer = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        try:
            assert await killer.fetchval("SELECT pg_terminate_backend($1)", first)
        finally:
            await killer.close()
        # back for less than the window: handed out unpinged, the caller's statement meets the
        # dead connection (an API request answers 503 with Retry-After)
        with pytest.raises(DBAPIError) as failed:
            async with engine.connect() as conn:
                await conn.scalar(text("SELECT 1"))
        assert failed.value.connection_invalidated
        async with engine.connect() as conn:  # then a fresh one
            assert await conn.scalar(text("SELECT pg_backend_pid()")) != first
    finally:
        await engine.dispose()
