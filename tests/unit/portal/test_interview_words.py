"""The interview pages' words exist in every language, and times read in the zone given."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.matching.domain.journal import Action
from services.portal.i18n import CATALOGS, translate
from services.portal.views.committee import INTERVIEW_WORDS
from services.portal.views.interviews import WORDS, when

ROOT = Path(__file__).resolve().parents[3] / "services/portal"
PAGES = [ROOT / "templates/interviews/applicant.html", ROOT / "templates/committee/interviews.html"]
VIEWS = [ROOT / "views/interviews.py", ROOT / "views/committee.py"]


def _words() -> set[str]:
    words = set(WORDS.values()) | set(INTERVIEW_WORDS.values())
    for page in PAGES:
        text = page.read_text()
        words |= set(re.findall(r'_\("([^"]+)"', text))
        words |= set(re.findall(r'\(\s*"[a-z_]+",\s*"([A-Z][^"]+)",\s*"[a-z-]+"\s*\)', text))
    words = (words - {"attendance:"}) | {"Interview: invitation and booking"}  # "attendance:" ~ value: below
    for view in VIEWS:
        words |= set(re.findall(r's\.flash\(\s*"([^"]+)"', view.read_text()))
    return words


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_interview_word_is_translated(lang):
    words = _words()
    assert {
        "Host's time",
        "Starts at (host's time)",
        "Your interview is booked. We sent you a calendar invitation by e-mail.",
    } <= words
    assert sorted(w for w in words if w not in CATALOGS[lang]) == []


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_interview_values_and_journal_actions_have_names(lang):
    for value in ("attendance:attended", "attendance:no_show"):
        assert CATALOGS[lang].get(value)
    for action in Action:
        if action.value.startswith("interview."):
            assert CATALOGS[lang].get(f"journal:{action.value}"), (lang, action)
    assert translate("ur", "Free times") == "خالی اوقات"


def test_a_time_reads_in_the_zone_and_language():
    assert when("en", "2026-12-03T07:00:00+05:00", "Asia/Karachi") == (
        "Thursday, 3 December 2026, 07:00 (Asia/Karachi, UTC+05:00)"
    )
    assert when("zh", "2026-12-03T10:00:00+08:00", "Asia/Shanghai").endswith("10:00 (Asia/Shanghai, UTC+08:00)")
    assert when("ur", None, "UTC") == ""
