"""Re-upload task alerts (issue 15): which alert a rejected document's task is due, and when
(pure). Modelled on the matching service's stage deadlines.

A task is open while its rejected version is the newest and still rejected (not replaced,
not corrected to verified; ``verification.task_open``). Its last day is ``due_on`` (UTC), so
it closes at the start of the day after. Before that the applicant is reminded on set days
("near:3", "near:1"); once it has closed they are told it is late ("passed"). Each alert is
sent once per document: its kind is the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from services.applications.domain.verification import task_open

PASSED = "passed"


def near(days: int) -> str:
    return f"near:{days}"


def closes_at(due_on: date) -> datetime:
    """The moment the last day is over: midnight UTC after ``due_on``."""
    return datetime.combine(due_on + timedelta(days=1), time(), tzinfo=UTC)


def days_left(now: datetime, due_on: date) -> int:
    """Whole days left until the task closes, rounded up (30 hours left is "2 days")."""
    seconds = int((closes_at(due_on) - now).total_seconds())
    return max(0, -(-seconds // 86400))


def due(
    now: datetime,
    state: str,
    superseded: bool,
    due_on: date | None,
    reminder_days: Sequence[int],
    sent: Iterable[str],
) -> str | None:
    """The one alert to send now for a document, or None: nothing for a task that is not open
    (replaced or verified) or has no deadline; "passed" once its last day is over; before,
    the reminder of the nearest reminder day that has come (earlier ones missed, e.g. while
    the service was down, are not sent late: one reminder, the latest)."""
    if due_on is None or not task_open(state, superseded):
        return None
    sent = set(sent)
    end = closes_at(due_on)
    if now >= end:
        return PASSED if PASSED not in sent else None
    come = [d for d in sorted(set(reminder_days)) if d > 0 and now >= end - timedelta(days=d)]
    if not come:
        return None
    kind = near(come[0])  # the smallest day that has come is the latest reminder
    return kind if kind not in sent else None
