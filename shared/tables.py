"""Tables every service owns a copy of: the outbox, processed events, idempotency keys and
the accounts whose tokens were revoked.

They are declared on the service's own MetaData so each service's migrations carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql

# Kafka headers as a flat [name, value, name, value, ...] list of strings: text[] on
# PostgreSQL (the driver decodes it, cheaper than JSON on the relay's path), JSON on SQLite.
WireHeaders = JSON().with_variant(postgresql.ARRAY(Text()), "postgresql")

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True)
class InfraTables:
    outbox: Table
    processed: Table
    idempotency: Table
    revoked: Table


def add_infra_tables(metadata: MetaData) -> InfraTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=True),
        Column("event_type", String(200), nullable=False),
        # The event as it goes on the wire (CloudEvents Kafka binding, encoded when staged):
        # headers and the value bytes (null for a tombstone), so the relay only reads and sends.
        Column("headers", WireHeaders, nullable=False),
        Column("payload", LargeBinary, nullable=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        # Rows are deleted once Kafka has acknowledged them: the outbox holds only what is
        # still to be published, and the topic is the record of what was.
    )
    processed = Table(
        "processed_events",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        Column("principal", String(100), primary_key=True),
        Column("key", String(200), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response_body", LargeBinary, nullable=False),
        Column("content_type", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    # From account.tokens_revoked: an account's tokens issued before ``not_before`` are refused,
    # all of them while ``active`` is false (shared.revocation checks it on every request).
    revoked = Table(
        "revoked_tokens",
        metadata,
        Column("account_id", String(64), primary_key=True),
        Column("not_before", DateTime(timezone=True), nullable=False),
        Column("active", Boolean, nullable=False),
        Column("why", String(32), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    return InfraTables(outbox=outbox, processed=processed, idempotency=idempotency, revoked=revoked)
