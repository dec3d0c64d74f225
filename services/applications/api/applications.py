"""An applicant's applications: draft, edit, submit, withdraw, answer an offer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request, Response, status

from services.applications.api.deps import ApplicationId, Runtime, as_read, etag_of
from services.applications.api.schemas import (
    ApplicationCreate,
    ApplicationOut,
    ApplicationPatch,
    EligibilityOut,
    WithdrawIn,
)
from services.applications.models import infra
from services.applications.service import applications, catalog, referees
from services.applications.service.submit import submit
from shared.api import DbSession, PageParams, Transaction
from shared.auth import ApplicantCaller
from shared.events.catalog import ApplicationStatus
from shared.idempotency import Answer, IdempotencyKey, run_idempotent
from shared.paging import Page, fetch_page

router = APIRouter(tags=["applications"])

CycleFilter = Annotated[str | None, Query(max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$")]
StatusFilter = Annotated[ApplicationStatus | None, Query(alias="status")]


async def _out(session, application: Any) -> ApplicationOut:
    """The answer, with the home institution's name from the catalog."""
    names = await catalog.institution_names(session, [application.home_institution_id])
    return ApplicationOut.of(application, institutions=names)


@router.post(
    "/applications",
    status_code=status.HTTP_201_CREATED,
    response_model=ApplicationOut,
    summary="Start a draft application in a cycle",
)
async def create_application(
    body: ApplicationCreate, caller: ApplicantCaller, request: Request, key: IdempotencyKey, session: Transaction
):
    async def produce():
        application = await applications.create_draft(
            session,
            caller.sub,
            cycle_id=body.cycle_id,
            choices=body.choices,
            grade=body.grade,
            language_certificates=[c.model_dump() for c in body.language_certificates],
            statement=body.statement,
            home_institution_id=body.home_institution_id,
        )
        return await _out(session, application)

    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=201, produce=produce
    )


@router.get("/applications", response_model=Page[ApplicationOut], summary="My applications, newest first")
async def my_applications(
    caller: ApplicantCaller,
    session: DbSession,
    paging: PageParams,
    cycle_id: CycleFilter = None,
    status_: StatusFilter = None,
) -> Page[ApplicationOut]:
    query = applications.mine_query(caller.sub, cycle_id, status_)
    rows, total = await fetch_page(session, query, paging=paging)
    names = await catalog.institution_names(session, [a.home_institution_id for a in rows])
    return Page.of([ApplicationOut.of(a, institutions=names) for a in rows], total, paging)


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    summary="One of my applications, with its status history",
)
async def get_application(
    application_id: ApplicationId, caller: ApplicantCaller, session: DbSession, response: Response
) -> ApplicationOut:
    application = await applications.own_application(session, application_id, caller.sub)
    response.headers["ETag"] = etag_of(application.updated_at)
    return await _out(session, application)


@router.patch(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    summary="Edit a draft, or a submitted application until the window closes",
    responses={412: {"description": "If-Match given and the application changed since (application.changed)"}},
)
async def edit_application(
    application_id: ApplicationId,
    body: ApplicationPatch,
    caller: ApplicantCaller,
    session: Transaction,
    runtime: Runtime,
    response: Response,
    if_match: Annotated[
        str | None,
        Header(
            max_length=300,
            description="the ETag of the application as read (a list: any of them); changed since: 412 application.changed",
        ),
    ] = None,
) -> ApplicationOut:
    """With ``If-Match`` (the ``ETag`` of the application as read), the edit is refused with
    412 ``application.changed`` when the application changed since: a form open in two tabs
    does not silently overwrite what the other saved."""
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    if body.language_certificates is not None:
        changes["language_certificates"] = [c.model_dump() for c in body.language_certificates]
    application = await applications.edit(
        session, infra, caller.sub, application_id, changes, source=runtime.source, as_read=as_read(if_match)
    )
    response.headers["ETag"] = etag_of(application.updated_at)
    return await _out(session, application)


@router.post(
    "/applications/{application_id}/submit",
    response_model=ApplicationOut,
    summary="Submit a draft (eligibility is checked per choice)",
)
async def submit_application(
    application_id: ApplicationId,
    caller: ApplicantCaller,
    request: Request,
    key: IdempotencyKey,
    session: Transaction,
    runtime: Runtime,
):
    async def produce():
        # the status update, the outbox row and the stored answer go in one statement
        submitted = await submit(
            session,
            infra,
            caller.sub,
            application_id,
            source=runtime.source,
            address_confirmed_first=runtime.settings.email_verification,
        )
        return Answer(await _out(session, submitted.application), writes=submitted.writes)

    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=200, produce=produce
    )


@router.get(
    "/applications/{application_id}/eligibility",
    response_model=EligibilityOut,
    summary="Preview each choice's eligibility before submitting",
)
async def preview_eligibility(
    application_id: ApplicationId, caller: ApplicantCaller, session: DbSession
) -> EligibilityOut:
    verdicts = await applications.preview_eligibility(session, caller.sub, application_id)
    return EligibilityOut.of(application_id, verdicts)


@router.post(
    "/applications/{application_id}/withdraw", response_model=ApplicationOut, summary="Withdraw an application"
)
async def withdraw_application(
    application_id: ApplicationId,
    caller: ApplicantCaller,
    request: Request,
    key: IdempotencyKey,
    session: Transaction,
    runtime: Runtime,
    body: Annotated[WithdrawIn | None, Body()] = None,
):
    reason = body.reason if body else None

    async def produce():
        application = await applications.withdraw(
            session, infra, caller.sub, application_id, reason, source=runtime.source
        )
        # its referees still asked for a letter are told no letter is needed
        await referees.end_with_application(session, infra, application, source=runtime.source)
        return await _out(session, application)

    return await run_idempotent(
        request, session, infra, principal=caller.sub, key=key, status_code=200, produce=produce
    )


async def _answer_offer(
    application_id: str, accept: bool, caller_sub: str, request: Request, key: str | None, session, source: str
):
    async def produce():
        application = await applications.answer_offer(session, infra, caller_sub, application_id, accept, source=source)
        return await _out(session, application)

    return await run_idempotent(
        request, session, infra, principal=caller_sub, key=key, status_code=200, produce=produce
    )


@router.post("/applications/{application_id}/offer/accept", response_model=ApplicationOut, summary="Accept the offer")
async def accept_offer(
    application_id: ApplicationId,
    caller: ApplicantCaller,
    request: Request,
    key: IdempotencyKey,
    session: Transaction,
    runtime: Runtime,
):
    return await _answer_offer(application_id, True, caller.sub, request, key, session, runtime.source)


@router.post("/applications/{application_id}/offer/decline", response_model=ApplicationOut, summary="Decline the offer")
async def decline_offer(
    application_id: ApplicationId,
    caller: ApplicantCaller,
    request: Request,
    key: IdempotencyKey,
    session: Transaction,
    runtime: Runtime,
):
    return await _answer_offer(application_id, False, caller.sub, request, key, session, runtime.source)
