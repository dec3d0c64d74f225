"""A round's ineligible choices decided once per distinct (applicant facts, requirement set)
(``ChoiceChecker``, ``build_inputs``): the same reasons, words, codes and parameters as the
shared rules give choice by choice."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from services.matching.domain.inputs import (
    DOCUMENT_REJECTED,
    HOST_REJECTED,
    NOT_OFFERED,
    REJECTED,
    HostNote,
    PoolRow,
    ProgrammeRow,
    build_inputs,
)
from services.matching.domain.reasons import code_of
from services.matching.domain.scoring import priority_score
from shared.eligibility import ApplicantFacts, Certificate, CycleFacts, ProgrammeFacts, coded_reasons, requirement_key
from shared.events.catalog import Requirements

TODAY = date(2026, 11, 30)
COUNTRIES = ("KZ", "PK")
REQUIREMENTS = (
    {},
    {"min_grade": 70},
    {"min_grade": 0.5},
    {"language_certificate": "HSK", "min_language_level": 4},
    {"language_certificate": "ielts"},
    {"required_documents": ["transcript"]},
    {"document_properties": {"diploma": ["attested"]}},
)


def choice_by_choice(row: PoolRow, programmes: dict[str, ProgrammeFacts], rejected: dict[str, str]) -> dict:
    """What a round decided of each choice before: the shared rules run for every choice."""
    facts = ApplicantFacts(row.applicant_type, row.sending_country, row.grade, Certificate.many(row.certificates))
    country_ok = row.sending_country in COUNTRIES
    out: dict[str, tuple] = {}
    for pid in row.choices:
        p = programmes.get(pid)
        if p is None:
            out[pid] = (NOT_OFFERED, "round.unknown_programme", {})
        elif country_ok and pid in rejected:
            message = rejected[pid]
            said, code = (
                (HOST_REJECTED, "round.host_rejected")
                if isinstance(message, HostNote)
                else (REJECTED, "round.rejected")
            )
            out[pid] = (f"{said}: {message}" if message else said, code, {"message": message} if message else {})
        elif country_ok and (kinds := sorted(set(row.held_kinds) & _kinds(p))):
            out[pid] = (f"{DOCUMENT_REJECTED}: {kinds[0]}", "round.document_rejected", {"kind": kinds[0]})
        elif reasons := coded_reasons(facts, CycleFacts(p.cycle_id, None, COUNTRIES), p, TODAY):
            out[pid] = (f"ineligible: {reasons[0].text}", reasons[0].code, dict(reasons[0].params))
    return out


def _kinds(p: ProgrammeFacts) -> set[str]:
    return set(p.requirements.required_documents) | set(p.requirements.document_properties)


def _inputs(programmes: list[ProgrammeRow], pool: list[PoolRow], fixed=None, rejected=None):
    return build_inputs(
        programmes=programmes,
        make_caps=lambda _p, _a: [],
        pool=pool,
        eligible_countries=COUNTRIES,
        score_weights={},
        fixed=fixed or {},
        rejected=rejected or {},
        today=TODAY,
    )


def _programme(pid: str, requirements: dict, applicant_type: str = "student") -> ProgrammeRow:
    return ProgrammeRow(pid, 2, "s", "c1", "h", "CN", "f", "master", applicant_type, requirements)


def _decided(inputs) -> dict[str, dict[str, tuple]]:
    return {
        a.id: {pid: (str(why), *code_of("ineligible", why)) for pid, why in a.ineligible.items()}
        for a in inputs.applicants
    }


programmes_st = st.lists(
    st.tuples(st.sampled_from(range(len(REQUIREMENTS))), st.sampled_from(["student", "researcher"])),
    min_size=1,
    max_size=8,
)
applicant_st = st.tuples(
    st.sampled_from(["student", "researcher"]),
    st.sampled_from(["KZ", "PK", "RU"]),
    st.sampled_from([None, 0.0, -0.0, 0.5, 69.9, 70, 70.0, 85.0]),
    st.lists(
        st.fixed_dictionaries(
            {"kind": st.sampled_from(["HSK", "hsk ", "IELTS"]), "level": st.sampled_from([3, 4, 4.0])}
        ),
        max_size=2,
    ),
    st.lists(st.integers(0, 9), max_size=5),  # choices: indexes of programmes, 8 and 9 not offered
    st.lists(st.sampled_from(["transcript", "diploma", "cv"]), max_size=2),  # held kinds
    # an officer's rejection of the first choice, or its host's (a host's note: worded as the host's)
    st.sampled_from([None, "", "no visa", HostNote(""), HostNote("the workshop is full")]),
)


@settings(max_examples=150, deadline=None)
@given(programmes_st, st.lists(applicant_st, min_size=1, max_size=12))
def test_each_choice_gets_the_reason_the_shared_rules_give_it_alone(programmes, applicants):
    rows = [_programme(f"p{j}", REQUIREMENTS[r], t) for j, (r, t) in enumerate(programmes)]
    facts = {
        p.id: ProgrammeFacts(p.id, p.cycle_id, p.applicant_type, Requirements.model_validate(p.requirements))
        for p in rows
    }
    pool, rejected = [], {}
    for i, (kind, country, grade, certs, picks, held, refusal) in enumerate(applicants):
        choices = tuple(f"p{j}" for j in picks)
        pool.append(PoolRow(f"a{i:02d}", country, kind, choices, grade, None, None, tuple(certs), tuple(held)))
        if refusal is not None and choices:
            rejected[f"a{i:02d}"] = {choices[0]: refusal}
    got = _decided(_inputs(rows, pool, rejected=rejected))
    assert got == {
        row.application_id: choice_by_choice(row, facts, rejected.get(row.application_id, {})) for row in pool
    }


def test_applicants_sharing_facts_and_programmes_sharing_requirements_get_the_same_words():
    rows = [_programme("a", {"min_grade": 70}), _programme("b", {"min_grade": 70}), _programme("c", {})]
    pool = [
        PoolRow("x1", "KZ", "student", ("a", "b", "c"), 60.0, None, None),
        PoolRow("x2", "KZ", "student", ("b", "a"), 60.0, 90.0, None),
        PoolRow("x3", "KZ", "student", ("a",), 0.0, None, None),
        PoolRow("x4", "KZ", "student", ("a",), -0.0, None, None),  # equal to 0.0, but worded "-0"
        PoolRow("x5", "KZ", "student", ("a", "gone"), 60.0, None, None),
    ]
    got = _decided(_inputs(rows, pool, fixed={"x5": "a"}))
    low = ("ineligible: grade 60 below required 70", "eligibility.grade_below", {"grade": 60, "min_grade": 70})
    assert got["x1"] == {"a": low, "b": low}
    assert got["x2"] == {"b": low, "a": low}
    assert got["x3"]["a"][0] == "ineligible: grade 0 below required 70"
    assert got["x4"]["a"][0] == "ineligible: grade -0 below required 70"
    assert got["x5"] == {}  # fixed: does not compete
    keys = {requirement_key(ProgrammeFacts(p.id, "c1", "student", Requirements(**p.requirements))) for p in rows}
    assert len(keys) == 2  # a and b ask the same


def test_the_digest_and_scores_are_those_of_the_inputs_not_their_order():
    rows = [_programme("a", {}), _programme("b", {"min_grade": 70})]
    pool = [
        PoolRow("x1", "KZ", "student", ("b", "a"), 60.0, 80.0, None),
        PoolRow("x2", "PK", "student", ("a",), 60.0, 80.0, None),
        # interviewed too: an interview score some lack would count for none (``scoring.score_check``)
        PoolRow("x3", "PK", "student", ("a",), -0.0, 0.0, None),
        PoolRow("x4", "PK", "student", ("a",), 0.0, 0.0, None),
    ]
    one, other = _inputs(rows, pool), _inputs(rows[::-1], pool[::-1])
    assert one.digest == other.digest
    assert [(a.id, a.score) for a in one.applicants] == [("x1", 70.0), ("x2", 70.0), ("x3", 0.0), ("x4", 0.0)]
    by_id = {row.application_id: row for row in pool}
    for a in one.applicants:  # shared between equal marks, to the last bit
        row = by_id[a.id]
        assert repr(a.score) == repr(priority_score(row.grade, row.interview_score, row.committee_score, {}))
