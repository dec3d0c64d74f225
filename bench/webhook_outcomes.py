"""The webhook lane: each outcome stored in a transaction of its own, or those that came in together in one.

    .venv/bin/python bench/webhook_outcomes.py                 # 8 rounds of 2,000 webhooks each way
    .venv/bin/python bench/webhook_outcomes.py --webhooks 500 --rounds 2

On real PostgreSQL (tests/support/infra.py starts one, or CORRIDOR_TEST_DATABASE_URL names a
running one) with the notifications service's migrated schema: a partner's subscription and
N pending webhook rows, then the service's ``Dispatcher`` drains them (claims of 100, 10 in
flight, its ``WebhookSender`` with connections kept alive) to a receiver on loopback
answering 204 (this process, so its CPU is counted too, as a partner's would be), each way in
turn:

- **alone**: each webhook's outcome stored as soon as it came in, in a transaction of its own
  (``Dispatcher._deliver_webhooks`` as it was until 2026-12-03, kept here for the comparison);
- **together**: the dispatcher as it is (the outcomes that came in while one store ran, in
  the next one).

Reported per webhook: this process's CPU, PostgreSQL's (the server's processes, from /proc; a
local server only) and the wall time; and the transactions that stored the outcomes. Both ways must
leave every row delivered with one ``notification.delivered`` event. Writes
bench/results/webhook_outcomes.md.
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

from sqlalchemy import delete, func, select

from bench.national_round import Processes, postmaster_pid
from bench.notifications_pipeline import loadavg
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.domain.targets import Policy
from services.notifications.models import Base, Notification, WebhookSubscription, infra
from services.notifications.service.channels import WebhookSender
from services.notifications.service.dispatcher import Dispatcher, Outcome, _Subscriptions
from services.notifications.service.targets import TargetGuard
from services.notifications.settings import Settings
from shared.db import Database
from shared.migrations import migrate
from tests.support.deliveries import counting_stores
from tests.support.infra import bench_postgres
from tests.support.webhook_receiver import CountingReceiver

OUT = ROOT / "bench" / "results" / "webhook_outcomes.md"
DELIVERED = "org.corridor.notification.delivered.v1"


class EachAlone(Dispatcher):
    """The webhook lane as it was: each delivery stores its own outcome when it comes in."""

    async def _deliver_webhooks(self, rows, deadline):
        ids = {row.recipient for row in rows}
        batch = _Subscriptions.read_now(await self._subscriptions(ids), ids)

        async def deliver(row):
            async with self._limits[Channel.WEBHOOK]:  # the place kept while the outcome is stored
                if time.monotonic() > deadline:
                    outcome = Outcome(row.id, tried=False, claimed=row)
                else:
                    outcome = await self._deliver_webhook(row, await self._subscription(row, batch))
                await self._record_until_stored([outcome])

        await asyncio.gather(*(deliver(row) for row in rows))


async def one(
    way: str, db: Database, settings: Settings, sender: WebhookSender, sub_id: str, n: int, server: Processes
) -> dict:
    async with db.session() as s, s.begin():
        await s.execute(delete(Notification))
        await s.execute(delete(infra.outbox))
        s.add_all(
            Notification(
                source_event_id=f"evt-{i}",
                event_type="org.corridor.match.approved.v1",
                channel=Channel.WEBHOOK,
                recipient=sub_id,
                institution_id="xjmu",
                context={
                    "message_id": f"msg_{way[0]}{i}",
                    "payload": {"type": "application.offered", "data": {"application_id": f"app-{i}"}},
                },
            )
            for i in range(n)
        )
    cls = EachAlone if way == "alone" else Dispatcher
    d = cls(db, infra, settings, source="/corridor/notifications", webhooks=sender)
    stores = counting_stores(d)
    pg0, cpu0, t0 = server.sample()["PostgreSQL"][0], time.process_time(), time.perf_counter()
    while await d.dispatch_once():
        pass
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    pg = server.sample()["PostgreSQL"][0] - pg0  # postmaster, backends alive and those that exited
    async with db.session() as s:
        delivered = await s.scalar(
            select(func.count()).select_from(Notification).where(Notification.status == DeliveryStatus.DELIVERED)
        )
        events = await s.scalar(
            select(func.count()).select_from(infra.outbox).where(infra.outbox.c.event_type == DELIVERED)
        )
    if delivered != n or events != n:
        raise RuntimeError(f"{way}: {delivered} delivered, {events} events of {n}")
    return {
        "way": way,
        "cpu_us": 1e6 * cpu / n,
        "pg_us": 1e6 * pg / n,
        "wall_us": 1e6 * wall / n,
        "stores": len(stores),
        "per_store": n / len(stores),
    }


async def run(url: str, server: Processes, webhooks: int, rounds: int) -> list[dict]:
    db = Database(url, Base.metadata)
    await migrate(db)
    receiver = CountingReceiver()
    port = await receiver.start()

    async def loopback(host: str, _port: int) -> list[str]:
        return ["127.0.0.1"]

    settings = Settings(smtp_host="smtp.invalid", dispatch_concurrency=10, dispatch_batch_size=100)
    sender = WebhookSender(
        settings,
        guard=TargetGuard(Policy.of(require_https=False, ports=[port], allow=["127.0.0.0/8"]), resolver=loopback),
    )
    sub = WebhookSubscription(
        institution_id="xjmu",
        url=f"http://partner.example:{port}/corridor/events",
        secret="whsec_" + "A" * 32,
        created_by="p",
    )
    async with db.session() as s, s.begin():
        s.add(sub)
    results = []
    try:
        await one("together", db, settings, sender, sub.id, min(500, webhooks), server)  # warm-up, not reported
        for r in range(rounds):
            for way in ("alone", "together") if r % 2 == 0 else ("together", "alone"):
                result = await one(way, db, settings, sender, sub.id, webhooks, server)
                print(f"  round {r + 1} {way}: {result}", file=sys.stderr)
                results.append(result)
    finally:
        await sender.close()
        await receiver.stop()
        await db.dispose()
    return results


def report(results: list[dict], command: str, load: tuple[str, str], webhooks: int, rounds: int) -> str:
    def med(way: str, key: str) -> float:
        return statistics.median(r[key] for r in results if r["way"] == way)

    lines = [
        "# The webhook lane: outcomes stored alone or together",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}; load average {load[0]} before, {load[1]} after.",
        f"Command: `{command}`.",
        "",
        f"{webhooks:,} pending webhooks to one partner per round and way, drained by the service's `Dispatcher` "
        "(claims of 100, 10 in flight) through its `WebhookSender` to a loopback receiver in this process "
        f"(HTTP/1.1 keep-alive, 204), on PostgreSQL with the migrated schema; medians over {rounds} rounds, "
        "taking turns which way goes first. CPU: this process (dispatcher and receiver) and the PostgreSQL "
        "server's processes.",
        "",
        "| way | transactions storing outcomes | outcomes per transaction | our CPU µs per webhook | PostgreSQL CPU µs per webhook | wall µs per webhook |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for way in ("alone", "together"):
        lines.append(
            f"| {way} | {med(way, 'stores'):.0f} | {med(way, 'per_store'):.1f} | {med(way, 'cpu_us'):.0f} | "
            f"{med(way, 'pg_us'):.0f} | {med(way, 'wall_us'):.0f} |"
        )
    pairs = [(results[i], results[i + 1]) for i in range(0, len(results) - 1, 2)]

    def ratio(key) -> float:
        """The median of the rounds' alone / together (each round's two ways ran back to back)."""
        per_round = []
        for a, b in pairs:
            alone, together = (a, b) if a["way"] == "alone" else (b, a)
            per_round.append(key(alone) / key(together))
        return statistics.median(per_round)

    lines += [
        "",
        f"Alone / together, the median of the rounds' ratios: our CPU {ratio(lambda r: r['cpu_us']):.2f}x, "
        f"PostgreSQL's {ratio(lambda r: r['pg_us']):.2f}x, both {ratio(lambda r: r['cpu_us'] + r['pg_us']):.2f}x, "
        f"wall {ratio(lambda r: r['wall_us']):.2f}x.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--webhooks", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    before = loadavg()
    with bench_postgres("webhook-outcomes-") as pg:
        url = asyncio.run(pg.create_database("hooks"))
        server = Processes({}, postmaster_pid(pg))
        results = asyncio.run(run(url, server, args.webhooks, args.rounds))
    command = ".venv/bin/python bench/webhook_outcomes.py" + "".join(f" {a}" for a in sys.argv[1:])
    text = report(results, command, (before, loadavg()), args.webhooks, args.rounds)
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
