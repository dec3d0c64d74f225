"""The Kafka ACL registry (shared.kafka.acls) against the services as they are built, and the
settings that decide who a service is on Kafka (no broker needed)."""

from __future__ import annotations

import importlib
import os
import ssl
import stat
from pathlib import Path

import pytest

from shared.events.catalog import Topics
from shared.kafka.acls import (
    CREATE,
    DESCRIBE,
    GROUP,
    PREFIXED,
    READ,
    SERVICE_TOPICS,
    TOPIC,
    WRITE,
    Acl,
    all_acls,
    ensure_credentials,
    read_credentials,
)
from shared.kafka.security import KafkaSecurity, client_options
from shared.settings import InsecureSettings, ServiceSettings
from tests.unit.ops.kustomize import render
from tools import devstack

SERVICES = ("applications", "matching", "notifications")
STRONG = "a-strong-jwt-secret-for-these-tests-0123456789"


def _runtime(service: str, tmp_path):
    settings_cls = importlib.import_module(f"services.{service}.settings").Settings
    app = importlib.import_module(f"services.{service}.app").create_app(
        settings_cls(env="development", data_dir=tmp_path, kafka_username=service, kafka_password="p" * 20)
    )
    return app.state.runtime


def _allowed(service: str) -> set[tuple[int, str, int]]:
    return {(a.resource_type, a.name, a.operation) for a in all_acls() if a.principal == f"User:{service}"}


def test_every_topic_has_a_producer_and_every_service_a_row():
    assert set(SERVICE_TOPICS) == set(SERVICES)
    produced = {t for access in SERVICE_TOPICS.values() for t in access.produces}
    assert produced == set(Topics), "a topic nobody may write (or a new one missing from SERVICE_TOPICS)"


@pytest.mark.parametrize("service", SERVICES)
def test_the_registry_covers_what_each_service_declares_and_subscribes_to(service, tmp_path):
    runtime = _runtime(service, tmp_path)
    access = SERVICE_TOPICS[service]
    allowed = _allowed(service)
    # ensure_topics: every declared topic and its .dlq must be visible and creatable.
    for topic in runtime.topics:
        for name in (str(topic), f"{topic}.dlq"):
            assert {(TOPIC, name, DESCRIBE), (TOPIC, name, CREATE)} <= allowed, name
    # Each consumer: READ on what it subscribes to, WRITE on the dead letters beside it.
    subscribed = {t for spec in runtime.consumers for t in spec.topics}
    assert subscribed == {t.value for t in access.consumes}, "SERVICE_TOPICS[...].consumes is out of date"
    for topic in subscribed:
        assert (TOPIC, topic, READ) in allowed and (TOPIC, f"{topic}.dlq", WRITE) in allowed
    # Its consumer groups start with its name (the prefixed group ACL).
    assert runtime.settings.consumer_group.startswith(service)
    assert Acl(f"User:{service}", GROUP, service, PREFIXED, READ) in all_acls()


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_writes_only_its_own_topics_and_dead_letters(service):
    access = SERVICE_TOPICS[service]
    writable = {name for kind, name, op in _allowed(service) if kind == TOPIC and op == WRITE}
    assert writable == {t.value for t in access.produces} | {t.dlq for t in access.consumes} | set(
        access.produces_prefixed
    )
    readable = {name for kind, name, op in _allowed(service) if kind == TOPIC and op == READ}
    assert readable == {t.value for t in access.consumes}
    # nothing on the cluster, no other group, no wildcard
    assert {a.resource_type for a in all_acls()} == {TOPIC, GROUP}
    assert not any(a.name in ("*", "") for a in all_acls())


def test_matching_may_not_write_the_applications_topic():
    assert (TOPIC, Topics.APPLICATIONS.value, WRITE) not in _allowed("matching")
    assert (TOPIC, Topics.NOTIFICATIONS.value, READ) not in _allowed("notifications")


def test_credentials_are_random_private_and_kept(tmp_path):
    path = tmp_path / ".run" / "kafka-users"
    first = ensure_credentials(path)
    assert set(first) == {"admin", *SERVICES} and len(set(first.values())) == 4
    assert all(len(p) >= 32 for p in first.values())
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert ensure_credentials(path) == first == read_credentials(path)
    assert ensure_credentials(tmp_path / "other")["admin"] != first["admin"]


def test_client_options_per_protocol(tmp_path):
    assert client_options(KafkaSecurity()) == {"security_protocol": "PLAINTEXT"}
    sasl = client_options(KafkaSecurity.resolve(None, "matching", "pw-0123456789abcdef"))
    assert sasl["security_protocol"] == "SASL_PLAINTEXT" and sasl["sasl_mechanism"] == "SCRAM-SHA-512"
    assert sasl["sasl_plain_username"] == "matching"
    tls = client_options(KafkaSecurity("SASL_SSL", "m", "pw"))
    assert tls["security_protocol"] == "SASL_SSL" and isinstance(tls["ssl_context"], ssl.SSLContext)
    assert "pw" not in repr(KafkaSecurity("SASL_SSL", "m", "pw"))
    assert KafkaSecurity.resolve(None, "m", "pw", "/etc/corridor/ca.pem").protocol == "SASL_SSL"
    with pytest.raises(ValueError):
        KafkaSecurity("SASL_PLAINTEXT", "m", None)


def test_outside_development_a_service_needs_kafka_credentials(monkeypatch):
    for var in ("CORRIDOR_KAFKA_USERNAME", "CORRIDOR_KAFKA_PASSWORD", "CORRIDOR_KAFKA_SECURITY_PROTOCOL"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(InsecureSettings, match="KAFKA_USERNAME"):
        ServiceSettings(service_name="x", env="production", jwt_secret=STRONG).check_secrets()
    with pytest.raises(InsecureSettings, match="needs a username"):
        ServiceSettings(
            service_name="x", env="production", jwt_secret=STRONG, kafka_security_protocol="SASL_SSL"
        ).check_secrets()
    # credentials, or PLAINTEXT chosen on purpose, or development mode: it starts
    ok = ServiceSettings(
        service_name="x", env="production", jwt_secret=STRONG, kafka_username="x", kafka_password="y" * 20
    )
    ok.check_secrets()
    assert ok.kafka_security.protocol == "SASL_PLAINTEXT"
    ServiceSettings(
        service_name="x", env="production", jwt_secret=STRONG, kafka_security_protocol="plaintext"
    ).check_secrets()
    ServiceSettings(service_name="x", env="development", jwt_secret=STRONG).check_secrets()


def test_kubernetes_gives_each_service_its_principal_and_admin_only_to_the_jobs():
    docs = render(Path(__file__).resolve().parents[3] / "deploy" / "k8s" / "overlays" / "production")
    kinds: dict[str, dict[str, dict]] = {}
    for doc in docs:
        kinds.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
    assert kinds["ConfigMap"]["corridor-config"]["data"]["CORRIDOR_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    secrets = kinds["Secret"]["corridor-secrets"]["stringData"]
    for service in SERVICES:
        assert secrets[f"{service.upper()}_KAFKA_USERNAME"] == service
    assert "CORRIDOR_KAFKA_USERNAME" not in secrets  # the super user is not every pod's
    assert kinds["Secret"]["corridor-kafka-admin"]["stringData"]["CORRIDOR_KAFKA_USERNAME"] == "admin"

    def refs(doc: dict) -> set[str]:
        containers = doc["spec"]["template"]["spec"]["containers"]
        return {e["secretRef"]["name"] for c in containers for e in c.get("envFrom", []) if "secretRef" in e}

    assert all("corridor-kafka-admin" not in refs(d) for d in kinds["Deployment"].values())
    with_admin = {name for name, d in kinds["Job"].items() if "corridor-kafka-admin" in refs(d)}
    assert with_admin == {"create-topics", "kafka-acls"}
    (acls,) = kinds["Job"]["kafka-acls"]["spec"]["template"]["spec"]["containers"]
    assert acls["command"] == ["python", "-m", "shared.kafka.acls", "apply"]


def test_make_run_gives_each_service_its_own_principal(tmp_path):
    users = ensure_credentials(tmp_path / "kafka-users")
    env = devstack.kafka_env("MATCHING", "matching", users)
    assert env == {
        "MATCHING_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "MATCHING_KAFKA_USERNAME": "matching",
        "MATCHING_KAFKA_PASSWORD": users["matching"],
    }
    assert devstack.kafka_env("PORTAL", "portal", users) == {}  # the portal has no Kafka client


def test_only_notifications_writes_the_partner_topics_and_nobody_may_create_or_read_them():
    on_partner_topics = [a for a in all_acls() if a.name.startswith("corridor.partner.")]
    assert {a.principal for a in on_partner_topics} == {"User:notifications"}
    assert {a.operation for a in on_partner_topics} == {WRITE, DESCRIBE}
    assert all(a.pattern == PREFIXED for a in on_partner_topics)
