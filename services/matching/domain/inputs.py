"""Turns the stored cycle (catalog, pool, earlier decisions) into the engine's inputs.

Pure: the caller loads plain values; this module decides who competes, with what score,
which choices are ineligible (and why), which matches stay fixed, and the SHA-256 digest
of the canonical inputs that is stored with the round.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np

from services.matching.domain import engine
from services.matching.domain.reasons import Coded
from services.matching.domain.scoring import ScoreCheck, priority_score, score_check
from shared.eligibility import (
    ApplicantFacts,
    Certificate,
    CycleFacts,
    ProgrammeFacts,
    coded_reasons,
    requirement_key,
)
from shared.events.catalog import EndorsementState, NominationState, Requirements
from shared.intake import same_intake

NOT_OFFERED = "ineligible: programme not offered in this cycle"
REJECTED = "rejected by officer"
HOST_REJECTED = "not admitted by the host institution"


class HostNote(str):
    """A host's note to the applicant on a match it did not admit, as a value of ``rejected``:
    the choice's reason says the host refused it (it had read as an officer's refusal)."""

    __slots__ = ()


DOCUMENT_REJECTED = "held: a required document was rejected"
PLACE_HELD = "held: a place of the same intake was accepted"


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
    scores: ScoreCheck = field(default_factory=lambda: ScoreCheck(0))  # what the priority was made of


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
    checker = ChoiceChecker(programmes, eligible_countries, today)
    return checker.ineligible(checker.applicant(facts), choices, rejected, held_kinds)


class ChoiceChecker:
    """``ineligibility`` for a whole pool against one catalog. The shared rules run once per
    distinct applicant (``applicant``: one per distinct facts) and requirement set
    (``requirement_key``: programmes that ask the same), not once per choice: a national
    pool has 2.7 million choices but a few tens of thousands of distinct (facts, requirements)
    pairs."""

    def __init__(self, programmes: Mapping[str, ProgrammeFacts], eligible_countries: tuple[str, ...], today: date):
        keys: dict[Hashable, int] = {}
        self.programmes = programmes
        self.requirement_set = _SetOf(
            {pid: keys.setdefault(requirement_key(p), len(keys)) for pid, p in programmes.items()}
        )
        # one programme per requirement set: any of them gets the same reasons
        sample = {s: programmes[pid] for pid, s in reversed(self.requirement_set.items())}
        self.samples = [sample[s] for s in range(len(keys))]
        # the round's programmes are its cycle's: each is checked within its own cycle
        self.cycles = [CycleFacts(p.cycle_id, None, eligible_countries) for p in self.samples]
        self.countries = eligible_countries
        self.today = today
        self.not_offered = Coded(NOT_OFFERED, "round.unknown_programme")
        self.applicants: list[CheckedApplicant] = []

    def applicant(self, facts: ApplicantFacts) -> CheckedApplicant:
        """A new applicant to check choices for (an applicant with the same facts can share it)."""
        country_ok = not self.countries or facts.nationality in self.countries
        applicant = CheckedApplicant(facts, country_ok, {}, len(self.applicants))
        self.applicants.append(applicant)
        return applicant

    def verdict(self, applicant: CheckedApplicant, requirement_set: int) -> Coded | None:
        """The first rule of the set the applicant fails (None: eligible), decided once."""
        verdict = applicant.verdicts.get(requirement_set, _UNDECIDED)
        if verdict is _UNDECIDED:
            programme, cycle = self.samples[requirement_set], self.cycles[requirement_set]
            reasons = coded_reasons(applicant.facts, cycle, programme, self.today)
            verdict = None
            if reasons:
                first = reasons[0]
                verdict = Coded(f"ineligible: {first.text}", first.code, first.params)
            applicant.verdicts[requirement_set] = verdict
        return verdict

    def refusing(self, applicants: Sequence[CheckedApplicant | None], choices: Sequence[Sequence[str]]) -> list[bool]:
        """Per applicant (None: not checked), whether the rules refuse any of its choices or
        one is not offered; array by array, the rules once per distinct (applicant, set)."""
        n, sets = len(applicants), len(self.samples)
        lengths = np.fromiter(map(len, choices), dtype=np.int64, count=n)
        total = int(lengths.sum())
        if not total:
            return [False] * n
        chosen = np.fromiter(
            map(self.requirement_set.__getitem__, chain.from_iterable(choices)), dtype=np.int64, count=total
        )
        index = np.fromiter((-1 if a is None else a.index for a in applicants), dtype=np.int64, count=n)
        owner = np.repeat(index, lengths)
        checked = (owner >= 0) & (chosen >= 0)
        pairs, at = np.unique(owner[checked] * sets + chosen[checked], return_inverse=True)
        by_index, verdict = self.applicants, self.verdict
        fails = [verdict(by_index[pair // sets], pair % sets) is not None for pair in pairs.tolist()]
        refused = (owner >= 0) & (chosen < 0)  # not offered
        refused[checked] = np.asarray(fails, dtype=bool)[at.reshape(-1)]
        counts = np.bincount(np.repeat(np.arange(n), lengths)[refused], minlength=n)
        return (counts > 0).tolist()

    def ineligible(
        self,
        applicant: CheckedApplicant,
        choices: Iterable[str],
        rejected: Mapping[str, str],
        held_kinds: Iterable[str] = (),
    ) -> dict[str, str]:
        """``ineligibility`` of these choices (``rejected`` and ``held_kinds`` are this application's)."""
        requirement_set, country_ok = self.requirement_set, applicant.country_ok
        held = sorted(set(held_kinds)) if country_ok else []
        if not country_ok:
            rejected = {}  # a nationality the cycle does not take outranks a rejection
        out: dict[str, str] = {}
        for pid in choices:
            s = requirement_set[pid]
            if s < 0:
                out[pid] = self.not_offered
                continue
            if rejected and pid in rejected:
                # Only what the officer wrote for the applicant: this reason is told to them.
                message = rejected[pid]
                said, code = (
                    (HOST_REJECTED, "round.host_rejected")
                    if isinstance(message, HostNote)
                    else (REJECTED, "round.rejected")
                )
                out[pid] = (
                    Coded(f"{said}: {message}", code, {"message": str(message)}) if message else Coded(said, code)
                )
                continue
            if held:
                blocking = [k for k in held if k in _required_kinds(self.programmes[pid])]
                if blocking:
                    kind = blocking[0]
                    out[pid] = Coded(f"{DOCUMENT_REJECTED}: {kind}", "round.document_rejected", {"kind": kind})
                    continue
            verdict = self.verdict(applicant, s)
            if verdict is not None:
                out[pid] = verdict
        return out


class _SetOf(dict[str, int]):
    """programme id -> its requirement set; -1 for a programme not offered."""

    def __missing__(self, key: str) -> int:
        return -1


@dataclass(frozen=True, slots=True)
class CheckedApplicant:
    facts: ApplicantFacts
    country_ok: bool  # the cycle takes its nationality
    verdicts: dict[int, Coded | None]  # requirement set -> the first rule failed (None: eligible)
    index: int  # in its checker's applicants


_UNDECIDED: Any = object()  # a requirement set not checked yet for an applicant


def _required_kinds(programme: ProgrammeFacts) -> set[str]:
    """The document kinds a programme requires (by kind, or by what the document must carry)."""
    req = programme.requirements
    return set(req.required_documents) | set(req.document_properties)


def places_held(starts: date, accepted: Iterable[tuple[str, str, date]]) -> dict[str, Coded]:
    """applicant id -> why none of their choices is offered to them: a place they accepted in
    another cycle that begins in the same intake as this one (``starts``; ``accepted``: the
    applicant, the place's programme title and when it begins). An applicant holds one
    accepted place per intake (``shared.intake``): a seat offered to them would stay empty."""
    held: dict[str, Coded] = {}
    for applicant_id, title, begins in sorted(accepted):
        if applicant_id not in held and same_intake(starts, begins):
            held[applicant_id] = Coded(f"{PLACE_HELD}: {title}", "round.place_held", {"programme": title})
    return held


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
    held: Mapping[str, Coded] | None = None,
    reviews: Mapping[str, int] | None = None,
    reviews_asked: int | None = None,
) -> RoundInputs:
    """``fixed``: application id -> programme id (approved/accepted); ``rejected``:
    application id -> {programme id: officer's message to the applicant}, never proposed
    again; ``eligible_countries``: the cycle's sending countries, or its scheme's when the
    cycle has none (``domain/catalog.py sending_countries``); ``held``: application id -> why
    it competes for none of its choices (``places_held``: a place of the same intake accepted
    in another cycle); ``reviews``: application id -> its submitted reviews, and
    ``reviews_asked`` the scoresheet's number (None: no scoresheet)."""
    held = held or {}
    progs = sorted(programmes, key=lambda p: p.id)
    facts = {
        p.id: ProgrammeFacts(
            p.id, p.cycle_id, p.applicant_type, Requirements.model_validate(p.requirements or {}), p.host_country
        )
        for p in progs
    }
    countries = tuple(sorted(set(eligible_countries)))
    checker = ChoiceChecker(facts, countries, today)
    rows = sorted(pool, key=attrgetter("application_id"))
    # Applicants with the same facts share their checks. The pool knows no birth dates or
    # documents (those rules were checked at submit): its facts are its type, country, grade and
    # certificates, keyed by their repr (exact: -0.0 is not 0.0 there, as in a reason's words).
    # A fixed applicant does not compete: not checked.
    same_facts: dict[str, CheckedApplicant] = {}
    checked: list[CheckedApplicant | None] = []
    for row in rows:
        if row.application_id in fixed:
            checked.append(None)
            continue
        key = repr((row.applicant_type, row.sending_country, row.grade, row.certificates))
        applicant = same_facts.get(key)
        if applicant is None:
            certificates = Certificate.many(row.certificates)
            app_facts = ApplicantFacts(row.applicant_type, row.sending_country, row.grade, certificates)
            applicant = same_facts[key] = checker.applicant(app_facts)
        checked.append(applicant)
    refusing = checker.refusing(checked, [row.choices for row in rows])
    scored = _score_check(rows, fixed, score_weights, reviews or {}, reviews_asked)
    components = scored.components
    # Equal marks give equal priority scores (distinct marks are often far fewer than applicants).
    scores: dict[tuple[float | None, float | None, float | None], float] = {}
    applicants: list[engine.Applicant] = []
    for row, applicant, refused in zip(rows, checked, refusing, strict=True):
        aid = row.application_id
        inel: dict[str, str] = {}
        if applicant is not None and aid in held:
            inel = dict.fromkeys(row.choices, held[aid])
        elif applicant is not None and (refused or rejected.get(aid) or row.held_kinds):
            inel = checker.ineligible(applicant, row.choices, rejected.get(aid) or {}, row.held_kinds)
        marks = (row.grade, row.interview_score, row.committee_score)
        score = scores.get(marks)
        if score is None:
            score = scores[marks] = priority_score(*marks, score_weights, components)
        applicants.append(
            engine.Applicant(
                id=aid,
                choices=tuple(row.choices),
                score=score,
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
        # the applicants' own dicts and tuples: ``digest_of`` sorts the keys and writes a tuple as a list
        "applicants": [
            {"id": a.id, "choices": a.choices, "score": a.score, "attrs": a.attrs, "ineligible": a.ineligible}
            for a in applicants
        ],
        "fixed": fixed_in,
    }
    return RoundInputs(applicants, eng_progs, cap_list, fixed_in, digest_of(canonical), canonical, scored)


def _score_check(
    rows: Sequence[PoolRow],
    fixed: Mapping[str, str],
    weights: Mapping[str, float],
    reviews: Mapping[str, int],
    asked: int | None,
) -> ScoreCheck:
    """``scoring.score_check`` over the applications the round ranks: all but those whose match
    keeps its seat (their priority decides nothing)."""
    ranked = [row for row in rows if row.application_id not in fixed]
    having = {
        "interview": sum(row.interview_score is not None for row in ranked),
        "committee": sum(row.committee_score is not None for row in ranked),
    }
    short = sum(reviews.get(row.application_id, 0) < asked for row in ranked) if asked else 0
    return score_check(len(ranked), having, weights, reviews_asked=asked, short_of_reviews=short)


def digest_of(canonical: Mapping[str, Any]) -> str:
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


# Why a round left a submitted application of the pool out (``left_out_reason``), in the
# order a reader is told them: the stage that decided first comes first.
LEFT_OUT_REASONS = (
    "awaiting_endorsement",  # the home institution has not decided yet
    "not_endorsed",  # the home institution did not put it forward
    "list_not_published",  # its country's nomination list is not published
    "not_on_list",  # the published list has no decision for it (submitted after it)
    "not_nominated",
    "reserve",  # on the reserve list: considered once moved up
    "withdrawn",  # a nominee withdrawn (or whom a host did not admit)
)


def left_out_reason(
    *,
    endorses: bool,
    nominates: bool,
    holds_place: bool,
    endorsement: str | None,
    nomination: str | None,
    list_published: bool,
) -> str | None:
    """Why a round leaves a submitted application out (one of ``LEFT_OUT_REASONS``), or None
    when it considers it: under a nomination stage it takes the nominees only, under an
    endorsement stage alone the endorsed only; an application whose match holds a seat is
    always considered (kept)."""
    if holds_place:
        return None
    if nominates and list_published and nomination == NominationState.NOMINATED:
        return None
    if endorses and endorsement != EndorsementState.ENDORSED:
        return "awaiting_endorsement" if endorsement is None else "not_endorsed"
    if not nominates:
        return None
    if not list_published:
        return "list_not_published"
    if nomination in ("not_nominated", "reserve", "withdrawn"):
        return nomination
    return "not_on_list"


def pool_json(considered: int, left_out: Mapping[tuple[str, str], int]) -> dict:
    """What the round's statistics say of the cycle's pool: the submitted applications, the
    ones the round considered and, per reason, the ones it left out (they add up); and the
    same per reason by sending country (``left_out``: (reason, country) -> count), so that an
    officer reads whose list is a draft, not only how many wait on one."""
    reasons: Counter[str] = Counter()
    by_country: dict[str, dict[str, int]] = {}
    for (reason, country), n in sorted(left_out.items()):
        if n:
            reasons[reason] += n
            by_country.setdefault(reason, {})[country] = n
    ordered = [r for r in LEFT_OUT_REASONS if reasons[r]]
    return {
        "submitted": considered + sum(reasons.values()),
        "considered": considered,
        "left_out": {r: reasons[r] for r in ordered},
        "left_out_by_country": {r: by_country[r] for r in ordered},
    }


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
