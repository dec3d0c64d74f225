"""The audit journal's shape, the same in every service that keeps one (pure): its columns,
how an entry's before/after become JSON-ready, and its CSV export.

Each service keeps its own journal table (appended in the transaction of the change it
records, never updated or deleted: a trigger refuses both on PostgreSQL); these helpers keep
the entries and exports alike, so an auditor reads the two services' journals the same way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

CSV_COLUMNS = (
    "id",
    "at",
    "actor",
    "actor_name",
    "action",
    "scheme_id",
    "cycle_id",
    "application_id",
    "subject",
    "before",
    "after",
    "reason",
)

# PostgreSQL: the journal table refuses UPDATE and DELETE (used by each service's migration).
APPEND_ONLY_FUNCTION = """
CREATE FUNCTION journal_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit journal is append-only';
END;
$$ LANGUAGE plpgsql;
"""
APPEND_ONLY_TRIGGER = (
    "CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal "
    "FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();"
)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    text = str(value)
    # a cell opened in a spreadsheet must not run as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()


def plain(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """JSON-ready (dates and enums as text)."""
    if values is None:
        return None
    return {
        k: v if v is None or isinstance(v, bool | int | float | str | list | dict) else str(v)
        for k, v in values.items()
    }
