"""The applicant's booked interview as an iCalendar file to add to a calendar (pure): the same
event as the e-mailed invitation (its UID and SEQUENCE, so a calendar keeps one entry), the
start in UTC, without the e-mail's attendee and reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

PRODID = "-//Corridor//Interviews//EN"


def booking_calendar(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    summary: str,
    stamp: datetime,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    start = (starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)).astimezone(UTC)
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=duration_minutes))
    event.add("summary", summary)
    event.add("location", place)
    event.add("status", "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
