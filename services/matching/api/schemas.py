"""Request and response bodies of the matching API (only api/ imports them)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from services.matching.domain import catalog as rules_of_catalog
from services.matching.domain.catalog import Problem
from services.matching.domain.quota import LABEL_DIMENSIONS, SCOPE_DIMENSIONS, SizedCap, label_placeholders
from services.matching.domain.reasons import ChoiceResult
from services.matching.domain.review import Decision
from services.matching.domain.statuses import USING_STATES
from shared.api import RequestBody
from shared.clock import aware
from shared.countries import check_country, is_country
from shared.events.catalog import AwardCover, DocumentKind, DocumentProperty, Language, RefereePosition
from shared.text import has_visible, no_overrides

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


def _shown(v: str) -> str:
    if not has_visible(v):
        raise PydanticCustomError("invisible", "must show at least one character")
    if any(unicodedata.category(ch) == "Cc" for ch in v):
        raise PydanticCustomError("control_characters", "must be one line without control characters")
    return v


# A catalog record's name as typed (an institution's, a scheme's, a cycle's, a programme's title):
# shown to every applicant and partner, so it shows something, on one line, in typed order.
CatalogName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=300),
    AfterValidator(no_overrides),
    AfterValidator(_shown),
]


# A name in other languages (shared/translations.py): language code -> the name in it.
TranslatedName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), AfterValidator(no_overrides)
]
Translations = Annotated[
    dict[Language, Annotated[TranslatedName, AfterValidator(_shown)]], *_at_most(len(Language.__args__), keys=True)
]


def translations(what: str) -> Any:
    return Field(
        default={},
        description=f"{what} in other languages, by language code (en, zh, ru, ur, kk, uz, tg, ky); "
        f"a reader whose language has none sees {what} as given",
    )


def _in_utc(v: datetime) -> datetime:
    """The time in UTC; one whose conversion leaves the calendar (a year 1 or 9999 time at its
    edge) is refused as out of range (a ``ValueError``: a 422 naming the field)."""
    try:
        return aware(v).astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range: in UTC it falls outside the years 1 to 9999") from None


def _country_list(v: list[str]) -> list[str]:
    bad = [c for c in v if not is_country(c)]
    if bad:
        raise ValueError(f"not ISO 3166-1 alpha-2 codes: {', '.join(map(str, bad))}")
    return sorted(set(v))


class Strict(RequestBody):
    """A request body: a field it does not know is refused (422 extra_forbidden), not dropped. A
    misspelt field of a PUT, which replaces the whole record, reset the stored value to its
    default with a 200. ``answer_only``: what the record's answer carries beyond the body (its
    id, warnings...): a GET's answer sent back as a PUT is accepted, those keys changing nothing."""

    model_config = ConfigDict(extra="forbid")
    answer_only: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _answer_only_keys_change_nothing(cls, data: Any) -> Any:
        if cls.answer_only and isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in cls.answer_only or k in cls.model_fields}
        return data


class ProblemOut(BaseModel):
    """A warning (or, from /quota-rules/validate, an error) about a saved or checked entity."""

    severity: str
    field: str
    reason: str
    code: str
    params: dict[str, Any] = Field(default={}, description="what the reason names (counts, country codes), to word it")

    @classmethod
    def of(cls, p: Problem) -> ProblemOut:
        return cls(severity=p.severity, field=p.field, reason=p.message, code=p.code, params=dict(p.params or {}))


class Saved(BaseModel):
    # an answer, built from the whole stored row: its other columns are left out, not refused
    # (a saved record's class also derives from its Strict request body)
    model_config = ConfigDict(extra="ignore")

    warnings: list[ProblemOut] = []


# What a saved record's answer carries beyond its request body (Strict.answer_only)
ANSWERED = frozenset({"id", *Saved.model_fields})


def saved(cls: type[BaseModel], row: Any, warnings: Sequence[Problem] = ()) -> Any:
    """A saved row as its answer, with its warnings."""
    return cls.model_validate({**row.model_dump(), "warnings": [ProblemOut.of(p) for p in warnings]})


# --- institutions ------------------------------------------------------------------------------


class InstitutionFields(Strict):
    answer_only = ANSWERED

    name: CatalogName
    translations: Translations = translations("the name")
    country: Annotated[str, AfterValidator(check_country)] = Field(pattern=COUNTRY, description="ISO 3166-1 alpha-2")
    kind: Literal[rules_of_catalog.INSTITUTION_KINDS] = "university"  # type: ignore[valid-type]


class InstitutionIn(InstitutionFields):
    id: str = Field(pattern=ID)


class InstitutionOut(InstitutionIn, Saved):
    pass


# --- schemes -----------------------------------------------------------------------------------


class SchemeFields(Strict):
    answer_only = ANSWERED

    name: CatalogName
    translations: Translations = translations("the name")
    sponsor: CatalogName
    eligible_countries: Countries = []
    max_choices: int = Field(default=5, ge=1, le=20)
    path: Annotated[list[Annotated[str, Field(max_length=32)]], *_at_most(MAX_KEYS)] = Field(
        default=[],
        description="the stages (endorsement, nomination, matching, review, admission, answer), in that order; "
        "it has matching, review and answer; empty: direct",
    )
    authorities: Annotated[
        dict[Country, Annotated[str, Field(min_length=1, max_length=200), AfterValidator(no_overrides)]],
        *_at_most(MAX_COUNTRIES, keys=True),
    ] = Field(default={}, description="sending country (ISO 3166-1 alpha-2) -> its nominating authority's name")
    authority_translations: Annotated[dict[Country, Translations], *_at_most(MAX_COUNTRIES, keys=True)] = Field(
        default={},
        description="sending country -> its authority's name in other languages (language code -> name); "
        "each country one of authorities'",
    )
    admission_deadline_action: Literal["wait", "decline"] = Field(
        default="wait",
        description="at the cycle's admission_closes_at, matches the host has not decided wait (the scheme's "
        "officers are told) or are declined (seat freed; under a nomination stage the reserve moves up)",
    )

    @field_validator("eligible_countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return _country_list(v)

    @field_validator("authorities")
    @classmethod
    def _authorities(cls, v: dict[str, str]) -> dict[str, str]:
        _country_list(list(v))
        return {k: name.strip() for k, name in sorted(v.items())}

    @field_validator("authority_translations")
    @classmethod
    def _translated_authorities_are_named(cls, v: dict[str, dict], info: ValidationInfo) -> dict[str, dict]:
        if "authorities" not in info.data:  # refused itself: its error says why
            return v
        unknown = sorted(set(v) - set(info.data["authorities"]))
        if unknown:
            raise PydanticCustomError(
                "authority_unknown",
                "countries without an authority in authorities: {countries}",
                {"countries": ", ".join(unknown)},
            )
        return v


class SchemeIn(SchemeFields):
    id: str = Field(pattern=ID)


class SchemeOut(SchemeIn, Saved):
    pass


# --- cycles ------------------------------------------------------------------------------------


class CycleFields(Strict):
    # archived_at: changed by its own route (POST/DELETE /cycles/{id}/archive), not by a PUT
    answer_only = ANSWERED | {"archived_at"}

    scheme_id: str = Field(pattern=ID)
    name: CatalogName
    translations: Translations = translations("the name")
    opens_at: datetime = Field(description="UTC; a time without offset is taken as UTC")
    closes_at: datetime
    starts_on: date | None = None
    max_choices: int = Field(default=5, ge=1, le=20)
    eligible_countries: Countries = Field(default=[], description="empty: the scheme's")
    score_weights: Annotated[dict[Key, float], *_at_most(MAX_KEYS, keys=True)] = {}
    offer_reply_days: int = Field(
        default=14, ge=1, le=90, description="days an applicant has to answer an offer, from its approval"
    )
    nomination_closes_at: datetime | None = Field(
        default=None, description="the nomination stage's deadline (UTC; after opens_at)"
    )
    admission_closes_at: datetime | None = Field(
        default=None, description="the hosts' admission deadline (UTC; after opens_at)"
    )
    endorsement_closes_at: datetime | None = Field(
        default=None, description="the home institutions' endorsement deadline (UTC; after opens_at)"
    )

    @field_validator("eligible_countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return _country_list(v)

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _as_utc(cls, v: datetime) -> datetime:
        return _in_utc(v)

    @field_validator("nomination_closes_at", "admission_closes_at", "endorsement_closes_at")
    @classmethod
    def _deadline_as_utc(cls, v: datetime | None) -> datetime | None:
        return None if v is None else _in_utc(v)


class CycleIn(CycleFields):
    id: str = Field(pattern=ID)


class CycleOut(CycleIn, Saved):
    archived_at: datetime | None = Field(
        default=None,
        description="when it was archived (POST /cycles/{id}/archive): out of the officers' console, no more"
        " rounds; null: in use",
    )


# --- programmes --------------------------------------------------------------------------------


class LettersIn(Strict):
    """Recommendation letters the programme needs (issue 15): how many, from whom (empty: anyone)."""

    count: int = Field(ge=1, le=5)
    positions: Annotated[list[RefereePosition], *_at_most(7)] = []


class RequirementsIn(Strict):
    min_grade: float | None = Field(default=None, ge=0, le=100)
    language_certificate: Literal["HSK", "IELTS", "TOEFL", "KAZTEST", "TORFL", "TOPIK"] | None = None
    min_language_level: float | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=14, le=80)
    # The contract's vocabulary: an unknown kind is a 422 naming the field.
    required_documents: Annotated[list[DocumentKind], *_at_most(20)] = []
    letters: LettersIn | None = None
    # What a document of a kind must carry (attested[:by], translated:<zh|en>, nostrified).
    document_properties: dict[DocumentKind, Annotated[list[DocumentProperty], *_at_most(8)]] = {}
    abroad_only: bool = Field(
        default=False, description="an exchange's: closed to nationals of the host country (eligibility.host_country)"
    )


class AwardIn(Strict):
    """What a place comes with (shared.events.catalog.Award); a stipend names its currency."""

    covers: Annotated[list[AwardCover], *_at_most(5)] = Field(default=[], description="what the scholarship pays for")
    stipend_amount: float | None = Field(default=None, ge=0, le=10_000_000)
    stipend_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. CNY")
    stipend_per: Literal["month", "year"] = "month"
    months: int | None = Field(default=None, ge=1, le=120, description="how long the place lasts")

    @model_validator(mode="after")
    def _a_stipend_names_its_currency(self) -> AwardIn:
        if self.stipend_amount is not None and self.stipend_currency is None:
            raise PydanticCustomError("award.currency_missing", "a stipend names its currency (ISO 4217, e.g. CNY)", {})
        if self.stipend_amount and "stipend" not in self.covers:
            # a stipend paid is one the scholarship covers: a card had said both and neither
            self.covers = [*self.covers, "stipend"]
        return self

    @field_validator("covers")
    @classmethod
    def _once_each(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))


class ProgrammeFields(Strict):
    answer_only = ANSWERED | {"scheme_id", "host_country"}

    cycle_id: str = Field(pattern=ID)
    host_institution_id: str = Field(pattern=ID)
    title: CatalogName
    translations: Translations = translations("the title")
    # shown to applicants and officers: without direction overrides, as every name is
    field: Annotated[str, AfterValidator(no_overrides)] = Field(min_length=2, max_length=100)
    level: Literal[rules_of_catalog.LEVELS]  # type: ignore[valid-type]
    language: Annotated[str, AfterValidator(no_overrides)] = Field(min_length=2, max_length=16)
    seats: int = Field(ge=0, le=100000)
    applicant_type: Literal["student", "faculty"] = "student"
    requirements: RequirementsIn = RequirementsIn()
    award: AwardIn = AwardIn()


class ProgrammeIn(ProgrammeFields):
    id: str = Field(pattern=ID)


class LettersOut(LettersIn):
    model_config = ConfigDict(extra="ignore")  # stored: read back whatever it holds


class RequirementsOut(RequirementsIn):
    model_config = ConfigDict(extra="ignore")

    letters: LettersOut | None = None


class AwardOut(AwardIn):
    model_config = ConfigDict(extra="ignore")


class ProgrammeOut(ProgrammeIn, Saved):
    scheme_id: str
    host_country: str
    requirements: RequirementsOut = RequirementsOut()
    award: AwardOut = AwardOut()  # {} for a programme stored before awards were said


# --- quota rules -------------------------------------------------------------------------------


ScopeValues = Annotated[
    list[Annotated[str, Field(max_length=MAX_VALUE_LENGTH)]],
    *_at_most(MAX_SCOPE_VALUES),
]


class QuotaRuleFields(Strict):
    answer_only = ANSWERED

    cycle_id: str = Field(pattern=ID)
    label: Annotated[str, AfterValidator(no_overrides)] = Field(
        min_length=2,
        max_length=300,
        description="shown to officers; may name dimensions in braces, filled per cap "
        '("at most 40% to {sending_country}")',
    )
    scope: Annotated[dict[Key, ScopeValues], *_at_most(len(SCOPE_DIMENSIONS), keys=True)] = Field(
        default={}, description=f"dimension -> allowed values (at most {MAX_SCOPE_VALUES} per dimension)"
    )
    per: Annotated[list[Key], *_at_most(4)] = Field(
        default=[],
        description='one cap per value (combination) of these dimensions, e.g. ["sending_country"]',
    )
    max_count: int | None = Field(default=None, le=2**31 - 1, description="at most this many matched")

    @field_validator("label")
    @classmethod
    def _placeholders(cls, v: str) -> str:
        if wrong := label_placeholders(v):
            names = ", ".join("{" + d + "}" for d in sorted(LABEL_DIMENSIONS))
            raise ValueError(f"{wrong[0]} is not a dimension in braces: a label may name {names}")
        return v

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


class CapPreview(BaseModel):
    """A cap a rule would make now: its limit and the seats a share is taken of."""

    cap_id: str
    label: str
    cap: int = Field(description="at most this many places")
    seats: int = Field(description="the seats of the programmes the cap covers")
    programmes: int = Field(description="how many programmes the cap covers")
    scope: dict[str, list[str]] = Field(description="dimension -> the values the cap counts")

    @classmethod
    def of(cls, sized: SizedCap) -> CapPreview:
        c = sized.cap
        scope = {dim: sorted(values) for dim, values in c.scope.items()}
        return cls(cap_id=c.id, label=c.label, cap=c.limit, seats=sized.seats, programmes=sized.programmes, scope=scope)


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
    committee_hidden: bool = Field(
        default=False,
        description="you review it and have not submitted: the committee score is withheld "
        "(null) and the priority shown leaves it out",
    )
    applicant_name: str = Field(default="", description="as the applicant's events name them")


class ScoreIn(Strict):
    interview_score: float | None = Field(default=None, ge=0, le=100)
    committee_score: float | None = Field(default=None, ge=0, le=100)


# --- rounds ------------------------------------------------------------------------------------


class RoundIn(Strict):
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1, description="lottery seed; random when absent")
    incomplete_scores_ok: bool = Field(
        default=False,
        description="start even though applications the round would rank have fewer reviews than the"
        " scoresheet asks, or scores given to some would not count (else 409 round.scores_incomplete)",
    )
    after_round: str | None = Field(
        default=None,
        max_length=64,
        description='the cycle\'s latest round as the caller saw it ("" for none): a round started since (a '
        "colleague's, or the page gone Back to and sent again) is refused 409 round.started_since and none is "
        "started; left out: not checked",
    )


class ScoreCheckOut(BaseModel):
    """What a round ranks by and how complete the officers' scores are over the applications it
    ranks (those it considers, less those whose match keeps its seat)."""

    ranked: int = Field(description="applications the round ranks")
    components: list[str] = Field(
        description="the priority's components for everyone: the grade, and each officer's score"
        " (interview, committee) that every ranked application has"
    )
    left_out: list[str] = Field(description="officer scores some ranked applications have and others lack: not counted")
    without: dict[str, int] = Field(description="per officer score (weighted above 0), how many ranked lack it")
    reviews_asked: int | None = Field(description="the scoresheet's reviewers per application; null without one")
    short_of_reviews: int = Field(description="ranked applications with fewer submitted reviews than that")
    incomplete: bool = Field(description="a round needs incomplete_scores_ok to start")


class RoundStarted(BaseModel):
    round_id: str
    cycle_id: str
    number: int
    seed: int
    status: str
    href: str
    scores: ScoreCheckOut | None = Field(default=None, description="the scores as the round was queued")


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


class ChoiceVerdictOut(BaseModel):
    rank: int
    programme_id: str
    result: ChoiceResult = Field(
        description="placed | waitlisted | not_placed (see reasons) | below_placement (a higher choice was placed) "
        "| undecided"
    )
    reasons: list[dict] = Field(
        description='{"programme_id", "kind", "reason", "code", "params"} as the round kept them'
    )
    waitlist_position: int | None


class ApplicationOutcomeOut(BaseModel):
    """One application in the latest completed round of its cycle: each choice and why."""

    application_id: str
    cycle_id: str
    round_id: str | None = Field(description="null: no completed round has decided this application yet")
    round_number: int | None
    finished_at: datetime | None
    status: str | None = Field(description="the outcome: matched | waitlisted | unmatched | fixed | withdrawn")
    programme_id: str | None
    choices: list[ChoiceVerdictOut]


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
    status: str = Field(
        description="proposed | with_host (officers approved; the host decides) | host_rejected | approved (an offer) | "
        "rejected | accepted | declined | superseded | withdrawn"
    )
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


# Text that reaches the applicant as written (an e-mail, the page): no bidirectional overrides
# ("a \u202e b" had reached an e-mail raw, the rest of its line reversed)
ApplicantText = Annotated[str | None, AfterValidator(no_overrides)]


class RejectIn(Strict):
    reason: str = Field(min_length=3, max_length=1000, description=REASON)
    message_to_applicant: ApplicantText = Field(default=None, max_length=1000, description=MESSAGE)


class ApproveIn(Strict):
    note: str | None = Field(default=None, max_length=1000, description="an internal note")
    message_to_applicant: str | None = Field(
        default=None, max_length=1000, description="not allowed: an approval carries no message (422)"
    )


class DecisionIn(Strict):
    match_id: str = Field(min_length=1, max_length=64)
    decision: Decision
    reason: str | None = Field(default=None, max_length=1000, description=REASON + "; required to reject")
    message_to_applicant: ApplicantText = Field(default=None, max_length=1000, description=MESSAGE)

    @model_validator(mode="after")
    def _reason_for_rejection(self) -> DecisionIn:
        if self.decision == Decision.REJECT and not (self.reason and len(self.reason.strip()) >= 3):
            raise ValueError("a rejection needs a reason (at least 3 characters)")
        return self


class ReviewIn(Strict):
    decisions: Annotated[list[DecisionIn], *_at_most(1000)] = Field(min_length=1)


class ReviewOut(BaseModel):
    approved: int
    rejected: int
    matches: list[MatchOut]


# --- the selection committee (service/committee.py, domain/committee.py) ---------------------

COMPOSITE_RULE = (
    "Each criterion score is normalised to 0-100, (value - min) / (max - min) * 100; a reviewer's "
    "composite is the weighted mean of these over every criterion, sum(weight * normalised) / "
    "sum(weight); the application's composite is the mean of its live reviewers' composites "
    "(two decimals) and becomes its committee score in the matching priority. A spread "
    "(highest minus lowest reviewer composite) above the scoresheet's spread_threshold flags "
    "the application for moderation."
)


class CriterionIn(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", examples=["academic_record"])
    label: Annotated[str, AfterValidator(no_overrides)] = Field(
        min_length=1, max_length=100, examples=["Academic record"]
    )
    weight: float = Field(examples=[2.0], description="greater than 0, at most 1000 (weights are relative)")
    min: float = Field(default=0.0, ge=-1000, le=1000)
    max: float = Field(default=10.0, ge=-1000, le=1000)


class ScoresheetIn(Strict):
    criteria: Annotated[list[CriterionIn], *_at_most(20)]
    reviewers_per_application: int = Field(default=2, description="1..10")
    spread_threshold: float = Field(default=20.0, description="on the 0-100 composite scale")
    committee: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        default=None,
        max_length=200,
        description="the officers who review (account ids of the scheme's officers, GET /cycles/{id}/reviewers); "
        "null: every active officer of the scheme, also those added later",
    )
    reason: str | None = Field(default=None, max_length=1000, description="why (kept in the journal)")


class ScoresheetOut(BaseModel):
    id: str
    scheme_id: str
    cycle_id: str | None
    criteria: list[dict[str, Any]]
    reviewers_per_application: int
    spread_threshold: float
    committee: list[str] | None = Field(default=None, description="the officers who review; null: every one")
    updated_by: str
    updated_at: datetime
    composite_rule: str = COMPOSITE_RULE

    @classmethod
    def of(cls, s: Any) -> ScoresheetOut:
        return cls(
            id=s.id,
            scheme_id=s.scheme_id,
            cycle_id=s.cycle_id or None,
            criteria=list(s.criteria),
            reviewers_per_application=s.reviewers_per_application,
            spread_threshold=s.spread_threshold,
            committee=s.committee,
            updated_by=s.updated_by,
            updated_at=s.updated_at,
        )


class AssignmentOut(BaseModel):
    id: str
    cycle_id: str
    application_id: str
    reviewer_id: str
    active: bool
    assigned_by: str
    assigned_at: datetime
    submitted_at: datetime | None


class ReviewerOut(BaseModel):
    account_id: str
    name: str
    role: str = Field(default="officer", description="officer, or reviewer (a committee's member who only scores)")
    institutions: list[str]
    assigned: int = Field(description="live assignments in this cycle")
    on_committee: bool = Field(default=True, description="among those the scoresheet's committee names")


class ModerationOut(BaseModel):
    application_id: str
    name: str
    reviewers: int
    submitted: int
    composite: float | None
    spread: float | None
    flagged: bool


class AssignResultOut(BaseModel):
    created: list[AssignmentOut]
    short: dict[str, int] = Field(description="application id -> reviewers still missing (no eligible one left)")
    handed_over: int = Field(
        default=0, description="reviews not yet scored taken from officers the cycle's committee no longer names"
    )


class ReassignIn(Strict):
    reviewer_id: str | None = Field(default=None, max_length=64, description="empty: the least loaded eligible one")
    reason: str | None = Field(default=None, max_length=1000)


class ConflictIn(Strict):
    reason: Annotated[str, AfterValidator(no_overrides)] = Field(min_length=1, max_length=1000)


class ScoresIn(Strict):
    scores: Annotated[dict[str, float], *_at_most(20, keys=True)]
    comment: str = Field(default="", max_length=4000)


class ScoreVersionOut(BaseModel):
    version: int
    scores: dict[str, float]
    composite: float
    comment: str
    submitted_at: datetime


class ReviewerScoresOut(BaseModel):
    assignment_id: str
    reviewer_id: str
    reviewer_name: str
    active: bool
    submitted: bool
    hidden: bool = Field(description="true: scores withheld until you submit your own")
    composite: float | None
    scores: dict[str, float] | None
    history: list[ScoreVersionOut]


class ApplicationReviewsOut(BaseModel):
    application_id: str
    cycle_id: str
    name: str
    passport_name: str | None = Field(default=None, description="in Latin letters, when the applicant gave it")
    nationality: str
    home_institution: str | None
    choices: list[str]
    grade: float | None
    scoresheet: ScoresheetOut | None
    my_assignment_id: str | None
    reviews: list[ReviewerScoresOut]
    eligible_reviewers: list[str] = Field(
        default=[],
        description="reviewers who may be given it now (not on it, not of its home institution, no declared "
        "conflict); for an officer of the scheme, [] for a reviewer",
    )
    composite: float | None = Field(description="null until scores are visible to you and submitted")
    spread: float | None
    flagged: bool
    composite_rule: str = COMPOSITE_RULE


class AssignedOut(BaseModel):
    """One row of a reviewer's table."""

    assignment_id: str
    application_id: str
    cycle_id: str
    name: str
    nationality: str
    choices: list[str]
    grade: float | None
    received_at: datetime
    submitted_at: datetime | None
    my_composite: float | None
    composite: float | None = Field(description="shown once you have submitted")
    flagged: bool


class JournalEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    actor_name: str
    action: str
    scheme_id: str | None
    cycle_id: str | None
    application_id: str | None
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
    withheld: bool = Field(default=False, description="scores left out until you submit your own")
    applicants: dict[str, str] = Field(
        default_factory=dict,
        description="the applicant's name of each application the entry names (its own, a nomination "
        "list's nominees and reserve, the reserve moved up), by application id, where you see it",
    )


# --- interviews --------------------------------------------------------------------------------

MAX_SLOTS = 200  # slots published at once
MAX_INVITES = 1000  # applications invited at once


class SlotIn(Strict):
    starts_at: datetime = Field(
        description="a wall-clock time in time_zone (2026-12-03T10:00), or a moment with an offset"
    )
    duration_minutes: int = Field(default=30, description="5 to 480")
    time_zone: str = Field(max_length=64, description="the host's IANA time zone, e.g. Asia/Shanghai")
    place: Annotated[str, AfterValidator(no_overrides)] = Field(
        max_length=500, description="an address or a video link"
    )


class SlotsIn(Strict):
    slots: Annotated[list[SlotIn], *_at_most(MAX_SLOTS)]


class InviteIn(Strict):
    application_ids: Annotated[list[Annotated[str, Field(max_length=64)]], *_at_most(MAX_INVITES)] = Field(min_length=1)


class RecordIn(Strict):
    attendance: Literal["attended", "no_show"]
    score: float | None = Field(
        default=None, description="on the scoresheet's interview criterion's range if it has one, else 0-100"
    )
    reason: str | None = Field(default=None, max_length=2000)


class StaffCancelIn(Strict):
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), AfterValidator(no_overrides)
    ] = Field(description="to the applicant, as written (their e-mail quotes it)")


class BookIn(Strict):
    slot_id: str = Field(max_length=64)


class SlotOut(BaseModel):
    id: str
    cycle_id: str
    starts_at: datetime = Field(description="UTC")
    local_start: str = Field(description="the start in the host's time zone (ISO 8601 with offset)")
    duration_minutes: int
    time_zone: str
    place: str
    capacity: int

    @classmethod
    def of(cls, s: Any, local_start: datetime) -> SlotOut:
        return cls(
            id=s.id,
            cycle_id=s.cycle_id,
            starts_at=aware(s.starts_at),
            local_start=local_start.isoformat(),
            duration_minutes=s.duration_minutes,
            time_zone=s.time_zone,
            place=s.place,
            capacity=s.capacity,
        )


class InvitationOut(BaseModel):
    application_id: str
    applicant_id: str
    cycle_id: str
    name: str = ""
    invited_at: datetime
    slot: SlotOut | None = None
    booking_uid: str | None = None
    sequence: int
    attendance: str | None = None
    score: float | None = None
    recorded_by: str | None = None


class BookedSlotOut(BaseModel):
    slot: SlotOut
    booking: InvitationOut | None = Field(default=None, description="the booking holding it, if any")


class MyInterviewOut(InvitationOut):
    time_zone: str = Field(description="the applicant's own time zone (from their nationality), for display")
    my_local_start: str | None = Field(default=None, description="the booked start in the applicant's time zone")
    cutoff_hours: float
    can_change: bool = Field(description="whether the booking may still be moved or cancelled")


class OpenSlotOut(SlotOut):
    my_local_start: str = Field(description="the start in the applicant's own time zone")
