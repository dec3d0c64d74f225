"""The notifications relay under a steady stream of one-event commits: as it was, reading
until a read came back empty, or as it is, a drain ending at a short batch and the commits
of 100 ms sharing the next (issue 17).

    .venv/bin/python bench/relay_coalesce.py                   # 6,000 commits at 400/s, 3 runs each
    .venv/bin/python bench/relay_coalesce.py -n 6000 --rate 400 --repeat 3

In a round the e-mail lane commits each e-mail's delivery with its notification.delivered
event on its own (the at-most-one-resend guarantee), ~400 a second at 270,000 applicants,
and each commit wakes the relay: in the national round of 2026-12-02 the relay drained 33,561
times for 309,474 events (~9 each), every drain two transactions. On real PostgreSQL and a
real Apache Kafka broker (tests/support/infra.py starts both, or CORRIDOR_TEST_DATABASE_URL /
CORRIDOR_TEST_KAFKA_BOOTSTRAP name running ones), a writer commits N notification.delivered
events one per transaction at ``--rate`` a second, while an ``OutboxRelay`` woken by each
commit publishes them,

- **as it was**: ``shared/outbox.py`` of ``--before`` (read with ``git show``), whose drain
  read on until a read came back empty, with ``coalesce_seconds=0`` (notifications' until
  2026-12-03);
- **as it is**: today's relay, a drain ending at a batch that came back short, with
  notifications' ``outbox_coalesce_seconds`` (0.1 s);

taking turns, ``--repeat`` runs each, in one process, database and broker. Reported: the
relay's reads of the outbox, this process's CPU (writer and relay; the writer's part
is the same both ways), PostgreSQL's CPU (every backend of the bench's database, /proc), and
each event's wait from its commit to its record's timestamp on the topic (p50, p99). Each run
must leave the outbox empty and raise the topic's end offsets by exactly N. Writes
bench/results/relay_coalesce.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
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

from aiokafka import AIOKafkaConsumer
from sqlalchemy import text

from bench.fanout_rows import backend_cpu
from bench.relay_publish import end_offsets, load_before
from services.notifications.models import Base, infra
from services.notifications.settings import Settings
from shared import outbox
from shared.db import Database
from shared.events.catalog import spec_for
from shared.kafka.security import client_options
from shared.migrations import migrate
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres

TYPE = "org.corridor.notification.delivered.v1"
BEFORE = "d08b029"  # the relay whose drain read until a read came back empty
WAYS = ("as it was", "as it is")


def delivered(i: int, run: str) -> tuple[str, str, bytes]:
    """(type, key, payload) of one e-mail's notification.delivered, as the dispatcher stages it."""
    recipient = f"applicant-{i:07d}"
    data = {
        "notification_id": f"ntf_{uuid.uuid4().hex}",
        "source_event_id": f"{run}-{i}",  # the bench finds its commit time by it
        "recipient": recipient,
        "channel": "email",
        "attempts": 1,
        "error": None,
    }
    return TYPE, recipient, json.dumps(data).encode()


def pg_cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += backend_cpu(pid)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


async def backends(db: Database) -> list[int]:
    async with db.session() as s:
        return list(await s.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")))


async def one_run(db: Database, bootstrap: str, relays: dict[str, tuple], way: str, n: int, rate: float) -> dict:
    module, coalesce = relays[way]
    link = module.KafkaLink(bootstrap, "bench-relay-coalesce")
    relay = module.OutboxRelay(db, infra, link, coalesce_seconds=coalesce, poll_seconds=0.5)
    reads = 0
    next_rows = relay._next_rows

    async def counted(session, after_id):
        nonlocal reads
        reads += 1
        return await next_rows(session, after_id)

    relay._next_rows = counted
    db._commit_hooks[:] = [relay.wake]
    await link.producer()  # connected before the clock starts, as a running service is
    running = asyncio.create_task(relay.run())
    run_id = uuid.uuid4().hex[:8]
    committed: dict[str, float] = {}
    try:
        await asyncio.sleep(0.2)
        reads = 0
        pids = await backends(db)
        cpu0, server0, t0 = time.process_time(), pg_cpu(pids), time.perf_counter()
        for i in range(n):
            row = outbox.encode_payloads([delivered(i, run_id)], source="/corridor/notifications")[0]
            async with db.session() as s, s.begin():
                await outbox.stage_row(s, infra, row)
            committed[f"{run_id}-{i}"] = time.time()
            ahead = t0 + (i + 1) / rate - time.perf_counter()
            if ahead > 0:
                await asyncio.sleep(ahead)
        while True:  # the last commits published
            async with db.session() as s:
                if not await s.scalar(text("SELECT count(*) FROM outbox")):
                    break
            await asyncio.sleep(0.01)
        wall = time.perf_counter() - t0
        pids = sorted(set(pids) | set(await backends(db)))
        cpu, server = time.process_time() - cpu0, pg_cpu(pids) - server0
    finally:
        await relay.stop()
        await running
        await link.reset()
    return {"reads": reads, "cpu": cpu, "server": server, "wall": wall, "committed": committed, "run": run_id}


async def waits(bootstrap: str, topic: str, runs: list[dict]) -> dict[str, list[float]]:
    """Each event's commit-to-record wait (ms), from the topic's records' timestamps."""
    by_event = {k: (r["run"], t) for r in runs for k, t in r["committed"].items()}
    out: dict[str, list[float]] = {r["run"]: [] for r in runs}
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False, **client_options()
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + 120
        while by_event and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=500, max_records=5000)).values():
                for record in records:
                    key = json.loads(record.value)["source_event_id"]
                    if key in by_event:
                        run, at = by_event.pop(key)
                        out[run].append(record.timestamp - at * 1000)
    finally:
        await consumer.stop()
    if by_event:
        raise SystemExit(f"{len(by_event)} events not found on {topic}")
    return out


async def measure(pg: Postgres, bootstrap: str, n: int, rate: float, repeat: int, before: str) -> dict[str, list[dict]]:
    db = Database(await pg.create_database("relay_coalesce"), Base.metadata)
    relays = {"as it was": (load_before(before), 0.0), "as it is": (outbox, Settings().outbox_coalesce_seconds)}
    topic = spec_for(TYPE).topic.value
    runs: dict[str, list[dict]] = {way: [] for way in WAYS}
    try:
        await migrate(db)
        for i in range(repeat):
            for way in WAYS if i % 2 == 0 else tuple(reversed(WAYS)):
                start = await end_offsets(bootstrap, topic)
                r = await one_run(db, bootstrap, relays, way, n, rate)
                added = await end_offsets(bootstrap, topic) - start
                if added != n:
                    raise SystemExit(f"{way}: the topic's offsets rose by {added}, not {n}")
                runs[way].append(r)
                print(
                    f"  {way}: {r['reads']} reads of the outbox, {r['cpu']:.2f} s CPU, PostgreSQL {r['server']:.2f} s",
                    flush=True,
                )
        found = await waits(bootstrap, topic, [r for rs in runs.values() for r in rs])
        for rs in runs.values():
            for r in rs:
                r["waits"] = found[r["run"]]
                del r["committed"]
    finally:
        await db.dispose()
    return runs


def report(runs: dict[str, list[dict]], n: int, rate: float, machine: dict) -> str:
    lines = [
        "# The notifications relay under one-event commits: read until empty, or a drain ending at a short batch",
        "",
        f"Run {machine['at']} on {machine['cores']} cores ({machine['arch']}), Python {machine['python']};"
        f" load average {machine['load']} after.",
        f"Command: `{machine['command']}`.",
        "",
        f"{n:,} notification.delivered events committed one per transaction at {rate:g} a second, the relay"
        f" woken by each commit; {len(runs['as it was'])} runs each way, taking turns. Totals per 1,000 events"
        " (medians of the runs); the waits over every event of every run.",
        "",
        "| | reads of the outbox | this process's CPU (ms) | PostgreSQL's CPU (ms) | wait p50 (ms) | wait p99 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    summary = {}
    for way, rs in runs.items():
        per = 1000 / n
        s = {
            "reads": statistics.median(r["reads"] for r in rs) * per,
            "cpu": statistics.median(r["cpu"] for r in rs) * per * 1000,
            "server": statistics.median(r["server"] for r in rs) * per * 1000,
        }
        w = sorted(x for r in rs for x in r["waits"])
        s["p50"], s["p99"] = w[len(w) // 2], w[int(len(w) * 0.99)]
        summary[way] = s
        lines.append(
            f"| {way} | {s['reads']:.0f} | {s['cpu']:.0f} | {s['server']:.0f} | {s['p50']:.0f} | {s['p99']:.0f} |"
        )
    a, b = summary["as it was"], summary["as it is"]
    lines.append(
        f"| **was / is** | **{a['reads'] / b['reads']:.1f}x** | **{a['cpu'] / b['cpu']:.2f}x** |"
        f" **{a['server'] / b['server']:.2f}x** | | |"
    )
    lines += [
        "",
        f"As it was: shared/outbox.py of {machine['before']}, coalesce_seconds 0. As it is: today's,"
        " notifications' outbox_coalesce_seconds (0.1).",
        "This process's CPU includes the writer's commits, the same both ways: the relay's own saving is the"
        " difference, not the ratio.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=6000)
    parser.add_argument("--rate", type=float, default=400.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "relay_coalesce.md")
    args = parser.parse_args()
    pg, kafka = external_postgres(), external_kafka()
    tmp = Path(tempfile.mkdtemp(prefix="corridor-relay-coalesce-"))
    tmp.chmod(0o755)  # PostgreSQL runs as its own user
    if pg is None:
        pg = Postgres.launch(tmp / "pg")
    if kafka is None:
        kafka = KafkaBroker.launch(tmp / "kafka")
    try:
        runs = asyncio.run(measure(pg, kafka.bootstrap, args.n, args.rate, args.repeat, args.before))
    finally:
        if not kafka.external:
            kafka.stop()
        if pg.data is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    machine = {
        "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "arch": platform.machine(),
        "python": platform.python_version(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "command": " ".join([".venv/bin/python", "bench/relay_coalesce.py", *sys.argv[1:]]),
        "before": args.before,
    }
    args.out.write_text(report(runs, args.n, args.rate, machine))
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
