"""Tokens, and the callers they name, the same in every service.

JWT bearer tokens (PyJWT) carry the role and its scope (``shared.principal``). They are
signed with Ed25519 (EdDSA) when the system has a key pair (``TokenKeys``): only the
applications service holds the private key and issues tokens; the other services hold the
public key and can check tokens but never make one, so a compromised notifications or
matching service cannot mint an admin token. Without a key pair (unit tests, a system
configured with only ``CORRIDOR_JWT_SECRET``) they are HS256 with the shared secret. A service
with a public key accepts EdDSA tokens only.

- applicant: only their own data (``sub`` is the applicant id);
- officer: scoped to schemes and/or host institutions (``schemes``, ``institutions``);
- admin: everything;
- partner: scoped to its institutions (``institutions``);
- nominator: a sending country's nominating authority, scoped to schemes and sending
  countries (``schemes``, ``countries``).

A token names the services it is for (``aud``): each service accepts only tokens whose
``aud`` includes its own name. It carries when it was issued (``iat``, to the millisecond)
and a short lifetime (``exp``). On each request the service's runtime is asked whether the
token was revoked (``shared.revocation``: issued before the account's ``not_before``, or
the account disabled) and, in the applications service, whether the account still exists
and is active; a refused token is 401 ``auth.revoked``.

Routes take the caller as an ``Annotated`` type: ``caller: Staff`` (officer or admin),
``caller: ApplicantCaller``, ``caller: Admin``, ``caller: PartnerCaller``; a mix of roles is
``Annotated[Principal, Depends(require(...))]``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.openapi.models import OAuthFlowClientCredentials
from fastapi.security import OAuth2PasswordBearer

from shared.clock import utcnow
from shared.errors import Forbidden, Unauthenticated
from shared.principal import Principal, Role


class InvalidToken(Exception):
    pass


class TokenExpired(InvalidToken):
    """A good token past its time: the caller gets a new one (not a fault to look into)."""


ISSUER = "corridor"
ALGORITHM = "HS256"  # without a key pair
ASYMMETRIC = "EdDSA"


@dataclass(frozen=True)
class TokenKeys:
    """How tokens are signed and checked: an Ed25519 key pair (PEM; the private key only
    where tokens are issued), else the shared secret (HS256)."""

    secret: str = ""
    public_key: str | None = None
    private_key: str | None = None

    def signing(self) -> tuple[str, str]:
        if self.public_key is None:
            return self.secret, ALGORITHM
        if self.private_key is None:
            raise ValueError("this service has no private key: it checks tokens but does not issue them")
        return self.private_key, ASYMMETRIC

    def checking(self) -> tuple[str, list[str]]:
        return (self.secret, [ALGORITHM]) if self.public_key is None else (self.public_key, [ASYMMETRIC])


def _keys(keys: str | TokenKeys) -> TokenKeys:
    return TokenKeys(secret=keys) if isinstance(keys, str) else keys


# The services a person's token is for (the applications service issues them).
ALL_SERVICES = ("applications", "matching", "notifications")
# No token lives longer than this, whatever its ``exp`` says.
MAX_LIFETIME_SECONDS = 24 * 3600


def issue_token(
    principal: Principal,
    keys: str | TokenKeys,
    ttl_seconds: int = 3600,
    *,
    audience: Sequence[str] = ALL_SERVICES,
    auth_time: float | None = None,
) -> str:
    """``keys``: a TokenKeys, or the HS256 secret itself. ``auth_time``: when the person logged
    in (a renewed token keeps its log-in's; a new log-in's is now), for a renewal's limit."""
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "aud": list(audience),
        "sub": principal.sub,
        "role": principal.role.value,
        "name": principal.name,
        "schemes": principal.schemes,
        "institutions": principal.institutions,
        "countries": principal.countries,
        **({"cid": principal.client_id} if principal.client_id else {}),
        # To the millisecond: a token issued just after a revocation in the same second still works.
        "iat": round(now.timestamp(), 3),
        "nbf": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": uuid.uuid4().hex,
        "auth_time": int(auth_time if auth_time is not None else now.timestamp()),
    }
    key, algorithm = _keys(keys).signing()
    return jwt.encode(claims, key, algorithm=algorithm)


@dataclass(frozen=True)
class Verified:
    principal: Principal
    issued_at: datetime


def verify(token: str, keys: str | TokenKeys, audience: str | None) -> Verified:
    """The token's caller and issue time; ``audience``: this service's name (None: not checked,
    for apps built by hand in tests; every service built by shared.runtime passes its name)."""
    key, algorithms = _keys(keys).checking()
    try:
        claims = _checked(token, key, tuple(algorithms), audience)
    except jwt.ExpiredSignatureError as exc:
        raise TokenExpired("the token has expired") from exc
    except jwt.InvalidSignatureError as exc:
        raise InvalidToken(str(exc)) from exc
    except jwt.InvalidAlgorithmError as exc:
        # "none", or an algorithm this service does not sign with: said plainly, not in the library's words
        raise InvalidToken("the token is not signed with an algorithm this service accepts") from exc
    except jwt.DecodeError as exc:
        # not a JWT at all: the parser's words (a byte it could not decode) help no caller
        raise InvalidToken("the token is malformed") from exc
    except (jwt.PyJWTError, KeyError, ValueError, TypeError, OverflowError) as exc:
        raise InvalidToken(str(exc)) from exc
    if claims.exp <= time.time():  # checked again each time: the token may have expired since
        raise TokenExpired("the token has expired")
    # A caller of its own per request (routes may change one); its values were checked once.
    checked = claims.principal
    principal = checked.model_copy(
        update={
            "schemes": [*checked.schemes],
            "institutions": [*checked.institutions],
            "countries": [*checked.countries],
        }
    )
    return Verified(principal, claims.issued_at)


@dataclass(frozen=True)
class _Claims:
    principal: Principal  # never handed out: ``verify`` copies it
    issued_at: datetime
    exp: int  # PyJWT's reading: a token expires at the whole second


@lru_cache(maxsize=4096)
def _checked(token: str, key: str, algorithms: tuple[str, ...], audience: str | None) -> _Claims:
    """The token's signature and claims checked once per (token, key, audience), not on each
    of its requests: a caller's token comes back with every request for up to an hour, and
    checking an Ed25519 signature (and reading the key's PEM) was most of the cost of
    authenticating one. A token refused raises and is not kept; only ``exp`` can change its
    verdict later, and ``verify`` checks it each time."""
    required = ["exp", "sub", "iss", "iat", *(["aud"] if audience else [])]
    claims = jwt.decode(
        token,
        key,
        algorithms=list(algorithms),
        issuer=ISSUER,
        audience=audience,
        options={"require": required, "verify_aud": audience is not None},
    )
    if float(claims["exp"]) - float(claims["iat"]) > MAX_LIFETIME_SECONDS:
        raise ValueError(f"lives longer than {MAX_LIFETIME_SECONDS} s")
    principal = Principal(
        sub=claims["sub"],
        role=Role(claims["role"]),
        name=claims.get("name", ""),
        schemes=claims.get("schemes") or [],
        institutions=claims.get("institutions") or [],
        countries=claims.get("countries") or [],
        client_id=claims.get("cid") or None,
    )
    return _Claims(principal, datetime.fromtimestamp(float(claims["iat"]), UTC), int(claims["exp"]))


def verify_token(token: str, keys: str | TokenKeys, audience: str | None = None) -> Principal:
    return verify(token, keys, audience).principal


oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)
# the OpenAPI document declares the grant partner systems use too (generated clients and the
# docs' "Authorize" had offered the password flow only)
oauth2_scheme.model.flows.clientCredentials = OAuthFlowClientCredentials(tokenUrl="/auth/token")


async def authenticated(token: str | None, state: Any) -> Principal:
    """The caller of a bearer token, checked against ``state`` (an app's state: its secret,
    audience and runtime), unless missing, invalid or revoked."""
    if not token:
        raise Unauthenticated("auth.missing_token", "missing bearer token", "authorization")
    try:
        keys = getattr(state, "token_keys", None) or state.jwt_secret
        verified = verify(token, keys, getattr(state, "jwt_audience", None))
    except TokenExpired:
        # told apart from a bad token: a client gets a new one, a person logs in again
        raise Unauthenticated("auth.token_expired", "the token has expired: get a new one", "authorization") from None
    except InvalidToken as exc:
        raise Unauthenticated("auth.invalid_token", f"invalid token: {exc}", "authorization") from None
    runtime = getattr(state, "runtime", None)
    if runtime is not None:
        await runtime.check_token(verified.principal, verified.issued_at)
    return verified.principal


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


async def current_principal(request: Request, token: str | None = Depends(oauth2_scheme)) -> Principal:
    """The caller, from the bearer token (secret and audience are on app.state), unless revoked."""
    return await authenticated(token, request.app.state)


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


async def person(principal: Principal = Depends(current_principal)) -> Principal:
    """The caller, a person: a partner system's token (client credentials) acts for its
    institution and has no session to log out of nor an account to change (a system that
    "logged out" on shutdown had logged the institution's staff out of the portal)."""
    if principal.client_id is not None:
        raise Forbidden(
            "auth.machine_token",
            "a partner system's token cannot log out or change the account: its tokens expire, and rotating or "
            "revoking its client ends them at once (a person of the partner does that)",
            "authorization",
        )
    return principal


Caller = Annotated[Principal, Depends(current_principal)]
# A person's own account: log out, password, language for messages (not a partner system's token).
PersonCaller = Annotated[Principal, Depends(person)]
ApplicantCaller = Annotated[Principal, Depends(require(Role.APPLICANT))]
Staff = Annotated[Principal, Depends(require(Role.OFFICER, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
PartnerCaller = Annotated[Principal, Depends(require(Role.PARTNER))]
# Who may read and set a country's nominations: the authority itself, and staff (scope checked by the route).
NominationCaller = Annotated[Principal, Depends(require(Role.NOMINATOR, Role.OFFICER, Role.ADMIN))]
# Who reviews an application's documents and letters: staff and committee reviewers in scope,
# and the nominating authority of the applicant's country (shared.scope.country_filter) and the
# coordinator of the applicant's home institution (shared.scope.home_filter): both may ask for
# more documents.
Reviewer = Annotated[
    Principal, Depends(require(Role.OFFICER, Role.ADMIN, Role.REVIEWER, Role.NOMINATOR, Role.COORDINATOR))
]
# Who writes to an applicant about their application: staff in scope and the stages' owners (a
# committee reviewer scores; its name is not the applicant's to read).
Correspondent = Annotated[Principal, Depends(require(Role.OFFICER, Role.ADMIN, Role.NOMINATOR, Role.COORDINATOR))]
# Who scores for a selection committee: its officers and reviewers (what each may open is
# checked by the route: their own assignments; the scheme's officers all).
CommitteeMember = Annotated[Principal, Depends(require(Role.OFFICER, Role.ADMIN, Role.REVIEWER))]
# Who may read and set a home institution's endorsements: its coordinator, and staff (scope checked by the route).
EndorsementCaller = Annotated[Principal, Depends(require(Role.COORDINATOR, Role.OFFICER, Role.ADMIN))]
# Who may decide admission at a host: the host's partner users (portal or machine credentials) and staff.
AdmissionCaller = Annotated[Principal, Depends(require(Role.PARTNER, Role.OFFICER, Role.ADMIN))]


def auth_time_of(token: str) -> float | None:
    """The log-in time a token carries (``auth_time``; a token of before: its ``iat``), read
    from a token already verified: None when it has neither."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    when = claims.get("auth_time", claims.get("iat"))
    return float(when) if isinstance(when, (int, float)) else None
