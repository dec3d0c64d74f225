"""The audit journal: who did what here, when, before and after, and why.

Each use case that decides or changes something of consequence appends exactly one entry
through ``record`` in its own transaction (so an entry exists exactly when its change
committed). Nothing updates or deletes an entry: there is no route for it, and on PostgreSQL a
trigger (migration ``journal_of_decisions``) refuses UPDATE and DELETE.
"""

from __future__ import annotations

from functools import partial

from services.applications.models import JournalEntry
from shared.journal import append

# record(session, actor, Action.X, subject=..., ...): one entry in the caller's transaction
record = partial(append, model=JournalEntry)
