"""A notice's read of its applicant, application and award step: through SQLAlchemy, or the driver.

    .venv/bin/python bench/notice_facts.py                 # 20 rounds of 2,000 reads each way
    .venv/bin/python bench/notice_facts.py --rounds 20 --reads 2000

Every outcome notice of a round reads the applicant's stored name and language and the
stored application (``services/notifications/service/fanout.py`` ``notice_facts``), one small
statement per notice: the only statement a round's consumer batch runs per event. On real
PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a running
one), in the service's migrated schema with ``--reads`` applicants and applications stored,
inside one transaction as a consumer batch's, the same reads

- **as it was** (until 2026-12-02): ``session.execute(text(...))``, SQLAlchemy's execution and
  result rows;
- **as it is**: ``notice_facts``: ``fetchrow`` on the session's driver connection;

taking turns by rounds; both must return the same facts. Reported: this process's CPU and
the PostgreSQL backend's CPU (/proc) per read, and wall time, with the ratios. Writes
bench/results/notice_facts.md.
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
from bench.notifications_pipeline import loadavg
from services.notifications.models import ApplicationRef, AwardStep, Base, Contact
from services.notifications.service import fanout
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "notice_facts.md"


async def as_it_was(session, applicant_id: str, application_id: str) -> fanout.NoticeFacts:
    params = {"applicant_id": applicant_id, "application_id": application_id, "award_step": None}
    row = (await session.execute(fanout._NOTICE_FACTS, params)).one()
    return fanout.NoticeFacts(
        contact=(row.name, row.language) if row.language is not None else None,
        app=fanout.StoredApplication(row.scheme_id, row.sending_country, row.applicant_type) if row.scheme_id else None,
        award_state=row.state,
    )


async def store_applicants(db: Database, n: int, admitted_every: int = 0) -> None:
    """``n`` contacts (stu-<i>, "Name <i>") with an application each (app-<i>); with
    ``admitted_every``, every such one's offer admitted (award step admission:m-<i>)."""
    async with db.session() as session, session.begin():
        for i in range(n):
            session.add(Contact(applicant_id=f"stu-{i}", email=f"s{i}@example.kz", name=f"Name {i}", as_of=utcnow()))
            session.add(
                ApplicationRef(
                    application_id=f"app-{i}",
                    applicant_id=f"stu-{i}",
                    cycle_id="c",
                    scheme_id="sco",
                    sending_country="KZ",
                    applicant_type="student",
                )
            )
            if admitted_every and i % admitted_every == 0:
                session.add(AwardStep(step=f"admission:m-{i}", application_id=f"app-{i}", version=1, state="admitted"))


async def run(url: str, rounds: int, reads: int) -> dict[str, dict[str, float]]:
    db = Database(url, Base.metadata)
    totals = {way: {"ours": 0.0, "server": 0.0, "wall": 0.0} for way in WAYS}
    try:
        await migrate(db)
        await store_applicants(db, reads)
        async with db.session() as session, session.begin():
            pid = await session.scalar(text("SELECT pg_backend_pid()"))  # the batch's claim comes first
            for r in range(rounds):
                for way in WAYS if r % 2 == 0 else tuple(reversed(WAYS)):
                    read = as_it_was if way == "as it was" else fanout.notice_facts
                    ours, server, wall = time.process_time(), backend_cpu(pid), time.perf_counter()
                    facts = [await read(session, f"stu-{n}", f"app-{n}") for n in range(reads)]
                    t = totals[way]
                    t["ours"] += time.process_time() - ours
                    t["server"] += backend_cpu(pid) - server
                    t["wall"] += time.perf_counter() - wall
                    if facts[7] != fanout.NoticeFacts(
                        ("Name 7", "en"), fanout.StoredApplication("sco", "KZ", "student"), None
                    ):
                        raise SystemExit(f"{way}: {facts[7]}")
    finally:
        await db.dispose()
    return totals


def report(totals: dict, rounds: int, reads: int, command: str, load: tuple[str, str]) -> str:
    n = rounds * reads  # per way
    lines = [
        "# A notice's read of its applicant and application",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"{rounds} rounds of {reads:,} reads each way, taking turns, in one transaction; microseconds per read.",
        "",
        *cost_table(totals, n, 1e6, 0),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--reads", type=int, default=2000)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("notice-facts-bench-") as pg:
        url = asyncio.run(pg.create_database("notice_facts"))
        totals = asyncio.run(run(url, args.rounds, args.reads))
    command = ".venv/bin/python bench/notice_facts.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(totals, args.rounds, args.reads, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
