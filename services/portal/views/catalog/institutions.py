"""The catalog's institutions, defined by admins in the portal: the list (a page at a time, as the
API pages it), a new institution, one changed (read as stored, the form's fields changed, the
whole sent back), and one removed after a confirmation (the service refuses one that hosts
programmes, and the page says so). Only admins write institutions (the matching service's
``/institutions``); officers then choose a programme's host among them."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request

from services.portal.clients import services_of
from services.portal.domain import institution_form
from services.portal.domain.catalog_fields import PAGE_SIZE, isolated, page_offsets
from services.portal.domain.forms import past_the_end, whole_number
from services.portal.domain.problems import Message
from services.portal.i18n import country_name
from services.portal.views.catalog.common import FORM, flash_warnings, read_as_stored, refusal_by_field, words_from
from services.portal.views.common import change_in_matching
from services.portal.web import checked_form, language_of, redirect, render, require_role

router = APIRouter(prefix="/admin")


_words = words_from(institution_form.REFUSALS)


def _warning_words(code: str, _said: str) -> Message | None:
    return Message(institution_form.WARNINGS[code]) if code in institution_form.WARNINGS else None


def _path(institution_id: str) -> str:
    return f"/institutions/{quote(institution_id, safe='')}"


def _list_address(offset: int = 0, institution_id: str = "") -> str:
    query = f"?offset={offset}" if offset else ""
    return f"/admin/institutions{query}" + (f"#institution-{institution_id}" if institution_id else "")


@router.get("/institutions")
async def institutions_page(request: Request):
    require_role(request, "admin")
    offset = whole_number(request.query_params.get("offset")) or 0
    # by the name the reader reads (by id, "Asfendiyarov Kazakh National Medical University" stood
    # under "kaznmu"; by the English name, a Russian page looked unsorted): a catalog's few hundred
    # institutions are read whole and paged here
    every = await services_of(request).matching.get_all("/institutions")
    every.sort(key=lambda x: (" ".join(str(x.get("name") or "").split()).casefold(), x["id"]))
    page = {"items": every[offset : offset + PAGE_SIZE], "total": len(every), "offset": offset, "limit": PAGE_SIZE}
    last = past_the_end(offset, page["total"], PAGE_SIZE)
    if last is not None:  # an edited address, or a page emptied since its link was made
        return redirect(_list_address(last))
    before, after = page_offsets(offset, page["total"], PAGE_SIZE)
    return render(
        request,
        "catalog/institutions.html",
        title="Institutions",
        page=page,
        before=before,
        after=after,
        kind_key=institution_form.kind_key,
    )


def _form(
    request: Request,
    values: dict[str, Any],
    *,
    institution: dict[str, Any] | None = None,
    errors: dict | None = None,
    status_code: int = 200,
    back: int = 0,
):
    lang = language_of(request)
    stored_country = str((institution or {}).get("country") or "")
    countries = [(c, country_name(lang, c)) for c in institution_form.countries_offered(stored_country)]
    return render(
        request,
        "catalog/institution_form.html",
        status_code=status_code,
        title="Change the institution" if institution else "New institution",
        institution=institution,
        values=values,
        errors=errors or {},
        back=back,
        countries=sorted(countries, key=lambda pair: pair[1]),
        kinds=institution_form.kinds_offered(str((institution or {}).get("kind") or "")),
        kind_key=institution_form.kind_key,
    )


@router.get("/institutions/new")
async def new_institution(request: Request):
    require_role(request, "admin")
    return _form(request, institution_form.new_values())


@router.post("/institutions/new")
async def create_institution(request: Request):
    s = require_role(request, "admin")
    form = await checked_form(request)
    body, errors = institution_form.body_of(form)
    if errors:
        return _form(request, form, errors=errors, status_code=422)
    saved, refused = await change_in_matching(request, "POST", "/institutions", json=body)
    if refused is not None:
        refusal = refusal_by_field(refused, institution_form.FIELDS, _words)
        return _form(request, form, errors=refusal, status_code=refused.status)
    s.flash("The institution “{name}” was added.", "success", name=isolated(saved["name"]))
    flash_warnings(request, saved, _warning_words)
    return redirect(_list_address())


@router.get("/institutions/{institution_id}/edit")
async def edit_institution(request: Request, institution_id: str):
    require_role(request, "admin")
    institution = await read_as_stored(request, _path(institution_id))
    back = whole_number(request.query_params.get("back")) or 0
    return _form(request, institution_form.values_of(institution), institution=institution, back=back)


@router.post("/institutions/{institution_id}/edit")
async def update_institution(request: Request, institution_id: str):
    s = require_role(request, "admin")
    form = await checked_form(request)
    institution = await read_as_stored(request, _path(institution_id))
    back = whole_number(form.get("back")) or 0
    body, errors = institution_form.body_of(form, institution)
    if errors:
        return _form(request, form, institution=institution, errors=errors, status_code=422, back=back)
    saved, refused = await change_in_matching(request, "PUT", _path(institution_id), json=body)
    if refused is not None:
        refusal = refusal_by_field(refused, institution_form.FIELDS, _words)
        return _form(request, form, institution=institution, errors=refusal, status_code=refused.status, back=back)
    s.flash("The institution “{name}” was saved.", "success", name=isolated(saved["name"]))
    flash_warnings(request, saved, _warning_words)
    return redirect(_list_address(back, institution_id))


async def _removal_page(request: Request, institution_id: str, *, error: Message | None = None, status_code=200):
    institution = await services_of(request).matching.get(_path(institution_id))
    return render(
        request,
        "catalog/institution_remove.html",
        status_code=status_code,
        title="Remove the institution?",
        institution=institution,
        kind_key=institution_form.kind_key,
        error=error,
    )


@router.get("/institutions/{institution_id}/remove")
async def remove_institution_page(request: Request, institution_id: str):
    require_role(request, "admin")
    return await _removal_page(request, institution_id)


@router.post("/institutions/{institution_id}/remove")
async def remove_institution(request: Request, institution_id: str):
    s = require_role(request, "admin")
    await checked_form(request)
    institution = await services_of(request).matching.get(_path(institution_id))  # its name, for the flash
    _, refused = await change_in_matching(request, "DELETE", _path(institution_id))
    if refused is not None:
        error = refusal_by_field(refused, (), _words).get(FORM)
        return await _removal_page(request, institution_id, error=error, status_code=refused.status)
    s.flash("The institution “{name}” was removed.", "success", name=isolated(institution["name"]))
    return redirect(_list_address())
