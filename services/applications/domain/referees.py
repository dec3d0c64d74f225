"""Referee letters: the states of a request and what may happen in each. Pure.

requested -> opened (the referee opened the link) -> submitted | declined; requested or
opened -> expired (the deadline passed unanswered). The applicant may cancel a request
that is not submitted (it becomes cancelled and disappears from the list) and replace
a referee who declined or did not answer (the old request is cancelled, a new one made).
A link works only while its request is requested or opened and before its deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from shared.errors import Conflict, Forbidden, Invalid, TooManyRequests
from shared.events.catalog import LetterRequirement


class RefereeState(StrEnum):
    REQUESTED = "requested"
    OPENED = "opened"
    SUBMITTED = "submitted"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


# The referee has not answered yet: the link works, reminders go out.
WAITING = frozenset({RefereeState.REQUESTED, RefereeState.OPENED})
# What the applicant may replace: a referee who declined or did not answer.
REPLACEABLE = frozenset({*WAITING, RefereeState.DECLINED, RefereeState.EXPIRED})
CANCELLABLE = REPLACEABLE


def link_invalid() -> Forbidden:
    return Forbidden("referee.link_invalid", "this link is not valid: ask the applicant for a new one", "token")


def check_link_usable(state: str, due_at: datetime, now: datetime, language: str | None = None) -> None:
    """A link reaches its request only while the referee has not answered and before the
    deadline. ``language``: the request's, given with a refusal to its own referee (the page
    that says the link no longer works is in their language)."""
    said = {"language": language} if language else {}
    if state in (RefereeState.SUBMITTED, RefereeState.DECLINED):
        raise Conflict(
            "referee.link_used",
            "this link was already used: the referee has answered (a letter or a decline)",
            "token",
            **said,
        )
    if state == RefereeState.EXPIRED or (state in WAITING and now >= due_at):
        raise Forbidden("referee.link_expired", "this link has expired", "token", due_at=due_at.isoformat(), **said)
    if state not in WAITING:  # cancelled or replaced by the applicant: the referee is told so
        raise Forbidden(
            "referee.link_withdrawn", "the applicant withdrew this request: no letter is needed", "token", **said
        )


def shown_state(state: str, due_at: datetime, now: datetime) -> str:
    """The state as people see it: a request still waiting past its deadline is expired,
    even before the worker has marked it so."""
    return RefereeState.EXPIRED.value if state in WAITING and now >= due_at else state


def opened(state: str) -> RefereeState:
    """The state once the referee opened the link (a second opening changes nothing)."""
    return RefereeState.OPENED if state == RefereeState.REQUESTED else RefereeState(state)


def check_applicant_can(action: str, state: str) -> None:
    """Cancel or replace (``action``) a request in ``state``."""
    allowed = CANCELLABLE if action == "cancel" else REPLACEABLE
    if state not in allowed:
        raise Conflict(
            f"referee.not_{'cancellable' if action == 'cancel' else 'replaceable'}",
            f"a referee whose request is {state} cannot be {'cancelled' if action == 'cancel' else 'replaced'}",
            "state",
            state=state,
        )


def check_can_remind(
    state: str, last_reminded_at: datetime | None, now: datetime, min_gap: timedelta, asked_at: datetime | None = None
) -> None:
    """The applicant may remind a referee who has not answered, at most once per ``min_gap``
    since the last e-mail the referee got: a reminder, or the request itself (``asked_at``; a
    reminder a second after the request reached the referee as a second e-mail)."""
    if state not in WAITING:
        raise Conflict("referee.not_waiting", f"the referee's request is {state}: nothing to remind", "state")
    first = remind_from(state, last_reminded_at, asked_at, min_gap)
    if first is not None and now < first:
        wait = int((first - now).total_seconds()) + 1
        raise TooManyRequests("referee.reminded_recently", "the referee was written to recently", retry_after=wait)


def remind_from(
    state: str, last_reminded_at: datetime | None, asked_at: datetime | None, min_gap: timedelta
) -> datetime | None:
    """When the applicant may first remind a referee still waiting (None: not waiting, or at
    any time): ``min_gap`` after the last e-mail the referee got."""
    last = max((t for t in (last_reminded_at, asked_at) if t is not None), default=None)
    return last + min_gap if state in WAITING and last is not None else None


def reminders_due(
    created_at: datetime, due_at: datetime, sent: int, before_due: Sequence[timedelta], now: datetime
) -> int:
    """How many scheduled reminders (``before_due``: e.g. 7 and 2 days before the deadline)
    should have gone out by ``now``; points that came before the request was made do not
    count. A reminder is due when this is more than ``sent``."""
    points = [due_at - gap for gap in before_due if due_at - gap > created_at]
    return max(sent, sum(1 for p in points if now >= p)) if now < due_at else sent


def check_referee(email: str, position: str, applicant_email: str | None, wanted: Sequence[LetterRequirement]) -> None:
    """Whom an applicant may ask for a letter: never themselves; and, when every chosen
    programme that asks for letters accepts only some positions, someone in one of them
    (a letter from anyone else would count for none of the choices). ``wanted``: the
    letter requirements of the application's choices that ask for letters."""
    if applicant_email is not None and email == applicant_email.strip().lower():
        raise Invalid("referee.self", "you cannot be your own referee: name someone who knows your work", "email")
    if wanted and all(w.positions and position not in w.positions for w in wanted):
        accepted = sorted({p for w in wanted for p in w.positions})
        raise Invalid(
            "referee.position_not_accepted",
            f"your choices accept letters only from: {', '.join(accepted)}",
            "position",
            accepted=accepted,
        )
