"""An applicant's copy of what this service holds about them (GET /me/data): the profile and
each application with its documents (their details; each file downloads from its own
address), referees (never the letters, which the applicant does not read), messages, the
consent given to hosts and each host's read of their identity or documents. To
keep, or before closing the account (POST /me/close)."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from services.applications.api.deps import AppSettings
from services.applications.api.host_schemas import ConsentOut, IdentityReadOut
from services.applications.api.message_schemas import MessageOut
from services.applications.api.referee_schemas import RefereeOut
from services.applications.api.schemas import ApplicationOut, DocumentOut, ProfileOut
from services.applications.domain.consent import Given
from services.applications.service import accounts, applications, catalog, documents, host_access, messages, referees
from shared.api import DbSession
from shared.auth import ApplicantCaller
from shared.clock import utcnow

router = APIRouter(tags=["accounts"])


class MyApplicationData(BaseModel):
    application: ApplicationOut
    documents: list[DocumentOut] = Field(
        description="every version's details; a file downloads from GET /applications/{application id}/documents/{id}"
    )
    referees: list[RefereeOut] = Field(description="whom I asked, and where each letter stands (never its content)")
    messages: list[MessageOut] = Field(description="the thread with the admissions office, oldest first")
    consent: ConsentOut = Field(description="what I let a host institution read")
    identity_reads: list[IdentityReadOut] = Field(description="each read of my identity or documents a host made")


class MyDataOut(BaseModel):
    exported_at: datetime
    profile: ProfileOut
    applications: list[MyApplicationData] = Field(description="newest first, withdrawn ones too")


@router.get(
    "/me/data",
    response_model=MyDataOut,
    summary="Everything this service holds about me, as one JSON document (a download)",
    description="My inbox is the notifications service's (`GET /inbox`); the portal's download joins the two.",
)
async def my_data(caller: ApplicantCaller, session: DbSession, settings: AppSettings, response: Response) -> MyDataOut:
    account, applicant = await accounts.profile(session, caller.sub)
    pending = await accounts.pending_email(session, caller.sub)
    rows = list(await session.scalars(applications.mine_query(caller.sub, None, None)))
    names = await catalog.institution_names(session, [a.home_institution_id for a in rows])
    gap = timedelta(seconds=settings.referee_remind_min_seconds)
    out = []
    for a in rows:
        out.append(
            MyApplicationData(
                application=ApplicationOut.of(a, institutions=names),
                documents=[DocumentOut.of(d) for d in await documents.list_documents(session, caller.sub, a.id)],
                referees=[RefereeOut.of(r, gap) for r in await referees.list_referees(session, caller.sub, a.id)],
                messages=[MessageOut.of(m) for m in await messages.whole_thread(session, a.id)],
                consent=ConsentOut.of(Given.of(a.consent)),
                identity_reads=[IdentityReadOut.of(r) for r in await host_access.reads_of(session, caller.sub, a.id)],
            )
        )
    response.headers["Content-Disposition"] = 'attachment; filename="corridor-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return MyDataOut(exported_at=utcnow(), profile=ProfileOut.of(account, applicant, pending), applications=out)
