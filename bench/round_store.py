"""The matching service's round store (`rounds.store`), before and after the bulk write (issue 17).

On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names
one), for each size N: a cycle of N applicants with 10 choices each over N/80 programmes in
10 schemes, 80 country caps (8 sending countries per scheme) and some programmes asking for
HSK 4, is loaded (pool rows, not timed); a round is queued, loaded and computed by the
service's own code (not timed). Then the same round result is stored by

- **before**: `store` of services/matching/service/rounds.py as of commit `--before`
  (read with `git show`): a dict and a pydantic event per applicant, one outbox row
  encoded per event, executemany INSERTs;
- **after**: today's `store`: rows as plain tuples from the engine's outcomes, events
  encoded in bulk, COPY for matches, outcomes and outbox rows;

alternately, `--repeat` times each (per size), in the same process and database. Each store is timed
from its call to its commit; its rows are then deleted and the round set running again
(not timed). Both must write the same numbers of matches, outcomes and outbox rows.

    .venv/bin/python bench/round_store.py                           # 27,000 applicants
    .venv/bin/python bench/round_store.py --applicants 27000 270000 --repeat 2 1
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import os
import platform
import pstats
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

from sqlalchemy import text

from bench.matching_engine import CAP_SHARE, COUNTRIES, SCHEMES, make_instance
from services.matching.models import Base, Cycle, PoolEntry, Programme, QuotaRule, Scheme
from services.matching.service import rounds
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from shared.outbox import bulk_insert
from tests.support.infra import Postgres, external_postgres

BEFORE = "c886607"  # the last commit whose store wrote row by row
CYCLE = "nat-2026"
POOL_COLUMNS = (
    "application_id",
    "applicant_id",
    "cycle_id",
    "scheme_id",
    "applicant_type",
    "sending_country",
    "choices",
    "grade",
    "language_certificates",
    "status",
    "received_at",
    "updated_at",
)


def load_before(rev: str) -> types.ModuleType:
    """services/matching/service/rounds.py as of ``rev``, as a module of its own."""
    source = subprocess.run(
        ["git", "show", f"{rev}:services/matching/service/rounds.py"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    module = types.ModuleType("rounds_before")
    module.__file__ = f"{rev}:services/matching/service/rounds.py"
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


async def seed(db: Database, n: int, seed: int = 7) -> None:
    """The cycle, its programmes and caps, and N submitted pool entries."""
    plain = make_instance(n, max(50, n // 80), 10, seed)
    now = utcnow()
    async with db.session() as s, s.begin():
        s.add(Scheme(id="nat", name="National", sponsor="CSC", eligible_countries=COUNTRIES))
        s.add(
            Cycle(
                id=CYCLE,
                scheme_id="nat",
                name="National 2026",
                opens_at=now - dt.timedelta(days=30),
                closes_at=now - dt.timedelta(days=1),
                eligible_countries=COUNTRIES,
            )
        )
        for j, p in enumerate(plain.programmes):
            hsk = {"language_certificate": "HSK", "min_language_level": 4} if j % 20 == 0 else {}
            s.add(
                Programme(
                    id=p["id"],
                    cycle_id=CYCLE,
                    scheme_id=p["scheme"],
                    host_institution_id=p["host_institution"],
                    host_country="CN",
                    title=p["id"],
                    field=p["field"],
                    level="master",
                    language="zh",
                    seats=p["seats"],
                    requirements=hsk,
                )
            )
        for c, share in CAP_SHARE.items():
            s.add(
                QuotaRule(
                    id=f"cap-{c}",
                    cycle_id=CYCLE,
                    label=f"country cap {c} on {{scheme}}",
                    scope={"sending_country": [c]},
                    per=["scheme"],
                    max_share_of_seats=share,
                )
            )
        rows = [
            (aid, f"stu-{aid}", CYCLE, SCHEMES[0], "student", country, choices, grade)
            + ([{"kind": "HSK", "level": 3 + i % 4}], "submitted", now, now)
            for i, (aid, choices, grade, country) in enumerate(plain.applicants)
        ]
        await bulk_insert(s, PoolEntry.__table__, POOL_COLUMNS, rows)


async def prepare(db: Database) -> tuple[rounds.RoundJob, rounds.RoundResult, float]:
    """A round queued, loaded and computed by the service's code; the seconds it took."""
    t0 = time.perf_counter()
    async with db.session() as s, s.begin():
        queued = await rounds.queue(s, CYCLE, 11, "bench")
    async with db.session() as s, s.begin():
        job = await rounds.load(s, queued.id)
    result = await asyncio.to_thread(rounds.compute, job, rounds.Progress())
    return job, result, time.perf_counter() - t0


async def stored_counts(db: Database, round_id: str) -> tuple[int, int, int]:
    async with db.session() as s:
        m = await s.scalar(text("SELECT count(*) FROM matches WHERE round_id = :r"), {"r": round_id})
        o = await s.scalar(text("SELECT count(*) FROM round_outcomes WHERE round_id = :r"), {"r": round_id})
        e = await s.scalar(text("SELECT count(*) FROM outbox"))
    return int(m or 0), int(o or 0), int(e or 0)


async def reset(db: Database, job: rounds.RoundJob) -> None:
    """The round's rows gone and the round running again, as before its store."""
    async with db.session() as s, s.begin():
        for table in ("matches", "round_outcomes"):
            await s.execute(text(f"DELETE FROM {table} WHERE round_id = :r"), {"r": job.round_id})
        await s.execute(text("DELETE FROM outbox"))
        await s.execute(
            text("UPDATE rounds SET status = 'running', active_cycle_id = :c WHERE id = :r"),
            {"c": CYCLE, "r": job.round_id},
        )
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE matches, round_outcomes, outbox"))


async def timed_store(db: Database, store, job, result, profile: cProfile.Profile | None = None) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds) from the store's call to its commit."""
    t0, c0 = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    async with db.session() as s, s.begin():
        assert await store(s, job, result)
    if profile is not None:
        profile.disable()
    return time.perf_counter() - t0, time.process_time() - c0


def top(profile: cProfile.Profile, k: int = 14) -> list[str]:
    rows = pstats.Stats(profile).stats
    out = []
    for (fn, line, name), v in sorted(rows.items(), key=lambda kv: -kv[1][3])[:k]:
        where = fn if fn.startswith("<") else "/".join(Path(fn).parts[-2:])
        out.append(f"{v[3]:7.2f}s  {v[1]:>8} calls  {where}:{line} {name}")
    return out


async def measure(pg: Postgres, n: int, repeat: int, before, profiled: bool) -> dict:
    url = await pg.create_database(f"round_store_{n}")
    db = Database(url, Base.metadata)  # the tables as the models declare them (as the migrations do)
    try:
        await migrate(db)
        t0 = time.perf_counter()
        await seed(db, n)
        seed_s = time.perf_counter() - t0
        job, result, prepare_s = await prepare(db)
        times: dict[str, list[float]] = {"before": [], "after": []}
        cpu: dict[str, list[float]] = {"before": [], "after": []}
        counts: dict[str, tuple[int, int, int]] = {}
        stores = {"before": before.store, "after": rounds.store}
        for i in range(repeat):
            order = ("before", "after") if i % 2 == 0 else ("after", "before")
            for name in order:
                wall, used = await timed_store(db, stores[name], job, result)
                times[name].append(wall)
                cpu[name].append(used)
                counts[name] = await stored_counts(db, job.round_id)
                await reset(db, job)
                print(f"  N={n:,} {name}: {times[name][-1]:.2f} s  rows {counts[name]}", flush=True)
        profile = cProfile.Profile()  # one more run of the bulk store, under the profiler (not counted)
        if profiled:
            await timed_store(db, rounds.store, job, result, profile)
            await reset(db, job)
        if counts["before"] != counts["after"]:
            raise SystemExit(f"the two stores wrote different numbers of rows: {counts}")
        return {
            "n": n,
            "programmes": len(job.programmes),
            "seed_s": seed_s,
            "prepare_s": prepare_s,
            "before": times["before"],
            "after": times["after"],
            "cpu_before": cpu["before"],
            "cpu_after": cpu["after"],
            "rows": counts["after"],
            "profile": top(profile) if profiled else [],
        }
    finally:
        await db.dispose()


def pg_version(pg: Postgres) -> str:
    async def ask() -> str:
        import asyncpg

        conn = await asyncpg.connect(pg.admin_url)
        try:
            return str(await conn.fetchval("SHOW server_version"))
        finally:
            await conn.close()

    return asyncio.run(ask())


def write(path: Path, args, runs: list[dict], machine: dict) -> None:
    lines = [
        "# Round store: row by row (before) and in bulk (after)",
        "",
        f"Run {machine['at']} on {machine['cores']} cores ({machine['arch']}, {machine['os']}), Python "
        f"{machine['python']}, PostgreSQL {machine['pg']}; load average {machine['load_before']} before, "
        f"{machine['load_after']} after (the machine is shared: read the ratios, not the seconds).",
        f"Command: `{machine['command']}`.",
        "",
        "`rounds.store` of the same computed round, timed from its call to its commit, the given number of "
        f"times each (alternating which goes first); before = `store` as of commit {args.before} (a dict and a pydantic event per "
        "applicant, each event encoded alone, executemany INSERTs), after = today's (tuples from the "
        "engine's outcomes, events encoded in bulk, COPY for matches, outcomes and outbox rows). Both "
        "wrote the same numbers of rows (checked).",
        "",
        "Wall: from the call to the commit (PostgreSQL's own work included); CPU: this process's (the "
        "service's Python side: building rows, encoding events, the driver).",
        "",
        "| applicants | programmes | matches | outcomes | outbox rows | wall before (s) | wall after (s) "
        "| **wall before / after** | CPU before (s) | CPU after (s) | CPU before / after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        b, a = min(r["before"]), min(r["after"])
        cb, ca = min(r["cpu_before"]), min(r["cpu_after"])
        m, o, e = r["rows"]
        lines.append(
            f"| {r['n']:,} | {r['programmes']:,} | {m:,} | {o:,} | {e:,} | {b:.2f} | {a:.2f} | **{b / a:.1f}x** "
            f"| {cb:.2f} | {ca:.2f} | {cb / ca:.1f}x |"
        )
    lines += [
        "",
        "Best of the runs; every run (seconds):",
        "",
    ]
    for r in runs:
        lines.append(
            f"- N={r['n']:,}: before {', '.join(f'{t:.2f}' for t in r['before'])} (median "
            f"{statistics.median(r['before']):.2f}); after {', '.join(f'{t:.2f}' for t in r['after'])} "
            f"(median {statistics.median(r['after']):.2f}). Loading the pool {r['seed_s']:.1f} s, queueing, "
            f"loading and computing the round {r['prepare_s']:.1f} s (not timed)."
        )
    first = runs[0]
    lines += [
        "",
        f"Where the bulk store's time goes at N={first['n']:,} (one more run under cProfile, not counted above; "
        "cumulative). The profiler sees the event loop's thread only: the rows and events are built, and the "
        "columns serialised, in a worker thread, so that work and PostgreSQL's are the wait in `select`:",
        "",
        "```",
        *first["profile"],
        "```",
        "",
    ]
    path.write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applicants", type=int, nargs="+", default=[27000])
    parser.add_argument(
        "--repeat", type=int, nargs="+", default=[2], help="runs of each store per size (the last for the rest)"
    )
    parser.add_argument("--before", default=BEFORE, help="the commit whose store is the 'before'")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "round_store.md")
    args = parser.parse_args()
    before = load_before(args.before)
    pg = external_postgres()
    data = None
    if pg is None:
        data = Path(tempfile.gettempdir()) / f"corridor-pg-roundstore-{uuid.uuid4().hex[:8]}"
        pg = Postgres.launch(data)
    load_before_run = " ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        repeats = args.repeat + [args.repeat[-1]] * len(args.applicants)
        runs = [
            asyncio.run(measure(pg, n, r, before, profiled=i == 0))
            for i, (n, r) in enumerate(zip(args.applicants, repeats, strict=False))
        ]
        machine = {
            "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cores": os.cpu_count(),
            "arch": platform.machine(),
            "os": platform.system(),
            "python": platform.python_version(),
            "pg": pg_version(pg),
            "load_before": load_before_run,
            "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "command": " ".join([".venv/bin/python", "bench/round_store.py", *sys.argv[1:]]),
        }
    finally:
        if data is not None:
            pg.stop()
            shutil.rmtree(data, ignore_errors=True)
    write(args.out, args, runs, machine)
    for r in runs:
        b, a = min(r["before"]), min(r["after"])
        print(f"N={r['n']:,}: before {b:.2f} s, after {a:.2f} s, ratio {b / a:.1f}x")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
