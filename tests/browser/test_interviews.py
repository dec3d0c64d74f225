"""Interviews in the portal: an officer publishes a slot in Shanghai time and invites the
applicant; the applicant, a Pakistani reading the portal in Urdu, sees the time in Karachi
and in Shanghai, books it and gets the calendar invitation by e-mail; the officer sees the
booking and records attendance and the score."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, screenshot_path
from tests.support.ids import uid
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "interview-journey-password"
NO_TRACE = ("Traceback", "Internal Server Error", "jinja2", 'File "')


async def _token(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    r = await client.post("/auth/token", data={"username": email, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle, self.host, self.prog = f"cpec-{s}", f"cpec-{s}-26", f"nust-{s}", f"nust-ee-{s}"
        self.officer = f"chair-{s}@example.org"
        self.applicant = f"Ayesha Khan {s[:4]}"
        self.email = f"{uid('ayesha')}@example.pk"
        self.application_id = ""
        self.admin: dict[str, str] = {}


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    t = datetime.now(UTC)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await _token(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        body = {"email": w.officer, "password": PASSWORD, "name": "Chair", "role": "officer", "schemes": [w.scheme]}
        r = await a.post("/admin/accounts", headers=w.admin, json=body)
        assert r.status_code == 201, r.text
    items = [
        ("institutions", {"id": w.host, "name": "Tsinghua University", "country": "CN"}),
        ("schemes", {"id": w.scheme, "name": "CPEC", "sponsor": "HEC", "eligible_countries": ["PK"]}),
        (
            "cycles",
            {
                "id": w.cycle,
                "scheme_id": w.scheme,
                "name": f"CPEC 2026 {w.cycle[-11:-3]}",
                "opens_at": (t - timedelta(days=1)).isoformat(),
                "closes_at": (t + timedelta(days=30)).isoformat(),
            },
        ),
        (
            "programmes",
            {
                "id": w.prog,
                "cycle_id": w.cycle,
                "host_institution_id": w.host,
                "title": "Electrical engineering",
                "field": "engineering",
                "level": "master",
                "language": "en",
                "seats": 1,
                "requirements": {},
            },
        ),
    ]
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        for path, body in items:
            r = await m.post(f"/{path}", json=body, headers=w.admin)
            assert r.status_code == 201, (path, r.text)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:

        async def arrived():
            return (await a.get(f"/programmes/{w.prog}")).status_code == 200

        await wait_for(arrived, timeout=60, what="the programme in the applications read model")
        registration = {
            "email": w.email,
            "password": PASSWORD,
            "name": w.applicant,
            "applicant_type": "student",
            "nationality": "PK",
            "home_institution": "NUST",
            "date_of_birth": (date.today() - timedelta(days=365 * 23)).isoformat(),
            "preferred_language": "ur",
        }
        r = await a.post("/auth/register", json=registration)
        assert r.status_code == 201, r.text
        h = await _token(a, w.email, PASSWORD)
        r = await a.post("/applications", headers=h, json={"cycle_id": w.cycle, "choices": [w.prog], "grade": 86})
        assert r.status_code == 201, r.text
        w.application_id = r.json()["id"]
        r = await a.post(
            f"/applications/{w.application_id}/documents",
            headers=h,
            data={"kind": "passport"},
            files={"file": ("passport.pdf", PDF, "application/pdf")},
        )
        assert r.status_code == 201, r.text
        r = await a.post(f"/applications/{w.application_id}/submit", headers=h)
        assert r.status_code == 200, r.text
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def pooled():
            return (await m.get(f"/cycles/{w.cycle}/pool", headers=w.admin)).json()["total"] == 1

        await wait_for(pooled, timeout=60, what="the application in the pool")
    return w


async def _no_trace(page) -> None:
    text = await page.content()
    for marker in NO_TRACE:
        assert marker not in text, f"{marker!r} on {page.url}"


async def _log_in(browser, w: World, email: str, lang: str, landing: str):
    ctx = await browser.new_context(viewport={"width": 1280, "height": 1000})
    page = await ctx.new_page()
    page.set_default_timeout(20_000)
    await page.goto(f"{w.portal}/language/{lang}?next=/login")
    await page.fill("#f-email", email)
    await page.fill("#f-password", PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_url(f"**/{landing}")
    return ctx, page


async def test_an_interview_is_published_booked_in_urdu_and_scored(world, browser):
    w = world
    # in four days at 10:00 in Shanghai: 07:00 in Karachi
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=4)).date()
    octx, officer = await _log_in(browser, w, w.officer, "en", "officer")
    interviews = f"{w.portal}/officer/committee/cycles/{w.cycle}/interviews"
    await officer.goto(f"{w.portal}/officer/committee/cycles/{w.cycle}")
    await officer.click("#interviews-link")
    await officer.wait_for_selector("#publish-slot")
    await officer.fill("#f-starts_at", f"{day.isoformat()}T10:00")
    await officer.fill("#f-duration_minutes", "30")
    await officer.fill("#f-place", "https://meet.example/cpec-interview")
    await officer.select_option("#f-time_zone", "Asia/Shanghai")
    await officer.click("#publish-slot button[type=submit]")
    await officer.wait_for_selector(".flash-success:has-text('The slot was published.')")
    row = officer.locator("#interview-slots tbody tr").first
    assert f"{day.isoformat()} 10:00 (UTC+08:00)" in await row.inner_text()
    await officer.check(f"#inv-{w.application_id}")
    await officer.click("#invite button[type=submit]")
    await officer.wait_for_selector(".flash-success:has-text('Applicants invited: 1.')")
    await _no_trace(officer)

    actx, applicant = await _log_in(browser, w, w.email, "ur", "applications")
    await applicant.goto(f"{w.portal}/applications/{w.application_id}")
    await applicant.click("#interview-link a")
    await applicant.wait_for_selector("#slots")
    assert await applicant.get_attribute("html", "dir") == "rtl"
    assert "آپ کو انٹرویو کی دعوت دی گئی ہے" in await applicant.inner_text("#not-booked")
    slot = applicant.locator("#slots tbody tr").first
    text = await slot.inner_text()
    assert "07:00 (Asia/Karachi, UTC+05:00)" in text and "10:00 (Asia/Shanghai, UTC+08:00)" in text
    await slot.locator("button[type=submit]").click()
    await applicant.wait_for_selector(".flash-success:has-text('آپ کا انٹرویو بک ہو گیا')")
    assert "07:00 (Asia/Karachi, UTC+05:00)" in await applicant.inner_text("#my-time")
    assert "10:00 (Asia/Shanghai, UTC+08:00)" in await applicant.inner_text("#host-time")
    await applicant.screenshot(path=screenshot_path("interview-booked-ur"), full_page=True)
    await _no_trace(applicant)

    # the calendar invitation reaches the applicant (the .eml the notifications service wrote)
    async def invitation():
        for path in w.stack.mail_dir.glob("*.eml"):
            raw = path.read_bytes()
            if w.email.encode() in raw and b"text/calendar" in raw:
                return raw
        return None

    raw = await wait_for(invitation, timeout=60, what="the e-mail with the calendar invitation")
    assert b"method=REQUEST" in raw or b'method="REQUEST"' in raw

    await officer.goto(interviews)
    booked = officer.locator("#interview-slots tbody tr").first
    assert w.applicant in await booked.inner_text()
    await booked.locator("select[name=attendance]").select_option("attended")
    await booked.locator("input[name=score]").fill("82")
    await booked.locator("form.record-form button[type=submit]").click()
    await officer.wait_for_selector(".flash-success:has-text('Attendance and score were recorded.')")
    recorded = await officer.locator("#interview-slots tbody tr").first.inner_text()
    assert "attended" in recorded and "82" in recorded
    await officer.screenshot(path=screenshot_path("interview-officer-en"), full_page=True)
    await _no_trace(officer)
    assert "booked" in await officer.inner_text("#invited")
    # the application's page in the workbench shows the interview too
    await officer.click(f"#invited a[href='/officer/committee/applications/{w.application_id}']")
    await officer.wait_for_selector("#interview")
    shown = await officer.inner_text("#interview")
    assert f"{day.isoformat()} 10:00 (UTC+08:00)" in shown and "attended" in shown and "82" in shown
    await _no_trace(officer)
    # the score is the pool entry's interview score (this scheme has no scoresheet)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        entry = (await m.get(f"/pool/applications/{w.application_id}", headers=w.admin)).json()
    assert entry["interview_score"] == 82
    await octx.close()
    await actx.close()
