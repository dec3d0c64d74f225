"""Document review in a real browser (issue 15), over the real services, Kafka and PostgreSQL.

An officer opens the applications in their scope from the console, rejects a transcript as
not attested (with a note and a deadline); the applicant, reading the portal in Urdu, sees
the reason in Urdu, the note as written and the deadline, and is told in the inbox; they
upload a new, HEC-attested version; the officer sees both versions and verifies the new
one, which the applicant then reads as verified. Screenshots go to .run/screenshots/.
"""

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
    log_in_to,
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

PDF2 = b"%PDF-1.4\n% attested by HEC\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "document-journey-password"
NOTE = "The HEC stamp is missing on page 2."


@pytest.fixture(scope="module")
async def case(portal_stack, tmp_path_factory):
    """A cycle whose programme requires a transcript, an officer of the scheme, and an
    Urdu-reading applicant whose submitted application carries one transcript."""
    s = portal_stack
    scheme, cycle, host, prog = uid("sco"), uid("sco-2026"), uid("xjmu"), uid("tcm")
    officer_email, applicant_email = f"{uid('officer')}@corridor.example", f"{uid('ayesha')}@example.pk"
    async with httpx.AsyncClient(base_url=s.applications.url, timeout=30) as a:
        admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        await create_officer(a, admin, email=officer_email, password=PASSWORD, name="Dana Officer", schemes=[scheme])
        items = [
            ("institutions", {"id": host, "name": "Xinjiang Medical University", "country": "CN"}),
            ("schemes", {"id": scheme, "name": "SCO Scholarship", "sponsor": "MoE", "eligible_countries": ["PK"]}),
            ("cycles", open_cycle(id=cycle, scheme_id=scheme, name="SCO 2026/27", eligible_countries=["PK"])),
            (
                "programmes",
                master_programme(
                    prog,
                    cycle,
                    host,
                    "Clinical medicine (MMed)",
                    "medicine",
                    seats=2,
                    requirements={
                        "required_documents": ["transcript"],
                        "document_properties": {"transcript": ["attested:hec"]},
                    },
                ),
            ),
        ]
        await publish_catalog(s, admin, items, prog)
        registration = student(
            email=applicant_email,
            password=PASSWORD,
            name="Ayesha Khan",
            nationality="PK",
            home_institution="University of the Punjab",
            age=23,
            preferred_language="ur",
        )
        h = await register_applicant(a, registration)
        r = await a.post("/applications", headers=h, json={"cycle_id": cycle, "choices": [prog], "grade": 80})
        assert r.status_code == 201, r.text
        app_id = r.json()["id"]
        ibcc = {"kind": "transcript", "attested_by": "ibcc", "attestation_number": "I-7", "attested_on": "2026-01-02"}
        files = {"file": ("transcript.pdf", PDF, "application/pdf")}
        r = await a.post(f"/applications/{app_id}/documents", headers=h, data=ibcc, files=files)
        assert r.status_code == 201, r.text
        # the programme wants HEC: IBCC does not do, and eligibility says so precisely
        verdict = (await a.get(f"/applications/{app_id}/eligibility", headers=h)).json()["choices"][0]
        assert "transcript must be attested by HEC" in verdict["reasons"]
        r = await a.delete(f"/applications/{app_id}/documents/{r.json()['id']}", headers=h)
        assert r.status_code == 204, r.text
        hec = {**ibcc, "attested_by": "hec", "attestation_number": "H-1"}
        r = await a.post(f"/applications/{app_id}/documents", headers=h, data=hec, files=files)
        assert r.status_code == 201, r.text
        first_id = r.json()["id"]
        r = await a.post(f"/applications/{app_id}/submit", headers=h)
        assert r.status_code == 200, r.text
    new_file = tmp_path_factory.mktemp("uploads") / "transcript-hec.pdf"
    new_file.write_bytes(PDF2)
    return {
        "portal": s.portal.url,
        "applications": s.applications.url,
        "officer": officer_email,
        "applicant": applicant_email,
        "applicant_headers": h,
        "app_id": app_id,
        "first_id": first_id,
        "new_file": str(new_file),
    }


async def _log_in(browser, portal: str, email: str, next_path: str, lang: str = "en"):
    return await log_in_to(browser, portal, email, PASSWORD, next_path, lang)


async def test_officer_rejects_applicant_reuploads_in_urdu_officer_verifies(case, browser):
    app_id, first_id = case["app_id"], case["first_id"]
    review_path = f"/officer/applications/{app_id}/documents"

    # the officer finds the application from the console and rejects the transcript
    officer_ctx, officer = await _log_in(browser, case["portal"], case["officer"], "/officer")
    await officer.click("#applications-to-review")
    await officer.wait_for_url("**/officer/applications")
    await officer.click(f"#app-{app_id} a[href$='/documents']")
    await officer.wait_for_url(f"**{review_path}")
    await no_trace(officer)
    # Reject with no reason: the refusal takes the focus at its summary, though the form's
    # address ends in #doc-… (the browser's move there had taken it back to the page)
    await officer.focus(f"#reject-{first_id}")
    async with officer.expect_navigation():
        await officer.keyboard.press("Enter")
    await officer.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    await officer.wait_for_timeout(300)  # after the page's load, the focus is still there
    assert await officer.evaluate("document.activeElement.id") == "error-summary"
    assert await officer.get_attribute(f"#f-reason-{first_id}", "aria-invalid") == "true"
    await officer.select_option(f"#f-reason-{first_id}", "not_attested")
    await officer.fill(f"#f-note-{first_id}", NOTE)
    due = date.today() + timedelta(days=10)
    await officer.fill(f"#f-due_on-{first_id}", due.isoformat())
    await officer.click(f"#reject-{first_id}")
    await officer.wait_for_url(f"**{review_path}*")
    item = officer.locator(f"#doc-{first_id}")
    assert "rejected" in (await item.inner_text())
    shown = await item.inner_text()
    assert "not attested by the authority the programme requires" in shown and NOTE in shown

    # the applicant reads it in Urdu: the reason in Urdu, the note as written, the deadline
    applicant_ctx, page = await _log_in(browser, case["portal"], case["applicant"], f"/applications/{app_id}", "ur")
    await no_trace(page)
    task = page.locator(f"#task-{first_id}")
    text = await task.inner_text()
    assert "پروگرام کے مطلوبہ ادارے سے تصدیق شدہ نہیں ہے" in text and NOTE in text
    assert await task.locator("time").get_attribute("datetime") == due.isoformat()
    assert await page.locator("html").get_attribute("dir") == "rtl"
    assert "مسترد" in await page.locator(f"#doc-{first_id} .badge").inner_text()
    await page.screenshot(path=screenshot_path("documents-rejected-ur"), full_page=True)

    # told in the inbox too, in Urdu, once
    async def told():
        await page.goto(f"{case['portal']}/inbox")
        body = await page.content()
        return "براہ کرم اپنا ٹرانسکرپٹ دوبارہ اپ لوڈ کریں" in body

    await wait_for(told, timeout=60, what="the rejection in the applicant's inbox")
    await page.goto(f"{case['portal']}/applications/{app_id}")

    # the re-upload, HEC-attested this time
    await page.set_input_files(f"#f-file-{first_id}", case["new_file"])
    await page.click(f"#task-{first_id} summary")
    await page.select_option(f"#f-attested_by-{first_id}", "hec")
    await page.fill(f"#f-attestation_number-{first_id}", "HEC-2026-77")
    await page.fill(f"#f-attested_on-{first_id}", "2026-01-05")
    await page.click(f"form[action$='/documents/{first_id}/reupload'] button[type=submit]")
    await page.wait_for_url(f"**/applications/{app_id}*")
    await no_trace(page)
    documents = page.locator("#documents")
    assert "جائزے کا منتظر" in await documents.inner_text()  # pending again, for the reviewer
    assert await page.locator(f"#task-{first_id}").count() == 0  # the task is closed

    # the officer who rejected it is told of the new version (inbox), then sees both versions
    async def reviewer_told():
        await officer.goto(f"{case['portal']}/inbox")
        return "A new version to review: transcript" in await officer.content()

    await wait_for(reviewer_told, timeout=60, what="the new version in the officer's inbox")
    await officer.goto(f"{case['portal']}{review_path}")
    versions = await officer.locator("li.document").all()
    assert len(versions) == 2
    new_id = (await versions[1].get_attribute("id")).removeprefix("doc-")
    assert "replaced by a newer version" in await versions[0].inner_text()
    assert "reviewed by Dana Officer" in await versions[0].inner_text()  # who reviewed which version
    assert await officer.locator(f"#verify-{first_id}").count() == 0  # an old version is not reviewed
    await officer.click(f"#verify-{new_id}")
    await officer.wait_for_url(f"**{review_path}*")
    assert "verified" in await officer.locator(f"#doc-{new_id}").inner_text()
    assert "HEC-2026-77" in await officer.locator(f"#doc-{new_id}").inner_text()
    await officer.screenshot(path=screenshot_path("documents-officer-review"), full_page=True)

    await page.reload()
    assert "تصدیق شدہ" in await page.locator(f"#doc-{new_id} .badge").inner_text()
    await page.screenshot(path=screenshot_path("documents-verified-ur"), full_page=True)

    # and the application is now eligible: the programme wanted an HEC attestation
    async with httpx.AsyncClient(base_url=case["applications"], timeout=30) as a:
        r = await a.get(f"/applications/{app_id}/eligibility", headers=case["applicant_headers"])
        assert r.json()["choices"][0]["eligible"] is True, r.text
    await officer_ctx.close()
    await applicant_ctx.close()
