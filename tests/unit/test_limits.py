"""shared/limits.py: request bodies bounded while they are read (issue 13, item 3).

Over ASGI with httpx's ASGITransport, which hands the application the body chunk by chunk
as the client's generator yields it: what the client was asked for shows how much was read.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, File, Request, UploadFile

from shared.api import install_error_handlers
from shared.errors import Unauthenticated
from shared.limits import BodyLimit, KiB, Limit, MiB

CHUNK = b"x" * (64 * KiB)
UPLOAD = "/applications/{application_id}/documents"


class Body:
    """A streamed request body of ``total`` bytes in 64 KiB chunks (one object, sent again
    and again: the client holds nothing), counting what the server pulled."""

    def __init__(self, total: int, *, pause_after: int | None = None, pause: float = 0.0, head: bytes = b""):
        self.total, self.pause_after, self.pause, self.head = total, pause_after, pause, head
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.head:
            self.sent += len(self.head)
            yield self.head
        while self.sent < self.total:
            if self.pause_after is not None and self.sent >= self.pause_after:
                await asyncio.sleep(self.pause)
            self.sent += len(CHUNK)
            yield CHUNK


def make_app(**limits) -> tuple[FastAPI, dict]:
    seen: dict = {"calls": 0}
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/auth/register")
    async def register(body: dict):
        seen["calls"] += 1
        return {"keys": len(body)}

    @app.post("/raw")
    async def raw(request: Request):
        size = len(await request.body())
        seen["calls"] += 1  # counts the routes that got their whole body
        return {"bytes": size}

    @app.put(UPLOAD)
    @app.post(UPLOAD)
    async def upload(application_id: str, file: UploadFile = File(...)):
        size = len(await file.read())
        seen["calls"] += 1
        return {"bytes": size}

    app.add_middleware(BodyLimit, **limits)
    return app, seen


def client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://t", timeout=30)


def assert_problem(r: httpx.Response, status: int, code: str, field: str = "body", **context) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["connection"] == "close"
    body = r.json()
    assert body["status"] == status and body["code"] == code and body["type"] == f"urn:corridor:problem:{code}"
    assert set(body) == {"type", "title", "status", "code", "detail", "instance", "errors"}
    error = body["errors"][0]
    assert error["field"] == field and error["code"] == code
    for key, value in context.items():
        assert error[key] == value


async def test_a_200_mb_streamed_body_is_cut_off_at_the_limit_without_memory_growing_past_it():
    app, seen = make_app(default=1 * MiB)
    body = Body(200 * MiB)
    async with client(app) as c:
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            began = time.monotonic()
            r = await c.post("/auth/register", content=body, headers={"content-type": "application/json"})
            took = time.monotonic() - began
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert_problem(r, 413, "request.too_large", max_bytes=1 * MiB)
    assert r.json()["instance"] == "/auth/register"
    # read up to the limit and one chunk past it, no more; the route never ran
    assert 1 * MiB < body.sent <= 1 * MiB + 2 * len(CHUNK)
    assert seen["calls"] == 0
    assert peak < 4 * MiB, f"peak {peak / MiB:.1f} MiB"
    assert took < 5


async def test_a_content_length_over_the_limit_is_refused_before_reading():
    app, seen = make_app(default=1 * MiB)
    body = Body(200 * MiB)
    async with client(app) as c:
        r = await c.post("/raw", content=body, headers={"content-length": str(200 * MiB)})
    assert_problem(r, 413, "request.too_large", max_bytes=1 * MiB)
    assert body.sent == 0 and seen["calls"] == 0


async def test_a_body_longer_than_its_content_length_is_cut_off_too():
    app, seen = make_app(default=1 * MiB)
    body = Body(3 * MiB)
    async with client(app) as c:
        r = await c.post("/raw", content=body, headers={"content-length": "100"})
    assert_problem(r, 413, "request.too_large", max_bytes=1 * MiB)
    assert body.sent <= 1 * MiB + 2 * len(CHUNK) and seen["calls"] == 0


async def test_a_body_within_the_limit_reaches_the_application_whole():
    app, seen = make_app(default=1 * MiB)
    async with client(app) as c:
        r = await c.post("/raw", content=Body(1 * MiB))  # exactly the limit
        assert r.status_code == 200 and r.json() == {"bytes": 1 * MiB}
        r = await c.post("/auth/register", json={"email": "a@example.org"})
        assert r.status_code == 200 and r.json() == {"keys": 1}
        assert (await c.get("/openapi.json")).status_code == 200
    assert seen["calls"] == 2


async def test_a_route_of_its_own_takes_a_larger_upload_by_method_and_path():
    documents = Limit(UPLOAD, 10 * MiB + 64 * KiB, methods=("post",))
    app, seen = make_app(default=1 * MiB, routes=[documents])
    files = {"file": ("scan.pdf", b"%PDF-" + b"x" * (5 * MiB), "application/pdf")}
    async with client(app) as c:
        r = await c.post("/applications/app-1/documents", files=files)
        assert r.status_code == 200 and r.json() == {"bytes": 5 * MiB + 5}
        # the same body elsewhere, or by another method, has the default limit
        r = await c.put("/applications/app-1/documents", files=files)
        assert_problem(r, 413, "request.too_large", max_bytes=1 * MiB)
        r = await c.post("/raw", content=b"x" * (2 * MiB))
        assert_problem(r, 413, "request.too_large", max_bytes=1 * MiB)
    assert seen["calls"] == 1


async def test_a_200_mb_multipart_upload_stops_at_the_route_limit():
    limit = 10 * MiB + 64 * KiB
    app, seen = make_app(default=1 * MiB, routes=[Limit(UPLOAD, limit, methods=("POST",))])
    head = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-"
    )
    body = Body(200 * MiB, head=head)
    async with client(app) as c:
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            r = await c.post(
                "/applications/app-1/documents",
                content=body,
                headers={"content-type": "multipart/form-data; boundary=b"},
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert_problem(r, 413, "request.too_large", max_bytes=limit)
    assert body.sent <= limit + 2 * len(CHUNK) and seen["calls"] == 0
    assert peak < limit, f"peak {peak / MiB:.1f} MiB"  # the form spools to disk past 1 MiB


async def test_a_body_trickled_after_the_headers_is_answered_408_after_the_timeout():
    app, seen = make_app(default=1 * MiB, read_timeout=0.3)
    body = Body(256 * KiB, pause_after=64 * KiB, pause=30)
    async with client(app) as c:
        began = time.monotonic()
        r = await c.post("/raw", content=body)
        took = time.monotonic() - began
    assert_problem(r, 408, "request.timeout", seconds=0.3)
    assert 0.3 <= took < 3 and seen["calls"] == 0


async def test_a_route_may_have_a_longer_read_timeout():
    slow_uploads = Limit("/raw", 1 * MiB, read_timeout=5)
    app, _ = make_app(default=1 * MiB, read_timeout=0.1, routes=[slow_uploads])
    async with client(app) as c:
        r = await c.post("/raw", content=Body(256 * KiB, pause_after=64 * KiB, pause=0.3))
    assert r.status_code == 200 and r.json() == {"bytes": 256 * KiB}


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/applications/a-1/documents", 10 * MiB),
        ("post", "/applications/a-1/documents", 10 * MiB),
        ("PUT", "/applications/a-1/documents", 1 * MiB),
        ("POST", "/applications/a-1/documents/x", 1 * MiB),
        ("POST", "/applications//documents", 1 * MiB),
        ("POST", "/files/a/b/c", 2 * MiB),
        ("GET", "/files/a", 2 * MiB),
        ("GET", "/files", 1 * MiB),
    ],
)
def test_the_first_matching_route_decides(method, path, expected):
    middleware = BodyLimit(
        app=None,  # type: ignore[arg-type]  # only the lookup is exercised
        default=1 * MiB,
        routes=[Limit(UPLOAD, 10 * MiB, methods=("POST",)), Limit("/files/{rest:path}", 2 * MiB)],
    )
    assert middleware.limits_for(method.upper(), path)[0] == expected


async def test_other_scopes_pass_through():
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["type"])

    async def receive():
        return {"type": "lifespan.startup"}

    async def send(message):
        pass

    middleware = BodyLimit(app, default=1)
    for kind in ("lifespan", "websocket"):
        await middleware({"type": kind, "path": "/"}, receive, send)
    assert calls == ["lifespan", "websocket"]


async def only_bearer_good(scope) -> None:
    """The caller check a service installs, reduced to one good token."""
    if dict(scope["headers"]).get(b"authorization") != b"Bearer good":
        raise Unauthenticated("auth.invalid_token", "invalid token", "authorization")


async def test_an_upload_by_a_refused_caller_is_answered_401_before_any_of_its_body_is_read():
    documents = Limit(UPLOAD, 10 * MiB + 64 * KiB, methods=("POST",), authenticate=True)
    app, seen = make_app(default=1 * MiB, routes=[documents], authenticate=only_bearer_good)
    async with client(app) as c:
        for headers in ({}, {"authorization": "Bearer forged"}):
            body = Body(8 * MiB, head=b"--b\r\n")
            r = await c.post(
                "/applications/app-1/documents",
                content=body,
                headers={**headers, "content-type": "multipart/form-data; boundary=b"},
            )
            assert_problem(r, 401, "auth.invalid_token", field="authorization")
            assert r.headers["www-authenticate"] == "Bearer"
            assert body.sent == 0
        # the right caller's upload is read and reaches the route
        files = {"file": ("scan.pdf", b"%PDF-" + b"x" * MiB, "application/pdf")}
        r = await c.post("/applications/app-1/documents", files=files, headers={"authorization": "Bearer good"})
        assert r.status_code == 200 and r.json() == {"bytes": MiB + 5}
        # routes not marked keep their own authentication (none here)
        assert (await c.post("/raw", content=b"x")).status_code == 200
    assert seen["calls"] == 2
