"""A benchmark's service under pyinstrument (the benchmarks' ``--profile PATH``).

``profile(service, path)`` makes a ``tests.support.services.ServiceProcess`` start as this
module run as a script (uvicorn in-process under pyinstrument) and stop with time to write
the profile: a text tree at PATH, the session beside it (``.pyisession``, for
``pyinstrument --load`` with other options) and an HTML view (``.html``). With
``window=True`` the profiler starts only when ``start_window(service)`` is called (the timed
part of a benchmark, not its preparation).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx

from tests.support.services import ServiceProcess

_WINDOW = "BENCH_PROFILE_WINDOW"  # set: the profiler waits for SIGUSR1


def profile(service: ServiceProcess, out: str, window: bool = False) -> None:
    """Start ``service`` under pyinstrument from now on; its profile is written to ``out``."""
    app = f"services.{service.name}.app:create_app"
    if window:
        service.env = {**service.env, _WINDOW: "1"}

    def start(timeout: float = 60) -> ServiceProcess:
        service._log = open(service.log_path, "ab")
        service.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), app, str(Path(out).resolve()), str(service.port)],
            cwd=ROOT,
            env={**os.environ, **service.env},
            stdout=service._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{service.url}/healthz", timeout=1).status_code == 200:
                    return service
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(service.log_tail())

    def stop() -> None:
        """SIGTERM, then time to write the profile (minutes on a busy machine) before a SIGKILL."""
        if service.proc and service.proc.poll() is None:
            service.proc.send_signal(signal.SIGTERM)
            try:
                service.proc.wait(300)
            except subprocess.TimeoutExpired:
                service.proc.kill()
                service.proc.wait(10)
        if getattr(service, "_log", None):
            service._log.close()

    service.start = start  # type: ignore[method-assign]
    service.stop = stop  # type: ignore[method-assign]


def start_window(service: ServiceProcess) -> None:
    """Start the profiler of a service profiled with ``window=True``."""
    if service.proc is not None and service.env.get(_WINDOW):
        service.proc.send_signal(signal.SIGUSR1)


def serve(app: str, out: str, port: int) -> None:
    """uvicorn in this process under pyinstrument; the profile is written after a SIGTERM shutdown."""
    import uvicorn
    from pyinstrument import Profiler

    signal.raise_signal = lambda sig: None  # uvicorn re-raises SIGTERM after shutdown: let us write first
    profiler = Profiler(interval=0.001, async_mode="disabled")
    if os.environ.get(_WINDOW):
        signal.signal(signal.SIGUSR1, lambda *_: None if profiler.is_running else profiler.start())
    else:
        profiler.start()
    try:
        uvicorn.run(app, factory=True, host="127.0.0.1", port=port, access_log=False)
    finally:
        if profiler.is_running:
            profiler.stop()
        Path(out).write_text(profiler.output_text(unicode=True, show_all=False))
        if profiler.last_session is not None:
            profiler.last_session.save(str(Path(out).with_suffix(".pyisession")))
        Path(out).with_suffix(".html").write_text(profiler.output_html())


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], int(sys.argv[3]))
