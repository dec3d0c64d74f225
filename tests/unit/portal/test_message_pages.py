"""Messages about an application in the portal (issue 16) over fake services: the reviewers'
thread page and its form (CSRF, the body's rules, the service's refusal worded), the
"Messages" section of the applicant's application page and the reply, in four languages
with Urdu right to left; the message body shown as written (escaped)."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest

from services.portal.app import create_app
from services.portal.i18n import translate
from services.portal.settings import Settings
from tests.unit.portal.test_pages_with_fake_services import (
    APPLICATION,
    CYCLE,
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    problem,
)

OFFICER_MESSAGE = {
    "id": "m1",
    "application_id": "a1",
    "direction": "officer_to_applicant",
    "author_role": "officer",
    "author_name": "Dr. Li Na",
    "body": "Please bring the <b>original</b> diploma.\nThank you.",
    "created_at": "2026-12-01T03:00:00+00:00",
}
REPLY = {
    **OFFICER_MESSAGE,
    "id": "m2",
    "direction": "applicant_to_officer",
    "author_role": "applicant",
    "author_name": "Aigerim",
    "body": "I will bring it.",
}


class FakeThread(FakeApplications):
    """The applications service with a thread on application a1 (submitted)."""

    def __init__(self):
        super().__init__()
        self.application = {**APPLICATION, "status": "submitted"}
        self.thread: list[dict] = [OFFICER_MESSAGE]
        self.posted: list[tuple[str, dict]] = []
        self.keys: list[str | None] = []  # the Idempotency-Key of each message posted
        self.refuse_post: httpx.Response | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if path in ("/applications/a1/messages", "/officer/applications/a1/messages"):
            if method == "GET":
                return httpx.Response(
                    200, json={"items": self.thread, "total": len(self.thread), "offset": 0, "limit": 100}
                )
            self.calls.append((method, str(request.url), request.content))
            self.keys.append(request.headers.get("Idempotency-Key"))
            if self.refuse_post is not None:
                return self.refuse_post
            body = json.loads(request.content)
            self.posted.append((path, body))
            sent = {**OFFICER_MESSAGE, "id": f"m{len(self.thread) + 1}", "body": body["body"]}
            self.thread.append(sent)
            return httpx.Response(201, json=sent)
        if (method, path) == ("GET", "/officer/applications/a1"):
            return httpx.Response(
                200, json={**self.application, "applicant_name": "Aigerim Bekova", "sending_country": "KZ"}
            )
        if (method, path) == ("GET", "/officer/applications/a1/documents"):
            return httpx.Response(200, json=[])
        if (method, path) == ("GET", "/officer/applications/other"):
            return problem(404, "application.not_in_scope", "application_id", "no application other in your scope")
        return super().__call__(request)


class FakeCatalog(FakeMatching):
    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/cycles/c1":
            return httpx.Response(200, json=CYCLE)
        return super().__call__(request)


@pytest.fixture
async def portal():
    fake, matching = FakeThread(), FakeCatalog()
    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(
            transport=httpx.MockTransport(fake), base_url="http://applications"
        )
        await services.matching.http.aclose()
        services.matching.http = httpx.AsyncClient(transport=httpx.MockTransport(matching), base_url="http://matching")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            client.fake = fake  # type: ignore[attr-defined]
            yield client


async def as_officer(portal) -> None:
    portal.fake.role = "officer"
    await log_in(portal)


# --- reviewers ---


async def test_the_reviewers_page_shows_the_thread_and_sends_a_message(portal):
    await as_officer(portal)
    page = await portal.get("/officer/applications/a1/messages")
    assert page.status_code == 200, page.text
    assert "Aigerim Bekova" in page.text and "SCO 2026/27" in page.text
    thread = re.search(r'<ol class="thread".*?</ol>', page.text, re.S).group(0)
    assert "Dr. Li Na wrote" in thread and "admissions officer" in thread
    assert "Please bring the &lt;b&gt;original&lt;/b&gt; diploma.\nThank you." in thread  # as written, escaped
    assert '<label for="f-body">Write to the applicant</label>' in page.text
    assert 'maxlength="5000"' in page.text and 'aria-describedby="h-body"' in page.text

    r = await portal.post(
        "/officer/applications/a1/messages",
        data={"csrf": csrf_of(page.text), "body": "  Your interview is on Monday.  "},
    )
    assert r.status_code == 303 and r.headers["location"] == "/officer/applications/a1/messages#message-m2"
    assert portal.fake.posted == [("/officer/applications/a1/messages", {"body": "Your interview is on Monday."})]
    after = await portal.get("/officer/applications/a1/messages")
    assert "Your message was sent" in after.text and "Your interview is on Monday." in after.text


async def test_a_reviewers_blank_or_long_message_is_refused_before_sending(portal):
    await as_officer(portal)
    page = await portal.get("/officer/applications/a1/messages")
    for body, said in ((" \n ", "Write a message first."), ("x" * 5001, "A message is at most 5000 characters.")):
        r = await portal.post("/officer/applications/a1/messages", data={"csrf": csrf_of(page.text), "body": body})
        assert r.status_code == 422
        assert re.search(r'<p class="error" id="e-body" role="alert">(.*?)</p>', r.text).group(1) == said
        assert 'aria-invalid="true"' in r.text
    assert portal.fake.posted == []


async def test_a_form_without_its_csrf_token_sends_nothing(portal):
    await as_officer(portal)
    r = await portal.post("/officer/applications/a1/messages", data={"csrf": "forged", "body": "Hello"})
    assert r.status_code in (400, 403) and portal.fake.posted == []


async def test_the_services_refusal_is_worded_next_to_the_field_in_russian(portal):
    await as_officer(portal)
    await portal.get("/language/ru?next=/")
    page = await portal.get("/officer/applications/a1/messages")
    assert "Переписка с заявителем" in page.text and "Написать заявителю" in page.text
    portal.fake.refuse_post = problem(
        422, "message.body_control_characters", "body", "a message must not contain control characters"
    )
    r = await portal.post("/officer/applications/a1/messages", data={"csrf": csrf_of(page.text), "body": "bell"})
    assert r.status_code == 422
    error = re.search(r'id="e-body" role="alert">(.*?)</p>', r.text).group(1)
    assert error == "Сообщение не должно содержать управляющих символов."


async def test_the_documents_review_page_leads_to_the_thread(portal):
    await as_officer(portal)
    page = await portal.get("/officer/applications/a1/documents")
    assert page.status_code == 200, page.text
    link = re.search(r'<a href="([^"]+)" id="messages-link">([^<]+)</a>', page.text)
    assert link.groups() == ("/officer/applications/a1/messages", "Messages with the applicant")


async def test_an_application_out_of_scope_is_not_found(portal):
    await as_officer(portal)
    r = await portal.get("/officer/applications/other/messages")
    assert r.status_code == 404


async def test_an_applicant_cannot_open_the_reviewers_page(portal):
    await log_in(portal)
    r = await portal.get("/officer/applications/a1/messages")
    assert r.status_code in (403, 404) and "Write to the applicant" not in r.text


# --- the applicant ---


@pytest.mark.parametrize(
    ("lang", "heading", "button"),
    [
        ("en", "Messages", "Send the reply"),
        ("zh", "留言", "发送回复"),
        ("ru", "Переписка", "Отправить ответ"),
        ("ur", "خط و کتابت", "جواب بھیجیں"),
    ],
)
async def test_the_application_page_has_a_messages_section_in_each_language(portal, lang, heading, button):
    await log_in(portal)
    portal.fake.thread = [OFFICER_MESSAGE, REPLY]
    await portal.get(f"/language/{lang}?next=/")
    page = await portal.get("/applications/a1")
    assert page.status_code == 200, page.text
    section = re.search(
        r'<section aria-labelledby="messages-title" id="messages">.*?</section>', page.text, re.S
    ).group(0)
    assert f'<h2 id="messages-title">{heading}</h2>' in section
    assert f">{button}</button>" in section
    assert 'action="/applications/a1/messages"' in section and 'name="csrf"' in section
    assert "&lt;b&gt;original&lt;/b&gt;" in section and "Dr. Li Na" in section
    assert section.index('id="message-m1"') < section.index('id="message-m2"')  # oldest first
    if lang == "ur":
        assert re.search(r'<html[^>]*dir="rtl"', page.text)
        assert "آپ نے لکھا" in section  # "You wrote"
    if lang != "en":
        assert "You wrote" not in section and "Send the reply" not in section
    # nothing to reply to yet: the button sends a message, not a reply
    portal.fake.thread = []
    page = await portal.get("/applications/a1")
    section = re.search(r'<section aria-labelledby="messages-title" id="messages">.*?</section>', page.text, re.S)
    assert f">{translate(lang, 'Send the message')}</button>" in section.group(0) and button not in section.group(0)
    # only the applicant's own first message: still nobody to reply to
    portal.fake.thread = [REPLY]
    page = await portal.get("/applications/a1")
    section = re.search(r'<section aria-labelledby="messages-title" id="messages">.*?</section>', page.text, re.S)
    assert f">{translate(lang, 'Send the message')}</button>" in section.group(0) and button not in section.group(0)


async def test_a_draft_has_no_messages_section(portal):
    await log_in(portal)
    portal.fake.application = dict(APPLICATION)  # a draft
    page = await portal.get("/applications/a1")
    assert page.status_code == 200 and 'id="messages"' not in page.text


async def test_the_applicant_replies_and_a_blank_reply_is_refused(portal):
    await log_in(portal)
    await portal.get("/language/ur?next=/")
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/messages", data={"csrf": csrf_of(page.text), "body": "   "})
    assert r.status_code == 422 and "پہلے پیغام لکھیں۔" in r.text and portal.fake.posted == []
    assert 'href="/applications/a1"' in r.text  # the way back
    r = await portal.post("/applications/a1/messages", data={"csrf": csrf_of(page.text), "body": "میں لے آؤں گی۔"})
    assert r.status_code == 303 and r.headers["location"] == "/applications/a1#message-m2"
    assert portal.fake.posted == [("/applications/a1/messages", {"body": "میں لے آؤں گی۔"})]
    thread_page = await portal.get("/applications/a1/messages")
    assert thread_page.status_code == 200 and "میں لے آؤں گی۔" in thread_page.text


# --- a form sent twice (a double click, the browser sending it again) is one message ---


@pytest.mark.parametrize(
    ("role", "page_path", "post_path"),
    [
        ("officer", "/officer/applications/a1/messages", "/officer/applications/a1/messages"),
        ("applicant", "/applications/a1", "/applications/a1/messages"),
    ],
)
async def test_a_message_form_sent_twice_carries_one_idempotency_key(portal, role, page_path, post_path):
    portal.fake.role = role
    await log_in(portal)
    page = await portal.get(page_path)
    key = re.search(r'<input type="hidden" name="once" value="([A-Za-z0-9_-]{16})">', page.text)
    assert key, "the form carries no key of its own"
    data = {"csrf": csrf_of(page.text), "body": "Monday at ten.", "once": key.group(1)}
    for _ in range(2):
        assert (await portal.post(post_path, data=data)).status_code == 303
    assert portal.fake.keys == [key.group(1), key.group(1)]  # the service answers the second with the first
    again = await portal.get(page_path)
    assert key.group(1) not in again.text  # the next message is a new one
    # a form without a key (or a forged one) still sends, each time as a new message
    for forged in ("", "not-a-key"):
        assert (await portal.post(post_path, data={**data, "once": forged})).status_code == 303
    assert len(set(portal.fake.keys[2:])) == 2 and key.group(1) not in portal.fake.keys[2:]


async def test_an_applicant_writing_too_often_is_asked_to_wait_in_chinese_and_keeps_the_text(portal):
    await log_in(portal)
    await portal.get("/language/zh?next=/")
    page = await portal.get("/applications/a1")
    portal.fake.refuse_post = problem(
        429, "message.too_many", "body", "at most 10 messages an hour about one application: try again later"
    )
    r = await portal.post("/applications/a1/messages", data={"csrf": csrf_of(page.text), "body": "还有一个问题"})
    assert r.status_code == 422
    assert "您的消息已送达：请稍等一段时间再写。" in r.text
    assert "还有一个问题</textarea>" in r.text  # what they wrote is still in the form


async def test_the_messages_page_of_a_draft_says_when_writing_opens_instead_of_a_form(portal):
    """Nobody reads messages about a draft: its Messages page says so before anything is
    typed (the form, refused on sending, lost the typing's point)."""
    await log_in(portal)
    await portal.get("/language/ru?next=/")
    portal.fake.application = dict(APPLICATION)  # a draft
    page = await portal.get("/applications/a1/messages")
    assert page.status_code == 200, page.text[:500]
    assert 'class="form message-form"' not in page.text
    notice = re.search(r'id="messages-after-submit">(.*?)</p>', page.text, re.S)
    assert notice is not None and "Написать рецензентам можно после подачи заявки." in notice.group(1)


async def test_the_applicants_messages_page_has_one_heading_naming_its_cycle(portal):
    """It had no h1 and said nothing of which application it was about (axe: page-has-heading-one)."""
    await log_in(portal)
    page = await portal.get("/applications/a1/messages")
    assert page.status_code == 200, page.text[:500]
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page.text, re.S) == ['<bdi class="cycle-name">SCO 2026/27</bdi>']


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_closed_accounts_thread_says_so_and_offers_no_form(portal, lang):
    portal.fake.application = {**portal.fake.application, "applicant_closed_at": "2026-12-06T12:00:00+00:00"}
    await as_officer(portal)
    await portal.get(f"/language/{lang}?next=/officer")
    page = await portal.get("/officer/applications/a1/messages")
    assert page.status_code == 200 and 'id="applicant-closed"' in page.text
    note = html.unescape(page.text.split('id="applicant-closed"', 1)[1].split("</p>", 1)[0])
    said = translate(
        lang,
        "The applicant closed their account on {day}: their name, documents, recommendation letters and messages were erased, and nothing more reaches them. What is kept is the application's facts.",
    )
    assert said.split("{day}")[0] in note
    assert 'id="f-body"' not in page.text  # nobody would read it
    assert "&lt;time" not in page.text and "<time" not in note  # the day as text, not its markup shown
