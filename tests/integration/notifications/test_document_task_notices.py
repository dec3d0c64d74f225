"""A re-upload task's reminder and its passed deadline reach the applicant (issue 15), over
real Kafka, PostgreSQL and SMTP: by inbox and e-mail, in their language, with the document
in words, the last day and what to do; each alert once (a redelivered event tells nothing
more), and the notice that the deadline passed after the reminder."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from services.notifications.models import CycleRef
from shared.events.catalog import DocumentTaskDue, Topics
from shared.principal import Role
from tests.integration.notifications.helpers import cycle, registered, service_with_mail, stored_row
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.mail import parts
from tests.support.services import auth

TASK_DUE = "org.corridor.document.task_due.v1"


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    async with service_with_mail(kafka, postgres, "notif_tasks", portal_url="https://portal.corridor.example") as env:
        yield env


def _squeezed(subject: str) -> str:
    """Without whitespace: Python 3.11's e-mail folding drops the space where a long non-ASCII
    subject is split into encoded words (channels.build_email; told to the lead)."""
    return "".join(subject.split())


def _due(applicant: str, app_id: str, cycle_id: str, doc_id: str, alert: str, days_left: int) -> DocumentTaskDue:
    return DocumentTaskDue(
        application_id=app_id,
        applicant_id=applicant,
        cycle_id=cycle_id,
        document_id=doc_id,
        kind="transcript",
        version=1,
        alert=alert,
        due_on=date(2027, 3, 15),
        days_left=days_left,
    )


async def test_the_reminder_is_told_once_in_russian_then_the_passed_deadline(env):
    app, client, mail, pub = env
    cycle_id, applicant, app_id, doc_id = uid("sco-2026"), uid("stu"), uid("app"), uid("doc")
    email = f"{applicant}@example.kz"
    await pub.publish(cycle(cycle_id, "sco", "SCO Scholarship 2026/27"))
    await stored_row(app, CycleRef, cycle_id, "the cycle")
    await registered(env, applicant, email=email, name="Dana Seitkali", preferred_language="ru", nationality="KZ")

    reminder = await pub.publish(_due(applicant, app_id, cycle_id, doc_id, "near", 3))
    [message] = await mail.wait_to(email)
    assert _squeezed(message["Subject"]) == _squeezed(
        "Напоминание: загрузите документ (выписка оценок) до 15 марта 2027 г.: SCO Scholarship 2026/27"
    )
    text, html = parts(message)
    assert "15 марта 2027\u202fг. — последний день загрузки." in text and "загрузите там новую версию документа" in text
    assert "transcript" not in text and "https://portal.corridor.example" in text and 'lang="ru"' in html
    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))).json()
    assert [i["event_type"] for i in inbox["items"]] == [TASK_DUE]
    assert inbox["items"][0]["language"] == "ru"

    # the same event again (a redelivery): nothing more is told
    consumer = app.state.runtime.running[0]
    duplicates = consumer.stats.duplicates
    await pub.send(reminder, Topics.APPLICATIONS.value)

    async def redelivery_seen():
        return consumer.stats.duplicates > duplicates

    await wait_for(redelivery_seen, timeout=30, what="redelivery seen")
    await asyncio.sleep(1.5)  # time for any e-mail that should not come
    assert len(mail.to(email)) == 1

    # the last day passes: told once more, that it is late
    await pub.publish(_due(applicant, app_id, cycle_id, doc_id, "passed", 0))

    late = (await mail.wait_to(email, 2))[1]
    assert _squeezed(late["Subject"]) == _squeezed(
        "Срок загрузки документа (выписка оценок) истёк: SCO Scholarship 2026/27"
    )
    assert "15 марта 2027\u202fг. был последним днём загрузки" in parts(late)[0]
    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))).json()
    assert inbox["total"] == 2 and {i["event_type"] for i in inbox["items"]} == {TASK_DUE}
