"""What counts as text a person can see: a name or a message made only of invisible characters
(zero-width spaces, a byte-order mark, direction marks, fillers) reads as empty to whoever sees it."""

from __future__ import annotations

import unicodedata

# Unicode's "format" characters and separators: zero-width spaces and joiners, BOM, direction marks
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
# Letters and symbols that show as blank space: the Hangul fillers and the blank Braille pattern
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Embeddings and isolates often come with text pasted from a word processor or typed on a
# right-to-left keyboard, and the page isolates every name itself (<bdi>): dropped silently.
EMBEDDINGS = frozenset("\u202a\u202b\u202c\u2066\u2067\u2068\u2069")
# Overrides show a name's letters in another order than they were typed ("Trojan Source"): refused.
OVERRIDES = frozenset("\u202d\u202e")


def has_visible(value: str) -> bool:
    """Whether ``value`` shows at least one character."""
    return any(unicodedata.category(ch) not in INVISIBLE_CATEGORIES and ch not in BLANK_LOOKING for ch in value)


def without_embeddings(value: str) -> str:
    return "".join(ch for ch in value if ch not in EMBEDDINGS)


def has_overrides(value: str) -> bool:
    return any(ch in OVERRIDES for ch in value)
