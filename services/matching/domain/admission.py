"""Host admission (issue 14), pure: what a host's decision does to a match.

Under a scheme whose path has an admission stage, an officer's approval hands the match to
the host (``with_host``); the host admits (``approved``: the offer goes out) or rejects with
a reason (``host_rejected``: the seat is freed). Decisions are versioned, never overwritten:
an admitted match may still be rejected while the applicant has not answered (a new version
that frees the seat too), but a rejected one is never admitted again (its seat may already
be someone else's).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import get_args

from services.matching.domain.deadlines import DECLINE
from services.matching.domain.statuses import MatchStatus
from shared.errors import Conflict, Invalid
from shared.events.catalog import NO_DECISION, HostAdmissionReason, Stage

# Who declines at a scheme's admission deadline (service/deadlines.py), in decisions and the journal.
DEADLINE_ACTOR = "system:admission-deadline"


class Verdict(StrEnum):
    ADMITTED = "admitted"
    REJECTED = "rejected"


REASONS: tuple[str, ...] = get_args(HostAdmissionReason)
# The match statuses an admissions list may be filtered by.
LISTED = (MatchStatus.WITH_HOST, MatchStatus.APPROVED, MatchStatus.HOST_REJECTED)


def has_nomination(path: list[str]) -> bool:
    """Whether a scheme's path (``Scheme.path``) has a nominating authority (whose nominee
    a host rejection withdraws)."""
    return Stage.NOMINATION in path


def decide_by(admission_closes_at: datetime | None) -> date | None:
    """The host's last day (UTC) to decide, from the cycle's admission deadline: the day of
    its last moment before the deadline (a deadline at midnight ends the day before, when a
    decision on the day it names was refused ``admission.closed``)."""
    if admission_closes_at is None:
        return None
    return (admission_closes_at - timedelta(microseconds=1)).date()


def check_seen(seen: int | None, current: int, status: str, last: str | None) -> None:
    """A decision made on a page that showed version ``seen`` when ``current`` was recorded
    since (another tab, a colleague, the deadline): refused, or it would overturn it unseen."""
    if seen is not None and seen != current:
        # a version never recorded (ahead of the newest) is not one the decision "changed since"
        since = f"changed since version {seen}" if seen < current else f"has no version {seen} yet"
        raise Conflict(
            "admission.changed",
            f"the decision {since}: it is version {current}" + (f" ({last})" if last else "") + f", the match {status}",
            "version",
            status=status,
            version=current,
            decision=last,
        )


def check_reason(
    verdict: Verdict, reason_code: str | None, note: str | None = None, *, by_deadline: bool = False
) -> str | None:
    """The reason code the decision keeps: required (from the set list) for a rejection;
    an admission carries none. "other" needs the note that says it: alone it told the
    applicant nothing. ``no_decision`` is the deadline's own (``by_deadline``), no host's."""
    if verdict == Verdict.ADMITTED:
        return None
    if by_deadline and reason_code == NO_DECISION:
        return reason_code
    if not reason_code:
        raise Invalid("admission.reason_required", "a rejection needs a reason from the list", "reason_code")
    if reason_code not in REASONS:
        raise Invalid("admission.unknown_reason", f"unknown reason {reason_code!r}", "reason_code")
    if reason_code == "other" and not (note or "").strip():
        raise Invalid("admission.note_required", "with the reason 'other', say the reason in the note", "note")
    return reason_code


def refuse_after_deadline(action: str, closes_at: datetime | None, now: datetime) -> None:
    """Under a scheme that declines at the admission deadline (``admission_deadline_action``
    "decline"), a host's decision after it is refused (409 ``admission.closed``): the deadline
    worker declines what is left (it runs every few minutes), and a decision in between must
    not depend on which came first. Under "wait", undecided matches go on waiting, and a late
    decision is what the officers asked the host for."""
    if action == DECLINE and closes_at is not None and now >= closes_at:
        raise Conflict(
            "admission.closed",
            f"the admission deadline passed at {closes_at.isoformat()}: undecided matches are declined",
            "decision",
            closes_at=closes_at.isoformat(),
        )


def decide(status: str, last: str | None, verdict: Verdict) -> MatchStatus:
    """The match's status after the host's ``verdict``, given its status now and the host's
    last decision on it (None: none yet). Refused (409) when nothing awaits the host."""
    if status == MatchStatus.WITH_HOST and last is None:
        return MatchStatus.APPROVED if verdict == Verdict.ADMITTED else MatchStatus.HOST_REJECTED
    if status == MatchStatus.HOST_REJECTED and verdict == Verdict.ADMITTED:
        raise Conflict(
            "admission.seat_released",
            "the host rejected this match and its seat was released; it cannot be admitted again",
            "decision",
            status=status,
        )
    if status == MatchStatus.APPROVED and last == Verdict.ADMITTED and verdict == Verdict.REJECTED:
        return MatchStatus.HOST_REJECTED  # a change of mind before the applicant answered
    raise Conflict(
        "admission.not_awaiting",
        f"this match does not await the host's decision: it is {status}" + (f" and was last {last}" if last else ""),
        "decision",
        status=status,
    )
