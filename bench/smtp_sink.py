"""How many e-mails a second the benches' SMTP server takes on this machine, and its CPU per
message: the floor under "every applicant told" (issue 17).

The national round's notifications send to aiosmtpd (``bench/national_round.py``'s
``RecipientSmtp``), which runs on the same cores as the system it measures. Here that sink
runs alone in a process of its own; aiosmtplib clients in this process send ``-n`` messages
over 1, 2, 4 and 8 connections at once (then 1 again), each message a notice's size (a
multipart-less UTF-8 text of about 2.5 KB). Per level: messages per second, the server's
and the clients' CPU milliseconds per message (from /proc and ``time.process_time``).

    .venv/bin/python bench/smtp_sink.py            # 4,000 messages per level
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import aiosmtplib

ROOT = Path(__file__).resolve().parents[1]
LEVELS = (1, 2, 4, 8, 1)
MESSAGE = (
    b"From: Corridor <noreply@corridor.example>\r\nTo: applicant@example.org\r\n"
    b"Subject: Your SCO 2026/27 application: an offer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    + (b"Dear applicant, your choice was placed; the reasons for your other choices follow.\r\n")
    * 30
)
SINK = """
import sys, time
sys.path.insert(0, sys.argv[1])
from bench.national_round import RecipientSmtp
sink = RecipientSmtp()
sink.controller.start()
print(sink.port, flush=True)
time.sleep(3600)
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def send(port: int, connections: int, n: int) -> tuple[float, float]:
    """(messages per second, this process's CPU ms per message) for ``n`` messages over
    ``connections`` clients at once."""

    async def client(k: int) -> None:
        smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port)
        await smtp.connect()
        for i in range(n // connections):
            await smtp.sendmail("bench@corridor.example", [f"r{k}-{i}@example.org"], MESSAGE)
        await smtp.quit()

    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(client(k) for k in range(connections)))
    return n / (time.perf_counter() - t0), 1000 * (time.process_time() - c0) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=4000, help="messages per level")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "smtp_sink.md")
    args = parser.parse_args()
    load_before = os.getloadavg()
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(ROOT)], stdout=subprocess.PIPE, text=True)
    rows = []
    try:
        assert sink.stdout is not None
        port = int(sink.stdout.readline())
        for connections in LEVELS:
            before = cpu_seconds(sink.pid)
            rate, client_ms = asyncio.run(send(port, connections, args.n))
            server_ms = 1000 * (cpu_seconds(sink.pid) - before) / args.n
            rows.append((connections, rate, server_ms, client_ms))
            print(
                f"{connections} connection(s): {rate:.0f} messages/s, server {server_ms:.2f} ms, clients {client_ms:.2f} ms"
            )
    finally:
        sink.kill()
    best = max(rows, key=lambda r: r[1])
    lines = [
        "# The benches' SMTP server alone: messages per second and CPU per message",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}, "
        f"{platform.system()}), Python {platform.python_version()}; load average "
        f"{' '.join(f'{x:.2f}' for x in load_before)} before (the machine is shared).",
        f"Command: `.venv/bin/python bench/smtp_sink.py -n {args.n}`.",
        "",
        f"aiosmtpd (`bench/national_round.py`'s `RecipientSmtp`) in a process of its own; aiosmtplib clients "
        f"send {args.n:,} messages of {len(MESSAGE):,} bytes per level over the given connections at once.",
        "",
        "| connections | messages/s | server CPU ms per message | clients' CPU ms per message |",
        "|---:|---:|---:|---:|",
        *(f"| {c} | {r:,.0f} | {s:.2f} | {cl:.2f} |" for c, r, s, cl in rows),
        "",
        f"At most {best[1]:,.0f} messages/s (over {best[0]} connections), the server then at "
        f"{best[2]:.2f} ms of CPU per message. Every applicant of a 270,000 round told within 10 minutes "
        f"is 450 e-mails a second: {450 * best[2] / 1000:.2f} of this machine's {os.cpu_count()} cores for "
        "the sink alone, beside Kafka, PostgreSQL and the system itself.",
        "",
    ]
    args.out.write_text("\n".join(lines))
    print(args.out.read_text())


if __name__ == "__main__":
    main()
