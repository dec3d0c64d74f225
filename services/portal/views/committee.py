"""The officer workbench of the selection committee: scoresheets per cycle, reviewer
assignment and moderation flags, a reviewer's table of assigned applications (sort,
filter, pages), one application's scores (hidden until one's own are submitted), and its
journal. Everything goes through the matching service's API as the logged-in officer."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.clients import ServiceError, nothing, services_of
from services.portal.domain.application_page import merged_journal
from services.portal.domain.changes import DEFAULT_CRITERIA, DEFAULT_LABELS, USUAL_LABELS
from services.portal.domain.forms import COUNTRIES, ascii_digits, past_the_end, whole_number
from services.portal.domain.problems import Message
from services.portal.domain.workbench import IN_THE_RUNNING, STATUSES
from services.portal.i18n import translate
from services.portal.views.common import change_in_matching
from services.portal.views.documents import cycles_to_filter
from services.portal.web import (
    checked_form,
    cycles_managed,
    language_of,
    redirect,
    render,
    require_role,
    session_of,
)
from shared.api import PATH_ID

router = APIRouter(prefix="/officer/committee")
STAFF = ("officer", "admin")
# who scores: the staff above and a committee's reviewers (their own assignments only)
MEMBERS = (*STAFF, "reviewer")
NO_LONGER_YOURS = (
    "You no longer review this application: it was given to another reviewer, or you declared a conflict with it."
)
PAGE = 20
ROWS = 8  # criteria rows on the scoresheet form (the API takes up to 20)
SORTS = ("name", "nationality", "received", "submitted", "composite")


# The matching service's refusals of this workbench, in the portal's words (translated in
# i18n.py); a code not named here shows the service's reason as written.
WORDS = {
    "scoresheet.empty": "Add at least one criterion.",
    "scoresheet.too_many_criteria": "At most 20 criteria.",
    "scoresheet.duplicate_criterion": "This key is used twice.",
    "scoresheet.weight_not_positive": "A weight must be greater than 0.",
    "scoresheet.empty_range": "The highest score must be above the lowest.",
    "scoresheet.reviewers_out_of_range": "Between 1 and 10 reviewers.",
    "scoresheet.threshold_out_of_range": "Between 0 and 100.",
    "scoresheet.committee_too_small": "The committee has {members} member(s) for {asked} reviewers per application: tick more, or lower the number.",
    "scoresheet.committee_unknown": "No longer an officer or reviewer of this scheme: {accounts}.",
    "scoresheet.missing": "Save a scoresheet first.",
    "review.out_of_range": "This score is outside the criterion's range.",
    "review.missing_criterion": "Score this criterion.",
    "review.unknown_criterion": "This criterion is not on the scoresheet.",
    "review.not_yours": "Only the assigned reviewer scores this application.",
    "assignment.no_reviewers": "No eligible reviewer is left for this.",
    "assignment.ended": "This assignment has ended.",
    "assignment.conflict": "This reviewer may not review this application.",
    "conflict.already_declared": "You already declared a conflict with this application.",
}
# A reassignment to a named reviewer that the service refused: said with the reviewer's name.
REVIEWER_REFUSALS = {
    "assignment.conflict": (
        "{name} may not review this application: they already review it, work at the applicant's "
        "home institution or declared a conflict with it."
    ),
    "assignment.unknown_reviewer": "{name} does not review this scheme.",
    "assignment.scores_seen": (
        "{name} can read or has read this application's other scores, so may not become its reviewer: give it to "
        "another officer, or let the least loaded be chosen."
    ),
}


def scoresheet_entries(cycle_id: str) -> dict[str, Any]:
    """The journal query of a cycle's scoresheet changes: an application's journal shows the
    scoresheet its scores were given on, next to its own entries."""
    return {"cycle_id": cycle_id, "action": "scoresheet.saved", "limit": 20}


def _words(error: Any) -> Any:
    sentence = WORDS.get(error.code)
    return Message(sentence, getattr(error, "context", None) or {}) if sentence else error.message


def _number(text: str | None) -> float | None:
    try:
        value = float(ascii_digits(text or "").strip().replace(",", ".").replace("٫", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _text(form: dict[str, Any], name: str, most: int | None = None) -> str:
    return (form.get(name) or "").strip()[:most]


def _form_id(form: dict[str, Any], name: str) -> str:
    """An id posted in a form, to go into a service's path: "-" (which the service refuses by
    name) for anything else, e.g. a newline or NUL that failed the call as a 500."""
    value = form.get(name)
    return value if isinstance(value, str) and PATH_ID.fullmatch(value) else "-"


def _first(exc: ServiceError) -> Any:
    """A refusal on a form with one place to say it: its first reason."""
    return _words(exc.errors[0]) if exc.errors else exc.message


async def _or_none(call) -> Any:
    """A part of a page the officer may not be allowed to read (403/404): left out."""
    try:
        return await call
    except ServiceError as exc:
        if exc.status in (403, 404):
            return None
        raise


# --- the workbench: my assigned applications, and the cycles --------------------------------


@router.get("")
async def workbench(request: Request):
    s = require_role(request, *MEMBERS)
    m = services_of(request).matching
    q = request.query_params
    sort = q.get("sort") if q.get("sort") in SORTS else "received"
    order = "desc" if q.get("order") == "desc" else "asc"
    offset = whole_number(q.get("offset")) or 0
    filters = {
        "cycle_id": q.get("cycle_id") or "",
        "nationality": (q.get("nationality") or "").strip().upper()[:2],
        "q": (q.get("q") or "").strip()[:100],
        "scored": (q.get("scored") or "") if q.get("scored") in ("true", "false") else "",
    }
    params = {k: v for k, v in filters.items() if v} | {"sort": sort, "order": order, "offset": offset, "limit": PAGE}
    if filters["nationality"] and not filters["nationality"].isalpha():
        params.pop("nationality")
    assigned, cycles = await asyncio.gather(
        m.get("/reviews/assigned", s.token, params=params), m.get("/cycles", s.token, params={"limit": 200})
    )
    last = past_the_end(offset, assigned["total"], PAGE)
    if last is not None:  # an edited address, or a page emptied by scoring: the last page
        base = {k: v for k, v in filters.items() if v} | {"sort": sort, "order": order, "offset": last}
        return redirect("/officer/committee?" + urlencode(base))
    # the programme titles of the page's choices (the catalog is public), one call per cycle
    shown = sorted({a["cycle_id"] for a in assigned["items"]})
    catalogs = await asyncio.gather(*(m.get("/programmes", params={"cycle_id": c, "limit": 500}) for c in shown))
    titles = {p["id"]: p["title"] for page in catalogs for p in page["items"]}

    def link(**change: Any) -> str:
        base = {k: v for k, v in filters.items() if v} | {"sort": sort, "order": order, "offset": offset}
        return "/officer/committee?" + urlencode(base | change)

    return render(
        request,
        "committee/index.html",
        title="Selection committee",
        assigned=assigned,
        titles=titles,
        # the filter offers the cycles of the officer's schemes (it listed every cycle)
        cycles=await cycles_to_filter(request, cycles["items"]),
        managed=cycles_managed(s, cycles["items"]),  # the scoresheets the officer may set
        # a list of countries by name (a two-letter box took "Ka" for "Kazakhstan" and found nothing)
        nationalities=sorted(
            {code for code, _name in COUNTRIES} | ({filters["nationality"]} if "nationality" in params else set())
        ),
        filters=filters,
        sort=sort,
        order=order,
        link=link,
        page_size=PAGE,
    )


# --- a cycle: scoresheet, assignment, moderation ---------------------------------------------


async def _cycle_page(
    request: Request,
    cycle_id: str,
    *,
    errors: dict | None = None,
    values: dict | None = None,
    status_code: int = 200,
):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    cycle = await m.get(f"/cycles/{cycle_id}", s.token)
    sheet, reviewers, moderation, institutions = await asyncio.gather(
        _or_none(m.get(f"/cycles/{cycle_id}/scoresheet", s.token)),
        _or_none(m.get(f"/cycles/{cycle_id}/reviewers", s.token)),
        _or_none(m.get(f"/cycles/{cycle_id}/moderation", s.token, params={"limit": 200})),
        _or_none(m.get("/institutions", params={"limit": 500})),  # a reviewer's host institutions, by name
    )
    if values is None:
        criteria = sheet["criteria"] if sheet else DEFAULT_CRITERIA
        values = {
            "reviewers_per_application": str(sheet["reviewers_per_application"] if sheet else 2),
            "spread_threshold": f"{sheet['spread_threshold'] if sheet else 20:g}",
        }
        for i, c in enumerate(criteria[:ROWS]):
            values |= {f"{f}_{i}": f"{c[f]:g}" if isinstance(c[f], float | int) else c[f] for f in c}
            if (
                c.get("label") in DEFAULT_LABELS
            ):  # a usual criterion reads in the page's language (saved as the usual one)
                values[f"label_{i}"] = translate(language_of(request), str(c["label"]))
    return render(
        request,
        "committee/cycle.html",
        status_code=status_code,
        title="Scoresheet and reviewers",
        cycle=cycle,
        sheet=sheet,
        reviewers=reviewers,
        moderation=moderation,
        institution_names={i["id"]: i["name"] for i in (institutions or {}).get("items") or []},
        rows=range(ROWS),
        errors=errors or {},
        values=values,
        journal_link=f"/officer/committee/journal?cycle_id={cycle_id}",
    )


async def _committee_ticked(request: Request, cycle_id: str, form: dict[str, Any]) -> list[str] | None:
    """The committee the form ticks: ``None`` (every officer of the scheme, also those added
    later) when every one shown is ticked, or when the form showed none."""
    if not form.get("committee_shown"):
        return None
    ticked = [str(x) for x in form.get("committee[]") or []]
    shown = await _or_none(
        services_of(request).matching.get(f"/cycles/{cycle_id}/reviewers", session_of(request).token)
    )
    if shown is not None and ticked and {r["account_id"] for r in shown} <= set(ticked):
        return None
    return ticked


@router.get("/cycles/{cycle_id}")
async def cycle_page(request: Request, cycle_id: str):
    return await _cycle_page(request, cycle_id)


@router.post("/cycles/{cycle_id}/scoresheet")
async def save_scoresheet(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    errors: dict[str, str] = {}
    criteria = []
    for i in range(ROWS):
        key, label = _text(form, f"key_{i}"), _text(form, f"label_{i}")
        if not key and not label:
            continue
        usual = USUAL_LABELS.get(key)
        if usual and label == translate(language_of(request), usual):
            label = usual  # as shown, untouched: kept the usual one, which each reader reads in their language
        row: dict[str, Any] = {"key": key, "label": label or key}
        for f in ("weight", "min", "max"):
            value = _number(form.get(f"{f}_{i}"))
            if value is None:
                errors[f"{f}_{i}"] = "Enter a number."
            row[f] = value
        criteria.append((i, row))
    reviewers = _number(form.get("reviewers_per_application"))
    threshold = _number(form.get("spread_threshold"))
    if reviewers is None or reviewers != int(reviewers):
        errors["reviewers_per_application"] = "Enter a whole number."
    if threshold is None:
        errors["spread_threshold"] = "Enter a number."
    if not criteria:
        errors["criteria"] = "Add at least one criterion."
    committee = await _committee_ticked(request, cycle_id, form)
    if committee == []:
        errors["committee"] = "Tick at least one member."
    if errors:
        return await _cycle_page(request, cycle_id, errors=errors, values={"committee[]": [], **form}, status_code=422)
    body = {
        "criteria": [row for _, row in criteria],
        "reviewers_per_application": int(reviewers or 0),
        "spread_threshold": threshold,
        "committee": committee,
        "reason": _text(form, "reason", 1000) or None,
    }
    _, refused = await change_in_matching(request, "PUT", f"/cycles/{cycle_id}/scoresheet", json=body)
    if refused is not None:
        # "criteria.<n>.<field>" names the n-th row sent: point at the form's row
        rows = [i for i, _ in criteria]
        for e in refused.errors:
            parts = e.field.split(".")
            if len(parts) == 3 and parts[0] == "criteria" and parts[1].isdigit() and int(parts[1]) < len(rows):
                errors[f"{parts[2]}_{rows[int(parts[1])]}"] = _words(e)
            else:
                errors[parts[-1] if parts[0] != "criteria" else "criteria"] = _words(e)
        return await _cycle_page(request, cycle_id, errors=errors, values=form, status_code=refused.status)
    s.flash("The scoresheet was saved.", "success")
    return redirect(f"/officer/committee/cycles/{cycle_id}")


@router.post("/cycles/{cycle_id}/assign")
async def assign(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    await checked_form(request)
    result, refused = await change_in_matching(request, "POST", f"/cycles/{cycle_id}/assignments")
    if refused is not None:
        return await _cycle_page(request, cycle_id, errors={"assign": _first(refused)}, status_code=refused.status)
    if not result["created"] and not result["short"]:
        # nothing to do is not an error, but "0" alone left the officer guessing why
        s.flash(
            "No new assignments: every application that competes has its reviewers already. Under an endorsement stage only the applications their home institution endorsed compete.",
            "info",
        )
        return redirect(f"/officer/committee/cycles/{cycle_id}")
    s.flash("New assignments: {n}.", "success", n=len(result["created"]))
    if result.get("handed_over"):
        s.flash(
            "Reviews not yet scored taken from officers off the committee and given to it: {n}.",
            "info",
            n=result["handed_over"],
        )
    if result["short"]:
        # they may have some reviewers: "without an eligible reviewer" beside "New assignments: 40"
        # read as a contradiction when each got one of two
        s.flash(
            "Applications with fewer reviewers than the scoresheet asks for (not enough eligible reviewers): {n}.",
            "error",
            n=len(result["short"]),
        )
    return redirect(f"/officer/committee/cycles/{cycle_id}")


# --- one application: scores, reviewers, journal -------------------------------------------


async def _application_page(
    request: Request, application_id: str, *, errors: dict | None = None, values: dict | None = None, status_code=200
):
    s = require_role(request, *MEMBERS)
    m = services_of(request).matching
    try:
        view, journal = await asyncio.gather(
            m.get(f"/pool/applications/{application_id}/reviews", s.token),
            _or_none(m.get("/journal", s.token, params={"application_id": application_id, "limit": 100})),
        )
    except ServiceError as exc:
        if exc.code != "review.not_assigned":
            raise
        # given to another reviewer, or a conflict declared: the notice's old link said "Not found"
        # with the service's English sentence
        s.flash(NO_LONGER_YOURS, "info")
        return redirect("/officer/committee")
    programmes, invitations, reviewers, sheets = await asyncio.gather(
        m.get("/programmes", params={"cycle_id": view["cycle_id"], "limit": 500}),
        _or_none(m.get(f"/cycles/{view['cycle_id']}/interviews", s.token)),
        _or_none(m.get(f"/cycles/{view['cycle_id']}/reviewers", s.token)),
        _or_none(m.get("/journal", s.token, params=scoresheet_entries(view["cycle_id"]))),
    )
    interview = next((i for i in invitations or [] if i["application_id"] == application_id), None)
    mine = next((r for r in view["reviews"] if r["assignment_id"] == view["my_assignment_id"]), None)
    # a reviewer of the scheme may declare a conflict before being given the application (one off
    # the cycle's committee reviews nothing of it: no conflict to declare)
    may_declare = mine is not None or any(
        r["account_id"] == s.sub and r.get("on_committee", True) for r in reviewers or []
    )
    if journal is not None:
        journal = {"items": merged_journal(journal, sheets)}
    if values is None:
        values = {f"score_{k}": f"{v:g}" for k, v in ((mine or {}).get("scores") or {}).items()}
        if mine and mine["history"]:
            values["comment"] = mine["history"][-1]["comment"]
    return render(
        request,
        "committee/application.html",
        status_code=status_code,
        title="Application review",
        view=view,
        mine=mine,
        journal=journal,
        interview=interview,
        local=_local,
        programmes={p["id"]: p for p in programmes["items"]},
        titles={p["id"]: p["title"] for p in programmes["items"]},  # the journal's programme ids
        reviewers=reviewers or [],
        may_declare=may_declare,
        # the usual criteria read in each reviewer's language; a scheme's own as its officer wrote them
        default_labels=DEFAULT_LABELS,
        errors=errors or {},
        values=values,
    )


@router.get("/applications/{application_id}")
async def application_page(request: Request, application_id: str):
    return await _application_page(request, application_id)


@router.post("/applications/{application_id}/scores")
async def submit_scores(request: Request, application_id: str):
    s = require_role(request, *MEMBERS)
    form = await checked_form(request)
    assignment_id = _form_id(form, "assignment_id")
    scores: dict[str, float] = {}
    errors: dict[str, str] = {}
    for name, text in form.items():
        if name.startswith("score_") and isinstance(text, str):
            value = _number(text)
            if value is None:
                errors[name] = "Enter a number."
            else:
                scores[name.removeprefix("score_")] = value
    if errors:
        # said together with the numbers out of their criterion's range (the service checks
        # those only once every score is a number: a second refusal after the first was fixed)
        view = await _or_none(
            services_of(request).matching.get(f"/pool/applications/{application_id}/reviews", s.token)
        )
        for c in ((view or {}).get("scoresheet") or {}).get("criteria") or []:
            value = scores.get(str(c.get("key")))
            if value is not None and not (c.get("min", value) <= value <= c.get("max", value)):
                errors[f"score_{c['key']}"] = WORDS["review.out_of_range"]
        return await _application_page(request, application_id, errors=errors, values=form, status_code=422)
    body = {"scores": scores, "comment": _text(form, "comment", 4000)}
    _, refused = await change_in_matching(request, "PUT", f"/assignments/{assignment_id}/scores", json=body)
    if refused is not None:
        for e in refused.errors:
            field = e.field.split(".")
            errors[f"score_{field[1]}" if field[0] == "scores" and len(field) > 1 else "scores"] = _words(e)
        return await _application_page(request, application_id, errors=errors, values=form, status_code=refused.status)
    s.flash("Your scores were submitted.", "success")
    return redirect(f"/officer/committee/applications/{application_id}")


async def _reviewer_names(request: Request, application_id: str) -> dict[str, str]:
    """Account id -> name of the reviewers of the application's scheme."""
    s, m = session_of(request), services_of(request).matching
    view = await m.get(f"/pool/applications/{application_id}/reviews", s.token)
    reviewers = await _or_none(m.get(f"/cycles/{view['cycle_id']}/reviewers", s.token))
    return {r["account_id"]: r["name"] for r in reviewers or []}


@router.post("/applications/{application_id}/reassign")
async def reassign(request: Request, application_id: str):
    """Take a reviewer off the application; the reviewer chosen, or else the least loaded
    eligible one, takes over."""
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    chosen = _text(form, "reviewer_id", 64) or None
    body = {"reviewer_id": chosen}
    _, refused = await change_in_matching(
        request, "POST", f"/assignments/{_form_id(form, 'assignment_id')}/reassign", json=body
    )
    if refused is not None:
        words = _first(refused)
        if chosen and refused.errors and refused.errors[0].code in REVIEWER_REFUSALS:
            # say whom the service refused, and when it refuses a reviewer
            names = await _reviewer_names(request, application_id)
            words = Message(REVIEWER_REFUSALS[refused.errors[0].code], {"name": names.get(chosen, chosen)})
        return await _application_page(request, application_id, errors={"reassign": words}, status_code=refused.status)
    s.flash("Another reviewer was assigned.", "success")
    return redirect(f"/officer/committee/applications/{application_id}")


@router.post("/applications/{application_id}/conflict")
async def declare_conflict(request: Request, application_id: str):
    s = require_role(request, *MEMBERS)
    form = await checked_form(request)
    reason = _text(form, "reason", 1000)
    if not reason:
        return await _application_page(
            request, application_id, errors={"reason": "Say what the conflict is."}, status_code=422
        )
    _, refused = await change_in_matching(
        request, "POST", f"/pool/applications/{application_id}/conflicts", json={"reason": reason}
    )
    if refused is not None:
        return await _application_page(
            request, application_id, errors={"reason": _first(refused)}, status_code=refused.status
        )
    s.flash("Your conflict was recorded; you no longer review this application.", "success")
    return redirect("/officer/committee")


@router.get("/journal")
async def journal_page(request: Request):
    """A cycle's journal, newest first, with the CSV export link."""
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    cycle_id = request.query_params.get("cycle_id") or ""
    offset_text = request.query_params.get("offset") or ""
    offset = whole_number(offset_text) or 0
    params = {"cycle_id": cycle_id, "offset": offset, "limit": 50} if cycle_id else {"offset": offset, "limit": 50}
    journal, programmes, institutions = await asyncio.gather(
        m.get("/journal", s.token, params=params),
        # the programmes an answer or a catalog change names by id, by their titles
        _or_none(m.get("/programmes", params={"cycle_id": cycle_id, "limit": 500})) if cycle_id else nothing(),
        _or_none(m.get("/institutions", params={"limit": 500})),
    )
    return render(
        request,
        "committee/journal.html",
        title="Journal",
        journal=journal,
        cycle_id=cycle_id,
        offset=offset,
        titles={p["id"]: p["title"] for p in (programmes or {}).get("items") or []},
        institution_names={i["id"]: i["name"] for i in (institutions or {}).get("items") or []},
    )


@router.get("/journal.csv")
async def journal_csv(request: Request):
    s = require_role(request, *STAFF)
    from fastapi.responses import Response

    params = {k: v for k in ("cycle_id", "application_id") if (v := request.query_params.get(k))}
    m = services_of(request).matching
    r = await m.http.get("/journal.csv", params=params, headers={"Authorization": f"Bearer {s.token}"})
    if r.status_code >= 400:
        raise ServiceError("matching", r.status_code)
    return Response(
        r.content, media_type="text/csv", headers={"Content-Disposition": r.headers.get("content-disposition", "")}
    )


# --- interviews: slots, invitations, bookings, attendance and score (issue 16) ---------------

# The host time zones offered when publishing a slot (the API takes any IANA zone).
TIME_ZONES = ("Asia/Shanghai", "Asia/Karachi", "Asia/Almaty", "Asia/Tashkent", "Asia/Bishkek", "Asia/Dushanbe", "UTC")
INTERVIEW_WORDS = {
    "interview.unknown_time_zone": "Choose a time zone.",
    "interview.slot_in_past": "A slot must start in the future.",
    "interview.slot_too_soon": "Applicants book at least 24 hours ahead: a slot that starts sooner could not be booked.",
    "interview.duration_out_of_range": "An interview lasts 5 to 480 minutes.",
    "interview.place_missing": "Name a place or a video link.",
    "interview.out_of_range": "This score is outside the interview's range.",
    "interview.score_no_show": "An applicant who did not attend has no score.",
    "interview.not_booked": "The applicant has not booked an interview.",
    "interview.not_started": "The interview has not begun yet: record it once it has.",
    "interview.no_slots": "Publish at least one slot.",
    "interview.slot_exists": "A slot at this time and place is already published.",
}
WORDS |= INTERVIEW_WORDS


def _local(iso: str) -> str:
    """An ISO moment with its offset as "2026-12-03 10:00 (UTC+08:00)" (the host's wall clock)."""
    offset = iso[19:].replace("Z", "+00:00") or "+00:00"
    return f"{iso[:10]} {iso[11:16]} (UTC{offset})"


async def _interviews_page(
    request: Request, cycle_id: str, *, errors: dict | None = None, values: dict | None = None, status_code=200
):
    s = require_role(request, *STAFF)
    m = services_of(request).matching
    cycle, slots, invitations, pool, sheet = await asyncio.gather(
        m.get(f"/cycles/{cycle_id}", s.token),
        m.get(f"/cycles/{cycle_id}/interview-slots", s.token),
        m.get(f"/cycles/{cycle_id}/interviews", s.token),
        # those a round may place (under an endorsement stage, the endorsed) and still in the
        # running: an applicant placed, out of the pool or not nominated has nothing to interview for
        m.get(
            f"/cycles/{cycle_id}/applications",
            s.token,
            params={
                "limit": 500,
                "endorsed": "true",
                "invited": "false",
                "sort": "name",
                "status": list(IN_THE_RUNNING),
            },
        ),
        _or_none(m.get(f"/cycles/{cycle_id}/scoresheet", s.token)),
    )
    # the invited whose application left the running since (a place accepted, not nominated):
    # their booking stands, but it was listed as "booked" like any other
    ended = await m.get(
        f"/cycles/{cycle_id}/applications",
        s.token,
        params={"limit": 500, "invited": "true", "status": [x for x in STATUSES if x not in IN_THE_RUNNING]},
    )
    # the interview's scale: the scoresheet's interview criterion, else the pool's 0-100
    on_sheet = next((c for c in (sheet or {}).get("criteria") or [] if c.get("key") == "interview"), None)
    scale = (on_sheet["min"], on_sheet["max"]) if on_sheet else (0, 100)
    now = datetime.now(UTC)
    # attendance is recorded once the interview has begun (the service refuses it before)
    begun = {
        r["slot"]["id"] for r in slots if datetime.fromisoformat(r["slot"]["starts_at"].replace("Z", "+00:00")) <= now
    }
    out_of_running = {r["application_id"]: r["status"] for r in ended["items"]}
    # three invited to two free times had no word of it: the third could not book
    free = sum(1 for r in slots if not r.get("booking") and r["slot"]["id"] not in begun)
    waiting = sum(1 for i in invitations if not i.get("slot") and i["application_id"] not in out_of_running)
    return render(
        request,
        "committee/interviews.html",
        status_code=status_code,
        title="Interviews",
        cycle=cycle,
        slots=slots,
        invitations=invitations,
        short_of_times=(waiting, free) if waiting > free else None,
        out_of_running=out_of_running,
        begun=begun,
        scale=scale,
        uninvited=pool["items"],
        candidates_total=pool["total"],
        time_zones=TIME_ZONES,
        local=_local,
        errors=errors or {},
        values=values or {"duration_minutes": "30", "time_zone": TIME_ZONES[0]},
    )


@router.get("/cycles/{cycle_id}/interviews")
async def interviews_page(request: Request, cycle_id: str):
    return await _interviews_page(request, cycle_id)


@router.post("/cycles/{cycle_id}/interviews/slots")
async def publish_slot(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    errors: dict[str, str] = {}
    starts = _text(form, "starts_at")
    duration = _number(form.get("duration_minutes"))
    if len(starts) < 16:
        errors["starts_at"] = "Enter a date and time."
    if duration is None or duration != int(duration):
        errors["duration_minutes"] = "Enter a whole number."
    if errors:
        return await _interviews_page(request, cycle_id, errors=errors, values=form, status_code=422)
    slot = {
        "starts_at": starts[:16],
        "duration_minutes": int(duration or 0),
        "time_zone": form.get("time_zone") or "",
        "place": _text(form, "place", 500),
    }
    _, refused = await change_in_matching(
        request, "POST", f"/cycles/{cycle_id}/interview-slots", json={"slots": [slot]}
    )
    if refused is not None:
        for e in refused.errors:
            errors[e.field.split(".")[-1]] = _words(e)
        return await _interviews_page(request, cycle_id, errors=errors, values=form, status_code=refused.status)
    s.flash("The slot was published.", "success")
    return redirect(f"/officer/committee/cycles/{cycle_id}/interviews")


@router.post("/cycles/{cycle_id}/interviews/invite")
async def invite(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    ids = form.get("application_id[]") or []  # a list: checked_form
    if not ids:
        return await _interviews_page(
            request, cycle_id, errors={"invite": "Choose at least one application."}, status_code=422
        )
    created, refused = await change_in_matching(
        request, "POST", f"/cycles/{cycle_id}/interviews", json={"application_ids": ids}
    )
    if refused is not None:
        return await _interviews_page(request, cycle_id, errors={"invite": _first(refused)}, status_code=refused.status)
    s.flash("Applicants invited: {n}.", "success", n=len(created))
    if len(created) < len(set(ids)):  # the service skips those invited meanwhile or out of the running
        s.flash(
            "Not invited: {n} (already invited, or no longer in the running).", "info", n=len(set(ids)) - len(created)
        )
    return redirect(f"/officer/committee/cycles/{cycle_id}/interviews")


@router.post("/cycles/{cycle_id}/interviews/{application_id}/record")
async def record_interview(request: Request, cycle_id: str, application_id: str):
    """Attendance and the score (onto the scoresheet's interview criterion if it has one)."""
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    attendance = form.get("attendance") if form.get("attendance") in ("attended", "no_show") else "attended"
    text = _text(form, "score")
    score = _number(text) if text else None
    key = f"record-{application_id}"
    if text and score is None:
        return await _interviews_page(request, cycle_id, errors={key: "Enter a number."}, status_code=422)
    body = {"attendance": attendance, "score": score, "reason": _text(form, "reason", 2000) or None}
    _, refused = await change_in_matching(request, "PUT", f"/interviews/{application_id}/record", json=body)
    if refused is not None:
        return await _interviews_page(request, cycle_id, errors={key: _first(refused)}, status_code=refused.status)
    s.flash("Attendance and score were recorded.", "success")
    return redirect(f"/officer/committee/cycles/{cycle_id}/interviews")


@router.post("/cycles/{cycle_id}/interviews/{application_id}/cancel")
async def cancel_interview(request: Request, cycle_id: str, application_id: str):
    """The committee cancels a booked interview, with its word to the applicant: the time goes
    back to the others and the applicant books another (only the applicant could cancel)."""
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    key = f"cancel-{application_id}"
    reason = _text(form, "reason", 500)
    if not reason:
        error = "Write the applicant a reason: their e-mail quotes it."
    elif form.get("confirm") != "yes":
        error = "Tick the box to confirm: the time goes back to the other applicants."
    else:
        _, refused = await change_in_matching(
            request, "POST", f"/interviews/{application_id}/booking/cancel", json={"reason": reason}
        )
        if refused is None:
            s.flash("The booking was cancelled; the applicant is told and can book another time.", "success")
            return redirect(f"/officer/committee/cycles/{cycle_id}/interviews")
        return await _interviews_page(
            request, cycle_id, errors={key: _first(refused)}, values={key: reason}, status_code=refused.status
        )
    return await _interviews_page(request, cycle_id, errors={key: error}, values={key: reason}, status_code=422)


# --- a form's address opened again (a language switch, a reload after a refused form) --------------
# The forms post to addresses of their own; a GET there leads back to the page the form is on
# instead of "not allowed". Declared last, so the pages' own addresses win.
CYCLE_FORMS = {"scoresheet", "assign"}
APPLICATION_FORMS = {"scores", "reassign", "conflict"}
INTERVIEW_FORMS = {"slots", "invite"}


@router.get("/cycles/{cycle_id}/interviews/{form_name}")
async def interview_form_address(cycle_id: str, form_name: str):
    if form_name not in INTERVIEW_FORMS:
        raise StarletteHTTPException(404)
    return redirect(f"/officer/committee/cycles/{cycle_id}/interviews")


@router.get("/cycles/{cycle_id}/interviews/{application_id}/record")
@router.get("/cycles/{cycle_id}/interviews/{application_id}/cancel")
async def record_form_address(cycle_id: str, application_id: str):
    return redirect(f"/officer/committee/cycles/{cycle_id}/interviews")


@router.get("/cycles/{cycle_id}/{form_name}")
async def cycle_form_address(cycle_id: str, form_name: str):
    if form_name not in CYCLE_FORMS:
        raise StarletteHTTPException(404)
    return redirect(f"/officer/committee/cycles/{cycle_id}")


@router.get("/applications/{application_id}/{form_name}")
async def application_form_address(application_id: str, form_name: str):
    if form_name not in APPLICATION_FORMS:
        raise StarletteHTTPException(404)
    return redirect(f"/officer/committee/applications/{application_id}")
