"""Referee letters in a real browser over the real services (issue 15): an applicant names a
referee on the application page; the referee opens the e-mailed link (no account) and the
page is in the referee's language (Russian); the referee uploads a PDF letter; the link then
stops working; the applicant sees "letter received" and can submit the application, which was
refused while the letter was missing. Screenshots go to .run/screenshots/."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from shared.events.catalog import LetterRequirement, Requirements
from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, PDF, screenshot_path, submit_login, switch_language
from tests.browser.test_accounts import mail_texts
from tests.support.events import publish
from tests.support.flows import PASSWORD, create_draft, demo_catalog, register, wait_for_catalog
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration


async def test_a_referee_uploads_a_letter_through_the_emailed_link_in_russian(portal_stack, kafka, browser):
    portal = portal_stack.portal.url
    catalog = demo_catalog(requirements=Requirements(letters=LetterRequirement(count=1, positions=["professor"])))
    await publish(kafka.bootstrap, *catalog.events)
    async with httpx.AsyncClient(base_url=portal_stack.applications.url, timeout=30) as api:
        await wait_for_catalog(api, catalog, timeout=90)
        who = await register(api, nationality="KZ", preferred_language="en")
        draft = await create_draft(api, who, catalog, choices=[catalog.student_programmes[0]])
    app_url = f"{portal}/applications/{draft['id']}"
    referee_email = f"prof-{uuid.uuid4().hex[:8]}@kaznu.example"

    applicant = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1000})
    page = await applicant.new_page()
    page.set_default_timeout(20_000)
    referee = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1000})
    try:
        await page.goto(f"{portal}/login")
        await submit_login(page, who.email, PASSWORD)
        await page.wait_for_url("**/applications")
        await page.goto(app_url)
        assert "Letters needed: 1" in await page.inner_text("#letters-needed")

        # the submit is refused while the letter is missing
        await page.click("form[action$='/submit'] button")
        await page.wait_for_selector(".error-summary, li.choice.ineligible")
        assert "Recommendation letters received: 0 of 1" in await page.inner_text("main")

        # name a referee, who reads Russian
        await page.fill("#f-ref_name", "Профессор Асель Бекова")
        await page.fill("#f-ref_email", referee_email)
        await page.select_option("#f-ref_position", "professor")
        await page.fill("#f-ref_institution", "Al-Farabi Kazakh National University")
        await page.fill("#f-ref_relationship", "supervised my thesis")
        await page.select_option("#f-ref_language", "ru")
        await page.click("#name-referee button[type=submit]")
        await page.wait_for_selector(".flash-success")
        row = page.locator("li.referee")
        assert await row.count() == 1
        assert "requested" in await row.locator(".badge").inner_text()

        # the e-mail to the referee, in Russian, with the link to the portal (the package's
        # modules share the mail folder: the referee's own mail)
        async def link():
            for text in mail_texts(portal_stack.mail_dir, to=referee_email):
                if "Профессор Асель Бекова" in text:
                    found = re.findall(re.escape(portal) + r"/referee\?token=[A-Za-z0-9_.-]+", text)
                    if found:
                        return text, found[0]
            return None

        text, url = await wait_for(link, timeout=60, what="the referee's e-mail")
        assert "рекомендательное письмо" in text
        assert sum(1 for t in mail_texts(portal_stack.mail_dir) if url in t) == 1  # sent once

        # the referee opens the link: no account, the page in Russian, this one request only
        r_page = await referee.new_page()
        r_page.set_default_timeout(20_000)
        await r_page.goto(url)
        assert await r_page.get_attribute("html", "lang") == "ru"
        request_text = await r_page.inner_text("#referee-request")
        assert "Aigerim Nurlanovna" in request_text and "Chinese medicine 3+2" in request_text
        assert "Рекомендательное письмо" in await r_page.inner_text("h1")
        await r_page.screenshot(path=screenshot_path("15-referee-letter-ru"), full_page=True)
        # the language switch keeps the link, and the letter typed so far
        typed = "Асель — одна из самых способных студенток курса.\nWith my strongest recommendation."
        await r_page.fill("#f-text", typed)
        await r_page.check("#f-decline")  # a confirmation is never carried over
        # (switch_language waits for the new page's deferred script, which puts the letter back)
        await switch_language(r_page, "zh")
        assert "推荐信" in await r_page.inner_text("h1")
        assert await r_page.input_value("#f-text") == typed
        assert not await r_page.is_checked("#f-decline")
        await r_page.fill("#f-text", "")  # emptied: the switch back carries the empty field
        await switch_language(r_page, "ru")
        assert await r_page.input_value("#f-text") == ""

        await r_page.set_input_files(
            "#f-file", files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        await r_page.click("form[action^='/referee/upload'] button[type=submit]")  # the token in its address too
        await r_page.wait_for_selector("#referee-done")
        assert "Спасибо" in await r_page.inner_text("#referee-done")
        # the link no longer works
        await r_page.goto(url)
        assert "уже использована" in await r_page.inner_text("#referee-link-problem")

        # the applicant sees "letter received" (never the letter) and can submit
        await page.goto(app_url)
        assert "letter received" in await page.locator("li.referee .badge").inner_text()
        assert "letter.pdf" not in await page.inner_text("#referees")
        assert await page.locator("li.choice.ineligible").count() == 0
        await page.screenshot(path=screenshot_path("15-referees-applicant-en"), full_page=True)
        await page.click("form[action$='/submit'] button")
        await page.wait_for_selector(".status-line .badge-submitted")

        # an officer (here the admin) reads the letter on the application
        officer = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        try:
            o_page = await officer.new_page()
            o_page.set_default_timeout(20_000)
            await o_page.goto(f"{portal}/login")
            await submit_login(o_page, ADMIN_EMAIL, ADMIN_PASSWORD)
            await o_page.wait_for_load_state()
            await o_page.goto(f"{portal}/officer/applications/{draft['id']}/referees")
            row = o_page.locator("#letters tbody tr")
            assert await row.count() == 1
            assert "letter received" in await row.inner_text()
            href = await row.locator("a[download]").get_attribute("href")
            got = await o_page.request.get(f"{portal}{href}")
            assert got.status == 200 and await got.body() == PDF
            await o_page.screenshot(path=screenshot_path("15-referee-letters-officer"), full_page=True)
            # on a phone the letters' table scrolls inside its box, not the page (in Urdu it had
            # run off the left edge)
            await o_page.set_viewport_size({"width": 390, "height": 844})
            await o_page.goto(f"{portal}/language/ur?next=/officer/applications/{draft['id']}/referees")
            await o_page.wait_for_selector("#letters")
            assert await o_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            # the applicant cannot open the officer's page or the letter
            denied = await page.request.get(f"{portal}{href}", max_redirects=0)
            assert denied.status != 200 or await denied.body() != PDF
        finally:
            await officer.close()
    finally:
        await applicant.close()
        await referee.close()
