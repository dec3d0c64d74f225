"""Request and response bodies of the endorsements API (issue 14; only api/ imports them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

from services.matching.api.schemas import Strict
from shared.events.catalog import EndorsementState
from shared.text import no_overrides

MAX_DECISIONS = 2000  # an institution's applicants in a cycle are tens or hundreds


class EndorsementSummary(BaseModel):
    cycle_id: str
    scheme_id: str
    home_institution_id: str
    institution: str = Field(description="the home institution's name")
    institution_translations: dict[str, str] = Field(default={}, description="that name in other languages")
    endorsed: int
    not_endorsed: int
    undecided: int
    closes_at: datetime | None = Field(description="the endorsement deadline; null: none")
    open: bool = Field(description="false once the deadline has passed: decisions can no longer change")
    endorsers: int = Field(
        default=0,
        description="active coordinator accounts that endorse for the institution in the scheme: "
        "0, and its applicants wait for an account to be made",
    )


class EndorsementCandidate(BaseModel):
    application_id: str
    applicant_id: str
    applicant_name: str
    passport_name: str | None = Field(
        default=None, description="the name as in the passport, in Latin letters; null: not given"
    )
    messages_language: str | None = Field(
        default=None,
        description="the language the applicant reads notices in: a reason given them is sent as written",
    )
    applicant_type: str
    grade: float | None
    language_certificates: list[dict[str, Any]]
    choices: list[str]
    held_documents: list[str] = Field(description="document kinds a reviewer rejected and not yet replaced")
    state: EndorsementState | None = Field(description="null: undecided")
    reason: str | None
    cohort: str | None
    version: int = Field(description="how many decisions the applicant was told (0: none yet)")
    settled: bool = Field(
        default=False, description="already placed in a round or nominated: the endorsement can no longer change"
    )
    received_at: datetime
    decided_at: datetime | None


class EndorsementDecisionIn(Strict):
    application_id: str = Field(max_length=64)
    state: EndorsementState
    reason: Annotated[str | None, AfterValidator(no_overrides)] = Field(
        default=None, max_length=1000, description="told to the applicant when not endorsed (ignored otherwise)"
    )
    was: Literal["", "endorsed", "not_endorsed"] | None = Field(
        default=None,
        description="the decision as the client showed it ('' none): if it is not the one stored now (a colleague "
        "decided meanwhile), the request is refused 409 endorsement.changed and nothing changes",
    )


class EndorsementsIn(Strict):
    decisions: list[EndorsementDecisionIn] = Field(min_length=1, max_length=MAX_DECISIONS)
    cohort: str | None = Field(
        default=None,
        max_length=200,
        description="a name for the group endorsed together (e.g. a Luban Workshop cohort); given to every "
        "endorsed decision of the request",
    )
