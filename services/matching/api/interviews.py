"""Interviews: officers publish slots, invite, see bookings and record attendance and the
score; applicants see their invitations and free slots (in their own time zone), book, move
and cancel until the cut-off (service/interviews.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.matching.api.deps import InterviewCutoff, Source
from services.matching.api.schemas import (
    BookedSlotOut,
    BookIn,
    InvitationOut,
    InviteIn,
    MyInterviewOut,
    OpenSlotOut,
    RecordIn,
    SlotOut,
    SlotsIn,
    StaffCancelIn,
)
from services.matching.domain.interviews import Attendance, local, may_change
from services.matching.service import interviews
from services.matching.service.interviews import SlotSpec
from shared.api import DbSession, Transaction
from shared.auth import ApplicantCaller, Staff
from shared.clock import utcnow

router = APIRouter(tags=["interviews"])


def _slot(s: Any) -> SlotOut:
    return SlotOut.of(s, local(s.starts_at, s.time_zone))


def _invitation(i: Any, slot: Any = None, name: str = "") -> InvitationOut:
    return InvitationOut(
        application_id=i.application_id,
        applicant_id=i.applicant_id,
        cycle_id=i.cycle_id,
        name=name,
        invited_at=i.invited_at,
        slot=_slot(slot) if slot is not None else None,
        booking_uid=i.booking_uid,
        sequence=i.sequence,
        attendance=i.attendance,
        score=i.score,
        recorded_by=i.recorded_by,
    )


# --- officers ---


@router.post("/cycles/{cycle_id}/interview-slots", response_model=list[SlotOut], status_code=201)
async def publish_slots(cycle_id: str, body: SlotsIn, session: Transaction, caller: Staff):
    """Publish slots (capacity 1 each), each given in the host's time zone."""
    specs = [SlotSpec(s.starts_at, s.duration_minutes, s.time_zone, s.place) for s in body.slots]
    return [_slot(s) for s in await interviews.publish_slots(session, caller, cycle_id, specs)]


@router.get("/cycles/{cycle_id}/interview-slots", response_model=list[BookedSlotOut])
async def cycle_slots(cycle_id: str, session: DbSession, caller: Staff):
    """The cycle's slots, earliest first, with their bookings."""
    rows = await interviews.cycle_slots(session, caller, cycle_id)
    return [
        BookedSlotOut(slot=_slot(r.slot), booking=_invitation(r.invitation, r.slot, r.name) if r.invitation else None)
        for r in rows
    ]


@router.post("/cycles/{cycle_id}/interviews", response_model=list[InvitationOut], status_code=201)
async def invite(cycle_id: str, body: InviteIn, session: Transaction, caller: Staff, source: Source):
    """Invite applications of the cycle's pool (those already invited are left as they are)."""
    created = await interviews.invite(session, caller, cycle_id, body.application_ids, source)
    return [_invitation(i, slot, name) for i, slot, name in await interviews.described(session, created)]


@router.get("/cycles/{cycle_id}/interviews", response_model=list[InvitationOut])
async def cycle_invitations(
    cycle_id: str,
    session: DbSession,
    caller: Staff,
    application_id: Annotated[
        str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$", description="one application's")
    ] = None,
):
    rows = await interviews.cycle_invitations(session, caller, cycle_id, application_id)
    return [_invitation(i, slot, name) for i, slot, name in rows]


@router.put("/interviews/{application_id}/record", response_model=InvitationOut)
async def record(application_id: str, body: RecordIn, session: Transaction, caller: Staff):
    """Attendance and the interview score (onto the scoresheet's interview criterion if it has one)."""
    i = await interviews.record(session, caller, application_id, Attendance(body.attendance), body.score, body.reason)
    [(i, slot, name)] = await interviews.described(session, [i])
    return _invitation(i, slot, name)


@router.post("/interviews/{application_id}/booking/cancel", response_model=InvitationOut)
async def cancel_for_the_committee(
    application_id: str, body: StaffCancelIn, session: Transaction, caller: Staff, source: Source
):
    """The committee cancels a booked interview (the panel cannot sit, a slot published by
    mistake): the time goes back to the others, the applicant is told why and books another.
    No cut-off; an interview already recorded is not cancelled (409 interview.recorded)."""
    i = await interviews.cancel_for_the_committee(session, caller, application_id, body.reason, source)
    [(i, slot, name)] = await interviews.described(session, [i])
    return _invitation(i, slot, name)


# --- applicants ---


async def _mine(session: Any, caller: Any, cutoff: Any) -> list[MyInterviewOut]:
    tz = await interviews.applicant_time_zone(session, caller.sub)
    out = []
    for i, slot in await interviews.my_invitations(session, caller):
        base = _invitation(i, slot).model_dump()
        out.append(
            MyInterviewOut(
                **base,
                time_zone=tz,
                my_local_start=local(slot.starts_at, tz).isoformat() if slot is not None else None,
                cutoff_hours=cutoff.total_seconds() / 3600,
                # a recorded interview took place: nothing to move or give back
                can_change=i.attendance is None and (slot is None or may_change(slot.starts_at, utcnow(), cutoff)),
            )
        )
    return out


@router.get("/interviews/mine", response_model=list[MyInterviewOut])
async def my_interviews(session: DbSession, caller: ApplicantCaller, cutoff: InterviewCutoff):
    """My invitations and bookings, with times in my own time zone."""
    return await _mine(session, caller, cutoff)


@router.get("/interviews/{application_id}/slots", response_model=list[OpenSlotOut])
async def open_slots(application_id: str, session: DbSession, caller: ApplicantCaller, cutoff: InterviewCutoff):
    """The free slots I may still book (starting after now + the cut-off)."""
    tz = await interviews.applicant_time_zone(session, caller.sub)
    return [
        OpenSlotOut(**_slot(s).model_dump(), my_local_start=local(s.starts_at, tz).isoformat())
        for s in await interviews.open_slots(session, caller, application_id, cutoff)
    ]


@router.put("/interviews/{application_id}/booking", response_model=InvitationOut)
async def book(
    application_id: str,
    body: BookIn,
    session: Transaction,
    caller: ApplicantCaller,
    cutoff: InterviewCutoff,
    source: Source,
):
    """Book a slot, or move my booking to it (409 `interview.slot_taken`, `interview.cutoff_passed`)."""
    invitation, slot = await interviews.book(session, caller, application_id, body.slot_id, cutoff, source)
    return _invitation(invitation, slot)


@router.delete("/interviews/{application_id}/booking", response_model=InvitationOut)
async def cancel(
    application_id: str, session: Transaction, caller: ApplicantCaller, cutoff: InterviewCutoff, source: Source
):
    """Cancel my booking (before the cut-off); I may book again."""
    return _invitation(await interviews.cancel(session, caller, application_id, cutoff, source))
