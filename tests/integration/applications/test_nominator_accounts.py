"""Nominator accounts (issue 14) over real PostgreSQL and Kafka: an admin makes a sending
country's nominating authority (scoped to schemes and countries), its token carries the
countries, account.upserted announces them; and the log-ins `make run` prints work."""

from __future__ import annotations

import jwt
import pytest

from services.matching.demo import hosts_of
from tests.support.flows import login
from tests.support.ids import uid
from tools import demo

PASSWORD = "amber-thistle-harbour-29"


def claims(headers: dict[str, str]) -> dict:
    """What a token says (its signature is another test's concern: test_accounts.py)."""
    return jwt.decode(headers["Authorization"].split()[1], options={"verify_signature": False})


def nominator(**overrides) -> dict:
    return {
        "email": f"{uid('hec')}@hec.example.pk",
        "password": PASSWORD,
        "name": "Higher Education Commission (HEC)",
        "role": "nominator",
        "schemes": ["sco"],
        "countries": ["PK"],
        **overrides,
    }


async def test_an_admin_makes_a_nominator_whose_token_and_announcement_carry_its_countries(service, events):
    admin = await service.admin_headers()
    body = nominator(countries=["PK", "KZ"])
    r = await service.client.post("/admin/accounts", json=body, headers=admin)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["role"] == "nominator" and made["countries"] == ["KZ", "PK"] and made["schemes"] == ["sco"]
    assert made["institutions"] == []

    hec = await login(service.client, body["email"], PASSWORD)
    c = claims(hec)
    assert c["role"] == "nominator" and c["countries"] == ["KZ", "PK"] and c["schemes"] == ["sco"]
    (env,) = await events.wait(made["id"], "account.upserted")
    assert env.data["role"] == "nominator" and env.data["countries"] == ["KZ", "PK"]

    r = await service.client.patch(f"/admin/accounts/{made['id']}", json={"countries": ["PK"]}, headers=admin)
    assert r.status_code == 200 and r.json()["countries"] == ["PK"]
    changed = (await events.wait(made["id"], "account.upserted", count=2))[-1]
    assert changed.data["countries"] == ["PK"]
    listed = await service.client.get("/admin/accounts", params={"role": "nominator"}, headers=admin)
    assert [a["countries"] for a in listed.json()["items"] if a["id"] == made["id"]] == [["PK"]]
    # Another token after the change carries the new scope.
    assert claims(await login(service.client, body["email"], PASSWORD))["countries"] == ["PK"]


@pytest.mark.parametrize(
    "overrides,status,code,field",
    [
        ({"countries": []}, 422, "account.nominator_countries", "countries"),
        ({"countries": ["pk"]}, 422, None, "countries.0"),  # ISO 3166-1 alpha-2, upper case
        ({"countries": ["PAK"]}, 422, None, "countries.0"),
        ({"institutions": ["lzu"]}, 422, "account.nominator_institutions", "institutions"),
        ({"role": "officer"}, 422, "account.countries_for_nominators", "countries"),
        (
            {"role": "partner", "schemes": [], "institutions": ["lzu"]},
            422,
            "account.countries_for_nominators",
            "countries",
        ),
    ],
)
async def test_a_nominator_needs_countries_and_only_a_nominator_has_them(service, overrides, status, code, field):
    admin = await service.admin_headers()
    r = await service.client.post("/admin/accounts", json=nominator(**overrides), headers=admin)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["errors"][0]["field"] == field
    if code:
        assert body["code"] == code


async def test_a_nominators_countries_cannot_be_emptied_and_officers_get_none(service):
    admin = await service.admin_headers()
    made = (await service.client.post("/admin/accounts", json=nominator(), headers=admin)).json()
    r = await service.client.patch(f"/admin/accounts/{made['id']}", json={"countries": []}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "account.nominator_countries"
    officer = (
        await service.client.post(
            "/admin/accounts",
            json={**nominator(role="officer", countries=[]), "email": f"{uid('o')}@corridor.example"},
            headers=admin,
        )
    ).json()
    r = await service.client.patch(f"/admin/accounts/{officer['id']}", json={"countries": ["PK"]}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "account.countries_for_nominators"


async def test_a_nominator_may_not_make_accounts_and_reads_only_its_countrys_applications(service, catalog):
    admin = await service.admin_headers()
    body = nominator()
    assert (await service.client.post("/admin/accounts", json=body, headers=admin)).status_code == 201
    hec = await login(service.client, body["email"], PASSWORD)
    r = await service.client.post("/admin/accounts", json=nominator(), headers=hec)
    assert r.status_code == 403
    # the officers' list, narrowed to its countries and schemes (it reviews their documents, issue 15)
    r = await service.client.get("/officer/applications", params={"cycle_id": catalog.cycle_id}, headers=hec)
    assert r.status_code == 200
    assert all(a["sending_country"] in body["countries"] for a in r.json()["items"])
    assert (await service.client.get("/applications", headers=hec)).status_code == 403  # nobody's own


async def test_the_demo_log_ins_work_with_the_scope_they_print(service):
    admin = await service.admin_headers()
    lines = await demo.create_award_accounts(service.client, admin)
    assert lines == await demo.create_award_accounts(service.client, admin)  # again: nothing new, the same lines
    for body in (demo.HEC_NOMINATOR, demo.KZ_NOMINATOR, demo.HOST_ADMISSIONS):
        assert any(body["email"] in line and body["password"] in line for line in lines)
    hec = claims(await login(service.client, demo.HEC_NOMINATOR["email"], demo.HEC_NOMINATOR["password"]))
    assert (hec["role"], hec["countries"], hec["schemes"]) == ("nominator", ["PK"], ["sco"])
    kz = claims(await login(service.client, demo.KZ_NOMINATOR["email"], demo.KZ_NOMINATOR["password"]))
    assert (kz["role"], kz["countries"], kz["schemes"]) == ("nominator", ["KZ"], ["sco"])
    host = claims(await login(service.client, demo.HOST_ADMISSIONS["email"], demo.HOST_ADMISSIONS["password"]))
    assert (host["role"], host["institutions"], host["countries"]) == ("partner", hosts_of("sco-2026"), [])
    officer = claims(await login(service.client, demo.OFFICER["email"], demo.OFFICER["password"]))
    assert officer["role"] == "officer"
