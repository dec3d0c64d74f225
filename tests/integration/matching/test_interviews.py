"""Interviews over real Kafka and PostgreSQL: slots published in the host's zone, two
applicants booking one slot at the same moment (one wins, 409 for the other), a reschedule
(same UID, higher SEQUENCE), a cancellation, the cut-off, scope, the events on
corridor.matching.v1 and the journal."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from shared.events.catalog import Topics
from shared.principal import Role
from tests.integration.matching.conftest import TopicReader, ok, open_cycle, publish_submitted
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth


class World:
    def __init__(self) -> None:
        u = self.u = uid()
        self.scheme, self.cycle, self.host, self.prog = f"cpec-{u}", f"cpec-{u}-26", f"nust-{u}", f"ee-{u}"
        self.officer = auth(Role.OFFICER, f"off-{u}", schemes=[self.scheme])
        self.stranger = auth(Role.OFFICER, f"sco-{u}", schemes=[f"sco-{u}"])
        self.apps = [f"p1-{u}", f"p2-{u}", f"p3-{u}"]
        self.applicant = {a: auth(Role.APPLICANT, f"stu-{a}") for a in self.apps}


@pytest.fixture
async def world(matching, producer) -> World:
    c, w = matching, World()
    programme = {
        "id": w.prog,
        "cycle_id": w.cycle,
        "host_institution_id": w.host,
        "title": "EE",
        "field": "engineering",
        "level": "master",
        "language": "en",
        "seats": 2,
    }
    now = await open_cycle(
        c,
        w.officer,
        institution={"id": w.host, "name": "NUST", "country": "CN"},
        scheme={"id": w.scheme, "name": "CPEC", "sponsor": "HEC", "eligible_countries": ["PK"]},
        cycle={"id": w.cycle, "scheme_id": w.scheme, "name": "CPEC 2026"},
        programme=programme,
    )
    for app in w.apps:
        await publish_submitted(
            producer, app, programme, scheme_id=w.scheme, name=f"Name {app}", country="PK", grade=80.0, at=now
        )

    async def pooled():
        for app in w.apps:
            if (await c.get(f"/pool/applications/{app}", headers=w.officer)).status_code != 200:
                return None
        return True

    await wait_for(pooled, timeout=45, what="the pool from Kafka")
    return w


def _shanghai(days: int, hour: int) -> str:
    day = (datetime.now(UTC) + timedelta(days=days)).date()
    return f"{day.isoformat()}T{hour:02d}:00:00"


async def test_concurrent_bookings_reschedule_cancel_scope_and_events(matching, kafka, world):
    c, w = matching, world
    p1, p2, p3 = w.apps
    slots_in = {
        "slots": [
            {"starts_at": _shanghai(5, 10), "duration_minutes": 30, "time_zone": "Asia/Shanghai", "place": "Room 1"},
            {"starts_at": _shanghai(6, 10), "duration_minutes": 30, "time_zone": "Asia/Shanghai", "place": "Room 2"},
        ]
    }
    r = await c.post(f"/cycles/{w.cycle}/interview-slots", json=slots_in, headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"
    bad = {"slots": [{**slots_in["slots"][0], "time_zone": "Asia/Nowhere"}]}
    r = await c.post(f"/cycles/{w.cycle}/interview-slots", json=bad, headers=w.officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "slots.0.time_zone"
    twice = {"slots": [slots_in["slots"][0], {**slots_in["slots"][0]}]}  # one slot meant, nothing made
    r = await c.post(f"/cycles/{w.cycle}/interview-slots", json=twice, headers=w.officer)
    assert r.status_code == 422 and [(e["field"], e["code"]) for e in r.json()["errors"]] == [
        ("slots.1.starts_at", "interview.slot_twice")
    ]
    first, second = await ok(await c.post(f"/cycles/{w.cycle}/interview-slots", json=slots_in, headers=w.officer), 201)
    assert first["local_start"].endswith("T10:00:00+08:00") and first["starts_at"].startswith(_shanghai(5, 2)[:13])

    # applicants book only once invited
    r = await c.put(f"/interviews/{p1}/booking", json={"slot_id": first["id"]}, headers=w.applicant[p1])
    assert r.status_code == 404 and r.json()["code"] == "interview.not_invited"
    invited = await ok(
        await c.post(f"/cycles/{w.cycle}/interviews", json={"application_ids": w.apps}, headers=w.officer), 201
    )
    assert len(invited) == 3
    # the answer names each invitee, as the list does
    assert {i["name"] for i in invited} == {f"Name {a}" for a in w.apps}
    mine = await ok(await c.get("/interviews/mine", headers=w.applicant[p1]))
    assert mine[0]["time_zone"] == "Asia/Karachi" and mine[0]["slot"] is None
    free = await ok(await c.get(f"/interviews/{p1}/slots", headers=w.applicant[p1]))
    assert [s["id"] for s in free] == [first["id"], second["id"]]
    assert free[0]["my_local_start"].endswith("T07:00:00+05:00")  # 10:00 in Shanghai is 07:00 in Karachi
    r = await c.get(f"/interviews/{p1}/slots", headers=w.applicant[p2])  # not p2's application
    assert r.status_code == 404
    r = await c.get("/interviews/mine", headers=w.officer)  # an applicant's own reads
    assert r.status_code == 403
    r = await c.get(f"/cycles/{w.cycle}/interviews", headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"

    # two applicants book the same slot at the same moment: one wins
    answers = await asyncio.gather(
        c.put(f"/interviews/{p1}/booking", json={"slot_id": first["id"]}, headers=w.applicant[p1]),
        c.put(f"/interviews/{p2}/booking", json={"slot_id": first["id"]}, headers=w.applicant[p2]),
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 409], [a.text for a in answers]
    loser = next(a for a in answers if a.status_code == 409)
    assert loser.json()["code"] == "interview.slot_taken"
    winner = p1 if answers[0].status_code == 200 else p2
    # the database itself refuses a second holder of the slot, whatever the code does
    engine = create_async_engine(c.database_url)
    try:
        with pytest.raises(IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(
                    text("UPDATE interview_invitations SET slot_id = :slot WHERE application_id = :app"),
                    {"slot": first["id"], "app": p3},
                )
    finally:
        await engine.dispose()
    other = p2 if winner == p1 else p1
    booking = next(a for a in answers if a.status_code == 200).json()
    slots = await ok(await c.get(f"/cycles/{w.cycle}/interview-slots", headers=w.officer))
    assert [s["booking"]["application_id"] if s["booking"] else None for s in slots] == [winner, None]
    listed = await ok(await c.get(f"/cycles/{w.cycle}/interviews", headers=w.officer))
    assert {i["application_id"]: (i["slot"] or {}).get("id") for i in listed} == {
        winner: first["id"],
        other: None,
        p3: None,
    }
    assert {i["name"] for i in listed} == {f"Name {a}" for a in w.apps}
    # one application's, as its page reads it
    (only,) = await ok(
        await c.get(f"/cycles/{w.cycle}/interviews", params={"application_id": winner}, headers=w.officer)
    )
    assert (only["application_id"], only["slot"]["id"]) == (winner, first["id"])

    # the other takes the second slot, then the winner cannot move onto it
    await ok(await c.put(f"/interviews/{other}/booking", json={"slot_id": second["id"]}, headers=w.applicant[other]))
    r = await c.put(f"/interviews/{winner}/booking", json={"slot_id": second["id"]}, headers=w.applicant[winner])
    assert r.status_code == 409
    # the other reschedules... first it cancels, then the winner moves (a reschedule) onto the second
    cancelled = await ok(await c.delete(f"/interviews/{other}/booking", headers=w.applicant[other]))
    assert cancelled["slot"] is None
    moved = await ok(
        await c.put(f"/interviews/{winner}/booking", json={"slot_id": second["id"]}, headers=w.applicant[winner])
    )
    assert moved["booking_uid"] == booking["booking_uid"] and moved["sequence"] == 1
    # attendance and score: officers of the scheme only
    body = {"attendance": "attended", "score": 77}
    r = await c.put(f"/interviews/{winner}/record", json=body, headers=w.stranger)
    assert r.status_code == 403
    # not before it has begun (the applicant could still move it, and the score would stand)
    r = await c.put(f"/interviews/{winner}/record", json=body, headers=w.officer)
    assert (r.status_code, r.json()["code"], r.json()["errors"][0]["field"]) == (
        409,
        "interview.not_started",
        "attendance",
    )
    engine = create_async_engine(c.database_url)
    try:
        async with engine.begin() as conn:  # the interview's time comes
            await conn.execute(
                text("UPDATE interview_slots SET starts_at = :at WHERE id = :id"),
                {"at": datetime.now(UTC) - timedelta(minutes=5), "id": second["id"]},
            )
    finally:
        await engine.dispose()
    recorded = await ok(await c.put(f"/interviews/{winner}/record", json=body, headers=w.officer))
    assert recorded["attendance"] == "attended" and recorded["score"] == 77
    assert recorded["name"] == f"Name {winner}" and recorded["slot"]["id"] == second["id"]
    assert (await ok(await c.get(f"/pool/applications/{winner}", headers=w.officer)))["interview_score"] == 77
    r = await c.put(f"/interviews/{p3}/record", json=body, headers=w.officer)
    assert r.status_code == 409 and r.json()["code"] == "interview.not_booked"
    # recorded: it took place, and is neither moved nor given back
    r = await c.put(f"/interviews/{winner}/booking", json={"slot_id": first["id"]}, headers=w.applicant[winner])
    assert (r.status_code, r.json()["code"]) == (409, "interview.recorded")
    r = await c.delete(f"/interviews/{winner}/booking", headers=w.applicant[winner])
    assert (r.status_code, r.json()["code"]) == (409, "interview.recorded")

    # the journal: one entry per change
    journal = await ok(await c.get("/journal", params={"cycle_id": w.cycle, "limit": 100}, headers=w.officer))
    actions = [e["action"] for e in journal["items"] if e["action"].startswith("interview.")]
    assert sorted(actions) == sorted(
        ["interview.slot_published"] * 2
        + ["interview.invited"] * 3
        + ["interview.booked"] * 2
        + ["interview.cancelled", "interview.rescheduled", "interview.recorded"]
    )
    booked = await ok(
        await c.get("/journal", params={"cycle_id": w.cycle, "action": "interview.booked"}, headers=w.officer)
    )
    assert [e["action"] for e in booked["items"]] == ["interview.booked"] * 2
    r = await c.get("/journal", params={"cycle_id": w.cycle, "action": "interview.bogus"}, headers=w.officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "action"  # not an empty page

    # the events, on corridor.matching.v1
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        events = await reader.wait_until(
            lambda envs: (lambda mine: mine if len(mine) >= 7 else None)(
                [e for e in envs if e.type.split(".")[-3] == "interview" and e.data["application_id"] in w.apps]
            ),
            "interview events",
        )
    kinds = sorted(e.type.split(".")[-2] for e in events)
    assert kinds == ["booked", "booked", "booked", "cancelled", "invited", "invited", "invited"]
    last = [e for e in events if e.type.endswith("booked.v1") and e.data["application_id"] == winner][-1]
    assert last.data["sequence"] == 1 and last.data["rescheduled"] and last.data["time_zone"] == "Asia/Shanghai"
    assert last.data["starts_at"].startswith(_shanghai(6, 2)[:13])


async def test_the_committee_cancels_a_booking_with_its_reason_and_the_time_is_free_again(matching, kafka, world):
    """Only the applicant could cancel: a panel that could not sit had no way to free the time."""
    c, w = matching, world
    p1, p2, _p3 = w.apps
    slots_in = {"slots": [{"starts_at": _shanghai(5, 11), "duration_minutes": 30, "time_zone": "Asia/Shanghai",
                           "place": "Room 3"}]}  # fmt: skip
    [slot] = await ok(await c.post(f"/cycles/{w.cycle}/interview-slots", json=slots_in, headers=w.officer), 201)
    await ok(await c.post(f"/cycles/{w.cycle}/interviews", json={"application_ids": [p1, p2]}, headers=w.officer), 201)
    await ok(await c.put(f"/interviews/{p1}/booking", json={"slot_id": slot["id"]}, headers=w.applicant[p1]))
    url, reason = f"/interviews/{p1}/booking/cancel", "The panel cannot sit that day"
    r = await c.post(url, json={"reason": reason}, headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"
    r = await c.post(url, json={"reason": "  "}, headers=w.officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    r = await c.post(url, json={"reason": reason}, headers=w.applicant[p1])  # the applicant has their own way
    assert r.status_code == 403
    cancelled = await ok(await c.post(url, json={"reason": reason}, headers=w.officer))
    assert cancelled["slot"] is None
    r = await c.post(url, json={"reason": reason}, headers=w.officer)
    assert r.status_code == 409 and r.json()["code"] == "interview.not_booked"
    # the time is free again: another invited applicant books it
    await ok(await c.put(f"/interviews/{p2}/booking", json={"slot_id": slot["id"]}, headers=w.applicant[p2]))
    journal = await ok(
        await c.get("/journal", params={"cycle_id": w.cycle, "action": "interview.cancelled"}, headers=w.officer)
    )
    assert [e["reason"] for e in journal["items"]] == [reason]
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:
        [event] = await reader.wait_until(
            lambda envs: (
                [e for e in envs if e.type.endswith("interview.cancelled.v1") and e.data["application_id"] == p1]
                or None
            ),
            "the committee's cancelling on Kafka",
        )
    assert event.data["by_staff"] is True and event.data["reason"] == reason
