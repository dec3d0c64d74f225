"""Endorsement by the home institution in the portal (issue 14), the PK–KZ medical exchange:
Ayesha (English) applies in the portal, naming King Edward Medical University from the
institutions of Pakistan, and reads that her application is with it for endorsement; Bilal
(Urdu), Sana (Russian) and Usman applied naming it too. KEMU's coordinator (an account the
admin made, in Chinese) lands on its lists, endorses Ayesha, is told a cohort needs a name, then
endorses Bilal and Sana together as a named cohort, does not endorse Usman (a reason asked for,
then given), and opens an applicant's documents. Ayesha's page says she is endorsed; Bilal's
says so with the cohort; Sana's list of applications too; Usman's page gives the reason."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.portal.endorsement_words import ENDORSEMENT_WORDS
from services.portal.i18n import translate
from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PDF,
    api_headers,
    log_in,
    master_programme,
    no_trace,
    open_cycle,
    publish_catalog,
    register_applicant,
    screenshot_path,
    student,
)
from tests.browser.test_portal import UNLABELLED
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PASSWORD = "endorsement-journey-password"
KEMU = "King Edward Medical University"
COHORT = "KEMU exchange cohort 2027"


def words(lang: str, key: str, **params) -> str:
    text = ENDORSEMENT_WORDS[key][lang]
    return text.format(**params) if params else text


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle, self.prog = f"pkkz-{s}", f"pkkz-{s}-27", f"kaznmu-gm-{s}"
        self.kemu, self.duhs, self.host = f"kemu-{s}", f"duhs-{s}", f"kaznmu-{s}"
        self.coordinator = f"kemu-coordinator-{s}@example.org"
        self.applicants = {"Ayesha Khan": "en", "Bilal Ahmed": "ur", "Sana Iqbal": "ru", "Usman Tariq": "en"}
        self.emails = {name: f"{name.split()[0].lower()}-{s}@example.pk" for name in self.applicants}
        self.ids: dict[str, str] = {}
        self.admin: dict[str, str] = {}


async def _draft(a: httpx.AsyncClient, h: dict[str, str], w: World, home: str | None) -> str:
    body = {"cycle_id": w.cycle, "choices": [w.prog], "grade": 85}
    if home:
        body["home_institution_id"] = home
    r = await a.post("/applications", headers=h, json=body)
    assert r.status_code == 201, r.text
    app_id = r.json()["id"]
    r = await a.post(
        f"/applications/{app_id}/documents",
        headers=h,
        data={"kind": "passport"},
        files={"file": ("passport.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 201, r.text
    return app_id


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        account = {
            "role": "coordinator",
            "name": "KEMU exchange office",
            "institutions": [w.kemu],
            "schemes": [w.scheme],
            "email": w.coordinator,
            "password": PASSWORD,
        }
        r = await a.post("/admin/accounts", headers=w.admin, json=account)
        assert r.status_code == 201, r.text
    scheme = {
        "id": w.scheme,
        "name": "Pakistan–Kazakhstan medical exchange",
        "sponsor": "HEC and MoSHE",
        "eligible_countries": ["PK", "KZ"],
        "path": ["endorsement", "matching", "review", "admission", "answer"],
    }
    now = datetime.now(UTC)
    deadlines = {
        "endorsement_closes_at": (now + timedelta(days=20)).isoformat(),
        "admission_closes_at": (now + timedelta(days=60)).isoformat(),
    }
    items = [
        ("institutions", {"id": w.kemu, "name": KEMU, "country": "PK"}),
        ("institutions", {"id": w.duhs, "name": "Dow University of Health Sciences", "country": "PK"}),
        ("institutions", {"id": w.host, "name": "Asfendiyarov Kazakh National Medical University", "country": "KZ"}),
        ("schemes", scheme),
        ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"PK–KZ exchange {w.cycle[5:13]}") | deadlines),
        ("programmes", master_programme(w.prog, w.cycle, w.host, "General medicine exchange", "medicine", seats=5)),
    ]
    await publish_catalog(w.stack, w.admin, items, w.prog)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        for name, lang in w.applicants.items():
            registration = student(
                email=w.emails[name],
                password=PASSWORD,
                name=name,
                nationality="PK",
                home_institution="KEMU Lahore",
                age=22,
                preferred_language=lang,
            )
            h = await register_applicant(a, registration)
            # Ayesha names her home institution in the portal; the others did through the API
            home = None if name == "Ayesha Khan" else w.kemu
            w.ids[name] = await _draft(a, h, w, home)
            if home:
                r = await a.post(f"/applications/{w.ids[name]}/submit", headers=h)
                assert r.status_code == 200, r.text
    return w


async def applicant_page(browser, w: World, name: str, path: str | None = None):
    lang = w.applicants[name]
    ctx, page = await log_in(
        browser, f"{w.portal}/language/{lang}?next=/login", w.emails[name], PASSWORD, "**/applications"
    )
    await page.goto(f"{w.portal}{path or '/applications/' + w.ids[name]}")
    return ctx, page


async def says(page, selector: str, line: str, what: str) -> str:
    """Reload the page until ``selector`` holds ``line`` (the decision comes over Kafka)."""

    async def said():
        await page.reload()
        box = page.locator(selector)
        return await box.count() >= 1 and line in await box.first.inner_text()

    await wait_for(said, timeout=60, what=what)
    return await page.locator(selector).first.inner_text()


async def test_kemu_endorses_one_applicant_and_a_cohort_of_two(world, browser):
    w = world
    ayesha, bilal, sana, usman = (w.ids[n] for n in ("Ayesha Khan", "Bilal Ahmed", "Sana Iqbal", "Usman Tariq"))

    # --- Ayesha (English) names KEMU from Pakistan's institutions and submits ---------------
    actx, apage = await applicant_page(browser, w, "Ayesha Khan")
    await apage.wait_for_selector("#f-home_institution_id")
    options = await apage.locator("#f-home_institution_id option").all_inner_texts()
    # KEMU's coordinator has an account in the scheme; nobody endorses for Dow yet, which is said
    assert KEMU in options and "Dow University of Health Sciences — nobody endorses here yet" in options
    assert "Asfendiyarov Kazakh National Medical University" not in options  # the host's country: not hers
    # submitting without it is refused at the field
    await apage.click("form[action$='/submit'] button[type=submit]")
    await apage.wait_for_selector("#e-home_institution_id")
    assert words("en", "Choose your home institution.") in await apage.inner_text("#e-home_institution_id")
    await apage.select_option("#f-home_institution_id", w.kemu)
    await apage.click("form[action$='/details'] button[type=submit]")
    await apage.wait_for_selector(".flash-success")
    assert await apage.input_value("#f-home_institution_id") == w.kemu
    await apage.click("form[action$='/submit'] button[type=submit]")
    await apage.wait_for_selector("#endorsement[data-kind=with_institution]")
    assert words("en", "With {institution} for endorsement", institution=KEMU) in await apage.inner_text("#endorsement")
    await no_trace(apage)

    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def pooled():
            r = await m.get(f"/cycles/{w.cycle}/endorsements/{w.kemu}", headers=w.admin)
            return r.status_code == 200 and r.json()["undecided"] == 4

        await wait_for(pooled, timeout=60, what="KEMU's four applicants in the matching pool")

    # --- KEMU's coordinator, in Chinese ----------------------------------------------------
    cctx, cpage = await log_in(
        browser, f"{w.portal}/language/zh?next=/login", w.coordinator, PASSWORD, "**/endorsements"
    )
    row = cpage.locator(f"#list-{w.cycle}-{w.kemu}")
    assert KEMU in await row.inner_text()
    assert (await row.locator(".count-undecided").inner_text()).strip() == "4"
    await row.locator("th a").click()
    await cpage.wait_for_selector("#candidates")
    assert await cpage.locator("#candidates tbody tr[id^=row-]").count() == 4
    assert translate("zh", "Endorse selected as a cohort") in await cpage.inner_text("#selected-actions")
    assert await cpage.evaluate(UNLABELLED) == []
    # search by name narrows the table; sorting by grade is passed on
    await cpage.fill("#f-q", "Sana")
    await cpage.click("#filter-form button[type=submit]")
    await cpage.wait_for_selector(f"#row-{sana}")
    assert await cpage.locator("#candidates tbody tr[id^=row-]").count() == 1
    await cpage.goto(f"{w.portal}/endorsements/{w.cycle}/{w.kemu}")

    # endorse Ayesha on her own
    await cpage.click(f"#row-{ayesha} button.endorse")
    await cpage.wait_for_selector(".flash-success")
    assert await cpage.get_attribute(f"#row-{ayesha}", "data-state") == "endorsed"
    assert words("zh", "The applicant was endorsed.") in await cpage.inner_text(".flash-success")

    # a cohort needs a name: said in Chinese, the ticks stay
    await cpage.check(f"#f-select-{bilal}")
    await cpage.check(f"#f-select-{sana}")
    await cpage.click("#endorse-cohort")
    await cpage.wait_for_selector("#error-summary")
    assert words("zh", "Enter a name for the cohort.") in await cpage.inner_text("#error-summary")
    assert await cpage.is_checked(f"#f-select-{bilal}") and await cpage.is_checked(f"#f-select-{sana}")
    await cpage.fill("#f-cohort", COHORT)
    await cpage.click("#endorse-cohort")
    await cpage.wait_for_selector(".flash-success")
    for app_id in (bilal, sana):
        assert await cpage.get_attribute(f"#row-{app_id}", "data-state") == "endorsed"
        assert COHORT in await cpage.inner_text(f"#row-{app_id} .cohort")
    assert COHORT not in await cpage.inner_text(f"#row-{ayesha} .cohort")
    assert (await cpage.inner_text("#count-endorsed")).strip() == "3"

    # Usman is not endorsed: a reason for him is asked first, then told
    await cpage.click(f"#row-{usman} button.not-endorse")
    await cpage.wait_for_selector(f"#e-row-{usman}")
    assert words("zh", "Enter a reason for the applicant.") in await cpage.inner_text(f"#e-row-{usman}")
    await cpage.fill(f"#f-reason-{usman}", "Final-year places are reserved for next year")
    await cpage.click(f"#row-{usman} button.not-endorse")
    await cpage.wait_for_selector(".flash-success")
    assert await cpage.get_attribute(f"#row-{usman}", "data-state") == "not_endorsed"
    assert (await cpage.inner_text("#count-not-endorsed")).strip() == "1"
    await cpage.screenshot(path=screenshot_path("endorsement-coordinator-zh"), full_page=True)
    await no_trace(cpage)

    # the coordinator reviews its applicant's documents on the officers' review page
    await cpage.click(f"#row-{bilal} a.documents-link")
    # the link carries the way back to this table in its query
    await cpage.wait_for_url(re.compile(rf"/officer/applications/{bilal}/documents\?"))
    assert "passport.pdf" in await cpage.inner_text("main")
    await cpage.click("#back-link")
    await cpage.wait_for_selector(f"#row-{bilal}")
    await no_trace(cpage)

    # --- the applicants read it ---------------------------------------------------------------
    said = await says(
        apage,
        "#endorsement[data-kind=endorsed]",
        words("en", "Endorsed by {institution}", institution=KEMU),
        "Ayesha endorsed",
    )
    assert "cohort" not in said
    await apage.screenshot(path=screenshot_path("endorsement-applicant-en"), full_page=True)

    bctx, bpage = await applicant_page(browser, w, "Bilal Ahmed")
    said = await says(
        bpage,
        "#endorsement[data-kind=endorsed]",
        words("ur", "Endorsed by {institution}", institution=KEMU),
        "Bilal endorsed",
    )
    assert words("ur", "in the cohort {cohort}", cohort=COHORT) in said
    assert await bpage.get_attribute("html", "dir") == "rtl"
    await bpage.screenshot(path=screenshot_path("endorsement-applicant-ur"), full_page=True)
    await no_trace(bpage)

    sctx, spage = await applicant_page(browser, w, "Sana Iqbal", "/applications")
    line = await says(
        spage,
        ".endorsement-line[data-kind=endorsed]",
        words("ru", "Endorsed by {institution}", institution=KEMU),
        "Sana endorsed, on her list",
    )
    assert words("ru", "in the cohort {cohort}", cohort=COHORT) in line
    await spage.screenshot(path=screenshot_path("endorsement-applications-ru"), full_page=True)
    await no_trace(spage)

    uctx, upage = await applicant_page(browser, w, "Usman Tariq")
    said = await says(
        upage,
        "#endorsement[data-kind=not_endorsed]",
        words("en", "Not endorsed by {institution}", institution=KEMU),
        "Usman not endorsed",
    )
    assert "Final-year places are reserved for next year" in said
    await no_trace(upage)

    for ctx in (actx, cctx, bctx, sctx, uctx):
        await ctx.close()
