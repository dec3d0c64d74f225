"""How PostgreSQL planned a connection's prepared statements (``pg_prepared_statements``)."""

from __future__ import annotations

from sqlalchemy import text

from shared.db import Database


async def plans_of(db: Database, fragment: str) -> tuple[int, int]:
    """(generic, custom) plans of the prepared statements whose text contains ``fragment``,
    on the connection the pool hands out next: a ``Database`` used one session at a time has
    only the one."""
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
