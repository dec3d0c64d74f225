"""An operator lists dead-lettered events and replays them once the cause is fixed (tools.dlq).

A real EventConsumer (PostgreSQL, the real dead-letter publisher) whose handler cannot yet
apply an event dead-letters it; ``python -m tools.dlq list`` shows it with its reason; the
handler is fixed; ``python -m tools.dlq replay --event-id`` puts it back on its topic and it
is applied once. A second replay changes nothing (the event id is already processed).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import MetaData, func, select

from shared.db import Database
from shared.events.catalog import CycleUpserted, type_of
from shared.events.envelope import encode_envelope, new_event
from shared.kafka.admin import ensure_topics
from shared.kafka.consumer import EventConsumer, PermanentError
from shared.migrations import migrate
from shared.outbox import KafkaLink, dead_letter_publisher
from shared.tables import add_infra_tables
from tests.integration.guarantees.poison import send_raw
from tests.support.infra import ROOT, wait_for


def dlq_cli(bootstrap: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.dlq", "--bootstrap", bootstrap, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_dead_letter_listed_then_replayed_once_fixed(kafka, postgres):
    topic = f"corridor.guarantees.replay-{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka.bootstrap, [topic], 1, 1)
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(await postgres.create_database("dlq_replay"), metadata)
    await migrate(db)
    link = KafkaLink(kafka.bootstrap, client_id="dlq-replay-test")
    applied: list[str] = []

    async def not_yet(_session, event, _env):
        raise PermanentError(f"scheme {event.scheme_id} is not in the catalog yet")

    async def fixed(_session, event, _env):
        applied.append(event.cycle_id)

    handlers = {type_of(CycleUpserted): not_yet}
    group = f"replay-{uuid.uuid4().hex[:6]}"
    consumer = EventConsumer(
        name="replayed",
        topics=[topic],
        group_id=group,
        bootstrap=kafka.bootstrap,
        db=db,
        tables=tables,
        handlers=handlers,
        dead_letter=dead_letter_publisher(link, group),
    )
    task = asyncio.create_task(consumer.run())
    try:
        now = datetime.now(UTC)
        data = CycleUpserted(
            cycle_id=f"cycle-{uuid.uuid4().hex[:6]}",
            scheme_id="luban-2026",
            name="Luban Workshop 2026",
            opens_at=now,
            closes_at=now + timedelta(days=30),
        )
        env = new_event(type_of(data), data, source="/corridor/tests", key=data.cycle_id)
        key, value, headers = encode_envelope(env)
        await send_raw(kafka.bootstrap, topic, key, [(headers, value)])
        await wait_for(lambda: _true(consumer.stats.dead_lettered == 1), timeout=30, what="the event dead-lettered")

        listed = await asyncio.to_thread(dlq_cli, kafka.bootstrap, "list", topic)
        assert listed.returncode == 0, listed.stderr
        rows = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
        assert [r["event_id"] for r in rows] == [env.id]
        assert "luban-2026 is not in the catalog yet" in rows[0]["reason"]
        assert rows[0]["from"].startswith(f"{topic}[0]@")

        handlers[type_of(CycleUpserted)] = fixed  # the cause is fixed
        replayed = await asyncio.to_thread(dlq_cli, kafka.bootstrap, "replay", topic, "--event-id", env.id)
        assert replayed.returncode == 0 and "replayed 1 record" in replayed.stdout, replayed.stdout + replayed.stderr
        await wait_for(lambda: _true(applied == [data.cycle_id]), timeout=30, what="the replayed event applied")

        again = await asyncio.to_thread(dlq_cli, kafka.bootstrap, "replay", topic, "--event-id", env.id)
        assert again.returncode == 0, again.stderr
        await wait_for(lambda: _true(consumer.stats.duplicates == 1), timeout=30, what="the second replay seen")
        assert applied == [data.cycle_id] and consumer.stats.dead_lettered == 1
        async with db.session() as s:
            assert await s.scalar(select(func.count()).select_from(tables.processed)) == 1

        # replayed, the dead letter is trimmed for good (it may carry a contact)
        where = rows[0]["ref"]
        dry = await asyncio.to_thread(dlq_cli, kafka.bootstrap, "trim", topic, "--through", where, "--dry-run")
        assert dry.returncode == 0 and dry.stdout.count("would delete ") == 1, dry.stdout + dry.stderr
        bad = await asyncio.to_thread(dlq_cli, kafka.bootstrap, "trim", topic, "--through", "zero")
        assert bad.returncode == 2 and "<dlq partition>:<dlq offset>" in bad.stdout
        assert "1 dead-lettered record" in (await asyncio.to_thread(dlq_cli, kafka.bootstrap, "list", topic)).stdout
        trimmed = await asyncio.to_thread(dlq_cli, kafka.bootstrap, "trim", topic, "--through", where)
        assert trimmed.returncode == 0 and "deleted 1 record" in trimmed.stdout, trimmed.stdout + trimmed.stderr
        listed = await asyncio.to_thread(dlq_cli, kafka.bootstrap, "list", topic)
        assert "0 dead-lettered record" in listed.stdout, listed.stdout + listed.stderr
    finally:
        await consumer.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await link.close()
        await db.dispose()


async def _true(value: bool) -> bool:
    return value
