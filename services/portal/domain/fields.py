"""Whether a programme's field of study is the one a person typed in the field filter. No I/O."""

from __future__ import annotations

from collections.abc import Iterable


def _plain(text: str) -> str:
    """Case, hyphens and spacing aside ("Rail-Transport " reads as "rail transport")."""
    return " ".join(text.replace("-", " ").replace("_", " ").casefold().split())


def field_matches(typed: str, slug: str | None, names: Iterable[str]) -> bool:
    """``typed`` is part of the field's key or of one of its ``names`` (the field as the reader's
    language words it, and in English), whatever the case."""
    wanted = _plain(typed)
    return bool(wanted) and any(wanted in _plain(n) for n in (slug or "", *names))
