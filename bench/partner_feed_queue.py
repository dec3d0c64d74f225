"""Feed entries for the partner-topic worker: marked on the entry, or a queue of their own.

    .venv/bin/python bench/partner_feed_queue.py                     # 60 batches of 500 events
    .venv/bin/python bench/partner_feed_queue.py --batches 60 --events 500

A round tells each partner institution about every application that chose one of its
programmes: ~5 feed entries per applicant (1.4 million in a national round of 270,000), each
written at a consumer batch's commit and taken once by the partner-topic worker (written to
the institution's Kafka topic, or skipped when it has none, as in bench/national_round.py).
On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a
running one), in two databases with the service's migrated schema, ``--batches`` times: one
consumer batch's entries (``--events`` events, 5 entries each, the partner payload) written
by the commit's own COPY (``fanout._insert``), then the worker's steps of 500 until none is
left, each way:

- **as it was** (until 2026-12-03): ``partner_feed.streamed_at`` and the partial index of
  the entries where it is NULL (the schema before migration b8d2f4a6c0e1: its downgrade); the
  step reads the index and marks the batch with one UPDATE (a new version of each entry);
- **as it is**: the entries also written to ``partner_feed_unstreamed``; ``PartnerTopics.step``
  reads it and deletes the batch from it;

taking turns, nothing vacuumed in between (as in a round: autovacuum as configured).
Reported: this process's CPU, the PostgreSQL backend's CPU (/proc) and wall per 1,000
entries, with the ratios. Writes bench/results/partner_feed_queue.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import BigInteger, Column, DateTime, MetaData, String, Table, select, text, update

from bench.fanout_rows import WAYS, backend_cpu, cost_table
from bench.notifications_pipeline import loadavg
from services.notifications.models import Base, PartnerFeedEntry, UnstreamedFeedEntry
from services.notifications.service import fanout
from services.notifications.service.partner_topics import PartnerTopics
from services.notifications.settings import Settings
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "partner_feed_queue.md"
STEP = 500
ENTRIES_PER_EVENT = 5

AS_IT_WAS_SCHEMA = [  # migration b8d2f4a6c0e1's downgrade
    "DROP TABLE partner_feed_unstreamed",
    "ALTER TABLE partner_feed ADD COLUMN streamed_at TIMESTAMP WITH TIME ZONE",
    "CREATE INDEX ix_partner_feed_unstreamed ON partner_feed (seq) WHERE streamed_at IS NULL",
]
# The step until 2026-12-03 for institutions without a topic, its statements on the table as
# it was: the heads in the partial index's order, locked, then the batch marked.
FEED_AS_IT_WAS = Table(
    "partner_feed",
    MetaData(),
    Column("seq", BigInteger, primary_key=True),
    Column("institution_id", String),
    Column("created_at", DateTime(timezone=True)),
    Column("streamed_at", DateTime(timezone=True)),
)


def batch_rows(events: int, queue: bool) -> dict[Table, list[dict]]:
    """One consumer batch's feed entries (and, as it is, their places in the queue)."""
    by_table: dict[Table, list[dict]] = {}
    for _ in range(events):
        event_id, app = uuid.uuid4().hex, f"app-{uuid.uuid4().hex[:12]}"
        data = {"application_id": app, "cycle_id": "cycle-national", "status": "waitlisted", "positions": [3, 7]}
        for k in range(ENTRIES_PER_EVENT):
            _model, entry = fanout._new_row(
                PartnerFeedEntry,
                institution_id=f"inst-{k}",
                source_event_id=event_id,
                event_type="application.waitlisted",
                payload={"type": "application.waitlisted", "id": uuid.uuid4().hex, "data": data},
            )
            del entry["seq"]
            by_table.setdefault(PartnerFeedEntry.__table__, []).append(entry)
            if queue:
                _model, place = fanout._new_row(
                    UnstreamedFeedEntry,
                    message_id=entry["message_id"],
                    institution_id=entry["institution_id"],
                    created_at=entry["created_at"],
                )
                del place["seq"]
                by_table.setdefault(UnstreamedFeedEntry.__table__, []).append(place)
    return by_table


async def step_as_it_was(db: Database) -> int:
    feed = FEED_AS_IT_WAS.c
    async with db.session() as session, session.begin():
        heads = (
            await session.execute(
                select(feed.seq, feed.institution_id, feed.created_at)
                .where(feed.streamed_at.is_(None))
                .order_by(feed.seq)
                .limit(STEP)
                .with_for_update()
            )
        ).all()
        if heads:
            taken = [head.seq for head in heads]
            await session.execute(update(FEED_AS_IT_WAS).where(feed.seq.in_(taken)).values(streamed_at=utcnow()))
        return len(heads)


async def run(urls: dict[str, str], batches: int, events: int) -> dict[str, dict[str, float]]:
    dbs = {way: Database(urls[way], Base.metadata, pool_size=1) for way in WAYS}
    totals = {way: {"ours": 0.0, "server": 0.0, "wall": 0.0} for way in WAYS}
    try:
        for db in dbs.values():
            await migrate(db)
        async with dbs["as it was"].engine.begin() as conn:
            for statement in AS_IT_WAS_SCHEMA:
                await conn.execute(text(statement))
        worker = PartnerTopics(dbs["as it is"], Settings(database_url=urls["as it is"], partner_topics_batch_size=STEP))

        async def no_topics() -> set[str]:
            return set()

        worker.existing_topics = no_topics  # type: ignore[method-assign]
        pids = {}
        for way, db in dbs.items():
            async with db.session() as session:
                pids[way] = await session.scalar(text("SELECT pg_backend_pid()"))
        for i in range(batches):
            for way in WAYS if i % 2 == 0 else tuple(reversed(WAYS)):
                db, pid = dbs[way], pids[way]
                rows = batch_rows(events, queue=way == "as it is")
                ours, server, wall = time.process_time(), backend_cpu(pid), time.perf_counter()
                async with db.session() as session, session.begin():
                    for table, table_rows in rows.items():
                        await session.run_sync(fanout._insert, table, table_rows)
                worker._topics_read_wall = utcnow()
                while await (step_as_it_was(db) if way == "as it was" else worker.step()):
                    pass
                t = totals[way]
                t["ours"] += time.process_time() - ours
                t["server"] += backend_cpu(pid) - server
                t["wall"] += time.perf_counter() - wall
        expected = batches * events * ENTRIES_PER_EVENT
        for way, db in dbs.items():
            async with db.session() as session:
                if await session.scalar(text("SELECT pg_backend_pid()")) != pids[way]:
                    raise SystemExit(f"{way}: the session's connection changed; the backend's CPU is not all counted")
                written = await session.scalar(text("SELECT count(*) FROM partner_feed"))
                left = await session.scalar(
                    text(
                        "SELECT count(*) FROM partner_feed WHERE streamed_at IS NULL"
                        if way == "as it was"
                        else "SELECT count(*) FROM partner_feed_unstreamed"
                    )
                )
            if (written, left) != (expected, 0):
                raise SystemExit(f"{way}: {written} entries written, {left} not taken; expected {expected}, 0")
    finally:
        for db in dbs.values():
            await db.dispose()
    return totals


def report(totals: dict, batches: int, events: int, command: str, load: tuple[str, str]) -> str:
    entries = batches * events * ENTRIES_PER_EVENT
    lines = [
        "# Feed entries for the partner-topic worker: marked on the entry, or a queue of their own",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"{batches} consumer batches each way, taking turns, of {events} events' feed entries"
        f" ({events * ENTRIES_PER_EVENT:,}: {ENTRIES_PER_EVENT} per event) written by COPY, each followed by the"
        f" partner-topic worker's steps of {STEP} until every entry is taken (institutions without a topic);"
        f" {entries:,} entries each way. Milliseconds per 1,000 entries, writing and taking together.",
        "",
        *cost_table(totals, entries, 1e6, 2),
        "",
        "A national round of 270,000 applicants writes ~1.4 million entries: multiply by 1,400 for its seconds.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batches", type=int, default=60)
    p.add_argument("--events", type=int, default=500)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("partner-feed-queue-bench-") as pg:
        urls = {way: asyncio.run(pg.create_database(f"feed_queue_{n}")) for n, way in enumerate(WAYS)}
        totals = asyncio.run(run(urls, args.batches, args.events))
    command = ".venv/bin/python bench/partner_feed_queue.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(totals, args.batches, args.events, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
