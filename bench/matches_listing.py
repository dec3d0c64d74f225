"""An officer pages through a national round's proposals: before and after the index.

    .venv/bin/python bench/matches_listing.py                       # 143,000 proposals
    .venv/bin/python bench/matches_listing.py --proposals 14000

``GET /matches?round_id=&status=proposed`` pages of 500 in the list's order (created_at, id)
with the total, as an officer (or bench/national_round.py's) goes through a round before
approving. On real PostgreSQL (tests/support/infra.py starts one, or
CORRIDOR_TEST_DATABASE_URL names a running one), in two databases with matching's migrated
schema and the same rows: a round's ``--proposals`` proposed matches and as many of an
earlier round already decided; the route's own query (``review.matches_query`` and
``shared.paging.fetch_page``), page by page from the first to the last, taking turns:

- **as it was** (until 2026-12-02): an index on round_id alone (migration a3d5f7b9c1e4's
  downgrade): each page read the round's matches and sorted them;
- **as it is**: ``ix_matches_round_status_created`` (round_id, status, created_at, id).

Reported: milliseconds per page (the page and its total) at the first, middle and last
page, the whole list, and the ratio; PostgreSQL's plans (EXPLAIN ANALYZE) of the middle page's
read and its total on each side. Writes bench/results/matches_listing.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text

from bench.notifications_pipeline import loadavg
from services.matching.models import Base, Match
from services.matching.service import review
from shared.db import Database
from shared.migrations import migrate
from shared.paging import Paging, fetch_page
from shared.principal import Principal, Role
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "matches_listing.md"
PAGE = 500
ADMIN = Principal(sub="bench-officer", role=Role.ADMIN)


async def as_before_the_index(db: Database) -> None:
    """Migration a3d5f7b9c1e4's downgrade: the schema the old listing ran on."""
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP INDEX ix_matches_round_status_created"))
        await conn.execute(text("CREATE INDEX ix_matches_round_id ON matches (round_id)"))


async def fill(db: Database, proposals: int) -> None:
    """A round's proposals and an earlier round's decided matches, in one statement each."""
    async with db.engine.begin() as conn:
        for round_id, status, n in (("round-0", "approved", proposals), ("round-1", "proposed", proposals)):
            await conn.execute(
                text(
                    "INSERT INTO matches (id, round_id, cycle_id, scheme_id, application_id, applicant_id,"
                    " programme_id, host_institution_id, rank, status, reasons, created_at, updated_at)"
                    " SELECT :round || '-m-' || i, :round, 'cycle-national', 'scheme-' || (i % 10),"
                    " 'app-' || i, 'applicant-' || i, 'prog-' || (i % 3400), 'inst-' || (i % 340), 1 + i % 10,"
                    ' :status, \'[{"code": "ranked", "params": {"rank": 1}}]\', :at, :at'
                    " FROM generate_series(1, :n) AS i"
                ),
                {"round": round_id, "status": status, "n": n, "at": datetime.now(UTC) - timedelta(hours=1)},
            )
        await conn.execute(text("ANALYZE matches"))


async def page(db: Database, offset: int) -> tuple[float, int, int]:
    """(ms, rows, total) of one page as the route reads it."""
    query = review.matches_query(ADMIN, round_id="round-1", status="proposed")
    t0 = time.perf_counter()
    async with db.session() as session:
        rows, total = await fetch_page(
            session, query, Match.created_at, Match.id, paging=Paging(offset=offset, limit=PAGE)
        )
    return (time.perf_counter() - t0) * 1000, len(rows), total


async def explain(db: Database, offset: int) -> list[str]:
    """EXPLAIN ANALYZE of the middle page's read and of its total, as the route sends them."""
    query = review.matches_query(ADMIN, round_id="round-1", status="proposed")
    page = query.order_by(Match.created_at, Match.id).offset(offset).limit(PAGE)
    total = select(func.count()).select_from(query.order_by(None).subquery())
    lines = []
    async with db.engine.connect() as conn:
        for label, statement in (("page", page), ("total", total)):
            compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
            plan = [row[0] for row in await conn.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}"))]
            lines += [f"-- {label}", *plan]
    return lines


async def run(urls: dict[str, str], proposals: int) -> tuple[dict[str, list[float]], dict[str, list[str]]]:
    dbs = {name: Database(url, Base.metadata) for name, url in urls.items()}
    try:
        for db in dbs.values():
            await migrate(db)
            await fill(db, proposals)
        await as_before_the_index(dbs["as it was"])
        times: dict[str, list[float]] = {name: [] for name in dbs}
        for offset in range(0, proposals, PAGE):
            names = list(dbs) if offset // PAGE % 2 == 0 else list(reversed(dbs))
            for name in names:
                ms, n, total = await page(dbs[name], offset)
                if total != proposals or n != min(PAGE, proposals - offset):
                    raise SystemExit(f"{name}: page at {offset} had {n} of {total}")
                times[name].append(ms)
        plans = {name: await explain(db, proposals // PAGE // 2 * PAGE) for name, db in dbs.items()}
        return times, plans
    finally:
        for db in dbs.values():
            await db.dispose()


def page_rows(a: list[float], b: list[float]) -> list[str]:
    """The table rows of two ways' milliseconds per page: the first, middle and last page, the
    median, and every page together, each with a / b."""
    rows = [
        f"| {label} | {a[i]:.1f} | {b[i]:.1f} | {a[i] / b[i]:.1f}x |"
        for label, i in (("first", 0), ("middle", len(a) // 2), ("last", len(a) - 1))
    ]
    med_a, med_b = statistics.median(a), statistics.median(b)
    rows.append(f"| median | {med_a:.1f} | {med_b:.1f} | {med_a / med_b:.1f}x |")
    rows.append(
        f"| **every page ({len(a)})** | **{sum(a) / 1000:.1f} s** | **{sum(b) / 1000:.1f} s** |"
        f" **{sum(a) / sum(b):.1f}x** |"
    )
    return rows


def report(
    times: dict[str, list[float]], plans: dict[str, list[str]], proposals: int, command: str, load: tuple[str, str]
) -> str:
    was, now = times["as it was"], times["as it is"]
    lines = [
        "# An officer pages through a round's proposals",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"`GET /matches?round_id=&status=proposed` as the route reads it (the page of {PAGE} in (created_at, id)"
        f" order and its total), every page of a round's {proposals:,} proposals, beside as many decided"
        " matches of an earlier round; each side in its own database, taking turns, milliseconds per page.",
        "",
        "| page | as it was (ms) | as it is (ms) | was / is |",
        "|---|---:|---:|---:|",
    ]
    lines += page_rows(was, now)
    for name, plan in plans.items():
        lines += ["", f"PostgreSQL's plans of the middle page, {name}:", "", "```", *plan, "```"]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--proposals", type=int, default=143_000)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("matches-listing-bench-") as pg:
        urls = {name: asyncio.run(pg.create_database(key)) for name, key in (("as it was", "was"), ("as it is", "is"))}
        times, plans = asyncio.run(run(urls, args.proposals))
    command = ".venv/bin/python bench/matches_listing.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(times, plans, args.proposals, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
