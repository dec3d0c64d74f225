"""Whether an application may be placed at a programme, and if not, why (in words).

Checked before a round from what the pool knows: the cycle's eligible sending countries,
the programme's applicant type, minimum grade and language certificate, and officer
rejections of the same pair. Age limits and required documents are checked by the
applications service when the application is submitted (the pool carries no birth dates
or documents), so they are not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProgrammeFacts:
    id: str
    applicant_type: str
    requirements: Mapping[str, Any]


@dataclass(frozen=True)
class ApplicationFacts:
    sending_country: str
    applicant_type: str
    grade: float | None
    certificates: Iterable[Mapping[str, Any]]  # [{"kind": "HSK", "level": 4}]


def _fmt(x: float) -> str:
    return f"{x:g}"


def ineligibility(
    app: ApplicationFacts,
    choices: Iterable[str],
    programmes: Mapping[str, ProgrammeFacts],
    eligible_countries: Iterable[str],
    rejected: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """programme id -> reason, for each of the choices the application may not get."""
    eligible = set(eligible_countries)
    rejected = rejected or {}
    out: dict[str, str] = {}
    for pid in choices:
        prog = programmes.get(pid)
        if prog is None:
            out[pid] = "ineligible: programme not offered in this cycle"
            continue
        if eligible and app.sending_country not in eligible:
            out[pid] = f"ineligible: sending country {app.sending_country} not eligible for this cycle"
            continue
        if pid in rejected:
            out[pid] = f"rejected by officer: {rejected[pid]}"
            continue
        if prog.applicant_type != app.applicant_type:
            out[pid] = f"ineligible: programme is for {prog.applicant_type} applicants, not {app.applicant_type}"
            continue
        req = prog.requirements or {}
        min_grade = req.get("min_grade")
        if min_grade is not None:
            if app.grade is None:
                out[pid] = f"ineligible: no grade given, {_fmt(min_grade)} required"
                continue
            if app.grade < min_grade:
                out[pid] = f"ineligible: grade {_fmt(app.grade)} below required {_fmt(min_grade)}"
                continue
        kind = req.get("language_certificate")
        if kind:
            need = req.get("min_language_level")
            levels = [
                float(c.get("level", 0)) for c in app.certificates if str(c.get("kind", "")).upper() == kind.upper()
            ]
            if not levels:
                out[pid] = f"ineligible: {kind} certificate required" + (
                    f" (level {_fmt(need)})" if need is not None else ""
                )
                continue
            if need is not None and max(levels) < need:
                out[pid] = f"ineligible: {kind} {_fmt(max(levels))} below required {_fmt(need)}"
                continue
    return out
