"""What the catalog's forms (a cycle, a programme, a quota rule) read and show alike: the
catalog's ids, a name's translations into the portal's languages, text and numbers as people
type them, and stored numbers shown so that saving them unchanged changes nothing."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from services.portal.domain.forms import ascii_digits

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,63}$"  # the matching service's catalog ids (api/schemas.py ID)
ID = re.compile(ID_PATTERN)
ID_LENGTH = 64
# a name's translations the forms take: English too, for a name typed in another language (a
# Russian-speaking admin's institution read in Cyrillic on English pages and e-mails)
TRANSLATED = ("en", "zh", "ru", "ur")
PAGE_SIZE = 50  # rows of a catalog list (programmes, institutions, schemes) a page


def text(form: Mapping[str, Any], name: str) -> str:
    """A text field as typed, trimmed ("" when missing or not text)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


# "3,000" or "12.500": digits in groups of three after a separator, as the portal itself writes
# a stipend ("3,000 CNY a month"): a thousands separator as likely as a decimal one
_GROUPED = re.compile(r"\d{1,3}(?:[,.٬]\d{3})+")


def decimal(typed: str) -> float | None:
    """A number as a person types it (a decimal comma, Arabic-Indic digits), or None; None too
    for one written with a thousands separator ("3,000" had been read as 3: a stipend 1,000
    times too small, saved without a word), which the caller refuses with its example."""
    digits = ascii_digits(typed).strip()
    if _GROUPED.fullmatch(digits):
        return None
    try:
        value = float(digits.replace(",", ".").replace("٫", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def shown_number(value: Any) -> str:
    """A stored number as a form shows it: 70.0 as "70", 6.5 as "6.5", and every digit it has
    (1.2345678 as such: six significant digits, as ``:g`` shows, saved it back as 1.23457)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def with_translations(stored: Mapping[str, str] | None, form: Mapping[str, Any]) -> dict[str, str]:
    """A name's translations: the form's fields for the portal's languages (one emptied is
    dropped), the stored ones into other languages (which the form does not show) kept."""
    translations = {k: v for k, v in (stored or {}).items() if k not in TRANSLATED}
    for lang in TRANSLATED:
        if typed := text(form, f"translations.{lang}"):
            translations[lang] = typed
    return translations


def isolated(name: str) -> str:
    """A name inside a flash (plain text, no ``<bdi>``) between first-strong isolates: an
    English name in an Urdu sentence keeps its own direction, and the sentence its own."""
    return f"\u2068{name}\u2069"


def page_offsets(offset: int, total: int, size: int = PAGE_SIZE) -> tuple[int | None, int | None]:
    """The offsets of the pages before and after the one at ``offset`` (None: there is none)."""
    before = max(0, offset - size) if offset > 0 else None
    after = offset + size if offset + size < total else None
    return before, after
