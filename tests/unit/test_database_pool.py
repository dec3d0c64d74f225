"""A service's PostgreSQL pool keeps the connections its settings ask for: the notifications
service more than the others (its e-mail sessions each hold one while their messages go)."""

from __future__ import annotations

from sqlalchemy import MetaData

from services.matching.settings import Settings as MatchingSettings
from services.notifications.settings import Settings as NotificationsSettings
from shared.db import BURST_CONNECTIONS
from shared.runtime import ServiceRuntime
from shared.tables import add_infra_tables

URL = "postgresql+asyncpg://corridor@127.0.0.1:1/corridor"  # an engine connects only when used


def runtime(settings) -> ServiceRuntime:
    metadata = MetaData()
    return ServiceRuntime(
        settings=settings, metadata=metadata, tables=add_infra_tables(metadata), migrations_dir=None, topics=[]
    )


async def test_the_notifications_pool_covers_its_dispatchers_sessions_and_the_rest_keep_ten():
    notifications = runtime(NotificationsSettings(database_url=URL)).db.engine.pool
    matching = runtime(MatchingSettings(database_url=URL)).db.engine.pool
    assert notifications.size() == 25 >= 2 * NotificationsSettings(database_url=URL).dispatch_concurrency
    assert matching.size() == 10
    assert notifications._max_overflow == matching._max_overflow == BURST_CONNECTIONS


async def test_an_operator_sets_a_services_pool_by_its_own_variable(monkeypatch):
    monkeypatch.setenv("NOTIFICATIONS_DATABASE_POOL_SIZE", "40")
    assert runtime(NotificationsSettings(database_url=URL)).db.engine.pool.size() == 40
