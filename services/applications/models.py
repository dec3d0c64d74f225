"""Tables owned by the applications service (its own database, its own migrations)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.applications.domain.passport_name import search_key
from shared.clock import utcnow
from shared.events.catalog import ApplicationStatus
from shared.model_defaults import remember_factory_signatures
from shared.tables import add_infra_tables

remember_factory_signatures()  # pydantic asked each default factory about itself per instance


class Base(SQLModel, registry=registry()):
    pass


infra = add_infra_tables(Base.metadata)


# --- accounts ---


class Account(Base, table=True):
    """Anyone who logs in: applicants, officers, admins, partners (credentials and scope)."""

    __tablename__ = "accounts"

    id: str = Field(primary_key=True, max_length=64)
    email: str = Field(max_length=320, unique=True)  # stored lower-cased
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=16)
    name: str = Field(max_length=200)
    schemes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    institutions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # A nominator's sending countries (ISO 3166-1 alpha-2); empty for every other role.
    countries: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # For their notices; an applicant's is the profile's too, kept the same (service/accounts.py).
    preferred_language: str = Field(default="en", max_length=8)
    # When account.upserted last announced this staff or partner account; NULL: never (the
    # accounts made before it existed are announced at start-up).
    announced_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # False: disabled by an admin; no log-in and no token of the account is accepted.
    active: bool = Field(default=True)
    # Tokens issued before this are refused (log-out, password change or reset, disabled).
    tokens_not_before: datetime | None = None
    # When the address was proven by its mailbox (the link sent at registration, a new address's
    # link, or an admin who confirmed it); an applicant submits only once it is set, when the
    # service asks for it (settings.email_verification). Staff accounts are made by an admin.
    email_verified_at: datetime | None = None
    # When the applicant closed the account: their personal data was erased (service/erasure.py);
    # the row stays so the applications' facts keep an owner, and nobody can log in to it.
    erased_at: datetime | None = None


class LoginThrottle(Base, table=True):
    """Failed log-ins per account (by a hash of the e-mail asked for, so unknown addresses are
    throttled alike) and per client address; kept in the database so every instance sees them."""

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, max_length=100)  # "account:<sha256>" or "address:<ip>"
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow)
    # No attempt is checked before this (an increasing delay, or a lock).
    blocked_until: datetime | None = None
    locked: bool = Field(default=False)


class PasswordReset(Base, table=True):
    """A single-use password-reset link; only a hash of its token is kept."""

    __tablename__ = "password_resets"

    token_hash: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(index=True, max_length=64)
    expires_at: datetime
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class EmailChange(Base, table=True):
    """An applicant's new e-mail address, waiting for the link sent to it: the address moves
    when the link is opened (single use, until ``expires_at``); only a hash of its token is kept."""

    __tablename__ = "email_changes"

    token_hash: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(index=True, max_length=64)
    new_email: str = Field(max_length=320)
    expires_at: datetime
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class PartnerClient(Base, table=True):
    """A partner system's machine credentials (OAuth2 client credentials): several per
    partner account, each named, revocable and rotatable. The secret is stored as an
    argon2id hash only."""

    __tablename__ = "partner_clients"

    id: str = Field(primary_key=True, max_length=64)  # the client_id
    account_id: str = Field(index=True, max_length=64)  # the partner account it acts as
    name: str = Field(max_length=100)
    secret_hash: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    rotated_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class Applicant(Base, table=True):
    """An applicant's profile (same id as the account)."""

    __tablename__ = "applicants"

    id: str = Field(primary_key=True, max_length=64)
    applicant_type: str = Field(max_length=16)
    nationality: str = Field(max_length=2)
    home_institution: str = Field(max_length=200)
    date_of_birth: date | None  # None: erased with the account
    preferred_language: str = Field(default="en", max_length=8)
    # The name as in the passport, in Latin letters (domain/passport_name.py), for the host's
    # admission letter and visa form; NULL: not given yet. Only the host's identity read shows it.
    passport_name: str | None = Field(default=None, max_length=200)
    # passport_name as officers search it (passport_name.search_key): "sukru" finds "Şükrü"
    passport_name_key: str | None = Field(default=None, max_length=400)
    updated_at: datetime = Field(default_factory=utcnow)

    def name_passport(self, name: str | None) -> None:
        self.passport_name = name or None  # "": cleared
        self.passport_name_key = search_key(name) if name else None


# --- applications ---


class ReviewerAssignment(Base, table=True):
    """An application a selection committee's member was given to score, as matching's
    reviewer.assigned and reviewer.unassigned tell it: a committee reviewer reads only these
    (within the scope shared.scope gives it); one who declared a conflict no longer does."""

    __tablename__ = "reviewer_assignments"

    reviewer_id: str = Field(primary_key=True, max_length=64)
    application_id: str = Field(primary_key=True, max_length=64, index=True)


class Application(Base, table=True):
    __tablename__ = "applications"
    # One active application per applicant and cycle: ``active`` is True while it counts and
    # NULL once withdrawn (NULLs never collide in a unique constraint).
    __table_args__ = (UniqueConstraint("applicant_id", "cycle_id", "active", name="uq_applications_active"),)

    id: str = Field(primary_key=True, max_length=64)
    applicant_id: str = Field(index=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=128)
    scheme_id: str = Field(index=True, max_length=128)
    applicant_type: str = Field(default="student", max_length=16)
    sending_country: str = Field(max_length=2)
    choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    grade: float | None = None
    language_certificates: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    statement: str = Field(default="", max_length=5000)
    status: str = Field(default=ApplicationStatus.DRAFT.value, max_length=16)
    active: bool | None = Field(default=True)
    # [{"status", "at", "reason"}], oldest first
    history: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    match_id: str | None = Field(default=None, max_length=128)
    offered_programme_id: str | None = Field(default=None, max_length=128)
    # the open offer's last day to answer, in UTC (from match.approved)
    offer_reply_by: date | None = None
    # The award path (issue 14), as the matching service last decided it (each with its
    # ``version``; an older event is ignored): the nominating authority's decision {state,
    # position, reason, authority, promoted, version} and the host's on the current match
    # {match_id, decision, reason_code, note, version}.
    nomination: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    admission: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # What the applicant lets a host institution read (domain/consent.py): {host_identity,
    # host_documents, at}; None: never asked (nothing is shared).
    consent: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # The host institution deciding on the application's current match (admission.requested);
    # with the offered programme's host, who may read what the applicant consented to.
    host_institution_id: str | None = Field(default=None, max_length=128)
    # The catalog institution the applicant comes from (required under an endorsement stage),
    # whose coordinator endorses it; and that coordinator's decision as the matching service
    # last told it {state, reason, cohort, institution, version} (issue 14).
    home_institution_id: str | None = Field(default=None, max_length=128, index=True)
    endorsement: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None


class ApplicationChoice(Base, table=True):
    """The ranked choices again, one row each, so officers can be scoped by host institution."""

    __tablename__ = "application_choices"

    application_id: str = Field(primary_key=True, max_length=64)
    rank: int = Field(primary_key=True)
    programme_id: str = Field(max_length=128)
    host_institution_id: str = Field(index=True, max_length=128)


class Document(Base, table=True):
    __tablename__ = "documents"

    id: str = Field(primary_key=True, max_length=64)
    application_id: str = Field(index=True, max_length=64)
    applicant_id: str = Field(max_length=64)
    kind: str = Field(max_length=32)  # a shared.events.catalog.DocumentKind
    original_name: str = Field(max_length=255)
    stored_name: str = Field(max_length=64)
    content_type: str = Field(max_length=128)
    size: int
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    # Versions (issue 15): a re-upload is a new row that ``replaces`` the one before; the old
    # row stays (``superseded``), with who reviewed it.
    version: int = Field(default=1)
    replaces: str | None = Field(default=None, max_length=64)
    superseded: bool = Field(default=False)
    # Review: a domain.verification.DocumentState; the reviewer and, for a rejection, the
    # reason, the note to the applicant and the re-upload task's last day (UTC).
    state: str = Field(default="pending", max_length=16)
    reviewed_by: str | None = Field(default=None, max_length=64)
    reviewed_at: datetime | None = None
    rejection_reason: str | None = Field(default=None, max_length=32)
    rejection_note: str | None = Field(default=None, max_length=1000)
    due_on: date | None = None
    # What the document carries: attestation, certified translation, nostrification.
    attested_by: str | None = Field(default=None, max_length=16)  # hec, ibcc, apostille, embassy
    attestation_number: str | None = Field(default=None, max_length=64)
    attested_on: date | None = None
    translation_language: str | None = Field(default=None, max_length=8)  # zh, en
    translation_certified_by: str | None = Field(default=None, max_length=200)
    nostrified: bool = Field(default=False)


class AdmissionPaper(Base, table=True):
    """A paper a host institution issued to an applicant who accepted its place (an admission
    letter, a visa form): the file in the same storage as documents, under a random key. A new
    one of a kind the application has ``replaces`` it; the old row stays, ``superseded``."""

    __tablename__ = "admission_papers"

    id: str = Field(primary_key=True, max_length=64)
    application_id: str = Field(index=True, max_length=64)
    applicant_id: str = Field(max_length=64)
    institution_id: str = Field(max_length=128)
    kind: str = Field(max_length=32)  # a shared.events.catalog.PaperKind
    note: str | None = Field(default=None, max_length=500)
    original_name: str = Field(max_length=255)
    stored_name: str = Field(max_length=64)
    content_type: str = Field(max_length=128)
    size: int
    sha256: str = Field(max_length=64)
    issued_by: str = Field(max_length=64)
    issued_at: datetime = Field(default_factory=utcnow)
    replaces: str | None = Field(default=None, max_length=64)
    superseded: bool = Field(default=False)


class DocumentTaskAlert(Base, table=True):
    """A re-upload task's alert that was sent (domain/task_alerts.py: "near:3", "passed"),
    written in the transaction that stages its event, so it is sent once."""

    __tablename__ = "document_task_alerts"

    document_id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(primary_key=True, max_length=16)
    sent_at: datetime


# --- referee letters (issue 15) ---


class RefereeRequest(Base, table=True):
    """A letter asked of one referee for one application; the referee answers through a
    signed link (never stored) that works while ``state`` is requested or opened, until
    ``due_at``. The letter is a PDF in the documents folder or a text written in the form;
    the applicant never sees it."""

    __tablename__ = "referee_requests"

    id: str = Field(primary_key=True, max_length=64)
    application_id: str = Field(index=True, max_length=64)
    applicant_id: str = Field(index=True, max_length=64)
    name: str = Field(max_length=200)
    email: str = Field(max_length=320)
    position: str = Field(max_length=32)  # a shared.events.catalog.RefereePosition
    institution: str = Field(max_length=200)
    relationship: str = Field(max_length=200)
    language: str = Field(default="en", max_length=8)
    state: str = Field(default="requested", index=True, max_length=16)  # domain.referees.RefereeState
    due_at: datetime
    created_at: datetime = Field(default_factory=utcnow)
    opened_at: datetime | None = None
    answered_at: datetime | None = None  # submitted or declined
    # a referee who declined may say why (told to the applicant, who asks someone else)
    decline_reason: str | None = Field(default=None, max_length=500)
    cancelled_at: datetime | None = None
    replaced_by: str | None = Field(default=None, max_length=64)
    last_reminded_at: datetime | None = None
    reminders_sent: int = 0  # scheduled reminders sent
    # the letter: a stored PDF, or the text written in the form
    letter_stored_name: str | None = Field(default=None, max_length=64)
    letter_original_name: str | None = Field(default=None, max_length=255)
    letter_size: int | None = None
    letter_sha256: str | None = Field(default=None, max_length=64)
    letter_text: str | None = Field(default=None, max_length=20000)


# --- the catalog read model (from corridor.catalog.v1) ---


class CatalogInstitution(Base, table=True):
    __tablename__ = "catalog_institutions"

    id: str = Field(primary_key=True, max_length=128)
    name: str = Field()
    translations: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    country: str = Field()
    kind: str = Field()


class CatalogScheme(Base, table=True):
    __tablename__ = "catalog_schemes"

    id: str = Field(primary_key=True, max_length=128)
    name: str = Field()
    translations: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    sponsor: str = Field()
    eligible_countries: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    max_choices: int = 5
    # the scheme's stages (shared.events.catalog.Stage values); [] = direct
    path: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))


class CatalogCycle(Base, table=True):
    __tablename__ = "catalog_cycles"

    id: str = Field(primary_key=True, max_length=128)
    scheme_id: str = Field(index=True, max_length=128)
    name: str = Field()
    translations: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    opens_at: datetime
    closes_at: datetime
    starts_on: date | None = None
    max_choices: int = 5
    eligible_countries: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class CatalogProgramme(Base, table=True):
    __tablename__ = "catalog_programmes"

    id: str = Field(primary_key=True, max_length=128)
    cycle_id: str = Field(index=True, max_length=128)
    scheme_id: str = Field(index=True, max_length=128)
    host_institution_id: str = Field(max_length=128)
    host_institution_name: str = Field(default="")
    host_institution_translations: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    host_country: str = Field()
    title: str = Field()
    translations: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    field: str = Field()
    level: str = Field()
    language: str = Field()
    seats: int
    applicant_type: str = Field()
    requirements: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # what a place comes with (shared.events.catalog.Award), shown to applicants before they choose
    award: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class CatalogQuotaRule(Base, table=True):
    """Kept for completeness of the read model (the applications service does not enforce caps)."""

    __tablename__ = "catalog_quota_rules"

    id: str = Field(primary_key=True, max_length=128)
    cycle_id: str = Field(index=True, max_length=128)
    rule: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class IdentityRead(Base, table=True):
    """A host's partner user read an applicant's identity or a document (issue 14): kept for
    the applicant to see and for audits; never updated or deleted."""

    __tablename__ = "identity_reads"

    id: int | None = Field(default=None, primary_key=True)
    application_id: str = Field(index=True, max_length=64)
    account_id: str = Field(max_length=64)  # the partner account (or its machine client's account)
    institution_id: str = Field(max_length=128)
    what: str = Field(max_length=80)  # "identity" or "document:<id>"
    read_at: datetime = Field(default_factory=utcnow)


class JournalEntry(Base, table=True):
    """The audit journal (service/journal.py): one row per decision or change of consequence,
    appended in the same transaction as the change; never updated or deleted (a trigger
    refuses it on PostgreSQL). Columns as in every service's journal (shared/journal.py)."""

    __tablename__ = "journal"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=64)
    actor_name: str = Field(default="", max_length=300)
    action: str = Field(max_length=64)  # a domain.journal.Action
    scheme_id: str | None = Field(default=None, index=True, max_length=128)
    cycle_id: str | None = Field(default=None, index=True, max_length=128)
    application_id: str | None = Field(default=None, index=True, max_length=64)
    subject: str = Field(default="", max_length=200)  # "document:<id>", "account:<id>", ...
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str = Field(default="", max_length=2000)


class Message(Base, table=True):
    """A message about an application (domain/messages.py): an officer's to the applicant, or
    the applicant's reply; kept as written, never edited."""

    __tablename__ = "application_messages"

    id: str = Field(primary_key=True, max_length=64)
    application_id: str = Field(index=True, max_length=64)
    applicant_id: str = Field(max_length=64)
    author_id: str = Field(max_length=64)
    author_role: str = Field(max_length=16)  # a shared.principal.Role
    author_name: str = Field(default="", max_length=300)
    direction: str = Field(max_length=24)  # a domain.messages.Direction
    body: str = Field(max_length=5000)
    created_at: datetime = Field(default_factory=utcnow, index=True)
