"""Portal pages over fake services (httpx.MockTransport): a refusal is shown by its code in
the reader's language, and the document form offers and forwards every kind of the contract."""

from __future__ import annotations

import base64
import contextlib
import html
import json
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import httpx
import pytest
from babel.lists import format_list

from services.portal.app import create_app
from services.portal.domain.problems import BY_CODE
from services.portal.i18n import format_number, language_name, locale_of, translate
from services.portal.settings import Settings
from shared.events.catalog import DocumentKind

APPLICATION = {
    "id": "a1",
    "cycle_id": "c1",
    "status": "draft",
    "choices": ["p1"],
    "grade": None,
    "statement": "",
    "language_certificates": [],
    "history": [],
    "offered_programme_id": None,
}
CYCLE = {
    "id": "c1",
    "scheme_id": "sco",
    "name": "SCO 2026/27",
    "window": "open",
    "closes_at": "2026-12-01T00:00:00+00:00",
    "max_choices": 3,
}
PROGRAMME = {
    "id": "p1",
    "cycle_id": "c1",
    "title": "Clinical Medicine (MMed)",
    "host_institution_name": "XJMU",
    "host_country": "CN",
    "field": "international-relations",
    "level": "master",
    "language": "en",
    "seats": 1,
    "applicant_type": "student",
    "requirements": {
        "min_grade": None,
        "language_certificate": None,
        "min_language_level": None,
        "max_age": None,
        "required_documents": ["non_criminal_record"],
    },
}
ME = {
    "id": "u1",
    "email": "a@b.org",
    "name": "Aigerim",
    "applicant_type": "student",
    "nationality": "KZ",
    "home_institution": "KazNU",
    "date_of_birth": "2003-04-05",
    "preferred_language": "en",
}


# GET /cycles/{id}/rounds/readiness of a cycle whose scores are complete (or that has none)
READY = {
    "ranked": 4,
    "components": ["grade"],
    "left_out": [],
    "without": {"interview": 4, "committee": 4},
    "reviews_asked": None,
    "short_of_reviews": 0,
    "incomplete": False,
}


def problem(status: int, code: str, field: str, reason: str, **context) -> httpx.Response:
    body = {
        "type": f"urn:corridor:problem:{code}",
        "title": "Refused",
        "status": status,
        "code": code,
        "detail": reason,
        "instance": "/",
        "errors": [{"field": field, "reason": reason, "code": code, **context}],
    }
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


def token_for(role: str, **scope: list[str]) -> str:
    body = {"sub": "u1", "role": role, "name": "Aigerim", **scope}
    claims = base64.urlsafe_b64encode(json.dumps(body).encode()).decode()
    return f"h.{claims.rstrip('=')}.s"


class FakeApplications:
    """Answers the applications service's routes the pages call; records what was posted."""

    def __init__(self):
        self.uploads: list[str] = []
        self.refuse_submit: httpx.Response | None = None
        self.refuse_answer: httpx.Response | None = None
        self.refuse_patch: httpx.Response | None = None  # PATCH /applications/a1 (else 404)
        self.application = dict(APPLICATION)
        self.eligibility = {"eligible": True, "choices": [{"programme_id": "p1", "eligible": True, "reasons": []}]}
        self.programmes = [PROGRAMME]
        self.me = dict(ME)
        self.calls: list[tuple[str, str, bytes]] = []
        self.requests: list[httpx.Request] = []
        self.role = "applicant"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        self.calls.append((method, str(request.url), request.content))
        self.requests.append(request)
        if (method, path) == ("POST", "/auth/token"):
            if getattr(self, "refuse_login", False):
                return problem(401, "auth.bad_credentials", "password", "wrong e-mail or password")
            token = token_for(self.role, **getattr(self, "scope", {}))
            return httpx.Response(200, json={"access_token": token, "role": self.role})
        if (method, path) == ("GET", "/me"):
            return httpx.Response(200, json=self.me)
        if (method, path) == ("PATCH", "/me"):
            self.me.update(json.loads(request.content))
            return httpx.Response(200, json=self.me)
        if (method, path) == ("POST", "/auth/register"):
            return problem(409, "account.email_taken", "email", "an account with this e-mail already exists")
        if (method, path) == ("GET", "/applications"):  # the applicant's own, newest first (none unless listed)
            listed = getattr(self, "listed", [])
            return httpx.Response(200, json={"items": listed, "total": len(listed), "offset": 0, "limit": 50})
        if (method, path) == ("GET", "/applications/a1"):
            return httpx.Response(200, json=self.application)
        if (method, path) == ("GET", "/applications/gone"):
            return problem(404, "application.not_found", "application_id", "no application gone")
        if (method, path) == ("GET", "/cycles/c1"):
            return httpx.Response(200, json=CYCLE)
        if (method, path) == ("GET", "/interviews/mine"):  # matching: the applicant's invitations
            return httpx.Response(200, json=getattr(self, "invitations", []))
        if (method, path) == ("GET", "/programmes"):
            self.programme_queries = [*getattr(self, "programme_queries", []), dict(request.url.params)]
            return httpx.Response(200, json={"items": self.programmes, "total": len(self.programmes)})
        if (method, path) == ("GET", "/programmes/p1"):
            return httpx.Response(200, json=PROGRAMME)
        if (method, path) == ("GET", "/cycles"):
            return httpx.Response(200, json={"items": [CYCLE], "total": 1})
        if (method, path) == ("GET", "/me/account"):  # any role's own account
            account = {
                "id": "u1",
                "name": "Aigerim",
                "email": "staff@corridor.example",
                "role": self.role,
                "schemes": getattr(self, "account_schemes", ["sco"]),
                "institutions": [],
                "countries": [],
                "preferred_language": getattr(self, "account_language", "en"),
            }
            return httpx.Response(200, json=account)
        if (method, path) == ("PATCH", "/me/account"):  # a staff or partner account's own language
            self.account_language = json.loads(request.content)["preferred_language"]
            return httpx.Response(200, json={})
        if (method, path) == ("POST", "/me/password"):  # any account, its own
            self.password_bodies = [*getattr(self, "password_bodies", []), json.loads(request.content)]
            return httpx.Response(200, json=getattr(self, "password_answer", {"access_token": "h.e30.s"}))
        if (method, path) == ("POST", "/applications/a1/withdraw"):
            was = self.application["status"]
            self.application["status"] = "withdrawn"
            history = [{"status": was}, {"status": "withdrawn"}]
            return httpx.Response(200, json={**self.application, "history": history})
        if method == "POST" and path.startswith("/applications/a1/offer/"):
            if self.refuse_answer is not None:
                return self.refuse_answer
            self.application["status"] = "accepted" if path.endswith("accept") else "declined"
            return httpx.Response(200, json=self.application)
        if (method, path) == ("GET", "/applications/a1/documents"):
            return httpx.Response(200, json=getattr(self, "documents", []))
        if (method, path) == ("GET", "/applications/a1/referees"):  # referee letters (issue 15): none named
            return httpx.Response(200, json=[])
        if (method, path) == ("GET", "/applications/a1/eligibility"):
            return httpx.Response(200, json=self.eligibility)
        if (method, path) == ("POST", "/applications/a1/documents"):
            fields = dict(re.findall(rb'name="([a-z_]+)"\r\n\r\n([^\r]*)', request.content))
            # a kind, or the version it replaces
            self.uploads.append((fields.get(b"kind") or fields[b"replaces"]).decode())
            return httpx.Response(201, json={"id": "d1"})
        if (method, path) == ("POST", "/applications/a1/submit"):
            return self.refuse_submit or httpx.Response(200, json=APPLICATION)
        if (method, path) == ("PATCH", "/applications/a1") and self.refuse_patch is not None:
            return self.refuse_patch
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


class FakeMatching:
    """The matching service's review routes; records the decisions posted."""

    def __init__(self):
        self.reviews: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (method, path) == ("POST", "/matches/review"):
            body = json.loads(request.content)
            self.reviews.append(body)
            rejected = sum(1 for d in body["decisions"] if d["decision"] == "reject")
            # under an admission stage an approved match waits for the host
            approved_as = getattr(self, "approved_as", "approved")
            matches = [
                {"id": d["match_id"], "status": approved_as if d["decision"] == "approve" else "rejected"}
                for d in body["decisions"]
            ]
            return httpx.Response(
                200, json={"approved": len(body["decisions"]) - rejected, "rejected": rejected, "matches": matches}
            )
        if (method, path) == ("GET", "/cycles/c1"):
            cycle = {**CYCLE, **getattr(self, "cycle_more", {}), "archived_at": getattr(self, "archived", None)}
            return httpx.Response(200, json=cycle)
        if (method, path) == ("GET", "/cycles"):  # in use or archived, as asked
            self.cycle_queries = [*getattr(self, "cycle_queries", []), dict(request.url.params)]
            archived = request.url.params.get("archived") == "true"
            items = [{**CYCLE, "archived_at": getattr(self, "archived", None)}]
            items = [c for c in items if (c["archived_at"] is not None) == archived]
            return httpx.Response(200, json={"items": items, "total": len(items)})
        if (method, path) == ("POST", "/cycles/c1/archive"):
            refusal = getattr(self, "archive_refusal", None)
            if refusal is not None:
                return refusal
            self.archived = "2026-12-06T10:00:00+00:00"
            return httpx.Response(200, json={**CYCLE, "archived_at": self.archived})
        if (method, path) == ("DELETE", "/cycles/c1/archive"):
            self.archived = None
            return httpx.Response(200, json={**CYCLE, "archived_at": None})
        if (method, path) == ("GET", "/schemes/sco"):
            return httpx.Response(200, json={"id": "sco", "path": getattr(self, "path", [])})
        if (method, path) == ("GET", "/cycles/c1/quota"):
            return httpx.Response(200, json=getattr(self, "quota", {"rules": [], "programmes": []}))
        if (method, path) == ("GET", "/matches"):
            match = {
                "id": "m1",
                "application_id": "a1" * 8,
                "programme_id": "p1",
                "rank": 1,
                "status": "proposed",
                "reasons": [],
                "review_reason": None,
            }
            return httpx.Response(200, json={"items": [match], "total": 1})
        if (method, path) == ("GET", "/cycles/c1/applications") and request.url.params.get("invited") == "false":
            self.candidate_queries = [*getattr(self, "candidate_queries", []), request.url.params]
            row = {"application_id": "a7", "applicant_name": "Dilnoza Karimova", "sending_country": "UZ"}
            items = [{**row, "grade": getattr(self, "candidate_grade", None), "status": "waitlisted"}]
            return httpx.Response(200, json={"items": items, "total": 501, "offset": 0, "limit": 500})
        if (method, path) == ("GET", "/cycles/c1/applications") and request.url.params.get("invited") == "true":
            # the invited out of the running (a place accepted since)
            ended = getattr(self, "invited_ended", [])
            return httpx.Response(200, json={"items": ended, "total": len(ended), "offset": 0, "limit": 500})
        if path == "/cycles/c1/interviews":
            return httpx.Response(200, json=getattr(self, "invitations", []))
        if path == "/cycles/c1/interview-slots":
            return httpx.Response(200, json=getattr(self, "slots", []))
        if method == "POST" and path.endswith("/booking/cancel"):  # the committee cancels a booking
            self.staff_cancelled = [*getattr(self, "staff_cancelled", []), (path, json.loads(request.content))]
            return httpx.Response(200, json={})
        if (method, path) == ("GET", "/cycles/c1/scoresheet"):
            return httpx.Response(404, json={"code": "not_found", "detail": "no scoresheet", "errors": []})
        if (method, path) == ("GET", "/cycles/c1/applications") and request.url.params.get("status") == "submitted":
            waiting = getattr(self, "unconsidered", 0)  # no round considered them (a reserve moved up since)
            return httpx.Response(200, json={"items": [], "total": waiting})
        if (method, path) == ("GET", "/cycles/c1/rounds/readiness"):  # what a round now would rank by
            return httpx.Response(200, json=getattr(self, "readiness", READY))
        if (method, path) == ("POST", "/cycles/c1/rounds"):
            self.started = [*getattr(self, "started", []), json.loads(request.content or b"{}")]
            self.start_keys = [*getattr(self, "start_keys", []), request.headers.get("idempotency-key")]
            refusal = getattr(self, "start_refusal", None)
            if refusal is not None and not json.loads(request.content or b"{}").get("incomplete_scores_ok"):
                return refusal
            return httpx.Response(202, json={"round_id": "r1", "cycle_id": "c1", "number": 1, "seed": 5})
        if (method, path) == ("GET", "/cycles/c1/rounds") and getattr(self, "rounds", None):
            return httpx.Response(200, json={"items": self.rounds, "total": len(self.rounds)})
        if (method, path) == ("GET", "/cycles/c1/pool") and getattr(self, "pool", None):
            wanted = request.url.params.get("status")
            entries = [e for e in self.pool if wanted in (None, e["status"])]
            return httpx.Response(200, json={"items": entries[:1], "total": len(entries)})
        if (method, path) == ("GET", "/cycles/c1/applications") and request.url.params.get("flag"):
            held = getattr(self, "held", 0)  # the applications waiting for a rejected document's new version
            return httpx.Response(200, json={"items": [], "total": held})
        if path in (
            "/cycles/c1/pool",
            "/cycles/c1/applications",  # the review table's names (issue 16)
            "/programmes",
            "/cycles/c1/rounds",
            "/institutions",
            "/schemes",
            "/quota-rules",
        ):
            return httpx.Response(200, json={"items": [], "total": 0})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


@contextlib.asynccontextmanager
async def portal_over(fake: FakeApplications, matching: FakeMatching, notifications=None):
    """A client of the portal whose services are the fakes given (``client.fake``, ``client.matching``;
    ``notifications``, when given, answers the notifications service's calls)."""
    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        services = app.state.services
        hooks = services.applications.http.event_hooks  # the request id passed on, as in production
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(
            transport=httpx.MockTransport(fake), base_url="http://applications", event_hooks=hooks
        )
        await services.matching.http.aclose()
        services.matching.http = httpx.AsyncClient(
            transport=httpx.MockTransport(matching), base_url="http://matching", event_hooks=hooks
        )
        if notifications is not None:
            await services.notifications.http.aclose()
            services.notifications.http = httpx.AsyncClient(
                transport=httpx.MockTransport(notifications), base_url="http://notifications", event_hooks=hooks
            )
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            client.fake = fake  # type: ignore[attr-defined]
            client.matching = matching  # type: ignore[attr-defined]
            yield client


@pytest.fixture
async def portal():
    async with portal_over(FakeApplications(), FakeMatching()) as client:
        yield client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def log_in(portal) -> None:
    page = await portal.get("/login")
    r = await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
    assert r.status_code == 303, r.text


async def test_a_refusal_is_shown_by_its_code_in_the_readers_language(portal):
    await portal.get("/language/zh?next=/register")
    page = await portal.get("/register")
    form = {
        "csrf": csrf_of(page.text),
        "name": "Aigerim",
        "email": "aigerim@example.kz",
        "password": "long-enough-password",
        "password_again": "long-enough-password",
        "applicant_type": "student",
        "nationality": "KZ",
        "home_institution": "KazNU",
        "date_of_birth": "2003-04-05",
        "preferred_language": "zh",
    }
    r = await portal.post("/register", data=form)
    assert r.status_code == 422
    error = re.search(r'id="e-email">(.*?)</p>', r.text, re.S).group(1)
    assert "该电子邮箱的账户已存在。" in error and "already exists" not in r.text


async def test_a_service_refusal_page_uses_the_portal_words(portal):
    await log_in(portal)
    await portal.get("/language/ru?next=/")
    r = await portal.get("/applications/gone")
    assert r.status_code == 404
    assert "Такой заявки нет." in r.text and "no application gone" not in r.text


async def test_the_document_form_offers_and_forwards_every_kind_of_the_contract(portal):
    await log_in(portal)
    page = await portal.get("/applications/a1")
    assert page.status_code == 200, page.text
    select = re.search(r'<select id="f-kind".*?</select>', page.text, re.S).group(0)
    offered = [v for v in re.findall(r'<option value="([^"]*)"', select) if v]
    # every kind of the contract but a recommendation letter, which the referees send (unless a
    # chosen programme asks for one as a document)
    assert offered == [k.value for k in DocumentKind if k != DocumentKind.RECOMMENDATION]
    assert re.search(r'value="non_criminal_record"\s*>non-criminal record<', select)  # words, not the raw id
    for kind in ("non_criminal_record", "employment_letter"):
        r = await portal.post(
            "/applications/a1/documents",
            data={"csrf": csrf_of(page.text), "kind": kind},
            files={"file": ("x.pdf", b"%PDF-1.4\n", "application/pdf")},
        )
        assert r.status_code == 303, r.text
    assert portal.fake.uploads == ["non_criminal_record", "employment_letter"]


async def test_a_refused_choice_is_worded_next_to_the_choice(portal):
    await log_in(portal)
    await portal.get("/language/ur?next=/")
    portal.fake.refuse_submit = problem(
        422,
        "application.not_eligible",
        "choices.0",
        "not eligible: required document missing: non_criminal_record",
        programme_id="p1",
        reasons=["required document missing: non_criminal_record"],
    )
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 422
    choice = re.search(r'id="choice-p1".*?</li>', r.text, re.S).group(0)
    assert "یہ ترجیح اہل نہیں: مطلوبہ دستاویز موجود نہیں: کریکٹر سرٹیفکیٹ" in choice
    assert "not eligible" not in choice


# --- issue 18 ----------------------------------------------------------------------------------


async def test_a_proposed_place_reads_under_review_and_names_no_programme(portal):
    await log_in(portal)
    for status in ("under_review", "matched"):  # `matched`: a row from before the new status
        portal.fake.application.update(
            status=status,
            offered_programme_id="p1",
            history=[
                {"status": "submitted", "at": "2027-02-28T10:00:00+00:00", "reason": None},
                {"status": status, "at": "2027-02-28T12:00:00+00:00", "reason": "proposed: p1 (choice 1)"},
            ],
        )
        r = await portal.get("/applications/a1")
        assert r.status_code == 200, r.text
        assert 'class="badge badge-under_review">under review<' in r.text
        assert 'id="under-review"' in r.text
        assert "proposed: p1" not in r.text and "badge-matched" not in r.text and ">matched<" not in r.text
        assert 'class="choice offered' not in r.text and "choice offered" not in r.text
        assert 'action="/applications/a1/withdraw"' in r.text


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_withdrawal_is_sent_only_with_the_box_ticked_that_says_it_cannot_be_undone(portal, lang):
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.application.update(status="submitted")
    page = await portal.get("/applications/a1")
    assert 'id="f-withdraw_confirm" name="confirm" value="yes" required' in page.text
    sent = lambda: [c for c in portal.fake.calls if c[:2] == ("POST", "http://applications/applications/a1/withdraw")]  # noqa: E731
    r = await portal.post("/applications/a1/withdraw", data={"csrf": csrf_of(page.text), "reason": "Got another offer"})
    assert r.status_code == 422 and not sent()
    assert translate(lang, "Tick the box to confirm: a withdrawal cannot be undone.") in r.text
    assert '<details class="withdraw" id="withdraw" open>' in r.text and 'value="Got another offer"' in r.text
    r = await portal.post(
        "/applications/a1/withdraw", data={"csrf": csrf_of(page.text), "reason": "Got another offer", "confirm": "yes"}
    )
    assert r.status_code == 303 and len(sent()) == 1


async def test_the_officer_writes_a_message_for_the_applicant_beside_the_internal_reason(portal):
    portal.fake.role = "officer"
    await log_in(portal)
    page = await portal.get("/officer/cycles/c1/review")
    assert page.status_code == 200, page.text
    assert re.search(
        r'<label for="message-m1">Message to the applicant \(optional; the applicant reads this\)', page.text
    )
    assert re.search(r'<label for="reason-m1">Internal reason \(officers only\)', page.text)
    assert 'name="message_to_applicant"' in page.text  # the bulk form too
    r = await portal.post(
        "/officer/cycles/c1/review",
        data={
            "csrf": csrf_of(page.text),
            "only": "m1:reject",
            "reason_m1": "Transcript is not certified",
            "message_m1": "Please send a certified transcript next cycle.",
        },
    )
    assert r.status_code == 303, r.text
    assert portal.matching.reviews[-1] == {
        "decisions": [
            {
                "match_id": "m1",
                "decision": "reject",
                "reason": "Transcript is not certified",
                "message_to_applicant": "Please send a certified transcript next cycle.",
            }
        ]
    }
    # no message: none is sent (the applicant is told nothing of the internal reason)
    r = await portal.post(
        "/officer/cycles/c1/review",
        data={"csrf": csrf_of(page.text), "match_id[]": "m1", "action": "reject", "reason": "Quota"},
    )
    assert r.status_code == 303 and "message_to_applicant" not in portal.matching.reviews[-1]["decisions"][0]


async def test_refusal_reasons_are_listed_once_next_to_the_choice(portal):
    await log_in(portal)
    reason = "required document missing: non_criminal_record"
    portal.fake.eligibility = {
        "eligible": False,
        "choices": [{"programme_id": "p1", "eligible": False, "reasons": [reason]}],
    }
    portal.fake.refuse_submit = problem(
        422, "application.not_eligible", "choices.0", f"not eligible: {reason}", programme_id="p1", reasons=[reason]
    )
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 422
    choice = re.search(r'id="choice-p1".*?</li>\s*</ol>', r.text, re.S).group(0)
    assert choice.count("non-criminal record") == 1, choice
    # one alert, the summary, which names the refused choice and leads to its reasons (each
    # choice's box an alert too had everything read out at once on load)
    assert 'role="alert"' not in choice
    summary = re.search(r'id="error-summary">(.*?)</div>', r.text, re.S).group(1)
    assert 'href="#choice-p1"' in summary and PROGRAMME["title"] in summary
    assert re.search(r'<li class="choice[^"]*" id="choice-p1" tabindex="-1">', r.text)  # the link moves the focus
    assert r.text.count('role="alert"') == 1


@pytest.mark.parametrize(
    ("lang", "reason", "nothing_saved"),
    [
        ("ru", "Ваш средний балл 60 ниже требуемого 70.", "Ничего не сохранено"),
        ("ur", "آپ کا گریڈ 60 مطلوبہ 70 سے کم ہے۔", "کچھ محفوظ نہیں ہوا"),
        ("en", "Your grade 60 is below the required 70.", "Nothing was saved"),
    ],
)
async def test_a_change_refused_for_a_choice_says_why_in_words_and_that_nothing_was_saved(
    portal, lang, reason, nothing_saved
):
    """A submitted application's grade lowered below a choice's minimum: the page showed the
    service's English ("grade 60 below required 70") under an "Eligible" tick (the saved
    application's), and did not say that nothing was saved."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.refuse_patch = problem(
        422,
        "application.not_eligible",
        "choices.0",
        "not eligible: grade 60 below required 70",
        programme_id="p1",
        reasons=["grade 60 below required 70"],
        details=[
            {
                "code": "eligibility.grade_below",
                "params": {"grade": 60, "min_grade": 70},
                "text": "grade 60 below required 70",
            }
        ],
    )
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/details", data={"csrf": csrf_of(page.text), "grade": "60"})
    assert r.status_code == 422
    choice = re.search(r'id="choice-p1".*?</li>', r.text, re.S).group(0)
    assert reason in html.unescape(choice), choice
    assert "below required" not in r.text
    assert "✓" not in choice  # not "Eligible" beside the refusal
    assert nothing_saved in r.text
    assert 'value="60"' in r.text  # what was typed, to correct


async def test_reopening_a_form_address_leads_back_to_its_page(portal):
    await log_in(portal)
    for address, target in [
        ("/applications/a1/details", "/applications/a1#details"),
        ("/applications/a1/documents", "/applications/a1#documents"),
        ("/applications/a1/submit", "/applications/a1#submit"),
        ("/applications/a1/offer", "/applications/a1"),
        ("/applications/a1/withdraw", "/applications/a1"),
        ("/applications/a1/choices", "/applications/a1#choices"),
        ("/applications/a1/documents/d1/delete", "/applications/a1#documents"),
        ("/applications/choose", "/programmes"),
        ("/inbox/read-all", "/inbox"),
        ("/inbox/7/read", "/inbox"),
        ("/logout", "/"),
    ]:
        r = await portal.get(address)
        assert (r.status_code, r.headers.get("location")) == (303, target), address
    assert (await portal.get("/applications/a1/nothing-here")).status_code == 404


async def test_declining_an_offer_asks_first(portal):
    await log_in(portal)
    portal.fake.application.update(status="offered", offered_programme_id="p1")
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/offer", data={"csrf": csrf_of(page.text), "answer": "decline"})
    assert (r.status_code, r.headers["location"]) == (303, "/applications/a1/decline")
    assert not any("/offer/" in url for _m, url, _b in portal.fake.calls)  # nothing declined yet
    confirm = await portal.get("/applications/a1/decline")
    assert confirm.status_code == 200 and "Clinical Medicine (MMed)" in confirm.text
    assert 'name="confirm" value="yes"' in confirm.text and "No, keep my offer" in confirm.text
    r = await portal.post(
        "/applications/a1/offer", data={"csrf": csrf_of(confirm.text), "answer": "decline", "confirm": "yes"}
    )
    assert r.status_code == 303 and portal.fake.application["status"] == "declined"
    assert "Your application then ends: your other choices in this cycle are not considered again." in confirm.text
    # after it, the page says where the application stands (it listed the other choices unexplained)
    for lang in ("en", "zh"):
        await portal.get(f"/language/{lang}?next=/")
        page = await portal.get("/applications/a1")
        ended = page.text.split('id="declined"', 1)[1].split("</section>", 1)[0]
        said = "This application has ended: your other choices in this cycle are not considered again. You can apply in another cycle while its applications are open."  # fmt: skip
        assert translate(lang, "You declined the offer") in ended and translate(lang, said) in ended


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_accepting_an_offer_asks_first_and_names_the_choices_it_ends(portal, lang):
    """Accepting was one tap, and it ended the other choices (their waiting lists) unsaid."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.application.update(status="offered", offered_programme_id="p1", choices=["p1", "p2"])
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/offer", data={"csrf": csrf_of(page.text), "answer": "accept"})
    assert (r.status_code, r.headers["location"]) == (303, "/applications/a1/accept")
    assert not any("/offer/" in url for _m, url, _b in portal.fake.calls)  # nothing accepted yet
    confirm = await portal.get("/applications/a1/accept")
    assert confirm.status_code == 200 and "Clinical Medicine (MMed)" in confirm.text
    ending = re.search(r'<ul id="accept-ending">(.*?)</ul>', confirm.text, re.S).group(1)
    assert ending.count("<li>") == 1 and "Clinical Medicine" not in ending  # the other choice, not the offer
    ends = "Your other choices in this cycle end: you leave their waiting lists and cannot be placed there later."
    assert translate(lang, ends) in confirm.text and translate(lang, "Yes, accept the offer") in confirm.text
    r = await portal.post(
        "/applications/a1/offer", data={"csrf": csrf_of(confirm.text), "answer": "accept", "confirm": "yes"}
    )
    assert r.status_code == 303 and any(url.endswith("/offer/accept") for _m, url, _b in portal.fake.calls)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_place_of_the_same_intake_already_accepted_is_said_before_yes_accept(portal, monkeypatch, lang):
    """The service refuses a second accepted place of one intake; the portal said so only after
    "Yes, accept", of a start day no page showed. The page says when studies begin, and, while
    another accepted place of the intake stands, names it and offers no "Yes, accept"."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    monkeypatch.setitem(CYCLE, "starts_on", "2027-09-01")
    portal.fake.application.update(status="offered", offered_programme_id="p1", choices=["p1"])
    confirm = await portal.get("/applications/a1/accept")
    assert 'id="accept-starts"' in confirm.text and "2027" in confirm.text.split('id="accept-starts"')[1][:200]
    assert 'id="confirm-accept"' in confirm.text and 'id="place-held"' not in confirm.text
    starts = confirm.text.split('id="accept-starts">', 1)[1].split("</p>", 1)[0]
    assert translate(lang, "Studies begin: {date}.", date="").split("{")[0].rstrip(" .") in html.unescape(starts)
    # a faculty member visits, teaches or trains: not "studies"
    portal.fake.application["applicant_type"] = "faculty"
    starts = (await portal.get("/applications/a1/accept")).text.split('id="accept-starts">', 1)[1].split("</p>", 1)[0]
    assert translate(lang, "The visit begins: {date}.", date="").rstrip(" .") in html.unescape(starts)
    portal.fake.application["applicant_type"] = "student"
    held = {**portal.fake.application, "id": "a9", "status": "accepted", "offered_programme_id": "p1"}
    portal.fake.listed = [held]
    confirm = await portal.get("/applications/a1/accept")
    box = confirm.text.split('id="place-held"', 1)[1].split("</div>", 1)[0]
    assert "Clinical Medicine (MMed)" in box and 'href="/applications/a9"' in box
    said = translate(
        lang, "Only one place of an intake can be accepted, so this offer cannot be accepted while you hold that one."
    )
    assert said in html.unescape(box)
    assert 'id="confirm-accept"' not in confirm.text and 'id="decline-instead"' in confirm.text
    # the application's page says it too, and offers no "Accept" (only "Decline")
    page = await portal.get("/applications/a1")
    assert 'id="offer-place-held"' in page.text and 'value="accept"' not in page.text and 'value="decline"' in page.text


async def test_the_profile_changes_name_email_and_message_language(portal):
    await log_in(portal)
    page = await portal.get("/profile")
    assert page.status_code == 200 and 'value="Aigerim"' in page.text
    assert 'value="student" checked> a student</label>' in page.text  # one person: "a student", not "students"
    r = await portal.post(
        "/profile",
        data={
            "csrf": csrf_of(page.text),
            "name": "Aigerim Nurlanovna",
            "email": "aigerim@example.kz",
            "home_institution": "KazNU",
            "preferred_language": "ru",
        },
    )
    assert (r.status_code, r.headers["location"]) == (303, "/profile")
    assert portal.fake.me["preferred_language"] == "ru" and portal.fake.me["email"] == "aigerim@example.kz"
    page = await portal.get("/profile")
    assert 'dir="auto">Aigerim Nurlanovna</span>' in page.text  # the header follows
    r = await portal.post("/profile", data={"csrf": csrf_of(page.text), "name": "", "email": "x"})
    assert r.status_code == 422 and 'id="e-name"' in r.text and 'id="e-email"' in r.text


async def test_students_add_only_programmes_for_students(portal):
    await log_in(portal)
    faculty = {**PROGRAMME, "id": "p2", "title": "Faculty visit", "applicant_type": "faculty"}
    portal.fake.programmes = [PROGRAMME, faculty]
    r = await portal.get("/programmes")
    sent = [url for m, url, _b in portal.fake.calls if m == "GET" and "/programmes?" in url]
    assert "applicant_type=student" in sent[-1]  # a student first sees programmes for students
    assert re.search(r'<option value="student"\s*selected', r.text)
    r = await portal.get("/programmes?applicant_type=")  # "Everyone" chosen on purpose
    assert "applicant_type" not in [url for m, url, _b in portal.fake.calls if "/programmes?" in url][-1]
    card = re.search(r'id="programme-p2".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    assert "Add to my application" not in card and "This programme is for faculty only." in card
    card = re.search(r'id="programme-p1".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    assert "Add to my application" in card
    # words, not codes: country, language, field
    assert "China" in card and "English" in card and "international relations" in card


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_cycle_whose_application_is_under_review_offers_no_add_and_says_why(portal, lang):
    # "Add to my application" was offered, and refused with "can no longer be changed", no reason
    await portal.get(f"/language/{lang}?next=/")
    await log_in(portal)
    other = {**PROGRAMME, "id": "p2", "title": "Petroleum Engineering"}
    portal.fake.programmes = [PROGRAMME, other]
    portal.fake.listed = [{**APPLICATION, "status": "under_review", "choices": ["p1"]}]
    r = await portal.get("/programmes")
    card = re.search(r'id="programme-p2".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    status = translate(lang, "status:under_review")
    said = translate(lang, "Your application in this cycle is {status}: its choices no longer change.", status=status)
    assert translate(lang, "Add to my application") not in card and said in " ".join(html.unescape(card).split())
    assert 'href="/applications/a1"' in card
    portal.fake.listed = [{**APPLICATION, "status": "submitted", "choices": ["p1"]}]  # still takes choices
    card = re.search(r'id="programme-p2".*?(?=<li class="card"|<nav class="pager")', (await portal.get("/programmes")).text, re.S).group(0)  # fmt: skip
    assert translate(lang, "Add to my application") in card


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_programme_card_says_what_a_place_comes_with(portal, lang):
    """What the scholarship covers, the stipend and how long: the accept page had said only
    that the place becomes the applicant's."""
    await portal.get(f"/language/{lang}?next=/")
    await log_in(portal)
    award = {"covers": ["tuition", "accommodation"], "stipend_amount": 3000.0, "stipend_currency": "CNY",
             "stipend_per": "month", "months": 12}  # fmt: skip
    portal.fake.programmes = [{**PROGRAMME, "award": award}, {**PROGRAMME, "id": "p2", "award": {}}]
    r = await portal.get("/programmes")
    card = re.search(r'id="programme-p1".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    said = html.unescape(re.search(r'<p class="award-terms">(.*?)</p>', card, re.S).group(1))
    covered = format_list(
        [translate(lang, "award:tuition"), translate(lang, "award:accommodation")], locale=locale_of(lang)
    )
    assert translate(lang, "The scholarship covers: {covers}", covers=covered) in said
    amount = format_number(lang, 3000.0)
    assert translate(lang, "Stipend: {amount} {currency} a month", amount=amount, currency="CNY") in said
    assert translate(lang, "{n} months", n=12) in said
    other = re.search(r'id="programme-p2".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    assert "award-terms" not in other  # nothing said: nothing shown


async def test_faculty_see_no_grade_or_language_certificates(portal):
    await log_in(portal)
    portal.fake.application.update(applicant_type="faculty")
    r = await portal.get("/applications/a1")
    assert 'id="f-grade"' not in r.text and 'id="f-cert_kind_0"' not in r.text and 'id="f-statement"' in r.text
    portal.fake.application.update(applicant_type="student")
    r = await portal.get("/applications/a1")
    assert 'id="f-grade"' in r.text and 'id="f-cert_kind_0"' in r.text


async def test_the_date_of_birth_field_has_the_form_its_hint_shows(portal):
    page = await portal.get("/register")
    field = re.search(r'<input id="f-date_of_birth"[^>]*>', page.text, re.S).group(0)
    assert 'type="text"' in field and 'placeholder="YYYY-MM-DD"' in field
    assert "Year-month-day, for example 2003-04-25." in page.text


async def test_counts_and_dates_in_the_readers_language(portal):
    await log_in(portal)
    portal.fake.application["history"] = [{"status": "submitted", "at": "2027-02-28T10:05:00+00:00", "reason": None}]
    r = await portal.get("/applications/a1")
    assert "1 seat<" in r.text and "1 seats" not in r.text
    assert '<time datetime="2027-02-28T10:05:00+00:00">28 Feb 2027, 10:05 UTC</time>' in r.text
    await portal.get("/language/ur?next=/")
    r = await portal.get("/applications/a1")
    assert "1 نشست<" in r.text and "28 فروری، 2027" in r.text


@pytest.mark.parametrize(
    ("lang", "reply_by", "day"),
    [
        ("en", "Reply by", "10 Mar 2027"),
        ("zh", "答复截止日期", "2027年3月10日"),
        ("ru", "Ответить до", "10 мар. 2027\u202fг."),
        ("ur", "جواب کی آخری تاریخ", "10 مارچ، 2027"),
    ],
)
async def test_an_offer_shows_its_reply_by_date_next_to_the_answers(portal, lang, reply_by, day):
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.application.update(status="offered", offered_programme_id="p1", offer_reply_by="2027-03-10")
    r = await portal.get("/applications/a1")
    form = re.search(r'<form method="post" action="/applications/a1/offer".*?</form>', r.text, re.S).group(0)
    shown = re.search(r'<span class="reply-by" id="reply-by">(.*?)</span>', form, re.S).group(1)
    assert shown == f'{reply_by} <time datetime="2027-03-10">{day}</time>'
    # the only date beside the offer is its own: the application window's close is a draft's
    status_line = re.search(r'<p class="status-line">(.*?)</p>', r.text, re.S).group(1)
    assert "<time" not in status_line
    if lang == "zh":  # the full-width colon is its own space: none after it ("状态： 已获录取通知")
        assert "：<span" in status_line
    portal.fake.application.update(status="draft")
    draft = (await portal.get("/applications/a1")).text
    assert "<time" in re.search(r'<p class="status-line">(.*?)</p>', draft, re.S).group(1)
    portal.fake.application.update(status="offered")
    portal.fake.application.update(offer_reply_by=None)  # an offer from before offers had a deadline
    assert 'id="reply-by"' not in (await portal.get("/applications/a1")).text


async def test_an_answer_after_the_reply_by_day_is_refused_in_the_readers_words(portal):
    await log_in(portal)
    await portal.get("/language/ru?next=/")
    portal.fake.application.update(status="offered", offered_programme_id="p1", offer_reply_by="2027-03-10")
    portal.fake.refuse_answer = problem(
        409, "application.offer_expired", "status", "the offer had to be answered by 2027-03-10", reply_by="2027-03-10"
    )
    page = await portal.get("/applications/a1")
    r = await portal.post(
        "/applications/a1/offer", data={"csrf": csrf_of(page.text), "answer": "accept", "confirm": "yes"}
    )
    assert r.status_code == 409
    assert "На это предложение нужно было ответить до 10 мар. 2027\u202fг." in r.text
    assert "had to be answered" not in r.text


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
async def test_a_second_place_of_the_same_intake_is_refused_in_the_readers_words(portal, lang):
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.application.update(status="offered", offered_programme_id="p1")
    portal.fake.refuse_answer = problem(
        409, "offer.place_held", "application_id", "you already accepted a place of the same intake", held="a2"
    )
    page = await portal.get("/applications/a1")
    r = await portal.post(
        "/applications/a1/offer", data={"csrf": csrf_of(page.text), "answer": "accept", "confirm": "yes"}
    )
    assert r.status_code == 409
    said = "You have already accepted a place that begins at the same time."
    words = translate(lang, BY_CODE["offer.place_held"])
    assert said in BY_CODE["offer.place_held"] and said not in words and words in r.text
    assert "same intake" not in r.text  # not the service's English


@pytest.mark.parametrize(
    "lang,says",
    [
        ("en", "Recommendation letters: <bdi>2</bdi> · from: professor or associate professor"),
        ("ru", "<bdi>2</bdi>"),
        ("ur", " یا "),
    ],
)
async def test_a_programme_card_says_how_many_letters_it_needs_and_from_whom(portal, lang, says):
    await log_in(portal)
    needs_letters = {
        **PROGRAMME,
        "requirements": {
            **PROGRAMME["requirements"],
            "letters": {"count": 2, "positions": ["professor", "associate_professor"]},
        },
    }
    portal.fake.programmes = [needs_letters]
    await portal.get(f"/language/{lang}?next=/")
    r = await portal.get("/programmes")
    card = re.search(r'id="programme-p1".*?(?=<li class="card"|<nav class="pager"|</ul>)', r.text, re.S).group(0)
    letters = re.search(r'<li class="letters-needed">(.*?)</li>', card, re.S)
    assert letters is not None, card
    assert says in letters.group(1)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_programme_whose_age_limit_the_applicant_is_over_offers_no_add(portal, lang):
    """A 36-year-old was offered "Add to my application" on every Luban card (age 30 at most)
    and told only on the application's page; the cycle's start is the day the age counts on."""
    await log_in(portal)
    limited = {**PROGRAMME, "requirements": {**PROGRAMME["requirements"], "max_age": 20}}
    open_to_all = {**PROGRAMME, "id": "p2", "requirements": {**PROGRAMME["requirements"], "max_age": 60}}
    portal.fake.programmes = [limited, open_to_all]
    await portal.get(f"/language/{lang}?next=/")
    r = await portal.get("/programmes")

    def card(pid: str) -> str:
        return (
            r.text.split(f'id="programme-{pid}"', 1)[1].split('<li class="card"', 1)[0].split('<nav class="pager"')[0]
        )

    born = date.fromisoformat(ME["date_of_birth"])
    age = date.today().year - born.year - ((date.today().month, date.today().day) < (born.month, born.day))
    assert 'class="muted not-for-you too-old"' in card("p1") and "/applications/choose" not in card("p1")
    assert f"{age}" in card("p1") and translate(lang, "Age limit {max}: you will be {age} on {day}.")[:5] in card("p1")
    assert "/applications/choose" in card("p2") and "too-old" not in card("p2")
    # "Only programmes I can apply to now" leaves out those whose age limit the applicant is over
    only = await portal.get("/programmes?open=1")
    assert 'id="programme-p1"' not in only.text and 'id="programme-p2"' in only.text
    assert translate(lang, "{n} programmes found", n=1) in only.text


async def test_an_attested_documents_number_and_date_are_shown_back(portal):
    """The list said only "attested by HEC": the number and date typed were not shown back."""
    await log_in(portal)
    portal.fake.documents = [
        {"id": "d1", "application_id": "a1", "kind": "transcript", "original_name": "transcript.pdf",
         "content_type": "application/pdf", "size": 1000, "version": 1, "uploaded_at": "2026-12-01T10:00:00+00:00",
         "state": "pending", "attested_by": "hec", "attestation_number": "HEC-2026-0042",
         "attested_on": "2026-11-20", "translation_language": None, "nostrified": False}
    ]  # fmt: skip
    page = await portal.get("/applications/a1")
    item = page.text.split('id="doc-d1"', 1)[1].split("</li>", 1)[0]
    assert "attested by" in item and '<bdi dir="ltr" class="attestation-number">HEC-2026-0042</bdi>' in item
    assert "20 Nov 2026" in item


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_withdrawn_applications_unreviewed_document_awaits_no_review(portal, lang):
    """After a withdrawal each document still read "awaiting review", as if someone would."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.documents = [
        {"id": "d1", "application_id": "a1", "kind": "transcript", "original_name": "transcript.pdf",
         "content_type": "application/pdf", "size": 1000, "version": 1, "uploaded_at": "2026-12-01T10:00:00+00:00",
         "state": "pending", "attested_by": None, "translation_language": None, "nostrified": False}
    ]  # fmt: skip
    before = (await portal.get("/applications/a1")).text.split('id="doc-d1"', 1)[1].split("</li>", 1)[0]
    assert translate(lang, "document:pending") in before
    portal.fake.application.update(status="withdrawn")
    page = await portal.get("/applications/a1")
    after = page.text.split('id="doc-d1"', 1)[1].split("</li>", 1)[0]
    assert translate(lang, "document:pending.final") in after and translate(lang, "document:pending") not in after
    # out for good: no checklist, no message to write, no consent to change
    assert 'id="checklist"' not in page.text and 'id="consent-form"' not in page.text
    if 'id="messages"' in page.text:
        assert 'id="messages-withdrawn"' in page.text and 'action="/applications/a1/messages"' not in page.text


async def test_a_failing_service_is_not_called_unreachable_and_a_wrong_method_is_worded(portal):
    """A 500 from a service said "cannot be reached, try again in a minute", and a language
    switch on a form's address answered an English "Method Not Allowed"."""
    await log_in(portal)
    portal.fake.refuse_submit = httpx.Response(500, json={"code": "internal", "errors": []})
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 502
    assert "Something went wrong on our side" in r.text and "cannot be reached" not in r.text
    # the page names its request id, the one the portal passed to the service: one id to find
    # the click in the portal's log and the service's
    reference = r.headers["x-request-id"]
    assert f"<code>{reference}</code>" in r.text and "give this reference" in r.text
    [submit] = [c for c in portal.fake.requests if c.url.path.endswith("/submit")]
    assert submit.headers["x-request-id"] == reference
    await portal.get("/language/ru?next=/")
    r = await portal.put("/login")
    assert r.status_code == 405
    assert "Method Not Allowed" not in r.text and translate("ru", "This action is not possible here.") in r.text


@pytest.mark.parametrize(
    "address,page",
    [
        ("/officer/committee/cycles/c1/assign", "/officer/committee/cycles/c1"),
        ("/officer/committee/cycles/c1/scoresheet", "/officer/committee/cycles/c1"),
        ("/officer/committee/applications/a1/scores", "/officer/committee/applications/a1"),
        ("/officer/committee/cycles/c1/interviews/slots", "/officer/committee/cycles/c1/interviews"),
        ("/officer/committee/cycles/c1/interviews/a1/record", "/officer/committee/cycles/c1/interviews"),
        ("/officer/cycles/c1/rounds", "/officer/cycles/c1"),
    ],
)
async def test_a_forms_address_opened_again_leads_back_to_its_page(portal, address, page):
    """After a refused form the address bar holds the form's address; switching language
    reopens it with GET, which must lead back to the page, not to "not allowed"."""
    r = await portal.get(address)
    assert r.status_code == 303 and r.headers["location"] == page
    assert (await portal.get("/officer/committee/cycles/c1/nonsense")).status_code == 404


async def test_interview_candidates_are_those_still_in_the_running_and_not_invited(portal):
    """The invitation list listed every submitted pool entry, an applicant who had accepted a
    place or was not nominated among them, and cut at 500 without a word."""
    portal.fake.role = "officer"
    await log_in(portal)
    page = await portal.get("/officer/committee/cycles/c1/interviews")
    assert page.status_code == 200, page.text
    (asked,) = portal.matching.candidate_queries
    assert asked.get("endorsed") == "true" and asked.get("sort") == "name"
    statuses = set(asked.get_list("status"))
    assert "submitted" in statuses and "waitlisted" in statuses and "reserve" in statuses
    assert not statuses & {"accepted", "withdrawn", "declined", "not_endorsed", "not_nominated"}
    assert 'id="inv-a7"' in page.text and "Dilnoza Karimova" in page.text
    assert "The first 1 of 501, by name" in page.text


async def test_an_invited_applicant_out_of_the_running_is_flagged_and_a_grade_is_labelled(portal):
    """Bakyt had accepted a place and still read "booked" like everyone else; a candidate's
    grade stood after the country unlabelled ("Aruzhan · Kazakhstan · 75")."""
    portal.fake.role = "officer"
    await log_in(portal)
    invited = {"application_id": "a8", "applicant_id": "s8", "cycle_id": "c1", "name": "Bakyt Demo05",
               "invited_at": "2026-12-01T10:00:00+00:00", "slot": {"id": "sl1"}, "sequence": 0}  # fmt: skip
    portal.matching.invitations = [invited, {**invited, "application_id": "a9", "name": "Still In"}]
    portal.matching.invited_ended = [{"application_id": "a8", "status": "accepted"}]
    portal.matching.candidate_grade = 75
    page = await portal.get("/officer/committee/cycles/c1/interviews")
    rows = re.findall(r"<li( class=\"out-of-running\")?><a href=\"/officer/committee/applications/(a\d)\">", page.text)
    assert rows == [(' class="out-of-running"', "a8"), ("", "a9")]
    assert "no longer in the running: the interview is not needed" in page.text
    label = page.text.split('for="inv-a7">', 1)[1].split("</label>", 1)[0]
    assert "Grade: <bdi>75</bdi>" in label


async def test_more_invited_waiting_to_book_than_free_times_is_said(portal):
    # three invited to two free times: nothing said the third could not book
    portal.fake.role = "officer"
    await log_in(portal)
    invited = {"application_id": "a1", "applicant_id": "s1", "cycle_id": "c1", "name": "A", "slot": None,
               "invited_at": "2026-12-01T10:00:00+00:00", "sequence": 0}  # fmt: skip
    portal.matching.invitations = [invited, {**invited, "application_id": "a2"}, {**invited, "application_id": "a3"}]
    slot = {"id": "s1", "cycle_id": "c1", "starts_at": "2099-01-01T02:00:00Z", "local_start": "2099-01-01T10:00:00+08:00",
            "duration_minutes": 30, "time_zone": "Asia/Shanghai", "place": "Room 1", "capacity": 1}  # fmt: skip
    portal.matching.slots = [{"slot": slot, "booking": None}, {"slot": {**slot, "id": "s2"}, "booking": None}]
    page = await portal.get("/officer/committee/cycles/c1/interviews")
    assert 'id="short-of-times"' in page.text
    assert "3 invited applicant(s) have no time booked, and 2 free time(s) are left" in page.text
    portal.matching.slots.append({"slot": {**slot, "id": "s3"}, "booking": None})
    assert 'id="short-of-times"' not in (await portal.get("/officer/committee/cycles/c1/interviews")).text


async def test_approvals_sent_to_the_host_are_said_so_and_shown_where_they_went(portal):
    portal.fake.role = "officer"
    await log_in(portal)
    portal.matching.approved_as = "with_host"
    page = await portal.get("/officer/cycles/c1/review")
    r = await portal.post(
        "/officer/cycles/c1/review", data={"csrf": csrf_of(page.text), "match_id[]": "m1", "action": "approve"}
    )
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/c1/review#review-table"
    after = await portal.get(r.headers["location"].split("#")[0])
    assert "1 approved and sent to the host for admission, 0 rejected." in after.text


@pytest.mark.parametrize("path,shown", [(["nomination", "matching", "review", "answer"], True), ([], False)])
async def test_the_cycle_page_says_when_a_round_places_nominees_only(portal, path, shown):
    portal.fake.role = "officer"
    await log_in(portal)
    portal.matching.path = path
    page = await portal.get("/officer/cycles/c1")
    assert page.status_code == 200, page.text
    assert ('id="nominees-only"' in page.text) is shown


@pytest.mark.parametrize("lang,words", [("en", "Applications waiting for a new version"), ("zh", "等待重新上传"), ("ru", "ожидающие новой версии"), ("ur", "نئے نسخے کی منتظر")])  # fmt: skip
async def test_the_cycle_page_warns_of_applications_waiting_for_a_new_document(portal, lang, words):
    """Before a round: how many applications it could not place where a rejected document is
    required, with the way to them; nothing when none waits."""
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/officer")
    page = await portal.get("/officer/cycles/c1")
    assert 'id="held-documents"' not in page.text
    portal.matching.held = 2
    page = await portal.get("/officer/cycles/c1")
    warning = re.search(r'<p class="note warning" id="held-documents">(.*?)</p>', page.text, re.S)
    assert warning and words in warning.group(1) and "2" in warning.group(1)
    assert "/officer/cycles/c1/applications?sort=documents&amp;order=desc" in warning.group(1)


@pytest.mark.parametrize("lang,words", [("en", "no round has considered yet"), ("zh", "尚未经任何轮次考虑"), ("ru", "ещё не рассматривал ни один раунд"), ("ur", "کسی راؤنڈ نے غور نہیں کیا")])  # fmt: skip
async def test_the_cycle_page_says_a_round_is_needed_for_applications_no_round_considered(portal, lang, words):
    """A reserve moved up after the last round waited for one with nothing to say so. Before
    any round, every application waits for the first: nothing is said."""
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/officer")
    portal.matching.unconsidered = 3
    page = await portal.get("/officer/cycles/c1")
    assert 'id="round-needed"' not in page.text  # no round yet
    portal.matching.rounds = [
        {"id": "r1", "number": 1, "status": "completed", "started_at": "2026-12-01T10:00:00Z", "stats": {}}
    ]
    page = await portal.get("/officer/cycles/c1")
    warning = re.search(r'<p class="note warning" id="round-needed">(.*?)</p>', page.text, re.S)
    assert warning and words in warning.group(1) and "3" in warning.group(1)
    assert "/officer/cycles/c1/applications?status=submitted&amp;endorsed=true" in warning.group(1)


async def test_the_cycle_page_counts_the_submitted_applications_not_the_withdrawn(portal):
    """Two entries, one withdrawn: the page said "2 submitted applications in the pool"."""
    portal.fake.role = "officer"
    await log_in(portal)
    portal.matching.pool = [
        {"application_id": "a1", "status": "submitted"},
        {"application_id": "a2", "status": "withdrawn"},
    ]
    page = await portal.get("/officer/cycles/c1")
    assert page.status_code == 200, page.text
    assert "1 submitted application in the pool" in page.text
    assert "2 submitted applications" not in page.text


@pytest.mark.parametrize(
    "path,shown",
    [
        (["endorsement", "matching", "review", "admission", "answer"], True),
        (["nomination", "matching", "review", "answer"], False),
    ],
)
async def test_the_cycle_page_says_when_a_round_places_the_endorsed_only(portal, path, shown):
    portal.fake.role = "officer"
    await log_in(portal)
    portal.matching.path = path
    page = await portal.get("/officer/cycles/c1")
    assert page.status_code == 200, page.text
    assert ('id="endorsed-only"' in page.text) is shown


@pytest.mark.parametrize("address", ["/applications/%00", "/applications/a1%3Fstatus=x", "/applications/a%20b/edit"])
async def test_an_address_that_is_not_made_of_ids_is_no_page(portal, address):
    """A NUL in an address failed the service call as a 500 page, and a "?" given as %3F
    changed which service path the view asked for."""
    await log_in(portal)
    r = await portal.get(address)
    assert r.status_code == 404
    assert "Not found" in r.text


@pytest.mark.parametrize("level", ["nan", "inf", "1e999", "-Infinity"])
async def test_a_certificate_level_that_is_no_number_is_refused_beside_it_with_the_statement_kept(portal, level):
    """float() reads "nan" and "inf", which passed the "not below 0" check; the JSON encoder
    then refused them and the page was a 500, the statement typed lost."""
    await log_in(portal)
    page = await portal.get("/applications/a1")
    form = {"csrf": csrf_of(page.text), "cert_kind_0": "HSK", "cert_level_0": level, "statement": "My plans."}
    r = await portal.post("/applications/a1/details", data=form)
    assert r.status_code == 422
    assert "Enter the level or score as a number" in r.text and ">My plans.</textarea>" in r.text
    assert not [c for c in portal.fake.calls if c[0] == "PATCH"]


async def test_a_certificate_kind_the_list_lacks_is_offered_back_and_saves(portal):
    """A kind stored through the API before kinds were checked (DELF) showed as "None", and
    every later save was refused with "Choose the certificate" the applicant could not see why:
    it is shown, and sent as it stands (the service says which kinds there are)."""
    await log_in(portal)
    portal.fake.application["language_certificates"] = [{"kind": "DELF", "level": 5}]
    page = await portal.get("/applications/a1")
    assert re.search(r'<option value="DELF"\s*selected', page.text)
    form = {"csrf": csrf_of(page.text), "cert_kind_0": "DELF", "cert_level_0": "5", "statement": "My plans."}
    r = await portal.post("/applications/a1/details", data=form)
    assert "Choose the certificate." not in r.text  # not refused by the portal: sent as it stands
    [patched] = [json.loads(c[2]) for c in portal.fake.calls if c[0] == "PATCH"]
    assert patched["language_certificates"] == [{"kind": "DELF", "level": 5.0}]
    forged = {**form, "cert_kind_0": "<script>"}
    assert (await portal.post("/applications/a1/details", data=forged)).status_code == 422


async def test_a_choice_button_names_its_programme_so_a_stale_page_moves_the_right_one_or_none(portal):
    """Buttons named a place ("remove:2"): a page opened before the list changed in another
    tab removed whatever was now at that place, or answered 500 past the end."""
    await log_in(portal)
    portal.fake.application["choices"] = ["p1", "p2", "p3"]
    page = await portal.get("/applications/a1")
    assert 'value="remove:p2"' in page.text and 'value="up:p3"' in page.text
    csrf = csrf_of(page.text)
    r = await portal.post("/applications/a1/choices", data={"csrf": csrf, "move": "remove:p9"})
    assert r.status_code == 303 and r.headers["location"] == "/applications/a1#choices"
    assert not [c for c in portal.fake.calls if c[0] == "PATCH"]
    portal.fake.application["choices"] = ["p3", "p2"]  # changed in another tab
    await portal.post("/applications/a1/choices", data={"csrf": csrf, "move": "remove:p2"})
    [patch] = [c for c in portal.fake.calls if c[0] == "PATCH"]
    assert json.loads(patch[2]) == {"choices": ["p3"]}


async def test_a_field_sent_twice_or_a_tampered_csrf_is_no_500(portal):
    """A single field sent twice became a list that the view read as text, and a CSRF token
    sent twice, as a file or not in ASCII made the comparison raise: 500 pages."""
    page = await portal.get("/login")
    csrf = csrf_of(page.text)
    twice = [("csrf", csrf), ("email", "a@b.org"), ("email", "a@b.org"), ("password", "x" * 12)]
    r = await portal.post("/login", content=urlencode(twice), headers=FORM)
    assert r.status_code == 303, r.text
    for bad in ([("csrf", csrf), ("csrf", "other")], [("csrf", "ü" * 10)]):
        r = await portal.post("/login", content=urlencode([*bad, ("email", "a@b.org")]), headers=FORM)
        assert r.status_code != 500
    r = await portal.post(
        "/login", data={"email": "a@b.org"}, files={"csrf": ("csrf.txt", csrf.encode(), "text/plain")}
    )
    assert r.status_code == 403 and "The form was out of date" in r.text


FORM = {"content-type": "application/x-www-form-urlencoded"}


async def test_a_statement_typed_as_the_window_closed_is_shown_to_copy(portal, monkeypatch):
    """The refusal showed the page without its form (the window closed) and the saved statement
    only: what the applicant had just typed was gone."""
    await log_in(portal)
    page = await portal.get("/applications/a1")
    monkeypatch.setitem(CYCLE, "window", "closed")  # it closed while they typed
    typed = "I want to study clinical medicine in Urumqi."
    r = await portal.post("/applications/a1/details", data={"csrf": csrf_of(page.text), "statement": typed})
    assert r.status_code >= 400 and 'id="f-statement"' not in r.text  # no form to save it in
    assert re.search(
        rf'<textarea id="f-unsaved-statement" rows="5" readonly dir="auto">{re.escape(typed)}</textarea>', r.text
    )


async def test_a_submitted_application_asking_no_letters_shows_no_letters_section(portal):
    """A Luban trainee's page read "Recommendation letters … No referees named yet" under
    programmes that need none; a draft keeps the section, to name a referee all the same."""
    await log_in(portal)
    portal.fake.application.update(status="submitted")
    assert 'id="referees"' not in (await portal.get("/applications/a1")).text
    portal.fake.application.update(status="draft")
    assert 'id="referees"' in (await portal.get("/applications/a1")).text


async def test_the_registration_date_and_a_documents_size_are_written_as_the_language_writes_them(portal):
    """The date of birth's placeholder stayed "YYYY-MM-DD" and a document's size "0.2 KB" on the
    Russian pages, beside "10 МБ" in the hint above it."""
    from services.portal.i18n import format_file_size

    await portal.get("/language/ru?next=/register")
    page = await portal.get("/register")
    assert 'placeholder="ГГГГ-ММ-ДД"' in page.text
    assert (format_file_size("ru", 204), format_file_size("en", 204)) == ("0,2 кБ", "0.2 kB")
    assert format_file_size("ru", 3 * 1_048_576) == "3 МБ"
    await portal.get("/language/en?next=/register")
    assert 'placeholder="YYYY-MM-DD"' in (await portal.get("/register")).text


async def test_text_typed_into_a_form_sent_after_logging_out_is_shown_to_copy(portal):
    """Logged out in another tab, the applicant typed a statement and saved: the form went to the
    log-in page, and after logging in the statement was gone, without a word."""
    await log_in(portal)
    page = await portal.get("/applications/a1")
    await portal.post("/logout", data={"csrf": csrf_of(page.text)})  # "in another tab"
    typed = "Ich möchte in Urumqi studieren <and> come home to Almaty."
    r = await portal.post(
        "/applications/a1/details", data={"csrf": csrf_of(page.text), "statement": typed, "password": "s3cret-pw!"}
    )
    assert r.status_code == 401
    assert html.escape(typed, quote=False) in r.text and "<and>" not in r.text
    assert "s3cret-pw!" not in r.text  # only the free-text fields are shown back
    assert 'href="/login?next=/applications/a1/details"' in r.text
    # a message's own idempotency key is no text the person typed
    r = await portal.post(
        "/applications/a1/messages", data={"csrf": csrf_of(page.text), "body": "Hello", "once": "k-123abc"}
    )
    assert r.status_code == 401 and "Hello" in r.text and "k-123abc" not in r.text
    # a form without text to keep goes to the log-in page as before
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


async def test_a_refused_reordering_puts_each_reason_beside_its_own_choice(portal):
    """The service numbers the choices as sent (the new order); the page placed its errors by
    the old order, so moving B above A put B's refusal beside A."""
    await log_in(portal)
    portal.fake.application["choices"] = ["p1", "p2"]
    portal.fake.refuse_patch = problem(
        422, "application.not_eligible", "choices.0", "not eligible: grade 60 below required 70", programme_id="p2"
    )
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/choices", data={"csrf": csrf_of(page.text), "move": "up:p2"})
    assert r.status_code == 422
    p1 = re.search(r'id="choice-p1".*?</li>', r.text, re.S).group(0)
    p2 = re.search(r'id="choice-p2".*?</li>', r.text, re.S).group(0)
    assert 'class="error"' in p2 and 'class="error"' not in p1


async def test_text_typed_when_the_token_expired_is_shown_to_copy_too(portal):
    """The portal's session lived but the service refused its token (expired, or revoked by a
    password change elsewhere): the form went to the log-in page and the statement was lost."""
    await log_in(portal)
    page = await portal.get("/applications/a1")
    portal.fake.refuse_patch = httpx.Response(
        401, json={"code": "auth.invalid_token", "detail": "the token expired", "errors": []}
    )
    typed = "Two years of clinical rotations in Almaty taught me to listen first."
    r = await portal.post("/applications/a1/details", data={"csrf": csrf_of(page.text), "statement": typed})
    assert r.status_code == 401 and typed in r.text
    assert (await portal.get("/applications/a1")).status_code == 303  # logged out: the next page asks to log in


@pytest.mark.parametrize(
    ("lang", "title", "host"),
    [
        ("zh", "临床医学（医学硕士）", "新疆医科大学"),
        ("ru", "Лечебное дело (магистратура)", "Синьцзянский медицинский университет"),
        ("ur", "کلینیکل میڈیسن (ایم میڈ)", "XJMU"),  # no Urdu name for the host: its name as given
        ("en", "Clinical Medicine (MMed)", "XJMU"),
    ],
)
async def test_the_programmes_read_in_the_readers_language_where_the_catalog_names_them_in_it(
    portal, lang, title, host
):
    portal.fake.programmes = [
        {
            **PROGRAMME,
            "translations": {"zh": "临床医学（医学硕士）", "ru": "Лечебное дело (магистратура)", "ur": title},
            "host_institution_translations": {"zh": "新疆医科大学", "ru": "Синьцзянский медицинский университет"},
        }
    ]
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    page = (await portal.get("/programmes")).text
    card = re.search(r'id="programme-p1-title"><bdi>(.*?)</bdi>', page).group(1)
    assert card == title
    assert f"<bdi>{host}</bdi>" in page or host in page
    others = {"临床医学（医学硕士）", "Лечебное дело (магистратура)", "Clinical Medicine (MMed)"} - {title}
    assert not [t for t in others if t in page]


async def test_a_staff_account_chooses_the_language_of_its_messages(portal):
    """An officer's inbox and e-mails came in English and nothing on the account page changed
    that (only an admin could): the page has the choice, and it is saved for the account."""
    portal.fake.role = "officer"
    await log_in(portal)
    page = await portal.get("/profile")
    assert 'action="/profile/language"' in page.text and '<option value="zh"' in page.text
    r = await portal.post("/profile/language", data={"csrf": csrf_of(page.text), "preferred_language": "zh"})
    assert r.status_code == 303 and portal.fake.account_language == "zh"
    after = await portal.get("/profile")
    assert "Your messages will now be in" in after.text and '<option value="zh" selected>' in after.text
    refused = await portal.post("/profile/language", data={"csrf": csrf_of(after.text), "preferred_language": "xx"})
    assert refused.status_code == 422 and "Choose one of the offered values." in refused.text
    assert portal.fake.account_language == "zh"  # nothing changed by the refused choice


@pytest.mark.parametrize("lang,comma", [("en", ", "), ("zh", "、"), ("ur", "، "), ("ru", ", ")])
async def test_a_list_in_a_sentence_is_joined_as_the_page_language_writes_it(portal, lang, comma):
    """The account page's schemes read "SCO, CPEC" in Chinese and Urdu too (a Latin comma)."""
    portal.fake.role, portal.fake.account_schemes = "officer", ["sco", "cpec"]
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/profile")
    page = await portal.get("/profile")
    assert f"</bdi>{comma}<bdi" in page.text


async def test_a_file_sent_as_a_text_field_is_refused_with_its_name_and_a_crash_page_keeps_its_headers(
    portal, monkeypatch
):
    """A multipart post with a file in ``grade`` (never sent by the portal's pages) failed the
    view reading it as text: a 500, and that page, answered outside the middleware, had no
    Content-Security-Policy, framing or caching headers."""
    await log_in(portal)
    page = await portal.get("/applications/a1")
    before = dict(portal.fake.application)
    r = await portal.post(
        "/applications/a1/details",
        data={"csrf": csrf_of(page.text)},
        files={"grade": ("hostname", b"corridor\n", "text/plain")},
    )
    assert r.status_code == 400 and "“grade” takes text, not a file" in r.text
    assert portal.fake.application == before
    assert r.headers["content-security-policy"].startswith("default-src 'self'")

    answer = type(portal.fake).__call__

    def crash(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            raise RuntimeError("a bug")
        return answer(self, request)

    monkeypatch.setattr(type(portal.fake), "__call__", crash)
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 500 and "Something went wrong on our side" in r.text
    for header in ("content-security-policy", "x-frame-options", "x-content-type-options", "cache-control"):
        assert header in r.headers, header


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_an_unconfirmed_address_is_said_on_every_page_until_its_link_is_opened(portal, monkeypatch, lang):
    """A new applicant's address is proven from its mailbox before they submit: each page says
    where the link went and sends it again; a refused submit says why; the link's page confirms."""
    portal.fake.me = {**ME, "email_verified": False}
    await portal.get(f"/language/{lang}?next=/")
    await log_in(portal)
    answer = type(portal.fake).__call__
    confirmed: list[str] = []

    def verification(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/me/email/verify":
            return httpx.Response(202, json={"detail": "sent"})
        if request.url.path == "/auth/email-change/confirm":
            confirmed.append(json.loads(request.content)["token"])
            self.me["email_verified"] = True  # this account's own link
            return httpx.Response(200, json={"detail": "confirmed", "changed": False})
        if request.url.path == "/applications/a1/submit":
            return problem(409, "account.email_unverified", "email", "confirm first", email="a@b.org")
        return answer(self, request)

    monkeypatch.setattr(type(portal.fake), "__call__", verification)
    said = translate(lang, "Confirm your e-mail address: open the link we sent to {email}. You can prepare your applications meanwhile; you can submit them once it is confirmed.", email="a@b.org")  # fmt: skip
    for page in ("/applications", "/applications/a1", "/programmes"):
        assert said in (await portal.get(page)).text, page
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    refused = translate(lang, BY_CODE["account.email_unverified"], email="a@b.org")
    assert r.status_code == 409 and refused in r.text
    r = await portal.post("/email-verify/resend", data={"csrf": csrf_of(page.text), "next": "/applications/a1"})
    assert (r.status_code, r.headers["location"]) == (303, "/applications/a1")
    sent = translate(lang, "We sent a new link to {email}. Open it to confirm your address.", email="a@b.org")
    assert sent in (await portal.get("/applications/a1")).text
    # the link's page confirms only when its button is pressed (a mail scanner opens links)
    link = await portal.get("/email-verify", params={"token": "tok-1"})
    assert link.status_code == 200 and confirmed == [] and 'id="confirm-address"' not in link.text
    # nor on a new address's link page: its "send again" sat above the page's own button
    assert 'id="confirm-address"' not in (await portal.get("/email-change", params={"token": "tok-2"})).text
    r = await portal.post("/email-verify", data={"csrf": csrf_of(link.text), "token": "tok-1"})
    assert r.status_code == 303 and confirmed == ["tok-1"]
    after = await portal.get(r.headers["location"])
    assert translate(lang, "Your e-mail address is confirmed: you can submit your applications.") in after.text
    assert 'id="confirm-address"' not in after.text


async def test_an_address_confirmed_in_another_browser_is_no_longer_asked_for_on_the_next_page(portal):
    # the notice had stood beside "submitted" on the application's page for minutes after the
    # link was opened in the mail app's browser: every page asks until the service says so
    portal.fake.me = {**ME, "email_verified": False}
    await log_in(portal)
    said = "Confirm your e-mail address: open the link we sent to a@b.org."
    assert said in (await portal.get("/applications/a1")).text
    portal.fake.me["email_verified"] = True  # the link, opened elsewhere
    for page in ("/applications/a1", "/inbox", "/programmes"):
        assert said not in (await portal.get(page)).text, page


async def test_asking_for_the_link_too_often_or_while_a_new_address_waits_is_said(portal, monkeypatch):
    portal.fake.me = {**ME, "email_verified": False}
    await log_in(portal)
    answer = type(portal.fake).__call__
    refusals = [
        problem(429, "account.email_verify_throttled", "request", "several this hour", retry_after=3600),
        problem(409, "account.email_change_pending", "email", "open the other link", email="new@b.org"),
    ]

    def refused(self, request: httpx.Request) -> httpx.Response:
        return refusals.pop(0) if request.url.path == "/me/email/verify" else answer(self, request)

    monkeypatch.setattr(type(portal.fake), "__call__", refused)
    page = await portal.get("/applications")
    r = await portal.post("/email-verify/resend", data={"csrf": csrf_of(page.text), "next": "/applications"})
    said = (await portal.get(r.headers["location"])).text
    assert "A link was sent several times this hour: use the latest one, or ask again in an hour." in said
    portal.fake.me["pending_email"] = "new@b.org"  # a new address asked for meanwhile
    r = await portal.post("/email-verify/resend", data={"csrf": csrf_of(page.text), "next": "/applications"})
    said = (await portal.get(r.headers["location"])).text
    assert "Open the link we sent to new@b.org: it confirms your new address and your account." in said
    assert "open the link we sent to new@b.org. You can prepare" in said  # the notice names the new address


async def test_a_referees_forms_come_back_at_that_referee(portal, monkeypatch):
    """A refused "Remind" (too soon) brought a phone's page back to its top, some 4,400 px above
    the referee it was about: the forms' addresses name the referee's place on the page."""
    await log_in(portal)
    answer = type(portal.fake).__call__
    waiting = {"id": "r1", "name": "Prof. Li", "email": "li@example.org", "position": "professor",
               "institution": "LZU", "relationship": "taught me", "language": "zh", "state": "requested",
               "due_at": "2027-03-01T00:00:00+00:00", "created_at": "2026-12-01T00:00:00+00:00",
               "opened_at": None, "answered_at": None, "last_reminded_at": None}  # fmt: skip

    def named(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/applications/a1/referees":
            return httpx.Response(200, json=[waiting])
        return answer(self, request)

    monkeypatch.setattr(type(portal.fake), "__call__", named)
    page = (await portal.get("/applications/a1")).text
    assert 'id="referee-r1"' in page
    for action in ("remind", "cancel"):
        assert f'action="/applications/a1/referees/r1/{action}#referee-r1"' in page, action


async def test_the_notice_follows_the_account_and_a_link_of_another_account_says_so(portal, monkeypatch):
    """Confirmed in another browser, the notice stayed until the next log-in; a link of another
    account, confirmed here, said "your address is confirmed" and hid this account's notice."""
    portal.fake.me = {**ME, "email_verified": False}
    await log_in(portal)
    answer = type(portal.fake).__call__

    def verification(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/email-change/confirm":
            return httpx.Response(200, json={"detail": "confirmed", "changed": False})
        if request.url.path == "/me/email-change":
            self.me["pending_email"] = None
            return httpx.Response(204)
        return answer(self, request)

    monkeypatch.setattr(type(portal.fake), "__call__", verification)
    link = await portal.get("/email-verify", params={"token": "someone-elses"})
    r = await portal.post("/email-verify", data={"csrf": csrf_of(link.text), "token": "someone-elses"})
    page = (await portal.get(r.headers["location"])).text
    assert "This link confirmed another account&#39;s address; yours still waits for its own link." in page
    assert 'id="confirm-address"' in page
    # a new address asked for: the notice names it, and the profile takes it back
    portal.fake.me.update(pending_email="typo@b.org")
    profile = await portal.get("/profile")
    assert "open the link we sent to typo@b.org" in profile.text and 'id="cancel-email-change"' in profile.text
    r = await portal.post("/profile/email-change/cancel", data={"csrf": csrf_of(profile.text)})
    page = (await portal.get(r.headers["location"])).text
    assert "The change of address was cancelled" in page and "open the link we sent to a@b.org" in page
    # confirmed elsewhere: the list of applications asks, and the notice is gone
    portal.fake.me.update(email_verified=True)
    assert 'id="confirm-address"' not in (await portal.get("/applications")).text


async def test_a_draft_ready_to_submit_does_not_promise_a_submit_before_the_address_is_confirmed(portal):
    """The line "Every choice is eligible. You can submit." stood above a submit the service refuses
    until the address is confirmed; it now says to confirm it first, and where the link went."""
    portal.fake.me = {**ME, "email_verified": False}
    await log_in(portal)
    page = (await portal.get("/applications/a1")).text
    assert 'id="submit-needs-address"' in page and "open the link we sent to a@b.org" in page
    assert "You can submit." not in page
    portal.fake.me.update(email_verified=True)
    await portal.get("/applications")  # the list asks the service again
    page = (await portal.get("/applications/a1")).text
    assert "Every choice is eligible. You can submit." in page and 'id="submit-needs-address"' not in page


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_submitted_applications_document_is_replaced_by_a_new_version_not_added_beside(portal, lang):
    """After submitting, the only way to change a passport was the general upload form, which
    added a second passport beside the first: the officer then verified one and rejected the
    other, and the applicant's page said both "all verified" and "upload again"."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.application.update(status="submitted")
    portal.fake.documents = [
        {"id": "d1", "application_id": "a1", "kind": "passport", "original_name": "passport.jpg",
         "content_type": "image/jpeg", "size": 1000, "version": 1, "uploaded_at": "2026-12-01T10:00:00+00:00",
         "state": "pending", "attested_by": None, "translation_language": None, "nostrified": False}
    ]  # fmt: skip
    page = await portal.get("/applications/a1")
    item = page.text.split('id="doc-d1"', 1)[1].split("</li>", 1)[0]
    assert 'id="replace-d1"' in item and 'action="/applications/a1/documents/d1/reupload"' in item
    assert translate(lang, "Replace with a new version") in item
    if lang != "en":
        assert translate(lang, "Replace with a new version") != "Replace with a new version"
    beside = "A document uploaded here is added beside the ones above. To change one of them, use “Replace with a new version” beside it."  # fmt: skip
    assert translate(lang, beside) in page.text
    uploads = len(portal.fake.uploads)
    files = {"file": ("passport-2.pdf", b"%PDF-1.4 new scan", "application/pdf")}
    sent = await portal.post("/applications/a1/documents/d1/reupload", data={"csrf": csrf_of(page.text)}, files=files)
    assert sent.status_code == 303 and sent.headers["location"] == "/applications/a1#documents"
    assert portal.fake.uploads[uploads:] == ["d1"]  # sent as the version after d1, not as a second passport


@pytest.mark.parametrize("lang, day", [("en", "1 Dec 2026"), ("ru", "1 дек. 2026"), ("zh", "2026年12月1日")])
async def test_a_programme_card_says_when_its_cycle_stops_taking_applications(portal, lang, day):
    """The deadline appeared only once a programme had been added to an application."""
    portal.fake.programmes = [dict(PROGRAMME)]
    await portal.get(f"/language/{lang}?next=/")
    r = await portal.get("/programmes")
    card = re.search(r'id="programme-p1".*?(?=<li class="card"|<nav class="pager"|</ul>)', r.text, re.S).group(0)
    closes = re.search(r"<dt>([^<]*)</dt><dd class=\"closes\">(.*?)</dd>", card, re.S)
    assert closes and closes.group(1) == translate(lang, "Applications close")
    assert '<time datetime="2026-12-01T00:00:00+00:00">' in closes.group(2) and day in closes.group(2)
    assert "00:00 UTC" in closes.group(2)  # the hour too: a cycle closes at a time of day


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_draft_whose_choices_ask_for_no_letters_says_no_referee_is_needed(portal, lang):
    """The medical exchange's draft showed "Recommendation letters" and the referee form with no
    word of how many were needed: an applicant thought referees were required."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.application.update(status="draft")
    page = await portal.get("/applications/a1")
    said = "None of your chosen programmes asks for recommendation letters: you need not name a referee."
    assert 'id="letters-not-needed"' in page.text and translate(lang, said) in page.text
    assert 'id="letters-needed"' not in page.text
    # the form folded under "all the same", still there for a letter that may help
    folded = page.text.split('<details id="name-referee-anyway">', 1)[1].split("</details>", 1)[0]
    assert 'id="name-referee"' in folded and translate(lang, "Name a referee all the same") in folded


class TwoApplications(FakeApplications):
    """The applicant's draft a1 and an earlier application a2 (another cycle) with a passport
    and a transcript; a1 holds the same transcript already. Records the copies asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.copies: list[dict] = []
        self.listed = [self.application, {**APPLICATION, "id": "a2", "cycle_id": "c0", "status": "withdrawn"}]
        doc = {"application_id": "a2", "content_type": "application/pdf", "size": 1000, "version": 1,
               "uploaded_at": "2026-11-01T10:00:00+00:00", "state": "verified", "attested_by": None,
               "translation_language": None, "nostrified": False}  # fmt: skip
        self.earlier = [
            {**doc, "id": "d-pass", "kind": "passport", "original_name": "passport.pdf", "sha256": "aa"},
            {**doc, "id": "d-tr", "kind": "transcript", "original_name": "transcript.pdf", "sha256": "bb"},
            # another transcript: a1 has one, which is replaced beside it, not joined by a second
            {**doc, "id": "d-tr2", "kind": "transcript", "original_name": "transcript-2027.pdf", "sha256": "cc"},
        ]
        self.documents = [{**self.earlier[1], "id": "d1", "application_id": "a1", "state": "pending"}]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("GET", "/applications/a2/documents"):
            return httpx.Response(200, json=self.earlier)
        if (request.method, request.url.path) == ("POST", "/applications/a1/documents/copy"):
            self.copies.append(json.loads(request.content))
            if self.copies[-1]["document_id"] == "d-tr":
                return problem(409, "document.duplicate", "file", "already", document_id="d1")
            return httpx.Response(201, json={"id": "d2"})
        return super().__call__(request)


@pytest.mark.parametrize("lang", ["en", "zh", "ur"])
async def test_a_document_of_another_application_is_offered_and_copied_in(lang):
    """An applicant of a second programme uploaded the same passport, transcript and
    certificates again, file by file."""
    async with portal_over(TwoApplications(), FakeMatching()) as portal:
        await log_in(portal)
        await portal.get(f"/language/{lang}?next=/")
        portal.fake.application.update(status="draft")
        page = await portal.get("/applications/a1")
        form = page.text.split('id="copy-document"', 1)[1].split("</form>", 1)[0]
        assert translate(lang, "Use a document from another of your applications") in form
        options = re.findall(r'<option value="([^"]+)">([^<]*)</option>', form)
        # the passport offered, with the cycle it came from; the transcript the draft has already is not
        assert [value for value, _text in options] == ["d-pass"] and "passport.pdf" in options[0][1]
        sent = await portal.post("/applications/a1/documents/copy", data={"csrf": csrf_of(page.text), "document_id": "d-pass"})  # fmt: skip
        assert sent.status_code == 303 and portal.fake.copies == [{"document_id": "d-pass"}]
        refused = await portal.post("/applications/a1/documents/copy", data={"csrf": csrf_of(page.text), "document_id": "d-tr"})  # fmt: skip
        assert refused.status_code == 422
        said = html.unescape(refused.text.split('id="e-document_id">', 1)[1].split("</p>", 1)[0])
        assert translate(lang, BY_CODE["document.duplicate"]) in said
        empty = await portal.post("/applications/a1/documents/copy", data={"csrf": csrf_of(page.text)})
        assert empty.status_code == 422 and translate(lang, "Choose a document.") in empty.text
        assert len(portal.fake.copies) == 2  # nothing sent without a choice


# 40 to rank, 6 with a committee score from one review of the two the scoresheet asks
SHORT = {
    "ranked": 40,
    "components": ["grade"],
    "left_out": ["committee"],
    "without": {"interview": 40, "committee": 34},
    "reviews_asked": 2,
    "short_of_reviews": 40,
    "incomplete": True,
}


async def test_a_round_over_incomplete_reviews_is_said_before_it_starts_and_needs_a_tick(portal):
    """An officer started a round with 6 of 40 scored and none with its 2 reviews: no warning,
    and the scored were ranked on another scale. The start form says how many lack reviews and
    what the round will rank by, and starts the round only once the officer ticks the box."""
    portal.fake.role = "officer"
    await log_in(portal)
    page = await portal.get("/officer/cycles/c1")
    assert 'id="scores-incomplete"' not in page.text and 'id="f-incomplete-scores-ok"' not in page.text
    assert "A round now ranks everyone by: Grade." in page.text
    portal.matching.readiness = SHORT
    await portal.get("/language/zh?next=/officer")
    page = await portal.get("/officer/cycles/c1")
    warning = re.search(r'<div class="note warning" id="scores-incomplete">(.*?)</div>', page.text, re.S).group(1)
    short = translate("zh", "Reviews not complete: {n} of the {total} applications this round would rank have fewer reviews than the scoresheet asks ({asked} each).")  # fmt: skip
    assert html.unescape(short.format(n=40, total=40, asked=2)) in html.unescape(warning)
    assert "34" in re.search(r'id="left-out-committee">(.*?)</p>', warning, re.S).group(1)
    assert "不计入评审委员会得分" in warning and "Reviews not complete" not in warning
    assert 'id="f-incomplete-scores-ok"' in page.text and 'id="partly-reviewed"' not in warning

    # not ticked: the service's refusal is said beside the box, the seed stays as typed
    portal.matching.start_refusal = problem(
        409, "round.scores_incomplete", "incomplete_scores_ok", "40 of the 40 applications ...", **SHORT
    )
    r = await portal.post(
        "/officer/cycles/c1/rounds", data={"csrf": csrf_of(page.text), "seed": "5", "supersede_ok": "yes"}
    )
    assert r.status_code == 409 and portal.matching.started[-1] == {"seed": 5}
    said = re.search(r'id="e-incomplete-scores-ok">(.*?)</p>', r.text, re.S).group(1)
    assert said == translate("zh", BY_CODE["round.scores_incomplete"]) and "勾选" in said
    assert 'value="5"' in r.text and 'aria-invalid="true" aria-describedby="e-incomplete-scores-ok"' in r.text
    # ticked: asked of the service with the confirmation, and on to the round
    page = await portal.get("/officer/cycles/c1")
    once = re.search(r'action="/officer/cycles/c1/rounds".*?name="once" value="([^"]+)"', page.text, re.S).group(1)
    after = re.search(r'name="after_round" value="([^"]*)"', page.text).group(1)
    form = {"csrf": csrf_of(page.text), "once": once, "after_round": after, "seed": "5", "incomplete_scores_ok": "yes",
            "supersede_ok": "yes"}  # fmt: skip
    r = await portal.post("/officer/cycles/c1/rounds", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/officer/rounds/r1"
    assert portal.matching.started[-1] == {"seed": 5, "incomplete_scores_ok": True, "after_round": ""}
    # the form's one-time value is the start's Idempotency-Key: the form sent twice (a double
    # click, two requests in flight) is one round at the service
    await portal.post("/officer/cycles/c1/rounds", data=form)
    assert portal.matching.start_keys[-2:] == [once, once]
    # with the latest round the page showed (none here): one started since is refused by the service
    assert portal.matching.started[-1]["after_round"] == ""
    assert once not in (await portal.get("/officer/cycles/c1")).text  # a fresh form: a new value


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_reviews_short_while_everyone_has_a_committee_score_are_said_as_such(portal, lang):
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/officer")
    portal.matching.readiness = {**SHORT, "components": ["grade", "committee"], "left_out": [], "short_of_reviews": 3}
    page = await portal.get("/officer/cycles/c1")
    warning = re.search(r'id="scores-incomplete">(.*?)</div>', page.text, re.S).group(1)
    mean = translate(lang, "Their committee score is the mean of the reviews they have so far, and counts in the priority as a complete one would.")  # fmt: skip
    assert html.unescape(mean) in html.unescape(warning) and 'id="left-out-committee"' not in warning
    ranked_by = re.search(r'id="ranked-by">(.*?)<a', warning, re.S).group(1)
    assert translate(lang, "Grade") in ranked_by and translate(lang, "Committee score") in ranked_by


async def test_a_staff_member_switching_the_page_language_hears_which_language_the_messages_are_in(portal):
    """A ministry worked in Russian and got its e-mails in English (its account's language)."""
    said = "Your messages are written in {language}. You can choose their language on your account page."
    portal.fake.role = "nominator"
    await log_in(portal)
    r = await portal.get("/language/ru?next=/profile", follow_redirects=True)
    assert translate("ru", said, language=language_name("ru", "en")) in r.text  # the language named in Russian
    r = await portal.get("/language/en?next=/profile", follow_redirects=True)  # the messages' own language
    assert translate("en", said, language="English") not in r.text


async def test_a_session_whose_token_was_revoked_is_logged_out_at_the_next_check(portal, monkeypatch):
    # a copy of the cookie kept after "Log out" had still opened the officer's console, which
    # reads only the catalog: each minute a page asks whether the token stands
    from services.portal.views import auth

    portal.fake.role = "officer"
    await log_in(portal)
    monkeypatch.setattr(auth, "TOKEN_RECHECK_SECONDS", 0)
    answer = type(portal.fake).__call__
    revoked: list[bool] = [False]

    def account(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/me/account":
            if revoked[0]:
                return problem(401, "auth.revoked", "authorization", "this token was revoked; log in again")
            return httpx.Response(200, json={"id": "o1", "preferred_language": "en"})
        return answer(self, request)

    monkeypatch.setattr(type(portal.fake), "__call__", account)
    assert (await portal.get("/officer/cycles/c1/review")).status_code == 200
    revoked[0] = True
    r = await portal.get("/officer/cycles/c1/review")
    assert r.status_code in (302, 303) and r.headers["location"].startswith("/login")
    assert "Your session has ended" in (await portal.get(r.headers["location"])).text


async def test_an_active_sessions_token_is_renewed_before_its_hour_ends(portal, monkeypatch):
    """The session lasts 8 hours, its token one: a person at work was logged out after an hour
    (the check once a minute only asked whether the token stood)."""
    import time

    import jwt as pyjwt

    from services.portal.views import auth

    monkeypatch.setattr(auth, "TOKEN_RECHECK_SECONDS", 0)
    ending = pyjwt.encode({"sub": "u1", "role": "applicant", "exp": int(time.time()) + 120}, "k" * 32)
    fresh = pyjwt.encode({"sub": "u1", "role": "applicant", "exp": int(time.time()) + 3600}, "k" * 32)
    answer = type(portal.fake).__call__
    seen: list[str] = []

    def tokens(self, request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        if request.url.path == "/auth/token":
            return httpx.Response(200, json={"access_token": ending, "role": "applicant", "expires_in": 3600})
        if request.url.path == "/auth/token/renew":
            assert request.headers["authorization"] == f"Bearer {ending}"
            return httpx.Response(200, json={"access_token": fresh, "role": "applicant", "expires_in": 3600})
        return answer(self, request)

    monkeypatch.setattr(type(portal.fake), "__call__", tokens)
    await log_in(portal)
    assert (await portal.get("/applications")).status_code == 200  # the check renews it
    seen.clear()
    assert (await portal.get("/applications")).status_code == 200
    assert seen and all(h == f"Bearer {fresh}" for h in seen if h)  # the renewed token is the session's now


async def test_the_portal_has_metrics_for_operators_only(monkeypatch):
    """The portal had no /metrics: its requests by route and status were nowhere."""
    from pydantic import SecretStr

    async with portal_over(FakeApplications(), FakeMatching()) as client:
        await client.get("/login")
        settings = client._transport.app.state.settings
        monkeypatch.setattr(settings, "env", "production")
        assert (await client.get("/metrics")).status_code == 401  # no operator token set: closed
        monkeypatch.setattr(settings, "operator_token", SecretStr("an-operator-token-long-enough"))
        assert (await client.get("/metrics", headers={"Authorization": "Bearer guess"})).status_code == 401
        r = await client.get("/metrics", headers={"Authorization": "Bearer an-operator-token-long-enough"})
    assert r.status_code == 200
    assert 'corridor_http_requests_total{method="GET",route="/login",service="portal",status="200"}' in r.text


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_the_committee_cancels_a_booking_with_a_reason_for_the_applicant(portal, lang):
    """Only the applicant could cancel: the panel that could not sit had no way to free the time."""
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    slot = {"id": "s1", "cycle_id": "c1", "starts_at": "2099-01-01T02:00:00Z", "local_start": "2099-01-01T10:00:00+08:00",
            "duration_minutes": 30, "time_zone": "Asia/Shanghai", "place": "Room 1", "capacity": 1}  # fmt: skip
    booking = {"application_id": "a1", "name": "Ayesha Khan", "attendance": None, "score": None}
    portal.matching.slots = [{"slot": slot, "booking": booking}]
    page = await portal.get("/officer/committee/cycles/c1/interviews")
    assert 'action="/officer/committee/cycles/c1/interviews/a1/cancel"' in page.text
    assert translate(lang, "Cancel this booking…") in page.text
    url = "/officer/committee/cycles/c1/interviews/a1/cancel"
    r = await portal.post(url, data={"csrf": csrf_of(page.text), "confirm": "yes"})
    assert r.status_code == 422 and translate(lang, "Write the applicant a reason: their e-mail quotes it.") in r.text
    r = await portal.post(url, data={"csrf": csrf_of(page.text), "reason": "The panel cannot sit"})
    assert r.status_code == 422 and 'value="The panel cannot sit"' in r.text
    assert not getattr(portal.matching, "staff_cancelled", [])
    r = await portal.post(url, data={"csrf": csrf_of(page.text), "reason": "The panel cannot sit", "confirm": "yes"})
    assert r.status_code == 303
    assert portal.matching.staff_cancelled == [("/interviews/a1/booking/cancel", {"reason": "The panel cannot sit"})]
    # a recorded interview took place: nothing to cancel
    portal.matching.slots = [{"slot": slot, "booking": {**booking, "attendance": "attended"}}]
    assert "/interviews/a1/cancel" not in (await portal.get("/officer/committee/cycles/c1/interviews")).text


async def test_a_new_draft_starts_from_the_answers_of_the_earlier_application(portal):
    """Applying again after withdrawing started from nothing: grade, certificates and
    statement typed again. They are filled in, to check and save; nothing is saved unasked."""
    await log_in(portal)
    earlier = {**portal.fake.application, "id": "a9", "status": "withdrawn", "grade": 85.5,
               "statement": "Railways connect Almaty and Urumqi.", "language_certificates": [{"kind": "HSK", "level": 5}]}  # fmt: skip
    portal.fake.listed = [dict(portal.fake.application), earlier]
    page = await portal.get("/applications/a1")
    form = page.text.split('action="/applications/a1/details"', 1)[1].split("</form>", 1)[0]
    assert 'id="answers-before"' in form and 'value="85.5"' in form
    assert "Railways connect Almaty and Urumqi." in form and 'value="HSK"' in form
    assert not [c for c in portal.fake.calls if c[0] == "PATCH"]  # nothing saved unasked
    # an application with answers of its own keeps them
    portal.fake.application["grade"] = 70.0
    form = (await portal.get("/applications/a1")).text.split('action="/applications/a1/details"', 1)[1]
    assert 'id="answers-before"' not in form and 'value="85.5"' not in form.split("</form>", 1)[0]
    portal.fake.application["grade"] = None


class LettersApplications(FakeApplications):
    """The applications service's catalog copy with two programmes asking for letters differently."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("GET", "/programmes"):
            chinese = {
                **PROGRAMME,
                "title": "Chinese Language",
                "requirements": {
                    **PROGRAMME["requirements"],
                    "letters": {"count": 1, "positions": ["professor", "associate_professor"]},
                },
            }
            farming = {
                **PROGRAMME,
                "id": "p2",
                "title": "Oasis Agriculture",
                "requirements": {**PROGRAMME["requirements"], "letters": {"count": 2, "positions": []}},
            }
            return httpx.Response(200, json={"items": [chinese, farming], "total": 2})
        return super().__call__(request)  # fmt: skip


async def test_programmes_asking_for_letters_differently_are_each_said_not_merged():
    """One asked 1 letter from a professor, the other 2 from anyone: the page said "2 letters
    from a professor or associate professor", stricter than either."""
    fake = LettersApplications()
    fake.application = {**APPLICATION, "choices": ["p1", "p2"]}
    async with portal_over(fake, FakeMatching()) as portal:
        await log_in(portal)
        page = await portal.get("/applications/a1")
    assert page.status_code == 200, page.text[:500]
    needed = re.search(r'<ul id="letters-needed" class="letters-by-programme">(.*?)</ul>', page.text, re.S)
    assert needed is not None
    items = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", i)).strip()
        for i in re.findall(r"<li>(.*?)</li>", needed.group(1), re.S)
    ]
    assert items == [
        "Chinese Language — Letters needed: 1 · from: professor or associate professor",
        "Oasis Agriculture — Letters needed: 2",
    ]


async def test_an_upload_posted_after_the_session_ended_says_the_file_was_not_kept(portal):
    """It went to the log-in page with no word of the file (every other form says what was lost)."""
    page = await portal.get("/login")  # a session cookie, nobody logged in
    await portal.get("/language/ru?next=/login")
    r = await portal.post(
        "/applications/a1/documents",
        data={"csrf": csrf_of(page.text), "kind": "passport"},
        files={"file": ("passport.pdf", b"%PDF-1.4\n", "application/pdf")},
    )
    assert r.status_code in (302, 303) and r.headers["location"].startswith("/login")
    shown = await portal.get(r.headers["location"])
    assert "Сеанс завершился, поэтому файл не загружен." in shown.text
    assert portal.fake.uploads == []


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_chosen_programme_taken_off_offer_is_said_on_the_draft(portal, lang):
    """An officer set its seats to 0: the draft showed "0 seats" and the submit refused it."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.application["status"] = "draft"
    portal.fake.programmes = [{**PROGRAMME, "seats": 0}]
    page = await portal.get("/applications/a1")
    said = "This programme no longer takes applicants (it was taken off offer): remove it from your choices, or choose another."  # fmt: skip
    assert 'id="closed-p1"' in page.text and html.unescape(translate(lang, said)) in html.unescape(page.text)
    choice = re.search(r'<li class="choice[^"]*" id="choice-p1">.*?</li>', page.text, re.S).group(0)
    assert translate(lang, "Eligible") not in choice  # not "eligible" beside "no longer takes applicants"
    # the choices are named from the catalog with the programmes taken off offer
    assert any(q.get("with_closed") == "true" for q in portal.fake.programme_queries)


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_an_accepted_place_is_given_up_in_its_own_words(portal, lang):
    """Accepted was final: a visa refused left the applicant no way out and no word of whom to ask."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.application.update(status="accepted")
    page = await portal.get("/applications/a1")
    section = re.search(r'<details class="withdraw".*?</details>', page.text, re.S).group(0)
    assert translate(lang, "Give up your place") in section and 'id="give-up-consequences"' in section
    form = {"csrf": csrf_of(page.text), "reason": "visa refused", "confirm": "yes"}
    r = await portal.post("/applications/a1/withdraw", data=form)
    assert r.status_code == 303
    said = "You gave up your place: the host institution is told, and its admission papers no longer apply."
    assert html.unescape(translate(lang, said)) in html.unescape((await portal.get("/applications/a1")).text)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_round_started_since_the_page_was_read_is_said_and_none_is_started(portal, lang):
    """Back after "Start round", and pressed again: a second round replaced the proposals of the
    first that nobody had reviewed yet, without a word."""
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/officer")
    page = await portal.get("/officer/cycles/c1")
    portal.matching.start_refusal = problem(409, "round.started_since", "after_round", "started since", round_id="r9")
    form = {"csrf": csrf_of(page.text), "after_round": "", "supersede_ok": "yes"}
    r = await portal.post("/officer/cycles/c1/rounds", data=form)
    said = "A round was started since you opened this page (by a colleague, or from this page before): its proposals are below. Nothing was started; start another only if you mean to replace them."  # fmt: skip
    assert r.status_code == 409 and html.unescape(translate(lang, said)) in html.unescape(r.text)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_new_round_over_proposals_not_reviewed_yet_is_ticked_first(portal, lang):
    """Back to the cycle page (fetched anew, so it knew the round just started) and "Start round"
    again replaced that round's proposals, nobody having reviewed them, without a word."""
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/officer")
    page = await portal.get("/officer/cycles/c1")  # the fake's cycle has one proposal not reviewed
    note = translate(lang, "{n} proposals of the last round are not reviewed yet: a new round replaces them.", n=1)
    assert html.unescape(note) in html.unescape(page.text) and 'id="f-supersede-ok"' in page.text
    started = len(getattr(portal.matching, "started", []))
    r = await portal.post("/officer/cycles/c1/rounds", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 422 and len(getattr(portal.matching, "started", [])) == started  # nothing started
    said = "Tick the box to replace the proposals not reviewed yet, or review them first."
    assert html.unescape(translate(lang, said)) in html.unescape(r.text) and 'aria-invalid="true"' in r.text
    r = await portal.post("/officer/cycles/c1/rounds", data={"csrf": csrf_of(page.text), "supersede_ok": "yes"})
    assert r.status_code == 303 and len(portal.matching.started) == started + 1


async def test_a_programme_taken_off_offer_reads_so_on_the_cycle_page(portal):
    """It read "0 / 0 full" beside the others' fill."""
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get("/language/zh?next=/officer")
    portal.matching.quota = {"rules": [], "programmes": [
        {"programme_id": "p1", "title": "Dentistry", "seats": 0, "filled": 0},
        {"programme_id": "p2", "title": "Medicine", "seats": 2, "filled": 2},
    ]}  # fmt: skip
    page = await portal.get("/officer/cycles/c1")
    off = re.search(r'id="off-offer-p1">(.*?)</div></div>', page.text, re.S).group(1)
    assert translate("zh", "taken off offer") in off and "0 / 0" not in off
    assert 'id="off-offer-p2"' not in page.text  # a full programme still reads as full


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_a_referee_written_to_within_the_day_offers_no_remind_button_but_says_from_when(
    portal, monkeypatch, lang
):
    """ "Remind" just after naming a referee was always refused ("try again tomorrow"), and the
    button stayed to be pressed again."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    answer = type(portal.fake).__call__
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat()
    waiting = {"id": "r1", "name": "Prof. Li", "email": "li@example.org", "position": "professor",
               "institution": "LZU", "relationship": "taught me", "language": "zh", "state": "requested",
               "due_at": "2027-03-01T00:00:00+00:00", "created_at": "2026-12-01T00:00:00+00:00",
               "opened_at": None, "answered_at": None, "last_reminded_at": None, "remind_from": soon}  # fmt: skip
    past = {
        **waiting,
        "id": "r2",
        "name": "Prof. Wang",
        "email": "wang@example.org",
        "remind_from": "2026-01-01T00:00:00+00:00",
    }

    def named(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/applications/a1/referees":
            return httpx.Response(200, json=[waiting, past])
        return answer(self, request)

    monkeypatch.setattr(type(portal.fake), "__call__", named)
    page = (await portal.get("/applications/a1")).text
    assert 'action="/applications/a1/referees/r1/remind' not in page and 'id="remind-later-r1"' in page
    later = page.split('id="remind-later-r1">')[1].split("</p>")[0]
    assert "UTC" in later and "&lt;" not in later  # the moment, in words
    assert 'action="/applications/a1/referees/r2/remind#referee-r2"' in page  # due: the button


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_drafts_document_is_deleted_only_once_asked(portal, lang):
    """One tap on "Delete", just under "Replace with a new version" on a phone, deleted the file."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/")
    portal.fake.documents = [
        {"id": "d1", "application_id": "a1", "kind": "passport", "original_name": "passport.pdf",
         "content_type": "application/pdf", "size": 1000, "version": 1, "state": "pending",
         "uploaded_at": "2026-11-01T10:00:00+00:00", "sha256": "aa", "attested_by": None,
         "translation_language": None, "nostrified": False},
    ]  # fmt: skip
    page = (await portal.get("/applications/a1")).text
    asked = page.split('<details class="delete-document" id="delete-d1">')[1].split("</details>")[0]
    assert 'action="/applications/a1/documents/d1/delete"' in asked
    assert translate(lang, "Yes, delete it") in asked
    assert lang == "en" or translate(lang, "Yes, delete it") != "Yes, delete it"


@pytest.mark.parametrize(
    ("lang", "archive", "back", "listed"),
    [
        ("en", "Archive this cycle", "Bring it back", "Archived cycles"),
        ("zh", "归档此招生周期", "恢复", "已归档的招生周期"),
        ("ru", "Перенести набор в архив", "Вернуть из архива", "Наборы в архиве"),
        ("ur", "یہ دور محفوظ کریں", "واپس لائیں", "محفوظ شدہ ادوار"),
    ],
)
async def test_a_closed_cycle_is_archived_out_of_the_console_and_brought_back(portal, lang, archive, back, listed):
    """A cycle that ran a round can never be removed: the console listed every past cycle."""
    portal.fake.role = "officer"
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/officer")
    page = await portal.get("/officer/cycles/c1")  # its applications closed on 1 December
    assert 'id="archive-cycle"' in page.text and archive in page.text
    r = await portal.post("/officer/cycles/c1/archive", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/officer"
    console = await portal.get("/officer")
    assert "/officer/cycles/c1" not in console.text and 'href="/officer?archived=true"' in console.text
    assert portal.matching.cycle_queries[-1]["archived"] == "false"
    shelf = await portal.get("/officer?archived=true")
    assert listed in shelf.text and 'href="/officer/cycles/c1"' in shelf.text
    page = await portal.get("/officer/cycles/c1")
    # archived: said, no round form, the way back
    assert 'id="archived-note"' in page.text and 'action="/officer/cycles/c1/rounds"' not in page.text
    assert back in page.text and 'id="archive-cycle"' not in page.text
    note = page.text.split('id="archived-note">', 1)[1].split("</p>", 1)[0]
    assert "&lt;" not in note and "<time" not in note  # the date as text (its markup was shown)
    assert 'id="link-edit-cycle"' not in page.text  # an archived cycle is not changed
    r = await portal.post("/officer/cycles/c1/restore", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/c1"
    assert "/officer/cycles/c1" in (await portal.get("/officer")).text


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("cycle.still_open", "Applications to this cycle are still open"),
        ("cycle.proposals_waiting", "Proposals of this cycle wait for review"),
        ("cycle.round_running", "A round of this cycle is under way"),
    ],
)
async def test_a_cycle_kept_in_use_says_why_beside_the_button(portal, code, said):
    portal.fake.role = "officer"
    await log_in(portal)
    page = await portal.get("/officer/cycles/c1")
    portal.matching.archive_refusal = problem(409, code, "cycle_id", "refused")
    r = await portal.post("/officer/cycles/c1/archive", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 409
    error = re.search(r'<p class="error" role="alert" id="e-archive">(.*?)</p>', r.text, re.S)
    assert error and said in error.group(1)
    assert 'id="archived-note"' not in r.text


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_refused_log_in_names_the_reason_in_its_summary_linked_to_the_field(portal, lang):
    """A screen reader landed on "Please correct the marked fields." and no more: the reason sat
    under the password field only."""
    await portal.get(f"/language/{lang}?next=/login")
    page = await portal.get("/login")
    portal.fake.refuse_login = True
    r = await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "wrong"})
    summary = re.search(
        r'<div class="error-summary" role="alert" tabindex="-1" id="error-summary">(.*?)</div>', r.text, re.S
    )
    assert summary, r.text
    said = translate(lang, "{field}: {reason}").format(
        field=translate(lang, "Password"), reason=translate(lang, "Incorrect e-mail or password.")
    )
    assert f'<a href="#f-password">{html.escape(said, quote=False)}</a>' in summary.group(1)


async def test_an_application_page_is_titled_with_its_cycle(portal):
    """Every application's tab and history entry read "Application · Corridor" alike."""
    await log_in(portal)
    page = await portal.get("/applications/a1")
    assert page.status_code == 200
    assert "<title>Application · SCO 2026/27 · Corridor</title>" in page.text


@pytest.mark.parametrize("address", ["/register", "/login"])
async def test_an_email_field_reads_left_to_right_on_an_urdu_page(portal, address):
    """On the Urdu registration and referee forms an address's digits and dots scattered."""
    await portal.get(f"/language/ur?next={address}")
    page = await portal.get(address)
    field = re.search(r'<input id="f-email"[^>]*>', page.text, re.S).group(0)
    assert 'dir="ltr"' in field and field.count("dir=") == 1


async def test_a_programmes_add_button_is_described_by_its_title_and_host(portal):
    """Two programmes of one title at two universities: their buttons sounded alike."""
    await log_in(portal)
    page = await portal.get("/programmes")
    button = re.search(r'<button type="submit" aria-describedby="([^"]+)">', page.text)
    assert button and button.group(1) == "programme-p1-title programme-p1-host"
    assert 'id="programme-p1-host"' in page.text and PROGRAMME["host_institution_name"] in page.text


async def test_an_open_cycles_archive_refusal_is_said_and_its_address_reopened_goes_to_the_page(portal):
    """Open again since the page was read: the refusal came back to a page whose archive section
    is shown only for a closed cycle, with no word; a language switch then reopened the form's
    address (405)."""
    portal.fake.role = "officer"
    await log_in(portal)
    page = await portal.get("/officer/cycles/c1")
    portal.matching.cycle_more = {"closes_at": "2099-01-01T00:00:00+00:00"}
    portal.matching.archive_refusal = problem(409, "cycle.still_open", "cycle_id", "still open")
    r = await portal.post("/officer/cycles/c1/archive", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 409 and "Applications to this cycle are still open" in r.text
    again = await portal.get("/officer/cycles/c1/archive")
    assert again.status_code == 303 and again.headers["location"] == "/officer/cycles/c1"
