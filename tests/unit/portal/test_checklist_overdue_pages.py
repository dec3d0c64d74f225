"""An overdue re-upload task in the portal's checklist (issue 15), over fake services, in every
language: once the last day to upload a new version of a rejected transcript has passed, the
applicant's checklist says it is overdue and to upload it now, and the reviewer's says the new
version has not arrived; before the deadline neither says "overdue"."""

from __future__ import annotations

import re
from datetime import date

import pytest
from markupsafe import escape

from services.applications.api.checklist_schemas import ChecklistOut
from services.applications.domain.checklist import DocumentFact, LetterFact, build
from services.portal.i18n import format_day, translate
from tests.unit.portal import test_checklist_pages as checklist_pages
from tests.unit.portal import test_document_pages as pages
from tests.unit.portal.test_checklist_pages import REQUIREMENTS, section, words

DUE = date(2027, 3, 15)
LANGS = ["en", "zh", "ru", "ur"]


def checklist_on(today: date) -> dict:
    """The application's checklist with its transcript rejected, due by DUE, seen on ``today``."""
    transcript = DocumentFact(
        "d1",
        "transcript",
        1,
        "rejected",
        False,
        frozenset({"attested", "attested:hec"}),
        rejection_reason="not_attested",
        rejection_note=pages.NOTE,
        due_on=DUE,
    )
    choices = build(
        checklist_pages.ApplicantFacts("student", "PK", 82.0, ()),
        checklist_pages.CycleFacts("c1", None, ("PK",)),
        ["p1"],
        {"p1": checklist_pages.ProgrammeFacts("p1", "c1", "student", REQUIREMENTS)},
        [transcript],
        [LetterFact("submitted", "professor")],
        today,
    )
    return ChecklistOut.of("a1", "submitted", choices, {"p1": "Clinical Medicine (MMed), XJMU"}).model_dump(mode="json")


class Fake(checklist_pages.Fake):
    def __init__(self, role: str):
        super().__init__(role)
        self.checklist = checklist_on(date(2027, 3, 20))


@pytest.fixture
def fake_services(monkeypatch):
    monkeypatch.setattr(pages, "Fake", Fake)


def transcript_item(html: str) -> str:
    box = section(html)
    return box.split('data-code="requirement.document" data-kind="transcript"', 1)[1].split("</li>", 1)[0]


def said(lang: str, key: str) -> str:
    """A sentence as the page says it (HTML-escaped) of the transcript due by DUE."""
    return str(escape(translate(lang, key, kind="transcript", due_on=DUE.isoformat())))


def test_the_overdue_words_are_in_four_languages_and_name_the_day():
    for key in ("checklist:overdue", "checklist:next.reupload_overdue", "checklist:next.reupload_overdue.staff"):
        texts = [words(lang, key) for lang in LANGS]
        assert len(set(texts)) == 4, key
    for lang in LANGS:
        assert str(escape(format_day(lang, DUE.isoformat()))) in said(lang, "checklist:next.reupload_overdue")


@pytest.mark.parametrize("lang", LANGS)
async def test_the_applicant_sees_the_overdue_task_and_not_before_its_deadline(lang, fake_services):
    client, fake, cm = await pages._portal("applicant")
    try:
        await client.get(f"/language/{lang}?next=/")
        page = await client.get("/applications/a1")
        assert page.status_code == 200, page.text[:500]
        item = transcript_item(page.text)
        assert 'class="badge checklist-overdue state-overdue"' in item
        assert words(lang, "checklist:overdue") in item
        assert said(lang, "checklist:next.reupload_overdue") in item
        assert 'class="overdue"' in item  # the rejected version itself, too
        assert said(lang, "checklist:next.reupload_by") not in item
        assert said(lang, "checklist:next.reupload_overdue.staff") not in item  # the reviewer's words
        if lang != "en":
            assert "overdue" not in re.sub(r"<[^>]+>", " ", item)  # no English left

        fake.checklist = checklist_on(DUE)  # the last day: still in time
        item = transcript_item((await client.get("/applications/a1")).text)
        assert "checklist-overdue" not in item and 'class="overdue"' not in item
        assert said(lang, "checklist:next.reupload_by") in item
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_reviewer_sees_that_the_new_version_is_overdue(lang, fake_services):
    client, _fake, cm = await pages._portal("officer")
    try:
        await client.get(f"/language/{lang}?next=/")
        page = await client.get("/officer/applications/a1/documents")
        assert page.status_code == 200, page.text[:500]
        item = transcript_item(page.text)
        assert words(lang, "checklist:overdue") in item and 'class="badge checklist-overdue state-overdue"' in item
        assert said(lang, "checklist:next.reupload_overdue.staff") in item
        assert said(lang, "checklist:next.reupload_overdue") not in item  # not the applicant's words
        assert 'id="checklist-verify-1-d1"' in item  # the review stays possible
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)
