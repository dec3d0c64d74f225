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
        await c.process(
            record(
                envelope(
                    ProgrammeUpserted(
                        programme_id=pid,
                        cycle_id="sco-2026",
                        scheme_id="sco",
                        host_institution_id=inst,
                        host_institution_name=f"{inst} University",
                        host_country="CN",
                        title=title,
                        field="medicine",
                        level="bachelor",
                        language="zh",
                        seats=10,
                    )
                )
            )
        )
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
    assert email.recipient == "stu-1" and email.template == "application_submitted"
    assert email.status == DeliveryStatus.PENDING and email.context["programmes"] == ["TCM 3+2", "Thermal Energy"]
    # each institution its own part in the feed; the subscribed one a webhook with the feed's id
    assert set(feed) == {INST, OTHER_INST}
    assert feed[INST].payload["data"]["programme_ids"] == ["p1"]
    assert feed[OTHER_INST].payload["data"]["programme_ids"] == ["p2"]
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
