"""The checklist of an application (issue 15) for its applicant and for officers in scope:
loads the application, its programmes, documents and referee letters, and lets
``domain/checklist.py`` judge them under the shared eligibility rules."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain import checklist
from services.applications.domain.referees import RefereeState, shown_state
from services.applications.domain.verification import Properties
from services.applications.models import Application, Document, RefereeRequest
from services.applications.service import catalog
from services.applications.service.accounts import profile
from services.applications.service.applications import own_application
from services.applications.service.officer import scoped_application
from shared.clock import aware, utcnow
from shared.eligibility import ApplicantFacts, Certificate, CycleFacts, ProgrammeFacts
from shared.events.catalog import Requirements
from shared.principal import Principal


async def for_applicant(
    session: AsyncSession, applicant_id: str, application_id: str
) -> tuple[Application, list[checklist.ChoiceChecklist]]:
    application = await own_application(session, application_id, applicant_id)
    return application, await _checklist(session, application)


async def for_officer(
    session: AsyncSession, officer: Principal, application_id: str
) -> tuple[Application, list[checklist.ChoiceChecklist]]:
    application = await scoped_application(session, officer, application_id)
    return application, await _checklist(session, application)


async def _checklist(session: AsyncSession, application: Application) -> list[checklist.ChoiceChecklist]:
    cycle = await catalog.cycle_to_apply_in(session, application.cycle_id)
    _account, applicant = await profile(session, application.applicant_id)
    programmes = await catalog.programmes_by_id(session, list(application.choices))
    countries = cycle.eligible_countries or await catalog.scheme_countries(session, cycle.scheme_id)
    base = ApplicantFacts(
        applicant_type=applicant.applicant_type,
        nationality=applicant.nationality,
        grade=application.grade,
        certificates=Certificate.many(application.language_certificates),
        date_of_birth=applicant.date_of_birth,
    )
    return checklist.build(
        base,
        CycleFacts(cycle.id, cycle.starts_on, tuple(countries)),
        list(application.choices),
        {
            pid: ProgrammeFacts(
                p.id, p.cycle_id, p.applicant_type, Requirements.model_validate(p.requirements or {}), p.host_country
            )
            for pid, p in programmes.items()
        },
        await _documents(session, application.id),
        await _letters(session, application.id),
        utcnow().date(),
    )


async def _documents(session: AsyncSession, application_id: str) -> list[checklist.DocumentFact]:
    rows = await session.scalars(
        select(Document).where(Document.application_id == application_id).order_by(Document.created_at, Document.id)
    )
    return [
        checklist.DocumentFact(
            id=d.id,
            kind=d.kind,
            version=d.version,
            state=d.state,
            superseded=d.superseded,
            held=Properties(d.attested_by, translation_language=d.translation_language, nostrified=d.nostrified).held(),
            rejection_reason=d.rejection_reason,
            rejection_note=d.rejection_note,
            due_on=d.due_on,
        )
        for d in rows.all()
    ]


async def _letters(session: AsyncSession, application_id: str) -> list[checklist.LetterFact]:
    rows = await session.scalars(
        select(RefereeRequest).where(
            RefereeRequest.application_id == application_id, RefereeRequest.state != RefereeState.CANCELLED.value
        )
    )
    now = utcnow()
    return [checklist.LetterFact(shown_state(r.state, aware(r.due_at), now), r.position) for r in rows.all()]
