"""Issue 13 item 2: partner webhooks cannot reach Corridor's own network (SSRF).

Each form of internal address is refused at registration (422, field ``url``, a code) and
again at delivery after DNS; a delivery connects to the address that was checked (Host
header and TLS server name kept), so a DNS answer that changes cannot move it; what a
partner reads of a failure is "refused", the HTTP status, or the transport error's class and
message without the socket's addresses. No network: DNS is a table, HTTP an httpx.MockTransport.
"""

from __future__ import annotations

import asyncio
import ipaddress

import httpx
import pytest
from sqlalchemy import select

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.domain.targets import Policy, Refusal, check_as_written, not_public, parse_allowlist
from services.notifications.models import Notification, WebhookSubscription, infra
from services.notifications.service import partners
from services.notifications.service.channels import DeliveryError, WebhookSender, sign_webhook
from services.notifications.service.dispatcher import Dispatcher
from shared.errors import Invalid
from shared.principal import Principal, Role
from tests.support.webhook_receiver import CountingReceiver
from tests.unit.notifications.fakes import PUBLIC_IP, FakeDns, FakeEmailSender, guard, settings, sqlite_database

PRODUCTION = Policy()  # https, port 443, no allowlist
DEVELOPMENT = Policy(require_https=False, ports=frozenset({443, 80}))
DNS = {
    "internal.example": ["10.1.2.3"],
    "metadata.example": ["169.254.169.254"],
    "mixed.example": [PUBLIC_IP, "127.0.0.1"],  # one bad address is enough
    "v6-private.example": ["fd12:3456::1"],
    "hooks.internal": ["10.20.0.5"],
    "nx.example": None,
}
PARTNER = Principal(sub="p-1", role=Role.PARTNER, institutions=["xjmu"])

REFUSED = [
    ("http://127.0.0.1:8001/admin/accounts", "webhook.url_not_https"),
    ("https://127.0.0.1:8001/admin/accounts", "webhook.url_not_public"),
    ("https://127.0.0.1/", "webhook.url_not_public"),
    ("https://169.254.169.254/latest/meta-data/", "webhook.url_not_public"),
    ("https://10.0.0.1/", "webhook.url_not_public"),
    ("https://172.16.5.4/", "webhook.url_not_public"),
    ("https://192.168.1.1/", "webhook.url_not_public"),
    ("https://100.64.0.1/", "webhook.url_not_public"),
    ("https://192.0.0.8/", "webhook.url_not_public"),  # IETF protocol assignments: "global" to Python 3.11
    ("https://0.0.0.0/", "webhook.url_not_public"),
    ("https://224.0.0.251/", "webhook.url_not_public"),
    ("https://240.0.0.1/", "webhook.url_not_public"),
    ("https://255.255.255.255/", "webhook.url_not_public"),
    ("https://[::1]/", "webhook.url_not_public"),
    ("https://[::]/", "webhook.url_not_public"),
    ("https://[fd00::1]/", "webhook.url_not_public"),
    ("https://[fe80::1]/", "webhook.url_not_public"),
    ("https://[fe80::1%25eth0]/", "webhook.url_not_public"),
    ("https://[ff02::1]/", "webhook.url_not_public"),
    ("https://[::ffff:127.0.0.1]/", "webhook.url_not_public"),
    ("https://[::ffff:7f00:1]/", "webhook.url_not_public"),
    ("https://[2002:7f00:1::1]/", "webhook.url_not_public"),  # 6to4 around 127.0.0.1
    ("https://[64:ff9b::a00:1]/", "webhook.url_not_public"),  # NAT64 around 10.0.0.1
    ("https://localhost/", "webhook.url_not_public"),
    ("https://LOCALHOST./", "webhook.url_not_public"),
    ("https://api.localhost/", "webhook.url_not_public"),
    ("https://2130706433/", "webhook.url_numeric_host"),
    ("https://0x7f.0.0.1/", "webhook.url_numeric_host"),
    ("https://0x7f000001/", "webhook.url_numeric_host"),
    ("https://0177.0.0.1/", "webhook.url_numeric_host"),
    ("https://127.1/", "webhook.url_numeric_host"),
    ("https://010.0.0.1/", "webhook.url_numeric_host"),
    ("https://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "webhook.url_not_public"),  # full-width digits
    ("https://internal.example/hook", "webhook.url_not_public"),
    ("https://metadata.example/", "webhook.url_not_public"),
    ("https://mixed.example/", "webhook.url_not_public"),
    ("https://v6-private.example/", "webhook.url_not_public"),
    ("https://nx.example/", "webhook.url_unresolvable"),
    ("https://hooks.example:8443/", "webhook.url_port"),
    ("https://hooks.example:22/", "webhook.url_port"),
    ("https://user:pw@hooks.example/", "webhook.url_credentials"),
    # a header smuggled into the address, a tab: stored as sent, their deliveries had never left
    ("https://hooks.example/x\r\nHost: evil", "webhook.url_invalid"),
    ("https://hooks.example/a\tb", "webhook.url_invalid"),
    ("https://hooks.example/a b", "webhook.url_invalid"),
    ("https://hooks.example@127.0.0.1/", "webhook.url_credentials"),
    ("ftp://hooks.example/", "webhook.url_invalid"),
    ("https://bad_host!.example/", "webhook.url_invalid"),
]


@pytest.mark.parametrize(
    "url",
    [
        # invisible in every list that shows the URL; a backslash names another host to a browser
        "https://hooks.example/\u200bx",
        "https://hooks\u200d.example/",
        "https://hooks.example/\u202ex",
        "https://hooks.example\\@evil.example/",
        "https://hooks.example/a\\b",
        # a fragment is never sent: the stored URL would not be the one called
        "https://hooks.example/h#part",
    ],
)
def test_a_url_being_registered_has_nothing_invisible_no_backslash_and_no_fragment(url):
    with pytest.raises(Refusal) as refused:
        check_as_written(url)
    assert refused.value.code == "webhook.url_invalid"


def test_a_plain_url_is_registered_as_written():
    check_as_written("https://hooks.example/corridor/events?x=1&y=%23")


@pytest.mark.parametrize(("url", "code"), REFUSED)
async def test_every_internal_form_is_refused(url, code):
    with pytest.raises(Refusal) as refused:
        await guard(PRODUCTION, FakeDns(DNS)).check(url)
    assert refused.value.code == code, refused.value.reason


@pytest.mark.parametrize(
    "url", ["https://hooks.example/corridor/events?x=1", f"https://{PUBLIC_IP}/h", "https://[2606:4700::1111]/h"]
)
async def test_a_public_https_url_on_443_passes_and_names_the_address_to_connect_to(url):
    checked = await guard(PRODUCTION, FakeDns(DNS)).check(url)
    assert str(checked.address) in (PUBLIC_IP, "2606:4700::1111")


async def test_development_allows_http_and_port_80_only():
    dev = guard(DEVELOPMENT, FakeDns(DNS))
    assert (await dev.check("http://hooks.example/h")).target.port == 80
    with pytest.raises(Refusal, match="port 8080"):
        await dev.check("http://hooks.example:8080/h")
    with pytest.raises(Refusal):
        await dev.check("http://127.0.0.1/h")  # development does not open loopback


async def test_the_operators_allowlist_opens_exactly_what_it_names():
    networks, pairs = parse_allowlist(["127.0.0.1/32", "hooks.internal:8080", "[::1]:9000"])
    policy = Policy(require_https=False, ports=frozenset({443, 80}), networks=networks, pairs=pairs)
    g = guard(policy, FakeDns(DNS))
    assert str((await g.check("http://127.0.0.1:5555/receiver")).address) == "127.0.0.1"  # a CIDR: any port
    assert str((await g.check("http://hooks.internal:8080/h")).address) == "10.20.0.5"
    assert str((await g.check("http://[::1]:9000/h")).address) == "::1"
    for url in ("http://hooks.internal:8081/h", "http://127.0.0.2/h", "http://[::1]:9001/h", "http://10.20.0.5:8080/"):
        with pytest.raises(Refusal):
            await g.check(url)
    with pytest.raises(ValueError):
        parse_allowlist(["hooks.internal"])  # a host without a port is not an entry


def test_the_settings_default_to_https_on_443_and_open_http_and_80_only_in_development(monkeypatch):
    for name in ("REQUIRE_HTTPS", "PORTS", "ALLOW"):
        monkeypatch.delenv(f"NOTIFICATIONS_WEBHOOK_{name}", raising=False)
    production = settings(env="production").webhook_policy
    assert production.require_https and production.ports == {443} and not production.networks
    development = settings(env="development").webhook_policy
    assert not development.require_https and development.ports == {443, 80}
    monkeypatch.setenv("NOTIFICATIONS_WEBHOOK_ALLOW", "127.0.0.1/32, hooks.internal:8080")
    monkeypatch.setenv("NOTIFICATIONS_WEBHOOK_PORTS", "443,8443")
    operator = settings(env="production").webhook_policy
    assert operator.pairs == {("hooks.internal", 8080)} and operator.ports == {443, 8443}
    monkeypatch.setenv("NOTIFICATIONS_WEBHOOK_ALLOW", "hooks.internal")
    with pytest.raises(ValueError, match="host:port"):
        settings()


def test_public_and_not_public_addresses():
    for a in ("8.8.8.8", "2606:4700::1111"):
        assert not_public(ipaddress.ip_address(a)) is None, a
    # documentation and benchmark ranges too; an IPv4-mapped IPv6 address never (::ffff:0:0/96 is reserved)
    for a in ("127.0.0.1", "10.0.0.1", "169.254.169.254", "fd00::1", "192.0.2.1", "198.18.0.1", "::ffff:8.8.8.8"):
        assert not_public(ipaddress.ip_address(a)), a


# --- at registration ---


@pytest.fixture
async def db(tmp_path):
    database = await sqlite_database(tmp_path)
    yield database
    await database.dispose()


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://127.0.0.1:8001/admin/accounts", "webhook.url_not_public"),
        ("https://internal.example/hook", "webhook.url_not_public"),
        ("https://0x7f.0.0.1/", "webhook.url_numeric_host"),
        ("http://hooks.example/", "webhook.url_not_https"),
    ],
)
async def test_registration_refuses_with_422_on_the_url_field_and_stores_nothing(db, url, code):
    async with db.session() as s, s.begin():
        with pytest.raises(Invalid) as refused:
            await partners.subscribe(
                s,
                PARTNER,
                url=url,
                event_types=[],
                institution_id=None,
                description="",
                guard=guard(PRODUCTION, FakeDns(DNS)),
            )
    assert refused.value.code == code and refused.value.field == "url"
    async with db.session() as s:
        assert list(await s.scalars(select(WebhookSubscription))) == []


# --- at delivery ---


class Recorder:
    """An httpx transport that records requests and answers with ``status`` (or raises)."""

    def __init__(self, status: int = 204, headers: dict | None = None, raises: Exception | None = None):
        self.requests: list[httpx.Request] = []
        self.status, self.headers, self.raises = status, headers or {}, raises

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.raises:
            raise self.raises
        return httpx.Response(self.status, headers=self.headers)


def sender(recorder: Recorder, dns: FakeDns, policy: Policy = PRODUCTION) -> WebhookSender:
    return WebhookSender(settings(), guard=guard(policy, dns), transport=httpx.MockTransport(recorder))


def signed():
    return sign_webhook("whsec_" + "A" * 32, "msg_1", {"type": "webhook.ping", "data": {}})


async def test_a_delivery_connects_to_the_checked_address_with_the_hosts_name_and_sni():
    rec, dns = Recorder(), FakeDns(DNS)
    webhooks = sender(rec, dns)
    assert await webhooks.send("https://hooks.example:443/corridor/events?x=1", signed()) == 204
    [request] = rec.requests
    assert request.url.host == PUBLIC_IP and request.url.port is None and request.url.path == "/corridor/events"
    assert request.url.query == b"x=1"
    assert request.headers["host"] == "hooks.example"
    assert request.extensions["sni_hostname"] == "hooks.example"
    assert request.headers["webhook-id"] == "msg_1"
    assert dns.lookups == ["hooks.example"]  # resolved once, then connected to what was checked
    await webhooks.close()


async def test_dns_rebinding_cannot_move_a_later_delivery_inside():
    rec = Recorder()
    dns = FakeDns(DNS, later={"rebind.example": ["127.0.0.1"]})
    webhooks = sender(rec, dns)
    assert await webhooks.send("https://rebind.example/h", signed()) == 204
    with pytest.raises(DeliveryError) as refused:
        await webhooks.send("https://rebind.example/h", signed())
    assert refused.value.reason == "refused" and refused.value.status_code is None
    assert [r.url.host for r in rec.requests] == [PUBLIC_IP]  # the second never left
    await webhooks.close()


@pytest.mark.parametrize(
    ("recorder", "reason", "status"),
    [
        (
            Recorder(raises=httpx.ConnectError("[Errno 111] Connect call failed ('10.0.0.7', 6379)")),
            "ConnectError: Connect call failed",
            None,
        ),
        (
            Recorder(raises=httpx.ConnectError("All connection attempts failed")),
            "ConnectError: All connection attempts failed",
            None,
        ),
        (Recorder(raises=httpx.ReadTimeout("timed out")), "ReadTimeout: timed out", None),
        (Recorder(raises=httpx.ConnectTimeout("")), "ConnectTimeout", None),
        (Recorder(status=500), "failed: HTTP 500", 500),
        (Recorder(status=302, headers={"location": "http://127.0.0.1:8001/admin/accounts"}), "failed: HTTP 302", 302),
    ],
)
async def test_what_a_partner_reads_of_a_failure_is_its_reason_without_addresses_and_a_redirect_is_not_followed(
    recorder, reason, status
):
    webhooks = sender(recorder, FakeDns(DNS))
    with pytest.raises(DeliveryError) as failed:
        await webhooks.send("https://hooks.example/h", signed())
    assert failed.value.reason == reason and failed.value.status_code == status
    assert "Errno" not in failed.value.reason and "10.0.0.7" not in failed.value.reason
    assert len(recorder.requests) == 1  # a redirect is answered, never followed
    await webhooks.close()


async def test_a_subscription_stored_before_the_guard_is_refused_at_delivery(db):
    """One registered before this check (or through the database): delivery checks again."""
    sub = WebhookSubscription(
        institution_id="xjmu", url="http://127.0.0.1:8001/admin/accounts", secret="whsec_" + "A" * 32, created_by="p"
    )
    row = Notification(
        source_event_id="evt-1",
        event_type="org.corridor.match.approved.v1",
        channel=Channel.WEBHOOK,
        recipient=sub.id,
        institution_id="xjmu",
        context={"message_id": "msg_1", "payload": {"type": "application.offered", "data": {}}},
    )
    async with db.session() as s, s.begin():
        s.add_all([sub, row])
    rec = Recorder()
    d = Dispatcher(
        db,
        infra,
        settings(retry_schedule_seconds=[60]),
        source="/t",
        email=FakeEmailSender(),
        webhooks=sender(rec, FakeDns(DNS), DEVELOPMENT),  # even in development: loopback is not allowed
    )
    await d.dispatch_once()
    assert rec.requests == []
    async with db.session() as s:
        stored = await s.get(Notification, row.id)
    assert stored.status == DeliveryStatus.PENDING and stored.last_error == "refused"
    assert stored.last_status_code is None


def test_a_transport_error_keeps_its_class_and_message_short_and_without_addresses():
    from services.notifications.service.channels import REASON_LENGTH, transport_reason

    v6 = httpx.ConnectError("[Errno 111] Connect call failed ('2001:db8::7', 8443, 0, 0)")
    assert transport_reason(v6) == "ConnectError: Connect call failed"
    tls = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:1006)")
    assert transport_reason(tls) == "ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"
    wrong = httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)")
    assert transport_reason(wrong) == "ConnectError: [SSL: WRONG_VERSION_NUMBER] wrong version number"
    long = transport_reason(httpx.RemoteProtocolError("x\n" * 500))
    assert len(long) == REASON_LENGTH and "\n" not in long


async def test_a_delivery_out_of_tries_keeps_its_reason_and_is_logged(db, caplog):
    """It showed "failed" and nothing was logged: the operator could not tell why it died."""
    sub = WebhookSubscription(
        institution_id="xjmu", url="https://hooks.example/h", secret="whsec_" + "A" * 32, created_by="p"
    )
    row = Notification(
        source_event_id="evt-2",
        event_type="org.corridor.match.approved.v1",
        channel=Channel.WEBHOOK,
        recipient=sub.id,
        institution_id="xjmu",
        context={"message_id": "msg_2", "payload": {"type": "application.offered", "data": {}}},
    )
    async with db.session() as s, s.begin():
        s.add_all([sub, row])
    rec = Recorder(raises=httpx.ConnectError("All connection attempts failed"))
    d = Dispatcher(
        db,
        infra,
        settings(retry_schedule_seconds=[]),  # one try, then dead
        source="/t",
        email=FakeEmailSender(),
        webhooks=sender(rec, FakeDns(DNS)),
    )
    with caplog.at_level("WARNING", logger="services.notifications.service.dispatcher"):
        await d.dispatch_once()
    async with db.session() as s:
        stored = await s.get(Notification, row.id)
    assert stored.status == DeliveryStatus.DEAD and stored.last_status_code is None
    assert stored.last_error == "ConnectError: All connection attempts failed"
    [line] = [r for r in caplog.records if "dead" in r.getMessage()]
    assert line.levelname == "WARNING"
    assert row.id in line.getMessage() and sub.id in line.getMessage() and "webhook" in line.getMessage()
    assert "ConnectError: All connection attempts failed" in line.getMessage()
    # each failed try names the subscription and its institution (the operator tells the partner)
    [tried] = [r for r in caplog.records if "failed:" in r.getMessage()]
    assert tried.levelname == "WARNING" and f"subscription {sub.id} (institution xjmu)" in tried.getMessage()


# --- kept-alive connections ---


@pytest.fixture
async def receiver():
    """A loopback receiver counting connections, its port as ``receiver.port``."""
    counting = CountingReceiver()
    counting.port = await counting.start()
    yield counting
    await counting.stop()


def at_loopback(*names: str) -> FakeDns:
    return FakeDns({n: ["127.0.0.1"] for n in names})


def loopback_sender(port: int, dns: FakeDns) -> WebhookSender:
    """A sender whose guard lets the names ``dns`` knows (all at 127.0.0.1) through to the receiver's port."""
    policy = Policy.of(require_https=False, ports=[port], allow=["127.0.0.0/8"])
    return WebhookSender(settings(), guard=guard(policy, dns))


async def test_deliveries_to_one_host_share_a_connection_and_another_host_name_never_does(receiver):
    """Three deliveries to hooks.example go over one connection; a second name served at the
    same address gets its own (a connection is made for one host name only)."""
    port, dns = receiver.port, at_loopback("hooks.example", "other.example")
    webhooks = loopback_sender(port, dns)
    try:
        for _ in range(3):
            assert await webhooks.send(f"http://hooks.example:{port}/h", signed()) == 204
        assert receiver.connections == 1
        assert await webhooks.send(f"http://other.example:{port}/h", signed()) == 204
        assert receiver.connections == 2
        assert receiver.hosts == [f"hooks.example:{port}"] * 3 + [f"other.example:{port}"]
        assert dns.lookups.count("hooks.example") == 3  # each delivery checked again, kept or not
    finally:
        await webhooks.close()


async def test_the_least_recently_used_hosts_pools_are_closed_beyond_the_bound(receiver):
    port, names = receiver.port, [f"p{i}.example" for i in range(3)]
    webhooks = loopback_sender(port, at_loopback(*names))
    webhooks.MAX_HOSTS = 2
    try:
        for name in names:
            assert await webhooks.send(f"http://{name}:{port}/h", signed()) == 204
        assert [host for _scheme, host, _sni in webhooks._pools] == [f"p1.example:{port}", f"p2.example:{port}"]
        assert await webhooks.send(f"http://p0.example:{port}/h", signed()) == 204
        assert receiver.connections == 4  # p0's pool was closed: a new connection
    finally:
        await webhooks.close()


async def test_deliveries_at_once_to_more_hosts_than_the_bound_all_arrive_and_are_counted_delivered(receiver):
    """Pools closed while other deliveries run (beyond MAX_HOSTS) never fail a delivery that
    arrived, nor one in flight."""
    port, names = receiver.port, [f"p{i}.example" for i in range(40)]
    webhooks = loopback_sender(port, at_loopback(*names))
    webhooks.MAX_HOSTS = 4
    try:
        answers = []
        for wave in range(20):  # ten at a time, as the dispatcher sends, over changing hosts
            urls = [f"http://{name}:{port}/h" for name in names[wave % 7 :: 3][:10]]
            answers += await asyncio.gather(*(webhooks.send(url, signed()) for url in urls), return_exceptions=True)
        assert answers == [204] * len(answers)
        assert len(receiver.hosts) == len(answers)
        assert len(webhooks._pools) <= 4
    finally:
        await webhooks.close()
