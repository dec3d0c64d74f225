"""An applicant's applications: draft, edit, submit, withdraw, answer an offer."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from services.applications import store
from services.applications.api.common import Applicant, Limit, Offset, Refusal, now, runtime_of
from services.applications.api.schemas import (
    ApplicationCreate,
    ApplicationOut,
    ApplicationPatch,
    ChoiceEligibilityOut,
    EligibilityOut,
    Page,
    WithdrawIn,
)
from services.applications.domain import lifecycle
from services.applications.domain.lifecycle import Status
from services.applications.models import Application, infra
from shared.api import DomainError, fetch_page
from shared.events.catalog import (
    ApplicationSubmitted,
    ApplicationUpdated,
    ApplicationWithdrawn,
    OfferAccepted,
    OfferDeclined,
)
from shared.idempotency import Answer, idempotency_key, request_fingerprint, run_idempotent
from shared.outbox import add_event, event_insert

router = APIRouter(tags=["applications"])

ApplicationId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]


def _refuse_choices(errors: list[tuple[str, str]]) -> None:
    if errors:
        raise Refusal(422, [{"field": f, "reason": r} for f, r in errors])


def _refuse_ineligible(verdicts) -> None:
    bad = [v for v in verdicts if not v.eligible]
    if bad:
        raise Refusal(
            422,
            [
                {
                    "field": f"choices.{v.rank - 1}",
                    "programme_id": v.programme_id,
                    "reason": "not eligible: " + "; ".join(v.reasons),
                    "reasons": list(v.reasons),
                }
                for v in bad
            ],
        )


async def _active_in_cycle(session, applicant_id: str, cycle_id: str) -> str | None:
    return await session.scalar(
        select(Application.id).where(
            Application.applicant_id == applicant_id, Application.cycle_id == cycle_id, Application.active.is_(True)
        )
    )


def _already_applied(existing: str | None) -> DomainError:
    return DomainError(
        409,
        f"you already have an active application in this cycle ({existing}); edit it or withdraw it first",
        field="cycle_id",
        application_id=existing,
    )


@router.post(
    "/applications",
    status_code=status.HTTP_201_CREATED,
    response_model=ApplicationOut,
    summary="Start a draft application in a cycle",
)
async def create_application(body: ApplicationCreate, principal: Applicant, request: Request, key: IdempotencyKey):
    runtime = runtime_of(request)

    async def produce():
        cycle = await store.cycle_of(session, body.cycle_id, status=422)
        window = store.window_of(cycle)
        if window.state(now()) == "closed":
            raise DomainError(
                409,
                f"the application window closed at {window.closes_at.isoformat()}",
                field="cycle_id",
                closes_at=window.closes_at.isoformat(),
            )
        _account, applicant = await store.profile(session, principal.sub)
        programmes = await store.programmes_by_id(session, body.choices)
        _refuse_choices(
            lifecycle.choice_errors(
                body.choices,
                cycle_id=cycle.id,
                max_choices=cycle.max_choices,
                applicant_type=applicant.applicant_type,
                programmes=store.choice_views(programmes),
            )
        )
        existing = await _active_in_cycle(session, principal.sub, cycle.id)
        if existing:
            raise _already_applied(existing)
        application = Application(
            id=str(uuid.uuid4()),
            applicant_id=principal.sub,
            cycle_id=cycle.id,
            scheme_id=cycle.scheme_id,
            applicant_type=applicant.applicant_type,
            sending_country=applicant.nationality,
            choices=list(body.choices),
            grade=body.grade,
            language_certificates=[c.model_dump() for c in body.language_certificates],
            statement=body.statement,
        )
        store.record_status(application, Status.DRAFT)
        session.add(application)
        await session.flush()
        await store.replace_choice_rows(session, application, programmes)
        return store.application_out(application)

    try:
        async with runtime.db.session() as session, session.begin():
            return await run_idempotent(
                session,
                infra,
                principal=principal.sub,
                key=key,
                fingerprint=await request_fingerprint(request),
                status_code=201,
                produce=produce,
            )
    except IntegrityError:  # a concurrent create for the same cycle won the race
        raise _already_applied(None) from None


@router.get("/applications", response_model=Page[ApplicationOut], summary="My applications, newest first")
async def my_applications(
    principal: Applicant,
    request: Request,
    offset: Offset = 0,
    limit: Limit = 20,
    cycle_id: Annotated[str | None, Query(max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$")] = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
) -> Page[ApplicationOut]:
    query = select(Application).where(Application.applicant_id == principal.sub)
    if cycle_id:
        query = query.where(Application.cycle_id == cycle_id)
    if status_:
        query = query.where(Application.status == status_.value)
    async with runtime_of(request).db.session() as session:
        rows, total = await fetch_page(
            session, query, Application.created_at.desc(), Application.id, offset=offset, limit=limit
        )
    return Page(items=[store.application_out(a) for a in rows], total=total, offset=offset, limit=limit)


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    summary="One of my applications, with its status history",
)
async def get_application(application_id: ApplicationId, principal: Applicant, request: Request) -> ApplicationOut:
    async with runtime_of(request).db.session() as session:
        return store.application_out(await store.own_application(session, application_id, principal.sub))


@router.patch(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    summary="Edit a draft, or a submitted application until the window closes",
)
async def edit_application(
    application_id: ApplicationId, body: ApplicationPatch, principal: Applicant, request: Request
) -> ApplicationOut:
    runtime = runtime_of(request)
    changes = body.model_fields_set
    for name in ("choices", "language_certificates", "statement"):
        if name in changes and getattr(body, name) is None:
            raise DomainError(422, "must not be null", field=name)
    async with runtime.db.session() as session, session.begin():
        application = await store.own_application(session, application_id, principal.sub, lock=True)
        cycle = await store.cycle_of(session, application.cycle_id)
        lifecycle.check_can_edit(application.status, store.window_of(cycle), now())
        if "grade" in changes:
            application.grade = body.grade
        if "language_certificates" in changes:
            application.language_certificates = [c.model_dump() for c in body.language_certificates]
        if "statement" in changes:
            application.statement = body.statement
        if "choices" in changes:
            application.choices = list(body.choices)
        programmes = await store.programmes_by_id(session, application.choices)
        if "choices" in changes:
            _refuse_choices(
                lifecycle.choice_errors(
                    application.choices,
                    cycle_id=cycle.id,
                    max_choices=cycle.max_choices,
                    applicant_type=application.applicant_type,
                    programmes=store.choice_views(programmes),
                )
            )
            await store.replace_choice_rows(session, application, programmes)
        application.updated_at = now()
        if application.status == Status.SUBMITTED:
            # a submitted application stays eligible, or the edit is refused
            account, applicant = await store.profile(session, principal.sub)
            kinds = await store.document_kinds(session, application.id, programmes)
            if not application.choices:
                raise DomainError(422, "a submitted application keeps at least one choice", field="choices")
            _refuse_ineligible(store.eligibility(application, applicant, cycle, programmes, kinds))
            await add_event(
                session,
                infra,
                store.submitted_event(ApplicationUpdated, application, account, applicant),
                source=runtime.source,
            )
        return store.application_out(application)


@router.post(
    "/applications/{application_id}/submit",
    response_model=ApplicationOut,
    summary="Submit a draft (eligibility is checked per choice)",
)
async def submit_application(
    application_id: ApplicationId, principal: Applicant, request: Request, key: IdempotencyKey
):
    runtime = runtime_of(request)

    async def produce():
        # Core statements on the hot path: one read (application, profile, cycle, programmes),
        # then the status, the outbox row and the stored answer written in one statement.
        context = await store.submit_context(await session.connection(), application_id, principal.sub)
        application, cycle, programmes = context.application, context.cycle, context.programmes
        lifecycle.check_can_submit(application.status, store.window_of(cycle), now(), application.choices)
        _refuse_choices(
            lifecycle.choice_errors(
                application.choices,
                cycle_id=cycle.id,
                max_choices=cycle.max_choices,
                applicant_type=application.applicant_type,
                programmes=store.choice_views(programmes),
            )
        )
        kinds = await store.document_kinds(session, application.id, programmes)
        _refuse_ineligible(store.eligibility(application, context.applicant, cycle, programmes, kinds))
        application.submitted_at = now()
        store.record_status(application, Status.SUBMITTED)
        event = event_insert(
            session,
            infra,
            store.submitted_event(ApplicationSubmitted, application, context.account, context.applicant),
            source=runtime.source,
        )
        return Answer(store.application_out(application), writes=[store.status_update(application), event])

    async with runtime.db.session() as session, session.begin():
        return await run_idempotent(
            session,
            infra,
            principal=principal.sub,
            key=key,
            fingerprint=await request_fingerprint(request),
            status_code=200,
            produce=produce,
        )


@router.get(
    "/applications/{application_id}/eligibility",
    response_model=EligibilityOut,
    summary="Preview each choice's eligibility before submitting",
)
async def preview_eligibility(application_id: ApplicationId, principal: Applicant, request: Request) -> EligibilityOut:
    async with runtime_of(request).db.session() as session:
        application = await store.own_application(session, application_id, principal.sub)
        cycle = await store.cycle_of(session, application.cycle_id)
        _account, applicant = await store.profile(session, principal.sub)
        programmes = await store.programmes_by_id(session, application.choices)
        kinds = await store.document_kinds(session, application.id, programmes)
    verdicts = store.eligibility(application, applicant, cycle, programmes, kinds)
    return EligibilityOut(
        application_id=application.id,
        eligible=bool(verdicts) and all(v.eligible for v in verdicts),
        choices=[
            ChoiceEligibilityOut(rank=v.rank, programme_id=v.programme_id, eligible=v.eligible, reasons=list(v.reasons))
            for v in verdicts
        ],
    )


@router.post(
    "/applications/{application_id}/withdraw", response_model=ApplicationOut, summary="Withdraw an application"
)
async def withdraw_application(
    application_id: ApplicationId,
    principal: Applicant,
    request: Request,
    key: IdempotencyKey,
    body: Annotated[WithdrawIn | None, Body()] = None,
):
    runtime = runtime_of(request)
    reason = body.reason if body else None

    async def produce():
        application = await store.own_application(session, application_id, principal.sub, lock=True)
        lifecycle.check_can_withdraw(application.status)
        was_submitted = application.status != Status.DRAFT
        application.active = None  # frees the cycle for a new application
        store.record_status(application, Status.WITHDRAWN, reason)
        if was_submitted:  # a draft was never announced, so its withdrawal is not either
            await add_event(
                session,
                infra,
                ApplicationWithdrawn(
                    application_id=application.id,
                    applicant_id=application.applicant_id,
                    cycle_id=application.cycle_id,
                    reason=reason,
                ),
                source=runtime.source,
            )
        return store.application_out(application)

    async with runtime.db.session() as session, session.begin():
        return await run_idempotent(
            session,
            infra,
            principal=principal.sub,
            key=key,
            fingerprint=await request_fingerprint(request),
            status_code=200,
            produce=produce,
        )


async def _answer_offer(application_id: str, answer: Literal["accept", "decline"], principal, request, key):
    runtime = runtime_of(request)

    async def produce():
        application = await store.own_application(session, application_id, principal.sub, lock=True)
        lifecycle.check_can_answer_offer(application.status)
        event_cls, new_status = (
            (OfferAccepted, Status.ACCEPTED) if answer == "accept" else (OfferDeclined, Status.DECLINED)
        )
        store.record_status(application, new_status)
        await add_event(
            session,
            infra,
            event_cls(
                application_id=application.id,
                applicant_id=application.applicant_id,
                cycle_id=application.cycle_id,
                match_id=application.match_id or "",
                programme_id=application.offered_programme_id or "",
            ),
            source=runtime.source,
        )
        return store.application_out(application)

    async with runtime.db.session() as session, session.begin():
        return await run_idempotent(
            session,
            infra,
            principal=principal.sub,
            key=key,
            fingerprint=await request_fingerprint(request),
            status_code=200,
            produce=produce,
        )


@router.post("/applications/{application_id}/offer/accept", response_model=ApplicationOut, summary="Accept the offer")
async def accept_offer(application_id: ApplicationId, principal: Applicant, request: Request, key: IdempotencyKey):
    return await _answer_offer(application_id, "accept", principal, request, key)


@router.post("/applications/{application_id}/offer/decline", response_model=ApplicationOut, summary="Decline the offer")
async def decline_offer(application_id: ApplicationId, principal: Applicant, request: Request, key: IdempotencyKey):
    return await _answer_offer(application_id, "decline", principal, request, key)
