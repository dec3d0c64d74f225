"""Publishing catalogued events on the real broker, as the other services would."""

from __future__ import annotations

from shared.events.catalog import EventData, spec_for, type_of
from shared.events.envelope import Envelope, encode_envelope, new_event
from shared.kafka.security import KafkaSecurity
from tests.support.kafka import producer

TEST_SOURCE = "/corridor/tests"


class EventPublisher:
    """One idempotent producer; ``async with EventPublisher(bootstrap) as pub: await pub.publish(...)``."""

    def __init__(self, bootstrap: str, source: str = TEST_SOURCE, security: KafkaSecurity | None = None):
        self.source = source
        self.producer = producer(bootstrap_servers=bootstrap, security=security, enable_idempotence=True, acks="all")

    async def start(self) -> EventPublisher:
        await self.producer.start()
        return self

    async def stop(self) -> None:
        await self.producer.stop()

    async def __aenter__(self) -> EventPublisher:
        return await self.start()

    async def __aexit__(self, *_exc) -> None:
        await self.stop()

    async def publish(self, data: EventData, key: str | None = None) -> Envelope:
        spec = spec_for(type_of(data))
        env = new_event(spec.type, data, source=self.source, key=key or str(getattr(data, spec.key)))
        await self.send(env, spec.topic.value)
        return env

    async def tombstone(self, kind: str, ident: str) -> Envelope:
        spec = spec_for("org.corridor.catalog.deleted.v1")
        env = new_event(spec.type, None, source=self.source, key=ident, subject=f"{kind}:{ident}")
        await self.send(env, spec.topic.value)
        return env

    async def send(self, env: Envelope, topic: str) -> None:
        key, value, headers = encode_envelope(env)
        await self.producer.send_and_wait(topic, value=value, key=key, headers=headers)


async def publish(bootstrap: str, *events: EventData, tombstones: list[tuple[str, str]] | None = None) -> None:
    """Publish catalogued events (and (kind, id) catalog tombstones) with a producer of their own."""
    async with EventPublisher(bootstrap) as pub:
        for data in events:
            await pub.publish(data)
        for kind, ident in tombstones or []:
            await pub.tombstone(kind, ident)
