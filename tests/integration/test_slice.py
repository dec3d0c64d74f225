"""The vertical slice over real Kafka and PostgreSQL: submit -> outbox -> pool -> inbox."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from shared.events.catalog import Topics
from shared.principal import Role
from tests.support.events import publish
from tests.support.flows import Catalog, demo_catalog, register_and_submit, registration_body, wait_for_catalog
from tests.support.infra import wait_for
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import producer as kafka_producer
from tests.support.services import auth

SUBMITTED = "org.corridor.application.submitted.v1"


async def inbox_of(notifications_url: str, applicant_id: str) -> dict:
    async with httpx.AsyncClient(base_url=notifications_url) as c:
        r = await c.get("/inbox", headers=auth(Role.APPLICANT, applicant_id))
        assert r.status_code == 200, r.text
        return r.json()


def submitted_entries(inbox: dict) -> list[dict]:
    return [i for i in inbox["items"] if i["event_type"] == SUBMITTED]


@pytest.fixture(scope="module")
async def catalog(stack, kafka) -> Catalog:
    """A cycle and its programmes, published on corridor.catalog.v1 as the matching service does."""
    c = demo_catalog()
    await publish(kafka.bootstrap, *c.events)
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as client:
        await wait_for_catalog(client, c)
    return c


async def test_services_are_healthy_and_ready(stack):
    async with httpx.AsyncClient() as c:
        for svc in stack.all():
            assert (await c.get(f"{svc.url}/healthz")).json()["status"] == "ok"
            ready = await wait_for(lambda svc=svc: _ready(c, svc.url), timeout=60, what=f"{svc.name} ready")
            assert ready["database"] is True and ready["kafka"] is True


async def _ready(client, url):
    r = await client.get(f"{url}/readyz")
    return r.json() if r.status_code == 200 and r.json()["status"] == "ready" else None  # not "degraded"


async def test_submitted_application_reaches_pool_and_inbox(stack, catalog):
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as c:
        applicant, application = await register_and_submit(c, catalog)
        app_id = application["id"]

        async def pooled():
            r = await c.get(f"{stack.matching.url}/pool/applications/{app_id}", headers=auth(Role.OFFICER))
            return r.json() if r.status_code == 200 else None

        entry = await wait_for(pooled, timeout=60, what="application in the matching pool")
        assert entry["cycle_id"] == catalog.cycle_id and entry["sending_country"] == "KZ"
        assert entry["choices"] == catalog.student_programmes

    inbox = await wait_for(
        lambda: _nonempty_inbox(stack.notifications.url, applicant.id), timeout=60, what="inbox entry"
    )
    assert len(submitted_entries(inbox)) == 1 and inbox["unread"] >= 1


async def _nonempty_inbox(url, applicant):
    inbox = await inbox_of(url, applicant)
    return inbox if submitted_entries(inbox) else None


async def test_bad_input_names_the_field_and_stores_nothing(stack):
    body = registration_body(nationality="Kazakhstan")
    async with httpx.AsyncClient() as c:
        r = await c.post(f"{stack.applications.url}/auth/register", json=body)
    assert r.status_code == 422
    assert [d["field"] for d in r.json()["errors"]] == ["nationality"]
    engine = create_async_engine(stack.urls["applications"])
    async with engine.connect() as conn:
        from services.applications.models import Account

        n = await conn.scalar(select(func.count()).select_from(Account).where(Account.email == body["email"]))
    await engine.dispose()
    assert n == 0


async def test_redelivered_event_changes_nothing(stack, kafka, catalog):
    """Publish the very same CloudEvent (same id) twice: one inbox entry, one duplicate seen."""
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as c:
        who, application = await register_and_submit(c, catalog)
    applicant = who.id
    await wait_for(lambda: _nonempty_inbox(stack.notifications.url, applicant), timeout=60, what="first delivery")

    # Read the original record back from Kafka and publish it again, byte for byte.
    consumer = kafka_consumer(
        Topics.APPLICATIONS.value,
        bootstrap_servers=kafka.bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    original = None
    try:

        async def find():
            nonlocal original
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for rec in records:
                    if (
                        rec.value
                        and application["id"].encode() in rec.value
                        and (dict(rec.headers).get("ce_type") == SUBMITTED.encode())
                    ):
                        original = rec
            return original

        await wait_for(find, timeout=30, what="original record")
    finally:
        await consumer.stop()

    before = await _duplicates(stack.notifications.url)
    producer = kafka_producer(bootstrap_servers=kafka.bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            original.topic, value=original.value, key=original.key, headers=list(original.headers)
        )
    finally:
        await producer.stop()

    await wait_for(lambda: _dup_increased(stack.notifications.url, before), timeout=60, what="duplicate seen")
    inbox = await inbox_of(stack.notifications.url, applicant)
    assert len(submitted_entries(inbox)) == 1


async def _duplicates(url) -> int:
    async with httpx.AsyncClient() as c:
        r = await c.get(f"{url}/readyz")
    return r.json()["consumers"]["notify"]["duplicates"]


async def _dup_increased(url, before):
    return await _duplicates(url) > before


async def test_catalog_names_in_other_languages_reach_the_applicants_catalog(stack):
    """A name's translations, given to matching's catalog API, travel on corridor.catalog.v1
    to the applications service's read model: its programmes, cycles and an application's
    home institution answer with them (the portal picks the reader's)."""
    from tests.support.ids import uid

    u, admin = uid(), auth(Role.ADMIN, "admin-translations")
    host = {"zh": "中国农业大学", "ru": "Китайский сельскохозяйственный университет"}
    title = {"zh": "农学（理学硕士）", "ru": "Агрономия (магистратура)", "ur": "زرعی علوم (ایم ایس سی)"}
    async with httpx.AsyncClient(base_url=stack.matching.url, timeout=30) as m:
        writes = [
            ("/institutions", {"id": f"cau-{u}", "name": "China Agricultural University", "country": "CN"}, host),
            ("/schemes", {"id": f"cpec-{u}", "name": "CPEC", "sponsor": "CSC", "eligible_countries": ["PK"]}, {}),
        ]
        for path, body, names in writes:
            r = await m.post(path, json={**body, "translations": names}, headers=admin)
            assert r.status_code == 201 and r.json()["translations"] == names, r.text
        cycle = {
            "id": f"cpec-{u}-2026",
            "scheme_id": f"cpec-{u}",
            "name": "CPEC 2026/27",
            "translations": {"zh": "中巴经济走廊 2026/27"},
            "opens_at": "2026-11-01T00:00:00Z",
            "closes_at": "2027-06-01T00:00:00Z",
        }
        r = await m.post("/cycles", json=cycle, headers=admin)
        assert r.status_code == 201, r.text
        programme = {
            "id": f"agro-{u}",
            "cycle_id": cycle["id"],
            "host_institution_id": f"cau-{u}",
            "title": "Agronomy (MSc)",
            "translations": title,
            "field": "agriculture",
            "level": "master",
            "language": "en",
            "seats": 5,
        }
        r = await m.post("/programmes", json=programme, headers=admin)
        assert r.status_code == 201 and r.json()["translations"] == title, r.text

    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as a:

        async def read_model():
            p, c = await a.get(f"/programmes/agro-{u}"), await a.get(f"/cycles/{cycle['id']}")
            return (p.json(), c.json()) if p.status_code == c.status_code == 200 else None

        got, got_cycle = await wait_for(read_model, timeout=60, what="the programme in the applications catalog")
    assert (got["title"], got["translations"]) == ("Agronomy (MSc)", title)
    assert (got["host_institution_name"], got["host_institution_translations"]) == (
        "China Agricultural University",
        host,
    )
    assert got_cycle["translations"] == {"zh": "中巴经济走廊 2026/27"}
