"""A cycle's programmes defined in a real browser, over the real services, Kafka and PostgreSQL:
an officer of the scheme, in Russian on a phone, adds a programme, is refused on its field
(seats not a number, by the portal; an id already taken, by the service), with everything typed
kept, fixes it and sees it in the list; then, in Urdu on a laptop, changes its seats and sees the
change in the list and in the matching API; changes another programme's seats and the service
still holds what the form does not show (a document's properties, a title in Kazakh); removes the
first programme after a confirmation. Screenshots go to .run/screenshots/."""

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
    no_trace,
    open_cycle,
    screenshot_path,
    switch_language,
)

pytestmark = pytest.mark.integration

PASSWORD = "catalog-programmes-password"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
DOCUMENT_PROPERTIES = {"transcript": ["attested:hec", "translated:zh"]}


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle = f"sco-{s}", f"sco-{s}-26"
        self.xjmu, self.lzu = f"xjmu-{s}", f"lzu-{s}"
        self.taken = f"xjmu-med-{s}"  # a programme already in the cycle: its id is taken
        self.added = f"lzu-rail-{s}"
        self.officer = f"officer-{s}@example.org"
        self.admin: dict[str, str] = {}


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, w.admin, email=w.officer, password=PASSWORD, name="Officer", schemes=[w.scheme])
    taken = {
        "id": w.taken,
        "cycle_id": w.cycle,
        "host_institution_id": w.xjmu,
        "title": "Clinical Medicine (MMed)",
        "translations": {"ru": "Клиническая медицина (магистратура)", "kk": "Клиникалық медицина"},
        "field": "medicine",
        "level": "master",
        "language": "en",
        "seats": 8,
        "requirements": {
            "min_grade": 75,
            "required_documents": ["passport", "transcript"],
            "document_properties": DOCUMENT_PROPERTIES,
        },
    }
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        for path, body in (
            ("institutions", {"id": w.xjmu, "name": "Xinjiang Medical University", "country": "CN"}),
            ("institutions", {"id": w.lzu, "name": "Lanzhou University", "country": "CN"}),
            ("schemes", {"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ", "PK"]}),
            ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"SCO 2026 {w.cycle[-11:-3]}")),
            ("programmes", taken),
        ):
            r = await m.post(f"/{path}", json=body, headers=w.admin)
            assert r.status_code == 201, (path, r.text)
    return w


async def _programme(w: World, programme_id: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        return await m.get(f"/programmes/{programme_id}")


async def _submit(page) -> None:
    async with page.expect_navigation(wait_until="domcontentloaded"):
        await page.click("#save-programme")


def _box(name: str) -> str:
    """A control of the form by its field's name (the names have dots: no CSS id selector)."""
    return f'[name="{name}"]'


async def test_an_officer_adds_a_programme_is_refused_fixes_it_then_changes_its_seats(world, browser):
    w = world
    programmes = f"/officer/cycles/{w.cycle}/programmes"
    ctx, page = await log_in(
        browser,
        f"{w.portal}/language/ru?next=/login?next={programmes}",
        w.officer,
        PASSWORD,
        f"**{programmes}",
        locale="ru-RU",
        viewport=PHONE,
    )
    try:
        # --- in Russian, on a phone: the list, then a new programme --------------------------------
        assert await page.get_attribute("html", "lang") == "ru"
        row = page.locator(f"#programme-{w.taken}")
        assert "Клиническая медицина (магистратура)" in await row.inner_text()  # the reader's language
        assert await page.evaluate("getComputedStyle(document.querySelector('#programmes thead')).display") == "none"
        assert await page.evaluate(FITS)
        await page.click("#add-programme")
        await page.wait_for_url(f"**{programmes}/new")
        await page.fill(_box("title"), "Rail Transport (MEng)")
        await page.fill(_box("translations.ru"), "Железнодорожный транспорт (магистратура)")
        await page.fill(_box("id"), w.taken)
        await page.select_option(_box("host_institution_id"), w.lzu)
        await page.fill(_box("field"), "rail-transport")
        await page.select_option(_box("level"), "master")
        await page.select_option(_box("language"), "zh")
        await page.fill(_box("seats"), "двенадцать")
        await page.select_option(_box("requirements.language_certificate"), "HSK")
        await page.fill(_box("requirements.min_language_level"), "4")
        await page.check('input[name="requirements.required_documents[]"][value="passport"]')
        assert await page.evaluate(FITS)
        await page.screenshot(path=screenshot_path("catalog-programme-new-ru-phone"), full_page=True)

        # the portal's refusal: seats are a number; on the field, everything typed kept
        await _submit(page)
        said = translate("ru", "Enter the number of seats as a whole number, for example 12.")
        assert said in await page.inner_text("#e-seats")
        assert await page.get_attribute(_box("seats"), "aria-invalid") == "true"
        assert "e-seats" in (await page.get_attribute(_box("seats"), "aria-describedby") or "")
        assert await page.input_value(_box("seats")) == "двенадцать"
        assert await page.input_value(_box("title")) == "Rail Transport (MEng)"
        assert await page.input_value(_box("host_institution_id")) == w.lzu
        assert await page.is_checked('input[name="requirements.required_documents[]"][value="passport"]')
        assert said in await page.inner_text("#error-summary")
        await page.screenshot(path=screenshot_path("catalog-programme-refused-ru-phone"), full_page=True)

        # the service's refusal: the id is taken; on the id field, in Russian, nothing lost
        await page.fill(_box("seats"), "12")
        await _submit(page)
        taken = translate("ru", "A programme with this id exists already: choose another id.")
        assert taken in await page.inner_text("#e-id")
        assert await page.get_attribute(_box("id"), "aria-invalid") == "true"
        assert await page.input_value(_box("seats")) == "12"
        assert await page.input_value(_box("requirements.min_language_level")) == "4"
        assert await page.locator("#e-seats").count() == 0

        # fixed: added, and in the list
        await page.fill(_box("id"), w.added)
        await _submit(page)
        assert page.url.endswith(programmes)
        # the flash names it in the reader's language
        assert "«\u2068Железнодорожный транспорт (магистратура)\u2069» добавлена" in await page.inner_text("main")
        row = page.locator(f"#programme-{w.added}")
        assert "Железнодорожный транспорт (магистратура)" in await row.inner_text()
        assert (await row.locator(".seats").inner_text()).strip() == "12"
        assert await page.evaluate(FITS)
        await page.screenshot(path=screenshot_path("catalog-programmes-ru-phone"), full_page=True)
        added = (await _programme(w, w.added)).json()
        assert added["seats"] == 12 and added["title"] == "Rail Transport (MEng)"
        assert added["translations"] == {"ru": "Железнодорожный транспорт (магистратура)"}
        assert added["requirements"]["language_certificate"] == "HSK"
        assert added["requirements"]["min_language_level"] == 4
        assert added["requirements"]["required_documents"] == ["passport"]
        await no_trace(page)

        # --- in Urdu, on a laptop: its seats changed ---------------------------------------------
        await page.set_viewport_size(LAPTOP)
        await switch_language(page, "ur")
        assert await page.get_attribute("html", "dir") == "rtl"
        await page.click(f"#programme-{w.added} a.change-programme")
        await page.wait_for_url(f"**/officer/programmes/{w.added}/edit")
        # the title as typed (the Russian one is its translation, kept apart)
        assert await page.input_value(_box("title")) == "Rail Transport (MEng)"
        assert await page.input_value(_box("translations.ru")) == "Железнодорожный транспорт (магистратура)"
        await page.fill(_box("seats"), "15")
        await page.screenshot(path=screenshot_path("catalog-programme-edit-ur"), full_page=True)
        await _submit(page)
        assert f"/officer/cycles/{w.cycle}/programmes" in page.url
        assert (await page.locator(f"#programme-{w.added} .seats").inner_text()).strip() == "15"
        saved = translate("ur", "The programme “{title}” was saved.", title="\u2068Rail Transport (MEng)\u2069")
        assert saved in await page.inner_text("main")
        await page.screenshot(path=screenshot_path("catalog-programmes-ur"), full_page=True)
        changed = (await _programme(w, w.added)).json()
        assert changed["seats"] == 15
        assert {k: changed[k] for k in ("title", "translations", "requirements")} == {
            k: added[k] for k in ("title", "translations", "requirements")
        }

        # another programme's seats: what the form does not show stays as the service holds it
        await page.click(f"#programme-{w.taken} a.change-programme")
        await page.wait_for_url(f"**/officer/programmes/{w.taken}/edit")
        await page.fill(_box("seats"), "9")
        await _submit(page)
        assert (await page.locator(f"#programme-{w.taken} .seats").inner_text()).strip() == "9"
        kept = (await _programme(w, w.taken)).json()
        assert kept["seats"] == 9 and kept["requirements"]["document_properties"] == DOCUMENT_PROPERTIES
        assert kept["translations"] == {"ru": "Клиническая медицина (магистратура)", "kk": "Клиникалық медицина"}
        assert kept["requirements"]["min_grade"] == 75 and kept["title"] == "Clinical Medicine (MMed)"

        # --- removed after a confirmation ---------------------------------------------------------
        await page.click(f"#programme-{w.added} a.remove-programme")
        await page.wait_for_url(f"**/officer/programmes/{w.added}/remove")
        assert (await _programme(w, w.added)).status_code == 200  # asking removes nothing
        async with page.expect_navigation(wait_until="domcontentloaded"):
            await page.click("#confirm-remove")
        assert await page.locator(f"#programme-{w.added}").count() == 0
        assert await page.locator(f"#programme-{w.taken}").count() == 1
        assert (await _programme(w, w.added)).status_code == 404
        await no_trace(page)
    finally:
        await ctx.close()
