"""Matching rounds: start one for a cycle, follow its progress, read its outcomes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.api.deps import Rounds
from services.matching.api.schemas import (
    ApplicationOutcomeOut,
    ChoiceVerdictOut,
    OutcomeOut,
    RoundIn,
    RoundOut,
    RoundStarted,
    RoundSummary,
    ScoreCheckOut,
)
from services.matching.api.workbench_schemas import (
    ApplicationIdIn,
    WaitlistEntryOut,
    WaitlistPlacesOut,
    WaitlistProgrammeOut,
)
from services.matching.domain.scoring import ScoreCheck, components_of, priority_score
from services.matching.domain.statuses import OutcomeStatus
from services.matching.models import Cycle, Round, RoundOutcome
from services.matching.service import committee, workbench
from services.matching.service import rounds as round_service
from services.matching.service.common import get_or_not_found, require_scheme
from services.matching.service.outcomes import latest_outcome
from shared.api import DbSession, PageParams
from shared.auth import Staff
from shared.clock import aware_or_none
from shared.idempotency import REPLAYED_HEADER, IdempotencyKey, Once, StoredAnswer
from shared.paging import Page, fetch_page
from shared.principal import Principal

router = APIRouter(tags=["rounds"])


async def _cycle(session: AsyncSession, cycle_id: str, caller: Principal) -> Cycle:
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    require_scheme(caller, cycle.scheme_id, "cycle_id")
    return cycle


async def _round(session: AsyncSession, round_id: str, caller: Principal) -> Round:
    round_ = await get_or_not_found(session, Round, round_id, field="round_id", what="round")
    cycle = await session.get(Cycle, round_.cycle_id)
    if cycle is not None:
        require_scheme(caller, cycle.scheme_id, "round_id")
    return round_


@router.post("/cycles/{cycle_id}/rounds", status_code=202, response_model=RoundStarted)
async def start_round(
    cycle_id: str,
    request: Request,
    response: Response,
    session: DbSession,
    rounds: Rounds,
    caller: Staff,
    key: IdempotencyKey,
    body: RoundIn | None = None,
):
    """Queue a matching round; it runs in the background (409 while one runs for the cycle;
    409 ``round.scores_incomplete`` over incomplete scores unless ``incomplete_scores_ok``).
    With an ``Idempotency-Key``, the same request again answers the round it started
    (``Idempotent-Replayed: true``) and starts no other."""
    await _cycle(session, cycle_id, caller)
    # End this read before the round is queued in a transaction of its own: on SQLite a
    # transaction holds the write lock from its BEGIN, and the queueing one would wait for it.
    await session.close()
    body = body or RoundIn()
    started = await rounds.start_checked(
        cycle_id,
        body.seed,
        caller.sub,
        body.incomplete_scores_ok,
        once=await Once.of(request, caller.sub, key),
        answer=_started,
        after_round=body.after_round,
    )
    if isinstance(started, StoredAnswer):
        return started.response()
    if key is not None:
        response.headers[REPLAYED_HEADER] = "false"
    return _started(*started)


def _started(round_: Round, scores: ScoreCheck) -> RoundStarted:
    return RoundStarted(
        round_id=round_.id,
        cycle_id=round_.cycle_id,
        number=round_.number,
        seed=round_.seed,
        status=round_.status,
        href=f"/rounds/{round_.id}",
        scores=ScoreCheckOut(**scores.as_json()),
    )


@router.get("/cycles/{cycle_id}/rounds/readiness", response_model=ScoreCheckOut)
async def round_readiness(cycle_id: str, session: DbSession, caller: Staff):
    """What a round started now would rank by, and how many of the applications it would rank
    have fewer reviews than the scoresheet asks: asked before a round is started."""
    cycle = await _cycle(session, cycle_id, caller)
    return ScoreCheckOut(**(await round_service.readiness(session, cycle)).as_json())


@router.get("/cycles/{cycle_id}/rounds", response_model=Page[RoundSummary])
async def list_rounds(cycle_id: str, session: DbSession, paging: PageParams, caller: Staff):
    await _cycle(session, cycle_id, caller)
    query = select(Round).where(Round.cycle_id == cycle_id)
    rows, total = await fetch_page(session, query, Round.number.desc(), paging=paging)
    return Page.of([RoundSummary.model_validate(r.model_dump()) for r in rows], total, paging)


@router.get("/rounds/{round_id}", response_model=RoundOut)
async def get_round(round_id: str, session: DbSession, caller: Staff):
    return RoundOut.model_validate((await _round(session, round_id, caller)).model_dump())


@router.get("/rounds/{round_id}/outcomes", response_model=Page[OutcomeOut])
async def list_outcomes(
    round_id: str, session: DbSession, paging: PageParams, caller: Staff, status: OutcomeStatus | None = None
):
    await _round(session, round_id, caller)
    query = select(RoundOutcome).where(RoundOutcome.round_id == round_id)
    if status:
        query = query.where(RoundOutcome.status == status)
    rows, total = await fetch_page(session, query, RoundOutcome.application_id, paging=paging)
    return Page.of([OutcomeOut.model_validate(r.model_dump()) for r in rows], total, paging)


@router.get("/rounds/{round_id}/waitlist", response_model=dict[str, list[str]])
async def get_waitlist(round_id: str, session: DbSession, caller: Staff):
    """programme id -> application ids in priority order."""
    return (await _round(session, round_id, caller)).waitlist


@router.get("/rounds/{round_id}/waitlist/places", response_model=list[WaitlistPlacesOut])
async def get_waitlist_places(
    round_id: str,
    session: DbSession,
    caller: Staff,
    application_id: Annotated[list[ApplicationIdIn], Query(min_length=1, max_length=500)],
):
    """Where the given applications wait in the round, in the order given: each waitlist it
    is on and its position. For a page of applications (an officer's review page): a national
    round's whole waitlist holds over a million places. An application without an outcome in
    the round, or on no waitlist, has none."""
    await _round(session, round_id, caller)
    wanted = list(dict.fromkeys(application_id))
    stored: dict[str, list[dict]] = dict(
        (
            await session.execute(
                select(RoundOutcome.application_id, RoundOutcome.waitlist_positions).where(
                    RoundOutcome.round_id == round_id, RoundOutcome.application_id.in_(wanted)
                )
            )
        ).all()
    )
    return [WaitlistPlacesOut(application_id=app, places=stored.get(app) or []) for app in wanted]


@router.get("/rounds/{round_id}/waitlist/entries", response_model=list[WaitlistProgrammeOut])
async def get_waitlist_entries(round_id: str, session: DbSession, caller: Staff):
    """The round's waitlists as officers read them: per programme (by title), each waiting
    application in order with its position, the applicant's name, country and scores (a
    committee score the caller may not see yet is withheld, as in the pool). The priority is
    the one that set the order: of the components the round ranked by, the committee score in
    it too (a priority without it, beside others with it, read as the order's and was not; the
    round's reasons tell each applicant's priority anyway)."""
    round_ = await _round(session, round_id, caller)
    cycle = await session.get(Cycle, round_.cycle_id)
    weights = cycle.score_weights if cycle else None
    components = components_of(round_.statistics)
    hidden = await committee.scores_hidden_from(session, caller)
    out = []
    for programme, programme_id, waiting in await workbench.waitlist_of(session, round_):
        entries = []
        for w in waiting:
            e = w.entry
            score = None if e.application_id in hidden else e.committee_score
            entries.append(
                WaitlistEntryOut(
                    position=w.position,
                    application_id=e.application_id,
                    applicant_id=e.applicant_id,
                    applicant_name=w.profile.name if w.profile else "",
                    passport_name=w.profile.passport_name if w.profile else None,
                    sending_country=e.sending_country,
                    home_institution=w.profile.home_institution if w.profile else None,
                    grade=e.grade,
                    interview_score=e.interview_score,
                    committee_score=score,
                    committee_hidden=e.application_id in hidden,
                    priority_score=priority_score(e.grade, e.interview_score, e.committee_score, weights, components),
                )
            )
        out.append(
            WaitlistProgrammeOut(
                programme_id=programme_id,
                title=programme.title if programme else programme_id,
                seats=programme.seats if programme else 0,
                entries=entries,
            )
        )
    return out


@router.get("/pool/applications/{application_id}/outcome", response_model=ApplicationOutcomeOut)
async def application_outcome(application_id: str, session: DbSession, caller: Staff):
    """Why each choice was or was not placed in the latest completed round of the application's
    cycle (the reasons the round kept per choice); 404 outside your scope, as its pool entry."""
    found = await latest_outcome(session, caller, application_id)
    round_, outcome = found.round, found.outcome
    return ApplicationOutcomeOut(
        application_id=application_id,
        cycle_id=found.entry.cycle_id,
        round_id=round_.id if round_ else None,
        round_number=round_.number if round_ else None,
        finished_at=aware_or_none(round_.finished_at) if round_ else None,
        status=outcome.status if outcome else None,
        programme_id=outcome.programme_id if outcome else None,
        choices=[
            ChoiceVerdictOut(
                rank=v.rank,
                programme_id=v.programme_id,
                result=v.result,
                reasons=v.reasons,
                waitlist_position=v.waitlist_position,
            )
            for v in found.verdicts
        ],
    )
