"""Eligibility per choice (the shared rules, as a submit applies them): every requirement,
and the reason it names."""

from datetime import date

from shared.eligibility import (
    ApplicantFacts,
    Certificate,
    CycleFacts,
    ProgrammeFacts,
    age_on,
    check_choices,
)
from shared.events.catalog import Requirements

TODAY = date(2026, 3, 1)
CYCLE = CycleFacts("sco-2026", date(2026, 9, 1), ("KZ", "UZ"))


def facts(**kw) -> ApplicantFacts:
    base = dict(
        applicant_type="student",
        nationality="KZ",
        date_of_birth=date(2004, 5, 10),
        grade=85.0,
        certificates=(Certificate("HSK", 4),),
        document_kinds=frozenset({"passport", "transcript"}),
    )
    base.update(kw)
    return ApplicantFacts(**base)


def programme(pid="p1", **req) -> ProgrammeFacts:
    return ProgrammeFacts(pid, "sco-2026", "student", Requirements(**req))


def verdict(f, p):
    return check_choices(f, CYCLE, [p.programme_id], {p.programme_id: p}, TODAY)[0]


def test_all_requirements_met_is_eligible():
    p = programme(
        min_grade=80,
        language_certificate="HSK",
        min_language_level=4,
        max_age=30,
        required_documents=["passport", "transcript"],
    )
    v = verdict(facts(), p)
    assert v.eligible and v.reasons == () and v.rank == 1


def test_grade_below_minimum_names_both_values():
    v = verdict(facts(grade=78), programme(min_grade=81.5))
    assert not v.eligible and v.reasons == ("grade 78 below required 81.5",)


def test_missing_grade_when_one_is_required():
    assert verdict(facts(grade=None), programme(min_grade=60)).reasons == (
        "no grade given; minimum normalised grade is 60",
    )


def test_language_level_below_required():
    assert verdict(
        facts(certificates=(Certificate("hsk", 3),)), programme(language_certificate="HSK", min_language_level=4)
    ).reasons == ("HSK 3 below required 4",)


def test_best_certificate_of_the_kind_counts():
    f = facts(certificates=(Certificate("HSK", 3), Certificate("HSK", 5)))
    assert verdict(f, programme(language_certificate="HSK", min_language_level=4)).eligible


def test_missing_certificate():
    f = facts(certificates=(Certificate("IELTS", 7),))
    assert verdict(f, programme(language_certificate="HSK", min_language_level=4)).reasons == (
        "HSK level 4 certificate required; none given",
    )


def test_age_is_taken_at_the_cycle_start_not_today():
    born = date(1996, 6, 1)  # 29 today (2026-03-01), 30 on 2026-09-01
    assert age_on(born, TODAY) == 29 and age_on(born, CYCLE.starts_on) == 30
    v = verdict(facts(date_of_birth=born), programme(max_age=29))
    assert v.reasons == ("age 30 on 2026-09-01 is above the limit of 29",)
    assert verdict(facts(date_of_birth=born), programme(max_age=30)).eligible


def test_age_uses_today_when_the_cycle_has_no_start():
    cycle = CycleFacts("sco-2026", None)
    p = programme(max_age=29)
    v = check_choices(facts(date_of_birth=date(1996, 6, 1)), cycle, ["p1"], {"p1": p}, TODAY)[0]
    assert v.eligible


def test_each_missing_document_is_named():
    v = verdict(
        facts(document_kinds=frozenset({"passport"})),
        programme(required_documents=["passport", "transcript", "recommendation"]),
    )
    assert v.reasons == ("required document missing: transcript", "required document missing: recommendation")


def test_nationality_outside_the_cycle_and_wrong_type():
    p = ProgrammeFacts("p1", "sco-2026", "faculty", Requirements())
    v = verdict(facts(nationality="PK"), p)
    assert v.reasons == (
        "nationality PK is not eligible in this cycle (eligible: KZ, UZ)",
        "programme is for faculty applicants, not student",
    )


def test_one_verdict_per_choice_in_rank_order_none_dropped():
    ok, bad = programme("ok"), programme("bad", min_grade=99)
    out = check_choices(facts(), CYCLE, ["bad", "ok", "gone"], {"ok": ok, "bad": bad}, TODAY)
    assert [(v.rank, v.programme_id, v.eligible) for v in out] == [
        (1, "bad", False),
        (2, "ok", True),
        (3, "gone", False),
    ]
    assert out[2].reasons == ("programme is no longer in the catalog",)
