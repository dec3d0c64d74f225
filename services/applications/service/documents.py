"""Documents of an application: upload (checked on content) and new versions, list, find,
delete; officers verify or reject a version (issue 15, rules in ``domain/verification.py``).

Files live in a ``Storage`` (``storage.py``: encrypted at rest) under a random key; the
table keeps what they are.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain import lifecycle, verification
from services.applications.domain.documents import HEAD_BYTES, checked_content_type, sanitise_filename
from services.applications.domain.journal import Action
from services.applications.models import Application, Document
from services.applications.service import catalog, journal
from services.applications.service.accounts import account_names
from services.applications.service.applications import own_application
from services.applications.service.officer import in_scope, scoped_application
from services.applications.service.storage import Storage, fetch, new_key
from shared.clock import utcnow
from shared.errors import Conflict, Invalid, NotFound, TooLarge
from shared.events.catalog import (
    ApplicationStatus,
    DocumentKind,
    DocumentRejected,
    DocumentResubmitted,
    DocumentVerified,
)
from shared.outbox import add_event
from shared.principal import Principal
from shared.tables import InfraTables

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


async def read_checked(upload: Upload, limit: int) -> tuple[StoredFile, bytes]:
    """The upload's bytes and what they are, refusing a file larger than ``limit`` (as soon
    as it is), empty, or not the PDF, PNG or JPEG it claims to be. Nothing is stored yet."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(
                "document.too_large", f"file is larger than the limit of {limit} bytes", "file", max_bytes=limit
            )
        chunks.append(chunk)
    data = b"".join(chunks)
    if size == 0:
        raise Invalid("document.empty", "file is empty", "file")
    content_type = checked_content_type(upload.content_type, data[:HEAD_BYTES])
    return StoredFile(size, hashlib.sha256(data).hexdigest(), content_type), data


async def _check_can_upload(
    session: AsyncSession, applicant_id: str, application_id: str, replaces: str | None, *, lock: bool
) -> tuple[Application, Document | None]:
    """The application (and the version a re-upload replaces) when it can take the upload: a
    new document or a new version of one while the application can be edited; a new version
    of a rejected one (the applicant's task) as long as the application is alive."""
    application = await own_application(session, application_id, applicant_id, lock=lock)
    old = None
    if replaces is not None:
        old = await _own_document(session, applicant_id, application_id, replaces, field="replaces", lock=lock)
        if old.superseded:
            raise Conflict(
                "document.superseded", "a newer version of this document was uploaded; replace that one", "replaces"
            )
        if verification.task_open(old.state, old.superseded):  # asked for by an officer: always taken
            if application.status in verification.CLOSED:
                raise Conflict(
                    "application.closed", f"the application is {application.status}; it takes no documents", "status"
                )
            return application, old
        if old.version >= MAX_VERSIONS:
            raise Invalid(
                "document.too_many_versions",
                f"a document keeps at most {MAX_VERSIONS} versions: delete the newest to upload another in its place",
                "replaces",
                limit=MAX_VERSIONS,
            )
    cycle = await catalog.cycle_to_apply_in(session, application.cycle_id)
    lifecycle.check_can_edit(application.status, catalog.window_of(cycle), utcnow())
    return application, old


# Versions of one document the applicant may upload on their own (each is kept, with its
# review): a loop of re-uploads had piled 41 versions of 10 MB each on one document. A new
# version an officer asks for (a rejection's task) is taken whatever the count.
MAX_VERSIONS = 10


async def upload(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    application_id: str,
    kind: DocumentKind | None,
    file: Upload,
    *,
    store: Storage,
    limit: int,
    source: str,
    replaces: str | None = None,
    properties: verification.Properties = verification.Properties(),
) -> Document:
    """Keep an uploaded document, or a new version of one (``replaces``: the version it
    supersedes, kept; the new one awaits review). A new version of a submitted application's
    document is announced (document.resubmitted).

    ``session`` must not be in a transaction: the check before reading the body and the
    insert after it are two short ones, so no connection waits on a slow upload."""
    properties = properties.check(utcnow().date())
    # fail fast before reading the body when the application cannot take documents
    _application, old = await _check_can_upload(session, applicant_id, application_id, replaces, lock=False)
    if kind is None and old is None:
        raise Invalid("document.kind_required", "say what the document is", "kind")
    if old is not None and kind is not None and kind.value != old.kind:
        raise Invalid(
            "document.kind_mismatch", f"a new version of a {old.kind} must be a {old.kind}", "kind", expected=old.kind
        )
    await session.rollback()
    stored, data = await read_checked(file, limit)
    stored_name = new_key()
    try:
        await store.put(stored_name, data)
        async with session.begin():
            application, old = await _check_can_upload(session, applicant_id, application_id, replaces, lock=True)
            kind_kept = old.kind if old is not None else (kind.value if kind else DocumentKind.OTHER.value)
            await _check_room(session, application.id, kind_kept, stored.sha256, old)
            document = Document(
                id=str(uuid.uuid4()),
                application_id=application.id,
                applicant_id=applicant_id,
                kind=kind_kept,
                original_name=sanitise_filename(file.filename, content_type=stored.content_type),
                stored_name=stored_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                version=old.version + 1 if old is not None else 1,
                replaces=old.id if old is not None else None,
                **_columns(properties),
            )
            session.add(document)
            if old is not None:
                old.superseded = True  # kept, with its review; the new version is reviewed next
                if application.status != ApplicationStatus.DRAFT:
                    await add_event(
                        session,
                        tables,
                        DocumentResubmitted(
                            **_about(application, document),
                            replaces=old.id,
                            reviewed_by=old.reviewed_by,
                            replaced_state=old.state,
                        ),
                        source=source,
                    )
    except BaseException:
        await store.delete(stored_name)  # no file without its row (also when cancelled)
        raise
    return document


async def copy(
    session: AsyncSession, applicant_id: str, application_id: str, document_id: str, *, store: Storage
) -> Document:
    """A current document of another of the applicant's applications, copied into this one (the
    passport scanned for the SCO application serves the medical exchange too; it was uploaded
    again, file by file): the same file, kind and what it carries, under a file of its own (a
    draft's deletion removes its file only), reviewed afresh by this application's officers.

    ``session`` must not be in a transaction, as for an upload."""
    async with session.begin():
        await _check_can_upload(session, applicant_id, application_id, None, lock=False)
        original = await session.scalar(
            select(Document).where(Document.id == document_id, Document.applicant_id == applicant_id)
        )
        if original is None:
            raise NotFound("document.not_found", f"no document {document_id} of yours", "document_id")
        if original.application_id == application_id:
            raise Conflict("document.same_application", "this document is this application's already", "document_id")
        if original.superseded:
            raise Conflict("document.superseded", "a newer version of this document was uploaded; copy that one", "document_id")  # fmt: skip
    data = await _content(store, original)
    stored_name = new_key()
    try:
        await store.put(stored_name, data)
        async with session.begin():
            application, _ = await _check_can_upload(session, applicant_id, application_id, None, lock=True)
            await _check_room(session, application.id, original.kind, original.sha256, None)
            document = Document(
                id=str(uuid.uuid4()),
                application_id=application.id,
                applicant_id=applicant_id,
                kind=original.kind,
                original_name=original.original_name,
                stored_name=stored_name,
                content_type=original.content_type,
                size=original.size,
                sha256=original.sha256,
                **{name: getattr(original, name) for name in PROPERTY_COLUMNS},
            )
            session.add(document)
    except BaseException:
        await store.delete(stored_name)  # no file without its row
        raise
    return document


# the newest versions an application keeps: every kind a programme asks for, and room for more;
# an upload loop (or a stuck button) had piled 73 files on one draft for officers to review
MAX_DOCUMENTS = 30


async def _check_room(session: AsyncSession, application_id: str, kind: str, sha256: str, old: Document | None) -> None:
    """A new document that is the same file again as the same kind (a second click, an upload
    retried) is refused naming the one it repeats; a new document beyond ``MAX_DOCUMENTS`` too.
    One file may serve two kinds (a passport and a visa in one scan), and a new version may be
    the same file with what it carries declared (the attestation a rejection asked for)."""
    if old is not None:
        return
    current = (
        await session.execute(
            select(Document.id, Document.kind, Document.sha256).where(
                Document.application_id == application_id, Document.superseded.is_(False)
            )
        )
    ).all()
    same = next((d for d in current if d.kind == kind and d.sha256 == sha256), None)
    if same is not None:
        raise Conflict(
            "document.duplicate",
            f"this file is already the application's {kind} (document {same.id}): nothing was added",
            "file",
            document_id=same.id,
        )
    if len(current) >= MAX_DOCUMENTS:
        raise Invalid(
            "document.too_many",
            f"an application keeps at most {MAX_DOCUMENTS} documents: delete or replace one to add another",
            "file",
            limit=MAX_DOCUMENTS,
        )


# what a document carries, beside its file (copied with it)
PROPERTY_COLUMNS = (
    "attested_by",
    "attestation_number",
    "attested_on",
    "translation_language",
    "translation_certified_by",
    "nostrified",
)


def _columns(p: verification.Properties) -> dict[str, Any]:
    return {name: getattr(p, name) for name in PROPERTY_COLUMNS}


def _about(application: Application, document: Document) -> dict[str, Any]:
    return {
        "application_id": application.id,
        "applicant_id": application.applicant_id,
        "cycle_id": application.cycle_id,
        "document_id": document.id,
        "kind": document.kind,
        "version": document.version,
    }


async def list_documents(session: AsyncSession, applicant_id: str, application_id: str) -> list[Document]:
    await own_application(session, application_id, applicant_id)
    rows = await session.scalars(
        select(Document).where(Document.application_id == application_id).order_by(Document.created_at, Document.id)
    )
    return list(rows.all())


async def _own_document(
    session: AsyncSession,
    applicant_id: str,
    application_id: str,
    document_id: str,
    *,
    field: str = "document_id",
    lock: bool = False,
) -> Document:
    query = select(Document).where(
        Document.id == document_id, Document.application_id == application_id, Document.applicant_id == applicant_id
    )
    document = await session.scalar(query.with_for_update() if lock else query)
    if document is None:
        raise NotFound("document.not_found", f"no document {document_id}", field)
    return document


async def stored_file(
    session: AsyncSession, applicant_id: str, application_id: str, document_id: str, *, store: Storage
) -> tuple[Document, bytes]:
    """One of the applicant's documents and its bytes (decrypted, checked)."""
    document = await _own_document(session, applicant_id, application_id, document_id)
    return document, await _content(store, document)


async def _content(store: Storage, document: Document) -> bytes:
    return await fetch(store, document.stored_name, document.sha256, code="document", field="document_id")


async def delete(
    session: AsyncSession, applicant_id: str, application_id: str, document_id: str, *, store: Storage
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
        if document.superseded:
            raise Conflict("document.superseded", "only the newest version of a document can be deleted", "document_id")
        if document.replaces:  # the version before is the document again
            before = await _own_document(session, applicant_id, application_id, document.replaces, lock=True)
            before.superseded = False
        await session.delete(document)
    await store.delete(document.stored_name)


# --- officers: every version of an application's documents, verify or reject one ---


async def officer_documents(session: AsyncSession, officer: Principal, application_id: str) -> list[Document]:
    """Every version of the documents of an application in the officer's scope."""
    await scoped_application(session, officer, application_id)
    rows = await session.scalars(
        select(Document)
        .where(Document.application_id == application_id)
        .order_by(Document.kind, Document.created_at, Document.id)
    )
    return list(rows.all())


async def review_counts(
    session: AsyncSession, officer: Principal, application_ids: list[str]
) -> dict[str, dict[str, int]]:
    """For each of these applications in the officer's scope, how many of its documents' newest
    versions are verified, pending and rejected (all zero: it has none)."""
    scoped = in_scope(select(Application.id).where(Application.id.in_(application_ids)), officer)
    out = {a: dict.fromkeys(("verified", "pending", "rejected"), 0) for a in await session.scalars(scoped)}
    if not out:
        return {}
    rows = await session.execute(
        select(Document.application_id, Document.state, func.count())
        .where(Document.application_id.in_(list(out)), Document.superseded.is_(False))
        .group_by(Document.application_id, Document.state)
    )
    for application_id, state, n in rows:
        if state in out[application_id]:
            out[application_id][state] = n
    return out


async def reviewer_names(session: AsyncSession, documents: list[Document]) -> dict[str, str]:
    """The names of the accounts that reviewed these versions (by account id)."""
    return await account_names(session, (d.reviewed_by for d in documents))


async def _scoped_document(
    session: AsyncSession, officer: Principal, application_id: str, document_id: str, *, lock: bool = False
) -> tuple[Application, Document]:
    application = await scoped_application(session, officer, application_id)
    query = select(Document).where(Document.id == document_id, Document.application_id == application_id)
    document = await session.scalar(query.with_for_update() if lock else query)
    if document is None:
        raise NotFound("document.not_found", f"no document {document_id}", "document_id")
    return application, document


async def officer_stored_file(
    session: AsyncSession, officer: Principal, application_id: str, document_id: str, *, store: Storage
) -> tuple[Document, bytes]:
    """A document (any version) of an application in the officer's scope, and its bytes."""
    _application, document = await _scoped_document(session, officer, application_id, document_id)
    return document, await _content(store, document)


async def verify(
    session: AsyncSession,
    tables: InfraTables,
    officer: Principal,
    application_id: str,
    document_id: str,
    *,
    source: str,
) -> Document:
    """Mark the newest version verified (announced: document.verified); a rejection it
    corrects closes the applicant's task."""
    application, document = await _scoped_document(session, officer, application_id, document_id, lock=True)
    verification.check_can_review(document.state, document.superseded, verification.DocumentState.VERIFIED)
    before = {"state": document.state}
    now = utcnow()
    document.state = verification.DocumentState.VERIFIED.value
    document.reviewed_by, document.reviewed_at = officer.sub, now
    document.rejection_reason = document.rejection_note = None
    document.due_on = None
    await add_event(
        session,
        tables,
        DocumentVerified(**_about(application, document), verified_by=officer.sub, verified_at=now),
        source=source,
    )
    _journal(session, officer, Action.DOCUMENT_VERIFIED, application, document, before)
    return document


def _journal(
    session: AsyncSession,
    officer: Principal,
    action: Action,
    application: Application,
    document: Document,
    before: dict[str, Any],
    reason: str | None = None,
) -> None:
    journal.record(
        session,
        officer,
        action,
        subject=f"document:{document.id}",
        scheme_id=application.scheme_id,
        cycle_id=application.cycle_id,
        application_id=application.id,
        before=before,
        after={"state": document.state, "kind": document.kind, "version": document.version, "due_on": document.due_on},
        reason=reason,
    )


async def reject(
    session: AsyncSession,
    tables: InfraTables,
    officer: Principal,
    application_id: str,
    document_id: str,
    *,
    reason: str,
    note: str | None,
    due_on: date | None,
    source: str,
) -> Document:
    """Reject the newest version with a reason and a note: the applicant's task is to upload
    a new version by ``due_on`` (announced: document.rejected, which tells the applicant)."""
    reason, note = verification.checked_rejection(reason, note)
    now = utcnow()
    due = verification.task_due(now.date(), due_on)
    application, document = await _scoped_document(session, officer, application_id, document_id, lock=True)
    verification.check_can_review(document.state, document.superseded, verification.DocumentState.REJECTED)
    before = {"state": document.state}
    document.state = verification.DocumentState.REJECTED.value
    document.reviewed_by, document.reviewed_at = officer.sub, now
    document.rejection_reason, document.rejection_note, document.due_on = reason, note, due
    await add_event(
        session,
        tables,
        DocumentRejected(
            **_about(application, document),
            reason=reason,  # checked against the set list above
            note=note,
            due_on=due,
            rejected_by=officer.sub,
            rejected_at=now,
        ),
        source=source,
    )
    _journal(session, officer, Action.DOCUMENT_REJECTED, application, document, before, f"{reason}: {note or ''}")
    return document
