"""Partner feed entries written with random message ids, or time-ordered ones (or event ids).

    .venv/bin/python bench/feed_ids.py                       # 1,400,000 entries there, 60 batches of 2,500
    .venv/bin/python bench/feed_ids.py --existing 1400000 --batches 60
    .venv/bin/python bench/feed_ids.py --key event           # the entries' event ids instead

A round writes ~5 partner feed entries per applicant (1.4 million at 270,000), by the commit's
COPY (``fanout._insert``); the feed's COPY was PostgreSQL's largest item in the 270,000 rounds
of 2026-12-03 (80-92 s). Each entry goes into four indexes; one of them, the unique
``message_id`` (``msg_`` + a random UUID), takes each new entry on a random page of an index
that grows by a round's entries every round. A time-ordered id (milliseconds since the epoch,
then 80 random bits, as UUIDv7) would put each on the index's last page instead.

Measured here before anything is changed: on real PostgreSQL (tests/support/infra.py starts
one, or CORRIDOR_TEST_DATABASE_URL names a local one), two databases with the service's
migrated schema, each holding ``--existing`` entries already (one round's, of its own kind of
id), checkpointed; then ``--batches`` consumer batches of 500 events' entries (2,500) each way,
taking turns, written as the commit writes them:

- **random**: ``msg_`` + a random UUID, as ``services.notifications.models.new_id`` made it
  until 190f617;
- **time-ordered**: ``new_id`` as it is (``msg_`` + 12 hex digits of milliseconds + 20 random
  hex digits).

With ``--key event`` the message ids are time-ordered both ways and the entries' event ids
(``source_event_id``, five entries per event, in the unique (source event, institution)
index) differ: random (version 4) UUIDs as events had until 2026-12-03, against
``shared.events.ids.uuid7_strings``; writes bench/results/feed_event_ids.md.

Reported: the PostgreSQL backend's CPU (/proc) and wall per 1,000 entries, and the ratios.
Writes bench/results/feed_ids.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text

from bench.fanout_rows import backend_cpu
from bench.notifications_pipeline import loadavg
from bench.partner_feed_queue import ENTRIES_PER_EVENT, batch_rows
from services.notifications.models import Base, PartnerFeedEntry, new_id
from services.notifications.service import fanout
from shared.clock import utcnow
from shared.db import Database
from shared.events.ids import uuid7_strings
from shared.migrations import migrate
from tests.support.infra import bench_postgres
from tests.support.plans import backend

OUT = ROOT / "bench" / "results" / "feed_ids.md"
WAYS = ("random", "time-ordered")
FEED_COLUMNS = ("message_id", "institution_id", "source_event_id", "event_type", "payload", "created_at")


KEY = "message"  # or "event" (--key): which id the two ways differ in


def message_id(way: str) -> str:
    return f"msg_{uuid.uuid4().hex}" if way == "random" and KEY == "message" else new_id("msg")


def event_ids(way: str, n: int) -> list[str]:
    if KEY == "message":
        return [uuid.uuid4().hex for _ in range(n)]  # as this bench wrote them when it compared message ids
    return [str(uuid.uuid4()) for _ in range(n)] if way == "random" else uuid7_strings(n)


async def prefill(db: Database, way: str, n: int) -> None:
    """``n`` entries as earlier rounds left them, by COPY in chunks."""
    now = utcnow()
    chunk = 50_000
    async with db.engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        for start in range(0, n, chunk):
            records = []
            events = iter(event_ids(way, min(n, start + chunk) - start))
            for i in range(start, min(n, start + chunk)):
                event = next(events)
                payload = json.dumps({"type": "application.waitlisted", "data": {"application_id": f"app-{i}"}})
                records.append((message_id(way), f"inst-{i % 10}", event, "application.waitlisted", payload, now))
            await raw.copy_records_to_table("partner_feed", records=records, columns=FEED_COLUMNS)
        await raw.execute("CHECKPOINT")


async def run(urls: dict[str, str], existing: int, batches: int, events: int) -> dict[str, dict[str, float]]:
    dbs = {way: Database(urls[way], Base.metadata, pool_size=1) for way in WAYS}
    totals = {way: {"server": 0.0, "wall": 0.0} for way in WAYS}
    try:
        for way, db in dbs.items():
            await migrate(db)
            t = time.perf_counter()
            await prefill(db, way, existing)
            print(f"{way}: {existing:,} entries there in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        pids = {way: await backend(db) for way, db in dbs.items()}
        for i in range(batches):
            for way in WAYS if i % 2 == 0 else tuple(reversed(WAYS)):
                db, pid = dbs[way], pids[way]
                rows = batch_rows(events, queue=False)[PartnerFeedEntry.__table__]
                ids = event_ids(way, events)
                for i, row in enumerate(rows):
                    row["message_id"] = message_id(way)
                    if KEY == "event":  # an event's entries (one per institution) are consecutive
                        row["source_event_id"] = ids[i // ENTRIES_PER_EVENT]
                server, wall = backend_cpu(pid), time.perf_counter()
                async with db.session() as session, session.begin():
                    await session.run_sync(fanout._insert, PartnerFeedEntry.__table__, rows)
                totals[way]["server"] += backend_cpu(pid) - server
                totals[way]["wall"] += time.perf_counter() - wall
        for way, db in dbs.items():
            if await backend(db) != pids[way]:
                raise SystemExit(f"{way}: the session's connection changed; the backend's CPU is not all counted")
            async with db.session() as session:
                count = await session.scalar(text("SELECT count(*) FROM partner_feed"))
            if count != existing + batches * events * ENTRIES_PER_EVENT:
                raise SystemExit(f"{way}: {count} entries")
    finally:
        for db in dbs.values():
            await db.dispose()
    return totals


def report(totals: dict, existing: int, batches: int, events: int, command: str, load: tuple[str, str]) -> str:
    n = batches * events * ENTRIES_PER_EVENT
    rnd, ordered = totals["random"], totals["time-ordered"]
    lines = [
        f"# Partner feed entries written with random {KEY} ids, or time-ordered ones",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"Each way: a feed of {existing:,} entries (its own kind of id), checkpointed; then {batches} consumer"
        f" batches of {events * ENTRIES_PER_EVENT:,} entries each way, taking turns, written by the commit's COPY"
        f" ({n:,} entries each way). Microseconds per entry.",
        "",
        "| | PostgreSQL backend's CPU | wall |",
        "|---|---:|---:|",
        *(f"| {way} | {totals[way]['server'] / n * 1e6:.1f} | {totals[way]['wall'] / n * 1e6:.1f} |" for way in WAYS),
        f"| **random / time-ordered** | **{rnd['server'] / ordered['server']:.2f}x** |"
        f" **{rnd['wall'] / ordered['wall']:.2f}x** |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--existing", type=int, default=1_400_000)
    p.add_argument("--batches", type=int, default=60)
    p.add_argument("--events", type=int, default=500)
    p.add_argument("--key", choices=("message", "event"), default="message", help="which id the two ways differ in")
    p.add_argument("--out", help="the report (default bench/results/feed_ids.md, feed_event_ids.md with --key event)")
    args = p.parse_args()
    global KEY
    KEY = args.key
    out = args.out or str(OUT if KEY == "message" else OUT.with_name("feed_event_ids.md"))
    before = loadavg()
    with bench_postgres("feed-ids-bench-") as pg:
        urls = {way: asyncio.run(pg.create_database(f"feed_ids_{n}")) for n, way in enumerate(WAYS)}
        totals = asyncio.run(run(urls, args.existing, args.batches, args.events))
    command = ".venv/bin/python bench/feed_ids.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(out).write_text(report(totals, args.existing, args.batches, args.events, command, (before, loadavg())))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
