"""An offer answered in one tab, then "Decline" pressed in another (journey 16)."""

from __future__ import annotations

import pytest

from services.portal.i18n import translate
from tests.unit.portal.test_pages_with_fake_services import FakeApplications, FakeMatching, csrf_of, log_in, portal_over

ANSWERED = "You have already answered this offer: see where your application stands below."


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_a_decline_from_a_stale_tab_says_the_offer_was_already_answered(lang):
    async with portal_over(FakeApplications(), FakeMatching()) as portal:
        await log_in(portal)
        await portal.get(f"/language/{lang}?next=/")
        portal.fake.application["status"] = "offered"
        stale = await portal.get("/applications/a1")
        portal.fake.application["status"] = "accepted"  # accepted in the other tab
        r = await portal.post("/applications/a1/offer", data={"csrf": csrf_of(stale.text), "answer": "decline"})
        r = await portal.get(r.headers["location"])  # the confirmation, which is not for an answered offer
        assert r.status_code == 303 and r.headers["location"] == "/applications/a1"
        page = await portal.get("/applications/a1")
        assert translate(lang, ANSWERED) in page.text
        assert not any(c[0] == "POST" and "/offer/" in c[1] for c in portal.fake.calls)
