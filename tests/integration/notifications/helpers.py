"""Real receivers for the notifications tests: an SMTP server (aiosmtpd) and an HTTP webhook endpoint."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from services.notifications.app import create_app
from services.notifications.models import Contact
from services.notifications.settings import Settings
from shared.events.catalog import (
    ApplicantRegistered,
    ApplicationSubmitted,
    CycleUpserted,
    ProgrammeUpserted,
)
from shared.events.envelope import Envelope
from tests.support.events import TEST_SOURCE, EventPublisher
from tests.support.infra import free_port, wait_for
from tests.support.kafka import consumer as kafka_consumer
from tests.support.kafka import decode_record
from tests.support.mail import MailSink
from tests.support.services import in_process
from tests.support.services import test_settings as settings_for

# --- SMTP ---


@asynccontextmanager
async def service_with_mail(
    kafka, postgres, database: str, *, source: str = TEST_SOURCE, **settings: Any
) -> AsyncIterator[tuple[Any, Any, MailSink, EventPublisher]]:
    """The notifications service in-process on its own database, sending to an SMTP sink and
    dispatching every 0.1 s, with a publisher to feed it: (app, client, mail, publisher)."""
    mail = MailSink().start()
    pub = await EventPublisher(kafka.bootstrap, source=source).start()
    app = create_app(
        settings_for(
            Settings,
            await postgres.create_database(database),
            kafka.bootstrap,
            smtp_host="127.0.0.1",
            smtp_port=mail.port,
            dispatch_poll_seconds=0.1,
            **settings,
        )
    )
    try:
        async with in_process(app) as client:
            yield app, client, mail, pub
    finally:
        await pub.stop()
        mail.stop()


# --- webhooks ---


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass
class WebhookReceiver:
    """An HTTP endpoint on loopback; per path a plan of answers (status codes or "hang")."""

    port: int = field(default_factory=free_port)
    hang_seconds: float = 1.5
    requests: list[Received] = field(default_factory=list)
    plans: dict[str, list] = field(default_factory=dict)

    def __post_init__(self):
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def plan(self, path: str, answers: list) -> str:
        with self.lock:
            self.plans[path] = list(answers)
        return self.base + path

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps the connection, as a partner's server would

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                with receiver.lock:
                    plan = receiver.plans.get(self.path)
                    answer = plan.pop(0) if plan else 200
                hang = answer == "hang"
                answer = 503 if hang else answer
                with receiver.lock:  # recorded on arrival, with the answer it will get
                    receiver.requests.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body, answer)
                    )
                if hang:  # longer than the sender's timeout
                    time.sleep(receiver.hang_seconds)
                self.send_response(answer)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def at(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def accepted(self, path: str) -> list[Received]:
        return [r for r in self.at(path) if 200 <= r.status < 300]

    @staticmethod
    def payload(r: Received) -> dict:
        """The body as the partner reads it, held to the partner contract the service publishes
        (docs/partner-asyncapi.json): body and Standard Webhooks headers."""
        import jsonschema

        from services.notifications.domain.partner_contract import document

        body = json.loads(r.body)
        root = {"components": document()["components"]}
        schema = "PingEvent" if body.get("type") == "webhook.ping" else "PartnerEvent"
        jsonschema.validate(body, {**root, "$ref": f"#/components/schemas/{schema}"})
        jsonschema.validate(r.headers, {**root, "$ref": "#/components/schemas/WebhookHeaders"})
        return body


# --- events ---


async def find_events(bootstrap: str, topic: str, predicate, n: int = 1, timeout: float = 30) -> list[Envelope]:
    """Read ``topic`` from the start until ``n`` envelopes satisfy ``predicate``."""
    from tests.support.infra import wait_for

    consumer = kafka_consumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    found: list[Envelope] = []
    try:

        async def scan():
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for rec in records:
                    env = decode_record(rec)
                    if env is not None and predicate(env):
                        found.append(env)
            return found if len(found) >= n else None

        await wait_for(scan, timeout=timeout, what=f"{n} event(s) on {topic}")
    finally:
        await consumer.stop()
    return found


def programme(pid: str, institution: str, title: str, cycle_id: str, scheme_id: str) -> ProgrammeUpserted:
    return ProgrammeUpserted(
        programme_id=pid,
        cycle_id=cycle_id,
        scheme_id=scheme_id,
        host_institution_id=institution,
        host_institution_name=f"{institution} University",
        host_country="CN",
        title=title,
        field="medicine",
        level="bachelor",
        language="zh",
        seats=10,
    )


def cycle(cycle_id: str, scheme_id: str, name: str) -> CycleUpserted:
    now = datetime.now(UTC)
    return CycleUpserted(
        cycle_id=cycle_id,
        scheme_id=scheme_id,
        name=name,
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=30),
    )


def submitted(
    application_id: str,
    applicant_id: str,
    cycle_id: str,
    scheme_id: str,
    choices: list[str],
    *,
    language: str = "en",
    country: str = "KZ",
) -> ApplicationSubmitted:
    """An application.submitted: ids and facts, no name or address (those come from the
    applicant's own events: ``known_applicant``)."""
    return ApplicationSubmitted(
        application_id=application_id,
        applicant_id=applicant_id,
        cycle_id=cycle_id,
        scheme_id=scheme_id,
        applicant_type="student",
        sending_country=country,
        choices=choices,
        grade=88.5,
        submitted_at=datetime.now(UTC),
        preferred_language=language,
    )


async def known_applicant(
    app,
    pub,
    applicant_id: str,
    *,
    language: str = "en",
    name: str = "Aigerim Nurlanovna",
    email: str | None = None,
    country: str = "KZ",
) -> str:
    """The applicant registered (their contact stored) before anything is said to them, as
    in the real system; returns their address."""
    email = email or f"{applicant_id}@example.kz"
    await pub.publish(
        ApplicantRegistered(
            applicant_id=applicant_id, email=email, name=name, preferred_language=language, nationality=country
        )
    )
    await stored_row(app, Contact, applicant_id, "the applicant's contact")
    return email


async def stored_row(app, model, key: str, what: str) -> None:
    """The row is stored before the event that needs it comes."""

    async def stored():
        async with app.state.runtime.db.session() as s:
            return await s.get(model, key) is not None

    await wait_for(stored, timeout=30, what=what)


async def registered(env, applicant: str, **contact) -> None:
    """An applicant registered long before anything is said to them: the contact is stored
    first (events of different keys are read in no set order)."""
    app, _client, _mail, pub = env
    await pub.publish(ApplicantRegistered(applicant_id=applicant, **contact))
    await stored_row(app, Contact, applicant, "the applicant's contact")
