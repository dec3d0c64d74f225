"""Background work a service runs beside its API: one shape for all of it.

A ``Worker`` has a name, ``run()`` (until stopped) and ``stop()``. ``create_service_app``
starts every worker of a runtime after the migrations and stops them, in reverse order,
before the database closes; no service wraps the lifespan by hand.

``Loop`` is the worker most of them are: do one ``step``, then wait for a wake-up or the
interval; when a step fails, log it, call ``on_error`` and retry with exponential backoff.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

log = logging.getLogger(__name__)


class Worker(Protocol):
    name: str

    async def run(self) -> None: ...

    async def stop(self) -> None: ...


class Loop:
    """Run ``step`` again and again: after ``interval`` seconds, or at once when woken.

    ``settle`` (seconds): after a wake-up, wait this long so a burst of wake-ups shares one
    step. ``backoff``: the first and the longest wait after a failure.
    """

    def __init__(
        self,
        name: str,
        step: Callable[[], Awaitable[object]],
        *,
        interval: float,
        backoff: tuple[float, float] = (0.2, 5.0),
        settle: float = 0.0,
        on_error: Callable[[BaseException], Awaitable[None]] | None = None,
    ):
        self.name = name
        self.step = step
        self.interval = interval
        self.backoff = backoff
        self.settle = settle
        self.on_error = on_error
        self.last_error: str | None = None
        self._delay = backoff[0]
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    def healthy(self) -> None:
        """A long-running step reports it got going (a consumer joined its group): the next
        failure backs off from the start again, not from where the last outage left it."""
        self._delay = self.backoff[0]

    async def run(self) -> None:
        self._delay = self.backoff[0]
        while not self._stopping.is_set():
            try:
                await self.step()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Kafka, the database or a peer is away: wait, retry
                self.last_error = repr(exc)
                log.warning("%s: %r; retrying in %.1fs", self.name, exc, self._delay)
                if self.on_error is not None:
                    await self.on_error(exc)
                await self.wait(self._delay)
                self._delay = min(self._delay * 2, self.backoff[1])
                continue
            self.last_error = None
            self._delay = self.backoff[0]
            await self.wait(self.interval)

    async def wait(self, seconds: float) -> None:
        """Sleep up to ``seconds``; return early when woken or stopped."""
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
            if self.settle > 0 and not self._stopping.is_set():
                await asyncio.sleep(self.settle)
        except TimeoutError:
            pass
        self._wake.clear()


async def retry_until_done(name: str, step: Callable[[], Awaitable[object]], backoff: tuple[float, float]) -> None:
    """Run ``step`` until it succeeds once, backing off between failures (a broker not up yet)."""
    once = Loop(name, step, interval=0, backoff=backoff)

    async def step_then_stop() -> None:
        await step()
        await once.stop()

    once.step = step_then_stop
    await once.run()
