"""A consumer skips a catalogued event type it has no handler for without decoding it; a type
outside the catalog and anything unreadable still goes the whole way (dead-lettered, in
offset order with the rest of its batch: none ahead of a stop part-way)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import shared.kafka.consumer as consumer_module
from shared.events.catalog import EVENT_TYPES
from shared.kafka.consumer import EventConsumer

HANDLED = "org.corridor.application.withdrawn.v1"
OTHER = "org.corridor.application.submitted.v1"  # catalogued, not handled here
assert HANDLED in EVENT_TYPES and OTHER in EVENT_TYPES


@dataclass
class Record:
    type_: str | None
    value: bytes
    topic: str = "corridor.applications.v1"
    partition: int = 0
    offset: int = 0
    key: bytes = b"k"
    headers: list = field(default_factory=list)

    def __post_init__(self):
        self.headers = [("ce_id", str(uuid.uuid4()).encode()), ("ce_source", b"/t"), ("ce_specversion", b"1.0")]
        if self.type_ is not None:
            self.headers.append(("ce_type", self.type_.encode()))


def consumer(dead: list) -> EventConsumer:
    async def dead_letter(record, reason):
        dead.append(reason)

    async def handler(session, data, env):  # never reached here: _decode only
        raise AssertionError

    return EventConsumer(
        name="skip",
        topics=["corridor.applications.v1"],
        group_id="unit.skip",
        bootstrap="unused:9",
        db=None,
        tables=None,
        handlers={HANDLED: handler},
        dead_letter=dead_letter,
        service="unit",
    )


async def test_a_catalogued_type_without_a_handler_is_skipped_unread():
    dead: list[str] = []
    c = consumer(dead)
    # undecodable bytes: had it been read, it would have been dead-lettered
    assert c._decode(Record(OTHER, b"\xff\xfe not json")) is None
    assert (c.stats.skipped, c.stats.dead_lettered, dead) == (1, 0, [])


async def test_an_unknown_type_or_no_type_or_a_broken_handled_one_is_still_dead_lettered():
    dead: list[str] = []
    c = consumer(dead)
    records = [
        Record("org.corridor.nothing.happened.v1", json.dumps({"a": 1}).encode()),
        Record(None, b"{}"),
        Record(HANDLED, b"\xff\xfe not json"),
    ]
    assert [isinstance(c._decode(record), str) for record in records] == [True] * 3  # poison, not yet dead-lettered
    assert dead == []
    assert await c.process_batch(records) == 3
    assert c.stats.dead_lettered == 3 and c.stats.skipped == 0
    assert "unknown event type" in dead[0] and "not a CloudEvent" in dead[1] and "undecodable" in dead[2]


async def test_a_handled_type_is_decoded_for_its_handler():
    dead: list[str] = []
    c = consumer(dead)
    body = {"application_id": "a1", "applicant_id": "p1", "cycle_id": "c1"}
    ready = c._decode(Record(HANDLED, json.dumps(body).encode()))
    assert dead == [] and ready is not None and ready.env.type == HANDLED


async def test_a_batch_stopped_part_way_has_dead_lettered_nothing_beyond_what_it_did():
    """What a batch did is committed at the stop; a poison record after that point is read
    again by the next owner, so it must not have been dead-lettered yet (it would be twice)."""
    dead: list[str] = []
    c = consumer(dead)
    body = json.dumps({"application_id": "a1", "applicant_id": "p1", "cycle_id": "c1"}).encode()
    records = [Record(None, b"{}", offset=0), Record(HANDLED, body, offset=1), Record(None, b"[]", offset=2)]
    applied: list[int] = []

    async def applied_then_stopped(item):  # the service is stopped while this event is applied
        applied.append(item.record.offset)
        await c.loop.stop()

    c._process_traced = applied_then_stopped  # type: ignore[method-assign]
    assert await c.process_batch(records) == 2  # offsets 0 and 1 done: the commit reads on from 2
    assert applied == [1] and len(dead) == 1 and c.stats.dead_lettered == 1


async def test_a_stop_while_an_event_waits_for_a_retry_keeps_what_came_before_it():
    """Stopped while its handler waits to be retried (the database away), the event is not
    done; the poison dead-lettered before it is, and is committed as such."""
    dead: list[str] = []
    c = consumer(dead)
    body = json.dumps({"application_id": "a1", "applicant_id": "p1", "cycle_id": "c1"}).encode()
    records = [Record(None, b"{}", offset=0), Record(HANDLED, body, offset=1)]  # one event: one at a time

    async def stopped_in_its_backoff(item):
        raise consumer_module._Stopped() from ConnectionError("the database is away")

    c._process_traced = stopped_in_its_backoff  # type: ignore[method-assign]
    assert await c.process_batch(records) == 1 and len(dead) == 1
