"""The matching service's pure rules: scope, scoring, eligibility, lifecycle, round inputs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.matching.domain import quota
from services.matching.domain.catalog import CycleDraft, cycle_change_warnings, cycle_problems, programme_problems
from services.matching.domain.inputs import PoolRow, ProgrammeRow, build_inputs, ineligibility
from services.matching.domain.review import Decision, Reply, answer, review
from services.matching.domain.scoring import priority_score, weight_problems
from services.matching.domain.statuses import MatchStatus
from shared.eligibility import ApplicantFacts, Certificate, ProgrammeFacts
from shared.errors import Conflict
from shared.events.catalog import Requirements
from shared.principal import Principal, Role
from shared.scope import manages_hosted, manages_scheme, sees_application

TODAY = date(2026, 3, 1)


def officer(**scope) -> Principal:
    return Principal(sub="o", role=Role.OFFICER, **scope)


@pytest.mark.parametrize(
    "who, scheme_ok, hosted_ok",
    [
        (Principal(sub="a", role=Role.ADMIN), True, True),
        (officer(), True, True),
        (officer(schemes=["sco"]), True, True),
        (officer(schemes=["cpec"]), False, False),
        (officer(institutions=["lzu"]), False, True),
        (officer(institutions=["xju"]), False, False),
        (officer(schemes=["sco"], institutions=["xju"]), True, False),
        (Principal(sub="p", role=Role.PARTNER, institutions=["lzu"]), False, False),
        (Principal(sub="s", role=Role.APPLICANT), False, False),
    ],
)
def test_scope_matrix(who, scheme_ok, hosted_ok):
    assert manages_scheme(who, "sco") is scheme_ok
    assert manages_hosted(who, "sco", "lzu") is hosted_ok
    # a pool entry naming programmes at lzu: seen exactly where its match would be managed
    assert sees_application(who, "sco", ["lzu"]) is hosted_ok


def test_priority_defaults_to_grade_and_weighs_what_is_known():
    assert priority_score(78.0, None, None) == 78.0
    assert priority_score(70.0, 100.0, 95.0) == 88.33
    assert priority_score(60.0, 90.0, None, {"grade": 1, "interview": 2}) == 80.0
    assert priority_score(None, None, None) == 0.0
    assert weight_problems({"charm": 1}) and weight_problems({"grade": -1})
    assert weight_problems({"grade": 0, "interview": 0, "committee": 0})
    assert weight_problems({"grade": 2}) == []


def _facts(country: str, grade: float | None, hsk: float | None = None) -> ApplicantFacts:
    certificates = Certificate.many([{"kind": "HSK", "level": hsk}] if hsk is not None else [])
    return ApplicantFacts("student", country, grade, certificates)


def test_ineligibility_reasons_in_words():
    progs = {
        "med": ProgrammeFacts(
            "med", "c", "student", Requirements(language_certificate="HSK", min_language_level=4, min_grade=80)
        ),
        "fac": ProgrammeFacts("fac", "c", "faculty"),
        "ok": ProgrammeFacts("ok", "c", "student"),
    }
    got = ineligibility(
        _facts("KZ", 85.0, 3), ("KZ", "UZ"), ["med", "fac", "ok", "ghost"], progs, {"ok": "incomplete file"}, TODAY
    )
    assert got == {
        "med": "ineligible: HSK 3 below required 4",
        "fac": "ineligible: programme is for faculty applicants, not student",
        "ok": "rejected by officer: incomplete file",
        "ghost": "ineligible: programme not offered in this cycle",
    }
    low = ineligibility(_facts("KZ", 70.0, 5), (), ["med"], progs, {}, TODAY)
    assert low["med"] == "ineligible: grade 70 below required 80"
    # a nationality the cycle does not take outranks an officer's rejection
    foreign = ineligibility(_facts("RU", 99), ("KZ",), ["ok"], progs, {"ok": "no visa"}, TODAY)
    assert foreign["ok"].startswith("ineligible: ") and "not eligible" in foreign["ok"]


def test_review_and_answers_follow_the_lifecycle():
    assert review("proposed", Decision.APPROVE) == MatchStatus.APPROVED
    assert review("proposed", Decision.REJECT) == MatchStatus.REJECTED
    for status in ("approved", "rejected", "superseded", "withdrawn", "accepted"):
        with pytest.raises(Conflict) as refused:
            review(status, Decision.APPROVE)
        assert refused.value.code in ("match.already_reviewed", "match.not_proposed")
    assert answer("approved", Reply.ACCEPT) == "accepted" and answer("approved", Reply.DECLINE) == "declined"
    assert answer("accepted", Reply.ACCEPT) is None and answer("rejected", Reply.DECLINE) is None


def test_catalog_checks():
    def t(d):
        return datetime(2026, 1, d, tzinfo=UTC)

    assert [p.field for p in cycle_problems(CycleDraft(t(10), t(5), None, 3, []), ["KZ"], 5)] == ["closes_at"]
    probs = cycle_problems(CycleDraft(t(1), t(5), date(2026, 1, 2), 9, ["PK"]), ["KZ"], 5)
    assert {(p.severity, p.field) for p in probs} == {
        ("error", "starts_on"),
        ("error", "eligible_countries"),
        ("warning", "max_choices"),
    }
    # a year 1 opening, a year 9999 close: each refused on its field, and no window of 9,998 years
    far = cycle_problems(
        CycleDraft(datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC), None, 3, []), [], 5
    )
    assert [(p.field, p.code) for p in far] == [
        ("opens_at", "cycle.date_out_of_range"),
        ("closes_at", "cycle.date_out_of_range"),
        ("closes_at", "cycle.window_too_long"),
    ]
    two_years = cycle_problems(CycleDraft(t(1), t(1) + timedelta(days=731), None, 3, []), [], 5)
    assert two_years == []
    longer = cycle_problems(CycleDraft(t(1), t(1) + timedelta(days=732), None, 3, []), [], 5)
    assert [p.code for p in longer] == ["cycle.window_too_long"]
    assert cycle_problems(CycleDraft(t(1), t(5), date(2101, 1, 1), 3, []), [], 5)[0].code == "cycle.date_out_of_range"
    assert (
        programme_problems(applicant_type="student", level="faculty-visit", seats=3, requirements={}, language="zh")[0][
            0
        ]
        == "error"
    )
    assert programme_problems(applicant_type="student", level="master", seats=0, requirements={}, language="zh")[0][
        :2
    ] == ("warning", "seats")


def _inputs(pool_order, rejected=None, fixed=None):
    progs = [
        ProgrammeRow("ir", 2, "sco", "c", "lzu", "CN", "ir", "master", "student", {}),
        ProgrammeRow("pe", 1, "sco", "c", "xju", "CN", "eng", "master", "student", {"min_grade": 80}),
    ]
    pool = [
        # both interviewed: an interview score one lacked would count for neither
        PoolRow("a1", "KZ", "student", ("ir", "pe"), 90.0, 90.0, None),
        PoolRow("a2", "UZ", "student", ("pe",), 70.0, 90.0, None),
    ]
    rule = quota.QuotaRule(id="kz", cycle="c", scope={"sending_country": {"KZ"}}, max_count=1)
    return build_inputs(
        programmes=progs if pool_order else progs[::-1],
        make_caps=lambda p, a: quota.expand_caps([rule], p, a),
        pool=pool if pool_order else pool[::-1],
        eligible_countries=["KZ", "UZ"],
        score_weights={},
        fixed=fixed or {},
        rejected=rejected or {},
        today=TODAY,
    )


def test_round_inputs_digest_is_canonical_and_sensitive():
    a, b = _inputs(True), _inputs(False)
    assert a.digest == b.digest and len(a.digest) == 64
    by_id = {x.id: x for x in a.applicants}
    assert by_id["a2"].score == 80.0 and by_id["a2"].ineligible == {"pe": "ineligible: grade 70 below required 80"}
    assert [c.id for c in a.caps] == ["kz"]
    rejected = _inputs(True, rejected={"a1": {"ir": "no visa"}})
    assert rejected.digest != a.digest
    assert {x.id: x for x in rejected.applicants}["a1"].ineligible == {"ir": "rejected by officer: no visa"}
    fixed = _inputs(True, fixed={"a1": "ir", "ghost": "ir"})
    assert fixed.fixed == {"a1": "ir"} and fixed.digest != a.digest


def test_a_change_to_a_cycle_says_what_it_does_to_those_already_applying():
    now = datetime(2027, 1, 10, tzinfo=UTC)
    open_ = CycleDraft(
        datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 3, 31, tzinfo=UTC), None, 3, ["KZ", "KG", "PK"]
    )
    counts = {"KZ": 4, "KG": 1, "PK": 0}

    def said(after: CycleDraft, scheme=("KZ", "KG", "PK", "UZ"), by=counts):
        return {p.code: dict(p.params or {}) for p in cycle_change_warnings(open_, after, scheme, by, now)}

    assert said(open_) == {}  # nothing changed
    fewer = CycleDraft(open_.opens_at, open_.closes_at, None, 3, ["KZ", "PK"])
    assert said(fewer) == {"cycle.countries_dropped": {"n": 1, "countries": ["KG"]}}
    assert said(CycleDraft(open_.opens_at, open_.closes_at, None, 3, ["KZ", "KG"])) == {}  # none from PK
    # no list of its own: the scheme's countries; an empty scheme list takes any
    assert said(CycleDraft(open_.opens_at, open_.closes_at, None, 3, []), scheme=("KZ", "PK")) == {
        "cycle.countries_dropped": {"n": 1, "countries": ["KG"]}
    }
    assert said(CycleDraft(open_.opens_at, open_.closes_at, None, 3, []), scheme=()) == {}
    closed = CycleDraft(open_.opens_at, now - timedelta(minutes=5), None, 3, open_.eligible_countries)
    assert said(closed) == {"cycle.closed_by_change": {"n": 5}}
    later = CycleDraft(datetime(2027, 2, 1, tzinfo=UTC), open_.closes_at, None, 3, open_.eligible_countries)
    assert said(later) == {"cycle.opens_later": {"n": 5, "opens_on": "2027-02-01"}}
    # a window already closed (or not yet open) is not closed by the change
    past = CycleDraft(open_.opens_at, datetime(2027, 1, 1, tzinfo=UTC), None, 3, open_.eligible_countries)
    assert cycle_change_warnings(past, closed, [], counts, now) == []
