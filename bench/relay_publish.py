"""The outbox relay publishing a national round's events: before and after (issue 17).

On real PostgreSQL and a real Apache Kafka broker (tests/support/infra.py starts both, or
CORRIDOR_TEST_DATABASE_URL / CORRIDOR_TEST_KAFKA_BOOTSTRAP name running ones), N outbox rows
shaped like a round's outcome events (``match.waitlisted``: about 700 bytes of JSON with
reasons, the CloudEvents headers, keys spread over the applicants) are staged as a round
stages them (COPY, not timed), then published by

- **before**: ``OutboxRelay`` and the producer settings of ``--before`` (read with ``git show``);
- **after**: today's;

alternately, ``--repeat`` times each, in the same process, database and broker: from the
relay's first read to every row acknowledged by Kafka (acks=all) and deleted. Each run must
leave the outbox empty and raise the topic's end offsets by exactly N.

    .venv/bin/python bench/relay_publish.py                     # 27,000 events
    .venv/bin/python bench/relay_publish.py -n 27000 --repeat 3 --profile
    .venv/bin/python bench/relay_publish.py -n 100000 --before HEAD --before-batch 500   # batch sizes

``--before-batch`` / ``--after-batch`` give each side's ``batch_size`` (rows per read and
delete); unset, each side's own default.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text

from bench.round_store import top
from services.matching.models import Base, infra
from shared import outbox
from shared.db import Database
from shared.events.catalog import spec_for
from shared.kafka.security import client_options
from shared.migrations import migrate
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres

BEFORE = "a611899"  # the relay that sent with the default batch size, one send() per row
TYPE = "org.corridor.match.waitlisted.v1"


def load_before(rev: str) -> types.ModuleType:
    """shared/outbox.py and shared/kafka/producer.py as of ``rev``, as modules of their own."""
    modules: dict[str, types.ModuleType] = {}
    for name, path in (("producer", "shared/kafka/producer.py"), ("outbox", "shared/outbox.py")):
        source = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        module = types.ModuleType(f"before_{name}")
        module.__file__ = f"<{rev}:{path}>"
        if name == "outbox":  # the old relay builds the old producer
            source = source.replace("from shared.kafka.producer import make_producer", "")
            module.make_producer = modules["producer"].make_producer
        exec(compile(source, module.__file__, "exec"), module.__dict__)
        modules[name] = module
    return modules["outbox"]


def payloads(n: int) -> list[tuple[str, str, bytes]]:
    """(type, key, payload) of N waitlisted outcomes, as a round writes them."""
    out = []
    for i in range(n):
        app = f"app-{uuid.UUID(int=i)}"
        data = {
            "match_id": None,
            "application_id": app,
            "applicant_id": f"applicant-{i:07d}",
            "cycle_id": "cycle-national-2027",
            "round_id": "round-1",
            "scheme_id": f"scheme-{i % 10}",
            "status": "waitlisted",
            "positions": [
                {"programme_id": f"prog-{(i * 7 + k) % 3400:04d}", "position": 1 + (i % 500)} for k in range(3)
            ],
            "reasons": [
                {"code": "programme.full", "params": {"programme_id": f"prog-{(i + k) % 3400:04d}", "seats": 12}}
                for k in range(4)
            ],
        }
        out.append((TYPE, app, json.dumps(data).encode()))
    return out


async def stage(db: Database, rows: list[tuple]) -> None:
    async with db.session() as s, s.begin():
        await outbox.stage_rows(s, infra, rows)


async def end_offsets(bootstrap: str, topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **client_options())
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not parts:
            await consumer._client.force_metadata_update()
            parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        return sum((await consumer.end_offsets(parts)).values())
    finally:
        await consumer.stop()


async def timed(
    db: Database, module: types.ModuleType, bootstrap: str, profile: cProfile.Profile | None, batch: int | None
) -> dict:
    link = module.KafkaLink(bootstrap, "bench-relay")
    relay = module.OutboxRelay(db, infra, link, **({"batch_size": batch} if batch else {}))
    await link.producer()  # connected before the clock starts, as a running service is
    try:
        if profile is not None:
            profile.enable()
        t0, c0 = time.perf_counter(), time.process_time()
        published = await relay.publish_pending()
        t1, c1 = time.perf_counter(), time.process_time()
        if profile is not None:
            profile.disable()
    finally:
        await link.reset()
    return {"wall": t1 - t0, "cpu": c1 - c0, "published": published}


async def measure(
    pg: Postgres, bootstrap: str, n: int, repeat: int, before, profiled: bool, batches: dict[str, int | None]
) -> dict:
    db = Database(await pg.create_database("relay_publish"), Base.metadata)
    try:
        await migrate(db)
        events = payloads(n)
        topic = spec_for(TYPE).topic.value
        modules = {"before": before, "after": outbox}
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        for i in range(repeat):
            for name in ("before", "after") if i % 2 == 0 else ("after", "before"):
                await stage(db, outbox.encode_payloads(events, source="bench"))
                start = await end_offsets(bootstrap, topic)
                r = await timed(db, modules[name], bootstrap, None, batches[name])
                added = await end_offsets(bootstrap, topic) - start
                async with db.session() as s:
                    left = int(await s.scalar(text("SELECT count(*) FROM outbox")) or 0)
                if r["published"] != n or added != n or left:
                    raise SystemExit(f"{name}: published {r['published']}, offsets +{added}, left {left} of {n}")
                runs[name].append(r)
                print(f"  N={n:,} {name}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU", flush=True)
        profiles = {}
        if profiled:
            for name in ("before", "after"):
                profile = cProfile.Profile(time.process_time)
                await stage(db, outbox.encode_payloads(events, source="bench"))
                await timed(db, modules[name], bootstrap, profile, batches[name])
                profiles[name] = top(profile, 2)
        return {"n": n, "runs": runs, "profiles": profiles}
    finally:
        await db.dispose()


def write(path: Path, result: dict, machine: dict) -> None:
    n, runs = result["n"], result["runs"]
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("wall", "cpu")} for k, v in runs.items()}
    lines = [
        "# The outbox relay: a round's events published (issue 17)",
        "",
        f"`{machine['command']}` at {machine['at']}: {machine['cores']} cores, {machine['arch']}, "
        f"Python {machine['python']}, Kafka {machine['kafka']} (one KRaft broker, SASL), load {machine['load']}.",
        "",
        f"{n:,} outcome events (~{machine['payload']} bytes of JSON each) staged in the outbox, then published "
        "by the relay until every row is acknowledged (acks=all) and deleted; "
        f"before = `{machine['before']}`, after = this tree, alternately, {len(runs['after'])} runs each. "
        f"Rows per read (batch_size): before {machine['batches']['before'] or 'its default'}, "
        f"after {machine['batches']['after'] or 'its default'}.",
        "",
        "| | wall s (median) | CPU s (median) | events/s | CPU µs/event |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("before", "after"):
        w, c = med[name]["wall"], med[name]["cpu"]
        lines.append(f"| {name} | {w:.2f} | {c:.2f} | {n / w:,.0f} | {c / n * 1e6:,.0f} |")
    lines += [
        "",
        f"Ratio before/after: wall {med['before']['wall'] / med['after']['wall']:.1f}×, "
        f"CPU {med['before']['cpu'] / med['after']['cpu']:.1f}×.",
        "",
        "Every run: " + "; ".join(f"{k} " + ", ".join(f"{r['wall']:.2f}" for r in v) for k, v in runs.items()) + " s.",
    ]
    for name, rows in result["profiles"].items():
        lines += ["", f"cProfile of one {name} run (internal CPU time, top functions):", "", "```", *rows, "```"]
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=27000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="one more run of each under cProfile")
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--before-batch", type=int, help="the before side's batch_size (default: its own)")
    parser.add_argument("--after-batch", type=int, help="the after side's batch_size (default: its own)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "relay_publish.md")
    args = parser.parse_args()
    before = load_before(args.before)
    pg, kafka = external_postgres(), external_kafka()
    tmp = Path(tempfile.mkdtemp(prefix="corridor-relay-bench-"))
    if pg is None:
        pg = Postgres.launch(Path(tempfile.gettempdir()) / f"corridor-pg-relay-{uuid.uuid4().hex[:8]}")
    if kafka is None:
        kafka = KafkaBroker.launch(tmp / "kafka")
    try:
        batches = {"before": args.before_batch, "after": args.after_batch}
        result = asyncio.run(measure(pg, kafka.bootstrap, args.n, args.repeat, before, args.profile, batches))
        machine = {
            "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cores": os.cpu_count(),
            "arch": platform.machine(),
            "python": platform.python_version(),
            "kafka": re.search(r"<kafka.version>(.*?)<", (ROOT / "deploy/kafka/pom.xml").read_text()).group(1),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "payload": len(payloads(1)[0][2]),
            "before": args.before,
            "batches": batches,
            "command": " ".join([".venv/bin/python", "bench/relay_publish.py", *sys.argv[1:]]),
        }
    finally:
        if not kafka.external:
            kafka.stop()
        if pg.data is not None:
            pg.stop()
            shutil.rmtree(pg.data, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    write(args.out, result, machine)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
