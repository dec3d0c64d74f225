"""The pool: each cycle's submitted applications as the applications service described
them, and the officers' interview and committee scores that set their priority."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from services.matching.api.common import Page, Paging, forbidden, get_or_404, page_of, runtime_of
from services.matching.domain.scope import manages_scheme
from services.matching.domain.scoring import priority_score
from services.matching.models import Cycle, PoolEntry, utcnow
from shared.api import DomainError
from shared.auth import require
from shared.principal import Principal, Role

router = APIRouter(tags=["pool"])
staff = require(Role.OFFICER, Role.ADMIN)


class PoolEntryOut(BaseModel):
    application_id: str
    applicant_id: str
    cycle_id: str
    scheme_id: str
    applicant_type: str
    sending_country: str
    choices: list[str]
    grade: float | None
    language_certificates: list[dict]
    status: str
    interview_score: float | None
    committee_score: float | None
    priority_score: float = Field(
        description="weighted mean of grade, interview and committee (see the cycle's weights)"
    )
    scored_by: str | None
    scored_at: datetime | None
    received_at: datetime
    updated_at: datetime


class ScoreIn(BaseModel):
    interview_score: float | None = Field(default=None, ge=0, le=100)
    committee_score: float | None = Field(default=None, ge=0, le=100)


def entry_out(e: PoolEntry, weights: dict | None) -> PoolEntryOut:
    return PoolEntryOut(
        **e.model_dump(exclude={"language_certificates"}),
        language_certificates=list(e.language_certificates or []),
        priority_score=priority_score(e.grade, e.interview_score, e.committee_score, weights),
    )


async def _cycle_in_scope(s, cycle_id: str, who: Principal) -> Cycle:
    cycle = await get_or_404(s, Cycle, cycle_id, "cycle_id", "cycle")
    if not manages_scheme(who, cycle.scheme_id):
        raise forbidden(f"outside your scope: scheme {cycle.scheme_id}", "cycle_id")
    return cycle


@router.get("/cycles/{cycle_id}/pool", response_model=Page[PoolEntryOut])
async def list_pool(
    cycle_id: str,
    request: Request,
    paging: Paging = Depends(),
    status: str | None = None,
    sending_country: str | None = None,
    who: Principal = Depends(staff),
):
    async with runtime_of(request).db.session() as s:
        cycle = await _cycle_in_scope(s, cycle_id, who)
        stmt = select(PoolEntry).where(PoolEntry.cycle_id == cycle_id)
        if status:
            stmt = stmt.where(PoolEntry.status == status)
        if sending_country:
            stmt = stmt.where(PoolEntry.sending_country == sending_country)
        rows, total = await page_of(s, stmt, paging, [PoolEntry.received_at, PoolEntry.application_id])
    return Page(
        items=[entry_out(r, cycle.score_weights) for r in rows], total=total, offset=paging.offset, limit=paging.limit
    )


@router.put("/cycles/{cycle_id}/pool/{application_id}/score", response_model=PoolEntryOut)
async def score_application(
    cycle_id: str, application_id: str, body: ScoreIn, request: Request, who: Principal = Depends(staff)
):
    """Set the interview and committee scores (null clears one); the priority follows."""
    async with runtime_of(request).db.session() as s, s.begin():
        cycle = await _cycle_in_scope(s, cycle_id, who)
        entry = await s.get(PoolEntry, application_id)
        if entry is None or entry.cycle_id != cycle_id:
            raise DomainError(
                404, f"application {application_id!r} is not in the pool of {cycle_id}", field="application_id"
            )
        if entry.status == "withdrawn":
            raise DomainError(409, "the application was withdrawn", field="application_id")
        entry.interview_score = body.interview_score
        entry.committee_score = body.committee_score
        entry.scored_by, entry.scored_at = who.sub, utcnow()
        entry.updated_at = utcnow()
    return entry_out(entry, cycle.score_weights)


@router.get("/pool/applications/{application_id}", response_model=PoolEntryOut)
async def get_pool_entry(application_id: str, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s:
        entry = await s.get(PoolEntry, application_id)
        if entry is None:
            raise HTTPException(404, detail=[{"field": "application_id", "reason": "not in any pool"}])
        cycle = await s.get(Cycle, entry.cycle_id)
    if not manages_scheme(who, entry.scheme_id):
        raise forbidden(f"outside your scope: scheme {entry.scheme_id}", "application_id")
    return entry_out(entry, cycle.score_weights if cycle else None)
