"""Topic creation: every service declares the topics it produces and consumes at start-up."""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
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
        return dict(KEEP)
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


_DYNAMIC_TOPIC_CONFIG = 1  # DescribeConfigs' config_source of a topic's own setting (v1 and later)
KEEP = {"retention.ms": "-1"}  # what a dead-letter topic needs (``topic_configs``)


def _own_settings(entries) -> dict[str, str]:
    """A topic's own settings from DescribeConfigs' entries (v0: ``is_default``; later:
    ``config_source``): what a (non-incremental) AlterConfigs must send again to keep them."""
    own = {}
    for entry in entries:
        name, value = entry[0], entry[1]
        mine = entry[3] == _DYNAMIC_TOPIC_CONFIG if len(entry) > 5 else not entry[3]
        if mine and value is not None:
            own[name] = value
    return own


async def keep_dead_letters(bootstrap: str, topics: list[str], security: KafkaSecurity | None = None) -> list[str]:
    """Make the existing ``.dlq`` twins of ``topics`` keep their records until deleted: one
    made before ``topic_configs`` said so kept them the broker's default 7 days, and an
    unreplayed dead letter was then lost. Their other settings are kept (AlterConfigs replaces
    a topic's whole set). Needs the right to alter topics' configs (the admin principal:
    ``tools.create_topics``, ``make run``). The topics changed."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000, **client_options(security))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        dead_letters = [f"{t}.dlq" for t in topics if f"{t}.dlq" in existing]
        if not dead_letters:
            return []
        resources = [ConfigResource(ConfigResourceType.TOPIC, t) for t in dead_letters]
        changed = []
        for response in await admin.describe_configs(resources):
            for error, message, _type, name, entries in (r[:5] for r in response.resources):
                if error:
                    raise RuntimeError(f"describing {name}: error {error} {message}")
                own = _own_settings(entries)
                if own.get("retention.ms") == KEEP["retention.ms"]:
                    continue
                await admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, name, configs={**own, **KEEP})])
                changed.append(name)
        if changed:
            log.info("dead-letter topics now keep their records: %s", changed)
        return changed
    finally:
        await admin.close()
