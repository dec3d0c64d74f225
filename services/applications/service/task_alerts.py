"""Re-upload task alerts at work (domain/task_alerts.py says which is due): the applicant is
reminded before a rejected document's last day and told once it has passed (document.task_due,
which the notifications service turns into an inbox entry and an e-mail). Nothing once the
document was replaced or verified, nor for an application that takes no more documents.

Each alert is written once (``document_task_alerts``, its key the document and the kind) in
the transaction that stages its event, so a restart or a second instance never sends it
twice. ``TaskAlerts.step(now)`` takes the time, so tests move the clock instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from services.applications.domain import task_alerts as rules
from services.applications.domain.verification import CLOSED, DocumentState
from services.applications.models import Application, Document, DocumentTaskAlert
from shared.clock import utcnow
from shared.db import Database
from shared.events.catalog import DocumentTaskDue
from shared.outbox import add_event
from shared.tables import InfraTables


async def _claim(session: AsyncSession, document_id: str, kind: str, now: datetime) -> bool:
    """Record the alert; False when it was sent already (by another instance meanwhile)."""
    if await session.get(DocumentTaskAlert, (document_id, kind), with_for_update=True) is not None:
        return False
    session.add(DocumentTaskAlert(document_id=document_id, kind=kind, sent_at=now))
    await session.flush()
    return True


async def alerts_due(
    session: AsyncSession, tables: InfraTables, now: datetime, reminder_days: Sequence[int], source: str
) -> int:
    """Every task alert due now; how many were staged."""
    rows = (
        await session.execute(
            select(Document, Application)
            .join(Application, Application.id == Document.application_id)
            .where(
                Document.state == DocumentState.REJECTED.value,
                Document.superseded.is_(False),
                Document.due_on.is_not(None),
                Application.status.not_in(CLOSED),
            )
            .order_by(Document.id)
        )
    ).all()
    if not rows:
        return 0
    ids = [document.id for document, _ in rows]
    sent: dict[str, set[str]] = {}
    for document_id, kind in await session.execute(
        select(DocumentTaskAlert.document_id, DocumentTaskAlert.kind).where(DocumentTaskAlert.document_id.in_(ids))
    ):
        sent.setdefault(document_id, set()).add(kind)
    told = 0
    for document, application in rows:
        alert = rules.due(
            now, document.state, document.superseded, document.due_on, reminder_days, sent.get(document.id, ())
        )
        if alert is None or document.due_on is None or not await _claim(session, document.id, alert, now):
            continue
        event = DocumentTaskDue(
            application_id=application.id,
            applicant_id=application.applicant_id,
            cycle_id=application.cycle_id,
            document_id=document.id,
            kind=document.kind,
            version=document.version,
            alert="passed" if alert == rules.PASSED else "near",
            due_on=document.due_on,
            days_left=rules.days_left(now, document.due_on),
        )
        await add_event(session, tables, event, source=source)
        told += 1
    return told


class TaskAlerts:
    """Looks for due re-upload task alerts; ``step`` is the loop's step (app.py runs it)."""

    name = "document-task-alerts"

    def __init__(self, db: Database, tables: InfraTables, reminder_days: Sequence[int], source: str):
        self.db = db
        self.tables = tables
        self.reminder_days = list(reminder_days)
        self.source = source

    async def step(self, now: datetime | None = None) -> int:
        async with self.db.session() as session, session.begin():
            return await alerts_due(session, self.tables, now or utcnow(), self.reminder_days, self.source)
