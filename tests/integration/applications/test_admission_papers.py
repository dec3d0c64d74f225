"""Admission papers: the host an applicant accepted issues an admission letter or a visa form,
the applicant downloads it and is told (application.papers_issued). Real Kafka and PostgreSQL."""

from __future__ import annotations

import pytest

from shared.principal import Role
from tests.support.accounts import staff_headers
from tests.support.flows import offered, register_and_submit, uid

pytestmark = pytest.mark.integration

LETTER = b"%PDF-1.4\n" + b"admission notice " * 100
JW202 = b"%PDF-1.4\n" + b"JW202 form " * 100


def _paper(kind: str, content: bytes = LETTER, name: str = "admission.pdf", note: str | None = None) -> dict:
    data = {"kind": kind, **({"note": note} if note is not None else {})}
    return {"data": data, "files": {"file": (name, content, "application/pdf")}}


async def test_the_host_issues_papers_once_the_place_is_accepted_and_the_applicant_downloads_them(
    service, catalog, events
):
    c = service.client
    who, app = await register_and_submit(c, catalog)
    aid = app["id"]
    admin = await service.admin_headers()
    host = await staff_headers(c, admin, Role.PARTNER, institutions=[catalog.institution_id])
    elsewhere = await staff_headers(c, admin, Role.PARTNER, institutions=[f"other-{uid('inst')}"])

    # submitted, not with the host: its existence is not revealed
    r = await c.post(f"/host/applications/{aid}/papers", headers=host, **_paper("admission_letter"))
    assert r.status_code == 404 and r.json()["code"] == "host.not_with_you"

    await offered(service, catalog, who, aid)
    # offered, not yet accepted: the refusal says what is missing, and nothing is kept
    r = await c.post(f"/host/applications/{aid}/papers", headers=host, **_paper("admission_letter"))
    assert r.status_code == 409 and r.json()["code"] == "papers.not_accepted"
    assert (await c.get(f"/host/applications/{aid}/papers", headers=host)).json() == []

    assert (await c.post(f"/applications/{aid}/offer/accept", headers=who.headers)).status_code == 200
    # bad input: a kind not offered, a file that is not a PDF, PNG or JPEG, a note too long
    r = await c.post(f"/host/applications/{aid}/papers", headers=host, **_paper("diploma"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
    r = await c.post(f"/host/applications/{aid}/papers", headers=host, **_paper("visa_form", b"<html>not a pdf"))
    assert r.status_code in (415, 422) and r.json()["errors"][0]["field"] == "file"
    r = await c.post(f"/host/applications/{aid}/papers", headers=host, **_paper("other", note="x" * 501))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    # another host: not found; the applicant cannot issue
    r = await c.post(f"/host/applications/{aid}/papers", headers=elsewhere, **_paper("admission_letter"))
    assert r.status_code == 404
    r = await c.post(f"/host/applications/{aid}/papers", headers=who.headers, **_paper("admission_letter"))
    assert r.status_code == 403

    letter = await c.post(
        f"/host/applications/{aid}/papers", headers=host, **_paper("admission_letter", note="Arrive by 1 September.")
    )
    assert letter.status_code == 201, letter.text
    letter = letter.json()
    assert letter["kind"] == "admission_letter" and letter["institution_id"] == catalog.institution_id
    assert letter["note"] == "Arrive by 1 September." and letter["superseded"] is False and letter["replaces"] is None
    first_form = (await c.post(f"/host/applications/{aid}/papers", headers=host, **_paper("visa_form"))).json()
    # a corrected visa form replaces the first; the host keeps both, the applicant reads what stands
    form = await c.post(f"/host/applications/{aid}/papers", headers=host, **_paper("visa_form", JW202, "JW202.pdf"))
    assert form.status_code == 201 and form.json()["replaces"] == first_form["id"]
    form = form.json()
    # the same file again (a double submit, a retry after a timeout): that paper, nothing issued
    again = await c.post(f"/host/applications/{aid}/papers", headers=host, **_paper("visa_form", JW202, "copy.pdf"))
    assert again.status_code == 200 and again.json()["id"] == form["id"] and again.json()["superseded"] is False

    mine = (await c.get(f"/applications/{aid}/papers", headers=who.headers)).json()
    assert [(p["id"], p["kind"]) for p in mine] == [(form["id"], "visa_form"), (letter["id"], "admission_letter")]
    theirs = (await c.get(f"/host/applications/{aid}/papers", headers=host)).json()
    assert {p["id"]: p["superseded"] for p in theirs} == {
        letter["id"]: False,
        first_form["id"]: True,
        form["id"]: False,
    }
    r = await c.get(f"/applications/{aid}/papers/{form['id']}", headers=who.headers)
    # named by what it is and who issued it: two papers both uploaded as "papers.pdf" downloaded alike
    assert r.status_code == 200 and r.content == JW202
    assert f"{catalog.institution_id}-visa-form.pdf" in r.headers["content-disposition"]
    r = await c.get(f"/host/applications/{aid}/papers/{letter['id']}", headers=host)
    assert r.status_code == 200 and r.content == LETTER
    # the replaced form is the host's record, no longer the applicant's to download
    assert (await c.get(f"/host/applications/{aid}/papers/{first_form['id']}", headers=host)).status_code == 200
    r = await c.get(f"/applications/{aid}/papers/{first_form['id']}", headers=who.headers)
    assert r.status_code == 404 and r.json()["code"] == "papers.not_found"
    assert (await c.get(f"/host/applications/{aid}/papers", headers=elsewhere)).status_code == 404
    # someone else's application: not theirs to read
    other, _ = await register_and_submit(c, catalog)
    assert (await c.get(f"/applications/{aid}/papers", headers=other.headers)).status_code in (403, 404)
    assert (await c.get(f"/applications/{aid}/papers/{form['id']}", headers=other.headers)).status_code in (403, 404)

    # each paper announced once, with what the applicant is told (the one sent twice: once)
    issued = await events.wait(aid, "application.papers_issued", count=3)
    await events.settle()
    assert len(events.of(aid, "application.papers_issued")) == 3
    by_paper = {e.data["paper_id"]: e.data for e in issued}
    assert set(by_paper) == {letter["id"], first_form["id"], form["id"]}
    assert by_paper[letter["id"]]["note"] == "Arrive by 1 September."
    assert by_paper[form["id"]]["replaces"] == first_form["id"] and by_paper[form["id"]]["applicant_id"] == who.id
