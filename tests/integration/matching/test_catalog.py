"""Catalog CRUD over the real service: validation, scope, and every change on the
compacted catalog topic (read back with a real consumer)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from shared.events.catalog import Topics
from shared.principal import Role
from tests.integration.matching.conftest import TopicReader
from tests.support.ids import uid
from tests.support.kafka import admin as kafka_admin
from tests.support.services import auth

ADMIN = auth(Role.ADMIN, "admin-1")
NOW = datetime.now(UTC).replace(microsecond=0)


def cycle_body(cid: str, scheme: str, **over) -> dict:
    body = {
        "id": cid,
        "scheme_id": scheme,
        "name": f"Cycle {cid}",
        "opens_at": (NOW - timedelta(days=1)).isoformat(),
        "closes_at": (NOW + timedelta(days=60)).isoformat(),
        "starts_on": (NOW + timedelta(days=200)).date().isoformat(),
        "max_choices": 3,
        "eligible_countries": ["KZ", "UZ"],
    }
    body.update(over)
    return body


def programme_body(pid: str, cycle: str, host: str, **over) -> dict:
    body = {
        "id": pid,
        "cycle_id": cycle,
        "host_institution_id": host,
        "title": "Urban thermal energy application technology",
        "field": "thermal-energy",
        "level": "vocational",
        "language": "zh",
        "seats": 10,
    }
    body.update(over)
    return body


async def _scheme_and_cycle(c, u: str) -> tuple[str, str, str]:
    inst, scheme, cycle = f"tjucm-{u}", f"luban-{u}", f"luban-{u}-2026"
    assert (
        await c.post(
            "/institutions",
            json={
                "id": inst,
                "name": "Tianjin Urban Construction Management VTC",
                "country": "CN",
                "kind": "vocational college",
            },
            headers=ADMIN,
        )
    ).status_code == 201
    assert (
        await c.post(
            "/schemes",
            json={
                "id": scheme,
                "name": "Luban Workshop",
                "sponsor": "Tianjin MEC",
                "eligible_countries": ["TJ", "KZ", "UZ"],
            },
            headers=ADMIN,
        )
    ).status_code == 201
    r = await c.post("/cycles", json=cycle_body(cycle, scheme), headers=ADMIN)
    assert r.status_code == 201, r.text
    return inst, scheme, cycle


async def test_crud_publishes_upserts_and_tombstones_on_the_compacted_topic(matching, kafka):
    c, u = matching, uid()
    inst, scheme, cycle = await _scheme_and_cycle(c, u)
    prog = f"thermal-{u}"
    r = await c.post("/programmes", json=programme_body(prog, cycle, inst), headers=ADMIN)
    assert r.status_code == 201, r.text
    assert r.json()["host_country"] == "CN" and r.json()["scheme_id"] == scheme
    assert r.json()["award"]["covers"] == []  # nothing said of what a place comes with
    # what a place comes with; a stipend without its currency is refused on the field
    award = {
        "covers": ["tuition", "stipend", "tuition"],
        "stipend_amount": 2500,
        "stipend_currency": "CNY",
        "months": 10,
    }
    r = await c.put(
        f"/programmes/{prog}",
        json={k: v for k, v in programme_body(prog, cycle, inst, seats=12, award={**award, "stipend_currency": None}).items() if k != "id"},
        headers=ADMIN,
    )  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "award", r.text
    assert r.json()["errors"][0]["code"] == "award.currency_missing"
    r = await c.put(
        f"/programmes/{prog}",
        json={k: v for k, v in programme_body(prog, cycle, inst, seats=12, award=award).items() if k != "id"},
        headers=ADMIN,
    )
    assert r.status_code == 200 and r.json()["seats"] == 12
    assert r.json()["award"] == {
        **award,
        "covers": ["tuition", "stipend"],
        "stipend_amount": 2500.0,
        "stipend_per": "month",
    }
    rule = f"cap-{u}"
    r = await c.post(
        "/quota-rules",
        json={
            "id": rule,
            "cycle_id": cycle,
            "label": "at most 5 from KZ",
            "scope": {"sending_country": ["KZ"]},
            "max_count": 5,
        },
        headers=ADMIN,
    )
    assert r.status_code == 201, r.text
    assert (await c.delete(f"/quota-rules/{rule}", headers=ADMIN)).status_code == 204
    assert (await c.delete(f"/programmes/{prog}", headers=ADMIN)).status_code == 204
    assert (await c.get(f"/programmes/{prog}")).status_code == 404

    # lists are paginated
    r = await c.get("/institutions", params={"limit": 1, "offset": 0})
    page = r.json()
    assert r.status_code == 200 and len(page["items"]) == 1 and page["total"] >= 1 and page["limit"] == 1

    keys = {inst, scheme, cycle, prog, rule}
    async with TopicReader(kafka.bootstrap, Topics.CATALOG.value) as reader:

        def ours(envs):
            # every entity's events (partitions are read in no set order: count each kind, not a total)
            mine = [e for e in envs if e.key in keys]
            per_key = {k: sum(1 for e in mine if e.key == k) for k in keys}
            enough = all(per_key[k] >= 1 for k in (inst, scheme, cycle)) and per_key[prog] >= 3 and per_key[rule] >= 2
            return mine if enough else None

        mine = await reader.wait_until(ours, "catalog events", timeout=30)
    by_subject = {}
    for env in mine:
        by_subject.setdefault(env.subject, []).append(env)
    assert by_subject[f"institution:{inst}"][0].type == "org.corridor.catalog.institution.upserted.v1"
    assert by_subject[f"scheme:{scheme}"][0].data["eligible_countries"] == ["KZ", "TJ", "UZ"]
    assert by_subject[f"cycle:{cycle}"][0].data["scheme_id"] == scheme
    prog_events = by_subject[f"programme:{prog}"]
    assert [e.data and e.data["seats"] for e in prog_events] == [10, 12, None]  # upsert, upsert, tombstone
    assert prog_events[1].data["award"]["stipend_currency"] == "CNY"  # the catalog carries it to the others
    assert prog_events[-1].type == "org.corridor.catalog.deleted.v1" and prog_events[-1].key == prog
    assert by_subject[f"quota-rule:{rule}"][-1].data is None
    assert (await _topic_config(kafka.bootstrap, Topics.CATALOG.value))["cleanup.policy"] == "compact"
    # a dead letter waits for its replay however long that takes (the default deleted it after 7 days)
    dead_letters = await _topic_config(kafka.bootstrap, Topics.CATALOG.dlq)
    assert dead_letters["retention.ms"] == "-1" and dead_letters["cleanup.policy"] == "delete"


async def _topic_config(bootstrap: str, topic: str) -> dict[str, str]:
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    admin = kafka_admin(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        res = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        entries = res[0].resources[0][4]
        return {e[0]: e[1] for e in entries}
    finally:
        await admin.close()


async def test_validation_names_field_and_reason_and_stores_nothing(matching):
    c, u = matching, uid()
    inst, scheme, cycle = await _scheme_and_cycle(c, u)

    r = await c.post(
        "/cycles", json=cycle_body(f"bad-{u}", scheme, closes_at=(NOW - timedelta(days=5)).isoformat()), headers=ADMIN
    )
    body = r.json()
    assert r.status_code == 422 and body["errors"][0]["field"] == "closes_at" and body["code"] == "cycle.window_order"
    assert body["status"] == 422 and r.headers["content-type"].startswith("application/problem+json")
    r = await c.post("/cycles", json=cycle_body(f"bad-{u}", f"nope-{u}"), headers=ADMIN)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "scheme_id"
    assert r.json()["code"] == "cycle.unknown_scheme"
    r = await c.post("/cycles", json=cycle_body(f"bad-{u}", scheme, eligible_countries=["PK"]), headers=ADMIN)
    assert r.status_code == 422 and "PK" in r.json()["errors"][0]["reason"]
    assert (await c.get(f"/cycles/bad-{u}")).status_code == 404

    r = await c.post("/programmes", json=programme_body(f"p-{u}", cycle, inst, seats=-1), headers=ADMIN)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "seats"
    r = await c.post("/programmes", json=programme_body(f"p-{u}", cycle, f"ghost-{u}"), headers=ADMIN)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "host_institution_id"
    r = await c.post(
        "/programmes",
        json=programme_body(f"p-{u}", cycle, inst, requirements={"language_certificate": "HSK"}),
        headers=ADMIN,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "requirements.min_language_level"
    r = await c.post(
        "/programmes",
        json=programme_body(f"p-{u}", cycle, inst, requirements={"required_documents": ["passport", "horoscope"]}),
        headers=ADMIN,
    )  # the contract's document kinds only
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "requirements.required_documents.1"
    r = await c.get(f"/programmes/p-{u}")
    assert r.status_code == 404 and r.json()["code"] == "programme.not_found"
    exchange = {"required_documents": ["passport", "diploma"], "abroad_only": True}
    r = await c.post("/programmes", json=programme_body(f"p-{u}", cycle, inst, requirements=exchange), headers=ADMIN)
    assert r.status_code == 201
    assert r.json()["requirements"]["abroad_only"] is True  # an exchange's: kept, and shown
    r = await c.put(
        f"/programmes/p-{u}", json=programme_body(f"p-{u}", cycle, inst, seats=7, requirements=exchange), headers=ADMIN
    )
    assert r.status_code == 200 and (await c.get(f"/programmes/p-{u}")).json()["requirements"]["abroad_only"] is True

    def rule(rid, **over):
        body = {"id": rid, "cycle_id": cycle, "label": "a cap", "scope": {"sending_country": ["KZ"]}, "max_count": 3}
        body.update(over)
        return body

    r = await c.post("/quota-rules", json=rule(f"r1-{u}", scope={"sending_country": ["XX"]}), headers=ADMIN)
    assert r.status_code == 422, r.text
    assert any("XX" in d["reason"] and "sending_country" in d["field"] for d in r.json()["errors"])
    assert r.json()["errors"][0]["code"] == "quota.unknown_scope_value"
    r = await c.post("/quota-rules", json=rule(f"r1-{u}", scope={"programme": [f"ghost-{u}"]}), headers=ADMIN)
    assert r.status_code == 422 and any(f"ghost-{u}" in d["reason"] for d in r.json()["errors"])
    r = await c.post("/quota-rules", json=rule(f"r1-{u}", max_count=-2), headers=ADMIN)
    assert r.status_code == 422 and any("max_count" in d["field"] for d in r.json()["errors"])
    r = await c.post("/quota-rules", json=rule(f"r1-{u}", max_count=None), headers=ADMIN)
    assert r.status_code == 422  # neither limit given
    assert (await c.get(f"/quota-rules/r1-{u}", headers=ADMIN)).status_code == 404

    # a cap that can never bind is saved with a warning
    r = await c.post("/quota-rules", json=rule(f"r2-{u}", max_count=500), headers=ADMIN)
    assert r.status_code == 201, r.text
    assert r.json()["warnings"], r.json()
    # a contradictory pair: the same scope capped differently
    r = await c.post("/quota-rules", json=rule(f"r3-{u}", max_count=4), headers=ADMIN)
    assert r.status_code in (201, 422), r.text
    problems = r.json()["warnings"] if r.status_code == 201 else r.json()["errors"]
    assert any(f"r2-{u}" in p["reason"] for p in problems), problems

    # ids are unique across the catalog kinds (they share one compacted topic)
    r = await c.post("/institutions", json={"id": cycle, "name": "Clash", "country": "CN"}, headers=ADMIN)
    assert r.status_code == 409 and "cycle" in r.json()["errors"][0]["reason"]
    assert r.json()["code"] == "catalog.id_taken"
    # referenced entities cannot be deleted
    r = await c.delete(f"/cycles/{cycle}", headers=ADMIN)
    assert r.status_code == 409


async def test_scope_of_officers_and_admins(matching):
    c, u = matching, uid()
    inst, scheme, cycle = await _scheme_and_cycle(c, u)
    other = f"other-{u}"
    assert (
        await c.post(
            "/institutions", json={"id": other, "name": "Tajik Technical University", "country": "TJ"}, headers=ADMIN
        )
    ).status_code == 201
    officer = auth(Role.OFFICER, "o-scheme", schemes=[scheme])
    stranger = auth(Role.OFFICER, "o-else", schemes=[f"elsewhere-{u}"])
    host_officer = auth(Role.OFFICER, "o-host", institutions=[inst])

    assert (
        await c.post("/schemes", json={"id": f"s2-{u}", "name": "New", "sponsor": "x"}, headers=officer)
    ).status_code == 403
    assert (
        await c.post("/institutions", json={"id": f"i2-{u}", "name": "New", "country": "CN"}, headers=officer)
    ).status_code == 403
    assert (await c.post("/cycles", json=cycle_body(f"c2-{u}", scheme), headers=stranger)).status_code == 403
    assert (await c.post("/cycles", json=cycle_body(f"c2-{u}", scheme), headers=host_officer)).status_code == 403
    r = await c.post("/cycles", json=cycle_body(f"c2-{u}", scheme), headers=officer)
    assert r.status_code == 201, r.text

    assert (
        await c.post("/programmes", json=programme_body(f"p1-{u}", cycle, inst), headers=host_officer)
    ).status_code == 201
    assert (
        await c.post("/programmes", json=programme_body(f"p2-{u}", cycle, other), headers=host_officer)
    ).status_code == 403
    assert (
        await c.post("/programmes", json=programme_body(f"p3-{u}", cycle, other), headers=stranger)
    ).status_code == 403
    assert (
        await c.post("/programmes", json=programme_body(f"p3-{u}", cycle, other), headers=officer)
    ).status_code == 201
    rule = {"id": f"r-{u}", "cycle_id": cycle, "label": "cap", "scope": {"sending_country": ["KZ"]}, "max_count": 2}
    assert (await c.post("/quota-rules", json=rule, headers=host_officer)).status_code == 403
    assert (await c.post("/quota-rules", json=rule, headers=officer)).status_code == 201
    assert (await c.get("/quota-rules", headers={})).status_code == 401
    assert (
        await c.post(
            "/schemes", json={"id": f"s3-{u}", "name": "New", "sponsor": "x"}, headers=auth(Role.APPLICANT, "a1")
        )
    ).status_code == 403


async def test_demo_catalog_loads_through_the_api(matching):
    from services.matching import demo
    from tests.support.services import token

    written = await demo.load_demo("http://testserver", token(Role.ADMIN, "demo"), client=matching)
    assert written == {
        "institutions": len(demo.INSTITUTIONS),
        "schemes": len(demo.SCHEMES),
        "cycles": len(demo.CYCLES),
        "programmes": len(demo.PROGRAMMES),
        "quota-rules": len(demo.QUOTA_RULES),
    }
    again = await demo.load_demo("http://testserver", token(Role.ADMIN, "demo"), client=matching)
    assert again == written  # idempotent: updates in place
    r = await matching.get("/programmes", params={"cycle_id": "luban-tj-2026"})
    titles = {p["title"] for p in r.json()["items"]}
    assert {"Urban thermal energy application technology", "Engineering measurement technology"} <= titles
    # every demo programme, institution, scheme and cycle is named in the portal's other languages
    for path in ("/programmes", "/institutions", "/schemes", "/cycles"):
        items = (await matching.get(path, params={"limit": 500})).json()["items"]
        demo_ids = {i["id"] for _path, entities in demo.catalog() for i in entities}
        unnamed = [i["id"] for i in items if i["id"] in demo_ids and set(i["translations"]) != {"zh", "ru", "ur"}]
        assert unnamed == [], path
    sco = (await matching.get("/schemes/sco")).json()
    assert set(sco["authority_translations"]) == set(sco["authorities"])


async def test_every_list_in_a_request_is_bounded(matching):
    """500,000 scope values once took 7.4 s and 385 MiB to check, and a scheme took a million
    countries: refused at once (422; 413 where the service's body limit is smaller)."""
    c, u = matching, uid()
    _, scheme, cycle = await _scheme_and_cycle(c, u)
    officer = auth(Role.OFFICER, "o-bounds", schemes=[scheme])
    rule = {"id": f"r-{u}", "cycle_id": cycle, "label": "a cap", "max_count": 3}

    began = time.monotonic()
    r = await c.post(
        "/quota-rules/validate", json={**rule, "scope": {"sending_country": ["KZ"] * 500_000}}, headers=officer
    )
    assert r.status_code in (413, 422) and time.monotonic() - began < 2, r.status_code
    r = await c.post(
        "/quota-rules/validate", json={**rule, "scope": {"sending_country": ["KZ"] * 1001}}, headers=officer
    )
    body = r.json()
    assert r.status_code == 422 and body["errors"][0]["field"] == "scope.sending_country", r.text
    assert body["errors"][0]["code"] == "too_long"
    r = await c.post(
        "/quota-rules/validate", json={**rule, "scope": {"sending_country": ["KZ"] * 1000}}, headers=officer
    )
    assert r.status_code == 200, r.text  # the problems of the rule, as data

    began = time.monotonic()
    big = {"id": f"big-{u}", "name": "Everyone", "sponsor": "x", "eligible_countries": ["KZ"] * 1_000_000}
    r = await c.post("/schemes", json=big, headers=ADMIN)
    assert r.status_code in (413, 422) and time.monotonic() - began < 3, r.status_code
    r = await c.post("/cycles", json=cycle_body(f"c-{u}", scheme, eligible_countries=["KZ"] * 251), headers=officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "eligible_countries", r.text


async def test_an_id_in_a_path_that_is_not_an_id_is_a_422_naming_it(matching):
    """A NUL byte, a space or 200 characters where an id belongs: 422 on that parameter,
    never a database error; a well-formed unknown id is still a 404."""
    h = auth(Role.ADMIN, "admin-1")
    for path, field in (
        ("/cycles/a%00b", "cycle_id"),
        ("/cycles/two%20words/pool", "cycle_id"),
        (f"/programmes/{'x' * 200}", "programme_id"),
        ("/pool/applications/%00/outcome", "application_id"),
        ("/cycles/c1/nominations/P%00K", "country"),
    ):
        r = await matching.get(path, headers=h)
        assert r.status_code == 422, (path, r.status_code, r.text)
        assert [e["field"] for e in r.json()["errors"]] == [field], r.text
    r = await matching.put("/schemes/%00", json={}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "scheme_id"
    assert (await matching.get("/cycles/no-such-cycle", headers=h)).status_code == 404


async def test_a_nominating_scheme_without_an_authority_is_saved_with_a_warning(matching):
    """Saved silently, it read as a scheme whose authorities would nominate; nobody would."""
    u = uid()
    body = {"id": f"nom-{u}", "name": "SCO", "sponsor": "CSC", "path": ["nomination", "matching", "review", "answer"]}
    r = await matching.post("/schemes", json=body, headers=ADMIN)
    assert r.status_code == 201, r.text
    assert [w["code"] for w in r.json()["warnings"]] == ["scheme.no_authority"]
    named = {k: v for k, v in body.items() if k != "id"} | {"authorities": {"PK": "Higher Education Commission"}}
    r = await matching.put(f"/schemes/{body['id']}", json=named, headers=ADMIN)
    assert r.status_code == 200 and r.json()["warnings"] == []
    direct = {"id": f"dir-{u}", "name": "CPEC", "sponsor": "CSC"}
    r = await matching.post("/schemes", json=direct, headers=ADMIN)
    assert r.status_code == 201 and r.json()["warnings"] == []


async def test_a_rule_previewed_shows_each_cap_it_would_make_and_saves_nothing(matching):
    """Check said only what was wrong with a rule: an officer typing "40 % of each programme's
    seats to one country" could not see that a programme of 3 seats gives each country 1."""
    c, u = matching, uid()
    inst, _scheme, cycle = await _scheme_and_cycle(c, u)
    for pid, seats in ((f"small-{u}", 3), (f"large-{u}", 5)):
        r = await c.post("/programmes", json=programme_body(pid, cycle, inst, seats=seats), headers=ADMIN)
        assert r.status_code == 201, r.text
    rule = {
        "id": f"share-{u}",
        "cycle_id": cycle,
        "label": "{programme}: at most 40% to {sending_country}",
        "per": ["programme", "sending_country"],
        "max_share_of_seats": 0.4,
    }
    r = await c.post("/quota-rules/preview", json=rule, headers=ADMIN)
    assert r.status_code == 200, r.text
    caps = {(cap["scope"]["programme"][0], cap["scope"]["sending_country"][0]): cap for cap in r.json()["items"]}
    # every country the cycle takes (not the scheme's TJ), before anyone applied
    assert set(caps) == {(p, k) for p in (f"small-{u}", f"large-{u}") for k in ("KZ", "UZ")}
    small, large = caps[(f"small-{u}", "KZ")], caps[(f"large-{u}", "UZ")]
    assert (small["cap"], small["seats"], small["programmes"]) == (1, 3, 1)
    assert (large["cap"], large["seats"]) == (2, 5)
    assert small["label"] == f"small-{u}: at most 40% to KZ"

    whole = {**rule, "label": "Luban: at most 6 in all", "per": [], "max_share_of_seats": None, "max_count": 6}
    r = await c.post("/quota-rules/preview", json=whole, headers=ADMIN)
    assert [(cap["cap"], cap["seats"], cap["programmes"]) for cap in r.json()["items"]] == [(6, 8, 2)]
    r = await c.post("/quota-rules/preview", params={"limit": 1, "offset": 3}, json=rule, headers=ADMIN)
    assert r.json()["total"] == 4 and len(r.json()["items"]) == 1  # a page at a time

    wrong = {**rule, "scope": {"sending_country": ["PK"]}}  # a country the cycle does not take
    r = await c.post("/quota-rules/preview", json=wrong, headers=ADMIN)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "scope.sending_country"
    # braces name a dimension, nothing else (an attribute had answered 500, a width megabytes)
    for label in ("{sending_country.__class__}", "{sending_country:>2000000}", "{nope}"):
        for route in ("/quota-rules/preview", "/quota-rules"):
            r = await c.post(route, json={**rule, "label": label}, headers=ADMIN)
            assert r.status_code == 422 and r.json()["errors"][0]["field"] == "label", (route, label, r.text[:300])
            assert label in r.json()["errors"][0]["reason"]
    assert (await c.get(f"/quota-rules/{rule['id']}", headers=ADMIN)).status_code == 404


async def test_who_changed_the_catalog_is_in_the_journal_with_before_and_after(matching):
    """Programmes and institutions removed (by a mistaken script) had left a trace only in the
    access logs: each catalog change is now a journal entry naming who, what and the record."""
    c, u = matching, uid()
    inst, scheme, cycle = await _scheme_and_cycle(c, u)
    pid = f"p-{u}"
    assert (await c.post("/programmes", json=programme_body(pid, cycle, inst), headers=ADMIN)).status_code == 201
    changed = programme_body(pid, cycle, inst, seats=12)
    assert (await c.put(f"/programmes/{pid}", json={k: v for k, v in changed.items() if k != "id"}, headers=ADMIN)).status_code == 200  # fmt: skip
    assert (await c.delete(f"/programmes/{pid}", headers=ADMIN)).status_code == 204

    r = await c.get("/journal", params={"cycle_id": cycle, "limit": 100}, headers=ADMIN)
    assert r.status_code == 200, r.text
    mine = [(e["action"], e["subject"]) for e in reversed(r.json()["items"])]
    assert mine == [
        ("catalog.created", f"cycle:{cycle}"),
        ("catalog.created", f"programme:{pid}"),
        ("catalog.updated", f"programme:{pid}"),
        ("catalog.deleted", f"programme:{pid}"),
    ]
    entries = {e["action"]: e for e in r.json()["items"] if e["subject"] == f"programme:{pid}"}
    assert entries["catalog.updated"]["before"]["seats"] == 10 and entries["catalog.updated"]["after"]["seats"] == 12
    assert entries["catalog.deleted"]["after"] is None and entries["catalog.deleted"]["before"]["id"] == pid
    r = await c.get("/journal", params={"action": "catalog.created", "limit": 100}, headers=ADMIN)
    subjects = {e["subject"] for e in r.json()["items"]}
    assert {f"institution:{inst}", f"scheme:{scheme}"} <= subjects  # the admins' records, journaled alike


async def test_an_institution_named_like_another_of_its_country_is_saved_with_a_warning(matching):
    """A second "King Edward Medical University" stood in every list beside the first."""
    u = uid()
    first = {"id": f"kemu-{u}", "name": f"King Edward Medical University {u}", "country": "PK"}
    r = await matching.post("/institutions", json=first, headers=ADMIN)
    assert r.status_code == 201 and r.json()["warnings"] == []
    twin = {"id": f"kemu2-{u}", "name": f"  king edward  medical University {u} ", "country": "PK"}
    r = await matching.post("/institutions", json=twin, headers=ADMIN)
    assert r.status_code == 201, r.text  # saved all the same: the admin tells them apart
    [warning] = r.json()["warnings"]
    assert (warning["code"], warning["field"]) == ("institution.name_taken", "name") and first["id"] in warning[
        "reason"
    ]
    elsewhere = {**twin, "id": f"kemu3-{u}", "country": "KZ"}  # another country's: no twin
    assert (await matching.post("/institutions", json=elsewhere, headers=ADMIN)).json()["warnings"] == []
    named_apart = {k: v for k, v in twin.items() if k != "id"} | {"name": f"KEMU Lahore campus {u}"}
    r = await matching.put(f"/institutions/{twin['id']}", json=named_apart, headers=ADMIN)
    assert r.status_code == 200 and r.json()["warnings"] == []


async def test_institutions_are_listed_by_name_when_asked(matching):
    u = uid()
    for iid, name in ((f"zz-{u}", f"Aaa First {u}"), (f"aa-{u}", f"Zzz Last {u}")):
        await matching.post("/institutions", json={"id": iid, "name": name, "country": "UZ"}, headers=ADMIN)
    by_name = (await matching.get("/institutions", params={"country": "UZ", "order": "name", "limit": 200})).json()
    mine = [i["id"] for i in by_name["items"] if i["id"].endswith(u)]
    assert mine == [f"zz-{u}", f"aa-{u}"]
    by_id = (await matching.get("/institutions", params={"country": "UZ", "limit": 200})).json()
    assert [i["id"] for i in by_id["items"] if i["id"].endswith(u)] == [f"aa-{u}", f"zz-{u}"]
    assert (await matching.get("/institutions", params={"order": "size"})).status_code == 422
