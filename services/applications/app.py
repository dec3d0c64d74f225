"""The applications service: applicants register, apply and follow their application.

Every change is an event on Kafka (corridor.applications.v1) through the outbox. The
catalog (corridor.catalog.v1) and match outcomes (corridor.matching.v1) are read into
local tables.
"""

import contextlib
from pathlib import Path

from fastapi import FastAPI

from services.applications.api import accounts, applications, catalog, documents, officer
from services.applications.api.common import install_refusals
from services.applications.handlers import CATALOG_HANDLERS, MATCHING_HANDLERS
from services.applications.models import Base, infra
from services.applications.passwords import Passwords
from services.applications.settings import Settings
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
        topics=[Topics.APPLICATIONS, Topics.CATALOG, Topics.MATCHING],
        consumers=[
            ConsumerSpec("catalog", [Topics.CATALOG.value], CATALOG_HANDLERS),
            ConsumerSpec("matching", [Topics.MATCHING.value], MATCHING_HANDLERS),
        ],
    )
    app = create_service_app(runtime, title="Corridor applications", description=__doc__ or "")
    app.state.passwords = Passwords(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)
    install_refusals(app)
    for module in (accounts, catalog, applications, documents, officer):
        app.include_router(module.router)

    runtime_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app_: FastAPI):
        async with runtime_lifespan(app_):
            settings.documents_path.mkdir(parents=True, exist_ok=True)
            await accounts.ensure_bootstrap_admin(runtime, app.state.passwords)
            yield

    app.router.lifespan_context = lifespan
    return app
