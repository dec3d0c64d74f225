"""Documents of an application: upload (checked on content), list, download, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile, status
from fastapi.responses import FileResponse, Response

from services.applications.api.deps import ApplicationId, AppSettings, DocumentId
from services.applications.api.schemas import DocumentOut
from services.applications.service import documents
from shared.api import DbSession
from shared.auth import ApplicantCaller
from shared.events.catalog import DocumentKind

router = APIRouter(tags=["documents"])


@router.post(
    "/applications/{application_id}/documents",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentOut,
    summary="Upload a document (PDF, PNG or JPEG)",
)
async def upload_document(
    application_id: ApplicationId,
    caller: ApplicantCaller,
    kind: Annotated[DocumentKind, Form()],
    file: Annotated[UploadFile, File(description="PDF, PNG or JPEG; the type is checked on the content")],
    session: DbSession,
    settings: AppSettings,
) -> DocumentOut:
    document = await documents.upload(
        session,
        caller.sub,
        application_id,
        kind,
        documents.Upload(file.filename, file.content_type, file.read),
        folder=settings.documents_path,
        limit=settings.max_document_bytes,
    )
    return DocumentOut.of(document)


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
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}},
)
async def download_document(
    application_id: ApplicationId,
    document_id: DocumentId,
    caller: ApplicantCaller,
    session: DbSession,
    settings: AppSettings,
):
    document, path = await documents.stored_file(
        session, caller.sub, application_id, document_id, folder=settings.documents_path
    )
    return FileResponse(
        path,
        media_type=document.content_type,
        filename=document.original_name,
        headers={"X-Content-Type-Options": "nosniff", "X-Checksum-SHA256": document.sha256},
    )


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
    settings: AppSettings,
):
    await documents.delete(session, caller.sub, application_id, document_id, folder=settings.documents_path)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
