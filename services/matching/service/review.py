"""Officer review of proposed matches: approve (an offer, or under a scheme with an
admission stage a request to the host: service/admission.py) or reject (with an internal
reason, and optionally a message meant for the applicant), one at a time or in bulk (all
or nothing), only within the officer's schemes and host institutions and never while a
round runs for the cycle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain.journal import Action
from services.matching.domain.review import Decision, approved_status, reply_by, review
from services.matching.domain.statuses import MatchStatus
from services.matching.models import Cycle, Match, Scheme, infra
from services.matching.service import admission, journal
from services.matching.service.common import SOURCE, get_or_not_found, match_event, outside_scope
from services.matching.service.rounds import active_round
from shared.clock import utcnow
from shared.errors import Conflict, DomainError, FieldError, Invalid, NotFound
from shared.events.catalog import MatchApproved, MatchRejected
from shared.outbox import add_event
from shared.principal import Principal
from shared.scope import institution_filter, manages_hosted, scheme_filter


@dataclass(frozen=True)
class ReviewDecision:
    match_id: str
    decision: Decision
    reason: str | None = None
    message_to_applicant: str | None = None


def require_hosted(caller: Principal, match: Match, field: str = "match_id") -> None:
    if not manages_hosted(caller, match.scheme_id, match.host_institution_id):
        raise outside_scope(f"scheme {match.scheme_id} at {match.host_institution_id}", field)


async def visible_match(session: AsyncSession, caller: Principal, match_id: str) -> Match:
    match = await get_or_not_found(session, Match, match_id, field="match_id", what="match")
    require_hosted(caller, match)
    return match


def matches_query(caller: Principal, **filters: str | None) -> Select:
    """The matches this caller sees, filtered by column (``cycle_id=...``); to be paged."""
    stmt = select(Match)
    for column, value in filters.items():
        if value:
            stmt = stmt.where(getattr(Match, column) == value)
    schemes, hosts = scheme_filter(caller), institution_filter(caller)
    if schemes is not None:
        stmt = stmt.where(Match.scheme_id.in_(schemes))
    if hosts is not None:
        stmt = stmt.where(Match.host_institution_id.in_(hosts))
    return stmt


async def decide(
    session: AsyncSession,
    caller: Principal,
    match_id: str,
    decision: Decision,
    reason: str | None,
    source: str = SOURCE,
    message_to_applicant: str | None = None,
) -> Match:
    """One decision, its event staged in the caller's transaction. ``reason`` stays with the
    officers; ``message_to_applicant`` (a rejection only) is what the applicant may read."""
    message = (message_to_applicant or "").strip() or None
    if message is not None and decision != Decision.REJECT:
        raise Invalid(
            "review.message_on_approval",
            "only a rejection carries a message to the applicant; an offer speaks for itself",
            "message_to_applicant",
        )
    match = await session.get(Match, match_id, with_for_update=True)
    if match is None:
        raise NotFound("match.not_found", f"match {match_id!r} not found", "match_id")
    require_hosted(caller, match)
    if await active_round(session, match.cycle_id) is not None:
        raise Conflict(
            "match.round_running",
            f"a round is running for cycle {match.cycle_id}; review after it completes",
            "match_id",
        )
    before = {"status": match.status}
    match.status = review(match.status, decision)
    match.review_reason = reason
    match.message_to_applicant = message
    now = utcnow()
    match.reviewed_by, match.reviewed_at, match.updated_at = caller.sub, now, now
    if decision == Decision.APPROVE:
        cycle = await get_or_not_found(session, Cycle, match.cycle_id, field="match_id", what="cycle")
        scheme = await session.get(Scheme, match.scheme_id)
        if approved_status(scheme.path if scheme else []) == MatchStatus.WITH_HOST:
            # an admission stage: the host decides before any offer (service/admission.py)
            await admission.request(session, match, cycle, source)
        else:
            match.reply_by = reply_by(now.date(), cycle.offer_reply_days)
            await add_event(session, infra, match_event(MatchApproved, match, reply_by=match.reply_by), source=source)
    else:
        event = match_event(MatchRejected, match, reason=reason or "", message_to_applicant=message)
        await add_event(session, infra, event, source=source)
    journal.record(
        session,
        caller,
        Action.MATCH_APPROVED if decision == Decision.APPROVE else Action.MATCH_REJECTED,
        subject=f"match:{match.id}",
        scheme_id=match.scheme_id,
        cycle_id=match.cycle_id,
        application_id=match.application_id,
        before=before,
        after={
            "status": match.status,
            "programme_id": match.programme_id,
            "reply_by": match.reply_by,
            "message_to_applicant": message,
        },
        reason=reason,
    )
    return match


async def decide_many(
    session: AsyncSession, caller: Principal, decisions: Sequence[ReviewDecision], source: str = SOURCE
) -> list[Match]:
    """All or nothing: every refusal is named (``decisions.<i>.<field>``) and the caller's
    transaction is rolled back by the refusal. One kind of refusal keeps its status; a mix
    is a conflict."""
    ids = [d.match_id for d in decisions]
    if len(set(ids)) != len(ids):
        raise Invalid("review.duplicate_match", "a match appears more than once", "decisions")
    refused: list[tuple[type[DomainError], FieldError]] = []
    done: list[Match] = []
    for i, d in enumerate(decisions):
        try:
            done.append(await decide(session, caller, d.match_id, d.decision, d.reason, source, d.message_to_applicant))
        except DomainError as exc:
            refused.append((type(exc), FieldError(f"decisions.{i}.{exc.field}", exc.reason, exc.code)))
    if refused:
        kinds = {kind for kind, _ in refused}
        kind = kinds.pop() if len(kinds) == 1 else Conflict
        raise kind.of([error for _, error in refused])
    return done
