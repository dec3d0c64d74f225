"""Admission papers (service/papers.py): a host issues an admission letter, a visa form or
another paper to an applicant who accepted its place; the applicant downloads it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile, status
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.api.deps import ApplicationId, AppSettings, DocumentId, FileStorage, Runtime
from services.applications.api.documents import file_response
from services.applications.models import AdmissionPaper, infra
from services.applications.service import papers
from services.applications.service.accounts import account_names
from services.applications.service.documents import Upload
from shared.api import DbSession
from shared.auth import ApplicantCaller, PartnerCaller
from shared.events.catalog import PaperKind

router = APIRouter(tags=["admission papers"])

FILE_TYPES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}
}


class PaperOut(BaseModel):
    id: str
    application_id: str
    institution_id: str = Field(description="the host institution that issued it")
    kind: str = Field(description="admission_letter | visa_form | other")
    note: str | None = Field(description="the host's note to the applicant")
    original_name: str
    content_type: str
    size: int
    sha256: str
    issued_by: str
    issued_by_name: str = Field(description="the issuing account's name, when known")
    issued_at: datetime
    replaces: str | None = Field(description="the paper of the same kind this one replaced")
    superseded: bool = Field(description="a newer paper of its kind replaced it")

    @classmethod
    def of(cls, p: AdmissionPaper, names: dict[str, str]) -> PaperOut:
        return cls(
            **{k: getattr(p, k) for k in cls.model_fields if k != "issued_by_name"},
            issued_by_name=names.get(p.issued_by, ""),
        )


@router.post(
    "/host/applications/{application_id}/papers",
    status_code=status.HTTP_201_CREATED,
    response_model=PaperOut,
    summary="Issue an admission paper (PDF, PNG or JPEG) to an applicant who accepted your place; "
    "a new one of a kind replaces the one before; the applicant is told (the same file, kind and note "
    "as the paper that stands: 200 with that paper, nothing issued again)",
)
async def issue_paper(
    application_id: ApplicationId,
    caller: PartnerCaller,
    file: Annotated[UploadFile, File(description="PDF, PNG or JPEG; the type is checked on the content")],
    kind: Annotated[PaperKind, Form(description="admission_letter | visa_form (e.g. JW202) | other")],
    session: DbSession,
    settings: AppSettings,
    runtime: Runtime,
    store: FileStorage,
    response: Response,
    note: Annotated[str | None, Form(max_length=500, description="a note to the applicant")] = None,
) -> PaperOut:
    paper, new = await papers.issue(
        session,
        infra,
        caller,
        application_id,
        kind,
        note,
        Upload(file.filename, file.content_type, file.read),
        store=store,
        limit=settings.max_document_bytes,
        source=runtime.source,
    )
    if not new:  # the paper that stands, sent again: nothing issued, nobody told
        response.status_code = status.HTTP_200_OK
    return PaperOut.of(paper, await account_names(session, [paper.issued_by]))


async def _listed(session: AsyncSession, found: Sequence[AdmissionPaper]) -> list[PaperOut]:
    """Papers as answered, each with its issuer's name (one read for them all)."""
    names = await account_names(session, (p.issued_by for p in found))
    return [PaperOut.of(p, names) for p in found]


@router.get(
    "/host/applications/{application_id}/papers",
    response_model=list[PaperOut],
    summary="Every paper issued for an application with your institution, replaced ones too, newest first",
)
async def host_papers(application_id: ApplicationId, caller: PartnerCaller, session: DbSession) -> list[PaperOut]:
    return await _listed(session, await papers.for_host(session, caller, application_id))


def download_name(paper: AdmissionPaper) -> str:
    """The file's name as it downloads, "dlufl-admission-letter.pdf": every paper had downloaded
    under the host's own file name, and two of an applicant's were both "papers.pdf"."""
    suffix = PurePosixPath(paper.original_name).suffix.lower()
    if suffix not in (".pdf", ".png", ".jpg", ".jpeg"):
        suffix = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(paper.content_type, "")
    return f"{paper.institution_id}-{paper.kind.replace('_', '-')}{suffix}"


@router.get(
    "/host/applications/{application_id}/papers/{paper_id}",
    summary="Download a paper your institution issued",
    response_class=Response,
    responses=FILE_TYPES,
)
async def host_paper_file(
    application_id: ApplicationId, paper_id: DocumentId, caller: PartnerCaller, session: DbSession, store: FileStorage
) -> Response:
    paper, content = await papers.host_file(session, caller, application_id, paper_id, store=store)
    return file_response(content, paper.content_type, download_name(paper), paper.sha256)


@router.get(
    "/applications/{application_id}/papers",
    response_model=list[PaperOut],
    summary="The admission papers the host issued me (the ones that stand), newest first",
)
async def my_papers(application_id: ApplicationId, caller: ApplicantCaller, session: DbSession) -> list[PaperOut]:
    return await _listed(session, await papers.for_applicant(session, caller.sub, application_id))


@router.get(
    "/applications/{application_id}/papers/{paper_id}",
    summary="Download an admission paper the host issued me",
    response_class=Response,
    responses=FILE_TYPES,
)
async def my_paper_file(
    application_id: ApplicationId, paper_id: DocumentId, caller: ApplicantCaller, session: DbSession, store: FileStorage
) -> Response:
    paper, content = await papers.applicant_file(session, caller.sub, application_id, paper_id, store=store)
    return file_response(content, paper.content_type, download_name(paper), paper.sha256)
