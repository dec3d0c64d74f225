"""An admin's accounts: the staff and partner accounts listed by role, one made with its role,
scope and language, one's scope or contact changed, one disabled or enabled again. The
applications service keeps the accounts (``/admin/accounts``) and checks each field; the
scopes are offered from the catalog (matching's schemes and institutions), so an admin picks
what exists rather than typing ids."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from services.portal.clients import ServiceError, schemes_and_institutions, services_of
from services.portal.domain.forms import COUNTRIES, is_email, past_the_end, whole_number
from services.portal.domain.problems import Message
from services.portal.i18n import LANGUAGES
from services.portal.web import checked_form, redirect, render, require_role

router = APIRouter(prefix="/admin")

PAGE_SIZE = 50
# the roles an admin makes here (applicants register themselves)
STAFF_ROLES = ("officer", "reviewer", "nominator", "coordinator", "partner", "admin")
FIELDS = ("name", "email", "preferred_language")
SCOPES = ("schemes[]", "institutions[]", "countries[]")


def _typed(form: dict[str, Any]) -> dict[str, Any]:
    """What an account form sent, as its fields (each scope a list of ids)."""
    values: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in (*FIELDS, "role")}
    for key in SCOPES:
        values[key.removesuffix("[]")] = [str(v) for v in form.get(key) or [] if str(v).strip()]
    return values


def _as_shown(account: dict[str, Any]) -> dict[str, str]:
    """An account's editable fields as one string each (a scope's ids sorted and joined), as the
    page carries them in ``was.<field>``."""
    shown = {}
    for key in (*FIELDS, *(k.removesuffix("[]") for k in SCOPES)):
        if key in account:
            v = account[key]
            shown[key] = ",".join(sorted(str(x) for x in v or [])) if isinstance(v, list) else str(v or "").strip()
    return shown


def _problems(values: dict[str, Any], *, new: bool, password: str = "") -> dict[str, str]:
    """What the portal can say before asking the service (which checks every field again)."""
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = "Enter the person's full name."
    if not is_email(values["email"]):
        errors["email"] = "Enter an e-mail address such as name@example.org."
    if values["preferred_language"] not in LANGUAGES:
        errors["preferred_language"] = "Choose one of the offered values."
    if new:
        if values["role"] not in STAFF_ROLES:
            errors["role"] = "Choose one of the offered values."
        if len(password) < 10:
            errors["password"] = "Use at least 10 characters."
    return errors


def _by_field(exc: ServiceError) -> dict[str, Any]:
    """The service's refusals by this form's fields (a scope's list by its name). A password
    with the name in it is the person's, not the admin's ("your name" said the wrong one's)."""
    found = {field.split(".")[0]: message for field, message in exc.by_field().items()}
    personal = next((e for e in exc.errors if e.code == "password.personal"), None)
    if personal is not None:
        found["password"] = Message(
            "The password must not contain the person's e-mail address or name (it contains “{contains}”).",
            {"contains": str(personal.context.get("contains") or "")},
        )
    return found


async def _accounts_page(
    request: Request,
    *,
    errors: dict | None = None,
    values: dict | None = None,
    status_code: int = 200,
):
    s = require_role(request, "admin")
    role = request.query_params.get("role") or ""
    # the staff first (every role but applicants): the applicants had filled the first pages
    role = role if role in (*STAFF_ROLES, "applicant", "all") else ""  # applicants listed to find one, not made here
    q = (request.query_params.get("q") or "").strip()[:200]
    offset = whole_number(request.query_params.get("offset")) or 0
    params: dict[str, Any] = {"offset": offset, "limit": PAGE_SIZE}
    if role in (*STAFF_ROLES, "applicant"):
        params["role"] = role
    elif not role:
        params["staff"] = "true"
    if q:
        params["q"] = q
    page, (schemes, institutions) = await asyncio.gather(
        services_of(request).applications.get("/admin/accounts", s.token, params=params),
        schemes_and_institutions(services_of(request).matching),
    )
    last = past_the_end(offset, page["total"], PAGE_SIZE) if values is None else None
    if last is not None:
        kept = {k: v for k, v in {"role": role, "q": q}.items() if v}
        return redirect("/admin/accounts?" + urlencode({**kept, "offset": last}))
    return render(
        request,
        "admin/accounts.html",
        status_code=status_code,
        title="Accounts",
        page=page,
        role=role,
        roles=STAFF_ROLES,
        tabs=(*STAFF_ROLES, "applicant"),
        offset=offset,
        page_size=PAGE_SIZE,
        schemes=schemes,
        institutions=institutions,
        scheme_names={x["id"]: x["name"] for x in schemes},
        institution_names={x["id"]: x["name"] for x in institutions},
        countries=COUNTRIES,
        errors=errors or {},
        values=values or {"preferred_language": "en", "role": "officer"},
        q=q,
        query=lambda **changes: "?" + urlencode({k: v for k, v in {"role": role, "q": q, **changes}.items() if v}),
    )


@router.get("/accounts")
async def accounts_page(request: Request):
    return await _accounts_page(request)


@router.get("/accounts/new")
async def new_account_page():
    """The form that makes an account is on the list's page, below the list: an address a
    person guesses (or a link) lands on it."""
    return redirect("/admin/accounts#new-account")


@router.post("/accounts")
async def make_account(request: Request):
    s = require_role(request, "admin")
    form = await checked_form(request)
    values = _typed(form)
    password = str(form.get("password") or "")
    errors = _problems(values, new=True, password=password)
    if not errors:
        body = {**values, "password": password}
        try:
            made = await services_of(request).applications.post("/admin/accounts", s.token, json=body, idempotent=True)
        except ServiceError as exc:
            if exc.status == 401:
                raise
            errors = _by_field(exc) or {"role": exc.message}
        else:
            s.flash(
                "The account of {name} was made. Give them the password by another channel.",
                "success",
                name=made["name"],
            )
            return redirect(f"/admin/accounts/{made['id']}")
    return await _accounts_page(request, errors=errors, values=values, status_code=422)


HISTORY = 50  # the account's latest journal entries on its page


async def _account_page(
    request: Request, account_id: str, *, errors: dict | None = None, values: dict | None = None, status_code=200
):
    s = require_role(request, "admin")
    apps = services_of(request).applications
    account, (schemes, institutions), history = await asyncio.gather(
        apps.get(f"/admin/accounts/{account_id}", s.token),
        schemes_and_institutions(services_of(request).matching),
        # who made it, changed its scope, disabled or enabled it, and when (it was seen nowhere)
        apps.get("/admin/journal", s.token, params={"subject": f"account:{account_id}", "limit": HISTORY}),
    )
    return render(
        request,
        "admin/account.html",
        status_code=status_code,
        title="Account",
        account=account,
        schemes=schemes,
        institutions=institutions,
        countries=COUNTRIES,
        errors=errors or {},
        values=values or account,
        was=_as_shown(account),
        own=account["id"] == s.sub,
        journal=history,
    )


@router.get("/accounts/{account_id}")
async def account_page(request: Request, account_id: str):
    return await _account_page(request, account_id)


@router.post("/accounts/{account_id}")
async def change_account(request: Request, account_id: str):
    s = require_role(request, "admin")
    form = await checked_form(request)
    values = _typed(form)
    errors = _problems(values, new=False)
    if not errors:
        body = {k: v for k, v in values.items() if k != "role"}
        # what this page changed only: an admin's older page had put a colleague's rename back
        was = {k[4:]: str(v) for k, v in form.items() if k.startswith("was.") and isinstance(v, str)}
        body = {k: v for k, v in body.items() if k not in was or _as_shown({k: v})[k] != was[k]}
        apps = services_of(request).applications
        try:
            before = await apps.get(f"/admin/accounts/{account_id}", s.token)
            after = await apps.patch(f"/admin/accounts/{account_id}", s.token, json=body)
        except ServiceError as exc:
            if exc.status in (401, 404):
                raise
            errors = _by_field(exc) or {"name": exc.message}
        else:
            # only a changed scope ends the account's sessions: say so then, and only then
            scope = ("schemes", "institutions", "countries")
            if any(sorted(before.get(k) or []) != sorted(after.get(k) or []) for k in scope):
                s.flash("The account was saved. Its scope changed, which ends its sessions: they log in again to use it.", "success")  # fmt: skip
            else:
                s.flash("The account was saved.", "success")
            return redirect(f"/admin/accounts/{account_id}")
    return await _account_page(request, account_id, errors=errors, values=values, status_code=422)


@router.post("/accounts/{account_id}/{action}")
async def switch_account(request: Request, account_id: str, action: str):
    """Disable (with a box ticked: every session of it ends at once) or enable again."""
    s = require_role(request, "admin")
    form = await checked_form(request)
    if action == "reset":  # the owner forgot it: a reset link to the account's own address
        apps = services_of(request).applications
        account = await apps.get(f"/admin/accounts/{account_id}", s.token)
        await apps.post("/auth/password-reset", json={"email": account["email"]})
        s.flash(
            "A password-reset link was e-mailed to {email} (at most three an hour).", "success", email=account["email"]
        )
        return redirect(f"/admin/accounts/{account_id}")
    if action not in ("disable", "enable", "close"):
        return redirect(f"/admin/accounts/{account_id}")
    if action in ("disable", "close") and form.get("confirm") != "yes":
        errors = {action: CONFIRM[action]}
        return await _account_page(request, account_id, errors=errors, status_code=422)
    try:
        await services_of(request).applications.post(f"/admin/accounts/{account_id}/{action}", s.token)
    except ServiceError as exc:
        if exc.status in (401, 404):
            raise
        why = REFUSED.get(exc.code, exc.message)
        return await _account_page(request, account_id, errors={action: why}, status_code=exc.status)
    s.flash(DONE[action], "success")
    return redirect(f"/admin/accounts/{account_id}")


CONFIRM = {
    "disable": "Tick the box to confirm: every session of the account ends at once.",
    "close": "Tick the box to confirm that the applicant asked for it in writing: this cannot be undone.",
}
DONE = {
    "disable": "The account was disabled.",
    "enable": "The account was enabled.",
    "close": "The account was closed and the applicant's personal data erased.",
}
# the service's refusals of a closing, in the admin's words (its own are English)
REFUSED = {
    "account.applications_in_progress": "An application of theirs is still in progress: it is withdrawn, or its offer declined, first.",
    "account.erased": "This account is closed already.",
}


@router.get("/accounts/{account_id}/{action}")
async def switch_address(account_id: str, action: str):
    """Reopening a disable or enable form's address: the account's page."""
    return redirect(f"/admin/accounts/{account_id}")
