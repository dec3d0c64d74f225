"""A started service freezes its start-up objects out of the collector's walks, collects its
young generation less often, and measures the collector's pauses (shared.heap)."""

from __future__ import annotations

import gc

import pytest
from prometheus_client import REGISTRY
from pydantic import SecretStr
from sqlalchemy import MetaData

from shared import heap, metrics
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings
from shared.tables import add_infra_tables


@pytest.fixture
def collector():
    """The interpreter's collector as it was, given back after the test."""
    threshold = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    if heap._observe in gc.callbacks:
        gc.callbacks.remove(heap._observe)


def test_settling_freezes_what_is_alive_and_raises_the_young_threshold(collector):
    older = gc.get_threshold()[1:]
    alive = [{"n": i} for i in range(1000)]  # tracked containers alive at the freeze

    heap.settle(freeze=True, young=50_000)

    assert gc.get_freeze_count() >= len(alive)
    assert gc.get_threshold() == (50_000, *older)
    walked = {id(o) for o in gc.get_objects()}  # every generation the collector walks
    assert not any(id(a) in walked for a in alive)


def test_settling_can_leave_the_collector_as_it_is(collector):
    before = gc.get_threshold()

    heap.settle(freeze=False, young=0)

    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def full_pauses() -> float:
    return (
        REGISTRY.get_sample_value(
            "corridor_gc_pause_seconds_count", {"service": metrics.service_name(), "generation": "2"}
        )
        or 0.0
    )


def test_each_pause_of_the_collector_is_observed_once(collector):
    heap.settle(freeze=False, young=0)
    heap.settle(freeze=False, young=0)  # settled twice: still one observer
    before = full_pauses()

    gc.collect()

    assert full_pauses() == before + 1


async def test_a_started_service_has_settled_its_heap_by_its_settings(collector, tmp_path):
    settings = ServiceSettings(
        service_name="heap-test",
        env="development",
        jwt_secret=SecretStr("x" * 48),
        database_url=f"sqlite+aiosqlite:///{tmp_path}/heap.db",
        kafka_bootstrap_servers="127.0.0.1:1",  # nothing listens: the consumers wait in the background
        gc_young_threshold=12_345,
    )
    metadata = MetaData()
    runtime = ServiceRuntime(
        settings=settings, metadata=metadata, tables=add_infra_tables(metadata), migrations_dir=None, topics=[]
    )
    await runtime.start()
    try:
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == 12_345
    finally:
        await runtime.stop()
