"""Nominations over real Kafka and PostgreSQL (issue 14), with TWO matching instances on one
database: publications and withdrawals racing on both never exceed the country's allocation,
the reserve moves up in order, each change reaches Kafka as a new version; the catalog takes
and publishes a scheme's path and authorities and a cycle's stage deadlines."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from services.matching.app import create_app
from services.matching.settings import Settings
from shared.events.catalog import ApplicantRegistered, ApplicationSubmitted, ApplicationWithdrawn, Topics
from shared.principal import Role
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth, in_process
from tests.support.services import test_settings as settings_for

from .conftest import ADMIN, TopicReader, ok

PATH = ["nomination", "matching", "review", "answer"]
HEC = "Higher Education Commission (HEC)"


@pytest.fixture(scope="module")
async def second(kafka, matching):
    """Another instance of the matching service on the same database."""
    group = matching.app.state.runtime.settings.consumer_group  # one service, two instances: one group
    settings = settings_for(Settings, matching.database_url, kafka.bootstrap).model_copy(
        update={"consumer_group": group}
    )
    app = create_app(settings)
    async with in_process(app) as client:
        yield client


async def _cycle(c, u: str, *, pool: int, allocation: int) -> tuple[str, list[str], dict]:
    """A scheme with a nomination stage, its cycle, one programme, PK's allocation; returns
    the cycle id, the PK application ids (by grade, best first) and HEC's credentials."""
    scheme, cycle, host, prog = f"sco-{u}", f"sco-{u}-26", f"lzu-{u}", f"ir-{u}"
    await ok(await c.post("/institutions", json={"id": host, "name": "Lanzhou U", "country": "CN"}, headers=ADMIN), 201)
    body = {"id": scheme, "name": "SCO", "sponsor": "CSC", "path": PATH, "authorities": {"PK": HEC}}
    await ok(await c.post("/schemes", json=body, headers=ADMIN), 201)
    now = datetime.now(UTC)
    window = {"opens_at": (now - timedelta(days=5)).isoformat(), "closes_at": (now + timedelta(days=5)).isoformat()}
    body = {"id": cycle, "scheme_id": scheme, "name": "SCO 2026", **window}
    body["nomination_closes_at"] = (now + timedelta(days=9)).isoformat()
    await ok(await c.post("/cycles", json=body, headers=ADMIN), 201)
    programme = {
        "id": prog,
        "cycle_id": cycle,
        "host_institution_id": host,
        "title": "International Relations",
        "field": "ir",
        "level": "master",
        "language": "zh",
        "seats": 10,
    }
    await ok(await c.post("/programmes", json=programme, headers=ADMIN), 201)
    rule = {"id": f"pk-{u}", "cycle_id": cycle, "label": "PK", "scope": {"sending_country": ["PK"]}}
    await ok(await c.post("/quota-rules", json={**rule, "max_count": allocation}, headers=ADMIN), 201)
    return cycle, [f"p{i}-{u}" for i in range(pool)], {"scheme": scheme, "programme": prog}


async def _apply(producer, cycle: str, scheme: str, programme: str, apps: list[str]) -> None:
    now = datetime.now(UTC)
    for n, app in enumerate(apps):
        await producer.publish(
            ApplicantRegistered(
                applicant_id=f"stu-{app}",
                email=f"{app}@x.org",
                name=f"Applicant {n}",
                nationality="PK",
                preferred_language="ur" if n % 2 else "en",
            )
        )
        await producer.publish(
            ApplicationSubmitted(
                application_id=app,
                applicant_id=f"stu-{app}",
                cycle_id=cycle,
                scheme_id=scheme,
                applicant_type="student",
                sending_country="PK",
                choices=[programme],
                grade=95.0 - n,
                submitted_at=now,
                email=f"{app}@x.org",
                name=f"Applicant {n}",
            )
        )


async def _pooled(c, cycle: str, who: dict, n: int) -> None:
    async def full():
        r = await c.get(f"/cycles/{cycle}/nominations/PK/candidates", params={"limit": 1}, headers=who)
        return r.status_code == 200 and r.json()["total"] == n

    await wait_for(full, timeout=45, what="the national pool filled from Kafka")


def _versions(envs, apps: set[str]) -> dict[str, list[int]]:
    """Per application, the versions told, in the order Kafka has them (a redelivery of one
    event, by its id, counted once)."""
    out: dict[str, list[int]] = defaultdict(list)
    seen = set()
    for env in envs:
        if env.type.endswith("nomination.decided.v1") and env.data["application_id"] in apps and env.id not in seen:
            seen.add(env.id)
            out[env.data["application_id"]].append(env.data["version"])
    return out


async def test_racing_publications_and_withdrawals_on_two_instances_never_exceed_the_allocation(
    matching, second, producer, kafka
):
    u = uid()
    cycle, apps, ids = await _cycle(matching, u, pool=8, allocation=3)
    hec = auth(Role.NOMINATOR, f"hec-{u}", schemes=[ids["scheme"]], countries=["PK"])
    await _apply(producer, cycle, ids["scheme"], ids["programme"], apps)
    await _pooled(matching, cycle, hec, len(apps))
    url = f"/cycles/{cycle}/nominations/PK"

    # twelve publications, six on each instance, each a different valid list
    def body(k: int) -> dict:
        order = apps[k % len(apps) :] + apps[: k % len(apps)]
        return {"nominees": order[:3], "reserve": order[3:7], "not_nominated": [], "publish": True}

    answers = await asyncio.gather(*((matching, second)[k % 2].put(url, json=body(k), headers=hec) for k in range(12)))
    assert [r.status_code for r in answers] == [200] * 12, [r.text for r in answers]
    assert sorted(r.json()["version"] for r in answers) == list(range(1, 13))  # serialised, one after the other
    summary = await ok(await second.get(url, headers=hec))
    assert (summary["nominated"], summary["reserve"], summary["allocation"]) == (3, 4, 3)
    assert summary["authority"] == HEC and summary["status"] == "published"

    # the last list, as stored; then every nominee withdrawn at once, on both instances
    table = await ok(await matching.get(f"{url}/candidates", params={"sort": "position"}, headers=hec))

    async def languages_known():  # applicant events: another topic, perhaps read after the pool's
        rows = (await matching.get(f"{url}/candidates", params={"limit": 100}, headers=hec)).json()["items"]
        return (
            {r["application_id"]: r["messages_language"] for r in rows}
            if all(r["messages_language"] for r in rows)
            else None
        )

    # a withdrawal's reason reaches the nominee as written: the table says in which language
    languages = await wait_for(languages_known, timeout=30, what="each applicant's language")
    assert languages == {app: "ur" if n % 2 else "en" for n, app in enumerate(apps)}
    nominees = [i["application_id"] for i in table["items"] if i["state"] == "nominated"]
    reserve = [i["application_id"] for i in table["items"] if i["state"] == "reserve"]
    assert len(nominees) == 3 and len(reserve) == 4
    withdrawals = [
        (matching, second)[k % 2].post(f"{url}/withdraw", json={"application_id": app, "reason": "r"}, headers=hec)
        for k, app in enumerate(nominees + nominees)  # each twice: once on each instance
    ]
    answers = await asyncio.gather(*withdrawals)
    codes = sorted(r.status_code for r in answers)
    assert codes == [200] * 3 + [409] * 3, [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"nomination.not_on_list"}

    table = await ok(await second.get(f"{url}/candidates", params={"sort": "position"}, headers=hec))
    now_nominated = [i["application_id"] for i in table["items"] if i["state"] == "nominated"]
    now_reserve = [i["application_id"] for i in table["items"] if i["state"] == "reserve"]
    # three reserves moved up, in their order, into the three places; the fourth is reserve 1
    assert sorted(now_nominated) == sorted(reserve[:3])
    assert now_reserve == reserve[3:]
    assert {i["position"] for i in table["items"] if i["state"] == "nominated"} == {1, 2, 3}
    assert all(i["state"] == "withdrawn" for i in table["items"] if i["application_id"] in nominees)

    # publications and withdrawals interleaved on both instances: each answered, never over 3
    mixed = []
    for k in range(8):
        client = (matching, second)[k % 2]
        if k % 2:
            mixed.append(client.post(f"{url}/withdraw", json={"application_id": apps[k], "reason": "r"}, headers=hec))
        else:
            mixed.append(client.put(url, json=body(k), headers=hec))
    answers = await asyncio.gather(*mixed)
    assert {r.status_code for r in answers} <= {200, 409}, [r.text for r in answers]
    assert all(r.json()["nominated"] <= 3 for r in answers if r.status_code == 200)
    table = await ok(await matching.get(f"{url}/candidates", params={"state": "nominated"}, headers=hec))
    assert 1 <= table["total"] <= 3
    promoted_last = {i["application_id"] for i in table["items"]}

    # every change reached Kafka once, each a new version of that application's decision
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        promoted = set(reserve[:3])

        def complete(envs):
            versions = _versions(envs, set(apps))
            ups = [
                e
                for e in envs
                if e.type.endswith("nomination.decided.v1")
                and e.data["application_id"] in promoted
                and e.data["promoted"]
            ]
            # every application's decisions read (a slow consumer's last ones came after the check)
            return versions if len(ups) >= 3 and promoted_last <= set(versions) == set(apps) else None

        versions = await reader.wait_until(complete, "the promotions on Kafka", timeout=30)
    for app, seen in versions.items():
        assert seen == sorted(set(seen)), (app, seen)  # strictly rising, never a version twice
    assert set(versions) == set(apps)


async def test_a_round_places_the_nominees_only(matching, producer):
    u = uid()
    cycle, apps, ids = await _cycle(matching, u, pool=4, allocation=2)
    hec = auth(Role.NOMINATOR, f"hec-{u}", countries=["PK"])
    await _apply(producer, cycle, ids["scheme"], ids["programme"], apps)
    await _pooled(matching, cycle, hec, len(apps))

    async def round_() -> tuple[str, dict]:
        started = await ok(await matching.post(f"/cycles/{cycle}/rounds", json={"seed": 3}, headers=ADMIN), 202)

        async def done():
            r = (await matching.get(f"/rounds/{started['round_id']}", headers=ADMIN)).json()
            return r if r["status"] in ("completed", "failed") else None

        finished = await wait_for(done, timeout=60, what="the round")
        assert finished["status"] == "completed"
        return started["round_id"], finished

    # before PK's list is published the round considers nobody, and says why
    _, before = await round_()
    left = {"submitted": 4, "considered": 0, "left_out": {"list_not_published": 4}}
    # and whose: per reason, the sending countries (an officer reads whose list is not published)
    left["left_out_by_country"] = {"list_not_published": {"PK": 4}}
    assert before["statistics"]["pool"] == left
    # the two weakest are nominated; the best is on the reserve list
    body = {"nominees": apps[2:], "reserve": apps[:1], "not_nominated": [{"application_id": apps[1], "reason": "late"}]}
    # saved as a draft, the list places nobody yet (its nominees were placed before it was published)
    await ok(await matching.put(f"/cycles/{cycle}/nominations/PK", json={**body, "publish": False}, headers=hec))
    draft_round, drafted = await round_()
    assert drafted["statistics"]["pool"] == left
    assert (await ok(await matching.get("/matches", params={"round_id": draft_round}, headers=ADMIN)))["total"] == 0
    # published with the version read and a key: sent twice at once (a double click), one publication;
    # a colleague's list read at the same version is refused (the applicants were told both)
    once = {**hec, "Idempotency-Key": f"publish-{u}"}
    twice = await asyncio.gather(
        *(
            matching.put(f"/cycles/{cycle}/nominations/PK", json={**body, "publish": True, "version": 0}, headers=once)
            for _ in range(2)
        )
    )
    assert [r.status_code for r in twice] == [200, 200] and {r.json()["version"] for r in twice} == {1}
    other = {"nominees": apps[:2], "reserve": [], "not_nominated": [], "publish": True, "version": 0}
    r = await matching.put(f"/cycles/{cycle}/nominations/PK", json=other, headers=hec)
    assert r.status_code == 409 and r.json()["code"] == "nomination.changed" and r.json()["errors"][0]["version"] == 1
    round_id, finished = await round_()
    # the pool adds up: the nominees considered, the others left out each with its reason
    left = {"submitted": 4, "considered": 2, "left_out": {"not_nominated": 1, "reserve": 1}}
    left["left_out_by_country"] = {"not_nominated": {"PK": 1}, "reserve": {"PK": 1}}
    assert finished["statistics"]["pool"] == left
    started = {"round_id": round_id}
    page = await ok(await matching.get("/matches", params={"round_id": started["round_id"]}, headers=ADMIN))
    assert {m["application_id"] for m in page["items"]} == set(apps[2:])
    # the officers' table says why the others have no match
    table = await ok(await matching.get(f"/cycles/{cycle}/applications", headers=ADMIN))
    shown = {r["application_id"]: r["status"] for r in table["items"]}
    assert (shown[apps[0]], shown[apps[1]]) == ("reserve", "not_nominated")


async def test_the_api_refuses_what_the_list_may_not_be(matching, producer):
    u = uid()
    cycle, apps, ids = await _cycle(matching, u, pool=3, allocation=1)
    hec = auth(Role.NOMINATOR, f"hec-{u}", countries=["PK"])
    await _apply(producer, cycle, ids["scheme"], ids["programme"], apps)
    await _pooled(matching, cycle, hec, len(apps))
    url = f"/cycles/{cycle}/nominations/PK"
    r = await matching.put(url, json={"nominees": apps[:2]}, headers=hec)
    body = r.json()
    assert (r.status_code, body["code"], body["errors"][0]["field"]) == (422, "nomination.over_allocation", "nominees")
    assert body["errors"][0]["allocation"] == 1
    r = await matching.put(url, json={"nominees": ["nobody"]}, headers=hec)
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "nominees.0")
    r = await matching.put(url, json={"nominees": apps[:1], "reserve": apps[:1]}, headers=hec)
    assert r.json()["code"] == "nomination.duplicate"
    kz = auth(Role.NOMINATOR, f"kz-{u}", countries=["KZ"])
    assert (await matching.put(url, json={"nominees": apps[:1]}, headers=kz)).status_code == 403
    assert (await matching.get(f"{url}/candidates", headers=kz)).status_code == 403
    assert (await matching.get(f"/cycles/{cycle}/nominations", headers=kz)).json() == []
    seen = await ok(await matching.get(f"/cycles/{cycle}/nominations", headers=hec))
    assert [(s["sending_country"], s["authority"], s["allocation"]) for s in seen] == [("PK", HEC, 1)]
    # the deadline passes: the list is closed
    later = datetime.now(UTC) - timedelta(seconds=1)
    cyc = await ok(await matching.get(f"/cycles/{cycle}"))
    assert cyc["nomination_closes_at"] is not None
    cyc = {k: v for k, v in cyc.items() if k not in ("id", "warnings")}
    opened = datetime.fromisoformat(cyc["opens_at"])
    await ok(
        await matching.put(f"/cycles/{cycle}", json={**cyc, "nomination_closes_at": later.isoformat()}, headers=ADMIN)
    )
    assert opened < later
    r = await matching.put(url, json={"nominees": apps[:1], "publish": True}, headers=hec)
    assert (r.status_code, r.json()["code"]) == (409, "nomination.closed")


async def test_the_catalog_takes_and_publishes_a_path_authorities_and_stage_deadlines(matching, kafka):
    u = uid()
    base = {"name": "Exchange", "sponsor": "HEC and MoSHE"}
    bad = [
        (["matching", "nomination", "review", "answer"], "scheme.stage_order"),
        (["nomination", "matching", "matching", "review", "answer"], "scheme.stage_repeated"),
        (["nomination", "matching", "answer"], "scheme.stage_missing"),  # no review
        (["interview", "matching", "review", "answer"], "scheme.unknown_stage"),
    ]
    for path, code in bad:
        r = await matching.post("/schemes", json={**base, "id": f"x-{u}", "path": path}, headers=ADMIN)
        problem = r.json()
        assert (r.status_code, problem["code"], problem["errors"][0]["field"]) == (422, code, "path"), r.text
    r = await matching.post("/schemes", json={**base, "id": f"x-{u}", "authorities": {"pk": "HEC"}}, headers=ADMIN)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "authorities"
    r = await matching.post("/schemes", json={**base, "id": f"x-{u}", "authorities": {"PK": "x" * 201}}, headers=ADMIN)
    assert r.status_code == 422
    scheme = {
        **base,
        "id": f"med-{u}",
        "path": ["matching", "review", "admission", "answer"],
        "authorities": {"PK": HEC},
    }
    saved = await ok(await matching.post("/schemes", json=scheme, headers=ADMIN), 201)
    assert saved["path"] == scheme["path"] and saved["authorities"] == {"PK": HEC}
    direct = await ok(await matching.put(f"/schemes/{scheme['id']}", json={**base, "path": []}, headers=ADMIN))
    assert direct["path"] == [] and direct["authorities"] == {}

    now = datetime.now(UTC)
    cycle = {
        "id": f"med-{u}-26",
        "scheme_id": scheme["id"],
        "name": "Exchange 2026",
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=30)).isoformat(),
        "admission_closes_at": (now - timedelta(days=1)).isoformat(),  # before it opens
    }
    r = await matching.post("/cycles", json=cycle, headers=ADMIN)
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "admission_closes_at")
    assert r.json()["code"] == "cycle.deadline_order"
    cycle["admission_closes_at"] = "9999-12-31T00:00:00Z"  # a slip of the keyboard, refused by name
    r = await matching.post("/cycles", json=cycle, headers=ADMIN)
    assert (r.status_code, r.json()["code"], r.json()["errors"][0]["field"]) == (
        422,
        "cycle.date_out_of_range",
        "admission_closes_at",
    )
    cycle["admission_closes_at"] = (now + timedelta(days=60)).isoformat()
    created = await ok(await matching.post("/cycles", json=cycle, headers=ADMIN), 201)
    assert datetime.fromisoformat(created["admission_closes_at"]) == now + timedelta(days=60)
    assert created["nomination_closes_at"] is None

    async with TopicReader(kafka.bootstrap, Topics.CATALOG.value) as reader:

        def told(envs):
            once = {e.id: e.data for e in envs if e.data}.values()  # a redelivery counted once
            schemes = [d for d in once if d.get("scheme_id") == scheme["id"] and "sponsor" in d]
            cycles = [d for d in once if d.get("cycle_id") == cycle["id"]]
            return (schemes, cycles) if len(schemes) == 2 and cycles else None

        schemes, cycles = await reader.wait_until(told, "the scheme and cycle on the catalog topic")
    assert schemes[0]["path"] == scheme["path"] and schemes[0]["authorities"] == {"PK": HEC}
    assert schemes[1]["path"] == []
    assert cycles[-1]["admission_closes_at"] is not None


async def test_an_applicant_withdrawing_a_nomination_moves_the_reserve_up(matching, producer, kafka):
    u = uid()
    cycle, apps, ids = await _cycle(matching, u, pool=3, allocation=1)
    hec = auth(Role.NOMINATOR, f"hec-{u}", countries=["PK"])
    await _apply(producer, cycle, ids["scheme"], ids["programme"], apps)
    await _pooled(matching, cycle, hec, len(apps))
    url = f"/cycles/{cycle}/nominations/PK"
    body = {"nominees": apps[:1], "reserve": apps[1:], "publish": True}
    await ok(await matching.put(url, json=body, headers=hec))
    await producer.publish(ApplicationWithdrawn(application_id=apps[0], applicant_id=f"stu-{apps[0]}", cycle_id=cycle))

    async def moved_up():
        page = (await matching.get(f"{url}/candidates", params={"state": "nominated"}, headers=hec)).json()
        return page["items"] if page["items"] and page["items"][0]["application_id"] == apps[1] else None

    await wait_for(moved_up, timeout=30, what="the first reserve moved up")
    left = await ok(await matching.get(f"{url}/candidates", params={"sort": "position"}, headers=hec))
    # the withdrawn application left the pool; the last reserve is now first
    assert [(i["application_id"], i["state"], i["position"]) for i in left["items"]] == [
        (apps[1], "nominated", 1),
        (apps[2], "reserve", 1),
    ]
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:

        def promoted(envs):
            return [
                e.data
                for e in envs
                if e.type.endswith("nomination.decided.v1")
                and e.data["version"] == 2
                and e.data["application_id"] in apps
            ]

        told = await reader.wait_until(
            lambda envs: len(promoted(envs)) == 3 and promoted(envs), "the promotion", timeout=60
        )
    # the two behind are told; the withdrawal is announced as the applicant's own step (the
    # applicant is not told of it again, the authority is), naming who moved up in its place
    assert {(d["application_id"], d["state"], d["promoted"], d["applicant_left"]) for d in told} == {
        (apps[0], "withdrawn", False, "withdrew"),
        (apps[1], "nominated", True, None),
        (apps[2], "reserve", False, None),
    }
    [withdrawn] = [d for d in told if d["application_id"] == apps[0]]
    assert withdrawn["replaced_by"] == apps[1] and withdrawn["host_rejected"] is False


async def test_a_cycle_lists_only_the_countries_it_takes_applicants_from(matching):
    """A scheme names authorities for Pakistan and Kazakhstan; its cycle takes Pakistanis only:
    Kazakhstan had a list in it all the same, at 0 of its allocation, for ever in draft."""
    u = uid()
    cycle, _apps, ids = await _cycle(matching, u, pool=0, allocation=1)
    scheme = await ok(await matching.get(f"/schemes/{ids['scheme']}"))
    scheme = {k: v for k, v in scheme.items() if k not in ("id", "warnings")}
    scheme["authorities"] = {"PK": HEC, "KZ": "Ministry of Science and Higher Education"}
    await ok(await matching.put(f"/schemes/{ids['scheme']}", json=scheme, headers=ADMIN))
    listed = await ok(await matching.get(f"/cycles/{cycle}/nominations", headers=ADMIN))
    assert sorted(s["sending_country"] for s in listed) == ["KZ", "PK"]  # the cycle takes any country
    cyc = await ok(await matching.get(f"/cycles/{cycle}"))
    cyc = {k: v for k, v in cyc.items() if k not in ("id", "warnings")} | {"eligible_countries": ["PK"]}
    await ok(await matching.put(f"/cycles/{cycle}", json=cyc, headers=ADMIN))
    listed = await ok(await matching.get(f"/cycles/{cycle}/nominations", headers=ADMIN))
    assert [s["sending_country"] for s in listed] == ["PK"]
