"""A consumer that skips what it reads: offset commits and CPU, each skipped batch committed at
once against the offsets of skipped batches committed every few seconds.

    .venv/bin/python bench/skipping_consumer.py                   # 1000 events at 50/s, 2 rounds
    .venv/bin/python bench/skipping_consumer.py --events 500 --rate 25 --rounds 1

Every service runs a revocations consumer on the busy corridor.applications.v1 topic for one
rare event type (shared/runtime.py); each event reaches it as a batch of one or a few records,
all skipped unread (shared/kafka/consumer.py). Committing the offset after each such batch is
a request to the broker and a write to its offsets log per event; ``EventConsumer`` commits
the offsets past the batches it skipped or applied every ``COMMIT_SECONDS`` (and when it stops).

Starts one Kafka broker (tests/support/infra.py, or CORRIDOR_TEST_KAFKA_BOOTSTRAP). Per round,
for each mode in turn (alternating which goes first): a fresh consumer group reads a topic
while ``--events`` application.submitted events are produced into it at ``--rate`` per second
(a consumer with no handler for that type: every record skipped). "at once" is the same
consumer with ``COMMIT_SECONDS = 0`` (the deferred offsets committed after every poll:
at most one commit per poll, where committing after each partition's batch made one per
partition polled; so if anything it flatters "at once"). Measured from the first event sent to
the last one skipped: the consumer's offset commits, this process's CPU (the producer's
included, the same in both modes) and the broker's CPU (/proc).

Writes bench/results/skipping_consumer.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiokafka import AIOKafkaProducer

from shared.events.catalog import ApplicationSubmitted, ApplicationWithdrawn, type_of
from shared.events.envelope import encode_envelope, new_event
from shared.kafka.admin import ensure_topics
from shared.kafka.consumer import EventConsumer
from shared.kafka.security import client_options
from tests.support.infra import KafkaBroker, external_kafka

OUT = ROOT / "bench" / "results" / "skipping_consumer.md"
TICK = os.sysconf("SC_CLK_TCK")


def broker_cpu() -> float:
    """CPU seconds used so far by the Java processes on this machine (the broker)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if stat[stat.index("(") + 1 : stat.rindex(")")] == "java":
            fields = stat[stat.rindex(")") + 2 :].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def event(i: int) -> tuple[bytes | None, bytes | None, list]:
    data = ApplicationSubmitted(
        application_id=f"app-{i}",
        applicant_id=f"stu-{i}",
        applicant_type="student",
        cycle_id="cyc-bench",
        scheme_id="sch-bench",
        sending_country="KZ",
        choices=["prog-1", "prog-2"],
        submitted_at=datetime.now(UTC),
    )
    env = new_event(type_of(ApplicationSubmitted), data, source="/corridor/bench", key=data.application_id)
    return encode_envelope(env)


async def one(bootstrap: str, topic: str, mode: str, n: int, rate: float) -> dict:
    async def unused_handler(_session, _data, _env):
        raise AssertionError("nothing is handled here")

    async def no_dead_letters(_record, reason):
        raise AssertionError(f"unexpected dead letter: {reason}")

    consumer = EventConsumer(
        name="revocations",
        topics=[topic],
        group_id=f"bench-skip-{uuid.uuid4().hex[:6]}",
        bootstrap=bootstrap,
        db=None,  # nothing applied: no transaction is ever begun
        tables=None,
        handlers={type_of(ApplicationWithdrawn): unused_handler},
        dead_letter=no_dead_letters,
        service="bench",
    )
    if mode == "at once":
        consumer.COMMIT_SECONDS = 0
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_options(), enable_idempotence=True, acks="all")
    await producer.start()
    task = asyncio.create_task(consumer.run())
    try:
        while not consumer.assigned:  # joined and given the partitions
            await asyncio.sleep(0.05)
            if task.done():
                task.result()
        records = [event(i) for i in range(n)]
        await asyncio.sleep(1)
        commits0, cpu0, broker0, t0 = consumer.stats.commits, time.process_time(), broker_cpu(), time.monotonic()
        for i, (key, value, headers) in enumerate(records):
            await producer.send_and_wait(topic, value=value, key=key, headers=headers)
            await asyncio.sleep(max(0.0, t0 + (i + 1) / rate - time.monotonic()))
        while consumer.stats.skipped < n:
            await asyncio.sleep(0.01)
            if task.done():
                task.result()
        seconds = time.monotonic() - t0
        cpu, broker = time.process_time() - cpu0, broker_cpu() - broker0
        commits = consumer.stats.commits - commits0
    finally:
        await consumer.stop()
        await asyncio.wait_for(task, 15)
        await producer.stop()
    return {
        "mode": mode,
        "skipped": consumer.stats.skipped,
        "seconds": seconds,
        "commits": commits,
        "commits_at_stop": consumer.stats.commits - commits0 - commits,
        "cpu_ms_per_event": 1000 * cpu / n,
        "broker_ms_per_event": 1000 * broker / n,
    }


async def run(args) -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix="skip-bench-"))
    kafka = external_kafka()
    own = kafka is None
    try:
        if own:
            kafka = KafkaBroker.launch(tmp / "kafka")
        results = []
        for r in range(args.rounds):
            modes = ["at once", "deferred"] if r % 2 == 0 else ["deferred", "at once"]
            for mode in modes:
                topic = f"bench.skip.{uuid.uuid4().hex[:6]}"
                await ensure_topics(kafka.bootstrap, [topic], 3, 1)
                result = await one(kafka.bootstrap, topic, mode, args.events, args.rate)
                print(f"  round {r + 1} {mode}: {result}", file=sys.stderr)
                results.append(result)
        return results
    finally:
        if own and kafka is not None:
            kafka.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def report(args, results: list[dict], load: tuple[float, ...]) -> str:
    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in results if r["mode"] == mode)

    lines = [
        "# A consumer that skips what it reads: commits at once vs deferred",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}; load average {' '.join(f'{x:.2f}' for x in load)} before.",
        f"Command: `.venv/bin/python bench/skipping_consumer.py --events {args.events} --rate {args.rate:g} "
        f"--rounds {args.rounds}`.",
        "",
        f"{args.events} application.submitted events produced at {args.rate:g}/s into a topic of 3 partitions, "
        "read by an `EventConsumer` with no handler for that type (as every service's revocations consumer "
        'reads the applications topic): every record skipped unread. "at once": the offsets committed after '
        'every poll; "deferred": the offsets committed every '
        f"{EventConsumer.COMMIT_SECONDS:g} s and at the stop (today's). Medians over {args.rounds} "
        "round(s), alternating which mode goes first; CPU from the first event sent to the last skipped.",
        "",
        "| | offset commits | commits at the stop | this process's CPU ms per event (producer included) "
        "| broker CPU ms per event |",
        "|---|---:|---:|---:|---:|",
    ]
    for mode in ("at once", "deferred"):
        lines.append(
            f"| {mode} | {med(mode, 'commits'):.0f} | {med(mode, 'commits_at_stop'):.0f} "
            f"| {med(mode, 'cpu_ms_per_event'):.3f} | {med(mode, 'broker_ms_per_event'):.3f} |"
        )
    lines += [
        "",
        f"Ratio at once / deferred: commits {med('at once', 'commits') / max(1, med('deferred', 'commits')):.0f}x; "
        f"this process's CPU {med('at once', 'cpu_ms_per_event') / med('deferred', 'cpu_ms_per_event'):.2f}; "
        f"broker CPU {med('at once', 'broker_ms_per_event') / max(1e-9, med('deferred', 'broker_ms_per_event')):.2f}.",
        "",
        "Every run:",
        "",
    ]
    lines += [f"- {r}" for r in results]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=1000)
    p.add_argument("--rate", type=float, default=50.0, help="events per second")
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args()
    load = os.getloadavg()
    results = asyncio.run(run(args))
    OUT.write_text(report(args, results, load))
    print(OUT.read_text())


if __name__ == "__main__":
    main()
