"""The fake database every notifications unit test starts from (a module may define its own)."""

from __future__ import annotations

import pytest

from tests.unit.notifications.fakes import sqlite_database


@pytest.fixture
async def db(tmp_path):
    database = await sqlite_database(tmp_path)
    yield database
    await database.dispose()
