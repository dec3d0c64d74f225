"""A round ranks everyone on one scale: an officer's score (interview, committee) counts in the
priority only when every application the round ranks has it, and the round says how complete
the scores were (``scoring.score_check``, ``inputs.build_inputs``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.matching.domain import quota
from services.matching.domain.inputs import PoolRow, ProgrammeRow, build_inputs
from services.matching.domain.scoring import COMPONENTS, components_of, priority_score, score_check

TODAY = date(2026, 12, 1)


def _round(pool, *, fixed=None, weights=None, reviews=None, asked=None):
    programmes = [ProgrammeRow("ir", 1, "sco", "c", "lzu", "CN", "ir", "master", "student", {})]
    return build_inputs(
        programmes=programmes,
        make_caps=lambda p, a: quota.expand_caps([], p, a),
        pool=pool,
        eligible_countries=["KZ", "PK"],
        score_weights=weights or {},
        fixed=fixed or {},
        rejected={},
        today=TODAY,
        reviews=reviews,
        reviews_asked=asked,
    )


def _officers_cycle():
    """The officer's report: 40 applications, 6 with a committee score from one review of the
    two the scoresheet asks; Bakyt (grade 92) is scored 75.6, Aruzhan (98) is not scored."""
    pool = [PoolRow("bakyt", "KZ", "student", ("ir",), 92.0, None, 75.6)]
    pool += [PoolRow(f"s{i}", "KZ", "student", ("ir",), 80.0 + i, None, 70.0) for i in range(5)]
    pool += [PoolRow("aruzhan", "KZ", "student", ("ir",), 98.0, None, None)]
    pool += [PoolRow(f"u{i:02d}", "PK", "student", ("ir",), 60.0 + i, None, None) for i in range(33)]
    reviews = {row.application_id: 1 for row in pool if row.committee_score is not None}
    return pool, reviews


def test_a_committee_score_only_some_have_is_left_out_of_everyones_priority():
    pool, reviews = _officers_cycle()
    inputs = _round(pool, reviews=reviews, asked=2)
    score = {a.id: a.score for a in inputs.applicants}
    # on one scale: the grade, for the scored and the unscored alike (it was 83.8 for Bakyt)
    assert score["bakyt"] == 92.0 and score["aruzhan"] == 98.0 and score["s0"] == 80.0
    assert priority_score(92.0, None, 75.6) == 83.8  # the blend it was ranked by before
    check = inputs.scores
    assert check.components == ("grade",)
    assert check.left_out == ("committee",)  # given to some: said (nobody's interview score is lost)
    assert (check.ranked, check.without["committee"]) == (40, 34)
    assert (check.reviews_asked, check.short_of_reviews, check.incomplete) == (2, 40, True)


def test_once_every_ranked_application_is_scored_the_committee_score_counts():
    pool, _ = _officers_cycle()
    pool = [row if row.committee_score is not None else replace(row, committee_score=60.0) for row in pool]
    inputs = _round(pool, reviews={row.application_id: 2 for row in pool}, asked=2)
    score = {a.id: a.score for a in inputs.applicants}
    assert score["bakyt"] == 83.8 and score["aruzhan"] == 79.0  # (98 + 60) / 2
    assert inputs.scores.components == ("grade", "committee") and inputs.scores.left_out == ()
    assert (inputs.scores.short_of_reviews, inputs.scores.incomplete) == (0, False)


def test_one_review_short_is_told_though_every_application_has_a_committee_score():
    pool = [PoolRow(a, "KZ", "student", ("ir",), 90.0, None, 70.0) for a in ("x1", "x2", "x3")]
    check = _round(pool, reviews={"x1": 2, "x2": 2, "x3": 1}, asked=2).scores
    assert "committee" in check.components  # every one has a committee score: it counts
    assert (check.short_of_reviews, check.incomplete) == (1, True)  # but x3's is one reviewer's


def test_a_match_that_keeps_its_seat_is_not_ranked_and_does_not_hold_the_others_back():
    pool = [
        PoolRow("kept", "KZ", "student", ("ir",), 70.0, None, None),  # approved in an earlier round
        PoolRow("x1", "KZ", "student", ("ir",), 90.0, None, 50.0),
        PoolRow("x2", "KZ", "student", ("ir",), 80.0, None, 100.0),
    ]
    inputs = _round(pool, fixed={"kept": "ir"}, reviews={"x1": 1, "x2": 1}, asked=1)
    assert inputs.scores.ranked == 2 and "committee" in inputs.scores.components
    score = {a.id: a.score for a in inputs.applicants}
    assert (score["x1"], score["x2"]) == (70.0, 90.0)
    assert not inputs.scores.incomplete


def test_a_component_weighted_zero_neither_counts_nor_holds_a_round():
    pool = [
        PoolRow("x1", "KZ", "student", ("ir",), 90.0, 40.0, None),
        PoolRow("x2", "KZ", "student", ("ir",), 80.0, None, None),
    ]
    plain = _round(pool)
    assert plain.scores.left_out == ("interview",) and plain.scores.incomplete  # given to one: not counted
    assert [a.score for a in plain.applicants] == [90.0, 80.0]
    weightless = _round(pool, weights={"interview": 0})
    assert weightless.scores.left_out == () and not weightless.scores.incomplete
    assert "interview" not in weightless.scores.without


def test_without_a_scoresheet_and_without_scores_nothing_is_asked_of_the_officer():
    check = score_check(40, {"interview": 0, "committee": 0}, {}, reviews_asked=None, short_of_reviews=40)
    assert check.short_of_reviews == 0 and not check.incomplete and check.left_out == ()
    assert check.as_json()["components"] == ["grade"]


def test_a_stored_round_tells_what_it_ranked_by_and_an_older_one_ranked_by_all():
    assert components_of({"priority": {"components": ["grade"]}}) == ("grade",)
    assert components_of({"pool": {}}) == COMPONENTS and components_of(None) == COMPONENTS
    assert priority_score(92.0, None, 75.6, None, ("grade",)) == 92.0


def test_a_round_that_ranks_nobody_ranks_by_no_officers_score():
    """A round of an unpublished list ranked nobody, and its page said it ranked "everyone by
    grade, interview and committee score"."""
    assert score_check(0, {"interview": 0, "committee": 0}).components == ("grade",)
    assert score_check(2, {"interview": 2, "committee": 1}).components == ("grade", "interview")
    assert score_check(2, {"interview": 2, "committee": 2}, {"interview": 0}).components == ("grade", "committee")
