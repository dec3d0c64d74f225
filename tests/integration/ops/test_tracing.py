"""One trace across HTTP and Kafka: a request stages an event, the relay publishes it, a
consumer (a child span) stages the next event, and the last consumer sends the e-mail.

Two small services run in-process on the real broker and PostgreSQL with the in-memory
span exporter; the events travel on the real topics with unique ids.
"""

from __future__ import annotations

import io
import json
import logging
import uuid
from datetime import UTC, datetime

import pytest
import structlog
from fastapi import Request
from sqlalchemy import MetaData

from shared import tracing
from shared.events.catalog import ApplicationSubmitted, MatchProposed, Topics
from shared.outbox import add_event
from shared.runtime import ConsumerSpec, ServiceRuntime, create_service_app
from shared.settings import ServiceSettings
from shared.tables import add_infra_tables
from tests.support.infra import wait_for
from tests.support.services import in_process

TAG = uuid.uuid4().hex[:10]
APP_ID = f"trace-app-{TAG}"
EMAIL = f"trace.{TAG}@example.kz"
sent_mail: list[dict] = []


def runtime_for(name: str, url: str, bootstrap: str, consumers=()) -> ServiceRuntime:
    metadata = MetaData()
    infra = add_infra_tables(metadata)
    settings = ServiceSettings(
        service_name=name,
        database_url=url,
        kafka_bootstrap_servers=bootstrap,
        consumer_group=f"{name}-{TAG}",
        outbox_poll_seconds=0.2,
    )
    return ServiceRuntime(
        settings=settings,
        metadata=metadata,
        tables=infra,
        migrations_dir=None,
        topics=[Topics.APPLICATIONS.value, Topics.MATCHING.value],
        consumers=list(consumers),
    )


def make_front(url, bootstrap):
    runtime = runtime_for("trace-front", url, bootstrap)
    app = create_service_app(runtime, title="front", description="")

    @app.post("/applications/{application_id}/submit")
    async def submit(application_id: str, request: Request):
        rt = request.app.state.runtime
        async with rt.db.session() as s, s.begin():
            await add_event(
                s,
                rt.tables,
                ApplicationSubmitted(
                    application_id=application_id,
                    applicant_id=f"trace-stu-{TAG}",
                    cycle_id=f"trace-cycle-{TAG}",
                    scheme_id="sco",
                    applicant_type="student",
                    sending_country="KZ",
                    choices=["xjmu-tcm-3p2"],
                    submitted_at=datetime.now(UTC),
                ),
                source=rt.source,
            )
        return {"ok": True}

    return app


def make_back(url, bootstrap):
    holder = {}

    async def pool(session, data: ApplicationSubmitted, env):
        if data.application_id != APP_ID:
            return  # another test's event on the shared topic
        structlog.get_logger("trace-test").info("pooling", email=EMAIL)
        rt = holder["rt"]
        await add_event(
            session,
            rt.tables,
            MatchProposed(
                match_id=f"m-{TAG}",
                round_id=f"r-{TAG}",
                application_id=data.application_id,
                applicant_id=data.applicant_id,
                cycle_id=data.cycle_id,
                programme_id="xjmu-tcm-3p2",
                host_institution_id="xjmu",
                rank=1,
            ),
            source=rt.source,
        )

    async def notify(session, data: MatchProposed, env):
        if data.application_id != APP_ID:
            return
        with tracing.span("email.send", service="trace-back", attributes={"messaging.message.id": env.id}) as sp:
            sent_mail.append({"event": env.id, "trace_id": format(sp.get_span_context().trace_id, "032x")})

    runtime = runtime_for(
        "trace-back",
        url,
        bootstrap,
        consumers=[
            ConsumerSpec("pool", [Topics.APPLICATIONS.value], {"org.corridor.application.submitted.v1": pool}),
            ConsumerSpec("notify", [Topics.MATCHING.value], {"org.corridor.match.proposed.v1": notify}),
        ],
    )
    holder["rt"] = runtime
    return create_service_app(runtime, title="back", description="")


@pytest.fixture(scope="module")
async def traced(kafka, postgres):
    for name in ("trace-front", "trace-back"):
        tracing.configure_tracing(name, tracing.TracingSettings(tracing="memory"))
    front = make_front(await postgres.create_database("tracefront"), kafka.bootstrap)
    back = make_back(await postgres.create_database("traceback"), kafka.bootstrap)
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logging.getLogger().handlers[0].formatter)
    logging.getLogger().addHandler(handler)
    try:
        async with in_process(front) as fc, in_process(back):
            r = await fc.post(f"/applications/{APP_ID}/submit", headers={"Idempotency-Key": TAG})
            assert r.status_code == 200, r.text
            await wait_for(lambda: _ready(), timeout=90, what="the e-mail step ran")
            yield {"log": buf}
    finally:
        logging.getLogger().removeHandler(handler)


async def _ready():
    # The e-mail is recorded inside the handler; its consumer span ends after the handler's
    # transaction, so wait for that span too.
    if not sent_mail:
        return None
    names = {s.name for s in spans_of(sent_mail[0]["trace_id"])}
    return f"process {Topics.MATCHING.value}" in names or None


def spans_of(trace_id: str):
    return sorted(
        (s for s in tracing.memory_exporter().get_finished_spans() if format(s.context.trace_id, "032x") == trace_id),
        key=lambda s: s.start_time,
    )


async def test_one_trace_from_request_to_email(traced):
    (mail,) = sent_mail
    spans = spans_of(mail["trace_id"])
    names = [s.name for s in spans]
    expected = [
        "POST /applications/{application_id}/submit",
        f"send {Topics.APPLICATIONS.value}",
        f"process {Topics.APPLICATIONS.value}",
        f"send {Topics.MATCHING.value}",
        f"process {Topics.MATCHING.value}",
        "email.send",
    ]
    # Walk up from the e-mail span: each hop is the child of the one before, across both
    # Kafka hops (a retried publish may leave an extra send span beside the chain).
    by_id = {s.context.span_id: s for s in spans}
    chain, current = [], next(s for s in spans if s.name == "email.send")
    while current is not None:
        chain.append(current)
        current = by_id.get(current.parent.span_id) if current.parent else None
    assert [s.name for s in reversed(chain)] == expected, names
    by_name = {s.name: s for s in chain}
    assert by_name[expected[0]].resource.attributes["service.name"] == "trace-front"
    assert by_name["email.send"].resource.attributes["service.name"] == "trace-back"
    assert by_name[f"process {Topics.APPLICATIONS.value}"].kind.name == "CONSUMER"
    print(
        "\n"
        + "\n".join(
            f"{s.resource.attributes['service.name']:<12} {s.kind.name:<9} {s.name:<45} trace={format(s.context.trace_id, '032x')} "
            f"span={format(s.context.span_id, '016x')} parent={format(s.parent.span_id, '016x') if s.parent else '-'}"
            for s in spans
        )
    )


async def test_published_events_are_counted(traced):
    from prometheus_client import REGISTRY

    def published(service, topic, type_):
        return (
            REGISTRY.get_sample_value(
                "corridor_events_published_total", {"service": service, "topic": topic, "type": type_}
            )
            or 0
        )

    # A row is counted when the relay deletes it after the ack, which may come after a consumer
    # has already read the event: wait for the count rather than read it once.
    async def counted():
        return (
            published("trace-front", Topics.APPLICATIONS.value, "org.corridor.application.submitted.v1") >= 1
            and published("trace-back", Topics.MATCHING.value, "org.corridor.match.proposed.v1") >= 1
        )

    await wait_for(counted, timeout=15, what="both events counted as published")


async def test_consumer_logs_carry_event_and_trace_ids_but_no_email(traced):
    out = traced["log"].getvalue()
    assert EMAIL not in out
    (line,) = [json.loads(x) for x in out.splitlines() if '"pooling"' in x]
    assert line["email"] == "[redacted]"
    assert line["application_id"] == APP_ID and line["event_type"] == "org.corridor.application.submitted.v1"
    assert line["trace_id"] == sent_mail[0]["trace_id"] and line["service"] == "trace-back"
    assert line["event_id"]
