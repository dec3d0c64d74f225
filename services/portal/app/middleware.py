"""What wraps every page: the request body bound, the signed session cookie and the
security headers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.requests import cookie_parser
from starlette.types import Scope

from services.portal.session import COOKIE, Session, Signer
from services.portal.settings import Settings
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
# A document may be as large as the applications service takes (10 MiB), plus the form
# around it; every other form is small.
UPLOAD_LIMIT = 10 * MiB + 64 * KiB
FORM_LIMIT = 1 * MiB
# Only a signed-in person's upload is read at all (checked on the headers: the session cookie);
# a referee's letter comes with the link's token in the form itself (checked by the service).
UPLOAD_ROUTES = [
    Limit(path, UPLOAD_LIMIT, methods=("POST",), read_timeout=120, authenticate=True)
    for path in (
        "/applications/{application_id}/documents",
        "/applications/{application_id}/documents/{document_id}/reupload",
    )
] + [Limit("/referee/upload", UPLOAD_LIMIT, methods=("POST",), read_timeout=120)]


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
        request.state.session = Session.from_dict(signer.loads(request.cookies.get(COOKIE)))
        response = await call_next(request)
        s: Session = request.state.session
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
