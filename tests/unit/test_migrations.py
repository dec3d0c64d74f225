"""Each service's Alembic migrations build exactly the schema its models declare."""

import importlib

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from shared.migrations import alembic_config

SERVICES = ["applications", "matching", "notifications"]


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_match_models(service, tmp_path):
    models = importlib.import_module(f"services.{service}.models")
    app = importlib.import_module(f"services.{service}.app")
    url = f"sqlite:///{tmp_path}/{service}.db"
    command.upgrade(alembic_config(app.MIGRATIONS, url=url), "head")
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), models.Base.metadata)
    assert diff == [], f"models and migrations of {service} differ; run: python -m tools.migrations {service} 'msg'"


@pytest.mark.parametrize("service", SERVICES)
def test_outbox_rows_staged_before_the_upgrade_are_encoded_not_lost(service, tmp_path):
    """Events still waiting in the outbox when the wire-form migration runs are published
    afterwards exactly as they would have been (rows already published are dropped), and a
    downgrade gives the envelopes back."""
    import json

    from sqlalchemy import text

    from shared.events.catalog import ApplicationWithdrawn, type_of
    from shared.events.envelope import decode_message, new_event

    app = importlib.import_module(f"services.{service}.app")
    url = f"sqlite:///{tmp_path}/{service}.db"
    cfg = alembic_config(app.MIGRATIONS, url=url)
    script = __import__("alembic.script", fromlist=["ScriptDirectory"]).ScriptDirectory.from_config(cfg)
    wire = next(r for r in script.walk_revisions() if "outbox keeps the encoded event" in (r.doc or ""))
    command.upgrade(cfg, wire.down_revision)
    data = ApplicationWithdrawn(application_id="app-1", applicant_id="ap-1", cycle_id="sco-2026", reason="plans")
    env = new_event(type_of(data), data, source="/corridor/test", key="app-1")
    env.traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    engine = create_engine(url)
    with engine.begin() as conn:
        insert = text(
            "INSERT INTO outbox (event_id, topic, key, event_type, envelope, created_at, sent_at, attempts) "
            "VALUES (:i, 't', 'app-1', :t, :e, '2026-11-23 10:00:00', :sent, 0)"
        )
        conn.execute(insert, {"i": env.id, "t": env.type, "e": json.dumps(env.model_dump(mode="json")), "sent": None})
        published = new_event(type_of(data), data, source="/corridor/test", key="app-1")
        conn.execute(
            insert,
            {
                "i": published.id,
                "t": published.type,
                "sent": "2026-11-23 10:00:01",
                "e": json.dumps(published.model_dump(mode="json")),
            },
        )
    command.upgrade(cfg, "head")
    with engine.connect() as conn:  # the published row is gone, the waiting one encoded
        key, headers, payload = conn.execute(text("SELECT key, headers, payload FROM outbox")).one()
    flat = json.loads(headers)
    decoded = decode_message(key.encode(), payload, [(flat[i], flat[i + 1].encode()) for i in range(0, len(flat), 2)])
    assert (decoded.id, decoded.type, decoded.data, decoded.traceparent) == (
        env.id,
        env.type,
        env.data,
        env.traceparent,
    )

    command.downgrade(cfg, wire.down_revision)
    with engine.connect() as conn:
        (envelope,) = conn.execute(text("SELECT envelope FROM outbox")).one()
    assert json.loads(envelope)["data"] == env.data and json.loads(envelope)["id"] == env.id
