"""Interview notices (pure): the applicant's time zone from their nationality, the start as
the applicant's language writes it in their zone and in the host's, the iCalendar invitation
(METHOD:REQUEST, a UID per booking, SEQUENCE raised by every change, DTSTART in UTC) or
cancellation (METHOD:CANCEL). The messages ``interview_*`` are in ``domain/templates.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from services.notifications.domain.templates import pick_language
from shared import moments

# The applicant's own time zone, from their nationality; else UTC.
TIME_ZONES = {
    "PK": "Asia/Karachi",
    "KZ": "Asia/Almaty",
    "CN": "Asia/Shanghai",
    "UZ": "Asia/Tashkent",
    "KG": "Asia/Bishkek",
    "TJ": "Asia/Dushanbe",
}
CALENDAR_METHODS = {"interview_booked": "REQUEST", "interview_moved": "REQUEST", "interview_cancelled": "CANCEL"}
# The calendar entry's title, in the applicant's language.
SUMMARY = {
    "en": "Interview: {cycle}",
    "zh": "面试：{cycle}",
    "ru": "Собеседование: {cycle}",
    "ur": "انٹرویو: {cycle}",
}


def summary(cycle: str, language: str | None) -> str:
    return SUMMARY[pick_language(language)].format(cycle=cycle)


def time_zone_for(nationality: str | None) -> str:
    return TIME_ZONES.get((nationality or "").upper(), "UTC")


def when_in(starts_at: datetime, time_zone: str, language: str) -> str:
    """ "Thursday, December 3, 2026, 07:00 (Asia/Karachi, UTC+05:00)" in ``language``."""
    return moments.when_in(starts_at, time_zone, pick_language(language))


def times(context: Mapping[str, Any], language: str) -> dict[str, str]:
    """The start in the applicant's zone (``my_time``) and the host's (``host_time``)."""
    start = datetime.fromisoformat(str(context["starts_at"]))
    return {
        "my_time": when_in(start, str(context["my_time_zone"]), language),
        "host_time": when_in(start, str(context["time_zone"]), language),
    }
