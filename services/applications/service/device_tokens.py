"""A client's proof that it has logged in to an account before (a "device cookie", as OWASP's
guide to slowing down online guessing calls it).

Anyone may send wrong passwords for any address, so a lock that refused every log-in to the
account let a stranger keep its owner out. A successful log-in hands the client this token;
a later log-in that sends it back is counted under the token, not under the account: the
strangers' lock does not apply to it, and its own wrong passwords lock only it.

A JWT (HS256) with its own audience and purpose, signed with a key derived from the
service's JWT secret for this purpose alone (as the referee links are), so no access token is
one and the other way round. It names the account by a hash of its e-mail address (the
address asked for at log-in), and its id (``jti``) keys its own failures. Never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt

from services.applications.service.throttle import account_hash
from shared.clock import utcnow

AUDIENCE = "corridor:device"
PURPOSE = "known_device"
ISSUER = "corridor-applications"
ALGORITHM = "HS256"


@dataclass(frozen=True)
class Devices:
    secret: str
    ttl: timedelta

    def _key(self) -> bytes:
        return hmac.new(self.secret.encode(), b"corridor known device", hashlib.sha256).digest()

    def mint(self, email: str) -> str:
        """A new token for a client that has just logged in as ``email``."""
        now = utcnow()
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "purpose": PURPOSE,
            "acc": account_hash(email),
            "jti": uuid.uuid4().hex,
            "iat": int(now.timestamp()),
            "exp": int((now + self.ttl).timestamp()),
        }
        return jwt.encode(claims, self._key(), algorithm=ALGORITHM)

    def known(self, token: str | None, email: str) -> str | None:
        """The token's id when it proves an earlier log-in as ``email``; None for no token, or
        one tampered with, expired, of another account or not ours (a client like any other)."""
        if not token:
            return None
        try:
            claims = jwt.decode(
                token,
                self._key(),
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "iat", "aud", "iss", "acc", "jti", "purpose"]},
            )
        except jwt.PyJWTError:
            return None
        jti = claims.get("jti")
        if claims.get("purpose") != PURPOSE or not isinstance(jti, str):
            return None
        if not hmac.compare_digest(str(claims.get("acc")), account_hash(email)):
            return None
        return jti
