"""Programmes: officers of the scheme and the host write, anyone reads."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import select

from services.matching.api.deps import Source
from services.matching.api.schemas import ProgrammeFields, ProgrammeIn, ProgrammeOut, saved
from services.matching.models import Programme
from services.matching.service import catalog
from services.matching.service.common import get_or_not_found
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Staff
from shared.paging import Page, fetch_page

router = APIRouter(tags=["catalog"])


@router.post("/programmes", status_code=201, response_model=ProgrammeOut)
async def create_programme(body: ProgrammeIn, session: Transaction, source: Source, caller: Staff):
    return saved(ProgrammeOut, *await catalog.create_programme(session, source, caller, body.model_dump()))


@router.put("/programmes/{programme_id}", response_model=ProgrammeOut)
async def update_programme(
    programme_id: str, body: ProgrammeFields, session: Transaction, source: Source, caller: Staff
):
    return saved(
        ProgrammeOut, *await catalog.update_programme(session, source, caller, programme_id, body.model_dump())
    )


@router.delete("/programmes/{programme_id}", status_code=204)
async def delete_programme(programme_id: str, session: Transaction, source: Source, caller: Staff):
    await catalog.delete_programme(session, source, caller, programme_id)
    return Response(status_code=204)


@router.get("/programmes", response_model=Page[ProgrammeOut])
async def list_programmes(
    session: DbSession,
    paging: PageParams,
    cycle_id: str | None = None,
    host_institution_id: str | None = None,
    field: str | None = None,
    level: str | None = None,
):
    query = select(Programme)
    for column, value in (
        (Programme.cycle_id, cycle_id),
        (Programme.host_institution_id, host_institution_id),
        (Programme.field, field),
        (Programme.level, level),
    ):
        if value:
            query = query.where(column == value)
    rows, total = await fetch_page(session, query, Programme.id, paging=paging)
    return Page.of([saved(ProgrammeOut, r) for r in rows], total, paging)


@router.get("/programmes/{programme_id}", response_model=ProgrammeOut)
async def get_programme(programme_id: str, session: DbSession):
    row = await get_or_not_found(session, Programme, programme_id, field="programme_id", what="programme")
    return saved(ProgrammeOut, row)
