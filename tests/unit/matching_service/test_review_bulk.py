"""Bulk review across cycles: one event and one journal entry per match, in the decisions'
order, the admission stage's approvals handed to the host; a refusal anywhere writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from services.matching.domain.journal import Action
from services.matching.domain.review import Decision
from services.matching.domain.statuses import MatchStatus
from services.matching.models import Cycle, JournalEntry, Match, Scheme, infra
from services.matching.service import review, rounds
from shared.clock import utcnow
from shared.errors import Conflict, NotFound

from .conftest import CYCLE, officer, seed_cycle, staged_events

EXCHANGE = ["matching", "review", "admission", "answer"]
EX_CYCLE = "ex-2026"
HOST_DEADLINE = datetime(2030, 7, 1, 12, tzinfo=UTC)


@pytest.fixture
async def two_cycles(db) -> dict[str, Match]:
    """Round 1's proposals of sco-2026 (a1, a2 at ir, lzu; a4 at pe, xju) and three proposals
    of ex-2026 (x1, x2, x3 at lzu), a scheme whose approvals go to the host for admission."""
    await seed_cycle(db)
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    now = utcnow()
    async with db.session() as s, s.begin():
        s.add(Scheme(id="ex", name="Exchange", sponsor="CSC", path=EXCHANGE))
        s.add(
            Cycle(
                id=EX_CYCLE,
                scheme_id="ex",
                name="Exchange 2026",
                opens_at=now - timedelta(days=10),
                closes_at=now - timedelta(days=1),
                offer_reply_days=7,
                admission_closes_at=HOST_DEADLINE,
            )
        )
        for app in ("x1", "x2", "x3"):
            s.add(
                Match(
                    id=f"m-{app}",
                    round_id="r-ex",
                    cycle_id=EX_CYCLE,
                    scheme_id="ex",
                    application_id=app,
                    applicant_id=f"stu-{app}",
                    programme_id="ex-ir",
                    host_institution_id="lzu",
                    rank=1,
                )
            )
    async with db.session() as s:
        return {m.application_id: m for m in (await s.scalars(select(Match))).all()}


async def journal(db) -> list[JournalEntry]:
    async with db.session() as s:
        return list((await s.scalars(select(JournalEntry).order_by(JournalEntry.id))).all())


async def test_a_bulk_call_across_two_cycles_tells_each_match_once(db, two_cycles):
    m = two_cycles
    lzu = officer("o-lzu", schemes=["sco", "ex"], institutions=["lzu", "xju"])
    decisions = [  # not in id order: the events and entries follow the decisions
        review.ReviewDecision(m["x2"].id, Decision.APPROVE),
        review.ReviewDecision(m["a1"].id, Decision.APPROVE),
        review.ReviewDecision(m["x3"].id, Decision.REJECT, "incomplete file", "Please send your transcript."),
        review.ReviewDecision(m["a2"].id, Decision.REJECT, "late"),
        review.ReviewDecision(m["x1"].id, Decision.APPROVE),
        review.ReviewDecision(m["a4"].id, Decision.APPROVE),
    ]
    events_before, entries_before = len(await staged_events(db)), len(await journal(db))
    async with db.session() as s, s.begin():
        done = await review.decide_many(s, lzu, decisions)
    assert [x.id for x in done] == [d.match_id for d in decisions]
    today = utcnow().date()
    expected = {  # application -> (status, reply_by, event, its date field)
        "x2": (MatchStatus.WITH_HOST, None, "requested", ("decide_by", "2030-07-01")),
        "a1": (MatchStatus.APPROVED, today + timedelta(days=14), "approved", ("reply_by", str(today + timedelta(14)))),
        "x3": (MatchStatus.REJECTED, None, "rejected", ("message_to_applicant", "Please send your transcript.")),
        "a2": (MatchStatus.REJECTED, None, "rejected", ("message_to_applicant", None)),
        "x1": (MatchStatus.WITH_HOST, None, "requested", ("decide_by", "2030-07-01")),
        "a4": (MatchStatus.APPROVED, today + timedelta(days=14), "approved", ("reply_by", str(today + timedelta(14)))),
    }
    order = [next(app for app, x in m.items() if x.id == d.match_id) for d in decisions]
    async with db.session() as s:
        stored = {x.application_id: x for x in (await s.scalars(select(Match))).all()}
    for app in order:
        status, reply_by, _, _ = expected[app]
        assert (stored[app].status, stored[app].reply_by, stored[app].reviewed_by) == (status, reply_by, "o-lzu")
    assert stored["x3"].review_reason == "incomplete file"

    events = (await staged_events(db))[events_before:]
    assert [(kind, data["application_id"]) for kind, data in events] == [(expected[a][2], a) for a in order]
    for (_, data), app in zip(events, order, strict=True):
        key, value = expected[app][3]
        assert data[key] == value and data["match_id"] == m[app].id and data["cycle_id"] == m[app].cycle_id
    assert events[2][1]["reason"] == "incomplete file"

    entries = (await journal(db))[entries_before:]
    assert [e.subject for e in entries] == [f"match:{m[a].id}" for a in order]
    for entry, app in zip(entries, order, strict=True):
        status, reply_by, kind, _ = expected[app]
        action = Action.MATCH_REJECTED if kind == "rejected" else Action.MATCH_APPROVED
        assert (entry.action, entry.actor, entry.cycle_id) == (action.value, "o-lzu", m[app].cycle_id)
        # the programme before as after: the decision changed the status, not the programme
        assert entry.before == {"status": "proposed", "programme_id": m[app].programme_id}
        assert entry.after["programme_id"] == m[app].programme_id
        assert entry.after["status"] == status and entry.after["reply_by"] == (str(reply_by) if reply_by else None)
    assert entries[2].reason == "incomplete file"
    assert entries[2].after["message_to_applicant"] == "Please send your transcript."


async def outbox_and_journal(s) -> tuple[int, int]:
    outbox = await s.scalar(select(func.count()).select_from(infra.outbox))
    entries = await s.scalar(select(func.count()).select_from(JournalEntry))
    return int(outbox or 0), int(entries or 0)


async def test_a_refusal_in_the_middle_of_a_bulk_call_writes_nothing(db, two_cycles):
    m = two_cycles
    decisions = [
        review.ReviewDecision(m["a1"].id, Decision.APPROVE),
        review.ReviewDecision(m["x1"].id, Decision.APPROVE),
        review.ReviewDecision("no-such-match", Decision.APPROVE),
        review.ReviewDecision(m["a2"].id, Decision.REJECT, "late"),
        review.ReviewDecision(m["x2"].id, Decision.APPROVE),
    ]
    async with db.session() as s:
        before = await outbox_and_journal(s)
    async with db.session() as s:
        with pytest.raises(NotFound) as refused:
            async with s.begin():
                try:
                    await review.decide_many(s, officer(), decisions)
                finally:  # nothing written even before the caller's transaction rolls back
                    assert not s.dirty and not s.new
                    assert await outbox_and_journal(s) == before
    assert [(e.field, e.code) for e in refused.value.errors] == [("decisions.2.match_id", "match.not_found")]
    async with db.session() as s:
        assert await outbox_and_journal(s) == before
        statuses = {x.application_id: x.status for x in (await s.scalars(select(Match))).all()}
    assert {statuses[a] for a in ("a1", "a2", "x1", "x2")} == {MatchStatus.PROPOSED}


async def test_refusals_of_several_kinds_across_cycles_are_a_conflict_naming_each(db, two_cycles):
    m = two_cycles
    async with db.session() as s, s.begin():
        await rounds.queue(s, EX_CYCLE, 1, "o")  # ex-2026's matches may not be reviewed now
    decisions = [
        review.ReviewDecision(m["a1"].id, Decision.APPROVE),
        review.ReviewDecision(m["x1"].id, Decision.APPROVE),
        review.ReviewDecision("no-such-match", Decision.REJECT, "?"),
        review.ReviewDecision(m["x2"].id, Decision.REJECT, "late"),
    ]
    async with db.session() as s:
        before = await outbox_and_journal(s)
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            async with s.begin():
                await review.decide_many(s, officer(), decisions)
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("decisions.1.match_id", "match.round_running"),
        ("decisions.2.match_id", "match.not_found"),
        ("decisions.3.match_id", "match.round_running"),
    ]
    async with db.session() as s:
        assert await outbox_and_journal(s) == before
        assert (await s.get(Match, m["a1"].id)).status == MatchStatus.PROPOSED


async def test_a_single_decision_is_refused_as_it_is(db, two_cycles):
    async with db.session() as s, s.begin():
        await review.decide(s, officer(), two_cycles["x1"].id, Decision.APPROVE, None)
    async with db.session() as s:
        with pytest.raises(Conflict) as again:
            await review.decide(s, officer(), two_cycles["x1"].id, Decision.REJECT, "no")
    assert (again.value.code, again.value.field) == ("match.not_proposed", "match_id")
    assert again.value.errors[0].context == {"status": "with_host"}
    assert date.fromisoformat((await staged_events(db))[-1][1]["decide_by"]) == HOST_DEADLINE.date()


async def test_an_empty_bulk_call_writes_nothing(db, two_cycles):
    async with db.session() as s:
        before = await outbox_and_journal(s)
    async with db.session() as s, s.begin():
        assert await review.decide_many(s, officer(), []) == []
    async with db.session() as s:
        assert await outbox_and_journal(s) == before
