"""A notice's catalog names in its reader's language. A notice's context names programmes,
institutions, cycles and authorities as the catalog has them typed; the catalog's copies keep
their translations (shared/translations.py), gathered by typed name (``Names``). The fields
below are where a context holds such a name: each is given in the reader's language where the
catalog has it, as given otherwise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.translations import in_language

# typed name -> language -> the name in it
Names = Mapping[str, Mapping[str, str]]

NAMED_FIELDS = ("programme", "institution", "cycle", "authority")
# lists of names, or of items naming a "programme" (and its "institution")
NAMED_LISTS = ("programmes", "positions", "reasons")
NAMED_IN_ITEMS = ("programme", "institution")


def named_in(context: Mapping[str, Any], names: Names, language: str) -> dict[str, Any]:
    """``context`` with its catalog names in ``language`` (a new dict; ``context`` unchanged)."""
    out = dict(context)
    if not names:
        return out

    def word(value: Any) -> Any:
        return in_language(value, names.get(value), language) if isinstance(value, str) else value

    for key in NAMED_FIELDS:
        if key in out:
            out[key] = word(out[key])

    def named_item(item: Any) -> Any:
        if isinstance(item, dict):
            return {k: word(v) if k in NAMED_IN_ITEMS else v for k, v in item.items()}
        return word(item)

    for key in NAMED_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [named_item(item) for item in out[key]]
    return out
