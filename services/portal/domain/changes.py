"""What a journal entry changed, as lines a person reads: only the fields that differ, each
with its value before and after, short. No I/O.

The journal keeps whole objects before and after (a quota rule, a scoresheet); shown whole
they were a wall of JSON in which the one changed number hid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LONGEST = 160
NOTHING = "—"


def shown(value: Any) -> str:
    """A value in one short line: scalars as they are, lists joined, objects as name=value."""
    if value is None:
        return NOTHING
    if isinstance(value, Mapping):
        text = ", ".join(f"{k}={shown(v)}" for k, v in value.items() if v not in (None, [], {}, ""))
    elif isinstance(value, (list, tuple)):
        text = "; ".join(shown(v) for v in value) if value else NOTHING
    else:
        text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def changed_fields(before: Any, after: Any) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field that differs; field "" for a plain value."""
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        old = before if isinstance(before, Mapping) else {}
        new = after if isinstance(after, Mapping) else {}
        keys = [*old.keys(), *(k for k in new if k not in old)]
        return [(str(k), shown(old.get(k)), shown(new.get(k))) for k in keys if old.get(k) != new.get(k)]
    if before == after:
        return []
    return [("", shown(before), shown(after))]
