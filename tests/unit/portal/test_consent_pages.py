"""Consent and the host's identity reads in the portal (issue 14: identity only with consent),
over fake services, in every language: the applicant's "Sharing with the host institution"
section (what goes to whom and when, two checkboxes saved with CSRF, the reads hosts made),
and the host's page of an applicant's identity and documents, which says in words, never as an
error page, what the applicant did not consent to share."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from markupsafe import escape

from services.portal.consent_words import CONSENT_WORDS
from services.portal.i18n import CATALOGS, format_moment, translate
from tests.unit.portal.test_award_pages import (
    LANGS,
    XJTU,
    FakeApplications,
    portals,
    problem,
    text_of,
)
from tests.unit.portal.test_pages_with_fake_services import csrf_of

PDF = b"%PDF-1.4 passport"
IDENTITY = {
    "application_id": "a1",
    "applicant_id": "u1",
    "name": "Bilal Ahmed",
    "email": "bilal@example.pk",
    "date_of_birth": "2003-04-05",
    "nationality": "PK",
    "home_institution": "NUST",
    "applicant_type": "student",
    "institution_id": "xjmu",
}
DOCUMENT = {
    "id": "d1",
    "application_id": "a1",
    "kind": "passport",
    "original_name": "passport.pdf",
    "content_type": "application/pdf",
    "size": len(PDF),
    "version": 1,
    "superseded": False,
}


def words(lang: str, key: str) -> str:
    """The words as the page writes them (the consent words, or any other of the portal's)."""
    return str(escape(CONSENT_WORDS[key][lang] if key in CONSENT_WORDS else translate(lang, key)))


class ConsentApplications(FakeApplications):
    """The award fakes' applications service plus the consent and host-access routes."""

    def __init__(self, role: str) -> None:
        super().__init__(role)
        self.application["status"] = "draft"
        self.consent: dict[str, Any] = {"host_identity": False, "host_documents": False, "at": None}
        self.puts: list[dict[str, Any]] = []
        self.reads: list[dict[str, Any]] = []
        self.host_identity = True
        self.host_documents = True
        self.with_host = True
        self.downloads = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (method, path) == ("GET", "/applications/a1/consent"):
            return httpx.Response(200, json=self.consent)
        if (method, path) == ("PUT", "/applications/a1/consent"):
            body = json.loads(request.content)
            self.puts.append(body)
            self.consent = {**body, "at": "2027-04-01T08:00:00+00:00"}
            return httpx.Response(200, json=self.consent)
        if (method, path) == ("GET", "/applications/a1/identity-reads"):
            return httpx.Response(200, json=self.reads)
        if (method, path) == ("GET", "/applications/a1/documents"):
            return httpx.Response(200, json=[DOCUMENT])
        if path.startswith("/host/applications/"):
            return self.host(method, path)
        return super().__call__(request)

    def host(self, method: str, path: str) -> httpx.Response:
        if self.role != "partner":
            return problem(403, "auth.forbidden", "request", "partners only")
        if not (self.with_host and path.startswith("/host/applications/a1/")):
            return problem(404, "host.not_with_you", "application_id", "no application is with your institution")
        if path.endswith("/identity"):
            if not self.host_identity:
                return problem(403, "host.no_consent_identity", "application_id", "no consent")
            return httpx.Response(200, json=IDENTITY)
        if not self.host_documents:
            return problem(403, "host.no_consent_documents", "application_id", "no consent")
        if path.endswith("/documents"):
            return httpx.Response(200, json=[DOCUMENT])
        if path.endswith("/letters"):
            return httpx.Response(200, json=LETTERS)
        if path.endswith("/letters/r1"):
            self.downloads += 1
            return httpx.Response(200, text="A careful and curious student.", headers={"content-type": "text/plain"})
        if path.endswith("/documents/d1"):
            self.downloads += 1
            return httpx.Response(
                200,
                content=PDF,
                headers={
                    "content-type": "application/pdf",
                    "content-disposition": 'attachment; filename="passport.pdf"',
                },
            )
        return problem(404, "document.not_found", "document_id", "no document")


# What the applications service answers for GET /host/applications/a1/letters: one written,
# one declined (no letter to read).
LETTERS = [
    {
        "id": "r1",
        "name": "Prof. Imran Siddiqui",
        "position": "professor",
        "institution": "NUST",
        "state": "submitted",
        "received_at": "2027-03-20T10:00:00+00:00",
        "letter": "text",
    },
    {
        "id": "r2",
        "name": "Dr. Sara Malik",
        "position": "associate_professor",
        "institution": "NUST",
        "state": "declined",
        "received_at": None,
        "letter": None,
    },
]


@pytest.fixture
async def portal_as():
    async with portals(ConsentApplications) as open_as:
        yield open_as


def test_every_consent_word_is_in_four_languages_and_in_the_catalogs():
    for key, texts in CONSENT_WORDS.items():
        assert set(texts) == set(LANGS), key
        assert all(t.strip() for t in texts.values()), key
        for lang in LANGS:
            assert CATALOGS[lang][key] == texts[lang]
    # the section's sentences are distinct in each language (nothing left in English)
    for lang in ("zh", "ru", "ur"):
        assert translate(lang, "Share my identity with the host institution") != (
            "Share my identity with the host institution"
        )


@pytest.mark.parametrize("lang", LANGS)
async def test_the_draft_says_what_goes_to_whom_and_saves_identity_only(portal_as, lang):
    p = await portal_as("applicant", lang)
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200
    html = page.text
    for key in (
        "Sharing with the host institution",
        "Your identity: your name, date of birth, nationality, e-mail address and home institution.",
        "Nothing goes to the host institution without your consent. You can withdraw it at any time here; from "
        "then on the host cannot read them.",
        "You have not chosen yet, so nothing is shared.",
        "No host institution has read your identity or documents.",
    ):
        assert words(lang, key) in html, key
    assert 'name="host_identity" value="yes" >' in html and 'name="host_documents" value="yes" >' in html
    # the section stands before the submit button of the draft
    assert html.index('id="consent"') < html.index('id="submit"')
    # and the submit box says no choice was made yet, with a link to it (it submitted unasked)
    unchosen = "You have not chosen yet whether the host institution may read your identity and documents. Without them it decides on your admission without seeing them."  # fmt: skip
    box = html.split('id="submit-consent">', 1)[1].split("</p>", 1)[0]
    assert translate(lang, unchosen) in box and 'href="#consent"' in box

    r = await p.client.post(
        "/applications/a1/consent", data={"csrf": csrf_of(html), "host_identity": "yes"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/applications/a1#consent"
    assert p.apps.puts == [{"host_identity": True, "host_documents": False}]
    page = await p.client.get("/applications/a1")
    assert words(lang, "Your choice about sharing was saved.") in page.text
    assert 'name="host_identity" value="yes" checked>' in page.text
    assert 'name="host_documents" value="yes" >' in page.text
    assert words(lang, "Last changed:") in page.text
    assert 'id="submit-consent"' not in page.text  # chosen: nothing more to say at the submit


@pytest.mark.parametrize("lang", LANGS)
async def test_the_section_names_who_reads_the_documents_without_consent_and_what_consent_adds(portal_as, lang):
    # coordinators and nominating authorities read and review documents too (shared.auth Reviewer):
    # the section no longer says the host alone receives them
    p = await portal_as("applicant", lang)
    html = (await p.client.get("/applications/a1")).text
    readers = html.split('id="consent-readers">', 1)[1].split("</p>", 1)[0]
    adds = html.split('id="consent-adds">', 1)[1].split("</p>", 1)[0]
    assert readers == words(
        lang,
        "Who reads them in any case: the scheme's admissions officers and reviewers; your home institution's "
        "coordinators, when the scheme has the home institution endorse its applicants; and your country's "
        "nominating authority, when the scheme has it nominate applicants. They may check your documents and "
        "ask you for a new version.",
    )
    assert adds == words(
        lang,
        "What your consent adds: the host institution that considers your application, and only while it does "
        "(from when officers send your application to it until it decides, and after it offers you the place), "
        "so that it can issue your admission letter.",
    )
    assert "No one else" not in html and "Больше никто" not in html and "其他任何人" not in html


async def test_consent_is_changed_after_submitting_and_unticking_withdraws_it(portal_as):
    p = await portal_as("applicant", "ru")
    p.apps.application["status"] = "with_host"
    p.apps.consent = {"host_identity": True, "host_documents": True, "at": "2027-03-01T08:00:00+00:00"}
    page = await p.client.get("/applications/a1")
    assert 'name="host_documents" value="yes" checked>' in page.text
    r = await p.client.post("/applications/a1/consent", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    assert p.apps.puts == [{"host_identity": False, "host_documents": False}]


async def test_saving_consent_without_the_csrf_token_is_refused(portal_as):
    p = await portal_as("applicant")
    r = await p.client.post("/applications/a1/consent", data={"host_identity": "yes"}, follow_redirects=False)
    assert r.status_code in (400, 403)
    assert p.apps.puts == []


@pytest.mark.parametrize("lang", LANGS)
async def test_the_applicant_sees_each_read_with_institution_what_and_when_in_utc(portal_as, lang):
    p = await portal_as("applicant", lang)
    p.apps.reads = [
        {"institution_id": "xjmu", "what": "document:d1", "read_at": "2027-04-02T09:15:00+00:00"},
        {"institution_id": "xjmu", "what": "identity", "read_at": "2027-04-02T09:14:00+00:00"},
    ]
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200
    table = page.text[page.text.index('id="identity-reads"') :]
    table = table[: table.index("</table>")]
    assert table.count("Xi&#39;an Jiaotong University") == 2  # the name, from the matching catalog
    assert words(lang, "read:identity") in table
    assert str(escape(translate(lang, "doc:passport"))) in text_of(table)
    assert str(escape(format_moment(lang, "2027-04-02T09:14:00+00:00"))) in table and "UTC" in table
    assert words(lang, "No host institution has read your identity or documents.") not in page.text


async def test_a_service_without_consent_leaves_the_page_as_it_was(portal_as):
    p = await portal_as("applicant")
    p.apps.consent = None  # type: ignore[assignment]

    real = p.apps.__call__

    def no_consent(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(("/consent", "/identity-reads")):
            return problem(404, "not_found", "request", "Not Found")
        return real(request)

    p.client._transport.app.state.services.applications.http = httpx.AsyncClient(  # type: ignore[attr-defined]
        transport=httpx.MockTransport(no_consent), base_url="http://a"
    )
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200 and 'id="consent"' not in page.text and 'id="submit"' in page.text


@pytest.mark.parametrize("lang", LANGS)
async def test_the_host_reads_the_identity_and_is_told_documents_were_not_shared(portal_as, lang):
    p = await portal_as("partner", lang)
    p.apps.host_documents = False
    admissions = await p.client.get("/host/admissions")
    assert 'href="/host/applications/a1"' in admissions.text  # by the match, the application id
    assert words(lang, "Identity and documents") in admissions.text
    page = await p.client.get("/host/applications/a1")
    assert page.status_code == 200
    assert "Bilal Ahmed" in page.text and "bilal@example.pk" in page.text and "NUST" in page.text
    # one applicant's type, in the singular ("student", not the programme's audience "students")
    kind = re.search(r"<dd>([^<]*)</dd>", page.text[page.text.index(words(lang, "Applicant type")) :]).group(1)
    assert kind == words(lang, "applicant:" + IDENTITY["applicant_type"])
    assert words(lang, "The applicant has not consented to share their documents with the host institution.") in (
        page.text
    )
    assert "/documents/d1/file" not in page.text
    assert 'class="error' not in page.text


async def test_the_applicants_home_institution_reads_in_the_hosts_language(portal_as):
    """«Родной вуз: King Edward Medical University» on a Russian page: the profile holds the
    name as typed, in English, and the institution has its Russian name in the catalog."""
    p = await portal_as("partner", "ru")
    p.apps.host_documents = False
    kemu = {"id": "kemu", "name": "King Edward Medical University", "translations": {"ru": "Медицинский университет короля Эдуарда", "zh": "爱德华国王医科大学"}}  # fmt: skip
    p.matching.institutions = [{"id": "xjmu", "name": XJTU}, kemu]
    IDENTITY["home_institution"] = "King Edward Medical University"
    try:
        page = await p.client.get("/host/applications/a1")
    finally:
        IDENTITY["home_institution"] = "NUST"
    shown = re.search(r'<bdi id="home-institution">(.*?)</bdi>', page.text).group(1)
    assert shown == "Медицинский университет короля Эдуарда"
    # a name the catalog does not know stays as typed
    page = await p.client.get("/host/applications/a1")
    assert '<bdi id="home-institution">NUST</bdi>' in page.text


@pytest.mark.parametrize("lang", LANGS)
async def test_without_identity_consent_the_host_is_told_in_words_and_downloads_documents(portal_as, lang):
    p = await portal_as("partner", lang)
    p.apps.host_identity = False
    page = await p.client.get("/host/applications/a1")
    assert page.status_code == 200
    assert words(lang, "The applicant has not consented to share their identity with the host institution.") in (
        page.text
    )
    assert "Bilal Ahmed" not in page.text
    assert 'href="/host/applications/a1/documents/d1/file"' in page.text
    r = await p.client.get("/host/applications/a1/documents/d1/file")
    assert r.status_code == 200 and r.content == PDF
    assert r.headers["content-type"] == "application/pdf" and "passport.pdf" in r.headers["content-disposition"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert p.apps.downloads == 1


async def test_a_refused_download_shows_the_sentence_not_an_error_page(portal_as):
    p = await portal_as("partner", "zh")
    p.apps.host_documents = False
    r = await p.client.get("/host/applications/a1/documents/d1/file")
    assert r.status_code == 403
    assert words("zh", "The applicant has not consented to share their documents with the host institution.") in (
        r.text
    )


async def test_an_application_not_with_the_host_is_said_so(portal_as):
    p = await portal_as("partner", "ur")
    p.apps.with_host = False
    page = await p.client.get("/host/applications/a1")
    assert page.status_code == 404
    assert words("ur", "This application is not with your institution now.") in page.text
    assert "Bilal Ahmed" not in page.text


async def test_only_partners_open_the_identity_page(portal_as):
    p = await portal_as("applicant")
    r = await p.client.get("/host/applications/a1", follow_redirects=False)
    assert r.status_code in (302, 303, 403)
    assert "Bilal Ahmed" not in r.text


@pytest.mark.parametrize("lang", LANGS)
async def test_the_host_reads_the_letters_with_the_documents_and_none_without_that_consent(portal_as, lang):
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/applications/a1")
    assert words(lang, "Recommendation letters") in page.text
    assert "Prof. Imran Siddiqui" in page.text and words(lang, "letter:declined") in page.text
    assert 'href="/host/applications/a1/letters/r1/file"' in page.text
    assert "/letters/r2/file" not in page.text  # declined: nothing to read
    # a written letter reads as a page naming its referee (the bare text had named nobody)
    r = await p.client.get("/host/applications/a1/letters/r1/file")
    assert r.status_code == 200 and p.apps.downloads == 1
    letter = re.search(r'<div class="letter-text" id="letter-text" dir="auto">(.*?)</div>', r.text, re.S).group(1)
    assert letter == "A careful and curious student."
    facts = re.search(r'<dl class="facts" id="letter-referee">.*?</dl>', r.text, re.S).group(0)
    assert "Prof. Imran Siddiqui" in facts and words(lang, "position:professor") in facts and "NUST" in facts
    assert 'href="/host/applications/a1#host-letters"' in r.text and "/officer/" not in r.text
    download = await p.client.get("/host/applications/a1/letters/r1/file?download=1")
    assert download.text == "A careful and curious student." and download.headers["content-type"].startswith(
        "text/plain"
    )
    p.apps.host_documents = False
    page = await p.client.get("/host/applications/a1")
    assert "Prof. Imran Siddiqui" not in page.text and words(lang, "Recommendation letters") not in page.text
    r = await p.client.get("/host/applications/a1/letters/r1/file")
    assert r.status_code == 403 and "A careful and curious student." not in r.text
