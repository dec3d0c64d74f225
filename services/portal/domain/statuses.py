"""Where an application stands, from the event contract (``shared.events.catalog``), never a
copied list; and which statuses the applicant's page offers an action in. No I/O."""

from __future__ import annotations

from shared.events.catalog import ApplicationStatus

Status = ApplicationStatus
APPLICATION_STATUSES: tuple[ApplicationStatus, ...] = tuple(ApplicationStatus)
# The page offers edits while the window is open; the service decides again.
EDITABLE = frozenset({Status.DRAFT, Status.SUBMITTED})
# A decision not yet final can still be withdrawn from.
WITHDRAWABLE = frozenset(
    {Status.DRAFT, Status.SUBMITTED, Status.MATCHED, Status.WAITLISTED, Status.UNMATCHED, Status.OFFERED}
)
