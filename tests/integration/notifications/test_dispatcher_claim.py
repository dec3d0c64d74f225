"""The dispatcher's claim on PostgreSQL (per channel: the rows whose lease ran out, then the
pending ones, each an UPDATE of the rows a locking subquery picked): instances claiming at
once never share a row, a claim takes at most a batch of its own channel, oldest due first,
and takes what is due only (pending and due, or sending with its lease run out)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import text

from services.notifications.domain.delivery import Channel, DeliveryStatus
from shared.clock import utcnow
from tests.unit.notifications.test_dispatcher import add, dispatcher, email_row, rows, webhook_row

pytestmark = pytest.mark.integration


async def test_instances_claiming_at_once_never_share_a_row_and_each_takes_at_most_a_batch(db):
    now = utcnow()
    due = [email_row(f"due-{i:02d}", event_id=f"evt-{i}") for i in range(45)]
    for i, row in enumerate(due):
        row.next_attempt_at = now - timedelta(seconds=100 - i)  # due-00 the oldest
    await add(db, *due)
    instances = [dispatcher(db, dispatch_batch_size=10) for _ in range(4)]

    claimed: list[list[str]] = []
    while True:
        batches = await asyncio.gather(*(d.claim(Channel.EMAIL) for d in instances))
        if not any(batches):
            break
        claimed += [[row.recipient for row in batch] for batch in batches]

    assert all(len(batch) <= 10 for batch in claimed)
    everything = [who for batch in claimed for who in batch]
    assert sorted(everything) == sorted(r.recipient for r in due)  # each row once, none twice
    for batch in claimed:  # each claim in due order
        assert batch == sorted(batch)
    stored = await rows(db)
    assert {r.status for r in stored.values()} == {DeliveryStatus.SENDING}
    assert all(r.claimed_until is not None and r.claimed_until > now for r in stored.values())


async def test_rows_another_instance_is_claiming_are_passed_over_without_waiting(db):
    now = utcnow()
    due = [email_row(f"due-{i:02d}", event_id=f"evt-{i}") for i in range(20)]
    for i, row in enumerate(due):
        row.next_attempt_at = now - timedelta(seconds=100 - i)
    await add(db, *due)
    # another instance's claim, its transaction still open: the ten oldest rows locked
    async with db.session() as other, other.begin():
        await other.execute(text("SELECT id FROM notifications ORDER BY next_attempt_at LIMIT 10 FOR UPDATE"))
        claimed = await asyncio.wait_for(dispatcher(db, dispatch_batch_size=10).claim(Channel.EMAIL), 5)
    assert [row.recipient for row in claimed] == [f"due-{i:02d}" for i in range(10, 20)]


async def test_a_claim_takes_rows_due_and_leases_run_out_but_not_live_leases_or_later_rows(db):
    now = utcnow()
    due, later, leased, lapsed = (email_row(who, event_id=who) for who in ("due", "later", "leased", "lapsed"))
    due.next_attempt_at = now - timedelta(seconds=1)
    later.next_attempt_at = now + timedelta(minutes=5)
    leased.status, leased.claimed_until = DeliveryStatus.SENDING, now + timedelta(minutes=5)
    lapsed.status, lapsed.claimed_until = DeliveryStatus.SENDING, now - timedelta(seconds=1)
    await add(db, due, later, leased, lapsed)

    claimed = await dispatcher(db, dispatch_batch_size=10).claim(Channel.EMAIL)

    assert sorted(row.recipient for row in claimed) == ["due", "lapsed"]
    stored = await rows(db)
    assert stored["later"].status == DeliveryStatus.PENDING
    assert stored["leased"].claimed_until == leased.claimed_until  # a live lease is left alone
    assert stored["lapsed"].claimed_until > now


async def test_each_lane_claims_its_own_channel_lapsed_leases_first_within_one_batch(db):
    now = utcnow()
    pending = [email_row(f"mail-{i}", event_id=f"mail-{i}") for i in range(4)]
    for i, row in enumerate(pending):
        row.next_attempt_at = now - timedelta(minutes=10 - i)  # older than the lapsed ones' rows
    lapsed = [email_row(f"lapsed-{i}", event_id=f"lapsed-{i}") for i in range(2)]
    for i, row in enumerate(lapsed):
        row.status, row.claimed_until = DeliveryStatus.SENDING, now - timedelta(seconds=1)
        row.next_attempt_at = now - timedelta(minutes=2 - i)
    hooks = [webhook_row(f"hook-{i}", event_id=f"hook-{i}") for i in range(3)]
    for row in hooks:
        row.next_attempt_at = now - timedelta(hours=1)  # due before every e-mail
    await add(db, *pending, *lapsed, *hooks)
    d = dispatcher(db, dispatch_batch_size=3)

    first = await d.claim(Channel.EMAIL)
    # the lapsed leases first (their sender died), then the oldest pending to fill the batch
    assert sorted(r.recipient for r in first) == ["lapsed-0", "lapsed-1", "mail-0"]
    assert [r.recipient for r in first] == ["mail-0", "lapsed-0", "lapsed-1"]  # in due order
    second = await d.claim(Channel.EMAIL)
    assert [r.recipient for r in second] == ["mail-1", "mail-2", "mail-3"]
    assert await d.claim(Channel.EMAIL) == []
    stored = await rows(db)
    assert {stored[h.recipient].status for h in hooks} == {DeliveryStatus.PENDING}  # e-mails' lane left them

    assert sorted(r.recipient for r in await d.claim(Channel.WEBHOOK)) == ["hook-0", "hook-1", "hook-2"]
