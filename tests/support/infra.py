"""Real servers for the test suite: Apache Kafka and PostgreSQL, started by the project's scripts."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shared.events.catalog import Topics
from shared.kafka.acls import apply_acls, ensure_credentials, read_credentials
from shared.kafka.admin import ensure_topics
from shared.kafka.security import SASL_PLAINTEXT, KafkaSecurity

ROOT = Path(__file__).resolve().parents[2]
KAFKA_SH = ROOT / "deploy" / "kafka" / "kafka.sh"
PG_SH = ROOT / "deploy" / "postgres" / "pg.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The session's Kafka principals (name=password file): service_env and test_settings give each
# service its own; every other client of the suite is the super user "admin" (CORRIDOR_KAFKA_*).
USERS_ENV = "CORRIDOR_TEST_KAFKA_USERS"


def kafka_credentials() -> dict[str, str]:
    """The session broker's principals and passwords ({} when the broker asks no one)."""
    path = os.environ.get(USERS_ENV)
    return read_credentials(Path(path)) if path else {}


def kafka_security(name: str) -> KafkaSecurity | None:
    """The principal ``name`` of the session broker (None: the broker is not authenticated)."""
    password = kafka_credentials().get(name)
    return KafkaSecurity(SASL_PLAINTEXT, name, password) if password else None


def run_coroutine(coro):
    """Run ``coro`` to its end from sync code, also when called inside a running event loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@dataclass
class KafkaBroker:
    port: int
    controller_port: int
    data: Path
    external: bool = False
    # name=password per principal; None: a PLAINTEXT broker without ACLs.
    users: Path | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def security(self, name: str = "admin") -> KafkaSecurity:
        assert self.users is not None, "this broker asks no one who they are"
        return KafkaSecurity(SASL_PLAINTEXT, name, read_credentials(self.users)[name])

    def _run(self, *args: str) -> str:
        out = subprocess.run(["bash", str(KAFKA_SH), *args], capture_output=True, text=True, timeout=180, cwd=ROOT)
        if out.returncode != 0:
            raise RuntimeError(f"kafka.sh {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
        return out.stdout

    def start(self, fresh: bool = True) -> None:
        args = [
            "start",
            "--port",
            str(self.port),
            "--controller-port",
            str(self.controller_port),
            "--data",
            str(self.data),
            "--watch-pid",
            str(os.getpid()),
        ]
        if self.users is not None:
            args += ["--users", str(self.users)]
        if not fresh:
            args.append("--keep")
        self._run(*args)
        if self.users is not None:
            # Idempotent: after a --keep restart the ACLs are already there.
            run_coroutine(apply_acls(self.bootstrap, self.security()))
        # The topics exist before anything uses them, as in production (the create-topics Job):
        # a test publishing before a service's own ensure_topics ran would otherwise have the
        # broker auto-create the topic with default configs (the catalog would not be compacted).
        topics = [t.value for t in Topics]
        run_coroutine(ensure_topics(self.bootstrap, topics, 3, 1, security=self.security() if self.users else None))

    def stop(self) -> None:
        if not self.external:
            self._run("stop", "--data", str(self.data))

    @classmethod
    def launch(cls, data: Path, *, authenticated: bool = True) -> KafkaBroker:
        """A broker on free ports; ``authenticated``: SASL/SCRAM with random passwords of this
        session, the ACLs of shared.kafka.acls, and this process's Kafka clients made "admin"."""
        users = None
        if authenticated:
            users = data.parent / f"{data.name}-users"
            ensure_credentials(users)
        broker = cls(port=free_port(), controller_port=free_port(), data=data, users=users)
        broker.start()
        if users is not None:
            os.environ.update(broker.security().as_env())
            os.environ[USERS_ENV] = str(users)
        return broker


@dataclass
class Postgres:
    admin_url: str  # postgresql://user@host:port/postgres
    data: Path | None = None
    port: int | None = None

    @classmethod
    def launch(cls, data: Path) -> Postgres:
        port = free_port()
        out = subprocess.run(
            ["bash", str(PG_SH), "start", "--port", str(port), "--data", str(data)],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=ROOT,
        )
        if out.returncode != 0:
            raise RuntimeError(f"pg.sh start failed:\n{out.stdout}\n{out.stderr}")
        return cls(admin_url=out.stdout.strip().splitlines()[-1], data=data, port=port)

    def stop(self) -> None:
        if self.data is not None:
            subprocess.run(["bash", str(PG_SH), "stop", "--data", str(self.data)], capture_output=True, timeout=120)

    def restart(self) -> None:
        assert self.data is not None and self.port is not None
        subprocess.run(
            ["bash", str(PG_SH), "restart", "--port", str(self.port), "--data", str(self.data)],
            check=True,
            capture_output=True,
            timeout=120,
        )

    async def create_database(self, prefix: str) -> str:
        """A fresh, empty database; returns its SQLAlchemy asyncpg URL."""
        import asyncpg

        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        conn = await asyncpg.connect(self.admin_url)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        base = self.admin_url.rsplit("/", 1)[0]
        return base.replace("postgresql://", "postgresql+asyncpg://", 1) + f"/{name}"


def external_postgres() -> Postgres | None:
    url = os.environ.get("CORRIDOR_TEST_DATABASE_URL")
    return Postgres(admin_url=url) if url else None


@contextlib.contextmanager
def bench_postgres(prefix: str) -> Iterator[Postgres]:
    """CORRIDOR_TEST_DATABASE_URL's server, or one started in a temporary folder for the
    block and stopped and removed after it (a benchmark's PostgreSQL)."""
    pg = external_postgres()
    if pg is not None:
        yield pg
        return
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    tmp.chmod(0o755)  # the server runs as its own user
    pg = Postgres.launch(tmp / "pg")
    try:
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def external_kafka() -> KafkaBroker | None:
    bootstrap = os.environ.get("CORRIDOR_TEST_KAFKA_BOOTSTRAP")
    if not bootstrap:
        return None
    host, port = bootstrap.rsplit(":", 1)
    # Its principals, if it asks (CORRIDOR_TEST_KAFKA_USERS=file of name=password lines, with the
    # ACLs applied: python -m shared.kafka.acls apply).
    users = os.environ.get(USERS_ENV)
    if users:
        os.environ.update(KafkaSecurity(SASL_PLAINTEXT, "admin", read_credentials(Path(users))["admin"]).as_env())
    return KafkaBroker(
        port=int(port),
        controller_port=0,
        data=Path("/nonexistent"),
        external=True,
        users=Path(users) if users else None,
    )


async def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2, what: str = "condition"):
    """Poll an async predicate until it returns a truthy value; fail with ``what`` after ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    last = None
    while True:
        last = await predicate()
        if last:
            return last
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")
        await asyncio.sleep(interval)
