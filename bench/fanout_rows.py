"""A consumer batch's new rows written at its commit: one INSERT per row, or COPY.

    .venv/bin/python bench/fanout_rows.py                      # 40 batches of 500 events
    .venv/bin/python bench/fanout_rows.py --batches 40 --events 500

In a round, notifications writes ~7 rows per applicant when a consumer batch commits (five
partner feed entries, an inbox entry, an e-mail row, a webhook row now and then), each
table's rows of the batch at once (``services/notifications/service/fanout.py``). On real
PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a running
one), in the service's migrated schema, batches of ``--events`` events' rows shaped as a
round's (5 feed entries with the partner payload, 1 inbox entry, 1 e-mail row each), written

- **as it was** (until 2026-12-02): one Core executemany per table (asyncpg executes the
  INSERT once per row);
- **as it is**: ``fanout._insert``, the commit's own: COPY per table;

taking turns, each batch in its own transaction. Reported: this process's CPU and the
PostgreSQL backend's CPU (/proc) per batch, and wall time, with the ratios. Writes
bench/results/fanout_rows.md.
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

from sqlalchemy import Table, insert, text

from bench.notifications_pipeline import loadavg
from services.notifications.models import Base, InboxEntry, Notification, PartnerFeedEntry
from services.notifications.service import fanout
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "fanout_rows.md"
WAYS = ("as it was", "as it is")


def backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cost_table(totals: dict[str, dict[str, float]], per: int, scale: float, digits: int) -> list[str]:
    """The two ways' costs, each total divided by ``per`` and times ``scale`` (ms: 1000, µs: 1e6),
    and their ratios, as table lines (the benches of one change taking turns on PostgreSQL)."""
    lines = ["| | this process's CPU | PostgreSQL backend's CPU | wall |", "|---|---:|---:|---:|"]
    for way in WAYS:
        ours, server, wall = (totals[way][k] / per * scale for k in ("ours", "server", "wall"))
        lines.append(f"| {way} | {ours:.{digits}f} | {server:.{digits}f} | {wall:.{digits}f} |")
    was, now = totals["as it was"], totals["as it is"]
    lines.append(
        f"| **was / is** | **{was['ours'] / now['ours']:.2f}x** | **{was['server'] / now['server']:.2f}x** |"
        f" **{was['wall'] / now['wall']:.2f}x** |"
    )
    return lines


def batch_rows(events: int) -> dict[Table, list[dict]]:
    """One consumer batch's rows, as the commit hook has them (serial keys left out)."""
    by_table: dict[Table, list[dict]] = {}
    for _ in range(events):
        event_id, app = uuid.uuid4().hex, f"app-{uuid.uuid4().hex[:12]}"
        data = {"application_id": app, "cycle_id": "cycle-national", "status": "waitlisted", "positions": [3, 7]}
        rows = [
            fanout._new_row(
                PartnerFeedEntry,
                institution_id=f"inst-{k}",
                source_event_id=event_id,
                event_type="application.waitlisted",
                payload={"type": "application.waitlisted", "id": uuid.uuid4().hex, "data": data},
            )
            for k in range(5)
        ]
        rows.append(
            fanout._new_row(
                InboxEntry,
                recipient_id=f"stu-{app}",
                source_event_id=event_id,
                event_type="application.waitlisted",
                subject="You are on the waiting list",
                body="Dear applicant,\n\nYou are on the waiting list of three programmes.\n" * 3,
                language="en",
            )
        )
        rows.append(
            fanout._new_row(
                Notification,
                source_event_id=event_id,
                event_type="application.waitlisted",
                channel="email",
                recipient=f"stu-{app}",
                template="waitlisted",
                context={"cycle": "National 2027", "positions": [{"programme": "Medicine", "position": 3}]},
            )
        )
        for model, values in rows:
            by_table.setdefault(model.__table__, []).append(
                {k: v for k, v in values.items() if v is not None or k not in {"id", "seq"}}
            )
    return by_table


async def run(url: str, batches: int, events: int) -> dict[str, dict[str, float]]:
    db = Database(url, Base.metadata)
    totals = {way: {"ours": 0.0, "server": 0.0, "wall": 0.0} for way in WAYS}
    try:
        await migrate(db)
        async with db.session() as session:
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
            await session.commit()
            for i in range(batches):
                for way in WAYS if i % 2 == 0 else tuple(reversed(WAYS)):
                    rows = batch_rows(events)
                    ours, server, wall = time.process_time(), backend_cpu(pid), time.perf_counter()
                    async with session.begin():
                        for table, table_rows in rows.items():
                            if way == "as it was":
                                await session.execute(insert(table), table_rows)
                            else:
                                await session.run_sync(fanout._insert, table, table_rows)
                    t = totals[way]
                    t["ours"] += time.process_time() - ours
                    t["server"] += backend_cpu(pid) - server
                    t["wall"] += time.perf_counter() - wall
            count = await session.scalar(text("SELECT count(*) FROM partner_feed"))
        if count != 2 * batches * events * 5:
            raise SystemExit(f"{count} feed entries written, not {2 * batches * events * 5}")
    finally:
        await db.dispose()
    return totals


def report(totals: dict, batches: int, events: int, command: str, load: tuple[str, str]) -> str:
    rows = events * 7
    lines = [
        "# A consumer batch's rows written at its commit",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"{batches} batches each way, taking turns, of {events} events' rows ({rows:,}: 5 partner feed entries,"
        " an inbox entry and an e-mail row per event), each batch in its own transaction; milliseconds per batch.",
        "",
        *cost_table(totals, batches, 1000, 1),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batches", type=int, default=40)
    p.add_argument("--events", type=int, default=500)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("fanout-rows-bench-") as pg:
        url = asyncio.run(pg.create_database("fanout_rows"))
        totals = asyncio.run(run(url, args.batches, args.events))
    command = ".venv/bin/python bench/fanout_rows.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(totals, args.batches, args.events, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
