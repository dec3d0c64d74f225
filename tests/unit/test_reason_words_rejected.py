"""A rejected required document is worded in every language as rejected, to upload again."""

from __future__ import annotations

import pytest

from shared.reason_words import SENTENCES, TRANSLATIONS


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_a_rejected_document_has_its_sentence_in_each_language(lang):
    ((names, english),) = SENTENCES["eligibility.document_rejected"]
    assert names == {"kind"} and "{kind}" in TRANSLATIONS[english][lang]
    assert TRANSLATIONS[english][lang] != TRANSLATIONS["Required document missing: {kind}"][lang]
