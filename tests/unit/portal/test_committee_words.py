"""The committee workbench's own words (refusals by code, labels in template tuples) exist
in every language; the template scan of test_portal_units does not see these."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.matching.domain.journal import Action
from services.portal.i18n import CATALOGS, translate
from services.portal.views.committee import DEFAULT_CRITERIA, WORDS

TEMPLATES = Path(__file__).resolve().parents[3] / "services/portal/templates/committee"
VIEW = Path(__file__).resolve().parents[3] / "services/portal/views/committee.py"


def _words() -> set[str]:
    words = set(WORDS.values())
    for f in TEMPLATES.glob("*.html"):
        # labels passed as ("key", "English label") pairs and then through _(label)
        words |= set(re.findall(r'\(\s*"[a-z_]+",\s*"([A-Z][^"]+)"\s*\)', f.read_text()))
    words |= set(re.findall(r'errors(?:\[[^\]]+\]\s*=|=\{"\w+":)\s*"([^"]+)"', VIEW.read_text()))
    return words


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_committee_word_is_translated(lang):
    words = _words()
    assert {"Reviewers per application", "This score is outside the criterion's range."} <= words
    assert sorted(w for w in words if w not in CATALOGS[lang]) == []


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_every_journal_action_has_a_name(lang):
    for action in Action:
        assert CATALOGS[lang].get(f"journal:{action.value}"), (lang, action)
    assert translate("ru", "journal:review.scored") == "оценки отправлены"


def test_the_default_criteria_fit_the_service_rules():
    from services.matching.domain.committee import Criterion, scoresheet_problems

    assert scoresheet_problems([Criterion(**c) for c in DEFAULT_CRITERIA], 2, 20) == []
