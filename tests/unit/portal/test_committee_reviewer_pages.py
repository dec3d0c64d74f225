"""A selection committee's reviewer (role ``reviewer``) in the portal, over fake services: its
home is the applications it reviews; it scores and declares conflicts, opens the full
application, and is shown nothing of what officers set or decide (scoresheets, giving a review
to another, the console)."""

from __future__ import annotations

import pytest

from tests.unit.portal.test_committee_walk_pages import REVIEWS, _portal, text_of
from tests.unit.portal.test_pages_with_fake_services import csrf_of

# what the matching service refuses a reviewer on these pages (the officers' reads)
REFUSED = {"/cycles/c1/reviewers", "/cycles/c1/interviews", "/journal", "/cycles/c1/moderation"}
MINE = {
    **REVIEWS,
    "my_assignment_id": "x",
    "eligible_reviewers": [],  # the service names none to a reviewer
    "scoresheet": {"criteria": [{"key": "research_plan", "label": "Research plan", "weight": 1, "min": 0, "max": 10}],
                   "reviewers_per_application": 2, "spread_threshold": 30},
}  # fmt: skip


@pytest.fixture
async def reviewer():
    async for client in _portal("reviewer", schemes=["cpec"]):
        client.matching.refused = REFUSED
        client.matching.reviews = {**MINE, "reviews": [{**REVIEWS["reviews"][0], "reviewer_id": "u1"}]}
        yield client


async def test_a_reviewer_lands_on_the_applications_it_reviews_with_its_own_menu(reviewer):
    home = await reviewer.get("/", follow_redirects=False)
    assert home.status_code in (302, 303, 307) and home.headers["location"] == "/officer/committee"
    page = await reviewer.get("/officer/committee")
    assert page.status_code == 200 and "Applications I review" in page.text
    menu = page.text.split('class="main-nav"')[1].split("</nav>")[0]
    assert 'href="/officer/committee"' in menu and 'href="/inbox"' in menu and 'href="/profile"' in menu
    for officers_only in ('href="/officer"', 'href="/nominations"', 'href="/host/admissions"', 'href="/endorsements"'):
        assert officers_only not in menu
    # no scoresheets to set, no console to go back to
    assert "Scoresheets and reviewers per cycle" not in page.text and "Officer console" not in page.text


async def test_a_reviewer_scores_and_declares_a_conflict_but_gives_no_review_away(reviewer):
    page = await reviewer.get("/officer/committee/applications/a1")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "Research plan" in shown and 'action="/officer/committee/applications/a1/scores"' in page.text
    assert 'id="conflict-form"' in page.text and 'id="full-page-link"' in page.text
    assert "/reassign" not in page.text and "Give to another reviewer" not in shown


@pytest.mark.parametrize("path", ["/officer/committee/cycles/c1", "/officer", "/nominations", "/admin/accounts"])
async def test_the_officers_pages_are_not_a_reviewers(reviewer, path):
    page = await reviewer.get(path)
    assert page.status_code == 403 and "This page is not available to your account." in page.text


async def test_a_reviewer_is_not_offered_reassignment_even_by_a_hand_made_form(reviewer):
    page = await reviewer.get("/officer/committee/applications/a1")
    r = await reviewer.post(
        "/officer/committee/applications/a1/reassign", data={"csrf": csrf_of(page.text), "assignment_id": "x"}
    )
    assert r.status_code == 403 and reviewer.matching.reassigned == []
