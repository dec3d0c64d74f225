"""Officers read the applications in their scope (schemes and/or host institutions); admins all."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import exists, select

from services.applications import store
from services.applications.api.applications import ApplicationId
from services.applications.api.common import Limit, Offset, Staff, runtime_of
from services.applications.api.schemas import ApplicationOut, Page
from services.applications.domain.lifecycle import Status
from services.applications.models import Application, ApplicationChoice
from shared.api import DomainError, fetch_page
from shared.principal import Principal, Role

router = APIRouter(prefix="/officer", tags=["officer"])


def in_scope(query, principal: Principal):
    """Limit ``query`` to what the officer may see; drafts are the applicant's own business."""
    query = query.where(Application.status != Status.DRAFT.value)
    if principal.role == Role.ADMIN:
        return query
    if principal.schemes:
        query = query.where(Application.scheme_id.in_(principal.schemes))
    if principal.institutions:
        query = query.where(
            exists().where(
                ApplicationChoice.application_id == Application.id,
                ApplicationChoice.host_institution_id.in_(principal.institutions),
            )
        )
    return query


@router.get("/applications", response_model=Page[ApplicationOut], summary="Applications in my scope")
async def scoped_applications(
    principal: Staff,
    request: Request,
    offset: Offset = 0,
    limit: Limit = 50,
    cycle_id: Annotated[str | None, Query(max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$")] = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
) -> Page[ApplicationOut]:
    query = in_scope(select(Application), principal)
    if cycle_id:
        query = query.where(Application.cycle_id == cycle_id)
    if status_:
        query = query.where(Application.status == status_.value)
    async with runtime_of(request).db.session() as session:
        rows, total = await fetch_page(
            session, query, Application.submitted_at, Application.id, offset=offset, limit=limit
        )
    return Page(items=[store.application_out(a) for a in rows], total=total, offset=offset, limit=limit)


@router.get("/applications/{application_id}", response_model=ApplicationOut, summary="One application in my scope")
async def scoped_application(application_id: ApplicationId, principal: Staff, request: Request) -> ApplicationOut:
    async with runtime_of(request).db.session() as session:
        application = await session.scalar(
            in_scope(select(Application).where(Application.id == application_id), principal)
        )
    if application is None:
        raise DomainError(404, f"no application {application_id} in your scope", field="application_id")
    return store.application_out(application)
