"""Submit throughput of the applications service against a bare FastAPI insert, same run.

    .venv/bin/python bench/submit_load.py [--count 1000] [--concurrency 32]

Starts PostgreSQL and Kafka with the test-suite helpers (or uses CORRIDOR_TEST_DATABASE_URL /
CORRIDOR_TEST_KAFKA_BOOTSTRAP), then runs, each under uvicorn with one worker:
1. the applications service: ``count`` applicants with a draft each are prepared (not
   timed), then ``count`` POST /applications/{id}/submit with a bearer token and an
   Idempotency-Key are driven at fixed concurrency: token check, ownership, window,
   choice rules, eligibility per choice, status history, the outbox row, the stored answer;
   the outbox relay publishes to Kafka meanwhile, in the same process;
2. a bare FastAPI app with the same driver (SQLAlchemy + asyncpg, same pool size) that
   inserts one row per POST.
Alternates rounds of both; reports requests/s, p50/p99 latency and server CPU ms per request for
both, the median of the per-round ratios (the headline), and writes
bench/results/submit_load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx

from bench.profiled import profile, start_window
from shared.auth import issue_token
from shared.events.catalog import Requirements
from shared.principal import Principal, Role
from tests.support.events import publish
from tests.support.flows import application_body, demo_catalog, registration_body, wait_for_catalog
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres, free_port
from tests.support.services import TEST_TOKEN_KEYS, ServiceProcess, service_env

RESULTS = ROOT / "bench" / "results" / "submit_load.md"

BARE_APP = '''
"""One row per request: FastAPI + pydantic + SQLAlchemy/asyncpg, nothing else."""
import os, uuid
from datetime import datetime, UTC
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import Column, DateTime, Float, MetaData, String, Table, insert
from shared.db import make_engine  # the services' engine: the same pool and checkout ping

metadata = MetaData()
rows = Table("rows", metadata, Column("id", String(64), primary_key=True), Column("applicant", String(64)),
             Column("grade", Float), Column("created_at", DateTime(timezone=True)))
engine = make_engine(os.environ["BARE_DATABASE_URL"], pool_size=10)
app = FastAPI()

class RowIn(BaseModel):
    applicant: str
    grade: float

@app.on_event("startup")
async def startup():
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)

@app.get("/healthz")
async def healthz():
    return {"status": "ok"}

@app.post("/rows", status_code=201)
async def add(body: RowIn):
    row_id = str(uuid.uuid4())
    async with engine.begin() as conn:
        await conn.execute(insert(rows).values(id=row_id, applicant=body.applicant, grade=body.grade,
                                               created_at=datetime.now(UTC)))
    return {"id": row_id}
'''


ROUNDS = 6  # default; --rounds


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def combine(rounds: list[dict]) -> dict:
    latencies = [x for r in rounds for x in r["latencies"]]
    wall = sum(r["wall"] for r in rounds)
    return {
        "count": len(latencies),
        "wall": wall,
        "rate": len(latencies) / wall,
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "rounds": [round(r["rate"]) for r in rounds],
        "cpu_ms": 1000 * sum(r["server_cpu"] for r in rounds) / len(latencies),
        "cpu_rounds": [round(1000 * r["server_cpu"] / r["count"], 2) for r in rounds],
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


async def drive(
    client: httpx.AsyncClient, requests: list[tuple[str, str, dict]], concurrency: int, expect: int
) -> dict:
    """Send ``requests`` (method, url, kwargs) with ``concurrency`` in flight; time each."""
    queue: asyncio.Queue = asyncio.Queue()
    for r in requests:
        queue.put_nowait(r)
    latencies: list[float] = []
    failures: list[str] = []

    async def worker():
        while True:
            try:
                method, url, kwargs = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.perf_counter()
            r = await client.request(method, url, **kwargs)
            latencies.append(time.perf_counter() - t0)
            if r.status_code != expect:
                failures.append(f"{r.status_code} {r.text[:200]}")

    started = time.perf_counter()
    cpu0 = time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return {
        "count": len(latencies),
        "wall": wall,
        "rate": len(latencies) / wall,
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "driver_cpu": time.process_time() - cpu0,
        "latencies": latencies,
    }


async def prepare_applications(
    client: httpx.AsyncClient, catalog, count: int, concurrency: int
) -> list[tuple[str, dict]]:
    """``count`` applicants, each with a draft; returns (application id, auth headers)."""
    out: list[tuple[str, dict]] = []
    sem = asyncio.Semaphore(concurrency)

    async def one():
        async with sem:
            r = await client.post("/auth/register", json=registration_body())
            assert r.status_code == 201, r.text
            profile = r.json()
            token = issue_token(
                Principal(sub=profile["id"], role=Role.APPLICANT, name=profile["name"]), TEST_TOKEN_KEYS, 3600
            )
            headers = {"Authorization": f"Bearer {token}"}
            r = await client.post("/applications", json=application_body(catalog), headers=headers)
            assert r.status_code == 201, r.text
            out.append((r.json()["id"], headers))

    await asyncio.gather(*(one() for _ in range(count)))
    return out


def submit_requests(prepared) -> list[tuple[str, str, dict]]:
    return [
        ("POST", f"/applications/{app_id}/submit", {"headers": {**h, "Idempotency-Key": uuid.uuid4().hex}})
        for app_id, h in prepared
    ]


def _start_bare_app(tmp: Path, bare_url: str) -> tuple[subprocess.Popen, str]:
    """The comparison app (one INSERT per request), started and answering /healthz."""
    (tmp / "bare_app.py").write_text(BARE_APP)
    bare_port = free_port()
    bare = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bare_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(bare_port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=tmp,
        env={**os.environ, "BARE_DATABASE_URL": bare_url, "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}"},
    )
    bare_base = f"http://127.0.0.1:{bare_port}"
    for _ in range(300):
        try:
            if httpx.get(f"{bare_base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return bare, bare_base


async def run(count: int, concurrency: int, rounds: int = ROUNDS, profile_to: str | None = None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="corridor-bench-"))
    started: list = []
    kafka = external_kafka()
    pg = external_postgres()
    procs: list = []
    try:
        if kafka is None:
            print("starting Kafka ...", flush=True)
            kafka = KafkaBroker.launch(tmp / "kafka")
            started.append(kafka)
        if pg is None:
            print("starting PostgreSQL ...", flush=True)
            pg = Postgres.launch(Path(tempfile.gettempdir()) / f"corridor-bench-pg-{uuid.uuid4().hex[:8]}")
            started.append(pg)
        service_url = await pg.create_database("bench_applications")
        bare_url = await pg.create_database("bench_bare")

        env = service_env(
            "applications",
            service_url,
            kafka.bootstrap,
            DOCUMENTS_DIR=str(tmp / "documents"),
            CORRIDOR_LOG_LEVEL="WARNING",
        )
        service = ServiceProcess("applications", env, tmp / "applications.log")
        if profile_to:
            profile(service, profile_to, window=True)
        await asyncio.to_thread(service.start)
        procs.append(service)

        bare, bare_base = await asyncio.to_thread(_start_bare_app, tmp, bare_url)
        procs.append(bare)

        # Idle connections are dropped by the client (2 s) before uvicorn drops them (5 s): a side
        # waits idle while the other runs its round, and a reused half-closed connection fails.
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency, keepalive_expiry=2.0)
        catalog = demo_catalog(
            requirements=Requirements(min_grade=70, language_certificate="HSK", min_language_level=4, max_age=35)
        )
        await publish(kafka.bootstrap, *catalog.events)
        body = {"json": {"applicant": "aigerim", "grade": 88.5}}
        async with (
            httpx.AsyncClient(base_url=service.url, timeout=60, limits=limits) as client,
            httpx.AsyncClient(base_url=bare_base, timeout=60, limits=limits) as bare_client,
        ):
            await wait_for_catalog(client, catalog)
            print(f"preparing {count + 100} applicants with a draft each (not timed) ...", flush=True)
            prepared = await prepare_applications(client, catalog, count + 100, concurrency)
            await drive(client, submit_requests(prepared[:100]), concurrency, 200)  # warm-up
            await drive(bare_client, [("POST", "/rows", body)] * 100, concurrency, 201)
            start_window(service)  # --profile: the submits from here on
            # Alternate rounds, so a change in the machine's load hits both sides alike.
            service_rounds, bare_rounds = [], []
            per_round = count // rounds
            loads = []
            for i in range(rounds):
                loads.append(os.getloadavg()[0])
                chunk = prepared[100 + i * per_round : 100 + (i + 1) * per_round]
                print(
                    f"round {i + 1}/{rounds}: {len(chunk)} submits, then {len(chunk)} bare inserts, "
                    f"concurrency {concurrency}",
                    flush=True,
                )
                cpu0 = cpu_seconds(service.proc.pid)
                service_rounds.append(await drive(client, submit_requests(chunk), concurrency, 200))
                service_rounds[-1]["server_cpu"] = cpu_seconds(service.proc.pid) - cpu0
                cpu0 = cpu_seconds(bare.pid)
                bare_rounds.append(await drive(bare_client, [("POST", "/rows", body)] * len(chunk), concurrency, 201))
                bare_rounds[-1]["server_cpu"] = cpu_seconds(bare.pid) - cpu0
            ready = (await client.get("/readyz")).json()
        service_result, bare_result = combine(service_rounds), combine(bare_rounds)
        return {
            "service": service_result,
            "bare": bare_result,
            "outbox_backlog": ready.get("outbox_backlog"),
            "count": per_round * rounds,
            "concurrency": concurrency,
            "rounds": rounds,
            "paired": [s["rate"] / b["rate"] for s, b in zip(service_rounds, bare_rounds, strict=False)],
            "cpu_paired": [
                (b["server_cpu"] / b["count"]) / (s["server_cpu"] / s["count"])
                for s, b in zip(service_rounds, bare_rounds, strict=False)
                if s["server_cpu"] > 0
            ],
            "loads": loads,
        }
    finally:
        for p in procs:
            if isinstance(p, ServiceProcess):
                p.stop()
            elif p.poll() is None:
                p.terminate()
                p.wait(20)
        for s in started:
            s.stop()
            if isinstance(s, Postgres) and s.data:
                shutil.rmtree(s.data, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def report(result: dict, load_before: tuple, load_after: tuple) -> str:
    s, b = result["service"], result["bare"]
    total_ratio = s["rate"] / b["rate"]
    ratio = statistics.median(result["paired"])
    cpu_ratio = statistics.median(result["cpu_paired"]) if result["cpu_paired"] else float("nan")
    verdict = "meets" if ratio >= 0.6 else "misses"
    rounds = result["rounds"]
    loads = result["loads"]
    lines = [
        "# Submit load: applications service vs a bare FastAPI insert",
        "",
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}), Python {platform.python_version()}; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
        f"({min(loads):.2f}-{max(loads):.2f} at the start of the rounds).",
        f"Command: `.venv/bin/python bench/submit_load.py --count {result['count']} "
        f"--concurrency {result['concurrency']} --rounds {rounds}`",
        "",
        "Both under uvicorn with the same settings (one worker, uvloop and httptools, access log off),",
        "PostgreSQL (asyncpg, the services' engine: pool 10+10, a ping at checkout) and, for the service, Kafka (its outbox relay",
        "publishes meanwhile in the same process). The driver (httpx) runs on the same machine.",
        "",
        f"The {rounds} rounds alternate (service, bare, service, ...) so that changes in the machine's",
        "load fall on both alike. **The ratio is the median of the per-round ratios** (each service",
        "round against the bare round right after it); the total ratio (all requests over all wall",
        "time) is shown too. Server CPU per request is the uvicorn process's own user+system time from",
        "/proc over the round: the figure a loaded machine disturbs least.",
        "",
        "| | requests | requests/s | per round | p50 ms | p99 ms | server CPU ms/request | per round |",
        "|---|---:|---:|---|---:|---:|---:|---|",
        f"| applications: POST /applications/{{id}}/submit | {s['count']} | {s['rate']:.0f} | {s['rounds']} | "
        f"{s['p50']:.1f} | {s['p99']:.1f} | {s['cpu_ms']:.2f} | {s['cpu_rounds']} |",
        f"| bare FastAPI: one INSERT per POST | {b['count']} | {b['rate']:.0f} | {b['rounds']} | "
        f"{b['p50']:.1f} | {b['p99']:.1f} | {b['cpu_ms']:.2f} | {b['cpu_rounds']} |",
        "",
        f"**Ratio (median of rounds): {ratio:.2f}** of the bare rate ({verdict} the 0.6 target); "
        f"per round {[round(x, 2) for x in result['paired']]}; total {total_ratio:.2f}.",
        f"CPU-bound ratio (bare CPU ms / service CPU ms per request, median of rounds): {cpu_ratio:.2f}.",
        f"Outbox backlog right after the run: {result['outbox_backlog']}.",
        "",
        "A submit does, in one transaction: verify the JWT, reserve the Idempotency-Key, lock the",
        "applicant's draft and read it with the profile, the cycle and the chosen programmes (one",
        "query), read the document kinds when a choice requires documents, check the window, the",
        "choice rules and every choice's eligibility, then write the status and its history, stage",
        "application.submitted in the outbox and store the answer for retries (one statement on",
        "PostgreSQL). The bare app does BEGIN, one INSERT, COMMIT.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="alternating rounds per side")
    parser.add_argument(
        "--profile",
        help="profile the service: a pyinstrument text tree here (bench/profiled.py); the results file is left alone",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()
    result = asyncio.run(run(args.count, args.concurrency, args.rounds, args.profile))
    text = report(result, load_before, os.getloadavg())
    if args.profile:
        print(text)
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
