"""deploy/k8s rendered offline (a kustomize subset) and checked against the Kubernetes 1.37
schemas (kubernetes-validate, strict: unknown fields fail), then against our own rules."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from shared.settings import CommonSettings
from shared.tracing import TracingSettings
from tests.unit.ops.kustomize import render

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ["staging", "production"]
SERVICES = {"applications": "APPLICATIONS", "matching": "MATCHING", "notifications": "NOTIFICATIONS"}
# every Deployment: the services and the portal (no database, no Kafka: the services' APIs)
DEPLOYED = {**SERVICES, "portal": "PORTAL"}
CONSUMERS = ["matching", "notifications"]
K8S_VERSION = "1.37.0"


def known_env_names() -> set[str]:
    import importlib

    names = {f"CORRIDOR_{f.upper()}" for f in CommonSettings.model_fields}
    names |= {f"CORRIDOR_{f.upper()}" for f in TracingSettings.model_fields}
    for service, prefix in DEPLOYED.items():
        settings = importlib.import_module(f"services.{service}.settings").Settings
        names |= {f"{prefix}_{f.upper()}" for f in settings.model_fields}
    return names


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request) -> tuple[str, list[dict]]:
    return request.param, render(K8S / "overlays" / request.param)


def by_kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_every_document_is_valid_kubernetes(rendered):
    _env, docs = rendered
    assert len(docs) >= 15
    for d in docs:
        kubernetes_validate.validate(d, K8S_VERSION, strict=True)


def test_a_broken_manifest_is_caught():
    """The validator really checks: a misspelt field and a wrong type both fail."""
    dep = by_kind(render(K8S / "overlays" / "staging"), "Deployment")["matching"]
    dep["spec"]["replica"] = 2
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(dep, K8S_VERSION, strict=True)
    dep = by_kind(render(K8S / "overlays" / "staging"), "Deployment")["matching"]
    dep["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "eight thousand"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(dep, K8S_VERSION, strict=True)


def test_each_service_is_a_safe_probed_deployment_with_a_service(rendered):
    env, docs = rendered
    deployments, services = by_kind(docs, "Deployment"), by_kind(docs, "Service")
    assert set(deployments) == set(DEPLOYED)
    for name, dep in deployments.items():
        pod = dep["spec"]["template"]["spec"]
        (c,) = pod["containers"]
        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
        # the portal is ready when it answers: its /readyz fails while any one service does
        assert c["readinessProbe"]["httpGet"]["path"] == ("/healthz" if name == "portal" else "/readyz")
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(c["resources"][kind]), (name, kind)
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
        assert c["securityContext"]["allowPrivilegeEscalation"] is False
        assert c["securityContext"]["capabilities"]["drop"] == ["ALL"]
        assert c["image"].startswith("registry.example.org/corridor/corridor:")
        assert c["args"] == [f"services.{name}.app:create_app"]
        refs = {next(iter(x.values()))["name"] for x in c["envFrom"]}
        if name == "portal":  # facing the internet, it holds its own secret only
            assert refs == {"corridor-config"}
            from_secret = [e for e in c["env"] if "valueFrom" in e]
            # its session key, and the operator token that opens its /metrics (nothing else)
            keys = [e["valueFrom"]["secretKeyRef"]["key"] for e in from_secret]
            assert keys == ["PORTAL_SESSION_SECRET", "CORRIDOR_OPERATOR_TOKEN"]
            assert {e["name"]: e.get("value") for e in c["env"]}["FORWARDED_ALLOW_IPS"]
        else:
            assert refs == {"corridor-config", "corridor-secrets"}
        # the Service selects exactly this Deployment's pods
        svc = services[name]
        pod_labels = dep["spec"]["template"]["metadata"]["labels"]
        assert svc["spec"]["selector"].items() <= pod_labels.items()
        assert dep["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
        assert svc["spec"]["ports"][0]["targetPort"] == "http"
        assert pod_labels["corridor.example.org/environment"] == env
        assert dep["metadata"]["namespace"] == ("corridor-staging" if env == "staging" else "corridor")
    for name in CONSUMERS:
        assert deployments[name]["spec"]["replicas"] >= 2, f"{name}: several consumer instances"


def test_config_names_are_real_settings_and_migrations_run_as_jobs(rendered):
    _env, docs = rendered
    known = known_env_names()
    config = by_kind(docs, "ConfigMap")["corridor-config"]["data"]
    secret = by_kind(docs, "Secret")["corridor-secrets"]["stringData"]
    unknown = sorted((set(config) | set(secret)) - known)
    assert not unknown, f"not settings of any service: {unknown}"
    assert not set(config) & set(secret)
    for prefix in SERVICES.values():
        assert config[f"{prefix}_RUN_MIGRATIONS"] == "false"
        assert f"{prefix}_DATABASE_URL" in secret
    assert "CORRIDOR_JWT_SECRET" in secret and "PORTAL_SESSION_SECRET" in secret
    assert config["NOTIFICATIONS_PORTAL_URL"].startswith("https://")  # e-mails' links, not 127.0.0.1
    for name in SERVICES:  # the portal finds each service through its Service
        assert config[f"PORTAL_{name.upper()}_URL"] == f"http://{name}"
        assert name in by_kind(docs, "Service")
    assert config["CORRIDOR_TOPIC_REPLICATION_FACTOR"] == "3" and config["CORRIDOR_MIN_INSYNC_REPLICAS"] == "2"
    jobs = by_kind(docs, "Job")
    for service in SERVICES:
        (c,) = jobs[f"migrate-{service}"]["spec"]["template"]["spec"]["containers"]
        assert c["command"] == ["python", "-m", "tools.migrate", service]
    (c,) = jobs["create-topics"]["spec"]["template"]["spec"]["containers"]
    assert c["command"] == ["python", "-m", "tools.create_topics"]


def test_overlay_patches_apply():
    prod = render(K8S / "overlays" / "production")
    matching = by_kind(prod, "Deployment")["matching"]["spec"]["template"]["spec"]["containers"][0]
    assert matching["resources"]["limits"]["memory"] == "2Gi"
    assert matching["livenessProbe"]["httpGet"]["path"] == "/healthz"  # merged, not replaced
    config = by_kind(prod, "ConfigMap")["corridor-config"]["data"]
    assert config["CORRIDOR_OTLP_ENDPOINT"].startswith("http://")
    assert config["CORRIDOR_KAFKA_BOOTSTRAP_SERVERS"]  # base keys kept
    assert by_kind(prod, "Deployment")["notifications"]["spec"]["replicas"] == 3


def test_base_files_parse_and_the_tools_they_run_exist():
    for f in K8S.rglob("*.yaml"):
        list(yaml.safe_load_all(f.read_text()))
    for tool in ("migrate", "create_topics"):
        assert (ROOT / "tools" / f"{tool}.py").exists()


def test_metrics_are_scraped_with_the_operator_token(rendered):
    """/metrics needs the operator token outside development mode: the generic
    prometheus.io/scrape job sends none and read every pod as down."""
    _env, docs = rendered
    deployments = by_kind(docs, "Deployment")
    for name in [*SERVICES, "portal"]:  # the portal's requests too
        annotations = deployments[name]["spec"]["template"]["metadata"].get("annotations", {})
        assert not any(k.startswith("prometheus.io/") for k in annotations), name
        assert annotations["corridor.example.org/metrics-path"] == "/metrics"
    assert "CORRIDOR_OPERATOR_TOKEN" in by_kind(docs, "Secret")["corridor-secrets"]["stringData"]

    scrape = yaml.safe_load((K8S / "prometheus" / "scrape-config.yaml").read_text())
    (job,) = scrape["scrape_configs"]
    assert job["job_name"].startswith("corridor") and job["authorization"]["type"] == "Bearer"
    assert job["authorization"]["credentials_file"]
    kept = [r["source_labels"] for r in job["relabel_configs"] if r.get("action") == "keep"]
    assert ["__meta_kubernetes_pod_annotation_corridor_example_org_metrics_path"] in kept

    monitor = yaml.safe_load((K8S / "prometheus" / "servicemonitor.yaml").read_text())
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["authorization"]["credentials"] == {"name": "corridor-secrets", "key": "CORRIDOR_OPERATOR_TOKEN"}
    assert endpoint["port"] == "http" and endpoint["path"] == "/metrics"
    services = by_kind(docs, "Service")
    scraped = set(SERVICES) | {"portal"}
    assert set(monitor["spec"]["selector"]["matchExpressions"][0]["values"]) == scraped <= set(services)
    for name in scraped:
        assert services[name]["spec"]["ports"][0]["name"] == "http"
        assert monitor["spec"]["jobLabel"] in services[name]["metadata"]["labels"]
