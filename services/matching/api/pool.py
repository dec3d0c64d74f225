"""The pool: each cycle's submitted applications, and the officers' interview and
committee scores that set their priority."""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.api.schemas import PoolEntryOut, ScoreIn
from services.matching.domain.scoring import priority_score
from services.matching.domain.statuses import PoolStatus
from services.matching.models import Cycle, PoolEntry
from services.matching.service import committee, pool
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Staff
from shared.paging import Page, fetch_page

router = APIRouter(tags=["pool"])


def entry_out(
    e: PoolEntry, weights: dict | None, hidden: set[str] | frozenset[str] = frozenset(), name: str = ""
) -> PoolEntryOut:
    """``hidden``: applications the caller reviews without having submitted (their committee
    score is the other reviewers' composite, withheld until then)."""
    committee_score = None if e.application_id in hidden else e.committee_score
    return PoolEntryOut(
        **e.model_dump(exclude={"language_certificates", "committee_score"}),
        committee_score=committee_score,
        language_certificates=list(e.language_certificates or []),
        priority_score=priority_score(e.grade, e.interview_score, committee_score, weights),
        committee_hidden=e.application_id in hidden,
        applicant_name=name,
    )


@router.get("/cycles/{cycle_id}/pool", response_model=Page[PoolEntryOut])
async def list_pool(
    cycle_id: str,
    session: DbSession,
    paging: PageParams,
    caller: Staff,
    status: PoolStatus | None = None,
    sending_country: str | None = None,
):
    """The cycle's entries the caller sees (an institution-scoped officer: those naming a
    programme hosted at one of their institutions)."""
    cycle = await pool.cycle_for_pool(session, caller, cycle_id)
    query = await pool.pool_query(session, caller, cycle, status, sending_country)
    rows, total = await fetch_page(session, query, PoolEntry.received_at, PoolEntry.application_id, paging=paging)
    hidden = await committee.scores_hidden_from(session, caller)
    names = await committee.names_of(session, [r.applicant_id for r in rows])
    return Page.of(
        [entry_out(r, cycle.score_weights, hidden, names.get(r.applicant_id, "")) for r in rows], total, paging
    )


@router.put("/cycles/{cycle_id}/pool/{application_id}/score", response_model=PoolEntryOut)
async def score_application(cycle_id: str, application_id: str, body: ScoreIn, session: Transaction, caller: Staff):
    """Set the interview and committee scores by hand (null clears one); the priority
    follows. Kept next to the scoresheets: a review submitted later recomputes the committee
    score from the reviewers' composite (the interview score stays as set here)."""
    entry, cycle = await pool.score(
        session, caller, cycle_id, application_id, body.interview_score, body.committee_score
    )
    return entry_out(entry, cycle.score_weights)


@router.get("/pool/applications/{application_id}", response_model=PoolEntryOut)
async def get_pool_entry(application_id: str, session: DbSession, caller: Staff):
    """One application's pool entry: 404 when it is in no pool or not in the caller's scope."""
    entry = await pool.visible_entry(session, caller, application_id)
    cycle = await session.get(Cycle, entry.cycle_id)
    hidden = await committee.scores_hidden_from(session, caller)
    return entry_out(entry, cycle.score_weights if cycle else None, hidden)
