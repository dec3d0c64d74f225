"""A cycle's programmes defined in the portal: the list (a page at a time, as the API pages it),
a new programme, a programme changed (read as stored, the form's fields changed, the whole sent
back), and a programme removed after a confirmation (the service refuses one that submitted
applications chose or a match holds a seat in, and the page says so). The pages are for the
officers of the cycle's scheme (and admins); anyone else is refused them."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request

from services.portal.clients import FieldError, ServiceError, services_of
from services.portal.domain import programme_form, quota_rule_form
from services.portal.domain.catalog_fields import PAGE_SIZE, isolated, page_offsets
from services.portal.domain.forms import CERTIFICATES, DOCUMENT_KINDS, past_the_end, whole_number
from services.portal.domain.problems import Message
from services.portal.i18n import CATALOGS
from services.portal.quota_words import worded_label
from services.portal.views.catalog.common import (
    FORM,
    STAFF,
    flash_warnings,
    managed_cycle,
    read_as_stored,
    refusal_by_field,
    words_from,
)
from services.portal.views.common import change_in_matching
from services.portal.web import (
    checked_form,
    claims_of,
    language_of,
    redirect,
    render,
    require_role,
    session_of,
)

router = APIRouter(prefix="/officer")
# the fields of study the portal words in every language: offered as the field's suggestions
KNOWN_FIELDS = sorted(key.removeprefix("field:") for key in CATALOGS["en"] if key.startswith("field:"))


def _quota_words(error: FieldError) -> Message | None:
    # a change that would break a quota rule of the cycle (the service rechecks them)
    return quota_rule_form.problem_message(error.code, error.reason)


_words = words_from(programme_form.REFUSALS, _quota_words)


def _warning_words(code: str, said: str) -> Message | None:
    """No seats, an unusual level, fewer seats than places, a quota rule made moot."""
    if code in programme_form.WARNINGS:
        return Message(programme_form.WARNINGS[code])
    return quota_rule_form.problem_message(code, said)


def _list_address(cycle_id: str, offset: int = 0, programme_id: str = "") -> str:
    query = f"?offset={offset}" if offset else ""
    return f"/officer/cycles/{cycle_id}/programmes{query}" + (f"#programme-{programme_id}" if programme_id else "")


@router.get("/cycles/{cycle_id}/programmes")
async def programmes_page(request: Request, cycle_id: str):
    require_role(request, *STAFF)
    offset = whole_number(request.query_params.get("offset")) or 0
    m = services_of(request).matching
    cycle, page, institutions = await asyncio.gather(
        managed_cycle(request, cycle_id),
        m.get("/programmes", params={"cycle_id": cycle_id, "limit": PAGE_SIZE, "offset": offset}),
        m.get_all("/institutions"),
    )
    last = past_the_end(offset, page["total"], PAGE_SIZE)
    if last is not None:  # an edited address, or a page emptied since its link was made
        return redirect(_list_address(cycle_id, last))
    before, after = page_offsets(offset, page["total"], PAGE_SIZE)
    return render(
        request,
        "catalog/programmes.html",
        title="Programmes",
        cycle=cycle,
        page=page,
        hosts={x["id"]: x["name"] for x in institutions},
        before=before,
        after=after,
    )


async def _form(
    request: Request,
    cycle: dict[str, Any],
    values: dict[str, Any],
    *,
    programme: dict[str, Any] | None = None,
    errors: dict | None = None,
    status_code: int = 200,
    back: int = 0,
):
    s = session_of(request)
    institutions = await services_of(request).matching.get_all("/institutions")
    scoped = (claims_of(s.token or "").get("institutions") or []) if s.role == "officer" else []
    current = (programme or {}).get("host_institution_id") or ""
    return render(
        request,
        "catalog/programme_form.html",
        status_code=status_code,
        title="Change the programme" if programme else "New programme",
        cycle=cycle,
        programme=programme,
        values=values,
        errors=errors or {},
        back=back,
        hosts=programme_form.hosts_offered(institutions, scoped, current),
        instruction_languages=programme_form.languages_offered(str(values.get("language") or "")),
        levels=programme_form.LEVELS,
        certificates=CERTIFICATES,
        documents=DOCUMENT_KINDS,
        positions=programme_form.POSITIONS,
        covers=programme_form.COVERS,
        known_fields=KNOWN_FIELDS,
    )


@router.get("/cycles/{cycle_id}/programmes/new")
async def new_programme(request: Request, cycle_id: str):
    require_role(request, *STAFF)
    cycle = await managed_cycle(request, cycle_id)
    return await _form(request, cycle, programme_form.new_values())


@router.post("/cycles/{cycle_id}/programmes/new")
async def create_programme(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    cycle = await managed_cycle(request, cycle_id)
    body, errors = programme_form.body_of(form, cycle_id)
    if errors:
        values = programme_form.with_suggested_id(form)
        return await _form(request, cycle, values, errors=errors, status_code=422)
    saved, refused = await change_in_matching(request, "POST", "/programmes", json=body)
    if refused is not None:
        # the id made from the title shown in its field: "this id exists" about an id nobody typed
        return await _form(
            request,
            cycle,
            programme_form.with_suggested_id(form),
            errors=refusal_by_field(refused, programme_form.FIELDS, _words),
            status_code=refused.status,
        )
    s.flash("The programme “{title}” was added.", "success", title=isolated(saved["title"]))
    flash_warnings(request, saved, _warning_words)
    return redirect(_list_address(cycle_id))


@router.get("/programmes/{programme_id}/edit")
async def edit_programme(request: Request, programme_id: str):
    require_role(request, *STAFF)
    programme = await read_as_stored(request, f"/programmes/{programme_id}")
    cycle = await managed_cycle(request, programme["cycle_id"])
    back = whole_number(request.query_params.get("back")) or 0
    return await _form(request, cycle, programme_form.values_of(programme), programme=programme, back=back)


@router.post("/programmes/{programme_id}/edit")
async def update_programme(request: Request, programme_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    programme = await read_as_stored(request, f"/programmes/{programme_id}")
    cycle_id = programme["cycle_id"]
    cycle = await managed_cycle(request, cycle_id)
    back = whole_number(form.get("back")) or 0
    body, errors = programme_form.body_of(form, cycle_id, programme)
    if errors:
        return await _form(request, cycle, form, programme=programme, errors=errors, status_code=422, back=back)
    saved, refused = await change_in_matching(request, "PUT", f"/programmes/{programme_id}", json=body)
    if refused is not None:
        refusals = refusal_by_field(refused, programme_form.FIELDS, _words)
        return await _form(
            request, cycle, form, programme=programme, errors=refusals, status_code=refused.status, back=back
        )
    s.flash("The programme “{title}” was saved.", "success", title=isolated(saved["title"]))
    flash_warnings(request, saved, _warning_words)
    return redirect(_list_address(cycle_id, back, programme_id))


async def _remove_page(
    request: Request,
    programme_id: str,
    *,
    programme: dict[str, Any] | None = None,
    error: Message | None = None,
    rules: list[dict[str, Any]] | None = None,
    status_code: int = 200,
):
    """The confirmation; ``programme``: already read (a refused removal read it before);
    ``rules``: the quota rules that refused it."""
    m = services_of(request).matching
    programme = programme or await m.get(f"/programmes/{programme_id}")
    cycle, host = await asyncio.gather(
        managed_cycle(request, programme["cycle_id"]), m.get(f"/institutions/{programme['host_institution_id']}")
    )
    return render(
        request,
        "catalog/programme_remove.html",
        status_code=status_code,
        title="Remove the programme?",
        cycle=cycle,
        programme=programme,
        host=host,
        error=error,
        rules=rules or [],
    )


async def _rules_named_in(request: Request, refused: ServiceError) -> list[dict[str, Any]]:
    """The quota rules a refused removal names (``quota_rules.<id>``), read for their labels:
    the officer is told which rule to change, not only that one exists."""
    ids = dict.fromkeys(
        e.field.removeprefix("quota_rules.") for e in refused.errors if e.field.startswith("quota_rules.")
    )
    m, token = services_of(request).matching, session_of(request).token

    async def read(rule_id: str) -> dict[str, Any] | None:
        try:
            return await m.get(f"/quota-rules/{quote(rule_id, safe='')}", token)
        except ServiceError:  # removed meanwhile: the sentence still says what to do
            return None

    lang = language_of(request)
    found = [r for r in await asyncio.gather(*(read(i) for i in ids if i)) if r is not None]
    # each label's placeholders ("{programme}") in words
    return [{**r, "label": worded_label(str(r.get("label") or ""), lang, r.get("scope"))} for r in found]


@router.get("/programmes/{programme_id}/remove")
async def remove_programme_page(request: Request, programme_id: str):
    require_role(request, *STAFF)
    return await _remove_page(request, programme_id)


@router.post("/programmes/{programme_id}/remove")
async def remove_programme(request: Request, programme_id: str):
    s = require_role(request, *STAFF)
    await checked_form(request)
    programme = await services_of(request).matching.get(f"/programmes/{programme_id}")  # its cycle, the way back
    _, refused = await change_in_matching(request, "DELETE", f"/programmes/{programme_id}")
    if refused is not None:
        error = refusal_by_field(refused, (), _words).get(FORM)
        rules = await _rules_named_in(request, refused)
        return await _remove_page(
            request, programme_id, programme=programme, error=error, rules=rules, status_code=refused.status
        )
    s.flash("The programme “{title}” was removed.", "success", title=isolated(programme["title"]))
    return redirect(_list_address(programme["cycle_id"]))
