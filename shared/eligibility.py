"""Who may apply to a programme: the one set of eligibility rules. Pure.

The applications service checks every rule when an application is submitted (an
ineligible choice refuses the submit, with a reason per choice) and previews them; the
matching service checks them again before a round, from what the pool knows (no birth
dates, no documents: those facts are ``None`` there and their rules were checked at
submit). Both word a reason the same way, from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.events.catalog import Requirements


@dataclass(frozen=True)
class Certificate:
    kind: str  # HSK, IELTS, TOEFL, ...
    level: float

    @classmethod
    def many(cls, raw: Iterable[Mapping[str, Any] | Certificate]) -> tuple[Certificate, ...]:
        """Certificates as stored or carried in events ([{"kind": "HSK", "level": 4}])."""
        return tuple(
            c if isinstance(c, Certificate) else cls(str(c.get("kind", "")), float(c.get("level") or 0)) for c in raw
        )


@dataclass(frozen=True)
class ApplicantFacts:
    """What is known of the applicant. ``None``: not known here, that rule is not checked."""

    applicant_type: str
    nationality: str  # the sending country
    grade: float | None
    certificates: tuple[Certificate, ...] = ()
    date_of_birth: date | None = None
    document_kinds: frozenset[str] | None = None


@dataclass(frozen=True)
class CycleFacts:
    cycle_id: str
    starts_on: date | None = None
    eligible_countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgrammeFacts:
    programme_id: str
    cycle_id: str
    applicant_type: str
    requirements: Requirements = field(default_factory=Requirements)


@dataclass(frozen=True)
class ChoiceEligibility:
    rank: int  # 1 = first choice
    programme_id: str
    eligible: bool
    reasons: tuple[str, ...]


NOT_IN_CATALOG = "programme is no longer in the catalog"


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _fmt(level: float) -> str:
    return f"{level:g}"


def programme_reasons(facts: ApplicantFacts, cycle: CycleFacts, programme: ProgrammeFacts, today: date) -> list[str]:
    """Every rule the applicant fails for this programme, in words (empty: eligible)."""
    reasons: list[str] = []
    req = programme.requirements
    if programme.cycle_id != cycle.cycle_id:
        reasons.append(f"programme belongs to cycle {programme.cycle_id}, not {cycle.cycle_id}")
    if cycle.eligible_countries and facts.nationality not in cycle.eligible_countries:
        reasons.append(
            f"nationality {facts.nationality} is not eligible in this cycle "
            f"(eligible: {', '.join(cycle.eligible_countries)})"
        )
    if programme.applicant_type != facts.applicant_type:
        reasons.append(f"programme is for {programme.applicant_type} applicants, not {facts.applicant_type}")
    if req.min_grade is not None:
        if facts.grade is None:
            reasons.append(f"no grade given; minimum normalised grade is {_fmt(req.min_grade)}")
        elif facts.grade < req.min_grade:
            reasons.append(f"grade {_fmt(facts.grade)} below required {_fmt(req.min_grade)}")
    if req.language_certificate:
        wanted = req.language_certificate.strip().upper()
        held = [c for c in facts.certificates if c.kind.strip().upper() == wanted]
        if not held:
            need = f" level {_fmt(req.min_language_level)}" if req.min_language_level is not None else ""
            reasons.append(f"{wanted}{need} certificate required; none given")
        elif req.min_language_level is not None:
            best = max(c.level for c in held)
            if best < req.min_language_level:
                reasons.append(f"{wanted} {_fmt(best)} below required {_fmt(req.min_language_level)}")
    if req.max_age is not None and facts.date_of_birth is not None:
        on = cycle.starts_on or today
        age = age_on(facts.date_of_birth, on)
        if age > req.max_age:
            reasons.append(f"age {age} on {on.isoformat()} is above the limit of {req.max_age}")
    if facts.document_kinds is not None:
        for kind in req.required_documents:
            if kind not in facts.document_kinds:
                reasons.append(f"required document missing: {kind}")
    return reasons


def check_choices(
    facts: ApplicantFacts,
    cycle: CycleFacts,
    choices: Iterable[str],
    programmes: Mapping[str, ProgrammeFacts],
    today: date,
) -> list[ChoiceEligibility]:
    """One verdict per choice, in rank order."""
    out = []
    for rank, pid in enumerate(choices, start=1):
        programme = programmes.get(pid)
        reasons = [NOT_IN_CATALOG] if programme is None else programme_reasons(facts, cycle, programme, today)
        out.append(ChoiceEligibility(rank, pid, not reasons, tuple(reasons)))
    return out
