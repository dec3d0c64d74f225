"""The selection committee: scoresheets, reviewer assignment, scoring, conflicts.

The composite rule is ``api/schemas.py COMPOSITE_RULE`` (domain/committee.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.matching.api.schemas import (
    COMPOSITE_RULE,
    ApplicationReviewsOut,
    AssignedOut,
    AssignmentOut,
    AssignResultOut,
    ConflictIn,
    ModerationOut,
    ReassignIn,
    ReviewerOut,
    ReviewerScoresOut,
    ScoresheetIn,
    ScoresheetOut,
    ScoresIn,
    ScoreVersionOut,
)
from services.matching.domain.committee import Criterion
from services.matching.service import committee
from shared.api import DbSession, PageParams, Transaction
from shared.auth import CommitteeMember, Staff
from shared.errors import NotFound
from shared.paging import Page, fetch_page

router = APIRouter(tags=["committee"])


async def _save_scoresheet(
    session: Transaction, caller: Staff, body: ScoresheetIn, *, scheme_id: str, cycle_id: str | None
) -> ScoresheetOut:
    """A scheme's scoresheet (cycle_id None) or a cycle's own (scheme_id "")."""
    sheet = await committee.save_scoresheet(
        session,
        caller,
        scheme_id=scheme_id,
        cycle_id=cycle_id,
        criteria=[Criterion(c.key, c.label, c.weight, c.min, c.max) for c in body.criteria],
        reviewers_per_application=body.reviewers_per_application,
        spread_threshold=body.spread_threshold,
        committee=body.committee,
        reason=body.reason,
    )
    return ScoresheetOut.of(sheet)


def _assignment_out(a) -> AssignmentOut:
    return AssignmentOut.model_validate(a, from_attributes=True)


@router.put("/schemes/{scheme_id}/scoresheet", response_model=ScoresheetOut, description=COMPOSITE_RULE)
async def put_scheme_scoresheet(scheme_id: str, body: ScoresheetIn, session: Transaction, caller: Staff):
    """The scheme's scoresheet (used by every cycle without its own)."""
    return await _save_scoresheet(session, caller, body, scheme_id=scheme_id, cycle_id=None)


@router.get("/schemes/{scheme_id}/scoresheet", response_model=ScoresheetOut)
async def get_scheme_scoresheet(scheme_id: str, session: DbSession, caller: Staff):
    return ScoresheetOut.of(await committee.scheme_scoresheet(session, caller, scheme_id))


@router.put("/cycles/{cycle_id}/scoresheet", response_model=ScoresheetOut, description=COMPOSITE_RULE)
async def put_cycle_scoresheet(cycle_id: str, body: ScoresheetIn, session: Transaction, caller: Staff):
    """The cycle's own scoresheet (it wins over the scheme's)."""
    return await _save_scoresheet(session, caller, body, scheme_id="", cycle_id=cycle_id)


@router.get("/cycles/{cycle_id}/scoresheet", response_model=ScoresheetOut)
async def get_cycle_scoresheet(cycle_id: str, session: DbSession, caller: Staff):
    """The scoresheet that applies to the cycle: its own, else its scheme's (404: none)."""
    cycle = await committee.cycle_in_scope(session, caller, cycle_id)
    sheet = await committee.scoresheet_for(session, cycle)
    if sheet is None:
        raise NotFound("scoresheet.not_found", f"cycle {cycle_id} has no scoresheet", "cycle_id")
    return ScoresheetOut.of(sheet)


@router.post("/cycles/{cycle_id}/assignments", response_model=AssignResultOut)
async def assign_reviewers(cycle_id: str, session: Transaction, caller: Staff):
    """Assign reviewers to every submitted application missing some: the scoresheet's number
    each, evenly, never a reviewer of the applicant's home institution or with a declared
    conflict. Running it again only fills gaps, after taking the reviews not yet scored from
    officers the cycle's committee no longer names (``handed_over``)."""
    result = await committee.assign_cycle(session, caller, cycle_id)
    return AssignResultOut(
        created=[_assignment_out(a) for a in result.created], short=result.short, handed_over=result.handed_over
    )


@router.get("/cycles/{cycle_id}/reviewers", response_model=list[ReviewerOut])
async def list_reviewers(cycle_id: str, session: DbSession, caller: Staff):
    """Officer accounts of the cycle's scheme, with their load in the cycle and whether they are on
    its committee (the scoresheet's, or every officer of the scheme when it names none)."""
    return [
        ReviewerOut(
            account_id=a.account_id,
            name=a.name,
            role=a.role,
            institutions=list(a.institutions),
            assigned=n,
            on_committee=on,
        )
        for a, n, on in await committee.cycle_reviewers(session, caller, cycle_id)
    ]


@router.get("/cycles/{cycle_id}/assignments", response_model=Page[AssignmentOut])
async def list_assignments(cycle_id: str, session: DbSession, paging: PageParams, caller: Staff):
    """The cycle's live assignments (officers of its scheme)."""
    query = await committee.cycle_assignments_query(session, caller, cycle_id)
    rows, total = await fetch_page(session, query, *committee.ASSIGNMENT_ORDER, paging=paging)
    return Page.of([_assignment_out(a) for a in rows], total, paging)


@router.get("/cycles/{cycle_id}/moderation", response_model=Page[ModerationOut])
async def moderation(cycle_id: str, session: DbSession, paging: PageParams, caller: Staff, flagged: bool = False):
    """The cycle's reviewed applications with composite, spread and the moderation flag
    (flagged first); ``flagged=true``: only those."""
    rows, total = await committee.moderation_page(session, caller, cycle_id, paging, flagged)
    items = [
        ModerationOut(
            application_id=r.application_id,
            name=r.name,
            reviewers=r.reviewers,
            submitted=r.summary.submitted,
            composite=r.summary.composite,
            spread=r.summary.spread,
            flagged=r.summary.flagged,
        )
        for r in rows
    ]
    return Page.of(items, total, paging)


@router.post("/assignments/{assignment_id}/reassign", response_model=AssignmentOut)
async def reassign(assignment_id: str, body: ReassignIn, session: Transaction, caller: Staff):
    """End the assignment and give its application another (named or least loaded) reviewer."""
    return _assignment_out(await committee.reassign(session, caller, assignment_id, body.reviewer_id, body.reason))


@router.put("/assignments/{assignment_id}/scores", response_model=AssignmentOut)
async def submit_scores(assignment_id: str, body: ScoresIn, session: Transaction, caller: CommitteeMember):
    """The assigned reviewer's scores on every criterion (a new version each time)."""
    return _assignment_out(await committee.submit_scores(session, caller, assignment_id, body.scores, body.comment))


@router.post("/pool/applications/{application_id}/conflicts", status_code=204)
async def declare_conflict(application_id: str, body: ConflictIn, session: Transaction, caller: CommitteeMember):
    """I have a conflict with this application: I am never assigned it (and leave it if I was)."""
    await committee.declare_conflict(session, caller, application_id, body.reason)


@router.get("/pool/applications/{application_id}/reviews", response_model=ApplicationReviewsOut)
async def application_reviews(application_id: str, session: Transaction, caller: CommitteeMember):
    """Reviewers and scores: a reviewer who has not submitted sees only their own. An officer
    shown another reviewer's submitted scores is remembered as their reader: no blind review of
    the application is given to them after (``eligible_reviewers`` leaves them out)."""
    view = await committee.application_reviews(session, caller, application_id)
    e, p = view.entry, view.profile
    return ApplicationReviewsOut(
        application_id=e.application_id,
        cycle_id=e.cycle_id,
        name=p.name if p else "",
        passport_name=p.passport_name if p else None,
        nationality=p.nationality if p and p.nationality else e.sending_country,
        home_institution=p.home_institution if p else None,
        choices=list(e.choices),
        grade=e.grade,
        scoresheet=ScoresheetOut.of(view.scoresheet) if view.scoresheet else None,
        my_assignment_id=view.my_assignment.id if view.my_assignment else None,
        eligible_reviewers=view.eligible,
        reviews=[
            ReviewerScoresOut(
                assignment_id=r.assignment.id,
                reviewer_id=r.assignment.reviewer_id,
                reviewer_name=r.reviewer_name,
                active=r.assignment.active,
                submitted=r.assignment.submitted_at is not None,
                hidden=r.hidden,
                composite=None if r.hidden else r.assignment.composite,
                scores=r.history[-1].scores if r.history else None,
                history=[ScoreVersionOut.model_validate(h, from_attributes=True) for h in r.history],
            )
            for r in view.reviews
        ],
        composite=view.summary.composite if view.summary else None,
        spread=view.summary.spread if view.summary else None,
        flagged=view.summary.flagged if view.summary else False,
    )


@router.get("/reviews/assigned", response_model=Page[AssignedOut])
async def my_assignments(
    session: DbSession,
    paging: PageParams,
    caller: CommitteeMember,
    cycle_id: Annotated[str | None, Query(max_length=64)] = None,
    nationality: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    q: Annotated[str | None, Query(max_length=100, description="name or application id contains")] = None,
    scored: bool | None = None,
    sort: Literal["name", "nationality", "received", "submitted", "composite"] = "received",
    order: Literal["asc", "desc"] = "asc",
):
    """The applications I review: sortable, filterable, paged."""
    filters = committee.AssignedFilters(cycle_id=cycle_id, nationality=nationality, search=q, scored=scored)
    rows, total, summaries = await committee.assigned_page(session, caller, filters, sort, order, paging)
    items = []
    for a, e, p in rows:
        s = summaries.get(a.application_id)
        seen = a.submitted_at is not None  # the others' scores only after submitting mine
        items.append(
            AssignedOut(
                assignment_id=a.id,
                application_id=a.application_id,
                cycle_id=a.cycle_id,
                name=p.name if p else "",
                nationality=e.sending_country,
                choices=list(e.choices),
                grade=e.grade,
                received_at=e.received_at,
                submitted_at=a.submitted_at,
                my_composite=a.composite,
                composite=s.composite if s and seen else None,
                flagged=bool(s and seen and s.flagged),
            )
        )
    return Page.of(items, total, paging)
