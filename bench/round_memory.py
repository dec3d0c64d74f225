"""Peak memory of a matching round at national scale (issue 17: matching's peak RSS under 1.5 GiB).

    .venv/bin/python bench/round_memory.py                        # 270,000 applicants
    .venv/bin/python bench/round_memory.py --applicants 27000     # a quick run

On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names
one), the cycle of bench/round_store.py (N applicants with 10 choices each over N/80
programmes, 80 country caps) is seeded by a child process, so that nothing of the seeding
stays in this one's memory. Then this process, fresh (the service's modules imported, a
pooled connection open), resets the high-water mark of its resident memory
(``/proc/self/clear_refs``, 5) and runs one round as the matching service's ``RoundRunner``
runs it: ``load``, ``compute`` in a worker thread, ``store`` (committed). Reported: the RSS
before the round, the peak during it (VmHWM) and the rise, and the round's wall and CPU
seconds per phase. The matching service's own process adds its web server and consumers to
the RSS before (bench/national_round.py measures that process: about 190 MiB at rest).

Writes bench/results/round_memory.md (each run a dated section; earlier ones kept).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.round_store import seed, stored_counts, timed_round
from services.matching.models import Base
from services.matching.service import rounds
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import Postgres, external_postgres

OUT = ROOT / "bench" / "results" / "round_memory.md"


def memory_mib(field: str) -> float:
    """A field of /proc/self/status (VmRSS, VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_peak() -> None:
    """The high-water mark of this process's RSS starts again from its RSS now."""
    Path("/proc/self/clear_refs").write_text("5")


async def seed_only(url: str, n: int) -> None:
    db = Database(url, Base.metadata)
    try:
        await migrate(db)
        await seed(db, n)
    finally:
        await db.dispose()


async def measure(url: str) -> dict:
    db = Database(url, Base.metadata)
    try:
        async with db.session() as s:  # a pooled connection open, as in the service
            await s.connection()
        gc.collect()
        before = memory_mib("VmRSS")
        reset_peak()
        round_id, wall, cpu = await timed_round(db, rounds)
        peak = memory_mib("VmHWM")
        matches, outcomes, outbox = await stored_counts(db, round_id)
        return {
            "rss_before": before,
            "peak": peak,
            "rise": peak - before,
            "wall": wall,
            "cpu": cpu,
            "rows": (matches, outcomes, outbox),
        }
    finally:
        await db.dispose()


def write(args, r: dict) -> None:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"## {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: {args.applicants:,} applicants",
        "",
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}; load average {load} "
        f"after. Command: `.venv/bin/python bench/round_memory.py --applicants {args.applicants}`.",
        "",
        "| RSS before the round (MiB) | peak during the round (MiB) | rise (MiB) | target (MiB) |",
        "|---:|---:|---:|---:|",
        f"| {r['rss_before']:.0f} | **{r['peak']:.0f}** | {r['rise']:.0f} | 1,536 |",
        "",
        f"Rows written: {r['rows'][0]:,} matches, {r['rows'][1]:,} outcomes, {r['rows'][2]:,} outbox rows.",
        "",
        "| phase | wall s | CPU s (this process) |",
        "|---|---:|---:|",
        *(f"| {p} | {r['wall'][p]:.2f} | {r['cpu'][p]:.2f} |" for p in ("load", "compute", "store", "round")),
        "",
    ]
    head = "# Peak memory of a matching round\n\nWritten by `bench/round_memory.py` (see its docstring).\n\n"
    earlier = OUT.read_text().removeprefix(head) if OUT.exists() else ""
    OUT.write_text(head + "\n".join(lines) + ("\n" + earlier if earlier else ""))


async def run(args) -> dict:
    pg = external_postgres()
    own = pg is None
    pgdir = Path(tempfile.gettempdir()) / f"corridor-pg-memory-{uuid.uuid4().hex[:8]}"
    try:
        if own:
            pg = Postgres.launch(pgdir)
        url = await pg.create_database(f"round_memory_{args.applicants}")
        print(f"seeding {args.applicants:,} applicants (not measured)...", flush=True)
        seeding = [sys.executable, __file__, "--seed-into", url, "--applicants", str(args.applicants)]
        await asyncio.to_thread(subprocess.run, seeding, check=True)
        return await measure(url)
    finally:
        if own and pg is not None:
            pg.stop()
            shutil.rmtree(pgdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applicants", type=int, default=270_000)
    parser.add_argument("--seed-into", help=argparse.SUPPRESS)  # the child: seed this database and exit
    args = parser.parse_args()
    if args.seed_into:
        asyncio.run(seed_only(args.seed_into, args.applicants))
        return
    r = asyncio.run(run(args))
    print(
        f"RSS before {r['rss_before']:.0f} MiB, peak {r['peak']:.0f} MiB (rise {r['rise']:.0f}); "
        f"round {r['wall']['round']:.1f} s wall, {r['cpu']['round']:.1f} s CPU; rows {r['rows']}"
    )
    write(args, r)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
