"""Create Corridor's topics (and their ``.dlq`` twins) with the cluster's durability settings.

    python -m tools.create_topics [--partitions 6] [--replication 3] [--min-insync 2] [--topics ...]

Defaults come from ``CORRIDOR_TOPIC_PARTITIONS``, ``CORRIDOR_TOPIC_REPLICATION_FACTOR`` and
``CORRIDOR_MIN_INSYNC_REPLICAS``. Existing topics are left as they are (to add partitions
to one, see docs/runbook.md), but for their ``.dlq`` twins, made to keep their records until
deleted (``retention.ms=-1``) as new ones are: run as the admin principal, which may alter them.
"""

from __future__ import annotations

import argparse
import asyncio

from shared.events.catalog import Topics
from shared.kafka.admin import ensure_topics, keep_dead_letters
from shared.settings import CommonSettings


def main(argv: list[str] | None = None) -> int:
    common = CommonSettings()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=common.kafka_bootstrap_servers)
    parser.add_argument("--partitions", type=int, default=common.topic_partitions)
    parser.add_argument("--replication", type=int, default=common.topic_replication_factor)
    parser.add_argument("--min-insync", type=int, default=common.min_insync_replicas)
    parser.add_argument("--topics", nargs="*", default=[t.value for t in Topics])
    args = parser.parse_args(argv)
    if args.min_insync and args.min_insync > args.replication:
        parser.error("--min-insync cannot exceed --replication (no write could ever succeed)")
    asyncio.run(ensure_topics(args.bootstrap, args.topics, args.partitions, args.replication, args.min_insync))
    kept = asyncio.run(keep_dead_letters(args.bootstrap, args.topics))
    if kept:
        print(f"dead-letter topics now keep their records until deleted: {', '.join(kept)}")
    print(
        f"topics ready: {', '.join(args.topics)} (+ .dlq), partitions={args.partitions}, "
        f"replication={args.replication}, min.insync.replicas={args.min_insync or 'broker default'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
