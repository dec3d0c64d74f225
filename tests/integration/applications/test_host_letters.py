"""A host reads the referees' letters with the applicant's consent (issues 14 and 15): only
for an application with one of its institutions, only with consent to share the documents
(the letters go with them), every read of a letter recorded for the applicant and in the
journal. Both services, real Kafka and PostgreSQL."""

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

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n% a letter from Lahore\ntrailer<<>>\n%%EOF\n"
LETTER = "Ayesha led the seminar on Central Asian water treaties and wrote the best paper of the year. " * 2


def _referee(n: int, position: str) -> dict:
    return {
        "name": f"Prof. Host Letters {n}",
        "email": f"host-letters-{n}-{uid()}@university.example",
        "position": position,
        "institution": "Quaid-i-Azam University",
        "relationship": "taught my seminar",
        "language": "en",
    }


async def test_a_host_reads_the_letters_only_with_consent_and_each_read_is_recorded(service, events, matching):  # noqa: F811
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

    # three referees: one writes in the form, one uploads a PDF, one declines
    base = f"/applications/{app_id}/referees"
    named = [
        await ok(await a.post(base, json=_referee(n, position), headers=who.headers), 201)
        for n, position in ((1, "professor"), (2, "associate_professor"), (3, "lecturer"))
    ]
    requested = await events.wait(app_id, "referee.requested", count=3)
    tokens = {e.data["request_id"]: e.data["link"].partition("token=")[2] for e in requested}
    written, uploaded, declined = (x["id"] for x in named)
    await ok(await a.post("/referee/letter/text", headers={"X-Referee-Token": tokens[written]}, json={"text": LETTER}))
    await ok(
        await a.post(
            "/referee/letter/file",
            headers={"X-Referee-Token": tokens[uploaded]},
            files={"file": ("letter.pdf", PDF, "application/pdf")},
        )
    )
    await ok(await a.post("/referee/decline", headers={"X-Referee-Token": tokens[declined]}))

    # the identity is shared, the documents (and with them the letters) are not
    await ok(
        await a.put(
            f"/applications/{app_id}/consent",
            json={"host_identity": True, "host_documents": False},
            headers=who.headers,
        )
    )
    await ok(await a.post(f"/applications/{app_id}/submit", headers=who.headers))

    # not with the host yet: nothing, and its existence is not revealed
    r = await a.get(f"/host/applications/{app_id}/letters", headers=host)
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

    # without consent to share the documents: refused, and the refusal says why
    for path in (f"/host/applications/{app_id}/letters", f"/host/applications/{app_id}/letters/{written}"):
        r = await a.get(path, headers=host)
        assert r.status_code == 403 and r.json()["code"] == "host.no_consent_documents", path
    assert (await ok(await a.get(f"/host/applications/{app_id}/identity", headers=host)))["name"] == "Ayesha Khan"

    await ok(
        await a.put(
            f"/applications/{app_id}/consent", json={"host_identity": True, "host_documents": True}, headers=who.headers
        )
    )
    # another institution, an applicant's token, an officer's letter route: nothing of the letters
    for path in (f"/host/applications/{app_id}/letters", f"/host/applications/{app_id}/letters/{written}"):
        r = await a.get(path, headers=other_host)
        assert r.status_code == 404 and r.json()["code"] == "host.not_with_you", path
        assert (await a.get(path, headers=who.headers)).status_code == 403
    r = await a.get(f"/officer/applications/{app_id}/referees", headers=host)
    assert r.status_code == 403

    # the list: who was asked and how each letter stands, never the referee's e-mail
    listed = await ok(await a.get(f"/host/applications/{app_id}/letters", headers=host))
    by_id = {x["id"]: x for x in listed}
    assert set(by_id) == {written, uploaded, declined}
    assert by_id[written]["name"] == "Prof. Host Letters 1" and by_id[written]["position"] == "professor"
    assert by_id[written]["institution"] == "Quaid-i-Azam University"
    assert [by_id[x]["state"] for x in (written, uploaded, declined)] == ["submitted", "submitted", "declined"]
    assert [by_id[x]["letter"] for x in (written, uploaded, declined)] == ["text", "file", None]
    assert by_id[written]["received_at"] and by_id[uploaded]["received_at"] and by_id[declined]["received_at"] is None
    assert "email" not in by_id[written] and "relationship" not in by_id[written]

    # the letters themselves: the written text and the PDF, byte for byte
    r = await a.get(f"/host/applications/{app_id}/letters/{written}", headers=host)
    assert r.status_code == 200 and r.text == LETTER.strip() and r.headers["content-type"].startswith("text/plain")
    # named for what it is (a browser saved it as "file.txt")
    assert r.headers["content-disposition"] == f'attachment; filename="letter-{written[:8]}.txt"'
    r = await a.get(f"/host/applications/{app_id}/letters/{uploaded}", headers=host)
    assert r.status_code == 200 and r.content == PDF and r.headers["content-type"] == "application/pdf"
    # a declined request has no letter; an id of nothing is nothing
    r = await a.get(f"/host/applications/{app_id}/letters/{declined}", headers=host)
    assert r.status_code == 404 and r.json()["code"] == "referee.letter_not_found"
    assert (await a.get(f"/host/applications/{app_id}/letters/no-such-request", headers=host)).status_code == 404

    # the applicant sees each read of a letter (not the list, not the refusals), newest first
    reads = await ok(await a.get(f"/applications/{app_id}/identity-reads", headers=who.headers))
    assert [x["what"] for x in reads] == [f"letter:{uploaded}", f"letter:{written}", "identity"]
    assert {x["institution_id"] for x in reads} == {ids["host"]}
    # ... and so does the journal: the host, the institution, the letter
    r = await a.get("/admin/journal", headers=admin, params={"action": "identity.read", "subject": f"letter:{written}"})
    [entry] = (await ok(r))["items"]
    assert entry["application_id"] == app_id and entry["after"] == {"institution_id": ids["host"]}

    # consent withdrawn: refused at once
    await ok(
        await a.put(
            f"/applications/{app_id}/consent",
            json={"host_identity": True, "host_documents": False},
            headers=who.headers,
        )
    )
    r = await a.get(f"/host/applications/{app_id}/letters/{uploaded}", headers=host)
    assert r.status_code == 403 and r.json()["code"] == "host.no_consent_documents"
    assert len(await ok(await a.get(f"/applications/{app_id}/identity-reads", headers=who.headers))) == 3
