"""Nominations, pure (issue 14): the allocation from the quota rules, the checks of a list,
what a publication tells, and the reserve moving up; with properties over random lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.matching.domain.nominations import (
    Decision,
    RuleFacts,
    allocation,
    changed,
    check_list,
    counts,
    has_nomination_stage,
    path_problems,
    planned,
    withdrawn,
)
from shared.errors import Invalid
from shared.events.catalog import NominationState

NOMINATED, RESERVE = NominationState.NOMINATED, NominationState.RESERVE
NOT_NOMINATED, WITHDRAWN = NominationState.NOT_NOMINATED, NominationState.WITHDRAWN


def test_the_allocation_is_the_smallest_cap_of_the_rules_on_the_country_as_a_whole():
    rules = [
        RuleFacts({"sending_country": ["PK", "KZ"]}, [], 5),  # PK and KZ together: counts for each
        RuleFacts({"sending_country": ["PK"]}, [], 3),
        RuleFacts({}, ["sending_country"], 4),  # every country: 4 each
        RuleFacts({"sending_country": ["PK"], "host_institution": ["lzu"]}, [], 1),  # narrower scope: not it
        RuleFacts({"sending_country": ["PK"]}, ["programme"], 1),  # per programme: not the country's total
        RuleFacts({"sending_country": ["PK"]}, [], None),  # a share of seats: no count
    ]
    assert allocation(rules, "PK") == 3
    assert allocation(rules, "KZ") == 4
    assert allocation(rules, "UZ") == 4
    assert allocation(rules[:2], "UZ") is None  # no rule on it: no limit
    assert allocation([], "PK") is None


def test_a_path_names_known_stages_once_in_order_with_matching_review_and_answer():
    def codes(path):
        return [p.code for p in path_problems(path)]

    assert codes([]) == []  # direct
    assert codes(["nomination", "matching", "review", "admission", "answer"]) == []
    assert codes(["endorsement", "matching", "review", "admission", "answer"]) == []
    assert codes(["matching", "nomination", "review", "answer"]) == ["scheme.stage_order"]
    assert codes(["matching", "review", "review", "answer"]) == ["scheme.stage_repeated"]
    assert codes(["nomination", "matching", "answer"]) == ["scheme.stage_missing"]
    assert codes(["matching", "review", "answer", "graduation"]) == ["scheme.unknown_stage"]
    assert {p.field for p in path_problems(["answer", "matching"])} == {"path"}


def test_a_path_has_a_nomination_stage_or_not():
    assert has_nomination_stage(["nomination", "matching", "review", "admission", "answer"])
    assert not has_nomination_stage(["matching", "review", "admission", "answer"])
    assert not has_nomination_stage([])


def test_a_list_is_refused_with_every_problem_named():
    with pytest.raises(Invalid) as err:
        check_list(["a", "b", "x"], ["a"], ["c"], {"a", "b", "c"}, 2)
    found = {(e.field, e.code) for e in err.value.errors}
    assert found == {
        ("nominees.2", "nomination.not_in_pool"),
        ("reserve.0", "nomination.duplicate"),
        ("nominees", "nomination.over_allocation"),
    }
    over = next(e for e in err.value.errors if e.code == "nomination.over_allocation")
    assert over.context == {"allocation": 2}
    check_list(["a", "b"], ["c"], [], {"a", "b", "c"}, 2)  # within: no error
    check_list(["a", "b", "c"], [], [], {"a", "b", "c"}, None)  # no allocation: no limit


def test_planned_puts_the_rest_of_the_pool_off_the_list_and_keeps_the_withdrawn():
    current = {"w": Decision(WITHDRAWN, None, "moved abroad"), "p": Decision(NOMINATED, 1, promoted=True)}
    after = planned(current, ["a", "b", "c", "d", "w", "p"], ["p", "a"], ["b"], {"c": "grade too low"})
    assert after == {
        "p": Decision(NOMINATED, 1, promoted=True),  # still where it was promoted to: still promoted
        "a": Decision(NOMINATED, 2),
        "b": Decision(RESERVE, 1),
        "c": Decision(NOT_NOMINATED, None, "grade too low"),
        "d": Decision(NOT_NOMINATED),
        "w": Decision(WITHDRAWN, None, "moved abroad"),
    }
    assert changed(current, after) == ["a", "b", "c", "d"]
    assert changed({}, after) == sorted(after)  # the first publication tells everyone
    again = planned(after, list(after), ["a", "p"], ["b"], {"c": "grade too low"})
    assert changed(after, again) == ["a", "p"]  # positions swapped
    assert again["p"] == Decision(NOMINATED, 2, promoted=True)  # it still came from the reserve


def test_a_withdrawn_nominee_gives_its_place_to_the_first_reserve_and_the_reserve_closes_up():
    decisions = {
        "n1": Decision(NOMINATED, 1),
        "n2": Decision(NOMINATED, 2),
        "r1": Decision(RESERVE, 1),
        "r2": Decision(RESERVE, 2),
        "r3": Decision(RESERVE, 3),
        "x": Decision(NOT_NOMINATED, None, "late"),
    }
    out = withdrawn(decisions, "n1", "host rejected")
    assert out == {
        "n1": Decision(WITHDRAWN, None, "host rejected"),
        "r1": Decision(NOMINATED, 1, None, promoted=True),
        "r2": Decision(RESERVE, 1),
        "r3": Decision(RESERVE, 2),
    }
    # a reserve leaving: nobody promoted, those behind close up
    assert withdrawn(decisions, "r2", None) == {"r2": Decision(WITHDRAWN), "r3": Decision(RESERVE, 2)}
    # off the list already, or unknown: nothing changes
    assert withdrawn(decisions, "x", "why") == {}
    assert withdrawn(decisions, "nobody", "why") == {}
    # no reserve left: the place stays empty
    assert withdrawn({"n1": Decision(NOMINATED, 1)}, "n1", None) == {"n1": Decision(WITHDRAWN)}


# --- properties ------------------------------------------------------------------------------


@st.composite
def lists(draw):
    """A pool, an allocation, and a valid list: nominees within it, a reserve, the rest."""
    pool = [f"a{i}" for i in range(draw(st.integers(1, 25)))]
    order = draw(st.permutations(pool))
    alloc = draw(st.integers(0, len(pool)))
    n = draw(st.integers(0, alloc))
    r = draw(st.integers(0, len(pool) - n))
    return pool, alloc, list(order[:n]), list(order[n : n + r])


def _ranked(decisions, state):
    return [a for a, d in sorted(decisions.items(), key=lambda kv: kv[1].position or 0) if d.state == state]


@settings(max_examples=200, deadline=None)
@given(lists(), st.data())
def test_withdrawals_never_exceed_the_allocation_and_keep_the_reserve_order(case, data):
    pool, alloc, nominees, reserve = case
    check_list(nominees, reserve, [], pool, alloc)
    decisions = planned({}, pool, nominees, reserve, {})
    assert counts(decisions.values()) == (len(nominees), len(reserve))
    assert _ranked(decisions, RESERVE) == reserve
    for _ in range(data.draw(st.integers(0, len(pool)))):
        on_list = sorted(a for a, d in decisions.items() if d.state in (NOMINATED, RESERVE))
        if not on_list:
            break
        gone = data.draw(st.sampled_from(on_list))
        reserve_before = _ranked(decisions, RESERVE)
        nominees_before = _ranked(decisions, NOMINATED)
        decisions = {**decisions, **withdrawn(decisions, gone, "r")}
        nominated, on_reserve = counts(decisions.values())
        assert nominated <= alloc
        # nominees keep distinct places (an empty one stays empty); the reserve is 1..m without gaps
        places = [d.position for d in decisions.values() if d.state == NOMINATED]
        assert len(set(places)) == len(places) and all(1 <= p <= len(nominees) for p in places)
        assert sorted(d.position for d in decisions.values() if d.state == RESERVE) == list(range(1, on_reserve + 1))
        if gone in nominees_before and reserve_before:
            # the first reserve takes the nominee's place; the others keep their order
            assert decisions[reserve_before[0]] == Decision(NOMINATED, nominees_before.index(gone) + 1, promoted=True)
            assert _ranked(decisions, RESERVE) == reserve_before[1:]
            assert nominated == len(nominees_before)
        else:
            assert _ranked(decisions, RESERVE) == [a for a in reserve_before if a != gone]
            assert nominated == len(nominees_before) - (gone in nominees_before)
        assert decisions[gone].state == WITHDRAWN


@settings(max_examples=200, deadline=None)
@given(lists(), st.integers(1, 5))
def test_more_nominees_than_the_allocation_are_always_refused(case, extra):
    pool, alloc, _, _ = case
    pool = pool + [f"b{i}" for i in range(alloc + extra)]
    with pytest.raises(Invalid) as err:
        check_list(pool[: alloc + extra], [], [], pool, alloc)
    assert [e.code for e in err.value.errors] == ["nomination.over_allocation"]
