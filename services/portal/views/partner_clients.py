"""Partner systems' client credentials, for a logged-in partner (host admissions staff): the
account's clients over the applications service's ``/partners/{account_id}/clients`` as the
person, with the account id, the token endpoint's address and a client-credentials example
(a system could get credentials only over the API, with an account id no page showed). A new
client's secret and a rotated one are shown once; a rotation and a revocation each after a
confirmation (either ends the tokens that client got; the person's sign-in stands)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.clients import ServiceError, services_of
from services.portal.domain.problems import Message
from services.portal.settings import Settings
from services.portal.views.catalog.common import FORM, refusal_by_field, words_from
from services.portal.views.common import ROTATED_ALREADY
from services.portal.web import checked_form, once_header, redirect, render, require_role, session_of

router = APIRouter()

NAME_LENGTH = 100  # the applications service's limit (ClientName)
REFUSALS = {
    "partner_client.too_many": "Your account has {limit} active clients, the most it may: revoke one first.",
    "partner_client.revoked": "This client is revoked: make a new one.",
}
_words = words_from(REFUSALS)


def _clients_path(account_id: str, client_id: str = "") -> str:
    path = f"/partners/{quote(account_id, safe='')}/clients"
    return f"{path}/{quote(client_id, safe='')}" if client_id else path


def _secret_page(response: HTMLResponse) -> HTMLResponse:
    """A page showing a secret is kept by no cache, nor by the browser's history."""
    response.headers["Cache-Control"] = "no-store"
    return response


def token_url(request: Request) -> str:
    """The token endpoint as partners' systems reach it."""
    settings: Settings = request.app.state.settings
    return f"{settings.public_applications_url or settings.applications_url}/auth/token"


async def _clients(request: Request) -> list[dict[str, Any]]:
    s = session_of(request)
    return await services_of(request).applications.get_all(_clients_path(s.sub or ""), s.token)


async def _client(request: Request, client_id: str) -> dict[str, Any]:
    """One of the account's clients; another's, or none, is no page (404)."""
    found = next((c for c in await _clients(request) if c["client_id"] == client_id), None)
    if found is None:
        raise StarletteHTTPException(404)
    return found


async def _list_page(request: Request, *, errors: dict | None = None, name: str = "", status_code: int = 200):
    s = require_role(request, "partner")
    return render(
        request,
        "partner_clients/list.html",
        status_code=status_code,
        title="Machine credentials",
        clients=await _clients(request),
        account_id=s.sub,
        token_url=token_url(request),
        errors=errors or {},
        values={"name": name},
    )


@router.get("/partner/clients")
async def clients_page(request: Request):
    return await _list_page(request)


@router.post("/partner/clients")
async def create(request: Request):
    s = require_role(request, "partner")
    form = await checked_form(request)
    name = " ".join(str(form.get("name") or "").split())
    if not name:
        return await _list_page(request, errors={"name": "Give the client a name."}, status_code=422)
    if len(name) > NAME_LENGTH:
        errors = {"name": "The name is at most 100 characters."}
        return await _list_page(request, errors=errors, name=name, status_code=422)
    try:
        made = await services_of(request).applications.post(
            _clients_path(s.sub or ""), s.token, json={"name": name}, headers=once_header(form)
        )
    except ServiceError as exc:
        if exc.status in (401, 403):
            raise
        found = refusal_by_field(exc, ("name",), _words)
        errors = {"name": found.get("name") or found.get(FORM) or exc.message}
        return await _list_page(request, errors=errors, name=name, status_code=exc.status)
    if made.get("client_secret") is None:  # the form sent again (the secret's page reloaded, a double click)
        s.flash(
            "This client was made already, when the form was first sent: its secret was shown then, once. If it was not kept, rotate the secret.",
            "info",
        )
        return redirect("/partner/clients")
    return _secret_page(
        render(
            request,
            "partner_clients/secret.html",
            status_code=201,
            title="The client was made",
            client=made,
            rotated=False,
            account_id=s.sub,
            token_url=token_url(request),
        )
    )


async def _confirm_page(
    request: Request, client_id: str, action: str, *, error: Message | None = None, status_code=200
):
    require_role(request, "partner")
    return render(
        request,
        "partner_clients/confirm.html",
        status_code=status_code,
        title="Rotate the secret?" if action == "rotate" else "Revoke the client?",
        client=await _client(request, client_id),
        action=action,
        error=error,
    )


@router.get("/partner/clients/{client_id}/rotate")
async def rotation_page(request: Request, client_id: str):
    return await _confirm_page(request, client_id, "rotate")


@router.get("/partner/clients/{client_id}/revoke")
async def revocation_page(request: Request, client_id: str):
    return await _confirm_page(request, client_id, "revoke")


@router.post("/partner/clients/{client_id}/rotate")
async def rotate(request: Request, client_id: str):
    """A new secret, after the confirmation page (a post from anywhere else asks first)."""
    s = require_role(request, "partner")
    form = await checked_form(request)
    if form.get("confirm") != "yes":
        return await _confirm_page(request, client_id, "rotate")
    account_id = s.sub or ""
    try:
        rotated = await services_of(request).applications.post(
            f"{_clients_path(account_id, client_id)}/rotate", s.token, headers=once_header(form)
        )
    except ServiceError as exc:
        if exc.status in (401, 403, 404):
            raise
        return await _confirm_page(request, client_id, "rotate", error=_first(exc), status_code=exc.status)
    if rotated.get("client_secret") is None:  # the form sent again (a double click, the page reloaded)
        s.flash(ROTATED_ALREADY, "info")
        return redirect("/partner/clients")
    return _secret_page(
        render(
            request,
            "partner_clients/secret.html",
            title="The secret was rotated",
            client=rotated,
            rotated=True,
            account_id=account_id,
            token_url=token_url(request),
        )
    )


@router.post("/partner/clients/{client_id}/revoke")
async def revoke(request: Request, client_id: str):
    """Revoked for good, after the confirmation page."""
    s = require_role(request, "partner")
    form = await checked_form(request)
    if form.get("confirm") != "yes":
        return await _confirm_page(request, client_id, "revoke")
    try:
        await services_of(request).applications.delete(_clients_path(s.sub or "", client_id), s.token)
    except ServiceError as exc:
        if exc.status in (401, 403, 404):
            raise
        return await _confirm_page(request, client_id, "revoke", error=_first(exc), status_code=exc.status)
    s.flash("The client was revoked: it gets no more tokens, and those it got no longer work.", "success")
    return redirect("/partner/clients")


def _first(exc: ServiceError) -> Message:
    return next(iter(refusal_by_field(exc, (), _words).values()), exc.message)
