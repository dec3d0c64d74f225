"""The notifications service's audit journal over real PostgreSQL and Kafka (issue 16): each
change of consequence made through its API (a subscription created or deleted, a secret
rotated, a dead webhook or e-mail replayed) leaves exactly one entry, with who, before, after
and why; a refused or idle request leaves none; admins read it (paged, newest first, and as
CSV), no one else; PostgreSQL refuses to change or delete an entry."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import Notification
from shared.principal import Role
from tests.integration.notifications.helpers import service_with_mail
from tests.support.ids import uid
from tests.support.infra import free_port
from tests.support.services import auth


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    # loopback endpoints allowed explicitly, over http (nothing listens: a replay only re-queues)
    async with service_with_mail(
        kafka, postgres, "notif_journal", webhook_require_https=False, webhook_allow=["127.0.0.1/32"]
    ) as env:
        yield env


async def _dead(app, *, channel: Channel, recipient: str, institution_id: str | None) -> str:
    row = Notification(
        source_event_id=uid("evt"),
        event_type="org.corridor.match.approved.v1",
        channel=channel,
        recipient=recipient,
        institution_id=institution_id,
        context={"message_id": uid("msg"), "payload": {"type": "application.offered", "data": {}}},
        status=DeliveryStatus.DEAD,
        attempts=4,
        last_error="failed",
    )
    async with app.state.runtime.db.session() as s, s.begin():
        s.add(row)
    return row.id


async def _journal(client, admin, **params) -> dict:
    r = await client.get("/journal", headers=admin, params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()


async def test_each_change_leaves_exactly_one_entry_and_the_journal_is_append_only(env):
    app, c, _mail, _pub = env
    inst = uid("xjmu")
    partner = auth(Role.PARTNER, "partner-1", name="Intake office", institutions=[inst])
    other = auth(Role.PARTNER, "partner-2", institutions=[uid("tju")])
    admin = auth(Role.ADMIN, "ops-1", name="Operations")
    url = f"http://127.0.0.1:{free_port()}/hook"

    # two subscriptions created by the partner
    subs = []
    for description in ("admissions", "registry"):
        r = await c.post("/webhooks/subscriptions", json={"url": url, "description": description}, headers=partner)
        assert r.status_code == 201, r.text
        assert r.headers["cache-control"] == "no-store"  # its signing secret, shown once
        subs.append(r.json())
    first, second = subs
    # the first's secret rotated by the partner, then the subscription stopped by an admin
    r = await c.post(
        f"/webhooks/subscriptions/{first['id']}/secret",
        json={"overlap_seconds": 600, "reason": "rotating every quarter"},
        headers=partner,
    )
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store", r.text
    rotated_secret = r.json()["secret"]
    r = await c.delete(f"/webhooks/subscriptions/{first['id']}", params={"reason": "duplicate"}, headers=admin)
    assert r.status_code == 204
    # a dead webhook (replayed by its partner) and a dead e-mail (replayed by an admin)
    hook = await _dead(app, channel=Channel.WEBHOOK, recipient=second["id"], institution_id=inst)
    mail = await _dead(app, channel=Channel.EMAIL, recipient=uid("stu"), institution_id=None)
    r = await c.post(f"/webhooks/deliveries/{hook}/replay", json={"reason": "endpoint back"}, headers=partner)
    assert r.status_code == 200 and r.json()["status"] == "pending", r.text
    r = await c.post(f"/notifications/{mail}/replay", headers=admin)  # no body: no reason given
    assert r.status_code == 200, r.text

    # refused or idle requests: nothing journaled
    assert (await c.delete(f"/webhooks/subscriptions/{first['id']}", headers=admin)).status_code == 204  # stopped
    assert (await c.delete(f"/webhooks/subscriptions/{second['id']}", headers=other)).status_code == 404
    r = await c.post(f"/webhooks/subscriptions/{first['id']}/secret", headers=partner)
    assert r.status_code == 409 and r.json()["code"] == "subscription.inactive"
    assert (await c.post(f"/notifications/{mail}/replay", headers=partner)).status_code == 403
    assert (await c.post("/inbox/read-all", headers=auth(Role.APPLICANT, uid("stu")))).status_code == 200
    # an empty institution is no institution: 422 on the field (it was 403 "you do not act for institution ")
    r = await c.post("/webhooks/subscriptions", json={"url": url, "institution_id": ""}, headers=partner)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "institution_id", r.text
    r = await c.get("/partner/feed", params={"institution_id": ""}, headers=partner)
    assert r.status_code == 422, r.text
    for written in (f"{url}#part", url.replace("/hook", "/\u200bhook")):  # a fragment, a zero-width space
        r = await c.post("/webhooks/subscriptions", json={"url": written}, headers=partner)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "url", r.text
        r = await c.patch(f"/webhooks/subscriptions/{second['id']}", json={"url": written}, headers=partner)
        assert r.status_code == 422 and r.json()["code"] == "webhook.url_invalid", r.text

    page = await _journal(c, admin)
    entries = list(reversed(page["items"]))  # newest first: oldest first to read the story
    assert page["total"] == 6
    assert [(e["action"], e["actor"], e["subject"]) for e in entries] == [
        ("subscription.created", "partner-1", f"subscription:{first['id']}"),
        ("subscription.created", "partner-1", f"subscription:{second['id']}"),
        ("subscription.secret_rotated", "partner-1", f"subscription:{first['id']}"),
        ("subscription.deleted", "ops-1", f"subscription:{first['id']}"),
        ("delivery.replayed", "partner-1", f"notification:{hook}"),
        ("delivery.replayed", "ops-1", f"notification:{mail}"),
    ]
    created, _, rotation, deleted, hook_replay, mail_replay = entries
    assert created["actor_name"] == "Intake office" and created["before"] is None
    assert created["after"]["institution_id"] == inst and created["after"]["description"] == "admissions"
    assert rotation["after"]["overlap_seconds"] == 600 and rotation["reason"] == "rotating every quarter"
    assert first["secret"] not in str(rotation) and rotated_secret not in str(rotation)
    assert deleted["before"]["active"] is True and deleted["after"]["active"] is False
    assert deleted["reason"] == "duplicate" and deleted["actor_name"] == "Operations"
    assert hook_replay["before"]["status"] == "dead" and hook_replay["after"]["status"] == "pending"
    assert hook_replay["reason"] == "endpoint back" and mail_replay["after"]["channel"] == "email"
    assert mail_replay["reason"] == ""

    # paged newest first, filtered by action or subject
    newest = await _journal(c, admin, limit=2)
    assert newest["total"] == 6 and [e["id"] for e in newest["items"]] == [mail_replay["id"], hook_replay["id"]]
    assert (await _journal(c, admin, subject=f"subscription:{first['id']}"))["total"] == 3
    assert (await _journal(c, admin, action="delivery.replayed"))["total"] == 2
    # admins only
    for who in (partner, auth(Role.OFFICER, "officer-1")):
        assert (await c.get("/journal", headers=who)).status_code == 403
        assert (await c.get("/journal.csv", headers=who)).status_code == 403
    csv = await c.get("/journal.csv", headers=admin)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("id,at,actor,actor_name,action") and len(lines) == 7
    assert "subscription.created" in lines[1] and "delivery.replayed" in lines[6]  # oldest first

    # append-only: the database itself refuses to change or delete an entry
    async with app.state.runtime.db.session() as s:
        for statement in ("UPDATE journal SET reason = 'edited'", "DELETE FROM journal"):
            with pytest.raises(DBAPIError, match="append-only"):
                async with s.begin():
                    await s.execute(text(statement))
    assert (await _journal(c, admin))["total"] == 6


async def test_two_deletes_at_once_journal_one_deletion(env):
    """The subscription is locked while it changes: the second DELETE finds it stopped."""
    _app, c, _mail, _pub = env
    inst = uid("xjmu")
    partner = auth(Role.PARTNER, "partner-3", institutions=[inst])
    admin = auth(Role.ADMIN, "ops-1")
    r = await c.post("/webhooks/subscriptions", json={"url": f"http://127.0.0.1:{free_port()}/h"}, headers=partner)
    assert r.status_code == 201, r.text
    sub = r.json()["id"]
    answers = await asyncio.gather(
        *(c.delete(f"/webhooks/subscriptions/{sub}", headers=who) for who in (partner, admin, partner))
    )
    assert [a.status_code for a in answers] == [204, 204, 204]
    entries = (await _journal(c, admin, subject=f"subscription:{sub}"))["items"]
    assert [e["action"] for e in entries] == ["subscription.deleted", "subscription.created"]
