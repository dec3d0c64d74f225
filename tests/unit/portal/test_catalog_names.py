"""Catalog names in the reader's language (domain/catalog_names.py): every name that has a
translation is read in it, wherever it sits in an answer; the rest stays as given."""

from __future__ import annotations

from services.portal.domain.catalog_names import localized
from shared.translations import in_language

PROGRAMME = {
    "id": "cau-agronomy",
    "title": "Agronomy (MSc)",
    "translations": {"zh": "农学（理学硕士）", "ru": "Агрономия (магистратура)"},
    "host_institution_name": "China Agricultural University",
    "host_institution_translations": {"zh": "中国农业大学"},
}


def test_a_name_without_a_translation_into_the_language_is_shown_as_given():
    assert in_language("Agronomy (MSc)", {"zh": "农学"}, "ur") == "Agronomy (MSc)"
    assert in_language("Agronomy (MSc)", {"zh": "农学"}, "zh-CN") == "农学"
    assert in_language("Agronomy (MSc)", {"zh": ""}, "zh") == "Agronomy (MSc)"
    assert in_language("Agronomy (MSc)", None, "zh") == "Agronomy (MSc)"


def test_a_page_of_programmes_is_read_in_the_readers_language_and_keeps_its_translations():
    page = {"items": [PROGRAMME, {"id": "x", "title": "Plain", "translations": {}}], "total": 2}
    zh = localized(page, "zh")
    assert [p["title"] for p in zh["items"]] == ["农学（理学硕士）", "Plain"]
    assert zh["items"][0]["host_institution_name"] == "中国农业大学"
    assert zh["items"][0]["translations"] == PROGRAMME["translations"]
    ru = localized(page, "ru")["items"][0]
    assert (ru["title"], ru["host_institution_name"]) == ("Агрономия (магистратура)", "China Agricultural University")
    assert page["items"][0]["title"] == "Agronomy (MSc)"  # the answer itself is left as it came


def test_a_scheme_names_its_authorities_and_an_application_its_home_institution_in_the_language():
    scheme = {
        "id": "sco",
        "name": "SCO Scholarship",
        "translations": {"ru": "Стипендия ШОС"},
        "authorities": {"KZ": "Ministry of Science and Higher Education", "PK": "HEC"},
        "authority_translations": {"KZ": {"ru": "Министерство науки и высшего образования"}},
    }
    ru = localized(scheme, "ru")
    assert ru["name"] == "Стипендия ШОС"
    assert ru["authorities"] == {"KZ": "Министерство науки и высшего образования", "PK": "HEC"}
    application = {"home_institution_name": "NUST", "home_institution_translations": {"ur": "نسٹ"}, "title": "x"}
    assert localized(application, "ur") == {**application, "home_institution_name": "نسٹ"}


def test_a_record_without_translations_is_unchanged():
    account = {"name": "Aigerim", "title": "Dr", "items": [1, "two", None]}
    assert localized(account, "zh") == account


def test_a_decided_step_names_the_authority_and_the_institution_as_the_catalog_does_in_the_language():
    """A nomination or an endorsement keeps the name it was decided under (as typed); the
    applicant's page names them as the catalog does, in the page's language, and falls back on
    the recorded name only where the catalog has none."""
    from services.portal.domain.award import whereabouts
    from services.portal.domain.endorsement import endorsement_of

    scheme = localized(
        {
            "path": ["endorsement", "nomination", "matching", "review", "answer"],
            "authorities": {"KZ": "Ministry of Science and Higher Education"},
            "authority_translations": {"KZ": {"ru": "Министерство науки и высшего образования"}},
        },
        "ru",
    )
    decided = {
        "status": "nominated",
        "sending_country": "KZ",
        "nomination": {"authority": "Ministry of Science and Higher Education", "position": 3},
        "home_institution_id": "kaznu",
        "endorsement": {"state": "endorsed", "institution": "Al-Farabi Kazakh National University"},
    }
    assert whereabouts(decided, scheme).authority == "Министерство науки и высшего образования"
    assert whereabouts(decided, {}).authority == "Ministry of Science and Higher Education"
    names = {"kaznu": "Казахский национальный университет имени аль-Фараби"}
    assert endorsement_of(decided, scheme, names).institution == names["kaznu"]
    assert endorsement_of(decided, scheme, {}).institution == "Al-Farabi Kazakh National University"


def test_a_hosts_admission_card_reads_its_programme_title_in_the_language():
    card = {"match_id": "m1", "programme_title": "Agronomy (MSc)", "programme_translations": {"zh": "农学（农学硕士）"}}
    assert localized({"items": [card]}, "zh")["items"][0]["programme_title"] == "农学（农学硕士）"
    assert localized(card, "ru")["programme_title"] == "Agronomy (MSc)"


def test_a_checklists_choice_heading_reads_in_the_language():
    choice = {"rank": 1, "programme_name": "Public Health (MPH), Sichuan University",
              "programme_name_translations": {"zh": "公共卫生（公共卫生硕士）, 四川大学"}}  # fmt: skip
    assert (
        localized({"choices": [choice]}, "zh")["choices"][0]["programme_name"] == "公共卫生（公共卫生硕士）, 四川大学"
    )


def test_a_nomination_list_names_its_authority_in_the_language():
    summary = {"sending_country": "KZ", "authority": "Ministry of Science and Higher Education",
               "authority_translations": {"zh": "哈萨克斯坦科学和高等教育部"}}  # fmt: skip
    assert localized(summary, "zh")["authority"] == "哈萨克斯坦科学和高等教育部"
    assert localized(summary, "ur")["authority"] == "Ministry of Science and Higher Education"


def test_an_endorsement_list_names_its_home_institution_in_the_language():
    summary = {"institution": "Luban Workshop at Tajik Technical University",
               "institution_translations": {"ru": "Мастерская Лубань при Таджикском техническом университете"}}  # fmt: skip
    assert localized(summary, "ru")["institution"] == "Мастерская Лубань при Таджикском техническом университете"
