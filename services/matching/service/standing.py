"""Where an application stands in its cycle, as one SQL expression: the live match's status;
else the pool's end, the home institution's or the nominating authority's decision, an officer's
or host's rejection, the last round's outcome, or "nominated" (on the published list); else
"submitted". The officers' table shows,
sorts and filters by it; inviting to an interview leaves out those it says are out of the running."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.matching.domain.statuses import LIVE, MatchStatus, OutcomeStatus, PoolStatus, RoundStatus
from services.matching.models import Endorsement, Match, Nomination, PoolEntry, Round, RoundOutcome
from shared.events.catalog import EndorsementState, NominationState

# What a row's status says once nothing live holds it, in this order: the pool's own end
# (withdrawn, declined), the home institution's or the authority's decision, then the latest of
# an officer's or host's rejection and the last completed round's outcome for it.
ENDED_MATCHES = (MatchStatus.REJECTED, MatchStatus.HOST_REJECTED)
LEFT_BY_ROUND = (OutcomeStatus.WAITLISTED, OutcomeStatus.UNMATCHED)
# a nominee the authority took off the published list (or the host's rejection did): not the
# same as never nominated, which an officer and the applicant had read it as
NOMINATION_WITHDRAWN = "nomination_withdrawn"


def shown_status(cycle_id: str, live: Any) -> tuple[ColumnElement[str], Any]:
    """A row's status as one SQL expression (shown, sorted and filtered by alike), and the
    function that adds its joins to a query of ``PoolEntry``. Before, a row with no live match
    showed the pool's "submitted": an officer's rejection, a waitlisting, an application left
    off the nominations or not endorsed all read as if nothing had happened to it.

    Each lookup goes by an index from the row (the last round's outcome by its unique
    (round_id, application_id), the nomination by its key, a rejection by the application):
    a search that keeps a few rows looks up only theirs. (Windowed subqueries over the whole
    cycle made the searched page 3x slower in bench/workbench_table.py.)"""
    finished = (Round.cycle_id == cycle_id, Round.status == RoundStatus.COMPLETED)
    order = (Round.finished_at.desc(), Round.number.desc())

    def of_last_round(column: Any) -> Any:
        return select(column).where(*finished).order_by(*order).limit(1).scalar_subquery()

    last_round = of_last_round(Round.id)
    # a rejection counts from the last round's start: a host may reject while a round runs
    last_started = of_last_round(Round.started_at)
    outcome = aliased(RoundOutcome, name="last_outcome")
    told = aliased(Nomination, name="told")  # a nomination told to the applicant (version 0: a draft's)
    ended = (  # an officer's or host's rejection since the last round began (or with none yet)
        select(Match.status)
        .where(
            Match.application_id == PoolEntry.application_id,
            Match.cycle_id == cycle_id,
            Match.status.in_(ENDED_MATCHES),
            or_(last_started.is_(None), Match.updated_at >= last_started),
        )
        .order_by(Match.updated_at.desc(), Match.id.desc())
        .limit(1)
        .correlate(PoolEntry)
        .scalar_subquery()
    )
    not_nominated = literal(NominationState.NOT_NOMINATED.value)
    # a withdrawal the host's rejection made reads as that rejection after later rounds too
    host_refused = (
        select(Match.id)
        .where(
            Match.application_id == PoolEntry.application_id,
            Match.cycle_id == cycle_id,
            Match.status == MatchStatus.HOST_REJECTED,
        )
        .correlate(PoolEntry)
        .exists()
    )
    withdrawn = case((host_refused, literal(MatchStatus.HOST_REJECTED.value)), else_=literal(NOMINATION_WITHDRAWN))
    status = case(
        (live.c.status.is_not(None), live.c.status),
        (PoolEntry.status != PoolStatus.SUBMITTED, PoolEntry.status),
        (Endorsement.state == EndorsementState.NOT_ENDORSED, literal(EndorsementState.NOT_ENDORSED.value)),
        (told.state == NominationState.NOT_NOMINATED, not_nominated),
        (told.state == NominationState.RESERVE, literal(NominationState.RESERVE.value)),
        # a nominee withdrawn by the host's rejection reads as that rejection; by the authority, as withdrawn
        else_=func.coalesce(
            ended,
            case(
                (told.state == NominationState.WITHDRAWN, withdrawn),
                (outcome.status.in_(LEFT_BY_ROUND), outcome.status),
                # a nominee nothing has happened to since: on the list, waiting for a round
                (told.state == NominationState.NOMINATED, literal(NominationState.NOMINATED.value)),
                else_=None,
            ),
            PoolEntry.status,
        ),
    )

    def joined(query: Any) -> Any:
        at = PoolEntry.application_id
        return (
            query.outerjoin(Endorsement, Endorsement.application_id == at)
            .outerjoin(live, live.c.application_id == at)
            .outerjoin(told, and_(told.application_id == at, told.cycle_id == cycle_id, told.version > 0))
            .outerjoin(outcome, and_(outcome.round_id == last_round, outcome.application_id == at))
        )

    return status, joined


# Shown statuses of an application no longer in the running for a place: placed and accepted, out
# of the pool, or left out by the home institution or the nominating authority.
OUT_OF_THE_RUNNING = frozenset(
    {
        MatchStatus.ACCEPTED.value,
        PoolStatus.WITHDRAWN.value,
        PoolStatus.DECLINED.value,
        EndorsementState.NOT_ENDORSED.value,
        NominationState.NOT_NOMINATED.value,
        NOMINATION_WITHDRAWN,
    }
)


def live_matches(cycle_id: str) -> Any:
    """The cycle's live match per application (its status and programme), as a subquery."""
    return (
        select(
            Match.application_id.label("application_id"),
            func.min(Match.status).label("status"),
            func.min(Match.programme_id).label("programme_id"),
        )
        .where(Match.cycle_id == cycle_id, Match.status.in_(LIVE))
        .group_by(Match.application_id)
        .subquery()
    )


async def standing_of(session: AsyncSession, cycle_id: str, application_ids: Sequence[str]) -> dict[str, str]:
    """The shown status of each of these applications of the cycle (those in its pool); a
    nominee taken off the list (the host's rejection shows as host_rejected) reads
    nomination_withdrawn here: no round places it again, whatever the table shows until the next."""
    if not application_ids:
        return {}
    ids = list(application_ids)
    status, joined = shown_status(cycle_id, live_matches(cycle_id))
    query = joined(select(PoolEntry.application_id, status)).where(
        PoolEntry.cycle_id == cycle_id, PoolEntry.application_id.in_(ids)
    )
    shown = {a: str(s) for a, s in (await session.execute(query)).all()}
    off_the_list = await session.scalars(
        select(Nomination.application_id).where(
            Nomination.cycle_id == cycle_id,
            Nomination.application_id.in_(ids),
            Nomination.state == NominationState.WITHDRAWN,
            Nomination.version > 0,
        )
    )
    for app in off_the_list:
        if shown.get(app) not in LIVE:  # a live match (an accepted place) says more
            shown[app] = NOMINATION_WITHDRAWN
    return shown
