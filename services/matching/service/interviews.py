"""Interviews: officers publish slots and invite applications of a cycle's pool; applicants
book one slot, move or cancel it until the cut-off; officers record attendance and the
score (rules in domain/interviews.py). Each change is one journal entry, written in its
transaction, and the applicant's notices go out as events (interview.invited, .booked,
.cancelled).

A slot is never double-booked: the booking takes the slot row's lock (FOR UPDATE on
PostgreSQL), checks nobody holds it, and ``interview_invitations.slot_id`` is unique, so
a second booking that slipped past the check fails on the constraint (409 either way)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import interviews as rules
from services.matching.domain.catalog import ERROR, Problem
from services.matching.domain.committee import Criterion, reviewer_composite
from services.matching.domain.interviews import Attendance
from services.matching.domain.journal import Action
from services.matching.domain.statuses import PoolStatus
from services.matching.models import (
    ApplicantProfile,
    Cycle,
    InterviewInvitation,
    InterviewSlot,
    PoolEntry,
    ReviewAssignment,
    ReviewScore,
    infra,
)
from services.matching.service import journal
from services.matching.service.committee import criteria_of, cycle_in_scope, recompute, scoresheet_for
from services.matching.service.common import SOURCE, get_or_not_found, refuse_errors, require_scheme
from services.matching.service.endorsements import endorsed_among
from services.matching.service.standing import OUT_OF_THE_RUNNING, standing_of
from shared.clock import aware, utcnow
from shared.errors import Conflict, Invalid, NotFound
from shared.events.catalog import InterviewBooked, InterviewCancelled, InterviewInvited
from shared.outbox import add_event
from shared.principal import Principal

DEFAULT_CUTOFF = timedelta(hours=24)


@dataclass(frozen=True)
class SlotSpec:
    starts_at: datetime  # naive: a wall-clock time in time_zone
    duration_minutes: int
    time_zone: str
    place: str


# --- officers ---------------------------------------------------------------------------------


async def publish_slots(
    session: AsyncSession, caller: Principal, cycle_id: str, specs: Sequence[SlotSpec]
) -> list[InterviewSlot]:
    """New slots of a cycle (officers of its scheme); every problem of every slot at once."""
    cycle = await cycle_in_scope(session, caller, cycle_id)
    now = utcnow()
    problems: list[Problem] = []
    seen: set[tuple[datetime, str]] = set()
    for i, spec in enumerate(specs):
        found = rules.slot_problems(
            spec.starts_at, spec.duration_minutes, spec.time_zone, spec.place, now, DEFAULT_CUTOFF
        )
        problems.extend(p._replace(field=f"slots.{i}.{p.field}") for p in found)
        if not found:  # the same start at the same place twice in one request: one slot meant
            key = (rules.to_utc(spec.starts_at, spec.time_zone), spec.place.strip())
            if key in seen:
                msg = "this slot is given twice in the request (the same start and place)"
                problems.append(Problem(ERROR, f"slots.{i}.starts_at", msg, "interview.slot_twice"))
            seen.add(key)
    if not specs:
        raise Invalid("interview.no_slots", "publish at least one slot", "slots")
    if seen:  # one already published at the same start and place: the applicant saw it twice
        starts = [start for start, _place in seen]
        published = {
            (aware(start), place)
            for start, place in (
                await session.execute(
                    select(InterviewSlot.starts_at, InterviewSlot.place).where(
                        InterviewSlot.cycle_id == cycle.id, InterviewSlot.starts_at.in_(starts)
                    )
                )
            ).all()
        }
        for i, spec in enumerate(specs):
            key = (rules.to_utc(spec.starts_at, spec.time_zone), spec.place.strip())
            if not any(p.field.startswith(f"slots.{i}.") for p in problems) and key in published:
                msg = "a slot at this start and place is already published"
                problems.append(Problem(ERROR, f"slots.{i}.starts_at", msg, "interview.slot_exists"))
    refuse_errors(problems)
    slots = []
    for spec in specs:
        slot = InterviewSlot(
            id=str(uuid.uuid4()),
            cycle_id=cycle.id,
            scheme_id=cycle.scheme_id,
            starts_at=rules.to_utc(spec.starts_at, spec.time_zone),
            duration_minutes=spec.duration_minutes,
            time_zone=spec.time_zone,
            place=spec.place.strip(),
            created_by=caller.sub,
        )
        session.add(slot)
        slots.append(slot)
        journal.record(
            session,
            caller,
            Action.INTERVIEW_SLOT_PUBLISHED,
            subject=f"interview_slot:{slot.id}",
            scheme_id=cycle.scheme_id,
            cycle_id=cycle.id,
            after=slot_values(slot),
        )
    return slots


def slot_values(slot: InterviewSlot) -> dict:
    return {
        "slot_id": slot.id,
        "starts_at": aware(slot.starts_at).isoformat(),
        "duration_minutes": slot.duration_minutes,
        "time_zone": slot.time_zone,
        "place": slot.place,
    }


async def invite(
    session: AsyncSession, caller: Principal, cycle_id: str, application_ids: Sequence[str], source: str = SOURCE
) -> list[InterviewInvitation]:
    """Invite applications of the cycle's pool still in the running for a place (not withdrawn,
    no offer declined or accepted, not left out by the home institution or the nominating
    authority: ``standing.OUT_OF_THE_RUNNING``); those are skipped, and one already invited
    stays as it is."""
    cycle = await cycle_in_scope(session, caller, cycle_id)
    entries = {
        e.application_id: e
        for e in await session.scalars(select(PoolEntry).where(PoolEntry.application_id.in_(list(application_ids))))
    }
    missing = [a for a in application_ids if a not in entries or entries[a].cycle_id != cycle.id]
    if missing:
        raise NotFound("pool.not_found", f"not in the pool of {cycle.id}: {', '.join(missing[:10])}", "application_ids")
    endorsed = await endorsed_among(session, cycle, list(entries))
    if endorsed is not None:
        out = [a for a in dict.fromkeys(application_ids) if a not in endorsed]
        if out:
            msg = f"not endorsed by the home institution (a round places the endorsed only): {', '.join(out[:10])}"
            raise Conflict("interview.not_endorsed", msg, "application_ids", application_ids=out)
    created = []
    standing = await standing_of(session, cycle.id, list(entries))
    for app_id in dict.fromkeys(application_ids):
        entry = entries[app_id]
        # out of the running: nothing to interview for
        if standing.get(app_id) in OUT_OF_THE_RUNNING or await session.get(InterviewInvitation, app_id) is not None:
            continue
        invitation = InterviewInvitation(
            application_id=app_id,
            applicant_id=entry.applicant_id,
            cycle_id=cycle.id,
            scheme_id=cycle.scheme_id,
            invited_by=caller.sub,
        )
        session.add(invitation)
        created.append(invitation)
        await add_event(
            session,
            infra,
            InterviewInvited(
                application_id=app_id,
                applicant_id=entry.applicant_id,
                cycle_id=cycle.id,
                nationality=await _nationality(session, entry.applicant_id),
            ),
            source=source,
        )
        journal.record(
            session,
            caller,
            Action.INTERVIEW_INVITED,
            subject=f"interview:{app_id}",
            scheme_id=cycle.scheme_id,
            cycle_id=cycle.id,
            application_id=app_id,
        )
    return created


@dataclass
class SlotRow:
    slot: InterviewSlot
    invitation: InterviewInvitation | None
    name: str  # the booked applicant's


async def cycle_slots(session: AsyncSession, caller: Principal, cycle_id: str) -> list[SlotRow]:
    """The cycle's slots, earliest first, each with its booking (officers of its scheme)."""
    await cycle_in_scope(session, caller, cycle_id)
    rows = (
        await session.execute(
            select(InterviewSlot, InterviewInvitation, ApplicantProfile)
            .outerjoin(InterviewInvitation, InterviewInvitation.slot_id == InterviewSlot.id)
            .outerjoin(ApplicantProfile, ApplicantProfile.applicant_id == InterviewInvitation.applicant_id)
            .where(InterviewSlot.cycle_id == cycle_id)
            .order_by(InterviewSlot.starts_at, InterviewSlot.id)
        )
    ).all()
    return [SlotRow(s, i, p.name if p else "") for s, i, p in rows]


async def described(
    session: AsyncSession, invitations: Sequence[InterviewInvitation]
) -> list[tuple[InterviewInvitation, InterviewSlot | None, str]]:
    """Each invitation with its booked slot and the applicant's name, as ``cycle_invitations``
    gives them: the answer to an invitation or a record is the same as the list's entry."""
    if not invitations:
        return []
    applicants = {i.applicant_id for i in invitations}
    named = select(ApplicantProfile.applicant_id, ApplicantProfile.name).where(
        ApplicantProfile.applicant_id.in_(applicants)
    )
    names: dict[str, str | None] = {a: n for a, n in (await session.execute(named)).all()}
    booked = {i.slot_id for i in invitations if i.slot_id is not None}
    slots = (
        {s.id: s for s in await session.scalars(select(InterviewSlot).where(InterviewSlot.id.in_(booked)))}
        if booked
        else {}
    )
    return [(i, slots.get(i.slot_id) if i.slot_id else None, names.get(i.applicant_id) or "") for i in invitations]


async def cycle_invitations(
    session: AsyncSession, caller: Principal, cycle_id: str, application_id: str | None = None
) -> list[tuple[InterviewInvitation, InterviewSlot | None, str]]:
    """The cycle's invitations with their booked slot and the applicant's name (officers of its
    scheme); ``application_id``: that application's only (an application page reads one)."""
    await cycle_in_scope(session, caller, cycle_id)
    query = (
        select(InterviewInvitation, InterviewSlot, ApplicantProfile)
        .outerjoin(InterviewSlot, InterviewSlot.id == InterviewInvitation.slot_id)
        .outerjoin(ApplicantProfile, ApplicantProfile.applicant_id == InterviewInvitation.applicant_id)
        .where(InterviewInvitation.cycle_id == cycle_id)
        .order_by(InterviewInvitation.invited_at, InterviewInvitation.application_id)
    )
    if application_id is not None:
        query = query.where(InterviewInvitation.application_id == application_id)
    rows = (await session.execute(query)).all()
    return [(i, slot, p.name if p else "") for i, slot, p in rows]


async def record(
    session: AsyncSession,
    caller: Principal,
    application_id: str,
    attendance: Attendance,
    score: float | None,
    reason: str | None = None,
) -> InterviewInvitation:
    """Attendance and the score of a booked interview (officers of the scheme). The score goes
    onto the scoresheet's interview criterion when it has one (each reviewer's composite and
    the application's are recomputed), else onto the pool entry's interview score."""
    invitation = await get_or_not_found(
        session, InterviewInvitation, application_id, field="application_id", what="interview"
    )
    require_scheme(caller, invitation.scheme_id, "application_id")
    if invitation.slot_id is None:
        raise Conflict("interview.not_booked", "the applicant has not booked an interview", "application_id")
    slot = await session.get(InterviewSlot, invitation.slot_id)
    if slot is not None and utcnow() < aware(slot.starts_at):
        # recorded before it took place, the applicant could still move it (and the score stood)
        starts = aware(slot.starts_at).isoformat()
        msg = f"the interview starts at {starts}: record it once it has begun"
        raise Conflict("interview.not_started", msg, "attendance", starts_at=starts)
    cycle = await get_or_not_found(session, Cycle, invitation.cycle_id, field="application_id", what="cycle")
    sheet = await scoresheet_for(session, cycle)
    criteria = criteria_of(sheet) if sheet else []
    refuse_errors(rules.score_problems(criteria, attendance, score))
    before = {"attendance": invitation.attendance, "score": invitation.score}
    invitation.attendance, invitation.score = attendance.value, score
    invitation.recorded_by, invitation.recorded_at = caller.sub, utcnow()
    on_sheet = rules.interview_criterion(criteria) is not None
    if on_sheet:
        await _rescore_reviews(session, cycle, application_id, criteria, score)
    else:
        entry = await session.get(PoolEntry, application_id)
        if entry is not None:
            entry.interview_score, entry.scored_by, entry.scored_at = score, caller.sub, utcnow()
            entry.updated_at = utcnow()
    journal.record(
        session,
        caller,
        Action.INTERVIEW_RECORDED,
        subject=f"interview:{application_id}",
        scheme_id=invitation.scheme_id,
        cycle_id=invitation.cycle_id,
        application_id=application_id,
        before=before,
        after={"attendance": attendance.value, "score": score, "onto": "scoresheet" if on_sheet else "pool"},
        reason=reason,
    )
    return invitation


async def _rescore_reviews(
    session: AsyncSession, cycle: Cycle, application_id: str, criteria: list[Criterion], score: float | None
) -> None:
    """Each live submitted review's composite with the interview score in its interview criterion."""
    for a in await session.scalars(
        select(ReviewAssignment).where(
            ReviewAssignment.application_id == application_id,
            ReviewAssignment.active,
            ReviewAssignment.composite.is_not(None),
        )
    ):
        latest = await session.scalar(
            select(ReviewScore).where(ReviewScore.assignment_id == a.id).order_by(ReviewScore.version.desc()).limit(1)
        )
        if latest is not None:
            a.composite = reviewer_composite(criteria, rules.with_interview(criteria, latest.scores, score))
    await session.flush()
    await recompute(session, cycle, application_id)


# --- applicants -------------------------------------------------------------------------------


async def my_invitations(
    session: AsyncSession, caller: Principal
) -> list[tuple[InterviewInvitation, InterviewSlot | None]]:
    rows = (
        await session.execute(
            select(InterviewInvitation, InterviewSlot)
            .outerjoin(InterviewSlot, InterviewSlot.id == InterviewInvitation.slot_id)
            .where(InterviewInvitation.applicant_id == caller.sub)
            .order_by(InterviewInvitation.invited_at)
        )
    ).all()
    return [(i, s) for i, s in rows]


async def _mine(
    session: AsyncSession, caller: Principal, application_id: str, lock: bool = False
) -> InterviewInvitation:
    """The caller's invitation for an application still in the pool (404 otherwise: never tell
    an applicant about another's application)."""
    invitation = await session.get(InterviewInvitation, application_id, with_for_update=lock)
    if invitation is None or invitation.applicant_id != caller.sub:
        raise NotFound("interview.not_invited", "this application is not invited to interview", "application_id")
    entry = await session.get(PoolEntry, application_id)
    if entry is None or entry.status == PoolStatus.WITHDRAWN:
        raise Conflict("pool.withdrawn", "the application is no longer in the pool", "application_id")
    return invitation


async def open_slots(
    session: AsyncSession, caller: Principal, application_id: str, cutoff: timedelta = DEFAULT_CUTOFF
) -> list[InterviewSlot]:
    """The cycle's free slots the applicant may still book (after now + the cut-off)."""
    invitation = await _mine(session, caller, application_id)
    taken = select(InterviewInvitation.slot_id).where(InterviewInvitation.slot_id.is_not(None))
    rows = await session.scalars(
        select(InterviewSlot)
        .where(
            InterviewSlot.cycle_id == invitation.cycle_id,
            InterviewSlot.starts_at > utcnow() + cutoff,
            InterviewSlot.id.not_in(taken),
        )
        .order_by(InterviewSlot.starts_at, InterviewSlot.id)
    )
    return list(rows.all())


def _refuse_past_cutoff(slot: InterviewSlot, cutoff: timedelta, field: str) -> None:
    if not rules.may_change(slot.starts_at, utcnow(), cutoff):
        hours = int(cutoff.total_seconds() // 3600)
        raise Conflict(
            "interview.cutoff_passed",
            f"bookings change no later than {hours} h before the interview",
            field,
            starts_at=aware(slot.starts_at).isoformat(),
        )


def _refuse_recorded(invitation: InterviewInvitation) -> None:
    """An interview whose attendance was recorded took place: it is not moved or given back."""
    if invitation.attendance is not None:
        raise Conflict(
            "interview.recorded", "the interview took place and was recorded; it cannot be changed", "application_id"
        )


async def book(
    session: AsyncSession,
    caller: Principal,
    application_id: str,
    slot_id: str,
    cutoff: timedelta = DEFAULT_CUTOFF,
    source: str = SOURCE,
) -> tuple[InterviewInvitation, InterviewSlot]:
    """Book a slot, or move the booking to it (both before the cut-off)."""
    invitation = await _mine(session, caller, application_id, lock=True)
    _refuse_recorded(invitation)
    slot = await session.get(InterviewSlot, slot_id, with_for_update=True)
    if slot is None or slot.cycle_id != invitation.cycle_id:
        raise NotFound("interview.slot_not_found", "no such slot for this interview", "slot_id")
    if invitation.slot_id == slot.id:
        return invitation, slot
    _refuse_past_cutoff(slot, cutoff, "slot_id")
    old = await session.get(InterviewSlot, invitation.slot_id) if invitation.slot_id else None
    if old is not None:
        _refuse_past_cutoff(old, cutoff, "application_id")
    holder = await session.scalar(select(InterviewInvitation).where(InterviewInvitation.slot_id == slot.id))
    if holder is not None:
        raise Conflict("interview.slot_taken", "someone booked this slot; choose another", "slot_id")
    invitation.slot_id = slot.id
    invitation.booking_uid = invitation.booking_uid or f"{uuid.uuid4()}@corridor"
    invitation.sequence += 1 if old is not None else 0
    invitation.booked_at = utcnow()
    try:
        await session.flush()
    except IntegrityError as exc:  # another booking committed in between: the unique slot_id
        raise Conflict("interview.slot_taken", "someone booked this slot; choose another", "slot_id") from exc
    await add_event(
        session,
        infra,
        InterviewBooked(
            application_id=application_id,
            applicant_id=invitation.applicant_id,
            cycle_id=invitation.cycle_id,
            nationality=await _nationality(session, invitation.applicant_id),
            booking_uid=invitation.booking_uid,
            sequence=invitation.sequence,
            slot_id=slot.id,
            starts_at=aware(slot.starts_at),
            duration_minutes=slot.duration_minutes,
            time_zone=slot.time_zone,
            place=slot.place,
            rescheduled=old is not None,
        ),
        source=source,
    )
    journal.record(
        session,
        caller,
        Action.INTERVIEW_RESCHEDULED if old is not None else Action.INTERVIEW_BOOKED,
        subject=f"interview:{application_id}",
        scheme_id=invitation.scheme_id,
        cycle_id=invitation.cycle_id,
        application_id=application_id,
        before=slot_values(old) if old is not None else None,
        after=slot_values(slot),
    )
    return invitation, slot


async def cancel(
    session: AsyncSession,
    caller: Principal,
    application_id: str,
    cutoff: timedelta = DEFAULT_CUTOFF,
    source: str = SOURCE,
) -> InterviewInvitation:
    """Give the booked slot back (before the cut-off); the invitation stays, to book again."""
    invitation = await _mine(session, caller, application_id, lock=True)
    _refuse_recorded(invitation)
    slot = _booked(invitation, await session.get(InterviewSlot, invitation.slot_id) if invitation.slot_id else None)
    _refuse_past_cutoff(slot, cutoff, "application_id")
    return await _give_back(session, caller, invitation, slot, None, source)


async def cancel_for_the_committee(
    session: AsyncSession, caller: Principal, application_id: str, reason: str, source: str = SOURCE
) -> InterviewInvitation:
    """An officer of the scheme cancels a booking, at any time before it is recorded; the
    applicant is told, with the reason, and may book again."""
    invitation = await get_or_not_found(
        session, InterviewInvitation, application_id, field="application_id", what="interview"
    )
    require_scheme(caller, invitation.scheme_id, "application_id")
    await session.refresh(invitation, with_for_update=True)
    _refuse_recorded(invitation)
    slot = _booked(invitation, await session.get(InterviewSlot, invitation.slot_id) if invitation.slot_id else None)
    return await _give_back(session, caller, invitation, slot, reason, source)


async def give_back_on_withdrawal(session: AsyncSession, application_id: str, source: str = SOURCE) -> None:
    """An application withdrawn (or its account closed after it) gives its booked slot back to
    the others, as its applicant's own cancellation does: the slot stayed held, "booked" by an
    application out of the running, and its reminder was still due. A recorded interview (it
    took place) stays."""
    invitation = await session.get(InterviewInvitation, application_id, with_for_update=True)
    if invitation is None or invitation.booking_uid is None or invitation.attendance is not None:
        return
    slot = await session.get(InterviewSlot, invitation.slot_id) if invitation.slot_id else None
    if slot is not None:
        await _give_back(session, invitation.applicant_id, invitation, slot, None, source)


def _booked(invitation: InterviewInvitation, slot: InterviewSlot | None) -> InterviewSlot:
    if slot is None or invitation.booking_uid is None:
        raise Conflict("interview.not_booked", "there is no booking to cancel", "application_id")
    return slot


async def _give_back(
    session: AsyncSession,
    caller: Principal | str,
    invitation: InterviewInvitation,
    slot: InterviewSlot,
    reason: str | None,
    source: str,
) -> InterviewInvitation:
    """The booked slot back to the others (interview.cancelled, told to the applicant; by the
    committee with its reason); the invitation stays, to book again."""
    application_id = invitation.application_id
    uid = invitation.booking_uid
    invitation.sequence += 1
    await add_event(
        session,
        infra,
        InterviewCancelled(
            application_id=application_id,
            applicant_id=invitation.applicant_id,
            cycle_id=invitation.cycle_id,
            nationality=await _nationality(session, invitation.applicant_id),
            booking_uid=uid,
            sequence=invitation.sequence,
            starts_at=aware(slot.starts_at),
            duration_minutes=slot.duration_minutes,
            time_zone=slot.time_zone,
            place=slot.place,
            by_staff=reason is not None,
            reason=reason,
        ),
        source=source,
    )
    journal.record(
        session,
        caller,
        Action.INTERVIEW_CANCELLED,
        subject=f"interview:{application_id}",
        scheme_id=invitation.scheme_id,
        cycle_id=invitation.cycle_id,
        application_id=application_id,
        before=slot_values(slot),
        reason=reason,
    )
    # a later booking is a new calendar event: a new UID, from SEQUENCE 0
    invitation.slot_id, invitation.booking_uid, invitation.booked_at, invitation.sequence = None, None, None, 0
    return invitation


async def _nationality(session: AsyncSession, applicant_id: str) -> str:
    """The applicant's nationality (their profile, else the sending country of their pool entry)."""
    profile = await session.get(ApplicantProfile, applicant_id)
    if profile is not None and profile.nationality:
        return profile.nationality
    country = await session.scalar(
        select(PoolEntry.sending_country).where(PoolEntry.applicant_id == applicant_id).limit(1)
    )
    return country or ""


async def applicant_time_zone(session: AsyncSession, applicant_id: str) -> str:
    """The applicant's own time zone, from their nationality."""
    return rules.time_zone_for(await _nationality(session, applicant_id))
