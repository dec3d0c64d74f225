"""A cycle's quota rule as the officer's form holds it, and back. No I/O.

The form keeps what was typed as text (``typed``), says what the portal can check itself
(``form_problems``), and turns it into the matching service's body (``rule_body``): the limit
is a number of places or a share of the seats typed as a percentage (40 -> 0.4); the scope is
the values ticked per dimension, none ticked meaning any. A changed rule keeps what the form
did not change exactly as stored (a share of 1/3 shown as "33.3333" stays 1/3, the order of
its values stays). The service's problems, from a check or a refusal, are worded by their
code (``problem_message``) and filed under the form's fields (``form_field``).

The dimensions are the matching service's (services/matching/domain/quota.py); the portal
keeps its own copy, as it imports no other service, and a unit test holds the two equal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.portal.domain.catalog_fields import ID
from services.portal.domain.forms import APPLICANT_TYPES, ascii_digits, whole_number
from services.portal.domain.problems import Message

# what a rule's scope may filter on, in the order the form offers them
SCOPE_DIMENSIONS = (
    "sending_country",
    "programme",
    "host_institution",
    "host_country",
    "field",
    "level",
    "applicant_type",
)
# what a rule may apply to "each" of: one cap per value (a rule of one cycle has no use for
# "each scheme" or "each cycle", so the form offers them only on a rule that has them)
PER_DIMENSIONS = SCOPE_DIMENSIONS + ("scheme", "cycle")
LABEL_LENGTH = (2, 300)
MAX_COUNT = 2**31 - 1
MAX_VALUE_LENGTH = 100  # one scope value, as the service takes it
LIMITS = ("count", "share")

FORM = "form"  # a problem no field is for (views/catalog/common.FORM)
# the service's fields (a problem's or a refusal's path starts with one), a dimension before "scope"
SERVICE_FIELDS = (
    *(f"scope.{d}" for d in SCOPE_DIMENSIONS),
    "max_share_of_seats",
    "max_count",
    "label",
    "scope",
    "per",
    "id",
)
# the form's own name of a service field, where they differ: a share is typed as a percentage
FORM_NAMES = {"max_share_of_seats": "share_percent"}


def scope_name(dimension: str) -> str:
    """The form's field (and checkbox group) of a scope dimension: ``scope.<dimension>``."""
    return f"scope.{dimension}"


# --- the form's values ------------------------------------------------------------------------


def new_values(suggested_id: str) -> dict[str, Any]:
    """A new rule's form: the id suggested, a number of places as its limit, nothing else."""
    return {
        "id": suggested_id,
        "label": "",
        "limit": "count",
        "max_count": "",
        "share_percent": "",
        "per": [],
        "scope": {},
    }


def percent_text(share: float | None) -> str:
    """A share of the seats as the percentage the form shows (0.4 -> "40", 1/3 -> "33.3333")."""
    if share is None:
        return ""
    return f"{share * 100:.4f}".rstrip("0").rstrip(".")


def values_of(rule: Mapping[str, Any]) -> dict[str, Any]:
    """A stored rule as the form shows it."""
    share = rule.get("max_share_of_seats")
    count = rule.get("max_count")
    return {
        "id": str(rule.get("id") or ""),
        "label": str(rule.get("label") or ""),
        "limit": "share" if share is not None else "count",
        "max_count": "" if count is None else str(count),
        "share_percent": percent_text(share),
        "per": [str(d) for d in rule.get("per") or []],
        "scope": {str(d): [str(v) for v in vs] for d, vs in (rule.get("scope") or {}).items()},
    }


def _strings(value: Any) -> list[str]:
    """A checkbox group as posted: its ticked values, each once, in the order sent."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return list(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))


def typed(form: Mapping[str, Any], rule_id: str | None = None) -> dict[str, Any]:
    """The posted form as its values, kept as typed (a refused form shows them again).
    ``rule_id``: a changed rule's id, which the form does not send."""
    scope = {d: _strings(form.get(f"{scope_name(d)}[]")) for d in SCOPE_DIMENSIONS}
    return {
        "id": rule_id if rule_id is not None else str(form.get("id") or "").strip(),
        "label": str(form.get("label") or "").strip(),
        "limit": str(form.get("limit") or ""),
        "max_count": str(form.get("max_count") or "").strip(),
        "share_percent": str(form.get("share_percent") or "").strip(),
        "per": _strings(form.get("per[]")),
        "scope": {d: v for d, v in scope.items() if v},
    }


# --- what the portal checks itself --------------------------------------------------------------


def count_of(text: str) -> int | None:
    """A number of places (Arabic-Indic digits read too), or None."""
    n = whole_number(text, digits=10)
    return n if n is not None and n <= MAX_COUNT else None


def share_of(text: str) -> float | None:
    """A percentage from 0 to 100 ("40", "12,5", "40 %", "۴۰٪") as a share of the seats
    (0.4, 0.125), or None."""
    t = ascii_digits(text).strip().removesuffix("%").removesuffix("٪").strip()
    t = t.replace(",", ".").replace("٫", ".")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,6})?|\.\d{1,6}", t):
        return None
    percent = float(t)
    if not (math.isfinite(percent) and 0 <= percent <= 100):
        return None
    return round(percent / 100, 8)


def form_problems(values: Mapping[str, Any], *, new: bool) -> dict[str, str]:
    """What the portal can say before asking the service, by the form's fields."""
    errors: dict[str, str] = {}
    if new and not ID.fullmatch(values["id"]):
        errors["id"] = "Use 2 to 64 characters: lowercase letters, digits, dots, hyphens or underscores, starting with a letter or a digit."  # fmt: skip
    shortest, longest = LABEL_LENGTH
    if not shortest <= len(values["label"]) <= longest:
        errors["label"] = "Give the rule a label of 2 to 300 characters."
    elif any(b[1:-1] not in PER_DIMENSIONS for b in re.findall(r"\{[^{}]*\}", values["label"])):
        # the service fills only {dimension} in a label, and refuses anything else in braces
        errors["label"] = "In braces a label may name only a dimension, such as {sending_country} or {programme}."
    if values["limit"] not in LIMITS:
        errors["limit"] = "Choose a number of places or a share of the seats."
    elif values["limit"] == "count" and count_of(values["max_count"]) is None:
        errors["max_count"] = "Enter the number of places as a whole number, 0 or more."
    elif values["limit"] == "share" and share_of(values["share_percent"]) is None:
        errors["share_percent"] = "Enter the share as a percentage from 0 to 100, for example 40."
    if any(d not in PER_DIMENSIONS for d in values["per"]):
        errors["per"] = "Choose one of the offered values."
    for dimension, chosen in values["scope"].items():
        if dimension not in SCOPE_DIMENSIONS or any(len(v) > MAX_VALUE_LENGTH for v in chosen):
            errors[scope_name(dimension)] = "Choose one of the offered values."
    return errors


# --- the service's body ---------------------------------------------------------------------


def _kept_order(chosen: Sequence[str], stored: Sequence[str]) -> list[str]:
    """The values chosen, those already stored first in their stored order."""
    return [v for v in stored if v in chosen] + [v for v in chosen if v not in stored]


def rule_body(values: Mapping[str, Any], cycle_id: str, stored: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The body of ``POST /quota-rules`` (a new rule: with its id) or of ``PUT
    /quota-rules/{id}`` (``stored``: the rule as it is; what the form leaves as shown stays
    exactly as stored). Only for values ``form_problems`` found nothing in."""
    before = stored or {}
    stored_scope: Mapping[str, Sequence[str]] = before.get("scope") or {}
    scope = {d: _kept_order(vs, stored_scope.get(d) or ()) for d, vs in values["scope"].items() if vs}
    # stored dimensions the form does not offer are not the form's to drop
    scope |= {d: list(vs) for d, vs in stored_scope.items() if d not in SCOPE_DIMENSIONS}
    stored_label = str(before.get("label") or "")
    body: dict[str, Any] = {
        "cycle_id": before.get("cycle_id") or cycle_id,
        # the form shows a label without its edge spaces: as shown, it stays as stored
        "label": stored_label if values["label"] == stored_label.strip() and stored_label else values["label"],
        "scope": scope,
        "per": _kept_order(values["per"], before.get("per") or ()),
        "max_count": None,
        "max_share_of_seats": None,
    }
    if values["limit"] == "count":
        body["max_count"] = count_of(values["max_count"])
    elif values["share_percent"] == percent_text(before.get("max_share_of_seats")):
        body["max_share_of_seats"] = before["max_share_of_seats"]  # shown rounded, unchanged
    else:
        body["max_share_of_seats"] = share_of(values["share_percent"])
    if stored is None:
        body = {"id": values["id"], **body}
    return body


def suggested_id(cycle_id: str, taken: Iterable[str]) -> str:
    """A free id for the cycle's next rule: ``<cycle>-quota-<n>``."""
    used = set(taken)
    n = 1
    while True:
        suffix = f"-quota-{n}"
        stem = cycle_id[: 64 - len(suffix)].rstrip("._-")
        candidate = f"{stem}{suffix}" if ID.fullmatch(f"{stem}{suffix}") else f"quota{suffix}"
        if candidate not in used:
            return candidate
        n += 1


# --- what the form offers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    checked: bool


def catalog_values(programmes: Iterable[Mapping[str, Any]], sending_countries: Iterable[str]) -> dict[str, list[str]]:
    """The values each scope dimension can take in the cycle's catalog (as the service checks
    a rule against it): the cycle's eligible countries, and what its programmes have."""
    found: dict[str, dict[str, None]] = {d: {} for d in SCOPE_DIMENSIONS}
    found["sending_country"] = dict.fromkeys(sending_countries)
    found["applicant_type"] = dict.fromkeys(APPLICANT_TYPES)
    attribute = {"programme": "id", "host_institution": "host_institution_id"}
    for p in programmes:
        for d in ("programme", "host_institution", "host_country", "field", "level"):
            v = p.get(attribute.get(d, d))
            if v:
                found[d][str(v)] = None
    return {d: list(vs) for d, vs in found.items()}


def scope_options(
    offered: Mapping[str, Sequence[str]],
    chosen: Mapping[str, Sequence[str]],
    word: Callable[[str, str], str],
) -> dict[str, list[Option]]:
    """Each dimension's checkboxes, by their words (``word(dimension, value)``): the catalog's
    values, and a chosen one the catalog no longer has (still ticked: a save keeps it)."""
    out: dict[str, list[Option]] = {}
    for d in SCOPE_DIMENSIONS:
        picked = chosen.get(d) or []
        values = list(offered.get(d) or []) + [v for v in picked if v not in (offered.get(d) or [])]
        options = [Option(v, word(d, v), v in picked) for v in values]
        if d != "applicant_type":  # students before faculty, as everywhere else
            options.sort(key=lambda o: (o.text.casefold(), o.value))
        out[d] = options
    return out


def per_options(chosen: Sequence[str], each: Mapping[str, str]) -> list[Option]:
    """The "each ..." checkboxes (``each``: their words): every scope dimension, and another
    the rule already has."""
    dimensions = list(SCOPE_DIMENSIONS) + [d for d in chosen if d not in SCOPE_DIMENSIONS]
    return [Option(d, each.get(d, d), d in chosen) for d in dimensions]


# --- the service's problems, worded and filed under the form's fields ---------------------------

# A problem's code (services/matching/domain/quota.py, catalog.py) -> the portal's sentence.
PROBLEM_WORDS: dict[str, str] = {
    "quota.missing_id": "A rule needs an id.",
    "quota.duplicate_id": "Another rule of the cycle has this id.",
    "quota.one_limit": "Choose a number of places or a share of the seats.",
    "quota.count_not_whole": "Enter the number of places as a whole number, 0 or more.",
    "quota.cap_negative": "Enter the number of places as a whole number, 0 or more.",
    "quota.cap_zero": "A limit of 0 keeps everyone in scope out.",
    "quota.share_not_number": "Enter the share as a percentage from 0 to 100, for example 40.",
    "quota.share_out_of_range": "Enter the share as a percentage from 0 to 100, for example 40.",
    "quota.share_zero": "A share of 0 keeps everyone in scope out.",
    "quota.unknown_cycle": "There is no such cycle.",
    "quota.unknown_scope_key": "A rule cannot be limited by this.",
    "quota.empty_filter": "Tick at least one value, or none to mean any.",
    "quota.unknown_scope_value": "Not in this cycle's catalog: {value}.",
    "quota.unknown_per": "Choose one of the offered values.",
    "quota.per_repeated": "A dimension is chosen twice.",
    "quota.covers_nothing": "The rule covers no programme of the cycle: widen its scope.",
    "quota.never_binds": "This limit never binds: it is not below the seats in scope ({seats}).",
    "quota.never_binds_groups": "This limit never binds: it is not below the seats of any group it applies to.",
    "quota.share_rounds_to_zero": "This share rounds down to 0 places in some groups: nobody in scope can be placed there.",
    "quota.duplicate_rule": "Rule {rule} has the same scope and limit.",
    "quota.contradicting_rule": "Rule {rule} has the same scope and another limit: the tighter one applies.",
    "catalog.id_exists": "This id is already in use: choose another.",
    "catalog.id_taken": "This id is already in use: choose another.",
    "quota_rule.cannot_move": "A rule stays in its cycle.",
}

_QUOTED = re.compile(r"'([^']*)'")
_SEATS = re.compile(r"the (\d+) seats in scope")


def problem_message(code: str, reason: str) -> Message | None:
    """The portal's sentence for a problem's code, with what its reason names (a value, a
    rule, a number of seats); None for a code the form has no words for."""
    if code == "quota.never_binds":
        seats = _SEATS.search(reason)
        if seats is None:
            return Message(PROBLEM_WORDS["quota.never_binds_groups"])
        return Message(PROBLEM_WORDS[code], {"seats": int(seats.group(1))})
    template = PROBLEM_WORDS.get(code)
    if template is None:
        return None
    params: dict[str, Any] = {}
    if "{value}" in template or "{rule}" in template:
        quoted = _QUOTED.search(reason)
        if quoted is None:
            return Message(reason)
        params["value" if "{value}" in template else "rule"] = quoted.group(1)
    return Message(template, params)


def form_field(path: str) -> str:
    """The form's field a service path is for ("scope.sending_country.0" ->
    "scope.sending_country", "max_share_of_seats" -> "share_percent"), else ``FORM``."""
    name = next((f for f in SERVICE_FIELDS if path == f or path.startswith(f + ".")), FORM)
    return FORM_NAMES.get(name, name)


def by_form_field(messages: Mapping[str, Message]) -> dict[str, Message]:
    """Messages filed under the service's fields, under the form's names."""
    return {FORM_NAMES.get(k, k): v for k, v in messages.items()}


@dataclass(frozen=True)
class Found:
    """A problem of a checked rule: an error (the rule cannot be saved) or a warning."""

    severity: str
    field: str  # the form's
    message: Message

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def found_problems(answer: Iterable[Mapping[str, Any]]) -> list[Found]:
    """``POST /quota-rules/validate``'s answer, worded, errors first."""
    found = [
        Found(
            "error" if p.get("severity") == "error" else "warning",
            form_field(str(p.get("field") or "")),
            problem_message(str(p.get("code") or ""), str(p.get("reason") or ""))
            or Message(str(p.get("reason") or "")),
        )
        for p in answer
    ]
    return sorted(found, key=lambda f: not f.is_error)


def first_by_field(found: Iterable[Found], *, errors: bool) -> dict[str, Message]:
    """The first error (or warning) found per field."""
    out: dict[str, Message] = {}
    for f in found:
        if f.is_error == errors:
            out.setdefault(f.field, f.message)
    return out
