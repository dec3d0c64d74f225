"""Issue 13: account.notice e-mails the owner of an account, in their language, with no
inbox entry; a reset link reaches the mail and leaves the database once delivered."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import InboxEntry, Notification, infra
from services.notifications.service.dispatcher import Dispatcher
from shared.events.catalog import AccountNotice
from tests.unit.notifications.fakes import (
    FakeEmailSender,
    FakeWebhookSender,
    consumer,
    count,
    envelope,
    record,
    settings,
)

LINK = "https://portal.corridor.example/password/reset?token=s3cr3t-Zk9x"
EXPIRES = datetime(2027, 3, 15, 14, 30, tzinfo=UTC)

SUBJECTS = {
    ("locked", "ru"): "Вход в вашу учётную запись Corridor с новых устройств приостановлен",
    ("password_changed", "zh"): "您的 Corridor 密码已更改",
    ("password_reset", "ur"): "اپنا Corridor پاس ورڈ ری سیٹ کریں",
    ("disabled", "en"): "Your Corridor account has been disabled",
    ("enabled", "kk"): "Your Corridor account is enabled again",  # a language without templates: English
    ("registration_attempt", "en"): "Someone tried to register with your address",
    ("email_changed", "ur"): "آپ کے Corridor اکاؤنٹ کا ای میل پتہ تبدیل کر دیا گیا",
    ("email_confirm", "ru"): "Подтвердите новый адрес электронной почты для Corridor",
}


def notice(kind: str, language: str = "en", **kw) -> AccountNotice:
    return AccountNotice(
        account_id=f"acc-{kind}",
        email=f"{kind}@example.kz",
        name=kw.pop("name", "Aigerim"),
        preferred_language=language,
        kind=kind,
        **kw,
    )


async def consume(db, *events: AccountNotice) -> list[str]:
    dead: list[str] = []
    c = consumer(db, dead)
    for i, event in enumerate(events):
        await c.process(record(envelope(event), offset=i))
    return dead


async def test_each_kind_is_emailed_to_the_owner_in_their_language_and_never_to_the_inbox(db):
    events = [
        notice(
            kind, lang, **({"link": LINK, "expires_at": EXPIRES} if kind in ("password_reset", "email_confirm") else {})
        )
        for kind, lang in SUBJECTS
    ]
    assert await consume(db, *events) == []
    email = FakeEmailSender()
    d = Dispatcher(db, infra, settings(), source="/t", email=email, webhooks=FakeWebhookSender())

    assert await d.dispatch_once() == len(SUBJECTS)

    sent = {m["To"]: m for m in email.sent}
    for (kind, lang), subject in SUBJECTS.items():
        mail = sent[f"{kind}@example.kz"]
        assert mail["Subject"] == subject
        assert mail["Content-Language"] == (lang if lang != "kk" else "en")
    reset = sent["password_reset@example.kz"]
    assert LINK in reset.get_body(("plain",)).get_content()
    assert "15 مارچ، 2027" in reset.get_body(("plain",)).get_content()
    assert await count(db, InboxEntry) == 0  # e-mail is the channel
    async with db.session() as s:
        rows = list(await s.scalars(select(Notification)))
    assert {r.channel for r in rows} == {Channel.EMAIL}
    assert all(r.status == DeliveryStatus.DELIVERED for r in rows)
    # once delivered, the single-use link is no longer kept
    for template in ("account_password_reset", "account_email_confirm"):
        [stored] = [r for r in rows if r.template == template]
        assert stored.context["link"] is None and LINK not in str(stored.context)
    assert LINK in sent["email_confirm@example.kz"].get_body(("plain",)).get_content()


async def test_a_redelivered_notice_sends_one_email_and_a_failed_one_keeps_its_link_for_the_retry(db):
    event = envelope(notice("password_reset", link=LINK, expires_at=EXPIRES))
    dead: list[str] = []
    c = consumer(db, dead)
    await c.process(record(event))
    await c.process(record(event))  # redelivered
    assert await count(db, Notification) == 1 and dead == []

    refusing = FakeEmailSender(refuse={"password_reset@example.kz"})
    d = Dispatcher(db, infra, settings(retry_schedule_seconds=[0]), source="/t", email=refusing)
    await d.dispatch_once()
    async with db.session() as s:
        row = await s.scalar(select(Notification))
    assert row.status == DeliveryStatus.PENDING and row.context["link"] == LINK

    email = FakeEmailSender()
    await Dispatcher(db, infra, settings(), source="/t", email=email).dispatch_once()
    [mail] = email.sent
    assert LINK in mail.get_body(("plain",)).get_content()


async def test_an_owner_without_a_name_is_greeted_without_one(db):
    await consume(db, notice("locked", "en", name=""))
    email = FakeEmailSender()
    await Dispatcher(db, infra, settings(), source="/t", email=email).dispatch_once()
    [mail] = email.sent
    assert mail.get_body(("plain",)).get_content().startswith("Hello,")


async def test_a_lock_links_the_portals_page_for_a_new_password(db):
    # the e-mail said "reset your password" with no way to it; the portal's page is linked when
    # the service knows the portal, and no other notice of the kind gains a link
    from services.notifications.handlers import make_handlers
    from services.notifications.settings import Settings
    from shared.events.catalog import type_of

    handle = make_handlers(Settings(portal_url="https://portal.corridor.example/"))[type_of(AccountNotice)]
    for kind in ("locked", "disabled"):
        async with db.session() as s, s.begin():
            await handle(s, notice(kind), envelope(notice(kind)))
    async with db.session() as s:
        rows = {n.template: n for n in (await s.scalars(select(Notification))).all()}
    # the form with the owner's address filled in, as the portal's log-in page links it
    assert (
        rows["account_locked"].context["link"]
        == "https://portal.corridor.example/forgot-password?email=locked%40example.kz"
    )
    assert rows["account_disabled"].context["link"] is None
