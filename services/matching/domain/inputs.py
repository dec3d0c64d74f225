"""Turns the stored cycle (catalog, pool, earlier decisions) into the engine's inputs.

Pure: the caller loads plain values; this module decides who competes, with what score,
which choices are ineligible (and why), which matches stay fixed, and the SHA-256 digest
of the canonical inputs that is stored with the round.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.matching.domain import engine
from services.matching.domain.reasons import Coded
from services.matching.domain.scoring import priority_score
from shared.eligibility import ApplicantFacts, Certificate, CycleFacts, ProgrammeFacts, coded_reasons
from shared.events.catalog import Requirements

NOT_OFFERED = "ineligible: programme not offered in this cycle"
REJECTED = "rejected by officer"
DOCUMENT_REJECTED = "held: a required document was rejected"


@dataclass(frozen=True)
class ProgrammeRow:
    id: str
    seats: int
    scheme_id: str
    cycle_id: str
    host_institution_id: str
    host_country: str
    field: str
    level: str
    applicant_type: str
    requirements: Mapping[str, Any]


@dataclass(frozen=True)
class PoolRow:
    application_id: str
    sending_country: str
    applicant_type: str
    choices: tuple[str, ...]
    grade: float | None
    interview_score: float | None
    committee_score: float | None
    certificates: tuple[Mapping[str, Any], ...] = ()
    # kinds of its documents an officer rejected and nobody replaced yet (issue 15)
    held_kinds: tuple[str, ...] = ()


@dataclass
class RoundInputs:
    applicants: list[engine.Applicant]
    programmes: list[engine.Programme]
    caps: list[engine.Cap]
    fixed: dict[str, str]
    digest: str
    canonical: dict[str, Any] = field(repr=False, default_factory=dict)


def engine_programme(p: ProgrammeRow) -> engine.Programme:
    return engine.Programme(
        id=p.id,
        seats=p.seats,
        attrs={
            "host_institution": p.host_institution_id,
            "host_country": p.host_country,
            "field": p.field,
            "level": p.level,
            "applicant_type": p.applicant_type,
            "scheme": p.scheme_id,
            "cycle": p.cycle_id,
        },
    )


def ineligibility(
    facts: ApplicantFacts,
    eligible_countries: tuple[str, ...],
    choices: Iterable[str],
    programmes: Mapping[str, ProgrammeFacts],
    rejected: Mapping[str, str],
    today: date,
    held_kinds: Iterable[str] = (),
) -> dict[str, str]:
    """programme id -> reason, for each choice the application may not get: the first rule
    it fails (shared.eligibility, from what the pool knows: no birth date, no documents),
    or an officer's rejection of the same pair (``rejected``: programme id -> the officer's
    message to the applicant, "" for none; never the internal reason). A nationality the cycle does not take
    outranks a rejection, as it always has. A choice whose programme requires a document
    kind in ``held_kinds`` (rejected, not yet replaced) is held until the document is fixed."""
    held = sorted(set(held_kinds))
    country_ok = not eligible_countries or facts.nationality in eligible_countries
    out: dict[str, str] = {}
    for pid in choices:
        programme = programmes.get(pid)
        if programme is None:
            out[pid] = Coded(NOT_OFFERED, "round.unknown_programme")
            continue
        if country_ok and pid in rejected:
            # Only what the officer wrote for the applicant: this reason is told to them.
            message = rejected[pid]
            out[pid] = (
                Coded(f"{REJECTED}: {message}", "round.rejected", {"message": message})
                if message
                else Coded(REJECTED, "round.rejected")
            )
            continue
        blocking = [k for k in held if k in _required_kinds(programme)] if country_ok else []
        if blocking:
            out[pid] = Coded(f"{DOCUMENT_REJECTED}: {blocking[0]}", "round.document_rejected", {"kind": blocking[0]})
            continue
        # The round's programmes are its cycle's: each is checked within its own cycle.
        cycle = CycleFacts(programme.cycle_id, None, eligible_countries)
        reasons = coded_reasons(facts, cycle, programme, today)
        if reasons:
            out[pid] = Coded(f"ineligible: {reasons[0].text}", reasons[0].code, reasons[0].params)
    return out


def _required_kinds(programme: ProgrammeFacts) -> set[str]:
    """The document kinds a programme requires (by kind, or by what the document must carry)."""
    req = programme.requirements
    return set(req.required_documents) | set(req.document_properties)


def build_inputs(
    *,
    programmes: Iterable[ProgrammeRow],
    make_caps: Callable[[list[engine.Programme], list[engine.Applicant]], Iterable[engine.Cap]],
    pool: Iterable[PoolRow],
    eligible_countries: Iterable[str],
    score_weights: Mapping[str, float],
    fixed: Mapping[str, str],
    rejected: Mapping[str, Mapping[str, str]],
    today: date,
) -> RoundInputs:
    """``fixed``: application id -> programme id (approved/accepted); ``rejected``:
    application id -> {programme id: officer's message to the applicant}, never proposed
    again; ``eligible_countries``: the cycle's sending countries, or its scheme's when the
    cycle has none (``domain/catalog.py sending_countries``)."""
    progs = sorted(programmes, key=lambda p: p.id)
    facts = {
        p.id: ProgrammeFacts(p.id, p.cycle_id, p.applicant_type, Requirements.model_validate(p.requirements or {}))
        for p in progs
    }
    countries = tuple(sorted(set(eligible_countries)))
    applicants: list[engine.Applicant] = []
    for row in sorted(pool, key=lambda r: r.application_id):
        # The pool knows no birth dates or documents: those rules were checked at submit.
        app_facts = ApplicantFacts(
            row.applicant_type, row.sending_country, row.grade, Certificate.many(row.certificates), None, None
        )
        inel = ineligibility(
            app_facts,
            countries,
            row.choices,
            facts,
            rejected.get(row.application_id) or {},
            today,
            held_kinds=row.held_kinds,
        )
        if row.application_id in fixed:
            inel = {}  # a fixed applicant does not compete
        applicants.append(
            engine.Applicant(
                id=row.application_id,
                choices=tuple(row.choices),
                score=priority_score(row.grade, row.interview_score, row.committee_score, score_weights),
                attrs={"sending_country": row.sending_country, "applicant_type": row.applicant_type},
                ineligible=inel,
            )
        )
    known = {a.id for a in applicants}
    fixed_in = {a: p for a, p in sorted(fixed.items()) if a in known and p in facts}
    eng_progs = [engine_programme(p) for p in progs]
    cap_list = sorted(make_caps(eng_progs, applicants), key=lambda c: c.id)
    canonical = {
        "programmes": [{"id": p.id, "seats": p.seats, "attrs": dict(sorted(p.attrs.items()))} for p in eng_progs],
        "caps": [
            {
                "id": c.id,
                "limit": c.limit,
                "label": c.label,
                "scope": {k: sorted(v) for k, v in sorted(c.scope.items())},
            }
            for c in cap_list
        ],
        "applicants": [
            {
                "id": a.id,
                "choices": list(a.choices),
                "score": a.score,
                "attrs": dict(sorted(a.attrs.items())),
                "ineligible": dict(sorted(a.ineligible.items())),
            }
            for a in applicants
        ],
        "fixed": fixed_in,
    }
    return RoundInputs(applicants, eng_progs, cap_list, fixed_in, digest_of(canonical), canonical)


def digest_of(canonical: Mapping[str, Any]) -> str:
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


def statistics_json(result: engine.MatchingResult, cap_rules: Mapping[str, str], cap_labels: Mapping[str, str]) -> dict:
    """The round's statistics as stored: fill per programme, per quota rule (each of its
    caps) and per sending country."""
    st = result.statistics
    rules: dict[str, dict] = {}
    for cap_id, fill in st.caps.items():
        rule_id = cap_rules.get(cap_id, cap_id)
        entry = rules.setdefault(rule_id, {"used": 0, "limit": 0, "caps": []})
        entry["caps"].append(
            {"cap_id": cap_id, "label": cap_labels.get(cap_id, cap_id), "used": fill.used, "limit": fill.limit}
        )
        entry["used"] += fill.used
        entry["limit"] += fill.limit
    return {
        "programmes": {pid: {"filled": f.used, "seats": f.limit} for pid, f in st.programmes.items()},
        "quota_rules": rules,
        "countries": {
            c: {
                "applicants": s.applicants,
                "matched": s.matched,
                "fixed": s.fixed,
                "waitlisted": s.waitlisted,
                "unmatched": s.unmatched,
            }
            for c, s in st.countries.items()
        },
        "totals": {
            "applicants": st.applicants,
            "matched": st.matched,
            "fixed": st.fixed,
            "waitlisted": st.waitlisted,
            "unmatched": st.unmatched,
        },
        "warnings": list(result.warnings),
    }
