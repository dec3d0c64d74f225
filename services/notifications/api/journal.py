"""The notifications service's audit journal, read-only (service/journal.py appends it):
subscriptions created and deleted, secrets rotated, deliveries replayed. Admins only: its
entries name partner institutions and subscriptions, not applications in an officer's scope
(officers read the applications and matching services' journals)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlmodel import select

from services.notifications.api.schemas import JournalEntryOut, JournalPage
from services.notifications.domain.journal import Action
from services.notifications.models import JournalEntry
from shared.api import DbSession, PageParams
from shared.auth import Admin
from shared.journal import to_csv
from shared.paging import Page, fetch_page

router = APIRouter(tags=["journal"])

EXPORT_LIMIT = 100_000

Subject = Annotated[str | None, Query(max_length=200, description='e.g. "subscription:<id>", "notification:<id>"')]


def _query(action: Action | None, subject: str | None):
    query = select(JournalEntry)
    if action is not None:
        query = query.where(JournalEntry.action == action.value)
    if subject is not None:
        query = query.where(JournalEntry.subject == subject)
    return query


@router.get("/journal", response_model=JournalPage, summary="The audit journal, newest first (admins)")
async def read_journal(
    caller: Admin, session: DbSession, paging: PageParams, action: Action | None = None, subject: Subject = None
) -> Page[JournalEntryOut]:
    rows, total = await fetch_page(session, _query(action, subject), JournalEntry.id.desc(), paging=paging)
    return JournalPage.of([JournalEntryOut.of(r) for r in rows], total, paging)


@router.get(
    "/journal.csv",
    response_class=Response,
    summary="The audit journal as CSV, oldest first (admins; at most 100,000 entries)",
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_journal(caller: Admin, session: DbSession, action: Action | None = None, subject: Subject = None):
    query = _query(action, subject).order_by(JournalEntry.id).limit(EXPORT_LIMIT)
    rows = (await session.scalars(query)).all()
    body = to_csv(JournalEntryOut.of(r).model_dump() for r in rows)
    # UTF-8 with a byte-order mark: spreadsheet programs then read Chinese, Russian and Urdu right
    return Response(
        "\ufeff" + body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="notifications-journal.csv"'},
    )
