"""Cross-entity checks of catalog edits (field formats are checked by the request schemas).

Each check returns problems (severity, field, message, code); "error" refuses the change
(422), "warning" is stored and reported back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

ERROR = "error"
WARNING = "warning"


class Problem(NamedTuple):
    severity: str  # ERROR | WARNING
    field: str
    message: str
    code: str  # stable, e.g. "cycle.window_order"
    params: Mapping[str, Any] | None = None  # what a client needs to word it itself (counts, countries)


LEVELS = ("vocational", "bachelor", "master", "doctoral", "non-degree", "faculty-visit")
INSTITUTION_KINDS = ("university", "vocational college", "research centre", "workshop", "ministry", "agency")


@dataclass(frozen=True)
class CycleDraft:
    opens_at: datetime
    closes_at: datetime
    starts_on: date | None
    max_choices: int
    eligible_countries: list[str]


def sending_countries(cycle_countries: Iterable[str], scheme_countries: Iterable[str]) -> list[str]:
    """The countries a cycle takes applicants from: its own list, or, when it has none, its
    scheme's (empty: any country)."""
    return sorted(set(cycle_countries) or set(scheme_countries))


# A cycle's dates fall in these years (a year 1 opening or a year 9999 close is a typing slip,
# and would keep the cycle "open" in every list and deadline check for ever) ...
FIRST_YEAR, LAST_YEAR = 2000, 2100
# ... and its application window stays open at most this long.
LONGEST_WINDOW = timedelta(days=731)


def date_problem(field: str, value: date | datetime | None) -> Problem | None:
    """A cycle's date outside FIRST_YEAR..LAST_YEAR, refused on its field."""
    if value is None or FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return Problem(ERROR, field, f"must fall in the years {FIRST_YEAR} to {LAST_YEAR}", "cycle.date_out_of_range")


def cycle_problems(draft: CycleDraft, scheme_countries: Iterable[str], scheme_max_choices: int) -> list[Problem]:
    out: list[Problem] = []
    for field, value in (("opens_at", draft.opens_at), ("closes_at", draft.closes_at), ("starts_on", draft.starts_on)):
        if (problem := date_problem(field, value)) is not None:
            out.append(problem)
    if draft.closes_at <= draft.opens_at:
        out.append(Problem(ERROR, "closes_at", "the window must close after it opens", "cycle.window_order"))
    elif draft.closes_at - draft.opens_at > LONGEST_WINDOW:
        days = LONGEST_WINDOW.days
        msg = f"the window may stay open at most {days} days (two years)"
        out.append(Problem(ERROR, "closes_at", msg, "cycle.window_too_long"))
    if draft.starts_on is not None and draft.starts_on < draft.closes_at.date():
        out.append(
            Problem(
                ERROR,
                "starts_on",
                "programmes cannot start before the application window closes",
                "cycle.starts_too_early",
            )
        )
    allowed = set(scheme_countries)
    extra = sorted(set(draft.eligible_countries) - allowed) if allowed else []
    if extra:
        out.append(
            Problem(
                ERROR,
                "eligible_countries",
                f"not eligible under the scheme: {', '.join(extra)}",
                "cycle.country_not_in_scheme",
            )
        )
    if draft.max_choices > scheme_max_choices:
        out.append(
            Problem(
                WARNING,
                "max_choices",
                f"above the scheme's limit of {scheme_max_choices}",
                "cycle.max_choices_above_scheme",
            )
        )
    return out


def programme_problems(
    *, applicant_type: str, level: str, seats: int, requirements: dict, language: str
) -> list[Problem]:
    out: list[Problem] = []
    if applicant_type == "faculty" and level not in ("faculty-visit", "non-degree"):
        out.append(
            Problem(
                WARNING,
                "level",
                f"faculty programmes are usually faculty-visit or non-degree, not {level}",
                "programme.unusual_level",
            )
        )
    if applicant_type == "student" and level == "faculty-visit":
        out.append(
            Problem(
                ERROR,
                "level",
                "a faculty-visit programme must be for faculty applicants",
                "programme.level_for_faculty",
            )
        )
    if seats == 0:
        out.append(
            Problem(
                WARNING,
                "seats",
                "no seats: the programme is taken off offer (applicants no longer see it or choose it) and nobody is matched to it",
                "programme.no_seats",
            )
        )
    cert, need = requirements.get("language_certificate"), requirements.get("min_language_level")
    if cert and need is None:
        out.append(
            Problem(
                ERROR,
                "requirements.min_language_level",
                f"give the minimum {cert} level",
                "programme.language_level_missing",
            )
        )
    if need is not None and not cert:
        out.append(
            Problem(
                ERROR,
                "requirements.language_certificate",
                "a minimum level needs a certificate kind",
                "programme.certificate_missing",
            )
        )
    return out


def uniqueness_problem(entity_id: str, kind: str, used_by: str | None) -> Problem | None:
    """Catalog ids share one compacted topic keyed by id: two kinds may not share an id."""
    if used_by and used_by != kind:
        return Problem(ERROR, "id", f"id {entity_id!r} is already used by a {used_by}", "catalog.id_taken")
    return None


def cycle_change_warnings(
    before: CycleDraft,
    after: CycleDraft,
    scheme_countries: Iterable[str],
    submitted_by_country: Mapping[str, int],
    now: datetime,
) -> list[Problem]:
    """What a change to a cycle does to those already applying, said as it is saved (each is
    allowed: an admin may mean it): countries no longer taken while applications from them are
    submitted (their choices count as ineligible from the next round), and a window that the
    change closes at once, or closes until a later opening. All had been saved without a word."""
    out: list[Problem] = []
    scheme = list(scheme_countries)
    was, now_taken = (
        set(sending_countries(before.eligible_countries, scheme)),
        set(sending_countries(after.eligible_countries, scheme)),
    )
    dropped = {
        c: n
        for c, n in submitted_by_country.items()
        if n and (not was or c in was) and now_taken and c not in now_taken
    }
    if dropped:
        countries = sorted(dropped)
        n = sum(dropped.values())
        msg = (
            f"{n} submitted application(s) come from countries the cycle no longer takes ({', '.join(countries)}): "
            "their choices count as ineligible from the next round"
        )
        out.append(
            Problem(WARNING, "eligible_countries", msg, "cycle.countries_dropped", {"n": n, "countries": countries})
        )
    submitted = sum(submitted_by_country.values())
    was_open = before.opens_at <= now < before.closes_at
    if was_open and after.closes_at <= now:
        msg = "the window closes as this is saved: applicants can no longer submit or change their applications"
        out.append(Problem(WARNING, "closes_at", msg, "cycle.closed_by_change", {"n": submitted}))
    elif was_open and after.opens_at > now:
        msg = f"the window is closed until {after.opens_at.isoformat()}: applicants cannot submit or change until then"
        out.append(
            Problem(
                WARNING,
                "opens_at",
                msg,
                "cycle.opens_later",
                {"n": submitted, "opens_on": after.opens_at.date().isoformat()},
            )
        )
    return out
