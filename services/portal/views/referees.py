"""Referee letters (issue 15): the referee's page behind the e-mailed link, and the
applicant's actions on the referees block of the application page.

The referee has no account: the link's token is the only thing the page sends to the
applications service (``X-Referee-Token``), and it reaches one letter request. The page is
in the referee's language unless they switch it.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote, urlencode

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.clients import ServiceError, ServiceUnavailable, error_of, services_of
from services.portal.domain.endorsement import back_from
from services.portal.domain.forms import MAX_DOCUMENT_BYTES, file_too_large, is_email
from services.portal.domain.problems import Message
from services.portal.i18n import LANGUAGES
from services.portal.views.applicant import _application_page
from services.portal.views.documents import size_of
from services.portal.web import CsrfFailed, checked_form, redirect, render, require_role, session_of

router = APIRouter()

POSITIONS = (
    "professor",
    "associate_professor",
    "assistant_professor",
    "lecturer",
    "researcher",
    "employer",
    "other",
)
REFEREE_FIELDS = ("name", "email", "position", "institution", "relationship", "language")
MIN_LETTER_CHARS = 50

# The service's refusal codes -> the portal's sentence (translated in referee_words.py).
SAID: dict[str, str] = {
    "referee.link_invalid": "This link is not valid. Please ask the applicant to send you a new one.",
    "referee.link_expired": "This link has expired. Please ask the applicant to send you a new one.",
    "referee.link_withdrawn": "The applicant withdrew this request: no letter is needed. Thank you for your time.",
    "referee.link_used": "This link was already used: your answer was recorded. Thank you.",
    "referee.letter_too_short": "Please write at least 50 characters.",
    "referee.letter_too_long": "The letter is too long.",
    "referee.letter_not_pdf": "Upload the letter as a PDF file.",
    "document.unsupported_type": "Upload the letter as a PDF file.",
    "document.type_mismatch": "Upload the letter as a PDF file.",
    "document.too_large": "The file is too large.",
    "document.empty": "The file is empty.",
    "referee.too_many": "You cannot name more referees for this application.",
    "referee.too_many_requests": (
        "This application has asked as many referees as it may (cancelled and replaced ones count). "
        "Write to the admissions office in the application's messages."
    ),
    "referee.already_named": "This referee is already asked for a letter.",
    "referee.self": "You cannot be your own referee. Name someone who knows your work.",
    "referee.position_not_accepted": (
        "A letter from someone in this position counts for none of your choices. "
        "Name a referee in a position they accept."
    ),
    "referee.reminded_recently": "This referee was written to recently (the request or a reminder). Please try again tomorrow.",
    "referee.not_waiting": "This referee has already answered.",
    "referee.not_cancellable": "A submitted letter cannot be cancelled.",
    "referee.not_replaceable": "Only a referee who declined or has not answered can be replaced.",
    "referee.not_found": "There is no such referee.",
    "application.not_editable": "This application can no longer be changed.",
    "application.window_closed": "Applications for this cycle are closed.",
}
# ... and with the positions the choices accept (the service's ``accepted``), each worded
POSITIONS_ACCEPTED = (
    "A letter from someone in this position counts for none of your choices. Name a referee who is one of: {positions}."
)


def _said(exc: ServiceError) -> str:
    code = exc.errors[0].code if exc.errors else exc.code
    return SAID.get(code) or SAID.get(exc.code) or str(exc.message)


# --- the referee -------------------------------------------------------------------------------------


def _headers(token: str) -> dict[str, str]:
    return {"X-Referee-Token": token}


def _in_referees_language(request: Request, language: str | None) -> None:
    """The page in the referee's language (the request's), until they switch it themselves."""
    s = session_of(request)
    if not s.lang and language in LANGUAGES:
        s.lang = language
        s.changed = True


def _link_problem(request: Request, exc: ServiceError):
    # A cut or garbled link fails the token's own validation (422): to the referee it is not valid.
    problem = SAID["referee.link_invalid"] if exc.status == 422 else _said(exc)
    # a link that reached its request says so in the referee's language (used, expired, withdrawn)
    _in_referees_language(request, next((e.context["language"] for e in exc.errors if e.context.get("language")), None))
    return render(
        request,
        "referees/link_problem.html",
        status_code=exc.status if 400 <= exc.status < 500 else 400,
        title="Recommendation letter",
        problem=problem,
    )


async def _letter_page(request: Request, token: str, *, errors: dict | None = None, values=None, status_code=200):
    try:
        # the programmes in the page's language once the referee switched it (else the request's)
        chosen = session_of(request).lang
        view = await services_of(request).applications.post(
            "/referee/open", headers=_headers(token), params={"language": chosen} if chosen else None
        )
    except ServiceError as exc:
        return _link_problem(request, exc)
    _in_referees_language(request, view["language"])
    return render(
        request,
        "referees/letter.html",
        status_code=status_code,
        title="Recommendation letter",
        view=view,
        token=token,
        errors=errors or {},
        values=values or {},
        min_chars=MIN_LETTER_CHARS,
        max_document_mb=MAX_DOCUMENT_BYTES // (1024 * 1024),
        # the language switch comes back to the link, token and all (after a POST too: the
        # address of a refused letter is the form's, which a GET does not serve)
        current_url=f"/referee?{urlencode({'token': token})}",
    )


@router.get("/referee")
async def referee_page(request: Request, token: str = "", refused: str = ""):
    """The page the e-mailed link opens: one request, in the referee's language; with
    ``refused=too_large``, after a file over the limit (refused before the form was read), the
    page again with that said at the file field."""
    if not token:
        return render(
            request,
            "referees/link_problem.html",
            status_code=400,
            title="Recommendation letter",
            problem=SAID["referee.link_invalid"],
        )
    if refused == "too_large":
        return await _letter_page(request, token, errors={"file": file_too_large()})
    return await _letter_page(request, token)


def _done(request: Request, declined: bool):
    """After the letter or the decline: to the thank-you page by its own address, so that a
    reload shows it again rather than sending the letter again (the link is used by then)."""
    return redirect("/referee/declined" if declined else "/referee/thanks")


@router.get("/referee/thanks")
@router.get("/referee/declined")
async def referee_done(request: Request):
    declined = request.url.path.endswith("/declined")
    return render(request, "referees/done.html", title="Recommendation letter", declined=declined)


async def _answer(request: Request, token: str, call, field: str, values: dict | None = None):
    try:
        await call
    except ServiceError as exc:
        if exc.status in (403, 409):  # the link: used, expired or not valid
            return _link_problem(request, exc)
        return await _letter_page(request, token, errors={field: _said(exc)}, values=values, status_code=422)
    return None


FORM_EXPIRED = "This page was open a long time and the form expired. Your letter is below: check it and send it again."


@router.post("/referee/letter")
async def write_letter(request: Request):
    try:
        form = await checked_form(request)
    except CsrfFailed:
        # hours after the link was opened (the session ended): the letter typed is shown again,
        # on a fresh form, rather than lost with a "form expired" page
        typed = await request.form()
        token, text = str(typed.get("token") or ""), str(typed.get("text") or "")
        errors = {"text": FORM_EXPIRED}
        return await _letter_page(request, token, errors=errors, values={"text": text}, status_code=403)
    token, text = str(form.get("token") or ""), str(form.get("text") or "")
    if len(text.strip()) < MIN_LETTER_CHARS:
        errors = {"text": SAID["referee.letter_too_short"]}
        return await _letter_page(request, token, errors=errors, values={"text": text}, status_code=422)
    apps = services_of(request).applications
    call = apps.post("/referee/letter/text", headers=_headers(token), json={"text": text})
    problem = await _answer(request, token, call, "text", {"text": text})
    return problem or _done(request, declined=False)


@router.post("/referee/upload")
async def upload_letter(request: Request):
    form = await checked_form(request)
    token, upload = str(form.get("token") or ""), form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return await _letter_page(request, token, errors={"file": "Choose a PDF file."}, status_code=422)
    if size_of(upload.file) > MAX_DOCUMENT_BYTES:
        return await _letter_page(request, token, errors={"file": file_too_large()}, status_code=422)
    upload.file.seek(0)  # streamed on to the service, never read whole here
    apps = services_of(request).applications
    call = apps.post(
        "/referee/letter/file",
        headers=_headers(token),
        files={"file": (upload.filename, upload.file, upload.content_type or "application/octet-stream")},
    )
    problem = await _answer(request, token, call, "file")
    return problem or _done(request, declined=False)


@router.post("/referee/decline")
async def decline(request: Request):
    form = await checked_form(request)
    token = str(form.get("token") or "")
    reason = str(form.get("reason") or "").strip()[:500]
    if form.get("confirm") != "yes":  # the browser asks for the box; a form sent without it is refused here
        errors = {"decline": "Tick the box to confirm: declining cannot be undone."}
        return await _letter_page(request, token, errors=errors, values={"reason": reason}, status_code=422)
    call = services_of(request).applications.post(
        "/referee/decline", json={"reason": reason} if reason else None, headers=_headers(token)
    )
    problem = await _answer(request, token, call, "decline")
    return problem or _done(request, declined=True)


@router.get("/referee/letter")
@router.get("/referee/upload")
@router.get("/referee/decline")
async def referee_form_address(token: str = ""):
    """A form's address opened again (a reload after a refused upload, the history): back to the
    letter's page when the address names the link's token (the referee has no account to log
    in with: the home page had left them to find the e-mail again), else the home page."""
    return redirect(f"/referee?{urlencode({'token': token})}" if token else "/")


# --- the applicant -----------------------------------------------------------------------------------


def _referee_body(form: dict, prefix: str) -> tuple[dict, dict[str, str]]:
    body = {f: str(form.get(f"{prefix}{f}") or "").strip() for f in REFEREE_FIELDS}
    errors: dict[str, str] = {}
    for f in ("name", "institution", "relationship"):
        if not body[f]:
            errors[f"{prefix}{f}"] = "This field is required."
        elif len(body[f]) < 2:  # typed, but one character: "required" read as if nothing had been
            errors[f"{prefix}{f}"] = "Enter at least 2 characters."
    if not body["email"]:  # typed but not an address ("not-an-email") is said so, not asked for again
        errors[f"{prefix}email"] = "Enter the referee's e-mail address."
    elif not is_email(body["email"]):  # said with the other fields' problems, not after them
        errors[f"{prefix}email"] = "This e-mail address is not valid."
    if body["position"] not in POSITIONS:
        errors[f"{prefix}position"] = "Choose the referee's position."
    if body["language"] not in LANGUAGES:
        body["language"] = "en"
    return body, errors


async def _refused(request: Request, application_id: str, errors: dict, values: dict):
    return await _application_page(request, application_id, errors=errors, values=values, status_code=422)


def _service_errors(exc: ServiceError, prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}  # Message where it has parameters
    for e in exc.errors:
        field = e.field.split(".")[-1]
        key = f"{prefix}{field}" if field in REFEREE_FIELDS else "referees"
        # an address the service's stricter check refused (the portal's own checks only an "@")
        invalid_address = field == "email" and e.code == "value_error"
        # e.message keeps its parameters ("at most {max_length} characters" had shown unfilled)
        said = SAID.get(e.code) or ("This e-mail address is not valid." if invalid_address else e.message)
        if e.code == "referee.position_not_accepted" and e.context.get("accepted"):
            said = Message(POSITIONS_ACCEPTED, {"positions": list(e.context["accepted"])})
        out.setdefault(key, said)
    return out or {"referees": _said(exc)}


@router.post("/applications/{application_id}/referees")
async def name_referee(request: Request, application_id: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    body, errors = _referee_body(form, "ref_")
    values = {f"ref_{k}": v for k, v in body.items()}
    if errors:
        return await _refused(request, application_id, errors, values)
    try:
        await services_of(request).applications.post(f"/applications/{application_id}/referees", s.token, json=body)
    except ServiceError as exc:
        if exc.status == 401:
            raise
        return await _refused(request, application_id, _service_errors(exc, "ref_"), values)
    s.flash("The referee was asked for a letter.", "success")
    return redirect(f"/applications/{application_id}#referees")


@router.post("/applications/{application_id}/referees/{request_id}/{action}")
async def referee_action(request: Request, application_id: str, request_id: str, action: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    apps = services_of(request).applications
    path = f"/applications/{application_id}/referees/{request_id}"
    flashes = {
        "remind": "The referee was reminded.",
        "cancel": "The request was cancelled.",
        "replace": "The referee was replaced.",
    }
    if action not in flashes:
        return redirect(f"/applications/{application_id}#referees")
    values: dict = {}
    try:
        if action == "replace":
            prefix = f"rep_{request_id}_"
            body, errors = _referee_body(form, prefix)
            values = {f"{prefix}{k}": v for k, v in body.items()}
            if errors:
                return await _refused(request, application_id, errors, values)
            await apps.post(f"{path}/replace", s.token, json=body)
        elif action == "cancel" and form.get("confirm") != "yes":
            # the referee is e-mailed that no letter is needed: not on one click by mistake
            errors = {f"referee-{request_id}": "Tick the box to cancel: the referee is told by e-mail."}
            return await _refused(request, application_id, errors, values)
        else:
            await apps.post(f"{path}/{action}", s.token)
    except ServiceError as exc:
        if exc.status == 401:
            raise
        prefix = f"rep_{request_id}_" if action == "replace" else "ref_"
        errors = _service_errors(exc, prefix)
        if action != "replace":
            errors = {f"referee-{request_id}": _said(exc)}
        return await _refused(request, application_id, errors, values)
    s.flash(flashes[action], "success")
    return redirect(f"/applications/{application_id}#referees")


@router.get("/applications/{application_id}/referees")
@router.get("/applications/{application_id}/referees/{request_id}/{action}")
async def referees_address(application_id: str, request_id: str = "", action: str = ""):
    return redirect(f"/applications/{application_id}#referees")


# --- officers: the letters of an application in their scope -----------------------------------------

# Officers in scope, and a nominating authority for its own country's applicants (it verifies
# documents and asks for new ones, issue 15), and a home institution's coordinator for its own
# applicants (issue 14); the applications service checks the scope.
STAFF = ("officer", "admin", "reviewer", "nominator", "coordinator")


@router.get("/officer/applications/{application_id}/referees")
async def officer_letters(request: Request, application_id: str):
    s = require_role(request, *STAFF)
    apps = services_of(request).applications
    letters, application = await asyncio.gather(
        apps.get(f"/officer/applications/{application_id}/referees", s.token),
        apps.get(f"/officer/applications/{application_id}", s.token),
    )
    back = back_from(request.query_params.get("back"))
    return render(
        request,
        "referees/officer.html",
        title="Recommendation letters",
        application_id=application_id,
        application=application,
        applicant_name=application.get("applicant_name") or "",
        letters=letters,
        back=back,
        back_query=f"?{urlencode({'back': back})}" if back else "",
    )


@router.get("/officer/applications/{application_id}/referees/{request_id}/letter")
async def officer_letter(request: Request, application_id: str, request_id: str):
    """The letter as the service serves it (a PDF, or the written text), passed through."""
    s = require_role(request, *STAFF)
    apps = services_of(request).applications
    path = f"/officer/applications/{quote(application_id)}/referees/{quote(request_id)}/letter"
    try:
        r = await apps.http.get(path, headers={"Authorization": f"Bearer {s.token}"})
    except httpx.HTTPError as exc:
        raise ServiceUnavailable(apps.name, type(exc).__name__) from None
    if r.status_code >= 500:
        raise ServiceUnavailable(apps.name, f"answered {r.status_code}")
    if r.status_code >= 400:
        try:
            body = r.json()
        except ValueError:
            body = None
        raise error_of(apps.name, r.status_code, body)
    pdf = r.headers.get("content-type", "").startswith("application/pdf")
    if not pdf and not request.query_params.get("download"):
        # a letter written in the form is read as a page, with whose it is and for whom (the
        # bare text file said neither); the text file stays a link away
        letters, application = await asyncio.gather(
            apps.get(f"/officer/applications/{application_id}/referees", s.token),
            apps.get(f"/officer/applications/{application_id}", s.token),
        )
        referee = next((x for x in letters if x.get("id") == request_id), None)
        return render(
            request,
            "referees/letter_text.html",
            title="Recommendation letter",
            application_id=application_id,
            applicant_name=application.get("applicant_name") or "",
            referee=referee or {},
            request_id=request_id,
            text=r.content.decode("utf-8", errors="replace"),
        )
    name = f"letter-{request_id[:8]}.{'pdf' if pdf else 'txt'}"
    return Response(
        r.content,
        media_type="application/pdf" if pdf else "text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff"},
    )
