"""The checklist of an application (issue 15): each requirement of each choice with its
state and what to do next; for its applicant, and for officers in scope (404 outside it)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.api.checklist_schemas import ChecklistOut
from services.applications.api.deps import ApplicationId
from services.applications.domain.checklist import ChoiceChecklist
from services.applications.models import Application
from services.applications.service import catalog, checklist
from shared.api import DbSession
from shared.auth import ApplicantCaller, Reviewer

router = APIRouter(tags=["checklist"])


async def _answer(session: AsyncSession, application: Application, choices: list[ChoiceChecklist]) -> ChecklistOut:
    """The checklist, each choice named (and in each language the catalog has it in): one read."""
    programmes = await catalog.programmes_by_id(session, list(application.choices))
    names = {pid: catalog.programme_name(programmes.get(pid), pid) for pid in application.choices}
    translations = {pid: catalog.programme_name_translations(programmes.get(pid)) for pid in application.choices}
    return ChecklistOut.of(application.id, application.status, choices, names, translations)


@router.get(
    "/applications/{application_id}/checklist",
    response_model=ChecklistOut,
    summary="My application's checklist: each requirement of each choice, its state and what to do next",
)
async def my_checklist(application_id: ApplicationId, caller: ApplicantCaller, session: DbSession) -> ChecklistOut:
    application, choices = await checklist.for_applicant(session, caller.sub, application_id)
    return await _answer(session, application, choices)


@router.get(
    "/officer/applications/{application_id}/checklist",
    response_model=ChecklistOut,
    tags=["officer"],
    summary="The checklist of an application in my scope, with the document versions to verify",
)
async def officer_checklist(application_id: ApplicationId, caller: Reviewer, session: DbSession) -> ChecklistOut:
    application, choices = await checklist.for_officer(session, caller, application_id)
    return await _answer(session, application, choices)
