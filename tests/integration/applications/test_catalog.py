"""The catalog read model, fed from corridor.catalog.v1 by a real producer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.events.catalog import ProgrammeUpserted
from tests.support.events import publish
from tests.support.flows import demo_catalog, wait_for_catalog
from tests.support.infra import wait_for
from tests.support.kafka import producer as kafka_producer


async def test_programme_filters_and_pagination(service, catalog):
    c = service.client
    r = await c.get("/programmes", params={"cycle": catalog.cycle_id})
    assert r.status_code == 200 and r.json()["total"] == 3
    r = await c.get("/programmes", params={"cycle": catalog.cycle_id, "applicant_type": "faculty"})
    assert [p["id"] for p in r.json()["items"]] == [catalog.faculty_programme]
    r = await c.get(
        "/programmes",
        params={
            "scheme": catalog.scheme_id,
            "level": "master",
            "language": "en",
            "field": "medicine",
            "host_country": "CN",
        },
    )
    assert [p["id"] for p in r.json()["items"]] == [catalog.student_programmes[1]]
    page1 = (await c.get("/programmes", params={"cycle": catalog.cycle_id, "limit": 2})).json()
    page2 = (await c.get("/programmes", params={"cycle": catalog.cycle_id, "limit": 2, "offset": 2})).json()
    assert page1["total"] == page2["total"] == 3 and len(page1["items"]) == 2 and len(page2["items"]) == 1
    programme = (await c.get(f"/programmes/{catalog.student_programmes[0]}")).json()
    assert programme["requirements"]["language_certificate"] == "HSK" and programme["seats"] == 10
    r = await c.get("/programmes", params={"host_country": "China"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "host_country"


async def test_cycles_show_their_window(service, catalog):
    t = datetime.now(UTC)
    closed = demo_catalog(opens_at=t - timedelta(days=30), closes_at=t - timedelta(days=1))
    closed.events = [e for e in closed.events if e is closed.cycle or not isinstance(e, ProgrammeUpserted)]
    await publish(service.bootstrap, *closed.events)

    async def seen():
        r = await service.client.get(f"/cycles/{closed.cycle_id}")
        return r.json() if r.status_code == 200 else None

    cycle = await wait_for(seen, what="closed cycle")
    assert cycle["window"] == "closed"
    assert (await service.client.get(f"/cycles/{catalog.cycle_id}")).json()["window"] == "open"
    open_ids = [
        x["id"] for x in (await service.client.get("/cycles", params={"window": "open", "limit": 100})).json()["items"]
    ]
    assert catalog.cycle_id in open_ids and closed.cycle_id not in open_ids


async def test_programmes_open_to_the_readers_country_come_first(service, catalog):
    """An applicant from Pakistan browsing every programme reads first those of cycles that
    take Pakistanis now; by id alone, a cycle for Tajiks only came first."""
    tajiks_only = demo_catalog(eligible_countries=("TJ",))
    # its programmes' ids sort before the open cycle's, so the order is the parameter's doing
    tajiks_only.events = [
        e.model_copy(update={"programme_id": "0-" + e.programme_id}) if isinstance(e, ProgrammeUpserted) else e
        for e in tajiks_only.events
    ]
    # an exchange in the open cycle hosted in Pakistan, for the other side's students: not a
    # Pakistani's to apply to, so it goes after too, though its cycle takes Pakistanis
    template = next(e for e in catalog.events if isinstance(e, ProgrammeUpserted))
    at_home = template.model_copy(
        update={
            "programme_id": "0-" + template.programme_id,
            "host_country": "PK",
            "requirements": template.requirements.model_copy(update={"abroad_only": True}),
        }
    )
    await publish(service.bootstrap, *tajiks_only.events, at_home)
    wanted = {catalog.cycle_id, tajiks_only.cycle_id}

    async def listed(**params) -> list[str]:
        """The cycles of the two catalogs' programmes (the exchange at home as "at home"), in the
        order read, page after page."""
        cycles: list[str] = []
        offset, total = 0, 1
        while offset < total:
            page = (await service.client.get("/programmes", params={"limit": 100, "offset": offset, **params})).json()
            cycles += [
                "at home" if p["id"] == at_home.programme_id else p["cycle_id"]
                for p in page["items"]
                if p["cycle_id"] in wanted
            ]
            offset, total = offset + len(page["items"]), page["total"] if page["items"] else 0
        return cycles

    async def both_read() -> bool:
        return len(await listed()) == 7

    await wait_for(both_read, what="both cycles' programmes")
    for_pk = await listed(first_open_to="PK")
    assert for_pk[:3] == [catalog.cycle_id] * 3 and set(for_pk[3:]) == {tajiks_only.cycle_id, "at home"}
    for_tj = await listed(first_open_to="TJ")
    assert set(for_tj) == wanted | {"at home"}  # all open to Tajiks: by id, as without the parameter
    assert for_tj == await listed()
    r = await service.client.get("/programmes", params={"first_open_to": "Pakistan"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "first_open_to"
    # only those a Pakistani applicant can apply to now: the first three, not the Tajiks' nor the exchange at home
    assert await listed(open_to="PK") == for_pk[:3]
    assert await listed(open_to="TJ") == for_tj  # every one open to Tajiks (the exchange in Pakistan too)


async def test_upserts_replace_and_tombstones_delete(service):
    cat = demo_catalog()
    await publish(service.bootstrap, *cat.events)
    await wait_for_catalog(service.client, cat)
    changed = cat.programme(cat.student_programmes[1]).model_copy(
        update={"seats": 42, "title": "Clinical medicine (EN)"}
    )
    a, b = cat.student_programmes[0], cat.faculty_programme
    # both subject forms a producer may use: "<kind>:<id>" and "<kind>/<id>"
    await publish(service.bootstrap, changed, tombstones=[("programme", a)])

    from shared.events.envelope import encode_envelope, new_event

    producer = kafka_producer(bootstrap_servers=service.bootstrap)
    await producer.start()
    try:
        env = new_event(
            "org.corridor.catalog.deleted.v1", None, source="/corridor/tests", key=b, subject=f"programme/{b}"
        )
        key, value, headers = encode_envelope(env)
        await producer.send_and_wait("corridor.catalog.v1", key=key, value=value, headers=headers)
    finally:
        await producer.stop()

    async def applied():
        gone_a = (await service.client.get(f"/programmes/{a}")).status_code == 404
        gone_b = (await service.client.get(f"/programmes/{b}")).status_code == 404
        updated = (await service.client.get(f"/programmes/{cat.student_programmes[1]}")).json()
        return gone_a and gone_b and updated.get("seats") == 42

    await wait_for(applied, what="upsert and tombstones applied")
    assert (await service.client.get(f"/programmes/{cat.student_programmes[1]}")).json()[
        "title"
    ] == "Clinical medicine (EN)"


async def test_a_programme_taken_off_offer_is_listed_no_more_and_takes_no_new_choices(service):
    """Seats set to 0 had left a programme open to applicants: officers could not take it off
    offer once chosen. A draft that chose it before keeps it, and is submitted without it."""
    from tests.support.flows import create_draft, register, submit

    cat = demo_catalog()
    await publish(service.bootstrap, *cat.events)
    await wait_for_catalog(service.client, cat)
    closing, other = cat.student_programmes[0], cat.student_programmes[1]
    who = await register(service.client)
    draft = await create_draft(service.client, who, cat, choices=[closing, other])
    await publish(service.bootstrap, cat.programme(closing).model_copy(update={"seats": 0}))

    async def closed():
        listed = (await service.client.get("/programmes", params={"cycle": cat.cycle_id, "limit": 100})).json()
        return listed if closing not in {p["id"] for p in listed["items"]} else None

    await wait_for(closed, what="the programme taken off offer")
    every = (await service.client.get("/programmes", params={"cycle": cat.cycle_id, "with_closed": "true"})).json()
    assert closing in {p["id"] for p in every["items"]}
    assert (await service.client.get(f"/programmes/{closing}")).json()["seats"] == 0  # still named
    # a new draft cannot choose it; the draft that had it keeps it while edited, and cannot be
    # submitted with it
    newcomer = await register(service.client)
    r = await service.client.post(
        "/applications", json={"cycle_id": cat.cycle_id, "choices": [closing]}, headers=newcomer.headers
    )
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "application.programme_closed", r.text
    r = await service.client.patch(
        f"/applications/{draft['id']}", json={"choices": [other, closing]}, headers=who.headers
    )
    assert r.status_code == 200, r.text
    r = await submit(service.client, who, draft["id"])
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "application.programme_closed", r.text
    assert r.json()["errors"][0]["field"] == "choices.1"
