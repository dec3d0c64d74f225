"""Whether to ask an applicant for their name as in the passport. No I/O.

Hosts write the passport's spelling (Latin letters) on the admission letter and the visa
form; an applicant whose name is already in Latin letters is not pressed for it."""

from __future__ import annotations

import unicodedata


def in_latin_letters(name: str) -> bool:
    """Every letter of ``name`` is a Latin one (accents, spaces and punctuation aside)."""
    letters = [ch for ch in name if unicodedata.category(ch).startswith("L")]
    return bool(letters) and all(unicodedata.name(ch, "").startswith("LATIN ") for ch in letters)


def passport_name_wanted(profile: dict | None) -> bool:
    """A profile without the passport name whose name a host (or a referee abroad) may not read."""
    if not profile or profile.get("passport_name"):
        return False
    return not in_latin_letters(str(profile.get("name") or ""))
