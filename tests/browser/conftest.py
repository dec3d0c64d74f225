"""The three services and the portal as real processes over the session's Kafka and
PostgreSQL, and Debian's chromium driven by Playwright (async API).

One stack and one chromium serve the whole package (starting them is slow): each module
makes its own scheme, cycle, accounts and e-mail addresses with unique ids, and reads back
only what it made (its cycle's pool, its recipient's mail), never counts over everything."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.conftest import launch_stack
from tests.support.infra import ROOT, wait_for
from tests.support.services import ServiceProcess, service_env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = ROOT / ".run" / "screenshots"
ADMIN_EMAIL = "admin@browser.test"
ADMIN_PASSWORD = "browser-admin-password"


@pytest.fixture(scope="package")
async def portal_stack(kafka, postgres, tmp_path_factory):
    logs = tmp_path_factory.mktemp("portal-logs")
    mail = tmp_path_factory.mktemp("portal-mail")
    # The portal's address first: the applications service e-mails reset links to its page.
    portal = ServiceProcess("portal", {}, logs / "portal.log")
    stack = await launch_stack(
        kafka,
        postgres,
        logs,
        applications={
            "BOOTSTRAP_ADMIN_EMAIL": ADMIN_EMAIL,
            "BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
            # a fast hash: the journeys log in many times
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_KIB": "8192",
            "PASSWORD_RESET_URL": f"{portal.url}/password-reset?token=",
            # as under make run: the portal names who is logging in (X-Forwarded-For)
            "TRUSTED_PROXIES": '["127.0.0.1"]',
            # every browser and API client here is 127.0.0.1: the modules' wrong passwords add up
            # under that one address for the whole package (the per-account throttle is unchanged)
            "LOGIN_FREE_FAILURES_PER_ADDRESS": "1000",
        },
        notifications={"DISPATCH_POLL_SECONDS": "0.2", "MAIL_DIR": str(mail)},
    )
    portal.env = service_env(
        "portal",
        "",
        kafka.bootstrap,
        APPLICATIONS_URL=stack.applications.url,
        MATCHING_URL=stack.matching.url,
        NOTIFICATIONS_URL=stack.notifications.url,
    )
    stack.portal = portal
    stack.mail_dir = mail
    try:
        # inside: a portal that never gets healthy is stopped with the services
        await asyncio.to_thread(portal.start)
        yield stack
    finally:
        portal.stop()
        stack.stop()


@pytest.fixture(scope="package")
async def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: run `make system-packages` (deploy/apt-ensure.sh chromium fonts-noto-cjk)")
    from playwright.async_api import async_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            await b.close()


def screenshot_path(name: str) -> str:
    return str(Path(SCREENSHOTS) / f"{name}.png")


async def switch_language(page, lang: str) -> None:
    """Click the page's link to ``lang`` and wait for the new page and its deferred script.

    The portal carries what the forms hold across the switch and puts it back from that script.
    A journey that typed as soon as the new page's ``lang`` was set (or before the old page was
    gone) had its fields overwritten with what they held before: an empty registration, sent
    and refused (the every-programme journey's Urdu and Chinese applicants never reached
    /programmes in one CI run), or a log-in typed into the page being left."""
    # the navigation itself, not the new page's lang: a switch to the language the page already
    # has reloads it, and its lang was right before the old page was gone
    async with page.expect_navigation(wait_until="domcontentloaded"):
        await page.click(f"a[hreflang={lang}]")
    assert await page.get_attribute("html", "lang") == lang


# --- what the journeys added with the committee, interviews and documents share -------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NO_TRACE = ("Traceback", "Internal Server Error", "jinja2", 'File "')


async def no_trace(page) -> None:
    """The page is not an error page nor shows a stack trace."""
    text = await page.content()
    for marker in NO_TRACE:
        assert marker not in text, f"{marker!r} on {page.url}"


async def api_headers(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    """The Authorization header of a log-in through the applications API."""
    r = await client.post("/auth/token", data={"username": email, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def submit_login(page, email: str, password: str) -> None:
    await page.fill("#f-email", email)
    await page.fill("#f-password", password)
    await page.click("form[action='/login'] button[type=submit]")


async def register_in_portal(
    page, portal: str, email: str, password: str, *, name: str, nationality: str, home: str, age: int = 22
) -> None:
    """A student registers through the portal's form (logged in at once, on the programmes)."""
    await page.goto(f"{portal}/register")
    await page.fill("#f-name", name)
    await page.fill("#f-email", email)
    await page.fill("#f-password", password)
    await page.fill("#f-password_again", password)
    await page.check("input[name=applicant_type][value=student]")
    await page.select_option("#f-nationality", nationality)
    await page.fill("#f-home_institution", home)
    await page.fill("#f-date_of_birth", (date.today() - timedelta(days=365 * age)).isoformat())
    await page.click("form[action='/register'] button[type=submit]")
    await page.wait_for_url("**/programmes")


async def log_in(browser, entry: str, email: str, password: str, landing: str, **context: Any):
    """A new browser context logged in through the portal's form: ``entry`` is the address
    that shows the form (after a language switch, say), ``landing`` the glob it ends on."""
    ctx = await browser.new_context(**context)
    page = await ctx.new_page()
    page.set_default_timeout(20_000)
    await page.goto(entry)
    await submit_login(page, email, password)
    await page.wait_for_url(landing)
    return ctx, page


async def log_in_to(browser, portal: str, email: str, password: str, next_path: str, lang: str = "en"):
    """``log_in`` in ``lang`` straight to ``next_path``, in a desktop-sized window."""
    entry = f"{portal}/language/{lang}?next=/login?next={next_path}"
    viewport = {"width": 1280, "height": 900}
    return await log_in(browser, entry, email, password, f"**{next_path}", locale="en-GB", viewport=viewport)


async def create_officer(a: httpx.AsyncClient, admin: dict[str, str], **account: Any) -> str:
    r = await a.post("/admin/accounts", headers=admin, json={"role": "officer", **account})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def open_cycle(**cycle: Any) -> dict[str, Any]:
    """A cycle open since yesterday, for another thirty days."""
    t = datetime.now(UTC)
    return {**cycle, "opens_at": (t - timedelta(days=1)).isoformat(), "closes_at": (t + timedelta(days=30)).isoformat()}


def master_programme(
    id: str, cycle_id: str, host: str, title: str, field: str, *, seats: int = 1, requirements: dict | None = None
) -> dict[str, Any]:
    """A master's programme taught in English."""
    return {
        "id": id,
        "cycle_id": cycle_id,
        "host_institution_id": host,
        "title": title,
        "field": field,
        "level": "master",
        "language": "en",
        "seats": seats,
        "requirements": requirements or {},
    }


def student(*, age: int, **registration: Any) -> dict[str, Any]:
    """A student's registration (``age`` in years of 365 days)."""
    born = date.today() - timedelta(days=365 * age)
    return {**registration, "applicant_type": "student", "date_of_birth": born.isoformat()}


async def publish_catalog(stack, admin: dict[str, str], items: list[tuple[str, dict]], programme_id: str) -> None:
    """Create the catalog in matching as the admin, then wait for its programme in the
    applications service's read model (an application may name it from then on)."""
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m:
        for path, body in items:
            r = await m.post(f"/{path}", json=body, headers=admin)
            assert r.status_code == 201, (path, r.text)
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as a:

        async def arrived():
            return (await a.get(f"/programmes/{programme_id}")).status_code == 200

        await wait_for(arrived, timeout=60, what="the programme in the applications read model")


async def register_applicant(a: httpx.AsyncClient, registration: dict[str, Any]) -> dict[str, str]:
    """Register through the API; the new applicant's Authorization header."""
    r = await a.post("/auth/register", json=registration)
    assert r.status_code == 201, r.text
    return await api_headers(a, registration["email"], registration["password"])


async def submit_with_passport(a: httpx.AsyncClient, h: dict[str, str], cycle: str, programme: str, grade: int) -> str:
    """An application for one programme, with a passport, submitted: its id."""
    r = await a.post("/applications", headers=h, json={"cycle_id": cycle, "choices": [programme], "grade": grade})
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
