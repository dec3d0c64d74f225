"""Endorsement by the home institution over real Kafka and PostgreSQL (issue 14): a home
institution's coordinator endorses its own applicants (alone or as a named cohort), each
change reaches Kafka once as a new version, nothing outside its scope is reachable, two
instances deciding about the same applications at once tell each version once, and a round
(or a nomination stage after endorsement) sees the endorsed applications only."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from services.matching.app import create_app
from services.matching.settings import Settings
from shared.events.catalog import AccountUpserted, ApplicantRegistered, ApplicationSubmitted, Topics
from shared.principal import Role
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth, in_process
from tests.support.services import test_settings as settings_for

from .conftest import ADMIN, TopicReader, ok

EXCHANGE = ["endorsement", "matching", "review", "admission", "answer"]


@pytest.fixture(scope="module")
async def second(kafka, matching):
    """Another instance of the matching service on the same database, in the same group."""
    group = matching.app.state.runtime.settings.consumer_group
    settings = settings_for(Settings, matching.database_url, kafka.bootstrap).model_copy(
        update={"consumer_group": group}
    )
    async with in_process(create_app(settings)) as client:
        yield client


async def _exchange(c, u: str, *, path=EXCHANGE, seats: int = 10) -> dict:
    """A PK–KZ exchange: two Pakistani home universities, a Kazakh host, one programme."""
    ids = {"scheme": f"med-{u}", "cycle": f"med-{u}-26", "kemu": f"kemu-{u}", "duhs": f"duhs-{u}", "prog": f"gm-{u}"}
    for key, name, country in (("kemu", "King Edward", "PK"), ("duhs", "Dow", "PK"), ("host", "KazNMU", "KZ")):
        iid = ids.get(key, f"kaznmu-{u}")
        await ok(await c.post("/institutions", json={"id": iid, "name": name, "country": country}, headers=ADMIN), 201)
    scheme = {"id": ids["scheme"], "name": "Exchange", "sponsor": "HEC", "eligible_countries": ["PK"], "path": path}
    await ok(await c.post("/schemes", json=scheme, headers=ADMIN), 201)
    now = datetime.now(UTC)
    cycle = {
        "id": ids["cycle"],
        "scheme_id": ids["scheme"],
        "name": "Exchange 2026",
        "opens_at": (now - timedelta(days=5)).isoformat(),
        "closes_at": (now + timedelta(days=5)).isoformat(),
        "endorsement_closes_at": (now + timedelta(days=9)).isoformat(),
    }
    await ok(await c.post("/cycles", json=cycle, headers=ADMIN), 201)
    programme = {
        "id": ids["prog"],
        "cycle_id": ids["cycle"],
        "host_institution_id": f"kaznmu-{u}",
        "title": "General Medicine",
        "field": "medicine",
        "level": "non-degree",
        "language": "en",
        "seats": seats,
    }
    await ok(await c.post("/programmes", json=programme, headers=ADMIN), 201)
    return ids


async def _apply(producer, ids: dict, home: str, apps: list[str]) -> None:
    now = datetime.now(UTC)
    for n, app in enumerate(apps):
        name = f"Student {app}"
        latin = "ZARA LATIF" if n == 0 else None  # the first gave her passport's Latin letters
        await producer.publish(
            ApplicantRegistered(
                applicant_id=f"stu-{app}", email=f"{app}@x.org", name=name, nationality="PK", passport_name=latin
            )
        )
        await producer.publish(
            ApplicationSubmitted(
                application_id=app,
                applicant_id=f"stu-{app}",
                cycle_id=ids["cycle"],
                scheme_id=ids["scheme"],
                applicant_type="student",
                sending_country="PK",
                choices=[ids["prog"]],
                grade=90.0 - n,
                submitted_at=now,
                home_institution_id=home,
            )
        )


async def _arrived(c, ids: dict, home: str, who: dict, n: int) -> None:
    url = f"/cycles/{ids['cycle']}/endorsements/{home}/candidates"

    async def full():
        r = await c.get(url, params={"limit": 1}, headers=who)
        return r.status_code == 200 and r.json()["total"] == n

    await wait_for(full, timeout=45, what="the home institution's applicants from Kafka")


def _told(envs, apps: set[str]) -> dict[str, list[dict]]:
    """Per application, the endorsement events on Kafka in order (a redelivery counted once)."""
    out: dict[str, list[dict]] = defaultdict(list)
    seen = set()
    for env in envs:
        if env.type.endswith("endorsement.decided.v1") and env.data["application_id"] in apps and env.id not in seen:
            seen.add(env.id)
            out[env.data["application_id"]].append(env.data)
    return out


async def test_a_coordinator_endorses_alone_and_as_a_cohort_and_each_change_is_told_once(matching, producer, kafka):
    u = uid()
    ids = await _exchange(matching, u)
    apps = [f"a{i}-{u}" for i in range(4)]
    kemu = auth(Role.COORDINATOR, f"kemu-{u}", schemes=[ids["scheme"]], institutions=[ids["kemu"]])
    await _apply(producer, ids, ids["kemu"], apps)
    await _arrived(matching, ids, ids["kemu"], kemu, 4)
    url = f"/cycles/{ids['cycle']}/endorsements/{ids['kemu']}"

    cohort = {"decisions": [{"application_id": a, "state": "endorsed"} for a in apps[:2]], "cohort": "Surgery 2026"}
    summary = await ok(await matching.put(url, json=cohort, headers=kemu))
    assert (summary["endorsed"], summary["not_endorsed"], summary["undecided"]) == (2, 0, 2)
    assert summary["institution"] == "King Edward" and summary["open"] is True
    refusal = {"decisions": [{"application_id": apps[2], "state": "not_endorsed", "reason": "  transcript missing "}]}
    await ok(await matching.put(url, json=refusal, headers=kemu))
    # the same decision again changes nothing and tells nobody; a change of mind is a new version
    await ok(await matching.put(url, json=refusal, headers=kemu))
    mind = {"decisions": [{"application_id": apps[0], "state": "not_endorsed", "reason": "withdrew from the course"}]}
    summary = await ok(await matching.put(url, json=mind, headers=kemu))
    assert (summary["endorsed"], summary["not_endorsed"], summary["undecided"]) == (1, 2, 1)

    table = await ok(await matching.get(f"{url}/candidates", params={"sort": "grade", "order": "desc"}, headers=kemu))
    assert [i["application_id"] for i in table["items"]] == apps  # best grade first
    rows = {i["application_id"]: i for i in table["items"]}
    assert (rows[apps[1]]["state"], rows[apps[1]]["cohort"], rows[apps[1]]["version"]) == (
        "endorsed",
        "Surgery 2026",
        1,
    )
    assert (rows[apps[2]]["state"], rows[apps[2]]["reason"]) == ("not_endorsed", "transcript missing")
    assert (rows[apps[0]]["cohort"], rows[apps[0]]["version"]) == (None, 2)
    assert rows[apps[3]]["state"] is None and rows[apps[1]]["applicant_name"] == f"Student {apps[1]}"
    undecided = await ok(await matching.get(f"{url}/candidates", params={"state": "undecided"}, headers=kemu))
    assert [i["application_id"] for i in undecided["items"]] == [apps[3]]
    found = await ok(await matching.get(f"{url}/candidates", params={"q": apps[2].upper()}, headers=kemu))
    assert [i["application_id"] for i in found["items"]] == [apps[2]]
    # a name is found by its passport's Latin letters too
    assert (rows[apps[0]]["passport_name"], rows[apps[1]]["passport_name"]) == ("ZARA LATIF", None)
    found = await ok(await matching.get(f"{url}/candidates", params={"q": "zara"}, headers=kemu))
    assert [i["application_id"] for i in found["items"]] == [apps[0]]

    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        want = {apps[0]: 2, apps[1]: 1, apps[2]: 1}

        def complete(envs):
            told = _told(envs, set(apps))
            return told if {a: len(v) for a, v in told.items()} == want else None

        told = await reader.wait_until(complete, "each decision on Kafka once", timeout=30)
    assert [(e["state"], e["cohort"], e["version"]) for e in told[apps[0]]] == [
        ("endorsed", "Surgery 2026", 1),
        ("not_endorsed", None, 2),
    ]
    first = told[apps[1]][0]
    assert (first["home_institution_id"], first["institution"], first["applicant_id"]) == (
        ids["kemu"],
        "King Edward",
        f"stu-{apps[1]}",
    )
    assert told[apps[2]][0]["reason"] == "transcript missing"
    journal = await ok(await matching.get("/journal", params={"application_id": apps[0]}, headers=ADMIN))
    changes = [e for e in journal["items"] if e["action"] == "endorsement.decided"]
    assert len(changes) == 2 and {e["actor"] for e in changes} == {f"kemu-{u}"}


async def test_nothing_outside_the_coordinators_scope_and_nothing_the_stage_forbids(matching, producer):
    u = uid()
    ids = await _exchange(matching, u)
    mine, theirs = [f"k{i}-{u}" for i in range(2)], [f"d{i}-{u}" for i in range(2)]
    kemu = auth(Role.COORDINATOR, f"kemu-{u}", schemes=[ids["scheme"]], institutions=[ids["kemu"]])
    duhs = auth(Role.COORDINATOR, f"duhs-{u}", institutions=[ids["duhs"]])
    other_scheme = auth(Role.COORDINATOR, f"k2-{u}", schemes=["sco"], institutions=[ids["kemu"]])
    officer = auth(Role.OFFICER, f"off-{u}", schemes=[ids["scheme"]])
    await _apply(producer, ids, ids["kemu"], mine)
    await _apply(producer, ids, ids["duhs"], theirs)
    await _arrived(matching, ids, ids["kemu"], kemu, 2)
    await _arrived(matching, ids, ids["duhs"], duhs, 2)
    url = f"/cycles/{ids['cycle']}/endorsements/{ids['kemu']}"

    # another institution's coordinator, or the same institution in another scheme: nothing
    for who in (duhs, other_scheme):
        assert (await matching.get(url, headers=who)).status_code == 403
        assert (await matching.get(f"{url}/candidates", headers=who)).status_code == 403
        body = {"decisions": [{"application_id": mine[0], "state": "endorsed"}]}
        assert (await matching.put(url, json=body, headers=who)).status_code == 403
    lists = await ok(await matching.get(f"/cycles/{ids['cycle']}/endorsements", headers=duhs))
    assert [s["home_institution_id"] for s in lists] == [ids["duhs"]]
    # an officer of the scheme reads every home institution but decides nothing
    lists = await ok(await matching.get(f"/cycles/{ids['cycle']}/endorsements", headers=officer))
    assert sorted(s["home_institution_id"] for s in lists) == sorted([ids["kemu"], ids["duhs"]])
    # and reads which have nobody to endorse: no coordinator account is known yet (tokens only);
    # one for KEMU in this scheme, one for DUHS in another scheme
    assert {s["endorsers"] for s in lists} == {0}
    for account, institution, schemes in (
        (f"kemu-{u}", ids["kemu"], [ids["scheme"]]),
        (f"duhs-{u}", ids["duhs"], ["sco"]),
    ):
        await producer.publish(
            AccountUpserted(
                account_id=account, role="coordinator", name="Coordinator", email=f"{account}@x.org",
                schemes=schemes, institutions=[institution],
            )
        )  # fmt: skip

    async def endorsers():
        found = await ok(await matching.get(f"/cycles/{ids['cycle']}/endorsements", headers=officer))
        counts = {s["home_institution_id"]: s["endorsers"] for s in found}
        return counts if counts[ids["kemu"]] == 1 else None

    counts = await wait_for(endorsers, timeout=45, what="the coordinator from Kafka")
    assert counts[ids["duhs"]] == 0  # DUHS's coordinator endorses in another scheme
    # what an applicant choosing a home institution is told (no token): KEMU endorses here, DUHS not
    r = await matching.get(f"/schemes/{ids['scheme']}/endorsing-institutions")
    assert r.status_code == 200 and r.json() == [ids["kemu"]]
    assert (await matching.get("/schemes/no-such-scheme/endorsing-institutions")).status_code == 404
    body = {"decisions": [{"application_id": mine[0], "state": "endorsed"}]}
    assert (await matching.put(url, json=body, headers=officer)).status_code == 403
    # a nominator or an applicant is not even let in
    for role in (Role.NOMINATOR, Role.APPLICANT, Role.PARTNER):
        assert (await matching.get(url, headers=auth(role, f"x-{u}", countries=["PK"]))).status_code == 403

    # DUHS's applicant through KEMU's list, a name twice: 422 naming the entry
    r = await matching.put(url, json={"decisions": [{"application_id": theirs[0], "state": "endorsed"}]}, headers=kemu)
    body = r.json()
    assert (r.status_code, body["code"], body["errors"][0]["field"]) == (
        422,
        "endorsement.not_in_pool",
        "decisions.0.application_id",
    )
    twice = {"decisions": [{"application_id": mine[0], "state": "endorsed"}] * 2}
    r = await matching.put(url, json=twice, headers=kemu)
    assert (r.status_code, r.json()["errors"][0]["code"], r.json()["errors"][0]["field"]) == (
        422,
        "endorsement.duplicate",
        "decisions.1.application_id",
    )
    r = await matching.put(url, json={"decisions": [{"application_id": mine[0], "state": "maybe"}]}, headers=kemu)
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "decisions.0.state")

    # the deadline passes: decisions are closed, and say when
    cyc = await ok(await matching.get(f"/cycles/{ids['cycle']}"))
    cyc = {k: v for k, v in cyc.items() if k not in ("id", "warnings")}
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    await ok(await matching.put(f"/cycles/{ids['cycle']}", json={**cyc, "endorsement_closes_at": past}, headers=ADMIN))
    r = await matching.put(url, json={"decisions": [{"application_id": mine[0], "state": "endorsed"}]}, headers=kemu)
    assert (r.status_code, r.json()["code"]) == (409, "endorsement.closed")
    assert (await ok(await matching.get(url, headers=kemu)))["open"] is False


async def test_a_scheme_without_the_stage_has_no_endorsements(matching):
    u = uid()
    ids = await _exchange(matching, u, path=["matching", "review", "answer"])
    url = f"/cycles/{ids['cycle']}/endorsements/{ids['kemu']}"
    r = await matching.put(url, json={"decisions": [{"application_id": "x", "state": "endorsed"}]}, headers=ADMIN)
    assert (r.status_code, r.json()["code"]) == (409, "endorsement.no_stage")
    assert await ok(await matching.get(f"/cycles/{ids['cycle']}/endorsements", headers=ADMIN)) == []


async def test_a_round_places_the_endorsed_only_and_their_endorsement_then_stands(matching, producer):
    u = uid()
    ids = await _exchange(matching, u)
    apps = [f"r{i}-{u}" for i in range(4)]
    kemu = auth(Role.COORDINATOR, f"kemu-{u}", institutions=[ids["kemu"]])
    await _apply(producer, ids, ids["kemu"], apps)
    await _arrived(matching, ids, ids["kemu"], kemu, 4)
    url = f"/cycles/{ids['cycle']}/endorsements/{ids['kemu']}"
    decisions = [{"application_id": a, "state": "endorsed"} for a in apps[2:]]
    decisions.append({"application_id": apps[0], "state": "not_endorsed", "reason": "not in good standing"})
    await ok(await matching.put(url, json={"decisions": decisions}, headers=kemu))  # apps[1] undecided

    started = await ok(await matching.post(f"/cycles/{ids['cycle']}/rounds", json={"seed": 5}, headers=ADMIN), 202)

    async def done():
        r = (await matching.get(f"/rounds/{started['round_id']}", headers=ADMIN)).json()
        return r if r["status"] in ("completed", "failed") else None

    finished = await wait_for(done, timeout=60, what="the round")
    assert finished["status"] == "completed"
    page = await ok(await matching.get("/matches", params={"round_id": started["round_id"]}, headers=ADMIN))
    assert {m["application_id"] for m in page["items"]} == set(apps[2:])
    # the round says whom of the pool it left out, and why: the figures add up to the pool
    left_out = {"awaiting_endorsement": 1, "not_endorsed": 1}
    by_country = {"awaiting_endorsement": {"PK": 1}, "not_endorsed": {"PK": 1}}
    assert finished["statistics"]["pool"] == {
        "submitted": 4,
        "considered": 2,
        "left_out": left_out,
        "left_out_by_country": by_country,
    }
    # a placed application's endorsement can no longer be taken back, and the table says so
    table = await ok(await matching.get(f"{url}/candidates", headers=kemu))
    assert {i["application_id"] for i in table["items"] if i["settled"]} == set(apps[2:])
    r = await matching.put(
        url, json={"decisions": [{"application_id": apps[2], "state": "not_endorsed"}]}, headers=kemu
    )
    assert (r.status_code, r.json()["code"], r.json()["errors"][0]["field"]) == (
        409,
        "endorsement.too_late",
        "decisions.0.application_id",
    )


async def test_two_instances_deciding_at_once_tell_each_version_once(matching, second, producer, kafka):
    u = uid()
    ids = await _exchange(matching, u)
    apps = [f"c{i}-{u}" for i in range(3)]
    kemu = auth(Role.COORDINATOR, f"kemu-{u}", institutions=[ids["kemu"]])
    await _apply(producer, ids, ids["kemu"], apps)
    await _arrived(matching, ids, ids["kemu"], kemu, 3)
    url = f"/cycles/{ids['cycle']}/endorsements/{ids['kemu']}"

    # ten requests on two instances, alternating every application's decision
    def body(k: int) -> dict:
        state = "endorsed" if k % 2 == 0 else "not_endorsed"
        return {"decisions": [{"application_id": a, "state": state, "reason": f"r{k}"} for a in apps]}

    answers = await asyncio.gather(*((matching, second)[k % 2].put(url, json=body(k), headers=kemu) for k in range(10)))
    assert [r.status_code for r in answers] == [200] * 10, [r.text for r in answers]
    table = await ok(await second.get(f"{url}/candidates", headers=kemu))
    final = {i["application_id"]: i["version"] for i in table["items"]}
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:

        def complete(envs):
            told = _told(envs, set(apps))
            return told if all(len(told.get(a, [])) == final[a] for a in apps) else None

        told = await reader.wait_until(complete, "every version on Kafka", timeout=30)
    for app in apps:
        assert [e["version"] for e in told[app]] == list(range(1, final[app] + 1))  # each once, in order
        assert final[app] >= 1


async def test_reviewers_and_interviews_are_spent_on_the_endorsed_only(matching, producer):
    """Under an endorsement stage the home institution decides who competes: the committee's
    assignment gives reviewers to the endorsed only, the pool read with endorsed=true lists them
    only, and inviting one not endorsed (refused, or still undecided) is refused."""
    u = uid()
    ids = await _exchange(matching, u)
    apps = [f"c{i}-{u}" for i in range(3)]
    kemu = auth(Role.COORDINATOR, f"kemu-{u}", institutions=[ids["kemu"]])
    await _apply(producer, ids, ids["kemu"], apps)
    await _arrived(matching, ids, ids["kemu"], kemu, 3)
    decisions = [
        {"application_id": apps[0], "state": "endorsed"},
        {"application_id": apps[1], "state": "not_endorsed", "reason": "not in good standing"},
    ]  # apps[2] undecided
    await ok(
        await matching.put(
            f"/cycles/{ids['cycle']}/endorsements/{ids['kemu']}", json={"decisions": decisions}, headers=kemu
        )
    )
    for n in range(2):
        await producer.publish(
            AccountUpserted(
                account_id=f"rev{n}-{u}",
                role="officer",
                name=f"Reviewer {n}",
                email=f"rev{n}-{u}@x.org",
                schemes=[ids["scheme"]],
            )
        )

    async def reviewers():
        r = await matching.get(f"/cycles/{ids['cycle']}/reviewers", headers=ADMIN)
        return r.status_code == 200 and len(r.json()) == 2 or None

    await wait_for(reviewers, timeout=45, what="the reviewers from Kafka")
    sheet = {
        "criteria": [{"key": "record", "label": "Record", "weight": 1, "min": 0, "max": 10}],
        "reviewers_per_application": 1,
        "spread_threshold": 30,
        "reason": "rules",
    }
    await ok(await matching.put(f"/cycles/{ids['cycle']}/scoresheet", json=sheet, headers=ADMIN))
    assigned = await ok(await matching.post(f"/cycles/{ids['cycle']}/assignments", headers=ADMIN))
    assert {a["application_id"] for a in assigned["created"]} == {apps[0]}

    pool = await ok(await matching.get(f"/cycles/{ids['cycle']}/pool", params={"endorsed": "true"}, headers=ADMIN))
    assert [e["application_id"] for e in pool["items"]] == [apps[0]]
    everyone = await ok(await matching.get(f"/cycles/{ids['cycle']}/pool", headers=ADMIN))
    assert everyone["total"] == 3

    r = await matching.post(f"/cycles/{ids['cycle']}/interviews", json={"application_ids": apps}, headers=ADMIN)
    assert r.status_code == 409 and r.json()["code"] == "interview.not_endorsed", r.text
    assert r.json()["errors"][0]["application_ids"] == apps[1:]
    invited = await ok(
        await matching.post(f"/cycles/{ids['cycle']}/interviews", json={"application_ids": apps[:1]}, headers=ADMIN),
        201,
    )
    assert [i["application_id"] for i in invited] == apps[:1]
