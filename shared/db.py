"""Async database access for SQLite (embedded default) and PostgreSQL (tests, production)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import MetaData, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from shared.jsontext import json_text

# A pooled connection back in the pool for less than this is handed out without a ping (as
# HikariCP's aliveBypassWindowMs, 500 ms by default): under load every checkout follows a
# checkin by milliseconds, and the ping was a round trip per checkout. A connection that died
# within the window fails its caller's statement instead: a database error (503, Retry-After,
# for a request; a retry for a consumer or the relay), and SQLAlchemy then recycles every
# connection of the pool older than that moment.
PING_AFTER_IDLE_SECONDS = 0.5
# Connections opened beyond the pool's size for a burst (closed when handed back).
BURST_CONNECTIONS = 10


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def contains(text: str) -> str:
    """A LIKE pattern (escape character ``\\``) finding ``text`` anywhere, in lower case as SQL's
    lower() writes it: ``%`` and ``_`` typed in a search are themselves, not wildcards."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def make_engine(url: str, *, pool_size: int = 10, ping_after_idle: float = PING_AFTER_IDLE_SECONDS) -> AsyncEngine:
    if url.startswith("sqlite"):  # hide_parameters below: see the PostgreSQL engine's
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30}, json_serializer=json_text, hide_parameters=True)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # WAL lets the relay read while requests write
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
            # SQLite's lower() folds ASCII only: a search for "Айгуль" missed "Айгуль" (PostgreSQL's
            # lower() folds every script under the UTF-8 locale deploy/postgres/pg.sh sets)
            dbapi_conn.create_function("lower", 1, _lower, deterministic=True)
            # Let SQLAlchemy emit BEGIN itself (below) instead of the driver's deferred one.
            dbapi_conn.isolation_level = None

        @event.listens_for(engine.sync_engine, "begin")
        def _begin_immediate(conn):
            # A deferred transaction that reads, then writes, fails at once with "database is
            # locked" when another writer got in between (busy_timeout cannot help there).
            # Taking the write lock at BEGIN makes writers queue politely instead.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # JSON columns written through orjson: json.dumps was most of a notice's COPY binds (shared/jsontext.py)
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=BURST_CONNECTIONS,
        pool_recycle=1800,
        json_serializer=json_text,
        # an error's text names the statement, not its values (names, dates of birth): it goes
        # to logs, dead letters' headers and tracebacks, where personal data must not
        hide_parameters=True,
    )

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_conn, record):
        if record is not None:
            record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping(dbapi_conn, record, _proxy):
        # A pooled connection is checked before use (PostgreSQL may have restarted). Not with
        # SQLAlchemy's pool_pre_ping: on asyncpg that is BEGIN, a query and ROLLBACK (for
        # pgbouncer's transaction mode, which the query's prepared statement would break),
        # three round trips per checkout, 16% of the applications service's samples under
        # bench/e2e.py. A query without parameters goes as a simple query and prepares
        # nothing: one round trip. A dead connection is replaced by a fresh one (the pool
        # retries on DisconnectionError). (An empty query would do, but asyncpg fails on its
        # missing command tag.) Not for a connection just opened or back for less than
        # ``ping_after_idle``.
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < ping_after_idle:
            return
        try:
            dbapi_conn.run_async(lambda conn: conn.execute("SELECT 1"))
        except Exception as exc:
            raise DisconnectionError("the pooled connection did not answer") from exc

    return engine


# PostgreSQL's setting for "plan each run of a prepared statement with its values", for the
# transaction only (set_config's third argument). See ``plan_with_values``.
PLAN_WITH_VALUES = "set_config('plan_cache_mode', 'force_custom_plan', true)"


async def plan_with_values(session: AsyncSession) -> None:
    """On PostgreSQL, the rest of this transaction plans each run of a statement that has
    parameters anew, with their values and the table's size as it is now (a statement without
    parameters keeps its one plan whatever this says).

    For the reads of a queue (the head of a table that is empty between bursts): the driver
    prepares each statement once per connection and PostgreSQL settles on a generic plan after
    five runs; planned while the table was empty, that plan read a round's 413,000 outbox rows
    by a sequential scan and a sort, tens of milliseconds a read instead of well under one,
    until the statement happened to be prepared again (autovacuum's ANALYZE, or the driver's
    cache lifetime). Each later statement of the transaction is planned too (~0.1 ms each):
    for a queue's few statements per batch, not for a hot path of many small ones
    (bench/queue_plans.py)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text(f"SELECT {PLAN_WITH_VALUES}"))


class Database:
    """One service's database: engine, session factory, migrations and a readiness probe."""

    def __init__(self, url: str, metadata: MetaData, migrations_dir: Path | None = None, *, pool_size: int = 10):
        self.url = url
        self.metadata = metadata
        self.migrations_dir = migrations_dir
        self.engine = make_engine(url, pool_size=pool_size)
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
