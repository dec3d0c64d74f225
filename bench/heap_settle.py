"""The garbage collector settled or as it was (shared.heap): two notifications services side by side.

    .venv/bin/python bench/heap_settle.py                    # 3 rounds of 10,000 applicants' outcomes
    .venv/bin/python bench/heap_settle.py --rounds 1 -n 2000 # a quick look

Two notifications services run at the same time on the same machine, each with its own
database, its own consumer group and its own SMTP sink (bench/notifications_pipeline.py's
catalog, events and sink): one with the collector as the interpreter leaves it
(``NOTIFICATIONS_GC_FREEZE=false``, ``NOTIFICATIONS_GC_YOUNG_THRESHOLD=0``), one with the
service's defaults (start-up objects frozen, young threshold 50,000). Both consume the same
events, so they do the same work under the same load, and the ratio of their CPU is the
figure to read (absolute times drift with the machine).

Each round publishes N applicants' ``applicant.registered`` (not timed), then N outcomes
(match.approved, application.waitlisted, application.unmatched in turn) at once, and waits
until each service has written every inbox entry and its sink has every e-mail. Per round
and way: the service's CPU seconds (/proc) and the collector's pauses
(``corridor_gc_pause_seconds`` from its /metrics, read when it is done: CPU seconds and count,
full collections apart). The two are polled in turn first, round by round.
Writes bench/results/heap_settle.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg
import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.notifications_pipeline import (
    CountingSmtp,
    applicant_events,
    catalog,
    cpu_seconds,
    encoded,
    loadavg,
    outcome_events,
    send_all,
)
from shared.events.catalog import Topics
from shared.kafka.admin import ensure_topics
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres
from tests.support.services import ServiceProcess, service_env

OUT = ROOT / "bench" / "results" / "heap_settle.md"
WAYS = {
    "as it was": {"GC_FREEZE": "false", "GC_YOUNG_THRESHOLD": "0"},
    "settled": {},  # the service's defaults
}


async def gc_pauses(service: ServiceProcess) -> dict[str, float]:
    """The collector's pauses so far: seconds and count, all and full collections."""
    async with httpx.AsyncClient(timeout=10) as client:
        text = (await client.get(f"{service.url}/metrics")).text
    out = {"s": 0.0, "n": 0.0, "full_s": 0.0, "full_n": 0.0}
    for family in text_string_to_metric_families(text):
        if family.name != "corridor_gc_pause_seconds":
            continue
        for sample in family.samples:
            kind = "s" if sample.name.endswith("_sum") else "n"
            out[kind] += sample.value
            if sample.labels["generation"] == "2":
                out[f"full_{kind}"] += sample.value
    return out


class Way:
    def __init__(self, name: str, settings: dict[str, str], db_url: str, bootstrap: str, tmp: Path):
        self.name = name
        self.db_url = db_url
        self.smtp = CountingSmtp()
        env = service_env(
            "notifications",
            db_url,
            bootstrap,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(self.smtp.port),
            CORRIDOR_LOG_LEVEL="WARNING",
            CORRIDOR_ENV="development",  # /metrics without the operator's token
            **settings,
        )
        self.service = ServiceProcess("notifications", env, tmp / f"notifications-{len(settings)}.log")
        self.conn: asyncpg.Connection | None = None

    async def start(self) -> None:
        self.smtp.controller.start()
        self.service.start(timeout=120)
        self.conn = await asyncpg.connect(self.db_url.replace("postgresql+asyncpg://", "postgresql://"))

    async def count(self, sql: str, *a) -> int:
        assert self.conn is not None
        return await self.conn.fetchval(sql, *a)

    def stop(self) -> None:
        self.service.stop()
        if self.smtp.controller._thread is not None:
            self.smtp.controller.stop()


async def wait_for(ways: list[Way], sql: str, arg, n: int, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        counts = [await w.count(sql, arg) for w in ways]
        if all(c >= n for c in counts):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: {counts} of {n}\n" + "\n".join(w.service.log_tail() for w in ways))
        await asyncio.sleep(0.2)


async def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="heap-bench-"))
    pg, kafka = external_postgres(), external_kafka()
    own_pg, own_kafka = pg is None, kafka is None
    pgdir = Path(tempfile.gettempdir()) / f"corridor-pg-heap-{uuid.uuid4().hex[:8]}"
    ways: list[Way] = []
    try:
        if own_pg:
            pg = Postgres.launch(pgdir)
        if own_kafka:
            kafka = KafkaBroker.launch(tmp / "kafka")
        await ensure_topics(
            kafka.bootstrap,
            [Topics.APPLICATIONS.value, Topics.MATCHING.value, Topics.CATALOG.value, Topics.NOTIFICATIONS.value],
            3,
            1,
        )
        for i, (name, settings) in enumerate(WAYS.items()):
            db_url = await pg.create_database(f"heap{i}")
            ways.append(Way(name, {f"NOTIFICATIONS_{k}": v for k, v in settings.items()}, db_url, kafka.bootstrap, tmp))
        for w in ways:
            await w.start()

        run_id = uuid.uuid4().hex[:8]
        cycle_id, programmes, cat_events = catalog(run_id)
        await send_all(kafka.bootstrap, [encoded(e) for e in cat_events])
        await wait_for(ways, "select count(*) from cycles where cycle_id = $1", cycle_id, 1, 120, "catalog")
        await wait_for(
            ways, "select count(*) from programmes where programme_id = any($1)", programmes, 3, 120, "catalog"
        )

        rounds = []
        for r in range(args.rounds):
            prefix = f"{run_id}{r}"
            events, _ = applicant_events(prefix, args.n, cycle_id, programmes)
            await send_all(kafka.bootstrap, [encoded(e) for e in events[: args.n]])
            pattern = f"a-{prefix}-%"
            await wait_for(
                ways,
                "select count(*) from contacts where applicant_id like $1",
                pattern,
                args.n,
                args.timeout,
                "contacts",
            )
            records = [encoded(e) for e in outcome_events(prefix, args.n, cycle_id, programmes)]
            mailed0 = [w.smtp.count for w in ways]
            gc0 = [await gc_pauses(w.service) for w in ways]
            cpu0 = [cpu_seconds(w.service.proc.pid) for w in ways]
            t0 = time.monotonic()
            load_before = loadavg()
            await send_all(kafka.bootstrap, records)
            done: dict[str, float] = {}
            cpu: dict[str, float] = {}
            gc1: dict[str, dict[str, float]] = {}
            deadline = t0 + args.timeout
            order = list(enumerate(ways)) if r % 2 == 0 else list(enumerate(ways))[::-1]  # polled first in turn
            while len(done) < len(ways):
                for i, w in order:
                    if w.name in done:
                        continue
                    inbox = await w.count("select count(*) from inbox_entries where recipient_id like $1", pattern)
                    if inbox >= args.n and w.smtp.count - mailed0[i] >= args.n:
                        done[w.name] = time.monotonic() - t0
                        cpu[w.name] = cpu_seconds(w.service.proc.pid) - cpu0[i]
                        gc1[w.name] = await gc_pauses(w.service)  # the same window as its CPU
                if time.monotonic() > deadline:
                    raise RuntimeError(f"round {r}: only {sorted(done)} done")
                await asyncio.sleep(0.1)
            rounds.append(
                {
                    "load": f"{load_before} -> {loadavg()}",
                    "ways": {
                        w.name: {
                            "told_s": done[w.name],
                            "cpu_s": cpu[w.name],
                            **{k: gc1[w.name][k] - gc0[i][k] for k in gc0[i]},
                        }
                        for i, w in enumerate(ways)
                    },
                }
            )
            print(
                f"round {r + 1}: "
                + "; ".join(f"{k}: {v['cpu_s']:.1f} CPU s, gc {v['s']:.2f} s" for k, v in rounds[-1]["ways"].items())
            )
        extra = {w.name: w.smtp.count - args.n * args.rounds for w in ways}
        return {"n": args.n, "rounds": rounds, "extra_messages": extra}
    finally:
        for w in ways:
            if w.conn is not None:
                await w.conn.close()
            w.stop()
        if own_kafka and kafka is not None:
            kafka.stop()
        if own_pg and pg is not None:
            pg.stop()
            shutil.rmtree(pgdir, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def report(args, r: dict) -> str:
    names = list(WAYS)
    total = {
        k: {m: sum(x["ways"][k][m] for x in r["rounds"]) for m in ("cpu_s", "s", "n", "full_s", "full_n")}
        for k in names
    }
    per = r["n"] * len(r["rounds"])
    a, b = total[names[0]], total[names[1]]
    lines = [
        "# The garbage collector settled or as it was: two notifications services side by side",
        "",
        f"Command: `.venv/bin/python bench/heap_settle.py --rounds {args.rounds} -n {args.n}`; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "Both services consume the same events at the same time (own database, consumer group and SMTP sink each); "
        f"each round is {r['n']:,} applicants' outcomes published at once, until every inbox entry and e-mail is in.",
        "",
        "| round | way | told (s) | CPU (s) | collector CPU (s) | collections | full ones, CPU (s) | full ones |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for i, x in enumerate(r["rounds"], 1):
        for k in names:
            v = x["ways"][k]
            lines.append(
                f"| {i} | {k} | {v['told_s']:.1f} | {v['cpu_s']:.1f} | {v['s']:.2f} | {v['n']:.0f} | {v['full_s']:.2f} | {v['full_n']:.0f} |"
            )
    lines += [
        "",
        f"Over {len(r['rounds'])} rounds ({per:,} applicants each way):",
        "",
        f"- CPU per applicant: {names[0]} {1000 * a['cpu_s'] / per:.2f} ms, {names[1]} {1000 * b['cpu_s'] / per:.2f} ms: "
        f"**{a['cpu_s'] / b['cpu_s']:.2f}x**;",
        f"- the collector: {names[0]} {a['s']:.2f} s ({100 * a['s'] / a['cpu_s']:.1f}% of its CPU; full collections "
        f"{a['full_s']:.2f} s in {a['full_n']:.0f}), {names[1]} {b['s']:.2f} s ({100 * b['s'] / b['cpu_s']:.1f}%; full "
        f"{b['full_s']:.2f} s in {b['full_n']:.0f});",
        f"- e-mails beyond one per applicant: {r['extra_messages']}.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="applicants per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    r = asyncio.run(run(args))
    text = report(args, r)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
