"""`make run`: a local Apache Kafka, the services on SQLite, demo data, and the URLs.

Ctrl-C (or SIGTERM) stops everything it started, the broker included.
Ports: CORRIDOR_RUN_KAFKA_PORT (9092), and each service's ``<PREFIX>_PORT``.

The services run in development mode (CORRIDOR_ENV=development) with a JWT secret of this
checkout's own: random, made on the first run and kept in .run/jwt-secret (mode 0600), so no
two checkouts share one and the published default is never used. Tokens are signed with this
checkout's Ed25519 key pair (.run/jwt-ed25519.pem, mode 0600, read by the applications service
only; .run/jwt-ed25519.pub.pem for every service): the secret signs only referee links.

Kafka asks who you are here too: the broker requires SASL/SCRAM-SHA-512 with the ACLs of
shared.kafka.acls, and each service logs in as its own principal. The passwords are this
checkout's own, random, kept in .run/kafka-users (mode 0600); tools such as tools/dlq.py act
as ``admin`` (the super user) with CORRIDOR_KAFKA_USERNAME=admin and CORRIDOR_KAFKA_PASSWORD
from that file.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from shared.events.catalog import Topics
from shared.kafka.acls import SERVICE_TOPICS, apply_acls, ensure_credentials
from shared.kafka.admin import keep_dead_letters
from shared.kafka.security import SASL_PLAINTEXT, KafkaSecurity
from shared.settings import check_key_pair, new_key_pair

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / ".run"
KAFKA_SH = ROOT / "deploy" / "kafka" / "kafka.sh"

# name, module, env prefix, default port; the portal (when present) is listed first.
SERVICES = [
    ("portal", "services.portal.app", "PORTAL", 8000),
    ("applications", "services.applications.app", "APPLICATIONS", 8001),
    ("matching", "services.matching.app", "MATCHING", 8002),
    ("notifications", "services.notifications.app", "NOTIFICATIONS", 8003),
]


def checkout_key_pair(directory: Path = RUN) -> tuple[Path, Path]:
    """This checkout's Ed25519 token key pair (private 0600, public): read, or made on the first run."""
    private, public = directory / "jwt-ed25519.pem", directory / "jwt-ed25519.pub.pem"
    try:
        check_key_pair(public.read_text(), private.read_text())
    except (OSError, ValueError):
        directory.mkdir(parents=True, exist_ok=True)
        private_pem, public_pem = new_key_pair()
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(private_pem)
        public.write_text(public_pem)
    os.chmod(private, 0o600)
    return private, public


def token_signing_env(service: str, private_key: Path) -> dict[str, str]:
    """Only the applications service gets the private key."""
    if service != "applications" or os.environ.get("CORRIDOR_JWT_PUBLIC_KEY_FILE"):
        return {}  # an operator's own key pair: their APPLICATIONS_JWT_PRIVATE_KEY_FILE is in the environment
    return {"APPLICATIONS_JWT_PRIVATE_KEY_FILE": str(private_key)}


def checkout_secret(path: Path = RUN / "jwt-secret") -> str:
    """This checkout's secret kept in ``path`` (the JWT key, the portal's cookie key): read, or
    made (random, 0600) on the first run."""
    try:
        secret = path.read_text().strip()
        if len(secret) >= 32:
            return secret
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secret + "\n")
    os.chmod(path, 0o600)  # also when the file was there with wider permissions
    return secret


def kafka_env(prefix: str, name: str, users: dict[str, str]) -> dict[str, str]:
    """The Kafka principal of service ``name``, as its own settings read it (``<PREFIX>_KAFKA_*``)."""
    if name not in SERVICE_TOPICS:
        return {}
    return {
        f"{prefix}_KAFKA_SECURITY_PROTOCOL": SASL_PLAINTEXT,
        f"{prefix}_KAFKA_USERNAME": name,
        f"{prefix}_KAFKA_PASSWORD": users[name],
    }


# A receiver on this machine (a partner's endpoint under test) is reachable on any port here,
# and only here: the notifications service refuses loopback by default (docs/partner-guide.md,
# "Testing your receiver locally").
LOCAL_WEBHOOK_ALLOW = "127.0.0.0/8,::1/128"


def webhook_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The notifications service's webhook allowlist under `make run`: loopback, unless the
    operator set one of their own."""
    return {"NOTIFICATIONS_WEBHOOK_ALLOW": environ.get("NOTIFICATIONS_WEBHOOK_ALLOW") or LOCAL_WEBHOOK_ALLOW}


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def present(module: str) -> bool:
    try:
        importlib.import_module(module)
        return True
    except ModuleNotFoundError:
        return False


def main() -> int:
    RUN.mkdir(exist_ok=True)
    (RUN / "logs").mkdir(exist_ok=True)
    kafka_port = int(os.environ.get("CORRIDOR_RUN_KAFKA_PORT", "9092"))
    services = [s for s in SERVICES if present(s[1])]
    ports = {name: int(os.environ.get(f"{prefix}_PORT", default)) for name, _m, prefix, default in services}
    busy = [f"{n}:{p}" for n, p in [("kafka", kafka_port), *ports.items()] if not port_free(p)]
    if busy:
        print(f"make run: ports in use ({', '.join(busy)}); stop what uses them or set the *_PORT variables.")
        return 1

    procs: list[subprocess.Popen] = []
    kafka_data = RUN / "kafka"

    def shutdown(*_):
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
        subprocess.run(["bash", str(KAFKA_SH), "stop", "--data", str(kafka_data)], capture_output=True)
        print("\nCorridor stopped.")

    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    # Ctrl-C stops everything even when started from a shell that ignores SIGINT in background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    kafka_users = RUN / "kafka-users"
    users = ensure_credentials(kafka_users)
    admin = KafkaSecurity(SASL_PLAINTEXT, "admin", users["admin"])
    try:
        print("Starting Apache Kafka (SASL/SCRAM, ACLs) ...", flush=True)
        subprocess.run(
            [
                "bash",
                str(KAFKA_SH),
                "start",
                "--keep",
                "--port",
                str(kafka_port),
                "--controller-port",
                str(kafka_port + 1),
                "--data",
                str(kafka_data),
                "--watch-pid",
                str(os.getpid()),
                "--users",
                str(kafka_users),
            ],
            check=True,
        )
        asyncio.run(apply_acls(f"127.0.0.1:{kafka_port}", admin))
        # a broker kept from an earlier run: its dead-letter topics keep their records as new ones do
        asyncio.run(keep_dead_letters(f"127.0.0.1:{kafka_port}", [t.value for t in Topics], admin))
        # The admin that tools/demo.py logs in as (created by the applications service at start-up).
        os.environ.setdefault("APPLICATIONS_BOOTSTRAP_ADMIN_EMAIL", "admin@example.org")
        os.environ.setdefault("APPLICATIONS_BOOTSTRAP_ADMIN_PASSWORD", "corridor-admin-demo")
        key_pair = checkout_key_pair()
        link_secret = os.environ.get("APPLICATIONS_JWT_SECRET") or checkout_secret()
        env = {
            **os.environ,
            # Tools started from here (demo data) are the super user; each service its own principal.
            **admin.as_env(),
            "CORRIDOR_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{kafka_port}",
            "CORRIDOR_DATA_DIR": str(RUN / "data"),
            "CORRIDOR_LOG_JSON": os.environ.get("CORRIDOR_LOG_JSON", "true"),
            "CORRIDOR_ENV": os.environ.get("CORRIDOR_ENV", "development"),
            # The secret signs referee links only, in the applications service: no other service gets it.
            "APPLICATIONS_JWT_SECRET": link_secret,
            # Tokens are signed with Ed25519: every service checks them with the public key,
            # only the applications service (which issues them) reads the private key.
            "CORRIDOR_JWT_PUBLIC_KEY_FILE": os.environ.get("CORRIDOR_JWT_PUBLIC_KEY_FILE") or str(key_pair[1]),
            "PORTAL_SESSION_SECRET": os.environ.get("PORTAL_SESSION_SECRET") or checkout_secret(RUN / "session-secret"),
            # Documents and letters are encrypted at rest with this checkout's own key.
            "APPLICATIONS_STORAGE_KEYS": os.environ.get("APPLICATIONS_STORAGE_KEYS")
            or "dev:" + checkout_secret(RUN / "storage-key"),
            # The portal logs people in: its X-Forwarded-For names who is trying (login throttle).
            "APPLICATIONS_TRUSTED_PROXIES": os.environ.get("APPLICATIONS_TRUSTED_PROXIES", '["127.0.0.1"]'),
            **webhook_env(os.environ),
        }
        for name, _m, _prefix, _d in services:
            env[f"CORRIDOR_{name.upper()}_URL"] = f"http://127.0.0.1:{ports[name]}"
        if "portal" in ports:
            reset = f"http://127.0.0.1:{ports['portal']}/password-reset?token="
            env.setdefault("APPLICATIONS_PASSWORD_RESET_URL", reset)
            # e-mails link to the portal where it runs (the ports may be moved)
            env.setdefault("NOTIFICATIONS_PORTAL_URL", f"http://127.0.0.1:{ports['portal']}")
        for name, module, prefix, _d in services:
            log = open(RUN / "logs" / f"{name}.log", "ab")
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "shared.serve",  # uvicorn with a deadline for request headers
                        f"{module}:create_app",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(ports[name]),
                    ],
                    cwd=ROOT,
                    env={**env, **kafka_env(prefix, name, users), **token_signing_env(name, key_pair[0])},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + 90
        for name, *_ in services:
            url = f"http://127.0.0.1:{ports[name]}/healthz"
            while True:
                try:
                    if httpx.get(url, timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    print(f"make run: {name} did not start; see .run/logs/{name}.log")
                    return 1
                time.sleep(0.3)
        if "portal" in ports:
            print(f"\nPortal: http://127.0.0.1:{ports['portal']}", flush=True)
        if present("tools.demo"):
            from tools.demo import seed

            urls = {name: f"http://127.0.0.1:{ports[name]}" for name in ports}
            seed(urls, env["CORRIDOR_DATA_DIR"], link_secret=link_secret)
        print("\nCorridor is running:")
        for name, *_ in services:
            # the portal is pages for people, with no API of its own: the three services have /docs
            what = "health: /healthz" if name == "portal" else "API docs: /docs, health: /healthz, metrics: /metrics"
            print(f"  {name:<14} http://127.0.0.1:{ports[name]}   ({what})")
        print(f"  {'kafka':<14} 127.0.0.1:{kafka_port}   (SASL_PLAINTEXT, SCRAM-SHA-512; principals in {kafka_users})")
        print("Logs in .run/logs/. Press Ctrl-C to stop.", flush=True)
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        print("make run: a service exited; see .run/logs/")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        shutdown()


if __name__ == "__main__":
    sys.exit(main())
