"""The selection committee in the portal, in Russian: an officer defines a cycle's
scoresheet (a wrong number is refused next to its field) and assigns reviewers; the
assigned reviewer finds the application in their table, is refused an out-of-range score,
then scores it; the officer sees the composite and the journal of each step."""

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

PASSWORD = "committee-journey-password"


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle, self.host, self.prog = f"sco-{s}", f"sco-{s}-26", f"lzu-{s}", f"lzu-ir-{s}"
        self.officers = {name: f"{name.lower()}-{s}@example.org" for name in ("Chair", "Reviewer1", "Reviewer2")}
        self.ids: dict[str, str] = {}
        self.applicant = f"Айгерим Нурланова {s[:4]}"
        self.application_id = ""
        self.admin: dict[str, str] = {}


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        for name, email in w.officers.items():
            w.ids[name] = await create_officer(
                a, w.admin, email=email, password=PASSWORD, name=name, schemes=[w.scheme]
            )
    items = [
        ("institutions", {"id": w.host, "name": "Lanzhou University", "country": "CN"}),
        ("schemes", {"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ"]}),
        ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"SCO 2026 {w.cycle[-11:-3]}")),
        ("programmes", master_programme(w.prog, w.cycle, w.host, "International relations", "politics")),
    ]
    await publish_catalog(w.stack, w.admin, items, w.prog)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        registration = student(
            email=f"{uid('aigerim')}@example.kz",
            password=PASSWORD,
            name=w.applicant,
            nationality="KZ",
            home_institution="Al-Farabi Kazakh National University",
            age=22,
            preferred_language="ru",
        )
        h = await register_applicant(a, registration)
        w.application_id = await submit_with_passport(a, h, w.cycle, w.prog, 88)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def ready():
            pool = await m.get(f"/cycles/{w.cycle}/pool", headers=w.admin)
            reviewers = await m.get(f"/cycles/{w.cycle}/reviewers", headers=w.admin)
            return pool.json()["total"] == 1 and len(reviewers.json()) == 3

        await wait_for(ready, timeout=60, what="the application and three reviewers in matching")
    return w


async def _log_in(browser, w: World, name: str):
    entry = f"{w.portal}/language/ru?next=/login"
    viewport = {"width": 1280, "height": 900}
    return await log_in(browser, entry, w.officers[name], PASSWORD, "**/officer", locale="ru-RU", viewport=viewport)


async def test_an_officer_defines_a_scoresheet_and_a_reviewer_scores(world, browser):
    w = world
    ctx, page = await _log_in(browser, w, "Chair")
    # the officer navigation leads to the workbench
    await page.click("nav.main-nav a[href='/officer/committee']")
    await page.wait_for_selector("h1:has-text('Отборочная комиссия')")
    await page.click(f"a[href='/officer/committee/cycles/{w.cycle}']")
    await page.wait_for_selector("#scoresheet")
    # the form starts with the usual criteria; drop the interview row, refuse a wrong weight
    assert await page.input_value("#f-key_0") == "academic_record"
    await page.fill("#f-key_4", "")
    await page.fill("#f-label_4", "")
    await page.fill("#f-weight_0", "много")
    await page.fill("#f-reviewers_per_application", "1")
    await page.fill("#f-spread_threshold", "25")
    await page.fill("#f-reason", "Правила комиссии 2026")
    await page.click("#scoresheet button[type=submit]")
    assert "Введите число." in await page.inner_text("#e-weight_0")
    assert await page.get_attribute("#f-weight_0", "aria-invalid") == "true"
    await page.fill("#f-weight_0", "3")
    await page.click("#scoresheet button[type=submit]")
    await page.wait_for_selector(".flash-success:has-text('Оценочный лист сохранён.')")
    assert await page.input_value("#f-key_4") == ""  # four criteria saved
    await page.click("form[action$='/assign'] button[type=submit]")
    await page.wait_for_selector(".flash-success:has-text('Новых назначений: 1.')")
    await page.screenshot(path=screenshot_path("committee-scoresheet-ru"), full_page=True)
    await no_trace(page)

    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        r = await m.get(f"/cycles/{w.cycle}/assignments", headers=w.admin)
        (assignment,) = r.json()["items"]
    reviewer = next(name for name, i in w.ids.items() if i == assignment["reviewer_id"])

    rctx, rpage = await _log_in(browser, w, reviewer)
    await rpage.goto(f"{w.portal}/officer/committee?sort=name")
    row = rpage.locator("#assigned tbody tr", has_text=w.applicant)
    assert "Казахстан" in await row.inner_text() and "International relations" in await row.inner_text()
    assert "Нужно оценить" in await row.inner_text()
    await rpage.screenshot(path=screenshot_path("committee-workbench-ru"), full_page=True)
    await row.locator("a").click()
    await rpage.wait_for_selector("#score-form")
    for key, value in (("academic_record", "11"), ("statement", "6"), ("research_plan", "7"), ("language", "9")):
        await rpage.fill(f"#f-score_{key}", value)
    await rpage.click("#score-form button[type=submit]")
    await rpage.wait_for_selector("#e-score_academic_record")
    assert "Балл вне диапазона этого критерия." in await rpage.inner_text("#e-score_academic_record")
    assert await rpage.get_attribute("#f-score_academic_record", "aria-invalid") == "true"
    await rpage.fill("#f-score_academic_record", "8")
    await rpage.fill("#f-comment", "Сильный план исследования")
    await rpage.click("#score-form button[type=submit]")
    await rpage.wait_for_selector(".flash-success:has-text('Ваши оценки отправлены.')")
    # weights 3, 1, 2, 1: (3*80 + 60 + 2*70 + 90) / 7 = 75.71
    assert "75,71" in await rpage.inner_text("#composite")  # as Russian writes numbers
    await rpage.screenshot(path=screenshot_path("committee-review-ru"), full_page=True)
    await no_trace(rpage)
    await rctx.close()

    # the officer reads the result and the journal of every step
    await page.goto(f"{w.portal}/officer/committee/cycles/{w.cycle}")
    assert "75,71" in await page.inner_text("#moderation")
    await page.goto(f"{w.portal}/officer/committee/applications/{w.application_id}")
    journal = await page.inner_text("table.journal")
    assert "назначен эксперт" in journal and "оценки отправлены" in journal and "Сильный план" in journal
    # who was assigned, by name, under the field's name in the reader's language (not JSON)
    assert f"{translate('ru', 'change:reviewer_name')}: {reviewer}" in journal
    assert '"reviewer_name"' not in journal
    # the officer gives the application to another reviewer: the scores stop counting, the history stays
    await page.click("#reviews form[action$='/reassign'] button")
    await page.wait_for_selector(".flash-success:has-text('Назначен другой эксперт.')")
    assert translate("ru", "assignment ended") in await page.inner_text("#reviews")
    assert "эксперт заменён" in await page.inner_text("table.journal")
    await page.goto(f"{w.portal}/officer/committee/journal?cycle_id={w.cycle}")
    assert "оценочный лист сохранён" in await page.inner_text("table.journal")
    csv = await page.request.get(f"{w.portal}/officer/committee/journal.csv?cycle_id={w.cycle}")
    assert csv.ok and "review.scored" in await csv.text()
    await no_trace(page)
    await ctx.close()
