"""The cycle form: a cycle as the form's fields and the form as the matching service's body
(``CycleIn`` / ``CycleFields``), with what the portal can refuse before asking the service.

The form's field names are the service's field paths (``translations.zh``,
``score_weights.grade``), so a refusal naming a path lands on its field. Times are the
application window's and the stages' deadlines, in UTC as the catalog keeps them: a
``datetime-local`` field shows and takes them without an offset, which the service reads as UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from services.portal.domain.catalog_fields import ID, TRANSLATED, decimal, shown_number, text, with_translations
from services.portal.domain.forms import ascii_digits, whole_number

WEIGHTS = ("grade", "interview", "committee")  # the priority score's parts (matching's scoring.COMPONENTS)
# a stage's deadline, for a scheme whose path has the stage
NAME_LENGTH = 300  # the catalog's names (matching's CatalogName)
DEADLINES = {
    "endorsement": "endorsement_closes_at",
    "nomination": "nomination_closes_at",
    "admission": "admission_closes_at",
}
TIMES = ("opens_at", "closes_at", *DEADLINES.values())
# (``scheme_id`` is no field of the form, only hidden in it: a refusal of it is said above the form)
FIELDS = (
    "id",
    "name",
    *(f"translations.{lang}" for lang in TRANSLATED),
    "opens_at",
    "closes_at",
    "starts_on",
    "max_choices",
    "eligible_countries",
    *(f"score_weights.{w}" for w in WEIGHTS),
    "score_weights",
    "offer_reply_days",
    *DEADLINES.values(),
)
# The catalog's refusals of a cycle, by their code, in the portal's words (the service's reason
# is English and names the API): an English message key each, translated by the page.
REFUSALS: dict[str, str] = {
    "catalog.id_exists": "A cycle with this id exists already: choose another id.",
    "catalog.id_taken": "Another record of the catalog (an institution, a scheme, a programme or a quota rule) has this id: choose another.",
    "catalog.in_use": "Only a cycle without programmes, quota rules and rounds can be removed: remove its programmes and rules first.",
    "cycle.window_order": "The window must close after it opens.",
    "cycle.window_too_long": "The window may stay open for at most two years.",
    "cycle.date_out_of_range": "Enter a date between the years 2000 and 2100.",
    "cycle.starts_too_early": "Studies cannot start before the application window closes.",
    "cycle.country_not_in_scheme": "The scheme does not take applicants from some of these countries.",
    "cycle.deadline_order": "A stage's deadline must come after the window opens.",
    "cycle.negative_weight": "A weight cannot be below 0.",
    "cycle.weight_too_large": "A weight is at most 1000 (weights are relative).",
    "cycle.no_positive_weight": "At least one part of the priority score needs a weight above 0.",
}
# The service's warnings about a saved cycle, by their code (others are shown as it words them)
WARNINGS: dict[str, str] = {
    "cycle.max_choices_above_scheme": "More choices than the scheme's own limit.",
    "scheme.cycle_admits_dropped_country": "The cycle still admits a country the scheme no longer lists.",
    "cycle.countries_dropped": "Submitted applications from countries the cycle no longer takes ({countries}): {n}. Their choices count as ineligible from the next round.",
    "cycle.closed_by_change": "The application window closed as this was saved: applicants can no longer submit or change their applications (submitted: {n}).",
    "cycle.opens_later": "The application window is closed until {opens_on}: applicants cannot submit or change their applications until then (submitted: {n}).",
}


def deadlines_of(path: Iterable[str]) -> list[str]:
    """The deadline fields a scheme's cycles have: one per stage of its path that has one."""
    stages = {str(s) for s in path}
    return [name for stage, name in DEADLINES.items() if stage in stages]


def _local(value: str | None) -> str:
    """An instant as the service answers it (ISO, with offset) in UTC, as ``datetime-local``
    shows it: to the minute (``body_of`` sends a stored time shown unchanged back whole)."""
    if not value:
        return ""
    at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if at.tzinfo is not None:
        at = at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M")


def _time(typed: str) -> str | None:
    """A ``datetime-local`` value (Arabic-Indic digits read too) as the service takes it, or
    None when it is no date and time (30 February, letters)."""
    plain = ascii_digits(typed)
    if len(plain) < 16 or plain[10] != "T":
        return None
    try:
        at = datetime.fromisoformat(plain)
    except ValueError:
        return None
    if at.tzinfo is not None:  # never from the form's field: its time is UTC, said by its label
        return None
    return at.isoformat(timespec="minutes" if len(plain) == 16 else "seconds")


def _date(typed: str) -> str | None:
    try:
        return date.fromisoformat(ascii_digits(typed)).isoformat()
    except ValueError:
        return None


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
    values |= {f"score_weights.{w}": shown_number(weights.get(w, 1.0)) for w in WEIGHTS}
    values |= {name: _local(cycle.get(name)) for name in TIMES}
    return values


def new_values(scheme: Mapping[str, Any]) -> dict[str, Any]:
    """A new cycle's form: the service's defaults, the scheme's choices limit if lower."""
    most = scheme.get("max_choices")
    return values_of({"scheme_id": scheme["id"], "max_choices": min(5, most) if most else 5, "offer_reply_days": 14})


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
        cycle_id = text(form, "id")
        if not cycle_id:
            errors["id"] = "Enter an id."
        elif not ID.fullmatch(cycle_id):
            errors["id"] = (
                "Use 2 to 64 lowercase letters, digits, dots, hyphens or underscores, starting with a letter or digit."
            )
        body["id"] = cycle_id
    name = text(form, "name")
    if not name:
        errors["name"] = "Enter a name."
    elif not 2 <= len(name) <= NAME_LENGTH:
        errors["name"] = "A name has 2 to 300 characters."
    body["name"] = name
    for lang in TRANSLATED:
        if len(text(form, f"translations.{lang}")) > NAME_LENGTH:
            errors[f"translations.{lang}"] = "A name has 2 to 300 characters."
    body["translations"] = with_translations(body.get("translations"), form)
    for name in ("opens_at", "closes_at"):
        body[name] = _instant(form, name, stored, errors)
        if body[name] is None and name not in errors:
            errors[name] = "Enter a date and time."
    starts_on = text(form, "starts_on")
    body["starts_on"] = _date(starts_on) if starts_on else None
    if starts_on and body["starts_on"] is None:
        errors["starts_on"] = "Enter a date."
    for name, (low, high), words in (
        ("max_choices", (1, 20), "Enter a whole number from 1 to 20."),
        ("offer_reply_days", (1, 90), "Enter a whole number of days from 1 to 90."),
    ):
        number = whole_number(text(form, name))
        if number is None or not low <= number <= high:
            errors[name] = words  # left empty too: a required field is not filled in for the officer
        body[name] = number
    countries = form.get("eligible_countries[]") or []
    body["eligible_countries"] = sorted({c for c in countries if isinstance(c, str) and c})
    weights = {}
    for w in WEIGHTS:
        typed = text(form, f"score_weights.{w}")
        value = decimal(typed) if typed else 1.0
        if value is None:
            errors[f"score_weights.{w}"] = "Enter a number."
        weights[w] = value
    stored_weights = (stored or {}).get("score_weights") or {}
    as_shown = {w: shown_number(stored_weights.get(w, 1.0)) for w in WEIGHTS}
    if stored is not None and all(text(form, f"score_weights.{w}") == as_shown[w] for w in WEIGHTS):
        weights = dict(stored_weights)  # shown unchanged: the stored weights ({} meant the defaults)
    body["score_weights"] = weights
    shown = set(deadlines_of(scheme.get("path") or []))
    for name in DEADLINES.values():
        if name not in shown:
            body[name] = None  # no such stage: no deadline (the service ignores none of them)
            continue
        body[name] = _instant(form, name, stored, errors)
        if body[name] is not None and name not in errors and "opens_at" not in errors:
            if _moment(body[name]) <= _moment(body["opens_at"]):
                errors[name] = "A stage's deadline must come after the window opens."
    # said with the form's other mistakes, not on a second try once those are fixed
    if not {"opens_at", "closes_at"} & errors.keys() and _moment(body["closes_at"]) <= _moment(body["opens_at"]):
        errors["closes_at"] = "The window must close after it opens."
    return body, errors


def _moment(value: str) -> datetime:
    """A time sent (as typed, UTC) or stored (with its offset), to compare."""
    at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _instant(
    form: Mapping[str, Any], name: str, stored: Mapping[str, Any] | None, errors: dict[str, str]
) -> str | None:
    """A time field of the form: the stored instant when the field still shows it (the form
    shows minutes: 23:59:59 saved back as 23:59 closed the window a minute early), else the
    time typed (None when left empty; a refusal filed when it is no date and time)."""
    typed = text(form, name)
    if stored is not None and stored.get(name) and typed == _local(stored.get(name)):
        return stored[name]
    if not typed:
        return None
    at = _time(typed)
    if at is None:
        errors[name] = "Enter a date and time."
    return at or typed
