"""Who may touch referee letters, as a matrix (issue 15): the applicant only their own
referees and never a letter; officers the letters of applications in their scope; partners
and anyone else nothing; the referee's token only its own request, and not after its
deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from services.applications.models import RefereeRequest
from shared.clock import utcnow
from shared.events.catalog import LetterRequirement, Requirements
from shared.principal import Role
from tests.support.accounts import staff_headers
from tests.support.events import publish
from tests.support.flows import create_draft, demo_catalog, register, submit, wait_for_catalog

PREFIX = "https://portal.example/referee?token="
LETTER = "She led our student research group for two years with great care and rigour. " * 2


def _referee(n: int) -> dict:
    return {
        "name": f"Prof. Matrix {n}",
        "email": f"matrix{n}@university.example",
        "position": "professor",
        "institution": "KazNU",
        "relationship": "head of department",
        "language": "ru",
    }


@pytest.fixture(scope="module")
async def world(service, events):
    catalog = demo_catalog(requirements=Requirements(letters=LetterRequirement(count=1)))
    await publish(service.bootstrap, *catalog.events)
    await wait_for_catalog(service.client, catalog)
    client = service.client
    owner, stranger = await register(client), await register(client)
    draft = await create_draft(client, owner, catalog, choices=[catalog.student_programmes[0]])
    app_id = draft["id"]
    base = f"/applications/{app_id}/referees"
    written = (await client.post(base, json=_referee(1), headers=owner.headers)).json()
    waiting = (await client.post(base, json=_referee(2), headers=owner.headers)).json()
    requested = await events.wait(app_id, "referee.requested", count=2)
    tokens = {e.data["request_id"]: e.data["link"].removeprefix(PREFIX) for e in requested}
    r = await client.post(
        "/referee/letter/text", headers={"X-Referee-Token": tokens[written["id"]]}, json={"text": LETTER}
    )
    assert r.status_code == 200, r.text
    assert (await submit(client, owner, app_id)).status_code == 200
    admin = await service.admin_headers()

    async def staff(role: Role, **scope) -> dict[str, str]:
        return await staff_headers(client, admin, role, **scope)

    return {
        "owner": owner.headers,
        "stranger": stranger.headers,
        "officer_in_scope": await staff(Role.OFFICER, schemes=[catalog.scheme_id]),
        "officer_by_institution": await staff(Role.OFFICER, institutions=[catalog.institution_id]),
        "officer_other_scheme": await staff(Role.OFFICER, schemes=["cgs-cpec"]),
        "partner": await staff(Role.PARTNER, institutions=[catalog.institution_id]),
        "admin": admin,
        "nobody": {},
        "referee_token": {"Authorization": f"Bearer {tokens[waiting['id']]}"},
        "app": app_id,
        "written": written["id"],
        "waiting": waiting["id"],
        "tokens": tokens,
    }


APPLICANT_ROUTES = [
    ("GET", "/applications/{app}/referees"),
    ("POST", "/applications/{app}/referees"),
    ("POST", "/applications/{app}/referees/{waiting}/remind"),
    ("POST", "/applications/{app}/referees/{waiting}/cancel"),
    ("POST", "/applications/{app}/referees/{waiting}/replace"),
]
APPLICANT_EXPECTED = {
    "stranger": 404,
    "officer_in_scope": 403,
    "partner": 403,
    "admin": 403,
    "nobody": 401,
    "referee_token": 401,
}


@pytest.mark.parametrize("who", list(APPLICANT_EXPECTED))
@pytest.mark.parametrize("method,path", APPLICANT_ROUTES)
async def test_referee_routes_of_an_application_only_for_its_owner(service, world, who, method, path):
    url = path.format(app=world["app"], waiting=world["waiting"])
    kwargs = {"json": _referee(9)} if method == "POST" and path.endswith(("referees", "replace")) else {}
    r = await service.client.request(method, url, headers=world[who], **kwargs)
    assert r.status_code == APPLICANT_EXPECTED[who], r.text


LETTER_EXPECTED = {
    "officer_in_scope": 200,
    "officer_by_institution": 200,
    "admin": 200,
    "officer_other_scheme": 404,
    "owner": 403,  # the applicant never reads a letter
    "stranger": 403,
    "partner": 403,
    "nobody": 401,
    "referee_token": 401,
}


@pytest.mark.parametrize("who", list(LETTER_EXPECTED))
async def test_letters_only_for_officers_in_scope(service, world, who):
    for path in ("/officer/applications/{app}/referees", "/officer/applications/{app}/referees/{written}/letter"):
        url = path.format(app=world["app"], written=world["written"])
        r = await service.client.get(url, headers=world[who])
        assert r.status_code == LETTER_EXPECTED[who], (url, r.text)
        if r.status_code == 200 and url.endswith("/letter"):
            assert r.text == LETTER.strip()


async def test_the_owner_sees_states_and_never_the_letter(service, world):
    r = await service.client.get(f"/applications/{world['app']}/referees", headers=world["owner"])
    assert r.status_code == 200
    assert {x["id"]: x["state"] for x in r.json()} == {world["written"]: "submitted", world["waiting"]: "requested"}
    assert LETTER.strip()[:30] not in r.text


async def test_a_referee_token_reaches_its_own_request_only_and_not_after_the_deadline(service, world):
    client = service.client
    token = world["tokens"][world["waiting"]]
    r = await client.post("/referee/open", headers={"X-Referee-Token": token})
    assert r.status_code == 200 and r.json()["referee_name"] == "Prof. Matrix 2"
    # the written letter's token is used; no id in a path or body can steer a token elsewhere
    r = await client.post("/referee/open", headers={"X-Referee-Token": world["tokens"][world["written"]]})
    assert r.status_code == 409 and r.json()["code"] == "referee.link_used"
    # past its deadline (as if the cycle closed) the link no longer works
    engine = create_async_engine(service.database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                update(RefereeRequest)
                .where(RefereeRequest.id == world["waiting"])
                .values(due_at=utcnow() - timedelta(minutes=1))
            )
    finally:
        await engine.dispose()
    r = await client.post("/referee/open", headers={"X-Referee-Token": token})
    assert r.status_code == 403 and r.json()["code"] == "referee.link_expired"
    listed = (await client.get(f"/applications/{world['app']}/referees", headers=world["owner"])).json()
    assert {x["id"]: x["state"] for x in listed}[world["waiting"]] == "expired"
