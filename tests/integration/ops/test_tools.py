"""Operator tools on the real broker and PostgreSQL: dead-letter list and replay, topic
creation with min.insync.replicas, and the migration Job's command."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from types import SimpleNamespace

from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.events.catalog import ApplicationWithdrawn
from shared.events.envelope import encode_envelope, new_event
from shared.kafka.admin import ensure_topics
from shared.outbox import KafkaLink, dead_letter_publisher
from tests.support.infra import ROOT, wait_for
from tests.support.kafka import admin as kafka_admin
from tests.support.kafka import consumer as kafka_consumer
from tools import dlq


async def read_all(bootstrap: str, topic: str) -> list:
    consumer = kafka_consumer(topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest")
    await consumer.start()
    got = []
    try:

        async def enough():
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                got.extend(records)
            return got or None

        await wait_for(enough, timeout=30, what=f"records on {topic}")
    finally:
        await consumer.stop()
    return got


async def test_dead_letters_are_listed_and_replayed_without_dlq_headers(kafka):
    topic = f"corridor.ops-dlq-{uuid.uuid4().hex[:8]}.v1"
    await ensure_topics(kafka.bootstrap, [topic], partitions=2, replication=1)
    link = KafkaLink(kafka.bootstrap, client_id="ops-test")
    publish = dead_letter_publisher(link, "ops-group")
    envs = []
    try:
        for i in range(3):
            env = new_event(
                "org.corridor.application.withdrawn.v1",
                ApplicationWithdrawn(application_id=f"a-{i}", applicant_id="s", cycle_id="c"),
                source="/corridor/ops-test",
                key=f"a-{i}",
            )
            key, value, headers = encode_envelope(env)
            record = SimpleNamespace(topic=topic, partition=i % 2, offset=10 + i, key=key, value=value, headers=headers)
            await publish(record, f"rejected by handler: case {i}")
            envs.append((env, key, value, headers))
    finally:
        await link.close()

    letters = await dlq.read_dead_letters(kafka.bootstrap, topic)
    assert [d.header("ce_id") for d in letters] == [e.id for e, *_ in envs]
    first = letters[0].summary()
    assert first["reason"] == "rejected by handler: case 0" and first["from"] == f"{topic}[0]@10"
    assert first["group"] == "ops-group" and first["type"] == "org.corridor.application.withdrawn.v1"

    # the command line lists them too
    out = subprocess.run(
        [sys.executable, "-m", "tools.dlq", "--bootstrap", kafka.bootstrap, "list", topic],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "3 dead-lettered record(s)" in out.stdout and envs[1][0].id in out.stdout

    # replay one by event id through the command line
    wanted = envs[1][0]
    out = subprocess.run(
        [sys.executable, "-m", "tools.dlq", "--bootstrap", kafka.bootstrap, "replay", topic, "--event-id", wanted.id],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr + out.stdout
    assert "replayed 1 record(s)" in out.stdout
    (replayed,) = await read_all(kafka.bootstrap, topic)
    _, key, value, headers = envs[1]
    assert replayed.key == key and replayed.value == value
    assert list(replayed.headers) == headers  # the original CloudEvent, no dlq_* header left
    assert not any(k.startswith("dlq_") for k, _ in replayed.headers)

    # a dry run publishes nothing; naming nothing is refused
    assert (
        await asyncio.to_thread(dlq.main, ["--bootstrap", kafka.bootstrap, "replay", topic, "--all", "--dry-run"]) == 0
    )
    assert await asyncio.to_thread(dlq.main, ["--bootstrap", kafka.bootstrap, "replay", topic]) == 2
    assert len(await read_all(kafka.bootstrap, topic)) == 1


async def test_create_topics_sets_partitions_and_min_insync_replicas(kafka):
    topic = f"corridor.ops-topics-{uuid.uuid4().hex[:8]}.v1"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.create_topics",
            "--bootstrap",
            kafka.bootstrap,
            "--partitions",
            "4",
            "--replication",
            "1",
            "--min-insync",
            "1",
            "--topics",
            topic,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    admin = kafka_admin(bootstrap_servers=kafka.bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics([topic, f"{topic}.dlq"])
        assert [len(t["partitions"]) for t in described] == [4, 4]
        configs = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        entries = {e[0]: e[1] for e in configs[0].resources[0][4]}
        assert entries["min.insync.replicas"] == "1"
    finally:
        await admin.close()
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.create_topics",
            "--bootstrap",
            kafka.bootstrap,
            "--replication",
            "1",
            "--min-insync",
            "2",
            "--topics",
            topic,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "cannot exceed" in refused.stderr


async def test_migrate_job_brings_a_database_to_head(postgres):
    url = await postgres.create_database("opsmigrate")
    env = {"NOTIFICATIONS_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "tools.migrate", "notifications"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "migrated to head" in out.stdout and "postgres" not in out.stdout.split("@")[0]
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
            outbox = await conn.scalar(text("SELECT count(*) FROM outbox"))
    finally:
        await engine.dispose()
    assert version and outbox == 0
    bad = subprocess.run(
        [sys.executable, "-m", "tools.migrate", "nosuch"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert bad.returncode != 0 and "unknown service" in bad.stderr


async def test_an_existing_dead_letter_topic_is_made_to_keep_its_records_and_its_other_settings(kafka):
    """A .dlq made before new ones kept their records kept them 7 days: an unreplayed dead
    letter was then deleted. tools.create_topics (as the admin) mends it, and keeps the rest."""
    from aiokafka.admin import NewTopic

    topic = f"corridor.ops-dlq-{uuid.uuid4().hex[:8]}.v1"
    admin = kafka_admin(bootstrap_servers=kafka.bootstrap)
    await admin.start()
    old = {"retention.ms": "604800000", "min.insync.replicas": "1"}
    try:
        await admin.create_topics([NewTopic(t, 1, 1, topic_configs=old) for t in (topic, f"{topic}.dlq")])

        def run() -> str:
            out = subprocess.run(
                [sys.executable, "-m", "tools.create_topics", "--bootstrap", kafka.bootstrap, "--replication", "1",
                 "--topics", topic],
                cwd=ROOT, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert out.returncode == 0, out.stderr
            return out.stdout

        assert f"{topic}.dlq" in run()

        async def settings(name: str) -> dict[str, str]:
            described = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, name)])
            return {e[0]: e[1] for e in described[0].resources[0][4]}

        dlq_settings = await settings(f"{topic}.dlq")
        assert dlq_settings["retention.ms"] == "-1" and dlq_settings["min.insync.replicas"] == "1"
        assert (await settings(topic))["retention.ms"] == "604800000"  # the topic itself as it was
        assert f"{topic}.dlq" not in run()  # kept already: nothing altered again
    finally:
        await admin.close()
