"""Lifecycle rules: windows, edits, submit, withdraw, offers, match events."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.applications.domain.lifecycle import (
    MatchOutcome,
    ProgrammeView,
    Window,
    WindowState,
    check_can_answer_offer,
    check_can_edit,
    check_can_submit,
    check_can_withdraw,
    check_choices,
    check_no_place_held,
    choice_errors,
    repeats_last,
    status_after_match_event,
)
from shared.errors import Conflict, DomainError, Invalid
from shared.events.catalog import ApplicationStatus
from shared.intake import intake_of

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
OPEN = Window(NOW - timedelta(days=1), NOW + timedelta(days=1))
CLOSED = Window(NOW - timedelta(days=10), NOW - timedelta(seconds=1))
UPCOMING = Window(NOW + timedelta(days=1), NOW + timedelta(days=10))


def test_window_states():
    assert OPEN.state(NOW) == WindowState.OPEN and CLOSED.state(NOW) == "closed"
    assert UPCOMING.state(NOW) == WindowState.UPCOMING
    assert Window(NOW - timedelta(days=1), NOW).state(NOW) == "closed"  # closes_at is exclusive


def test_no_edit_after_the_window_closes_names_closes_at():
    with pytest.raises(Conflict) as e:
        check_can_edit("submitted", CLOSED, NOW)
    assert e.value.code == "application.window_closed" and CLOSED.closes_at.isoformat() in e.value.reason
    assert e.value.field == "cycle_id"
    assert e.value.errors[0].as_dict()["closes_at"] == CLOSED.closes_at.isoformat()


@pytest.mark.parametrize("status", ["under_review", "offered", "withdrawn", "accepted"])
def test_no_edit_outside_draft_and_submitted(status):
    with pytest.raises(Conflict) as e:
        check_can_edit(status, OPEN, NOW)
    assert e.value.code == "application.not_editable" and e.value.field == "status"


def test_submit_rules():
    check_can_submit("draft", OPEN, NOW, ["p1"])
    for status, window, choices, refusal, code in [
        ("submitted", OPEN, ["p1"], Conflict, "application.not_draft"),
        ("draft", CLOSED, ["p1"], Conflict, "application.window_closed"),
        ("draft", UPCOMING, ["p1"], Conflict, "application.window_not_open"),
        ("draft", OPEN, [], Invalid, "application.no_choices"),
    ]:
        with pytest.raises(DomainError) as e:
            check_can_submit(status, window, NOW, choices)
        assert type(e.value) is refusal and e.value.code == code


def test_withdraw_and_offer_answers():
    check_can_withdraw("offered")
    check_can_withdraw("under_review")
    check_can_withdraw("accepted")  # a place given up (a visa refused): it had no way out
    for final in ("declined", "withdrawn"):
        with pytest.raises(Conflict):
            check_can_withdraw(final)
    check_can_answer_offer("offered", None, NOW.date())
    with pytest.raises(Conflict) as e:
        check_can_answer_offer("under_review", None, NOW.date())
    assert "no open offer" in e.value.reason and e.value.code == "application.no_open_offer"


PROGRAMMES = {
    "a": ProgrammeView("a", "c1", "student"),
    "b": ProgrammeView("b", "c2", "student"),
    "f": ProgrammeView("f", "c1", "faculty"),
}


def test_choice_errors_name_each_choice():
    errors = choice_errors(
        ["a", "a", "b", "f", "zz"], cycle_id="c1", max_choices=3, applicant_type="student", programmes=PROGRAMMES
    )
    assert [(e.field, e.reason) for e in errors] == [
        ("choices", "at most 3 choices in this cycle; got 5"),
        ("choices.1", "programme a is listed twice"),
        ("choices.2", "programme b belongs to cycle c2, not c1"),
        ("choices.3", "programme f is for faculty applicants, you are student"),
        ("choices.4", "unknown programme zz"),
    ]
    assert len({e.code for e in errors}) == 5
    assert choice_errors(["a"], cycle_id="c1", max_choices=3, applicant_type="student", programmes=PROGRAMMES) == []


def test_a_programme_taken_off_offer_takes_no_new_choices_and_stays_with_those_who_had_it():
    """Seats set to 0 had left the programme open to new applicants: an officer could not take
    it off offer once chosen."""
    closed = {**PROGRAMMES, "z": ProgrammeView("z", "c1", "student", closed=True)}
    rules = dict(cycle_id="c1", max_choices=3, applicant_type="student", programmes=closed)
    [error] = choice_errors(["a", "z"], **rules)
    assert (error.field, error.code) == ("choices.1", "application.programme_closed")
    assert choice_errors(["a", "z"], kept=["z"], **rules) == []  # a submitted application keeps it


def test_invalid_choices_are_refused_all_at_once():
    check_choices(["a"], cycle_id="c1", max_choices=3, applicant_type="student", programmes=PROGRAMMES)
    with pytest.raises(Invalid) as e:
        check_choices(["b", "zz"], cycle_id="c1", max_choices=3, applicant_type="student", programmes=PROGRAMMES)
    assert e.value.code == "application.invalid_choices"
    assert [x.field for x in e.value.errors] == ["choices.0", "choices.1"]


@pytest.mark.parametrize(
    "status,outcome,expected",
    [
        ("submitted", MatchOutcome.PROPOSED, ApplicationStatus.UNDER_REVIEW),
        ("waitlisted", MatchOutcome.PROPOSED, ApplicationStatus.UNDER_REVIEW),
        ("submitted", MatchOutcome.WAITLISTED, ApplicationStatus.WAITLISTED),
        ("submitted", MatchOutcome.UNMATCHED, ApplicationStatus.UNMATCHED),
        ("under_review", MatchOutcome.APPROVED, ApplicationStatus.OFFERED),
        ("waitlisted", MatchOutcome.APPROVED, ApplicationStatus.OFFERED),
        ("offered", MatchOutcome.REJECTED, ApplicationStatus.SUBMITTED),
        ("under_review", MatchOutcome.REJECTED, ApplicationStatus.SUBMITTED),
        ("under_review", MatchOutcome.UNMATCHED, ApplicationStatus.UNMATCHED),
        ("accepted", MatchOutcome.CONFIRMED, ApplicationStatus.ACCEPTED),
        ("offered", MatchOutcome.CONFIRMED, ApplicationStatus.ACCEPTED),
        ("withdrawn", MatchOutcome.PROPOSED, None),
        ("withdrawn", MatchOutcome.APPROVED, None),
        ("declined", MatchOutcome.APPROVED, None),
        ("draft", MatchOutcome.PROPOSED, None),
        ("accepted", MatchOutcome.REJECTED, None),
    ],
)
def test_match_events(status, outcome, expected):
    assert status_after_match_event(status, outcome) == expected


def test_a_line_repeating_the_last_status_and_reason_is_a_repeat():
    history = [{"status": "submitted", "reason": None}, {"status": "unmatched", "reason": "p1: programme full"}]
    assert repeats_last(history, "unmatched", "p1: programme full")
    assert not repeats_last(history, "unmatched", "p1: grade below required")  # a new reason
    assert not repeats_last(history, "waitlisted", "p1: programme full")  # a new status
    assert not repeats_last([], "submitted", None)


def test_one_accepted_place_per_intake():
    sept = date(2027, 9, 1)
    check_no_place_held(sept, [])
    # the next academic year, a spring semester, an earlier year: other intakes
    for other in (date(2028, 8, 1), date(2028, 2, 15), date(2025, 9, 1)):
        check_no_place_held(sept, [("a-other", other)])
    for other in (sept, date(2027, 10, 1), date(2027, 6, 1)):
        with pytest.raises(Conflict) as refused:
            check_no_place_held(sept, [("a-other", other)])
        assert refused.value.code == "offer.place_held" and refused.value.context["held"] == "a-other"
    # a cycle without a start day is dated by the close of its applications
    assert intake_of(None, datetime(2027, 5, 31, 12, tzinfo=UTC)) == date(2027, 5, 31)
    assert intake_of(sept, datetime(2027, 5, 31, 12, tzinfo=UTC)) == sept
