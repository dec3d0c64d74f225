"""The password policy (pure): no common password, nothing derived from the account's own
e-mail or name, nothing trivial. The length bounds are the API's (10 to 128 characters)."""

from __future__ import annotations

import re
from collections.abc import Collection

from shared.errors import Invalid

MIN_DISTINCT_CHARACTERS = 5


def _plain(value: str) -> str:
    """Lower-cased, without spaces and punctuation: "J.Smith@x.kz" -> "jsmithxkz"."""
    return re.sub(r"[\W_]+", "", value.casefold())


def _words(email: str, name: str) -> dict[str, str]:
    """The pieces of the e-mail and name a password may not contain, each plain (as compared)
    -> as the person wrote it (as said back to them); the longest piece first."""
    local, _, domain = email.casefold().partition("@")
    parts = [email, local, domain.split(".")[0], name, *name.split(), *re.split(r"[._+-]+", local)]
    found = {_plain(p): p.strip() for p in sorted(parts, key=len)}
    return {w: found[w] for w in sorted(found, key=len, reverse=True) if len(w) >= 4}


def check_password(password: str, *, email: str, name: str, common: Collection[str]) -> None:
    """Refuse (422, field ``password``) a password anyone could guess."""
    plain = _plain(password)
    if len(set(password)) < MIN_DISTINCT_CHARACTERS or len(set(plain)) < MIN_DISTINCT_CHARACTERS - 1:
        raise Invalid("password.trivial", "too simple: use more different characters", "password")
    if password.casefold() in common or password.strip().casefold() in common or plain in common:
        raise Invalid("password.common", "one of the most common passwords: choose another", "password")
    # The common ones with a year or number added ("password2024", "dragon12345").
    if re.sub(r"\d+$", "", password.casefold()) in common and not password.isdigit():
        raise Invalid("password.common", "a common password with digits added: choose another", "password")
    for word, written in _words(email, name).items():
        if word in plain:
            # the part found is said (a four-letter piece of a name inside a longer word went unseen)
            raise Invalid(
                "password.personal", "must not contain your e-mail address or name", "password", contains=written
            )
