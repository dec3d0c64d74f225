"""The audit journal's vocabulary (pure): what kinds of action it records (the columns and
the CSV export are the same in every service: shared/journal.py). Entries are appended, never
edited or deleted (service/journal.py)."""

from __future__ import annotations

from enum import StrEnum

from shared.journal import CSV_COLUMNS, to_csv

__all__ = ["CSV_COLUMNS", "Action", "to_csv"]


class Action(StrEnum):
    SCORESHEET_SAVED = "scoresheet.saved"
    REVIEWERS_ASSIGNED = "assignment.created"
    REVIEWER_REASSIGNED = "assignment.reassigned"
    CONFLICT_DECLARED = "conflict.declared"
    REVIEW_SCORED = "review.scored"
    POOL_SCORED = "pool.scored"
    MATCH_APPROVED = "match.approved"
    MATCH_REJECTED = "match.rejected"
    ADMISSION_DECIDED = "admission.decided"  # a host admitted or rejected a match (issue 14)
    # institutions, schemes, cycles and programmes (the subject says which: "programme:<id>")
    CATALOG_CREATED = "catalog.created"
    CATALOG_UPDATED = "catalog.updated"
    CATALOG_DELETED = "catalog.deleted"
    QUOTA_RULE_CREATED = "quota_rule.created"
    QUOTA_RULE_UPDATED = "quota_rule.updated"
    QUOTA_RULE_DELETED = "quota_rule.deleted"
    ROUND_STARTED = "round.started"
    INTERVIEW_SLOT_PUBLISHED = "interview.slot_published"
    INTERVIEW_INVITED = "interview.invited"
    INTERVIEW_BOOKED = "interview.booked"
    INTERVIEW_RESCHEDULED = "interview.rescheduled"
    INTERVIEW_CANCELLED = "interview.cancelled"
    INTERVIEW_RECORDED = "interview.recorded"
    ENDORSEMENT_DECIDED = "endorsement.decided"  # a home institution endorsed an application or not (issue 14)
    NOMINATIONS_PUBLISHED = "nomination.published"  # an authority published its country's list (issue 14)
    NOMINATION_WITHDRAWN = "nomination.withdrawn"  # a nominee or reserve left the list; the reserve moved up
