"""Admission papers a host issued are told to the applicant, over real Kafka, PostgreSQL and
SMTP: by inbox and e-mail, in their language, the host's note as written, exactly once (a
redelivered event tells nothing more)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifications.models import CycleRef, InstitutionRef
from shared.events.catalog import InstitutionUpserted, PapersIssued, Topics
from shared.principal import Role
from tests.integration.notifications.helpers import cycle, registered, service_with_mail, stored_row
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.mail import parts
from tests.support.services import auth

NOTE = "Bring the original <b>JW202</b> to the embassy."


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    async with service_with_mail(kafka, postgres, "notif_papers", portal_url="https://portal.corridor.example") as env:
        yield env


async def test_an_issued_visa_form_is_told_once_in_russian_with_the_hosts_note_as_written(env):
    app, client, mail, pub = env
    cycle_id, applicant, app_id, host = uid("sco-2026"), uid("stu"), uid("app"), uid("lzu")
    email = f"{applicant}@example.kz"
    await pub.publish(cycle(cycle_id, "sco", "SCO Scholarship 2026/27"))
    await pub.publish(InstitutionUpserted(institution_id=host, name="Lanzhou University", country="CN"))
    await stored_row(app, CycleRef, cycle_id, "the cycle")
    await stored_row(app, InstitutionRef, host, "the host")
    await registered(env, applicant, email=email, name="Айгерим Бекова", preferred_language="ru", nationality="KZ")
    issued = await pub.publish(
        PapersIssued(
            application_id=app_id,
            applicant_id=applicant,
            cycle_id=cycle_id,
            institution_id=host,
            paper_id=uid("paper"),
            kind="visa_form",
            note=NOTE,
            replaces=uid("paper"),
            issued_at=datetime.now(UTC),
        )
    )
    [message] = await mail.wait_to(email)
    assert message["Subject"] == "Визовая анкета: Lanzhou University"
    text, html = parts(message)
    assert "По конкурсу «SCO Scholarship 2026/27» вам выдан документ: визовая анкета" in text
    assert "visa_form" not in text and "выдавший вуз: Lanzhou University" in text
    assert f"Комментарий учебного заведения: «{NOTE}»" in text and "Этот документ заменяет выданный ранее." in text
    assert "&lt;b&gt;JW202&lt;/b&gt;" in html

    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))).json()
    assert [i["event_type"] for i in inbox["items"]] == ["org.corridor.application.papers_issued.v1"]
    assert inbox["items"][0]["language"] == "ru" and NOTE in inbox["items"][0]["body"]

    # the same event again (a redelivery): nothing more is told
    consumer = app.state.runtime.running[0]
    duplicates = consumer.stats.duplicates
    await pub.send(issued, Topics.APPLICATIONS.value)

    async def dropped():
        return consumer.stats.duplicates > duplicates

    await wait_for(dropped, what="the redelivery dropped")
    assert len(mail.to(email)) == 1
    assert (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))).json()["total"] == 1
