"""Prometheus metrics every service exposes at ``/metrics``.

Every metric carries a ``service`` label. The HTTP middleware, the consumer loop and the
outbox relay fill in the shared ones; two are defined here for one service each:

* ``NOTIFICATION_DELIVERIES.labels(channel, outcome).inc()`` — the notifications service,
  once per delivery attempt's final outcome; channel ``email`` | ``inbox`` | ``webhook``,
  outcome ``delivered`` | ``retrying`` (a try failed; another comes) | ``dead`` (given up on) |
  ``cancelled`` (a webhook whose subscription was stopped).
* ``MATCHING_ROUND_SECONDS.observe(seconds)`` (or ``with MATCHING_ROUND_SECONDS.time():``) —
  the matching service, once per matching round (load, engine, store).

Those two fill ``service`` from the process's service name (``set_service``, called by
``create_service_app``); pass ``service=`` to override.

Scrape-time values (consumer lag per partition, outbox backlog and age of the oldest row)
are refreshed by the ``/metrics`` route just before it renders (``refresh_runtime_gauges``).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest

log = logging.getLogger(__name__)

# Latency buckets from 5 ms to 30 s: requests, handlers and rounds all fit.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

_service_name = "service"


def set_service(name: str) -> None:
    """The process's service name, for metrics recorded without an explicit ``service``."""
    global _service_name
    _service_name = name


def service_name() -> str:
    return _service_name


# --- HTTP (route = the route template, e.g. /applications/{application_id}) ---

HTTP_REQUESTS = Counter("corridor_http_requests", "HTTP requests answered", ["service", "method", "route", "status"])
HTTP_REQUEST_SECONDS = Histogram(
    "corridor_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=LATENCY_BUCKETS,
)
HTTP_REQUEST_ERRORS = Counter(
    "corridor_http_request_errors",
    "HTTP requests that ended in a server error (5xx or an unhandled exception)",
    ["service", "method", "route"],
)

# --- consumers ---

CONSUMER_EVENTS = Counter(
    "corridor_consumer_events",
    "Events seen by a consumer, by outcome: applied, duplicate (already processed), skipped (no handler)",
    ["service", "consumer", "topic", "type", "outcome"],
)
CONSUMER_HANDLER_SECONDS = Histogram(
    "corridor_consumer_handler_duration_seconds",
    "Time to apply one event (transaction included), successful or not",
    ["service", "consumer", "type"],
    buckets=LATENCY_BUCKETS,
)
CONSUMER_FAILURES = Counter(
    "corridor_consumer_failures",
    "Handler attempts that raised (each retry counts)",
    ["service", "consumer", "type"],
)
CONSUMER_DEAD_LETTERED = Counter(
    "corridor_consumer_dead_lettered",
    "Records sent to <topic>.dlq",
    ["service", "consumer", "topic"],
)
CONSUMER_LAG = Gauge(
    "corridor_consumer_lag",
    "Records not yet consumed per assigned partition (end offset minus committed offset), at scrape time;"
    " the last value read is kept while it cannot be read (corridor_consumer_up 0)",
    ["service", "consumer", "topic", "partition"],
)
# Whether the lag could be read at the last scrape: 0 while the consumer is not running, its
# broker is away or refuses its login or group. The lag alone had gone silent then (its series
# removed), and with it every alert on a consumer left behind.
CONSUMER_UP = Gauge(
    "corridor_consumer_up",
    "1 when the consumer's group position and lag could be read at scrape time, else 0",
    ["service", "consumer"],
)

# --- outbox ---

OUTBOX_BACKLOG = Gauge("corridor_outbox_backlog", "Unsent outbox rows, at scrape time", ["service"])
OUTBOX_OLDEST_SECONDS = Gauge(
    "corridor_outbox_oldest_age_seconds",
    "Age of the oldest unsent outbox row (0 when none), at scrape time",
    ["service"],
)
EVENTS_PUBLISHED = Counter(
    "corridor_events_published",
    "Events the outbox relay published (acknowledged by Kafka)",
    ["service", "topic", "type"],
)


# --- defined for one service each ---


class _ServiceBound:
    """A metric whose ``service`` label defaults to the process's service name."""

    def __init__(self, metric: Any):
        self.metric = metric

    def labels(self, *values: str, service: str | None = None, **named: str):
        if named:
            return self.metric.labels(service=service or _service_name, **named)
        return self.metric.labels(service or _service_name, *values)


class _ServiceHistogram(_ServiceBound):
    def observe(self, seconds: float, *, service: str | None = None) -> None:
        self.metric.labels(service or _service_name).observe(seconds)

    def time(self, *, service: str | None = None):
        return self.metric.labels(service or _service_name).time()


NOTIFICATION_DELIVERIES = _ServiceBound(
    Counter(
        "corridor_notification_deliveries",
        "Notification delivery outcomes by channel (email, inbox, webhook) and outcome",
        ["service", "channel", "outcome"],
    )
)
# A gauge, not the deliveries' counter: an alert on increase() fired once and resolved while
# the dead deliveries still waited for an operator. The last week's: one never mended (an
# address that no longer exists) stops holding the alert after that.
NOTIFICATIONS_DEAD = Gauge(
    "corridor_notifications_dead",
    "E-mails and webhooks dead (their tries exhausted) in the last 7 days and not tried again, at scrape time",
    ["service", "channel"],
)
# A dispatcher that stops trying shows in no failure ratio (0 of 0): how long what is due has
# waited does.
NOTIFICATIONS_OVERDUE_SECONDS = Gauge(
    "corridor_notifications_overdue_seconds",
    "How long the delivery due longest ago has waited past its time (pending past its next try, or"
    " being sent with its claim run out), by channel, at scrape time; 0 when none is due",
    ["service", "channel"],
)
# A failed round had been a log line and a row's status only: the duration below is observed
# for completed rounds alone.
MATCHING_ROUNDS = _ServiceBound(
    Counter(
        "corridor_matching_rounds",
        "Matching rounds by how they ended: completed, failed (an error, or the service stopped),"
        " stopped (declared dead meanwhile: a newer one owns the cycle)",
        ["service", "outcome"],
    )
)
MATCHING_ROUND_SECONDS = _ServiceHistogram(
    Histogram(
        "corridor_matching_round_duration_seconds",
        "Wall time of one matching round (load the pool, run the engine, store the result)",
        ["service"],
        buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0),
    )
)


# --- scrape ---

_lag_series: dict[tuple[str, str], set[tuple[str, str, str, str]]] = {}


async def refresh_runtime_gauges(runtime, timeout: float = 3.0) -> None:
    """Consumer lag, outbox backlog and the service's own gauges (``runtime.gauges``), read
    now; a slow broker or database keeps old values."""
    service = runtime.settings.service_name

    async def lag_of(consumer) -> None:
        try:
            lags = await asyncio.wait_for(consumer.lag(), timeout * 0.9)  # slow to answer: not up
        except TimeoutError:
            lags = None
        CONSUMER_UP.labels(service, consumer.name).set(0 if lags is None else 1)
        if lags is None:
            return  # unknown: the last values stay, for the lag alerts to go on evaluating
        seen = set()
        for key, value in lags.items():
            topic, _, rest = key.rpartition("[")
            labels = (service, consumer.name, topic, rest.rstrip("]"))
            CONSUMER_LAG.labels(*labels).set(value)
            seen.add(labels)
        # Partitions moved to another instance stop being reported here.
        for labels in _lag_series.get((service, consumer.name), set()) - seen:
            CONSUMER_LAG.remove(*labels)
        _lag_series[(service, consumer.name)] = seen

    async def backlog() -> None:
        count, age = await runtime.relay.backlog()
        OUTBOX_BACKLOG.labels(service).set(count)
        OUTBOX_OLDEST_SECONDS.labels(service).set(age)

    jobs = [lag_of(c) for c in runtime.running] + [backlog()] + [read() for read in runtime.gauges]
    results = await asyncio.gather(*(asyncio.wait_for(j, timeout) for j in jobs), return_exceptions=True)
    for r in results:
        if isinstance(r, BaseException):
            log.debug("metrics refresh: %r", r)


def operator_may_read(authorization: str, *, development: bool, token: Any) -> bool:
    """Operations detail (``/metrics``, ``/readyz``'s detail) is for operators: open in
    development mode, else to the operator token (a ``SecretStr``, or None: nobody) sent as
    ``Authorization: Bearer``. The services and the portal ask the same."""
    if development:
        return True
    expected = token.get_secret_value() if token else ""
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":  # the scheme's name is case-insensitive (RFC 9110 11.1)
        return False
    given = given.strip()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def render() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
