"""The notifications service: e-mail, the portal inbox and partner webhooks."""

from pathlib import Path

from fastapi import FastAPI

from services.notifications.api.routes import router
from services.notifications.handlers import HANDLERS
from services.notifications.models import Base, infra
from services.notifications.settings import Settings
from shared.events.catalog import Topics
from shared.runtime import ConsumerSpec, ServiceRuntime, create_service_app

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(
        settings=settings,
        metadata=Base.metadata,
        tables=infra,
        migrations_dir=MIGRATIONS,
        topics=[Topics.APPLICATIONS, Topics.MATCHING, Topics.NOTIFICATIONS],
        consumers=[ConsumerSpec("notify", [Topics.APPLICATIONS.value, Topics.MATCHING.value], HANDLERS)],
    )
    app = create_service_app(runtime, title="Corridor notifications", description=__doc__ or "")
    app.include_router(router)
    return app
