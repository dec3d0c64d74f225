"""Interviews (pure): slots in the host's time zone, the booking rules and cut-off, and
where a recorded interview score goes.

- A slot starts at a moment stored in UTC; the officer gives it as a local time in the
  host's IANA time zone (or with an offset). It lasts 5 to 480 minutes and names a place
  (an address or a video link). Capacity is 1.
- An applicant books, moves or cancels a booking only until the cut-off (``cutoff`` before
  the slot starts, for the slot left and for the slot taken).
- The interview score: when the scoresheet has an ``interview`` criterion, the score is
  that criterion's value (in its range) for every reviewer of the application: the panel
  scores the interview once, and each reviewer's composite uses it
  (``with_interview``). Without one it is the pool entry's interview score (0-100).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.matching.domain.catalog import ERROR, Problem
from services.matching.domain.committee import Criterion

INTERVIEW = "interview"  # the scoresheet criterion an interview score goes onto
MIN_MINUTES, MAX_MINUTES = 5, 480
POOL_SCORE_RANGE = (0.0, 100.0)
MAX_AHEAD = timedelta(days=731)

# The applicant's own time zone, from their nationality (the sending countries); else UTC.
TIME_ZONES = {
    "PK": "Asia/Karachi",
    "KZ": "Asia/Almaty",
    "CN": "Asia/Shanghai",
    "UZ": "Asia/Tashkent",
    "KG": "Asia/Bishkek",
    "TJ": "Asia/Dushanbe",
}


class Attendance(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"


def time_zone_for(nationality: str | None) -> str:
    return TIME_ZONES.get((nationality or "").upper(), "UTC")


def zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # unknown, malformed, or a folder ("Asia")
        return None


def to_utc(starts_at: datetime, time_zone: str) -> datetime:
    """A local wall-clock time in ``time_zone`` (naive), or an aware moment, as UTC."""
    tz = zone(time_zone) or UTC
    local = starts_at if starts_at.tzinfo is not None else starts_at.replace(tzinfo=tz)
    return local.astimezone(UTC)


def local(starts_at_utc: datetime, time_zone: str) -> datetime:
    """A stored UTC moment (naive means UTC) in ``time_zone``."""
    moment = starts_at_utc if starts_at_utc.tzinfo is not None else starts_at_utc.replace(tzinfo=UTC)
    return moment.astimezone(zone(time_zone) or UTC)


def clock_change(starts_at: datetime, time_zone: str) -> Problem | None:
    """A wall-clock time the zone's clocks skip (it would silently become an hour later) or pass
    twice (which of the two is meant cannot be told): refused, naming it. A moment given with
    its offset is what it says."""
    tz = zone(time_zone)
    if tz is None or starts_at.tzinfo is not None:
        return None
    try:
        early, late = starts_at.replace(tzinfo=tz, fold=0), starts_at.replace(tzinfo=tz, fold=1)
        if early.utcoffset() == late.utcoffset():
            return None
        skipped = early.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != starts_at
    except OverflowError:  # a year 1 or 9999: the range check says it
        return None
    if skipped:
        msg = f"{starts_at:%Y-%m-%d %H:%M} does not exist in {time_zone}: the clocks move forward over it"
        return Problem(ERROR, "starts_at", msg, "interview.time_skipped")
    msg = (
        f"{starts_at:%Y-%m-%d %H:%M} happens twice in {time_zone} (the clocks move back): give it with its "
        f"UTC offset, e.g. {early.isoformat()} or {late.isoformat()}"
    )
    return Problem(ERROR, "starts_at", msg, "interview.time_ambiguous")


def slot_problems(
    starts_at: datetime,
    duration_minutes: int,
    time_zone: str,
    place: str,
    now: datetime,
    cutoff: timedelta = timedelta(0),
) -> list[Problem]:
    """What is wrong with a slot to publish; ``cutoff``: how long before its start applicants
    may still book it (a slot starting sooner could never be booked, nor shown to them)."""
    problems: list[Problem] = []
    if zone(time_zone) is None:
        msg = f"{time_zone!r} is not an IANA time zone (e.g. Asia/Shanghai)"
        problems.append(Problem(ERROR, "time_zone", msg, "interview.unknown_time_zone"))
    elif (gap := clock_change(starts_at, time_zone)) is not None:
        problems.append(gap)
    else:
        try:
            start = to_utc(starts_at, time_zone)
        except OverflowError:  # a year 1 or 9999 moved across a time zone
            start = None
        if start is None or not now < start <= now + MAX_AHEAD:
            msg = "a slot starts in the future, within two years"
            problems.append(Problem(ERROR, "starts_at", msg, "interview.slot_in_past"))
        elif start < now + cutoff:
            hours = int(cutoff.total_seconds() // 3600)
            msg = f"applicants book at least {hours} hours ahead: a slot starting sooner could not be booked"
            problems.append(Problem(ERROR, "starts_at", msg, "interview.slot_too_soon"))
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        msg = f"an interview lasts {MIN_MINUTES} to {MAX_MINUTES} minutes"
        problems.append(Problem(ERROR, "duration_minutes", msg, "interview.duration_out_of_range"))
    if not place.strip():
        problems.append(Problem(ERROR, "place", "name a place or a video link", "interview.place_missing"))
    return problems


def may_change(starts_at_utc: datetime, now: datetime, cutoff: timedelta) -> bool:
    """A booking of this slot may be made, moved or cancelled until ``cutoff`` before it starts."""
    start = starts_at_utc if starts_at_utc.tzinfo is not None else starts_at_utc.replace(tzinfo=UTC)
    return now <= start - cutoff


def interview_criterion(criteria: Sequence[Criterion]) -> Criterion | None:
    return next((c for c in criteria if c.key == INTERVIEW), None)


def score_problems(criteria: Sequence[Criterion], attendance: Attendance, score: float | None) -> list[Problem]:
    """A no-show has no score; a score is within the interview criterion's range (or 0-100)."""
    if score is None:
        return []
    if attendance == Attendance.NO_SHOW:
        return [Problem(ERROR, "score", "an applicant who did not attend has no score", "interview.score_no_show")]
    c = interview_criterion(criteria)
    low, high = (c.min, c.max) if c else POOL_SCORE_RANGE
    if not low <= score <= high:
        return [Problem(ERROR, "score", f"the interview is scored from {low:g} to {high:g}", "interview.out_of_range")]
    return []


def with_interview(
    criteria: Sequence[Criterion], scores: Mapping[str, float], interview: float | None
) -> dict[str, float]:
    """A reviewer's scores with the recorded interview score in place of their own, when the
    sheet has an interview criterion and the interview was scored."""
    out = dict(scores)
    if interview is not None and interview_criterion(criteria) is not None:
        out[INTERVIEW] = interview
    return out
