"""Referee letters over the API with real PostgreSQL and Kafka (issue 15): a referee's link
reaches exactly one letter and nothing else, stops working once used, the applicant sees
states but never the letter, letters count toward eligibility at submit, and officers read
the letters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from services.applications.models import RefereeRequest
from shared.clock import utcnow
from shared.events.catalog import LetterRequirement, Requirements
from tests.support.events import publish
from tests.support.flows import create_draft, demo_catalog, register, submit, wait_for_catalog

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LETTER = "I supervised Ayesha's final-year project on bridge load modelling; she is outstanding. " * 2
PREFIX = "https://portal.example/referee?token="


@pytest.fixture(scope="module")
async def letters_catalog(service):
    req = Requirements(letters=LetterRequirement(count=2, positions=["professor", "associate_professor"]))
    c = demo_catalog(requirements=req)
    await publish(service.bootstrap, *c.events)
    await wait_for_catalog(service.client, c)
    return c


def _referee(n: int, position: str, language: str) -> dict:
    return {
        "name": f"Prof. Referee {n}",
        "email": f"referee{n}@university.example",
        "position": position,
        "institution": "NUST",
        "relationship": "supervised my thesis",
        "language": language,
    }


def _as_referee(token: str) -> dict[str, str]:
    return {"X-Referee-Token": token}


async def test_a_referee_link_reaches_one_letter_once_and_letters_gate_the_submit(service, events, letters_catalog):
    client = service.client
    who = await register(client, nationality="PK", preferred_language="ur")
    draft = await create_draft(client, who, letters_catalog, choices=[letters_catalog.student_programmes[0]])
    app_id = draft["id"]
    base = f"/applications/{app_id}/referees"

    r = await client.post(base, json=_referee(1, "professor", "zh"), headers=who.headers)
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["state"] == "requested" and "letter" not in str(sorted(first))
    second = (await client.post(base, json=_referee(2, "associate_professor", "ru"), headers=who.headers)).json()
    r = await client.post(base, json=_referee(1, "professor", "en"), headers=who.headers)
    assert r.status_code == 409 and r.json()["code"] == "referee.already_named"
    r = await client.post(base, json={**_referee(3, "dean", "en")}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"].endswith("position")

    requested = await events.wait(app_id, "referee.requested", count=2)
    by_request = {e.data["request_id"]: e for e in requested}
    assert by_request[first["id"]].data["referee_language"] == "zh"
    assert by_request[first["id"]].data["referee_email"] == "referee1@university.example"
    links = {rid: e.data["link"] for rid, e in by_request.items()}
    assert all(link.startswith(PREFIX) for link in links.values())
    t1, t2 = (links[x["id"]].removeprefix(PREFIX) for x in (first, second))

    # the link opens its own request, and only that one
    r = await client.post("/referee/open", headers=_as_referee(t1))
    assert r.status_code == 200, r.text
    view = r.json()
    assert view["referee_name"] == "Prof. Referee 1" and view["applicant_name"] == "Aigerim Nurlanovna"
    assert view["language"] == "zh" and set(view) == {
        "referee_name",
        "language",
        "state",
        "due_at",
        "applicant_name",
        "programmes",
    }
    states = {x["id"]: x["state"] for x in (await client.get(base, headers=who.headers)).json()}
    assert states == {first["id"]: "opened", second["id"]: "requested"}
    # the token is no access token: it reaches no applicant or officer route
    for path in (base, f"/applications/{app_id}", f"/officer/applications/{app_id}/referees"):
        r = await client.get(path, headers={"Authorization": f"Bearer {t1}"})
        assert r.status_code == 401, (path, r.text)
    r = await client.post("/referee/open", headers=_as_referee(t1[:-3] + "abc"))
    assert r.status_code == 403 and r.json()["code"] == "referee.link_invalid"
    r = await client.post("/referee/open")
    assert r.status_code == 422

    # letters are missing: the submit is refused with the reason by code
    r = await submit(client, who, app_id)
    assert r.status_code == 422, r.text
    details = r.json()["errors"][0]["details"]
    assert [d["code"] for d in details] == ["eligibility.letters_missing"]
    assert details[0]["params"]["received"] == 0 and details[0]["params"]["required"] == 2

    # referee 1 uploads a PDF; the link is then used
    folder = service.settings.documents_path
    before = set(folder.iterdir())
    r = await client.post(
        "/referee/letter/file", headers=_as_referee(t1), files={"file": ("letter.pdf", PDF, "application/pdf")}
    )
    assert r.status_code == 200, r.text
    [stored] = set(folder.iterdir()) - before
    assert b"%PDF-" not in stored.read_bytes()  # encrypted at rest; the officer gets the exact bytes below
    for again in (
        client.post("/referee/open", headers=_as_referee(t1)),
        client.post("/referee/decline", headers=_as_referee(t1)),
        client.post("/referee/letter/text", headers=_as_referee(t1), json={"text": LETTER}),
    ):
        r = await again
        assert r.status_code == 409 and r.json()["code"] == "referee.link_used"
    # a PNG is no letter
    r = await client.post(
        "/referee/letter/file",
        headers=_as_referee(t2),
        files={"file": ("letter.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png")},
    )
    assert r.status_code == 415 and r.json()["code"] == "referee.letter_not_pdf"
    r = await client.post("/referee/letter/text", headers=_as_referee(t2), json={"text": LETTER})
    assert r.status_code == 200, r.text

    answered = await events.wait(app_id, "referee.letter_submitted", count=2)
    assert {e.data["request_id"] for e in answered} == {first["id"], second["id"]}
    # the first letter left one missing; with the second, the draft can be submitted: the applicant is told
    flags = {e.data["request_id"]: (e.data["letters_complete"], e.data["ready_to_submit"]) for e in answered}
    assert flags == {first["id"]: (False, False), second["id"]: (True, True)}
    assert all("letter" not in str(e.data.get("text", "")) and "text" not in e.data for e in answered)
    listed = (await client.get(base, headers=who.headers)).json()
    assert {x["state"] for x in listed} == {"submitted"}
    assert LETTER.strip()[:40] not in str(listed)  # the applicant never sees the content

    r = await submit(client, who, app_id)
    assert r.status_code == 200, r.text

    # officers in scope read the letters; the applicant cannot
    admin = await service.admin_headers()
    r = await client.get(f"/officer/applications/{app_id}/referees", headers=admin)
    assert r.status_code == 200, r.text
    forms = {x["id"]: x["letter"] for x in r.json()}
    assert forms == {first["id"]: "file", second["id"]: "text"}
    r = await client.get(f"/officer/applications/{app_id}/referees/{first['id']}/letter", headers=admin)
    assert r.status_code == 200 and r.content == PDF and r.headers["content-type"] == "application/pdf"
    r = await client.get(f"/officer/applications/{app_id}/referees/{second['id']}/letter", headers=admin)
    assert r.status_code == 200 and r.text == LETTER.strip()
    r = await client.get(f"/officer/applications/{app_id}/referees/{first['id']}/letter", headers=who.headers)
    assert r.status_code == 403


async def test_a_declined_referee_is_replaced_and_the_old_link_dies(service, events, letters_catalog):
    client = service.client
    who = await register(client, nationality="PK")
    draft = await create_draft(client, who, letters_catalog, choices=[letters_catalog.student_programmes[0]])
    base = f"/applications/{draft['id']}/referees"
    # a field the request does not know is refused, as in every other body, and nothing is named
    r = await client.post(base, json={**_referee(1, "professor", "ru"), "state": "submitted"}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "state", r.text
    first = (await client.post(base, json=_referee(1, "professor", "ru"), headers=who.headers)).json()
    (requested,) = await events.wait(draft["id"], "referee.requested", count=1)
    token = requested.data["link"].removeprefix(PREFIX)
    # the page may ask for the programmes in its own language, one of the referees' languages
    r = await client.post("/referee/open", params={"language": "zh"}, headers=_as_referee(token))
    assert r.status_code == 200 and r.json()["language"] == "ru" and r.json()["programmes"], r.text
    r = await client.post("/referee/open", params={"language": "fr"}, headers=_as_referee(token))
    assert r.status_code == 422 and r.json()["errors"][0]["field"].endswith("language"), r.text
    # the referee says why (the applicant reads it, and asks someone else)
    reason = {"reason": "  I am on leave until March.  "}
    r = await client.post("/referee/decline", json=reason, headers=_as_referee(token))
    assert r.status_code == 200 and r.json() == {"state": "declined"}
    (declined,) = await events.wait(draft["id"], "referee.declined", count=1)
    assert declined.data["reason"] == "I am on leave until March."
    assert declined.data["letters_complete"] is False  # two letters asked, none in: the notice asks for another
    told = {x["id"]: x for x in (await client.get(base, headers=who.headers)).json()}
    assert told[first["id"]]["decline_reason"] == "I am on leave until March."
    r = await client.post(f"{base}/{first['id']}/remind", headers=who.headers)
    assert r.status_code == 409 and r.json()["code"] == "referee.not_waiting"
    r = await client.post(f"{base}/{first['id']}/replace", json=_referee(4, "professor", "zh"), headers=who.headers)
    assert r.status_code == 201, r.text
    listed = (await client.get(base, headers=who.headers)).json()
    assert [(x["name"], x["state"]) for x in listed] == [("Prof. Referee 4", "requested")]
    r = await client.post("/referee/open", headers=_as_referee(token))
    assert r.status_code == 403 and r.json()["code"] == "referee.link_withdrawn"  # replaced: told so
    # a reminder a second after the request itself is refused: the referee was just written to
    new_id = listed[0]["id"]
    r = await client.post(f"{base}/{new_id}/remind", headers=who.headers)
    assert r.status_code == 429 and r.json()["code"] == "referee.reminded_recently", r.text
    # a day later the applicant reminds the new referee once; a second reminder the same day is refused
    engine = create_async_engine(service.database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                update(RefereeRequest)
                .where(RefereeRequest.id == new_id)
                .values(created_at=utcnow() - timedelta(days=1))
            )
    finally:
        await engine.dispose()
    r = await client.post(f"{base}/{new_id}/remind", headers=who.headers)
    assert r.status_code == 200, r.text
    r = await client.post(f"{base}/{new_id}/remind", headers=who.headers)
    assert r.status_code == 429 and r.json()["code"] == "referee.reminded_recently"
    assert int(r.headers["retry-after"]) > 0
    reminded = await events.wait(draft["id"], "referee.reminded", count=1)
    assert reminded[0].data["referee_language"] == "zh" and reminded[0].data["by"] == "applicant"
    # someone else cannot see or touch these referees
    other = await register(client)
    assert (await client.get(base, headers=other.headers)).status_code == 404
    r = await client.post(f"{base}/{new_id}/cancel", headers=other.headers)
    assert r.status_code == 404


async def test_naming_and_cancelling_referees_cannot_mail_strangers_without_end(service, letters_catalog):
    """Each request e-mails its referee, and each cancellation too: a loop of both had sent mail
    with words of the applicant's choosing (a name holding a link) to any address, eight a
    second. An application asks at most three requests per referee place in all."""
    client = service.client
    who = await register(client, nationality="PK")
    draft = await create_draft(client, who, letters_catalog, choices=[letters_catalog.student_programmes[0]])
    base = f"/applications/{draft['id']}/referees"
    most = service.settings.max_referees_per_application * 3
    for n in range(most):
        r = await client.post(base, json=_referee(100 + n, "professor", "en"), headers=who.headers)
        assert r.status_code == 201, (n, r.text)
        assert (await client.post(f"{base}/{r.json()['id']}/cancel", headers=who.headers)).status_code == 204
    r = await client.post(base, json=_referee(999, "professor", "en"), headers=who.headers)
    assert r.status_code == 409 and r.json()["code"] == "referee.too_many_requests", r.text
    assert r.json()["errors"][0]["max"] == most and "messages" in r.json()["detail"]
    assert (await client.get(base, headers=who.headers)).json() == []  # nothing named by the refusal


async def test_a_withdrawal_ends_the_requests_still_waiting_and_tells_their_referees(service, events, letters_catalog):
    # the waiting referee heard nothing, and their link said to ask the applicant for a new one
    client = service.client
    who = await register(client, nationality="PK")
    draft = await create_draft(client, who, letters_catalog, choices=[letters_catalog.student_programmes[0]])
    base = f"/applications/{draft['id']}/referees"
    waiting = (await client.post(base, json=_referee(1, "professor", "ru"), headers=who.headers)).json()
    answered = (await client.post(base, json=_referee(2, "professor", "en"), headers=who.headers)).json()
    requested = {e.data["request_id"]: e for e in await events.wait(draft["id"], "referee.requested", count=2)}
    tokens = {rid: e.data["link"].removeprefix(PREFIX) for rid, e in requested.items()}
    r = await client.post("/referee/decline", json={"reason": "On leave."}, headers=_as_referee(tokens[answered["id"]]))
    assert r.status_code == 200

    r = await client.post(f"/applications/{draft['id']}/withdraw", headers=who.headers)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    [cancelled] = await events.wait(draft["id"], "referee.cancelled", count=1)
    assert cancelled.data["request_id"] == waiting["id"] and cancelled.data["referee_language"] == "ru"
    r = await client.post("/referee/open", headers=_as_referee(tokens[waiting["id"]]))
    assert r.status_code == 403 and r.json()["code"] == "referee.link_withdrawn"
    r = await client.post("/referee/open", headers=_as_referee(tokens[answered["id"]]))
    assert r.status_code == 409 and r.json()["code"] == "referee.link_used"  # the one who answered: as before
