"""Application routes: parse, call the domain, stage the event, answer."""

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, EmailStr, Field

from services.applications.models import Application, infra
from shared.events.catalog import ApplicationSubmitted
from shared.outbox import add_event

router = APIRouter(tags=["applications"])


class ApplicationIn(BaseModel):
    applicant_id: str = Field(min_length=1, max_length=64)
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    preferred_language: str = Field(default="en", pattern="^(en|zh|ru|ur|kk|uz|tg|ky)$")
    sending_country: str = Field(pattern="^[A-Z]{2}$")
    applicant_type: str = Field(default="student", pattern="^(student|faculty)$")
    cycle_id: str = Field(min_length=1, max_length=64)
    scheme_id: str = Field(min_length=1, max_length=64)
    choices: list[str] = Field(min_length=1, max_length=10)
    grade: float | None = Field(default=None, ge=0, le=100)


class ApplicationOut(BaseModel):
    id: str
    status: str
    cycle_id: str
    choices: list[str]
    submitted_at: datetime | None


@router.post("/applications", status_code=status.HTTP_201_CREATED, response_model=ApplicationOut)
async def submit_application(body: ApplicationIn, request: Request) -> ApplicationOut:
    runtime = request.app.state.runtime
    now = datetime.now(UTC)
    app_row = Application(id=str(uuid.uuid4()), status="submitted", submitted_at=now, **body.model_dump())
    async with runtime.db.session() as session, session.begin():
        session.add(app_row)
        await add_event(
            session,
            infra,
            ApplicationSubmitted(
                application_id=app_row.id,
                applicant_id=body.applicant_id,
                cycle_id=body.cycle_id,
                scheme_id=body.scheme_id,
                applicant_type=body.applicant_type,
                sending_country=body.sending_country,
                choices=body.choices,
                grade=body.grade,
                submitted_at=now,
                email=body.email,
                name=body.name,
                preferred_language=body.preferred_language,
            ),
            source=runtime.source,
        )
    return ApplicationOut(id=app_row.id, status=app_row.status, cycle_id=app_row.cycle_id,
                          choices=app_row.choices, submitted_at=app_row.submitted_at)
