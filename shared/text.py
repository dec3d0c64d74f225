"""What counts as text a person can see: a name or a message made only of invisible characters
(zero-width spaces, a byte-order mark, direction marks, fillers) reads as empty to whoever sees it."""

from __future__ import annotations

import unicodedata

from pydantic_core import PydanticCustomError

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


# Format characters a name keeps: the zero-width joiner and non-joiner (Urdu, Persian and Indic
# writing need them) and the direction marks a right-to-left keyboard types (LRM, RLM, ALM).
# Every other invisible one is dropped from a name (a zero-width space, a soft hyphen, invisible
# operators, tag characters that can hide text, line separators, fillers): "Dana\u00adOfficer"
# and "Zero\u200bWidth" looked like other names. They come with pasted text: dropped, not refused.
KEPT_IN_NAMES = frozenset("\u200c\u200d\u200e\u200f\u061c")
# More combining marks on one letter than any script writes: stacked marks spill over the lines
# around a name ("Zalgo"). Urdu and Vietnamese use two or three at most.
MAX_MARKS_PER_LETTER = 4


def without_invisible(value: str) -> str:
    """``value`` without the invisible characters a name has no use for (``KEPT_IN_NAMES`` stay)."""
    return "".join(
        ch
        for ch in value
        if ch in KEPT_IN_NAMES or (unicodedata.category(ch) not in ("Cf", "Zl", "Zp") and ch not in BLANK_LOOKING)
    )


def has_stacked_marks(value: str, limit: int = MAX_MARKS_PER_LETTER) -> bool:
    """Whether more than ``limit`` combining marks sit on one letter anywhere in ``value``: a
    joiner between them does not start a new letter (it belongs to the same cluster)."""
    run = 0
    for ch in value:
        category = unicodedata.category(ch)
        if category in ("Mn", "Me"):
            run += 1
            if run > limit:
                return True
        elif category != "Cf":
            run = 0
    return False


def no_overrides(value: str | None) -> str | None:
    """A pydantic validator for words shown to someone else (a reason, a note): refused with a
    direction override in them, which shows them in another order than they were typed."""
    if value is not None and has_overrides(value):
        raise PydanticCustomError("direction_controls", "must not contain text direction overrides")
    return value


def urdu_oblique(phrase: str) -> str:
    """An Urdu genitive phrase ("ملازمت کا خط") as it stands before a postposition: its own کا
    becomes کے ("ملازمت کے خط کا جائزہ", not "ملازمت کا خط کا"). The pages and the e-mails both."""
    return phrase.replace(" کا ", " کے ")
