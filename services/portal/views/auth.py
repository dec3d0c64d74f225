"""Log in, register, log out, and the language switch."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request

from services.portal.clients import ServiceError, services_of
from services.portal.domain.forms import COUNTRIES, registration_problems
from services.portal.i18n import LANGUAGES, country_name
from services.portal.web import (
    checked_form,
    claims_of,
    language_of,
    redirect,
    render,
    safe_next,
    session_of,
)

router = APIRouter()


def home_of(role: str | None) -> str:
    return "/officer" if role in ("officer", "admin") else "/applications"


@router.get("/")
async def home(request: Request):
    s = session_of(request)
    if s.logged_in:
        return redirect(home_of(s.role))
    return render(request, "home.html", title="Welcome")


@router.get("/login")
async def login_page(request: Request, next: str | None = None):
    return render(request, "login.html", title="Log in", next=safe_next(next, ""))


async def _log_in(request: Request, email: str, password: str) -> str:
    """Log in at the applications service; returns the role."""
    svc = services_of(request)
    answer = await svc.applications.post("/auth/token", data={"username": email, "password": password})
    token = answer["access_token"]
    claims = claims_of(token)
    s = session_of(request)
    s.log_in(token, answer.get("role") or claims.get("role", ""), claims.get("name", ""), claims.get("sub", ""))
    if s.role == "applicant":
        try:
            me = await svc.applications.get("/me", token)
        except ServiceError:
            me = {}
        s.applicant_type = me.get("applicant_type")  # which programmes they can add
        if not s.lang and me.get("preferred_language") in LANGUAGES:
            s.lang = me["preferred_language"]  # their own language, unless they picked one here
    return s.role or ""


def country_options(request: Request) -> list[tuple[str, str]]:
    """The sending countries by their names in the page's language, sorted by name."""
    lang = language_of(request)
    return sorted(((code, country_name(lang, code)) for code, _name in COUNTRIES), key=lambda o: o[1])


@router.post("/login")
async def login(request: Request):
    form = await checked_form(request)
    email, password = (form.get("email") or "").strip(), form.get("password") or ""
    errors = {}
    if not email:
        errors["email"] = "Enter your e-mail address."
    if not password:
        errors["password"] = "Enter your password."
    if not errors:
        try:
            role = await _log_in(request, email, password)
        except ServiceError as exc:
            if exc.status == 401:
                errors["password"] = "Incorrect e-mail or password."
            else:
                errors.update(exc.by_field())
        else:
            if role == "partner":
                session_of(request).log_out()
                errors["email"] = "Partner accounts use the API and webhooks, not the portal."
            else:
                return redirect(safe_next(form.get("next"), home_of(role)))
    return render(
        request,
        "login.html",
        status_code=422 if errors else 200,
        title="Log in",
        errors=errors,
        values={"email": email},
        next=safe_next(form.get("next"), ""),
    )


@router.get("/register")
async def register_page(request: Request):
    return render(
        request,
        "register.html",
        title="Register",
        countries=country_options(request),
        values={"preferred_language": language_of(request), "applicant_type": "student"},
    )


REGISTER_FIELDS = (
    "email",
    "password",
    "name",
    "applicant_type",
    "nationality",
    "home_institution",
    "date_of_birth",
    "preferred_language",
)


@router.post("/register")
async def register(request: Request):
    form = await checked_form(request)
    values = {k: (form.get(k) or "").strip() if k != "password" else (form.get(k) or "") for k in REGISTER_FIELDS}
    errors = registration_problems(values, form.get("password_again") or "", date.today())
    if not errors:
        try:
            await services_of(request).applications.post("/auth/register", json=values, idempotent=True)
        except ServiceError as exc:
            errors = exc.by_field()
        else:
            try:
                await _log_in(request, values["email"], values["password"])
            except ServiceError as exc:
                if exc.status != 401:
                    raise
                # the service answers an address that has an account exactly like a new one
                # (and writes to its owner): say as little here
                session_of(request).flash(
                    "If this e-mail address already has an account, we have written to it. Log in with your password.",
                    "info",
                )
                return redirect("/login")
            session_of(request).flash("Welcome! Choose programmes to apply to.", "success")
            return redirect("/programmes")
    values.pop("password", None)
    return render(
        request,
        "register.html",
        status_code=422,
        title="Register",
        countries=country_options(request),
        errors=errors,
        values=values,
    )


@router.get("/logout")
async def logout_address():
    """Reopening the address of the log-out form: nothing to do (logging out takes the form)."""
    return redirect("/")


@router.post("/logout")
async def logout(request: Request):
    await checked_form(request)
    s = session_of(request)
    s.log_out()
    s.flash("You are logged out.", "info")
    return redirect("/login")


@router.get("/language/{code}")
async def switch_language(request: Request, code: str, next: str | None = None):
    if code in LANGUAGES:
        s = session_of(request)
        s.lang = code
        s.changed = True
    return redirect(safe_next(next, "/"))
