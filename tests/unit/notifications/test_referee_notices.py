"""Referee letters (issue 15) against fakes: the referee is e-mailed (request, reminder) in
their language with the link, once per event, never an inbox entry, and the link leaves the
database once delivered; the applicant hears of a submitted or declined letter by inbox and
e-mail in their language, never of its content."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from services.notifications.models import InboxEntry, Notification, infra
from services.notifications.service.dispatcher import Dispatcher
from shared.events.catalog import (
    ApplicantRegistered,
    RefereeCancelled,
    RefereeDeclined,
    RefereeLetterSubmitted,
    RefereeReminded,
    RefereeRequested,
)
from tests.unit.notifications.fakes import (
    FakeEmailSender,
    FakeWebhookSender,
    consumer,
    count,
    envelope,
    record,
    settings,
)

LINK = "https://portal.corridor.example/referee?token=eyJ.referee.token"


def requested(cls=RefereeRequested, language="ru", **extra):
    return cls(
        request_id="req-1",
        application_id="app-1",
        applicant_id="applicant-1",
        applicant_name="Ayesha Khan",
        programmes=["Agronomy (MSc), China Agricultural University"],
        referee_name="Prof. Olga Petrova",
        referee_email="olga@msu.example",
        referee_language=language,
        link=LINK,
        due_at=datetime(2027, 3, 15, 14, 30, tzinfo=UTC),
        **extra,
    )


async def test_the_referee_is_emailed_once_in_their_language_and_the_link_is_dropped_once_sent(db):
    dead: list[str] = []
    c = consumer(db, dead)
    event = envelope(requested())
    await c.process(record(event, 0))
    await c.process(record(event, 1))  # redelivered: nothing more
    await c.process(record(envelope(requested(RefereeReminded, "zh", by="schedule")), 2))
    assert dead == [] and await count(db, Notification) == 2
    email = FakeEmailSender()
    d = Dispatcher(db, infra, settings(), source="/t", email=email, webhooks=FakeWebhookSender())
    assert await d.dispatch_once() == 2
    request, reminder = sorted(email.sent, key=lambda m: m["Content-Language"] != "ru")
    assert request["To"] == "olga@msu.example" and request["Content-Language"] == "ru"
    assert request["Subject"] == "Рекомендательное письмо: Ayesha Khan"
    text = request.get_body(("plain",)).get_content()
    assert text.startswith("Здравствуйте, Prof. Olga Petrova!") and LINK in text and "15 марта 2027" in text
    assert reminder["Subject"] == "提醒：为 Ayesha Khan 撰写推荐信"
    assert await count(db, InboxEntry) == 0  # a referee has no inbox
    async with db.session() as s:
        rows = list(await s.scalars(select(Notification)))
    assert all(r.context["link"] is None and LINK not in str(r.context) for r in rows)


async def test_a_referee_whose_request_ended_is_told_once_in_their_language(db):
    dead: list[str] = []
    c = consumer(db, dead)
    ended = RefereeCancelled(
        request_id="req-1",
        application_id="app-1",
        applicant_id="applicant-1",
        applicant_name="Ayesha Khan",
        referee_name="Prof. Olga Petrova",
        referee_email="olga@msu.example",
        referee_language="ru",
        replaced=True,
    )
    event = envelope(ended)
    await c.process(record(event, 0))
    await c.process(record(event, 1))  # redelivered: nothing more
    assert dead == [] and await count(db, Notification) == 1
    email = FakeEmailSender()
    d = Dispatcher(db, infra, settings(), source="/t", email=email, webhooks=FakeWebhookSender())
    assert await d.dispatch_once() == 1
    (mail,) = email.sent
    assert mail["To"] == "olga@msu.example" and mail["Content-Language"] == "ru"
    assert mail["Subject"] == "Рекомендательное письмо больше не нужно: Ayesha Khan"
    text = mail.get_body(("plain",)).get_content()
    assert text.startswith("Здравствуйте, Prof. Olga Petrova!") and "больше не действует" in text
    assert await count(db, InboxEntry) == 0  # a referee has no inbox


async def test_the_applicant_hears_of_each_answer_in_their_language(db):
    dead: list[str] = []
    c = consumer(db, dead)
    contact = ApplicantRegistered(
        applicant_id="applicant-1",
        email="ayesha@nust.example",
        name="Ayesha",
        preferred_language="zh",
        nationality="PK",
    )
    answered = dict(application_id="app-1", applicant_id="applicant-1", position="professor")
    programmes = ["International Relations (MA)", "Public Health (MPH)"]
    events = [
        contact,
        RefereeLetterSubmitted(request_id="req-1", referee_name="Prof. Zhang", programmes=programmes, **answered),
        RefereeDeclined(request_id="req-2", referee_name="Dr. Petrova", **answered),  # from before programmes
    ]
    for i, e in enumerate(events):
        await c.process(record(envelope(e), i))
    assert dead == []
    async with db.session() as s:
        inbox = {e.subject: e for e in await s.scalars(select(InboxEntry))}
    assert set(inbox) == {"Prof. Zhang 已提交推荐信", "Dr. Petrova 婉拒撰写推荐信"}
    assert all(e.recipient_id == "applicant-1" and e.language == "zh" for e in inbox.values())
    # which application the letter was for: the same referee may write for several
    assert "（International Relations (MA)；Public Health (MPH)）" in inbox["Prof. Zhang 已提交推荐信"].body
    assert "（" not in inbox["Dr. Petrova 婉拒撰写推荐信"].body
    email = FakeEmailSender()
    await Dispatcher(db, infra, settings(), source="/t", email=email).dispatch_once()
    assert sorted(m["To"] for m in email.sent) == ["ayesha@nust.example"] * 2
