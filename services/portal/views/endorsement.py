"""Endorsement by the home institution (issue 14): a coordinator's cycles and home institutions
(``/endorsements``: endorsed, not endorsed and undecided counts, the deadline) and one
institution's applicants in a cycle (``/endorsements/{cycle}/{institution}``: sort, filter by
state, search by name, page; endorse one, not endorse one with a reason for the applicant, or
endorse the ticked ones at once, perhaps as a named cohort). Officers of the scheme read the
same pages. Everything goes through the matching service's API as the logged-in user; the
service decides scope and deadlines, and its refusals are said on the page."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from services.portal.clients import ServiceError, services_of
from services.portal.domain.award import choice_names
from services.portal.domain.endorsement import (
    STATES,
    has_endorsement,
    refusal_fields,
    request_of,
    settled_note,
    view_of,
    worded_for,
)
from services.portal.web import checked_form, redirect, render, require_role, session_of
from shared.events.catalog import Stage

router = APIRouter()
READERS = ("coordinator", "officer", "admin")
# who sets endorsements (the service answers 403 to an officer's PUT: its pages are read-only)
SETTERS = ("coordinator", "admin")
PAGE = 50
ALL = 500  # the services' largest page


def _query(view: dict[str, Any], **change: Any) -> str:
    return urlencode({k: v for k, v in (view | change).items() if v not in ("", None)})


@router.get("/endorsements")
async def endorsements_home(request: Request):
    """Every cycle in use (not archived) of a scheme with an endorsement stage, with the home
    institutions the caller may see in it (the service answers only those)."""
    s = require_role(request, *READERS)
    m = services_of(request).matching
    schemes, cycles = await asyncio.gather(
        m.get("/schemes", params={"limit": ALL}), m.get("/cycles", params={"limit": ALL, "archived": "false"})
    )
    endorsing = {x["id"] for x in schemes["items"] if has_endorsement(x)}
    shown = [c for c in cycles["items"] if c["scheme_id"] in endorsing]

    async def summaries_of(cycle: dict) -> list[dict]:
        try:
            answer = await m.get(f"/cycles/{cycle['id']}/endorsements", s.token)
        except ServiceError as exc:
            if exc.status in (403, 404, 409):  # not this caller's scheme, or no stage after all
                return []
            raise
        return list(answer.get("items", []) if isinstance(answer, dict) else answer or [])

    found = await asyncio.gather(*(summaries_of(c) for c in shown))
    lists = [{"cycle": c, "institutions": i} for c, i in zip(shown, found, strict=True) if i]
    return render(request, "endorsement/index.html", title="Endorsements", lists=lists)


async def _pool_page(
    request: Request,
    cycle_id: str,
    institution_id: str,
    *,
    errors: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
):
    s = require_role(request, *READERS)
    m = services_of(request).matching
    view = view_of(request.query_params)
    params = {k: v for k, v in view.items() if v not in ("", None)} | {"limit": PAGE}
    path = f"/cycles/{cycle_id}/endorsements/{institution_id}"
    summary, candidates, cycle, programmes, institutions = await asyncio.gather(
        m.get(path, s.token),
        m.get(f"{path}/candidates", s.token, params=params),
        m.get(f"/cycles/{cycle_id}"),
        m.get("/programmes", params={"cycle_id": cycle_id, "limit": ALL}),
        m.get("/institutions", params={"limit": ALL}),
    )
    is_open = summary.get("open", True) is not False
    try:
        scheme = await m.get(f"/schemes/{cycle['scheme_id']}")
    except ServiceError:  # the words fall back to "placed in a round or nominated"
        scheme = {"path": [Stage.NOMINATION.value]}
    return render(
        request,
        "endorsement/pool.html",
        status_code=status_code,
        title="Endorsements",
        title_of=f"{cycle.get('name') or cycle_id} · {summary.get('institution') or institution_id}",
        summary=summary,
        cycle=cycle,
        institution_id=institution_id,
        candidates=candidates,
        titles=choice_names(programmes["items"], institutions["items"]),
        view=view,
        query=_query(view),
        link=lambda **change: f"/endorsements/{cycle_id}/{institution_id}?{_query(view, **change)}",
        # the documents and letters pages lead back to this table as it is shown
        back=urlencode({"back": f"/endorsements/{cycle_id}/{institution_id}?{_query(view)}".rstrip("?")}),
        page_size=PAGE,
        states=STATES,
        can_set=s.role in SETTERS and is_open,
        read_only=s.role not in SETTERS,
        closed=not is_open,
        errors=worded_for(errors or {}, scheme),
        settled_note=settled_note(scheme),
        values=values or {},
    )


@router.get("/endorsements/{cycle_id}/{institution_id}")
async def pool(request: Request, cycle_id: str, institution_id: str):
    return await _pool_page(request, cycle_id, institution_id)


@router.post("/endorsements/{cycle_id}/{institution_id}")
async def decide(request: Request, cycle_id: str, institution_id: str):
    """The button pressed: one applicant endorsed or not, or the ticked ones endorsed (as a
    cohort when named). A refusal is said on the page, at the row it concerns."""
    require_role(request, *SETTERS)
    form = await checked_form(request)
    asked = request_of(form)
    ticked = form.get("selected[]") or []
    # what was typed and ticked, shown again with the problems
    values = {
        "cohort": str(form.get("cohort") or ""),
        "selected": {ticked} if isinstance(ticked, str) else set(ticked),
        **{k: str(v) for k, v in form.items() if k.startswith("reason.")},
    }
    if asked.body is None:
        return await _pool_page(request, cycle_id, institution_id, errors=asked.errors, values=values, status_code=422)
    s = session_of(request)
    path = f"/cycles/{cycle_id}/endorsements/{institution_id}"
    try:
        await services_of(request).matching.put(path, s.token, json=asked.body)
    except ServiceError as exc:
        if exc.status == 401:
            raise
        errors = refusal_fields(((e.field, e.message) for e in exc.errors), asked.body)
        return await _pool_page(request, cycle_id, institution_id, errors=errors, values=values, status_code=exc.status)
    s.flash(str(asked.done), "success", **asked.done.params)
    query = request.url.query
    return redirect(f"/endorsements/{cycle_id}/{institution_id}" + (f"?{query}" if query else ""))
