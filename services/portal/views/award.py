"""The award path (issue 14): a nominating authority's national pools (``/nominations``: sort,
filter and search the pool, mark each candidate nominee, reserve or not nominated with a rank
and a reason, save a draft, publish after a confirmation, withdraw a nominee) and a host
institution's admissions (``/host/admissions``: admit or reject each match officers approved,
with a reason from the contract's list and a note; every version of the decision). Everything
goes through the matching service's API as the logged-in user; the service decides scope."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any, get_args
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.clients import ServiceError, ServiceUnavailable, passed_through, services_of
from services.portal.domain.award import (
    PAPER_KINDS,
    PAPER_NOTE_MAX,
    REASON_MAX,
    choice_names,
    duplicate_ranks,
    has_passed,
    list_changes,
    marks_from_form,
    marks_of,
    marks_of_lists,
    nomination_list,
    own_changes,
    placed_taken_off,
    saved_as,
    sharing,
)
from services.portal.domain.catalog_names import names_in_language
from services.portal.domain.forms import MAX_DOCUMENT_BYTES, file_too_large, past_the_end, whole_number
from services.portal.domain.problems import BY_CODE, message_for
from services.portal.domain.workbench import EXPORT_LIMIT
from services.portal.i18n import country_name, translate
from services.portal.views.common import change_in_matching, consents_of
from services.portal.views.documents import cycles_to_filter, size_of
from services.portal.web import (
    checked_form,
    claims_of,
    hosts_only_officer,
    language_of,
    once_header,
    redirect,
    render,
    require_role,
    session_of,
    spreadsheet,
)
from shared.countries import is_country
from shared.events.catalog import ApplicationStatus, HostAdmissionReason, NominationState, Stage
from shared.translations import in_language

router = APIRouter()
NOMINATORS = ("nominator", "officer", "admin")
SETTERS = ("nominator", "admin")
HOSTS = ("partner", "officer", "admin")
PAGE = 50
ALL = 500  # the services' largest page
SORTS = ("position", "name", "grade", "committee_score", "received_at")
STATES = ("nominated", "reserve", "not_nominated", "withdrawn", "undecided")
ADMISSION_REASONS: tuple[str, ...] = get_args(HostAdmissionReason)  # a host chooses from these
# after an admission, the applicant's answer: the host sees who took its offers
# withdrawn: an admitted applicant (or one who accepted) withdrew; the host's notice pointed here
ADMISSION_TABS = ("with_host", "approved", "host_rejected", "accepted", "declined", "withdrawn")
# the cards whose applicant the host may read, with consent (the applications service's rule)
WITH_THE_HOST = ("with_host", "approved", "accepted")


def _items(answer: Any) -> list[dict]:
    return answer.get("items", []) if isinstance(answer, dict) else list(answer or [])


# --- the nominating authority -------------------------------------------------------------------


@router.get("/nominations")
async def nominations_home(request: Request):
    """The national pools the nominator may see: every cycle in use (not archived) of a scheme
    with a nomination stage."""
    s = require_role(request, *NOMINATORS)
    m = services_of(request).matching
    schemes, cycles = await asyncio.gather(
        m.get("/schemes", params={"limit": ALL}), m.get("/cycles", params={"limit": ALL, "archived": "false"})
    )
    nominating = _nominating(schemes["items"])
    shown = [c for c in cycles["items"] if c["scheme_id"] in nominating]

    async def lists_of(cycle: dict) -> list[dict]:
        try:
            return _items(await m.get(f"/cycles/{cycle['id']}/nominations", s.token))
        except ServiceError as exc:
            if exc.status in (403, 404):  # not this nominator's scheme
                return []
            raise

    found = await asyncio.gather(*(lists_of(c) for c in shown))
    pools = [{"cycle": c, "lists": lists} for c, lists in zip(shown, found, strict=True) if lists]
    return render(request, "award/nominations.html", title="Nominations", pools=pools)


def _view(request: Request) -> dict[str, Any]:
    """The pool table's sort, order, filter, search and page, from the address."""
    q = request.query_params
    return {
        "sort": q.get("sort") if q.get("sort") in SORTS else "position",
        "order": "desc" if q.get("order") == "desc" else "asc",
        "state": q.get("state") if q.get("state") in STATES else "",
        "q": (q.get("q") or "").strip()[:100],
        "offset": whole_number(q.get("offset")) or 0,
    }


def _query(view: dict[str, Any], **change: Any) -> str:
    return urlencode({k: v for k, v in (view | change).items() if v not in ("", None)})


async def _all_candidates(request: Request, cycle_id: str, country: str) -> list[dict]:
    """Every candidate of the pool (the page shows a part; the list is the whole pool)."""
    s, m = session_of(request), services_of(request).matching
    return await m.get_all(
        f"/cycles/{cycle_id}/nominations/{country}/candidates", s.token, params={"sort": "position", "order": "asc"}
    )


async def _pool_page(
    request: Request,
    cycle_id: str,
    country: str,
    *,
    errors: dict[str, Any] | None = None,
    values: dict[str, dict[str, str]] | None = None,
    withdraw_values: dict[str, str] | None = None,
    status_code: int = 200,
):
    s = require_role(request, *NOMINATORS)
    m = services_of(request).matching
    view = _view(request)
    params = {k: v for k, v in view.items() if v not in ("", None)} | {"limit": PAGE}
    path = f"/cycles/{cycle_id}/nominations/{country}"
    summary, candidates, cycle, programmes, institutions = await asyncio.gather(
        m.get(path, s.token),
        m.get(f"{path}/candidates", s.token, params=params),
        m.get(f"/cycles/{cycle_id}"),
        m.get("/programmes", params={"cycle_id": cycle_id, "limit": ALL}),
        m.get("/institutions", params={"limit": ALL}),
    )
    await _require_taken(request, cycle, country)
    last = past_the_end(view["offset"], candidates["total"], PAGE) if errors is None else None
    if last is not None:  # an edited address, or a filter that left fewer rows: the last page
        return redirect(f"/nominations/{cycle_id}/{country}?{_query(view, offset=last)}")
    nominees: list[dict] = []
    if summary.get("status") == "published":
        everyone = await _all_candidates(request, cycle_id, country)
        nominees = [c for c in everyone if c.get("state") == NominationState.NOMINATED]
    shown_values = marks_of(candidates["items"]) | (values or {})
    closed = has_passed(summary.get("closes_at"), datetime.now(UTC))
    withdrawn = [c for c in candidates["items"] if c.get("state") == NominationState.WITHDRAWN]
    not_admitted = await _not_admitted(request, cycle_id) if withdrawn else {}
    return render(
        request,
        "award/pool.html",
        status_code=status_code,
        title="Nominations",
        title_of=f"{cycle.get('name') or cycle_id} · {country_name(language_of(request), country)}",
        summary=summary,
        cycle=cycle,
        country=country,
        candidates=candidates,
        titles=choice_names(programmes["items"], institutions["items"]),
        view=view,
        query=_query(view),
        link=lambda **change: f"/nominations/{cycle_id}/{country}?{_query(view, **change)}",
        page_size=PAGE,
        states=STATES,
        marks=("", "nominated", "reserve", "not_nominated"),
        row_values=shown_values,
        was=saved_as(marks_of(candidates["items"])),  # each row as saved when the page was made
        published_nominees=nominees,
        # withdrawn because the host did not admit them: application id -> the host's decision
        not_admitted=not_admitted,
        # officers read the lists; the authority (or an admin) sets them, until the deadline
        can_set=s.role in SETTERS and not closed,
        closed=closed,
        errors=errors or {},
        # the withdrawal as typed, kept when it is refused
        withdraw_values=withdraw_values or {},
    )


async def _require_taken(request: Request, cycle: dict[str, Any], country: str) -> None:
    """404 unless the cycle takes applicants from ``country`` (its own list, or else its
    scheme's; with neither, any country): /nominations/<cycle>/ZZ answered 200 with
    "Unknown Region … 0 (no limit)"."""
    taken = cycle.get("eligible_countries") or []
    if not taken:
        try:
            scheme = await services_of(request).matching.get(
                f"/schemes/{cycle.get('scheme_id', '')}", session_of(request).token
            )
        except ServiceError as exc:
            if exc.status != 404:
                raise
            scheme = {}  # (the pool's own read says what is wrong)
        taken = scheme.get("eligible_countries") or []
    if not is_country(country) or (taken and country not in taken):
        raise StarletteHTTPException(404)


async def _not_admitted(request: Request, cycle_id: str) -> dict[str, dict]:
    """The cycle's applications the host did not admit, with the host's decision: matching
    takes such a nominee off its list as withdrawn (and the reserve moves up), so the pool
    says why from the applications the authority reviews. Empty when that cannot be read."""
    try:
        page = await services_of(request).applications.get(
            "/officer/applications",
            session_of(request).token,
            params={"cycle_id": cycle_id, "status": ApplicationStatus.NOT_ADMITTED.value, "limit": ALL},
        )
        return {a["id"]: a.get("admission") or {} for a in page["items"]}
    except (ServiceError, ServiceUnavailable, KeyError, TypeError):
        return {}  # the row says withdrawn, as matching does


@router.get("/nominations/{cycle_id}/{country}")
async def pool(request: Request, cycle_id: str, country: str):
    return await _pool_page(request, cycle_id, country.upper())


def _refusal_errors(exc: ServiceError, body: dict[str, Any]) -> dict[str, Any]:
    """The service's problems by the page's fields: ``nominees.3`` is the fourth nominee's row."""
    out: dict[str, Any] = {}
    for e in exc.errors:
        head, _sep, index = e.field.partition(".")
        listed = body.get(head) if head in ("nominees", "reserve", "not_nominated") else None
        if isinstance(listed, list) and index.isdigit() and int(index) < len(listed):
            item = listed[int(index)]
            out.setdefault(f"row.{item['application_id'] if isinstance(item, dict) else item}", e.message)
        elif isinstance(named := e.context.get("application_id"), str):  # nomination.placed: the nominee's row
            out.setdefault(f"row.{named}", e.message)  # the summary names it: said once
        else:
            out.setdefault("list", e.message)
    return out


CHANGED_MEANWHILE = (
    "Changed meanwhile by a colleague (or in another tab): the row now shows the list as it stands. "
    "Check it, and save again."
)


@router.post("/nominations/{cycle_id}/{country}")
async def save_list(request: Request, cycle_id: str, country: str):
    """The marks of the shown rows applied to the whole list: a draft saved (then on to the
    confirmation), or, once the list is published (it changes only by publishing again), the
    confirmation of the changed list."""
    s = require_role(request, *SETTERS)
    country = country.upper()
    form = await checked_form(request)
    shown = form.get("shown[]") or []
    shown = [shown] if isinstance(shown, str) else list(shown)
    marks, problems = marks_from_form(form, shown)
    posted = {
        a: {"state": mk.state, "rank": str(form.get(f"rank.{a}") or ""), "reason": mk.reason} for a, mk in marks.items()
    }
    if problems:
        errors = {f"row.{k.split('.', 1)[1]}": v for k, v in problems.items()}
        for key in problems:  # the field the row's problem is about: its rank or its reason
            field, app = key.split(".", 1)
            posted.setdefault(app, {})["bad"] = field
        return await _pool_page(request, cycle_id, country, errors=errors, values=posted, status_code=422)
    summary, everyone = await asyncio.gather(
        services_of(request).matching.get(f"/cycles/{cycle_id}/nominations/{country}", s.token),
        _all_candidates(request, cycle_id, country),
    )
    was = {a: str(form[f"was.{a}"]) for a in shown if form.get(f"was.{a}") is not None}
    marks, meanwhile = own_changes(marks, was, marks_of(everyone))
    if meanwhile:  # changed here and elsewhere: said on the row, which shows the list as it is now
        errors = {f"row.{a}": CHANGED_MEANWHILE for a in meanwhile}
        values = {a: v for a, v in posted.items() if a not in meanwhile}
        return await _pool_page(request, cycle_id, country, errors=errors, values=values, status_code=409)
    twice = duplicate_ranks(marks, everyone)  # against the ranks of the pool's other pages too
    if twice:
        errors = {f"row.{k.split('.', 1)[1]}": v for k, v in twice.items()}
        return await _pool_page(request, cycle_id, country, errors=errors, values=posted, status_code=422)
    lists = nomination_list(everyone, marks)
    placed = placed_taken_off(everyone, lists["nominees"])
    if placed:  # said now, on the row, not after the confirmation
        errors = {f"row.{a}": message_for("nomination.placed", "holds a place") for a in placed}
        for app in placed:  # the decision is what is wrong, not the rank
            posted.setdefault(app, {})["bad"] = "state"
        return await _pool_page(request, cycle_id, country, errors=errors, values=posted, status_code=409)
    allocation = summary.get("allocation")
    if allocation is not None and len(lists["nominees"]) > allocation:  # the service says the same
        over = message_for("nomination.over_allocation", "over the allocation", {"allocation": allocation})
        return await _pool_page(request, cycle_id, country, errors={"list": over}, values=posted, status_code=422)
    if summary.get("status") == "published":
        return await _confirm_page(request, cycle_id, country, summary, everyone, lists)
    _answer, exc = await change_in_matching(
        request, "PUT", f"/cycles/{cycle_id}/nominations/{country}", json=lists | {"publish": False}
    )
    if exc is not None:
        status = exc.status if exc.status < 500 else 422
        return await _pool_page(
            request, cycle_id, country, errors=_refusal_errors(exc, lists), values=posted, status_code=status
        )
    if form.get("action") == "publish":
        return redirect(f"/nominations/{cycle_id}/{country}/publish")
    session_of(request).flash("The draft was saved.", "success")
    return redirect(f"/nominations/{cycle_id}/{country}?{request.url.query}")


async def _confirm_page(
    request: Request, cycle_id: str, country: str, summary: dict, everyone: list[dict], lists: dict[str, Any]
):
    """The list about to be published, names in order; the form carries the lists themselves."""
    cycle = await services_of(request).matching.get(f"/cycles/{cycle_id}")
    by_id = {c["application_id"]: c for c in everyone}
    changes, passed_over = list_changes(everyone, lists) if summary.get("status") == "published" else ([], [])
    return render(
        request,
        "award/publish.html",
        title="Publish the nomination list?",
        summary=summary,
        cycle=cycle,
        country=country,
        nominees=[by_id[a] for a in lists["nominees"] if a in by_id],
        reserve=[by_id[a] for a in lists["reserve"] if a in by_id],
        lists=json.dumps(lists, separators=(",", ":")),
        changes=changes,
        # each with its place after publishing (the table above says the same)
        passed_over=[(by_id[a], lists["reserve"].index(a) + 1) for a in passed_over],
    )


@router.get("/nominations/{cycle_id}/{country}/publish")
async def confirm_publish(request: Request, cycle_id: str, country: str):
    """The confirmation of the list as saved (a draft)."""
    s = require_role(request, *SETTERS)
    country = country.upper()
    summary, everyone, cycle = await asyncio.gather(
        services_of(request).matching.get(f"/cycles/{cycle_id}/nominations/{country}", s.token),
        _all_candidates(request, cycle_id, country),
        services_of(request).matching.get(f"/cycles/{cycle_id}"),
    )
    await _require_taken(request, cycle, country)
    return await _confirm_page(request, cycle_id, country, summary, everyone, nomination_list(everyone, {}))


def lists_of(text: Any) -> dict[str, Any] | None:
    """The lists the confirmation page carried, if they are lists of ids (else None)."""
    try:
        data = json.loads(str(text or ""))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    nominees, reserve, left = data.get("nominees"), data.get("reserve"), data.get("not_nominated")
    ids_ok = all(isinstance(x, list) and all(isinstance(i, str) for i in x) for x in (nominees, reserve))
    left_ok = isinstance(left, list) and all(
        isinstance(i, dict) and isinstance(i.get("application_id"), str) and isinstance(i.get("reason") or "", str)
        for i in left
    )
    if not (ids_ok and left_ok):
        return None
    return {
        "nominees": nominees,
        "reserve": reserve,
        "not_nominated": [{"application_id": i["application_id"], "reason": i.get("reason") or ""} for i in left],
    }


@router.post("/nominations/{cycle_id}/{country}/publish")
async def publish(request: Request, cycle_id: str, country: str):
    """Publish the list the confirmation page showed (as saved, or as changed on a published list)."""
    require_role(request, *SETTERS)
    country = country.upper()
    form = await checked_form(request)
    lists = lists_of(form.get("lists")) or nomination_list(await _all_candidates(request, cycle_id, country), {})
    body = lists | {"publish": True}
    if (version := whole_number(form.get("version"))) is not None:
        body["version"] = version
    _answer, exc = await change_in_matching(
        request, "PUT", f"/cycles/{cycle_id}/nominations/{country}", json=body, headers=once_header(form)
    )
    if exc is not None:
        return await _pool_page(
            request,
            cycle_id,
            country,
            errors=_refusal_errors(exc, body),
            status_code=exc.status if exc.status < 500 else 422,
        )
    session_of(request).flash("The nomination list was published.", "success")
    return redirect(f"/nominations/{cycle_id}/{country}")


@router.post("/nominations/{cycle_id}/{country}/edit")
async def keep_editing(request: Request, cycle_id: str, country: str):
    """Back from the confirmation to the pool with the marks it showed: a published list's
    changes are saved only by publishing, and a link back lost them all."""
    require_role(request, *SETTERS)
    form = await checked_form(request)
    lists = lists_of(form.get("lists"))
    if lists is None:
        return redirect(f"/nominations/{cycle_id}/{country.upper()}")
    return await _pool_page(request, cycle_id, country.upper(), values=marks_of_lists(lists))


@router.post("/nominations/{cycle_id}/{country}/withdraw")
async def withdraw(request: Request, cycle_id: str, country: str):
    require_role(request, *SETTERS)
    country = country.upper()
    form = await checked_form(request)
    application_id = (form.get("application_id") or "").strip()
    reason = (form.get("reason") or "").strip()[:REASON_MAX]
    errors = {}
    if not application_id:
        errors["withdraw_application"] = "Choose a nominee."
    if not reason:
        errors["withdraw_reason"] = "Enter a reason."
    if form.get("confirm") != "yes":  # required in the browser too: a withdrawal cannot be undone
        errors["withdraw_confirm"] = "Tick the box to confirm: a withdrawal cannot be undone."
    if not errors:
        before, _ = await change_in_matching(request, "GET", f"/cycles/{cycle_id}/nominations/{country}")
        answer, exc = await change_in_matching(
            request,
            "POST",
            f"/cycles/{cycle_id}/nominations/{country}/withdraw",
            json={"application_id": application_id, "reason": reason},
        )
        if exc is None:
            # a nominee's place goes to the first on the reserve list: a nominee withdrawn with
            # the reserve list empty leaves the place open (the nominated count drops)
            if before is None or "nominated" not in before:
                said = "The nominee was withdrawn."
            elif answer.get("nominated", 0) < before["nominated"]:
                said = "The nominee was withdrawn. The reserve list is empty, so the place stays open: add a nominee and publish the list to fill it."
            else:
                said = "The nominee was withdrawn; the first on the reserve list moved up."
            session_of(request).flash(said, "success")
            return redirect(f"/nominations/{cycle_id}/{country}")
        errors["withdraw_reason" if exc.errors and exc.errors[0].field == "reason" else "withdraw_application"] = (
            exc.message
        )
    typed = {"application_id": application_id, "reason": reason}
    return await _pool_page(request, cycle_id, country, errors=errors, withdraw_values=typed, status_code=422)


# --- the host institution -----------------------------------------------------------------------


def _admission_view(params: Any) -> dict[str, Any]:
    """The admissions page's tab, cycle and programme filters and page, from an address's query."""
    return {
        "status": params.get("status") if params.get("status") in ADMISSION_TABS else "with_host",
        "cycle_id": (params.get("cycle_id") or "").strip()[:64],
        "programme_id": (params.get("programme_id") or "").strip()[:64],
        "institution_id": (params.get("institution_id") or "").strip()[:64],
        "offset": whole_number(params.get("offset")) or 0,
    }


def _admission_filters(view: dict[str, Any]) -> dict[str, Any]:
    """The service's filters of a view (its tab apart)."""
    return {k: view[k] for k in ("cycle_id", "programme_id", "institution_id") if view.get(k)}


async def _programmes_to_filter(request: Request, cycle_id: str) -> list[dict]:
    """The programmes a host may filter its admissions by: its institutions' (in the cycle
    chosen, if one is); staff's, the chosen cycle's (none before a cycle is chosen)."""
    s, m = session_of(request), services_of(request).matching
    in_cycle = {"cycle_id": cycle_id} if cycle_id else {}
    if s.role == "partner" or hosts_only_officer(s):
        hosts = claims_of(s.token or "").get("institutions") or []
        pages = await asyncio.gather(
            *(m.get_all("/programmes", params={"host_institution_id": h, **in_cycle}) for h in hosts)
        )
        programmes = [p for page in pages for p in page]
    elif cycle_id:
        programmes = await m.get_all("/programmes", params=in_cycle)
    else:
        return []
    return sorted(programmes, key=lambda p: (str(p.get("title") or ""), p["id"]))


async def _other_tab_counts(request: Request, view: dict[str, Any]) -> dict[str, int]:
    """How many admissions each tab but the view's holds under its filters (the view's own list
    gives its total)."""
    s, m = session_of(request), services_of(request).matching
    filters = _admission_filters(view)
    others = [t for t in ADMISSION_TABS if t != view["status"]]
    pages = await asyncio.gather(
        *(m.get("/admissions", s.token, params={**filters, "status": t, "limit": 1}) for t in others)
    )
    return {t: int(page.get("total") or 0) for t, page in zip(others, pages, strict=True)}


def _nominating(schemes: list[dict]) -> set[str]:
    """The schemes with a nomination stage: only there is the applicant a nominee."""
    return {x["id"] for x in schemes if Stage.NOMINATION in (x.get("path") or [])}


async def _admissions_page(
    request: Request,
    view: dict[str, Any],
    *,
    refused: dict[str, Any] | None = None,
    status_code: int = 200,
):
    """``refused``: the card whose decision was refused (``match_id``), its error and the note
    typed, shown again beside that card's fields."""
    s = require_role(request, *HOSTS)
    m = services_of(request).matching
    params = {k: v for k, v in view.items() if v not in ("", None)} | {"limit": PAGE}
    items, cycles, institutions, schemes, counts, programmes = await asyncio.gather(
        m.get("/admissions", s.token, params=params),
        m.get("/cycles", params={"limit": ALL}),
        m.get("/institutions", params={"limit": ALL}),
        m.get("/schemes", params={"limit": ALL}),
        _other_tab_counts(request, view),
        _programmes_to_filter(request, view["cycle_id"]),
    )
    if view["programme_id"] and view["programme_id"] not in {p["id"] for p in programmes}:
        # a programme of another cycle than the one chosen since (its filter hid every card)
        return redirect("/host/admissions?" + _query(view, programme_id=None, offset=None))
    # a host of several institutions (one office for four universities) picks one of them
    hosts = sorted({p["host_institution_id"] for p in programmes if p.get("host_institution_id")})
    last = past_the_end(view["offset"], items["total"], PAGE) if refused is None else None
    if last is not None:  # an edited address, or a tab emptied by decisions: the last page
        return redirect("/host/admissions?" + _query(view, offset=last))
    nominating = _nominating(schemes["items"])
    nominating_cycles = {c["id"] for c in cycles["items"] if c.get("scheme_id") in nominating}
    offered, consents = await asyncio.gather(
        cycles_to_filter(request, cycles["items"]),
        consents_of(request, [it["application_id"] for it in items["items"] if it["status"] in WITH_THE_HOST]),
    )
    shown = {view["cycle_id"]} if view["cycle_id"] else {it["cycle_id"] for it in items["items"]}
    return render(
        request,
        "award/admissions.html",
        status_code=status_code,
        title="Admissions",
        items=items,
        view=view,
        tabs=ADMISSION_TABS,
        counts={**counts, view["status"]: items["total"]},
        programmes=[
            p
            for p in programmes
            if not view["institution_id"] or p.get("host_institution_id") == view["institution_id"]
        ],
        hosts=hosts if len(hosts) > 1 else [],
        link=lambda **change: "/host/admissions?" + _query(view, **change),
        export_query=_query(view, offset=None),
        cycles=offered,
        cycle_names={c["id"]: c["name"] for c in cycles["items"]},
        institution_names={i["id"]: i["name"] for i in institutions["items"]},
        reasons=ADMISSION_REASONS,
        page_size=PAGE,
        # "nominee" only when every admission shown is of a scheme with a nomination stage
        nominees=bool(shown) and shown <= nominating_cycles,
        # a rejection there ends the nomination, and with it the applicant's other choices
        nominating_cycles=nominating_cycles,
        refused=refused or {},
        # what each applicant lets the host read: a card says it, so that documents hidden for
        # want of consent are not taken for missing ones (a host rejected for "incomplete documents")
        sharing={a: sharing(c) for a, c in consents.items()},
        reads_in={a: c.get("messages_language") for a, c in consents.items()},
        names={a: c["name"] for a, c in consents.items() if c.get("name")},
        # the passport's Latin letters beside a name typed in another script (an Urdu name read in Urumqi)
        passport_names={a: c["passport_name"] for a, c in consents.items() if c.get("passport_name")},
    )


@router.get("/host/admissions")
async def admissions(request: Request):
    return await _admissions_page(request, _admission_view(request.query_params))


ADMISSION_EXPORT_HEADINGS = (
    "Application",
    "Programme",
    "Host institution",
    "Cycle",
    "Sending country",
    "Grade",
    "Status",
    "Decide by",
    "Last decision",
    "Reason",
    "Note to the applicant",
    "Decided on (UTC)",
)


def _admission_rows(lang: str, items: list[dict], institutions: dict[str, str], cycles: dict[str, str]) -> list[list]:
    """The admissions as cells in the reader's words (a host's own word for an approved match:
    admitted), the newest decision's reason and note."""
    rows = []
    for it in items:
        last = (it.get("decisions") or [None])[-1]
        status = "admission:admitted" if it["status"] == "approved" else f"status:{it['status']}"
        rows.append(
            [
                it["application_id"],
                it["programme_title"],
                institutions.get(it["host_institution_id"], it["host_institution_id"]),
                cycles.get(it["cycle_id"], it["cycle_id"]),
                country_name(lang, it["sending_country"]),
                it.get("grade"),
                translate(lang, status),
                it.get("decide_by") or "",
                translate(lang, f"admission:{last['decision']}") if last else "",
                translate(lang, f"admission_reason:{last['reason_code']}") if last and last.get("reason_code") else "",
                (last.get("note") or "") if last else "",
                str(last["decided_at"])[:16].replace("T", " ") if last else "",
            ]
        )
    return rows


async def _admissions_export(request: Request, excel: bool) -> Response:
    """Every admission of the tab under its filters (all pages), as CSV or an Excel workbook."""
    s = require_role(request, *HOSTS)
    lang = language_of(request)
    view = _admission_view(request.query_params)
    m = services_of(request).matching
    params = {**_admission_filters(view), "status": view["status"]}
    items, cycles, institutions = await asyncio.gather(
        m.get_all("/admissions", s.token, params=params),
        m.get("/cycles", params={"limit": ALL}),
        m.get("/institutions", params={"limit": ALL}),
    )
    cells = _admission_rows(
        lang,
        items[:EXPORT_LIMIT],
        {i["id"]: i["name"] for i in institutions["items"]},
        {c["id"]: c["name"] for c in cycles["items"]},
    )
    name = f"admissions-{view['status']}"
    return spreadsheet(lang, ADMISSION_EXPORT_HEADINGS, cells, title="Admissions", name=name, excel=excel)


@router.get("/host/admissions.csv")
async def admissions_csv(request: Request):
    return await _admissions_export(request, excel=False)


@router.get("/host/admissions.xlsx")
async def admissions_xlsx(request: Request):
    return await _admissions_export(request, excel=True)


@router.get("/host/admissions/{match_id}")
async def admission_form_address(match_id: str):
    """A decision's form address opened again (a language switch after a refusal)."""
    return redirect("/host/admissions")


async def _is_nominee(request: Request, cycle_id: str) -> bool:
    """Whether the cycle's scheme has a nomination stage (False when that cannot be read)."""
    m = services_of(request).matching
    try:
        cycle = await m.get(f"/cycles/{cycle_id}")
        scheme = await m.get(f"/schemes/{cycle.get('scheme_id', '')}")
    except (ServiceError, ServiceUnavailable):
        return False
    return Stage.NOMINATION in (scheme.get("path") or [])


@router.post("/host/admissions/{match_id}")
async def decide(request: Request, match_id: str):
    require_role(request, *HOSTS)
    form = await checked_form(request)
    back = safe_back(form.get("back"))
    decision = form.get("decision")
    reason_code = form.get("reason_code") or None
    note = (form.get("note") or "").strip()[:REASON_MAX] or None
    s = session_of(request)
    if decision not in ("admitted", "rejected"):
        s.flash("Choose one of the offered values.", "error")
        return redirect(back)
    said = None
    unconfirmed = form.get("revoke") == "yes" and form.get("confirm") != "yes"
    if decision == "rejected" and reason_code not in ADMISSION_REASONS:
        said = "Choose a reason."
    elif decision == "rejected" and reason_code == "other" and not note:  # "other" alone tells nothing
        said = BY_CODE["admission.note_required"]
    if said is not None or unconfirmed:
        # beside that card's reason, with the note as typed (a flash at the top named no card)
        refused = {"match_id": match_id, "reason_code": said, "note": note or "", "chosen": reason_code}
        if unconfirmed:  # withdrawing an admission withdraws its offer: confirmed first
            refused["confirm"] = "Tick the box to confirm that the offer is withdrawn."
        view = _admission_view(dict(parse_qsl(urlsplit(back).query)))
        return await _admissions_page(request, view, refused=refused, status_code=422)
    body = {"decision": decision, "reason_code": reason_code if decision == "rejected" else None, "note": note}
    if (seen := whole_number(form.get("version"))) is not None:
        body["version"] = seen  # the version the card showed: a decision made since is not overturned
    answer, exc = await change_in_matching(request, "POST", f"/matches/{match_id}/admission", json=body)
    moved = _decided_meanwhile(exc) if exc is not None else None
    if moved is not None:
        # decided meanwhile: said at the top of the tab the card is on now, the page at its card
        said, status = moved
        s.flash(said, "error")
        view = _admission_view(dict(parse_qsl(urlsplit(back).query)))
        return redirect("/host/admissions?" + _query(view, status=status, offset=None) + f"#match-{match_id}")
    if exc is not None:
        # beside that card, with its reason and note as chosen and typed (a redirect lost them)
        said = _admission_refusal(exc)
        refused = {"match_id": match_id, "reason_code": said, "note": note or "", "chosen": reason_code}
        view = _admission_view(dict(parse_qsl(urlsplit(back).query)))
        return await _admissions_page(request, view, refused=refused, status_code=exc.status)
    if decision == "admitted":
        cycle_id = answer.get("cycle_id") if isinstance(answer, dict) else None
        if cycle_id and await _is_nominee(request, cycle_id):
            s.flash("The nominee was admitted; the offer goes to the applicant.", "success")
        else:
            s.flash("The applicant was admitted; the offer goes to them.", "success")
    else:
        s.flash("Recorded as not admitted; the seat is freed.", "success")
    return redirect(back)


# A decision made already (an older tab, a colleague): what it was, not only "not awaiting".
DECIDED_ALREADY = {
    "approved": "This applicant was already admitted: the offer has gone to them.",
    "host_rejected": "This applicant was already not admitted.",
    # the applicant withdrew meanwhile: the host's inbox says so too
    "withdrawn": "The applicant withdrew the application: there is nothing to decide.",
}
# ... or made since the card was shown (its version), which this one would have overturned
CHANGED_SINCE = {
    "approved": "Meanwhile this applicant was admitted (in another tab or by a colleague): the offer has gone to them. "
    "Nothing was changed; read the card again before you change it.",
    "host_rejected": "Meanwhile this applicant was recorded as not admitted (in another tab, by a colleague or by the "
    "deadline). Nothing was changed.",
}


def _refusal_of(exc: ServiceError) -> tuple[str, str]:
    """The first error's code and the match's status it names ("" for none)."""
    first = exc.errors[0] if exc.errors else None
    return (first.code, str(first.context.get("status") or "")) if first is not None else ("", "")


def _decided_meanwhile(exc: ServiceError) -> tuple[str, str] | None:
    """A refusal because the card's decision changed since it was shown: what to say, and the
    tab the card is on now (None: another refusal, said beside the card)."""
    code, status = _refusal_of(exc)
    if code != "admission.changed" or status not in ADMISSION_TABS:
        return None
    return _admission_refusal(exc), status


def _admission_refusal(exc: ServiceError) -> Any:
    code, status = _refusal_of(exc)
    if code == "admission.not_awaiting" and status in DECIDED_ALREADY:
        return DECIDED_ALREADY[status]
    if code == "admission.changed":
        return CHANGED_SINCE.get(
            status, "This decision changed since you opened the page. Nothing was changed; read the card again."
        )
    return exc.message


def safe_back(target: Any) -> str:
    """Back to the admissions page the form was on (its tab and filter), never elsewhere."""
    text = str(target or "")
    return text if text.startswith("/host/admissions") and "//" not in text and "\\" not in text else "/host/admissions"


# --- the host reads an applicant's identity and documents, with their consent -----------------

NO_CONSENT = ("host.no_consent_identity", "host.no_consent_documents")
AWAY = "This application is not with your institution now."  # host.not_with_you (domain/problems.py)


async def _host_read(request: Request, path: str) -> tuple[Any, str | None]:
    """The applications service's answer, or the sentence the page says instead: the applicant
    did not consent (403), or the application is not with the caller's institution (404)."""
    try:
        return await services_of(request).applications.get(path, session_of(request).token), None
    except ServiceError as exc:
        if exc.status == 401:
            raise
        if exc.code in NO_CONSENT:
            return None, str(exc.message)
        if exc.status in (403, 404):
            return None, AWAY
        return None, str(exc.message)


async def _with_host(request: Request, application_id: str) -> tuple[str | None, str | None]:
    """The application's status as the host's list of its applications gives it, and the
    language its applicant reads messages in; None when it is not on that list or the list
    cannot be read (the page then says nothing of papers)."""
    try:
        page = await services_of(request).applications.get(
            "/host/applications", session_of(request).token, params={"application_id": application_id, "limit": 1}
        )
        item = page["items"][0] if page["items"] else {}
        return (str(item["status"]) if item else None), item.get("messages_language")
    except (ServiceError, ServiceUnavailable, KeyError, TypeError, IndexError):
        return None, None


async def _identity_page(
    request: Request,
    application_id: str,
    *,
    status_code: int = 200,
    paper_errors: dict[str, Any] | None = None,
    paper_values: dict[str, str] | None = None,
):
    """``paper_errors``: a refused paper, by the form's field (``paper``: the form as a whole),
    with ``paper_values`` as chosen and typed."""
    require_role(request, "partner")
    base = f"/host/applications/{application_id}"
    (
        (identity, identity_refused),
        (documents, documents_refused),
        (letters, _),
        (status, reads_in),
    ) = await asyncio.gather(
        _host_read(request, f"{base}/identity"),
        _host_read(request, f"{base}/documents"),
        _host_read(request, f"{base}/letters"),  # shared with the documents' consent: refused alike
        _with_host(request, application_id),
    )
    papers = None
    if status == ApplicationStatus.ACCEPTED:  # papers go with the accepted place, not with consent
        papers, _ = await _host_read(request, f"{base}/papers")
    away = identity_refused == AWAY and documents_refused == AWAY
    names: dict[str, str] = {}
    homes: dict[str, str] = {}  # by id, name or translation: the applicant's home institution
    if identity:
        lang = language_of(request)
        try:
            institutions = await services_of(request).matching.get(
                "/institutions", params={"limit": ALL}, as_stored=True
            )
            names = {i["id"]: in_language(i["name"], i.get("translations"), lang) for i in institutions["items"]}
            homes = names_in_language(institutions["items"], lang)
        except (ServiceError, ServiceUnavailable, KeyError, TypeError):
            pass  # the id stands in for the name
    home = str((identity or {}).get("home_institution") or "").strip()
    return render(
        request,
        "award/applicant.html",
        status_code=404 if away else status_code,
        title="The applicant's identity and documents",
        application_id=application_id,
        identity=identity,
        identity_refused=identity_refused,
        documents=documents or [],
        documents_refused=documents_refused,
        letters=letters or [],
        away=away,
        institution_names=names,
        # the profile's home institution (typed, most often in English) in the reader's language
        home_institution=homes.get(home) or homes.get(home.casefold()) or home,
        # admission papers (no status: not on the host's list or not read; the section is left out)
        paper_status=status,
        papers=papers or [],
        paper_kinds=PAPER_KINDS,
        paper_errors=paper_errors or {},
        paper_values=paper_values or {},
        paper_note_max=PAPER_NOTE_MAX,
        reads_in=reads_in,  # the paper's note reaches the applicant as written
        max_document_mb=MAX_DOCUMENT_BYTES // (1024 * 1024),
    )


@router.get("/host/applications/{application_id}")
async def applicant_identity(request: Request, application_id: str):
    """An applicant's identity and documents for the host's admissions staff (each read recorded)."""
    if request.query_params.get("refused") == "too_large":  # a paper the body limit refused (app/middleware.py)
        return await _identity_page(request, application_id, paper_errors={"file": file_too_large()})
    return await _identity_page(request, application_id)


async def _host_file(request: Request, application_id: str, path: str):
    """A file of the applications service's ``path`` passed through to a host's staff member;
    a refusal is the applicant's page again, saying it."""
    s = require_role(request, "partner")
    answer = await passed_through(services_of(request).applications, path, s.token)
    if isinstance(answer, int):
        return await _identity_page(request, application_id, status_code=404 if answer == 404 else 403)
    return answer


@router.get("/host/applications/{application_id}/documents/{document_id}/file")
async def host_download(request: Request, application_id: str, document_id: str):
    """The stored file, passed through (the service checks consent and scope and records the read)."""
    return await _host_file(request, application_id, f"/host/applications/{application_id}/documents/{document_id}")


@router.get("/host/applications/{application_id}/letters/{request_id}/file")
async def host_letter(request: Request, application_id: str, request_id: str):
    """A referee's letter, PDF or text, passed through (the service checks consent and scope
    and records the read); a letter written in the form is read as a page naming its referee,
    as officers read it (the bare text file had reached the host with no name around it)."""
    answer = await _host_file(request, application_id, f"/host/applications/{application_id}/letters/{request_id}")
    written = isinstance(answer, Response) and answer.media_type and answer.media_type.startswith("text/plain")
    if not written or request.query_params.get("download"):
        return answer
    letters, _ = await _host_read(request, f"/host/applications/{application_id}/letters")
    referee: dict[str, Any] = next((x for x in letters or [] if x.get("id") == request_id), {})
    return render(
        request,
        "referees/letter_text.html",
        title="Recommendation letter",
        host=True,
        application_id=application_id,
        applicant_name="",
        referee={**referee, "answered_at": referee.get("received_at")},
        request_id=request_id,
        text=bytes(answer.body).decode("utf-8", errors="replace"),
    )


# --- the host issues admission papers to an applicant who accepted the place --------------------

PAPER_FIELDS = ("kind", "file", "note")


def _paper_refusal(exc: ServiceError) -> dict[str, Any]:
    """The service's refusal of a paper by the form's fields (anything else on the form as a
    whole): a file too large in the applicant's upload's words (its ``limit`` is not the
    ``max_bytes`` that sentence takes)."""
    if exc.status == 413 or exc.code == "document.too_large":
        return {"file": file_too_large()}
    errors: dict[str, Any] = {}
    for e in exc.errors:
        errors.setdefault(e.field if e.field in PAPER_FIELDS else "paper", e.message)
    return errors


@router.post("/host/applications/{application_id}/papers")
async def issue_paper(request: Request, application_id: str):
    s = require_role(request, "partner")
    form = await checked_form(request)
    upload = form.get("file")
    kind = str(form.get("kind") or "")
    note = str(form.get("note") or "").strip()
    errors: dict[str, Any] = {}
    if kind not in PAPER_KINDS:
        errors["kind"] = "Choose what the paper is."
    if upload is None or isinstance(upload, str) or not upload.filename:
        errors["file"] = "Choose a file (PDF, PNG or JPEG)."
    elif size_of(upload.file) > MAX_DOCUMENT_BYTES:
        errors["file"] = file_too_large()
    if len(note) > PAPER_NOTE_MAX:  # said, not cut off unseen
        errors["note"] = message_for("string_too_long", "too long", {"max_length": PAPER_NOTE_MAX})
    values = {"kind": kind, "note": note}  # shown again after a refusal (the file must be chosen again)
    if errors:
        return await _identity_page(request, application_id, paper_errors=errors, paper_values=values, status_code=422)
    # streamed on to the service as the form parser spooled it (bounded by the BodyLimit middleware)
    upload.file.seek(0)
    try:
        await services_of(request).applications.post(
            f"/host/applications/{application_id}/papers",
            s.token,
            data={"kind": kind, **({"note": note} if note else {})},
            files={"file": (upload.filename, upload.file, upload.content_type or "application/octet-stream")},
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        return await _identity_page(
            request,
            application_id,
            paper_errors=_paper_refusal(exc),
            paper_values=values,
            status_code=exc.status if exc.status < 500 else 422,
        )
    s.flash("Issued: the applicant is told by e-mail and in the portal.", "success")
    return redirect(f"/host/applications/{application_id}#papers")


@router.get("/host/applications/{application_id}/papers")
async def paper_form_address(application_id: str):
    """The paper form's address opened again (a language switch after a refusal)."""
    return redirect(f"/host/applications/{application_id}#papers")


@router.get("/host/applications/{application_id}/papers/{paper_id}/file")
async def host_paper(request: Request, application_id: str, paper_id: str):
    """A paper the host issued, passed through (the service checks scope)."""
    return await _host_file(request, application_id, f"/host/applications/{application_id}/papers/{paper_id}")
