"""Admission papers in the portal, over fake services, in every language: the host's section on
its page of an applicant (the papers issued, and a form to issue one once the applicant
accepted the place; before, a sentence saying so), its multipart upload to the applications
service and the refusals said at the field, the link from an accepted admissions card, and the
applicant's "Your admission papers" with each file passed through. The applicant's page reads
the papers only once the place is accepted."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from markupsafe import escape

from services.portal.i18n import CATALOGS, format_moment, translate
from services.portal.paper_words import PAPER_WORDS
from tests.unit.portal.test_award_pages import LANGS, Portal, portals, problem
from tests.unit.portal.test_consent_pages import ConsentApplications
from tests.unit.portal.test_pages_with_fake_services import csrf_of

LETTER = b"%PDF-1.4 admission letter"


def paper(paper_id: str, kind: str, *, superseded: bool = False, note: str | None = None) -> dict[str, Any]:
    """A paper as the applications service answers it."""
    return {
        "id": paper_id,
        "application_id": "a1",
        "institution_id": "xjmu",
        "kind": kind,
        "note": note,
        "original_name": f"{paper_id}-{kind}.pdf",
        "content_type": "application/pdf",
        "size": len(LETTER),
        "sha256": "0" * 64,
        "issued_by": "u9",
        "issued_by_name": "Wang Fang",
        "issued_at": "2027-06-02T09:30:00+00:00",
        "replaces": None,
        "superseded": superseded,
    }


# newest first, the replaced one included (the host's list)
ISSUED = [
    paper("p2", "admission_letter", note="Bring the original to registration."),
    paper("p1", "admission_letter", superseded=True),
    paper("p3", "visa_form"),
]


def words(lang: str, key: str, **params: Any) -> str:
    """The words as the page writes them (escaped as Jinja escapes them)."""
    return str(escape(translate(lang, key, **params)))


class PaperApplications(ConsentApplications):
    """The consent fakes plus the host's list of its applications and the papers routes."""

    def __init__(self, role: str) -> None:
        super().__init__(role)
        self.host_status = "accepted"  # the application's status on the host's list
        self.papers: list[dict[str, Any]] = list(ISSUED)
        self.posted: list[httpx.Request] = []
        self.refusal: httpx.Response | None = None
        self.papers_down = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        self.paths.append(path)
        if (method, path) == ("GET", "/host/applications"):
            assert request.url.params.get_list("application_id") == ["a1"]
            item = {"application_id": "a1", "status": self.host_status, "consent": self.consent}
            return httpx.Response(200, json={"items": [item], "total": 1})
        if "/papers" not in path:
            return super().__call__(request)
        if self.papers_down:
            return httpx.Response(503, json={"code": "unavailable", "detail": "down", "errors": []})
        if (method, path) == ("POST", "/host/applications/a1/papers"):
            request.read()
            self.posted.append(request)
            if self.refusal is not None:
                return self.refusal
            return httpx.Response(201, json=paper("p4", "visa_form"))
        if (method, path) == ("GET", "/host/applications/a1/papers"):
            return httpx.Response(200, json=self.papers)
        if (method, path) == ("GET", "/applications/a1/papers"):
            return httpx.Response(200, json=[p for p in self.papers if not p["superseded"]])
        if method == "GET" and path in ("/host/applications/a1/papers/p2", "/applications/a1/papers/p2"):
            headers = {"content-type": "application/pdf", "content-disposition": 'attachment; filename="p2.pdf"'}
            return httpx.Response(200, content=LETTER, headers=headers)
        return problem(404, "papers.not_found", "paper_id", "no such paper")


@pytest.fixture
async def portal_as():
    async with portals(PaperApplications) as open_as:
        yield open_as


def section(html: str) -> str:
    """The papers section of a page."""
    start = html.index('id="papers"')
    return html[start : html.index("</section>", start)]


def test_every_paper_word_is_in_four_languages_and_in_the_catalogs():
    for key, texts in PAPER_WORDS.items():
        assert set(texts) == set(LANGS), key
        assert all(t.strip() for t in texts.values()), key
        for lang in LANGS:
            assert CATALOGS[lang][key] == texts[lang]
    for lang in ("zh", "ru", "ur"):  # nothing left in English
        assert all(texts[lang] != texts["en"] for texts in PAPER_WORDS.values())
    # the applicant reads what the paper is; the host choosing a kind reads an example
    assert translate("zh", "paper:visa_form") == "签证申请表"
    assert translate("zh", "paper_choice:visa_form") == "签证申请表（在中国为 JW202 表）"
    assert translate("ru", "paper:admission_letter") == "Письмо о зачислении"
    assert translate("ur", "paper:other") == "دیگر کاغذ"


# --- the host ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_host_sees_the_papers_and_the_form_once_the_place_is_accepted(portal_as, lang):
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/applications/a1")
    assert page.status_code == 200
    papers = section(page.text)
    assert words(lang, "Admission papers") in papers
    assert words(lang, "paper:admission_letter") in papers and words(lang, "paper:visa_form") in papers
    for paper_id in ("p1", "p2", "p3"):
        assert f'href="/host/applications/a1/papers/{paper_id}/file"' in papers
    assert "<bdi>p2-admission_letter.pdf</bdi>" in papers and '<bdi class="issued-by">Wang Fang</bdi>' in papers
    assert str(escape(format_moment(lang, "2027-06-02T09:30:00+00:00"))) in papers
    assert "Bring the original to registration." in papers
    # only the replaced one says so
    replaced = papers[papers.index('id="paper-p1"') :]
    assert words(lang, "replaced by a newer one") in replaced[: replaced.index("</li>")]
    assert papers.count(words(lang, "replaced by a newer one")) == 1
    # the form: the three kinds in words, a file and a note
    form = papers[papers.index("<form") :]
    assert 'action="/host/applications/a1/papers#papers"' in form and 'enctype="multipart/form-data"' in form
    assert words(lang, "Kind of paper") in form
    for kind in ("admission_letter", "visa_form", "other"):
        # the host chooses a visa form by its example; the applicant reads what it is
        label = words(lang, ("paper_choice:" if kind == "visa_form" else "paper:") + kind)
        assert f'<option value="{kind}" >{label}</option>' in form
    assert 'name="file" type="file"' in form and 'name="note"' in form
    assert words(lang, "Issue the paper") in form
    assert words(lang, "Admission papers can be issued here once the applicant accepts the place.") not in page.text


@pytest.mark.parametrize("lang", LANGS)
async def test_before_the_applicant_accepts_the_host_is_told_papers_come_then(portal_as, lang):
    p = await portal_as("partner", lang)
    p.apps.host_status = "offered"
    page = await p.client.get("/host/applications/a1")
    assert page.status_code == 200
    papers = section(page.text)
    assert words(lang, "Admission papers can be issued here once the applicant accepts the place.") in papers
    assert "<form" not in papers and "/papers/" not in papers
    assert "/host/applications/a1/papers" not in p.apps.paths  # not read before the place is accepted


async def test_a_host_application_not_on_the_hosts_list_has_no_papers_section(portal_as):
    p = await portal_as("partner")
    p.apps.with_host = False
    page = await p.client.get("/host/applications/a1")
    assert page.status_code == 404 and 'id="papers"' not in page.text


@pytest.mark.parametrize("lang", LANGS)
async def test_issuing_a_paper_sends_the_file_kind_and_note_and_says_the_applicant_is_told(portal_as, lang):
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/applications/a1")
    r = await p.client.post(
        "/host/applications/a1/papers",
        data={"csrf": csrf_of(page.text), "kind": "visa_form", "note": "  JW202, signed and stamped  "},
        files={"file": ("jw202.pdf", LETTER, "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/host/applications/a1#papers"
    [sent] = p.apps.posted
    assert sent.headers["content-type"].startswith("multipart/form-data")
    assert sent.headers["authorization"].startswith("Bearer ")
    body = sent.content
    assert re.search(rb'name="kind"\r\n\r\nvisa_form\r\n', body)
    assert re.search(rb'name="note"\r\n\r\nJW202, signed and stamped\r\n', body)
    assert b'name="file"; filename="jw202.pdf"' in body and LETTER in body
    page = await p.client.get("/host/applications/a1")
    assert words(lang, "Issued: the applicant is told by e-mail and in the portal.") in page.text


async def test_a_paper_without_a_note_sends_none(portal_as):
    p = await portal_as("partner")
    page = await p.client.get("/host/applications/a1")
    r = await p.client.post(
        "/host/applications/a1/papers",
        data={"csrf": csrf_of(page.text), "kind": "admission_letter", "note": " "},
        files={"file": ("letter.pdf", LETTER, "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303 and b'name="note"' not in p.apps.posted[0].content


@pytest.mark.parametrize("lang", LANGS)
async def test_the_portal_says_a_missing_kind_or_file_and_a_long_note_at_the_fields_and_sends_nothing(portal_as, lang):
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/applications/a1")
    r = await p.client.post(
        "/host/applications/a1/papers", data={"csrf": csrf_of(page.text), "kind": "passport", "note": "x" * 501}
    )
    assert r.status_code == 422 and p.apps.posted == []
    papers = section(r.text)
    assert re.search(r'id="e-kind">.*?' + re.escape(words(lang, "Choose what the paper is.")), papers)
    assert re.search(r'id="e-file">.*?' + re.escape(words(lang, "Choose a file (PDF, PNG or JPEG).")), papers)
    too_long = words(lang, "This is too long: at most {max_length} characters.", max_length=500)
    assert re.search(r'id="e-note">.*?' + re.escape(too_long), papers)
    assert 'value="' + "x" * 501 + '"' in papers  # the note as typed


@pytest.mark.parametrize("lang", LANGS)
async def test_a_place_not_accepted_is_said_in_words_on_the_form(portal_as, lang):
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/applications/a1")
    p.apps.refusal = problem(409, "papers.not_accepted", "application_id", "the applicant has not accepted the place")
    p.apps.host_status = "declined"  # the applicant declined meanwhile
    r = await p.client.post(
        "/host/applications/a1/papers",
        data={"csrf": csrf_of(page.text), "kind": "admission_letter"},
        files={"file": ("letter.pdf", LETTER, "application/pdf")},
    )
    assert r.status_code == 409
    said = words(
        lang,
        "The applicant has not accepted the place, or no longer holds it: papers are issued only for an accepted place.",
    )
    papers = section(r.text)
    assert re.search(r'id="e-paper" role="alert">.*?' + re.escape(said), papers)
    assert "the applicant has not accepted the place" not in r.text and "Request refused" not in r.text


@pytest.mark.parametrize("lang", LANGS)
async def test_a_file_the_service_finds_too_large_or_not_a_pdf_is_said_at_the_file(portal_as, lang):
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/applications/a1")
    post = {"csrf": csrf_of(page.text), "kind": "visa_form", "note": "stamped"}
    p.apps.refusal = problem(413, "document.too_large", "file", "larger than 10485760 bytes", limit=10485760)
    r = await p.client.post(
        "/host/applications/a1/papers", data=post, files={"file": ("big.pdf", LETTER, "application/pdf")}
    )
    assert r.status_code == 413
    too_large = words(lang, "The file is too large (at most {max_mb} MB).", max_mb="10")
    assert re.search(r'id="e-file">.*?' + re.escape(too_large), section(r.text))
    assert 'value="stamped"' in r.text and '<option value="visa_form" selected>' in r.text  # kept
    p.apps.refusal = problem(415, "document.unsupported_type", "file", "not a PDF, PNG or JPEG")
    r = await p.client.post(
        "/host/applications/a1/papers", data=post, files={"file": ("notes.pdf", b"plain text", "application/pdf")}
    )
    assert r.status_code == 415
    unsupported = "This file is not really a PDF, PNG or JPEG file, whatever its name says. Save or scan it again as one of those."  # fmt: skip
    assert re.search(r'id="e-file">.*?' + re.escape(words(lang, unsupported)), section(r.text))


async def test_a_paper_over_the_body_limit_leads_back_to_the_form_with_the_error_at_the_file(portal_as):
    from services.portal.app.middleware import UPLOAD_LIMIT, UPLOAD_ROUTES
    from shared.limits import BodyLimit

    limits = BodyLimit(app=None, default=1024, routes=UPLOAD_ROUTES)  # type: ignore[arg-type]
    assert limits.limits_for("POST", "/host/applications/a1/papers")[0] == UPLOAD_LIMIT  # not the 1 MiB of forms
    p = await portal_as("partner", "ru")
    page = await p.client.get("/host/applications/a1")
    r = await p.client.post(
        "/host/applications/a1/papers",
        data={"csrf": csrf_of(page.text), "kind": "visa_form"},
        files={"file": ("big.pdf", b"x" * (11 * 1024 * 1024), "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/host/applications/a1?refused=too_large#papers"
    assert p.apps.posted == []
    page = await p.client.get(r.headers["location"])
    too_large = words("ru", "The file is too large (at most {max_mb} MB).", max_mb="10")
    assert re.search(r'id="e-file">.*?' + re.escape(too_large), section(page.text))


async def test_the_host_downloads_a_paper_passed_through(portal_as):
    p = await portal_as("partner")
    r = await p.client.get("/host/applications/a1/papers/p2/file")
    assert r.status_code == 200 and r.content == LETTER
    assert r.headers["content-type"] == "application/pdf" and "p2.pdf" in r.headers["content-disposition"]
    assert r.headers["x-content-type-options"] == "nosniff"
    r = await p.client.get("/host/applications/a1/papers/p9/file")
    assert r.status_code == 404 and 'id="papers"' in r.text  # the page again, not the service's body


@pytest.mark.parametrize("lang", LANGS)
async def test_an_accepted_admissions_card_links_to_issuing_papers(portal_as, lang):
    p = await portal_as("partner", lang)
    p.matching.admissions[0]["status"] = "accepted"
    page = await p.client.get("/host/admissions?status=accepted")
    assert page.status_code == 200
    link = re.search(r'<a href="/host/applications/a1#papers"[^>]*>([^<]*)</a>', page.text)
    assert link is not None and link.group(1) == words(lang, "Issue admission papers")
    p.matching.admissions[0]["status"] = "with_host"
    page = await p.client.get("/host/admissions")
    assert 'href="/host/applications/a1"' in page.text and "#papers" not in page.text


# --- the applicant ---------------------------------------------------------------------------------


async def applicant_with(portal_as, lang: str, status: str) -> Portal:
    p = await portal_as("applicant", lang)
    p.apps.application.update(status=status, offered_programme_id="p1" if status == "accepted" else None)
    return p


@pytest.mark.parametrize("lang", LANGS)
async def test_the_applicant_sees_the_current_papers_and_downloads_one(portal_as, lang):
    p = await applicant_with(portal_as, lang, "accepted")
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200
    papers = section(page.text)
    assert words(lang, "Your admission papers") in papers
    assert 'href="/applications/a1/papers/p2/file"' in papers and 'href="/applications/a1/papers/p3/file"' in papers
    assert "/papers/p1/" not in papers  # replaced: the service lists only the current ones
    assert "<bdi>p3-visa_form.pdf</bdi>" in papers
    assert words(lang, "paper:admission_letter") in papers and words(lang, "paper:visa_form") in papers
    assert words(lang, "Issued on") in papers
    assert str(escape(format_moment(lang, "2027-06-02T09:30:00+00:00"))) in papers
    assert "Bring the original to registration." in papers
    r = await p.client.get("/applications/a1/papers/p2/file")
    assert r.status_code == 200 and r.content == LETTER
    assert r.headers["content-type"] == "application/pdf" and "p2.pdf" in r.headers["content-disposition"]
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("lang", LANGS)
async def test_before_any_paper_the_applicant_is_told_where_they_come(portal_as, lang):
    p = await applicant_with(portal_as, lang, "accepted")
    p.apps.papers = []
    page = await p.client.get("/applications/a1")
    said = "The host institution will issue your admission papers here; you will be told by e-mail."
    assert words(lang, said) in section(page.text)


@pytest.mark.parametrize("status", ["submitted", "offered", "declined"])
async def test_the_page_of_an_application_not_accepted_does_not_read_papers(portal_as, status):
    p = await applicant_with(portal_as, "en", status)
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200
    assert not any("/papers" in path for path in p.apps.paths)
    assert 'id="papers"' not in page.text


async def test_papers_that_cannot_be_read_leave_the_page_without_them(portal_as):
    p = await applicant_with(portal_as, "ur", "accepted")
    p.apps.papers_down = True
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200 and 'id="papers"' not in page.text and 'id="offer-title"' in page.text
    p.apps.papers_down = False
    real = p.apps.__call__

    def no_papers(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/applications/a1/papers":
            return problem(404, "not_found", "request", "Not Found")
        return real(request)

    p.client._transport.app.state.services.applications.http = httpx.AsyncClient(  # type: ignore[attr-defined]
        transport=httpx.MockTransport(no_papers), base_url="http://a"
    )
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200 and 'id="papers"' not in page.text


async def test_a_paper_the_applicant_cannot_have_now_is_said_on_the_page(portal_as):
    p = await applicant_with(portal_as, "zh", "accepted")
    r = await p.client.get("/applications/a1/papers/p1/file", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/applications/a1#papers"
    page = await p.client.get("/applications/a1")
    said = "This paper cannot be opened now: the list below shows the current papers."
    assert words("zh", said) in page.text
