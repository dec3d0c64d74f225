"""One application's outcome in the latest round, choice by choice with the reasons the round
kept (the officer's application page), over real Kafka and PostgreSQL, in the caller's scope."""

from __future__ import annotations

import pytest

from shared.events.catalog import ApplicantRegistered, ApplicationSubmitted
from shared.principal import Role
from tests.integration.matching.conftest import ADMIN, ok, open_cycle
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth


def programme(cycle: str, pid: str, host: str, title: str, seats: int) -> dict:
    return {
        "id": pid,
        "cycle_id": cycle,
        "host_institution_id": host,
        "title": title,
        "field": "medicine",
        "level": "master",
        "language": "en",
        "seats": seats,
    }


class World:
    def __init__(self) -> None:
        u = self.u = uid()
        self.scheme, self.cycle = f"sco-{u}", f"sco-{u}-26"
        self.lzu, self.xju = f"lzu-{u}", f"xju-{u}"
        self.med, self.rail = f"med-{u}", f"rail-{u}"
        self.officer = auth(Role.OFFICER, f"chair-{u}", schemes=[self.scheme])
        self.stranger = auth(Role.OFFICER, f"cpec-{u}", schemes=[f"cpec-{u}"])
        self.xju_officer = auth(Role.OFFICER, f"host-{u}", schemes=[self.scheme], institutions=[self.xju])
        self.aigerim, self.bilal, self.chen, self.late = (f"{n}-{u}" for n in ("aigerim", "bilal", "chen", "late"))


async def submit(producer, w: World, application_id: str, country: str, grade: float, choices: list[str], at) -> None:
    applicant_id = f"stu-{application_id}"
    await producer.publish(
        ApplicantRegistered(
            applicant_id=applicant_id, email=f"{application_id}@x.org", name=application_id, nationality=country
        )
    )
    await producer.publish(
        ApplicationSubmitted(
            application_id=application_id,
            applicant_id=applicant_id,
            cycle_id=w.cycle,
            scheme_id=w.scheme,
            applicant_type="student",
            sending_country=country,
            choices=choices,
            grade=grade,
            submitted_at=at,
        )
    )


async def pooled(c, w: World, application_id: str) -> None:
    async def there():
        return (await c.get(f"/pool/applications/{application_id}", headers=w.officer)).status_code == 200

    await wait_for(there, timeout=60, what=f"{application_id} in the pool")


@pytest.fixture
async def world(matching, producer) -> World:
    """Medicine (1 seat) at Lanzhou, Rail (2 seats) at Xinjiang. Aigerim (90) wants Medicine;
    Bilal (80) Medicine, then Rail; Chen (70) Rail. One round run."""
    c, w = matching, World()
    now = await open_cycle(
        c,
        w.officer,
        institution={"id": w.lzu, "name": "Lanzhou University", "country": "CN"},
        scheme={"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ", "PK"]},
        cycle={"id": w.cycle, "scheme_id": w.scheme, "name": "SCO 2026"},
        programme=programme(w.cycle, w.med, w.lzu, "Clinical Medicine", 1),
    )
    await ok(await c.post("/institutions", json={"id": w.xju, "name": "Xinjiang University", "country": "CN"}, headers=ADMIN), 201)  # fmt: skip
    await ok(await c.post("/programmes", json=programme(w.cycle, w.rail, w.xju, "Rail", 2), headers=w.officer), 201)
    await submit(producer, w, w.aigerim, "KZ", 90.0, [w.med], now)
    await submit(producer, w, w.bilal, "PK", 80.0, [w.med, w.rail], now)
    await submit(producer, w, w.chen, "PK", 70.0, [w.rail], now)
    for app in (w.aigerim, w.bilal, w.chen):
        await pooled(c, w, app)
    started = await ok(await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 7}, headers=w.officer), 202)
    w.round_id = started["round_id"]
    w.round_number = started["number"]

    async def done():
        r = (await c.get(f"/rounds/{w.round_id}", headers=w.officer)).json()
        return r if r["status"] in ("completed", "failed") else None

    assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
    w.now = now
    return w


async def test_each_choice_says_why_it_was_or_was_not_placed(matching, world):
    c, w = matching, world
    bilal = await ok(await c.get(f"/pool/applications/{w.bilal}/outcome", headers=w.officer))
    assert bilal["round_id"] == w.round_id and bilal["round_number"] == w.round_number
    assert bilal["cycle_id"] == w.cycle and bilal["finished_at"]
    assert (bilal["status"], bilal["programme_id"]) == ("matched", w.rail)
    medicine, rail = bilal["choices"]
    # Medicine's one seat is Aigerim's (90 > 80): the reason by code, with both scores
    assert (medicine["rank"], medicine["programme_id"]) == (1, w.med)
    assert medicine["result"] in ("not_placed", "waitlisted")
    assert [r["code"] for r in medicine["reasons"]] == ["round.programme_full"]
    assert medicine["reasons"][0]["params"] == {"lowest": 90, "yours": 80}
    assert (rail["rank"], rail["programme_id"], rail["result"], rail["reasons"]) == (2, w.rail, "placed", [])
    aigerim = await ok(await c.get(f"/pool/applications/{w.aigerim}/outcome", headers=w.officer))
    assert [(ch["programme_id"], ch["result"]) for ch in aigerim["choices"]] == [(w.med, "placed")]


async def test_before_a_round_no_choice_is_decided(matching, producer, world):
    c, w = matching, world
    await submit(producer, w, w.late, "KZ", 60.0, [w.rail, w.med], w.now)
    await pooled(c, w, w.late)
    late = await ok(await c.get(f"/pool/applications/{w.late}/outcome", headers=w.officer))
    assert late["round_id"] is None and late["status"] is None
    assert [(ch["programme_id"], ch["result"], ch["reasons"]) for ch in late["choices"]] == [
        (w.rail, "undecided", []),
        (w.med, "undecided", []),
    ]


async def test_the_outcome_is_read_in_scope_only(matching, world):
    c, w = matching, world
    # Xinjiang's officer sees the applications naming Rail, not Aigerim's (Medicine only)
    assert (await ok(await c.get(f"/pool/applications/{w.chen}/outcome", headers=w.xju_officer)))["status"] == "matched"
    r = await c.get(f"/pool/applications/{w.aigerim}/outcome", headers=w.xju_officer)
    assert r.status_code == 404 and r.json()["code"] == "pool.not_in_scope"
    r = await c.get(f"/pool/applications/{w.bilal}/outcome", headers=w.stranger)
    assert r.status_code == 404 and r.json()["code"] == "pool.not_in_scope"
    r = await c.get(f"/pool/applications/nobody-{w.u}/outcome", headers=w.officer)
    assert r.status_code == 404 and r.json()["code"] == "pool.not_found"
    applicant = auth(Role.APPLICANT, f"stu-{w.bilal}")
    assert (await c.get(f"/pool/applications/{w.bilal}/outcome", headers=applicant)).status_code == 403
