"""An officer pages through a national round's proposals: by offset or by cursor.

    .venv/bin/python bench/matches_cursor.py                       # 143,000 proposals
    .venv/bin/python bench/matches_cursor.py --proposals 14000

``GET /matches?round_id=&status=proposed`` pages of 500 in the list's order (created_at, id)
with the total, as an officer (or bench/national_round.py's) goes through a round before
approving. On real PostgreSQL (tests/support/infra.py starts one, or
CORRIDOR_TEST_DATABASE_URL names a running one) with matching's migrated schema: a round's
``--proposals`` proposed matches and as many of an earlier round already decided (rows as in
bench/matches_listing.py); the route's own query (``review.matches_query``), every page from
the first to the last, each page both ways in turn:

- **by offset**: ``shared.paging.fetch_page`` with ``offset`` (as the route paged until
  2026-12-03, and still does when given an offset): PostgreSQL reads and skips every row
  before the page;
- **by cursor**: ``shared.paging.fetch_keyset_page`` with the page before's ``next``: the page
  is read from the index where the one before ended.

Each reads the total as the route does: by offset on every page, by cursor on the first
only (a cursor page answers ``total: null``: the first page's stands). Reported: milliseconds per
page at the first, middle and last page, the median, the whole list and the ratios; both
ways must return the same ids in the same order. Writes bench/results/matches_cursor.md.
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

from bench.matches_listing import ADMIN, PAGE, fill, page_rows
from bench.notifications_pipeline import loadavg
from services.matching.models import Base, Match
from services.matching.service import review
from shared.db import Database
from shared.migrations import migrate
from shared.paging import Paging, fetch_keyset_page, fetch_page
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "matches_cursor.md"


async def run(url: str, proposals: int) -> dict[str, list[float]]:
    db = Database(url, Base.metadata)
    try:
        await migrate(db)
        await fill(db, proposals)
        query = review.matches_query(ADMIN, round_id="round-1", status="proposed")
        times: dict[str, list[float]] = {"by offset": [], "by cursor": []}
        after = next_ = None
        total: int | None
        for i, offset in enumerate(range(0, proposals, PAGE)):
            got: dict[str, list[str]] = {}
            for way in ("by offset", "by cursor") if i % 2 == 0 else ("by cursor", "by offset"):
                t0 = time.perf_counter()
                async with db.session() as session:
                    if way == "by offset":
                        rows, total = await fetch_page(
                            session, query, Match.created_at, Match.id, paging=Paging(offset=offset, limit=PAGE)
                        )
                    else:
                        rows, total, next_ = await fetch_keyset_page(
                            session, query, Match.created_at, Match.id, paging=Paging(after=after, limit=PAGE)
                        )
                times[way].append((time.perf_counter() - t0) * 1000)
                if total != (proposals if way == "by offset" or i == 0 else None):
                    raise SystemExit(f"{way}: page {i} counted {total} of {proposals}")
                got[way] = [m.id for m in rows]
            if got["by offset"] != got["by cursor"] or len(got["by cursor"]) != min(PAGE, proposals - offset):
                raise SystemExit(f"page {i}: the two ways differ")
            after = next_
        if after is not None:
            raise SystemExit("the last page still had a next")
        return times
    finally:
        await db.dispose()


def report(times: dict[str, list[float]], proposals: int, command: str, load: tuple[str, str]) -> str:
    off, cur = times["by offset"], times["by cursor"]
    lines = [
        "# An officer pages through a round's proposals: by offset or by cursor",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"`GET /matches?round_id=&status=proposed` as the route reads it (the page of {PAGE} in (created_at, id)"
        f" order and its total), every page of a round's {proposals:,} proposals beside as many decided matches"
        " of an earlier round, in one database with the migrated schema; each page both ways in turn (the same"
        " ids each way, checked); milliseconds per page, with the total's count as the route reads it (by offset"
        " every page, by cursor the first).",
        "",
        "| page | by offset (ms) | by cursor (ms) | offset / cursor |",
        "|---|---:|---:|---:|",
    ]
    return "\n".join([*lines, *page_rows(off, cur)]) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--proposals", type=int, default=143_000)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("matches-cursor-bench-") as pg:
        url = asyncio.run(pg.create_database("cursor"))
        times = asyncio.run(run(url, args.proposals))
    command = ".venv/bin/python bench/matches_cursor.py" + "".join(f" {a}" for a in sys.argv[1:])
    text = report(times, args.proposals, command, (before, loadavg()))
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
