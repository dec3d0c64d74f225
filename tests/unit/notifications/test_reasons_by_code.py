"""Round outcomes tell why in the reader's language: each reason worded by its code
(shared/reason_words.py, the table the portal uses too), numbers in the reader's form and
isolated in Urdu; a reason without a known code keeps the service's English text."""

from __future__ import annotations

import pytest

from services.notifications.domain.templates import render
from shared.reason_words import TRANSLATIONS, worded

GRADE = {
    "programme": "Clinical Medicine (MMed)",
    "reason": "grade 70.5 below required 75",
    "code": "eligibility.grade_below",
    "params": {"grade": 70.5, "min_grade": 75},
}
NATIONALITY = {
    "programme": "Petroleum Engineering (BEng)",
    "reason": "nationality PK not eligible",
    "code": "eligibility.nationality",
    "params": {"nationality": "PK", "eligible": ["KZ", "UZ"]},
}
OLD = {"programme": "Agronomy (MSc)", "reason": "no seats left"}  # an event from before the codes


def unmatched(lang: str):
    context = {"name": "Bilal Ahmed", "cycle": "SCO 2026/27", "reasons": [GRADE, NATIONALITY, OLD]}
    return render("unmatched", lang, context)


@pytest.mark.parametrize(
    "lang,grade_words,country_words",
    [
        ("en", "Your grade 70.5 is below the required 75.", "Applicants from Pakistan cannot choose"),
        ("zh", "70.5", "巴基斯坦"),
        ("ru", "70,5", "Пакистан"),
        ("ur", "\u206870.5\u2069", "پاکستان"),
    ],
)
def test_each_reason_is_worded_by_its_code_in_the_readers_language(lang, grade_words, country_words):
    message = unmatched(lang)
    for body in (message.text, message.html):
        assert grade_words in body and country_words in body
        assert "grade 70.5 below required 75" not in body  # the service's English words are not shown
        assert "nationality PK not eligible" not in body
        assert "no seats left" in body  # no code: the service's text, as before


def test_the_sentences_are_the_shared_translations_the_portal_shows_too():
    sentence = TRANSLATIONS["Your grade {grade} is below the required {min_grade}."]["zh"]
    assert sentence.format(grade="70.5", min_grade="75") in unmatched("zh").text


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_a_kept_wording_is_the_wording_and_values_of_other_types_are_kept_apart(lang):
    """A round's notices repeat the same scores and countries: their words are kept, and a kept
    one must read as a fresh one would; True and 1 are different words, -0.0 is 0."""
    from services.notifications.domain import templates

    templates._reason_param.cache_clear()
    for key, value in [
        ("yours", 71.25),
        ("lowest", 1),
        ("lowest", 1.0),
        ("tie", True),
        ("eligible", ["KZ", "PK"]),  # a list: worded afresh each time
        ("nationality", "CN"),
        ("on", "2027-03-15"),
        ("x", {"a": 1}),  # a mapping: afresh too
    ]:
        expected = templates._word_param(lang, key, value)
        assert templates.reason_param(lang, key, value) == expected
        assert templates.reason_param(lang, key, value) == expected  # from what was kept
    assert templates._reason_param.cache_info().hits == 6  # the six plain values, asked again
    assert templates.reason_param(lang, "tie", True) != templates.reason_param(lang, "tie", 1)
    assert templates.reason_param(lang, "yours", -0.0) == templates._word_param(lang, "yours", 0.0)
    one, true = ({**GRADE, "params": {"grade": v, "min_grade": 75}} for v in (1, True))
    assert templates.reasons_in(lang, [one])[0]["reason"] != templates.reasons_in(lang, [true])[0]["reason"]
    negative, zero = ({**GRADE, "params": {"grade": v, "min_grade": 75}} for v in (-0.0, 0.0))
    assert templates.reasons_in(lang, [negative])[0]["reason"] == templates.reasons_in(lang, [zero])[0]["reason"]


def test_a_full_quota_is_not_blamed_on_the_programme_nor_named_by_the_officers_label():
    """A country's share full while the programme has seats: the notice says a quota is full
    and the programme may have seats; the quota's label is the officers' own name for it,
    typed in their language ("Не более 40 % мест — Казахстану" stood in an English notice)."""
    cap = {
        "programme": "Clinical Medicine (MMed)",
        "reason": "Не более 5 мест — Пакистану full",
        "code": "round.cap_full",
        "params": {"quota": "Не более 5 мест — Пакистану"},
    }
    message = render("waitlisted", "en", {"name": "Madina", "cycle": "SCO 2026/27", "positions": [], "reasons": [cap]})
    assert "A quota covering this programme is full (the programme itself may have seats left)." in message.text
    assert "Пакистану" not in message.text
    message = render("waitlisted", "ru", {"name": "Madina", "cycle": "SCO 2026/27", "positions": [], "reasons": [cap]})
    assert (
        "Квота, действующая для этой программы, исчерпана (в самой программе места могут оставаться)." in message.text
    )
    # staff read the label: it is theirs
    assert "«Не более 5 мест — Пакистану»" in worded("ru", cap, lambda _lang, _name, value: value, about=True)
