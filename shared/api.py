"""HTTP conventions shared by the services: error bodies, health probes and pages of lists."""

from __future__ import annotations

from typing import Generic, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "request"


def install_error_handlers(app: FastAPI) -> None:
    """422 answers name each field and the reason: {"detail": [{"field", "reason", ...}]}.

    A database that cannot be reached (restarting, failing over) is a 503 with Retry-After:
    the request changed nothing and may be repeated (with the same Idempotency-Key).
    """

    async def _unavailable(_request: Request, _exc: Exception):
        body = {"detail": [{"field": "request", "reason": "the database is unavailable; try again shortly"}]}
        return JSONResponse(status_code=503, content=body, headers={"Retry-After": "2"})

    for exc_type in (OperationalError, InterfaceError, ConnectionError, TimeoutError):
        app.add_exception_handler(exc_type, _unavailable)

    @app.exception_handler(DBAPIError)
    async def _dbapi(request: Request, exc: DBAPIError):
        if exc.connection_invalidated:
            return await _unavailable(request, exc)
        raise exc

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError):
        errors = []
        for err in exc.errors():
            errors.append(
                {
                    "field": _field(err.get("loc", ())),
                    "reason": err.get("msg", "invalid"),
                    "type": err.get("type"),
                    "loc": [str(p) for p in err.get("loc", ())],
                }
            )
        return JSONResponse(status_code=422, content={"detail": errors})


class DomainError(Exception):
    """A request the domain refuses: answered with ``status`` and ``field``/``reason``."""

    def __init__(self, status: int, reason: str, field: str | None = None, **extra):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.field = field
        self.extra = extra


def install_domain_errors(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_request: Request, exc: DomainError):
        body = {"detail": [{"field": exc.field or "request", "reason": exc.reason, **exc.extra}]}
        return JSONResponse(status_code=exc.status, content=body)


# The 422 item every service sends: request validation adds loc/type, domain refusals
# may add context (e.g. max_bytes); field and reason are always there.
ERROR_ITEM_SCHEMA = {
    "title": "ValidationError",
    "type": "object",
    "required": ["field", "reason"],
    "properties": {
        "field": {"type": "string", "title": "Field", "description": "the field at fault (dotted path) or 'request'"},
        "reason": {"type": "string", "title": "Reason"},
        "type": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Type"},
        "loc": {"type": "array", "items": {"type": "string"}, "title": "Location"},
    },
    "additionalProperties": True,
}


def document_error_bodies(app: FastAPI) -> None:
    """Make the OpenAPI document describe the 422 body the handlers above really send."""
    build = app.openapi

    def openapi() -> dict:
        cached = app.openapi_schema is not None
        schema = build()
        if not cached:
            schemas = schema.get("components", {}).get("schemas", {})
            if "ValidationError" in schemas:
                schemas["ValidationError"] = ERROR_ITEM_SCHEMA
        return schema

    app.openapi = openapi


# Beyond any real list, and well inside PostgreSQL's BIGINT: a larger offset is a 422, not a 500.
MAX_OFFSET = 1_000_000_000


T = TypeVar("T")


async def fetch_page(session, query, *order_by, offset: int, limit: int) -> tuple[list, int]:
    """One page of ``query``'s rows in ``order_by`` order, and how many it matches in all."""
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = (await session.scalars(query.order_by(*order_by).offset(offset).limit(limit))).all()
    return list(rows), int(total or 0)


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, at most ``limit``, of ``total``."""

    items: list[T]
    total: int
    offset: int
    limit: int
