"""The selection committee's pure rules: composite, spread flag, even assignment with
conflicts, who sees others' scores, scoresheet and score validation."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from services.matching.domain.committee import (
    Candidate,
    Criterion,
    Reviewer,
    assign,
    may_review,
    normalise_institution,
    reviewer_composite,
    score_problems,
    scoresheet_problems,
    sees_scores_of_others,
    summarise,
)

SHEET = [
    Criterion("academic_record", "Academic record", 2.0, 0, 10),
    Criterion("statement", "Statement", 1.0, 0, 10),
    Criterion("language", "Language", 1.0, 1, 5),
]


def test_the_composite_is_the_weighted_mean_of_normalised_scores():
    # academic 8/10 -> 80, statement 5/10 -> 50, language 5 on 1..5 -> 100
    assert reviewer_composite(SHEET, {"academic_record": 8, "statement": 5, "language": 5}) == round(
        (2 * 80 + 50 + 100) / 4, 2
    )
    assert reviewer_composite(SHEET, {"academic_record": 0, "statement": 0, "language": 1}) == 0.0
    assert reviewer_composite(SHEET, {"academic_record": 10, "statement": 10, "language": 5}) == 100.0


def test_the_application_composite_is_the_mean_and_a_wide_spread_is_flagged():
    s = summarise([70.0, 95.0], threshold=20)
    assert (s.composite, s.spread, s.flagged, s.submitted) == (82.5, 25.0, True, 2)
    assert summarise([70.0, 85.0], threshold=20).flagged is False
    assert summarise([70.0, 90.0], threshold=20).flagged is False  # above, not at, the threshold
    one = summarise([40.0], threshold=0)
    assert (one.composite, one.spread, one.flagged) == (40.0, None, False)
    assert summarise([], threshold=20).composite is None


def test_a_reviewer_sees_others_scores_only_after_submitting():
    assert sees_scores_of_others(is_assigned=True, has_submitted=False) is False
    assert sees_scores_of_others(is_assigned=True, has_submitted=True) is True
    assert sees_scores_of_others(is_assigned=False, has_submitted=False) is True  # the chair, a moderator


def test_scoresheet_and_score_problems_name_each_field():
    bad = [Criterion("a", "A", 0, 0, 10), Criterion("a", "A again", 1, 5, 5)]
    problems = {(p.field, p.code) for p in scoresheet_problems(bad, 0, 150)}
    assert problems == {
        ("criteria.0.weight", "scoresheet.weight_not_positive"),
        ("criteria.1.key", "scoresheet.duplicate_criterion"),
        ("criteria.1.max", "scoresheet.empty_range"),
        ("reviewers_per_application", "scoresheet.reviewers_out_of_range"),
        ("spread_threshold", "scoresheet.threshold_out_of_range"),
    }
    assert scoresheet_problems(SHEET, 2, 20) == []
    score = {(p.field, p.code) for p in score_problems(SHEET, {"academic_record": 11, "language": 3, "x": 1})}
    assert score == {
        ("scores.academic_record", "review.out_of_range"),
        ("scores.statement", "review.missing_criterion"),
        ("scores.x", "review.unknown_criterion"),
    }


def test_assignment_is_even_and_never_against_a_conflict():
    home = normalise_institution("Al-Farabi  Kazakh National University")
    reviewers = [
        Reviewer("r1", affiliations=frozenset({home})),
        Reviewer("r2", conflicts=frozenset({"a2"})),
        Reviewer("r3"),
        Reviewer("r4"),
    ]
    apps = [Candidate("a1", home), Candidate("a2"), Candidate("a3"), Candidate("a4", home), Candidate("a5")]
    plan = assign(apps, reviewers, 2)
    by_app: dict[str, set[str]] = {}
    for app, rev in plan.pairs:
        by_app.setdefault(app, set()).add(rev)
    assert all(len(v) == 2 for v in by_app.values()) and len(by_app) == 5 and plan.short == {}
    assert "r1" not in by_app["a1"] | by_app["a4"]  # the applicant's home institution
    assert "r2" not in by_app["a2"]  # a declared conflict
    load = Counter(rev for _, rev in plan.pairs)
    assert max(load.values()) - min(load.values()) <= 1


def test_assignment_fills_only_what_is_missing_and_reports_shortfalls():
    reviewers = [Reviewer("r1"), Reviewer("r2", conflicts=frozenset({"a1"}))]
    plan = assign([Candidate("a1", assigned=("r1",)), Candidate("a2", excluded=("r1",))], reviewers, 2)
    assert plan.pairs == [("a2", "r2")]
    assert plan.short == {"a1": 1, "a2": 1}
    assert not may_review(reviewers[1], Candidate("a1"))


def test_a_reviewer_scoped_to_host_institutions_is_given_only_applications_they_can_open():
    """An officer of the scheme scoped to Lanzhou University sees only applications with a
    choice there: given one without, every page of it was 'not found' to them."""
    lzu_only, everyone = Reviewer("r-lzu", hosts=frozenset({"lzu"})), Reviewer("r-all")
    at_lzu = Candidate("a1", hosts=frozenset({"lzu", "xjtu"}))
    elsewhere = Candidate("a2", hosts=frozenset({"xjtu"}))
    assert may_review(lzu_only, at_lzu) and not may_review(lzu_only, elsewhere)
    assert may_review(everyone, at_lzu) and may_review(everyone, elsewhere)
    plan = assign([at_lzu, elsewhere], [lzu_only, everyone], 2)
    assert sorted(plan.pairs) == [("a1", "r-all"), ("a1", "r-lzu"), ("a2", "r-all")]
    assert plan.short == {"a2": 1}


@settings(max_examples=60, deadline=None)
@given(
    n_apps=st.integers(1, 30),
    n_reviewers=st.integers(2, 8),
    n=st.integers(1, 3),
    conflicts=st.sets(st.tuples(st.integers(0, 29), st.integers(0, 7)), max_size=20),
)
def test_property_balanced_without_conflicts_and_never_against_one(n_apps, n_reviewers, n, conflicts):
    reviewers = [
        Reviewer(f"r{j}", conflicts=frozenset(f"a{i}" for i, jj in conflicts if jj == j)) for j in range(n_reviewers)
    ]
    apps = [Candidate(f"a{i}") for i in range(n_apps)]
    plan = assign(apps, reviewers, n)
    assert len(set(plan.pairs)) == len(plan.pairs)
    for app, rev in plan.pairs:
        assert (int(app[1:]), int(rev[1:])) not in conflicts
    per_app = Counter(app for app, _ in plan.pairs)
    for a in apps:
        eligible = sum(1 for r in reviewers if may_review(r, a))
        assert per_app[a.application_id] == min(n, eligible)
    if not conflicts:
        load = Counter(rev for _, rev in plan.pairs)
        counts = [load.get(r.id, 0) for r in reviewers]
        assert max(counts) - min(counts) <= 1


def test_a_weight_is_bounded_so_a_sum_of_weights_stays_a_number():
    """Two criteria of weight 1e308 were accepted; their sum is infinite, every reviewer's
    composite NaN, and no reviewer could submit scores again. A cycle's score weight of 1e308
    made every priority score NaN, and every round of the cycle failed."""
    from services.matching.domain.scoring import weight_problems

    huge = [Criterion("a", "A", 1e308, 0, 10), Criterion("b", "B", float("nan"), 0, 10)]
    assert {(p.field, p.code) for p in scoresheet_problems(huge, 2, 20)} == {
        ("criteria.0.weight", "scoresheet.weight_too_large"),
        ("criteria.1.weight", "scoresheet.weight_not_positive"),
    }
    assert scoresheet_problems([Criterion("a", "A", 1000, 0, 10), Criterion("b", "B", 1000, 0, 10)], 2, 20) == []
    assert [(p.field, p.code) for p in weight_problems({"grade": 1e308, "interview": 1000})] == [
        ("score_weights.grade", "cycle.weight_too_large")
    ]
    assert [p.code for p in weight_problems({"grade": float("nan")})] == ["cycle.weight_too_large"]


def test_the_composite_is_rounded_half_up_as_people_round():
    # 31.11 and 40.00 gave 35.55: the mean, 35.555, is stored a little below itself
    from services.matching.domain.committee import summarise

    assert summarise([31.11, 40.0], 30).composite == 35.56
    assert summarise([31.11, 40.0], 30).spread == 8.89
