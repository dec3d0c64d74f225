"""Webhook deliveries with connections kept alive against one connection per delivery.

    .venv/bin/python bench/webhook_delivery.py                  # 2,000 deliveries, 4 rounds
    .venv/bin/python bench/webhook_delivery.py -n 500 --rounds 2

The notifications service's own ``WebhookSender`` (the target checked before each delivery,
the request sent to the checked address with the host's name) delivers ``-n`` signed
webhooks, 8 at a time as the dispatcher does, to a receiver on loopback (HTTP/1.1, keep-alive,
answering 204; this process, so its CPU is counted too, as a partner's would be). "kept
alive": the sender as it is; "one per delivery": the same sender with its pools keeping no
idle connection (``KEEPALIVE_CONNECTIONS = 0``, how it sent before). Rounds alternate which
goes first. Reported per delivery: this process's CPU and the wall time, and the receiver's
TCP connections. Plain HTTP: with TLS each connection saved is a handshake too, so the
difference there is larger.

Writes bench/results/webhook_delivery.md.
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

from services.notifications.domain.targets import Policy
from services.notifications.service.channels import WebhookSender, sign_webhook
from services.notifications.service.targets import TargetGuard
from services.notifications.settings import Settings
from tests.support.webhook_receiver import CountingReceiver

OUT = ROOT / "bench" / "results" / "webhook_delivery.md"
CONCURRENCY = 8


async def one(mode: str, n: int, port: int, receiver: CountingReceiver) -> dict:
    async def loopback(host: str, _port: int) -> list[str]:
        return ["127.0.0.1"]

    policy = Policy.of(require_https=False, ports=[port], allow=["127.0.0.0/8"])
    settings = Settings(smtp_host="smtp.invalid")
    sender = WebhookSender(settings, guard=TargetGuard(policy, resolver=loopback))
    if mode == "one per delivery":
        sender.KEEPALIVE_CONNECTIONS = 0  # no idle connection kept: how it sent before
    try:
        payload = {"type": "application.offered", "data": {"application_id": "app-1", "programme_ids": ["p1"]}}
        requests = [sign_webhook("whsec_" + "A" * 32, f"msg_{i}", payload) for i in range(n)]
        connections0, cpu0, t0 = receiver.connections, time.process_time(), time.perf_counter()
        queue = iter(requests)

        async def worker() -> None:
            for request in queue:
                await sender.send(f"http://partner.example:{port}/corridor/events", request)

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        return {
            "mode": mode,
            "cpu_us": 1e6 * cpu / n,
            "wall_us": 1e6 * wall / n,
            "connections": receiver.connections - connections0,
        }
    finally:
        await sender.close()


async def run(args) -> list[dict]:
    receiver = CountingReceiver()
    port = await receiver.start()
    results = []
    try:
        for r in range(args.rounds):
            modes = ["one per delivery", "kept alive"] if r % 2 == 0 else ["kept alive", "one per delivery"]
            for mode in modes:
                result = await one(mode, args.n, port, receiver)
                print(f"  round {r + 1} {mode}: {result}", file=sys.stderr)
                results.append(result)
    finally:
        await receiver.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="deliveries per round and mode")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    results = asyncio.run(run(args))

    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in results if r["mode"] == mode)

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Webhook deliveries: connections kept alive against one per delivery",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}; load average {load} after.",
        f"Command: `.venv/bin/python bench/webhook_delivery.py -n {args.n} --rounds {args.rounds}`.",
        "",
        f"{args.n} signed deliveries per round and mode, {CONCURRENCY} at a time, through the service's "
        "`WebhookSender` to a loopback receiver in the same process (plain HTTP/1.1, 204). Medians over "
        f"{args.rounds} rounds, alternating which mode goes first.",
        "",
        "| mode | receiver's TCP connections | CPU µs per delivery (sender + receiver) | wall µs per delivery |",
        "|---|---:|---:|---:|",
    ]
    for mode in ("one per delivery", "kept alive"):
        lines.append(
            f"| {mode} | {med(mode, 'connections'):.0f} | {med(mode, 'cpu_us'):.0f} | {med(mode, 'wall_us'):.0f} |"
        )
    lines += [
        "",
        f"Ratio one per delivery / kept alive: CPU {med('one per delivery', 'cpu_us') / med('kept alive', 'cpu_us'):.2f}x, "
        f"wall {med('one per delivery', 'wall_us') / med('kept alive', 'wall_us'):.2f}x.",
        "",
    ]
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
