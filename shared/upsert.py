"""INSERT ... ON CONFLICT DO UPDATE on PostgreSQL and SQLite: one statement where a read and
then an insert or an update took two, and safe when two instances (or two events of one
batch) write the same row."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, and_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.util import identity_key


async def upsert(
    session: AsyncSession,
    model,
    values: dict[str, Any],
    keys: list[str],
    newer_than: str | None = None,
    returning: list[str] | None = None,
    kept_while: tuple[str, Collection[str]] | None = None,
    unchanged: Collection[str] = (),
):
    """Insert the row, or overwrite the row with the same ``keys`` with ``values`` (columns
    not in ``values`` keep what they hold).

    With ``newer_than`` (a column name) an existing row is only overwritten by values at
    least as new, so events arriving out of order never bring back older data.
    With ``kept_while`` ((column, values)) an existing row whose column holds one of the
    values is kept as it is.
    Columns in ``unchanged`` are written by the insert only (when the row was first stored).
    With ``returning`` (column names) the written row's values are returned (a Row), or
    None when the stored row was kept.

    A copy of the row this session had loaded is let go (a later ``get`` reads the row
    again): a change made to that copy after the upsert would not be written.
    """
    kept = (kept_while[0], tuple(sorted(kept_while[1]))) if kept_while else None
    overwritten = tuple(k for k in values if k not in keys and k not in unchanged)
    stmt = _statement(
        model.__table__, session.bind.dialect.name, overwritten, tuple(keys), newer_than, tuple(returning or ()), kept
    )
    result = await session.execute(stmt, values)
    written = result.first() if returning else None
    # A copy of the row already loaded in this session no longer says what is stored: let it
    # go, so a later read of it in the same transaction reads the row again.
    mapper = getattr(model, "__mapper__", None)
    if mapper is not None and all(c.key in values for c in mapper.primary_key):
        ident = tuple(values[c.key] for c in mapper.primary_key)
        loaded = session.identity_map.get(identity_key(model, ident))
        if loaded is not None:
            session.expunge(loaded)
    return written


@lru_cache(maxsize=256)
def _statement(
    table: Table,
    dialect: str,
    overwritten: tuple[str, ...],
    keys: tuple[str, ...],
    newer_than: str | None,
    returning: tuple[str, ...],
    kept_while: tuple[str, tuple[str, ...]] | None,
):
    # Built once per shape and given the values at execution: building and keying the
    # statement anew for every event cost more than running it.
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(table)
    where = []
    if newer_than is not None:
        where.append(table.c[newer_than] <= stmt.excluded[newer_than])
    if kept_while is not None:
        column, kept = kept_while
        where.append(table.c[column].not_in(kept))
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={k: stmt.excluded[k] for k in overwritten},
        where=and_(*where) if where else None,
    )
    if returning:
        return stmt.returning(*(table.c[name] for name in returning))
    return stmt
