"""Messages about an application (issue 16): the reviewers' thread page (officers, admins, and
coordinators and nominators for applications in their scope) with a form to write to the
applicant, and the applicant's reply form (the thread is also a section of the application
page: templates/messages/_thread.html in templates/application.html).

The applications service keeps the thread and checks who may read and write it; the
notifications service tells the applicant of each officer's message by inbox and e-mail."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request

from services.portal.clients import ServiceError, services_of
from services.portal.domain.problems import Message
from services.portal.views.documents import STAFF, cycle_name_of
from services.portal.web import checked_form, once_header, redirect, render, require_role

# who writes to an applicant: not a committee reviewer, who reads the thread
WRITERS = tuple(role for role in STAFF if role != "reviewer")

router = APIRouter()

MAX_BODY = 5000  # the applications service's limit (domain/messages.py there)
SHOWN = 100  # the latest messages a page shows


async def thread_of(client: Any, path: str, token: str) -> dict | None:
    """The latest ``SHOWN`` messages of a thread, oldest first, with the total; None from a
    service that keeps no thread (404), so a page shows the rest as before."""
    try:
        page = await client.get(path, token, params={"limit": SHOWN})
        if page["total"] > SHOWN:
            page = await client.get(path, token, params={"offset": page["total"] - SHOWN, "limit": SHOWN})
    except ServiceError as exc:
        if exc.status == 404:
            return None
        raise
    return page


def body_problem(body: str) -> Message | None:
    """What the portal says of a body before sending it (the service checks the same)."""
    if not body.strip():
        return Message("Write a message first.")
    if len(body.strip()) > MAX_BODY:
        return Message("A message is at most {max} characters.", {"max": MAX_BODY})
    return None


def _errors_of(exc: ServiceError) -> dict[str, str]:
    return {"body": exc.by_field().get("body") or exc.message}


# --- reviewers ---


async def _reviewer_page(
    request: Request, application_id: str, *, errors: dict | None = None, body: str = "", status_code: int = 200
):
    s = require_role(request, *STAFF)
    apps = services_of(request).applications
    application, thread = await asyncio.gather(
        apps.get(f"/officer/applications/{application_id}", s.token),
        thread_of(apps, f"/officer/applications/{application_id}/messages", s.token),
    )
    return render(
        request,
        "messages/reviewer.html",
        status_code=status_code,
        title="Messages with the applicant",
        application=application,
        cycle_name=await cycle_name_of(request, application.get("cycle_id") or ""),
        thread=thread,
        errors=errors or {},
        values={"body": body},
        max_body=MAX_BODY,
    )


@router.get("/officer/applications/{application_id}/messages")
async def reviewer_thread(request: Request, application_id: str):
    return await _reviewer_page(request, application_id)


@router.post("/officer/applications/{application_id}/messages")
async def write_to_applicant(request: Request, application_id: str):
    s = require_role(request, *WRITERS)
    sent = await _send(request, s, f"/officer/applications/{application_id}/messages", application_id, _reviewer_page)
    if not isinstance(sent, dict):
        return sent
    s.flash("Your message was sent: the applicant is told by e-mail and in their inbox.", "success")
    return redirect(f"/officer/applications/{application_id}/messages#message-{sent['id']}")


async def _send(request: Request, s: Any, path: str, application_id: str, page: Any) -> Any:
    """Post the form's message to ``path``: the message sent, or ``page`` again with the
    problem at the field (401, 403 and 404 go to the error page)."""
    form = await checked_form(request)
    body = str(form.get("body") or "")
    problem = body_problem(body)
    if problem is not None:
        return await page(request, application_id, errors={"body": problem}, body=body, status_code=422)
    try:
        return await services_of(request).applications.post(
            path, s.token, json={"body": body.strip()}, headers=once_header(form)
        )
    except ServiceError as exc:
        if exc.status in (401, 403, 404):
            raise
        return await page(request, application_id, errors=_errors_of(exc), body=body, status_code=422)


# --- the applicant ---


async def _applicant_page(
    request: Request, application_id: str, *, errors: dict | None = None, body: str = "", status_code: int = 200
):
    s = require_role(request, "applicant")
    apps = services_of(request).applications
    application, thread = await asyncio.gather(
        apps.get(f"/applications/{application_id}", s.token),
        thread_of(apps, f"/applications/{application_id}/messages", s.token),
    )
    return render(
        request,
        "messages/applicant.html",
        status_code=status_code,
        title="Messages",
        application=application,
        cycle_name=await cycle_name_of(request, application.get("cycle_id") or ""),
        thread=thread,
        errors=errors or {},
        values={"body": body},
        max_body=MAX_BODY,
    )


@router.get("/applications/{application_id}/messages")
async def applicant_thread(request: Request, application_id: str):
    return await _applicant_page(request, application_id)


@router.post("/applications/{application_id}/messages")
async def reply(request: Request, application_id: str):
    s = require_role(request, "applicant")
    sent = await _send(request, s, f"/applications/{application_id}/messages", application_id, _applicant_page)
    if not isinstance(sent, dict):
        return sent
    # the applicant's first word is a message, not a reply
    s.flash("Your message was sent to your application's reviewers.", "success")
    return redirect(f"/applications/{application_id}#message-{sent['id']}")
