"""What the database cannot store, sent to the running services as a fuzzer would: a NUL
character in a query or path parameter or a body, a number beyond its column, an infinite
number, a time at the calendar's edge, a cursor of other digits. Each was a 500 (or a 503
that asked to be retried for ever); each is a 422 naming the field, and nothing is stored."""

from __future__ import annotations

import httpx
import pytest

from shared.principal import Role
from tests.integration.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.support.flows import login
from tests.support.ids import uid
from tests.support.services import auth


def refused(r: httpx.Response, field: str, code: str | None = None) -> dict:
    assert r.status_code == 422, (r.status_code, r.text)
    body = r.json()
    fields = [e["field"] for e in body["errors"]]
    assert field in fields, fields
    if code is not None:
        assert code in [e["code"] for e in body["errors"]], body
    return body


@pytest.fixture(scope="module")
async def world(stack):
    """A scheme and a cycle of the matching service, made by an officer of it."""
    u = uid()
    scheme = f"sco-{u}"
    officer = auth(Role.OFFICER, f"officer-{u}", schemes=[scheme])
    admin = auth(Role.ADMIN, f"admin-{u}")
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m:
        body = {"id": scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["PK", "KZ"]}
        r = await m.post("/schemes", json=body, headers=admin)
        assert r.status_code == 201, r.text
        cycle = {
            "id": f"{scheme}-2026",
            "scheme_id": scheme,
            "name": "SCO 2026",
            "opens_at": "2026-01-01T00:00:00Z",
            "closes_at": "2027-01-01T00:00:00Z",
        }
        r = await m.post("/cycles", json=cycle, headers=officer)
        assert r.status_code == 201, r.text
    return {"scheme": scheme, "cycle": cycle, "officer": officer, "admin": admin, "u": u}


async def test_a_nul_in_a_query_parameter_is_a_422_in_every_service_even_without_logging_in(stack, world):
    async with (
        httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m,
        httpx.AsyncClient(base_url=stack.notifications.url, timeout=30) as n,
        httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as a,
    ):
        refused(await m.get("/programmes", params={"field": "a\x00b"}), "field", "string_nul")
        refused(await m.get("/cycles", params={"scheme_id": "\x00"}), "scheme_id")
        refused(await m.get("/institutions", params={"country": "\x00"}), "country")
        refused(await m.get("/matches", params={"cycle_id": "\x00"}, headers=world["officer"]), "cycle_id")
        admin = auth(Role.ADMIN, f"admin-{world['u']}")
        refused(await n.get("/notifications", params={"recipient": "\x00"}, headers=admin), "recipient")
        refused(
            await n.get("/webhooks/deliveries", params={"subscription_id": "\x00"}, headers=admin), "subscription_id"
        )
        refused(await n.post("/webhooks/subscriptions/a%00b/ping", headers=admin), "subscription_id")
        admin_login = await login(a, ADMIN_EMAIL, ADMIN_PASSWORD)
        refused(await a.get("/admin/journal", params={"subject": "\x00"}, headers=admin_login), "subject")


async def test_a_nul_in_a_body_names_its_field_and_stores_nothing(stack, world):
    u = world["u"]
    partner = auth(Role.PARTNER, f"partner-{u}", institutions=[f"inst-{u}"])
    async with (
        httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m,
        httpx.AsyncClient(base_url=stack.notifications.url, timeout=30) as n,
    ):
        rule = {"id": f"rule-{u}", "cycle_id": world["cycle"]["id"], "label": "cap\x00", "max_count": 3}
        refused(await m.post("/quota-rules", json=rule, headers=world["officer"]), "label", "string_nul")
        assert (await m.get(f"/quota-rules/rule-{u}", headers=world["officer"])).status_code == 404
        sub = {
            "url": "https://partner.example.org/hooks",
            "event_types": ["application.offered"],
            "description": "ours\x00",
        }
        refused(await n.post("/webhooks/subscriptions", json=sub, headers=partner), "description")
        listed = await n.get("/webhooks/subscriptions", headers=partner)
        assert listed.status_code == 200 and listed.json()["items"] == []


async def test_numbers_beyond_their_column_or_not_finite_are_named_not_a_503_or_500(stack, world):
    u = world["u"]
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m:
        rule = {"id": f"big-{u}", "cycle_id": world["cycle"]["id"], "label": "cap", "max_count": 3_000_000_000}
        r = await m.post("/quota-rules", json=rule, headers=world["officer"])
        refused(r, "max_count")
        assert "retry-after" not in r.headers
        cycle = {**world["cycle"], "id": f"inf-{u}"}
        raw = httpx.Request("POST", "/cycles", json=cycle).content[:-1] + b', "score_weights": {"grade": 1e999}}'
        headers = {**world["officer"], "content-type": "application/json"}
        refused(await m.post("/cycles", content=raw, headers=headers), "score_weights.grade", "finite_number")
        assert (await m.get(f"/cycles/inf-{u}", headers=world["officer"])).status_code == 404


async def test_a_time_that_leaves_the_calendar_in_utc_is_named(stack, world):
    u = world["u"]
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m:
        for at in ("9999-12-31T23:30:00-01:00", "0001-01-01T00:30:00+01:00"):
            cycle = {**world["cycle"], "id": f"edge-{u}", "opens_at": at}
            body = refused(await m.post("/cycles", json=cycle, headers=world["officer"]), "opens_at")
            assert "out of range" in body["detail"]
        assert (await m.get(f"/cycles/edge-{u}", headers=world["officer"])).status_code == 404


@pytest.mark.parametrize("cursor", ["²", "99999999999999999999", "-1"])
async def test_a_feed_cursor_of_other_digits_or_beyond_a_bigint_is_named(stack, world, cursor):
    partner = auth(Role.PARTNER, f"partner-{world['u']}", institutions=[f"inst-{world['u']}"])
    async with httpx.AsyncClient(base_url=stack.notifications.url, timeout=30) as n:
        refused(await n.get("/partner/feed", params={"cursor": cursor}, headers=partner), "cursor")
