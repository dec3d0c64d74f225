"""Admission papers: a host institution issues an admission letter, a visa form (China's
JW202) or another paper to an applicant who accepted its place; the applicant downloads it
from the application, told by e-mail and in the portal (application.papers_issued).

Who may issue: the host's partner users (portal or machine credentials) of the institution
the application is with, once the applicant accepted (``consent.host_of``). Issuing needs no
consent: it gives the applicant something, it reads nothing of theirs. A new paper of a kind
the application has replaces the one before (kept, ``superseded``, for the host's record).
Files live in the documents' storage (encrypted at rest) under a random key.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.documents import sanitise_filename
from services.applications.domain.journal import Action
from services.applications.models import AdmissionPaper, Application
from services.applications.service import host_access, journal
from services.applications.service.applications import own_application
from services.applications.service.documents import Upload, read_checked
from services.applications.service.storage import Storage, fetch, new_key
from shared.errors import Conflict, NotFound
from shared.events.catalog import ApplicationStatus, PaperKind, PapersIssued
from shared.outbox import add_event
from shared.principal import Principal
from shared.tables import InfraTables


def _refuse_unless_accepted(application: Application) -> None:
    if application.status != ApplicationStatus.ACCEPTED:
        raise Conflict(
            "papers.not_accepted",
            f"papers are issued once the applicant accepted the place; the application is {application.status}",
            "application_id",
            status=application.status,
        )


async def issue(
    session: AsyncSession,
    tables: InfraTables,
    host: Principal,
    application_id: str,
    kind: PaperKind,
    note: str | None,
    file: Upload,
    *,
    store: Storage,
    limit: int,
    source: str,
) -> tuple[AdmissionPaper, bool]:
    """Keep the paper and tell the applicant (the event in the same transaction as the row);
    the paper, and whether it is new. The same file of the same kind with the same note as the
    paper that stands is that paper (False), told to nobody again: a double submit, a Back and
    submit, or a partner's retry after a timeout had issued it twice and e-mailed the applicant
    that it "replaces the one issued before".

    ``session`` must not be in a transaction: the check before reading the body and the
    insert after it are two short ones, as for a document's upload."""
    async with session.begin():
        _refuse_unless_accepted((await host_access.with_host(session, host, application_id))[0])
    stored, data = await read_checked(file, limit)
    stored_name = new_key()
    try:
        await store.put(stored_name, data)
        async with session.begin():
            application, institution = await host_access.with_host(session, host, application_id, lock=True)
            _refuse_unless_accepted(application)
            before = await session.scalar(
                select(AdmissionPaper)
                .where(
                    AdmissionPaper.application_id == application.id,
                    AdmissionPaper.kind == kind,
                    AdmissionPaper.superseded.is_(False),
                )
                .with_for_update()
            )
            noted = (note or "").strip() or None
            if before is not None and (before.sha256, before.note, before.institution_id) == (
                stored.sha256,
                noted,
                institution,
            ):
                await store.delete(stored_name)
                return before, False
            paper = AdmissionPaper(
                id=str(uuid.uuid4()),
                application_id=application.id,
                applicant_id=application.applicant_id,
                institution_id=institution,
                kind=kind,
                note=(note or "").strip() or None,
                original_name=sanitise_filename(file.filename, content_type=stored.content_type),
                stored_name=stored_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                issued_by=host.sub,
                replaces=before.id if before is not None else None,
            )
            session.add(paper)
            if before is not None:
                before.superseded = True
            journal.record(
                session,
                host,
                Action.PAPERS_ISSUED,
                subject=f"paper:{paper.id}",
                scheme_id=application.scheme_id,
                cycle_id=application.cycle_id,
                application_id=application.id,
                after={"kind": kind, "institution_id": institution, "file": paper.original_name},
            )
            await add_event(
                session,
                tables,
                PapersIssued(
                    application_id=application.id,
                    applicant_id=application.applicant_id,
                    cycle_id=application.cycle_id,
                    institution_id=institution,
                    paper_id=paper.id,
                    kind=kind,
                    note=paper.note or "",
                    replaces=paper.replaces,
                    issued_at=paper.issued_at,
                ),
                source=source,
                subject=f"application:{application.id}",
            )
    except BaseException:
        await store.delete(stored_name)  # no file without its row
        raise
    return paper, True


def _newest_first(application_id: str):
    return (
        select(AdmissionPaper)
        .where(AdmissionPaper.application_id == application_id)
        .order_by(AdmissionPaper.issued_at.desc(), AdmissionPaper.id)
    )


async def for_host(session: AsyncSession, host: Principal, application_id: str) -> list[AdmissionPaper]:
    """Every paper issued for the application, replaced ones too, newest first."""
    await host_access.with_host(session, host, application_id)
    return list((await session.scalars(_newest_first(application_id))).all())


async def for_applicant(session: AsyncSession, applicant_id: str, application_id: str) -> list[AdmissionPaper]:
    """The papers that stand (not replaced), newest first."""
    await own_application(session, application_id, applicant_id)
    query = _newest_first(application_id).where(AdmissionPaper.superseded.is_(False))
    return list((await session.scalars(query)).all())


async def _file(
    session: AsyncSession, application_id: str, paper_id: str, store: Storage, *, replaced_too: bool
) -> tuple[AdmissionPaper, bytes]:
    query = select(AdmissionPaper).where(AdmissionPaper.id == paper_id, AdmissionPaper.application_id == application_id)
    if not replaced_too:  # the applicant holds what stands: a replaced visa form is not theirs to use
        query = query.where(AdmissionPaper.superseded.is_(False))
    paper = await session.scalar(query)
    if paper is None:
        raise NotFound("papers.not_found", f"no paper {paper_id} of application {application_id}", "paper_id")
    return paper, await fetch(store, paper.stored_name, paper.sha256, code="papers", field="paper_id")


async def host_file(
    session: AsyncSession, host: Principal, application_id: str, paper_id: str, *, store: Storage
) -> tuple[AdmissionPaper, bytes]:
    await host_access.with_host(session, host, application_id)
    return await _file(session, application_id, paper_id, store, replaced_too=True)


async def applicant_file(
    session: AsyncSession, applicant_id: str, application_id: str, paper_id: str, *, store: Storage
) -> tuple[AdmissionPaper, bytes]:
    await own_application(session, application_id, applicant_id)
    return await _file(session, application_id, paper_id, store, replaced_too=False)
