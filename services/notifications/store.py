"""Database helpers shared by the handlers, the dispatcher and the routes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name


async def upsert(session: AsyncSession, model, values: dict[str, Any], keys: list[str], newer_than: str | None = None) -> None:
    """INSERT ... ON CONFLICT DO UPDATE (PostgreSQL and SQLite): safe when two instances race.

    With ``newer_than`` (a column name) an existing row is only overwritten by values at
    least as new, so events arriving out of order never bring back older data.
    """
    table = model.__table__
    insert = pg_insert if dialect_of(session) == "postgresql" else sqlite_insert
    stmt = insert(table).values(**values)
    where = None
    if newer_than is not None:
        where = table.c[newer_than] <= stmt.excluded[newer_than]
    stmt = stmt.on_conflict_do_update(
        index_elements=keys,
        set_={k: stmt.excluded[k] for k in values if k not in keys},
        where=where,
    )
    await session.execute(stmt)
