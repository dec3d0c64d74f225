"""The cyclic garbage collector, set for a long-running service, and its pauses measured.

CPython 3.11's collector walks every tracked object of the generations it collects. The
young generation is collected once container allocations minus deallocations since its
last collection pass its threshold (700); a full collection comes after ten collections of
the middle one, once the objects that survived into the oldest generation since the last
full one exceed a quarter of those already there. In a service most of the heap is the
~200,000 objects of its imported modules, and every consumer batch (events, rows, SQLAlchemy
state) kept enough alive across the young collections to set off a full one every few
seconds. Measured in a 27,000-applicant round (bench/national_round.py, two notifications
instances): 17-23% of each instance's CPU was the collector, three quarters of it in full
collections of ~0.25 s each.

``settle`` is called once the service has started (modules imported, the app built,
migrations run):

- ``gc.freeze()`` moves everything alive then into a permanent generation the collector no
  longer walks. Refcounting still frees what becomes unreachable; a cycle among those objects
  (and what it reaches) stays, and start-up state lives as long as the process anyway. The
  frozen objects still count as "already old", so a full collection now waits until the
  survivors since the last one exceed a quarter of the start-up heap (~50,000 objects);
- the young threshold rises to ``young``, so a consumer batch is not walked again and again
  while it is built.

``paused_gc`` switches the collector off while a bulk writer builds many rows at once.

``young`` = 0 leaves the threshold as it is, ``freeze`` = False the heap. ``unsettle`` (the
service stopping) gives both back, for a process that goes on (a test run). Each pause is
counted in ``corridor_gc_pause_seconds`` (a summary by generation: CPU seconds of the thread
that collected, and count) whether settled or not. The totals are plain numbers the callback
adds to without a lock: a collection can start in any allocation, also inside a metric's lock
while /metrics is read.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import REGISTRY
from prometheus_client.core import SummaryMetricFamily
from prometheus_client.registry import Collector

from shared import metrics

_paused = [0.0, 0.0, 0.0]  # CPU seconds, by generation
_pauses = [0, 0, 0]
_started = 0.0
_before: tuple[int, int, int] | None = None  # the threshold settle replaced


def _observe(phase: str, info: dict[str, Any]) -> None:
    global _started
    if phase == "start":
        _started = time.thread_time()
    else:
        generation = info["generation"]
        _paused[generation] += time.thread_time() - _started
        _pauses[generation] += 1


class _Pauses(Collector):
    def collect(self) -> Iterator[SummaryMetricFamily]:
        family = SummaryMetricFamily(
            "corridor_gc_pause_seconds",
            "Pauses of the cyclic garbage collector by generation collected (2: full), CPU seconds",
            labels=["service", "generation"],
        )
        for generation in range(3):
            family.add_metric(
                [metrics.service_name(), str(generation)],
                count_value=_pauses[generation],
                sum_value=_paused[generation],
            )
        yield family


REGISTRY.register(_Pauses())
gc.callbacks.append(_observe)


def settle(*, freeze: bool, young: int) -> None:
    global _before
    if freeze:
        gc.collect()  # what start-up left as garbage is freed, not frozen
        gc.freeze()
    if young > 0:
        if _before is None:
            _before = gc.get_threshold()
        _, older, oldest = gc.get_threshold()
        gc.set_threshold(young, older, oldest)


def unsettle() -> None:
    global _before
    gc.unfreeze()
    if _before is not None:
        gc.set_threshold(*_before)
        _before = None


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while many rows are built at once: their new
    tuples, lists and dicts (none in a cycle) would otherwise set off full collections over
    the whole heap, each slower the larger the heap (a national round's)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
