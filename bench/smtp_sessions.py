"""SMTP sessions kept between groups of e-mails, or one opened per group: the notifications
service's own ``EmailSender`` sending N notices in groups of ``dispatch_group_size`` (10), up
to ``dispatch_concurrency`` (10) groups at once, as the dispatcher does, to the benches' SMTP
server (``bench/smtp_sink.py``'s ``SmtpProcess``, aiosmtpd on uvloop in a process of its own).

Per way, alternating which goes first, ``--repeat`` rounds: messages per second, this
process's CPU per message (the sender) and the server's, and the sessions the server saw.
Reported: medians, and the ratio of the per-round medians.

    .venv/bin/python bench/smtp_sessions.py              # 20,000 notices, 5 rounds each way
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.smtp_sink import SmtpProcess, cpu_seconds
from services.notifications.domain.templates import Extras, render
from services.notifications.service.channels import EmailSender, wire_email
from services.notifications.settings import Settings

WAYS = {"a session per group": 0.0, "sessions kept (10 s)": 10.0}


async def send_all(sender: EmailSender, n: int, group: int, concurrency: int) -> None:
    message = render("unmatched", "en", {"cycle": "SCO 2026/27", "reasons": [], "name": "Aliya"}, EXTRAS)
    mails = [
        wire_email(
            message, sender="c@corridor.example", to=f"a{i}@example.kz", notification_id=str(i), source_event_id="e"
        )
        for i in range(n)
    ]
    groups = [mails[i : i + group] for i in range(0, n, group)]
    limit = asyncio.Semaphore(concurrency)

    async def one(mails) -> None:
        async with limit, sender.connection() as smtp:
            for mail in mails:
                await smtp.send(mail)

    await asyncio.gather(*(one(g) for g in groups))
    await sender.close()


EXTRAS = Extras(portal_url="https://portal.corridor.example", contact_email="admissions@corridor.example")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "smtp_sessions.md")
    args = parser.parse_args()
    load_before = os.getloadavg()
    sink = SmtpProcess()
    sink.start()
    runs: dict[str, list[tuple[float, float, float, int]]] = {w: [] for w in WAYS}
    try:
        for r in range(args.repeat):
            for way in list(WAYS) if r % 2 == 0 else list(WAYS)[::-1]:
                settings = Settings(
                    smtp_host="127.0.0.1",
                    smtp_port=sink.port,
                    smtp_local_hostname="bench.corridor.test",
                    smtp_keepalive_seconds=WAYS[way],
                )
                sender = EmailSender(settings)
                sessions0, server0 = sink.sessions, cpu_seconds(sink.pid)
                t0, c0 = time.perf_counter(), time.process_time()
                asyncio.run(send_all(sender, args.n, settings.dispatch_group_size, settings.dispatch_concurrency))
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                server = cpu_seconds(sink.pid) - server0
                runs[way].append(
                    (args.n / wall, 1000 * cpu / args.n, 1000 * server / args.n, sink.sessions - sessions0)
                )
                print(
                    f"round {r + 1} {way}: {args.n / wall:,.0f}/s, sender {1000 * cpu / args.n:.3f} ms, "
                    f"server {1000 * server / args.n:.3f} ms, {sink.sessions - sessions0} sessions",
                    flush=True,
                )
    finally:
        sink.stop()
    med = {w: [statistics.median(x[k] for x in runs[w]) for k in range(4)] for w in WAYS}
    per_group, kept = (med[w] for w in WAYS)
    lines = [
        "# SMTP sessions kept between groups of e-mails, or one per group",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}; load average {' '.join(f'{x:.2f}' for x in load_before)} before.",
        f"Command: `.venv/bin/python bench/smtp_sessions.py -n {args.n} --repeat {args.repeat}`.",
        "",
        f"The service's `EmailSender` sends {args.n:,} notices (the `unmatched` notice, written directly) in groups "
        "of 10, up to 10 groups at once, to aiosmtpd on uvloop in a process of its own; `smtp_keepalive_seconds` "
        "0 (each group opens and QUITs its session, as before) against 10. Medians of "
        f"{args.repeat} rounds each way, taking turns:",
        "",
        "| way | messages/s | sender CPU ms per message | server CPU ms per message | sessions |",
        "|---|---:|---:|---:|---:|",
        *(f"| {w} | {m[0]:,.0f} | {m[1]:.3f} | {m[2]:.3f} | {m[3]:,.0f} |" for w, m in med.items()),
        "",
        f"Kept sessions: sender CPU {per_group[1] / kept[1]:.2f}x less per message, the server's "
        f"{per_group[2] / kept[2]:.2f}x less, {kept[0] / per_group[0]:.2f}x the messages per second; "
        f"{per_group[3]:,.0f} sessions opened -> {kept[3]:,.0f}. Over loopback without TLS: with STARTTLS and "
        "AUTH each session saved is also a TLS handshake and a login.",
        "",
    ]
    args.out.write_text("\n".join(lines))
    print(args.out.read_text())


if __name__ == "__main__":
    main()
