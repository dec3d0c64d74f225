"""The referee's page over a fake applications service (issue 15): in the referee's language
(Urdu, right to left), the link's token is the only thing sent (as X-Referee-Token, never as
an Authorization), a used link says so in the page's language, a letter too short is refused
before it is sent, and a letter or a decline ends on the thank-you page."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from services.portal.app import create_app
from services.portal.i18n import translate
from services.portal.settings import Settings
from services.portal.views.referees import FORM_EXPIRED

VIEW = {
    "referee_name": "ڈاکٹر احمد",
    "language": "ur",
    "state": "opened",
    "due_at": "2027-03-15T14:30:00+00:00",
    "applicant_name": "Ayesha Khan",
    "programmes": ["Agronomy (MSc), China Agricultural University"],
}
LETTER = "Ayesha was the best student of her year in soil science and field methods. " * 2


class FakeApplications:
    def __init__(self):
        self.calls: list[tuple[str, str, dict[str, str], bytes]] = []
        self.used = False
        self.opened_in: list[str | None] = []  # the language asked for at each /referee/open

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append((request.method, request.url.path, dict(request.headers), request.content))
        token = request.headers.get("x-referee-token")
        if token == "abc":  # cut off: the service refuses it by its shape
            body = {
                "status": 422,
                "code": "validation",
                "errors": [{"field": "x-referee-token", "reason": "too short"}],
            }
            return httpx.Response(422, json=body)
        if token == "withdrawn-token":  # the applicant cancelled or replaced the request (asked in Urdu)
            code = "referee.link_withdrawn"
            error = {"field": "token", "reason": "no", "code": code, "language": "ur"}
            body = {"status": 403, "code": code, "errors": [error]}
            return httpx.Response(403, json=body)
        if token != "good-token" or self.used:
            code, status = ("referee.link_used", 409) if self.used else ("referee.link_invalid", 403)
            body = {"status": status, "code": code, "errors": [{"field": "token", "reason": "no", "code": code}]}
            return httpx.Response(status, json=body)
        if request.url.path == "/referee/open":
            self.opened_in.append(request.url.params.get("language"))
            return httpx.Response(200, json=VIEW)
        if request.url.path in ("/referee/letter/text", "/referee/decline", "/referee/letter/file"):
            self.used = True
            self.sent = request.content
            return httpx.Response(200, json={"state": "submitted"})
        return httpx.Response(404, json={"code": "not_found", "errors": []})


@pytest.fixture
async def portal():
    fake = FakeApplications()
    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url="http://apps")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            client.fake = fake  # type: ignore[attr-defined]
            yield client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def test_the_page_is_in_the_referees_language_and_sends_only_the_token(portal):
    r = await portal.get("/referee", params={"token": "good-token"})
    assert r.status_code == 200
    assert '<html lang="ur" dir="rtl">' in r.text
    assert "Ayesha Khan آپ سے سفارشی خط کی درخواست کرتے ہیں" in r.text
    assert "China Agricultural University" in r.text
    assert '<meta name="referrer" content="no-referrer">' in r.text
    method, path, headers, _body = portal.fake.calls[-1]
    assert (method, path) == ("POST", "/referee/open")
    assert headers["x-referee-token"] == "good-token" and "authorization" not in headers

    # too short: refused here, nothing sent
    calls = len(portal.fake.calls)
    r = await portal.post("/referee/letter", data={"csrf": csrf_of(r.text), "token": "good-token", "text": "short"})
    assert r.status_code == 422 and "کم از کم 50 حروف" in r.text
    assert [c[1] for c in portal.fake.calls[calls:]] == ["/referee/open"]  # only the page shown again
    # the language switch of the refused page leads back to the link, not to /referee/letter
    # (a form's address, which a GET does not serve: it led to the home page)
    assert 'href="/language/en?next=/referee%3Ftoken%3Dgood-token"' in r.text

    r = await portal.post("/referee/letter", data={"csrf": csrf_of(r.text), "token": "good-token", "text": LETTER})
    # to the thank-you page by its own address: a reload shows it again, it sends nothing again
    assert r.status_code == 303 and r.headers["location"] == "/referee/thanks"
    r = await portal.get("/referee/thanks")
    assert r.status_code == 200 and 'id="referee-done"' in r.text and "شکریہ" in r.text
    sent = [c for c in portal.fake.calls if c[1] == "/referee/letter/text"]
    assert len(sent) == 1 and LETTER.strip()[:20].encode() in sent[0][3]

    # the link is used now: the page says so, in Urdu
    r = await portal.get("/referee", params={"token": "good-token"})
    assert r.status_code == 409 and "یہ لنک پہلے ہی استعمال ہو چکا ہے" in r.text


async def test_a_bad_or_missing_token_shows_the_problem_and_no_form(portal):
    r = await portal.get("/referee", params={"token": "forged"})
    assert (
        r.status_code == 403
        and 'id="referee-link-problem"' in r.text
        and '<form method="post" action="/referee' not in r.text
    )
    r = await portal.get("/referee")
    assert r.status_code == 400 and 'id="referee-link-problem"' in r.text


async def test_a_decline_needs_the_csrf_token(portal):
    page = await portal.get("/referee", params={"token": "good-token"})
    r = await portal.post("/referee/decline", data={"token": "good-token", "confirm": "yes"})
    assert r.status_code in (400, 403) and not portal.fake.used
    # declining cannot be undone: without the box ticked, nothing is sent and the page says why
    assert 'name="confirm" value="yes" required' in page.text
    r = await portal.post("/referee/decline", data={"csrf": csrf_of(page.text), "token": "good-token"})
    assert r.status_code == 422 and not portal.fake.used
    assert translate("ur", "Tick the box to confirm: declining cannot be undone.") in r.text
    # the summary's link leads to the box, which is marked and described by its error
    assert 'href="#f-decline"' in r.text
    assert re.search(
        r'<input type="checkbox" id="f-decline"[^>]*aria-invalid="true" aria-describedby="e-decline"', r.text
    )
    assert 'id="e-decline"' in r.text
    assert 'name="reason"' in page.text  # why, optionally: the applicant reads it
    form = {"csrf": csrf_of(page.text), "token": "good-token", "confirm": "yes", "reason": "On leave until March"}
    r = await portal.post("/referee/decline", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/referee/declined" and portal.fake.used
    assert json.loads(portal.fake.sent) == {"reason": "On leave until March"}


async def test_a_cut_off_link_reads_as_not_valid_not_as_a_form_error(portal):
    r = await portal.get("/referee", params={"token": "abc"})
    assert r.status_code == 422 and 'id="referee-link-problem"' in r.text
    assert "This link is not valid" in r.text and "too short" not in r.text.lower()


async def test_a_withdrawn_request_says_the_applicant_withdrew_it_in_the_referees_language(portal):
    await portal.get("/language/ru?next=/")
    r = await portal.get("/referee", params={"token": "withdrawn-token"})
    assert r.status_code == 403 and 'id="referee-link-problem"' in r.text
    assert "Заявитель отозвал эту просьбу: письмо не нужно." in r.text
    assert '<form method="post" action="/referee' not in r.text


async def test_a_letter_sent_after_the_form_expired_is_shown_again_not_lost(portal):
    """Hours after the link was opened the session is gone: the CSRF check failed and the
    "form expired" page dropped the letter typed. Now the letter page comes back with it, on a
    fresh form that sends it."""
    await portal.get("/referee", params={"token": "good-token"})
    portal.cookies.clear()  # the session ended
    r = await portal.post(
        "/referee/letter", data={"csrf": "from-the-old-session", "token": "good-token", "text": LETTER}
    )
    assert r.status_code == 403 and not portal.fake.used
    assert LETTER.strip()[:40] in r.text and translate("ur", FORM_EXPIRED) in r.text
    r = await portal.post("/referee/letter", data={"csrf": csrf_of(r.text), "token": "good-token", "text": LETTER})
    assert r.status_code == 303 and portal.fake.used


@pytest.mark.parametrize("token", ["é", "\x00", "a\nb", "\u202egood-token", " good-token"])
async def test_a_link_whose_token_http_cannot_carry_reads_as_not_valid_and_nothing_is_sent(portal, token):
    r = await portal.get("/referee", params={"token": token})
    assert r.status_code == 422 and 'id="referee-link-problem"' in r.text and "This link is not valid" in r.text
    page = await portal.get("/referee", params={"token": "good-token"})
    calls = len(portal.fake.calls)
    for path, data in (
        ("/referee/letter", {"token": token, "text": LETTER}),  # without the form's csrf too
        ("/referee/letter", {"csrf": csrf_of(page.text), "token": token, "text": LETTER}),
        ("/referee/decline", {"csrf": csrf_of(page.text), "token": token, "confirm": "yes"}),
    ):
        r = await portal.post(path, data=data)
        assert r.status_code in (403, 422) and 'id="referee-link-problem"' in r.text, (path, r.status_code)
    files = {"file": ("letter.pdf", b"%PDF-1.4 letter", "application/pdf")}
    r = await portal.post("/referee/upload", data={"csrf": csrf_of(page.text), "token": token}, files=files)
    assert r.status_code == 422 and 'id="referee-link-problem"' in r.text
    assert len(portal.fake.calls) == calls and not portal.fake.used


async def test_a_withdrawn_link_opened_afresh_is_told_in_the_language_the_referee_was_asked_in(portal):
    r = await portal.get("/referee", params={"token": "withdrawn-token"})
    assert r.status_code == 403 and '<html lang="ur" dir="rtl">' in r.text and 'id="referee-link-problem"' in r.text


async def test_after_a_language_switch_the_programmes_are_asked_for_in_the_pages_language(portal):
    """A referee who switched from Russian to Chinese read everything in Chinese but the
    programmes, named in the request's language."""
    await portal.get("/referee", params={"token": "good-token"})
    await portal.get("/language/zh?next=/referee%3Ftoken%3Dgood-token")
    page = await portal.get("/referee", params={"token": "good-token"})
    assert page.status_code == 200 and '<html lang="zh"' in page.text
    assert portal.fake.opened_in == [None, "zh"]  # the request's language until switched, then the page's


async def test_a_letter_over_the_limit_leads_back_to_the_referees_form_with_the_limit_said(portal):
    """An 11 MB PDF ended on a bare "Request refused" page with a link home: the form and the
    e-mailed link were gone. The form says the limit and checks it in the browser; a file over
    the body bound leads back to the referee's page (its token in the form's address), the
    limit said at the file field in the referee's language."""
    page = await portal.get("/referee", params={"token": "good-token"})
    form = page.text.split('id="upload"', 1)[1].split("</form>", 1)[0]
    assert 'action="/referee/upload?token=good-token"' in form
    assert 'data-max-bytes="10485760"' in form and translate("ur", "At most {n} MB per file.", n=10) in form
    files = {"file": ("letter.pdf", b"%PDF-1.4\n" + b"x" * (11 * 1024 * 1024), "application/pdf")}
    r = await portal.post("/referee/upload?token=good-token", data={"csrf": csrf_of(page.text), "token": "good-token"}, files=files)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/referee?token=good-token&refused=too_large#f-file"
    assert not any(path == "/referee/letter/file" for _, path, _, _ in portal.fake.calls)  # nothing sent on
    again = await portal.get(r.headers["location"].split("#")[0])
    assert again.status_code == 200 and '<html lang="ur" dir="rtl">' in again.text
    said = again.text.split('id="e-file">', 1)[1].split("</p>", 1)[0]
    assert translate("ur", "The file is too large (at most {max_mb} MB).", max_mb=10) in said
    assert not portal.fake.used  # the link still works


async def test_the_referees_page_offers_no_log_in_or_registration(portal):
    """The header said "Log in / Register" above the letter form: a referee thought an account
    was needed (the link is all they need)."""
    page = await portal.get("/referee", params={"token": "good-token"})
    assert page.status_code == 200 and 'href="/login"' not in page.text and 'href="/register"' not in page.text
    assert 'href="/login"' in (await portal.get("/")).text  # elsewhere, as before


async def test_a_letter_forms_address_opened_again_leads_back_to_the_letters_page(portal):
    # after a refused upload the address read /referee/upload?token=…; opened again it led to
    # the home page, and the referee (no account) had to find the e-mail again
    for form in ("upload", "letter", "decline"):
        r = await portal.get(f"/referee/{form}", params={"token": "good-token"})
        assert (r.status_code, r.headers["location"]) == (303, "/referee?token=good-token"), form
    r = await portal.get("/referee/upload")
    assert (r.status_code, r.headers["location"]) == (303, "/")
