"""A started service freezes its start-up objects out of the collector's walks, collects its
young generation less often, gives both back when it stops, and counts the collector's
pauses (shared.heap)."""

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
    """Nothing frozen at the start; the collector's thresholds given back after the test."""
    threshold = gc.get_threshold()
    gc.unfreeze()
    yield
    heap.unsettle()
    gc.set_threshold(*threshold)


def walked() -> set[int]:
    """The objects of every generation the collector walks (frozen ones are not among them)."""
    return {id(o) for o in gc.get_objects()}


def test_settling_freezes_what_is_alive_and_raises_the_young_threshold(collector):
    older = gc.get_threshold()[1:]
    alive = [{"n": [i]} for i in range(1000)]  # containers of containers: tracked
    assert all(gc.is_tracked(a) for a in alive)
    assert all(id(a) in walked() for a in alive[:10])

    heap.settle(freeze=True, young=50_000)

    assert gc.get_freeze_count() >= len(alive)
    assert gc.get_threshold() == (50_000, *older)
    now = walked()
    assert not any(id(a) in now for a in alive)


def test_unsettling_gives_the_objects_and_the_threshold_back(collector):
    before = gc.get_threshold()
    alive = [{"n": [i]} for i in range(100)]
    heap.settle(freeze=True, young=50_000)

    heap.unsettle()

    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
    assert id(alive[0]) in walked()


def test_settling_can_leave_the_collector_as_it_is(collector):
    before = gc.get_threshold()

    heap.settle(freeze=False, young=0)

    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def pauses(generation: int) -> float:
    labels = {"service": metrics.service_name(), "generation": str(generation)}
    return REGISTRY.get_sample_value("corridor_gc_pause_seconds_count", labels) or 0.0


def test_each_pause_of_the_collector_is_counted_once_by_its_generation(collector):
    gc.disable()  # only the collections asked for below (another test's allocations set off none)
    try:
        full, young = pauses(2), pauses(0)

        gc.collect()
        gc.collect(0)

        assert pauses(2) == full + 1
        assert pauses(0) == young + 1
    finally:
        gc.enable()


async def test_a_service_settles_its_heap_by_its_settings_while_it_runs(collector, tmp_path):
    before = gc.get_threshold()
    settings = ServiceSettings(
        service_name="heap-test",
        env="development",
        jwt_secret=SecretStr("x" * 48),
        database_url=f"sqlite+aiosqlite:///{tmp_path}/heap.db",
        kafka_bootstrap_servers="127.0.0.1:1",  # nothing listens: the consumers wait in the background
        gc_freeze=True,
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
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
