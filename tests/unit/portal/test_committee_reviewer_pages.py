"""A selection committee's reviewer (role ``reviewer``) in the portal, over fake services: its
home is the applications it reviews; it scores and declares conflicts, opens the full
application, and is shown nothing of what officers set or decide (scoresheets, giving a review
to another, the console)."""

from __future__ import annotations

import html

import httpx
import pytest

from tests.unit.portal.test_committee_walk_pages import REVIEWS, _portal, text_of
from tests.unit.portal.test_pages_with_fake_services import csrf_of, problem

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


async def test_a_flagged_review_tells_a_reviewer_what_it_can_do_and_shows_the_other_review(reviewer):
    """ "Read both reviews ... or give the review to another reviewer below": a reviewer saw two
    numbers and nothing below."""
    other = {**REVIEWS["reviews"][1], "submitted": True, "composite": 92.22, "scores": {"research_plan": 9.2},
             "history": [{"version": 1, "scores": {"research_plan": 9.2}, "composite": 92.22,
                          "comment": "A strong plan.", "submitted_at": "2026-12-05T10:00:00Z"}]}  # fmt: skip
    mine = {**REVIEWS["reviews"][0], "reviewer_id": "u1", "submitted": True, "composite": 36.67}
    reviewer.matching.reviews = {**MINE, "reviews": [mine, other], "flagged": True, "composite": 64.4, "spread": 55.5}
    page = await reviewer.get("/officer/committee/applications/a1")
    steps = html.unescape(text_of(page.text.split('id="moderation-steps">')[1].split("</p>")[0]))
    assert "The scheme's officers moderate." in steps and "give the review to another reviewer" not in steps
    theirs = page.text.split('class="their-scores">')[1].split("</ul>")[0]
    assert "Research plan" in theirs and "9.2" in theirs and "A strong plan." in page.text


async def test_a_review_given_away_sends_its_old_link_to_the_list_with_a_sentence_in_the_readers_language(
    reviewer, monkeypatch
):
    answer = type(reviewer.matching).__call__

    def taken(self, request: httpx.Request):
        if request.url.path == "/pool/applications/a1/reviews":
            return problem(404, "review.not_assigned", "application_id", "you do not review this application")
        return answer(self, request)

    monkeypatch.setattr(type(reviewer.matching), "__call__", taken)
    await reviewer.get("/language/ru?next=/")
    r = await reviewer.get("/officer/committee/applications/a1")
    assert r.status_code == 303 and r.headers["location"] == "/officer/committee"
    shown = (await reviewer.get("/officer/committee")).text
    assert "Вы больше не оцениваете эту заявку" in shown and "you do not review" not in shown


async def test_an_empty_filtered_list_says_the_filter_found_nothing_not_that_nothing_was_assigned(reviewer):
    page = await reviewer.get("/officer/committee?scored=true")
    assert "None of the applications you review matches these filters." in page.text
    assert "No applications assigned to you." not in page.text
    assert "No applications assigned to you." in (await reviewer.get("/officer/committee")).text


async def test_an_old_link_to_an_application_not_its_own_tells_a_reviewer_why(monkeypatch):
    """The full application, its documents and messages answered "There is no such application"."""
    async for client in _portal("reviewer", schemes=["cpec"]):
        services = client._transport.app.state.services  # type: ignore[attr-defined]

        def refused(request: httpx.Request) -> httpx.Response:
            return problem(404, "application.not_in_scope", "application_id", "no application a1 in your scope")

        services.applications.http = httpx.AsyncClient(transport=httpx.MockTransport(refused), base_url="http://a")
        await client.get("/language/zh?next=/")
        for path in ("/officer/applications/a1", "/officer/applications/a1/documents"):
            r = await client.get(path)
            assert r.status_code == 303 and r.headers["location"] == "/officer/committee", path
        shown = (await client.get("/officer/committee")).text
        assert "此申请不在您的评审范围内" in shown
