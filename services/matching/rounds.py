"""Matching rounds: start one per cycle, run the engine in the background, store the round
and its matches, and stage the events, all through the service's database and outbox.

A round is queued by the request (202), then a task of this process loads the cycle,
runs the pure engine in a worker thread (``asyncio.to_thread``), and stores the result in
one transaction together with its events. Progress and a heartbeat are written to the
round's row, so any instance can answer ``GET /rounds/{id}``; a round whose heartbeat
stopped (its process died) is marked failed when the next round is asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from services.matching import quota_check
from services.matching.domain import engine
from services.matching.domain.inputs import FIXED_STATES, PoolRow, ProgrammeRow, build_inputs, statistics_json
from services.matching.models import Cycle, Match, PoolEntry, Programme, QuotaRule, Round, RoundOutcome, infra, utcnow
from shared.api import DomainError
from shared.events.catalog import (
    ApplicationUnmatched,
    ApplicationWaitlisted,
    ChoiceReason,
    MatchProposed,
    RoundCompleted,
    WaitlistPosition,
)
from shared.metrics import MATCHING_ROUND_SECONDS
from shared.outbox import add_event
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
STALE_AFTER = timedelta(seconds=30)


@dataclass
class _Progress:
    value: float = 0.0


def _aware(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts


class RoundRunner:
    def __init__(self, runtime: ServiceRuntime):
        self.runtime = runtime
        self.tasks: dict[str, asyncio.Task] = {}

    # -- starting --------------------------------------------------------------------

    async def start(self, cycle_id: str, seed: int | None, started_by: str) -> Round:
        """Queue a round for the cycle (409 while another one is queued or running)."""
        db = self.runtime.db
        seed = secrets.randbelow(2**31) if seed is None else seed
        try:
            async with db.session() as s, s.begin():
                active = await s.scalar(select(Round).where(Round.active_cycle_id == cycle_id))
                if active is not None:
                    if utcnow() - _aware(active.heartbeat_at) < STALE_AFTER:
                        raise DomainError(
                            409,
                            f"round {active.id} is {active.status} for cycle {cycle_id}; wait for it",
                            field="cycle_id",
                            round_id=active.id,
                        )
                    self._fail(active, "its process stopped (no heartbeat)")
                    await s.flush()
                number = (await s.scalar(select(func.count()).where(Round.cycle_id == cycle_id))) + 1
                round_ = Round(
                    id=str(uuid.uuid4()),
                    cycle_id=cycle_id,
                    number=number,
                    seed=seed,
                    status="queued",
                    active_cycle_id=cycle_id,
                    started_by=started_by,
                )
                s.add(round_)
        except IntegrityError:
            raise DomainError(409, f"another round was just started for cycle {cycle_id}", field="cycle_id") from None
        task = asyncio.create_task(self.run(round_.id), name=f"round-{round_.id}")
        self.tasks[round_.id] = task
        task.add_done_callback(lambda _t, rid=round_.id: self.tasks.pop(rid, None))
        return round_

    @staticmethod
    def _fail(round_: Round, error: str) -> None:
        round_.status = "failed"
        round_.error = error[:2000]
        round_.active_cycle_id = None
        round_.finished_at = utcnow()

    async def stop(self) -> None:
        for task in list(self.tasks.values()):
            task.cancel()
        for task in list(self.tasks.values()):
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(task, 10)

    # -- running ---------------------------------------------------------------------

    async def run(self, round_id: str) -> None:
        progress = _Progress()
        beat = asyncio.create_task(self._heartbeat(round_id, progress))
        started = time.perf_counter()
        try:
            await self._run(round_id, progress)
            MATCHING_ROUND_SECONDS.observe(time.perf_counter() - started)
        except asyncio.CancelledError:
            await self._mark_failed(round_id, "stopped with the service")
            raise
        except Exception as exc:
            log.exception("round %s failed", round_id)
            await self._mark_failed(round_id, f"{type(exc).__name__}: {exc}")
        finally:
            beat.cancel()
            with contextlib.suppress(BaseException):
                await beat

    async def _mark_failed(self, round_id: str, error: str) -> None:
        with contextlib.suppress(Exception):
            async with self.runtime.db.session() as s, s.begin():
                row = await s.get(Round, round_id)
                if row is not None and row.status in ("queued", "running"):
                    self._fail(row, error)

    async def _heartbeat(self, round_id: str, progress: _Progress) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            with contextlib.suppress(Exception):
                async with self.runtime.db.session() as s, s.begin():
                    await s.execute(
                        update(Round)
                        .where(Round.id == round_id, Round.status == "running")
                        .values(progress=round(progress.value, 3), heartbeat_at=utcnow())
                    )

    async def _run(self, round_id: str, progress: _Progress) -> None:
        db = self.runtime.db
        async with db.session() as s, s.begin():
            round_ = await s.get(Round, round_id)
            round_.status, round_.started_at, round_.heartbeat_at = "running", utcnow(), utcnow()
            round_.progress = 0.02
            cycle = await s.get(Cycle, round_.cycle_id)
            programmes = (await s.scalars(select(Programme).where(Programme.cycle_id == cycle.id))).all()
            rules = (await s.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle.id))).all()
            pool = (
                await s.scalars(
                    select(PoolEntry).where(PoolEntry.cycle_id == cycle.id, PoolEntry.status == "submitted")
                )
            ).all()
            decided = (
                await s.scalars(
                    select(Match).where(Match.cycle_id == cycle.id, Match.status.in_([*FIXED_STATES, "rejected"]))
                )
            ).all()
        fixed = {m.application_id: m.programme_id for m in decided if m.status in FIXED_STATES}
        rejected: dict[str, dict[str, str]] = {}
        for m in decided:
            if m.status == "rejected":
                rejected.setdefault(m.application_id, {})[m.programme_id] = m.review_reason or "no reason given"
        by_id = {p.id: p for p in programmes}
        entries = {e.application_id: e for e in pool}
        caps_maker, cap_rules, cap_labels = quota_check.cap_factory(rules)

        def compute():
            inputs = build_inputs(
                programmes=[
                    ProgrammeRow(
                        p.id,
                        p.seats,
                        p.scheme_id,
                        p.cycle_id,
                        p.host_institution_id,
                        p.host_country,
                        p.field,
                        p.level,
                        p.applicant_type,
                        p.requirements,
                    )
                    for p in programmes
                ],
                make_caps=caps_maker,
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
                    )
                    for e in pool
                ],
                eligible_countries=cycle.eligible_countries,
                score_weights=cycle.score_weights,
                fixed=fixed,
                rejected=rejected,
            )
            progress.value = 0.1
            result = engine.run_matching(
                inputs.applicants,
                inputs.programmes,
                inputs.caps,
                round_.seed,
                fixed=inputs.fixed,
                progress=lambda f: setattr(progress, "value", 0.1 + 0.7 * f),
            )
            outcomes = [result.outcomes[a.id] for a in inputs.applicants]  # materialise off the loop
            stats = statistics_json(result, cap_rules(), cap_labels())
            waitlist = {pid: list(ids) for pid, ids in result.waitlist.items()}
            progress.value = 0.85
            return inputs, outcomes, stats, waitlist

        inputs, outcomes, stats, waitlist = await asyncio.to_thread(compute)
        await self._store(round_id, cycle, by_id, entries, inputs, outcomes, stats, waitlist)

    async def _store(self, round_id, cycle, by_id, entries, inputs, outcomes, stats, waitlist) -> None:
        source = self.runtime.source
        async with self.runtime.db.session() as s, s.begin():
            round_ = await s.get(Round, round_id, with_for_update=True)
            if round_.status != "running":
                return  # declared dead meanwhile: a newer round owns the cycle
            # Still-unreviewed proposals of earlier rounds give way to this round's.
            await s.execute(
                update(Match)
                .where(Match.cycle_id == cycle.id, Match.status == "proposed")
                .values(status="superseded", updated_at=utcnow())
            )
            still_in = set(
                (
                    await s.scalars(
                        select(PoolEntry.application_id).where(
                            PoolEntry.cycle_id == cycle.id, PoolEntry.status == "submitted"
                        )
                    )
                ).all()
            )
            counts = {"matched": 0, "waitlisted": 0, "unmatched": 0, "fixed": 0}
            outcome_rows = []
            for out in outcomes:
                entry = entries[out.applicant]
                reasons = [ChoiceReason(programme_id=r.programme, reason=r.message) for r in out.reasons]
                reason_json = [{"programme_id": r.programme, "kind": r.kind, "reason": r.message} for r in out.reasons]
                positions = [WaitlistPosition(programme_id=p, position=n) for p, n in out.waitlist_positions.items()]
                row = {
                    "round_id": round_id,
                    "application_id": out.applicant,
                    "applicant_id": entry.applicant_id,
                    "status": out.status,
                    "programme_id": out.programme,
                    "match_id": None,
                    "reasons": reason_json,
                    "waitlist_positions": [p.model_dump() for p in positions],
                }
                if out.fixed:
                    row["status"] = "fixed"
                    counts["fixed"] += 1
                elif out.applicant not in still_in:
                    row["status"] = "withdrawn"  # withdrew while the round ran: nothing proposed
                elif out.status == engine.MATCHED:
                    prog = by_id[out.programme]
                    match = Match(
                        id=str(uuid.uuid4()),
                        round_id=round_id,
                        cycle_id=cycle.id,
                        scheme_id=prog.scheme_id,
                        application_id=out.applicant,
                        applicant_id=entry.applicant_id,
                        programme_id=prog.id,
                        host_institution_id=prog.host_institution_id,
                        rank=out.choice_rank or 0,
                        reasons=reason_json,
                    )
                    s.add(match)
                    row["match_id"] = match.id
                    counts["matched"] += 1
                    await add_event(
                        s,
                        infra,
                        MatchProposed(
                            match_id=match.id,
                            round_id=round_id,
                            application_id=out.applicant,
                            applicant_id=entry.applicant_id,
                            cycle_id=cycle.id,
                            programme_id=prog.id,
                            host_institution_id=prog.host_institution_id,
                            rank=match.rank,
                            reasons=reasons,
                        ),
                        source=source,
                    )
                elif out.status == engine.WAITLISTED:
                    counts["waitlisted"] += 1
                    await add_event(
                        s,
                        infra,
                        ApplicationWaitlisted(
                            round_id=round_id,
                            application_id=out.applicant,
                            applicant_id=entry.applicant_id,
                            cycle_id=cycle.id,
                            positions=positions,
                            reasons=reasons,
                        ),
                        source=source,
                    )
                else:
                    counts["unmatched"] += 1
                    await add_event(
                        s,
                        infra,
                        ApplicationUnmatched(
                            round_id=round_id,
                            application_id=out.applicant,
                            applicant_id=entry.applicant_id,
                            cycle_id=cycle.id,
                            reasons=reasons,
                        ),
                        source=source,
                    )
                outcome_rows.append(row)
            if outcome_rows:
                await s.execute(insert(RoundOutcome), outcome_rows)
            round_.status, round_.progress, round_.active_cycle_id = "completed", 1.0, None
            round_.inputs_digest = inputs.digest
            round_.statistics = stats
            round_.waitlist = waitlist
            round_.matched, round_.waitlisted = counts["matched"], counts["waitlisted"]
            round_.unmatched, round_.fixed = counts["unmatched"], counts["fixed"]
            round_.finished_at = utcnow()
            await add_event(
                s,
                infra,
                RoundCompleted(
                    round_id=round_id,
                    cycle_id=cycle.id,
                    seed=round_.seed,
                    matched=counts["matched"],
                    waitlisted=counts["waitlisted"],
                    unmatched=counts["unmatched"],
                    inputs_digest=inputs.digest,
                ),
                source=source,
            )


async def round_running(session, cycle_id: str) -> Round | None:
    return await session.scalar(select(Round).where(Round.active_cycle_id == cycle_id))
