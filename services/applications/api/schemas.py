"""Request and response bodies, and how rows become answers (``X.of(row)``). Every input is
bounded, so bad input is a 4xx, never a 500."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from services.applications.api.deps import etag_of
from services.applications.domain.lifecycle import Window
from services.applications.domain.passport_name import checked_passport_name
from services.applications.domain.verification import Attestation, DocumentState, TranslationLanguage, task_open
from services.applications.models import (
    Account,
    Applicant,
    CatalogCycle,
    CatalogProgramme,
    Document,
    PartnerClient,
)
from services.applications.service.catalog import Named
from services.applications.service.officer import ApplicantFacts
from shared.api import RequestBody
from shared.clock import aware, aware_or_none, utcnow
from shared.countries import check_country
from shared.eligibility import (
    CERTIFICATE_KINDS,
    CERTIFICATE_STEPS,
    CERTIFICATE_TOPS,
    ChoiceEligibility,
    birth_date_problem,
)
from shared.errors import Invalid
from shared.events.catalog import DocumentRejectionReason, Language
from shared.text import (
    OVERRIDES,
    has_overrides,
    has_stacked_marks,
    has_visible,
    without_embeddings,
    without_invisible,
)


def _printable(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value) or "\x7f" in value:
        # a code of its own (not pydantic's "value_error"): the portal words it by code
        raise PydanticCustomError("control_characters", "must not contain control characters")
    return value


def in_typed_order(value: str) -> str:
    """Free text (a statement, a letter) without direction overrides, which show it in another
    order than it was typed: dropped, as they come with pasted text (a statement saved before
    they were refused must still be saved with the rest of its form)."""
    return "".join(ch for ch in value if ch not in OVERRIDES) if has_overrides(value) else value


def _past_birth_date(value: date) -> date:
    if problem := birth_date_problem(value, utcnow().date()):
        raise ValueError(problem)
    return value


# tabs and every line break Unicode has (U+2028 and NEL were dropped unseen, the words run together)
LINE_BREAKS = frozenset("\t\n\x0b\x0c\r\x85\u2028\u2029")


def _a_name(value: str) -> str:
    """A name shows something, and in the order it was typed (embeddings pasted with it dropped)."""
    if has_overrides(value):
        raise PydanticCustomError("direction_controls", "must not contain text direction overrides")
    if any(ch in value.strip() for ch in LINE_BREAKS):  # a name is one line: in lists, headers and greetings
        raise PydanticCustomError("line_breaks", "must be on one line (no line breaks or tabs)")
    value = without_invisible(without_embeddings(value)).strip()
    if not has_visible(value):
        raise PydanticCustomError("invisible", "must contain at least one visible character")
    if has_stacked_marks(value):
        raise PydanticCustomError("stacked_marks", "must not stack more than four accents on one letter")
    return value


def _passport_name(value: str) -> str:
    """The passport's spelling, or "" (none: left out at registration, cleared on the profile)."""
    if not value.strip():
        return ""
    try:
        return checked_passport_name(value)
    except Invalid as refused:  # its own code, so the portal words it at the field
        raise PydanticCustomError(refused.code, refused.reason, refused.context) from None


Text = Annotated[str, AfterValidator(_printable), AfterValidator(in_typed_order)]


def bounded_text(most: int) -> Any:
    """``Text`` of at most ``most`` characters, said in characters (a bound given beside the
    validators was said in "items": the type is unknown after them)."""
    return Annotated[
        str, StringConstraints(max_length=most), AfterValidator(_printable), AfterValidator(in_typed_order)
    ]


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_printable),
    AfterValidator(_a_name),
]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), AfterValidator(check_country)]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$")]
Password = Annotated[str, StringConstraints(min_length=10, max_length=128), AfterValidator(_printable)]
BirthDate = Annotated[date, AfterValidator(_past_birth_date)]
PassportName = Annotated[
    str,
    StringConstraints(max_length=1000),  # bounded before it is read letter by letter
    AfterValidator(_passport_name),
]
PASSPORT_NAME = (
    "the name as in the passport, in Latin letters (2 to 200 characters: letters with or without accents, spaces, "
    'hyphens, apostrophes, full stops); "" for none. Else 422 profile.passport_name_latin or '
    "profile.passport_name_length"
)
ApplicantTypeIn = Literal["student", "faculty"]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$"


class Strict(RequestBody):
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
    passport_name: PassportName | None = Field(default=None, description=PASSPORT_NAME)


class MyAccountPatch(Strict):
    """What a staff or partner account changes of itself (its scope and contact are an admin's)."""

    preferred_language: Language = Field(description="the language of my inbox entries and e-mails")


class ProfilePatch(Strict):
    email: EmailStr | None = Field(
        default=None, max_length=320, description="another address needs current_password; the old one is told"
    )
    current_password: str | None = Field(
        default=None, max_length=1024, description="the account's password: required to change the e-mail address"
    )
    name: Name | None = None
    home_institution: Name | None = None
    preferred_language: Language | None = None
    applicant_type: ApplicantTypeIn | None = Field(
        default=None, description="only while no application is live (409 profile.applicant_type_in_use)"
    )
    nationality: Country | None = Field(
        default=None,
        description="only while none of the applicant's applications is submitted (409 profile.facts_in_use)",
    )
    date_of_birth: BirthDate | None = Field(
        default=None,
        description="only while none of the applicant's applications is submitted (409 profile.facts_in_use)",
    )
    # unlike nationality and date of birth, corrected at any time: it decides nothing, hosts copy it
    passport_name: PassportName | None = Field(default=None, description=PASSPORT_NAME + '; "" clears it')


class ProfileOut(BaseModel):
    id: str
    email: str
    name: str
    applicant_type: str
    nationality: str
    home_institution: str
    date_of_birth: date | None  # None: erased with the account
    preferred_language: str
    passport_name: str | None = Field(default=None, description="the name as in the passport, in Latin letters")
    pending_email: str | None = Field(
        default=None,
        description="a new address waiting for the link sent to it: the account's address changes when it is opened",
    )
    email_verified: bool = Field(
        default=True,
        description="the address was confirmed from its mailbox (the link sent at registration): needed to submit "
        "when the service asks for it (account.email_unverified); POST /me/email/verify sends a new link",
    )

    @classmethod
    def of(cls, account: Account, applicant: Applicant, pending_email: str | None = None) -> ProfileOut:
        return cls(
            email_verified=account.email_verified_at is not None,
            id=account.id,
            email=account.email,
            name=account.name,
            applicant_type=applicant.applicant_type,
            nationality=applicant.nationality,
            home_institution=applicant.home_institution,
            date_of_birth=applicant.date_of_birth,
            preferred_language=applicant.preferred_language,
            passport_name=applicant.passport_name,
            pending_email=pending_email,
        )


class EmailConfirmedOut(BaseModel):
    detail: str
    changed: bool = Field(description="true: a new address became the account's; false: its address is confirmed")


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    role: str
    device_token: str | None = Field(
        default=None,
        description="a log-in's proof that this client logged in (password grant only): sent back as "
        "device_token with the client's later log-ins, they are not refused by a lock that strangers' "
        "wrong passwords put on the account",
    )


class PasswordChangeIn(Strict):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    new_password: Password


class AccountCloseIn(Strict):
    password: Annotated[str, StringConstraints(max_length=128)] = Field(
        description="the account's own password: closing it cannot be undone"
    )


class AccountClosedOut(BaseModel):
    detail: str
    erased_at: datetime
    applications: int = Field(description="applications kept without personal data (the cycle's figures stay true)")


class PasswordResetIn(Strict):
    email: EmailStr = Field(max_length=320)


ResetToken = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]


class PasswordResetCheckIn(Strict):
    token: ResetToken


class PasswordResetConfirmIn(Strict):
    token: ResetToken
    new_password: Password


class EmailChangeConfirmIn(Strict):
    token: ResetToken


class AcceptedOut(BaseModel):
    detail: str


class StaffAccountIn(Strict):
    email: EmailStr = Field(max_length=320)
    password: Password
    name: Name
    role: Literal["officer", "reviewer", "partner", "admin", "nominator", "coordinator"] = Field(
        description="reviewer: a selection committee's member, who reads the applications in scope, checks their "
        "documents and scores those assigned (scoped as an officer is), and defines, runs and decides nothing"
    )
    schemes: list[Identifier] = Field(default_factory=list, max_length=100)
    institutions: list[Identifier] = Field(
        default_factory=list,
        max_length=100,
        description="a partner's, officer's or reviewer's host institutions; a coordinator's home institutions",
    )
    countries: list[Country] = Field(
        default_factory=list, max_length=100, description="a nominator's sending countries (ISO 3166-1 alpha-2)"
    )
    preferred_language: Language = "en"


class StaffAccountPatch(Strict):
    email: EmailStr | None = Field(default=None, max_length=320)
    name: Name | None = None
    preferred_language: Language | None = None
    schemes: list[Identifier] | None = Field(default=None, max_length=100)
    institutions: list[Identifier] | None = Field(default=None, max_length=100)
    countries: list[Country] | None = Field(default=None, max_length=100)


class AccountOut(BaseModel):
    id: str
    email: str
    name: str
    role: str
    schemes: list[str]
    institutions: list[str]
    countries: list[str] = []
    preferred_language: str
    created_at: datetime
    active: bool = True
    email_verified: bool = Field(default=True, description="the address was confirmed from its mailbox, or by an admin")
    erased_at: datetime | None = Field(
        default=None, description="its owner closed the account and their personal data was erased"
    )

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(
            email_verified=account.email_verified_at is not None,
            erased_at=account.erased_at,
            id=account.id,
            email=account.email,
            name=account.name,
            role=account.role,
            schemes=list(account.schemes),
            institutions=list(account.institutions),
            countries=list(account.countries),
            preferred_language=account.preferred_language,
            created_at=account.created_at,
            active=account.active,
        )


ClientName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_printable),
    AfterValidator(_a_name),
]


class PartnerClientIn(Strict):
    name: ClientName = Field(description="what the client is, for you (e.g. 'admissions system, production')")


class PartnerClientOut(BaseModel):
    client_id: str
    account_id: str
    name: str
    created_at: datetime
    rotated_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None = Field(
        description="when the client last got a token with its secret (null: never); its tokens' calls in "
        "between are not counted"
    )

    @classmethod
    def of(cls, c: PartnerClient) -> PartnerClientOut:
        return cls(
            client_id=c.id,
            account_id=c.account_id,
            name=c.name,
            created_at=aware(c.created_at),
            rotated_at=aware_or_none(c.rotated_at),
            revoked_at=aware_or_none(c.revoked_at),
            last_used_at=aware_or_none(c.last_used_at),
        )


class PartnerClientSecretOut(PartnerClientOut):
    """A new or rotated client, with its secret: shown this once, never stored in clear."""

    client_secret: str | None = Field(
        description="shown only now. Null in the answer to the same request sent again with its Idempotency-Key "
        "(Idempotent-Replayed: true): the secret is shown once, so rotate it if the first answer was lost"
    )

    @classmethod
    def with_secret(cls, c: PartnerClient, secret: str) -> PartnerClientSecretOut:
        return cls(**PartnerClientOut.of(c).model_dump(), client_secret=secret)


# --- catalog ---


class ProgrammeOut(BaseModel):
    id: str
    cycle_id: str
    scheme_id: str
    host_institution_id: str
    host_institution_name: str
    host_institution_translations: dict[str, str] = Field(description="the host's name in other languages")
    host_country: str
    title: str
    translations: dict[str, str] = Field(description="the title in other languages: language code -> title")
    field: str
    level: str
    language: str
    seats: int
    applicant_type: str
    requirements: dict
    award: dict = Field(
        default={},
        description="what a place comes with: covers (tuition, accommodation, stipend, insurance, travel), "
        "stipend_amount, stipend_currency, stipend_per (month or year), months; empty: not said",
    )

    @classmethod
    def of(cls, p: CatalogProgramme) -> ProgrammeOut:
        return cls(
            id=p.id,
            cycle_id=p.cycle_id,
            scheme_id=p.scheme_id,
            host_institution_id=p.host_institution_id,
            host_institution_name=p.host_institution_name,
            host_institution_translations=dict(p.host_institution_translations or {}),
            host_country=p.host_country,
            title=p.title,
            translations=dict(p.translations or {}),
            field=p.field,
            level=p.level,
            language=p.language,
            seats=p.seats,
            applicant_type=p.applicant_type,
            requirements=p.requirements,
            award=dict(p.award or {}),
        )


class CycleOut(BaseModel):
    id: str
    scheme_id: str
    name: str
    translations: dict[str, str] = Field(description="the name in other languages: language code -> name")
    opens_at: datetime
    closes_at: datetime
    starts_on: date | None
    max_choices: int
    eligible_countries: list[str]
    open_to: list[str] = Field(
        description="the sending countries whose applicants may apply: the cycle's own, or else its scheme's"
    )
    window: Literal["upcoming", "open", "closed"]

    @classmethod
    def of(cls, c: CatalogCycle, scheme_countries: list[str]) -> CycleOut:
        window = Window(aware(c.opens_at), aware(c.closes_at))
        return cls(
            id=c.id,
            scheme_id=c.scheme_id,
            name=c.name,
            translations=dict(c.translations or {}),
            opens_at=window.opens_at,
            closes_at=window.closes_at,
            starts_on=c.starts_on,
            max_choices=c.max_choices,
            eligible_countries=list(c.eligible_countries),
            open_to=list(c.eligible_countries or scheme_countries),
            window=window.state(utcnow()).value,
        )


# --- applications ---


class CertificateIn(Strict):
    kind: Annotated[
        str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z][A-Za-z0-9 -]{0,31}$")
    ]
    level: float = Field(
        ge=0, le=1000, description="on the certificate's scale: IELTS to 9, HSK to 9, TOPIK to 6, TORFL to 4"
    )

    @field_validator("kind")
    @classmethod
    def _a_known_kind(cls, kind: str) -> str:
        if kind not in CERTIFICATE_KINDS:
            raise PydanticCustomError(
                "certificate.unknown_kind", "must be one of {kinds}", {"kinds": ", ".join(CERTIFICATE_KINDS)}
            )
        return kind

    @field_validator("level")
    @classmethod
    def _on_its_scale(cls, level: float, info: ValidationInfo) -> float:
        kind = str(info.data.get("kind") or "")
        top = CERTIFICATE_TOPS.get(kind)
        if top is not None and level > top:
            raise PydanticCustomError(
                "certificate.level_above_scale", "a {kind} level is at most {top}", {"kind": kind, "top": int(top)}
            )
        step = CERTIFICATE_STEPS.get(kind)
        if step is not None and (level / step) % 1:
            raise PydanticCustomError(
                "certificate.level_step", "a {kind} level goes in steps of {step}", {"kind": kind, "step": f"{step:g}"}
            )
        return level


def _one_per_kind(certificates: list[CertificateIn] | None) -> list[CertificateIn] | None:
    """Two certificates of one kind: which one a programme's minimum is held against was a guess."""
    seen: set[str] = set()
    for c in certificates or []:
        if c.kind in seen:
            raise PydanticCustomError(
                "certificate.kind_twice", "{kind} is given twice: keep the one that counts", {"kind": c.kind}
            )
        seen.add(c.kind)
    return certificates


Certificates = Annotated[list[CertificateIn], Field(max_length=10), AfterValidator(_one_per_kind)]


Statement = Annotated[
    str, StringConstraints(max_length=5000), AfterValidator(_printable), AfterValidator(in_typed_order)
]


class ApplicationCreate(Strict):
    cycle_id: Identifier
    choices: list[Identifier] = Field(
        default_factory=list, max_length=20, description="programme ids, most preferred first"
    )
    grade: float | None = Field(default=None, ge=0, le=100, description="normalised grade 0-100")
    language_certificates: Certificates = Field(default_factory=list)
    statement: Statement = ""
    home_institution_id: Identifier | None = Field(
        default=None,
        description="the catalog institution (of your sending country) you study or work at; "
        "required to submit under an endorsement stage",
    )


class ApplicationPatch(Strict):
    choices: list[Identifier] | None = Field(default=None, max_length=20)
    grade: float | None = Field(default=None, ge=0, le=100)
    language_certificates: Certificates | None = None
    statement: Statement | None = None
    home_institution_id: Identifier | None = None


class HistoryEntry(BaseModel):
    """A line of the status history as the applicant reads it (never an officer's internal reason)."""

    status: str
    at: datetime
    reason: str | None = None
    details: list[dict[str, Any]] = Field(
        default=[],
        description="the reasons of ``reason`` by code, per programme: programme_id, programme, code, params, text",
    )

    @classmethod
    def of(cls, h: dict) -> HistoryEntry:
        return cls(status=h["status"], at=h["at"], reason=h.get("reason"), details=h.get("details") or [])


class OfficerHistoryEntry(HistoryEntry):
    """A line as officers read it: with the internal reason (the proposed programme, why an
    officer rejected a match), when there is one."""

    internal_reason: str | None = None

    @classmethod
    def of(cls, h: dict) -> OfficerHistoryEntry:
        return cls(
            status=h["status"],
            at=h["at"],
            reason=h.get("reason"),
            details=h.get("details") or [],
            internal_reason=h.get("internal_reason"),
        )


class NominationOut(BaseModel):
    """The nominating authority's published decision about the application (issue 14)."""

    state: str = Field(description="nominated | reserve | not_nominated | withdrawn")
    position: int | None = Field(default=None, description="rank on the nomination or reserve list, from 1")
    reason: str | None = Field(default=None, description="the authority's reason, for the applicant")
    authority: str = Field(default="", description="the authority's name, e.g. Higher Education Commission (HEC)")
    promoted: bool = Field(default=False, description="moved up from the reserve list")

    @classmethod
    def of(cls, record: dict | None) -> NominationOut | None:
        if not record:
            return None
        return cls(
            state=record["state"],
            position=record.get("position"),
            reason=record.get("reason"),
            authority=record.get("authority") or "",
            promoted=bool(record.get("promoted")),
        )


class EndorsementOut(BaseModel):
    """The home institution's latest decision about the application (issue 14)."""

    state: str = Field(description="endorsed | not_endorsed")
    reason: str | None = Field(default=None, description="the institution's reason, for the applicant")
    cohort: str | None = Field(default=None, description="the group the application was endorsed with, if any")
    institution: str = Field(default="", description="the home institution's name")
    version: int = Field(description="a new version on every change of the decision")

    @classmethod
    def of(cls, record: dict | None) -> EndorsementOut | None:
        if not record:
            return None
        return cls(
            state=record["state"],
            reason=record.get("reason"),
            cohort=record.get("cohort"),
            institution=record.get("institution") or "",
            version=int(record.get("version") or 1),
        )


class AdmissionOut(BaseModel):
    """The host institution's latest decision on the application's match (issue 14)."""

    decision: str = Field(description="admitted | rejected")
    reason_code: str | None = Field(default=None, description="a rejection's reason, from the set list")
    note: str | None = Field(default=None, description="the host's words to the applicant")

    @classmethod
    def of(cls, record: dict | None) -> AdmissionOut | None:
        if not record:
            return None
        return cls(decision=record["decision"], reason_code=record.get("reason_code"), note=record.get("note"))


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
    offer_reply_by: date | None = Field(
        default=None, description="an open offer: the last day (UTC) to accept or decline it"
    )
    home_institution_id: str | None = Field(default=None, description="the catalog institution you come from")
    home_institution_name: str | None = Field(default=None, description="its name in the catalog")
    home_institution_translations: dict[str, str] = Field(
        default={}, description="that name in other languages: language code -> name"
    )
    endorsement: EndorsementOut | None = Field(
        default=None, description="under an endorsement stage: the home institution's decision, once made"
    )
    nomination: NominationOut | None = Field(
        default=None, description="under a nomination stage: the authority's decision, once published"
    )
    admission: AdmissionOut | None = Field(
        default=None, description="under an admission stage: the host's latest decision on the match"
    )
    host_institution_id: str | None = Field(
        default=None,
        description="the host institution officers last sent the application to for admission (with_host: "
        "the one deciding now)",
    )
    created_at: datetime
    updated_at: datetime
    etag: str = Field(
        default="", description="the ETag header's value: sent back as If-Match, an edit over a change since is refused"
    )
    submitted_at: datetime | None
    history: list[HistoryEntry]

    @classmethod
    def of(cls, a: Any, *, institutions: Mapping[str, Named] | None = None) -> ApplicationOut:
        """From an application row, or the plain record of one a submit works on;
        ``institutions``: catalog institution names by id (for the home institution's)."""
        home = getattr(a, "home_institution_id", None)
        named = (institutions or {}).get(home) if home else None
        return cls(
            id=a.id,
            applicant_id=a.applicant_id,
            cycle_id=a.cycle_id,
            scheme_id=a.scheme_id,
            applicant_type=a.applicant_type,
            sending_country=a.sending_country,
            choices=list(a.choices),
            grade=a.grade,
            language_certificates=list(a.language_certificates),
            statement=a.statement,
            status=a.status,
            match_id=a.match_id,
            offered_programme_id=a.offered_programme_id,
            offer_reply_by=a.offer_reply_by,
            home_institution_id=home,
            home_institution_name=named.name if named else None,
            home_institution_translations=named.translations if named else {},
            endorsement=EndorsementOut.of(getattr(a, "endorsement", None)),
            nomination=NominationOut.of(getattr(a, "nomination", None)),
            admission=AdmissionOut.of(getattr(a, "admission", None)),
            host_institution_id=getattr(a, "host_institution_id", None),
            created_at=aware(a.created_at),
            updated_at=aware(a.updated_at),
            etag=etag_of(a.updated_at),
            submitted_at=aware_or_none(a.submitted_at),
            history=[HistoryEntry.of(h) for h in a.history],
        )


class OfficerApplicationOut(ApplicationOut):
    """An application as officers read it: the history with its internal reasons."""

    history: list[OfficerHistoryEntry]  # type: ignore[assignment]  # officers read more of each line
    applicant_name: str = Field(default="", description="who applied, as on their account")
    passport_name: str | None = Field(
        default=None, description="the applicant's name as in the passport, in Latin letters, when given"
    )
    home_institution: str = ""
    date_of_birth: date | None = Field(default=None, description="from the applicant's profile")
    applicant_closed_at: datetime | None = Field(
        default=None,
        description="the applicant closed their account: their personal data (name, documents, letters, messages) "
        "was erased and nobody reads what is written to them",
    )

    @classmethod
    def of(
        cls,
        a: Any,
        applicant: ApplicantFacts | None = None,
        *,
        institutions: Mapping[str, Named] | None = None,
    ) -> OfficerApplicationOut:
        answer = ApplicationOut.of(a, institutions=institutions).model_dump(exclude={"history"})
        who = applicant or ApplicantFacts()
        return cls(
            **answer,
            history=[OfficerHistoryEntry.of(h) for h in a.history],
            applicant_name=who.name,
            passport_name=who.passport_name,
            home_institution=who.home_institution,
            date_of_birth=who.date_of_birth,
            applicant_closed_at=who.closed_at,
        )


class WithdrawIn(Strict):
    # shown in the status history to officers: in the order it was typed (overrides dropped)
    reason: (
        Annotated[str, StringConstraints(max_length=500), AfterValidator(_printable), AfterValidator(in_typed_order)]
        | None
    ) = None


class ReasonOut(BaseModel):
    """A reason by its stable code, with the parameters to word it in any language."""

    code: str = Field(examples=["eligibility.grade_below"])
    params: dict[str, Any] = Field(examples=[{"grade": 70, "min_grade": 75}])
    text: str = Field(description="the English sentence, as in ``reasons``")


class ChoiceEligibilityOut(BaseModel):
    rank: int
    programme_id: str
    eligible: bool
    reasons: list[str]
    details: list[ReasonOut] = Field(default=[], description="the same reasons as ``reasons``, by code")


class EligibilityOut(BaseModel):
    application_id: str
    eligible: bool
    choices: list[ChoiceEligibilityOut]

    @classmethod
    def of(cls, application_id: str, verdicts: Iterable[ChoiceEligibility]) -> EligibilityOut:
        choices = [
            ChoiceEligibilityOut(
                rank=v.rank,
                programme_id=v.programme_id,
                eligible=v.eligible,
                reasons=list(v.reasons),
                details=[ReasonOut(**r.as_dict()) for r in v.details],
            )
            for v in verdicts
        ]
        return cls(
            application_id=application_id, eligible=bool(choices) and all(c.eligible for c in choices), choices=choices
        )


class DocumentReviewOut(BaseModel):
    application_id: str
    verified: int = Field(description="documents whose newest version an officer verified")
    pending: int = Field(description="documents whose newest version awaits review")
    rejected: int = Field(description="documents whose newest version an officer rejected")


class DocumentOut(BaseModel):
    id: str
    application_id: str
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
    # versions: a re-upload replaces the version before, which is kept (``superseded``)
    version: int = 1
    replaces: str | None = None
    superseded: bool = False
    # review: pending, verified or rejected (with the reason, the officer's note and the
    # re-upload task's last day, UTC); ``task_open``: a new version is awaited
    state: DocumentState = DocumentState.PENDING
    rejection_reason: str | None = None
    rejection_note: str | None = None
    due_on: date | None = None
    task_open: bool = False
    # what it carries
    attested_by: Attestation | None = None
    attestation_number: str | None = None
    attested_on: date | None = None
    translation_language: TranslationLanguage | None = None
    translation_certified_by: str | None = None
    nostrified: bool = False

    @classmethod
    def fields_of(cls, d: Document) -> dict[str, Any]:
        return {
            "id": d.id,
            "application_id": d.application_id,
            "kind": d.kind,
            "original_name": d.original_name,
            "content_type": d.content_type,
            "size": d.size,
            "sha256": d.sha256,
            "created_at": aware(d.created_at),
            "version": d.version,
            "replaces": d.replaces,
            "superseded": d.superseded,
            "state": d.state,
            "rejection_reason": d.rejection_reason,
            "rejection_note": d.rejection_note,
            "due_on": d.due_on,
            "task_open": task_open(d.state, d.superseded),
            "attested_by": d.attested_by,
            "attestation_number": d.attestation_number,
            "attested_on": d.attested_on,
            "translation_language": d.translation_language,
            "translation_certified_by": d.translation_certified_by,
            "nostrified": d.nostrified,
        }

    @classmethod
    def of(cls, d: Document) -> DocumentOut:
        return cls(**cls.fields_of(d))


class OfficerDocumentOut(DocumentOut):
    """What officers read besides: who reviewed this version, and when."""

    reviewed_by: str | None = Field(default=None, description="the reviewer's account id")
    reviewed_by_name: str | None = None
    reviewed_at: datetime | None = None

    @classmethod
    def of(cls, d: Document, names: dict[str, str] | None = None) -> OfficerDocumentOut:
        return cls(
            **cls.fields_of(d),
            reviewed_by=d.reviewed_by,
            reviewed_by_name=(names or {}).get(d.reviewed_by or ""),
            reviewed_at=aware_or_none(d.reviewed_at),
        )


class DocumentCopy(Strict):
    document_id: str = Field(
        max_length=64, pattern=r"^[A-Za-z0-9-]+$", description="a current document of another of your applications"
    )


class RejectIn(Strict):
    reason: DocumentRejectionReason
    note: Annotated[str, StringConstraints(max_length=1000), AfterValidator(_printable)] = ""
    due_on: date | None = Field(default=None, description="the re-upload task's last day (UTC); default in 14 days")
