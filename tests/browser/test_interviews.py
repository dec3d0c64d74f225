"""Interviews in the portal: an officer publishes a slot in Shanghai time and invites the
applicant; the applicant, a Pakistani reading the portal in Urdu, sees the time in Karachi
and in Shanghai, books it and gets the calendar invitation by e-mail; the officer sees the
booking and records attendance and the score."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import create_async_engine

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

PASSWORD = "interview-journey-password"


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
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, w.admin, email=w.officer, password=PASSWORD, name="Chair", schemes=[w.scheme])
    items = [
        ("institutions", {"id": w.host, "name": "Tsinghua University", "country": "CN"}),
        ("schemes", {"id": w.scheme, "name": "CPEC", "sponsor": "HEC", "eligible_countries": ["PK"]}),
        ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"CPEC 2026 {w.cycle[-11:-3]}")),
        ("programmes", master_programme(w.prog, w.cycle, w.host, "Electrical engineering", "engineering")),
    ]
    await publish_catalog(w.stack, w.admin, items, w.prog)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        registration = student(
            email=w.email,
            password=PASSWORD,
            name=w.applicant,
            nationality="PK",
            home_institution="NUST",
            age=23,
            preferred_language="ur",
        )
        h = await register_applicant(a, registration)
        w.application_id = await submit_with_passport(a, h, w.cycle, w.prog, 86)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def pooled():
            return (await m.get(f"/cycles/{w.cycle}/pool", headers=w.admin)).json()["total"] == 1

        await wait_for(pooled, timeout=60, what="the application in the pool")
    return w


async def _log_in(browser, w: World, email: str, lang: str, landing: str):
    entry = f"{w.portal}/language/{lang}?next=/login"
    return await log_in(browser, entry, email, PASSWORD, f"**/{landing}", viewport={"width": 1280, "height": 1000})


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
    await no_trace(officer)

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
    await no_trace(applicant)

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
    # before the interview: nothing to record yet, and the page says when it can be
    assert await booked.locator("form.record-form").count() == 0
    assert "recorded once the interview has begun" in await booked.inner_text()
    # the interview's time comes: the slot moved to yesterday's 10:00 in Shanghai
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(days=1)).date()
    held = datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    engine = create_async_engine(w.stack.matching.env["MATCHING_DATABASE_URL"])
    try:
        async with engine.begin() as conn:
            moved = sql("UPDATE interview_slots SET starts_at = :at WHERE cycle_id = :cycle")
            await conn.execute(moved, {"at": held.astimezone(UTC), "cycle": w.cycle})
    finally:
        await engine.dispose()
    await officer.goto(interviews)
    booked = officer.locator("#interview-slots tbody tr").first
    assert "from 0 to 100" in await booked.inner_text()  # the scale (no scoresheet: the pool's)
    await booked.locator("select[name=attendance]").select_option("attended")
    await booked.locator("input[name=score]").fill("82")
    await booked.locator("form.record-form button[type=submit]").click()
    await officer.wait_for_selector(".flash-success:has-text('Attendance and score were recorded.')")
    recorded = await officer.locator("#interview-slots tbody tr").first.inner_text()
    assert "attended" in recorded and "82" in recorded
    await officer.screenshot(path=screenshot_path("interview-officer-en"), full_page=True)
    await no_trace(officer)
    assert "booked" in await officer.inner_text("#invited")
    # the application's page in the workbench shows the interview too
    await officer.click(f"#invited a[href='/officer/committee/applications/{w.application_id}']")
    await officer.wait_for_selector("#interview")
    shown = await officer.inner_text("#interview")
    assert f"{day.isoformat()} 10:00 (UTC+08:00)" in shown and "attended" in shown and "82" in shown
    await no_trace(officer)
    # the score is the pool entry's interview score (this scheme has no scoresheet)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        entry = (await m.get(f"/pool/applications/{w.application_id}", headers=w.admin)).json()
    assert entry["interview_score"] == 82
    await octx.close()
    await actx.close()
