"""The audit journal, read-only: per cycle or per application, paged (newest first) or as CSV.
Entries are appended by the use cases themselves (service/journal.py); nothing edits them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from services.matching.api.schemas import JournalEntryOut
from services.matching.domain.journal import Action, to_csv
from services.matching.models import JournalEntry
from services.matching.service import committee
from shared.api import DbSession, PageParams
from shared.auth import Staff
from shared.paging import Page, fetch_page

router = APIRouter(tags=["journal"])

Id = Annotated[str | None, Query(max_length=64)]
EXPORT_LIMIT = 100_000


@router.get("/journal", response_model=Page[JournalEntryOut])
async def read_journal(
    session: DbSession,
    paging: PageParams,
    caller: Staff,
    cycle_id: Id = None,
    application_id: Id = None,
    action: Annotated[Action | None, Query(description="only this action, e.g. scoresheet.saved")] = None,
):
    """Entries of a cycle (403 outside your schemes), of an application (404 outside your
    scope), or of every scheme you manage; newest first; ``action``: only those."""
    query = await committee.journal_query(session, caller, cycle_id, application_id, action)
    rows, total = await fetch_page(session, query, JournalEntry.id.desc(), paging=paging)
    hidden = await committee.scores_hidden_from(session, caller)
    names = await committee.journal_names(session, caller, rows)
    return Page.of([_out(r, committee.withheld(r, caller, hidden), names) for r in rows], total, paging)


def _out(entry: JournalEntry, withheld: bool, names: committee.JournalNames | None = None) -> JournalEntryOut:
    out = JournalEntryOut.model_validate(entry, from_attributes=True)
    if names is not None:
        # an entry written with an id alone names its actor (a round's start, a host's rejection
        # taking a nominee off its list, an applicant's withdrawal): the journal showed the ids
        actor_name = out.actor_name or names.actors.get(entry.id or 0, "")
        out = out.model_copy(update={"actor_name": actor_name, "applicants": names.of(entry)})
    # another reviewer's scores, and their comment (the entry's reason: "Very strong." said the
    # verdict), stay hidden until the caller submitted their own
    return out.model_copy(update={"before": None, "after": None, "reason": "", "withheld": True}) if withheld else out


@router.get("/journal.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def export_journal(session: DbSession, caller: Staff, cycle_id: Id = None, application_id: Id = None):
    """The same entries as CSV, oldest first (at most 100,000)."""
    query = await committee.journal_query(session, caller, cycle_id, application_id)
    rows = (await session.scalars(query.order_by(JournalEntry.id).limit(EXPORT_LIMIT))).all()
    hidden = await committee.scores_hidden_from(session, caller)
    names = await committee.journal_names(session, caller, rows)
    body = to_csv(_out(r, committee.withheld(r, caller, hidden), names).model_dump() for r in rows)
    name = f"journal-{application_id or cycle_id or 'all'}.csv"
    # UTF-8 with a byte-order mark: spreadsheet programs then read Chinese, Russian and Urdu right
    return Response(
        "\ufeff" + body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
