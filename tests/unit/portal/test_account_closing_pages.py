"""Closing an applicant's account in the portal, over a fake applications service: the profile
links the page; the page says what goes and what stays, and lists the applications that keep
the account open (no form then); the form asks for the password and the tick; the service's
refusals land on their fields; once closed, the session ends with a word on the home page. In
the four languages."""

from __future__ import annotations

import html
import json

import httpx
import pytest

from services.portal.i18n import translate
from services.portal.settings import Settings
from tests.unit.portal.test_account_pages import STRONG, FakeAccounts, _client, csrf_of, log_in, problem

CYCLES = {"items": [{"id": "sco-2026", "name": "SCO Scholarship 2026/27"}], "total": 1, "offset": 0, "limit": 100}


class FakeClosing(FakeAccounts):
    def __init__(self):
        super().__init__()
        self.applications: list[dict] = []
        self.closed = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path)
        if route == ("GET", "/applications"):
            self.calls.append(request)
            return httpx.Response(200, json={"items": self.applications, "total": len(self.applications)})
        if route == ("GET", "/cycles"):
            self.calls.append(request)
            return httpx.Response(200, json=CYCLES)
        if route == ("GET", "/me/data"):
            self.calls.append(request)
            return httpx.Response(
                200, json={"exported_at": "2026-12-06T12:00:00Z", "profile": {"name": "Айгерим"}, "applications": []}
            )
        if route == ("GET", "/inbox"):  # two pages of the notifications service's
            self.calls.append(request)
            offset = int(request.url.params["offset"])
            items = [{"id": offset + i, "subject": f"notice {offset + i}"} for i in range(min(500, 600 - offset))]
            return httpx.Response(200, json={"items": items, "total": 600, "unread": 0})
        if route == ("POST", "/me/close"):
            self.calls.append(request)
            body = json.loads(request.content)
            if body["password"] != "the-current-one":
                return problem(422, "password.incorrect", "password", "the current password is not correct")
            held = [a for a in self.applications if a["status"] not in ("draft", "withdrawn", "declined")]
            if held:
                return problem(409, "account.applications_in_progress", "applications", "withdraw these first")
            self.closed = True
            return httpx.Response(
                200, json={"detail": "closed", "erased_at": "2026-12-06T12:00:00Z", "applications": 0}
            )
        return super().__call__(request)


@pytest.fixture
async def portal():
    async for client in _client(Settings(session_secret=STRONG, https=False), FakeClosing()):
        yield client


async def test_the_download_joins_the_applications_data_and_the_whole_inbox(portal):
    fake = portal.fake
    app = portal._transport.app  # the notifications client answers from the same fake
    notifications = app.state.services.notifications
    await notifications.http.aclose()
    notifications.http = httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url="http://notifications")
    await log_in(portal)
    assert 'href="/profile/data"' in (await portal.get("/profile")).text
    r = await portal.get("/profile/data")
    assert r.status_code == 200 and r.headers["content-disposition"] == 'attachment; filename="corridor-my-data.json"'
    data = json.loads(r.content)
    assert data["profile"]["name"] == "Айгерим" and "Айгерим" in r.text  # as written, not escaped
    assert [i["id"] for i in data["inbox"]] == list(range(600))


def _text(page: httpx.Response) -> str:
    return html.unescape(page.text)


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_applicant_closes_their_account_from_the_profile(portal, lang):
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/profile")
    profile = await portal.get("/profile")
    assert 'href="/profile/close"' in profile.text
    page = await portal.get("/profile/close")
    assert page.status_code == 200
    assert translate(lang, "Close my account") in _text(page)
    assert translate(lang, "Close my account and erase my data") in _text(page)
    form = {"csrf": csrf_of(page.text), "password": "the-current-one"}

    # without the tick: refused on the box, nothing asked of the service
    r = await portal.post("/profile/close", data=form)
    assert r.status_code == 422 and 'id="e-confirm"' in r.text and 'href="#f-confirm"' in r.text
    assert translate(lang, "Tick the box to say you understand that this cannot be undone.") in _text(r)
    assert not portal.fake.of("POST", "/me/close")
    # a wrong password: on its field, in the reader's language
    r = await portal.post("/profile/close", data={**form, "password": "wrong", "confirm": "yes"})
    assert r.status_code == 422 and 'id="e-password"' in r.text and not portal.fake.closed
    assert 'id="f-confirm" name="confirm" value="yes" required checked' in r.text  # the tick is kept

    r = await portal.post("/profile/close", data={**form, "confirm": "yes"})
    assert (r.status_code, r.headers["location"]) == (303, "/")
    assert portal.fake.closed
    home = await portal.get("/")
    assert translate(lang, "Your account is closed and your personal data erased. Thank you for using Corridor.") in (
        _text(home)
    )
    assert (await portal.get("/profile")).headers["location"].startswith("/login")  # the session ended


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_application_in_progress_is_named_and_no_form_offered(portal, lang):
    portal.fake.applications = [
        {"id": "a1b2c3d4-0000", "cycle_id": "sco-2026", "status": "submitted", "choices": []},
        {"id": "e5f6a7b8-0000", "cycle_id": "sco-2026", "status": "withdrawn", "choices": []},
    ]
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/profile")
    page = await portal.get("/profile/close")
    text = _text(page)
    assert translate(lang, "First withdraw these applications") in text
    assert 'href="/applications/a1b2c3d4-0000"' in page.text and "SCO Scholarship 2026/27" in text
    assert "/applications/e5f6a7b8-0000" not in page.text  # a withdrawn one keeps nothing open
    assert 'action="/profile/close"' not in page.text

    # a form posted from an older page: the service refuses, the page lists them again
    r = await portal.post(
        "/profile/close", data={"csrf": csrf_of(page.text), "password": "the-current-one", "confirm": "yes"}
    )
    assert r.status_code == 409 and 'href="/applications/a1b2c3d4-0000"' in r.text
    alert = r.text.split('role="alert"', 1)[1].split("</div>", 1)[0]  # said, not only shown
    assert translate(lang, "Your account was not closed: an application is still in progress.") in html.unescape(alert)
    assert not portal.fake.closed
