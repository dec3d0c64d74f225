"""The dispatcher with fake channels on SQLite: groups of e-mails over one session each,
outcomes and their events stored together, retries, dead rows, and the worker's life."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import Account, Contact, Notification, WebhookSubscription, infra
from services.notifications.service.dispatcher import Dispatcher
from shared.clock import aware, utcnow
from tests.support.deliveries import counting_stores
from tests.unit.notifications.fakes import (
    FakeEmailSender,
    FakeWebhookSender,
    outbox_types,
    settings,
    sqlite_database,
)

DELIVERED = "org.corridor.notification.delivered.v1"
FAILED = "org.corridor.notification.failed.v1"


@pytest.fixture
async def db(tmp_path):
    database = await sqlite_database(tmp_path)
    yield database
    await database.dispose()


def dispatcher(db, email=None, webhooks=None, **overrides) -> Dispatcher:
    return Dispatcher(
        db,
        infra,
        settings(**overrides),
        source="/corridor/notifications",
        email=email or FakeEmailSender(),
        webhooks=webhooks or FakeWebhookSender(),
    )


async def add(db, *rows) -> list[str]:
    async with db.session() as s, s.begin():
        s.add_all(rows)
    return [r.id for r in rows if isinstance(r, Notification)]


def contact(applicant_id: str, language: str = "en") -> Contact:
    return Contact(
        applicant_id=applicant_id,
        email=f"{applicant_id}@example.kz",
        name=applicant_id.title(),
        language=language,
        as_of=utcnow(),
    )


def email_row(applicant_id: str, event_id: str = "evt-1") -> Notification:
    return Notification(
        source_event_id=event_id,
        event_type="org.corridor.application.withdrawn.v1",
        channel=Channel.EMAIL,
        recipient=applicant_id,
        template="application_withdrawn",
        context={"cycle": "SCO 2026/27"},
    )


def partner() -> WebhookSubscription:
    return WebhookSubscription(
        institution_id="xjmu", url="https://p.example/h", secret="whsec_" + "A" * 32, created_by="p"
    )


def webhook_row(recipient: str, event_id: str = "evt-1") -> Notification:
    """An offer's webhook to ``recipient`` (a subscription id)."""
    return Notification(
        source_event_id=event_id,
        event_type="org.corridor.match.approved.v1",
        channel=Channel.WEBHOOK,
        recipient=recipient,
        institution_id="xjmu",
        context={"message_id": f"msg_{event_id}", "payload": {"type": "application.offered", "data": {}}},
    )


async def rows(db) -> dict[str, Notification]:
    async with db.session() as s:
        return {r.recipient: r for r in await s.scalars(select(Notification))}


async def test_a_group_of_emails_goes_over_one_session_and_each_outcome_is_stored_with_its_event(db):
    email = FakeEmailSender(refuse={"bob@example.kz"})
    await add(
        db, contact("ann"), contact("bob"), contact("cem", "ru"), *(email_row(a) for a in ("ann", "bob", "cem", "dan"))
    )
    d = dispatcher(db, email, dispatch_concurrency=1, retry_schedule_seconds=[30], retry_jitter=0)

    assert await d.dispatch_once() == 4

    assert len(email.sessions) == 1  # one SMTP session for the whole group
    assert sorted(m["To"] for m in email.sent) == ["ann@example.kz", "cem@example.kz"]
    [cem] = [m for m in email.sent if m["To"] == "cem@example.kz"]
    assert cem["Subject"] == "Заявка отозвана: SCO 2026/27"  # rendered when sent, in the contact's language
    by = await rows(db)
    assert cem["X-Corridor-Notification-Id"] == by["cem"].id
    for who in ("ann", "cem"):
        assert by[who].status == DeliveryStatus.DELIVERED and by[who].attempts == 1 and by[who].claimed_until is None
    # refused by the server, and no contact known: failed tries, due again after the schedule
    for who, error in (("bob", "550 no such user"), ("dan", "no contact known")):
        assert by[who].status == DeliveryStatus.PENDING and by[who].attempts == 1 and error in by[who].last_error
        assert aware(by[who].next_attempt_at) > utcnow() + timedelta(seconds=25)
    assert await outbox_types(db) == [DELIVERED, DELIVERED]  # with the outcomes, through the outbox
    assert (d.stats.claimed, d.stats.delivered, d.stats.failed_tries, d.stats.dead) == (4, 2, 2, 0)
    assert await d.dispatch_once() == 0  # nothing due: nothing sent twice
    assert len(email.sent) == 2


async def test_emails_are_spread_over_at_most_the_concurrency_in_groups(db):
    email = FakeEmailSender()
    people = [f"p{i}" for i in range(5)]
    await add(db, *(contact(p) for p in people), *(email_row(p) for p in people))
    d = dispatcher(db, email, dispatch_concurrency=2, dispatch_group_size=2)

    assert await d.dispatch_once() == 5
    assert sorted(len(s.outbox) for s in email.sessions) == [2, 3]
    assert sorted(m["To"] for m in email.sent) == sorted(f"{p}@example.kz" for p in people)


@pytest.mark.parametrize("count,sessions", [(1, [1]), (7, [7]), (10, [10]), (11, [5, 6]), (25, [8, 8, 9])])
async def test_a_few_emails_go_over_one_session_and_a_backlog_spreads_out(db, count, sessions):
    """At most one message per session can be in doubt when the process dies (accepted by the
    server, its outcome not stored): a handful of e-mails, the usual claim, goes over one."""
    email = FakeEmailSender()
    people = [f"p{i}" for i in range(count)]
    await add(db, *(contact(p) for p in people), *(email_row(p) for p in people))
    d = dispatcher(db, email, dispatch_concurrency=10)  # dispatch_group_size: the default, 10

    assert await d.dispatch_once() == count
    assert sorted(len(s.outbox) for s in email.sessions) == sessions
    assert len(email.sent) == count


async def test_the_last_failed_try_is_dead_with_a_failed_event_and_a_removed_subscription_cancels(db):
    hooks = FakeWebhookSender()
    gone = WebhookSubscription(institution_id="xjmu", url="https://p.example/h", secret="whsec_x", created_by="p")
    gone.active = False
    webhook = Notification(
        source_event_id="evt-2",
        event_type="org.corridor.match.approved.v1",
        channel=Channel.WEBHOOK,
        recipient=gone.id,
        institution_id="xjmu",
        context={"message_id": "msg_1", "payload": {"type": "application.offered"}},
    )
    await add(db, gone, email_row("nobody"), webhook)
    d = dispatcher(db, webhooks=hooks, retry_schedule_seconds=[])

    assert await d.dispatch_once() == 2
    by = await rows(db)
    assert by["nobody"].status == DeliveryStatus.DEAD and by["nobody"].attempts == 1
    assert by[gone.id].status == DeliveryStatus.CANCELLED and hooks.posts == []
    assert await outbox_types(db) == [FAILED]


async def test_the_worker_sends_signed_webhooks_until_stopped_then_closes_its_client(db):
    hooks = FakeWebhookSender()
    sub = WebhookSubscription(
        institution_id="xjmu", url="https://p.example/h", secret="whsec_" + "A" * 32, created_by="p"
    )
    payload = {"type": "application.offered", "timestamp": "2026-05-01T10:00:00+00:00", "data": {}}
    row = Notification(
        source_event_id="evt-3",
        event_type="org.corridor.match.approved.v1",
        channel=Channel.WEBHOOK,
        recipient=sub.id,
        institution_id="xjmu",
        context={"message_id": "msg_2", "payload": payload},
    )
    await add(db, sub)
    email = FakeEmailSender()
    d = dispatcher(db, email=email, webhooks=hooks, dispatch_poll_seconds=5)
    task = asyncio.create_task(d.run())
    try:
        await asyncio.sleep(0.05)  # idle: waits for the poll interval
        await add(db, row)
        d.wake()  # as a replay does: sent at once, not after the 5 s interval
        async with asyncio.timeout(2):
            while (await rows(db))[sub.id].status != DeliveryStatus.DELIVERED:
                await asyncio.sleep(0.01)
    finally:
        await d.stop()
        async with asyncio.timeout(2):
            await task
    [(url, request)] = hooks.posts
    assert url == "https://p.example/h" and request.headers["webhook-id"] == "msg_2"
    assert request.headers["webhook-signature"].startswith("v1,")
    assert hooks.closed  # run() closes its HTTP client on the way out
    assert email.closed  # and its kept SMTP sessions
    assert await outbox_types(db) == [DELIVERED]


class HangingWebhooks(FakeWebhookSender):
    """A partner's server that takes the request and does not answer (until let go)."""

    def __init__(self):
        super().__init__()
        self.answer = asyncio.Event()

    async def send(self, url, request):
        self.posts.append((url, request))
        await self.answer.wait()
        return 204


async def test_a_partner_that_does_not_answer_holds_up_no_applicants_email(db):
    hooks, email = HangingWebhooks(), FakeEmailSender()
    sub = partner()
    hook = webhook_row(sub.id, "evt-0")
    hook.next_attempt_at = utcnow() - timedelta(minutes=1)  # due before every e-mail
    applicants = [f"app-{i:02d}" for i in range(25)]
    await add(
        db, sub, hook, *(contact(a) for a in applicants), *(email_row(a, event_id=f"evt-{a}") for a in applicants)
    )
    # batches of 10: three claims of e-mails after the webhook's, which never comes back
    d = dispatcher(db, email=email, webhooks=hooks, dispatch_batch_size=10, dispatch_poll_seconds=5)
    task = asyncio.create_task(d.run())
    try:
        async with asyncio.timeout(5):
            # the partner's post is out and hangs (the lanes start in either order: wait for it,
            # or the e-mails could all be sent before the webhook's lane had posted at all)
            while not hooks.posts:
                await asyncio.sleep(0.01)
            while {(await rows(db))[a].status for a in applicants} != {DeliveryStatus.DELIVERED}:
                await asyncio.sleep(0.01)
        assert len(email.sent) == len(applicants)
        assert len(hooks.posts) == 1  # still waiting for the partner meanwhile
        assert (await rows(db))[sub.id].status == DeliveryStatus.SENDING
        hooks.answer.set()
        async with asyncio.timeout(2):
            while (await rows(db))[sub.id].status != DeliveryStatus.DELIVERED:
                await asyncio.sleep(0.01)
    finally:
        hooks.answer.set()
        await d.stop()
        async with asyncio.timeout(2):
            await task


class SlowWebhooks(FakeWebhookSender):
    async def send(self, url, request):
        self.posts.append((url, request))
        await asyncio.sleep(0.3)
        return 204


async def test_a_webhook_batch_that_used_half_its_lease_leaves_the_rest_for_the_next_claim(db):
    hooks = SlowWebhooks()
    sub = partner()
    await add(db, sub, *(webhook_row(sub.id, f"evt-{i}") for i in range(3)))
    # one request at a time, a lease of 0.5 s: the first answer (0.3 s) uses more than half
    d = dispatcher(db, webhooks=hooks, dispatch_concurrency=1, dispatch_lease_seconds=0.5)

    assert await d.dispatch_once() == 3
    async with db.session() as s:
        stored = {r.source_event_id: r for r in (await s.scalars(select(Notification))).all()}
    delivered = [e for e, r in stored.items() if r.status == DeliveryStatus.DELIVERED]
    left = [r for r in stored.values() if r.status == DeliveryStatus.PENDING]
    assert len(hooks.posts) == 1 and len(delivered) == 1
    assert len(left) == 2 and all(r.attempts == 0 and r.claimed_until is None for r in left)  # no try counted


class OneSlowPartner(FakeWebhookSender):
    """Answers at once, except to ``slow_url``, which takes ``delay`` seconds."""

    def __init__(self, slow_url: str, delay: float):
        super().__init__()
        self.slow_url, self.delay = slow_url, delay

    async def send(self, url, request):
        if url == self.slow_url:
            await asyncio.sleep(self.delay)
        return await super().send(url, request)


async def test_webhook_outcomes_that_come_in_together_are_stored_in_one_transaction(db):
    sub = partner()
    ids = await add(db, sub, *(webhook_row(sub.id, f"evt-{i}") for i in range(8)))
    hooks = FakeWebhookSender()
    d = dispatcher(db, webhooks=hooks, dispatch_concurrency=8)
    stores = counting_stores(d)

    assert await d.dispatch_once() == 8

    assert len(hooks.posts) == 8
    assert stores == [8]  # not one transaction per webhook
    stored = await rows_by_id(db)
    assert all(stored[i].status == DeliveryStatus.DELIVERED and stored[i].attempts == 1 for i in ids)
    assert await outbox_types(db) == [DELIVERED] * 8  # each its own event, once


async def test_a_slow_partner_does_not_hold_back_the_stored_outcomes_of_the_others(db):
    fast, slow = partner(), partner()
    slow.url = "https://slow.example/h"
    fast_ids = await add(db, fast, *(webhook_row(fast.id, f"evt-{i}") for i in range(4)))
    [slow_id] = await add(db, slow, webhook_row(slow.id, "evt-slow"))
    d = dispatcher(db, webhooks=OneSlowPartner(slow.url, delay=0.5), dispatch_concurrency=5)
    stores = counting_stores(d)

    dispatching = asyncio.create_task(d.dispatch_once())
    async with asyncio.timeout(2):  # the fast ones are stored while the slow one is out
        while True:
            now = await rows_by_id(db)
            if all(now[i].status == DeliveryStatus.DELIVERED for i in fast_ids):
                break
            await asyncio.sleep(0.01)
    assert now[slow_id].status == DeliveryStatus.SENDING
    assert await dispatching == 5

    assert (await rows_by_id(db))[slow_id].status == DeliveryStatus.DELIVERED
    assert stores == [4, 1]


async def test_no_more_webhooks_than_the_concurrency_are_ever_sent_and_not_yet_stored(db):
    sub = partner()
    await add(db, sub, *(webhook_row(sub.id, f"evt-{i}") for i in range(12)))
    unstored: list[int] = []  # at each send: sent before it, not yet stored, and itself

    class Watching(FakeWebhookSender):
        async def send(self, url, request):
            unstored.append(len(self.posts) + 1 - sum(stores))
            return await super().send(url, request)

    d = dispatcher(db, webhooks=Watching(), dispatch_concurrency=3)
    stores = counting_stores(d)

    assert await d.dispatch_once() == 12

    assert sum(stores) == 12 and len(stores) < 12
    assert max(unstored) <= 3  # what a process killed now would send again


def places_free(d: Dispatcher) -> int:
    """How many more webhooks the lane's limit lets out now."""
    return d._limits[Channel.WEBHOOK]._value


class FailingOnce(FakeWebhookSender):
    """Raises something unexpected (not a delivery error) for its first webhook."""

    async def send(self, url, request):
        if not self.posts:
            self.posts.append((url, request))
            raise RuntimeError("a bug in the sender")
        return await super().send(url, request)


async def test_the_lane_gets_every_place_back_when_a_send_or_a_store_fails(db):
    sub = partner()
    await add(db, sub, *(webhook_row(sub.id, f"evt-{i}") for i in range(6)))
    d = dispatcher(db, webhooks=FailingOnce(), dispatch_concurrency=3)

    assert await d.dispatch_once() == 6
    assert places_free(d) == 3
    statuses = [r.status for r in (await rows_by_id(db)).values()]
    assert statuses.count(DeliveryStatus.DELIVERED) == 5  # the sixth waits for its lease

    await add(db, *(webhook_row(sub.id, f"evt-{i}") for i in range(6, 9)))

    async def broken(outcomes, **kw):
        raise ValueError("not a database error")

    d.record_many = broken  # type: ignore[method-assign]
    assert await d.dispatch_once() == 3
    assert places_free(d) == 3


async def test_a_lane_stopped_mid_send_stores_what_came_in_and_gets_every_place_back(db):
    fast, slow = partner(), partner()
    slow.url = "https://slow.example/h"
    [fast_id] = await add(db, fast, webhook_row(fast.id, "evt-fast"))
    [slow_id] = await add(db, slow, webhook_row(slow.id, "evt-slow"))
    d = dispatcher(db, webhooks=OneSlowPartner(slow.url, delay=30), dispatch_concurrency=2)

    dispatching = asyncio.create_task(d.dispatch_once())
    async with asyncio.timeout(2):
        while (await rows_by_id(db))[fast_id].status != DeliveryStatus.DELIVERED:
            await asyncio.sleep(0.01)
    dispatching.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dispatching

    assert places_free(d) == 2
    now = await rows_by_id(db)
    assert now[fast_id].status == DeliveryStatus.DELIVERED and now[slow_id].status == DeliveryStatus.SENDING
    assert await outbox_types(db) == [DELIVERED]


async def rows_by_id(db) -> dict[str, Notification]:
    async with db.session() as s:
        return {r.id: r for r in await s.scalars(select(Notification))}


class UnsubscribingWebhooks(FakeWebhookSender):
    """A partner that unsubscribes while its first webhook is being answered."""

    def __init__(self, db, sub_id: str):
        super().__init__()
        self.db, self.sub_id = db, sub_id

    async def send(self, url, request):
        if not self.posts:
            async with self.db.session() as s, s.begin():
                await s.delete(await s.get(WebhookSubscription, self.sub_id))
        return await super().send(url, request)


async def test_a_batch_reads_its_subscriptions_once_and_again_when_its_copy_is_old(db):
    sub = partner()
    await add(db, sub, *(webhook_row(sub.id, f"evt-{i}") for i in range(3)))
    # a fresh copy: the batch's one read serves all three (the unsubscription during the first
    # send is seen at the next batch)
    hooks = UnsubscribingWebhooks(db, sub.id)
    d = dispatcher(db, webhooks=hooks, dispatch_concurrency=1)
    assert await d.dispatch_once() == 3
    assert len(hooks.posts) == 3

    sub = partner()
    await add(db, sub, *(webhook_row(sub.id, f"evt-{i}") for i in range(3, 6)))
    # a copy older than the limit: each webhook reads it again, and the two after the
    # unsubscription are not sent (cancelled, as when the row's subscription is gone)
    hooks = UnsubscribingWebhooks(db, sub.id)
    d = dispatcher(db, webhooks=hooks, dispatch_concurrency=1)
    d.SUBSCRIPTIONS_FRESH_SECONDS = -1
    assert await d.dispatch_once() == 3
    assert len(hooks.posts) == 1
    async with db.session() as s:
        later = [r for r in await s.scalars(select(Notification)) if r.recipient == sub.id]
    assert sorted(r.status for r in later) == sorted(
        [DeliveryStatus.DELIVERED, DeliveryStatus.CANCELLED, DeliveryStatus.CANCELLED]
    )


async def test_an_officers_round_email_goes_to_the_account_in_its_language_with_the_portal_link(db):
    email = FakeEmailSender()
    await add(
        db,
        Account(
            account_id="off-1",
            role="officer",
            name="Li Wei",
            email="li.wei@corridor.example",
            language="zh",
            as_of=utcnow(),
        ),
        Notification(
            source_event_id="evt-r",
            event_type="org.corridor.round.completed.v1",
            channel=Channel.EMAIL,
            recipient="off-1",
            template="round_completed",
            context={"cycle": "SCO 2026/27", "round_id": "r1", "matched": 3, "waitlisted": 2, "unmatched": 1},
        ),
    )
    await dispatcher(db, email, portal_url="https://portal.corridor.example").dispatch_once()
    [mail] = email.sent
    assert mail["To"] == "li.wei@corridor.example" and mail["Subject"] == "匹配轮次已完成：SCO 2026/27"
    assert "https://portal.corridor.example" in mail.get_body(("plain",)).get_content()
    assert (await rows(db))["off-1"].status == DeliveryStatus.DELIVERED


async def test_each_sent_email_is_stored_before_the_next_goes_so_a_crash_repeats_at_most_one(db):
    """The process may die at any moment of a group: every message the server accepted before
    the one in flight is already delivered in the database, so the lease brings back at most
    that one (and it keeps its Message-ID, so a mail store can drop the copy)."""
    people = ["ann", "bob", "cem"]
    await add(db, *(contact(p) for p in people), *(email_row(p) for p in people))
    seen_at_send: list[dict[str, str]] = []

    class Watching(FakeEmailSender):
        def connection(self):
            smtp = super().connection()
            original = smtp.send

            async def send(mail):
                seen_at_send.append({r: str(n.status) for r, n in (await rows(db)).items()})
                await original(mail)

            smtp.send = send
            return smtp

    email = Watching()
    d = dispatcher(db, email, dispatch_concurrency=1)
    assert await d.dispatch_once() == 3
    order = [m["To"].split("@")[0] for m in email.sent]
    for n, statuses in enumerate(seen_at_send):
        before = order[:n]
        assert all(statuses[p] == DeliveryStatus.DELIVERED for p in before), (n, statuses)
        assert all(statuses[p] == DeliveryStatus.SENDING for p in order[n:]), (n, statuses)
    first, again = email.sent[0]["Message-ID"], None
    async with db.session() as s, s.begin():  # as if its sender had died: the lease runs out
        row = (await s.scalars(select(Notification).where(Notification.recipient == order[0]))).one()
        row.status, row.claimed_until = DeliveryStatus.SENDING, utcnow() - timedelta(seconds=1)
    assert await d.dispatch_once() == 1
    again = email.sent[-1]["Message-ID"]
    assert again == first and first.startswith("<ntf")


async def test_a_message_that_cannot_be_built_is_a_failed_try_not_claimed_again_at_every_lease(db):
    broken = contact("eve")
    broken.email = "eve@example.kz\nnot-a-header"  # a line break in the address: no message can carry it
    await add(db, broken, contact("ann"), email_row("eve"), email_row("ann"))
    email = FakeEmailSender()
    d = dispatcher(db, email, dispatch_concurrency=1, retry_schedule_seconds=[30], retry_jitter=0)

    assert await d.dispatch_once() == 2

    assert [m["To"] for m in email.sent] == ["ann@example.kz"]  # the group goes on
    eve = (await rows(db))["eve"]
    assert eve.status == DeliveryStatus.PENDING and eve.attempts == 1 and eve.claimed_until is None
    assert "could not prepare the message" in eve.last_error
    assert aware(eve.next_attempt_at) > utcnow() + timedelta(seconds=25)


class BrokenWebhooks(FakeWebhookSender):
    """A client that fails in a way no sender expects (a URL it cannot take, a bug)."""

    async def send(self, url, request):
        raise ValueError("Invalid non-printable ASCII character in URL, '\\r' at position 21.")


async def test_a_webhook_failing_unexpectedly_is_a_failed_try_not_claimed_again_at_every_lease(db):
    """It came back every lease for ever (six times in twelve minutes in a demo's log), counted
    nowhere: no attempt, no retry metric, never dead, so no alert and no admin list showed it."""
    sub = partner()
    await add(db, sub, webhook_row(sub.id))
    d = dispatcher(db, webhooks=BrokenWebhooks(), retry_schedule_seconds=[30], retry_jitter=0)

    assert await d.dispatch_once() == 1

    row = (await rows(db))[sub.id]
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1 and row.claimed_until is None
    assert row.last_error.startswith("unexpected: ValueError")
    assert aware(row.next_attempt_at) > utcnow() + timedelta(seconds=25)
    # the limit was given back: the next due try is taken at once
    async with db.session() as s, s.begin():
        (await s.get(Notification, row.id)).next_attempt_at = utcnow()
    assert await d.dispatch_once() == 1
    dead = (await rows(db))[sub.id]
    assert dead.status == DeliveryStatus.DEAD and dead.attempts == 2


async def test_how_long_what_is_due_has_waited_is_read_by_channel(db):
    """The operators' gauge of a stalled dispatcher: 0 while nothing is due."""
    from services.notifications.service.deliveries import overdue_seconds

    async with db.session() as s:
        assert await overdue_seconds(s) == {"email": 0.0, "webhook": 0.0}
    sub = partner()
    late, lost, later = email_row("ann"), webhook_row(sub.id), email_row("bob", "evt-2")
    late.next_attempt_at = utcnow() - timedelta(minutes=20)
    later.next_attempt_at = utcnow() + timedelta(minutes=5)  # waiting for its retry: not due
    lost.status, lost.claimed_until = DeliveryStatus.SENDING, utcnow() - timedelta(minutes=3)  # its sender gone
    await add(db, sub, late, lost, later)
    async with db.session() as s:
        waited = await overdue_seconds(s)
    assert 20 * 60 <= waited["email"] < 21 * 60 and 180 <= waited["webhook"] < 240
