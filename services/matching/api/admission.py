"""Host admission (issue 14): the admissions a host has to decide (or decided), and its
decision on one match. Partner users (portal or machine credentials) see and decide only
their own institutions'; officers within their scope; admins all."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import StringConstraints

from services.matching.api.admission_schemas import AdmissionIn, AdmissionOut
from services.matching.api.deps import Source
from services.matching.api.schemas import ID
from services.matching.domain.admission import Verdict
from services.matching.domain.statuses import MatchStatus
from services.matching.models import Match
from services.matching.service import admission
from shared.api import DbSession, KeysetPageParams, Transaction
from shared.auth import AdmissionCaller
from shared.paging import KeysetPage, fetch_keyset_page

router = APIRouter(tags=["admission"])

Id = Annotated[str | None, Query(max_length=64, pattern=ID)]
Ids = list[Annotated[str, StringConstraints(max_length=64)]] | None
ApplicationIds = Annotated[Ids, Query(max_length=200, description="only these applications' (repeat the parameter)")]
MatchIds = Annotated[Ids, Query(max_length=200, description="only these matches (repeat the parameter)")]


@router.get("/admissions", response_model=KeysetPage[AdmissionOut])
async def list_admissions(
    session: DbSession,
    paging: KeysetPageParams,
    caller: AdmissionCaller,
    cycle_id: Id = None,
    institution_id: Id = None,
    programme_id: Id = None,
    status: Literal["with_host", "approved", "host_rejected", "accepted", "declined", "withdrawn"] | None = None,
    application_id: ApplicationIds = None,
    match_id: MatchIds = None,
):
    """Matches waiting for the host's decision (with_host) or decided by it; after an
    admission, the applicant's answer (accepted, declined) or withdrawal (a place given up
    too: withdrawn); of one programme with
    ``programme_id``, of some applications or matches with ``application_id`` / ``match_id``.

    Oldest first, in a stable order (when the match was made, then its id). A decided match
    leaves ``status=with_host``, so paging that list by ``offset`` while deciding skips
    matches: follow each page's ``next`` with ``after`` (a cursor, not a position: nothing is
    skipped), or read again from offset 0 after deciding."""
    query = admission.admissions_query(
        caller,
        cycle_id=cycle_id,
        institution_id=institution_id,
        programme_id=programme_id,
        status=MatchStatus(status) if status else None,
        application_ids=application_id or (),
        match_ids=match_id or (),
    )
    rows, total, next_ = await fetch_keyset_page(session, query, Match.created_at, Match.id, paging=paging)
    items = [AdmissionOut.of(a) for a in await admission.describe(session, rows)]
    return KeysetPage.keyed(items, total, paging, next_)


@router.get("/admissions/{match_id}", response_model=AdmissionOut)
async def get_admission(match_id: Annotated[str, Path(max_length=64)], session: DbSession, caller: AdmissionCaller):
    """One admission (the ``match_id`` of a webhook), as the list shows it. One the list would
    not show this caller (another institution's, or not yet the host's) answers 404
    admission.not_found."""
    return AdmissionOut.of(await admission.one(session, caller, match_id))


@router.post("/matches/{match_id}/admission", response_model=AdmissionOut)
async def decide(match_id: str, body: AdmissionIn, session: Transaction, source: Source, caller: AdmissionCaller):
    """Admit (the offer goes to the applicant) or reject with a reason (the seat is freed).
    A change of mind is a new version: an admitted match may be rejected until the applicant
    answers (409 admission.not_awaiting after); a rejected one is never admitted (409
    admission.seat_released). With ``version``, a decision made since is not overturned
    unseen (409 admission.changed). Another institution's match answers a partner 404
    match.not_found, as a missing one."""
    decided = await admission.decide(
        session, caller, match_id, Verdict(body.decision), body.reason_code, body.note, source, seen=body.version
    )
    return AdmissionOut.of(decided)
