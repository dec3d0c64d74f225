"""Referee letters tell people by e-mail (issue 15), over real Kafka, PostgreSQL and SMTP:
the referee's request goes out once (a redelivered event sends nothing more), in the
referee's language, with the link, and the link is not kept once sent; no inbox entry is
made for a referee; the applicant hears (inbox and e-mail, in their language) that a
referee submitted or declined, never what the letter says."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from services.notifications.models import Notification
from shared.events.catalog import (
    RefereeCancelled,
    RefereeDeclined,
    RefereeLetterSubmitted,
    RefereeReminded,
    RefereeRequested,
)
from shared.principal import Role
from tests.integration.notifications.helpers import registered, service_with_mail
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.mail import parts
from tests.support.services import auth


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    async with service_with_mail(
        kafka, postgres, "notif_referees", portal_url="https://portal.corridor.example"
    ) as env:
        yield env


def _requested(cls, address: str, language: str, **extra):
    return cls(
        request_id=uid("req"),
        application_id=uid("app"),
        applicant_id=uid("applicant"),
        applicant_name="Ayesha Khan",
        programmes=["Transportation Engineering (MEng), Chang'an University"],
        referee_name="Prof. Zhang Wei",
        referee_email=address,
        referee_language=language,
        link=f"https://portal.corridor.example/referee?token={uid('tok')}",
        due_at=datetime(2027, 3, 15, 14, 30, tzinfo=UTC),
        **extra,
    )


async def test_the_referee_is_emailed_once_in_their_language_with_the_link(env):
    app, client, mail, pub = env
    address = f"{uid('zhang')}@tsinghua.example"
    event = _requested(RefereeRequested, address, "zh")
    env_ = await pub.publish(event)
    await pub.send(env_, "corridor.applications.v1")  # the same event again (a redelivery)
    (sent,) = await mail.wait_to(address, n=1)
    assert sent["Content-Language"] == "zh"
    assert sent["Subject"] == "为 Ayesha Khan 撰写推荐信"
    text, html = parts(sent)
    assert text.startswith("尊敬的Prof. Zhang Wei：")
    assert event.link in text and f'<a href="{event.link}">' in html
    assert "Chang'an University" in text and "2027年3月15日" in text
    # a reminder in Russian for another referee
    other = f"{uid('ivanov')}@msu.example"
    reminder = _requested(RefereeReminded, other, "ru", by="schedule")
    await pub.publish(reminder)
    (reminded,) = await mail.wait_to(other, n=1)
    assert reminded["Subject"] == "Напоминание: рекомендательное письмо для Ayesha Khan"
    assert reminder.link in parts(reminded)[0]
    await asyncio.sleep(1.0)
    assert len(mail.to(address)) == 1 and len(mail.to(other)) == 1  # once each

    async def delivered():
        async with app.state.runtime.db.session() as s:
            row = await s.scalar(select(Notification).where(Notification.source_event_id == env_.id))
        return row if row is not None and row.status == "delivered" else None

    row = await wait_for(delivered, timeout=20, what="the referee's e-mail recorded as delivered")
    assert row.context["link"] is None  # the link is kept no longer than needed to send it
    r = await client.get("/inbox", headers=auth(Role.APPLICANT, f"referee:{event.request_id}"))
    assert r.status_code == 200 and r.json()["total"] == 0  # a referee has no inbox


async def test_the_applicant_hears_that_a_referee_submitted_or_declined(env):
    app, client, mail, pub = env
    applicant, address = uid("applicant"), f"{uid('ayesha')}@nust.example"
    await registered(env, applicant, email=address, name="Ayesha Khan", preferred_language="ur", nationality="PK")
    application = uid("app")
    base = dict(application_id=application, applicant_id=applicant, position="professor")
    await pub.publish(RefereeLetterSubmitted(request_id=uid("req"), referee_name="Prof. Zhang Wei", **base))
    await pub.publish(RefereeDeclined(request_id=uid("req"), referee_name="Dr. Olga Petrova", **base))
    mails = await mail.wait_to(address, n=2)
    subjects = sorted(m["Subject"] for m in mails)
    assert subjects == sorted(["Prof. Zhang Wei نے سفارشی خط بھیج دیا", "Dr. Olga Petrova نے خط لکھنے سے انکار کر دیا"])

    async def inbox():
        r = await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))
        body = r.json()
        return body if body["total"] == 2 else None

    body = await wait_for(inbox, timeout=20, what="two inbox entries")
    assert {e["language"] for e in body["items"]} == {"ur"}


async def test_a_referee_whose_request_ended_is_emailed_once_in_their_language(env):
    """The applicant withdrew the request (or named someone else): the referee hears it from us,
    not by opening a link that no longer works."""
    _app, _client, mail, pub = env
    address = f"{uid('petrova')}@msu.example"
    ended = RefereeCancelled(
        request_id=uid("req"),
        application_id=uid("app"),
        applicant_id=uid("applicant"),
        applicant_name="Ayesha Khan",
        referee_name="Prof. Olga Petrova",
        referee_email=address,
        referee_language="ur",
        replaced=False,
    )
    env_ = await pub.publish(ended)
    await pub.send(env_, "corridor.applications.v1")  # a redelivery sends nothing more
    (sent,) = await mail.wait_to(address, n=1)
    assert sent["Content-Language"] == "ur"
    assert sent["Subject"] == "Ayesha Khan کے لیے سفارشی خط کی اب ضرورت نہیں"
    assert "لنک اب کام نہیں کرتا" in parts(sent)[0]
    await asyncio.sleep(1.0)
    assert len(mail.to(address)) == 1
