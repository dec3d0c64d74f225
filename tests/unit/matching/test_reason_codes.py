"""Issue 18: a round's reasons carry a stable code and parameters beside their words, from the
ineligible choice (shared eligibility rules, an officer's rejection) to a full programme or cap."""

from __future__ import annotations

import json
from datetime import date

from services.matching.domain.engine import Applicant, Cap, Programme, run_matching
from services.matching.domain.inputs import ineligibility
from services.matching.domain.reasons import Coded, code_of
from services.matching.service.outcomes import RoundOutcomes
from shared.eligibility import ApplicantFacts, Certificate, ProgrammeFacts
from shared.events.catalog import Requirements

TODAY = date(2026, 11, 30)


def programme(pid: str, seats: int) -> Programme:
    return Programme(pid, seats, {"applicant_type": "student", "host_institution": "h", "cycle": "c1"})


def test_ineligible_choices_carry_the_shared_rules_code_and_params():
    facts = ApplicantFacts("student", "KZ", 70.0, (Certificate("HSK", 3),))
    progs = {
        "low": ProgrammeFacts("low", "c1", "student", Requirements(min_grade=75)),
        "hsk": ProgrammeFacts("hsk", "c1", "student", Requirements(language_certificate="HSK", min_language_level=4)),
        "ok": ProgrammeFacts("ok", "c1", "student"),
        "rej": ProgrammeFacts("rej", "c1", "student"),
    }
    out = ineligibility(facts, (), ["low", "hsk", "ok", "rej", "gone"], progs, {"rej": "Send a certified copy"}, TODAY)
    assert set(out) == {"low", "hsk", "rej", "gone"}
    assert out["low"] == "ineligible: grade 70 below required 75"  # the words as before
    assert code_of("ineligible", out["low"]) == ("eligibility.grade_below", {"grade": 70, "min_grade": 75})
    assert code_of("ineligible", out["hsk"]) == (
        "eligibility.certificate_below",
        {"certificate": "HSK", "level": 3, "min_level": 4},
    )
    assert code_of("ineligible", out["rej"]) == ("round.rejected", {"message": "Send a certified copy"})
    assert code_of("ineligible", out["gone"]) == ("round.unknown_programme", {})
    outside = ineligibility(facts, ("UZ",), ["ok"], progs, {}, TODAY)
    assert code_of("ineligible", outside["ok"]) == (
        "eligibility.nationality",
        {"nationality": "KZ", "eligible": ["UZ"]},
    )


def test_a_rounds_event_reasons_have_codes_for_full_programmes_caps_and_ineligible_choices():
    progs = [programme("a", 1), programme("b", 1), programme("c", 0), programme("d", 5), programme("x", 5)]
    cap = Cap("cap-kz", 0, "country cap KZ on d", {"sending_country": frozenset({"KZ"}), "programme": frozenset({"d"})})
    strong = Applicant("strong", ("a",), 90.0, {"sending_country": "UZ", "applicant_type": "student"})
    weak = Applicant(
        "weak",
        ("x", "a", "c", "d", "b"),
        80.0,
        {"sending_country": "KZ", "applicant_type": "student"},
        {
            "x": Coded(
                "ineligible: grade 70 below required 75", "eligibility.grade_below", {"grade": 70, "min_grade": 75}
            )
        },
    )
    result = run_matching([strong, weak], progs, [cap], seed=1)
    columns = RoundOutcomes(result).columns()
    told = json.loads(columns.told[columns.ids.index("weak")])
    by = {r["programme_id"]: (r["code"], r["params"]) for r in told}
    assert by["x"] == ("eligibility.grade_below", {"grade": 70, "min_grade": 75})
    assert by["a"] == ("round.programme_full", {"lowest": 90, "yours": 80})
    assert by["c"] == ("round.programme_full", {"no_seats": "yes"})
    assert by["d"] == ("round.cap_full", {"quota": "country cap KZ on d"})  # the full quota named
    assert all(r["reason"] for r in told)  # the English words stay for old readers


def test_a_tie_broken_by_lottery_and_seats_held_from_earlier_rounds():
    assert code_of("programme_full", "programme full: lowest held score 80.0 = yours 80.0 (tie broken by lottery)") == (
        "round.programme_full",
        {"lowest": 80, "yours": 80, "tie": "lottery"},
    )
    held = "programme full: all 3 seats are held by matches confirmed in earlier rounds"
    assert code_of("programme_full", held) == ("round.programme_full", {"held_earlier": "yes"})
    assert code_of("something_new", "words") == (None, {})
