"""The match lifecycle: proposed -> approved | rejected (officer) -> accepted | declined
(applicant). A later round supersedes proposals nobody reviewed; a withdrawal ends any.
Under a scheme with an admission stage an officer's approval is not yet the offer: the match
goes to the host (with_host) first (domain/admission.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum

from services.matching.domain.statuses import MatchStatus
from shared.errors import Conflict
from shared.events.catalog import Stage


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class Reply(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"


OFFICER_DECISIONS = {Decision.APPROVE: MatchStatus.APPROVED, Decision.REJECT: MatchStatus.REJECTED}
APPLICANT_ANSWERS = {Reply.ACCEPT: MatchStatus.ACCEPTED, Reply.DECLINE: MatchStatus.DECLINED}


def review(status: str, decision: Decision) -> MatchStatus:
    """The status after an officer's decision; refused unless the match is proposed."""
    target = OFFICER_DECISIONS[decision]
    if status == target:
        raise Conflict("match.already_reviewed", f"the match is already {status}", "match_id", status=status)
    if status != MatchStatus.PROPOSED:
        raise Conflict(
            "match.not_proposed",
            f"only a proposed match can be reviewed; this one is {status}",
            "match_id",
            status=status,
        )
    return target


def approved_status(path: Sequence[str]) -> MatchStatus:
    """What an officer's approval makes of a match under a scheme's ``path``: the offer
    (approved), or with an admission stage, a request to the host (with_host)."""
    return MatchStatus.WITH_HOST if Stage.ADMISSION in path else MatchStatus.APPROVED


def answer(status: str, reply: Reply) -> MatchStatus | None:
    """The new status after the applicant's reply, or None when it changes nothing
    (a redelivered or out-of-date answer)."""
    if status == MatchStatus.APPROVED:
        return APPLICANT_ANSWERS[reply]
    return None


def reply_by(approved_on: date, reply_days: int) -> date:
    """The last day (UTC) the applicant may answer an offer approved on ``approved_on``."""
    return approved_on + timedelta(days=reply_days)
