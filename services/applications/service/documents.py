"""Documents of an application: upload (checked on content), list, find, delete.

Files live in the documents folder under a random name; the table keeps what they are.
File I/O runs in worker threads, off the event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain import lifecycle
from services.applications.domain.documents import HEAD_BYTES, checked_content_type, sanitise_filename
from services.applications.models import Document
from services.applications.service import catalog
from services.applications.service.applications import own_application
from shared.clock import utcnow
from shared.errors import Conflict, Invalid, NotFound, TooLarge
from shared.events.catalog import ApplicationStatus, DocumentKind

CHUNK = 256 * 1024


@dataclass(frozen=True)
class Upload:
    """An uploaded file as the API hands it over: its name and declared type as the client
    sent them, and a reader of its bytes (``read(n)``, empty at the end)."""

    filename: str | None
    content_type: str | None
    read: Callable[[int], Awaitable[bytes]]


@dataclass(frozen=True)
class StoredFile:
    size: int
    sha256: str
    content_type: str


def _open_new(target: Path) -> BinaryIO:
    target.parent.mkdir(parents=True, exist_ok=True)
    return open(target, "xb")  # closed by the caller


async def store_checked(upload: Upload, target: Path, limit: int) -> StoredFile:
    """Stream the upload to ``target`` (a new file), refusing it when it is larger than
    ``limit``, empty, or not the PDF, PNG or JPEG it claims to be."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    out = await asyncio.to_thread(_open_new, target)
    try:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge(
                    "document.too_large", f"file is larger than the limit of {limit} bytes", "file", max_bytes=limit
                )
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            digest.update(chunk)
            await asyncio.to_thread(out.write, chunk)
    finally:
        await asyncio.to_thread(out.close)
    if size == 0:
        raise Invalid("document.empty", "file is empty", "file")
    return StoredFile(size, digest.hexdigest(), checked_content_type(upload.content_type, head))


async def _check_can_change(session: AsyncSession, applicant_id: str, application_id: str, *, lock: bool):
    application = await own_application(session, application_id, applicant_id, lock=lock)
    cycle = await catalog.cycle_to_apply_in(session, application.cycle_id)
    lifecycle.check_can_edit(application.status, catalog.window_of(cycle), utcnow())
    return application


async def upload(
    session: AsyncSession,
    applicant_id: str,
    application_id: str,
    kind: DocumentKind,
    file: Upload,
    *,
    folder: Path,
    limit: int,
) -> Document:
    """Keep an uploaded document of an application that can still be edited.

    ``session`` must not be in a transaction: the check before reading the body and the
    insert after it are two short ones, so no connection waits on a slow upload."""
    # fail fast before reading the body when the application cannot take documents
    await _check_can_change(session, applicant_id, application_id, lock=False)
    await session.rollback()
    stored_name = uuid.uuid4().hex
    target = folder / stored_name
    try:
        stored = await store_checked(file, target, limit)
        async with session.begin():
            application = await _check_can_change(session, applicant_id, application_id, lock=True)
            document = Document(
                id=str(uuid.uuid4()),
                application_id=application.id,
                applicant_id=applicant_id,
                kind=kind.value,
                original_name=sanitise_filename(file.filename),
                stored_name=stored_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
            )
            session.add(document)
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-written stays behind (also when cancelled)
        raise
    return document


async def list_documents(session: AsyncSession, applicant_id: str, application_id: str) -> list[Document]:
    await own_application(session, application_id, applicant_id)
    rows = await session.scalars(
        select(Document).where(Document.application_id == application_id).order_by(Document.created_at, Document.id)
    )
    return list(rows.all())


async def _own_document(session: AsyncSession, applicant_id: str, application_id: str, document_id: str) -> Document:
    document = await session.scalar(
        select(Document).where(
            Document.id == document_id, Document.application_id == application_id, Document.applicant_id == applicant_id
        )
    )
    if document is None:
        raise NotFound("document.not_found", f"no document {document_id}", "document_id")
    return document


async def stored_file(
    session: AsyncSession, applicant_id: str, application_id: str, document_id: str, *, folder: Path
) -> tuple[Document, Path]:
    """One of the applicant's documents and where its file is."""
    document = await _own_document(session, applicant_id, application_id, document_id)
    path = folder / document.stored_name
    if not await asyncio.to_thread(path.is_file):
        raise NotFound("document.file_missing", "the stored file is missing", "document_id")
    return document, path


async def delete(
    session: AsyncSession, applicant_id: str, application_id: str, document_id: str, *, folder: Path
) -> None:
    """Delete a document while the application is a draft; the file goes after the commit
    (a failed commit keeps it). ``session`` must not be in a transaction."""
    async with session.begin():
        application = await own_application(session, application_id, applicant_id, lock=True)
        document = await _own_document(session, applicant_id, application_id, document_id)
        if application.status != ApplicationStatus.DRAFT:
            raise Conflict(
                "document.not_deletable",
                f"documents can only be deleted while the application is a draft; it is {application.status}",
                "status",
            )
        await session.delete(document)
    await asyncio.to_thread((folder / document.stored_name).unlink, missing_ok=True)
