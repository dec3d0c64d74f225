"""Where an application stands, from the event contract (``shared.events.catalog``), never a
copied list; and which statuses the applicant's page offers an action in (a withdrawal: the
contract's ``WITHDRAWABLE``). No I/O."""

from __future__ import annotations

from shared.events.catalog import ApplicationStatus

Status = ApplicationStatus
APPLICATION_STATUSES: tuple[ApplicationStatus, ...] = tuple(ApplicationStatus)
# The page offers edits while the window is open; the service decides again.
EDITABLE = frozenset({Status.DRAFT, Status.SUBMITTED})
# A proposed place is not announced: the applicant reads "under review", never the
# programme, until an officer decides. `matched` is how older rows said the same.
UNDER_REVIEW = frozenset({Status.UNDER_REVIEW, Status.MATCHED})
# Nothing more is reviewed: the applicant's page says no "awaiting an officer's review" and
# no next steps to take.
FINAL = frozenset({Status.WITHDRAWN, Status.NOT_ENDORSED, Status.NOT_NOMINATED, Status.NOT_ADMITTED, Status.DECLINED})
# No interview link on the applicant's page: a draft, or an application out of the running
# (the page does not ask the notifications service whether an invitation exists).
NO_INTERVIEW = frozenset({Status.DRAFT, Status.WITHDRAWN, Status.NOT_ENDORSED, Status.NOT_NOMINATED, Status.DECLINED})
# Statuses in which the offered programme may be named.
DECIDED = frozenset({Status.OFFERED, Status.ACCEPTED, Status.DECLINED})


def shown_status(status: str) -> str:
    """The status as the applicant is told it (an old `matched` row reads "under review")."""
    return Status.UNDER_REVIEW.value if status == Status.MATCHED else status
