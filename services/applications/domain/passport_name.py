"""The applicant's name as in the passport (pure): what the host institution writes on the
admission letter and the visa form, and what referees abroad can read. Passports print it in
Latin letters (their machine-readable zone in A-Z alone), so only Latin letters are taken,
with the diacritics national spellings carry (é, ü, ş, ğ, ı), and the marks between a name's
parts: spaces, hyphens, apostrophes (O'zbek, Gʻulom) and full stops.

A name is kept as typed, trimmed at both ends, composed (NFC: "e" and a combining acute are
one "é", as a keyboard would give it) and with runs of spaces made one.
"""

from __future__ import annotations

import re
import unicodedata

from shared.errors import Invalid
from shared.text import has_stacked_marks

FIELD = "passport_name"
MIN_LENGTH = 2
MAX_LENGTH = 200
# The apostrophe as typed, as word processors curl it, and as Uzbek Latin writes it (ʻ, ʼ).
APOSTROPHES = frozenset("'\u2018\u2019\u02bb\u02bc")
SEPARATORS = frozenset(" -.") | APOSTROPHES
SPACES = re.compile(" {2,}")


def is_latin_letter(ch: str) -> bool:
    """A letter of the Latin script, with or without diacritics (not a Cyrillic "а" that looks like one)."""
    return unicodedata.category(ch).startswith("L") and unicodedata.name(ch, "").startswith("LATIN ")


def _latin_refused(reason: str) -> Invalid:
    return Invalid("profile.passport_name_latin", reason, FIELD)


def checked_passport_name(value: str) -> str:
    """The name to keep, or a 422 on ``passport_name``: shorter than 2 or longer than 200
    characters, or with anything but Latin letters and the marks between a name's parts."""
    name = SPACES.sub(" ", unicodedata.normalize("NFC", value.strip()))
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        raise Invalid(
            "profile.passport_name_length",
            f"a name as in the passport has {MIN_LENGTH} to {MAX_LENGTH} characters",
            FIELD,
            min_length=MIN_LENGTH,
            max_length=MAX_LENGTH,
        )
    after_letter = False  # a combining accent NFC could not compose sits on a letter
    for ch in name:
        if is_latin_letter(ch):
            after_letter = True
        elif unicodedata.category(ch) == "Mn" and after_letter:
            continue
        elif ch in SEPARATORS:
            after_letter = False
        else:
            raise _latin_refused(
                "write the name in Latin letters as in the passport (A-Z, letters with accents such as é or ş, "
                "spaces, hyphens, apostrophes and full stops)"
            )
    if not any(is_latin_letter(ch) for ch in name):
        raise _latin_refused("a name as in the passport has Latin letters")
    if has_stacked_marks(name):
        raise _latin_refused("a letter carries more accents than any passport prints")
    return name


# Letters whose accent NFKD does not take apart (they are letters of their own in Unicode).
_PLAIN = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th"})


def search_key(name: str) -> str:
    """``name`` as searched: lower case, without accents, apostrophes, hyphens or full stops,
    one space between parts. "Şükrü O'zbek-Oʻgli" and "sukru ozbek ogli" have one key: an
    officer types the name as the keyboard gives it, or as the passport's machine-readable
    zone prints it, and finds the applicant who typed its accents."""
    letters = unicodedata.normalize("NFKD", name.casefold()).translate(_PLAIN)
    kept = "".join(
        " " if ch == "-" else ch
        for ch in letters
        if unicodedata.category(ch) != "Mn" and ch not in APOSTROPHES and ch != "."
    )
    return " ".join(kept.split())
