"""How many e-mails a second the benches' SMTP server takes on this machine, and its CPU per
message: the floor under "every applicant told" (issue 17).

The national round's notifications send to aiosmtpd (``bench/national_round.py``'s
``RecipientSmtp``), which runs on the same cores as the system it measures. Here that sink
runs alone in a process of its own; aiosmtplib clients in this process send ``-n`` messages
over 1, 2, 4 and 8 connections at once (then 1 again), each message a notice's size (a
multipart-less UTF-8 text of about 2.5 KB). Per level: messages per second, the server's
and the clients' CPU milliseconds per message (from /proc and ``time.process_time``).

    .venv/bin/python bench/smtp_sink.py            # 4,000 messages per level

``SmtpProcess`` is that sink as the national round runs it: aiosmtpd in a process of its own
on uvloop (``--loop asyncio``: the standard event loop), counting the messages per recipient,
asked for its counts over a pipe. In a thread of the bench's own process it had cost about
twice its CPU per message (the GIL shared with the sampler and the webhook receiver), and
that CPU came out of the two cores the system under test runs on. Each level here is run on
both loops in turn, so the table shows what uvloop changes.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiosmtplib

from tests.support.infra import free_port

ROOT = Path(__file__).resolve().parents[1]
LEVELS = (1, 2, 4, 8, 1)
LOOPS = ("asyncio", "uvloop")
MESSAGE = (
    b"From: Corridor <noreply@corridor.example>\r\nTo: applicant@example.org\r\n"
    b"Subject: Your SCO 2026/27 application: an offer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    + (b"Dear applicant, your choice was placed; the reasons for your other choices follow.\r\n")
    * 30
)


class CountingSink:
    """An aiosmtpd handler counting the messages it accepts, per recipient (lower-cased), and
    the sessions opened (EHLOs); it keeps the first message as a sample. No parsing: the
    receiver should not be the limit."""

    def __init__(self):
        self.lock = threading.Lock()
        self.count = 0
        self.sessions = 0
        self.per_recipient: Counter[str] = Counter()
        self.sample: bytes | None = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # aiosmtpd's hook
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook
        with self.lock:
            self.count += 1
            for r in envelope.rcpt_tos:
                self.per_recipient[r.lower()] += 1
            if self.sample is None:
                self.sample = envelope.content
        return "250 Message accepted for delivery"

    def reset(self) -> Counter[str]:
        """The counts per recipient so far; from zero after."""
        with self.lock:
            before, self.per_recipient, self.count = self.per_recipient, Counter(), 0
        return before


# The sink's process: aiosmtpd's controller (its own thread and event loop) with a
# CountingSink; its main thread answers the parent's requests, a line each, over stdin/stdout.
SERVER = """
import asyncio, base64, json, sys
sys.path.insert(0, sys.argv[3])
from aiosmtpd.controller import Controller
from bench.smtp_sink import CountingSink

port, kind = int(sys.argv[1]), sys.argv[2]
if kind == "uvloop":
    import uvloop
    loop = uvloop.new_event_loop()
else:
    loop = asyncio.new_event_loop()
sink = CountingSink()
controller = Controller(sink, hostname="127.0.0.1", port=port, loop=loop)
controller.start()
print("ready", flush=True)
for line in sys.stdin:
    what = line.strip()
    if what == "count":
        answer = sink.count
    elif what == "sessions":
        answer = sink.sessions
    elif what == "per_recipient":
        with sink.lock:
            answer = dict(sink.per_recipient)
    elif what == "reset":
        answer = dict(sink.reset())
    elif what == "sample":
        answer = base64.b64encode(sink.sample).decode() if sink.sample is not None else None
    else:
        break
    print(json.dumps(answer), flush=True)
controller.stop()
"""


class SmtpProcess:
    """aiosmtpd in a process of its own (``loop``: "uvloop" or "asyncio"), counting the messages
    it accepts per recipient: ``count``, ``per_recipient``, ``reset()`` (the counts so far,
    then from zero), ``sample`` (the first message's bytes). Each is one request over a pipe
    (tens of microseconds)."""

    def __init__(self, loop: str = "uvloop"):
        self.loop = loop
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(self.port), self.loop, str(ROOT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the SMTP sink did not start (exit {self.proc.poll()})")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def _ask(self, what: str):
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(what + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    @property
    def count(self) -> int:
        return self._ask("count")

    @property
    def sessions(self) -> int:
        """The sessions opened so far (EHLOs)."""
        return self._ask("sessions")

    @property
    def per_recipient(self) -> Counter[str]:
        return Counter(self._ask("per_recipient"))

    def reset(self) -> Counter[str]:
        return Counter(self._ask("reset"))

    @property
    def sample(self) -> bytes | None:
        text = self._ask("sample")
        return base64.b64decode(text) if text is not None else None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.close()  # the server's loop ends at the end of its input
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


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
    sinks = {kind: SmtpProcess(kind) for kind in LOOPS}
    rows = []
    try:
        for sink in sinks.values():
            sink.start()
            asyncio.run(send(sink.port, 2, 200))  # warm-up, not counted
        for i, connections in enumerate(LEVELS):
            row: dict[str, Any] = {"connections": connections}
            for kind in LOOPS if i % 2 == 0 else LOOPS[::-1]:  # each level on both loops, in turn
                sink = sinks[kind]
                before = cpu_seconds(sink.pid)
                rate, client_ms = asyncio.run(send(sink.port, connections, args.n))
                server_ms = 1000 * (cpu_seconds(sink.pid) - before) / args.n
                row[kind] = (rate, server_ms, client_ms)
                print(
                    f"{connections} connection(s), {kind}: {rate:.0f} messages/s, server {server_ms:.2f} ms, "
                    f"clients {client_ms:.2f} ms",
                    flush=True,
                )
            rows.append(row)
    finally:
        for sink in sinks.values():
            sink.stop()
    best = max(rows, key=lambda r: r["uvloop"][0])
    ratios = sorted(r["asyncio"][1] / r["uvloop"][1] for r in rows)
    lines = [
        "# The benches' SMTP server alone: messages per second and CPU per message",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}, "
        f"{platform.system()}), Python {platform.python_version()}; load average "
        f"{' '.join(f'{x:.2f}' for x in load_before)} before (the machine is shared).",
        f"Command: `.venv/bin/python bench/smtp_sink.py -n {args.n}`.",
        "",
        f"aiosmtpd in a process of its own (`SmtpProcess`, as `bench/national_round.py` runs it), on uvloop and on "
        f"the standard asyncio loop; aiosmtplib clients in the bench's process send {args.n:,} messages of "
        f"{len(MESSAGE):,} bytes per level over the given connections at once, each level on both loops in turn.",
        "",
        "| connections | messages/s (asyncio / uvloop) | server CPU ms per message (asyncio / uvloop) "
        "| server CPU asyncio / uvloop | clients' CPU ms per message |",
        "|---:|---:|---:|---:|---:|",
        *(
            f"| {r['connections']} | {r['asyncio'][0]:,.0f} / {r['uvloop'][0]:,.0f} "
            f"| {r['asyncio'][1]:.3f} / {r['uvloop'][1]:.3f} | {r['asyncio'][1] / r['uvloop'][1]:.2f}x "
            f"| {r['uvloop'][2]:.2f} |"
            for r in rows
        ),
        "",
        f"On uvloop at most {best['uvloop'][0]:,.0f} messages/s (over {best['connections']} connections), the "
        f"server then at {best['uvloop'][1]:.3f} ms of CPU per message; uvloop takes "
        f"{ratios[len(ratios) // 2]:.2f}x less of the server's CPU per message than asyncio (median over the levels). "
        f"Every applicant of a 270,000 round told within 10 minutes is 450 e-mails a second: "
        f"{450 * best['uvloop'][1] / 1000:.2f} of this machine's {os.cpu_count()} cores for the sink alone, beside "
        "Kafka, PostgreSQL and the system itself.",
        "",
    ]
    args.out.write_text("\n".join(lines))
    print(args.out.read_text())


if __name__ == "__main__":
    main()
