"""The event catalog: every topic, every event type and its payload model.

Types are named ``org.corridor.<entity>.<verb>.v<N>``. Additive changes keep the version;
a breaking change is a new type ending in ``.v2``. The AsyncAPI document is generated
from this module.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.events.envelope import Envelope, PoisonMessage


class Topics(StrEnum):
    APPLICATIONS = "corridor.applications.v1"
    CATALOG = "corridor.catalog.v1"
    MATCHING = "corridor.matching.v1"
    NOTIFICATIONS = "corridor.notifications.v1"

    @property
    def dlq(self) -> str:
        return f"{self.value}.dlq"


Language = Literal["en", "zh", "ru", "ur", "kk", "uz", "tg", "ky"]
# A catalog name in other languages (shared/translations.py): language -> the name in it; the
# name itself is shown in a language without one. Additive: an event without it has none.
Translations = dict[Language, str]


def translations_field(what: str) -> Any:
    return Field(default={}, description=f"{what} in other languages: language code -> text (none: {what} as given)")


ApplicantType = Literal["student", "faculty"]


class EventData(BaseModel):
    # Consumers accept fields added later (additive evolution keeps the version).
    model_config = ConfigDict(extra="ignore")


def personal(default: Any = ..., *, used_by: dict[str, str], description: str | None = None) -> Any:
    """A field carrying personal data, and which consuming service uses it for what. An event
    carries personal data only where a consumer needs it (issue 13): the AsyncAPI document
    marks each such field (``x-personal-data``, ``x-used-by``), and a consumer that stops
    using one takes it out of ``used_by`` (a test then asks for the field to go)."""
    extra: dict[str, Any] = {"x-personal-data": True, "x-used-by": dict(used_by)}
    return Field(default, description=description, json_schema_extra=extra)


def personal_fields(model: builtins.type[BaseModel]) -> dict[str, dict[str, str]]:
    """The model's personal-data fields and who uses each."""
    out: dict[str, dict[str, str]] = {}
    for name, field in model.model_fields.items():
        extra = field.json_schema_extra
        if isinstance(extra, dict) and extra.get("x-personal-data"):
            out[name] = dict(extra.get("x-used-by") or {})
    return out


# --- corridor.applications.v1 (key: application id; applicant events: applicant id) ---


class ApplicantContact(EventData):
    """Who an applicant is and how to reach them: the only events that carry an applicant's
    contact (application events carry ids and facts); internal topics only."""

    applicant_id: str
    email: str = personal(used_by={"notifications": "the address e-mails are sent to"})
    name: str = personal(
        used_by={"notifications": "the greeting of e-mails and inbox entries", "matching": "officers' pool lists"}
    )
    preferred_language: str = "en"
    nationality: str = personal(
        used_by={"matching": "interview times in the applicant's own time zone; committee lists"},
        description="ISO 3166-1 alpha-2",
    )
    applicant_type: ApplicantType = "student"
    home_institution: str | None = personal(
        None, used_by={"matching": "reviewers never score applicants of their own institution"}
    )
    passport_name: str | None = personal(
        None,
        used_by={"matching": "staff lists read a name typed in another script by its passport's Latin letters"},
        description="the name as in the passport, in Latin letters; None: not given",
    )


class ApplicantRegistered(ApplicantContact):
    pass


class ApplicantUpdated(ApplicantContact):
    pass


class ApplicantErased(EventData):
    """An applicant closed their account: the applications service erased their personal data
    (contact, profile, statements, documents, referees' details, messages) and keeps the
    applications' facts without them. Every service erases its own copies of what the
    applicant's events and these applications' events told it, and tells the applicant nothing
    more. Ids only: it is keyed by the applicant id, after their applicant.registered and
    applicant.updated, so a consumer that replays the topic ends erased."""

    applicant_id: str
    erased_at: datetime
    application_ids: list[str] = Field(default=[], description="every application the applicant had, drafts too")
    referee_request_ids: list[str] = Field(
        default=[], description="the letters asked of referees for them (their e-mails are keyed by these)"
    )


class AccountUpserted(EventData):
    """A staff or partner account was created or changed (officers, admins, partner systems'
    users): who they are, how to reach them and their scope, so other services can tell the
    right people (e.g. officers of a scheme that a round finished). Applicants have their own
    events. Internal topics only."""

    account_id: str
    role: Literal["officer", "reviewer", "admin", "partner", "nominator", "coordinator"]
    name: str = personal(
        used_by={"notifications": "the greeting of staff e-mails", "matching": "reviewer names on scoresheets"}
    )
    email: str = personal(used_by={"notifications": "where staff e-mails go (a round finished, a task)"})
    preferred_language: str = "en"
    schemes: list[str] = []
    institutions: list[str] = []
    countries: list[str] = Field(default=[], description="a nominator's sending countries")
    active: bool = True
    # A coordinator's ``institutions`` are the home institutions it endorses for (issue 14).


class TokensRevoked(EventData):
    """Tokens of an account issued before ``not_before`` are no longer accepted (log-out,
    password change or reset, an admin disabling the account or changing its scope). ``active`` false: no token of
    the account is accepted until a later event says otherwise. Every service keeps these."""

    account_id: str
    not_before: datetime
    active: bool = True
    # scope_changed: an admin changed a staff or partner account's schemes, institutions or
    # countries; a token carries its scope, so the old ones would keep the old scope
    why: Literal[
        "logout",
        "password_changed",
        "password_reset",
        "disabled",
        "enabled",
        "locked",
        "scope_changed",
        "client_revoked",
        "client_rotated",
    ]
    client_id: str | None = Field(
        default=None,
        description="only the tokens this partner client got (the tokens' cid): a rotated or revoked client; the "
        "account's other tokens, its people's and its other clients', stand",
    )


AccountNoticeKind = Literal[
    "locked",
    "password_changed",
    "password_reset",
    "disabled",
    "enabled",
    "registration_attempt",
    "email_changed",
    "email_confirm",
    "email_verify",  # a new account's own address, proven before it submits
    # to the address the account has, when another is asked for: the owner can end it before
    # its link is opened (a password change or reset ends it, as does "Cancel this change")
    "email_change_requested",
]


class AccountNotice(EventData):
    """Something the owner of an account must hear about by e-mail (the notifications service
    sends it in their language): a lock after failed log-ins, a password change, a reset link,
    the account disabled or enabled, someone registering with their address, or the account's
    address changed (told to the address it had)."""

    account_id: str
    email: str = personal(used_by={"notifications": "the owner's address"})
    name: str = personal("", used_by={"notifications": "the greeting"})
    preferred_language: str = "en"
    # email_changed: sent to the address the account had before; email_confirm: to the new
    # address, with the link that moves the account to it
    kind: AccountNoticeKind
    link: str | None = Field(
        default=None, description="a single-use link (a password reset, a new address to confirm), when there is one"
    )
    expires_at: datetime | None = None
    email_change_ended: bool = Field(
        default=False,
        description="password_changed: a new address asked for and not yet confirmed was ended with it (its link no "
        "longer works)",
    )


class LanguageCertificate(EventData):
    kind: str  # HSK, IELTS, TOEFL, KAZTEST, TORFL
    level: float


class ApplicationSubmitted(EventData):
    application_id: str
    applicant_id: str
    cycle_id: str
    scheme_id: str
    applicant_type: ApplicantType
    sending_country: str = personal(
        used_by={
            "matching": "eligibility and per-country quotas",
            "notifications": "the partners' minimised payload",
        },
        description="ISO 3166-1 alpha-2",
    )
    choices: list[str] = Field(description="programme ids, most preferred first")
    grade: float | None = personal(
        None, used_by={"matching": "eligibility and priority"}, description="normalised grade 0-100"
    )
    language_certificates: list[LanguageCertificate] = personal([], used_by={"matching": "language requirements"})
    submitted_at: datetime
    home_institution_id: str | None = personal(
        None,
        used_by={"matching": "endorsement by the home institution's coordinator (schemes with an endorsement stage)"},
        description="the catalog institution the applicant studies or works at; required under an endorsement stage",
    )
    # Not personal: the language an inbox entry is written in when the applicant's contact
    # (applicant.registered, another partition) has not been read yet. Name and e-mail
    # address travel only in the applicant events.
    preferred_language: str = "en"


class ApplicationUpdated(ApplicationSubmitted):
    pass


class ApplicationWithdrawn(EventData):
    application_id: str
    applicant_id: str
    cycle_id: str
    reason: str | None = None


class OfferAnswer(EventData):
    application_id: str
    applicant_id: str
    cycle_id: str
    match_id: str
    programme_id: str


class OfferAccepted(OfferAnswer):
    pass


class OfferDeclined(OfferAnswer):
    pass


# Document verification (issue 15): an officer verifies or rejects one version of a document;
# a rejection opens a re-upload task for the applicant (due_on); the re-upload is a new version.
DocumentRejectionReason = Literal[
    "illegible",
    "expired",
    "not_certified",
    "not_attested",
    "translation_missing",
    "wrong_document",
    "name_mismatch",
    "other",
]


class DocumentEvent(EventData):
    application_id: str
    applicant_id: str
    cycle_id: str
    document_id: str = Field(description="the version concerned")
    kind: str = Field(description="a DocumentKind")
    version: int = 1


class DocumentVerified(DocumentEvent):
    verified_by: str
    verified_at: datetime


class DocumentRejected(DocumentEvent):
    reason: DocumentRejectionReason
    note: str = personal(
        "", used_by={"notifications": "told to the applicant"}, description="the officer's note to the applicant"
    )
    due_on: date = Field(description="the last day (UTC) to upload a new version")
    rejected_by: str
    rejected_at: datetime


class DocumentResubmitted(DocumentEvent):
    replaces: str = Field(description="the id of the version this one supersedes")
    reviewed_by: str | None = Field(
        default=None, description="the officer who reviewed the version it replaces (told of the new one)"
    )
    replaced_state: Literal["pending", "verified", "rejected"] | None = Field(
        default=None,
        description="what that review had found: a verified document replaced after submission is news of "
        "its own (None: sent before this was told, a rejected one)",
    )


# Admission papers: what a host institution issues to an applicant who accepted its place
# (an admission letter, a visa form such as China's JW202), for the visa and the journey.
PaperKind = Literal["admission_letter", "visa_form", "other"]


class PapersIssued(EventData):
    """A host issued a paper to an applicant who accepted its place (a new one of a kind the
    application has replaces it); the file stays in the applications service."""

    application_id: str
    applicant_id: str
    cycle_id: str
    institution_id: str = Field(description="the host institution that issued it")
    paper_id: str
    kind: PaperKind
    note: str = personal(
        "", used_by={"notifications": "told to the applicant"}, description="the host's note to the applicant"
    )
    replaces: str | None = Field(default=None, description="the paper of the same kind it replaces")
    issued_at: datetime


class DocumentTaskDue(DocumentEvent):
    """A re-upload task (a rejected version nobody replaced) near its last day, or past it:
    the applicant is reminded, then told it is late (a late upload is still taken)."""

    alert: Literal["near", "passed"]
    due_on: date = Field(description="the last day (UTC) to upload a new version")
    days_left: int = Field(default=0, description="near: whole days left until the end of due_on (UTC)")


# Messages about an application (issue 16): an officer writes to the applicant, who replies in
# the portal. The body is for the applicant (as the rejection note is): notifications tells it.
MessageDirection = Literal["officer_to_applicant", "applicant_to_officer"]


class ApplicationMessageSent(EventData):
    message_id: str
    application_id: str
    applicant_id: str
    cycle_id: str
    direction: MessageDirection
    author_role: str = Field(description="a Role: officer, admin, coordinator, nominator or applicant")
    author_id: str = Field(
        default="", description="the author's account id: the applicant's reply is told to the staff who wrote"
    )
    author_name: str = personal(
        "", used_by={"notifications": "the applicant's e-mail says who wrote"}, description="the author's name"
    )
    body: str = personal(
        "",
        used_by={"notifications": "told to the applicant"},
        description="an officer's message as written (1..5000 characters); empty for the applicant's reply",
    )
    sent_at: datetime


# Referee letters (issue 15): the applicant names a referee; the referee answers through a
# signed, single-purpose link (no account): a letter, or a decline. Internal topic only.


class RefereeRequested(EventData):
    """A referee is asked for a letter (or reminded): what the notifications service needs
    to e-mail the referee, in the referee's language, with the link."""

    request_id: str
    application_id: str
    applicant_id: str
    applicant_name: str = personal(used_by={"notifications": "the referee's e-mail says who asks"})
    programmes: list[str] = Field(default=[], description="titles of the chosen programmes")
    referee_name: str = personal(used_by={"notifications": "the greeting of the referee's e-mail"})
    referee_email: str = personal(used_by={"notifications": "where the referee's e-mail goes"})
    referee_language: str = "en"
    link: str = Field(description="the referee's single-purpose link (works until due_at or until used)")
    due_at: datetime


class RefereeReminded(RefereeRequested):
    by: Literal["schedule", "applicant"] = "schedule"


class RefereeCancelled(EventData):
    """The applicant no longer asks this referee (withdrew the request, or named someone else
    instead) before an answer: the link stops working, and the referee is told so, in their
    language, not left to find out by opening it."""

    request_id: str
    application_id: str
    applicant_id: str
    applicant_name: str = personal(used_by={"notifications": "the referee's e-mail says whose request ended"})
    referee_name: str = personal(used_by={"notifications": "the greeting of the referee's e-mail"})
    referee_email: str = personal(used_by={"notifications": "where the referee's e-mail goes"})
    referee_language: str = "en"
    replaced: bool = Field(default=False, description="the applicant named someone else instead")


class RefereeAnswered(EventData):
    request_id: str
    application_id: str
    applicant_id: str
    referee_name: str = personal(used_by={"notifications": "tells the applicant which referee answered"})
    position: str = Field(description="a RefereePosition")
    programmes: list[str] = Field(
        default=[], description="titles of the application's chosen programmes (the applicant's notice names them)"
    )
    letters_complete: bool = Field(
        default=False,
        description="every letter the application's choices ask for is in (with this one; on a decline: without "
        "it, so no other referee is needed)",
    )


class RefereeLetterSubmitted(RefereeAnswered):
    ready_to_submit: bool = Field(
        default=False,
        description="the application is a draft that its choices' requirements no longer hold back: the "
        "applicant can submit it now",
    )


class RefereeDeclined(RefereeAnswered):
    reason: str | None = personal(
        None,
        used_by={"notifications": "the applicant's notice quotes why the referee declined, as written"},
        description="the referee's reason, as they wrote it (optional)",
    )


# --- corridor.catalog.v1 (compacted; key: entity id; deletes are tombstones) ---


class InstitutionUpserted(EventData):
    institution_id: str
    name: str
    translations: Translations = translations_field("the name")
    country: str
    kind: str = "university"  # university, vocational college, research centre, workshop


class Stage(StrEnum):
    """The stages an application may pass through, in this order; a scheme's ``path`` names
    the ones it uses (an empty path is ``direct``: matching, review, answer)."""

    ENDORSEMENT = "endorsement"  # the applicant's home institution endorses
    NOMINATION = "nomination"  # the sending country's authority nominates up to its allocation
    MATCHING = "matching"  # a round places applicants (nominees only, after a nomination stage)
    REVIEW = "review"  # officers approve or reject proposed matches
    ADMISSION = "admission"  # the host institution admits or rejects
    ANSWER = "answer"  # the applicant accepts or declines the offer


DIRECT_PATH: tuple[Stage, ...] = (Stage.MATCHING, Stage.REVIEW, Stage.ANSWER)


class SchemeUpserted(EventData):
    scheme_id: str
    name: str
    translations: Translations = translations_field("the name")
    sponsor: str
    eligible_countries: list[str]
    max_choices: int = 5
    path: list[Stage] = Field(default=[], description="the stages, in order; empty: direct")
    authorities: dict[str, str] = Field(
        default={}, description="sending country (ISO 3166-1 alpha-2) -> its nominating authority's name"
    )
    authority_translations: dict[str, Translations] = Field(
        default={}, description="sending country -> its authority's name in other languages (language code -> text)"
    )
    admission_deadline_action: Literal["wait", "decline"] = Field(
        default="wait",
        description="at the hosts' deadline, matches still undecided wait (officers are told) or are declined "
        "(the seat is freed; under a nomination stage the reserve list moves up)",
    )


class CycleUpserted(EventData):
    cycle_id: str
    scheme_id: str
    name: str
    translations: Translations = translations_field("the name")
    opens_at: datetime
    closes_at: datetime
    starts_on: date | None = Field(default=None, description="programme start, for age limits")
    max_choices: int = 5
    eligible_countries: list[str] = []
    nomination_closes_at: datetime | None = Field(
        default=None, description="the nomination stage's deadline (schemes with a nomination stage)"
    )
    admission_closes_at: datetime | None = Field(
        default=None, description="the hosts' admission deadline (schemes with an admission stage)"
    )
    endorsement_closes_at: datetime | None = Field(
        default=None, description="the home institutions' endorsement deadline (schemes with an endorsement stage)"
    )


class ApplicationStatus(StrEnum):
    """Where an application stands, as applicants, officers and the portal see it.

    draft -> submitted -> (withdrawn) -> under_review | waitlisted | unmatched -> offered ->
    accepted | declined. A proposal is not announced: the applicant sees ``under_review``
    until an officer approves it (``offered``) or rejects it.

    With an endorsement stage, ``submitted`` is "with the home institution"; then ``endorsed``
    | ``not_endorsed``. With a nomination stage, ``submitted`` (or ``endorsed``) is "with the
    authority"; then ``nominated`` |
    ``reserve`` | ``not_nominated`` before the round. With an admission stage, an approved
    match is ``with_host`` until the host admits (``offered``) or rejects (``not_admitted``).
    """

    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    MATCHED = "matched"  # kept for history: applications proposed before under_review existed
    UNDER_REVIEW = "under_review"  # a round proposed a place; officers have not decided yet
    WAITLISTED = "waitlisted"
    UNMATCHED = "unmatched"
    ENDORSED = "endorsed"  # the home institution endorsed it (schemes with an endorsement stage)
    NOT_ENDORSED = "not_endorsed"  # the home institution did not endorse it (with its reason)
    NOMINATED = "nominated"  # on the authority's nomination list (schemes with a nomination stage)
    RESERVE = "reserve"  # on the authority's reserve list
    NOT_NOMINATED = "not_nominated"  # left off (or withdrawn from) the nomination list
    WITH_HOST = "with_host"  # officers approved; the host institution decides admission
    NOT_ADMITTED = "not_admitted"  # the host rejected the match
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"


# Where the applicant may withdraw from (the applications service's rule; the portal offers the
# action in these): anything not final, and an accepted place given up (a visa refused, an
# illness: the seat goes back to the host and the next round). Declined and withdrawn are final.
WITHDRAWABLE = frozenset(
    {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.ENDORSED,
        ApplicationStatus.NOT_ENDORSED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.MATCHED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.UNMATCHED,
        ApplicationStatus.OFFERED,
        ApplicationStatus.NOMINATED,
        ApplicationStatus.RESERVE,
        ApplicationStatus.NOT_NOMINATED,
        ApplicationStatus.WITH_HOST,
        ApplicationStatus.NOT_ADMITTED,
        ApplicationStatus.ACCEPTED,
    }
)


# An applicant may close their account (applicant.erased) only when every application is one
# of these: nothing more can happen to it. Any other is still someone's work (a home
# institution's, an authority's, officers', a host's) or holds a place: the applicant
# withdraws it, or declines the offer, first.
ERASABLE = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED})


class DocumentKind(StrEnum):
    """The one vocabulary of documents: programmes require them, applicants upload them."""

    PASSPORT = "passport"
    TRANSCRIPT = "transcript"
    LANGUAGE_CERTIFICATE = "language_certificate"
    RECOMMENDATION = "recommendation"
    CV = "cv"
    STUDY_PLAN = "study_plan"
    MEDICAL_CERTIFICATE = "medical_certificate"
    NON_CRIMINAL_RECORD = "non_criminal_record"
    EMPLOYMENT_LETTER = "employment_letter"
    DIPLOMA = "diploma"
    OTHER = "other"


# What a programme may require of a document beyond its kind (issue 15).
DocumentProperty = Literal[
    "attested",
    "attested:hec",
    "attested:ibcc",
    "attested:apostille",
    "attested:embassy",
    "translated:zh",
    "translated:en",
    "nostrified",
]


class RefereePosition(StrEnum):
    """Who a referee is (a programme may ask for letters from some of these only)."""

    PROFESSOR = "professor"
    ASSOCIATE_PROFESSOR = "associate_professor"
    ASSISTANT_PROFESSOR = "assistant_professor"
    LECTURER = "lecturer"
    RESEARCHER = "researcher"
    EMPLOYER = "employer"
    OTHER = "other"


class LetterRequirement(EventData):
    """Recommendation letters a programme needs: ``count`` letters from referees in one of
    ``positions`` (empty: any position)."""

    count: int = Field(default=0, ge=0, le=5)
    positions: list[str] = Field(default=[], description="RefereePosition values")


class Requirements(EventData):
    min_grade: float | None = None
    language_certificate: str | None = None  # HSK, IELTS, ...
    min_language_level: float | None = None
    max_age: int | None = None
    required_documents: list[str] = []
    letters: LetterRequirement | None = Field(default=None, description="recommendation letters (issue 15)")
    abroad_only: bool = Field(
        default=False,
        description="for applicants from abroad only: nationals of the host country cannot choose it "
        "(an exchange hosts the other side's students)",
    )
    # Per document kind, what the uploaded document must carry (issue 15), e.g.
    # {"transcript": ["attested:hec", "translated:zh"], "diploma": ["attested", "nostrified"]}:
    # attested (by anyone) or attested:<hec|ibcc|apostille|embassy>, translated:<zh|en>, nostrified.
    document_properties: dict[str, list[DocumentProperty]] = {}


AwardCover = Literal["tuition", "accommodation", "stipend", "insurance", "travel"]


class Award(EventData):
    """What a place on the programme comes with, as the applicant reads it before accepting:
    what the scholarship pays for, the stipend and how long. Empty: not said."""

    covers: list[AwardCover] = Field(default=[], description="what the scholarship pays for")
    stipend_amount: float | None = Field(default=None, ge=0, le=10_000_000, description="the stipend, if any")
    stipend_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. CNY")
    stipend_per: Literal["month", "year"] = "month"
    months: int | None = Field(default=None, ge=1, le=120, description="how long the place lasts")


class ProgrammeUpserted(EventData):
    programme_id: str
    cycle_id: str
    scheme_id: str
    host_institution_id: str
    host_institution_name: str = ""
    host_institution_translations: Translations = translations_field("the host's name")
    host_country: str
    title: str
    translations: Translations = translations_field("the title")
    field: str
    level: str  # vocational, bachelor, master, doctoral, non-degree, faculty-visit
    language: str
    seats: int
    applicant_type: ApplicantType = "student"
    requirements: Requirements = Requirements()
    award: Award = Field(default=Award(), description="what a place comes with (additive: none said before)")


class QuotaRuleUpserted(EventData):
    rule_id: str
    cycle_id: str
    label: str
    scope: dict[str, list[str]] = {}
    per: str | None = None
    max_count: int | None = None
    max_share_of_seats: float | None = None


class CatalogDeleted(EventData):
    """Only in the envelope's subject/key; the Kafka value is null (a tombstone)."""


# --- corridor.matching.v1 (key: application id; round events: cycle id) ---


class ChoiceReason(EventData):
    programme_id: str
    reason: str = Field(description="in English words")
    code: str | None = Field(
        default=None, description='the reason\'s stable code ("eligibility.grade_below", "round.programme_full")'
    )
    params: dict[str, str | int | float | list[str]] = Field(
        default={}, description="what the code's sentence names (numbers, ISO dates, codes)"
    )


class MatchEvent(EventData):
    match_id: str
    round_id: str
    application_id: str
    applicant_id: str
    cycle_id: str
    programme_id: str
    host_institution_id: str
    rank: int = Field(description="1 = the applicant's first choice")


class MatchProposed(MatchEvent):
    reasons: list[ChoiceReason] = Field(default=[], description="why higher choices were not met")


class MatchApproved(MatchEvent):
    reply_by: date | None = Field(default=None, description="the last day the applicant may answer the offer, in UTC")


class MatchRejected(MatchEvent):
    reason: str = Field(description="the officer's internal reason; never shown to the applicant")
    message_to_applicant: str | None = Field(
        default=None, description="what the officer chose to tell the applicant, if anything"
    )


class MatchConfirmed(MatchEvent):
    pass


class InterviewEvent(EventData):
    application_id: str
    applicant_id: str
    cycle_id: str
    nationality: str = personal(
        "",
        used_by={"notifications": "the invitation's times in the applicant's own time zone"},
        description="the applicant's (ISO 3166-1 alpha-2)",
    )


class InterviewInvited(InterviewEvent):
    """An officer invited the application to interview; the applicant books a slot in the portal."""


class InterviewBooked(InterviewEvent):
    booking_uid: str = Field(description="stable per booking (the iCalendar UID); kept on a reschedule")
    sequence: int = Field(description="raised by every change of the booking (the iCalendar SEQUENCE)")
    slot_id: str
    starts_at: datetime = Field(description="the start, in UTC")
    duration_minutes: int
    time_zone: str = Field(description="the host's IANA time zone, e.g. Asia/Shanghai")
    place: str = Field(description="an address or a video link")
    rescheduled: bool = False


class InterviewCancelled(InterviewEvent):
    booking_uid: str
    sequence: int
    starts_at: datetime = Field(description="the start of the cancelled booking, in UTC")
    duration_minutes: int
    time_zone: str
    place: str
    by_staff: bool = Field(default=False, description="the selection committee cancelled it (else the applicant)")
    reason: str | None = Field(default=None, description="the committee's word to the applicant, as written")


# The selection committee (issue 16): reviewers are officer accounts (account.upserted), named
# here by account id only; the notifications service knows their names, addresses and languages.


class ReviewerAssigned(EventData):
    """One reviewer's new assignments from one action (a cycle's assignment run, a bulk
    assignment from the workbench, a reassignment): one event per reviewer, not per application."""

    cycle_id: str
    scheme_id: str
    reviewer_id: str = Field(description="the reviewer's account id")
    application_ids: list[str] = Field(description="the applications newly assigned to the reviewer")
    count: int = Field(description="how many applications were newly assigned (len(application_ids))")
    assigned_by: str = Field(description="the account id of the officer who acted")
    replaced_reviewer_id: str | None = Field(
        default=None, description="a reassignment: the reviewer the application was taken from"
    )


class ReviewerUnassigned(EventData):
    """Applications taken from a reviewer other than by giving them to another (that is told
    by reviewer.assigned's ``replaced_reviewer_id``): the reviewer declared a conflict with them,
    or left the cycle's committee or the scheme with reviews not yet scored. One event per
    reviewer of an action. A committee reviewer reads only the applications given to them."""

    cycle_id: str
    scheme_id: str
    reviewer_id: str = Field(description="the reviewer's account id")
    application_ids: list[str] = Field(description="the applications no longer the reviewer's")
    reason: Literal["conflict", "handed_over"] = Field(
        description="conflict: the reviewer declared one; handed_over: no longer on the committee or the scheme"
    )
    by: str = Field(description="the account id of who acted (the reviewer, for a conflict)")


class ReviewModerationFlagged(EventData):
    """A submitted score made the spread between an application's reviewers exceed the
    scoresheet's threshold (it was not flagged before): the scheme's officers moderate it."""

    cycle_id: str
    scheme_id: str
    application_id: str
    spread: float = Field(description="highest minus lowest reviewer composite")
    threshold: float = Field(description="the scoresheet's spread threshold")
    submitted: int = Field(description="live reviews submitted so far")
    unsubmitted_reviewer_ids: list[str] = Field(
        default=[],
        description="the application's reviewers who have not submitted yet: they may not see others' scores, "
        "so they are not told",
    )


# --- the award path (issue 14): nominations and host admission ---


class EndorsementState(StrEnum):
    ENDORSED = "endorsed"  # the home institution puts the application forward
    NOT_ENDORSED = "not_endorsed"  # it does not (with its reason for the applicant)


class EndorsementDecided(EventData):
    """The home institution's decision about one application (schemes with an endorsement
    stage); a new version each time it changes. ``cohort`` names the group it was endorsed
    with (a Luban Workshop cohort: each member has their own application). Told to the
    applicant."""

    application_id: str
    applicant_id: str
    cycle_id: str
    scheme_id: str
    home_institution_id: str
    institution: str = Field(default="", description="the home institution's name")
    state: EndorsementState
    reason: str | None = Field(default=None, description="the institution's reason, for the applicant (not endorsed)")
    cohort: str | None = Field(default=None, description="the group the application was endorsed with, if any")
    version: int = 1


class NominationState(StrEnum):
    NOMINATED = "nominated"  # on the published list, within the country's allocation
    RESERVE = "reserve"  # on the ranked reserve list (``position``)
    NOT_NOMINATED = "not_nominated"  # left off, with the authority's reason for the applicant
    WITHDRAWN = "withdrawn"  # a nominee the authority withdrew (or the host rejected)


class NominationDecided(EventData):
    """The nominating authority's published decision about one application; a new version
    each time it changes (a withdrawal, a reserve moving up). Told to the applicant."""

    application_id: str
    applicant_id: str
    cycle_id: str
    scheme_id: str
    sending_country: str
    state: NominationState
    position: int | None = Field(default=None, description="rank on the nomination or reserve list, from 1")
    reason: str | None = Field(default=None, description="the authority's reason, for the applicant (not nominated)")
    promoted: bool = Field(default=False, description="moved up from the reserve list")
    authority: str = Field(default="", description="the authority's name, e.g. Higher Education Commission")
    version: int = 1
    host_rejected: bool = Field(
        default=False,
        description="withdrawn because the host did not admit the nominee (not the authority's doing; the "
        "applicant hears of it by the host's decision, admission.decided)",
    )
    applicant_left: Literal["withdrew", "declined"] | None = Field(
        default=None,
        description="withdrawn because the applicant withdrew the application or declined its offer (their own "
        "step: the authority is told, not the applicant)",
    )
    replaced_by: str | None = Field(
        default=None,
        description="on a withdrawal: the application that moved up from the reserve list in its place, if any",
    )


class StageDeadline(EventData):
    """A stage's deadline in a cycle (issue 14): near, for the stage's owner (a country's
    nominating authority, a host), or passed, for the scheme's officers."""

    cycle_id: str
    scheme_id: str
    stage: Literal["endorsement", "nomination", "admission"]
    closes_at: datetime
    sending_country: str | None = Field(default=None, description="nomination: the country whose list is unpublished")
    institution_id: str | None = Field(
        default=None,
        description="admission: the host with undecided matches; endorsement: the home institution with "
        "undecided applications",
    )
    pending: int = Field(
        description="endorsement: undecided applications of the home institution; nomination: applications in "
        "the country's pool; admission: undecided matches"
    )


class StageDeadlineNear(StageDeadline):
    days_left: int


class StageDeadlinePassed(StageDeadline):
    action: Literal["wait", "decline"] = "wait"
    declined: int = Field(default=0, description="matches declined at the deadline (action decline)")


class StageAwaiting(EventData):
    """Applications wait on a stage's owner, when new ones arrived since the last such notice
    (at most one a day per institution and cycle, deadline or none): the home institution's
    undecided applications, for its coordinators (endorsement), or the matches an officer sent
    to a host, for its admissions staff (admission)."""

    cycle_id: str
    scheme_id: str
    stage: Literal["endorsement", "admission"]
    institution_id: str = Field(
        description="the home institution whose applicants wait (endorsement), or the host whose decision they wait for"
    )
    pending: int = Field(description="its undecided applications (or matches) in the cycle")
    new: int = Field(description="of those, the ones that arrived since the last notice")
    closes_at: datetime | None = Field(default=None, description="the stage's deadline, if the cycle sets one")


# The reasons a host gives for not admitting.
HostAdmissionReason = Literal[
    "academic_record",
    "language",
    "capacity",
    "documents_incomplete",
    "programme_requirements",
    "health",
    "other",
]
# ... and ``no_decision``: the scheme declined, at the admission deadline, what the host left
# undecided (no host gives it).
AdmissionReason = Literal[HostAdmissionReason, "no_decision"]
NO_DECISION = "no_decision"


class AdmissionRequested(MatchEvent):
    """Officers approved the match; the host institution must admit or reject before the
    applicant gets an offer."""

    decide_by: date | None = Field(default=None, description="the host's deadline, if the cycle sets one")


class AdmissionDecided(MatchEvent):
    """The host's decision, versioned (a change of mind is a new version). ``admitted`` is
    followed by the offer (``match.approved``); ``rejected`` frees the seat."""

    decision: Literal["admitted", "rejected"]
    reason_code: AdmissionReason | None = None
    note: str | None = Field(default=None, description="the host's words to the applicant")
    version: int


class WaitlistPosition(EventData):
    programme_id: str
    position: int


class ApplicationWaitlisted(EventData):
    round_id: str
    application_id: str
    applicant_id: str
    cycle_id: str
    positions: list[WaitlistPosition]
    reasons: list[ChoiceReason] = []


class ApplicationUnmatched(EventData):
    round_id: str
    application_id: str
    applicant_id: str
    cycle_id: str
    reasons: list[ChoiceReason]


class ApplicationPooled(EventData):
    """The matching service has the application in its pool for the cycle."""

    application_id: str
    applicant_id: str
    cycle_id: str


class RoundCompleted(EventData):
    round_id: str
    cycle_id: str
    seed: int
    matched: int
    waitlisted: int
    unmatched: int
    inputs_digest: str


# --- corridor.notifications.v1 (key: recipient id) ---


class NotificationOutcome(EventData):
    notification_id: str
    source_event_id: str
    recipient: str
    channel: Literal["email", "inbox", "webhook"]
    attempts: int = 1
    error: str | None = None


class NotificationDelivered(NotificationOutcome):
    pass


class NotificationFailed(NotificationOutcome):
    pass


@dataclass(frozen=True)
class EventSpec:
    type: str
    topic: Topics
    model: builtins.type[EventData]  # `type` alone is the field above
    key: str  # which data field is the Kafka key
    summary: str
    tombstone: bool = False


def _t(name: str) -> str:
    return f"org.corridor.{name}.v1"


_SPECS = [
    EventSpec(
        _t("applicant.registered"),
        Topics.APPLICATIONS,
        ApplicantRegistered,
        "applicant_id",
        "An applicant created an account.",
    ),
    EventSpec(
        _t("applicant.updated"),
        Topics.APPLICATIONS,
        ApplicantUpdated,
        "applicant_id",
        "An applicant changed contact details or language.",
    ),
    EventSpec(
        _t("applicant.erased"),
        Topics.APPLICATIONS,
        ApplicantErased,
        "applicant_id",
        "An applicant closed their account and their personal data was erased; every service erases its copies.",
    ),
    EventSpec(
        _t("account.upserted"),
        Topics.APPLICATIONS,
        AccountUpserted,
        "account_id",
        "A staff or partner account was created or changed (contact and scope).",
    ),
    EventSpec(
        _t("account.tokens_revoked"),
        Topics.APPLICATIONS,
        TokensRevoked,
        "account_id",
        "An account's earlier tokens stop working (log-out, password change, disabled).",
    ),
    EventSpec(
        _t("account.notice"),
        Topics.APPLICATIONS,
        AccountNotice,
        "account_id",
        "The owner of an account must be told something by e-mail (lock, password, reset link).",
    ),
    EventSpec(
        _t("application.submitted"),
        Topics.APPLICATIONS,
        ApplicationSubmitted,
        "application_id",
        "An application was submitted with its ranked choices.",
    ),
    EventSpec(
        _t("application.updated"),
        Topics.APPLICATIONS,
        ApplicationUpdated,
        "application_id",
        "A submitted application was edited before the window closed.",
    ),
    EventSpec(
        _t("application.withdrawn"),
        Topics.APPLICATIONS,
        ApplicationWithdrawn,
        "application_id",
        "The applicant withdrew the application.",
    ),
    EventSpec(
        _t("application.offer_accepted"),
        Topics.APPLICATIONS,
        OfferAccepted,
        "application_id",
        "The applicant accepted an offer.",
    ),
    EventSpec(
        _t("application.offer_declined"),
        Topics.APPLICATIONS,
        OfferDeclined,
        "application_id",
        "The applicant declined an offer.",
    ),
    EventSpec(
        _t("document.verified"),
        Topics.APPLICATIONS,
        DocumentVerified,
        "application_id",
        "An officer verified one version of an application's document.",
    ),
    EventSpec(
        _t("document.rejected"),
        Topics.APPLICATIONS,
        DocumentRejected,
        "application_id",
        "An officer rejected one version of a document with a reason; the applicant must upload a new one by due_on.",
    ),
    EventSpec(
        _t("document.resubmitted"),
        Topics.APPLICATIONS,
        DocumentResubmitted,
        "application_id",
        "The applicant uploaded a new version of a document (it awaits review again).",
    ),
    EventSpec(
        _t("document.task_due"),
        Topics.APPLICATIONS,
        DocumentTaskDue,
        "application_id",
        "A rejected document's re-upload task is near its last day (a reminder) or past it; told once per alert.",
    ),
    EventSpec(
        _t("application.papers_issued"),
        Topics.APPLICATIONS,
        PapersIssued,
        "application_id",
        "A host institution issued admission papers (a letter, a visa form) to an applicant who accepted its place.",
    ),
    EventSpec(
        _t("application.message_sent"),
        Topics.APPLICATIONS,
        ApplicationMessageSent,
        "application_id",
        "A message about an application: an officer's to the applicant (told by e-mail and inbox), or the reply.",
    ),
    EventSpec(
        _t("referee.requested"),
        Topics.APPLICATIONS,
        RefereeRequested,
        "application_id",
        "A referee is asked for a recommendation letter (the e-mail carries a signed link).",
    ),
    EventSpec(
        _t("referee.reminded"),
        Topics.APPLICATIONS,
        RefereeReminded,
        "application_id",
        "A referee who has not answered is reminded (on schedule or by the applicant).",
    ),
    EventSpec(
        _t("referee.cancelled"),
        Topics.APPLICATIONS,
        RefereeCancelled,
        "application_id",
        "A referee's request ended before an answer (withdrawn or replaced by the applicant): the referee is told.",
    ),
    EventSpec(
        _t("referee.letter_submitted"),
        Topics.APPLICATIONS,
        RefereeLetterSubmitted,
        "application_id",
        "A referee submitted a letter (its content is never in the event).",
    ),
    EventSpec(
        _t("referee.declined"),
        Topics.APPLICATIONS,
        RefereeDeclined,
        "application_id",
        "A referee declined to write a letter.",
    ),
    EventSpec(
        _t("catalog.institution.upserted"),
        Topics.CATALOG,
        InstitutionUpserted,
        "institution_id",
        "A partner institution was created or changed.",
    ),
    EventSpec(
        _t("catalog.scheme.upserted"), Topics.CATALOG, SchemeUpserted, "scheme_id", "A scheme was created or changed."
    ),
    EventSpec(
        _t("catalog.cycle.upserted"),
        Topics.CATALOG,
        CycleUpserted,
        "cycle_id",
        "A cycle (application window) was created or changed.",
    ),
    EventSpec(
        _t("catalog.programme.upserted"),
        Topics.CATALOG,
        ProgrammeUpserted,
        "programme_id",
        "A programme was created or changed.",
    ),
    EventSpec(
        _t("catalog.quota_rule.upserted"),
        Topics.CATALOG,
        QuotaRuleUpserted,
        "rule_id",
        "A quota rule was created or changed.",
    ),
    EventSpec(
        _t("catalog.deleted"),
        Topics.CATALOG,
        CatalogDeleted,
        "",
        "A catalog entity was deleted (tombstone: null value).",
        tombstone=True,
    ),
    EventSpec(
        _t("application.pooled"),
        Topics.MATCHING,
        ApplicationPooled,
        "application_id",
        "The matching service holds the application in the cycle's pool.",
    ),
    EventSpec(
        _t("match.proposed"),
        Topics.MATCHING,
        MatchProposed,
        "application_id",
        "A round proposed a match, awaiting officer review.",
    ),
    EventSpec(
        _t("match.waitlisted"),
        Topics.MATCHING,
        ApplicationWaitlisted,
        "application_id",
        "The application is on waitlists after a round.",
    ),
    EventSpec(
        _t("match.unmatched"),
        Topics.MATCHING,
        ApplicationUnmatched,
        "application_id",
        "The application was not placed, with a reason per choice.",
    ),
    EventSpec(
        _t("match.approved"),
        Topics.MATCHING,
        MatchApproved,
        "application_id",
        "An officer approved a match: it is an offer.",
    ),
    EventSpec(
        _t("match.rejected"), Topics.MATCHING, MatchRejected, "application_id", "An officer rejected a proposed match."
    ),
    EventSpec(
        _t("match.confirmed"),
        Topics.MATCHING,
        MatchConfirmed,
        "application_id",
        "The applicant accepted the offer; the place is confirmed.",
    ),
    EventSpec(
        _t("endorsement.decided"),
        Topics.MATCHING,
        EndorsementDecided,
        "application_id",
        "The applicant's home institution endorsed the application or did not (a new version on every change).",
    ),
    EventSpec(
        _t("nomination.decided"),
        Topics.MATCHING,
        NominationDecided,
        "application_id",
        "A nominating authority's published decision about an application (nominated, reserve, not nominated, withdrawn).",
    ),
    EventSpec(
        _t("admission.requested"),
        Topics.MATCHING,
        AdmissionRequested,
        "application_id",
        "Officers approved a match at a host that admits its own students: the host must decide.",
    ),
    EventSpec(
        _t("admission.decided"),
        Topics.MATCHING,
        AdmissionDecided,
        "application_id",
        "The host admitted or rejected a match (a new version on every change of mind).",
    ),
    EventSpec(
        _t("stage.deadline_near"),
        Topics.MATCHING,
        StageDeadlineNear,
        "cycle_id",
        "A nomination list is unpublished, or a host has undecided matches, a few days before the stage's deadline.",
    ),
    EventSpec(
        _t("stage.deadline_passed"),
        Topics.MATCHING,
        StageDeadlinePassed,
        "cycle_id",
        "A stage's deadline passed with a list unpublished or matches undecided (and what was done about it).",
    ),
    EventSpec(
        _t("stage.awaiting"),
        Topics.MATCHING,
        StageAwaiting,
        "cycle_id",
        "New applications wait for their home institution's endorsement (at most one a day per institution).",
    ),
    EventSpec(_t("round.completed"), Topics.MATCHING, RoundCompleted, "cycle_id", "A matching round finished."),
    EventSpec(
        _t("interview.invited"),
        Topics.MATCHING,
        InterviewInvited,
        "application_id",
        "An officer invited the application to interview.",
    ),
    EventSpec(
        _t("interview.booked"),
        Topics.MATCHING,
        InterviewBooked,
        "application_id",
        "The applicant booked (or moved their booking to) an interview slot.",
    ),
    EventSpec(
        _t("interview.cancelled"),
        Topics.MATCHING,
        InterviewCancelled,
        "application_id",
        "The applicant cancelled their interview booking.",
    ),
    EventSpec(
        _t("reviewer.assigned"),
        Topics.MATCHING,
        ReviewerAssigned,
        "cycle_id",
        "A reviewer was given applications to score (one event per reviewer per assignment or reassignment).",
    ),
    EventSpec(
        _t("reviewer.unassigned"),
        Topics.MATCHING,
        ReviewerUnassigned,
        "cycle_id",
        "Applications were taken from a reviewer: a declared conflict, or off the committee (a reassignment is told "
        "by reviewer.assigned).",
    ),
    EventSpec(
        _t("review.moderation_flagged"),
        Topics.MATCHING,
        ReviewModerationFlagged,
        "application_id",
        "A submitted score made an application's reviewer spread exceed the moderation threshold.",
    ),
    EventSpec(
        _t("notification.delivered"),
        Topics.NOTIFICATIONS,
        NotificationDelivered,
        "recipient",
        "A notification was delivered.",
    ),
    EventSpec(
        _t("notification.failed"),
        Topics.NOTIFICATIONS,
        NotificationFailed,
        "recipient",
        "A notification could not be delivered.",
    ),
]

EVENT_TYPES: dict[str, EventSpec] = {s.type: s for s in _SPECS}
MODEL_TYPES: dict[type[EventData], str] = {s.model: s.type for s in _SPECS}


def spec_for(type_: str) -> EventSpec:
    try:
        return EVENT_TYPES[type_]
    except KeyError:
        raise PoisonMessage(f"unknown event type {type_!r}") from None


def type_of(model: type[EventData] | EventData) -> str:
    cls = model if isinstance(model, type) else type(model)
    return MODEL_TYPES[cls]


def parse_event(env: Envelope) -> EventData | None:
    """Validate an envelope's data against its type's model; schema errors are poison."""
    spec = spec_for(env.type)
    if spec.tombstone:
        return None
    if env.data is None:
        raise PoisonMessage(f"{env.type} without data")
    try:
        return spec.model.model_validate(env.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise PoisonMessage(f"schema-invalid {env.type}: {where}: {first.get('msg')}") from exc
