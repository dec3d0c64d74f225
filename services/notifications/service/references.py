"""Local copies of what messages and routing need of other services' data, fed by their
events: contacts (newest event wins), applications, programmes and cycles."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.models import ApplicationRef, Contact, CycleRef, ProgrammeRef
from shared.events.catalog import ApplicationSubmitted, CycleUpserted, ProgrammeUpserted


async def remember_contact(
    session: AsyncSession, applicant_id: str, email: str, name: str, language: str, as_of: datetime
) -> tuple[str, str] | None:
    """Store the contact unless a newer one is stored; (name, language) when these values won."""
    written = await _upsert(
        session,
        Contact,
        {"applicant_id": applicant_id, "email": email, "name": name, "language": language, "as_of": as_of},
        ["applicant_id"],
        newer_than="as_of",
        returning=["name", "language"],
    )
    return (written.name, written.language) if written is not None else None


async def remember_application(session: AsyncSession, event: ApplicationSubmitted) -> None:
    """What partner projections need of an application (an update is an ApplicationSubmitted too)."""
    await _upsert(
        session,
        ApplicationRef,
        {
            "application_id": event.application_id,
            "applicant_id": event.applicant_id,
            "cycle_id": event.cycle_id,
            "scheme_id": event.scheme_id,
            "sending_country": event.sending_country,
            "applicant_type": event.applicant_type,
            "choices": list(event.choices),
        },
        ["application_id"],
    )


async def remember_programme(session: AsyncSession, event: ProgrammeUpserted) -> None:
    await _upsert(
        session,
        ProgrammeRef,
        {
            "programme_id": event.programme_id,
            "title": event.title[:300],
            "host_institution_id": event.host_institution_id,
            "host_institution_name": event.host_institution_name[:300],
            "cycle_id": event.cycle_id,
            "scheme_id": event.scheme_id,
        },
        ["programme_id"],
    )


async def remember_cycle(session: AsyncSession, event: CycleUpserted) -> None:
    await _upsert(
        session,
        CycleRef,
        {"cycle_id": event.cycle_id, "scheme_id": event.scheme_id, "name": event.name[:300]},
        ["cycle_id"],
    )


async def programmes(session: AsyncSession, ids: list[str]) -> dict[str, ProgrammeRef]:
    if not ids:
        return {}
    rows = await session.scalars(select(ProgrammeRef).where(ProgrammeRef.programme_id.in_(set(ids))))
    return {p.programme_id: p for p in rows}


async def cycle_name(session: AsyncSession, cycle_id: str) -> str:
    cycle = await session.get(CycleRef, cycle_id)
    return cycle.name if cycle else cycle_id


def title(progs: dict[str, ProgrammeRef], pid: str) -> str:
    p = progs.get(pid)
    return p.title if p else pid


def institution_name(progs: dict[str, ProgrammeRef], pid: str, fallback: str) -> str:
    p = progs.get(pid)
    return (p.host_institution_name or p.host_institution_id) if p else fallback


async def _upsert(
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
    dialect = session.bind.dialect.name
    stmt = _upsert_statement(model.__table__, dialect, tuple(values), tuple(keys), newer_than, tuple(returning or ()))
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
        return stmt.returning(*(table.c[name] for name in returning))
    return stmt
