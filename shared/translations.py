"""A catalog name in several languages: the name as it was typed, which is shown where no
translation is given, and its translations by language code. Whoever shows a name (a page, an
e-mail) picks the reader's language; every API keeps the name and its translations apart, so
a record read and sent back is never saved in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping


def in_language(name: str, translations: Mapping[str, str] | None, language: str | None) -> str:
    """``name`` in ``language`` ("zh", "ru", or a tag such as "zh-CN"): its translation, or
    the name itself where it has none."""
    if not translations or not language:
        return name
    return translations.get(language) or translations.get(language.split("-")[0].lower()) or name
