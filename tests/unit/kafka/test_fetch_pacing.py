"""A consumer's fetches gather a batch while events flow (the broker waits for 64 KiB or 50 ms)
and are answered at the first record when idle (Kafka's default: 1 byte, 500 ms), set after
each poll from whether it brought records."""

from __future__ import annotations

import inspect
import re
from types import SimpleNamespace

from aiokafka.consumer.fetcher import Fetcher

from shared.kafka.consumer import FLOWING_FETCH, IDLE_FETCH, _HeldOffsets

from .test_consumer_commits import P0, ScriptedKafka, consumer, skipped


def test_aiokafkas_fetcher_builds_each_fetch_request_from_the_two_attributes_paced():
    """pace_fetches sets private attributes of aiokafka's fetcher: this holds aiokafka to them."""
    built = inspect.getsource(Fetcher._get_actions_per_node)
    assert re.search(r"FetchRequest\(\s*self\._fetch_max_wait_ms,\s*self\._fetch_min_bytes,", built)
    assert {"_fetch_min_bytes", "_fetch_max_wait_ms"} <= set(
        re.findall(r"self\.(_fetch_\w+) =", inspect.getsource(Fetcher.__init__))
    )


async def test_fetches_gather_batches_while_events_flow_and_answer_at_once_when_idle():
    c = consumer(every=60)
    seen = []
    kafka = ScriptedKafka(c, [{P0: skipped(0, 1)}, {P0: skipped(2)}, {}, {}, {P0: skipped(3)}])
    kafka._fetcher = SimpleNamespace(_fetch_min_bytes=1, _fetch_max_wait_ms=500)  # as aiokafka starts it
    polled = kafka.getmany

    async def getmany(timeout_ms, max_records):
        seen.append(
            (kafka._fetcher._fetch_min_bytes, kafka._fetcher._fetch_max_wait_ms)
        )  # what this poll's fetches used
        return await polled(timeout_ms, max_records)

    kafka.getmany = getmany
    await c._loop(kafka, _HeldOffsets(c, kafka))
    assert seen == [IDLE_FETCH, FLOWING_FETCH, FLOWING_FETCH, IDLE_FETCH, IDLE_FETCH, FLOWING_FETCH]
    assert FLOWING_FETCH[0] > 1 and FLOWING_FETCH[1] < IDLE_FETCH[1]
