"""What the routes share: the runtime, the clock, refusals with several fields, paging."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse

from shared.auth import require
from shared.principal import Principal, Role
from shared.runtime import ServiceRuntime


def runtime_of(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; they are stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Refusal(Exception):
    """A refusal naming several fields at once: {"detail": [{"field", "reason", ...}, ...]}."""

    def __init__(self, status: int, errors: list[dict]):
        super().__init__(errors[0]["reason"] if errors else "refused")
        self.status = status
        self.errors = errors


def install_refusals(app: FastAPI) -> None:
    @app.exception_handler(Refusal)
    async def _refusal(_request: Request, exc: Refusal):
        return JSONResponse(status_code=exc.status, content={"detail": exc.errors})


Applicant = Annotated[Principal, Depends(require(Role.APPLICANT))]
Staff = Annotated[Principal, Depends(require(Role.OFFICER, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]
Limit = Annotated[int, Query(ge=1, le=100, description="page size")]
