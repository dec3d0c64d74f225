"""The e-mail lane's transactions: a BEGIN of its own for each e-mail, or begun by the COMMIT before it.

    .venv/bin/python bench/email_commits.py                 # 8 rounds of 2,000 e-mails each way
    .venv/bin/python bench/email_commits.py --emails 500 --rounds 2

On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a
running one) with the notifications service's migrated schema: N applicants' contacts and N
pending e-mail rows, then the service's ``Dispatcher`` drains them (claims of 100, groups over
one SMTP session each) to a real SMTP server on loopback (aiosmtpd, in this process, so its CPU
is counted too), each way in turn:

- **begin each**: every delivery's transaction opened by a BEGIN of its own, then the UPDATE
  with its event, then COMMIT once the server accepted (``_HeldConnection`` as it was until
  2026-12-03, kept here for the comparison): three round trips to the database per e-mail;
- **begun ahead**: the dispatcher as it is: the COMMIT and the next e-mail's BEGIN in one
  round trip (``COMMIT; BEGIN``): two per e-mail, and one ROLLBACK per group for the
  transaction begun ahead that no e-mail used.

Reported per e-mail: this process's CPU (dispatcher and SMTP server), PostgreSQL's (the
server's processes, from /proc; a local server only) and the wall time; and the round trips
(BEGIN, COMMIT, ROLLBACK) the held connection made. Both ways must leave every row delivered
with one ``notification.delivered`` event and every message accepted once. Writes
bench/results/email_commits.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, select

from bench.national_round import Processes, RecipientSmtp, postmaster_pid
from bench.notifications_pipeline import loadavg
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import Base, Contact, Notification, infra
from services.notifications.service import dispatcher as lane
from services.notifications.service.channels import EmailSender
from services.notifications.settings import Settings
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from tests.support.deliveries import held_statements
from tests.support.infra import bench_postgres

OUT = ROOT / "bench" / "results" / "email_commits.md"
DELIVERED = "org.corridor.notification.delivered.v1"


HELD = lane._HeldConnection  # the dispatcher's, as it is


class BeginEach(lane._HeldConnection):
    """The held connection as it was: COMMIT alone, so the next delivery sends its own BEGIN."""

    async def commit(self) -> None:
        assert self._driver is not None and self._open
        await self._driver.execute("COMMIT")
        self._open = False


async def one(way: str, db: Database, settings: Settings, n: int, smtp: RecipientSmtp, server: Processes) -> dict:
    async with db.session() as s, s.begin():
        await s.execute(delete(Notification))
        await s.execute(delete(infra.outbox))
        s.add_all(
            Notification(
                source_event_id=f"evt-{way[0]}{i}",
                event_type="org.corridor.application.withdrawn.v1",
                channel=Channel.EMAIL,
                recipient=f"app-{i}",
                template="application_withdrawn",
                context={"cycle": "SCO 2026/27"},
            )
            for i in range(n)
        )
    lane._HeldConnection = BeginEach if way == "begin each" else HELD  # type: ignore[misc]
    d = lane.Dispatcher(db, infra, settings, source="/corridor/notifications", email=EmailSender(settings))
    accepted0 = smtp.count
    pg0, cpu0, t0 = server.sample()["PostgreSQL"][0], time.process_time(), time.perf_counter()
    try:
        with held_statements() as statements:
            while await d.dispatch_once():
                pass
    finally:
        lane._HeldConnection = HELD  # type: ignore[misc]
    trips = Counter(statements)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    pg = server.sample()["PostgreSQL"][0] - pg0  # postmaster, backends alive and those that exited
    async with db.session() as s:
        delivered = await s.scalar(
            select(func.count()).select_from(Notification).where(Notification.status == DeliveryStatus.DELIVERED)
        )
        events = await s.scalar(
            select(func.count()).select_from(infra.outbox).where(infra.outbox.c.event_type == DELIVERED)
        )
    if delivered != n or events != n or smtp.count - accepted0 != n:
        raise RuntimeError(f"{way}: {delivered} delivered, {events} events, {smtp.count - accepted0} accepted of {n}")
    return {
        "way": way,
        "cpu_us": 1e6 * cpu / n,
        "pg_us": 1e6 * pg / n,
        "wall_us": 1e6 * wall / n,
        "round_trips": sum(trips.values()) / n,
        "trips": dict(trips),
    }


async def run(url: str, server: Processes, emails: int, rounds: int) -> list[dict]:
    db = Database(url, Base.metadata)
    await migrate(db)
    smtp = RecipientSmtp()
    smtp.controller.start()
    settings = Settings(smtp_host="127.0.0.1", smtp_port=smtp.port, dispatch_concurrency=2, dispatch_batch_size=100)
    async with db.session() as s, s.begin():
        now = utcnow()
        s.add_all(
            Contact(applicant_id=f"app-{i}", email=f"app-{i}@example.kz", name=f"App {i}", language="en", as_of=now)
            for i in range(emails)
        )
    results = []
    try:
        await one("begun ahead", db, settings, min(500, emails), smtp, server)  # warm-up, not reported
        for r in range(rounds):
            for way in ("begin each", "begun ahead") if r % 2 == 0 else ("begun ahead", "begin each"):
                result = await one(way, db, settings, emails, smtp, server)
                print(f"  round {r + 1} {way}: {result}", file=sys.stderr)
                results.append(result)
    finally:
        smtp.controller.stop()
        await db.dispose()
    return results


def report(results: list[dict], command: str, load: tuple[str, str], emails: int, rounds: int) -> str:
    def med(way: str, key: str) -> float:
        return statistics.median(r[key] for r in results if r["way"] == way)

    lines = [
        "# The e-mail lane: a BEGIN per e-mail, or begun by the COMMIT before it",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"{emails:,} pending e-mails per round and way, drained by the service's `Dispatcher` (claims of 100, "
        "two groups at a time, each over one SMTP session) to aiosmtpd on loopback in this process, on "
        f"PostgreSQL with the migrated schema; medians over {rounds} rounds, taking turns which way goes first. "
        "CPU: this process (dispatcher and SMTP server) and the PostgreSQL server's processes. Round trips: "
        "the held connection's BEGIN, COMMIT and ROLLBACK per e-mail (the UPDATE with its event is one more "
        "each way).",
        "",
        "| way | BEGIN/COMMIT/ROLLBACK round trips per e-mail | our CPU µs per e-mail | "
        "PostgreSQL CPU µs per e-mail | wall µs per e-mail |",
        "|---|---:|---:|---:|---:|",
    ]
    for way in ("begin each", "begun ahead"):
        lines.append(
            f"| {way} | {med(way, 'round_trips'):.2f} | {med(way, 'cpu_us'):.0f} | {med(way, 'pg_us'):.0f} | "
            f"{med(way, 'wall_us'):.0f} |"
        )
    pairs = [(results[i], results[i + 1]) for i in range(0, len(results) - 1, 2)]

    def ratio(key) -> float:
        """The median of the rounds' begin each / begun ahead (each round's two ways back to back)."""
        per_round = []
        for a, b in pairs:
            each, ahead = (a, b) if a["way"] == "begin each" else (b, a)
            per_round.append(key(each) / key(ahead))
        return statistics.median(per_round)

    lines += [
        "",
        f"Begin each / begun ahead, the median of the rounds' ratios: our CPU {ratio(lambda r: r['cpu_us']):.2f}x, "
        f"PostgreSQL's {ratio(lambda r: r['pg_us']):.2f}x, both {ratio(lambda r: r['cpu_us'] + r['pg_us']):.2f}x, "
        f"wall {ratio(lambda r: r['wall_us']):.2f}x.",
        "",
        "Per round (µs per e-mail, ours + PostgreSQL's):",
        "",
    ]
    for i, (a, b) in enumerate(pairs, start=1):
        each, ahead = (a, b) if a["way"] == "begin each" else (b, a)
        lines.append(
            f"- round {i}: begin each {each['cpu_us']:.0f} + {each['pg_us']:.0f}, "
            f"begun ahead {ahead['cpu_us']:.0f} + {ahead['pg_us']:.0f}; round trips {each['trips']} against {ahead['trips']}"
        )
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--emails", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("email-commits-") as pg:
        url = asyncio.run(pg.create_database("mails"))
        server = Processes({}, postmaster_pid(pg))
        results = asyncio.run(run(url, server, args.emails, args.rounds))
    command = ".venv/bin/python bench/email_commits.py" + "".join(f" {a}" for a in sys.argv[1:])
    text = report(results, command, (before, loadavg()), args.emails, args.rounds)
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
