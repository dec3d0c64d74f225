"""The institution form: an institution as the form's fields and the form as the matching
service's body (``InstitutionIn`` for a new one, ``InstitutionFields`` for a change), with what
the portal can refuse before asking the service. No I/O.

The form's field names are the service's field paths (``translations.zh``), so a refusal naming
a path lands on its field. A change starts from the stored institution and sets only what the
form shows: names in languages beside the portal's go back as they were stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.portal.domain.catalog_fields import ID, TRANSLATED, text, with_translations
from services.portal.domain.forms import COUNTRIES

# The catalog's kinds of institution (services/matching/domain/catalog.py INSTITUTION_KINDS: the
# portal imports no other service; a unit test holds the two equal)
KINDS = ("university", "vocational college", "research centre", "workshop", "ministry", "agency")
# What the service's answer carries beyond the body: not sent back with a change
ANSWER_ONLY = ("id", "warnings")

FIELDS = ("id", "name", *(f"translations.{lang}" for lang in TRANSLATED), "country", "kind")

# The catalog's refusals of an institution, by their code, in the portal's words (the service's
# reason is English and names the API): an English message key each, translated by the page.
# The service's warnings about a saved institution, by their code
WARNINGS: dict[str, str] = {
    "institution.name_taken": "Another institution of this country has the same name: people choosing from lists cannot tell them apart. Name each apart (a campus, a city).",
}
REFUSALS: dict[str, str] = {
    "catalog.id_exists": "An institution with this id exists already: choose another id.",
    "catalog.id_taken": "Another record of the catalog (a scheme, a cycle, a programme or a quota rule) has this id: choose another.",
    "catalog.in_use": "This institution hosts programmes: it cannot be removed while it does. Remove them or give them another host first.",
}


def kind_key(kind: str) -> str:
    """A kind's message key: its words in the reader's language."""
    return f"institution-kind:{kind}"


def countries_offered(current: str = "") -> list[str]:
    """The countries to choose from (their codes): the corridor's, and a stored other one (a
    change keeps it)."""
    codes = [code for code, _name in COUNTRIES]
    return [*codes, current] if current and current not in codes else codes


def kinds_offered(current: str = "") -> list[str]:
    """The kinds to choose from: the catalog's, and a stored other one."""
    return [*KINDS, current] if current and current not in KINDS else list(KINDS)


def new_values() -> dict[str, Any]:
    """A new institution's form: a university, as the service's default."""
    return {"kind": "university"}


def values_of(institution: Mapping[str, Any]) -> dict[str, Any]:
    """A stored institution (its names as typed) as the form's values."""
    translations = institution.get("translations") or {}
    values: dict[str, Any] = {
        "id": institution.get("id") or "",
        "name": institution.get("name") or "",
        "country": institution.get("country") or "",
        "kind": institution.get("kind") or "",
    }
    values |= {f"translations.{lang}": translations.get(lang, "") for lang in TRANSLATED}
    return values


def id_problem(typed: str) -> str | None:
    """What is wrong with a new record's id as typed, or None."""
    if not typed:
        return "Enter an id."
    if not ID.fullmatch(typed):
        return "Use 2 to 64 lowercase letters, digits, dots, hyphens or underscores, starting with a letter or digit."
    return None


def body_of(form: Mapping[str, Any], stored: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's body for the form (a new institution's when ``stored`` is None, else the
    stored one's with the form's fields changed), and the form's own refusals (field -> English
    sentence, translated by the page). A country or kind the form did not offer (a forged
    form's) is refused. The service checks the rest: its id free, the lengths."""
    errors: dict[str, str] = {}
    body: dict[str, Any] = {k: v for k, v in (stored or {}).items() if k not in ANSWER_ONLY}
    if stored is None:
        body["id"] = text(form, "id")
        if problem := id_problem(body["id"]):
            errors["id"] = problem
    body["name"] = text(form, "name")
    if not body["name"]:
        errors["name"] = "Enter a name."
    body["translations"] = with_translations(body.get("translations"), form)
    body["country"] = text(form, "country")
    if not body["country"]:
        errors["country"] = "Choose a country."
    elif body["country"] not in countries_offered(str((stored or {}).get("country") or "")):
        errors["country"] = "Choose one of the offered values."
    body["kind"] = text(form, "kind")
    if body["kind"] not in kinds_offered(str((stored or {}).get("kind") or "")):
        errors["kind"] = "Choose one of the offered values."
    return body, errors
