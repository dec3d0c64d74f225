"""The web portal: server-rendered pages (Jinja2) over the services' REST APIs.

Applicants register, browse programmes, build and submit an application, follow it and
answer an offer; officers watch quota fill, run matching rounds and review matches. The
portal owns no data: the session is a signed cookie holding the user's service token.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.clients import ServiceClient, ServiceError, Services, ServiceUnavailable
from services.portal.session import COOKIE, Session, Signer
from services.portal.settings import Settings
from services.portal.views import applicant, auth, officer
from services.portal.web import CsrfFailed, NotLoggedIn, WrongRole, login_url, redirect, render, session_of

log = logging.getLogger("corridor.portal")
STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    logging.basicConfig(level=settings.log_level or "INFO")

    @contextlib.asynccontextmanager
    async def lifespan(app_: FastAPI):
        t = settings.service_timeout_seconds
        app_.state.services = Services(
            ServiceClient("applications", settings.applications_url, t),
            ServiceClient("matching", settings.matching_url, t),
            ServiceClient("notifications", settings.notifications_url, t),
        )
        try:
            yield
        finally:
            for client in app_.state.services.all():
                await client.close()

    app = FastAPI(
        title="Corridor portal",
        description=__doc__ or "",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    signer = Signer(settings.session_secret.get_secret_value(), settings.session_max_age_seconds)

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        request.state.session = Session.from_dict(signer.loads(request.cookies.get(COOKIE)))
        response = await call_next(request)
        s: Session = request.state.session
        if s.changed:
            response.set_cookie(
                COOKIE,
                signer.dumps(s.to_dict()),
                max_age=settings.session_max_age_seconds,
                httponly=True,
                samesite="lax",
                secure=settings.cookie_secure,
                path="/",
            )
        # pages carry personal data and a CSRF token: not to be cached or framed
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'",
        )
        return response

    @app.exception_handler(NotLoggedIn)
    async def _not_logged_in(request: Request, _exc):
        session_of(request).flash("Please log in first.", "info")
        return redirect(login_url(request))

    @app.exception_handler(WrongRole)
    async def _wrong_role(request: Request, _exc):
        return render(
            request, "error.html", 403, title="Not allowed", message="This page is not available to your account."
        )

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, _exc):
        return render(
            request,
            "error.html",
            403,
            title="Form expired",
            message="The form was out of date. Go back, reload the page and try again.",
        )

    @app.exception_handler(ServiceUnavailable)
    async def _unavailable(request: Request, exc: ServiceUnavailable):
        log.warning("service unavailable: %s", exc)
        return render(
            request,
            "error.html",
            503,
            title="Service unavailable",
            message="The {service} service cannot be reached right now. Please try again in a minute.",
            params={"service": exc.service},
        )

    @app.exception_handler(ServiceError)
    async def _refused(request: Request, exc: ServiceError):
        if exc.status == 401:  # the token expired or the account changed: log in again
            s = session_of(request)
            s.log_out()
            s.flash("Your session has ended. Please log in again.", "info")
            return redirect(login_url(request))
        title = {403: "Not allowed", 404: "Not found"}.get(exc.status, "Request refused")
        return render(request, "error.html", exc.status, title=title, reasons=[e.reason for e in exc.errors])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if not hasattr(request.state, "session"):
            request.state.session = Session()
        title = "Not found" if exc.status_code == 404 else "Request refused"
        return render(
            request,
            "error.html",
            exc.status_code,
            title=title,
            message="There is no such page." if exc.status_code == 404 else str(exc.detail),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        if not hasattr(request.state, "session"):
            request.state.session = Session()
        return render(
            request,
            "error.html",
            500,
            title="Something went wrong",
            message="Something went wrong on our side. Nothing you entered was lost; please try again.",
        )

    @app.get("/healthz", include_in_schema=False)
    async def healthz():
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request):
        services = request.app.state.services.all()
        checks = {c.name: await c.healthy() for c in services}
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not ready", "services": checks}, status_code=200 if ok else 503
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, applicant, officer):
        app.include_router(module.router)
    return app
