"""Endorsement by the home institution (issue 14) over real PostgreSQL and Kafka, the
applications service's side: an applicant names a catalog institution of their country as
home institution (required to submit under an endorsement stage), application.submitted
carries it, the institution's endorsement.decided (published on Kafka as the matching service
would) moves the application, and coordinator accounts review their own applicants only."""

from __future__ import annotations

import jwt
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from services.applications.models import CatalogInstitution, CatalogScheme
from shared.events.catalog import (
    EndorsementDecided,
    EndorsementState,
    InstitutionUpserted,
    MatchProposed,
    SchemeUpserted,
    Stage,
)
from shared.principal import Role
from tests.integration.applications.test_documents import PDF
from tests.support.accounts import staff_headers
from tests.support.events import publish
from tests.support.flows import Catalog, application_body, demo_catalog, login, register, submit, wait_for_catalog
from tests.support.ids import uid
from tests.support.infra import wait_for

PASSWORD = "amber-thistle-harbour-29"
PATH = [Stage.ENDORSEMENT, Stage.MATCHING, Stage.REVIEW, Stage.ANSWER]
KAZNU = "Al-Farabi Kazakh National University"
ENU = "L.N. Gumilyov Eurasian National University"
PREFIX = "https://portal.example/referee?token="


def claims(headers: dict[str, str]) -> dict:
    return jwt.decode(headers["Authorization"].split()[1], options={"verify_signature": False})


@pytest.fixture(scope="module")
async def exchange(service) -> dict:
    """A scheme whose path starts with endorsement, one open cycle, and three home institutions
    (two in Kazakhstan, one in Pakistan)."""
    c: Catalog = demo_catalog()
    homes = {"kaznu": uid("kaznu"), "enu": uid("enu"), "kemu": uid("kemu")}
    c.events = [e.model_copy(update={"path": PATH}) if isinstance(e, SchemeUpserted) else e for e in c.events] + [
        InstitutionUpserted(institution_id=homes["kaznu"], name=KAZNU, country="KZ", kind="university"),
        InstitutionUpserted(institution_id=homes["enu"], name=ENU, country="KZ", kind="university"),
        InstitutionUpserted(institution_id=homes["kemu"], name="King Edward Medical University", country="PK"),
    ]
    await publish(service.bootstrap, *c.events)
    await wait_for_catalog(service.client, c)
    engine = create_async_engine(service.database_url)  # no API reads schemes or institutions

    async def read() -> bool:
        async with engine.connect() as conn:
            path = await conn.scalar(select(CatalogScheme.path).where(CatalogScheme.id == c.scheme_id))
            known = await conn.scalar(
                select(func.count()).select_from(CatalogInstitution).where(CatalogInstitution.id.in_(homes.values()))
            )
        return path == ["endorsement", "matching", "review", "answer"] and known == 3

    try:
        await wait_for(read, timeout=60, what="the scheme's path and the home institutions")
    finally:
        await engine.dispose()
    return {"catalog": c, **homes}


async def draft(client, who, exchange, **overrides):
    return await client.post(
        "/applications", json=application_body(exchange["catalog"], **overrides), headers=who.headers
    )


async def applied(client, exchange, home: str = "kaznu"):
    who = await register(client)
    r = await draft(client, who, exchange, home_institution_id=exchange[home])
    assert r.status_code == 201, r.text
    submitted = await submit(client, who, r.json()["id"])
    assert submitted.status_code == 200, submitted.text
    return who, submitted.json()


# --- naming the home institution ---------------------------------------------------------------


async def test_an_applicant_names_a_home_institution_of_their_country_to_submit(service, exchange, events):
    c = service.client
    who = await register(c)  # Kazakh
    for home, code in [("nowhere-at-all", "application.unknown_home_institution"), (exchange["kemu"], None)]:
        r = await draft(c, who, exchange, home_institution_id=home)
        assert r.status_code == 422, r.text
        body = r.json()
        assert body["errors"][0]["field"] == "home_institution_id"
        assert body["code"] == (code or "application.home_institution_country")
    r = await draft(c, who, exchange)  # none named yet: a draft may wait for it
    assert r.status_code == 201, r.text
    app = r.json()
    assert app["home_institution_id"] is None and app["home_institution_name"] is None and app["endorsement"] is None
    r = await submit(c, who, app["id"])
    assert r.status_code == 422 and r.json()["code"] == "application.home_institution_required"
    assert r.json()["errors"][0]["field"] == "home_institution_id"

    r = await c.patch(
        f"/applications/{app['id']}", json={"home_institution_id": exchange["kaznu"]}, headers=who.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["home_institution_id"] == exchange["kaznu"] and r.json()["home_institution_name"] == KAZNU
    r = await submit(c, who, app["id"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "submitted" and r.json()["home_institution_name"] == KAZNU
    (sent,) = await events.wait(app["id"], "application.submitted")
    assert sent.data["home_institution_id"] == exchange["kaznu"]

    # until the window closes, a submitted application may name another (of its country) and is announced again
    r = await c.patch(f"/applications/{app['id']}", json={"home_institution_id": exchange["kemu"]}, headers=who.headers)
    assert r.status_code == 422 and r.json()["code"] == "application.home_institution_country"
    r = await c.patch(f"/applications/{app['id']}", json={"home_institution_id": None}, headers=who.headers)
    assert r.status_code == 422 and r.json()["code"] == "application.home_institution_required"
    r = await c.patch(f"/applications/{app['id']}", json={"home_institution_id": exchange["enu"]}, headers=who.headers)
    assert r.status_code == 200 and r.json()["home_institution_name"] == ENU
    (updated,) = await events.wait(app["id"], "application.updated")
    assert updated.data["home_institution_id"] == exchange["enu"]
    listed = (await c.get("/applications", headers=who.headers)).json()["items"]
    assert [(a["id"], a["home_institution_name"]) for a in listed] == [(app["id"], ENU)]


# --- endorsement.decided ------------------------------------------------------------------------


def decided(app: dict, exchange: dict, state: str, version: int, **extra) -> EndorsementDecided:
    return EndorsementDecided(
        application_id=app["id"],
        applicant_id=app["applicant_id"],
        cycle_id=app["cycle_id"],
        scheme_id=app["scheme_id"],
        home_institution_id=exchange["kaznu"],
        institution=KAZNU,
        state=EndorsementState(state),
        version=version,
        **extra,
    )


async def test_the_home_institutions_decision_moves_the_application(service, exchange, events):
    c = service.client
    who, app = await applied(c, exchange)

    async def seen(check, what: str) -> dict:
        async def probe():
            body = (await c.get(f"/applications/{app['id']}", headers=who.headers)).json()
            return body if check(body) else None

        return await wait_for(probe, timeout=45, what=what)

    await publish(service.bootstrap, decided(app, exchange, "endorsed", 1, cohort="Medicine 2026"))
    body = await seen(lambda b: b["status"] == "endorsed", "endorsed")
    assert body["endorsement"] == {
        "state": "endorsed",
        "reason": None,
        "cohort": "Medicine 2026",
        "institution": KAZNU,
        "version": 1,
    }
    assert body["history"][-1]["details"][0]["code"] == "endorsement.endorsed"
    # endorsed: no more edits (the institution endorsed what it read)
    r = await c.patch(f"/applications/{app['id']}", json={"statement": "more"}, headers=who.headers)
    assert r.status_code == 409 and r.json()["code"] == "application.not_editable"

    # the institution changes its mind; the older decision, delivered late, changes nothing
    await publish(
        service.bootstrap,
        decided(app, exchange, "not_endorsed", 2, reason="Your transcript is incomplete."),
        decided(app, exchange, "endorsed", 1, cohort="Medicine 2026"),
    )
    body = await seen(lambda b: b["status"] == "not_endorsed", "not endorsed")
    await events.settle(2)  # time for the late one to be read
    body = (await c.get(f"/applications/{app['id']}", headers=who.headers)).json()
    assert body["status"] == "not_endorsed" and body["endorsement"]["version"] == 2
    assert body["endorsement"]["reason"] == body["history"][-1]["reason"] == "Your transcript is incomplete."
    assert [h["status"] for h in body["history"]] == ["draft", "submitted", "endorsed", "not_endorsed"]

    # endorsed again, then placed by a round: a later decision changes the record only
    await publish(service.bootstrap, decided(app, exchange, "endorsed", 3))
    await seen(lambda b: b["status"] == "endorsed", "endorsed again")
    proposed = MatchProposed(
        round_id=uid("r"),
        match_id=uid("m"),
        application_id=app["id"],
        applicant_id=app["applicant_id"],
        cycle_id=app["cycle_id"],
        programme_id=exchange["catalog"].student_programmes[0],
        host_institution_id=exchange["catalog"].institution_id,
        rank=1,
    )
    await publish(service.bootstrap, proposed)
    await seen(lambda b: b["status"] == "under_review", "under review")
    await publish(service.bootstrap, decided(app, exchange, "not_endorsed", 4, reason="late"))
    body = await seen(lambda b: (b["endorsement"] or {}).get("version") == 4, "the fourth decision")
    assert body["status"] == "under_review" and body["endorsement"]["state"] == "not_endorsed"
    r = await c.post(f"/applications/{app['id']}/withdraw", json={"reason": "elsewhere"}, headers=who.headers)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"


async def test_a_not_endorsed_application_is_withdrawable(service, exchange):
    c = service.client
    who, app = await applied(c, exchange)
    await publish(service.bootstrap, decided(app, exchange, "not_endorsed", 1, reason="quota reached"))

    async def not_endorsed():
        body = (await c.get(f"/applications/{app['id']}", headers=who.headers)).json()
        return body["status"] == "not_endorsed"

    await wait_for(not_endorsed, timeout=45, what="not endorsed")
    r = await c.post(f"/applications/{app['id']}/withdraw", headers=who.headers)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"


# --- coordinator accounts -----------------------------------------------------------------------


def coordinator(**overrides) -> dict:
    return {
        "email": f"{uid('kaznu')}@kaznu.example.kz",
        "password": PASSWORD,
        "name": "KazNU international office",
        "role": "coordinator",
        "schemes": ["pk-kz-med"],
        "institutions": ["kaznu"],
        **overrides,
    }


async def test_an_admin_makes_a_coordinator_who_logs_in_with_its_institutions(service, events):
    admin = await service.admin_headers()
    body = coordinator(institutions=["kaznu", "enu"])
    r = await service.client.post("/admin/accounts", json=body, headers=admin)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["role"] == "coordinator" and made["institutions"] == ["enu", "kaznu"] and made["countries"] == []

    headers = await login(service.client, body["email"], PASSWORD)  # the portal's log-in
    c = claims(headers)
    assert (c["role"], c["institutions"], c["schemes"]) == ("coordinator", ["enu", "kaznu"], ["pk-kz-med"])
    (env,) = await events.wait(made["id"], "account.upserted")
    assert env.data["role"] == "coordinator" and env.data["institutions"] == ["enu", "kaznu"]

    r = await service.client.patch(f"/admin/accounts/{made['id']}", json={"institutions": ["kaznu"]}, headers=admin)
    assert r.status_code == 200 and r.json()["institutions"] == ["kaznu"]
    assert (await events.wait(made["id"], "account.upserted", count=2))[-1].data["institutions"] == ["kaznu"]
    r = await service.client.patch(f"/admin/accounts/{made['id']}", json={"institutions": []}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "account.coordinator_institutions"
    listed = await service.client.get("/admin/accounts", params={"role": "coordinator", "limit": 500}, headers=admin)
    assert [a["institutions"] for a in listed.json()["items"] if a["id"] == made["id"]] == [["kaznu"]]
    # the token from before the change carried the old institutions: it no longer works
    assert (await service.client.get("/applications", headers=headers)).json()["code"] == "auth.revoked"
    headers = await login(service.client, body["email"], PASSWORD)
    assert claims(headers)["institutions"] == ["kaznu"]
    # a coordinator makes no accounts and has no applications of its own
    assert (await service.client.post("/admin/accounts", json=coordinator(), headers=headers)).status_code == 403
    assert (await service.client.get("/applications", headers=headers)).status_code == 403


@pytest.mark.parametrize(
    "overrides,code,field",
    [
        ({"institutions": []}, "account.coordinator_institutions", "institutions"),
        ({"countries": ["KZ"]}, "account.countries_for_nominators", "countries"),
    ],
)
async def test_a_coordinator_needs_institutions_and_no_countries(service, overrides, code, field):
    admin = await service.admin_headers()
    r = await service.client.post("/admin/accounts", json=coordinator(**overrides), headers=admin)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == code and r.json()["errors"][0]["field"] == field


# --- coordinators as reviewers ------------------------------------------------------------------


@pytest.fixture(scope="module")
async def reviewed(service, exchange, events) -> dict:
    """An applicant of KazNU with two documents and a written referee letter, one of ENU, and
    a KazNU applicant's draft; coordinators of KazNU, of ENU and of KazNU in another scheme."""
    c = service.client
    scheme = exchange["catalog"].scheme_id
    owner = await register(c)
    app = (await draft(c, owner, exchange, home_institution_id=exchange["kaznu"])).json()
    docs = {}
    for kind in ("passport", "transcript"):
        r = await c.post(
            f"/applications/{app['id']}/documents",
            headers=owner.headers,
            data={"kind": kind},
            files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
        )
        assert r.status_code == 201, r.text
        docs[kind] = r.json()["id"]
    referee = {
        "name": "Prof. Endorse",
        "email": "endorse@kaznu.example.kz",
        "position": "professor",
        "institution": "KazNU",
        "relationship": "supervisor",
        "language": "ru",
    }
    r = await c.post(f"/applications/{app['id']}/referees", json=referee, headers=owner.headers)
    assert r.status_code == 201, r.text
    request_id = r.json()["id"]
    (asked,) = await events.wait(app["id"], "referee.requested")
    token = asked.data["link"].removeprefix(PREFIX)
    letter = {"text": "A careful and generous student, first in her year of clinical medicine. " * 2}
    r = await c.post("/referee/letter/text", headers={"X-Referee-Token": token}, json=letter)
    assert r.status_code == 200, r.text
    assert (await submit(c, owner, app["id"])).status_code == 200
    _other, theirs = await applied(c, exchange, "enu")
    later = await register(c)
    still_draft = (await draft(c, later, exchange, home_institution_id=exchange["kaznu"])).json()
    admin = await service.admin_headers()

    async def coord(*homes: str, schemes: list[str] | None = None) -> dict[str, str]:
        return await staff_headers(
            c, admin, Role.COORDINATOR, schemes=schemes or [scheme], institutions=[exchange[h] for h in homes]
        )

    return {
        "app": app["id"],
        "theirs": theirs["id"],
        "draft": still_draft["id"],
        "docs": docs,
        "letter": request_id,
        "owner": owner.headers,
        "kaznu": await coord("kaznu"),
        "kaznu_any_scheme": await staff_headers(c, admin, Role.COORDINATOR, institutions=[exchange["kaznu"]]),
        "enu": await coord("enu"),
        "kaznu_other_scheme": await coord("kaznu", schemes=["luban-tj"]),
    }


SEES = {"kaznu": True, "kaznu_any_scheme": True, "enu": False, "kaznu_other_scheme": False}


@pytest.mark.parametrize("who,sees", list(SEES.items()))
async def test_a_coordinator_reads_its_own_institutions_applicants_only(service, exchange, reviewed, who, sees):
    c, headers, app = service.client, reviewed[who], reviewed["app"]
    listed = await c.get("/officer/applications", params={"cycle_id": exchange["catalog"].cycle_id}, headers=headers)
    assert listed.status_code == 200
    ids = {a["id"] for a in listed.json()["items"]}
    assert (app in ids) is sees and reviewed["draft"] not in ids
    home = exchange["enu"] if who == "enu" else exchange["kaznu"]
    if who != "kaznu_other_scheme":  # its own institution's applicants, and no one else's
        assert {a["home_institution_id"] for a in listed.json()["items"]} == {home}
    assert (reviewed["theirs"] in ids) is (who == "enu")
    expected = 200 if sees else 404
    for path in (
        "/officer/applications/{app}",
        "/officer/applications/{app}/documents",
        "/officer/applications/{app}/documents/{passport}",
        "/officer/applications/{app}/checklist",
        "/officer/applications/{app}/referees",
        "/officer/applications/{app}/referees/{letter}/letter",
    ):
        url = path.format(app=app, passport=reviewed["docs"]["passport"], letter=reviewed["letter"])
        r = await c.get(url, headers=headers)
        assert r.status_code == expected, (url, r.text)
        if not sees:
            assert r.json()["code"] == "application.not_in_scope"
    one = await c.get(f"/officer/applications/{app}", headers=headers)
    if sees:
        assert one.json()["home_institution_id"] and one.json()["home_institution_name"] == KAZNU
        assert one.json()["applicant_name"] == "Aigerim Nurlanovna"
    # a draft is nobody's but the applicant's; the journal stays with officers
    r = await c.get(f"/officer/applications/{reviewed['draft']}", headers=headers)
    assert r.status_code == 404
    assert (await c.get(f"/officer/applications/{app}/journal", headers=headers)).status_code == 403
    # the applicant's own routes are not a reviewer's
    assert (await c.get(f"/applications/{app}", headers=headers)).status_code == 403


async def test_a_coordinator_verifies_and_rejects_its_own_applicants_documents_only(service, reviewed, events):
    c, app, docs = service.client, reviewed["app"], reviewed["docs"]
    base = f"/officer/applications/{app}/documents"
    for who in ("enu", "kaznu_other_scheme"):
        r = await c.post(f"{base}/{docs['passport']}/verify", headers=reviewed[who])
        assert r.status_code == 404 and r.json()["code"] == "application.not_in_scope"
        r = await c.post(f"{base}/{docs['transcript']}/reject", headers=reviewed[who], json={"reason": "illegible"})
        assert r.status_code == 404 and r.json()["code"] == "application.not_in_scope"
    r = await c.post(f"{base}/{docs['passport']}/verify", headers=reviewed["kaznu"])
    assert r.status_code == 200 and r.json()["state"] == "verified" and r.json()["reviewed_by"]
    r = await c.post(
        f"{base}/{docs['transcript']}/reject",
        headers=reviewed["kaznu"],
        json={"reason": "not_attested", "note": "the university's stamp is missing"},
    )
    assert r.status_code == 200 and r.json()["state"] == "rejected"
    (rejected,) = await events.wait(app, "document.rejected")
    assert rejected.data["note"] == "the university's stamp is missing"
    mine = (await c.get(f"/applications/{app}/documents", headers=reviewed["owner"])).json()
    assert {d["id"]: d["state"] for d in mine} == {docs["passport"]: "verified", docs["transcript"]: "rejected"}
