"""An applicant downloads their data and closes their account in a real browser over the real
services, in Russian: the profile links both; the file is their data; the closing page refuses
without the tick, then closes; the address no longer logs in."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.browser.conftest import register_in_portal, screenshot_path, switch_language

pytestmark = pytest.mark.integration

PASSWORD = "amber-falcon-7731-river"


async def test_an_applicant_downloads_their_data_then_closes_the_account(portal_stack, browser):
    portal = portal_stack.portal.url
    who = f"dana-{uuid.uuid4().hex[:8]}@example.kz"
    ctx = await browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = await ctx.new_page()
    page.set_default_timeout(20_000)
    await register_in_portal(
        page,
        portal,
        who,
        PASSWORD,
        name="Дана Серикқызы",
        nationality="KZ",
        home="Евразийский национальный университет",
        age=21,
    )
    await switch_language(page, "ru")

    await page.goto(f"{portal}/profile")
    async with page.expect_download() as download:
        await page.click("a[href='/profile/data']")
    data = json.loads((await (await download.value).path()).read_text())
    assert data["profile"]["email"] == who and data["profile"]["name"] == "Дана Серикқызы"
    assert data["applications"] == [] and isinstance(data["inbox"], list)

    await page.click("#close-account a[href='/profile/close']")
    await page.wait_for_url("**/profile/close")
    assert await page.inner_text("h1") == "Закрыть мою учётную запись"
    await page.fill("#f-password", PASSWORD)
    await page.click("form[action='/profile/close'] button[type=submit]")
    assert "Отметьте поле" in await page.inner_text("#e-confirm")
    await page.screenshot(path=screenshot_path("60-close-account-refused-ru"), full_page=True)
    await page.fill("#f-password", PASSWORD)
    await page.check("#f-confirm")
    await page.click("form[action='/profile/close'] button[type=submit]")
    await page.wait_for_url(f"{portal}/")
    assert "Ваша учётная запись закрыта" in await page.inner_text(".flash")

    await page.goto(f"{portal}/login")
    await page.fill("#f-email", who)
    await page.fill("#f-password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_selector(".error-summary")
    assert "/login" in page.url
    await ctx.close()
