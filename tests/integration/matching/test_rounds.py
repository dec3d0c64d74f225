"""Pool, rounds, review, offers and the quota dashboard over real Kafka and PostgreSQL.

Each test builds its own cycle through the API, fed by real ApplicationSubmitted events
(the ``world`` fixture), and the steps it needs before it (a first round, reviews, offer
answers) through fixtures, so every test runs alone as well as with the others.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from services.matching.api.routes import router
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
from tests.integration.matching.conftest import TopicReader
from tests.integration.matching.test_committee import COMMITTEE_READS
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.metrics import metric_value
from tests.support.services import auth

ADMIN = auth(Role.ADMIN, "admin-1")


@dataclass
class World:
    """One cycle of the SCO scheme with its own ids: programmes ir and med at LZU (2 and 1
    seats), pe at XJU (2), at most 2 from KZ, and nine applicants."""

    u: str = field(default_factory=uid)

    def __post_init__(self) -> None:
        u = self.u
        self.scheme, self.cycle = f"sco-{u}", f"sco-{u}-2026"
        self.lzu, self.xju = f"lzu-{u}", f"xju-{u}"
        self.ir, self.pe, self.med = f"ir-{u}", f"pe-{u}", f"med-{u}"
        self.officer = auth(Role.OFFICER, "o-sco", schemes=[self.scheme])
        self.lzu_officer = auth(Role.OFFICER, "o-lzu", institutions=[self.lzu])
        self.xju_officer = auth(Role.OFFICER, "o-xju", institutions=[self.xju])
        self.stranger = auth(Role.OFFICER, "o-cpec", schemes=[f"cpec-{u}"])
        # application id -> (country, grade, choices, HSK level)
        self.applicants = {
            self.a("a1"): ("KZ", 95.0, [self.ir, self.pe], 5),
            self.a("a2"): ("KZ", 93.0, [self.ir, self.pe], 5),
            self.a("a3"): ("KZ", 91.0, [self.ir, self.pe], 5),  # KZ cap 2: kept out of both
            self.a("a4"): ("UZ", 90.0, [self.ir, self.pe], 4),
            self.a("a5"): ("UZ", 85.0, [self.med, self.ir, self.pe], 3),  # MED needs HSK 4: ineligible there
            self.a("a6"): ("TJ", 80.0, [self.ir, self.pe], 4),
            self.a("a7"): ("PK", 75.0, [self.pe, self.ir], 4),
            self.a("a8"): ("TJ", 70.0, [self.pe], 4),
            self.a("a9"): ("RU", 99.0, [self.ir], 6),  # not an eligible sending country
        }

    def a(self, name: str) -> str:
        return f"{name}-{self.u}"


async def _ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json()


async def _wait_round(c, w: World, round_id: str) -> dict:
    async def done():
        r = await c.get(f"/rounds/{round_id}", headers=w.officer)
        body = r.json()
        assert 0 <= body["progress"] <= 1
        return body if body["status"] in ("completed", "failed") else None

    body = await wait_for(done, timeout=60, what=f"round {round_id}")
    assert body["status"] == "completed", body
    return body


async def _run_round(c, w: World, seed: int | None = 42) -> dict:
    started = await _ok(await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": seed}, headers=w.officer), 202)
    return await _wait_round(c, w, started["round_id"])


async def _matches(c, w: World, round_id: str) -> dict[str, dict]:
    page = await _ok(await c.get("/matches", params={"round_id": round_id, "limit": 500}, headers=w.officer))
    return {m["application_id"]: m for m in page["items"]}


async def _build_catalog(c, w: World) -> None:
    for inst, name in ((w.lzu, "Lanzhou University"), (w.xju, "Xinjiang University")):
        await _ok(await c.post("/institutions", json={"id": inst, "name": name, "country": "CN"}, headers=ADMIN), 201)
    scheme = {
        "id": w.scheme,
        "name": "SCO Scholarship",
        "sponsor": "CSC",
        "eligible_countries": ["KZ", "UZ", "TJ", "KG", "PK", "RU"],
    }
    await _ok(await c.post("/schemes", json=scheme, headers=ADMIN), 201)
    now = datetime.now(UTC)
    cycle = {
        "id": w.cycle,
        "scheme_id": w.scheme,
        "name": "SCO 2026/27",
        "opens_at": (now - timedelta(days=10)).isoformat(),
        "closes_at": (now + timedelta(days=10)).isoformat(),
        "eligible_countries": ["KZ", "UZ", "TJ", "PK"],
    }
    await _ok(await c.post("/cycles", json=cycle, headers=w.officer), 201)
    for pid, host, seats, req in (
        (w.ir, w.lzu, 2, {}),
        (w.pe, w.xju, 2, {}),
        (w.med, w.lzu, 1, {"language_certificate": "HSK", "min_language_level": 4}),
    ):
        programme = {
            "id": pid,
            "cycle_id": w.cycle,
            "host_institution_id": host,
            "title": pid,
            "field": "engineering",
            "level": "master",
            "language": "zh",
            "seats": seats,
            "requirements": req,
        }
        await _ok(await c.post("/programmes", json=programme, headers=w.officer), 201)
    rule = {
        "id": f"kz-{w.u}",
        "cycle_id": w.cycle,
        "label": f"SCO {w.u}: at most 2 from KZ",
        "scope": {"sending_country": ["KZ"]},
        "max_count": 2,
    }
    await _ok(await c.post("/quota-rules", json=rule, headers=w.officer), 201)


@pytest.fixture
async def world(matching, producer) -> World:
    """A fresh cycle, its pool filled from Kafka, everyone scored, a8 highest (priority 88.33)."""
    c, w = matching, World()
    await _build_catalog(c, w)
    now = datetime.now(UTC)
    for app_id, (country, grade, choices, hsk) in w.applicants.items():
        await producer.publish(
            ApplicationSubmitted(
                application_id=app_id,
                applicant_id=f"stu-{app_id}",
                cycle_id=w.cycle,
                scheme_id=w.scheme,
                applicant_type="student",
                sending_country=country,
                choices=choices,
                grade=grade,
                language_certificates=[LanguageCertificate(kind="HSK", level=hsk)],
                submitted_at=now,
            )
        )

    async def pooled():
        page = (await c.get(f"/cycles/{w.cycle}/pool", params={"limit": 1}, headers=w.officer)).json()
        return page if page["total"] == len(w.applicants) else None

    await wait_for(pooled, timeout=45, what="the pool filled from Kafka")
    # everyone interviewed and scored at their grade (a round counts an officer's score only
    # when every application it ranks has it), and a8 aces the interview: grade 70, interview
    # 100, committee 95 -> priority 88.33
    for app_id, (_country, grade, _choices, _hsk) in w.applicants.items():
        score = {"interview_score": grade, "committee_score": grade}
        await _ok(await c.put(f"/cycles/{w.cycle}/pool/{app_id}/score", json=score, headers=w.officer))
    score = {"interview_score": 100, "committee_score": 95}
    await _ok(await c.put(f"/cycles/{w.cycle}/pool/{w.a('a8')}/score", json=score, headers=w.officer))
    return w


@pytest.fixture
async def first_round(matching, world) -> dict:
    return await _run_round(matching, world)


@pytest.fixture
async def reviewed(matching, world, first_round) -> dict[str, dict]:
    """a1 approved and a2 rejected (at LZU), a4 and a8 approved (at XJU)."""
    c, w = matching, world
    m = await _matches(c, w, first_round["id"])
    await _ok(await c.post(f"/matches/{m[w.a('a1')]['id']}/approve", headers=w.lzu_officer))
    reason = {"reason": "missing medical certificate", "message_to_applicant": "Please send a medical certificate."}
    await _ok(await c.post(f"/matches/{m[w.a('a2')]['id']}/reject", json=reason, headers=w.lzu_officer))
    bulk = {"decisions": [{"match_id": m[w.a(x)]["id"], "decision": "approve"} for x in ("a4", "a8")]}
    await _ok(await c.post("/matches/review", json=bulk, headers=w.xju_officer))
    return {x: m[w.a(x)] for x in ("a1", "a2", "a4", "a8")}


@pytest.fixture
async def answered(matching, producer, world, reviewed) -> dict[str, dict]:
    """a1 accepts its offer, a4 declines, a6 withdraws."""
    c, w, m = matching, world, reviewed
    for key, cls in (("a1", OfferAccepted), ("a4", OfferDeclined)):
        mm = m[key]
        await producer.publish(
            cls(
                application_id=mm["application_id"],
                applicant_id=mm["applicant_id"],
                cycle_id=w.cycle,
                match_id=mm["id"],
                programme_id=mm["programme_id"],
            )
        )
    await producer.publish(
        ApplicationWithdrawn(application_id=w.a("a6"), applicant_id=f"stu-{w.a('a6')}", cycle_id=w.cycle)
    )

    async def applied():
        s1 = (await c.get(f"/matches/{m['a1']['id']}", headers=w.officer)).json()["status"]
        s4 = (await c.get(f"/matches/{m['a4']['id']}", headers=w.officer)).json()["status"]
        s6 = (await c.get(f"/pool/applications/{w.a('a6')}", headers=w.officer)).json()["status"]
        return (s1, s4, s6) if (s1, s4, s6) == ("accepted", "declined", "withdrawn") else None

    await wait_for(applied, timeout=45, what="offer answers applied")
    return m


async def test_catalog_and_pool_from_real_events(matching, world):
    c, w = matching, world
    page = await _ok(await c.get(f"/cycles/{w.cycle}/pool", params={"limit": 2}, headers=w.officer))
    assert len(page["items"]) == 2 and page["limit"] == 2 and page["total"] == len(w.applicants)
    r = await c.get(f"/cycles/{w.cycle}/pool", headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"

    entry = await _ok(await c.get(f"/pool/applications/{w.a('a8')}", headers=w.officer))
    assert entry["priority_score"] == 88.33 and entry["scored_by"] == "o-sco"
    r = await c.put(f"/cycles/{w.cycle}/pool/{w.a('a8')}/score", json={"interview_score": 140}, headers=w.officer)
    body = r.json()
    assert r.status_code == 422 and body["status"] == 422 and body["errors"][0]["field"] == "interview_score"


async def test_an_officer_of_the_scheme_and_one_host_sees_only_its_applications(matching, world):
    """Scoped to the scheme and XJU: the entries naming PE (hosted at XJU), in the list and
    one by one; the others answer 404 "not in your scope", as in the applications service."""
    c, w = matching, world
    both = auth(Role.OFFICER, "o-sco-xju", schemes=[w.scheme], institutions=[w.xju])
    page = await _ok(await c.get(f"/cycles/{w.cycle}/pool", params={"limit": 100}, headers=both))
    naming_pe = {a for a, (_, _, choices, _) in w.applicants.items() if w.pe in choices}
    assert {e["application_id"] for e in page["items"]} == naming_pe and page["total"] == len(naming_pe) == 8
    assert (await c.get(f"/pool/applications/{w.a('a8')}", headers=both)).status_code == 200
    r = await c.get(f"/pool/applications/{w.a('a9')}", headers=both)  # IR only, at LZU
    assert r.status_code == 404 and r.json()["errors"][0]["reason"] == "not in your scope"
    assert r.json()["code"] == "pool.not_in_scope"


async def test_round_places_within_seats_and_caps_with_reasons_and_events(matching, kafka, world):
    c, w = matching, world
    started = await _ok(await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 42}, headers=w.officer), 202)
    assert started["seed"] == 42 and started["status"] == "queued"
    rnd = await _wait_round(c, w, started["round_id"])
    assert len(rnd["inputs_digest"]) == 64 and rnd["progress"] == 1.0
    assert await metric_value(c, "corridor_matching_round_duration_seconds_count", service="matching") >= 1
    assert await metric_value(c, "corridor_matching_rounds_total", service="matching", outcome="completed") >= 1
    matches = await _matches(c, w, rnd["id"])
    placed = {a: m["programme_id"] for a, m in matches.items()}
    # priority: a9(99, ineligible) a1 a2 a3 a4 a8(88.33) a5 a6 a7
    assert placed == {w.a("a1"): w.ir, w.a("a2"): w.ir, w.a("a4"): w.pe, w.a("a8"): w.pe}, str(rnd)
    stats = rnd["statistics"]
    assert stats["programmes"][w.ir] == {"filled": 2, "seats": 2}
    kz = stats["quota_rules"][f"kz-{w.u}"]
    assert kz["used"] == 2 and kz["limit"] == 2
    assert stats["countries"]["KZ"]["matched"] == 2
    assert rnd["matched"] == 4

    outcomes = await _ok(await c.get(f"/rounds/{rnd['id']}/outcomes", params={"limit": 100}, headers=w.officer))
    by_app = {o["application_id"]: o for o in outcomes["items"]}
    a3 = by_app[w.a("a3")]
    assert a3["status"] == "waitlisted"
    assert any("at most 2 from KZ" in r["reason"] for r in a3["reasons"]), a3
    a5 = {r["programme_id"]: r["reason"] for r in by_app[w.a("a5")]["reasons"]}
    assert "HSK 3 below required 4" in a5[w.med] and "programme full" in a5[w.ir]
    a9 = by_app[w.a("a9")]
    assert "not eligible" in a9["reasons"][0]["reason"] and a9["status"] == "unmatched"
    waitlist = await _ok(await c.get(f"/rounds/{rnd['id']}/waitlist", headers=w.officer))
    assert waitlist[w.ir][0] == w.a("a3")

    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:

        def ours(envs):
            mine = [e for e in envs if e.data and e.data.get("round_id") == rnd["id"]]
            return mine if any(e.type.endswith("round.completed.v1") for e in mine) and len(mine) >= 10 else None

        events = await reader.wait_until(ours, "round events")
    kinds = [e.type.split(".")[-2] for e in events]
    assert kinds.count("proposed") == 4 and kinds.count("completed") == 1
    assert kinds.count("waitlisted") + kinds.count("unmatched") == 5
    completed = next(e for e in events if e.type.endswith("round.completed.v1"))
    assert completed.data["inputs_digest"] == rnd["inputs_digest"] and completed.key == w.cycle
    proposed_a4 = next(
        e for e in events if e.type.endswith("match.proposed.v1") and e.data["application_id"] == w.a("a4")
    )
    assert proposed_a4.key == w.a("a4") and proposed_a4.data["rank"] == 2
    assert proposed_a4.data["reasons"][0]["programme_id"] == w.ir  # why not the first choice
    assert "programme full" in proposed_a4.data["reasons"][0]["reason"]
    unmatched = next(
        e for e in events if e.type.endswith("match.unmatched.v1") and e.data["application_id"] == w.a("a9")
    )
    assert unmatched.data["reasons"]

    # fewer seats than the places the round proposed: saved, with a warning that says so
    programme = await _ok(await c.get(f"/programmes/{w.ir}"))
    cut = await _ok(await c.put(f"/programmes/{w.ir}", json={**programme, "seats": 1}, headers=w.officer))
    assert "programme.seats_below_places" in [x["code"] for x in cut["warnings"]]
    back = await _ok(await c.put(f"/programmes/{w.ir}", json={**programme, "seats": 2}, headers=w.officer))
    assert back["seats"] == 2 and "programme.seats_below_places" not in [x["code"] for x in back["warnings"]]


async def test_same_inputs_and_seed_give_the_same_round(matching, world, first_round):
    c, w = matching, world
    rnd = await _run_round(c, w, seed=42)
    assert rnd["inputs_digest"] == first_round["inputs_digest"]
    again = {a: m["programme_id"] for a, m in (await _matches(c, w, rnd["id"])).items()}
    old = await _matches(c, w, first_round["id"])
    assert again == {a: m["programme_id"] for a, m in old.items()}
    assert rnd["statistics"] == first_round["statistics"]
    assert {m["status"] for m in old.values()} == {"superseded"}


async def test_one_round_at_a_time_per_cycle(matching, world, first_round):
    c, w = matching, world
    held_id = f"held-{w.u}"
    engine = create_async_engine(c.database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                Round.__table__.insert().values(
                    id=held_id,
                    cycle_id=w.cycle,
                    number=99,
                    seed=1,
                    status="running",
                    progress=0.5,
                    active_cycle_id=w.cycle,
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
        r = await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 1}, headers=w.officer)
        body = r.json()
        assert r.status_code == 409 and body["code"] == "round.running" and held_id in body["errors"][0]["reason"]
        # reviews wait for the running round too
        some = next(iter((await _matches(c, w, first_round["id"])).values()))
        r = await c.post(f"/matches/{some['id']}/approve", headers=ADMIN)
        assert r.status_code == 409 and r.json()["code"] == "match.round_running"
        # a round whose process died (no heartbeat) no longer blocks the cycle
        async with engine.begin() as conn:
            await conn.execute(
                update(Round).where(Round.id == held_id).values(heartbeat_at=datetime.now(UTC) - timedelta(minutes=5))
            )
        await _run_round(c, w, seed=42)
        held = await _ok(await c.get(f"/rounds/{held_id}", headers=w.officer))
        assert held["status"] == "failed" and "heartbeat" in held["error"]
    finally:
        await engine.dispose()


async def test_a_start_sent_twice_at_once_is_one_round(matching, world):
    """A double click (or a client's retry after a timeout) sent the start twice: with one
    Idempotency-Key both answer the same round, and the cycle has one round, not two run one
    after the other."""
    c, w = matching, world
    key = {**w.officer, "Idempotency-Key": f"start-{w.u}"}
    first, second = await asyncio.gather(
        c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 7}, headers=key),
        c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 7}, headers=key),
    )
    assert (first.status_code, second.status_code) == (202, 202), (first.text, second.text)
    assert first.json()["round_id"] == second.json()["round_id"]
    assert sorted([first.headers["idempotent-replayed"], second.headers["idempotent-replayed"]]) == ["false", "true"]
    await _wait_round(c, w, first.json()["round_id"])
    # sent again after the round completed: the same answer, still no second round
    later = await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 7}, headers=key)
    assert later.status_code == 202 and later.json()["round_id"] == first.json()["round_id"]
    rounds = await _ok(await c.get(f"/cycles/{w.cycle}/rounds", headers=w.officer))
    assert rounds["total"] == 1
    # the key with another request is refused, not taken for the first
    other = await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 8}, headers=key)
    assert other.status_code == 422 and other.json()["code"] == "idempotency.key_reused"
    # a page read before that round (Back, and sent again with a new key) is refused: it would
    # supersede proposals nobody has reviewed; the page that shows the round starts another
    stale = await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 9, "after_round": ""}, headers=w.officer)
    assert stale.status_code == 409 and stale.json()["code"] == "round.started_since", stale.text
    assert stale.json()["errors"][0]["round_id"] == first.json()["round_id"]
    fresh = await c.post(
        f"/cycles/{w.cycle}/rounds", json={"seed": 9, "after_round": first.json()["round_id"]}, headers=w.officer
    )
    assert fresh.status_code == 202, fresh.text
    await _wait_round(c, w, fresh.json()["round_id"])


async def test_an_approval_sent_twice_at_once_answers_both_as_the_first(matching, world, first_round):
    """A double click on Approve: the second answered 409 "not proposed", which read as a
    colleague's decision made meanwhile."""
    c, w = matching, world
    some = next(iter((await _matches(c, w, first_round["id"])).values()))
    key = {**w.officer, "Idempotency-Key": f"approve-{some['id']}"}
    twice = await asyncio.gather(*(c.post(f"/matches/{some['id']}/approve", headers=key) for _ in range(2)))
    assert [r.status_code for r in twice] == [200, 200], [r.text for r in twice]
    assert twice[0].json() == twice[1].json() and twice[0].json()["status"] in ("approved", "with_host")
    # without the key, the second is a decision of its own, refused as decided
    again = await c.post(f"/matches/{some['id']}/approve", headers=w.officer)
    assert again.status_code == 409


async def test_review_within_scope_only(matching, kafka, world, first_round):
    c, w = matching, world
    m = await _matches(c, w, first_round["id"])
    a1, a2, a4, a8 = (m[w.a(x)] for x in ("a1", "a2", "a4", "a8"))  # a1,a2 at LZU (IR); a4,a8 at XJU (PE)

    # authorization matrix for approving a1 (scheme, host LZU)
    matrix = [(w.xju_officer, 403), (w.stranger, 403), (auth(Role.APPLICANT, "stu"), 403), ({}, 401)]
    for headers, code in matrix:
        r = await c.post(f"/matches/{a1['id']}/approve", headers=headers)
        assert r.status_code == code, (headers, r.text)
        assert r.json()["status"] == code
    assert (await c.get(f"/matches/{a1['id']}", headers=w.xju_officer)).status_code == 403
    listed = await _ok(await c.get("/matches", params={"round_id": first_round["id"]}, headers=w.xju_officer))
    assert listed["total"] == 2

    body = await _ok(await c.post(f"/matches/{a1['id']}/approve", headers=w.lzu_officer))
    assert body["status"] == "approved" and body["reviewed_by"] == "o-lzu"
    r = await c.post(f"/matches/{a1['id']}/approve", headers=w.lzu_officer)
    assert r.status_code == 409 and r.json()["code"] == "match.already_reviewed"
    r = await c.post(f"/matches/{a2['id']}/reject", json={"reason": ""}, headers=w.lzu_officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    reason = {"reason": "missing medical certificate"}
    body = await _ok(await c.post(f"/matches/{a2['id']}/reject", json=reason, headers=w.lzu_officer))
    assert body["status"] == "rejected"

    # bulk: one decision out of scope -> nothing applied
    bulk = {
        "decisions": [
            {"match_id": a4["id"], "decision": "approve"},
            {"match_id": a8["id"], "decision": "approve"},
            {"match_id": a1["id"], "decision": "reject", "reason": "changed my mind"},
        ]
    }
    r = await c.post("/matches/review", json=bulk, headers=w.xju_officer)
    assert r.status_code in (403, 409) and [d["field"] for d in r.json()["errors"]] == ["decisions.2.match_id"]
    assert (await _ok(await c.get(f"/matches/{a4['id']}", headers=w.officer)))["status"] == "proposed"
    bulk["decisions"] = bulk["decisions"][:2]
    body = await _ok(await c.post("/matches/review", json=bulk, headers=w.xju_officer))
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


async def test_an_officer_pages_a_rounds_matches_by_cursor(matching, world, first_round):
    """``after`` = the page's ``next``: every match once, in the list's order, the total on the
    first page (null after it), no ``next`` on the last; a cursor that is not one, or with an
    offset, is refused."""
    c, round_id = matching, first_round["id"]
    whole = await _ok(await c.get("/matches", params={"round_id": round_id, "limit": 500}, headers=world.officer))
    assert whole["total"] >= 2 and whole["next"] is None
    seen, after = [], None
    while True:
        params = {"round_id": round_id, "limit": 1} | ({"after": after} if after else {})
        page = await _ok(await c.get("/matches", params=params, headers=world.officer))
        assert page["total"] == (None if after else whole["total"]) and len(page["items"]) == 1
        seen += [m["id"] for m in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert seen == [m["id"] for m in whole["items"]]

    for bad in ("not-a-cursor", "WyJ4Il0", "W10"):  # garbage, a key of one value, an empty key
        r = await c.get("/matches", params={"round_id": round_id, "after": bad}, headers=world.officer)
        assert r.status_code == 422 and r.json()["code"] == "paging.bad_cursor", r.text
        assert r.json()["errors"][0]["field"] == "after"
    first = await _ok(await c.get("/matches", params={"round_id": round_id, "limit": 1}, headers=world.officer))
    r = await c.get(
        "/matches", params={"round_id": round_id, "after": first["next"], "offset": 1}, headers=world.officer
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "offset"


async def test_offers_confirm_or_free_the_seat(matching, kafka, world, answered):
    c, w, m = matching, world, answered
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        await reader.wait_until(
            lambda envs: [
                e for e in envs if e.type.endswith("match.confirmed.v1") and e.data["match_id"] == m["a1"]["id"]
            ],
            "match.confirmed",
        )

    quota = await _ok(await c.get(f"/cycles/{w.cycle}/quota", headers=w.officer))
    progs = {p["programme_id"]: p for p in quota["programmes"]}
    # IR: a1 accepted (a2 rejected); PE: a8 approved (a4 declined)
    assert progs[w.ir]["filled"] == 1 and progs[w.ir]["by_status"]["accepted"] == 1
    assert progs[w.pe]["filled"] == 1 and progs[w.pe]["by_status"]["approved"] == 1
    assert progs[w.med] == {**progs[w.med], "filled": 0, "seats": 1}
    rules = {r["rule_id"]: r for r in quota["rules"]}
    assert rules[f"kz-{w.u}"]["used"] == 1 and rules[f"kz-{w.u}"]["cap"] == 2  # a1 (KZ) holds; a2 (KZ) rejected
    # with_host (issue 14: officers approved, the host decides) holds its seat too
    assert quota["counted_statuses"] == ["proposed", "with_host", "approved", "accepted"]


async def test_second_round_keeps_decisions_and_fills_freed_seats(matching, world, answered):
    c, w = matching, world
    r = await _ok(await c.post(f"/cycles/{w.cycle}/rounds", headers=w.officer), 202)
    rnd = await _wait_round(c, w, r["round_id"])
    assert rnd["fixed"] == 2  # a1 accepted, a8 approved
    placed = {a: mm["programme_id"] for a, mm in (await _matches(c, w, rnd["id"])).items()}
    # a2 rejected at IR -> not proposed there again, takes PE (freed by a4's decline);
    # a3 is KZ: a1 + a2 fill the KZ cap; a5 takes the last IR seat; a6 withdrew
    assert placed == {w.a("a2"): w.pe, w.a("a5"): w.ir}, placed
    page = await _ok(await c.get(f"/rounds/{rnd['id']}/outcomes", params={"limit": 100}, headers=w.officer))
    outcomes = {o["application_id"]: o for o in page["items"]}
    a2_reasons = {x["programme_id"]: x["reason"] for x in outcomes[w.a("a2")]["reasons"]}
    # the applicant is told the officer's message, never the internal reason
    assert a2_reasons[w.ir] == "rejected by officer: Please send a medical certificate."
    assert outcomes[w.a("a1")]["status"] == "fixed" and outcomes[w.a("a8")]["status"] == "fixed"
    assert w.a("a6") not in outcomes and w.a("a4") not in outcomes
    assert rnd["statistics"]["programmes"][w.ir] == {"filled": 2, "seats": 2}

    quota = await _ok(await c.get(f"/cycles/{w.cycle}/quota", headers=w.officer))
    progs = {p["programme_id"]: p for p in quota["programmes"]}
    assert progs[w.ir]["filled"] == 2 and progs[w.pe]["filled"] == 2
    assert {r["rule_id"]: r["used"] for r in quota["rules"]}[f"kz-{w.u}"] == 2


async def test_a_rejection_tells_the_applicant_only_the_message(matching, kafka, world, first_round):
    c, w = matching, world
    m = await _matches(c, w, first_round["id"])
    a1, a2 = m[w.a("a1")], m[w.a("a2")]
    r = await c.post(f"/matches/{a1['id']}/approve", json={"message_to_applicant": "Welcome"}, headers=w.lzu_officer)
    assert r.status_code == 422 and r.json()["code"] == "review.message_on_approval"
    assert r.json()["errors"][0]["field"] == "message_to_applicant"
    bulk = {"decisions": [{"match_id": a1["id"], "decision": "approve", "message_to_applicant": "Welcome"}]}
    r = await c.post("/matches/review", json=bulk, headers=w.lzu_officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "decisions.0.message_to_applicant"
    too_long = {"reason": "incomplete", "message_to_applicant": "x" * 1001}
    r = await c.post(f"/matches/{a2['id']}/reject", json=too_long, headers=w.lzu_officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "message_to_applicant"

    body = {"reason": "transcript not certified", "message_to_applicant": "Please send a certified transcript."}
    out = await _ok(await c.post(f"/matches/{a2['id']}/reject", json=body, headers=w.lzu_officer))
    assert out["review_reason"] == "transcript not certified"
    assert out["message_to_applicant"] == "Please send a certified transcript."
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        events = await reader.wait_until(
            lambda envs: [e for e in envs if e.type.endswith("match.rejected.v1") and e.data["match_id"] == a2["id"]],
            "match.rejected",
        )
    assert events[0].data["reason"] == "transcript not certified"
    assert events[0].data["message_to_applicant"] == "Please send a certified transcript."

    schema = (await c.get("/openapi.json")).json()["components"]["schemas"]
    for name in ("RejectIn", "DecisionIn"):
        field = schema[name]["properties"]["message_to_applicant"]
        assert "applicant" in field["description"], name
        assert any(t.get("maxLength") == 1000 for t in field.get("anyOf", [field])), name
    assert "internal" in schema["RejectIn"]["properties"]["reason"]["description"]


async def test_a_second_round_tells_no_one_the_same_outcome_again(matching, kafka, world, first_round):
    c, w = matching, world
    second = await _run_round(c, w)
    page = await _ok(await c.get(f"/rounds/{second['id']}/outcomes", params={"limit": 100}, headers=w.officer))
    outcomes = {o["application_id"]: o for o in page["items"]}
    assert len(outcomes) == len(w.applicants)  # every outcome is stored
    told = {a for a, o in outcomes.items() if o["notified"]}
    assert told == {a for a, o in outcomes.items() if o["status"] == "matched"}

    def of_round(envs, round_id: str, kind: str) -> bool:
        return any(e.type.endswith(f"{kind}.v1") and e.data and e.data.get("round_id") == round_id for e in envs)

    # The topic has several partitions, read in no set order: wait until the second round's
    # completion and the first round's outcomes have all been read, not only the first of them.
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        envs = await reader.wait_until(
            lambda envs: (
                envs
                if of_round(envs, second["id"], "round.completed")
                and of_round(envs, first_round["id"], "waitlisted")
                and of_round(envs, first_round["id"], "unmatched")
                else None
            ),
            "round.completed and the first round's outcomes",
        )
    second_round = [e.type.split(".")[-2] for e in envs if e.data and e.data.get("round_id") == second["id"]]
    assert "waitlisted" not in second_round and "unmatched" not in second_round
    assert second_round.count("completed") == 1
    first = [e for e in envs if e.data and e.data.get("round_id") == first_round["id"]]
    assert any(e.type.endswith("waitlisted.v1") for e in first) and any(e.type.endswith("unmatched.v1") for e in first)


async def test_a_programme_applications_chose_cannot_be_deleted(matching, world):
    c, w = matching, world
    r = await c.delete(f"/programmes/{w.med}", headers=w.officer)
    assert r.status_code == 409, r.text
    body = r.json()
    assert body["code"] == "programme.has_applications" and body["status"] == 409
    assert body["errors"][0]["field"] == "programme_id" and body["errors"][0]["applications"] == 1  # a5
    assert (await c.get(f"/programmes/{w.med}")).status_code == 200
    spare = {
        "id": f"spare-{w.u}",
        "cycle_id": w.cycle,
        "host_institution_id": w.lzu,
        "title": "nobody's choice",
        "field": "engineering",
        "level": "master",
        "language": "zh",
        "seats": 1,
    }
    await _ok(await c.post("/programmes", json=spare, headers=w.officer), 201)
    assert (await c.delete(f"/programmes/{spare['id']}", headers=w.officer)).status_code == 204


# Every route of the service that reads, by what keeps a scheme's data from other officers.
# The published catalog is read by anyone (applicants browse it): not scheme data to hide.
PUBLIC_CATALOG = {
    ("GET", "/schemes/{scheme_id}/endorsing-institutions"),  # which home institutions endorse: ids only
    ("GET", "/institutions"),
    ("GET", "/institutions/{institution_id}"),
    ("GET", "/schemes"),
    ("GET", "/schemes/{scheme_id}"),
    ("GET", "/cycles"),
    ("GET", "/cycles/{cycle_id}"),
    ("GET", "/programmes"),
    ("GET", "/programmes/{programme_id}"),
}
# Refused (403/404), or answered with nothing of the scheme, to an officer of another one.
SCHEME_DATA = {
    ("GET", "/quota-rules"),
    ("GET", "/quota-rules/{rule_id}"),
    ("POST", "/quota-rules/validate"),
    ("POST", "/quota-rules/preview"),
    ("GET", "/cycles/{cycle_id}/quota"),
    ("GET", "/cycles/{cycle_id}/pool"),
    ("GET", "/pool/applications/{application_id}"),
    ("GET", "/pool/applications/{application_id}/outcome"),
    ("GET", "/cycles/{cycle_id}/rounds"),
    ("GET", "/cycles/{cycle_id}/rounds/readiness"),
    ("GET", "/rounds/{round_id}"),
    ("GET", "/rounds/{round_id}/outcomes"),
    ("GET", "/rounds/{round_id}/waitlist"),
    # the officer workbench (issue 16): test_officer_workbench.py checks them in depth
    ("GET", "/rounds/{round_id}/waitlist/entries"),
    ("GET", "/cycles/{cycle_id}/quota/matrix"),
    ("GET", "/cycles/{cycle_id}/applications"),
    ("GET", "/matches"),
    ("GET", "/matches/{match_id}"),
    ("GET", "/cycles/{cycle_id}/interview-slots"),
    ("GET", "/cycles/{cycle_id}/interviews"),
}
# An officer's own saved filters of a cycle's table (never another officer's: the same
# scheme's either); checked in test_officer_workbench.py.
OFFICERS_OWN_READS = {("GET", "/cycles/{cycle_id}/saved-filters")}
# An applicant's own reads (officers are refused by role); checked in test_interviews.py.
APPLICANT_READS = {("GET", "/interviews/mine"), ("GET", "/interviews/{application_id}/slots")}
# The award path's reads (issue 14: nominators by country, hosts by institution, coordinators
# by home institution, officers by scope); checked in test_award_path_authorization.py and
# test_endorsements.py, which build cycles with those stages.
AWARD_PATH_READS = {
    ("GET", "/admissions"),
    ("GET", "/admissions/{match_id}"),
    ("GET", "/cycles/{cycle_id}/endorsements"),
    ("GET", "/cycles/{cycle_id}/endorsements/{institution_id}"),
    ("GET", "/cycles/{cycle_id}/endorsements/{institution_id}/candidates"),
    ("GET", "/cycles/{cycle_id}/nominations"),
    ("GET", "/cycles/{cycle_id}/nominations/{country}"),
    ("GET", "/cycles/{cycle_id}/nominations/{country}/candidates"),
}
# The same routes once more with a filter naming the scheme's own data.
FILTERED = [
    ("/quota-rules", {"cycle_id": "{cycle_id}"}),
    ("/matches", {"cycle_id": "{cycle_id}"}),
    ("/matches", {"round_id": "{round_id}"}),
    ("/matches", {"application_id": "{application_id}"}),
    # a read that needs its query (a page's applications)
    ("/rounds/{round_id}/waitlist/places", {"application_id": "{application_id}"}),
]


def _routes(router):
    """Every route of a router, through the routers it includes (FastAPI may keep them nested)."""
    for route in router.routes:
        inner = getattr(route, "original_router", None)
        yield from _routes(inner) if inner is not None else (route,)


async def test_no_route_shows_a_scheme_to_an_officer_of_another(matching, world, first_round):
    """The authorization matrix of matching's reads (issue 13: quota rules leaked to any
    officer): every route that reads scheme data, by an officer of another scheme and by one
    of another institution, is refused or shows nothing; the scheme's officer sees it all."""
    c, w = matching, world
    reading = {
        (method, route.path)
        for route in _routes(router)
        for method in getattr(route, "methods", ())
        if method == "GET" or route.path.endswith(("/validate", "/preview"))
    }
    # the committee's reads are checked in test_committee.py (they need a scoresheet and reviews)
    assert reading == (
        PUBLIC_CATALOG
        | SCHEME_DATA
        | {("GET", path) for path, _query in FILTERED}
        | COMMITTEE_READS
        | APPLICANT_READS
        | AWARD_PATH_READS
        | OFFICERS_OWN_READS
    ), "classify each new reading route here"

    matches = await _matches(c, w, first_round["id"])
    ids = {
        "cycle_id": w.cycle,
        "rule_id": f"kz-{w.u}",
        "round_id": first_round["id"],
        "match_id": matches[w.a("a1")]["id"],
        "application_id": w.a("a1"),
    }
    validate = {"id": f"kz-{w.u}", "cycle_id": w.cycle, "label": "cap", "max_count": 1}
    others = {
        "scheme": w.stranger,
        "institution": auth(Role.OFFICER, "o-elsewhere", institutions=[f"elsewhere-{w.u}"]),
    }
    calls = [(m, p, {}) for m, p in sorted(SCHEME_DATA)] + [("GET", p, q) for p, q in FILTERED]
    for method, path, query in calls:
        url = path.format(**ids)
        params = {k: v.format(**ids) for k, v in query.items()}
        json = validate if method == "POST" else None
        own = await c.request(method, url, params=params, json=json, headers=w.officer)
        assert own.status_code == 200, (url, params, own.text)
        if isinstance(own.json(), dict) and "total" in own.json():
            assert own.json()["total"] > 0, (url, params)
        for who, headers in others.items():
            r = await c.request(method, url, params=params, json=json, headers=headers)
            shown = r.status_code == 200 and not (isinstance(r.json(), dict) and r.json().get("total") == 0)
            assert r.status_code in (200, 403, 404) and not shown, (who, method, url, params, r.status_code, r.text)
            if r.status_code == 403:
                assert r.json()["code"] == "scope.outside"


async def test_a_place_accepted_keeps_the_applicant_out_of_other_rounds_of_the_same_intake(
    matching, producer, world, answered
):
    """a1 accepted IR (its cycle has no start day: dated by its close, ten days away). Another
    scheme's cycle starting a month later offers a1 nothing, and says why by code; one starting
    the next year takes a1 as anyone. a4 declined its offer and competes in both."""
    c, w = matching, world
    now = datetime.now(UTC)
    await _ok(
        await c.post("/schemes", json={"id": f"cpec-{w.u}", "name": "CPEC", "sponsor": "CSC"}, headers=ADMIN), 201
    )
    officer = auth(Role.OFFICER, "o-cpec", schemes=[f"cpec-{w.u}"])
    outcomes: dict[str, dict[str, dict]] = {}
    for label, starts in (("soon", now + timedelta(days=40)), ("next-year", now + timedelta(days=370))):
        cycle, pid = f"cpec-{w.u}-{label}", f"cpec-{w.u}-{label}-eng"
        body = {
            "id": cycle,
            "scheme_id": f"cpec-{w.u}",
            "name": f"CPEC {label}",
            "opens_at": (now - timedelta(days=10)).isoformat(),
            "closes_at": (now + timedelta(days=10)).isoformat(),
            "starts_on": starts.date().isoformat(),
        }
        await _ok(await c.post("/cycles", json=body, headers=officer), 201)
        programme = {
            "id": pid,
            "cycle_id": cycle,
            "host_institution_id": w.xju,
            "title": f"Engineering {label}",
            "field": "engineering",
            "level": "master",
            "language": "zh",
            "seats": 5,
        }
        await _ok(await c.post("/programmes", json=programme, headers=officer), 201)
        for who in ("a1", "a4"):
            await producer.publish(
                ApplicationSubmitted(
                    application_id=f"{w.a(who)}-{label}",
                    applicant_id=f"stu-{w.a(who)}",
                    cycle_id=cycle,
                    scheme_id=f"cpec-{w.u}",
                    applicant_type="student",
                    sending_country="KZ",
                    choices=[pid],
                    grade=90.0,
                    submitted_at=now,
                )
            )

        async def pooled(cycle=cycle):
            page = (await c.get(f"/cycles/{cycle}/pool", params={"limit": 1}, headers=officer)).json()
            return page if page["total"] == 2 else None

        await wait_for(pooled, timeout=45, what="the second scheme's pool")
        started = await _ok(await c.post(f"/cycles/{cycle}/rounds", json={"seed": 1}, headers=officer), 202)

        async def done(round_id=started["round_id"]):
            body = (await c.get(f"/rounds/{round_id}", headers=officer)).json()
            return body if body["status"] in ("completed", "failed") else None

        assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
        page = await _ok(await c.get(f"/rounds/{started['round_id']}/outcomes", headers=officer))
        outcomes[label] = {o["application_id"]: o for o in page["items"]}

    held = outcomes["soon"][f"{w.a('a1')}-soon"]
    assert held["status"] == "unmatched", held
    [why] = held["reasons"]
    assert why["code"] == "round.place_held" and why["params"] == {"programme": w.ir}, why
    assert outcomes["soon"][f"{w.a('a4')}-soon"]["status"] == "matched"
    assert {o["status"] for o in outcomes["next-year"].values()} == {"matched"}


async def test_a_cycle_change_that_drops_applicants_countries_is_saved_and_said(matching, world):
    """Unticking a country with submitted applications from it was saved without a word; their
    choices then read "not eligible". Saved, with a warning that counts and names them."""
    c, w = matching, world
    cycle = await _ok(await c.get(f"/cycles/{w.cycle}", headers=w.officer))
    present = sorted({country for country, *_ in w.applicants.values()})
    assert len(present) > 1
    scheme = await _ok(await c.get(f"/schemes/{cycle['scheme_id']}", headers=w.officer))
    taken = set(cycle["eligible_countries"] or scheme["eligible_countries"])
    keep = present[0]
    dropped = [x for x in present[1:] if not taken or x in taken]  # one never taken is not dropped now
    assert dropped
    r = await c.put(f"/cycles/{w.cycle}", json={**cycle, "eligible_countries": [keep]}, headers=w.officer)
    saved = await _ok(r)
    [warning] = [x for x in saved["warnings"] if x["code"] == "cycle.countries_dropped"]
    assert warning["field"] == "eligible_countries" and warning["params"]["countries"] == dropped
    assert warning["params"]["n"] == sum(1 for country, *_ in w.applicants.values() if country in dropped)
    assert (await _ok(await c.get(f"/cycles/{w.cycle}", headers=w.officer)))["eligible_countries"] == [keep]
    again = await _ok(await c.put(f"/cycles/{w.cycle}", json=cycle, headers=w.officer))  # put back: no warning
    assert not [x for x in again["warnings"] if x["code"].startswith("cycle.countries")]


async def test_a_cycle_whose_work_is_done_is_archived_out_of_the_console_and_back(matching, world, first_round):
    """A cycle that ran a round can never be removed: officers' consoles kept every past
    cycle. Archived once its applications closed and its proposals were reviewed, it leaves
    ``?archived=false``, starts no round and is journaled; brought back, it is as before."""
    c, w = matching, world
    archive = f"/cycles/{w.cycle}/archive"
    r = await c.post(archive, headers=w.officer)
    assert r.status_code == 409 and r.json()["code"] == "cycle.still_open", r.text
    cycle = await _ok(await c.get(f"/cycles/{w.cycle}", headers=w.officer))
    closed = {**cycle, "closes_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()}
    await _ok(await c.put(f"/cycles/{w.cycle}", json=closed, headers=w.officer))
    waiting = [m for m in (await _matches(c, w, first_round["id"])).values() if m["status"] == "proposed"]
    r = await c.post(archive, headers=w.officer)
    assert r.status_code == 409 and r.json()["code"] == "cycle.proposals_waiting", r.text
    assert r.json()["errors"][0]["count"] == len(waiting) > 0
    assert (await c.post(archive, headers=w.stranger)).status_code == 403  # another scheme's officer
    bulk = {"decisions": [{"match_id": m["id"], "decision": "approve"} for m in waiting]}
    await _ok(await c.post("/matches/review", json=bulk, headers=w.officer))

    archived = await _ok(await c.post(archive, headers=w.officer))
    assert archived["archived_at"] is not None
    again = await _ok(await c.post(archive, headers=w.officer))  # archived already: as it is
    assert again["archived_at"] == archived["archived_at"]

    async def listed(archived: bool) -> set[str]:
        page = await _ok(await c.get("/cycles", params={"archived": archived, "limit": 500}, headers=w.officer))
        return {x["id"] for x in page["items"]}

    assert w.cycle in await listed(True) and w.cycle not in await listed(False)
    r = await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 1}, headers=w.officer)
    assert r.status_code == 409 and r.json()["code"] == "cycle.archived", r.text
    # nor changed: its window reopened, applicants had applied to a cycle no list showed
    reopened = {**closed, "closes_at": (datetime.now(UTC) + timedelta(days=30)).isoformat()}
    r = await c.put(f"/cycles/{w.cycle}", json=reopened, headers=w.officer)
    assert r.status_code == 409 and r.json()["code"] == "cycle.archived", r.text
    # its matches and pool read as before
    assert len(await _matches(c, w, first_round["id"])) == len(await _matches(c, w, first_round["id"])) > 0

    restored = await _ok(await c.delete(archive, headers=w.officer))
    assert restored["archived_at"] is None and w.cycle in await listed(False)
    journal = await _ok(await c.get("/journal", params={"cycle_id": w.cycle, "limit": 100}, headers=ADMIN))
    changes = [
        (e["before"]["archived_at"] is None, e["after"]["archived_at"] is None)
        for e in reversed(journal["items"])
        if e["action"] == "catalog.updated" and e["subject"] == f"cycle:{w.cycle}"
    ]
    assert changes[-2:] == [(True, False), (False, True)]  # archived, then brought back: one entry each
