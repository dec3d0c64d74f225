"""The slow fault-and-load suite: runs only when asked for.

    CORRIDOR_FAULTS=1 .venv/bin/python -m pytest tests/faults      (or: make faults)

Without CORRIDOR_FAULTS=1 nothing here is collected, so `make test` leaves it out.
"""

from __future__ import annotations

import os


def pytest_ignore_collect(collection_path, config):
    if (
        os.environ.get("CORRIDOR_FAULTS") != "1"
        and collection_path.suffix == ".py"
        and collection_path.name != "conftest.py"
    ):
        return True
    return None
