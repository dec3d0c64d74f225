"""The pool: each cycle's submitted applications as the applications service described
them (kept up to date from its events), the officers' scores, and who may see an entry.

Visibility is ``shared.scope.sees_application``, as in the applications service: an
officer scoped to schemes sees their schemes' entries; scoped to institutions, only the
entries that name a programme hosted at one of them; scoped to both, each narrows.
"""

from __future__ import annotations

from sqlalchemy import Select, String, cast, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain.journal import Action
from services.matching.domain.review import Reply, answer
from services.matching.domain.statuses import LIVE, MatchStatus, PoolStatus
from services.matching.models import Cycle, Match, PoolEntry, Programme, infra
from services.matching.service import journal
from services.matching.service.common import SOURCE, get_or_not_found, match_event, outside_scope
from services.matching.service.endorsements import endorsed_only
from shared.clock import utcnow
from shared.errors import Conflict, NotFound
from shared.events.catalog import ApplicationSubmitted, MatchConfirmed
from shared.kafka.consumer import PermanentError
from shared.outbox import add_event
from shared.principal import Principal
from shared.scope import institution_filter, manages_scheme, sees_application
from shared.upsert import upsert

# --- from the applications service's events -------------------------------------------------


async def record_application(session: AsyncSession, event: ApplicationSubmitted) -> None:
    """Submitted or edited: the entry as described now (a withdrawal or a declined offer
    stays: an edit that overtook the withdrawal must not bring the application back). One
    statement, not a read and then a write: a pool fills from hundreds of thousands of events."""
    now = utcnow()
    await upsert(
        session,
        PoolEntry,
        {
            "application_id": event.application_id,
            "applicant_id": event.applicant_id,
            "cycle_id": event.cycle_id,
            "scheme_id": event.scheme_id,
            "applicant_type": event.applicant_type,
            "sending_country": event.sending_country,
            "home_institution_id": event.home_institution_id,
            "choices": list(event.choices),
            "grade": event.grade,
            "language_certificates": [c.model_dump() for c in event.language_certificates],
            "status": PoolStatus.SUBMITTED.value,
            "received_at": now,  # kept from the first: not overwritten below
            "updated_at": now,
        },
        ["application_id"],
        kept_while=("status", (PoolStatus.WITHDRAWN.value, PoolStatus.DECLINED.value)),
        unchanged=["received_at"],
    )


async def withdraw_application(session: AsyncSession, application_id: str, applicant_id: str, cycle_id: str) -> None:
    """Out of the pool; any live match ends and its seat goes to the next round's waitlist."""
    entry = await session.get(PoolEntry, application_id)
    if entry is None:  # withdrawn before we saw it: remember, so a late submit stays out
        session.add(
            PoolEntry(
                application_id=application_id,
                applicant_id=applicant_id,
                cycle_id=cycle_id,
                scheme_id="",
                applicant_type="student",
                sending_country="",
                status=PoolStatus.WITHDRAWN,
            )
        )
        return
    entry.status = PoolStatus.WITHDRAWN
    entry.updated_at = utcnow()
    for match in (
        await session.scalars(select(Match).where(Match.application_id == application_id, Match.status.in_(LIVE)))
    ).all():
        match.status = MatchStatus.WITHDRAWN
        match.updated_at = utcnow()


async def answer_offer(
    session: AsyncSession, match_id: str, application_id: str, reply: Reply, traceparent: str | None = None
) -> Match | None:
    """The applicant's answer to an offer: accepted (confirmed, MatchConfirmed staged) or
    declined (the seat is freed and the application leaves later rounds). None when the
    answer changes nothing (redelivered or out of date)."""
    # locked: a host's change of mind at the same moment is either before (nothing to answer)
    # or after (it finds the answer), never overwritten by it
    match = await session.get(Match, match_id, with_for_update=True)
    if match is None or match.application_id != application_id:
        raise PermanentError(f"no match {match_id} for application {application_id}")
    new = answer(match.status, reply)
    if new is None:
        return None
    before = match.status
    match.status, match.answered_at, match.updated_at = new, utcnow(), utcnow()
    # here too, not only in the applications service's journal: the cycle's journal (and its
    # CSV) is read from this one, and left the applicants' answers out
    journal.record(
        session,
        match.applicant_id,  # named when read (committee.journal_names): a closed account's name goes
        Action.OFFER_ACCEPTED if reply == Reply.ACCEPT else Action.OFFER_DECLINED,
        subject=f"match:{match.id}",
        scheme_id=match.scheme_id,
        cycle_id=match.cycle_id,
        application_id=match.application_id,
        before={"status": before},
        after={"status": new, "programme_id": match.programme_id},
    )
    if reply == Reply.ACCEPT:
        await add_event(
            session,
            infra,
            match_event(MatchConfirmed, match),
            source=SOURCE,
            traceparent=traceparent,
        )
    else:
        entry = await session.get(PoolEntry, match.application_id)
        if entry is not None:
            entry.status, entry.updated_at = PoolStatus.DECLINED, utcnow()
    return match


# --- what officers see and do -------------------------------------------------------------------


async def cycle_for_pool(session: AsyncSession, caller: Principal, cycle_id: str) -> Cycle:
    """The cycle, if the caller may see any of its pool: its scheme is theirs (or they are
    scoped to institutions only, and then see the entries naming their programmes)."""
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    if not (manages_scheme(caller, cycle.scheme_id) or _hosts_could_match(caller, cycle.scheme_id)):
        raise outside_scope(f"scheme {cycle.scheme_id}", "cycle_id")
    return cycle


def _hosts_could_match(caller: Principal, scheme_id: str) -> bool:
    # An institution-scoped officer sees the entries that name one of their institutions'
    # programmes; whether any does is decided per entry.
    return bool(caller.institutions) and sees_application(caller, scheme_id, caller.institutions)


async def pool_query(
    session: AsyncSession,
    caller: Principal,
    cycle: Cycle,
    status: str | None = None,
    sending_country: str | None = None,
    endorsed: bool = False,
) -> Select:
    """The cycle's pool entries this caller sees (to be paged by the caller); ``endorsed``:
    only those past the home institution's endorsement (under an endorsement stage)."""
    stmt = select(PoolEntry).where(PoolEntry.cycle_id == cycle.id)
    if endorsed:
        only = await endorsed_only(session, cycle)
        if only is not None:
            stmt = stmt.where(PoolEntry.application_id.in_(only))
    if status:
        stmt = stmt.where(PoolEntry.status == status)
    if sending_country:
        stmt = stmt.where(PoolEntry.sending_country == sending_country)
    hosts = institution_filter(caller)
    if hosts is not None:
        programme_ids = (
            await session.scalars(
                select(Programme.id).where(Programme.cycle_id == cycle.id, Programme.host_institution_id.in_(hosts))
            )
        ).all()
        # choices is a JSON list of ids: an entry names a programme when its text holds '"id"'
        text = cast(PoolEntry.choices, String)
        named = [text.contains(f'"{pid}"', autoescape=True) for pid in programme_ids]
        stmt = stmt.where(or_(*named)) if named else stmt.where(false())
    return stmt


async def hosts_of(session: AsyncSession, programme_ids: list[str]) -> list[str]:
    """The host institutions of these programmes."""
    if not programme_ids:
        return []
    rows = await session.scalars(select(Programme.host_institution_id).where(Programme.id.in_(programme_ids)))
    return list(rows.all())


async def visible_entry(session: AsyncSession, caller: Principal, application_id: str) -> PoolEntry:
    """One pool entry, if the caller sees the application (404 otherwise, as in applications)."""
    entry = await session.get(PoolEntry, application_id)
    if entry is None:
        raise NotFound("pool.not_found", "not in any pool", "application_id")
    if not sees_application(caller, entry.scheme_id, await hosts_of(session, list(entry.choices))):
        raise NotFound("pool.not_in_scope", "not in your scope", "application_id")
    return entry


async def score(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str,
    application_id: str,
    interview_score: float | None,
    committee_score: float | None,
) -> tuple[PoolEntry, Cycle]:
    """Set the interview and committee scores (None clears one); scoring is scheme-wide."""
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    if not manages_scheme(caller, cycle.scheme_id):
        raise outside_scope(f"scheme {cycle.scheme_id}", "cycle_id")
    entry = await session.get(PoolEntry, application_id)
    if entry is None or entry.cycle_id != cycle_id:
        raise NotFound(
            "pool.not_found", f"application {application_id!r} is not in the pool of {cycle_id}", "application_id"
        )
    if entry.status == PoolStatus.WITHDRAWN:
        raise Conflict("pool.withdrawn", "the application was withdrawn", "application_id")
    before = {"interview_score": entry.interview_score, "committee_score": entry.committee_score}
    entry.interview_score = interview_score
    entry.committee_score = committee_score
    entry.scored_by, entry.scored_at = caller.sub, utcnow()
    entry.updated_at = utcnow()
    journal.record(
        session,
        caller,
        Action.POOL_SCORED,
        subject=f"application:{application_id}",
        scheme_id=cycle.scheme_id,
        cycle_id=cycle.id,
        application_id=application_id,
        before=before,
        after={"interview_score": interview_score, "committee_score": committee_score},
    )
    return entry, cycle
