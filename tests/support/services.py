"""Run Corridor services for tests: as real uvicorn processes, or in-process over ASGI."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import jwt
from aiokafka.errors import KafkaConnectionError
from fastapi import FastAPI

from shared.auth import ALL_SERVICES, TokenKeys, issue_token
from shared.principal import Principal, Role
from shared.settings import new_key_pair
from tests.support.infra import ROOT, free_port, kafka_security, run_coroutine

TEST_JWT_SECRET = "test-secret-for-the-corridor-suite-0123456789"  # referee links; tokens use the key pair


def _session_key_pair() -> tuple[TokenKeys, Path, Path]:
    """This session's Ed25519 token keys, as the services read them (files), and as TokenKeys."""
    directory = Path(tempfile.mkdtemp(prefix="corridor-test-keys-"))
    atexit.register(shutil.rmtree, directory, True)
    private_pem, public_pem = new_key_pair()
    private, public = directory / "jwt-ed25519.pem", directory / "jwt-ed25519.pub.pem"
    private.write_text(private_pem)
    private.chmod(0o600)
    public.write_text(public_pem)
    return TokenKeys(secret=TEST_JWT_SECRET, public_key=public_pem, private_key=private_pem), private, public


# Tokens are signed as in production: Ed25519, the private key only in the applications service.
TEST_TOKEN_KEYS, TEST_PRIVATE_KEY_FILE, TEST_PUBLIC_KEY_FILE = _session_key_pair()
# The applications service encrypts documents and letters at rest with this key (id:secret).
TEST_STORAGE_KEYS = "test:storage-key-for-the-corridor-suite-0123456789"
PREFIX = {"applications": "APPLICATIONS", "matching": "MATCHING", "notifications": "NOTIFICATIONS", "portal": "PORTAL"}


def token(role: Role, sub: str = "u1", *, audience: tuple[str, ...] = ALL_SERVICES, **scope) -> str:
    """A token as the applications service issues them (for every service). The applications
    service also wants its account to exist: use ``tests.support.accounts`` there."""
    return issue_token(Principal(sub=sub, role=role, **scope), TEST_TOKEN_KEYS, 3600, audience=audience)


def claims_of(token_: str, audience: str = "applications") -> dict:
    """A token's claims, its signature checked with the session's public key."""
    return jwt.decode(token_, TEST_TOKEN_KEYS.public_key, algorithms=["EdDSA"], issuer="corridor", audience=audience)


def auth(role: Role, sub: str = "u1", **scope) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(role, sub, **scope)}"}


async def _commit_the_ends(bootstrap: str, groups: list[str]) -> None:
    from aiokafka import AIOKafkaConsumer, TopicPartition
    from aiokafka.admin import AIOKafkaAdminClient

    from shared.kafka.security import client_options

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_options())
    await admin.start()
    try:
        described = await admin.describe_topics()
    finally:
        await admin.close()
    partitions = [
        TopicPartition(t["topic"], p["partition"])
        for t in described
        if not t["topic"].startswith("__")
        for p in t["partitions"]
    ]
    if not partitions:
        return

    async def commit(group: str) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False, **client_options()
        )
        await consumer.start()
        try:
            ends = await consumer.end_offsets(partitions)
            consumer.assign(partitions)
            await consumer.commit(ends)
        finally:
            await consumer.stop()

    await asyncio.gather(*(commit(group) for group in groups))


# The consumers each service runs (shared/runtime.py: its ConsumerSpecs, and "revocations" in
# every service); each joins the group "<consumer_group>.<name>".
# tests/integration/test_test_services_groups.py checks this against the services' runtimes.
CONSUMERS = {
    "applications": ("catalog", "matching", "revocations"),
    "matching": ("pool", "revocations"),
    "notifications": ("notify", "revocations"),
    "portal": (),
}


def fresh_group(name: str, bootstrap: str) -> str:
    """A consumer group prefix of its own for one test service, whose consumers' groups
    (``<prefix>.<consumer>``) start where every topic ends now.

    The session's broker keeps every event of every earlier test; a new group reading from the
    first of them spent most of a later test's time on other tests' events. Whatever the test
    publishes from here on is after these offsets, so nothing it sends is skipped.
    """
    group = f"{name}-{uuid.uuid4().hex[:8]}"
    groups = [group, *(f"{group}.{consumer}" for consumer in CONSUMERS.get(name, ()))]
    for attempt in range(4):
        try:  # a new group's coordinator may not be ready on the first try
            run_coroutine(asyncio.wait_for(_commit_the_ends(bootstrap, groups), 60))
            return group
        except KafkaConnectionError:  # no broker there (a test of a refused start): nothing to skip
            return group
        except Exception as exc:  # noqa: BLE001 - said below; the group then reads from the start
            failure = exc
            time.sleep(0.5 * (attempt + 1))
    print(f"consumer group {group} reads from the first event: {failure!r}", file=sys.stderr)
    return group


def service_env(name: str, database_url: str, bootstrap: str, **extra: str) -> dict[str, str]:
    p = PREFIX[name]
    env = {
        f"{p}_DATABASE_URL": database_url,
        "CORRIDOR_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CORRIDOR_JWT_SECRET": TEST_JWT_SECRET,
        "CORRIDOR_JWT_PUBLIC_KEY_FILE": str(TEST_PUBLIC_KEY_FILE),
        "CORRIDOR_LOG_LEVEL": "INFO",
        f"{p}_OUTBOX_POLL_SECONDS": "0.2",
    }
    security = kafka_security(name)
    if security is not None:  # the service's own principal, not the suite's admin
        env.update(security.as_env())
    if name == "applications":
        env["APPLICATIONS_STORAGE_KEYS"] = TEST_STORAGE_KEYS
        env["APPLICATIONS_JWT_PRIVATE_KEY_FILE"] = str(TEST_PRIVATE_KEY_FILE)
        # applicants registered by the suites submit at once; the tests of confirming an address
        # turn it on (tests/integration/applications/test_email_verification.py)
        env["APPLICATIONS_EMAIL_VERIFICATION"] = "false"
    env.update({k if k.startswith(("CORRIDOR_", p)) else f"{p}_{k}": v for k, v in extra.items()})
    if f"{p}_CONSUMER_GROUP" not in env:  # a group of its own per stack: stacks never split partitions
        env[f"{p}_CONSUMER_GROUP"] = fresh_group(name, bootstrap)
    return env


@dataclass
class ServiceProcess:
    """A service under uvicorn in its own process, as in production."""

    name: str
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    # What runs the service (None: shared.serve, as in production; bench/profiled.py: under a
    # profiler) and how long a SIGTERM may take before a SIGKILL (a profiler writes its report).
    command: list[str] | None = None
    stop_seconds: float = 20

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60, *, tries: int = 3) -> ServiceProcess:
        """Started and healthy. A port taken between ``free_port`` and the bind (by an outgoing
        connection of the suite running beside: both come from the ephemeral range) is tried
        again on another port: the browser suite had lost every test to one such collision."""
        for attempt in range(tries):
            try:
                return self._start(timeout)
            except RuntimeError as exc:
                if "address already in use" not in str(exc) or attempt == tries - 1:
                    raise
                self.port = free_port()
        raise AssertionError("unreachable")

    def _start(self, timeout: float) -> ServiceProcess:
        env = {**os.environ, **self.env}
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.command
            or [
                sys.executable,
                "-m",
                "shared.serve",  # uvicorn with a deadline for request headers, as in production
                f"services.{self.name}.app:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; log: {self.log_path}\n{self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            time.sleep(0.2)
        tail = self.log_tail()
        self.stop()  # not left running behind the failed test, loading the machine for the next
        raise RuntimeError(f"{self.name} did not become healthy; log tail:\n{tail}")

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(self.stop_seconds)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if getattr(self, "_log", None):
            self._log.close()

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, as a crash."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@contextlib.asynccontextmanager
async def in_process(app: FastAPI):
    """Run an app's lifespan (migrations, relay, consumers) and talk to it over ASGI."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30) as client:
            yield client


def test_settings(settings_cls, database_url: str, bootstrap: str, **overrides):
    """A service's settings for an in-process test app (unique consumer group)."""
    name = settings_cls.model_fields["service_name"].default
    security = kafka_security(name)
    if security is not None:  # the service's own principal, not the suite's admin
        overrides = {"kafka_username": security.username, "kafka_password": security.password, **overrides}
    if name == "applications":
        overrides = {
            "storage_keys": TEST_STORAGE_KEYS,
            "jwt_private_key_file": TEST_PRIVATE_KEY_FILE,
            "email_verification": False,  # as in service_env
            **overrides,
        }
    return settings_cls(
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap,
        jwt_secret=TEST_JWT_SECRET,
        jwt_public_key_file=TEST_PUBLIC_KEY_FILE,
        consumer_group=fresh_group(name, bootstrap),
        outbox_poll_seconds=0.2,
        **overrides,
    )
