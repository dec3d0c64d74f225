"""A consumer's fetches gather a batch while events flow at 20 a second or more (the broker
waits for 64 KiB or 50 ms) and are answered at the first record otherwise (Kafka's default:
1 byte, 500 ms), chosen after each poll."""

from __future__ import annotations

import inspect
import re
from types import SimpleNamespace

from aiokafka import AIOKafkaConsumer
from aiokafka.consumer.fetcher import Fetcher

from shared.kafka import consumer as consumer_module
from shared.kafka.consumer import FLOWING_FETCH, FLOWING_FROM, IDLE_FETCH, FetchPace, _HeldOffsets

from .test_consumer_commits import P0, P1, ScriptedKafka, consumer, skipped


def test_aiokafka_builds_each_fetch_request_from_the_attributes_paced():
    """FetchPace sets private attributes of aiokafka's fetcher: this holds aiokafka to them."""
    assert "self._fetcher = Fetcher(" in inspect.getsource(AIOKafkaConsumer.start)
    built = inspect.getsource(Fetcher._get_actions_per_node)
    assert re.search(r"FetchRequest\(\s*self\._fetch_max_wait_ms,\s*self\._fetch_min_bytes,", built)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def started() -> SimpleNamespace:
    return SimpleNamespace(_fetcher=SimpleNamespace(_fetch_min_bytes=1, _fetch_max_wait_ms=500))  # aiokafka's defaults


def fetches(kafka: SimpleNamespace) -> tuple[int, int]:
    return kafka._fetcher._fetch_min_bytes, kafka._fetcher._fetch_max_wait_ms


def second_of(pace: FetchPace, clock: Clock, kafka, per_second: int, polls: int = 8) -> None:
    """A second of polls bringing ``per_second`` records in all."""
    for i in range(polls):
        clock.now += 1.0 / polls
        pace.polled(kafka, per_second // polls + (1 if i < per_second % polls else 0))


def after_a_second_of_forty() -> tuple[FetchPace, Clock, SimpleNamespace]:
    """A pace, its clock and a started consumer, after a second that brought 40 records."""
    clock, kafka = Clock(), started()
    pace = FetchPace(clock)
    second_of(pace, clock, kafka, 40)
    return pace, clock, kafka


def test_fetches_are_held_while_twenty_or_more_records_a_second_come():
    pace, clock, kafka = after_a_second_of_forty()
    assert fetches(kafka) == FLOWING_FETCH and FLOWING_FROM == 20
    second_of(pace, clock, kafka, 25)
    assert fetches(kafka) == FLOWING_FETCH


def test_fewer_records_a_second_are_fetched_as_they_come():
    """Under 20 a second, held fetches (20 a second) would outnumber answered ones (one per record)."""
    pace, clock, kafka = after_a_second_of_forty()
    second_of(pace, clock, kafka, 10)
    assert fetches(kafka) == IDLE_FETCH


def test_a_poll_that_brings_nothing_goes_back_to_answered_fetches_at_once():
    pace, clock, kafka = after_a_second_of_forty()
    clock.now += 0.3
    pace.polled(kafka, 0)
    assert fetches(kafka) == IDLE_FETCH
    second_of(pace, clock, kafka, 5, polls=4)  # a trickle afterwards: still answered at once
    assert fetches(kafka) == IDLE_FETCH


async def test_the_loop_tells_its_pace_what_each_poll_brought(monkeypatch):
    told: list[int] = []

    class Recorded(FetchPace):
        def polled(self, consumer, records: int) -> None:
            told.append(records)
            super().polled(consumer, records)

    monkeypatch.setattr(consumer_module, "FetchPace", Recorded)
    c = consumer(every=60)
    kafka = ScriptedKafka(c, [{P0: skipped(0, 1), P1: skipped(0)}, {}, {P0: skipped(2)}])
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert told == [3, 0, 1, 0]  # the last: the poll that found the consumer stopping
