"""Quota dashboard: how full each quota rule and each programme of a cycle is right now.

"Used" counts the matches that hold a place: proposed (by the latest round, awaiting
review), approved (offered) and accepted (confirmed). Rejected, declined, withdrawn and
superseded matches free their place and are not counted.
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from services.matching.api.schemas import QuotaOut
from services.matching.api.workbench_schemas import MatrixCellOut, MatrixCountryOut, MatrixRowOut, QuotaMatrixOut
from services.matching.models import Cycle
from services.matching.service import quota, workbench
from services.matching.service.common import get_or_not_found, require_scheme
from shared.api import DbSession
from shared.auth import Staff

router = APIRouter(tags=["quota"])


@router.get("/cycles/{cycle_id}/quota", response_model=QuotaOut)
async def quota_dashboard(cycle_id: str, session: DbSession, caller: Staff):
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    require_scheme(caller, cycle.scheme_id, "cycle_id")
    return QuotaOut.model_validate(await quota.dashboard(session, cycle))


@router.get("/cycles/{cycle_id}/quota/matrix", response_model=QuotaMatrixOut)
async def quota_matrix(cycle_id: str, session: DbSession, caller: Staff):
    """Programmes by sending country: per cell the places used (as above), the allocation
    (the tightest quota cap on the pair, else the seats) and what remains; per country the
    total used and its allocation. The countries are the cycle's eligible ones and any in its pool."""
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    require_scheme(caller, cycle.scheme_id, "cycle_id")
    titles, rows, totals, by_status = await workbench.quota_matrix(session, cycle)
    return QuotaMatrixOut(
        cycle_id=cycle.id,
        countries=[t.country for t in totals],
        programmes=[
            MatrixRowOut(
                programme_id=r.programme.id,
                title=titles.get(r.programme.id, r.programme.id),
                host_institution_id=str(r.programme.attrs.get("host_institution") or ""),
                seats=r.programme.seats,
                filled=r.filled,
                remaining=r.remaining,
                cells=[MatrixCellOut(**asdict(c)) for c in r.cells],
            )
            for r in rows
        ],
        by_country=[MatrixCountryOut(country=t.country, used=t.used, allocation=t.allocation) for t in totals],
        seats=sum(r.programme.seats for r in rows),
        filled=sum(r.filled for r in rows),
        by_status=by_status,
    )
