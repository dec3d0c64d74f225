"""Every word of the referee pages (issue 15) exists in Chinese, Russian and Urdu: the
referee's page behind the link, the applicant's referees block and every refusal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.portal.i18n import translate
from services.portal.views import referees
from services.portal.web import TEMPLATES as PAGES

TEMPLATES = Path(referees.__file__).parent.parent / "templates" / "referees"
LITERAL = re.compile(r"""_\(\s*(["'])(.+?)\1\s*[,)]""")


def _template_words() -> set[str]:
    words = set()
    for path in TEMPLATES.glob("*.html"):
        words |= {m.group(2) for m in LITERAL.finditer(path.read_text())}
    # the field labels passed to the form macros
    block = (TEMPLATES / "_block.html").read_text()
    words |= set(re.findall(r'field\([^,]+, "([^"]+)"', block)) | set(re.findall(r'select\([^,]+, "([^"]+)"', block))
    return words


WORDS = sorted(
    _template_words()
    | set(referees.SAID.values())
    | {f"position:{p}" for p in referees.POSITIONS}
    | {f"letter:{s}" for s in ("requested", "opened", "submitted", "declined", "expired")}
    | {
        "The referee was asked for a letter.",
        "The referee was reminded.",
        "The request was cancelled.",
        "The referee was replaced.",
        "Enter the referee's e-mail address.",
        "Choose the referee's position.",
        "Choose a PDF file.",
        "This e-mail address is not valid.",
    }
)


def test_the_words_were_found():
    assert len(WORDS) > 60 and "Recommendation letter" in WORDS and "Ask for a letter" in WORDS


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_referee_word_is_translated(lang):
    missing = [w for w in WORDS if translate(lang, w) == translate("en", w)]
    assert missing == []


def test_value_keys_read_as_words_in_english():
    assert translate("en", "letter:submitted") == "letter received"
    assert translate("en", "position:associate_professor") == "associate professor"
    assert translate("ru", "Letters needed: {n}", n=2) == "Нужно писем: 2"


@pytest.mark.parametrize(
    "lang,expected",
    [("en", "A, B and C"), ("ur", "A، B، اور C"), ("zh", "A、B和C"), ("ru", "A, B и C")],
)
def test_lists_of_words_are_joined_as_each_language_joins_them(lang, expected):
    assert PAGES.env.from_string("{{ items|listed }}").render(lang=lang, items=["A", "B", "C"]) == expected
