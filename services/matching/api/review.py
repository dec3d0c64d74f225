"""Officer review of proposed matches: approve (an offer) or reject (with an internal reason
and an optional message to the applicant), one at a time or in bulk, only within the
officer's schemes and host institutions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import StringConstraints

from services.matching.api.deps import Source
from services.matching.api.schemas import ApproveIn, MatchOut, RejectIn, ReviewIn, ReviewOut
from services.matching.domain.review import Decision
from services.matching.domain.statuses import MatchStatus
from services.matching.models import Match, infra
from services.matching.service import review
from shared.api import DbSession, KeysetPageParams, Transaction
from shared.auth import Staff
from shared.idempotency import IdempotencyKey, run_idempotent
from shared.paging import KeysetPage, fetch_keyset_page

router = APIRouter(tags=["review"])


def _out(m: Match) -> MatchOut:
    return MatchOut.model_validate(m.model_dump())


@router.post("/matches/{match_id}/approve", response_model=MatchOut)
async def approve(
    request: Request,
    match_id: str,
    session: Transaction,
    source: Source,
    caller: Staff,
    key: IdempotencyKey,
    body: ApproveIn | None = None,
):
    """With an ``Idempotency-Key``, the same request again (a double click, a retry after a
    timeout) answers as the first did: not 409 "not proposed", which read as a colleague's
    decision."""
    shown = body or ApproveIn()

    async def produce() -> MatchOut:
        decided = await review.decide(
            session, caller, match_id, Decision.APPROVE, shown.note, source, shown.message_to_applicant
        )
        return _out(decided)

    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=200, produce=produce
    )


@router.post("/matches/{match_id}/reject", response_model=MatchOut)
async def reject(
    request: Request,
    match_id: str,
    body: RejectIn,
    session: Transaction,
    source: Source,
    caller: Staff,
    key: IdempotencyKey,
):
    """``reason`` stays internal; ``message_to_applicant`` (optional) is what the applicant reads.
    With an ``Idempotency-Key``, the same request again answers as the first did."""

    async def produce() -> MatchOut:
        decided = await review.decide(
            session, caller, match_id, Decision.REJECT, body.reason.strip(), source, body.message_to_applicant
        )
        return _out(decided)

    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=200, produce=produce
    )


@router.post("/matches/review", response_model=ReviewOut)
async def review_many(
    request: Request, body: ReviewIn, session: Transaction, source: Source, caller: Staff, key: IdempotencyKey
):
    """All or nothing: if any decision is refused, none is applied and every refusal is named.
    With an ``Idempotency-Key``, the same request again answers as the first did."""

    async def produce() -> ReviewOut:
        decisions = [
            review.ReviewDecision(
                d.match_id, d.decision, d.reason.strip() if d.reason else None, d.message_to_applicant
            )
            for d in body.decisions
        ]
        done = await review.decide_many(session, caller, decisions, source)
        approved = sum(1 for d in decisions if d.decision == Decision.APPROVE)
        return ReviewOut(approved=approved, rejected=len(done) - approved, matches=[_out(m) for m in done])

    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=200, produce=produce
    )


@router.get("/matches", response_model=KeysetPage[MatchOut])
async def list_matches(
    session: DbSession,
    paging: KeysetPageParams,
    caller: Staff,
    cycle_id: str | None = None,
    status: MatchStatus | None = None,
    programme_id: str | None = None,
    round_id: str | None = None,
    application_id: Annotated[
        list[Annotated[str, StringConstraints(max_length=64)]] | None,
        Query(max_length=200, description="only these applications' (repeat the parameter)"),
    ] = None,
):
    """Matches within the caller's scope, oldest first; a long list (a round's proposals) is
    best paged with ``after`` = the page's ``next``."""
    query = review.matches_query(
        caller,
        cycle_id=cycle_id,
        status=status,
        programme_id=programme_id,
        round_id=round_id,
        application_id=application_id,
    )
    rows, total, next_ = await fetch_keyset_page(session, query, Match.created_at, Match.id, paging=paging)
    return KeysetPage.keyed([_out(m) for m in rows], total, paging, next_)


@router.get("/matches/{match_id}", response_model=MatchOut)
async def get_match(match_id: str, session: DbSession, caller: Staff):
    return _out(await review.visible_match(session, caller, match_id))
