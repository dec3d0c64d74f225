"""Every programme of the demo catalog can be applied to in the portal (issue 18, item 1).

The demo catalog is loaded into the matching service as `make run` does; the programmes,
cycles and schemes are then read back from the matching service's API (no copied ids). The
stack is the package's: the other modules' catalogs are there too, so the programmes read
back are those the loader wrote, and a home institution is chosen from the demo's.
Each programme is a choice of a submitted application: per cycle and applicant type, one
suitable applicant (the type, an eligible nationality, in an exchange one of the other side's, the grade and every language
certificate its programmes ask for) registers in the portal, adds the programmes as its
choices (as many as the cycle allows; the rest go to a second applicant), uploads every
document they require and submits. No choice may be shown ineligible. The document form
offers every kind of the contract. Where the programmes ask for recommendation letters they
get them the way a person would: the applicant names the referees on the application page
and each referee writes the letter through the link e-mailed to them. One applicant goes
through in Urdu (right to left) and one in Chinese.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import uuid
from datetime import date, timedelta

import httpx
import pytest

from services.matching.demo import INSTITUTIONS, PROGRAMMES, load_demo
from services.portal.i18n import translate
from shared.events.catalog import DocumentKind
from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, screenshot_path, switch_language
from tests.browser.test_accounts import mail_texts
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "every-programme-password"
NO_TRACE = ("Traceback", "Internal Server Error", "jinja2", 'File "')
LANGUAGES = {0: "ur", 1: "zh"}  # the first applicant in Urdu, the second in Chinese, the rest in English
DEMO_PROGRAMMES = {p["id"] for p in PROGRAMMES}
DEMO_INSTITUTIONS = {i["id"] for i in INSTITUTIONS}


async def all_items(client: httpx.AsyncClient, path: str) -> list[dict]:
    items: list[dict] = []
    while True:
        r = await client.get(path, params={"offset": len(items), "limit": 200})
        assert r.status_code == 200, (path, r.text)
        page = r.json()
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


@pytest.fixture(scope="module")
async def catalog(portal_stack):
    """The demo catalog, loaded and read back from the matching service; present in the
    applications service (it arrives over Kafka) before any applicant starts."""
    async with httpx.AsyncClient(base_url=portal_stack.applications.url, timeout=30) as apps:
        r = await apps.post("/auth/token", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        assert r.status_code == 200, r.text
        await load_demo(portal_stack.matching.url, r.json()["access_token"])
        async with httpx.AsyncClient(base_url=portal_stack.matching.url, timeout=30) as m:
            # the other modules' programmes are in the same service: the demo's by their ids
            programmes = [p for p in await all_items(m, "/programmes") if p["id"] in DEMO_PROGRAMMES]
            cycles = {c["id"]: c for c in await all_items(m, "/cycles")}
            schemes = {s["id"]: s for s in await all_items(m, "/schemes")}
        assert {p["id"] for p in programmes} == DEMO_PROGRAMMES  # all of what was loaded

        async def arrived() -> bool:
            known = {p["id"] for p in await all_items(apps, "/programmes")}
            return {p["id"] for p in programmes} <= known

        await wait_for(arrived, timeout=90, what="the demo catalog in the applications service")
    return programmes, cycles, schemes


class Applicant:
    """Someone the programmes (of one cycle and applicant type) are meant for."""

    def __init__(self, programmes: list[dict], cycle: dict, scheme: dict):
        reqs = [p.get("requirements") or {} for p in programmes]
        self.programmes, self.cycle_id = programmes, cycle["id"]
        self.type = programmes[0].get("applicant_type") or "student"
        countries = cycle.get("eligible_countries") or scheme.get("eligible_countries") or ["KZ"]
        # an exchange's programme is for the other side's students (requirements.abroad_only)
        home = {p["host_country"] for p, r in zip(programmes, reqs, strict=True) if r.get("abroad_only")}
        self.nationality = next(c for c in countries if c not in home)
        age = 20 if self.type == "student" else 40
        age = min([age, *(r["max_age"] - 3 for r in reqs if r.get("max_age"))])
        self.born = date.today() - timedelta(days=round(365.25 * age))
        self.grade = "95" if any(r.get("min_grade") is not None for r in reqs) else ""
        # every certificate asked for, one level above the highest level asked
        asked: dict[str, float] = {}
        for r in reqs:
            if kind := r.get("language_certificate"):
                asked[kind] = max(asked.get(kind, 0), r.get("min_language_level") or 5)
        self.certificates = {kind: f"{level + 1:g}" for kind, level in asked.items()}
        assert len(self.certificates) <= 2, "the portal's form takes two certificates"
        self.documents: list[str] = list(dict.fromkeys(d for r in reqs for d in r.get("required_documents") or []))
        self.email = f"{self.cycle_id}-{self.type}-{uuid.uuid4().hex[:6]}@example.org"
        letters = [r["letters"] for r in reqs if (r.get("letters") or {}).get("count")]
        self.letters: int = max((a["count"] for a in letters), default=0)
        # a referee's position every programme asking for letters accepts
        accepted = [set(a.get("positions") or ["professor"]) for a in letters]
        positions = sorted(set.intersection(*accepted)) if accepted else ["professor"]
        assert positions, f"no referee's position accepted by all of {[p['id'] for p in programmes]}"
        self.referee_position: str = positions[0]


def applicants_for(programmes: list[dict], cycles: dict, schemes: dict) -> list[Applicant]:
    """One applicant per cycle and applicant type, each programme a choice; a cycle's limit of
    choices splits its programmes between applicants."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for p in sorted(programmes, key=lambda p: p["id"]):
        # an exchange's programmes by host country: each side's applicant chooses the other's
        abroad = p["host_country"] if (p.get("requirements") or {}).get("abroad_only") else ""
        groups.setdefault((p["cycle_id"], p.get("applicant_type") or "student", abroad), []).append(p)
    applicants = []
    for (cycle_id, _type, _abroad), group in sorted(groups.items()):
        cycle = cycles[cycle_id]
        scheme = schemes[cycle["scheme_id"]]
        limit = cycle.get("max_choices") or scheme.get("max_choices") or 1
        for i in range(0, len(group), limit):
            applicants.append(Applicant(group[i : i + limit], cycle, scheme))
    # the longest journeys (referees writing letters) first: the three at a time end together
    return sorted(applicants, key=lambda a: -a.letters)


async def letters_written(browser, page, portal: str, mail_dir, a: Applicant) -> None:
    """The applicant names the referees the programme asks for; each writes through the
    link in the e-mail sent to them."""
    for n in range(a.letters):
        referee = f"Referee {n + 1} of {a.email}"
        await page.fill("#f-ref_name", referee)
        await page.fill("#f-ref_email", f"ref{n + 1}-{a.email}")
        await page.select_option("#f-ref_position", a.referee_position)
        await page.fill("#f-ref_institution", "Home University")
        await page.fill("#f-ref_relationship", "taught me")
        await page.click("#name-referee button[type=submit]")
        await page.wait_for_selector(".flash-success")

        async def link(referee: str = referee) -> str | None:
            for text in mail_texts(mail_dir):
                if referee in text:
                    found = re.findall(re.escape(portal) + r"/referee\?token=[A-Za-z0-9_.-]+", text)
                    if found:
                        return found[0]
            return None

        url = await wait_for(link, timeout=60, what=f"the e-mail to {referee}")
        ctx = await browser.new_context(locale="en-GB")
        try:
            r_page = await ctx.new_page()
            r_page.set_default_timeout(20_000)
            await r_page.goto(url)
            await r_page.fill("#f-text", f"I recommend this applicant warmly. {'A careful student. ' * 20}")
            await r_page.click("form[action='/referee/letter'] button[type=submit]")
            await r_page.wait_for_selector("#referee-done")
        finally:
            await ctx.close()
    await page.reload()


async def apply_in_portal(browser, portal: str, mail_dir, a: Applicant, lang: str) -> None:
    ctx = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(20_000)
    try:
        # register with the right type and nationality, in the chosen language
        await page.goto(f"{portal}/register")
        if lang != "en":
            await switch_language(page, lang)
            assert await page.get_attribute("html", "lang") == lang
        await page.fill("#f-name", f"Applicant for {a.programmes[0]['id']}")
        await page.fill("#f-email", a.email)
        await page.fill("#f-password", PASSWORD)
        await page.fill("#f-password_again", PASSWORD)
        await page.check(f"input[name=applicant_type][value={a.type}]")
        await page.select_option("#f-nationality", a.nationality)
        await page.fill("#f-home_institution", "Home University")
        await page.fill("#f-date_of_birth", a.born.isoformat())
        await page.click("form[action='/register'] button[type=submit]")
        await page.wait_for_url("**/programmes")

        # add each programme from its cycle's list: the first starts a draft, the rest join it
        for n, programme in enumerate(a.programmes, start=1):
            pid = programme["id"]
            await page.goto(f"{portal}/programmes?cycle={a.cycle_id}")
            await page.locator(f"#programme-{pid} button[type=submit]").click()
            await page.wait_for_url("**/applications/*")
            assert await page.locator(f"#choice-{pid}").count() == 1, await page.inner_text("main")
            assert await page.locator("li.choice").count() == n, await page.inner_text("main")
            # named in the page's language: every demo programme has its title in zh, ru and ur
            title = await page.inner_text(f"#choice-{pid} bdi.title")
            assert title == (programme["translations"][lang] if lang != "en" else programme["title"])

        # what the programme asks for; a home institution where the scheme asks it to endorse
        home = page.locator("#f-home_institution_id[aria-required]")
        needs_home = await home.count() > 0
        if a.grade or a.certificates or needs_home:
            if needs_home:
                offered = await home.locator("option").evaluate_all("els => els.map(e => e.value).filter(Boolean)")
                # the other modules' institutions of that country are offered too: name the demo's
                offered = [i for i in offered if i in DEMO_INSTITUTIONS]
                assert offered, f"no demo home institution offered to a {a.nationality} applicant"
                await home.select_option(offered[0])
            if a.grade:
                await page.fill("#f-grade", a.grade)
            for i, (kind, level) in enumerate(a.certificates.items()):
                await page.select_option(f"#f-cert_kind_{i}", kind)
                await page.fill(f"#f-cert_level_{i}", level)
            await page.click("form[action$='/details'] button[type=submit]")
            await page.wait_for_selector(".flash-success")

        # the document form offers every kind of the contract, in words
        kinds = await page.locator("#f-kind option").evaluate_all("els => els.map(e => e.value).filter(Boolean)")
        # every kind but a recommendation letter: the referees send those (no demo programme asks
        # for one as a document)
        assert kinds == [k.value for k in DocumentKind if k != DocumentKind.RECOMMENDATION]
        labels = await page.locator("#f-kind option").evaluate_all("els => els.map(e => e.textContent.trim())")
        assert "non_criminal_record" not in labels and "employment_letter" not in labels

        for n, kind in enumerate(a.documents, start=1):
            await page.select_option("#f-kind", kind)
            await page.set_input_files(
                "#f-file", files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
            )
            await page.click("form[action$='/documents'] button[type=submit]")
            await page.wait_for_selector(".flash-success")
            assert await page.locator("ul.documents > li").count() == n, await page.inner_text("main")
            if lang != "en":
                assert translate(lang, "The document was uploaded.") in await page.inner_text(".flash-success")

        await letters_written(browser, page, portal, mail_dir, a)
        problems = await page.locator("li.choice.ineligible").all_inner_texts()
        assert problems == [], problems
        assert await page.locator("li.choice").count() == len(a.programmes)
        if lang != "en":
            await page.screenshot(path=screenshot_path(f"11-every-programme-{lang}"), full_page=True)
        await page.click("form[action$='/submit'] button")
        await page.wait_for_selector(".status-line .badge-submitted")
        assert await page.locator(".error-summary").count() == 0
        text = await page.content()
        for marker in NO_TRACE:
            assert marker not in text
        if lang != "en":
            assert translate(lang, "status:submitted") in await page.inner_text(".status-line")
    except Exception as exc:
        # where the journey stood and what the page said: a timeout alone says neither
        said = "(unreadable)"
        with contextlib.suppress(Exception):
            said = " ".join((await page.inner_text("main", timeout=2_000)).split())[:500]
        raise AssertionError(f"{type(exc).__name__} at {page.url}: {exc}\nthe page said: {said}") from exc
    finally:
        await ctx.close()


async def test_every_demo_programme_can_be_applied_to_in_the_portal(portal_stack, catalog, browser):
    programmes, cycles, schemes = catalog
    required = {k for p in programmes for k in (p.get("requirements") or {}).get("required_documents") or []}
    assert {"non_criminal_record", "employment_letter"} <= required  # what issue 18 found missing
    assert {p.get("applicant_type") for p in programmes} == {"student", "faculty"}
    assert any(((p.get("requirements") or {}).get("letters") or {}).get("count") for p in programmes)
    applicants = applicants_for(programmes, cycles, schemes)
    assert sorted(p["id"] for a in applicants for p in a.programmes) == sorted(DEMO_PROGRAMMES)
    failures: dict[str, str] = {}
    at_once = asyncio.Semaphore(3)  # three applicants in the portal at a time, as on a busy day

    async def apply(i: int, applicant: Applicant) -> None:
        async with at_once:
            try:
                await apply_in_portal(
                    browser, portal_stack.portal.url, portal_stack.mail_dir, applicant, LANGUAGES.get(i, "en")
                )
            except Exception as exc:  # noqa: BLE001 - report every applicant that fails, not only the first
                failures[applicant.email] = f"{type(exc).__name__}: {exc}"[:1500]

    await asyncio.gather(*(apply(i, a) for i, a in enumerate(applicants)))
    assert failures == {}

    # each arrived as a submitted application with its programmes as choices, in the order added
    expected = sorted([p["id"] for p in a.programmes] for a in applicants)
    async with httpx.AsyncClient(base_url=portal_stack.applications.url, timeout=30) as apps:
        r = await apps.post("/auth/token", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        admin = {"Authorization": f"Bearer {r.json()['access_token']}"}
        async with httpx.AsyncClient(base_url=portal_stack.matching.url, headers=admin, timeout=30) as m:

            async def pooled() -> list[list[str]] | None:
                entries = []
                for cycle_id in sorted({a.cycle_id for a in applicants}):
                    entries += await all_items(m, f"/cycles/{cycle_id}/pool")
                choices = sorted(e["choices"] for e in entries)
                return choices if len(choices) >= len(expected) else None

            assert await wait_for(pooled, timeout=60, what="every submitted application in the pool") == expected
