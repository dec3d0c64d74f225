"""Move stored documents and letters onto the current storage key (issue 15).

    python -m services.applications.rekey status              files per key id, and plain ones
    python -m services.applications.rekey run [--batch-size N] reseal every file under the first key

Run it where the service runs, with the service's own settings (APPLICATIONS_STORAGE_KEYS,
APPLICATIONS_DOCUMENTS_DIR / APPLICATIONS_DATA_DIR), after every replica has been restarted
with the new key first: a file resealed under a key the service does not hold yet could not
be read by it. ``run`` is safe to repeat and to run while the service serves (files uploaded
meanwhile are already current); a file that fails stays exactly as it was, is logged and
counted, and the exit status is 1. The answer (stdout) is JSON; progress goes to the log.
A command rather than an admin route: rotating the key is already an operator's step beside
the Secret and the restart, a run over every file outlives an HTTP request, and no web
account gains the power to rewrite every file.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys

from services.applications.app import storage_keyring
from services.applications.service.storage import Encrypted, FileStore, census, rekey
from services.applications.settings import STORAGE_KEYS, Settings
from shared.observability import configure_logging
from shared.settings import DEVELOPMENT


def open_store(settings: Settings) -> Encrypted:
    """The service's own store and keys; outside development mode the keys must be set
    (else a key of this machine's own would seal files the service cannot open)."""
    if not settings.storage_key_entries() and settings.env != DEVELOPMENT:
        raise SystemExit(f"{STORAGE_KEYS} is not set: run this with the applications service's settings")
    return Encrypted(FileStore(settings.documents_path), storage_keyring(settings))


async def status(store: Encrypted) -> dict:
    found = await census(store)
    return {**dataclasses.asdict(found), "to_reseal": found.to_reseal}


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.applications.rekey", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("status", help="how many files are sealed under each key id, and how many are plain")
    run = commands.add_parser("run", help="reseal every file under the current (first) key")
    run.add_argument("--batch-size", type=int, default=100, help="files per progress line (default 100)")
    args = parser.parse_args(argv)
    settings = settings or Settings()
    configure_logging(f"{settings.service_name}-rekey", settings.log_level, settings.log_json)
    store = open_store(settings)
    if args.command == "status":
        print(json.dumps(asyncio.run(status(store)), indent=2))
        return 0
    if args.batch_size < 1:
        parser.error("--batch-size must be at least 1")
    counts = asyncio.run(rekey(store, batch_size=args.batch_size))
    print(json.dumps(dataclasses.asdict(counts), indent=2))
    return 1 if counts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
