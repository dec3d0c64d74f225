"""Referee letters (issue 15): the applicant's referees, the referee's link, officers' reading.

The referee's routes (``/referee/...``) take the link's token in the ``X-Referee-Token``
header and nothing else: no account, no ids. The token reaches exactly one request.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, File, Header, Path, Query, UploadFile, status
from fastapi.responses import Response

from services.applications.api.deps import ApplicationId, AppSettings, FileStorage, Runtime
from services.applications.api.documents import file_response, written_letter
from services.applications.api.referee_schemas import (
    LetterTextIn,
    OfficerLetterOut,
    RefereeAnswerOut,
    RefereeDeclineIn,
    RefereeIn,
    RefereeLanguage,
    RefereeOut,
    RefereeRequestView,
)
from services.applications.models import infra
from services.applications.service import referees
from services.applications.service.documents import Upload
from services.applications.settings import Settings
from shared.api import DbSession, Transaction
from shared.auth import ApplicantCaller, Reviewer

router = APIRouter(tags=["referees"])

RequestId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
RefereeToken = Annotated[
    str, Header(alias="X-Referee-Token", min_length=16, max_length=2000, description="the token of the referee's link")
]


def links_of(settings: Settings) -> referees.Links:
    return referees.Links(settings.jwt_secret.get_secret_value(), settings.referee_link_prefix)


async def _links(settings: AppSettings) -> referees.Links:
    return links_of(settings)


Links = Annotated[referees.Links, Depends(_links)]


def _naming(settings: Settings, links: referees.Links, runtime: Runtime) -> dict:
    return dict(
        links=links,
        max_days=settings.referee_max_days,
        max_referees=settings.max_referees_per_application,
        source=runtime.source,
    )


# --- the applicant ---------------------------------------------------------------------------


@router.get(
    "/applications/{application_id}/referees",
    response_model=list[RefereeOut],
    summary="My referees and the state of each letter (never its content)",
)
async def list_referees(
    application_id: ApplicationId, caller: ApplicantCaller, session: DbSession, settings: AppSettings
) -> list[RefereeOut]:
    gap = _remind_gap(settings)
    return [RefereeOut.of(r, gap) for r in await referees.list_referees(session, caller.sub, application_id)]


def _remind_gap(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.referee_remind_min_seconds)


@router.post(
    "/applications/{application_id}/referees",
    status_code=status.HTTP_201_CREATED,
    response_model=RefereeOut,
    summary="Name a referee: they are e-mailed a link to write or upload the letter",
)
async def name_referee(
    application_id: ApplicationId,
    body: RefereeIn,
    caller: ApplicantCaller,
    session: Transaction,
    settings: AppSettings,
    links: Links,
    runtime: Runtime,
) -> RefereeOut:
    request = await referees.name_referee(
        session, infra, caller.sub, application_id, body.referee(), **_naming(settings, links, runtime)
    )
    return RefereeOut.of(request, _remind_gap(settings))


@router.post(
    "/applications/{application_id}/referees/{request_id}/remind",
    response_model=RefereeOut,
    summary="Remind a referee who has not answered (at most once a day)",
    responses={429: {"description": "reminded recently (referee.reminded_recently); see Retry-After"}},
)
async def remind_referee(
    application_id: ApplicationId,
    request_id: RequestId,
    caller: ApplicantCaller,
    session: Transaction,
    settings: AppSettings,
    links: Links,
    runtime: Runtime,
) -> RefereeOut:
    request = await referees.remind(
        session,
        infra,
        caller.sub,
        application_id,
        request_id,
        links=links,
        min_gap=_remind_gap(settings),
        source=runtime.source,
    )
    return RefereeOut.of(request, _remind_gap(settings))


@router.post(
    "/applications/{application_id}/referees/{request_id}/cancel",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Cancel a request that is not submitted: its link stops working and the referee is told",
)
async def cancel_referee(
    application_id: ApplicationId,
    request_id: RequestId,
    caller: ApplicantCaller,
    session: Transaction,
    runtime: Runtime,
):
    await referees.cancel(session, infra, caller.sub, application_id, request_id, source=runtime.source)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/applications/{application_id}/referees/{request_id}/replace",
    status_code=status.HTTP_201_CREATED,
    response_model=RefereeOut,
    summary="Ask another referee instead of one who declined or did not answer",
)
async def replace_referee(
    application_id: ApplicationId,
    request_id: RequestId,
    body: RefereeIn,
    caller: ApplicantCaller,
    session: Transaction,
    settings: AppSettings,
    links: Links,
    runtime: Runtime,
) -> RefereeOut:
    request = await referees.replace(
        session, infra, caller.sub, application_id, request_id, body.referee(), **_naming(settings, links, runtime)
    )
    return RefereeOut.of(request, _remind_gap(settings))


# --- the referee (the link's token, nothing else) -------------------------------------------------


@router.post(
    "/referee/open",
    response_model=RefereeRequestView,
    summary="The referee opens the link: the one request it reaches",
)
async def open_request(
    token: RefereeToken,
    session: Transaction,
    links: Links,
    language: Annotated[
        RefereeLanguage | None,
        Query(description="name the programmes in this language (the page's, once the referee switched it)"),
    ] = None,
) -> RefereeRequestView:
    return RefereeRequestView.of(await referees.open_request(session, links.secret, token, language))


@router.post("/referee/letter/text", response_model=RefereeAnswerOut, summary="Submit the letter written in the form")
async def write_letter(
    token: RefereeToken, body: LetterTextIn, session: Transaction, links: Links, runtime: Runtime
) -> RefereeAnswerOut:
    request = await referees.write_letter(session, infra, links.secret, token, body.text, source=runtime.source)
    return RefereeAnswerOut(state=request.state)


@router.post("/referee/letter/file", response_model=RefereeAnswerOut, summary="Upload the letter as a PDF")
async def upload_letter(
    token: RefereeToken,
    file: Annotated[UploadFile, File(description="a PDF; the type is checked on the content")],
    session: DbSession,
    settings: AppSettings,
    links: Links,
    runtime: Runtime,
    store: FileStorage,
) -> RefereeAnswerOut:
    request = await referees.upload_letter(
        session,
        infra,
        links.secret,
        token,
        Upload(file.filename, file.content_type, file.read),
        store=store,
        limit=settings.max_document_bytes,
        source=runtime.source,
    )
    return RefereeAnswerOut(state=request.state)


@router.post("/referee/decline", response_model=RefereeAnswerOut, summary="Decline to write the letter")
async def decline(
    token: RefereeToken, session: Transaction, links: Links, runtime: Runtime, body: RefereeDeclineIn | None = None
) -> RefereeAnswerOut:
    """The reason, if given, is told to the applicant as written (they ask someone else)."""
    reason = body.reason if body is not None else None
    await referees.decline(session, infra, links.secret, token, reason=reason, source=runtime.source)
    return RefereeAnswerOut(state="declined")


# --- officers ----------------------------------------------------------------------------------------


@router.get(
    "/officer/applications/{application_id}/referees",
    response_model=list[OfficerLetterOut],
    summary="The referees of an application in my scope, with their letters' form",
    tags=["officer"],
)
async def officer_letters(
    application_id: ApplicationId, caller: Reviewer, session: DbSession
) -> list[OfficerLetterOut]:
    return [OfficerLetterOut.of(r) for r in await referees.letters_in_scope(session, caller, application_id)]


@router.get(
    "/officer/applications/{application_id}/referees/{request_id}/letter",
    summary="Download a submitted letter (a PDF, or the written text)",
    tags=["officer"],
    responses={200: {"content": {"application/pdf": {}, "text/plain": {}}}},
)
async def officer_letter(
    application_id: ApplicationId, request_id: RequestId, caller: Reviewer, session: DbSession, store: FileStorage
) -> Response:
    request, pdf = await referees.letter_in_scope(session, caller, application_id, request_id, store=store)
    if pdf is None:
        return written_letter(request.id, request.letter_text or "")
    return file_response(pdf, "application/pdf", request.letter_original_name or "letter.pdf", request.letter_sha256)
