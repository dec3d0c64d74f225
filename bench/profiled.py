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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from tests.support.services import ServiceProcess

_WINDOW = "BENCH_PROFILE_WINDOW"  # set: the profiler waits for SIGUSR1


def profile(service: ServiceProcess, out: str, window: bool = False) -> None:
    """Start ``service`` under pyinstrument from now on; its profile is written to ``out``."""
    app = f"services.{service.name}.app:create_app"
    if window:
        service.env = {**service.env, _WINDOW: "1"}
    service.command = [sys.executable, str(Path(__file__).resolve()), app, str(Path(out).resolve()), str(service.port)]
    service.stop_seconds = 300  # writing the profile takes minutes on a busy machine


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
