"""The one way Corridor produces to Kafka: idempotent, acks=all, ordered per key."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer

from shared.kafka.security import KafkaSecurity, client_options


def make_producer(bootstrap: str, *, client_id: str, security: KafkaSecurity | None = None) -> AIOKafkaProducer:
    """``security``: the principal to produce as (None: the CORRIDOR_KAFKA_* variables)."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        **client_options(security),
        client_id=client_id,
        enable_idempotence=True,  # no duplicates from producer retries, order kept per partition
        acks="all",
        linger_ms=2,
        request_timeout_ms=15000,
        retry_backoff_ms=200,
        max_request_size=1048576,
        # A round publishes tens of thousands of events at once: 16 KiB batches (the default)
        # were one produce request per ~20 events, each waited for (acks=all).
        max_batch_size=524288,
    )
