"""Tables owned by the matching service (its own database, its own migrations).

The catalog (institutions, schemes, cycles, programmes, quota rules) is authored here and
published on the compacted catalog topic; the pool mirrors submitted applications; rounds,
per-application outcomes and matches record what each matching run decided and what
officers and applicants did with it.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, false
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.matching.domain.statuses import MatchStatus, PoolStatus, RoundStatus
from shared.clock import utcnow
from shared.model_defaults import remember_factory_signatures
from shared.tables import add_infra_tables

remember_factory_signatures()  # pydantic asked each default factory about itself per instance


class Base(SQLModel, registry=registry()):
    pass


infra = add_infra_tables(Base.metadata)


def json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def json_dict() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# --- the catalog -------------------------------------------------------------------------


class Institution(Base, table=True):
    __tablename__ = "institutions"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=300)
    translations: dict[str, str] = json_dict()  # the name in other languages (shared/translations.py)
    country: str = Field(max_length=2, index=True)
    kind: str = Field(default="university", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Scheme(Base, table=True):
    __tablename__ = "schemes"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=300)
    translations: dict[str, str] = json_dict()
    sponsor: str = Field(max_length=300)
    eligible_countries: list[str] = json_list()
    max_choices: int = 5
    path: list[str] = json_list()  # shared.events.catalog.Stage values, in order; [] = direct
    authorities: dict[str, str] = json_dict()  # sending country -> nominating authority's name
    authority_translations: dict[str, dict[str, str]] = json_dict()  # country -> language -> name
    # wait | decline: what the hosts' deadline does to matches they have not decided (service/deadlines.py)
    admission_deadline_action: str = Field(default="wait", max_length=16, sa_column_kwargs={"server_default": "wait"})
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Cycle(Base, table=True):
    __tablename__ = "cycles"

    id: str = Field(primary_key=True, max_length=64)
    scheme_id: str = Field(index=True, max_length=64)
    name: str = Field(max_length=300)
    translations: dict[str, str] = json_dict()
    opens_at: datetime
    closes_at: datetime
    starts_on: date | None = None
    max_choices: int = 5
    eligible_countries: list[str] = json_list()
    # weights of grade / interview / committee in the priority score (see domain/scoring.py)
    score_weights: dict[str, float] = json_dict()
    # days an applicant has to answer an offer, counted from its approval (domain/review.py)
    offer_reply_days: int = Field(default=14, sa_column_kwargs={"server_default": "14"})
    nomination_closes_at: datetime | None = None
    admission_closes_at: datetime | None = None
    endorsement_closes_at: datetime | None = None
    # archived: out of the officers' console, no more rounds (catalog.archive_cycle); NULL: in use
    archived_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Programme(Base, table=True):
    __tablename__ = "programmes"

    id: str = Field(primary_key=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    scheme_id: str = Field(index=True, max_length=64)
    host_institution_id: str = Field(index=True, max_length=64)
    host_country: str = Field(max_length=2)
    title: str = Field(max_length=300)
    translations: dict[str, str] = json_dict()  # the title in other languages
    field: str = Field(max_length=100)
    level: str = Field(max_length=32)
    language: str = Field(max_length=16)
    seats: int
    applicant_type: str = Field(default="student", max_length=16)
    requirements: dict[str, Any] = json_dict()
    # what a place comes with (shared.events.catalog.Award): covers, stipend, months
    award: dict[str, Any] = json_dict()
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class QuotaRule(Base, table=True):
    __tablename__ = "quota_rules"

    id: str = Field(primary_key=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    label: str = Field(max_length=300)
    scope: dict[str, list[str]] = json_dict()
    # dimensions the rule applies to separately ("per sending country", "per programme")
    per: list[str] = json_list()
    max_count: int | None = None
    max_share_of_seats: float | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


# --- the pool ---------------------------------------------------------------------------


class PoolEntry(Base, table=True):
    """One application in a cycle's pool, as the applications service last described it."""

    __tablename__ = "pool_entries"

    application_id: str = Field(primary_key=True, max_length=64)
    applicant_id: str = Field(index=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    scheme_id: str = Field(max_length=64)
    applicant_type: str = Field(max_length=16)
    sending_country: str = Field(max_length=2)
    choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    grade: float | None = None
    language_certificates: list[dict[str, Any]] = json_list()
    # the applicant's home institution (catalog id), whose coordinator endorses (issue 14)
    home_institution_id: str | None = Field(default=None, max_length=64, index=True)
    # a PoolStatus (declined an offer: out of later rounds)
    status: str = Field(default=PoolStatus.SUBMITTED, max_length=16)
    interview_score: float | None = None
    committee_score: float | None = None
    scored_by: str | None = Field(default=None, max_length=64)
    scored_at: datetime | None = None
    received_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class HeldDocument(Base, table=True):
    """A document version an officer rejected (issue 15): while it stands, the choices whose
    programme requires its kind are not placed in a round. Gone once the applicant uploads a
    new version or an officer verifies it after all (services/matching/service/documents.py)."""

    __tablename__ = "held_documents"

    application_id: str = Field(primary_key=True, max_length=64)
    document_id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=32)
    reason: str = Field(max_length=32)
    due_on: date | None = None
    held_at: datetime = Field(default_factory=utcnow)


# --- rounds and matches -------------------------------------------------------------------


class Round(Base, table=True):
    __tablename__ = "rounds"

    id: str = Field(primary_key=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    number: int
    seed: int
    # a RoundStatus
    status: str = Field(default=RoundStatus.QUEUED, max_length=16)
    progress: float = 0.0
    # Set to the cycle id while queued or running: the unique index lets one round run per cycle.
    active_cycle_id: str | None = Field(default=None, max_length=64, unique=True)
    inputs_digest: str | None = Field(default=None, max_length=64)
    statistics: dict[str, Any] = json_dict()
    waitlist: dict[str, list[str]] = json_dict()
    matched: int = 0
    waitlisted: int = 0
    unmatched: int = 0
    fixed: int = 0
    error: str | None = None
    started_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime = Field(default_factory=utcnow)


class RoundOutcome(Base, table=True):
    """What a round decided for one application (matched, waitlisted, unmatched or fixed)."""

    __tablename__ = "round_outcomes"
    # The unique (round_id, application_id) index serves the lookups by round: no index of its own.
    __table_args__ = (UniqueConstraint("round_id", "application_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(max_length=64)
    application_id: str = Field(index=True, max_length=64)
    applicant_id: str = Field(max_length=64)
    status: str = Field(max_length=16)  # an OutcomeStatus
    programme_id: str | None = Field(default=None, max_length=64)
    match_id: str | None = Field(default=None, max_length=64)
    # [{"programme_id", "reason"}] for each choice above the one obtained
    reasons: list[dict[str, Any]] = json_list()
    # [{"programme_id", "position"}]
    waitlist_positions: list[dict[str, Any]] = json_list()
    # An outcome event was staged for it: the applicant (and partners) were told this outcome.
    # The next round compares against the last told one (domain/notices.py).
    notified: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class Match(Base, table=True):
    """application <-> programme: a MatchStatus (see domain/statuses.py)."""

    __tablename__ = "matches"
    # An officer's list of a round's proposals, page by page in the list's order: with an index
    # on round_id alone each page sorted the round's matches (a national round: 292 ms a page).
    __table_args__ = (Index("ix_matches_round_status_created", "round_id", "status", "created_at", "id"),)

    id: str = Field(primary_key=True, max_length=64)
    round_id: str = Field(max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    scheme_id: str = Field(max_length=64)
    application_id: str = Field(index=True, max_length=64)
    applicant_id: str = Field(max_length=64)
    programme_id: str = Field(index=True, max_length=64)
    host_institution_id: str = Field(max_length=64)
    rank: int
    status: str = Field(default=MatchStatus.PROPOSED, max_length=16, index=True)
    reasons: list[dict[str, Any]] = json_list()
    # the officer's internal reason (never shown to the applicant)
    review_reason: str | None = Field(default=None, max_length=1000)
    # what the officer chose to tell the applicant on a rejection, if anything
    message_to_applicant: str | None = Field(default=None, max_length=1000)
    reviewed_by: str | None = Field(default=None, max_length=64)
    reviewed_at: datetime | None = None
    # an approved match (an offer): the last day, in UTC, the applicant may answer it
    reply_by: date | None = None
    answered_at: datetime | None = None
    # when officers handed it to the host to admit (an admission stage): the host's lists and
    # GET /admissions/{id} keep it whatever happens after, a withdrawal before any decision too
    sent_to_host_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


# --- the selection committee (issue 16; domain/committee.py) ------------------------------


class StaffAccount(Base, table=True):
    """An officer or admin account as account.upserted last described it (reviewers come
    from here); ``as_of`` keeps an older event from overwriting a newer one."""

    __tablename__ = "staff_accounts"

    account_id: str = Field(primary_key=True, max_length=64)
    role: str = Field(max_length=16)
    name: str = Field(max_length=300)
    email: str = Field(default="", max_length=320)
    schemes: list[str] = json_list()
    institutions: list[str] = json_list()
    countries: list[str] = json_list()  # a nominator's sending countries
    active: bool = True
    as_of: datetime = Field(default_factory=utcnow)


class ApplicantProfile(Base, table=True):
    """What reviewers need of an applicant: name, nationality, home institution (applicant
    and application events)."""

    __tablename__ = "applicant_profiles"

    applicant_id: str = Field(primary_key=True, max_length=64)
    name: str = Field(default="", max_length=300)
    # in Latin letters: staff read a name typed in Urdu or Cyrillic by it (None: not given)
    passport_name: str | None = Field(default=None, max_length=200)
    nationality: str = Field(default="", max_length=2)
    home_institution: str | None = Field(default=None, max_length=300)
    # The language the applicant reads messages in: a nominating authority's or a home
    # institution's reason reaches them as written (a Russian one had landed in an English e-mail).
    language: str | None = Field(default=None, max_length=8)
    updated_at: datetime = Field(default_factory=utcnow)


class Scoresheet(Base, table=True):
    """The criteria reviewers score: a scheme's (cycle_id empty) or one cycle's, which wins."""

    __tablename__ = "scoresheets"
    __table_args__ = (UniqueConstraint("scheme_id", "cycle_id"),)

    id: str = Field(primary_key=True, max_length=64)
    scheme_id: str = Field(index=True, max_length=64)
    # "" for the scheme's own sheet (NULLs would not be unique)
    cycle_id: str = Field(default="", max_length=64)
    # [{"key", "label", "weight", "min", "max"}]
    criteria: list[dict[str, Any]] = json_list()
    reviewers_per_application: int = 2
    spread_threshold: float = 20.0
    # the officers who review (account ids); None: every active officer of the scheme
    committee: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ScoreRead(Base, table=True):
    """An officer was shown another reviewer's submitted scores of an application: a blind
    review of it is no longer theirs to take (an officer who had read the scores was given the
    other review by a colleague)."""

    __tablename__ = "score_reads"

    application_id: str = Field(primary_key=True, max_length=64)
    reader_id: str = Field(primary_key=True, max_length=64)
    read_at: datetime = Field(default_factory=utcnow)


class ReviewerConflict(Base, table=True):
    """A reviewer's declared conflict with one application (they are never assigned it)."""

    __tablename__ = "reviewer_conflicts"
    __table_args__ = (UniqueConstraint("reviewer_id", "application_id"),)

    id: int | None = Field(default=None, primary_key=True)
    reviewer_id: str = Field(index=True, max_length=64)
    application_id: str = Field(index=True, max_length=64)
    reason: str = Field(default="", max_length=1000)
    declared_at: datetime = Field(default_factory=utcnow)


class ReviewAssignment(Base, table=True):
    """A reviewer on an application. A reassignment ends it (``active`` false) and opens another."""

    __tablename__ = "review_assignments"

    id: str = Field(primary_key=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    scheme_id: str = Field(max_length=64)
    application_id: str = Field(index=True, max_length=64)
    reviewer_id: str = Field(index=True, max_length=64)
    active: bool = True
    assigned_by: str = Field(max_length=64)
    assigned_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    # the composite of the reviewer's latest submitted scores (None: not submitted yet)
    composite: float | None = None
    submitted_at: datetime | None = None


class ReviewScore(Base, table=True):
    """One submission of a reviewer's scores; a new one is added for every change, so every
    score keeps its history (the latest per assignment is the one that counts)."""

    __tablename__ = "review_scores"

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: str = Field(index=True, max_length=64)
    application_id: str = Field(index=True, max_length=64)
    reviewer_id: str = Field(max_length=64)
    version: int
    scores: dict[str, float] = json_dict()
    composite: float
    comment: str = Field(default="", max_length=4000)
    submitted_at: datetime = Field(default_factory=utcnow)


class JournalEntry(Base, table=True):
    """The audit journal: one row per decision or change of consequence, appended in the same
    transaction as the change; never updated or deleted (a trigger refuses it on PostgreSQL)."""

    __tablename__ = "journal"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=64)
    actor_name: str = Field(default="", max_length=300)
    action: str = Field(max_length=64)  # a domain.journal.Action
    scheme_id: str | None = Field(default=None, index=True, max_length=64)
    cycle_id: str | None = Field(default=None, index=True, max_length=64)
    application_id: str | None = Field(default=None, index=True, max_length=64)
    subject: str = Field(default="", max_length=200)  # "match:<id>", "quota_rule:<id>", ...
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str = Field(default="", max_length=2000)


# --- interviews ------------------------------------------------------------------------------


class InterviewSlot(Base, table=True):
    """A time an officer offers for one interview (capacity 1), in the host's time zone."""

    __tablename__ = "interview_slots"

    id: str = Field(primary_key=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    scheme_id: str = Field(max_length=64)
    starts_at: datetime  # UTC
    duration_minutes: int
    time_zone: str = Field(max_length=64)  # IANA, the host's (the place's)
    place: str = Field(max_length=500)  # an address or a video link
    capacity: int = 1
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class InterviewInvitation(Base, table=True):
    """An application invited to interview, its booking (``slot_id``: unique, so a slot is
    never held by two bookings) and what the officer recorded."""

    __tablename__ = "interview_invitations"

    application_id: str = Field(primary_key=True, max_length=64)
    applicant_id: str = Field(index=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    scheme_id: str = Field(max_length=64)
    invited_by: str = Field(max_length=64)
    invited_at: datetime = Field(default_factory=utcnow)
    slot_id: str | None = Field(default=None, max_length=64, unique=True)
    booking_uid: str | None = Field(default=None, max_length=128)  # the iCalendar UID of the booking
    sequence: int = 0  # the iCalendar SEQUENCE: raised by every change of the booking
    booked_at: datetime | None = None
    attendance: str | None = Field(default=None, max_length=16)  # a domain.interviews.Attendance
    score: float | None = None
    recorded_by: str | None = Field(default=None, max_length=64)
    recorded_at: datetime | None = None


# --- the award path: nominations and host admission (issue 14) ------------------------------


class NominationList(Base, table=True):
    """A sending country's nomination list in a cycle. Its row is locked (SELECT ... FOR
    UPDATE) by every change to the country's nominations, so two instances never together
    exceed the allocation. ``version`` rises on each publication or change after it."""

    __tablename__ = "nomination_lists"

    cycle_id: str = Field(primary_key=True, max_length=64)
    sending_country: str = Field(primary_key=True, max_length=2)
    scheme_id: str = Field(max_length=64)
    status: str = Field(default="draft", max_length=16)  # draft | published
    version: int = 0
    published_at: datetime | None = None
    published_by: str | None = Field(default=None, max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class Nomination(Base, table=True):
    """One application on (or off) its country's list: a shared.events.catalog.NominationState,
    its position (nominee or reserve rank, from 1) and the authority's reason for the applicant."""

    __tablename__ = "nominations"

    application_id: str = Field(primary_key=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    sending_country: str = Field(max_length=2)
    state: str = Field(max_length=16)
    position: int | None = None
    reason: str | None = Field(default=None, max_length=1000)
    promoted: bool = False
    version: int = 1  # raised on each change told to the applicant
    decided_by: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class Endorsement(Base, table=True):
    """A home institution's decision on one application (a shared.events.catalog.EndorsementState),
    its reason for the applicant and the cohort it was endorsed with; ``version`` rises with
    each change told to the applicant (the journal keeps each change)."""

    __tablename__ = "endorsements"

    application_id: str = Field(primary_key=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    home_institution_id: str = Field(index=True, max_length=64)
    state: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=1000)
    cohort: str | None = Field(default=None, max_length=200)
    version: int = 1
    decided_by: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class AdmissionDecision(Base, table=True):
    """A host's decision on one match; never updated: a change of mind is a new version."""

    __tablename__ = "admission_decisions"
    __table_args__ = (UniqueConstraint("match_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    match_id: str = Field(index=True, max_length=64)
    version: int
    decision: str = Field(max_length=16)  # admitted | rejected
    reason_code: str | None = Field(default=None, max_length=32)  # a shared.events.catalog.AdmissionReason
    note: str | None = Field(default=None, max_length=2000)
    decided_by: str = Field(max_length=64)
    decided_at: datetime = Field(default_factory=utcnow)


class StageAlert(Base, table=True):
    """A deadline alert sent (service/deadlines.py): one row per cycle, stage, subject (a
    country or an institution) and kind ("near:7", "passed"), so each is sent exactly once."""

    __tablename__ = "stage_alerts"

    cycle_id: str = Field(primary_key=True, max_length=64)
    stage: str = Field(primary_key=True, max_length=16)
    subject: str = Field(primary_key=True, max_length=64)
    kind: str = Field(primary_key=True, max_length=16)
    sent_at: datetime = Field(default_factory=utcnow)


# --- the officer workbench (issue 16) ----------------------------------------------------------


class SavedFilter(Base, table=True):
    """An officer's named filter of a cycle's application table (status, country, search, sort,
    order): theirs alone, by subject and cycle; names unique per officer and cycle."""

    __tablename__ = "saved_filters"
    __table_args__ = (UniqueConstraint("owner", "cycle_id", "name"),)

    id: str = Field(primary_key=True, max_length=64)
    owner: str = Field(index=True, max_length=64)  # the officer's subject
    cycle_id: str = Field(index=True, max_length=64)
    name: str = Field(max_length=80)
    filters: dict[str, str] = json_dict()
    created_at: datetime = Field(default_factory=utcnow)
