"""Request and response bodies. Every input is bounded, so bad input is a 4xx, never a 500."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from shared.api import Page  # noqa: F401 - the services' common page shape
from shared.events.catalog import Language


def _printable(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value) or "\x7f" in value:
        raise ValueError("must not contain control characters")
    return value


def _past_birth_date(value: date) -> date:
    today = datetime.now(UTC).date()
    if value >= today:
        raise ValueError("must be in the past")
    if value.year < 1900:
        raise ValueError("must be 1900 or later")
    return value


Text = Annotated[str, AfterValidator(_printable)]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_printable)
]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$")]
Password = Annotated[str, StringConstraints(min_length=10, max_length=128), AfterValidator(_printable)]
BirthDate = Annotated[date, AfterValidator(_past_birth_date)]
ApplicantTypeIn = Literal["student", "faculty"]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


# --- accounts ---


class RegisterIn(Strict):
    email: EmailStr = Field(max_length=320)
    password: Password
    name: Name
    applicant_type: ApplicantTypeIn
    nationality: Country = Field(description="ISO 3166-1 alpha-2")
    home_institution: Name
    date_of_birth: BirthDate
    preferred_language: Language = "en"


class ProfilePatch(Strict):
    email: EmailStr | None = Field(default=None, max_length=320)
    name: Name | None = None
    home_institution: Name | None = None
    preferred_language: Language | None = None


class ProfileOut(BaseModel):
    id: str
    email: str
    name: str
    applicant_type: str
    nationality: str
    home_institution: str
    date_of_birth: date
    preferred_language: str


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    role: str


class StaffAccountIn(Strict):
    email: EmailStr = Field(max_length=320)
    password: Password
    name: Name
    role: Literal["officer", "partner", "admin"]
    schemes: list[Identifier] = Field(default_factory=list, max_length=100)
    institutions: list[Identifier] = Field(default_factory=list, max_length=100)


class AccountOut(BaseModel):
    id: str
    email: str
    name: str
    role: str
    schemes: list[str]
    institutions: list[str]
    created_at: datetime


# --- catalog ---


class ProgrammeOut(BaseModel):
    id: str
    cycle_id: str
    scheme_id: str
    host_institution_id: str
    host_institution_name: str
    host_country: str
    title: str
    field: str
    level: str
    language: str
    seats: int
    applicant_type: str
    requirements: dict


class CycleOut(BaseModel):
    id: str
    scheme_id: str
    name: str
    opens_at: datetime
    closes_at: datetime
    starts_on: date | None
    max_choices: int
    eligible_countries: list[str]
    window: Literal["upcoming", "open", "closed"]


# --- applications ---


class CertificateIn(Strict):
    kind: Annotated[
        str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z][A-Za-z0-9 -]{0,31}$")
    ]
    level: float = Field(ge=0, le=1000)


Statement = Annotated[str, StringConstraints(max_length=5000), AfterValidator(_printable)]


class ApplicationCreate(Strict):
    cycle_id: Identifier
    choices: list[Identifier] = Field(
        default_factory=list, max_length=20, description="programme ids, most preferred first"
    )
    grade: float | None = Field(default=None, ge=0, le=100, description="normalised grade 0-100")
    language_certificates: list[CertificateIn] = Field(default_factory=list, max_length=10)
    statement: Statement = ""


class ApplicationPatch(Strict):
    choices: list[Identifier] | None = Field(default=None, max_length=20)
    grade: float | None = Field(default=None, ge=0, le=100)
    language_certificates: list[CertificateIn] | None = Field(default=None, max_length=10)
    statement: Statement | None = None


class HistoryEntry(BaseModel):
    status: str
    at: datetime
    reason: str | None = None


class ApplicationOut(BaseModel):
    id: str
    applicant_id: str
    cycle_id: str
    scheme_id: str
    applicant_type: str
    sending_country: str
    choices: list[str]
    grade: float | None
    language_certificates: list[dict]
    statement: str
    status: str
    match_id: str | None
    offered_programme_id: str | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    history: list[HistoryEntry]


class WithdrawIn(Strict):
    reason: Annotated[str, StringConstraints(max_length=500), AfterValidator(_printable)] | None = None


class ChoiceEligibilityOut(BaseModel):
    rank: int
    programme_id: str
    eligible: bool
    reasons: list[str]


class EligibilityOut(BaseModel):
    application_id: str
    eligible: bool
    choices: list[ChoiceEligibilityOut]


class DocumentOut(BaseModel):
    id: str
    application_id: str
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
