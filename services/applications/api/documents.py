"""Documents of an application: upload (checked on content), list, download, delete."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path as FsPath
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile, status
from fastapi.responses import FileResponse, Response
from sqlalchemy import select

from services.applications import store
from services.applications.api.applications import ApplicationId
from services.applications.api.common import Applicant, now, runtime_of
from services.applications.api.schemas import DocumentOut
from services.applications.domain import lifecycle
from services.applications.domain.documents import DocumentKind, content_type_problem, sanitise_filename, sniff
from services.applications.domain.lifecycle import Status
from services.applications.models import Document
from shared.api import DomainError

router = APIRouter(tags=["documents"])

DocumentId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
CHUNK = 256 * 1024


def document_out(d: Document) -> DocumentOut:
    return DocumentOut(
        id=d.id,
        application_id=d.application_id,
        kind=d.kind,
        original_name=d.original_name,
        content_type=d.content_type,
        size=d.size,
        sha256=d.sha256,
        created_at=d.created_at,
    )


def documents_dir(request: Request) -> FsPath:
    path = request.app.state.settings.documents_path
    path.mkdir(parents=True, exist_ok=True)
    return path


async def _copy_checked(upload: UploadFile, target: FsPath, limit: int) -> tuple[int, str, str]:
    """Stream the upload to ``target``; returns (size, sha256, content type found in the bytes)."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    with open(target, "xb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise DomainError(413, f"file is larger than the limit of {limit} bytes", field="file", max_bytes=limit)
            if len(head) < 16:
                head += chunk[: 16 - len(head)]
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        raise DomainError(422, "file is empty", field="file")
    problem = content_type_problem(upload.content_type, head)
    if problem:
        raise DomainError(415 if problem.startswith("only") else 422, problem, field="file")
    return size, digest.hexdigest(), sniff(head) or ""


@router.post(
    "/applications/{application_id}/documents",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentOut,
    summary="Upload a document (PDF, PNG or JPEG)",
)
async def upload_document(
    application_id: ApplicationId,
    principal: Applicant,
    request: Request,
    kind: Annotated[DocumentKind, Form()],
    file: Annotated[UploadFile, File(description="PDF, PNG or JPEG; the type is checked on the content")],
) -> DocumentOut:
    runtime = runtime_of(request)
    settings = request.app.state.settings
    # fail fast before reading the body when the application cannot take documents
    async with runtime.db.session() as session:
        application = await store.own_application(session, application_id, principal.sub)
        cycle = await store.cycle_of(session, application.cycle_id)
        lifecycle.check_can_edit(application.status, store.window_of(cycle), now())
    stored_name = uuid.uuid4().hex
    target = documents_dir(request) / stored_name
    try:
        size, sha256, content_type = await _copy_checked(file, target, settings.max_document_bytes)
        async with runtime.db.session() as session, session.begin():
            application = await store.own_application(session, application_id, principal.sub, lock=True)
            lifecycle.check_can_edit(
                application.status, store.window_of(await store.cycle_of(session, application.cycle_id)), now()
            )
            document = Document(
                id=str(uuid.uuid4()),
                application_id=application.id,
                applicant_id=principal.sub,
                kind=kind.value,
                original_name=sanitise_filename(file.filename),
                stored_name=stored_name,
                content_type=content_type,
                size=size,
                sha256=sha256,
            )
            session.add(document)
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-written stays behind
        raise
    return document_out(document)


@router.get(
    "/applications/{application_id}/documents",
    response_model=list[DocumentOut],
    summary="My documents for an application",
)
async def list_documents(application_id: ApplicationId, principal: Applicant, request: Request) -> list[DocumentOut]:
    async with runtime_of(request).db.session() as session:
        await store.own_application(session, application_id, principal.sub)
        rows = (
            await session.scalars(
                select(Document)
                .where(Document.application_id == application_id)
                .order_by(Document.created_at, Document.id)
            )
        ).all()
    return [document_out(d) for d in rows]


async def _own_document(session, application_id: str, document_id: str, applicant_id: str) -> Document:
    document = await session.scalar(
        select(Document).where(
            Document.id == document_id, Document.application_id == application_id, Document.applicant_id == applicant_id
        )
    )
    if document is None:
        raise DomainError(404, f"no document {document_id}", field="document_id")
    return document


@router.get(
    "/applications/{application_id}/documents/{document_id}",
    summary="Download one of my documents",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}},
)
async def download_document(
    application_id: ApplicationId, document_id: DocumentId, principal: Applicant, request: Request
):
    async with runtime_of(request).db.session() as session:
        document = await _own_document(session, application_id, document_id, principal.sub)
    path = request.app.state.settings.documents_path / document.stored_name
    if not path.is_file():
        raise DomainError(404, "the stored file is missing", field="document_id")
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
    application_id: ApplicationId, document_id: DocumentId, principal: Applicant, request: Request
):
    async with runtime_of(request).db.session() as session, session.begin():
        application = await store.own_application(session, application_id, principal.sub, lock=True)
        document = await _own_document(session, application_id, document_id, principal.sub)
        if application.status != Status.DRAFT:
            raise DomainError(
                409,
                f"documents can only be deleted while the application is a draft; it is {application.status}",
                field="status",
            )
        await session.delete(document)
    path = request.app.state.settings.documents_path / document.stored_name
    path.unlink(missing_ok=True)  # after the commit: a failed commit keeps the file
    return Response(status_code=status.HTTP_204_NO_CONTENT)
