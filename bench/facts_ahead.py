"""A consumer batch's notice reads: one statement per notice, or the batch's read ahead.

    .venv/bin/python bench/facts_ahead.py                  # 40 batches of 500 notices each way
    .venv/bin/python bench/facts_ahead.py --batches 40 --events 500

Every outcome notice of a round reads its applicant's stored name and language and the stored
application (``services/notifications/service/fanout.py`` ``notice_facts``): until 2026-12-03
one statement per notice, the only statement a round's consumer batch ran per event. A batch
of outcomes only (what a round's batches are) now has them read in one statement before its
handlers (``read_outcome_facts_ahead`` -> ``read_facts_ahead``), and each notice takes its own.
On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a
running one), in the service's migrated schema with ``--batches`` x ``--events`` applicants and
applications stored (a third of them with an admission step, as offers read), each batch in a
transaction after a first statement (the batch's claim),

- **as it was**: ``notice_facts`` per notice (``fetchrow`` on the session's driver connection);
- **as it is**: ``read_facts_ahead`` for the batch, then ``notice_facts`` per notice;

taking turns; both must hand out the same facts. Reported: this process's CPU and the
PostgreSQL backend's CPU (/proc) per notice, and wall time, with the ratios. Writes
bench/results/facts_ahead.md.
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

from sqlalchemy import text

from bench.fanout_rows import WAYS, backend_cpu, cost_table
from bench.notice_facts import store_applicants
from bench.notifications_pipeline import loadavg
from services.notifications.models import Base
from services.notifications.service import fanout
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "facts_ahead.md"


def key(n: int) -> fanout.FactsKey:
    return f"stu-{n}", f"app-{n}", f"admission:m-{n}" if n % 3 == 0 else None


async def run(url: str, batches: int, events: int) -> dict[str, dict[str, float]]:
    db = Database(url, Base.metadata, pool_size=1)
    totals = {way: {"ours": 0.0, "server": 0.0, "wall": 0.0} for way in WAYS}
    try:
        await migrate(db)
        await store_applicants(db, batches * events, admitted_every=3)
        async with db.session() as session:
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
        for b in range(batches):
            keys = [key(n) for n in range(b * events, (b + 1) * events)]
            got = {}
            for way in WAYS if b % 2 == 0 else tuple(reversed(WAYS)):
                async with db.session() as session, session.begin():
                    await session.execute(text("SELECT 1"))  # the batch's claim comes first
                    ours, server, wall = time.process_time(), backend_cpu(pid), time.perf_counter()
                    if way == "as it is":
                        await fanout.read_facts_ahead(session, keys)
                    got[way] = [await fanout.notice_facts(session, *k) for k in keys]
                    t = totals[way]
                    t["ours"] += time.process_time() - ours
                    t["server"] += backend_cpu(pid) - server
                    t["wall"] += time.perf_counter() - wall
            if got["as it was"] != got["as it is"] or not any(f.award_state == "admitted" for f in got["as it is"]):
                raise SystemExit(f"batch {b}: the two ways handed out different facts")
        async with db.session() as session:
            if await session.scalar(text("SELECT pg_backend_pid()")) != pid:
                raise SystemExit("the session's connection changed; the backend's CPU is not all counted")
    finally:
        await db.dispose()
    return totals


def report(totals: dict, batches: int, events: int, command: str, load: tuple[str, str]) -> str:
    lines = [
        "# A consumer batch's notice reads: one statement per notice, or the batch's read ahead",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"{batches} batches of {events} notices, each way in turn, each batch in its own transaction;"
        " microseconds per notice.",
        "",
        *cost_table(totals, batches * events, 1e6, 1),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batches", type=int, default=40)
    p.add_argument("--events", type=int, default=500)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("facts-ahead-bench-") as pg:
        url = asyncio.run(pg.create_database("facts_ahead"))
        totals = asyncio.run(run(url, args.batches, args.events))
    command = ".venv/bin/python bench/facts_ahead.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(totals, args.batches, args.events, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
