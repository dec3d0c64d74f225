"""JSON logs (structlog), one line per record, shared by the app, aiokafka and uvicorn;
and the HTTP middleware that measures, traces and tags the logs of every request.

Every line carries ``service`` and, inside a request or an event, ``trace_id``/``span_id``
(when tracing is on), ``event_id``, ``event_type`` and ``application_id`` (bound by the
consumer). Personal data never reaches a log: values under keys such as ``email``,
``password``, ``date_of_birth`` or ``passport*`` are masked, and e-mail addresses are
masked wherever they appear (the message text included), as are secrets in an address's
query (``?token=``: a password-reset or a referee's link in the access log).
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from typing import Any

import structlog

from shared import metrics, tracing

REDACTED = "[redacted]"
# Keys whose values are personal data or secrets, compared lower-case without - or _.
SENSITIVE_KEYS = frozenset(
    {
        "email",
        "emailaddress",
        "mail",
        "password",
        "passwordhash",
        "newpassword",
        "currentpassword",
        "dateofbirth",
        "dob",
        "birthdate",
        "birthday",
        "passport",
        "passportnumber",
        "passportno",
        "secret",
        "jwtsecret",
        "token",
        "accesstoken",
        "authorization",
        "apikey",
        "webhooksecret",
    }
)
EMAIL_RE = re.compile(  # percent-encoded too (%40): an address typed into a search box, in the access log
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+(?:@|%40)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)
# A secret carried in an address's query (a password-reset link, a referee's link, and the same
# address inside a percent-encoded ``next=``): the access log writes every address it serves,
# and whoever reads the logs would hold a working link.
# So is what a person typed to find someone (an officer's search for a name, an admin's for an
# address: "?q=Wang+Xiaoming") and a person's particulars in a query.
QUERY_SECRET_RE = re.compile(
    r"((?:^|[?&;\s\"']|%3F|%26|%253F|%2526)"
    r"(?:token|access_token|secret|api_key|signature|q|query|search|email|name|username|date_of_birth|passport\w*)"
    r"(?:=|%3D|%253D))"
    r"[^&;\s\"'#]+",
    re.IGNORECASE,
)
_NORMALISE = str.maketrans("", "", "-_ ")


def _sensitive(key: Any) -> bool:
    k = str(key).lower().translate(_NORMALISE)
    return k in SENSITIVE_KEYS or k.startswith("passport")


def mask_query_secrets(text: str) -> str:
    """An address with the secrets in its query masked ("?access_token=[redacted]")."""
    return QUERY_SECRET_RE.sub(lambda m: m.group(1) + REDACTED, text)


def redact_value(value: Any, _depth: int = 0) -> Any:
    if _depth > 8:
        return value
    if isinstance(value, str):
        if "=" in value or "%3" in value or "%25" in value:  # cheap before the regex: every log string passes here
            value = QUERY_SECRET_RE.sub(lambda m: m.group(1) + REDACTED, value)
        return EMAIL_RE.sub(REDACTED, value) if "@" in value or "%40" in value else value
    if isinstance(value, dict):
        return {k: REDACTED if _sensitive(k) else redact_value(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [redact_value(v, _depth + 1) for v in value]
    return value


def redact_personal_data(_logger, _method, event_dict: dict) -> dict:
    """structlog processor: mask personal data in every key and value of a log event."""
    out = {}
    for key, value in event_dict.items():
        if key.startswith("_"):  # structlog's own bookkeeping (the stdlib record)
            out[key] = value
        elif _sensitive(key):
            out[key] = REDACTED
        else:
            out[key] = redact_value(value)
    return out


def add_request_and_trace_ids(_logger, _method, event_dict: dict) -> dict:
    """structlog processor: the current span's ids, unless already bound; and the request's id
    where the request's bound context has ended: the server's line for an unhandled error is
    written outside it, and was the one error line an operator could not follow to its request
    (``CURRENT_REQUEST_ID`` is kept set after an error for this)."""
    if "request_id" not in event_dict and (request_id := CURRENT_REQUEST_ID.get()) is not None:
        event_dict["request_id"] = request_id
    if "trace_id" not in event_dict:
        ids = tracing.current_ids()
        if ids is not None:
            event_dict["trace_id"], event_dict["span_id"] = ids
    return event_dict


def configure_logging(service: str, level: str = "INFO", json_logs: bool = True) -> None:
    timestamper = structlog.processors.TimeStamper(fmt="iso", utc=True)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(allow=ACCESS_FIELDS),  # the access line's fields (_log_access)
        add_request_and_trace_ids,
        timestamper,
    ]
    renderer = structlog.processors.JSONRenderer() if json_logs else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    final: list[Any] = [
        lambda _l, _m, ev: {**ev, "service": service},
        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
    ]
    if json_logs:  # tracebacks as text inside the JSON line, where the redaction sees them
        final.append(structlog.processors.format_exc_info)
    processors: list[Any] = [*final, redact_personal_data, renderer]
    formatter = structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processors=processors)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "aiokafka"):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
    # The access log is the middleware's line of fields (corridor.access), in place of uvicorn's
    # one string; on if the server keeps one. uvicorn gives uvicorn.access a handler, or leaves
    # it propagating, unless told not to (--no-access-log: no handler and no propagation).
    access = logging.getLogger("uvicorn.access")
    if not access.disabled:  # the server's choice, read once (a second app in the process finds it made)
        logging.getLogger("corridor.access").disabled = not (access.handlers or access.propagate)
    access.handlers[:] = []
    access.propagate = False
    access.disabled = True
    logging.getLogger("aiokafka").setLevel(max(logging.getLevelName(level), logging.WARNING))
    coordinator = logging.getLogger("aiokafka.consumer.group_coordinator")
    if not any(isinstance(f, _RetriedCoordinatorLookup) for f in coordinator.filters):
        coordinator.addFilter(_RetriedCoordinatorLookup())


class _RetriedCoordinatorLookup(logging.Filter):
    """aiokafka logs a coordinator not yet available as an error and asks again: on a broker's
    first start (its offsets topic still being made) every consumer wrote a few such errors,
    and an operator reading for errors found only these. A warning says what it is."""

    TRANSIENT = ("GroupCoordinatorNotAvailableError", "NotCoordinatorForGroupError")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and any(t in record.getMessage() for t in self.TRANSIENT):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


# A request's id: the caller's X-Request-ID when it is a plausible one (the portal passes its
# own on to the services, so one id follows a person's click through every log), else a new
# one; echoed in the answer and bound to every log line of the request.
REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
CURRENT_REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
# One structured line per request (method, path, route, status, duration, client), in place of
# uvicorn's one-string line; ``python -m shared.serve --no-access-log`` turns it off.
access_log = logging.getLogger("corridor.access")
ACCESS_FIELDS = ("method", "path", "route", "status", "duration_ms", "client")


def request_id_from(headers: dict[str, str]) -> str:
    given = headers.get(REQUEST_ID_HEADER.lower(), "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


class ObservabilityMiddleware:
    """ASGI middleware: a request id, a server span, request metrics by route template, log
    context, and the access line.

    The route label is the matched route's template (``/applications/{application_id}``),
    ``unmatched`` for a path no route serves, so raw ids never become label values.
    """

    def __init__(self, app, service: str):
        self.app = app
        self.service = service

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "GET")
        status = {"code": 500}
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or ()}
        request_id = request_id_from(headers)

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        parent = tracing.extract(headers) if tracing.enabled(self.service) else None
        start = time.perf_counter()
        token = CURRENT_REQUEST_ID.set(request_id)
        with tracing.span(
            method,
            service=self.service,
            kind=tracing.SpanKind.SERVER,
            context=parent,
            attributes={"http.request.method": method, "url.path": scope.get("path", "")},
        ) as sp:
            ids = tracing.current_ids()
            bound = {"trace_id": ids[0], "span_id": ids[1]} if ids else {}
            with structlog.contextvars.bound_contextvars(request_id=request_id, **bound):
                try:
                    await self.app(scope, receive, send_wrapper)
                except BaseException:
                    # kept set: the server's error page, answered outside this middleware, names it
                    status["code"] = 500
                    raise
                else:
                    CURRENT_REQUEST_ID.reset(token)
                finally:
                    route = _route_template(scope)
                    elapsed = time.perf_counter() - start
                    code = status["code"]
                    metrics.HTTP_REQUESTS.labels(self.service, method, route, str(code)).inc()
                    metrics.HTTP_REQUEST_SECONDS.labels(self.service, method, route).observe(elapsed)
                    if code >= 500:
                        metrics.HTTP_REQUEST_ERRORS.labels(self.service, method, route).inc()
                    if sp is not None and sp.is_recording():
                        sp.update_name(f"{method} {route}")
                        sp.set_attribute("http.route", route)
                        sp.set_attribute("http.response.status_code", code)
                        if code >= 500:
                            sp.set_status(tracing.Status(tracing.StatusCode.ERROR))
                    if access_log.isEnabledFor(logging.INFO):
                        _log_access(scope, method, route, code, elapsed)


def _log_access(scope, method: str, route: str, code: int, elapsed: float) -> None:
    """The access line as fields (a query's searched words and secrets masked by the redaction,
    as in every line)."""
    query = scope.get("query_string") or b""
    path = scope.get("path", "") + ("?" + query.decode("latin-1") if query else "")
    client = scope.get("client")
    access_log.info(
        "%s %s %s",
        method,
        route,
        code,
        extra={
            "method": method,
            "path": path,
            "route": route,
            "status": code,
            "duration_ms": round(elapsed * 1000, 1),
            "client": client[0] if client else None,
        },
    )


def _route_template(scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path or "unmatched"
