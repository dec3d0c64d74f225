"""A referee who declines is replaced, in a real browser over the real services (issue 15): the
applicant names two referees on the application page; the first writes the letter through the
e-mailed link; the second opens theirs in Urdu and declines; the applicant, now reading the
portal in Chinese, sees "declined" and asks someone else instead; the new referee writes; the
checklist shows the letters requirement met. The applicant's pages never carry a letter's words.
Screenshots go to .run/screenshots/."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from shared.events.catalog import LetterRequirement, Requirements
from tests.browser.conftest import no_trace, screenshot_path, submit_login
from tests.browser.test_accounts import mail_texts
from tests.support.events import publish
from tests.support.flows import PASSWORD, create_draft, demo_catalog, register, wait_for_catalog
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

LETTERS = 'li[data-code="requirement.letters"]'


def _letter(secret: str) -> str:
    return f"{secret}: a careful, original researcher who finished every field season on time and in good spirits."


async def _link_for(stack, portal: str, name: str) -> str:
    """The link in the e-mail that asked ``name`` for a letter."""

    async def link():
        for text in mail_texts(stack.mail_dir):
            if name in text:
                found = re.findall(re.escape(portal) + r"/referee\?token=[A-Za-z0-9_.-]+", text)
                if found:
                    return found[0]
        return None

    return await wait_for(link, timeout=60, what=f"the e-mail asking {name} for a letter")


async def _name_referee(page, prefix: str, name: str, email: str, language: str) -> None:
    await page.fill(f"#f-{prefix}name", name)
    await page.fill(f"#f-{prefix}email", email)
    await page.select_option(f"#f-{prefix}position", "professor")
    await page.fill(f"#f-{prefix}institution", "Al-Farabi Kazakh National University")
    await page.fill(f"#f-{prefix}relationship", "taught my field methods course")
    await page.select_option(f"#f-{prefix}language", language)


async def _write(browser, url: str, text: str) -> None:
    """The referee opens the link in a browser of their own and writes the letter in the form."""
    ctx = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1000})
    try:
        page = await ctx.new_page()
        page.set_default_timeout(20_000)
        await page.goto(url)
        await page.fill("#f-text", text)
        await page.click("form[action='/referee/letter'] button[type=submit]")
        await page.wait_for_selector("#referee-done")
        await no_trace(page)
    finally:
        await ctx.close()


async def test_a_declining_referee_is_replaced_and_the_letters_requirement_is_met(portal_stack, kafka, browser):
    portal = portal_stack.portal.url
    catalog = demo_catalog(requirements=Requirements(letters=LetterRequirement(count=2, positions=["professor"])))
    await publish(kafka.bootstrap, *catalog.events)
    async with httpx.AsyncClient(base_url=portal_stack.applications.url, timeout=30) as api:
        await wait_for_catalog(api, catalog, timeout=90)
        who = await register(api, nationality="KZ", preferred_language="en")
        draft = await create_draft(api, who, catalog, choices=[catalog.student_programmes[0]])
    app_path = f"/applications/{draft['id']}"
    tag = uuid.uuid4().hex[:8]
    first, second, third = f"Prof. Dana Sarsen {tag}", f"Prof. Imran Qureshi {tag}", f"Prof. Wang Lei {tag}"
    secrets = [f"LETTER-ONE-{tag}", f"LETTER-THREE-{tag}"]

    applicant = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1100})
    page = await applicant.new_page()
    page.set_default_timeout(20_000)
    try:
        await page.goto(f"{portal}/login")
        await submit_login(page, who.email, PASSWORD)
        await page.wait_for_url("**/applications")
        await page.goto(f"{portal}{app_path}")
        assert "Letters needed: 2" in await page.inner_text("#letters-needed")

        # two referees, named on the application page
        for name, email, language in (
            (first, f"dana-{tag}@kaznu.example", "en"),
            (second, f"imran-{tag}@qau.example", "ur"),
        ):
            await _name_referee(page, "ref_", name, email, language)
            await page.click("#name-referee button[type=submit]")
            await page.wait_for_selector(".flash-success")
            await no_trace(page)
        assert await page.locator("li.referee").count() == 2

        # the first writes the letter through the link
        await _write(browser, await _link_for(portal_stack, portal, first), _letter(secrets[0]))

        # the second opens the link, in Urdu (the referee's language), and declines
        decliner = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1000})
        try:
            d_page = await decliner.new_page()
            d_page.set_default_timeout(20_000)
            url = await _link_for(portal_stack, portal, second)
            await d_page.goto(url)
            assert await d_page.get_attribute("html", "lang") == "ur"
            assert await d_page.get_attribute("html", "dir") == "rtl"
            button = d_page.locator("form[action='/referee/decline'] button[type=submit]")
            assert "خط لکھنے سے انکار کریں" in await button.inner_text()
            await d_page.check("#f-decline")  # declining cannot be undone: asked first
            await button.click()
            await d_page.wait_for_selector("#referee-done")
            assert "آپ نے خط لکھنے سے انکار کر دیا ہے" in await d_page.inner_text("#referee-done")
            await d_page.screenshot(path=screenshot_path("15-referee-declined-ur"), full_page=True)
            await d_page.goto(url)  # answered: the link no longer works
            assert await d_page.locator("#referee-link-problem").count() == 1
        finally:
            await decliner.close()

        # the applicant, now reading the portal in Chinese, sees the decline and replaces that referee
        await page.goto(f"{portal}/language/zh?next={app_path}")
        await page.wait_for_url(f"**{app_path}*")
        assert await page.get_attribute("html", "lang") == "zh"
        declined = page.locator("li.referee", has_text=second)
        assert "已婉拒" in await declined.locator(".badge").inner_text()  # declined
        assert "已收到推荐信" in await page.locator("li.referee", has_text=first).locator(".badge").inner_text()
        letters = page.locator(f"#checklist {LETTERS}")
        assert "推荐信：已收到 1 封，共需 2 封" in await letters.inner_text()
        assert "未满足" in await letters.locator(".checklist-state").inner_text()  # not met
        await page.screenshot(path=screenshot_path("15-referee-declined-applicant-zh"), full_page=True)
        # the remind button is not offered for a referee who answered
        assert await declined.locator("form[action$='/remind']").count() == 0
        await declined.locator("summary").click()
        assert "改请其他人" in await declined.locator("summary").inner_text()
        request_id = (await declined.get_attribute("id")).removeprefix("referee-")
        await _name_referee(page, f"rep_{request_id}_", third, f"wang-{tag}@lzu.example", "zh")
        await declined.locator("form[action$='/replace'] button[type=submit]").click()
        await page.wait_for_selector(".flash-success")
        await no_trace(page)
        assert "推荐人已更换。" in await page.inner_text(".flash-success")
        rows = page.locator("li.referee")
        assert await rows.count() == 2  # the one who declined is gone, the new one asked
        assert await page.locator("li.referee", has_text=second).count() == 0
        assert "已发出请求" in await page.locator("li.referee", has_text=third).locator(".badge").inner_text()

        # the new referee gets their own link (not the old one) and writes
        url_three = await _link_for(portal_stack, portal, third)
        assert url_three != url
        await _write(browser, url_three, _letter(secrets[1]))

        # the checklist: both letters in, the requirement met; the letters' words nowhere
        await page.reload()
        await no_trace(page)
        assert all("已收到推荐信" in t for t in await page.locator("li.referee .badge").all_inner_texts())
        letters = page.locator(f"#checklist {LETTERS}")
        assert "推荐信：已收到 2 封，共需 2 封" in await letters.inner_text()
        assert "已满足" in await letters.locator(".checklist-state").inner_text()  # met
        await letters.scroll_into_view_if_needed()
        await page.screenshot(path=screenshot_path("15-referee-replaced-applicant-zh"), full_page=True)
        html = await page.content()
        for secret in secrets:
            assert secret not in html
        # nor through the API the portal reads for the applicant
        async with httpx.AsyncClient(base_url=portal_stack.applications.url, timeout=30) as api:
            r = await api.get(f"{app_path}/referees", headers=who.headers)
            assert r.status_code == 200 and len(r.json()) == 2
            assert not any(secret in r.text for secret in secrets)
            [letter_one] = [x["id"] for x in r.json() if x["name"] == first]
            r = await api.get(f"/officer{app_path}/referees/{letter_one}/letter", headers=who.headers)
            assert r.status_code == 403 and not any(secret in r.text for secret in secrets)
    finally:
        await applicant.close()
