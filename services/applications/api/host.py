"""Consent, and what a host institution reads with it (issue 14: identity only with consent;
issue 15: the referees' letters, with the documents' consent).

The applicant sets what hosts may read (``PUT /applications/{id}/consent``) and sees every
read made (``GET /applications/{id}/identity-reads``). A host's partner users (portal or
machine credentials) list the applications with their institutions now, and read the identity
documents and letters of those whose applicants consented; each read is recorded.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.applications.api.deps import ApplicationId, DocumentId, FileStorage
from services.applications.api.documents import file_response, written_letter
from services.applications.api.host_schemas import (
    ConsentIn,
    ConsentOut,
    ConsideredOut,
    HostDocumentOut,
    HostLetterOut,
    IdentityOut,
    IdentityReadOut,
)
from services.applications.api.referees import RequestId
from services.applications.domain.consent import Given
from services.applications.models import Application
from services.applications.service import host_access
from services.applications.service.applications import own_application
from shared.api import DbSession, PageParams, Transaction
from shared.auth import ApplicantCaller, PartnerCaller
from shared.paging import Page, fetch_page

router = APIRouter(tags=["consent and host access"])

INSTITUTION = r"^[a-z0-9][a-z0-9._-]{0,127}$"


@router.get("/applications/{application_id}/consent", response_model=ConsentOut, summary="What hosts may read")
async def consent(application_id: ApplicationId, caller: ApplicantCaller, session: DbSession) -> ConsentOut:
    application = await own_application(session, application_id, caller.sub)
    return ConsentOut.of(Given.of(application.consent))


@router.put(
    "/applications/{application_id}/consent",
    response_model=ConsentOut,
    summary="Let the host institution that considers the application read my identity and documents (or stop it)",
)
async def give_consent(
    application_id: ApplicationId, body: ConsentIn, caller: ApplicantCaller, session: Transaction
) -> ConsentOut:
    given = await host_access.give_consent(
        session, caller.sub, application_id, identity=body.host_identity, documents=body.host_documents
    )
    return ConsentOut.of(given)


@router.get(
    "/applications/{application_id}/identity-reads",
    response_model=list[IdentityReadOut],
    summary="Every read of my identity or documents a host made, newest first",
)
async def identity_reads(
    application_id: ApplicationId, caller: ApplicantCaller, session: DbSession
) -> list[IdentityReadOut]:
    return [IdentityReadOut.of(r) for r in await host_access.reads_of(session, caller.sub, application_id)]


@router.get(
    "/host/applications",
    response_model=Page[ConsideredOut],
    summary="The applications with my institutions now (officers approved a match there, offered or accepted)",
)
async def considered(
    caller: PartnerCaller,
    session: Transaction,
    paging: PageParams,
    institution_id: Annotated[str | None, Query(max_length=128, pattern=INSTITUTION)] = None,
    application_id: Annotated[
        list[Annotated[str, Query(max_length=128)]] | None,
        Query(max_length=500, description="only these applications (repeat it): an admissions page's cards"),
    ] = None,
    with_names: Annotated[
        bool,
        Query(description="each applicant's name, where they let the host read their identity (an identity read)"),
    ] = False,
) -> Page[ConsideredOut]:
    query = host_access.considered_query(caller, institution_id, application_id)
    rows, total = await fetch_page(session, query, Application.updated_at.desc(), Application.id, paging=paging)
    cards = await host_access.considered(session, rows)
    names = await host_access.names(session, caller, cards) if with_names else {}
    out = [
        ConsideredOut.of(c).model_copy(
            update=dict(zip(("name", "passport_name"), names[c.application.id], strict=True))
        )
        if c.application.id in names
        else ConsideredOut.of(c)
        for c in cards
    ]
    return Page.of(out, total, paging)


@router.get(
    "/host/applications/{application_id}/identity",
    response_model=IdentityOut,
    summary="The applicant's identity (with their consent); the read is recorded",
)
async def identity(application_id: ApplicationId, caller: PartnerCaller, session: Transaction) -> IdentityOut:
    return IdentityOut.of(await host_access.identity(session, caller, application_id))


@router.get(
    "/host/applications/{application_id}/documents",
    response_model=list[HostDocumentOut],
    summary="The current version of each of the applicant's documents (with their consent)",
)
async def documents(application_id: ApplicationId, caller: PartnerCaller, session: DbSession) -> list[HostDocumentOut]:
    return [HostDocumentOut.of(d) for d in await host_access.documents(session, caller, application_id)]


@router.get(
    "/host/applications/{application_id}/documents/{document_id}",
    summary="Download one of the applicant's documents (with their consent); the read is recorded",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}},
)
async def document_file(
    application_id: ApplicationId,
    document_id: DocumentId,
    caller: PartnerCaller,
    session: Transaction,
    store: FileStorage,
) -> Response:
    document, content = await host_access.document_file(session, caller, application_id, document_id, store=store)
    return file_response(content, document.content_type, document.original_name, document.sha256)


@router.get(
    "/host/applications/{application_id}/letters",
    response_model=list[HostLetterOut],
    summary="The applicant's referees and how each letter stands (with consent to share the documents)",
)
async def letters(application_id: ApplicationId, caller: PartnerCaller, session: DbSession) -> list[HostLetterOut]:
    return [HostLetterOut.of(r) for r in await host_access.letters(session, caller, application_id)]


@router.get(
    "/host/applications/{application_id}/letters/{request_id}",
    summary="Read one submitted letter, a PDF or the written text (with consent to share the documents); "
    "the read is recorded",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "text/plain": {}}}},
)
async def letter(
    application_id: ApplicationId,
    request_id: RequestId,
    caller: PartnerCaller,
    session: Transaction,
    store: FileStorage,
) -> Response:
    request, pdf = await host_access.letter(session, caller, application_id, request_id, store=store)
    if pdf is None:
        return written_letter(request.id, request.letter_text or "")
    return file_response(pdf, "application/pdf", request.letter_original_name or "letter.pdf", request.letter_sha256)
