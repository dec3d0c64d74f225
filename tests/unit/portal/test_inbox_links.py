"""A notice's links are clickable in the inbox as in its e-mail: http(s) addresses become
links, nothing else does, and the rest of the text stays escaped."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from markupsafe import Markup

from services.portal.app import create_app
from services.portal.domain.links import linkify
from services.portal.i18n import language_name, translate
from services.portal.settings import Settings
from tests.unit.portal.test_message_pages import OFFICER_MESSAGE, FakeCatalog, FakeThread
from tests.unit.portal.test_pages_with_fake_services import log_in, portal  # noqa: F401  (fixture)

INTERVIEW = "https://portal.example/applications/123/interview"


def anchors(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" rel="noopener noreferrer" dir="ltr">', html)


def test_an_https_address_becomes_a_link_to_exactly_that_address():
    html = linkify(f"Book your interview: {INTERVIEW}")
    assert isinstance(html, Markup)
    assert html == (f'Book your interview: <a href="{INTERVIEW}" rel="noopener noreferrer" dir="ltr">{INTERVIEW}</a>')


def test_the_punctuation_after_an_address_is_the_sentences():
    for text, after in (
        (f"See {INTERVIEW}.", "."),
        (f"See {INTERVIEW}, then reply.", ", then reply."),
        (f"(see {INTERVIEW})", ")"),
        (f"请预约面试：{INTERVIEW}。", "。"),
        (f"انٹرویو بک کریں: {INTERVIEW}۔", "۔"),
        (f"{INTERVIEW}؛ {INTERVIEW}،", "،"),
    ):
        html = linkify(text)
        assert set(anchors(html)) == {INTERVIEW}, text
        assert html.endswith(f"</a>{after}"), html
    # a bracket the address opened is its own
    assert anchors(linkify("https://en.wikipedia.org/wiki/Visa_(document).")) == [
        "https://en.wikipedia.org/wiki/Visa_(document)"
    ]


def test_the_text_is_escaped_and_only_http_addresses_are_linked():
    html = linkify('<script>alert("x")</script> & javascript:alert(1) data:text/html,<b>x</b> ftp://files.example')
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp;" in html
    assert "<a" not in html and "<b>" not in html
    # a quote or bracket ends an address: it cannot break out of the link's attribute
    html = linkify('https://portal.example/a"onmouseover="alert(1) https://portal.example/b<i>')
    assert anchors(html) == ["https://portal.example/a", "https://portal.example/b"]
    assert 'onmouseover="' not in html and "<i>" not in html
    # the address's own "&" is escaped in the link and in its text
    html = linkify("https://portal.example/officer/committee?cycle_id=c1&scored=false")
    assert anchors(html) == ["https://portal.example/officer/committee?cycle_id=c1&amp;scored=false"]
    assert linkify(None) == "" and linkify("https://") == "https://"


def test_two_addresses_in_one_text_and_line_breaks_kept_as_text():
    text = f"Your interview: {INTERVIEW}\nYour messages: http://127.0.0.1:8000/applications/123/messages"
    html = linkify(text)
    assert anchors(html) == [INTERVIEW, "http://127.0.0.1:8000/applications/123/messages"]
    assert "\n" in html and "<br" not in html  # .message-body shows line breaks (white-space: pre-line)


def test_an_address_in_urdu_and_chinese_text_is_a_left_to_right_link():
    urdu = f"محترمہ عائشہ، اپنا انٹرویو یہاں بک کریں {INTERVIEW} اور جواب دیں۔"
    html = linkify(urdu)
    assert anchors(html) == [INTERVIEW]
    assert html.startswith("محترمہ عائشہ، اپنا انٹرویو یہاں بک کریں <a") and html.endswith("</a> اور جواب دیں۔")
    # no space between Chinese words and the address
    html = linkify(f"请点击{INTERVIEW}预约")
    assert anchors(html) == [INTERVIEW] and html.startswith("请点击<a") and html.endswith("</a>预约")


async def inbox_holds(portal, notice: dict) -> None:  # noqa: F811
    """The portal's notifications service answers ``notice`` as the reader's whole inbox."""

    def notifications(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"items": [notice], "total": 1, "unread": 1, "offset": 0, "limit": 20})

    services = portal._transport.app.state.services  # type: ignore[attr-defined]
    await services.notifications.http.aclose()
    services.notifications.http = httpx.AsyncClient(transport=httpx.MockTransport(notifications), base_url="http://n")


async def test_the_inbox_shows_a_notices_links_and_escapes_its_text(portal):  # noqa: F811
    await log_in(portal)
    notice = {
        "id": 7,
        "subject": "Book your interview",
        "body": f"Dear <b>Aigerim</b>,\nbook your interview at {INTERVIEW}.\nNot you? javascript:alert(1)",
        "language": "en",
        "read_at": None,
        "created_at": "2026-12-01T10:00:00+00:00",
    }

    await inbox_holds(portal, notice)
    page = await portal.get("/inbox")
    assert page.status_code == 200, page.text[:800]
    body = re.search(r'<div class="message-body"[^>]*>(.*?)</div>', page.text, re.S).group(1)
    assert anchors(body) == [INTERVIEW]
    assert f"{INTERVIEW}</a>.\nNot you?" in body
    assert "Dear &lt;b&gt;Aigerim&lt;/b&gt;," in body and "<b>" not in body
    assert "javascript:alert(1)" in body and 'href="javascript' not in page.text


@pytest.fixture
async def thread_portal():
    """The portal over a thread on application a1 whose officer's message carries a link."""
    fake, matching = FakeThread(), FakeCatalog()
    fake.thread = [{**OFFICER_MESSAGE, "body": f"Please <b>book</b> here: {INTERVIEW}.\nThank you."}]
    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url="http://a")
        await services.matching.http.aclose()
        services.matching.http = httpx.AsyncClient(transport=httpx.MockTransport(matching), base_url="http://m")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            client.fake = fake  # type: ignore[attr-defined]
            yield client


async def test_a_messages_link_is_clickable_in_the_thread(thread_portal):
    thread_portal.fake.role = "officer"
    await log_in(thread_portal)
    page = await thread_portal.get("/officer/applications/a1/messages")
    assert page.status_code == 200, page.text[:800]
    body = re.search(r'<div class="message-body"[^>]*>(.*?)</div>', page.text, re.S).group(1)
    assert anchors(body) == [INTERVIEW]
    assert body.startswith("Please &lt;b&gt;book&lt;/b&gt; here: <a") and body.endswith("</a>.\nThank you.")


async def test_an_urdu_notice_reads_right_to_left_in_an_english_inbox(portal):  # noqa: F811
    """Each line took its direction from its first word ("Lanzhou University نے ..."), and an
    Urdu notice in an English inbox read left to right, its words out of order."""
    await log_in(portal)
    notices = [
        {"id": 8, "subject": "International Relations (MA): داخلے کی پیشکش", "language": "ur", "read_at": None,
         "body": "Lanzhou University نے آپ کی درخواست قبول کر لی۔", "created_at": "2026-12-01T10:00:00+00:00"},
        {"id": 9, "subject": "Offer", "body": "Dear Ayesha", "language": "en", "read_at": None,
         "created_at": "2026-12-01T10:00:00+00:00"},
    ]  # fmt: skip

    def notifications(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"items": notices, "total": 2, "unread": 2, "offset": 0, "limit": 20})

    services = portal._transport.app.state.services  # type: ignore[attr-defined]
    await services.notifications.http.aclose()
    services.notifications.http = httpx.AsyncClient(transport=httpx.MockTransport(notifications), base_url="http://n")
    page = await portal.get("/inbox")
    assert re.findall(r'<div class="message-body" lang="(\w+)" dir="(\w+)"', page.text) == [
        ("ur", "rtl"),
        ("en", "ltr"),
    ]
    assert re.findall(r'<bdi lang="(\w+)" dir="(\w+)">', page.text)[:2] == [("ur", "rtl"), ("en", "ltr")]


async def test_a_hosts_admissions_staff_read_their_inbox(portal):  # noqa: F811
    """A host's partner users are sent the admission deadline's reminders to their inbox too;
    the portal refused them the inbox (and showed no link to it)."""
    portal.fake.role = "partner"
    await log_in(portal)
    reminder = {
        "id": 3,
        "subject": "3 days left to decide admissions",
        "body": "Matches await your decision.",
        "language": "en",
        "read_at": None,
        "created_at": "2026-12-01T10:00:00+00:00",
    }

    await inbox_holds(portal, reminder)
    page = await portal.get("/inbox")
    assert page.status_code == 200 and "3 days left to decide admissions" in page.text
    assert '<a href="/inbox" aria-current="page">' in page.text  # in the partner's menu


async def test_a_staff_inbox_read_in_another_language_says_which_its_messages_are_written_in(portal):  # noqa: F811
    """An office read the portal in Chinese and its notices came in English, with no word of why."""
    portal.fake.role, portal.fake.account_language = "officer", "en"
    await log_in(portal)
    notice = {"id": 1, "subject": "Round completed", "body": "...", "language": "en", "read_at": None,
              "created_at": "2026-12-01T10:00:00+00:00"}  # fmt: skip
    await inbox_holds(portal, notice)
    await portal.get("/language/zh?next=/inbox")
    page = await portal.get("/inbox")
    hint = re.search(r'<p class="hint" id="messages-language">(.*?)</p>', page.text, re.S)
    assert hint and "英语" in hint.group(1) and 'href="/profile"' in hint.group(1)
    portal.fake.account_language = "zh"  # chosen: nothing to say
    assert 'id="messages-language"' not in (await portal.get("/inbox")).text


@pytest.mark.parametrize(
    "link, opens", [("/applications/a1", "Open your application"), ("/interviews/a1", "Open your interview")]
)
async def test_an_applicants_notice_links_the_page_it_is_about(portal, link, opens):  # noqa: F811
    """The e-mail ended with the portal's address of the application; the inbox copy had no
    link at all, so "you have an offer" did not lead to the buttons that answer it."""
    await log_in(portal)
    await portal.get("/language/ur?next=/")
    notice = {"id": 8, "subject": "Offer", "body": "…", "language": "ur", "read_at": None,
              "created_at": "2026-12-01T10:00:00+00:00", "link": link}  # fmt: skip
    await inbox_holds(portal, notice)
    page = await portal.get("/inbox")
    said = re.search(
        r'<p class="message-link"><a href="([^"]+)">([^<]+)<span class="visually-hidden"> \((.+?)\)</span></a></p>',
        page.text,
    )
    # the link says for a screen reader which notice it opens (three read alike in a list of links)
    assert said.groups()[:2] == (link, translate("ur", opens)) and said.group(3).strip()
    for elsewhere in ("https://evil.example/x", "//evil.example/x", "/\\evil.example/x", None):  # only its own pages
        await inbox_holds(portal, {**notice, "link": elsewhere})
        assert 'class="message-link"' not in (await portal.get("/inbox")).text


async def test_a_staff_notice_links_its_page_as_an_applicants_does(portal):  # noqa: F811
    """A host's notice carried its page only as a bare address in the text."""
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get("/language/ru?next=/")
    notice = {"id": 9, "subject": "Place accepted", "body": "…", "language": "ru", "read_at": None,
              "created_at": "2026-12-01T10:00:00+00:00", "link": "/officer/cycles/c1"}  # fmt: skip
    await inbox_holds(portal, notice)
    page = await portal.get("/inbox")
    said = re.search(r'<p class="message-link"><a href="([^"]+)">([^<]+)<span', page.text)
    assert said.groups() == ("/officer/cycles/c1", translate("ru", "Open the page"))


@pytest.mark.parametrize("lang", ["zh", "ur"])
async def test_an_applicants_inbox_read_in_another_language_says_its_messages_follow_the_profile(portal, lang):  # noqa: F811
    """An applicant switched the site to Chinese: the page was Chinese, every message Russian
    (the profile's language for messages), and nothing on the page said why."""
    await log_in(portal)
    portal.fake.me["preferred_language"] = "ru"
    notice = {"id": 1, "subject": "Заявка получена", "body": "...", "language": "ru", "read_at": None,
              "created_at": "2026-12-01T10:00:00+00:00"}  # fmt: skip
    await inbox_holds(portal, notice)
    await portal.get(f"/language/{lang}?next=/inbox")
    page = await portal.get("/inbox")
    hint = re.search(r'<p class="hint" id="messages-language">(.*?)</p>', page.text, re.S)
    said = (
        "Your messages are written in {language}, the language for messages on your profile. You can change it there."
    )
    assert hint and translate(lang, said, language=language_name(lang, "ru")) in html.unescape(hint.group(1))
    assert translate(lang, said) != said and 'href="/profile#f-preferred_language"' in hint.group(1)
    portal.fake.me["preferred_language"] = lang  # the page's own: nothing to say
    assert 'id="messages-language"' not in (await portal.get("/inbox")).text
