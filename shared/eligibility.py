"""Who may apply to a programme: the one set of eligibility rules. Pure.

The applications service checks every rule when an application is submitted (an
ineligible choice refuses the submit, with a reason per choice) and previews them; the
matching service checks them again before a round, from what the pool knows (no birth
dates, no documents: those facts are ``None`` there and their rules were checked at
submit). Both word a reason the same way, from here, and give it a stable code with its
parameters (``Reason``) so that a reader can word it in its own language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.events.catalog import Requirements

# The top of each certificate's scale where it is one number everywhere: a level above it is
# a slip (IELTS "65" for 6.5). TOEFL (iBT to 120, ITP to 677) and KAZTEST have more than one.
# The language certificates programmes may ask for, and applicants hold (another kind could
# never meet a requirement: "ZZZ 5" was stored and counted for nothing).
CERTIFICATE_KINDS = ("HSK", "IELTS", "TOEFL", "KAZTEST", "TORFL", "TOPIK")
CERTIFICATE_TOPS: dict[str, float] = {"IELTS": 9.0, "HSK": 9.0, "TOPIK": 6.0, "TORFL": 4.0}
# The steps those scales go in: HSK, TOPIK and TORFL have whole levels, IELTS half bands ("HSK 4.5"
# met a minimum of 4 with a level that does not exist).
CERTIFICATE_STEPS: dict[str, float] = {"IELTS": 0.5, "HSK": 1.0, "TOPIK": 1.0, "TORFL": 1.0}


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
    # Per document kind, what its current (not rejected) versions carry: "attested",
    # "attested:hec", "translated:zh", "nostrified" (issue 15). None: not known here.
    document_properties: Mapping[str, frozenset[str]] | None = None
    # The positions of the referees whose letters were submitted (issue 15).
    letter_positions: tuple[str, ...] | None = None
    # Kinds whose newest version an officer or coordinator rejected (none usable meanwhile):
    # said as rejected, to upload again, rather than as missing.
    rejected_kinds: frozenset[str] = frozenset()


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
    host_country: str | None = None  # read only for a programme abroad_only (None: not known here)


@dataclass(frozen=True)
class Reason:
    """One rule an applicant fails: a stable ``code`` ("eligibility.grade_below"), its
    ``params`` (numbers, codes, ISO dates) for a reader to word it in any language, and
    ``text``, the English sentence (what the services wrote before codes existed)."""

    code: str
    params: Mapping[str, Any]
    text: str

    def __str__(self) -> str:
        return self.text

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params), "text": self.text}


@dataclass(frozen=True)
class ChoiceEligibility:
    rank: int  # 1 = first choice
    programme_id: str
    eligible: bool
    reasons: tuple[str, ...]
    details: tuple[Reason, ...] = ()  # the same reasons, by code


NOT_IN_CATALOG = "programme is no longer in the catalog"


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# The ages a date of birth may give an applicant today: a trainee of a vocational workshop is
# 14 or older, a visiting professor younger than 100 (a year mistyped as 1900 made one 126).
YOUNGEST_APPLICANT, OLDEST_APPLICANT = 10, 100


def birth_date_problem(born: date, today: date) -> str | None:
    """Why a date of birth cannot be an applicant's, or None."""
    if born >= today:
        return "must be in the past"
    if age_on(born, today) > OLDEST_APPLICANT:
        return f"must give an age of at most {OLDEST_APPLICANT} years"
    if age_on(born, today) < YOUNGEST_APPLICANT:
        return f"must give an age of at least {YOUNGEST_APPLICANT} years"
    return None


def _fmt(level: float) -> str:
    return f"{level:g}"


def _num(value: float) -> int | float:
    """A number for ``params``: whole numbers as int (4, not 4.0)."""
    return int(value) if float(value).is_integer() else float(value)


def not_in_catalog() -> Reason:
    return Reason("eligibility.not_in_catalog", {}, NOT_IN_CATALOG)


def requirement_key(programme: ProgrammeFacts) -> tuple[str, str, str, str | None]:
    """All that ``coded_reasons`` reads of a programme (not its id): two programmes with the
    same key get the same reasons for any applicant (a round checks each key once per applicant)."""
    req = programme.requirements
    host = programme.host_country if req.abroad_only else None
    return programme.cycle_id, programme.applicant_type, req.model_dump_json(), host


def coded_reasons(facts: ApplicantFacts, cycle: CycleFacts, programme: ProgrammeFacts, today: date) -> list[Reason]:
    """Every rule the applicant fails for this programme, by code (empty: eligible). Reads of
    ``programme`` only what ``requirement_key`` keys."""
    reasons: list[Reason] = []
    req = programme.requirements
    if programme.cycle_id != cycle.cycle_id:
        reasons.append(
            Reason(
                "eligibility.other_cycle",
                {"programme_cycle": programme.cycle_id, "cycle": cycle.cycle_id},
                f"programme belongs to cycle {programme.cycle_id}, not {cycle.cycle_id}",
            )
        )
    if cycle.eligible_countries and facts.nationality not in cycle.eligible_countries:
        reasons.append(
            Reason(
                "eligibility.nationality",
                {"nationality": facts.nationality, "eligible": list(cycle.eligible_countries)},
                f"nationality {facts.nationality} is not eligible in this cycle "
                f"(eligible: {', '.join(cycle.eligible_countries)})",
            )
        )
    if req.abroad_only and programme.host_country and facts.nationality == programme.host_country:
        reasons.append(
            Reason(
                "eligibility.host_country",
                {"nationality": facts.nationality},
                f"programme is for applicants from abroad: it is hosted in {facts.nationality}, "
                f"the applicant's own country",
            )
        )
    if programme.applicant_type != facts.applicant_type:
        reasons.append(
            Reason(
                "eligibility.applicant_type",
                {"required": programme.applicant_type, "actual": facts.applicant_type},
                f"programme is for {programme.applicant_type} applicants, not {facts.applicant_type}",
            )
        )
    if req.min_grade is not None:
        if facts.grade is None:
            reasons.append(
                Reason(
                    "eligibility.no_grade",
                    {"min_grade": _num(req.min_grade)},
                    f"no grade given; minimum normalised grade is {_fmt(req.min_grade)}",
                )
            )
        elif facts.grade < req.min_grade:
            reasons.append(
                Reason(
                    "eligibility.grade_below",
                    {"grade": _num(facts.grade), "min_grade": _num(req.min_grade)},
                    f"grade {_fmt(facts.grade)} below required {_fmt(req.min_grade)}",
                )
            )
    if req.language_certificate:
        wanted = req.language_certificate.strip().upper()
        held = [c for c in facts.certificates if c.kind.strip().upper() == wanted]
        if not held:
            if req.min_language_level is not None:
                reasons.append(
                    Reason(
                        "eligibility.certificate_missing",
                        {"certificate": wanted, "min_level": _num(req.min_language_level)},
                        f"{wanted} level {_fmt(req.min_language_level)} certificate required; none given",
                    )
                )
            else:
                reasons.append(
                    Reason(
                        "eligibility.certificate_missing",
                        {"certificate": wanted},
                        f"{wanted} certificate required; none given",
                    )
                )
        elif req.min_language_level is not None:
            best = max(c.level for c in held)
            if best < req.min_language_level:
                reasons.append(
                    Reason(
                        "eligibility.certificate_below",
                        {"certificate": wanted, "level": _num(best), "min_level": _num(req.min_language_level)},
                        f"{wanted} {_fmt(best)} below required {_fmt(req.min_language_level)}",
                    )
                )
    if req.max_age is not None and facts.date_of_birth is not None:
        on = cycle.starts_on or today
        age = age_on(facts.date_of_birth, on)
        if age > req.max_age:
            reasons.append(
                Reason(
                    "eligibility.too_old",
                    {"age": age, "on": on.isoformat(), "max_age": req.max_age},
                    f"age {age} on {on.isoformat()} is above the limit of {req.max_age}",
                )
            )
    if facts.document_kinds is not None:
        for kind in req.required_documents:
            if kind in facts.document_kinds:
                continue
            if kind in facts.rejected_kinds:
                reasons.append(
                    Reason(
                        "eligibility.document_rejected",
                        {"kind": kind},
                        f"required document rejected: {kind}; a new version is to be uploaded",
                    )
                )
            else:
                reasons.append(
                    Reason("eligibility.document_missing", {"kind": kind}, f"required document missing: {kind}")
                )
    if facts.document_properties is not None:
        for kind, needed in req.document_properties.items():
            if facts.document_kinds is not None and kind in req.required_documents and kind not in facts.document_kinds:
                continue  # the document itself is missing or rejected: said above
            carried = facts.document_properties.get(kind, frozenset())
            for wanted in needed:
                if wanted not in carried:
                    reasons.append(_property_missing(kind, wanted))
    if facts.letter_positions is not None and req.letters is not None and req.letters.count > 0:
        reasons.extend(_letter_reasons(facts.letter_positions, req.letters.count, tuple(req.letters.positions)))
    return reasons


def _letter_reasons(held: tuple[str, ...], count: int, positions: tuple[str, ...]) -> list[Reason]:
    """Recommendation letters: ``count`` submitted by referees in ``positions`` (empty: any)."""
    received = sum(1 for p in held if not positions or p in positions)
    if received >= count:
        return []
    whom = f" from {' or '.join(positions)}" if positions else ""
    return [
        Reason(
            "eligibility.letters_missing",
            {"received": received, "required": count, "positions": list(positions)},
            f"recommendation letters received: {received} of {count}{whom}",
        )
    ]


def _property_missing(kind: str, wanted: str) -> Reason:
    """A document that lacks what the programme asks of it: an attestation (by anyone or by
    whom), a certified translation (into which language), nostrification."""
    what, _sep, detail = wanted.partition(":")
    if what == "attested" and detail:
        text = (
            f"{kind} must be attested by {detail.upper()}"
            if detail in ("hec", "ibcc")
            else f"{kind} needs {detail} attestation"
        )
        return Reason("eligibility.document_not_attested", {"kind": kind, "by": detail}, text)
    if what == "attested":
        return Reason("eligibility.document_not_attested", {"kind": kind}, f"{kind} must be attested")
    if what == "translated":
        return Reason(
            "eligibility.document_not_translated",
            {"kind": kind, "language": detail},
            f"{kind} needs a certified translation into {detail}",
        )
    return Reason("eligibility.document_not_nostrified", {"kind": kind}, f"{kind} must be nostrified")


def programme_reasons(facts: ApplicantFacts, cycle: CycleFacts, programme: ProgrammeFacts, today: date) -> list[str]:
    """Every rule the applicant fails for this programme, in words (empty: eligible)."""
    return [r.text for r in coded_reasons(facts, cycle, programme, today)]


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
        details = [not_in_catalog()] if programme is None else coded_reasons(facts, cycle, programme, today)
        out.append(ChoiceEligibility(rank, pid, not details, tuple(r.text for r in details), tuple(details)))
    return out
