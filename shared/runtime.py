"""The thin bootstrap every service shares: database, Kafka link, outbox relay, consumers,
and the service's own workers.

A service builds a ``ServiceRuntime`` with its settings, tables, handlers and workers;
``create_service_app`` gives it a FastAPI app whose lifespan starts it (migrations, start
hooks, workers) and stops it (workers in reverse, then Kafka and the database). Every service
also keeps the accounts whose tokens were revoked (a consumer of account.tokens_revoked, see
``shared.revocation``) and checks each request's token against it. Nothing
here needs Kafka to be up: the relay and the consumers connect (and reconnect) in the
background, so a service accepts requests while the broker is away and catches up later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from sqlalchemy import MetaData

from shared import heap, idempotency, metrics, migrations, tracing
from shared.api import TrailingSlashIgnored, document_error_bodies, install_error_handlers, storable_input
from shared.auth import authenticated, bearer_token
from shared.clock import utcnow
from shared.db import Database
from shared.errors import Unauthenticated, token_revoked
from shared.events.asyncapi import build_document
from shared.events.catalog import Topics
from shared.kafka.admin import ensure_topics
from shared.kafka.consumer import EventConsumer, Handler, ReadAhead
from shared.limits import BodyLimit, Limit, MiB
from shared.observability import ObservabilityMiddleware, configure_logging
from shared.outbox import KafkaLink, OutboxRelay, dead_letter_publisher
from shared.principal import Principal
from shared.revocation import Revocations, revocation_handlers
from shared.settings import ServiceSettings
from shared.tables import InfraTables
from shared.workers import Loop, Worker, retry_until_done

log = logging.getLogger(__name__)


@dataclass
class ConsumerSpec:
    name: str
    topics: list[str]
    handlers: dict[str, Handler]
    # False: a poison record is logged and skipped, not dead-lettered (the revocations consumer
    # reads a topic whose own consumers dead-letter what they cannot read; once is enough).
    dead_letter: bool = True
    read_ahead: ReadAhead | None = None  # see shared.kafka.consumer.ReadAhead


async def _skip_poison(record, reason: str) -> None:
    log.warning("skipped a record %s:%d@%d: %s", record.topic, record.partition, record.offset, reason)


@dataclass
class ServiceRuntime:
    settings: ServiceSettings
    metadata: MetaData
    tables: InfraTables
    migrations_dir: Path | None
    topics: list[str]
    consumers: list[ConsumerSpec] = field(default_factory=list)
    # The service's own background work (a dispatcher, a round runner), run beside the relay;
    # a worker that needs this runtime's database is appended once the runtime is built.
    workers: list[Worker] = field(default_factory=list)
    # Run once after the migrations, before any worker (a bootstrap account, a folder).
    on_start: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # The service's own gauges, read when /metrics is scraped (notifications: what waits dead).
    gauges: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Routes that take more than the default 1 MiB body (document uploads).
    body_limits: list[Limit] = field(default_factory=list)
    # The check of a token's subject by the service that keeps the accounts (applications: the
    # account exists, is active and has not revoked the token), in place of ``revoked_tokens``;
    # raises shared.errors.Unauthenticated to refuse.
    subject_check: Callable[[Principal, datetime], Awaitable[None]] | None = None
    db: Database = field(init=False)
    revocations: Revocations = field(init=False)
    link: KafkaLink = field(init=False)
    relay: OutboxRelay = field(init=False)
    running: list[EventConsumer] = field(init=False, default_factory=list)
    _tasks: list[asyncio.Task] = field(init=False, default_factory=list)
    # Workers whose task ended before the service stopped (name -> why): /healthz fails.
    ended: dict[str, str] = field(init=False, default_factory=dict)
    stopping: bool = field(init=False, default=False)
    topics_ready: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        s = self.settings
        self.db = Database(s.database_url, self.metadata, self.migrations_dir, pool_size=s.database_pool_size)
        self.link = KafkaLink(s.kafka_bootstrap_servers, client_id=s.service_name, security=s.kafka_security)
        self.relay = OutboxRelay(
            self.db,
            self.tables,
            self.link,
            batch_size=s.outbox_batch_size,
            poll_seconds=s.outbox_poll_seconds,
            service=s.service_name,
            coalesce_seconds=s.outbox_coalesce_seconds,
        )
        self.db.on_outbox_commit(self.relay.wake)
        self.revocations = Revocations(self.db, self.tables.revoked, s.revocation_cache_seconds or 0.0)
        # Every service keeps account.tokens_revoked (from the applications service's topic).
        self.consumers.append(
            ConsumerSpec(
                "revocations",
                [Topics.APPLICATIONS.value],
                revocation_handlers(self.tables.revoked),
                dead_letter=False,
            )
        )
        if Topics.APPLICATIONS.value not in {str(t) for t in self.topics}:
            self.topics = [*self.topics, Topics.APPLICATIONS.value]
        self.housekeeping = Loop("housekeeping", self._purge_expired, interval=s.housekeeping_interval_seconds)

    @property
    def source(self) -> str:
        return f"/corridor/{self.settings.service_name}"

    async def check_token(self, principal: Principal, issued_at: datetime) -> None:
        """Refuse (401 auth.revoked) a token issued before its account's revocation, or of a
        disabled account: the service's own ``subject_check`` when it has one (the service
        that keeps the accounts reads its own rows, fresher than the ``revoked_tokens`` copy
        and one query instead of two per request), else ``revoked_tokens``."""
        if self.subject_check is not None:
            await self.subject_check(principal, issued_at)
        elif await self.revocations.refuses(principal.sub, issued_at, principal.client_id):
            raise token_revoked(principal.client_id is not None)

    async def start(self) -> None:
        if self.settings.run_migrations:
            await migrations.migrate(self.db)
        for hook in self.on_start:
            await hook()
        self._run(self._ensure_topics_then_consume(), "topics")
        for worker in (self.relay, self.housekeeping, *self.workers):
            self._run(worker.run(), worker.name)
        freeze, young = self.settings.gc_freeze, self.settings.gc_young_threshold
        assert freeze is not None and young is not None  # ServiceSettings inherits them from CORRIDOR_
        heap.settle(freeze=freeze, young=young)

    def _run(self, work, name: str) -> None:
        task = asyncio.create_task(work, name=name)
        task.add_done_callback(self._ended)
        self._tasks.append(task)

    def _ended(self, task: asyncio.Task) -> None:
        """A worker runs until the service stops: one that ended before (an error it did not
        retry, a stray cancellation) leaves a process that answers but no longer does that
        work. It is logged and /healthz fails, so the process is restarted."""
        if self.stopping:
            return
        if task.cancelled():
            why = "cancelled"
        elif (exc := task.exception()) is not None:
            why = repr(exc)
        else:
            return  # its work was done (the topics task, once the consumers run)
        self.ended[task.get_name()] = why
        log.error("worker %s ended before the service stopped: %s", task.get_name(), why)

    async def _purge_expired(self) -> None:
        """Housekeeping: Idempotency-Key answers older than their retention."""
        cutoff = utcnow() - timedelta(hours=self.settings.idempotency_retention_hours)
        purged = await idempotency.purge_expired(self.db, self.tables, older_than=cutoff)
        if purged:
            log.info("housekeeping: %d expired idempotency keys deleted", purged)

    async def _ensure_topics(self) -> None:
        s = self.settings
        await ensure_topics(
            s.kafka_bootstrap_servers,
            self.topics,
            s.topic_partitions,
            s.topic_replication_factor,
            min_insync_replicas=s.min_insync_replicas,
            security=s.kafka_security,
        )
        self.topics_ready = True

    async def _ensure_topics_then_consume(self) -> None:
        s = self.settings
        await retry_until_done("topics", self._ensure_topics, backoff=(0.5, 5.0))
        dlq = dead_letter_publisher(self.link, s.consumer_group)
        for spec in self.consumers:
            consumer = EventConsumer(
                name=spec.name,
                topics=spec.topics,
                group_id=f"{s.consumer_group}.{spec.name}",
                bootstrap=s.kafka_bootstrap_servers,
                db=self.db,
                tables=self.tables,
                handlers=spec.handlers,
                dead_letter=dlq if spec.dead_letter else _skip_poison,
                service=s.service_name,
                security=s.kafka_security,
                read_ahead=spec.read_ahead,
            )
            self.running.append(consumer)
            self._run(consumer.run(), f"consumer-{spec.name}")

    async def stop(self) -> None:
        self.stopping = True
        # The service's workers first (they may still write), in reverse order of start.
        for worker in (*reversed(self.workers), self.housekeeping, self.relay, *self.running):
            await worker.stop()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(task, 10)
        await self.link.close()
        await self.db.dispose()
        tracing.shutdown(self.settings.service_name)
        heap.unsettle()

    async def kafka_reachable(self) -> bool:
        try:
            producer = await asyncio.wait_for(self.link.producer(), 3)
            await asyncio.wait_for(producer.client.fetch_all_metadata(), 3)
            return True
        except Exception:  # noqa: BLE001 - any failure means not ready; readiness says so
            await self.link.reset()
            return False


def create_service_app(runtime: ServiceRuntime, *, title: str, description: str, version: str = "1.0.0") -> FastAPI:
    """A FastAPI app whose lifespan runs ``runtime``, with /healthz, /readyz, /metrics and
    /asyncapi.json; requests are measured, traced and logged with their trace id."""
    s = runtime.settings
    s.check_secrets()  # before anything else: no service runs with a secret anyone knows
    s.check_storage()  # nor on a database or a mailbox nobody chose
    configure_logging(s.service_name, s.log_level, s.log_json)
    metrics.set_service(s.service_name)
    tracing.configure_tracing(s.service_name)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    # no NUL character, infinite or NaN number reaches the database (a 422 naming the field)
    # FastAPIOffline: /docs and /redoc load their scripts from the service itself, not from a
    # CDN a closed network (or this machine) cannot reach: they were blank pages there
    app = FastAPIOffline(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        dependencies=[Depends(storable_input)],
    )
    app.state.runtime = runtime
    app.state.settings = s
    app.state.jwt_secret = s.jwt_secret.get_secret_value()
    app.state.token_keys = s.token_keys
    app.state.jwt_audience = s.service_name  # only tokens meant for this service
    install_error_handlers(app)
    document_error_bodies(app)
    app.add_middleware(ObservabilityMiddleware, service=s.service_name)

    async def authenticate(scope) -> None:
        headers = dict(scope.get("headers", ()))
        await authenticated(bearer_token(headers.get(b"authorization", b"").decode("latin-1")), app.state)

    # Outermost: a body over its route's limit is refused while it is read, before any parsing,
    # and an upload's caller is checked before its body is read.
    app.add_middleware(BodyLimit, default=MiB, routes=runtime.body_limits, read_timeout=30, authenticate=authenticate)
    app.add_middleware(TrailingSlashIgnored)  # before anything reads the path

    @app.get(
        "/healthz",
        tags=["operations"],
        summary="The process is alive",
        responses={503: {"description": "a background worker (a consumer, the relay) ended: restart the process"}},
    )
    async def healthz():
        if runtime.ended:
            return JSONResponse(
                {"status": "failed", "service": s.service_name, "ended": sorted(runtime.ended)}, status_code=503
            )
        return {"status": "ok", "service": s.service_name}

    def operator(request: Request) -> bool:
        authorization = request.headers.get("authorization", "")
        return metrics.operator_may_read(authorization, development=s.is_development, token=s.operator_token)

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="The database is reachable (ready); Kafka too (else degraded)",
        responses={503: {"description": "the database does not answer: no request can be served"}},
    )
    async def readyz(request: Request):
        db_ok, kafka_ok = await asyncio.gather(runtime.db.ping(), runtime.kafka_reachable())
        schema = await migrations.schema_state(runtime.db) if db_ok else None
        # Ready with the database alone: without Kafka a write still succeeds (its events wait
        # in the outbox), so a broker outage must not take every instance out of its Service.
        # "degraded" says the broker is away; the consumers and relay catch up once it is back.
        # A schema behind this code (its migration not run yet) is not ready: requests would fail.
        serves = db_ok and schema != "behind"
        status = "not ready" if not serves else "ready" if kafka_ok else "degraded"
        status_code = 200 if serves else 503
        if not operator(request):  # a probe needs the status; the detail is for operators
            return JSONResponse({"status": status}, status_code=status_code)
        backlog, age = await runtime.relay.backlog() if serves else (None, None)
        body = {
            "status": status,
            "database": db_ok,
            "schema": schema,
            "kafka": kafka_ok,
            "outbox_backlog": backlog,
            "outbox_oldest_seconds": age,
            "consumers": {
                c.name: {
                    "handled": c.stats.handled,
                    "duplicates": c.stats.duplicates,
                    "dead_lettered": c.stats.dead_lettered,
                }
                for c in runtime.running
            },
        }
        return JSONResponse(body, status_code=status_code)

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", response_class=Response)
    async def prometheus_metrics(request: Request) -> Response:
        if not operator(request):
            raise Unauthenticated("operations.token_required", "metrics need the operator token", "authorization")
        await metrics.refresh_runtime_gauges(runtime)
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    @app.get("/asyncapi.json", tags=["operations"], summary="The event contract (AsyncAPI 3.0)")
    async def asyncapi_document() -> dict:
        return build_document()

    return app
