"""The latest word of a matching round or of an officer on an application, read from its
history as the applicant reads it (the applications service keeps each round's reasons per
programme, by code, in the history line's ``details``). No I/O."""

from __future__ import annotations

from typing import Any

from services.portal.domain.statuses import UNDER_REVIEW, Status

# A round's own outcome for an application that holds no place.
ROUND_OUTCOMES = frozenset({Status.WAITLISTED, Status.UNMATCHED})
# Where an application waits for a round: after a proposal or an offer, an officer's rejection
# of the match sends it back here (services/applications/domain/lifecycle.py, REJECTED).
WAITING = frozenset({Status.SUBMITTED, Status.ENDORSED})
PROPOSAL = UNDER_REVIEW | {Status.OFFERED}


def latest_outcome(history: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The latest round outcome (``waitlisted``, ``unmatched``) or officer's rejection of a
    proposed place (``rejected``, with the officer's ``message`` to the applicant, if any),
    with the round's reasons by programme (``by_choice``: programme id -> its details); None
    when the latest line is something else (a submission, a proposal under review, an offer
    and what follows it have their own parts of the page)."""
    for i in range(len(history) - 1, -1, -1):
        line = history[i]
        status = line.get("status")
        if status in ROUND_OUTCOMES:
            by_choice: dict[str, list[dict[str, Any]]] = {}
            for d in line.get("details") or []:
                if d.get("programme_id"):
                    by_choice.setdefault(d["programme_id"], []).append(d)
            return {"kind": status, "at": line.get("at"), "message": None, "by_choice": by_choice}
        if status in WAITING and i > 0 and history[i - 1].get("status") in PROPOSAL:
            return {"kind": "rejected", "at": line.get("at"), "message": line.get("reason"), "by_choice": {}}
        # the award path's steps (nomination, endorsement) leave a round's outcome standing
        if status not in {Status.NOMINATED, Status.RESERVE, Status.ENDORSED}:
            return None
    return None
