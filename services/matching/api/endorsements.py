"""Endorsements (issue 14): a home institution's coordinator reads its applicants in a cycle
and endorses them or not, alone or as a named cohort; officers of the scheme read them."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from services.matching.api.deps import Source
from services.matching.api.endorsement_schemas import EndorsementCandidate, EndorsementsIn, EndorsementSummary
from services.matching.domain.endorsements import Requested
from services.matching.service import endorsements
from shared.api import DbSession, PageParams, Transaction
from shared.auth import EndorsementCaller
from shared.paging import Page

router = APIRouter(tags=["endorsements"])

State = Literal["endorsed", "not_endorsed", "undecided"]


@router.get("/schemes/{scheme_id}/endorsing-institutions", response_model=list[str])
async def endorsing_institutions(scheme_id: str, session: DbSession):
    """The home institutions that endorse in the scheme (an active coordinator account there),
    by id: public, as the catalog is, so an applicant can be told before choosing one that
    nobody endorses for it yet."""
    return await endorsements.endorsing_institutions(session, scheme_id)


@router.get("/cycles/{cycle_id}/endorsements", response_model=list[EndorsementSummary])
async def list_endorsements(cycle_id: str, session: DbSession, caller: EndorsementCaller):
    """A summary per home institution of the cycle the caller may read."""
    return await endorsements.visible_lists(session, caller, cycle_id)


@router.get("/cycles/{cycle_id}/endorsements/{institution_id}", response_model=EndorsementSummary)
async def get_endorsements(cycle_id: str, institution_id: str, session: DbSession, caller: EndorsementCaller):
    return await endorsements.visible_summary(session, caller, cycle_id, institution_id)


@router.get("/cycles/{cycle_id}/endorsements/{institution_id}/candidates", response_model=Page[EndorsementCandidate])
async def list_endorsement_candidates(
    cycle_id: str,
    institution_id: str,
    session: DbSession,
    paging: PageParams,
    caller: EndorsementCaller,
    sort: Literal[endorsements.SORTS] = "name",  # type: ignore[valid-type]
    order: Literal["asc", "desc"] = "asc",
    state: State | None = None,
    q: str | None = None,
):
    """The institution's applicants in the cycle as a table: sort, filter by decision, search by name."""
    items, total = await endorsements.candidates(
        session, caller, cycle_id, institution_id, sort=sort, order=order, state=state, q=q, paging=paging
    )
    return Page.of(items, total, paging)


@router.put("/cycles/{cycle_id}/endorsements/{institution_id}", response_model=EndorsementSummary)
async def decide_endorsements(
    cycle_id: str,
    institution_id: str,
    body: EndorsementsIn,
    session: Transaction,
    source: Source,
    caller: EndorsementCaller,
):
    """Endorse (or not) one or more applications; every changed decision is told at once."""
    requested = [Requested(d.application_id, d.state, d.reason, d.was) for d in body.decisions]
    return await endorsements.decide(
        session, caller, cycle_id, institution_id, requested, cohort=body.cohort, source=source
    )
