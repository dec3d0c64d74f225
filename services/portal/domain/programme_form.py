"""The programme form: a programme as the form's fields and the form as the matching service's
body (``ProgrammeIn`` for a new one, ``ProgrammeFields`` for a change), with what the portal can
refuse before asking the service. No I/O.

The form's field names are the service's field paths (``translations.zh``,
``requirements.min_grade``, ``requirements.letters.count``), so a refusal naming a path lands on
its field; a field of several values is named with ``[]`` (``requirements.required_documents[]``)
and its errors under the name without. A change starts from the stored programme and sets only
what the form shows: whatever it does not show (``requirements.document_properties``, titles in
languages beside the portal's) goes back to the service as it was stored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from services.portal.domain.catalog_fields import (
    ID,
    ID_LENGTH,
    TRANSLATED,
    decimal,
    shown_number,
    text,
    with_translations,
)
from services.portal.domain.forms import CERTIFICATES, DOCUMENT_KINDS, whole_number
from shared.events.catalog import AwardCover, Language, RefereePosition

# The programme levels of the catalog (services/matching/domain/catalog.py LEVELS)
LEVELS = ("vocational", "bachelor", "master", "doctoral", "non-degree", "faculty-visit")
APPLICANT_TYPES = ("student", "faculty")
# Languages of instruction offered: the contract's languages (a stored other one is offered too)
LANGUAGES: tuple[str, ...] = Language.__args__
POSITIONS: tuple[str, ...] = tuple(RefereePosition)
DOCUMENTS = "requirements.required_documents"
FIELD_KEY = re.compile(r"[a-z][a-z0-9-]{1,99}")  # a field of study as a key (medicine, rail-transport)
POSITIONS_FIELD = "requirements.letters.positions"
COVERS_FIELD = "award.covers"
COVERS: tuple[str, ...] = AwardCover.__args__  # what a scholarship place pays for
CURRENCY = re.compile(r"[A-Z]{3}")
# What the service's answer carries beyond the body: not sent back with a change
ANSWER_ONLY = ("id", "warnings", "scheme_id", "host_country")

# Every field a refusal may be filed under (refusal_by_field): the service's paths
FIELDS = (
    "id",
    "title",
    *(f"translations.{lang}" for lang in TRANSLATED),
    "host_institution_id",
    "field",
    "level",
    "language",
    "seats",
    "applicant_type",
    "requirements.min_grade",
    "requirements.language_certificate",
    "requirements.min_language_level",
    "requirements.max_age",
    DOCUMENTS,
    "requirements.letters",
    "requirements.letters.count",
    POSITIONS_FIELD,
    "requirements.abroad_only",
    "award",
    COVERS_FIELD,
    "award.stipend_amount",
    "award.stipend_currency",
    "award.stipend_per",
    "award.months",
)

# The catalog's refusals of a programme, by their code, in the portal's words (the service's
# reason is English and names the API): an English message key each, translated by the page.
REFUSALS: dict[str, str] = {
    "catalog.id_exists": "A programme with this id exists already: choose another id.",
    "catalog.id_taken": "Another record of the catalog (an institution, a scheme, a cycle or a quota rule) has this id: choose another.",
    "programme.level_for_faculty": "A faculty visit is for faculty: choose faculty as the applicant type, or another level.",
    "programme.language_level_missing": "Give the minimum level of the certificate.",
    "programme.certificate_missing": "Choose the certificate the minimum level is of.",
    "programme.host_in_use": "Matches with this host stand (proposed, with the host, offered or accepted): the host cannot change while they do.",
    "programme.unknown_institution": "Choose a host institution from the list.",
    "programme.has_applications": "Submitted applications chose this programme ({applications}): it cannot be removed while they do.",
    "catalog.in_use": "A match holds a seat in this programme: it cannot be removed while it does.",
    # a quota rule of the cycle would name what is gone: the programme, or its field, level or host
    "quota.unknown_scope_value": "A quota rule of the cycle names this programme, or its field, level or host: change or remove that rule first.",
}
# The service's warnings about a saved programme, by their code (others are shown as it words them)
WARNINGS: dict[str, str] = {
    "programme.no_seats": "The programme has no seats: it is taken off offer. Applicants no longer see it or choose it; those who chose it keep it, and nobody is matched to it.",
    "programme.unusual_level": "Faculty programmes are usually a faculty visit or non-degree.",
    "programme.seats_below_places": "Fewer seats than places already proposed, offered or taken: none of those is withdrawn, and no round proposes anyone here until a place frees.",
}


def _picked(form: Mapping[str, Any], name: str, offered: Iterable[str]) -> tuple[list[str], bool]:
    """The values ticked of a field of several, in the offered order, and whether any was not offered."""
    ticked = [v for v in form.get(f"{name}[]") or [] if isinstance(v, str)]
    allowed = list(offered)
    return [v for v in allowed if v in ticked], any(v not in allowed for v in ticked)


def suggested_id(title: str, host_institution_id: str = "") -> str:
    """An id made from the host's id and the title ("lzu" and "International Relations (MA)" ->
    "lzu-international-relations-ma"), within the service's pattern; "" when the title has no
    letter or digit in Latin script to make one of."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if not slug:
        return ""
    host = host_institution_id if ID.fullmatch(host_institution_id) else ""
    made = f"{host}-{slug}" if host and not slug.startswith(f"{host}-") else slug
    made = made[:ID_LENGTH].rstrip("-._")
    return made if ID.fullmatch(made) else ""


def with_suggested_id(form: Mapping[str, Any]) -> dict[str, Any]:
    """A new programme's form with an id made from its title when none was typed: the form
    comes back with it to keep or change (``body_of`` says so on the id field)."""
    values = dict(form)
    if not text(form, "id"):
        values["id"] = suggested_id(text(form, "title"), text(form, "host_institution_id"))
    return values


def new_values() -> dict[str, Any]:
    """A new programme's form: for students, nothing required."""
    return {"applicant_type": "student"}


def values_of(programme: Mapping[str, Any]) -> dict[str, Any]:
    """A stored programme (its names as typed) as the form's values."""
    translations = programme.get("translations") or {}
    requirements = programme.get("requirements") or {}
    letters = requirements.get("letters") or {}
    award = programme.get("award") or {}
    values: dict[str, Any] = {
        "id": programme.get("id") or "",
        "title": programme.get("title") or "",
        "host_institution_id": programme.get("host_institution_id") or "",
        "field": programme.get("field") or "",
        "level": programme.get("level") or "",
        "language": programme.get("language") or "",
        "seats": shown_number(programme.get("seats")),
        "applicant_type": programme.get("applicant_type") or "student",
        "requirements.min_grade": shown_number(requirements.get("min_grade")),
        "requirements.language_certificate": requirements.get("language_certificate") or "",
        "requirements.min_language_level": shown_number(requirements.get("min_language_level")),
        "requirements.max_age": shown_number(requirements.get("max_age")),
        # a kind whose properties are set is required too (matching and the checklist read it so)
        f"{DOCUMENTS}[]": list(
            dict.fromkeys(
                [*(requirements.get("required_documents") or []), *(requirements.get("document_properties") or {})]
            )
        ),
        "requirements.letters.count": shown_number(letters.get("count")),
        f"{POSITIONS_FIELD}[]": list(letters.get("positions") or []),
        "requirements.abroad_only": "yes" if requirements.get("abroad_only") else "",
        f"{COVERS_FIELD}[]": list(award.get("covers") or []),
        "award.stipend_amount": shown_number(award.get("stipend_amount")),
        "award.stipend_currency": award.get("stipend_currency") or "",
        "award.stipend_per": award.get("stipend_per") or "month",
        "award.months": shown_number(award.get("months")),
    }
    values |= {f"translations.{lang}": translations.get(lang, "") for lang in TRANSLATED}
    return values


def _optional_number(
    form: Mapping[str, Any], name: str, errors: dict[str, str], *, whole: bool, low: float, high: float, words: str
) -> float | int | None:
    """An optional number of the form (None when left empty); ``words`` its refusal when it is
    no number or out of [low, high]."""
    typed = text(form, name)
    if not typed:
        return None
    number: float | int | None = whole_number(typed) if whole else decimal(typed)
    if number is None or not low <= number <= high:
        errors[name] = words
    return number


def _requirements(form: Mapping[str, Any], stored: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The stored requirements with the form's fields set (what the form does not show kept)."""
    requirements = dict(stored)
    requirements["min_grade"] = _optional_number(
        form,
        "requirements.min_grade",
        errors,
        whole=False,
        low=0,
        high=100,
        words="The grade is a number from 0 to 100.",
    )
    certificate = text(form, "requirements.language_certificate")
    if certificate and certificate not in CERTIFICATES:
        errors["requirements.language_certificate"] = "Choose one of the offered values."
    requirements["language_certificate"] = certificate or None
    level = _optional_number(
        form,
        "requirements.min_language_level",
        errors,
        whole=False,
        low=0,
        high=120,
        words="Enter the level or score as a number (e.g. 4 or 6.5).",
    )
    requirements["min_language_level"] = level
    if "requirements.min_language_level" not in errors:
        if certificate and level is None:
            errors["requirements.min_language_level"] = REFUSALS["programme.language_level_missing"]
        elif level is not None and not certificate:
            errors["requirements.language_certificate"] = REFUSALS["programme.certificate_missing"]
    requirements["max_age"] = _optional_number(
        form, "requirements.max_age", errors, whole=True, low=14, high=80, words="Enter an age from 14 to 80."
    )
    documents, unknown = _picked(form, DOCUMENTS, DOCUMENT_KINDS)
    if unknown:
        errors[DOCUMENTS] = "Choose one of the offered values."
    requirements["required_documents"] = documents
    # what a kind no longer required must carry goes with it: its properties alone kept it required
    if "document_properties" in requirements:
        properties = requirements["document_properties"] or {}
        requirements["document_properties"] = {kind: p for kind, p in properties.items() if kind in documents}
    count = _optional_number(
        form,
        "requirements.letters.count",
        errors,
        whole=True,
        low=0,
        high=5,
        words="Enter a number of letters from 0 to 5.",
    )
    positions, unknown = _picked(form, POSITIONS_FIELD, POSITIONS)
    if unknown:
        errors[POSITIONS_FIELD] = "Choose one of the offered values."
    if positions and not count and "requirements.letters.count" not in errors:
        errors["requirements.letters.count"] = "Give the number of letters, or tick no referee's position."
    requirements["letters"] = {"count": count, "positions": positions} if count else None
    requirements["abroad_only"] = bool(text(form, "requirements.abroad_only"))
    return requirements


def _award(form: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """What a place comes with, as the form says it (every field of it is on the form)."""
    covers, unknown = _picked(form, COVERS_FIELD, COVERS)
    if unknown:
        errors[COVERS_FIELD] = "Choose one of the offered values."
    amount = _optional_number(
        form,
        "award.stipend_amount",
        errors,
        whole=False,
        low=0,
        high=10_000_000,
        words="Enter the stipend as a number, for example 3000.",
    )
    currency = text(form, "award.stipend_currency").upper()
    if currency and not CURRENCY.fullmatch(currency):
        errors["award.stipend_currency"] = "Enter the currency as its three-letter code, for example CNY."
    elif amount is not None and not currency and "award.stipend_amount" not in errors:
        errors["award.stipend_currency"] = "Enter the currency of the stipend, for example CNY."
    per = text(form, "award.stipend_per") or "month"
    if per not in ("month", "year"):
        errors["award.stipend_per"] = "Choose one of the offered values."
    months = _optional_number(
        form, "award.months", errors, whole=True, low=1, high=120, words="Enter a number of months from 1 to 120."
    )
    if amount and "stipend" not in covers:  # a stipend paid is one the scholarship covers
        covers = [c for c in COVERS if c in {*covers, "stipend"}]
    return {
        "covers": covers,
        "stipend_amount": amount,
        "stipend_currency": currency or None,
        "stipend_per": per,
        "months": months,
    }


def body_of(
    form: Mapping[str, Any], cycle_id: str, stored: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's body for the form (a new programme's when ``stored`` is None, else the
    stored programme's with the form's fields changed), and the form's own refusals (field ->
    English sentence, translated by the page). The service checks the rest: its id free, the
    host in the officer's scope, the lengths of the texts."""
    errors: dict[str, str] = {}
    body: dict[str, Any] = {k: v for k, v in (stored or {}).items() if k not in ANSWER_ONLY}
    body["cycle_id"] = cycle_id
    if stored is None:
        # left empty, the id is made from the host and the title (as the hint says)
        programme_id = text(form, "id") or suggested_id(text(form, "title"), text(form, "host_institution_id"))
        if not programme_id:
            errors["id"] = "Enter an id: the title has no Latin letters to make one from."
        elif not ID.fullmatch(programme_id):
            errors["id"] = "This id does not fit the pattern: see the hint."
        body["id"] = programme_id
    title = text(form, "title")
    if not title:
        errors["title"] = "Enter a title."
    body["title"] = title
    body["translations"] = with_translations(body.get("translations"), form)
    body["host_institution_id"] = text(form, "host_institution_id")
    if not body["host_institution_id"]:
        errors["host_institution_id"] = "Choose a host institution."
    body["field"] = text(form, "field")
    if not body["field"]:
        errors["field"] = "Enter a field of study."
    elif not FIELD_KEY.fullmatch(body["field"]) and body["field"] != (stored or {}).get("field"):
        # a key the portal words in each language; free text showed as typed on every applicant's card
        errors["field"] = "Use lowercase Latin letters, digits and hyphens, such as rail-transport."
    body["level"] = text(form, "level")
    if body["level"] not in LEVELS:
        errors["level"] = "Choose a level."
    body["language"] = text(form, "language")
    if not body["language"]:
        errors["language"] = "Choose a language of instruction."
    seats = text(form, "seats")
    body["seats"] = whole_number(seats)
    if body["seats"] is None:
        errors["seats"] = "Enter the number of seats as a whole number, for example 12."
    body["applicant_type"] = text(form, "applicant_type")
    if body["applicant_type"] not in APPLICANT_TYPES:
        errors["applicant_type"] = "Choose student or faculty."
    elif body["applicant_type"] == "student" and body["level"] == "faculty-visit":
        errors["level"] = REFUSALS["programme.level_for_faculty"]
    body["requirements"] = _requirements(form, body.get("requirements") or {}, errors)
    body["award"] = _award(form, errors)
    return body, errors


def hosts_offered(
    institutions: Iterable[Mapping[str, Any]], scoped: Iterable[str], current: str = ""
) -> list[tuple[str, str]]:
    """The host institutions to choose from, (id, name) by name: an officer scoped to some
    institutions, those (the service refuses any other), else all; the programme's own host
    always (a change keeps it)."""
    mine = set(scoped)
    offered = [
        (str(x["id"]), str(x.get("name") or x["id"]))
        for x in institutions
        if not mine or x["id"] in mine or x["id"] == current
    ]
    if current and current not in {i for i, _ in offered}:
        offered.append((current, current))
    return sorted(offered, key=lambda pair: pair[1].casefold())


def languages_offered(current: str = "") -> list[str]:
    """The languages of instruction to choose from: the contract's, and a stored other one."""
    return [*LANGUAGES, current] if current and current not in LANGUAGES else list(LANGUAGES)
