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

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.models import ApplicantProfile, JournalEntry
from shared.journal import append
from shared.principal import Principal, Role

# record(session, actor, Action.X, subject=..., ...): one entry in the caller's transaction
record = partial(append, model=JournalEntry)


async def applicant(session: AsyncSession, applicant_id: str) -> Principal:
    """The applicant as the actor of their own step told by an event (an answer to an offer, a
    withdrawal taking them off a nomination list), by the name their events gave: such entries
    showed "applicant" or a bare id."""
    name = await session.scalar(select(ApplicantProfile.name).where(ApplicantProfile.applicant_id == applicant_id))
    return Principal(sub=applicant_id, role=Role.APPLICANT, name=name or "")
