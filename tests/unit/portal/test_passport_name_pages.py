"""The name as in the passport in the portal, over fake services, in every language: the
registration and profile forms take it (optional, sent as typed, cleared when emptied), the
service's refusal is said at the field in the reader's language, the host's page of an
applicant shows it under the name (or that it is not given yet), and an applicant whose name
is not in Latin letters is asked for it once, softly, on the application page."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from markupsafe import escape

from services.portal.domain.passport_name import in_latin_letters, passport_name_wanted
from services.portal.i18n import CATALOGS, translate
from services.portal.passport_name_words import PASSPORT_NAME_WORDS
from tests.unit.portal.test_account_pages import ME, FakeAccounts, _client, csrf_of, log_in, problem
from tests.unit.portal.test_award_pages import LANGS, portals
from tests.unit.portal.test_consent_pages import ConsentApplications

LABEL = "Name as in your passport (Latin letters)"
REFUSED = "profile.passport_name_latin"


def words(lang: str, key: str) -> str:
    return str(escape(translate(lang, key)))


def test_every_word_is_in_four_languages_and_in_the_catalogs():
    for key, by_lang in PASSPORT_NAME_WORDS.items():
        assert set(by_lang) == set(LANGS) and by_lang["en"] == key
        for lang in LANGS:
            assert CATALOGS[lang][key] == by_lang[lang]
    assert translate("zh", LABEL) == "护照上的姓名（拉丁字母）"
    assert translate("ru", LABEL) == "Имя как в паспорте (латиницей)"
    assert translate("ur", LABEL) == "پاسپورٹ کے مطابق نام (لاطینی حروف میں)"


@pytest.mark.parametrize(
    ("name", "latin"),
    [("Aigerim", True), ("Gülşen O'Brien-Doğan", True), ("Айгерим Бекова", False), ("عائشہ خان", False), ("", False)],
)
def test_a_name_in_latin_letters(name, latin):
    assert in_latin_letters(name) is latin


def test_the_passport_name_is_asked_only_of_a_name_a_host_may_not_read():
    assert passport_name_wanted({"name": "Айгерим Бекова", "passport_name": None})
    assert passport_name_wanted({"name": "عائشہ خان"})  # an older service: no such key
    assert not passport_name_wanted({"name": "Айгерим Бекова", "passport_name": "AIGERIM BEKOVA"})
    assert not passport_name_wanted({"name": "Ayesha Khan", "passport_name": None})
    assert not passport_name_wanted(None)


class PassportAccounts(FakeAccounts):
    """The account routes, with a passport name kept and refused as the service does."""

    def __init__(self) -> None:
        super().__init__()
        self.passport_name: str | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        route = (request.method, request.url.path)
        body = json.loads(request.content) if request.headers.get("content-type") == "application/json" else {}
        if route in (("POST", "/auth/register"), ("PATCH", "/me")) and "passport_name" in body:
            if any("\u0400" <= ch <= "\u04ff" for ch in body["passport_name"]):
                self.calls.append(request)
                return problem(422, REFUSED, "passport_name", "write the name in Latin letters as in the passport")
            self.passport_name = body["passport_name"] or None
        if route == ("GET", "/me"):
            self.calls.append(request)
            return httpx.Response(200, json={**ME, "passport_name": self.passport_name})
        return super().__call__(request)


@pytest.fixture
async def portal():
    from services.portal.settings import Settings

    async for client in _client(
        Settings(session_secret="a-strong-portal-session-key-0123456789-x"), PassportAccounts()
    ):
        yield client


def _registration(csrf: str, **extra: str) -> dict[str, str]:
    return {
        "csrf": csrf,
        "name": "Айгерим Бекова",
        "email": "a@b.org",
        "password": "river-stone-55-owl",
        "password_again": "river-stone-55-owl",
        "applicant_type": "student",
        "nationality": "KZ",
        "home_institution": "KazNU",
        "date_of_birth": "2003-04-05",
        "preferred_language": "ru",
        **extra,
    }


@pytest.mark.parametrize("lang", LANGS)
async def test_registration_offers_the_field_optionally_and_says_its_refusal_at_the_field(portal, lang):
    await portal.get(f"/language/{lang}?next=/register")
    page = await portal.get("/register")
    assert 'id="f-passport_name"' in page.text and words(lang, LABEL) in page.text
    field = page.text[page.text.index('id="f-passport_name"') :].split(">", 1)[0]
    assert "required" not in field and 'dir="ltr"' in field
    assert "AYESHA KHAN" in page.text  # the hint's example

    r = await portal.post("/register", data=_registration(csrf_of(page.text), passport_name="Айгерим Бекова"))
    assert r.status_code == 422
    assert 'id="e-passport_name"' in r.text and 'aria-invalid="true"' in r.text
    error = r.text[r.text.index('id="e-passport_name"') :].split("</p>", 1)[0]
    assert words(lang, BY_CODE_LATIN) in error
    assert 'href="#f-passport_name"' in r.text  # the summary links to the field
    assert 'value="Айгерим Бекова"' in r.text  # what was typed is kept


BY_CODE_LATIN = (
    "Write the name in Latin letters as in your passport: A–Z, letters with accents such as é or ş, "
    "spaces, hyphens, apostrophes and full stops."
)


async def test_registration_sends_the_passport_name_when_typed_and_leaves_it_out_when_not(portal):
    page = await portal.get("/register")
    r = await portal.post("/register", data=_registration(csrf_of(page.text), passport_name="  AIGERIM BEKOVA "))
    assert r.status_code == 303
    [sent] = portal.fake.of("POST", "/auth/register")
    assert json.loads(sent.content)["passport_name"] == "AIGERIM BEKOVA"

    page = await portal.get("/login")
    await portal.post("/logout", data={"csrf": csrf_of(page.text)})
    page = await portal.get("/register")
    r = await portal.post("/register", data=_registration(csrf_of(page.text)))  # a browser without the field
    assert r.status_code == 303
    r = await portal.post("/register", data=_registration(csrf_of(page.text), passport_name=" "))
    assert all("passport_name" not in json.loads(c.content) for c in portal.fake.of("POST", "/auth/register")[1:])


@pytest.mark.parametrize("lang", LANGS)
async def test_the_profile_shows_changes_clears_and_refuses_it_at_the_field(portal, lang):
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/profile")
    portal.fake.passport_name = "AIGERIM BEKOVA"
    page = await portal.get("/profile")
    assert words(lang, LABEL) in page.text and 'value="AIGERIM BEKOVA"' in page.text
    form = {k: str(v) for k, v in ME.items() if k in ("name", "email", "home_institution", "preferred_language")}

    r = await portal.post("/profile", data={**form, "csrf": csrf_of(page.text), "passport_name": "Aigerim Bekova"})
    assert r.status_code == 303
    assert json.loads(portal.fake.of("PATCH", "/me")[-1].content)["passport_name"] == "Aigerim Bekova"
    assert 'value="Aigerim Bekova"' in (await portal.get("/profile")).text

    r = await portal.post("/profile", data={**form, "csrf": csrf_of(page.text), "passport_name": "Бекова"})
    assert r.status_code == 422
    error = r.text[r.text.index('id="e-passport_name"') :].split("</p>", 1)[0]
    assert words(lang, BY_CODE_LATIN) in error

    r = await portal.post("/profile", data={**form, "csrf": csrf_of(page.text), "passport_name": ""})
    assert r.status_code == 303
    assert json.loads(portal.fake.of("PATCH", "/me")[-1].content)["passport_name"] == ""  # cleared
    assert portal.fake.passport_name is None


class PassportApplications(ConsentApplications):
    """The consent fakes, with a profile and an identity that may carry the passport name."""

    def __init__(self, role: str) -> None:
        super().__init__(role)
        self.me: dict[str, Any] = {**ME, "name": "Айгерим Бекова", "passport_name": None}
        self.identity_passport_name: str | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (method, path) == ("GET", "/me"):
            return httpx.Response(200, json=self.me)
        answer = super().__call__(request)
        if path.endswith("/identity") and answer.status_code == 200:
            return httpx.Response(200, json={**answer.json(), "passport_name": self.identity_passport_name})
        return answer


@pytest.fixture
async def portal_as():
    async with portals(PassportApplications) as open_as:
        yield open_as


@pytest.mark.parametrize("lang", LANGS)
async def test_the_host_reads_the_passport_name_under_the_name_or_that_it_is_not_given(portal_as, lang):
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/applications/a1")
    assert page.status_code == 200
    facts = page.text[page.text.index('id="applicant-name"') :]
    assert facts.index(words(lang, "Name as in passport")) < facts.index(words(lang, "Date of birth"))
    assert 'id="passport-name-missing"' in page.text and words(lang, "not given yet") in page.text

    p.apps.identity_passport_name = "BILAL AHMED"
    page = await p.client.get("/host/applications/a1")
    assert '<bdi dir="ltr" id="passport-name">BILAL AHMED</bdi>' in page.text
    assert "passport-name-missing" not in page.text


@pytest.mark.parametrize("lang", LANGS)
async def test_the_application_page_asks_softly_once_for_a_name_a_host_may_not_read(portal_as, lang):
    p = await portal_as("applicant", lang)
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200
    assert page.text.count('id="passport-name-hint"') == 1 and 'href="/profile#f-passport_name"' in page.text
    hint = page.text[page.text.index('id="passport-name-hint"') :].split("</p>", 1)[0]
    assert 'class="hint"' in page.text[page.text.index('id="passport-name-hint"') - 30 :][:60]
    assert words(lang, "Add it to your profile") in hint and "error" not in hint

    p.apps.me = {**p.apps.me, "passport_name": "AIGERIM BEKOVA"}  # given: not asked
    assert "passport-name-hint" not in (await p.client.get("/applications/a1")).text
    p.apps.me = {**ME, "name": "Aigerim Bekova", "passport_name": None}  # a name hosts can read
    assert "passport-name-hint" not in (await p.client.get("/applications/a1")).text


async def test_registration_says_a_passport_name_not_in_latin_letters_with_the_other_mistakes(portal):
    """It had been said only once the other fields were right: the form was fixed twice."""
    page = await portal.get("/register")
    r = await portal.post("/register", data=_registration(csrf_of(page.text), name="", passport_name="Айгерим"))
    assert r.status_code == 422
    assert 'id="e-name"' in r.text and 'id="e-passport_name"' in r.text
    assert portal.fake.of("POST", "/auth/register") == []  # the portal said both, the service was not asked


async def test_an_application_that_has_ended_does_not_ask_for_the_passport_name(portal_as):
    p = await portal_as("applicant")
    p.apps.application["status"] = "declined"
    assert "passport-name-hint" not in (await p.client.get("/applications/a1")).text
