"""Schemathesis against every service's OpenAPI document, as every role: no 5xx, and no
response that breaks the schema the service itself publishes.

Bounded (CORRIDOR_FUZZ_EXAMPLES examples per operation and role, 3 by default) so that it
fits the fast suite; raise it for a deeper run. Every failure of a service is collected and
reported at once.
"""

from __future__ import annotations

import os

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from shared.principal import Role
from tests.support.flows import create_draft, register
from tests.support.services import auth

EXAMPLES = int(os.environ.get("CORRIDOR_FUZZ_EXAMPLES", "3"))
SKIP = {"/healthz", "/readyz", "/metrics"}


@pytest.fixture(scope="module")
async def fuzz_applicant(guarded) -> dict:
    """A real applicant with a draft, so the applicant role reaches the domain code."""
    async with httpx.AsyncClient(base_url=guarded.stack.applications.url, timeout=30) as c:
        who = await register(c)
        draft = await create_draft(c, who, guarded.catalog)
    return {"id": who.id, "application_id": draft["id"]}


def role_headers(guarded, applicant_id: str) -> dict[str, dict[str, str]]:
    return {
        "applicant": auth(Role.APPLICANT, applicant_id),
        "officer": auth(Role.OFFICER, "fuzz-officer"),
        "admin": auth(Role.ADMIN, "fuzz-admin"),
        "partner": auth(Role.PARTNER, "fuzz-partner", institutions=[guarded.catalog.institution_id]),
    }


def fuzz_operation(
    operation, *, base_url: str, role: str, headers: dict, application_id: str, failures: list[str]
) -> int:
    """Run the bounded examples of one operation as one role; returns how many calls were made."""
    calls = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def run(case):
        nonlocal calls
        params = case.path_parameters or {}
        if role == "applicant" and "application_id" in params and calls % 2:
            params["application_id"] = application_id  # half the calls reach the domain code
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        calls += 1
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported together
            failures.append(
                f"[{role}] {case.method} {case.formatted_path} -> {response.status_code}: {str(exc).strip()[:400]}"
            )

    run()
    return calls


@pytest.mark.parametrize("service", ["applications", "matching", "notifications"])
def test_no_server_error_and_no_response_outside_the_schema(guarded, fuzz_applicant, service):
    base_url = getattr(guarded.stack, service).url
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: list[str] = []
    calls = 0
    for role, headers in role_headers(guarded, fuzz_applicant["id"]).items():
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.path in SKIP:
                continue
            calls += fuzz_operation(
                operation,
                base_url=base_url,
                role=role,
                headers=headers,
                application_id=fuzz_applicant["application_id"],
                failures=failures,
            )
    assert calls > 0
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} failure(s) in {service} ({calls} calls):\n" + "\n".join(unique[:40])
