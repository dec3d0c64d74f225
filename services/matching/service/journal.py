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

from functools import partial

from services.matching.models import JournalEntry
from shared.journal import append

# record(session, actor, Action.X, subject=..., ...): one entry in the caller's transaction
record = partial(append, model=JournalEntry)
