"""Refusals the domain and the service layer raise: no HTTP here.

Each carries a stable machine-readable ``code`` (the portal translates by it), a reason in
English for people reading logs and API answers, and the fields at fault. The API layer
(``shared.api``) alone decides the status code, from the class.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One field at fault: a dotted path (or ``request``), why, and a stable code."""

    field: str
    reason: str
    code: str = "invalid"
    context: dict[str, Any] = dataclass_field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "reason": self.reason, "code": self.code, **self.context}


class DomainError(Exception):
    """A request refused for a reason the caller can act on.

    ``DomainError("quota.cap_negative", "a cap may not be negative", field="cap")`` names
    one field; ``errors=[...]`` names several at once (every problem of a form).
    """

    def __init__(
        self,
        code: str,
        reason: str,
        field: str = "request",
        *,
        errors: list[FieldError] | None = None,
        **context: Any,
    ):
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.errors = errors or [FieldError(field, reason, code, dict(context))]
        self.context = context

    @classmethod
    def of(cls, errors: list[FieldError], code: str | None = None) -> DomainError:
        """One refusal naming every error in ``errors`` (at least one)."""
        first = errors[0]
        reason = first.reason if len(errors) == 1 else "; ".join(f"{e.field}: {e.reason}" for e in errors)
        return cls(code or first.code, reason, errors=errors)

    @property
    def field(self) -> str:
        return self.errors[0].field


class Invalid(DomainError):
    """The input breaks a rule (answered 422)."""


class NotFound(DomainError):
    """The thing named does not exist, or not for this caller (404)."""


class Conflict(DomainError):
    """The request does not fit the current state: a status, a duplicate, a closed window (409)."""


class Forbidden(DomainError):
    """The caller is known but may not do this (403)."""


class Unauthenticated(DomainError):
    """No credentials, or credentials that do not hold (401)."""


def token_revoked(machine: bool) -> Unauthenticated:
    """401 auth.revoked, worded for whoever holds the token, the same in every service: a
    partner system's client gets a new token with its credentials (its client was revoked or
    its secret rotated); a person logs in again."""
    if machine:
        return Unauthenticated(
            "auth.revoked",
            "this token was revoked (its client revoked, its secret rotated or its account disabled):"
            " get a new one with the client's current credentials",
            "authorization",
        )
    return Unauthenticated("auth.revoked", "this token was revoked: log in again", "authorization")


class PreconditionFailed(DomainError):
    """A conditional request whose condition no longer holds: the thing changed since the
    caller read it (If-Match; answered 412)."""


class TooLarge(DomainError):
    """The request or an upload is larger than allowed (413)."""


class Unsupported(DomainError):
    """A media type that is not accepted (415)."""


class TooManyRequests(DomainError):
    """Too many attempts: try again after ``retry_after`` whole seconds (429 with Retry-After)."""

    def __init__(self, code: str, reason: str, field: str = "request", *, retry_after: int):
        super().__init__(code, reason, field, retry_after=retry_after)
        self.retry_after = retry_after


class Unavailable(DomainError):
    """A dependency is away; the request changed nothing and may be repeated (503)."""
