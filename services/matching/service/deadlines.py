"""Stage deadlines at work (domain/deadlines.py says which alert is due): reminders to the
stage's owner before, the scheme's officers told after, and the scheme's action on the
hosts' undecided matches. A ``shared.workers.Worker``; ``step(now)`` takes the time, so tests
move the clock instead of sleeping.

Each alert is written once (``stage_alerts``, its key the cycle, stage, subject and kind) in
the transaction that stages its event, so a restart or a second instance never sends it twice.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from services.matching.domain import deadlines as rules
from services.matching.domain.admission import DEADLINE_ACTOR, Verdict
from services.matching.domain.statuses import MatchStatus, PoolStatus
from services.matching.models import Cycle, Endorsement, Match, NominationList, PoolEntry, Scheme, StageAlert, infra
from services.matching.service import admission
from services.matching.service.common import SOURCE
from services.matching.service.nominations import PUBLISHED
from shared.clock import aware, aware_or_none, utcnow
from shared.db import Database
from shared.events.catalog import NO_DECISION, Stage, StageAwaiting, StageDeadlineNear, StageDeadlinePassed
from shared.outbox import add_event
from shared.principal import Principal, Role
from shared.workers import Loop

# Who declines at the deadline, in the journal and the decision's ``decided_by``.
DEADLINE = Principal(sub=DEADLINE_ACTOR, role=Role.ADMIN, name="Admission deadline")


async def _sent(session: AsyncSession, cycle_id: str, stage: str) -> dict[str, set[str]]:
    rows = await session.execute(
        select(StageAlert.subject, StageAlert.kind).where(StageAlert.cycle_id == cycle_id, StageAlert.stage == stage)
    )
    sent: dict[str, set[str]] = {}
    for subject, kind in rows:
        sent.setdefault(subject, set()).add(kind)
    return sent


async def _claim(session: AsyncSession, cycle_id: str, stage: str, subject: str, kind: str, now: datetime) -> bool:
    """Record the alert; False when it was sent already (by another instance meanwhile)."""
    if await session.get(StageAlert, (cycle_id, stage, subject, kind), with_for_update=True) is not None:
        return False
    session.add(StageAlert(cycle_id=cycle_id, stage=stage, subject=subject, kind=kind, sent_at=now))
    await session.flush()
    return True


async def nomination_alerts(
    session: AsyncSession, cycle: Cycle, scheme: Scheme, now: datetime, reminder_days: list[int], source: str
) -> int:
    """Countries with applicants in the pool and no published list: reminded, then escalated."""
    closes_at = aware(cycle.nomination_closes_at)
    pool = Counter(
        (
            await session.scalars(
                select(PoolEntry.sending_country).where(
                    PoolEntry.cycle_id == cycle.id, PoolEntry.status == PoolStatus.SUBMITTED
                )
            )
        ).all()
    )
    published = set(
        (
            await session.scalars(
                select(NominationList.sending_country).where(
                    NominationList.cycle_id == cycle.id, NominationList.status == PUBLISHED
                )
            )
        ).all()
    )
    sent = await _sent(session, cycle.id, Stage.NOMINATION)
    told = 0
    for country in sorted(set(pool) - published):
        kind = rules.due(now, closes_at, reminder_days, sent.get(country, ()))
        if kind is None or not await _claim(session, cycle.id, Stage.NOMINATION, country, kind, now):
            continue
        common = {
            "cycle_id": cycle.id,
            "scheme_id": scheme.id,
            "stage": "nomination",
            "closes_at": closes_at,
            "sending_country": country,
            "pending": pool[country],
        }
        if kind == rules.PASSED:
            event: StageDeadlineNear | StageDeadlinePassed = StageDeadlinePassed(**common)
        else:
            event = StageDeadlineNear(**common, days_left=rules.days_left(now, closes_at))
        await add_event(session, infra, event, source=source)
        told += 1
    return told


async def endorsement_alerts(
    session: AsyncSession, cycle: Cycle, scheme: Scheme, now: datetime, reminder_days: list[int], source: str
) -> int:
    """Home institutions with applications they have not decided: reminded, then escalated."""
    closes_at = aware(cycle.endorsement_closes_at)
    decided = select(Endorsement.application_id).where(Endorsement.cycle_id == cycle.id)
    undecided = Counter(
        (
            await session.scalars(
                select(PoolEntry.home_institution_id).where(
                    PoolEntry.cycle_id == cycle.id,
                    PoolEntry.status == PoolStatus.SUBMITTED,
                    PoolEntry.home_institution_id.is_not(None),
                    PoolEntry.application_id.not_in(decided),
                )
            )
        ).all()
    )
    sent = await _sent(session, cycle.id, Stage.ENDORSEMENT)
    told = 0
    for home in sorted(h for h in undecided if h):
        kind = rules.due(now, closes_at, reminder_days, sent.get(home, ()))
        if kind is None or not await _claim(session, cycle.id, Stage.ENDORSEMENT, home, kind, now):
            continue
        common = {
            "cycle_id": cycle.id,
            "scheme_id": scheme.id,
            "stage": "endorsement",
            "closes_at": closes_at,
            "institution_id": home,
            "pending": undecided[home],
        }
        if kind == rules.PASSED:
            event: StageDeadlineNear | StageDeadlinePassed = StageDeadlinePassed(**common)
        else:
            event = StageDeadlineNear(**common, days_left=rules.days_left(now, closes_at))
        await add_event(session, infra, event, source=source)
        told += 1
    return told


# An entry is counted once its received_at is this far behind the worker's clock: the consumer
# stamps received_at before its batch commits (and pods' clocks differ by a little), so an entry
# stamped just before a notice may become visible just after it. Each notice counts the entries
# received after the previous notice's mark and up to its own; none is counted twice or missed.
SETTLE = timedelta(minutes=2)
# A cycle whose application window closed this long ago gets no more new-applicant notices (its
# undecided applications are the deadline's business, or stale).
AWAITING_AFTER_CLOSE = timedelta(days=60)


async def _awaiting(
    session: AsyncSession,
    cycle: Cycle,
    scheme: Scheme,
    stage: str,
    now: datetime,
    source: str,
    *,
    holder: Any,
    arrived: Any,
    undecided: tuple[Any, ...],
    closes_at: datetime | None,
) -> int:
    """Each ``holder`` (the stage's owner) with ``undecided`` items that ``arrived`` since its
    last notice is told, at most once a day (a kind per day), until the stage's deadline."""
    if closes_at is not None and now >= closes_at:
        return 0  # the deadline's own alerts take over
    # counted in the database: an endorsement scheme's pool may be a country's applicants
    waiting = (
        await session.execute(select(holder, func.count(), func.max(arrived)).where(*undecided).group_by(holder))
    ).all()
    last = dict(
        (
            await session.execute(
                select(StageAlert.subject, func.max(StageAlert.sent_at))
                .where(
                    StageAlert.cycle_id == cycle.id,
                    StageAlert.stage == stage,
                    StageAlert.kind.startswith(rules.AWAITING),
                )
                .group_by(StageAlert.subject)
            )
        ).all()
    )
    mark = now - SETTLE  # this notice counts what arrived up to here
    told = 0
    for owner, pending, latest in sorted(waiting, key=lambda row: row[0] or ""):
        since = last.get(owner)
        after = aware(since) - SETTLE if since is not None else None  # the previous notice's mark
        if not owner or latest is None or (after is not None and aware(latest) <= after):
            continue  # nothing arrived since its last notice
        counted = [*undecided, holder == owner, arrived <= mark]
        if after is not None:
            counted.append(arrived > after)
        new = int(await session.scalar(select(func.count()).where(*counted)) or 0)
        if not new:
            continue  # only what is still settling: the next look counts it
        if not await _claim(session, cycle.id, stage, owner, rules.awaiting(now), now):
            continue
        event = StageAwaiting(
            cycle_id=cycle.id,
            scheme_id=scheme.id,
            stage=stage,
            institution_id=owner,
            pending=pending,
            new=new,
            closes_at=closes_at,
        )
        await add_event(session, infra, event, source=source)
        told += 1
    return told


async def awaiting_alerts(session: AsyncSession, cycle: Cycle, scheme: Scheme, now: datetime, source: str) -> int:
    """Home institutions with undecided applications received since their last notice: told, at
    most once a day each, until the endorsement deadline passes. Without it, coordinators heard
    of new applicants only from a deadline's reminder, and never in a cycle without an
    endorsement deadline."""
    if now >= aware(cycle.closes_at) + AWAITING_AFTER_CLOSE:
        return 0
    undecided = (
        PoolEntry.cycle_id == cycle.id,
        PoolEntry.status == PoolStatus.SUBMITTED,
        PoolEntry.home_institution_id.is_not(None),
        PoolEntry.application_id.not_in(select(Endorsement.application_id).where(Endorsement.cycle_id == cycle.id)),
    )
    return await _awaiting(
        session,
        cycle,
        scheme,
        Stage.ENDORSEMENT,
        now,
        source,
        holder=PoolEntry.home_institution_id,
        arrived=PoolEntry.received_at,
        undecided=undecided,
        closes_at=aware_or_none(cycle.endorsement_closes_at),
    )


async def awaiting_admission_alerts(
    session: AsyncSession, cycle: Cycle, scheme: Scheme, now: datetime, source: str
) -> int:
    """Hosts with applicants sent to them (an officer approved the match) since their last
    notice: their admissions staff told, at most once a day each, until the admission deadline.
    Before, a host heard of applicants only from the deadline's reminder, and never in a cycle
    without an admission deadline; its webhooks told only partners with a subscription."""
    undecided = (
        Match.cycle_id == cycle.id,
        Match.status == MatchStatus.WITH_HOST,
        Match.reviewed_at.is_not(None),
    )
    return await _awaiting(
        session,
        cycle,
        scheme,
        Stage.ADMISSION,
        now,
        source,
        holder=Match.host_institution_id,
        arrived=Match.reviewed_at,
        undecided=undecided,
        closes_at=aware_or_none(cycle.admission_closes_at),
    )


async def _decline(session: AsyncSession, matches: list[Match], source: str) -> int:
    """Decline, as the host would, each match it did not decide by the deadline."""
    for m in matches:
        # no note: the reason's code says it, in each reader's words (a note is shown as written)
        await admission.decide(session, DEADLINE, m.id, Verdict.REJECTED, NO_DECISION, None, source=source)
    return len(matches)


async def admission_alerts(
    session: AsyncSession, cycle: Cycle, scheme: Scheme, now: datetime, reminder_days: list[int], source: str
) -> int:
    """Hosts with matches they have not decided: reminded, then the scheme's action and the officers told."""
    closes_at = aware(cycle.admission_closes_at)
    waiting = (
        await session.scalars(
            select(Match)
            .where(Match.cycle_id == cycle.id, Match.status == MatchStatus.WITH_HOST)
            .order_by(Match.host_institution_id, Match.id)
        )
    ).all()
    by_host: dict[str, list[Match]] = {}
    for m in waiting:
        by_host.setdefault(m.host_institution_id, []).append(m)
    sent = await _sent(session, cycle.id, Stage.ADMISSION)
    told = 0
    declines = scheme.admission_deadline_action == rules.DECLINE
    for host, matches in by_host.items():
        kind = rules.due(now, closes_at, reminder_days, sent.get(host, ()))
        if kind is None and declines and rules.PASSED in sent.get(host, ()):
            # sent to the host after its deadline's declines (an officer approved since): the host
            # may decide no more (admission.closed), so each is declined as it comes, or it would
            # hold its seat for ever; the deadline's notice was told once already
            await _decline(session, matches, source)
            continue
        if kind is None or not await _claim(session, cycle.id, Stage.ADMISSION, host, kind, now):
            continue
        common = {
            "cycle_id": cycle.id,
            "scheme_id": scheme.id,
            "stage": "admission",
            "closes_at": closes_at,
            "institution_id": host,
            "pending": len(matches),
        }
        if kind != rules.PASSED:
            near = StageDeadlineNear(**common, days_left=rules.days_left(now, closes_at))
            await add_event(session, infra, near, source=source)
        else:
            declined = await _decline(session, matches, source) if declines else 0
            passed = StageDeadlinePassed(**common, action=scheme.admission_deadline_action, declined=declined)
            await add_event(session, infra, passed, source=source)
        told += 1
    return told


async def alerts_due(session: AsyncSession, now: datetime, reminder_days: list[int], source: str = SOURCE) -> int:
    """Every alert due now: the deadlines' in every cycle with a stage deadline, and the
    new applicants of the endorsement and admission stages in every cycle with those stages;
    how many were sent."""
    cycles = (await session.scalars(select(Cycle))).all()
    schemes = {s.id: s for s in (await session.scalars(select(Scheme))).all()}
    told = 0
    for cycle in cycles:
        scheme = schemes.get(cycle.scheme_id)
        if scheme is None:
            continue
        if Stage.ENDORSEMENT in scheme.path:
            told += await awaiting_alerts(session, cycle, scheme, now, source)
        if Stage.ADMISSION in scheme.path:
            told += await awaiting_admission_alerts(session, cycle, scheme, now, source)
        if cycle.endorsement_closes_at is not None and Stage.ENDORSEMENT in scheme.path:
            told += await endorsement_alerts(session, cycle, scheme, now, reminder_days, source)
        if cycle.nomination_closes_at is not None and Stage.NOMINATION in scheme.path:
            told += await nomination_alerts(session, cycle, scheme, now, reminder_days, source)
        if cycle.admission_closes_at is not None and Stage.ADMISSION in scheme.path:
            told += await admission_alerts(session, cycle, scheme, now, reminder_days, source)
    return told


class StageDeadlines:
    """A ``shared.workers.Worker``: looks for due deadline alerts every ``interval`` seconds."""

    name = "stage-deadlines"

    def __init__(self, db: Database, reminder_days: list[int], *, interval: float = 300.0, source: str = SOURCE):
        self.db = db
        self.reminder_days = reminder_days
        self.source = source
        self.loop = Loop(self.name, self.step, interval=interval, backoff=(1.0, 60.0))

    async def run(self) -> None:
        await self.loop.run()

    async def stop(self) -> None:
        await self.loop.stop()

    async def step(self, now: datetime | None = None) -> int:
        async with self.db.session() as session, session.begin():
            return await alerts_due(session, now or utcnow(), self.reminder_days, self.source)
