"""One accepted place per intake, in rounds: an applicant who accepted a place in another
cycle of the same intake competes for none of their choices here (the seat would stay
empty), and the outcome says why by code; another intake does not count."""

from __future__ import annotations

from datetime import date

from services.matching.domain import engine
from services.matching.domain.inputs import PoolRow, ProgrammeRow, build_inputs, places_held
from services.matching.domain.reasons import code_of

SEPT = date(2027, 9, 1)


def test_only_a_place_of_the_same_intake_counts():
    accepted = [
        ("stu-1", "Medicine at KEMU", date(2027, 10, 1)),  # a month later: the same intake
        ("stu-2", "Engineering at LZU", date(2028, 9, 1)),  # the next year
        ("stu-3", "Spring semester", date(2028, 2, 15)),  # a spring semester
    ]
    held = places_held(SEPT, accepted)
    assert set(held) == {"stu-1"}
    assert (held["stu-1"].code, held["stu-1"].params) == ("round.place_held", {"programme": "Medicine at KEMU"})


def _programme(pid: str) -> ProgrammeRow:
    return ProgrammeRow(pid, 1, "s1", "c1", "h1", "CN", "cs", "master", "student", {})


def _run(held: dict, fixed: dict[str, str] | None = None) -> engine.MatchingResult:
    inputs = build_inputs(
        programmes=[_programme("p1"), _programme("p2")],
        make_caps=lambda _p, _a: [],
        pool=[
            PoolRow("a1", "PK", "student", ("p1", "p2"), 95.0, None, None),
            PoolRow("a2", "PK", "student", ("p1",), 70.0, None, None),
        ],
        eligible_countries=["PK"],
        score_weights={},
        fixed=fixed or {},
        rejected={},
        today=SEPT,
        held=held,
    )
    return engine.run_matching(inputs.applicants, inputs.programmes, inputs.caps, 1, fixed=inputs.fixed)


def test_an_applicant_holding_a_place_of_the_intake_is_offered_nothing_and_told_why():
    reason = places_held(SEPT, [("stu-a1", "Medicine at KEMU", SEPT)])["stu-a1"]
    result = _run({"a1": reason})
    a1 = result.outcomes["a1"]
    assert a1.status == engine.UNMATCHED and a1.programme is None
    assert {r.programme: code_of(r.kind, r.message) for r in a1.reasons} == {
        "p1": ("round.place_held", {"programme": "Medicine at KEMU"}),
        "p2": ("round.place_held", {"programme": "Medicine at KEMU"}),
    }
    assert result.outcomes["a2"].programme == "p1"  # the seat goes to someone who can take it
    assert _run({}).outcomes["a1"].programme == "p1"  # without the held place a1 wins it


def test_a_match_already_fixed_in_this_cycle_stays():
    reason = places_held(SEPT, [("stu-a1", "Medicine at KEMU", SEPT)])["stu-a1"]
    assert _run({"a1": reason}, fixed={"a1": "p1"}).outcomes["a1"].programme == "p1"
