"""An interview as an iCalendar object (pure): one VEVENT with its UID and SEQUENCE, the start
in UTC. The notifications service e-mails it as an invitation (REQUEST, with organizer and
attendee) or a cancellation (CANCEL); the portal offers the same event to download (PUBLISH),
so a calendar that has both keeps one entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Corridor//Interviews//EN"


def interview_calendar(
    *,
    method: str,
    uid: str,
    sequence: int,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    summary: str,
    stamp: datetime,
    organizer: str | None = None,
    attendee: str | None = None,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    start = (starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)).astimezone(UTC)
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=duration_minutes))
    event.add("summary", summary)
    event.add("location", place)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    if organizer is not None:
        event["organizer"] = vCalAddress(f"mailto:{organizer}")
    if attendee is not None:
        guest = vCalAddress(f"mailto:{attendee}")
        guest.params["role"] = vText("REQ-PARTICIPANT")
        guest.params["rsvp"] = vText("FALSE")
        event.add("attendee", guest, encode=False)
    cal.add_component(event)
    return cal.to_ical()
