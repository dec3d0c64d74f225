from fastapi import APIRouter, Depends, HTTPException, Request

from services.matching.models import PoolEntry
from shared.auth import Principal, Role, require

router = APIRouter(tags=["pool"])


@router.get("/pool/applications/{application_id}", response_model=PoolEntry)
async def get_pool_entry(
    application_id: str, request: Request, _: Principal = Depends(require(Role.OFFICER, Role.ADMIN))
) -> PoolEntry:
    async with request.app.state.runtime.db.session() as session:
        entry = await session.get(PoolEntry, application_id)
    if entry is None:
        raise HTTPException(404, detail=[{"field": "application_id", "reason": "not in any pool"}])
    return entry
