"""One application on one page, for whoever decides about it (issue 16): the profile, the
documents previewed in the page, the letters, the reviewers' scores, the interview, why each
choice was or was not placed in the latest round, and the journal.

The applications service's read of the application is the gate: out of scope (403) or
unknown (404), the page is the portal's error page. Every other part comes through its own
service's scope and is left out when that service refuses it (a nominating authority or a
coordinator reads the profile, the documents and the letters; the committee's parts are
staff's). The parts are read at once (asyncio.gather), in two steps: what needs only the
application's id, then what needs its cycle."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.portal.clients import ServiceError, nothing, services_of
from services.portal.domain.application_page import (
    documents_by_kind,
    interview_of,
    is_id,
    merged_journal,
    preview_kind,
)
from services.portal.views.committee import _local as local_time
from services.portal.views.committee import scoresheet_entries
from services.portal.web import render, require_role

router = APIRouter()
# The applications service decides who sees the application: staff and committee reviewers in
# scope, a nominating authority for its own country, a coordinator for its own home institution.
READERS = ("officer", "admin", "reviewer", "nominator", "coordinator")
JOURNAL_LIMIT = 100


async def _or_none(call: Awaitable[Any]) -> Any:
    """A part the reader may not read (403), or that does not exist for this application (404)."""
    try:
        return await call
    except ServiceError as exc:
        if exc.status in (403, 404):
            return None
        raise


@router.get("/officer/applications/{application_id}")
async def application_page(request: Request, application_id: str):
    s = require_role(request, *READERS)
    if not is_id(application_id):
        raise StarletteHTTPException(404)
    services = services_of(request)
    apps, m = services.applications, services.matching
    base = f"/officer/applications/{application_id}"
    pool_base = f"/pool/applications/{application_id}"
    (
        application,
        documents,
        letters,
        applications_journal,
        reviews,
        entry,
        outcome,
        matching_journal,
    ) = await asyncio.gather(
        apps.get(base, s.token),
        _or_none(apps.get(f"{base}/documents", s.token)),
        _or_none(apps.get(f"{base}/referees", s.token)),
        _or_none(apps.get(f"{base}/journal", s.token, params={"limit": JOURNAL_LIMIT})),
        _or_none(m.get(f"{pool_base}/reviews", s.token)),
        _or_none(m.get(pool_base, s.token)),
        _or_none(m.get(f"{pool_base}/outcome", s.token)),
        _or_none(m.get("/journal", s.token, params={"application_id": application_id, "limit": JOURNAL_LIMIT})),
    )
    cycle_id = application.get("cycle_id") or ""
    cycle, programmes, institutions, invitations, sheets = await asyncio.gather(
        _or_none(m.get(f"/cycles/{cycle_id}")),
        m.get("/programmes", params={"cycle_id": cycle_id, "limit": 500}),
        # a host's read of the identity names its institution by id in the journal (without
        # the catalog's list, the ids are shown)
        _or_none(m.get("/institutions", params={"limit": 500})),
        _or_none(m.get(f"/cycles/{cycle_id}/interviews", s.token, params={"application_id": application_id}))
        if entry is not None
        else nothing(),
        # the scoresheet changes of its cycle, for whoever reads the committee's journal
        _or_none(m.get("/journal", s.token, params=scoresheet_entries(cycle_id)))
        if matching_journal is not None
        else nothing(),
    )
    journals = (applications_journal, matching_journal, sheets)
    return render(
        request,
        "application_page/page.html",
        title="Application",
        title_of=(cycle or {}).get("name") or cycle_id,
        application=application,
        cycle_name=(cycle or {}).get("name") or cycle_id,
        reviews=reviews,
        nationality=(reviews or {}).get("nationality") or "",
        entry=entry,
        outcome=outcome,
        documents=documents_by_kind(documents or []) if documents is not None else None,
        preview_kind=preview_kind,
        letters=letters,
        interview=interview_of(invitations, application_id),
        local=local_time,
        journal={"items": merged_journal(*journals)} if any(j is not None for j in journals) else None,
        titles={p["id"]: p["title"] for p in programmes["items"]},
        institution_names={i["id"]: i["name"] for i in (institutions or {}).get("items") or []},
    )
