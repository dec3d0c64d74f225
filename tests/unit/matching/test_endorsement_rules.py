"""Endorsement by the home institution, the pure rules (issue 14): what a coordinator's request
may name, what it decides (a cohort for the endorsed, a reason for the refused) and exactly
which applicants are told."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.matching.domain import endorsements as rules
from services.matching.domain.endorsements import Decision, Requested
from shared.errors import Conflict, Invalid
from shared.events.catalog import EndorsementState

E, N = EndorsementState.ENDORSED, EndorsementState.NOT_ENDORSED


def test_the_stage_is_read_from_the_path():
    assert rules.has_endorsement_stage(["endorsement", "matching", "review", "answer"])
    assert not rules.has_endorsement_stage(["nomination", "matching", "review", "answer"])
    assert not rules.has_endorsement_stage([])


def test_a_request_naming_another_institutions_application_or_one_twice_is_refused_with_every_problem():
    requested = [Requested("a", E), Requested("x", E), Requested("a", N)]
    with pytest.raises(Invalid) as refused:
        rules.check(requested, pool=["a", "b"], settled=[])
    found = [(e.field, e.code) for e in refused.value.errors]
    assert found == [
        ("decisions.1.application_id", "endorsement.not_in_pool"),
        ("decisions.2.application_id", "endorsement.duplicate"),
    ]


def test_an_application_already_nominated_or_placed_keeps_its_endorsement():
    with pytest.raises(Conflict) as refused:
        rules.check([Requested("a", E), Requested("b", N)], pool=["a", "b"], settled=["b"])
    assert (refused.value.code, refused.value.field) == ("endorsement.too_late", "decisions.1.application_id")
    rules.check([Requested("a", E)], pool=["a", "b"], settled=["b"])  # the others may still change


def test_the_cohort_goes_to_the_endorsed_and_the_reason_to_the_refused():
    after = rules.decided(
        [Requested("a", E, "ignored"), Requested("b", N, "  no transcript "), Requested("c", N, "   ")], "Luban 2026"
    )
    assert after == {
        "a": Decision(E, None, "Luban 2026"),
        "b": Decision(N, "no transcript", None),
        "c": Decision(N, None, None),
    }
    assert rules.decided([Requested("a", E)], "")["a"].cohort is None


def test_only_what_changed_is_told():
    before = {"a": Decision(E, None, "c1"), "b": Decision(N, "late", None)}
    after = {"a": Decision(E, None, "c1"), "b": Decision(N, "later", None), "c": Decision(E)}
    assert rules.changed(before, after) == ["b", "c"]
    assert rules.changed(after, after) == []
    # the same endorsement in another cohort is a change the applicant hears about
    assert rules.changed(before, {"a": Decision(E, None, "c2")}) == ["a"]


@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from([E, N]), max_size=8),
    st.integers(min_value=0, max_value=20),
)
def test_the_counts_add_up_to_the_pool(decided, extra):
    pool = len(decided) + extra
    counts = rules.counts((Decision(s) for s in decided.values()), pool)
    assert counts["endorsed"] + counts["not_endorsed"] + counts["undecided"] == pool
    assert counts["endorsed"] == sum(1 for s in decided.values() if s == E)
