"""The audit journal: who changed what here, when, before and after, and why.

Each use case that changes something of consequence (a subscription created or deleted, a
signing secret rotated, a dead delivery replayed) appends exactly one entry through
``record`` in its own transaction, so an entry exists exactly when its change committed.
Nothing updates or deletes an entry: there is no route for it, and on PostgreSQL a trigger
(migration ``journal_of_subscriptions_and_replays``) refuses UPDATE and DELETE.
"""

from __future__ import annotations

from functools import partial

from services.notifications.models import JournalEntry
from shared.journal import append

# record(session, actor, Action.X, subject=..., ...): one entry in the caller's transaction
record = partial(append, model=JournalEntry)
