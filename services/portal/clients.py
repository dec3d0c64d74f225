"""Calls to the three services (httpx), with their refusals turned into field errors.

Every service answers an error as RFC 9457 problem details (``shared/api.py``)::

    {"type", "title", "status", "code", "detail", "instance",
     "errors": [{"field", "reason", "code", ...context}]}

``ServiceError`` keeps the status and each error's field, reason, code and context, so a
page can show each problem next to its field, in the reader's language (by its code). A
service that cannot be reached is a ``ServiceUnavailable``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import Request, Response

from services.portal.domain.catalog_names import localized
from services.portal.domain.problems import Message, message_for
from shared.observability import CURRENT_REQUEST_ID, REQUEST_ID_HEADER
from shared.paging import MAX_LIMIT
from shared.serve import KEEP_ALIVE_SECONDS

ITEM_KEYS = ("field", "reason", "code")


@dataclass
class FieldError:
    field: str
    reason: str
    code: str = "invalid"
    context: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> Message:
        """What the page shows: the portal's sentence for the code, else the reason."""
        return message_for(self.code, self.reason, self.context)


@dataclass
class ServiceError(Exception):
    service: str
    status: int
    errors: list[FieldError] = dataclasses.field(default_factory=list)
    code: str = ""
    # 429: whole seconds to wait (the Retry-After header)
    retry_after: int | None = None

    def __str__(self) -> str:
        return "; ".join(e.reason for e in self.errors) or f"{self.service} answered {self.status}"

    @property
    def message(self) -> Message:
        """The first problem, for a page with one place to say it."""
        if self.errors:
            return self.errors[0].message
        return message_for(self.code, f"the request was refused ({self.status})")

    def by_field(self) -> dict[str, str]:
        """field -> message (the first per field); 'choices.1' also files under 'choices'."""
        out: dict[str, str] = {}
        for e in self.errors:
            out.setdefault(e.field, e.message)
            out.setdefault(e.field.split(".")[0], e.message)
        return out


class ServiceUnavailable(Exception):
    """A service that could not answer: unreachable, timed out, or failed (``status`` 5xx)."""

    def __init__(self, service: str, cause: str, status: int | None = None):
        super().__init__(f"{service}: {cause}")
        self.service = service
        self.status = status


def retry_after_of(value: str | None) -> int | None:
    """A Retry-After header in whole seconds (its date form is not used by the services)."""
    try:
        return max(0, int((value or "").strip()))
    except ValueError:
        return None


def error_of(service: str, status: int, body: Any, retry_after: int | None = None) -> ServiceError:
    """A problem-details body as a ``ServiceError``; anything else as one refusal of the request.
    ``retry_after`` (a 429's header) goes into each error's context, for its sentence."""
    problem = body if isinstance(body, dict) else {}
    code = str(problem.get("code") or "")
    errors = []
    for item in problem.get("errors") or []:
        if isinstance(item, dict):
            errors.append(
                FieldError(
                    str(item.get("field") or "request"),
                    str(item.get("reason") or problem.get("detail") or "invalid"),
                    str(item.get("code") or code or "invalid"),
                    {k: v for k, v in item.items() if k not in ITEM_KEYS},
                )
            )
    if not errors:
        reason = problem.get("detail")
        reason = reason if isinstance(reason, str) and reason else f"the request was refused ({status})"
        errors.append(FieldError("request", reason, code or "invalid"))
    if retry_after is not None:
        for e in errors:
            e.context["retry_after"] = retry_after
    return ServiceError(service, status, errors, code, retry_after)


def forwarded_for(request: Request) -> dict[str, str]:
    """The person's address as ``X-Forwarded-For``, for calls the applications service
    throttles per address (log-in, registration): one person's failures are theirs alone.
    (Behind a proxy, uvicorn's --proxy-headers makes ``request.client`` the person's.)"""
    host = request.client.host if request.client else ""
    return {"X-Forwarded-For": host} if host else {}


def header_safe(value: str) -> bool:
    """Whether ``value`` can go into an HTTP header as it is: visible ASCII and inner spaces."""
    return value.isascii() and value.isprintable() and value == value.strip()


# The language of the page being built (set per request by the portal's middleware): the
# catalog names a service answers with are read in it (domain/catalog_names.py).
READER_LANGUAGE: ContextVar[str | None] = ContextVar("reader_language", default=None)


async def _pass_request_id(request: httpx.Request) -> None:
    """The page's request id on each call it makes: one id through every log of a click."""
    if (request_id := CURRENT_REQUEST_ID.get()) is not None:
        request.headers.setdefault(REQUEST_ID_HEADER, request_id)


class ServiceClient:
    """One service's API as the logged-in user (the token comes with each call)."""

    def __init__(self, name: str, base_url: str, timeout: float):
        self.name = name
        # idle connections dropped well before the service drops them (shared/serve.py)
        limits = httpx.Limits(keepalive_expiry=KEEP_ALIVE_SECONDS / 2)
        self.http = httpx.AsyncClient(
            base_url=base_url, timeout=timeout, limits=limits, event_hooks={"request": [_pass_request_id]}
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        *,
        idempotent: bool = False,
        as_stored: bool = False,
        **kwargs,
    ) -> Any:
        """The service's answer, its catalog names in the reader's language; ``as_stored``: the
        names as typed, for a form that changes the record (a name shown translated and sent
        back would be saved as the name)."""
        headers = dict(kwargs.pop("headers", {}) or {})
        # a value typed or posted into a header (a referee link's token, a form's etag) that
        # HTTP cannot carry is refused as the service refuses a wrong one, not sent (a 500 or a
        # "service unavailable" otherwise)
        for name, value in headers.items():
            if not header_safe(value):
                problem = {"code": "request.invalid_header", "detail": f"{name} is not a valid header value"}
                raise error_of(self.name, 422, {**problem, "errors": [{"field": name, **problem}]})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if idempotent:  # a retried submit returns the first answer
            headers["Idempotency-Key"] = uuid.uuid4().hex
        try:
            r = await self.http.request(method, path, headers=headers, **kwargs)
        except httpx.TimeoutException:
            raise ServiceUnavailable(self.name, "timed out") from None
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(self.name, type(exc).__name__) from None
        if r.status_code >= 500:
            raise ServiceUnavailable(self.name, f"answered {r.status_code}", r.status_code)
        if r.status_code >= 400:
            try:
                body = r.json()
            except ValueError:
                body = None
            wait = retry_after_of(r.headers.get("retry-after")) if r.status_code == 429 else None
            raise error_of(self.name, r.status_code, body, wait)
        if r.status_code == 204 or not r.content:
            return None
        language = READER_LANGUAGE.get()
        # an answer naming no translation (most: applications, pages of rows) is read as it is
        if language is None or as_stored or b"translations" not in r.content:
            return r.json()
        return localized(r.json(), language)

    async def get(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("GET", path, token, **kw)

    async def get_all(self, path: str, token: str | None = None, params: dict[str, Any] | None = None) -> list[Any]:
        """Every item of a paged list, a largest page (``MAX_LIMIT``) at a time."""
        items: list[Any] = []
        while True:
            page = await self.get(path, token, params={**(params or {}), "offset": len(items), "limit": MAX_LIMIT})
            items.extend(page["items"])
            if not page["items"] or len(items) >= page["total"]:
                return items

    async def post(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("POST", path, token, **kw)

    async def patch(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("PATCH", path, token, **kw)

    async def put(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("PUT", path, token, **kw)

    async def delete(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("DELETE", path, token, **kw)

    async def ready(self) -> bool:
        """The service's own readiness (its database and broker), as its /readyz says: 200
        "ready"; "degraded" (its broker away, its writes waiting in its outbox) is not."""
        try:
            answer = await self.http.get("/readyz", timeout=3)
            return answer.status_code == 200 and answer.json().get("status") == "ready"
        except (httpx.HTTPError, ValueError, AttributeError):
            return False

    async def healthy(self) -> bool:
        try:
            return (await self.http.get("/healthz", timeout=3)).status_code == 200
        except httpx.HTTPError:
            return False


@dataclass
class Services:
    applications: ServiceClient
    matching: ServiceClient
    notifications: ServiceClient

    def all(self) -> list[ServiceClient]:
        return [self.applications, self.matching, self.notifications]


async def passed_through(client: ServiceClient, path: str, token: str | None) -> Response | int:
    """A stored file from ``client``, passed on as a download (never sniffed); the service's
    status when it refuses (the caller shows the page that says why)."""
    try:
        r = await client.http.get(path, headers={"Authorization": f"Bearer {token}"})
    except Exception:  # noqa: BLE001 - any transport failure is the service being away
        raise ServiceUnavailable(client.name, "download failed") from None
    if r.status_code != 200:
        return r.status_code
    return Response(
        r.content,
        media_type=r.headers.get("content-type", "application/octet-stream"),
        headers={
            "Content-Disposition": r.headers.get("content-disposition", "attachment"),
            "X-Content-Type-Options": "nosniff",
        },
    )


async def schemes_and_institutions(matching: ServiceClient) -> tuple[list[dict], list[dict]]:
    """The catalog's schemes and institutions (public), each by name: what a scope is chosen
    from and named by."""
    schemes, institutions = await asyncio.gather(
        matching.get("/schemes", params={"limit": 200}), matching.get("/institutions", params={"limit": 500})
    )

    def by_name(x: dict) -> str:
        return (x.get("name") or x["id"]).casefold()

    return sorted(schemes["items"], key=by_name), sorted(institutions["items"], key=by_name)


async def nothing() -> None:
    """A call not made, in an ``asyncio.gather`` of calls that are: its answer is None."""
    return None


def services_of(request: Request) -> Services:
    return request.app.state.services


# A stored file shown inside a page (a frame for a PDF, an image): only these types, by the
# type the service checked on upload; anything else stays a download.
PREVIEWABLE = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def preview_headers(media_type: str, stem: str) -> dict[str, str]:
    """Headers of a previewed file: inline, never sniffed, framed by the portal's own pages
    only, and no script of its own (an image is also sandboxed; Chromium's PDF viewer does not
    run in a sandbox, so a PDF gets a policy allowing only itself as the embedded object)."""
    policy = "default-src 'none'; frame-ancestors 'self'"
    policy += "; object-src 'self'" if media_type == "application/pdf" else "; sandbox"
    safe_stem = "".join(c for c in stem if c.isalnum() or c in "-_")[:64] or "document"
    return {
        "Content-Disposition": f'inline; filename="{safe_stem}.{PREVIEWABLE[media_type]}"',
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Content-Security-Policy": policy,
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "private, no-store",
    }


async def previewed(client: ServiceClient, path: str, token: str | None, stem: str) -> Response | int:
    """A stored file from ``client`` to show inside a page (``preview_headers``); a type that
    is not ``PREVIEWABLE`` is passed on as a download. The service's status when it refuses."""
    try:
        r = await client.http.get(path, headers={"Authorization": f"Bearer {token}"})
    except Exception:  # noqa: BLE001 - any transport failure is the service being away
        raise ServiceUnavailable(client.name, "download failed") from None
    if r.status_code != 200:
        return r.status_code
    media_type = r.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in PREVIEWABLE:
        return Response(
            r.content,
            media_type="application/octet-stream",
            headers={"Content-Disposition": "attachment", "X-Content-Type-Options": "nosniff"},
        )
    return Response(r.content, media_type=media_type, headers=preview_headers(media_type, stem))
