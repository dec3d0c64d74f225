"""Database helpers shared by the handlers, the dispatcher and the routes."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name


async def upsert(
    session: AsyncSession,
    model,
    values: dict[str, Any],
    keys: list[str],
    newer_than: str | None = None,
    returning: list[str] | None = None,
):
    """INSERT ... ON CONFLICT DO UPDATE (PostgreSQL and SQLite): safe when two instances race.

    With ``newer_than`` (a column name) an existing row is only overwritten by values at
    least as new, so events arriving out of order never bring back older data.
    With ``returning`` (column names) the written row's values are returned (a Row), or
    None when ``newer_than`` kept the stored row.
    """
    stmt = _upsert_statement(
        model.__table__, dialect_of(session), tuple(values), tuple(keys), newer_than, tuple(returning or ())
    )
    result = await session.execute(stmt, values)
    return result.first() if returning else None


@lru_cache(maxsize=256)
def _upsert_statement(
    table: Table,
    dialect: str,
    columns: tuple[str, ...],
    keys: tuple[str, ...],
    newer_than: str | None,
    returning: tuple[str, ...],
):
    # Built once per shape and given the values at execution: building and keying the
    # statement anew for every event cost more than running it.
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(table)
    where = None
    if newer_than is not None:
        where = table.c[newer_than] <= stmt.excluded[newer_than]
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={k: stmt.excluded[k] for k in columns if k not in keys},
        where=where,
    )
    if returning:
        stmt = stmt.returning(*(table.c[name] for name in returning))
    return stmt
