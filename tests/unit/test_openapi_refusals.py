"""Each service's OpenAPI document names the refusals an operation can answer, with the
problem body: a client generated from it expects a 401, 403, 404 or 409 where one can come."""

from __future__ import annotations

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
