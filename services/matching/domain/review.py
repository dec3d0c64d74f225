"""The match lifecycle: proposed -> approved | rejected (officer) -> accepted | declined
(applicant). A later round supersedes proposals nobody reviewed; a withdrawal ends any."""

from __future__ import annotations

OFFICER_DECISIONS = {"approve": "approved", "reject": "rejected"}
APPLICANT_ANSWERS = {"accept": "accepted", "decline": "declined"}
LIVE = ("proposed", "approved", "accepted")


class ReviewRefused(Exception):
    pass


def review(status: str, decision: str) -> str:
    target = OFFICER_DECISIONS[decision]
    if status == target:
        raise ReviewRefused(f"the match is already {status}")
    if status != "proposed":
        raise ReviewRefused(f"only a proposed match can be reviewed; this one is {status}")
    return target


def answer(status: str, reply: str) -> str | None:
    """The new status after the applicant's reply, or None when it changes nothing
    (a redelivered or out-of-date answer)."""
    target = APPLICANT_ANSWERS[reply]
    if status == "approved":
        return target
    return None
