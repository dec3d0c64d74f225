"""Serve a Corridor app under uvicorn with a deadline for each request's headers.

    python -m shared.serve services.applications.app:create_app --port 8001 [--host H] [--no-access-log]

uvicorn has no timeout for a request still arriving: ``--timeout-keep-alive`` covers only
the idle time between requests and is reset by every byte received, and no ASGI middleware
runs before the headers are complete. So a client that trickles one header line every few
seconds (slowloris) held a connection for as long as it liked. Here the HTTP protocol is
uvicorn's own (httptools), with one addition: a connection must deliver a request's complete
headers within ``CORRIDOR_HEADER_TIMEOUT_SECONDS`` (default 10 s) of opening, or of the
first byte of its next request; else it is answered 408 and closed. The body has its own
deadline per route (``shared.limits.BodyLimit``), and a response takes as long as it takes.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
from functools import partial

import uvicorn
from pydantic import ValidationError
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from shared.settings import CommonSettings, InsecureSettings

DEFAULT_HEADER_TIMEOUT = 10.0
_LATE = b"the request headers did not arrive in time\n"
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_LATE), _LATE)
)

# How long a service keeps an idle HTTP connection open. A client must give up on its idle
# connections sooner (services/portal/clients.py), or it may send a request on one the server
# is closing at that moment and get a ReadError instead of an answer.
KEEP_ALIVE_SECONDS = 5


def header_timeout() -> float:
    return float(os.environ.get("CORRIDOR_HEADER_TIMEOUT_SECONDS", DEFAULT_HEADER_TIMEOUT))


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing a connection whose request headers are late."""

    _deadline: asyncio.TimerHandle | None = None
    _timeout: float = DEFAULT_HEADER_TIMEOUT

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self._timeout, self._headers_late)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _headers_late(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.write(TIMEOUT_ANSWER)
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._timeout = header_timeout()  # read once per connection, not per request
        self._arm()  # a connection that never sends a request is not kept either

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def build(factory: str):
    """The app of ``module:function``; settings it refuses (a weak secret, no database named, a
    value that is not one) end the process with one line that names the setting, not a
    traceback whose last line says it."""
    module, _, function = factory.partition(":")
    service = module.split(".")[1] if module.startswith("services.") else "service"
    try:
        return getattr(importlib.import_module(module), function)()
    except (InsecureSettings, ValidationError) as exc:
        print(json.dumps({"level": "critical", "service": service, "event": refusal(exc, service)}), file=sys.stderr)
        raise SystemExit(2) from None


def refusal(exc: Exception, service: str) -> str:
    """Why the service does not start, in the words of its settings' environment variables."""
    if not isinstance(exc, ValidationError):
        return f"not starting: {exc}"
    prefix = f"{service.upper()}_" if service != "service" else "CORRIDOR_"
    problems = []
    for error in exc.errors():
        name = "_".join(str(part) for part in error["loc"]).upper()
        common = f" (or CORRIDOR_{name})" if name.lower() in CommonSettings.model_fields else ""
        # the value read, unless it may hold a secret (a database URL carries its password)
        shown = "input" in error and not any(word in name for word in ("URL", "PASSWORD", "SECRET", "TOKEN", "KEY"))
        said = f" = {repr(error['input'])[:80]}" if shown else ""
        problems.append(f"{prefix}{name}{common}{said}: {error['msg'].removeprefix('Value error, ')}")
    return "not starting, a setting is not valid: " + "; ".join(problems)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("factory", help="module:function that builds the app, e.g. services.matching.app:create_app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-access-log", action="store_true")
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    uvicorn.run(
        partial(build, args.factory),
        factory=True,
        host=args.host,
        port=args.port,
        http=HeaderDeadlineProtocol,
        access_log=not args.no_access_log,
        log_level=args.log_level,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


if __name__ == "__main__":
    main()
