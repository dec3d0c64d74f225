"""National round (issue 17): one matching round of N applicants, from its start to every applicant told.

    .venv/bin/python bench/national_round.py                       # 270,000 applicants, 3,400 programmes, 80 caps
    .venv/bin/python bench/national_round.py --applicants 27000    # a tenth
    .venv/bin/python bench/national_round.py --applicants 5000 --programmes 600   # what a loaded 2-core machine finishes
    .venv/bin/python bench/national_round.py --applicants 5000 --programmes 600 --notifications 2 \
        --out bench/results/national_round_notifications2.md    # a second notifications instance, same group

On real PostgreSQL and Kafka (tests/support/infra.py, or CORRIDOR_TEST_DATABASE_URL /
CORRIDOR_TEST_KAFKA_BOOTSTRAP) with the matching and notifications services under uvicorn
(tests/support/services.py: their own Kafka principals), a real SMTP server (aiosmtpd, in
a process of its own on uvloop, counting messages per recipient: bench/smtp_sink.py) and a webhook receiver (loopback) whose
deliveries are checked against Standard Webhooks signatures.

Loading (not timed), through the production contract: the catalog (institutions, one
scheme, one cycle of up to 10 choices, P programmes, C country caps as quota rules)
through the matching service's REST API as services/matching/demo.py does; partner
webhook subscriptions through the notifications API; then ``applicant.registered`` and
``application.submitted`` for N applicants on corridor.applications.v1 as the applications
service publishes them. The instance is bench/matching_engine.py's ``make_instance`` (its
10 schemes become the programmes' ``field``; its 80 caps, one per scheme and sending
country, become quota rules scoped to a field and a sending country). The run waits until
the pool holds N and the notifications service has told every applicant of their
submission (so that the round is measured on a quiet system).

Timed, from ``POST /cycles/{id}/rounds``:

1. round stored (status completed in matching's database) and every event acknowledged
   by Kafka (matching's outbox empty);
2. an officer lists the round's proposals (``GET /matches``, 500 a page, each page after
   the one before) and approves every one (``POST /matches/review``, 1,000 per call; a
   proposal tells nobody until approved), unless ``--no-approve``;
3. every applicant's inbox entry written and e-mail accepted by the SMTP server;
4. every partner webhook delivered (signature verified).

Sampled each second: matching's outbox (every 5 s once the approvals are published), the
notifications group's lag on corridor.matching.v1, inbox entries, e-mails and webhooks; CPU
seconds and RSS per process; every 5 s the notifications service's undelivered rows (a count
of them is not cheap). The bench's own process settles its heap before the round, as the
services do (``--no-settle``: not). At the end: each applicant exactly one
outcome notice (inbox and e-mail), each partner exactly the deliveries the round's events
imply, and a raw aiosmtpd send loop (aiosmtplib, one connection, the same message) for the
ratio. Writes bench/results/national_round.md and national_round.png.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import platform
import pstats
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiosmtplib
import asyncpg
import httpx
from aiosmtpd.controller import Controller
from sqlalchemy import text
from standardwebhooks import Webhook

from bench.matching_engine import CAP_SHARE, COUNTRIES, SCHEMES, make_instance
from bench.notifications_pipeline import (
    cpu_seconds,
    encoded,
    loadavg,
    reaped_cpu_seconds,
    send_all,
)
from bench.smtp_sink import CountingSink, SmtpProcess
from services.matching.models import Base as MatchingBase
from services.matching.service import rounds as round_service
from shared import heap
from shared.db import Database
from shared.events.catalog import ApplicantRegistered, ApplicationSubmitted, Topics
from shared.principal import Role
from tests.integration.notifications.helpers import WebhookReceiver
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres, free_port
from tests.support.kafka import admin as kafka_admin
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import decode_record
from tests.support.services import ServiceProcess, auth, service_env

OUT = ROOT / "bench" / "results" / "national_round.md"
LANGUAGES = ("en", "ru", "zh", "ur")
UNDELIVERED_EVERY = 5.0  # seconds between counts of the notifications rows not yet delivered
PARTNER_TYPES = ["application.offered", "application.waitlisted", "application.unmatched"]
OUTCOME_TYPES = {
    "org.corridor.match.waitlisted.v1": "application.waitlisted",
    "org.corridor.match.unmatched.v1": "application.unmatched",
    "org.corridor.match.approved.v1": "application.offered",
}
ADMIN = auth(Role.ADMIN, "bench-admin")


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", s.lower())


# --------------------------------------------------------------------------- servers and processes


class RecipientSmtp(CountingSink):
    """``CountingSink`` served in a thread of this process (``controller``); the national round
    runs it in a process of its own instead (``SmtpProcess``)."""

    def __init__(self):
        super().__init__()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)


def rss_kib(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) in KiB from /proc/<pid>/status (0 for a process gone)."""
    now = peak = 0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                now = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1])
    return now, peak


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry))
    return out


class Processes:
    """This run's processes by part: CPU (utime + stime) and RSS from /proc. PostgreSQL is its
    postmaster, the backends alive when sampled and the CPU of those that exited (the
    postmaster's waited-for children)."""

    def __init__(self, named: dict[str, int], postmaster: int | None):
        self.named = named
        self.postmaster = postmaster
        self.peak_rss: dict[str, int] = defaultdict(int)

    def pids(self) -> dict[str, list[int]]:
        out = {k: [v] for k, v in self.named.items()}
        if self.postmaster:
            out["PostgreSQL"] = [self.postmaster, *children(self.postmaster)]
        return out

    def sample(self) -> dict[str, tuple[float, int]]:
        """part -> (CPU seconds so far, RSS KiB now); remembers each part's peak RSS."""
        out = {}
        for part, pids in self.pids().items():
            cpu, rss = 0.0, 0
            for pid in pids:
                with contextlib.suppress(OSError, ValueError, IndexError):
                    cpu += cpu_seconds(pid)
                    rss += rss_kib(pid)[0]
            if part == "PostgreSQL" and self.postmaster:
                with contextlib.suppress(OSError, ValueError, IndexError):
                    cpu += reaped_cpu_seconds(self.postmaster)
            self.peak_rss[part] = max(self.peak_rss[part], rss)
            out[part] = (cpu, rss)
        return out

    def lifetime_peak(self) -> dict[str, int]:
        return {part: rss_kib(pid)[1] for part, pid in self.named.items()}


def postmaster_pid(pg: Postgres) -> int | None:
    with contextlib.suppress(OSError, ValueError, TypeError):
        return int(Path(str(pg.data), "postmaster.pid").read_text().split()[0])
    if pg.port:  # the data dir belongs to the postgres user: find the postmaster by its port
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError):
                    cmd = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
                    if cmd and cmd[0].endswith(b"postgres") and str(pg.port).encode() in cmd:
                        return int(entry)
    return None


def kafka_pid(kafka: KafkaBroker) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(Path(kafka.data, "kafka.pid").read_text().strip())
    return None


# --------------------------------------------------------------------------- loading (not timed)


async def post_all(client: httpx.AsyncClient, path: str, items: list[dict], concurrency: int = 8) -> None:
    sem = asyncio.Semaphore(concurrency)

    async def one(item):
        async with sem:
            r = await client.post(path, json=item, headers=ADMIN)
            if r.status_code != 201:
                raise RuntimeError(f"POST {path} {item.get('id')}: {r.status_code} {r.text[:300]}")

    await asyncio.gather(*(one(i) for i in items))


async def load_catalog(client: httpx.AsyncClient, plain, caps: int, run: str) -> dict:
    """Institutions, one scheme, one cycle and the programmes through matching's API (each
    published on corridor.catalog.v1 by its outbox), and the caps as quota rules."""
    inst_ids = sorted({p["host_institution"] for p in plain.programmes})
    institutions = {i: f"inst-{run}-{slug(i)}" for i in inst_ids}
    scheme, cycle = f"national-{run}", f"national-{run}-2026"
    now = datetime.now(UTC).replace(microsecond=0)
    await post_all(
        client,
        "/institutions",
        [{"id": v, "name": f"University {k}", "country": "CN", "kind": "university"} for k, v in institutions.items()],
    )
    await post_all(
        client,
        "/schemes",
        [
            {
                "id": scheme,
                "name": "National round bench",
                "sponsor": "bench",
                "max_choices": 10,
                "eligible_countries": COUNTRIES,
            }
        ],
    )
    await post_all(
        client,
        "/cycles",
        [
            {
                "id": cycle,
                "scheme_id": scheme,
                "name": "National round 2026/27",
                "opens_at": (now - timedelta(days=30)).isoformat(),
                "closes_at": (now + timedelta(days=90)).isoformat(),
                "max_choices": 10,
                "eligible_countries": COUNTRIES,
            }
        ],
    )
    programme_of = {p["id"]: f"p-{run}-{slug(p['id'])}" for p in plain.programmes}
    host_of = {programme_of[p["id"]]: institutions[p["host_institution"]] for p in plain.programmes}
    await post_all(
        client,
        "/programmes",
        [
            {
                "id": programme_of[p["id"]],
                "cycle_id": cycle,
                "host_institution_id": institutions[p["host_institution"]],
                "title": f"Programme {p['id']}",
                "field": slug(p["scheme"]),
                "level": "master",
                "language": "en",
                "seats": p["seats"],
                "applicant_type": "student",
            }
            for p in plain.programmes
        ],
    )
    rules = [
        {
            "id": f"cap-{run}-{slug(s)}-{c.lower()}",
            "cycle_id": cycle,
            "label": f"{s}: at most {share:.0%} from {c}",
            "scope": {"sending_country": [c], "field": [slug(s)]},
            "max_share_of_seats": share,
        }
        for s in SCHEMES
        for c, share in CAP_SHARE.items()
    ]
    # C caps: the first C of these (more than 80: the same caps again, under new ids)
    chosen = [dict(rules[i % len(rules)], id=f"{rules[i % len(rules)]['id']}-{i // len(rules)}") for i in range(caps)]
    await post_all(client, "/quota-rules", chosen)
    return {
        "scheme": scheme,
        "cycle": cycle,
        "programme_of": programme_of,
        "host_of": host_of,
        "institutions": list(institutions.values()),
    }


def applicant_events(plain, cat: dict, run: str) -> tuple[list, dict[str, str]]:
    """applicant.registered and application.submitted per applicant; application id -> applicant id."""
    regs, subs, owner = [], [], {}
    now = datetime.now(UTC)
    for i, (aid, picks, score, country) in enumerate(plain.applicants):
        applicant, application = f"a-{run}-{i}", f"app-{run}-{slug(aid)}"
        email, lang, name = f"{applicant}@example.org", LANGUAGES[i % 4], f"Applicant {i}"
        owner[application] = applicant
        regs.append(
            ApplicantRegistered(
                applicant_id=applicant, email=email, name=name, preferred_language=lang, nationality=country
            )
        )
        subs.append(
            ApplicationSubmitted(
                application_id=application,
                applicant_id=applicant,
                cycle_id=cat["cycle"],
                scheme_id=cat["scheme"],
                applicant_type="student",
                sending_country=country,
                choices=[cat["programme_of"][p] for p in picks],
                grade=score,
                submitted_at=now,
                preferred_language=lang,
            )
        )
    return [*regs, *subs], owner


async def wait_until(what: str, check, timeout: float, interval: float = 1.0, progress=None):
    deadline = time.monotonic() + timeout
    while True:
        got = await check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}" + (f": {progress()}" if progress else ""))
        if progress:
            print(f"  waiting for {what}: {progress()}", file=sys.stderr)
        await asyncio.sleep(interval)


# --------------------------------------------------------------------------- the timed round


class Lag:
    """The notifications service's lag on corridor.matching.v1 (end offsets minus committed)."""

    def __init__(self, bootstrap: str, group: str):
        self.group = group
        self.admin = kafka_admin(bootstrap_servers=bootstrap)
        self.reader = kafka_consumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)

    async def start(self):
        await self.admin.start()
        await self.reader.start()
        from aiokafka import TopicPartition

        described = await self.admin.describe_topics([Topics.MATCHING.value])
        parts = {p["partition"] for t in described for p in t["partitions"]}
        if not parts:
            raise RuntimeError(f"no partitions known for {Topics.MATCHING.value}: {described}")
        self.tps = [TopicPartition(Topics.MATCHING.value, p) for p in sorted(parts)]
        return self

    async def end_offsets(self) -> dict:
        return await self.reader.end_offsets(self.tps)

    async def __call__(self) -> dict[str, tuple[int, bool]]:
        """Per consumer group of the service (the runtime names them "<group>.<consumer>"): the lag,
        and whether it has committed an offset on the topic (a group of another consumer never does)."""
        ends = await self.end_offsets()
        groups = [g for g, *_ in await self.admin.list_consumer_groups() if g.startswith(f"{self.group}.")]
        out = {}
        for group in groups:
            committed = await self.admin.list_consumer_group_offsets(group, partitions=self.tps)
            done = {tp: c.offset for tp, c in committed.items() if c.offset >= 0}
            out[group] = (sum(max(0, ends[tp] - done.get(tp, 0)) for tp in self.tps), bool(done))
        return out

    async def stop(self):
        await self.reader.stop()
        await self.admin.close()


async def round_events(bootstrap: str, round_id: str, cycle_id: str, expected: int, timeout: float = 120):
    """The outcome events of this round (and the approvals of its matches) read back from
    corridor.matching.v1: what Kafka acknowledged, the ground truth for the checks."""
    reader = kafka_consumer(
        Topics.MATCHING.value,
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    await reader.start()
    events: dict[str, object] = {}
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            batches = await reader.getmany(timeout_ms=1000, max_records=5000)
            for records in batches.values():
                for rec in records:
                    env = decode_record(rec)
                    if env is None or env.type not in OUTCOME_TYPES:
                        continue
                    if (env.data or {}).get("cycle_id") != cycle_id:
                        continue
                    events[env.id] = env
            if len(events) >= expected and not batches:
                break
    finally:
        await reader.stop()
    return list(events.values())


def verify_hooks(hooks: WebhookReceiver, secrets: dict[str, str]) -> tuple[Counter, Counter, int, int]:
    """Per path: (type, application id) deliveries counted; webhook-ids seen twice; bad signatures."""
    got: Counter = Counter()
    ids: Counter = Counter()
    bad = 0
    with hooks.lock:
        requests = list(hooks.requests)
    for r in requests:
        secret = secrets.get(r.path)
        if secret is None:
            continue
        body = json.loads(r.body)
        try:
            ts = datetime.fromtimestamp(int(r.headers["webhook-timestamp"]), UTC)
            expected = Webhook(secret).sign(r.headers["webhook-id"], ts, r.body.decode()).split(",", 1)[1]
            ok = any(s.split(",", 1)[-1] == expected for s in r.headers["webhook-signature"].split())
        except (KeyError, ValueError):
            ok = False
        bad += not ok
        got[(r.path, body["type"], body["data"]["application_id"])] += 1
        ids[(r.path, r.headers.get("webhook-id"))] += 1
    return got, ids, bad, len(requests)


async def raw_smtp_loop(sample: bytes, n: int) -> dict:
    """A raw send loop: aiosmtplib, one connection, the service's own message, n recipients, to
    a fresh sink like the round's (``SmtpProcess``)."""
    sink = SmtpProcess()
    sink.start()
    try:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=sink.port)
        await client.connect()
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(n):
            await client.sendmail("bench@corridor.example", [f"raw-{i}@example.org"], sample)
        seconds = time.perf_counter() - t0
        await client.quit()
        return {
            "messages": n,
            "seconds": seconds,
            "per_s": n / seconds,
            "received": sink.count,
            "client_cpu_ms": 1000 * (time.process_time() - c0) / n,
        }
    finally:
        sink.stop()


async def engine_share(matching_url: str, round_id: str) -> dict:
    """The round replayed in this process on the same stored inputs, each step timed: ``load``
    (rolled back), ``compute`` (build_inputs, the engine timed alone, outcomes, statistics),
    then ``store`` under cProfile in a transaction that is rolled back (the round's stored
    outcomes deleted and its status set running first, inside that transaction)."""
    db = Database(matching_url, MatchingBase.metadata)
    engine_s: list[float] = []
    real = round_service.engine.run_matching

    def timed(*a, **k):
        t0 = time.perf_counter()
        try:
            return real(*a, **k)
        finally:
            engine_s.append(time.perf_counter() - t0)

    try:
        async with db.session() as s:
            t0 = time.perf_counter()
            tx = await s.begin()
            job = await round_service.load(s, round_id)
            s.expunge_all()
            await tx.rollback()
            load_s = time.perf_counter() - t0
        round_service.engine.run_matching = timed
        t0 = time.perf_counter()
        result = round_service.compute(job, round_service.Progress())
        compute_s = time.perf_counter() - t0
        async with db.session() as s:
            tx = await s.begin()
            await s.execute(text("DELETE FROM round_outcomes WHERE round_id = :r"), {"r": round_id})
            await s.execute(text("UPDATE rounds SET status = 'running' WHERE id = :r"), {"r": round_id})
            prof = cProfile.Profile()
            t0 = time.perf_counter()
            prof.enable()
            stored = await round_service.store(s, job, result)
            prof.disable()
            store_s = time.perf_counter() - t0
            await tx.rollback()
        stats = pstats.Stats(prof)
        rows = stats.stats

        def top(col: int, k: int) -> list[str]:
            out: list[str] = []
            for (fn, line, name), v in sorted(rows.items(), key=lambda kv: -kv[1][col]):
                if len(out) >= k:
                    break
                where = fn if fn.startswith("<") else "/".join(Path(fn).parts[-2:])
                out.append(f"{v[col]:7.2f}s  {v[1]:>8} calls  {where}:{line} {name}")
            return out

        return {
            "load_s": load_s,
            "compute_s": compute_s,
            "engine_s": engine_s[0] if engine_s else None,
            "store_s": store_s,
            "store_replayed": stored,
            "store_cumulative": top(3, 18),
            "store_own": top(2, 12),
        }
    finally:
        round_service.engine.run_matching = real
        await db.dispose()


# --------------------------------------------------------------------------- the run


async def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="national-round-"))
    pg, kafka = external_postgres(), external_kafka()
    own_pg, own_kafka = pg is None, kafka is None
    pgdir = Path(tempfile.gettempdir()) / f"corridor-pg-national-{uuid.uuid4().hex[:8]}"
    # The SMTP server in a process of its own, on uvloop: in a thread of this process it cost
    # twice the CPU per message (bench/smtp_sink.py), taken from the cores the system runs on.
    smtp, hooks = SmtpProcess(), WebhookReceiver()
    services: dict[str, ServiceProcess] = {}
    conns: dict[str, asyncpg.Connection] = {}
    load_before = loadavg()
    try:
        if own_kafka:
            os.environ.setdefault("KAFKA_JVM_PERFORMANCE_OPTS", "-XX:+UseSerialGC")
            kafka = await asyncio.to_thread(KafkaBroker.launch, tmp / "kafka")
        if own_pg:
            pg = await asyncio.to_thread(Postgres.launch, pgdir)
        if args.statements:
            await track_statements(pg, restart=own_pg)
        smtp.start()
        hooks.start()
        urls = {n: await pg.create_database(f"national_{n}") for n in ("matching", "notifications")}
        group = f"notifications-{uuid.uuid4().hex[:8]}"
        extra = {
            "matching": {"CORRIDOR_LOG_LEVEL": "WARNING", "CORRIDOR_TOPIC_PARTITIONS": str(args.partitions)},
            "notifications": {
                "CORRIDOR_LOG_LEVEL": "WARNING",
                "CORRIDOR_TOPIC_PARTITIONS": str(args.partitions),
                "CONSUMER_GROUP": group,
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": str(smtp.port),
                "WEBHOOK_REQUIRE_HTTPS": "false",
                "WEBHOOK_ALLOW": "127.0.0.1/32",
            },
        }
        for name in ("matching", "notifications"):
            services[name] = ServiceProcess(
                name, service_env(name, urls[name], kafka.bootstrap, **extra[name]), tmp / f"{name}.log"
            )
        await asyncio.gather(*(asyncio.to_thread(s.start, 120) for s in services.values()))
        # Further notifications instances: the same database and consumer group (they split the
        # topics' partitions and claim e-mails from the same table), started once the first has
        # migrated the database.
        more = [f"notifications #{i}" for i in range(2, args.notifications + 1)]
        for key in more:
            services[key] = ServiceProcess(
                "notifications",
                service_env("notifications", urls["notifications"], kafka.bootstrap, **extra["notifications"]),
                tmp / f"{key.replace(' #', '-')}.log",
            )
        await asyncio.gather(*(asyncio.to_thread(services[k].start, 120) for k in more))
        for n, u in urls.items():
            conns[n] = await asyncpg.connect(u.replace("postgresql+asyncpg://", "postgresql://"))
        kpid = kafka_pid(kafka) if own_kafka else None
        procs = Processes(
            {
                "matching": services["matching"].proc.pid,
                "notifications": services["notifications"].proc.pid,
                **{k: services[k].proc.pid for k in more},
                **({"Kafka": kpid} if kpid else {}),
                "SMTP sink": smtp.pid,
                "bench (receiver, sampling)": os.getpid(),
            },
            postmaster_pid(pg) if own_pg else None,
        )

        # ---- loading: not timed
        t_load = time.monotonic()
        run_id = uuid.uuid4().hex[:6]
        plain = make_instance(args.applicants, args.programmes, 10, args.seed)
        print(f"loading the catalog: {args.programmes} programmes, {args.caps} caps...", file=sys.stderr)
        match_c = httpx.AsyncClient(base_url=services["matching"].url, timeout=120)
        notif_c = httpx.AsyncClient(base_url=services["notifications"].url, timeout=60)
        cat = await load_catalog(match_c, plain, args.caps, run_id)
        partners = cat["institutions"][: args.partners]
        secrets: dict[str, str] = {}
        path_of: dict[str, str] = {}
        for inst in partners:
            path = f"/hooks/{inst}"
            r = await notif_c.post(
                "/webhooks/subscriptions",
                json={"url": hooks.plan(path, []), "event_types": PARTNER_TYPES},
                headers=auth(Role.PARTNER, f"partner-{inst}", institutions=[inst]),
            )
            if r.status_code != 201:
                raise RuntimeError(f"subscription for {inst}: {r.status_code} {r.text}")
            secrets[path], path_of[inst] = r.json()["secret"], path
        await wait_until(
            "the catalog in notifications",
            lambda: _ge(conns["notifications"], "select count(*) from programmes", args.programmes),
            300,
        )
        events, owner = applicant_events(plain, cat, run_id)
        print(f"publishing {len(events)} applicant events...", file=sys.stderr)
        for i in range(0, len(events), 20000):
            await send_all(kafka.bootstrap, [encoded(e) for e in events[i : i + 20000]])
        n = args.applicants

        async def pool_count():
            return await conns["matching"].fetchval(
                "select count(*) from pool_entries where cycle_id = $1 and status = 'submitted'", cat["cycle"]
            )

        async def submitted_told():
            return await conns["notifications"].fetchval(
                "select count(*) from inbox_entries where event_type = 'org.corridor.application.submitted.v1'"
            )

        await wait_until("the pool", lambda: _ge_value(pool_count, n), args.timeout, 5)
        print(f"  pool holds {n}", file=sys.stderr)

        async def quiet():
            told = await submitted_told()
            pending = await conns["notifications"].fetchval(
                "select count(*) from notifications where status in ('pending', 'sending')"
            )
            return told >= n and pending == 0 and smtp.count >= n

        await wait_until(
            "submission notices (not timed)", quiet, args.timeout, 5, progress=lambda: f"{smtp.count} e-mails so far"
        )
        submit_mails = smtp.reset()
        load_s = time.monotonic() - t_load
        # The round's inbox entries are those numbered after this: counted from here, the
        # bench's polling reads only them (a count of the whole table, twice the applicants
        # by then, cost PostgreSQL ~7 ms a time at 27,000 and grew with the table)
        inbox_base = await conns["notifications"].fetchval("select coalesce(max(id), 0) from inbox_entries")
        with hooks.lock:
            hooks.requests.clear()
        # This process (the webhook receiver among it) settles its heap as the
        # services do once started (shared.heap): in a 27,000 round, without it, its garbage
        # collector walked loading's ~770,000 objects again and again (14% of its CPU).
        if not args.no_settle:
            heap.settle(freeze=True, young=50_000)
        await asyncio.sleep(2)

        # ---- the timed round
        lag: Lag | None = Lag(kafka.bootstrap, group)
        try:
            await lag.start()
        except Exception as exc:  # noqa: BLE001 - the run goes on without the lag series
            print(f"  consumer lag not sampled: {exc!r}", file=sys.stderr)
            lag = None
        samples: list[dict] = []
        marks: dict[str, float] = {}
        if args.statements:
            conns["admin"] = await asyncpg.connect(pg.admin_url)  # where the extension's view is
            await conns["admin"].execute("SELECT pg_stat_statements_reset()")
        cpu0 = procs.sample()
        t0 = time.monotonic()
        r = await match_c.post(f"/cycles/{cat['cycle']}/rounds", json={"seed": args.seed}, headers=ADMIN)
        if r.status_code != 202:
            raise RuntimeError(f"start round: {r.status_code} {r.text}")
        round_id = r.json()["round_id"]
        expected_notices = {"value": None}

        # the sampler's own connections: an asyncpg connection runs one query at a time
        sconns = {
            k: await asyncpg.connect(u.replace("postgresql+asyncpg://", "postgresql://")) for k, u in urls.items()
        }
        conns.update({f"sampler-{k}": c for k, c in sconns.items()})

        # The undelivered rows are counted (no index gives the count: 42 ms at 150,000 pending,
        # 30 s of PostgreSQL's time in a round when read each second) every few seconds only.
        undelivered_read = {"at": float("-inf")}

        async def sampler():
            while True:
                t = time.monotonic() - t0
                row = {"t": round(t, 2)}
                with contextlib.suppress(Exception):
                    # the outbox and the inbox by their ids' span (both ends read from the primary
                    # key's index; gaps left by rolled-back numbers count): a count read every
                    # row, up to 413,000 in the outbox at 270,000, each second, beside the work
                    # Once the approvals are published the outbox stays empty: read every few
                    # seconds (its ends walk the relay's dead index entries until a vacuum: 10 ms
                    # a read, 7 s of PostgreSQL's time in a round when read each second)
                    if "approvals_published" not in marks or t - undelivered_read["at"] >= UNDELIVERED_EVERY:
                        row["outbox"] = await sconns["matching"].fetchval(
                            "select coalesce(max(id) - min(id) + 1, 0) from outbox"
                        )
                    if t - undelivered_read["at"] >= UNDELIVERED_EVERY:
                        undelivered_read["at"] = t
                        row["undelivered"] = await sconns["notifications"].fetchval(
                            "select count(*) from notifications where status in ('pending', 'sending')"
                        )
                    row["inbox"] = await sconns["notifications"].fetchval(
                        "select coalesce(max(id), $1) - $1 from inbox_entries", inbox_base
                    )
                    if lag is not None:
                        row["lag_by_group"] = await lag()
                row["mail"] = smtp.count
                row["hooks"] = len(hooks.requests)
                row["procs"] = {k: v for k, v in procs.sample().items()}
                samples.append(row)
                await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - t0 - t)))

        sampling = asyncio.create_task(sampler())

        async def outbox_empty() -> None:
            async def empty() -> bool:
                # the first row by the primary key (a count read the whole outbox every 0.1 s
                # while the relay was emptying it: 28 ms a time at 270,000)
                return await conns["matching"].fetchval("select id from outbox order by id limit 1") is None

            await wait_until("matching's outbox empty", empty, args.timeout, 0.1)

        round_row = {}
        deadline = t0 + args.timeout
        progress_seen: list[tuple[float, float]] = []
        while True:
            rr = await match_c.get(f"/rounds/{round_id}", headers=ADMIN)
            round_row = rr.json()
            progress_seen.append((round(time.monotonic() - t0, 2), round_row.get("progress", 0)))
            if round_row["status"] == "completed":
                marks["stored"] = time.monotonic() - t0
                break
            if round_row["status"] == "failed" or time.monotonic() > deadline:
                raise RuntimeError(
                    f"round {round_row['status']}: {round_row.get('error')}\n" + services["matching"].log_tail()
                )
            await asyncio.sleep(0.1)
        await outbox_empty()
        marks["published"] = time.monotonic() - t0
        print(
            f"  round stored at {marks['stored']:.1f}s, published at {marks['published']:.1f}s: "
            f"{round_row['matched']} matched, {round_row['waitlisted']} waitlisted, "
            f"{round_row['unmatched']} unmatched",
            file=sys.stderr,
        )

        approved = 0
        if not args.no_approve:
            ids: list[str] = []
            after: str | None = None
            while True:  # page by page, each after the one before (the list's cursor)
                params = {"round_id": round_id, "status": "proposed", "limit": 500}
                page = (
                    await match_c.get("/matches", params=params | ({"after": after} if after else {}), headers=ADMIN)
                ).json()
                ids += [m["id"] for m in page["items"]]
                after = page["next"]
                if after is None:
                    break
            for i in range(0, len(ids), 1000):
                rv = await match_c.post(
                    "/matches/review",
                    headers=ADMIN,
                    json={"decisions": [{"match_id": m, "decision": "approve"} for m in ids[i : i + 1000]]},
                )
                if rv.status_code != 200:
                    raise RuntimeError(f"review: {rv.status_code} {rv.text[:300]}")
                approved += rv.json()["approved"]
            marks["approved"] = time.monotonic() - t0
            await outbox_empty()
            marks["approvals_published"] = time.monotonic() - t0
        expected = round_row["waitlisted"] + round_row["unmatched"] + approved
        expected_notices["value"] = expected

        # every applicant told: inbox and e-mail
        async def inbox_now():
            return await conns["notifications"].fetchval("select count(*) from inbox_entries where id > $1", inbox_base)

        async def inbox_may_be_complete() -> bool:
            """The newest entry's number, read from the index's end: ids are never reused, so
            fewer than ``expected`` numbers since the base means fewer entries (the exact
            count, which reads every new entry, is taken only from then on)."""
            newest = await conns["notifications"].fetchval("select coalesce(max(id), 0) from inbox_entries")
            return newest - inbox_base >= expected

        while "inbox" not in marks or "mail" not in marks:
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out: inbox {await inbox_now()}/{expected}, mail {smtp.count}/{expected}")
            now = time.monotonic() - t0
            if "inbox" not in marks and await inbox_may_be_complete() and await inbox_now() >= expected:
                marks["inbox"] = now
            if "mail" not in marks and smtp.count >= expected:
                marks["mail"] = now
            await asyncio.sleep(0.2)
        print(f"  inbox at {marks['inbox']:.1f}s, e-mail at {marks['mail']:.1f}s", file=sys.stderr)

        # the partners: what the events imply, then until delivered
        evs = await round_events(kafka.bootstrap, round_id, cat["cycle"], expected)
        want: Counter = Counter()
        for env in evs:
            kind = OUTCOME_TYPES[env.type]
            d = env.data or {}
            if kind == "application.offered":
                pids = [d["programme_id"]]
            elif kind == "application.waitlisted":
                pids = [w["programme_id"] for w in d["positions"]]
            else:
                pids = [r_["programme_id"] for r_ in d["reasons"]]
            for inst in {cat["host_of"][p] for p in pids if p in cat["host_of"]}:
                if inst in path_of:
                    want[(path_of[inst], kind, d["application_id"])] += 1
        while len(hooks.requests) < sum(want.values()):
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out: webhooks {len(hooks.requests)}/{sum(want.values())}")
            await asyncio.sleep(0.2)
        marks["hooks"] = time.monotonic() - t0
        undelivered = 1
        while undelivered and time.monotonic() < deadline:
            undelivered = await conns["notifications"].fetchval(
                "select count(*) from notifications where status in ('pending', 'sending')"
            )
            await asyncio.sleep(0.5)
        marks["settled"] = time.monotonic() - t0
        await asyncio.sleep(3)  # anything sent twice arrives within this
        sampling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampling
        cpu1 = procs.sample()
        statements = await top_statements(conns["admin"], urls) if args.statements else []
        if lag is not None:
            await lag.stop()
            # the lag is that of the groups that consume the topic: those that committed on it by the end
            consuming = {g for row in samples for g, (_n, c) in row.get("lag_by_group", {}).items() if c}
            for row in samples:
                if "lag_by_group" in row:
                    row["lag"] = sum(n for g, (n, _c) in row["lag_by_group"].items() if g in consuming)

        # ---- checks
        per_app: Counter = Counter()
        for env in evs:
            per_app[(env.data or {})["application_id"]] += 1
        applicants = set(owner.values())
        inbox_rows = await conns["notifications"].fetch(
            "select recipient_id, count(*) as n from inbox_entries where id > 0 and event_type = any($1) "
            "group by recipient_id",
            list(OUTCOME_TYPES),
        )
        inbox_per = {r_["recipient_id"]: r_["n"] for r_ in inbox_rows}
        mail_per = dict(smtp.per_recipient)
        got_hooks, hook_ids, bad_sigs, n_hooks = verify_hooks(hooks, secrets)
        checks = {
            "events on the topic": len(evs),
            "applications with exactly one outcome event": sum(1 for a in owner if per_app[a] == 1),
            "applicants with exactly one outcome inbox entry": sum(1 for a in applicants if inbox_per.get(a) == 1),
            "applicants with more than one": sum(1 for a in applicants if inbox_per.get(a, 0) > 1),
            "applicants with exactly one outcome e-mail": sum(
                1 for a in applicants if mail_per.get(f"{a}@example.org") == 1
            ),
            "applicants e-mailed more than once": sum(1 for a in applicants if mail_per.get(f"{a}@example.org", 0) > 1),
            "e-mails to others": sum(v for k, v in mail_per.items() if k.split("@")[0] not in applicants),
            "webhooks expected": sum(want.values()),
            "webhooks received": n_hooks,
            "webhooks missing": sum((want - got_hooks).values()),
            "webhooks extra (same application and type again, or unexpected)": sum((got_hooks - want).values()),
            "webhook-ids seen twice": sum(1 for v in hook_ids.values() if v > 1),
            "bad signatures": bad_sigs,
            "submission e-mails during loading (one each)": sum(1 for v in submit_mails.values() if v == 1),
        }
        ok = (
            (
                checks["applications with exactly one outcome event"] == n
                and checks["applicants with exactly one outcome inbox entry"] == n
                and checks["applicants with exactly one outcome e-mail"] == n
                and checks["webhooks missing"] == 0
                and checks["webhooks extra (same application and type again, or unexpected)"] == 0
                and checks["webhook-ids seen twice"] == 0
                and checks["bad signatures"] == 0
            )
            if not args.no_approve
            else None
        )

        # ---- the engine's share, and the raw SMTP loop (after the timed part)
        share = await engine_share(urls["matching"], round_id)
        raw = await raw_smtp_loop(smtp.sample or b"Subject: x\r\n\r\nx\r\n", min(expected, args.raw_messages))
        cpu = {k: round(cpu1[k][0] - cpu0.get(k, (0, 0))[0], 2) for k in cpu1}
        return {
            "args": vars(args),
            "load_s": load_s,
            "round": round_row,
            "round_id": round_id,
            "marks": marks,
            "approved": approved,
            "expected_notices": expected,
            "samples": samples,
            "progress": progress_seen,
            "cpu_s": cpu,
            "peak_rss_kib_sampled": dict(procs.peak_rss),
            "peak_rss_kib_lifetime": procs.lifetime_peak(),
            "statements": statements,
            "checks": checks,
            "ok": ok,
            "engine": share,
            "raw_smtp": raw,
            "partners": len(partners),
            "load_before": load_before,
            "load_after": loadavg(),
            "programmes": args.programmes,
            "caps": args.caps,
        }
    finally:
        for c in conns.values():
            with contextlib.suppress(Exception):
                await c.close()
        for s in services.values():
            s.stop()
        with contextlib.suppress(Exception):
            hooks.stop()
        smtp.stop()
        if own_kafka and kafka is not None:
            await asyncio.to_thread(kafka.stop)
        if own_pg and pg is not None:
            await asyncio.to_thread(pg.stop)
            shutil.rmtree(pgdir, ignore_errors=True)
        if args.keep:
            print(f"logs kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


async def track_statements(pg: Postgres, restart: bool) -> None:
    """pg_stat_statements on (``--statements``): preloaded, which takes a restart of a server
    this bench started; a running one (CORRIDOR_TEST_DATABASE_URL) must preload it already."""
    conn = await asyncpg.connect(pg.admin_url)
    try:
        if restart:
            await conn.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    finally:
        await conn.close()
    if restart:
        await asyncio.to_thread(pg.restart)
    conn = await asyncpg.connect(pg.admin_url)
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    finally:
        await conn.close()


async def top_statements(conn: asyncpg.Connection, urls: dict[str, str], k: int = 15) -> list[dict]:
    """The statements that took the server's time since the round started, most first."""
    names = {u.rsplit("/", 1)[1]: n for n, u in urls.items()}
    rows = await conn.fetch(
        "SELECT d.datname, s.calls, s.rows, s.total_exec_time, s.mean_exec_time, s.query"
        " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
        " ORDER BY s.total_exec_time DESC LIMIT $1",
        k,
    )
    return [
        {
            "service": names.get(r["datname"], r["datname"]),
            "calls": r["calls"],
            "rows": r["rows"],
            "total_s": round(r["total_exec_time"] / 1000, 2),
            "mean_ms": round(r["mean_exec_time"], 3),
            "query": " ".join(r["query"].split())[:240],
        }
        for r in rows
    ]


async def _ge(conn, sql: str, n: int) -> bool:
    return await conn.fetchval(sql) >= n


async def _ge_value(fn, n: int) -> bool:
    got = await fn()
    print(f"  {got}/{n}", file=sys.stderr)
    return got >= n


# --------------------------------------------------------------------------- report


def plot(res: dict, png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = res["samples"]
    t = [x["t"] for x in s]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.8))
    for key, label in (
        ("outbox", "matching outbox (unpublished events, by id span)"),
        ("lag", "notifications lag on corridor.matching.v1 (offsets, with transaction markers)"),
        ("undelivered", "notifications rows pending or sending"),
    ):
        seen = [x for x in s if key in x]  # the undelivered rows are sampled less often
        ax1.plot([x["t"] for x in seen], [x[key] for x in seen], label=label)
    for name, when in res["marks"].items():
        ax1.axvline(when, color="grey", lw=0.6, ls=":")
        ax1.text(when, ax1.get_ylim()[1] * 0.95, name, rotation=90, fontsize=7, va="top")
    ax1.set_xlabel("seconds since the round was started")
    ax1.set_ylabel("events / rows")
    ax1.set_title(f"Backlogs, sampled each second (undelivered rows every {UNDELIVERED_EVERY:g} s)")
    ax1.legend(fontsize=8)
    ax1.grid(alpha=0.3)
    for key, label in (
        ("inbox", "inbox entries (by id)"),
        ("mail", "e-mails accepted"),
        ("hooks", "webhooks received"),
    ):
        ax2.plot(t, [x.get(key, float("nan")) for x in s], label=label)
    ax2.axhline(res["expected_notices"], color="grey", lw=0.6, ls="--")
    ax2.set_xlabel("seconds since the round was started")
    ax2.set_title("Told so far")
    ax2.legend(fontsize=8)
    ax2.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(png, dpi=100)


def write_report(res: dict, out: Path) -> None:
    a, m, rnd, eng, raw = res["args"], res["marks"], res["round"], res["engine"], res["raw_smtp"]
    n = a["applicants"]
    told = max(m["inbox"], m["mail"])
    notif_window = told - m["stored"]
    notif_rate = res["expected_notices"] / notif_window if notif_window > 0 else float("nan")
    store_s = m["stored"]
    engine_pct = 100 * eng["engine_s"] / m["published"] if eng.get("engine_s") else float("nan")
    phases = [
        ("round start -> outcomes stored (round completed)", m["stored"]),
        ("-> every event acknowledged by Kafka (matching outbox empty)", m["published"]),
    ]
    if "approved" in m:
        phases += [
            ("-> every proposal approved (POST /matches/review)", m["approved"]),
            ("-> approvals published", m["approvals_published"]),
        ]
    phases += [
        ("-> every inbox entry written", m["inbox"]),
        ("-> every e-mail accepted by SMTP", m["mail"]),
        ("-> every partner webhook delivered", m["hooks"]),
        ("-> notifications' delivery rows all settled", m["settled"]),
    ]
    steps, prev = [], 0.0
    for label, at in sorted(phases, key=lambda x: x[1]):
        steps.append(f"| {label} | {at:.1f} | {at - prev:.1f} |")
        prev = at
    procs = sorted(res["cpu_s"])
    lines = [
        "# National round: from the round's start to every applicant told",
        "",
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {os.cpu_count()} cores ({platform.machine()}, "
        f"{platform.processor() or platform.system()}), Python {platform.python_version()}; load average "
        f"{res['load_before']} before, {res['load_after']} after (the machine is shared: read ratios, not seconds).",
        f"Command: `.venv/bin/python bench/national_round.py {' '.join(sys.argv[1:])}`".rstrip() + ".",
        "",
        f"{n:,} applicants, {res['programmes']:,} programmes, 10 choices each, {res['caps']} country caps "
        f"(quota rules), one cycle; {a['notifications']} notifications instance(s) in one consumer group, "
        f"topics of {a.get('partitions', 3)} partitions; "
        f"{res['partners']} partner institutions with a webhook subscription "
        f"({', '.join(PARTNER_TYPES)}). Loading (catalog through matching's API, "
        f"{2 * n:,} applicant events on corridor.applications.v1, and the submission notices drained) took "
        f"{res['load_s']:.0f} s and is not timed.",
        "",
        f"Round: {rnd['matched']:,} matched, {rnd['waitlisted']:,} waitlisted, {rnd['unmatched']:,} unmatched, "
        f"{rnd['fixed']} fixed; {res['approved']:,} proposals approved by an officer afterwards; "
        f"{res['expected_notices']:,} outcome notices expected.",
        "",
        "## Timeline (seconds since `POST /cycles/{id}/rounds`)",
        "",
        "| phase | at (s) | step (s) |",
        "|---|---:|---:|",
        *steps,
        "",
        f"**Every applicant told (inbox and e-mail): {told:.1f} s after the round's start.**",
        "",
        "## The engine's share",
        "",
        f"The same round's inputs, read back from matching's database in this process after the run: "
        f"`rounds.load` {eng['load_s']:.2f} s, `rounds.compute` (build_inputs, engine, outcomes, statistics) "
        f"{eng['compute_s']:.2f} s, of which the engine (`engine.run_matching`) {eng['engine_s']:.2f} s. "
        f"Against the round's {m['published']:.1f} s from start to published: **engine {engine_pct:.1f}%**; "
        f"the rest is reading the pool ({eng['load_s']:.1f} s replayed), building the inputs and outcomes "
        f"around the engine ({eng['compute_s'] - eng['engine_s']:.1f} s), `rounds.store` ({eng['store_s']:.1f} s "
        f"replayed under cProfile; in the service about "
        f"{max(0.0, store_s - eng['load_s'] - eng['compute_s']):.1f} s: start to stored minus load and compute) "
        f"and the relay ({m['published'] - m['stored']:.1f} s from stored to published). The in-service progress "
        f"samples (time, progress): "
        f"{res['progress'][:: max(1, len(res['progress']) // 12)]}.",
        "",
        f"`rounds.store` replayed on the same result in a rolled-back transaction: {eng['store_s']:.2f} s "
        f"(stored: {eng['store_replayed']}); under cProfile, so slower than the service's own; where it goes, "
        "cumulative:",
        "",
        "```",
        *eng["store_cumulative"],
        "```",
        "",
        "own time (tottime):",
        "",
        "```",
        *eng["store_own"],
        "```",
        "",
        "## Notifications against a raw SMTP loop",
        "",
        f"Notifications told {res['expected_notices']:,} applicants (each: consume the event, inbox entry, render, "
        f"e-mail, plus partner webhooks) in {notif_window:.1f} s from the round being stored to the last "
        f"inbox entry / e-mail: **{notif_rate:.1f} events/s**. A raw send loop in the same run "
        f"(aiosmtplib, one connection, the service's own message, to aiosmtpd in a fresh sink): "
        f"{raw['messages']:,} messages in {raw['seconds']:.2f} s = {raw['per_s']:.0f} messages/s. "
        f"**Ratio notifications / raw SMTP = {notif_rate / raw['per_s']:.3f}.**",
        "",
        "## CPU and memory per process",
        "",
        "CPU seconds (user + system, /proc) from the round's start to the end of the checks; peak RSS sampled "
        "each second during the round, and the process's lifetime peak (VmHWM, includes loading). PostgreSQL: "
        "the postmaster and the backends alive at each sample, summed (shared buffers counted in each backend, "
        "so its RSS is an overstatement); its CPU includes the backends that exited (the postmaster's "
        "waited-for children).",
        "",
        "| process | CPU s | CPU ms per applicant | peak RSS during round (MiB) | lifetime peak (MiB) |",
        "|---|---:|---:|---:|---:|",
        *[
            (
                f"| {p} | {res['cpu_s'][p]:.1f} | {1000 * res['cpu_s'][p] / n:.2f} | "
                if res["cpu_s"][p] >= 0
                else f"| {p} | n/a | n/a | "
            )
            + f"{res['peak_rss_kib_sampled'].get(p, 0) / 1024:.0f} | "
            + (f"{res['peak_rss_kib_lifetime'][p] / 1024:.0f} |" if res["peak_rss_kib_lifetime"].get(p) else "- |")
            for p in procs
        ],
        "",
        "## Nothing lost, nothing twice",
        "",
        "| check | count |",
        "|---|---:|",
        *[f"| {k} | {v:,} |" for k, v in res["checks"].items()],
        "",
        f"Verdict: **{'pass' if res['ok'] else 'FAIL' if res['ok'] is False else 'not checked (--no-approve)'}** "
        f"(every application exactly one outcome event on corridor.matching.v1, every applicant exactly one "
        f"outcome inbox entry and one e-mail, every subscribed partner exactly the deliveries those events "
        f"imply, signatures verified with the subscription's secret, no webhook-id twice).",
        "",
        "## Backlogs over time",
        "",
        f"![backlogs]({out.with_suffix('.png').name})",
        "",
        *statement_table(res.get("statements") or []),
    ]
    out.write_text("\n".join(lines))
    out.with_suffix(".json").write_text(json.dumps(res, indent=1, default=str))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def statement_table(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    return [
        "## Where PostgreSQL's time went (`--statements`)",
        "",
        "pg_stat_statements from the round's start to the end of the checks, the statements with the most "
        "execution time (planning not included), in both services' databases and the bench's own:",
        "",
        "| database | calls | rows | total s | mean ms | statement |",
        "|---|---:|---:|---:|---:|---|",
        *[
            f"| {r['service']} | {r['calls']:,} | {r['rows']:,} | {r['total_s']:.1f} | {r['mean_ms']:.3f} | "
            f"`{_cell(r['query'])}` |"
            for r in rows
        ],
        "",
    ]


def _interrupt(*_):
    raise KeyboardInterrupt


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--applicants", type=int, default=270_000)
    p.add_argument("--programmes", type=int, default=3_400)
    p.add_argument("--caps", type=int, default=80, help="country caps (quota rules)")
    p.add_argument("--partners", type=int, default=10, help="institutions with a webhook subscription")
    p.add_argument(
        "--notifications",
        type=int,
        default=1,
        help="notifications instances in one consumer group (they share the topics' partitions)",
    )
    p.add_argument(
        "--partitions",
        type=int,
        default=3,
        help="partitions of the topics the services create (CORRIDOR_TOPIC_PARTITIONS; 3 by default)",
    )
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--timeout", type=float, default=3600, help="for each wait")
    p.add_argument("--raw-messages", type=int, default=5000, help="at most this many in the raw SMTP loop")
    p.add_argument("--no-approve", action="store_true", help="do not approve the proposals (matched are not told)")
    p.add_argument("--out", default=str(OUT), help="the report (its .png and .json beside it)")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (service logs)")
    p.add_argument(
        "--no-settle",
        action="store_true",
        help="leave this process's garbage collector as the interpreter sets it (as runs before 2026-12-03 10:00 did)",
    )
    p.add_argument(
        "--statements",
        action="store_true",
        help="pg_stat_statements on: the report lists the statements that took PostgreSQL's time in the round",
    )
    args = p.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)  # stopped with SIGTERM: the servers it started are stopped too
    res = asyncio.run(run(args))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    plot(res, out.with_suffix(".png"))
    write_report(res, out)
    print(out.read_text())
    if res["ok"] is False:
        sys.exit(1)


if __name__ == "__main__":
    main()
