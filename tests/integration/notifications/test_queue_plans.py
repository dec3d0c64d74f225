"""The heads of notifications' queues (the dispatcher's claim, the partner-topic worker's
read) are planned with their values at every run on PostgreSQL: a generic plan settled while
a queue was empty would read a whole round's rows by a sequential scan and a sort at every
claim (bench/queue_plans.py). ``pg_prepared_statements`` counts each statement's plans."""

from __future__ import annotations

import pytest

from services.notifications.domain.delivery import Channel
from services.notifications.models import Base
from services.notifications.service.partner_topics import PartnerTopics
from shared.db import Database
from tests.support.plans import backend, plans_of
from tests.unit.notifications.fakes import settings
from tests.unit.notifications.test_dispatcher import dispatcher

pytestmark = pytest.mark.integration

RUNS = 8  # PostgreSQL plans a prepared statement's first five runs with their values


@pytest.fixture
async def one_connection(db):
    """The migrated database through a pool used one session at a time: one connection, so
    every run of a statement is counted on the connection ``plans_of`` reads."""
    database = Database(db.url, Base.metadata, pool_size=1)
    yield database
    await database.dispose()


async def test_the_dispatchers_claim_is_planned_with_its_values_at_every_run(one_connection):
    lane = dispatcher(one_connection)
    on = await backend(one_connection)
    for _ in range(RUNS):
        assert await lane.claim(Channel.EMAIL) == []  # two statements each: lapsed, then pending

    generic, custom = await plans_of(one_connection, "UPDATE notifications SET status", on)
    assert (generic, custom) == (0, 2 * RUNS)


async def test_the_partner_topic_workers_read_is_planned_with_its_values_at_every_run(one_connection):
    worker = PartnerTopics(one_connection, settings())

    async def no_topics() -> set[str]:
        return set()

    worker.existing_topics = no_topics  # type: ignore[method-assign]
    on = await backend(one_connection)
    for _ in range(RUNS):
        assert await worker.step() == 0

    generic, custom = await plans_of(one_connection, "FROM partner_feed_unstreamed ORDER BY", on)
    assert (generic, custom) == (0, RUNS)
