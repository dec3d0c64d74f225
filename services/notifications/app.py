"""The notifications service: e-mail, the portal inbox and partner webhooks.

Consumes the applications, matching and catalog topics; writes inbox entries, partner
feed entries and outbound notification rows in the consumer's transaction; a dispatcher
in each instance sends e-mails and signed webhooks from those rows after the commit and
publishes notification.delivered / notification.failed through the outbox.
"""

from datetime import timedelta
from functools import partial
from pathlib import Path

from fastapi import FastAPI

from services.notifications.api import feed, inbox, journal, notifications, webhooks
from services.notifications.handlers import make_handlers, read_outcome_facts_ahead
from services.notifications.models import Base, infra
from services.notifications.service import deliveries
from services.notifications.service.dispatcher import Dispatcher
from services.notifications.service.fanout import without_partner_topics
from services.notifications.service.interviews import Reminders
from services.notifications.service.partner_topics import PartnerTopics
from services.notifications.settings import Settings
from shared.events.catalog import Topics
from shared.metrics import NOTIFICATIONS_DEAD, NOTIFICATIONS_OVERDUE_SECONDS
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
                read_ahead=read_outcome_facts_ahead,
            )
        ],
    )
    # The dispatcher writes through the runtime's database, so it joins the workers once
    # the runtime has built it; the runtime starts and stops it.
    dispatcher = Dispatcher(runtime.db, runtime.tables, settings, source=runtime.source)
    runtime.workers.append(dispatcher)
    runtime.workers.append(
        Reminders(
            runtime.db,
            lead=timedelta(hours=settings.interview_reminder_hours),
            interval=settings.interview_reminder_poll_seconds,
        )
    )
    if settings.partner_topics:
        partner_topics = PartnerTopics(runtime.db, settings)
        runtime.workers.append(partner_topics)
    else:
        without_partner_topics(runtime.db)
    runtime.gauges.append(partial(dead_deliveries_gauge, runtime))
    app = create_service_app(runtime, title="Corridor notifications", description=__doc__ or "")
    app.state.dispatcher = dispatcher
    app.state.partner_topics = partner_topics if settings.partner_topics else None
    for module in (inbox, webhooks, notifications, feed, journal):
        app.include_router(module.router)
    return app


async def dead_deliveries_gauge(runtime: ServiceRuntime) -> None:
    async with runtime.db.session() as session:
        dead = await deliveries.dead_recently(session)
        overdue = await deliveries.overdue_seconds(session)
    for channel, count in dead.items():
        NOTIFICATIONS_DEAD.labels(runtime.settings.service_name, channel).set(count)
    for channel, seconds in overdue.items():
        NOTIFICATIONS_OVERDUE_SECONDS.labels(runtime.settings.service_name, channel).set(seconds)
