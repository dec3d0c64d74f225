"""A partner institution's own Kafka topic (issue 13, item 7): granted by the operator command,
written by the notifications service with the same minimised payload as its webhooks, readable
by that partner's principal only, and by nobody once revoked. Real broker with SASL and ACLs."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from aiokafka.errors import KafkaError, TopicAuthorizationFailedError
from sqlmodel import func, select

from services.notifications.models import PartnerFeedEntry, ProgrammeRef, UnstreamedFeedEntry
from shared.events.catalog import Topics
from shared.kafka.partners import grant, partner_topic, revoke
from shared.kafka.security import SASL_PLAINTEXT, KafkaSecurity
from tests.integration.notifications.helpers import cycle, programme, service_with_mail, stored_row, submitted
from tests.integration.notifications.test_partner_guide import python_blocks
from tests.support.infra import wait_for
from tests.support.kafka import admin as kafka_admin
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import producer as kafka_producer

pytestmark = pytest.mark.integration


@pytest.fixture
def broker(kafka):
    if kafka.users is None:
        pytest.skip("the external broker (CORRIDOR_TEST_KAFKA_BOOTSTRAP) has no CORRIDOR_TEST_KAFKA_USERS")
    return kafka


def _guide_consumer(institution_id: str) -> dict:
    """docs/partner-guide.md's Kafka example, for ``institution_id`` instead of xjmu, with the
    partner's own ``already_seen`` and ``store`` (a set and a list)."""
    [block] = [b for b in python_blocks() if "AIOKafkaConsumer" in b]
    stored: list = []
    namespace: dict = {"stored": stored, "already_seen": lambda _id: False, "store": lambda t, d: stored.append((t, d))}
    exec(block.replace("xjmu", institution_id), namespace)
    return namespace


async def _records(bootstrap: str, security: KafkaSecurity, topic: str, n: int, group: str) -> list:
    consumer = kafka_consumer(
        topic,
        bootstrap_servers=bootstrap,
        security=security,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    got: list = []
    try:

        async def read():
            for records in (await consumer.getmany(timeout_ms=500)).values():
                got.extend(records)
            return got if len(got) >= n else None

        await wait_for(read, timeout=30, what=f"{n} record(s) on {topic}")
    finally:
        await consumer.stop()
    return got


async def _refused_reading(bootstrap: str, security: KafkaSecurity, topic: str, group: str) -> None:
    consumer = kafka_consumer(
        topic, bootstrap_servers=bootstrap, security=security, group_id=group, auto_offset_reset="earliest"
    )
    try:
        with pytest.raises(TopicAuthorizationFailedError):  # at start, or at the first fetch
            await consumer.start()
            for _ in range(40):
                await consumer.getmany(timeout_ms=250)
    finally:
        await consumer.stop()


async def test_a_partner_reads_its_own_topic_and_nothing_else(broker, postgres):
    tag = uuid.uuid4().hex[:6]
    mine, other = f"pt-{tag}-a", f"pt-{tag}-b"
    admin = broker.security("admin")
    access = await grant(broker.bootstrap, mine, security=admin, partitions=1)
    await grant(broker.bootstrap, other, security=admin, partitions=1)
    assert access.topic == partner_topic(mine) and access.user == f"partner-{mine}"
    as_partner = KafkaSecurity(SASL_PLAINTEXT, access.user, access.password)

    async with service_with_mail(broker, postgres, f"pt_{tag}", partner_topics_poll_seconds=0.2) as env:
        app, _client, _mail, pub = env
        await pub.publish(cycle(f"c-{tag}", "sco", "SCO 2026"))
        await pub.publish(programme(f"p-{tag}-1", mine, "Medicine", f"c-{tag}", "sco"))
        await pub.publish(programme(f"p-{tag}-2", other, "Nursing", f"c-{tag}", "sco"))
        await pub.publish(programme(f"p-{tag}-3", f"pt-{tag}-none", "Pharmacy", f"c-{tag}", "sco"))  # no topic
        # catalog and applications topics are read in no set order: the programmes are known first
        await stored_row(app, ProgrammeRef, f"p-{tag}-1", "the first programme")
        await stored_row(app, ProgrammeRef, f"p-{tag}-2", "the second programme")
        await stored_row(app, ProgrammeRef, f"p-{tag}-3", "the third programme")
        application = f"app-{tag}"
        choices = [f"p-{tag}-1", f"p-{tag}-2", f"p-{tag}-3"]
        await pub.publish(submitted(application, f"ap-{tag}", f"c-{tag}", "sco", choices))
        [record] = await _records(broker.bootstrap, as_partner, access.topic, 1, f"{access.user}/reader")

        payload = json.loads(record.value)
        headers = dict(record.headers)
        assert record.key == application.encode()
        assert headers["event-type"] == b"application.submitted"
        # the same minimised payload as the webhook and the feed: no contact, only its own programme
        assert payload["type"] == "application.submitted"
        assert payload["data"]["application_id"] == application
        assert payload["data"]["programme_ids"] == [f"p-{tag}-1"]
        assert "email" not in record.value.decode() and "grade" not in record.value.decode()
        async with app.state.runtime.db.session() as s:
            entry = (await s.scalars(select(PartnerFeedEntry).where(PartnerFeedEntry.institution_id == mine))).one()
        assert headers["message-id"] == entry.message_id.encode()  # the webhook-id: one id for one fact
        assert entry.payload == payload

        async def all_taken():
            # the other's entry written to its topic, the third's passed over (no topic) once
            # the topic list is newer than it: none left in the worker's queue
            async with app.state.runtime.db.session() as s:
                return await s.scalar(select(func.count()).select_from(UnstreamedFeedEntry)) == 0

        await wait_for(all_taken, timeout=30, what="every feed entry taken by the partner-topic worker")
        async with app.state.runtime.db.session() as s:
            institutions = set(await s.scalars(select(PartnerFeedEntry.institution_id)))
        assert {mine, other, f"pt-{tag}-none"} <= institutions  # the feed keeps every entry

        # the partner guide's consumer example, as written, reads the same record
        namespace = _guide_consumer(mine)
        task = asyncio.create_task(namespace["consume"](broker.bootstrap, access.password, "SASL_PLAINTEXT"))
        try:

            async def guide_stored():
                if task.done():
                    task.result()  # the example failed: say how
                return namespace["stored"] or None

            await wait_for(guide_stored, timeout=30, what="the guide's consumer storing")
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        assert namespace["stored"] == [("application.submitted", payload["data"])]

    # the partner may not read another institution's topic, nor the services' topics, nor write its own
    await _refused_reading(broker.bootstrap, as_partner, partner_topic(other), f"{access.user}/peek")
    await _refused_reading(broker.bootstrap, as_partner, Topics.APPLICATIONS.value, f"{access.user}/peek2")
    producer = kafka_producer(bootstrap_servers=broker.bootstrap, security=as_partner, request_timeout_ms=5000)
    await producer.start()
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            await asyncio.wait_for(producer.send_and_wait(access.topic, b"forged", key=b"k"), 15)
    finally:
        await producer.stop()

    # granting again rotates the password: the old one stops working
    rotated = await grant(broker.bootstrap, mine, security=admin, partitions=1)
    assert rotated.password != access.password
    with pytest.raises(KafkaError):
        client = kafka_admin(bootstrap_servers=broker.bootstrap, security=as_partner, request_timeout_ms=5000)
        try:
            await asyncio.wait_for(client.start(), 15)
        finally:
            await client.close()

    # revoked: an open connection reads nothing more, at once, and no new log-in works
    as_rotated = KafkaSecurity(SASL_PLAINTEXT, rotated.user, rotated.password)
    reader = kafka_consumer(
        access.topic,
        bootstrap_servers=broker.bootstrap,
        security=as_rotated,
        group_id=f"{access.user}/open",
        enable_auto_commit=False,
        auto_offset_reset="latest",
    )
    await reader.start()
    try:
        for _ in range(40):  # assigned and positioned at the end before the revocation
            await reader.getmany(timeout_ms=250)
            if reader.assignment():
                break
        await revoke(broker.bootstrap, mine, security=admin)
        # a fetch already waiting at the broker (up to fetch_max_wait_ms, 0.5 s) was let in before
        await asyncio.sleep(1.0)
        producer = kafka_producer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            await producer.send_and_wait(access.topic, b"after the revocation", key=b"k")
        finally:
            await producer.stop()
        got: list = []
        with pytest.raises(KafkaError):
            for _ in range(40):
                for records in (await reader.getmany(timeout_ms=250)).values():
                    got.extend(records)
        assert got == []
    finally:
        await reader.stop()
    revoked = as_rotated
    with pytest.raises(KafkaError):
        client = kafka_admin(bootstrap_servers=broker.bootstrap, security=revoked, request_timeout_ms=5000)
        try:
            await asyncio.wait_for(client.start(), 15)
        finally:
            await client.close()
