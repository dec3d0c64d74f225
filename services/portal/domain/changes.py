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
# an ISO moment, or a day alone (a document's due date)
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}|$)")

# The actor of an applicant's own step in the matching service's older journal entries (a
# withdrawal from a nomination list): the reader is shown the applicant instead.
APPLICANT_ACTOR = "applicant"
CRITERION = {"label", "weight", "min", "max"}
EMPTY: tuple[Any, ...] = (None, [], {}, "")
# The usual criteria of a new scoresheet; their labels are translated, a scheme's own are
# shown as its officer wrote them.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {"key": "academic_record", "label": "Academic record", "weight": 3, "min": 0, "max": 10},
    {"key": "statement", "label": "Statement", "weight": 1, "min": 0, "max": 10},
    {"key": "research_plan", "label": "Research plan", "weight": 2, "min": 0, "max": 10},
    {"key": "language", "label": "Language", "weight": 1, "min": 0, "max": 10},
    {"key": "interview", "label": "Interview", "weight": 2, "min": 0, "max": 10},
]
USUAL_LABELS = {str(c["key"]): str(c["label"]) for c in DEFAULT_CRITERIA}  # key -> the usual label
DEFAULT_LABELS = frozenset(USUAL_LABELS.values())

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
        # a usual criterion's label in the reader's language, a scheme's own as written
        label = word(value["label"]) if value["label"] in DEFAULT_LABELS else value["label"]
        text = f"{label} ×{shown(value['weight'])} ({shown(value['min'])}–{shown(value['max'])})"
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


def criterion_labels(entries: Any, *sheets: Any) -> dict[str, str]:
    """Each criterion's label by its key, as a journal's scores are given (criterion key to
    score): the usual criteria's, then those of the journal's scoresheet changes, oldest
    first (its entries are newest first), then those of ``sheets``; the later one wins."""
    labels = dict(USUAL_LABELS)
    saved = [e.get("after") for e in reversed(list(entries or [])) if e.get("action") == "scoresheet.saved"]
    for sheet in (*saved, *sheets):
        criteria = sheet.get("criteria") if isinstance(sheet, Mapping) else None
        for c in criteria if isinstance(criteria, list) else []:
            if isinstance(c, Mapping) and c.get("key") and c.get("label"):
                labels[str(c["key"])] = str(c["label"])
    return labels


def shown_scores(scores: Mapping[str, Any], criterion: Wording = _as_is) -> str:
    """A review's scores by criterion, each named by ``criterion``: "Academic record: 6, ..."."""
    text = ", ".join(f"{criterion(str(k))}: {shown(v)}" for k, v in scores.items())
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _machine_ids(*values: Any) -> bool:
    """Values that are only generated ids (a person reads the name beside them; the CSV
    export keeps them)."""
    present = [v for v in values if v not in (None, "")]
    return bool(present) and all(isinstance(v, str) and MACHINE_ID.match(v) for v in present)


# fields whose value is a state from a fixed list (endorsed, nominated, with_host, ...)
STATE_FIELDS = frozenset({"state", "status", "decision", "reason_code"})
# fields whose value is a code or a catalog id the reader knows by its words or name (a
# document's kind, an institution, a programme, a country): worded by ``state`` too
WORDED_FIELDS = STATE_FIELDS | {
    "kind",
    "direction",
    "institution_id",
    "host_institution_id",
    "programme_id",
    "sending_country",
}
# fields holding applications' ids (a nomination list's nominees and reserve, the reserve moved
# up): given ``applicants``, each is (id, the applicant's name or None), for the page to name
APPLICATION_FIELDS = frozenset({"nominees", "reserve", "promoted"})

# an application named in a change: its id and its applicant's name, if the reader may know it
Named = list[tuple[str, str | None]]


def named(value: Any, applicants: Mapping[str, str]) -> Named | str:
    """Applications' ids (one or a list) as (id, name) pairs; none at all: one dash."""
    ids = value if isinstance(value, (list, tuple)) else [value]
    pairs = [(str(i), applicants.get(str(i)) or None) for i in ids if i not in EMPTY]
    return pairs or NOTHING


def changed_fields(
    before: Any,
    after: Any,
    word: Wording = _as_is,
    moment: Wording = _as_is,
    criterion: Wording = _as_is,
    state: Callable[[str, str], str] = lambda _field, value: value,
    applicants: Mapping[str, str] | None = None,
) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each field that differs; field "" for a plain value. A
    field holding only generated ids is left out, unless ``applicants`` (application id to
    the applicant's name) is given and it lists applications (``APPLICATION_FIELDS``): then
    its values are ``Named`` pairs. "scores" (criterion key to score) names each criterion by
    ``criterion``; a state or a code (``WORDED_FIELDS``) is worded by ``state(field, value)``."""

    def field_value(key: str, value: Any) -> Any:
        if key == "scores" and isinstance(value, Mapping) and value:
            return shown_scores(value, criterion)
        if applicants is not None and key in APPLICATION_FIELDS:
            return named(value, applicants)
        if key in WORDED_FIELDS and isinstance(value, str) and value:
            return state(key, value)
        return shown(value, word, moment)

    def hidden(key: str, was: Any, now: Any) -> bool:
        if applicants is not None and key in APPLICATION_FIELDS:
            return False  # named for the reader, not left out as bare ids
        return _machine_ids(was, now)

    if isinstance(before, Mapping) or isinstance(after, Mapping):
        old = before if isinstance(before, Mapping) else {}
        new = after if isinstance(after, Mapping) else {}
        keys = [*old.keys(), *(k for k in new if k not in old)]
        out: list[tuple[str, Any, Any]] = []
        for k in keys:
            was, now = old.get(k), new.get(k)
            if was == now or hidden(str(k), was, now):
                continue
            if isinstance(was, Mapping) and isinstance(now, Mapping) and str(k) != "scores":
                # a record inside the record (a programme's requirements): what changed in it,
                # not both whole (cut to a line, the two read alike)
                inner = changed_fields(was, now, word, moment, criterion, state, applicants)
                out += [(f"{k}.{f}" if f else str(k), a, b) for f, a, b in inner]
                continue
            out.append((str(k), field_value(str(k), was), field_value(str(k), now)))
        return out
    if before == after:
        return []
    return [("", shown(before, word, moment), shown(after, word, moment))]
