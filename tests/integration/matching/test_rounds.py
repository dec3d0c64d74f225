"""Pool, rounds, review, offers and the quota dashboard over real Kafka and PostgreSQL.

One cycle is built through the API and fed by real ApplicationSubmitted events; the tests
run in order and build on each other (round 1, determinism, review, offers, round 2).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from services.matching.models import Round
from shared.events.catalog import (
    ApplicationSubmitted,
    ApplicationWithdrawn,
    LanguageCertificate,
    OfferAccepted,
    OfferDeclined,
    Topics,
)
from shared.principal import Role
from tests.integration.matching.conftest import TopicReader, uid
from tests.support.infra import wait_for
from tests.support.metrics import metric_value
from tests.support.services import auth

ADMIN = auth(Role.ADMIN, "admin-1")
U = uid()
SCHEME, CYCLE = f"sco-{U}", f"sco-{U}-2026"
LZU, XJU = f"lzu-{U}", f"xju-{U}"
P_IR, P_PE, P_MED = f"ir-{U}", f"pe-{U}", f"med-{U}"  # seats 2, 2, 1
OFFICER = auth(Role.OFFICER, "o-sco", schemes=[SCHEME])
LZU_OFFICER = auth(Role.OFFICER, "o-lzu", institutions=[LZU])
XJU_OFFICER = auth(Role.OFFICER, "o-xju", institutions=[XJU])
STRANGER = auth(Role.OFFICER, "o-cpec", schemes=[f"cpec-{U}"])

# application id -> (country, grade, choices, HSK level)
APPLICANTS = {
    f"a1-{U}": ("KZ", 95.0, [P_IR, P_PE], 5),
    f"a2-{U}": ("KZ", 93.0, [P_IR, P_PE], 5),
    f"a3-{U}": ("KZ", 91.0, [P_IR, P_PE], 5),  # KZ cap 2: kept out of both
    f"a4-{U}": ("UZ", 90.0, [P_IR, P_PE], 4),
    f"a5-{U}": ("UZ", 85.0, [P_MED, P_IR, P_PE], 3),  # MED needs HSK 4: ineligible there
    f"a6-{U}": ("TJ", 80.0, [P_IR, P_PE], 4),
    f"a7-{U}": ("PK", 75.0, [P_PE, P_IR], 4),
    f"a8-{U}": ("TJ", 70.0, [P_PE], 4),
    f"a9-{U}": ("RU", 99.0, [P_IR], 6),  # not an eligible sending country
}
state: dict = {}


async def _ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json()


async def _wait_round(c, round_id: str, headers=OFFICER) -> dict:
    async def done():
        r = await c.get(f"/rounds/{round_id}", headers=headers)
        body = r.json()
        assert 0 <= body["progress"] <= 1
        return body if body["status"] in ("completed", "failed") else None

    body = await wait_for(done, timeout=60, what=f"round {round_id}")
    assert body["status"] == "completed", body
    return body


async def _matches(c, round_id: str) -> dict[str, dict]:
    page = await _ok(await c.get("/matches", params={"round_id": round_id, "limit": 500}, headers=OFFICER))
    return {m["application_id"]: m for m in page["items"]}


async def test_catalog_and_pool_from_real_events(matching, producer):
    c = matching
    for inst, name in ((LZU, "Lanzhou University"), (XJU, "Xinjiang University")):
        await _ok(await c.post("/institutions", json={"id": inst, "name": name, "country": "CN"}, headers=ADMIN), 201)
    await _ok(
        await c.post(
            "/schemes",
            json={
                "id": SCHEME,
                "name": "SCO Scholarship",
                "sponsor": "CSC",
                "eligible_countries": ["KZ", "UZ", "TJ", "KG", "PK", "RU"],
            },
            headers=ADMIN,
        ),
        201,
    )
    now = datetime.now(UTC)
    await _ok(
        await c.post(
            "/cycles",
            json={
                "id": CYCLE,
                "scheme_id": SCHEME,
                "name": "SCO 2026/27",
                "opens_at": (now - timedelta(days=10)).isoformat(),
                "closes_at": (now + timedelta(days=10)).isoformat(),
                "eligible_countries": ["KZ", "UZ", "TJ", "PK"],
            },
            headers=OFFICER,
        ),
        201,
    )
    for pid, host, seats, req in (
        (P_IR, LZU, 2, {}),
        (P_PE, XJU, 2, {}),
        (P_MED, LZU, 1, {"language_certificate": "HSK", "min_language_level": 4}),
    ):
        await _ok(
            await c.post(
                "/programmes",
                json={
                    "id": pid,
                    "cycle_id": CYCLE,
                    "host_institution_id": host,
                    "title": pid,
                    "field": "engineering",
                    "level": "master",
                    "language": "zh",
                    "seats": seats,
                    "requirements": req,
                },
                headers=OFFICER,
            ),
            201,
        )
    await _ok(
        await c.post(
            "/quota-rules",
            json={
                "id": f"kz-{U}",
                "cycle_id": CYCLE,
                "label": f"SCO {U}: at most 2 from KZ",
                "scope": {"sending_country": ["KZ"]},
                "max_count": 2,
            },
            headers=OFFICER,
        ),
        201,
    )

    for app_id, (country, grade, choices, hsk) in APPLICANTS.items():
        await producer.publish(
            ApplicationSubmitted(
                application_id=app_id,
                applicant_id=f"stu-{app_id}",
                cycle_id=CYCLE,
                scheme_id=SCHEME,
                applicant_type="student",
                sending_country=country,
                choices=choices,
                grade=grade,
                language_certificates=[LanguageCertificate(kind="HSK", level=hsk)],
                submitted_at=now,
                email=f"{app_id}@example.org",
                name=f"Applicant {app_id}",
            )
        )

    async def pooled():
        page = (await c.get(f"/cycles/{CYCLE}/pool", params={"limit": 2}, headers=OFFICER)).json()
        return page if page["total"] == len(APPLICANTS) else None

    page = await wait_for(pooled, timeout=45, what="the pool filled from Kafka")
    assert len(page["items"]) == 2 and page["limit"] == 2
    assert (await c.get(f"/cycles/{CYCLE}/pool", headers=STRANGER)).status_code == 403

    # a8 aces the interview: grade 70, interview 100, committee 95 -> priority 88.33
    body = await _ok(
        await c.put(
            f"/cycles/{CYCLE}/pool/a8-{U}/score", json={"interview_score": 100, "committee_score": 95}, headers=OFFICER
        )
    )
    assert body["priority_score"] == 88.33 and body["scored_by"] == "o-sco"
    r = await c.put(f"/cycles/{CYCLE}/pool/a8-{U}/score", json={"interview_score": 140}, headers=OFFICER)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "interview_score"


async def test_round_places_within_seats_and_caps_with_reasons_and_events(matching, kafka):
    c = matching
    started = await _ok(await c.post(f"/cycles/{CYCLE}/rounds", json={"seed": 42}, headers=OFFICER), 202)
    assert started["seed"] == 42 and started["status"] == "queued"
    rnd = await _wait_round(c, started["round_id"])
    state["round1"] = rnd
    assert len(rnd["inputs_digest"]) == 64 and rnd["progress"] == 1.0
    assert await metric_value(c, "corridor_matching_round_duration_seconds_count", service="matching") >= 1
    matches = await _matches(c, rnd["id"])
    placed = {a: m["programme_id"] for a, m in matches.items()}
    # priority: a9(99, ineligible) a1 a2 a3 a4 a8(88.33) a5 a6 a7
    assert placed == {f"a1-{U}": P_IR, f"a2-{U}": P_IR, f"a4-{U}": P_PE, f"a8-{U}": P_PE}, str(rnd)
    stats = rnd["statistics"]
    assert stats["programmes"][P_IR] == {"filled": 2, "seats": 2}
    assert stats["quota_rules"][f"kz-{U}"]["used"] == 2 and stats["quota_rules"][f"kz-{U}"]["limit"] == 2
    assert stats["countries"]["KZ"]["matched"] == 2
    assert rnd["matched"] == 4

    outcomes = (await _ok(await c.get(f"/rounds/{rnd['id']}/outcomes", params={"limit": 100}, headers=OFFICER)))[
        "items"
    ]
    by_app = {o["application_id"]: o for o in outcomes}
    a3 = by_app[f"a3-{U}"]
    assert a3["status"] == "waitlisted"
    assert any("at most 2 from KZ" in r["reason"] for r in a3["reasons"]), a3
    a5 = {r["programme_id"]: r["reason"] for r in by_app[f"a5-{U}"]["reasons"]}
    assert "HSK 3 below required 4" in a5[P_MED] and "programme full" in a5[P_IR]
    assert "not eligible" in by_app[f"a9-{U}"]["reasons"][0]["reason"] and by_app[f"a9-{U}"]["status"] == "unmatched"
    waitlist = await _ok(await c.get(f"/rounds/{rnd['id']}/waitlist", headers=OFFICER))
    assert waitlist[P_IR][0] == f"a3-{U}"

    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:

        def ours(envs):
            mine = [e for e in envs if e.data and e.data.get("round_id") == rnd["id"]]
            return mine if any(e.type.endswith("round.completed.v1") for e in mine) and len(mine) >= 10 else None

        events = await reader.wait_until(ours, "round events")
    kinds = [e.type.split(".")[-2] for e in events]
    assert kinds.count("proposed") == 4 and kinds.count("completed") == 1
    assert kinds.count("waitlisted") + kinds.count("unmatched") == 5
    completed = next(e for e in events if e.type.endswith("round.completed.v1"))
    assert completed.data["inputs_digest"] == rnd["inputs_digest"] and completed.key == CYCLE
    proposed_a4 = next(
        e for e in events if e.type.endswith("match.proposed.v1") and e.data["application_id"] == f"a4-{U}"
    )
    assert proposed_a4.key == f"a4-{U}" and proposed_a4.data["rank"] == 2
    assert proposed_a4.data["reasons"][0]["programme_id"] == P_IR  # why not the first choice
    assert "programme full" in proposed_a4.data["reasons"][0]["reason"]
    unmatched = next(
        e for e in events if e.type.endswith("match.unmatched.v1") and e.data["application_id"] == f"a9-{U}"
    )
    assert unmatched.data["reasons"]


async def test_same_inputs_and_seed_give_the_same_round(matching):
    c = matching
    first = state["round1"]
    again = await _ok(await c.post(f"/cycles/{CYCLE}/rounds", json={"seed": 42}, headers=OFFICER), 202)
    rnd = await _wait_round(c, again["round_id"])
    assert rnd["inputs_digest"] == first["inputs_digest"]
    assert {a: m["programme_id"] for a, m in (await _matches(c, rnd["id"])).items()} == {
        a: m["programme_id"] for a, m in (await _matches(c, first["id"])).items()
    }
    assert rnd["statistics"] == first["statistics"]
    old = await _matches(c, first["id"])
    assert {m["status"] for m in old.values()} == {"superseded"}
    state["round"] = rnd


async def test_one_round_at_a_time_per_cycle(matching):
    c = matching
    engine = create_async_engine(c.database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                Round.__table__.insert().values(
                    id=f"held-{U}",
                    cycle_id=CYCLE,
                    number=99,
                    seed=1,
                    status="running",
                    progress=0.5,
                    active_cycle_id=CYCLE,
                    statistics={},
                    waitlist={},
                    matched=0,
                    waitlisted=0,
                    unmatched=0,
                    fixed=0,
                    started_by="x",
                    created_at=datetime.now(UTC),
                    heartbeat_at=datetime.now(UTC),
                )
            )
        r = await c.post(f"/cycles/{CYCLE}/rounds", json={"seed": 1}, headers=OFFICER)
        assert r.status_code == 409 and f"held-{U}" in r.json()["detail"][0]["reason"]
        # reviews wait for the running round too
        some = next(iter((await _matches(c, state["round"]["id"])).values()))
        assert (await c.post(f"/matches/{some['id']}/approve", headers=ADMIN)).status_code == 409
        # a round whose process died (no heartbeat) no longer blocks the cycle
        async with engine.begin() as conn:
            await conn.execute(
                update(Round)
                .where(Round.id == f"held-{U}")
                .values(heartbeat_at=datetime.now(UTC) - timedelta(minutes=5))
            )
        r = await c.post(f"/cycles/{CYCLE}/rounds", json={"seed": 42}, headers=OFFICER)
        assert r.status_code == 202, r.text
        state["round"] = await _wait_round(c, r.json()["round_id"])
        held = await _ok(await c.get(f"/rounds/held-{U}", headers=OFFICER))
        assert held["status"] == "failed" and "heartbeat" in held["error"]
    finally:
        await engine.dispose()


async def test_review_within_scope_only(matching, kafka):
    c = matching
    m = await _matches(c, state["round"]["id"])
    a1, a2, a4, a8 = (m[f"{x}-{U}"] for x in ("a1", "a2", "a4", "a8"))  # a1,a2 at LZU (IR); a4,a8 at XJU (PE)
    state["m"] = {"a1": a1, "a2": a2, "a4": a4, "a8": a8}

    # authorization matrix for approving a1 (scheme SCHEME, host LZU)
    matrix = [(XJU_OFFICER, 403), (STRANGER, 403), (auth(Role.APPLICANT, "stu"), 403), ({}, 401)]
    for headers, code in matrix:
        r = await c.post(f"/matches/{a1['id']}/approve", headers=headers)
        assert r.status_code == code, (headers, r.text)
    assert (await c.get(f"/matches/{a1['id']}", headers=XJU_OFFICER)).status_code == 403
    assert (await c.get("/matches", params={"round_id": state["round"]["id"]}, headers=XJU_OFFICER)).json()[
        "total"
    ] == 2

    body = await _ok(await c.post(f"/matches/{a1['id']}/approve", headers=LZU_OFFICER))
    assert body["status"] == "approved" and body["reviewed_by"] == "o-lzu"
    assert (await c.post(f"/matches/{a1['id']}/approve", headers=LZU_OFFICER)).status_code == 409
    r = await c.post(f"/matches/{a2['id']}/reject", json={"reason": ""}, headers=LZU_OFFICER)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "reason"
    body = await _ok(
        await c.post(f"/matches/{a2['id']}/reject", json={"reason": "missing medical certificate"}, headers=LZU_OFFICER)
    )
    assert body["status"] == "rejected"

    # bulk: one decision out of scope -> nothing applied
    bulk = {
        "decisions": [
            {"match_id": a4["id"], "decision": "approve"},
            {"match_id": a8["id"], "decision": "approve"},
            {"match_id": a1["id"], "decision": "reject", "reason": "changed my mind"},
        ]
    }
    r = await c.post("/matches/review", json=bulk, headers=XJU_OFFICER)
    assert r.status_code in (403, 409) and [d["field"] for d in r.json()["detail"]] == ["decisions.2.match_id"]
    assert (await _ok(await c.get(f"/matches/{a4['id']}", headers=OFFICER)))["status"] == "proposed"
    bulk["decisions"] = bulk["decisions"][:2]
    body = await _ok(await c.post("/matches/review", json=bulk, headers=XJU_OFFICER))
    assert body["approved"] == 2 and {x["status"] for x in body["matches"]} == {"approved"}

    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        ids = {a1["id"], a2["id"], a4["id"], a8["id"]}
        events = await reader.wait_until(
            lambda envs: (lambda mine: mine if len(mine) >= 4 else None)(
                [e for e in envs if e.data and e.data.get("match_id") in ids and not e.type.endswith("proposed.v1")]
            ),
            "review events",
        )
    by_type = {e.type.split(".")[-2] for e in events}
    assert by_type == {"approved", "rejected"}
    rejected = next(e for e in events if e.type.endswith("rejected.v1"))
    assert rejected.data["reason"] == "missing medical certificate"


async def test_offers_confirm_or_free_the_seat(matching, producer, kafka):
    c, m = matching, state["m"]
    for key, cls in (("a1", OfferAccepted), ("a4", OfferDeclined)):
        mm = m[key]
        await producer.publish(
            cls(
                application_id=mm["application_id"],
                applicant_id=mm["applicant_id"],
                cycle_id=CYCLE,
                match_id=mm["id"],
                programme_id=mm["programme_id"],
            )
        )
    await producer.publish(ApplicationWithdrawn(application_id=f"a6-{U}", applicant_id=f"stu-a6-{U}", cycle_id=CYCLE))

    async def answered():
        s1 = (await c.get(f"/matches/{m['a1']['id']}", headers=OFFICER)).json()["status"]
        s4 = (await c.get(f"/matches/{m['a4']['id']}", headers=OFFICER)).json()["status"]
        s6 = (await c.get(f"/pool/applications/a6-{U}", headers=OFFICER)).json()["status"]
        return (s1, s4, s6) if (s1, s4, s6) == ("accepted", "declined", "withdrawn") else None

    await wait_for(answered, timeout=45, what="offer answers applied")
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        await reader.wait_until(
            lambda envs: [
                e for e in envs if e.type.endswith("match.confirmed.v1") and e.data["match_id"] == m["a1"]["id"]
            ],
            "match.confirmed",
        )

    quota = await _ok(await c.get(f"/cycles/{CYCLE}/quota", headers=OFFICER))
    progs = {p["programme_id"]: p for p in quota["programmes"]}
    # IR: a1 accepted (a2 rejected); PE: a8 approved (a4 declined)
    assert progs[P_IR]["filled"] == 1 and progs[P_IR]["by_status"]["accepted"] == 1
    assert progs[P_PE]["filled"] == 1 and progs[P_PE]["by_status"]["approved"] == 1
    assert progs[P_MED] == {**progs[P_MED], "filled": 0, "seats": 1}
    rules = {r["rule_id"]: r for r in quota["rules"]}
    assert rules[f"kz-{U}"]["used"] == 1 and rules[f"kz-{U}"]["cap"] == 2  # a1 (KZ) holds; a2 (KZ) was rejected
    assert quota["counted_statuses"] == ["proposed", "approved", "accepted"]


async def test_second_round_keeps_decisions_and_fills_freed_seats(matching):
    c = matching
    r = await _ok(await c.post(f"/cycles/{CYCLE}/rounds", headers=OFFICER), 202)
    rnd = await _wait_round(c, r["round_id"])
    assert rnd["fixed"] == 2  # a1 accepted, a8 approved
    matches = await _matches(c, rnd["id"])
    placed = {a: mm["programme_id"] for a, mm in matches.items()}
    # a2 rejected at IR -> not proposed there again, takes PE (freed by a4's decline);
    # a3 is KZ: a1 + a2 fill the KZ cap; a5 takes the last IR seat; a6 withdrew
    assert placed == {f"a2-{U}": P_PE, f"a5-{U}": P_IR}, placed
    outcomes = {
        o["application_id"]: o
        for o in (await _ok(await c.get(f"/rounds/{rnd['id']}/outcomes", params={"limit": 100}, headers=OFFICER)))[
            "items"
        ]
    }
    a2_reasons = {x["programme_id"]: x["reason"] for x in outcomes[f"a2-{U}"]["reasons"]}
    assert "rejected by officer: missing medical certificate" in a2_reasons[P_IR]
    assert outcomes[f"a1-{U}"]["status"] == "fixed" and outcomes[f"a8-{U}"]["status"] == "fixed"
    assert f"a6-{U}" not in outcomes and f"a4-{U}" not in outcomes
    assert rnd["statistics"]["programmes"][P_IR] == {"filled": 2, "seats": 2}

    quota = await _ok(await c.get(f"/cycles/{CYCLE}/quota", headers=OFFICER))
    progs = {p["programme_id"]: p for p in quota["programmes"]}
    assert progs[P_IR]["filled"] == 2 and progs[P_PE]["filled"] == 2
    assert {r["rule_id"]: r["used"] for r in quota["rules"]}[f"kz-{U}"] == 2
