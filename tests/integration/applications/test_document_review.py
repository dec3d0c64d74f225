"""Document review over the API (issue 15), real PostgreSQL and Kafka: an officer in scope
rejects a version with a reason (problem details for bad input), the applicant sees the task
and uploads a new version (the old one kept), the officer verifies it; each step an event.
Another applicant and an officer out of scope see nothing; attestation is required and named."""

from __future__ import annotations

from datetime import date, timedelta

from shared.events.catalog import Requirements
from shared.principal import Role
from tests.support.accounts import staff_headers
from tests.support.events import publish
from tests.support.flows import create_draft, demo_catalog, register, submit, wait_for_catalog

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PDF2 = b"%PDF-1.7\n% attested by HEC\n%%EOF\n"


async def upload(client, who, app_id, *, content=PDF, **form):
    return await client.post(
        f"/applications/{app_id}/documents",
        headers=who.headers,
        data=form,
        files={"file": ("transcript.pdf", content, "application/pdf")},
    )


async def test_reject_reupload_verify_with_events_versions_and_scope(service, catalog, events):
    c = service.client
    who = await register(c)
    draft = await create_draft(c, who, catalog, choices=[catalog.student_programmes[1]])
    app_id = draft["id"]
    first = (await upload(c, who, app_id, kind="transcript")).json()
    assert first["state"] == "pending" and first["version"] == 1
    assert (await submit(c, who, app_id)).status_code == 200

    admin = await service.admin_headers()
    officer = await staff_headers(c, admin, Role.OFFICER, schemes=[catalog.scheme_id])
    stranger = await staff_headers(c, admin, Role.OFFICER, schemes=["some-other-scheme"])
    base = f"/officer/applications/{app_id}/documents"

    # bad input: a reason outside the list, a deadline in the past, "other" without a note
    r = await c.post(f"{base}/{first['id']}/reject", headers=officer, json={"reason": "ugly"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"].endswith("reason")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    r = await c.post(f"{base}/{first['id']}/reject", headers=officer, json={"reason": "expired", "due_on": yesterday})
    assert r.status_code == 422 and r.json()["code"] == "document.due_in_past"
    assert r.json()["errors"][0]["field"] == "due_on"
    r = await c.post(f"{base}/{first['id']}/reject", headers=officer, json={"reason": "other"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    # out of scope: nothing to see, nothing to review
    assert (await c.get(base, headers=stranger)).status_code == 404
    r = await c.post(f"{base}/{first['id']}/verify", headers=stranger)
    assert r.status_code == 404 and r.json()["code"] == "application.not_in_scope"

    due = (date.today() + timedelta(days=10)).isoformat()
    r = await c.post(
        f"{base}/{first['id']}/reject",
        headers=officer,
        json={"reason": "not_attested", "note": "HEC stamp missing", "due_on": due},
    )
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "rejected" and r.json()["reviewed_by"] and r.json()["task_open"]
    [rejected] = await events.wait(app_id, "document.rejected")
    assert rejected.data["reason"] == "not_attested" and rejected.data["due_on"] == due
    assert rejected.data["note"] == "HEC stamp missing" and rejected.data["applicant_id"] == who.id
    r = await c.post(f"{base}/{first['id']}/reject", headers=officer, json={"reason": "illegible"})
    assert r.status_code == 409 and r.json()["code"] == "document.already_rejected"

    # the applicant sees the task; another applicant sees nothing of it
    mine = (await c.get(f"/applications/{app_id}/documents", headers=who.headers)).json()
    assert [(d["state"], d["rejection_reason"], d["rejection_note"], d["due_on"], d["task_open"]) for d in mine] == [
        ("rejected", "not_attested", "HEC stamp missing", due, True)
    ]
    assert "reviewed_by" not in mine[0]
    other = await register(c)
    assert (await c.get(f"/applications/{app_id}/documents", headers=other.headers)).status_code == 404
    r = await upload(c, other, app_id, replaces=first["id"])
    assert r.status_code == 404

    # the re-upload: a new version, attested; the old one kept
    r = await upload(
        c,
        who,
        app_id,
        content=PDF2,
        replaces=first["id"],
        attested_by="hec",
        attestation_number="HEC-2026-77",
        attested_on="2026-01-05",
    )
    assert r.status_code == 201, r.text
    second = r.json()
    assert (second["version"], second["replaces"], second["state"], second["kind"]) == (
        2,
        first["id"],
        "pending",
        "transcript",
    )
    assert second["attested_by"] == "hec" and second["attestation_number"] == "HEC-2026-77"
    [resubmitted] = await events.wait(app_id, "document.resubmitted")
    assert resubmitted.data["reviewed_by"] == rejected.data["rejected_by"]  # the reviewer hears of it
    assert resubmitted.data["replaced_state"] == "rejected"  # and of what they had found
    r = await upload(c, who, app_id, replaces=first["id"])
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "replaces"

    listed = (await c.get(base, headers=officer)).json()
    assert [(d["version"], d["state"], d["superseded"]) for d in listed] == [
        (1, "rejected", True),
        (2, "pending", False),
    ]
    assert listed[0]["reviewed_by_name"] == "Test officer" and listed[1]["reviewed_by"] is None
    got = await c.get(f"{base}/{first['id']}", headers=officer)  # the old version is still there
    assert got.status_code == 200 and got.content == PDF
    r = await c.post(f"{base}/{first['id']}/verify", headers=officer)
    assert r.status_code == 409 and r.json()["code"] == "document.superseded"
    r = await c.post(f"{base}/{second['id']}/verify", headers=officer)
    assert r.status_code == 200 and r.json()["state"] == "verified"
    [verified] = await events.wait(app_id, "document.verified")
    assert verified.data["document_id"] == second["id"] and verified.data["version"] == 2
    mine = (await c.get(f"/applications/{app_id}/documents", headers=who.headers)).json()
    assert [(d["version"], d["state"], d["task_open"]) for d in mine] == [
        (1, "rejected", False),
        (2, "verified", False),
    ]


async def test_attestation_input_is_checked_and_a_programme_requiring_it_names_what_is_missing(service):
    cat = demo_catalog(
        requirements=Requirements(
            required_documents=["transcript"],
            document_properties={"transcript": ["attested:hec", "translated:zh"]},
        )
    )
    await publish(service.bootstrap, *cat.events)
    await wait_for_catalog(service.client, cat)
    c = service.client
    who = await register(c)
    draft = await create_draft(c, who, cat, choices=[cat.student_programmes[0]])
    app_id = draft["id"]
    r = await upload(c, who, app_id, kind="transcript", attested_by="hec", translation_language="zh")
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {
        "attestation_number",
        "attested_on",
        "translation_certified_by",
    }
    r = await upload(c, who, app_id, kind="transcript", attested_by="notary")
    assert r.status_code == 422 and r.json()["errors"][0]["field"].endswith("attested_by")
    r = await upload(
        c, who, app_id, kind="transcript", attested_by="ibcc", attestation_number="I-1", attested_on="2026-02-01"
    )
    assert r.status_code == 201, r.text
    verdict = (await c.get(f"/applications/{app_id}/eligibility", headers=who.headers)).json()["choices"][0]
    assert [d["code"] for d in verdict["details"] if d["code"].startswith("eligibility.document")] == [
        "eligibility.document_not_attested",
        "eligibility.document_not_translated",
    ]
    assert "transcript must be attested by HEC" in verdict["reasons"]
