"""The portal's only state: a signed, http-only session cookie (HMAC-SHA256).

It carries the service token (JWT) of the logged-in user, their role and name, the chosen
language, a CSRF token and one-shot flash messages. Nothing is stored server-side, so any
number of portal instances can serve the same user.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

COOKIE = "corridor_session"
# The proof that this browser logged in to an account before (the applications service's
# device_token): kept past log-out, sent with the next log-in, so that a lock strangers' wrong
# passwords put on the account does not keep this browser out. One per browser: the last
# account logged in to here.
DEVICE_COOKIE = "corridor_device"
DEVICE_COOKIE_MAX_AGE = 180 * 24 * 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    def __init__(self, secret: str, max_age: int):
        self.key = hashlib.sha256(secret.encode()).digest()
        self.max_age = max_age

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self.key, payload.encode(), hashlib.sha256).digest())

    def dumps(self, data: dict[str, Any]) -> str:
        payload = _b64(json.dumps({**data, "_t": int(time.time())}, separators=(",", ":")).encode())
        return f"{payload}.{self._mac(payload)}"

    def loads(self, value: str | None) -> dict[str, Any] | None:
        """The data, or None when absent, forged or expired."""
        if not value or "." not in value:
            return None
        payload, mac = value.rsplit(".", 1)
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict) or time.time() - data.pop("_t", 0) > self.max_age:
            return None
        return data


@dataclass
class Session:
    token: str | None = None
    role: str | None = None
    name: str = ""
    sub: str | None = None
    lang: str | None = None
    # an applicant's type (student or faculty): which programmes they can add
    applicant_type: str | None = None
    # an applicant's nationality (the country they are sent from): which cycles are open to them
    nationality: str | None = None
    # an applicant whose e-mail address is not confirmed yet (the link sent at registration):
    # the address it waits for, said on every page until it is confirmed
    unconfirmed_email: str | None = None
    # when the services last accepted the token (epoch seconds): a copy of the cookie kept after
    # "Log out" had still opened the pages that read nothing of the person's own
    checked_at: int = 0
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    flashes: list[list] = field(default_factory=list)  # [kind, message, params]
    changed: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Session:
        if not data:
            return cls(changed=True)  # a fresh CSRF token must reach the browser
        known = {
            k: data[k]
            for k in (
                "token",
                "role",
                "name",
                "sub",
                "lang",
                "applicant_type",
                "nationality",
                "unconfirmed_email",
                "checked_at",
                "csrf",
                "flashes",
            )
            if k in data
        }
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "role": self.role,
            "name": self.name,
            "sub": self.sub,
            "lang": self.lang,
            "applicant_type": self.applicant_type,
            "nationality": self.nationality,
            "unconfirmed_email": self.unconfirmed_email,
            "checked_at": self.checked_at,
            "csrf": self.csrf,
            "flashes": self.flashes,
        }

    @property
    def logged_in(self) -> bool:
        return bool(self.token)

    def log_in(self, token: str, role: str, name: str, sub: str) -> None:
        self.token, self.role, self.name, self.sub = token, role, name, sub
        self.checked_at = int(time.time())
        self.csrf = secrets.token_urlsafe(24)  # a new token per login (no fixation)
        self.changed = True

    def log_out(self) -> None:
        self.token = self.role = self.sub = self.applicant_type = self.nationality = self.unconfirmed_email = None
        self.name = ""
        self.csrf = secrets.token_urlsafe(24)
        self.changed = True

    def flash(self, message: str, kind: str = "info", **params) -> None:
        """A message for the next page; ``message`` is translated there with ``params``. Said
        once: the same form sent twice (its second answer replayed) had shown it twice."""
        if [kind, message, params] not in self.flashes:
            self.flashes.append([kind, message, params])
            self.changed = True

    def pop_flashes(self) -> list[list]:
        out, self.flashes = self.flashes, []
        if out:
            self.changed = True
        return out

    def csrf_ok(self, token: object) -> bool:
        # a tampered form may send it twice (a list), as a file, or not in ASCII (compare_digest raises)
        if not isinstance(token, str) or not token or not token.isascii():
            return False
        return hmac.compare_digest(token, self.csrf)
