"""The matching service: the catalog, the pool, matching rounds and officer review."""

from pathlib import Path

from fastapi import Depends, FastAPI

from services.matching.api.routes import router
from services.matching.handlers import HANDLERS
from services.matching.models import Base, infra
from services.matching.service.deadlines import StageDeadlines
from services.matching.service.rounds import RoundRunner
from services.matching.settings import Settings
from shared.api import ids_in_path
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
    # The runner writes through the runtime's database, which exists once the runtime does.
    rounds = RoundRunner(runtime.db, runtime.source)
    runtime.workers.append(rounds)
    deadlines = StageDeadlines(
        runtime.db, settings.stage_reminder_days, interval=settings.stage_deadline_poll_seconds, source=runtime.source
    )
    runtime.workers.append(deadlines)
    app = create_service_app(runtime, title="Corridor matching", description=__doc__ or "")
    app.state.rounds = rounds
    app.state.deadlines = deadlines
    app.include_router(router, dependencies=[Depends(ids_in_path)])  # no NUL or page of text reaches the database
    return app
