"""Document review pages (issue 15) over fake services, in every language: the applicant's
rejected document with its reason, note, deadline and re-upload form; the officer's page with
every version and the verify / reject forms, and what they post."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from markupsafe import escape

from services.portal.app import create_app
from services.portal.i18n import language_name, translate
from services.portal.settings import Settings
from tests.unit.portal.test_pages_with_fake_services import APPLICATION, CYCLE, ME, PROGRAMME, csrf_of, token_for

NOTE = "Stamp <missing> on page 2"
V1 = {
    "id": "d1",
    "application_id": "a1",
    "kind": "transcript",
    "original_name": "transcript.pdf",
    "content_type": "application/pdf",
    "size": 2048,
    "sha256": "0" * 64,
    "created_at": "2027-02-01T10:00:00+00:00",
    "version": 1,
    "replaces": None,
    "superseded": False,
    "state": "rejected",
    "rejection_reason": "not_attested",
    "rejection_note": NOTE,
    "due_on": "2027-03-15",
    "task_open": True,
    "attested_by": None,
    "attestation_number": None,
    "attested_on": None,
    "translation_language": None,
    "translation_certified_by": None,
    "nostrified": False,
}
REASON = {
    "en": "not attested by the authority the programme requires",
    "zh": "未经该项目要求的机构认证",
    "ru": "нет заверения органом, которого требует программа",
    "ur": "پروگرام کے مطلوبہ ادارے سے تصدیق شدہ نہیں ہے",
}


class Fake:
    def __init__(self, role: str):
        self.role = role
        self.documents = [dict(V1)]
        self.posted: list[tuple[str, bytes]] = []
        self.status = "submitted"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (method, path) == ("POST", "/auth/token"):
            return httpx.Response(200, json={"access_token": token_for(self.role), "role": self.role})
        if (method, path) == ("GET", "/me"):
            return httpx.Response(200, json=ME)
        if (method, path) in (("GET", "/applications/a1"), ("GET", "/officer/applications/a1")):
            return httpx.Response(200, json={**APPLICATION, "status": self.status, "sending_country": "PK"})
        if (method, path) == ("GET", "/cycles/c1"):
            return httpx.Response(200, json=CYCLE)
        if (method, path) == ("GET", "/cycles"):
            return httpx.Response(200, json={"items": [CYCLE], "total": 1})
        if (method, path) == ("GET", "/officer/applications"):
            listed = {
                **APPLICATION,
                "status": self.status,
                "sending_country": "PK",
                "applicant_name": "Bilal Ahmed",
                "home_institution": "NUST",
                "submitted_at": "2027-02-01T10:00:00+00:00",
            }
            self.listing = request.url.params  # what the page asked for
            offset = int(request.url.params.get("offset", 0))
            total = getattr(self, "listed_total", 1)  # a longer list: its later pages hold the same row
            shown = [listed] if offset < total else []
            return httpx.Response(200, json={"items": shown, "total": total, "offset": offset, "limit": 50})
        if (method, path) == ("GET", "/programmes"):
            return httpx.Response(200, json={"items": [getattr(self, "programme", PROGRAMME)], "total": 1})
        if (method, path) == ("GET", "/officer/documents/review"):
            pending = getattr(self, "pending", 0)
            asked = request.url.params.get_list("application_id")
            return httpx.Response(
                200, json=[{"application_id": a, "verified": 0, "pending": pending, "rejected": 0} for a in asked]
            )
        if (method, path) == ("GET", "/officer/consent"):
            return httpx.Response(200, json=[{"application_id": "a1", "messages_language": "ur"}])
        if (method, path) == ("GET", "/applications/a1/eligibility"):
            return httpx.Response(200, json={"eligible": True, "choices": []})
        if (method, path) == ("GET", "/applications/a1/referees"):
            return httpx.Response(200, json=[])
        if (method, path) in (("GET", "/applications/a1/documents"), ("GET", "/officer/applications/a1/documents")):
            return httpx.Response(200, json=self.documents)
        if method == "POST":
            self.posted.append((path, request.content))
            return httpx.Response(201 if path.endswith("/documents") else 200, json=self.documents[-1])
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


async def _portal(role: str):
    fake = Fake(role)
    app = create_app(Settings(session_secret="unit-test-secret"))
    cm = app.router.lifespan_context(app)
    await cm.__aenter__()
    services = app.state.services
    await services.applications.http.aclose()
    services.applications.http = httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url="http://applications")
    await services.matching.http.aclose()
    services.matching.http = httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url="http://matching")
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal")
    page = await client.get("/login")
    r = await client.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
    assert r.status_code == 303, r.text
    return client, fake, cm


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_the_applicant_sees_the_reason_in_their_language_the_note_as_written_and_a_reupload_form(lang):
    client, fake, cm = await _portal("applicant")
    try:
        await client.get(f"/language/{lang}?next=/")
        page = await client.get("/applications/a1")
        assert page.status_code == 200, page.text[:500]
        task = re.search(r'<div class="task.*?</form>', page.text, re.S).group(0)
        assert REASON[lang] in task and "Stamp &lt;missing&gt; on page 2" in task
        assert '<time datetime="2027-03-15">' in task
        assert 'action="/applications/a1/documents/d1/reupload"' in task
        if lang != "en":
            assert REASON["en"] not in page.text

        r = await client.post(
            "/applications/a1/documents/d1/reupload",
            data={"csrf": csrf_of(page.text), "attested_by": "hec", "attestation_number": " H-1 ", "attested_on": ""},
            files={"file": ("t.pdf", b"%PDF-1.4\n", "application/pdf")},
        )
        assert r.status_code == 303 and r.headers["location"] == "/applications/a1#documents"
        path, body = fake.posted[-1]
        assert path == "/applications/a1/documents"
        assert b'name="replaces"\r\n\r\nd1' in body and b'name="attestation_number"\r\n\r\nH-1' in body
        assert b'name="attested_on"' not in body  # empty fields are not sent
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


async def test_a_recommendation_letter_is_offered_to_upload_only_where_a_programme_asks_for_one():
    """Letters come from the referees: the kinds of document had offered "recommendation
    letter" on the page that says the applicant never sees their letters."""
    client, fake, cm = await _portal("applicant")
    try:
        kinds = re.search(r'<select[^>]*name="kind".*?</select>', (await client.get("/applications/a1")).text, re.S)
        assert 'value="passport"' in kinds.group(0) and 'value="recommendation"' not in kinds.group(0)
        requirements = {**PROGRAMME["requirements"], "required_documents": ["passport", "recommendation"]}
        fake.programme = {**PROGRAMME, "requirements": requirements}
        kinds = re.search(r'<select[^>]*name="kind".*?</select>', (await client.get("/applications/a1")).text, re.S)
        assert 'value="recommendation"' in kinds.group(0)
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


async def test_a_superseded_version_is_not_shown_to_the_applicant():
    client, fake, cm = await _portal("applicant")
    try:
        fake.documents = [
            {**V1, "superseded": True, "task_open": False},
            {**V1, "id": "d2", "version": 2, "replaces": "d1", "state": "pending", "task_open": False},
        ]
        page = await client.get("/applications/a1")
        assert 'id="doc-d2"' in page.text and 'id="doc-d1"' not in page.text
        assert "version 2" in page.text and 'id="task-' not in page.text
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


async def test_documents_opened_from_the_review_lead_back_to_it():
    """Opened from "Review matches", the breadcrumb led to "Applications to review"."""
    client, fake, cm = await _portal("officer")
    try:
        fake.documents = [{**V1, "state": "pending", "task_open": False}]
        back = "/officer/cycles/c1/review?offset=50"
        page = await client.get("/officer/applications/a1/documents", params={"back": back})
        crumb = re.search(r'<p class="breadcrumb">(.*?)</p>', page.text, re.S).group(1)
        assert 'href="/officer/cycles/c1/review?offset=50" id="back-link">Review matches</a>' in crumb
        assert "Applications to review" not in crumb
        plain = await client.get("/officer/applications/a1/documents")  # opened elsewhere: as before
        assert "Applications to review" in re.search(r'<p class="breadcrumb">(.*?)</p>', plain.text, re.S).group(1)
        evil = await client.get("/officer/applications/a1/documents", params={"back": "https://evil.example/"})
        assert 'id="back-link"' not in evil.text and 'href="https://evil.example/"' not in evil.text
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_the_officer_page_lists_every_version_and_posts_a_rejection(lang):
    client, fake, cm = await _portal("officer")
    try:
        fake.documents = [
            {**V1, "superseded": True, "task_open": False, "reviewed_by": "o1", "reviewed_by_name": "Dana"},
            {**V1, "id": "d2", "version": 2, "replaces": "d1", "state": "pending", "task_open": False},
        ]
        await client.get(f"/language/{lang}?next=/")
        page = await client.get("/officer/applications/a1/documents")
        assert page.status_code == 200, page.text[:500]
        assert 'id="reject-d1"' not in page.text and 'id="verify-d1"' not in page.text  # an old version
        assert 'id="reject-d2"' in page.text and 'id="verify-d2"' in page.text
        assert REASON[lang] in page.text and "Dana" in page.text
        assert len(re.findall(r'<option value="[a-z_]+"', page.text)) == 8  # the set list of reasons

        r = await client.post(
            "/officer/applications/a1/documents/d2/reject",
            data={"csrf": csrf_of(page.text), "reason": "", "note": "x"},
        )
        assert r.status_code == 422 and 'id="e-reason-d2"' in r.text
        # the field says it is wrong and which words say why (a screen reader heard neither)
        assert re.search(
            r'<select id="f-reason-d2" name="reason" aria-invalid="true" aria-describedby="e-reason-d2">', r.text
        )
        # the note reaches the applicant as written: the form says in which language they read
        said = translate(lang, "The applicant reads messages in {language}.", language=language_name(lang, "ur"))
        hint = re.search(r'<p class="hint reads-in" id="h-note-d2">(.*?)</p>', r.text, re.S)
        assert hint is not None and hint.group(1) == str(escape(said))
        assert 'aria-describedby="h-note-d2"' in r.text
        # each document's reject controls name it: four "Reason" and "Reject" had read alike
        rejecting = translate(lang, "Reject {kind}", kind=translate(lang, "doc:" + V1["kind"]))
        assert f'<legend class="visually-hidden">{escape(rejecting)}</legend>' in r.text
        assert f'id="reject-d2" aria-label="{escape(rejecting)}"' in r.text
        # the refusal is said at the top with a link to the field; the form's address leads there
        summary = re.search(r'<div class="error-summary".*?</div>', r.text, re.S).group(0)
        assert '<a href="#f-reason-d2">' in summary
        assert 'action="/officer/applications/a1/documents/d2/reject#doc-d2"' in r.text
        again = await client.get("/officer/applications/a1/documents/d2/reject")
        assert again.status_code == 303 and again.headers["location"] == "/officer/applications/a1/documents#doc-d2"
        r = await client.post(
            "/officer/applications/a1/documents/d2/reject",
            data={"csrf": csrf_of(page.text), "reason": "illegible", "note": " blurred ", "due_on": "2027-04-01"},
        )
        assert r.status_code == 303
        path, body = fake.posted[-1]
        assert path == "/officer/applications/a1/documents/d2/reject"
        assert json.loads(body) == {"reason": "illegible", "note": "blurred", "due_on": "2027-04-01"}
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


async def test_a_withdrawn_application_offers_no_reupload():
    client, fake, cm = await _portal("applicant")
    try:
        fake.status = "withdrawn"
        page = await client.get("/applications/a1")
        assert page.status_code == 200 and 'id="doc-d1"' in page.text
        assert "/reupload" not in page.text and 'id="document-tasks"' not in page.text
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_the_officers_list_names_the_applicant_the_first_choice_and_the_cycle_not_their_ids(lang):
    client, fake, cm = await _portal("officer")
    try:
        await client.get(f"/language/{lang}?next=/")
        r = await client.get("/officer/applications")
        assert f'lang="{lang}"' in r.text
        assert r.status_code == 200, r.text
        row = r.text.split('id="app-a1"', 1)[1].split("</tr>", 1)[0]
        for words in ("Bilal Ahmed", "NUST", "Clinical Medicine (MMed)", "SCO 2026/27"):
            assert words in row
        assert ">c1<" not in row and ">a1<" not in row and ">p1<" not in row
        assert 'rel="prev"' not in r.text and 'rel="next"' not in r.text  # one page
        fake.listed_total = 120  # page 2 of 3 leads both ways; past the end goes to the last page
        second = await client.get("/officer/applications?offset=50")
        assert 'href="/officer/applications" rel="prev"' in second.text
        assert 'href="/officer/applications?offset=100" rel="next"' in second.text
        beyond = await client.get("/officer/applications?offset=500")
        assert beyond.status_code == 303 and beyond.headers["location"] == "/officer/applications?offset=100"
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_the_officers_list_leaves_ended_applications_out_unless_asked_and_filters_by_cycle(lang):
    client, fake, cm = await _portal("officer")
    try:
        await client.get(f"/language/{lang}?next=/")
        r = await client.get("/officer/applications")
        asked = set(fake.listing.get_list("status"))
        assert {"submitted", "under_review", "offered", "accepted", "nominated", "unmatched"} <= asked
        assert not asked & {"withdrawn", "not_nominated", "not_endorsed", "not_admitted", "declined", "draft"}
        assert 'id="tab-active" aria-current="page"' in r.text
        for words in ("Current", "Ended"):
            assert (translate(lang, words) != words or lang == "en") and translate(lang, words) in r.text
        ended = await client.get("/officer/applications?show=ended")
        assert set(fake.listing.get_list("status")) == {
            "withdrawn",
            "not_endorsed",
            "not_nominated",
            "not_admitted",
            "declined",
        }
        assert 'id="tab-ended" aria-current="page"' in ended.text
        everything = await client.get("/officer/applications?show=all&cycle_id=c1")
        assert fake.listing.get_list("status") == [] and fake.listing.get("cycle_id") == "c1"
        assert '<option value="c1" selected>SCO 2026/27</option>' in everything.text
        fake.listed_total = 120  # the pager keeps the tab and the cycle
        second = await client.get("/officer/applications?show=all&cycle_id=c1&offset=50")
        assert 'href="/officer/applications?show=all&amp;cycle_id=c1&amp;offset=100" rel="next"' in second.text
        assert 'href="/officer/applications?show=all&amp;cycle_id=c1" rel="prev"' in second.text
        odd = await client.get("/officer/applications?show=nonsense")
        assert odd.status_code == 200 and 'id="tab-active" aria-current="page"' in odd.text
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_officers_list_is_searched_by_name_and_the_search_is_kept_across_pages(lang):
    """Forty-five rows and filters for cycle and tab only: an officer searched the page for an
    applicant's id."""
    client, fake, cm = await _portal("officer")
    try:
        await client.get(f"/language/{lang}?next=/")
        page = await client.get("/officer/applications", params={"q": "  Bilal   Ahmed "})
        assert fake.listing.get("q") == "Bilal Ahmed"  # asked of the service, spaces tidied
        assert 'name="q" type="search" value="Bilal Ahmed"' in page.text
        assert translate(lang, "Name, e-mail or application number") in page.text
        fake.listed_total = 120
        page = await client.get("/officer/applications", params={"q": "Bilal", "offset": 50})
        assert 'href="/officer/applications?q=Bilal&amp;offset=100" rel="next"' in page.text  # the search kept
        await client.get("/officer/applications")
        assert "q" not in fake.listing  # no search: nothing asked
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


@pytest.mark.parametrize("lang,words", [("en", "2 documents to review"), ("ru", "2 документа на проверку")])
async def test_the_officers_list_says_which_applications_have_documents_to_review(lang, words):
    # told of a new version, an officer opened application after application to find it
    client, fake, cm = await _portal("officer")
    try:
        await client.get(f"/language/{lang}?next=/")
        assert 'id="to-review-a1"' not in (await client.get("/officer/applications")).text
        fake.pending = 2
        row = (await client.get("/officer/applications")).text.split('id="app-a1"', 1)[1].split("</tr>", 1)[0]
        assert words in row and 'href="/officer/applications/a1/documents"' in row
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)
