"""The notifications service: e-mail, the portal inbox and partner webhooks.

Consumes the applications, matching and catalog topics; writes inbox entries, partner
feed entries and outbound notification rows in the consumer's transaction; a dispatcher
in each instance sends e-mails and signed webhooks from those rows after the commit and
publishes notification.delivered / notification.failed through the outbox.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI

from services.notifications.api.routes import router as inbox_router
from services.notifications.api.webhooks import router as webhooks_router
from services.notifications.dispatcher import Dispatcher
from services.notifications.handlers import make_handlers
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
        topics=[Topics.APPLICATIONS, Topics.MATCHING, Topics.CATALOG, Topics.NOTIFICATIONS],
        consumers=[
            ConsumerSpec(
                "notify",
                [Topics.APPLICATIONS.value, Topics.MATCHING.value, Topics.CATALOG.value],
                make_handlers(settings),
            )
        ],
    )
    app = create_service_app(runtime, title="Corridor notifications", description=__doc__ or "")
    app.include_router(inbox_router)
    app.include_router(webhooks_router)
    dispatcher = Dispatcher(runtime, settings)
    app.state.dispatcher = dispatcher

    runtime_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[None]:
        async with runtime_lifespan(app_):  # migrations first, then the dispatcher
            task = asyncio.create_task(dispatcher.run(), name="dispatcher")
            try:
                yield
            finally:
                await dispatcher.stop()
                task.cancel()
                with contextlib.suppress(BaseException):
                    await asyncio.wait_for(task, 10)
                await dispatcher.close()

    app.router.lifespan_context = lifespan

    @app.get("/dispatcher", tags=["operations"], summary="Delivery counters of this instance")
    async def dispatcher_stats() -> dict:
        s = dispatcher.stats
        return {"claimed": s.claimed, "delivered": s.delivered, "failed_tries": s.failed_tries, "dead": s.dead}

    return app
