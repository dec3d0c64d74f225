"""Which officers hear of a completed matching round (pure)."""

from __future__ import annotations

from collections.abc import Mapping


def officers_for(round_officers: Mapping[str, list[str]], scheme_id: str | None) -> list[str]:
    """The configured officers of the scheme plus those of every scheme ("*"), without repeats."""
    ids = list(round_officers.get(scheme_id, [])) if scheme_id else []
    ids += round_officers.get("*", [])
    return list(dict.fromkeys(ids))
