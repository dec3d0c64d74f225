"""The catalog as applicants browse it (a read model of corridor.catalog.v1); public."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from services.applications.api.schemas import ID_PATTERN, CycleOut, ProgrammeOut
from services.applications.domain.lifecycle import WindowState
from services.applications.service import catalog
from shared.api import DbSession, PageParams
from shared.clock import utcnow
from shared.paging import Page, fetch_page

router = APIRouter(tags=["catalog"])

Filter = Annotated[str | None, Query(min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]+$")]
IdPath = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]


@router.get("/programmes", response_model=Page[ProgrammeOut], summary="Browse programmes")
async def list_programmes(
    session: DbSession,
    paging: PageParams,
    scheme: Filter = None,
    cycle: Filter = None,
    host_country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    field: Filter = None,
    level: Filter = None,
    language: Filter = None,
    applicant_type: Literal["student", "faculty"] | None = None,
    first_open_to: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Z]{2}$",
            description="A sending country (ISO 3166-1 alpha-2): the programmes an applicant from it can "
            "apply to now come first (their cycle takes the country and is open; not an exchange hosted in "
            "that country for the other side's students), each part by id",
        ),
    ] = None,
    open_to: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Z]{2}$",
            description="A sending country: only the programmes an applicant from it can apply to now (as "
            "first_open_to orders them)",
        ),
    ] = None,
    with_closed: Annotated[
        bool,
        Query(
            description="also the programmes taken off offer (no seats): they take no new applicants, and a draft "
            "holding one is submitted without it (422 application.programme_closed)"
        ),
    ] = False,
) -> Page[ProgrammeOut]:
    reader = open_to or first_open_to
    first = await catalog.cycles_open_to(session, reader, utcnow()) if reader else ()
    query = catalog.programmes_query(
        {
            "scheme_id": scheme,
            "cycle_id": cycle,
            "host_country": host_country,
            "field": field,
            "level": level,
            "language": language,
            "applicant_type": applicant_type,
        },
        first,
        reader,
        only_open=open_to is not None,
        with_closed=with_closed,
    )
    rows, total = await fetch_page(session, query, paging=paging)
    return Page.of([ProgrammeOut.of(p) for p in rows], total, paging)


@router.get("/programmes/{programme_id}", response_model=ProgrammeOut, summary="One programme")
async def get_programme(programme_id: IdPath, session: DbSession) -> ProgrammeOut:
    return ProgrammeOut.of(await catalog.programme(session, programme_id))


@router.get("/cycles", response_model=Page[CycleOut], summary="Cycles and whether their window is open")
async def list_cycles(
    session: DbSession,
    paging: PageParams,
    scheme: Filter = None,
    window: Literal["upcoming", "open", "closed"] | None = None,
) -> Page[CycleOut]:
    query = catalog.cycles_query(scheme, WindowState(window) if window else None, utcnow())
    rows, total = await fetch_page(session, query, paging=paging)
    schemes = {
        c.scheme_id: await catalog.scheme_countries(session, c.scheme_id) for c in rows if not c.eligible_countries
    }
    return Page.of([CycleOut.of(c, schemes.get(c.scheme_id, [])) for c in rows], total, paging)


@router.get("/cycles/{cycle_id}", response_model=CycleOut, summary="One cycle")
async def get_cycle(cycle_id: IdPath, session: DbSession) -> CycleOut:
    cycle = await catalog.cycle(session, cycle_id)
    return CycleOut.of(
        cycle, [] if cycle.eligible_countries else await catalog.scheme_countries(session, cycle.scheme_id)
    )
