"""Officers approving a round's proposals in bulk (``POST /matches/review``): before and after.

On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names
one), the schema as the service's migrations make it: N proposed matches (not timed) in 4 cycles of 3 schemes, one of them with an
admission stage (its approvals go to the host: ``admission.requested``, no offer). Then all
N are approved by an officer of the three schemes, ``--per-call`` decisions per call of
``decide_many`` (the route's service call, each in its own transaction, committed), by

- **before**: services/matching/service/review.py as of ``--before`` (default a611899, the
  last commit that decided one match at a time; read with ``git show``): ``decide`` once per match (a locking SELECT each, the cycle's round
  read per decision, which also flushes the previous decision's UPDATE and journal INSERT,
  the event INSERTed into the outbox row by row);
- **after**: today's: the call's matches locked in one SELECT ... FOR UPDATE (id order),
  each cycle's round, cycle and scheme read once, every refusal found before any write,
  then the UPDATEs and the journal INSERTs in one executemany each, the events in one COPY;

alternately, ``--repeat`` times each, in the same process and database, the matches put
back to proposed and the outbox and journal emptied between runs. Both must leave the same
matches (status, reply-by, review fields), the same events (type, key, payload) and the
same journal entries, or the run fails. Then, not counted: ``--singles`` decisions one call
each (``decide``, as the approve route does), before and after, alternately, 2 x
``--repeat`` runs each; and one call of ``--per-call`` decisions of each under cProfile.

    .venv/bin/python bench/review_bulk.py                    # 5,000 matches, 1,000 per call, twice each
    .venv/bin/python bench/review_bulk.py --matches 14168 --repeat 1
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import hashlib
import json
import os
import platform
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

from sqlalchemy import event, text

from bench.round_store import pg_version, top
from services.matching.app import MIGRATIONS
from services.matching.domain.review import Decision
from services.matching.models import Base, Cycle, Match, Scheme
from services.matching.service import review
from services.matching.service.rounds import MATCH_COLUMNS
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from shared.outbox import bulk_insert
from shared.principal import Principal, Role
from tests.support.infra import Postgres, external_postgres

PATH = "services/matching/service/review.py"
ADMISSION_PATH = "services/matching/service/admission.py"
BEFORE = "a611899"  # the last commit whose bulk review decided one match at a time
EXCHANGE = ["matching", "review", "admission", "answer"]  # an admission stage: approvals go to the host
SCHEMES = {"csc": [], "sco": [], "exchange": EXCHANGE}
CYCLES = {"csc-2026": "csc", "csc-2026b": "csc", "sco-2026": "sco", "exchange-2026": "exchange"}
OFFICER = Principal(sub="o-bench", role=Role.OFFICER, name="Bench Officer", schemes=list(SCHEMES))


def load_before(rev: str) -> types.ModuleType:
    """services/matching/service/review.py as of ``rev``, as a module of its own, with the
    admission module of ``rev`` (its ``request`` staged one event per approval)."""
    modules = {}
    for name, path in (("admission", ADMISSION_PATH), ("review", PATH)):
        source = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True).stdout
        module = types.ModuleType(f"{name}_before")
        module.__file__ = f"{rev}:{path}"
        sys.modules[module.__name__] = module  # dataclasses look their module up
        exec(compile(source, module.__file__, "exec"), module.__dict__)
        modules[name] = module
    modules["review"].admission = modules["admission"]
    return modules["review"]


async def seed(db: Database, n: int) -> list[str]:
    """The schemes and cycles, and N proposed matches spread over the cycles; their ids."""
    now = utcnow()
    async with db.session() as s, s.begin():
        for scheme_id, path in SCHEMES.items():
            s.add(Scheme(id=scheme_id, name=scheme_id.upper(), sponsor="CSC", path=path))
        for cycle_id, scheme_id in CYCLES.items():
            s.add(
                Cycle(
                    id=cycle_id,
                    scheme_id=scheme_id,
                    name=cycle_id,
                    opens_at=now - dt.timedelta(days=60),
                    closes_at=now - dt.timedelta(days=30),
                    offer_reply_days=14 if scheme_id != "sco" else 10,
                    admission_closes_at=now + dt.timedelta(days=20) if scheme_id == "exchange" else None,
                )
            )
        cycles = list(CYCLES.items())
        rows = []
        for i in range(n):
            cycle_id, scheme_id = cycles[i % len(cycles)]
            rows.append(
                (f"m-{i:06d}", f"r-{cycle_id}", cycle_id, scheme_id, f"a-{i:06d}", f"stu-{i:06d}")
                + (f"p-{i % 300}", f"inst-{i % 40}", 1 + i % 3, "proposed", "[]", now, now)
            )
        await bulk_insert(s, Match.__table__, MATCH_COLUMNS, rows, encoded=("reasons",))
    return [r[0] for r in rows]


async def reset(db: Database) -> None:
    """The matches proposed again, the outbox and the journal empty, the tables vacuumed."""
    async with db.session() as s, s.begin():
        await s.execute(
            text(
                "UPDATE matches SET status = 'proposed', review_reason = NULL, message_to_applicant = NULL, "
                "reviewed_by = NULL, reviewed_at = NULL, reply_by = NULL"
            )
        )
        await s.execute(text("TRUNCATE outbox, journal"))
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE matches, outbox, journal"))


async def written(db: Database) -> dict:
    """What a run left: row counts, and a digest of the matches, events and journal entries
    (the fields that do not depend on when or under which event id they were written)."""
    async with db.session() as s:
        matches = (
            await s.execute(
                text(
                    "SELECT id, status, reply_by, review_reason, message_to_applicant, reviewed_by "
                    "FROM matches ORDER BY id"
                )
            )
        ).all()
        events = (await s.execute(text("SELECT event_type, key, payload FROM outbox ORDER BY key, event_type"))).all()
        entries = (
            await s.execute(
                text(
                    "SELECT actor, actor_name, action, scheme_id, cycle_id, application_id, subject, "
                    "before::text, after::text, reason FROM journal ORDER BY subject"
                )
            )
        ).all()
        statuses: dict[str, int] = dict(
            (await s.execute(text("SELECT status, count(*) FROM matches GROUP BY status"))).all()
        )

    def digest(rows) -> str:
        return hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()[:16]

    return {
        "outbox": len(events),
        "journal": len(entries),
        "statuses": {k: int(v) for k, v in sorted(statuses.items())},
        "events_by_type": _count_types(events),
        "digest": {"matches": digest(matches), "events": digest(events), "journal": digest(entries)},
    }


def _count_types(events) -> dict[str, int]:
    out: dict[str, int] = {}
    for event_type, *_ in events:
        out[event_type] = out.get(event_type, 0) + 1
    return dict(sorted(out.items()))


async def approve_all(
    db: Database, module: types.ModuleType, ids: list[str], per_call: int, profile: cProfile.Profile | None = None
) -> float:
    """Every match approved, ``per_call`` decisions per call, each call its own committed
    transaction; wall seconds (the profile, if any, around the calls)."""
    t0 = time.perf_counter()
    for start in range(0, len(ids), per_call):
        chunk = [module.ReviewDecision(m, Decision.APPROVE) for m in ids[start : start + per_call]]
        if profile is not None:
            profile.enable()
        async with db.session() as s, s.begin():
            done = await module.decide_many(s, OFFICER, chunk)
        if profile is not None:
            profile.disable()
        assert len(done) == len(chunk)
    return time.perf_counter() - t0


async def approve_singly(db: Database, module: types.ModuleType, ids: list[str]) -> float:
    """Each match approved in a call of its own (``decide``, the approve route's); wall seconds."""
    t0 = time.perf_counter()
    for match_id in ids:
        async with db.session() as s, s.begin():
            await module.decide(s, OFFICER, match_id, Decision.APPROVE, None)
    return time.perf_counter() - t0


async def measure(pg: Postgres, args, before: types.ModuleType) -> dict:
    url = await pg.create_database("review_bulk")
    db = Database(url, Base.metadata, MIGRATIONS)  # the service's schema, as its migrations make it
    modules = {"before": before, "after": review}
    try:
        await migrate(db)
        ids = await seed(db, args.matches)
        wall: dict[str, list[float]] = {"before": [], "after": []}
        results: dict[str, dict] = {}
        for i in range(args.repeat):
            for name in ("before", "after") if i % 2 == 0 else ("after", "before"):
                seconds = await approve_all(db, modules[name], ids, args.per_call)
                wall[name].append(seconds)
                results[name] = await written(db)
                await reset(db)
                print(
                    f"  {name}: {seconds:.2f} s, {1000 * seconds / len(ids):.2f} ms per decision; "
                    f"outbox {results[name]['outbox']:,}, journal {results[name]['journal']:,}, "
                    f"{results[name]['statuses']}",
                    flush=True,
                )
        if results["before"] != results["after"]:
            raise SystemExit(f"the two wrote different rows: {json.dumps(results, indent=1)}")
        # one call per decision: short runs, so more of them (the machine is shared)
        singles: dict[str, list[float]] = {"before": [], "after": []}
        few = ids[: args.singles]
        for i in range(2 * args.repeat):
            for name in ("before", "after") if i % 2 == 0 else ("after", "before"):
                singles[name].append(await approve_singly(db, modules[name], few) / len(few))
                await reset(db)
        print(
            "  singly: " + ", ".join(f"{k} {1000 * statistics.median(v):.2f} ms" for k, v in singles.items()),
            flush=True,
        )
        # one call of each under cProfile, counting the statements sent (COPY goes to the
        # driver directly, and BEGIN/COMMIT are the driver's: neither is counted)
        sent = [0]

        def count(*_args) -> None:
            sent[0] += 1

        event.listen(db.engine.sync_engine, "before_cursor_execute", count)
        profiles, statements = {}, {}
        for name in ("before", "after"):
            profile = cProfile.Profile(time.process_time)
            sent[0] = 0
            await approve_all(db, modules[name], ids[: args.per_call], args.per_call, profile)
            bulk = sent[0]
            await reset(db)
            sent[0] = 0
            await approve_singly(db, modules[name], ids[:1])
            statements[name] = (bulk, sent[0])
            await reset(db)
            profiles[name] = (top(profile, 2), top(profile, 3))
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)
        return {
            "wall": wall,
            "rows": results["after"],
            "singles": singles,
            "profiles": profiles,
            "statements": statements,
        }
    finally:
        await db.dispose()


def write(path: Path, args, run: dict, machine: dict) -> None:
    n = args.matches
    b, a = min(run["wall"]["before"]), min(run["wall"]["after"])
    rows = run["rows"]
    sb, sa = (statistics.median(run["singles"][k]) for k in ("before", "after"))
    lines = [
        "# Officers approving proposals in bulk: before and after",
        "",
        f"Run {machine['at']} on {machine['cores']} cores ({machine['arch']}, {machine['os']}), Python "
        f"{machine['python']}, PostgreSQL {machine['pg']}; load average {machine['load_before']} before, "
        f"{machine['load_after']} after (the machine is shared: read the ratios, not the milliseconds).",
        f"Command: `{machine['command']}`.",
        "",
        f"{n:,} proposed matches in 4 cycles of 3 schemes (one with an admission stage), all approved by one "
        f"officer, {args.per_call:,} decisions per `decide_many` call, each call its own committed transaction "
        f"(the service call of `POST /matches/review`; HTTP and pydantic not included). Before = {PATH} as of "
        f"`{machine['before_rev']}`; after = today's. Alternating, {args.repeat} time(s) each, in "
        "the same process and database, the matches put back to proposed and the outbox and journal emptied "
        "between runs. Both left the same matches (status, reply-by, review fields), the same events (type, key, "
        "payload) and the same journal entries (checked by digest).",
        "",
        "| decisions | per call | outbox rows | journal rows | before (s) | after (s) | before ms / decision "
        "| after ms / decision | **before / after** |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {n:,} | {args.per_call:,} | {rows['outbox']:,} | {rows['journal']:,} | {b:.2f} | {a:.2f} "
        f"| {1000 * b / n:.2f} | {1000 * a / n:.3f} | **{b / a:.1f}x** |",
        "",
        f"Every run (wall seconds): before {', '.join(f'{t:.2f}' for t in run['wall']['before'])}; "
        f"after {', '.join(f'{t:.2f}' for t in run['wall']['after'])}.",
        f"Events: {rows['events_by_type']}; statuses after: {rows['statuses']}.",
        "",
        f"One decision per call (`decide`, the approve route's), {args.singles} calls per run, "
        f"{2 * args.repeat} runs each (alternating): median before {1000 * sb:.2f} ms, after {1000 * sa:.2f} ms "
        f"per decision ({sb / sa:.2f}x); every run: before "
        f"{', '.join(f'{1000 * t:.2f}' for t in run['singles']['before'])}; after "
        f"{', '.join(f'{1000 * t:.2f}' for t in run['singles']['after'])} ms.",
    ]
    (bb, bs), (ab, as_) = run["statements"]["before"], run["statements"]["after"]
    lines += [
        "",
        f"SQL statements sent through SQLAlchemy (a round trip each; COPY, BEGIN and COMMIT not counted): one "
        f"call of {args.per_call:,} approvals, before {bb:,}, after {ab:,} (+ 1 COPY); one decision, before {bs}, "
        f"after {as_} (+ 1 COPY).",
        "",
        "What the profile of the before path (below) says: the time goes to statements, not to a match's own "
        "logic (`decide`'s own time is about 1% of it). Each decision sends eight: the locking SELECT of its match, "
        "`active_round`'s SELECT, its cycle's and its scheme's (the session holds them weakly, so they are read "
        "again for each decision), two UPDATEs of the match (its fields are set in two steps, each autoflushed "
        "by the next statement), the outbox INSERT and the journal INSERT. Each pays a round trip (the socket "
        "sends and event-loop turns at the top by internal time) and SQLAlchemy's per-statement work (cache keys, "
        "`_init_compiled`, ORM loading, the autoflushes). Hence the change: one locking SELECT for the call, each "
        "cycle's round, cycle and scheme read once, the UPDATEs in one executemany (every match's UPDATE sets the "
        "same columns, or the flush would split it into runs), the journal INSERTs in another, the events in one "
        "COPY. (cProfile counts each resumption of a coroutine as a call: read the call counts as relative.)",
    ]
    for name, what in (("before", "the profile that guided the change"), ("after", "what is left")):
        tottime, cumulative = run["profiles"][name]
        lines += [
            "",
            f"## {name.capitalize()}: one call of {args.per_call:,} approvals under cProfile ({what})",
            "",
            "This process's CPU seconds, with the profiler's overhead (PostgreSQL's own work and the waits for "
            "round trips are not in them). By internal time:",
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
        ]
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--matches", type=int, default=5000)
    parser.add_argument("--per-call", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, alternating which goes first")
    parser.add_argument("--singles", type=int, default=200, help="decisions made one call each, before and after")
    parser.add_argument("--before", default=BEFORE, help="the commit whose review.py is the 'before'")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "review_bulk.md")
    args = parser.parse_args()
    before = load_before(args.before)
    before_rev = subprocess.run(
        ["git", "rev-parse", "--short", args.before], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    pg = external_postgres()
    data = None
    if pg is None:
        data = Path(tempfile.gettempdir()) / f"corridor-pg-review-{uuid.uuid4().hex[:8]}"
        pg = Postgres.launch(data)
    load_before_run = " ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        run = asyncio.run(measure(pg, args, before))
        machine = {
            "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cores": os.cpu_count(),
            "arch": platform.machine(),
            "os": platform.system(),
            "python": platform.python_version(),
            "pg": pg_version(pg),
            "load_before": load_before_run,
            "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "command": " ".join([".venv/bin/python", "bench/review_bulk.py", *sys.argv[1:]]),
            "before_rev": before_rev,
        }
    finally:
        if data is not None:
            pg.stop()
            shutil.rmtree(data, ignore_errors=True)
    write(args.out, args, run, machine)
    b, a = min(run["wall"]["before"]), min(run["wall"]["after"])
    n = args.matches
    print(f"{n:,} approvals: before {1000 * b / n:.2f} ms, after {1000 * a / n:.3f} ms per decision, {b / a:.1f}x")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
