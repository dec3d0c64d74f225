"""An application's outcome in the latest round of its cycle, choice by choice with the reasons
the round kept (the officer's application page reads it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain.reasons import ChoiceVerdict, choice_verdicts
from services.matching.domain.statuses import OutcomeStatus, RoundStatus
from services.matching.models import PoolEntry, Round, RoundOutcome
from services.matching.service.pool import visible_entry
from shared.principal import Principal


@dataclass
class ApplicationOutcome:
    entry: PoolEntry
    round: Round | None
    outcome: RoundOutcome | None
    verdicts: list[ChoiceVerdict]


async def latest_outcome(session: AsyncSession, caller: Principal, application_id: str) -> ApplicationOutcome:
    """What the latest completed round of the application's cycle decided for it, choice by
    choice with the reasons kept on its outcome; before its first round, no round and every
    choice undecided. Seen by whoever sees its pool entry (404 otherwise)."""
    entry = await visible_entry(session, caller, application_id)
    found = (
        await session.execute(
            select(Round, RoundOutcome)
            .join(RoundOutcome, RoundOutcome.round_id == Round.id)
            .where(
                Round.cycle_id == entry.cycle_id,
                Round.status == RoundStatus.COMPLETED,
                RoundOutcome.application_id == application_id,
            )
            .order_by(Round.number.desc())
            .limit(1)
        )
    ).first()
    if found is None:
        return ApplicationOutcome(entry, None, None, choice_verdicts(list(entry.choices), None, [], []))
    round_, outcome = found
    placed = outcome.programme_id if outcome.status in (OutcomeStatus.MATCHED, OutcomeStatus.FIXED) else None
    verdicts = choice_verdicts(list(entry.choices), placed, outcome.reasons or [], outcome.waitlist_positions or [])
    return ApplicationOutcome(entry, round_, outcome, verdicts)
