"""Faults under a steady load, on a three-broker Kafka cluster; the ledger checked after each.

    CORRIDOR_FAULTS=1 .venv/bin/python -m pytest tests/faults -v      (or: make faults)

The three services run as processes over PostgreSQL and a three-node KRaft cluster (topics
with replication factor 3 and min.insync.replicas 2), e-mail goes to a real SMTP server
(aiosmtpd). For each fault, tools.loadgen submits applications through the API at a steady
rate; the fault is injected a few seconds in; the load goes on a few seconds after the fault
ends, then stops. Recovery time is from the end of the fault until every accepted
application is in the matching pool and has its inbox entry and its e-mail (the backlog
drained). Then the ledger must be exact: once everywhere, nothing lost, nothing twice.
The figures are written to bench/results/e2e/faults.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.matching_engine import make_instance
from bench.national_round import ADMIN, applicant_events, load_catalog
from bench.notifications_pipeline import encoded, send_all
from shared.events.catalog import Topics
from tests.faults.cluster import KafkaCluster
from tests.faults.ledger import TELLS, LedgerCheck, MatchingOutcomes, check_ledger, check_round, expanding
from tests.integration.conftest import launch_stack
from tests.support.events import publish
from tests.support.flows import demo_catalog, wait_for_catalog
from tests.support.infra import ROOT, wait_for
from tests.support.kafka import SubmittedEvents
from tests.support.kafka import admin as kafka_admin
from tests.support.mail import MailSink
from tools.loadgen import Target, register_applicants, run_load

RATE = float(os.environ.get("CORRIDOR_FAULTS_RATE", "10"))  # applications per second
WARMUP = 4.0  # seconds of load before the fault
TAIL = 3.0  # seconds of load after the fault ended
DRAIN_TIMEOUT = 240.0
CYCLES_PER_FAULT = 8  # 8 x 80 applicants: enough pairs for the load to outlast the longest fault
APPLICANTS = 80
ROUND_APPLICANTS = int(os.environ.get("CORRIDOR_FAULTS_ROUND_APPLICANTS", "3000"))
ROUND_PROGRAMMES = 200
REPORT = ROOT / "bench" / "results" / "e2e" / "faults.md"

pytestmark = pytest.mark.timeout(900)


@dataclass
class Outcome:
    fault: str
    accepted: int
    refused: dict
    load_errors: dict
    fault_seconds: float
    recovery_seconds: float
    ledger: LedgerCheck


RESULTS: list[Outcome] = []


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = KafkaCluster(tmp_path_factory.mktemp("cluster"))
    c.start()
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="module")
def sink():
    s = MailSink()
    s.start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
async def system(cluster, postgres, sink, tmp_path_factory):
    logdir = tmp_path_factory.mktemp("fault-logs")
    common = {"CORRIDOR_TOPIC_REPLICATION_FACTOR": "3"}
    stack = await launch_stack(
        cluster,
        postgres,
        logdir,
        applications={
            **common,
            "ARGON2_MEMORY_KIB": "8192",
            "ARGON2_TIME_COST": "1",
            "DOCUMENTS_DIR": str(logdir / "documents"),
        },
        # the large round's 3,000 events span several relay reads, so that its case can kill the
        # leader broker mid-way (at the default of 5,000 rows one read is the whole round)
        matching={**common, "OUTBOX_BATCH_SIZE": "500"},
        notifications={
            **common,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(sink.port),
            "DISPATCH_LEASE_SECONDS": "10",
            "RETRY_SCHEDULE_SECONDS": "[1, 2, 4, 8, 15, 30, 60]",
        },
    )
    engines = {name: create_async_engine(url, pool_size=2, pool_pre_ping=True) for name, url in stack.urls.items()}
    submitted = SubmittedEvents(cluster.bootstrap)
    submitted.start()
    try:
        async with httpx.AsyncClient(base_url=stack.applications.url, timeout=60) as c:
            applicants = await register_applicants(c, APPLICANTS, concurrency=4)
        yield stack, engines, applicants, submitted
    finally:
        await submitted.stop()
        for e in engines.values():
            await e.dispose()
        stack.stop()
        write_report()


async def fresh_targets(bootstrap: str, applications_url: str) -> list[Target]:
    """New open cycles for one fault, so its applications are told apart from the others'."""
    targets = []
    catalogs = [demo_catalog() for _ in range(CYCLES_PER_FAULT)]
    await publish(bootstrap, *[e for c in catalogs for e in c.events])
    async with httpx.AsyncClient(base_url=applications_url, timeout=30) as c:
        for cat in catalogs:
            await wait_for_catalog(c, cat)
            targets.append(Target(cat.cycle_id, [cat.student_programmes[1]]))  # no entry requirements
    return targets


async def _until_complete(check: Callable[[], Awaitable[LedgerCheck]], interval: float) -> LedgerCheck | None:
    """The ledger, read again every ``interval`` seconds until it is complete or DRAIN_TIMEOUT
    passes (the last one read; None if none could be)."""
    deadline = time.monotonic() + DRAIN_TIMEOUT
    last = None
    while time.monotonic() < deadline:
        try:
            last = await check()
        except Exception:  # noqa: BLE001 - a database still busy or coming back: look again
            last = None
        if last is not None and last.complete:
            break
        await asyncio.sleep(interval)
    return last


async def under_load(name: str, system, cluster, sink, fault) -> Outcome:
    stack, engines, applicants, submitted = system
    targets = await fresh_targets(cluster.bootstrap, stack.applications.url)
    stop = asyncio.Event()
    load = asyncio.create_task(
        run_load(
            stack.applications.url,
            rate=RATE,
            count=len(applicants) * len(targets),
            duration=600,
            applicants=applicants,
            targets=targets,
            concurrency=32,
            progress=False,
            stop=stop,
        )
    )
    await asyncio.sleep(WARMUP)
    began = time.monotonic()
    await fault()
    ended = time.monotonic()
    await asyncio.sleep(TAIL)
    stop.set()
    result = await load
    cycles = [t.cycle_id for t in targets]

    async def ledger() -> LedgerCheck:
        return await check_ledger(result.accepted, cycles, engines, sink, submitted)

    check = await _until_complete(ledger, 0.5)
    drained = time.monotonic()
    assert check is not None and check.complete, (
        f"{name}: not drained after {DRAIN_TIMEOUT}s: missing {check and check.missing()}"
    )
    await asyncio.sleep(3)  # anything arriving twice arrives now
    check = await ledger()
    assert check is not None
    outcome = Outcome(
        name,
        len(result.accepted),
        dict(result.refused),
        dict(result.errors),
        round(ended - began, 1),
        round(max(0.0, drained - ended), 1),
        check,
    )
    RESULTS.append(outcome)
    print(
        f"\n{name}: {json.dumps(result.summary())} fault {outcome.fault_seconds}s recovery {outcome.recovery_seconds}s "
        f"twice {check.twice()} extra {len(check.extra_pool)} resent (same Message-ID) {sum(check.resent.values())}"
    )
    assert result.accepted, f"{name}: nothing was accepted"
    assert not result.unanswered, f"{name}: submits never answered: {result.unanswered[:5]}"
    assert not any(check.twice().values()), f"{name}: delivered twice: {check.twice()}"
    assert not check.extra_pool, f"{name}: pool entries nobody was told were accepted: {check.extra_pool[:5]}"
    return outcome


async def test_topics_have_three_replicas_and_two_in_sync(system, cluster):
    admin = kafka_admin(bootstrap_servers=cluster.bootstrap)
    await admin.start()
    try:
        topics = [t.value for t in Topics]
        described = await admin.describe_topics(topics)
        for t in described:
            assert t["partitions"], t
            for p in t["partitions"]:
                assert len(p["replicas"]) == 3 and len(p["isr"]) == 3, (t["topic"], p)
        responses = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, t, {"min.insync.replicas": None}) for t in topics]
        )
        found = {res[3]: {c[0]: c[1] for c in res[4]} for r in responses for res in r.resources}
        assert all(found[t]["min.insync.replicas"] == "2" for t in topics), found
    finally:
        await admin.close()


async def test_baseline_without_a_fault(system, cluster, sink):
    async def nothing():
        await asyncio.sleep(0)

    await under_load("baseline (no fault)", system, cluster, sink, nothing)


async def test_one_broker_killed_and_restarted(system, cluster, sink):
    async def fault():
        await asyncio.to_thread(cluster.kill_node, 2)
        await asyncio.sleep(10)
        await asyncio.to_thread(cluster.start_node, 2)

    await under_load("one broker SIGKILLed for 10 s, restarted", system, cluster, sink, fault)


async def test_whole_cluster_stopped_for_30_seconds(system, cluster, sink):
    async def fault():
        await asyncio.to_thread(cluster.stop)
        await asyncio.sleep(30)
        await asyncio.to_thread(cluster.resume)

    await under_load("whole cluster stopped 30 s", system, cluster, sink, fault)


@pytest.mark.parametrize("service", ["matching", "notifications", "applications"])
async def test_service_killed_mid_batch_and_restarted(system, cluster, sink, service):
    stack = system[0]
    proc = getattr(stack, service)

    async def fault():
        proc.kill()  # SIGKILL while the load is running: mid-batch, mid-transaction
        await asyncio.sleep(2)
        await asyncio.to_thread(proc.start)

    await under_load(f"{service} SIGKILLed, restarted", system, cluster, sink, fault)


async def test_postgres_restarted_under_the_services(system, cluster, sink, postgres):
    async def fault():
        await asyncio.to_thread(postgres.restart)

    await under_load("PostgreSQL restarted (fast shutdown)", system, cluster, sink, fault)


async def matching_leader(bootstrap: str) -> tuple[int, list[int]]:
    """The broker leading the most partitions of corridor.matching.v1 (node ids are the
    cluster's node numbers), and the partitions it leads."""
    admin = kafka_admin(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics([Topics.MATCHING.value])
    finally:
        await admin.close()
    led: dict[int, list[int]] = {}
    for t in described:
        for p in t["partitions"]:
            led.setdefault(p["leader"], []).append(p["partition"])
    node = max(led, key=lambda n: (len(led[n]), -min(led[n])))
    return node, sorted(led[node])


async def approve_all(client: httpx.AsyncClient, round_id: str) -> int:
    """An officer approves every proposal of the round (a proposal tells nobody until approved)."""
    ids: list[str] = []
    while True:
        page = await client.get(
            "/matches",
            params={"round_id": round_id, "status": "proposed", "limit": 500, "offset": len(ids)},
            headers=ADMIN,
        )
        assert page.status_code == 200, page.text
        body = page.json()
        ids += [m["id"] for m in body["items"]]
        if len(ids) >= body["total"] or not body["items"]:
            break
    approved = 0
    for i in range(0, len(ids), 1000):
        decisions = [{"match_id": m, "decision": "approve"} for m in ids[i : i + 1000]]
        r = await client.post("/matches/review", json={"decisions": decisions}, headers=ADMIN)
        assert r.status_code == 200, r.text
        approved += r.json()["approved"]
    return approved


async def test_leader_broker_killed_while_a_large_round_is_published(system, cluster, sink):
    """A round of a few thousand pooled applicants started through matching's API; the moment
    relay is publishing its events (the first acknowledged), the broker leading
    corridor.matching.v1's partition(s) is SIGKILLed; an officer starts approving every proposal
    while it is down; it is back 10 s after the kill. Every application ends with exactly one outcome event that tells its
    applicant on the topic, and every applicant exactly one inbox entry and one e-mail for it."""
    stack, engines, _applicants, _submitted = system
    run = uuid.uuid4().hex[:6]
    t0 = time.monotonic()

    def say(what: str) -> None:
        print(f"  {time.monotonic() - t0:6.1f}s {what}", flush=True)

    plain = make_instance(ROUND_APPLICANTS, ROUND_PROGRAMMES, 10, 17)
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=120) as matching:
        # Loading, through the production contract: the catalog through matching's API, the
        # applicants as the applications service publishes them.
        cat = await load_catalog(matching, plain, 80, run)
        events, owner = applicant_events(plain, cat, run)
        apps = list(owner)

        async def catalog_known() -> bool:
            async with engines["notifications"].connect() as conn:
                got = await conn.scalar(
                    text("SELECT count(*) FROM programmes WHERE cycle_id = :c"), {"c": cat["cycle"]}
                )
            return got == len(cat["programme_of"])

        await wait_for(catalog_known, timeout=120, interval=1, what="the catalog in notifications")
        say(f"catalog of {len(cat['programme_of'])} programmes loaded")
        for i in range(0, len(events), 5000):
            await send_all(cluster.bootstrap, [encoded(e) for e in events[i : i + 5000]])

        async def quiet() -> tuple[int, int]:
            """(pooled applications, applicants told of their submission): the round starts on a quiet system."""
            async with engines["matching"].connect() as conn:
                pooled = await conn.scalar(
                    text("SELECT count(*) FROM pool_entries WHERE cycle_id = :c AND status = 'submitted'"),
                    {"c": cat["cycle"]},
                )
            told = sum(1 for a in owner.values() if sink.to(f"{a}@example.org"))
            return pooled, told

        await wait_for(
            lambda: _all(quiet, len(apps)),
            timeout=DRAIN_TIMEOUT * 2,
            interval=2,
            what="the pool and submission notices",
        )
        say(f"{len(apps)} applications pooled, every applicant told of the submission")
        leader, led = await matching_leader(cluster.bootstrap)

        async def staged() -> int:
            async with engines["matching"].connect() as conn:
                return await conn.scalar(
                    text("SELECT count(*) FROM outbox WHERE event_type LIKE 'org.corridor.match.%'")
                )

        r = await matching.post(f"/cycles/{cat['cycle']}/rounds", json={"seed": 17}, headers=ADMIN)
        assert r.status_code == 202, r.text
        round_id = r.json()["round_id"]
        # The round's transaction commits its outcomes and their outbox rows at once; the relay
        # starts on them at that moment. The broker is killed once the first of them are
        # acknowledged (the relay is mid-way), or half a second after they were staged.
        total = await wait_for(staged, timeout=300, interval=0.02, what="the round's events in matching's outbox")
        first = time.monotonic() + 0.5
        while (left := await staged()) >= total and time.monotonic() < first:
            await asyncio.sleep(0.01)
        began = time.monotonic()
        await asyncio.to_thread(cluster.kill_node, leader)
        at_kill = await staged()
        say(
            f"broker {leader} (leader of partitions {led}) killed: {total - left} of {total} round events "
            f"acknowledged just before, {at_kill} unpublished after"
        )
        assert at_kill > 0, "the relay had published the whole round before the broker went down"
        # An officer approves every proposal meanwhile; the broker is back 10 s after the kill.
        approving = asyncio.create_task(approve_all(matching, round_id))
        await asyncio.sleep(max(0.0, 10 - (time.monotonic() - began)))
        await asyncio.to_thread(cluster.start_node, leader)
        ended = time.monotonic()
        approved = await approving
        say(f"broker {leader} back after {ended - began:.1f}s; {approved} proposals approved")
        round_ = (await matching.get(f"/rounds/{round_id}", headers=ADMIN)).json()
    assert round_["status"] == "completed", round_
    assert round_["matched"] + round_["waitlisted"] + round_["unmatched"] == len(apps), round_
    assert approved == round_["matched"] > 0 and round_["waitlisted"] > 0, (approved, round_)
    await wait_for(lambda: _none(staged), timeout=DRAIN_TIMEOUT, interval=0.5, what="matching's outbox empty")
    outcomes = await MatchingOutcomes.read(cluster.bootstrap, cat["cycle"])

    async def ledger() -> LedgerCheck:
        return await check_round(apps, cat["cycle"], outcomes, engines, sink)

    check = await _until_complete(ledger, 1)
    drained = time.monotonic()
    say("every applicant told")
    assert check is not None and check.complete, f"not told after {DRAIN_TIMEOUT}s: missing {check and check.missing()}"
    await asyncio.sleep(3)  # anything arriving twice arrives now
    outcomes = await MatchingOutcomes.read(cluster.bootstrap, cat["cycle"])
    check = await ledger()
    assert check is not None
    name = (
        f"leader of {Topics.MATCHING.value} (broker {leader}, partitions {led}) SIGKILLed while a round of "
        f"{len(apps):,} was published ({at_kill:,} of its {total:,} events unpublished), restarted 10 s later"
    )
    outcome = Outcome(name, len(apps), {}, {}, round(ended - began, 1), round(max(0.0, drained - ended), 1), check)
    RESULTS.append(outcome)
    print(
        f"\n{name}: round {round_['matched']} matched, {round_['waitlisted']} waitlisted, {round_['unmatched']} "
        f"unmatched; {approved} approved; fault {outcome.fault_seconds}s recovery {outcome.recovery_seconds}s; "
        f"records resent on the topic {outcomes.copies}; twice {check.twice()}"
    )
    assert not any(check.twice().values()), f"told twice: {check.twice()}"
    assert not check.extra_pool, f"pool entries of the cycle that were not loaded: {check.extra_pool[:5]}"
    assert sum(1 for a in apps if len(outcomes.proposed.get(a, ())) == 1) == round_["matched"]
    assert not any(len(v) > 1 for v in outcomes.proposed.values()), "a proposal published under two event ids"
    per_applicant = Counter()
    async with engines["notifications"].connect() as conn:
        rows = await conn.execute(
            expanding(
                "SELECT recipient_id, count(*) FROM inbox_entries WHERE event_type IN :t AND recipient_id IN :a "
                "GROUP BY recipient_id",
                "t",
                "a",
            ),
            {"t": list(TELLS), "a": list(owner.values())},
        )
        per_applicant.update({a: n for a, n in rows})
    assert sorted(set(per_applicant.values())) == [1] and len(per_applicant) == len(apps), (
        f"applicants with an outcome inbox entry: {len(per_applicant)}/{len(apps)}, "
        f"more than one: {sum(1 for n in per_applicant.values() if n > 1)}"
    )


async def _all(counts, n: int) -> bool:
    return all(c >= n for c in await counts())


async def _none(count) -> bool:
    return not await count()


def write_report() -> None:
    if not RESULTS:
        return
    lines = [
        "# Faults under load: recovery and the ledger",
        "",
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} by `make faults` "
        f"(`CORRIDOR_FAULTS=1 .venv/bin/python -m pytest tests/faults`), on this 2-core machine: three Kafka 3.9 "
        "brokers (KRaft, replication 3, min.insync.replicas 2), PostgreSQL, the three services as processes, "
        f"aiosmtpd. Load: {RATE:g} applications/s (create + submit) through the API, {WARMUP:g} s before the "
        f"fault and {TAIL:g} s after it.",
        "",
        "Recovery = from the end of the fault until every accepted application was in the matching pool, "
        "in the applicant's inbox and delivered by e-mail to the SMTP server.",
        "",
        "| fault | accepted | fault lasted (s) | recovery (s) | lost | twice | e-mails resent (same Message-ID) "
        "| client retries |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in RESULTS:
        lost = sum(o.ledger.missing().values())
        twice = ", ".join(f"{n} {where}" for where, n in o.ledger.twice().items() if n) or "0"
        resent = sum(o.ledger.resent.values())
        retries = sum(o.load_errors.values())
        lines.append(
            f"| {o.fault} | {o.accepted} | {o.fault_seconds} | {o.recovery_seconds} | {lost} | {twice} | {resent} "
            f"| {retries} |"
        )
    lines += [
        "",
        "Ledger per accepted application: one `application.submitted` event id on the applications topic (read from the start through every fault), one "
        "pool entry (matching DB), one inbox entry and one delivered e-mail row (notifications DB), one "
        "message at the SMTP server (by Message-ID: a message received again with the same Message-ID, as a "
        "notifications instance killed between the server's acceptance and its commit sends at most one per "
        "send group, is counted under resent, which a reader's mail deduplicates). Client retries: requests the load generator repeated (same "
        "Idempotency-Key) after a 5xx or a dropped connection.",
        "",
        "The round case (no load generator): a cycle of "
        f"{ROUND_APPLICANTS:,} applicants, {ROUND_PROGRAMMES} programmes, 10 choices each and 80 country caps, "
        "loaded through the production contract (catalog through matching's API, `applicant.registered` and "
        "`application.submitted` on corridor.applications.v1), every applicant told of the submission first; "
        "then a round started through `POST /cycles/{id}/rounds`. As soon as the round's events are in "
        "matching's outbox and the relay has had the first acknowledged (or half a second later), the broker "
        "leading corridor.matching.v1's partition(s) is SIGKILLed; an officer starts approving every proposal "
        "while it is down; it is restarted 10 s after the kill. 'accepted' is the "
        "round's applicants; recovery is from the restart until every applicant was told. Ledger per "
        "applicant: exactly one outcome event that tells the applicant (waitlisted, unmatched, or the approval "
        "of the proposal) by event id on corridor.matching.v1, read from the start to the end offsets; for it "
        "one inbox entry, one delivered e-mail row and one message at the SMTP server; one pool entry.",
        "",
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines))
