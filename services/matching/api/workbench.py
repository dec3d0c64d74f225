"""The officer workbench's writes (issue 16): each officer's saved filters of a cycle's
application table, and one action on the rows they selected, answered row by row."""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.api.deps import Source
from services.matching.api.workbench_schemas import (
    BulkActionIn,
    BulkActionOut,
    BulkRowOut,
    SavedFilterIn,
    SavedFilterOut,
)
from services.matching.models import SavedFilter
from services.matching.service import workbench
from shared.api import DbSession, Transaction
from shared.auth import Staff

router = APIRouter(tags=["workbench"])


def _filter_out(f: SavedFilter) -> SavedFilterOut:
    return SavedFilterOut(id=f.id, cycle_id=f.cycle_id, name=f.name, filters=dict(f.filters), created_at=f.created_at)


@router.get("/cycles/{cycle_id}/saved-filters", response_model=list[SavedFilterOut])
async def list_saved_filters(cycle_id: str, session: DbSession, caller: Staff):
    """Your saved filters of the cycle's application table, by name."""
    return [_filter_out(f) for f in await workbench.saved_filters(session, caller, cycle_id)]


@router.post("/cycles/{cycle_id}/saved-filters", response_model=SavedFilterOut, status_code=201)
async def save_filter(cycle_id: str, body: SavedFilterIn, session: Transaction, caller: Staff):
    """Save the table's filter under a name: 422 for a name of no or over 80 characters, 409
    for a name you already use in this cycle or beyond 50 filters."""
    filters = {k: str(v) for k, v in body.filters.model_dump(mode="json", exclude_none=True).items()}
    return _filter_out(await workbench.save_filter(session, caller, cycle_id, body.name, filters))


@router.delete("/cycles/{cycle_id}/saved-filters/{filter_id}", status_code=204)
async def delete_filter(cycle_id: str, filter_id: str, session: Transaction, caller: Staff):
    await workbench.delete_filter(session, caller, cycle_id, filter_id)


@router.post("/cycles/{cycle_id}/applications/actions", response_model=BulkActionOut)
async def act_on_selected(cycle_id: str, body: BulkActionIn, session: Transaction, caller: Staff, source: Source):
    """Invite the selected applications to interview, or give them reviewers; every row is
    answered: done, unchanged (already so) or refused with its code and reason. Nothing is
    done to an application outside the caller's view of the cycle."""
    results = await workbench.act_on_selected(
        session, caller, cycle_id, workbench.BulkAction(body.action), body.application_ids, source
    )
    rows = [
        BulkRowOut(
            application_id=r.application_id,
            outcome=r.outcome.value,
            code=r.code,
            detail=r.detail,
            reviewers=list(r.reviewers),
        )
        for r in results
    ]
    return BulkActionOut(
        action=body.action,
        done=sum(r.outcome == "done" for r in rows),
        unchanged=sum(r.outcome == "unchanged" for r in rows),
        refused=sum(r.outcome == "refused" for r in rows),
        rows=rows,
    )
