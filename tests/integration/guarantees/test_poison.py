"""Poison input on every consumed topic lands in <topic>.dlq with its reason; consumers go on.

For each topic the services consume, five poison records (malformed bytes, no CloudEvents
headers, an unknown type, a schema-invalid event, a ~1 MB message) and then one valid
event are published on one partition (one key). Every consuming service must dead-letter
each poison record (dlq_* headers naming the reason, its group and the origin) and then
apply the valid event, which is checked in its own database (processed_events).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from shared.events.catalog import (
    ApplicationSubmitted,
    ApplicationUnmatched,
    ChoiceReason,
    CycleUpserted,
    Topics,
    spec_for,
    type_of,
)
from shared.events.envelope import encode_envelope, new_event
from tests.integration.guarantees.poison import poisons, send_raw
from tests.support.infra import wait_for
from tools.dlq import read_dead_letters

# topic -> the services (and their consumer names) that consume it
CONSUMERS = {
    Topics.CATALOG: [("applications", "catalog"), ("notifications", "notify")],
    Topics.APPLICATIONS: [("matching", "pool"), ("notifications", "notify")],
    Topics.MATCHING: [("applications", "matching"), ("notifications", "notify")],
}


def valid_event(topic: Topics, key: str):
    now = datetime.now(UTC)
    if topic == Topics.CATALOG:
        return CycleUpserted(
            cycle_id=key,
            scheme_id=f"scheme-{key}",
            name="Poison-proof cycle",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1),
        )
    if topic == Topics.APPLICATIONS:
        return ApplicationSubmitted(
            application_id=key,
            applicant_id=f"applicant-{key}",
            cycle_id=f"cycle-{key}",
            scheme_id="sco",
            applicant_type="student",
            sending_country="KZ",
            choices=["p1"],
            submitted_at=now,
            preferred_language="ru",
        )
    return ApplicationUnmatched(
        round_id=f"round-{key}",
        application_id=key,
        applicant_id=f"applicant-{key}",
        cycle_id=f"cycle-{key}",
        reasons=[ChoiceReason(programme_id="p1", reason="programme full")],
    )


async def processed(engine, consumer: str, event_id: str) -> bool:
    async with engine.connect() as conn:
        n = await conn.scalar(
            text("SELECT count(*) FROM processed_events WHERE consumer = :c AND event_id = :e"),
            {"c": consumer, "e": event_id},
        )
    return n == 1


@pytest.mark.parametrize("topic", list(CONSUMERS), ids=lambda t: t.value)
async def test_poison_is_dead_lettered_and_the_consumer_goes_on(guarded, topic):
    key = f"poison-{uuid.uuid4().hex[:10]}"
    data = valid_event(topic, key)
    known_type = type_of(data)
    assert spec_for(known_type).topic == topic
    bad = poisons(known_type)
    env = new_event(known_type, data, source="/corridor/tests", key=key)
    _k, good_value, good_headers = encode_envelope(env)
    await send_raw(
        guarded.bootstrap, topic.value, key.encode(), [(p.headers, p.value) for p in bad] + [(good_headers, good_value)]
    )

    # The valid event after the poison is applied by every consumer of the topic.
    for service, consumer in CONSUMERS[topic]:
        await wait_for(
            lambda service=service, consumer=consumer: processed(guarded.engines[service], consumer, env.id),
            timeout=60,
            what=f"{service}/{consumer} applying the event after the poison on {topic.value}",
        )

    # Each poison record is in <topic>.dlq once per consuming service, with its reason.
    async def dead_letters():
        letters = [d for d in await read_dead_letters(guarded.bootstrap, topic.value) if d.key == key.encode()]
        return letters if len(letters) >= len(bad) * len(CONSUMERS[topic]) else None

    letters = await wait_for(dead_letters, timeout=60, interval=1.0, what=f"dead letters on {topic.dlq}")
    for service, _consumer in CONSUMERS[topic]:
        group = guarded.group(service)
        mine = {d.header("probe"): d for d in letters if d.header("dlq_group") == group}
        assert sorted(mine) == sorted(p.kind for p in bad), f"{service} dead-lettered {sorted(mine)}"
        assert len([d for d in letters if d.header("dlq_group") == group]) == len(bad), "a poison record twice"
        for p in bad:
            d = mine[p.kind]
            assert p.reason_fragment in d.header("dlq_reason"), (p.kind, d.header("dlq_reason"))
            assert d.header("dlq_topic") == topic.value
            assert d.header("dlq_offset") is not None and d.header("dlq_time")
            if p.kind == "oversized":
                assert d.header("dlq_truncated") == "true" and 0 < len(d.value) < len(p.value)
            else:
                assert d.value == p.value  # the original bytes, for the operator
