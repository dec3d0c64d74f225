"""One running stack (the three services as processes) shared by the guarantee checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tests.integration.conftest import Stack, launch_stack
from tests.support.events import publish
from tests.support.flows import Catalog, demo_catalog, wait_for_catalog

CHEAP_ARGON2 = {"ARGON2_MEMORY_KIB": "8192", "ARGON2_TIME_COST": "1"}


@dataclass
class Guarded:
    stack: Stack
    catalog: Catalog
    bootstrap: str
    documents_dir: Path
    mail_dir: Path
    engines: dict[str, AsyncEngine]

    def group(self, service: str) -> str:
        """The service's consumer group (the dlq_group header of what it dead-letters)."""
        proc = getattr(self.stack, service)
        return proc.env[f"{service.upper()}_CONSUMER_GROUP"]


@pytest.fixture(scope="package")
async def guarded(kafka, postgres, tmp_path_factory) -> Guarded:
    root = tmp_path_factory.mktemp("guarantees")
    documents, mail = root / "documents", root / "mail"
    stack = await launch_stack(
        kafka,
        postgres,
        root,
        applications={"DOCUMENTS_DIR": str(documents), **CHEAP_ARGON2},
        notifications={"MAIL_DIR": str(mail)},
    )
    engines = {name: create_async_engine(url, pool_size=2) for name, url in stack.urls.items()}
    try:
        catalog = demo_catalog()
        await publish(kafka.bootstrap, *catalog.events)
        async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as client:
            await wait_for_catalog(client, catalog)
        yield Guarded(stack, catalog, kafka.bootstrap, documents, mail, engines)
    finally:
        for engine in engines.values():
            await engine.dispose()
        stack.stop()
