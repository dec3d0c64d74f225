"""The name as in the passport: given at registration or later, corrected after submitting,
cleared, refused by name when it is not in Latin letters; the host the applicant consented to
reads it with the identity; the applicant's own events carry it to the matching service's staff
lists (internal topics), no application event does. Real Kafka and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from shared.principal import Role
from tests.support.accounts import staff_headers
from tests.support.flows import offered, register, register_and_submit, uid

pytestmark = pytest.mark.integration


async def test_registration_takes_the_passport_name_or_goes_without_it(service):
    c = service.client
    without = await register(c, name="Айгерим Бекова")
    assert without.profile["passport_name"] is None
    given = await register(c, name="عائشہ خان", passport_name="  AYESHA  KHAN ")
    assert given.profile["passport_name"] == "AYESHA KHAN"
    assert (await c.get("/me", headers=given.headers)).json()["passport_name"] == "AYESHA KHAN"

    r = await c.post(
        "/auth/register",
        json={
            "email": f"{uid('aigerim')}@example.kz",
            "password": "steady-copper-kettle-73",
            "name": "Айгерим Бекова",
            "applicant_type": "student",
            "nationality": "KZ",
            "home_institution": "KazNU",
            "date_of_birth": "2003-04-05",
            "passport_name": "Айгерим Бекова",
        },
    )
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert (error["field"], error["code"]) == ("passport_name", "profile.passport_name_latin")
    assert "Latin letters" in error["reason"]


async def test_the_applicant_corrects_it_after_submitting_the_host_reads_it_and_its_events_carry_it(
    service, catalog, events
):
    c = service.client
    who, app = await register_and_submit(c, catalog, profile={"name": "Айгерим Бекова"})
    aid = app["id"]

    # given after submitting (it decides nothing), corrected, refused when not in Latin letters
    r = await c.patch("/me", json={"passport_name": "AIGERIM BEKOVNA"}, headers=who.headers)
    assert r.status_code == 200 and r.json()["passport_name"] == "AIGERIM BEKOVNA"
    r = await c.patch("/me", json={"passport_name": "Бекова"}, headers=who.headers)
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert (error["field"], error["code"]) == ("passport_name", "profile.passport_name_latin")
    r = await c.patch("/me", json={"passport_name": "A"}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "profile.passport_name_length"
    r = await c.patch("/me", json={"passport_name": "Aigerim Bekova"}, headers=who.headers)
    assert r.json()["passport_name"] == "Aigerim Bekova"
    # nationality, by contrast, stays as the application was judged on it
    r = await c.patch("/me", json={"nationality": "UZ"}, headers=who.headers)
    assert r.status_code == 409 and r.json()["code"] == "profile.facts_in_use"

    # with the host, with the identity consent: the host reads it with the name
    await _consent(c, who, aid)
    admin = await service.admin_headers()
    host = await staff_headers(c, admin, Role.PARTNER, institutions=[catalog.institution_id])
    await offered(service, catalog, who, aid)
    person = (await c.get(f"/host/applications/{aid}/identity", headers=host)).json()
    assert (person["name"], person["passport_name"]) == ("Айгерим Бекова", "Aigerim Bekova")

    # cleared: the host reads that it is not given
    r = await c.patch("/me", json={"passport_name": ""}, headers=who.headers)
    assert r.status_code == 200 and r.json()["passport_name"] is None
    assert (await c.get("/me", headers=who.headers)).json()["passport_name"] is None
    person = (await c.get(f"/host/applications/{aid}/identity", headers=host)).json()
    assert person["passport_name"] is None

    # each change is an applicant.updated (the staff lists read it), the last one cleared;
    # no event about the application carries it
    updated = await events.wait(who.id, "applicant.updated", count=3)
    assert [e.data["passport_name"] for e in updated] == ["AIGERIM BEKOVNA", "Aigerim Bekova", None]
    await events.settle(1.0)
    sent = json.dumps([e.data for e in events.seen if e.key == aid], ensure_ascii=False)
    assert "Bekova" not in sent and "BEKOVNA" not in sent


async def _consent(c, who, aid: str) -> None:
    r = await c.put(
        f"/applications/{aid}/consent", json={"host_identity": True, "host_documents": False}, headers=who.headers
    )
    assert r.status_code == 200, r.text


async def test_an_officer_finds_an_applicant_by_the_latin_letters_of_their_passport(service, catalog):
    # "BILAL AHMED" found nobody: only the name as typed in Urdu, the e-mail or the id did
    c = service.client
    who, app = await register_and_submit(c, catalog, profile={"name": "بلال احمد", "passport_name": "BILAL AHMED"})
    officer = await staff_headers(c, await service.admin_headers(), Role.OFFICER, schemes=[catalog.scheme_id])

    async def found(q: str) -> list[str]:
        r = await c.get("/officer/applications", params={"cycle_id": catalog.cycle_id, "q": q}, headers=officer)
        assert r.status_code == 200, r.text
        return [a["id"] for a in r.json()["items"]]

    assert app["id"] in await found("ahmed") and app["id"] in await found("BILAL AHMED")
    listed = (await c.get(f"/officer/applications/{app['id']}", headers=officer)).json()
    assert (listed["applicant_name"], listed["passport_name"]) == ("بلال احمد", "BILAL AHMED")


async def test_an_officer_finds_a_passport_name_without_typing_its_accents_or_apostrophes(service, catalog):
    # "sukru" and "gulom" found nobody: the applicant had typed "Şükrü Oʻgʻli-Gʻulom" as the passport prints it
    c = service.client
    who, app = await register_and_submit(c, catalog, profile={"passport_name": "Şükrü Oʻgʻli-Gʻulom"})
    officer = await staff_headers(c, await service.admin_headers(), Role.OFFICER, schemes=[catalog.scheme_id])

    async def found(q: str) -> bool:
        r = await c.get("/officer/applications", params={"cycle_id": catalog.cycle_id, "q": q}, headers=officer)
        assert r.status_code == 200, r.text
        return app["id"] in [a["id"] for a in r.json()["items"]]

    assert all([await found("sukru"), await found("SUKRU OGLI"), await found("G'ulom"), await found("Şükrü")])
    assert not await found("sukru x")
    # changed later: the new spelling is searched, the old one no longer
    r = await c.patch("/me", json={"passport_name": "Ayşe Çelik"}, headers=who.headers)
    assert r.status_code == 200, r.text
    assert await found("ayse celik") and not await found("sukru")
