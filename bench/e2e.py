"""End-to-end benchmark: submit-to-inbox latency under load, and the plumbing against raw aiokafka.

    .venv/bin/python bench/e2e.py                         # 50, 200, 500 submits/s for 20 s each
    .venv/bin/python bench/e2e.py --rates 50,100 --seconds 10 --events 5000   # shorter

Starts PostgreSQL and one Kafka broker with the test-suite helpers (or uses
CORRIDOR_TEST_DATABASE_URL / CORRIDOR_TEST_KAFKA_BOOTSTRAP), then in one run:

1. **Latency under load.** The three services under uvicorn (one worker each), after
   ``--warmup`` seconds (10) of load at the first rate that are not reported. Drafts are
   made beforehand (not timed); then tools.loadgen submits them at each target rate for a
   bounded time (concurrency 64, Idempotency-Key, retry on 5xx). Latency of an application
   = the notifications service's inbox entry time (created_at, in its database) minus the
   moment the submit request was sent. The backlog (accepted but not yet in an inbox) is
   sampled every second; a rate is *sustained* when at least 90% of it was accepted and the
   backlog at the end of the load is under one second's worth of it and not growing.
2. **Outbox relay vs raw producer.** N rows of application.submitted are staged in an outbox
   table (PostgreSQL); shared.outbox.OutboxRelay publishes them (batches of 500, acks=all,
   idempotent, marking rows sent); then a raw AIOKafkaProducer with the same settings sends
   the same N encoded events to the same broker. Ratio of rates (target >= 0.5).
3. **Consumer pipeline vs raw consumer.** shared.kafka.consumer.EventConsumer with a trivial
   handler on PostgreSQL (one transaction per event recording its id, commit per batch)
   reads those N events; then a raw AIOKafkaConsumer (same group settings, commit per batch)
   reads the same N.

Writes bench/results/e2e/README.md, latency.png and results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx
from aiokafka import AIOKafkaConsumer
from sqlalchemy import MetaData, bindparam, text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db import Database
from shared.events.catalog import ApplicationSubmitted, type_of
from shared.events.envelope import encode_envelope, new_event
from shared.kafka.admin import ensure_topics
from shared.kafka.consumer import EventConsumer
from shared.kafka.producer import make_producer
from shared.kafka.security import client_options
from shared.migrations import migrate
from shared.outbox import KafkaLink, OutboxRelay, stage_envelope
from shared.tables import add_infra_tables
from tests.integration.conftest import launch_stack
from tests.support.events import publish
from tests.support.flows import demo_catalog, wait_for_catalog
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres
from tests.support.kafka import SubmittedEvents
from tools.loadgen import NOT_SENT, LoadResult, Target, create_drafts, register_applicants, run_load

OUT = ROOT / "bench" / "results" / "e2e"
SUBMITTED = "org.corridor.application.submitted.v1"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q / 100 * len(s))) - 1))]


# --------------------------------------------------------------------------- latency under load


def cpu_by_component(stack) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each part of the system on this machine."""
    tick = os.sysconf("SC_CLK_TCK")
    named = {
        stack.applications.proc.pid: "applications",
        stack.matching.proc.pid: "matching",
        stack.notifications.proc.pid: "notifications",
        os.getpid(): "load generator + sampling",
    }
    out: dict[str, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        used = (int(fields[11]) + int(fields[12])) / tick
        pid = int(entry)
        part = named.get(pid) or (
            "PostgreSQL" if comm.startswith("postgres") else "Kafka" if comm == "java" else "other"
        )
        if part == "PostgreSQL":  # and its backends that exited (the postmaster waited for them)
            used += (int(fields[13]) + int(fields[14])) / tick
        out[part] = out.get(part, 0.0) + used
    return out


async def sessions_opened(engines) -> dict[str, int]:
    """Per service, the connections its database has had opened so far (pg_stat_database): a
    pool that closes what it opened for a burst opens a PostgreSQL server process each time."""
    out = {}
    for name, engine in engines.items():
        async with engine.connect() as conn:
            out[name] = int(
                await conn.scalar(text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()"))
            )
    return out


async def inbox_times(engines, submitted: SubmittedEvents, accepted) -> dict[str, float]:
    """application id -> epoch seconds of its inbox entry (for those already there)."""
    event_of = {e: a.application_id for a in accepted for e in submitted.by_application.get(a.application_id, ())}
    if not event_of:
        return {}
    async with engines["notifications"].connect() as conn:
        rows = await conn.execute(
            text("SELECT source_event_id, created_at FROM inbox_entries WHERE source_event_id IN :e").bindparams(
                bindparam("e", expanding=True)
            ),
            {"e": list(event_of)},
        )
        out = {}
        for event_id, created in rows:
            if created.tzinfo is None:
                created = created.replace(tzinfo=UTC)
            out[event_of[event_id]] = created.timestamp()
    return out


async def one_level(
    stack, engines, submitted, applicants, bootstrap: str, rate: float, seconds: float, cap: int
) -> dict:
    cycles_needed = max(1, -(-min(int(rate * seconds), cap) // len(applicants)))
    catalogs = [demo_catalog() for _ in range(cycles_needed)]
    await publish(bootstrap, *[e for c in catalogs for e in c.events])
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=60) as c:
        for cat in catalogs:
            await wait_for_catalog(c, cat)
        targets = [Target(cat.cycle_id, [cat.student_programmes[1]]) for cat in catalogs]
        planned = min(int(rate * seconds), cap)
        print(f"  {rate:g}/s: preparing {planned} drafts in {len(targets)} cycle(s)...", file=sys.stderr)
        drafts = await create_drafts(c, applicants, targets, planned)
    samples: list[tuple[float, int, int]] = []  # (t, accepted, in inbox)

    async def sampler(result_box: list):
        t0 = time.time()
        while True:
            await asyncio.sleep(1.0)
            res = result_box[0] if result_box else None
            accepted = list(res.accepted) if res else []
            try:
                done = len(await inbox_times(engines, submitted, accepted))
            except Exception:  # noqa: BLE001 - a sample missed while a service restarts; the next one counts
                continue
            samples.append((round(time.time() - t0, 1), len(accepted), done))

    # run_load fills its result as it goes: the sampler watches it
    live = LoadResult()
    sampling = asyncio.create_task(sampler([live]))
    t_start = time.time()
    cpu_before = cpu_by_component(stack)
    sessions_before = await sessions_opened(engines)
    result = await run_load(
        stack.applications.url,
        rate=rate,
        count=planned,
        duration=seconds,
        applicants=applicants,
        targets=targets,
        drafts=drafts,
        concurrency=64,
        progress=True,
        into=live,
    )
    t_load_end = time.time()
    cpu_after = cpu_by_component(stack)
    sessions_after = await sessions_opened(engines)
    cpu_ms_per_app = {
        part: round((cpu_after.get(part, 0) - cpu_before.get(part, 0)) * 1000 / max(1, len(result.accepted)), 2)
        for part in cpu_after
    }
    busy = sum(cpu_after.get(p, 0) - cpu_before.get(p, 0) for p in cpu_after) / (
        (t_load_end - t_start) * (os.cpu_count() or 1)
    )
    # backlog trend over the last seconds of the load
    load_samples = [s for s in samples if s[0] <= t_load_end - t_start + 0.5]
    backlog_end = (load_samples[-1][1] - load_samples[-1][2]) if load_samples else 0
    backlog_mid = (
        (load_samples[len(load_samples) // 2][1] - load_samples[len(load_samples) // 2][2]) if load_samples else 0
    )
    # drain
    deadline = time.time() + 300
    times = {}
    while time.time() < deadline:
        times = await inbox_times(engines, submitted, result.accepted)
        if len(times) >= len(result.accepted):
            break
        await asyncio.sleep(1.0)
    drain_s = time.time() - t_load_end
    sampling.cancel()
    latencies = [times[a.application_id] - a.sent_at for a in result.accepted if a.application_id in times]
    achieved = len(result.accepted) / seconds
    sustained = achieved >= 0.9 * rate and backlog_end <= max(rate, 1) and backlog_end <= backlog_mid + rate
    level = {
        "target_rate": rate,
        "seconds": seconds,
        "planned": planned,
        "accepted": len(result.accepted),
        "achieved_rate": round(achieved, 1),
        "load_wall_s": round(t_load_end - t_start, 1),
        "refused": dict(result.refused),
        "retries": dict(result.errors),
        "delivered": len(latencies),
        "drain_after_load_s": round(drain_s, 1),
        "backlog_mid": backlog_mid,
        "backlog_end_of_load": backlog_end,
        "sustained": sustained,
        "p50_ms": round(pct(latencies, 50) * 1000, 1),
        "p95_ms": round(pct(latencies, 95) * 1000, 1),
        "p99_ms": round(pct(latencies, 99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "samples": samples,
        "latencies_s": [round(x, 4) for x in latencies],
        "cpu_ms_per_application": cpu_ms_per_app,
        "cpu_busy": round(busy, 2),
        # the bench's own sampling connections are two per database, opened once
        "sessions_opened": {n: sessions_after[n] - sessions_before[n] for n in sessions_after},
    }
    print(
        f"  {rate:g}/s: accepted {level['accepted']} ({level['achieved_rate']}/s), p50 {level['p50_ms']} ms, "
        f"p95 {level['p95_ms']} ms, p99 {level['p99_ms']} ms, backlog at end {backlog_end}, "
        f"drained {level['drain_after_load_s']} s later, sustained: {sustained}; CPU busy {busy:.0%}, "
        f"ms per application {cpu_ms_per_app}; PostgreSQL sessions opened {level['sessions_opened']}",
        file=sys.stderr,
    )
    return level


async def latency_under_load(
    kafka, postgres, rates: list[float], seconds: float, cap: int, workdir: Path, warmup: float = 0
) -> list[dict]:
    stack = await launch_stack(
        kafka,
        postgres,
        workdir,
        applications={
            "ARGON2_MEMORY_KIB": "8192",
            "ARGON2_TIME_COST": "1",
            "DOCUMENTS_DIR": str(workdir / "docs"),
            "CORRIDOR_LOG_LEVEL": "WARNING",
        },
        matching={"CORRIDOR_LOG_LEVEL": "WARNING"},
        notifications={"MAIL_DIR": str(workdir / "mail"), "CORRIDOR_LOG_LEVEL": "WARNING"},
    )
    engines = {n: create_async_engine(u, pool_size=2) for n, u in stack.urls.items()}
    submitted = SubmittedEvents(kafka.bootstrap)  # which event each accepted submit published
    submitted.start()
    try:
        async with httpx.AsyncClient(base_url=stack.applications.url, timeout=60) as c:
            print("registering 400 applicants...", file=sys.stderr)
            applicants = await register_applicants(c, 400, concurrency=8)
        if warmup > 0 and rates:
            # Not reported: the first level measured used to carry the broker's JIT compilation and
            # the services' first-use costs (Kafka's CPU per application at the first rate was
            # about twice that at the next).
            print(f"warming up: {rates[0]:g}/s for {warmup:g} s (not reported)...", file=sys.stderr)
            await one_level(stack, engines, submitted, applicants, kafka.bootstrap, rates[0], warmup, cap)
        levels = []
        for rate in rates:
            levels.append(await one_level(stack, engines, submitted, applicants, kafka.bootstrap, rate, seconds, cap))
        return levels
    finally:
        await submitted.stop()
        for e in engines.values():
            await e.dispose()
        stack.stop()


# --------------------------------------------------------------------------- relay and consumer


def sample_events(n: int):
    now = datetime.now(UTC)
    out = []
    for _ in range(n):
        data = ApplicationSubmitted(
            application_id=str(uuid.uuid4()),
            applicant_id=str(uuid.uuid4()),
            cycle_id="sco-2026",
            scheme_id="sco",
            applicant_type="student",
            sending_country="KZ",
            choices=["xjmu-tcm-3p2", "xjmu-clinical"],
            grade=88.5,
            submitted_at=now,
            preferred_language="ru",
        )
        out.append(new_event(type_of(data), data, source="/corridor/bench", key=data.application_id))
    return out


async def time_relay(bootstrap: str, postgres, envs, topic: str) -> float:
    """Stage the events as unsent outbox rows (not timed), then time the relay publishing them all."""
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(await postgres.create_database("bench_relay"), metadata)
    await migrate(db)
    for i in range(0, len(envs), 1000):
        async with db.session() as s, s.begin():
            for env in envs[i : i + 1000]:
                await stage_envelope(s, tables, env, topic)
    link = KafkaLink(bootstrap, client_id="bench-relay")
    relay = OutboxRelay(db, tables, link, batch_size=500)
    await link.producer()  # connected before timing, as the raw producer
    t0 = time.perf_counter()
    await relay.publish_pending()
    seconds = time.perf_counter() - t0
    await link.close()
    async with db.session() as s:
        unsent = await s.scalar(text("SELECT count(*) FROM outbox"))
    await db.dispose()
    assert unsent == 0 and relay.published == len(envs), (unsent, relay.published)
    return seconds


async def time_raw(bootstrap: str, topic: str, items, *, batch: int | None, encode: bool) -> float:
    """A raw AIOKafkaProducer (same settings as the relay's): send a batch, wait for its acks."""
    producer = make_producer(bootstrap, client_id="bench-raw")
    await producer.start()
    batch = batch or len(items)
    t0 = time.perf_counter()
    for i in range(0, len(items), batch):
        futures = []
        for item in items[i : i + batch]:
            k, v, h = encode_envelope(item) if encode else item
            futures.append(await producer.send(topic, key=k, value=v, headers=h))
        await asyncio.gather(*futures)
    seconds = time.perf_counter() - t0
    await producer.stop()
    return seconds


async def relay_vs_raw(bootstrap: str, postgres, n: int, rounds: int) -> dict:
    """After one warm-up round, rounds alternate which side goes first, so drift on a shared
    machine falls on both; the ratio reported is the median of the per-round ratios."""
    envs = sample_events(n)
    encoded = [encode_envelope(e) for e in envs]
    tag = uuid.uuid4().hex[:6]
    topics = {name: f"bench.{name}.{tag}" for name in ("relay", "raw", "raw_encoding", "raw_unbatched")}
    await ensure_topics(bootstrap, list(topics.values()), 3, 1)
    per_round = []
    for r in range(-1, rounds):  # round -1 warms up the broker, the topics and the database; not counted

        async def raw_side() -> dict:
            return {
                "raw_s": await time_raw(bootstrap, topics["raw"], encoded, batch=500, encode=False),
                "raw_encoding_s": await time_raw(bootstrap, topics["raw_encoding"], envs, batch=500, encode=True),
                "raw_unbatched_s": await time_raw(
                    bootstrap, topics["raw_unbatched"], encoded, batch=None, encode=False
                ),
            }

        if r % 2:
            got = await raw_side()
            got["relay_s"] = await time_relay(bootstrap, postgres, envs, topics["relay"])
        else:
            got = {"relay_s": await time_relay(bootstrap, postgres, envs, topics["relay"])}
            got.update(await raw_side())
        if r < 0:
            continue
        per_round.append(got)
        print(
            f"  round {r + 1}: relay {n / got['relay_s']:.0f}/s, raw {n / got['raw_s']:.0f}/s, "
            f"ratio {got['raw_s'] / got['relay_s']:.2f}",
            file=sys.stderr,
        )

    def med(key: str) -> float:
        return statistics.median(g[key] for g in per_round)

    def ratio(raw_key: str) -> float:
        return round(statistics.median(g[raw_key] / g["relay_s"] for g in per_round), 2)

    return {
        "events": n,
        "rounds": rounds,
        "per_round": per_round,
        "relay_s": round(med("relay_s"), 3),
        "relay_per_s": round(n / med("relay_s")),
        "raw_s": round(med("raw_s"), 3),
        "raw_per_s": round(n / med("raw_s")),
        "raw_encoding_s": round(med("raw_encoding_s"), 3),
        "raw_encoding_per_s": round(n / med("raw_encoding_s")),
        "raw_unbatched_s": round(med("raw_unbatched_s"), 3),
        "raw_unbatched_per_s": round(n / med("raw_unbatched_s")),
        "ratio": ratio("raw_s"),
        "ratio_min": round(min(g["raw_s"] / g["relay_s"] for g in per_round), 2),
        "ratio_max": round(max(g["raw_s"] / g["relay_s"] for g in per_round), 2),
        "ratio_vs_encoding": ratio("raw_encoding_s"),
        "ratio_vs_unbatched": ratio("raw_unbatched_s"),
        "topic": topics["raw"],
    }


async def consumer_vs_raw(bootstrap: str, postgres, topic: str, n: int) -> dict:
    metadata = MetaData()
    tables = add_infra_tables(metadata)
    db = Database(await postgres.create_database("bench_consumer"), metadata)
    await migrate(db)

    async def trivial(_session, _event, _env):
        return None

    async def no_dead_letters(_record, reason):
        raise AssertionError(f"unexpected dead letter: {reason}")

    consumer = EventConsumer(
        name="bench",
        topics=[topic],
        group_id=f"bench-{uuid.uuid4().hex[:6]}",
        bootstrap=bootstrap,
        db=db,
        tables=tables,
        handlers={SUBMITTED: trivial},
        dead_letter=no_dead_letters,
    )
    t0 = time.perf_counter()
    task = asyncio.create_task(consumer.run())
    while consumer.stats.handled < n:
        await asyncio.sleep(0.05)
        if task.done():
            task.result()
    pipeline_s = time.perf_counter() - t0
    await consumer.stop()
    await asyncio.wait_for(task, 15)
    await db.dispose()

    raw = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        **client_options(),
        group_id=f"bench-raw-{uuid.uuid4().hex[:6]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=200,
    )
    t0 = time.perf_counter()
    await raw.start()
    seen = 0
    while seen < n:
        batches = await raw.getmany(timeout_ms=300, max_records=200)
        for tp, records in batches.items():
            seen += len(records)
            await raw.commit({tp: records[-1].offset + 1})
    raw_s = time.perf_counter() - t0
    await raw.stop()
    return {
        "events": n,
        "pipeline_s": round(pipeline_s, 2),
        "pipeline_per_s": round(n / pipeline_s),
        "raw_s": round(raw_s, 2),
        "raw_per_s": round(n / raw_s),
        "ratio": round(raw_s / pipeline_s, 3),
    }


# --------------------------------------------------------------------------- report


def plot(levels: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    for lv in levels:
        lat = sorted(lv["latencies_s"])
        if lat:
            ys = [(i + 1) / len(lat) for i in range(len(lat))]
            ax1.plot(
                [x * 1000 for x in lat], ys, label=f"{lv['target_rate']:g}/s target ({lv['achieved_rate']}/s accepted)"
            )
        ts = [s[0] for s in lv["samples"]]
        ax2.plot(ts, [s[1] - s[2] for s in lv["samples"]], label=f"{lv['target_rate']:g}/s")
    ax1.set_xscale("log")
    ax1.set_xlabel("submit -> inbox latency (ms, log scale)")
    ax1.set_ylabel("fraction of applications")
    ax1.set_title("Latency distribution (CDF)")
    ax1.grid(True, which="both", alpha=0.3)
    ax1.legend(fontsize=8)
    ax2.set_xlabel("seconds since the load began")
    ax2.set_ylabel("accepted, not yet in an inbox")
    ax2.set_title("Backlog during the load and the drain")
    ax2.grid(True, alpha=0.3)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


CPU_PARTS = ["applications", "matching", "notifications", "PostgreSQL", "Kafka", "load generator + sampling", "other"]


def cpu_table(levels) -> list[str]:
    if not levels or "cpu_ms_per_application" not in levels[0]:
        return []
    lines = [
        "## Where the CPU goes",
        "",
        f"CPU time (user + system, from /proc) used during each load window, per accepted application, by part; "
        f"busy = all of it over {os.cpu_count()} cores x the window. PostgreSQL's includes its backends that "
        "exited (the postmaster's waited-for children).",
        "",
        "| target /s | busy | " + " | ".join(CPU_PARTS) + " | total ms |",
        "|---:|---:|" + "---:|" * (len(CPU_PARTS) + 1),
    ]
    for lv in levels:
        parts = lv["cpu_ms_per_application"]
        lines.append(
            f"| {lv['target_rate']:g} | {lv['cpu_busy']:.0%} | "
            + " | ".join(f"{parts.get(p, 0):.1f}" for p in CPU_PARTS)
            + f" | {sum(parts.values()):.1f} |"
        )
    opened = [lv for lv in levels if "sessions_opened" in lv]
    if opened:
        lines += [
            "",
            "PostgreSQL server processes started per 1,000 accepted applications, per service's database "
            "(pg_stat_database.sessions; a pool that closes the connections it opened for a burst starts "
            "one each time):",
            "",
            "| target /s | " + " | ".join(opened[0]["sessions_opened"]) + " |",
            "|---:|" + "---:|" * len(opened[0]["sessions_opened"]),
        ]
        for lv in opened:
            per = 1000 / max(1, lv["accepted"])
            lines.append(
                f"| {lv['target_rate']:g} | "
                + " | ".join(f"{n * per:.1f}" for n in lv["sessions_opened"].values())
                + " |"
            )
    return lines + [""]


def write_report(levels, levels_run, relay, consumer, args, load_before, load_after) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps({"levels": levels, "levels_run": levels_run, "relay": relay, "consumer": consumer}, indent=1)
    )
    plot(levels, OUT / "latency.png")
    sustained = [lv["target_rate"] for lv in levels if lv["sustained"]]
    best = max(levels, key=lambda lv: lv["achieved_rate"]) if levels else None
    lines = [
        "# End-to-end benchmark: submit -> inbox",
        "",
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}; load average {load_before} before, {load_after} after.",
        f"Command: `.venv/bin/python bench/e2e.py {' '.join(sys.argv[1:])}`".rstrip() + ".",
        "",
        "Everything on one machine: PostgreSQL, one Kafka 3.9 broker, the three services (uvicorn, one worker each), "
        "the load generator (tools/loadgen.py: drafts made beforehand, submits at the target rate, at most 64 "
        "in flight, Idempotency-Key) and this script's sampling. Latency = the inbox entry's time in the "
        "notifications database minus the moment the submit was sent. Before the levels, "
        f"{args.warmup:g} s of load at the first rate, not reported (the broker's JIT compilation and the "
        "services' first-use costs fell on the first level measured).",
        "",
        "## Latency at target rates",
        "",
        f"From the run of {levels_run['at']}: `{levels_run['command']}`.",
        "",
        "| target /s | accepted | not sent (time up) | refused | achieved /s | p50 ms | p95 ms | p99 ms | max ms "
        "| backlog at end of load | drained after (s) | sustained |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for lv in levels:
        refused = dict(lv.get("refused") or {})
        # the load generator's queue at the end of the window: submits it never sent (not the
        # service's refusals; those are by status, e.g. "submit 503")
        unsent = refused.pop(NOT_SENT, 0)
        lines.append(
            f"| {lv['target_rate']:g} | {lv['accepted']} | {unsent} | {sum(refused.values())} "
            f"| {lv['achieved_rate']} | {lv['p50_ms']} | {lv['p95_ms']} | "
            f"{lv['p99_ms']} | {lv['max_ms']} | {lv['backlog_end_of_load']} | {lv['drain_after_load_s']} | "
            f"{'yes' if lv['sustained'] else 'no'} |"
        )
    lines += [
        "",
        f"Highest rate sustained without a growing backlog: **{max(sustained):g}/s**."
        if sustained
        else "No target rate was sustained (see the achieved rates: the submit path itself is the limit).",
        f"Highest accepted rate seen: {best['achieved_rate']}/s (target {best['target_rate']:g}/s)." if best else "",
        "",
        "A rate counts as sustained when at least 90% of it was accepted and the backlog (accepted, not yet in an inbox) "
        "at the end of the load was under one second's worth and not growing. Plot: `latency.png` (left: latency "
        "CDF per rate; right: backlog over time).",
        "",
        "![latency](latency.png)",
        "",
        *cpu_table(levels),
        "## Outbox relay vs a raw producer (same broker, same events)",
        "",
        f"{relay['events']} `application.submitted` events staged in a PostgreSQL outbox (encoded for Kafka when "
        "staged, as the services do), published by `shared.outbox.OutboxRelay` (batches of 500, pipelined: batch "
        "N+1 is read and sent while batch N's acks=all are awaited, then batch N's rows are deleted in the same "
        "transaction) vs a raw `AIOKafkaProducer` with the same settings (idempotent, acks=all) sending the same "
        "encoded events: in batches of 500 (send 500, wait for their acks), all at once, and encoding each event "
        f"as it sends. One warm-up round, then {relay['rounds']} rounds alternating which side goes first; figures "
        "are medians over the "
        "rounds, the ratio is the median of the per-round ratios.",
        "",
        "| | seconds (median) | events/s |",
        "|---|---:|---:|",
        f"| OutboxRelay | {relay['relay_s']} | {relay['relay_per_s']} |",
        f"| raw producer, batches of 500 (pre-encoded) | {relay['raw_s']} | {relay['raw_per_s']} |",
        f"| raw producer, all at once (pre-encoded) | {relay['raw_unbatched_s']} | {relay['raw_unbatched_per_s']} |",
        f"| raw producer, batches of 500, encoding each event as it sends | {relay['raw_encoding_s']} | {relay['raw_encoding_per_s']} |",
        "",
        f"**Relay / raw = {relay['ratio']}** (per round {relay['ratio_min']}–{relay['ratio_max']}) against the "
        "raw producer sending pre-encoded bytes in batches of 500 (target >= 0.5); "
        f"{relay['ratio_vs_unbatched']} against it sending all at once; {relay['ratio_vs_encoding']} against a raw "
        "producer that also encodes each CloudEvent. The relay's extra work: read the rows, a trace span per "
        "event when tracing is on, delete the acknowledged rows and commit.",
        "",
        "Per round (seconds):",
        "",
        "| round | relay | raw, batches | raw, all at once | raw, encoding | relay / raw |",
        "|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {i + 1} | {g['relay_s']:.3f} | {g['raw_s']:.3f} | {g['raw_unbatched_s']:.3f} | {g['raw_encoding_s']:.3f} | "
            f"{g['raw_s'] / g['relay_s']:.2f} |"
            for i, g in enumerate(relay["per_round"])
        ],
        "",
        "## Consumer pipeline vs a raw consumer",
        "",
        f"The same {consumer['events']} events read by `shared.kafka.consumer.EventConsumer` with a trivial handler on "
        "PostgreSQL (per event: decode the CloudEvent, validate it against the catalog model, a consumer span and "
        "bound log context; per polled batch: one transaction that claims the event ids with one "
        "`INSERT ... ON CONFLICT DO NOTHING RETURNING` and runs the handlers; offsets committed per batch) vs a "
        "raw `AIOKafkaConsumer` (same group settings, commit per batch, no decoding, no database). Both include "
        "joining the group.",
        "",
        "| | seconds | events/s |",
        "|---|---:|---:|",
        f"| EventConsumer (PostgreSQL) | {consumer['pipeline_s']} | {consumer['pipeline_per_s']} |",
        f"| raw AIOKafkaConsumer | {consumer['raw_s']} | {consumer['raw_per_s']} |",
        "",
        f"**Pipeline / raw = {consumer['ratio']}**. What the difference pays for: decoding and validating each "
        "event (about 130 µs of CPU in the CloudEvents binding and pydantic) and the exactly-once claim in the "
        "database; the raw consumer does no work per message.",
        "",
    ]
    (OUT / "README.md").write_text("\n".join(lines))


async def main_async(args) -> None:
    load_before = f"{os.getloadavg()[0]:.2f}"
    tmp = Path(tempfile.mkdtemp(prefix="corridor-e2e-"))
    kafka = external_kafka()
    pg = external_postgres()
    own_kafka = own_pg = None
    try:
        if kafka is None:
            os.environ.setdefault("KAFKA_JVM_PERFORMANCE_OPTS", "-XX:+UseSerialGC")  # C2: steady-state speed
            own_kafka = kafka = await asyncio.to_thread(KafkaBroker.launch, tmp / "kafka")
        if pg is None:
            pgdir = Path(tempfile.gettempdir()) / f"corridor-pg-e2e-{uuid.uuid4().hex[:8]}"
            own_pg = pg = await asyncio.to_thread(Postgres.launch, pgdir)
        print("relay vs raw producer...", file=sys.stderr)
        relay = await relay_vs_raw(kafka.bootstrap, pg, args.events, args.rounds)
        print(f"  {relay}", file=sys.stderr)
        print("consumer pipeline vs raw consumer...", file=sys.stderr)
        consumer = await consumer_vs_raw(kafka.bootstrap, pg, relay["topic"], args.events)
        print(f"  {consumer}", file=sys.stderr)
        print("latency under load...", file=sys.stderr)
        if args.plumbing_only:  # keep the latency levels of the last full run
            kept = json.loads((OUT / "results.json").read_text())
            levels, levels_run = kept["levels"], kept["levels_run"]
        else:
            levels = await latency_under_load(kafka, pg, args.rates, args.seconds, args.cap, tmp, args.warmup)
            levels_run = {
                "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "command": f".venv/bin/python bench/e2e.py {' '.join(sys.argv[1:])}".strip(),
            }
        write_report(levels, levels_run, relay, consumer, args, load_before, f"{os.getloadavg()[0]:.2f}")
        print(f"wrote {OUT / 'README.md'} and {OUT / 'latency.png'}", file=sys.stderr)
    finally:
        if own_kafka is not None:
            await asyncio.to_thread(own_kafka.stop)
        if own_pg is not None:
            await asyncio.to_thread(own_pg.stop)
            shutil.rmtree(own_pg.data, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rates", default="50,200,500", help="target submits per second, comma-separated")
    p.add_argument("--seconds", type=float, default=20.0, help="load duration per rate")
    p.add_argument("--cap", type=int, default=2000, help="at most this many drafts prepared per rate")
    p.add_argument(
        "--warmup", type=float, default=10.0, help="seconds of load at the first rate before the measured levels"
    )
    p.add_argument("--events", type=int, default=10000, help="events for the relay and consumer comparisons")
    p.add_argument("--rounds", type=int, default=5, help="alternating rounds of relay vs raw producer")
    p.add_argument(
        "--plumbing-only",
        action="store_true",
        help="only the relay and consumer comparisons; the latency levels are kept from results.json",
    )
    args = p.parse_args()
    args.rates = [float(x) for x in args.rates.split(",") if x.strip()]
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
