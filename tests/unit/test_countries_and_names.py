"""Country codes are ISO 3166-1 alpha-2: a region CLDR names (the EU, "Unknown Region") or an
unassigned pair is refused by name wherever a country is taken. A name or a message shows what
it says: invisible characters alone are empty, and a name takes no text direction override."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.applications.api.schemas import RegisterIn
from services.matching.api.schemas import InstitutionIn, SchemeIn
from shared.countries import ISO_3166_ALPHA2, check_country


def test_the_codes_are_the_countries_of_iso_3166_and_only_those():
    assert {"PK", "KZ", "CN", "TJ", "UZ", "KG", "XK"} <= ISO_3166_ALPHA2
    assert not {"ZZ", "EU", "UN", "XA", "QO", "XX"} & ISO_3166_ALPHA2
    assert len(ISO_3166_ALPHA2) == 250  # ISO's 249, and Kosovo
    with pytest.raises(ValueError, match="not an ISO 3166-1 alpha-2 country code: 'ZZ'"):
        check_country("ZZ")


REGISTER = {
    "email": "a@example.pk",
    "password": "steady-copper-kettle-73",
    "name": "A",
    "nationality": "PK",
    "applicant_type": "student",
    "home_institution": "NUST",
    "date_of_birth": "2003-04-05",
}


@pytest.mark.parametrize("code", ["ZZ", "XX", "EU"])
def test_a_code_that_is_no_country_is_refused_by_name(code):
    assert RegisterIn(**REGISTER).nationality == "PK"
    with pytest.raises(ValidationError) as refused:
        RegisterIn(**{**REGISTER, "nationality": code})
    assert [e["loc"] for e in refused.value.errors()] == [("nationality",)]
    with pytest.raises(ValidationError) as refused:
        InstitutionIn(id="i1", name="Somewhere", country=code)
    assert [e["loc"] for e in refused.value.errors()] == [("country",)]
    with pytest.raises(ValidationError) as refused:
        SchemeIn(id="s1", name="SCO", sponsor="SCO", eligible_countries=["PK", code])
    assert "eligible_countries" in refused.value.errors()[0]["loc"]


@pytest.mark.parametrize("name", ["\u200b", "\ufeff", " \u200b\u200d ", "\u200f", "\u3164", "\u2800", "\u202b\u202c"])
def test_a_name_of_invisible_characters_only_is_refused(name):
    with pytest.raises(ValidationError) as refused:
        RegisterIn(**{**REGISTER, "name": name})
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] in (
        [(("name",), "invisible")],
        [(("name",), "string_too_short")],
    )


def test_a_name_with_a_direction_override_is_refused_and_an_urdu_name_with_its_marks_is_kept():
    with pytest.raises(ValidationError) as refused:
        RegisterIn(**{**REGISTER, "name": "\u202eevil"})
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [(("name",), "direction_controls")]
    assert RegisterIn(**{**REGISTER, "name": "عائشہ خان\u200f"}).name == "عائشہ خان\u200f"
    # an embedding pasted with a name is dropped, not refused: the page isolates names itself
    assert RegisterIn(**{**REGISTER, "name": "\u202bعائشہ خان\u202c"}).name == "عائشہ خان"


def test_a_message_of_invisible_characters_only_is_empty():
    from services.applications.domain.messages import checked_body
    from shared.errors import Invalid

    with pytest.raises(Invalid) as refused:
        checked_body("   \u200b  ")
    assert refused.value.code == "message.body_empty"
    assert checked_body(" Salaam \u200f") == "Salaam \u200f"


def test_a_message_with_a_direction_override_is_refused_as_a_name_is():
    """A message took U+202E, which shows the rest in reverse to its reader; names, reasons and
    notes refused it already."""
    from services.applications.domain.messages import checked_body
    from shared.errors import Invalid

    with pytest.raises(Invalid) as refused:
        checked_body("Your fee is \u202e001\u202c USD")
    assert (refused.value.code, refused.value.field) == ("message.body_direction_controls", "body")
    assert checked_body("سلام \u200f Salaam") == "سلام \u200f Salaam"  # a right-to-left mark is no override


def test_invisible_characters_are_dropped_from_a_name_and_stacked_accents_refused():
    """ "Dana\\u00adOfficer" and "Zero\\u200bWidth" were stored as they came: names that look like
    others. The joiners Urdu writing needs stay."""
    assert RegisterIn(**{**REGISTER, "name": "Dana\u00adOfficer"}).name == "DanaOfficer"
    assert RegisterIn(**{**REGISTER, "name": "Zero\u200bWidth\u2028"}).name == "ZeroWidth"
    assert RegisterIn(**{**REGISTER, "name": "نرگس\u200cخان"}).name == "نرگس\u200cخان"  # ZWNJ kept
    assert RegisterIn(**{**REGISTER, "name": "Nguyễn Thị Ánh"}).name == "Nguyễn Thị Ánh"
    # invisible operators, tag characters (which can hide text), a filler as a space
    assert RegisterIn(**{**REGISTER, "name": "Dana\u2063Officer"}).name == "DanaOfficer"
    assert RegisterIn(**{**REGISTER, "name": "Ali\U000e0041\U000e0042 Khan"}).name == "Ali Khan"
    assert RegisterIn(**{**REGISTER, "name": "Ali\u3164Khan"}).name == "AliKhan"
    for stacked in ("Z" + "\u0301\u0302\u0303\u0304\u0305" + "algo", "Z" + ("\u0301" * 4 + "\u200d") * 3):
        with pytest.raises(ValidationError) as refused:  # a joiner between them does not start a new letter
            RegisterIn(**{**REGISTER, "name": stacked})
        assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [(("name",), "stacked_marks")]


def test_a_statement_loses_its_direction_overrides():
    """Shown in another order than typed; dropped, not refused: a statement saved before must
    still save with the rest of its form (the home institution the submit asks for)."""
    from pydantic import TypeAdapter

    from services.applications.api.schemas import Password, Text

    assert TypeAdapter(Text).validate_python("I am \u202eeno tseb eht") == "I am eno tseb eht"
    assert TypeAdapter(Text).validate_python("سلام\u200f and hello") == "سلام\u200f and hello"
    assert TypeAdapter(Password).validate_python("river\u202estone-55") == "river\u202estone-55"  # a password as typed


def test_reasons_and_notes_told_to_an_applicant_take_no_direction_override():
    """The authority's reason for not nominating, the coordinator's for not endorsing and the
    host's note reach the applicant: an override showed them in another order than typed."""
    from services.matching.api.admission_schemas import AdmissionIn
    from services.matching.api.endorsement_schemas import EndorsementDecisionIn
    from services.matching.api.nomination_schemas import LeftOff, WithdrawIn

    tricked = "grades \u202ewol oot"
    for make in (
        lambda r: LeftOff(application_id="a1", reason=r),
        lambda r: WithdrawIn(application_id="a1", reason=r),
        lambda r: EndorsementDecisionIn(application_id="a1", state="not_endorsed", reason=r),
        lambda r: AdmissionIn(decision="admitted", note=r),
    ):
        with pytest.raises(ValidationError) as refused:
            make(tricked)
        assert refused.value.errors()[0]["type"] == "direction_controls"
        make("درجات کم ہیں\u200f (HSK 3)")  # an Urdu reason with its marks is taken


@pytest.mark.parametrize(
    "name", ["Eve\r\nBcc: someone@example.org", "Eve\nMallory", "Eve\tAdams", "Eve\u2028Mallory", "Eve\x85Mallory"]
)
def test_a_name_on_more_than_one_line_is_refused(name):
    """A name kept its line breaks: it added lines to officers' lists and to the e-mails sent to
    the referees an applicant names."""
    from services.applications.api.referee_schemas import RefereeIn

    with pytest.raises(ValidationError) as refused:
        RegisterIn(**{**REGISTER, "name": name})
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [(("name",), "line_breaks")]
    assert RegisterIn(**{**REGISTER, "name": " Eve Adams "}).name == "Eve Adams"
    referee = {"email": "r@example.org", "position": "professor", "institution": "NUST", "relationship": "taught me"}
    with pytest.raises(ValidationError) as refused:
        RefereeIn(**referee, name=name)
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [(("name",), "line_breaks")]


def test_kyrgyzstan_is_kyrgyzstan_in_russian_in_the_portal_and_the_e_mails():
    """CLDR's Russian "Киргизия" read as dated to the people it names; others stay CLDR's."""
    from services.notifications.domain.templates import _word_param
    from services.portal.i18n import country_name as portal_name
    from shared.countries import country_name

    assert country_name("ru", "kg") == portal_name("ru", "KG") == "Кыргызстан"
    assert _word_param("ru", "nationality", "KG") == "Кыргызстан"
    assert "Кыргызстан" in _word_param("ru", "eligible", ["KZ", "KG"])
    assert country_name("ru", "KZ") == "Казахстан" and country_name("en", "KG") == "Kyrgyzstan"
    assert country_name("ur", "KZ") == portal_name("ur", "KZ") == "قزاخستان"


def test_a_rejections_message_to_the_applicant_may_not_reverse_the_lines_of_their_e_mail():
    """ "a \u202e b" in an officer's message had reached the applicant's e-mail raw."""
    import pytest
    from pydantic import ValidationError

    from services.matching.api.schemas import DecisionIn, RejectIn

    with pytest.raises(ValidationError, match="message_to_applicant"):
        DecisionIn(match_id="m1", decision="reject", reason="no seats", message_to_applicant="a \u202e b")
    with pytest.raises(ValidationError, match="message_to_applicant"):
        RejectIn(reason="no seats", message_to_applicant="x\u202dy")
    ok = DecisionIn(match_id="m1", decision="reject", reason="no seats", message_to_applicant="«Мест нет» — بلال")
    assert ok.message_to_applicant == "«Мест нет» — بلال"
