"""Notifications pipeline throughput: consumer handlers + dispatcher, from a Kafka backlog to inbox and SMTP.

    .venv/bin/python bench/notifications_pipeline.py                 # 2000 applicants (4000 events)
    .venv/bin/python bench/notifications_pipeline.py -n 500 --profile /tmp/notif.txt    # shorter, profiled
    .venv/bin/python bench/notifications_pipeline.py -n 3000 --outcomes        # a round's outcome notices
    .venv/bin/python bench/notifications_pipeline.py -n 1000 --rate 40         # a steady flow: CPU per event

Starts PostgreSQL and one Kafka broker (tests/support/infra.py, in a temp dir; or uses
CORRIDOR_TEST_DATABASE_URL / CORRIDOR_TEST_KAFKA_BOOTSTRAP), a local aiosmtpd SMTP server
(in this process, counting messages) and the notifications service under uvicorn (one
worker). A small catalog (a cycle, three programmes at two institutions) is published and
awaited first. Then N ApplicantRegistered + N ApplicationSubmitted events are published
at once with a raw producer (a backlog), and the clock runs from the first send until every
applicant's inbox entry exists in the service's database AND every e-mail has arrived at
the SMTP server. Reported: events/s (2N events), applications/s, time to the last inbox
entry and to the last e-mail, and CPU ms per event of the service process (utime + stime
from /proc/<pid>/stat over the timed window).

With ``--outcomes`` the timed backlog is a round's outcome events instead: N applicants'
ApplicantRegistered are consumed first (not timed, they tell nobody), then N outcomes are
published at once (match.approved, application.waitlisted with two positions and a reason,
application.unmatched with three reasons, in turn), one inbox entry and one e-mail each.

After the timed part a raw send loop (aiosmtplib, one connection, the service's own last
message, to a fresh aiosmtpd sink) gives the SMTP ceiling of the same run; the result
reports the pipeline's events/s against it.

With ``--rate R`` the timed events are published R per second instead of at once: the consumer
then applies batches of one or two events, as under a steady flow of submissions, and the CPU
per event is the figure to read (events/s is the rate).

With ``--profile PATH`` the service runs under pyinstrument (bench/profiled.py: a text tree at
PATH, .html and .pyisession beside it); the figures are then slower than without it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiosmtplib
import asyncpg
from aiokafka import AIOKafkaProducer
from aiosmtpd.controller import Controller

from bench.profiled import profile
from shared.events.catalog import (
    ApplicantRegistered,
    ApplicationSubmitted,
    ApplicationUnmatched,
    ApplicationWaitlisted,
    ChoiceReason,
    CycleUpserted,
    MatchApproved,
    ProgrammeUpserted,
    Topics,
    WaitlistPosition,
    spec_for,
    type_of,
)
from shared.events.envelope import encode_envelope, new_event
from shared.kafka.admin import ensure_topics
from shared.kafka.security import client_options
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres, free_port
from tests.support.services import ServiceProcess, service_env

OUT = ROOT / "bench" / "results" / "notifications_pipeline.md"
SOURCE = "/corridor/bench"
LANGUAGES = ("en", "ru", "zh", "ur")
CLK_TCK = os.sysconf("SC_CLK_TCK")


class CountingSmtp:
    """Counts the messages accepted per recipient (no parsing: the receiver should not be the limit)."""

    def __init__(self):
        self.count = 0
        self.recipients: set[str] = set()
        self.lock = threading.Lock()
        self.sample = b""  # the last message, for the raw send loop
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            self.recipients.update(r.lower() for r in envelope.rcpt_tos)
            self.sample = envelope.original_content or envelope.content
        return "250 Message accepted for delivery"


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, and of its waited-for children (none here)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def reaped_cpu_seconds(pid: int) -> float:
    """cutime + cstime: the CPU of ``pid``'s children that exited and were waited for (the
    postmaster waits for each backend, so a backend's CPU stays counted after it exits)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / CLK_TCK


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def encoded(data) -> tuple[str, bytes | None, bytes | None, list]:
    spec = spec_for(type_of(data))
    env = new_event(spec.type, data, source=SOURCE, key=str(getattr(data, spec.key)))
    key, value, headers = encode_envelope(env)
    return spec.topic.value, key, value, headers


async def send_all(
    bootstrap: str, records: list[tuple[str, bytes | None, bytes | None, list]], rate: float | None = None
) -> None:
    """All at once (a backlog), or ``rate`` records per second, each sent on its own (a trickle)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, **client_options(), enable_idempotence=True, acks="all", linger_ms=5
    )
    await producer.start()
    try:
        futures = []
        start = time.monotonic()
        for i, (topic, key, value, headers) in enumerate(records):
            if rate:
                await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            futures.append(await producer.send(topic, value=value, key=key, headers=headers))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def catalog(run: str) -> tuple[str, list[str], list]:
    cycle_id, scheme_id = f"cyc-{run}", f"sch-{run}"
    programmes = [f"prog-{run}-{i}" for i in range(3)]
    events = [
        CycleUpserted(
            cycle_id=cycle_id,
            scheme_id=scheme_id,
            name="SCO 2026/27",
            opens_at=datetime.now(UTC),
            closes_at=datetime.now(UTC),
            starts_on=datetime.now(UTC).date(),
            max_choices=3,
            eligible_countries=["KZ"],
        )
    ]
    for i, pid in enumerate(programmes):
        events.append(
            ProgrammeUpserted(
                programme_id=pid,
                cycle_id=cycle_id,
                scheme_id=scheme_id,
                host_institution_id=f"inst-{run}-{i % 2}",
                host_institution_name=f"University {i % 2}",
                host_country="CN",
                title=f"Programme {i}",
                field="medicine",
                level="master",
                language="en",
                seats=10,
                applicant_type="student",
            )
        )
    return cycle_id, programmes, events


def applicant_events(run: str, n: int, cycle_id: str, programmes: list[str]) -> tuple[list, list[str]]:
    regs, subs, emails = [], [], []
    now = datetime.now(UTC)
    for i in range(n):
        applicant_id = f"a-{run}-{i}"
        email = f"{applicant_id}@example.kz"
        lang = LANGUAGES[i % len(LANGUAGES)]
        emails.append(email)
        regs.append(
            ApplicantRegistered(
                applicant_id=applicant_id, email=email, name=f"Applicant {i}", preferred_language=lang, nationality="KZ"
            )
        )
        subs.append(
            ApplicationSubmitted(
                application_id=f"app-{run}-{i}",
                applicant_id=applicant_id,
                cycle_id=cycle_id,
                scheme_id=f"sch-{run}",
                applicant_type="student",
                sending_country="KZ",
                choices=programmes[: 1 + i % 3],
                grade=80.0,
                submitted_at=now,
                preferred_language=lang,
            )
        )
    return [*regs, *subs], emails


def outcome_events(run: str, n: int, cycle_id: str, programmes: list[str]) -> list:
    """One outcome per applicant of ``applicant_events``, in turn: an offer, a waitlist place, no place."""
    full = {"code": "round.programme_full", "params": {"lowest": 81.5, "yours": 78.0}}
    events: list = []
    for i in range(n):
        ids = {
            "round_id": f"round-{run}",
            "application_id": f"app-{run}-{i}",
            "applicant_id": f"a-{run}-{i}",
            "cycle_id": cycle_id,
        }
        if i % 3 == 0:
            events.append(
                MatchApproved(
                    **ids,
                    match_id=f"m-{run}-{i}",
                    programme_id=programmes[0],
                    host_institution_id=f"inst-{run}-0",
                    rank=1,
                    reply_by=datetime.now(UTC).date(),
                )
            )
        elif i % 3 == 1:
            events.append(
                ApplicationWaitlisted(
                    **ids,
                    positions=[WaitlistPosition(programme_id=p, position=1 + i % 40) for p in programmes[1:]],
                    reasons=[ChoiceReason(programme_id=programmes[0], reason="programme full", **full)],
                )
            )
        else:
            events.append(
                ApplicationUnmatched(
                    **ids,
                    reasons=[ChoiceReason(programme_id=p, reason="programme full", **full) for p in programmes],
                )
            )
    return events


async def raw_smtp_loop(sample: bytes, n: int) -> dict:
    """The SMTP ceiling: aiosmtplib, one connection, the service's own message, n recipients."""
    sink = CountingSmtp()
    sink.controller.start()
    try:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=sink.port)
        await client.connect()
        t0 = time.perf_counter()
        for i in range(n):
            await client.sendmail("bench@corridor.example", [f"raw-{i}@example.org"], sample)
        seconds = time.perf_counter() - t0
        await client.quit()
        return {"messages": n, "seconds": seconds, "per_s": n / seconds, "received": sink.count}
    finally:
        sink.controller.stop()


async def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="notif-bench-"))
    pg = external_postgres()
    kafka = external_kafka()
    own_pg, own_kafka = pg is None, kafka is None
    # Not under the mkdtemp dir: PostgreSQL runs as the 'postgres' user, who cannot enter it.
    pgdir = Path(tempfile.gettempdir()) / f"corridor-pg-notif-{uuid.uuid4().hex[:8]}"
    smtp = CountingSmtp()
    service: ServiceProcess | None = None
    try:
        if own_pg:
            pg = Postgres.launch(pgdir)
        if own_kafka:
            kafka = KafkaBroker.launch(tmp / "kafka")
        smtp.controller.start()
        db_url = await pg.create_database("notifbench")
        await ensure_topics(
            kafka.bootstrap,
            [Topics.APPLICATIONS.value, Topics.MATCHING.value, Topics.CATALOG.value, Topics.NOTIFICATIONS.value],
            3,
            1,
        )
        env = service_env(
            "notifications",
            db_url,
            kafka.bootstrap,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp.port),
            CORRIDOR_LOG_LEVEL="WARNING",
            **dict(kv.split("=", 1) for kv in args.env),
        )
        service = ServiceProcess("notifications", env, tmp / "notifications.log")
        if args.profile:
            profile(service, args.profile)
        service.start(timeout=120)

        run_id = uuid.uuid4().hex[:8]
        cycle_id, programmes, cat_events = catalog(run_id)
        await send_all(kafka.bootstrap, [encoded(e) for e in cat_events])
        conn = await asyncpg.connect(db_url.replace("postgresql+asyncpg://", "postgresql://"))

        async def count(sql: str, *a) -> int:
            return await conn.fetchval(sql, *a)

        deadline = time.monotonic() + 120
        while (
            await count("select count(*) from programmes where programme_id = any($1)", programmes) < 3
            or await count("select count(*) from cycles where cycle_id = $1", cycle_id) < 1
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("catalog never arrived:\n" + service.log_tail())
            await asyncio.sleep(0.1)

        events, emails = applicant_events(run_id, args.n, cycle_id, programmes)
        if args.outcomes:  # the contacts first (not timed); the round's outcomes are the backlog
            await send_all(kafka.bootstrap, [encoded(e) for e in events[: args.n]])
            deadline = time.monotonic() + args.timeout
            while await count("select count(*) from contacts where applicant_id like $1", f"a-{run_id}-%") < args.n:
                if time.monotonic() > deadline:
                    raise RuntimeError("contacts never arrived:\n" + service.log_tail())
                await asyncio.sleep(0.2)
            events = outcome_events(run_id, args.n, cycle_id, programmes)
        records = [encoded(e) for e in events]  # encoded beforehand: not timed
        pid = service.proc.pid
        cpu0, t0 = cpu_seconds(pid), time.monotonic()
        load_before = loadavg()
        await send_all(kafka.bootstrap, records, args.rate)
        t_published = time.monotonic() - t0
        t_inbox = t_mail = None
        inbox = 0
        samples = []
        deadline = t0 + args.timeout
        while t_inbox is None or t_mail is None:
            now = time.monotonic()
            if now > deadline:
                raise RuntimeError(
                    f"timed out: inbox {inbox}/{args.n}, mail {smtp.count}/{args.n}\n" + service.log_tail()
                )
            inbox = await count("select count(*) from inbox_entries where recipient_id like $1", f"a-{run_id}-%")
            with smtp.lock:
                mailed = len(smtp.recipients)
            samples.append((round(now - t0, 2), inbox, mailed))
            if t_inbox is None and inbox >= args.n:
                t_inbox = now - t0
            if t_mail is None and (mailed >= args.n or args.inbox_only):
                t_mail = now - t0
            await asyncio.sleep(0.05)
        elapsed = max(t_inbox, t_mail)
        cpu = cpu_seconds(pid) - cpu0
        # The last e-mail's row is committed just after the server accepted it: a moment to land
        # (on a busy machine the count read at once could miss it; not timed).
        settle = time.monotonic() + 10
        while True:
            delivered = await count(
                "select count(*) from notifications where recipient like $1 and status = 'delivered'", f"a-{run_id}-%"
            )
            if delivered >= args.n or args.inbox_only or time.monotonic() > settle:
                break
            await asyncio.sleep(0.1)
        # e-mails delivered on a later try (e.g. tried before the applicant's contact arrived)
        retried = await conn.fetch(
            "select attempts, count(*) as n from notifications where recipient like $1 and channel = 'email'"
            " and attempts > 1 group by attempts order by attempts",
            f"a-{run_id}-%",
        )
        dupes = smtp.count - args.n
        await conn.close()
        n_events = len(records)
        raw = await raw_smtp_loop(smtp.sample, min(args.n, 5000)) if smtp.sample else None
        return {
            "n": args.n,
            "events": n_events,
            "publish_s": t_published,
            "inbox_s": t_inbox,
            "mail_s": t_mail,
            "elapsed_s": elapsed,
            "events_per_s": n_events / elapsed,
            "applications_per_s": args.n / elapsed,
            "cpu_s": cpu,
            "cpu_ms_per_event": 1000 * cpu / n_events,
            "cpu_ms_per_application": 1000 * cpu / args.n,
            "delivered_rows": delivered,
            "smtp_messages": smtp.count,
            "extra_messages": dupes,
            "retried": {r["attempts"]: r["n"] for r in retried},
            "load_before": load_before,
            "load_after": loadavg(),
            "env": args.env,
            "kind": ("outcomes" if args.outcomes else "registered+submitted")
            + (f", published {args.rate:g}/s" if args.rate else ", published at once"),
            "raw_smtp": raw,
            "progress": samples[:: max(1, len(samples) // 20)],
        }
    finally:
        if service is not None:
            service.stop()
        if smtp.controller._thread is not None:
            smtp.controller.stop()
        if own_kafka and kafka is not None:
            kafka.stop()
        if own_pg and pg is not None:
            pg.stop()
            shutil.rmtree(pgdir, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="applicants (each: registered + submitted)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument(
        "--outcomes", action="store_true", help="time a round's outcome events (one per applicant) instead"
    )
    parser.add_argument(
        "--profile", help="profile the service: a pyinstrument text tree here (.html, .pyisession beside)"
    )
    parser.add_argument("--env", action="append", default=[], help="extra NOTIFICATIONS_ setting, KEY=VALUE")
    parser.add_argument(
        "--inbox-only",
        action="store_true",
        help="stop the clock at the last inbox entry (with --env DISPATCH_POLL_SECONDS=1000: the consumer alone)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        help="publish the timed events at this many per second instead of at once: the per-event cost when "
        "each batch holds one or two events, as under a steady flow of submissions (read the CPU per event)",
    )
    parser.add_argument("--label", default="", help="a row label for the printed result")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs)")
    args = parser.parse_args()
    r = asyncio.run(run(args))
    print(
        f"{args.label or 'run'}: {r['n']} applicants ({r['events']} events: {r['kind']}) on {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load {r['load_before']} -> {r['load_after']}"
    )
    print(f"  published in {r['publish_s']:.2f}s; last inbox entry {r['inbox_s']:.2f}s; last e-mail {r['mail_s']:.2f}s")
    print(
        f"  {r['events_per_s']:.1f} events/s = {r['applications_per_s']:.1f} applications/s; "
        f"service CPU {r['cpu_s']:.2f}s = {r['cpu_ms_per_event']:.2f} ms/event ({r['cpu_ms_per_application']:.2f} ms/application)"
    )
    print(f"  delivered rows {r['delivered_rows']}, SMTP messages {r['smtp_messages']} (extra {r['extra_messages']})")
    raw = r["raw_smtp"]
    if raw:
        print(
            f"  raw SMTP loop (one connection, the service's message): {raw['messages']} in {raw['seconds']:.2f}s"
            f" = {raw['per_s']:.0f} messages/s; pipeline / raw = {r['events_per_s'] / raw['per_s']:.3f}"
        )
    print(f"  e-mails delivered on a later try (tries: rows): {r['retried']}")
    print(f"  progress (s, inbox, mailed): {r['progress']}")


if __name__ == "__main__":
    main()
