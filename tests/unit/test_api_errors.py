"""Error answers every service shares (shared/api.py): RFC 9457 problem details."""

from datetime import date

import httpx
from fastapi import Depends, FastAPI, File, Form, Request, UploadFile
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError

from shared.api import PageParams, RequestBody, install_error_handlers, storable_input
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

    class Seats(RequestBody):
        scores: dict[str, float] = {}
        ranks: list[int] = []
        seats: int | None = None
        day: date | None = None
        share: float = 0.5
        open: bool = True
        born: int = 2000

        @field_validator("born")
        @classmethod
        def _recent(cls, v: int) -> int:
            if v < 1900:
                raise ValueError("must be 1900 or later")
            return v

    @app.post("/seats")
    async def seats(body: Seats):
        return body

    @app.post("/upload")
    async def upload(kind: str = Form(...), file: UploadFile = File(...)):
        return {"kind": kind, "name": file.filename}

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


# --- what the database cannot store: refused before the route, named -------------------------


def app_refusing_unstorable_input() -> FastAPI:
    app = FastAPI(dependencies=[Depends(storable_input)])
    install_error_handlers(app)
    seen: list[object] = []
    app.state.seen = seen

    class Item(BaseModel):
        name: str
        weight: float = 1.0

    class Basket(BaseModel):
        label: str = ""
        items: list[Item] = []
        weights: dict[str, float] = {}

    @app.post("/baskets/{basket_id}")
    async def put_basket(basket_id: str, body: Basket, note: str = ""):
        seen.append(body)
        return {"id": basket_id, "items": len(body.items)}

    @app.post("/forms")
    async def form(request: Request):
        seen.append(dict(await request.form()))
        return {"ok": True}

    @app.post("/letters")  # a route taking a form, as /auth/token and a referee's upload do
    async def letter(kind: str = Form(...)):
        return {"kind": kind}

    return app


def refusing_client() -> tuple[httpx.AsyncClient, FastAPI]:
    app = app_refusing_unstorable_input()
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t"), app


async def test_a_nul_anywhere_in_a_json_body_is_a_422_naming_where_and_the_route_never_runs():
    c, app = refusing_client()
    async with c:
        r = await c.post(
            "/baskets/b1", json={"label": "fine", "items": [{"name": "ok"}, {"name": "bad\x00name"}], "weights": {}}
        )
        key = await c.post("/baskets/b1", json={"items": [], "weights": {"a\x00": 1.0}})
    body = is_problem(r, 422, "validation")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("items.1.name", "string_nul")]
    assert "NUL" in body["errors"][0]["reason"]
    assert [e["field"] for e in is_problem(key, 422, "validation")["errors"]] == ["weights.a\x00"]
    assert app.state.seen == []


async def test_infinite_and_nan_numbers_are_refused_as_not_finite():
    c, app = refusing_client()
    async with c:
        r = await c.post(
            "/baskets/b1",
            content=b'{"items": [{"name": "x", "weight": 1e999}], "weights": {"w": NaN, "v": -Infinity}}',
            headers={"content-type": "application/json"},
        )
        fine = await c.post("/baskets/b1", json={"items": [{"name": "x", "weight": 1e300}]})
    body = is_problem(r, 422, "validation")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("items.0.weight", "finite_number"),
        ("weights.w", "finite_number"),
        ("weights.v", "finite_number"),
    ]
    assert fine.status_code == 200 and len(app.state.seen) == 1


async def test_a_nul_in_a_query_or_path_parameter_is_a_422_naming_it():
    c, app = refusing_client()
    async with c:
        query = await c.post("/baskets/b1?note=a%00b", json={})
        path = await c.post("/baskets/b%001", json={})
    assert [e["field"] for e in is_problem(query, 422, "validation")["errors"]] == ["note"]
    assert [e["field"] for e in is_problem(path, 422, "validation")["errors"]] == ["basket_id"]
    assert app.state.seen == []


async def test_a_form_body_is_not_read_as_json_and_a_route_without_a_body_ignores_one():
    c, app = refusing_client()
    async with c:
        r = await c.post("/forms", data={"name": "plain"})
    assert r.status_code == 200 and app.state.seen == [{"name": "plain"}]


def app_whose_database_refuses() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    class PgError(Exception):
        def __init__(self, message: str, sqlstate: str | None):
            super().__init__(message)
            self.sqlstate = sqlstate

    @app.get("/nul-in-text")
    async def nul():  # PostgreSQL: invalid byte sequence for encoding "UTF8": 0x00
        raise DataError("INSERT ...", {}, PgError("invalid byte sequence", "22021"))

    @app.get("/int-out-of-range")
    async def out_of_range():  # asyncpg refuses before sending: its DataError is a ValueError
        orig = PgError("invalid input for query argument $1", None)
        orig.__cause__ = ValueError("value out of int32 range")
        raise InterfaceError("SELECT ...", {}, orig)

    @app.get("/connection-lost")
    async def lost():
        raise InterfaceError("SELECT ...", {}, PgError("connection is closed", None))

    @app.get("/unique")
    async def unique():
        raise IntegrityError("INSERT ...", {}, PgError("duplicate key", "23505"))

    return app


async def test_a_value_the_database_refuses_is_a_422_not_a_500_or_a_503_to_retry():
    transport = httpx.ASGITransport(app_whose_database_refuses(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        nul = await c.get("/nul-in-text")
        out_of_range = await c.get("/int-out-of-range")
        lost = await c.get("/connection-lost")
        unique = await c.get("/unique")
    for r in (nul, out_of_range):
        body = is_problem(r, 422, "unstorable_value")
        assert "retry-after" not in r.headers and body["errors"][0]["field"] == "request"
    is_problem(lost, 503, "unavailable")
    assert unique.status_code == 500  # not a value refused as data: a fault of ours, not hidden


async def test_a_body_that_is_not_utf_8_json_is_a_422_on_the_body_not_a_400():
    async with client() as c:
        # bytes that start as UTF-16 and do not go on as it: not JSON in any encoding
        r = await c.post("/things", content=b"\xff\xfe{", headers={"content-type": "application/json"})
    body = is_problem(r, 422, "request.malformed_body")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("body", "request.malformed_body")]


async def test_broken_json_and_a_body_not_sent_as_json_are_said_of_the_body():
    """Broken JSON was refused on a "field" named after its character offset ("23": "JSON
    decode error"); a JSON body sent as text/plain on "request" ("Input should be a valid
    dictionary"), with nothing saying what to send."""
    async with client() as c:
        broken = await c.post("/things", content=b'{"grade": 40,', headers={"content-type": "application/json"})
        as_text = await c.post("/things", content=b'{"grade": 40}', headers={"content-type": "text/plain"})
    [item] = is_problem(broken, 422, "validation")["errors"]
    assert item["field"] == "body" and item["code"] == "json_invalid"
    assert item["reason"].startswith("the body is not valid JSON at character 13")
    [item] = is_problem(as_text, 422, "validation")["errors"]
    assert item["field"] == "body" and "Content-Type: application/json" in item["reason"]


async def test_a_refusals_parameters_come_beside_its_reason():
    """ "less than or equal to 100" in English only: a client could not word the limit itself."""
    async with client() as c:
        r = await c.post("/things", json={"grade": 140})
    [item] = is_problem(r, 422, "validation")["errors"]
    assert item["le"] == 100 and item["field"] == "grade"


async def test_an_unknown_query_parameter_is_a_422_naming_it_and_what_the_route_takes():
    """A misspelt filter had been ignored: the caller read every item as if filtered."""
    c, app = refusing_client()
    async with c:
        typo = await c.post("/baskets/b1?nte=x", json={})
        fine = await c.post("/baskets/b1?note=x", json={})
        none_taken = await c.post("/forms?page=2", data={"a": "1"})
    body = is_problem(typo, 422, "validation")
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("nte", "query_unknown")]
    assert "this route takes note" in body["errors"][0]["reason"]
    assert fine.status_code == 200
    assert is_problem(none_taken, 422, "validation")["errors"][0]["reason"].endswith("takes none")
    assert len(app.state.seen) == 1


async def test_a_token_sent_in_the_url_is_refused_as_authentication_and_the_route_does_not_run():
    """RFC 6750's ?access_token= had answered "unknown query parameter" (a 422), which told a
    client nothing of where its token goes."""
    c, app = refusing_client()
    async with c:
        r = await c.post("/baskets/b1?access_token=eyJ.x.y", json={})
    body = is_problem(r, 401, "auth.token_in_query")
    assert body["errors"][0]["field"] == "authorization"
    assert "Authorization: Bearer" in body["detail"]
    assert r.headers["www-authenticate"] == "Bearer"
    assert len(app.state.seen) == 0


async def test_true_or_false_where_a_number_goes_is_refused_and_our_reasons_come_without_the_librarys_prefix():
    # "grade": true had been stored as a grade of 1.0, "seats": true as one seat
    async with client() as c:
        r = await c.post("/seats", json={"seats": True, "share": False, "open": False})
        assert {i["field"]: i["reason"] for i in is_problem(r, 422, "validation")["errors"]} == {
            "seats": "must be a number, not true or false",
            "share": "must be a number, not true or false",
        }
        ok = await c.post("/seats", json={"seats": 3, "share": 0.25, "open": False})
        assert ok.status_code == 200 and ok.json() == {
            "scores": {},
            "ranks": [],
            "seats": 3,
            "share": 0.25,
            "open": False,
            "born": 2000,
            "day": None,
        }
        r = await c.post("/seats", json={"born": 1800})
        [item] = is_problem(r, 422, "validation")["errors"]
        assert item["reason"] == "must be 1900 or later" and "Value error" not in r.json()["detail"]


async def test_text_or_a_number_where_true_or_false_goes_is_refused_and_text_where_a_number_goes():
    # "publish": "yes" had published a nomination list, "host_identity": 1 recorded a consent
    async with client() as c:
        r = await c.post("/seats", json={"open": "yes", "seats": "42", "share": "0.5", "born": "1990"})
        assert {i["field"]: i["reason"] for i in is_problem(r, 422, "validation")["errors"]} == {
            "open": "must be true or false",
            "seats": "must be a number, not text",
            "share": "must be a number, not text",
            "born": "must be a number, not text",
        }
        r = await c.post("/seats", json={"open": 1})
        assert [i["reason"] for i in is_problem(r, 422, "validation")["errors"]] == ["must be true or false"]
        # JSON's own kinds still read as before: a whole number where a decimal goes, null where it may be
        ok = await c.post("/seats", json={"open": True, "seats": None, "share": 1, "day": "2026-12-01"})
        assert ok.status_code == 200 and ok.json()["share"] == 1.0 and ok.json()["day"] == "2026-12-01"


async def test_a_multipart_body_the_parser_refuses_is_a_422_on_the_body_not_a_bare_400():
    # a file name of 5,000 characters had answered 400 "http_400" naming no field
    async with client() as c:
        long = await c.post("/upload", data={"kind": "cv"}, files={"file": ("a" * 5000 + ".pdf", b"%PDF-1.4")})
        short = await c.post("/upload", data={"kind": "cv"}, files={"file": ("a" * 200 + ".pdf", b"%PDF-1.4")})
    [item] = is_problem(long, 422, "request.malformed_body")["errors"]
    assert item["field"] == "body" and "headers are too long" in item["reason"]
    assert short.status_code == 200 and short.json()["name"].startswith("a" * 200)


async def test_a_date_that_is_not_one_is_told_the_form_it_takes_not_the_parsers_words():
    # "day value is outside expected range" for 2003-02-30, "Datetimes provided to dates should
    # have zero time" for 20030101
    async with client() as c:
        for sent in ("2003-02-30", 20030101, "25.04.2003"):
            [item] = is_problem(await c.post("/seats", json={"day": sent}), 422, "validation")["errors"]
            assert item["field"] == "day" and item["reason"].startswith("not a date: write it as YYYY-MM-DD"), sent
        assert (await c.post("/seats", json={"day": "2003-02-28"})).json()["day"] == "2003-02-28"


async def test_json_nested_deeper_than_the_decoder_goes_is_refused_on_a_form_route_not_a_500():
    # 2.2 KB of brackets sent to /auth/token or a referee's upload answered a bare 500
    deep = "[" * 5000 + "]" * 5000
    c, _app = refusing_client()
    async with c:
        for path in ("/letters", "/baskets/b1"):
            r = await c.post(path, content=deep, headers={"content-type": "application/json"})
            assert 400 <= r.status_code < 500 and r.headers["content-type"].startswith("application/problem+json")


async def test_numbers_in_maps_and_lists_and_dates_as_numbers_are_refused_too():
    # a score of true was stored as 1, "8" as 8; a date of birth of "0" became 1970-01-01
    async with client() as c:
        r = await c.post("/seats", json={"scores": {"plan": True, "cv": 8}, "ranks": [1, "2"], "day": 0})
        assert {i["field"]: i["reason"] for i in is_problem(r, 422, "validation")["errors"]} == {
            "scores": "must be a number, not true or false",
            "ranks": "must be a number, not text",
            "day": "not a date: write it as YYYY-MM-DD",
        }
        r = await c.post("/seats", json={"day": "946684800"})
        assert [i["field"] for i in is_problem(r, 422, "validation")["errors"]] == ["day"]
        ok = await c.post("/seats", json={"scores": {"plan": 7.5, "cv": 8}, "ranks": [1, 2], "day": "2000-01-01"})
        assert ok.status_code == 200 and ok.json()["scores"] == {"plan": 7.5, "cv": 8.0}
