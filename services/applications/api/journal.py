"""The applications service's audit journal, read-only (service/journal.py appends it): an
application's entries for officers in scope, everything for admins, and a CSV export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel
from sqlmodel import select

from services.applications.api.deps import ApplicationId
from services.applications.domain.journal import Action
from services.applications.models import JournalEntry
from services.applications.service.officer import scoped_application
from shared.api import DbSession, PageParams
from shared.auth import Admin, Staff
from shared.clock import aware
from shared.journal import to_csv
from shared.paging import Page, fetch_page

router = APIRouter(tags=["journal"])

EXPORT_LIMIT = 100_000


class JournalEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    actor_name: str
    action: str
    scheme_id: str | None
    cycle_id: str | None
    application_id: str | None
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str

    @classmethod
    def of(cls, e: JournalEntry) -> JournalEntryOut:
        return cls.model_validate({**e.model_dump(), "at": aware(e.at)})


@router.get(
    "/officer/applications/{application_id}/journal",
    response_model=Page[JournalEntryOut],
    tags=["officer"],
    summary="Every journaled decision about an application in my scope, newest first",
)
async def application_journal(
    application_id: ApplicationId, caller: Staff, session: DbSession, paging: PageParams
) -> Page[JournalEntryOut]:
    await scoped_application(session, caller, application_id)
    query = select(JournalEntry).where(JournalEntry.application_id == application_id)
    rows, total = await fetch_page(session, query, JournalEntry.id.desc(), paging=paging)
    return Page.of([JournalEntryOut.of(r) for r in rows], total, paging)


def _admin_query(action: Action | None, subject: str | None):
    query = select(JournalEntry)
    if action is not None:
        query = query.where(JournalEntry.action == action.value)
    if subject is not None:
        query = query.where(JournalEntry.subject == subject)
    return query


Subject = Annotated[str | None, Query(max_length=200, description='e.g. "account:<id>", "document:<id>"')]


@router.get("/admin/journal", response_model=Page[JournalEntryOut], tags=["admin"], summary="The whole journal")
async def whole_journal(
    caller: Admin, session: DbSession, paging: PageParams, action: Action | None = None, subject: Subject = None
) -> Page[JournalEntryOut]:
    rows, total = await fetch_page(session, _admin_query(action, subject), JournalEntry.id.desc(), paging=paging)
    return Page.of([JournalEntryOut.of(r) for r in rows], total, paging)


@router.get(
    "/admin/journal.csv",
    response_class=Response,
    tags=["admin"],
    summary="The journal as CSV, oldest first (at most 100,000 entries)",
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_journal(caller: Admin, session: DbSession, action: Action | None = None, subject: Subject = None):
    query = _admin_query(action, subject).order_by(JournalEntry.id).limit(EXPORT_LIMIT)
    rows = (await session.scalars(query)).all()
    body = to_csv(JournalEntryOut.of(r).model_dump() for r in rows)
    # UTF-8 with a byte-order mark: spreadsheet programs then read Chinese, Russian and Urdu right
    return Response(
        "\ufeff" + body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="applications-journal.csv"'},
    )
