"""The name as in the passport: Latin letters only (with the diacritics national spellings
carry), given at registration or later, corrected or cleared at any time, and never announced
in an event. Pure checks, the request bodies, and the profile's use case on SQLite."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from services.applications.api.schemas import ProfileOut, ProfilePatch, RegisterIn
from services.applications.domain.passport_name import checked_passport_name, search_key
from services.applications.models import Account, Applicant, Base, infra
from services.applications.service import accounts
from shared.db import Database
from shared.errors import Invalid

SOURCE = "/corridor/applications"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("AYESHA KHAN", "AYESHA KHAN"),
        ("  Ayesha   Khan ", "Ayesha Khan"),  # trimmed, runs of spaces made one
        ("Aigerim Bekova", "Aigerim Bekova"),
        ("Gülşen Doğan", "Gülşen Doğan"),
        ("Şükrü Işık", "Şükrü Işık"),  # dotless ı
        ("Jean-Luc O'Brien", "Jean-Luc O'Brien"),
        ("Gʻulom Oʻzbekov", "Gʻulom Oʻzbekov"),  # Uzbek Latin's apostrophe
        ("D’Souza", "D’Souza"),  # a curled apostrophe, as word processors type it
        ("M. Ali Jr.", "M. Ali Jr."),
        ("Zoe\u0308", "Zoë"),  # an accent typed after its letter: composed
        ("Nguyễn Thị", "Nguyễn Thị"),
        ("Øyvind Æsir Straße", "Øyvind Æsir Straße"),
        ("Li", "Li"),
        ("\tAYESHA KHAN\n", "AYESHA KHAN"),  # pasted with a tab or a line break at an end
    ],
)
def test_a_name_in_latin_letters_is_kept_as_typed(typed, kept):
    assert checked_passport_name(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "Айгерим Бекова",  # Cyrillic
        "عائشہ خان",  # Urdu
        "王芳",
        "Aigerim Бекова",  # mixed
        "Ayesh\u0430 Khan",  # a Cyrillic "а" that looks Latin
        "AYESHA KHAN 2",
        "Ayesha_Khan",
        "Ayesha\u200bKhan",  # a zero-width space
        "Ayesha\nKhan",
        "ＡＹＥＳＨＡ",  # fullwidth forms
        "Ayesha, Khan",
        "--",
        "' .",
        "A\u0301\u0300\u0301\u0300\u0301\u0300",  # accents stacked past what any passport prints
    ],
)
def test_anything_but_latin_letters_and_a_names_marks_is_refused_on_the_field(typed):
    with pytest.raises(Invalid) as refused:
        checked_passport_name(typed)
    assert (refused.value.code, refused.value.field) == ("profile.passport_name_latin", "passport_name")


@pytest.mark.parametrize("typed", ["A", " A ", "A" * 201])
def test_a_name_has_two_to_two_hundred_characters(typed):
    with pytest.raises(Invalid) as refused:
        checked_passport_name(typed)
    assert refused.value.code == "profile.passport_name_length"
    assert refused.value.context == {"min_length": 2, "max_length": 200}
    assert checked_passport_name("A" * 200) == "A" * 200


REGISTER = {
    "email": "a@example.pk",
    "password": "steady-copper-kettle-73",
    "name": "عائشہ خان",
    "nationality": "PK",
    "applicant_type": "student",
    "home_institution": "NUST",
    "date_of_birth": "2003-04-05",
}


def test_registration_takes_it_optionally_and_refuses_it_by_its_own_code():
    assert RegisterIn(**REGISTER).passport_name is None
    assert RegisterIn(**REGISTER, passport_name=" AYESHA  KHAN ").passport_name == "AYESHA KHAN"
    assert RegisterIn(**REGISTER, passport_name="").passport_name == ""  # a blank form field: none
    with pytest.raises(ValidationError) as refused:
        RegisterIn(**REGISTER, passport_name="Айгерим")
    (error,) = refused.value.errors()
    assert (error["type"], error["loc"]) == ("profile.passport_name_latin", ("passport_name",))


def test_the_profile_patch_clears_it_with_an_empty_string():
    assert ProfilePatch(passport_name="").model_dump(exclude_unset=True) == {"passport_name": ""}
    assert ProfilePatch(passport_name="  ").model_dump(exclude_unset=True) == {"passport_name": ""}
    assert ProfilePatch(passport_name="Aigerim Bekova").passport_name == "Aigerim Bekova"
    with pytest.raises(ValidationError) as refused:
        ProfilePatch(passport_name="A" * 201)
    assert refused.value.errors()[0]["ctx"] == {"min_length": 2, "max_length": 200}


@pytest.fixture
async def db(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/applications.db", Base.metadata)
    async with database.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield database
    await database.dispose()


async def _events(db: Database) -> int:
    async with db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(infra.outbox)) or 0)


async def test_it_is_kept_changed_and_cleared_at_any_time_and_each_change_announced(db):
    """The applicant's own events carry it (the matching service's staff lists read a name typed
    in another script by it): a typo fixed alone is announced too, and a clearing says None."""
    registration = accounts.Registration(
        "a@example.kz", "x", "Айгерим Бекова", "student", "KZ", "KazNU", date(2003, 4, 5), "ru", "AIGERIM BEKOVA"
    )
    async with db.session() as s, s.begin():
        account, applicant = await accounts.register(s, infra, registration, source=SOURCE)
    assert ProfileOut.of(account, applicant).passport_name == "AIGERIM BEKOVA"
    assert await _events(db) == 1  # applicant.registered, with it

    async with db.session() as s, s.begin():  # a typo fixed: announced
        await accounts.update_profile(s, infra, account.id, {"passport_name": "AIGERIM BEKOVNA"}, source=SOURCE)
    async with db.session() as s:
        assert (await s.get(Applicant, account.id)).passport_name == "AIGERIM BEKOVNA"
    assert await _events(db) == 2

    async with db.session() as s, s.begin():  # cleared
        await accounts.update_profile(s, infra, account.id, {"passport_name": ""}, source=SOURCE)
    async with db.session() as s:
        assert (await s.get(Applicant, account.id)).passport_name is None
        assert (await s.get(Account, account.id)).name == "Айгерим Бекова"
        payloads = (await s.execute(select(infra.outbox.c.payload).order_by(infra.outbox.c.id))).scalars().all()
    assert await _events(db) == 3
    said = [bytes(p) for p in payloads]
    assert b"AIGERIM BEKOVA" in said[0] and b"AIGERIM BEKOVNA" in said[1] and b"AIGERIM" not in said[2]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Şükrü Öztürk", "sukru ozturk"),
        ("Oʻgʻli-Gʻulom", "ogli gulom"),
        ("O'ZBEK", "ozbek"),
        ("Jan  Łukasz Ørsted", "jan lukasz orsted"),
        ("Iğdır Kızı", "igdir kizi"),
        ("ANNE-MARIE St. Clair", "anne marie st clair"),
        ("Nguyễn Thị", "nguyen thi"),
    ],
)
def test_a_passport_name_is_searched_without_its_case_accents_or_apostrophes(typed, key):
    assert search_key(typed) == key


def test_the_profile_keeps_the_search_key_with_the_name_and_clears_both():
    applicant = Applicant(
        id="a", applicant_type="student", nationality="UZ", home_institution="", date_of_birth=date(2004, 1, 1)
    )
    applicant.name_passport("Gʻulom Şükrü")
    assert (applicant.passport_name, applicant.passport_name_key) == ("Gʻulom Şükrü", "gulom sukru")
    applicant.name_passport("")
    assert (applicant.passport_name, applicant.passport_name_key) == (None, None)
