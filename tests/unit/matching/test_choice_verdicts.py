"""Each choice of an application in a round, with what the round decided of it and why
(domain/reasons.py: the officer's application page reads these)."""

from __future__ import annotations

from services.matching.domain.reasons import ChoiceResult, choice_verdicts

FULL = {"programme_id": "med", "kind": "programme_full", "reason": "programme full", "code": "round.programme_full"}
CAP = {"programme_id": "law", "kind": "cap_full", "reason": "cap full", "code": "round.cap_full"}


def results(verdicts) -> list[tuple[str, ChoiceResult]]:
    return [(v.programme_id, v.result) for v in verdicts]


def test_a_placement_below_the_first_choice_keeps_the_reasons_above_it():
    verdicts = choice_verdicts(["med", "law", "rail", "art"], "rail", [FULL, CAP], [])
    assert results(verdicts) == [
        ("med", ChoiceResult.NOT_PLACED),
        ("law", ChoiceResult.NOT_PLACED),
        ("rail", ChoiceResult.PLACED),
        ("art", ChoiceResult.BELOW_PLACEMENT),
    ]
    assert [v.rank for v in verdicts] == [1, 2, 3, 4]
    assert verdicts[0].reasons == [FULL] and verdicts[1].reasons == [CAP] and verdicts[2].reasons == []


def test_a_waitlisted_choice_carries_its_position_and_its_reasons():
    verdicts = choice_verdicts(["med", "law"], None, [FULL, CAP], [{"programme_id": "med", "position": 3}])
    assert results(verdicts) == [("med", ChoiceResult.WAITLISTED), ("law", ChoiceResult.NOT_PLACED)]
    assert (verdicts[0].waitlist_position, verdicts[0].reasons) == (3, [FULL])
    assert verdicts[1].waitlist_position is None


def test_nothing_said_of_a_choice_is_undecided_and_no_outcome_places_nothing():
    assert results(choice_verdicts(["med", "law"], None, [], [])) == [
        ("med", ChoiceResult.UNDECIDED),
        ("law", ChoiceResult.UNDECIDED),
    ]
    # a programme the application no longer names (changed choices) places none of them
    assert results(choice_verdicts(["law"], "med", [], [])) == [("law", ChoiceResult.UNDECIDED)]
