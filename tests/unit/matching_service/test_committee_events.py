"""The committee's events (SQLite as the database, the outbox read back): an assignment run
stages one reviewer.assigned per reviewer with all their new applications, in the transaction
of the assignment rows; a run that adds nothing stages nothing; a reassignment names the
reviewer it replaces; a submission that makes the reviewers' spread exceed the threshold
stages review.moderation_flagged once per flagging."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.matching.models import Cycle, ReviewAssignment
from services.matching.service import committee

from .conftest import CYCLE, officer, seed_cycle, staged_events
from .test_committee import CHAIR, _accounts, _assign, _score, _sheet


@pytest.fixture
async def ready(db):
    """The SCO cycle, three sco reviewers (r1 at the home institution of a1's applicant) and a
    scoresheet of two reviewers per application with a spread threshold of 20."""
    await seed_cycle(db)
    await _accounts(db)
    await _sheet(db)
    return db


async def _events(db, kind: str) -> list[dict]:
    return [data for t, data in await staged_events(db) if t == kind]


def test_one_event_per_reviewer_with_their_applications():
    cycle = Cycle(id="c1", scheme_id="sco", name="C1")
    pairs = [("a2", "r1"), ("a1", "r2"), ("a1", "r1"), ("a3", "r2"), ("a4", "r1")]
    events = committee.assignment_events(cycle, "chair", pairs)
    assert [(e.reviewer_id, e.application_ids, e.count) for e in events] == [
        ("r1", ["a1", "a2", "a4"], 3),
        ("r2", ["a1", "a3"], 2),
    ]
    assert {(e.cycle_id, e.scheme_id, e.assigned_by, e.replaced_reviewer_id) for e in events} == {
        ("c1", "sco", "chair", None)
    }
    assert committee.assignment_events(cycle, "chair", []) == []
    (moved,) = committee.assignment_events(cycle, "chair", [("a1", "r3")], "r2")
    assert (moved.reviewer_id, moved.application_ids, moved.count, moved.replaced_reviewer_id) == (
        "r3",
        ["a1"],
        1,
        "r2",
    )


async def test_an_assignment_run_stages_one_event_per_reviewer(ready):
    result = await _assign(ready)
    told = await _events(ready, "assigned")
    assert sorted(e["reviewer_id"] for e in told) == ["r1", "r2", "r3"]
    for e in told:
        mine = sorted(a.application_id for a in result.created if a.reviewer_id == e["reviewer_id"])
        assert e["application_ids"] == mine and e["count"] == len(mine) > 0
        assert (e["cycle_id"], e["scheme_id"], e["assigned_by"]) == (CYCLE, "sco", "chair")
    assert sum(e["count"] for e in told) == len(result.created) == 10
    await _assign(ready)  # nothing missing: no assignment, no event
    assert len(await _events(ready, "assigned")) == 3


async def test_a_reassignment_names_the_reviewer_it_replaces(ready):
    await _assign(ready)
    async with ready.session() as s:
        on_a2 = (await s.scalars(select(ReviewAssignment).where(ReviewAssignment.application_id == "a2"))).all()
    old = on_a2[0]
    async with ready.session() as s, s.begin():
        new = await committee.reassign(s, CHAIR, old.id, None, "away")
    told = await _events(ready, "assigned")
    assert len(told) == 4  # three from the run, one from the reassignment
    assert told[-1]["reviewer_id"] == new.reviewer_id not in {a.reviewer_id for a in on_a2}
    assert (told[-1]["application_ids"], told[-1]["count"]) == (["a2"], 1)
    assert told[-1]["replaced_reviewer_id"] == old.reviewer_id


async def test_a_spread_over_the_threshold_is_flagged_once_per_flagging(ready):
    await _assign(ready)  # the scoresheet's threshold: 20
    async with ready.session() as s:
        on_a2 = {
            a.reviewer_id: a
            for a in (await s.scalars(select(ReviewAssignment).where(ReviewAssignment.application_id == "a2"))).all()
        }
    first, second = sorted(on_a2)
    one, two = officer(first, schemes=["sco"]), officer(second, schemes=["sco"])
    await _score(ready, one, on_a2[first].id, 10, 10)  # 100: one review, no spread
    assert await _events(ready, "moderation_flagged") == []
    await _score(ready, two, on_a2[second].id, 5, 5)  # 50: spread 50 > 20
    (flagged,) = await _events(ready, "moderation_flagged")
    assert (flagged["application_id"], flagged["spread"], flagged["threshold"], flagged["submitted"]) == (
        "a2",
        50.0,
        20.0,
        2,
    )
    assert flagged["unsubmitted_reviewer_ids"] == []
    await _score(ready, two, on_a2[second].id, 6, 6)  # 60: still flagged, not news
    assert len(await _events(ready, "moderation_flagged")) == 1
    await _score(ready, two, on_a2[second].id, 9, 9)  # 90: spread 10, no longer flagged
    await _score(ready, two, on_a2[second].id, 4, 4)  # 40: flagged again, a new flagging
    assert [e["spread"] for e in await _events(ready, "moderation_flagged")] == [50.0, 60.0]


async def test_a_reviewer_still_to_score_is_named_so_that_they_are_not_told(db):
    await seed_cycle(db)
    await _accounts(db)
    await _sheet(db, n=3)
    await _assign(db)
    async with db.session() as s:
        on_a2 = {
            a.reviewer_id: a
            for a in (await s.scalars(select(ReviewAssignment).where(ReviewAssignment.application_id == "a2"))).all()
        }
    assert sorted(on_a2) == ["r1", "r2", "r3"]
    await _score(db, officer("r1", schemes=["sco"]), on_a2["r1"].id, 10, 10)
    await _score(db, officer("r3", schemes=["sco"]), on_a2["r3"].id, 2, 2)
    (flagged,) = await _events(db, "moderation_flagged")
    assert (flagged["submitted"], flagged["unsubmitted_reviewer_ids"]) == (2, ["r2"])
