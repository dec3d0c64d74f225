"""Nominations (issue 14): a sending country's authority reads its national pool, ranks it
and publishes nominees and a reserve list; officers of the scheme read them."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request

from services.matching.api.deps import Source
from services.matching.api.nomination_schemas import Candidate, NominationsIn, NominationSummary, WithdrawIn
from services.matching.models import infra
from services.matching.service import nominations
from shared.api import DbSession, PageParams, Transaction
from shared.auth import NominationCaller
from shared.idempotency import IdempotencyKey, run_idempotent
from shared.paging import Page

router = APIRouter(tags=["nominations"])

State = Literal["nominated", "reserve", "not_nominated", "withdrawn", "undecided"]


@router.get("/cycles/{cycle_id}/nominations", response_model=list[NominationSummary])
async def list_nominations(cycle_id: str, session: DbSession, caller: NominationCaller):
    """A summary per sending country of the cycle the caller may read."""
    return await nominations.visible_lists(session, caller, cycle_id)


@router.get("/cycles/{cycle_id}/nominations/{country}", response_model=NominationSummary)
async def get_nominations(cycle_id: str, country: str, session: DbSession, caller: NominationCaller):
    return await nominations.visible_summary(session, caller, cycle_id, country)


@router.get("/cycles/{cycle_id}/nominations/{country}/candidates", response_model=Page[Candidate])
async def list_candidates(
    cycle_id: str,
    country: str,
    session: DbSession,
    paging: PageParams,
    caller: NominationCaller,
    sort: Literal[nominations.SORTS] = "position",  # type: ignore[valid-type]
    order: Literal["asc", "desc"] = "asc",
    state: State | None = None,
    q: str | None = None,
):
    """The country's national pool as a table: sort, filter by decision, search by name."""
    items, total = await nominations.candidates(
        session, caller, cycle_id, country, sort=sort, order=order, state=state, q=q, paging=paging
    )
    return Page.of(items, total, paging)


@router.put("/cycles/{cycle_id}/nominations/{country}", response_model=NominationSummary)
async def save_nominations(
    request: Request,
    cycle_id: str,
    country: str,
    body: NominationsIn,
    session: Transaction,
    source: Source,
    caller: NominationCaller,
    key: IdempotencyKey,
):
    """Save a draft (never shown to applicants) or publish (each changed application told).
    With ``version``, a list published again since it was read is refused (409
    ``nomination.changed``); with an ``Idempotency-Key``, the same request again (a double
    click) answers as the first did and publishes nothing more."""

    async def produce() -> NominationSummary:
        saved = await nominations.save(
            session,
            caller,
            cycle_id,
            country,
            nominees=body.nominees,
            reserve=body.reserve,
            not_nominated=[(n.application_id, n.reason) for n in body.not_nominated],
            publish=body.publish,
            version=body.version,
            source=source,
        )
        return NominationSummary.model_validate(saved)

    return await run_idempotent(
        request,
        session,
        infra,
        principal=caller.sub,
        key=key,
        status_code=200,
        produce=produce,
    )


@router.post("/cycles/{cycle_id}/nominations/{country}/withdraw", response_model=NominationSummary)
async def withdraw_nomination(
    cycle_id: str, country: str, body: WithdrawIn, session: Transaction, source: Source, caller: NominationCaller
):
    """Withdraw a nominee (the first on the reserve list takes the place) or a reserve."""
    return await nominations.withdraw(session, caller, cycle_id, country, body.application_id, body.reason, source)
