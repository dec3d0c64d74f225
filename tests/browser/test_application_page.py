"""The officer's application page (issue 16): after a round, an officer opens an application
from the committee page and reads it whole on one page, in English and then in Urdu (right
to left): the passport previewed in the page (a PDF in a frame, served inline with safe
headers), and why the first choice was not placed (it waits on its waitlist) and the second was."""

from __future__ import annotations

import uuid

import httpx
import pytest

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
    switch_language,
)
from tests.browser.test_portal import UNLABELLED
from tests.support.ids import uid
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PASSWORD = "application-page-password"


def one_page_pdf(text: str) -> bytes:
    """A small valid PDF of one page saying ``text`` (ASCII), for the viewer to draw."""
    content = f"BT /F1 28 Tf 30 90 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 360 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


PASSPORT = one_page_pdf("PASSPORT N12345678")


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle, self.host = f"sco-{s}", f"sco-{s}-26", f"lzu-{s}"
        self.medicine, self.rail = f"lzu-med-{s}", f"lzu-rail-{s}"
        self.officer = f"chair-{s}@example.org"
        self.first, self.second = f"Aigerim Sarsenova {s[:4]}", f"Bilal Ahmed {s[:4]}"
        self.application_id = ""
        self.admin: dict[str, str] = {}


async def _apply(a: httpx.AsyncClient, w: World, name: str, grade: int, choices: list[str]) -> str:
    h = await register_applicant(
        a,
        student(
            email=f"{uid('applicant')}@example.kz",
            password=PASSWORD,
            name=name,
            nationality="KZ",
            home_institution="Al-Farabi Kazakh National University",
            age=22,
        ),
    )
    r = await a.post("/applications", headers=h, json={"cycle_id": w.cycle, "choices": choices, "grade": grade})
    assert r.status_code == 201, r.text
    application_id = r.json()["id"]
    files = {"file": ("passport.pdf", PASSPORT, "application/pdf")}
    r = await a.post(f"/applications/{application_id}/documents", headers=h, data={"kind": "passport"}, files=files)
    assert r.status_code == 201, r.text
    assert (await a.post(f"/applications/{application_id}/submit", headers=h)).status_code == 200
    return application_id


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    """Medicine has one seat, Rail two. The first applicant (90) wants Medicine; the second
    (80) Medicine, then Rail. One round run."""
    w = World(portal_stack)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, w.admin, email=w.officer, password=PASSWORD, name="Chair", schemes=[w.scheme])
    items = [
        ("institutions", {"id": w.host, "name": "Lanzhou University", "country": "CN"}),
        ("schemes", {"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ"]}),
        ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"SCO 2026 {w.cycle[-11:-3]}")),
        ("programmes", master_programme(w.medicine, w.cycle, w.host, "Clinical medicine", "medicine")),
        ("programmes", master_programme(w.rail, w.cycle, w.host, "Rail transport", "engineering", seats=2)),
    ]
    await publish_catalog(w.stack, w.admin, items, w.rail)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        await _apply(a, w, w.first, 90, [w.medicine])
        w.application_id = await _apply(a, w, w.second, 80, [w.medicine, w.rail])
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def pooled():
            return (await m.get(f"/cycles/{w.cycle}/pool", headers=w.admin)).json()["total"] == 2

        await wait_for(pooled, timeout=60, what="both applications in the pool")
        r = await m.post(f"/cycles/{w.cycle}/rounds", json={"seed": 3}, headers=w.admin)
        assert r.status_code == 202, r.text
        round_id = r.json()["round_id"]

        async def done():
            status = (await m.get(f"/rounds/{round_id}", headers=w.admin)).json()["status"]
            return status if status in ("completed", "failed") else None

        assert await wait_for(done, timeout=60, what="the round") == "completed"
    return w


async def _drawn(page) -> bool:
    """Whether Chromium's PDF viewer drew the passport in the frame. A frame still blank (one
    dark colour) compresses to a PNG of a few kilobytes; the viewer's toolbar, thumbnail and
    page with its text to some twenty."""
    frame = page.locator("#documents iframe.document-frame")
    await frame.scroll_into_view_if_needed()
    for _ in range(120):
        if len(await frame.screenshot()) > 10_000:
            return True
        await page.wait_for_timeout(250)
    return False


async def test_an_officer_reads_an_application_whole_with_its_preview_and_reasons(world, browser):
    w = world
    # tall enough for the whole page: a full-page screenshot then resizes nothing (the PDF
    # viewer would draw its page again)
    viewport = {"width": 1280, "height": 2600}
    ctx, page = await log_in(browser, f"{w.portal}/login", w.officer, PASSWORD, "**/officer", viewport=viewport)
    # from the committee's page of the application to the whole application
    await page.goto(f"{w.portal}/officer/committee/applications/{w.application_id}")
    await page.click("#full-page-link")
    await page.wait_for_url(f"**/officer/applications/{w.application_id}")
    assert w.second in await page.inner_text("h1")
    profile = await page.inner_text("#profile")
    assert "Kazakhstan" in profile and "Al-Farabi Kazakh National University" in profile
    assert "Clinical medicine" in profile and "Rail transport" in profile

    # the passport, previewed in the page: a frame whose file the portal serves inline
    frame = page.locator("#documents iframe.document-frame")
    assert await frame.count() == 1
    assert (await frame.get_attribute("title")).startswith("Preview of passport")
    src = await frame.get_attribute("src")
    served = await page.request.get(f"{w.portal}{src}")
    assert served.ok and served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("inline")
    assert served.headers["x-content-type-options"] == "nosniff" and served.headers["x-frame-options"] == "SAMEORIGIN"
    assert await served.body() == PASSPORT
    assert "awaiting review" in await page.inner_text("#documents")

    # why: Medicine's one seat went to the higher score (the application waits for it); Rail took it
    first = await page.inner_text("#choice-1")
    assert "Clinical medicine" in first and "on the waitlist" in first and "Waitlist position 1" in first
    assert "All seats are taken: the lowest score holding a seat is 90, the applicant's is 80." in first
    second = await page.inner_text("#choice-2")
    assert "Rail transport" in second and "placed here" in second
    assert await page.get_attribute("#messages-link", "href") == f"/officer/applications/{w.application_id}/messages"
    assert await page.evaluate(UNLABELLED) == []
    assert await _drawn(page), "the PDF viewer did not draw the passport"
    await page.screenshot(path=screenshot_path("application-page-en"), full_page=True)
    await no_trace(page)

    # the same page in Urdu, right to left
    await switch_language(page, "ur")
    await page.wait_for_url(f"**/officer/applications/{w.application_id}")
    assert await page.get_attribute("html", "dir") == "rtl"
    assert "انتخاب کی وجوہات" in await page.inner_text("#reasons-title")
    assert "یہاں منتخب" in await page.inner_text("#choice-2")
    assert "انتظار کی فہرست میں" in await page.inner_text("#choice-1")
    assert "درخواست دہندہ کے لیے پیغامات" in await page.inner_text("#messages-link")
    assert await page.locator("#documents iframe.document-frame").count() == 1
    assert await page.evaluate(UNLABELLED) == []
    assert await _drawn(page), "the PDF viewer did not draw the passport"
    await page.screenshot(path=screenshot_path("application-page-ur"), full_page=True)
    await no_trace(page)
    await ctx.close()


async def test_an_officer_of_another_scheme_gets_the_error_page(world, browser):
    w = world
    other = f"other-{uuid.uuid4().hex[:8]}@example.org"
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        await create_officer(a, w.admin, email=other, password=PASSWORD, name="Other", schemes=["cpec-elsewhere"])
    ctx, page = await log_in(browser, f"{w.portal}/login", other, PASSWORD, "**/officer")
    response = await page.goto(f"{w.portal}/officer/applications/{w.application_id}")
    assert response is not None and response.status in (403, 404)
    assert w.second not in await page.content()
    preview = await page.request.get(f"{w.portal}/officer/applications/{w.application_id}/documents/x/preview")
    assert preview.status in (403, 404) and "text/html" in preview.headers["content-type"]
    await no_trace(page)
    await ctx.close()
