"""The selection committee through the service layer (SQLite as the database): scoresheets,
even assignment with conflicts, independent scoring with history, the composite as the
committee score, moderation flags, scope, and one journal entry per action."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from services.matching.domain.committee import Criterion
from services.matching.domain.journal import Action
from services.matching.domain.review import Decision
from services.matching.models import ApplicantProfile, JournalEntry, Match, PoolEntry, ReviewAssignment, StaffAccount
from services.matching.service import catalog, committee, pool, review, rounds
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.events.catalog import AccountUpserted
from shared.paging import Paging

from .conftest import ADMIN, CYCLE, officer, seed_cycle

CHAIR = officer("chair", schemes=["sco"], name="Chair")
R1 = officer("r1", schemes=["sco"], institutions=["lzu"])
R2 = officer("r2", schemes=["sco"])
R3 = officer("r3", schemes=["sco"])
CRITERIA = [
    Criterion("academic_record", "Academic record", 2.0, 0, 10),
    Criterion("statement", "Statement", 1.0, 0, 10),
]


async def _accounts(db) -> None:
    async with db.session() as s, s.begin():
        for p in (R1, R2, R3):
            event = AccountUpserted(
                account_id=p.sub, role="officer", name=p.sub.upper(), email=f"{p.sub}@x.org", **_scope(p)
            )
            await committee.remember_account(s, event, datetime.now(UTC))
        # an officer of another scheme and a partner are never sco reviewers
        await committee.remember_account(
            s,
            AccountUpserted(account_id="cpec", role="officer", name="C", email="c@x.org", schemes=["cpec"]),
            datetime.now(UTC),
        )
        # a1's applicant studies at Lanzhou University, where r1 works
        s.add(
            ApplicantProfile(
                applicant_id="stu-a1", name="Aigerim", nationality="KZ", home_institution="lanzhou university"
            )
        )


def _scope(p) -> dict:
    return {"schemes": list(p.schemes), "institutions": list(p.institutions)}


async def _sheet(db, n: int = 2, threshold: float = 20.0, committee_: list[str] | None = None) -> None:
    async with db.session() as s, s.begin():
        await committee.save_scoresheet(
            s,
            CHAIR,
            scheme_id="sco",
            cycle_id=None,
            criteria=CRITERIA,
            reviewers_per_application=n,
            spread_threshold=threshold,
            committee=committee_,
            reason="SCO 2026 rules",
        )


async def _journal(db, action: Action | None = None) -> list[JournalEntry]:
    async with db.session() as s:
        q = select(JournalEntry).order_by(JournalEntry.id)
        if action:
            q = q.where(JournalEntry.action == action.value)
        return list((await s.scalars(q)).all())


@pytest.fixture
async def ready(db):
    await seed_cycle(db)
    await _accounts(db)
    await _sheet(db)
    return db


async def _assign(db, caller=CHAIR):
    async with db.session() as s, s.begin():
        return await committee.assign_cycle(s, caller, CYCLE)


async def _live_of(db, reviewer: str) -> list[ReviewAssignment]:
    """The reviewer's live assignments."""
    async with db.session() as s:
        found = select(ReviewAssignment).where(ReviewAssignment.reviewer_id == reviewer, ReviewAssignment.active)
        return list((await s.scalars(found)).all())


async def _reviews_of(db, app: str) -> dict[str, ReviewAssignment]:
    """The application's assignments (live or ended), by reviewer."""
    async with db.session() as s:
        rows = (await s.scalars(select(ReviewAssignment).where(ReviewAssignment.application_id == app))).all()
    return {a.reviewer_id: a for a in rows}


async def _mine(db, caller, app: str):
    async with db.session() as s:
        view = await committee.application_reviews(s, caller, app)
        return view


async def _score(db, caller, assignment_id: str, academic: float, statement: float):
    async with db.session() as s, s.begin():
        return await committee.submit_scores(
            s, caller, assignment_id, {"academic_record": academic, "statement": statement}, ""
        )


async def test_a_scoresheet_is_validated_and_scoped(db):
    await seed_cycle(db)
    async with db.session() as s:
        with pytest.raises(Invalid) as bad:
            await committee.save_scoresheet(
                s,
                CHAIR,
                scheme_id="sco",
                cycle_id=CYCLE,
                criteria=[Criterion("a", "A", -1, 0, 10)],
                reviewers_per_application=2,
                spread_threshold=20,
            )
        assert bad.value.errors[0].field == "criteria.0.weight"
        with pytest.raises(Forbidden):
            await committee.save_scoresheet(
                s,
                officer(schemes=["cpec"]),
                scheme_id="sco",
                cycle_id=None,
                criteria=CRITERIA,
                reviewers_per_application=2,
                spread_threshold=20,
            )
    await _sheet(db)
    async with db.session() as s, s.begin():
        own = await committee.save_scoresheet(
            s,
            CHAIR,
            scheme_id="",
            cycle_id=CYCLE,
            criteria=CRITERIA[:1],
            reviewers_per_application=1,
            spread_threshold=5,
        )
    async with db.session() as s:
        cycle = await committee.cycle_in_scope(s, CHAIR, CYCLE)
        assert (await committee.scoresheet_for(s, cycle)).id == own.id  # the cycle's own wins
    saved = await _journal(db, Action.SCORESHEET_SAVED)
    assert len(saved) == 2 and saved[0].before is None and saved[0].reason == "SCO 2026 rules"


async def test_reviewers_are_assigned_evenly_never_to_their_own_institutions_applicant(ready):
    result = await _assign(ready)
    pairs = [(a.application_id, a.reviewer_id) for a in result.created]
    assert len(pairs) == 10 and result.short == {}  # 5 applications x 2 reviewers
    assert ("a1", "r1") not in pairs
    load = {r: sum(1 for _, x in pairs if x == r) for r in ("r1", "r2", "r3")}
    assert max(load.values()) - min(load.values()) <= 1 and "cpec" not in load
    again = await _assign(ready)
    assert again.created == []  # only gaps are filled
    assert len(await _journal(ready, Action.REVIEWERS_ASSIGNED)) == 10


async def test_scores_stay_hidden_until_submitted_and_the_composite_becomes_the_committee_score(ready):
    await _assign(ready)
    on_a2 = await _reviews_of(ready, "a2")
    (first, second) = sorted(on_a2)
    await _score(ready, officer(first, schemes=["sco"]), on_a2[first].id, 10, 10)  # 100
    view = await _mine(ready, officer(second, schemes=["sco"]), "a2")
    other = next(r for r in view.reviews if r.assignment.reviewer_id == first)
    assert other.hidden and other.history == [] and view.summary is None
    blind = officer(second, schemes=["sco"])
    entry = (await _journal(ready, Action.REVIEW_SCORED))[-1]
    async with ready.session() as s:
        hidden = await committee.scores_hidden_from(s, blind)
        assert "a2" in hidden
        assert committee.withheld(entry, blind, hidden) is True
        assert committee.withheld(entry, officer(first, schemes=["sco"]), hidden) is False  # their own
        assert committee.withheld(entry, CHAIR, await committee.scores_hidden_from(s, CHAIR)) is False
        rows, _ = await committee.moderation_page(s, blind, CYCLE, Paging())
        assert next(r for r in rows if r.application_id == "a2").summary.composite is None
    await _score(ready, officer(second, schemes=["sco"]), on_a2[second].id, 5, 5)  # 50
    view = await _mine(ready, officer(second, schemes=["sco"]), "a2")
    assert not any(r.hidden for r in view.reviews)
    assert (view.summary.composite, view.summary.spread, view.summary.flagged) == (75.0, 50.0, True)
    async with ready.session() as s:
        assert (await s.get(PoolEntry, "a2")).committee_score == 75.0
    # a resubmission is a new version; the history keeps both
    await _score(ready, officer(second, schemes=["sco"]), on_a2[second].id, 9, 9)  # 90
    chair_view = await _mine(ready, CHAIR, "a2")
    mine = next(r for r in chair_view.reviews if r.assignment.reviewer_id == second)
    assert [h.version for h in mine.history] == [1, 2] and mine.history[0].composite == 50.0
    assert (chair_view.summary.composite, chair_view.summary.flagged) == (95.0, False)


async def test_only_the_assigned_reviewer_scores_and_within_range(ready):
    await _assign(ready)
    async with ready.session() as s:
        a = (await s.scalars(select(ReviewAssignment).where(ReviewAssignment.application_id == "a3"))).first()
    with pytest.raises(Forbidden) as not_yours:
        await _score(ready, CHAIR, a.id, 5, 5)
    assert not_yours.value.code == "review.not_yours"
    with pytest.raises(Invalid) as out_of_range:
        await _score(ready, officer(a.reviewer_id, schemes=["sco"]), a.id, 11, 5)
    assert out_of_range.value.errors[0].field == "scores.academic_record"
    with pytest.raises(NotFound):  # an officer of another scheme sees nothing of it
        await _mine(ready, officer("x", schemes=["cpec"]), "a3")


async def test_a_reassignment_and_a_conflict_each_end_an_assignment(ready):
    await _assign(ready)
    async with ready.session() as s:
        on_a1 = (await s.scalars(select(ReviewAssignment).where(ReviewAssignment.application_id == "a1"))).all()
    assert {a.reviewer_id for a in on_a1} == {"r2", "r3"}
    # r1 works where a1's applicant studies: naming r1 is refused
    async with ready.session() as s:
        with pytest.raises(Conflict) as refused:
            await committee.reassign(s, CHAIR, on_a1[0].id, "r1", "r2 is away")
    assert refused.value.code == "assignment.conflict"
    async with ready.session() as s, s.begin():
        await committee.declare_conflict(s, R2, "a1", "my former student")
    async with ready.session() as s:
        live = (
            await s.scalars(
                select(ReviewAssignment).where(ReviewAssignment.application_id == "a1", ReviewAssignment.active)
            )
        ).all()
    assert [a.reviewer_id for a in live] == ["r3"]
    result = await _assign(ready)
    assert result.short == {"a1": 1}  # nobody else may take it
    assert len(await _journal(ready, Action.CONFLICT_DECLARED)) == 1


async def test_the_committee_the_scoresheet_names_reviews_and_no_other_officer(ready):
    # "Assign reviewers" had given every officer of the scheme their share: a stray account too
    with pytest.raises(Invalid) as strangers:
        await _sheet(ready, committee_=["r2", "cpec"])  # an officer of another scheme
    assert strangers.value.code == "scoresheet.committee_unknown" and strangers.value.errors[0].field == "committee"
    with pytest.raises(Invalid) as too_small:
        await _sheet(ready, n=3, committee_=["r2", "r3"])
    assert too_small.value.code == "scoresheet.committee_too_small"
    await _sheet(ready, committee_=["r3", "r2", "r2"])
    result = await _assign(ready)
    assert {a.reviewer_id for a in result.created} == {"r2", "r3"} and len(result.created) == 10
    async with ready.session() as s:
        listed = {a.account_id: on for a, _n, on in await committee.cycle_reviewers(s, CHAIR, CYCLE)}
        a1 = await s.scalar(select(ReviewAssignment).where(ReviewAssignment.application_id == "a1"))
        # r1 is an officer of the scheme, not of the committee: not offered, not accepted by name
        assert listed == {"r1": False, "r2": True, "r3": True}
        assert "r1" not in (await committee.application_reviews(s, CHAIR, "a4")).eligible
        with pytest.raises(Invalid) as not_on_it:
            await committee.reassign(s, CHAIR, a1.id, "r1", "swap")
    assert not_on_it.value.code == "assignment.unknown_reviewer"
    saved = (await _journal(ready, Action.SCORESHEET_SAVED))[-1]
    assert saved.after["committee"] == ["R2", "R3"] and saved.before["committee"] is None  # by name


async def test_an_officer_taken_off_the_committee_hands_over_the_reviews_not_yet_scored(ready):
    # unticked after an assignment run, an officer kept every review, and running it again
    # said "no new assignments"
    await _assign(ready)
    held = await _live_of(ready, "r1")
    assert len(held) >= 2
    await _score(ready, officer("r1", schemes=["sco"], institutions=["lzu"]), held[0].id, 7, 7)  # one scored
    await _sheet(ready, committee_=["r2", "r3"])
    result = await _assign(ready)
    assert result.handed_over == len(held) - 1
    async with ready.session() as s:
        live = (await s.scalars(select(ReviewAssignment).where(ReviewAssignment.active))).all()
    assert [a.id for a in live if a.reviewer_id == "r1"] == [held[0].id]  # the scored one stays: it counts
    assert {a.reviewer_id for a in result.created} <= {"r2", "r3"}
    ended = [e for e in await _journal(ready, Action.REVIEWER_REASSIGNED) if e.reason == "not on the cycle's committee"]
    assert len(ended) == len(held) - 1
    assert (await _assign(ready)).handed_over == 0  # nothing more to hand over


async def test_a_disabled_reviewer_hands_over_the_reviews_not_yet_scored_at_the_next_run(ready):
    """A disabled officer kept every review: the applications waited for a reviewer who could not
    log in, and assigning again said "no new assignments". The next run hands those over; a
    review the officer scored while able stays and counts."""
    await _assign(ready)
    held = await _live_of(ready, "r2")
    assert len(held) >= 2
    await _score(ready, R2, held[0].id, 7, 7)
    async with ready.session() as s, s.begin():
        disabled = AccountUpserted(
            account_id="r2", role="officer", name="R2", email="r2@x.org", schemes=["sco"], active=False
        )
        await committee.remember_account(s, disabled, datetime.now(UTC))
    result = await _assign(ready)
    assert result.handed_over == len(held) - 1
    assert {a.reviewer_id for a in result.created} <= {"r1", "r3"} and len(result.created) == len(held) - 1
    async with ready.session() as s:
        live = (await s.scalars(select(ReviewAssignment).where(ReviewAssignment.reviewer_id == "r2"))).all()
    assert [a.id for a in live if a.active] == [held[0].id]  # the scored one stays: it counts
    reasons = {e.reason for e in await _journal(ready, Action.REVIEWER_REASSIGNED)}
    assert "no longer reviews the scheme (account disabled or scoped elsewhere)" in reasons


async def test_an_officer_who_could_read_the_scores_may_not_give_themselves_the_review(ready):
    # An officer who could read a reviewer's scores then gave themselves the other place: a
    # blind review no more.
    await _assign(ready)
    on_a2 = await _reviews_of(ready, "a2")
    first, second = sorted(on_a2)
    other = next(r for r in ("r1", "r2", "r3") if r not in on_a2)  # on neither place, free to review a2
    async with ready.session() as s, s.begin():  # the chair reviews this scheme too
        event = AccountUpserted(account_id=CHAIR.sub, role="officer", name="Chair", email="c@x.org", schemes=["sco"])
        await committee.remember_account(s, event, datetime.now(UTC))
    before = await _count(ready)
    # before any scores, taking a place is a reassignment like another
    async with ready.session() as s, s.begin():
        taken = await committee.reassign(s, CHAIR, on_a2[second].id, CHAIR.sub, "r away")
    assert taken.reviewer_id == CHAIR.sub
    await _score(ready, officer(first, schemes=["sco"]), on_a2[first].id, 10, 10)
    async with ready.session() as s:
        with pytest.raises(Conflict) as refused:
            await committee.reassign(s, officer(other, schemes=["sco"]), taken.id, other, "swap")
    assert refused.value.code == "assignment.scores_seen"  # they could read the first one's scores
    # nor are they offered it on the application's page
    assert other not in (await _mine(ready, officer(other, schemes=["sco"]), "a2")).eligible
    assert other in (await _mine(ready, CHAIR, "a2")).eligible
    async with ready.session() as s, s.begin():
        # left to the least loaded, the caller is not among those it picks from
        picked = await committee.reassign(s, officer(first, schemes=["sco"]), taken.id, None, "chair away")
    assert picked.reviewer_id not in (first, CHAIR.sub)
    assert await _count(ready) == before + 3  # two reassignments and one score; nothing of the refusal


async def test_an_officer_shown_the_scores_is_given_no_blind_review_of_them_by_anyone(ready):
    # refused to take the review themselves, an officer who had read the scores was given it by
    # a colleague: the reading is remembered, and nobody gives it to them after
    await _assign(ready)
    on_a2 = await _reviews_of(ready, "a2")
    first, second = sorted(on_a2)
    reader = next(r for r in ("r1", "r2", "r3") if r not in on_a2)
    await _score(ready, officer(first, schemes=["sco"]), on_a2[first].id, 9, 9)
    async with ready.session() as s, s.begin():  # the reader opens the application's reviews
        seen = await committee.application_reviews(s, officer(reader, schemes=["sco"]), "a2")
    assert any(not v.hidden and v.history for v in seen.reviews)
    async with ready.session() as s:
        with pytest.raises(Conflict) as refused:
            await committee.reassign(s, CHAIR, on_a2[second].id, reader, "swap")
        assert reader not in (await committee.application_reviews(s, CHAIR, "a2")).eligible
    assert refused.value.code == "assignment.scores_seen"
    async with ready.session() as s, s.begin():  # left to the least loaded: not the reader either
        with pytest.raises(Conflict) as nobody:
            await committee.reassign(s, CHAIR, on_a2[second].id, None, "away")
    assert nobody.value.code == "assignment.no_reviewers"  # the only other one had read the scores


async def test_the_reviewer_table_filters_sorts_and_pages(ready):
    await _assign(ready)
    async with ready.session() as s:
        rows, total, _ = await committee.assigned_page(
            s, R2, committee.AssignedFilters(cycle_id=CYCLE), "nationality", "desc", Paging(offset=0, limit=2)
        )
        kz, kz_total, _ = await committee.assigned_page(
            s, R2, committee.AssignedFilters(nationality="kz"), "received", "asc", Paging()
        )
    assert total >= 3 and len(rows) == 2
    assert [e.sending_country for _, e, _ in rows] == sorted([e.sending_country for _, e, _ in rows], reverse=True)
    assert kz_total == len(kz) and all(e.sending_country == "KZ" for _, e, _ in kz)


async def _count(db) -> int:
    async with db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(JournalEntry)) or 0)


async def test_each_action_of_consequence_leaves_exactly_one_journal_entry(ready):
    """Scoresheet, assignment (one per pair), reassignment, conflict, review score, pool
    score, approve, reject, quota rule create/update/delete, round started."""

    async def one(action: Action, do) -> JournalEntry:
        before = await _count(ready)
        await do()
        entries = await _journal(ready)
        assert len(entries) == before + 1, action
        assert entries[-1].action == action.value
        return entries[-1]

    async def tx(fn):
        async with ready.session() as s, s.begin():
            return await fn(s)

    await one(Action.SCORESHEET_SAVED, lambda: _sheet(ready, n=1))
    before = await _count(ready)
    created = (await _assign(ready)).created
    assert await _count(ready) == before + len(created) == before + 5
    a = next(x for x in created if x.application_id == "a4")
    scored = await one(Action.REVIEW_SCORED, lambda: _score(ready, officer(a.reviewer_id, schemes=["sco"]), a.id, 7, 4))
    assert scored.after["composite"] == 60.0 and scored.actor == a.reviewer_id and scored.application_id == "a4"
    moved = await one(
        Action.REVIEWER_REASSIGNED, lambda: tx(lambda s: committee.reassign(s, CHAIR, a.id, None, "on leave"))
    )
    assert moved.before["reviewer_id"] == a.reviewer_id and moved.reason == "on leave"
    assert moved.before["reviewer_name"] == a.reviewer_id.upper()  # the account's name (R1, R2, R3)
    await one(Action.CONFLICT_DECLARED, lambda: tx(lambda s: committee.declare_conflict(s, R3, "a5", "relative")))
    pooled = await one(Action.POOL_SCORED, lambda: tx(lambda s: pool.score(s, CHAIR, CYCLE, "a1", 80.0, None)))
    assert pooled.after == {"interview_score": 80.0, "committee_score": None}
    rule = {
        "id": "uz",
        "cycle_id": CYCLE,
        "label": "UZ",
        "scope": {"sending_country": ["UZ"]},
        "per": [],
        "max_count": 1,
    }
    await one(Action.QUOTA_RULE_CREATED, lambda: tx(lambda s: catalog.create_quota_rule(s, "/t", CHAIR, rule)))
    edited = await one(
        Action.QUOTA_RULE_UPDATED,
        lambda: tx(lambda s: catalog.update_quota_rule(s, "/t", CHAIR, "uz", {**rule, "max_count": 2})),
    )
    assert (edited.before["max_count"], edited.after["max_count"]) == (1, 2)
    await one(Action.QUOTA_RULE_DELETED, lambda: tx(lambda s: catalog.delete_quota_rule(s, "/t", CHAIR, "uz")))
    runner = rounds.RoundRunner(ready)
    before = await _count(ready)
    queued = await runner.start(CYCLE, 42, "chair")
    await runner.tasks[queued.id]
    entries = await _journal(ready)
    assert len(entries) == before + 1 and entries[-1].action == Action.ROUND_STARTED.value
    async with ready.session() as s:
        matches = (await s.scalars(select(Match).order_by(Match.application_id))).all()
    await one(
        Action.MATCH_APPROVED, lambda: tx(lambda s: review.decide(s, ADMIN, matches[0].id, Decision.APPROVE, None))
    )
    rejected = await one(
        Action.MATCH_REJECTED, lambda: tx(lambda s: review.decide(s, ADMIN, matches[1].id, Decision.REJECT, "late"))
    )
    assert rejected.before == {"status": "proposed", "programme_id": matches[1].programme_id}
    assert rejected.after["status"] == "rejected"
    # a refused action leaves none
    before = await _count(ready)
    with pytest.raises(Forbidden):
        await tx(lambda s: pool.score(s, officer(schemes=["cpec"]), CYCLE, "a1", 1.0, None))
    assert await _count(ready) == before


async def test_the_journal_is_read_per_cycle_and_application_within_scope(ready):
    await _assign(ready)
    async with ready.session() as s:
        q = await committee.journal_query(s, CHAIR, None, "a1")
        rows = (await s.scalars(q)).all()
        assert rows and all(r.application_id == "a1" for r in rows)
        with pytest.raises(Forbidden):
            await committee.journal_query(s, officer(schemes=["cpec"]), CYCLE, None)
        with pytest.raises(NotFound):
            await committee.journal_query(s, officer(schemes=["cpec"]), None, "a1")
        assert (await s.scalars(await committee.journal_query(s, officer(schemes=["cpec"]), None, None))).all() == []


async def test_accounts_keep_the_newest_version(db):
    older, newer = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    async with db.session() as s, s.begin():
        await committee.remember_account(
            s, AccountUpserted(account_id="r", role="officer", name="New", email="n@x", schemes=["sco"]), newer
        )
        await committee.remember_account(
            s, AccountUpserted(account_id="r", role="officer", name="Old", email="o@x", active=False), older
        )
    async with db.session() as s:
        row = await s.get(StaffAccount, "r")
        assert (row.name, row.active, row.schemes) == ("New", True, ["sco"])
        assert [a.account_id for a in await committee.reviewers_for(s, "sco")] == ["r"]
