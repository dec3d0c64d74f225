"""A polled batch through the real consumer (one transaction for the batch) on SQLite: the
catalog read once per batch and kept for the next while nothing of it changes, duplicates told once, a poisoned event isolated, each language
rendered in its own words; and the e-mails as the dispatcher builds them on the wire."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy import delete, event, func, select
from sqlmodel import col

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.domain.templates import render
from services.notifications.domain.told import Audience, fingerprint
from services.notifications.handlers import make_handlers
from services.notifications.models import (
    InboxEntry,
    Notification,
    PartnerFeedEntry,
    Told,
    UnstreamedFeedEntry,
    WebhookSubscription,
    infra,
)
from services.notifications.service.channels import Attachment, build_email
from services.notifications.service.dispatcher import Dispatcher
from services.notifications.service.references import first_times_told, told_values
from shared.clock import utcnow
from shared.events.catalog import ApplicationSubmitted, type_of
from shared.kafka.consumer import EventConsumer, PermanentError
from tests.unit.notifications.fakes import (
    FakeEmailSender,
    FakeWebhookSender,
    count,
    envelope,
    record,
    registered,
    settings,
    submitted,
)
from tests.unit.notifications.test_fanout import INST, OTHER_INST, catalog, consumer, programme_upserted

LANGS = ("en", "zh", "ru", "ur")


class Statements:
    """The SQL statements the engine runs, to count the catalog reads of a batch."""

    def __init__(self, db):
        self.seen: list[str] = []
        self.engine = db.engine.sync_engine
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, *_):
        self.seen.append(" ".join(statement.split()).lower())

    def reads_of(self, table: str) -> int:
        return sum(1 for s in self.seen if s.startswith("select") and f"from {table}" in s)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def batch(*events, start: int = 100) -> list[ConsumerRecord]:
    return [record(envelope(e), offset=start + i) for i, e in enumerate(events)]


async def inbox_of(db, recipient: str) -> list[InboxEntry]:
    async with db.session() as s:
        return list(await s.scalars(select(InboxEntry).where(InboxEntry.recipient_id == recipient)))


async def test_a_batch_reads_the_catalog_once_not_once_per_event(db):
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    people = [f"stu-{i}" for i in range(8)]
    records = batch(
        *(registered(p, LANGS[i % 4]) for i, p in enumerate(people)),
        *(submitted(f"app-{i}", p, ["p1", "p2"]) for i, p in enumerate(people)),
    )
    statements = Statements(db)
    try:
        assert await c.process_batch(records)
    finally:
        statements.close()

    assert dead == [] and c.stats.batches == 1
    # eight submissions: the programmes, the cycle and the partners' subscriptions read once each
    # (and the catalog's names with translations once: references.Catalog.names)
    assert statements.reads_of("programmes") == 2
    assert statements.reads_of("cycles") == 2
    assert statements.reads_of("webhook_subscriptions") == 1
    assert await count(db, InboxEntry) == 8
    assert await count(db, Notification, channel=Channel.EMAIL) == 8
    assert await count(db, Notification, channel=Channel.WEBHOOK) == 8  # INST's subscription
    async with db.session() as s:
        feed = list(await s.scalars(select(PartnerFeedEntry).order_by(col(PartnerFeedEntry.seq))))
        queue = list(await s.scalars(select(UnstreamedFeedEntry).order_by(col(UnstreamedFeedEntry.seq))))
    assert Counter(f.institution_id for f in feed) == {INST: 8, OTHER_INST: 8}
    # each entry waits for the partner-topic worker, in the feed's order
    assert [(q.message_id, q.institution_id, q.created_at) for q in queue] == [
        (f.message_id, f.institution_id, f.created_at) for f in feed
    ]


async def test_a_batch_with_duplicates_tells_each_applicant_once(db):
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    first = envelope(submitted("app-a", "stu-a", ["p1"]))
    other = envelope(submitted("app-b", "stu-b", ["p2"], language="zh"))
    # the same submission again under a new event id (a producer's retry of the use case)
    again = envelope(submitted("app-a", "stu-a", ["p1"]))
    records = [
        record(envelope(registered("stu-a")), 1),
        record(first, 2),
        record(other, 3),
        record(first, 2),  # redelivered within the batch
        record(again, 4),
        record(other, 3),
    ]
    assert await c.process_batch(records)
    assert await c.process_batch([record(first, 2), record(other, 3)])  # and the batch redelivered

    assert dead == []
    assert c.stats.batches == 2 and c.stats.duplicates == 4
    for applicant in ("stu-a", "stu-b"):
        assert len(await inbox_of(db, applicant)) == 1
        assert await count(db, Notification, recipient=applicant, channel=Channel.EMAIL) == 1
    assert await count(db, InboxEntry, source_event_id=again.id) == 0  # said the same: not told again
    async with db.session() as s:
        feed = list(await s.scalars(select(PartnerFeedEntry).where(PartnerFeedEntry.institution_id == INST)))
    assert [f.source_event_id for f in feed] == [first.id]


async def test_a_batch_with_one_poisoned_event_still_stores_the_rest(db):
    """One record that cannot be decoded (dead-lettered at once) and one event whose handler
    refuses it: the batch is rolled back whole and applied one at a time, so only those two
    are missing, and nothing read by the rolled-back attempt leaks into the retries."""
    dead: list[str] = []
    handlers = make_handlers()
    submitted_type = type_of(ApplicationSubmitted)
    handle_submitted = handlers[submitted_type]

    async def refusing(session, data, env):
        if data.application_id == "app-bad":
            raise PermanentError("this one cannot be applied")
        await handle_submitted(session, data, env)

    c = EventConsumer(
        name="notify",
        topics=[],
        group_id="notifications-unit",
        bootstrap="kafka.invalid:9092",
        db=db,
        tables=infra,
        handlers={**handlers, submitted_type: refusing},
        dead_letter=lambda _record, reason: _append(dead, reason),
    )
    await catalog(c, db)
    people = ["stu-1", "stu-2", "stu-bad", "stu-3"]
    records = batch(*(registered(p) for p in people), start=10)
    records += batch(*(submitted(f"app-{p.removeprefix('stu-')}", p, ["p1"]) for p in people), start=20)
    garbage = record(envelope(registered("stu-x")), offset=30)
    records.insert(5, dataclasses.replace(garbage, value=b"{not json"))

    assert await c.process_batch(records)

    assert len(dead) == 2
    assert any("rejected by handler" in reason for reason in dead)
    for applicant in ("stu-1", "stu-2", "stu-3"):
        [entry] = await inbox_of(db, applicant)
        assert entry.subject.startswith("Application received")
    assert await inbox_of(db, "stu-bad") == []
    assert await count(db, Notification, channel=Channel.EMAIL) == 3
    assert await count(db, Notification, channel=Channel.WEBHOOK) == 3


async def _append(dead: list[str], reason: str) -> None:
    dead.append(reason)


async def test_mixed_languages_in_one_batch_are_each_rendered_in_their_own(db):
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    people = {f"stu-{lang}": lang for lang in LANGS} | {"stu-kk": "kk"}  # Kazakh: no templates, English
    names = {p: f"Name {p.split('-')[1].upper()}" for p in people}
    records = batch(
        *(registered(p, lang, name=names[p]) for p, lang in people.items()),
        *(submitted(f"app-{p}", p, ["p1", "p2"]) for p in people),
    )
    assert await c.process_batch(records)
    assert dead == [] and c.stats.batches == 1

    context = {
        "cycle": "SCO 2026/27",
        "programmes": [
            {"programme": "TCM 3+2", "institution": "xjmu University"},
            {"programme": "Thermal Energy", "institution": "tju University"},
        ],
    }
    for person, lang in people.items():
        [entry] = await inbox_of(db, person)
        expected = render("application_submitted", lang, {**context, "name": names[person]})
        assert (entry.language, entry.subject, entry.body) == (expected.language, expected.subject, expected.text)
        assert names[person] in entry.body

    async with db.session() as s, s.begin():  # the e-mails only
        await s.execute(delete(Notification).where(Notification.channel == Channel.WEBHOOK))
    email = FakeEmailSender()
    d = Dispatcher(db, infra, settings(), source="/corridor/notifications", email=email, webhooks=FakeWebhookSender())
    assert await d.dispatch_once() == 5
    by_to = {m["To"]: m for m in email.sent}
    for person, lang in people.items():
        mail = by_to[f"{person}@example.kz"]
        expected = render("application_submitted", lang, {**context, "name": names[person]})
        assert mail["Subject"] == expected.subject and mail["Content-Language"] == expected.language
        plain = mail.get_body(("plain",)).get_content()
        html = mail.get_body(("html",)).get_content()
        assert plain.startswith(expected.text.split("\n")[0]) and names[person] in plain
        assert f'dir="{expected.direction}"' in html
    async with db.session() as s:
        statuses = set(await s.scalars(select(Notification.status)))
    assert statuses == {DeliveryStatus.DELIVERED}


async def test_a_catalog_changed_between_two_batches_is_read_anew_by_the_second(db):
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    assert await c.process_batch(batch(registered("stu-1"), submitted("app-1", "stu-1", ["p1"]), start=10))
    renamed = programme_upserted("p1", INST, "Chinese Medicine 3+2")
    await c.process(record(envelope(renamed), offset=20))
    async with db.session() as s, s.begin():  # a partner subscribes between the two batches
        s.add(
            WebhookSubscription(
                institution_id=OTHER_INST, url="https://tju.example/hook", secret="whsec_y", created_by="p"
            )
        )
    assert await c.process_batch(batch(registered("stu-2"), submitted("app-2", "stu-2", ["p1", "p2"]), start=30))

    assert dead == []
    [first] = await inbox_of(db, "stu-1")
    [second] = await inbox_of(db, "stu-2")
    assert "TCM 3+2" in first.body and "Chinese Medicine 3+2" in second.body
    async with db.session() as s:
        hooks = Counter(
            n.institution_id for n in await s.scalars(select(Notification).filter_by(channel=Channel.WEBHOOK))
        )
    assert hooks == {INST: 2, OTHER_INST: 1}


async def test_the_catalog_read_once_serves_later_transactions_while_its_stamp_stands(db):
    """Nothing of the catalog changed between two batches: the second reads only the stamp,
    not the programmes, cycle or subscriptions again, and tells the same."""
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    assert await c.process_batch(batch(registered("stu-1"), submitted("app-1", "stu-1", ["p1", "p2"]), start=10))
    statements = Statements(db)
    try:
        assert await c.process_batch(batch(registered("stu-2"), submitted("app-2", "stu-2", ["p1", "p2"]), start=30))
    finally:
        statements.close()

    assert dead == []
    assert statements.reads_of("catalog_stamp") == 1
    assert [statements.reads_of(t) for t in ("programmes", "cycles", "webhook_subscriptions")] == [0, 0, 0]
    [first] = await inbox_of(db, "stu-1")
    [second] = await inbox_of(db, "stu-2")
    assert "TCM 3+2" in second.body and "SCO 2026/27" in second.body
    assert first.body.replace("stu-1", "") == second.body.replace("stu-2", "")
    async with db.session() as s:
        hooks = Counter(
            n.source_event_id for n in await s.scalars(select(Notification).filter_by(channel=Channel.WEBHOOK))
        )
    assert len(hooks) == 2  # INST's subscription, kept from the first batch, told of both


async def test_a_catalog_write_by_hand_or_rolled_back_is_seen_as_the_database_has_it(db):
    """A write outside the service's code changes the stamp too (the trigger), so the next
    transaction reads the new title; a write that rolled back leaves nothing behind, even
    though its own transaction read the catalog after it."""
    from sqlalchemy import text

    from services.notifications.service.references import programmes

    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    assert await c.process_batch(batch(registered("stu-1"), submitted("app-1", "stu-1", ["p1"]), start=10))
    async with db.session() as s:
        async with s.begin():
            await s.execute(text("UPDATE programmes SET title = 'Never stored' WHERE programme_id = 'p1'"))
            assert (await programmes(s, ["p1"]))["p1"].title == "Never stored"  # its own write
            await s.rollback()
    assert await c.process_batch(batch(registered("stu-3"), submitted("app-3", "stu-3", ["p1"]), start=20))
    [third] = await inbox_of(db, "stu-3")
    assert "TCM 3+2" in third.body  # as committed, not as the rolled-back transaction read it
    # the next write's stamp is not the rolled-back one's (a counter would give it again)
    async with db.session() as s, s.begin():
        await s.execute(text("UPDATE programmes SET title = 'Acupuncture 3+2' WHERE programme_id = 'p1'"))
    assert await c.process_batch(batch(registered("stu-2"), submitted("app-2", "stu-2", ["p1"]), start=30))

    assert dead == []
    [second] = await inbox_of(db, "stu-2")
    assert "Acupuncture 3+2" in second.body and "Never stored" not in second.body


async def test_a_catalog_write_after_a_catalog_read_in_one_transaction_is_not_kept_for_others(db):
    """The transaction read the catalog (the stamp kept), then wrote a catalog table through
    the session, then read a programme it had not read: its uncommitted row must not be kept
    under the stamp the others read, rolled back or not."""
    from sqlalchemy import update

    from services.notifications.models import ProgrammeRef
    from services.notifications.service.references import programmes

    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    for write in (
        update(ProgrammeRef).where(ProgrammeRef.programme_id == "p2").values(title="Phantom"),  # Core/ORM DML
        None,  # an entity changed and flushed
    ):
        async with db.session() as s:
            async with s.begin():
                assert (await programmes(s, ["p1"]))["p1"].title == "TCM 3+2"
                if write is not None:
                    await s.execute(write)
                else:
                    entity = await s.get(ProgrammeRef, "p2")
                    entity.title = "Phantom"
                    await s.flush()
                assert (await programmes(s, ["p2"]))["p2"].title == "Phantom"  # its own write
                await s.rollback()
        async with db.session() as s, s.begin():
            assert (await programmes(s, ["p2"]))["p2"].title == "Thermal Energy"
    assert dead == []


# --- the e-mail on the wire ---

LONG_SUBJECTS = {
    "en": "Offer of a place: Master of Urban Thermal Energy Application Technology at Tianjin Urban Construction",
    "zh": "录取通知：天津城市建设管理职业技术学院 城市热能应用技术 鲁班工坊 2026/27 学年 上海合作组织奖学金 项目",
    "ru": "Предложение места: Технология применения городской тепловой энергии, Таджикский технический университет",
    "ur": "جگہ کی پیشکش: شہری حرارتی توانائی کے اطلاق کی ٹیکنالوجی، تاجک ٹیکنیکل یونیورسٹی، ایس سی او وظیفہ 2026/27",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_subject_in_any_language_arrives_exactly_as_written(lang):
    message = render("offer_made", lang, {"name": "Ayesha", "programme": "X", "institution": "Y", "cycle": "Z"})
    message = type(message)(**{**message.__dict__, "subject": LONG_SUBJECTS[lang]})
    mail = build_email(
        message,
        sender="Corridor Admissions <no-reply@corridor.example>",
        to="ayesha@example.pk",
        notification_id="ntf_1",
        source_event_id="evt-1",
    )
    wire = bytes(mail)
    assert all(len(line) <= 998 for line in wire.split(b"\n")) and wire.isascii()
    parsed = message_from_bytes(wire, policy=policy.default)
    assert parsed["Subject"] == LONG_SUBJECTS[lang]
    assert parsed["From"] == "Corridor Admissions <no-reply@corridor.example>"
    assert parsed["Message-ID"] == "<ntf_1@corridor.example>" and parsed["Content-Language"] == message.language
    assert parsed.get_body(("plain",)).get_content() == message.text
    assert parsed.get_body(("html",)).get_content() == message.html


def test_a_non_ascii_sender_name_is_encoded_and_read_back():
    message = render("application_withdrawn", "zh", {"name": "李伟", "cycle": "SCO 2026/27"})
    mail = build_email(
        message,
        sender="走廊招生 <no-reply@corridor.example>",
        to="li@example.cn",
        notification_id="n",
        source_event_id="e",
    )
    parsed = message_from_bytes(bytes(mail), policy=policy.default)
    assert bytes(mail).isascii()
    assert parsed["From"].addresses[0].display_name == "走廊招生"
    assert parsed["From"].addresses[0].addr_spec == "no-reply@corridor.example"


def test_an_attachment_follows_the_text_and_html_in_a_mixed_message_with_its_bytes_kept():
    message = render("application_withdrawn", "ur", {"name": "Ayesha", "cycle": "SCO 2026/27"})
    ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:انٹرویو\r\nEND:VCALENDAR\r\n".encode()
    mail = build_email(
        message,
        sender="Corridor <no-reply@corridor.example>",
        to="a@example.pk",
        notification_id="n",
        source_event_id="e",
        attachment=Attachment(ics, subtype="calendar", filename="invite.ics", params=(("method", "REQUEST"),)),
    )
    parsed = message_from_bytes(bytes(mail), policy=policy.default)
    assert parsed.get_content_type() == "multipart/mixed" and parsed["Content-Language"] == "ur"
    alternative, calendar = parsed.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST" and calendar.get_filename() == "invite.ics"
    assert calendar.get_payload(decode=True) == ics  # CRLF line ends and UTF-8 as built
    assert parsed.get_body(("plain",)).get_content() == message.text


async def test_partners_are_told_in_one_statement_and_only_those_with_news(db):
    """The projections for several institutions are recorded together; an institution last
    told the same is left out, one told something else (or nothing yet) is told."""

    def told_of(event_id: str, contents: dict[str, dict]) -> list[dict]:
        now = utcnow()
        return [told_values(Audience.PARTNER, "app-1", r, fingerprint(c), event_id, now) for r, c in contents.items()]

    async with db.session() as s, s.begin():
        first = await s.run_sync(
            first_times_told, told_of("e1", {"tju": {"status": "waitlisted"}, "xjmu": {"status": "waitlisted"}})
        )
    statements = Statements(db)
    try:
        async with db.session() as s, s.begin():
            again = await s.run_sync(
                first_times_told,
                told_of(
                    "e2",
                    {"xjmu": {"status": "waitlisted"}, "tju": {"status": "offered"}, "msu": {"status": "waitlisted"}},
                ),
            )
    finally:
        statements.close()
    assert {r for _a, _p, r in first} == {"tju", "xjmu"} and {r for _a, _p, r in again} == {"tju", "msu"}
    assert {(a, p) for a, p, _r in first | again} == {("app-1", "partner")}
    assert sum(1 for s in statements.seen if s.startswith("insert into told")) == 1
    async with db.session() as s:
        told = {t.recipient: t.source_event_id for t in await s.scalars(select(Told))}
    assert told == {"tju": "e2", "xjmu": "e1", "msu": "e2"}


async def test_an_email_that_failed_for_want_of_an_address_goes_when_the_contact_arrives(db):
    """The submission is handled before the registration (another partition): its e-mail
    fails (no contact known) and would wait out the retry delay; the contact's arrival makes
    it due at once, without changing its tries. An older contact event wakes nothing."""
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    await c.process(record(envelope(submitted("app-1", "stu-1", ["p1"], language="ru")), offset=10))
    email = FakeEmailSender()
    d = Dispatcher(
        db,
        infra,
        settings(retry_schedule_seconds=[30], retry_jitter=0),
        source="/corridor/notifications",
        email=email,
        webhooks=FakeWebhookSender(),
    )
    async with db.session() as s, s.begin():  # the e-mails only
        await s.execute(delete(Notification).where(Notification.channel == Channel.WEBHOOK))
    assert await d.dispatch_once() == 1 and email.sent == []
    assert await d.dispatch_once() == 0  # waiting 30 s

    await c.process(record(envelope(registered("stu-1", "ru", name="Дана")), offset=11))

    assert await d.dispatch_once() == 1
    [mail] = email.sent
    assert mail["To"] == "stu-1@example.kz" and mail["Content-Language"] == "ru"
    async with db.session() as s:
        row = await s.scalar(select(Notification).filter_by(recipient="stu-1"))
    assert (row.status, row.attempts) == (DeliveryStatus.DELIVERED, 2)
    # a stale contact event (older than the stored one) makes nothing due
    async with db.session() as s, s.begin():
        row = await s.scalar(select(Notification).filter_by(recipient="stu-1"))
        row.status, row.next_attempt_at = DeliveryStatus.PENDING, utcnow() + timedelta(seconds=30)
    stale = envelope(registered("stu-1", "en", name="Old"))
    stale.time = utcnow() - timedelta(days=1)
    await c.process(record(stale, offset=12))
    assert await d.dispatch_once() == 0 and dead == []


async def test_a_batchs_read_ahead_sees_its_fresh_events_before_their_handlers(db):
    """The consumer hands a batch's events (each once: redeliveries left out) to its read-ahead
    in the batch's transaction before any handler runs; an event applied alone has none."""
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    calls: list[tuple[list[str], int]] = []

    async def read_ahead(session, items):
        told = await session.scalar(
            select(func.count()).select_from(InboxEntry).where(InboxEntry.recipient_id == "stu-ra")
        )
        calls.append(([env.id for _data, env in items], told))

    c.read_ahead = read_ahead
    first = envelope(registered("stu-ra"))
    second = envelope(submitted("app-ra", "stu-ra", ["p1"]))
    assert await c.process_batch([record(first, 1), record(second, 2), record(first, 1)])
    assert calls == [([first.id, second.id], 0)]  # nothing told yet when it ran
    assert await count(db, InboxEntry, recipient_id="stu-ra") == 1  # then the handlers ran

    alone = envelope(submitted("app-rb", "stu-ra", ["p2"]))
    assert await c.process_batch([record(alone, 3)])
    assert len(calls) == 1


async def test_without_the_partner_topic_worker_feed_entries_are_not_queued_for_it(db):
    """NOTIFICATIONS_PARTNER_TOPICS=false: nothing takes queued entries, so none are queued (the
    queue would only grow); the feed keeps every entry."""
    from services.notifications.service.fanout import without_partner_topics

    without_partner_topics(db)
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    assert await c.process_batch(batch(*(submitted(f"app-q{i}", f"stu-q{i}", ["p1", "p2"]) for i in range(3))))
    assert dead == []
    assert await count(db, PartnerFeedEntry) == 6
    assert await count(db, UnstreamedFeedEntry) == 0
