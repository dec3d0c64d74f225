"""The audit journal's vocabulary (pure): what kinds of action it records (the columns and
the CSV export are the same in every service: shared/journal.py). Entries are appended, never
edited or deleted (service/journal.py)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from shared.journal import CSV_COLUMNS, to_csv

__all__ = ["APPLICANT_ACTOR", "APPLICATION_FIELDS", "CSV_COLUMNS", "Action", "applications_named", "to_csv"]

# The actor of an applicant's own step whose account is not known here (older entries were all
# written so): the journal's reader names the application's applicant instead.
APPLICANT_ACTOR = "applicant"


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
    # the applicant's answer as it changed the match (the applications service journals the
    # answer too, by the same name): the cycle's journal lists every decision about its offers
    OFFER_ACCEPTED = "offer.accepted"
    OFFER_DECLINED = "offer.declined"


# Fields of an entry's before and after holding applications' ids (a nomination list's nominees
# and reserve, the reserve moved up): its reader is given their applicants' names beside them.
APPLICATION_FIELDS = ("nominees", "reserve", "promoted")


def applications_named(application_id: str | None, *values: Mapping[str, Any] | None) -> set[str]:
    """The applications an entry is about: its own, and those its before and after list."""
    named = {application_id} if application_id else set()
    for value in values:
        for field in APPLICATION_FIELDS if isinstance(value, Mapping) else ():
            ids = value.get(field)
            named.update(i for i in (ids if isinstance(ids, list) else [ids]) if isinstance(i, str) and i)
    return named
