"""OpenTelemetry tracing across HTTP and Kafka.

One trace follows an application: the HTTP server span of the request that changed state;
``shared.outbox.add_event`` stages the current span's W3C ``traceparent`` with the event
(the CloudEvents distributed-tracing extension, header ``ce_traceparent``); the outbox relay
publishes it under a producer span; the consumer starts its span as a child of the context
carried by the event, so whatever the handler stages or sends joins the same trace.

Off unless configured (pydantic-settings, ``CORRIDOR_`` prefix):
* ``CORRIDOR_OTLP_ENDPOINT`` — an OTLP/HTTP collector, e.g. ``http://otel-collector:4318``;
  setting it turns tracing on (spans go to ``<endpoint>/v1/traces``).
* ``CORRIDOR_TRACING`` — ``otlp`` | ``memory`` (in-process exporter, for tests) |
  ``console`` | ``off``; defaults to ``otlp`` when an endpoint is set, else ``off``.
* ``CORRIDOR_TRACE_SAMPLE_RATIO`` — head sampling of new traces (default 1.0); a sampled
  parent is always followed.

Each service in a process gets its own tracer provider (its own ``service.name``).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PROPAGATOR = TraceContextTextMapPropagator()
_lock = threading.Lock()
_providers: dict[str, Any] = {}
_memory_exporter = None
_NOOP = trace.NoOpTracer()


class TracingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CORRIDOR_", env_file=".env", extra="ignore")

    tracing: str | None = None
    otlp_endpoint: str | None = None
    trace_sample_ratio: float = 1.0

    @property
    def mode(self) -> str:
        if self.tracing:
            return self.tracing.strip().lower()
        return "otlp" if self.otlp_endpoint else "off"


def configure_tracing(service: str, settings: TracingSettings | None = None) -> bool:
    """Set up tracing for ``service`` (once); True when spans are recorded."""
    settings = settings or TracingSettings()
    mode = settings.mode
    if mode in ("", "off", "none", "false"):
        return False
    with _lock:
        if service in _providers:
            return True
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor
        from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

        provider = TracerProvider(
            resource=Resource.create({"service.name": service, "service.namespace": "corridor"}),
            sampler=ParentBased(TraceIdRatioBased(settings.trace_sample_ratio)),
        )
        if mode == "memory":
            provider.add_span_processor(SimpleSpanProcessor(memory_exporter()))
        elif mode == "console":
            provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
        elif mode == "otlp":
            if not settings.otlp_endpoint:
                raise ValueError("CORRIDOR_TRACING=otlp needs CORRIDOR_OTLP_ENDPOINT")
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            endpoint = settings.otlp_endpoint.rstrip("/")
            if not endpoint.endswith("/v1/traces"):
                endpoint += "/v1/traces"
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        else:
            raise ValueError(f"CORRIDOR_TRACING: unknown mode {mode!r} (otlp, memory, console, off)")
        _providers[service] = provider
    return True


def memory_exporter():
    """The in-process exporter every ``memory``-mode service writes to (tests read it)."""
    global _memory_exporter
    if _memory_exporter is None:
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

        _memory_exporter = InMemorySpanExporter()
    return _memory_exporter


def enabled(service: str) -> bool:
    return service in _providers


def tracer(service: str):
    provider = _providers.get(service)
    return provider.get_tracer("corridor") if provider is not None else _NOOP


def shutdown(service: str) -> None:
    """Flush what is buffered (the relay and consumers are stopped by then)."""
    provider = _providers.get(service)
    if provider is not None:
        provider.force_flush(5000)


# --- context ---


def current_traceparent() -> str | None:
    """The current span as a W3C ``traceparent``, or None outside a recorded trace."""
    if not trace.get_current_span().get_span_context().is_valid:
        return None
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


def current_ids() -> tuple[str, str] | None:
    """(trace id, span id) in hex of the current span, for logs."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return None
    return format(ctx.trace_id, "032x"), format(ctx.span_id, "016x")


def extract(carrier: dict[str, str]):
    return _PROPAGATOR.extract(carrier)


def context_of(traceparent: str | None):
    return _PROPAGATOR.extract({"traceparent": traceparent}) if traceparent else otel_context.Context()


# --- spans ---


@contextlib.contextmanager
def span(
    name: str,
    *,
    service: str | None = None,
    kind: SpanKind = SpanKind.INTERNAL,
    context=None,
    attributes: dict[str, Any] | None = None,
) -> Iterator[Any]:
    """A span of ``service`` (the process's service by default), current inside the block.

    An exception marks it as an error and goes on up. A no-op when tracing is off.
    """
    if service is None:
        from shared.metrics import service_name

        service = service_name()
    t = tracer(service)
    with t.start_as_current_span(
        name, context=context, kind=kind, attributes=attributes, record_exception=True, set_status_on_exception=True
    ) as s:
        yield s


@contextlib.contextmanager
def consumer_span(service: str, consumer: str, record, env) -> Iterator[Any]:
    """The consumer side of Kafka: a child of the producer's context carried in the event."""
    attrs = {
        "messaging.system": "kafka",
        "messaging.operation.type": "process",
        "messaging.destination.name": record.topic,
        "messaging.kafka.destination.partition": record.partition,
        "messaging.kafka.offset": record.offset,
        "messaging.consumer.group.name": consumer,
        "messaging.message.id": env.id,
        "cloudevents.event_type": env.type,
        "cloudevents.event_id": env.id,
    }
    if env.key:
        attrs["messaging.kafka.message.key"] = env.key
    with span(
        f"process {record.topic}",
        service=service,
        kind=SpanKind.CONSUMER,
        context=context_of(env.traceparent),
        attributes=attrs,
    ) as s:
        yield s


@contextlib.contextmanager
def producer_span(
    service: str, topic: str, event_id: str, event_type: str, traceparent: str | None
) -> Iterator[str | None]:
    """The producer side: a child of the context staged with the event.

    Yields the ``traceparent`` to publish: the producer span's, or the staged one unchanged
    when tracing is off."""
    if not enabled(service) or not traceparent:
        yield traceparent
        return
    attrs = {
        "messaging.system": "kafka",
        "messaging.operation.type": "send",
        "messaging.destination.name": topic,
        "messaging.message.id": event_id,
        "cloudevents.event_type": event_type,
    }
    with span(
        f"send {topic}", service=service, kind=SpanKind.PRODUCER, context=context_of(traceparent), attributes=attrs
    ):
        yield current_traceparent() or traceparent


def mark_error(s, exc: BaseException) -> None:
    if s is not None and s.is_recording():
        s.record_exception(exc)
        s.set_status(Status(StatusCode.ERROR, str(exc)[:200]))
