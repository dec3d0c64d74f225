"""Messages about an application (issue 16; rules in ``domain/messages.py``).

An officer, admin, coordinator or nominator with the application in scope
(``service/officer.py``, ``shared.scope``) writes to the applicant; the applicant writes about
their own application (someone else's is "not found"). Each message is stored, journaled and
announced (application.message_sent, through the outbox) in one transaction; the
notifications service tells the applicant of an officer's message (inbox and e-mail).
"""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.journal import Action
from services.applications.domain.messages import (
    REPLY_WINDOW,
    Direction,
    check_applicant_can_write,
    check_reply_rate,
    checked_body,
)
from services.applications.models import Account, Application, Message
from services.applications.service import journal
from services.applications.service.applications import own_application
from services.applications.service.officer import scoped_application
from shared.clock import aware, utcnow
from shared.errors import Conflict
from shared.events.catalog import ApplicationMessageSent
from shared.outbox import add_event
from shared.paging import Paging, fetch_page
from shared.principal import Principal
from shared.tables import InfraTables


def _thread(application_id: str) -> Select:
    return select(Message).where(Message.application_id == application_id)


async def _page(session: AsyncSession, application_id: str, paging: Paging) -> tuple[list[Message], int]:
    """The thread oldest first (a conversation reads down the page)."""
    return await fetch_page(session, _thread(application_id), Message.created_at, Message.id, paging=paging)


async def whole_thread(session: AsyncSession, application_id: str) -> list[Message]:
    """Every message about the application, oldest first (the applicant's copy of their data)."""
    return list(await session.scalars(_thread(application_id).order_by(Message.created_at, Message.id)))


async def officer_thread(
    session: AsyncSession, officer: Principal, application_id: str, paging: Paging
) -> tuple[list[Message], int]:
    await scoped_application(session, officer, application_id)
    return await _page(session, application_id, paging)


async def applicant_thread(
    session: AsyncSession, applicant_id: str, application_id: str, paging: Paging
) -> tuple[list[Message], int]:
    await own_application(session, application_id, applicant_id)
    return await _page(session, application_id, paging)


async def officer_writes(
    session: AsyncSession, tables: InfraTables, officer: Principal, application_id: str, body: str, *, source: str
) -> Message:
    """An officer's message to the applicant (the notifications service tells them)."""
    text = checked_body(body)
    application = await scoped_application(session, officer, application_id)
    closed = await session.scalar(select(Account.erased_at).where(Account.id == application.applicant_id))
    if closed is not None:  # nobody would read it: the notifications service tells an erased contact nothing
        raise Conflict(
            "message.applicant_closed",
            "the applicant closed their account: nobody reads messages to it any more",
            "body",
        )
    return await _store(session, tables, officer, application, text, Direction.TO_APPLICANT, source=source)


async def applicant_writes(
    session: AsyncSession, tables: InfraTables, applicant: Principal, application_id: str, body: str, *, source: str
) -> Message:
    """The applicant's message about their own (submitted) application, read by its officers."""
    text = checked_body(body)
    application = await own_application(session, application_id, applicant.sub)
    check_applicant_can_write(application.status)
    now = utcnow()
    recent = await session.scalars(
        select(Message.created_at).where(
            Message.application_id == application.id,
            Message.author_id == applicant.sub,
            Message.created_at > now - REPLY_WINDOW,
        )
    )
    check_reply_rate([aware(t) for t in recent], now)
    return await _store(session, tables, applicant, application, text, Direction.TO_OFFICER, source=source)


async def _store(
    session: AsyncSession,
    tables: InfraTables,
    author: Principal,
    application: Application,
    body: str,
    direction: Direction,
    *,
    source: str,
) -> Message:
    # The name as the account holds it now (a token may carry none, or an older one).
    account = await session.get(Account, author.sub)
    name = (account.name if account is not None and account.name else author.name)[:300]
    message = Message(
        id=str(uuid.uuid4()),
        application_id=application.id,
        applicant_id=application.applicant_id,
        author_id=author.sub,
        author_role=author.role.value,
        author_name=name,
        direction=direction.value,
        body=body,
        created_at=utcnow(),
    )
    session.add(message)
    await add_event(
        session,
        tables,
        ApplicationMessageSent(
            message_id=message.id,
            application_id=application.id,
            applicant_id=application.applicant_id,
            cycle_id=application.cycle_id,
            direction=direction.value,
            author_id=message.author_id,
            author_role=message.author_role,
            author_name=message.author_name,
            # the applicant's reply is read in the portal: nobody downstream needs its text
            body=body if direction == Direction.TO_APPLICANT else "",
            sent_at=message.created_at,
        ),
        source=source,
    )
    # The journal says who wrote to whom and when; the text stays in the thread.
    journal.record(
        session,
        author,
        Action.MESSAGE_SENT,
        subject=f"message:{message.id}",
        scheme_id=application.scheme_id,
        cycle_id=application.cycle_id,
        application_id=application.id,
        after={"direction": message.direction, "characters": len(body)},
    )
    return message
