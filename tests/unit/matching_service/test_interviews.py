"""Interviews through the service layer (SQLite): slots in the host's zone, invitations from
the pool, booking, rescheduling and cancelling until the cut-off, one booking per slot,
attendance and the score (onto the scoresheet's interview criterion or the pool entry),
scope, one journal entry and the right event per change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from services.matching.domain.committee import Criterion
from services.matching.domain.interviews import Attendance
from services.matching.domain.journal import Action
from services.matching.domain.statuses import MatchStatus, PoolStatus
from services.matching.models import InterviewSlot, JournalEntry, Match, Nomination, PoolEntry, ReviewAssignment
from services.matching.service import committee, interviews, workbench
from services.matching.service.interviews import SlotSpec
from services.matching.service.standing import OUT_OF_THE_RUNNING
from services.portal.domain.workbench import IN_THE_RUNNING, STATUSES
from shared.clock import aware
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.paging import Paging
from shared.principal import Principal, Role

from .conftest import CYCLE, officer, seed_cycle, staged_events

CHAIR = officer("chair", schemes=["sco"], name="Chair")
A1 = Principal(sub="stu-a1", role=Role.APPLICANT)
A2 = Principal(sub="stu-a2", role=Role.APPLICANT)
CUTOFF = timedelta(hours=24)
NEXT_YEAR = datetime.now(UTC).year + 1


def _local_in(days: float, tz_hours: int) -> datetime:
    """A naive wall-clock time ``days`` from now in a zone ``tz_hours`` east of UTC."""
    return (datetime.now(UTC) + timedelta(days=days) + timedelta(hours=tz_hours)).replace(tzinfo=None, microsecond=0)


async def _journal(db, action: Action) -> list[JournalEntry]:
    async with db.session() as s:
        return list((await s.scalars(select(JournalEntry).where(JournalEntry.action == action.value))).all())


async def _held(db, slot_id: str) -> None:
    """The interview's time comes: its slot began five minutes ago."""
    async with db.session() as s, s.begin():
        (await s.get(InterviewSlot, slot_id)).starts_at = datetime.now(UTC) - timedelta(minutes=5)


@pytest.fixture
async def world(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        slots = await interviews.publish_slots(
            s,
            CHAIR,
            CYCLE,
            [
                SlotSpec(_local_in(3, 8), 30, "Asia/Shanghai", "Lanzhou University, room 101"),
                SlotSpec(_local_in(4, 8), 30, "Asia/Shanghai", "https://meet.example/sco"),
                SlotSpec(_local_in(2, 8), 30, "Asia/Shanghai", "room 102"),
            ],
        )
        # published days ahead, now half a day off: inside the cut-off (publishing one so late is refused)
        slots[2].starts_at = datetime.now(UTC) + timedelta(hours=12)
        await interviews.invite(s, CHAIR, CYCLE, ["a1", "a2"])
    return db, [x.id for x in slots]


async def test_slots_are_stored_in_utc_checked_and_scoped(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        (slot,) = await interviews.publish_slots(
            s, CHAIR, CYCLE, [SlotSpec(datetime(NEXT_YEAR, 3, 1, 10, 0), 45, "Asia/Karachi", "Islamabad")]
        )
    assert aware(slot.starts_at) == datetime(NEXT_YEAR, 3, 1, 5, 0, tzinfo=UTC)
    async with db.session() as s:
        with pytest.raises(Invalid) as bad:
            await interviews.publish_slots(s, CHAIR, CYCLE, [SlotSpec(datetime(NEXT_YEAR, 3, 1), 30, "Nowhere/X", "x")])
        assert bad.value.errors[0].field == "slots.0.time_zone"
        with pytest.raises(Forbidden):
            await interviews.publish_slots(
                s, officer(schemes=["cpec"]), CYCLE, [SlotSpec(datetime(NEXT_YEAR, 3, 1), 30, "UTC", "x")]
            )
    assert len(await _journal(db, Action.INTERVIEW_SLOT_PUBLISHED)) == 1


async def test_invitations_come_from_the_pool_once(world):
    db, _ = world
    async with db.session() as s, s.begin():
        assert await interviews.invite(s, CHAIR, CYCLE, ["a1"]) == []  # already invited
        with pytest.raises(NotFound):
            await interviews.invite(s, CHAIR, CYCLE, ["nobody"])
    assert [t for t, _ in await staged_events(db)].count("invited") == 2
    assert len(await _journal(db, Action.INTERVIEW_INVITED)) == 2


async def test_only_applications_still_in_the_running_are_invited_or_listed(db):
    """Placed and accepted (a3), withdrawn (a4): skipped by an invitation and left out of the
    table's candidates; one already invited (a1) is left out of the not-invited list."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        s.add(
            Match(
                id="m3",
                round_id="r",
                cycle_id=CYCLE,
                scheme_id="sco",
                application_id="a3",
                applicant_id="stu-a3",
                programme_id="pe",
                host_institution_id="xju",
                rank=1,
                status=MatchStatus.ACCEPTED,
            )
        )
        (await s.get(PoolEntry, "a4")).status = PoolStatus.WITHDRAWN
        # a5: a nominee the host rejected, taken off the list (the table says host_rejected)
        s.add(
            Match(id="m5", round_id="r", cycle_id=CYCLE, scheme_id="sco", application_id="a5", applicant_id="stu-a5",
                  programme_id="ir", host_institution_id="lzu", rank=1, status=MatchStatus.HOST_REJECTED)
        )  # fmt: skip
        s.add(Nomination(application_id="a5", cycle_id=CYCLE, sending_country="RU", state="withdrawn", version=2,
                         decided_by="lzu"))  # fmt: skip
        await interviews.invite(s, CHAIR, CYCLE, ["a1"])
    async with db.session() as s, s.begin():
        created = await interviews.invite(s, CHAIR, CYCLE, ["a2", "a3", "a4", "a5"])
    assert [i.application_id for i in created] == ["a2"]
    # the portal lists as candidates every status but those the service skips
    assert set(STATUSES) - set(IN_THE_RUNNING) == OUT_OF_THE_RUNNING
    candidates = workbench.TableFilters(statuses=IN_THE_RUNNING, invited=False)
    async with db.session() as s:
        _cycle, rows, total = await workbench.table_page(
            s, CHAIR, CYCLE, candidates, "name", False, Paging(offset=0, limit=50)
        )
    # the table shows a5 as host_rejected (in the list); the invitation above skipped it
    assert sorted(r.entry.application_id for r in rows) == ["a5"] and total == 1 and rows[0].status == "host_rejected"
    async with db.session() as s:
        _cycle, rows, total = await workbench.table_page(
            s, CHAIR, CYCLE, workbench.TableFilters(invited=True), "name", False, Paging(offset=0, limit=50)
        )
    assert sorted(r.entry.application_id for r in rows) == ["a1", "a2"] and total == 2


async def test_book_reschedule_cancel_with_events_and_journal(world):
    db, (first, second, soon) = world
    async with db.session() as s:
        free = await interviews.open_slots(s, A1, "a1", CUTOFF)
        assert [x.id for x in free] == [first, second]  # the one inside the cut-off is not offered
    async with db.session() as s, s.begin():
        inv, _ = await interviews.book(s, A1, "a1", first, CUTOFF)
        uid = inv.booking_uid
        assert inv.sequence == 0 and uid
    async with db.session() as s, s.begin():
        with pytest.raises(Conflict) as taken:
            await interviews.book(s, A2, "a2", first, CUTOFF)
        assert taken.value.code == "interview.slot_taken"
        with pytest.raises(Conflict) as late:
            await interviews.book(s, A2, "a2", soon, CUTOFF)
        assert late.value.code == "interview.cutoff_passed"
        with pytest.raises(NotFound):  # another applicant's application
            await interviews.book(s, A2, "a1", second, CUTOFF)
    async with db.session() as s, s.begin():
        inv, slot = await interviews.book(s, A1, "a1", second, CUTOFF)  # reschedule
        assert inv.booking_uid == uid and inv.sequence == 1 and slot.id == second
    async with db.session() as s, s.begin():
        await interviews.book(s, A2, "a2", first, CUTOFF)  # the first slot is free again
    async with db.session() as s, s.begin():
        await interviews.cancel(s, A1, "a1", CUTOFF)
    events = await staged_events(db)
    booked = [d for t, d in events if t == "booked"]
    assert [(d["application_id"], d["sequence"], d["rescheduled"]) for d in booked] == [
        ("a1", 0, False),
        ("a1", 1, True),
        ("a2", 0, False),
    ]
    assert booked[0]["time_zone"] == "Asia/Shanghai" and booked[0]["booking_uid"] == uid
    assert booked[0]["nationality"] == "KZ"
    (cancelled,) = [d for t, d in events if t == "cancelled"]
    assert cancelled["booking_uid"] == uid and cancelled["sequence"] == 2
    assert len(await _journal(db, Action.INTERVIEW_BOOKED)) == 2
    assert len(await _journal(db, Action.INTERVIEW_RESCHEDULED)) == 1
    assert len(await _journal(db, Action.INTERVIEW_CANCELLED)) == 1
    async with db.session() as s:
        rows = await interviews.cycle_slots(s, CHAIR, CYCLE)
        holders = {r.slot.id: r.invitation.application_id if r.invitation else None for r in rows}
        assert holders == {first: "a2", second: None, soon: None}


async def test_a_booking_inside_the_cut_off_stays(world):
    db, (first, second, _) = world
    async with db.session() as s, s.begin():
        await interviews.book(s, A1, "a1", first, CUTOFF)
    async with db.session() as s, s.begin():  # three days before: a 4-day cut-off has passed
        with pytest.raises(Conflict) as late:
            await interviews.cancel(s, A1, "a1", timedelta(days=4))
        assert late.value.code == "interview.cutoff_passed"
        with pytest.raises(Conflict):
            await interviews.book(s, A1, "a1", second, timedelta(days=3, hours=12))
    async with db.session() as s:
        assert (await interviews.my_invitations(s, A1))[0][1].id == first


async def test_a_withdrawn_application_cannot_book(world):
    db, (first, _, _) = world
    async with db.session() as s, s.begin():
        (await s.get(PoolEntry, "a1")).status = "withdrawn"
    async with db.session() as s:
        with pytest.raises(Conflict):
            await interviews.book(s, A1, "a1", first, CUTOFF)


async def test_a_withdrawal_gives_a_booked_slot_back_to_the_others(world):
    """The slot stayed held, "booked" by an application out of the running, and its reminder due."""
    from services.matching.handlers import on_application_withdrawn
    from shared.events.catalog import ApplicationWithdrawn

    db, (first, _, _) = world
    async with db.session() as s, s.begin():
        await interviews.book(s, A1, "a1", first, CUTOFF)
    withdrawn = ApplicationWithdrawn(application_id="a1", applicant_id="stu-a1", cycle_id=CYCLE)
    async with db.session() as s, s.begin():
        await on_application_withdrawn(s, withdrawn, None)
    async with db.session() as s:
        [(invitation, _)] = await interviews.my_invitations(s, A1)
        assert invitation.slot_id is None and invitation.booking_uid is None
        free = [slot.id for slot in await interviews.open_slots(s, A2, "a2")]
    assert first in free  # the others may book it
    cancelled = [data for kind, data in await staged_events(db) if kind == "cancelled"]
    assert cancelled[-1]["application_id"] == "a1" and cancelled[-1]["by_staff"] is False  # its reminder stops
    async with db.session() as s, s.begin():  # told again (a redelivery): nothing more to give back
        await on_application_withdrawn(s, withdrawn, None)
    assert len([kind for kind, _ in await staged_events(db) if kind == "cancelled"]) == len(cancelled)


async def test_the_score_goes_to_the_pool_without_an_interview_criterion(world):
    db, (first, second, _) = world
    async with db.session() as s, s.begin():
        await interviews.book(s, A1, "a1", first, CUTOFF)
    async with db.session() as s:
        with pytest.raises(Conflict) as early:  # not before it has begun
            await interviews.record(s, CHAIR, "a1", Attendance.ATTENDED, 85)
        assert early.value.code == "interview.not_started"
    await _held(db, first)
    async with db.session() as s, s.begin():
        with pytest.raises(Conflict):  # a2 has not booked
            await interviews.record(s, CHAIR, "a2", Attendance.ATTENDED, 50)
        with pytest.raises(Invalid):
            await interviews.record(s, CHAIR, "a1", Attendance.ATTENDED, 150)
        with pytest.raises(Forbidden):
            await interviews.record(s, officer(schemes=["cpec"]), "a1", Attendance.ATTENDED, 50)
    async with db.session() as s, s.begin():
        await interviews.record(s, CHAIR, "a1", Attendance.ATTENDED, 85, "panel of three")
    async with db.session() as s:
        assert (await s.get(PoolEntry, "a1")).interview_score == 85
    async with db.session() as s:  # it took place: neither moved nor given back
        for change in (
            interviews.cancel(s, A1, "a1", timedelta(0)),
            interviews.book(s, A1, "a1", second, timedelta(0)),
        ):
            with pytest.raises(Conflict) as done:
                await change
            assert done.value.code == "interview.recorded"
    (entry,) = await _journal(db, Action.INTERVIEW_RECORDED)
    assert entry.after == {"attendance": "attended", "score": 85, "onto": "pool"} and entry.reason == "panel of three"


async def test_the_score_goes_onto_the_interview_criterion_of_the_scoresheet(world):
    db, (first, _, _) = world
    sheet = [Criterion("academic", "Academic", 1, 0, 10), Criterion("interview", "Interview", 1, 0, 10)]
    async with db.session() as s, s.begin():
        await committee.save_scoresheet(
            s, CHAIR, scheme_id="sco", cycle_id=None, criteria=sheet, reviewers_per_application=1, spread_threshold=20
        )
        s.add(
            ReviewAssignment(
                id="ra1", cycle_id=CYCLE, scheme_id="sco", application_id="a1", reviewer_id="r1", assigned_by="chair"
            )
        )
        await interviews.book(s, A1, "a1", first, CUTOFF)
    r1 = officer("r1", schemes=["sco"])
    async with db.session() as s, s.begin():
        await committee.submit_scores(s, r1, "ra1", {"academic": 10, "interview": 0}, "")
    async with db.session() as s:
        assert (await s.get(PoolEntry, "a1")).committee_score == 50.0
    await _held(db, first)
    async with db.session() as s, s.begin():
        await interviews.record(s, CHAIR, "a1", Attendance.ATTENDED, 10)
    async with db.session() as s:
        entry = await s.get(PoolEntry, "a1")
        assert entry.committee_score == 100.0 and entry.interview_score is None
    async with db.session() as s, s.begin():  # a later resubmission keeps the panel's interview score
        await committee.submit_scores(s, r1, "ra1", {"academic": 0, "interview": 0}, "")
    async with db.session() as s:
        assert (await s.get(PoolEntry, "a1")).committee_score == 50.0
        assert (await s.get(InterviewSlot, first)).capacity == 1


async def test_a_slot_published_again_at_the_same_start_and_place_is_refused(db):
    """Published twice (a second press, a colleague), the applicant saw two identical times."""
    await seed_cycle(db)
    spec = SlotSpec(datetime(NEXT_YEAR, 3, 1, 10, 30), 30, "Asia/Karachi", "Room 204")
    async with db.session() as s, s.begin():
        await interviews.publish_slots(s, CHAIR, CYCLE, [spec])
    with pytest.raises(Invalid) as again:
        async with db.session() as s, s.begin():
            await interviews.publish_slots(s, CHAIR, CYCLE, [spec])
    assert [(e.field, e.code) for e in again.value.errors] == [("slots.0.starts_at", "interview.slot_exists")]
    async with db.session() as s, s.begin():  # another room at that time is another slot
        await interviews.publish_slots(s, CHAIR, CYCLE, [SlotSpec(spec.starts_at, 30, "Asia/Karachi", "Room 205")])


async def test_a_slot_starting_inside_the_cut_off_is_refused_when_published(db):
    """Published three minutes ahead, a slot was accepted and never shown to applicants."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        with pytest.raises(Invalid) as refused:
            await interviews.publish_slots(
                s, CHAIR, CYCLE, [SlotSpec(_local_in(0.5, 8), 30, "Asia/Shanghai", "room 9")]
            )
    assert [(e.field, e.code) for e in refused.value.errors] == [("slots.0.starts_at", "interview.slot_too_soon")]
