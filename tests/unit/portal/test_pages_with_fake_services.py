"""Portal pages over fake services (httpx.MockTransport): a refusal is shown by its code in
the reader's language, and the document form offers and forwards every kind of the contract."""

from __future__ import annotations

import base64
import json
import re

import httpx
import pytest

from services.portal.app import create_app
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
    "name": "SCO 2026/27",
    "window": "open",
    "closes_at": "2026-12-01T00:00:00+00:00",
    "max_choices": 3,
}
PROGRAMME = {"id": "p1", "title": "Clinical Medicine", "host_institution_name": "XJMU", "seats": 3}


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


def token_for(role: str) -> str:
    claims = base64.urlsafe_b64encode(json.dumps({"sub": "u1", "role": role, "name": "Aigerim"}).encode()).decode()
    return f"h.{claims.rstrip('=')}.s"


class FakeApplications:
    """Answers the applications service's routes the pages call; records what was posted."""

    def __init__(self):
        self.uploads: list[str] = []
        self.refuse_submit: httpx.Response | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (method, path) == ("POST", "/auth/token"):
            return httpx.Response(200, json={"access_token": token_for("applicant"), "role": "applicant"})
        if (method, path) == ("GET", "/me"):
            return httpx.Response(200, json={"preferred_language": "en"})
        if (method, path) == ("POST", "/auth/register"):
            return problem(409, "account.email_taken", "email", "an account with this e-mail already exists")
        if (method, path) == ("GET", "/applications/a1"):
            return httpx.Response(200, json=APPLICATION)
        if (method, path) == ("GET", "/applications/gone"):
            return problem(404, "application.not_found", "application_id", "no application gone")
        if (method, path) == ("GET", "/cycles/c1"):
            return httpx.Response(200, json=CYCLE)
        if (method, path) == ("GET", "/programmes"):
            return httpx.Response(200, json={"items": [PROGRAMME], "total": 1})
        if (method, path) == ("GET", "/applications/a1/documents"):
            return httpx.Response(200, json=[])
        if (method, path) == ("GET", "/applications/a1/eligibility"):
            return httpx.Response(
                200, json={"eligible": True, "choices": [{"programme_id": "p1", "eligible": True, "reasons": []}]}
            )
        if (method, path) == ("POST", "/applications/a1/documents"):
            self.uploads.append(re.search(rb'name="kind"\r\n\r\n([a-z_]+)', request.content).group(1).decode())
            return httpx.Response(201, json={"id": "d1"})
        if (method, path) == ("POST", "/applications/a1/submit"):
            return self.refuse_submit or httpx.Response(200, json=APPLICATION)
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


@pytest.fixture
async def portal():
    fake = FakeApplications()
    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(
            transport=httpx.MockTransport(fake), base_url="http://applications"
        )
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            client.fake = fake  # type: ignore[attr-defined]
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
    assert offered == [k.value for k in DocumentKind]
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
    assert "یہ ترجیح اہل نہیں: مطلوبہ دستاویز موجود نہیں: کردار کا سرٹیفکیٹ" in choice
    assert "not eligible" not in choice
