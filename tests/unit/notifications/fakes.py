"""Fakes for the notifications service layer: a SQLite database in a temporary folder (no
PostgreSQL), Kafka records built in memory (no broker), senders that keep what they get."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage, Message

from aiokafka.structs import ConsumerRecord
from aiosmtplib.email import flatten_message
from sqlalchemy import func, select

from services.notifications.domain.targets import Policy
from services.notifications.handlers import make_handlers
from services.notifications.models import Base, infra
from services.notifications.service.channels import DeliveryError, SignedRequest, WireEmail
from services.notifications.service.targets import TargetGuard
from services.notifications.settings import Settings
from shared.db import Database
from shared.events.catalog import ApplicantRegistered, ApplicationSubmitted, EventData, spec_for, type_of
from shared.events.envelope import Envelope, encode_envelope, new_event
from shared.kafka.consumer import EventConsumer
from shared.migrations import migrate


async def sqlite_database(folder) -> Database:
    db = Database(f"sqlite+aiosqlite:///{folder}/notifications.db", Base.metadata)
    await migrate(db)  # no migrations folder: the tables of the models
    return db


def settings(**overrides) -> Settings:
    return Settings(smtp_host="smtp.invalid", **overrides)


def envelope(data: EventData) -> Envelope:
    type_ = type_of(data)
    return new_event(type_, data, source="/tests/unit", key=str(getattr(data, spec_for(type_).key)))


def record(env: Envelope, offset: int = 0) -> ConsumerRecord:
    """The Kafka record the broker would deliver for ``env`` (a redelivery is the same record)."""
    key, value, headers = encode_envelope(env)
    topic = spec_for(env.type).topic.value
    return ConsumerRecord(topic, 0, offset, 0, 0, key, value, None, len(key or b""), len(value or b""), headers)


def consumer(db: Database, dead: list[str]) -> EventConsumer:
    """The service's consumer with its handlers, fed records by hand; dead letters' reasons
    go into ``dead``."""

    async def dead_letter(_record, reason: str) -> None:
        dead.append(reason)

    return EventConsumer(
        name="notify",
        topics=[],
        group_id="notifications-unit",
        bootstrap="kafka.invalid:9092",  # never connected: records are handed to it
        db=db,
        tables=infra,
        handlers=make_handlers(),
        dead_letter=dead_letter,
    )


async def count(db: Database, model, **where) -> int:
    async with db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0)


async def outbox_types(db: Database) -> list[str]:
    async with db.session() as s:
        return list(await s.scalars(select(infra.outbox.c.event_type).order_by(infra.outbox.c.id)))


def submitted(application_id: str, applicant_id: str, choices: list[str], **kw) -> ApplicationSubmitted:
    return ApplicationSubmitted(
        application_id=application_id,
        applicant_id=applicant_id,
        cycle_id="sco-2026",
        scheme_id="sco",
        applicant_type="student",
        sending_country="KZ",
        choices=choices,
        grade=88.5,
        submitted_at=datetime.now(UTC) - timedelta(minutes=1),
        preferred_language=kw.pop("language", "en"),
        **kw,
    )


def registered(applicant_id: str, language: str = "en", name: str = "Aigerim Nurlanovna") -> ApplicantRegistered:
    """The applicant's contact: the only event that carries their name and address."""
    return ApplicantRegistered(
        applicant_id=applicant_id,
        email=f"{applicant_id}@example.kz",
        name=name,
        preferred_language=language,
        nationality="KZ",
    )


# --- DNS and the webhook guard ---

PUBLIC_IP = "93.184.216.34"  # a public address (no packet is ever sent to it here)


@dataclass
class FakeDns:
    """Answers from a table (a name missing from it resolves to PUBLIC_IP); ``None``: NXDOMAIN.
    Counts the look-ups, and may answer differently on later ones (a rebinding attacker)."""

    table: dict[str, list[str] | None] = field(default_factory=dict)
    later: dict[str, list[str]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host in self.later and self.lookups.count(host) > 1:
            return self.later[host]
        answer = self.table.get(host, [PUBLIC_IP])
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return answer


def guard(policy: Policy | None = None, dns: FakeDns | None = None) -> TargetGuard:
    return TargetGuard(policy or Policy(), resolver=dns or FakeDns())


# --- channels ---


@dataclass
class FakeSmtp:
    """One SMTP session: keeps the messages; refuses the addresses in ``refuse``."""

    outbox: list[EmailMessage]
    refuse: set[str]

    async def __aenter__(self) -> FakeSmtp:
        return self

    async def __aexit__(self, *exc) -> None:
        pass

    async def send(self, mail: Message | WireEmail) -> None:
        to = mail.recipients[0] if isinstance(mail, WireEmail) else mail["To"]
        if to in self.refuse:
            raise DeliveryError("smtp: SMTPRecipientsRefused: 550 no such user")
        # What a receiver reads: the message as it goes on the wire, parsed back.
        data = mail.data if isinstance(mail, WireEmail) else flatten_message(mail)
        self.outbox.append(message_from_bytes(data, policy=policy.default))


@dataclass
class FakeEmailSender:
    refuse: set[str] = field(default_factory=set)
    sessions: list[FakeSmtp] = field(default_factory=list)
    closed: bool = False

    def connection(self) -> FakeSmtp:
        smtp = FakeSmtp([], self.refuse)
        self.sessions.append(smtp)
        return smtp

    @property
    def sent(self) -> list[EmailMessage]:
        return [m for s in self.sessions for m in s.outbox]

    async def close(self) -> None:
        self.closed = True


@dataclass
class FakeWebhookSender:
    posts: list[tuple[str, SignedRequest]] = field(default_factory=list)
    closed: bool = False
    guard: TargetGuard = field(default_factory=guard)

    async def send(self, url: str, request: SignedRequest) -> int:
        self.posts.append((url, request))
        return 204

    async def close(self) -> None:
        self.closed = True
