"""An officer defines a cycle's quota rule in a real browser, over the real services, Kafka and
PostgreSQL: on a phone, in Russian, they add a cap per sending country (Kazakhstan and
Pakistan ticked by name, "each sending country"), check it (a limit of 50 over 3 seats never
binds: the warning is shown and nothing is saved), lower it and save it, and read it on the
cycle's page among the quota caps (Kazakhstan's cap, from the pool's applicant, 0 / 2). On a
laptop they change its limit to 1 (the rest of the rule stays as stored), then, in Urdu (right
to left), remove it after a confirmation that says what it was. Screenshots go to
.run/screenshots/."""

from __future__ import annotations

import uuid

import httpx
import pytest

from services.portal.i18n import country_name, translate
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
    switch_language,
)
from tests.browser.test_portal import UNLABELLED
from tests.support.ids import uid
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PASSWORD = "tundra-ledger-seventy-four"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
# the page is no wider than the screen: nothing to scroll sideways on a phone
FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle, self.host = f"sco-{s}", f"sco-{s}-27", f"xjmu-{s}"
        self.prog_a, self.prog_b = f"xjmu-med-{s}", f"xjmu-rail-{s}"
        self.officer = f"quota-officer-{s}@example.org"
        self.rule = f"{self.cycle}-quota-1"  # the id the form suggests
        self.admin: dict[str, str] = {}


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, w.admin, email=w.officer, password=PASSWORD, name="Quota Officer", schemes=[w.scheme])
    items = [
        ("institutions", {"id": w.host, "name": "Xinjiang Medical University", "country": "CN"}),
        ("schemes", {"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ", "PK", "UZ"]}),
        ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"SCO 2027 {w.cycle[4:12]}")),
        ("programmes", master_programme(w.prog_a, w.cycle, w.host, "Clinical medicine", "medicine", seats=1)),
        ("programmes", master_programme(w.prog_b, w.cycle, w.host, "Rail transport", "rail-transport", seats=2)),
    ]
    await publish_catalog(w.stack, w.admin, items, w.prog_b)
    # one applicant from Kazakhstan in the pool: a cap per sending country has a value to count
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        registration = student(
            email=f"{uid('quota')}@example.org",
            password=PASSWORD,
            name="Aigerim Nurlanova",
            nationality="KZ",
            home_institution="Home University",
            age=23,
            preferred_language="ru",
        )
        h = await register_applicant(a, registration)
        await submit_with_passport(a, h, w.cycle, w.prog_a, 90)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def in_the_pool():
            r = await m.get(f"/cycles/{w.cycle}/pool", headers=w.admin, params={"limit": 5})
            return r.status_code == 200 and r.json()["total"] == 1

        await wait_for(in_the_pool, timeout=60, what="the applicant in the matching pool")
    return w


async def _stored_rules(w: World) -> list[dict]:
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        r = await m.get("/quota-rules", headers=w.admin, params={"cycle_id": w.cycle})
        assert r.status_code == 200, r.text
        return r.json()["items"]


async def test_an_officer_adds_checks_changes_and_removes_a_cap_per_sending_country(world, browser):
    w = world
    rules_page = f"/officer/cycles/{w.cycle}/quota-rules"
    # --- on a phone, in Russian: the list, then a new rule ----------------------------------------
    ctx, page = await log_in(
        browser,
        f"{w.portal}/language/ru?next=/login?next={rules_page}",
        w.officer,
        PASSWORD,
        f"**{rules_page}",
        locale="ru-RU",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    assert await page.get_attribute("html", "lang") == "ru"
    assert translate("ru", "Quota rules") in await page.inner_text("h1")
    assert await page.inner_text("#no-rules") == translate("ru", "No quota rules in this cycle.")
    await page.click("#add-rule")
    await page.wait_for_url(f"**{rules_page}/new")
    assert await page.input_value("#f-id") == w.rule  # suggested
    assert await page.evaluate(UNLABELLED) == []
    assert await page.evaluate(FITS)
    await page.fill("#f-label", "SCO: не более 50 от каждой страны")
    await page.fill("#f-max_count", "50")
    await page.check("input[name='per[]'][value='sending_country']")
    for code in ("KZ", "PK"):
        box = page.locator(f"input[name='scope.sending_country[]'][value='{code}']")
        assert country_name("ru", code) in await box.locator("xpath=..").inner_text()  # by name, in Russian
        await box.check()
    await page.screenshot(path=screenshot_path("quota-rule-new-ru-phone"), full_page=True)

    # "Check": the limit never binds over the three seats; said on its field; nothing saved
    await page.click("#check-rule")
    await page.wait_for_selector("#check-result")
    found = await page.inner_text("#check-result")
    never_binds = translate("ru", "This limit never binds: it is not below the seats in scope ({seats}).", seats=3)
    assert never_binds in found and translate("ru", "Warning:") in found
    assert never_binds in await page.inner_text("#w-max_count")
    assert await _stored_rules(w) == []
    # what was typed and ticked is all still there
    assert await page.input_value("#f-label") == "SCO: не более 50 от каждой страны"
    assert await page.is_checked("input[name='scope.sending_country[]'][value='KZ']")
    assert await page.is_checked("input[name='per[]'][value='sending_country']")
    await page.screenshot(path=screenshot_path("quota-rule-checked-ru-phone"), full_page=True)

    # lowered and saved: back on the list, with the rule worded and a confirmation
    await page.fill("#f-label", "SCO: не более 2 от каждой страны")
    await page.fill("#f-max_count", "2")
    await page.click("#save-rule")
    await page.wait_for_url(f"**{rules_page}")
    flash = await page.inner_text(".flash-success")
    assert flash == translate("ru", "The quota rule “{label}” was saved.", label="SCO: не более 2 от каждой страны")
    card = await page.inner_text(f"[id='rule-{w.rule}']")
    assert translate("ru", "At most {n}", n=2) in card and translate("ru", "each sending country") in card
    assert country_name("ru", "KZ") in card and country_name("ru", "PK") in card
    (stored,) = await _stored_rules(w)
    assert stored["max_count"] == 2 and stored["max_share_of_seats"] is None
    assert stored["per"] == ["sending_country"] and sorted(stored["scope"]["sending_country"]) == ["KZ", "PK"]
    assert await page.evaluate(FITS)
    await page.screenshot(path=screenshot_path("quota-rules-ru-phone"), full_page=True)

    # the cycle's page shows it among the quota caps: Kazakhstan's cap from the pool's applicant
    await page.goto(f"{w.portal}/officer/cycles/{w.cycle}")
    caps = page.locator("section[aria-labelledby=caps-title]")
    heading = await caps.locator(".rule h3").inner_text()
    assert translate("ru", "At most {n}", n=2) in heading and translate("ru", "each sending country") in heading
    assert await caps.locator(".rule h3").get_attribute("title") == "SCO: не более 2 от каждой страны"
    assert f"{country_name('ru', 'KZ')} 0 / 2" in " ".join((await caps.inner_text()).split())
    await no_trace(page)
    await ctx.close()

    # --- on a laptop: the limit changed to 1, the rest of the rule as stored ------------------------
    ctx, page = await log_in(
        browser,
        f"{w.portal}/language/ru?next=/login?next={rules_page}",
        w.officer,
        PASSWORD,
        f"**{rules_page}",
        locale="ru-RU",
        viewport=LAPTOP,
    )
    await page.click(f"[id='change-{w.rule}']")
    await page.wait_for_url(f"**/officer/quota-rules/{w.rule}/edit")
    assert await page.input_value("#f-max_count") == "2"
    assert await page.locator("#f-id code").inner_text() == w.rule  # shown, not to be changed
    await page.fill("#f-max_count", "1")
    await page.click("#save-rule")
    await page.wait_for_url(f"**{rules_page}")
    assert translate("ru", "At most {n}", n=1) in await page.inner_text(f"[id='rule-{w.rule}']")
    (stored,) = await _stored_rules(w)
    assert stored["max_count"] == 1 and stored["label"] == "SCO: не более 2 от каждой страны"
    assert stored["per"] == ["sending_country"] and sorted(stored["scope"]["sending_country"]) == ["KZ", "PK"]

    # --- in Urdu, right to left: removed after a confirmation that says what it was ----------------
    await switch_language(page, "ur")
    assert await page.get_attribute("html", "dir") == "rtl"
    await page.click(f"[id='remove-{w.rule}']")
    await page.wait_for_url(f"**/officer/quota-rules/{w.rule}/remove")
    said = await page.inner_text("#rule-to-remove")
    assert translate("ur", "At most {n}", n=1) in said and country_name("ur", "KZ") in said
    assert "SCO: не более 2 от каждой страны" in said and w.rule in said
    assert len(await _stored_rules(w)) == 1  # asked, not done
    await page.screenshot(path=screenshot_path("quota-rule-remove-ur"), full_page=True)
    await page.click("#confirm-removal")
    await page.wait_for_url(f"**{rules_page}")
    assert await page.inner_text(".flash-success") == translate(
        "ur", "The quota rule “{label}” was removed.", label="SCO: не более 2 от каждой страны"
    )
    assert await page.inner_text("#no-rules") == translate("ur", "No quota rules in this cycle.")
    assert await _stored_rules(w) == []
    await no_trace(page)
    await ctx.close()
