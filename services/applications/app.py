"""The applications service: applicants apply; every change is an event on Kafka."""

from pathlib import Path

from fastapi import FastAPI

from services.applications.api.routes import router
from services.applications.models import Base, infra
from services.applications.settings import Settings
from shared.events.catalog import Topics
from shared.runtime import ServiceRuntime, create_service_app

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(
        settings=settings,
        metadata=Base.metadata,
        tables=infra,
        migrations_dir=MIGRATIONS,
        topics=[Topics.APPLICATIONS, Topics.CATALOG, Topics.MATCHING],
        consumers=[],
    )
    app = create_service_app(runtime, title="Corridor applications", description=__doc__ or "")
    app.include_router(router)
    return app
