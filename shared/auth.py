"""Tokens, and the callers they name, the same in every service.

JWT bearer tokens (HS256, PyJWT) carry the role and its scope (``shared.principal``):
- applicant: only their own data (``sub`` is the applicant id);
- officer: scoped to schemes and/or host institutions (``schemes``, ``institutions``);
- admin: everything;
- partner: scoped to its institutions (``institutions``).

Routes take the caller as an ``Annotated`` type: ``caller: Staff`` (officer or admin),
``caller: ApplicantCaller``, ``caller: Admin``, ``caller: PartnerCaller``; a mix of roles is
``Annotated[Principal, Depends(require(...))]``.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated

import jwt
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from shared.clock import utcnow
from shared.errors import Forbidden, Unauthenticated
from shared.principal import Principal, Role

ISSUER = "corridor"
ALGORITHM = "HS256"


def issue_token(principal: Principal, secret: str, ttl_seconds: int = 3600) -> str:
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "sub": principal.sub,
        "role": principal.role.value,
        "name": principal.name,
        "schemes": principal.schemes,
        "institutions": principal.institutions,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


class InvalidToken(Exception):
    pass


def verify_token(token: str, secret: str) -> Principal:
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub", "iss"]}
        )
        return Principal(
            sub=claims["sub"],
            role=Role(claims["role"]),
            name=claims.get("name", ""),
            schemes=claims.get("schemes") or [],
            institutions=claims.get("institutions") or [],
        )
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise InvalidToken(str(exc)) from exc


oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


async def current_principal(request: Request, token: str | None = Depends(oauth2_scheme)) -> Principal:
    """The caller, from the bearer token (the secret is on app.state)."""
    if not token:
        raise Unauthenticated("auth.missing_token", "missing bearer token", "authorization")
    try:
        return verify_token(token, request.app.state.jwt_secret)
    except InvalidToken as exc:
        raise Unauthenticated("auth.invalid_token", f"invalid token: {exc}", "authorization") from None


def require(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """Dependency factory: the caller must hold one of ``roles``."""

    async def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role not in roles:
            raise Forbidden(
                "auth.wrong_role",
                f"role {principal.role.value} may not do this; needs {', '.join(r.value for r in roles)}",
                "authorization",
            )
        return principal

    return dependency


ApplicantCaller = Annotated[Principal, Depends(require(Role.APPLICANT))]
Staff = Annotated[Principal, Depends(require(Role.OFFICER, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
PartnerCaller = Annotated[Principal, Depends(require(Role.PARTNER))]
