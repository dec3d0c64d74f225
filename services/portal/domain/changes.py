"""What a journal entry changed, as lines a person reads: only the fields that differ, each
with its value before and after, short. No I/O.

The journal keeps whole objects before and after (a quota rule, a scoresheet); shown whole
they were a wall of JSON in which the one changed number hid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

LONGEST = 160
NOTHING = "—"
MACHINE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

CRITERION = {"label", "weight", "min", "max"}
EMPTY: tuple[Any, ...] = (None, [], {}, "")

Wording = Callable[[str], str]


def _as_is(text: str) -> str:
    return text


def shown(value: Any, word: Wording = _as_is, moment: Wording = _as_is) -> str:
    """A value in one short line: scalars as they are, lists joined, objects as name=value;
    ``word`` says yes and no in the reader's language, ``moment`` an ISO date and time."""
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        text = word("yes" if value else "no")
    elif isinstance(value, Mapping) and CRITERION <= value.keys():
        # a scoresheet's criterion: "Academic record ×3 (0–10)"
        text = f"{value['label']} ×{shown(value['weight'])} ({shown(value['min'])}–{shown(value['max'])})"
    elif isinstance(value, Mapping):
        text = ", ".join(f"{k}={shown(v, word, moment)}" for k, v in value.items() if v not in EMPTY)
    elif isinstance(value, (list, tuple)):
        text = "; ".join(shown(v, word, moment) for v in value) if value else NOTHING
    elif isinstance(value, str) and MOMENT.match(value):
        text = moment(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))  # 3.0 reads as 3
    else:
        text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _machine_ids(*values: Any) -> bool:
    """Values that are only generated ids (a person reads the name beside them; the CSV
    export keeps them)."""
    present = [v for v in values if v not in (None, "")]
    return bool(present) and all(isinstance(v, str) and MACHINE_ID.match(v) for v in present)


def changed_fields(
    before: Any, after: Any, word: Wording = _as_is, moment: Wording = _as_is
) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field that differs; field "" for a plain value. A
    field holding only generated ids is left out."""
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        old = before if isinstance(before, Mapping) else {}
        new = after if isinstance(after, Mapping) else {}
        keys = [*old.keys(), *(k for k in new if k not in old)]
        return [
            (str(k), shown(old.get(k), word, moment), shown(new.get(k), word, moment))
            for k in keys
            if old.get(k) != new.get(k) and not _machine_ids(old.get(k), new.get(k))
        ]
    if before == after:
        return []
    return [("", shown(before, word, moment), shown(after, word, moment))]
