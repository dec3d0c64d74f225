"""Interview notices (pure): the applicant's time zone from their nationality, the start as
the applicant's language writes it in their zone and in the host's, the iCalendar invitation
(METHOD:REQUEST, a UID per booking, SEQUENCE raised by every change, DTSTART in UTC) or
cancellation (METHOD:CANCEL). The messages ``interview_*`` are in ``domain/templates.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_skeleton

from services.notifications.domain.templates import pick_language

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


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def when_in(starts_at: datetime, time_zone: str, language: str) -> str:
    """ "Thursday, December 3, 2026, 07:00 (Asia/Karachi, UTC+05:00)" in ``language``."""
    lang = pick_language(language)
    local = (starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)).astimezone(_zone(time_zone))
    day = format_date(local.date(), format="full", locale=lang)
    time = format_skeleton("Hm", local, tzinfo=local.tzinfo, locale=lang)
    offset = local.strftime("%z")
    zone = f"{time_zone}, UTC{offset[:3]}:{offset[3:]}"
    if Locale.parse(lang).character_order == "right-to-left":
        # the time and the zone isolated (FSI ... PDI): they keep their order in right-to-left text
        return f"{day} \u2068{time} ({zone})\u2069"
    return str(Locale.parse(lang).datetime_formats["medium"]).format(f"{time} ({zone})", day)  # "{1} {0}" in zh


def times(context: Mapping[str, Any], language: str) -> dict[str, str]:
    """The start in the applicant's zone (``my_time``) and the host's (``host_time``)."""
    start = datetime.fromisoformat(str(context["starts_at"]))
    return {
        "my_time": when_in(start, str(context["my_time_zone"]), language),
        "host_time": when_in(start, str(context["time_zone"]), language),
    }
