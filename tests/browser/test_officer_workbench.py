"""The officer workbench in a real browser (issue 16), over the real services, Kafka and
PostgreSQL: an officer opens a cycle's application table, sorts, filters and searches it,
downloads it as CSV and as Excel (and reads both files), opens the quota matrix and runs a
round in Chinese (the round page lists each waitlist by name), then works through the review
table in Urdu (right to left): one match approved with the keyboard, one by the bulk action,
one rejected with the keyboard and its reason. Screenshots go to .run/screenshots/."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from services.portal.i18n import country_name, list_comma, translate
from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PDF,
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
)
from tests.support.ids import uid
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PASSWORD = "workbench-journey-password"
# name, nationality, grade: everyone wants A (one seat) first, then B (two seats)
APPLICANTS = [
    ("Aigerim Nurlanova", "KZ", 95),
    ("Bilal Ahmed", "PK", 90),
    ("Dilnoza Karimova", "KZ", 85),
    ("Farhan Qureshi", "PK", 70),
]


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle, self.host = f"sco-{s}", f"sco-{s}-26", f"xjmu-{s}"
        self.prog_a, self.prog_b = f"xjmu-med-{s}", f"xjmu-rail-{s}"
        self.officer = f"officer-{s}@example.org"
        self.apps: dict[str, str] = {}  # applicant name -> application id
        self.admin: dict[str, str] = {}


async def _submit(a: httpx.AsyncClient, h: dict[str, str], cycle: str, choices: list[str], grade: int) -> str:
    r = await a.post("/applications", headers=h, json={"cycle_id": cycle, "choices": choices, "grade": grade})
    assert r.status_code == 201, r.text
    application_id = r.json()["id"]
    r = await a.post(
        f"/applications/{application_id}/documents",
        headers=h,
        data={"kind": "passport"},
        files={"file": ("passport.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 201, r.text
    r = await a.post(f"/applications/{application_id}/submit", headers=h)
    assert r.status_code == 200, r.text
    return application_id


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, w.admin, email=w.officer, password=PASSWORD, name="Officer", schemes=[w.scheme])
    items = [
        ("institutions", {"id": w.host, "name": "Xinjiang Medical University", "country": "CN"}),
        ("schemes", {"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ", "PK"]}),
        ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"SCO 2026 {w.cycle[-11:-3]}")),
        ("programmes", master_programme(w.prog_a, w.cycle, w.host, "Clinical medicine", "medicine", seats=1)),
        ("programmes", master_programme(w.prog_b, w.cycle, w.host, "Rail transport", "engineering", seats=2)),
    ]
    await publish_catalog(w.stack, w.admin, items, w.prog_b)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        for name, nationality, grade in APPLICANTS:
            registration = student(
                email=f"{uid('wb')}@example.org",
                password=PASSWORD,
                name=name,
                nationality=nationality,
                home_institution="Home University",
                age=23,
                preferred_language="en",
            )
            h = await register_applicant(a, registration)
            w.apps[name] = await _submit(a, h, w.cycle, [w.prog_a, w.prog_b], grade)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def named_in_the_table():
            r = await m.get(f"/cycles/{w.cycle}/applications", headers=w.admin, params={"limit": 10})
            rows = r.json()["items"] if r.status_code == 200 else []
            return len(rows) == 4 and all(x["applicant_name"] for x in rows)

        await wait_for(named_in_the_table, timeout=60, what="four named applications in the matching pool")
    return w


async def _names(page) -> list[str]:
    return await page.locator("#applications tbody th[scope=row] bdi.name").all_inner_texts()


async def _focused(page, js: str):
    return await page.evaluate(f"(() => {{ const el = document.activeElement; return {js}; }})()")


async def test_an_officer_works_through_table_exports_quota_round_and_review(world, browser):
    w = world
    ctx, page = await log_in(
        browser,
        f"{w.portal}/login",
        w.officer,
        PASSWORD,
        "**/officer",
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
    )
    # --- the application table: sort, filter, search -------------------------------------------
    await page.goto(f"{w.portal}/officer/cycles/{w.cycle}")
    await page.click("#link-applications")
    await page.wait_for_selector("#applications")
    by_name = sorted(n for n, _k, _g in APPLICANTS)
    assert await _names(page) == by_name
    await page.click("a.sort-link[data-sort=name]")  # the sorting column again: reversed
    await page.wait_for_url("**order=desc*")
    assert await _names(page) == by_name[::-1]
    assert await page.get_attribute("#applications th[aria-sort=descending] a", "data-sort") == "name"
    await page.select_option("#f-country", "PK")
    await page.click("#table-filters button[type=submit]")
    await page.wait_for_url("**country=PK*")
    assert await _names(page) == ["Farhan Qureshi", "Bilal Ahmed"]  # still by name, reversed
    assert "1 to 2 of 2" in await page.inner_text("#table-count")
    row = await page.inner_text(f"#app-{w.apps['Bilal Ahmed']}")
    assert "Pakistan" in row and "Clinical medicine, Xinjiang Medical University" in row and "submitted" in row
    await page.fill("#f-q", "bil")
    await page.click("#table-filters button[type=submit]")
    await page.wait_for_url("**q=bil*")
    assert await _names(page) == ["Bilal Ahmed"]
    await page.fill("#f-q", "")
    await page.click("#table-filters button[type=submit]")
    await page.wait_for_url(lambda url: "q=bil" not in url and "country=PK" in url)
    assert await _names(page) == ["Farhan Qureshi", "Bilal Ahmed"]
    await page.screenshot(path=screenshot_path("workbench-applications-en"), full_page=True)

    # --- the exports: CSV of the filtered rows, then Excel of all ------------------------------
    async with page.expect_download() as info:
        await page.click("#export-csv")
    download = await info.value
    assert download.suggested_filename == f"applications-{w.cycle}.csv"
    text = Path(await download.path()).read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["Application", "Applicant", "Sending country"]
    assert [line[1] for line in lines[1:]] == ["Farhan Qureshi", "Bilal Ahmed"]  # filtered and sorted as shown
    assert {line[2] for line in lines[1:]} == {"Pakistan"}
    assert all(
        line[4].startswith("1. Clinical medicine, Xinjiang Medical University; 2. Rail transport") for line in lines[1:]
    )
    await page.click("#clear-filters")
    await page.wait_for_url(lambda url: "country=" not in url)
    assert len(await _names(page)) == 4
    async with page.expect_download() as info:
        await page.click("#export-xlsx")
    download = await info.value
    assert download.suggested_filename == f"applications-{w.cycle}.xlsx"
    sheet = load_workbook(io.BytesIO(Path(await download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Applicant" and sheet["A1"].font.bold
    grades = {r[1]: r[8] for r in rows[1:]}
    assert grades == {name: float(grade) for name, _k, grade in APPLICANTS}  # numbers stay numbers
    await no_trace(page)

    # --- in Chinese: the quota matrix, then a round; its page lists the waitlist by name ---------
    await page.goto(f"{w.portal}/language/zh?next=/officer/cycles/{w.cycle}/quota")
    await page.wait_for_selector("#quota-matrix")
    assert await page.get_attribute("html", "lang") == "zh"
    assert "按专业和国家的配额" in await page.inner_text("h1")
    heads = await page.locator("#quota-matrix thead th[scope=col]").all_inner_texts()
    assert country_name("zh", "KZ") in heads and country_name("zh", "PK") in heads
    assert "0 / 1" in await page.inner_text(f"#row-{w.prog_a}")
    await page.screenshot(path=screenshot_path("workbench-quota-zh"), full_page=True)
    await page.goto(f"{w.portal}/officer/cycles/{w.cycle}")
    await page.fill("#f-seed", "7")
    await page.click("form[action$='/rounds'] button[type=submit]")
    await page.wait_for_url("**/officer/rounds/*")
    await page.wait_for_selector("#n-matched", timeout=60_000)
    assert (await page.inner_text("#n-matched")).strip() == "3"
    waiting_a = page.locator(f"#waitlist-{w.prog_a} tbody tr")
    assert await waiting_a.count() >= 2
    first, second = await waiting_a.nth(0).inner_text(), await waiting_a.nth(1).inner_text()
    # placed at B, they still wait for A (their first choice), the stronger first; names, not ids
    assert first.split()[0] == "1" and "Bilal Ahmed" in first and country_name("zh", "PK") in first
    assert second.split()[0] == "2" and "Dilnoza Karimova" in second
    assert w.apps["Bilal Ahmed"][:8] not in await page.inner_text("#waitlists")
    assert translate("zh", "Waitlist position") in await page.inner_text(f"#waitlist-{w.prog_a} thead")
    await page.screenshot(path=screenshot_path("workbench-round-zh"), full_page=True)
    await no_trace(page)

    # --- in Urdu, right to left: the review table -------------------------------------------------
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        r = await m.get("/matches", headers=w.admin, params={"cycle_id": w.cycle, "status": "proposed"})
        match_of = {x["application_id"]: x["id"] for x in r.json()["items"]}
    aigerim, bilal, dilnoza = (match_of[w.apps[n]] for n in ("Aigerim Nurlanova", "Bilal Ahmed", "Dilnoza Karimova"))
    await page.goto(f"{w.portal}/language/ur?next=/officer/cycles/{w.cycle}/review")
    await page.wait_for_selector("#review-table")
    assert await page.get_attribute("html", "dir") == "rtl"
    heads = await page.locator("#review-table thead th").all_inner_texts()
    assert translate("ur", "Applicant") in heads and translate("ur", "Priority score") in heads
    ids = await page.locator("#review-table tbody tr.match").evaluate_all("rows => rows.map(r => r.dataset.match)")
    assert ids == [aigerim, bilal, dilnoza]  # the highest priority first
    row = await page.inner_text(f"#match-{bilal}")
    assert "Bilal Ahmed" in row and country_name("ur", "PK") in row and "90.0" in row
    # a programme and its host joined by the language's comma
    assert f"Rail transport{list_comma('ur')}Xinjiang Medical University" in row
    # his passport awaits review: said, not "no document rejected"
    assert translate("ur", "Documents awaiting review: {n} of {total}", n=1, total=1) in row
    assert f"Clinical medicine{list_comma('ur')}Xinjiang Medical University" in await page.inner_text(
        f"#match-{bilal} .waitlist-of-match"
    )

    # Tab walks each row's controls in order, each focus visible and the row marked
    await page.focus(f"#sel-{bilal}")
    await page.keyboard.press("Tab")
    assert await _focused(page, "el.classList.contains('applicant')")
    await page.keyboard.press("Tab")
    assert await _focused(page, "el.tagName === 'SUMMARY' && !el.closest('.reject-row')")  # choices and reasons
    await page.keyboard.press("Tab")
    assert await _focused(page, "new URL(el.href).pathname.endsWith('/documents')")
    await page.keyboard.press("Tab")
    assert await _focused(page, "new URL(el.href).pathname.endsWith('/referees')")
    await page.keyboard.press("Tab")
    assert await _focused(page, "el.id") == f"approve-{bilal}"
    assert await _focused(page, "getComputedStyle(el).outlineStyle") == "solid"
    row_colour = f"getComputedStyle(document.getElementById('match-{bilal}')).backgroundColor"
    assert await page.evaluate(row_colour) not in ("rgba(0, 0, 0, 0)", "transparent")
    await page.keyboard.press("Tab")
    assert await _focused(page, "el.tagName === 'SUMMARY' && !!el.closest('.reject-row')")
    await page.screenshot(path=screenshot_path("workbench-review-ur"), full_page=True)

    # J and K move between rows; a letter typed into a field stays a letter
    await page.focus(f"#sel-{aigerim}")
    await page.keyboard.press("j")
    assert await _focused(page, "el.id") == f"sel-{bilal}"
    await page.keyboard.press("k")
    assert await _focused(page, "el.id") == f"sel-{aigerim}"
    await page.focus("#f-reason")
    await page.keyboard.type("ar")
    assert await page.input_value("#f-reason") == "ar" and await page.locator("tr.match").count() == 3
    await page.fill("#f-reason", "")

    # a letter on a row's link does nothing (a screen reader's or dictation's "a" had approved it),
    # and the letters can be switched off, kept in this browser
    await page.focus(f"#match-{aigerim} a.applicant")
    await page.keyboard.press("a")
    await page.wait_for_timeout(300)
    assert await page.locator("tr.match").count() == 3 and "#match" not in page.url
    await page.click("#review-keys summary")
    await page.uncheck("#review-keys-on")
    await page.focus(f"#sel-{aigerim}")
    await page.keyboard.press("j")
    assert await _focused(page, "el.id") == f"sel-{aigerim}"
    await page.reload()
    assert not await page.is_checked("#review-keys-on")
    await page.click("#review-keys summary")
    await page.check("#review-keys-on")
    # A on the first row approves it, once the officer confirms that her documents await review
    await page.focus(f"#sel-{aigerim}")
    async with page.expect_navigation():
        await page.keyboard.press("a")
    assert await page.locator("#review-table tbody tr.match").count() == 3  # held: nothing approved
    assert translate("ur", "Documents await review.") in await page.inner_text(f"#match-{aigerim}")
    await page.check("#f-unverified-ok")
    await page.focus(f"#sel-{aigerim}")
    async with page.expect_navigation():
        await page.keyboard.press("a")
    await page.wait_for_selector(".flash-success")
    assert await page.locator("#review-table tbody tr.match").count() == 2
    # back on the proposals, the keyboard goes on in their table (no way back to find first)
    await page.keyboard.press("Tab")
    assert await _focused(page, "!!el.closest('#review-table')")
    # the bulk action: one selected, approved (held once for his documents, his row still ticked)
    await page.check(f"#sel-{bilal}")
    async with page.expect_navigation():
        await page.click("#approve-selected")
    assert await page.is_checked(f"#sel-{bilal}") and await page.locator("#review-table tbody tr.match").count() == 2
    await page.check("#f-unverified-ok")
    async with page.expect_navigation():
        await page.click("#approve-selected")
    assert await page.locator("#review-table tbody tr.match").count() == 1
    # R on the last row opens its rejection at the reason; Enter sends it
    await page.focus(f"#sel-{dilnoza}")
    await page.keyboard.press("r")
    assert await _focused(page, "el.id") == f"reason-{dilnoza}"
    await page.keyboard.type("Seats at B went to stronger applicants")
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    await page.wait_for_selector(".flash-success")
    assert await page.locator("#review-table").count() == 0
    assert translate("ur", "Nothing to review here.") in await page.inner_text("main")
    await no_trace(page)

    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        approved = await m.get("/matches", headers=w.admin, params={"cycle_id": w.cycle, "status": "approved"})
        rejected = await m.get("/matches", headers=w.admin, params={"cycle_id": w.cycle, "status": "rejected"})
    assert {x["id"] for x in approved.json()["items"]} == {aigerim, bilal}
    (refused,) = rejected.json()["items"]
    assert refused["id"] == dilnoza and refused["review_reason"] == "Seats at B went to stronger applicants"

    # the review table's other tabs and the quota matrix follow the decisions
    await page.goto(f"{w.portal}/officer/cycles/{w.cycle}/review?status=rejected")
    assert "Dilnoza Karimova" in await page.inner_text(f"#match-{dilnoza}")
    await page.goto(f"{w.portal}/language/zh?next=/officer/cycles/{w.cycle}/quota")
    await page.wait_for_selector("#quota-matrix")
    assert "1 / 1" in await page.inner_text(f"#row-{w.prog_a}")
    # both approved are offers the applicants have not answered: held, none accepted
    assert await page.inner_text("#quota-total") == translate(
        "zh", "{accepted} of {seats} seats accepted, {held} held in all", accepted=0, seats=3, held=2
    )
    assert (await page.inner_text("#held-approved dd")).strip() == "2"
    await no_trace(page)
    await ctx.close()


async def test_an_officer_saves_a_filter_and_acts_on_selected_rows(world, browser):
    """A saved filter reopened from its link; two rows invited to interview (each row's result
    said), one of them again (unchanged, said so); only the selected exported; in Urdu."""
    w = world
    ctx, page = await log_in(
        browser,
        f"{w.portal}/login",
        w.officer,
        PASSWORD,
        "**/officer",
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
    )
    table = f"{w.portal}/officer/cycles/{w.cycle}/applications"
    # --- save the Pakistan filter, leave it, reopen it from its link ---------------------------
    await page.goto(f"{table}?country=PK&sort=name&order=desc")
    await page.wait_for_selector("#applications")
    await page.fill("#f-filter-name", "Pakistan, Z to A")
    async with page.expect_navigation():
        await page.click("#save-filter-button")
    assert "Filter saved: Pakistan, Z to A." in await page.inner_text(".flash-success")
    await page.goto(table)
    assert len(await _names(page)) == 4
    link = page.locator("#saved-filters a.saved-filter", has_text="Pakistan, Z to A")
    async with page.expect_navigation():
        await link.click()
    assert "country=PK" in page.url and "order=desc" in page.url
    assert await _names(page) == ["Farhan Qureshi", "Bilal Ahmed"]
    assert await link.get_attribute("aria-current") == "true"
    # the same name again is refused at the field
    await page.fill("#f-filter-name", "pakistan, z to a")
    await page.click("#save-filter-button")
    await page.wait_for_selector("#e-filter-name")
    assert "You already have a filter with this name" in await page.inner_text("#e-filter-name")

    # --- select all on this page, invite them; each row says what was done --------------------
    await page.goto(f"{table}?country=PK")
    await page.check("#select-all")
    assert await page.locator("#applications input.select-row:checked").count() == 2
    async with page.expect_navigation():
        await page.click("#bulk-invite")
    await page.wait_for_selector("#bulk-report")
    farhan, bilal = w.apps["Farhan Qureshi"], w.apps["Bilal Ahmed"]
    assert "2 done, 0 unchanged, 0 refused" in await page.inner_text("#bulk-report h2")
    assert "Invited to interview." in await page.inner_text(f"#report-{bilal}")
    # again, one of them and one more: the invited one is unchanged, and said to be
    aigerim = w.apps["Aigerim Nurlanova"]
    await page.goto(table)
    await page.check(f"#sel-{bilal}")
    await page.check(f"#sel-{aigerim}")
    async with page.expect_navigation():
        await page.click("#bulk-invite")
    assert "1 done, 1 unchanged, 0 refused" in await page.inner_text("#bulk-report h2")
    assert "Already invited to interview: nothing changed." in await page.inner_text(f"#report-{bilal}")
    assert await page.get_attribute(f"#report-{bilal}", "class") == "outcome-unchanged"
    await page.screenshot(path=screenshot_path("workbench-bulk-en"), full_page=True)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        r = await m.get(f"/cycles/{w.cycle}/interviews", headers=w.admin)
    assert {i["application_id"] for i in r.json()} >= {farhan, bilal, aigerim}

    # --- only the selected exported; in Urdu, right to left ---------------------------------------
    await page.goto(f"{w.portal}/language/ur?next=/officer/cycles/{w.cycle}/applications")
    await page.wait_for_selector("#applications")
    assert await page.get_attribute("html", "dir") == "rtl"
    assert translate("ur", "Saved filters") in await page.inner_text("#saved-filters")
    await page.check(f"#sel-{farhan}")
    async with page.expect_download() as info:
        await page.click("#bulk-csv")
    download = await info.value
    assert download.suggested_filename == f"applications-{w.cycle}-selected.csv"
    lines = list(csv.reader(io.StringIO(Path(await download.path()).read_bytes().decode("utf-8-sig"))))
    assert [line[1] for line in lines[1:]] == ["Farhan Qureshi"]
    assert lines[0][1] == translate("ur", "Applicant")
    # a name leads to the application's page
    href = await page.get_attribute(f"#app-{farhan} a.application-link", "href")
    assert href == f"/officer/applications/{farhan}"
    await page.screenshot(path=screenshot_path("workbench-applications-ur"), full_page=True)
    await no_trace(page)
    await ctx.close()
