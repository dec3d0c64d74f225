"""Document review in the portal (issue 15).

Applicants upload a new version of a rejected document (their task) from the application
page (the form and its route live with that page, ``views/applicant.py``; the helpers here);
officers list the applications in their scope, open one's documents (every version,
who reviewed it), download a version, and verify or reject it with a reason, a note and a
deadline. The applications service decides; these pages only word its answers.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any, BinaryIO
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.clients import ServiceError, passed_through, previewed, services_of
from services.portal.domain.application_page import is_id
from services.portal.domain.endorsement import back_from
from services.portal.domain.forms import ascii_digits, past_the_end, whole_number
from services.portal.domain.statuses import FINAL
from services.portal.views.common import consents_of
from services.portal.web import (
    checked_form,
    claims_of,
    cycles_managed,
    hosts_only_officer,
    redirect,
    render,
    require_role,
    session_of,
)
from shared.events.catalog import ApplicationStatus

router = APIRouter()
# Officers in scope, and a nominating authority for its own country's applicants (it verifies
# documents and asks for new ones, issue 15), and a home institution's coordinator for its own
# applicants (issue 14); the applications service checks the scope.
STAFF = ("officer", "admin", "reviewer", "nominator", "coordinator")

# The officer's reasons (the contract's DocumentRejectionReason), in the order offered.
REJECTION_REASONS = (
    "illegible",
    "expired",
    "not_certified",
    "not_attested",
    "translation_missing",
    "wrong_document",
    "name_mismatch",
    "other",
)
ATTESTATIONS = ("hec", "ibcc", "apostille", "embassy")
TRANSLATIONS = ("zh", "en")
PROPERTY_FIELDS = (
    "attested_by",
    "attestation_number",
    "attested_on",
    "translation_language",
    "translation_certified_by",
)


def _back_query(request: Request) -> str:
    """The way back to the endorsement table, kept across a verify or a reject."""
    back = back_from(request.query_params.get("back"))
    return f"?{urlencode({'back': back})}" if back else ""


def properties_of(form: dict[str, Any]) -> dict[str, str]:
    """The attestation and translation fields of an upload form, as the service takes them."""
    data = {k: str(form.get(k) or "").strip() for k in PROPERTY_FIELDS}
    data["attested_on"] = ascii_digits(data["attested_on"])  # a date as a Chinese or Urdu keyboard types it
    data = {k: v for k, v in data.items() if v}
    if form.get("nostrified"):
        data["nostrified"] = "true"
    return data


async def checklist_of(client: Any, path: str, token: str) -> dict | None:
    """The application's checklist (templates/documents/_checklist.html); None from a service
    that has no checklist yet (404), so the page shows the rest as before."""
    try:
        return await client.get(path, token)
    except ServiceError as exc:
        if exc.status == 404:
            return None
        raise


async def cycle_name_of(request: Request, cycle_id: str) -> str:
    """The cycle's name for a reviewer's heading; its code when the catalog does not know it."""
    try:
        cycle = await services_of(request).matching.get(f"/cycles/{cycle_id}")
    except ServiceError:
        return cycle_id
    return str(cycle.get("name") or cycle_id)


def size_of(file: BinaryIO) -> int:
    """The size of an uploaded file as the form parser spooled it (never read whole)."""
    file.seek(0, os.SEEK_END)
    return file.tell()


def current_versions(documents: list[dict]) -> list[dict]:
    """What the applicant works with: the newest version of each document."""
    return [d for d in documents if not d.get("superseded")]


# --- officers ---


async def cycles_to_filter(request: Request, cycles: list[dict]) -> list[dict]:
    """The cycles to filter by: a partner's (or an officer's of host institutions only), those
    with a programme at its institutions (the filter listed every cycle); a nominator's or a
    coordinator's or a committee reviewer's, those of its schemes (all, when it has none); another officer's, those it
    manages (web.cycles_managed)."""
    s = session_of(request)
    if s.role in ("nominator", "coordinator", "reviewer"):  # a reviewer's: those of its schemes too
        schemes = claims_of(s.token or "").get("schemes") or []
        return [c for c in cycles if c.get("scheme_id") in schemes] if schemes else cycles
    if s.role != "partner" and not hosts_only_officer(s):
        return cycles_managed(s, cycles)
    # a partner, or an officer of host institutions only: the cycles of their programmes
    hosts = claims_of(s.token or "").get("institutions") or []
    m = services_of(request).matching
    pages = await asyncio.gather(
        *(m.get("/programmes", params={"host_institution_id": h, "limit": 500}) for h in hosts)  # the largest page
    )
    hosted = {p["cycle_id"] for page in pages for p in page["items"]}
    return [c for c in cycles if c["id"] in hosted]


# The tabs of the officers' list: the current applications first, then those that ended
# (domain/statuses.FINAL: nothing more is asked of anyone), then everything. Unmatched is
# current: it waits for the next round.
ENDED = sorted(str(x) for x in FINAL)
CURRENT = [x.value for x in ApplicationStatus if x != ApplicationStatus.DRAFT and x.value not in ENDED]
APPLICATION_TABS = {"active": CURRENT, "ended": ENDED, "all": []}


@router.get("/officer/applications")
async def scoped_applications(request: Request):
    s = require_role(request, *STAFF)
    q = request.query_params
    view = {
        "show": q.get("show") if q.get("show") in APPLICATION_TABS else "active",
        "cycle_id": (q.get("cycle_id") or "").strip()[:128],
        "q": " ".join((q.get("q") or "").split())[:200],  # a name, an e-mail or the id's beginning
    }
    if not is_id(view["cycle_id"]):  # an edited address: the whole list, not a refused request
        view["cycle_id"] = ""
    offset = whole_number(q.get("offset")) or 0
    services = services_of(request)
    wanted = {"offset": offset, "limit": 50, "status": APPLICATION_TABS[view["show"]]}
    for key in ("cycle_id", "q"):
        if view[key]:
            wanted[key] = view[key]
    page, cycles, programmes = await asyncio.gather(
        services.applications.get("/officer/applications", s.token, params=wanted),
        services.matching.get("/cycles", params={"limit": 200}),
        services.matching.get("/programmes", params={"limit": 500}),
    )

    def link(**change: Any) -> str:
        kept = {k: v for k, v in (view | change).items() if v and (k, v) != ("show", "active")}
        return "/officer/applications" + (f"?{urlencode(kept)}" if kept else "")

    last = past_the_end(offset, page["total"], 50)
    if last is not None:
        return redirect(link(offset=last))
    # how many of each row's documents await review (an officer told of a new version had to
    # open application after application to find it)
    ids = [a["id"] for a in page["items"]]
    try:
        counts = await services.applications.get("/officer/documents/review", s.token, params={"application_id": ids})
    except ServiceError:  # the list without its counts rather than no list
        counts = []
    return render(
        request,
        "documents/officer_applications.html",
        to_review={c["application_id"]: c["pending"] for c in counts},
        title="Applications to review",
        page=page,
        offset=offset,
        view=view,
        link=link,
        cycles=await cycles_to_filter(request, cycles["items"]),
        cycle_names={c["id"]: c["name"] for c in cycles["items"]},
        programme_titles={p["id"]: p["title"] for p in programmes["items"]},
    )


async def _review_page(
    request: Request, application_id: str, *, errors: dict | None = None, values: dict | None = None, status_code=200
):
    s = require_role(request, *STAFF)
    apps = services_of(request).applications
    application, documents, checklist, consents = await asyncio.gather(
        apps.get(f"/officer/applications/{application_id}", s.token),
        apps.get(f"/officer/applications/{application_id}/documents", s.token),
        checklist_of(apps, f"/officer/applications/{application_id}/checklist", s.token),
        consents_of(request, [application_id]),  # the language the note to the applicant is read in
    )
    back = back_from(request.query_params.get("back"))
    return render(
        request,
        "documents/officer_documents.html",
        status_code=status_code,
        title="Documents",
        application=application,
        cycle_name=await cycle_name_of(request, application.get("cycle_id") or ""),
        back=back,
        back_query=_back_query(request),
        documents=documents,
        checklist=checklist,
        reasons=REJECTION_REASONS,
        reads_in=(consents.get(application_id) or {}).get("messages_language"),
        errors=errors or {},
        values=values or {},
    )


@router.get("/officer/applications/{application_id}/documents")
async def review_page(request: Request, application_id: str):
    return await _review_page(request, application_id)


@router.get("/officer/applications/{application_id}/documents/{document_id}/file")
async def download(request: Request, application_id: str, document_id: str):
    """The stored file, passed through (the service checks the scope)."""
    s = require_role(request, *STAFF)
    path = f"/officer/applications/{application_id}/documents/{document_id}"
    answer = await passed_through(services_of(request).applications, path, s.token)
    if isinstance(answer, int):
        return await _review_page(request, application_id, status_code=404 if answer == 404 else 422)
    return answer


@router.get("/officer/applications/{application_id}/documents/{document_id}/preview")
async def preview(request: Request, application_id: str, document_id: str):
    """The stored file to show inside the application page (a PDF in a frame, an image),
    with the headers of ``previewed``; a refusal (out of scope, no such file) is the error page."""
    s = require_role(request, *STAFF)
    if not (is_id(application_id) and is_id(document_id)):
        raise StarletteHTTPException(404)
    path = f"/officer/applications/{application_id}/documents/{document_id}"
    answer = await previewed(services_of(request).applications, path, s.token, f"document-{document_id[:8]}")
    if isinstance(answer, int):
        raise ServiceError("applications", answer)
    return answer


@router.get("/officer/applications/{application_id}/documents/{document_id}/{action}")
async def decision_address(request: Request, application_id: str, document_id: str, action: str):
    """Reopening the address of a verify or reject form (a refused one is shown there; a
    reload, a language switch): the documents page at that document."""
    if action not in ("verify", "reject"):
        raise StarletteHTTPException(404)
    return redirect(f"/officer/applications/{application_id}/documents{_back_query(request)}#doc-{document_id}")


@router.post("/officer/applications/{application_id}/documents/{document_id}/verify")
async def verify(request: Request, application_id: str, document_id: str):
    s = require_role(request, *STAFF)
    await checked_form(request)
    try:
        await services_of(request).applications.post(
            f"/officer/applications/{application_id}/documents/{document_id}/verify", s.token
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        return await _review_page(request, application_id, errors={document_id: exc.message}, status_code=exc.status)
    s.flash("The document was marked verified.", "success")
    return redirect(f"/officer/applications/{application_id}/documents{_back_query(request)}#doc-{document_id}")


@router.post("/officer/applications/{application_id}/documents/{document_id}/reject")
async def reject(request: Request, application_id: str, document_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    reason = str(form.get("reason") or "")
    note = str(form.get("note") or "").strip()
    due_on = str(form.get("due_on") or "").strip()
    values = {f"{k}-{document_id}": v for k, v in (("reason", reason), ("note", note), ("due_on", due_on))}
    if reason not in REJECTION_REASONS:
        return await _review_page(
            request,
            application_id,
            errors={f"reason-{document_id}": "Choose a reason."},
            values=values,
            status_code=422,
        )
    body: dict[str, Any] = {"reason": reason, "note": note}
    if due_on:
        body["due_on"] = due_on
    try:
        await services_of(request).applications.post(
            f"/officer/applications/{application_id}/documents/{document_id}/reject", s.token, json=body
        )
    except ServiceError as exc:
        if exc.status == 401:
            raise
        errors = {f"{e.field.split('.')[-1]}-{document_id}": e.message for e in exc.errors}
        return await _review_page(
            request, application_id, errors=errors or {document_id: exc.message}, values=values, status_code=exc.status
        )
    s.flash("The document was rejected; the applicant was told.", "success")
    return redirect(f"/officer/applications/{application_id}/documents{_back_query(request)}#doc-{document_id}")
