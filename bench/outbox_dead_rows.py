"""The relay's poll of an outbox full of rows it has just deleted (issue 17's next bottleneck).

Each drain of ``shared.outbox.OutboxRelay`` starts from id 0 (a row committed late can have a
smaller id than the last one sent), so every poll walks the index entries of the rows the
relay deleted until vacuum removes them. On real PostgreSQL (tests/support/infra.py starts
one, or CORRIDOR_TEST_DATABASE_URL names it), N outbox rows shaped like a round's events are
staged (COPY), deleted as the relay deletes them (5,000 ids per transaction), then the relay's
own read (``SELECT ... WHERE id > $1 ORDER BY id LIMIT $2``) of the now empty outbox is timed:

- with a transaction older than the deletions still open in the same database (the deleted
  rows are not yet dead to everyone, so every poll visits the heap for each);
- once it ended (the first poll marks the index entries dead, the next ones skip them);
- after a ``VACUUM outbox`` (also timed).

    .venv/bin/python bench/outbox_dead_rows.py              # 270,000 rows
    .venv/bin/python bench/outbox_dead_rows.py -n 27000
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text

from bench.relay_publish import payloads
from services.matching.models import Base, infra
from shared import outbox
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import Postgres, external_postgres

POLL = "SELECT id, topic, event_type, key, headers, payload FROM outbox WHERE id > $1 ORDER BY id LIMIT $2"


async def polls(db: Database, k: int) -> list[float]:
    """``k`` of the relay's first reads of a drain, in milliseconds."""
    async with db.engine.connect() as c:
        raw = (await c.get_raw_connection()).driver_connection
        out = []
        for _ in range(k):
            t = time.perf_counter()
            await raw.fetch(POLL, 0, 5000)
            out.append((time.perf_counter() - t) * 1000)
        await c.rollback()
    return out


async def measure(pg: Postgres, n: int, k: int) -> dict:
    db = Database(await pg.create_database("dead_rows"), Base.metadata)
    try:
        await migrate(db)
        rows = outbox.encode_payloads(payloads(n), source="bench")
        for i in range(0, n, 50_000):
            async with db.session() as s, s.begin():
                await outbox.stage_rows(s, infra, rows[i : i + 50_000])
        full = await polls(db, 3)
        holder = await db.engine.connect()  # a transaction older than the deletions
        await holder.execute(text("SELECT txid_current()"))
        async with db.engine.connect() as c:
            ids = [r[0] for r in (await c.execute(text("SELECT id FROM outbox ORDER BY id"))).all()]
            await c.rollback()
        for i in range(0, len(ids), 5000):  # as the relay deletes: a batch's ids per transaction
            async with db.engine.begin() as c:
                await c.execute(text("DELETE FROM outbox WHERE id = any(:ids)"), {"ids": ids[i : i + 5000]})
        held = await polls(db, k)
        await holder.rollback()
        await holder.close()
        after = await polls(db, k)
        async with db.engine.connect() as c:
            auto = await c.execution_options(isolation_level="AUTOCOMMIT")
            t = time.perf_counter()
            await auto.execute(text("VACUUM outbox"))
            vacuum = time.perf_counter() - t
        vacuumed = await polls(db, k)
        return {"n": n, "full": full, "held": held, "after": after, "vacuum": vacuum, "vacuumed": vacuumed}
    finally:
        await db.dispose()


def write(path: Path, r: dict, command: str) -> None:
    def med(xs: list[float]) -> str:
        return f"{statistics.median(xs):.1f}"

    lines = [
        "# The relay's poll of an outbox of just-deleted rows (`bench/outbox_dead_rows.py`)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        f"Command: `{command}`.",
        "",
        f"{r['n']:,} outbox rows staged, then deleted 5,000 ids per transaction as the relay deletes them; "
        "the relay's first read of a drain (`WHERE id > 0 ORDER BY id LIMIT 5000`) of the empty outbox, in ms:",
        "",
        "| when | first poll | median of the rest | every poll |",
        "|---|---:|---:|---|",
        f"| the rows still there (a read of 5,000) | {r['full'][0]:.1f} | {med(r['full'][1:])} | {', '.join(f'{x:.1f}' for x in r['full'])} |",
        f"| deleted, a transaction older than the deletions open | {r['held'][0]:.1f} | {med(r['held'][1:])} | {', '.join(f'{x:.1f}' for x in r['held'])} |",
        f"| deleted, that transaction ended | {r['after'][0]:.1f} | {med(r['after'][1:])} | {', '.join(f'{x:.1f}' for x in r['after'])} |",
        f"| after `VACUUM outbox` ({r['vacuum']:.2f} s) | {r['vacuumed'][0]:.1f} | {med(r['vacuumed'][1:])} | {', '.join(f'{x:.1f}' for x in r['vacuumed'])} |",
        "",
        "Read: the polls cost what they cost in a round only while some transaction older than the "
        "deletions is open in the same database: the deleted rows are not dead to everyone yet, so "
        "each poll visits the heap for each of them. Once no such transaction is open, the first "
        "poll marks their index entries dead and the next ones skip them (about a millisecond at "
        "270,000). A VACUUM run by the relay would not help in the costly case: it cannot remove "
        "rows an open transaction may still see.",
        "",
    ]
    path.write_text("\n".join(lines))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=270_000)
    p.add_argument("--polls", type=int, default=10)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "outbox_dead_rows.md")
    args = p.parse_args()
    pg = external_postgres()
    if pg is None:
        pg = Postgres.launch(Path(tempfile.gettempdir()) / f"corridor-pg-dead-{uuid.uuid4().hex[:8]}")
    try:
        result = asyncio.run(measure(pg, args.n, args.polls))
    finally:
        if pg.data is not None:
            pg.stop()
            shutil.rmtree(pg.data, ignore_errors=True)
    write(args.out, result, " ".join([".venv/bin/python", "bench/outbox_dead_rows.py", *sys.argv[1:]]))
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
