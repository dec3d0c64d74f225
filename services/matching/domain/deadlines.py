"""Stage deadlines (issue 14): which alerts are due, and when (pure).

Before a stage's deadline its owner is reminded on set days (a country's nominating authority
whose list is unpublished; a host with matches it has not decided); once it has passed, the
scheme's officers are told, and for the admission stage the scheme says what happens to the
undecided matches: ``wait`` (nothing; officers decide) or ``decline`` (declined as if by the
host: the seat is freed and, under a nomination stage, the reserve list moves up). Each alert
is sent once per subject: a kind ("near:7", "near:2", "passed") is its key. New applications
waiting on a home institution are told once a day at most ("new:<day>").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

PASSED = "passed"
WAIT, DECLINE = "wait", "decline"
ACTIONS = (WAIT, DECLINE)


# New applications waiting on the endorsement stage: one notice a day at most ("new:<yyyymmdd>",
# within the alerts' 16 characters).
AWAITING = "new:"


def awaiting(now: datetime) -> str:
    return f"{AWAITING}{now:%Y%m%d}"


def near(days: int) -> str:
    return f"near:{days}"


def due(now: datetime, closes_at: datetime, reminder_days: Sequence[int], sent: Iterable[str]) -> str | None:
    """The one alert to send now for a subject, or None: "passed" once the deadline is over;
    before it, the reminder of the nearest reminder day that has come (earlier ones that
    were missed, e.g. while the service was down, are not sent late: one reminder, the latest)."""
    sent = set(sent)
    if now >= closes_at:
        return PASSED if PASSED not in sent else None
    come = [d for d in sorted(set(reminder_days)) if d > 0 and now >= closes_at - timedelta(days=d)]
    if not come:
        return None
    kind = near(come[0])  # the smallest day that has come is the latest reminder
    return kind if kind not in sent else None


def days_left(now: datetime, closes_at: datetime) -> int:
    """Whole days left, rounded up (a deadline 30 hours away is "2 days")."""
    seconds = (closes_at - now).total_seconds()
    return max(0, -(-int(seconds) // 86400))
