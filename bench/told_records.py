"""A consumer batch's ``told`` records: a multi-row INSERT per 1,000 rows, or one with arrays.

    .venv/bin/python bench/told_records.py                      # 40 batches of 1,000 records
    .venv/bin/python bench/told_records.py --batches 40 --records 1000

Each notice about an application is written only if its recipient was last told something
else (``services/notifications/service/references.py`` ``first_times_told``): at a consumer
batch's commit one upsert records what each recipient is told now and returns those with
news. A round tells each applicant and ~1 partner institution per applicant, ~2 records per
event, nearly all of them replacing what the submission's notice recorded. On real
PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a running
one), in the service's migrated schema, with every key recorded once first (as the
submission's notices do), batches of ``--records`` records with new content, written

- **as it was** (until 2026-12-02): SQLAlchemy's ``insert().on_conflict_do_update()``
  executed with a list of rows (sent as multi-row INSERTs of up to 1,000 rows, every value
  its own bound parameter);
- **as it is**: ``first_times_told``: one INSERT ... SELECT FROM unnest(arrays), a column of
  values each;

taking turns, each batch in its own transaction; both must return every key (all news).
Reported: this process's CPU and the PostgreSQL backend's CPU (/proc) per batch, and wall
time, with the ratios. Writes bench/results/told_records.md.
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

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from bench.fanout_rows import WAYS, backend_cpu, cost_table
from bench.notifications_pipeline import loadavg
from services.notifications.domain.told import Audience, fingerprint
from services.notifications.models import Base, Told
from services.notifications.service.references import first_times_told, told_values
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "told_records.md"


def as_it_was():
    """The statement ``first_times_told`` executed with a list of rows until 2026-12-02."""
    table = Told.__table__
    stmt = pg_insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["application_id", "audience", "recipient"],
        set_={k: stmt.excluded[k] for k in ("fingerprint", "source_event_id", "told_at")},
        where=table.c.fingerprint != stmt.excluded.fingerprint,
    )
    return stmt.returning(table.c.application_id, table.c.audience, table.c.recipient)


def records(keys: list[tuple[Audience, str, str]], content: str) -> list[dict]:
    now, event_id = utcnow(), uuid.uuid4().hex
    return [told_values(a, app, r, fingerprint({"status": content, "app": app}), event_id, now) for a, app, r in keys]


def keys_of(records_: int) -> list[tuple[Audience, str, str]]:
    keys: list[tuple[Audience, str, str]] = []
    for _ in range(records_ // 2):
        app = f"app-{uuid.uuid4().hex[:12]}"
        keys += [(Audience.APPLICANT, app, f"stu-{app}"), (Audience.PARTNER, app, f"inst-{len(keys) % 10}")]
    return keys


async def run(url: str, batches: int, records_: int) -> dict[str, dict[str, float]]:
    db = Database(url, Base.metadata)
    totals = {way: {"ours": 0.0, "server": 0.0, "wall": 0.0} for way in WAYS}
    old = as_it_was()
    try:
        await migrate(db)
        async with db.session() as session:
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
            await session.commit()
            for i in range(batches):
                for way in WAYS if i % 2 == 0 else tuple(reversed(WAYS)):
                    keys = keys_of(records_)
                    async with session.begin():  # told of the submission first, not timed
                        await session.run_sync(first_times_told, records(keys, "submitted"))
                    rows = records(keys, "waitlisted")
                    ours, server, wall = time.process_time(), backend_cpu(pid), time.perf_counter()
                    async with session.begin():
                        if way == "as it was":
                            ordered = sorted(rows, key=lambda v: (v["application_id"], v["audience"], v["recipient"]))
                            told = {tuple(r) for r in await session.execute(old, ordered)}
                        else:
                            told = await session.run_sync(first_times_told, rows)
                    t = totals[way]
                    t["ours"] += time.process_time() - ours
                    t["server"] += backend_cpu(pid) - server
                    t["wall"] += time.perf_counter() - wall
                    if len(told) != len(keys):
                        raise SystemExit(f"{way}: {len(told)} told of {len(keys)} with news")
    finally:
        await db.dispose()
    return totals


def report(totals: dict, batches: int, records_: int, command: str, load: tuple[str, str]) -> str:
    lines = [
        "# A consumer batch's `told` records",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"{batches} batches each way, taking turns, of {records_:,} records (an applicant and a partner"
        " institution per application, each key recorded once before with other content, so every one"
        " is news and replaced), each batch in its own transaction; milliseconds per batch.",
        "",
        *cost_table(totals, batches, 1000, 1),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batches", type=int, default=40)
    p.add_argument("--records", type=int, default=1000)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("told-records-bench-") as pg:
        url = asyncio.run(pg.create_database("told_records"))
        totals = asyncio.run(run(url, args.batches, args.records))
    command = ".venv/bin/python bench/told_records.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(totals, args.batches, args.records, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
