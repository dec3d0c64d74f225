"""A round's reasons by stable code (``ChoiceReason.code`` and ``params``), beside their English
words, so that a reader (the portal, a partner) can word them in its own language. Pure.

An ineligible choice carries its code from the start (``Coded``, a string the engine stores
as it is); the engine's own reasons (a full programme, a full cap) are read from its words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


class Coded(str):
    """Words with the reason's code and parameters (the engine sees only the words)."""

    code: str
    params: dict[str, Any]

    def __new__(cls, text: str, code: str, params: Mapping[str, Any] | None = None) -> Coded:
        coded = super().__new__(cls, text)
        coded.code = code
        coded.params = dict(params or {})
        return coded


_HELD = re.compile(r"programme full: lowest held score (?P<lowest>[-\d.e+]+) (?P<op>[>=]) yours (?P<yours>[-\d.e+]+)")


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def code_of(kind: str, message: str) -> tuple[str | None, dict[str, Any]]:
    """The code and parameters of one reason of an outcome (None: no code known)."""
    if isinstance(message, Coded):
        return message.code, dict(message.params)
    if kind == "unknown_programme":
        return "round.unknown_programme", {}
    if kind == "cap_full":
        return "round.cap_full", {}
    if kind == "programme_full":
        held = _HELD.match(message)
        if held:
            params: dict[str, Any] = {"lowest": _number(held["lowest"]), "yours": _number(held["yours"])}
            if held["op"] == "=":
                params["tie"] = "lottery"
            return "round.programme_full", params
        if message.startswith("programme full: it has no seats"):
            return "round.programme_full", {"no_seats": "yes"}
        return "round.programme_full", {"held_earlier": "yes"}
    return None, {}
