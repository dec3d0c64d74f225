"""Officer review through the service layer: decisions, their events, scope, all-or-nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from services.matching.domain.review import Decision
from services.matching.domain.statuses import MatchStatus
from services.matching.models import Cycle, Match
from services.matching.service import review, rounds
from shared.errors import Conflict, Forbidden, Invalid
from shared.paging import Paging, _cursor, fetch_keyset_page

from .conftest import ADMIN, CYCLE, officer, seed_cycle, staged, staged_events


@pytest.fixture
async def proposed(db) -> dict[str, Match]:
    """Round 1's proposals by application: a1, a2 at ir (lzu), a4 at pe (xju)."""
    await seed_cycle(db)
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    async with db.session() as s:
        return {m.application_id: m for m in (await s.scalars(select(Match))).all()}


async def test_approve_and_reject_stage_their_events(db, proposed):
    lzu = officer("o-lzu", institutions=["lzu"])
    async with db.session() as s, s.begin():
        approved = await review.decide(s, lzu, proposed["a1"].id, Decision.APPROVE, None)
        rejected = await review.decide(s, lzu, proposed["a2"].id, Decision.REJECT, "missing medical certificate")
    assert approved.status == MatchStatus.APPROVED and approved.reviewed_by == "o-lzu"
    assert rejected.status == MatchStatus.REJECTED and rejected.review_reason == "missing medical certificate"
    assert (await staged(db))[-2:] == ["approved", "rejected"]
    async with db.session() as s:
        with pytest.raises(Conflict) as again:
            await review.decide(s, ADMIN, proposed["a1"].id, Decision.APPROVE, None)
    assert again.value.code == "match.already_reviewed"


async def test_a_match_outside_the_officers_institutions_is_refused(db, proposed):
    async with db.session() as s:
        with pytest.raises(Forbidden) as refused:
            await review.decide(s, officer(institutions=["xju"]), proposed["a1"].id, Decision.APPROVE, None)
    assert refused.value.code == "scope.outside" and refused.value.field == "match_id"


async def test_bulk_review_names_every_refusal_and_applies_nothing(db, proposed):
    xju = officer("o-xju", institutions=["xju"])
    decisions = [
        review.ReviewDecision(proposed["a4"].id, Decision.APPROVE),
        review.ReviewDecision(proposed["a1"].id, Decision.REJECT, "changed my mind"),
    ]
    before = await staged(db)
    async with db.session() as s:
        with pytest.raises(Forbidden) as refused:
            async with s.begin():
                await review.decide_many(s, xju, decisions)
    assert [e.field for e in refused.value.errors] == ["decisions.1.match_id"]
    async with db.session() as s:
        assert (await s.get(Match, proposed["a4"].id)).status == MatchStatus.PROPOSED
    assert await staged(db) == before


async def test_no_review_while_a_round_runs(db, proposed):
    async with db.session() as s, s.begin():
        await rounds.queue(s, CYCLE, 1, "o")
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            await review.decide(s, ADMIN, proposed["a4"].id, Decision.APPROVE, None)
    assert refused.value.code == "match.round_running"


async def test_a_rejection_carries_the_internal_reason_and_the_message_to_the_applicant(db, proposed):
    lzu = officer("o-lzu", institutions=["lzu"])
    async with db.session() as s, s.begin():
        rejected = await review.decide(
            s,
            lzu,
            proposed["a2"].id,
            Decision.REJECT,
            "transcript not certified by the ministry",
            message_to_applicant="  Please send a certified transcript and apply again.  ",
        )
    assert rejected.message_to_applicant == "Please send a certified transcript and apply again."
    kind, data = (await staged_events(db))[-1]
    assert kind == "rejected"
    assert data["reason"] == "transcript not certified by the ministry"
    assert data["message_to_applicant"] == "Please send a certified transcript and apply again."
    # the next round tells the applicant the message, never the internal reason
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    told = [d for k, d in await staged_events(db) if d.get("round_id") == queued.id and d.get("application_id") == "a2"]
    words = [r["reason"] for d in told for r in d["reasons"] if r["programme_id"] == "ir"]
    assert words == ["rejected by officer: Please send a certified transcript and apply again."]


async def test_a_rejection_without_a_message_tells_no_internal_reason(db, proposed):
    async with db.session() as s, s.begin():
        await review.decide(s, ADMIN, proposed["a2"].id, Decision.REJECT, "looks forged")
    assert (await staged_events(db))[-1][1]["message_to_applicant"] is None
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    told = [d for k, d in await staged_events(db) if d.get("round_id") == queued.id and d.get("application_id") == "a2"]
    assert told and not any("forged" in r["reason"] for d in told for r in d["reasons"])


async def test_an_approval_carries_no_message(db, proposed):
    before = await staged(db)
    async with db.session() as s:
        with pytest.raises(Invalid) as refused:
            await review.decide(s, ADMIN, proposed["a1"].id, Decision.APPROVE, None, message_to_applicant="Welcome!")
    assert refused.value.code == "review.message_on_approval" and refused.value.field == "message_to_applicant"
    decisions = [
        review.ReviewDecision(proposed["a4"].id, Decision.APPROVE),
        review.ReviewDecision(proposed["a1"].id, Decision.APPROVE, message_to_applicant="Welcome!"),
    ]
    async with db.session() as s:
        with pytest.raises(Invalid) as refused:
            async with s.begin():
                await review.decide_many(s, ADMIN, decisions)
    assert [e.field for e in refused.value.errors] == ["decisions.1.message_to_applicant"]
    assert await staged(db) == before


async def test_an_approval_sets_the_reply_by_date_from_the_cycles_days(db, proposed, monkeypatch):
    async with db.session() as s, s.begin():
        (await s.get(Cycle, CYCLE)).offer_reply_days = 10
    # late on the last day of February, UTC: the count starts from the approval's UTC date
    monkeypatch.setattr(review, "utcnow", lambda: datetime(2027, 2, 28, 23, 30, tzinfo=UTC))
    async with db.session() as s, s.begin():
        approved = await review.decide(s, ADMIN, proposed["a1"].id, Decision.APPROVE, None)
        rejected = await review.decide(s, ADMIN, proposed["a2"].id, Decision.REJECT, "no")
    assert approved.reply_by == date(2027, 3, 10) and rejected.reply_by is None
    async with db.session() as s:
        assert (await s.get(Match, proposed["a1"].id)).reply_by == date(2027, 3, 10)
    (kind, data), (_, rejection) = (await staged_events(db))[-2:]
    assert kind == "approved" and data["reply_by"] == "2027-03-10"
    assert "reply_by" not in rejection


async def test_matches_paged_by_cursor_on_the_embedded_database(db, proposed):
    """SQLite (``make run``): one match a page by cursor gives every match once, in the list's
    order; a cursor written by hand without a time zone reads as UTC; one not of this list
    (a wrong key, a word for a time) is a 422 naming ``after``."""
    query = review.matches_query(ADMIN)
    async with db.session() as s:
        whole, total, last = await fetch_keyset_page(s, query, Match.created_at, Match.id, paging=Paging(limit=50))
        assert total == len(whole) == 3 and last is None
        seen, after = [], None
        while True:
            page, counted, after = await fetch_keyset_page(
                s, query, Match.created_at, Match.id, paging=Paging(limit=1, after=after)
            )
            assert counted == (3 if not seen else None)
            seen += [m.id for m in page]
            if after is None:
                break
        assert seen == [m.id for m in whole]

        first = whole[0]
        by_hand = _cursor([first.created_at.replace(tzinfo=None).isoformat(), first.id])
        rest, _, _ = await fetch_keyset_page(s, query, Match.created_at, Match.id, paging=Paging(after=by_hand))
        assert [m.id for m in rest] == [m.id for m in whole[1:]]
        for bad in (
            _cursor([first.id]),
            _cursor(["yesterday", first.id]),
            _cursor([1, 2]),
            "%%%",
            _cursor(["0001-01-01T00:00:00+14:00", first.id]),  # out of range once in UTC
            _cursor([first.created_at.isoformat(), "m\x00"]),  # PostgreSQL refuses NUL in text
            _cursor([first.created_at.isoformat(), "\ud800"]),  # a lone surrogate: no UTF-8 for it
        ):
            with pytest.raises(Invalid) as refused:
                await fetch_keyset_page(s, query, Match.created_at, Match.id, paging=Paging(after=bad))
            assert refused.value.field == "after"


async def test_matches_of_several_applications_in_one_read(db, proposed):
    """``application_id`` repeated: the matches of any of them (a review page asks what officers
    rejected of its applications before); one value reads as before."""
    async with db.session() as s:
        several = (await s.scalars(review.matches_query(ADMIN, application_id=["a1", "a4", "nobody"]))).all()
        one = (await s.scalars(review.matches_query(ADMIN, application_id="a2"))).all()
        unfiltered = (await s.scalars(review.matches_query(ADMIN, application_id=[""]))).all()
    assert sorted(m.application_id for m in several) == ["a1", "a4"]
    assert len(unfiltered) == 3  # ?application_id= (empty) filters nothing, as before
    assert [m.application_id for m in one] == ["a2"]
