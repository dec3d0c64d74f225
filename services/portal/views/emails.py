"""An admin's outbound e-mails: those that failed for good (dead), those waiting or being
retried, those delivered, a page at a time over the notifications service's operations API
(``GET /notifications?channel=email``), those to one address; a dead one tried again (``POST
/notifications/{id}/replay``), as the webhooks' deliveries are on the partner systems pages, and
a delivered one sent again (``POST /notifications/{id}/resend``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request

from services.portal.clients import ServiceError, services_of
from services.portal.domain import emails
from services.portal.domain.catalog_fields import page_offsets
from services.portal.domain.forms import past_the_end, whole_number
from services.portal.i18n import translate
from services.portal.views.catalog.common import refusal_by_field, words_from
from services.portal.web import checked_form, language_of, once_header, redirect, render, require_role, safe_next

router = APIRouter(prefix="/admin")

PAGE = 50
_words = words_from(emails.REFUSALS)


def _link(status: str, offset: int = 0, address: str = "") -> str:
    return "/admin/emails?" + urlencode(
        {"status": status, **({"address": address} if address else {}), **({"offset": offset} if offset else {})}
    )


@router.get("/emails")
async def emails_page(request: Request):
    s = require_role(request, "admin")
    status = emails.tab_of(request.query_params.get("status"))
    offset = whole_number(request.query_params.get("offset")) or 0
    address, address_error = emails.address_of(request.query_params.get("address"))
    # only the parameters the route declares: the service refuses any other (422)
    params: dict[str, Any] = {"channel": "email", "offset": offset, "limit": PAGE}
    if status != "all":
        params["status"] = status
    if address:
        params["address"] = address
    if address_error:  # not an address: nobody's e-mails, not everyone's under the error
        page: dict[str, Any] = {"items": [], "total": 0, "offset": 0, "limit": PAGE}
    else:
        page = await services_of(request).notifications.get("/notifications", s.token, params=params)
    last = past_the_end(offset, page["total"], PAGE)
    if last is not None:
        return redirect(_link(status, last, address))
    before, after = page_offsets(offset, page["total"], PAGE)
    return render(
        request,
        "admin/emails.html",
        title="E-mail deliveries",
        page=page,
        status=status,
        offset=offset,
        tabs=emails.TABS,
        tab_words=emails.TAB_WORDS,
        kind_key=emails.kind_key,
        link=lambda t, o=0: _link(t, o, address),
        address=address or request.query_params.get("address", "")[:320],
        address_error=address_error,
        before=before,
        after=after,
        back=_link(status, offset, address),
        reason_length=emails.REASON_LENGTH,
    )


@router.post("/emails/{notification_id}/replay")
async def replay(request: Request, notification_id: str):
    """A dead e-mail tried again: pending with a fresh retry schedule, the reason journaled."""
    return await _ask(
        request,
        notification_id,
        "replay",
        refused="The e-mail could not be tried again: {reason}",
        done="The e-mail will be tried again in a moment.",
    )


@router.post("/emails/{notification_id}/resend")
async def resend(request: Request, notification_id: str):
    """A delivered e-mail sent again as a new message (the recipient never got it), the
    reason required and journaled."""
    return await _ask(
        request,
        notification_id,
        "resend",
        refused="The e-mail could not be sent again: {reason}",
        done="A copy of the e-mail goes to the recipient's address in a moment.",
        reason_required="Say why the e-mail is sent again: the audit journal keeps it.",
    )


async def _ask(
    request: Request, notification_id: str, action: str, *, refused: str, done: str, reason_required: str = ""
):
    """One of an e-mail's actions at the notifications service, with the form's reason; back to
    the list, which says how it went."""
    s = require_role(request, "admin")
    form = await checked_form(request)
    back = safe_next(str(form.get("back") or ""), "/admin/emails")
    reason = str(form.get("reason") or "").strip()[: emails.REASON_LENGTH]
    if reason_required and not reason:
        s.flash(reason_required, "error")
        return redirect(back)
    try:
        await services_of(request).notifications.post(
            f"/notifications/{quote(notification_id, safe='')}/{action}",
            s.token,
            json={"reason": reason},
            headers=once_header(form),
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        said = next(iter(refusal_by_field(exc, (), _words).values()), exc.message)
        s.flash(refused, "error", reason=translate(language_of(request), said))
    else:
        s.flash(done, "success")
    return redirect(back)


@router.get("/emails/{notification_id}/replay")
@router.get("/emails/{notification_id}/resend")
async def replay_address(notification_id: str):
    """The form's address reopened: the list."""
    return redirect("/admin/emails")
