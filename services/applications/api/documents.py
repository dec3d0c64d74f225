"""Documents of an application: upload (checked on content) and new versions, list, download,
delete; officers list every version, download, verify or reject one (issue 15)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, UploadFile, status
from fastapi.responses import PlainTextResponse, Response

from services.applications.api.deps import ApplicationId, AppSettings, DocumentId, FileStorage, Runtime
from services.applications.api.schemas import DocumentCopy, DocumentOut, OfficerDocumentOut, RejectIn
from services.applications.domain.documents import sanitise_filename
from services.applications.domain.verification import Attestation, Properties, TranslationLanguage
from services.applications.models import infra
from services.applications.service import documents
from shared.api import DbSession, Transaction
from shared.auth import ApplicantCaller, Reviewer
from shared.events.catalog import DocumentKind

router = APIRouter(tags=["documents"])


def file_response(content: bytes, media_type: str, filename: str, sha256: str | None) -> Response:
    """A stored file as a download (the headers FileResponse gave it), never sniffed; its name
    ends as its type does (a name stored before uploads were renamed so, "cv.html" of a PDF,
    is served as "cv.html.pdf")."""
    filename = sanitise_filename(filename, content_type=media_type)
    quoted = quote(filename)
    disposition = (
        f"attachment; filename*=utf-8''{quoted}" if quoted != filename else f'attachment; filename="{filename}"'
    )
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    if sha256:
        headers["X-Checksum-SHA256"] = sha256
    return Response(content, media_type=media_type, headers=headers)


def written_letter(request_id: str, text: str) -> Response:
    """A letter the referee wrote in the form, as a text download named for it (a browser
    saved it as "file.txt")."""
    headers = {
        "Content-Disposition": f'attachment; filename="letter-{request_id[:8]}.txt"',
        "X-Content-Type-Options": "nosniff",
    }
    return PlainTextResponse(text, headers=headers)


@router.post(
    "/applications/{application_id}/documents",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentOut,
    summary="Upload a document (PDF, PNG or JPEG), or a new version of one (replaces)",
)
async def upload_document(
    application_id: ApplicationId,
    caller: ApplicantCaller,
    file: Annotated[UploadFile, File(description="PDF, PNG or JPEG; the type is checked on the content")],
    session: DbSession,
    settings: AppSettings,
    runtime: Runtime,
    store: FileStorage,
    kind: Annotated[DocumentKind | None, Form(description="required unless replaces names the version")] = None,
    replaces: Annotated[
        str | None, Form(max_length=64, pattern=r"^[A-Za-z0-9-]+$", description="the version this one supersedes")
    ] = None,
    attested_by: Annotated[Attestation | None, Form()] = None,
    attestation_number: Annotated[str | None, Form(max_length=64)] = None,
    attested_on: Annotated[date | None, Form()] = None,
    translation_language: Annotated[
        TranslationLanguage | None, Form(description="a certified translation into")
    ] = None,
    translation_certified_by: Annotated[str | None, Form(max_length=200)] = None,
    nostrified: Annotated[bool, Form(description="recognised in Kazakhstan")] = False,
) -> DocumentOut:
    document = await documents.upload(
        session,
        infra,
        caller.sub,
        application_id,
        kind,
        documents.Upload(file.filename, file.content_type, file.read),
        store=store,
        limit=settings.max_document_bytes,
        source=runtime.source,
        replaces=replaces or None,
        properties=Properties(
            attested_by.value if attested_by else None,
            attestation_number,
            attested_on,
            translation_language.value if translation_language else None,
            translation_certified_by,
            nostrified,
        ),
    )
    return DocumentOut.of(document)


@router.post(
    "/applications/{application_id}/documents/copy",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentOut,
    summary="Copy a document of another of your applications into this one (reviewed again here)",
)
async def copy_document(
    application_id: ApplicationId, caller: ApplicantCaller, session: DbSession, store: FileStorage, body: DocumentCopy
) -> DocumentOut:
    return DocumentOut.of(await documents.copy(session, caller.sub, application_id, body.document_id, store=store))


@router.get(
    "/applications/{application_id}/documents",
    response_model=list[DocumentOut],
    summary="My documents for an application",
)
async def list_documents(
    application_id: ApplicationId, caller: ApplicantCaller, session: DbSession
) -> list[DocumentOut]:
    return [DocumentOut.of(d) for d in await documents.list_documents(session, caller.sub, application_id)]


@router.get(
    "/applications/{application_id}/documents/{document_id}",
    summary="Download one of my documents",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}},
)
async def download_document(
    application_id: ApplicationId,
    document_id: DocumentId,
    caller: ApplicantCaller,
    session: DbSession,
    store: FileStorage,
) -> Response:
    document, content = await documents.stored_file(session, caller.sub, application_id, document_id, store=store)
    return file_response(content, document.content_type, document.original_name, document.sha256)


@router.delete(
    "/applications/{application_id}/documents/{document_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a document while the application is a draft",
)
async def delete_document(
    application_id: ApplicationId,
    document_id: DocumentId,
    caller: ApplicantCaller,
    session: DbSession,
    store: FileStorage,
):
    await documents.delete(session, caller.sub, application_id, document_id, store=store)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- officers (in scope: shared.scope through service/officer.py) ---


@router.get(
    "/officer/applications/{application_id}/documents",
    response_model=list[OfficerDocumentOut],
    tags=["officer"],
    summary="Every version of the documents of an application in my scope, with who reviewed it",
)
async def officer_documents(
    application_id: ApplicationId, caller: Reviewer, session: DbSession
) -> list[OfficerDocumentOut]:
    versions = await documents.officer_documents(session, caller, application_id)
    names = await documents.reviewer_names(session, versions)
    return [OfficerDocumentOut.of(d, names) for d in versions]


@router.get(
    "/officer/applications/{application_id}/documents/{document_id}",
    tags=["officer"],
    summary="Download a document (any version) of an application in my scope",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}},
)
async def officer_download(
    application_id: ApplicationId, document_id: DocumentId, caller: Reviewer, session: DbSession, store: FileStorage
) -> Response:
    document, content = await documents.officer_stored_file(session, caller, application_id, document_id, store=store)
    return file_response(content, document.content_type, document.original_name, document.sha256)


@router.post(
    "/officer/applications/{application_id}/documents/{document_id}/verify",
    response_model=OfficerDocumentOut,
    tags=["officer"],
    summary="Verify the newest version of a document",
)
async def verify_document(
    application_id: ApplicationId, document_id: DocumentId, caller: Reviewer, session: Transaction, runtime: Runtime
) -> OfficerDocumentOut:
    document = await documents.verify(session, infra, caller, application_id, document_id, source=runtime.source)
    return OfficerDocumentOut.of(document, await documents.reviewer_names(session, [document]))


@router.post(
    "/officer/applications/{application_id}/documents/{document_id}/reject",
    response_model=OfficerDocumentOut,
    tags=["officer"],
    summary="Reject the newest version of a document with a reason: the applicant must upload a new one",
)
async def reject_document(
    application_id: ApplicationId,
    document_id: DocumentId,
    body: RejectIn,
    caller: Reviewer,
    session: Transaction,
    runtime: Runtime,
) -> OfficerDocumentOut:
    document = await documents.reject(
        session,
        infra,
        caller,
        application_id,
        document_id,
        reason=body.reason,
        note=body.note,
        due_on=body.due_on,
        source=runtime.source,
    )
    return OfficerDocumentOut.of(document, await documents.reviewer_names(session, [document]))
