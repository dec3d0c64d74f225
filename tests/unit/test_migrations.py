"""Each service's Alembic migrations build exactly the schema its models declare."""

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from shared.migrations import alembic_config
from alembic import command

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
