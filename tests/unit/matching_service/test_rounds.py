"""A round through the service layer on SQLite: queued, run by the worker, stored with its
outcomes, matches and staged events; one live round per cycle."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from services.matching.domain.statuses import MatchStatus, OutcomeStatus, PoolStatus, RoundStatus
from services.matching.models import (
    Cycle,
    JournalEntry,
    Match,
    PoolEntry,
    ReviewAssignment,
    Round,
    RoundOutcome,
    Scheme,
    Scoresheet,
)
from services.matching.service import rounds
from shared.clock import utcnow
from shared.errors import Conflict

from .conftest import CYCLE, seed_cycle, staged, staged_events


async def _run_round(db, seed: int = 42) -> Round:
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, seed, "o-sco")
    assert queued.status == RoundStatus.QUEUED
    await runner.tasks[queued.id]
    async with db.session() as s:
        return await s.get(Round, queued.id)


async def test_a_round_stores_outcomes_and_matches_and_stages_events(db):
    await seed_cycle(db)
    done = await _run_round(db)
    assert done.status == RoundStatus.COMPLETED and done.active_cycle_id is None and done.progress == 1.0
    assert len(done.inputs_digest) == 64
    async with db.session() as s:
        outcomes = {o.application_id: o for o in (await s.scalars(select(RoundOutcome))).all()}
        matches = {m.application_id: m for m in (await s.scalars(select(Match))).all()}
    # priority a5 (ineligible) a1 a2 a3 a4: a1, a2 take ir; a3 is KZ (cap full); a4 gets pe
    assert {a: m.programme_id for a, m in matches.items()} == {"a1": "ir", "a2": "ir", "a4": "pe"}
    assert {m.status for m in matches.values()} == {MatchStatus.PROPOSED}
    assert outcomes["a3"].status == OutcomeStatus.WAITLISTED
    assert any("at most 2 from KZ" in r["reason"] for r in outcomes["a3"].reasons)
    a4 = {r["programme_id"]: r["reason"] for r in outcomes["a4"].reasons}
    assert a4["med"] == "ineligible: HSK 3 below required 4" and "programme full" in a4["ir"]
    assert outcomes["a5"].status == OutcomeStatus.UNMATCHED
    assert outcomes["a5"].reasons[0]["reason"].startswith("ineligible: nationality RU is not eligible")
    assert outcomes["a4"].match_id == matches["a4"].id
    assert (done.matched, done.waitlisted, done.unmatched, done.fixed) == (3, 1, 1, 0)
    assert done.statistics["quota_rules"]["kz"]["used"] == 2
    events = await staged(db)
    assert events.count("proposed") == 3 and events.count("waitlisted") == 1 and events.count("unmatched") == 1
    assert events[-1] == "completed"


async def test_the_same_seed_gives_the_same_round_and_supersedes_the_proposals(db):
    await seed_cycle(db)
    first = await _run_round(db)
    second = await _run_round(db)
    assert second.number == 2 and second.inputs_digest == first.inputs_digest
    async with db.session() as s:
        by_round = {}
        for m in (await s.scalars(select(Match))).all():
            by_round.setdefault(m.round_id, {})[m.application_id] = (m.programme_id, m.status)
    assert {a: p for a, (p, _) in by_round[first.id].items()} == {a: p for a, (p, _) in by_round[second.id].items()}
    assert {st for _, st in by_round[first.id].values()} == {MatchStatus.SUPERSEDED}


async def test_one_live_round_per_cycle(db, session):
    await seed_cycle(db)
    async with session.begin():
        held = await rounds.queue(session, CYCLE, 1, "o")
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            await rounds.queue(s, CYCLE, 2, "o")
    assert refused.value.code == "round.running" and held.id in refused.value.reason


async def test_a_round_declared_dead_meanwhile_stores_nothing(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        queued = await rounds.queue(s, CYCLE, 7, "o")
    async with db.session() as s, s.begin():
        job = await rounds.load(s, queued.id)
    result = rounds.compute(job, rounds.Progress())
    async with db.session() as s, s.begin():
        rounds.fail(await s.get(Round, queued.id), "its process stopped (no heartbeat)")
    async with db.session() as s, s.begin():
        assert await rounds.store(s, job, result) is False
    assert await staged(db) == []


async def _told(db, round_id: str) -> dict[str, str]:
    """application id -> the outcome event type staged by the round (proposed, waitlisted, unmatched)."""
    return {
        data["application_id"]: kind
        for kind, data in await staged_events(db)
        if data.get("round_id") == round_id and kind != "completed"
    }


async def _outcomes(db, round_id: str) -> dict[str, RoundOutcome]:
    async with db.session() as s:
        rows = await s.scalars(select(RoundOutcome).where(RoundOutcome.round_id == round_id))
        return {o.application_id: o for o in rows}


async def test_a_round_tells_only_what_changed_since_the_last_outcome_told(db):
    await seed_cycle(db)
    first = await _run_round(db)
    assert await _told(db, first.id) == {
        "a1": "proposed",
        "a2": "proposed",
        "a4": "proposed",
        "a3": "waitlisted",
        "a5": "unmatched",
    }
    second = await _run_round(db)
    # the same outcomes: new proposals (new matches to review), nothing told again
    assert await _told(db, second.id) == {"a1": "proposed", "a2": "proposed", "a4": "proposed"}
    outcomes = await _outcomes(db, second.id)
    assert set(outcomes) == {"a1", "a2", "a3", "a4", "a5"}  # every outcome is still stored
    assert {a: o.notified for a, o in outcomes.items()} == {
        "a1": True,
        "a2": True,
        "a3": False,
        "a4": True,
        "a5": False,
    }
    assert (await staged(db)).count("completed") == 2


async def test_a_worse_waitlist_position_is_not_told_a_new_status_is(db):
    await seed_cycle(db)
    first = await _run_round(db)
    a3_before = (await _outcomes(db, first.id))["a3"].waitlist_positions
    # a KZ applicant scoring above a3 joins: a3 only moves down the waitlists
    async with db.session() as s, s.begin():
        s.add(
            PoolEntry(
                application_id="a0",
                applicant_id="stu-a0",
                cycle_id=CYCLE,
                scheme_id="sco",
                applicant_type="student",
                sending_country="KZ",
                choices=["ir", "pe"],
                grade=97.0,
                language_certificates=[{"kind": "HSK", "level": 5}],
            )
        )
    second = await _run_round(db)
    outcomes = await _outcomes(db, second.id)
    a3_after = {p["programme_id"]: p["position"] for p in outcomes["a3"].waitlist_positions}
    assert all(a3_after[p["programme_id"]] > p["position"] for p in a3_before)
    told = await _told(db, second.id)
    assert "a3" not in told and "a5" not in told
    assert told["a2"] == "waitlisted"  # a0 took its place under the KZ cap: a new status
    # a0 withdraws and a2 leaves: a3 is placed, which is news
    async with db.session() as s, s.begin():
        await s.execute(
            update(PoolEntry).where(PoolEntry.application_id.in_(["a0", "a1"])).values(status=PoolStatus.WITHDRAWN)
        )
    third = await _run_round(db)
    assert (await _told(db, third.id))["a3"] == "proposed"


async def test_a_cycle_without_countries_takes_its_schemes(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        await s.execute(update(Cycle).where(Cycle.id == CYCLE).values(eligible_countries=[]))
        await s.execute(update(Scheme).where(Scheme.id == "sco").values(eligible_countries=["KZ", "UZ"]))
    done = await _run_round(db)
    a5 = (await _outcomes(db, done.id))["a5"]
    assert a5.status == OutcomeStatus.UNMATCHED
    assert a5.reasons[0]["reason"] == ("ineligible: nationality RU is not eligible in this cycle (eligible: KZ, UZ)")


async def _scoresheet_and_reviews(db, reviews: dict[str, tuple[int, float]]) -> None:
    """A scoresheet asking two reviews each; per application (submitted reviews, committee score)."""
    async with db.session() as s, s.begin():
        s.add(
            Scoresheet(
                id="sheet",
                scheme_id="sco",
                criteria=[{"key": "record", "label": "Record", "weight": 1, "min": 0, "max": 10}],
                reviewers_per_application=2,
                updated_by="o",
            )
        )
        for app, (n, composite) in reviews.items():
            (await s.get(PoolEntry, app)).committee_score = composite
            for i in range(n):
                s.add(
                    ReviewAssignment(
                        id=f"{app}-r{i}",
                        cycle_id=CYCLE,
                        scheme_id="sco",
                        application_id=app,
                        reviewer_id=f"r{i}",
                        assigned_by="o",
                        composite=composite,
                        submitted_at=utcnow(),
                    )
                )


async def test_a_round_over_incomplete_reviews_needs_the_officers_confirmation(db):
    """6 of 40 scored by one reviewer of two, and no warning: the round ranked the scored on a
    grade-and-committee blend, the others on their grade. A round now says how many are short of
    reviews, is refused until the officer confirms, and ranks everyone on the same components."""
    await seed_cycle(db)
    # a1 (95) and a4 (90) scored by one reviewer each; a2, a3 not at all (a5: RU, never placed)
    await _scoresheet_and_reviews(db, {"a1": (1, 20.0), "a4": (1, 100.0)})
    async with db.session() as s:
        check = await rounds.readiness(s, await s.get(Cycle, CYCLE))
    assert (check.ranked, check.reviews_asked, check.short_of_reviews) == (5, 2, 5)
    assert check.left_out == ("committee",) and check.without["committee"] == 3 and check.incomplete
    runner = rounds.RoundRunner(db)
    with pytest.raises(Conflict) as refused:
        await runner.start_checked(CYCLE, 42, "o-sco")
    assert refused.value.code == "round.scores_incomplete" and refused.value.field == "incomplete_scores_ok"
    assert "5 of the 5 applications the round would rank have fewer reviews" in refused.value.reason
    async with db.session() as s:
        assert (await s.scalars(select(Round))).all() == []  # nothing queued
    queued, told = await runner.start_checked(CYCLE, 42, "o-sco", incomplete_scores_ok=True)
    assert told == check
    await runner.tasks[queued.id]
    async with db.session() as s:
        done = await s.get(Round, queued.id)
        matches = {m.application_id: m.programme_id for m in (await s.scalars(select(Match))).all()}
        journaled = (await s.scalars(select(JournalEntry).where(JournalEntry.action == "round.started"))).one()
    assert done.statistics["priority"] == {**check.as_json(), "components": ["grade"]}
    assert journaled.after["incomplete_scores_ok"] is True
    # by grade alone, a1's low committee score does not count: a1 and a2 take ir, as unscored
    assert matches["a1"] == "ir" and matches["a2"] == "ir"


async def test_once_every_ranked_application_has_its_reviews_a_round_starts_and_counts_them(db):
    await seed_cycle(db)
    # a1 (95) scored 20 by both its reviewers: (95 + 20) / 2 = 57.5 ranks it last of the KZ
    scored = {"a1": (2, 20.0), "a2": (2, 90.0), "a3": (2, 90.0), "a4": (2, 90.0), "a5": (2, 90.0)}
    await _scoresheet_and_reviews(db, scored)
    runner = rounds.RoundRunner(db)
    queued, check = await runner.start_checked(CYCLE, 42, "o-sco")
    assert not check.incomplete and check.components == ("grade", "committee")
    await runner.tasks[queued.id]
    async with db.session() as s:
        done = await s.get(Round, queued.id)
        kz = {
            m.application_id for m in (await s.scalars(select(Match))).all() if m.application_id in ("a1", "a2", "a3")
        }
    assert done.statistics["priority"]["components"] == ["grade", "committee"]
    assert kz == {"a2", "a3"}  # the KZ cap of 2: a1's committee score counted


async def test_a_round_that_fails_is_marked_failed_and_counted(db, monkeypatch):
    """A failed round had been a log line and a row's status: no metric said so."""
    from prometheus_client import REGISTRY

    def read(outcome: str) -> float:  # whatever this process's service is called
        return sum(
            s.value
            for family in REGISTRY.collect()
            for s in family.samples
            if s.name == "corridor_matching_rounds_total" and s.labels.get("outcome") == outcome
        )

    await seed_cycle(db)
    failed, completed = read("failed"), read("completed")

    def broken(job, progress):
        raise RuntimeError("the engine's inputs could not be built")

    monkeypatch.setattr(rounds, "compute", broken)
    done = await _run_round(db)
    assert done.status == RoundStatus.FAILED and "could not be built" in done.error and done.active_cycle_id is None
    assert (read("failed"), read("completed")) == (failed + 1, completed)
