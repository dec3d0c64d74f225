"""Runs a service's Alembic migrations on a connection we already hold.

Services call this at start-up (inside ``AsyncConnection.run_sync``); the ``alembic`` command
line uses the same env.py through ``alembic -c services/<name>/alembic.ini``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection


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


def outbox_to_wire_form(op) -> None:
    """Migration step shared by the services: the outbox keeps each event encoded for Kafka
    (``headers``, ``payload``) instead of its JSON envelope, and only until it is published.
    Rows still waiting are encoded here, so nothing unpublished is lost by the upgrade."""
    import sqlalchemy as sa

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
    outbox = sa.table("outbox", sa.column("id"), sa.column("envelope", sa.JSON()),
                      sa.column("headers", WireHeaders), sa.column("payload", sa.LargeBinary()))
    bind = op.get_bind()
    for row in bind.execute(sa.select(outbox.c.id, outbox.c.envelope)).all():
        wire = outbox_row(Envelope.model_validate(row.envelope), topic="")
        bind.execute(outbox.update().where(outbox.c.id == row.id).values(
            headers=wire["outbox_headers"], payload=wire["outbox_payload"]))
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.alter_column("headers", existing_type=WireHeaders, nullable=False)
        batch_op.drop_column("envelope")


def outbox_to_envelopes(op) -> None:
    """The reverse of ``outbox_to_wire_form``, for a downgrade."""
    import sqlalchemy as sa

    from shared.events.envelope import decode_message
    from shared.outbox import kafka_headers
    from shared.tables import WireHeaders

    with op.batch_alter_table("outbox") as batch_op:
        batch_op.add_column(sa.Column("envelope", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_outbox_unsent", ["sent_at", "id"])
    outbox = sa.table("outbox", sa.column("id"), sa.column("key"), sa.column("envelope", sa.JSON()),
                      sa.column("headers", WireHeaders), sa.column("payload", sa.LargeBinary()))
    bind = op.get_bind()
    for row in bind.execute(sa.select(outbox.c.id, outbox.c.key, outbox.c.headers, outbox.c.payload)).all():
        key = row.key.encode() if row.key is not None else None
        env = decode_message(key, row.payload, kafka_headers(row.headers))
        bind.execute(outbox.update().where(outbox.c.id == row.id).values(envelope=env.model_dump(mode="json")))
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.alter_column("envelope", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("payload")
        batch_op.drop_column("headers")
