"""Storing one outcome: a row still as claimed takes one guarded UPDATE and its event's outbox
row; any other is read under a lock and stored from what it is now. Each case checks every
column the outcome writes and the event it stages."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from services.notifications.domain.delivery import (
    DELIVERED_TYPE,
    FAILED_TYPE,
    Channel,
    DeliveryStatus,
    try_stored,
)
from services.notifications.models import Notification, WebhookSubscription, infra
from services.notifications.service.dispatcher import Outcome
from shared.clock import aware, utcnow
from shared.events.catalog import NotificationDelivered, NotificationFailed
from shared.outbox import add_event
from tests.unit.notifications.test_dispatcher import add, contact, dispatcher, email_row, rows


async def staged(db) -> list[tuple[str, dict, list[str]]]:
    """The outbox rows: (type, data, header names)."""
    async with db.session() as s:
        found = await s.execute(
            select(infra.outbox.c.event_type, infra.outbox.c.payload, infra.outbox.c.headers).order_by(
                infra.outbox.c.id
            )
        )
        return [(t, json.loads(p), h[::2]) for t, p, h in found]


async def claimed(d) -> dict[str, Notification]:
    return {row.recipient: row for channel in Channel for row in await d.claim(channel)}


async def test_a_delivered_email_is_stored_with_the_same_event_the_general_way_stages(db):
    await add(db, contact("ann"), email_row("ann"))
    d = dispatcher(db)
    ann = (await claimed(d))["ann"]

    await d.record_many([Outcome(ann.id, status_code=250, claimed=ann)])

    row = (await rows(db))["ann"]
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == (DeliveryStatus.DELIVERED, 1, 250, None)
    assert row.claimed_until is None and row.delivered_at is not None
    assert row.context == {"cycle": "SCO 2026/27"}
    async with db.session() as s, s.begin():  # what add_event stages for the same outcome
        await add_event(
            s,
            infra,
            NotificationDelivered(
                notification_id=ann.id, source_event_id="evt-1", recipient="ann", channel="email", attempts=1
            ),
            source="/corridor/notifications",
        )
    fast, general = await staged(db)
    assert fast == general  # the same type, data (in field order) and headers
    assert d.stats.delivered == 1


async def test_a_delivered_reset_link_is_dropped_from_the_row(db):
    notice = Notification(
        source_event_id="evt-9",
        event_type="org.corridor.account.notice.v1",
        channel=Channel.EMAIL,
        recipient="acc-1",
        template="account_password_reset",
        context={"email": "ann@example.kz", "name": "Ann", "language": "en", "link": "https://r.example/t"},
    )
    await add(db, notice)
    d = dispatcher(db)
    row = (await claimed(d))["acc-1"]

    await d.record_many([Outcome(row.id, claimed=row)])

    stored = (await rows(db))["acc-1"]
    assert stored.status == DeliveryStatus.DELIVERED
    assert stored.context == {"email": "ann@example.kz", "name": "Ann", "language": "en", "link": None}


async def test_a_failed_try_is_pending_after_the_schedules_delay_with_no_event(db):
    await add(db, contact("bob"), email_row("bob"))
    d = dispatcher(db, retry_schedule_seconds=[30, 60], retry_jitter=0)
    bob = (await claimed(d))["bob"]

    await d.record_many([Outcome(bob.id, error="550 no such user " + "x" * 3000, status_code=550, claimed=bob)])

    row = (await rows(db))["bob"]
    assert (row.status, row.attempts, row.last_status_code) == (DeliveryStatus.PENDING, 1, 550)
    assert row.last_error.startswith("550 no such user") and len(row.last_error) == 2000
    assert row.claimed_until is None and row.delivered_at is None
    due_in = (aware(row.next_attempt_at) - utcnow()).total_seconds()
    assert 25 < due_in <= 30
    assert await staged(db) == []
    assert (d.stats.failed_tries, d.stats.dead) == (1, 0)


async def test_the_last_try_is_dead_with_a_failed_event(db):
    await add(db, contact("cem"), email_row("cem"))
    async with db.session() as s, s.begin():
        row = await s.scalar(select(Notification).filter_by(recipient="cem"))
        row.attempts = 1  # tried once before
    d = dispatcher(db, retry_schedule_seconds=[30])
    cem = (await claimed(d))["cem"]

    await d.record_many([Outcome(cem.id, error="421 try later", status_code=421, claimed=cem)])

    row = (await rows(db))["cem"]
    assert (row.status, row.attempts, row.last_error, row.claimed_until) == (
        DeliveryStatus.DEAD,
        2,
        "421 try later",
        None,
    )
    [(type_, data, _headers)] = await staged(db)
    assert type_ == FAILED_TYPE
    assert data == NotificationFailed(
        notification_id=cem.id,
        source_event_id="evt-1",
        recipient="cem",
        channel="email",
        attempts=2,
        error="421 try later",
    ).model_dump(mode="json")
    assert (d.stats.failed_tries, d.stats.dead) == (1, 1)


async def test_an_address_refused_for_good_is_dead_after_its_first_try(db):
    """ "550 no such mailbox" had been tried again for about 17 hours before it was dead."""
    await add(db, contact("dan"), email_row("dan"))
    d = dispatcher(db, retry_schedule_seconds=[30, 60, 120])
    dan = (await claimed(d))["dan"]

    refused = "smtp: SMTPRecipientsRefused: 550 no such mailbox"
    await d.record_many([Outcome(dan.id, error=refused, permanent=True, claimed=dan)])

    row = (await rows(db))["dan"]
    assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.DEAD, 1, refused)
    [(type_, data, _headers)] = await staged(db)
    assert type_ == FAILED_TYPE and data["attempts"] == 1
    assert d.stats.dead == 1


async def test_a_removed_subscription_cancels_its_webhook_with_no_event(db):
    gone = WebhookSubscription(institution_id="xjmu", url="https://p.example/h", secret="whsec_x", created_by="p")
    hook = Notification(
        source_event_id="evt-2",
        event_type="org.corridor.match.approved.v1",
        channel=Channel.WEBHOOK,
        recipient=gone.id,
        institution_id="xjmu",
        context={"message_id": "msg_1", "payload": {}},
    )
    await add(db, gone, hook)
    d = dispatcher(db)
    row = (await claimed(d))[gone.id]

    await d.record_many([Outcome(row.id, error="subscription removed", cancelled=True, claimed=row)])

    stored = (await rows(db))[gone.id]
    assert (stored.status, stored.attempts, stored.last_error) == (DeliveryStatus.CANCELLED, 1, "subscription removed")
    assert await staged(db) == [] and d.stats.failed_tries == 0


async def test_an_addressless_email_whose_contact_arrived_is_due_at_once_with_no_try(db):
    await add(db, email_row("dan"))
    d = dispatcher(db, retry_schedule_seconds=[30])
    dan = (await claimed(d))["dan"]
    await add(db, contact("dan"))  # committed while the e-mail was out

    await d.record_many([Outcome(dan.id, error="no contact known for dan", addressless=True, claimed=dan)])

    row = (await rows(db))["dan"]
    assert (row.status, row.attempts, row.last_error, row.claimed_until) == (DeliveryStatus.PENDING, 0, None, None)
    assert aware(row.next_attempt_at) <= utcnow()
    assert await staged(db) == [] and d.stats.failed_tries == 0


async def test_rows_left_unsent_are_pending_again_with_their_schedule_and_tries(db):
    await add(db, contact("eve"), email_row("eve"))
    d = dispatcher(db)
    eve = (await claimed(d))["eve"]
    due = eve.next_attempt_at

    await d.record_many([Outcome(eve.id, tried=False, claimed=eve)])

    row = (await rows(db))["eve"]
    assert (row.status, row.attempts, row.claimed_until) == (DeliveryStatus.PENDING, 0, None)
    assert aware(row.next_attempt_at) == aware(due)
    assert await staged(db) == []


async def test_only_sending_skips_a_row_whose_outcome_was_already_stored(db):
    await add(db, contact("fay"), email_row("fay"))
    d = dispatcher(db)
    fay = (await claimed(d))["fay"]
    await d.record_many([Outcome(fay.id, claimed=fay)])  # committed, though its caller was interrupted

    await d.record_many([Outcome(fay.id, claimed=fay)], only_sending=True)

    row = (await rows(db))["fay"]
    assert (row.status, row.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert [t for t, _d, _h in await staged(db)] == [DELIVERED_TYPE]


async def test_a_row_changed_since_its_claim_is_stored_from_what_it_is_now(db):
    await add(db, contact("gus"), email_row("gus"))
    d = dispatcher(db)
    gus = (await claimed(d))["gus"]
    async with db.session() as s, s.begin():  # e.g. its lease ran out and another sender tried it
        row = await s.scalar(select(Notification).filter_by(recipient="gus"))
        row.attempts = 1

    await d.record_many([Outcome(gus.id, claimed=gus)])

    row = (await rows(db))["gus"]
    assert (row.status, row.attempts) == (DeliveryStatus.DELIVERED, 2)
    [(_type, data, _headers)] = await staged(db)
    assert data["attempts"] == 2


def test_a_try_computed_from_the_row_as_it_stands():
    row = email_row("hal")
    row.id, row.attempts = "ntf_1", 2
    now = utcnow()
    kw = dict(status_code=None, cancelled=False, now=now, schedule=[5, 30], jitter=0.5, rand=1.0)
    assert try_stored(row, error="timeout", **kw).status == DeliveryStatus.DEAD
    row.attempts = 1
    retry = try_stored(row, error="timeout", **kw)
    assert retry.event is None and retry.delay == 45.0  # 30 s spread by +50%
    assert retry.values["next_attempt_at"] == now + timedelta(seconds=45)
    delivered = try_stored(row, error=None, **kw)
    assert delivered.event == (
        DELIVERED_TYPE,
        {
            "notification_id": "ntf_1",
            "source_event_id": "evt-1",
            "recipient": "hal",
            "channel": "email",
            "attempts": 2,
            "error": None,
        },
    )
    assert "context" not in delivered.values  # no link: the context is left as it is
