"""The outbox relay's small drains after a round's publication: from the first row, or on.

    .venv/bin/python bench/relay_drains.py                    # 100,000 published, 300 drains of 5
    .venv/bin/python bench/relay_drains.py -n 270000 --drains 300

After a round's outcomes are published, the relay keeps draining what comes in small
numbers (an officer's approvals, 1,000 to a call; the notices of other work): thousands of
drains of a few rows. The published rows are deleted, and until VACUUM has been by (and while
any transaction older than the deletes is open, which a busy service always has) their index
entries stay, so a drain that reads ``WHERE id > 0`` walks past every one of them first.

On real PostgreSQL and a real Apache Kafka broker (tests/support/infra.py starts both, or
CORRIDOR_TEST_DATABASE_URL / CORRIDOR_TEST_KAFKA_BOOTSTRAP name running ones): N outcome
events are staged and published (not timed) while another connection holds a snapshot taken
before (a reader that began earlier, as the bench's officer or a consumer), then ``--drains``
drains of ``--rows`` rows each, timed from the relay's first read to the rows acknowledged
(acks=all) and deleted, taking turns:

- **every drain from the first row** (the relay until 2026-12-02: ``SWEEP_SECONDS = 0``);
- **on from the last drain** (``OutboxRelay.SWEEP_SECONDS``, a sweep from the first row at
  most once a second; the bench's drains come faster, so most go on from the last one).

Reported: the median and 90th-percentile milliseconds per drain and the ratio; the
PostgreSQL backends' CPU is not separated (one server for both). Writes
bench/results/relay_drains.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncpg
from sqlalchemy import text

from bench.relay_publish import payloads, stage
from services.matching.models import Base, infra
from shared import outbox
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres

OUT = ROOT / "bench" / "results" / "relay_drains.md"
WAYS = {"every drain from the first row": 0.0, "on from the last drain": outbox.OutboxRelay.SWEEP_SECONDS}


async def measure(url: str, bootstrap: str, n: int, drains: int, rows: int) -> dict:
    db = Database(url, Base.metadata)
    older = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    link = outbox.KafkaLink(bootstrap, "bench-relay-drains")
    try:
        await migrate(db)
        await older.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        await older.fetchval("SELECT count(*) FROM outbox")  # its snapshot: before the round's deletes
        events = payloads(n)
        await stage(db, outbox.encode_payloads(events, source="bench"))
        relays = {name: outbox.OutboxRelay(db, infra, link) for name in WAYS}
        for name, relay in relays.items():
            relay.SWEEP_SECONDS = WAYS[name]
        t0 = time.perf_counter()
        published = await relays["on from the last drain"].publish_pending()
        round_s = time.perf_counter() - t0
        if published != n:
            raise SystemExit(f"the round: published {published} of {n}")
        for relay in relays.values():  # each starts on from the round's last row, as the service would
            relay._resume_after, relay._swept_at = relays["on from the last drain"]._resume_after, time.monotonic()
        times: dict[str, list[float]] = {name: [] for name in WAYS}
        trickle = payloads(2 * drains * rows)
        for i in range(drains):
            order = list(WAYS) if i % 2 == 0 else list(reversed(WAYS))
            for j, name in enumerate(order):
                k = 2 * i + j
                batch = trickle[k * rows : (k + 1) * rows]
                await stage(db, outbox.encode_payloads(batch, source="bench"))
                t0 = time.perf_counter()
                got = await relays[name].publish_pending()
                times[name].append((time.perf_counter() - t0) * 1000)
                if got != rows:
                    raise SystemExit(f"{name}: drain {i} published {got} of {rows}")
            await asyncio.sleep(0.01)
        async with db.session() as s:
            left = int(await s.scalar(text("SELECT count(*) FROM outbox")) or 0)
        if left:
            raise SystemExit(f"{left} rows left staged")
        return {"n": n, "drains": drains, "rows": rows, "round_s": round_s, "times": times}
    finally:
        await older.execute("ROLLBACK")
        await older.close()
        await link.reset()
        await db.dispose()


def write(path: Path, r: dict, machine: dict) -> None:
    lines = [
        "# The outbox relay's small drains after a round's publication",
        "",
        f"`{machine['command']}` at {machine['at']}: {machine['cores']} cores, {machine['arch']}, "
        f"Python {machine['python']}, load {machine['load']}; real PostgreSQL and Kafka (one KRaft broker).",
        "",
        f"{r['n']:,} outcome events published and deleted (the round, {r['round_s']:.1f} s) while an older "
        f"snapshot stays open, then {r['drains']} drains of {r['rows']} rows for each way, taking turns; "
        "milliseconds per drain, from the relay's first read to the rows acknowledged and deleted.",
        "",
        "| drain | median ms | p90 ms | mean ms |",
        "|---|---:|---:|---:|",
    ]
    med, mean = {}, {}
    for name, ts in r["times"].items():
        q = statistics.quantiles(ts, n=10)
        med[name], mean[name] = statistics.median(ts), statistics.fmean(ts)
        lines.append(f"| {name} | {med[name]:.2f} | {q[-1]:.2f} | {mean[name]:.2f} |")
    was, now = WAYS
    lines += [
        "",
        f"Ratio: medians **{med[was] / med[now]:.1f}x**, means {mean[was] / mean[now]:.1f}x (the means include"
        " the sweeps from the first row, at most one a second).",
    ]
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--drains", type=int, default=300)
    parser.add_argument("--rows", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    pg, kafka = external_postgres(), external_kafka()
    tmp = Path(tempfile.mkdtemp(prefix="corridor-relay-drains-"))
    if pg is None:
        pg = Postgres.launch(Path(tempfile.gettempdir()) / f"corridor-pg-drains-{uuid.uuid4().hex[:8]}")
    if kafka is None:
        kafka = KafkaBroker.launch(tmp / "kafka")
    try:
        url = asyncio.run(pg.create_database("relay_drains"))
        result = asyncio.run(measure(url, kafka.bootstrap, args.n, args.drains, args.rows))
    finally:
        if not kafka.external:
            kafka.stop()
        if pg.data is not None:
            pg.stop()
            shutil.rmtree(pg.data, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    machine = {
        "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "arch": platform.machine(),
        "python": platform.python_version(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "command": " ".join([".venv/bin/python", "bench/relay_drains.py", *sys.argv[1:]]),
    }
    write(args.out, result, machine)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
