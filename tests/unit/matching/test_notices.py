"""When a round's outcome is news (domain/notices.py): a new status, a changed set of
reasons, a waitlist programme added or removed, a better position; not a worse position
or a cut-off score that moved."""

from __future__ import annotations

from services.matching.domain.notices import Told, told, waitlist_news, worth_telling

FULL = {"programme_id": "ir", "kind": "programme_full", "reason": "programme full: lowest held score 93 > yours 91"}
CAP = {"programme_id": "pe", "kind": "cap_full", "reason": "at most 2 from KZ full", "caps": ["kz"]}
HSK = {"programme_id": "med", "kind": "ineligible", "reason": "ineligible: HSK 3 below required 4"}


def _waitlisted(*reasons, **positions) -> Told:
    return told("waitlisted", reasons, [{"programme_id": p, "position": n} for p, n in positions.items()])


def test_nothing_told_yet_is_news():
    assert worth_telling(None, _waitlisted(FULL, ir=3))


def test_the_same_outcome_again_is_not_news():
    assert not worth_telling(_waitlisted(FULL, CAP, ir=3, pe=2), _waitlisted(CAP, FULL, pe=2, ir=3))


def test_a_new_status_is_news():
    before = _waitlisted(FULL, ir=3)
    assert worth_telling(before, told("unmatched", [FULL], []))
    assert worth_telling(told("matched", [], []), before)


def test_a_changed_set_of_reasons_is_news():
    before = _waitlisted(FULL, ir=3)
    assert worth_telling(before, _waitlisted(FULL, HSK, ir=3))  # a reason added
    assert worth_telling(_waitlisted(FULL, HSK, ir=3), before)  # a reason gone
    other = {**HSK, "reason": "ineligible: grade 70 below required 80"}
    assert worth_telling(_waitlisted(FULL, HSK, ir=3), _waitlisted(FULL, other, ir=3))  # different words
    kz_and_pk = {**CAP, "caps": ["kz", "pk"]}
    assert worth_telling(_waitlisted(CAP, pe=2), _waitlisted(kz_and_pk, pe=2))  # another quota full


def test_a_moved_cut_off_score_is_not_news():
    moved = {**FULL, "reason": "programme full: lowest held score 94 > yours 91"}
    assert not worth_telling(_waitlisted(FULL, ir=3), _waitlisted(moved, ir=3))


def test_waitlist_news_is_a_better_position_or_a_programme_added_or_removed():
    assert waitlist_news({"ir": 3}, {"ir": 2})  # improved
    assert not waitlist_news({"ir": 3}, {"ir": 5})  # only worse: others were placed above
    assert not waitlist_news({"ir": 3, "pe": 2}, {"ir": 3, "pe": 2})
    assert waitlist_news({"ir": 3}, {"ir": 3, "pe": 4})  # added
    assert waitlist_news({"ir": 3, "pe": 4}, {"ir": 3})  # removed
    assert waitlist_news({"ir": 3, "pe": 4}, {"ir": 4, "pe": 1})  # one better is enough
    assert worth_telling(_waitlisted(FULL, ir=3), _waitlisted(FULL, ir=2))
    assert not worth_telling(_waitlisted(FULL, ir=3), _waitlisted(FULL, ir=7))
