"""The notifications service over real Kafka, PostgreSQL, an SMTP server and an HTTP receiver.

One in-process app (with its consumer and dispatcher) serves the module; events are
published on the real broker as the other services would publish them.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from services.notifications.app import create_app
from services.notifications.models import (
    Account,
    CycleRef,
    InstitutionRef,
    Notification,
    ProgrammeRef,
    WebhookSubscription,
)
from services.notifications.settings import Settings
from shared.events.catalog import (
    AccountNotice,
    AccountUpserted,
    ApplicantRegistered,
    ApplicantUpdated,
    ApplicationUnmatched,
    ApplicationWaitlisted,
    ApplicationWithdrawn,
    ChoiceReason,
    InstitutionUpserted,
    MatchApproved,
    MatchConfirmed,
    MatchProposed,
    OfferDeclined,
    RoundCompleted,
    Topics,
    WaitlistPosition,
)
from shared.principal import Role
from tests.integration.notifications.helpers import (
    WebhookReceiver,
    cycle,
    find_events,
    known_applicant,
    programme,
    stored_row,
    submitted,
)
from tests.support.events import EventPublisher
from tests.support.ids import uid
from tests.support.infra import free_port, wait_for
from tests.support.mail import MailSink, parts
from tests.support.metrics import metric_value
from tests.support.services import auth, in_process
from tests.support.services import test_settings as settings_for

SCHEME = uid("sco")
OTHER_SCHEME = uid("cpec")
OFFICER = uid("officer-sco")
OTHER_OFFICER = uid("officer-cpec")
HEAD = uid("officer-head")


@dataclass
class Env:
    client: httpx.AsyncClient
    app: object
    mail: MailSink
    hooks: WebhookReceiver
    pub: EventPublisher
    bootstrap: str
    cycle_id: str
    inst_a: str
    inst_b: str
    prog_a1: str
    prog_a2: str
    prog_b1: str


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    mail = MailSink().start()
    hooks = WebhookReceiver().start()
    pub = await EventPublisher(kafka.bootstrap).start()
    settings = settings_for(
        Settings,
        await postgres.create_database("notif"),
        kafka.bootstrap,
        smtp_host="127.0.0.1",
        smtp_port=mail.port,
        retry_schedule_seconds=[0.2, 0.4, 0.8],
        retry_jitter=0.1,
        webhook_timeout_seconds=0.5,
        dispatch_poll_seconds=0.1,
        feed_settle_seconds=0.2,
        portal_url="https://portal.corridor.example",
        # the receivers of this module are on loopback: allowed explicitly (issue 13), over http
        webhook_require_https=False,
        webhook_allow=["127.0.0.1/32"],
    )
    app = create_app(settings)
    cycle_id = uid("sco-2026")
    inst_a, inst_b = uid("xjmu"), uid("tju")
    e = Env(
        None,
        app,
        mail,
        hooks,
        pub,
        kafka.bootstrap,
        cycle_id,
        inst_a,
        inst_b,
        uid("tcm-3p2"),
        uid("tcm-nursing"),
        uid("thermal"),
    )
    try:
        async with in_process(app) as client:
            e.client = client
            await pub.publish(cycle(cycle_id, SCHEME, "SCO Scholarship 2026/27"))
            await pub.publish(programme(e.prog_a1, inst_a, "Traditional Chinese Medicine 3+2", cycle_id, SCHEME))
            await pub.publish(programme(e.prog_a2, inst_a, "TCM Nursing", cycle_id, SCHEME))
            await pub.publish(programme(e.prog_b1, inst_b, "Urban Thermal Energy Technology", cycle_id, SCHEME))
            await wait_for(
                lambda: _programmes_known(app, [e.prog_a1, e.prog_a2, e.prog_b1]), timeout=60, what="catalog consumed"
            )
            # the cycle too: notices name it, and catalog records are read in no set order
            await stored_row(app, CycleRef, cycle_id, "the cycle")
            yield e
    finally:
        await pub.stop()
        hooks.stop()
        mail.stop()


async def _programmes_known(app, ids) -> bool:
    async with app.state.runtime.db.session() as s:
        n = await s.scalar(select(func.count()).select_from(ProgrammeRef).where(ProgrammeRef.programme_id.in_(ids)))
    return n == len(ids)


async def _notification(app, **where) -> Notification | None:
    async with app.state.runtime.db.session() as s:
        return await s.scalar(select(Notification).filter_by(**where))


async def _inbox(client, who: str, role=Role.APPLICANT, **params) -> dict:
    r = await client.get("/inbox", headers=auth(role, who), params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _event_ids(mails) -> list[str]:
    return [m["X-Corridor-Event-Id"] for m in mails]


# --- applicants ---


async def test_submitted_application_is_mailed_and_in_the_inbox_in_russian(env: Env):
    applicant = uid("stu")
    await known_applicant(env.app, env.pub, applicant, language="ru", name="Айгерим Нурлановна")
    event = await env.pub.publish(
        submitted(uid("app"), applicant, env.cycle_id, SCHEME, [env.prog_a1, env.prog_b1], language="ru")
    )
    [mail] = await env.mail.wait_to(f"{applicant}@example.kz")
    assert mail["Subject"] == "Заявка получена: SCO Scholarship 2026/27"
    assert mail.get_content_type() == "multipart/alternative"
    text, html = parts(mail)
    assert mail.get_body(("plain",)).get_content_charset() == "utf-8"
    assert "Здравствуйте, Айгерим Нурлановна!" in text
    # each choice with its host (two programmes of one title read apart)
    assert "- Traditional Chinese Medicine 3+2 · " in text and "\n- Urban Thermal Energy Technology · " in text
    assert '<html lang="ru" dir="ltr">' in html and "<li>Urban Thermal Energy Technology · " in html
    assert mail["X-Corridor-Event-Id"] == event.id

    inbox = await _inbox(env.client, applicant)
    assert inbox["total"] == 1 and inbox["unread"] == 1
    item = inbox["items"][0]
    assert item["subject"] == mail["Subject"] and item["language"] == "ru"
    assert item["event_type"] == "org.corridor.application.submitted.v1"

    # notification.delivered goes out through the outbox; the row is marked delivered just
    # after the SMTP server accepted the message, so it may still read "sending" for a moment
    async def delivered():
        row = await _notification(env.app, source_event_id=event.id, channel="email")
        return row if row.status == "delivered" else None

    row = await wait_for(delivered, timeout=10, what="the e-mail row marked delivered")
    assert row.attempts == 1
    assert (
        await metric_value(env.client, "corridor_notification_deliveries_total", channel="email", outcome="delivered")
        >= 1
    )
    assert (
        await metric_value(env.client, "corridor_notification_deliveries_total", channel="inbox", outcome="delivered")
        >= 1
    )
    [outcome] = await find_events(
        env.bootstrap, Topics.NOTIFICATIONS.value, lambda e: (e.data or {}).get("notification_id") == row.id
    )
    assert outcome.type == "org.corridor.notification.delivered.v1"
    assert outcome.data["recipient"] == applicant and outcome.data["channel"] == "email"
    assert "@" not in str(outcome.data)  # no address on the topic


async def test_urdu_is_rtl_names_are_escaped_and_a_language_change_is_followed(env: Env):
    applicant, app_id = uid("stu"), uid("app")
    email = f"{applicant}@example.pk"
    await env.pub.publish(
        ApplicantRegistered(
            applicant_id=applicant, email=email, name="<b>Ali</b> & Khan", preferred_language="ur", nationality="PK"
        )
    )
    await env.pub.publish(
        submitted(app_id, applicant, env.cycle_id, SCHEME, [env.prog_a1], language="ur", country="PK")
    )
    [mail] = await env.mail.wait_to(email)
    assert mail["Subject"] == "درخواست موصول ہو گئی: SCO Scholarship 2026/27"
    text, html = parts(mail)
    assert '<html lang="ur" dir="rtl">' in html and 'dir="rtl"' in html.split("<body", 1)[1]
    assert "&lt;b&gt;Ali&lt;/b&gt; &amp; Khan" in html and "<b>Ali</b>" not in html
    assert "محترم <b>Ali</b> & Khan،" in text

    # The applicant switches to Chinese; the next message follows.
    await env.pub.publish(
        ApplicantUpdated(
            applicant_id=applicant, email=email, name="Ali Khan", preferred_language="zh", nationality="PK"
        )
    )

    async def contact_is_zh():
        from services.notifications.models import Contact

        async with env.app.state.runtime.db.session() as s:
            c = await s.get(Contact, applicant)
        return c is not None and c.language == "zh"

    await wait_for(contact_is_zh, timeout=30, what="contact updated")
    await env.pub.publish(
        MatchApproved(
            match_id=uid("m"),
            round_id="r1",
            application_id=app_id,
            applicant_id=applicant,
            cycle_id=env.cycle_id,
            programme_id=env.prog_a1,
            host_institution_id=env.inst_a,
            rank=1,
        )
    )
    mails = await env.mail.wait_to(email, 2)
    assert mails[1]["Subject"] == "录取通知：Traditional Chinese Medicine 3+2"
    assert "尊敬的Ali Khan：" in parts(mails[1])[0]


async def test_each_outcome_is_told_once_and_a_proposal_is_not_told(env: Env):
    """proposed (silent) -> approved (offer) -> confirmed; another applicant waitlisted, unmatched,
    withdrawn, declined; redelivery of one event changes nothing."""
    a, app_a = uid("stu"), uid("app")
    b, app_b = uid("stu"), uid("app")
    match_a = uid("m")
    common = dict(round_id="r1", cycle_id=env.cycle_id)
    await known_applicant(env.app, env.pub, a)
    await known_applicant(env.app, env.pub, b, language="zh")
    await env.pub.publish(submitted(app_a, a, env.cycle_id, SCHEME, [env.prog_a1, env.prog_b1]))
    await env.pub.publish(submitted(app_b, b, env.cycle_id, SCHEME, [env.prog_a1, env.prog_b1], language="zh"))
    await env.pub.publish(
        MatchProposed(
            match_id=match_a,
            application_id=app_a,
            applicant_id=a,
            programme_id=env.prog_a1,
            host_institution_id=env.inst_a,
            rank=1,
            **common,
        )
    )
    approved = await env.pub.publish(
        MatchApproved(
            match_id=match_a,
            application_id=app_a,
            applicant_id=a,
            programme_id=env.prog_a1,
            host_institution_id=env.inst_a,
            rank=1,
            **common,
        )
    )
    await env.pub.publish(
        MatchConfirmed(
            match_id=match_a,
            application_id=app_a,
            applicant_id=a,
            programme_id=env.prog_a1,
            host_institution_id=env.inst_a,
            rank=1,
            **common,
        )
    )
    await env.pub.publish(
        ApplicationWaitlisted(
            application_id=app_b,
            applicant_id=b,
            positions=[WaitlistPosition(programme_id=env.prog_b1, position=2)],
            reasons=[
                ChoiceReason(programme_id=env.prog_a1, reason="programme full: lowest held score 81.5 > yours 78.0")
            ],
            **common,
        )
    )
    await env.pub.publish(
        ApplicationUnmatched(
            application_id=app_b,
            applicant_id=b,
            reasons=[
                ChoiceReason(programme_id=env.prog_a1, reason="country cap KZ on SCO-2026 full"),
                ChoiceReason(programme_id=env.prog_b1, reason="ineligible: HSK 3 below required 4"),
            ],
            **common,
        )
    )
    await env.pub.publish(
        OfferDeclined(
            application_id=app_b, applicant_id=b, cycle_id=env.cycle_id, match_id=uid("m"), programme_id=env.prog_b1
        )
    )
    # withdrawn once the outcomes were told (one arriving after the withdrawal, from the other
    # topic, is told to nobody: test_award_notices)
    await env.mail.wait_to(f"{b}@example.kz", 4)
    await env.pub.publish(ApplicationWithdrawn(application_id=app_b, applicant_id=b, cycle_id=env.cycle_id))
    # the very same CloudEvent again (same id): a redelivery
    await env.pub.send(approved, Topics.MATCHING.value)

    mails_a = await env.mail.wait_to(f"{a}@example.kz", 3)
    mails_b = await env.mail.wait_to(f"{b}@example.kz", 5)
    # (e-mails are sent concurrently: their order of arrival is not the events' order)
    assert sorted(m["Subject"] for m in mails_a) == [
        "Application received: SCO Scholarship 2026/27",
        "Offer of a place: Traditional Chinese Medicine 3+2",
        "Place confirmed: Traditional Chinese Medicine 3+2",
    ]
    text_b = {m["Subject"]: parts(m)[0] for m in mails_b}
    assert set(text_b) == {
        "已收到您的申请：SCO Scholarship 2026/27",
        "候补名单：SCO Scholarship 2026/27",
        "匹配结果：SCO Scholarship 2026/27",
        "已拒绝录取：Urban Thermal Energy Technology",
        "申请已撤回：SCO Scholarship 2026/27",
    }
    assert "Urban Thermal Energy Technology：第 2 位" in text_b["候补名单：SCO Scholarship 2026/27"]
    assert (
        "Traditional Chinese Medicine 3+2：programme full: lowest held score 81.5 > yours 78.0"
        in text_b["候补名单：SCO Scholarship 2026/27"]
    )
    unmatched = text_b["匹配结果：SCO Scholarship 2026/27"]
    assert "country cap KZ on SCO-2026 full" in unmatched and "ineligible: HSK 3 below required 4" in unmatched

    consumer = env.app.state.runtime.running[0]
    dup_before = consumer.stats.duplicates
    await env.pub.send(approved, Topics.MATCHING.value)
    await wait_for(lambda: _gt(lambda: consumer.stats.duplicates, dup_before), timeout=30, what="redelivery seen")
    mails_a = env.mail.to(f"{a}@example.kz")
    assert len(mails_a) == 3 and len(set(_event_ids(mails_a))) == 3
    inbox_a = await _inbox(env.client, a)
    assert inbox_a["total"] == 3
    assert "org.corridor.match.proposed.v1" not in {i["event_type"] for i in inbox_a["items"]}


async def _gt(get, before):
    return get() > before


async def _at_least(items: list, n: int) -> list | None:
    return items if len(items) >= n else None


async def test_officers_of_the_scheme_hear_of_a_completed_round_by_inbox_and_email_in_their_language(env: Env):
    """Issue 18 item 5: no list of ids kept by hand; the staff accounts say who manages what."""
    for account_id, role, schemes, language in (
        (OFFICER, "officer", [SCHEME], "ru"),
        (OTHER_OFFICER, "officer", [OTHER_SCHEME], "en"),
        (HEAD, "admin", [], "en"),
    ):
        await env.pub.publish(
            AccountUpserted(
                account_id=account_id,
                role=role,
                name=account_id,
                email=f"{account_id}@corridor.example",
                preferred_language=language,
                schemes=schemes,
            )
        )

    async def accounts_known():
        async with env.app.state.runtime.db.session() as s:
            n = await s.scalar(
                select(func.count()).select_from(Account).where(Account.account_id.in_([OFFICER, OTHER_OFFICER, HEAD]))
            )
        return n == 3

    await wait_for(accounts_known, timeout=30, what="accounts consumed")
    rnd = uid("round")
    event = await env.pub.publish(
        RoundCompleted(
            round_id=rnd, cycle_id=env.cycle_id, seed=7, matched=12, waitlisted=4, unmatched=2, inputs_digest="abc"
        )
    )
    [mail] = await env.mail.wait_to(f"{OFFICER}@corridor.example")
    assert mail["Subject"] == "Раунд распределения завершён: SCO Scholarship 2026/27"
    # the link opens the round's page, where its proposals are reviewed
    link = f"https://portal.corridor.example/officer/rounds/{rnd}"
    assert link in parts(mail)[0]
    inbox = await _inbox(env.client, OFFICER, Role.OFFICER)
    [entry] = [i for i in inbox["items"] if i["source_event_id"] == event.id]
    assert entry["language"] == "ru" and "SCO Scholarship 2026/27" in entry["body"] and "12" in entry["body"]
    assert rnd not in entry["body"].replace(link, "")  # a round's id means nothing to the officer: only in the link
    # the other scheme's officer is not told; nor the admin, since an officer of the scheme is
    for who in (OTHER_OFFICER, HEAD):
        other = await _inbox(env.client, who, Role.ADMIN if who == HEAD else Role.OFFICER)
        assert event.id not in {i["source_event_id"] for i in other["items"]}
    assert env.mail.to(f"{HEAD}@corridor.example") == []


async def test_inbox_pages_counts_and_marks_only_ones_own(env: Env):
    me, other = uid("stu"), uid("stu")
    for who in (me, other):
        await env.pub.publish(submitted(uid("app"), who, env.cycle_id, SCHEME, [env.prog_a1]))
    for _ in range(2):
        await env.pub.publish(ApplicationWithdrawn(application_id=uid("app"), applicant_id=me, cycle_id=env.cycle_id))
    await wait_for(lambda: _total_at_least(env.client, me, 3), timeout=30, what="three inbox entries")
    await wait_for(lambda: _total_at_least(env.client, other, 1), timeout=30, what="other's entry")

    page1 = await _inbox(env.client, me, limit=2)
    page2 = await _inbox(env.client, me, limit=2, offset=2)
    assert page1["total"] == 3 and page1["unread"] == 3 and len(page1["items"]) == 2 and len(page2["items"]) == 1
    ids = [i["id"] for i in page1["items"] + page2["items"]]
    assert len(set(ids)) == 3
    others = (await _inbox(env.client, other))["items"][0]["id"]

    r = await env.client.post(f"/inbox/{ids[0]}/read", headers=auth(Role.APPLICANT, me))
    assert r.status_code == 200 and r.json()["read_at"] is not None
    assert (await _inbox(env.client, me))["unread"] == 2
    assert (await _inbox(env.client, me, unread_only=True))["total"] == 2

    # someone else's entry: refused as unknown, and it stays unread
    r = await env.client.post(f"/inbox/{others}/read", headers=auth(Role.APPLICANT, me))
    assert r.status_code == 404 and r.json()["errors"][0]["field"] == "entry_id"
    assert r.json()["code"] == "inbox.entry_not_found" and r.headers["content-type"] == "application/problem+json"
    assert (await _inbox(env.client, other))["unread"] == 1
    for bad in ("not-a-number", "0", "99999999999"):
        r = await env.client.post(f"/inbox/{bad}/read", headers=auth(Role.APPLICANT, me))
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "entry_id"

    r = await env.client.post("/inbox/read-all", headers=auth(Role.APPLICANT, me))
    assert r.json() == {"marked": 2, "unread": 0}
    assert (await _inbox(env.client, me))["unread"] == 0
    assert (await _inbox(env.client, other))["unread"] == 1
    assert (await env.client.get("/inbox")).status_code == 401
    # a host's partner user reads its own inbox (its deadline reminders), never an applicant's
    theirs = await env.client.get("/inbox", headers=auth(Role.PARTNER, "p", institutions=[env.inst_a]))
    assert theirs.status_code == 200 and theirs.json()["total"] == 0


async def _total_at_least(client, who, n):
    return (await _inbox(client, who))["total"] >= n


# --- partners ---


async def _subscribe(env: Env, institution: str, url: str, types: list[str] | None = None) -> dict:
    r = await env.client.post(
        "/webhooks/subscriptions",
        json={"url": url, "event_types": types or []},
        headers=auth(Role.PARTNER, f"partner-{institution}", institutions=[institution]),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["secret"].startswith("whsec_") and body["institution_id"] == institution
    return body


async def test_partners_get_signed_minimal_projections_of_their_own_programmes_only(env: Env):
    sub_a = await _subscribe(env, env.inst_a, env.hooks.plan(f"/{uid('a')}", []))
    sub_b = await _subscribe(env, env.inst_b, env.hooks.plan(f"/{uid('b')}", []), ["application.offered"])
    path_a, path_b = sub_a["url"].removeprefix(env.hooks.base), sub_b["url"].removeprefix(env.hooks.base)
    applicant, app_id, match_id = uid("stu"), uid("app"), uid("m")
    await env.pub.publish(
        submitted(
            app_id,
            applicant,
            env.cycle_id,
            SCHEME,
            [env.prog_a1, env.prog_b1, env.prog_a2],
            country="UZ",
        )
    )
    # The two events travel on two topics, read in no set order; in life a round comes long
    # after the submission: wait until the submission was handled (A has it) before the offer.
    got_a = await wait_for(lambda: _accepted_for(env.hooks, path_a, app_id), timeout=30, what="A's webhook")
    await env.pub.publish(
        MatchApproved(
            match_id=match_id,
            round_id="r1",
            application_id=app_id,
            applicant_id=applicant,
            cycle_id=env.cycle_id,
            programme_id=env.prog_b1,
            host_institution_id=env.inst_b,
            rank=2,
        )
    )

    got_b = await wait_for(lambda: _accepted_for(env.hooks, path_b, app_id), timeout=30, what="B's webhook")
    [a] = got_a
    body = Webhook(sub_a["secret"]).verify(a.body, a.headers)  # signed per Standard Webhooks
    assert body["type"] == "application.submitted"
    assert body["data"] == {
        "institution_id": env.inst_a,
        "application_id": app_id,
        "cycle_id": env.cycle_id,
        "scheme_id": SCHEME,
        "status": "submitted",
        "sending_country": "UZ",
        "applicant_type": "student",
        "programme_ids": [env.prog_a1, env.prog_a2],
    }
    raw = a.body.decode()
    for personal in ("Dilnoza", "@example", applicant, "88.5", "grade"):
        assert personal not in raw
    [b] = got_b  # B filtered on offers: nothing of the submission, only its own offer
    body_b = Webhook(sub_b["secret"]).verify(b.body, b.headers)
    assert body_b["type"] == "application.offered"
    assert body_b["data"]["programme_ids"] == [env.prog_b1] and body_b["data"]["match_id"] == match_id
    assert body_b["data"]["sending_country"] == "UZ" and body_b["data"]["institution_id"] == env.inst_b
    with pytest.raises(WebhookVerificationError):
        Webhook(sub_a["secret"]).verify(b.body, b.headers)  # each subscription has its own secret
    await wait_for(lambda: _no_pending(env.app), timeout=30, what="dispatcher idle")
    assert [r for r in env.hooks.at(path_a) if WebhookReceiver.payload(r)["type"] == "application.offered"] == []

    # The catch-up feed: each partner its own part, page by page with a cursor.
    async def feed(inst, cursor="0", limit=1):
        r = await env.client.get(
            "/partner/feed",
            params={"cursor": cursor, "limit": limit},
            headers=auth(Role.PARTNER, "p", institutions=[inst]),
        )
        assert r.status_code == 200, r.text
        return r.json()

    async def whole_feed(inst):
        items, cursor = [], "0"
        while True:
            page = await feed(inst, cursor, limit=2)
            items += page["items"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return items, cursor

    async def feed_has(inst, n):
        items, _ = await whole_feed(inst)
        mine = [i for i in items if i["data"]["application_id"] == app_id]
        return mine if len(mine) >= n else None

    feed_a = await wait_for(lambda: feed_has(env.inst_a, 1), timeout=10, what="A's feed")
    feed_b = await wait_for(lambda: feed_has(env.inst_b, 2), timeout=10, what="B's feed")
    assert [i["type"] for i in feed_a] == ["application.submitted"]
    assert feed_a[0]["message_id"] == a.headers["webhook-id"]  # one id across webhook and feed
    assert [i["type"] for i in feed_b] == ["application.submitted", "application.offered"]
    assert feed_b[0]["data"]["programme_ids"] == [env.prog_b1]
    _, end = await whole_feed(env.inst_a)
    assert (await feed(env.inst_a, end))["items"] == []
    assert all(i["institution_id"] == env.inst_a for i in (await whole_feed(env.inst_a))[0])

    # Who may read what.
    r = await env.client.get(
        "/partner/feed",
        headers=auth(Role.PARTNER, "p", institutions=[env.inst_a]),
        params={"institution_id": env.inst_b},
    )
    assert r.status_code == 403 and r.json()["code"] == "partner.foreign_institution"
    assert (await env.client.get("/partner/feed", headers=auth(Role.APPLICANT, applicant))).status_code == 403
    assert (await env.client.get("/partner/feed")).status_code == 401
    r = await env.client.get(
        "/partner/feed", params={"cursor": "abc"}, headers=auth(Role.PARTNER, "p", institutions=[env.inst_a])
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cursor"
    assert r.json()["code"] == "feed.bad_cursor"
    r = await env.client.get(
        "/partner/feed", params={"cursor": "9" * 19}, headers=auth(Role.PARTNER, "p", institutions=[env.inst_a])
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cursor"
    assert r.json()["code"] == "feed.bad_cursor"  # not a generic "string_too_long"
    # a cursor past every entry is not one the feed gave: echoed back, it hid every event to come
    r = await env.client.get(
        "/partner/feed", params={"cursor": "9" * 18}, headers=auth(Role.PARTNER, "p", institutions=[env.inst_a])
    )
    assert r.status_code == 422 and r.json()["code"] == "feed.cursor_ahead"
    subs = await env.client.get("/webhooks/subscriptions", headers=auth(Role.PARTNER, "p", institutions=[env.inst_b]))
    assert [s["id"] for s in subs.json()["items"]] == [sub_b["id"]] and "secret" not in subs.json()["items"][0]


def _accepted_for(hooks, path, app_id):
    async def check():
        got = [r for r in hooks.accepted(path) if WebhookReceiver.payload(r)["data"]["application_id"] == app_id]
        return got or None

    return check()


async def _no_pending(app) -> bool:
    async with app.state.runtime.db.session() as s:
        n = await s.scalar(
            select(func.count()).select_from(Notification).where(Notification.status.in_(["pending", "sending"]))
        )
    return n == 0


async def _institution_with_programme(env: Env) -> tuple[str, str]:
    inst, prog = uid("inst"), uid("prog")
    await env.pub.publish(programme(prog, inst, "Engineering Measurement Technology", env.cycle_id, SCHEME))
    await wait_for(lambda: _programmes_known(env.app, [prog]), timeout=30, what="programme known")
    return inst, prog


async def test_a_flaky_receiver_gets_exactly_one_accepted_delivery(env: Env):
    inst, prog = await _institution_with_programme(env)
    path = f"/{uid('flaky')}"
    sub = await _subscribe(env, inst, env.hooks.plan(path, ["hang", 500, 200]))  # a timeout, an error, then OK
    event = await env.pub.publish(submitted(uid("app"), uid("stu"), env.cycle_id, SCHEME, [prog]))

    async def delivered():
        row = await _notification(env.app, source_event_id=event.id, channel="webhook")
        return row if row is not None and row.status == "delivered" else None

    row = await wait_for(delivered, timeout=30, what="delivered after retries")
    assert row.attempts == 3 and row.recipient == sub["id"]
    calls = env.hooks.at(path)
    assert [c.status for c in calls] == [503, 500, 200]
    assert len({c.headers["webhook-id"] for c in calls}) == 1  # the same message each try
    [ok] = env.hooks.accepted(path)
    assert Webhook(sub["secret"]).verify(ok.body, ok.headers)["data"]["programme_ids"] == [prog]
    [outcome] = await find_events(
        env.bootstrap, Topics.NOTIFICATIONS.value, lambda e: (e.data or {}).get("notification_id") == row.id
    )
    assert outcome.type == "org.corridor.notification.delivered.v1" and outcome.data["attempts"] == 3


async def test_a_receiver_that_is_down_ends_dead_and_is_replayed(env: Env):
    inst, prog = await _institution_with_programme(env)
    port = free_port()
    sub = await _subscribe(env, inst, f"http://127.0.0.1:{port}/hook")
    event = await env.pub.publish(submitted(uid("app"), uid("stu"), env.cycle_id, SCHEME, [prog]))
    admin = auth(Role.ADMIN, "ops")

    async def dead():
        r = await env.client.get(
            "/webhooks/deliveries", params={"status": "dead", "subscription_id": sub["id"]}, headers=admin
        )
        items = r.json()["items"]
        return items or None

    [delivery] = await wait_for(dead, timeout=30, what="dead delivery")
    assert delivery["attempts"] == 4 and delivery["type"] == "application.submitted"
    # what the partner reads: the transport error's class and message, without the address
    assert delivery["last_error"] == "ConnectError: All connection attempts failed"
    assert delivery["last_status_code"] is None
    [failed] = await find_events(
        env.bootstrap, Topics.NOTIFICATIONS.value, lambda e: (e.data or {}).get("notification_id") == delivery["id"]
    )
    assert failed.type == "org.corridor.notification.failed.v1" and failed.data["attempts"] == 4

    # scoping: the partner sees and replays its own dead delivery; another partner does neither
    own = await env.client.get(
        "/webhooks/deliveries", params={"status": "dead"}, headers=auth(Role.PARTNER, "p", institutions=[inst])
    )
    assert [d["id"] for d in own.json()["items"]] == [delivery["id"]]
    foreign = await env.client.get(
        "/webhooks/deliveries", params={"status": "dead"}, headers=auth(Role.PARTNER, "p", institutions=[env.inst_a])
    )
    assert delivery["id"] not in {d["id"] for d in foreign.json()["items"]}
    r = await env.client.post(
        f"/webhooks/deliveries/{delivery['id']}/replay", headers=auth(Role.PARTNER, "p", institutions=[env.inst_a])
    )
    assert r.status_code == 404 and r.json()["code"] == "delivery.not_found"

    receiver = WebhookReceiver(port=port).start()  # the partner is back, and replays its own (issue 18 item 6)
    try:
        # nothing waits for a next try (the one delivery is dead): the dead are sent again only when asked
        partner = auth(Role.PARTNER, "p", institutions=[inst])
        r = await env.client.post(f"/webhooks/subscriptions/{sub['id']}/retry", headers=partner)
        assert r.status_code == 200 and r.json() == {"due_now": 0, "replayed_dead": 0}, r.text
        r = await env.client.post(
            f"/webhooks/subscriptions/{sub['id']}/retry", json={"dead_too": True, "reason": "back"}, headers=partner
        )
        assert r.status_code == 200 and r.json() == {"due_now": 0, "replayed_dead": 1}, r.text

        async def delivered():
            row = await _notification(env.app, id=delivery["id"])
            return row if row.status == "delivered" else None

        row = await wait_for(delivered, timeout=30, what="replayed delivery")
        assert row.attempts == 1
        [ok] = receiver.accepted("/hook")
        assert Webhook(sub["secret"]).verify(ok.body, ok.headers)["type"] == "application.submitted"
        assert ok.headers["webhook-id"] == delivery["message_id"]
        r = await env.client.post(f"/webhooks/deliveries/{delivery['id']}/replay", headers=admin)
        assert r.status_code == 409 and r.json()["errors"][0]["field"] == "status"
        assert r.json()["code"] == "delivery.not_dead" and r.json()["status"] == 409
    finally:
        receiver.stop()
    assert (await env.client.post("/webhooks/deliveries/ntf_nope/replay", headers=admin)).status_code == 404
    assert event.id  # the source event


async def test_subscriptions_refuse_bad_input_and_foreign_institutions(env: Env):
    partner = auth(Role.PARTNER, "p", institutions=[env.inst_a])
    cases = [
        ({"url": "ftp://example.org/x"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "https://example.org/h", "event_types": ["match.proposed"]}, "event_types.0"),
        ({"event_types": []}, "url"),
        # a field it does not know is refused, not dropped (a typo subscribed to every event type)
        ({"url": "https://example.org/h", "evnt_types": ["application.offered"]}, "evnt_types"),
        ({"url": "https://example.org/h", "secret": "whsec_mine"}, "secret"),
    ]
    for body, field in cases:
        r = await env.client.post("/webhooks/subscriptions", json=body, headers=partner)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["errors"][0]["field"] == field
        if field == "url" and "url" in body:  # a malformed address has its own code, as the guide says
            assert r.json()["errors"][0]["code"] == "webhook.url_invalid", r.text
    # an admin names an institution: only one the catalog has
    admin = auth(Role.ADMIN, "ops")
    hook = env.hooks.plan(f"/{uid('adm')}", [])
    r = await env.client.post(
        "/webhooks/subscriptions", json={"url": hook, "institution_id": "no-such-inst"}, headers=admin
    )
    assert r.status_code == 422 and r.json()["code"] == "webhook.unknown_institution", r.text
    assert r.json()["errors"][0]["field"] == "institution_id"
    await env.pub.publish(
        InstitutionUpserted(institution_id=env.inst_a, name="Xinjiang Medical University", country="CN")
    )
    await stored_row(env.app, InstitutionRef, env.inst_a, "the institution")
    r = await env.client.post(
        "/webhooks/subscriptions", json={"url": hook, "institution_id": env.inst_a}, headers=admin
    )
    assert r.status_code == 201 and r.json()["institution_id"] == env.inst_a, r.text
    # the same request sent twice at once with its Idempotency-Key (a double click, a retry after a
    # timeout) makes one endpoint, not two that would each deliver every event: the second answer
    # names it, without its secret (shown once)
    once = {**admin, "Idempotency-Key": uid("sub")}
    twin = {"url": env.hooks.plan(f"/{uid('twice')}", []), "institution_id": env.inst_a}
    first, second = await asyncio.gather(
        *(env.client.post("/webhooks/subscriptions", json=twin, headers=once) for _ in range(2))
    )
    assert (first.status_code, second.status_code) == (201, 201) and first.json()["id"] == second.json()["id"]
    answers = sorted((first, second), key=lambda r: r.headers["idempotent-replayed"])
    assert answers[0].json()["secret"].startswith("whsec_") and answers[1].json()["secret"] is None
    assert all(r.headers["cache-control"] == "no-store" for r in answers)
    same_url = [
        i
        for i in (await env.client.get("/webhooks/subscriptions", headers=admin, params={"limit": 500})).json()["items"]
        if i["url"] == twin["url"]
    ]
    assert len(same_url) == 1
    # changed in place: its types and description, never its secret (a field it does not know is refused)
    made = r.json()
    r = await env.client.patch(
        f"/webhooks/subscriptions/{made['id']}",
        json={"event_types": ["application.offered"], "description": "intake v2"},
        headers=admin,
    )
    assert r.status_code == 200 and r.json()["event_types"] == ["application.offered"], r.text
    assert r.json()["description"] == "intake v2" and r.json()["url"] == hook and "secret" not in r.json()
    r = await env.client.patch(f"/webhooks/subscriptions/{made['id']}", json={"secret": "whsec_x"}, headers=admin)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "secret"
    other = auth(Role.PARTNER, "p", institutions=[env.inst_b])
    r = await env.client.patch(f"/webhooks/subscriptions/{made['id']}", json={"description": "x"}, headers=other)
    assert r.status_code == 404
    r = await env.client.post(
        "/webhooks/subscriptions", json={"url": "https://example.org/h", "institution_id": env.inst_b}, headers=partner
    )
    assert r.status_code == 403 and r.json()["errors"][0]["field"] == "institution_id"
    assert r.json()["code"] == "partner.foreign_institution"
    # another institution's deliveries are refused as its feed is (an empty list had hidden the mistake)
    r = await env.client.get("/webhooks/deliveries", params={"institution_id": env.inst_b}, headers=partner)
    assert r.status_code == 403 and r.json()["code"] == "partner.foreign_institution"
    r = await env.client.post(
        "/webhooks/subscriptions", json={"url": "https://example.org/h"}, headers=auth(Role.APPLICANT, "stu")
    )
    assert r.status_code == 403
    r = await env.client.post(
        "/webhooks/subscriptions", json={"url": "https://example.org/h"}, headers=auth(Role.ADMIN, "ops")
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "institution_id"
    assert r.json()["code"] == "subscription.institution_required"
    # a removed subscription is no longer listed as active and cannot be removed by another partner
    sub = await _subscribe(env, env.inst_a, env.hooks.plan("/gone", []))
    other = auth(Role.PARTNER, "p", institutions=[env.inst_b])
    one = await env.client.get(f"/webhooks/subscriptions/{sub['id']}", headers=partner)  # read alone, not from the list
    assert one.status_code == 200 and (one.json()["id"], one.json()["active"]) == (sub["id"], True)
    assert "secret" not in one.json()  # shown once, when made or rotated
    foreign = await env.client.get(f"/webhooks/subscriptions/{sub['id']}", headers=other)
    assert foreign.status_code == 404 and foreign.json()["code"] == "subscription.not_found"
    assert (await env.client.delete(f"/webhooks/subscriptions/{sub['id']}", headers=other)).status_code == 404
    assert (await env.client.delete(f"/webhooks/subscriptions/{sub['id']}", headers=partner)).status_code == 204
    listed = (await env.client.get("/webhooks/subscriptions", headers=partner, params={"limit": 100})).json()["items"]
    assert {s["id"]: s["active"] for s in listed}[sub["id"]] is False
    assert (await env.client.get(f"/webhooks/subscriptions/{sub['id']}", headers=partner)).json()["active"] is False
    r = await env.client.get("/webhooks/deliveries", params={"status": "lost"}, headers=auth(Role.ADMIN, "ops"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "status"


async def test_partner_follows_an_application_through_edit_waitlist_and_withdrawal(env: Env):
    """Only its own part: a dropped programme is an update with an empty list; no reasons leak."""
    inst, prog = await _institution_with_programme(env)
    path = f"/{uid('follow')}"
    sub = await _subscribe(env, inst, env.hooks.plan(path, []))
    applicant, app_id = uid("stu"), uid("app")
    first = submitted(app_id, applicant, env.cycle_id, SCHEME, [prog, env.prog_a1])
    await env.pub.publish(first)
    await env.pub.publish(
        ApplicationWaitlisted(
            round_id="r1",
            application_id=app_id,
            applicant_id=applicant,
            cycle_id=env.cycle_id,
            positions=[
                WaitlistPosition(programme_id=prog, position=5),
                WaitlistPosition(programme_id=env.prog_a1, position=1),
            ],
            reasons=[ChoiceReason(programme_id=prog, reason="programme full: lowest held score 90.0 > yours 88.5")],
        )
    )
    from shared.events.catalog import ApplicationUpdated

    # edited and withdrawn once the waiting list was told: a round's outcome arriving after the
    # withdrawal, from the other topic, is told to nobody (test_award_notices)
    await wait_for(lambda: _at_least(env.hooks.accepted(path), 2), timeout=30, what="the waitlisting delivered")
    await env.pub.publish(ApplicationUpdated(**{**first.model_dump(), "choices": [env.prog_a1]}))
    await env.pub.publish(ApplicationWithdrawn(application_id=app_id, applicant_id=applicant, cycle_id=env.cycle_id))

    async def four():
        got = [WebhookReceiver.payload(r) for r in env.hooks.accepted(path)]
        return got if len(got) >= 3 else None

    got = await wait_for(four, timeout=30, what="partner deliveries")
    await wait_for(lambda: _no_pending(env.app), timeout=30, what="dispatcher idle")
    got = sorted((WebhookReceiver.payload(r) for r in env.hooks.accepted(path)), key=lambda p: p["timestamp"])
    assert [p["type"] for p in got] == ["application.submitted", "application.waitlisted", "application.updated"]
    submitted_, waitlisted, updated = (p["data"] for p in got)
    assert submitted_["programme_ids"] == [prog]
    assert waitlisted["waitlist"] == [{"programme_id": prog, "position": 5}] and "reasons" not in waitlisted
    assert "90.0" not in json.dumps(got)
    assert updated["programme_ids"] == [] and updated["status"] == "submitted"
    # withdrawn after the edit: the application no longer names this partner's programme
    for r in env.hooks.accepted(path):
        Webhook(sub["secret"]).verify(r.body, r.headers)


async def test_an_email_without_a_known_contact_ends_dead_and_is_replayed_once_known(env: Env):
    """A match event for an applicant we cannot reach yet: inbox now, e-mail dead, replayed later."""
    applicant, app_id = uid("stu"), uid("app")
    event = await env.pub.publish(
        MatchApproved(
            match_id=uid("m"),
            round_id="r1",
            application_id=app_id,
            applicant_id=applicant,
            cycle_id=env.cycle_id,
            programme_id=env.prog_a1,
            host_institution_id=env.inst_a,
            rank=1,
        )
    )
    admin = auth(Role.ADMIN, "ops")

    async def dead():
        r = await env.client.get(
            "/notifications", params={"channel": "email", "status": "dead", "recipient": applicant}, headers=admin
        )
        return r.json()["items"] or None

    [row] = await wait_for(dead, timeout=30, what="dead e-mail")
    assert row["source_event_id"] == event.id and row["attempts"] == 4 and "no contact" in row["last_error"]
    assert row["template"] == "offer_made"
    assert (await _inbox(env.client, applicant))["total"] == 1  # the inbox did not wait for the address
    assert (
        await env.client.get("/notifications", headers=auth(Role.PARTNER, "p", institutions=[env.inst_a]))
    ).status_code == 403

    email = f"{applicant}@example.tj"
    await env.pub.publish(
        ApplicantRegistered(
            applicant_id=applicant, email=email, name="Farrukh Rahimov", preferred_language="ru", nationality="TJ"
        )
    )

    async def known():
        from services.notifications.models import Contact

        async with env.app.state.runtime.db.session() as s:
            return await s.get(Contact, applicant)

    await wait_for(known, timeout=30, what="contact known")
    r = await env.client.post(f"/notifications/{row['id']}/replay", headers=admin)
    assert r.status_code == 200 and r.json()["status"] == "pending"
    [mail] = await env.mail.wait_to(email)
    assert mail["Subject"] == "Предложение места: Traditional Chinese Medicine 3+2"
    assert (await env.client.post(f"/notifications/{row['id']}/replay", headers=admin)).status_code == 409
    # the webhook replay route only knows webhook deliveries
    assert (await env.client.post(f"/webhooks/deliveries/{row['id']}/replay", headers=admin)).status_code == 404

    # "The applicant never got it": an admin finds the e-mail by the address and sends a copy.
    async def delivered():
        r = await env.client.get(
            "/notifications", params={"address": email.upper(), "status": "delivered"}, headers=admin
        )
        return r.json()["items"] or None

    [sent] = await wait_for(delivered, timeout=30, what="the replayed e-mail delivered")
    assert sent["id"] == row["id"] and sent["address"] == email and sent["recipient_name"] == "Farrukh Rahimov"
    assert sent["resendable"] is True and sent["resend"] == 0
    no_reason = await env.client.post(f"/notifications/{row['id']}/resend", json={"reason": ""}, headers=admin)
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    partner = auth(Role.PARTNER, "p", institutions=[env.inst_a])
    said = {"reason": "the applicant's mail server filed it as spam"}
    assert (await env.client.post(f"/notifications/{row['id']}/resend", json=said, headers=partner)).status_code == 403
    r = await env.client.post(f"/notifications/{row['id']}/resend", json=said, headers=admin)
    assert r.status_code == 201, r.text
    copy = r.json()
    assert copy["id"] != row["id"] and copy["resend"] == 1 and copy["status"] == "pending"
    assert copy["source_event_id"] == event.id and copy["address"] == email
    first, again = await env.mail.wait_to(email, 2)
    assert again["Subject"] == first["Subject"] and again["Message-ID"] != first["Message-ID"]
    second = await env.client.post(f"/notifications/{row['id']}/resend", json=said, headers=admin)
    assert second.status_code == 201 and second.json()["resend"] == 2  # each copy counted
    # "Send again" pressed twice (two requests of one form in flight): one copy, both told of it
    once = {**admin, "Idempotency-Key": uid("resend")}
    twice = await asyncio.gather(
        *(env.client.post(f"/notifications/{row['id']}/resend", json=said, headers=once) for _ in range(2))
    )
    assert [r.status_code for r in twice] == [201, 201] and twice[0].json()["id"] == twice[1].json()["id"]
    assert sorted(r.headers["idempotent-replayed"] for r in twice) == ["false", "true"]
    listed = (await env.client.get("/notifications", params={"address": email}, headers=admin)).json()
    assert sorted(i["resend"] for i in listed["items"]) == [0, 1, 2, 3] and listed["total"] == 4
    original = next(i for i in listed["items"] if i["id"] == row["id"])
    assert original["status"] == "delivered"  # the first stays as it was
    journal = (await env.client.get("/journal", params={"action": "delivery.resent"}, headers=admin)).json()
    resent = [e for e in journal["items"] if e["subject"] == f"notification:{row['id']}"]
    assert len(resent) == 3 and resent[0]["reason"] == said["reason"]
    nobody = await env.client.get("/notifications", params={"address": "nobody@example.tj"}, headers=admin)
    assert nobody.json()["total"] == 0


# --- issue 13: webhooks cannot reach Corridor's own network (SSRF) ---


async def test_every_internal_address_form_is_refused_at_registration(env: Env):
    """The receiver on 127.0.0.1 is allowed explicitly; nothing else internal is."""
    partner = auth(Role.PARTNER, "p", institutions=[env.inst_a])
    port = env.hooks.port
    internal = [
        "http://127.0.0.2:8001/admin/accounts",
        f"http://localhost:{port}/hook",
        f"http://2130706433:{port}/hook",
        f"http://0x7f.0.0.1:{port}/hook",
        f"http://0177.0.0.1:{port}/hook",
        f"http://[::ffff:127.0.0.1]:{port}/hook",
        f"http://0.0.0.0:{port}/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[fd00::1]/",
        "http://[::1]:8001/",
    ]
    for url in internal:
        r = await env.client.post("/webhooks/subscriptions", json={"url": url}, headers=partner)
        assert r.status_code == 422, (url, r.status_code, r.text)
        body = r.json()
        assert body["errors"][0]["field"] == "url" and body["code"].startswith("webhook.url_"), (url, body)
    async with env.app.state.runtime.db.session() as s:
        stored = await s.scalar(
            select(func.count()).select_from(WebhookSubscription).where(WebhookSubscription.url.in_(internal))
        )
    assert stored == 0


async def test_a_subscription_to_an_internal_address_is_refused_at_every_delivery_and_ping(env: Env):
    """Subscriptions stored before the check (or by other means) are checked again when
    sending: nothing reaches the receiver, and the partner reads "refused"."""
    inst, prog = await _institution_with_programme(env)
    paths = [f"/{uid('ssrf')}", f"/{uid('ssrf')}"]
    urls = [f"http://localhost:{env.hooks.port}{paths[0]}", f"http://2130706433:{env.hooks.port}{paths[1]}"]
    subs = [WebhookSubscription(institution_id=inst, url=u, secret="whsec_" + "A" * 32, created_by="p") for u in urls]
    async with env.app.state.runtime.db.session() as s, s.begin():
        s.add_all(subs)
    event = await env.pub.publish(submitted(uid("app"), uid("stu"), env.cycle_id, SCHEME, [prog]))
    partner = auth(Role.PARTNER, "p", institutions=[inst])

    async def refused():
        r = await env.client.get("/webhooks/deliveries", headers=partner)
        items = [d for d in r.json()["items"] if d["attempts"] >= 1]
        return items if len(items) == 2 else None

    for delivery in await wait_for(refused, timeout=30, what="both deliveries tried"):
        assert delivery["last_error"] == "refused" and delivery["last_status_code"] is None
    r = await env.client.post(f"/webhooks/subscriptions/{subs[0].id}/ping", headers=partner)
    assert r.status_code == 200 and r.json()["delivered"] is False and r.json()["error"] == "refused"
    assert all(env.hooks.at(p) == [] for p in paths)
    assert event.id


async def test_the_dispatcher_counters_are_for_admins_only(env: Env):
    assert (await env.client.get("/dispatcher")).status_code == 401
    for role in (Role.APPLICANT, Role.OFFICER, Role.PARTNER):
        r = await env.client.get("/dispatcher", headers=auth(role, "someone", institutions=[env.inst_a]))
        assert r.status_code == 403, role
    r = await env.client.get("/dispatcher", headers=auth(Role.ADMIN, "ops"))
    assert r.status_code == 200 and set(r.json()) == {"claimed", "delivered", "failed_tries", "dead"}


# --- issue 13: the owner of an account is e-mailed about it (account.notice) ---


async def test_an_account_notice_is_emailed_in_the_owners_language_and_not_put_in_an_inbox(env: Env):
    account, address = uid("acc"), f"{uid('owner')}@example.kz"
    link = f"https://portal.corridor.example/password/reset?token={uid('tok')}"
    reset = await env.pub.publish(
        AccountNotice(
            account_id=account,
            email=address,
            name="Айгерим",
            preferred_language="ru",
            kind="password_reset",
            link=link,
            expires_at=datetime(2027, 3, 15, 14, 30, tzinfo=UTC),
        )
    )
    await env.pub.publish(
        AccountNotice(account_id=account, email=address, name="", preferred_language="zh", kind="registration_attempt")
    )
    mails = await env.mail.wait_to(address, n=2)
    by_kind = {m["X-Corridor-Event-Id"]: m for m in mails}
    mail = by_kind[reset.id]
    assert mail["Subject"] == "Восстановление пароля Corridor" and mail["Content-Language"] == "ru"
    text, html = parts(mail)
    assert "Здравствуйте, Айгерим!" in text and link in text and "15 марта 2027" in text
    assert f'<a href="{link}">' in html
    [attempt] = [m for m in mails if m is not mail]
    assert attempt["Subject"] == "有人尝试使用您的邮箱地址注册" and parts(attempt)[0].startswith("您好：")
    assert (await _inbox(env.client, account))["total"] == 0  # e-mail is the channel
    row = await _notification(env.app, source_event_id=reset.id, channel="email")
    assert row.status == "delivered" and row.context["link"] is None  # the link is not kept once sent
