"""Officers read the applications in their scope (``shared.scope``); admins all."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.applications.api.deps import ApplicationId
from services.applications.api.host_schemas import ConsentOfOut
from services.applications.api.schemas import DocumentReviewOut, OfficerApplicationOut
from services.applications.service import catalog, documents, host_access, officer
from services.applications.service.officer import ApplicantFacts
from shared.api import DbSession, PageParams
from shared.auth import Reviewer
from shared.events.catalog import ApplicationStatus
from shared.paging import Page, fetch_page

router = APIRouter(prefix="/officer", tags=["officer"])
# some applications asked about at once, each by its id (a page's rows)
AskedApplications = Annotated[
    list[Annotated[str, Query(max_length=128)]], Query(min_length=1, max_length=500, description="repeat it")
]


@router.get("/applications", response_model=Page[OfficerApplicationOut], summary="Applications in my scope")
async def scoped_applications(
    caller: Reviewer,
    session: DbSession,
    paging: PageParams,
    cycle_id: Annotated[str | None, Query(max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:~-]*$")] = None,
    status_: Annotated[
        list[ApplicationStatus] | None,
        Query(alias="status", max_length=20, description="in any of these statuses (repeat the parameter)"),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="the applicant's name or e-mail contains it (any case), or the id begins with it",
        ),
    ] = None,
) -> Page[OfficerApplicationOut]:
    rows, total = await fetch_page(session, officer.scoped_query(caller, cycle_id, status_, q), paging=paging)
    who = await officer.applicants_of(session, [a.applicant_id for a in rows])
    homes = await catalog.institution_names(session, [a.home_institution_id for a in rows])
    return Page.of(
        [OfficerApplicationOut.of(a, who.get(a.applicant_id, ApplicantFacts()), institutions=homes) for a in rows],
        total,
        paging,
    )


@router.get(
    "/applications/{application_id}", response_model=OfficerApplicationOut, summary="One application in my scope"
)
async def scoped_application(
    application_id: ApplicationId, caller: Reviewer, session: DbSession
) -> OfficerApplicationOut:
    application = await officer.scoped_application(session, caller, application_id)
    who = await officer.applicants_of(session, [application.applicant_id])
    homes = await catalog.institution_names(session, [application.home_institution_id])
    return OfficerApplicationOut.of(
        application, who.get(application.applicant_id, ApplicantFacts()), institutions=homes
    )


@router.get(
    "/documents/review",
    response_model=list[DocumentReviewOut],
    summary="How far the review of some applications' documents has come",
    description="For each application asked (in my scope; others are left out), in the order asked: how "
    "many of its documents (their newest versions) are verified, awaiting review and rejected. An officer "
    "approving a match reads it: an offer made on documents nobody checked.",
)
async def documents_review(
    caller: Reviewer,
    session: DbSession,
    application_id: AskedApplications,
) -> list[DocumentReviewOut]:
    counts = await documents.review_counts(session, caller, list(dict.fromkeys(application_id)))
    return [DocumentReviewOut(application_id=a, **counts[a]) for a in dict.fromkeys(application_id) if a in counts]


@router.get(
    "/consent",
    response_model=list[ConsentOfOut],
    summary="What some applications let the host institution read, and the language their applicants read",
    description="For each application asked (in my scope; others are left out), in the order asked: whether "
    "the applicant lets the host institution read their identity and their documents. An officer approving a "
    "match reads it: a host that cannot see the documents may take them for missing.",
)
async def consent(
    caller: Reviewer,
    session: DbSession,
    application_id: AskedApplications,
) -> list[ConsentOfOut]:
    asked = list(dict.fromkeys(application_id))
    given = await host_access.consents_in_scope(session, caller, asked)
    languages = await host_access.messages_languages(session, given)
    return [ConsentOfOut.of_application(a, given[a], languages.get(a)) for a in asked if a in given]
