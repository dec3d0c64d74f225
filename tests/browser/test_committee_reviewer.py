"""A selection committee's reviewer in the portal: an admin makes the account in Urdu, the
officer gives the reviewer an application; the reviewer, on a phone in Chinese, lands on the
applications to review, opens the whole application, verifies its passport, scores it, and
finds the officers' pages closed to them."""

from __future__ import annotations

import uuid

import httpx
import pytest

from services.portal.i18n import translate
from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    api_headers,
    create_officer,
    log_in,
    master_programme,
    no_trace,
    open_cycle,
    publish_catalog,
    register_applicant,
    screenshot_path,
    student,
    submit_with_passport,
)
from tests.support.ids import uid
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PASSWORD = "committee-reviewer-password"
PHONE = {"width": 390, "height": 844}


async def test_a_committee_reviewer_made_by_an_admin_scores_an_application_on_a_phone(portal_stack, browser):
    stack, portal = portal_stack, portal_stack.portal.url
    s = uuid.uuid4().hex[:8]
    scheme, cycle, host, prog = f"sco-{s}", f"sco-{s}-26", f"lzu-{s}", f"lzu-ir-{s}"
    reviewer_email, applicant_name = f"prof-{s}@example.org", f"Ayesha Khan {s[:4]}"
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as a:
        admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(
            a, admin, email=f"chair-{s}@example.org", password=PASSWORD, name="Chair", schemes=[scheme]
        )
        chair = await api_headers(a, f"chair-{s}@example.org", PASSWORD)
    items = [
        ("institutions", {"id": host, "name": "Lanzhou University", "country": "CN"}),
        ("schemes", {"id": scheme, "name": f"SCO {s}", "sponsor": "CSC", "eligible_countries": ["PK"]}),
        ("cycles", open_cycle(id=cycle, scheme_id=scheme, name=f"SCO 2026 {s}")),
        ("programmes", master_programme(prog, cycle, host, "International relations", "politics")),
    ]
    await publish_catalog(stack, admin, items, prog)
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as a:
        registration = student(
            email=f"{uid('ayesha')}@example.pk",
            password=PASSWORD,
            name=applicant_name,
            nationality="PK",
            home_institution="NUST",
            age=22,
            preferred_language="ur",
        )
        application_id = await submit_with_passport(a, await register_applicant(a, registration), cycle, prog, 88)

    # the admin makes the reviewer's account in the portal, in Urdu
    ctx, page = await log_in(
        browser,
        f"{portal}/language/ur?next=/login",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        "**/officer",
        locale="ur-PK",
        viewport={"width": 1280, "height": 900},
    )
    await page.goto(f"{portal}/admin/accounts")
    await page.select_option("#f-role", "reviewer")
    assert translate("ur", "role:reviewer") in await page.inner_text("#f-role")
    await page.fill("#f-name", "Li Wei")
    await page.fill("#f-email", reviewer_email)
    await page.fill("#f-password", PASSWORD)
    await page.select_option("#f-preferred_language", "zh")
    await page.check(f"input[name='schemes[]'][value='{scheme}']")
    await page.click("#new-account button[type=submit]")
    await page.wait_for_url("**/admin/accounts/*")
    await no_trace(page)
    assert translate("ur", "role:reviewer") in await page.inner_text("h1")
    await ctx.close()

    # the officer's scoresheet names the reviewer's committee and assigns (the officer's own pages
    # are walked in test_committee.py)
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m:

        async def on_the_committee():
            reviewers = (await m.get(f"/cycles/{cycle}/reviewers", headers=chair)).json()
            pool = (await m.get(f"/cycles/{cycle}/pool", headers=chair)).json()
            found = [r["account_id"] for r in reviewers if r["name"] == "Li Wei"]
            return found[0] if found and pool["total"] == 1 else None

        reviewer_id = await wait_for(on_the_committee, timeout=60, what="the reviewer and the application in matching")
        sheet = {
            "criteria": [{"key": "research_plan", "label": "Research plan", "weight": 1, "min": 0, "max": 10}],
            "reviewers_per_application": 1,
            "committee": [reviewer_id],
        }
        assert (await m.put(f"/cycles/{cycle}/scoresheet", json=sheet, headers=chair)).status_code == 200
        assert (await m.post(f"/cycles/{cycle}/assignments", headers=chair)).status_code == 200
    # the applications service learns of the assignment (a reviewer reads only what it was given)
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as a:
        mine = await api_headers(a, reviewer_email, PASSWORD)

        async def given():
            return (await a.get(f"/officer/applications/{application_id}", headers=mine)).status_code == 200 or None

        await wait_for(given, timeout=60, what="the reviewer's assignment in the applications service")

    # the reviewer, on a phone in Chinese, lands on the applications given to them
    rctx, rpage = await log_in(
        browser,
        f"{portal}/language/zh?next=/login",
        reviewer_email,
        PASSWORD,
        "**/officer/committee",
        locale="zh-CN",
        viewport=PHONE,
    )
    menu = rpage.locator("nav.main-nav")
    assert await menu.locator("a[href='/officer']").count() == 0  # no console: nothing to define or run
    assert await rpage.locator("#cycles-title").count() == 0  # no scoresheets to set
    row = rpage.locator("#assigned tbody tr", has_text=applicant_name)
    await rpage.screenshot(path=screenshot_path("committee-reviewer-zh-phone"), full_page=True)
    await row.locator("a").click()
    await rpage.wait_for_selector("#score-form")
    assert await rpage.locator("form[action$='/reassign']").count() == 0

    # the whole application: its passport, verified by the reviewer
    await rpage.click("#full-page-link")
    await rpage.wait_for_url(f"**/officer/applications/{application_id}")
    await no_trace(rpage)
    await rpage.goto(f"{portal}/officer/applications/{application_id}/documents")
    passport = rpage.locator("li.document").first
    doc_id = (await passport.get_attribute("id")).removeprefix("doc-")
    await rpage.click(f"#verify-{doc_id}")
    await rpage.wait_for_url(f"**/officer/applications/{application_id}/documents*")
    assert translate("zh", "document:verified") in await rpage.locator(f"#doc-{doc_id}").inner_text()

    # the score
    await rpage.goto(f"{portal}/officer/committee/applications/{application_id}")
    await rpage.fill("#f-score_research_plan", "8")
    await rpage.click("#score-form button[type=submit]")
    await rpage.wait_for_selector(f".flash-success:has-text('{translate('zh', 'Your scores were submitted.')}')")
    assert "80" in await rpage.inner_text("#composite")
    await rpage.screenshot(path=screenshot_path("committee-reviewer-scored-zh-phone"), full_page=True)
    await no_trace(rpage)

    # what officers set, run and decide is not theirs
    for path in (f"/officer/committee/cycles/{cycle}", "/officer", f"/officer/cycles/{cycle}"):
        response = await rpage.goto(f"{portal}{path}")
        assert response.status == 403, path
        assert translate("zh", "This page is not available to your account.") in await rpage.content()
    await rctx.close()
