"""Tokens and roles, the same in every service.

JWT bearer tokens (HS256, PyJWT) carry the role and its scope:
- applicant: only their own data (``sub`` is the applicant id);
- officer: scoped to schemes and/or host institutions (``schemes``, ``institutions``);
- admin: everything;
- partner: scoped to its institution (``institutions``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

ISSUER = "corridor"
ALGORITHM = "HS256"


class Role(StrEnum):
    APPLICANT = "applicant"
    OFFICER = "officer"
    ADMIN = "admin"
    PARTNER = "partner"


class Principal(BaseModel):
    sub: str
    role: Role
    name: str = ""
    schemes: list[str] = []
    institutions: list[str] = []

    def may_see_scheme(self, scheme_id: str | None) -> bool:
        if self.role == Role.ADMIN:
            return True
        if self.role == Role.OFFICER:
            return not self.schemes or scheme_id in self.schemes
        return False

    def may_see_institution(self, institution_id: str | None) -> bool:
        if self.role == Role.ADMIN:
            return True
        if self.role in (Role.OFFICER, Role.PARTNER):
            if self.role == Role.OFFICER and not self.institutions:
                return True
            return institution_id in self.institutions
        return False


def issue_token(principal: Principal, secret: str, ttl_seconds: int = 3600) -> str:
    now = datetime.now(UTC)
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


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


async def current_principal(request: Request, token: str | None = Depends(oauth2_scheme)) -> Principal:
    """FastAPI dependency: the caller, from the bearer token (the secret is on app.state)."""
    if not token:
        raise _unauthorized("missing bearer token")
    try:
        return verify_token(token, request.app.state.jwt_secret)
    except InvalidToken as exc:
        raise _unauthorized(f"invalid token: {exc}") from None


def require(*roles: Role) -> Callable:
    """Dependency factory: the caller must hold one of ``roles``."""

    async def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role not in roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"role {principal.role.value} may not do this; needs {', '.join(r.value for r in roles)}",
            )
        return principal

    return dependency
