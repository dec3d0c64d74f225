"""The portal in a real browser (chromium) over the real services, Kafka and PostgreSQL.

One journey in three acts, sharing one stack: an applicant registers, builds and submits
an application (fixing the problems the page shows per choice); an officer starts a
matching round, watches it, and approves the proposed matches; the applicant sees the
offer, accepts it and reads the inbox. Screenshots of the main pages go to
.run/screenshots/ (English, Chinese, Russian, Urdu right-to-left, phone width).

Issue 18 on the way: the applicant reads "under review" (no programme) until an officer
decides; the officer's reject form keeps the internal reason apart from the message to the
applicant; on right-to-left pages English names, titles, messages, figures and dates keep
their order (read back from the rendered layout); counts follow each language's plural
rules; a refused submit lists its reasons once; reopening a form's address never answers
405; the date-of-birth hint matches its field; a student gets no "Add" on a faculty
programme; declining asks first; the profile changes name, e-mail and message language.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from services.portal.i18n import format_day, format_moment, translate
from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, screenshot_path, switch_language
from tests.support.ids import uid
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "browser-journey-password"
UNLABELLED = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""
NO_TRACE = ("Traceback", "Internal Server Error", "jinja2", 'File "')
LANGS = ("ur", "zh", "ru", "en")  # English last: the acts go on in English
# For each left-to-right line inside the elements: is its first letter drawn left of its
# last one? (A right-to-left page that does not isolate "Clinical medicine (MMed)" draws
# its ")" at the far left; "1 / 2" comes out as "2 / 1".) Read from the rendered layout.
LTR_ORDER = """(els) => els.flatMap(el => {
  const out = [], range = document.createRange();
  const rect = (node, i) => { range.setStart(node, i); range.setEnd(node, i + 1); return range.getBoundingClientRect(); };
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    let start = 0;
    for (const line of node.textContent.split('\\n')) {
      const a = line.search(/\\S/), b = line.replace(/\\s+$/, '').length - 1;
      if (a >= 0 && b > a) {
        const first = rect(node, start + a), last = rect(node, start + b);
        if (Math.abs(first.top - last.top) < 2) out.push({text: line.trim(), ok: first.left < last.left});
      }
      start += line.length + 1;
    }
  }
  return out;
})"""
TIMES = (
    """(els) => els.map(el => [el.getAttribute('datetime'), el.innerText.trim(), getComputedStyle(el).unicodeBidi])"""
)


async def in_every_language(page, name: str, open_first: str | None = None) -> None:
    """A screenshot of the page in each language (ending in English), with the folded part
    ``open_first`` (a <details>) opened if given."""
    for lang in LANGS:
        await switch_language(page, lang)
        assert await page.get_attribute("html", "lang") == lang
        if open_first:
            await page.locator(open_first).evaluate("d => { d.open = true; }")
        await page.screenshot(path=screenshot_path(f"{name}-{lang}"), full_page=True)


async def cards_become(cards, n: int) -> None:
    """The filtered page's cards, once it has loaded (the click returns while the new page may
    still be loading: a count then read 0 once)."""

    async def counted():
        return await cards.count() == n

    await wait_for(counted, timeout=20, interval=0.1, what=f"{n} programme cards")


async def ltr_lines(page, selector: str) -> list[dict]:
    # after a click on a language link the new page may still be loading (seen on a busy machine)
    await page.locator(selector).first.wait_for()
    lines = await page.locator(selector).evaluate_all(LTR_ORDER)
    assert lines, f"nothing to read in {selector}"
    return lines


async def dates_in_words(page, lang: str) -> None:
    """Every date on the page in the language's own form (Babel), isolated from its neighbours."""
    times = await page.locator("main time").evaluate_all(TIMES)
    assert times
    for at, text, bidi in times:
        assert text in (format_moment(lang, at), format_day(lang, at)), (at, text)
        assert bidi == "isolate", (at, bidi)


class Journey:
    """What the acts hand on to each other."""

    def __init__(self, stack):
        self.stack = stack
        self.portal = stack.portal.url
        s = uuid.uuid4().hex[:8]
        self.scheme, self.cycle, self.host = f"sco-{s}", f"sco-{s}-2026", f"xjmu-{s}"
        self.prog_a, self.prog_b, self.prog_f = f"xjmu-tcm-{s}", f"xjmu-clin-{s}", f"xjmu-visit-{s}"
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
            "programmes",
            {
                "id": j.prog_f,
                "cycle_id": j.cycle,
                "host_institution_id": j.host,
                "title": "Faculty visit: medical education",
                "field": "medical-education",
                "level": "faculty-visit",
                "language": "en",
                "seats": 1,
                "applicant_type": "faculty",
                "requirements": {},
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
            codes = [(await a.get(f"/programmes/{p}")).status_code for p in (j.prog_a, j.prog_b, j.prog_f)]
            return codes == [200, 200, 200]

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


async def log_in_as_applicant(browser, j: Journey, lang: str = "en"):
    """A new browser context with the journey's applicant logged in, on their application."""
    ctx = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(20_000)
    await page.goto(f"{j.portal}/language/{lang}?next=/login?next=/applications/{j.application_id}")
    await page.fill("#f-email", j.email)
    await page.fill("#f-password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_url(f"**/applications/{j.application_id}")
    return ctx, page


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
    await switch_language(page, "ur")
    assert await page.get_attribute("html", "dir") == "rtl"
    assert await page.evaluate(UNLABELLED) == []
    await page.screenshot(path=screenshot_path("01-register-ur"), full_page=True)
    await switch_language(page, "en")
    assert await page.get_attribute("html", "dir") == "ltr"
    # the date of birth is typed as its hint shows (no browser-dependent mm/dd/yyyy widget)
    assert await page.get_attribute("#f-date_of_birth", "type") == "text"
    assert await page.get_attribute("#f-date_of_birth", "placeholder") == "YYYY-MM-DD"
    assert "2003-04-25" in await page.inner_text("#h-date_of_birth")

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

    # browse and filter: a student first sees the cycle's two student programmes
    assert await page.input_value("#f-applicant_type") == "student"
    await page.select_option("#f-cycle", j.cycle)
    await page.click("form.filters button[type=submit]")
    cards = page.locator("#programme-list > li.card")
    await cards_become(cards, 2)
    card_a = page.locator(f"#programme-{j.prog_a}")
    assert "HSK 4" in await card_a.inner_text()
    assert (await card_a.locator(".seats").inner_text()).strip() == "1"
    assert "Chinese" in await card_a.inner_text()  # the language of instruction in words, not "zh"
    # everyone's programmes: the faculty visit says whom it is for, and has no "Add" for a student
    await page.select_option("#f-applicant_type", "")
    await page.click("form.filters button[type=submit]")
    await cards_become(cards, 3)
    card_f = page.locator(f"#programme-{j.prog_f}")
    assert await card_f.locator("button[type=submit]").count() == 0
    assert "faculty only" in await card_f.locator(".not-for-you").inner_text()
    assert "medical education" in await card_f.inner_text()  # the field's slug in words
    await in_every_language(page, "02-programmes")

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
    await page.click(f"#choice-{j.prog_a} button[value='down:{j.prog_a}']")
    await page.wait_for_selector(f"ol.choices > li:first-child#choice-{j.prog_b}")

    # eligibility problems per choice, before submitting
    problems_a = await page.inner_text(f"#choice-{j.prog_a} .problems")
    assert "HSK" in problems_a and "passport" in problems_a
    assert "passport" in await page.inner_text(f"#choice-{j.prog_b} .problems")

    # the reasons by their codes, in the reader's language: no English sentence, no raw
    # document kind; in Urdu each number isolated so that it keeps its place
    await switch_language(page, "ur")
    problems = page.locator(f"#choice-{j.prog_a} .problems")
    in_urdu = await problems.inner_text()
    assert "سرٹیفکیٹ" in in_urdu and translate("ur", "doc:passport") in in_urdu, in_urdu
    assert "required" not in in_urdu and "passport" not in in_urdu, in_urdu
    assert "4" in await problems.locator("bdi").all_inner_texts()
    assert all(line["ok"] for line in await ltr_lines(page, f"#choice-{j.prog_a} .problems bdi:not([dir])"))
    await switch_language(page, "ru")
    in_russian = await page.inner_text(f"#choice-{j.prog_a} .problems")
    assert "Требуется сертификат HSK" in in_russian and "required" not in in_russian, in_russian
    await switch_language(page, "zh")
    assert "证书" in await page.inner_text(f"#choice-{j.prog_a} .problems")
    await switch_language(page, "en")

    # one seat, in the singular
    assert "1 seat" in await page.inner_text(f"#choice-{j.prog_a}")
    assert "1 seats" not in await page.inner_text(f"#choice-{j.prog_a}")

    # submitting now is refused: the reasons stand next to each choice, once, no stack trace
    await page.click("form[action$='/submit'] button")
    await page.wait_for_selector(f"#choice-{j.prog_a} .problems.error")
    refused = await page.inner_text(f"#choice-{j.prog_a}")
    assert "cannot be submitted" in refused
    assert refused.lower().count("passport") == 1, refused
    await no_trace(page)

    # a bad value is refused next to its field
    await page.fill("#f-grade", "140")
    await page.click("form[action$='/details'] button[type=submit]")
    assert "0 to 100" in await page.inner_text("#e-grade")
    # the address bar now holds the form's address: reopening it leads back to the page
    assert page.url.endswith("/details")
    reopened = await page.goto(page.url)
    assert reopened is not None and reopened.status == 200
    assert page.url.endswith(f"/applications/{j.application_id}#details")
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
    # a file over the limit is said at once: nothing is sent, and the kind chosen stays
    # (sent, the page came back with the kind to choose again)
    big = PDF + b"%" * (10 * 1024 * 1024)
    await page.set_input_files("#f-file", files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": big}])
    said = await page.eval_on_selector("#f-file", "el => el.validationMessage")
    assert said == "The file is too large (at most 10 MB)."
    # ... on the field's own error line, in place of the refusal of the file chosen before (which
    # had stayed there, a wrong reason under the new file)
    lines = await page.eval_on_selector_all(
        ".field:has(#f-file) p.error:not([hidden])", "els => els.map(e => e.textContent)"
    )
    assert lines == ["The file is too large (at most 10 MB)."], lines
    at = page.url
    await page.click("form[action$='/documents'] button[type=submit]")
    assert page.url == at and await page.input_value("#f-kind") == "passport"
    await page.set_input_files(
        "#f-file", files=[{"name": "passport.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    assert await page.eval_on_selector("#f-file", "el => el.validationMessage") == ""
    assert await page.locator(".field:has(#f-file) p.error:not([hidden])").count() == 0
    # a statement typed above and not saved survives the upload below it (the page comes back
    # from the server): put back, and said to be unsaved (it was lost without a word)
    await page.fill("#f-statement", "Typed, then a document uploaded before saving.")
    # the new page loaded (its deferred script, which puts the text back, has run)
    async with page.expect_navigation():
        await page.click("form[action$='/documents'] button[type=submit]")
    await page.wait_for_selector("ul.documents li")
    assert await page.input_value("#f-statement") == "Typed, then a document uploaded before saving."
    kept = page.locator("form[action$='/details'] .kept-unsaved")
    assert await kept.inner_text() == "What you typed here is not saved yet: save it before you leave the page."
    assert await page.locator("form[action$='/documents'] .kept-unsaved").count() == 0
    async with page.expect_navigation():
        await page.click("form[action$='/details'] button[type=submit]")
    await page.wait_for_selector(".flash-success")
    assert await page.input_value("#f-statement") == "Typed, then a document uploaded before saving."
    # "saved" is said where the reader is, in the section the page came back at (at the top of
    # the page it was out of sight, on a phone some 860 px above)
    in_view = "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    assert await page.eval_on_selector("#details > .flash-success", in_view)
    assert await page.locator(".kept-unsaved").count() == 0
    # ... and through a language switch, then an upload: said unsaved after the switch, kept after
    await page.fill("#f-statement", "Typed, the language switched, then a document uploaded.")
    await switch_language(page, "ru")
    assert await page.input_value("#f-statement") == "Typed, the language switched, then a document uploaded."
    assert await page.locator("form[action$='/details'] .kept-unsaved").count() == 1
    await page.select_option("#f-kind", "cv")
    await page.set_input_files("#f-file", files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    async with page.expect_navigation():
        await page.click("form[action$='/documents'] button[type=submit]")
    await page.wait_for_selector(".flash-success")
    assert await page.input_value("#f-statement") == "Typed, the language switched, then a document uploaded."
    assert await page.locator("form[action$='/details'] .kept-unsaved").count() == 1
    await switch_language(page, "en")
    async with page.expect_navigation():
        await page.click("form[action$='/details'] button[type=submit]")
    await page.wait_for_selector(".flash-success")
    assert await page.locator(".kept-unsaved").count() == 0
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

    # the same e-mail registered again: the service answers it like a new one (and writes to
    # the owner); the portal says as little, and nobody is logged in to the owner's account
    await page.click("form.logout button")
    await page.goto(f"{j.portal}/register")
    await page.fill("#f-name", "Someone Else")
    await page.fill("#f-email", j.email)
    await page.fill("#f-password", "a-different-long-passphrase")
    await page.fill("#f-password_again", "a-different-long-passphrase")
    await page.check("input[name=applicant_type][value=student]")
    await page.select_option("#f-nationality", "KZ")
    await page.fill("#f-home_institution", "Somewhere")
    await page.fill("#f-date_of_birth", "2001-05-05")
    await page.click("form[action='/register'] button[type=submit]")
    await page.wait_for_url("**/login")
    assert "If this e-mail address already has an account" in await page.inner_text(".flash")
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

    # the applicant meanwhile reads "under review": no "matched", no programme, until a decision
    actx, apage = await log_in_as_applicant(browser, j, "ur")

    async def under_review():
        await apage.reload()
        return await apage.locator(".status-line .badge-under_review").count() == 1

    await wait_for(under_review, timeout=60, what="the proposal reaching the applicant's page")
    assert await apage.locator("#under-review").count() == 1
    assert await apage.locator(".badge-matched, li.choice.offered, section.offer").count() == 0
    history = await apage.inner_text("#history")
    assert "proposed" not in history and j.prog_a not in history and j.prog_b not in history
    # right to left: the English titles keep their brackets; dates in Urdu words, isolated
    assert await apage.get_attribute("html", "dir") == "rtl"
    titles = await ltr_lines(apage, "li.choice bdi.title")
    assert "Clinical medicine (MMed)" in [t["text"] for t in titles]
    assert all(t["ok"] for t in titles), titles
    await dates_in_words(apage, "ur")
    assert "1 نشست" in await apage.inner_text("ol.choices")
    await in_every_language(apage, "12-under-review")
    await actx.close()

    # review: each proposed match with the applicant's choices, score and reasons
    await page.click("a.button.primary[href$='/review']")
    await page.wait_for_selector("#review-form")
    rows = page.locator("tr.match")
    assert await rows.count() == 2
    match_ids = await page.locator("input.select-row").evaluate_all("els => els.map(e => e.value)")
    text = await page.inner_text("#review-form")
    assert "Chinese medicine 3+2" in text and "Clinical medicine" in text
    # ours went to A: its reason for B names the full programme
    ours = page.locator("tr.match", has=page.locator(".match-title", has_text="Chinese medicine 3+2"))
    await ours.locator("details:not(.reject-row) summary").click()
    assert "All seats are taken" in await ours.locator("details:not(.reject-row)").inner_text()
    # under each match only what belongs to it: ours waits at B (its first choice), named by
    # title and host; the weaker applicant's place on A's waitlist belongs to no match here
    waiting = await ours.locator(".waitlist-of-match").inner_text()
    assert "Clinical medicine (MMed), Xinjiang Medical University" in waiting and "position 1" in waiting
    theirs_first = page.locator("tr.match", has=page.locator(".match-title", has_text="Clinical medicine"))
    assert await theirs_first.locator(".waitlist-of-match").count() == 0
    assert weak[:8] not in await page.inner_text("main")
    assert j.prog_a not in await page.inner_text("main") and j.prog_b not in await page.inner_text("main")
    assert await page.evaluate(UNLABELLED) == []

    # rejecting without a reason is refused next to that row
    await page.click(f"#match-{match_ids[0]} details.reject-row summary")
    await page.click(f"#reject-{match_ids[0]}")
    assert "reason" in (await page.inner_text(f"#e-row-{match_ids[0]}")).lower()
    await page.screenshot(path=screenshot_path("06-review-en"), full_page=True)

    # reject the strong applicant's match: an internal reason, and a message meant for them,
    # each labelled for who reads it
    theirs = page.locator("tr.match", has=page.locator(".match-title", has_text="Clinical medicine"))
    strong_match = await theirs.locator("input.select-row").get_attribute("value")
    await theirs.locator("details.reject-row").evaluate("d => { d.open = true; }")
    assert "officers only" in await theirs.locator(f"label[for=reason-{strong_match}]").inner_text()
    assert "applicant reads" in await theirs.locator(f"label[for=message-{strong_match}]").inner_text()
    assert "applicant never sees" in await page.inner_text("#h-reason")
    assert "applicant reads" in await page.inner_text("#h-message")
    await in_every_language(page, "06-review-reject-form", f"#match-{strong_match} details.reject-row")
    await page.fill(f"#reason-{strong_match}", "Transcript is not certified by the ministry")
    await page.fill(f"#message-{strong_match}", "Please send a certified transcript; you stay in the pool.")
    await page.click(f"#reject-{strong_match}")
    await page.wait_for_selector(".flash-success")
    assert "0 approved, 1 rejected" in await page.inner_text(".flash-success")

    # approve ours (the one left) in bulk: its documents await review, so the approval is held
    # once, and goes through when the officer ticks that they know
    await page.check("#select-all")
    async with page.expect_navigation():
        await page.click("button[name=action][value=approve]")
    assert "Documents await review" in await page.inner_text("#error-summary")
    await page.check("#f-unverified-ok")
    await page.click("button[name=action][value=approve]")
    await page.wait_for_selector(".flash-success")
    assert "1 approved" in await page.inner_text(".flash-success")
    await page.goto(f"{j.portal}/officer/cycles/{j.cycle}/review?status=approved")
    assert await page.locator("tr.match").count() == 1
    assert "1 match" in await page.inner_text("main p[role=status]")  # singular
    await page.goto(f"{j.portal}/officer/cycles/{j.cycle}/review?status=rejected")
    assert strong[:8] in await page.inner_text("main")
    reviewed = await page.inner_text("tr.match")
    assert "Internal reason: Transcript is not certified" in reviewed
    assert "Message to the applicant: Please send a certified transcript" in reviewed
    async with httpx.AsyncClient(base_url=j.stack.matching.url, timeout=30) as m:
        r = await m.get(f"/matches/{strong_match}", headers=j.admin_headers)
        assert r.status_code == 200, r.text
        assert r.json()["review_reason"] == "Transcript is not certified by the ministry"  # stays internal
        assert r.json()["message_to_applicant"] == "Please send a certified transcript; you stay in the pool."

    # quota fill at a glance: A full, the per-country caps with their use
    await page.goto(f"{j.portal}/officer/cycles/{j.cycle}")
    assert await page.locator(".bars .tag-full").count() >= 1
    # each rule worded once from its structure, each cap by what it is for: countries by name,
    # programmes by title and host; no raw ids or country codes
    caps = await page.inner_text("section[aria-labelledby=caps-title]")
    assert caps.count("At most 2 · each sending country") == 1, caps
    assert "Kazakhstan" in caps and "KZ" not in caps
    bars = await page.inner_text("section[aria-labelledby=prog-title]")
    assert "Chinese medicine 3+2, Xinjiang Medical University" in bars and j.prog_a not in bars
    await switch_language(page, "ur")
    caps = await page.inner_text("section[aria-labelledby=caps-title]")
    assert "قزاخستان" in caps and "KZ" not in caps and "each" not in caps
    # right to left: "1 / 2" stays "1 / 2" (not "2 / 1"); the English labels keep their order
    figures = await ltr_lines(page, ".bar-label .figure")
    assert "1 / 2" in [f["text"] for f in figures]
    assert all(f["ok"] for f in figures), figures
    assert all(line["ok"] for line in await ltr_lines(page, "section[aria-labelledby=prog-title] .bar-label bdi"))
    await in_every_language(page, "07-quota")
    await page.goto(f"{j.portal}/officer")
    await in_every_language(page, "07-console")
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

    # declining asks first; "keep my offer" changes nothing
    await page.click("button[name=answer][value=decline]")
    await page.wait_for_url(f"**/applications/{j.application_id}/decline")
    assert "Chinese medicine 3+2" in await page.inner_text("main")
    assert await page.locator("#confirm-decline button[value=decline]").count() == 1
    await in_every_language(page, "08-decline-confirm")
    await page.click("#confirm-decline a.button")
    await page.wait_for_url(f"**/applications/{j.application_id}")
    assert await page.locator(".status-line .badge-offered").count() == 1

    # the documents stay listed once the offer is accepted (issue 18: once seen gone)
    documents = await page.locator("ul.documents li").all_inner_texts()
    assert documents and any("passport.pdf" in d for d in documents), documents
    async with page.expect_navigation():
        await page.click("button[name=answer][value=accept]")
    # accepting is confirmed first, on a page naming the choices it ends
    await page.wait_for_url(f"**/applications/{j.application_id}/accept")
    assert "Chinese medicine 3+2" in await page.inner_text("#accept-what")
    await page.click("#confirm-accept button[value=accept]")
    await page.wait_for_selector(".status-line .badge-accepted")
    assert await page.locator("#accepted-next").count() == 1
    await no_trace(page)
    assert await page.locator("ul.documents li").all_inner_texts() == documents
    await page.reload()
    assert await page.locator("ul.documents li").all_inner_texts() == documents

    await page.goto(f"{j.portal}/inbox")

    async def has_mail():
        await page.reload()
        return await page.locator("li.message").count() >= 1

    await wait_for(has_mail, timeout=60, what="a message in the applicant's inbox")
    await switch_language(page, "zh")
    assert await page.get_attribute("html", "lang") == "zh"
    await page.screenshot(path=screenshot_path("09-inbox-zh"), full_page=True)
    await switch_language(page, "ur")
    await page.screenshot(path=screenshot_path("10-inbox-ur"), full_page=True)
    # an English message on the Urdu page reads left to right: its commas, full stops and
    # brackets end its lines on the right, its subject too; its date is in Urdu words
    assert await page.get_attribute("html", "dir") == "rtl"
    lines = await ltr_lines(page, "li.message .message-body, li.message .message-subject bdi")
    assert [line for line in lines if not line["ok"]] == []
    assert any(line["text"][-1] in ",.:)" for line in lines), lines  # something that would have moved
    await dates_in_words(page, "ur")
    await in_every_language(page, "10-inbox")

    # the profile: a new name (shown in the header at once), e-mail and message language
    assert await page.locator("nav.main-nav a[href='/profile']").count() == 1
    await page.goto(f"{j.portal}/profile")
    assert await page.locator("#f-email").count() == 1, await page.inner_text("body")
    assert await page.input_value("#f-email") == j.email
    await page.fill("#f-name", "Aigerim Nurlanovna Jr.")
    await page.select_option("#f-preferred_language", "ru")
    await page.click("form[action='/profile'] button[type=submit]")
    await page.wait_for_selector(".flash-success")
    assert page.url.endswith("/profile")
    assert await page.inner_text(".site-header .who") == "Aigerim Nurlanovna Jr."
    async with httpx.AsyncClient(base_url=j.stack.applications.url, timeout=30) as a:
        me = (await a.get("/me", headers=await token(a, j.email, PASSWORD))).json()
    assert (me["name"], me["preferred_language"]) == ("Aigerim Nurlanovna Jr.", "ru")
    await switch_language(page, "ur")
    name = await ltr_lines(page, ".site-header .who")  # its own direction (dir=auto), a Latin name left to right
    assert name[0]["text"] == "Aigerim Nurlanovna Jr." and name[0]["ok"], name
    await in_every_language(page, "13-profile")

    # a new address waits for its link: the profile still saves, and the change can be taken back
    # (the cancel form sat inside the profile's: "Save" belonged to no form and sent nothing)
    await switch_language(page, "en")
    await page.goto(f"{j.portal}/profile")
    await page.fill("#f-email", f"typo.{j.email}")
    await page.fill("#f-email_password", PASSWORD)
    await page.click("form[action='/profile'] button[type=submit]")
    await page.wait_for_selector("#pending-email")
    await page.fill("#f-name", "Aigerim Nurlanovna")
    async with page.expect_navigation():
        await page.press("#f-name", "Enter")  # the form's own default button: "Save", not the cancel beside
    assert await page.inner_text(".site-header .who") == "Aigerim Nurlanovna"
    assert await page.locator("#pending-email").count() == 1  # the new address still waits
    async with page.expect_navigation():
        await page.click("#cancel-email-change-button")
    assert await page.locator("#pending-email").count() == 0
    assert await page.input_value("#f-email") == j.email and await page.input_value("#f-name") == "Aigerim Nurlanovna"
    await ctx.close()
