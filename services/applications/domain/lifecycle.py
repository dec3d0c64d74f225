"""The application lifecycle: which change is allowed when, and what each match event does.

draft -> submitted -> (withdrawn) -> under_review | waitlisted | unmatched -> offered ->
accepted | declined. A proposal is not announced: a round's proposal makes the application
``under_review`` (the programme is not named to the applicant) until an officer approves it
(``offered``) or rejects it (back to ``submitted``, for the next round). Edits are allowed in draft and submitted until the cycle's window
closes; nothing after.

The award path (issue 14): under a nomination stage the authority's published decision
makes a waiting application ``nominated``, ``reserve`` or ``not_nominated``; under an
admission stage an approved match is ``with_host`` until the host admits (the offer:
``offered``) or rejects (``not_admitted``). Both are versioned: an older version is ignored. Pure: no I/O, time is passed in. Refusals are ``shared.errors``
with stable codes; the API layer alone turns them into status codes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from shared.errors import Conflict, FieldError, Invalid
from shared.events.catalog import ERASABLE, WITHDRAWABLE, ApplicationStatus, EndorsementState, NominationState, Stage
from shared.intake import same_intake

# Not ``endorsed``: the home institution endorsed what it read; a changed application would
# need its decision again, which only the institution can give (simplest safe rule).
EDITABLE = {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED}


class WindowState(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def state(self, now: datetime) -> WindowState:
        if now < self.opens_at:
            return WindowState.UPCOMING
        if now >= self.closes_at:
            return WindowState.CLOSED
        return WindowState.OPEN


def window_closed(window: Window, reason: str) -> Conflict:
    return Conflict(
        "application.window_closed",
        f"the application window closed at {window.closes_at.isoformat()}{reason}",
        "cycle_id",
        closes_at=window.closes_at.isoformat(),
    )


def check_can_create(window: Window, now: datetime) -> None:
    if window.state(now) == WindowState.CLOSED:
        raise window_closed(window, "")


def check_can_edit(status: str, window: Window, now: datetime) -> None:
    if status not in EDITABLE:
        raise Conflict(
            "application.not_editable", f"an application in status {status} can no longer be edited", "status"
        )
    if window.state(now) == WindowState.CLOSED:
        raise window_closed(window, "; no edits after it closes")


def check_can_submit(status: str, window: Window, now: datetime, choices: list[str]) -> None:
    if status != ApplicationStatus.DRAFT:
        raise Conflict(
            "application.not_draft", f"only a draft can be submitted; this application is {status}", "status"
        )
    state = window.state(now)
    if state == WindowState.UPCOMING:
        raise Conflict(
            "application.window_not_open",
            f"the application window opens at {window.opens_at.isoformat()}",
            "cycle_id",
            opens_at=window.opens_at.isoformat(),
        )
    if state == WindowState.CLOSED:
        raise window_closed(window, "; it can no longer be submitted")
    if not choices:
        raise Invalid("application.no_choices", "choose at least one programme before submitting", "choices")


def check_can_withdraw(status: str) -> None:
    if status not in WITHDRAWABLE:
        raise Conflict(
            "application.not_withdrawable", f"an application in status {status} cannot be withdrawn", "status"
        )


def check_no_place_held(starts: date, held: Sequence[tuple[str, date]]) -> None:
    """An applicant holds one accepted place per intake: accepting an offer is refused while
    another application's accepted place (``held``: its id and its cycle's start) starts
    within ``shared.intake.SAME_INTAKE_DAYS`` of this one (``shared.intake.intake_of``: a cycle
    without a start day is dated by the close of its applications)."""
    for application_id, other in held:
        if same_intake(starts, other):
            raise Conflict(
                "offer.place_held",
                f"you already accepted a place of the same intake (application {application_id}): "
                "only one can be accepted",
                "application_id",
                held=application_id,
            )


def check_can_answer_offer(status: str, reply_by: date | None, today: date) -> None:
    """An offer is answered while it is open, up to and including its reply-by day (UTC);
    an offer without one (approved before offers had a deadline) stays open."""
    if status != ApplicationStatus.OFFERED:
        raise Conflict(
            "application.no_open_offer", f"there is no open offer to answer: the application is {status}", "status"
        )
    if reply_by is not None and today > reply_by:
        raise Conflict(
            "application.offer_expired",
            f"the offer had to be answered by {reply_by.isoformat()} (UTC)",
            "status",
            reply_by=reply_by.isoformat(),
        )


@dataclass(frozen=True)
class ProgrammeView:
    """What the choice rules need to know about a programme."""

    id: str
    cycle_id: str
    applicant_type: str
    closed: bool = False  # no seats: taken off offer, it takes no new applicants


def choice_errors(
    choices: list[str],
    *,
    cycle_id: str,
    max_choices: int,
    applicant_type: str,
    programmes: dict[str, ProgrammeView],
    kept: Collection[str] = (),
) -> list[FieldError]:
    """Every choice that breaks a rule, each named by its field; empty when the list is valid.
    ``kept``: the choices a submitted application already had (a programme closed since stays
    theirs; a draft is submitted without it)."""
    errors: list[FieldError] = []
    if len(choices) > max_choices:
        errors.append(
            FieldError(
                "choices",
                f"at most {max_choices} choices in this cycle; got {len(choices)}",
                "application.too_many_choices",
            )
        )
    seen: set[str] = set()
    for i, pid in enumerate(choices):
        field = f"choices.{i}"
        if pid in seen:
            errors.append(FieldError(field, f"programme {pid} is listed twice", "application.duplicate_choice"))
            continue
        seen.add(pid)
        programme = programmes.get(pid)
        if programme is None:
            errors.append(FieldError(field, f"unknown programme {pid}", "application.unknown_programme"))
        elif programme.cycle_id != cycle_id:
            errors.append(
                FieldError(
                    field,
                    f"programme {pid} belongs to cycle {programme.cycle_id}, not {cycle_id}",
                    "application.programme_in_other_cycle",
                )
            )
        elif programme.applicant_type != applicant_type:
            errors.append(
                FieldError(
                    field,
                    f"programme {pid} is for {programme.applicant_type} applicants, you are {applicant_type}",
                    "application.programme_for_other_applicants",
                )
            )
        elif programme.closed and pid not in kept:
            errors.append(
                FieldError(
                    field,
                    f"programme {pid} takes no new applicants (it has no seats now): choose another",
                    "application.programme_closed",
                )
            )
    return errors


def check_choices(
    choices: list[str],
    *,
    cycle_id: str,
    max_choices: int,
    applicant_type: str,
    programmes: dict[str, ProgrammeView],
    kept: Collection[str] = (),
) -> None:
    """Refuse the choices, naming every one at fault, unless they are all valid."""
    errors = choice_errors(
        choices,
        cycle_id=cycle_id,
        max_choices=max_choices,
        applicant_type=applicant_type,
        programmes=programmes,
        kept=kept,
    )
    if errors:
        raise Invalid.of(errors, "application.invalid_choices")


class MatchOutcome(StrEnum):
    """What the matching service decided about an application (corridor.matching.v1)."""

    PROPOSED = "proposed"
    WAITLISTED = "waitlisted"
    UNMATCHED = "unmatched"
    APPROVED = "approved"
    REJECTED = "rejected"
    CONFIRMED = "confirmed"
    WITH_HOST = "with_host"  # admission.requested: officers approved, the host decides
    NOT_ADMITTED = "not_admitted"  # admission.decided, rejected


# Where a round may find an application again: waiting (endorsed or not needing it), on the
# nominee list, or refused by a host (its other choices stay open under a path without nomination).
ROUND_READY = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ENDORSED,
    ApplicationStatus.NOMINATED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.UNMATCHED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.NOT_ADMITTED,
}


# Match events (from the matching service) -> the application's new status.
MATCH_TRANSITIONS: dict[MatchOutcome, tuple[set[ApplicationStatus], ApplicationStatus]] = {
    # outcome: (statuses it applies to, new status)
    MatchOutcome.PROPOSED: (ROUND_READY, ApplicationStatus.UNDER_REVIEW),
    MatchOutcome.WAITLISTED: (ROUND_READY, ApplicationStatus.WAITLISTED),
    MatchOutcome.UNMATCHED: (ROUND_READY, ApplicationStatus.UNMATCHED),
    # The offer: an officer's approval, or under an admission stage the host's admission.
    MatchOutcome.APPROVED: (
        {
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.ENDORSED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.UNMATCHED,
            ApplicationStatus.NOMINATED,
            ApplicationStatus.WITH_HOST,
        },
        ApplicationStatus.OFFERED,
    ),
    MatchOutcome.WITH_HOST: (ROUND_READY | {ApplicationStatus.WITH_HOST}, ApplicationStatus.WITH_HOST),
    # The host rejected: before the offer, or changing its mind before the applicant answered.
    # The matching service refuses a rejection once it has read the applicant's acceptance, so
    # a rejection that still comes overtook it there: the acceptance found no offer, and the
    # application is not admitted after all.
    MatchOutcome.NOT_ADMITTED: (
        {ApplicationStatus.WITH_HOST, ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED},
        ApplicationStatus.NOT_ADMITTED,
    ),
    # A rejected proposal sends the application back to where the applicant last saw it
    # before the proposal (submitted): it waits for the next round.
    MatchOutcome.REJECTED: ({ApplicationStatus.UNDER_REVIEW, ApplicationStatus.OFFERED}, ApplicationStatus.SUBMITTED),
    # The applicant usually accepted first: the confirmation then adds nothing (one "accepted").
    MatchOutcome.CONFIRMED: ({ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED}, ApplicationStatus.ACCEPTED),
}


def repeats_last(history: list[dict], status: str, reason: str | None) -> bool:
    """Whether a new line (status, reason) says nothing the last line of ``history`` did not
    (a round repeating the same outcome): such a line is not added."""
    return bool(history) and history[-1].get("status") == status and history[-1].get("reason") == reason


def status_after_match_event(status: str, outcome: MatchOutcome) -> ApplicationStatus | None:
    """The new status, or None when the event does not apply (e.g. the applicant withdrew)."""
    applies_to, new = MATCH_TRANSITIONS[outcome]
    return new if status in applies_to else None


# --- the award path: nominations and host admission (issue 14) ---------------------------------

# Where a nomination decision still moves the status: before any match of a round holds the
# application. Later (under review, with the host, offered, not admitted, answered, withdrawn)
# the application keeps its status and only its ``nomination`` record changes.
BEFORE_MATCH = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ENDORSED,  # endorsement then nomination: the authority reads endorsed ones
    ApplicationStatus.NOMINATED,
    ApplicationStatus.RESERVE,
    ApplicationStatus.NOT_NOMINATED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.UNMATCHED,
}
# A round's outcome for a nominee that a still-standing nomination does not undo.
ROUND_OUTCOMES = {ApplicationStatus.WAITLISTED, ApplicationStatus.UNMATCHED}

NOMINATION_STATUS = {
    NominationState.NOMINATED: ApplicationStatus.NOMINATED,
    NominationState.RESERVE: ApplicationStatus.RESERVE,
    NominationState.NOT_NOMINATED: ApplicationStatus.NOT_NOMINATED,
    NominationState.WITHDRAWN: ApplicationStatus.NOT_NOMINATED,
}


def is_newer(record: dict[str, Any] | None, version: int, *, match_id: str | None = None) -> bool:
    """Whether a decision of ``version`` is newer than the ``record`` kept (None: none kept).
    Admission records are versioned per match: another match's record says nothing."""
    if not record:
        return True
    if match_id is not None and record.get("match_id") != match_id:
        return True
    return version > int(record.get("version") or 0)


def status_after_nomination(status: str, state: NominationState) -> ApplicationStatus | None:
    """The status an authority's decision moves the application to, or None when it keeps
    its own (a match holds it, or it stays nominated after a round waitlisted it). A round's
    proposal under review ends when the application leaves the nominees: matching voids it."""
    new = NOMINATION_STATUS[state]
    if status == ApplicationStatus.UNDER_REVIEW:
        return None if new == ApplicationStatus.NOMINATED else new
    if status not in BEFORE_MATCH:
        return None
    if status in ROUND_OUTCOMES and new == ApplicationStatus.NOMINATED:
        return None  # still a nominee: the round's outcome says more
    return new


# --- endorsement by the home institution (issue 14) --------------------------------------------

ENDORSEMENT_STATUS = {
    EndorsementState.ENDORSED: ApplicationStatus.ENDORSED,
    EndorsementState.NOT_ENDORSED: ApplicationStatus.NOT_ENDORSED,
}
# Where an endorsement decision still moves the status: waiting for it, or decided (the
# institution changes its mind), or left by a round without a place (a withdrawn endorsement
# takes it out of the next round, as a withdrawn nomination does). Once a match holds it, it is
# nominated (the authority's list stands) or answered or withdrawn, only the record changes.
BEFORE_ENDORSEMENT_ENDS = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ENDORSED,
    ApplicationStatus.NOT_ENDORSED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.UNMATCHED,
}


def needs_endorsement(path: list[str] | None) -> bool:
    """Whether a scheme's path has an endorsement stage."""
    return Stage.ENDORSEMENT.value in (path or [])


def status_after_endorsement(status: str, state: EndorsementState) -> ApplicationStatus | None:
    """The status the home institution's decision moves the application to, or None when it
    keeps its own (further along; or still endorsed after a round left it without a place)."""
    if status not in BEFORE_ENDORSEMENT_ENDS:
        return None
    new = ENDORSEMENT_STATUS[state]
    if status in ROUND_OUTCOMES and new == ApplicationStatus.ENDORSED:
        return None  # still endorsed: the round's outcome says more
    return new


def waiting_status(endorsement: dict[str, Any] | None) -> ApplicationStatus:
    """Where an application waits for a round again (an officer rejected its match): endorsed
    when its home institution endorsed it, else submitted."""
    if (endorsement or {}).get("state") == EndorsementState.ENDORSED.value:
        return ApplicationStatus.ENDORSED
    return ApplicationStatus.SUBMITTED


def check_home_institution(institution_id: str, country: str | None, sending_country: str) -> None:
    """A named home institution is a catalog institution (``country``: its country, None when
    the catalog has no such institution) of the applicant's sending country."""
    if country is None:
        raise Invalid(
            "application.unknown_home_institution",
            f"no institution {institution_id} in the catalog",
            "home_institution_id",
        )
    if country != sending_country:
        raise Invalid(
            "application.home_institution_country",
            f"institution {institution_id} is in {country}, not in your sending country {sending_country}",
            "home_institution_id",
            country=country,
        )


def check_home_institution_named(path: list[str] | None, home_institution_id: str | None) -> None:
    """Under an endorsement stage the home institution endorses: it must be named."""
    if needs_endorsement(path) and not home_institution_id:
        raise Invalid(
            "application.home_institution_required",
            "this scheme starts with your home institution's endorsement: name your home institution",
            "home_institution_id",
        )


# --- closing an account (service/erasure.py) ---


@dataclass(frozen=True)
class Held:
    """An application that keeps an account open."""

    application_id: str
    cycle_id: str
    status: str


def check_can_erase(applications: Sequence[Held]) -> None:
    """An account is closed only when every application is a draft, withdrawn or declined
    (the contract's ``ERASABLE``)."""
    held = [a for a in applications if a.status not in ERASABLE]
    if held:
        named = ", ".join(f"{a.application_id} ({a.cycle_id}, {a.status})" for a in held)
        raise Conflict(
            "account.applications_in_progress",
            f"withdraw these applications first (or decline the offer): {named}",
            "applications",
            applications=[
                {"application_id": a.application_id, "cycle_id": a.cycle_id, "status": a.status} for a in held
            ],
        )
