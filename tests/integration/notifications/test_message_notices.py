"""An officer's message about an application tells the applicant (issue 16), over real Kafka,
PostgreSQL and SMTP: an inbox entry and one e-mail in their language, the officer's text as
written in a frame of the applicant's language; a redelivered event tells nothing more, and
the applicant's own reply tells nobody."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from services.notifications.models import CycleRef
from shared.events.catalog import ApplicationMessageSent, Topics
from shared.principal import Role
from tests.integration.notifications.helpers import cycle, registered, service_with_mail, stored_row
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.mail import parts
from tests.support.services import auth

BODY = "Please bring the original <b>diploma</b> to the interview.\nThank you."


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    async with service_with_mail(
        kafka, postgres, "notif_messages", portal_url="https://portal.corridor.example"
    ) as env:
        yield env


def _message(applicant: str, app_id: str, cycle_id: str, *, direction: str = "officer_to_applicant"):
    return ApplicationMessageSent(
        message_id=uid("msg"),
        application_id=app_id,
        applicant_id=applicant,
        cycle_id=cycle_id,
        direction=direction,  # type: ignore[arg-type]
        author_role="officer" if direction == "officer_to_applicant" else "applicant",
        author_name="Dr. Li Na" if direction == "officer_to_applicant" else "Ayesha Khan",
        body=BODY if direction == "officer_to_applicant" else "",
        sent_at=datetime.now(UTC),
    )


async def test_an_officers_message_is_told_once_in_urdu_with_the_text_as_written(env):
    app, client, mail, pub = env
    cycle_id, applicant, app_id = uid("sco-2026"), uid("stu"), uid("app")
    email = f"{applicant}@example.pk"
    await pub.publish(cycle(cycle_id, "sco", "SCO Scholarship 2026/27"))
    await stored_row(app, CycleRef, cycle_id, "the cycle")
    await registered(env, applicant, email=email, name="Ayesha Khan", preferred_language="ur", nationality="PK")
    sent = await pub.publish(_message(applicant, app_id, cycle_id))
    [message] = await mail.wait_to(email)
    assert message["Subject"] == "آپ کی درخواست کے بارے میں پیغام: SCO Scholarship 2026/27"
    text, html = parts(message)
    assert BODY in text and "Dr. Li Na" in text and "“خط و کتابت”" in text
    assert "&lt;b&gt;diploma&lt;/b&gt;" in html and 'dir="rtl"' in html

    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))).json()
    assert [i["event_type"] for i in inbox["items"]] == ["org.corridor.application.message_sent.v1"]
    assert inbox["items"][0]["language"] == "ur" and BODY in inbox["items"][0]["body"]

    # the same event again (a redelivery), and the applicant's reply: nothing more is told
    consumer = app.state.runtime.running[0]
    duplicates = consumer.stats.duplicates
    await pub.send(sent, Topics.APPLICATIONS.value)
    await pub.publish(_message(applicant, app_id, cycle_id, direction="applicant_to_officer"))

    async def redelivery_seen():
        return consumer.stats.duplicates > duplicates

    await wait_for(redelivery_seen, timeout=30, what="redelivery seen")
    await asyncio.sleep(1.5)  # time for any e-mail that should not come
    assert len(mail.to(email)) == 1
    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))).json()
    assert inbox["total"] == 1


async def test_a_second_message_is_told_too_in_russian(env):
    _app, _client, mail, pub = env
    cycle_id, applicant, app_id = uid("csc-2026"), uid("stu"), uid("app")
    email = f"{applicant}@example.kz"
    await pub.publish(cycle(cycle_id, "csc", "CSC 2026"))
    await stored_row(_app, CycleRef, cycle_id, "the cycle")
    await registered(env, applicant, email=email, name="Aigerim", preferred_language="ru", nationality="KZ")
    await pub.publish(_message(applicant, app_id, cycle_id))
    await mail.wait_to(email)
    await pub.publish(_message(applicant, app_id, cycle_id))
    messages = await mail.wait_to(email, n=2)
    assert [m["Subject"] for m in messages] == ["Сообщение о вашей заявке: CSC 2026"] * 2
    text, _html = parts(messages[1])
    assert "«Переписка»" in text and BODY in text
