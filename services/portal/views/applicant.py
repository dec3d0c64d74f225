"""Applicant pages: programmes, the application builder, status and offer, the inbox."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.clients import (
    ServiceError,
    ServiceUnavailable,
    header_safe,
    passed_through,
    schemes_and_institutions,
    services_of,
)
from services.portal.domain.award import history_names, stage_deadlines, whereabouts
from services.portal.domain.endorsement import endorsement_of, has_endorsement
from services.portal.domain.fields import field_matches
from services.portal.domain.forms import (
    CERTIFICATES,
    COUNTRIES,
    DOCUMENT_KINDS,
    MAX_DOCUMENT_BYTES,
    MAX_STATEMENT,
    details_from_form,
    file_too_large,
    move,
    new_password_problems,
    past_the_end,
    profile_problems,
    service_field_to_form,
    typed_date,
    whole_number,
)
from services.portal.domain.outcome import latest_outcome
from services.portal.domain.passport_name import passport_name_wanted
from services.portal.domain.statuses import EDITABLE, FINAL, NO_INTERVIEW, Status
from services.portal.i18n import LANGUAGES, country_name
from services.portal.quota_words import field_name
from services.portal.views.auth import country_options, recheck_address
from services.portal.views.common import messages_language_if_other
from services.portal.views.documents import (
    ATTESTATIONS,
    TRANSLATIONS,
    checklist_of,
    current_versions,
    properties_of,
    size_of,
)
from services.portal.views.messages import MAX_BODY, thread_of
from services.portal.web import checked_form, language_of, redirect, render, require_role, session_of, unconfirmed_from
from shared.eligibility import age_on
from shared.events.catalog import WITHDRAWABLE, DocumentKind
from shared.intake import intake_of, same_intake

router = APIRouter()
PAGE = 20
FILTERS = ("cycle", "host_country", "field", "level", "language", "applicant_type", "open")
LEVELS = ("vocational", "bachelor", "master", "doctoral", "non-degree", "faculty-visit")


# --- programmes ------------------------------------------------------------------------------


async def _programmes_page(
    request: Request,
    filters: dict[str, str],
    offset: int,
    card_errors: dict | None = None,
    status_code: int = 200,
    refused_by: dict | None = None,
):
    svc = services_of(request)
    lang = language_of(request)
    query = {k: v for k, v in filters.items() if v}
    errors: dict[str, str] = {}
    programmes = {"items": [], "total": 0}
    cycles_task = svc.applications.get("/cycles", params={"limit": 100})
    applicant_type, applicant_country = await _applicant(request)
    # what the applicant can apply to now first: programmes of cycles closed to their country
    # had come first by id; or those alone ("open": a Pakistani applicant had a quarter of the
    # list "not open to applicants from Pakistan")
    asked = {k: v for k, v in query.items() if k != "open"}
    if applicant_country and query.get("open") == "1":
        order = {"open_to": applicant_country}
    else:
        order = {"first_open_to": applicant_country} if applicant_country else {}
    only_open = "open_to" in order
    try:
        cycles, programmes = await asyncio.gather(
            cycles_task, _programmes_of(request, asked, 0 if only_open else offset, order, whole=only_open)
        )
    except ServiceError as exc:  # a bad filter value: say which
        errors = exc.by_field()
        cycles = await svc.applications.get("/cycles", params={"limit": 100})
    cycle_names = {c["id"]: c for c in cycles["items"]}
    too_old = await _over_age(request, programmes["items"], cycle_names) if applicant_type else {}
    if only_open:  # nor those whose age limit the applicant is over (a 43-year-old had five of seven)
        fitting = [p for p in programmes["items"] if p["id"] not in too_old]
        programmes, too_old = {"items": fitting[offset : offset + PAGE], "total": len(fitting)}, {}
    back = urlencode({**query, "offset": offset})
    countries = sorted(((code, country_name(lang, code)) for code, _name in COUNTRIES), key=lambda o: o[1])
    chosen, settled = await _chosen(request) if applicant_type else ({}, {})
    return render(
        request,
        "programmes.html",
        status_code=status_code,
        title="Programmes",
        programmes=programmes,
        cycles=cycles["items"],
        cycle_names=cycle_names,
        filters=filters,
        errors=errors,
        countries=countries,
        levels=LEVELS,
        applicant_type=applicant_type,
        applicant_country=applicant_country,  # a cycle may be open to some countries only
        too_old=too_old,
        my_choices=chosen,  # programme id -> the application it is a choice of: no "Add" again
        settled=settled,  # cycle id -> the application there that takes no more choices
        offset=offset,
        page=PAGE,
        back=back,
        card_errors=card_errors or {},
        refused_by=refused_by,  # the submitted application that refused an ineligible choice
        prev_q=urlencode({**query, "offset": max(0, offset - PAGE)}),
        next_q=urlencode({**query, "offset": offset + PAGE}),
    )


async def _programmes_of(
    request: Request, query: dict[str, str], offset: int, order: dict[str, str], *, whole: bool = False
) -> dict:
    """A page of the programmes the filters find (``whole``: every one, for the caller to
    narrow and page). The service knows a field only by its exact key: a field typed as words
    (any case, part of it, in the reader's language or English) is matched here, over every
    programme the other filters find."""
    apps = services_of(request).applications
    typed = query.get("field", "")
    if whole and not typed:
        found = await apps.get_all("/programmes", params={**query, **order})
        return {"items": found, "total": len(found)}
    if not typed:
        return await apps.get("/programmes", params={**query, **order, "offset": offset, "limit": PAGE})
    others = {k: v for k, v in query.items() if k != "field"}
    found = await apps.get_all("/programmes", params={**others, **order})
    # the field as any of the portal's languages words it: a word typed in Russian on an English page finds it too
    names = functools.cache(lambda slug: tuple(field_name(language, slug) for language in LANGUAGES))
    chosen = [p for p in found if field_matches(typed, p.get("field"), names(p.get("field")))]
    return {"items": chosen if whole else chosen[offset : offset + PAGE], "total": len(chosen)}


async def _over_age(request: Request, programmes: list[dict], cycles: dict[str, dict]) -> dict[str, tuple[int, str]]:
    """The programmes of the page with an age limit the applicant is over on the cycle's start
    (as the checklist counts it: ``shared.eligibility``): programme id -> (age, that day). Only
    asked for the applicant's birth date when a programme of the page has a limit; adding one
    to an application said "too old" only on the application's page."""
    limited = [p for p in programmes if (p.get("requirements") or {}).get("max_age") is not None]
    if not limited:
        return {}
    s = session_of(request)
    try:
        born = date.fromisoformat((await services_of(request).applications.get("/me", s.token))["date_of_birth"])
    except (ServiceError, KeyError, TypeError, ValueError):
        return {}
    out = {}
    for p in limited:
        starts = (cycles.get(p.get("cycle_id")) or {}).get("starts_on")
        day = date.fromisoformat(starts) if starts else date.today()
        age = age_on(born, day)
        if age > p["requirements"]["max_age"]:
            out[p["id"]] = (age, day.isoformat())
    return out


async def _chosen(request: Request) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The programmes already chosen in the applicant's applications (withdrawn ones aside):
    programme id -> application id. Their cards offered "Add to my application" again. And the
    cycles whose application no longer takes choices (under review, offered...): cycle id ->
    the application; "Add" there was refused with no word of why. Empty when the service cannot
    say (the cards offer "Add", whose refusal says why)."""
    s = session_of(request)
    try:
        mine = await services_of(request).applications.get("/applications", s.token, params={"limit": 100})
        live = [a for a in mine["items"] if a["status"] != Status.WITHDRAWN]
    except (ServiceError, ServiceUnavailable, KeyError, TypeError):
        return {}, {}
    chosen = {pid: a["id"] for a in live for pid in a.get("choices") or []}
    return chosen, {a["cycle_id"]: a for a in live if a["status"] not in EDITABLE}


async def _applicant(request: Request) -> tuple[str | None, str | None]:
    """The logged-in applicant's type (student or faculty) and nationality, as the session
    keeps them since the log-in; (None, None) for anyone else."""
    s = session_of(request)
    if s.role != "applicant" or not s.logged_in:
        return None, None
    if not s.applicant_type or not s.nationality:  # a session from before the portal kept them
        try:
            me = await services_of(request).applications.get("/me", s.token)
        except ServiceError:
            return s.applicant_type, s.nationality
        s.applicant_type, s.nationality, s.changed = me.get("applicant_type"), me.get("nationality"), True
    return s.applicant_type, s.nationality


@router.get("/programmes")
async def programmes(request: Request):
    q = request.query_params
    filters = {k: (q.get(k) or "").strip() for k in FILTERS}
    if "applicant_type" not in q:  # an applicant first sees the programmes meant for them
        filters["applicant_type"] = (await _applicant(request))[0] or ""
    return await _programmes_page(request, filters, whole_number(q.get("offset")) or 0)


async def _my_application_in(request: Request, cycle_id: str) -> dict | None:
    s = session_of(request)
    mine = await services_of(request).applications.get(
        "/applications", s.token, params={"cycle_id": cycle_id, "limit": 100}
    )
    live = [a for a in mine["items"] if a["status"] != Status.WITHDRAWN]
    return live[0] if live else None


@router.post("/applications/choose")
async def choose_programme(request: Request):
    """Add a programme to the applicant's application in its cycle (a new draft if none)."""
    s = require_role(request, "applicant")
    form = await checked_form(request)
    pid, cycle_id = form.get("programme_id", ""), form.get("cycle_id", "")
    apps = services_of(request).applications
    current = None
    try:
        current = await _my_application_in(request, cycle_id)
        if current is None:
            created = await apps.post(
                "/applications", s.token, json={"cycle_id": cycle_id, "choices": [pid]}, idempotent=True
            )
            s.flash("A draft application was started with this programme as your first choice.", "success")
            return redirect(f"/applications/{created['id']}#choices")
        if pid in current["choices"]:
            s.flash("This programme is already one of your choices.", "info")
        else:
            await apps.patch(f"/applications/{current['id']}", s.token, json={"choices": [*current["choices"], pid]})
            s.flash("The programme was added to your choices.", "success")
        return redirect(f"/applications/{current['id']}#choices")
    except ServiceError as exc:
        if exc.status == 401:
            raise
        filters = {k: (form.get(f"f_{k}") or "").strip() for k in FILTERS}
        # the added programme's own reason (a refusal may name other choices too)
        reason = next((e.message for e in exc.errors if e.context.get("programme_id") == pid), exc.message)
        # a submitted application keeps only choices it meets now (a draft keeps any): said at the
        # top of the page, the card's reason was off-screen and the page looked unchanged
        ineligible = "application.not_eligible" in {exc.code, *(e.code for e in exc.errors)}
        return await _programmes_page(
            request,
            filters,
            whole_number(form.get("f_offset")) or 0,
            card_errors={pid: reason},
            status_code=exc.status if exc.status < 500 else 422,
            refused_by=current if ineligible and current is not None else None,
        )


@router.get("/applications/choose")
async def choose_address():
    """Reopening the address of the "Add" form (defined before /applications/{id})."""
    return redirect("/programmes")


# --- applications ------------------------------------------------------------------------------


@router.get("/applications")
async def my_applications(request: Request):
    s = require_role(request, "applicant")
    offset = whole_number(request.query_params.get("offset")) or 0
    svc = services_of(request)
    mine, cycles = await asyncio.gather(
        svc.applications.get("/applications", s.token, params={"offset": offset, "limit": PAGE}),
        svc.applications.get("/cycles", params={"limit": 100}),
    )
    last = past_the_end(offset, mine["total"], PAGE)
    if last is not None:
        return redirect(f"/applications?offset={last}" if last else "/applications")
    schemes, titles = await asyncio.gather(
        _endorsement_schemes(request, mine["items"]), _programme_titles(request, mine["items"])
    )
    return render(
        request,
        "applications.html",
        title="My applications",
        applications=mine,
        cycle_names={c["id"]: c["name"] for c in cycles["items"]},
        # each card names its choices and its reference: two withdrawn applications of one cycle
        # withdrawn at one time read as the same row twice
        titles=titles,
        # where each stands with its home institution (endorsement/_line.html)
        endorsements={a["id"]: endorsement_of(a, schemes.get(a.get("scheme_id", "")), {}) for a in mine["items"]},
        offset=offset,
        page=PAGE,
    )


async def _programme_titles(request: Request, applications: list[dict]) -> dict[str, str]:
    """The titles of the programmes the applications choose, by id (their cycles' catalogs read
    at once); empty when the catalog cannot say: the cards count the choices instead."""
    apps = services_of(request).applications
    cycles = sorted({a["cycle_id"] for a in applications if a.get("choices")})
    try:
        found = await asyncio.gather(
            *(apps.get("/programmes", params={"cycle": c, "limit": 100, "with_closed": "true"}) for c in cycles)
        )
        return {p["id"]: p["title"] for page in found for p in page["items"]}
    except (ServiceError, ServiceUnavailable, KeyError, TypeError):
        return {}


async def _endorsement_schemes(request: Request, applications: list[dict]) -> dict[str, dict]:
    """The schemes by id (their paths say whether a home institution endorses), read only when
    an application names a home institution (issue 14); empty when the catalog cannot say."""
    if not any(a.get("home_institution_id") or a.get("endorsement") for a in applications):
        return {}
    try:
        schemes = await services_of(request).matching.get("/schemes", params={"limit": 500})
        return {x["id"]: x for x in schemes["items"]}
    except (ServiceError, ServiceUnavailable, KeyError, TypeError):
        return {}  # the page stands without the "with the institution" lines


async def _invited(request: Request, application: dict) -> dict | None:
    """The application's interview invitation (as /interviews/mine gives it), or None when it
    is not invited: its page links the booking only then (a link to "not invited" puzzled
    applicants). Unknown (matching not answering): {}, linked all the same."""
    if application["status"] in NO_INTERVIEW:
        return None
    s = session_of(request)
    try:
        mine = await services_of(request).matching.get("/interviews/mine", s.token)
    except (ServiceError, ServiceUnavailable):
        return {}
    return next((i for i in mine if i.get("application_id") == application["id"]), None)


def _details_values(application: Mapping[str, Any]) -> dict[str, str]:
    """An application's grade, certificates and statement as the details form's values."""
    values = {
        "grade": "" if application.get("grade") is None else f"{application['grade']:g}",
        "statement": application.get("statement") or "",
    }
    for i, c in enumerate((application.get("language_certificates") or [])[:2]):
        values[f"cert_kind_{i}"] = c.get("kind", "")
        values[f"cert_level_{i}"] = f"{c['level']:g}" if isinstance(c.get("level"), (int, float)) else ""
    return values


def _answers_before(application: dict, mine: list[dict] | None) -> dict[str, str] | None:
    """The details form's values from the applicant's latest other application (``mine``, newest
    first) that has a grade, certificates or a statement, when this one has none of them yet."""
    if application.get("grade") is not None or application.get("statement") or application.get("language_certificates"):
        return None
    source = next(
        (
            a
            for a in mine or []
            if a.get("id") != application["id"]
            and a.get("applicant_type", application.get("applicant_type")) == application.get("applicant_type")
            and (a.get("grade") is not None or a.get("statement") or a.get("language_certificates"))
        ),
        None,
    )
    return _details_values(source) if source is not None else None


async def _my_applications(request: Request) -> list[dict] | None:
    """The applicant's applications, newest first (the page's offers to copy answers and
    documents from another read them once); None when they cannot be read."""
    try:
        page = await services_of(request).applications.get(
            "/applications", session_of(request).token, params={"limit": 100}
        )
    except (ServiceError, ServiceUnavailable):
        return None
    return page.get("items") or []


async def _profile(request: Request) -> dict | None:
    """The applicant's profile (/me), or None when it cannot be read (the page's hints then leave it)."""
    try:
        return await services_of(request).applications.get("/me", session_of(request).token)
    except (ServiceError, ServiceUnavailable):
        return None


async def _reusable_documents(
    request: Request, application: dict, here: list[dict], mine: list[dict] | None
) -> list[dict]:
    """The current documents of the applicant's other applications (``mine``) of a kind this
    one has not ("other" aside, by file), each with its application's cycle name: offered to copy
    in, so that a second application needs no upload of the same passport. Empty when nothing
    can be read."""
    s = session_of(request)
    apps = services_of(request).applications
    try:
        others = [a for a in mine or [] if a.get("id") != application["id"]]
        if not others:
            return []
        found = await asyncio.gather(*(apps.get(f"/applications/{a['id']}/documents", s.token) for a in others))
        cycles = {c["id"]: c["name"] for c in (await apps.get("/cycles", params={"limit": 100}))["items"]}
    except (ServiceError, ServiceUnavailable, KeyError, TypeError):
        return []
    # a kind the application has is not offered (but "other"): a copied passport stood beside the
    # one it had, two passports to review; the one it has is replaced beside it
    kinds = {d["kind"] for d in here} - {"other"}
    held = {(d["kind"], d.get("sha256")) for d in here}
    offered: dict[tuple[str, str | None], dict] = {}
    for other, docs in zip(others, found, strict=True):
        for d in current_versions(docs):
            key = (d["kind"], d.get("sha256"))
            if d["kind"] not in kinds and key not in held and key not in offered:  # one file offered once
                offered[key] = {**d, "cycle_name": cycles.get(other.get("cycle_id"), other.get("cycle_id"))}
    return sorted(offered.values(), key=lambda d: (d["kind"], d.get("original_name") or ""))


async def _application_page(
    request: Request,
    application_id: str,
    *,
    errors: dict | None = None,
    choice_errors: dict | None = None,
    values: dict | None = None,
    status_code: int = 200,
    reupload_for: str | None = None,
    upload_again: bool = False,
    refused_change: bool = False,
):
    """The application page; after a refused form, ``values`` are what was typed (and
    ``upload_again``: the upload form's, whose file the browser cannot keep);
    ``refused_change``: the choices' errors refused a change, which was not saved (not a submit)."""
    s = require_role(request, "applicant")
    apps = services_of(request).applications
    application = await apps.get(f"/applications/{application_id}", s.token)
    (
        cycle,
        programmes,
        documents,
        eligibility,
        referees,
        checklist,
        thread,
        invited,
        papers,
        me,
    ) = await asyncio.gather(
        apps.get(f"/cycles/{application['cycle_id']}"),
        # with those taken off offer: the choices name them (and say so)
        apps.get("/programmes", params={"cycle": application["cycle_id"], "limit": 100, "with_closed": "true"}),
        apps.get(f"/applications/{application_id}/documents", s.token),
        apps.get(f"/applications/{application_id}/eligibility", s.token),
        apps.get(f"/applications/{application_id}/referees", s.token),  # referee letters (views/referees.py)
        checklist_of(apps, f"/applications/{application_id}/checklist", s.token),  # documents/_checklist.html
        thread_of(apps, f"/applications/{application_id}/messages", s.token),  # messages/_section.html
        _invited(request, application),
        _papers_of(request, application),
        _profile(request),
    )
    by_id = {p["id"]: p for p in programmes["items"]}
    verdicts = {v["programme_id"]: v for v in eligibility["choices"]}
    form_values = _details_values(application)
    scheme = await _scheme_of(request, application)
    home_institutions, endorsing = await asyncio.gather(
        _home_institutions(request, application, scheme), _endorsing(request, scheme)
    )
    form_values["home_institution_id"] = application.get("home_institution_id") or ""
    editable = application["status"] in EDITABLE and cycle["window"] == "open"
    # the home institution typed at registration, found in the list: chosen for the applicant to
    # check (it was asked again from nothing, and "KazNMU" typed before was never used)
    typed_home = None
    if editable and home_institutions and not form_values["home_institution_id"] and values is None:
        typed_home = _typed_home_institution(home_institutions, me)
        form_values["home_institution_id"] = typed_home or ""
    mine = await _my_applications(request) if editable else None
    # a new draft (applying again after withdrawing, a second programme) starts from the answers
    # given before, shown for the applicant to check and save: it had started from nothing
    earlier = _answers_before(application, mine) if values is None else None
    if earlier is not None:
        form_values.update(earlier)
    form_values.update(values or {})
    hosts = {
        p["host_institution_id"]: p.get("host_institution_name") or ""
        for p in by_id.values()
        if "host_institution_id" in p
    }
    current = current_versions(documents)
    reusable = await _reusable_documents(request, application, current, mine) if editable else []
    return render(
        request,
        "application.html",
        status_code=status_code,
        title="Application",
        title_of=(cycle or {}).get("name"),
        # the page's own address, also when a refused form's address shows it: text typed in
        # one of its forms is carried back to it (static/portal.js)
        page_address=f"/applications/{application_id}",
        invited=invited,
        answers_before=earlier is not None,
        home_from_registration=typed_home is not None,
        application=application,
        cycle=cycle,
        programmes=by_id,
        documents=current,
        reusable=reusable,  # documents of the applicant's other applications, to copy in
        reupload_for=reupload_for,  # the re-upload form the errors belong to
        upload_again=upload_again,
        max_document_mb=MAX_DOCUMENT_BYTES // (1024 * 1024),
        max_statement=MAX_STATEMENT,
        attestations=ATTESTATIONS,
        translations=TRANSLATIONS,
        eligibility=eligibility,
        verdicts=verdicts,
        editable=editable,
        errors=errors or {},
        choice_errors=choice_errors or {},
        refused_change=refused_change,
        values=form_values,
        certificates=CERTIFICATES,
        document_kinds=_upload_kinds(by_id.values()),
        offered=by_id.get(application.get("offered_programme_id") or ""),
        # another accepted place of the same intake: "Accept" would be refused (said here too)
        held=(await _intake_of_offer(apps, s.token, application))[1]
        if application["status"] == Status.OFFERED
        else None,
        outcome=latest_outcome(application.get("history") or []),  # the latest round's or officer's word
        referees=[_with_reminder(r) for r in referees],
        checklist=checklist,
        where=whereabouts(application, scheme, hosts),  # award/_where.html
        stage_by=stage_deadlines(await _stage_cycle(request, application), datetime.now(UTC)),
        # the history's endorsement and nomination lines (award/_history_detail.html)
        history_names=history_names(application, scheme, dict(home_institutions)),
        # the home institution (issue 14): the form's choices, and where the endorsement stands
        home_institutions=home_institutions,
        endorsing=endorsing,
        home_required=has_endorsement(scheme),
        endorsement=endorsement_of(application, scheme, dict(home_institutions), endorsing),
        sharing=await _sharing_of(request, application_id, documents),  # consent/_section.html
        thread=thread,  # messages about the application (views/messages.py)
        max_body=MAX_BODY,
        papers=papers,  # the host's admission papers, once the place is accepted
        passport_name_wanted=_passport_name_asked(application, me),
    )


def _upload_kinds(programmes) -> tuple[str, ...]:
    """What an applicant may say a document is: a recommendation letter only where a chosen
    programme asks for one as a document. Letters come from the referees, and the choice had
    invited applicants to upload their own."""
    asked = {k for p in programmes for k in ((p.get("requirements") or {}).get("required_documents") or [])}
    return tuple(k for k in DOCUMENT_KINDS if k != DocumentKind.RECOMMENDATION or k in asked)


def _passport_name_asked(application: dict, me: dict | None) -> bool:
    """Whether the page asks for the name as in the passport (the profile has none, and the
    name is not in Latin letters); not on an application that has ended (declined, withdrawn),
    nor without the profile (a hint, not a part of the page the applicant needs)."""
    return application["status"] not in FINAL and me is not None and passport_name_wanted(me)


async def _papers_of(request: Request, application: dict) -> list[dict] | None:
    """The admission papers the host issued (the current ones), read only once the applicant
    accepted the place; None before, or when they cannot be read (the page stands without them)."""
    if application["status"] != Status.ACCEPTED:
        return None
    try:
        path = f"/applications/{application['id']}/papers"
        return await services_of(request).applications.get(path, session_of(request).token)
    except ServiceError as exc:
        if exc.status == 401:
            raise
        return None
    except ServiceUnavailable:
        return None


@router.get("/applications/{application_id}/papers/{paper_id}/file")
async def paper_file(request: Request, application_id: str, paper_id: str):
    """An admission paper the host issued, passed through (the service checks it is the
    applicant's own); one that cannot be had now (replaced meanwhile) is said on the page."""
    s = require_role(request, "applicant")
    path = f"/applications/{application_id}/papers/{paper_id}"
    answer = await passed_through(services_of(request).applications, path, s.token)
    if isinstance(answer, int):
        s.flash("This paper cannot be opened now: the list below shows the current papers.", "error")
        return redirect(f"/applications/{application_id}#papers")
    return answer


async def _sharing_of(request: Request, application_id: str, documents: list[dict]) -> dict | None:
    """What the applicant lets the host read, and the reads hosts made (issue 14: identity only
    with consent); None from a service that has no consent yet, so the page shows the rest."""
    s, svc = session_of(request), services_of(request)
    try:
        consent, reads = await asyncio.gather(
            svc.applications.get(f"/applications/{application_id}/consent", s.token),
            svc.applications.get(f"/applications/{application_id}/identity-reads", s.token),
        )
    except ServiceError as exc:
        if exc.status == 404:
            return None
        raise
    names: dict[str, str] = {}
    if reads:
        try:
            institutions = await svc.matching.get("/institutions", params={"limit": 500})
            names = {i["id"]: i["name"] for i in institutions["items"]}
        except (ServiceError, ServiceUnavailable, KeyError, TypeError):
            pass  # the ids stand in for the names
    kinds = {d["id"]: d["kind"] for d in documents}
    shown = []
    for r in reads:
        what, _sep, doc_id = str(r.get("what", "")).partition(":")
        shown.append(
            {
                "institution": names.get(r["institution_id"], r["institution_id"]),
                "what": what,
                "kind": kinds.get(doc_id),
                "read_at": r["read_at"],
            }
        )
    return {"consent": consent, "reads": shown}


@router.post("/applications/{application_id}/consent")
async def save_consent(request: Request, application_id: str):
    """The two checkboxes of the sharing section: unticked is no (a withdrawal)."""
    s = require_role(request, "applicant")
    form = await checked_form(request)
    body = {"host_identity": form.get("host_identity") == "yes", "host_documents": form.get("host_documents") == "yes"}
    try:
        await services_of(request).applications.put(f"/applications/{application_id}/consent", s.token, json=body)
    except ServiceError as exc:
        return await _refused(request, application_id, exc)
    s.flash("Your choice about sharing was saved.", "success")
    return redirect(f"/applications/{application_id}#consent")


async def _scheme_of(request: Request, application: dict) -> dict | None:
    """The scheme's path and authorities (the matching catalog is public): whether it has an
    endorsement stage (the home institution field), and who nominates while the application
    waits for its nominating authority; None if the service cannot say."""
    try:
        return await services_of(request).matching.get(f"/schemes/{application['scheme_id']}")
    except (ServiceError, ServiceUnavailable, KeyError):
        return None  # the page stands without the line


# where the application waits for a stage with a deadline (endorsement, nomination, admission)
WAITING = frozenset({"submitted", "endorsed", "with_host"})


async def _stage_cycle(request: Request, application: dict) -> dict | None:
    """The matching cycle (the catalog is public), for its stage deadlines, while the application
    waits for a stage; None otherwise or if the service cannot say (the page says no day)."""
    if application.get("status") not in WAITING:
        return None
    try:
        return await services_of(request).matching.get(f"/cycles/{quote(str(application['cycle_id']), safe='')}")
    except (ServiceError, ServiceUnavailable, KeyError):
        return None


async def _home_institutions(request: Request, application: dict, scheme: dict | None) -> list[tuple[str, str]]:
    """The catalog institutions of the applicant's sending country, (id, name) by name, for the
    home institution field: offered under an endorsement stage, or when one is named already."""
    if not (has_endorsement(scheme) or application.get("home_institution_id")):
        return []
    country = application.get("sending_country") or ""
    try:
        found = await services_of(request).matching.get("/institutions", params={"country": country, "limit": 500})
        options = [(i["id"], i["name"]) for i in found["items"]]
    except (ServiceError, ServiceUnavailable, KeyError, TypeError):
        return []  # the field is left out; the service still says if one is needed
    return sorted(options, key=lambda o: o[1].casefold())


def _typed_home_institution(options: list[tuple[str, str]], me: dict | None) -> str | None:
    """The option the home institution typed at registration names (its id, or its name, or a
    name that contains the other), when exactly one does; None otherwise."""
    typed = " ".join(str((me or {}).get("home_institution") or "").split()).casefold()
    if len(typed) < 3:
        return None
    exact = [i for i, name in options if typed in (i.casefold(), name.casefold())]
    near = [i for i, name in options if len(typed) >= 5 and (typed in name.casefold() or name.casefold() in typed)]
    found = exact or near
    return found[0] if len(found) == 1 else None


async def _endorsing(request: Request, scheme: dict | None) -> set[str] | None:
    """The home institutions that endorse in the scheme (a coordinator account there); None
    without an endorsement stage, or when matching does not answer (nothing is then said)."""
    if scheme is None or not has_endorsement(scheme):
        return None
    path = f"/schemes/{quote(str(scheme['id']), safe='')}/endorsing-institutions"
    try:
        found = await services_of(request).matching.get(path)
    except (ServiceError, ServiceUnavailable):
        return None
    return {str(i) for i in found} if isinstance(found, list) else None


@router.get("/applications/{application_id}")
async def application_page(request: Request, application_id: str):
    if request.query_params.get("refused") == "too_large":  # an upload the body limit refused (app/middleware.py)
        document = request.query_params.get("document") or None
        return await _application_page(
            request, application_id, errors={"file": file_too_large()}, reupload_for=document
        )
    return await _application_page(request, application_id)


def _choice_errors(exc: ServiceError, choices: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Split a refusal into errors per choice (by programme id) and the rest."""
    per_choice: dict[str, str] = {}
    rest: dict[str, str] = {}
    for e in exc.errors:
        parts = e.field.split(".")
        if parts[0] == "choices" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(choices):
            per_choice.setdefault(choices[int(parts[1])], e.message)
        else:
            rest.setdefault(service_field_to_form(e.field), e.message)
    return per_choice, rest


async def _refused(
    request,
    application_id: str,
    exc: ServiceError,
    choices: list[str] | None = None,
    values=None,
    upload_again: bool = False,
    change: bool = False,
):
    """The page after a refusal; ``change``: of a change to the application (nothing of it was
    saved), not of a submit."""
    if exc.status == 401:
        raise exc
    unconfirmed = next((e.context.get("email") for e in exc.errors if e.code == "account.email_unverified"), None)
    if isinstance(unconfirmed, str):  # the banner that sends the link again, from now on
        s = session_of(request)
        s.unconfirmed_email, s.changed = unconfirmed, True
    if choices is None:
        s = session_of(request)
        choices = (await services_of(request).applications.get(f"/applications/{application_id}", s.token))["choices"]
    per_choice, rest = _choice_errors(exc, choices)
    return await _application_page(
        request,
        application_id,
        errors=rest,
        choice_errors=per_choice,
        values=values,
        status_code=exc.status if exc.status < 500 else 422,
        upload_again=upload_again,
        refused_change=change,
    )


@router.post("/applications/{application_id}/choices")
async def reorder_choices(request: Request, application_id: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    apps = services_of(request).applications
    application = await apps.get(f"/applications/{application_id}", s.token)
    # a button names its programme, not its place: a page opened before the list changed (in
    # another tab) moves or removes the programme it shows, or nothing if it is gone
    action, _sep, moved = str(form.get("move") or "").partition(":")
    if moved not in application["choices"]:
        return redirect(f"/applications/{application_id}#choices")
    choices = move(application["choices"], application["choices"].index(moved), action)
    try:
        await apps.patch(f"/applications/{application_id}", s.token, json={"choices": choices})
    except ServiceError as exc:
        # the service numbers the choices as sent (the new order): their errors are placed by it
        return await _refused(request, application_id, exc, choices, change=True)
    return redirect(
        f"/applications/{application_id}#choice-{moved}"
        if action != "remove"
        else f"/applications/{application_id}#choices"
    )


CHANGED_ELSEWHERE = (
    "This application was changed in another tab or window after you opened this page. What you typed is "
    "kept below: saving again replaces what was saved there."
)


@router.post("/applications/{application_id}/details")
async def save_details(request: Request, application_id: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    body, errors = details_from_form(form)
    values = {
        k: form.get(k, "") for k in ("grade", "statement", "cert_kind_0", "cert_level_0", "cert_kind_1", "cert_level_1")
    }
    if "home_institution_id" in form:  # offered under an endorsement stage (issue 14)
        values["home_institution_id"] = str(form.get("home_institution_id") or "").strip()
        body["home_institution_id"] = values["home_institution_id"] or None
    if errors:
        return await _application_page(request, application_id, errors=errors, values=values, status_code=422)
    # the application as this form was opened: a save made meanwhile (another tab) is not overwritten
    etag = str(form.get("etag") or "")
    if not header_safe(etag):  # garbled: as a tag that no longer matches (the page is shown afresh)
        etag = '"garbled"'
    headers = {"If-Match": etag} if etag else {}
    try:
        await services_of(request).applications.patch(
            f"/applications/{application_id}", s.token, json=body, headers=headers
        )
    except ServiceError as exc:
        if exc.code == "application.changed":  # the page shown now carries the new tag: saving again replaces
            changed = {"details": CHANGED_ELSEWHERE}
            return await _application_page(request, application_id, errors=changed, values=values, status_code=412)
        return await _refused(request, application_id, exc, values=values, change=True)
    s.flash("Your details were saved.", "success")
    return redirect(f"/applications/{application_id}#details")


@router.post("/applications/{application_id}/documents")
async def upload_document(request: Request, application_id: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    upload = form.get("file")
    kind = form.get("kind") or ""
    errors = {}
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = "Choose what the document is."
    if upload is None or isinstance(upload, str) or not upload.filename:
        errors["file"] = "Choose a file (PDF, PNG or JPEG)."
    elif size_of(upload.file) > MAX_DOCUMENT_BYTES:
        errors["file"] = file_too_large()
    values = {"kind": kind, **properties_of(form)}  # shown again after a refusal
    if errors:
        return await _application_page(
            request, application_id, errors=errors, values=values, upload_again=True, status_code=422
        )
    # The file as spooled by the form parser (its size bounded by the BodyLimit middleware),
    # streamed on to the service in chunks, never read whole into memory here.
    upload.file.seek(0)
    try:
        await services_of(request).applications.post(
            f"/applications/{application_id}/documents",
            s.token,
            data={"kind": kind, **properties_of(form)},
            files={"file": (upload.filename, upload.file, upload.content_type or "application/octet-stream")},
        )
    except ServiceError as exc:
        return await _refused(request, application_id, exc, values=values, upload_again=True)
    s.flash("The document was uploaded.", "success")
    return redirect(f"/applications/{application_id}#documents")


@router.post("/applications/{application_id}/documents/copy")
async def copy_document(request: Request, application_id: str):
    """A document of another of the applicant's applications, copied into this one."""
    s = require_role(request, "applicant")
    form = await checked_form(request)
    document_id = str(form.get("document_id") or "")
    if not document_id:
        return await _application_page(
            request, application_id, errors={"document_id": "Choose a document."}, status_code=422
        )
    try:
        await services_of(request).applications.post(
            f"/applications/{application_id}/documents/copy", s.token, json={"document_id": document_id}
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        # said at the copy form, whichever field the service named (the file: a duplicate, too many)
        said = next(iter(exc.by_field().values()), exc.message)
        return await _application_page(request, application_id, errors={"document_id": said}, status_code=422)
    s.flash("The document was added. It will be reviewed for this application.", "success")
    return redirect(f"/applications/{application_id}#documents")


# A new version of a rejected document (the applicant's task), its form on the application page.
@router.post("/applications/{application_id}/documents/{document_id}/reupload")
async def reupload(request: Request, application_id: str, document_id: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    upload = form.get("file")
    errors: dict[str, str] = {}
    if upload is None or isinstance(upload, str) or not upload.filename:
        errors["file"] = "Choose a file (PDF, PNG or JPEG)."
    elif size_of(upload.file) > MAX_DOCUMENT_BYTES:
        errors["file"] = file_too_large()
    if errors:
        return await _application_page(
            request,
            application_id,
            errors=errors,
            values=properties_of(form),
            reupload_for=document_id,
            status_code=422,
        )
    upload.file.seek(0)
    try:
        await services_of(request).applications.post(
            f"/applications/{application_id}/documents",
            s.token,
            data={"replaces": document_id, **properties_of(form)},
            files={"file": (upload.filename, upload.file, upload.content_type or "application/octet-stream")},
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        return await _application_page(
            request,
            application_id,
            errors=exc.by_field(),
            values=properties_of(form),
            reupload_for=document_id,
            status_code=exc.status if exc.status < 500 else 422,
        )
    s.flash("The new version was uploaded. It will be reviewed again.", "success")
    return redirect(f"/applications/{application_id}#documents")


@router.post("/applications/{application_id}/documents/{document_id}/delete")
async def delete_document(request: Request, application_id: str, document_id: str):
    s = require_role(request, "applicant")
    await checked_form(request)
    try:
        await services_of(request).applications.delete(
            f"/applications/{application_id}/documents/{document_id}", s.token
        )
    except ServiceError as exc:
        return await _refused(request, application_id, exc)
    s.flash("The document was deleted.", "success")
    return redirect(f"/applications/{application_id}#documents")


@router.post("/applications/{application_id}/submit")
async def submit(request: Request, application_id: str):
    s = require_role(request, "applicant")
    await checked_form(request)
    application = await services_of(request).applications.get(f"/applications/{application_id}", s.token)
    if application["status"] == Status.WITHDRAWN:  # withdrawn in another tab meanwhile
        s.flash(WITHDRAWN_MEANWHILE, "info")
        return redirect(f"/applications/{application_id}")
    if _already_submitted(application):  # e.g. sent again from a second tab
        s.flash("Your application is already submitted.", "info")
        return redirect(f"/applications/{application_id}")
    if not application.get("home_institution_id") and has_endorsement(await _scheme_of(request, application)):
        # under an endorsement stage the home institution is named first (the service says so too)
        errors = {"home_institution_id": "Choose your home institution."}
        return await _application_page(request, application_id, errors=errors, status_code=422)
    try:
        await services_of(request).applications.post(f"/applications/{application_id}/submit", s.token, idempotent=True)
    except ServiceError as exc:
        if "application.not_draft" in {
            exc.code,
            *(e.code for e in exc.errors),
        }:  # submitted meanwhile (the other tab was quicker)
            current = await services_of(request).applications.get(f"/applications/{application_id}", s.token)
            if current["status"] == Status.WITHDRAWN:
                s.flash(WITHDRAWN_MEANWHILE, "info")
                return redirect(f"/applications/{application_id}")
            if _already_submitted(current):
                s.flash("Your application is already submitted.", "info")
                return redirect(f"/applications/{application_id}")
        return await _refused(request, application_id, exc)
    s.flash("Your application was submitted. You can still edit it until the window closes.", "success")
    return redirect(f"/applications/{application_id}")


WITHDRAWN_MEANWHILE = "This application was withdrawn (in another tab): it cannot be submitted again. To apply in this cycle, start a new application."


def _already_submitted(application: dict) -> bool:
    """Past its draft and still in the running (a withdrawn draft was never submitted)."""
    return application["status"] != Status.DRAFT and not (
        application["status"] == Status.WITHDRAWN
        and not any(h.get("status") == Status.SUBMITTED for h in application.get("history") or [])
    )


@router.post("/applications/{application_id}/offer")
async def answer_offer(request: Request, application_id: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    answer = form.get("answer")
    if answer not in ("accept", "decline"):
        return await _application_page(
            request, application_id, errors={"answer": "Choose accept or decline."}, status_code=422
        )
    if form.get("confirm") != "yes":  # either answer is final (accepting ends the other choices): ask first
        return redirect(f"/applications/{application_id}/{answer}")
    try:
        await services_of(request).applications.post(
            f"/applications/{application_id}/offer/{answer}", s.token, idempotent=True
        )
    except ServiceError as exc:
        return await _refused(request, application_id, exc)
    s.flash("You accepted the offer. Congratulations!" if answer == "accept" else "You declined the offer.", "success")
    return redirect(f"/applications/{application_id}")


@router.post("/applications/{application_id}/withdraw")
async def withdraw(request: Request, application_id: str):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    reason = (form.get("reason") or "").strip()
    if form.get("confirm") != "yes":  # required in the browser too: it cannot be undone
        errors = {"withdraw_confirm": "Tick the box to confirm: a withdrawal cannot be undone."}
        return await _application_page(
            request, application_id, errors=errors, values={"withdraw_reason": reason}, status_code=422
        )
    try:
        withdrawn = await services_of(request).applications.post(
            f"/applications/{application_id}/withdraw", s.token, json={"reason": reason or None}, idempotent=True
        )
    except ServiceError as exc:
        return await _refused(request, application_id, exc)
    statuses = [h.get("status") for h in (withdrawn or {}).get("history") or []]
    if statuses[-2:-1] == [Status.ACCEPTED]:  # an accepted place given up, said as such
        s.flash(
            "You gave up your place: the host institution is told, and its admission papers no longer apply.", "info"
        )
    else:
        s.flash("Your application was withdrawn.", "info")
    return redirect(f"/applications/{application_id}")


@router.get("/applications/{application_id}/decline")
async def confirm_decline(request: Request, application_id: str):
    """Declining an offer gives the place up for good: the applicant confirms it here."""
    return await _confirm_answer(request, application_id, "decline")


@router.get("/applications/{application_id}/accept")
async def confirm_accept(request: Request, application_id: str):
    """Accepting takes the place and ends the other choices (their waiting lists are left): the
    applicant confirms it here, seeing which end. It was one tap, the other choices ended unsaid."""
    return await _confirm_answer(request, application_id, "accept")


async def _confirm_answer(request: Request, application_id: str, answer: str):
    s = require_role(request, "applicant")
    apps = services_of(request).applications
    application = await apps.get(f"/applications/{application_id}", s.token)
    if application["status"] != Status.OFFERED:
        # answered meanwhile (in another tab): say so, not a page without a word
        s.flash("You have already answered this offer: see where your application stands below.", "info")
        return redirect(f"/applications/{application_id}")
    pid = application.get("offered_programme_id") or ""
    others = [c for c in application.get("choices") or [] if c != pid] if answer == "accept" else []

    async def programme(programme_id: str) -> dict[str, Any] | None:
        try:
            return await apps.get(f"/programmes/{programme_id}") if programme_id else None
        except ServiceError:
            return None

    offered, *ending = await asyncio.gather(programme(pid), *(programme(c) for c in others))
    starts, held = await _intake_of_offer(apps, s.token, application) if answer == "accept" else (None, None)
    if held is not None:
        held["programme"] = await programme(held["programme_id"])
    title = "Accept the offer" if answer == "accept" else "Decline the offer"
    return render(
        request,
        f"{answer}.html",
        title=title,
        application=application,
        programme=offered,
        ending=[p or {"title": c} for c, p in zip(others, ending, strict=True)],
        starts_on=starts,
        held=held,
    )


async def _intake_of_offer(apps, token: str, application: dict) -> tuple[str | None, dict | None]:
    """When the offered place begins, and an accepted place of the same intake the applicant
    already holds (the service refuses a second, offer.place_held): said before "Yes, accept",
    where it had been said only after it, of a start day shown nowhere."""

    async def cycle(cycle_id: str) -> dict | None:
        try:
            return await apps.get(f"/cycles/{quote(cycle_id, safe='')}")
        except ServiceError:
            return None

    def intake(c: dict | None) -> date | None:
        if not c:
            return None
        closes = datetime.fromisoformat(str(c["closes_at"]).replace("Z", "+00:00"))
        return intake_of(date.fromisoformat(c["starts_on"]) if c.get("starts_on") else None, closes)

    try:
        mine = await apps.get("/applications", token, params={"limit": 100})
    except ServiceError:
        mine = {"items": []}
    accepted = [
        a for a in mine.get("items") or [] if a.get("status") == Status.ACCEPTED and a["id"] != application["id"]
    ]
    this, *theirs = await asyncio.gather(cycle(application["cycle_id"]), *(cycle(a["cycle_id"]) for a in accepted))
    starts = (this or {}).get("starts_on")  # shown only as the cycle gives it (not its close)
    for other, their_cycle in zip(accepted, theirs, strict=True):
        one, two = intake(this), intake(their_cycle)
        if one and two and same_intake(one, two):
            return starts, {
                "id": other["id"],
                "programme_id": other.get("offered_programme_id") or "",
                "starts_on": (their_cycle or {}).get("starts_on"),
            }
    return starts, None


# Reopening the address a form was posted to (after a refusal the address bar keeps it)
# leads back to the page the form is on, never to "not allowed" or "not found".
FORM_ANCHORS = {
    "choices": "#choices",
    "details": "#details",
    "documents": "#documents",
    "submit": "#submit",
    "offer": "",
    "withdraw": "",
}


@router.get("/applications/{application_id}/documents/{document_id}/delete")
async def delete_address(application_id: str, document_id: str):
    return redirect(f"/applications/{application_id}#documents")


@router.get("/applications/{application_id}/{form_name}")
async def form_address(application_id: str, form_name: str):
    if form_name not in FORM_ANCHORS:
        raise StarletteHTTPException(404)
    return redirect(f"/applications/{application_id}{FORM_ANCHORS[form_name]}")


# --- profile ---------------------------------------------------------------------------------------

# passport_name: sent empty, it clears the name as in the passport
PROFILE_FIELDS = ("name", "email", "passport_name", "home_institution", "preferred_language", "applicant_type")


# every account changes its own password here; an applicant also edits the profile
ACCOUNT_HOLDERS = ("applicant", "officer", "admin", "reviewer", "nominator", "coordinator", "partner")


async def _account_page(request: Request, status_code: int = 200, **context: Any):
    """A staff or partner account's own page: its e-mail, role and scope as the admin set them
    (named from the catalog), and its password form."""
    s = session_of(request)
    svc = services_of(request)
    account, (schemes, institutions) = await asyncio.gather(
        svc.applications.get("/me/account", s.token), schemes_and_institutions(svc.matching)
    )
    return render(
        request,
        "account.html",
        status_code=status_code,
        title="My account",
        account=account,
        scheme_names={x["id"]: x["name"] for x in schemes},
        institution_names={x["id"]: x["name"] for x in institutions},
        **context,
    )


@router.get("/profile")
async def profile(request: Request):
    s = require_role(request, *ACCOUNT_HOLDERS)
    if s.role != "applicant":  # staff and partners: their account's password (the scope is an admin's)
        return await _account_page(request)
    me, locks = await asyncio.gather(services_of(request).applications.get("/me", s.token), _profile_locks(request))
    unconfirmed_from(s, me)  # confirmed meanwhile (another browser), or a new address waits
    values = {k: str(me.get(k) or "") for k in (*PROFILE_FIELDS, *FACTS)}
    return render(request, "profile.html", title="My profile", me=me, values=values, was=values, **locks)


# nationality and date of birth: the applicant corrects them until an application is submitted
FACTS = ("nationality", "date_of_birth")


async def _profile_locks(request: Request) -> dict[str, Any]:
    """What of the profile the applicant may still change, from their applications: nationality
    and date of birth until one was submitted (drafts and withdrawn ones aside: the service
    refuses otherwise, profile.facts_in_use), and the type they apply as while none is live
    (profile.applicant_type_in_use). A page's worth of applications: more than that is never
    correctable."""
    page = await services_of(request).applications.get(
        "/applications", session_of(request).token, params={"limit": 100}
    )
    items = page.get("items") or []
    whole = len(items) == page.get("total", len(items))
    correctable = whole and all(a.get("status") in ("draft", "withdrawn") for a in items)
    return {
        "facts_correctable": correctable,
        "countries": country_options(request) if correctable else [],
        # how many applications hold the type (unknown beyond a page: all of them, as the service counts)
        "type_in_use": sum(a.get("status") in WITHDRAWABLE for a in items) if whole else page.get("total"),
    }


async def _drafts_with_a_home(request: Request, nationality: str) -> list[str]:
    """The applicant's drafts sent from another country than ``nationality`` that name a home
    institution (a page's worth): the service clears it when the nationality changes."""
    page = await services_of(request).applications.get(
        "/applications", session_of(request).token, params={"limit": 100, "status": "draft"}
    )
    return [
        a["id"]
        for a in page.get("items") or []
        if a.get("status") == "draft" and a.get("home_institution_id") and a.get("sending_country") != nationality
    ]


@router.post("/profile/email-change/cancel")
async def cancel_email_change(request: Request):
    """Take back a new address asked for (mistyped, or taken): its link ends, and the address
    the account has is the one to confirm (the applicant was stuck with a link that never came)."""
    s = require_role(request, "applicant")
    await checked_form(request)
    await services_of(request).applications.delete("/me/email-change", s.token)
    await recheck_address(request)
    s.flash("The change of address was cancelled: your address stays as it is.", "success")
    return redirect("/profile")


@router.post("/profile")
async def save_profile(request: Request):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    values = {k: (form.get(k) or "").strip() for k in (*PROFILE_FIELDS, *FACTS)}
    values["date_of_birth"] = typed_date(values["date_of_birth"])  # as an Urdu keyboard, or a Russian, writes it
    errors = profile_problems(values, LANGUAGES)
    apps = services_of(request).applications
    if not errors:
        # a type not chosen, or facts not on the form (an application was submitted): unchanged
        body = {k: v for k, v in values.items() if v or k not in ("applicant_type", *FACTS)}
        # only the fields changed on this page: one opened before a change made in another tab
        # had put the older value back (a passport name corrected, then undone without a word)
        was = {k: str(form[f"was.{k}"]).strip() for k in body if form.get(f"was.{k}") is not None}
        body = {k: v for k, v in body.items() if k not in was or v != was[k]}
        if form.get("email_password"):  # asked by the service for a new address only
            body["current_password"] = str(form.get("email_password"))
        # drafts naming a home institution lose it with a new nationality (it was the other country's)
        homes_lost = await _drafts_with_a_home(request, body["nationality"]) if "nationality" in body else []
        try:
            me = await apps.patch("/me", s.token, json=body)
        except ServiceError as exc:
            if exc.status == 401:
                raise
            errors = exc.by_field()
            if "current_password" in errors:  # this form's own name: the password form below has that one
                errors["email_password"] = errors.pop("current_password")
            elif exc.status == 429:  # too many wrong passwords: wait (the service says how long)
                errors["email_password"] = exc.message
        else:
            s.name, s.changed = me.get("name") or values["name"], True
            s.applicant_type = me.get("applicant_type") or s.applicant_type  # which programmes they can add
            s.flash("Your profile was saved.", "success")
            if homes_lost:
                s.flash(
                    "Your drafts are now sent from {country}, so the home institution they named is no longer set: choose yours again in each draft whose programmes ask for one ({n}).",
                    "info",
                    country=country_name(language_of(request), body["nationality"]),
                    n=len(homes_lost),
                )
            asked = values["email"].lower()
            if asked != (me.get("email") or "") and me.get("pending_email") == asked:
                # the address moves once its mailbox opens the link sent to it
                if s.unconfirmed_email:  # that link confirms the account too: the banner names it
                    s.unconfirmed_email, s.changed = asked, True
                s.flash(
                    "We sent a link to {email}. Your address changes when you open it (within 24 hours).",
                    "info",
                    email=asked,
                )
            return redirect("/profile")
    me, locks = await asyncio.gather(apps.get("/me", s.token), _profile_locks(request))
    return render(
        request,
        "profile.html",
        status_code=422,
        title="My profile",
        me=me,
        values=values,
        was={k: str(me.get(k) or "") for k in (*PROFILE_FIELDS, *FACTS)},
        errors=errors,
        **locks,
    )


@router.post("/profile/language")
async def change_message_language(request: Request):
    """A staff or partner account chooses the language of its inbox entries and e-mails (an
    applicant's is on the profile form)."""
    s = require_role(request, *ACCOUNT_HOLDERS)
    if s.role == "applicant":
        return redirect("/profile")
    form = await checked_form(request)
    language = str(form.get("preferred_language") or "")
    if language not in LANGUAGES:
        return await _account_page(request, status_code=422, language_error="Choose one of the offered values.")
    await services_of(request).applications.patch("/me/account", s.token, json={"preferred_language": language})
    s.flash("Your messages will now be in {language}.", "success", language=LANGUAGES[language]["name"])
    return redirect("/profile")


@router.post("/profile/password")
async def change_password(request: Request):
    """Change my password (the current one first): earlier tokens stop working everywhere,
    the session keeps the new one the service answers."""
    s = require_role(request, *ACCOUNT_HOLDERS)
    form = await checked_form(request)
    current = form.get("current_password") or ""
    new, again = form.get("new_password") or "", form.get("new_password_again") or ""
    errors = {} if current else {"current_password": "Enter your password."}
    errors = errors or new_password_problems(new, again)
    refusal = None
    apps = services_of(request).applications
    if not errors:
        try:
            answer = await apps.post("/me/password", s.token, json={"current_password": current, "new_password": new})
        except ServiceError as exc:
            if exc.status == 401:
                raise
            if exc.status == 429:
                refusal = exc.message
            else:
                errors = exc.by_field()
        else:
            s.token, s.changed = answer["access_token"], True
            s.flash("Your password was changed.", "success")
            return redirect("/profile")
    if s.role != "applicant":
        status = 429 if refusal else 422
        return await _account_page(request, status_code=status, password_errors=errors, password_refusal=refusal)
    me = await apps.get("/me", s.token)
    return render(
        request,
        "profile.html",
        status_code=429 if refusal else 422,
        title="My profile",
        me=me,
        values={k: me.get(k) or "" for k in PROFILE_FIELDS},
        password_errors=errors,
        password_refusal=refusal,
    )


@router.get("/profile/password")
async def change_password_address():
    """Reopening the address of the password form: back to the profile."""
    return redirect("/profile#password")


# --- inbox -----------------------------------------------------------------------------------------

# nominators, home institutions' coordinators and hosts' admissions staff read their stage's
# deadline reminders (issue 14)
INBOX_READERS = ("applicant", "officer", "admin", "reviewer", "nominator", "coordinator", "partner")


@router.get("/inbox")
async def inbox(request: Request):
    s = require_role(request, *INBOX_READERS)
    offset = whole_number(request.query_params.get("offset")) or 0
    page = await services_of(request).notifications.get("/inbox", s.token, params={"offset": offset, "limit": PAGE})
    last = past_the_end(offset, page["total"], PAGE)
    if last is not None:
        return redirect(f"/inbox?offset={last}" if last else "/inbox")
    return render(
        request,
        "inbox.html",
        title="Inbox",
        inbox=page,
        offset=offset,
        page=PAGE,
        written_in=await messages_language_if_other(request),
    )


@router.post("/inbox/read-all")
async def inbox_read_all(request: Request):
    s = require_role(request, *INBOX_READERS)
    await checked_form(request)
    await services_of(request).notifications.post("/inbox/read-all", s.token)
    return redirect("/inbox")


@router.post("/inbox/{entry_id}/read")
async def inbox_read(request: Request, entry_id: int):
    s = require_role(request, *INBOX_READERS)
    await checked_form(request)
    await services_of(request).notifications.post(f"/inbox/{entry_id}/read", s.token)
    return redirect(f"/inbox#entry-{entry_id}")


@router.get("/inbox/read-all")
@router.get("/inbox/{entry_id}/read")
async def inbox_form_address():
    return redirect("/inbox")


def _with_reminder(referee: dict[str, Any]) -> dict[str, Any]:
    """A referee as the page shows it: ``remind_later`` when a reminder would be refused now
    (the request or the last reminder went out within the day): the page says from when, and
    offers no button that only answers "try tomorrow"."""
    first = referee.get("remind_from")
    later = bool(first) and datetime.fromisoformat(str(first)) > datetime.now(UTC)
    return {**referee, "remind_later": later}
