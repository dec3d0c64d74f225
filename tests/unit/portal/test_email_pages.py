"""Admins see outbound e-mails in the portal (only the notifications API showed them): those
that failed for good, those waiting or being retried, those delivered, a page of 50 at a
time, each with its kind of notice in words, its recipient, attempts and last error; a dead
one tried again with an optional reason, a refusal said in words; other roles refused; the
page in Chinese, Russian and Urdu with no English left."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest

from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.templates import MESSAGES
from services.portal.domain import emails
from services.portal.email_words import EMAIL_WORDS
from services.portal.i18n import CATALOGS, translate
from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
    problem,
)

DEAD = {
    "id": "ntf_dead",
    "channel": "email",
    "recipient": "app_7Qx2",
    "source_event_id": "evt_1",
    "event_type": "org.corridor.match.approved.v1",
    "template": "offer_made",
    "status": "dead",
    "attempts": 4,
    "next_attempt_at": "2026-11-02T10:00:00+00:00",
    "last_error": "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
    "created_at": "2026-11-01T10:00:00+00:00",
    "delivered_at": None,
}
UNWORDED = {**DEAD, "id": "ntf_unworded", "template": "a_later_kind", "recipient": "acc_off1"}  # from a newer service
RETRYING = {
    **DEAD,
    "id": "ntf_retrying",
    "template": "document_rejected",
    "status": "pending",
    "attempts": 2,
    "next_attempt_at": "2026-11-02T11:30:00+00:00",
    "last_error": "SMTPServerDisconnected: Connection unexpectedly closed",
}
FIRST = {**RETRYING, "id": "ntf_first", "attempts": 0, "last_error": None}
DONE = {
    **DEAD,
    "id": "ntf_done",
    "template": "account_password_reset",
    "status": "delivered",
    "attempts": 1,
    "last_error": None,
    "delivered_at": "2026-11-01T10:00:02+00:00",
}
OFFER_SENT = {
    **DEAD,
    "id": "ntf_offer",
    "recipient": "app_9Kd",
    "status": "delivered",
    "attempts": 1,
    "last_error": None,
    "delivered_at": "2026-11-01T10:00:02+00:00",
    "address": "farrukh@example.tj",
    "recipient_name": "Farrukh Rahimov",
    "resendable": True,
    "resend": 0,
}
DECLARED = {"channel", "status", "recipient", "address", "offset", "limit"}  # GET /notifications's parameters


class Notifications:
    """The notifications service's operations API, as far as the e-mail page uses it."""

    def __init__(self):
        self.rows = [dict(DEAD), dict(UNWORDED), dict(RETRYING), dict(FIRST), dict(DONE), dict(OFFER_SENT)]
        self.asked: list[dict[str, str]] = []
        self.sent: list[tuple[str, str, dict]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        method, path = request.method, request.url.path
        if (method, path) == ("GET", "/notifications"):
            params = dict(request.url.params)
            self.asked.append(params)
            if unknown := set(params) - DECLARED:  # as every service now answers
                return problem(422, "query_unknown", sorted(unknown)[0], "unknown query parameter")
            offset, limit = int(params.get("offset", 0)), int(params.get("limit", 50))
            rows = [
                r
                for r in self.rows
                if r["channel"] == params.get("channel", r["channel"])
                and r["status"] == params.get("status", r["status"])
                and r.get("address") == params.get("address", r.get("address"))
            ]
            page = {"items": rows[offset : offset + limit], "total": len(rows), "offset": offset, "limit": limit}
            return httpx.Response(200, json=page)
        if method == "POST" and path.startswith("/notifications/") and path.endswith("/replay"):
            body = json.loads(request.content) if request.content else {}
            self.sent.append((method, path, body))
            row = next((r for r in self.rows if r["id"] == path.split("/")[2]), None)
            if row is None:
                return problem(404, "delivery.not_found", "delivery_id", "no notification delivery")
            if row["status"] != "dead":
                return problem(409, "delivery.not_dead", "status", f"only dead deliveries are replayed; this one is {row['status']}")  # fmt: skip
            row["status"], row["attempts"] = "pending", 0
            return httpx.Response(200, json=row)
        if method == "POST" and path.startswith("/notifications/") and path.endswith("/resend"):
            body = json.loads(request.content)
            self.sent.append((method, path, body))
            row = next((r for r in self.rows if r["id"] == path.split("/")[2]), None)
            if row is None:
                return problem(404, "delivery.not_found", "notification_id", "no email delivery")
            if not row.get("resendable"):
                return problem(409, "delivery.link_spent", "notification_id", "this e-mail carried a one-time link")
            copy = {**row, "id": f"{row['id']}_1", "status": "pending", "resend": 1, "resendable": False}
            self.rows.append(copy)
            return httpx.Response(201, json=copy)
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


def _portal(role: str):
    accounts = FakeApplications()
    accounts.role = role
    return portal_over(accounts, FakeMatching(), Notifications())


@pytest.fixture
async def admin():
    async with _portal("admin") as client:
        await log_in(client)
        yield client


def _fake(client) -> Notifications:
    return client._transport.app.state.services.notifications.http._transport.handler


def _row(page: httpx.Response, notification_id: str) -> str:
    return re.search(rf'<tr id="email-{notification_id}".*?</tr>', page.text, re.S).group(0)


def _said(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


ENGLISH = sorted(
    {k for k in EMAIL_WORDS if ":" not in k and len(k) > 4 and "{" not in k}
    | {v["en"] for v in EMAIL_WORDS.values() if "en" in v}
)


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_admin_finds_the_dead_emails_in_the_navigation_and_in_words(admin, lang):
    await admin.get(f"/language/{lang}?next=/")
    page = await admin.get("/admin/emails")
    assert page.status_code == 200, page.text
    assert f'<a href="/admin/emails" aria-current="page">{translate(lang, "E-mails")}</a>' in page.text
    # the dead ones by default, asked with the route's own parameters only
    assert _fake(admin).asked == [{"channel": "email", "status": "dead", "offset": "0", "limit": "50"}]
    assert re.search(r'id="tab-dead" aria-current="page"', page.text)
    dead = _row(page, "ntf_dead")
    said = _said(dead)
    assert translate(lang, "email-kind:offer_made") in said and translate(lang, "delivery:dead") in said
    # ids and the server's words isolated left to right (an Urdu page turned them around)
    assert '<bdi dir="ltr"><code>app_7Qx2</code></bdi>' in dead
    assert '<bdi dir="ltr" class="service-error">SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable</bdi>' in dead
    assert '<bdi class="figure" dir="ltr">4</bdi>' in dead and 'id="replay-ntf_dead"' in dead
    # a kind the portal has no words for: its code, as the service names it
    assert '<bdi dir="ltr"><code>a_later_kind</code></bdi>' in _row(page, "ntf_unworded")
    assert "ntf_done" not in page.text and "ntf_retrying" not in page.text
    if lang != "en":
        text = html.unescape(page.text)
        left = [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
        assert left == []


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_an_email_being_retried_says_so_with_its_last_error_and_next_attempt(admin, lang):
    await admin.get(f"/language/{lang}?next=/")
    page = await admin.get("/admin/emails?status=pending")
    assert _fake(admin).asked[-1]["status"] == "pending"
    retrying = _row(page, "ntf_retrying")
    assert translate(lang, "delivery:retrying") in _said(retrying)
    assert translate(lang, "email-kind:document_rejected") in _said(retrying)
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in _said(retrying) and "11:30" in _said(retrying)
    assert "replay-" not in retrying  # only a dead one is tried again
    first = _row(page, "ntf_first")
    assert translate(lang, "delivery:pending") in _said(first) and "delivery-retrying" not in first
    done = _row(await admin.get("/admin/emails?status=delivered"), "ntf_done")
    assert translate(lang, "email-kind:account_password_reset") in _said(done)
    assert translate(lang, "delivery:delivered") in _said(done)


async def test_a_dead_email_is_tried_again_with_the_reason_given(admin):
    fake = _fake(admin)
    page = await admin.get("/admin/emails")
    back = "/admin/emails?status=dead"
    form = {"csrf": csrf_of(page.text), "back": back, "reason": " SMTP relay mended "}
    tried = await admin.post("/admin/emails/ntf_dead/replay", data=form)
    assert tried.status_code == 303 and tried.headers["location"] == back
    assert fake.sent == [("POST", "/notifications/ntf_dead/replay", {"reason": "SMTP relay mended"})]
    after = await admin.get(back)
    assert "The e-mail will be tried again in a moment." in after.text and "ntf_dead" not in after.text


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_refused_replay_is_said_in_words(admin, lang):
    await admin.get(f"/language/{lang}?next=/")
    page = await admin.get("/admin/emails")
    form = {"csrf": csrf_of(page.text), "back": "//evil.example"}
    refused = await admin.post("/admin/emails/ntf_done/replay", data=form)
    assert refused.headers["location"] == "/admin/emails"  # no leaving the portal
    shown = html.unescape((await admin.get("/admin/emails")).text)
    why = translate(lang, "Only an e-mail that failed for good can be tried again.")
    assert translate(lang, "The e-mail could not be tried again: {reason}", reason=why) in shown
    assert "only dead deliveries are replayed" not in shown


async def test_a_page_of_fifty_with_the_services_paging(admin):
    fake = _fake(admin)
    fake.rows = [{**DEAD, "id": f"ntf_{i:03}"} for i in range(120)]
    first = await admin.get("/admin/emails")
    assert first.text.count('<tr id="email-') == 50
    assert 'href="/admin/emails?status=dead&amp;offset=50" rel="next"' in first.text and 'rel="prev"' not in first.text
    last = await admin.get("/admin/emails?status=dead&offset=100")
    assert last.text.count('<tr id="email-') == 20 and 'rel="next"' not in last.text
    assert fake.asked[-1] == {"channel": "email", "status": "dead", "offset": "100", "limit": "50"}
    beyond = await admin.get("/admin/emails?status=dead&offset=500")
    assert beyond.status_code == 303 and beyond.headers["location"] == "/admin/emails?status=dead&offset=100"
    # an edited tab is the dead e-mails', never a parameter the service refuses
    await admin.get("/admin/emails?status=bogus&stauts=dead")
    assert fake.asked[-1]["status"] == "dead" and set(fake.asked[-1]) <= DECLARED


async def test_the_partner_systems_page_links_to_the_failed_emails_for_an_admin():
    async with portal_over(_admin_accounts(), FakeMatching(), _WebhooksToo()) as client:
        await log_in(client)
        page = await client.get("/webhooks")
        assert 'href="/admin/emails?status=dead" id="dead-emails"' in page.text


@pytest.mark.parametrize("role", ["officer", "partner", "applicant", "coordinator"])
async def test_other_roles_are_refused(role):
    async with _portal(role) as client:
        await log_in(client)
        assert (await client.get("/admin/emails")).status_code == 403
        page = await client.get("/login")
        home = await client.get("/")
        assert 'href="/admin/emails"' not in home.text
        r = await client.post("/admin/emails/ntf_dead/replay", data={"csrf": csrf_of(page.text)})
        assert r.status_code == 403 and _fake(client).sent == [] and _fake(client).asked == []


def test_the_worded_kinds_and_tabs_are_the_services():
    assert set(emails.KINDS) == set(MESSAGES)  # every kind in words, none by its code
    assert set(emails.TABS) - {"all"} <= {s.value for s in DeliveryStatus}  # "all": no status asked


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_every_word_of_the_page_is_translated(lang):
    keys = {
        *emails.REFUSALS.values(),
        *emails.TAB_WORDS.values(),
        *(emails.kind_key(k) for k in emails.KINDS),
    }
    if lang == "en":  # the value keys read as words
        keys = {k for k in keys if ":" in k}
    assert sorted(k for k in keys if k not in CATALOGS[lang]) == []


def _admin_accounts() -> FakeApplications:
    accounts = FakeApplications()
    accounts.role = "admin"
    return accounts


class _WebhooksToo(Notifications):
    """The partner systems page's calls too: no endpoint yet."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/webhooks/subscriptions":
            return httpx.Response(200, json={"items": [], "total": 0, "offset": 0, "limit": 50})
        return super().__call__(request)


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_admin_finds_an_applicants_emails_by_address_and_sends_one_again(admin, lang):
    """ "The applicant never got the offer": the e-mails to their address, by name and address
    (not an id), and a delivered one sent again as a copy, the reason required and passed on."""
    await admin.get(f"/language/{lang}?next=/")
    fake = _fake(admin)
    page = await admin.get("/admin/emails?status=delivered&address=farrukh@example.tj")
    assert fake.asked[-1]["address"] == "farrukh@example.tj"
    offer = _row(page, "ntf_offer")
    assert "Farrukh Rahimov" in offer and '<bdi dir="ltr">farrukh@example.tj</bdi>' in offer
    assert 'id="resend-ntf_offer"' in offer and "ntf_done" not in page.text  # another address's
    assert 'value="farrukh@example.tj"' in page.text and 'id="all-addresses"' in page.text
    back = "/admin/emails?status=delivered&address=farrukh%40example.tj"
    form = {"csrf": csrf_of(page.text), "back": back, "reason": "  "}
    refused = await admin.post("/admin/emails/ntf_offer/resend", data=form)
    assert refused.headers["location"] == back and fake.sent == []  # no reason: not asked
    shown = html.unescape((await admin.get(back)).text)
    assert translate(lang, "Say why the e-mail is sent again: the audit journal keeps it.") in shown
    form["reason"] = " filed as spam "
    sent = await admin.post("/admin/emails/ntf_offer/resend", data=form)
    assert sent.status_code == 303 and fake.sent == [
        ("POST", "/notifications/ntf_offer/resend", {"reason": "filed as spam"})
    ]
    after = await admin.get("/admin/emails?status=pending&address=farrukh@example.tj")
    shown = html.unescape(after.text)
    assert translate(lang, "A copy of the e-mail goes to the recipient's address in a moment.") in shown
    assert translate(lang, "Sent again ({n})", n=1) in _said(_row(after, "ntf_offer_1"))
    if lang != "en":
        left = [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", shown)]
        assert left == []


async def test_a_spent_link_is_not_offered_again_and_a_refusal_is_said(admin):
    page = await admin.get("/admin/emails?status=delivered")
    assert "resend-ntf_done" not in _row(page, "ntf_done")  # a password reset: its link is spent
    form = {"csrf": csrf_of(page.text), "back": "/admin/emails?status=delivered", "reason": "never got it"}
    await admin.post("/admin/emails/ntf_done/resend", data=form)
    shown = html.unescape((await admin.get("/admin/emails?status=delivered")).text)
    why = translate("en", emails.REFUSALS["delivery.link_spent"])
    assert translate("en", "The e-mail could not be sent again: {reason}", reason=why) in shown


async def test_a_mistyped_address_is_said_and_lists_nobodys_emails(admin):
    asked = len(_fake(admin).asked)
    page = await admin.get("/admin/emails?status=all&address=not-an-address")
    assert page.status_code == 200 and len(_fake(admin).asked) == asked  # not asked: everyone's had been listed
    assert 'aria-invalid="true"' in page.text and "Enter an e-mail address, like name@example.org." in page.text
    assert 'id="no-emails"' in page.text and "ntf_dead" not in page.text


async def test_the_search_looks_in_every_tab(admin):
    """An address searched from the first tab had found only its failed e-mails ("No e-mails
    here" for a person whose offer was delivered)."""
    page = await admin.get("/admin/emails")
    search = re.search(r'<form method="get" action="/admin/emails".*?</form>', page.text, re.S).group(0)
    assert '<input type="hidden" name="status" value="all">' in search and "novalidate" in search
    found = await admin.get("/admin/emails?status=all&address=farrukh@example.tj")
    assert "status" not in _fake(admin).asked[-1] and 'id="email-ntf_offer"' in found.text
    assert 'id="tab-all" aria-current="page"' in found.text


async def test_with_nothing_dead_the_page_says_so_and_leads_to_every_e_mail(admin):
    """The page opens on "Failed for good": empty, it read as a page with no e-mails at all."""
    _fake(admin).rows = [r for r in _fake(admin).rows if r["status"] != "dead"]
    page = await admin.get("/admin/emails")
    empty = re.search(r'<td colspan="8" id="no-emails">.*?</td>', page.text, re.S).group(0)
    assert "No e-mail has failed for good." in empty and 'id="see-every-email"' in empty
    assert 'href="/admin/emails?status=all' in empty
    other = await admin.get("/admin/emails?status=all&address=nobody%40example.org")
    assert "No e-mails here." in other.text and "see-every-email" not in other.text
