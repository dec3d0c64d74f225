"""The notifications service's audit journal on SQLite (issue 16): each change of consequence
made through its API leaves exactly one entry in its own transaction, with who, before and
after and why; a refused change and a change that changes nothing leave none; no secret is
ever journaled."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.domain.journal import Action
from services.notifications.models import JournalEntry, Notification, WebhookSubscription
from services.notifications.service import deliveries, partners
from shared.errors import Invalid, NotFound
from shared.principal import Principal, Role
from tests.unit.notifications.fakes import guard

PARTNER = Principal(sub="p-1", role=Role.PARTNER, name="Intake office, XJMU", institutions=["xjmu"])
OTHER = Principal(sub="p-2", role=Role.PARTNER, institutions=["tju"])
ADMIN = Principal(sub="ops-1", role=Role.ADMIN, name="Operations")


async def entries(db) -> list[JournalEntry]:
    async with db.session() as s:
        return list((await s.scalars(select(JournalEntry).order_by(JournalEntry.id))).all())


async def count(db) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(JournalEntry))


async def subscribe(db, caller=PARTNER, url="https://intake.example/hook", **kw) -> WebhookSubscription:
    async with db.session() as s, s.begin():
        return await partners.subscribe(
            s,
            caller,
            url=url,
            event_types=["application.offered", "application.offered"],
            institution_id=kw.get("institution_id"),
            description="admissions system",
            guard=guard(),
        )


async def dead(db, *, channel=Channel.WEBHOOK, recipient: str, institution_id: str | None, event: str = "evt-1") -> str:
    row = Notification(
        source_event_id=event,
        event_type="org.corridor.match.approved.v1",
        channel=channel,
        recipient=recipient,
        institution_id=institution_id,
        context={"message_id": "msg_1", "payload": {"type": "application.offered", "data": {}}},
        status=DeliveryStatus.DEAD,
        attempts=9,
        last_error="failed",
    )
    async with db.session() as s, s.begin():
        s.add(row)
    return row.id


async def test_a_subscription_created_is_one_entry_with_who_and_what_but_not_its_secret(db):
    sub = await subscribe(db)
    [entry] = await entries(db)
    assert entry.action == Action.SUBSCRIPTION_CREATED
    assert (entry.actor, entry.actor_name) == ("p-1", "Intake office, XJMU")
    assert entry.subject == f"subscription:{sub.id}" and entry.before is None
    assert entry.after == {
        "institution_id": "xjmu",
        "url": "https://intake.example/hook",
        "event_types": ["application.offered"],
        "description": "admissions system",
        "active": True,
    }
    assert sub.secret not in json.dumps([entry.before, entry.after, entry.reason])


async def test_a_refused_subscription_leaves_no_entry(db):
    with pytest.raises(Invalid):
        await subscribe(db, url="http://intake.example/hook")  # not https
    with pytest.raises(Invalid):
        await subscribe(db, ADMIN)  # an admin names the institution
    assert await count(db) == 0


async def test_a_deleted_subscription_is_one_entry_and_deleting_it_again_is_none(db):
    sub = await subscribe(db)
    with pytest.raises(NotFound):  # another partner's subscription answers as unknown
        async with db.session() as s, s.begin():
            await partners.unsubscribe(s, OTHER, sub.id, "not ours")
    async with db.session() as s, s.begin():
        await partners.unsubscribe(s, PARTNER, sub.id, "moving to the new admissions system")
    async with db.session() as s, s.begin():
        await partners.unsubscribe(s, ADMIN, sub.id, "again")  # already stopped: nothing changes
    created, deleted = await entries(db)
    assert created.action == Action.SUBSCRIPTION_CREATED and deleted.action == Action.SUBSCRIPTION_DELETED
    assert deleted.actor == "p-1" and deleted.reason == "moving to the new admissions system"
    assert deleted.before["active"] is True and deleted.after["active"] is False
    assert deleted.after["url"] == "https://intake.example/hook"


async def test_stopping_a_subscription_cancels_its_waiting_deliveries_at_once_and_leaves_the_dead_and_others(db):
    """They had waited, pending, until their next due time (hours on the retry schedule) and were
    then cancelled as one more try."""
    sub = await subscribe(db)
    other = await subscribe(db, url="https://intake.example/other")
    waiting = await dead(db, recipient=sub.id, institution_id="xjmu")
    dead_one = await dead(db, recipient=sub.id, institution_id="xjmu", event="evt-2")
    others = await dead(db, recipient=other.id, institution_id="xjmu")
    async with db.session() as s, s.begin():
        for row_id in (waiting, others):
            row = await s.get(Notification, row_id)
            row.status, row.attempts = DeliveryStatus.PENDING, 3
    async with db.session() as s, s.begin():
        await partners.unsubscribe(s, PARTNER, sub.id, "moving to the new admissions system")
    async with db.session() as s:
        got = {i: await s.get(Notification, i) for i in (waiting, dead_one, others)}
    assert got[waiting].status == DeliveryStatus.CANCELLED and got[waiting].attempts == 3
    assert got[waiting].last_error == "subscription removed"
    assert got[dead_one].status == DeliveryStatus.DEAD  # dead stays dead, as it was
    assert got[others].status == DeliveryStatus.PENDING  # another subscription's go on


async def test_a_rotation_is_one_entry_with_the_overlap_and_neither_secret(db):
    sub = await subscribe(db)
    old = sub.secret
    async with db.session() as s, s.begin():
        rotated = await partners.rotate_secret(s, ADMIN, sub.id, 3600, "the old secret leaked in a log")
        new = rotated.secret
        until = rotated.previous_secret_until
    with pytest.raises(Invalid):  # too long an overlap: refused, not journaled
        async with db.session() as s, s.begin():
            await partners.rotate_secret(s, PARTNER, sub.id, 8 * 24 * 3600)
    _, rotation = await entries(db)
    assert rotation.action == Action.SECRET_ROTATED and rotation.actor == "ops-1"
    assert rotation.before == {"institution_id": "xjmu", "previous_secret_until": None}
    assert rotation.after["overlap_seconds"] == 3600 and rotation.after["institution_id"] == "xjmu"
    assert rotation.after["previous_secret_until"] == until.isoformat()
    assert rotation.reason == "the old secret leaked in a log"
    text = json.dumps([rotation.before, rotation.after, rotation.reason])
    assert old not in text and new not in text


async def test_a_replay_is_one_entry_per_replayed_delivery_and_a_refused_one_none(db):
    sub = await subscribe(db)
    hook = await dead(db, recipient=sub.id, institution_id="xjmu")
    mail = await dead(db, channel=Channel.EMAIL, recipient="stu-1", institution_id=None)
    with pytest.raises(NotFound):  # another partner's delivery
        async with db.session() as s, s.begin():
            await deliveries.replay(s, hook, Channel.WEBHOOK, OTHER)
    async with db.session() as s, s.begin():
        await deliveries.replay(s, hook, Channel.WEBHOOK, PARTNER, "our endpoint is back")
    async with db.session() as s, s.begin():  # due already: answered as it stands, no second entry
        again = await deliveries.replay(s, hook, Channel.WEBHOOK, PARTNER)
        assert again.status == "pending" and again.attempts == 0
    async with db.session() as s, s.begin():
        await deliveries.replay(s, mail, None, ADMIN, "SMTP outage over")
    _, by_partner, by_admin = await entries(db)
    assert by_partner.action == by_admin.action == Action.DELIVERY_REPLAYED
    assert by_partner.subject == f"notification:{hook}" and by_partner.actor == "p-1"
    assert by_partner.before["status"] == "dead" and by_partner.before["attempts"] == 9
    assert by_partner.after["status"] == "pending" and by_partner.after["attempts"] == 0
    assert by_partner.after["recipient"] == sub.id and by_partner.after["institution_id"] == "xjmu"
    assert by_partner.reason == "our endpoint is back"
    assert by_admin.subject == f"notification:{mail}" and by_admin.actor == "ops-1"
    assert by_admin.after["channel"] == "email" and by_admin.reason == "SMTP outage over"


async def test_an_entry_rolls_back_with_its_change(db):
    sub = await subscribe(db)
    with pytest.raises(RuntimeError):
        async with db.session() as s, s.begin():
            await partners.unsubscribe(s, PARTNER, sub.id)
            raise RuntimeError("the request failed after the change")
    assert [e.action for e in await entries(db)] == [Action.SUBSCRIPTION_CREATED]
    async with db.session() as s:
        assert (await s.get(WebhookSubscription, sub.id)).active
