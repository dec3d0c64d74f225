"""Real servers for the test suite: Apache Kafka and PostgreSQL, started by the project's scripts."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KAFKA_SH = ROOT / "deploy" / "kafka" / "kafka.sh"
PG_SH = ROOT / "deploy" / "postgres" / "pg.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class KafkaBroker:
    port: int
    controller_port: int
    data: Path
    external: bool = False

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

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
        if not fresh:
            args.append("--keep")
        self._run(*args)

    def stop(self) -> None:
        if not self.external:
            self._run("stop", "--data", str(self.data))

    @classmethod
    def launch(cls, data: Path) -> KafkaBroker:
        broker = cls(port=free_port(), controller_port=free_port(), data=data)
        broker.start()
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


def external_kafka() -> KafkaBroker | None:
    bootstrap = os.environ.get("CORRIDOR_TEST_KAFKA_BOOTSTRAP")
    if not bootstrap:
        return None
    host, port = bootstrap.rsplit(":", 1)
    return KafkaBroker(port=int(port), controller_port=0, data=Path("/nonexistent"), external=True)


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
