"""Officer review of proposed matches: approve (an offer) or reject (with a reason), one at
a time or in bulk, only within the officer's schemes and host institutions."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, model_validator
from sqlalchemy import select

from services.matching.api.common import Page, Paging, Unprocessable, forbidden, page_of, runtime_of
from services.matching.domain.review import ReviewRefused, review
from services.matching.domain.scope import manages_hosted
from services.matching.models import Match, infra, utcnow
from services.matching.rounds import round_running
from shared.api import DomainError
from shared.auth import require
from shared.events.catalog import MatchApproved, MatchRejected
from shared.outbox import add_event
from shared.principal import Principal, Role

router = APIRouter(tags=["review"])
staff = require(Role.OFFICER, Role.ADMIN)


class MatchOut(BaseModel):
    id: str
    round_id: str
    cycle_id: str
    scheme_id: str
    application_id: str
    applicant_id: str
    programme_id: str
    host_institution_id: str
    rank: int
    status: str = Field(description="proposed | approved | rejected | accepted | declined | superseded | withdrawn")
    reasons: list[dict]
    review_reason: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    answered_at: datetime | None
    created_at: datetime


class RejectIn(BaseModel):
    reason: str = Field(min_length=3, max_length=1000)


class ApproveIn(BaseModel):
    note: str | None = Field(default=None, max_length=1000)


class Decision(BaseModel):
    match_id: str = Field(min_length=1, max_length=64)
    decision: Literal["approve", "reject"]
    reason: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _reason_for_rejection(self) -> Decision:
        if self.decision == "reject" and not (self.reason and len(self.reason.strip()) >= 3):
            raise ValueError("a rejection needs a reason (at least 3 characters)")
        return self


class ReviewIn(BaseModel):
    decisions: list[Decision] = Field(min_length=1, max_length=1000)


class ReviewOut(BaseModel):
    approved: int
    rejected: int
    matches: list[MatchOut]


class _Refused(Exception):
    pass


def _out(m: Match) -> MatchOut:
    return MatchOut.model_validate(m.model_dump())


async def _decide(s, request: Request, who: Principal, match: Match, decision: str, reason: str | None) -> None:
    if not manages_hosted(who, match.scheme_id, match.host_institution_id):
        raise forbidden(f"outside your scope: scheme {match.scheme_id} at {match.host_institution_id}", "match_id")
    if await round_running(s, match.cycle_id) is not None:
        raise DomainError(
            409, f"a round is running for cycle {match.cycle_id}; review after it completes", field="match_id"
        )
    try:
        match.status = review(match.status, decision)
    except ReviewRefused as exc:
        raise DomainError(409, str(exc), field="match_id") from None
    match.review_reason = reason
    match.reviewed_by, match.reviewed_at = who.sub, utcnow()
    match.updated_at = utcnow()
    common = dict(
        match_id=match.id,
        round_id=match.round_id,
        application_id=match.application_id,
        applicant_id=match.applicant_id,
        cycle_id=match.cycle_id,
        programme_id=match.programme_id,
        host_institution_id=match.host_institution_id,
        rank=match.rank,
    )
    event = MatchApproved(**common) if decision == "approve" else MatchRejected(**common, reason=reason or "")
    await add_event(s, infra, event, source=runtime_of(request).source)


async def _match(s, match_id: str, *, lock: bool = True) -> Match:
    match = await s.get(Match, match_id, with_for_update=lock)
    if match is None:
        raise DomainError(404, f"match {match_id!r} not found", field="match_id")
    return match


@router.post("/matches/{match_id}/approve", response_model=MatchOut)
async def approve(match_id: str, request: Request, body: ApproveIn | None = None, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        match = await _match(s, match_id)
        await _decide(s, request, who, match, "approve", body.note if body else None)
    return _out(match)


@router.post("/matches/{match_id}/reject", response_model=MatchOut)
async def reject(match_id: str, body: RejectIn, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        match = await _match(s, match_id)
        await _decide(s, request, who, match, "reject", body.reason.strip())
    return _out(match)


@router.post("/matches/review", response_model=ReviewOut)
async def review_many(body: ReviewIn, request: Request, who: Principal = Depends(staff)):
    """All or nothing: if any decision is refused, none is applied and every refusal is named."""
    ids = [d.match_id for d in body.decisions]
    if len(set(ids)) != len(ids):
        raise DomainError(422, "a match appears more than once", field="decisions")
    problems: list[dict] = []
    done: list[Match] = []
    try:
        async with runtime_of(request).db.session() as s, s.begin():
            for i, d in enumerate(body.decisions):
                try:
                    match = await _match(s, d.match_id)
                    await _decide(s, request, who, match, d.decision, d.reason.strip() if d.reason else None)
                    done.append(match)
                except DomainError as exc:
                    problems.append({"field": f"decisions.{i}.match_id", "reason": exc.reason, "status": exc.status})
            if problems:
                raise _Refused()  # rolls the whole transaction back
    except _Refused:
        codes = {p["status"] for p in problems}
        raise Unprocessable(problems, status=codes.pop() if len(codes) == 1 else 409) from None
    approved = sum(1 for d in body.decisions if d.decision == "approve")
    return ReviewOut(approved=approved, rejected=len(done) - approved, matches=[_out(m) for m in done])


@router.get("/matches", response_model=Page[MatchOut])
async def list_matches(
    request: Request,
    paging: Paging = Depends(),
    cycle_id: str | None = None,
    status: str | None = None,
    programme_id: str | None = None,
    round_id: str | None = None,
    application_id: str | None = None,
    who: Principal = Depends(staff),
):
    """Matches within the caller's scope."""
    stmt = select(Match)
    for col, value in (
        (Match.cycle_id, cycle_id),
        (Match.status, status),
        (Match.programme_id, programme_id),
        (Match.round_id, round_id),
        (Match.application_id, application_id),
    ):
        if value:
            stmt = stmt.where(col == value)
    if who.role == Role.OFFICER:
        if who.schemes:
            stmt = stmt.where(Match.scheme_id.in_(who.schemes))
        if who.institutions:
            stmt = stmt.where(Match.host_institution_id.in_(who.institutions))
    async with runtime_of(request).db.session() as s:
        rows, total = await page_of(s, stmt, paging, [Match.created_at, Match.id])
    return Page(items=[_out(m) for m in rows], total=total, offset=paging.offset, limit=paging.limit)


@router.get("/matches/{match_id}", response_model=MatchOut)
async def get_match(match_id: str, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s:
        match = await _match(s, match_id, lock=False)
    if not manages_hosted(who, match.scheme_id, match.host_institution_id):
        raise forbidden(f"outside your scope: scheme {match.scheme_id} at {match.host_institution_id}", "match_id")
    return _out(match)
