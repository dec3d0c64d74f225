"""An admin defines an institution and a scheme in a real browser, over the real services, Kafka
and PostgreSQL: on a laptop, in English, they add a vocational college in China from the
navigation's "Institutions"; on a phone, in Urdu (right to left), they add a scheme with a
nomination stage and Pakistan's nominating authority (its name in Urdu too), are refused the
institution's id on the id field in Urdu with everything typed still there, fix it, and change
the scheme (its names as typed, the rest as stored). An officer of the scheme then finds it in
"New cycle" (with the nomination stage's deadline) and the college among a programme's hosts.
The records are checked through the matching API. Screenshots go to .run/screenshots/."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.portal.domain import institution_form, scheme_form
from services.portal.i18n import country_name, translate
from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    api_headers,
    create_officer,
    log_in,
    no_trace,
    screenshot_path,
)
from tests.browser.test_portal import UNLABELLED

pytestmark = pytest.mark.integration

PASSWORD = "saffron-lantern-4417-delta"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
# the page is no wider than the screen: nothing to scroll sideways on a phone
FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
COLLEGE = "Tianjin Urban Construction Management Vocational and Technical College"
SCHEME = "CPEC Vocational Scholarship"
SCHEME_UR = "سی پیک ووکیشنل اسکالرشپ"
HEC, HEC_UR = "Higher Education Commission", "ہائر ایجوکیشن کمیشن"


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.college, self.scheme, self.cycle = f"tjuc-{s}", f"cpec-tvet-{s}", f"cpec-tvet-{s}-27"
        self.officer = f"scheme-officer-{s}@example.org"
        self.admin: dict[str, str] = {}


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
    return w


async def _stored(w: World, path: str) -> dict:
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        r = await m.get(path)
        assert r.status_code == 200, r.text
        return r.json()


async def _save(page, button: str) -> None:
    async with page.expect_navigation(wait_until="domcontentloaded"):
        await page.click(button)


async def test_an_admin_defines_an_institution_and_a_scheme_and_its_officer_finds_them(world, browser):
    w = world
    # --- on a laptop, in English: the institution -------------------------------------------------
    ctx, page = await log_in(
        browser,
        f"{w.portal}/language/en?next=/login?next=/admin/accounts",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        "**/admin/accounts",
        locale="en-GB",
        viewport=LAPTOP,
    )
    try:
        await _save(page, "nav.main-nav a[href='/admin/institutions']")
        assert await page.get_attribute("nav.main-nav a[href='/admin/institutions']", "aria-current") == "page"
        assert await page.get_attribute("nav.main-nav a[href='/admin/accounts']", "aria-current") is None
        await _save(page, "#add-institution")
        await page.fill("#f-id", w.college)
        await page.fill("[name='name']", COLLEGE)
        await page.fill("[name='translations.zh']", "天津城市建设管理职业技术学院")
        await page.select_option("#f-country", "CN")
        await page.select_option("#f-kind", "vocational college")
        assert await page.locator("#f-kind option:checked").inner_text() == translate(
            "en", institution_form.kind_key("vocational college")
        )
        assert await page.evaluate(UNLABELLED) == []
        await _save(page, "#save-institution")
        assert page.url.endswith("/admin/institutions")
        assert f"The institution “\u2068{COLLEGE}\u2069” was added." in await page.inner_text(".flash-success")
        stored = await _stored(w, f"/institutions/{w.college}")
        assert (stored["name"], stored["country"], stored["kind"]) == (COLLEGE, "CN", "vocational college")
        assert stored["translations"] == {"zh": "天津城市建设管理职业技术学院"}
        await no_trace(page)
    finally:
        await ctx.close()

    # --- on a phone, in Urdu: the scheme, refused once, then added ----------------------------------
    ctx, page = await log_in(
        browser,
        f"{w.portal}/language/ur?next=/login?next=/admin/schemes",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        "**/admin/schemes",
        locale="ur-PK",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    try:
        assert await page.get_attribute("html", "dir") == "rtl"
        assert translate("ur", "Schemes") in await page.inner_text("h1")
        await _save(page, "#add-scheme")
        assert translate("ur", "New scheme") in await page.inner_text("h1")
        await page.fill("#f-id", w.college)  # the institution's: catalog ids are one namespace
        await page.fill("[name='name']", SCHEME)
        await page.fill("[name='translations.ur']", SCHEME_UR)
        await page.fill("[name='sponsor']", "China Scholarship Council")
        await page.fill("[name='max_choices']", "3")
        for code in ("PK", "KZ"):
            box = page.locator(f"input[name='eligible_countries[]'][value='{code}']")
            assert country_name("ur", code) in await box.locator("xpath=..").inner_text()  # by name, in Urdu
            await box.check()
        await page.check("input[name='path[]'][value='nomination']")
        # the authorities: a section of the form to open, Pakistan's name, then its name in Urdu
        await page.click("#f-authorities > summary")
        pakistan = page.locator("#authority-PK")
        assert country_name("ur", "PK") in await pakistan.locator("legend").inner_text()
        await page.fill("[name='authorities.PK']", HEC)
        await pakistan.locator("details > summary").click()
        await page.fill("[name='authority_translations.PK.ur']", HEC_UR)
        assert await page.evaluate(UNLABELLED) == []
        await _save(page, "#save-scheme")
        # refused on the id field, in Urdu; nothing typed lost
        taken = translate("ur", scheme_form.REFUSALS["catalog.id_taken"])
        assert taken in await page.inner_text("#e-id")
        assert taken in await page.inner_text("#error-summary")
        assert await page.input_value("#f-id") == w.college
        assert await page.input_value("[name='authorities.PK']") == HEC
        assert await page.input_value("[name='authority_translations.PK.ur']") == HEC_UR
        assert await page.is_checked("input[name='path[]'][value='nomination']")
        assert await page.is_checked("input[name='eligible_countries[]'][value='KZ']")
        assert await page.evaluate(FITS)
        await page.screenshot(path=screenshot_path("scheme-refused-ur-phone"), full_page=True)
        async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
            assert (await m.get(f"/schemes/{w.college}")).status_code == 404  # nothing half-written
        await page.fill("#f-id", w.scheme)
        await _save(page, "#save-scheme")
        assert page.url.endswith("/admin/schemes")
        added = translate("ur", "The scheme “{name}” was added.", name=f"\u2068{SCHEME_UR}\u2069")  # its Urdu name
        assert added in await page.inner_text(".flash-success")
        row = page.locator(f"[id='scheme-{w.scheme}']")
        shown = await row.inner_text()
        assert SCHEME_UR in shown  # its Urdu name
        assert translate("ur", scheme_form.stage_key("nomination")) in shown
        assert country_name("ur", "PK") in shown and country_name("ur", "KZ") in shown
        assert await page.evaluate(FITS)
        await page.screenshot(path=screenshot_path("schemes-ur-phone"), full_page=True)
        stored = await _stored(w, f"/schemes/{w.scheme}")
        assert stored["path"] == ["nomination", "matching", "review", "answer"]
        assert stored["eligible_countries"] == ["KZ", "PK"] and stored["max_choices"] == 3
        assert stored["authorities"] == {"PK": HEC} and stored["authority_translations"] == {"PK": {"ur": HEC_UR}}
        assert stored["admission_deadline_action"] == "wait"

        # --- changed, still in Urdu: the names as typed, the rest as stored --------------------------
        await _save(page, f"[id='scheme-{w.scheme}'] a.change-scheme")
        assert await page.input_value("[name='name']") == SCHEME  # as typed, not its Urdu name
        assert await page.input_value("[name='authorities.PK']") == HEC
        await page.fill("[name='max_choices']", "4")
        await page.fill("[name='translations.ru']", "Стипендия КПЭК для профобразования")
        await _save(page, "#save-scheme")
        assert page.url.endswith(f"/admin/schemes#scheme-{w.scheme}")
        changed = await _stored(w, f"/schemes/{w.scheme}")
        assert changed["max_choices"] == 4 and changed["name"] == SCHEME
        assert changed["translations"] == {"ur": SCHEME_UR, "ru": "Стипендия КПЭК для профобразования"}
        assert {k: v for k, v in changed.items() if k not in ("max_choices", "translations", "warnings")} == {
            k: v for k, v in stored.items() if k not in ("max_choices", "translations", "warnings")
        }
        await no_trace(page)
    finally:
        await ctx.close()

    # --- the scheme's officer: its new cycle, and the college as a programme's host -------------------
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        await create_officer(a, w.admin, email=w.officer, password=PASSWORD, name="Officer", schemes=[w.scheme])
    ctx, page = await log_in(
        browser,
        f"{w.portal}/language/en?next=/login?next=/officer/cycles/new",
        w.officer,
        PASSWORD,
        "**/officer/cycles/new",
        locale="en-GB",
        viewport=LAPTOP,
    )
    try:
        # the officer manages this one scheme: its form opens at once, with the nomination deadline
        assert SCHEME in await page.inner_text("main")
        assert await page.locator("[name='nomination_closes_at']").count() == 1
        now = datetime.now(UTC)
        await page.fill("#f-id", w.cycle)
        await page.fill("[name='name']", "CPEC TVET 2027/28")
        await page.fill("#f-opens_at", (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
        await page.fill("#f-closes_at", (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"))
        await _save(page, "#cycle-form button[type=submit]")
        assert page.url.endswith(f"/officer/cycles/{w.cycle}/programmes"), await page.inner_text("main")
        await _save(page, "#add-programme")
        host = page.locator(f"#f-host_institution_id option[value='{w.college}']")
        assert await host.inner_text() == COLLEGE
        await page.screenshot(path=screenshot_path("programme-host-from-admin"), full_page=True)
        await no_trace(page)
    finally:
        await ctx.close()
    assert (await _stored(w, f"/cycles/{w.cycle}"))["scheme_id"] == w.scheme
