"""Officer review of proposed matches: approve (an offer, or under a scheme with an
admission stage a request to the host: service/admission.py) or reject (with an internal
reason, and optionally a message meant for the applicant), one at a time or in bulk (all
or nothing), only within the officer's schemes and host institutions and never while a
round runs for the cycle.

One path for both: a single decision is a bulk call of one. A call locks its matches in one
``SELECT ... FOR UPDATE`` (in id order, so that two officers' overlapping calls queue
rather than deadlock), reads each cycle's round, cycle and scheme once, finds every refusal
before it changes anything, then writes the matches and the journal entries (one executemany
each) and the events (one COPY into the outbox on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from services.matching.domain.journal import Action
from services.matching.domain.review import Decision, approved_status, reply_by, review
from services.matching.domain.statuses import MatchStatus
from services.matching.models import Cycle, JournalEntry, Match, Scheme, infra
from services.matching.service import admission
from services.matching.service.common import SOURCE, get_or_not_found, match_event, outside_scope
from services.matching.service.rounds import active_round
from shared.clock import utcnow
from shared.errors import Conflict, DomainError, FieldError, Invalid, NotFound
from shared.events.catalog import EventData, MatchApproved, MatchRejected, type_of
from shared.journal import append
from shared.outbox import encode_events, stage_rows
from shared.principal import Principal
from shared.scope import institution_filter, manages_hosted, scheme_filter

# What a decision writes of its match: each UPDATE sets all of them (even when one stays
# empty), as the flush sends consecutive UPDATEs that set the same columns as one executemany
# (a call mixing approvals with and without a reply-by day would be hundreds otherwise).
REVIEW_COLUMNS = (
    "status",
    "review_reason",
    "message_to_applicant",
    "reviewed_by",
    "reviewed_at",
    "updated_at",
    "reply_by",
)


class JournalRows(list[dict[str, Any]]):
    """Journal entries as the values of one INSERT each, to be written together: ``append``
    (the one definition of an entry) adds them here instead of to a session."""

    def add(self, row: dict[str, Any]) -> None:
        self.append(row)


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


def matches_query(caller: Principal, **filters: str | Sequence[str] | None) -> Select:
    """The matches this caller sees, filtered by column (``cycle_id=...``, or any of a list's
    values); to be paged."""
    stmt = select(Match)
    for column, value in filters.items():
        if isinstance(value, str):
            if value:
                stmt = stmt.where(getattr(Match, column) == value)
        elif value and (given := [v for v in value if v]):  # an empty one (``?application_id=``) filters nothing
            stmt = stmt.where(getattr(Match, column).in_(given))
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
    officers; ``message_to_applicant`` (a rejection only) is what the applicant may read.
    Its refusal is raised as it is (naming ``match_id`` or ``message_to_applicant``)."""
    done, refused = await _review(
        session, caller, [ReviewDecision(match_id, decision, reason, message_to_applicant)], source
    )
    if refused:
        raise refused[0][1]
    return done[0]


async def decide_many(
    session: AsyncSession, caller: Principal, decisions: Sequence[ReviewDecision], source: str = SOURCE
) -> list[Match]:
    """All or nothing: every refusal is named (``decisions.<i>.<field>``) and the caller's
    transaction is rolled back by the refusal (nothing is written before it anyway). One
    kind of refusal keeps its status; a mix is a conflict."""
    ids = [d.match_id for d in decisions]
    if len(set(ids)) != len(ids):
        raise Invalid("review.duplicate_match", "a match appears more than once", "decisions")
    done, refused = await _review(session, caller, decisions, source)
    if refused:
        kinds = {type(exc) for _, exc in refused}
        kind = kinds.pop() if len(kinds) == 1 else Conflict
        raise kind.of([FieldError(f"decisions.{i}.{exc.field}", exc.reason, exc.code) for i, exc in refused])
    return done


async def _review(
    session: AsyncSession, caller: Principal, decisions: Sequence[ReviewDecision], source: str
) -> tuple[list[Match], list[tuple[int, DomainError]]]:
    """The decisions applied (their matches, in the decisions' order), or if any is refused,
    nothing changed and each refusal with its decision's index (the first one found for it,
    in the order a single decision is checked)."""
    if not decisions:
        return [], []
    messages = [(d.message_to_applicant or "").strip() or None for d in decisions]
    refused: dict[int, DomainError] = {}
    for i, (d, message) in enumerate(zip(decisions, messages, strict=True)):
        if message is not None and d.decision != Decision.REJECT:
            refused[i] = Invalid(
                "review.message_on_approval",
                "only a rejection carries a message to the applicant; an offer speaks for itself",
                "message_to_applicant",
            )
    wanted = sorted({d.match_id for i, d in enumerate(decisions) if i not in refused})
    locked = select(Match).where(Match.id.in_(wanted)).order_by(Match.id).with_for_update()
    matches = {m.id: m for m in (await session.scalars(locked)).all()} if wanted else {}
    running: dict[str, bool] = {}  # cycle -> a round owns it
    for i, d in enumerate(decisions):
        if i in refused:
            continue
        match = matches.get(d.match_id)
        try:
            if match is None:
                raise NotFound("match.not_found", f"match {d.match_id!r} not found", "match_id")
            require_hosted(caller, match)
            if match.cycle_id not in running:
                # Shared with other reviews, exclusive of a round's queueing (``rounds.queue``):
                # a round queued meanwhile loads the cycle's decisions after this one's commit.
                await session.execute(select(Cycle.id).where(Cycle.id == match.cycle_id).with_for_update(read=True))
                running[match.cycle_id] = await active_round(session, match.cycle_id) is not None
            if running[match.cycle_id]:
                raise Conflict(
                    "match.round_running",
                    f"a round is running for cycle {match.cycle_id}; review after it completes",
                    "match_id",
                )
            review(match.status, d.decision)
        except DomainError as exc:
            refused[i] = exc
    # an approval needs its cycle (the reply-by days, the host's deadline) and its scheme's path
    cycles: dict[str, Cycle] = {}
    missing: dict[str, NotFound] = {}  # cycle -> its refusal
    schemes: dict[str, Scheme | None] = {}
    for i, d in enumerate(decisions):
        if i in refused or d.decision != Decision.APPROVE:
            continue
        match = matches[d.match_id]
        if match.cycle_id not in cycles and match.cycle_id not in missing:
            try:
                cycles[match.cycle_id] = await get_or_not_found(
                    session, Cycle, match.cycle_id, field="match_id", what="cycle"
                )
            except NotFound as exc:
                missing[match.cycle_id] = exc
        if match.cycle_id in missing:
            refused[i] = missing[match.cycle_id]
        elif match.scheme_id not in schemes:
            schemes[match.scheme_id] = await session.get(Scheme, match.scheme_id)
    if refused:
        return [], sorted(refused.items())
    now = utcnow()
    done: list[Match] = []
    events: list[tuple[str, dict[str, Any]]] = []
    entries = JournalRows()

    def journal_row(**values: Any) -> dict[str, Any]:
        return {"at": now, **values}

    for d, message in zip(decisions, messages, strict=True):
        match = matches[d.match_id]
        # the programme too: the journal's "before" said none, as if the decision had named one
        before = {"status": match.status, "programme_id": match.programme_id}
        event = _apply(match, d, message, now, caller, cycles.get(match.cycle_id), schemes.get(match.scheme_id))
        for column in REVIEW_COLUMNS:
            flag_modified(match, column)
        events.append((type_of(event), event.model_dump(mode="json")))
        append(
            entries,
            caller,
            Action.MATCH_APPROVED if d.decision == Decision.APPROVE else Action.MATCH_REJECTED,
            model=journal_row,
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
            reason=d.reason,
        )
        done.append(match)
    # the journal's INSERTs in one executemany (not COPY: the migrated column ``at`` has no
    # time zone, and only the INSERT's cast takes an aware time into it); the matches' UPDATEs,
    # one executemany, are flushed before the events' COPY
    await session.execute(insert(JournalEntry.__table__), entries)
    await stage_rows(session, infra, encode_events(events, source=source))
    return done, []


def _apply(
    match: Match,
    d: ReviewDecision,
    message: str | None,
    now: datetime,
    caller: Principal,
    cycle: Cycle | None,
    scheme: Scheme | None,
) -> EventData:
    """The decision applied to its (proposed) match; the event that tells it."""
    match.status = review(match.status, d.decision)
    match.review_reason = d.reason
    match.message_to_applicant = message
    match.reviewed_by, match.reviewed_at, match.updated_at = caller.sub, now, now
    if d.decision == Decision.REJECT:
        return match_event(MatchRejected, match, reason=d.reason or "", message_to_applicant=message)
    assert cycle is not None  # an approval's cycle was found before anything changed
    if approved_status(scheme.path if scheme else []) == MatchStatus.WITH_HOST:
        return admission.requested(match, cycle)  # an admission stage: the host decides before any offer
    match.reply_by = reply_by(now.date(), cycle.offer_reply_days)
    return match_event(MatchApproved, match, reply_by=match.reply_by)
