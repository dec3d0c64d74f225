"""The checklist of an application in a real browser (issue 15), over the real services,
Kafka and PostgreSQL: an applicant reading the portal in Urdu sees the rejected transcript in
the checklist (the reason in Urdu, the note as written, the deadline), uploads a new version
and sees it awaiting review; the officer sees the same checklist with a verify button beside
the document and verifies it there; the applicant's checklist then shows it verified.
Screenshots of the applicant's checklist and the reviewer's view go to .run/screenshots/."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PDF,
    api_headers,
    create_officer,
    log_in,
    no_trace,
    open_cycle,
    publish_catalog,
    register_applicant,
    screenshot_path,
)
from tests.support.ids import uid

pytestmark = pytest.mark.integration

PDF2 = b"%PDF-1.4\n% attested by HEC, second scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "checklist-journey-password"
NOTE = "The HEC stamp is not legible."
TRANSCRIPT = 'li[data-code="requirement.document"][data-kind="transcript"]'


@pytest.fixture(scope="module")
async def case(portal_stack, tmp_path_factory):
    """A programme requiring an HEC-attested transcript; an Urdu-reading applicant whose
    submitted application's transcript an officer of the scheme rejected."""
    s = portal_stack
    scheme, cycle, host, prog = uid("cgs"), uid("cgs-2026"), uid("lzu"), uid("ir")
    officer_email, applicant_email = f"{uid('officer')}@corridor.example", f"{uid('hina')}@example.pk"
    async with httpx.AsyncClient(base_url=s.applications.url, timeout=30) as a:
        admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, admin, email=officer_email, password=PASSWORD, name="Li Wei", schemes=[scheme])
        programme = {
            "id": prog,
            "cycle_id": cycle,
            "host_institution_id": host,
            "title": "International relations (MA)",
            "field": "international-relations",
            "level": "master",
            "language": "en",
            "seats": 2,
            "requirements": {
                "min_grade": 70,
                "required_documents": ["transcript"],
                "document_properties": {"transcript": ["attested:hec"]},
            },
        }
        items = [
            ("institutions", {"id": host, "name": "Lanzhou University", "country": "CN"}),
            ("schemes", {"id": scheme, "name": "CGS", "sponsor": "CSC", "eligible_countries": ["PK"]}),
            ("cycles", open_cycle(id=cycle, scheme_id=scheme, name="CGS 2026/27", eligible_countries=["PK"])),
            ("programmes", programme),
        ]
        await publish_catalog(s, admin, items, prog)
        h = await register_applicant(
            a,
            {
                "email": applicant_email,
                "password": PASSWORD,
                "name": "Hina Baig",
                "applicant_type": "student",
                "nationality": "PK",
                "home_institution": "Quaid-i-Azam University",
                "date_of_birth": (date.today() - timedelta(days=365 * 24)).isoformat(),
                "preferred_language": "ur",
            },
        )
        r = await a.post("/applications", headers=h, json={"cycle_id": cycle, "choices": [prog], "grade": 84})
        assert r.status_code == 201, r.text
        app_id = r.json()["id"]
        hec = {"kind": "transcript", "attested_by": "hec", "attestation_number": "H-1", "attested_on": "2026-01-02"}
        r = await a.post(
            f"/applications/{app_id}/documents",
            headers=h,
            data=hec,
            files={"file": ("transcript.pdf", PDF, "application/pdf")},
        )
        assert r.status_code == 201, r.text
        first_id = r.json()["id"]
        assert (await a.post(f"/applications/{app_id}/submit", headers=h)).status_code == 200
        officer = await api_headers(a, officer_email, PASSWORD)
        due = date.today() + timedelta(days=12)
        r = await a.post(
            f"/officer/applications/{app_id}/documents/{first_id}/reject",
            headers=officer,
            json={"reason": "illegible", "note": NOTE, "due_on": due.isoformat()},
        )
        assert r.status_code == 200, r.text
    new_file = tmp_path_factory.mktemp("uploads") / "transcript-rescan.pdf"
    new_file.write_bytes(PDF2)
    return {
        "portal": s.portal.url,
        "applications": s.applications.url,
        "officer": officer_email,
        "applicant": applicant_email,
        "applicant_headers": h,
        "app_id": app_id,
        "first_id": first_id,
        "due": due,
        "new_file": str(new_file),
    }


async def _log_in(browser, portal: str, email: str, next_path: str, lang: str):
    entry = f"{portal}/language/{lang}?next=/login?next={next_path}"
    viewport = {"width": 1280, "height": 900}
    return await log_in(browser, entry, email, PASSWORD, f"**{next_path}", locale="en-GB", viewport=viewport)


async def test_the_checklist_shows_the_rejected_transcript_in_urdu_then_the_verified_one(case, browser):
    app_id, first_id = case["app_id"], case["first_id"]
    applicant_ctx, page = await _log_in(browser, case["portal"], case["applicant"], f"/applications/{app_id}", "ur")
    await no_trace(page)
    assert await page.locator("html").get_attribute("dir") == "rtl"
    checklist = page.locator("#checklist")
    assert "چیک لسٹ" in await checklist.locator("h2").inner_text()
    item = checklist.locator(TRANSCRIPT)
    text = await item.inner_text()
    assert "مسترد" in text and "دستاویز پڑھی نہیں جا سکتی" in text  # the state and the reason, in Urdu
    assert NOTE in text  # the officer's note, as written
    assert await item.locator("time").first.get_attribute("datetime") == case["due"].isoformat()
    assert "Upload a new version" not in text and "rejected" not in text  # no English left
    assert "ابھی اہل نہیں" in await checklist.locator(".checklist-verdict").inner_text()
    await checklist.screenshot(path=screenshot_path("checklist-applicant-rejected-ur"))
    await page.screenshot(path=screenshot_path("checklist-applicant-rejected-ur-page"), full_page=True)

    # the new version, through the task's form on the same page
    await page.set_input_files(f"#f-file-{first_id}", case["new_file"])
    await page.click(f"#task-{first_id} summary")
    await page.select_option(f"#f-attested_by-{first_id}", "hec")
    await page.fill(f"#f-attestation_number-{first_id}", "HEC-2026-91")
    await page.fill(f"#f-attested_on-{first_id}", "2026-01-05")
    await page.click(f"form[action$='/documents/{first_id}/reupload'] button[type=submit]")
    await page.wait_for_url(f"**/applications/{app_id}*")
    await no_trace(page)
    assert "جائزے کا منتظر" in await page.locator(f"#checklist {TRANSCRIPT}").inner_text()

    async with httpx.AsyncClient(base_url=case["applications"], timeout=30) as a:
        mine = (await a.get(f"/applications/{app_id}/documents", headers=case["applicant_headers"])).json()
    [new_id] = [d["id"] for d in mine if not d["superseded"]]

    # the reviewer: the same checklist, a verify button beside the new version
    review_path = f"/officer/applications/{app_id}/documents"
    officer_ctx, officer = await _log_in(browser, case["portal"], case["officer"], review_path, "en")
    await no_trace(officer)
    theirs = officer.locator(f"#checklist {TRANSCRIPT}")
    assert "awaiting review" in await theirs.inner_text()
    button = theirs.locator(f"#checklist-verify-1-{new_id}")
    assert await button.count() == 1
    await officer.locator("#checklist").screenshot(path=screenshot_path("checklist-reviewer"))
    await officer.screenshot(path=screenshot_path("checklist-reviewer-page"), full_page=True)
    await button.click()
    await officer.wait_for_url(f"**{review_path}*")
    await no_trace(officer)
    assert "verified" in await officer.locator(f"#checklist {TRANSCRIPT}").inner_text()
    assert await officer.locator(f"#checklist-verify-1-{new_id}").count() == 0
    await officer.locator("#checklist").screenshot(path=screenshot_path("checklist-reviewer-verified"))

    # the applicant's checklist: verified, the choice complete
    await page.reload()
    await no_trace(page)
    text = await page.locator(f"#checklist {TRANSCRIPT}").inner_text()
    assert "تصدیق شدہ" in text and "مسترد" not in text
    assert "تمام تقاضے پورے ہیں" in await page.locator("#checklist .checklist-verdict").inner_text()
    await page.locator("#checklist").screenshot(path=screenshot_path("checklist-applicant-verified-ur"))
    await officer_ctx.close()
    await applicant_ctx.close()
