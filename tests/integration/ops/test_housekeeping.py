"""Idempotency-Key answers are forgotten after their retention, by each service's housekeeping
task; younger ones are kept (PostgreSQL and SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import MetaData, insert, select

from shared.migrations import migrate
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings
from shared.tables import add_infra_tables
from tests.support.infra import wait_for


async def test_expired_idempotency_keys_are_deleted_and_recent_ones_kept(kafka, database_url):
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    settings = ServiceSettings(
        service_name="housekeeping-test",
        database_url=database_url,
        kafka_bootstrap_servers=kafka.bootstrap,
        idempotency_retention_hours=24,
        housekeeping_interval_seconds=0.2,
    )
    runtime = ServiceRuntime(settings=settings, metadata=metadata, tables=tables, migrations_dir=None, topics=[])
    await migrate(runtime.db)
    now = datetime.now(UTC)
    async with runtime.db.session() as s, s.begin():
        for key, age in (("old", timedelta(hours=25)), ("recent", timedelta(hours=23))):
            await s.execute(
                insert(tables.idempotency).values(
                    principal="applicant-1",
                    key=key,
                    request_hash="h" * 64,
                    status_code=201,
                    response_body=b"{}",
                    content_type="application/json",
                    created_at=now - age,
                )
            )

    async def keys() -> set[str]:
        async with runtime.db.session() as s:
            return set(await s.scalars(select(tables.idempotency.c.key)))

    await runtime.start()
    try:

        async def only_recent_left():
            return await keys() == {"recent"}

        await wait_for(only_recent_left, timeout=15, what="the expired key deleted")
    finally:
        await runtime.stop()
