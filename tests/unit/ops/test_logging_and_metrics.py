"""Logs are JSON lines without personal data; metrics are labelled by service and route."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import httpx
import pytest
import structlog
from fastapi import FastAPI
from prometheus_client import REGISTRY

from shared import metrics, tracing
from shared.kafka.consumer import EventConsumer
from shared.observability import ObservabilityMiddleware, configure_logging, redact_personal_data


def capture(service: str) -> io.StringIO:
    configure_logging(service, "INFO", True)
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logging.getLogger().handlers[0].formatter)
    logging.getLogger().handlers.append(handler)
    return buf


def lines(buf: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


def test_personal_data_is_redacted_in_structlog_and_stdlib_lines():
    buf = capture("ops-unit")
    log = structlog.get_logger("test")
    log.info(
        "registered aigerim.n@example.kz",
        email="aigerim.n@example.kz",
        password="hunter2",
        date_of_birth="2003-04-05",
        passport_number="N1234567",
        applicant={"Email": "x@y.kz", "name": "Aigerim", "notes": ["mail b@c.org please"]},
    )
    logging.getLogger("aiokafka").warning("send to %s failed", "someone@mail.ru")
    logging.getLogger("uvicorn.error").info("Application startup complete.")
    try:
        raise ValueError("bad address z@q.cn")
    except ValueError:
        logging.getLogger("test").exception("handler failed")
    out = buf.getvalue()
    for secret in (
        "@example.kz",
        "hunter2",
        "2003-04-05",
        "N1234567",
        "x@y.kz",
        "b@c.org",
        "someone@mail.ru",
        "z@q.cn",
    ):
        assert secret not in out, secret
    records = lines(buf)
    assert len(records) == 4 and all(r["service"] == "ops-unit" for r in records)
    first = records[0]
    assert first["email"] == "[redacted]" and first["passport_number"] == "[redacted]"
    assert first["applicant"]["name"] == "Aigerim" and first["applicant"]["Email"] == "[redacted]"
    assert first["event"] == "registered [redacted]"
    assert records[1]["logger"] == "aiokafka" and records[1]["level"] == "warning"
    assert records[2]["event"] == "Application startup complete."
    assert "Traceback" in records[3]["exception"]


def test_redaction_processor_keeps_what_is_not_personal():
    ev = redact_personal_data(
        None, "info", {"event": "applied", "event_id": "e1", "application_id": "app-1", "count": 3}
    )
    assert ev == {"event": "applied", "event_id": "e1", "application_id": "app-1", "count": 3}


def test_trace_and_bound_ids_reach_every_line():
    tracing.configure_tracing("ops-unit-trace", tracing.TracingSettings(tracing="memory"))
    buf = capture("ops-unit-trace")
    with tracing.span("work", service="ops-unit-trace") as sp:
        with structlog.contextvars.bound_contextvars(event_id="e-1", application_id="app-9"):
            logging.getLogger("x").info("inside")
    logging.getLogger("x").info("outside")
    inside, outside = lines(buf)
    assert inside["trace_id"] == format(sp.get_span_context().trace_id, "032x")
    assert inside["event_id"] == "e-1" and inside["application_id"] == "app-9"
    assert "trace_id" not in outside and "event_id" not in outside


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_http_metrics_use_the_route_template():
    app = FastAPI()
    app.add_middleware(ObservabilityMiddleware, service="ops-http")

    @app.get("/things/{thing_id}")
    async def get_thing(thing_id: str):
        return {"id": thing_id}

    @app.get("/boom")
    async def boom():
        raise RuntimeError("boom")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        for i in range(3):
            assert (await c.get(f"/things/{i}")).status_code == 200
        assert (await c.get("/nowhere/42")).status_code == 404
        assert (await c.get("/boom")).status_code == 500
    assert (
        sample(
            "corridor_http_requests_total", service="ops-http", method="GET", route="/things/{thing_id}", status="200"
        )
        == 3
    )
    assert (
        sample("corridor_http_requests_total", service="ops-http", method="GET", route="unmatched", status="404") == 1
    )
    assert sample("corridor_http_request_errors_total", service="ops-http", method="GET", route="/boom") == 1
    assert (
        sample(
            "corridor_http_request_duration_seconds_count", service="ops-http", method="GET", route="/things/{thing_id}"
        )
        == 3
    )
    assert (
        sample("corridor_http_requests_total", service="ops-http", method="GET", route="/things/0", status="200") == 0
    )


class _Record:
    topic, partition, offset, key, value = "corridor.ops-unit.v1", 0, 7, b"k", b"not a cloud event"
    headers = [("x", b"y")]


async def test_poison_record_is_dead_lettered_and_counted():
    sent = []

    async def dead_letter(record, reason):
        sent.append((record, reason))

    consumer = EventConsumer(
        name="c1",
        topics=[_Record.topic],
        group_id="ops-unit.c1",
        bootstrap="unused:9",
        db=None,
        tables=None,
        handlers={},
        dead_letter=dead_letter,
        service="ops-unit",
    )
    before = sample("corridor_consumer_dead_lettered_total", service="ops-unit", consumer="c1", topic=_Record.topic)
    await consumer.process(_Record())
    assert len(sent) == 1 and "not a CloudEvent" in sent[0][1]
    assert (
        sample("corridor_consumer_dead_lettered_total", service="ops-unit", consumer="c1", topic=_Record.topic)
        == before + 1
    )


def test_service_bound_metrics_for_notifications_and_matching():
    metrics.set_service("ops-bound")
    metrics.NOTIFICATION_DELIVERIES.labels("email", "delivered").inc()
    metrics.NOTIFICATION_DELIVERIES.labels(channel="webhook", outcome="failed").inc(2)
    metrics.MATCHING_ROUND_SECONDS.observe(0.3)
    with metrics.MATCHING_ROUND_SECONDS.time():
        pass
    assert (
        sample("corridor_notification_deliveries_total", service="ops-bound", channel="email", outcome="delivered") == 1
    )
    assert (
        sample("corridor_notification_deliveries_total", service="ops-bound", channel="webhook", outcome="failed") == 2
    )
    assert sample("corridor_matching_round_duration_seconds_count", service="ops-bound") == 2


def test_every_corridor_metric_has_a_service_label():
    names = [m for m in REGISTRY.collect() if m.name.startswith("corridor_")]
    assert len(names) >= 12
    for family in names:
        for s in family.samples:
            assert "service" in s.labels, (family.name, s.labels)


def _server_logging(access_log: bool) -> None:
    """uvicorn's own logging set-up (as ``uvicorn.run`` does before it builds the app), then ours."""
    import uvicorn

    uvicorn.Config("x:app", access_log=access_log).configure_logging()
    configure_logging("ops-unit", "INFO", True)


def _served() -> httpx.AsyncClient:
    app = FastAPI()

    @app.get("/{anything:path}")
    async def page(anything: str):
        return {"ok": True}

    app.add_middleware(ObservabilityMiddleware, service="ops-unit")
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t")


async def _access_lines(paths, headers=None) -> list[dict]:
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logging.getLogger().handlers[0].formatter)
    logging.getLogger().handlers.append(handler)
    try:
        async with _served() as c:
            for path in paths:
                await c.get(path, headers=headers)
    finally:
        logging.getLogger().handlers.remove(handler)
    return [line for line in lines(buf) if line.get("logger") == "corridor.access"]


async def test_the_access_log_is_a_line_of_fields_written_only_when_the_server_keeps_one():
    _server_logging(access_log=False)  # --no-access-log
    assert await _access_lines(["/programmes?offset=50"]) == []
    _server_logging(access_log=True)
    [line] = await _access_lines(["/programmes?offset=50"])
    assert line["event"] == "GET /{anything} 200" and line["level"] == "info"
    assert line["method"] == "GET" and line["path"] == "/programmes?offset=50" and line["status"] == 200
    assert line["route"] == "/{anything}" and isinstance(line["duration_ms"], float)
    assert len(line["request_id"]) == 32 and line["service"] == "ops-unit"
    # uvicorn's own one-string line is not written beside it
    assert logging.getLogger("uvicorn.access").disabled


async def test_a_request_id_is_answered_and_a_callers_own_is_kept():
    _server_logging(access_log=True)
    async with _served() as c:
        fresh = await c.get("/a")
        given = await c.get("/a", headers={"X-Request-ID": "portal-7f3a9c21"})
        odd = await c.get("/a", headers={"X-Request-ID": "<script>"})
    assert len(fresh.headers["x-request-id"]) == 32
    assert given.headers["x-request-id"] == "portal-7f3a9c21"
    assert odd.headers["x-request-id"] != "<script>" and len(odd.headers["x-request-id"]) == 32
    [line] = await _access_lines(["/b"], headers={"X-Request-ID": "portal-7f3a9c21"})
    assert line["request_id"] == "portal-7f3a9c21"


async def test_a_link_s_secret_never_reaches_the_access_log():
    """A password-reset link and a referee's link carry their secret in the query: the access
    line keeps the path and masks the secret, in the address and in an encoded next=."""
    _server_logging(access_log=True)
    out = await _access_lines(
        [
            "/password-reset?token=Zx9-_abcDEF123",
            "/referee?lang=ur&token=Zx9-_abcDEF123",
            "/language/ru?next=/password-reset%3Ftoken%3DZx9-_abcDEF123",
            "/language/ru?next=%2Freferee%3Flang%3Dur%26token%3DZx9-_abcDEF123",
            "/login?next=%2Flanguage%2Fen%3Fnext%3D%252Fpassword-reset%253Ftoken%253DZx9-_abcDEF123",
        ]
    )
    paths = [line["path"] for line in out]
    assert len(paths) == 5 and not any("Zx9" in json.dumps(line) for line in out), out
    assert paths[0] == "/password-reset?token=[redacted]"
    assert "/referee?lang=ur&token=[redacted]" == paths[1] and "%3Ftoken%3D[redacted]" in paths[2]
    # what is not a secret stays as it was
    kept = {"event": "GET /programmes?field=rail&offset=50", "next": "/x?a=1", "detail": "exit code=1"}
    assert redact_personal_data(None, "info", dict(kept)) == kept


async def test_what_a_person_typed_to_find_someone_never_reaches_the_access_log():
    """An officer's search for a name, an admin's for an address: the query stays out of the
    access line, and an address percent-encoded anywhere is masked as a plain one is."""
    _server_logging(access_log=True)
    out = await _access_lines(
        [
            "/officer/applications?cycle=sco-2026&q=WANG.XM.WALK%40EXAMPLE.CN",
            "/admin/accounts?staff=true&q=Wang+Xiaoming&offset=50",
            "/officer/applications?q=%D0%90%D0%B9%D0%B3%D0%B5%D1%80%D0%B8%D0%BC",
            "/forgot-password?email=aigerim%40mail.kz",
            "/x/aigerim%40mail.kz/y",
            "/admin/emails?status=delivered&address=aigerim%40mail.kz",
        ]
    )
    assert len(out) == 6, out
    for said in ("WANG", "Wang", "Xiaoming", "%D0%90", "aigerim", "mail.kz"):
        assert not any(said in json.dumps(line) for line in out), (said, out)
    assert out[1]["path"] == "/admin/accounts?staff=true&q=[redacted]&offset=50"
    assert out[0]["path"] == "/officer/applications?cycle=sco-2026&q=[redacted]"


def test_a_coordinator_not_yet_available_is_a_warning_and_other_kafka_errors_stay_errors():
    """On a broker's first start every consumer logged a few 'Group Coordinator Request failed'
    errors while aiokafka asked again: the only errors in a healthy start's logs."""
    buf = capture("ops-unit")
    coordinator = logging.getLogger("aiokafka.consumer.group_coordinator")
    coordinator.error("Group Coordinator Request failed: [Error 15] GroupCoordinatorNotAvailableError")
    coordinator.error("Error sending JoinGroupRequest_v2 to node 1 [[Error 27] RebalanceInProgressError]")
    transient, other = lines(buf)[-2:]
    assert transient["level"] == "warning" and "GroupCoordinatorNotAvailableError" in transient["event"]
    assert other["level"] == "error"
    configure_logging("ops-unit", "INFO", True)  # configured again (a second app in the process): one filter
    assert len(coordinator.filters) == 1


def test_settings_a_service_refuses_end_it_with_one_line_naming_the_variable(monkeypatch, capsys):
    """A bad setting had ended the process with a 40-line traceback whose last line named the
    field (outbox_poll_seconds), not the variable, or only SQLAlchemy's words for a bad URL."""
    from shared import serve

    monkeypatch.setenv("MATCHING_OUTBOX_POLL_SECONDS", "abc")
    monkeypatch.setenv("MATCHING_DATABASE_URL", "postgres://corridor:s3cret-pass@db/matching")
    with pytest.raises(SystemExit) as ended:
        serve.build("services.matching.app:create_app")
    assert ended.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    said = json.loads(line)
    assert said["level"] == "critical" and said["service"] == "matching"
    assert "MATCHING_OUTBOX_POLL_SECONDS = 'abc'" in said["event"]
    assert "MATCHING_DATABASE_URL: write it as postgresql+asyncpg://" in said["event"]
    assert "s3cret" not in line  # a URL's password is not repeated
    # the right scheme, a port that is no number: named too, not a traceback
    monkeypatch.setenv("MATCHING_DATABASE_URL", "postgresql+asyncpg://corridor:s3cret-pass@db:notaport/matching")
    monkeypatch.delenv("MATCHING_OUTBOX_POLL_SECONDS")
    with pytest.raises(SystemExit):
        serve.build("services.matching.app:create_app")
    line = capsys.readouterr().err.strip()
    assert "MATCHING_DATABASE_URL: not a database URL" in line and "s3cret" not in line


async def test_a_consumer_whose_lag_cannot_be_read_is_down_and_keeps_its_last_lag():
    """The broker away, a login or a group refused: the lag's series were removed, and the lag
    alerts had nothing to evaluate. Now the last value stays and corridor_consumer_up says 0."""
    from types import SimpleNamespace

    from prometheus_client import REGISTRY

    from shared import metrics

    class Consumer:
        name = "notify-up-test"
        answer: dict[str, int] | None = {"corridor.applications.v1[0]": 7}

        async def lag(self):
            return self.answer

    async def backlog():
        return 0, 0.0

    consumer = Consumer()
    runtime = SimpleNamespace(
        settings=SimpleNamespace(service_name="svc-up-test"),
        running=[consumer],
        relay=SimpleNamespace(backlog=backlog),
        gauges=[],
    )

    def read(name, **labels):
        return REGISTRY.get_sample_value(name, {"service": "svc-up-test", "consumer": consumer.name, **labels})

    where = {"topic": "corridor.applications.v1", "partition": "0"}
    await metrics.refresh_runtime_gauges(runtime)
    assert read("corridor_consumer_up") == 1 and read("corridor_consumer_lag", **where) == 7
    consumer.answer = None  # cannot be read
    await metrics.refresh_runtime_gauges(runtime)
    assert read("corridor_consumer_up") == 0 and read("corridor_consumer_lag", **where) == 7
    consumer.answer = {}  # read again: no partition assigned here any more
    await metrics.refresh_runtime_gauges(runtime)
    assert read("corridor_consumer_up") == 1 and read("corridor_consumer_lag", **where) is None


async def test_the_line_of_an_unhandled_error_names_its_request():
    """The server writes it outside the request's bound context: all eight such lines of a
    demo's logs lacked the request_id their 500 access lines had."""
    _server_logging(access_log=True)
    app = FastAPI()

    @app.get("/boom")
    async def boom():
        raise RuntimeError("a bug")

    app.add_middleware(ObservabilityMiddleware, service="ops-unit")
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logging.getLogger().handlers[0].formatter)
    logging.getLogger().handlers.append(handler)

    async def call() -> None:  # a request in its own task, as the server runs each
        transport = httpx.ASGITransport(app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            r = await c.get("/boom", headers={"X-Request-ID": "portal-0ddba11"})
            assert r.status_code == 500
        logging.getLogger("uvicorn.error").error("Exception in ASGI application", exc_info=RuntimeError("a bug"))

    try:
        await asyncio.create_task(call())
        logging.getLogger("x").info("another task's line")
    finally:
        logging.getLogger().handlers.remove(handler)
    by_logger = {line["logger"]: line for line in lines(buf)}
    assert by_logger["uvicorn.error"]["request_id"] == "portal-0ddba11"
    assert by_logger["corridor.access"]["request_id"] == "portal-0ddba11"
    assert "request_id" not in by_logger["x"]  # outside the request: none
