"""Kafka asks who you are: SASL/SCRAM-SHA-512 and the ACLs of shared.kafka.acls, on the real broker.

The session broker (tests/support/infra.py) is started by ``kafka.sh start --users`` with random
passwords of this session, and the ACLs applied from the registry. These tests log in as the
service principals and check that each may do its job and nothing beyond it; the rest of the
suite shows the services working under them.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.client import AIOKafkaClient, ConnectionGroup
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    KafkaError,
    TopicAuthorizationFailedError,
)
from aiokafka.protocol.metadata import MetadataRequest

from services.matching.settings import Settings as MatchingSettings
from shared.events.catalog import Topics
from shared.kafka.acls import read_credentials
from shared.kafka.admin import ensure_topics
from shared.kafka.security import SASL_PLAINTEXT, SASL_SSL, KafkaSecurity, client_options
from tests.support import services as support  # not `import test_settings`: pytest would collect it
from tests.support.infra import KAFKA_SH, ROOT, KafkaBroker, free_port
from tests.support.kafka import admin as kafka_admin
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import producer as kafka_producer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def broker(kafka: KafkaBroker) -> KafkaBroker:
    if kafka.users is None:
        pytest.skip("the external broker (CORRIDOR_TEST_KAFKA_BOOTSTRAP) has no CORRIDOR_TEST_KAFKA_USERS")
    return kafka


@pytest.fixture
async def topics(broker: KafkaBroker) -> None:
    await ensure_topics(broker.bootstrap, [t.value for t in Topics], 3, 1, security=broker.security("admin"))


async def _connects(bootstrap: str, security: KafkaSecurity) -> list[str]:
    client = kafka_admin(bootstrap_servers=bootstrap, security=security, request_timeout_ms=5000)
    try:
        await asyncio.wait_for(client.start(), 15)
        return await client.list_topics()
    finally:
        await client.close()


async def _write(bootstrap: str, security: KafkaSecurity, topic: str) -> None:
    producer = kafka_producer(
        bootstrap_servers=bootstrap, security=security, enable_idempotence=True, acks="all", request_timeout_ms=5000
    )
    try:
        await producer.start()
        await asyncio.wait_for(producer.send_and_wait(topic, b"probe", key=b"k"), 15)
    finally:
        await producer.stop()


async def _read(bootstrap: str, security: KafkaSecurity, topic: str, group: str | None = None) -> None:
    """Starts reading ``topic`` (in ``group``); raises what the broker answers, or returns once assigned."""
    consumer = kafka_consumer(
        topic,
        bootstrap_servers=bootstrap,
        security=security,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        await consumer.start()
        for _ in range(50):
            await consumer.getmany(timeout_ms=200)
            if consumer.assignment():
                if group is not None:  # a committed offset: the group is really ours
                    tp = next(iter(consumer.assignment()))
                    await consumer.commit({tp: 0})
                return
        raise AssertionError(f"no partition of {topic} assigned")
    finally:
        await consumer.stop()


async def test_a_client_without_credentials_is_refused(broker: KafkaBroker, topics) -> None:
    with pytest.raises(KafkaConnectionError):
        await _connects(broker.bootstrap, KafkaSecurity())  # PLAINTEXT on the SASL listener


async def test_a_wrong_password_is_refused(broker: KafkaBroker, topics) -> None:
    wrong = KafkaSecurity(SASL_PLAINTEXT, "matching", "not-the-password-of-matching")
    with pytest.raises(KafkaError):
        await _connects(broker.bootstrap, wrong)
    with pytest.raises(KafkaError):  # nor does a name the broker does not know get in
        await _connects(broker.bootstrap, KafkaSecurity(SASL_PLAINTEXT, "mallory", "whatever-password-1"))


async def test_matching_cannot_write_the_applications_topic(broker: KafkaBroker, topics) -> None:
    with pytest.raises(TopicAuthorizationFailedError):
        await _write(broker.bootstrap, broker.security("matching"), Topics.APPLICATIONS.value)


async def test_notifications_cannot_write_another_services_topic(broker: KafkaBroker, topics) -> None:
    for topic in (Topics.APPLICATIONS, Topics.MATCHING, Topics.CATALOG):
        with pytest.raises(TopicAuthorizationFailedError):
            await _write(broker.bootstrap, broker.security("notifications"), topic.value)


async def test_a_service_cannot_read_a_topic_it_does_not_consume(broker: KafkaBroker, topics) -> None:
    # matching writes the catalog but never reads it; nobody reads the notifications topic.
    with pytest.raises(TopicAuthorizationFailedError):
        await _read(broker.bootstrap, broker.security("matching"), Topics.CATALOG.value)
    with pytest.raises(TopicAuthorizationFailedError):
        await _read(broker.bootstrap, broker.security("notifications"), Topics.NOTIFICATIONS.value)
    # and what a service does not see, it cannot list either
    visible = await _connects(broker.bootstrap, broker.security("matching"))
    assert Topics.NOTIFICATIONS.value not in visible and Topics.APPLICATIONS.value in visible


async def test_a_service_cannot_use_another_services_consumer_group(broker: KafkaBroker, topics) -> None:
    with pytest.raises(GroupAuthorizationFailedError):
        await _read(
            broker.bootstrap,
            broker.security("matching"),
            Topics.APPLICATIONS.value,
            group=f"notifications-{uuid.uuid4().hex[:6]}.pool",
        )


async def test_each_service_can_do_its_job(broker: KafkaBroker, topics) -> None:
    """An idempotent producer on its own topics, its consumed topics read in its own groups,
    and dead letters written beside what it consumes."""
    jobs = {
        "applications": ([Topics.APPLICATIONS], [Topics.CATALOG, Topics.MATCHING, Topics.APPLICATIONS]),
        "matching": ([Topics.MATCHING, Topics.CATALOG], [Topics.APPLICATIONS]),
        "notifications": ([Topics.NOTIFICATIONS], [Topics.APPLICATIONS, Topics.MATCHING, Topics.CATALOG]),
    }
    for name, (writes, reads) in jobs.items():
        security = broker.security(name)
        for topic in writes:
            await _write(broker.bootstrap, security, topic.value)
        for topic in reads:
            await _read(broker.bootstrap, security, topic.value, group=f"{name}-{uuid.uuid4().hex[:6]}.probe")
            await _write(broker.bootstrap, security, topic.dlq)


async def _connection_outlives(bootstrap: str, security: KafkaSecurity, seconds: float) -> bool:
    """Whether one client connection still answers, unchanged, after ``seconds`` of use."""
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=5000, **client_options(security))
    await client.bootstrap()
    try:
        node = next(iter(client.cluster.brokers())).nodeId
        assert await client.ready(node)
        conn = client._conns[(node, ConnectionGroup.DEFAULT)]
        deadline = asyncio.get_running_loop().time() + seconds
        while asyncio.get_running_loop().time() < deadline:
            try:  # a request a second, as a consumer's fetches and heartbeats keep a connection busy
                await client.send(node, MetadataRequest([]))
            except KafkaConnectionError:
                return False
            await asyncio.sleep(1)
        return client._conns.get((node, ConnectionGroup.DEFAULT)) is conn and conn.connected()
    finally:
        await client.close()


async def test_sasl_ssl_listener_with_the_local_ca(tmp_path: Path) -> None:
    """kafka.sh --ssl-port makes a CA and a broker certificate; a client trusting that CA logs in
    over TLS, a client trusting only the system's CAs is refused. Connections over TLS (the
    partners') must log in again within an interval; those of the services' SASL_PLAINTEXT
    listener never are asked to: aiokafka cannot re-authenticate, and the broker cut every
    service connection every 15 minutes when the interval was the whole broker's."""
    data, users = tmp_path / "kafka", tmp_path / "users"
    users.write_text(f"admin=ssl-admin-{uuid.uuid4().hex}\n")
    port, cport, ssl_port = free_port(), free_port(), free_port()
    reauth = "listener.name.sasl_ssl.scram-sha-512.connections.max.reauth.ms=3000"  # 15 minutes by default
    started = subprocess.run(
        ["bash", str(KAFKA_SH), "start", "--port", str(port), "--controller-port", str(cport), "--data", str(data)]
        + ["--users", str(users), "--ssl-port", str(ssl_port), "--watch-pid", str(os.getpid()), "--set", reauth],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        ca = data / "tls" / "ca.pem"
        assert ca.is_file() and "SASL_SSL" in started.stdout
        password = read_credentials(users)["admin"]
        over_tls = KafkaSecurity(SASL_SSL, "admin", password, str(ca))
        await ensure_topics(f"127.0.0.1:{ssl_port}", ["tls.probe"], 1, 1, security=over_tls)
        await _write(f"127.0.0.1:{ssl_port}", over_tls, "tls.probe")
        assert "tls.probe" in await _connects(f"127.0.0.1:{ssl_port}", over_tls)
        with pytest.raises(KafkaError):  # the local CA is not one the system trusts
            await _connects(f"127.0.0.1:{ssl_port}", KafkaSecurity(SASL_SSL, "admin", password))
        props = (data / "server.properties").read_text()
        assert "\nconnections.max.reauth.ms" not in props  # not the whole broker's
        plain = KafkaSecurity(SASL_PLAINTEXT, "admin", password)
        kept, cut = await asyncio.gather(
            _connection_outlives(f"127.0.0.1:{port}", plain, 8),
            _connection_outlives(f"127.0.0.1:{ssl_port}", over_tls, 8),
        )
        assert kept, "the services' listener closed a connection: aiokafka would lose it every interval"
        assert not cut, "the TLS listener kept a connection that never logged in again"
    finally:
        subprocess.run(["bash", str(KAFKA_SH), "stop", "--data", str(data)], capture_output=True, timeout=120)


def test_the_suite_runs_each_service_as_its_own_principal(broker: KafkaBroker) -> None:
    """Services the suite starts (processes or in-process) log in as themselves; the suite's
    own clients as admin."""
    env = support.service_env("notifications", "sqlite+aiosqlite:///x.db", broker.bootstrap)
    assert env["CORRIDOR_KAFKA_USERNAME"] == "notifications"
    assert env["CORRIDOR_KAFKA_PASSWORD"] == read_credentials(broker.users)["notifications"]
    settings = support.test_settings(MatchingSettings, "sqlite+aiosqlite:///x.db", broker.bootstrap)
    assert settings.kafka_security == broker.security("matching")
    assert os.environ["CORRIDOR_KAFKA_USERNAME"] == "admin"


async def test_the_controller_port_asks_who_you_are_too(broker: KafkaBroker, topics, caplog) -> None:
    """The KRaft controller listener is SASL/PLAIN with "admin" as its only user: an anonymous
    client, or a service principal, is turned away there (no anonymous super user)."""
    controller = f"127.0.0.1:{broker.controller_port}"
    with pytest.raises(KafkaError):
        await _connects(controller, KafkaSecurity())
    # a service's own password, offered with the controller listener's mechanism (PLAIN): refused
    password = read_credentials(broker.users)["notifications"]
    client = AIOKafkaAdminClient(
        bootstrap_servers=controller,
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism="PLAIN",
        sasl_plain_username="notifications",
        sasl_plain_password=password,
        request_timeout_ms=5000,
    )
    with pytest.raises(KafkaError) as refused:
        try:
            await asyncio.wait_for(client.start(), 15)
        finally:
            await client.close()
    # turned away for who it is (not for the mechanism): the listener checked the password
    assert isinstance(refused.value, KafkaConnectionError)
    assert "Invalid username or password" in caplog.text
    props = (broker.data / "server.properties").read_text()
    assert "super.users=User:admin\n" in props and "ANONYMOUS" not in props
