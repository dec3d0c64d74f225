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
