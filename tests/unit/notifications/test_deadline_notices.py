"""Stage deadlines as their people hear of them (issue 14): a nomination list's deadline goes to
that country's authority only, a host's to that host's users only, a passed deadline to the
scheme's officers; through the real idempotent consumer on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from services.notifications.models import InboxEntry, Notification
from shared.events.catalog import AccountUpserted, StageAwaiting, StageDeadlineNear, StageDeadlinePassed
from tests.unit.notifications.fakes import envelope, record
from tests.unit.notifications.test_fanout import INST, catalog, consumer

CLOSES = datetime(2027, 4, 30, 23, 59, tzinfo=UTC)


def account(account_id: str, role: str, **scope) -> AccountUpserted:
    return AccountUpserted(account_id=account_id, role=role, name=account_id, email=f"{account_id}@x.org", **scope)


PEOPLE = [
    account("hec", "nominator", schemes=["sco"], countries=["PK"], preferred_language="ur"),
    account("kz-ministry", "nominator", schemes=["sco"], countries=["KZ"]),
    account("host", "partner", institutions=[INST], preferred_language="zh"),
    account("other-host", "partner", institutions=["elsewhere"]),
    account("sco-officer", "officer", schemes=["sco"]),
    account("cpec-officer", "officer", schemes=["cgs-cpec"]),
]


async def _told(db) -> dict[str, list[str]]:
    async with db.session() as s:
        inbox = (await s.scalars(select(InboxEntry))).all()
        mails = (await s.scalars(select(Notification).where(Notification.template.like("deadline_%")))).all()
    by: dict[str, list[str]] = {}
    for e in inbox:
        if e.event_type.endswith(("deadline_near.v1", "deadline_passed.v1")):
            by.setdefault(e.recipient_id, []).append(e.subject)
    assert sorted(m.recipient for m in mails) == sorted(r for r, subjects in by.items() for _ in subjects)
    return by


async def test_each_deadline_reaches_its_owner_and_then_the_officers(db):
    c = consumer(db, [])
    await catalog(c, db)
    offset = 100
    for person in PEOPLE:
        await c.process(record(envelope(person), offset=offset))
        offset += 1
    common = {"cycle_id": "sco-2026", "scheme_id": "sco", "closes_at": CLOSES}
    near = StageDeadlineNear(**common, stage="nomination", sending_country="PK", pending=12, days_left=2)
    host_near = StageDeadlineNear(**common, stage="admission", institution_id=INST, pending=3, days_left=7)
    passed = StageDeadlinePassed(
        **common, stage="admission", institution_id=INST, pending=3, action="decline", declined=3
    )
    for event in (near, host_near, passed):
        env = envelope(event)
        await c.process(record(env, offset=offset))
        await c.process(record(env, offset=offset + 1))  # redelivered: told once
        offset += 2
    told = await _told(db)
    assert set(told) == {"hec", "host", "sco-officer"}
    assert len(told["hec"]) == len(told["host"]) == len(told["sco-officer"]) == 1
    assert "نامزدگی" in told["hec"][0]  # in the authority's language
    async with db.session() as s:
        links = {
            m.recipient: m.context.get("link")
            for m in await s.scalars(select(Notification).where(Notification.template.like("deadline_near_%")))
        }
    assert links["hec"].endswith("/nominations/sco-2026/PK")
    assert links["host"].endswith(f"/host/admissions?cycle_id=sco-2026&institution_id={INST}")
    assert "录取" in told["host"][0]
    assert told["sco-officer"] == ["Admission deadline passed: SCO 2026/27"]


async def test_new_applicants_sent_to_a_host_reach_its_admissions_staff_in_their_language_once(db):
    """A host heard of the applicants waiting for its decision only from the deadline's reminder
    (and never in a cycle without an admission deadline)."""
    c = consumer(db, [])
    await catalog(c, db)
    for offset, person in enumerate(PEOPLE, start=100):
        await c.process(record(envelope(person), offset=offset))
    env = envelope(
        StageAwaiting(cycle_id="sco-2026", scheme_id="sco", stage="admission", institution_id=INST, pending=5, new=2)
    )
    await c.process(record(env, offset=200))
    await c.process(record(env, offset=201))  # redelivered: told once
    async with db.session() as s:
        told = (await s.scalars(select(InboxEntry).where(InboxEntry.event_type.like("%awaiting%")))).all()
        mails = (await s.scalars(select(Notification).where(Notification.template == "awaiting_admission"))).all()
    assert [e.recipient_id for e in told] == ["host"] and [m.recipient for m in mails] == ["host"]
    assert told[0].subject == "有新的申请人等待您作出录取决定：SCO 2026/27"
    assert "2 名新申请人" in told[0].body and "共有 5 名尚未决定" in told[0].body
    # the e-mail and the inbox entry link the host's admissions page of the cycle (the portal's root before)
    assert mails[0].context["link"].endswith(f"/host/admissions?cycle_id=sco-2026&institution_id={INST}")
    assert mails[0].context["link"] in told[0].body
