"""Catalog names in the reader's language. A service's answer keeps each name as it was typed,
with its translations beside it (shared/translations.py); the portal shows the reader's. Every
answer the portal reads passes through ``localized`` once (clients.py), so a page, a sort or an
export never meets the name in another language than its reader's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from shared.translations import in_language

# A record's field of translations -> the name fields it translates (the first the record has)
NAMED_BY = {
    "translations": ("title", "name"),
    "host_institution_translations": ("host_institution_name",),
    "home_institution_translations": ("home_institution_name",),
    "programme_translations": ("programme_title",),
    "programme_name_translations": ("programme_name",),
    "institution_translations": ("institution",),  # an endorsement list's home institution
    # a nomination list's (a scheme's is by country, and a scheme has no "authority": below)
    "authority_translations": ("authority",),
}


def localized(data: Any, language: str) -> Any:
    """``data`` (decoded JSON) with every catalog name that has a translation into ``language``
    given in it; a scheme's ``authorities`` too (by ``authority_translations``)."""
    if isinstance(data, list):
        return [localized(item, language) for item in data]
    if not isinstance(data, dict):
        return data
    out = {key: localized(value, language) for key, value in data.items()}
    for translations_key, names in NAMED_BY.items():
        translations = out.get(translations_key)
        if not isinstance(translations, dict):
            continue
        for name in names:
            if isinstance(out.get(name), str):
                out[name] = in_language(out[name], translations, language)
                break
    authorities, translated = out.get("authorities"), out.get("authority_translations")
    if isinstance(authorities, dict) and isinstance(translated, dict):
        out["authorities"] = {
            country: in_language(name, translated.get(country), language) if isinstance(name, str) else name
            for country, name in authorities.items()
        }
    return out


def names_in_language(institutions: Iterable[Mapping[str, Any]], language: str) -> dict[str, str]:
    """Institutions (as stored: ``name`` and its ``translations``) by their id, by their name
    and by each of its translations (case-folded) -> their name in ``language``. A profile's
    home institution is often the name someone typed, not the id: it reads in the reader's
    language too where it is an institution's name."""
    out: dict[str, str] = {}
    for i in institutions:
        name, translations = str(i.get("name") or ""), i.get("translations") or {}
        shown = in_language(name, translations, language)
        for key in (name, *translations.values()):
            if isinstance(key, str) and key.strip():
                out.setdefault(key.strip().casefold(), shown)
        out[str(i.get("id"))] = shown
    return out
