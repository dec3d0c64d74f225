"""The applicant's sharing section and the referees' letters (issue 15), over fake services, in
every language: consenting to share the documents says that the letters go with them, and a
host's read of a letter is listed as a recommendation letter, never as a document."""

from __future__ import annotations

import pytest

from services.portal.consent_words import CONSENT_WORDS
from tests.unit.portal.test_award_pages import LANGS
from tests.unit.portal.test_consent_pages import portal_as, words  # noqa: F401 - the fixture

LETTERS_SHARED = (
    "With your documents, the host may also read the recommendation letters your referees sent (you never see them)."
)


def test_the_letter_words_are_in_four_languages_and_distinct():
    for key in (LETTERS_SHARED, "read:letter"):
        texts = CONSENT_WORDS[key]
        assert set(texts) == set(LANGS)
        assert len({texts[lang] for lang in LANGS}) == 4, key  # nothing left in English
    assert CONSENT_WORDS["read:letter"]["en"] != CONSENT_WORDS["read:document"]["en"]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_sharing_section_says_letters_go_with_documents_and_lists_a_letter_read(portal_as, lang):  # noqa: F811
    p = await portal_as("applicant", lang)
    p.apps.reads = [
        {"institution_id": "xjmu", "what": "letter:r-7", "read_at": "2027-04-02T09:16:00+00:00"},
        {"institution_id": "xjmu", "what": "document:d1", "read_at": "2027-04-02T09:15:00+00:00"},
    ]
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200
    html = page.text
    what = html[html.index('class="consent-what"') :]
    what = what[: what.index("</ul>")]
    assert words(lang, LETTERS_SHARED) in what and 'id="consent-letters"' in what

    table = html[html.index('id="identity-reads"') :]
    table = table[: table.index("</table>")]
    letter_row = table[table.index('class="read-letter"') :]
    letter_row = letter_row[: letter_row.index("</tr>")]
    assert words(lang, "read:letter") in letter_row
    assert words(lang, "read:document") not in letter_row  # a letter is not called a document
    document_row = table[table.index('class="read-document"') :]
    assert words(lang, "read:document") in document_row[: document_row.index("</tr>")]
