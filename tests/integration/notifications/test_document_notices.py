"""A rejected document tells the applicant (issue 15), over real Kafka, PostgreSQL and SMTP:
by inbox and e-mail, in their language, the reason in their words and the reviewer's note as
written, exactly once (a redelivered event tells nothing more); a verification tells nothing;
a new version is told to the officer who rejected the one before."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from services.notifications.models import Account, CycleRef
from shared.events.catalog import (
    AccountUpserted,
    DocumentRejected,
    DocumentResubmitted,
    DocumentVerified,
    Topics,
)
from shared.principal import Role
from tests.integration.notifications.helpers import cycle, registered, service_with_mail, stored_row
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.mail import parts
from tests.support.services import auth

NOTE = "The HEC stamp is missing on page 2 <b>2</b>."


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    async with service_with_mail(kafka, postgres, "notif_docs", portal_url="https://portal.corridor.example") as env:
        yield env


def _rejected(applicant: str, app_id: str, cycle_id: str) -> DocumentRejected:
    return DocumentRejected(
        application_id=app_id,
        applicant_id=applicant,
        cycle_id=cycle_id,
        document_id=uid("doc"),
        kind="transcript",
        version=1,
        reason="not_attested",
        note=NOTE,
        due_on=date(2027, 3, 15),
        rejected_by="officer-1",
        rejected_at=datetime.now(UTC),
    )


async def test_a_rejection_is_told_once_in_urdu_with_the_reason_translated_and_the_note_as_written(env):
    app, client, mail, pub = env
    cycle_id, applicant, app_id = uid("sco-2026"), uid("stu"), uid("app")
    email = f"{applicant}@example.pk"
    await pub.publish(cycle(cycle_id, "sco", "SCO Scholarship 2026/27"))
    await stored_row(app, CycleRef, cycle_id, "the cycle")  # another topic: read in no set order
    await registered(env, applicant, email=email, name="Ayesha Khan", preferred_language="ur", nationality="PK")
    env_rejected = await pub.publish(_rejected(applicant, app_id, cycle_id))
    [message] = await mail.wait_to(email)
    assert message["Subject"] == "براہ کرم اپنا ٹرانسکرپٹ دوبارہ اپ لوڈ کریں: SCO Scholarship 2026/27"
    text, html = parts(message)
    assert "پروگرام کے مطلوبہ ادارے سے تصدیق شدہ نہیں ہے" in text and "not_attested" not in text
    assert (
        f"جائزہ کار کا نوٹ: ”\u2068{NOTE}\u2069“" in text and "داخلہ افسر" not in text
    )  # the note as written, no "admissions officer"
    assert "&lt;b&gt;2&lt;/b&gt;" in html and 'dir="rtl"' in html
    assert "15 مارچ، 2027" in text

    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))).json()
    assert [i["event_type"] for i in inbox["items"]] == ["org.corridor.document.rejected.v1"]
    assert inbox["items"][0]["language"] == "ur" and NOTE in inbox["items"][0]["body"]

    # the same event again (a redelivery), and a verification: nothing more is told
    consumer = app.state.runtime.running[0]
    duplicates = consumer.stats.duplicates
    await pub.send(env_rejected, Topics.APPLICATIONS.value)
    await pub.publish(
        DocumentVerified(
            application_id=app_id,
            applicant_id=applicant,
            cycle_id=cycle_id,
            document_id=uid("doc"),
            kind="transcript",
            version=2,
            verified_by="officer-1",
            verified_at=datetime.now(UTC),
        )
    )

    async def redelivery_seen():
        return consumer.stats.duplicates > duplicates

    await wait_for(redelivery_seen, timeout=30, what="redelivery seen")
    await asyncio.sleep(1.5)  # time for any e-mail that should not come
    assert len(mail.to(email)) == 1
    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant))).json()
    assert inbox["total"] == 1


async def test_a_chinese_applicant_reads_it_in_chinese(env):
    app, client, mail, pub = env
    cycle_id, applicant, app_id = uid("csc-2026"), uid("stu"), uid("app")
    email = f"{applicant}@example.kz"
    await pub.publish(cycle(cycle_id, "csc", "CSC 2026"))
    await registered(env, applicant, email=email, name="Li Wei", preferred_language="zh", nationality="KZ")
    await pub.publish(_rejected(applicant, app_id, cycle_id))
    [message] = await mail.wait_to(email)
    text, _html = parts(message)
    assert message["Subject"] == "请重新上传您的成绩单：CSC 2026"
    assert (
        "未经该项目要求的机构认证" in text
        and f"审核人员的留言：“{NOTE}”" in text
        and "招生官" not in text
        and "2027年3月15日" in text
    )


async def test_the_officer_who_rejected_a_version_hears_of_the_new_one_in_their_language(env):
    app, client, mail, pub = env
    cycle_id, officer, app_id = uid("sco-2026"), uid("officer"), uid("app")
    email = f"{officer}@corridor.example"
    await pub.publish(cycle(cycle_id, "sco", "SCO 2026/27"))
    await pub.publish(
        AccountUpserted(
            account_id=officer, role="officer", name="Dana", email=email, preferred_language="ru", schemes=["sco"]
        )
    )
    await stored_row(app, Account, officer, "the officer's account")
    resubmitted = DocumentResubmitted(
        application_id=app_id,
        applicant_id=uid("stu"),
        cycle_id=cycle_id,
        document_id=uid("doc"),
        kind="transcript",
        version=2,
        replaces=uid("doc"),
        reviewed_by=officer,
    )
    await pub.publish(resubmitted)
    [message] = await mail.wait_to(email)
    assert message["Subject"] == "Новая версия на проверку: выписка оценок (SCO 2026/27)"
    assert "версию 2 документа «выписка оценок»" in parts(message)[0] and app_id[:8] in parts(message)[0]
    # it opens the new version among the application's documents
    link = f"/officer/applications/{app_id}/documents#doc-{resubmitted.document_id}"
    assert link in parts(message)[0]
    inbox = (await client.get("/inbox", headers=auth(Role.OFFICER, officer))).json()
    assert [i["event_type"] for i in inbox["items"]] == ["org.corridor.document.resubmitted.v1"]
    assert inbox["items"][0]["link"] == link
    # a re-upload of a version nobody reviewed tells nobody
    await pub.publish(resubmitted.model_copy(update={"reviewed_by": None, "document_id": uid("doc")}))
    await asyncio.sleep(1.5)
    assert len(mail.to(email)) == 1
    # a verified version replaced after submission is said as such (it read "the transcript you rejected")
    await pub.publish(resubmitted.model_copy(update={"document_id": uid("doc"), "replaced_state": "verified"}))
    await mail.wait_to(email, n=2)
    replaced = mail.to(email)[-1]
    assert replaced["Subject"] == "Проверенный документ заменён: выписка оценок (SCO 2026/27)"
    assert "отклонили" not in parts(replaced)[0]
