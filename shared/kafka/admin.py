"""Topic creation: every service declares the topics it produces and consumes at start-up."""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from shared.events.catalog import Topics
from shared.kafka.security import KafkaSecurity, client_options

log = logging.getLogger(__name__)


def topic_configs(topic: str) -> dict[str, str]:
    if topic == Topics.CATALOG.value:
        # The catalog is a table: keep the newest value per key, drop tombstoned keys.
        return {"cleanup.policy": "compact", "min.compaction.lag.ms": "0", "delete.retention.ms": "86400000"}
    if topic.endswith(".dlq"):
        # A dead letter waits for an operator to mend its cause and replay it, however long
        # that takes: the broker's default (7 days) deleted the unreplayed, an application lost.
        return {"retention.ms": "-1"}
    return {}


async def ensure_topics(
    bootstrap: str,
    topics: list[str],
    partitions: int,
    replication: int,
    min_insync_replicas: int | None = None,
    security: KafkaSecurity | None = None,
    *,
    dead_letters: bool = True,
) -> None:
    """Create the missing topics and their ``.dlq`` twins (existing ones are left as they are;
    ``dead_letters=False``: no twins, for topics no service consumes).

    ``min_insync_replicas`` (with ``acks=all``) is how many replicas must hold a write
    before it counts; production uses replication 3 and 2 in sync.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000, **client_options(security))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted: list[NewTopic] = []
        for name in topics:
            for t in (name, f"{name}.dlq") if dead_letters else (name,):
                if t not in existing and t not in {w.name for w in wanted}:
                    configs = topic_configs(t)
                    if min_insync_replicas:
                        configs = {**configs, "min.insync.replicas": str(min_insync_replicas)}
                    wanted.append(
                        NewTopic(t, num_partitions=partitions, replication_factor=replication, topic_configs=configs)
                    )
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass  # another instance won the race
            log.info("created topics %s", [w.name for w in wanted])
    finally:
        await admin.close()
