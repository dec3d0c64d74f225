"""The one way Corridor produces to Kafka: idempotent, acks=all, ordered per key."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer


def make_producer(bootstrap: str, *, client_id: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        enable_idempotence=True,  # no duplicates from producer retries, order kept per partition
        acks="all",
        linger_ms=2,
        request_timeout_ms=15000,
        retry_backoff_ms=200,
        max_request_size=1048576,
    )
