"""The partner guide's own Python examples, run in order against a real notifications
service (uvicorn, PostgreSQL, Kafka), with a webhook endpoint that answers with the guide's
``handle`` function: the guide and the system cannot drift apart (issue 18 item 6).

Every fenced ``python`` block of docs/partner-guide.md runs in one namespace, except the
one whose first line says it is not run (the token from the applications service, tested
there); the token is a partner token for two institutions, issued directly. ``already_seen``
and ``store`` are the partner's own (the guide says so): a set and a list here.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from standardwebhooks import Webhook

from shared.principal import Role
from tests.integration.notifications.helpers import cycle, programme, submitted
from tests.support.events import EventPublisher
from tests.support.infra import ROOT, free_port, wait_for
from tests.support.services import ServiceProcess, service_env, token

GUIDE = ROOT / "docs" / "partner-guide.md"
NOT_RUN = "# Not run by the guide's test"


def python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", GUIDE.read_text(), flags=re.S | re.M)


class Endpoint:
    """The partner's endpoint: answers with the guide's handle(), or 500 while ``failing``."""

    def __init__(self, namespace: dict):
        self.namespace = namespace
        self.failing = False
        self.received: list[tuple[dict[str, str], bytes, int]] = []
        self.hand_checked: list[bool] = []
        self.port = free_port()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status = 500 if endpoint.failing else endpoint.namespace["handle"](body, headers)
                if status < 300 and "verified" in endpoint.namespace:
                    # the guide's recipe without the package agrees with it on every request
                    secret = endpoint.namespace["WEBHOOK_SECRET"]
                    endpoint.hand_checked.append(endpoint.namespace["verified"](body, headers, secret))
                endpoint.received.append((headers, body, status))
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_guide_has_runnable_examples_for_every_partner_feature():
    runnable = "\n".join(b for b in python_blocks() if not b.startswith(NOT_RUN))
    for needed in ("/webhooks/subscriptions", "/ping", "/secret", "/partner/feed", "/replay", "institution_id"):
        assert needed in runnable, needed
    assert [b for b in python_blocks() if b.startswith(NOT_RUN)] == [
        b for b in python_blocks() if "client_credentials" in b or "AIOKafkaConsumer" in b
    ]


async def test_the_partner_guide_examples_run_against_the_real_service(kafka, postgres, tmp_path, monkeypatch):
    url = await postgres.create_database("guide")
    service = ServiceProcess(
        "notifications",
        service_env(
            "notifications",
            url,
            kafka.bootstrap,
            RETRY_SCHEDULE_SECONDS="[0.2]",
            RETRY_JITTER="0",
            DISPATCH_POLL_SECONDS="0.1",
            FEED_SETTLE_SECONDS="0",
            MAIL_DIR=str(tmp_path / "mail"),
            # the guide's endpoint is this test's, on loopback: allowed explicitly, over http
            WEBHOOK_REQUIRE_HTTPS="false",
            WEBHOOK_ALLOW="127.0.0.1/32",
        ),
        tmp_path / "notifications.log",
    ).start()
    seen: set[str] = set()
    stored: list[tuple[str, dict]] = []

    def already_seen(message_id: str) -> bool:
        new = message_id not in seen
        seen.add(message_id)
        return not new

    namespace: dict = {
        "__name__": "partner_guide",
        "already_seen": already_seen,
        "store": lambda t, d: stored.append((t, d)),
    }
    endpoint = Endpoint(namespace)
    monkeypatch.setenv("CORRIDOR_NOTIFICATIONS_URL", service.url)
    monkeypatch.setenv("PARTNER_ENDPOINT", f"http://127.0.0.1:{endpoint.port}/corridor/events")
    monkeypatch.setenv("CORRIDOR_TOKEN", token(Role.PARTNER, "xjmu-intake", institutions=["xjmu", "xjmu-nursing"]))
    pub = await EventPublisher(kafka.bootstrap).start()
    try:
        for block in python_blocks():
            if block.startswith(NOT_RUN):
                continue
            if "/partner/feed" in block:
                await _a_delivery_dies(pub, endpoint, namespace, url)
            exec(compile(block, str(GUIDE), "exec"), namespace)
            if "/secret" in block:
                await _both_secrets_verified(endpoint, namespace)

        # the guide's code did what it says: subscribed for xjmu, pinged (twice: before and
        # after the rotation), caught up from the feed, and replayed the dead delivery,
        # which now arrived (the same webhook-id as the feed's message_id: already seen)
        assert namespace["subscription"]["institution_id"] == "xjmu"
        pings = [b for h, b, s in endpoint.received if b'"webhook.ping"' in b and s == 204]
        assert len(pings) == 2
        assert namespace["cursor"] != "0"
        # from the feed (and, when a try got through before the endpoint failed it, from a delivery:
        # the same event again, which the guide's already_seen() tells apart by its id)
        # (the topics are shared with the rest of the suite, so the page caught up may hold other
        # xjmu applications before this one: what counts is that the feed delivered xjmu events)
        caught = [(k, d) for k, d in stored if k != "webhook.ping"]
        assert caught and all(k == "application.submitted" for k, _d in caught), caught
        await wait_for(lambda: _replayed(endpoint), timeout=30, what="the replayed delivery accepted")
        assert await _replayed(endpoint) in seen
        # the recipe without the package verified every request the package accepted
        assert endpoint.hand_checked and all(endpoint.hand_checked), endpoint.hand_checked
    finally:
        await pub.stop()
        endpoint.stop()
        service.stop()


async def _replayed(endpoint: Endpoint) -> str | None:
    """The webhook-id of the submitted event once the endpoint accepted it."""
    for headers, body, status in endpoint.received:
        if b'"application.submitted"' in body and status == 204:
            return headers["webhook-id"]
    return None


async def _a_delivery_dies(pub: EventPublisher, endpoint: Endpoint, namespace: dict, database_url: str) -> None:
    """An application for an xjmu programme while the endpoint fails: the delivery ends dead."""
    endpoint.failing = True
    await pub.publish(cycle("sco-2026", "sco", "SCO 2026/27"))
    await pub.publish(programme("xjmu-tcm-3p2", "xjmu", "TCM 3+2", "sco-2026", "sco"))
    # The catalog and the applications are different topics, consumed side by side: the
    # programme must be known before the application is routed to its partner.
    engine = create_async_engine(database_url)
    try:

        async def programme_known() -> bool:
            async with engine.connect() as conn:
                n = await conn.scalar(text("SELECT count(*) FROM programmes WHERE programme_id = 'xjmu-tcm-3p2'"))
            return bool(n)

        await wait_for(programme_known, timeout=60, what="the programme consumed")
    finally:
        await engine.dispose()
    await pub.publish(submitted("app-guide", "stu-guide", "sco-2026", "sco", ["xjmu-tcm-3p2"]))
    corridor = namespace["corridor"]

    async def dead() -> bool:
        items = corridor.get("/webhooks/deliveries", params={"status": "dead"}).json()["items"]
        return bool(items)

    await wait_for(dead, timeout=60, what="a dead delivery")
    endpoint.failing = False


async def _both_secrets_verified(endpoint: Endpoint, namespace: dict) -> None:
    """After the rotation's ping: its request verifies with the new secret and with the old."""
    old = namespace["subscription"]["secret"]
    headers, body, status = endpoint.received[-1]
    assert status == 204 and len(headers["webhook-signature"].split(" ")) == 2
    for secret in (old, namespace["WEBHOOK_SECRET"]):
        assert Webhook(secret).verify(body, headers)["type"] == "webhook.ping"
