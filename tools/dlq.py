"""List and replay dead-lettered records.

    python -m tools.dlq list   corridor.applications.v1 [--limit 50]
    python -m tools.dlq replay corridor.applications.v1 --offset 0:17 [--offset 1:3 ...]
    python -m tools.dlq replay corridor.applications.v1 --event-id <ce_id> [...]
    python -m tools.dlq replay corridor.applications.v1 --all [--dry-run]
    python -m tools.dlq trim   corridor.applications.v1 --through 0:17 [--through 1:3 ...] [--dry-run]
    python -m tools.dlq trim   corridor.applications.v1 --all [--dry-run]

A consumer moves a record it can never process to ``<topic>.dlq``: the original key, value
and headers, plus ``dlq_reason``, ``dlq_topic``, ``dlq_partition``, ``dlq_offset``,
``dlq_group``, ``dlq_time`` (and ``dlq_truncated``). ``replay`` publishes the selected
records back to their original topic (``dlq_topic``) with the ``dlq_*`` headers stripped,
so consumers see the original CloudEvent again. Fix the cause first (a handler bug, a
missing catalog entry); consumers that already applied the event id ignore the replay.
``trim`` deletes dead letters for good (Kafka's DeleteRecords): in each partition named, every
record up to and including the offset given; with ``--all``, every dead letter there is now.
Dead-letter topics keep their records until trimmed (``retention.ms=-1``): trim those replayed
or judged, and those of an applicant who closed their account (they may carry a contact).
Offsets are ``<dlq partition>:<dlq offset>`` as ``list`` prints them. Missing Kafka
credentials, or a topic the broker does not have, are refused in one line with exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.records_to_delete import RecordsToDelete
from aiokafka.errors import KafkaError

from shared.events.catalog import Topics
from shared.kafka.producer import make_producer
from shared.kafka.security import PLAINTEXT, PROTOCOLS, SASL_PLAINTEXT, KafkaSecurity, client_options
from shared.settings import CommonSettings

DLQ_PREFIX = "dlq_"
# ``make run``'s principals (tools/devstack.py): used as ``admin`` when CORRIDOR_KAFKA_* name none
RUN_USERS = Path(".run") / "kafka-users"


def operator_security(environ: dict[str, str] | None = None, users: Path = RUN_USERS) -> KafkaSecurity:
    """The principal to act as: the CORRIDOR_KAFKA_* variables; else, in a checkout that runs
    ``make run``, its ``admin`` (an operator following the runbook there got "Unable to
    bootstrap": the broker asks for SASL)."""
    security = KafkaSecurity.from_env(environ)
    password = None if security.authenticated else _run_admin(users)
    if password is None:
        return security
    return KafkaSecurity(protocol=SASL_PLAINTEXT, username="admin", password=password)


def _run_admin(users: Path) -> str | None:
    """``make run``'s admin password, if this checkout has one."""
    if not users.exists():
        return None
    for line in users.read_text().splitlines():
        name, _, password = line.partition("=")
        if name.strip() == "admin" and password.strip():
            return password.strip()
    return None


def topic_problem(topic: str, existing: set[str]) -> str | None:
    """Why ``topic`` (with or without ``.dlq``) is none of the broker's ``existing`` topics, in
    one line naming those that have a dead-letter twin; None when it or its twin exists. (A
    typo listed "0 dead-lettered record(s)".)"""
    base = topic.removesuffix(".dlq")
    if base in existing or f"{base}.dlq" in existing:
        return None
    known = sorted(t for t in existing if f"{t}.dlq" in existing) or [t.value for t in Topics]
    return f"topic {topic} does not exist; the topics with dead letters: {', '.join(known)}"


async def broker_topics(bootstrap: str) -> set[str]:
    """Every topic the operator's principal may see on the broker."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, **client_options(operator_security()), group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    try:
        return set(await consumer.topics())
    finally:
        await consumer.stop()


def credentials_problem(environ: Mapping[str, str] | None = None, users: Path | None = None) -> str | None:
    """What is missing for the tool to log in to Kafka, in one line; None when nothing is (the
    CORRIDOR_KAFKA_* variables, ``make run``'s admin, or PLAINTEXT chosen on purpose)."""
    env = os.environ if environ is None else environ
    protocol = (env.get("CORRIDOR_KAFKA_SECURITY_PROTOCOL") or "").upper()
    username, password = env.get("CORRIDOR_KAFKA_USERNAME"), env.get("CORRIDOR_KAFKA_PASSWORD")
    if protocol and protocol not in PROTOCOLS:
        return f"CORRIDOR_KAFKA_SECURITY_PROTOCOL={protocol} is not one of {', '.join(PROTOCOLS)}"
    if protocol == PLAINTEXT:
        return None
    if username and not password:
        return "CORRIDOR_KAFKA_PASSWORD is not set (CORRIDOR_KAFKA_USERNAME is)"
    if password and not username:
        return "CORRIDOR_KAFKA_USERNAME is not set (CORRIDOR_KAFKA_PASSWORD is)"
    if username or _run_admin(RUN_USERS if users is None else users):
        return None
    return (
        "no Kafka credentials: set CORRIDOR_KAFKA_USERNAME=admin and CORRIDOR_KAFKA_PASSWORD "
        f"(under make run, admin's line in {RUN_USERS}), or CORRIDOR_KAFKA_SECURITY_PROTOCOL=PLAINTEXT "
        "for a broker that asks for none"
    )


@dataclass
class DeadLetter:
    partition: int  # in <topic>.dlq
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k == name:
                return v.decode(errors="replace") if v is not None else None
        return None

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}"

    @property
    def original_headers(self) -> list[tuple[str, bytes]]:
        return [(k, v) for k, v in self.headers if not k.startswith(DLQ_PREFIX)]

    def summary(self) -> dict:
        return {
            "ref": self.ref,
            "event_id": self.header("ce_id"),
            "type": self.header("ce_type"),
            "key": self.key.decode(errors="replace") if self.key is not None else None,
            "reason": self.header("dlq_reason"),
            "from": f"{self.header('dlq_topic')}[{self.header('dlq_partition')}]@{self.header('dlq_offset')}",
            "group": self.header("dlq_group"),
            "at": self.header("dlq_time"),
            "truncated": self.header("dlq_truncated") == "true",
        }


async def read_dead_letters(bootstrap: str, topic: str, limit: int | None = None) -> list[DeadLetter]:
    """Every record now in ``<topic>.dlq`` (up to the end offsets at the start of the read)."""
    dlq = topic if topic.endswith(".dlq") else f"{topic}.dlq"
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        **client_options(operator_security()),  # an operator's principal (admin)
        group_id=None,
        enable_auto_commit=False,
        isolation_level="read_committed",
    )
    await consumer.start()
    out: list[DeadLetter] = []
    try:
        partitions = consumer.partitions_for_topic(dlq)
        if partitions is None:
            await consumer._client.force_metadata_update()  # a topic not seen yet by this client
            partitions = consumer.partitions_for_topic(dlq) or set()
        tps = [TopicPartition(dlq, p) for p in sorted(partitions)]
        if not tps:
            return []
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        pending = {tp for tp in tps if ends[tp] > 0}
        while pending:
            batch = await consumer.getmany(*pending, timeout_ms=1000)
            for tp, records in batch.items():
                for r in records:
                    if r.offset < ends[tp]:
                        out.append(DeadLetter(r.partition, r.offset, r.key, r.value, list(r.headers or ())))
            for tp in list(pending):
                if await consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
    finally:
        await consumer.stop()
    out.sort(key=lambda d: (d.header("dlq_time") or "", d.partition, d.offset))
    return out[:limit] if limit else out


async def replay(bootstrap: str, letters: Iterable[DeadLetter], *, default_topic: str) -> int:
    """Publish each record to its original topic without the dlq_* headers; returns the count."""
    producer = make_producer(bootstrap, client_id="corridor-dlq-replay", security=operator_security())
    await producer.start()
    n = 0
    try:
        for d in letters:
            target = d.header("dlq_topic") or default_topic.removesuffix(".dlq")
            await producer.send_and_wait(target, key=d.key, value=d.value, headers=d.original_headers)
            n += 1
    finally:
        await producer.stop()
    return n


def trim_points(letters: Iterable[DeadLetter], through: list[str], everything: bool) -> dict[int, int]:
    """Per dead-letter partition, the offset before which records are deleted: one past the
    offset named (``--through P:O``), or past the partition's last dead letter (``--all``).
    A malformed ``P:O`` raises ValueError."""
    points: dict[int, int] = {}
    if everything:
        for d in letters:
            points[d.partition] = max(points.get(d.partition, 0), d.offset + 1)
        return points
    for ref in through:
        partition, _, offset = ref.partition(":")
        p, o = int(partition), int(offset)
        if p < 0 or o < 0:
            raise ValueError(ref)
        points[p] = max(points.get(p, 0), o + 1)
    return points


async def trim(bootstrap: str, topic: str, points: Mapping[int, int]) -> dict[int, int]:
    """Delete the dead letters before each point (DeleteRecords); returns each partition's new
    first offset."""
    dlq = topic if topic.endswith(".dlq") else f"{topic}.dlq"
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=10000, **client_options(operator_security())
    )
    await admin.start()
    try:
        await admin._client.force_metadata_update()  # the partitions' leaders, whom DeleteRecords goes to
        done = await admin.delete_records({TopicPartition(dlq, p): RecordsToDelete(o) for p, o in points.items()})
        return {tp.partition: low for tp, low in done.items()}
    finally:
        await admin.close()


def selector(offsets: list[str], event_ids: list[str], everything: bool) -> Callable[[DeadLetter], bool]:
    wanted_refs, wanted_ids = set(offsets), set(event_ids)
    return lambda d: everything or d.ref in wanted_refs or (d.header("ce_id") in wanted_ids)


async def _main(args) -> int:
    problem = topic_problem(args.topic, await broker_topics(args.bootstrap))
    if problem:
        print(f"tools.dlq: {problem}", file=sys.stderr)
        return 2
    letters = await read_dead_letters(args.bootstrap, args.topic, getattr(args, "limit", None))
    if args.command == "list":
        for d in letters:
            print(json.dumps(d.summary(), ensure_ascii=False))
        print(f"{len(letters)} dead-lettered record(s) in {args.topic.removesuffix('.dlq')}.dlq")
        return 0
    if args.command == "trim":
        return await _trim(args, letters)
    if not (args.offset or args.event_id or args.all):
        print("replay: name the records (--offset P:O, --event-id ID) or pass --all")
        return 2
    chosen = [d for d in letters if selector(args.offset, args.event_id, args.all)(d)]
    for d in chosen:
        print(("would replay " if args.dry_run else "replaying ") + json.dumps(d.summary(), ensure_ascii=False))
    if not args.dry_run:
        n = await replay(args.bootstrap, chosen, default_topic=args.topic)
        print(f"replayed {n} record(s)")
    return 0 if chosen else 1


async def _trim(args, letters: list[DeadLetter]) -> int:
    if not (args.through or args.all):
        print("trim: name where to trim to (--through P:O) or pass --all")
        return 2
    try:
        points = trim_points(letters, args.through, args.all)
    except ValueError as exc:
        print(f"trim: --through takes <dlq partition>:<dlq offset>, not {exc}")
        return 2
    gone = [d for d in letters if d.offset < points.get(d.partition, 0)]
    for d in gone:
        print(("would delete " if args.dry_run else "deleting ") + json.dumps(d.summary(), ensure_ascii=False))
    if not args.dry_run and points:
        firsts = await trim(args.bootstrap, args.topic, points)
        print(
            f"deleted {len(gone)} record(s); first offsets now "
            + ", ".join(f"{p}:{o}" for p, o in sorted(firsts.items()))
        )
    return 0 if gone else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=CommonSettings().kafka_bootstrap_servers)
    sub = parser.add_subparsers(dest="command", required=True)
    ls = sub.add_parser("list", help="print the dead letters of a topic, one JSON line each")
    ls.add_argument("topic")
    # also after the command's name (as an operator types it): the one before it otherwise
    ls.add_argument("--bootstrap", default=argparse.SUPPRESS)
    ls.add_argument("--limit", type=int)
    rp = sub.add_parser("replay", help="publish dead letters back to their original topic")
    rp.add_argument("topic")
    rp.add_argument("--bootstrap", default=argparse.SUPPRESS)
    rp.add_argument("--offset", action="append", default=[], help="<dlq partition>:<dlq offset>")
    rp.add_argument("--event-id", action="append", default=[], help="the CloudEvents id (ce_id)")
    rp.add_argument("--all", action="store_true")
    rp.add_argument("--dry-run", action="store_true")
    tr = sub.add_parser("trim", help="delete dead letters for good, up to an offset per partition")
    tr.add_argument("topic")
    tr.add_argument("--bootstrap", default=argparse.SUPPRESS)
    tr.add_argument(
        "--through", action="append", default=[], help="<dlq partition>:<dlq offset>: that one and all before it"
    )
    tr.add_argument("--all", action="store_true", help="every dead letter there is now")
    tr.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    # refused here, in one line, before any broker is asked
    problem = credentials_problem()
    if problem:
        print(f"tools.dlq: {problem}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_main(args))
    except KafkaError as exc:
        print(f"tools.dlq: Kafka at {args.bootstrap}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
