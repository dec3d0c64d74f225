"""ISO 3166-1 alpha-2 country codes (CLDR's territories, through Babel), and the check of one.

CLDR also names regions that are no country of ISO 3166-1 (the EU, the UN, "Unknown Region"
ZZ, pseudo-locales); those are left out. XK (Kosovo) is kept: user-assigned in ISO, but how
its documents and every register write it.
"""

from __future__ import annotations

from babel import Locale

NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})
ISO_3166_ALPHA2 = frozenset(
    code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
)


def is_country(code: object) -> bool:
    return isinstance(code, str) and code in ISO_3166_ALPHA2


def check_country(code: str) -> str:
    """``code`` when it is a country of ISO 3166-1 alpha-2; a ValueError (a 422 naming the field) otherwise."""
    if not is_country(code):
        raise ValueError(f"not an ISO 3166-1 alpha-2 country code: {code!r}")
    return code


# where the region writes a name otherwise than CLDR: Kyrgyzstan's own Russian name (CLDR's
# "Киргизия" reads as dated to the people it names)
PREFERRED_NAMES = {("ru", "KG"): "Кыргызстан"}


def country_name(language: str, code: str) -> str:
    """The country's name in the language ("PK" -> "پاکستان"), as the portal and the e-mails
    both write it; the code itself for one CLDR does not name."""
    code = code.upper()
    return PREFERRED_NAMES.get((language, code)) or Locale.parse(language).territories.get(code) or code
