"""The partner-topic worker's step as the feed grows: the step as it was against today's.

    .venv/bin/python bench/partner_topics_step.py                        # 10,000 to 700,000 entries taken
    .venv/bin/python bench/partner_topics_step.py --taken 10000 700000 --steps 10

A round tells each partner institution about every application that chose one of its
programmes: ~5 feed entries per applicant (1.35 million in a national round of 270,000), each
taken once by the partner-topic worker (written to the institution's Kafka topic, or skipped
when it has none), 500 at a time. On real PostgreSQL (tests/support/infra.py starts one, or
CORRIDOR_TEST_DATABASE_URL names a running one), in two databases with the service's migrated
schema, for each T: T entries already taken and as many not yet (the worker half-way through
a round's entries, as it was found at 27,000 applicants: 48,000 of 141,000 taken when the last
applicant was told), of institutions without a topic (as in bench/national_round.py), then
``--steps`` steps of

- **as it was** (until 2026-12-02): the batch read as whole entries (payloads decoded) in
  primary-key order with only ``ix_partner_feed_streamed_at`` beside it (the schema before
  migration e5c7a9b1d3f6: its downgrade), each entry marked through the ORM (one UPDATE each);
- **as it is**: ``PartnerTopics.step`` on today's schema (the partial index of entries not yet
  taken, the batch's heads only, one UPDATE).

taking turns. Reported: median milliseconds per step of 500 at each T and their ratio.
Writes bench/results/partner_topics_step.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text
from sqlmodel import select

from bench.notifications_pipeline import loadavg
from services.notifications.models import Base, PartnerFeedEntry
from services.notifications.service.partner_topics import PartnerTopics, skippable
from services.notifications.settings import Settings
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "partner_topics_step.md"
BATCH = 500


async def step_as_it_was(db: Database, read_at: datetime) -> int:
    """The step until 2026-12-02 for institutions without a topic (kept for the comparison)."""
    async with db.session() as session, session.begin():
        rows = (
            await session.scalars(
                select(PartnerFeedEntry)
                .where(PartnerFeedEntry.streamed_at.is_(None))
                .order_by(PartnerFeedEntry.seq)
                .limit(BATCH)
                .with_for_update()
            )
        ).all()
        taken = [row for row in rows if skippable(row.created_at, read_at)]
        now = utcnow()
        for row in taken:
            row.streamed_at = now
        return len(taken)


async def fill(db: Database, taken: int, waiting: int) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(text("TRUNCATE partner_feed"))
        await conn.execute(
            text(
                "INSERT INTO partner_feed (message_id, institution_id, source_event_id, event_type, payload,"
                " created_at, streamed_at)"
                " SELECT 'msg-' || g, 'inst-' || (g % 300), 'evt-' || g, 'application.waitlisted',"
                " json_build_object('type', 'application.waitlisted', 'data',"
                " json_build_object('application_id', 'app-' || g, 'programme_ids', json_build_array('p-' || g))),"
                " now() - interval '1 hour', CASE WHEN g <= :taken THEN now() END"
                " FROM generate_series(1, :n) g"
            ),
            {"taken": taken, "n": taken + waiting},
        )
    async with db.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE partner_feed"))


async def as_before_the_index(db: Database) -> None:
    """Migration e5c7a9b1d3f6's downgrade: the schema the old step ran on."""
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP INDEX ix_partner_feed_unstreamed"))
        await conn.execute(text("CREATE INDEX ix_partner_feed_streamed_at ON partner_feed (streamed_at)"))


async def run(urls: dict[str, str], sizes: list[int], steps: int) -> list[dict[str, float]]:
    dbs = {name: Database(url, Base.metadata) for name, url in urls.items()}
    for db in dbs.values():
        await migrate(db)
    await as_before_the_index(dbs["as it was"])
    worker = PartnerTopics(dbs["as it is"], Settings(database_url=urls["as it is"], partner_topics_batch_size=BATCH))
    worker._topics_read_wall = utcnow()

    async def no_topics() -> set[str]:
        return set()

    worker.existing_topics = no_topics  # type: ignore[method-assign]
    results = []
    try:
        for taken in sizes:
            await asyncio.gather(*(fill(db, taken, max(taken, steps * BATCH)) for db in dbs.values()))
            read_at = worker._topics_read_wall = utcnow()
            times: dict[str, list[float]] = {name: [] for name in dbs}
            for _ in range(steps):
                for name in times:
                    t = time.perf_counter()
                    if name == "as it was":
                        done = await step_as_it_was(dbs[name], read_at)
                    else:
                        done = await worker.step()
                    times[name].append(time.perf_counter() - t)
                    assert done == BATCH, (name, done)
            row: dict[str, float] = {"taken": taken}
            for name, ts in times.items():
                row[name] = statistics.median(ts) * 1000
            results.append(row)
            print(f"taken {taken:>9,}: " + ", ".join(f"{k} {row[k]:.2f} ms" for k in times), flush=True)
    finally:
        for db in dbs.values():
            await db.dispose()
    return results


def report(results: list[dict[str, float]], command: str, load: tuple[str, str]) -> str:
    lines = [
        "# The partner-topic worker's step as the feed grows",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"Median milliseconds per step of {BATCH} entries (institutions without a topic: each entry taken,"
        " none written to Kafka) with as many entries waiting as already taken, each side in its own"
        " database, taking turns. A national round of 270,000 applicants writes ~1.35 million entries.",
        "",
        "| entries already taken | as it was (ms) | as it is (ms) | was / is |",
        "|---:|---:|---:|---:|",
    ]
    for r in results:
        was, now = r["as it was"], r["as it is"]
        lines.append(f"| {r['taken']:,} | {was:.2f} | {now:.2f} | **{was / now:.1f}x** |")
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--taken", type=int, nargs="+", default=[10_000, 70_000, 350_000, 700_000])
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("partner-topics-bench-") as pg:
        urls = {name: asyncio.run(pg.create_database(key)) for name, key in (("as it was", "was"), ("as it is", "is"))}
        results = asyncio.run(run(urls, args.taken, args.steps))
    command = ".venv/bin/python bench/partner_topics_step.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(results, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
