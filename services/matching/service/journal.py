"""The audit journal: who did what, when, before and after, and why.

Each use case that decides or changes something of consequence appends exactly one entry
through ``record`` in its own transaction. Why not built from the Kafka events: several of
these changes have no event (scoresheets, assignments, conflicts, scores) and the events
carry no actor; writing in the same transaction means an entry exists exactly when its
change committed (a rolled-back change leaves none, a retried consumer adds none). Nothing
updates or deletes an entry: there is no route for it, and on PostgreSQL a trigger
(migration ``committee_scoresheets_reviews_and_journal``) refuses UPDATE and DELETE.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain.journal import Action
from services.matching.models import JournalEntry
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
