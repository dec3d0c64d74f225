"""A queue's head read after the queue stood empty: a generic plan, or planned with its values.

    .venv/bin/python bench/queue_plans.py                  # 3 rounds of 100,000 events
    .venv/bin/python bench/queue_plans.py --rounds 3 --events 100000

Between a service's bursts its outbox is empty. The relay reads it all the same (each wake-up,
each poll), through a statement the driver prepared once per connection; after five runs
PostgreSQL settles on a generic plan, and planned on an empty table that plan is a sequential
scan and a sort. A round then stages 413,000 events at once: each read of 500 sorted the whole
outbox again, until autovacuum's ANALYZE happened to replan the statement (matching's relay
read 3,778 times at 14.8 ms on average in the 270,000 round of 2026-12-03, and published at
~2,000 events a second for its first minute, ~10,000 after). The cost of a read as it was
grows with the outbox (each sorts all of it): the ratio holds for ``--events`` only.

On a local server only: the backend's CPU is read from /proc.

On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a
running one), in two databases with the outbox table, ``--rounds`` times each way, taking
turns: a fresh outbox table and connection, through one burst of 1,000 events and vacuumed
(as autovacuum leaves it after a burst: empty, and its statistics say so), the relay's
``publish_pending`` run 8 times on the empty outbox, then ``--events`` events staged in one transaction (COPY, as a round stores
them) and published by ``publish_pending`` in batches of 500 (read, then deleted once
acknowledged: the producer here acknowledges at once, Kafka is not what is measured):

- **as it was**: the relay's transaction as before 2026-12-03 (the advisory lock only);
- **as it is**: ``OutboxRelay._leader`` as it is, which also sets ``plan_cache_mode`` to
  ``force_custom_plan`` for the transaction (``shared.db.plan_with_values``).

Reported: this process's CPU, the PostgreSQL backend's CPU (/proc) and wall per 1,000 events
published, with the ratios, and the plans PostgreSQL used for the read
(``pg_prepared_statements``). Writes bench/results/queue_plans.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncSession

from bench.fanout_rows import WAYS, backend_cpu, cost_table
from bench.notifications_pipeline import loadavg
from shared.clock import utcnow
from shared.db import Database
from shared.outbox import OUTBOX_COLUMNS, OutboxRelay
from shared.tables import add_infra_tables
from tests.support.infra import bench_postgres
from tests.support.plans import backend, plans_of

OUT = ROOT / "bench" / "results" / "queue_plans.md"
BATCH = 500
SETTLING_READS = 8  # PostgreSQL plans a prepared statement's first five runs with their values


class Acknowledged:
    """A producer whose every send is acknowledged at once."""

    async def send(self, topic, value, key, headers):
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


class Link:
    client_id = "queue-plans-bench"

    async def producer(self) -> Acknowledged:
        return Acknowledged()


class RelayAsItWas(OutboxRelay):
    async def _leader(self, session: AsyncSession) -> bool:
        return bool(await session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": self._lock_id}))


def staged_rows(n: int, first: int) -> list[tuple]:
    """``n`` outbox rows as a round stages them (a ~600-byte CloudEvent each)."""
    now = utcnow()
    payload = b'{"application_id":"app-%d",' + b"x" * 560 + b"}"
    headers = ["ce_specversion", "1.0", "ce_type", "org.corridor.application.waitlisted.v1", "ce_source", "/m"]
    return [
        (
            f"evt-{first + i}",
            "corridor.matching.v1",
            f"app-{first + i}",
            "org.corridor.application.waitlisted.v1",
            [*headers, "ce_id", f"evt-{first + i}"],
            payload % (first + i),
            now,
            0,
        )  # fmt: skip
        for i in range(n)
    ]


async def one_round(url: str, way: str, events: int, first: int) -> dict[str, float]:
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(url, metadata, pool_size=1)
    try:
        async with db.engine.begin() as conn:  # a fresh outbox, through one burst already
            await conn.execute(text("DROP TABLE IF EXISTS outbox"))
            await conn.run_sync(lambda sync: tables.outbox.create(sync))
            # no ANALYZE of its own in the middle of a drain: each way's plans are its own doing
            await conn.execute(text("ALTER TABLE outbox SET (autovacuum_enabled = off)"))
            raw = (await conn.get_raw_connection()).driver_connection
            await raw.copy_records_to_table("outbox", records=staged_rows(1000, -1000), columns=OUTBOX_COLUMNS)
            await conn.execute(text("DELETE FROM outbox"))
        async with db.engine.connect() as conn:  # as autovacuum leaves it after a burst: empty, and known to be
            await (await conn.get_raw_connection()).driver_connection.execute("VACUUM ANALYZE outbox")
        relay = (RelayAsItWas if way == "as it was" else OutboxRelay)(db, tables, Link(), batch_size=BATCH)
        for _ in range(SETTLING_READS):
            assert await relay.publish_pending() == 0
        async with db.engine.begin() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            await raw.copy_records_to_table("outbox", records=staged_rows(events, first), columns=OUTBOX_COLUMNS)
        pid = await backend(db)
        ours, server, wall = time.process_time(), backend_cpu(pid), time.perf_counter()
        published = await relay.publish_pending()
        cost = {
            "ours": time.process_time() - ours,
            "server": backend_cpu(pid) - server,
            "wall": time.perf_counter() - wall,
        }
        if published != events:
            raise SystemExit(f"{way}: {published} published of {events}")
        # on the backend whose CPU was counted (plans_of fails if the pool replaced it)
        cost["generic"], cost["custom"] = await plans_of(db, "FROM outbox WHERE id >", pid)
        return cost
    finally:
        await db.dispose()


async def run(urls: dict[str, str], rounds: int, events: int) -> dict[str, dict[str, float]]:
    totals = {way: {"ours": 0.0, "server": 0.0, "wall": 0.0, "generic": 0, "custom": 0} for way in WAYS}
    for i in range(rounds):
        for way in WAYS if i % 2 == 0 else tuple(reversed(WAYS)):
            cost = await one_round(urls[way], way, events, i * events)
            for k, v in cost.items():
                totals[way][k] += v
            print(f"round {i + 1} {way}: {cost}", file=sys.stderr)
    return totals


def report(totals: dict, rounds: int, events: int, command: str, load: tuple[str, str]) -> str:
    n = rounds * events
    lines = [
        "# A queue's head read after the queue stood empty: a generic plan, or planned with its values",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"{rounds} rounds each way, taking turns: a fresh outbox (emptied and vacuumed after a burst), the relay's `publish_pending` {SETTLING_READS} times"
        f" on it empty, then {events:,} events staged at once and published in batches of {BATCH} (the producer"
        " acknowledges at once). Milliseconds per 1,000 events published.",
        "",
        *cost_table(totals, n, 1e6, 2),
        "",
        "The relay's read (`SELECT ... FROM outbox WHERE id > $1 ORDER BY id LIMIT $2`), plans PostgreSQL used"
        " (`pg_prepared_statements`, all rounds):",
        "",
        "| | generic plans | plans with the values |",
        "|---|---:|---:|",
        *(f"| {way} | {totals[way]['generic']:,} | {totals[way]['custom']:,} |" for way in WAYS),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("queue-plans-bench-") as pg:
        urls = {way: asyncio.run(pg.create_database(f"queue_plans_{n}")) for n, way in enumerate(WAYS)}
        totals = asyncio.run(run(urls, args.rounds, args.events))
    command = ".venv/bin/python bench/queue_plans.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(totals, args.rounds, args.events, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
