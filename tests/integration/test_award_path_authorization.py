"""The award path's roles across services (issue 14), as real processes: the accounts the
applications service makes and the tokens it issues are what the matching service scopes by.

An admin makes HEC's nominator (Pakistan, one scheme) and a host's partner account; the
nominator's own log-in reads Pakistan's nominations in the matching service and nothing of
Kazakhstan's nor any admission; the partner's users and its system (client credentials) read
the admissions of their institution only and no nominations; an admin disabling the nominator
shuts its token out of the matching service too. (The matrix with every role and every route,
on real nominations and matches, is tests/integration/matching/test_award_path_authorization.py.)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.integration.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.support.flows import login
from tests.support.ids import uid
from tests.support.infra import wait_for

PASSWORD = "copper-lantern-meadow-61"


async def ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json() if r.content else None


@pytest.fixture(scope="module")
async def world(stack):
    """A cycle with a nomination and an admission stage in the matching service; the admin's
    headers; HEC's nominator and LZU's partner account, made in the applications service."""
    u = uid()
    scheme, cycle, lzu, xju = f"sco-{u}", f"sco-{u}-2026", f"lzu-{u}", f"xju-{u}"
    async with (
        httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as apps,
        httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as matching,
    ):
        admin = await login(apps, ADMIN_EMAIL, ADMIN_PASSWORD)
        for inst in (lzu, xju):
            await ok(
                await matching.post("/institutions", json={"id": inst, "name": inst, "country": "CN"}, headers=admin),
                201,
            )
        body = {
            "id": scheme,
            "name": "SCO Scholarship",
            "sponsor": "CSC",
            "eligible_countries": ["PK", "KZ"],
            "path": ["nomination", "matching", "review", "admission", "answer"],
            "authorities": {
                "PK": "Higher Education Commission (HEC)",
                "KZ": "Ministry of Science and Higher Education",
            },
        }
        await ok(await matching.post("/schemes", json=body, headers=admin), 201)
        now = datetime.now(UTC)
        body = {
            "id": cycle,
            "scheme_id": scheme,
            "name": "SCO 2026/27",
            "opens_at": (now - timedelta(days=5)).isoformat(),
            "closes_at": (now + timedelta(days=5)).isoformat(),
            "nomination_closes_at": (now + timedelta(days=15)).isoformat(),
        }
        await ok(await matching.post("/cycles", json=body, headers=admin), 201)
        for inst in (lzu, xju):  # a programme at each host (a quota rule must cover one)
            programme = {
                "id": f"{inst}-ir",
                "cycle_id": cycle,
                "host_institution_id": inst,
                "title": "International Relations (MA)",
                "field": "international-relations",
                "level": "master",
                "language": "zh",
                "seats": 4,
            }
            await ok(await matching.post("/programmes", json=programme, headers=admin), 201)
        rule = {"id": f"pk-{u}", "cycle_id": cycle, "label": "PK", "scope": {"sending_country": ["PK"]}, "max_count": 3}
        await ok(await matching.post("/quota-rules", json=rule, headers=admin), 201)

        hec = {
            "email": f"{uid('hec')}@hec.example.pk",
            "password": PASSWORD,
            "name": "Higher Education Commission (HEC)",
            "role": "nominator",
            "schemes": [scheme],
            "countries": ["PK"],
        }
        host = {
            "email": f"{uid('lzu')}@lzu.example.cn",
            "password": PASSWORD,
            "name": "Lanzhou University admissions",
            "role": "partner",
            "institutions": [lzu],
        }
        hec_account = await ok(await apps.post("/admin/accounts", json=hec, headers=admin), 201)
        host_account = await ok(await apps.post("/admin/accounts", json=host, headers=admin), 201)
        system = await ok(
            await apps.post(
                f"/partners/{host_account['id']}/clients", json={"name": "admissions system"}, headers=admin
            ),
            201,
        )
        granted = await ok(
            await apps.post(
                "/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": system["client_id"],
                    "client_secret": system["client_secret"],
                },
            )
        )
        return {
            "cycle": cycle,
            "lzu": lzu,
            "xju": xju,
            "admin": admin,
            "hec_id": hec_account["id"],
            "hec": await login(apps, hec["email"], PASSWORD),
            "host_user": await login(apps, host["email"], PASSWORD),
            "host_system": {"Authorization": f"Bearer {granted['access_token']}"},
            "host_id": host_account["id"],
            "system_id": system["client_id"],
        }


async def test_a_nominators_own_log_in_reads_only_its_country(stack, world):
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m:
        base = f"/cycles/{world['cycle']}/nominations"
        listed = await ok(await m.get(base, headers=world["hec"]))
        assert [s["sending_country"] for s in listed] == ["PK"]
        pk = await ok(await m.get(f"{base}/PK", headers=world["hec"]))
        assert (pk["authority"], pk["allocation"], pk["status"]) == ("Higher Education Commission (HEC)", 3, "draft")
        assert (await m.get(f"{base}/KZ", headers=world["hec"])).status_code == 403
        assert (await m.get(f"{base}/KZ/candidates", headers=world["hec"])).status_code == 403
        assert (await m.get("/admissions", headers=world["hec"])).status_code == 403
        # the admin reads both countries
        assert {s["sending_country"] for s in await ok(await m.get(base, headers=world["admin"]))} >= {"PK", "KZ"}


@pytest.mark.parametrize("who", ["host_user", "host_system"])
async def test_a_hosts_users_and_system_read_only_its_admissions_and_no_nominations(stack, world, who):
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m:
        mine = await ok(await m.get("/admissions", params={"cycle_id": world["cycle"]}, headers=world[who]))
        assert mine["items"] == []  # nothing approved yet: the point is that it is answered, scoped
        theirs = await m.get("/admissions", params={"institution_id": world["xju"]}, headers=world[who])
        assert theirs.status_code == 403 or (theirs.status_code == 200 and theirs.json()["items"] == [])
        assert (await m.get(f"/cycles/{world['cycle']}/nominations", headers=world[who])).status_code == 403
        assert (await m.get(f"/cycles/{world['cycle']}/nominations/PK", headers=world[who])).status_code == 403


async def test_a_disabled_nominator_is_shut_out_of_the_matching_service(stack, world):
    async with (
        httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as apps,
        httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m,
    ):
        url = f"/cycles/{world['cycle']}/nominations/PK"
        assert (await m.get(url, headers=world["hec"])).status_code == 200
        await ok(await apps.post(f"/admin/accounts/{world['hec_id']}/disable", headers=world["admin"]))

        async def refused():  # account.tokens_revoked reaches the matching service over Kafka
            r = await m.get(url, headers=world["hec"])
            return r if r.status_code == 401 else None

        r = await wait_for(refused, timeout=45, what="the nominator's token refused by matching")
        assert r.json()["code"] == "auth.revoked" and r.json()["detail"].endswith("log in again")


async def test_a_rotated_clients_tokens_are_refused_by_matching_and_the_hosts_people_go_on(stack, world):
    """Rotating one system's secret had ended every token of the account, its people's too."""
    async with (
        httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as apps,
        httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m,
    ):
        params = {"cycle_id": world["cycle"]}
        assert (await m.get("/admissions", params=params, headers=world["host_system"])).status_code == 200
        rotate = f"/partners/{world['host_id']}/clients/{world['system_id']}/rotate"
        await ok(await apps.post(rotate, headers=world["admin"]))

        async def refused():  # account.tokens_revoked with the client's id reaches matching over Kafka
            r = await m.get("/admissions", params=params, headers=world["host_system"])
            return r if r.status_code == 401 else None

        r = await wait_for(refused, timeout=45, what="the rotated client's token refused by matching")
        # worded for a system, as the applications service words it: no person to log in
        assert r.json()["code"] == "auth.revoked" and "client's current credentials" in r.json()["detail"]
        assert (await m.get("/admissions", params=params, headers=world["host_user"])).status_code == 200
