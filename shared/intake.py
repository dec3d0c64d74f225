"""When a place begins, and which places are of the same intake: an applicant holds one
accepted place per intake. The applications service refuses a second acceptance
(``offer.place_held``); the matching service's rounds offer nobody a place of an intake they
already hold one of (``round.place_held``)."""

from __future__ import annotations

from datetime import date, datetime

# Two places whose cycles start less than this apart are of the same intake: one at a time
# (a September programme and another September one; not a September and a February semester,
# nor two academic years).
SAME_INTAKE_DAYS = 120


def intake_of(starts_on: date | None, closes_at: datetime) -> date:
    """When a cycle's places begin: its start day, or else the close of its applications."""
    return starts_on if starts_on is not None else closes_at.date()


def same_intake(one: date, other: date) -> bool:
    """Whether places beginning on these days are of the same intake."""
    return abs((one - other).days) < SAME_INTAKE_DAYS
