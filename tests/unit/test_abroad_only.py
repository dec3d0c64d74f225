"""An exchange programme is for the other side's students: a programme ``abroad_only`` is
closed to nationals of its host country (the medical exchange hosts Kazakhs in Pakistan and
Pakistanis in Kazakhstan), and a round tells the two host countries' programmes apart."""

from __future__ import annotations

from datetime import date

from services.matching import demo
from services.matching.api.schemas import RequirementsIn
from shared.eligibility import ApplicantFacts, CycleFacts, ProgrammeFacts, coded_reasons, requirement_key
from shared.events.catalog import Requirements
from shared.reason_words import TRANSLATIONS, sentence_for

CYCLE = CycleFacts("pkkz", eligible_countries=("PK", "KZ"))
EXCHANGE = Requirements(abroad_only=True)


def reasons(nationality: str, host: str | None, requirements: Requirements = EXCHANGE) -> list[str]:
    programme = ProgrammeFacts("kemu-medicine", "pkkz", "student", requirements, host)
    return [
        r.code for r in coded_reasons(ApplicantFacts("student", nationality, 80.0), CYCLE, programme, date(2026, 12, 1))
    ]


def test_a_national_of_the_host_country_cannot_choose_an_exchange_programme():
    assert reasons("PK", "PK") == ["eligibility.host_country"]
    assert reasons("KZ", "PK") == []  # the other side's student
    assert reasons("PK", "PK", Requirements()) == []  # not an exchange: a Luban Workshop trains at home
    assert reasons("PK", None) == []  # the host country not known here: not checked


def test_the_reason_is_worded_in_every_language():
    sentence = sentence_for("eligibility.host_country", {"nationality": "PK"})
    assert sentence is not None and "{nationality}" in sentence
    assert {"zh", "ru", "ur"} <= set(TRANSLATIONS[sentence])
    assert all("{nationality}" in words for words in TRANSLATIONS[sentence].values())


def test_a_round_checks_exchange_programmes_of_two_host_countries_apart():
    pk, kz = (ProgrammeFacts(p, "pkkz", "student", EXCHANGE, host) for p, host in (("a", "PK"), ("b", "KZ")))
    assert requirement_key(pk) != requirement_key(kz)
    plain_pk, plain_kz = (ProgrammeFacts(p, "c", "student", Requirements(), h) for p, h in (("a", "PK"), ("b", "KZ")))
    assert requirement_key(plain_pk) == requirement_key(plain_kz)  # the host read only for an exchange


def test_the_demo_medical_exchange_is_for_the_other_sides_students_only():
    exchange = [p for p in demo.PROGRAMMES if p["cycle_id"] == "pkkz-med-2026"]
    assert exchange and all(p["requirements"]["abroad_only"] for p in exchange)
    assert not any(p["requirements"].get("abroad_only") for p in demo.PROGRAMMES if p["cycle_id"] == "luban-tj-2026")


def test_the_programme_api_takes_every_requirement_of_the_contract():
    """A requirement the API's model lacked would be dropped silently on every create and
    replace (it ignores unknown fields): the flag would never reach a round."""
    assert set(RequirementsIn.model_fields) == set(Requirements.model_fields)
    assert RequirementsIn.model_validate({"abroad_only": True}).model_dump()["abroad_only"] is True


def test_the_checklist_marks_the_nationality_unmet_for_an_exchange_at_home():
    from services.applications.domain import checklist

    programme = ProgrammeFacts("kemu-medicine", "pkkz", "student", EXCHANGE, "PK")
    facts = ApplicantFacts("student", "PK", 80.0)
    _eligible, items = checklist.programme_items(facts, CYCLE, programme, [], [], date(2026, 12, 1))
    (nationality,) = [i for i in items if i.code == checklist.Requirement.NATIONALITY]
    assert nationality.state == checklist.ItemState.UNMET
    assert nationality.reason is not None and nationality.reason.code == "eligibility.host_country"
