"""The referee's link token: signed, single-purpose, expiring; it names one letter request.

A JWT (HS256) with its own audience and purpose claim, signed with a key derived from the
service's JWT secret for this purpose alone, so no access token is ever a referee token
nor the other way round. It is never stored: the signature proves it, and the request's
state (requested or opened, before its deadline) decides whether it still works, so a
used, declined, cancelled or expired request's links stop working together.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

import jwt

from services.applications.domain.referees import link_invalid
from shared.clock import utcnow
from shared.errors import Forbidden

AUDIENCE = "corridor:referee"
PURPOSE = "referee_letter"
ISSUER = "corridor-applications"
ALGORITHM = "HS256"


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"corridor referee letter link", hashlib.sha256).digest()


def mint(secret: str, request_id: str, expires_at: datetime) -> str:
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "purpose": PURPOSE,
        "rid": request_id,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, _key(secret), algorithm=ALGORITHM)


def request_id_of(secret: str, token: str) -> str:
    """The request a token names; refused (referee.link_invalid) when it is tampered with,
    expired, meant for another purpose or audience, or not one of ours."""
    try:
        claims = jwt.decode(
            token,
            _key(secret),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "aud", "iss", "rid", "purpose"]},
        )
    except jwt.ExpiredSignatureError:
        raise Forbidden("referee.link_expired", "this link has expired", "token") from None
    except jwt.PyJWTError:
        raise link_invalid() from None
    if claims.get("purpose") != PURPOSE or not isinstance(claims.get("rid"), str):
        raise link_invalid()
    return claims["rid"]
