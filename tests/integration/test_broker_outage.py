"""Nothing is lost while the broker is down: submits succeed, events go out when it returns."""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest

from shared.principal import Role
from tests.integration.conftest import launch_stack
from tests.integration.test_slice import submitted_entries
from tests.support.events import publish
from tests.support.flows import demo_catalog, register_and_submit, wait_for_catalog
from tests.support.infra import USERS_ENV, KafkaBroker, wait_for
from tests.support.services import auth


@pytest.fixture(scope="module")
async def own_broker(tmp_path_factory):
    # Its own broker, so stopping it does not disturb the rest of the suite. Launching it makes
    # this process's Kafka clients and the services it starts log in to it (environment
    # variables); they are given back afterwards, or later tests would log in to the session's
    # broker with this one's passwords.
    with pytest.MonkeyPatch.context() as env:
        for name in (
            *(f"CORRIDOR_KAFKA_{k}" for k in ("SECURITY_PROTOCOL", "USERNAME", "PASSWORD", "CA_FILE")),
            USERS_ENV,
        ):
            if name in os.environ:  # each restored to what it is now when the context ends
                env.setenv(name, os.environ[name])
            else:
                env.delenv(name, raising=False)
        broker = await asyncio.to_thread(KafkaBroker.launch, tmp_path_factory.mktemp("kafka-outage"))
        try:
            yield broker
        finally:
            await asyncio.to_thread(broker.stop)


async def test_submit_while_broker_down_is_delivered_after_it_returns(own_broker, postgres, tmp_path):
    stack = await launch_stack(own_broker, postgres, tmp_path)
    try:
        catalog = demo_catalog()
        await publish(own_broker.bootstrap, *catalog.events)
        async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as c:
            await wait_for_catalog(c, catalog)
            # warm: the path works before the outage
            first, _ = await register_and_submit(c, catalog)
            applicants = [first.id]

            await asyncio.to_thread(own_broker.stop)
            ids = []
            for _ in range(4):
                # register, log in, draft and submit: all accepted while Kafka is down
                who, application = await register_and_submit(c, catalog)
                assert application["status"] == "submitted"
                applicants.append(who.id)
                ids.append(application["id"])
            # still ready (a probe keeps it in its Service: it serves, as above), said degraded
            ready = await c.get("/readyz")
            assert ready.status_code == 200 and ready.json()["status"] == "degraded", ready.text
            assert ready.json()["kafka"] is False
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
                    return len(submitted_entries(r.json())) == 1

                await wait_for(one_entry, timeout=120, what=f"inbox of {a}")
            backlog = (await c.get("/readyz")).json()["outbox_backlog"]
            assert backlog == 0
    finally:
        stack.stop()
