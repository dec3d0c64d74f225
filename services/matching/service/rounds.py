"""Matching rounds: queue one per cycle, run the engine in the background, store the round
and its matches, and stage the events, all through the service's database and outbox.

A round is queued by the request (202); the ``RoundRunner`` (the service's worker) then
runs it in a task of this process: ``load`` reads the cycle, ``compute`` runs the pure
engine in a worker thread (``asyncio.to_thread``), ``store`` writes the result in one
transaction together with its events. Progress and a heartbeat (a ``Loop`` per running
round) are written to the round's row, so any instance can answer ``GET /rounds/{id}``;
a round whose heartbeat stopped (its process died) is marked failed when the next round
is asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import secrets
import time
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import engine, notices
from services.matching.domain.catalog import sending_countries
from services.matching.domain.endorsements import has_endorsement_stage
from services.matching.domain.inputs import PoolRow, RoundInputs, build_inputs, statistics_json
from services.matching.domain.journal import Action
from services.matching.domain.nominations import has_nomination_stage
from services.matching.domain.reasons import code_of
from services.matching.domain.statuses import (
    ACTIVE_ROUNDS,
    FIXED_STATES,
    MatchStatus,
    OutcomeStatus,
    PoolStatus,
    RoundStatus,
)
from services.matching.models import (
    AdmissionDecision,
    Cycle,
    Match,
    Nomination,
    PoolEntry,
    Programme,
    QuotaRule,
    Round,
    RoundOutcome,
    Scheme,
    infra,
)
from services.matching.service import documents, journal
from services.matching.service.common import SOURCE
from services.matching.service.endorsements import endorsed_ids
from services.matching.service.quota import Caps, programme_row
from shared.clock import aware, utcnow
from shared.db import Database
from shared.errors import Conflict
from shared.events.catalog import (
    ApplicationUnmatched,
    ApplicationWaitlisted,
    ChoiceReason,
    EventData,
    MatchProposed,
    NominationState,
    RoundCompleted,
    WaitlistPosition,
)
from shared.metrics import MATCHING_ROUND_SECONDS
from shared.outbox import add_event, event_insert
from shared.workers import Loop

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
STALE_AFTER = timedelta(seconds=30)


@dataclass
class Progress:
    value: float = 0.0


@dataclass
class RoundJob:
    """What a round reads from its cycle, loaded once before the engine runs."""

    round_id: str
    seed: int
    cycle: Cycle
    programmes: Sequence[Programme]
    rules: Sequence[QuotaRule]
    entries: Mapping[str, PoolEntry]  # application id -> submitted pool entry
    fixed: dict[str, str]  # application id -> programme id (approved or accepted)
    rejected: dict[str, dict[str, str]]  # application id -> {programme id: what the applicant may read}
    countries: Sequence[str] = ()  # the sending countries: the cycle's, or else its scheme's
    held: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # application id -> rejected kinds
    by_id: dict[str, Programme] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {p.id: p for p in self.programmes}


@dataclass
class RoundResult:
    inputs: RoundInputs
    outcomes: list[engine.Outcome]
    statistics: dict
    waitlist: dict[str, list[str]]


async def active_round(session: AsyncSession, cycle_id: str) -> Round | None:
    """The round that owns the cycle (queued or running), if any."""
    return await session.scalar(select(Round).where(Round.active_cycle_id == cycle_id))


def fail(round_: Round, error: str) -> None:
    round_.status = RoundStatus.FAILED
    round_.error = error[:2000]
    round_.active_cycle_id = None
    round_.finished_at = utcnow()


async def queue(session: AsyncSession, cycle_id: str, seed: int, started_by: str) -> Round:
    """A new queued round for the cycle; refused while another one is alive for it. A round
    whose heartbeat stopped is marked failed and gives way."""
    active = await active_round(session, cycle_id)
    if active is not None:
        if utcnow() - aware(active.heartbeat_at) < STALE_AFTER:
            raise Conflict(
                "round.running",
                f"round {active.id} is {active.status} for cycle {cycle_id}; wait for it",
                "cycle_id",
                round_id=active.id,
            )
        fail(active, "its process stopped (no heartbeat)")
        await session.flush()
    number = int(await session.scalar(select(func.count()).where(Round.cycle_id == cycle_id)) or 0) + 1
    round_ = Round(
        id=str(uuid.uuid4()),
        cycle_id=cycle_id,
        number=number,
        seed=seed,
        status=RoundStatus.QUEUED,
        active_cycle_id=cycle_id,
        started_by=started_by,
    )
    session.add(round_)
    cycle = await session.get(Cycle, cycle_id)
    journal.record(
        session,
        started_by,
        Action.ROUND_STARTED,
        subject=f"round:{round_.id}",
        scheme_id=cycle.scheme_id if cycle else None,
        cycle_id=cycle_id,
        after={"round_id": round_.id, "number": number, "seed": seed},
    )
    return round_


# --- running ------------------------------------------------------------------------------


async def load(session: AsyncSession, round_id: str) -> RoundJob:
    """Mark the round running and read its cycle: programmes, rules, pool, earlier decisions."""
    round_ = await session.get(Round, round_id)
    round_.status, round_.started_at, round_.heartbeat_at = RoundStatus.RUNNING, utcnow(), utcnow()
    round_.progress = 0.02
    cycle = await session.get(Cycle, round_.cycle_id)
    scheme = await session.get(Scheme, cycle.scheme_id)
    programmes = (await session.scalars(select(Programme).where(Programme.cycle_id == cycle.id))).all()
    rules = (await session.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle.id))).all()
    in_pool = select(PoolEntry).where(PoolEntry.cycle_id == cycle.id, PoolEntry.status == PoolStatus.SUBMITTED)
    if scheme is not None and has_endorsement_stage(scheme.path) and not has_nomination_stage(scheme.path):
        # the home institutions decide who competes: the endorsed only (a match that holds a
        # seat keeps it); after a nomination stage the nominees are endorsed already
        holding = select(Match.application_id).where(Match.cycle_id == cycle.id, Match.status.in_(FIXED_STATES))
        in_pool = in_pool.where(
            or_(PoolEntry.application_id.in_(endorsed_ids(cycle.id)), PoolEntry.application_id.in_(holding))
        )
    if scheme is not None and has_nomination_stage(scheme.path):
        # the authority decides who competes: its nominees only
        nominees = select(Nomination.application_id).where(
            Nomination.cycle_id == cycle.id, Nomination.state == NominationState.NOMINATED
        )
        # (a match that holds a seat keeps it, whatever happened to the nomination since)
        holding = select(Match.application_id).where(Match.cycle_id == cycle.id, Match.status.in_(FIXED_STATES))
        in_pool = in_pool.where(or_(PoolEntry.application_id.in_(nominees), PoolEntry.application_id.in_(holding)))
    pool = (await session.scalars(in_pool)).all()
    refused = [MatchStatus.REJECTED, MatchStatus.HOST_REJECTED]
    decided = (
        await session.scalars(
            select(Match).where(Match.cycle_id == cycle.id, Match.status.in_([*FIXED_STATES, *refused]))
        )
    ).all()
    fixed = {m.application_id: m.programme_id for m in decided if m.status in FIXED_STATES}
    notes = await host_notes(session, [m.id for m in decided if m.status == MatchStatus.HOST_REJECTED])
    rejected: dict[str, dict[str, str]] = {}
    for m in decided:
        if m.status == MatchStatus.REJECTED:
            # The officer's reason is internal: later rounds tell only the message meant for the applicant.
            rejected.setdefault(m.application_id, {})[m.programme_id] = m.message_to_applicant or ""
        elif m.status == MatchStatus.HOST_REJECTED:
            # the host's note is meant for the applicant; the same programme is not proposed again
            rejected.setdefault(m.application_id, {})[m.programme_id] = notes.get(m.id, "")
    return RoundJob(
        round_id=round_id,
        seed=round_.seed,
        cycle=cycle,
        programmes=programmes,
        rules=rules,
        entries={e.application_id: e for e in pool},
        fixed=fixed,
        rejected=rejected,
        countries=sending_countries(cycle.eligible_countries, scheme.eligible_countries if scheme else []),
        held=await documents.held_kinds(session, cycle.id),
    )


async def host_notes(session: AsyncSession, match_ids: Sequence[str]) -> dict[str, str]:
    """Per host-rejected match, the note of the host's latest decision."""
    if not match_ids:
        return {}
    rows = await session.execute(
        select(AdmissionDecision.match_id, AdmissionDecision.note)
        .where(AdmissionDecision.match_id.in_(list(match_ids)))
        .order_by(AdmissionDecision.match_id, AdmissionDecision.version)
    )
    return {match_id: note or "" for match_id, note in rows}  # the highest version comes last


def compute(job: RoundJob, progress: Progress) -> RoundResult:
    """The engine's round from the loaded cycle (CPU-bound: run it off the event loop)."""
    caps = Caps(job.rules)
    inputs = build_inputs(
        programmes=[programme_row(p) for p in job.programmes],
        make_caps=caps.make,
        pool=[
            PoolRow(
                e.application_id,
                e.sending_country,
                e.applicant_type,
                tuple(e.choices),
                e.grade,
                e.interview_score,
                e.committee_score,
                tuple(e.language_certificates),
                held_kinds=job.held.get(e.application_id, ()),
            )
            for e in job.entries.values()
        ],
        eligible_countries=job.countries,
        score_weights=job.cycle.score_weights,
        fixed=job.fixed,
        rejected=job.rejected,
        today=utcnow().date(),
    )
    progress.value = 0.1
    result = engine.run_matching(
        inputs.applicants,
        inputs.programmes,
        inputs.caps,
        job.seed,
        fixed=inputs.fixed,
        progress=lambda f: setattr(progress, "value", 0.1 + 0.7 * f),
    )
    outcomes = [result.outcomes[a.id] for a in inputs.applicants]  # materialise off the loop
    statistics = statistics_json(result, caps.rule_of(), caps.labels())
    waitlist = {pid: list(ids) for pid, ids in result.waitlist.items()}
    progress.value = 0.85
    return RoundResult(inputs, outcomes, statistics, waitlist)


def outcome_status(out: engine.Outcome, still_in: set[str]) -> OutcomeStatus:
    if out.fixed:
        return OutcomeStatus.FIXED
    if out.applicant not in still_in:
        return OutcomeStatus.WITHDRAWN  # withdrew while the round ran: nothing proposed
    return OutcomeStatus(out.status)


def _reasons_json(out: engine.Outcome) -> list[dict]:
    return [
        {"programme_id": r.programme, "kind": r.kind, "reason": r.message, "caps": list(r.caps)}
        | dict(zip(("code", "params"), code_of(r.kind, r.message), strict=True))
        for r in out.reasons
    ]


def new_match(job: RoundJob, out: engine.Outcome, entry: PoolEntry, now: datetime) -> dict[str, Any]:
    """The matches row of the proposal for a matched outcome. A plain row, inserted with the
    round's others in one statement: building an ORM object per match cost more than the
    engine's whole run at national scale (issue 17)."""
    programme = job.by_id[out.programme]
    return {
        "id": str(uuid.uuid4()),
        "round_id": job.round_id,
        "cycle_id": job.cycle.id,
        "scheme_id": programme.scheme_id,
        "application_id": out.applicant,
        "applicant_id": entry.applicant_id,
        "programme_id": programme.id,
        "host_institution_id": programme.host_institution_id,
        "rank": out.choice_rank or 0,
        "status": MatchStatus.PROPOSED.value,
        "reasons": _reasons_json(out),
        "created_at": now,
        "updated_at": now,
    }


def outcome_row(
    job: RoundJob, out: engine.Outcome, entry: PoolEntry, status: OutcomeStatus, match: dict[str, Any] | None
) -> dict:
    """The round_outcomes row of one application (``notified`` is decided by ``store``)."""
    return {
        "round_id": job.round_id,
        "application_id": out.applicant,
        "applicant_id": entry.applicant_id,
        "status": status.value,
        "programme_id": out.programme,
        "match_id": match["id"] if match else None,
        "reasons": _reasons_json(out),
        "waitlist_positions": [{"programme_id": p, "position": n} for p, n in out.waitlist_positions.items()],
        "notified": False,
    }


def choice_reason(r: engine.Reason) -> ChoiceReason:
    """One reason as told: its words, and its code with parameters when known."""
    code, params = code_of(r.kind, r.message)
    return ChoiceReason(programme_id=r.programme, reason=r.message, code=code, params=params)


def outcome_event(
    job: RoundJob, out: engine.Outcome, entry: PoolEntry, status: OutcomeStatus, match: dict[str, Any] | None
) -> EventData | None:
    """The event that tells the applicant (none for a fixed or withdrawn application)."""
    reasons = [choice_reason(r) for r in out.reasons]
    common = {
        "round_id": job.round_id,
        "application_id": out.applicant,
        "applicant_id": entry.applicant_id,
        "cycle_id": job.cycle.id,
        "reasons": reasons,
    }
    if status == OutcomeStatus.MATCHED and match is not None:
        return MatchProposed(
            **common,
            match_id=match["id"],
            programme_id=match["programme_id"],
            host_institution_id=match["host_institution_id"],
            rank=match["rank"],
        )
    if status == OutcomeStatus.WAITLISTED:
        positions = [WaitlistPosition(programme_id=p, position=n) for p, n in out.waitlist_positions.items()]
        return ApplicationWaitlisted(**common, positions=positions)
    if status == OutcomeStatus.UNMATCHED:
        return ApplicationUnmatched(**common)
    return None


async def last_told(session: AsyncSession, cycle_id: str) -> dict[str, notices.Told]:
    """Per application of the cycle, the last outcome an event told: one query per round.
    The highest row id is the latest round's: a cycle's rounds are stored one after the other."""
    latest = (
        select(func.max(RoundOutcome.id))
        .join(Round, Round.id == RoundOutcome.round_id)
        .where(Round.cycle_id == cycle_id, RoundOutcome.notified.is_(True))
        .group_by(RoundOutcome.application_id)
    )
    rows = await session.execute(
        select(
            RoundOutcome.application_id, RoundOutcome.status, RoundOutcome.reasons, RoundOutcome.waitlist_positions
        ).where(RoundOutcome.id.in_(latest))
    )
    return {app: notices.told(status, reasons, positions) for app, status, reasons, positions in rows}


def tells(status: OutcomeStatus, row: dict, before: notices.Told | None) -> bool:
    """Whether this outcome gets its event (domain/notices.py says when an outcome is news)."""
    if status == OutcomeStatus.MATCHED:
        return True  # a new proposal, for the officers' review
    if status not in notices.COMPARED:
        return False
    return notices.worth_telling(before, notices.told(row["status"], row["reasons"], row["waitlist_positions"]))


async def store(session: AsyncSession, job: RoundJob, result: RoundResult, source: str = SOURCE) -> bool:
    """Write the round's outcomes, matches and events in the caller's transaction; False
    when the round is no longer running (declared dead meanwhile: a newer one owns the cycle).
    Every outcome is stored; an outcome event is staged only for news (``tells``)."""
    round_ = await session.get(Round, job.round_id, with_for_update=True)
    if round_.status != RoundStatus.RUNNING:
        return False
    # Still-unreviewed proposals of earlier rounds give way to this round's.
    await session.execute(
        update(Match)
        .where(Match.cycle_id == job.cycle.id, Match.status == MatchStatus.PROPOSED)
        .values(status=MatchStatus.SUPERSEDED, updated_at=utcnow())
    )
    still_in = set(
        (
            await session.scalars(
                select(PoolEntry.application_id).where(
                    PoolEntry.cycle_id == job.cycle.id, PoolEntry.status == PoolStatus.SUBMITTED
                )
            )
        ).all()
    )
    before = await last_told(session, job.cycle.id)
    counts: Counter[OutcomeStatus] = Counter()
    now = utcnow()
    rows: list[dict] = []
    matches: list[dict[str, Any]] = []
    staged = []  # outbox rows, inserted with the outcomes in one statement each
    outbox_insert = None
    for out in result.outcomes:
        entry = job.entries[out.applicant]
        status = outcome_status(out, still_in)
        # each a microsecond after the one before: lists ordered by creation keep the round's order
        at = now + timedelta(microseconds=len(matches))
        match = new_match(job, out, entry, at) if status == OutcomeStatus.MATCHED else None
        if match is not None:
            matches.append(match)
        row = outcome_row(job, out, entry, status, match)
        if tells(status, row, before.get(out.applicant)):
            event = outcome_event(job, out, entry, status, match)
            if event is not None:
                outbox_insert, outbox_row = event_insert(session, infra, event, source=source)
                staged.append(outbox_row)
                row["notified"] = True
        rows.append(row)
        counts[status] += 1
    if matches:
        await session.execute(insert(Match), matches)
    if rows:
        await session.execute(insert(RoundOutcome), rows)
    if outbox_insert is not None:
        await session.execute(outbox_insert, staged)
    round_.status, round_.progress, round_.active_cycle_id = RoundStatus.COMPLETED, 1.0, None
    round_.inputs_digest = result.inputs.digest
    round_.statistics = result.statistics
    round_.waitlist = result.waitlist
    round_.matched, round_.waitlisted = counts[OutcomeStatus.MATCHED], counts[OutcomeStatus.WAITLISTED]
    round_.unmatched, round_.fixed = counts[OutcomeStatus.UNMATCHED], counts[OutcomeStatus.FIXED]
    round_.finished_at = utcnow()
    await add_event(
        session,
        infra,
        RoundCompleted(
            round_id=job.round_id,
            cycle_id=job.cycle.id,
            seed=round_.seed,
            matched=round_.matched,
            waitlisted=round_.waitlisted,
            unmatched=round_.unmatched,
            inputs_digest=result.inputs.digest,
        ),
        source=source,
    )
    return True


# --- the worker -------------------------------------------------------------------------------


class RoundRunner:
    """The service's worker: each queued round runs in a task of this process. ``run``
    waits for the service to stop; ``stop`` cancels the rounds still running (they are
    marked failed) before the database closes."""

    name = "rounds"

    def __init__(self, db: Database, source: str = SOURCE):
        self.db = db
        self.source = source
        self.tasks: dict[str, asyncio.Task] = {}
        self._stopped = asyncio.Event()

    async def run(self) -> None:
        await self._stopped.wait()

    async def stop(self) -> None:
        self._stopped.set()
        for task in list(self.tasks.values()):
            task.cancel()
        for task in list(self.tasks.values()):
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(task, 10)

    async def start(self, cycle_id: str, seed: int | None, started_by: str) -> Round:
        """Queue a round for the cycle and start running it (409 while another one is alive)."""
        seed = secrets.randbelow(2**31) if seed is None else seed
        try:
            async with self.db.session() as session, session.begin():
                round_ = await queue(session, cycle_id, seed, started_by)
        except IntegrityError:
            raise Conflict(
                "round.running", f"another round was just started for cycle {cycle_id}", "cycle_id"
            ) from None
        task = asyncio.create_task(self.execute(round_.id), name=f"round-{round_.id}")
        self.tasks[round_.id] = task
        task.add_done_callback(functools.partial(self._forget, round_.id))
        return round_

    def _forget(self, round_id: str, _task: asyncio.Task) -> None:
        self.tasks.pop(round_id, None)

    async def execute(self, round_id: str) -> None:
        """Run one queued round to its end: completed, or failed with the error."""
        progress = Progress()
        beat = functools.partial(self._beat, round_id, progress)
        heartbeat = Loop(f"round-heartbeat-{round_id}", beat, interval=HEARTBEAT_SECONDS)
        beating = asyncio.create_task(heartbeat.run(), name=f"round-heartbeat-{round_id}")
        started = time.perf_counter()
        try:
            async with self.db.session() as session, session.begin():
                job = await load(session, round_id)
            result = await asyncio.to_thread(compute, job, progress)
            async with self.db.session() as session, session.begin():
                await store(session, job, result, self.source)
            MATCHING_ROUND_SECONDS.observe(time.perf_counter() - started)
        except asyncio.CancelledError:
            await self._mark_failed(round_id, "stopped with the service")
            raise
        except Exception as exc:
            log.exception("round %s failed", round_id)
            await self._mark_failed(round_id, f"{type(exc).__name__}: {exc}")
        finally:
            await heartbeat.stop()
            beating.cancel()
            with contextlib.suppress(BaseException):
                await beating

    async def _beat(self, round_id: str, progress: Progress) -> None:
        async with self.db.session() as session, session.begin():
            await session.execute(
                update(Round)
                .where(Round.id == round_id, Round.status == RoundStatus.RUNNING)
                .values(progress=round(progress.value, 3), heartbeat_at=utcnow())
            )

    async def _mark_failed(self, round_id: str, error: str) -> None:
        with contextlib.suppress(Exception):
            async with self.db.session() as session, session.begin():
                row = await session.get(Round, round_id)
                if row is not None and row.status in ACTIVE_ROUNDS:
                    fail(row, error)
