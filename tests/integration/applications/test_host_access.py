"""Identity only with consent (issue 14): a host reads the identity and documents of the
applicants whose applications are with it, if they consented, and every read is recorded
for the applicant to see. Both services, real Kafka and PostgreSQL."""

from __future__ import annotations

import pytest

from shared.principal import Role
from tests.integration.applications.test_award_path import ADMIN, build, matching, ok, run_round  # noqa: F401
from tests.support import services as support
from tests.support.accounts import staff_headers
from tests.support.flows import register
from tests.support.ids import uid
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n" + b"passport scan " * 200


async def test_a_host_reads_only_what_its_applicant_consented_to_and_each_read_is_recorded(service, matching):  # noqa: F811
    a, m, u = service.client, matching, uid()
    ids = await build(m, u)
    other = f"xjmu-{u}"
    await ok(await m.post("/institutions", json={"id": other, "name": "XJMU", "country": "CN"}, headers=ADMIN), 201)
    hec = support.auth(Role.NOMINATOR, f"hec-{u}", schemes=[ids["scheme"]], countries=["PK"])

    async def catalogued():
        return (await a.get(f"/programmes/{ids['programme']}")).status_code == 200

    await wait_for(catalogued, timeout=60, what="the catalog in the applications service")
    admin = await service.admin_headers()
    host = await staff_headers(a, admin, Role.PARTNER, institutions=[ids["host"]])
    other_host = await staff_headers(a, admin, Role.PARTNER, institutions=[other])
    who = await register(a, name="Ayesha Khan", nationality="PK", preferred_language="ur")
    draft = await ok(
        await a.post(
            "/applications",
            json={"cycle_id": ids["cycle"], "choices": [ids["programme"]], "grade": 95.0, "statement": "SCO"},
            headers=who.headers,
        ),
        201,
    )
    app_id = draft["id"]
    files = {"file": ("passport.pdf", PDF, "application/pdf")}
    doc = await ok(
        await a.post(f"/applications/{app_id}/documents", data={"kind": "passport"}, files=files, headers=who.headers),
        201,
    )
    # never asked: nothing shared
    assert (await ok(await a.get(f"/applications/{app_id}/consent", headers=who.headers)))["host_identity"] is False
    given = await ok(
        await a.put(
            f"/applications/{app_id}/consent",
            json={"host_identity": True, "host_documents": False},
            headers=who.headers,
        )
    )
    assert given["host_identity"] is True and given["host_documents"] is False and given["at"]
    await ok(await a.post(f"/applications/{app_id}/submit", headers=who.headers))

    # before the application is with the host, the host reads nothing (its existence is not revealed)
    r = await a.get(f"/host/applications/{app_id}/identity", headers=host)
    assert r.status_code == 404 and r.json()["code"] == "host.not_with_you"

    async def pooled():
        return (await m.get(f"/cycles/{ids['cycle']}/pool", params={"limit": 1}, headers=ADMIN)).json()["total"] == 1

    await wait_for(pooled, timeout=45, what="the pool")
    await ok(
        await m.put(f"/cycles/{ids['cycle']}/nominations/PK", json={"nominees": [app_id], "publish": True}, headers=hec)
    )
    matches = await run_round(m, ids["cycle"], 1)
    await ok(await m.post(f"/matches/{matches[app_id]['id']}/approve", headers=ADMIN))

    async def with_host():
        body = (await a.get(f"/applications/{app_id}", headers=who.headers)).json()
        return body["status"] == "with_host" or None

    await wait_for(with_host, timeout=45, what="the application with the host")

    await ok(await a.patch("/me", json={"preferred_language": "ur"}, headers=who.headers))
    listed = await ok(await a.get("/host/applications", headers=host))
    [item] = [x for x in listed["items"] if x["application_id"] == app_id]
    assert item["institution_id"] == ids["host"] and item["consent"]["host_identity"] is True
    assert item["messages_language"] == "ur"  # a host's note reaches them as written: in which language
    assert item["name"] is None and "email" not in item  # a list of ids and consent, no identity unasked
    # asked with_names, the applicant who shares their identity is named, the read recorded once a day,
    # with the passport's Latin letters beside (a name typed in another script, read in another country)
    await ok(await a.patch("/me", json={"passport_name": "AYESHA KHAN"}, headers=who.headers))
    named = await ok(await a.get("/host/applications", params={"with_names": "true"}, headers=host))
    [item] = [x for x in named["items"] if x["application_id"] == app_id]
    assert item["name"] == "Ayesha Khan" and item["passport_name"] == "AYESHA KHAN"
    await ok(await a.get("/host/applications", params={"with_names": "true"}, headers=host))
    reads = await ok(await a.get(f"/applications/{app_id}/identity-reads", headers=who.headers))
    assert [r["what"] for r in reads] == ["name"]
    assert app_id not in [
        x["application_id"] for x in (await ok(await a.get("/host/applications", headers=other_host)))["items"]
    ]
    # an admissions page asks for its cards only; an officer reviewing the match reads the same consent
    only = await ok(await a.get("/host/applications", params={"application_id": [app_id, "nope"]}, headers=host))
    assert [x["application_id"] for x in only["items"]] == [app_id]
    officer = await staff_headers(a, admin, Role.OFFICER, schemes=[ids["scheme"]])
    [seen] = await ok(await a.get("/officer/consent", params={"application_id": [app_id, "nope"]}, headers=officer))
    assert (seen["application_id"], seen["host_identity"], seen["host_documents"]) == (app_id, True, False)
    assert seen["messages_language"] == "ur"
    elsewhere = await staff_headers(a, admin, Role.OFFICER, schemes=[f"other-{u}"])
    assert await ok(await a.get("/officer/consent", params={"application_id": app_id}, headers=elsewhere)) == []

    person = await ok(await a.get(f"/host/applications/{app_id}/identity", headers=host))
    assert person["name"] == "Ayesha Khan" and person["nationality"] == "PK" and person["email"] == who.email
    assert person["institution_id"] == ids["host"]
    # documents were not consented to: refused, and the refusal says why
    r = await a.get(f"/host/applications/{app_id}/documents", headers=host)
    assert r.status_code == 403 and r.json()["code"] == "host.no_consent_documents"
    r = await a.get(f"/host/applications/{app_id}/documents/{doc['id']}", headers=host)
    assert r.status_code == 403
    # another institution: as if the application did not exist; an applicant's token is not a host's
    assert (await a.get(f"/host/applications/{app_id}/identity", headers=other_host)).status_code == 404
    assert (await a.get(f"/host/applications/{app_id}/identity", headers=who.headers)).status_code == 403

    # the applicant now shares the documents too: the host downloads the passport, byte for byte
    await ok(
        await a.put(
            f"/applications/{app_id}/consent", json={"host_identity": True, "host_documents": True}, headers=who.headers
        )
    )
    [listed_doc] = await ok(await a.get(f"/host/applications/{app_id}/documents", headers=host))
    assert listed_doc["id"] == doc["id"] and listed_doc["kind"] == "passport"
    r = await a.get(f"/host/applications/{app_id}/documents/{doc['id']}", headers=host)
    assert r.status_code == 200 and r.content == PDF

    # every read, newest first, for the applicant; refused attempts are not reads
    reads = await ok(await a.get(f"/applications/{app_id}/identity-reads", headers=who.headers))
    assert [x["what"] for x in reads] == [f"document:{doc['id']}", "identity", "name"]  # the list's read too
    assert {x["institution_id"] for x in reads} == {ids["host"]}

    # consent withdrawn: refused at once
    await ok(
        await a.put(
            f"/applications/{app_id}/consent",
            json={"host_identity": False, "host_documents": False},
            headers=who.headers,
        )
    )
    r = await a.get(f"/host/applications/{app_id}/identity", headers=host)
    assert r.status_code == 403 and r.json()["code"] == "host.no_consent_identity"
