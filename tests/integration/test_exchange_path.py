"""The PK–KZ exchange's award path over the API, as real processes (issue 14): endorsement by
the home university, matching, officer review, host admission and the applicant's answer.

An admin sets up the exchange (a Pakistani home university, a Kazakh host, the path with
endorsement and admission) and makes the home university's coordinator and the host's
admissions account. Three students of King Edward Medical University apply, naming it as their
home institution; an application without a home institution is refused at submission, and
one naming another country's university already at the draft. The coordinator endorses two of
them as a cohort and not the third (with a reason). Each applicant's application and inbox say
so; the coordinator reads its own applicants' documents but not another university's. A round
places the two endorsed only; the officer approves; the host admits one and rejects the other;
the admitted applicant accepts the offer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.integration.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.support.flows import login, register
from tests.support.ids import uid
from tests.support.infra import wait_for

PASSWORD = "copper-lantern-meadow-61"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json() if r.content else None


async def _exchange(apps: httpx.AsyncClient, m: httpx.AsyncClient, admin: dict, u: str) -> dict:
    ids = {
        "scheme": f"pkkz-{u}",
        "cycle": f"pkkz-{u}-26",
        "kemu": f"kemu-{u}",
        "duhs": f"duhs-{u}",
        "host": f"kaznmu-{u}",
        "almaty": f"afu-{u}",
        "prog": f"kaznmu-gm-{u}",
    }
    for key, name, country in (
        ("kemu", "King Edward Medical University", "PK"),
        ("duhs", "Dow University of Health Sciences", "PK"),
        ("host", "Asfendiyarov Kazakh National Medical University", "KZ"),
        ("almaty", "Al-Farabi Kazakh National University", "KZ"),
    ):
        body = {"id": ids[key], "name": name, "country": country}
        await ok(await m.post("/institutions", json=body, headers=admin), 201)
    scheme = {
        "id": ids["scheme"],
        "name": "Pakistan–Kazakhstan medical exchange",
        "sponsor": "HEC and MoSHE",
        "eligible_countries": ["PK", "KZ"],
        "path": ["endorsement", "matching", "review", "admission", "answer"],
    }
    await ok(await m.post("/schemes", json=scheme, headers=admin), 201)
    now = datetime.now(UTC)
    cycle = {
        "id": ids["cycle"],
        "scheme_id": ids["scheme"],
        "name": "Exchange 2026/27",
        "opens_at": (now - timedelta(days=5)).isoformat(),
        "closes_at": (now + timedelta(days=5)).isoformat(),
        "endorsement_closes_at": (now + timedelta(days=10)).isoformat(),
        "admission_closes_at": (now + timedelta(days=30)).isoformat(),
    }
    await ok(await m.post("/cycles", json=cycle, headers=admin), 201)
    programme = {
        "id": ids["prog"],
        "cycle_id": ids["cycle"],
        "host_institution_id": ids["host"],
        "title": "General Medicine exchange semester",
        "field": "medicine",
        "level": "non-degree",
        "language": "en",
        "seats": 5,
        "requirements": {"required_documents": ["passport", "transcript"]},
    }
    await ok(await m.post("/programmes", json=programme, headers=admin), 201)

    async def arrived():  # the catalog reaches the applications service over Kafka
        return (await apps.get(f"/programmes/{ids['prog']}")).status_code == 200

    await wait_for(arrived, timeout=45, what="the exchange's catalog in the applications service")
    return ids


async def _apply(apps: httpx.AsyncClient, ids: dict, n: int, home: str | None) -> tuple[dict, str]:
    who = await register(apps, nationality="PK", name=f"Student {n} {ids['scheme']}", preferred_language="ur")
    body = {"cycle_id": ids["cycle"], "choices": [ids["prog"]], "grade": 80.0 + n, "statement": "Surgery."}
    if home:
        body["home_institution_id"] = home
    draft = await ok(await apps.post("/applications", json=body, headers=who.headers), 201)
    for kind in ("passport", "transcript"):
        r = await apps.post(
            f"/applications/{draft['id']}/documents",
            headers=who.headers,
            data={"kind": kind},
            files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
        )
        await ok(r, 201)
    consent = {"host_identity": True, "host_documents": True}
    await ok(await apps.put(f"/applications/{draft['id']}/consent", json=consent, headers=who.headers))
    return who.headers, draft["id"]


async def _status(apps, headers, app_id: str, want: str) -> dict:
    async def reached():
        a = (await apps.get(f"/applications/{app_id}", headers=headers)).json()
        return a if a["status"] == want else None

    return await wait_for(reached, timeout=45, what=f"application {app_id} {want}")


async def test_the_exchange_from_application_to_accepted_offer_through_endorsement_and_admission(stack):
    u = uid()
    async with (
        httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as apps,
        httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m,
        httpx.AsyncClient(base_url=stack.notifications.url, timeout=30) as notes,
    ):
        admin = await login(apps, ADMIN_EMAIL, ADMIN_PASSWORD)
        ids = await _exchange(apps, m, admin, u)
        coordinator = {
            "email": f"{uid('kemu')}@kemu.example.pk",
            "password": PASSWORD,
            "name": "KEMU international office",
            "role": "coordinator",
            "schemes": [ids["scheme"]],
            "institutions": [ids["kemu"]],
        }
        host = {
            "email": f"{uid('kaznmu')}@kaznmu.example.kz",
            "password": PASSWORD,
            "name": "KazNMU admissions",
            "role": "partner",
            "institutions": [ids["host"]],
        }
        for body in (coordinator, host):
            await ok(await apps.post("/admin/accounts", json=body, headers=admin), 201)
        kemu = await login(apps, coordinator["email"], PASSWORD)
        kaznmu = await login(apps, host["email"], PASSWORD)

        # a home institution of another country is refused at once; none at all, at submission
        who = await register(apps, nationality="PK")
        body = {"cycle_id": ids["cycle"], "choices": [ids["prog"]], "grade": 90.0, "home_institution_id": ids["almaty"]}
        r = await apps.post("/applications", json=body, headers=who.headers)
        assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "home_institution_id")
        nameless, nameless_id = await _apply(apps, ids, 9, None)
        r = await apps.post(f"/applications/{nameless_id}/submit", headers=nameless)
        assert (r.status_code, r.json()["code"], r.json()["errors"][0]["field"]) == (
            422,
            "application.home_institution_required",
            "home_institution_id",
        )

        students = [await _apply(apps, ids, n, ids["kemu"]) for n in range(3)]
        for headers, app_id in students:
            await ok(await apps.post(f"/applications/{app_id}/submit", headers=headers))
        [(h0, a0), (h1, a1), (h2, a2)] = students
        mine = await ok(await apps.get(f"/applications/{a0}", headers=h0))
        assert mine["home_institution_id"] == ids["kemu"] and mine["status"] == "submitted"

        # the coordinator's table fills from Kafka; it endorses two as a cohort, not the third
        url = f"/cycles/{ids['cycle']}/endorsements/{ids['kemu']}"

        async def pooled():
            r = await m.get(f"{url}/candidates", headers=kemu)
            return r.json() if r.status_code == 200 and r.json()["total"] == 3 else None

        table = await wait_for(pooled, timeout=45, what="the coordinator's applicants")
        assert {i["application_id"] for i in table["items"]} == {a0, a1, a2}
        assert (await m.get(f"/cycles/{ids['cycle']}/endorsements/{ids['duhs']}", headers=kemu)).status_code == 403
        cohort = {"decisions": [{"application_id": a, "state": "endorsed"} for a in (a0, a1)], "cohort": "Surgery 2026"}
        await ok(await m.put(url, json=cohort, headers=kemu))
        refusal = {"decisions": [{"application_id": a2, "state": "not_endorsed", "reason": "Exams not yet passed."}]}
        summary = await ok(await m.put(url, json=refusal, headers=kemu))
        assert (summary["endorsed"], summary["not_endorsed"], summary["undecided"]) == (2, 1, 0)

        endorsed = await _status(apps, h0, a0, "endorsed")
        assert endorsed["endorsement"]["cohort"] == "Surgery 2026"
        refused = await _status(apps, h2, a2, "not_endorsed")
        assert refused["endorsement"]["reason"] == "Exams not yet passed."

        async def told(headers):
            items = (await notes.get("/inbox", headers=headers)).json()["items"]
            return items if any(i["event_type"].endswith("endorsement.decided.v1") for i in items) else None

        assert await wait_for(lambda: told(h2), timeout=45, what="the refusal in the applicant's inbox")

        # the coordinator reviews its own applicants' documents, and nobody else's
        docs = await apps.get(f"/officer/applications/{a0}/documents", headers=kemu)
        assert docs.status_code == 200, docs.text
        assert (await apps.get(f"/officer/applications/{nameless_id}/documents", headers=kemu)).status_code in (
            403,
            404,
        )

        # a round places the endorsed only; the officer approves; the host decides
        started = await ok(await m.post(f"/cycles/{ids['cycle']}/rounds", json={"seed": 1}, headers=admin), 202)

        async def done():
            r = (await m.get(f"/rounds/{started['round_id']}", headers=admin)).json()
            return r if r["status"] in ("completed", "failed") else None

        assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
        page = await ok(await m.get("/matches", params={"round_id": started["round_id"]}, headers=admin))
        matches = {x["application_id"]: x["id"] for x in page["items"]}
        assert set(matches) == {a0, a1}
        for match_id in matches.values():
            await ok(await m.post(f"/matches/{match_id}/approve", headers=admin))
        await _status(apps, h0, a0, "with_host")
        await ok(await m.post(f"/matches/{matches[a0]}/admission", json={"decision": "admitted"}, headers=kaznmu))
        rejection = {"decision": "rejected", "reason_code": "capacity", "note": "The semester is full."}
        await ok(await m.post(f"/matches/{matches[a1]}/admission", json=rejection, headers=kaznmu))
        await _status(apps, h1, a1, "not_admitted")
        await _status(apps, h0, a0, "offered")
        accepted = await ok(await apps.post(f"/applications/{a0}/offer/accept", headers=h0))
        assert accepted["status"] == "accepted"
        # the refused applicant was never placed, and its endorsement could not be taken back after
        assert (await ok(await apps.get(f"/applications/{a2}", headers=h2)))["status"] == "not_endorsed"
        r = await m.put(url, json={"decisions": [{"application_id": a0, "state": "not_endorsed"}]}, headers=kemu)
        assert (r.status_code, r.json()["code"]) == (409, "endorsement.too_late")
