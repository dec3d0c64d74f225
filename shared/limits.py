"""Request bodies bounded while they are read: a size limit per route and a read deadline.

``BodyLimit`` is pure ASGI (not ``BaseHTTPMiddleware``), so the body streams through it
and is never held whole here:

- a ``Content-Length`` over the route's limit is answered 413 at once, the body unread and
  the application not called;
- a chunked body, or one longer than its ``Content-Length`` says, is cut off with 413 as
  soon as the running total passes the limit;
- a body not complete ``read_timeout`` seconds after the request came in (a client that
  sends the headers, then trickles the body) is answered 408.

Either answer is a problem body as ``shared.api`` writes them (``code`` "request.too_large"
with ``max_bytes``, or "request.timeout" with ``seconds``, on field "body") with
``Connection: close``; the application then reads a disconnect, and whatever it still sends
is dropped. A route that answers before reading (a 401) never waits for the body.

Wiring, in a service (outermost is best, so nothing before it reads the body)::

    from shared.limits import BodyLimit, Limit, MiB

    app.add_middleware(
        BodyLimit,
        default=1 * MiB,
        routes=[Limit("/applications/{id}/documents", 10 * MiB + 64 * 1024, methods=("POST",), read_timeout=120)],
        read_timeout=30,
    )

A route pattern is the path as FastAPI writes it: ``{name}`` is one path segment,
``{name:path}`` the rest of the path; the first ``Limit`` that matches the method and path
wins, else ``default``. Timeouts for the headers themselves are the server's
(``shared.serve``: a deadline for a request's headers); nothing in ASGI runs before the
headers are in.

A route marked ``Limit(..., authenticate=True)`` (uploads) is answered 401 on its headers
alone when the middleware's ``authenticate`` check refuses the caller: an anonymous or
revoked caller cannot make the service read a 10 MiB body first.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import anyio

from shared.errors import DomainError, FieldError, Forbidden, Unauthenticated

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# Who is calling, from the headers alone; raises shared.errors.Unauthenticated (or Forbidden) to refuse.
Authenticate = Callable[[Scope], Awaitable[None]]

KiB = 1024
MiB = 1024 * KiB
DEFAULT_LIMIT = 1 * MiB
DEFAULT_READ_TIMEOUT = 30.0
PROBLEM_JSON = "application/problem+json"  # as shared.api answers (not imported: it pulls in the database)

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(:path)?\}")


def _compile(pattern: str) -> re.Pattern[str]:
    out, last = [], 0
    for m in _PARAM.finditer(pattern):
        out.append(re.escape(pattern[last : m.start()]))
        out.append(".+" if m.group(2) else "[^/]+")
        last = m.end()
    out.append(re.escape(pattern[last:]))
    return re.compile("".join(out))


@dataclass(frozen=True)
class Limit:
    """The body limit (and, if given, the read deadline) of the routes matching ``path``
    (and ``methods``; empty: every method)."""

    path: str
    max_bytes: int
    methods: Sequence[str] = ()
    read_timeout: float | None = None
    # The caller is checked on the headers before any of the body is read.
    authenticate: bool = False
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regex", _compile(self.path))
        object.__setattr__(self, "methods", tuple(m.upper() for m in self.methods))

    def matches(self, method: str, path: str) -> bool:
        return (not self.methods or method in self.methods) and self._regex.fullmatch(path) is not None


class _Refused(Exception):
    """Raised inside the wrapped receive once the answer is decided (never leaves here)."""

    def __init__(self, status: int, code: str, reason: str, field: str = "body", **context: Any):
        self.status, self.code, self.reason, self.field, self.context = status, code, reason, field, context


def problem_body(status: int, code: str, reason: str, instance: str, field: str = "body", **context: Any) -> bytes:
    """The RFC 9457 body ``shared.api.problem`` writes, with one error on ``field``."""
    item = FieldError(field, reason, code, dict(context)).as_dict()
    body = {
        "type": f"urn:corridor:problem:{code}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "code": code,
        "detail": reason,
        "instance": instance,
        "errors": [item],
    }
    return json.dumps(body).encode()


class BodyLimit:
    """Pure ASGI middleware: a body limit per route, enforced while reading, and a deadline
    for the whole body. See the module docstring for how a service wires it."""

    def __init__(
        self,
        app: ASGIApp,
        default: int = DEFAULT_LIMIT,
        routes: Sequence[Limit] = (),
        read_timeout: float | None = DEFAULT_READ_TIMEOUT,
        authenticate: Authenticate | None = None,
    ) -> None:
        self.app = app
        self.default = default
        self.routes = list(routes)
        self.read_timeout = read_timeout
        self.authenticate = authenticate

    def rule_for(self, method: str, path: str) -> Limit | None:
        return next((rule for rule in self.routes if rule.matches(method, path)), None)

    def limits_for(self, method: str, path: str) -> tuple[int, float | None]:
        """(max bytes, read timeout in seconds or None) for a request."""
        return self._limits_of(self.rule_for(method, path))

    def _limits_of(self, rule: Limit | None) -> tuple[int, float | None]:
        if rule is None:
            return self.default, self.read_timeout
        return rule.max_bytes, rule.read_timeout if rule.read_timeout is not None else self.read_timeout

    async def refusal_before_body(self, scope: Scope, rule: Limit | None) -> _Refused | None:
        """The answer to give on the headers alone: a body over the limit, or a caller refused."""
        max_bytes = rule.max_bytes if rule is not None else self.default
        declared = _content_length(scope)
        if declared is not None and declared > max_bytes:
            return _too_large(max_bytes)
        if rule is not None and rule.authenticate and self.authenticate is not None:
            try:
                await self.authenticate(scope)
            except DomainError as exc:
                status = 401 if isinstance(exc, Unauthenticated) else 403 if isinstance(exc, Forbidden) else 400
                first = exc.errors[0]
                return _Refused(status, exc.code, exc.reason, first.field, **exc.context)
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        method = scope.get("method", "GET").upper()
        rule = self.rule_for(method, path)  # once per request: the routes are matched in order
        max_bytes, timeout = self._limits_of(rule)
        refusal = await self.refusal_before_body(scope, rule)
        if refusal is not None:
            await _answer(send, refusal, path)
            return

        deadline = time.monotonic() + timeout if timeout is not None else None
        received = 0
        body_done = False
        started = False  # the application began its answer
        cut = False  # the body was refused: from now on the application reads a disconnect
        answered = False  # our 413 / 408 went out: the application's answer is dropped

        async def limited_receive() -> Message:
            nonlocal received, body_done, cut, answered
            if cut:
                return {"type": "http.disconnect"}
            if body_done:  # e.g. waiting for a disconnect while streaming an answer
                return await receive()
            try:
                message = await (receive() if deadline is None else _before(deadline, receive, timeout or 0))
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > max_bytes:
                        raise _too_large(max_bytes)
                    body_done = not message.get("more_body", False)
                return message
            except _Refused as refusal:
                cut = True
                if not started:  # else too late to answer: the application's answer breaks off
                    answered = True
                    await _answer(send, refusal, path)
                return {"type": "http.disconnect"}

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if answered:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            # After our answer the application only read a disconnect, and may raise for it
            # (a ClientDisconnect, a 400 for an unreadable body): no news, it was answered.
            if not answered:
                raise


def _too_large(max_bytes: int) -> _Refused:
    reason = f"the request body is larger than {max_bytes} bytes"
    return _Refused(413, "request.too_large", reason, max_bytes=max_bytes)


async def _before(deadline: float, receive: Receive, timeout: float) -> Message:
    remaining = deadline - time.monotonic()
    if remaining > 0:
        with anyio.move_on_after(remaining):
            return await receive()
    raise _Refused(408, "request.timeout", f"the request body was not received within {timeout:g} s", seconds=timeout)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses it; the running total still holds
    return None


async def _answer(send: Send, refusal: _Refused, path: str) -> None:
    body = problem_body(refusal.status, refusal.code, refusal.reason, path, refusal.field, **refusal.context)
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    if refusal.status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
