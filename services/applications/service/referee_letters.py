"""Referee letters as an eligibility fact: the positions of the referees who submitted one.

Apart from ``referees.py`` so that the application use cases (edit, preview, submit) can
read it without importing the referee use cases (which use theirs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.referees import RefereeState
from services.applications.models import RefereeRequest


def needs_letters(programmes: Mapping[str, Any]) -> bool:
    return any(((p.requirements or {}).get("letters") or {}).get("count") for p in programmes.values())


async def letter_positions(
    session: AsyncSession, application_id: str, programmes: Mapping[str, Any]
) -> tuple[str, ...] | None:
    """The positions of the referees who submitted a letter; None (not queried, not checked)
    when none of ``programmes`` asks for letters."""
    if not needs_letters(programmes):
        return None
    rows = await session.scalars(
        select(RefereeRequest.position).where(
            RefereeRequest.application_id == application_id,
            RefereeRequest.state == RefereeState.SUBMITTED.value,
        )
    )
    return tuple(rows.all())
