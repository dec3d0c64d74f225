"""The worker loop every background job runs on (shared/workers.py)."""

import asyncio

from shared.workers import Loop, retry_until_done


async def test_a_loop_steps_on_wake_backs_off_after_failures_and_stops():
    calls: list[str] = []
    errors: list[str] = []

    async def step():
        calls.append("step")
        if len(calls) in (2, 3):
            raise RuntimeError(f"away {len(calls)}")

    async def on_error(exc):
        errors.append(str(exc))

    loop = Loop("test", step, interval=60, backoff=(0.01, 0.02), on_error=on_error)
    task = asyncio.create_task(loop.run())
    await asyncio.sleep(0.05)
    assert calls == ["step"]  # then it waits for the (long) interval
    loop.wake()
    for _ in range(100):
        if len(calls) >= 4:
            break
        await asyncio.sleep(0.01)
    assert calls == ["step"] * 4 and errors == ["away 2", "away 3"]  # two failures retried, then success
    assert loop.last_error is None
    await loop.stop()
    await asyncio.wait_for(task, 1)
    assert task.done() and not task.cancelled()


async def test_retry_until_done_stops_after_the_first_success():
    attempts = 0

    async def ensure():
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise ConnectionError("broker not up yet")

    await asyncio.wait_for(retry_until_done("topics", ensure, backoff=(0.01, 0.01)), 2)
    assert attempts == 3


async def test_a_step_that_reports_healthy_backs_off_from_the_start_after_its_next_failure():
    waits: list[float] = []
    runs = 0

    async def session():
        nonlocal runs
        runs += 1
        if runs == 3:
            loop.healthy()  # connected this time, then the broker went away again
        raise ConnectionError("broker away")

    loop = Loop("consumer", session, interval=0, backoff=(0.5, 10))

    async def record_wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 4:
            await loop.stop()

    loop.wait = record_wait  # type: ignore[method-assign]
    await asyncio.wait_for(loop.run(), 1)
    assert waits == [0.5, 1.0, 0.5, 1.0]
