"""Lifecycle rules: windows, edits, submit, withdraw, offers, match events."""

from datetime import UTC, datetime, timedelta

import pytest

from services.applications.domain.lifecycle import (
    ProgrammeView,
    Status,
    Window,
    check_can_answer_offer,
    check_can_edit,
    check_can_submit,
    check_can_withdraw,
    choice_errors,
    status_after_match_event,
)
from shared.api import DomainError

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
OPEN = Window(NOW - timedelta(days=1), NOW + timedelta(days=1))
CLOSED = Window(NOW - timedelta(days=10), NOW - timedelta(seconds=1))
UPCOMING = Window(NOW + timedelta(days=1), NOW + timedelta(days=10))


def test_window_states():
    assert OPEN.state(NOW) == "open" and CLOSED.state(NOW) == "closed" and UPCOMING.state(NOW) == "upcoming"
    assert Window(NOW - timedelta(days=1), NOW).state(NOW) == "closed"  # closes_at is exclusive


def test_no_edit_after_the_window_closes_names_closes_at():
    with pytest.raises(DomainError) as e:
        check_can_edit("submitted", CLOSED, NOW)
    assert e.value.status == 409 and CLOSED.closes_at.isoformat() in e.value.reason
    assert e.value.extra["closes_at"] == CLOSED.closes_at.isoformat()


@pytest.mark.parametrize("status", ["matched", "offered", "withdrawn", "accepted"])
def test_no_edit_outside_draft_and_submitted(status):
    with pytest.raises(DomainError) as e:
        check_can_edit(status, OPEN, NOW)
    assert e.value.status == 409


def test_submit_rules():
    check_can_submit("draft", OPEN, NOW, ["p1"])
    for status, window, choices, code in [
        ("submitted", OPEN, ["p1"], 409),
        ("draft", CLOSED, ["p1"], 409),
        ("draft", UPCOMING, ["p1"], 409),
        ("draft", OPEN, [], 422),
    ]:
        with pytest.raises(DomainError) as e:
            check_can_submit(status, window, NOW, choices)
        assert e.value.status == code


def test_withdraw_and_offer_answers():
    check_can_withdraw("offered")
    with pytest.raises(DomainError):
        check_can_withdraw("accepted")
    check_can_answer_offer("offered")
    with pytest.raises(DomainError) as e:
        check_can_answer_offer("matched")
    assert "no open offer" in e.value.reason


def test_choice_errors_name_each_choice():
    programmes = {
        "a": ProgrammeView("a", "c1", "student"),
        "b": ProgrammeView("b", "c2", "student"),
        "f": ProgrammeView("f", "c1", "faculty"),
    }
    errors = choice_errors(
        ["a", "a", "b", "f", "zz"], cycle_id="c1", max_choices=3, applicant_type="student", programmes=programmes
    )
    assert errors == [
        ("choices", "at most 3 choices in this cycle; got 5"),
        ("choices.1", "programme a is listed twice"),
        ("choices.2", "programme b belongs to cycle c2, not c1"),
        ("choices.3", "programme f is for faculty applicants, you are student"),
        ("choices.4", "unknown programme zz"),
    ]
    assert choice_errors(["a"], cycle_id="c1", max_choices=3, applicant_type="student", programmes=programmes) == []


@pytest.mark.parametrize(
    "status,kind,expected",
    [
        ("submitted", "proposed", Status.MATCHED),
        ("submitted", "waitlisted", Status.WAITLISTED),
        ("submitted", "unmatched", Status.UNMATCHED),
        ("matched", "approved", Status.OFFERED),
        ("waitlisted", "approved", Status.OFFERED),
        ("offered", "rejected", Status.SUBMITTED),
        ("matched", "rejected", Status.SUBMITTED),
        ("offered", "confirmed", Status.ACCEPTED),
        ("withdrawn", "proposed", None),
        ("withdrawn", "approved", None),
        ("declined", "approved", None),
        ("draft", "proposed", None),
        ("accepted", "rejected", None),
    ],
)
def test_match_events(status, kind, expected):
    assert status_after_match_event(status, kind) == expected
