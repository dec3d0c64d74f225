"""The ledger: what the load generator was told (201/200) against what every service holds.

For each accepted application: exactly one application.submitted event published by the
applications service (one event id on its topic, however often the relay had to send it),
exactly one pool entry in the matching service's
database, exactly one inbox entry and one e-mail notification row (delivered) in the
notifications service's database for that event, and exactly one message at the SMTP
server. Nothing in the load's cycles that was not accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.kafka import SubmittedEvents
from tests.support.mail import MailSink
from tools.loadgen import Accepted


def _in(sql: str, *names: str):
    return text(sql).bindparams(*(bindparam(n, expanding=True) for n in names))


@dataclass
class LedgerCheck:
    accepted: int
    events: dict[str, list[str]] = field(default_factory=dict)  # application id -> submitted event ids
    pool: dict[str, int] = field(default_factory=dict)
    inbox: dict[str, int] = field(default_factory=dict)  # by event id
    emails: dict[str, tuple[int, int]] = field(default_factory=dict)  # by event id: (rows, delivered)
    smtp: dict[str, int] = field(default_factory=dict)
    extra_pool: list[str] = field(default_factory=list)

    def missing(self) -> dict[str, int]:
        ids = list(self.events_wanted)
        eids = [e for ev in self.events.values() for e in ev]
        return {
            "event": sum(1 for a in ids if not self.events.get(a)),
            "pool": sum(1 for a in ids if not self.pool.get(a)),
            "inbox": sum(1 for e in eids if not self.inbox.get(e)),
            "email row delivered": sum(1 for e in eids if not self.emails.get(e, (0, 0))[1]),
            "smtp": sum(1 for e in eids if not self.smtp.get(e)),
        }

    def twice(self) -> dict[str, int]:
        eids = [e for ev in self.events.values() for e in ev]
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


async def check_ledger(
    accepted: list[Accepted],
    cycles: list[str],
    engines: dict[str, AsyncEngine],
    sink: MailSink,
    submitted: SubmittedEvents,
) -> LedgerCheck:
    ids = [a.application_id for a in accepted]
    check = LedgerCheck(len(ids))
    check.events_wanted = ids  # type: ignore[attr-defined]
    if not ids:
        return check
    for app_id in ids:
        if submitted.by_application.get(app_id):
            check.events[app_id] = sorted(submitted.by_application[app_id])
    async with engines["matching"].connect() as conn:
        rows = await conn.execute(
            _in("SELECT application_id, count(*) FROM pool_entries WHERE cycle_id IN :c GROUP BY application_id", "c"),
            {"c": cycles},
        )
        wanted = set(ids)
        for app_id, n in rows:
            if app_id in wanted:
                check.pool[app_id] = n
            else:
                check.extra_pool.append(app_id)
    eids = [e for ev in check.events.values() for e in ev]
    if eids:
        async with engines["notifications"].connect() as conn:
            rows = await conn.execute(
                _in(
                    "SELECT source_event_id, count(*) FROM inbox_entries WHERE source_event_id "
                    "IN :e GROUP BY source_event_id",
                    "e",
                ),
                {"e": eids},
            )
            check.inbox = {e: n for e, n in rows}
            rows = await conn.execute(
                _in(
                    "SELECT source_event_id, count(*), sum(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END) "
                    "FROM notifications WHERE channel = 'email' AND source_event_id IN :e GROUP BY source_event_id",
                    "e",
                ),
                {"e": eids},
            )
            check.emails = {e: (n, int(d or 0)) for e, n, d in rows}
    smtp = sink.by_event()
    check.smtp = {e: smtp.get(e, 0) for e in eids}
    return check
