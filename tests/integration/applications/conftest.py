"""One applications service (in-process, real PostgreSQL and Kafka) shared by this package."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from services.applications.app import create_app
from services.applications.settings import Settings
from shared.events.catalog import Topics
from shared.events.envelope import Envelope
from tests.support.events import publish
from tests.support.flows import Catalog, demo_catalog, login, wait_for_catalog
from tests.support.infra import wait_for
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import decode_record
from tests.support.services import in_process, test_settings

ADMIN_EMAIL = "admin@corridor.example"
ADMIN_PASSWORD = "admin-password-for-tests"


@dataclass
class Service:
    client: httpx.AsyncClient
    app: object
    database_url: str
    settings: Settings
    bootstrap: str

    async def admin_headers(self) -> dict[str, str]:
        return await login(self.client, ADMIN_EMAIL, ADMIN_PASSWORD)

    def client_from(self, address: str) -> httpx.AsyncClient:
        """A client calling from ``address`` (the log-in throttle counts per client address)."""
        transport = httpx.ASGITransport(app=self.app, client=(address, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30)


@pytest.fixture(scope="package")
async def service(kafka, postgres, tmp_path_factory):
    url = await postgres.create_database("applications")
    settings = test_settings(
        Settings,
        url,
        kafka.bootstrap,
        documents_dir=tmp_path_factory.mktemp("documents"),
        bootstrap_admin_email=ADMIN_EMAIL,
        bootstrap_admin_password=ADMIN_PASSWORD,
        max_document_bytes=256 * 1024,
        # Short log-in delays and an early lock, so the throttle tests run in seconds (a delay of
        # 0.5 s had run out before the next try arrived, under a loaded CI run beside the browsers).
        login_delay_seconds=1.5,
        login_max_delay_seconds=6.0,
        login_lock_after=6,
        password_reset_url="https://portal.example/password-reset?token=",
    )
    app = create_app(settings)
    async with in_process(app) as client:
        yield Service(client, app, url, settings, kafka.bootstrap)


@pytest.fixture(scope="package")
async def catalog(service) -> Catalog:
    c = demo_catalog()
    await publish(service.bootstrap, *c.events)
    await wait_for_catalog(service.client, c)
    return c


class EventLog:
    """Reads corridor.applications.v1 from the beginning; finds events by subject/key."""

    def __init__(self, bootstrap: str):
        self.bootstrap = bootstrap
        self.seen: list[Envelope] = []
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        self._consumer = kafka_consumer(
            Topics.APPLICATIONS.value,
            bootstrap_servers=self.bootstrap,
            group_id=None,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await self._consumer.start()

    async def stop(self) -> None:
        await self._consumer.stop()

    async def poll(self) -> None:
        batch = await self._consumer.getmany(timeout_ms=200)
        for records in batch.values():
            for rec in records:
                env = decode_record(rec)
                if env is not None:
                    self.seen.append(env)

    def of(self, key: str, type_suffix: str | None = None) -> list[Envelope]:
        return [e for e in self.seen if e.key == key and (type_suffix is None or f".{type_suffix}." in e.type)]

    async def wait(self, key: str, type_suffix: str, count: int = 1, timeout: float = 30) -> list[Envelope]:
        async def enough():
            await self.poll()
            found = self.of(key, type_suffix)
            return found if len(found) >= count else None

        return await wait_for(enough, timeout=timeout, what=f"{count} x {type_suffix} for {key}")

    async def settle(self, seconds: float = 1.0) -> None:
        """Read for a while longer (to see that nothing more arrives)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            await self.poll()


@pytest.fixture(scope="package")
async def events(service):
    log = EventLog(service.bootstrap)
    await log.start()
    try:
        yield log
    finally:
        await log.stop()
