"""Matching rounds: start one for a cycle, follow its progress, read its outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from services.matching.api.common import Page, Paging, forbidden, get_or_404, page_of, runtime_of
from services.matching.domain.scope import manages_scheme
from services.matching.models import Cycle, Round, RoundOutcome
from shared.auth import require
from shared.principal import Principal, Role

router = APIRouter(tags=["rounds"])
staff = require(Role.OFFICER, Role.ADMIN)


class RoundIn(BaseModel):
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1, description="lottery seed; random when absent")


class RoundStarted(BaseModel):
    round_id: str
    cycle_id: str
    number: int
    seed: int
    status: str
    href: str


class RoundOut(BaseModel):
    id: str
    cycle_id: str
    number: int
    seed: int
    status: str = Field(description="queued | running | completed | failed")
    progress: float = Field(ge=0, le=1)
    inputs_digest: str | None
    matched: int
    waitlisted: int
    unmatched: int
    fixed: int
    statistics: dict[str, Any]
    error: str | None
    started_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class RoundSummary(BaseModel):
    id: str
    number: int
    seed: int
    status: str
    progress: float
    inputs_digest: str | None
    matched: int
    waitlisted: int
    unmatched: int
    fixed: int
    created_at: datetime
    finished_at: datetime | None


class OutcomeOut(BaseModel):
    application_id: str
    applicant_id: str
    status: str = Field(description="matched | waitlisted | unmatched | fixed | withdrawn")
    programme_id: str | None
    match_id: str | None
    reasons: list[dict]
    waitlist_positions: list[dict]


async def _cycle(s, cycle_id: str, who: Principal) -> Cycle:
    cycle = await get_or_404(s, Cycle, cycle_id, "cycle_id", "cycle")
    if not manages_scheme(who, cycle.scheme_id):
        raise forbidden(f"outside your scope: scheme {cycle.scheme_id}", "cycle_id")
    return cycle


@router.post("/cycles/{cycle_id}/rounds", status_code=202, response_model=RoundStarted)
async def start_round(cycle_id: str, request: Request, body: RoundIn | None = None, who: Principal = Depends(staff)):
    """Queue a matching round; it runs in the background (409 while one runs for the cycle)."""
    async with runtime_of(request).db.session() as s:
        await _cycle(s, cycle_id, who)
    round_ = await request.app.state.rounds.start(cycle_id, body.seed if body else None, who.sub)
    return RoundStarted(
        round_id=round_.id,
        cycle_id=cycle_id,
        number=round_.number,
        seed=round_.seed,
        status=round_.status,
        href=f"/rounds/{round_.id}",
    )


@router.get("/cycles/{cycle_id}/rounds", response_model=Page[RoundSummary])
async def list_rounds(cycle_id: str, request: Request, paging: Paging = Depends(), who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s:
        await _cycle(s, cycle_id, who)
        rows, total = await page_of(s, select(Round).where(Round.cycle_id == cycle_id), paging, [Round.number.desc()])
    return Page(
        items=[RoundSummary.model_validate(r.model_dump()) for r in rows],
        total=total,
        offset=paging.offset,
        limit=paging.limit,
    )


async def _round(s, round_id: str, who: Principal) -> Round:
    round_ = await get_or_404(s, Round, round_id, "round_id", "round")
    cycle = await s.get(Cycle, round_.cycle_id)
    if cycle is not None and not manages_scheme(who, cycle.scheme_id):
        raise forbidden(f"outside your scope: scheme {cycle.scheme_id}", "round_id")
    return round_


@router.get("/rounds/{round_id}", response_model=RoundOut)
async def get_round(round_id: str, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s:
        return RoundOut.model_validate((await _round(s, round_id, who)).model_dump())


@router.get("/rounds/{round_id}/outcomes", response_model=Page[OutcomeOut])
async def list_outcomes(
    round_id: str,
    request: Request,
    paging: Paging = Depends(),
    status: str | None = None,
    who: Principal = Depends(staff),
):
    async with runtime_of(request).db.session() as s:
        await _round(s, round_id, who)
        stmt = select(RoundOutcome).where(RoundOutcome.round_id == round_id)
        if status:
            stmt = stmt.where(RoundOutcome.status == status)
        rows, total = await page_of(s, stmt, paging, [RoundOutcome.application_id])
    return Page(
        items=[OutcomeOut.model_validate(r.model_dump()) for r in rows],
        total=total,
        offset=paging.offset,
        limit=paging.limit,
    )


@router.get("/rounds/{round_id}/waitlist", response_model=dict[str, list[str]])
async def get_waitlist(round_id: str, request: Request, who: Principal = Depends(staff)):
    """programme id -> application ids in priority order."""
    async with runtime_of(request).db.session() as s:
        return (await _round(s, round_id, who)).waitlist
