"""What wraps every page: the request body bound, the signed session cookie and the
security headers."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qs, quote, urlencode

from fastapi import FastAPI, Request
from starlette.requests import cookie_parser
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.portal.clients import READER_LANGUAGE
from services.portal.domain.forms import MAX_DOCUMENT_BYTES
from services.portal.i18n import LANGUAGES
from services.portal.session import COOKIE, DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, Session, Signer
from services.portal.settings import Settings
from services.portal.views.auth import recheck_address, recheck_token
from services.portal.web import language_of, render
from shared.errors import Unauthenticated
from shared.limits import BodyLimit, KiB, Limit, MiB

# Pages carry personal data and a CSRF token: not to be cached or framed.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
}
# A document (or a host's admission paper) may be as large as the applications service takes
# (10 MiB), plus the form around it; every other form is small.
UPLOAD_LIMIT = 10 * MiB + 64 * KiB
FORM_LIMIT = 1 * MiB
# Only a signed-in person's upload is read at all (checked on the headers: the session cookie);
# a referee's letter comes with the link's token in the form itself (checked by the service).
UPLOAD_ROUTES = [
    Limit(path, UPLOAD_LIMIT, methods=("POST",), read_timeout=120, authenticate=True)
    for path in (
        "/applications/{application_id}/documents",
        "/applications/{application_id}/documents/{document_id}/reupload",
        "/host/applications/{application_id}/papers",
    )
] + [Limit("/referee/upload", UPLOAD_LIMIT, methods=("POST",), read_timeout=120)]


# The applicant's upload forms: a file over the limit leads back to its form, the error at the field.
UPLOAD_FORM = re.compile(r"^/applications/(?P<application>[^/]+)/documents(?:/(?P<document>[^/]+)/reupload)?$")
# ... and the host's paper form, back to the page of that applicant
PAPER_FORM = re.compile(r"^/host/applications/(?P<application>[^/]+)/papers$")
PROBLEM_JSON = b"application/problem+json"


class LimitsAsPages:
    """Outside ``BodyLimit``: its refusals (problem bodies, for programs) become what a person
    reads. A 413: back to the upload form (an applicant's, or a host's paper form) with the
    error at the file field, or else a page in the reader's language; a 401 (an upload after
    the session ended, refused on its headers): to the log-in page, back to the form's page
    after it, as every other form does; a 408 (a body too slow): a page saying so. Its own
    answers pass as they are."""

    def __init__(self, app: ASGIApp, signer: Signer) -> None:
        self.app = app
        self.signer = signer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        replaced = False

        async def pages_send(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return  # the problem body it replaced
            if message["type"] == "http.response.start" and message["status"] in (401, 408, 413):
                headers = dict(message.get("headers") or [])
                if headers.get(b"content-type", b"").startswith(PROBLEM_JSON):
                    replaced = True
                    if message["status"] == 413:
                        # A browser still sending the file sees a reset, not the answer, if the
                        # connection closes under it: the rest of a body of a sane size is read first.
                        drained = await drain(receive)
                        await self.page_for_too_large(scope, drained)(scope, receive, send)
                    elif message["status"] == 401:  # nothing of the body is read for no one
                        await self.log_in_first(scope)(scope, receive, send)
                    else:
                        await self.page_for_too_slow(scope)(scope, receive, send)
                    return
            await send(message)

        await self.app(scope, receive, pages_send)

    def _request(self, scope: Scope) -> Request:
        """The request with its session read from the cookie, for a page rendered out here."""
        request = Request(scope)
        request.state.session = session_in(scope, self.signer)
        return request

    def log_in_first(self, scope: Scope) -> Response:
        path = scope.get("path", "")
        form, paper = UPLOAD_FORM.match(path), PAPER_FORM.match(path)
        back = f"/applications/{form['application']}" if form else "/"
        if paper:
            back = f"/host/applications/{paper['application']}"
        # said on the log-in page: the file was not kept (it had said nothing of it)
        where = f"/login?next={quote(back)}&file=not_kept"
        return RedirectResponse(where, status_code=303, headers={"Connection": "close"})

    def page_for_too_slow(self, scope: Scope) -> Response:
        request = self._request(scope)
        message = "The file took too long to arrive. Try again, on a faster connection or with a smaller file."
        page = render(request, "error.html", 408, title="Request refused", message=message)
        page.headers.update({"Connection": "close"})  # the rest of the body is never read
        return page

    def page_for_too_large(self, scope: Scope, drained: bool) -> Response:
        # a body left unread (too much, too slow): the connection closes after the answer
        closing = {} if drained else {"Connection": "close"}
        form = UPLOAD_FORM.match(scope.get("path", ""))
        if form:
            where = f"/applications/{form['application']}?refused=too_large"
            if form["document"]:
                where += f"&document={form['document']}#doc-{form['document']}"
            else:
                where += "#documents"
            return RedirectResponse(where, status_code=303, headers=closing)
        paper = PAPER_FORM.match(scope.get("path", ""))
        if paper:
            where = f"/host/applications/{paper['application']}?refused=too_large#papers"
            return RedirectResponse(where, status_code=303, headers=closing)
        token = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        if scope.get("path") == "/referee/upload" and token:  # the referee's page again, said at the file
            where = f"/referee?{urlencode({'token': token[0], 'refused': 'too_large'})}#f-file"
            return RedirectResponse(where, status_code=303, headers=closing)
        request = self._request(scope)
        method, path = scope.get("method", "GET").upper(), scope.get("path", "")
        if any(rule.matches(method, path) for rule in UPLOAD_ROUTES):
            message, limit = "The file is too large (at most {max_mb} MB).", MAX_DOCUMENT_BYTES
        else:
            message, limit = "What you sent is too large (at most {max_mb} MB).", FORM_LIMIT
        page = render(
            request, "error.html", 413, title="Request refused", message=message, params={"max_mb": str(limit // MiB)}
        )
        page.headers.update(closing)
        return page


# What is read (and dropped) of a body refused as too large, at most, before the answer.
DRAIN_AT_MOST = 64 * MiB
DRAIN_SECONDS = 30.0


async def drain(receive: Receive) -> bool:
    """Read the rest of a request's body and drop it; True if it ended within ``DRAIN_AT_MOST``
    bytes and ``DRAIN_SECONDS`` (else the connection must close: the rest is never read)."""
    read = 0
    try:
        async with asyncio.timeout(DRAIN_SECONDS):
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return False  # the client went away
                read += len(message.get("body", b""))
                if not message.get("more_body", False):
                    return True
                if read > DRAIN_AT_MOST:
                    return False
    except TimeoutError:
        return False


def session_in(scope: Scope, signer: Signer) -> Session:
    """The session of a request's cookie, from its headers alone (before the body is read)."""
    header = "; ".join(v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"cookie")
    # Starlette's parser, as every page reads cookies: another site's malformed cookie beside
    # ours does not hide the session (the standard library's SimpleCookie stops at it)
    return Session.from_dict(signer.loads(cookie_parser(header).get(COOKIE)))


def over_https(request: Request, settings: Settings) -> bool:
    """Served over https: said by the setting (behind a TLS proxy), or seen on the request."""
    return bool(settings.https) or request.url.scheme == "https"


def install_middleware(app: FastAPI, settings: Settings) -> None:
    signer = Signer(settings.session_key(), settings.session_max_age_seconds)
    hsts = f"max-age={settings.hsts_max_age_seconds}; includeSubDomains"

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        s = request.state.session = Session.from_dict(signer.loads(request.cookies.get(COOKIE)))
        asked = request.query_params.get("lang") if request.method == "GET" else None
        if asked in LANGUAGES and not s.lang:
            # a link that names a language (shared, or from an e-mail in the account's language)
            # opens in it and the pages after it, unless this browser has chosen one
            s.lang, s.changed = asked, True
        READER_LANGUAGE.set(language_of(request))
        if request.method == "GET" and not request.url.path.startswith("/static/"):
            # a page asks what the cookie cannot know: whether its token still stands, once a
            # minute (a copy kept after "Log out" had opened pages), and while an address waits,
            # whether it was confirmed meanwhile in another browser (the notice had stood beside
            # "submitted" for minutes after the service knew)
            await recheck_token(request)
            if s.unconfirmed_email:
                await recheck_address(request)
        response = await call_next(request)
        s = request.state.session
        https = over_https(request, settings)
        if s.changed:
            response.set_cookie(
                COOKIE,
                signer.dumps(s.to_dict()),
                max_age=settings.session_max_age_seconds,
                httponly=True,
                samesite="lax",
                secure=https,
                path="/",
            )
        device = getattr(request.state, "device_token", None)
        if device:  # a log-in's proof, for this browser's next log-in (session.DEVICE_COOKIE)
            response.set_cookie(
                DEVICE_COOKIE,
                device,
                max_age=DEVICE_COOKIE_MAX_AGE,
                httponly=True,
                samesite="lax",
                secure=https,
                path="/",
            )
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if https:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        return response

    async def signed_in(scope: Scope) -> None:
        if not session_in(scope, signer).logged_in:
            raise Unauthenticated("auth.login_required", "log in to upload a document", "session")

    # Added last: the outermost, so nothing before it reads a body.
    app.add_middleware(BodyLimit, default=FORM_LIMIT, routes=UPLOAD_ROUTES, read_timeout=30, authenticate=signed_in)
    # Outside it: its refusal of a file too large as a person reads it (it reads no body).
    app.add_middleware(LimitsAsPages, signer=signer)
