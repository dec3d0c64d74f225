"""Each service's OpenAPI document names the refusals an operation can answer, with the
problem body: a client generated from it expects a 401, 403, 404 or 409 where one can come."""

from __future__ import annotations

import re

import httpx
import pytest

from services.applications.app import create_app as applications_app
from services.matching.app import create_app as matching_app
from services.notifications.app import create_app as notifications_app

PROBLEM = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture(params=[applications_app, matching_app, notifications_app], ids=lambda f: f.__module__)
def document(request, monkeypatch) -> dict:
    monkeypatch.setenv("CORRIDOR_ENV", "development")
    return request.param().openapi()


def operations(document: dict):
    for route, path in document["paths"].items():
        for method, operation in path.items():
            yield route, method, operation


def test_a_guarded_operation_documents_401_and_403_with_the_problem_body(document):
    guarded = [(r, m, o) for r, m, o in operations(document) if o.get("security")]
    assert guarded
    for route, method, operation in guarded:
        for status in ("401", "403"):
            body = operation["responses"][status]["content"]["application/problem+json"]["schema"]
            assert body == PROBLEM, (route, method, status)


def test_a_path_naming_something_documents_404_and_a_guarded_change_409(document):
    for route, method, operation in operations(document):
        if "{" in route:
            assert "404" in operation["responses"], (route, method)
        if method in ("post", "put", "patch", "delete") and operation.get("security"):
            assert "409" in operation["responses"], (route, method)


def test_open_reads_do_not_claim_an_authentication_they_do_not_ask(document):
    health = document["paths"]["/healthz"]["get"]["responses"]
    assert "401" not in health and "403" not in health and "409" not in health


def test_the_referee_letter_documents_the_minimum_the_service_keeps():
    from services.applications.service.referees import MIN_LETTER_CHARS

    schema = applications_app().openapi()["components"]["schemas"]["LetterTextIn"]["properties"]["text"]
    assert schema["minLength"] == MIN_LETTER_CHARS == 50


def test_authorize_logs_in_where_tokens_are_issued_and_elsewhere_takes_a_pasted_token(document):
    """The matching and notifications documents' "Authorize" offered a password log-in posted to
    their own /auth/token, which only the applications service has (a 404 in the API docs)."""
    (scheme,) = document["components"]["securitySchemes"].values()
    if "/auth/token" in document["paths"]:
        assert scheme["type"] == "oauth2" and scheme["flows"]["password"]["tokenUrl"] == "/auth/token"
    else:
        assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
        assert "applications service" in scheme["description"]
    # every operation's reference names the one scheme there is
    names = {name for _r, _m, o in operations(document) for s in o.get("security", []) for name in s}
    assert names == set(document["components"]["securitySchemes"])


@pytest.mark.parametrize("make", [applications_app, matching_app, notifications_app], ids=lambda f: f.__module__)
async def test_the_api_docs_load_their_scripts_from_the_service_not_a_cdn(make, monkeypatch):
    """/docs and /redoc took Swagger UI and ReDoc from a CDN: a blank page on a closed network."""
    monkeypatch.setenv("CORRIDOR_ENV", "development")
    transport = httpx.ASGITransport(app=make())
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        for page in ("/docs", "/redoc"):
            html = (await client.get(page)).text
            scripts = re.findall(r'(?:src|href)="([^"]+)"', html)
            assert scripts and all(s.startswith("/") for s in scripts), (page, scripts)
            for s in scripts:
                assert (await client.get(s)).status_code == 200, s


def test_the_token_grants_partners_use_are_declared(document):
    """Generated clients and the docs' "Authorize" offered the password flow only; partner
    systems use client credentials."""
    [scheme] = document["components"]["securitySchemes"].values()
    if scheme["type"] == "http":  # a service that issues no token: one to paste, from the applications service
        assert scheme["scheme"] == "bearer" and "client credentials" in scheme["description"]
        return
    assert set(scheme["flows"]) == {"password", "clientCredentials"}
    assert scheme["flows"]["clientCredentials"]["tokenUrl"] == "/auth/token"
