"""The officer workbench's writes in the service layer (issue 16), over an in-memory SQLite:
saved filters are each officer's own, named once per cycle whatever the case, 1..80
characters, at most 50; an action on selected rows answers every row, and never touches an
application outside the caller's view of the cycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from services.matching.domain.statuses import MatchStatus, PoolStatus
from services.matching.models import Base, Cycle, InterviewInvitation, Match, PoolEntry, SavedFilter
from services.matching.service import workbench
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.principal import Principal, Role

CHAIR = Principal(sub="chair", role=Role.OFFICER, schemes=["sco"])
DEPUTY = Principal(sub="deputy", role=Role.OFFICER, schemes=["sco"])
STRANGER = Principal(sub="cpec", role=Role.OFFICER, schemes=["cpec"])


@pytest.fixture
async def session():
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with async_sessionmaker(engine, expire_on_commit=False)() as s:
        now = datetime.now(UTC)
        for cid in ("c1", "c2"):
            s.add(Cycle(id=cid, scheme_id="sco", name=cid, opens_at=now - timedelta(days=1), closes_at=now))
        for app_id, cycle, status in (("a1", "c1", PoolStatus.SUBMITTED), ("a2", "c1", PoolStatus.WITHDRAWN),
                                      ("b1", "c2", PoolStatus.SUBMITTED)):  # fmt: skip
            s.add(
                PoolEntry(
                    application_id=app_id,
                    applicant_id=f"stu-{app_id}",
                    cycle_id=cycle,
                    scheme_id="sco",
                    applicant_type="student",
                    sending_country="PK",
                    status=status,
                )
            )
        await s.commit()
        yield s
    await engine.dispose()


async def test_saved_filters_are_each_officers_own_and_named_once(session):
    kept = await workbench.save_filter(
        session, CHAIR, "c1", "  Pakistan \t first ", {"sending_country": "PK", "sort": "score", "page": "3", "q": ""}
    )
    assert kept.name == "Pakistan first" and kept.owner == "chair" and kept.cycle_id == "c1"
    assert kept.filters == {"sending_country": "PK", "sort": "score"}  # only the table's own keys, those set
    await workbench.save_filter(session, CHAIR, "c1", "all", {})
    await workbench.save_filter(session, DEPUTY, "c1", "Pakistan first", {})  # another officer: the same name
    await workbench.save_filter(session, CHAIR, "c2", "Pakistan first", {})  # another cycle too
    assert [f.name for f in await workbench.saved_filters(session, CHAIR, "c1")] == ["all", "Pakistan first"]
    assert [f.name for f in await workbench.saved_filters(session, DEPUTY, "c1")] == ["Pakistan first"]
    with pytest.raises(Conflict) as taken:
        await workbench.save_filter(session, CHAIR, "c1", "PAKISTAN FIRST", {})
    assert taken.value.code == "saved_filter.name_taken" and taken.value.field == "name"
    for name in ("", "   ", "x" * 81):
        with pytest.raises(Invalid) as bad:
            await workbench.save_filter(session, CHAIR, "c1", name, {})
        assert bad.value.code == "saved_filter.name_length"
    assert len((await workbench.save_filter(session, CHAIR, "c1", "x" * 80, {})).name) == 80
    with pytest.raises(Forbidden):
        await workbench.save_filter(session, STRANGER, "c1", "mine", {})
    # delete: only one's own, in that cycle
    with pytest.raises(NotFound):
        await workbench.delete_filter(session, DEPUTY, "c1", kept.id)
    with pytest.raises(NotFound):
        await workbench.delete_filter(session, CHAIR, "c2", kept.id)
    await workbench.delete_filter(session, CHAIR, "c1", kept.id)
    await session.flush()
    assert await session.get(SavedFilter, kept.id) is None
    assert [f.name for f in await workbench.saved_filters(session, CHAIR, "c1")] == ["all", "x" * 80]


async def test_fifty_saved_filters_at_most_per_officer_and_cycle(session):
    for i in range(workbench.MAX_SAVED_FILTERS):
        await workbench.save_filter(session, CHAIR, "c1", f"f{i}", {})
    with pytest.raises(Conflict) as full:
        await workbench.save_filter(session, CHAIR, "c1", "one more", {})
    assert full.value.code == "saved_filter.too_many"
    await workbench.save_filter(session, CHAIR, "c2", "one more", {})  # another cycle has room
    await workbench.save_filter(session, DEPUTY, "c1", "one more", {})  # and so has another officer


async def test_an_action_answers_every_selected_row_and_touches_nothing_out_of_view(session):
    session.add(InterviewInvitation(application_id="a1", applicant_id="stu-a1", cycle_id="c1", scheme_id="sco",
                                    invited_by="chair"))  # fmt: skip
    await session.flush()
    rows = await workbench.act_on_selected(
        session, CHAIR, "c1", workbench.BulkAction.INVITE, ["a1", "a2", "b1", "zz", "a1"], "/corridor/matching"
    )
    assert [(r.application_id, r.outcome, r.code) for r in rows] == [
        ("a1", workbench.Outcome.UNCHANGED, "interview.already_invited"),
        ("a2", workbench.Outcome.REFUSED, "interview.withdrawn"),
        ("b1", workbench.Outcome.REFUSED, "pool.not_found"),  # another cycle's
        ("zz", workbench.Outcome.REFUSED, "pool.not_found"),
    ]
    invited = await session.scalar(select(func.count()).select_from(InterviewInvitation))
    assert invited == 1  # nothing new: b1 is in c2, not the cycle acted on
    with pytest.raises(Invalid) as none:
        await workbench.act_on_selected(session, CHAIR, "c1", workbench.BulkAction.INVITE, [], "/corridor/matching")
    assert none.value.code == "bulk.nothing_selected"
    with pytest.raises(Invalid) as many:
        ids = [f"x{i}" for i in range(workbench.MAX_SELECTED + 1)]
        await workbench.act_on_selected(session, CHAIR, "c1", workbench.BulkAction.INVITE, ids, "/corridor/matching")
    assert many.value.code == "bulk.too_many"
    with pytest.raises(Forbidden):
        await workbench.act_on_selected(session, STRANGER, "c1", workbench.BulkAction.INVITE, ["a1"], "/x")


async def test_reviewers_are_refused_for_a_withdrawn_application_before_any_scoresheet_is_needed(session):
    rows = await workbench.act_on_selected(session, CHAIR, "c1", workbench.BulkAction.ASSIGN, ["a2"], "/x")
    assert [(r.outcome, r.code) for r in rows] == [(workbench.Outcome.REFUSED, "assignment.not_submitted")]
    with pytest.raises(Conflict) as missing:
        await workbench.act_on_selected(session, CHAIR, "c1", workbench.BulkAction.ASSIGN, ["a1"], "/x")
    assert missing.value.code == "scoresheet.missing"


@pytest.mark.parametrize(
    ("name", "filters", "field"),
    [("Pakistan\x00first", {}, "name"), ("bell\x07", {}, "name"), ("search", {"q": "Li\x00"}, "filters.q")],
)
async def test_a_saved_filter_with_control_characters_is_refused_by_field_and_not_kept(session, name, filters, field):
    with pytest.raises(Invalid) as refused:
        await workbench.save_filter(session, CHAIR, "c1", name, filters)
    assert refused.value.code == "saved_filter.control_characters" and refused.value.errors[0].field == field
    assert await session.scalar(select(func.count()).select_from(SavedFilter)) == 0


async def test_an_application_out_of_the_running_is_neither_invited_nor_given_reviewers(session):
    """A placed applicant who accepted: the invitation read "already invited" and the
    assignment "already has its reviewers", and neither was true."""
    session.add(
        Match(id="m1", round_id="r", cycle_id="c1", scheme_id="sco", application_id="a1", applicant_id="stu-a1",
              programme_id="p", host_institution_id="h", rank=1, status=MatchStatus.ACCEPTED)
    )  # fmt: skip
    await session.flush()
    for action, code in (
        (workbench.BulkAction.INVITE, "interview.out_of_the_running"),
        (workbench.BulkAction.ASSIGN, "assignment.out_of_the_running"),
    ):
        (row,) = await workbench.act_on_selected(session, CHAIR, "c1", action, ["a1"], "/x")
        assert (row.outcome, row.code) == (workbench.Outcome.REFUSED, code)
        assert "accepted" in row.detail
    assert await session.scalar(select(func.count()).select_from(InterviewInvitation)) == 0
