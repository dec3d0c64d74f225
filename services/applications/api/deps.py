"""What the routes take besides the caller and the session: the runtime, this service's
settings, the password hasher, the one caller type shared.auth lacks (admin or partner),
and the path parameters several routers share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from services.applications.service.passwords import Passwords
from services.applications.settings import Settings
from shared.auth import require
from shared.idempotency import idempotency_key
from shared.principal import Principal, Role
from shared.runtime import ServiceRuntime


def _runtime(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _passwords(request: Request) -> Passwords:
    return request.app.state.passwords


Runtime = Annotated[ServiceRuntime, Depends(_runtime)]
AppSettings = Annotated[Settings, Depends(_settings)]
Hasher = Annotated[Passwords, Depends(_passwords)]
IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]
# Partner clients are managed by an admin, or by the partner itself (the service checks which partner).
AdminOrPartner = Annotated[Principal, Depends(require(Role.ADMIN, Role.PARTNER))]

ApplicationId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
DocumentId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
AccountId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
ClientId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
