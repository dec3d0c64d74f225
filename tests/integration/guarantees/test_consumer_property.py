"""Property: no record, however malformed, crashes or stalls a consumer.

Random records (random bytes, random JSON, catalogued events built from their models with
wild field values, mutated events, missing or odd CloudEvents headers) go through
``EventConsumer.process`` of every real consumer of the three services, each on its own
migrated PostgreSQL database. ``process`` must return within a bound, never raise, and do
exactly one thing: apply the event (its id recorded in processed_events), see it as a
duplicate, skip a type it has no handler for, or dead-letter it with a reason.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field

import pytest
from aiokafka.structs import ConsumerRecord
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from services.applications.app import MIGRATIONS as APPLICATIONS_MIGRATIONS
from services.applications.handlers import CATALOG_HANDLERS, MATCHING_HANDLERS
from services.applications.models import Base as ApplicationsBase
from services.applications.models import infra as applications_infra
from services.matching.app import MIGRATIONS as MATCHING_MIGRATIONS
from services.matching.handlers import HANDLERS as MATCHING_POOL_HANDLERS
from services.matching.models import Base as MatchingBase
from services.matching.models import infra as matching_infra
from services.notifications.app import MIGRATIONS as NOTIFICATIONS_MIGRATIONS
from services.notifications.handlers import make_handlers
from services.notifications.models import Base as NotificationsBase
from services.notifications.models import infra as notifications_infra
from services.notifications.settings import Settings as NotificationsSettings
from shared.db import Database
from shared.events.catalog import EVENT_TYPES, Topics
from shared.events.envelope import PoisonMessage, decode_message
from shared.kafka.consumer import EventConsumer
from shared.migrations import migrate

PROCESS_BOUND_SECONDS = 20
REAL_TYPES = sorted(t for t, s in EVENT_TYPES.items() if not s.tombstone)


@dataclass
class Probe:
    consumer: EventConsumer
    reasons: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
async def probes(postgres):
    """The four real consumers of the system, each over its service's migrated database."""
    specs = [
        ("applications", "catalog", ApplicationsBase, applications_infra, APPLICATIONS_MIGRATIONS, CATALOG_HANDLERS),
        ("applications", "matching", ApplicationsBase, applications_infra, APPLICATIONS_MIGRATIONS, MATCHING_HANDLERS),
        ("matching", "pool", MatchingBase, matching_infra, MATCHING_MIGRATIONS, MATCHING_POOL_HANDLERS),
        (
            "notifications",
            "notify",
            NotificationsBase,
            notifications_infra,
            NOTIFICATIONS_MIGRATIONS,
            make_handlers(NotificationsSettings()),
        ),
    ]
    databases: dict[str, Database] = {}
    out = []
    for service, name, base, infra, migrations, handlers in specs:
        if service not in databases:
            databases[service] = Database(await postgres.create_database(f"{service}_prop"), base.metadata, migrations)
            await migrate(databases[service])
        probe = Probe(None)  # type: ignore[arg-type]

        async def collect(_record, reason, probe=probe):
            probe.reasons.append(reason)

        probe.consumer = EventConsumer(
            name=name,
            topics=[],
            group_id=f"{service}-prop",
            bootstrap="127.0.0.1:9",
            db=databases[service],
            tables=infra,
            handlers=handlers,
            dead_letter=collect,
            max_attempts=2,
            service=service,
        )
        out.append(probe)
    yield out
    for db in databases.values():
        await db.dispose()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def payloads(draw, type_: str):
    spec = EVENT_TYPES.get(type_)
    if spec is None or spec.tombstone:
        return draw(json_values)
    model = draw(st.builds(spec.model))
    data = model.model_dump(mode="json")
    how = draw(st.sampled_from(["valid", "drop", "replace", "foreign"]))
    if how == "drop" and data:
        data.pop(draw(st.sampled_from(sorted(data))))
    elif how == "replace" and data:
        data[draw(st.sampled_from(sorted(data)))] = draw(json_values)
    elif how == "foreign":
        data = draw(json_values)
    return data


@st.composite
def records(draw) -> ConsumerRecord:
    type_ = draw(st.sampled_from(REAL_TYPES) | st.text(max_size=40))
    value_kind = draw(st.sampled_from(["json", "json", "json", "bytes", "none"]))
    if value_kind == "json":
        value = json.dumps(draw(payloads(type_))).encode()
    elif value_kind == "bytes":
        value = draw(st.binary(max_size=200))
    else:
        value = None
    headers = []
    if draw(st.sampled_from([True] * 9 + [False])):  # now and then no CloudEvents headers at all
        ce = {
            "ce_id": draw(
                st.sampled_from(["uuid"] * 4 + ["text"]).flatmap(
                    lambda k: st.just(str(uuid.uuid4())) if k == "uuid" else st.text(max_size=80)
                )
            ).encode("utf-8", "surrogatepass"),
            "ce_type": type_.encode("utf-8", "surrogatepass"),
            "ce_source": b"/corridor/fuzz",
            "ce_specversion": draw(st.sampled_from([b"1.0"] * 8 + [b"0.3", b""])),
            "ce_time": draw(st.sampled_from([b"2026-03-01T10:00:00Z"] * 8 + [b"yesterday", b""])),
            "content-type": draw(st.sampled_from([b"application/json"] * 8 + [b"text/plain"])),
        }
        for name in sorted(ce):
            if draw(st.sampled_from([True] * 29 + [False])):  # mostly present, sometimes missing
                headers.append((name, ce[name]))
    key = draw(st.none() | st.binary(max_size=40))
    return ConsumerRecord(
        topic=Topics.APPLICATIONS.value,
        partition=0,
        offset=draw(st.integers(0, 10**9)),
        timestamp=0,
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=len(key or b""),
        serialized_value_size=len(value or b""),
        headers=tuple(headers),
    )


def _record(type_: str, value: bytes) -> ConsumerRecord:
    """A record with well-formed CloudEvents headers around ``value``."""
    headers = (
        ("ce_id", str(uuid.uuid4()).encode()),
        ("ce_type", type_.encode()),
        ("ce_source", b"/corridor/fuzz"),
        ("ce_specversion", b"1.0"),
        ("ce_time", b"2026-03-01T10:00:00Z"),
        ("content-type", b"application/json"),
    )
    return ConsumerRecord(
        topic=Topics.APPLICATIONS.value,
        partition=0,
        offset=0,
        timestamp=0,
        timestamp_type=0,
        key=b"k",
        value=value,
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=len(value),
        headers=headers,
    )


# Always among the examples, whatever the random draw: a well-formed event of a real type whose
# data breaks its schema (dead-lettered as schema-invalid).
SCHEMA_INVALID = _record("org.corridor.application.withdrawn.v1", json.dumps({"application_id": 7}).encode())


def _outcome(stats) -> tuple[int, int, int, int]:
    return stats.handled, stats.duplicates, stats.skipped, stats.dead_lettered


@given(record=records())
@example(record=SCHEMA_INVALID)
# derandomize: the same examples every run, so the check after it is not left to chance
@settings(max_examples=120, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
async def test_a_random_record_is_applied_or_dead_lettered_never_a_crash(probes, record):
    for probe in probes:
        consumer = probe.consumer
        before = _outcome(consumer.stats)
        reasons_before = len(probe.reasons)
        try:
            await asyncio.wait_for(consumer.process(record), PROCESS_BOUND_SECONDS)
        except TimeoutError:
            pytest.fail(f"{consumer.name} stalled on {record!r}")
        after = _outcome(consumer.stats)
        changed = [a - b for a, b in zip(after, before, strict=False)]
        assert sorted(changed) == [0, 0, 0, 1], f"{consumer.name}: {changed} for {record!r}"
        handled, duplicate, _skipped, dead = changed
        if dead:
            assert len(probe.reasons) == reasons_before + 1 and probe.reasons[-1].strip()
        if handled or duplicate:
            try:
                env = decode_message(record.key, record.value, record.headers)
            except PoisonMessage:
                pytest.fail(f"{consumer.name} applied an undecodable record {record!r}")
            processed = consumer.tables.processed
            async with consumer.db.session() as session:
                seen = await session.scalar(
                    select(processed.c.event_id).where(
                        processed.c.consumer == consumer.name, processed.c.event_id == env.id
                    )
                )
            assert seen == env.id, f"{consumer.name} applied {env.id} without recording it"


def test_the_random_records_reached_handlers_and_the_dead_letter_path(probes):
    """Runs after the property: it was not vacuous (events were applied and dead-lettered)."""
    total = [sum(x) for x in zip(*(_outcome(p.consumer.stats) for p in probes), strict=False)]
    handled, _duplicates, _skipped, dead = total
    assert handled > 0 and dead > 0, (total, [r for p in probes for r in p.reasons][:8])
    assert any("handler" in r or "schema-invalid" in r for p in probes for r in p.reasons)
