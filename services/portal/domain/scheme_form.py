"""The scheme form: a scheme as the form's fields and the form as the matching service's body
(``SchemeIn`` for a new one, ``SchemeFields`` for a change), with what the portal can refuse
before asking the service. No I/O.

The form's field names are the service's field paths (``translations.zh``, ``authorities.PK``,
``authority_translations.PK.ur``), so a refusal naming a path lands on its field; a field of
several values is named with ``[]`` (``eligible_countries[]``, ``path[]``) and its errors under
the name without. A change starts from the stored scheme and sets only what the form shows:
names in languages beside the portal's go back as they were stored, and so does the path when
its stages were left as they were (a stored direct path written out in full stays so: the
service refuses any change of a path once a cycle has applicants).

The path (services/matching/domain/nominations.py ``path_problems``) is the stages in their
fixed order; matching, review and answer are in every path, the others are ticked. None ticked
is the direct path, sent empty. A scheme's nominating authorities (one per sending country)
are kept only with the nomination stage: no other path reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.portal.domain.catalog_fields import TRANSLATED, text, with_translations
from services.portal.domain.forms import COUNTRIES, whole_number
from services.portal.domain.institution_form import id_problem
from shared.events.catalog import DIRECT_PATH, Stage

STAGES: tuple[str, ...] = tuple(s.value for s in Stage)  # in their fixed order
ALWAYS: tuple[str, ...] = tuple(s.value for s in DIRECT_PATH)
OPTIONAL: tuple[str, ...] = tuple(s for s in STAGES if s not in ALWAYS)
NOMINATION = Stage.NOMINATION.value
ACTIONS = ("wait", "decline")  # at the hosts' admission deadline (SchemeFields.admission_deadline_action)
MOST_CHOICES = 20  # SchemeFields.max_choices' bound
ANSWER_ONLY = ("id", "warnings")

# The form's fields beside the authorities' (``fields_of`` adds those of the countries shown)
FIELDS = (
    "id",
    "name",
    *(f"translations.{lang}" for lang in TRANSLATED),
    "sponsor",
    "eligible_countries",
    "max_choices",
    "path",
    "admission_deadline_action",
    "authorities",
    "authority_translations",
)

# The catalog's refusals of a scheme, by their code, in the portal's words (the service's reason
# is English and names the API): an English message key each, translated by the page.
STAGE_RULES = "The stages go in their fixed order, each once; matching, the officers' review and the applicant's answer are always among them."  # fmt: skip
REFUSALS: dict[str, str] = {
    "catalog.id_exists": "A scheme with this id exists already: choose another id.",
    "catalog.id_taken": "Another record of the catalog (an institution, a cycle, a programme or a quota rule) has this id: choose another.",
    "catalog.in_use": "Only a scheme without cycles can be removed: its officers remove its cycles first.",
    "scheme.path_in_use": "Applicants are already on their way through this scheme's stages (cycles {cycles}): the stages cannot change now. Make a new scheme with the new stages for the next cycle.",
    "scheme.unknown_stage": STAGE_RULES,
    "scheme.stage_repeated": STAGE_RULES,
    "scheme.stage_order": STAGE_RULES,
    "scheme.stage_missing": STAGE_RULES,
    "authority_unknown": "An authority's names in other languages go with its name: enter the name, or empty them.",
}
DROPPED_CODE = "scheme.cycle_admits_dropped_country"
# The service's warnings about a saved scheme, by their code (others are shown as it words them)
WARNINGS: dict[str, str] = {
    "scheme.no_authority": "The scheme has a nomination stage but no nominating authority: an admin publishes every country's list.",
    DROPPED_CODE: "A cycle of the scheme still admits a country the scheme no longer lists: change the cycle's sending countries if they should no longer apply.",
}
# the same, naming the cycle and its countries (``admitting_dropped``)
DROPPED_COUNTRY = "The cycle {cycle} still admits {countries}, which the scheme no longer lists: change the cycle's sending countries if they should no longer apply."  # fmt: skip


def stage_key(stage: str) -> str:
    """A stage's message key: its words in the reader's language."""
    return f"stage:{stage}"


def action_key(action: str) -> str:
    return f"deadline-action:{action}"


def stages_of(path: Iterable[str]) -> list[str]:
    """The stages an application of the scheme passes through (a direct scheme's path is empty)."""
    return list(path) or list(ALWAYS)


def fields_of(countries: Iterable[str]) -> tuple[str, ...]:
    """Every field a refusal may be filed under, with the authorities' of ``countries``."""
    per_country = []
    for c in countries:
        per_country += [f"authorities.{c}", f"authority_translations.{c}"]
        per_country += [f"authority_translations.{c}.{lang}" for lang in TRANSLATED]
    return (*FIELDS, *per_country)


def countries_offered(*stored: Iterable[str]) -> list[str]:
    """The countries the form offers (their codes): the corridor's, and any a stored scheme names
    beside them (a change keeps them)."""
    codes = [code for code, _name in COUNTRIES]
    extra = sorted({c for group in stored for c in group if isinstance(c, str) and c not in codes})
    return [*codes, *extra]


def offered_for(scheme: Mapping[str, Any] | None) -> list[str]:
    """The countries offered on the form of ``scheme`` (None: a new one)."""
    if scheme is None:
        return countries_offered()
    return countries_offered(scheme.get("eligible_countries") or [], scheme.get("authorities") or {})


def new_values() -> dict[str, Any]:
    """A new scheme's form: the service's defaults (direct, five choices, hosts waited for)."""
    return {"max_choices": "5", "admission_deadline_action": "wait", "path[]": [], "eligible_countries[]": []}


def values_of(scheme: Mapping[str, Any]) -> dict[str, Any]:
    """A stored scheme (its names as typed) as the form's values."""
    translations = scheme.get("translations") or {}
    values: dict[str, Any] = {
        "id": scheme.get("id") or "",
        "name": scheme.get("name") or "",
        "sponsor": scheme.get("sponsor") or "",
        "eligible_countries[]": list(scheme.get("eligible_countries") or []),
        "max_choices": str(scheme.get("max_choices") or ""),
        "path[]": [s for s in scheme.get("path") or [] if s in OPTIONAL],
        "admission_deadline_action": scheme.get("admission_deadline_action") or "wait",
    }
    values |= {f"translations.{lang}": translations.get(lang, "") for lang in TRANSLATED}
    for country, name in (scheme.get("authorities") or {}).items():
        values[f"authorities.{country}"] = name
    for country, names in (scheme.get("authority_translations") or {}).items():
        values |= {f"authority_translations.{country}.{lang}": (names or {}).get(lang, "") for lang in TRANSLATED}
    return values


def _ticked(form: Mapping[str, Any], name: str) -> list[str]:
    return [v for v in form.get(f"{name}[]") or [] if isinstance(v, str) and v]


def path_of(ticked: Iterable[str], stored: Iterable[str] | None) -> list[str]:
    """The path for the optional stages ticked: the stored one when they are its own, else the
    stages in their order (none ticked: direct, sent empty)."""
    chosen = [s for s in OPTIONAL if s in set(ticked)]
    if stored is not None and [s for s in OPTIONAL if s in set(stored)] == chosen:
        return list(stored)
    return [s for s in STAGES if s in chosen or s in ALWAYS] if chosen else []


def _authorities(
    form: Mapping[str, Any],
    countries: Iterable[str],
    sending: list[str],
    stored: Mapping[str, Any],
    errors: dict[str, str],
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Each country's nominating authority as typed, and its names in other languages (those in
    languages the form does not show kept as stored)."""
    names: dict[str, str] = {}
    translated: dict[str, dict[str, str]] = {}
    stored_translations = stored.get("authority_translations") or {}
    for c in countries:
        typed = {f"translations.{lang}": form.get(f"authority_translations.{c}.{lang}") for lang in TRANSLATED}
        name = text(form, f"authorities.{c}")
        if not name:
            if any(text(typed, key) for key in typed):
                errors[f"authorities.{c}"] = REFUSALS["authority_unknown"]
            continue
        if sending and c not in sending:
            errors[f"authorities.{c}"] = (
                "This country is not a sending country of the scheme: tick it above, or leave its authority empty."
            )
        names[c] = name
        if kept := with_translations(stored_translations.get(c), typed):
            translated[c] = kept
    return names, translated


def body_of(form: Mapping[str, Any], stored: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's body for the form (a new scheme's when ``stored`` is None, else the stored
    scheme's with the form's fields changed), and the form's own refusals (field -> English
    sentence, translated by the page). The service checks the rest: its id free, the lengths,
    the path of a scheme with applicants unchanged."""
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
    body["sponsor"] = text(form, "sponsor")
    if not body["sponsor"]:
        errors["sponsor"] = "Enter the sponsor."
    offered = offered_for(stored)
    sending = _ticked(form, "eligible_countries")
    if any(c not in offered for c in sending):
        errors["eligible_countries"] = "Choose one of the offered values."
    body["eligible_countries"] = sorted(set(sending))
    most = whole_number(text(form, "max_choices"))
    if most is None or not 1 <= most <= MOST_CHOICES:
        errors["max_choices"] = "Enter a whole number from 1 to 20."  # left empty too: it is required
    body["max_choices"] = most
    ticked = _ticked(form, "path")
    if any(s not in OPTIONAL for s in ticked):
        errors["path"] = "Choose one of the offered values."
    body["path"] = path_of(ticked, None if stored is None else stored.get("path") or [])
    body["admission_deadline_action"] = text(form, "admission_deadline_action") or "wait"
    if body["admission_deadline_action"] not in ACTIONS:
        errors["admission_deadline_action"] = "Choose one of the offered values."
    if NOMINATION in body["path"]:
        names, translated = _authorities(form, offered, body["eligible_countries"], stored or {}, errors)
    else:  # no nomination stage: nobody nominates, and no authority is kept (the form's hint says so)
        names, translated = {}, {}
    body["authorities"], body["authority_translations"] = names, translated
    return body, errors


def admitting_dropped(
    countries: Iterable[str], cycles: Iterable[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], list[str]]]:
    """The scheme's cycles that admit a country the scheme (of ``countries``) no longer lists,
    each with those countries, as the service's warning finds them (a scheme of no countries
    takes any)."""
    allowed = set(countries)
    if not allowed:
        return []
    found = []
    for cycle in cycles:
        extra = sorted(set(cycle.get("eligible_countries") or []) - allowed)
        if extra:
            found.append((cycle, extra))
    return found
