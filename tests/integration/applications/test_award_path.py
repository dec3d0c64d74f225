"""The SCO award path (issue 14) over both services' APIs, real Kafka and PostgreSQL: the
applicant's application as the applications service shows it at every stage.

Four Pakistani applicants apply; HEC nominates two (its allocation), puts one on the reserve
list and leaves one off with a reason; a round places the nominees; officers approve, so each
waits for the host; the host rejects one (the reserve moves up) and admits the other, who
accepts; the next round places the promoted reserve, whom the host admits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from services.matching.app import create_app as create_matching
from services.matching.settings import Settings as MatchingSettings
from shared.principal import Role
from tests.support import services as support
from tests.support.flows import register
from tests.support.ids import uid
from tests.support.infra import wait_for

ADMIN = support.auth(Role.ADMIN, "admin-1")
HEC = "Higher Education Commission (HEC)"
SCO = ["nomination", "matching", "review", "admission", "answer"]


@pytest.fixture(scope="module")
async def matching(kafka, postgres):
    url = await postgres.create_database("matching_award")
    async with support.in_process(
        create_matching(support.test_settings(MatchingSettings, url, kafka.bootstrap))
    ) as client:
        yield client


async def ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json() if r.content else None


async def build(m, u: str) -> dict[str, str]:
    ids = {"scheme": f"sco-{u}", "cycle": f"sco-{u}-2026", "host": f"lzu-{u}", "programme": f"ir-{u}"}
    await ok(
        await m.post(
            "/institutions", json={"id": ids["host"], "name": "Lanzhou University", "country": "CN"}, headers=ADMIN
        ),
        201,
    )
    scheme = {
        "id": ids["scheme"],
        "name": "SCO Scholarship",
        "sponsor": "CSC",
        "eligible_countries": ["PK"],
        "path": SCO,
        "authorities": {"PK": HEC},
    }
    await ok(await m.post("/schemes", json=scheme, headers=ADMIN), 201)
    now = datetime.now(UTC)
    cycle = {
        "id": ids["cycle"],
        "scheme_id": ids["scheme"],
        "name": "SCO 2026/27",
        "opens_at": (now - timedelta(days=10)).isoformat(),
        "closes_at": (now + timedelta(days=10)).isoformat(),
        "nomination_closes_at": (now + timedelta(days=20)).isoformat(),
        "admission_closes_at": (now + timedelta(days=40)).isoformat(),
    }
    await ok(await m.post("/cycles", json=cycle, headers=ADMIN), 201)
    programme = {
        "id": ids["programme"],
        "cycle_id": ids["cycle"],
        "host_institution_id": ids["host"],
        "title": "International Relations",
        "field": "politics",
        "level": "master",
        "language": "zh",
        "seats": 2,
    }
    await ok(await m.post("/programmes", json=programme, headers=ADMIN), 201)
    rule = {
        "id": f"pk-{u}",
        "cycle_id": ids["cycle"],
        "label": "Pakistan's allocation",
        "scope": {"sending_country": ["PK"]},
        "max_count": 2,
    }
    await ok(await m.post("/quota-rules", json=rule, headers=ADMIN), 201)
    return ids


async def run_round(m, cycle: str, seed: int) -> dict[str, dict]:
    started = await ok(await m.post(f"/cycles/{cycle}/rounds", json={"seed": seed}, headers=ADMIN), 202)

    async def done():
        body = (await m.get(f"/rounds/{started['round_id']}", headers=ADMIN)).json()
        return body if body["status"] in ("completed", "failed") else None

    assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
    page = await ok(await m.get("/matches", params={"round_id": started["round_id"], "limit": 500}, headers=ADMIN))
    return {x["application_id"]: x for x in page["items"]}


async def test_the_sco_chain_as_the_applicant_sees_it(service, matching):
    a, m, u = service.client, matching, uid()
    ids = await build(m, u)
    partner = support.auth(Role.PARTNER, f"lzu-admissions-{u}", institutions=[ids["host"]])
    hec = support.auth(Role.NOMINATOR, f"hec-{u}", schemes=[ids["scheme"]], countries=["PK"])

    async def catalogued():
        cycle = await a.get(f"/cycles/{ids['cycle']}")
        programme = await a.get(f"/programmes/{ids['programme']}")
        return cycle.status_code == programme.status_code == 200

    await wait_for(catalogued, timeout=60, what="the catalog in the applications service")

    people = {"p1": ("Ayesha Khan", 95.0), "p2": ("Hamza Qureshi", 92.0), "p3": ("Bilal Ahmed", 90.0)}
    people["p4"] = ("Sana Malik", 80.0)
    who, app = {}, {}
    for key, (name, grade) in people.items():
        who[key] = await register(a, name=name, nationality="PK", preferred_language="ur")
        draft = await ok(
            await a.post(
                "/applications",
                json={"cycle_id": ids["cycle"], "choices": [ids["programme"]], "grade": grade, "statement": "SCO"},
                headers=who[key].headers,
            ),
            201,
        )
        submitted = await ok(await a.post(f"/applications/{draft['id']}/submit", headers=who[key].headers))
        assert submitted["status"] == "submitted" and submitted["nomination"] is None
        app[key] = draft["id"]

    async def seen(key: str, check: Callable[[dict], bool], what: str) -> dict:
        async def probe():
            body = (await a.get(f"/applications/{app[key]}", headers=who[key].headers)).json()
            return body if check(body) else None

        return await wait_for(probe, timeout=45, what=f"{key}: {what}")

    async def pooled():
        page = (await m.get(f"/cycles/{ids['cycle']}/pool", params={"limit": 1}, headers=ADMIN)).json()
        return page["total"] == 4

    await wait_for(pooled, timeout=45, what="the pool")

    # HEC publishes its list: two nominees (the allocation), one in reserve, one left off
    body = {
        "nominees": [app["p1"], app["p2"]],
        "reserve": [app["p3"]],
        "not_nominated": [{"application_id": app["p4"], "reason": "HSK 3 only; HSK 4 is required"}],
        "publish": True,
    }
    await ok(await m.put(f"/cycles/{ids['cycle']}/nominations/PK", json=body, headers=hec))
    p1 = await seen("p1", lambda b: b["status"] == "nominated", "nominated")
    assert p1["nomination"] == {
        "state": "nominated",
        "position": 1,
        "reason": None,
        "authority": HEC,
        "promoted": False,
    }
    p3 = await seen("p3", lambda b: b["status"] == "reserve", "on the reserve list")
    assert p3["nomination"]["position"] == 1 and p3["history"][-1]["reason"] == "#1"
    p4 = await seen("p4", lambda b: b["status"] == "not_nominated", "not nominated")
    assert p4["nomination"]["reason"] == "HSK 3 only; HSK 4 is required"
    assert p4["history"][-1]["reason"] == "HSK 3 only; HSK 4 is required"

    # a round places the nominees only; officers approve, so each waits for the host
    matches = await run_round(m, ids["cycle"], 1)
    assert set(matches) == {app["p1"], app["p2"]}
    await seen("p2", lambda b: b["status"] == "under_review", "under review")
    for x in matches.values():
        await ok(await m.post(f"/matches/{x['id']}/approve", headers=ADMIN))
    p2 = await seen("p2", lambda b: b["status"] == "with_host", "with the host")
    assert p2["admission"] is None and p2["offered_programme_id"] is None and p2["offer_reply_by"] is None

    # the host rejects p2: not admitted, with the reason; HEC's reserve moves up
    reject = {"decision": "rejected", "reason_code": "language", "note": "Your HSK level is below our requirement."}
    await ok(await m.post(f"/matches/{matches[app['p2']]['id']}/admission", json=reject, headers=partner))
    p2 = await seen("p2", lambda b: b["status"] == "not_admitted", "not admitted")
    assert p2["admission"] == {
        "decision": "rejected",
        "reason_code": "language",
        "note": "Your HSK level is below our requirement.",
    }
    await seen("p2", lambda b: (b["nomination"] or {}).get("state") == "withdrawn", "withdrawn from HEC's list")
    assert (await a.get(f"/applications/{app['p2']}", headers=who["p2"].headers)).json()["status"] == "not_admitted"
    p3 = await seen("p3", lambda b: b["status"] == "nominated", "moved up")
    assert p3["nomination"]["promoted"] is True

    # the host admits p1: the offer, which p1 accepts
    await ok(
        await m.post(f"/matches/{matches[app['p1']]['id']}/admission", json={"decision": "admitted"}, headers=partner)
    )
    p1 = await seen("p1", lambda b: b["status"] == "offered", "offered")
    assert p1["admission"]["decision"] == "admitted" and p1["offer_reply_by"]
    assert [h["status"] for h in p1["history"]][-4:] == ["nominated", "under_review", "with_host", "offered"]
    accepted = await ok(await a.post(f"/applications/{app['p1']}/offer/accept", headers=who["p1"].headers))
    assert accepted["status"] == "accepted"

    # the freed seat: the next round places the promoted reserve, whom the host admits
    later = await run_round(m, ids["cycle"], 2)
    assert set(later) == {app["p3"]}
    await ok(await m.post(f"/matches/{later[app['p3']]['id']}/approve", headers=ADMIN))
    await seen("p3", lambda b: b["status"] == "with_host", "with the host")
    await ok(
        await m.post(f"/matches/{later[app['p3']]['id']}/admission", json={"decision": "admitted"}, headers=partner)
    )
    p3 = await seen("p3", lambda b: b["status"] == "offered", "offered")
    assert p3["nomination"]["promoted"] is True and p3["admission"]["decision"] == "admitted"
    # the one left off stays so, and nobody else was told anything new
    assert (await a.get(f"/applications/{app['p4']}", headers=who["p4"].headers)).json()["status"] == "not_nominated"
