"""What every route module shares: pagination, problem lists, the runtime, lookups."""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from shared.api import MAX_OFFSET, DomainError, Page, fetch_page  # noqa: F401 - re-exported
from shared.runtime import ServiceRuntime


class Paging:
    def __init__(self, offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(50, ge=1, le=500)):
        self.offset = offset
        self.limit = limit


class ProblemOut(BaseModel):
    severity: str
    field: str
    reason: str


def runtime_of(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


async def page_of(session: AsyncSession, stmt, paging: Paging, order_by) -> tuple[list[Any], int]:
    return await fetch_page(session, stmt, *order_by, offset=paging.offset, limit=paging.limit)


def refuse_errors(problems: list[tuple[str, str, str]]) -> list[ProblemOut]:
    """422 with every error (field + reason) if there is one; otherwise the warnings."""
    errors = [p for p in problems if p[0] == "error"]
    if errors:
        raise Unprocessable([{"field": f, "reason": m} for _s, f, m in errors])
    return [ProblemOut(severity=s, field=f, reason=m) for s, f, m in problems]


class Unprocessable(DomainError):
    """A 422 naming several fields at once."""

    def __init__(self, details: list[dict], status: int = 422):
        super().__init__(status, "; ".join(f"{d['field']}: {d['reason']}" for d in details), field=details[0]["field"])
        self.details = details


def not_found(field: str, what: str) -> DomainError:
    return DomainError(404, f"{what} not found", field=field)


def forbidden(reason: str, field: str = "request") -> DomainError:
    return DomainError(403, reason, field=field)


async def get_or_404(session: AsyncSession, model, key: str, field: str, what: str):
    row = await session.get(model, key)
    if row is None:
        raise not_found(field, f"{what} {key!r}")
    return row
