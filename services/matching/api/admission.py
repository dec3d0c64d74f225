"""Host admission (issue 14): the admissions a host has to decide (or decided), and its
decision on one match. Partner users (portal or machine credentials) see and decide only
their own institutions'; officers within their scope; admins all."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.matching.api.admission_schemas import AdmissionIn, AdmissionOut
from services.matching.api.deps import Source
from services.matching.api.schemas import ID
from services.matching.domain.admission import Verdict
from services.matching.domain.statuses import MatchStatus
from services.matching.models import Match
from services.matching.service import admission
from shared.api import DbSession, PageParams, Transaction
from shared.auth import AdmissionCaller
from shared.paging import Page, fetch_page

router = APIRouter(tags=["admission"])

Id = Annotated[str | None, Query(max_length=64, pattern=ID)]


@router.get("/admissions", response_model=Page[AdmissionOut])
async def list_admissions(
    session: DbSession,
    paging: PageParams,
    caller: AdmissionCaller,
    cycle_id: Id = None,
    institution_id: Id = None,
    programme_id: Id = None,
    status: Literal["with_host", "approved", "host_rejected", "accepted", "declined"] | None = None,
):
    """Matches waiting for the host's decision (with_host) or decided by it, oldest first;
    after an admission, the applicant's answer (accepted, declined); of one programme with
    ``programme_id``."""
    query = admission.admissions_query(
        caller,
        cycle_id=cycle_id,
        institution_id=institution_id,
        programme_id=programme_id,
        status=MatchStatus(status) if status else None,
    )
    rows, total = await fetch_page(session, query, Match.created_at, Match.id, paging=paging)
    return Page.of([AdmissionOut.of(a) for a in await admission.describe(session, rows)], total, paging)


@router.post("/matches/{match_id}/admission", response_model=AdmissionOut)
async def decide(match_id: str, body: AdmissionIn, session: Transaction, source: Source, caller: AdmissionCaller):
    """Admit (the offer goes to the applicant) or reject with a reason (the seat is freed).
    A change of mind is a new version: an admitted match may be rejected until the applicant
    answers (409 admission.not_awaiting after); a rejected one is never admitted (409
    admission.seat_released). With ``version``, a decision made since is not overturned
    unseen (409 admission.changed)."""
    decided = await admission.decide(
        session, caller, match_id, Verdict(body.decision), body.reason_code, body.note, source, seen=body.version
    )
    return AdmissionOut.of(decided)
