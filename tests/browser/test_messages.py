"""Messages about an application in a real browser (issue 16), over the real services, Kafka
and PostgreSQL: an officer writes to the applicant from the thread page; the applicant,
reading the portal in Urdu, is told in the inbox, reads the message as written on the
application page (right to left) and replies there; the officer sees the reply in the thread.
Screenshots go to .run/screenshots/."""

from __future__ import annotations

import httpx
import pytest

from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    api_headers,
    create_officer,
    log_in_to,
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

PASSWORD = "message-journey-password"
MESSAGE = "Please bring your original HEC-attested degree to the interview.\nThank you."
REPLY = "شکریہ، میں اصل ڈگری ساتھ لاؤں گی۔"


@pytest.fixture(scope="module")
async def case(portal_stack):
    """An officer of the scheme, and an Urdu-reading applicant with a submitted application."""
    s = portal_stack
    scheme, cycle, host, prog = uid("sco"), uid("sco-2026"), uid("xjmu"), uid("tcm")
    officer_email, applicant_email = f"{uid('officer')}@corridor.example", f"{uid('ayesha')}@example.pk"
    async with httpx.AsyncClient(base_url=s.applications.url, timeout=30) as a:
        admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, admin, email=officer_email, password=PASSWORD, name="Dana Officer", schemes=[scheme])
        items = [
            ("institutions", {"id": host, "name": "Xinjiang Medical University", "country": "CN"}),
            ("schemes", {"id": scheme, "name": "SCO Scholarship", "sponsor": "MoE", "eligible_countries": ["PK"]}),
            ("cycles", open_cycle(id=cycle, scheme_id=scheme, name="SCO 2026/27", eligible_countries=["PK"])),
            ("programmes", master_programme(prog, cycle, host, "Clinical medicine (MMed)", "medicine", seats=2)),
        ]
        await publish_catalog(s, admin, items, prog)
        registration = student(
            email=applicant_email,
            password=PASSWORD,
            name="Ayesha Khan",
            nationality="PK",
            home_institution="University of the Punjab",
            age=23,
            preferred_language="ur",
        )
        h = await register_applicant(a, registration)
        app_id = await submit_with_passport(a, h, cycle, prog, 80)
    return {"portal": s.portal.url, "officer": officer_email, "applicant": applicant_email, "app_id": app_id}


async def _log_in(browser, portal: str, email: str, next_path: str, lang: str = "en"):
    return await log_in_to(browser, portal, email, PASSWORD, next_path, lang)


async def test_officer_writes_applicant_reads_in_urdu_and_replies(case, browser):
    app_id = case["app_id"]
    thread_path = f"/officer/applications/{app_id}/messages"

    # the officer writes; a blank message is refused first, next to the field
    officer_ctx, officer = await _log_in(browser, case["portal"], case["officer"], thread_path)
    await no_trace(officer)
    assert "Ayesha Khan" in await officer.locator("h1").inner_text()
    assert await officer.locator("#no-messages").count() == 1
    await officer.fill("#f-body", "   ")
    await officer.click("#send-message")
    await officer.wait_for_selector("#e-body")
    assert "Write a message first." in await officer.locator("#e-body").inner_text()
    await officer.fill("#f-body", MESSAGE)
    await officer.click("#send-message")
    await officer.wait_for_url(f"**{thread_path}#message-*")
    thread = officer.locator("#thread")
    assert "Dana Officer wrote" in await thread.inner_text()
    assert "original HEC-attested degree" in await thread.inner_text()

    # the applicant is told in the inbox, in Urdu
    applicant_ctx, page = await _log_in(browser, case["portal"], case["applicant"], "/inbox", "ur")

    async def told():
        await page.goto(f"{case['portal']}/inbox")
        return "آپ کی درخواست کے بارے میں پیغام" in await page.content()

    await wait_for(told, timeout=60, what="the message in the applicant's inbox")
    assert "original HEC-attested degree" in await page.content()

    # ... reads it on the application page, right to left, and replies
    await page.goto(f"{case['portal']}/applications/{app_id}")
    await no_trace(page)
    assert await page.locator("html").get_attribute("dir") == "rtl"
    section = page.locator("#messages")
    assert "خط و کتابت" in await section.locator("h2").inner_text()
    text = await section.inner_text()
    assert "original HEC-attested degree to the interview." in text and "Dana Officer" in text
    assert await page.locator("label[for=f-body]").count() == 1
    await page.fill("#f-body", REPLY)
    await page.click("#send-message")
    await page.wait_for_url(f"**/applications/{app_id}#message-*")
    await no_trace(page)
    assert REPLY in await page.locator("#messages").inner_text()
    assert "آپ نے لکھا" in await page.locator("#messages").inner_text()  # "You wrote"
    await page.locator("#messages").screenshot(path=screenshot_path("messages-applicant-ur"))

    # the officer sees the reply in the thread, after the message
    await officer.goto(f"{case['portal']}{thread_path}")
    items = await officer.locator("#thread li.message").all()
    assert len(items) == 2
    assert "Ayesha Khan wrote" in await items[1].inner_text() and REPLY in await items[1].inner_text()
    await officer.screenshot(path=screenshot_path("messages-officer"), full_page=True)
    await officer_ctx.close()
    await applicant_ctx.close()


async def test_typed_text_is_not_lost_to_a_reload_by_mistake(case, browser):
    """Until the form is sent, the browser asks before leaving a page with long text typed in."""
    ctx, page = await _log_in(browser, case["portal"], case["applicant"], f"/applications/{case['app_id']}")
    asked: list[str] = []

    async def answer(dialog) -> None:
        asked.append(dialog.type)
        await dialog.accept()  # leave anyway

    page.on("dialog", answer)
    await page.reload()
    assert asked == []  # nothing typed: nothing asked
    await page.fill("#f-body", "A long reply, typed and not yet sent.")
    await page.reload()
    assert asked == ["beforeunload"]
    await page.fill("#f-body", REPLY)
    await page.click("#send-message")  # sent: nothing to ask
    await page.wait_for_url(f"**/applications/{case['app_id']}#message-*")
    await page.reload()
    assert asked == ["beforeunload"]
    await ctx.close()
