"""The application lifecycle: which change is allowed when, and what each match event does.

draft -> submitted -> (withdrawn) -> matched | waitlisted | unmatched -> offered ->
accepted | declined. Edits are allowed in draft and submitted until the cycle's window
closes; nothing after. Pure: no I/O, time is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.api import DomainError


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    MATCHED = "matched"
    WAITLISTED = "waitlisted"
    UNMATCHED = "unmatched"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"


EDITABLE = {Status.DRAFT, Status.SUBMITTED}
# Once accepted or declined the outcome is final; withdrawn is final too.
WITHDRAWABLE = {Status.DRAFT, Status.SUBMITTED, Status.MATCHED, Status.WAITLISTED, Status.UNMATCHED, Status.OFFERED}
FINAL = {Status.WITHDRAWN, Status.ACCEPTED, Status.DECLINED}


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def state(self, now: datetime) -> str:
        if now < self.opens_at:
            return "upcoming"
        if now >= self.closes_at:
            return "closed"
        return "open"


def check_can_edit(status: str, window: Window, now: datetime) -> None:
    if status not in EDITABLE:
        raise DomainError(409, f"an application in status {status} can no longer be edited", field="status")
    if window.state(now) == "closed":
        raise DomainError(
            409,
            f"the application window closed at {window.closes_at.isoformat()}; no edits after it closes",
            field="cycle_id",
            closes_at=window.closes_at.isoformat(),
        )


def check_can_submit(status: str, window: Window, now: datetime, choices: list[str]) -> None:
    if status != Status.DRAFT:
        raise DomainError(409, f"only a draft can be submitted; this application is {status}", field="status")
    state = window.state(now)
    if state == "upcoming":
        raise DomainError(
            409,
            f"the application window opens at {window.opens_at.isoformat()}",
            field="cycle_id",
            opens_at=window.opens_at.isoformat(),
        )
    if state == "closed":
        raise DomainError(
            409,
            f"the application window closed at {window.closes_at.isoformat()}; it can no longer be submitted",
            field="cycle_id",
            closes_at=window.closes_at.isoformat(),
        )
    if not choices:
        raise DomainError(422, "choose at least one programme before submitting", field="choices")


def check_can_withdraw(status: str) -> None:
    if status not in WITHDRAWABLE:
        raise DomainError(409, f"an application in status {status} cannot be withdrawn", field="status")


def check_can_answer_offer(status: str) -> None:
    if status != Status.OFFERED:
        raise DomainError(409, f"there is no open offer to answer: the application is {status}", field="status")


@dataclass(frozen=True)
class ProgrammeView:
    """What the choice rules need to know about a programme."""

    id: str
    cycle_id: str
    applicant_type: str


def choice_errors(
    choices: list[str], *, cycle_id: str, max_choices: int, applicant_type: str, programmes: dict[str, ProgrammeView]
) -> list[tuple[str, str]]:
    """(field, reason) for every choice that breaks a rule; empty when the list is valid."""
    errors: list[tuple[str, str]] = []
    if len(choices) > max_choices:
        errors.append(("choices", f"at most {max_choices} choices in this cycle; got {len(choices)}"))
    seen: set[str] = set()
    for i, pid in enumerate(choices):
        field = f"choices.{i}"
        if pid in seen:
            errors.append((field, f"programme {pid} is listed twice"))
            continue
        seen.add(pid)
        programme = programmes.get(pid)
        if programme is None:
            errors.append((field, f"unknown programme {pid}"))
        elif programme.cycle_id != cycle_id:
            errors.append((field, f"programme {pid} belongs to cycle {programme.cycle_id}, not {cycle_id}"))
        elif programme.applicant_type != applicant_type:
            errors.append(
                (field, f"programme {pid} is for {programme.applicant_type} applicants, you are {applicant_type}")
            )
    return errors


# Match events (from the matching service) -> the application's new status.
MATCH_TRANSITIONS: dict[str, tuple[set[str], Status]] = {
    # kind: (statuses it applies to, new status)
    "proposed": ({Status.SUBMITTED, Status.WAITLISTED, Status.UNMATCHED, Status.MATCHED}, Status.MATCHED),
    "waitlisted": ({Status.SUBMITTED, Status.UNMATCHED, Status.MATCHED, Status.WAITLISTED}, Status.WAITLISTED),
    "unmatched": ({Status.SUBMITTED, Status.WAITLISTED, Status.MATCHED, Status.UNMATCHED}, Status.UNMATCHED),
    "approved": ({Status.SUBMITTED, Status.MATCHED, Status.WAITLISTED, Status.UNMATCHED}, Status.OFFERED),
    # A rejected proposal sends the application back to the pool: it waits for the next round.
    "rejected": ({Status.MATCHED, Status.OFFERED}, Status.SUBMITTED),
    "confirmed": ({Status.OFFERED, Status.ACCEPTED}, Status.ACCEPTED),
}


def status_after_match_event(status: str, kind: str) -> Status | None:
    """The new status, or None when the event does not apply (e.g. the applicant withdrew)."""
    applies_to, new = MATCH_TRANSITIONS[kind]
    return new if status in applies_to else None
