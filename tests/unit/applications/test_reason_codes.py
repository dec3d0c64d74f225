"""Issue 18: eligibility reasons reach readers by code (the preview, a refused submit) and a
round's reasons are kept in the history by code, with the programme's name, beside the words."""

from __future__ import annotations

import pytest

from services.applications import handlers
from services.applications.api.schemas import ApplicationOut, EligibilityOut
from services.applications.service import applications
from shared.errors import Invalid
from shared.events.catalog import ApplicationUnmatched, ApplicationWaitlisted, ChoiceReason, WaitlistPosition
from tests.unit.applications.test_service import CYCLE, db, draft, submitted  # noqa: F401 - fixtures

GRADE = {
    "code": "eligibility.grade_below",
    "params": {"grade": 70, "min_grade": 90},
    "text": "grade 70 below required 90",
}


async def test_the_preview_and_a_refused_submit_give_each_reason_by_code(db):  # noqa: F811 - the fixture
    ref = await draft(db, ["easy", "hard"], grade=70)
    async with db.sessions() as s:
        verdicts = await applications.preview_eligibility(s, ref.applicant_id, ref.id)
    answer = EligibilityOut.of(ref.id, verdicts).model_dump()
    hard = answer["choices"][1]
    assert hard["reasons"] == ["grade 70 below required 90"]  # old readers keep their words
    assert hard["details"] == [GRADE]
    assert answer["choices"][0]["details"] == []
    with pytest.raises(Invalid) as refused:
        await submitted(db, ref)
    item = refused.value.errors[0].as_dict()
    assert item["reasons"] == ["grade 70 below required 90"] and item["details"] == [GRADE]


async def test_a_rounds_reasons_are_kept_by_code_with_the_programmes_name(db):  # noqa: F811 - the fixture
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    event = ApplicationUnmatched(
        round_id="r-1",
        application_id=ref.id,
        applicant_id=ref.applicant_id,
        cycle_id=CYCLE,
        reasons=[
            ChoiceReason(
                programme_id="easy",
                reason="programme full: lowest held score 81.0 > yours 77.0",
                code="round.programme_full",
                params={"lowest": 81, "yours": 77},
            )
        ],
    )
    async with db.tx() as s:
        await handlers.on_unmatched(s, event, None)
    line = ApplicationOut.of(await db.get(ref.id)).history[-1]
    assert line.status == "unmatched"
    (detail,) = line.details
    assert detail["code"] == "round.programme_full" and detail["params"] == {"lowest": 81, "yours": 77}
    assert detail["programme_id"] == "easy" and detail["programme"] == "easy"  # its title (the fixture titles it by id)
    assert detail["text"] == "programme full: lowest held score 81.0 > yours 77.0"


async def test_a_waitlist_place_is_kept_by_code_too(db):  # noqa: F811 - the fixture
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    event = ApplicationWaitlisted(
        round_id="r-1",
        application_id=ref.id,
        applicant_id=ref.applicant_id,
        cycle_id=CYCLE,
        positions=[WaitlistPosition(programme_id="easy", position=3)],
    )
    async with db.tx() as s:
        await handlers.on_waitlisted(s, event, None)
    line = ApplicationOut.of(await db.get(ref.id)).history[-1]
    assert line.reason == "easy #3"  # the words as before
    assert [(d["code"], d["params"], d["programme"]) for d in line.details] == [
        ("round.waitlist_position", {"position": 3}, "easy")
    ]


async def test_a_waitlisted_application_keeps_why_its_other_choices_placed_it_nowhere(db):  # noqa: F811 - the fixture
    ref = await draft(db, ["easy", "far"])
    await submitted(db, ref)
    full = ChoiceReason(
        programme_id="far", reason="programme full", code="round.programme_full", params={"lowest": 81, "yours": 77}
    )
    event = ApplicationWaitlisted(
        round_id="r-1",
        application_id=ref.id,
        applicant_id=ref.applicant_id,
        cycle_id=CYCLE,
        positions=[WaitlistPosition(programme_id="easy", position=3)],
        # the waitlisted programme's own reason is its position: said once
        reasons=[full, ChoiceReason(programme_id="easy", reason="programme full", code="round.programme_full")],
    )
    async with db.tx() as s:
        await handlers.on_waitlisted(s, event, None)
    line = ApplicationOut.of(await db.get(ref.id)).history[-1]
    assert line.reason == "easy #3"
    assert [(d["programme_id"], d["code"]) for d in line.details] == [
        ("easy", "round.waitlist_position"),
        ("far", "round.programme_full"),
    ]


def test_control_characters_are_refused_with_a_code_of_their_own():
    """pydantic's generic "value_error" left the portal nothing to word it by: text pasted
    from another document (a vertical tab, a form feed) read as English on a Urdu page."""
    from pydantic import TypeAdapter, ValidationError

    from services.applications.api.schemas import Statement

    adapter = TypeAdapter(Statement)
    assert adapter.validate_python("line one\nline two\ttabbed") == "line one\nline two\ttabbed"
    for pasted in ("a\x0bb", "a\x0cb", "a\x7fb"):
        with pytest.raises(ValidationError) as refused:
            adapter.validate_python(pasted)
        [error] = refused.value.errors()
        assert error["type"] == "control_characters" and "control characters" in error["msg"]
