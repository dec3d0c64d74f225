"""Host admission (issue 14): the host institution admits or rejects each match that officers
approved under a scheme with an admission stage.

Who decides: the host's partner users (portal or machine credentials), the officers of the
programme and admins (``shared.scope.admits_at``). Each decision is a new row of
``AdmissionDecision`` (versioned, never updated) and its events are staged in the caller's
transaction: ``admission.decided``, then for an admission the offer (``match.approved``,
with its reply-by day as an officer's approval sets it). A rejection frees the seat for the
next round (HOST_REJECTED is not a live status) and, under a nomination stage, withdraws the
nominee so that the first on the reserve list moves up (``nominations.release``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import admission as rules
from services.matching.domain.admission import Verdict
from services.matching.domain.journal import Action
from services.matching.domain.review import reply_by
from services.matching.domain.statuses import MatchStatus
from services.matching.models import (
    AdmissionDecision,
    Cycle,
    Match,
    PoolEntry,
    Programme,
    Scheme,
    StaffAccount,
    infra,
)
from services.matching.service import journal, nominations
from services.matching.service.common import SOURCE, get_or_not_found, match_event, outside_scope
from shared.clock import aware_or_none, utcnow
from shared.errors import NotFound
from shared.events.catalog import AdmissionDecided, AdmissionRequested, MatchApproved
from shared.outbox import add_event
from shared.principal import Principal, Role
from shared.scope import admits_at, institution_filter, scheme_filter


@dataclass(frozen=True)
class Admission:
    """One match as the host's admissions list shows it (no applicant name: identity needs
    the applicant's consent, read from the applications service)."""

    match_id: str
    application_id: str
    cycle_id: str
    programme_id: str
    programme_title: str
    programme_translations: dict[str, str]  # the title in other languages
    host_institution_id: str
    sending_country: str
    grade: float | None
    status: str
    decide_by: date | None
    decisions: list[AdmissionDecision] = field(default_factory=list)
    # the deadline itself (decide_by names its day only: a deadline at 09:58 left the day's rest)
    decide_before: datetime | None = None
    # who decided each version, by name (account ids otherwise mean nothing to a reader)
    deciders: dict[str, str] = field(default_factory=dict)


# --- the officer's approval hands the match to the host ----------------------------------------


def requested(match: Match, cycle: Cycle) -> AdmissionRequested:
    """Officers approved ``match`` under an admission stage: it waits for the host (no offer
    yet); the event to stage (service/review.py stages a call's events together)."""
    match.status = MatchStatus.WITH_HOST
    match.sent_to_host_at = utcnow()
    match.reply_by = None
    return match_event(AdmissionRequested, match, decide_by=rules.decide_by(cycle.admission_closes_at))


# --- the host decides ---------------------------------------------------------------------------


async def decide(
    session: AsyncSession,
    caller: Principal,
    match_id: str,
    verdict: Verdict,
    reason_code: str | None = None,
    note: str | None = None,
    source: str = SOURCE,
    *,
    seen: int | None = None,
) -> Admission:
    """The host's decision on one match, as a new version; its events staged in the caller's
    transaction. 409 admission.not_awaiting / admission.seat_released / admission.changed
    (``seen``: the version the decider saw; domain/admission.py). The last decision sent again
    (with its reason and note) is answered as it stands."""
    match = await session.get(Match, match_id, with_for_update=True)
    missing = NotFound("match.not_found", f"match {match_id!r} not found", "match_id")
    if match is None:
        raise missing
    if not admits_at(caller, match.scheme_id, match.host_institution_id):
        # a partner is answered as for a missing match: another institution's is neither
        # confirmed nor named; staff are told their scope, as everywhere in matching
        raise (
            missing
            if caller.role == Role.PARTNER
            else outside_scope(f"admissions at {match.host_institution_id}", "match_id")
        )
    code = rules.check_reason(verdict, reason_code, note, by_deadline=caller.sub == rules.DEADLINE_ACTOR)
    text = (note or "").strip() or None
    now = utcnow()
    decisions = await _decisions_of(session, [match.id])
    history = decisions.get(match.id, [])
    last = history[-1] if history else None
    if last is not None and (last.decision, last.reason_code, last.note) == (verdict.value, code, text):
        # the same decision again (a partner's retry after a timeout): answered as it stands,
        # nothing new recorded or told
        return (await describe(session, [match], decisions))[0]
    rules.check_seen(seen, last.version if last else 0, match.status, last.decision if last else None)
    cycle = await get_or_not_found(session, Cycle, match.cycle_id, field="match_id", what="cycle")
    if caller.sub != rules.DEADLINE_ACTOR:  # the deadline's own declines come after it
        scheme = await session.get(Scheme, match.scheme_id)
        action = scheme.admission_deadline_action if scheme is not None else "wait"
        rules.refuse_after_deadline(action, aware_or_none(cycle.admission_closes_at), now)
    before = {"status": match.status, "version": last.version if last else 0}
    new_status = rules.decide(match.status, last.decision if last else None, verdict)
    decision = AdmissionDecision(
        match_id=match.id,
        version=(last.version if last else 0) + 1,
        decision=verdict.value,
        reason_code=code,
        note=text,
        decided_by=caller.sub,
        decided_at=now,
    )
    session.add(decision)
    match.status, match.updated_at = new_status, now
    decided = match_event(
        AdmissionDecided, match, decision=verdict.value, reason_code=code, note=text, version=decision.version
    )
    await add_event(session, infra, decided, source=source)
    if verdict == Verdict.ADMITTED:
        match.reply_by = reply_by(now.date(), cycle.offer_reply_days)
        await add_event(session, infra, match_event(MatchApproved, match, reply_by=match.reply_by), source=source)
    else:
        match.reply_by = None
        scheme = await session.get(Scheme, match.scheme_id)
        if scheme is not None and rules.has_nomination(scheme.path):
            # the nominee leaves the list; the first on the reserve list takes the place
            # the host's note, if it wrote one; never a bare code (the rejection is told in words)
            await nominations.release(session, match.application_id, text or None, caller)
    journal.record(
        session,
        caller,
        Action.ADMISSION_DECIDED,
        subject=f"match:{match.id}",
        scheme_id=match.scheme_id,
        cycle_id=match.cycle_id,
        application_id=match.application_id,
        before=before,
        after={
            "status": match.status,
            "version": decision.version,
            "decision": decision.decision,
            "reason_code": code,
            "reply_by": match.reply_by,
        },
        reason=text,
    )
    await session.flush()
    return (await describe(session, [match], {match.id: [*history, decision]}))[0]


# --- the admissions list ------------------------------------------------------------------------


def admissions_query(
    caller: Principal,
    *,
    cycle_id: str | None = None,
    institution_id: str | None = None,
    status: MatchStatus | None = None,
    programme_id: str | None = None,
    application_ids: Sequence[str] = (),
    match_ids: Sequence[str] = (),
) -> Select:
    """The matches handed to the host (to decide, decided, or withdrawn meanwhile), that this
    caller sees; to be paged. A partner sees its own institutions' only (another's is
    refused); staff their scope. ``application_ids`` and ``match_ids``: any of these (empty:
    no filter)."""
    decided = exists().where(AdmissionDecision.match_id == Match.id)
    stmt = select(Match).where(or_(Match.sent_to_host_at.is_not(None), Match.status == MatchStatus.WITH_HOST, decided))
    if application_ids := [a for a in application_ids if a]:  # ``?application_id=`` filters nothing
        stmt = stmt.where(Match.application_id.in_(application_ids))
    if match_ids := [m for m in match_ids if m]:
        stmt = stmt.where(Match.id.in_(match_ids))
    if cycle_id:
        stmt = stmt.where(Match.cycle_id == cycle_id)
    if status is not None:
        stmt = stmt.where(Match.status == status)
    if programme_id:
        stmt = stmt.where(Match.programme_id == programme_id)
    if caller.role == Role.PARTNER:
        if institution_id and institution_id not in caller.institutions:
            raise outside_scope(f"admissions at {institution_id}", "institution_id")
        hosts: Sequence[str] | None = [institution_id] if institution_id else list(caller.institutions)
        schemes = None
    else:
        hosts, schemes = institution_filter(caller), scheme_filter(caller)
        if institution_id:
            stmt = stmt.where(Match.host_institution_id == institution_id)
    if hosts is not None:
        stmt = stmt.where(Match.host_institution_id.in_(hosts))
    if schemes is not None:
        stmt = stmt.where(Match.scheme_id.in_(schemes))
    return stmt


async def one(session: AsyncSession, caller: Principal, match_id: str) -> Admission:
    """One admission, as the list shows it to this caller; 404 admission.not_found for a match
    the list would not show (another institution's, out of scope, or never the host's)."""
    match = (await session.scalars(admissions_query(caller, match_ids=[match_id]))).first()
    if match is None:
        raise NotFound("admission.not_found", f"no admission {match_id!r} is yours to see", "match_id")
    return (await describe(session, [match]))[0]


async def describe(
    session: AsyncSession, matches: Sequence[Match], decisions: dict[str, list[AdmissionDecision]] | None = None
) -> list[Admission]:
    """The admissions list's items for ``matches`` (a few queries for the whole page)."""
    if not matches:
        return []
    if decisions is None:
        decisions = await _decisions_of(session, [m.id for m in matches])
    titles: dict[str, tuple[str, dict[str, str]]] = {
        pid: (title, translations or {})
        for pid, title, translations in await session.execute(
            select(Programme.id, Programme.title, Programme.translations).where(
                Programme.id.in_({m.programme_id for m in matches})
            )
        )
    }
    entries = {
        e.application_id: e
        for e in (
            await session.scalars(
                select(PoolEntry).where(PoolEntry.application_id.in_({m.application_id for m in matches}))
            )
        ).all()
    }
    deadlines: dict[str, datetime | None] = dict(
        (
            await session.execute(
                select(Cycle.id, Cycle.admission_closes_at).where(Cycle.id.in_({m.cycle_id for m in matches}))
            )
        ).all()
    )
    decided_by = {d.decided_by for ds in decisions.values() for d in ds}
    deciders: dict[str, str] = dict(
        (
            await session.execute(
                select(StaffAccount.account_id, StaffAccount.name).where(StaffAccount.account_id.in_(decided_by))
            )
        ).all()
    )
    deciders[rules.DEADLINE_ACTOR] = "Admission deadline"
    out = []
    for m in matches:
        entry = entries.get(m.application_id)
        title, translations = titles.get(m.programme_id, (m.programme_id, {}))
        out.append(
            Admission(
                match_id=m.id,
                application_id=m.application_id,
                cycle_id=m.cycle_id,
                programme_id=m.programme_id,
                programme_title=title,
                programme_translations=translations,
                host_institution_id=m.host_institution_id,
                sending_country=entry.sending_country if entry else "",
                grade=entry.grade if entry else None,
                status=m.status,
                decide_by=rules.decide_by(deadlines.get(m.cycle_id)),
                decisions=decisions.get(m.id, []),
                deciders=deciders,
                decide_before=aware_or_none(deadlines.get(m.cycle_id)),
            )
        )
    return out


async def _decisions_of(session: AsyncSession, match_ids: Sequence[str]) -> dict[str, list[AdmissionDecision]]:
    """Each match's decisions, oldest version first."""
    rows = await session.scalars(
        select(AdmissionDecision)
        .where(AdmissionDecision.match_id.in_(match_ids))
        .order_by(AdmissionDecision.match_id, AdmissionDecision.version)
    )
    out: dict[str, list[AdmissionDecision]] = {}
    for row in rows.all():
        out.setdefault(row.match_id, []).append(row)
    return out
