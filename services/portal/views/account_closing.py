"""An applicant downloads a copy of their data (/profile/data: the applications service's
GET /me/data with the notifications service's inbox), and closes their account, their personal
data erased (applications: POST /me/close). The page says what goes and what stays, and names each application that keeps
the account open (the contract's ``ERASABLE``: a draft, withdrawn or declined) with its page,
where it is withdrawn or its offer declined; the form asks for the password and a tick that
says it cannot be undone."""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.clients import ServiceError, services_of
from services.portal.web import checked_form, redirect, render, require_role
from shared.events.catalog import ERASABLE

router = APIRouter()

TITLE = "Close my account"
CONFIRM = "Tick the box to say you understand that this cannot be undone."


async def _held(request: Request, token: str) -> tuple[list[dict], dict[str, str]]:
    """The applications that keep the account open, and the cycles' names."""
    apps = services_of(request).applications
    mine, cycles = await asyncio.gather(
        apps.get("/applications", token, params={"limit": 100}), apps.get("/cycles", params={"limit": 100})
    )
    held = [a for a in mine["items"] if a["status"] not in ERASABLE]
    return held, {c["id"]: c["name"] for c in cycles["items"]}


async def _page(
    request: Request,
    token: str,
    *,
    status_code: int = 200,
    errors: dict | None = None,
    confirmed: bool = False,
):
    held, cycle_names = await _held(request, token)
    return render(
        request,
        "account_close.html",
        status_code=status_code,
        title=TITLE,
        held=held,
        cycle_names=cycle_names,
        errors=errors or {},
        # refused for an application in progress (a form sent from a page opened before it was)
        refused=status_code == 409,
        confirmed=confirmed,  # a refusal for the password keeps the tick
    )


INBOX_PAGE = 500  # the services' largest page
INBOX_PAGES = 20  # 10,000 messages: more than any applicant's years of notices


@router.get("/profile/data")
async def my_data(request: Request):
    """One JSON file: what the applications service holds (profile, applications, documents'
    details, referees, messages) and the inbox."""
    s = require_role(request, "applicant")
    svc = services_of(request)
    held = await svc.applications.get("/me/data", s.token)
    inbox: list[dict] = []
    for page in range(INBOX_PAGES):
        answer = await svc.notifications.get(
            "/inbox", s.token, params={"offset": page * INBOX_PAGE, "limit": INBOX_PAGE}
        )
        inbox += answer["items"]
        if len(inbox) >= answer["total"] or not answer["items"]:
            break
    body = json.dumps({**held, "inbox": inbox}, ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="corridor-my-data.json"', "Cache-Control": "no-store"},
    )


@router.get("/profile/close")
async def close_page(request: Request):
    s = require_role(request, "applicant")
    return await _page(request, s.token)


@router.post("/profile/close")
async def close_account(request: Request):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    password = str(form.get("password") or "")
    errors: dict[str, str] = {}
    if not password:
        errors["password"] = "Enter your password."
    if form.get("confirm") != "yes":
        errors["confirm"] = CONFIRM
    if not errors:
        try:
            await services_of(request).applications.post("/me/close", s.token, json={"password": password})
        except ServiceError as exc:
            if exc.status == 401:
                raise
            # 409: an application is in progress (the page lists it again); 422: the password;
            # 429: too many wrong passwords (its wait, said by the service)
            if exc.status == 409:
                errors = {}
            elif exc.status == 429:
                errors = {"password": exc.message}
            else:
                errors = exc.by_field()
            return await _page(request, s.token, status_code=exc.status, errors=errors, confirmed=True)
        s.log_out()
        s.flash("Your account is closed and your personal data erased. Thank you for using Corridor.", "success")
        return redirect("/")
    return await _page(request, s.token, status_code=422, errors=errors, confirmed=form.get("confirm") == "yes")
