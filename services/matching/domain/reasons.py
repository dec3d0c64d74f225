"""A round's reasons by stable code (``ChoiceReason.code`` and ``params``), beside their English
words, so that a reader (the portal, a partner) can word them in its own language. Pure.

An ineligible choice carries its code from the start (``Coded``, a string the engine stores
as it is); the engine's own reasons (a full programme, a full cap) are read from its words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
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
        # "<label> full; <label> full": the first full quota names the reason (its label)
        first = message.split("; ")[0].removesuffix(" full")
        return "round.cap_full", {"quota": first} if first else {}
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


# --- one application's choices in a round, each with why (the officer's application page) ---


class ChoiceResult(StrEnum):
    PLACED = "placed"  # the round placed it here (or kept an earlier round's match)
    WAITLISTED = "waitlisted"  # on this programme's waitlist
    NOT_PLACED = "not_placed"  # tried and refused, with the reasons
    BELOW_PLACEMENT = "below_placement"  # a higher choice was placed: this one was not needed
    UNDECIDED = "undecided"  # the round said nothing of it (withdrawn, or an older round)


@dataclass(frozen=True)
class ChoiceVerdict:
    rank: int
    programme_id: str
    result: ChoiceResult
    reasons: list[dict[str, Any]]
    waitlist_position: int | None


def choice_verdicts(
    choices: Sequence[str],
    placed_programme_id: str | None,
    reasons: Sequence[Mapping[str, Any]],
    waitlist_positions: Sequence[Mapping[str, Any]],
) -> list[ChoiceVerdict]:
    """Each choice in rank order with what the round decided of it and why, from a stored
    outcome: ``placed_programme_id`` (a matched or fixed outcome's programme), its reasons
    (``{"programme_id", "reason", "code", "params"}`` for the choices above the placement) and
    its waitlist positions (``{"programme_id", "position"}``)."""
    positions = {str(w.get("programme_id")): int(w["position"]) for w in waitlist_positions if "position" in w}
    placed = choices.index(placed_programme_id) + 1 if placed_programme_id in choices else None
    out = []
    for rank, programme_id in enumerate(choices, start=1):
        why = [dict(r) for r in reasons if r.get("programme_id") == programme_id]
        position = positions.get(programme_id)
        if placed == rank:
            result = ChoiceResult.PLACED
        elif placed is not None and rank > placed:
            result = ChoiceResult.BELOW_PLACEMENT
        elif position is not None:
            result = ChoiceResult.WAITLISTED
        elif why:
            result = ChoiceResult.NOT_PLACED
        else:
            result = ChoiceResult.UNDECIDED
        out.append(ChoiceVerdict(rank, programme_id, result, why, position))
    return out
