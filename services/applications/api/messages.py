"""Messages about an application (issue 16): officers in scope (as for the officer's document
reads) and the applicant (own application only) read the thread and write to it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request, status
from fastapi.responses import Response

from services.applications.api.deps import ApplicationId, Runtime
from services.applications.api.message_schemas import MessageIn, MessageOut
from services.applications.models import infra
from services.applications.service import messages
from shared.api import DbSession, PageParams, Transaction
from shared.auth import ApplicantCaller, Correspondent, Reviewer
from shared.idempotency import IdempotencyKey, run_idempotent
from shared.paging import Page

router = APIRouter(tags=["messages"])


async def _once(request: Request, session, principal: str, key: str | None, write: Callable[[], Awaitable]) -> Response:
    """Write once per Idempotency-Key: a retry gets the first answer back, and no second
    message (nor a second e-mail)."""

    async def produce():
        return MessageOut.of(await write())

    return await run_idempotent(request, session, infra, principal=principal, key=key, status_code=201, produce=produce)


@router.get(
    "/officer/applications/{application_id}/messages",
    response_model=Page[MessageOut],
    tags=["officer"],
    summary="The messages about an application in my scope, oldest first",
)
async def officer_messages(
    application_id: ApplicationId, caller: Reviewer, session: DbSession, paging: PageParams
) -> Page[MessageOut]:
    rows, total = await messages.officer_thread(session, caller, application_id, paging)
    return Page.of([MessageOut.of(m) for m in rows], total, paging)


@router.post(
    "/officer/applications/{application_id}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=MessageOut,
    tags=["officer"],
    summary="Write to the applicant about an application in my scope (they are told by inbox and e-mail)",
)
async def officer_write(
    application_id: ApplicationId,
    body: MessageIn,
    caller: Correspondent,
    request: Request,
    key: IdempotencyKey,
    session: Transaction,
    runtime: Runtime,
) -> Response:
    return await _once(
        request,
        session,
        caller.sub,
        key,
        lambda: messages.officer_writes(session, infra, caller, application_id, body.body, source=runtime.source),
    )


@router.get(
    "/applications/{application_id}/messages",
    response_model=Page[MessageOut],
    summary="The messages about my application, oldest first",
)
async def applicant_messages(
    application_id: ApplicationId, caller: ApplicantCaller, session: DbSession, paging: PageParams
) -> Page[MessageOut]:
    rows, total = await messages.applicant_thread(session, caller.sub, application_id, paging)
    return Page.of([MessageOut.of(m) for m in rows], total, paging)


@router.post(
    "/applications/{application_id}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=MessageOut,
    summary="Write to the officers about my submitted application",
)
async def applicant_write(
    application_id: ApplicationId,
    body: MessageIn,
    caller: ApplicantCaller,
    request: Request,
    key: IdempotencyKey,
    session: Transaction,
    runtime: Runtime,
) -> Response:
    return await _once(
        request,
        session,
        caller.sub,
        key,
        lambda: messages.applicant_writes(session, infra, caller, application_id, body.body, source=runtime.source),
    )
