"""A selection committee's reviewer accounts (role ``reviewer``) over real Kafka and
PostgreSQL: known from account.upserted, named on a committee, given applications by the
officers' assignment run, scoring their own; refused everything an officer defines, runs or
decides, and every application of another scheme."""

from __future__ import annotations

import pytest

from shared.events.catalog import AccountUpserted, Topics
from shared.principal import Role
from tests.integration.matching.conftest import ok, open_cycle, publish_submitted
from tests.integration.notifications.helpers import find_events
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth

SHEET = {
    "criteria": [{"key": "research_plan", "label": "Research plan", "weight": 1, "min": 0, "max": 10}],
    "reviewers_per_application": 2,
    "spread_threshold": 50,
}


@pytest.fixture
async def world(matching, producer):
    c, u = matching, uid()
    w = {
        "scheme": f"sco-{u}",
        "cycle": f"sco-{u}-26",
        "lzu": f"lzu-{u}",
        "prog": f"solo-{u}",
        "apps": [f"a1-{u}", f"a2-{u}"],
        "reviewers": [f"prof1-{u}", f"prof2-{u}"],
        "elsewhere": f"prof3-{u}",
    }
    w["chair"] = auth(Role.OFFICER, f"chair-{u}", schemes=[w["scheme"]])
    w["as"] = {r: auth(Role.REVIEWER, r, schemes=[w["scheme"]]) for r in w["reviewers"]}
    w["as"][w["elsewhere"]] = auth(Role.REVIEWER, w["elsewhere"], schemes=[f"cpec-{u}"])
    programme = {
        "id": w["prog"],
        "cycle_id": w["cycle"],
        "host_institution_id": w["lzu"],
        "title": "Solo",
        "field": "engineering",
        "level": "master",
        "language": "zh",
        "seats": 1,
    }
    now = await open_cycle(
        c,
        w["chair"],
        institution={"id": w["lzu"], "name": "Lanzhou University", "country": "CN"},
        scheme={"id": w["scheme"], "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ"]},
        cycle={"id": w["cycle"], "scheme_id": w["scheme"], "name": "SCO 2026"},
        programme=programme,
    )
    for rid in [*w["reviewers"], w["elsewhere"]]:
        schemes = [w["scheme"]] if rid != w["elsewhere"] else [f"cpec-{u}"]
        await producer.publish(
            AccountUpserted(
                account_id=rid, role="reviewer", name=f"Prof {rid[:5]}", email=f"{rid}@x.org", schemes=schemes
            )
        )
    for app in w["apps"]:
        await publish_submitted(
            producer, app, programme, scheme_id=w["scheme"], name=f"Name {app[:2]}", country="KZ", grade=80.0, at=now
        )

    async def known():
        reviewers = (await c.get(f"/cycles/{w['cycle']}/reviewers", headers=w["chair"])).json()
        pooled = [(await c.get(f"/pool/applications/{a}", headers=w["chair"])).status_code for a in w["apps"]]
        return (len(reviewers) == 2 and pooled == [200, 200]) or None

    await wait_for(known, timeout=90, what="the reviewer accounts and the pool from Kafka")
    return w


async def test_a_reviewer_account_scores_what_the_committee_gives_it_and_nothing_else(matching, world, kafka):
    c, w = matching, world
    # the scheme's committee is its officers and reviewers; another scheme's reviewer is not on it
    listed = await ok(await c.get(f"/cycles/{w['cycle']}/reviewers", headers=w["chair"]))
    assert sorted(r["account_id"] for r in listed) == sorted(w["reviewers"])
    await ok(
        await c.put(f"/cycles/{w['cycle']}/scoresheet", json={**SHEET, "committee": w["reviewers"]}, headers=w["chair"])
    )
    assigned = await ok(await c.post(f"/cycles/{w['cycle']}/assignments", headers=w["chair"]))
    pairs = {(a["application_id"], a["reviewer_id"]) for a in assigned["created"]}
    assert pairs == {(a, r) for a in w["apps"] for r in w["reviewers"]}

    first, second = (w["as"][r] for r in w["reviewers"])
    mine = await ok(await c.get("/reviews/assigned", params={"cycle_id": w["cycle"]}, headers=first))
    assert sorted(x["application_id"] for x in mine["items"]) == sorted(w["apps"])
    app = w["apps"][0]
    view = await ok(await c.get(f"/pool/applications/{app}/reviews", headers=first))
    assert view["my_assignment_id"] and view["eligible_reviewers"] == []  # giving reviews away is an officer's
    theirs = next(
        a for a in assigned["created"] if a["application_id"] == app and a["reviewer_id"] == w["reviewers"][1]
    )
    refused = await c.put(f"/assignments/{theirs['id']}/scores", json={"scores": {"research_plan": 1}}, headers=first)
    assert refused.status_code == 403 and refused.json()["code"] == "review.not_yours"
    for headers, score in ((first, 8), (second, 6)):
        assignment = (await ok(await c.get(f"/pool/applications/{app}/reviews", headers=headers)))["my_assignment_id"]
        await ok(
            await c.put(f"/assignments/{assignment}/scores", json={"scores": {"research_plan": score}}, headers=headers)
        )
    entry = await ok(await c.get(f"/pool/applications/{app}", headers=w["chair"]))
    assert entry["committee_score"] == 70.0  # (80 + 60) / 2: their scores count as an officer's would

    # what an officer defines, runs or decides is refused by role, whatever the scope
    mine_id = theirs["id"]
    refusals = [
        ("PUT", f"/cycles/{w['cycle']}/scoresheet", SHEET),
        ("POST", f"/cycles/{w['cycle']}/assignments", None),
        ("POST", f"/assignments/{mine_id}/reassign", {"reviewer_id": w["reviewers"][0], "reason": "x"}),
        ("POST", f"/cycles/{w['cycle']}/rounds", {"seed": 1}),
        ("GET", f"/pool/applications/{app}", None),
        ("GET", f"/cycles/{w['cycle']}/moderation", None),
        ("GET", "/journal", None),
        ("PUT", f"/programmes/{w['prog']}", {"seats": 9}),
    ]
    for method, path, body in refusals:
        r = await c.request(method, path, json=body, headers=first)
        assert r.status_code == 403 and r.json()["code"] == "auth.wrong_role", (method, path, r.text)

    # a reviewer of another scheme opens none of this scheme's applications
    stranger = w["as"][w["elsewhere"]]
    r = await c.get(f"/pool/applications/{app}/reviews", headers=stranger)
    assert r.status_code == 404
    r = await c.post(f"/pool/applications/{app}/conflicts", json={"reason": "my student"}, headers=stranger)
    assert r.status_code == 404
    assert (await ok(await c.get("/reviews/assigned", headers=stranger)))["total"] == 0
    # one of the scheme declares a conflict with the other application: it is taken off it
    other = w["apps"][1]
    r = await c.post(f"/pool/applications/{other}/conflicts", json={"reason": "my student"}, headers=second)
    assert r.status_code == 204, r.text
    left = await ok(await c.get("/reviews/assigned", params={"cycle_id": w["cycle"]}, headers=second))
    assert [x["application_id"] for x in left["items"]] == [app]
    # told on the topic: the applications service stops showing it to the reviewer, the officers hear of it
    [ended] = await find_events(
        kafka.bootstrap,
        Topics.MATCHING.value,
        lambda e: e.type == "org.corridor.reviewer.unassigned.v1" and e.data["cycle_id"] == w["cycle"],
        n=1,
    )
    assert ended.data["reviewer_id"] == w["reviewers"][1] and ended.data["application_ids"] == [other]
    assert ended.data["reason"] == "conflict"


async def test_a_reviewer_scoped_elsewhere_hands_its_unscored_reviews_back_at_once(matching, world, producer, kafka):
    # its list kept them, each opening "not found", and the officers' list counted them
    c, w = matching, world
    await ok(
        await c.put(f"/cycles/{w['cycle']}/scoresheet", json={**SHEET, "committee": w["reviewers"]}, headers=w["chair"])
    )
    await ok(await c.post(f"/cycles/{w['cycle']}/assignments", headers=w["chair"]))
    moved = w["reviewers"][0]
    await producer.publish(
        AccountUpserted(account_id=moved, role="reviewer", name="Prof moved", email=f"{moved}@x.org", schemes=["cpec"])
    )

    async def handed_back():
        mine = await c.get("/reviews/assigned", params={"cycle_id": w["cycle"]}, headers=w["as"][moved])
        return mine.json()["total"] == 0 or None

    await wait_for(handed_back, timeout=60, what="the moved reviewer's reviews handed back")
    live = await ok(await c.get(f"/cycles/{w['cycle']}/assignments", headers=w["chair"]))
    assert {a["reviewer_id"] for a in live["items"]} == {w["reviewers"][1]}
    [ended] = await find_events(
        kafka.bootstrap,
        Topics.MATCHING.value,
        lambda e: e.type == "org.corridor.reviewer.unassigned.v1" and e.data["reviewer_id"] == moved,
        n=1,
    )
    assert ended.data["reason"] == "handed_over" and sorted(ended.data["application_ids"]) == sorted(w["apps"])
