"""The real stack: after a flow, /metrics shows the counters moved, and the logs are clean
JSON lines with the event's ids and without the applicant's e-mail address."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from shared.events.asyncapi import build_document
from shared.events.catalog import ApplicantRegistered, ApplicationSubmitted, Topics, type_of
from shared.events.envelope import encode_envelope, new_event
from tests.support.infra import wait_for
from tests.support.kafka import producer as kafka_producer

SAMPLE = re.compile(r"^(?P<name>[a-z_]+)\{(?P<labels>[^}]*)\} (?P<value>\S+)$")


def parse_metrics(text: str) -> list[tuple[str, dict, float]]:
    out = []
    for line in text.splitlines():
        m = SAMPLE.match(line)
        if m:
            labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m["labels"]))
            out.append((m["name"], labels, float(m["value"])))
    return out


def total(samples, name: str, **want) -> float:
    return sum(v for n, labels, v in samples if n == name and all(labels.get(k) == w for k, w in want.items()))


async def scrape(url: str):
    async with httpx.AsyncClient() as c:
        r = await c.get(f"{url}/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return parse_metrics(r.text)


SUBMITTED = "org.corridor.application.submitted.v1"


def submissions_seen(samples, service: str) -> tuple[float, float]:
    """How many submitted applications the service's consumer counted, and handled."""
    n = total(
        samples, "corridor_consumer_events_total", service=service, type=SUBMITTED, topic=Topics.APPLICATIONS.value
    )
    handled = total(samples, "corridor_consumer_handler_duration_seconds_count", service=service, type=SUBMITTED)
    return n, handled


@pytest.fixture(scope="module")
async def flow(stack, kafka):
    """An applicant registers and submits, published straight to Kafka as the applications service would.
    The stack is shared with other modules: the consumers' counters are read first, to see them move."""
    before = {svc.name: submissions_seen(await scrape(svc.url), svc.name) for svc in stack.all()}
    tag = uuid.uuid4().hex[:10]
    applicant, application = f"ops-stu-{tag}", f"ops-app-{tag}"
    email = f"ops.{tag}@example.kz"
    events = [
        ApplicantRegistered(
            applicant_id=applicant, email=email, name="Aigerim Ops", preferred_language="ru", nationality="KZ"
        ),
        ApplicationSubmitted(
            application_id=application,
            applicant_id=applicant,
            cycle_id=f"ops-cycle-{tag}",
            scheme_id="sco",
            applicant_type="student",
            sending_country="KZ",
            choices=["xjmu-tcm-3p2"],
            grade=88.5,
            submitted_at=datetime.now(UTC),
            preferred_language="ru",
        ),
    ]
    producer = kafka_producer(bootstrap_servers=kafka.bootstrap, acks="all")
    await producer.start()
    envs = []
    try:
        for data in events:
            type_ = type_of(data)
            key = applicant if isinstance(data, ApplicantRegistered) else application
            env = new_event(type_, data, source="/corridor/ops-test", key=key)
            k, v, h = encode_envelope(env)
            await producer.send_and_wait(Topics.APPLICATIONS.value, value=v, key=k, headers=h)
            envs.append(env)
    finally:
        await producer.stop()
    return {"email": email, "application": application, "envs": envs, "before": before}


async def test_consumer_counters_and_lag_move_after_events(stack, flow):
    for svc in (stack.notifications, stack.matching):

        async def seen(svc=svc):
            samples = await scrape(svc.url)
            n, handled = submissions_seen(samples, svc.name)
            n0, handled0 = flow["before"][svc.name]
            # Other suites put poison on the shared topics: wait for a real application, not a dead letter.
            return samples if n > n0 and handled > handled0 else None

        samples = await wait_for(seen, timeout=90, what=f"{svc.name} consumed the submitted application")
        lag = [
            (labels, v) for n, labels, v in samples if n == "corridor_consumer_lag" and labels["service"] == svc.name
        ]
        assert lag, f"{svc.name}: no lag gauge"
        assert {labels["topic"] for labels, _ in lag} >= {Topics.APPLICATIONS.value}
        assert all(v >= 0 and labels["partition"].isdigit() for labels, v in lag)
        up = {
            labels["consumer"]: v
            for n, labels, v in samples
            if n == "corridor_consumer_up" and labels["service"] == svc.name
        }
        assert up and set(up.values()) == {1.0}, up  # each consumer's position read
        if svc is stack.notifications:  # what is due waits for no time: the dispatcher keeps up
            overdue = {lab["channel"]: v for n, lab, v in samples if n == "corridor_notifications_overdue_seconds"}
            assert set(overdue) == {"email", "webhook"} and all(0 <= v < 60 for v in overdue.values()), overdue
        assert total(samples, "corridor_outbox_backlog", service=svc.name) >= 0
        assert any(
            n == "corridor_outbox_oldest_age_seconds" and labels["service"] == svc.name for n, labels, _ in samples
        )


async def test_http_metrics_by_route_template(stack):
    url = stack.applications.url
    before = await scrape(url)
    async with httpx.AsyncClient() as c:
        for _ in range(3):
            assert (await c.get(f"{url}/healthz")).status_code == 200
        assert (await c.get(f"{url}/no-such-route/{uuid.uuid4()}")).status_code == 404
    after = await scrape(url)

    def delta(**labels):
        return total(after, "corridor_http_requests_total", **labels) - total(
            before, "corridor_http_requests_total", **labels
        )

    assert delta(service="applications", route="/healthz", status="200", method="GET") == 3
    assert delta(service="applications", route="unmatched", status="404") == 1
    assert total(after, "corridor_http_request_duration_seconds_count", service="applications", route="/healthz") >= 3
    assert not [
        labels for n, labels, _ in after if n == "corridor_http_requests_total" and "no-such-route" in labels["route"]
    ]


async def test_every_service_exposes_its_outbox_gauges(stack):
    for svc in stack.all():
        samples = await scrape(svc.url)
        backlog = [v for n, labels, v in samples if n == "corridor_outbox_backlog" and labels["service"] == svc.name]
        age = [
            v for n, labels, v in samples if n == "corridor_outbox_oldest_age_seconds" and labels["service"] == svc.name
        ]
        assert len(backlog) == 1 and backlog[0] >= 0 and len(age) == 1 and age[0] >= 0


async def test_each_service_serves_the_asyncapi_document(stack):
    async with httpx.AsyncClient() as c:
        for svc in stack.all():
            r = await c.get(f"{svc.url}/asyncapi.json")
            assert r.status_code == 200
            assert r.json() == build_document()


async def test_logs_are_json_with_ids_and_without_personal_data(stack, flow):
    # By now both services have consumed the flow (test above); read everything they logged.
    for svc in stack.all():
        text = svc.log_path.read_text(errors="replace")
        assert flow["email"] not in text, f"{svc.name} logged the applicant's e-mail address"
        records = []
        for line in text.splitlines():
            if line.startswith("{"):
                records.append(json.loads(line))
        assert records, f"{svc.name}: no JSON log lines"
        assert all(r.get("service") == svc.name for r in records)
        # uvicorn's own lines go through the same formatter
        assert any(r.get("logger", "").startswith("uvicorn") for r in records), svc.name
