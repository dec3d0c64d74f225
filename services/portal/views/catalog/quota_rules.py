"""A cycle's quota rules: listed as the officer's cycle page words them, added and changed in
one form (checked against the cycle's catalog without saving, or saved), and removed after a
confirmation that says what the rule was. The matching service checks and keeps them
(``/quota-rules``); the form's values and body are domain/quota_rule_form.py."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request

from services.portal.clients import FieldError, services_of
from services.portal.domain import quota_rule_form as rule_form
from services.portal.domain.forms import COUNTRIES
from services.portal.domain.problems import Message
from services.portal.i18n import translate
from services.portal.quota_words import EACH, Words
from services.portal.views.catalog.common import STAFF, read_as_stored, refusal_by_field
from services.portal.views.common import change_in_matching
from services.portal.web import checked_form, language_of, redirect, render, require_role, session_of

router = APIRouter(prefix="/officer")


def _words(error: FieldError) -> Message | None:
    """A problem of the rule (its code) in the form's words."""
    return rule_form.problem_message(error.code, error.reason)


def _list_address(cycle_id: str) -> str:
    return f"/officer/cycles/{quote(cycle_id, safe='')}/quota-rules"


def _rule_path(rule_id: str) -> str:
    return f"/quota-rules/{quote(rule_id, safe='')}"


@dataclass
class CycleCatalog:
    """A cycle and what its rules are written with: words for its values, and the values
    each dimension can take."""

    cycle: dict[str, Any]
    words: Words
    offered: dict[str, list[str]]


async def _catalog(request: Request, cycle_id: str) -> CycleCatalog:
    s = session_of(request)
    m = services_of(request).matching
    cycle, programmes, institutions = await asyncio.gather(
        m.get(f"/cycles/{quote(cycle_id, safe='')}", s.token),
        m.get_all("/programmes", params={"cycle_id": cycle_id}),
        m.get_all("/institutions"),
    )
    countries = cycle.get("eligible_countries") or []
    if not countries:  # the cycle takes its scheme's; a scheme of none takes any country
        scheme = await m.get(f"/schemes/{quote(str(cycle.get('scheme_id') or ''), safe='')}", s.token)
        countries = scheme.get("eligible_countries") or [code for code, _name in COUNTRIES]
    words = Words(language_of(request), {p["id"]: p for p in programmes}, {i["id"]: i["name"] for i in institutions})
    return CycleCatalog(cycle, words, rule_form.catalog_values(programmes, countries))


async def _stored_rule(request: Request, rule_id: str) -> dict[str, Any]:
    """The rule as stored, for an officer of its scheme (the service's 403 and 404 are error pages)."""
    return await read_as_stored(request, _rule_path(rule_id))


# --- the list -------------------------------------------------------------------------------------


@router.get("/cycles/{cycle_id}/quota-rules")
async def rules_page(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    rules, catalog = await asyncio.gather(
        services_of(request).matching.get_all("/quota-rules", s.token, params={"cycle_id": cycle_id}),
        _catalog(request, cycle_id),
    )
    # a label's placeholders ("{programme}") in words: "each programme"
    shown = [{**r, "heading": catalog.words.rule(r, r["label"]), "label": catalog.words.label(r)} for r in rules]
    return render(request, "catalog/quota_rules.html", title="Quota rules", cycle=catalog.cycle, rules=shown)


# --- one form for a new rule and a changed one ------------------------------------------------------


def _form_page(
    request: Request,
    catalog: CycleCatalog,
    values: dict[str, Any],
    *,
    stored: dict[str, Any] | None = None,
    errors: dict[str, Any] | None = None,
    warnings: dict[str, Any] | None = None,
    checked: list[rule_form.Found] | None = None,
    caps: CapsMade | None = None,
    status_code: int = 200,
):
    cycle = catalog.cycle
    new = stored is None
    lang = language_of(request)
    return render(
        request,
        "catalog/quota_rule_form.html",
        status_code=status_code,
        title="New quota rule" if new else "Change the quota rule",
        cycle=cycle,
        new=new,
        action=f"{_list_address(cycle['id'])}/new" if new else f"/officer/quota-rules/{quote(values['id'])}/edit",
        list_address=_list_address(cycle["id"]),
        values=values,
        errors=errors or {},
        warnings=warnings or {},
        checked=checked,
        caps=caps,
        heading=None if stored is None else catalog.words.rule(stored, str(stored.get("label") or "")),
        per_options=rule_form.per_options(values["per"], {d: translate(lang, w) for d, w in EACH.items()}),
        scope_options=rule_form.scope_options(catalog.offered, values["scope"], catalog.words.value),
        scope_name=rule_form.scope_name,
    )


CAPS_SHOWN = 50


@dataclass
class CapsMade:
    """The caps a checked rule would make now (the first ``CAPS_SHOWN``), worded for the page."""

    rows: list[dict[str, Any]]
    total: int
    share: bool


async def _caps(request: Request, catalog: CycleCatalog, values: dict[str, Any], body: dict[str, Any]) -> CapsMade:
    """What the limit comes to: "40 % of 3 seats" is 1 place, per country and programme."""
    page = await services_of(request).matching.post(
        "/quota-rules/preview",
        session_of(request).token,
        params={"limit": CAPS_SHOWN},
        json={"id": values["id"], **body},
    )
    per = [d for d in values["per"] if d not in ("scheme", "cycle")]
    rows = [
        {
            "what": catalog.words.values({d: c["scope"][d] for d in per if d in c["scope"]}),
            "cap": c["cap"],
            "seats": c["seats"],
            "programmes": c["programmes"],
        }
        for c in page["items"]
    ]
    return CapsMade(rows, page["total"], values["limit"] == "share")


async def _check_or_save(request: Request, catalog: CycleCatalog, form: dict[str, Any], stored: dict[str, Any] | None):
    """The form's "Check" asks the service for every problem of the rule and saves nothing; its
    "Save" (the default button, pressed by Enter) saves it and goes back to the list. Either way
    a refusal comes back on the form with what was typed."""
    s = session_of(request)
    cycle_id = catalog.cycle["id"]
    values = rule_form.typed(form, None if stored is None else stored["id"])
    errors = rule_form.form_problems(values, new=stored is None)
    if errors:
        return _form_page(request, catalog, values, stored=stored, errors=errors, status_code=422)
    body = rule_form.rule_body(values, cycle_id, stored)
    if form.get("action") == "check":
        answer, refusal = await change_in_matching(
            request, "POST", "/quota-rules/validate", json={"id": values["id"], **body}
        )
    elif stored is None:
        answer, refusal = await change_in_matching(request, "POST", "/quota-rules", json=body)
    else:
        answer, refusal = await change_in_matching(request, "PUT", _rule_path(stored["id"]), json=body)
    if refusal is not None:
        if refusal.status in (403, 404):  # outside the officer's schemes, or gone: the error page
            raise refusal
        refused = rule_form.by_form_field(refusal_by_field(refusal, rule_form.SERVICE_FIELDS, _words))
        return _form_page(request, catalog, values, stored=stored, errors=refused, status_code=refusal.status)
    if form.get("action") == "check":
        found = rule_form.found_problems(answer)
        caps = None if any(f.is_error for f in found) else await _caps(request, catalog, values, body)
        return _form_page(
            request,
            catalog,
            values,
            stored=stored,
            errors=rule_form.first_by_field(found, errors=True),
            warnings=rule_form.first_by_field(found, errors=False),
            checked=found,
            caps=caps,
        )
    s.flash("The quota rule “{label}” was saved.", "success", label=catalog.words.label(answer))
    lang = language_of(request)
    for problem in rule_form.found_problems(answer.get("warnings") or []):
        s.flash("Saved, with a warning: {reason}", "info", reason=translate(lang, problem.message))
    return redirect(_list_address(cycle_id))


@router.get("/cycles/{cycle_id}/quota-rules/new")
async def new_rule_page(request: Request, cycle_id: str):
    s = require_role(request, *STAFF)
    # the cycle's rules: their ids are taken (and an officer outside the scheme meets the 403 here)
    rules, catalog = await asyncio.gather(
        services_of(request).matching.get_all("/quota-rules", s.token, params={"cycle_id": cycle_id}),
        _catalog(request, cycle_id),
    )
    suggested = rule_form.suggested_id(cycle_id, (r["id"] for r in rules))
    return _form_page(request, catalog, rule_form.new_values(suggested))


@router.post("/cycles/{cycle_id}/quota-rules/new")
async def add_rule(request: Request, cycle_id: str):
    require_role(request, *STAFF)
    form = await checked_form(request)
    return await _check_or_save(request, await _catalog(request, cycle_id), form, None)


@router.get("/quota-rules/{rule_id}/edit")
async def change_rule_page(request: Request, rule_id: str):
    require_role(request, *STAFF)
    stored = await _stored_rule(request, rule_id)
    catalog = await _catalog(request, stored["cycle_id"])
    return _form_page(request, catalog, rule_form.values_of(stored), stored=stored)


@router.post("/quota-rules/{rule_id}/edit")
async def change_rule(request: Request, rule_id: str):
    require_role(request, *STAFF)
    form = await checked_form(request)
    stored = await _stored_rule(request, rule_id)
    return await _check_or_save(request, await _catalog(request, stored["cycle_id"]), form, stored)


# --- removal, after a confirmation ------------------------------------------------------------------


async def _removal_page(request: Request, stored: dict[str, Any], *, errors: dict | None = None, status_code=200):
    catalog = await _catalog(request, stored["cycle_id"])
    return render(
        request,
        "catalog/quota_rule_remove.html",
        status_code=status_code,
        title="Remove the quota rule",
        cycle=catalog.cycle,
        rule={**stored, "label": catalog.words.label(stored)},
        heading=catalog.words.rule(stored, stored["label"]),
        list_address=_list_address(stored["cycle_id"]),
        errors=errors or {},
    )


@router.get("/quota-rules/{rule_id}/remove")
async def removal_page(request: Request, rule_id: str):
    require_role(request, *STAFF)
    return await _removal_page(request, await _stored_rule(request, rule_id))


@router.post("/quota-rules/{rule_id}/remove")
async def remove_rule(request: Request, rule_id: str):
    s = require_role(request, *STAFF)
    form = await checked_form(request)
    stored, missing = await change_in_matching(request, "GET", _rule_path(rule_id))
    if missing is not None:
        cycle_id = str(form.get("cycle_id") or "")
        if missing.status == 404 and rule_form.ID.fullmatch(cycle_id):  # sent twice, say: the list says it
            s.flash("This quota rule was already removed.", "info")
            return redirect(_list_address(cycle_id))
        raise missing
    _, refusal = await change_in_matching(request, "DELETE", _rule_path(rule_id))
    if refusal is not None:
        if refusal.status in (403, 404):
            raise refusal
        return await _removal_page(request, stored, errors={"form": refusal.message}, status_code=refusal.status)
    # its scope's values in words, as the list showed them ("from UZ and KZ at lzu" had been said)
    label = (await _catalog(request, stored["cycle_id"])).words.label(stored)
    s.flash("The quota rule “{label}” was removed.", "success", label=label)
    return redirect(_list_address(stored["cycle_id"]))
