"""Alert rules name real metrics and have a runbook section; compose runs two consumers each."""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

import shared.metrics  # noqa: F401 - registers the metrics

ROOT = Path(__file__).resolve().parents[3]


def exported_names() -> set[str]:
    names = set()
    for family in REGISTRY.collect():
        if family.name.startswith("corridor_"):
            for suffix in ("", "_total", "_bucket", "_count", "_sum", "_created"):
                names.add(family.name + suffix)
    return names


def test_alert_rules_use_our_metrics_and_link_the_runbook():
    rules = yaml.safe_load((ROOT / "docs" / "alerts.yaml").read_text())
    runbook = (ROOT / "docs" / "runbook.md").read_text()
    anchors = {h.strip().lower() for h in re.findall(r"^### (\S+)\s*$", runbook, re.M)}
    known = exported_names() | {"up"}
    alerts = [r for g in rules["groups"] for r in g["rules"]]
    assert len(alerts) >= 10
    for rule in alerts:
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}
        used = set(re.findall(r"\b(corridor_[a-z_]+|up)\b(?=\s*[\{\[)])", rule["expr"]))
        assert used and used <= known, (rule["alert"], used - known)
        assert rule["labels"]["severity"] in {"page", "ticket"}
        anchor = rule["annotations"]["runbook_url"].split("#")[1]
        assert anchor == rule["alert"].lower() and anchor in anchors, rule["alert"]


def test_alerts_on_delivery_outcomes_name_outcomes_the_service_counts():
    """CorridorNotificationFailures matched outcome "failed", which no delivery is ever counted
    as (a failed try is "retrying"): it could not fire until rows died, 17 hours on."""
    from services.notifications.domain.delivery import DeliveryStatus, outcome_label

    counted = {outcome_label(s) for s in DeliveryStatus}
    rules = yaml.safe_load((ROOT / "docs" / "alerts.yaml").read_text())
    named = set()
    for rule in (r for g in rules["groups"] for r in g["rules"]):
        for found in re.findall(r'corridor_notification_deliveries_total\{outcome=~?"([^"]+)"', rule["expr"]):
            named |= set(found.split("|"))
    assert named and named <= counted, named - counted
    assert "retrying" in named


def test_compose_runs_two_instances_of_each_consumer_service():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name, prefix in (("matching", "MATCHING"), ("notifications", "NOTIFICATIONS")):
        instances = [s for s in compose.values() if s.get("command") == [f"services.{name}.app:create_app"]]
        assert len(instances) == 2, name
        urls = {s["environment"][f"{prefix}_DATABASE_URL"] for s in instances}
        assert len(urls) == 1  # one database, one consumer group (the default: the service name)
        assert not any(f"{prefix}_CONSUMER_GROUP" in s["environment"] for s in instances)
        migrating = [s for s in instances if s["environment"].get(f"{prefix}_RUN_MIGRATIONS") != "false"]
        assert len(migrating) == 1, f"{name}: exactly one instance migrates"


def test_compose_serves_the_portal_whose_forwarded_address_the_applications_service_believes():
    """Without the portal, compose served only the APIs; without its address trusted, every
    person's failed log-ins counted as the portal's, one bucket for everyone."""
    from services.portal.settings import Settings as PortalSettings

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    portal = services["portal"]
    assert portal["command"] == ["services.portal.app:create_app"] and portal["ports"] == ["8000:8000"]
    env = portal["environment"]
    for name in ("applications", "matching", "notifications"):
        assert env[f"PORTAL_{name.upper()}_URL"] == f"http://{name}:8000" and name in portal["depends_on"]
        assert hasattr(PortalSettings(), f"{name}_url")
    assert "PORTAL_SESSION_SECRET" in env and ":?" in env["PORTAL_SESSION_SECRET"]  # required
    address = portal["networks"]["default"]["ipv4_address"]
    trusted = json.loads(services["applications"]["environment"]["APPLICATIONS_TRUSTED_PROXIES"])
    assert trusted == [address]
    (subnet,) = compose["networks"]["default"]["ipam"]["config"]
    assert ipaddress.ip_address(address) in ipaddress.ip_network(subnet["subnet"])
    # never among the addresses Docker hands out itself (the portal would fail to start)
    assert ipaddress.ip_address(address) not in ipaddress.ip_network(subnet["ip_range"])
    assert services["notifications"]["environment"]["NOTIFICATIONS_PORTAL_URL"].endswith(":-http://localhost:8000}")


def test_compose_passes_the_operator_token_and_the_readme_lists_every_required_setting():
    """/metrics needs the operator token outside development mode: compose passed none, so every
    scrape was refused; the README listed none of the settings compose refuses to start without."""
    text = (ROOT / "docker-compose.yml").read_text()
    services = yaml.safe_load(text)["services"]
    commands = {name: (s.get("command") or [""])[0] for name, s in services.items()}
    backends = [services[n] for n, c in commands.items() if c.startswith("services.") and "portal" not in c]
    assert len(backends) == 6
    for s in backends:
        assert ":?" in s["environment"]["CORRIDOR_OPERATOR_TOKEN"]
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    assert {"CORRIDOR_JWT_SECRET", "APPLICATIONS_STORAGE_KEYS", "PORTAL_SESSION_SECRET"} < required
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Production settings", 1)[1].split("\n## ", 1)[0]
    assert not [name for name in required if f"`{name}`" not in section]
    assert "CORRIDOR_OPERATOR_TOKEN" in (ROOT / ".env.example").read_text()
    runbook = (ROOT / "docs" / "runbook.md").read_text()
    metrics = runbook.split("## Metrics", 1)[1].split("\n## ", 1)[0]
    assert "CORRIDOR_OPERATOR_TOKEN" in metrics and "Authorization: Bearer" in metrics


def test_partner_guide_covers_subscribe_verify_and_feed():
    guide = (ROOT / "docs" / "partner-guide.md").read_text()
    for needle in (
        "/webhooks/subscriptions",
        "grant_type",
        "webhook-signature",
        "from standardwebhooks",
        "/partner/feed",
        "next_cursor",
        "application.offered",
    ):
        assert needle in guide, needle


def test_partner_guide_signature_snippet_works():
    """The guide's Python snippet accepts a genuine signed request and refuses a forged one."""
    from datetime import UTC, datetime

    from standardwebhooks import Webhook

    guide = (ROOT / "docs" / "partner-guide.md").read_text()
    [snippet] = [b for b in re.findall(r"```python\n(.*?)```", guide, re.S) if "def handle(" in b]
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    seen, stored = set(), []
    ns = {"already_seen": lambda i: i in seen, "store": lambda t, d: stored.append((t, d)), "WEBHOOK_SECRET": secret}
    exec(snippet, ns)
    body = '{"type":"application.offered","timestamp":"2026-03-01T09:30:00+00:00","data":{"application_id":"a1"}}'
    now = datetime.now(UTC)
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign("msg_1", now, body),
    }
    assert ns["handle"](body.encode(), headers) == 204
    assert stored == [("application.offered", {"application_id": "a1"})]
    forged = {**headers, "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}
    assert ns["handle"](body.encode(), forged) == 400
