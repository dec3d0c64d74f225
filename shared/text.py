"""What counts as text a person can see: a name or a message made only of invisible characters
(zero-width spaces, a byte-order mark, direction marks) reads as empty to whoever sees it."""

from __future__ import annotations

import unicodedata

# Unicode's "format" characters and separators: zero-width spaces and joiners, BOM, direction marks
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
# Embeddings, overrides and isolates: a name with one can show its letters in another order
# (a "Trojan Source" name); the page isolates names itself (<bdi>), so a name needs none.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_visible(value: str) -> bool:
    """Whether ``value`` shows at least one character."""
    return any(unicodedata.category(ch) not in INVISIBLE_CATEGORIES for ch in value)


def has_direction_controls(value: str) -> bool:
    return any(ch in DIRECTION_CONTROLS for ch in value)
