"""The ledger: what the load generator was told (201/200) against what every service holds.

For each accepted application: exactly one application.submitted event published by the
applications service (one event id on its topic, however often the relay had to send it),
exactly one pool entry in the matching service's
database, exactly one inbox entry and one e-mail notification row (delivered) in the
notifications service's database for that event, and exactly one message at the SMTP
server. Nothing in the load's cycles that was not accepted.

For a matching round (``MatchingOutcomes``, ``check_round``): the same ledger with the
round's outcome events in place of the submissions: each pooled application exactly one
outcome event that tells its applicant (waitlisted, unmatched, or the approval of its
proposal) on corridor.matching.v1, and for that event one inbox entry, one delivered
e-mail row and one message at the SMTP server.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from aiokafka import TopicPartition
from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events.catalog import Topics
from tests.support.kafka import SubmittedEvents, decode_record
from tests.support.kafka import admin as kafka_admin
from tests.support.kafka import consumer as kafka_consumer
from tests.support.mail import MailSink
from tools.loadgen import Accepted

# The outcome events that tell an applicant; a proposal tells nobody until an officer approves it.
TELLS = (
    "org.corridor.match.waitlisted.v1",
    "org.corridor.match.unmatched.v1",
    "org.corridor.match.approved.v1",
)
PROPOSED = "org.corridor.match.proposed.v1"


def expanding(sql: str, *names: str):
    """A statement whose named parameters are lists (``IN :name``)."""
    return text(sql).bindparams(*(bindparam(n, expanding=True) for n in names))


@dataclass
class LedgerCheck:
    accepted: int
    wanted: list[str] = field(default_factory=list)  # the application ids that must be everywhere
    events: dict[str, list[str]] = field(default_factory=dict)  # application id -> its event ids
    pool: dict[str, int] = field(default_factory=dict)
    inbox: dict[str, int] = field(default_factory=dict)  # by event id
    emails: dict[str, tuple[int, int]] = field(default_factory=dict)  # by event id: (rows, delivered)
    # by event id: distinct Message-IDs received (a reader's mail deduplicates by Message-ID), and
    # messages received again with a Message-ID already seen: the one message per send group a
    # sender killed between the server's acceptance and the commit of its outcome sends again
    # (services/notifications/service/dispatcher.py), reported, not a second notice
    smtp: dict[str, int] = field(default_factory=dict)
    resent: dict[str, int] = field(default_factory=dict)
    extra_pool: list[str] = field(default_factory=list)

    def _event_ids(self) -> list[str]:
        return [e for ev in self.events.values() for e in ev]

    def missing(self) -> dict[str, int]:
        eids = self._event_ids()
        return {
            "event": sum(1 for a in self.wanted if not self.events.get(a)),
            "pool": sum(1 for a in self.wanted if not self.pool.get(a)),
            "inbox": sum(1 for e in eids if not self.inbox.get(e)),
            "email row delivered": sum(1 for e in eids if not self.emails.get(e, (0, 0))[1]),
            "smtp": sum(1 for e in eids if not self.smtp.get(e)),
        }

    def twice(self) -> dict[str, int]:
        eids = self._event_ids()
        return {
            "event": sum(1 for ev in self.events.values() if len(ev) > 1),
            "pool": sum(1 for n in self.pool.values() if n > 1),
            "inbox": sum(1 for e in eids if self.inbox.get(e, 0) > 1),
            "email row": sum(1 for e in eids if self.emails.get(e, (0, 0))[0] > 1),
            "smtp": sum(1 for e in eids if self.smtp.get(e, 0) > 1),
        }

    @property
    def complete(self) -> bool:
        return not any(self.missing().values())

    @property
    def exact(self) -> bool:
        return self.complete and not any(self.twice().values()) and not self.extra_pool


async def _count(check: LedgerCheck, cycles: list[str], engines: dict[str, AsyncEngine], sink: MailSink) -> None:
    """Fill in the pool entries of ``check.wanted`` and, for every event in ``check.events``,
    its inbox entries, e-mail rows and messages at the SMTP server."""
    async with engines["matching"].connect() as conn:
        rows = await conn.execute(
            expanding(
                "SELECT application_id, count(*) FROM pool_entries WHERE cycle_id IN :c GROUP BY application_id", "c"
            ),
            {"c": cycles},
        )
        wanted = set(check.wanted)
        for app_id, n in rows:
            if app_id in wanted:
                check.pool[app_id] = n
            else:
                check.extra_pool.append(app_id)
    eids = check._event_ids()
    if eids:
        async with engines["notifications"].connect() as conn:
            rows = await conn.execute(
                expanding(
                    "SELECT source_event_id, count(*) FROM inbox_entries WHERE source_event_id "
                    "IN :e GROUP BY source_event_id",
                    "e",
                ),
                {"e": eids},
            )
            check.inbox = {e: n for e, n in rows}
            rows = await conn.execute(
                expanding(
                    "SELECT source_event_id, count(*), sum(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END) "
                    "FROM notifications WHERE channel = 'email' AND source_event_id IN :e GROUP BY source_event_id",
                    "e",
                ),
                {"e": eids},
            )
            check.emails = {e: (n, int(d or 0)) for e, n, d in rows}
    received = sink.message_ids_by_event()
    check.smtp = {e: len(set(received.get(e, []))) for e in eids}
    check.resent = {e: len(received.get(e, [])) - check.smtp[e] for e in eids if received.get(e)}


async def check_ledger(
    accepted: list[Accepted],
    cycles: list[str],
    engines: dict[str, AsyncEngine],
    sink: MailSink,
    submitted: SubmittedEvents,
) -> LedgerCheck:
    ids = [a.application_id for a in accepted]
    check = LedgerCheck(len(ids), wanted=ids)
    if not ids:
        return check
    for app_id in ids:
        if submitted.by_application.get(app_id):
            check.events[app_id] = sorted(submitted.by_application[app_id])
    await _count(check, cycles, engines, sink)
    return check


@dataclass
class MatchingOutcomes:
    """A cycle's outcome events as Kafka holds them on corridor.matching.v1, read from the start
    to the end offsets: application id -> the distinct event ids that tell its applicant, the
    distinct proposal event ids, and how many records carried each event id (a relay that
    resent a batch after a broker fault leaves copies; consumers drop them by event id)."""

    told: dict[str, set[str]] = field(default_factory=dict)
    proposed: dict[str, set[str]] = field(default_factory=dict)
    records: Counter[str] = field(default_factory=Counter)

    @property
    def copies(self) -> int:
        """Records beyond the first of each event id."""
        return sum(n - 1 for n in self.records.values())

    @classmethod
    async def read(cls, bootstrap: str, cycle_id: str, timeout: float = 120) -> MatchingOutcomes:
        topic = Topics.MATCHING.value
        admin = kafka_admin(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            described = await admin.describe_topics([topic])
        finally:
            await admin.close()
        tps = [TopicPartition(topic, p["partition"]) for t in described for p in t["partitions"]]
        reader = kafka_consumer(
            bootstrap_servers=bootstrap,
            group_id=None,
            enable_auto_commit=False,
            isolation_level="read_committed",
        )
        out = cls()
        await reader.start()
        try:
            reader.assign(tps)
            await reader.seek_to_beginning(*tps)
            ends = await reader.end_offsets(tps)

            async def behind() -> bool:
                return any([await reader.position(tp) < ends[tp] for tp in tps])

            deadline = time.monotonic() + timeout
            while await behind():
                assert time.monotonic() < deadline, f"{topic} not read to its end in {timeout}s"
                batches = await reader.getmany(*tps, timeout_ms=1000, max_records=5000)
                for records in batches.values():
                    for rec in records:
                        env = decode_record(rec)
                        if env is None or env.type not in (*TELLS, PROPOSED):
                            continue
                        data = env.data or {}
                        if data.get("cycle_id") != cycle_id:
                            continue
                        kept = out.told if env.type in TELLS else out.proposed
                        kept.setdefault(data["application_id"], set()).add(env.id)
                        out.records[env.id] += 1
        finally:
            await reader.stop()
        return out


async def check_round(
    applications: list[str],
    cycle_id: str,
    outcomes: MatchingOutcomes,
    engines: dict[str, AsyncEngine],
    sink: MailSink,
) -> LedgerCheck:
    """The ledger of a round: every pooled application of the cycle one outcome event that
    tells its applicant, told once (inbox, e-mail row, SMTP)."""
    check = LedgerCheck(len(applications), wanted=list(applications))
    check.events = {a: sorted(outcomes.told[a]) for a in applications if outcomes.told.get(a)}
    await _count(check, [cycle_id], engines, sink)
    return check
