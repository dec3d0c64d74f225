"""The cycle form: a cycle as the form's fields and the form as the matching service's body
(``CycleIn`` / ``CycleFields``), with what the portal can refuse before asking the service.

The form's field names are the service's field paths (``translations.zh``,
``score_weights.grade``), so a refusal naming a path lands on its field. Times are the
application window's and the stages' deadlines, in UTC as the catalog keeps them: a
``datetime-local`` field shows and takes them without an offset, which the service reads as UTC.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from services.portal.domain.forms import ascii_digits, whole_number

ID = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
TRANSLATED = ("zh", "ru", "ur")  # the portal's languages beside English: a name's translations
WEIGHTS = ("grade", "interview", "committee")  # the priority score's parts (matching's scoring.COMPONENTS)
# a stage's deadline, for a scheme whose path has the stage
DEADLINES = {
    "endorsement": "endorsement_closes_at",
    "nomination": "nomination_closes_at",
    "admission": "admission_closes_at",
}
TIMES = ("opens_at", "closes_at", *DEADLINES.values())
FIELDS = (
    "scheme_id",
    "id",
    "name",
    *(f"translations.{lang}" for lang in TRANSLATED),
    "opens_at",
    "closes_at",
    "starts_on",
    "max_choices",
    "eligible_countries",
    *(f"score_weights.{w}" for w in WEIGHTS),
    "offer_reply_days",
    *DEADLINES.values(),
)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")


def deadlines_of(path: Iterable[str]) -> list[str]:
    """The deadline fields a scheme's cycles have: one per stage of its path that has one."""
    stages = {str(s) for s in path}
    return [name for stage, name in DEADLINES.items() if stage in stages]


def _local(value: str | None) -> str:
    """An instant as the service answers it (ISO, with offset) in UTC, as ``datetime-local`` shows it."""
    if not value:
        return ""
    at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if at.tzinfo is not None:
        at = at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M")


def values_of(cycle: Mapping[str, Any]) -> dict[str, Any]:
    """A stored cycle as the form's values."""
    weights = cycle.get("score_weights") or {}
    translations = cycle.get("translations") or {}
    values: dict[str, Any] = {
        "scheme_id": cycle.get("scheme_id") or "",
        "id": cycle.get("id") or "",
        "name": cycle.get("name") or "",
        "starts_on": cycle.get("starts_on") or "",
        "max_choices": str(cycle.get("max_choices") or ""),
        "eligible_countries[]": list(cycle.get("eligible_countries") or []),
        "offer_reply_days": str(cycle.get("offer_reply_days") or ""),
    }
    values |= {f"translations.{lang}": translations.get(lang, "") for lang in TRANSLATED}
    values |= {f"score_weights.{w}": f"{weights.get(w, 1.0):g}" for w in WEIGHTS}
    values |= {name: _local(cycle.get(name)) for name in TIMES}
    return values


def new_values(scheme: Mapping[str, Any]) -> dict[str, Any]:
    """A new cycle's form: the service's defaults, the scheme's choices limit if lower."""
    most = scheme.get("max_choices")
    return values_of({"scheme_id": scheme["id"], "max_choices": min(5, most) if most else 5, "offer_reply_days": 14})


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _decimal(text: str) -> float | None:
    try:
        value = float(ascii_digits(text).replace(",", ".").replace("٫", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def body_of(
    form: Mapping[str, Any], scheme: Mapping[str, Any], stored: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's body for the form (a new cycle's when ``stored`` is None, else the stored
    cycle's with the form's fields changed: translations into languages the form does not
    show are kept), and the form's own refusals (field -> English sentence, translated by the
    page). The service checks the rest (the window's order, the scheme's countries and limits)."""
    errors: dict[str, str] = {}
    body: dict[str, Any] = dict(stored or {})
    body.pop("warnings", None)  # the answer's, not the cycle's
    body["scheme_id"] = scheme["id"]
    if stored is None:
        cycle_id = _text(form, "id")
        if not cycle_id:
            errors["id"] = "Enter an id."
        elif not ID.fullmatch(cycle_id):
            errors["id"] = (
                "Use 2 to 64 lowercase letters, digits, dots, hyphens or underscores, starting with a letter or digit."
            )
        body["id"] = cycle_id
    name = _text(form, "name")
    if not name:
        errors["name"] = "Enter a name."
    body["name"] = name
    translations = {k: v for k, v in (body.get("translations") or {}).items() if k not in TRANSLATED}
    for lang in TRANSLATED:
        if text := _text(form, f"translations.{lang}"):
            translations[lang] = text
    body["translations"] = translations
    for name in ("opens_at", "closes_at"):
        at = _text(form, name)
        if not LOCAL_TIME.fullmatch(at):
            errors[name] = "Enter a date and time."
        body[name] = at
    starts_on = _text(form, "starts_on")
    if starts_on and not DATE.fullmatch(starts_on):
        errors["starts_on"] = "Enter a date."
    body["starts_on"] = starts_on or None
    for name, default in (("max_choices", 5), ("offer_reply_days", 14)):
        text = _text(form, name)
        number = whole_number(text) if text else default
        if number is None:
            errors[name] = "Enter a whole number."
        body[name] = number
    countries = form.get("eligible_countries[]") or []
    body["eligible_countries"] = sorted({c for c in countries if isinstance(c, str) and c})
    weights = {}
    for w in WEIGHTS:
        text = _text(form, f"score_weights.{w}")
        value = _decimal(text) if text else 1.0
        if value is None:
            errors[f"score_weights.{w}"] = "Enter a number."
        weights[w] = value
    body["score_weights"] = weights
    shown = set(deadlines_of(scheme.get("path") or []))
    for name in DEADLINES.values():
        if name not in shown:
            body[name] = None  # no such stage: no deadline (the service ignores none of them)
            continue
        at = _text(form, name)
        if at and not LOCAL_TIME.fullmatch(at):
            errors[name] = "Enter a date and time."
        body[name] = at or None
    return body, errors
