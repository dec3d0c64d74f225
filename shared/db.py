"""Async database access for SQLite (embedded default) and PostgreSQL (tests, production)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import MetaData, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session


def make_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # WAL lets the relay read while requests write
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
            # Let SQLAlchemy emit BEGIN itself (below) instead of the driver's deferred one.
            dbapi_conn.isolation_level = None

        @event.listens_for(engine.sync_engine, "begin")
        def _begin_immediate(conn):
            # A deferred transaction that reads, then writes, fails at once with "database is
            # locked" when another writer got in between (busy_timeout cannot help there).
            # Taking the write lock at BEGIN makes writers queue politely instead.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping(dbapi_conn, _record, _proxy):
        # A pooled connection is checked before use (PostgreSQL may have restarted). Not with
        # SQLAlchemy's pool_pre_ping: on asyncpg that is BEGIN, a query and ROLLBACK (for
        # pgbouncer's transaction mode, which the query's prepared statement would break),
        # three round trips per checkout, 16% of the applications service's samples under
        # bench/e2e.py. A query without parameters goes as a simple query and prepares
        # nothing: one round trip. A dead connection is replaced by a fresh one (the pool
        # retries on DisconnectionError). (An empty query would do, but asyncpg fails on its
        # missing command tag.)
        try:
            dbapi_conn.run_async(lambda conn: conn.execute("SELECT 1"))
        except Exception as exc:
            raise DisconnectionError("the pooled connection did not answer") from exc

    return engine


class Database:
    """One service's database: engine, session factory, migrations and a readiness probe."""

    def __init__(self, url: str, metadata: MetaData, migrations_dir: Path | None = None):
        self.url = url
        self.metadata = metadata
        self.migrations_dir = migrations_dir
        self.engine = make_engine(url)
        self._commit_hooks: list = []

        class _Session(Session):  # a class per database, so commit hooks stay per service
            pass

        @event.listens_for(_Session, "after_commit")
        def _after_commit(session):
            if session.info.pop("outbox_dirty", False):
                self.outbox_committed()

        self.sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, class_=AsyncSession, sync_session_class=_Session
        )

    def on_outbox_commit(self, hook) -> None:
        """Call ``hook`` after any commit that staged outbox rows (wakes the relay)."""
        self._commit_hooks.append(hook)

    def outbox_committed(self) -> None:
        """Outbox rows were committed: a session's commit says so by itself; a transaction run
        on the driver's connection, which no session sees, says so here."""
        for hook in self._commit_hooks:
            hook()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def ping(self, timeout: float = 2.0) -> bool:
        try:
            async with asyncio.timeout(timeout):
                async with self.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means not ready; readiness says so
            return False

    async def dispose(self) -> None:
        await self.engine.dispose()
