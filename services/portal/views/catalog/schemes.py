"""The catalog's schemes, defined by admins in the portal: the list (a page at a time, as the API
pages it), a new scheme, one changed (read as stored, the form's fields changed, the whole sent
back), and one removed after a confirmation (the service refuses one that has cycles). A
scheme's path of stages, sending countries and nominating authorities are set here; its
officers then define its cycles, programmes and quota rules (cycles.py and the others). Only
admins write schemes (the matching service's ``/schemes``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from babel.lists import format_list
from fastapi import APIRouter, Request

from services.portal.clients import ServiceError, services_of
from services.portal.domain import catalog_fields, scheme_form
from services.portal.domain.catalog_fields import PAGE_SIZE, isolated, page_offsets
from services.portal.domain.forms import past_the_end, whole_number
from services.portal.domain.problems import Message
from services.portal.i18n import country_name, locale_of, translate
from services.portal.views.catalog.common import FORM, read_as_stored, refusal_by_field, words_from
from services.portal.views.common import change_in_matching
from services.portal.web import checked_form, language_of, redirect, render, require_role, session_of

router = APIRouter(prefix="/admin")


_words = words_from(scheme_form.REFUSALS)


def _path(scheme_id: str) -> str:
    return f"/schemes/{quote(scheme_id, safe='')}"


def _list_address(offset: int = 0, scheme_id: str = "") -> str:
    query = f"?offset={offset}" if offset else ""
    return f"/admin/schemes{query}" + (f"#scheme-{scheme_id}" if scheme_id else "")


@router.get("/schemes")
async def schemes_page(request: Request):
    require_role(request, "admin")
    offset = whole_number(request.query_params.get("offset")) or 0
    page = await services_of(request).matching.get("/schemes", params={"limit": PAGE_SIZE, "offset": offset})
    last = past_the_end(offset, page["total"], PAGE_SIZE)
    if last is not None:  # an edited address, or a page emptied since its link was made
        return redirect(_list_address(last))
    before, after = page_offsets(offset, page["total"], PAGE_SIZE)
    return render(
        request,
        "catalog/schemes.html",
        title="Schemes",
        page=page,
        before=before,
        after=after,
        stages_of=scheme_form.stages_of,
        stage_key=scheme_form.stage_key,
    )


def _form(
    request: Request,
    values: dict[str, Any],
    *,
    scheme: dict[str, Any] | None = None,
    errors: dict | None = None,
    status_code: int = 200,
    back: int = 0,
):
    lang = language_of(request)
    countries = [(c, country_name(lang, c)) for c in scheme_form.offered_for(scheme)]
    return render(
        request,
        "catalog/scheme_form.html",
        status_code=status_code,
        title="Change the scheme" if scheme else "New scheme",
        scheme=scheme,
        values=values,
        errors=errors or {},
        back=back,
        countries=sorted(countries, key=lambda pair: pair[1]),
        stages=scheme_form.STAGES,
        optional=scheme_form.OPTIONAL,
        actions=scheme_form.ACTIONS,
        stage_key=scheme_form.stage_key,
        action_key=scheme_form.action_key,
        translated=catalog_fields.TRANSLATED,
    )


def _refusal(exc: ServiceError, scheme: dict[str, Any] | None) -> dict[str, Message]:
    """The service's refusal on the form's fields, the authorities' of the countries shown too."""
    return refusal_by_field(exc, scheme_form.fields_of(scheme_form.offered_for(scheme)), _words)


async def _warn(request: Request, saved: dict[str, Any]) -> None:
    """The service's warnings about a saved scheme, in the reader's language where the portal
    words them (else as the service did), each once. The cycles still admitting a country the
    scheme dropped are named, with those countries (the service's reason names them in English)."""
    lang = language_of(request)
    warnings = saved.get("warnings") or []
    named: list[str] = []
    if any(w.get("code") == scheme_form.DROPPED_CODE for w in warnings):
        cycles = await services_of(request).matching.get_all("/cycles", params={"scheme_id": saved["id"]})
        for cycle, extra in scheme_form.admitting_dropped(saved.get("eligible_countries") or [], cycles):
            countries = format_list([country_name(lang, c) for c in extra], locale=locale_of(lang))
            named.append(
                translate(lang, scheme_form.DROPPED_COUNTRY, cycle=isolated(cycle["name"]), countries=countries)
            )
    said = list(named)
    for warning in warnings:
        code = str(warning.get("code") or "")
        if code == scheme_form.DROPPED_CODE and named:
            continue  # its cycles are named above
        words = scheme_form.WARNINGS.get(code)
        said.append(translate(lang, words) if words else str(warning.get("reason") or ""))
    for reason in dict.fromkeys(said):
        session_of(request).flash("Saved, with a warning: {reason}", "info", reason=reason)


@router.get("/schemes/new")
async def new_scheme(request: Request):
    require_role(request, "admin")
    return _form(request, scheme_form.new_values())


@router.post("/schemes/new")
async def create_scheme(request: Request):
    s = require_role(request, "admin")
    form = await checked_form(request)
    body, errors = scheme_form.body_of(form)
    if errors:
        return _form(request, form, errors=errors, status_code=422)
    saved, refused = await change_in_matching(request, "POST", "/schemes", json=body)
    if refused is not None:
        return _form(request, form, errors=_refusal(refused, None), status_code=refused.status)
    s.flash("The scheme “{name}” was added.", "success", name=isolated(saved["name"]))
    await _warn(request, saved)
    return redirect(_list_address())


@router.get("/schemes/{scheme_id}/edit")
async def edit_scheme(request: Request, scheme_id: str):
    require_role(request, "admin")
    scheme = await read_as_stored(request, _path(scheme_id))
    back = whole_number(request.query_params.get("back")) or 0
    return _form(request, scheme_form.values_of(scheme), scheme=scheme, back=back)


@router.post("/schemes/{scheme_id}/edit")
async def update_scheme(request: Request, scheme_id: str):
    s = require_role(request, "admin")
    form = await checked_form(request)
    scheme = await read_as_stored(request, _path(scheme_id))
    back = whole_number(form.get("back")) or 0
    body, errors = scheme_form.body_of(form, scheme)
    if errors:
        return _form(request, form, scheme=scheme, errors=errors, status_code=422, back=back)
    saved, refused = await change_in_matching(request, "PUT", _path(scheme_id), json=body)
    if refused is not None:
        refusal = _refusal(refused, scheme)
        return _form(request, form, scheme=scheme, errors=refusal, status_code=refused.status, back=back)
    s.flash("The scheme “{name}” was saved.", "success", name=isolated(saved["name"]))
    await _warn(request, saved)
    return redirect(_list_address(back, scheme_id))


async def _removal_page(request: Request, scheme_id: str, *, error: Message | None = None, status_code=200):
    scheme = await services_of(request).matching.get(_path(scheme_id))
    return render(
        request,
        "catalog/scheme_remove.html",
        status_code=status_code,
        title="Remove the scheme?",
        scheme=scheme,
        error=error,
    )


@router.get("/schemes/{scheme_id}/remove")
async def remove_scheme_page(request: Request, scheme_id: str):
    require_role(request, "admin")
    return await _removal_page(request, scheme_id)


@router.post("/schemes/{scheme_id}/remove")
async def remove_scheme(request: Request, scheme_id: str):
    s = require_role(request, "admin")
    await checked_form(request)
    scheme = await services_of(request).matching.get(_path(scheme_id))  # its name, for the flash
    _, refused = await change_in_matching(request, "DELETE", _path(scheme_id))
    if refused is not None:
        error = refusal_by_field(refused, (), _words).get(FORM)
        return await _removal_page(request, scheme_id, error=error, status_code=refused.status)
    s.flash("The scheme “{name}” was removed.", "success", name=isolated(scheme["name"]))
    return redirect(_list_address())
