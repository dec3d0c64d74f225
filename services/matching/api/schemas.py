"""Request and response bodies of the matching API (only api/ imports them)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from services.matching.domain import catalog as rules_of_catalog
from services.matching.domain.catalog import Problem
from services.matching.domain.quota import SCOPE_DIMENSIONS
from services.matching.domain.review import Decision
from services.matching.domain.statuses import USING_STATES
from shared.clock import aware
from shared.events.catalog import DocumentKind

ID = r"^[a-z0-9][a-z0-9._-]{1,63}$"
COUNTRY = r"^[A-Z]{2}$"

# Every list and map a request carries is bounded: well above real use, far below what
# costs seconds or memory to check (500,000 scope values once took 7.4 s and 385 MiB).
MAX_COUNTRIES = 250  # ISO 3166-1 has 249 alpha-2 codes
MAX_SCOPE_VALUES = 1000  # per dimension: a cycle's programmes, hosts, countries, fields
MAX_VALUE_LENGTH = 100  # one scope value: an id (64), a field of study (100), a country
MAX_KEYS = 16  # keys of a map (scope dimensions, score weights); an unknown one is named by the checks


def _at_most(n: int, *, keys: bool = False) -> tuple[BeforeValidator, Any]:
    """At most ``n`` items (or ``keys`` of a map): refused before they are validated one by
    one (pydantic checks a length only after), and documented as maxItems / maxProperties."""

    def check(v: Any) -> Any:
        if isinstance(v, dict | list) and len(v) > n:
            raise PydanticCustomError(
                "too_long", "at most {max_length} items, got {length}", {"max_length": n, "length": len(v)}
            )
        return v

    return BeforeValidator(check), Field(json_schema_extra={"maxProperties": n}) if keys else Field(max_length=n)


Key = Annotated[str, Field(max_length=32)]
Country = Annotated[str, Field(max_length=8)]
Countries = Annotated[list[Country], *_at_most(MAX_COUNTRIES)]


def _country_list(v: list[str]) -> list[str]:
    bad = [c for c in v if not re.fullmatch(COUNTRY, c)]
    if bad:
        raise ValueError(f"not ISO 3166-1 alpha-2 codes: {', '.join(map(str, bad))}")
    return sorted(set(v))


class ProblemOut(BaseModel):
    """A warning (or, from /quota-rules/validate, an error) about a saved or checked entity."""

    severity: str
    field: str
    reason: str
    code: str

    @classmethod
    def of(cls, p: Problem) -> ProblemOut:
        return cls(severity=p.severity, field=p.field, reason=p.message, code=p.code)


class Saved(BaseModel):
    warnings: list[ProblemOut] = []


def saved(cls: type[BaseModel], row: Any, warnings: Sequence[Problem] = ()) -> Any:
    """A saved row as its answer, with its warnings."""
    return cls.model_validate({**row.model_dump(), "warnings": [ProblemOut.of(p) for p in warnings]})


# --- institutions ------------------------------------------------------------------------------


class InstitutionFields(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    country: str = Field(pattern=COUNTRY, description="ISO 3166-1 alpha-2")
    kind: Literal[rules_of_catalog.INSTITUTION_KINDS] = "university"  # type: ignore[valid-type]


class InstitutionIn(InstitutionFields):
    id: str = Field(pattern=ID)


class InstitutionOut(InstitutionIn, Saved):
    pass


# --- schemes -----------------------------------------------------------------------------------


class SchemeFields(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    sponsor: str = Field(min_length=2, max_length=300)
    eligible_countries: Countries = []
    max_choices: int = Field(default=5, ge=1, le=20)

    @field_validator("eligible_countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return _country_list(v)


class SchemeIn(SchemeFields):
    id: str = Field(pattern=ID)


class SchemeOut(SchemeIn, Saved):
    pass


# --- cycles ------------------------------------------------------------------------------------


class CycleFields(BaseModel):
    scheme_id: str = Field(pattern=ID)
    name: str = Field(min_length=2, max_length=300)
    opens_at: datetime = Field(description="UTC; a time without offset is taken as UTC")
    closes_at: datetime
    starts_on: date | None = None
    max_choices: int = Field(default=5, ge=1, le=20)
    eligible_countries: Countries = Field(default=[], description="empty: the scheme's")
    score_weights: Annotated[dict[Key, float], *_at_most(MAX_KEYS, keys=True)] = {}
    offer_reply_days: int = Field(
        default=14, ge=1, le=90, description="days an applicant has to answer an offer, from its approval"
    )

    @field_validator("eligible_countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return _country_list(v)

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _as_utc(cls, v: datetime) -> datetime:
        return aware(v).astimezone(UTC)


class CycleIn(CycleFields):
    id: str = Field(pattern=ID)


class CycleOut(CycleIn, Saved):
    pass


# --- programmes --------------------------------------------------------------------------------


class RequirementsIn(BaseModel):
    min_grade: float | None = Field(default=None, ge=0, le=100)
    language_certificate: Literal["HSK", "IELTS", "TOEFL", "KAZTEST", "TORFL", "TOPIK"] | None = None
    min_language_level: float | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=14, le=80)
    # The contract's vocabulary: an unknown kind is a 422 naming the field.
    required_documents: Annotated[list[DocumentKind], *_at_most(20)] = []


class ProgrammeFields(BaseModel):
    cycle_id: str = Field(pattern=ID)
    host_institution_id: str = Field(pattern=ID)
    title: str = Field(min_length=2, max_length=300)
    field: str = Field(min_length=2, max_length=100)
    level: Literal[rules_of_catalog.LEVELS]  # type: ignore[valid-type]
    language: str = Field(min_length=2, max_length=16)
    seats: int = Field(ge=0, le=100000)
    applicant_type: Literal["student", "faculty"] = "student"
    requirements: RequirementsIn = RequirementsIn()


class ProgrammeIn(ProgrammeFields):
    id: str = Field(pattern=ID)


class ProgrammeOut(ProgrammeIn, Saved):
    scheme_id: str
    host_country: str


# --- quota rules -------------------------------------------------------------------------------


ScopeValues = Annotated[
    list[Annotated[str, Field(max_length=MAX_VALUE_LENGTH)]],
    *_at_most(MAX_SCOPE_VALUES),
]


class QuotaRuleFields(BaseModel):
    cycle_id: str = Field(pattern=ID)
    label: str = Field(min_length=2, max_length=300)
    scope: Annotated[dict[Key, ScopeValues], *_at_most(len(SCOPE_DIMENSIONS), keys=True)] = Field(
        default={}, description=f"dimension -> allowed values (at most {MAX_SCOPE_VALUES} per dimension)"
    )
    per: Annotated[list[Key], *_at_most(4)] = Field(
        default=[],
        description='one cap per value (combination) of these dimensions, e.g. ["sending_country"]',
    )
    max_count: int | None = Field(default=None, description="at most this many matched")
    max_share_of_seats: float | None = Field(
        default=None, description="at most this share (0..1] of the seats in scope"
    )

    @field_validator("per", mode="before")
    @classmethod
    def _per_list(cls, v):
        if v is None:
            return []
        return [v] if isinstance(v, str) else v

    @model_validator(mode="after")
    def _one_limit(self) -> QuotaRuleFields:
        if (self.max_count is None) == (self.max_share_of_seats is None):
            raise ValueError("give exactly one of max_count and max_share_of_seats")
        return self


class QuotaRuleIn(QuotaRuleFields):
    id: str = Field(pattern=ID)


class QuotaRuleOut(QuotaRuleIn, Saved):
    pass


# --- the quota dashboard -----------------------------------------------------------------------


class CapFill(BaseModel):
    cap_id: str
    label: str
    used: int
    cap: int


class RuleFill(BaseModel):
    rule_id: str
    label: str
    used: int = Field(description="sum over the rule's caps (one per value of its 'per' dimension)")
    cap: int
    caps: list[CapFill]


class ProgrammeFill(BaseModel):
    programme_id: str
    title: str
    host_institution_id: str
    filled: int
    seats: int
    by_status: dict[str, int]


class QuotaOut(BaseModel):
    cycle_id: str
    counted_statuses: list[str] = [str(s) for s in USING_STATES]
    rules: list[RuleFill]
    programmes: list[ProgrammeFill]


# --- the pool ----------------------------------------------------------------------------------


class PoolEntryOut(BaseModel):
    application_id: str
    applicant_id: str
    cycle_id: str
    scheme_id: str
    applicant_type: str
    sending_country: str
    choices: list[str]
    grade: float | None
    language_certificates: list[dict]
    status: str = Field(description="submitted | withdrawn | declined")
    interview_score: float | None
    committee_score: float | None
    priority_score: float = Field(
        description="weighted mean of grade, interview and committee (see the cycle's weights)"
    )
    scored_by: str | None
    scored_at: datetime | None
    received_at: datetime
    updated_at: datetime


class ScoreIn(BaseModel):
    interview_score: float | None = Field(default=None, ge=0, le=100)
    committee_score: float | None = Field(default=None, ge=0, le=100)


# --- rounds ------------------------------------------------------------------------------------


class RoundIn(BaseModel):
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1, description="lottery seed; random when absent")


class RoundStarted(BaseModel):
    round_id: str
    cycle_id: str
    number: int
    seed: int
    status: str
    href: str


class RoundOut(BaseModel):
    id: str
    cycle_id: str
    number: int
    seed: int
    status: str = Field(description="queued | running | completed | failed")
    progress: float = Field(ge=0, le=1)
    inputs_digest: str | None
    matched: int
    waitlisted: int
    unmatched: int
    fixed: int
    statistics: dict[str, Any]
    error: str | None
    started_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class RoundSummary(BaseModel):
    id: str
    number: int
    seed: int
    status: str
    progress: float
    inputs_digest: str | None
    matched: int
    waitlisted: int
    unmatched: int
    fixed: int
    created_at: datetime
    finished_at: datetime | None


class OutcomeOut(BaseModel):
    application_id: str
    applicant_id: str
    status: str = Field(description="matched | waitlisted | unmatched | fixed | withdrawn")
    programme_id: str | None
    match_id: str | None
    reasons: list[dict]
    waitlist_positions: list[dict]
    notified: bool = Field(default=False, description="an event told this outcome (only news is told)")


# --- review ------------------------------------------------------------------------------------


class MatchOut(BaseModel):
    id: str
    round_id: str
    cycle_id: str
    scheme_id: str
    application_id: str
    applicant_id: str
    programme_id: str
    host_institution_id: str
    rank: int
    status: str = Field(description="proposed | approved | rejected | accepted | declined | superseded | withdrawn")
    reasons: list[dict]
    review_reason: str | None = Field(description="the officer's internal reason; never shown to the applicant")
    message_to_applicant: str | None = Field(
        default=None, description="what the officer told the applicant with a rejection, if anything"
    )
    reviewed_by: str | None
    reviewed_at: datetime | None
    reply_by: date | None = Field(default=None, description="an offer: the last day (UTC) the applicant may answer it")
    answered_at: datetime | None
    created_at: datetime


REASON = "the officer's internal reason; officers see it, the applicant never does"
MESSAGE = (
    "optional: what the applicant is told with the rejection (they never see `reason`); "
    "only a rejection may carry one (an approval with a message is refused, 422 "
    "review.message_on_approval)"
)


class RejectIn(BaseModel):
    reason: str = Field(min_length=3, max_length=1000, description=REASON)
    message_to_applicant: str | None = Field(default=None, max_length=1000, description=MESSAGE)


class ApproveIn(BaseModel):
    note: str | None = Field(default=None, max_length=1000, description="an internal note")
    message_to_applicant: str | None = Field(
        default=None, max_length=1000, description="not allowed: an approval carries no message (422)"
    )


class DecisionIn(BaseModel):
    match_id: str = Field(min_length=1, max_length=64)
    decision: Decision
    reason: str | None = Field(default=None, max_length=1000, description=REASON + "; required to reject")
    message_to_applicant: str | None = Field(default=None, max_length=1000, description=MESSAGE)

    @model_validator(mode="after")
    def _reason_for_rejection(self) -> DecisionIn:
        if self.decision == Decision.REJECT and not (self.reason and len(self.reason.strip()) >= 3):
            raise ValueError("a rejection needs a reason (at least 3 characters)")
        return self


class ReviewIn(BaseModel):
    decisions: Annotated[list[DecisionIn], *_at_most(1000)] = Field(min_length=1)


class ReviewOut(BaseModel):
    approved: int
    rejected: int
    matches: list[MatchOut]
