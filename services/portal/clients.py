"""Calls to the three services (httpx), with their refusals turned into field errors.

Every service answers a refusal as {"detail": [{"field", "reason", ...}]} (or a plain
string for 401/403); ``ServiceError`` keeps those so a page can show each reason next to
its field. A service that cannot be reached is a ``ServiceUnavailable``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class FieldError:
    field: str
    reason: str


@dataclass
class ServiceError(Exception):
    service: str
    status: int
    errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(e.reason for e in self.errors) or f"{self.service} answered {self.status}"

    def by_field(self) -> dict[str, str]:
        """field -> reason (the first reason per field); 'choices.1' also files under 'choices'."""
        out: dict[str, str] = {}
        for e in self.errors:
            out.setdefault(e.field, e.reason)
            out.setdefault(e.field.split(".")[0], e.reason)
        return out


class ServiceUnavailable(Exception):
    def __init__(self, service: str, cause: str):
        super().__init__(f"{service}: {cause}")
        self.service = service


def errors_of(body: Any, status: int) -> list[FieldError]:
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return [FieldError("request", detail)]
    if isinstance(detail, list):
        out = []
        for d in detail:
            if isinstance(d, dict):
                reason = str(d.get("reason") or d.get("msg") or "invalid")
                out.append(FieldError(str(d.get("field") or "request"), reason))
        if out:
            return out
    return [FieldError("request", f"the request was refused ({status})")]


class ServiceClient:
    """One service's API as the logged-in user (the token comes with each call)."""

    def __init__(self, name: str, base_url: str, timeout: float):
        self.name = name
        self.http = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def close(self) -> None:
        await self.http.aclose()

    async def call(
        self, method: str, path: str, token: str | None = None, *, idempotent: bool = False, **kwargs
    ) -> Any:
        headers = dict(kwargs.pop("headers", {}) or {})
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
            raise ServiceUnavailable(self.name, f"answered {r.status_code}")
        if r.status_code >= 400:
            try:
                body = r.json()
            except ValueError:
                body = None
            raise ServiceError(self.name, r.status_code, errors_of(body, r.status_code))
        if r.status_code == 204 or not r.content:
            return None
        return r.json()

    async def get(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("GET", path, token, **kw)

    async def post(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("POST", path, token, **kw)

    async def patch(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("PATCH", path, token, **kw)

    async def delete(self, path: str, token: str | None = None, **kw) -> Any:
        return await self.call("DELETE", path, token, **kw)

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
