"""The officer's application page (issue 16) over fake services: every part on one page (the
profile, documents previewed in the page, letters, scores and reviewers, the interview, the
matching reasons and the journal), read at once; in every language; refused out of scope;
and the document preview served inline with safe headers to those in scope only."""

from __future__ import annotations

import asyncio
import base64
import json
import re

import httpx
import pytest

from services.portal.app import create_app
from services.portal.domain.application_page import documents_by_kind, merged_journal, preview_kind
from services.portal.i18n import CATALOGS
from services.portal.settings import Settings
from tests.unit.portal.test_pages_with_fake_services import CYCLE, csrf_of, problem, token_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

APPLICATION = {
    "id": "a1",
    "applicant_id": "u9",
    "cycle_id": "c1",
    "scheme_id": "sco",
    "applicant_type": "student",
    "sending_country": "KZ",
    "choices": ["p1", "p2"],
    "grade": 88.5,
    "language_certificates": [{"kind": "HSK", "level": 5}],
    "statement": "I want to build railways.",
    "status": "submitted",
    "match_id": None,
    "offered_programme_id": None,
    "home_institution_id": "kaznu",
    "home_institution_name": "Al-Farabi Kazakh National University",
    "endorsement": {"state": "endorsed", "reason": None, "cohort": "Luban 2026", "institution": "KazNU", "version": 1},
    "nomination": None,
    "admission": None,
    "created_at": "2026-10-01T10:00:00+00:00",
    "updated_at": "2026-10-02T10:00:00+00:00",
    "submitted_at": "2026-10-02T10:00:00+00:00",
    "history": [],
    "applicant_name": "Aigerim Sarsenova",
    "home_institution": "KazNU",
    "date_of_birth": "2004-03-09",
}


def document(id_: str, kind: str, content_type: str, version: int = 1, **more) -> dict:
    return {
        "id": id_,
        "application_id": "a1",
        "kind": kind,
        "original_name": f"{kind}.bin",
        "content_type": content_type,
        "size": 100,
        "sha256": "0" * 64,
        "created_at": "2026-10-01T10:00:00+00:00",
        "version": version,
        "replaces": None,
        "superseded": False,
        "state": "pending",
        "rejection_reason": None,
        "rejection_note": None,
        "due_on": None,
        "task_open": False,
        "reviewed_by": None,
        "reviewed_by_name": None,
        "reviewed_at": None,
        **more,
    }


DOCUMENTS = [
    document("dold", "passport", "application/pdf", 1, superseded=True, state="rejected", rejection_reason="illegible"),
    document("dpdf", "passport", "application/pdf", 2, replaces="dold", state="verified", reviewed_by_name="Officer Li",
             reviewed_by="o1", reviewed_at="2026-10-03T09:00:00+00:00"),
    document("dpng", "photo", "image/png"),
    document("dsvg", "transcript", "image/svg+xml"),
]  # fmt: skip
LETTERS = [
    {"id": "r1", "name": "Prof. Nurlan", "email": "n@kaznu.kz", "position": "professor", "institution": "KazNU",
     "relationship": "supervisor", "state": "submitted", "answered_at": "2026-10-04T10:00:00+00:00", "letter": "file"},
    {"id": "r2", "name": "Dr. Asel", "email": "a@kaznu.kz", "position": "associate_professor", "institution": "KazNU",
     "relationship": "teacher", "state": "requested", "answered_at": None, "letter": None},
]  # fmt: skip
APPLICATIONS_JOURNAL = {
    "items": [
        {"id": 1, "at": "2026-10-03T09:00:00+00:00", "actor": "o1", "actor_name": "Officer Li",
         "action": "document.verified", "scheme_id": "sco", "cycle_id": "c1", "application_id": "a1",
         "subject": "document:dpdf", "before": {"state": "pending"}, "after": {"state": "verified"}, "reason": ""},
    ],
    "total": 1,
}  # fmt: skip
MATCHING_JOURNAL = {
    "items": [
        {"id": 7, "at": "2026-10-05T12:00:00Z", "actor": "rv1", "actor_name": "Reviewer Wang",
         "action": "review.scored", "scheme_id": "sco", "cycle_id": "c1", "application_id": "a1",
         "subject": "assignment:x", "before": None, "after": {"composite": 81.0}, "reason": "", "withheld": False},
    ],
    "total": 1,
}  # fmt: skip
REVIEWS = {
    "application_id": "a1",
    "cycle_id": "c1",
    "name": "Aigerim Sarsenova",
    "nationality": "KZ",
    "home_institution": "KazNU",
    "choices": ["p1", "p2"],
    "grade": 88.5,
    "scoresheet": None,
    "my_assignment_id": None,
    "reviews": [
        {"assignment_id": "x", "reviewer_id": "rv1", "reviewer_name": "Reviewer Wang", "active": True,
         "submitted": True, "hidden": False, "composite": 81.0, "scores": None, "history": []},
        {"assignment_id": "y", "reviewer_id": "rv2", "reviewer_name": "Reviewer Petrov", "active": True,
         "submitted": True, "hidden": False, "composite": 59.5, "scores": None, "history": []},
    ],
    "composite": 70.25,
    "spread": 21.5,
    "flagged": True,
}  # fmt: skip
POOL_ENTRY = {"application_id": "a1", "cycle_id": "c1", "priority_score": 79.375, "interview_score": 7.5}
OUTCOME = {
    "application_id": "a1",
    "cycle_id": "c1",
    "round_id": "r1",
    "round_number": 2,
    "finished_at": "2026-11-01T08:00:00Z",
    "status": "matched",
    "programme_id": "p2",
    "choices": [
        {"rank": 1, "programme_id": "p1", "result": "not_placed", "waitlist_position": None,
         "reasons": [{"programme_id": "p1", "kind": "programme_full", "reason": "programme full",
                      "code": "round.programme_full", "params": {"lowest": 90, "yours": 79.38}}]},
        {"rank": 2, "programme_id": "p2", "result": "placed", "waitlist_position": None, "reasons": []},
    ],
}  # fmt: skip
INVITATIONS = [
    {"application_id": "other", "applicant_id": "u2", "cycle_id": "c1", "invited_at": "2026-10-06T10:00:00Z",
     "sequence": 0, "slot": None},
    {"application_id": "a1", "applicant_id": "u9", "cycle_id": "c1", "name": "Aigerim", "invited_at": "2026-10-06T10:00:00Z",
     "sequence": 1, "attendance": "attended", "score": 7.5,
     "slot": {"id": "s1", "cycle_id": "c1", "starts_at": "2026-11-03T02:00:00Z", "local_start": "2026-11-03T10:00:00+08:00",
              "duration_minutes": 30, "time_zone": "Asia/Shanghai", "place": "Room 301", "capacity": 1}},
]  # fmt: skip
PROGRAMMES = [
    {"id": "p1", "cycle_id": "c1", "title": "Clinical Medicine", "host_institution_id": "xjmu"},
    {"id": "p2", "cycle_id": "c1", "title": "Rail Transport", "host_institution_id": "lzu"},
]
# the catalog's institutions, each with its name in Chinese (a host's read names one by id)
INSTITUTIONS = [{"id": "xju", "name": "Xinjiang University", "country": "CN", "translations": {"zh": "新疆大学"}}]
STAFF = ("officer", "admin")


def role_of(request: httpx.Request) -> str:
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    if not token:
        return ""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["role"]


class Services:
    """The applications and matching routes the page reads. a1 is in the caller's scope; a2 is
    not (404, as the services answer); a3 is refused outright (403). The committee's parts are
    staff's (a nominating authority gets 403). Each call waits a moment and the peak number of
    calls in flight is kept (the parts are asked for at once)."""

    def __init__(self, role: str = "officer"):
        self.role = role
        self.in_flight = 0
        self.peak = 0
        self.paths: list[str] = []

    async def _timed(self, response: httpx.Response) -> httpx.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(0.02)
        self.in_flight -= 1
        return response

    async def applications(self, request: httpx.Request) -> httpx.Response:
        path, role = request.url.path, role_of(request)
        self.paths.append(path)
        if path == "/auth/token":
            return httpx.Response(200, json={"access_token": token_for(self.role), "role": self.role})
        if path.startswith(("/officer/applications/a2", "/officer/applications/dx")):
            return problem(404, "application.not_found", "application_id", "not in your scope")
        if path.startswith("/officer/applications/a3"):
            return problem(403, "scope.outside", "application_id", "outside your scope")
        answers = {
            "/officer/applications": {"items": [APPLICATION], "total": 1, "offset": 0, "limit": 50},
            "/officer/applications/a1": APPLICATION,
            "/officer/applications/a1/documents": DOCUMENTS,
            "/officer/applications/a1/referees": LETTERS,
        }
        if path in answers:
            return await self._timed(httpx.Response(200, json=answers[path]))
        if path == "/officer/applications/a1/journal":
            if role not in STAFF:
                return problem(403, "auth.forbidden", "role", "staff only")
            return await self._timed(httpx.Response(200, json=APPLICATIONS_JOURNAL))
        files = {
            "dpdf": (PDF, "application/pdf"),
            "dpng": (PNG, "image/png"),
            "dsvg": (b"<svg onload='alert(1)'/>", "image/svg+xml"),
        }
        if path == "/officer/applications/a1/referees/r3/letter":  # a letter written in the form
            text = "Aigerim is the ablest student of her year.\n<b>With my strongest recommendation.</b>"
            return httpx.Response(200, content=text.encode(), headers={"content-type": "text/plain; charset=utf-8"})
        for doc_id, (content, media_type) in files.items():
            if path == f"/officer/applications/a1/documents/{doc_id}":
                headers = {"content-type": media_type, "content-disposition": 'attachment; filename="x"'}
                return httpx.Response(200, content=content, headers=headers)
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})

    async def matching(self, request: httpx.Request) -> httpx.Response:
        path, role = request.url.path, role_of(request)
        self.paths.append(path)
        if path == "/programmes":
            return httpx.Response(200, json={"items": PROGRAMMES, "total": 2})
        if path == "/institutions":
            return httpx.Response(200, json={"items": INSTITUTIONS, "total": 1})
        if path == "/cycles/c1":
            return httpx.Response(200, json=CYCLE)
        if path == "/cycles":
            return httpx.Response(200, json={"items": [CYCLE], "total": 1})
        staff_only = {
            "/pool/applications/a1/reviews": REVIEWS,
            "/pool/applications/a1": POOL_ENTRY,
            "/pool/applications/a1/outcome": OUTCOME,
            "/journal": MATCHING_JOURNAL,
            "/cycles/c1/interviews": INVITATIONS,
        }
        if path in staff_only:
            if role not in STAFF:
                return problem(403, "auth.forbidden", "role", "staff only")
            return await self._timed(httpx.Response(200, json=staff_only[path]))
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


async def _portal(role: str):
    fake = Services(role)
    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(
            transport=httpx.MockTransport(fake.applications), base_url="http://a"
        )
        await services.matching.http.aclose()
        services.matching.http = httpx.AsyncClient(transport=httpx.MockTransport(fake.matching), base_url="http://m")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            page = await client.get("/login")
            form = {"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12}
            assert (await client.post("/login", data=form)).status_code == 303
            client.fake = fake  # type: ignore[attr-defined]
            yield client


@pytest.fixture
async def officer():
    async for client in _portal("officer"):
        yield client


@pytest.fixture
async def nominator():
    async for client in _portal("nominator"):
        yield client


@pytest.fixture
async def applicant():
    async for client in _portal("applicant"):
        yield client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def section(html: str, id_: str) -> str:
    found = re.search(rf'<section aria-labelledby="{id_}-title" id="{id_}".*?</section>', html, re.S)
    assert found, f"no section {id_}"
    return found.group(0)


async def test_the_page_gathers_every_part_of_the_application(officer):
    page = await officer.get("/officer/applications/a1")
    assert page.status_code == 200, page.text
    html = page.text
    profile = text_of(section(html, "profile"))
    for shown in ("Aigerim Sarsenova", "Kazakhstan", "Al-Farabi Kazakh National University", "student", "88.5",
                  "HSK 5", "endorsed", "Luban 2026", "Clinical Medicine", "Rail Transport", "9 Mar 2004"):  # fmt: skip
        assert shown in profile, shown
    assert 'class="badge badge-submitted"' in html
    # documents: the newest version of each, previewed in the page; the earlier one listed
    docs = section(html, "documents")
    assert '<iframe class="document-frame" src="/officer/applications/a1/documents/dpdf/preview"' in docs
    assert re.search(r'<iframe [^>]*title="Preview of passport[^"]*version 2"', docs)
    assert '<img class="document-image" src="/officer/applications/a1/documents/dpng/preview" alt="Preview of' in docs
    assert "dsvg/preview" not in docs and "No preview for this file" in docs  # an SVG is never shown inline
    assert "verified" in text_of(docs) and "Officer Li" in docs
    assert "Earlier versions" in docs and "/documents/dold/preview" in docs
    assert docs.count('class="preview doc-') == 3
    # letters: each state; the letter to read where there is one
    letters = section(html, "letters")
    assert 'href="/officer/applications/a1/referees/r1/letter"' in letters
    assert "/referees/r2/letter" not in letters and "Prof. Nurlan" in letters and "Dr. Asel" in letters
    # scores and reviewers
    scores = text_of(section(html, "scores"))
    assert "70.25" in scores and "21.5" in scores and "Flagged for moderation" in scores
    assert "Reviewer Wang 81.0" in scores and "Reviewer Petrov 59.5" in scores and "79.38" in scores
    # the interview, at the host's wall clock
    interview = text_of(section(html, "interview"))
    assert "2026-11-03 10:00 (UTC+08:00)" in interview and "Room 301" in interview
    assert "attended" in interview and "7.5" in interview
    # why each choice was or was not placed, worded by code
    reasons = section(html, "reasons")
    first = text_of(re.search(r'<tr id="choice-1".*?</tr>', reasons, re.S).group(0))
    assert "Clinical Medicine" in first and "not placed" in first and "90" in first and "79.38" in first
    second = text_of(re.search(r'<tr id="choice-2".*?</tr>', reasons, re.S).group(0))
    assert "Rail Transport" in second and "placed here" in second
    assert "Round 2" in text_of(reasons)
    # the journal of both services, newest first
    journal = re.findall(r"<tr>\s*<td data-label=\"When\">.*?</tr>", section(html, "journal"), re.S)
    assert ["scores submitted" in text_of(journal[0]), "document verified" in text_of(journal[1])] == [True, True]
    # messages: only a link to the page that holds them
    assert '<a href="/officer/applications/a1/messages" id="messages-link">Messages to the applicant</a>' in html
    assert 'href="/officer/committee/applications/a1"' in html


async def test_the_documents_and_letters_pages_lead_to_the_whole_application(officer):
    for address in ("/officer/applications/a1/documents", "/officer/applications/a1/referees"):
        page = await officer.get(address)
        assert page.status_code == 200, (address, page.text)
        assert '<a href="/officer/applications/a1" id="full-page-link">Full application page</a>' in page.text
    listing = await officer.get("/officer/applications")
    assert listing.status_code == 200, listing.text
    assert (
        '<a href="/officer/applications/a1" id="full-a1">Full application page<span class="visually-hidden">'
        in listing.text
    )


async def test_a_written_letter_reads_as_a_page_naming_its_referee_and_applicant(officer):
    """ "Read the letter" downloaded letter-xxxx.txt: the text alone, no referee, no applicant."""
    LETTERS.append({**LETTERS[0], "id": "r3", "name": "Prof. Sarsen", "letter": "text"})
    try:
        page = await officer.get("/officer/applications/a1/referees/r3/letter")
    finally:
        LETTERS.pop()
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    referee = re.search(r'<dl class="facts" id="letter-referee">(.*?)</dl>', page.text, re.S).group(1)
    assert "Prof. Sarsen" in referee and "KazNU" in referee and "supervisor" in referee
    assert "Aigerim Sarsenova" in page.text  # whose application
    text = re.search(r'<div class="letter-text" id="letter-text" dir="auto">(.*?)</div>', page.text, re.S).group(1)
    assert "ablest student of her year.\n&lt;b&gt;With my strongest" in text  # as written, escaped
    download = await officer.get("/officer/applications/a1/referees/r3/letter?download=1")
    assert download.headers["content-type"].startswith("text/plain")
    assert download.headers["content-disposition"] == 'attachment; filename="letter-r3.txt"'


async def test_the_parts_are_asked_for_at_once(officer):
    officer.fake.peak = 0
    assert (await officer.get("/officer/applications/a1")).status_code == 200
    # the application, documents, letters, both journals, reviews, pool entry and outcome together
    assert officer.fake.peak >= 8


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ur", ("انتخاب کی وجوہات", "درخواست دہندہ کے لیے پیغامات", "یہاں منتخب", "دستاویز کی تصدیق ہوئی")),
        ("zh", ("匹配原因", "给申请人的消息", "录取于此", "材料已核验")),
        ("ru", ("Причины распределения", "Сообщения заявителю", "распределён(а) сюда", "документ проверен")),
    ],
)
async def test_the_page_in_every_language(officer, lang, words):
    await officer.get(f"/language/{lang}?next=/officer")
    page = await officer.get("/officer/applications/a1")
    assert page.status_code == 200
    assert re.search(rf'<html lang="{lang}" dir="{"rtl" if lang == "ur" else "ltr"}"', page.text)
    for word in words:
        assert word in page.text, word
    for english in ("Matching reasons", "Messages to the applicant", "placed here", "Earlier versions", "Profile"):
        assert english not in text_of(page.text), english
    # the date of birth in the reader's form, as every other date (it read 2004-03-09)
    born = re.search(r'<dd id="date-of-birth"><time datetime="2004-03-09">(.*?)</time>', page.text).group(1)
    assert born != "2004-03-09" and "2004" in born


async def test_the_page_is_labelled_for_assistive_technology(officer):
    html = (await officer.get("/officer/applications/a1")).text
    assert re.findall(r"<iframe(?![^>]*title=\")[^>]*>", html) == []
    assert re.findall(r"<img(?![^>]*alt=\")[^>]*>", html) == []
    assert re.findall(r"<th(?=[\s>])(?![^>]*scope=)[^>]*>", html) == []
    assert re.findall(r"<(?:input|select|textarea)(?![^>]*type=\"hidden\")[^>]*>", html) == []
    headings = re.findall(r"<h2 id=\"([a-z]+)-title\"", html)
    assert headings == ["profile", "documents", "letters", "scores", "interview", "reasons", "journal"]


@pytest.mark.parametrize(("application_id", "status"), [("a2", 404), ("a3", 403)])
async def test_an_application_out_of_scope_is_the_error_page(officer, application_id, status):
    page = await officer.get(f"/officer/applications/{application_id}")
    assert page.status_code == status
    title = "Not found" if status == 404 else "Not allowed"
    assert f"<h1>{title}</h1>" in page.text and 'class="error-box" role="alert"' in page.text
    assert "Traceback" not in page.text and "Sarsenova" not in page.text


async def test_an_address_that_is_no_id_asks_no_service(officer):
    before = len(officer.fake.paths)
    for address in ("/officer/applications/a1.json", "/officer/applications/a1/documents/..x/preview"):
        page = await officer.get(address)
        assert page.status_code == 404 and "<h1>Not found</h1>" in page.text, address
    assert officer.fake.paths[before:] == []


async def test_an_applicant_and_a_visitor_are_refused(applicant):
    page = await applicant.get("/officer/applications/a1")
    assert page.status_code == 403 and "not available to your account" in page.text
    assert (await applicant.get("/officer/applications/a1/documents/dpdf/preview")).status_code == 403
    applicant.cookies.clear()
    r = await applicant.get("/officer/applications/a1")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


async def test_a_nominating_authority_reads_the_application_without_the_committees_parts(nominator):
    page = await nominator.get("/officer/applications/a1")
    assert page.status_code == 200, page.text
    assert "Aigerim Sarsenova" in page.text and "dpdf/preview" in page.text and "/referees/r1/letter" in page.text
    for part in ('id="scores"', 'id="reasons"', 'id="interview"', 'id="journal"'):
        assert part not in page.text, part
    assert 'href="/nominations"' in page.text


async def test_a_pdf_is_previewed_inline_with_safe_headers(officer):
    r = await officer.get("/officer/applications/a1/documents/dpdf/preview")
    assert r.status_code == 200 and r.content == PDF
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == 'inline; filename="document-dpdf.pdf"'
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "SAMEORIGIN"
    policy = r.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "default-src 'none'" in policy and "script-src" not in policy
    assert "no-store" in r.headers["cache-control"]
    image = await officer.get("/officer/applications/a1/documents/dpng/preview")
    assert image.headers["content-type"] == "image/png" and image.headers["content-disposition"].startswith("inline")
    assert "sandbox" in image.headers["content-security-policy"]


async def test_a_file_that_is_not_previewable_stays_a_download_and_a_refusal_is_the_error_page(officer):
    svg = await officer.get("/officer/applications/a1/documents/dsvg/preview")
    assert svg.headers["content-type"] == "application/octet-stream"
    assert svg.headers["content-disposition"] == "attachment" and svg.headers["x-content-type-options"] == "nosniff"
    refused = await officer.get("/officer/applications/a2/documents/dpdf/preview")
    assert refused.status_code == 404 and "text/html" in refused.headers["content-type"]
    assert "Not found" in refused.text and PDF.decode()[:8] not in refused.text
    # the portal's own pages are still never framed
    assert (await officer.get("/officer/applications/a1")).headers["x-frame-options"] == "DENY"


def test_what_is_previewed_and_how():
    assert preview_kind("application/pdf") == "frame"
    assert preview_kind("image/jpeg; charset=binary") == "image"
    assert [preview_kind(t) for t in ("image/svg+xml", "text/html", None)] == [None, None, None]


def test_each_document_comes_with_its_earlier_versions():
    grouped = documents_by_kind(DOCUMENTS)
    assert [(d["id"], [o["id"] for o in older]) for d, older in grouped] == [
        ("dpdf", ["dold"]),
        ("dpng", []),
        ("dsvg", []),
    ]


def test_the_journals_merge_newest_first_and_either_may_be_missing():
    merged = merged_journal(APPLICATIONS_JOURNAL, None, MATCHING_JOURNAL)
    assert [e["action"] for e in merged] == ["review.scored", "document.verified"]
    assert merged_journal(None, None) == []


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_value_word_of_the_page_is_translated(lang):
    keys = [f"choice:{r}" for r in ("placed", "waitlisted", "not_placed", "below_placement", "undecided")]
    keys += [f"outcome:{s}" for s in ("matched", "waitlisted", "unmatched", "fixed", "withdrawn")]
    from services.applications.domain.journal import Action

    keys += [f"journal:{a.value}" for a in Action]
    assert [k for k in keys if not CATALOGS[lang].get(k) or not CATALOGS["en"].get(k)] == []


@pytest.mark.parametrize(
    ("status", "tag"), [("offered", "offered"), ("accepted", "accepted"), ("declined", "declined")]
)
async def test_the_offered_choice_is_tagged_as_the_applicant_answered(officer, monkeypatch, status, tag):
    monkeypatch.setitem(APPLICATION, "status", status)
    monkeypatch.setitem(APPLICATION, "offered_programme_id", "p1")
    page = await officer.get("/officer/applications/a1")
    tags = re.findall(r'<span class="tag">([^<]*)</span>', section(page.text, "profile"))
    assert tags == [tag]


@pytest.mark.parametrize(("name", "who"), [("Aigerim Sarsenova", "Aigerim Sarsenova"), (None, "the applicant")])
async def test_the_applicants_own_journal_entry_names_them_not_their_user_id(officer, monkeypatch, name, who):
    consent = {
        **APPLICATIONS_JOURNAL["items"][0],
        "id": 2,
        "actor": "u9",
        "actor_name": None,
        "action": "consent.changed",
    }
    monkeypatch.setitem(APPLICATIONS_JOURNAL, "items", [consent])
    monkeypatch.setitem(APPLICATION, "applicant_name", name)
    page = await officer.get("/officer/applications/a1")
    cells = re.findall(r'data-label="Who"><bdi>([^<]*)</bdi>', page.text)
    assert who in cells and "u9" not in cells


def _entry(id_: int, action: str, before, after, **more) -> dict:
    return {"id": id_, "at": f"2026-10-0{id_}T09:00:00+00:00", "actor": "o1", "actor_name": "Officer Li",
            "action": action, "scheme_id": "sco", "cycle_id": "c1", "application_id": "a1",
            "subject": "s", "before": before, "after": after, "reason": "", **more}  # fmt: skip


async def test_the_applications_journal_reads_in_the_readers_words(officer, monkeypatch):
    """In Chinese the page showed "状态：pending → verified", "类型：non_criminal_record",
    "institution id：xju" and "host identity：否": codes and English field names."""
    checked = _entry(
        1,
        "document.verified",
        {"state": "pending"},
        {"state": "verified", "kind": "non_criminal_record", "version": 1, "due_on": "2026-11-30"},
    )
    consent = {
        **_entry(
            2,
            "consent.set",
            {"host_identity": False, "host_documents": False},
            {"host_identity": True, "host_documents": False},
        ),
        "actor": "u9",
        "actor_name": "",
    }
    read = {**_entry(3, "identity.read", None, {"institution_id": "xju"}), "actor_name": "XJU admissions"}
    answered = {
        **_entry(4, "offer.accepted", {"status": "offered"}, {"status": "accepted", "programme_id": "p1"}),
        "actor": "u9",
        "actor_name": "",
    }
    # the same answer as the matching service journaled it (the match's status): shown once
    as_matched = {
        **answered,
        "id": 40,
        "at": "2026-10-04T09:00:01+00:00",
        "actor_name": "Aigerim Sarsenova",
        "before": {"status": "approved"},
        "after": {"status": "accepted", "programme_id": "p1"},
    }
    monkeypatch.setitem(APPLICATIONS_JOURNAL, "items", [answered, read, consent, checked])
    monkeypatch.setitem(MATCHING_JOURNAL, "items", [as_matched])  # fmt: skip
    await officer.get("/language/zh?next=/officer/applications/a1")
    html = section((await officer.get("/officer/applications/a1")).text, "journal")
    rows = [text_of(r) for r in re.findall(r"<tr>\s*<td data-label=.*?</tr>", html, re.S)]
    assert len(rows) == 4, rows
    answer, host, given, document = rows
    assert re.search(r"状态：\s*已核验", document) and re.search(r"状态：\s*待审核", document)
    assert re.search(r"类型：\s*无犯罪记录证明", document) and re.search(r"截止日期：\s*2026年11月30日", document)
    assert re.search(r"院校：\s*新疆大学", host)
    assert re.search(r"接收院校可查看身份信息：\s*是", given) and "Aigerim Sarsenova" in given
    assert re.search(r"项目：\s*Clinical Medicine", answer) and "已接受录取" in answer
    everything = " ".join(rows)
    for code in ("pending", "verified", "non_criminal_record", "xju", "host identity", "institution id", "p1", "u9"):
        assert code not in everything, code


def test_an_answer_to_an_offer_journaled_by_both_services_is_merged_once():
    answered = {"id": 4, "at": "2026-10-04T09:00:00Z", "action": "offer.declined", "application_id": "a1"}
    as_matched = {**answered, "id": 40, "at": "2026-10-04T09:00:01Z"}
    other = {**as_matched, "application_id": "a2"}
    merged = merged_journal({"items": [answered]}, {"items": [as_matched, other]})
    assert [(e["id"], e["application_id"]) for e in merged] == [(40, "a2"), (4, "a1")]


async def test_the_page_gives_the_passports_latin_letters_beside_a_name_in_another_script(officer, monkeypatch):
    monkeypatch.setitem(APPLICATION, "applicant_name", "بلال احمد")
    monkeypatch.setitem(APPLICATION, "passport_name", "BILAL AHMED")
    page = await officer.get("/officer/applications/a1")
    title = page.text.split('id="application-title">')[1].split("</h1>")[0]
    assert '<bdi dir="ltr" class="passport-name">(BILAL AHMED)</bdi>' in title


async def test_a_closed_accounts_application_says_so_instead_of_empty_documents_and_letters(officer):
    APPLICATION["applicant_closed_at"] = "2026-12-06T12:00:00+00:00"
    try:
        page = await officer.get("/officer/applications/a1")
    finally:
        del APPLICATION["applicant_closed_at"]
    assert page.status_code == 200 and 'id="applicant-closed"' in page.text and "&lt;time" not in page.text
    docs, letters = section(page.text, "documents"), section(page.text, "letters")
    assert 'id="documents-erased"' in docs and "/preview" not in docs and "documents-review-link" not in docs
    assert 'id="letters-erased"' in letters and "/letter" not in letters
