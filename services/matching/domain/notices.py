"""When a round tells an application's outcome (``application.waitlisted``,
``match.unmatched``): only when it changed since the last outcome told. Pure.

Every round stores every application's outcome (the officer's round view needs them all);
the event that tells the applicant, and the partners' copies of it, follow only news.
Compared with the last outcome told for the application (not with the last round), an
outcome is worth telling when:

- it is told for the first time, or its status changed (waitlisted -> unmatched, ...);
- its set of reasons changed: a choice gained, lost or changed its reason. For a seat
  contest ("programme_full", "cap_full") the reason is its kind and the full quotas; the
  cut-off score inside the words ("lowest held score 93 > yours 91") moves whenever others
  join or leave and is not news by itself;
- its waitlist changed in a way worth telling: a programme was added to or removed from
  it, or a position improved (a smaller number). A position that only got worse (others
  were scored above the applicant) is not told; a later improvement is measured against
  the position last told.

A proposal (``match.proposed``) is always emitted: each round's proposal is a new match
that officers review (the applicant is not told about it before a decision).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.matching.domain.statuses import OutcomeStatus

# Outcomes told by comparison with the last one told; the others never (fixed, withdrawn)
# or always (a matched outcome's proposal).
COMPARED = frozenset({OutcomeStatus.WAITLISTED, OutcomeStatus.UNMATCHED})
# Reasons whose words carry a cut-off score that moves from round to round.
SEAT_CONTESTS = frozenset({"programme_full", "cap_full"})

Gist = tuple[str, str, tuple[str, ...] | str]


@dataclass(frozen=True)
class Told:
    """An outcome as the applicant reads it: its status, reasons and waitlist positions."""

    status: str
    reasons: frozenset[Gist]
    positions: Mapping[str, int]


def reason_gist(reason: Mapping[str, Any]) -> Gist:
    """What a stored reason ({"programme_id", "kind", "reason", "caps"}) says that matters."""
    kind = str(reason.get("kind") or "")
    if kind in SEAT_CONTESTS:
        return (reason["programme_id"], kind, tuple(sorted(reason.get("caps") or ())))
    return (reason["programme_id"], kind, str(reason.get("reason", "")))


def told(status: str, reasons: Iterable[Mapping[str, Any]], positions: Iterable[Mapping[str, Any]]) -> Told:
    """The outcome as stored in a round_outcomes row (status, reasons, waitlist_positions)."""
    return Told(
        status=status,
        reasons=frozenset(reason_gist(r) for r in reasons),
        positions={p["programme_id"]: int(p["position"]) for p in positions},
    )


def waitlist_news(before: Mapping[str, int], now: Mapping[str, int]) -> bool:
    """A programme added to or removed from the waitlist, or a position that improved."""
    if set(before) != set(now):
        return True
    return any(now[p] < before[p] for p in now)


def worth_telling(before: Told | None, now: Told) -> bool:
    """Whether a waitlisted or unmatched outcome is news against the last one told (None:
    nothing told yet)."""
    if before is None or before.status != now.status or before.reasons != now.reasons:
        return True
    return waitlist_news(before.positions, now.positions)
