"""When to try a failed delivery again (pure).

A delivery is tried once, then once after each delay of the schedule; after the last
delay's try fails it is dead (an operator can replay it). Each delay is spread by
+/- ``jitter`` (a fraction) so that many deliveries failing together do not retry together.
"""

from __future__ import annotations

from collections.abc import Sequence

# 5 s, 30 s, 2 min, 10 min, 1 h, 4 h, 12 h: eight tries (the first and seven more) over about 17 hours.
DEFAULT_SCHEDULE: tuple[float, ...] = (5, 30, 120, 600, 3600, 14400, 43200)
DEFAULT_JITTER = 0.2


def total_tries(schedule: Sequence[float]) -> int:
    return 1 + len(schedule)


def next_delay(
    failed_tries: int, schedule: Sequence[float], rand: float, jitter: float = DEFAULT_JITTER
) -> float | None:
    """Seconds to wait after ``failed_tries`` failures (>= 1), or None when that was the last try.

    ``rand`` is a uniform number in [0, 1) supplied by the caller (keeps this pure).
    """
    if failed_tries < 1:
        raise ValueError("failed_tries starts at 1")
    if failed_tries > len(schedule):
        return None
    base = float(schedule[failed_tries - 1])
    return max(0.0, base * (1 - jitter + 2 * jitter * rand))
