"""The fan-out of one event (handlers + service layer) on SQLite, through the real
idempotent consumer with records built in memory: no Kafka, no PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.handlers import make_handlers, on_application_submitted
from services.notifications.models import InboxEntry, Notification, PartnerFeedEntry, Told, WebhookSubscription, infra
from shared.events.catalog import CycleUpserted, ProgrammeUpserted
from shared.kafka.consumer import EventConsumer
from tests.unit.notifications.fakes import count, envelope, record, settings, sqlite_database, submitted

INST, OTHER_INST = "xjmu", "tju"


@pytest.fixture
async def db(tmp_path):
    database = await sqlite_database(tmp_path)
    yield database
    await database.dispose()


def consumer(db, dead: list, **overrides) -> EventConsumer:
    return EventConsumer(
        name="notify",
        topics=[],
        group_id="notifications-unit",
        bootstrap="kafka.invalid:9092",  # never connected: records are handed to it
        db=db,
        tables=infra,
        handlers=make_handlers(settings(**overrides)),
        dead_letter=_into(dead),
    )


def _into(dead: list):
    async def dead_letter(_record, reason: str) -> None:
        dead.append(reason)

    return dead_letter


def programme_upserted(pid: str, inst: str, title: str, **more) -> ProgrammeUpserted:
    """A programme of sco-2026 at ``inst`` ("<inst> University"), as the catalog publishes it."""
    given = {"host_institution_name": f"{inst} University", "field": "medicine", "seats": 10, **more}
    return ProgrammeUpserted(
        programme_id=pid,
        cycle_id="sco-2026",
        scheme_id="sco",
        host_institution_id=inst,
        host_country="CN",
        title=title,
        level="bachelor",
        language="zh",
        **given,
    )


async def catalog(c: EventConsumer, db) -> str:
    """A cycle, a programme at INST and one at OTHER_INST, and an active subscription of INST."""
    now = datetime.now(UTC)
    await c.process(
        record(
            envelope(
                CycleUpserted(
                    cycle_id="sco-2026",
                    scheme_id="sco",
                    name="SCO 2026/27",
                    opens_at=now - timedelta(days=1),
                    closes_at=now + timedelta(days=30),
                )
            )
        )
    )
    for pid, inst, title in (("p1", INST, "TCM 3+2"), ("p2", OTHER_INST, "Thermal Energy")):
        await c.process(record(envelope(programme_upserted(pid, inst, title))))
    sub = WebhookSubscription(institution_id=INST, url="https://partner.example/hook", secret="whsec_x", created_by="p")
    async with db.session() as s, s.begin():
        s.add(sub)
    return sub.id


async def test_one_event_fans_out_to_inbox_email_feed_and_webhook_once_however_often_delivered(db):
    dead: list[str] = []
    c = consumer(db, dead)
    sub_id = await catalog(c, db)
    env = envelope(submitted("app-1", "stu-1", ["p1", "p2"], language="ru"))

    await c.process(record(env, offset=10))
    await c.process(record(env, offset=10))  # redelivered: the same record
    assert await c.process_batch([record(env, 10), record(env, 11)])  # and again, twice in one batch

    assert dead == [] and c.stats.duplicates == 3
    assert await count(db, InboxEntry, source_event_id=env.id) == 1
    assert await count(db, Notification, source_event_id=env.id, channel=Channel.EMAIL) == 1
    assert await count(db, Notification, source_event_id=env.id, channel=Channel.WEBHOOK) == 1
    async with db.session() as s:
        inbox = await s.scalar(select(InboxEntry).where(InboxEntry.source_event_id == env.id))
        email = await s.scalar(select(Notification).filter_by(source_event_id=env.id, channel=Channel.EMAIL))
        hook = await s.scalar(select(Notification).filter_by(source_event_id=env.id, channel=Channel.WEBHOOK))
        feed = {
            f.institution_id: f for f in await s.scalars(select(PartnerFeedEntry).filter_by(source_event_id=env.id))
        }
    # the applicant, in their language, with the programme titles from the local catalog
    assert inbox.recipient_id == "stu-1" and inbox.language == "ru" and "TCM 3+2" in inbox.body
    # the page it is about, as the e-mail's portal line: the inbox copy had no link
    assert inbox.link == "/applications/app-1" and email.context["page"] == inbox.link
    assert email.recipient == "stu-1" and email.template == "application_submitted"
    assert email.status == DeliveryStatus.PENDING and [p["programme"] for p in email.context["programmes"]] == [
        "TCM 3+2",
        "Thermal Energy",
    ]
    # each institution its own part in the feed; the subscribed one a webhook with the feed's id
    assert set(feed) == {INST, OTHER_INST}
    assert feed[INST].payload["data"]["programme_ids"] == ["p1"]
    assert feed[OTHER_INST].payload["data"]["programme_ids"] == ["p2"]
    # each names its institution in data, for an endpoint that serves several
    assert [feed[i].payload["data"]["institution_id"] for i in (INST, OTHER_INST)] == [INST, OTHER_INST]
    assert hook.recipient == sub_id and hook.institution_id == INST
    assert hook.context == {"message_id": feed[INST].message_id, "payload": feed[INST].payload}
    assert "stu-1" not in str(feed[INST].payload) and "Aigerim" not in str(feed[INST].payload)


async def test_the_unique_keys_refuse_a_second_fan_out_that_bypasses_the_consumer(db):
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    event = submitted("app-2", "stu-2", ["p1"])
    env = envelope(event)
    async with db.session() as s, s.begin():
        await on_application_submitted(s, event, env)
    # a second fan-out says what was told already: nothing is written
    async with db.session() as s, s.begin():
        await on_application_submitted(s, event, env)
    assert await count(db, InboxEntry, source_event_id=env.id) == 1
    # and were that memory lost, the unique keys still refuse a second notice of one event
    async with db.session() as s, s.begin():
        await s.execute(delete(Told))
    with pytest.raises(IntegrityError):
        async with db.session() as s, s.begin():
            await on_application_submitted(s, event, env)
    assert await count(db, InboxEntry, source_event_id=env.id) == 1
    assert await count(db, Notification, source_event_id=env.id) == 2  # one e-mail, one webhook


async def test_a_notice_names_the_catalog_in_its_readers_language_where_the_catalog_has_it(db):
    """The submission notice of a Russian reader names the programmes and the cycle in Russian
    where the catalog gives them so (p1 and the cycle), as typed where it does not (p2); an
    English reader's names stay as typed. The e-mail row keeps the same names."""
    from services.notifications.domain.catalog_names import named_in

    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    now = datetime.now(UTC)
    named = [
        CycleUpserted(
            cycle_id="sco-2026",
            scheme_id="sco",
            name="SCO 2026/27",
            translations={"ru": "Стипендия ШОС 2026/27", "zh": "上合组织奖学金 2026/27"},
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
        ),
        programme_upserted("p1", INST, "TCM 3+2", translations={"ru": "Китайская медицина 3+2"}),
    ]
    for n, data in enumerate(named, start=100):
        await c.process(record(envelope(data), offset=n))
    ru, en = (
        envelope(submitted("app-ru", "stu-ru", ["p1", "p2"], language="ru")),
        envelope(submitted("app-en", "stu-en", ["p1", "p2"], language="en")),
    )
    await c.process(record(ru, offset=200))
    await c.process(record(en, offset=201))
    assert dead == []
    async with db.session() as s:
        inbox = {e.recipient_id: e for e in await s.scalars(select(InboxEntry))}
        email = await s.scalar(select(Notification).filter_by(source_event_id=ru.id, channel=Channel.EMAIL))
    assert "Китайская медицина 3+2" in inbox["stu-ru"].body and "Thermal Energy" in inbox["stu-ru"].body
    assert "TCM 3+2" not in inbox["stu-ru"].body
    assert "Стипендия ШОС 2026/27" in inbox["stu-ru"].subject + inbox["stu-ru"].body
    assert [p["programme"] for p in email.context["programmes"]] == ["Китайская медицина 3+2", "Thermal Energy"]
    assert "TCM 3+2" in inbox["stu-en"].body and "SCO 2026/27" in inbox["stu-en"].subject + inbox["stu-en"].body
    # the fields a context names the catalog in, and only those
    names = {"TCM 3+2": {"ur": "چینی طب"}, "Aigerim": {"ur": "x"}}
    context = {"name": "Aigerim", "programme": "TCM 3+2", "positions": [{"programme": "TCM 3+2", "position": 2}]}
    assert named_in(context, names, "ur") == {
        "name": "Aigerim",
        "programme": "چینی طب",
        "positions": [{"programme": "چینی طب", "position": 2}],
    }


async def test_a_name_two_entities_translate_differently_is_left_as_typed(db):
    """Two programmes titled "Thermal Energy", translated differently: a notice naming that
    title cannot tell which is meant, and names it as typed rather than as the other one."""
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    for n, (pid, ru) in enumerate((("p2", "Теплоэнергетика"), ("p3", "Тепловая энергия")), start=300):
        programme = programme_upserted(
            pid,
            OTHER_INST,
            "Thermal Energy",
            host_institution_name="",
            field="energy",
            seats=5,
            translations={"ru": ru},
        )
        await c.process(record(envelope(programme), offset=n))
    env = envelope(submitted("app-t", "stu-t", ["p2"], language="ru"))
    await c.process(record(env, offset=400))
    async with db.session() as s:
        inbox = await s.scalar(select(InboxEntry).where(InboxEntry.source_event_id == env.id))
    assert dead == [] and "Thermal Energy" in inbox.body
    assert "Теплоэнергетика" not in inbox.body and "Тепловая энергия" not in inbox.body
