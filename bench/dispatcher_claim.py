"""The dispatcher's claim under a round's backlog: one statement with an OR against today's two.

    .venv/bin/python bench/dispatcher_claim.py                          # backlogs 1,000 to 270,000
    .venv/bin/python bench/dispatcher_claim.py --backlogs 1000 100000 --claims 50

A national round leaves up to one pending e-mail per applicant in the notifications service's
``notifications`` table, and the dispatcher claims them ``dispatch_batch_size`` (100) at a time.
On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a
running one), the service's migrated schema, for each backlog B: B pending e-mail rows due (and
as many delivered ones, the history a round leaves), then ``--claims`` claims of 100 rows each
by

- **one statement**: the claim as it was until 2026-12-02, a single UPDATE of the rows a
  subquery picked with ``(pending AND due) OR (sending AND lease run out)`` ordered by
  ``next_attempt_at`` (kept here, as it was, for the comparison);
- **two statements**: ``Dispatcher.claim`` as it is (leases run out, then pending rows due).

alternately in the same database (each claim's rows put back to pending before the other's
turn). Reported: milliseconds per claim at each backlog and their ratio; the growth from the
smallest backlog to each larger one shows whether a claim's cost follows the backlog.
Writes bench/results/dispatcher_claim.md.
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

from sqlalchemy import and_, func, or_, select, text, update
from sqlmodel import col

from bench.notifications_pipeline import loadavg
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import Base, Notification, infra
from services.notifications.service.dispatcher import Dispatcher
from services.notifications.settings import Settings
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "dispatcher_claim.md"
BATCH = 100


async def one_statement_claim(db: Database, size: int, lease_seconds: float) -> list[Notification]:
    """The claim as it was: one UPDATE whose locking subquery ORs the two kinds of due rows."""
    now = utcnow()
    due = (
        select(Notification.id)
        .where(
            or_(
                and_(Notification.status == DeliveryStatus.PENDING, Notification.next_attempt_at <= now),
                and_(Notification.status == DeliveryStatus.SENDING, col(Notification.claimed_until) < now),
            )
        )
        .order_by(Notification.next_attempt_at)
        .limit(size)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(Notification)
        .where(col(Notification.id) == func.any(func.array(due.scalar_subquery())))
        .values(status=DeliveryStatus.SENDING, claimed_until=now + timedelta(seconds=lease_seconds))
        .returning(Notification)
        .execution_options(synchronize_session=False)
    )
    async with db.session() as session, session.begin():
        return list((await session.scalars(statement)).all())


async def fill(db: Database, backlog: int) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(text("TRUNCATE notifications"))
        for status, offset in (("delivered", 0), ("pending", backlog)):
            await conn.execute(
                text(
                    "INSERT INTO notifications (id, source_event_id, event_type, channel, recipient, template,"
                    " context, status, attempts, next_attempt_at, created_at)"
                    " SELECT 'ntf-' || (g + :offset), 'evt-' || (g + :offset), 'org.corridor.application.waitlisted.v1',"
                    " 'email', 'app-' || (g + :offset), 'application_waitlisted', '{}', :status, 0,"
                    " now() - interval '1 hour' + g * interval '1 ms', now()"
                    " FROM generate_series(1, :n) g"
                ),
                {"offset": offset, "status": status, "n": backlog},
            )
    async with db.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE notifications"))


async def put_back(db: Database, ids: list[str]) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(
            update(Notification).where(col(Notification.id).in_(ids)).values(status="pending", claimed_until=None)
        )


async def run(url: str, backlogs: list[int], claims: int) -> list[dict[str, float]]:
    db = Database(url, Base.metadata)
    await migrate(db)
    settings = Settings(database_url=url, dispatch_batch_size=BATCH)
    dispatcher = Dispatcher(db, infra, settings, source="/corridor/notifications")
    results = []
    try:
        for backlog in backlogs:
            await fill(db, backlog)
            times: dict[str, list[float]] = {"one statement": [], "two statements": []}
            for _ in range(claims):
                for name in times:
                    t = time.perf_counter()
                    if name == "one statement":
                        rows = await one_statement_claim(db, BATCH, settings.dispatch_lease_seconds)
                    else:
                        rows = await dispatcher.claim(Channel.EMAIL)
                    times[name].append(time.perf_counter() - t)
                    assert len(rows) == BATCH, (name, len(rows))
                    await put_back(db, [r.id for r in rows])
            row: dict[str, float] = {"backlog": backlog}
            for name, ts in times.items():
                row[name] = statistics.median(ts) * 1000
            results.append(row)
            print(f"backlog {backlog:>7,}: " + ", ".join(f"{k} {row[k]:.2f} ms" for k in times), flush=True)
    finally:
        await dispatcher.webhooks.close()
        await db.dispose()
    return results


def report(results: list[dict[str, float]], command: str, load: tuple[str, str]) -> str:
    first = results[0]
    lines = [
        "# The dispatcher's claim under a round's backlog",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}),"
        f" Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"Median milliseconds per claim of {BATCH} rows (each side in turn, the same database); growth = the"
        f" claim's time against its own at a backlog of {first['backlog']:,}.",
        "",
        "| pending rows | one statement (ms) | two statements (ms) | one / two | growth, one | growth, two |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        one, two = r["one statement"], r["two statements"]
        lines.append(
            f"| {r['backlog']:,} | {one:.2f} | {two:.2f} | **{one / two:.1f}x** |"
            f" {one / first['one statement']:.1f}x | {two / first['two statements']:.1f}x |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backlogs", type=int, nargs="+", default=[1_000, 27_000, 100_000, 270_000])
    p.add_argument("--claims", type=int, default=30)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("claim-bench-") as pg:
        url = asyncio.run(pg.create_database("claim"))
        results = asyncio.run(run(url, args.backlogs, args.claims))
    command = ".venv/bin/python bench/dispatcher_claim.py" + "".join(f" {a}" for a in sys.argv[1:])
    Path(args.out).write_text(report(results, command, (before, loadavg())))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
