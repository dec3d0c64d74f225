"""The matching service: the catalog, the pool, matching rounds and officer review."""

import contextlib
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.matching.api.common import Unprocessable
from services.matching.api.routes import router
from services.matching.handlers import HANDLERS
from services.matching.models import Base, infra
from services.matching.rounds import RoundRunner
from services.matching.settings import Settings
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
        consumers=[ConsumerSpec("pool", [Topics.APPLICATIONS.value], HANDLERS)],
    )
    app = create_service_app(runtime, title="Corridor matching", description=__doc__ or "")
    app.state.rounds = RoundRunner(runtime)
    service_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app_: FastAPI):
        async with service_lifespan(app_):
            try:
                yield
            finally:
                await app_.state.rounds.stop()  # before the database closes

    app.router.lifespan_context = lifespan

    @app.exception_handler(Unprocessable)
    async def _many(_request: Request, exc: Unprocessable):
        details = [{k: v for k, v in d.items() if k != "status"} for d in exc.details]
        return JSONResponse(status_code=exc.status, content={"detail": details})

    app.include_router(router)
    return app
