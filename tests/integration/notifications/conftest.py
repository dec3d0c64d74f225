"""Fixtures of the notifications service's integration tests."""

from __future__ import annotations

import pytest

from services.notifications.models import Base
from shared.db import Database
from shared.migrations import migrate


@pytest.fixture
async def db(request, postgres):
    """The notifications service's database on PostgreSQL, migrated, one per test module."""
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")[:40]
    database = Database(await postgres.create_database(f"notif_{name}"), Base.metadata)
    await migrate(database)
    yield database
    await database.dispose()
