"""Accounts in a real browser over the real services (issue 13 items 4-5, issue 18 item 8):
log-out revokes the token everywhere; a forgotten password is reset through the link the
applications service e-mails (read back from the notifications service's mail folder), with
policy refusals in the reader's language; the profile changes the password and the session
goes on with the new token; repeated wrong passwords are answered with how long to wait.
Screenshots of the new pages in four languages go to .run/screenshots/."""

from __future__ import annotations

import email
import re
import uuid
from email import policy

import httpx
import pytest

from tests.browser.conftest import register_in_portal, screenshot_path, switch_language
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

FIRST = "amber-falcon-7731-river"
RESET = "quiet-harbour-2946-lantern"
CHANGED = "copper-meadow-5812-violin"
LANGS = ("ur", "zh", "ru", "en")  # English last: the journey goes on in English


def mail_texts(folder, to: str | None = None) -> list[str]:
    """Every e-mail written so far (only those to ``to`` if given), as its decoded text parts."""
    out = []
    for path in sorted(folder.glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if to is not None and to.lower() not in str(msg.get("To", "")).lower():
            continue
        out.append(
            "\n".join(
                part.get_content()
                for part in msg.walk()
                if part.get_content_maintype() == "text" and not part.is_multipart()
            )
        )
    return out


async def reset_link(stack, portal: str, who: str, seen: set[str]) -> str:
    """A reset link e-mailed to ``who``, not seen yet (the unknown address gets none;
    the mail folder is the whole package's)."""

    async def found():
        for text in mail_texts(stack.mail_dir, to=who):
            for link in re.findall(re.escape(portal) + r"/password-reset\?token=[A-Za-z0-9_-]+", text):
                if link not in seen:
                    return link
        return None

    link = await wait_for(found, timeout=60, what="a password-reset e-mail")
    seen.add(link)
    return link


async def api_token(stack, who: str, password: str) -> str:
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as a:
        r = await a.post("/auth/token", data={"username": who, "password": password})
        assert r.status_code == 200, r.text
        return r.json()["access_token"]


async def api_me(stack, token: str) -> int:
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as a:
        return (await a.get("/me", headers={"Authorization": f"Bearer {token}"})).status_code


async def log_in(page, portal: str, who: str, password: str) -> None:
    await page.goto(f"{portal}/login")
    await page.fill("#f-email", who)
    await page.fill("#f-password", password)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_url("**/applications")


async def until_refused(page, who: str) -> str:
    """Wrong passwords until the form refuses for a while (each one not refused lengthens the
    wait, so one soon outlasts a round trip); the refusal's text."""
    for _ in range(8):
        await page.fill("#f-email", who)
        await page.fill("#f-password", "wrong-password-guess")
        await page.click("form[action='/login'] button[type=submit]")
        await page.wait_for_selector(".error-summary")
        if await page.locator("#login-refused").count():
            return await page.inner_text("#login-refused")
    raise AssertionError("never throttled")


async def test_log_out_forgot_reset_and_change_password(portal_stack, browser):
    stack, portal = portal_stack, portal_stack.portal.url
    who = f"bilal-{uuid.uuid4().hex[:8]}@example.pk"
    ctx = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(20_000)

    # register in the portal (logged in at once)
    await register_in_portal(
        page, portal, who, FIRST, name="Bilal Ahmed", nationality="PK", home="University of the Punjab", age=23
    )

    # log-out revokes: a token of the same account from elsewhere, and this browser's old
    # cookie replayed, stop working
    elsewhere = await api_token(stack, who, FIRST)
    assert await api_me(stack, elsewhere) == 200
    before = await ctx.storage_state()
    await page.click("form.logout button")
    await page.wait_for_url("**/login")
    assert await api_me(stack, elsewhere) == 401
    replay = await browser.new_context(storage_state=before)
    old = await replay.new_page()
    await old.goto(f"{portal}/profile")
    assert "/login" in old.url
    await replay.close()

    # forgot password: a link on the log-in page, the page in four languages, one neutral answer
    await page.click("#forgot-password")
    await page.wait_for_url("**/forgot-password")
    headings = {}
    for lang in LANGS:
        await switch_language(page, lang)
        headings[lang] = await page.inner_text("h1")
        await page.screenshot(path=screenshot_path(f"20-forgot-password-{lang}"), full_page=True)
    assert len(set(headings.values())) == 4 and headings["en"] == "Forgot your password?"
    answers = []
    for address in (f"nobody-{uuid.uuid4().hex[:6]}@example.pk", who):
        await page.goto(f"{portal}/forgot-password")
        await page.fill("#f-email", address)
        await page.click("form[action='/forgot-password'] button[type=submit]")
        await page.wait_for_url("**/login")
        answers.append(await page.inner_text(".flash"))
    assert answers[0] == answers[1] and "Check your e-mail" in answers[0]

    # the e-mailed link opens the portal's page; a common password is refused in Urdu
    seen: set[str] = set()
    link = await reset_link(stack, portal, who, seen)
    await page.goto(link)
    await switch_language(page, "ur")
    assert await page.get_attribute("html", "dir") == "rtl"
    await page.fill("#f-new_password", "password123456")
    await page.fill("#f-new_password_again", "password123456")
    await page.click("form[action='/password-reset'] button[type=submit]")
    assert "یہ پاس ورڈ بہت عام ہے" in await page.inner_text("#e-new_password")
    await page.screenshot(path=screenshot_path("21-password-reset-refused-ur"), full_page=True)
    for lang in LANGS:
        await switch_language(page, lang)  # the token stays in the address
        await page.screenshot(path=screenshot_path(f"21-password-reset-{lang}"), full_page=True)
    await page.fill("#f-new_password", RESET)
    await page.fill("#f-new_password_again", RESET)
    await page.click("form[action='/password-reset'] button[type=submit]")
    await page.wait_for_url("**/login")
    assert "Log in with your new password" in await page.inner_text(".flash")
    # the link works once: opened again, it says so at once (no form to fill in for nothing),
    # in every language, with the way to ask for a new one (issue 18)
    await page.goto(link)
    assert "already used or has expired" in await page.inner_text("#reset-link-problem")
    assert await page.locator("#f-new_password").count() == 0
    used = {}
    for lang in LANGS:
        await switch_language(page, lang)
        used[lang] = await page.inner_text("#reset-link-problem")
        assert await page.locator("#f-new_password").count() == 0
        await page.screenshot(path=screenshot_path(f"21-password-reset-used-{lang}"), full_page=True)
    assert len(set(used.values())) == 4 and "یہ لنک پہلے ہی استعمال ہو چکا ہے" in used["ur"]
    await page.click("a[href='/forgot-password']")
    await page.wait_for_url("**/forgot-password")

    # the new password logs in; the profile changes it again and the session goes on
    await log_in(page, portal, who, RESET)
    await page.goto(f"{portal}/profile")
    await page.fill("#f-current_password", "not-my-password-at-all")
    await page.fill("#f-new_password", CHANGED)
    await page.fill("#f-new_password_again", CHANGED)
    await page.click("form[action='/profile/password'] button[type=submit]")
    assert "not your current password" in await page.inner_text("#e-current_password")
    await page.fill("#f-current_password", RESET)
    await page.fill("#f-new_password", CHANGED)
    await page.fill("#f-new_password_again", CHANGED)
    await page.click("form[action='/profile/password'] button[type=submit]")
    await page.wait_for_url("**/profile")
    assert "Your password was changed." in await page.inner_text(".flash")
    await page.goto(f"{portal}/applications")  # the new token, kept in the session, works
    assert page.url.endswith("/applications")
    await page.screenshot(path=screenshot_path("22-profile-password-en"), full_page=True)
    await page.click("form.logout button")
    await log_in(page, portal, who, CHANGED)

    # wrong passwords: after a few, the log-in form says how long to wait (not a generic error)
    await page.click("form.logout button")
    await page.wait_for_url("**/login")
    refused = await until_refused(page, who)
    assert re.search(r"Too many failed log-ins\. Please wait \d+ seconds? and try again\.", refused), refused
    await switch_language(page, "ru")
    refused = await until_refused(page, who)
    assert re.search(r"Слишком много неудачных попыток входа\. Подождите \d+ секунд", refused), refused
    await page.screenshot(path=screenshot_path("23-login-throttled-ru"), full_page=True)
    await ctx.close()
