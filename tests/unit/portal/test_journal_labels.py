"""A journal entry of a review's scores names each criterion by its label in the reader's
language ("Academic record: 6"), not by its key ("academic_record=6"); a key without a
known label is shown as it is."""

from __future__ import annotations

import re

from services.portal.domain.changes import changed_fields, criterion_labels
from tests.unit.portal.test_committee_walk_pages import REVIEWS, entry, officer, text_of  # noqa: F401  (fixture)

SCORED = entry(
    6,
    "review.scored",
    "Li Wei",
    {"scores": {"academic_record": 5.0, "leadership": 7.0, "extra": 2.0}, "composite": 60.0},
    {"scores": {"academic_record": 6.0, "leadership": 8.0, "extra": 3.0}, "composite": 70.0, "version": 2},
)
# the application's current scoresheet: a criterion of the scheme's own, as its officer wrote it
SHEET = {
    "criteria": [
        {"key": "academic_record", "label": "Academic record", "weight": 3, "min": 0, "max": 10},
        {"key": "leadership", "label": "Leadership", "weight": 1, "min": 0, "max": 10},
    ]
}


def rows_of(html: str) -> list[str]:
    return [text_of(r) for r in re.findall(r"<tr>\s*<td data-label=.*?</tr>", html, re.S)]


async def test_a_scores_entry_names_its_criteria_in_the_readers_language(officer):  # noqa: F811
    officer.matching.journal = [SCORED]
    officer.matching.reviews = {**REVIEWS, "scoresheet": SHEET}
    (scored, _sheet) = rows_of((await officer.get("/officer/committee/applications/a1")).text)
    assert "scores: Academic record: 5, Leadership: 7, extra: 2" in scored
    assert "scores: Academic record: 6, Leadership: 8, extra: 3" in scored
    assert "academic_record" not in scored and "leadership" not in scored

    await officer.get("/language/zh?next=/officer/committee/applications/a1")
    (scored, _sheet) = rows_of((await officer.get("/officer/committee/applications/a1")).text)
    assert re.search(r"评分：\s*学业成绩: 6, Leadership: 8, extra: 3", scored)  # the label's colon full-width
    assert "Academic record" not in scored and "academic_record" not in scored


async def test_the_cycles_journal_names_criteria_by_its_scoresheet_changes(officer):  # noqa: F811
    saved = entry(1, "scoresheet.saved", "Chair Wang", None, SHEET, application_id=None)
    officer.matching.journal = [SCORED, saved]
    await officer.get("/language/ru?next=/officer/committee/journal?cycle_id=c1")
    (scored, _sheet) = rows_of((await officer.get("/officer/committee/journal?cycle_id=c1")).text)
    assert "оценки: Успеваемость: 6, Leadership: 8, extra: 3" in scored


def test_labels_come_from_the_usual_criteria_the_journals_scoresheets_and_the_current_one():
    older = entry(1, "scoresheet.saved", "x", None, {"criteria": [{"key": "leadership", "label": "Lead"}]})
    newer = entry(2, "scoresheet.saved", "x", None, SHEET)
    labels = criterion_labels([newer, older, SCORED], None)
    assert labels["leadership"] == "Leadership" and labels["research_plan"] == "Research plan"
    current = {"criteria": [{"key": "leadership", "label": "Leading others"}]}
    assert criterion_labels([newer], current)["leadership"] == "Leading others"
    # without a namer a key is its own name
    assert changed_fields(None, {"scores": {"academic_record": 6}}) == [("scores", "—", "academic_record: 6")]


def test_a_state_in_the_journal_is_worded_in_the_readers_language():
    """An endorsement refused reads 不推荐 in Chinese, not "not_endorsed"."""
    from services.portal.web import journal_changes

    changes = journal_changes({"lang": "zh"}, {"state": "endorsed"}, {"state": "not_endorsed"})
    assert changes == [("state", "推荐", "不推荐")]
    assert journal_changes({"lang": "ru"}, None, {"state": "nominated"}) == [("state", "—", "выдвинут(а)")]


def test_a_state_is_worded_as_what_its_field_is():
    """A match's status "withdrawn" is the application's word, not the nomination's; a host's
    decision is an admission's."""
    from services.portal.web import journal_changes

    assert journal_changes({"lang": "zh"}, {"status": "submitted"}, {"status": "withdrawn"})[0][2] == "已撤回"
    assert journal_changes({"lang": "zh"}, None, {"decision": "admitted"})[0][2] == "录取"
    assert journal_changes({"lang": "zh"}, None, {"decision": "rejected"})[0][2] == "不录取"


async def test_a_catalog_change_says_which_record_it_was(officer):  # noqa: F811
    """ "removed from the catalog" alone did not say what was removed."""
    removed = {**entry(7, "catalog.deleted", "Admin", {"id": "xjmu-med", "seats": 10}, None), "subject": "programme:xjmu-med"}  # fmt: skip
    officer.matching.journal = [removed]
    await officer.get("/language/zh?next=/officer/committee/journal?cycle_id=c1")
    (row,) = rows_of((await officer.get("/officer/committee/journal?cycle_id=c1")).text)
    assert "从目录中删除" in row and "programme:xjmu-med" in row


async def test_a_catalog_change_inside_requirements_is_named_in_the_readers_language(officer):  # noqa: F811
    """Both sides showed the whole requirements, cut before the letters, in English keys."""
    before = {"seats": 10, "requirements": {"min_grade": 70, "letters": {"count": 2}}}
    after = {"seats": 12, "requirements": {"min_grade": 70, "letters": {"count": 3}}}
    changed = {**entry(8, "catalog.updated", "Officer", before, after), "subject": "programme:lzu-ir"}
    officer.matching.journal = [changed]
    await officer.get("/language/zh?next=/officer/committee/journal?cycle_id=c1")
    (row,) = rows_of((await officer.get("/officer/committee/journal?cycle_id=c1")).text)
    assert "名额： 10" in row and "要求 › 推荐信 › 数量： 3" in row
    assert "min_grade" not in row and "requirements" not in row
