"""Nothing is lost while the broker is down: submits succeed, events go out when it returns."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from shared.auth import Role
from tests.integration.conftest import launch_stack
from tests.integration.test_slice import application_body
from tests.support.infra import KafkaBroker, wait_for
from tests.support.services import auth


@pytest.fixture(scope="module")
async def own_broker(tmp_path_factory):
    # Its own broker, so stopping it does not disturb the rest of the suite.
    broker = await asyncio.to_thread(KafkaBroker.launch, tmp_path_factory.mktemp("kafka-outage"))
    try:
        yield broker
    finally:
        await asyncio.to_thread(broker.stop)


async def test_submit_while_broker_down_is_delivered_after_it_returns(own_broker, postgres, tmp_path):
    stack = await launch_stack(own_broker, postgres, tmp_path)
    try:
        applicants = [f"stu-{uuid.uuid4().hex[:8]}" for _ in range(5)]
        async with httpx.AsyncClient(timeout=30) as c:
            # warm: the path works before the outage
            r = await c.post(f"{stack.applications.url}/applications", json=application_body(applicants[0]))
            assert r.status_code == 201

            await asyncio.to_thread(own_broker.stop)
            ids = []
            for a in applicants[1:]:
                r = await c.post(f"{stack.applications.url}/applications", json=application_body(a))
                assert r.status_code == 201, r.text  # accepted while Kafka is down
                ids.append(r.json()["id"])
            ready = await c.get(f"{stack.applications.url}/readyz")
            assert ready.status_code == 503 and ready.json()["kafka"] is False
            assert ready.json()["outbox_backlog"] >= len(ids)

            await asyncio.to_thread(own_broker.start, False)  # same data, same ports

            for app_id in ids:
                async def pooled(app_id=app_id):
                    r = await c.get(f"{stack.matching.url}/pool/applications/{app_id}", headers=auth(Role.OFFICER))
                    return r.status_code == 200

                await wait_for(pooled, timeout=120, what=f"{app_id} in pool after the outage")
            for a in applicants:
                async def one_entry(a=a):
                    r = await c.get(f"{stack.notifications.url}/inbox", headers=auth(Role.APPLICANT, a))
                    return r.json()["total"] == 1

                await wait_for(one_entry, timeout=120, what=f"inbox of {a}")
            backlog = (await c.get(f"{stack.applications.url}/readyz")).json()["outbox_backlog"]
            assert backlog == 0
    finally:
        stack.stop()
