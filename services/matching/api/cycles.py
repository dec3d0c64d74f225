"""Cycles: officers of the scheme write, anyone reads."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import select

from services.matching.api.deps import Source
from services.matching.api.schemas import CycleFields, CycleIn, CycleOut, saved
from services.matching.models import Cycle
from services.matching.service import catalog
from services.matching.service.common import get_or_not_found
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Staff
from shared.paging import Page, fetch_page

router = APIRouter(tags=["catalog"])


@router.post("/cycles", status_code=201, response_model=CycleOut)
async def create_cycle(body: CycleIn, session: Transaction, source: Source, caller: Staff):
    return saved(CycleOut, *await catalog.create_cycle(session, source, caller, body.model_dump()))


@router.put("/cycles/{cycle_id}", response_model=CycleOut)
async def update_cycle(cycle_id: str, body: CycleFields, session: Transaction, source: Source, caller: Staff):
    return saved(CycleOut, *await catalog.update_cycle(session, source, caller, cycle_id, body.model_dump()))


@router.delete("/cycles/{cycle_id}", status_code=204)
async def delete_cycle(cycle_id: str, session: Transaction, source: Source, caller: Staff):
    await catalog.delete_cycle(session, source, caller, cycle_id)
    return Response(status_code=204)


@router.post("/cycles/{cycle_id}/archive", response_model=CycleOut)
async def archive_cycle(cycle_id: str, session: Transaction, caller: Staff):
    """Archive the cycle: out of the officers' console (``GET /cycles?archived=false``), no
    more rounds; its applications, matches and journal stay as they are. Refused (409) while
    applications are open (``cycle.still_open``), a round is under way (``cycle.round_running``)
    or proposals wait for review (``cycle.proposals_waiting``). Archived already: as it is."""
    return saved(CycleOut, await catalog.archive_cycle(session, caller, cycle_id, archived=True))


@router.delete("/cycles/{cycle_id}/archive", response_model=CycleOut)
async def restore_cycle(cycle_id: str, session: Transaction, caller: Staff):
    """Bring an archived cycle back to the console (and to rounds)."""
    return saved(CycleOut, await catalog.archive_cycle(session, caller, cycle_id, archived=False))


@router.get("/cycles", response_model=Page[CycleOut])
async def list_cycles(
    session: DbSession, paging: PageParams, scheme_id: str | None = None, archived: bool | None = None
):
    """Every cycle (``archived``: only the archived ones, or only those in use)."""
    query = select(Cycle)
    if scheme_id:
        query = query.where(Cycle.scheme_id == scheme_id)
    if archived is not None:
        query = query.where(Cycle.archived_at.is_not(None) if archived else Cycle.archived_at.is_(None))
    rows, total = await fetch_page(session, query, Cycle.id, paging=paging)
    return Page.of([saved(CycleOut, r) for r in rows], total, paging)


@router.get("/cycles/{cycle_id}", response_model=CycleOut)
async def get_cycle(cycle_id: str, session: DbSession):
    return saved(CycleOut, await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle"))
