"""Demo data for `make run`, created through the services' REST APIs.

    seed({"applications": url, "matching": url, ...}, data_dir)

Logs in as the bootstrap admin (APPLICATIONS_BOOTSTRAP_ADMIN_EMAIL / _PASSWORD, which
tools/devstack.py sets), loads the demo catalog (services/matching/demo.py), creates an
officer and a demo applicant with a draft application, and prints their log-ins.
Running it again changes nothing that exists.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import date

import httpx

from services.matching.demo import load_demo

ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "corridor-admin-demo"
OFFICER = {"email": "officer@example.org", "password": "corridor-officer-demo", "name": "Dana Officer",
           "role": "officer"}
APPLICANT = {
    "email": "aigerim@example.kz", "password": "corridor-applicant-demo", "name": "Aigerim Nurlanovna",
    "applicant_type": "student", "nationality": "KZ", "home_institution": "Al-Farabi Kazakh National University",
    "date_of_birth": date(date.today().year - 22, 3, 14).isoformat(), "preferred_language": "ru",
}
DEMO_CYCLE = "sco-2026"
DEMO_CHOICES = ["dlufl-chinese-lang", "lzu-intl-relations"]


async def _token(client: httpx.AsyncClient, email: str, password: str) -> str:
    r = await client.post("/auth/token", data={"username": email, "password": password})
    r.raise_for_status()
    return r.json()["access_token"]


async def _until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(what)


async def seed_async(urls: dict[str, str]) -> list[str]:
    admin_email = os.environ.get("APPLICATIONS_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL)
    admin_password = os.environ.get("APPLICATIONS_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD)
    async with httpx.AsyncClient(base_url=urls["applications"], timeout=30) as apps:
        admin = await _token(apps, admin_email, admin_password)
        await load_demo(urls["matching"], admin)
        r = await apps.post("/admin/accounts", json=OFFICER, headers={"Authorization": f"Bearer {admin}"})
        if r.status_code not in (201, 409):
            r.raise_for_status()
        r = await apps.post("/auth/register", json=APPLICANT)
        if r.status_code not in (201, 409):
            r.raise_for_status()
        token = await _token(apps, APPLICANT["email"], APPLICANT["password"])
        headers = {"Authorization": f"Bearer {token}"}

        async def catalog_arrived() -> bool:  # the catalog reaches the applications service by Kafka
            codes = [(await apps.get(f"/programmes/{p}")).status_code for p in DEMO_CHOICES]
            return all(code == 200 for code in codes)

        await _until(catalog_arrived, 60, "the demo catalog in the applications service")
        mine = (await apps.get("/applications", params={"cycle_id": DEMO_CYCLE}, headers=headers)).json()
        if not any(a["status"] != "withdrawn" for a in mine["items"]):
            r = await apps.post("/applications", headers=headers, json={
                "cycle_id": DEMO_CYCLE, "choices": DEMO_CHOICES, "grade": 86.5,
                "language_certificates": [{"kind": "HSK", "level": 5}],
                "statement": "I want to study Chinese and international relations and work on Central Asian ties."})
            r.raise_for_status()
    return [
        f"  admin      {admin_email} / {admin_password}",
        f"  officer    {OFFICER['email']} / {OFFICER['password']}",
        f"  applicant  {APPLICANT['email']} / {APPLICANT['password']}  (a draft application in {DEMO_CYCLE})",
    ]


def seed(urls: dict[str, str], data_dir: str | os.PathLike | None = None) -> None:
    """Seed the demo and print the log-ins; a failure is reported, not fatal."""
    try:
        lines = asyncio.run(seed_async(urls))
    except Exception as exc:  # noqa: BLE001 - the system runs without demo data too
        print(f"Demo data not loaded: {exc!r}", flush=True)
        return
    print("Demo log-ins:", *lines, sep="\n", flush=True)
