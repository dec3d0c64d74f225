"""The three services and the portal as real processes over the session's Kafka and
PostgreSQL, and Debian's chromium driven by Playwright (async API)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from tests.integration.conftest import launch_stack
from tests.support.infra import ROOT
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


@pytest.fixture(scope="module")
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
    await asyncio.to_thread(portal.start)
    stack.portal = portal
    stack.mail_dir = mail
    try:
        yield stack
    finally:
        portal.stop()
        stack.stop()


@pytest.fixture(scope="module")
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
