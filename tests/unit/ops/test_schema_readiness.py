"""Readiness knows the schema: a service whose migration has not run yet (a pod started before
its migration job finished) is not ready, though its database answers; one a newer release
migrated still serves (its migrations only add)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import MetaData, text

from services.applications.app import MIGRATIONS
from shared.db import Database
from shared.migrations import alembic_config, schema_state


async def test_the_schema_is_behind_current_or_ahead_of_the_code(tmp_path):
    url = f"sqlite:///{tmp_path}/applications.db"
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/applications.db", MetaData(), MIGRATIONS)
    try:
        assert await schema_state(db) == "behind"  # nothing migrated
        cfg = alembic_config(MIGRATIONS, url=url)
        command.upgrade(cfg, "c3e5a7b9d1f4")  # one revision short of this code's newest
        assert await schema_state(db) == "behind"
        command.upgrade(cfg, "head")
        assert await schema_state(db) == "current"
        async with db.engine.begin() as conn:  # a newer release's revision, unknown here
            await conn.execute(text("UPDATE alembic_version SET version_num = 'f0f0f0f0f0f0'"))
        assert await schema_state(db) == "ahead"
    finally:
        await db.dispose()
    assert await schema_state(Database(f"sqlite+aiosqlite:///{tmp_path}/x.db", MetaData())) is None  # no migrations
