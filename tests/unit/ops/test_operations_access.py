"""Operations detail (/metrics, /readyz's detail) is for operators outside development mode."""

from __future__ import annotations

import httpx
from pydantic import SecretStr
from sqlalchemy import MetaData

from shared.migrations import migrate
from shared.runtime import ServiceRuntime, create_service_app
from shared.settings import ServiceSettings
from shared.tables import add_infra_tables

OPERATOR = "an-operator-token-long-enough-to-mean-it"


async def app_in(env: str, tmp_path) -> httpx.AsyncClient:
    metadata = MetaData()
    settings = ServiceSettings(
        service_name="ops-test",
        env=env,
        jwt_secret=SecretStr("x" * 48),
        operator_token=SecretStr(OPERATOR),
        database_url=f"sqlite+aiosqlite:///{tmp_path}/ops.db",
        kafka_bootstrap_servers="127.0.0.1:1",  # nothing listens: Kafka is "not ready"
        kafka_username="ops-test",  # production also needs a Kafka principal
        kafka_password=SecretStr("k" * 20),
    )
    runtime = ServiceRuntime(
        settings=settings, metadata=metadata, tables=add_infra_tables(metadata), migrations_dir=None, topics=[]
    )
    await migrate(runtime.db)  # the outbox table, which /readyz reads
    app = create_service_app(runtime, title="ops", description="")
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t")


async def test_outside_development_metrics_need_the_operator_token_and_readyz_hides_its_detail(tmp_path):
    async with await app_in("production", tmp_path) as c:
        anonymous = await c.get("/metrics")
        wrong = await c.get("/metrics", headers={"Authorization": "Bearer guess"})
        operator = await c.get("/metrics", headers={"Authorization": f"Bearer {OPERATOR}"})
        lower = await c.get("/metrics", headers={"Authorization": f"bearer  {OPERATOR}"})
        bare = await c.get("/metrics", headers={"Authorization": OPERATOR})
        probe = await c.get("/readyz")
        detailed = await c.get("/readyz", headers={"Authorization": f"Bearer {OPERATOR}"})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "operations.token_required"
    assert wrong.status_code == 401
    assert operator.status_code == 200 and "corridor_" in operator.text
    assert lower.status_code == 200  # the scheme's name is case-insensitive
    assert bare.status_code == 401  # the token without its scheme is not the header asked for
    # no broker here: ready to serve (its events wait in the outbox), said degraded; the status, nothing more
    assert probe.status_code == 200 and probe.json() == {"status": "degraded"}
    assert detailed.status_code == 200 and detailed.json()["kafka"] is False and "consumers" in detailed.json()


async def test_in_development_operations_detail_is_open(tmp_path):
    async with await app_in("development", tmp_path) as c:
        assert (await c.get("/metrics")).status_code == 200
        assert "outbox_backlog" in (await c.get("/readyz")).json()


async def test_without_its_database_a_service_is_not_ready(tmp_path):
    """Ready means it can serve: with the database alone (a broker away is "degraded", 200);
    without the database nothing can be, 503."""
    async with await app_in("production", tmp_path) as c:
        runtime = c._transport.app.state.runtime

        async def unreachable() -> bool:
            return False

        runtime.db.ping = unreachable
        probe = await c.get("/readyz")
        detailed = await c.get("/readyz", headers={"Authorization": f"Bearer {OPERATOR}"})
    assert probe.status_code == 503 and probe.json() == {"status": "not ready"}
    assert detailed.status_code == 503 and detailed.json()["database"] is False
