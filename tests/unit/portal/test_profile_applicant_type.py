"""An applicant registered with the wrong type changes it on the profile (the service allows
it while no application is live); refused, the page says why beside the choice, in the
reader's language."""

from __future__ import annotations

import json

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
    """The applications service; ``locked``: the type is in use by a live application."""

    locked = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("PATCH", "/me"):
            body = json.loads(request.content)
            if self.locked and body.get("applicant_type", self.me["applicant_type"]) != self.me["applicant_type"]:
                return problem(409, "profile.applicant_type_in_use", "applicant_type", "in use", applications=1)
        return super().__call__(request)


@pytest.fixture
async def portal():
    async with portal_over(TypeLocked(), FakeMatching()) as client:
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
    assert portal.fake.me["applicant_type"] == "faculty"
