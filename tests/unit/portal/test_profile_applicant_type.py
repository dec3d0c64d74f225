"""An applicant registered with the wrong type changes it on the profile (the service allows
it while no application is live), and corrects a mistyped nationality or date of birth until an
application is submitted; refused, the page says why beside the field, in the reader's language."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from services.portal.domain.problems import BY_CODE
from services.portal.i18n import translate
from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
    problem,
)


class TypeLocked(FakeApplications):
    """The applications service; ``locked``: the type is in use by a live application. A new
    e-mail address needs the password ("right one"), as the service asks."""

    locked = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("PATCH", "/me"):
            body = json.loads(request.content)
            self.patches = [*getattr(self, "patches", []), body]
            if body.get("email", self.me["email"]).lower() != self.me["email"]:
                if not body.get("current_password"):
                    return problem(422, "password.current_missing", "current_password", "enter your current password")
                if body["current_password"] != "right one":
                    return problem(422, "password.incorrect", "current_password", "not correct")
                self.me["email"] = body["email"].lower()
            body.pop("current_password", None)
            if self.locked and body.get("applicant_type", self.me["applicant_type"]) != self.me["applicant_type"]:
                return problem(409, "profile.applicant_type_in_use", "applicant_type", "in use", applications=1)
            if getattr(self, "refuse_facts", False) and body.get("nationality", self.me["nationality"]) != self.me["nationality"]:  # fmt: skip
                return problem(409, "profile.facts_in_use", "nationality", "submitted with it", applications=1)
        return super().__call__(request)


@pytest.fixture
async def portal():
    fake = TypeLocked()
    fake.me["email"] = "aigerim@example.kz"  # the address the profile form sends back
    async with portal_over(fake, FakeMatching()) as client:
        yield client


def _profile_form(page: str, **changes: str) -> dict[str, str]:
    form = {
        "csrf": csrf_of(page),
        "name": "Aigerim Nurlanovna",
        "email": "aigerim@example.kz",
        "home_institution": "KazNU",
        "preferred_language": "ru",
    }
    return {**form, **changes}


async def test_the_type_changes_on_the_profile_and_a_refusal_is_said_beside_it(portal):
    await log_in(portal)
    portal.fake.me["applicant_type"] = "student"
    page = await portal.get("/profile")
    assert 'name="applicant_type" value="student" checked' in page.text
    saved = await portal.post("/profile", data=_profile_form(page.text, applicant_type="faculty"))
    assert saved.status_code == 303 and portal.fake.me["applicant_type"] == "faculty"

    portal.fake.locked = True
    await portal.get("/language/ru?next=/profile")
    page = await portal.get("/profile")
    refused = await portal.post("/profile", data=_profile_form(page.text, applicant_type="student"))
    assert refused.status_code == 422
    said = translate("ru", BY_CODE["profile.applicant_type_in_use"])
    assert said != BY_CODE["profile.applicant_type_in_use"]
    assert said in refused.text.split('id="e-applicant_type">', 1)[1].split("</p>", 1)[0]
    # the summary names it and leads to the first option; both options are marked invalid
    assert 'href="#f-applicant_type-student"' in refused.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert re.search(
        r'id="f-applicant_type-student" name="applicant_type" value="student" aria-invalid="true"', refused.text
    )
    assert re.search(
        r'id="f-applicant_type-faculty" name="applicant_type" value="faculty" aria-invalid="true"', refused.text
    )
    assert portal.fake.me["applicant_type"] == "faculty"


async def test_a_new_address_asks_for_the_password_beside_its_own_field_in_the_readers_language(portal):
    await log_in(portal)
    await portal.get("/language/zh?next=/profile")
    page = await portal.get("/profile")
    # one field for it, not the password form's current_password (two inputs with one id)
    assert page.text.count('id="f-current_password"') == 1 and 'id="f-email_password"' in page.text
    refused = await portal.post("/profile", data=_profile_form(page.text, email="new@example.kz"))
    assert refused.status_code == 422 and portal.fake.me["email"] == "aigerim@example.kz"
    beside = refused.text.split('id="e-email_password">', 1)[1].split("</p>", 1)[0]
    assert translate("zh", BY_CODE["password.current_missing"]) in beside
    assert 'value="new@example.kz"' in refused.text  # what was typed stays
    wrong = await portal.post("/profile", data=_profile_form(page.text, email="new@example.kz", email_password="wrong"))
    assert translate("zh", BY_CODE["password.incorrect"]) in wrong.text.split('id="e-email_password">', 1)[1]
    assert 'value="wrong"' not in wrong.text  # a password is never written back into the page
    saved = await portal.post(
        "/profile", data=_profile_form(page.text, email="new@example.kz", email_password="right one")
    )
    assert saved.status_code == 303 and portal.fake.me["email"] == "new@example.kz"
    # the same address again: no password sent, none needed
    page = await portal.get("/profile")
    assert (await portal.post("/profile", data=_profile_form(page.text, email="new@example.kz"))).status_code == 303
    assert "current_password" not in portal.fake.patches[-1]


async def test_nationality_and_birth_date_are_corrected_on_the_profile_until_an_application_is_submitted(portal):
    """A typo made at registration could never be corrected: the page sent the applicant to the
    messages of a submitted application, which a typo that made them ineligible never let exist."""
    await log_in(portal)
    portal.fake.application["status"] = "draft"
    portal.fake.listed = [portal.fake.application]
    page = await portal.get("/profile")
    assert 'id="facts"' in page.text and 'id="fixed-facts"' not in page.text
    assert re.search(r'<option value="KZ"[^>]*selected', page.text) and 'value="2003-04-05"' in page.text
    portal.fake.application.update(home_institution_id="kaznmu", sending_country="KZ")  # a Kazakh home institution
    form = _profile_form(page.text, nationality="UZ", date_of_birth="۲۰۰۲-۰۳-۱۵")  # as an Urdu keyboard types it
    saved = await portal.post("/profile", data=form)
    assert saved.status_code == 303, saved.text
    assert (portal.fake.patches[-1]["nationality"], portal.fake.patches[-1]["date_of_birth"]) == ("UZ", "2002-03-15")
    # the service clears the drafts' home institution (it was the other country's): said, not silent
    said = (await portal.get("/profile")).text
    assert "Your drafts are now sent from Uzbekistan, so the home institution they named is no longer set" in said
    # a save that leaves the nationality as it was says nothing of it
    portal.fake.me["nationality"] = "UZ"
    portal.fake.application["sending_country"] = "UZ"  # the service moved the draft with it
    page = await portal.get("/profile")
    await portal.post("/profile", data=_profile_form(page.text, nationality="UZ", date_of_birth="2002-03-15"))
    assert "Your drafts are now sent from" not in (await portal.get("/profile")).text

    sent = len(portal.fake.patches)
    future = await portal.post("/profile", data=_profile_form(page.text, nationality="UZ", date_of_birth="2999-01-01"))
    assert future.status_code == 422 and len(portal.fake.patches) == sent  # said by the portal, nothing sent
    assert "Enter a date of birth in the past." in future.text.split('id="e-date_of_birth">', 1)[1].split("</p>")[0]

    portal.fake.refuse_facts = True  # submitted meanwhile (another tab): the service refuses, said on the field
    await portal.get("/language/ru?next=/profile")
    refused = await portal.post("/profile", data=_profile_form(page.text, nationality="TJ", date_of_birth="2002-03-15"))
    assert refused.status_code == 422
    said = translate("ru", BY_CODE["profile.facts_in_use"])
    assert said != BY_CODE["profile.facts_in_use"] and said in refused.text.split('id="e-nationality">', 1)[1]

    portal.fake.application["status"] = "submitted"  # the office corrects them now: shown, not offered
    page = await portal.get("/profile")
    assert 'id="facts"' not in page.text and 'id="fixed-facts"' in page.text
    saved = await portal.post("/profile", data=_profile_form(page.text))
    assert saved.status_code == 303 and not {"nationality", "date_of_birth"} & set(portal.fake.patches[-1])


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_the_type_is_shown_not_offered_while_an_application_is_in_progress(portal, lang):
    """The profile offered "I apply as" to an applicant whose submitted application held it,
    and the service refused the change on saving: the page now says what to do instead."""
    await log_in(portal)
    await portal.get(f"/language/{lang}?next=/profile")
    portal.fake.me["applicant_type"] = "student"
    portal.fake.application["status"] = "submitted"
    portal.fake.listed = [portal.fake.application]
    page = await portal.get("/profile")
    assert 'name="applicant_type"' not in page.text and 'id="type-fixed"' in page.text
    fixed = page.text.split('id="type-fixed">', 1)[1].split("</div>\n", 2)
    said = "Your applications in progress were made as this. To apply otherwise, withdraw them first (a draft too); then it can be changed here."
    assert translate(lang, said) in page.text and translate(lang, "a student") in fixed[0]
    if lang != "en":
        assert translate(lang, said) != said
    saved = await portal.post("/profile", data=_profile_form(page.text))
    assert saved.status_code == 303 and "applicant_type" not in portal.fake.patches[-1]

    portal.fake.application["status"] = "withdrawn"  # nothing in progress: offered again
    page = await portal.get("/profile")
    assert 'name="applicant_type" value="student" checked' in page.text and 'id="type-fixed"' not in page.text
