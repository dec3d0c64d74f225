"""The audit journal: who did what here, when, before and after, and why.

Each use case that decides or changes something of consequence appends exactly one entry
through ``record`` in its own transaction (so an entry exists exactly when its change
committed). Nothing updates or deletes an entry: there is no route for it, and on PostgreSQL a
trigger (migration ``journal_of_decisions``) refuses UPDATE and DELETE.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.journal import Action
from services.applications.models import JournalEntry
from shared.journal import plain
from shared.principal import Principal


def record(
    session: AsyncSession,
    actor: Principal | str,
    action: Action,
    *,
    subject: str,
    scheme_id: str | None = None,
    cycle_id: str | None = None,
    application_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> JournalEntry:
    """Append one entry to the caller's transaction."""
    sub, name = (actor, "") if isinstance(actor, str) else (actor.sub, actor.name)
    entry = JournalEntry(
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
