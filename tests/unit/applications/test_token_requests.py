"""What the token endpoint and a bearer token's check say when the request is wrong: the
mistake the caller made (a JSON body, no grant_type, a token that is no JWT), never a field it
did not send nor the token parser's own words."""

from __future__ import annotations

import httpx
import pytest

from services.applications.app import create_app
from services.applications.settings import Settings
from shared.auth import InvalidToken, verify
from shared.settings import DEV_JWT_SECRET


@pytest.fixture
async def client(tmp_path):
    # no lifespan: each refusal here comes before the database is asked anything
    app = create_app(Settings(env="development", jwt_secret=DEV_JWT_SECRET, data_dir=tmp_path))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://applications") as c:
        yield c


def problem(r: httpx.Response, status: int, code: str, field: str) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code and body["errors"][0]["field"] == field, body
    return body["detail"]


async def test_a_json_body_is_told_to_be_form_encoded(client):
    for body in ({"grant_type": "client_credentials", "client_id": "c", "client_secret": "s"}, {}):
        detail = problem(await client.post("/auth/token", json=body), 415, "auth.form_required", "body")
        assert "application/x-www-form-urlencoded" in detail and "application/json" in detail
        assert "username" not in detail


async def test_a_form_without_grant_type_is_told_so(client):
    for form in ({"client_id": "c", "client_secret": "s"}, {}):
        detail = problem(await client.post("/auth/token", data=form), 400, "value.missing", "grant_type")
        assert "grant_type is missing" in detail and "client_credentials" in detail
    # with a grant_type, a missing field of that grant is named as before
    r = await client.post("/auth/token", data={"grant_type": "client_credentials", "client_id": "c"})
    assert "required with grant_type=client_credentials" in problem(r, 400, "value.missing", "client_secret")


async def test_a_garbage_bearer_token_is_called_malformed_not_parsed_aloud(client):
    # "t7e3" is base64 of 0xb7 bytes: the header that made the parser talk of a codec
    for garbage in ("not-a-token", "t7e3.e30.e30", "a.b.c"):
        r = await client.get("/me", headers={"Authorization": f"Bearer {garbage}"})
        detail = problem(r, 401, "auth.invalid_token", "authorization")
        assert detail.endswith("the token is malformed") and "codec" not in detail and "header" not in detail
    with pytest.raises(InvalidToken, match="^the token is malformed$"):
        verify("t7e3.e30.e30", DEV_JWT_SECRET, None)


def test_a_token_signed_with_none_or_another_algorithm_is_refused_in_plain_words():
    # alg=none had been refused in the token library's own sentence
    import time

    import jwt

    now = time.time()
    unsigned = jwt.encode({"sub": "x", "iss": "corridor", "iat": now, "exp": now + 60, "role": "admin"}, None, "none")
    with pytest.raises(InvalidToken, match="^the token is not signed with an algorithm this service accepts$"):
        verify(unsigned, DEV_JWT_SECRET, None)


async def test_an_expired_token_is_told_apart_from_a_bad_one(client):
    """Both answered auth.invalid_token, so a partner's program could not tell "get a new
    token" from a fault to look into."""
    from shared.auth import TokenExpired, issue_token
    from shared.principal import Principal, Role

    old = issue_token(Principal(sub="u1", role=Role.APPLICANT), DEV_JWT_SECRET, ttl_seconds=-60)
    r = await client.get("/me", headers={"Authorization": f"Bearer {old}"})
    assert "get a new one" in problem(r, 401, "auth.token_expired", "authorization")
    with pytest.raises(TokenExpired):
        verify(old, DEV_JWT_SECRET, None)


async def test_a_trailing_slash_reaches_the_same_route_without_a_redirect(client):
    """A 307 to ``http://...`` (the address as it reached the process) sent a client behind a
    TLS proxy off HTTPS; the path with the slash is the same resource."""
    slashed = await client.post("/auth/token/", json={})
    assert slashed.status_code == 415 and slashed.json()["code"] == "auth.form_required"
    assert "location" not in slashed.headers
    r = await client.get("/me/", headers={"Authorization": "Bearer a.b.c"})
    assert r.status_code == 401 and r.json()["code"] == "auth.invalid_token"
    assert (await client.get("/no-such-thing/")).status_code == 404


async def test_a_token_in_the_query_is_told_where_it_goes(client):
    r = await client.get("/me?access_token=a.b.c")
    detail = problem(r, 401, "auth.token_in_query", "authorization")
    assert "Authorization: Bearer" in detail
