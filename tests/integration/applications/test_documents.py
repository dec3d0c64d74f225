"""Uploads: checked on content, stored outside any served folder with a checksum, encrypted
at rest (files stored before that still served), a changed file refused."""

from __future__ import annotations

import hashlib

from services.applications.service.documents import MAX_DOCUMENTS, MAX_VERSIONS
from shared.events.catalog import Requirements
from tests.support.events import publish
from tests.support.flows import create_draft, demo_catalog, register, submit, wait_for_catalog

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def upload(client, who, app_id, *, kind="passport", name="passport.pdf", content=PDF, ctype="application/pdf"):
    return await client.post(
        f"/applications/{app_id}/documents",
        headers=who.headers,
        data={"kind": kind},
        files={"file": (name, content, ctype)},
    )


async def test_upload_list_download_delete(service, catalog):
    who = await register(service.client)
    draft = await create_draft(service.client, who, catalog)
    r = await upload(service.client, who, draft["id"], name="../../etc/passport scan.pdf")
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["original_name"] == "passport scan.pdf" and doc["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert doc["size"] == len(PDF) and doc["content_type"] == "application/pdf"
    stored = list(service.settings.documents_path.iterdir())
    assert stored and not any(b"%PDF-" in p.read_bytes() for p in stored)  # encrypted at rest
    assert all(".." not in p.name and p.suffix == "" for p in stored)  # generated names only

    listed = (await service.client.get(f"/applications/{draft['id']}/documents", headers=who.headers)).json()
    assert [d["id"] for d in listed] == [doc["id"]]
    got = await service.client.get(f"/applications/{draft['id']}/documents/{doc['id']}", headers=who.headers)
    assert got.status_code == 200 and got.content == PDF and got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"

    r = await service.client.delete(f"/applications/{draft['id']}/documents/{doc['id']}", headers=who.headers)
    assert r.status_code == 204
    assert (await service.client.get(f"/applications/{draft['id']}/documents", headers=who.headers)).json() == []
    assert not any(p.read_bytes() == PDF and p.name == doc["id"] for p in service.settings.documents_path.iterdir())


async def test_a_file_is_encrypted_at_rest_and_served_exactly_and_a_changed_one_is_refused(service, catalog):
    who = await register(service.client)
    draft = await create_draft(service.client, who, catalog)
    folder = service.settings.documents_path
    before = set(folder.iterdir())
    doc = (await upload(service.client, who, draft["id"])).json()
    [path] = set(folder.iterdir()) - before
    sealed = path.read_bytes()
    assert not sealed.startswith(b"%PDF-") and b"%PDF-" not in sealed and b"/Catalog" not in sealed
    url = f"/applications/{draft['id']}/documents/{doc['id']}"
    got = await service.client.get(url, headers=who.headers)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-disposition"] == 'attachment; filename="passport.pdf"'

    path.write_bytes(PDF)  # as it was stored before encryption at rest (an old row): still served
    got = await service.client.get(url, headers=who.headers)
    assert got.status_code == 200 and got.content == PDF

    for changed in (sealed[:-1] + bytes([sealed[-1] ^ 1]), PDF.replace(b"Catalog", b"Catalug")):
        path.write_bytes(changed)
        r = await service.client.get(url, headers=who.headers)
        assert r.status_code == 409, r.text  # refused, named, never a 500 and never the bytes
        assert r.json()["code"] == "document.file_unreadable" and r.json()["errors"][0]["field"] == "document_id"
    path.write_bytes(sealed)
    assert (await service.client.get(url, headers=who.headers)).content == PDF


async def test_type_is_checked_on_the_content(service, catalog):
    who = await register(service.client)
    draft = await create_draft(service.client, who, catalog)
    before = set(service.settings.documents_path.iterdir())
    r = await upload(service.client, who, draft["id"], content=b"MZ\x90\x00 not a pdf", name="x.pdf")
    assert r.status_code == 415 and r.json()["errors"][0]["field"] == "file"
    assert r.json()["code"] == "document.unsupported_type"
    r = await upload(service.client, who, draft["id"], content=PNG, ctype="application/pdf")
    assert r.status_code == 422 and "image/png" in r.json()["errors"][0]["reason"]
    r = await upload(service.client, who, draft["id"], content=b"", name="empty.pdf")
    assert r.status_code == 422
    too_big = b"%PDF-1.7\n" + b"0" * (service.settings.max_document_bytes + 1)
    r = await upload(service.client, who, draft["id"], content=too_big)
    assert r.status_code == 413 and r.json()["errors"][0]["field"] == "file"
    assert r.json()["code"] == "document.too_large" and r.json()["errors"][0]["max_bytes"] == 256 * 1024
    r = await upload(service.client, who, draft["id"], kind="selfie")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
    assert set(service.settings.documents_path.iterdir()) == before  # nothing half-written stays
    assert (await service.client.get(f"/applications/{draft['id']}/documents", headers=who.headers)).json() == []


async def test_required_documents_gate_the_submit_and_cannot_be_deleted_after(service):
    cat = demo_catalog(requirements=Requirements(required_documents=["passport", "transcript"]))
    await publish(service.bootstrap, *cat.events)
    await wait_for_catalog(service.client, cat)
    who = await register(service.client)
    draft = await create_draft(service.client, who, cat, choices=[cat.student_programmes[0]])
    assert (await upload(service.client, who, draft["id"])).status_code == 201
    r = await submit(service.client, who, draft["id"])
    assert r.status_code == 422 and r.json()["errors"][0]["reasons"] == ["required document missing: transcript"]
    doc = (
        await upload(service.client, who, draft["id"], kind="transcript", name="t.png", content=PNG, ctype="image/png")
    ).json()
    assert (await submit(service.client, who, draft["id"])).status_code == 200
    r = await service.client.delete(f"/applications/{draft['id']}/documents/{doc['id']}", headers=who.headers)
    assert r.status_code == 409 and "draft" in r.json()["errors"][0]["reason"]


async def test_a_file_sent_as_text_is_refused_in_words_not_the_frameworks(service, catalog):
    """ "file" sent as a plain form field was refused with "Value error, Expected UploadFile,
    received: <class 'str'>"; nothing is stored."""
    who = await register(service.client)
    draft = await create_draft(service.client, who, catalog)
    r = await service.client.post(
        f"/applications/{draft['id']}/documents", headers=who.headers, data={"kind": "passport", "file": "passport.pdf"}
    )
    assert r.status_code == 422
    (error,) = [e for e in r.json()["errors"] if e["field"] == "file"]
    assert "multipart/form-data" in error["reason"] and "UploadFile" not in error["reason"] and "<class" not in r.text
    assert (await service.client.get(f"/applications/{draft['id']}/documents", headers=who.headers)).json() == []


async def test_the_same_file_again_is_refused_and_an_application_keeps_a_bounded_number(service, catalog):
    """A loop (or a stuck button) piled 73 documents on one draft, six of them the same passport,
    each waiting for an officer's review."""
    who = await register(service.client)
    app_id = (await create_draft(service.client, who, catalog))["id"]
    first = await upload(service.client, who, app_id)
    assert first.status_code == 201, first.text
    again = await upload(service.client, who, app_id, name="passport (1).pdf")
    assert again.status_code == 409 and again.json()["code"] == "document.duplicate"
    [error] = again.json()["errors"]
    assert error["field"] == "file" and error["document_id"] == first.json()["id"]
    other_kind = await upload(service.client, who, app_id, kind="other")  # one scan may serve two kinds
    assert other_kind.status_code == 201

    for n in range(MAX_DOCUMENTS - 2):
        r = await upload(service.client, who, app_id, kind="other", content=PDF + f"% {n}\n".encode())
        assert r.status_code == 201, r.text
    full = await upload(service.client, who, app_id, kind="other", content=PDF + b"% one more\n")
    assert full.status_code == 422 and full.json()["errors"][0] == {
        "field": "file",
        "code": "document.too_many",
        "reason": f"an application keeps at most {MAX_DOCUMENTS} documents: delete or replace one to add another",
        "limit": MAX_DOCUMENTS,
    }
    listed = (await service.client.get(f"/applications/{app_id}/documents", headers=who.headers)).json()
    assert len(listed) == MAX_DOCUMENTS  # nothing stored beyond
    r = await service.client.delete(f"/applications/{app_id}/documents/{other_kind.json()['id']}", headers=who.headers)
    assert r.status_code == 204
    assert (await upload(service.client, who, app_id, kind="other", content=PDF + b"% one more\n")).status_code == 201


async def test_a_document_keeps_a_bounded_number_of_versions(service, catalog):
    """Forty re-uploads had kept forty-one versions (each up to 10 MB, none deletable but the
    newest): an applicant's own new versions stop at MAX_VERSIONS, and deleting the newest makes
    room for another."""
    who = await register(service.client)
    app_id = (await create_draft(service.client, who, catalog))["id"]
    newest = (await upload(service.client, who, app_id)).json()
    for n in range(2, MAX_VERSIONS + 1):
        r = await service.client.post(
            f"/applications/{app_id}/documents",
            headers=who.headers,
            data={"kind": "passport", "replaces": newest["id"]},
            files={"file": ("passport.pdf", PDF + f"% v{n}\n".encode(), "application/pdf")},
        )
        assert r.status_code == 201 and r.json()["version"] == n, r.text
        newest = r.json()

    async def another(content: bytes):
        return await service.client.post(
            f"/applications/{app_id}/documents",
            headers=who.headers,
            data={"kind": "passport", "replaces": newest["id"]},
            files={"file": ("passport.pdf", content, "application/pdf")},
        )

    refused = await another(PDF + b"% one more\n")
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "document.too_many_versions"
    assert refused.json()["errors"][0]["field"] == "replaces" and refused.json()["errors"][0]["limit"] == MAX_VERSIONS
    r = await service.client.delete(f"/applications/{app_id}/documents/{newest['id']}", headers=who.headers)
    assert r.status_code == 204
    listed = (await service.client.get(f"/applications/{app_id}/documents", headers=who.headers)).json()
    newest = max((d for d in listed if d["kind"] == "passport"), key=lambda d: d["version"])
    assert newest["version"] == MAX_VERSIONS - 1  # the version before is the document again
    assert (await another(PDF + b"% in its place\n")).status_code == 201


async def test_a_document_of_another_application_is_copied_in_and_reviewed_afresh(service, catalog):
    """An applicant of two programmes uploaded the same passport, transcript and certificates
    again, file by file, for the second application."""
    who = await register(service.client)
    first = (await create_draft(service.client, who, catalog))["id"]
    passport = (await upload(service.client, who, first, name="passport.pdf")).json()
    r = await service.client.post(f"/applications/{first}/withdraw", headers=who.headers)
    assert r.status_code == 200, r.text
    second = (await create_draft(service.client, who, catalog))["id"]

    copied = await service.client.post(
        f"/applications/{second}/documents/copy", json={"document_id": passport["id"]}, headers=who.headers
    )
    assert copied.status_code == 201, copied.text
    doc = copied.json()
    assert doc["id"] != passport["id"] and (doc["kind"], doc["original_name"]) == ("passport", "passport.pdf")
    assert (doc["sha256"], doc["version"], doc["state"]) == (passport["sha256"], 1, "pending")
    got = await service.client.get(f"/applications/{second}/documents/{doc['id']}", headers=who.headers)
    assert got.status_code == 200 and got.content == PDF
    # a file of its own: deleting the copy from the draft leaves the original readable
    assert (await service.client.delete(f"/applications/{second}/documents/{doc['id']}", headers=who.headers)).status_code == 204  # fmt: skip
    kept = await service.client.get(f"/applications/{first}/documents/{passport['id']}", headers=who.headers)
    assert kept.status_code == 200 and kept.content == PDF

    # refused: twice the same file, a document of this application, another applicant's
    body = {"document_id": passport["id"]}
    assert (await service.client.post(f"/applications/{second}/documents/copy", json=body, headers=who.headers)).status_code == 201  # fmt: skip
    again = await service.client.post(f"/applications/{second}/documents/copy", json=body, headers=who.headers)
    assert again.status_code == 409 and again.json()["code"] == "document.duplicate"
    own = (await service.client.get(f"/applications/{second}/documents", headers=who.headers)).json()[0]["id"]
    same = await service.client.post(f"/applications/{second}/documents/copy", json={"document_id": own}, headers=who.headers)  # fmt: skip
    assert same.status_code == 409 and same.json()["code"] == "document.same_application"
    other = await register(service.client)
    theirs = (await create_draft(service.client, other, catalog))["id"]
    stolen = await service.client.post(f"/applications/{theirs}/documents/copy", json=body, headers=other.headers)
    assert stolen.status_code == 404 and stolen.json()["errors"][0]["field"] == "document_id"
    assert (await service.client.get(f"/applications/{theirs}/documents", headers=other.headers)).json() == []
