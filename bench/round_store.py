"""A matching round from its start to its outcomes stored: before and after (issue 17).

On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names
one), for each size N: a cycle of N applicants with 10 choices each over N/80 programmes in
10 schemes, 80 country caps (8 sending countries per scheme) and some programmes asking for
HSK 4, is loaded (pool rows, not timed). Then a round is queued (not timed) and run as the
service's ``RoundRunner`` runs it, each phase timed, by

- **before**: ``load``, ``compute`` and ``store`` with the round's modules (``ROUND_MODULES``:
  services/matching/service/rounds.py, service/outcomes.py, domain/inputs.py and
  shared/eligibility.py) as of commit ``--before`` (read with ``git show``; the default,
  4c4af69, built ORM objects, an ``engine.Outcome`` per applicant, dicts per row and event);
- **after**: the working tree's;

alternately, ``--repeat`` times each (per size), in the same process and database. A round
is timed from ``load``'s call to ``store``'s commit (``compute`` in a worker thread, as the
runner does); its rows are then deleted. Both must write the same rows: a digest of the
round's matches, outcomes, outbox rows and the round's own row (ids, times and the round's
id left out: they differ from run to run) is compared. Publication (the relay to Kafka) is
not part of this bench (bench/national_round.py measures it). Each run's results are added
to ``--out`` as a dated section (earlier runs are kept).

Every round starts from a checkpoint (not timed), so that no round pays for the one before it.
Per round, beside the wall and this process's CPU: the WAL the server wrote and, when it runs
on this machine, its processes' CPU seconds (from /proc).
``--before-sql`` and ``--after-sql`` statements run (not timed, outside a transaction, on the
bench's database) before each round of that side: a schema or server setting of the 'before'
commit compared in the same run, e.g. an index it had, or ``ALTER SYSTEM SET max_wal_size =
'1GB'`` then ``SELECT pg_reload_conf()`` (server settings that need no restart only).

    .venv/bin/python bench/round_store.py                           # 27,000 applicants
    .venv/bin/python bench/round_store.py --applicants 27000 270000 --repeat 2 1
    .venv/bin/python bench/round_store.py --before HEAD --note "what changed"  # the working tree against HEAD
    .venv/bin/python bench/round_store.py --before HEAD \
        --before-sql "ALTER SYSTEM SET max_wal_size = '1GB'" --before-sql "SELECT pg_reload_conf()" \
        --after-sql "ALTER SYSTEM RESET ALL" --after-sql "SELECT pg_reload_conf()"
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import hashlib
import os
import platform
import pstats
import re
import shlex
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

BEFORE = "4c4af69"  # the last commit whose round built an Outcome, dicts and JSON per applicant
CYCLE = "nat-2026"
PHASES = ("load", "compute", "store")
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


# The modules a round's work lives in, each importing the ones before it.
ROUND_MODULES = (
    "shared/eligibility.py",
    "services/matching/domain/inputs.py",
    "services/matching/service/outcomes.py",
    "services/matching/service/rounds.py",
)


def load_before(rev: str) -> types.ModuleType:
    """services/matching/service/rounds.py as of ``rev``, as a module of its own, importing the
    other ``ROUND_MODULES`` as of ``rev`` too (today's modules stay as they are)."""
    names = [path.removesuffix(".py").replace("/", ".") for path in ROUND_MODULES]
    today = {name: sys.modules[name] for name in names if name in sys.modules}
    module = types.ModuleType("unused")
    try:
        for path, name in zip(ROUND_MODULES, names, strict=True):
            source = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True).stdout
            module = types.ModuleType(f"{name}@{rev}")
            module.__file__ = f"{rev}:{path}"
            sys.modules[module.__name__] = module  # dataclasses look their module up
            sys.modules[name] = module  # while the later modules import it
            exec(compile(source, module.__file__, "exec"), module.__dict__)
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(today)
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


async def stored_counts(db: Database, round_id: str) -> tuple[int, int, int]:
    async with db.session() as s:
        m = await s.scalar(text("SELECT count(*) FROM matches WHERE round_id = :r"), {"r": round_id})
        o = await s.scalar(text("SELECT count(*) FROM round_outcomes WHERE round_id = :r"), {"r": round_id})
        e = await s.scalar(text("SELECT count(*) FROM outbox"))
    return int(m or 0), int(o or 0), int(e or 0)


_MATCH_ID = re.compile(rb'"match_id": "[0-9a-f-]{36}"')


async def stored_digest(db: Database, round_id: str) -> str:
    """SHA-256 of what the round stored, less what differs from run to run (row ids, times, the
    round's id and its matches' ids): its matches, outcomes (with whether each has a match),
    outbox rows (topic, key, type, payload) and its own row's results, in a stable order."""
    queries = (
        "SELECT cycle_id, scheme_id, application_id, applicant_id, programme_id, host_institution_id, rank,"
        " status, reasons::text FROM matches WHERE round_id = :r ORDER BY application_id",
        "SELECT application_id, applicant_id, status, programme_id, match_id IS NOT NULL, reasons::text,"
        " waitlist_positions::text, notified FROM round_outcomes WHERE round_id = :r ORDER BY application_id",
        "SELECT topic, key, event_type, payload FROM outbox ORDER BY key, event_type",
        "SELECT status, inputs_digest, statistics::text, waitlist::text, matched, waitlisted, unmatched, fixed"
        " FROM rounds WHERE id = :r",
    )
    h = hashlib.sha256()
    async with db.session() as s:
        for query in queries:
            for row in await s.execute(text(query), {"r": round_id}):
                for value in row:
                    raw = value if isinstance(value, bytes) else str(value).encode()
                    raw = _MATCH_ID.sub(b'"match_id": ""', raw.replace(round_id.encode(), b"ROUND"))
                    h.update(raw + b"\x1f")
                h.update(b"\x1e")
    return h.hexdigest()


async def reset(db: Database, round_id: str) -> None:
    """The round's rows gone (the next round is a cycle's first again), the tables vacuumed."""
    async with db.session() as s, s.begin():
        for table in ("matches", "round_outcomes"):
            await s.execute(text(f"DELETE FROM {table} WHERE round_id = :r"), {"r": round_id})
        await s.execute(text("DELETE FROM outbox"))
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE matches, round_outcomes, outbox, rounds"))


async def prepare(db: Database, statements: list[str]) -> None:
    """``statements`` run one by one outside a transaction (ALTER SYSTEM refuses one), then a
    checkpoint: the round starts with no WAL of an earlier one still to be flushed."""
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        for statement in statements:
            await conn.execute(text(statement))
        if any("pg_reload_conf" in statement for statement in statements):
            await asyncio.sleep(1)  # the reload is a signal: let the server's processes read it
        await conn.execute(text("CHECKPOINT"))


async def wal_position(db: Database) -> int:
    async with db.session() as s:
        return int(await s.scalar(text("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) or 0)


async def server_pid(db: Database) -> int | None:
    """The server's postmaster when it runs on this machine and we may read its directory."""
    async with db.session() as s:
        directory = Path(str(await s.scalar(text("SHOW data_directory"))))
    try:
        return int((directory / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def server_cpu(postmaster: int | None) -> float:
    """CPU seconds of the server's processes so far: its live processes' own, and those of the
    ones that ended (counted on the postmaster that waited for them); 0 when not readable."""
    if postmaster is None:
        return 0.0
    ticks = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        pid, parent = int(proc.name), int(fields[1])
        if pid == postmaster:
            ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
        elif parent == postmaster:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


async def inline(fn, /, *args, **kwargs):
    """``asyncio.to_thread`` for the profiled run: the work in this thread, where cProfile sees it."""
    return fn(*args, **kwargs)


async def timed_round(
    db: Database, module: types.ModuleType, profile: cProfile.Profile | None = None
) -> tuple[str, dict[str, float], dict[str, float]]:
    """A round queued (not timed), then loaded, computed and stored as ``RoundRunner.execute``
    does; (its id, wall seconds and this process's CPU seconds per phase and in all)."""
    async with db.session() as s, s.begin():
        round_id = (await module.queue(s, CYCLE, 11, "bench")).id
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    offload = asyncio.to_thread
    if profile is not None:
        asyncio.to_thread = inline
        profile.enable()
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        async with db.session() as s, s.begin():
            job = await module.load(s, round_id)
        t1, c1 = time.perf_counter(), time.process_time()
        result = await asyncio.to_thread(module.compute, job, module.Progress())
        t2, c2 = time.perf_counter(), time.process_time()
        async with db.session() as s, s.begin():
            assert await module.store(s, job, result)
        t3, c3 = time.perf_counter(), time.process_time()
    finally:
        if profile is not None:
            profile.disable()
            asyncio.to_thread = offload
    wall.update(load=t1 - t0, compute=t2 - t1, store=t3 - t2, round=t3 - t0)
    cpu.update(load=c1 - c0, compute=c2 - c1, store=c3 - c2, round=c3 - c0)
    return round_id, wall, cpu


def top(profile: cProfile.Profile, key: int, k: int = 16) -> list[str]:
    """The profile's top ``k`` functions by internal (key 2) or cumulative (key 3) time."""
    rows = pstats.Stats(profile).stats
    out = []
    for (fn, line, name), v in sorted(rows.items(), key=lambda kv: -kv[1][key])[:k]:
        where = fn if fn.startswith("<") else "/".join(Path(fn).parts[-2:])
        out.append(f"{v[key]:7.2f}s  {v[1]:>8} calls  {where}:{line} {name}")
    return out


async def measure(pg: Postgres, n: int, repeat: int, before, profiled: bool, sql: dict[str, list[str]]) -> dict:
    url = await pg.create_database(f"round_store_{n}")
    db = Database(url, Base.metadata)  # the tables as the models declare them (as the migrations do)
    try:
        await migrate(db)
        t0 = time.perf_counter()
        await seed(db, n)
        seed_s = time.perf_counter() - t0
        modules = {"before": before, "after": rounds}
        wall: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        cpu: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        counts: dict[str, tuple[int, int, int]] = {}
        digests: dict[str, set[str]] = {"before": set(), "after": set()}
        wal: dict[str, list[float]] = {"before": [], "after": []}
        server: dict[str, list[float]] = {"before": [], "after": []}
        postmaster = await server_pid(db)
        for i in range(repeat):
            order = ("before", "after") if i % 2 == 0 else ("after", "before")
            for name in order:
                await prepare(db, sql[name])
                lsn, spent = await wal_position(db), server_cpu(postmaster)
                round_id, w, c = await timed_round(db, modules[name])
                server[name].append(server_cpu(postmaster) - spent)
                wal[name].append((await wal_position(db) - lsn) / 2**20)
                wall[name].append(w)
                cpu[name].append(c)
                counts[name] = await stored_counts(db, round_id)
                digests[name].add(await stored_digest(db, round_id))
                await reset(db, round_id)
                phases = ", ".join(f"{p} {w[p]:.2f}" for p in PHASES)
                print(
                    f"  N={n:,} {name}: {w['round']:.2f} s ({phases})  rows {counts[name]}  WAL {wal[name][-1]:.0f} MiB"
                    f"  server CPU {server[name][-1]:.2f} s",
                    flush=True,
                )
        if counts["before"] != counts["after"]:
            raise SystemExit(f"the two rounds wrote different numbers of rows: {counts}")
        if len(digests["before"] | digests["after"]) != 1:
            raise SystemExit(f"the rounds wrote different rows: {digests}")
        # one more run of today's round, under the profiler (not counted); CPU time, as the
        # machine is shared (wall time would count the time other processes had the cores)
        profile = cProfile.Profile(time.process_time)
        if profiled:
            await prepare(db, sql["after"])
            round_id, _w, _c = await timed_round(db, rounds, profile)
            await reset(db, round_id)
        return {
            "n": n,
            "programmes": await db_count(db, "programmes"),
            "seed_s": seed_s,
            "wall": wall,
            "cpu": cpu,
            "wal": wal,
            "server": server,
            "rows": counts["after"],
            "digest": digests["after"].pop(),
            "profile": (top(profile, 2), top(profile, 3)) if profiled else ([], []),
        }
    finally:
        await db.dispose()


async def db_count(db: Database, table: str) -> int:
    async with db.session() as s:
        return int(await s.scalar(text(f"SELECT count(*) FROM {table}")) or 0)


def pg_version(pg: Postgres) -> str:
    async def ask() -> str:
        import asyncpg

        conn = await asyncpg.connect(pg.admin_url)
        try:
            return str(await conn.fetchval("SHOW server_version"))
        finally:
            await conn.close()

    return asyncio.run(ask())


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the shortest round."""
    return min(runs, key=lambda r: r["round"])


TITLE = "# A round from its start to its outcomes stored: before and after"


def write(path: Path, args, runs: list[dict], machine: dict) -> None:
    """The run as a dated section added to ``path`` (its earlier sections kept)."""
    what = f" ({args.note})" if args.note else ""
    digests = ", ".join(f"N={r['n']:,}: {r['digest'][:12]}" for r in runs)
    lines = [
        f"## {machine['at']}: before = commit {args.before}, after = the working tree{what}",
        "",
        f"Run {machine['at']} on {machine['cores']} cores ({machine['arch']}, {machine['os']}), Python "
        f"{machine['python']}, PostgreSQL {machine['pg']}; load average {machine['load_before']} before, "
        f"{machine['load_after']} after (the machine is shared: read the ratios, not the seconds).",
        f"Command: `{machine['command']}`.",
        "",
        *(
            [
                "Before each round, not timed: a checkpoint; for 'before' also "
                + (", ".join(f"`{q}`" for q in args.before_sql) or "nothing")
                + "; for 'after' also "
                + (", ".join(f"`{q}`" for q in args.after_sql) or "nothing")
                + ".",
                "",
            ]
            if args.before_sql or args.after_sql
            else []
        ),
        "A round of the same cycle run as `RoundRunner.execute` runs it: `load` (the round marked running, the "
        "cycle read), `compute` (inputs, engine, outcomes, statistics; in a worker thread) and `store` (rows and "
        "events written, committed), timed from `load`'s call to `store`'s commit, the given number of times "
        "each (alternating which goes first). Before = the round's modules (services/matching/service/rounds.py, "
        f"service/outcomes.py, domain/inputs.py, shared/eligibility.py) as of commit {args.before}; after = the "
        "working tree's. Both wrote the same rows: the same digest of matches, outcomes, outbox rows and the "
        "round's row (ids, times and the round's id left out) in every run "
        f"({digests}). Publication (the relay to "
        "Kafka) is not included.",
        "",
        "Wall: from the call to the commit (PostgreSQL's own work included); CPU: this process's (the "
        "service's Python side: reading rows, the engine, building rows and events, the driver).",
        "",
        "| applicants | programmes | matches | outcomes | outbox rows | round before (s) | round after (s) "
        "| **before / after** | CPU before (s) | CPU after (s) | CPU before / after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        b, a = best(r["wall"]["before"])["round"], best(r["wall"]["after"])["round"]
        cb = min(c["round"] for c in r["cpu"]["before"])
        ca = min(c["round"] for c in r["cpu"]["after"])
        m, o, e = r["rows"]
        lines.append(
            f"| {r['n']:,} | {r['programmes']:,} | {m:,} | {o:,} | {e:,} | {b:.2f} | {a:.2f} | **{b / a:.1f}x** "
            f"| {cb:.2f} | {ca:.2f} | {cb / ca:.1f}x |"
        )
    lines += ["", "Per phase, in the best round of each (wall seconds; CPU seconds of this process):", ""]
    lines += [
        "| applicants | phase | wall before | wall after | before / after | CPU before | CPU after "
        "| CPU before / after |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        wb, wa = best(r["wall"]["before"]), best(r["wall"]["after"])
        cb = r["cpu"]["before"][r["wall"]["before"].index(wb)]
        ca = r["cpu"]["after"][r["wall"]["after"].index(wa)]
        for phase in PHASES:
            lines.append(
                f"| {r['n']:,} | {phase} | {wb[phase]:.2f} | {wa[phase]:.2f} | {wb[phase] / wa[phase]:.1f}x "
                f"| {cb[phase]:.2f} | {ca[phase]:.2f} | {cb[phase] / ca[phase]:.1f}x |"
            )
    lines += [
        "",
        "Every run (round wall seconds; WAL the server wrote from `load` to the commit, and the CPU seconds of "
        "the server's processes meanwhile, when it runs on this machine):",
        "",
    ]
    for r in runs:
        before = [w["round"] for w in r["wall"]["before"]]
        after = [w["round"] for w in r["wall"]["after"]]
        lines.append(
            f"- N={r['n']:,}: before {', '.join(f'{t:.2f}' for t in before)} (median "
            f"{statistics.median(before):.2f}); after {', '.join(f'{t:.2f}' for t in after)} "
            f"(median {statistics.median(after):.2f}). WAL before {', '.join(f'{m:.0f}' for m in r['wal']['before'])} "
            f"MiB, after {', '.join(f'{m:.0f}' for m in r['wal']['after'])} MiB. Server CPU before "
            f"{', '.join(f'{c:.1f}' for c in r['server']['before'])} s, after "
            f"{', '.join(f'{c:.1f}' for c in r['server']['after'])} s. Loading the pool "
            f"{r['seed_s']:.1f} s (not timed)."
        )
    first = runs[0]
    tottime, cumulative = first["profile"]
    lines += [
        "",
        f"Where today's round spends its time at N={first['n']:,} (one more run under cProfile, not counted above; "
        "the worker thread's work run in the event loop's thread so that the profiler sees it; this process's CPU "
        "seconds: PostgreSQL's own work is not in them). By internal time:",
        "",
        "```",
        *tottime,
        "```",
        "",
        "Cumulative:",
        "",
        "```",
        *cumulative,
        "```",
        "",
    ]
    earlier = path.read_text().rstrip() + "\n\n" if path.exists() else f"{TITLE}\n\n"
    path.write_text(earlier + "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applicants", type=int, nargs="+", default=[27000])
    parser.add_argument(
        "--repeat", type=int, nargs="+", default=[2], help="runs of each round per size (the last for the rest)"
    )
    parser.add_argument("--before", default=BEFORE, help="the commit whose round is the 'before'")
    parser.add_argument("--note", default="", help="what changed, for the section's heading")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "round_store.md")
    parser.add_argument(
        "--before-sql", action="append", default=[], help="a statement run before each 'before' round (repeatable)"
    )
    parser.add_argument(
        "--after-sql", action="append", default=[], help="a statement run before each 'after' round (repeatable)"
    )
    args = parser.parse_args()
    sql = {"before": args.before_sql, "after": args.after_sql}
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
            asyncio.run(measure(pg, n, r, before, profiled=i == 0, sql=sql))
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
            "command": shlex.join([".venv/bin/python", "bench/round_store.py", *sys.argv[1:]]),
        }
    finally:
        if data is not None:
            pg.stop()
            shutil.rmtree(data, ignore_errors=True)
    write(args.out, args, runs, machine)
    for r in runs:
        b, a = best(r["wall"]["before"])["round"], best(r["wall"]["after"])["round"]
        print(f"N={r['n']:,}: before {b:.2f} s, after {a:.2f} s, ratio {b / a:.1f}x")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
