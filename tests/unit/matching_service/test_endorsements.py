"""Endorsement ahead of the other stages (issue 14), on a database: a nomination stage after
endorsement sees the endorsed applications only, and so does a round of a scheme without one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.matching.domain.endorsements import Requested
from services.matching.models import Cycle, Institution, Match, PoolEntry, Scheme
from services.matching.service import endorsements, nominations, rounds
from shared.errors import Conflict
from shared.events.catalog import EndorsementState
from shared.paging import Paging

from .conftest import ADMIN, CYCLE, seed_cycle, staged_events

E, N = EndorsementState.ENDORSED, EndorsementState.NOT_ENDORSED


async def _homes(db, path: list[str]) -> None:
    """Every KZ and UZ applicant comes from Al-Farabi University (afu)."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = path
        s.add(Institution(id="afu", name="Al-Farabi Kazakh National University", country="KZ"))
        for e in (await s.scalars(select(PoolEntry))).all():
            e.home_institution_id = "afu"


async def _decide(db, decisions: list[Requested], cohort: str | None = None) -> dict:
    async with db.session() as s, s.begin():
        return await endorsements.decide(s, ADMIN, CYCLE, "afu", decisions, cohort=cohort)


async def test_the_authority_nominates_among_the_endorsed_only(db):
    await _homes(db, ["endorsement", "nomination", "matching", "review", "answer"])
    await _decide(db, [Requested("a1", E), Requested("a2", N, "no"), Requested("a4", E)], cohort="first")
    async with db.session() as s:
        items, total = await nominations.candidates(s, ADMIN, CYCLE, "KZ", paging=Paging(offset=0, limit=50))
    assert total == 1 and [i["application_id"] for i in items] == ["a1"]  # a2 refused, a3 undecided
    told = [d for k, d in await staged_events(db) if k == "decided" and "cohort" in d]
    assert sorted((d["application_id"], d["cohort"], d["institution"]) for d in told) == [
        ("a1", "first", "Al-Farabi Kazakh National University"),
        ("a2", None, "Al-Farabi Kazakh National University"),
        ("a4", "first", "Al-Farabi Kazakh National University"),
    ]


async def test_a_round_of_an_endorsement_scheme_places_the_endorsed_only(db):
    await _homes(db, ["endorsement", "matching", "review", "answer"])
    await _decide(db, [Requested("a2", E), Requested("a4", E), Requested("a1", N)])
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 7, "o")
    await runner.tasks[queued.id]
    async with db.session() as s:
        placed = {m.application_id for m in (await s.scalars(select(Match))).all()}
        summary = await endorsements.visible_summary(s, ADMIN, CYCLE, "afu")
    assert placed == {"a2", "a4"}  # a1 (the best) was not endorsed, a3 is undecided
    assert (summary["endorsed"], summary["not_endorsed"], summary["undecided"]) == (2, 1, 2)
    async with db.session() as s, s.begin():
        (await s.get(Institution, "afu")).translations = {"ru": "Университет имени аль-Фараби"}
    async with db.session() as s:
        named = await endorsements.visible_summary(s, ADMIN, CYCLE, "afu")
    assert named["institution_translations"] == {"ru": "Университет имени аль-Фараби"}  # for the page to pick from
    async with db.session() as s:
        assert (await s.get(Cycle, CYCLE)).endorsement_closes_at is None


async def test_a_decision_made_on_what_a_colleague_has_changed_since_is_refused_and_changes_nothing(db):
    """A stale tab's "Do not endorse" had reversed an endorsement made meanwhile, and the
    applicant received both e-mails in the same second."""
    await _homes(db, ["endorsement", "matching", "review", "answer"])
    await _decide(db, [Requested("a1", E, was="")])  # seen undecided: it was
    told = len(await staged_events(db))
    with pytest.raises(Conflict) as refused:
        await _decide(db, [Requested("a2", E, was=""), Requested("a1", N, "no grades", was="")])
    assert refused.value.code == "endorsement.changed" and refused.value.errors[0].field == "decisions.1.was"
    assert len(await staged_events(db)) == told  # nothing decided, nobody told (a2 neither)
    async with db.session() as s:
        summary = await endorsements.visible_summary(s, ADMIN, CYCLE, "afu")
    assert (summary["endorsed"], summary["not_endorsed"]) == (1, 0)
    await _decide(db, [Requested("a1", N, "no grades", was="endorsed")])  # seen as it stands: taken
    await _decide(db, [Requested("a3", E)])  # no "was" (a client of before): as always
