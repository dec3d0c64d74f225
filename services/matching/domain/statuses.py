"""Every status the matching service stores or answers, as the one vocabulary."""

from __future__ import annotations

from enum import StrEnum


class MatchStatus(StrEnum):
    """application <-> programme: proposed -> approved | rejected (officer) -> accepted |
    declined (applicant). A later round supersedes unreviewed proposals; a withdrawal ends any.
    With an admission stage: proposed -> with_host (officers approved) -> approved (the host
    admitted: the offer) | host_rejected (the seat is freed)."""

    PROPOSED = "proposed"
    WITH_HOST = "with_host"
    HOST_REJECTED = "host_rejected"
    APPROVED = "approved"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class RoundStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class PoolStatus(StrEnum):
    """An application in a cycle's pool; ``declined`` (an offer) keeps it out of later rounds."""

    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"


class OutcomeStatus(StrEnum):
    """What a round decided for one application (the engine's three, and two of the service's)."""

    MATCHED = "matched"
    WAITLISTED = "waitlisted"
    UNMATCHED = "unmatched"
    FIXED = "fixed"  # an approved or accepted match of an earlier round, kept
    WITHDRAWN = "withdrawn"  # withdrew while the round ran: nothing proposed


# Matches that still hold (or may hold) a seat; a withdrawal ends them.
LIVE = (MatchStatus.PROPOSED, MatchStatus.WITH_HOST, MatchStatus.APPROVED, MatchStatus.ACCEPTED)
# Matches that hold a seat and stay fixed in later rounds.
FIXED_STATES = (MatchStatus.WITH_HOST, MatchStatus.APPROVED, MatchStatus.ACCEPTED)
# Matches counted as using a seat and quota on the dashboard (and blocking a programme's delete).
USING_STATES = LIVE
# Rounds that own their cycle (one at a time).
ACTIVE_ROUNDS = (RoundStatus.QUEUED, RoundStatus.RUNNING)
