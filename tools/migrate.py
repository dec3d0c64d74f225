"""Migrate one service's database with its Alembic revisions, or show where it stands.

    python -m tools.migrate SERVICE                        upgrade to the newest revision
    python -m tools.migrate SERVICE upgrade [REVISION]     the same, or up to REVISION
    python -m tools.migrate SERVICE current                the database's revision; at head or not
    python -m tools.migrate SERVICE history                the revisions, newest first
    python -m tools.migrate SERVICE downgrade REVISION --yes
                                                           back to REVISION (undoing those above it)

SERVICE is applications, matching or notifications. Reads the service's own settings
(``<PREFIX>_DATABASE_URL``), so the Kubernetes migration Job runs it with the same ConfigMap
and Secret as the service, and the service itself runs with ``<PREFIX>_RUN_MIGRATIONS=false``.
Outside development mode a database must be named, as for the service.

A downgrade runs each revision's ``downgrade()``: the columns and tables it drops are gone with
their data. Take a backup first (docs/runbook.md, "Roll back a migration").
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from pydantic import ValidationError
from sqlalchemy import Connection

from shared import migrations
from shared.db import Database
from shared.serve import refusal
from shared.settings import InsecureSettings, ServiceSettings

SERVICES = ("applications", "matching", "notifications")


class Target:
    """One service's database and its migration scripts."""

    def __init__(self, service: str) -> None:
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}; one of: {', '.join(SERVICES)}")
        self.service = service
        self.settings = importlib.import_module(f"services.{service}.settings").Settings()
        # The database part of the service's own start-up check (not notifications' SMTP one):
        # outside development mode, no migrating a SQLite file nobody named.
        ServiceSettings.check_storage(self.settings)
        self.models = importlib.import_module(f"services.{service}.models")
        self.migrations_dir = Path(self.models.__file__).parent / "migrations"
        self.script = ScriptDirectory.from_config(migrations.alembic_config(self.migrations_dir))

    @property
    def where(self) -> str:
        return str(self.settings.database_url).split("@")[-1]  # no credentials in the output

    async def run(self, fn: Callable[[Connection], Any], *, write: bool = False) -> Any:
        """``fn(connection)`` on the service's database, in a transaction committed when ``write``."""
        if self.settings.is_sqlite:
            Path(self.settings.data_dir).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once, before anything runs
        db = Database(self.settings.database_url, self.models.Base.metadata, self.migrations_dir)
        try:
            async with db.engine.begin() if write else db.engine.connect() as conn:
                return await conn.run_sync(fn)
        finally:
            await db.dispose()

    def config(self, connection: Connection):
        return migrations.alembic_config(self.migrations_dir, connection)

    def label(self, revision: str | None) -> str:
        if revision is None:
            return "base (no revision)"
        try:
            doc = (self.script.get_revision(revision).doc or "").strip().splitlines()
        except (CommandError, RevisionError):
            return f"{revision} (not a revision of this release: a newer one migrated the database?)"
        return f"{revision} ({doc[0]})" if doc else revision

    def known(self, revision: str) -> bool:
        try:
            return self.script.get_revision(revision) is not None
        except (CommandError, RevisionError):
            return False


def current_revisions(connection: Connection) -> tuple[str, ...]:
    return tuple(MigrationContext.configure(connection).get_current_heads())


async def migrate(service: str, revision: str = "head") -> str:
    """Upgrade ``service``'s database to ``revision``; the database's address, without credentials."""
    target = Target(service)

    def upgrade(connection: Connection) -> None:
        command.upgrade(target.config(connection), revision)

    await target.run(upgrade, write=True)
    return target.where


def show_current(target: Target) -> int:
    current = asyncio.run(target.run(current_revisions))
    heads = target.script.get_heads()
    for revision in current or (None,):
        print(f"{target.service}: {target.label(revision)}")
    if not all(target.known(r) for r in current):
        print(f"{target.service}: not at this release's head {', '.join(heads)} ({target.where})")
        return 1
    if set(current) == set(heads):
        print(f"{target.service}: at head ({target.where})")
    else:
        pending = [
            r.revision for r in target.script.iterate_revisions(heads, current or "base") if r.revision not in current
        ]
        print(
            f"{target.service}: not at head {', '.join(heads)}: {len(pending)} revision(s) to apply "
            f"(python -m tools.migrate {target.service}) ({target.where})"
        )
    return 0


def show_history(target: Target) -> int:
    current = set(asyncio.run(target.run(current_revisions)))
    heads = set(target.script.get_heads())
    for rev in target.script.walk_revisions():  # newest first
        marks = [m for m, on in (("head", rev.revision in heads), ("current", rev.revision in current)) if on]
        doc = (rev.doc or "").strip().splitlines()
        print(f"{rev.revision}{' (' + ', '.join(marks) + ')' if marks else ''}  {doc[0] if doc else ''}".rstrip())
    if not current:
        print("(the database has no revision yet)")
    for revision in sorted(r for r in current if not target.known(r)):
        print(f"(the database is at {target.label(revision)})")
    return 0


def downgrade(target: Target, revision: str, yes: bool) -> int:
    current = asyncio.run(target.run(current_revisions))
    if not current:
        print(f"{target.service}: the database has no revision: nothing to downgrade", file=sys.stderr)
        return 1
    if revision != "base":
        revision = target.script.get_revision(revision).revision  # a unique prefix will do
    if revision in current:
        print(f"{target.service}: already at {target.label(revision)}: nothing to downgrade")
        return 0
    # What would be undone, newest first (REVISION itself stays); one not below the current is refused.
    try:
        undone = [r.revision for r in target.script.iterate_revisions(current, revision)]
    except RevisionError as exc:
        raise CommandError(f"{revision} is not below the current revision {', '.join(current)}: {exc}") from exc
    if not yes:
        what = "\n".join(f"  {target.label(r)}" for r in undone)
        print(
            f"{target.service}: a downgrade to {target.label(None if revision == 'base' else revision)} "
            f"would undo ({target.where}):\n{what}\n"
            "Nothing done. A downgrade drops the columns and tables those revisions added, with their data: "
            'take a backup first (docs/runbook.md, "Back up"), then run again with --yes.',
            file=sys.stderr,
        )
        return 1

    def run(connection: Connection) -> None:
        command.downgrade(target.config(connection), revision)

    asyncio.run(target.run(run, write=True))
    now = asyncio.run(target.run(current_revisions))
    labels = ", ".join(target.label(r) for r in now) or target.label(None)
    print(f"{target.service}: downgraded to {labels} ({target.where})")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tools.migrate",
        usage="%(prog)s [-h] SERVICE [upgrade [REVISION] | current | history | downgrade REVISION --yes]",
        description="Migrate one service's database (Alembic), or show where it stands. "
        "With no command: upgrade to the newest revision.",
        epilog="A downgrade can lose the data of the columns and tables it drops: take a backup first "
        '(docs/runbook.md, "Roll back a migration").',
    )
    p.add_argument("service", metavar="SERVICE", help=f"one of: {', '.join(SERVICES)}")
    sub = p.add_subparsers(dest="action", metavar="COMMAND", prog="python -m tools.migrate SERVICE")
    up = sub.add_parser("upgrade", help="upgrade to REVISION (default: head, the newest)")
    up.add_argument("revision", metavar="REVISION", nargs="?", default="head")
    sub.add_parser("current", help="print the database's current revision and whether it is at head")
    sub.add_parser("history", help="list the revisions, newest first (marking head and current)")
    down = sub.add_parser(
        "downgrade",
        help="downgrade to REVISION (a revision id, or base); needs --yes",
        description="Undo the revisions above REVISION. It can drop columns and tables, and their data: "
        "take a backup first. Without --yes it only says what it would undo.",
    )
    down.add_argument("revision", metavar="REVISION", help="the revision to go back to (a revision id, or base)")
    down.add_argument("--yes", action="store_true", help="proceed: the dropped data is lost")
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    if args.service not in SERVICES:
        p.error(f"unknown service {args.service!r}; one of: {', '.join(SERVICES)}")
    try:
        if args.action in (None, "upgrade"):
            revision = getattr(args, "revision", "head")
            where = asyncio.run(migrate(args.service, revision))
            print(f"{args.service}: migrated to {revision} ({where})")
            return 0
        target = Target(args.service)
        if args.action == "current":
            return show_current(target)
        if args.action == "history":
            return show_history(target)
        return downgrade(target, args.revision, args.yes)
    except (InsecureSettings, ValidationError) as exc:
        # as the service words it: the variable named, a URL's password never repeated
        print(f"{args.service}: {refusal(exc, args.service)}", file=sys.stderr)
        return 2
    except (CommandError, RevisionError) as exc:
        print(f"{args.service}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
