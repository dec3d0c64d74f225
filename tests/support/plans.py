"""How PostgreSQL planned a connection's prepared statements (``pg_prepared_statements``)."""

from __future__ import annotations

from sqlalchemy import text

from shared.db import Database


async def backend(db: Database) -> int:
    """The PostgreSQL backend of the connection the pool hands out next."""
    async with db.engine.connect() as conn:
        return int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def plans_of(db: Database, fragment: str, on: int) -> tuple[int, int]:
    """(generic, custom) plans of the prepared statements whose text contains ``fragment``, on
    backend ``on`` (``backend``): a ``Database`` used one session at a time has one connection,
    unless the pool replaced it (then this fails rather than count another connection's)."""
    assert await backend(db) == on, "the pool's connection changed: its statements are not all counted here"
    async with db.engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
                    " FROM pg_prepared_statements WHERE statement LIKE :like"
                ),
                {"like": f"%{fragment}%"},
            )
        ).one()
    return int(row[0]), int(row[1])
