"""Partner systems: a host institution's webhook endpoints (partners: their institutions';
admins: every one), over the notifications service's ``/webhooks`` API as the logged-in
person. The endpoints a page at a time with the "Add an endpoint" form; the signing secret
shown once, after adding and after a rotation (never stored by the portal, never on a list);
per endpoint a test event (ping) with how it answered, a rotation and a stop each after a
confirmation, and its deliveries; every delivery with a status filter, a dead one tried again
(replay)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.clients import ServiceError, services_of
from services.portal.domain import webhooks as hooks
from services.portal.domain.catalog_fields import page_offsets
from services.portal.domain.forms import past_the_end, whole_number
from services.portal.domain.problems import Message
from services.portal.i18n import translate
from services.portal.views.catalog.common import FORM, refusal_by_field, words_from
from services.portal.views.common import ROTATED_ALREADY
from services.portal.web import (
    checked_form,
    claims_of,
    language_of,
    once_header,
    redirect,
    render,
    require_role,
    safe_next,
    session_of,
)

router = APIRouter()

ROLES = ("partner", "admin")
PAGE = 50  # endpoints a page
DELIVERIES_PAGE = 50

_words = words_from(hooks.REFUSALS)


def _subscription_path(subscription_id: str) -> str:
    return f"/webhooks/subscriptions/{quote(subscription_id, safe='')}"


def _secret_page(response: HTMLResponse) -> HTMLResponse:
    """A page showing a secret is kept by no cache, nor by the browser's history."""
    response.headers["Cache-Control"] = "no-store"
    return response


async def _institutions(request: Request) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The institutions the person may add an endpoint for, as (id, name) by name (a partner:
    those of their account; an admin: every one of the catalog), and every institution's name."""
    s = session_of(request)
    catalog = await services_of(request).matching.get_all("/institutions")
    names = {str(i["id"]): str(i.get("name") or i["id"]) for i in catalog}
    if s.role == "partner":
        ids = [str(x) for x in claims_of(s.token or "").get("institutions") or []]
    else:
        ids = list(names)
    offered = sorted(((i, names.get(i, i)) for i in ids), key=lambda pair: (pair[1].casefold(), pair[0]))
    return offered, names


async def _subscriptions(request: Request) -> list[dict[str, Any]]:
    s = session_of(request)
    return await services_of(request).notifications.get_all("/webhooks/subscriptions", s.token)


async def _subscription(request: Request, subscription_id: str) -> dict[str, Any]:
    """One of the person's endpoints: another institution's, or none, is no page (404)."""
    s = session_of(request)
    return await services_of(request).notifications.get(_subscription_path(subscription_id), s.token)


def _signing_until(subs: list[dict[str, Any]]) -> dict[str, str]:
    """Each endpoint whose previous secret still signs, with until when."""
    now = datetime.now(UTC)
    return {
        x["id"]: x["previous_secret_until"]
        for x in subs
        # a stopped endpoint signs nothing: its old secret's overlap is not said beside "stopped"
        if x.get("active", True) and hooks.still_signing(x.get("previous_secret_until"), now)
    }


async def _list_page(
    request: Request, *, errors: dict | None = None, values: dict | None = None, status_code: int = 200
):
    s = require_role(request, *ROLES)
    offset = whole_number(request.query_params.get("offset")) or 0
    page, (offered, names) = await asyncio.gather(
        services_of(request).notifications.get(
            "/webhooks/subscriptions", s.token, params={"offset": offset, "limit": PAGE}
        ),
        _institutions(request),
    )
    last = past_the_end(offset, page["total"], PAGE) if values is None else None
    if last is not None:
        return redirect(f"/webhooks?offset={last}" if last else "/webhooks")
    before, after = page_offsets(offset, page["total"], PAGE)
    return render(
        request,
        "webhooks/list.html",
        status_code=status_code,
        title="Partner systems",
        page=page,
        offset=offset,
        before=before,
        after=after,
        institutions=offered,
        institution_names=names,
        signing_until=_signing_until(page["items"]),
        event_types=hooks.EVENT_TYPES,
        event_key=hooks.event_key,
        errors=errors or {},
        values=values or {"event_types": [], "institution_id": ""},
    )


@router.get("/webhooks")
async def webhooks_page(request: Request):
    return await _list_page(request)


@router.get("/webhooks/new")
async def new_endpoint_page():
    """The form is on the list's page, below the list."""
    return redirect("/webhooks#new-endpoint")


@router.post("/webhooks")
async def add_endpoint(request: Request):
    s = require_role(request, *ROLES)
    form = await checked_form(request)
    values = hooks.typed(form)
    offered, names = await _institutions(request)
    body, checked = hooks.body_of(values, [i for i, _name in offered])
    errors: dict[str, str] = dict(checked)
    if not errors:
        try:
            made = await services_of(request).notifications.post(
                "/webhooks/subscriptions", s.token, json=body, headers=once_header(form)
            )
        except ServiceError as exc:
            if exc.status in (401, 403) and exc.code not in hooks.REFUSALS:
                raise
            errors = _on_fields(exc)
        else:
            if made.get("secret") is None:  # the form sent again (the secret's page reloaded, a double click)
                s.flash(
                    "This endpoint was added already, when the form was first sent: its secret was shown then, once. If it was not kept, rotate the secret.",
                    "info",
                )
                return redirect(f"/webhooks/{quote(str(made['id']), safe='')}")
            return _secret_page(
                render(
                    request,
                    "webhooks/secret.html",
                    status_code=201,
                    title="The endpoint was added",
                    sub=made,
                    secret=made["secret"],
                    rotated=False,
                    institution_names=names,
                    event_key=hooks.event_key,
                )
            )
    return await _list_page(request, errors=errors, values=values, status_code=422)


def _on_fields(exc: ServiceError) -> dict[str, str]:
    """A refusal of the form on its fields (an event type's refusal on the event types); one
    no field is for on the address, where the form begins."""
    found: dict[str, str] = dict(refusal_by_field(exc, hooks.FIELDS, _words))
    if FORM in found:
        found.setdefault("url", found.pop(FORM))
    return found


async def _endpoint_page(
    request: Request,
    subscription_id: str,
    *,
    ping: dict[str, Any] | None = None,
    error: Message | None = None,
    status_code: int = 200,
):
    s = require_role(request, *ROLES)
    view = _delivery_view(request)
    sub, (_offered, names), deliveries = await asyncio.gather(
        _subscription(request, subscription_id),
        _institutions(request),
        services_of(request).notifications.get(
            "/webhooks/deliveries", s.token, params=_delivery_params(view, subscription_id)
        ),
    )
    before, after = page_offsets(view["offset"], deliveries["total"], DELIVERIES_PAGE)
    here = f"/webhooks/{subscription_id}"
    return render(
        request,
        "webhooks/endpoint.html",
        status_code=status_code,
        title="Endpoint",
        sub=sub,
        institution_names=names,
        signing_until=_signing_until([sub]),
        event_key=hooks.event_key,
        state_key=hooks.state_key,
        states=hooks.DELIVERY_STATES,
        deliveries=deliveries,
        view=view,
        link=lambda **change: _delivery_link(here, view, **change),
        before=before,
        after=after,
        urls={sub["id"]: sub["url"]},
        back=_delivery_link(here, view),
        ping=ping,
        error=error,
    )


@router.get("/webhooks/deliveries")
async def deliveries_page(request: Request):
    s = require_role(request, *ROLES)
    view = _delivery_view(request)
    deliveries, subs, (_offered, names) = await asyncio.gather(
        services_of(request).notifications.get("/webhooks/deliveries", s.token, params=_delivery_params(view)),
        _subscriptions(request),
        _institutions(request),
    )
    last = past_the_end(view["offset"], deliveries["total"], DELIVERIES_PAGE)
    if last is not None:
        return redirect(_delivery_link("/webhooks/deliveries", view, offset=last))
    before, after = page_offsets(view["offset"], deliveries["total"], DELIVERIES_PAGE)
    return render(
        request,
        "webhooks/deliveries.html",
        title="Deliveries",
        deliveries=deliveries,
        view=view,
        states=hooks.DELIVERY_STATES,
        state_key=hooks.state_key,
        event_key=hooks.event_key,
        link=lambda **change: _delivery_link("/webhooks/deliveries", view, **change),
        before=before,
        after=after,
        urls={x["id"]: x["url"] for x in subs},
        institution_names=names,
        back=_delivery_link("/webhooks/deliveries", view),
    )


def _delivery_view(request: Request) -> dict[str, Any]:
    status = request.query_params.get("status") or ""
    return {
        "status": status if status in hooks.DELIVERY_STATES else "",
        "offset": whole_number(request.query_params.get("offset")) or 0,
    }


def _delivery_params(view: dict[str, Any], subscription_id: str = "") -> dict[str, Any]:
    params: dict[str, Any] = {"offset": view["offset"], "limit": DELIVERIES_PAGE}
    if view["status"]:
        params["status"] = view["status"]
    if subscription_id:
        params["subscription_id"] = subscription_id
    return params


def _delivery_link(address: str, view: dict[str, Any], **change: Any) -> str:
    query = {k: v for k, v in {**view, **change}.items() if v}
    return address + ("?" + urlencode(query) if query else "")


@router.get("/webhooks/{subscription_id}")
async def endpoint_page(request: Request, subscription_id: str):
    return await _endpoint_page(request, subscription_id)


async def _endpoint_action(request: Request, subscription_id: str, action: str) -> dict[str, Any] | Response:
    """The endpoint's ``action`` (ping, retry) asked of the service, its answer; a refusal is the
    endpoint's page saying it (a missing endpoint or an ended session raised as they are)."""
    s = require_role(request, *ROLES)
    await checked_form(request)
    try:
        return await services_of(request).notifications.post(f"{_subscription_path(subscription_id)}/{action}", s.token)
    except ServiceError as exc:
        if exc.status in (401, 404):
            raise
        return await _endpoint_page(request, subscription_id, error=_first(exc), status_code=exc.status)


@router.post("/webhooks/{subscription_id}/ping")
async def ping(request: Request, subscription_id: str):
    """A signed test event sent now; the page says how the endpoint answered."""
    answer = await _endpoint_action(request, subscription_id, "ping")
    if isinstance(answer, Response):
        return answer
    error = answer.get("error")
    return await _endpoint_page(
        request,
        subscription_id,
        ping={**answer, "error": hooks.ping_error(error), "detail": hooks.ping_detail(error)},
    )


@router.post("/webhooks/{subscription_id}/retry")
async def retry_waiting(request: Request, subscription_id: str):
    """Every delivery waiting for its next try goes now; the page says how many."""
    answer = await _endpoint_action(request, subscription_id, "retry")
    if isinstance(answer, Response):
        return answer
    due = int(answer.get("due_now") or 0)
    if due:
        session_of(request).flash("{n} waiting deliveries are being sent now.", "success", n=due)
    else:
        session_of(request).flash("No delivery was waiting for its next try.", "info")
    return redirect(f"/webhooks/{subscription_id}")


def _first(exc: ServiceError) -> Message:
    return next(iter(refusal_by_field(exc, (), _words).values()), exc.message)


async def _rotation_page(request: Request, subscription_id: str, *, error: Message | None = None, status_code=200):
    sub = await _subscription(request, subscription_id)
    return render(
        request,
        "webhooks/rotate.html",
        status_code=status_code,
        title="Rotate the secret?",
        sub=sub,
        overlaps=hooks.OVERLAPS,
        default_overlap=hooks.DEFAULT_OVERLAP,
        error=error,
    )


@router.get("/webhooks/{subscription_id}/rotate")
async def rotation_page(request: Request, subscription_id: str):
    require_role(request, *ROLES)
    return await _rotation_page(request, subscription_id)


@router.post("/webhooks/{subscription_id}/rotate")
async def rotate(request: Request, subscription_id: str):
    """A new secret, after the confirmation page (a post from anywhere else asks first)."""
    s = require_role(request, *ROLES)
    form = await checked_form(request)
    if form.get("confirm") != "yes":
        return await _rotation_page(request, subscription_id)
    reason = str(form.get("reason") or "").strip()[: hooks.REASON_LENGTH]
    body = {"overlap_seconds": hooks.overlap_of(form), "reason": reason}
    try:
        rotated = await services_of(request).notifications.post(
            f"{_subscription_path(subscription_id)}/secret", s.token, json=body, headers=once_header(form)
        )
    except ServiceError as exc:
        if exc.status in (401, 404):
            raise
        return await _rotation_page(request, subscription_id, error=_first(exc), status_code=exc.status)
    if rotated.get("secret") is None:  # the form sent again (a double click, the page reloaded)
        s.flash(ROTATED_ALREADY, "info")
        return redirect(f"/webhooks/{quote(subscription_id, safe='')}")
    _offered, names = await _institutions(request)
    return _secret_page(
        render(
            request,
            "webhooks/secret.html",
            title="The secret was rotated",
            sub=rotated,
            secret=rotated["secret"],
            rotated=True,
            signing_until=_signing_until([rotated]),
            institution_names=names,
            event_key=hooks.event_key,
        )
    )


async def _stop_page(
    request: Request, subscription_id: str, *, error: Message | None = None, reason: str = "", status_code=200
):
    sub = await _subscription(request, subscription_id)
    return render(
        request,
        "webhooks/stop.html",
        status_code=status_code,
        title="Stop the endpoint?",
        sub=sub,
        error=error,
        reason=reason,
    )


@router.get("/webhooks/{subscription_id}/stop")
async def stop_page(request: Request, subscription_id: str):
    require_role(request, *ROLES)
    return await _stop_page(request, subscription_id)


@router.post("/webhooks/{subscription_id}/stop")
async def stop(request: Request, subscription_id: str):
    """Stopped for good (a new endpoint gets a new secret), after the confirmation page."""
    s = require_role(request, *ROLES)
    form = await checked_form(request)
    reason = str(form.get("reason") or "").strip()
    if form.get("confirm") != "yes":
        return await _stop_page(request, subscription_id, reason=reason)
    if len(reason) > hooks.REASON_LENGTH:
        error = Message("The reason is at most 2000 characters.")
        return await _stop_page(request, subscription_id, error=error, reason=reason, status_code=422)
    try:
        await services_of(request).notifications.delete(
            _subscription_path(subscription_id), s.token, params={"reason": reason}
        )
    except ServiceError as exc:
        if exc.status in (401, 404):
            raise
        return await _stop_page(request, subscription_id, error=_first(exc), reason=reason, status_code=exc.status)
    s.flash("The endpoint was stopped: no more events are sent to it.", "success")
    return redirect(f"/webhooks/{subscription_id}")


@router.post("/webhooks/deliveries/{delivery_id}/replay")
async def replay(request: Request, delivery_id: str):
    """A dead delivery tried again (the same webhook-id, a fresh retry schedule)."""
    s = require_role(request, *ROLES)
    form = await checked_form(request)
    back = safe_next(str(form.get("back") or ""), "/webhooks/deliveries")
    try:
        await services_of(request).notifications.post(
            f"/webhooks/deliveries/{quote(delivery_id, safe='')}/replay", s.token, json={}
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        why = translate(language_of(request), _first(exc))
        s.flash("The delivery could not be tried again: {reason}", "error", reason=why)
    else:
        s.flash("The delivery will be tried again in a moment.", "success")
    return redirect(back)


@router.get("/webhooks/{subscription_id}/{action}")
async def form_address(subscription_id: str, action: str):
    """A form's address reopened (a ping's): the endpoint's page."""
    return redirect(f"/webhooks/{subscription_id}")


@router.get("/webhooks/deliveries/{delivery_id}/replay")
async def replay_address(delivery_id: str):
    return redirect("/webhooks/deliveries")
