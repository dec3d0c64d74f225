"""A scheme's cycles defined in the portal: a new cycle (its scheme chosen first, when the
officer manages more than one), a cycle changed, a cycle removed (the service refuses one that
has programmes, quota rules or rounds, and says so)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from services.portal.clients import services_of
from services.portal.domain import cycle_form
from services.portal.domain.problems import Message
from services.portal.i18n import country_name
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
    WrongRole,
    checked_form,
    language_of,
    redirect,
    render,
    require_role,
    schemes_managed,
    session_of,
)
from shared.translations import in_language

router = APIRouter(prefix="/officer")


async def _schemes(request: Request) -> list[dict[str, Any]]:
    s = require_role(request, *STAFF)
    return schemes_managed(s, await services_of(request).matching.get_all("/schemes", s.token))


def _countries(request: Request, scheme: dict[str, Any], chosen: list[str]) -> list[tuple[str, str]]:
    """The countries a cycle may admit, named in the reader's language: the scheme's, and any
    the cycle still admits that the scheme dropped (shown, so a change can drop them)."""
    lang = language_of(request)
    codes = sorted({*scheme.get("eligible_countries", []), *chosen})
    return sorted(((c, country_name(lang, c)) for c in codes), key=lambda pair: pair[1])


def _form(
    request: Request,
    scheme: dict[str, Any],
    values: dict[str, Any],
    *,
    cycle: dict[str, Any] | None = None,
    errors: dict | None = None,
    status_code: int = 200,
):
    return render(
        request,
        "catalog/cycle_form.html",
        status_code=status_code,
        title="Change the cycle" if cycle else "New cycle",
        scheme=scheme,
        cycle=cycle,
        values=values,
        errors=errors or {},
        countries=_countries(request, scheme, values.get("eligible_countries[]") or []),
        # the cycle is read as typed, for the form; the page names it in the reader's language
        shown_name=in_language(cycle["name"], cycle.get("translations") or {}, language_of(request)) if cycle else "",
        deadlines=cycle_form.deadlines_of(scheme.get("path") or []),
        translated=cycle_form.TRANSLATED,
        weights=cycle_form.WEIGHTS,
    )


@router.get("/cycles/new")
async def new_cycle(request: Request):
    schemes = await _schemes(request)
    chosen = next((x for x in schemes if x["id"] == request.query_params.get("scheme_id")), None)
    if chosen is None and len(schemes) == 1:
        chosen = schemes[0]
    if chosen is None:  # the scheme first: it decides the countries and the stages' deadlines
        return render(request, "catalog/cycle_scheme.html", title="New cycle", schemes=schemes)
    return _form(request, chosen, cycle_form.new_values(chosen))


@router.post("/cycles/new")
async def create_cycle(request: Request):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    schemes = await _schemes(request)
    scheme = next((x for x in schemes if x["id"] == form.get("scheme_id")), None)
    if scheme is None:
        return render(
            request,
            "catalog/cycle_scheme.html",
            status_code=422,
            title="New cycle",
            schemes=schemes,
            errors={"scheme_id": "Choose a scheme you manage."},
        )
    body, errors = cycle_form.body_of(form, scheme)
    if errors:
        return _form(request, scheme, form, errors=errors, status_code=422)
    saved, refused = await change_in_matching(request, "POST", "/cycles", json=body)
    if refused is not None:
        refusal = refusal_by_field(refused, cycle_form.FIELDS, _words)
        return _form(request, scheme, form, errors=refusal, status_code=refused.status)
    s.flash("The cycle was created. Add its programmes next.", "success")
    flash_warnings(request, saved, _warning_words)
    return redirect(f"/officer/cycles/{saved['id']}/programmes")


_words = words_from(cycle_form.REFUSALS)


def _warning_words(code: str, _said: str) -> Message | None:
    return Message(cycle_form.WARNINGS[code]) if code in cycle_form.WARNINGS else None


async def _stored(request: Request, cycle_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The cycle as typed, and its scheme; a cycle of a scheme the officer does not manage is
    not theirs to change (the service would refuse the save: the form is not offered)."""
    cycle = await read_as_stored(request, f"/cycles/{cycle_id}")
    scheme = await services_of(request).matching.get(f"/schemes/{cycle['scheme_id']}")
    if not schemes_managed(session_of(request), [scheme]):
        raise WrongRole()
    return cycle, scheme


# An archived cycle is not changed (its window reopened, applicants had applied to a cycle no
# list showed): the service refuses it, the form is not offered.
ARCHIVED = "This cycle is archived: bring it back before changing it."


@router.get("/cycles/{cycle_id}/edit")
async def edit_cycle(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    cycle, scheme = await _stored(request, cycle_id)
    if cycle.get("archived_at"):
        s.flash(ARCHIVED, "error")
        return redirect(f"/officer/cycles/{cycle_id}")
    return _form(request, scheme, cycle_form.values_of(cycle), cycle=cycle)


@router.post("/cycles/{cycle_id}/edit")
async def update_cycle(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    cycle, scheme = await _stored(request, cycle_id)
    body, errors = cycle_form.body_of(form, scheme, cycle)
    if errors:
        return _form(request, scheme, form, cycle=cycle, errors=errors, status_code=422)
    saved, refused = await change_in_matching(request, "PUT", f"/cycles/{cycle_id}", json=body)
    if refused is not None and refused.code == "cycle.archived":  # archived meanwhile
        s.flash(ARCHIVED, "error")
        return redirect(f"/officer/cycles/{cycle_id}")
    if refused is not None:
        refusal = refusal_by_field(refused, cycle_form.FIELDS, _words)
        return _form(request, scheme, form, cycle=cycle, errors=refusal, status_code=refused.status)
    s.flash("The cycle was saved.", "success")
    flash_warnings(request, saved, _warning_words)
    return redirect(f"/officer/cycles/{cycle_id}")


async def _removal_page(request: Request, cycle_id: str, *, error: Message | None = None, status_code: int = 200):
    cycle = await managed_cycle(request, cycle_id)
    return render(
        request,
        "catalog/cycle_remove.html",
        status_code=status_code,
        title="Remove the cycle?",
        cycle=cycle,
        error=error,
    )


@router.get("/cycles/{cycle_id}/remove")
async def remove_cycle_page(request: Request, cycle_id: str):
    require_role(request, *STAFF)
    return await _removal_page(request, cycle_id)


@router.post("/cycles/{cycle_id}/remove")
async def remove_cycle(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    await checked_form(request)
    _, refused = await change_in_matching(request, "DELETE", f"/cycles/{cycle_id}")
    if refused is not None:
        error = refusal_by_field(refused, (), _words).get(FORM)
        return await _removal_page(request, cycle_id, error=error, status_code=refused.status)
    s.flash("The cycle was removed.", "success")
    return redirect("/officer")
