"""The details form carries the application's ETag as it was opened: a save in a second tab
after the first tab saved is refused by the service (If-Match, 412), and the page says so in
the reader's language with what was typed kept; saving again then goes through."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest

from services.portal.i18n import translate
from services.portal.views.applicant import CHANGED_ELSEWHERE
from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
    problem,
)


class ConditionalApplications(FakeApplications):
    """The applications service honouring If-Match on the application, as the real one does."""

    def __init__(self):
        super().__init__()
        self.application = {**self.application, "etag": '"v1"'}
        self.saved: list[tuple[str | None, dict]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("PATCH", "/applications/a1"):
            tag = request.headers.get("If-Match")
            self.saved.append((tag, json.loads(request.content)))
            if tag is not None and tag != self.application["etag"]:
                return problem(412, "application.changed", "If-Match", "changed since it was read")
            number = int(self.application["etag"].strip('"v')) + 1
            self.application = {**self.application, **json.loads(request.content), "etag": f'"v{number}"'}
            return httpx.Response(200, json=self.application)
        return super().__call__(request)


@pytest.fixture
async def portal():
    async with portal_over(ConditionalApplications(), FakeMatching()) as client:
        yield client


def _details(page: str, statement: str) -> dict[str, str]:
    etag = re.search(r'name="etag" value="([^"]*)"', page)
    assert etag is not None, page[:2000]
    return {"csrf": csrf_of(page), "etag": html.unescape(etag.group(1)), "statement": statement}


async def test_a_second_tab_does_not_overwrite_what_the_first_saved(portal):
    await log_in(portal)
    await portal.get("/language/ru?next=/applications/a1")
    tab_one = (await portal.get("/applications/a1")).text
    tab_two = (await portal.get("/applications/a1")).text

    saved = await portal.post("/applications/a1/details", data=_details(tab_one, "Written in tab one."))
    assert saved.status_code == 303
    refused = await portal.post("/applications/a1/details", data=_details(tab_two, "Written in tab two."))
    assert refused.status_code == 412
    said = translate("ru", CHANGED_ELSEWHERE)
    assert said != CHANGED_ELSEWHERE and said in refused.text
    assert "Written in tab two." in refused.text  # what was typed stays
    assert portal.fake.application["statement"] == "Written in tab one."  # nothing overwritten
    assert [tag for tag, _body in portal.fake.saved] == ['"v1"', '"v1"']

    again = await portal.post("/applications/a1/details", data=_details(refused.text, "Written in tab two."))
    assert again.status_code == 303 and portal.fake.application["statement"] == "Written in tab two."


@pytest.mark.parametrize("garbled", ["é", "a\nb", "\x00"])
async def test_a_garbled_tag_is_a_tag_that_no_longer_matches_not_a_crash(portal, garbled):
    await log_in(portal)
    page = (await portal.get("/applications/a1")).text
    refused = await portal.post("/applications/a1/details", data={**_details(page, "Mine."), "etag": garbled})
    assert refused.status_code == 412 and CHANGED_ELSEWHERE in refused.text and "Mine." in refused.text
    assert portal.fake.application["statement"] != "Mine."
