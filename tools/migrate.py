"""Migrate one service's database to the newest revision, then exit.

    python -m tools.migrate applications|matching|notifications

Reads the service's own settings (``<PREFIX>_DATABASE_URL``, else the default), so the
Kubernetes migration Job runs it with the same ConfigMap and Secret as the service, and the
service itself runs with ``<PREFIX>_RUN_MIGRATIONS=false``.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path

from shared import migrations
from shared.db import Database

SERVICES = ("applications", "matching", "notifications")


async def migrate(service: str) -> str:
    if service not in SERVICES:
        raise SystemExit(f"unknown service {service!r}; one of: {', '.join(SERVICES)}")
    settings = importlib.import_module(f"services.{service}.settings").Settings()
    models = importlib.import_module(f"services.{service}.models")
    migrations_dir = Path(models.__file__).parent / "migrations"
    if settings.is_sqlite:
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once, before anything runs
    db = Database(settings.database_url, models.Base.metadata, migrations_dir)
    try:
        await migrations.migrate(db)
    finally:
        await db.dispose()
    return str(settings.database_url).split("@")[-1]  # no credentials in the output


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    where = asyncio.run(migrate(argv[0]))
    print(f"{argv[0]}: migrated to head ({where})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
