"""The portal in a real browser (chromium) over the real services, Kafka and PostgreSQL.

One journey in three acts, sharing one stack: an applicant registers, builds and submits
an application (fixing the problems the page shows per choice); an officer starts a
matching round, watches it, and approves the proposed matches; the applicant sees the
offer, accepts it and reads the inbox. Screenshots of the main pages go to
.run/screenshots/ (English, Chinese, Urdu right-to-left, phone width).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, screenshot_path
from tests.support.ids import uid
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "browser-journey-password"
UNLABELLED = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""
NO_TRACE = ("Traceback", "Internal Server Error", "jinja2", 'File "')


class Journey:
    """What the acts hand on to each other."""

    def __init__(self, stack):
        self.stack = stack
        self.portal = stack.portal.url
        s = uuid.uuid4().hex[:8]
        self.scheme, self.cycle, self.host = f"sco-{s}", f"sco-{s}-2026", f"xjmu-{s}"
        self.prog_a, self.prog_b = f"xjmu-tcm-{s}", f"xjmu-clin-{s}"
        self.email = f"aigerim-{s}@example.kz"
        self.officer_email = f"officer-{s}@example.org"
        self.admin_headers: dict[str, str] = {}
        self.application_id = ""


async def token(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    r = await client.post("/auth/token", data={"username": email, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def create_catalog(j: Journey) -> None:
    """Through the matching service's API, as an admin would: one cycle, two one-seat programmes."""
    t = datetime.now(UTC)
    countries = ["KZ", "UZ", "PK"]
    passport = {"required_documents": ["passport"]}
    items = [
        ("institutions", {"id": j.host, "name": "Xinjiang Medical University", "country": "CN"}),
        (
            "schemes",
            {
                "id": j.scheme,
                "name": "SCO Scholarship",
                "sponsor": "Ministry of Education of the PRC",
                "eligible_countries": countries,
                "max_choices": 3,
            },
        ),
        (
            "cycles",
            {
                "id": j.cycle,
                "scheme_id": j.scheme,
                "name": f"SCO 2026/27 ({j.cycle[-13:-5]})",
                "opens_at": (t - timedelta(days=1)).isoformat(),
                "closes_at": (t + timedelta(days=30)).isoformat(),
                "starts_on": (t + timedelta(days=120)).date().isoformat(),
                "max_choices": 3,
                "eligible_countries": countries,
            },
        ),
        (
            "programmes",
            {
                "id": j.prog_a,
                "cycle_id": j.cycle,
                "host_institution_id": j.host,
                "title": "Chinese medicine 3+2",
                "field": "medicine",
                "level": "bachelor",
                "language": "zh",
                "seats": 1,
                "requirements": {"min_grade": 70, "language_certificate": "HSK", "min_language_level": 4, **passport},
            },
        ),
        (
            "programmes",
            {
                "id": j.prog_b,
                "cycle_id": j.cycle,
                "host_institution_id": j.host,
                "title": "Clinical medicine (MMed)",
                "field": "medicine",
                "level": "master",
                "language": "en",
                "seats": 1,
                "requirements": passport,
            },
        ),
        (
            "quota-rules",
            {
                "id": f"{j.cycle}-per-country",
                "cycle_id": j.cycle,
                "label": "At most 2 from {sending_country}",
                "scope": {},
                "per": ["sending_country"],
                "max_count": 2,
            },
        ),
    ]
    async with httpx.AsyncClient(base_url=j.stack.matching.url, timeout=30) as m:
        for path, body in items:
            r = await m.post(f"/{path}", json=body, headers=j.admin_headers)
            assert r.status_code == 201, (path, r.text)
    async with httpx.AsyncClient(base_url=j.stack.applications.url, timeout=30) as a:

        async def arrived():
            codes = [(await a.get(f"/programmes/{p}")).status_code for p in (j.prog_a, j.prog_b)]
            return codes == [200, 200]

        await wait_for(arrived, timeout=60, what="the catalog in the applications read model")


async def submit_by_api(j: Journey, nationality: str, grade: float, choices: list[str], hsk: float | None) -> str:
    """Another applicant, through the applications API (the pool needs competition)."""
    async with httpx.AsyncClient(base_url=j.stack.applications.url, timeout=30) as a:
        email = f"{uid('other')}@example.org"
        r = await a.post(
            "/auth/register",
            json={
                "email": email,
                "password": PASSWORD,
                "name": "Other Applicant",
                "applicant_type": "student",
                "nationality": nationality,
                "home_institution": "Home University",
                "date_of_birth": (date.today() - timedelta(days=365 * 21)).isoformat(),
                "preferred_language": "en",
            },
        )
        assert r.status_code == 201, r.text
        h = await token(a, email, PASSWORD)
        certs = [{"kind": "HSK", "level": hsk}] if hsk else []
        r = await a.post(
            "/applications",
            headers=h,
            json={"cycle_id": j.cycle, "choices": choices, "grade": grade, "language_certificates": certs},
        )
        assert r.status_code == 201, r.text
        app_id = r.json()["id"]
        r = await a.post(
            f"/applications/{app_id}/documents",
            headers=h,
            data={"kind": "passport"},
            files={"file": ("passport.pdf", PDF, "application/pdf")},
        )
        assert r.status_code == 201, r.text
        r = await a.post(f"/applications/{app_id}/submit", headers=h)
        assert r.status_code == 200, r.text
        return app_id


async def no_trace(page) -> None:
    text = await page.content()
    for marker in NO_TRACE:
        assert marker not in text, f"{marker!r} on {page.url}"


@pytest.fixture(scope="module")
async def journey(portal_stack):
    j = Journey(portal_stack)
    async with httpx.AsyncClient(base_url=portal_stack.applications.url, timeout=30) as a:
        j.admin_headers = await token(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        r = await a.post(
            "/admin/accounts",
            headers=j.admin_headers,
            json={
                "email": j.officer_email,
                "password": PASSWORD,
                "name": "Dana Officer",
                "role": "officer",
                "schemes": [j.scheme],
            },
        )
        assert r.status_code == 201, r.text
    await create_catalog(j)
    return j


async def test_applicant_registers_builds_and_submits(journey, browser):
    j = journey
    ctx = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(20_000)

    # Register, first seen in Urdu: right to left
    await page.goto(f"{j.portal}/register")
    await page.click("a[hreflang=ur]")
    assert await page.get_attribute("html", "dir") == "rtl"
    assert await page.evaluate(UNLABELLED) == []
    await page.screenshot(path=screenshot_path("01-register-ur"), full_page=True)
    await page.click("a[hreflang=en]")
    assert await page.get_attribute("html", "dir") == "ltr"

    # a refusal from the portal's own checks stays next to its field, with what was typed kept
    await page.fill("#f-name", "Aigerim Nurlanovna")
    await page.fill("#f-email", j.email)
    await page.fill("#f-password", PASSWORD)
    await page.fill("#f-password_again", "something else entirely")
    await page.check("input[name=applicant_type][value=student]")
    await page.select_option("#f-nationality", "KZ")
    await page.fill("#f-home_institution", "Al-Farabi Kazakh National University")
    await page.fill("#f-date_of_birth", (date.today() - timedelta(days=365 * 22)).isoformat())
    await page.click("form[action='/register'] button[type=submit]")
    assert "differ" in await page.inner_text("#e-password_again")
    assert await page.input_value("#f-email") == j.email
    await page.fill("#f-password", PASSWORD)
    await page.fill("#f-password_again", PASSWORD)
    await page.click("form[action='/register'] button[type=submit]")
    await page.wait_for_url("**/programmes")

    # browse and filter: the cycle's two programmes with seats and requirements
    await page.select_option("#f-cycle", j.cycle)
    await page.click("form.filters button[type=submit]")
    cards = page.locator("#programme-list > li.card")
    assert await cards.count() == 2
    card_a = page.locator(f"#programme-{j.prog_a}")
    assert "HSK 4" in await card_a.inner_text()
    assert (await card_a.locator(".seats").inner_text()).strip() == "1"
    await page.click("a[hreflang=zh]")
    await page.screenshot(path=screenshot_path("02-programmes-zh"), full_page=True)
    await page.click("a[hreflang=en]")

    # build: A, then B; then rank B first
    await card_a.locator("button[type=submit]").click()
    await page.wait_for_url("**/applications/*")
    j.application_id = page.url.split("/applications/")[1].split("#")[0]
    await page.goto(f"{j.portal}/programmes?cycle={j.cycle}")
    await page.locator(f"#programme-{j.prog_b} button[type=submit]").click()
    await page.wait_for_url(f"**/applications/{j.application_id}*")
    assert await page.locator("ol.choices > li").evaluate_all("els => els.map(e => e.id)") == [
        f"choice-{j.prog_a}",
        f"choice-{j.prog_b}",
    ]
    await page.click(f"#choice-{j.prog_a} button[value='down:0']")
    await page.wait_for_selector(f"ol.choices > li:first-child#choice-{j.prog_b}")

    # eligibility problems per choice, before submitting
    problems_a = await page.inner_text(f"#choice-{j.prog_a} .problems")
    assert "HSK" in problems_a and "passport" in problems_a
    assert "passport" in await page.inner_text(f"#choice-{j.prog_b} .problems")

    # submitting now is refused: the reasons stand next to each choice, no stack trace
    await page.click("form[action$='/submit'] button")
    await page.wait_for_selector(f"#choice-{j.prog_a} .error")
    assert "not eligible" in await page.inner_text(f"#choice-{j.prog_a} .error")
    await no_trace(page)

    # a bad value is refused next to its field
    await page.fill("#f-grade", "140")
    await page.click("form[action$='/details'] button[type=submit]")
    assert "0 to 100" in await page.inner_text("#e-grade")
    await page.fill("#f-grade", "88")
    await page.select_option("#f-cert_kind_0", "HSK")
    await page.fill("#f-cert_level_0", "5")
    await page.click("form[action$='/details'] button[type=submit]")
    await page.wait_for_selector(".flash-success")

    # upload: a text file is refused by the service (content check), shown next to the file field
    await page.select_option("#f-kind", "passport")
    await page.set_input_files(
        "#f-file",
        files=[{"name": "passport.pdf", "mimeType": "application/pdf", "buffer": b"just some text, not a PDF"}],
    )
    await page.click("form[action$='/documents'] button[type=submit]")
    assert "PDF, PNG or JPEG" in await page.inner_text("#e-file")
    await no_trace(page)
    await page.select_option("#f-kind", "passport")
    await page.set_input_files(
        "#f-file", files=[{"name": "passport.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    await page.click("form[action$='/documents'] button[type=submit]")
    await page.wait_for_selector("ul.documents li")
    assert await page.locator("li.choice.ineligible").count() == 0
    assert await page.evaluate(UNLABELLED) == []
    await page.screenshot(path=screenshot_path("03-application-en"), full_page=True)

    await page.click("form[action$='/submit'] button")
    await page.wait_for_selector(".status-line .badge-submitted")

    # the same page at phone width, in Urdu: nothing wider than the screen
    phone = await browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, storage_state=await ctx.storage_state()
    )
    mobile = await phone.new_page()
    await mobile.goto(f"{j.portal}/language/ur?next=/applications/{j.application_id}")
    assert await mobile.get_attribute("html", "dir") == "rtl"
    assert await mobile.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    await mobile.screenshot(path=screenshot_path("04-application-ur-phone"), full_page=True)
    await phone.close()

    # the same e-mail cannot register twice: the service's refusal appears next to the field
    await page.click("form.logout button")
    await page.goto(f"{j.portal}/register")
    await page.fill("#f-name", "Someone Else")
    await page.fill("#f-email", j.email)
    await page.fill("#f-password", PASSWORD)
    await page.fill("#f-password_again", PASSWORD)
    await page.check("input[name=applicant_type][value=student]")
    await page.select_option("#f-nationality", "KZ")
    await page.fill("#f-home_institution", "Somewhere")
    await page.fill("#f-date_of_birth", "2001-05-05")
    await page.click("form[action='/register'] button[type=submit]")
    assert "already exists" in await page.inner_text("#e-email")
    await ctx.close()


async def test_officer_runs_a_round_and_approves(journey, browser):
    j = journey
    assert j.application_id, "the applicant's act did not run"
    # competition: one better applicant for B, one weaker for A
    strong = await submit_by_api(j, "UZ", 95, [j.prog_b], None)
    weak = await submit_by_api(j, "PK", 72, [j.prog_a], 4)
    async with httpx.AsyncClient(base_url=j.stack.matching.url, timeout=30) as m:

        async def pooled():
            r = await m.get(f"/cycles/{j.cycle}/pool", headers=j.admin_headers, params={"limit": 10})
            return r.status_code == 200 and r.json()["total"] == 3

        await wait_for(pooled, timeout=60, what="three applications in the matching pool")

    ctx = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(20_000)

    # log in with the keyboard only: skip link first, then the fields
    await page.goto(f"{j.portal}/login")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.className") == "skip-link"
    await page.focus("#f-email")
    await page.keyboard.type(j.officer_email)
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/officer")

    await page.click(f"a[href='/officer/cycles/{j.cycle}']")
    await page.wait_for_selector("#prog-title")
    assert "3" in await page.inner_text("main > p.muted")

    # start a round and watch it: the page follows the round until it completes
    await page.fill("#f-seed", "not a number")
    await page.click("form[action$='/rounds'] button[type=submit]")
    assert await page.locator("#e-seed").count() == 1
    await page.fill("#f-seed", "42")
    await page.click("form[action$='/rounds'] button[type=submit]")
    await page.wait_for_url("**/officer/rounds/*")
    assert await page.locator("#round-bar").count() == 1
    await page.wait_for_selector("#n-matched", timeout=60_000)
    assert (await page.inner_text("#n-matched")).strip() == "2"
    await page.screenshot(path=screenshot_path("05-round-completed-en"), full_page=True)

    # review: each proposed match with the applicant's choices, score and reasons
    await page.click("a.button.primary[href$='/review']")
    await page.wait_for_selector("#review-form")
    rows = page.locator("li.card.match")
    assert await rows.count() == 2
    match_ids = await page.locator("input.select-row").evaluate_all("els => els.map(e => e.value)")
    text = await page.inner_text("#review-form")
    assert "Chinese medicine 3+2" in text and "Clinical medicine" in text
    # ours went to A: its reason for B names the full programme
    ours = page.locator("li.card.match", has_text="Chinese medicine 3+2")
    await ours.locator("details summary").click()
    assert "full" in (await ours.locator("details").inner_text()).lower()
    assert await page.locator(".waitlist li").count() >= 1  # the weaker applicant waits at A
    assert weak[:8] in await page.inner_text("section[aria-labelledby=waitlist-title]")
    assert await page.evaluate(UNLABELLED) == []

    # rejecting without a reason is refused next to that row
    await page.click(f"#reject-{match_ids[0]}")
    assert "reason" in (await page.inner_text(f"#e-row-{match_ids[0]}")).lower()
    await page.screenshot(path=screenshot_path("06-review-en"), full_page=True)

    # approve both in bulk
    await page.check("#select-all")
    await page.click("button[name=action][value=approve]")
    await page.wait_for_selector(".flash-success")
    assert "2 approved" in await page.inner_text(".flash-success")
    await page.goto(f"{j.portal}/officer/cycles/{j.cycle}/review?status=approved")
    assert await page.locator("li.card.match").count() == 2
    assert strong[:8] in await page.inner_text("main")

    # quota fill at a glance: both programmes full, the per-country caps with their use
    await page.goto(f"{j.portal}/officer/cycles/{j.cycle}")
    assert await page.locator(".bars .tag-full").count() >= 2
    assert "At most 2 from KZ" in await page.inner_text("main")
    await page.click("a[hreflang=zh]")
    await page.screenshot(path=screenshot_path("07-quota-zh"), full_page=True)
    await ctx.close()


async def test_applicant_accepts_the_offer_and_reads_the_inbox(journey, browser):
    j = journey
    ctx = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(20_000)
    await page.goto(f"{j.portal}/login?next=/applications/{j.application_id}")
    await page.fill("#f-email", j.email)
    await page.fill("#f-password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_url(f"**/applications/{j.application_id}")

    async def offered():  # the approval reaches the applications service over Kafka
        await page.reload()
        return await page.locator("section.offer").count() == 1

    await wait_for(offered, timeout=60, what="the offer on the applicant's page")
    assert "Chinese medicine 3+2" in await page.inner_text("section.offer")
    await page.screenshot(path=screenshot_path("08-offer-en"), full_page=True)
    await page.click("button[name=answer][value=accept]")
    await page.wait_for_selector(".status-line .badge-accepted")
    await no_trace(page)

    await page.goto(f"{j.portal}/inbox")

    async def has_mail():
        await page.reload()
        return await page.locator("li.message").count() >= 1

    await wait_for(has_mail, timeout=60, what="a message in the applicant's inbox")
    await page.click("a[hreflang=zh]")
    assert await page.get_attribute("html", "lang") == "zh"
    await page.screenshot(path=screenshot_path("09-inbox-zh"), full_page=True)
    await page.click("a[hreflang=ur]")
    await page.screenshot(path=screenshot_path("10-inbox-ur"), full_page=True)
    await ctx.close()
