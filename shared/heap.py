"""The cyclic garbage collector, set for a long-running service, and its pauses measured.

CPython's collector walks every tracked object of a generation when it runs. A full
collection (all generations) comes once the objects that survived the younger ones grow by a
quarter of those already old; in a service those are mostly the ~200,000 objects of its
imported modules, and each consumer batch (events, rows, SQLAlchemy state) keeps enough
alive across the young collections to set one off every few seconds. Measured in a
27,000-applicant round (bench/national_round.py, two notifications instances): 17-23% of each
instance's CPU was the collector, three quarters of it in full collections of ~0.25 s each.

``settle`` is called once the service has started (modules imported, caches filled):

- ``gc.freeze()`` moves everything alive then into a permanent generation the collector no
  longer walks (refcounting still frees what becomes unreachable; only a cycle among them
  would stay, and start-up state lives as long as the process anyway);
- the young generation's threshold rises from 700 to ``young``: a collection comes when the
  tracked objects allocated and not yet freed outnumber it, so a consumer batch is not
  walked again and again while it is built.

``young`` = 0 leaves the interpreter's threshold, ``freeze`` = False the heap as it is.
Each pause is observed in ``corridor_gc_pause_seconds`` (by generation) either way.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from shared import metrics

_started: list[float] = []


def _observe(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _started.append(time.perf_counter())
    elif _started:
        paused = time.perf_counter() - _started.pop()
        metrics.GC_PAUSE_SECONDS.labels(metrics.service_name(), str(info["generation"])).observe(paused)


def settle(*, freeze: bool, young: int) -> None:
    if _observe not in gc.callbacks:
        gc.callbacks.append(_observe)
    if freeze:
        gc.collect()  # what start-up left as garbage is freed, not frozen
        gc.freeze()
    if young > 0:
        _, older, oldest = gc.get_threshold()
        gc.set_threshold(young, older, oldest)
