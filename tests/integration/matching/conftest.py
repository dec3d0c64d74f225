"""The matching service in-process over the session's real Kafka and PostgreSQL, plus a
producer to feed it application events and a reader for the topics it writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.matching.app import create_app
from services.matching.settings import Settings
from shared.events.envelope import Envelope
from tests.support.events import EventPublisher
from tests.support.infra import wait_for
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import decode_record
from tests.support.services import in_process, test_settings


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
        batch = await self.consumer.getmany(timeout_ms=300)
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
