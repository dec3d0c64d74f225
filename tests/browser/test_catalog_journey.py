"""A cycle defined from nothing in the portal and matched, in a real browser over the real
services, Kafka and PostgreSQL: an officer of a scheme, in Chinese, creates a cycle (its window
open now, names in four languages, two sending countries), adds its programme (two seats, a
passport required) and a cap of one place per sending country; a student applies to it in the
portal in Russian, three more through the API; the officer starts a round in the portal, and the
round places one applicant per country, the cap holding against the seat a third would take.
Screenshots go to .run/screenshots/."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.portal.i18n import translate
from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PDF,
    api_headers,
    create_officer,
    log_in,
    no_trace,
    register_applicant,
    screenshot_path,
    student,
    submit_with_passport,
    switch_language,
)
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PASSWORD = "catalog-journey-password"
LAPTOP = {"width": 1366, "height": 768}


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.host = f"sco-{s}", f"xjmu-{s}"
        self.cycle, self.programme, self.rule = f"sco-{s}-27", f"xjmu-med-{s}", f"sco-{s}-cap"
        self.officer = f"officer-{s}@example.org"
        self.admin: dict[str, str] = {}


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    """A scheme, its host and its officer: nothing of the cycle exists yet."""
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, w.admin, email=w.officer, password=PASSWORD, name="Officer", schemes=[w.scheme])
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        for path, body in (
            ("institutions", {"id": w.host, "name": "Xinjiang Medical University", "country": "CN"}),
            ("schemes", {"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ", "PK", "UZ"]}),
        ):
            r = await m.post(f"/{path}", json=body, headers=w.admin)
            assert r.status_code == 201, (path, r.text)
    return w


async def _save(page, button: str) -> None:
    async with page.expect_navigation(wait_until="domcontentloaded"):
        await page.click(button)


def _minute(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M")


async def _apply_in_portal(browser, w: World) -> None:
    """A Kazakh student registers in Russian, adds the programme and submits with a passport."""
    ctx = await browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    page = await ctx.new_page()
    page.set_default_timeout(20_000)
    try:
        await page.goto(f"{w.portal}/register")
        await switch_language(page, "ru")
        await page.fill("#f-name", "Айгерим Нурланова")
        await page.fill("#f-email", f"aigerim-{w.cycle}@example.org")
        await page.fill("#f-password", PASSWORD)
        await page.fill("#f-password_again", PASSWORD)
        await page.check("input[name=applicant_type][value=student]")
        await page.select_option("#f-nationality", "KZ")
        await page.fill("#f-home_institution", "КазНУ")
        await page.fill("#f-date_of_birth", "2002-05-04")
        await page.click("form[action='/register'] button[type=submit]")
        await page.wait_for_url("**/programmes")
        await page.goto(f"{w.portal}/programmes?cycle={w.cycle}")
        card = page.locator(f"#programme-{w.programme}")
        # the title the officer gave in Russian
        assert "Клиническая медицина" in await card.inner_text()
        await card.locator("button[type=submit]").click()
        await page.wait_for_url("**/applications/*")
        await page.fill("#f-grade", "93")
        await page.click("form[action$='/details'] button[type=submit]")
        await page.wait_for_selector(".flash-success")
        await page.select_option("#f-kind", "passport")
        await page.set_input_files(
            "#f-file", files=[{"name": "passport.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        await page.click("form[action$='/documents'] button[type=submit]")
        await page.wait_for_selector(".flash-success")
        await page.click("form[action$='/submit'] button")
        await page.wait_for_selector(".status-line .badge-submitted")
        await no_trace(page)
    finally:
        await ctx.close()


async def test_an_officer_defines_a_cycle_its_programme_and_a_cap_and_a_round_keeps_the_cap(world, browser):
    w = world
    ctx, page = await log_in(
        browser,
        f"{w.portal}/language/zh?next=/login?next=/officer",
        w.officer,
        PASSWORD,
        "**/officer",
        locale="zh-CN",
        viewport=LAPTOP,
    )
    now = datetime.now(UTC)
    try:
        # --- the cycle: the officer manages one scheme, so its form opens at once ------------------
        await _save(page, "#new-cycle")
        assert await page.get_attribute("html", "lang") == "zh"
        assert translate("zh", "New cycle") in await page.inner_text("h1")
        await page.fill("#f-id", w.cycle)
        await page.fill("[name='name']", "SCO 2027/28")
        await page.fill("[name='translations.zh']", "上合组织奖学金 2027/28")
        await page.fill("[name='translations.ru']", "Стипендия ШОС 2027/28")
        await page.fill("[name='translations.ur']", "ایس سی او وظیفہ 2027/28")
        # closing before it opens: refused on its field, the rest kept
        await page.fill("#f-opens_at", _minute(now - timedelta(days=1)))
        await page.fill("#f-closes_at", _minute(now - timedelta(days=2)))
        await page.check("input[name='eligible_countries[]'][value='KZ']")
        await page.check("input[name='eligible_countries[]'][value='PK']")
        await _save(page, "#cycle-form button[type=submit]")
        assert await page.locator("#e-closes_at").count() == 1, await page.inner_text("main")
        assert await page.input_value("[name='translations.ru']") == "Стипендия ШОС 2027/28"
        assert await page.locator("input[name='eligible_countries[]'][value='PK']").is_checked()
        await page.fill("#f-closes_at", _minute(now + timedelta(days=30)))
        await _save(page, "#cycle-form button[type=submit]")
        await page.wait_for_url(f"**/officer/cycles/{w.cycle}/programmes")
        assert translate("zh", "The cycle was created. Add its programmes next.") in await page.inner_text("main")

        # --- its programme -------------------------------------------------------------------------
        await _save(page, "#add-programme")
        await page.fill("[name='title']", "Clinical Medicine (MMed)")
        await page.fill("[name='translations.ru']", "Клиническая медицина (магистратура)")
        await page.fill("[name='id']", w.programme)
        await page.select_option("[name='host_institution_id']", w.host)
        await page.fill("[name='field']", "medicine")
        await page.select_option("[name='level']", "master")
        await page.select_option("[name='language']", "en")
        await page.fill("[name='seats']", "2")
        await page.check("input[name='requirements.required_documents[]'][value='passport']")
        await _save(page, "#save-programme")
        await page.wait_for_url(f"**/officer/cycles/{w.cycle}/programmes")
        assert await page.locator(f"#programme-{w.programme}").count() == 1

        # --- a cap of one place per sending country -----------------------------------------------
        await page.goto(f"{w.portal}/officer/cycles/{w.cycle}/quota-rules")
        await _save(page, "#add-rule")
        await page.fill("#f-id", w.rule)
        await page.fill("#f-label", "每个派出国家最多 1 个名额")
        await page.fill("#f-max_count", "1")
        await page.check("input[name='per[]'][value='sending_country']")
        await _save(page, "#save-rule")
        await page.wait_for_url(f"**/officer/cycles/{w.cycle}/quota-rules")
        await page.screenshot(path=screenshot_path("catalog-journey-rules-zh"), full_page=True)
        await no_trace(page)

        # --- applicants: one in the portal, three through the API ---------------------------------
        async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:

            async def arrived():
                return (await a.get(f"/programmes/{w.programme}")).status_code == 200

            await wait_for(arrived, timeout=60, what="the new programme in the applications read model")
        await _apply_in_portal(browser, w)
        async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
            for name, nationality, grade in (
                ("Dana Sarsen", "KZ", 80),
                ("Bilal Ahmed", "PK", 70),
                ("Ali Raza", "PK", 60),
            ):
                registration = student(
                    email=f"{name.split()[0].lower()}-{w.cycle}@example.org",
                    password=PASSWORD,
                    name=name,
                    nationality=nationality,
                    home_institution="Home University",
                    age=24,
                    preferred_language="en",
                )
                h = await register_applicant(a, registration)
                await submit_with_passport(a, h, w.cycle, w.programme, grade)
        async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

            async def pooled():
                r = await m.get(f"/cycles/{w.cycle}/pool", headers=w.admin, params={"limit": 10})
                return r.status_code == 200 and r.json()["total"] == 4

            await wait_for(pooled, timeout=60, what="four applications in the new cycle's pool")

        # --- the round, started in the portal -----------------------------------------------------
        await page.goto(f"{w.portal}/officer/cycles/{w.cycle}")
        assert "SCO 2027/28" not in await page.inner_text("h1")  # its Chinese name
        await page.fill("#f-seed", "3")
        await page.click("form[action$='/rounds'] button[type=submit]")
        await page.wait_for_url("**/officer/rounds/*")
        await page.wait_for_selector("#n-matched", timeout=60_000)
        # two seats, but one place per country: the stronger Kazakh and the stronger Pakistani
        assert (await page.inner_text("#n-matched")).strip() == "2"
        await page.screenshot(path=screenshot_path("catalog-journey-round-zh"), full_page=True)
        async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
            r = await m.get("/matches", headers=w.admin, params={"cycle_id": w.cycle, "status": "proposed"})
            assert r.status_code == 200, r.text
            placed = r.json()["items"]
            r = await m.get(f"/cycles/{w.cycle}/applications", headers=w.admin, params={"limit": 10})
            country = {x["application_id"]: x["sending_country"] for x in r.json()["items"]}
            names = {x["application_id"]: x["applicant_name"] for x in r.json()["items"]}
        assert sorted(country[x["application_id"]] for x in placed) == ["KZ", "PK"]
        assert sorted(names[x["application_id"]] for x in placed) == ["Bilal Ahmed", "Айгерим Нурланова"]
    finally:
        await ctx.close()
