"""The checklist of an application over the API (issue 15), real PostgreSQL and Kafka: the
applicant and an officer in scope see each requirement's state and next step move as the
officer rejects the transcript, the applicant uploads a new version and the officer verifies
it; another applicant and an officer of another scheme get 404."""

from __future__ import annotations

from datetime import date, timedelta

from shared.events.catalog import Requirements
from shared.principal import Role
from tests.support.accounts import staff_headers
from tests.support.events import publish
from tests.support.flows import create_draft, demo_catalog, register, submit, wait_for_catalog

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
HEC = {"attested_by": "hec", "attestation_number": "HEC-1", "attested_on": "2026-01-05"}


async def upload(client, who, app_id, **form):
    r = await client.post(
        f"/applications/{app_id}/documents",
        headers=who.headers,
        data=form,
        files={"file": ("doc.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 201, r.text
    return r.json()


def by_item(checklist: dict) -> dict[tuple, dict]:
    [choice] = checklist["choices"]
    return {(i["code"], i["params"].get("kind"), i["params"].get("property")): i for i in choice["items"]}


async def test_the_checklist_follows_a_rejection_a_new_version_and_a_verification(service):
    cat = demo_catalog(
        requirements=Requirements(
            min_grade=70,
            language_certificate="HSK",
            min_language_level=4,
            required_documents=["passport", "transcript"],
            document_properties={"transcript": ["attested:hec"]},
        )
    )
    await publish(service.bootstrap, *cat.events)
    await wait_for_catalog(service.client, cat)
    c = service.client
    who = await register(c)
    app_id = (await create_draft(c, who, cat, choices=[cat.student_programmes[0]]))["id"]
    mine = f"/applications/{app_id}/checklist"

    before = (await c.get(mine, headers=who.headers)).json()
    items = by_item(before)
    assert items[("requirement.document", "transcript", None)]["state"] == "missing"
    assert items[("requirement.document", "transcript", None)]["next"] == {
        "code": "next.upload",
        "params": {"kind": "transcript"},
    }
    assert items[("requirement.grade", None, None)]["state"] == "met"
    assert before["choices"][0]["programme_name"].startswith("Chinese medicine")
    assert not before["choices"][0]["eligible"]

    await upload(c, who, app_id, kind="passport")
    transcript = await upload(c, who, app_id, kind="transcript", **HEC)
    assert (await submit(c, who, app_id)).status_code == 200

    admin = await service.admin_headers()
    officer = await staff_headers(c, admin, Role.OFFICER, schemes=[cat.scheme_id])
    stranger = await staff_headers(c, admin, Role.OFFICER, schemes=["some-other-scheme"])
    theirs = f"/officer/applications/{app_id}/checklist"
    other = await register(c)
    r = await c.get(mine, headers=other.headers)
    assert r.status_code == 404 and r.json()["code"] == "application.not_found"
    r = await c.get(theirs, headers=stranger)
    assert r.status_code == 404 and r.json()["code"] == "application.not_in_scope"
    assert (await c.get(theirs, headers=who.headers)).status_code == 403  # an applicant is not staff
    assert (await c.get(mine, headers=officer)).status_code == 403

    items = by_item((await c.get(theirs, headers=officer)).json())
    doc = items[("requirement.document", "transcript", None)]
    assert doc["state"] == "awaiting_review" and [d["id"] for d in doc["documents"]] == [transcript["id"]]
    assert items[("requirement.document_property", "transcript", "attested:hec")]["state"] == "awaiting_review"

    due = (date.today() + timedelta(days=10)).isoformat()
    r = await c.post(
        f"/officer/applications/{app_id}/documents/{transcript['id']}/reject",
        headers=officer,
        json={"reason": "not_attested", "note": "HEC stamp missing", "due_on": due},
    )
    assert r.status_code == 200, r.text
    review = "/officer/documents/review"
    asked = {"application_id": [app_id, "app-nobody", app_id]}
    r = await c.get(review, params=asked, headers=officer)  # an unknown id is left out, a repeat once
    assert r.json() == [{"application_id": app_id, "verified": 0, "pending": 1, "rejected": 1}], r.text
    assert (await c.get(review, params=asked, headers=stranger)).json() == []  # out of scope: not said
    assert (await c.get(review, params=asked, headers=who.headers)).status_code == 403
    assert (await c.get(review, headers=officer)).status_code == 422
    for path, headers in ((mine, who.headers), (theirs, officer)):
        body = (await c.get(path, headers=headers)).json()
        doc = by_item(body)[("requirement.document", "transcript", None)]
        assert doc["state"] == "rejected" and not doc["done"], doc
        assert doc["next"] == {"code": "next.reupload", "params": {"kind": "transcript", "due_on": due}}
        assert doc["reason"]["code"] == "eligibility.document_rejected"  # said as rejected, not missing
        assert [(d["rejection_reason"], d["rejection_note"], d["due_on"]) for d in doc["documents"]] == [
            ("not_attested", "HEC stamp missing", due)
        ]
        assert not body["choices"][0]["eligible"]

    second = await upload(c, who, app_id, replaces=transcript["id"], **HEC)
    doc = by_item((await c.get(mine, headers=who.headers)).json())[("requirement.document", "transcript", None)]
    assert doc["state"] == "awaiting_review" and [d["id"] for d in doc["documents"]] == [second["id"]]

    for d in (
        second,
        *[
            d
            for d in (await c.get(f"/applications/{app_id}/documents", headers=who.headers)).json()
            if d["kind"] == "passport"
        ],
    ):
        r = await c.post(f"/officer/applications/{app_id}/documents/{d['id']}/verify", headers=officer)
        assert r.status_code == 200, r.text
    # the rejected version replaced by the new one, both verified: the newest versions only count
    counted = (await c.get(review, params={"application_id": app_id}, headers=officer)).json()
    assert counted == [{"application_id": app_id, "verified": 2, "pending": 0, "rejected": 0}]
    after = (await c.get(mine, headers=who.headers)).json()
    items = by_item(after)
    assert items[("requirement.document", "transcript", None)]["state"] == "verified"
    assert items[("requirement.document_property", "transcript", "attested:hec")]["state"] == "verified"
    assert after["choices"][0]["eligible"] and after["choices"][0]["done"]
    assert all(i["next"]["code"] == "next.none" for i in after["choices"][0]["items"])
