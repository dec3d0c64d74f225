"""The audit journal's shape, the same in every service that keeps one: its columns, how an
entry is appended (its before/after JSON-ready), and its CSV export.

Each service keeps its own journal table (appended in the transaction of the change it
records, never updated or deleted: a trigger refuses both on PostgreSQL); these helpers keep
the entries and exports alike, so an auditor reads the two services' journals the same way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from shared.observability import mask_query_secrets
from shared.principal import Principal, Role

Entry = TypeVar("Entry")


class Session(Protocol):
    """What appending needs of a database session (the caller's, in its transaction)."""

    def add(self, instance: Any) -> None: ...


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
    # a cell opened in a spreadsheet must not run as a formula (a tab or carriage return first
    # is how one hides behind a space, OWASP's CSV injection list)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()


def plain(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """JSON-ready (dates and enums as text); an address's query secrets masked (a webhook URL
    with "?access_token=..." was kept in clear, and exported, while the logs masked it)."""
    if values is None:
        return None
    return {
        k: mask_query_secrets(v)
        if isinstance(v, str) and (k == "url" or k.endswith("_url"))
        else v
        if v is None or isinstance(v, bool | int | float | str | list | dict)
        else str(v)
        for k, v in values.items()
    }


def append(
    session: Session,
    actor: Principal | str,
    action: StrEnum,
    *,
    model: Callable[..., Entry],
    subject: str,
    scheme_id: str | None = None,
    cycle_id: str | None = None,
    application_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> Entry:
    """Append one entry (of the service's journal table ``model``) to the caller's transaction."""
    sub, name = (actor, "") if isinstance(actor, str) else (actor.sub, actor.name)
    if not isinstance(actor, str) and actor.role == Role.APPLICANT:
        # an applicant is named when the entry is read, from their profile: a closed account's
        # name goes with it (the entry cannot be changed)
        name = ""
    if not isinstance(actor, str) and actor.client_id:  # a partner system's token: which of its clients
        name = f"{name} · client {actor.client_id}"
    entry = model(
        actor=sub,
        actor_name=(name or "")[:300],
        action=action.value,
        scheme_id=scheme_id,
        cycle_id=cycle_id,
        application_id=application_id,
        subject=subject[:200],
        before=plain(before),
        after=plain(after),
        reason=(reason or "")[:2000],
    )
    session.add(entry)
    return entry
