"""The web portal: server-rendered pages (Jinja2) over the services' REST APIs.

Applicants register, browse programmes, build and submit an application, follow it and
answer an offer; officers watch quota fill, run matching rounds and review matches. The
portal owns no data: the session is a signed cookie holding the user's service token.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from services.portal.app.errors import install_error_pages
from services.portal.app.middleware import install_middleware
from services.portal.clients import ServiceClient, Services
from services.portal.settings import Settings
from services.portal.views import (
    account_closing,
    admin,
    applicant,
    auth,
    award,
    committee,
    documents,
    endorsement,
    officer,
)
from services.portal.views import application_page as application_page_views
from services.portal.views import emails as email_views
from services.portal.views import interviews as interview_views
from services.portal.views import messages as message_views
from services.portal.views import partner_clients as partner_client_views
from services.portal.views import referees as referee_views
from services.portal.views import webhooks as webhook_views
from services.portal.views.catalog import cycles as catalog_cycles
from services.portal.views.catalog import institutions as catalog_institutions
from services.portal.views.catalog import programmes as catalog_programmes
from services.portal.views.catalog import quota_rules as catalog_quota_rules
from services.portal.views.catalog import schemes as catalog_schemes
from shared import metrics
from shared.api import PATH_ID
from shared.observability import ObservabilityMiddleware, configure_logging

STATIC = Path(__file__).resolve().parent.parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.check_secrets()  # outside development mode: no default, empty or short session key
    # JSON lines with the personal data masked, as the services log (shared/observability.py)
    configure_logging("portal", settings.log_level or "INFO", settings.log_json is not False)

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
        dependencies=[Depends(addressed_by_ids)],
    )
    app.state.settings = settings
    install_middleware(app, settings)
    # outermost: a request id for every answer and log line (passed on to the services), the
    # portal's request metrics and its access line
    app.add_middleware(ObservabilityMiddleware, service="portal")
    install_error_pages(app)
    app.add_api_route("/healthz", healthz, include_in_schema=False)
    app.add_api_route("/readyz", readyz, include_in_schema=False)
    app.add_api_route("/metrics", prometheus_metrics, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(referee_views.router)  # before the applicant's catch-all addresses
    app.include_router(interview_views.router)
    app.include_router(message_views.router)  # before the applicant's catch-all addresses
    app.include_router(application_page_views.router)
    # before the officer's console: /officer/cycles/new is no cycle's page
    for module in (catalog_cycles, catalog_programmes, catalog_quota_rules, catalog_institutions, catalog_schemes):
        app.include_router(module.router)
    for module in (auth, account_closing, applicant, officer, documents, committee, award, endorsement, admin):
        app.include_router(module.router)
    app.include_router(webhook_views.router)
    app.include_router(email_views.router)
    app.include_router(partner_client_views.router)
    return app


async def addressed_by_ids(request: Request) -> None:
    """Every page's address holds ids only (letters, digits and ``._:~-``): anything else is
    no page here (404). The views put them into the services' paths as they are, where a NUL
    would fail the call and a "?" or "#" (given as %3F, %23) would change what is asked."""
    if any(not PATH_ID.fullmatch(str(value)) for value in request.path_params.values()):
        raise HTTPException(status_code=404)


async def healthz():
    return {"status": "ok"}


async def prometheus_metrics(request: Request) -> Response:
    """The portal's requests by route and status, and their durations, as the services'
    /metrics has them (service="portal"): open in development mode, else the operator token."""
    settings: Settings = request.app.state.settings
    authorization = request.headers.get("authorization", "")
    if not metrics.operator_may_read(authorization, development=settings.is_development, token=settings.operator_token):
        return JSONResponse(
            {"code": "operations.token_required", "detail": "metrics need the operator token"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)


async def readyz(request: Request):
    """Ready (200) while every service answers: the portal can show its pages. A service that
    answers but is not ready itself (its broker away: what it is asked to do waits in its
    outbox) makes the portal "degraded", still 200, with each service's own readiness given."""
    clients = request.app.state.services.all()
    # all at once: a probe waits for the slowest (3 s each at most), not for their sum
    answers = await asyncio.gather(*(c.healthy() for c in clients), *(c.ready() for c in clients))
    answering = {c.name: ok for c, ok in zip(clients, answers[: len(clients)], strict=True)}
    ready = {c.name: answering[c.name] and ok for c, ok in zip(clients, answers[len(clients) :], strict=True)}
    ok = all(answering.values())
    status = "not ready" if not ok else "ready" if all(ready.values()) else "degraded"
    return JSONResponse({"status": status, "services": answering, "ready": ready}, status_code=200 if ok else 503)
