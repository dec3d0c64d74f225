"""The one way Corridor produces to Kafka: idempotent, acks=all, ordered per key."""

from __future__ import annotations

import random

from aiokafka import AIOKafkaProducer
from murmurhash2 import murmurhash2

from shared.kafka.security import KafkaSecurity, client_options

_KAFKA_SEED = 0x9747B28C  # the seed of Kafka's murmur2 (org.apache.kafka.common.utils.Utils)


class KeyPartitioner:
    """Kafka's default partitioner, as aiokafka's ``DefaultPartitioner`` and the Java client
    place a keyed record (murmur2 of the key, made positive, modulo the topic's partitions),
    with murmur2 in native code: aiokafka's is pure Python, ~16 µs per key, about a third of
    the relay's CPU per event. A record lands on the same partition either way (the tests
    hold them equal), so producers of either kind keep each key's order."""

    def __call__(self, key: bytes | bytearray | None, all_partitions: list[int], available: list[int]) -> int:
        if key is None:  # as aiokafka's: any partition, an available one if there is one
            return random.choice(available or all_partitions)
        key = key if type(key) is bytes else bytes(key)  # the native hash takes bytes only
        return all_partitions[(murmurhash2(key, _KAFKA_SEED) & 0x7FFFFFFF) % len(all_partitions)]


MAX_REQUEST_BYTES = 1048576  # a produce request's limit: a record over it is refused before it is sent
PARTITIONER = KeyPartitioner()  # stateless: one serves every producer, and the relay's batches


def make_producer(bootstrap: str, *, client_id: str, security: KafkaSecurity | None = None) -> AIOKafkaProducer:
    """``security``: the principal to produce as (None: the CORRIDOR_KAFKA_* variables)."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        **client_options(security),
        client_id=client_id,
        partitioner=PARTITIONER,
        enable_idempotence=True,  # no duplicates from producer retries, order kept per partition
        acks="all",
        linger_ms=2,
        request_timeout_ms=15000,
        retry_backoff_ms=200,
        max_request_size=MAX_REQUEST_BYTES,
        # A round publishes tens of thousands of events at once: 16 KiB batches (the default)
        # were one produce request per ~20 events, each waited for (acks=all).
        max_batch_size=524288,
    )
