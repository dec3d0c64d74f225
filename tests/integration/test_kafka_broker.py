"""The local Kafka broker of deploy/kafka/kafka.sh works with aiokafka as Corridor uses it.

The module starts its own broker with ``deploy/kafka/kafka.sh start --users`` (SASL/SCRAM,
ACLs) on free loopback ports in a temporary data dir and stops it at the end (needs Java 17;
the first run also needs Maven to fetch the jars into deploy/kafka/libs). Its clients are its
super user "admin" (tests/integration/test_kafka_security.py checks the other principals).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import time
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import NewTopic
from aiokafka.structs import OffsetAndMetadata

from shared.kafka.acls import ensure_credentials, read_credentials
from shared.kafka.security import SASL_PLAINTEXT, KafkaSecurity
from tests.support.kafka import admin as kafka_admin
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import producer as kafka_producer

pytestmark = pytest.mark.integration

KAFKA_SH = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "kafka.sh"
N_MESSAGES = 100
N_KEYS = 10


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kafka_sh(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KAFKA_SH), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _broker_pids(data: Path) -> list[int]:
    out = subprocess.run(
        ["pgrep", "-f", f"kafka.Kafka {data}/server.properties"],
        capture_output=True,
        text=True,
    )
    return [int(p) for p in out.stdout.split()]


class Broker:
    def __init__(self, bootstrap: str, data: Path, startup_s: float) -> None:
        self.bootstrap = bootstrap
        self.data = data
        self.startup_s = startup_s


@pytest.fixture(scope="module")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("kafka-data")
    users = data.parent / "kafka-data-users"
    ensure_credentials(users)
    # This module's clients (tests.support.kafka) log in as this broker's admin.
    saved = {
        k: os.environ.get(k)
        for k in (
            "CORRIDOR_KAFKA_SECURITY_PROTOCOL",
            "CORRIDOR_KAFKA_USERNAME",
            "CORRIDOR_KAFKA_PASSWORD",
            "CORRIDOR_KAFKA_CA_FILE",
        )
    }
    os.environ.pop("CORRIDOR_KAFKA_CA_FILE", None)
    os.environ.update(KafkaSecurity(SASL_PLAINTEXT, "admin", read_credentials(users)["admin"]).as_env())
    port = _free_port()
    cport = _free_port()
    while cport == port:
        cport = _free_port()
    t0 = time.monotonic()
    started = _kafka_sh(
        "start",
        "--port",
        str(port),
        "--controller-port",
        str(cport),
        "--data",
        str(data),
        "--watch-pid",
        str(os.getpid()),
        "--users",
        str(users),
    )
    elapsed = time.monotonic() - t0
    if started.returncode != 0:
        _kafka_sh("stop", "--data", str(data), timeout=60)
        pytest.fail(f"kafka.sh start failed (exit {started.returncode}):\n{started.stdout}\n{started.stderr}")
    assert f"Kafka ready on 127.0.0.1:{port}" in started.stdout, started.stdout
    try:
        yield Broker(f"127.0.0.1:{port}", data, elapsed)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        stopped = _kafka_sh("stop", "--data", str(data), timeout=120)
        assert stopped.returncode == 0, stopped.stderr
        assert _broker_pids(data) == [], "a broker JVM survived kafka.sh stop"


async def _create_topic(bootstrap: str, name: str, partitions: int = 3) -> None:
    admin = kafka_admin(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        resp = await admin.create_topics([NewTopic(name=name, num_partitions=partitions, replication_factor=1)])
        errors = [t for t in resp.topic_errors if t[1] != 0]
        assert not errors, errors
        # Wait until the topic's metadata shows all partitions with a leader.
        for _ in range(100):
            meta = await admin.describe_topics([name])
            parts = meta[0]["partitions"]
            if meta[0]["error_code"] == 0 and len(parts) == partitions and all(p["leader"] >= 0 for p in parts):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"topic {name} not ready: {meta}")
    finally:
        await admin.close()


async def _consume_until(consumer: AIOKafkaConsumer, count: int, timeout_s: float = 30) -> list:
    records: list = []
    deadline = time.monotonic() + timeout_s
    while len(records) < count and time.monotonic() < deadline:
        batch = await consumer.getmany(timeout_ms=500)
        for recs in batch.values():
            records.extend(recs)
    return records


async def _wait_assigned(consumer: AIOKafkaConsumer, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not consumer.assignment():
        assert time.monotonic() < deadline, "consumer got no partitions"
        await consumer.getmany(timeout_ms=200)


def _consumer(bootstrap: str, topic: str, group: str, **kw) -> AIOKafkaConsumer:
    opts = dict(
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    opts.update(kw)
    return kafka_consumer(topic, **opts)


def test_broker_started_quickly(kafka_broker: Broker) -> None:
    status = _kafka_sh("status", "--data", str(kafka_broker.data))
    assert status.returncode == 0, status.stdout + status.stderr
    assert kafka_broker.bootstrap in status.stdout
    assert kafka_broker.startup_s < 60


async def test_idempotent_produce_consume_commit(kafka_broker: Broker) -> None:
    bootstrap = kafka_broker.bootstrap
    topic = f"test-idem-{uuid.uuid4().hex[:8]}"
    group = f"g-{uuid.uuid4().hex[:8]}"
    await _create_topic(bootstrap, topic)

    producer = kafka_producer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        futures = []
        for i in range(N_MESSAGES):
            key = f"k{i % N_KEYS}"
            futures.append(await producer.send(topic, key=key.encode(), value=f"{key}:{i}".encode()))
        metas = await asyncio.gather(*futures)
    finally:
        await producer.stop()
    assert len({m.partition for m in metas}) > 1, "keys all landed in one partition"
    sent = {f"k{i % N_KEYS}:{i}" for i in range(N_MESSAGES)}

    consumer = _consumer(bootstrap, topic, group)
    await consumer.start()
    try:
        records = await _consume_until(consumer, N_MESSAGES)
        extra = await consumer.getmany(timeout_ms=1000)
        assert not any(extra.values()), "more messages than were sent"
        values = [r.value.decode() for r in records]
        assert len(values) == N_MESSAGES
        assert set(values) == sent
        # Per-key order: within each key the sequence numbers come in send order.
        per_key: dict[str, list[int]] = defaultdict(list)
        for r in records:
            key, seq = r.value.decode().split(":")
            assert r.key.decode() == key
            per_key[key].append(int(seq))
        for key, seqs in per_key.items():
            assert seqs == sorted(seqs), f"order broken for {key}: {seqs}"
        # Manual commit of offset+1 per partition.
        last: dict[TopicPartition, int] = {}
        for r in records:
            tp = TopicPartition(r.topic, r.partition)
            last[tp] = max(last.get(tp, -1), r.offset)
        await consumer.commit({tp: off + 1 for tp, off in last.items()})
        for tp, off in last.items():
            assert await consumer.committed(tp) == off + 1
    finally:
        await consumer.stop()

    # A new consumer of the same group starts after the committed offsets: nothing more.
    consumer2 = _consumer(bootstrap, topic, group)
    await consumer2.start()
    try:
        await _wait_assigned(consumer2)
        nothing = await consumer2.getmany(timeout_ms=2000)
        assert not any(nothing.values()), f"re-read committed messages: {nothing}"
        # ...and it does get a message produced now (so "nothing" was not vacuous).
        async with kafka_producer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all") as p:
            await p.send_and_wait(topic, key=b"k0", value=b"k0:late")
        late = await _consume_until(consumer2, 1, timeout_s=15)
        assert [r.value for r in late] == [b"k0:late"]
    finally:
        await consumer2.stop()


async def test_transactional_producer(kafka_broker: Broker) -> None:
    bootstrap = kafka_broker.bootstrap
    src = f"test-txn-src-{uuid.uuid4().hex[:8]}"
    dst = f"test-txn-dst-{uuid.uuid4().hex[:8]}"
    group = f"g-txn-{uuid.uuid4().hex[:8]}"
    await _create_topic(bootstrap, src)
    await _create_topic(bootstrap, dst)

    async with kafka_producer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all") as p:
        for i in range(10):
            await p.send_and_wait(src, key=f"k{i}".encode(), value=f"in{i}".encode())

    txp = kafka_producer(bootstrap_servers=bootstrap, transactional_id=f"tx-{uuid.uuid4().hex[:8]}")
    consumer = _consumer(bootstrap, src, group)
    await txp.start()
    await consumer.start()
    try:
        inputs = await _consume_until(consumer, 10)
        assert len(inputs) == 10
        # Consume-transform-produce: outputs and the input offsets commit atomically.
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        async with txp.transaction():
            for r in inputs:
                await txp.send(dst, key=r.key, value=b"out-" + r.value)
                tp = TopicPartition(r.topic, r.partition)
                offsets[tp] = OffsetAndMetadata(r.offset + 1, "")
            await txp.send_offsets_to_transaction(offsets, group)
        # The group coordinator applies transactional offsets when the commit markers
        # are written, just after commit returns: poll briefly (aiokafka's OffsetFetch
        # version has no require_stable flag, so it reads None until then).
        deadline = time.monotonic() + 10
        while True:
            got_offsets = {tp: await consumer.committed(tp) for tp in offsets}
            if got_offsets == {tp: om.offset for tp, om in offsets.items()}:
                break
            assert time.monotonic() < deadline, f"offsets not committed: {got_offsets}"
            await asyncio.sleep(0.05)
        # An aborted transaction must stay invisible to read_committed consumers.
        await txp.begin_transaction()
        for i in range(5):
            await txp.send(dst, key=b"x", value=f"aborted{i}".encode())
        await txp.abort_transaction()
        async with txp.transaction():
            await txp.send(dst, key=b"y", value=b"after-abort")
    finally:
        await consumer.stop()
        await txp.stop()

    committed_reader = _consumer(bootstrap, dst, f"r-{uuid.uuid4().hex[:8]}")
    await committed_reader.start()
    try:
        got = await _consume_until(committed_reader, 11)
        more = await committed_reader.getmany(timeout_ms=1000)
        got += [r for recs in more.values() for r in recs]
    finally:
        await committed_reader.stop()
    values = sorted(r.value for r in got)
    assert values == sorted([f"out-in{i}".encode() for i in range(10)] + [b"after-abort"])

    dirty_reader = _consumer(bootstrap, dst, f"r-{uuid.uuid4().hex[:8]}", isolation_level="read_uncommitted")
    await dirty_reader.start()
    try:
        dirty = await _consume_until(dirty_reader, 16)
    finally:
        await dirty_reader.stop()
    assert sum(r.value.startswith(b"aborted") for r in dirty) == 5


def test_stop_is_graceful_and_idempotent(kafka_broker: Broker) -> None:
    data = kafka_broker.data
    assert _broker_pids(data), "broker not running before stop"
    t0 = time.monotonic()
    first = _kafka_sh("stop", "--data", str(data), timeout=120)
    took = time.monotonic() - t0
    assert first.returncode == 0, first.stderr
    assert "Kafka stopped" in first.stdout
    assert "SIGKILL" not in first.stderr, f"needed SIGKILL after {took:.1f}s"
    assert _broker_pids(data) == []
    assert "shut down completed" in (data / "server.log").read_text()
    second = _kafka_sh("stop", "--data", str(data))
    assert second.returncode == 0 and "not running" in second.stdout
    status = _kafka_sh("status", "--data", str(data))
    assert status.returncode == 3
