"""The three services as real uvicorn processes over the session's Kafka and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from tests.support.infra import KafkaBroker, Postgres
from tests.support.services import ServiceProcess, service_env


@dataclass
class Stack:
    applications: ServiceProcess
    matching: ServiceProcess
    notifications: ServiceProcess
    urls: dict[str, str]

    def all(self) -> list[ServiceProcess]:
        return [self.applications, self.matching, self.notifications]

    def stop(self) -> None:
        for svc in self.all():
            svc.stop()


async def launch_stack(kafka: KafkaBroker, postgres: Postgres, logdir, **extra_env) -> Stack:
    names = ["applications", "matching", "notifications"]
    urls = await asyncio.gather(*(postgres.create_database(n) for n in names))
    procs = {}
    for name, url in zip(names, urls, strict=False):
        env = service_env(name, url, kafka.bootstrap, **extra_env.get(name, {}))
        procs[name] = ServiceProcess(name, env, logdir / f"{name}.log")
    started = await asyncio.gather(*(asyncio.to_thread(p.start) for p in procs.values()), return_exceptions=True)
    if failed := [e for e in started if isinstance(e, BaseException)]:
        for p in procs.values():  # the others too: a stack is started whole or not at all
            p.stop()
        raise failed[0]
    return Stack(**procs, urls=dict(zip(names, urls, strict=False)))


@pytest.fixture(params=["postgresql", "sqlite"])
async def database_url(request, postgres, tmp_path):
    """A fresh database of each kind the services run on: PostgreSQL, and SQLite (the
    embedded default of ``make run``)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/service.db"
    return await postgres.create_database(request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")[:40])


# The shared stack's first administrator (the applications service makes it at start).
ADMIN_EMAIL = "admin@integration.test"
ADMIN_PASSWORD = "integration-admin-password"


@pytest.fixture(scope="package")
async def stack(kafka, postgres, tmp_path_factory):
    """One stack for the modules of this package that need no settings of their own: each
    makes its own cycles, accounts and events with unique ids, and none stops a service."""
    applications = {
        "BOOTSTRAP_ADMIN_EMAIL": ADMIN_EMAIL,
        "BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        # a cheaper hash: the modules register and log in many accounts, none measures hashing
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "8192",
    }
    s = await launch_stack(kafka, postgres, tmp_path_factory.mktemp("logs"), applications=applications)
    try:
        yield s
    finally:
        s.stop()
