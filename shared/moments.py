"""A moment as a person reads it in a time zone, in their language (pure): the interview's
start on the applicant's page and in their e-mail alike."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_skeleton


def zone(name: str) -> ZoneInfo:
    """The named zone; UTC for a name the system does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def when_in(starts_at: datetime, time_zone: str, language: str) -> str:
    """ "Thursday, March 4, 2027, 07:00 (Asia/Karachi, UTC+05:00)" in ``language`` (a locale
    Babel knows: en, zh, ru, ur)."""
    local = (starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)).astimezone(zone(time_zone))
    day = format_date(local.date(), format="full", locale=language)
    time = format_skeleton("Hm", local, tzinfo=local.tzinfo, locale=language)
    offset = local.strftime("%z")
    where = f"{time_zone}, UTC{offset[:3]}:{offset[3:]}"
    if Locale.parse(language).character_order == "right-to-left":
        # the time and the zone isolated (FSI ... PDI): they keep their order in right-to-left
        # text (an Urdu page had shown "(Asia/Almaty, UTC+05:00 (07:00")
        return f"{day} \u2068{time} ({where})\u2069"
    return str(Locale.parse(language).datetime_formats["medium"]).format(f"{time} ({where})", day)  # "{1} {0}" in zh
