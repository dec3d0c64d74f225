"""Interview e-mails over real Kafka, PostgreSQL and SMTP: a booking reaches the applicant
once (a redelivered event sends nothing more) with a text/calendar part (METHOD:REQUEST,
the booking's UID, DTSTART in UTC), the time in Asia/Karachi for a PK applicant and in the
host's zone; the reminder the day before goes once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from shared.events.catalog import ApplicantRegistered, InterviewBooked, Topics
from tests.integration.notifications.helpers import service_with_mail
from tests.support.ids import uid
from tests.support.mail import parts


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    async with service_with_mail(
        kafka, postgres, "notif_interviews", source="/corridor/matching", interview_reminder_poll_seconds=0.2
    ) as env:
        yield env


async def test_the_booking_is_mailed_once_with_a_calendar_and_karachi_time_then_a_reminder(env):
    app, client, mail, pub = env
    applicant, address = uid("applicant"), f"{uid('ali')}@nust.example"
    await pub.publish(ApplicantRegistered(applicant_id=applicant, email=address, name="Ali Raza", nationality="PK"))
    # in three hours, on the hour (UTC): inside the reminder's 24 hours
    start = (datetime.now(UTC) + timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    booked = InterviewBooked(
        application_id=uid("app"),
        applicant_id=applicant,
        cycle_id="cpec-2027",
        nationality="PK",
        booking_uid=f"{uid('b')}@corridor",
        sequence=0,
        slot_id=uid("slot"),
        starts_at=start,
        duration_minutes=30,
        time_zone="Asia/Shanghai",
        place="NUST, Islamabad, room 4",
    )
    envelope = await pub.publish(booked)
    await pub.send(envelope, Topics.MATCHING.value)  # the same event again (a redelivery)
    mails = await mail.wait_to(address, n=2)  # the booking and the reminder
    await asyncio.sleep(1.5)
    mails = mail.to(address)
    assert len(mails) == 2, [m["Subject"] for m in mails]
    sent = next(m for m in mails if m["X-Corridor-Event-Id"] == envelope.id)
    reminder = next(m for m in mails if m is not sent)
    karachi = start.astimezone(ZoneInfo("Asia/Karachi")).strftime("%H:%M")
    shanghai = start.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M")
    text, html = parts(sent)
    assert f"{karachi} (Asia/Karachi, UTC+05:00)" in text and f"{shanghai} (Asia/Shanghai, UTC+08:00)" in text
    assert f"{karachi} (Asia/Karachi, UTC+05:00)" in html
    (calendar_part,) = [p for p in sent.walk() if p.get_content_type() == "text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    cal = Calendar.from_ical(calendar_part.get_content())
    (event,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "REQUEST" and str(event["UID"]) == booked.booking_uid
    assert int(event["SEQUENCE"]) == 0 and event.decoded("DTSTART") == start
    assert f"DTSTART:{start.strftime('%Y%m%dT%H%M%SZ')}" in calendar_part.get_content()
    assert reminder["Subject"].startswith("Reminder: your interview, ")
    assert f"{karachi} (Asia/Karachi" in parts(reminder)[0]
