"""Quota dashboard: how full each quota rule and each programme of a cycle is right now.

"Used" counts the matches that hold a place: proposed (by the latest round, awaiting
review), approved (offered) and accepted (confirmed). Rejected, declined, withdrawn and
superseded matches free their place and are not counted.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.api.schemas import QuotaOut
from services.matching.models import Cycle
from services.matching.service import quota
from services.matching.service.common import get_or_not_found, require_scheme
from shared.api import DbSession
from shared.auth import Staff

router = APIRouter(tags=["quota"])


@router.get("/cycles/{cycle_id}/quota", response_model=QuotaOut)
async def quota_dashboard(cycle_id: str, session: DbSession, caller: Staff):
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    require_scheme(caller, cycle.scheme_id, "cycle_id")
    return QuotaOut.model_validate(await quota.dashboard(session, cycle))
