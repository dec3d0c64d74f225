"""Issue 18: reasons are worded by their code in every language, numbers and dates isolated;
the officer's quota caps are worded from their rule and values, never raw ids or codes."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from services.portal.i18n import CATALOGS, list_comma, translate
from services.portal.quota_words import Words, cap_values
from services.portal.reasons import word_reason
from shared.eligibility import (
    ApplicantFacts,
    Certificate,
    CycleFacts,
    ProgrammeFacts,
    check_choices,
    coded_reasons,
)
from shared.events.catalog import Requirements
from shared.reason_words import ABOUT_THE_APPLICANT, SENTENCES, sentence_for
from tests.unit.portal.test_pages_with_fake_services import portal  # noqa: F401 - the fixture

LANGS = ["en", "zh", "ru", "ur"]
TODAY = date(2026, 11, 30)


def every_reason() -> list[dict]:
    """One applicant failing every rule the shared rule set has that needs no documents
    service, plus a choice no longer in the catalog."""
    facts = ApplicantFacts(
        applicant_type="student",
        nationality="CN",
        grade=70.5,
        certificates=(Certificate("HSK", 3),),
        date_of_birth=date(1990, 5, 1),
        document_kinds=frozenset(),
    )
    cycle = CycleFacts("c1", date(2027, 9, 1), ("UZ", "KZ"))
    strict = ProgrammeFacts(
        "p1",
        "c2",
        "faculty",
        Requirements(
            min_grade=75,
            language_certificate="HSK",
            min_language_level=4,
            max_age=35,
            required_documents=["passport"],
        ),
    )
    no_cert = ProgrammeFacts("p2", "c1", "student", Requirements(language_certificate="IELTS"))
    no_grade = ProgrammeFacts("p3", "c1", "student", Requirements(min_grade=60))
    out = [r.as_dict() for r in coded_reasons(facts, cycle, strict, TODAY)]
    out += [r.as_dict() for r in coded_reasons(facts, cycle, no_cert, TODAY)]
    out += [r.as_dict() for r in coded_reasons(facts, cycle, no_cert, TODAY)]
    nograde = ApplicantFacts("student", "UZ", None)
    out += [r.as_dict() for r in coded_reasons(nograde, cycle, no_grade, TODAY)]
    [missing] = check_choices(facts, cycle, ["gone"], {}, TODAY)
    out += [r.as_dict() for r in missing.details]
    return out


def test_every_rule_of_the_shared_set_has_a_code_params_and_the_old_words():
    reasons = every_reason()
    codes = {r["code"] for r in reasons}
    assert codes >= {
        "eligibility.other_cycle",
        "eligibility.nationality",
        "eligibility.applicant_type",
        "eligibility.grade_below",
        "eligibility.certificate_below",
        "eligibility.certificate_missing",
        "eligibility.no_grade",
        "eligibility.too_old",
        "eligibility.document_missing",
        "eligibility.not_in_catalog",
    }
    by_code = {r["code"]: r for r in reasons}
    assert by_code["eligibility.grade_below"]["params"] == {"grade": 70.5, "min_grade": 75}
    assert by_code["eligibility.grade_below"]["text"] == "grade 70.5 below required 75"  # the words as before
    assert by_code["eligibility.too_old"]["params"] == {"age": 37, "on": "2027-09-01", "max_age": 35}
    assert by_code["eligibility.certificate_below"]["params"] == {"certificate": "HSK", "level": 3, "min_level": 4}
    assert by_code["eligibility.document_missing"]["params"] == {"kind": "passport"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_reason_the_rules_give_is_worded_by_code_in_every_language(lang):
    for reason in every_reason():
        template = sentence_for(reason["code"], reason["params"])
        assert template is not None, reason
        if lang != "en":
            assert template in CATALOGS[lang], (lang, template)
        shown = str(word_reason(lang, reason))
        assert reason["text"] not in shown, (lang, shown)  # the portal's words, not the service's
        assert "{" not in shown, shown


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_coded_sentence_is_translated_with_the_same_places(lang):
    for variants in SENTENCES.values():
        for _needs, english in variants:
            translated = CATALOGS[lang].get(english)
            assert translated, (lang, english)
            assert set(re.findall(r"\{(\w+)\}", translated)) == set(re.findall(r"\{(\w+)\}", english))


def test_numbers_and_dates_are_isolated_so_urdu_keeps_their_order():
    grade = word_reason("ur", {"code": "eligibility.grade_below", "params": {"grade": 70.5, "min_grade": 75}})
    assert str(grade) == "آپ کا گریڈ <bdi>70.5</bdi> مطلوبہ <bdi>75</bdi> سے کم ہے۔"
    age = word_reason("ur", {"code": "eligibility.too_old", "params": {"age": 37, "on": "2027-09-01", "max_age": 35}})
    assert "<bdi>1 ستمبر، 2027</bdi>" in str(age) and "<bdi>37</bdi>" in str(age) and "2027-09-01" not in str(age)
    ru = word_reason("ru", {"code": "eligibility.grade_below", "params": {"grade": 70.5, "min_grade": 75}})
    assert "<bdi>70,5</bdi>" in str(ru)  # the reader's decimal sign


def test_codes_and_kinds_become_words():
    country = word_reason(
        "zh", {"code": "eligibility.nationality", "params": {"nationality": "CN", "eligible": ["UZ", "KZ"]}}
    )
    assert "中国" in country and "乌兹别克斯坦" in country and "UZ" not in country
    kind = word_reason("ru", {"code": "eligibility.document_missing", "params": {"kind": "non_criminal_record"}})
    assert "non_criminal_record" not in kind and translate("ru", "doc:non_criminal_record") in kind
    who = word_reason("ur", {"code": "eligibility.applicant_type", "params": {"required": "faculty"}})
    assert translate("ur", "type:faculty") in who


def test_round_reasons_by_code_and_unknown_or_old_reasons_as_written_but_escaped():
    full = word_reason("ur", {"code": "round.programme_full", "params": {"lowest": 81, "yours": 77}})
    assert "<bdi>81</bdi>" in full and "<bdi>77</bdi>" in full and "programme full" not in full
    place = word_reason("ur", {"code": "round.waitlist_position", "params": {"position": 3}})
    assert str(place) == "انتظار فہرست، نمبر <bdi>3</bdi>"
    old = word_reason("ur", {"code": None, "params": {}, "text": "HSK 3 below <required> 4"})
    assert str(old) == '<bdi dir="auto">HSK 3 below &lt;required&gt; 4</bdi>'
    assert str(word_reason("en", "grade 60 below required 70")) == '<bdi dir="auto">grade 60 below required 70</bdi>'
    evil = word_reason("en", {"code": "round.rejected", "params": {"message": "<script>x</script>"}})
    assert "<script>" not in evil and "&lt;script&gt;" in evil


@pytest.mark.parametrize(
    ("lang", "applicants", "staffs"),
    [
        ("en", "yours is", "the applicant's is"),
        ("zh", "您的分数", "申请人的分数"),
        ("ru", "ваш —", "у заявителя —"),
        ("ur", "آپ کا", "درخواست دہندہ کا"),
    ],
)
def test_staff_read_a_reason_about_the_applicant_not_addressed_to_them(lang, applicants, staffs):
    """The officer's review said "the lowest score holding a seat is 81, yours is 77": the
    officer's own score, as it read. Every sentence that speaks to the applicant has its staff
    form, in every language and with the same places."""
    full = {"code": "round.programme_full", "params": {"lowest": 81, "yours": 77}}
    to_them, about_them = (html.unescape(str(word_reason(lang, full, about=about))) for about in (False, True))
    assert applicants in to_them and staffs not in to_them, to_them
    assert staffs in about_them and applicants not in about_them, about_them
    for english, about in ABOUT_THE_APPLICANT.items():
        assert set(re.findall(r"\{(\w+)\}", about)) == set(re.findall(r"\{(\w+)\}", english)), about
        if lang != "en":
            translated = CATALOGS[lang][about]
            assert set(re.findall(r"\{(\w+)\}", translated)) == set(re.findall(r"\{(\w+)\}", english)), about
    assert all("your" not in re.sub(r"\{\w+\}", "", about).lower() for about in ABOUT_THE_APPLICANT.values())


# --- the officer's quota caps ----------------------------------------------------------------

PROGRAMMES = {"xjmu-clinical-med": {"title": "Clinical Medicine (MMed)", "host_institution_id": "xjmu"}}
INSTITUTIONS = {"xjmu": "Xinjiang Medical University"}


def test_a_caps_values_come_from_its_id():
    assert cap_values("r1[programme=xjmu-clinical-med,sending_country=KZ]") == {
        "programme": "xjmu-clinical-med",
        "sending_country": "KZ",
    }
    assert cap_values("sco-2026-cap-kg") == {}


@pytest.mark.parametrize(
    ("lang", "country", "total", "at_most"),
    [
        ("en", "Kazakhstan", "Total", "At most 8"),
        ("zh", "哈萨克斯坦", "合计", "最多 8"),
        ("ru", "Казахстан", "Всего", "Не более 8"),
        ("ur", "قزاخستان", "کل", "زیادہ سے زیادہ 8"),
    ],
)
def test_rules_and_caps_are_worded_without_ids_or_codes(lang, country, total, at_most):
    words = Words(lang, PROGRAMMES, INSTITUTIONS)
    cap = str(words.cap("r1[programme=xjmu-clinical-med,sending_country=KZ]"))
    # the programme and its host joined by the language's comma (、in Chinese, ، in Urdu)
    between = "，" if lang == "zh" else list_comma(lang)  # a programme and its host are one thing, not a list
    assert f"Clinical Medicine (MMed){between}Xinjiang Medical University" in cap and country in cap
    assert "xjmu-clinical-med" not in cap and "KZ" not in cap
    assert str(words.cap("sco-2026-cap-kz")) == total
    rule = {"max_count": 8, "max_share_of_seats": None, "scope": {"sending_country": ["KZ"]}, "per": []}
    heading = str(words.rule(rule, "SCO 2026: at most 8 from KZ"))
    assert heading.startswith(at_most) and country in heading and "KZ" not in heading
    assert translate(lang, "from {values}").split("{")[0].strip() in heading  # says what the country is
    share = {"max_count": None, "max_share_of_seats": 0.4, "scope": {}, "per": ["programme", "sending_country"]}
    assert "40" in str(words.rule(share, "x")) and translate(lang, "each programme") in str(words.rule(share, "x"))
    assert str(words.rule(None, "Own <label>")) == '<bdi dir="auto">Own &lt;label&gt;</bdi>'


@pytest.mark.parametrize(("lang", "worded"), [("en", "rail transport"), ("zh", "铁路运输"), ("ur", "ریلوے نقل و حمل")])
def test_fields_of_study_are_words_in_the_readers_language(lang, worded):
    from services.portal.quota_words import field_name

    assert field_name(lang, "rail-transport") == worded
    assert field_name(lang, "deep-sea-biology") == "deep sea biology"  # one the portal does not know


@pytest.mark.parametrize("lang", LANGS)
def test_the_officers_match_tabs_are_told_apart_in_every_language(lang):
    tabs = [translate(lang, f"status:{s}") for s in ("proposed", "approved", "rejected", "accepted", "declined")]
    assert len(set(tabs)) == len(tabs), tabs  # "rejected" by an officer, "declined" by the applicant


# --- the pages: the applicant's eligibility and history, by code --------------------------------


async def test_the_application_page_words_reasons_and_history_by_code(portal):  # noqa: F811 - the fixture
    from tests.unit.portal.test_pages_with_fake_services import log_in

    await log_in(portal)
    portal.fake.eligibility = {
        "eligible": False,
        "choices": [
            {
                "programme_id": "p1",
                "eligible": False,
                "reasons": ["grade 70.5 below required 75"],
                "details": [
                    {
                        "code": "eligibility.grade_below",
                        "params": {"grade": 70.5, "min_grade": 75},
                        "text": "grade 70.5 below required 75",
                    }
                ],
            }
        ],
    }
    portal.fake.application = {
        **portal.fake.application,
        "status": "unmatched",
        "history": [
            {
                "status": "unmatched",
                "at": "2027-03-01T10:00:00+00:00",
                "reason": "p1: programme full: lowest held score 81.0 > yours 77.0",
                "details": [
                    {
                        "programme_id": "p1",
                        "programme": "Clinical Medicine (MMed), XJMU",
                        "code": "round.programme_full",
                        "params": {"lowest": 81, "yours": 77},
                        "text": "programme full: lowest held score 81.0 > yours 77.0",
                    }
                ],
            }
        ],
    }
    await portal.get("/language/ur?next=/")
    page = (await portal.get("/applications/a1")).text
    assert "آپ کا گریڈ <bdi>70.5</bdi> مطلوبہ <bdi>75</bdi> سے کم ہے۔" in page
    assert "below required" not in page and "programme full" not in page and "p1:" not in page
    assert "Clinical Medicine (MMed), XJMU</bdi>: تمام نشستیں پُر ہیں" in page
    assert "<bdi>81</bdi>" in page and "<bdi>77</bdi>" in page
