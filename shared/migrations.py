"""A service's Alembic migrations, and the steps every service's migrations share.

``migrate`` runs at start-up on the service's own engine; ``tools.migrations`` writes new
revisions. The shared tables (outbox, processed events, Idempotency-Key answers, revoked tokens) are
created and changed by the helpers below, so each service's revisions call them instead
of repeating their columns.
"""

from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from shared.db import Database


async def migrate(db: Database) -> None:
    """Bring the schema to the newest Alembic revision (or create it when there are none)."""
    async with db.engine.begin() as conn:
        if db.migrations_dir is None:
            await conn.run_sync(db.metadata.create_all)
        else:
            await conn.run_sync(upgrade_to_head, db.migrations_dir)


@functools.cache
def _scripts(migrations_dir: Path):
    """The service's revisions, read once (the probe asks every few seconds)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(migrations_dir))


async def schema_state(db: Database) -> str | None:
    """Whether the database's schema is the one this code was written for: "current" (at this
    code's newest revision), "ahead" (a revision this code does not know: a newer release
    migrated it, whose changes add to what this code reads, so it still serves), "behind" (a
    migration not yet run: tables or columns this code reads may be missing) or None (no
    migrations: the tables are made from the models). Readiness fails on "behind": a pod
    started before its migration finished answered 500s while its probe said ready."""
    if db.migrations_dir is None:
        return None
    scripts = _scripts(db.migrations_dir)
    try:
        async with db.engine.connect() as conn:
            stored = set((await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).scalars())
    except Exception:  # noqa: BLE001 - no version table: nothing migrated yet
        return "behind"
    if stored == set(scripts.get_heads()):
        return "current"
    for revision in stored:
        try:
            scripts.get_revision(revision)
        except Exception:  # noqa: BLE001 - unknown here: a newer release's
            return "ahead"
    return "behind"


def alembic_config(migrations_dir: Path, connection: Connection | None = None, url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade_to_head(connection: Connection, migrations_dir: Path) -> None:
    command.upgrade(alembic_config(migrations_dir, connection), "head")


def run_env(target_metadata) -> None:
    """Body of every service's migrations/env.py."""
    from alembic import context
    from sqlalchemy import create_engine, pool

    config = context.config
    connection = config.attributes.get("connection")
    opts = dict(target_metadata=target_metadata, render_as_batch=True, compare_type=True)
    if connection is not None:
        context.configure(connection=connection, **opts)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    # The command line works on a sync driver; swap the async one for its sync sibling.
    sync_url = url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")
    if context.is_offline_mode():
        context.configure(url=sync_url, literal_binds=True, **opts)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(sync_url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, **opts)
        with context.begin_transaction():
            context.run_migrations()


def create_infra_tables(op) -> None:
    """The shared tables as every service's first revision created them (the outbox held
    the JSON envelope then; ``outbox_to_wire_form`` brings it to today's shape)."""
    op.create_table(
        "idempotency_keys",
        sa.Column("principal", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("principal", "key"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("envelope", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_unsent", ["sent_at", "id"], unique=False)
    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )


def drop_infra_tables(op) -> None:
    """The reverse of ``create_infra_tables``."""
    op.drop_table("processed_events")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_unsent")
    op.drop_table("outbox")
    op.drop_table("idempotency_keys")


def create_revoked_tokens(op) -> None:
    """The shared ``revoked_tokens`` table (account.tokens_revoked, checked on each request)."""
    op.create_table(
        "revoked_tokens",
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("why", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_id"),
    )


def drop_revoked_tokens(op) -> None:
    op.drop_table("revoked_tokens")


def outbox_to_wire_form(op) -> None:
    """Migration step shared by the services: the outbox keeps each event encoded for Kafka
    (``headers``, ``payload``) instead of its JSON envelope, and only until it is published.
    Rows still waiting are encoded here, so nothing unpublished is lost by the upgrade."""

    from shared.events.envelope import Envelope
    from shared.outbox import outbox_row
    from shared.tables import WireHeaders

    # Rows already published are no longer kept (the relay deletes what Kafka acknowledged).
    op.execute("DELETE FROM outbox WHERE sent_at IS NOT NULL")
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_index("ix_outbox_unsent")
        batch_op.drop_column("sent_at")
        batch_op.add_column(sa.Column("headers", WireHeaders, nullable=True))
        batch_op.add_column(sa.Column("payload", sa.LargeBinary(), nullable=True))
    outbox = sa.table(
        "outbox",
        sa.column("id"),
        sa.column("envelope", sa.JSON()),
        sa.column("headers", WireHeaders),
        sa.column("payload", sa.LargeBinary()),
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(outbox.c.id, outbox.c.envelope)).all():
        wire = outbox_row(Envelope.model_validate(row.envelope), topic="")
        bind.execute(
            outbox.update()
            .where(outbox.c.id == row.id)
            .values(headers=wire["outbox_headers"], payload=wire["outbox_payload"])
        )
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.alter_column("headers", existing_type=WireHeaders, nullable=False)
        batch_op.drop_column("envelope")


def outbox_to_envelopes(op) -> None:
    """The reverse of ``outbox_to_wire_form``, for a downgrade."""
    from shared.events.envelope import decode_message
    from shared.outbox import kafka_headers
    from shared.tables import WireHeaders

    with op.batch_alter_table("outbox") as batch_op:
        batch_op.add_column(sa.Column("envelope", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_outbox_unsent", ["sent_at", "id"])
    outbox = sa.table(
        "outbox",
        sa.column("id"),
        sa.column("key"),
        sa.column("envelope", sa.JSON()),
        sa.column("headers", WireHeaders),
        sa.column("payload", sa.LargeBinary()),
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(outbox.c.id, outbox.c.key, outbox.c.headers, outbox.c.payload)).all():
        key = row.key.encode() if row.key is not None else None
        env = decode_message(key, row.payload, kafka_headers(row.headers))
        bind.execute(outbox.update().where(outbox.c.id == row.id).values(envelope=env.model_dump(mode="json")))
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.alter_column("envelope", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("payload")
        batch_op.drop_column("headers")
