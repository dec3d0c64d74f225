"""The matching service in-process over the session's real Kafka and PostgreSQL, plus a
producer to feed it application events and a reader for the topics it writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from services.matching.app import create_app
from services.matching.settings import Settings
from shared.events.catalog import ApplicantRegistered, ApplicationSubmitted
from shared.events.envelope import Envelope
from shared.principal import Role
from tests.support.events import EventPublisher
from tests.support.infra import wait_for
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import decode_record
from tests.support.services import auth, in_process, test_settings


@pytest.fixture(scope="module")
async def matching(kafka, postgres):
    url = await postgres.create_database("matching")
    app = create_app(test_settings(Settings, url, kafka.bootstrap))
    async with in_process(app) as client:
        client.app = app
        client.database_url = url
        yield client


@pytest.fixture(scope="module")
async def producer(kafka):
    async with EventPublisher(kafka.bootstrap, source="/corridor/applications") as publisher:
        yield publisher


class TopicReader:
    """Reads a topic from the beginning, keeping every record whose key or data matches."""

    def __init__(self, bootstrap: str, topic: str):
        self.consumer = kafka_consumer(
            topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False
        )
        self.records: list[tuple[Envelope, object]] = []

    async def __aenter__(self) -> TopicReader:
        await self.consumer.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.consumer.stop()

    async def poll(self) -> None:
        # in a whole run the topic holds every module's rounds: large batches read it from the start
        # in a few polls (500 at a time had taken most of a 30 s wait under a loaded CI)
        batch = await self.consumer.getmany(timeout_ms=300, max_records=10_000)
        for records in batch.values():
            for rec in records:
                env = decode_record(rec)
                if env is not None:
                    self.records.append((env, rec))

    async def wait_until(self, predicate: Callable[[list[Envelope]], object], what: str, timeout: float = 30):
        async def check():
            await self.poll()
            return predicate([env for env, _ in self.records])

        return await wait_for(check, timeout=timeout, what=what)


# --- the committee and interview tests' set-up ----------------------------------------------

ADMIN = auth(Role.ADMIN, "admin-1")


async def ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json() if r.content else None


async def open_cycle(client, officer, *, institution: dict, scheme: dict, cycle: dict, programme: dict) -> datetime:
    """The host and the scheme as the admin, then the scheme's officer opens the cycle (five
    days either side of now) with its programme; returns that now."""
    await ok(await client.post("/institutions", json=institution, headers=ADMIN), 201)
    await ok(await client.post("/schemes", json=scheme, headers=ADMIN), 201)
    now = datetime.now(UTC)
    window = {"opens_at": (now - timedelta(days=5)).isoformat(), "closes_at": (now + timedelta(days=5)).isoformat()}
    await ok(await client.post("/cycles", json={**cycle, **window}, headers=officer), 201)
    await ok(await client.post("/programmes", json=programme, headers=officer), 201)
    return now


async def publish_submitted(
    producer,
    application_id: str,
    programme: dict,
    *,
    scheme_id: str,
    name: str,
    country: str,
    grade: float,
    at,
    **applicant,
) -> None:
    """Applicant stu-<application_id> registered, then their application for the programme
    submitted, as the applications service tells it."""
    applicant_id, email = f"stu-{application_id}", f"{application_id}@x.org"
    await producer.publish(
        ApplicantRegistered(applicant_id=applicant_id, email=email, name=name, nationality=country, **applicant)
    )
    await producer.publish(
        ApplicationSubmitted(
            application_id=application_id,
            applicant_id=applicant_id,
            cycle_id=programme["cycle_id"],
            scheme_id=scheme_id,
            applicant_type="student",
            sending_country=country,
            choices=[programme["id"]],
            grade=grade,
            submitted_at=at,
        )
    )
