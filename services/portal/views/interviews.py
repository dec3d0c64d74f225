"""The applicant's interview (issue 16): the invitation, the booking and the free slots in
the applicant's own time zone (and the host's), booking, moving and cancelling until the
cut-off. Everything goes through the matching service's API as the logged-in applicant."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.clients import ServiceError, services_of
from services.portal.i18n import locale_of, translate
from services.portal.web import checked_form, language_of, redirect, render, require_role
from shared.calendar import interview_calendar
from shared.moments import when_in

router = APIRouter(prefix="/interviews")

# The matching service's refusals, in the portal's words (translated in interview_words.py).
WORDS = {
    "interview.slot_taken": "Someone has just booked this time. Choose another.",
    "interview.cutoff_passed": "It is too late to change this booking.",
    "interview.not_booked": "There is no booking to cancel.",
    "interview.recorded": "The interview took place and was recorded: it can no longer be changed.",
    "interview.not_invited": "This application is not invited to an interview.",
    "interview.slot_not_found": "This time is no longer offered.",
    "pool.withdrawn": "The application was withdrawn.",
}


def when(lang: str, iso: str | None, time_zone: str) -> str:
    """ "Thursday, 3 December 2026, 07:00 (Asia/Karachi, UTC+05:00)" in ``lang``: the moment as
    the API gave it (with its offset), in ``time_zone``."""
    if not iso:
        return ""
    return when_in(datetime.fromisoformat(iso), time_zone, str(locale_of(lang)))


async def _page(request: Request, application_id: str, *, error: str | None = None, status_code: int = 200):
    s = require_role(request, "applicant")
    m = services_of(request).matching
    mine = await m.get("/interviews/mine", s.token)
    invitation = next((i for i in mine if i["application_id"] == application_id), None)
    slots: list[dict[str, Any]] = []
    if invitation is not None:
        try:
            slots = await m.get(f"/interviews/{application_id}/slots", s.token)
        except ServiceError as exc:
            if exc.status == 401:
                raise
            error = error or WORDS.get(exc.code) or exc.message
    return render(
        request,
        "interviews/applicant.html",
        status_code=status_code,
        title="Interview",
        application_id=application_id,
        invitation=invitation,
        slots=slots,
        when=lambda iso, tz: when(language_of(request), iso, tz),
        error=error,
    )


@router.get("/{application_id}")
async def interview_page(request: Request, application_id: str):
    return await _page(request, application_id)


@router.get("/{application_id}/calendar.ics")
async def calendar_file(request: Request, application_id: str):
    """The booked interview as a file for the applicant's calendar, the same event as the
    e-mailed invitation (404: nothing booked)."""
    s = require_role(request, "applicant")
    m = services_of(request).matching
    mine = await m.get("/interviews/mine", s.token)
    invitation = next((i for i in mine if i["application_id"] == application_id), None)
    if invitation is None or not invitation.get("slot") or not invitation.get("booking_uid"):
        raise StarletteHTTPException(404)
    slot = invitation["slot"]
    try:
        cycle_name = (await m.get(f"/cycles/{invitation['cycle_id']}"))["name"]
    except ServiceError as exc:
        if exc.status != 404:
            raise
        cycle_name = invitation["cycle_id"]
    body = interview_calendar(
        method="PUBLISH",
        uid=invitation["booking_uid"],
        sequence=int(invitation.get("sequence") or 0),
        starts_at=datetime.fromisoformat(slot["starts_at"]),
        duration_minutes=int(slot["duration_minutes"]),
        place=slot["place"],
        summary=translate(language_of(request), "Interview: {cycle}", cycle=cycle_name),
        stamp=datetime.now(UTC),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="interview.ics"'},
    )


async def _refused(request: Request, application_id: str, exc: ServiceError):
    if exc.status == 401:
        raise exc
    words = WORDS.get(exc.code) or (exc.errors[0].message if exc.errors else exc.message)
    return await _page(request, application_id, error=words, status_code=exc.status)


@router.post("/{application_id}/book")
async def book(request: Request, application_id: str):
    """Book a time, or move the booking to it."""
    s = require_role(request, "applicant")
    form = await checked_form(request)
    try:
        await services_of(request).matching.call(
            "PUT", f"/interviews/{application_id}/booking", s.token, json={"slot_id": str(form.get("slot_id") or "")}
        )
    except ServiceError as exc:
        return await _refused(request, application_id, exc)
    if form.get("moving"):  # the earlier time no longer holds: said, not "booked" again
        s.flash(
            "Your interview is moved to the new time. We sent you the updated calendar invitation by e-mail.", "success"
        )
    else:
        s.flash("Your interview is booked. We sent you a calendar invitation by e-mail.", "success")
    return redirect(f"/interviews/{application_id}")


@router.post("/{application_id}/cancel")
async def cancel(request: Request, application_id: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    if form.get("confirm") != "yes":  # the browser asks for the box; a form sent without it is refused here
        error = "Tick the box to confirm: the time goes back to the other applicants."
        return await _page(request, application_id, error=error, status_code=422)
    try:
        await services_of(request).matching.call("DELETE", f"/interviews/{application_id}/booking", s.token)
    except ServiceError as exc:
        return await _refused(request, application_id, exc)
    s.flash("Your booking was cancelled. You can book another time.", "success")
    return redirect(f"/interviews/{application_id}")
