"""Error answers every service shares (shared/api.py): RFC 9457 problem details."""

import httpx
from fastapi import FastAPI
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError

from shared.api import PageParams, install_error_handlers
from shared.auth import Staff, issue_token
from shared.errors import Conflict, FieldError, Invalid, NotFound
from shared.principal import Principal, Role

SECRET = "a-test-secret-of-enough-length-for-hs256"


def app_with_routes() -> FastAPI:
    app = FastAPI()
    app.state.jwt_secret = SECRET
    install_error_handlers(app)

    class Body(BaseModel):
        grade: float = Field(ge=0, le=100)

    @app.post("/things")
    async def create(body: Body):
        return body

    class Scheme(BaseModel):  # a body field may itself be called "path" (a scheme's stages)
        path: list[str] = Field(max_length=2)

    @app.post("/schemes")
    async def scheme(body: Scheme):
        return body

    @app.get("/db-down")
    async def db_down():
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    @app.get("/things/{thing_id}")
    async def missing(thing_id: str):
        raise NotFound("thing.not_found", f"no thing {thing_id}", "thing_id")

    @app.post("/closed")
    async def closed():
        raise Conflict("cycle.window_closed", "the window closed", "cycle_id", closes_at="2026-01-01T00:00:00Z")

    @app.post("/many")
    async def many():
        raise Invalid.of(
            [
                FieldError("cap", "may not be negative", "quota.cap_negative"),
                FieldError("scope.sending_country", "unknown country XX", "quota.unknown_scope_value"),
            ]
        )

    @app.get("/staff-only")
    async def staff_only(caller: Staff, paging: PageParams):
        return {"sub": caller.sub, "offset": paging.offset, "limit": paging.limit}

    return app


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app_with_routes()), base_url="http://t")


def is_problem(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["code"] == code and body["type"] == f"urn:corridor:problem:{code}"
    assert body["title"] and body["detail"] and body["errors"]
    return body


async def test_validation_errors_name_the_field_and_the_reason():
    async with client() as c:
        r = await c.post("/things", json={"grade": 140})
    body = is_problem(r, 422, "validation")
    [item] = body["errors"]
    assert item["field"] == "grade" and "less than or equal to 100" in item["reason"]
    assert item["code"] == "less_than_equal"


async def test_an_unreachable_database_is_503_with_retry_after_not_500():
    async with client() as c:
        r = await c.get("/db-down")
    body = is_problem(r, 503, "unavailable")
    assert r.headers["retry-after"] == "2"
    assert "database is unavailable" in body["errors"][0]["reason"]


async def test_domain_refusals_map_to_their_status_with_field_code_and_context():
    async with client() as c:
        missing = await c.get("/things/t-1")
        closed = await c.post("/closed")
    body = is_problem(missing, 404, "thing.not_found")
    assert body["errors"] == [{"field": "thing_id", "reason": "no thing t-1", "code": "thing.not_found"}]
    assert body["instance"] == "/things/t-1"
    body = is_problem(closed, 409, "cycle.window_closed")
    assert body["errors"][0]["closes_at"] == "2026-01-01T00:00:00Z"


async def test_one_refusal_names_every_field_at_fault():
    async with client() as c:
        r = await c.post("/many")
    body = is_problem(r, 422, "quota.cap_negative")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("cap", "quota.cap_negative"),
        ("scope.sending_country", "quota.unknown_scope_value"),
    ]


async def test_401_and_403_are_problems_too_and_the_role_types_let_staff_through():
    applicant = issue_token(Principal(sub="ap-1", role=Role.APPLICANT), SECRET)
    officer = issue_token(Principal(sub="of-1", role=Role.OFFICER), SECRET)
    async with client() as c:
        anonymous = await c.get("/staff-only")
        forged = await c.get("/staff-only", headers={"Authorization": "Bearer not-a-token"})
        wrong_role = await c.get("/staff-only", headers={"Authorization": f"Bearer {applicant}"})
        ok = await c.get("/staff-only?offset=5&limit=7", headers={"Authorization": f"Bearer {officer}"})
        too_many = await c.get("/staff-only?limit=501", headers={"Authorization": f"Bearer {officer}"})
    is_problem(anonymous, 401, "auth.missing_token")
    assert anonymous.headers["www-authenticate"] == "Bearer"
    is_problem(forged, 401, "auth.invalid_token")
    is_problem(wrong_role, 403, "auth.wrong_role")
    assert ok.json() == {"sub": "of-1", "offset": 5, "limit": 7}
    assert is_problem(too_many, 422, "validation")["errors"][0]["field"] == "limit"


async def test_unknown_routes_answer_problem_details():
    async with client() as c:
        r = await c.get("/nowhere")
    is_problem(r, 404, "not_found")


async def test_a_body_field_called_path_is_named_as_such():
    async with client() as c:
        r = await c.post("/schemes", json={"path": ["a", "b", "c"]})
    body = is_problem(r, 422, "validation")
    assert body["errors"][0]["field"] == "path"
