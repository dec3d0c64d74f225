"""Issue 18 item 6, the service layer on SQLite: a partner acting for several institutions,
replaying its own dead deliveries, a test event (ping) and a secret rotation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

from services.notifications.domain import partner
from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import InstitutionRef, JournalEntry, Notification, WebhookSubscription
from services.notifications.service import deliveries, partners
from services.notifications.service.channels import DeliveryError, SignedRequest
from shared.clock import utcnow
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.paging import Paging
from shared.principal import Principal, Role
from tests.unit.notifications.fakes import FakeDns, FakeWebhookSender, guard, sqlite_database

TWO = Principal(sub="p-1", role=Role.PARTNER, institutions=["xjmu", "xjmu-nursing"])
OTHER = Principal(sub="p-2", role=Role.PARTNER, institutions=["tju"])


@pytest.fixture
async def db(tmp_path):
    database = await sqlite_database(tmp_path)
    yield database
    await database.dispose()


async def subscription(db, caller=TWO, institution_id: str | None = "xjmu-nursing") -> WebhookSubscription:
    async with db.session() as s, s.begin():
        return await partners.subscribe(
            s,
            caller,
            url="https://intake.example/hook",
            event_types=[],
            institution_id=institution_id,
            description="",
            guard=guard(),
        )


async def dead_delivery(db, sub: WebhookSubscription) -> str:
    row = Notification(
        source_event_id="evt-1",
        event_type="org.corridor.match.approved.v1",
        channel=Channel.WEBHOOK,
        recipient=sub.id,
        institution_id=sub.institution_id,
        context={"message_id": "msg_1", "payload": {"type": "application.offered", "data": {}}},
        status=DeliveryStatus.DEAD,
        attempts=9,
    )
    async with db.session() as s, s.begin():
        s.add(row)
    return row.id


async def test_a_partner_of_several_institutions_names_one_and_replays_its_own_dead_deliveries(db):
    with pytest.raises(Invalid) as ambiguous:
        await subscription(db, institution_id=None)
    assert ambiguous.value.code == "subscription.institution_ambiguous"
    sub = await subscription(db)
    assert sub.institution_id == "xjmu-nursing"
    row_id = await dead_delivery(db, sub)

    with pytest.raises(NotFound):  # another partner's delivery answers as unknown
        async with db.session() as s, s.begin():
            await deliveries.replay(s, row_id, Channel.WEBHOOK, OTHER)
    async with db.session() as s, s.begin():
        row = await deliveries.replay(s, row_id, Channel.WEBHOOK, TWO)
        assert row.status == DeliveryStatus.PENDING and row.attempts == 0
    async with db.session() as s:
        mine, total = await deliveries.notifications(
            s, Paging(offset=0, limit=50), channel=Channel.WEBHOOK, institution_id="xjmu-nursing", caller=TWO
        )
        assert total == 1 and mine[0].id == row_id
        theirs, total = await deliveries.notifications(
            s, Paging(offset=0, limit=50), channel=Channel.WEBHOOK, caller=OTHER
        )
        assert total == 0


async def delivery(db, sub: WebhookSubscription, status: DeliveryStatus, attempts: int, due_in: timedelta) -> str:
    row = Notification(
        source_event_id=f"evt-{status}-{attempts}",
        event_type="org.corridor.match.approved.v1",
        channel=Channel.WEBHOOK,
        recipient=sub.id,
        institution_id=sub.institution_id,
        context={"message_id": f"msg_{attempts}", "payload": {"type": "application.offered", "data": {}}},
        status=status,
        attempts=attempts,
        next_attempt_at=utcnow() + due_in,
    )
    async with db.session() as s, s.begin():
        s.add(row)
    return row.id


async def test_an_endpoint_back_after_an_outage_has_its_waiting_deliveries_sent_now(db):
    """A partner whose endpoint came back had waited for each delivery's next try (hours later
    in the schedule): one waiting delivery goes now, or all of a subscription's at once; the
    tries are counted as they were, and dead or delivered ones are left as they are."""
    sub = await subscription(db)
    waiting = [await delivery(db, sub, DeliveryStatus.PENDING, n, timedelta(hours=4)) for n in (3, 5)]
    dead = await delivery(db, sub, DeliveryStatus.DEAD, 9, timedelta(hours=-1))
    delivered = await delivery(db, sub, DeliveryStatus.DELIVERED, 1, timedelta(hours=-1))

    async with db.session() as s, s.begin():
        row = await deliveries.replay(s, waiting[0], Channel.WEBHOOK, TWO)
        assert row.status == DeliveryStatus.PENDING and row.attempts == 3 and row.next_attempt_at <= utcnow()
    with pytest.raises(Conflict) as refused:
        async with db.session() as s, s.begin():
            await deliveries.replay(s, delivered, Channel.WEBHOOK, TWO)
    assert refused.value.code == "delivery.not_dead"

    async with db.session() as s, s.begin():
        assert await deliveries.retry_waiting(s, sub, TWO) == (1, 0)  # the other one; the first is due already
    async with db.session() as s:
        rows = {r.id: r for r in (await s.scalars(select(Notification))).all()}
    assert all(rows[w].next_attempt_at <= utcnow() and rows[w].status == DeliveryStatus.PENDING for w in waiting)
    assert rows[waiting[1]].attempts == 5
    assert rows[dead].status == DeliveryStatus.DEAD and rows[delivered].status == DeliveryStatus.DELIVERED
    # after an outage longer than the schedule: the dead ones too, at once, each with a fresh schedule
    async with db.session() as s, s.begin():
        assert await deliveries.retry_waiting(s, sub, TWO, dead_too=True, reason="endpoint back") == (0, 1)
    async with db.session() as s:
        again = await s.get(Notification, dead)
        assert (again.status, again.attempts) == (DeliveryStatus.PENDING, 0) and again.next_attempt_at <= utcnow()
        assert (await s.get(Notification, delivered)).status == DeliveryStatus.DELIVERED
    # another partner cannot name this subscription, nor list another institution's deliveries
    with pytest.raises(NotFound):
        async with db.session() as s:
            await partners.subscription_of(s, OTHER, sub.id, active=True)
    with pytest.raises(Forbidden) as foreign:
        async with db.session() as s:
            await deliveries.notifications(s, Paging(offset=0, limit=50), institution_id="xjmu", caller=OTHER)
    assert foreign.value.code == "partner.foreign_institution"


async def test_a_subscription_changes_its_address_and_types_in_place_keeping_its_secret(db):
    """Only deleting and subscribing again had changed an endpoint, with a new secret to
    install; a new address is checked as a new subscription's is, and the change journaled."""
    sub = await subscription(db)
    secret = sub.secret
    async with db.session() as s, s.begin():
        changed = await partners.change(
            s,
            TWO,
            sub.id,
            url="https://intake2.example/hook",
            event_types=["application.offered", "application.offered"],
            description=None,
            guard=guard(),
        )
    assert (changed.url, changed.event_types, changed.secret) == (
        "https://intake2.example/hook",
        ["application.offered"],
        secret,
    )
    with pytest.raises(Invalid) as refused:  # an address Corridor may not call
        async with db.session() as s, s.begin():
            await partners.change(
                s, TWO, sub.id, url="https://internal.example/h", event_types=None, description=None,
                guard=guard(dns=FakeDns({"internal.example": ["10.0.0.8"]})),
            )  # fmt: skip
    assert refused.value.errors[0].field == "url"
    with pytest.raises(NotFound):  # another partner's
        async with db.session() as s, s.begin():
            await partners.change(s, OTHER, sub.id, url=None, event_types=[], description="x", guard=guard())
    async with db.session() as s:
        kept = await s.get(WebhookSubscription, sub.id)
        entries = (await s.scalars(select(JournalEntry).where(JournalEntry.action == "subscription.changed"))).all()
    assert kept.url == "https://intake2.example/hook"  # the refused change left it as it was
    assert len(entries) == 1 and entries[0].before["url"] == "https://intake.example/hook"
    assert secret not in str(entries[0].before) + str(entries[0].after)


class Refusing(FakeWebhookSender):
    async def send(self, url: str, request: SignedRequest) -> int:
        self.posts.append((url, request))
        raise DeliveryError("HTTP 500", status_code=500)


async def test_ping_sends_a_signed_test_event_and_reports_the_answer(db):
    sub = await subscription(db)
    sender = FakeWebhookSender()
    async with db.session() as s:
        result = await partners.ping(s, TWO, sub.id, sender)
    assert result.delivered and result.status_code == 204
    [(url, request)] = sender.posts
    event = Webhook(sub.secret).verify(request.body, request.headers)
    assert url == sub.url and event["type"] == "webhook.ping"
    assert event["data"] == {"subscription_id": sub.id, "institution_id": "xjmu-nursing"}
    assert request.headers["webhook-id"] == result.message_id
    async with db.session() as s:
        refused = await partners.ping(s, TWO, sub.id, Refusing())
        assert not refused.delivered and refused.status_code == 500 and refused.error == "HTTP 500"
        with pytest.raises(NotFound):
            await partners.ping(s, OTHER, sub.id, sender)


async def test_a_rotation_signs_with_both_secrets_until_the_overlap_ends(db):
    sub = await subscription(db)
    old = sub.secret
    async with db.session() as s, s.begin():
        rotated = await partners.rotate_secret(s, TWO, sub.id, 3600)
        new = rotated.secret
    assert new != old and rotated.previous_secret == old
    assert rotated.previous_secret_until is not None
    assert timedelta(minutes=59) < rotated.previous_secret_until - utcnow() <= timedelta(hours=1)
    sender = FakeWebhookSender()
    async with db.session() as s:
        await partners.ping(s, TWO, sub.id, sender)
    [(_, request)] = sender.posts
    for secret in (old, new):
        assert Webhook(secret).verify(request.body, request.headers)["type"] == "webhook.ping"
    with pytest.raises(Invalid):
        async with db.session() as s, s.begin():
            await partners.rotate_secret(s, TWO, sub.id, 8 * 24 * 3600)


async def test_rotations_in_turn_keep_every_rotated_out_secret_signing_until_its_overlap_ends(db):
    """A second rotation within the first's overlap dropped the secret the partner still held
    (a retried rotation's answer lost on the way, say): A stopped verifying at once."""
    sub = await subscription(db)
    secrets = [sub.secret]
    for _ in range(partner.MAX_SIGNING_SECRETS - 1):
        async with db.session() as s, s.begin():
            secrets.append((await partners.rotate_secret(s, TWO, sub.id, 3600)).secret)
    sender = FakeWebhookSender()
    async with db.session() as s:
        await partners.ping(s, TWO, sub.id, sender)
    [(_, request)] = sender.posts
    assert len(request.headers["webhook-signature"].split()) == len(secrets)
    for secret in secrets:  # the first one as well as the last
        assert Webhook(secret).verify(request.body, request.headers)["type"] == "webhook.ping"
    with pytest.raises(Conflict) as full:  # one more would make six at once
        async with db.session() as s, s.begin():
            await partners.rotate_secret(s, TWO, sub.id, 3600)
    assert full.value.code == "subscription.too_many_rotations"
    async with db.session() as s, s.begin():  # without overlap: every old secret ends now
        last = (await partners.rotate_secret(s, TWO, sub.id, 0)).secret
    sender = FakeWebhookSender()
    async with db.session() as s:
        await partners.ping(s, TWO, sub.id, sender)
    [(_, request)] = sender.posts
    assert len(request.headers["webhook-signature"].split()) == 1
    assert Webhook(last).verify(request.body, request.headers)["type"] == "webhook.ping"


def test_an_earlier_secret_stops_signing_when_its_own_overlap_ends():
    now = utcnow()
    earlier = [
        ["whsec_a", (now + timedelta(minutes=5)).isoformat()],
        ["whsec_b", (now - timedelta(seconds=1)).isoformat()],
    ]
    assert partner.signing_secrets("whsec_c", None, None, now, earlier) == ["whsec_c", "whsec_a"]
    assert partner.signing_secrets("whsec_c", None, None, now + timedelta(minutes=6), earlier) == ["whsec_c"]


def test_a_later_rotation_with_a_shorter_overlap_shortens_the_older_secrets_too():
    now = utcnow()
    after = partner.rotated("whsec_b", "whsec_a", now + timedelta(days=6), [], "whsec_c", timedelta(hours=1), now)
    assert after is not None
    secret, previous, until, earlier = after
    assert (secret, previous, until) == ("whsec_c", "whsec_b", now + timedelta(hours=1))
    assert earlier == [["whsec_a", (now + timedelta(hours=1)).isoformat()]]  # not six days more


ADMIN = Principal(sub="ops-1", role=Role.ADMIN)


async def test_an_admin_subscribes_only_for_an_institution_the_catalog_has(db):
    """An admin's typo subscribed for an institution nobody acts for, and nothing was ever sent."""
    with pytest.raises(Invalid) as refused:
        await subscription(db, ADMIN, "no-such-inst")
    assert (refused.value.code, refused.value.field) == ("webhook.unknown_institution", "institution_id")
    async with db.session() as s, s.begin():
        s.add(InstitutionRef(institution_id="xjmu-nursing", name="XJMU School of Nursing"))
    made = await subscription(db, ADMIN, "xjmu-nursing")
    assert made.institution_id == "xjmu-nursing"
    async with db.session() as s:
        assert [x.institution_id for x in await s.scalars(select(WebhookSubscription))] == ["xjmu-nursing"]


def test_a_subscription_body_refuses_a_field_it_does_not_know():
    """``evnt_types`` was dropped and the default, every event type, subscribed to."""
    from pydantic import ValidationError

    from services.notifications.api.schemas import SubscriptionIn

    for extra in ({"evnt_types": ["application.offered"]}, {"secret": "whsec_mine"}):
        with pytest.raises(ValidationError) as refused:
            SubscriptionIn.model_validate({"url": "https://intake.example/hook", **extra})
        [error] = refused.value.errors()
        assert error["type"] == "extra_forbidden" and error["loc"] == (next(iter(extra)),)
