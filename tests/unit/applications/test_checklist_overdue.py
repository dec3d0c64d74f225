"""An overdue re-upload task on the checklist (issue 15): a rejected document whose deadline
has passed is marked overdue (the item's next step and the version itself), for the applicant
and the reviewer alike; on its last day it is not yet overdue, and a new upload ends it."""

from __future__ import annotations

from datetime import date, timedelta

from services.applications.domain.checklist import ItemState, Next, Requirement, build
from services.applications.domain.verification import task_overdue
from tests.unit.applications.test_checklist import BASE, CGS, CYCLE, TODAY, doc, item


def _rejected(due_on: date | None, **kw):
    return doc("t1", "transcript", "rejected", rejection_reason="illegible", due_on=due_on, **kw)


def test_a_task_is_overdue_only_after_its_last_day_and_only_while_open():
    last_day = date(2026, 12, 14)
    assert not task_overdue("rejected", False, last_day, last_day)  # the last day itself: still in time
    assert task_overdue("rejected", False, last_day, last_day + timedelta(days=1))
    assert not task_overdue("rejected", True, last_day, last_day + timedelta(days=9))  # replaced: no task
    assert not task_overdue("pending", False, last_day, last_day + timedelta(days=9))
    assert not task_overdue("rejected", False, None, last_day)  # no deadline, never late


def test_the_checklist_marks_a_rejected_transcript_overdue_once_its_deadline_passed():
    late = _rejected(TODAY - timedelta(days=1))
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, [doc("p1", "passport", "verified"), late], [], TODAY)
    transcript = item(choice, Requirement.DOCUMENT, kind="transcript")
    assert transcript.state == ItemState.REJECTED and transcript.next == Next.REUPLOAD
    assert dict(transcript.next_params) == {
        "kind": "transcript",
        "due_on": (TODAY - timedelta(days=1)).isoformat(),
        "overdue": True,
    }
    assert [d.overdue for d in transcript.documents] == [True]
    # the property items carry the same version, overdue too
    hec = item(choice, Requirement.DOCUMENT_PROPERTY, property="attested:hec")
    assert [d.overdue for d in hec.documents] == [True]

    # due today: not overdue (no flag at all in the next step's parameters)
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, [_rejected(TODAY)], [], TODAY)
    transcript = item(choice, Requirement.DOCUMENT, kind="transcript")
    assert "overdue" not in transcript.next_params and not transcript.documents[0].overdue

    # a late upload ends the task: the new version awaits review, nothing is overdue
    again = [_rejected(TODAY - timedelta(days=3), superseded=True), doc("t2", "transcript", version=2)]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, again, [], TODAY)
    transcript = item(choice, Requirement.DOCUMENT, kind="transcript")
    assert transcript.state == ItemState.AWAITING_REVIEW and "overdue" not in transcript.next_params
    assert [(d.id, d.overdue) for d in transcript.documents] == [("t2", False)]
