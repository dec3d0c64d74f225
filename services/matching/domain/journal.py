"""The audit journal's vocabulary (pure): what kinds of action it records and how an entry
reads as a CSV row. Entries are appended, never edited or deleted (service/journal.py)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any


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
    NOMINATIONS_PUBLISHED = "nomination.published"  # an authority published its country's list (issue 14)
    NOMINATION_WITHDRAWN = "nomination.withdrawn"  # a nominee or reserve left the list; the reserve moved up


CSV_COLUMNS = (
    "id",
    "at",
    "actor",
    "actor_name",
    "action",
    "scheme_id",
    "cycle_id",
    "application_id",
    "subject",
    "before",
    "after",
    "reason",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    text = str(value)
    # a cell opened in a spreadsheet must not run as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()
