"""Interview notices against fakes: the invitation (inbox + e-mail), the booked e-mail with
an iCalendar REQUEST (UID, SEQUENCE raised on a move, DTSTART in UTC) and the time in the
applicant's zone and the host's in their language, METHOD:CANCEL on cancellation, an older
event after a newer one changing nothing, and the reminder the day before exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from services.notifications.domain.interviews import time_zone_for, when_in
from services.notifications.models import InboxEntry, InterviewBooking, Notification, infra
from services.notifications.service.dispatcher import Dispatcher
from services.notifications.service.interviews import REMINDER_TYPE, Reminders
from shared.calendar import interview_calendar
from shared.events.catalog import ApplicantRegistered, InterviewBooked, InterviewCancelled, InterviewInvited
from tests.unit.notifications.fakes import (
    FakeEmailSender,
    FakeWebhookSender,
    consumer,
    count,
    envelope,
    record,
    settings,
)

START = datetime(2027, 3, 4, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, 07:00 in Karachi
WHO = dict(application_id="app-1", applicant_id="stu-1", cycle_id="cpec-2027", nationality="PK")


def booked(sequence=0, start=START, **kw) -> InterviewBooked:
    fields = dict(
        booking_uid="b-1@corridor",
        sequence=sequence,
        slot_id="s-1",
        starts_at=start,
        duration_minutes=30,
        time_zone="Asia/Shanghai",
        place="https://meet.example/cpec",
        rescheduled=sequence > 0,
    )
    return InterviewBooked(**{**WHO, **fields, **kw})


def cancelled(sequence: int, **kw) -> InterviewCancelled:
    fields = dict(
        booking_uid="b-1@corridor",
        sequence=sequence,
        starts_at=START,
        duration_minutes=30,
        time_zone="Asia/Shanghai",
        place="https://meet.example/cpec",
    )
    return InterviewCancelled(**{**WHO, **fields, **kw})


def _calendar(mail) -> Calendar:
    (part,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") in ("REQUEST", "CANCEL")
    return Calendar.from_ical(part.get_content())


def test_times_in_the_applicants_zone_and_language():
    assert time_zone_for("PK") == "Asia/Karachi" and time_zone_for("US") == "UTC"
    assert when_in(START, "Asia/Karachi", "en") == "Thursday, March 4, 2027, 07:00 (Asia/Karachi, UTC+05:00)"
    assert "10:00 (Asia/Shanghai, UTC+08:00)" in when_in(START, "Asia/Shanghai", "zh")
    assert when_in(START, "Asia/Shanghai", "zh").startswith("2027年3月4日")
    urdu = when_in(START, "Asia/Karachi", "ur")
    assert "\u206807:00 (Asia/Karachi, UTC+05:00)\u2069" in urdu


def test_the_calendar_reads_back():
    ics = interview_calendar(
        method="REQUEST",
        uid="b-1@corridor",
        sequence=2,
        starts_at=START,
        duration_minutes=45,
        place="Room 1",
        summary="Interview: CPEC",
        organizer="admissions@corridor.example",
        attendee="ali@x.pk",
        stamp=START - timedelta(days=3),
    )
    cal = Calendar.from_ical(ics)
    (event,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == "b-1@corridor" and int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART") == START and event.decoded("DTEND") == START + timedelta(minutes=45)
    assert b"DTSTART:20270304T020000Z" in ics
    assert str(event["ATTENDEE"]) == "mailto:ali@x.pk"


async def test_invited_booked_moved_cancelled(db):
    dead: list[str] = []
    c = consumer(db, dead)
    contact = ApplicantRegistered(
        applicant_id="stu-1", email="ali@x.pk", name="Ali", preferred_language="ur", nationality="PK"
    )
    moved = booked(1, START + timedelta(days=1))
    invited = envelope(InterviewInvited(**WHO))
    envs = [envelope(contact), invited, envelope(booked(0)), envelope(moved), envelope(booked(0)), invited]
    for i, env in enumerate([*envs, envelope(cancelled(2))]):
        await c.process(record(env, i))  # the invitation redelivered: told once
    assert dead == []
    # invited, booked, moved, cancelled: the stale booked(0) after the move is not told
    assert await count(db, Notification) == 4 and await count(db, InboxEntry) == 4
    async with db.session() as s:
        row = await s.get(InterviewBooking, "b-1@corridor")
        assert row.sequence == 2 and row.cancelled
    email = FakeEmailSender()
    await Dispatcher(db, infra, settings(), source="/t", email=email, webhooks=FakeWebhookSender()).dispatch_once()
    by_subject = {m["Subject"]: m for m in email.sent}
    assert "انٹرویو کی دعوت (cpec-2027)" in by_subject
    invitation = by_subject["انٹرویو کی دعوت (cpec-2027)"]
    assert not [p for p in invitation.walk() if p.get_content_type() == "text/calendar"]
    calendars = sorted(
        (_calendar(m) for m in email.sent if m["Subject"] != invitation["Subject"]),
        key=lambda c: int(c.walk("VEVENT")[0]["SEQUENCE"]),
    )
    assert [(str(c["METHOD"]), int(c.walk("VEVENT")[0]["SEQUENCE"])) for c in calendars] == [
        ("REQUEST", 0),
        ("REQUEST", 1),
        ("CANCEL", 2),
    ]
    assert {str(c.walk("VEVENT")[0]["UID"]) for c in calendars} == {"b-1@corridor"}
    # each e-mail's portal link opens the interview's page (after a log-in), not the front page
    for m in email.sent:
        body = m.get_body(("plain",)).get_content()
        assert "http://127.0.0.1:8000/interviews/app-1" in body, body
    # the move says so: a subject of its own, the earlier time no longer holds (not "booked" again)
    subjects = [m["Subject"] for m in email.sent]
    assert sum(s.startswith("آپ کا انٹرویو منتقل ہو گیا:") for s in subjects) == 1
    assert sum(s.startswith("آپ کا انٹرویو:") for s in subjects) == 1
    assert str(calendars[0].walk("VEVENT")[0]["SUMMARY"]) == "انٹرویو: cpec-2027"  # in the applicant's language
    assert calendars[1].walk("VEVENT")[0].decoded("DTSTART") == START + timedelta(days=1)
    first = next(m for m in email.sent if "07:00" in m["Subject"] and m["Content-Language"] == "ur")
    text = first.get_body(("plain",)).get_content()
    assert "07:00 (Asia/Karachi, UTC+05:00)" in text and "10:00 (Asia/Shanghai, UTC+08:00)" in text


async def test_the_reminder_goes_once_the_day_before(db):
    c = consumer(db, [])
    contact = ApplicantRegistered(
        applicant_id="stu-1", email="ali@x.pk", name="Ali", preferred_language="en", nationality="PK"
    )
    for i, e in enumerate([contact, booked(0)]):
        await c.process(record(envelope(e), i))
    reminders = Reminders(db)
    assert await reminders.step(START - timedelta(hours=30)) == 0  # too early
    assert await reminders.step(START - timedelta(hours=20)) == 1
    assert await Reminders(db).step(START - timedelta(hours=19)) == 0  # a restarted worker: nothing again
    await c.process(record(envelope(booked(1, START + timedelta(hours=2))), 5))  # moved: remind again
    assert await reminders.step(START - timedelta(hours=18)) == 1
    assert await reminders.step(START - timedelta(hours=17)) == 0
    async with db.session() as s:
        rows = list(await s.scalars(select(Notification).where(Notification.template == "interview_reminder")))
    assert len(rows) == 2 and rows[0].context["my_time"] == "Thursday, March 4, 2027, 07:00 (Asia/Karachi, UTC+05:00)"
    async with db.session() as s:  # the reminder links the interview's page, in the inbox and the e-mail
        links = set(await s.scalars(select(InboxEntry.link).where(InboxEntry.event_type == REMINDER_TYPE)))
    assert links == {rows[0].context["page"]} and rows[0].context["page"].startswith("/interviews/")
    email = FakeEmailSender()
    await Dispatcher(db, infra, settings(), source="/t", email=email, webhooks=FakeWebhookSender()).dispatch_once()
    subjects = sorted(m["Subject"] for m in email.sent)
    assert "Reminder: your interview, Thursday, March 4, 2027, 07:00 (Asia/Karachi, UTC+05:00)" in subjects


async def test_a_booking_the_committee_cancelled_tells_the_applicant_why(db):
    dead: list[str] = []
    c = consumer(db, dead)
    contact = ApplicantRegistered(
        applicant_id="stu-1", email="ali@x.pk", name="Ali", preferred_language="en", nationality="PK"
    )
    reason = "The panel cannot sit that day."
    for i, env in enumerate(
        [envelope(contact), envelope(booked(0)), envelope(cancelled(1, by_staff=True, reason=reason))]
    ):
        await c.process(record(env, i))
    assert dead == []
    email = FakeEmailSender()
    await Dispatcher(db, infra, settings(), source="/t", email=email, webhooks=FakeWebhookSender()).dispatch_once()
    [mail] = [m for m in email.sent if m["Subject"].startswith("Interview cancelled")]
    text = mail.get_body(("plain",)).get_content()
    assert "The selection committee cancelled this time: “" in text and reason in text
    assert str(_calendar(mail)["METHOD"]) == "CANCEL"
