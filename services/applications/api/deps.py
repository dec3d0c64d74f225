"""What the routes take besides the caller and the session: the runtime, this service's
settings, the password hasher, the one caller type shared.auth lacks (admin or partner),
and the path parameters several routers share."""

from __future__ import annotations

import contextlib
import ipaddress
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Path, Request

from services.applications.service.accounts import AccountGate
from services.applications.service.device_tokens import Devices
from services.applications.service.passwords import Passwords
from services.applications.service.storage import Storage
from services.applications.service.throttle import Policy
from services.applications.settings import Settings
from shared.auth import require
from shared.clock import aware
from shared.principal import Principal, Role
from shared.runtime import ServiceRuntime


async def _runtime(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _passwords(request: Request) -> Passwords:
    return request.app.state.passwords


async def _gate(request: Request) -> AccountGate:
    return request.app.state.account_gate


async def _throttle_policy(request: Request) -> Policy:
    return Policy.of(request.app.state.settings)


async def _devices(request: Request) -> Devices:
    s: Settings = request.app.state.settings
    return Devices(s.jwt_secret.get_secret_value(), timedelta(days=s.login_device_days))


def _trusted(peer: str, proxies: list[str]) -> bool:
    """Whether ``peer`` is one of ``proxies``: addresses, or networks ("10.0.0.0/8": a
    cluster's pod network, where the portal's pods have no fixed address)."""
    if peer in proxies:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    for proxy in proxies:
        if "/" in proxy:
            try:
                if address in ipaddress.ip_network(proxy, strict=False):
                    return True
            except ValueError:
                continue
    return False


async def client_address(request: Request) -> str:
    """The caller's address: the peer's, or the last X-Forwarded-For hop when the peer is a
    trusted proxy (the portal, a reverse proxy: APPLICATIONS_TRUSTED_PROXIES)."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for", "")
    if forwarded and _trusted(peer, request.app.state.settings.trusted_proxies):
        return forwarded.split(",")[-1].strip() or peer
    return peer


Runtime = Annotated[ServiceRuntime, Depends(_runtime)]
Gate = Annotated[AccountGate, Depends(_gate)]
ThrottlePolicy = Annotated[Policy, Depends(_throttle_policy)]
KnownDevices = Annotated[Devices, Depends(_devices)]
ClientAddress = Annotated[str, Depends(client_address)]
AppSettings = Annotated[Settings, Depends(_settings)]
Hasher = Annotated[Passwords, Depends(_passwords)]


async def _storage(request: Request) -> Storage:
    return request.app.state.storage


# Where documents and letters are kept (app.py: encrypted at rest); routes never see a path.
FileStorage = Annotated[Storage, Depends(_storage)]
# Partner clients are managed by an admin, or by the partner itself (the service checks which partner).
AdminOrPartner = Annotated[Principal, Depends(require(Role.ADMIN, Role.PARTNER))]

ApplicationId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
DocumentId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
AccountId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
ClientId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


# An application's entity tag is its last change, to the microsecond (strong): a form sends it
# back as If-Match so that an edit made meanwhile elsewhere (another tab) is not overwritten.
_ETAG = "%Y%m%dT%H%M%S.%fZ"


def etag_of(updated_at: datetime) -> str:
    return f'"{aware(updated_at).astimezone(UTC).strftime(_ETAG)}"'


def as_read(if_match: str | None) -> list[datetime] | None:
    """The last changes an If-Match header names (None: no header, or "*": any). RFC 9110's
    strong comparison: a weak tag (W/...) or one that is not this service's matches nothing,
    and the edit is refused."""
    if if_match is None or if_match.strip() == "*":
        return None
    read: list[datetime] = []
    for tag in (t.strip() for t in if_match.split(",")):
        if tag.startswith('"') and tag.endswith('"') and len(tag) > 2:
            with contextlib.suppress(ValueError):
                read.append(datetime.strptime(tag[1:-1], _ETAG).replace(tzinfo=UTC))
    return read
