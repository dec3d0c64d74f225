"""The applications service's audit journal (issue 16): each decision of consequence made here
leaves exactly one entry, with who, before and after; officers read an application's entries
in their scope, admins all (and as CSV); PostgreSQL refuses to change or delete an entry."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from shared.principal import Role
from tests.support.accounts import create_staff, staff_headers
from tests.support.flows import create_draft, register, submit
from tests.support.services import claims_of

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


async def _entries(c, admin, **params) -> list[dict]:
    r = await c.get("/admin/journal", headers=admin, params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_each_decision_leaves_exactly_one_entry(service, catalog):
    c = service.client
    admin = await service.admin_headers()
    admin_id = claims_of(admin["Authorization"].split()[1])["sub"]

    # accounts: created, changed, disabled, enabled by the admin
    officer = await create_staff(c, admin, Role.OFFICER, schemes=[catalog.scheme_id])
    subject = f"account:{officer['id']}"
    assert (
        await c.patch(f"/admin/accounts/{officer['id']}", json={"name": "Dr. Wang"}, headers=admin)
    ).status_code == 200
    assert (await c.post(f"/admin/accounts/{officer['id']}/disable", headers=admin)).status_code == 200
    assert (await c.post(f"/admin/accounts/{officer['id']}/enable", headers=admin)).status_code == 200
    entries = await _entries(c, admin, subject=subject)
    assert [e["action"] for e in reversed(entries)] == [
        "account.created",
        "account.updated",
        "account.disabled",
        "account.enabled",
    ]
    assert {e["actor"] for e in entries} == {admin_id}
    updated = next(e for e in entries if e["action"] == "account.updated")
    assert updated["before"]["name"] != "Dr. Wang" and updated["after"]["name"] == "Dr. Wang"
    # a patch that changes nothing is not a decision
    assert (
        await c.patch(f"/admin/accounts/{officer['id']}", json={"name": "Dr. Wang"}, headers=admin)
    ).status_code == 200
    assert len(await _entries(c, admin, subject=subject)) == 4

    # an officer's verification and rejection, the applicant's consent and withdrawal
    who = await register(c)
    draft = await create_draft(c, who, catalog, choices=[catalog.student_programmes[1]])
    app_id = draft["id"]
    docs = []
    for kind in ("transcript", "passport"):
        r = await c.post(
            f"/applications/{app_id}/documents",
            headers=who.headers,
            data={"kind": kind},
            files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
        )
        docs.append(r.json())
    assert (await submit(c, who, app_id)).status_code == 200
    reviewer = await staff_headers(c, admin, Role.OFFICER, schemes=[catalog.scheme_id])
    base = f"/officer/applications/{app_id}/documents"
    assert (await c.post(f"{base}/{docs[0]['id']}/verify", headers=reviewer)).status_code == 200
    r = await c.post(f"{base}/{docs[1]['id']}/reject", headers=reviewer, json={"reason": "expired", "note": "Renew it"})
    assert r.status_code == 200, r.text
    consent = {"host_identity": True, "host_documents": False}
    assert (await c.put(f"/applications/{app_id}/consent", json=consent, headers=who.headers)).status_code == 200
    assert (
        await c.post(f"/applications/{app_id}/withdraw", json={"reason": "another offer"}, headers=who.headers)
    ).status_code == 200

    r = await c.get(f"/officer/applications/{app_id}/journal", headers=reviewer)
    assert r.status_code == 200, r.text
    actions = [e["action"] for e in reversed(r.json()["items"])]
    assert actions == ["document.verified", "document.rejected", "consent.set", "application.withdrawn"]
    rejected = r.json()["items"][2]
    assert rejected["before"] == {"state": "pending"} and rejected["after"]["state"] == "rejected"
    assert rejected["reason"].startswith("expired") and rejected["application_id"] == app_id
    # out of scope: the application's journal is not found; a non-admin reads no whole journal
    stranger = await staff_headers(c, admin, Role.OFFICER, schemes=["another-scheme"])
    assert (await c.get(f"/officer/applications/{app_id}/journal", headers=stranger)).status_code == 404
    assert (await c.get("/admin/journal", headers=reviewer)).status_code == 403
    csv = await c.get("/admin/journal.csv", headers=admin, params={"subject": subject})
    assert csv.status_code == 200 and csv.text.startswith("\ufeffid,at,actor")
    assert csv.text.count("account.") == 4

    # append-only: the database itself refuses to change or delete an entry
    async with service.app.state.runtime.db.session() as s:
        for statement in ("UPDATE journal SET reason = 'edited'", "DELETE FROM journal"):
            with pytest.raises(DBAPIError, match="append-only"):
                async with s.begin():
                    await s.execute(text(statement))
