"""A consumer that meets aiokafka's stray CancelledError on stop goes on with a new consumer,
and a worker that ends before its service stops makes /healthz fail (a restart), not a
process that answers while it no longer consumes."""

from __future__ import annotations

import asyncio

import httpx
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaConnectionError
from pydantic import SecretStr
from sqlalchemy import MetaData

import shared.kafka.consumer as consumer_module
from shared.kafka.consumer import EventConsumer, stop_consumer
from shared.runtime import ServiceRuntime, create_service_app
from shared.settings import ServiceSettings
from shared.tables import add_infra_tables


class BackoffFetcher:
    """Closes as aiokafka's Fetcher does: cancel each pending fetch, then await it. Its one
    fetch is asleep in the retry backoff after a failed fetch."""

    def __init__(self) -> None:
        self._pending_tasks = {asyncio.ensure_future(asyncio.sleep(30))}

    async def close(self) -> None:
        for fetch in self._pending_tasks:
            fetch.cancel()
            await fetch  # raises CancelledError into the caller: the bug stop_consumer absorbs


class Client:
    closed = False

    async def close(self) -> None:
        self.closed = True


def consumer_with_a_fetch_in_backoff() -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer.__new__(AIOKafkaConsumer)
    consumer._closed = False
    consumer._coordinator = None
    consumer._fetcher = BackoffFetcher()
    consumer._client = Client()
    return consumer


async def test_stop_absorbs_a_cancelled_fetch_and_closes_the_connections():
    consumer = consumer_with_a_fetch_in_backoff()
    try:
        await AIOKafkaConsumer.stop(consumer)
        raise AssertionError("aiokafka's stop no longer raises here: stop_consumer can go")
    except asyncio.CancelledError:
        pass  # what aiokafka does; stop() ended before closing the client
    assert consumer._client.closed is False

    consumer = consumer_with_a_fetch_in_backoff()
    await stop_consumer(consumer)  # does not raise
    assert consumer._client.closed is True
    assert all(f.cancelled() for f in consumer._fetcher._pending_tasks)


async def test_a_real_cancellation_of_the_caller_still_passes():
    consumer = consumer_with_a_fetch_in_backoff()
    started = asyncio.Event()

    class SlowClient(Client):
        async def close(self) -> None:
            started.set()
            await asyncio.sleep(30)

    consumer._fetcher._pending_tasks = set()  # no stray cancellation: stop() reaches the client
    consumer._client = SlowClient()
    task = asyncio.create_task(stop_consumer(consumer))
    await started.wait()
    task.cancel()
    try:
        await task
        raise AssertionError("the caller's own cancellation was swallowed")
    except asyncio.CancelledError:
        assert task.cancelled()


async def test_the_consumer_worker_starts_a_new_consumer_after_a_stop_that_raised(monkeypatch):
    made: list[FailingConsumer] = []

    class FailingConsumer(AIOKafkaConsumer):
        """Joins, then the broker fails its next poll while a fetch is in backoff."""

        def __init__(self, *topics, **options) -> None:
            self._closed = False
            self._coordinator = None
            self._fetcher = BackoffFetcher()
            self._client = Client()
            made.append(self)

        def subscribe(self, topics=(), pattern=None, listener=None) -> None:
            pass

        async def start(self) -> None:
            pass

        def assignment(self):
            return set()

        async def getmany(self, *partitions, timeout_ms=0, max_records=None):
            raise KafkaConnectionError("the broker went away")

    async def no_dead_letters(record, reason: str) -> None:
        raise AssertionError("nothing is polled")

    monkeypatch.setattr(consumer_module, "AIOKafkaConsumer", FailingConsumer)
    worker = EventConsumer(
        name="t",
        topics=["t"],
        group_id="g",
        bootstrap="127.0.0.1:1",
        db=None,
        tables=None,
        handlers={},
        dead_letter=no_dead_letters,
    )
    worker.loop.backoff = (0.01, 0.01)
    task = asyncio.create_task(worker.run())
    try:
        for _ in range(200):
            if len(made) >= 3 or task.done():
                break
            await asyncio.sleep(0.01)
        assert not task.done(), "the consumer worker ended"
        assert len(made) >= 3  # each failed consumer was stopped and replaced
        assert all(c._client.closed for c in made[:-1])
    finally:
        await worker.stop()
        await asyncio.wait_for(task, 5)


async def test_a_worker_that_ends_before_the_service_stops_fails_healthz(tmp_path):
    metadata = MetaData()
    settings = ServiceSettings(
        service_name="ended-test",
        jwt_secret=SecretStr("x" * 48),
        database_url=f"sqlite+aiosqlite:///{tmp_path}/ended.db",
        kafka_bootstrap_servers="127.0.0.1:1",
    )
    runtime = ServiceRuntime(
        settings=settings, metadata=metadata, tables=add_infra_tables(metadata), migrations_dir=None, topics=[]
    )
    app = create_service_app(runtime, title="ended", description="")

    async def broken() -> None:
        raise RuntimeError("a bug the loop did not retry")

    async def done() -> None:
        return None

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        runtime._run(done(), "finished-its-work")
        await asyncio.sleep(0.01)
        assert (await c.get("/healthz")).status_code == 200  # a task that did its work is fine

        runtime._run(broken(), "consumer-broken")
        await asyncio.sleep(0.01)
        r = await c.get("/healthz")
        assert r.status_code == 503
        assert r.json() == {"status": "failed", "service": "ended-test", "ended": ["consumer-broken"]}

        await runtime.stop()  # tasks cancelled by the stop are not "ended"
        assert set(runtime.ended) == {"consumer-broken"}
