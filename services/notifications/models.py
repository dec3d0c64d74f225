"""Tables owned by the notifications service (its own database, its own migrations)."""

import secrets
import time
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Text, UniqueConstraint, event, false
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.notifications.domain.delivery import DeliveryStatus
from shared.clock import utcnow
from shared.model_defaults import remember_factory_signatures
from shared.tables import BigId, add_infra_tables

remember_factory_signatures()  # pydantic asked each default factory about itself per instance


class Base(SQLModel, registry=registry()):
    pass


infra = add_infra_tables(Base.metadata)


def new_id(prefix: str) -> str:
    """``prefix`` and 32 hex digits: milliseconds since the epoch (12), then 80 random bits (20),
    as UUIDv7 orders them. Time-ordered, a new row's key lands on the last page of its index
    (the feed's message ids, the notifications' primary key: millions a round) instead of a
    random page of an index that grows every round: PostgreSQL's CPU per feed entry 18.0 ->
    11.7 µs (bench/feed_ids.py). 80 random bits keep ids of the same millisecond apart and
    unguessable; the ids were always opaque (no reader takes them apart)."""
    return f"{prefix}_{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


class InboxEntry(Base, table=True):
    """A message in a user's portal inbox (applicant or officer); one per (source event, recipient)."""

    __tablename__ = "inbox_entries"
    __table_args__ = (UniqueConstraint("source_event_id", "recipient_id", name="uq_inbox_event_recipient"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: str = Field(index=True, max_length=64)
    source_event_id: str = Field(max_length=64)
    event_type: str = Field(max_length=200)
    subject: str = Field(max_length=300)
    body: str
    language: str = Field(default="en", max_length=8)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
    # the portal page the notice is about (an applicant's application or interview), as its
    # e-mail's portal line; none for staff (their notices' text carries their links)
    link: str | None = Field(default=None, max_length=200)


class Contact(Base, table=True):
    """How to reach an applicant, fed by applicant and application events (newest wins)."""

    __tablename__ = "contacts"

    applicant_id: str = Field(primary_key=True, max_length=64)
    email: str = Field(max_length=320)
    name: str = Field(max_length=300)
    language: str = Field(default="en", max_length=16)
    as_of: datetime = Field(description="time of the event that set these values")


class ProgrammeRef(Base, table=True):
    """The little of the catalog we need: titles for messages, host institution for routing."""

    __tablename__ = "programmes"

    programme_id: str = Field(primary_key=True, max_length=64)
    title: str = Field(max_length=300)
    translations: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )  # the title in other languages
    host_institution_id: str = Field(index=True, max_length=64)
    host_institution_name: str = Field(default="", max_length=300)
    host_institution_translations: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    cycle_id: str = Field(max_length=64)
    scheme_id: str = Field(max_length=64)
    # what a place comes with (shared.events.catalog.Award): the offer's notice says it
    award: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class CycleRef(Base, table=True):
    """Cycle names for messages and the scheme a round belongs to (for officers)."""

    __tablename__ = "cycles"

    cycle_id: str = Field(primary_key=True, max_length=64)
    scheme_id: str = Field(max_length=64)
    name: str = Field(max_length=300)
    translations: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SchemeRef(Base, table=True):
    """A scheme's path and nominating authorities (catalog.scheme.upserted): an application
    under a nomination stage is told it goes to its country's authority first."""

    __tablename__ = "schemes"

    scheme_id: str = Field(primary_key=True, max_length=64)
    path: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    authorities: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    authority_translations: dict[str, dict[str, str]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )  # country -> language -> name


class InstitutionRef(Base, table=True):
    """Catalog institutions' names (catalog.institution.upserted): a home institution is named
    in an endorsement deadline's reminder, and when an endorsement event carries no name."""

    __tablename__ = "institutions"

    institution_id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=300)
    translations: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ApplicationRef(Base, table=True):
    """What partner projections need of an application that later events do not carry."""

    __tablename__ = "applications"

    application_id: str = Field(primary_key=True, max_length=64)
    applicant_id: str = Field(max_length=64)
    cycle_id: str = Field(max_length=64)
    scheme_id: str = Field(max_length=64)
    sending_country: str = Field(max_length=2)
    applicant_type: str = Field(max_length=16)
    choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # application.withdrawn told: an offer, a host's request or a round's outcome arriving after
    # it (from another topic, decided before the withdrawal reached matching) is told to nobody
    withdrawn: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))


class WebhookSubscription(Base, table=True):
    """A partner's endpoint; deliveries are signed with its secret (Standard Webhooks).

    After a rotation the previous secret signs too (a second signature) until
    ``previous_secret_until``, so the partner can switch secrets without losing a delivery;
    secrets rotated out earlier whose overlap still runs sign as well (``earlier_secrets``).
    """

    __tablename__ = "webhook_subscriptions"

    id: str = Field(default_factory=lambda: new_id("sub"), primary_key=True, max_length=64)
    institution_id: str = Field(index=True, max_length=64)
    url: str = Field(max_length=2000)
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secret: str = Field(max_length=200)
    previous_secret: str | None = Field(default=None, max_length=200)
    previous_secret_until: datetime | None = None
    # secrets rotated out before the previous one whose overlap still runs: [[secret, until ISO]]
    # (a second rotation within the first's overlap kept the first's old secret signing)
    earlier_secrets: list[list[str]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    description: str = Field(default="", max_length=300)
    active: bool = True
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class PartnerFeedEntry(Base, table=True):
    """One projected event for one institution: the catch-up feed and the webhook body."""

    __tablename__ = "partner_feed"
    __table_args__ = (
        UniqueConstraint("source_event_id", "institution_id", name="uq_feed_event_institution"),
        Index("ix_partner_feed_institution_id_seq", "institution_id", "seq"),
    )

    seq: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    message_id: str = Field(default_factory=lambda: new_id("msg"), unique=True, max_length=64)
    institution_id: str = Field(max_length=64)
    source_event_id: str = Field(max_length=64)
    event_type: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class UnstreamedFeedEntry(Base, table=True):
    """A feed entry the partner-topic worker has not yet taken (written to its institution's
    Kafka topic, or passed over: the institution has no topic), in the order written; the
    worker deletes it when taken.

    A queue of its own rather than a mark on the entry: a round writes ~5 entries per
    applicant, and marking each (a new version of the whole row, with its payload and an entry
    in each of the feed's five indexes) cost PostgreSQL more than writing it had."""

    __tablename__ = "partner_feed_unstreamed"

    seq: int | None = Field(default=None, sa_column=Column(BigId, primary_key=True, autoincrement=True))
    message_id: str = Field(max_length=64)  # the feed entry's (partner_feed.message_id)
    institution_id: str = Field(max_length=64)
    created_at: datetime  # the feed entry's


class Account(Base, table=True):
    """A staff or partner account (account.upserted), newest event wins: who officers and
    admins are, how to reach them, their language and scope."""

    __tablename__ = "accounts"

    account_id: str = Field(primary_key=True, max_length=64)
    role: str = Field(max_length=16)
    name: str = Field(max_length=300)
    email: str = Field(max_length=320)
    language: str = Field(default="en", max_length=16)
    schemes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    institutions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    countries: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # a nominator's
    active: bool = True
    as_of: datetime = Field(description="time of the event that set these values")


class Told(Base, table=True):
    """What a recipient was last told about an application (a fingerprint of the content),
    so that a notice saying the same again is not sent. ``audience`` is an ``Audience``:
    the applicant (recipient: applicant id) or a partner (recipient: institution id)."""

    __tablename__ = "told"

    application_id: str = Field(primary_key=True, max_length=64)
    audience: str = Field(primary_key=True, max_length=16)
    recipient: str = Field(primary_key=True, max_length=64)
    fingerprint: str = Field(max_length=64)
    source_event_id: str = Field(max_length=64)
    told_at: datetime = Field(default_factory=utcnow)


class Notification(Base, table=True):
    """An outbound e-mail or webhook delivery, written in the consumer's transaction.

    The unique (source event, recipient, channel, resend) makes it one per event whatever the
    redelivery; the dispatcher sends it after the commit and records the outcome here.
    ``status`` is a ``DeliveryStatus`` (stored as text), ``channel`` a ``Channel``. ``resend``
    is 0 for the notice an event made; 1, 2, ... for the copies of a delivered e-mail an admin
    sent again ("the applicant never got it"), each its own row, Message-ID and outcome.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint(
            "source_event_id", "recipient", "channel", "resend", name="uq_notification_event_recipient_channel_resend"
        ),
        Index("ix_notifications_channel_due", "status", "channel", "next_attempt_at"),
    )

    id: str = Field(default_factory=lambda: new_id("ntf"), primary_key=True, max_length=64)
    source_event_id: str = Field(max_length=64)
    event_type: str = Field(max_length=200)
    channel: str = Field(max_length=16)
    recipient: str = Field(max_length=64)  # applicant id (email) or subscription id (webhook)
    institution_id: str | None = Field(default=None, index=True, max_length=64)
    template: str | None = Field(default=None, max_length=64)
    context: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=DeliveryStatus.PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_until: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_status_code: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None
    resend: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class InterviewBooking(Base, table=True):
    """An applicant's interview booking as interview.booked / .cancelled last described it
    (the highest ``sequence`` wins), for the reminder the day before (``reminded_sequence``:
    the booking's version that was reminded, so a moved interview is reminded again)."""

    __tablename__ = "interview_bookings"

    booking_uid: str = Field(primary_key=True, max_length=128)
    application_id: str = Field(max_length=64)
    applicant_id: str = Field(max_length=64)
    cycle_id: str = Field(max_length=64)
    sequence: int = 0
    starts_at: datetime = Field(index=True)
    duration_minutes: int
    time_zone: str = Field(max_length=64)
    place: str = Field(max_length=500)
    nationality: str = Field(default="", max_length=2)
    cancelled: bool = False
    reminded_sequence: int | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class AwardStep(Base, table=True):
    """The newest version told of a step of the award path (issue 14): an application's
    nomination (``nomination:<application id>``) or a match's admission decision
    (``admission:<match id>``). An older version arriving late tells nothing; the offer that
    follows an admission says the host admitted (``state`` admitted); an admission asked of
    the host and not decided yet is kept at version 0 (``state`` requested)."""

    __tablename__ = "award_steps"

    step: str = Field(primary_key=True, max_length=80)
    # indexed: a withdrawal reads the hosts of the application's admission steps by it
    application_id: str = Field(max_length=64, index=True)
    version: int
    state: str = Field(max_length=32)
    # the host's words with an admission decision (the offer that follows quotes them)
    note: str | None = Field(default=None, max_length=1000)
    # an endorsement's home institution (``endorsement:<application id>``): its coordinators
    # hear what the host decided about the applicants it endorsed
    institution_id: str | None = Field(default=None, max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class ThreadAuthor(Base, table=True):
    """Who wrote to the applicant about an application (application.message_sent from staff,
    with the author's account id): the applicant's reply is told to them."""

    __tablename__ = "thread_authors"

    application_id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(primary_key=True, max_length=64)
    wrote_at: datetime = Field(description="when they last wrote in the thread")


class JournalEntry(Base, table=True):
    """The audit journal (service/journal.py): one row per change of consequence made through
    this service's API (subscriptions, secret rotations, replays), appended in the same
    transaction as the change; never updated or deleted (a trigger refuses it on PostgreSQL).
    Columns as in every service's journal (shared/journal.py)."""

    __tablename__ = "journal"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=64)
    actor_name: str = Field(default="", max_length=300)
    action: str = Field(max_length=64)  # a domain.journal.Action
    scheme_id: str | None = Field(default=None, index=True, max_length=128)
    cycle_id: str | None = Field(default=None, index=True, max_length=128)
    application_id: str | None = Field(default=None, index=True, max_length=64)
    subject: str = Field(default="", max_length=200)  # "subscription:<id>", "notification:<id>"
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str = Field(default="", max_length=2000)


# The local catalog: what notices and routing read of it may be kept by a process between
# transactions while the stamp stays the same (service/references.py ``Catalog``).
CATALOG_TABLES = ("programmes", "cycles", "schemes", "institutions", "webhook_subscriptions")


class CatalogStamp(Base, table=True):
    """One row (id 1): a random number that every write of a catalog table (``CATALOG_TABLES``)
    replaces, by a trigger in the same transaction (``catalog_stamp_ddl``). Random rather than
    counted: the stamp of a write that rolled back never comes again, so nothing read under it
    can be taken for what a later write stored."""

    __tablename__ = "catalog_stamp"

    id: int = Field(primary_key=True)
    stamp: int = Field(sa_column=Column(BigInteger, nullable=False))


def catalog_stamp_ddl(dialect: str, tables: tuple[str, ...] = CATALOG_TABLES) -> list[str]:
    """The statements that create the stamp's row and the triggers on ``tables`` that change
    it (the migration runs them for the tables of its day; ``Base.metadata.create_all`` too,
    below)."""
    if dialect == "postgresql":
        fresh = "(random() * 9.2e18)::bigint"
        return [
            f"INSERT INTO catalog_stamp (id, stamp) VALUES (1, {fresh})",
            "CREATE FUNCTION catalog_changed() RETURNS trigger AS $$\n"
            f"BEGIN\n    UPDATE catalog_stamp SET stamp = {fresh} WHERE id = 1;\n    RETURN NULL;\nEND;\n"
            "$$ LANGUAGE plpgsql",
            *(
                f"CREATE TRIGGER {table}_change_catalog_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed()"
                for table in tables
            ),
        ]
    return [  # SQLite: row triggers only
        "INSERT INTO catalog_stamp (id, stamp) VALUES (1, random())",
        *(
            f"CREATE TRIGGER {table}_{op.lower()}_changes_catalog_stamp AFTER {op} ON {table} "
            "BEGIN UPDATE catalog_stamp SET stamp = random() WHERE id = 1; END"
            for table in tables
            for op in ("INSERT", "UPDATE", "DELETE")
        ),
    ]


def drop_catalog_stamp_ddl(dialect: str, tables: tuple[str, ...] = CATALOG_TABLES) -> list[str]:
    if dialect == "postgresql":
        return [
            *(f"DROP TRIGGER IF EXISTS {table}_change_catalog_stamp ON {table}" for table in tables),
            "DROP FUNCTION IF EXISTS catalog_changed()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_{op.lower()}_changes_catalog_stamp"
        for table in tables
        for op in ("INSERT", "UPDATE", "DELETE")
    ]


@event.listens_for(Base.metadata, "after_create")
def _stamp_catalog_writes(target, connection, tables=(), **kw) -> None:
    """Tables made from the models (tests, a database without migrations) get the row and
    the triggers the migration makes; once (a later create_all that made no stamp table made
    none of them)."""
    if CatalogStamp.__table__ not in tables:
        return
    for statement in catalog_stamp_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)
