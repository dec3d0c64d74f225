"""Property-based fuzzing of the whole OpenAPI document: no input makes the service answer 5xx.

The service runs as a real uvicorn process over the session's PostgreSQL and Kafka;
schemathesis generates requests for every operation (bounded to keep this under a minute)
with a valid applicant token, so they get past authentication into validation and the domain.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from services.applications.app import create_app
from tests.support.events import publish
from tests.support.flows import create_draft, demo_catalog, register, wait_for_catalog
from tests.support.services import ServiceProcess, service_env


@dataclass
class Live:
    url: str
    headers: dict[str, str]
    application_id: str


@pytest.fixture(scope="module")
async def live(kafka, postgres, tmp_path_factory):
    url = await postgres.create_database("applications_fuzz")
    logdir = tmp_path_factory.mktemp("fuzz")
    env = service_env(
        "applications",
        url,
        kafka.bootstrap,
        DOCUMENTS_DIR=str(logdir / "documents"),
        ARGON2_MEMORY_KIB="8192",
        ARGON2_TIME_COST="1",
    )
    proc = ServiceProcess("applications", env, logdir / "applications.log")
    await asyncio.to_thread(proc.start)
    try:
        catalog = demo_catalog()
        await publish(kafka.bootstrap, *catalog.events)
        async with httpx.AsyncClient(base_url=proc.url, timeout=30) as client:
            await wait_for_catalog(client, catalog)
            who = await register(client)
            draft = await create_draft(client, who, catalog)
        yield Live(proc.url, who.headers, draft["id"])
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def api_schema(live):
    return schemathesis.openapi.from_url(f"{live.url}/openapi.json")


def _operations() -> list[tuple[str, str]]:
    spec = create_app().openapi()
    return [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if path not in ("/readyz", "/healthz")
    ]


@pytest.mark.parametrize("method,path", _operations())
def test_no_input_makes_a_server_error(api_schema, live, method, path):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def run(case):
        if "application_id" in (case.path_parameters or {}) and case.method == "GET" and len(str(case.query)) % 2:
            # half the reads go to a real application, so the domain code runs as well
            case.path_parameters["application_id"] = live.application_id
        response = case.call(base_url=live.url, headers=live.headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
        )

    run()
