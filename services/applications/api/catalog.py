"""The catalog as applicants browse it (a read model of corridor.catalog.v1); public."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy import select

from services.applications.api.common import Limit, Offset, aware, now, runtime_of
from services.applications.api.schemas import ID_PATTERN, CycleOut, Page, ProgrammeOut
from services.applications.domain.lifecycle import Window
from services.applications.models import CatalogCycle, CatalogProgramme
from shared.api import DomainError, fetch_page

router = APIRouter(tags=["catalog"])

Filter = Annotated[str | None, Query(min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]+$")]
IdPath = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]


def programme_out(p: CatalogProgramme) -> ProgrammeOut:
    return ProgrammeOut(
        id=p.id,
        cycle_id=p.cycle_id,
        scheme_id=p.scheme_id,
        host_institution_id=p.host_institution_id,
        host_institution_name=p.host_institution_name,
        host_country=p.host_country,
        title=p.title,
        field=p.field,
        level=p.level,
        language=p.language,
        seats=p.seats,
        applicant_type=p.applicant_type,
        requirements=p.requirements,
    )


def cycle_out(c: CatalogCycle) -> CycleOut:
    window = Window(aware(c.opens_at), aware(c.closes_at))
    return CycleOut(
        id=c.id,
        scheme_id=c.scheme_id,
        name=c.name,
        opens_at=window.opens_at,
        closes_at=window.closes_at,
        starts_on=c.starts_on,
        max_choices=c.max_choices,
        eligible_countries=list(c.eligible_countries),
        window=window.state(now()),
    )


@router.get("/programmes", response_model=Page[ProgrammeOut], summary="Browse programmes")
async def list_programmes(
    request: Request,
    offset: Offset = 0,
    limit: Limit = 50,
    scheme: Filter = None,
    cycle: Filter = None,
    host_country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    field: Filter = None,
    level: Filter = None,
    language: Filter = None,
    applicant_type: Literal["student", "faculty"] | None = None,
) -> Page[ProgrammeOut]:
    query = select(CatalogProgramme)
    for column, value in (
        (CatalogProgramme.scheme_id, scheme),
        (CatalogProgramme.cycle_id, cycle),
        (CatalogProgramme.host_country, host_country),
        (CatalogProgramme.field, field),
        (CatalogProgramme.level, level),
        (CatalogProgramme.language, language),
        (CatalogProgramme.applicant_type, applicant_type),
    ):
        if value is not None:
            query = query.where(column == value)
    async with runtime_of(request).db.session() as session:
        rows, total = await fetch_page(session, query, CatalogProgramme.id, offset=offset, limit=limit)
    return Page(items=[programme_out(p) for p in rows], total=total, offset=offset, limit=limit)


@router.get("/programmes/{programme_id}", response_model=ProgrammeOut, summary="One programme")
async def get_programme(programme_id: IdPath, request: Request) -> ProgrammeOut:
    async with runtime_of(request).db.session() as session:
        programme = await session.get(CatalogProgramme, programme_id)
    if programme is None:
        raise DomainError(404, f"no programme {programme_id}", field="programme_id")
    return programme_out(programme)


@router.get("/cycles", response_model=Page[CycleOut], summary="Cycles and whether their window is open")
async def list_cycles(
    request: Request,
    offset: Offset = 0,
    limit: Limit = 50,
    scheme: Filter = None,
    window: Literal["upcoming", "open", "closed"] | None = None,
) -> Page[CycleOut]:
    query = select(CatalogCycle)
    if scheme is not None:
        query = query.where(CatalogCycle.scheme_id == scheme)
    t = now()
    if window == "open":
        query = query.where(CatalogCycle.opens_at <= t, CatalogCycle.closes_at > t)
    elif window == "closed":
        query = query.where(CatalogCycle.closes_at <= t)
    elif window == "upcoming":
        query = query.where(CatalogCycle.opens_at > t)
    async with runtime_of(request).db.session() as session:
        rows, total = await fetch_page(
            session, query, CatalogCycle.opens_at.desc(), CatalogCycle.id, offset=offset, limit=limit
        )
    return Page(items=[cycle_out(c) for c in rows], total=total, offset=offset, limit=limit)


@router.get("/cycles/{cycle_id}", response_model=CycleOut, summary="One cycle")
async def get_cycle(cycle_id: IdPath, request: Request) -> CycleOut:
    async with runtime_of(request).db.session() as session:
        cycle = await session.get(CatalogCycle, cycle_id)
    if cycle is None:
        raise DomainError(404, f"no cycle {cycle_id}", field="cycle_id")
    return cycle_out(cycle)
