"""Every failure as a page in the reader's language: not logged in, wrong role, an expired
form, a service away or refusing, an unknown page, and the unexpected."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.app.middleware import SECURITY_HEADERS
from services.portal.clients import ServiceError, ServiceUnavailable
from services.portal.session import Session
from services.portal.views.auth import FILE_NOT_KEPT
from services.portal.web import CsrfFailed, NotLoggedIn, WrongRole, login_url, redirect, render, session_of
from shared.observability import CURRENT_REQUEST_ID, REQUEST_ID_HEADER

log = logging.getLogger("corridor.portal")
TITLES = {403: "Not allowed", 404: "Not found"}


def _ensure_session(request: Request) -> None:
    """Errors raised before the session middleware ran still render a page."""
    if not hasattr(request.state, "session"):
        request.state.session = Session()


# The portal's free-text fields (its textareas): what a person may have spent a while typing.
# Only these are shown back; a password or any other field never is.
TYPED_TEXT = ("statement", "text", "body", "comment", "note", "message_to_applicant")


async def _typed_text_to_copy(request: Request) -> Response | None:
    """Logged out meanwhile (another tab, an expired session or token): the form is refused, and
    what was typed into it would be lost on the way to the log-in page; the page to copy it, or
    None when the form carried no text (or no form: anything unreadable keeps nothing)."""
    if request.method != "POST":
        return None
    try:
        form = await request.form()
    except Exception:  # noqa: BLE001 - a body that is no form has nothing to keep
        return None
    typed = [
        value
        for name, value in form.multi_items()
        if isinstance(value, str) and value.strip() and (name in TYPED_TEXT or name.startswith("message_"))
    ]
    if not typed:
        return None
    return render(
        request, "session_ended.html", 401, title="Your session has ended", typed=typed, login=login_url(request)
    )


async def _file_sent(request: Request) -> bool:
    """Whether the refused request carried a file (an upload posted after the session ended)."""
    if request.method != "POST" or not request.headers.get("content-type", "").startswith("multipart/"):
        return False
    try:
        form = await request.form()
    except Exception:  # noqa: BLE001 - a body that is no form carried no file
        return False
    return any(getattr(value, "filename", None) for _name, value in form.multi_items())


async def not_logged_in(request: Request, _exc: Exception):
    page = await _typed_text_to_copy(request)
    if page is not None:
        return page
    if await _file_sent(request):  # the log-in page had said nothing of the file left behind
        session_of(request).flash(FILE_NOT_KEPT, "info")
        return redirect(login_url(request))
    session_of(request).flash("Please log in first.", "info")
    return redirect(login_url(request))


async def wrong_role(request: Request, _exc: Exception):
    return render(
        request, "error.html", 403, title="Not allowed", message="This page is not available to your account."
    )


async def csrf_failed(request: Request, _exc: Exception):
    return render(
        request,
        "error.html",
        403,
        title="Form expired",
        message="The form was out of date. Go back, reload the page and try again.",
    )


async def unavailable(request: Request, exc: ServiceUnavailable):
    log.warning("service unavailable: %s", exc)
    if exc.status is not None and exc.status != 503:
        # it answered, with a failure: "try again in a minute" would only send the person round
        return render(
            request,
            "error.html",
            502,
            title="Something went wrong",
            message="Something went wrong on our side. Nothing you entered was lost; please try again.",
            reference=CURRENT_REQUEST_ID.get(),  # the id in the portal's and the service's logs
        )
    return render(
        request,
        "error.html",
        503,
        title="Service unavailable",
        message="The {service} service cannot be reached right now. Please try again in a minute.",
        params={"service": exc.service},
        reference=CURRENT_REQUEST_ID.get(),
    )


async def refused(request: Request, exc: ServiceError):
    if exc.status == 401:  # the token expired or the account changed: log in again
        s = session_of(request)
        s.log_out()
        page = await _typed_text_to_copy(request)
        if page is not None:
            return page
        s.flash(FILE_NOT_KEPT if await _file_sent(request) else "Your session has ended. Please log in again.", "info")
        return redirect(login_url(request))
    if exc.code == "application.not_in_scope" and session_of(request).role == "reviewer":
        # a committee reviewer reads only what it was given: an old link of a review given away
        # or conflicted said "There is no such application"
        session_of(request).flash(REVIEW_NOT_YOURS, "info")
        return redirect("/officer/committee")
    title = TITLES.get(exc.status, "Request refused")
    return render(request, "error.html", exc.status, title=title, reasons=[e.message for e in exc.errors])


REVIEW_NOT_YOURS = (
    "This application is not among those you review: it was given to another reviewer, you declared a conflict"
    " with it, or it was never given to you."
)


async def http_error(request: Request, exc: StarletteHTTPException):
    _ensure_session(request)
    not_found = exc.status_code == 404
    return render(
        request,
        "error.html",
        exc.status_code,
        title="Not found" if not_found else "Request refused",
        message="There is no such page."
        if not_found
        else "This action is not possible here."
        if exc.status_code == 405
        else str(exc.detail),
    )


async def unexpected(request: Request, _exc: Exception):
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    _ensure_session(request)
    page = render(
        request,
        "error.html",
        500,
        title="Something went wrong",
        message="Something went wrong on our side. Nothing you entered was lost; please try again.",
        reference=CURRENT_REQUEST_ID.get(),
    )
    # answered outside the middleware that adds them to every other page
    page.headers.update(SECURITY_HEADERS)
    if reference := CURRENT_REQUEST_ID.get():
        page.headers[REQUEST_ID_HEADER] = reference
    return page


HANDLERS: dict[type[Exception], Callable[[Request, Any], Awaitable[Response]]] = {
    NotLoggedIn: not_logged_in,
    WrongRole: wrong_role,
    CsrfFailed: csrf_failed,
    ServiceUnavailable: unavailable,
    ServiceError: refused,
    StarletteHTTPException: http_error,
    Exception: unexpected,
}


def install_error_pages(app: FastAPI) -> None:
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)
