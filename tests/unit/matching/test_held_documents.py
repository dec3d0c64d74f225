"""Issue 15: a document an officer rejected holds the choices whose programme requires its kind
(the round's input filtering); the others compete, and a fixed application is not touched."""

from __future__ import annotations

from datetime import date

from services.matching.domain import engine
from services.matching.domain.inputs import PoolRow, ProgrammeRow, build_inputs, ineligibility
from services.matching.domain.reasons import code_of
from shared.eligibility import ApplicantFacts, ProgrammeFacts
from shared.events.catalog import Requirements

TODAY = date(2026, 11, 30)


def test_only_choices_that_require_the_rejected_kind_are_held():
    facts = ApplicantFacts("student", "PK", 80.0)
    progs = {
        "needs": ProgrammeFacts("needs", "c1", "student", Requirements(required_documents=["transcript", "passport"])),
        "props": ProgrammeFacts(
            "props", "c1", "student", Requirements(document_properties={"transcript": ["attested"]})
        ),
        "free": ProgrammeFacts("free", "c1", "student", Requirements(required_documents=["passport"])),
    }
    out = ineligibility(facts, (), ["needs", "props", "free"], progs, {}, TODAY, held_kinds=["transcript"])
    assert set(out) == {"needs", "props"}
    assert code_of("ineligible", out["needs"]) == ("round.document_rejected", {"kind": "transcript"})
    assert code_of("ineligible", out["props"]) == ("round.document_rejected", {"kind": "transcript"})
    assert ineligibility(facts, (), ["needs"], progs, {}, TODAY) == {}  # nothing held: eligible


def test_a_nationality_the_cycle_does_not_take_outranks_a_held_document():
    facts = ApplicantFacts("student", "PK", 80.0)
    progs = {"needs": ProgrammeFacts("needs", "c1", "student", Requirements(required_documents=["transcript"]))}
    out = ineligibility(facts, ("KZ",), ["needs"], progs, {}, TODAY, held_kinds=["transcript"])
    assert code_of("ineligible", out["needs"])[0] == "eligibility.nationality"


def _programme(pid: str, docs: list[str]) -> ProgrammeRow:
    return ProgrammeRow(pid, 1, "s1", "c1", "h1", "CN", "cs", "master", "student", {"required_documents": docs})


def _run(held: tuple[str, ...], fixed: dict[str, str] | None = None) -> tuple[engine.MatchingResult, str]:
    inputs = build_inputs(
        programmes=[_programme("needs", ["transcript"]), _programme("free", [])],
        make_caps=lambda _p, _a: [],
        pool=[
            PoolRow("a1", "PK", "student", ("needs", "free"), 90.0, None, None, held_kinds=held),
            PoolRow("a2", "PK", "student", ("needs",), 70.0, None, None),
        ],
        eligible_countries=["PK"],
        score_weights={},
        fixed=fixed or {},
        rejected={},
        today=TODAY,
    )
    result = engine.run_matching(inputs.applicants, inputs.programmes, inputs.caps, 1, fixed=inputs.fixed)
    return result, inputs.digest


def test_a_held_application_is_not_placed_where_the_document_is_required_and_competes_again_once_fixed():
    held, held_digest = _run(("transcript",))
    assert held.outcomes["a1"].programme == "free"  # the stronger applicant loses only the held choice
    assert held.outcomes["a2"].programme == "needs"
    reasons = {r.programme: code_of(r.kind, r.message) for r in held.outcomes["a1"].reasons}
    assert reasons["needs"] == ("round.document_rejected", {"kind": "transcript"})
    fixed_again, digest = _run(())
    assert fixed_again.outcomes["a1"].programme == "needs"
    assert digest != held_digest  # the stored inputs say what was held


def test_a_held_kind_no_choice_requires_changes_nothing_and_a_fixed_match_stays():
    free, _ = _run(("cv",))
    assert free.outcomes["a1"].programme == "needs"
    fixed, _ = _run(("transcript",), fixed={"a1": "needs"})
    assert fixed.outcomes["a1"].programme == "needs"
