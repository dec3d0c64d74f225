"""Kafka clients for tests, and reading the shared topics.

Every AIOKafka client a test builds goes through ``producer``, ``consumer`` or ``admin``
here: they add the security options of ``shared.kafka.security`` (by default the suite's
super user "admin" from CORRIDOR_KAFKA_*, set when the session's broker starts; pass
``security=`` to act as another principal), so the whole suite runs authenticated.
"""

import asyncio
import contextlib

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from shared.events.catalog import Topics
from shared.events.envelope import Envelope, PoisonMessage, decode_message
from shared.kafka.consumer import stop_consumer
from shared.kafka.security import KafkaSecurity, client_options


def producer(*, security: KafkaSecurity | None = None, **options) -> AIOKafkaProducer:
    """``AIOKafkaProducer(**options)`` as the suite's admin, or as ``security``."""
    return AIOKafkaProducer(**client_options(security), **options)


class Consumer(AIOKafkaConsumer):
    """An AIOKafkaConsumer whose stop() does not raise aiokafka's stray CancelledError (a
    fetch in its retry backoff when the broker is slow: ``shared.kafka.consumer.stop_consumer``)."""

    async def stop(self) -> None:
        await stop_consumer(self)


def consumer(*topics: str, security: KafkaSecurity | None = None, **options) -> AIOKafkaConsumer:
    """``AIOKafkaConsumer(*topics, **options)`` as the suite's admin, or as ``security``."""
    return Consumer(*topics, **client_options(security), **options)


def admin(*, security: KafkaSecurity | None = None, **options) -> AIOKafkaAdminClient:
    """``AIOKafkaAdminClient(**options)`` as the suite's admin, or as ``security``."""
    return AIOKafkaAdminClient(**client_options(security), **options)


SUBMITTED = "org.corridor.application.submitted.v1"


def decode_record(rec) -> Envelope | None:
    """The record's envelope, or None for poison (the guarantees suite puts some on the topics)."""
    try:
        return decode_message(rec.key, rec.value, rec.headers)
    except PoisonMessage:
        return None


class SubmittedEvents:
    """Reads the applications topic from the start until stopped (through broker faults):
    application id -> the distinct application.submitted event ids published for it. The
    outbox deletes what Kafka acknowledged, so the topic is where published events are."""

    def __init__(self, bootstrap: str):
        self.bootstrap = bootstrap
        self.by_application: dict[str, set[str]] = {}
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _run(self) -> None:
        while True:  # a whole-cluster stop can break the consumer: start another (sets make re-reading harmless)
            # No group: every partition of the topic, from the start.
            reader = consumer(
                Topics.APPLICATIONS.value,
                bootstrap_servers=self.bootstrap,
                group_id=None,
                enable_auto_commit=False,
                isolation_level="read_committed",
                auto_offset_reset="earliest",
            )
            try:
                await reader.start()
                while True:
                    batches = await reader.getmany(timeout_ms=500, max_records=1000)
                    for records in batches.values():
                        for rec in records:
                            env = decode_record(rec)
                            if env is not None and env.type == SUBMITTED and env.key:
                                self.by_application.setdefault(env.key, set()).add(env.id)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the broker is being faulted on purpose: read on when it returns
                await asyncio.sleep(1)
            finally:
                with contextlib.suppress(Exception):
                    await reader.stop()
