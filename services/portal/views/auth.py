"""Log in, register, log out, a forgotten password, and the language switch."""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from services.portal.clients import ServiceError, ServiceUnavailable, forwarded_for, services_of
from services.portal.domain.forms import (
    COUNTRIES,
    is_email,
    new_password_problems,
    registration_problems,
    typed_date,
)
from services.portal.i18n import LANGUAGES, country_name, language_name
from services.portal.session import DEVICE_COOKIE
from services.portal.views.common import messages_language_if_other
from services.portal.web import (
    checked_form,
    claims_of,
    language_of,
    redirect,
    render,
    require_role,
    safe_next,
    session_of,
    unconfirmed_from,
)

router = APIRouter()
log = logging.getLogger("corridor.portal")


HOMES = {
    "officer": "/officer",
    "admin": "/officer",
    "reviewer": "/officer/committee",  # a selection committee's member: the applications to score
    "nominator": "/nominations",
    "partner": "/host/admissions",
    "coordinator": "/endorsements",  # a home institution's coordinator (issue 14)
}


def home_of(role: str | None) -> str:
    return HOMES.get(role or "", "/applications")


@router.get("/")
async def home(request: Request):
    s = session_of(request)
    if s.logged_in:
        return redirect(home_of(s.role))
    return render(request, "home.html", title="Welcome")


@router.get("/login")
async def login_page(request: Request, next: str | None = None, file: str | None = None):
    if file == "not_kept":  # an upload refused before its body was read: the session had ended
        session_of(request).flash(FILE_NOT_KEPT, "info")
    return render(request, "login.html", title="Log in", next=safe_next(next, ""))


async def _log_in(request: Request, email: str, password: str) -> str:
    """Log in at the applications service; returns the role."""
    svc = services_of(request)
    form = {"username": email, "password": password}
    if device := request.cookies.get(DEVICE_COOKIE):  # this browser logged in before
        form["device_token"] = device[:2000]
    answer = await svc.applications.post("/auth/token", data=form, headers=forwarded_for(request))
    token = answer["access_token"]
    request.state.device_token = answer.get("device_token")  # kept in the browser (middleware)
    claims = claims_of(token)
    s = session_of(request)
    s.log_in(token, answer.get("role") or claims.get("role", ""), claims.get("name", ""), claims.get("sub", ""))
    if s.role == "applicant":
        try:
            me = await svc.applications.get("/me", token)
        except ServiceError:
            me = {}
        s.applicant_type = me.get("applicant_type")  # which programmes they can add
        s.nationality = me.get("nationality")  # which cycles are open to them
        unconfirmed_from(s, me)  # the address still to confirm, said on every page
        if not s.lang and me.get("preferred_language") in LANGUAGES:
            s.lang = me["preferred_language"]  # their own language, unless they picked one here
    elif not s.lang:  # staff and partners: their account's language too (their e-mails had it, the pages not)
        try:
            account = await svc.applications.get("/me/account", token)
        except ServiceError:
            account = {}
        if account.get("preferred_language") in LANGUAGES:
            s.lang = account["preferred_language"]
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
    refusal = None  # a refusal of the whole form (too many failed log-ins: how long to wait)
    refusal_status = 429
    locked = False  # someone's wrong passwords locked the account: a new password unlocks it now
    if not email:
        errors["email"] = "Enter your e-mail address."
    if not password:
        errors["password"] = "Enter your password."
    if not errors:
        try:
            role = await _log_in(request, email, password)
        except ServiceError as exc:
            if exc.code == "auth.account_disabled":  # the right password: no use resetting it
                refusal, refusal_status = exc.message, 403
            elif exc.code == "auth.bad_credentials":
                errors["password"] = "Incorrect e-mail or password."
            elif exc.status == 429:
                refusal, refusal_status = exc.message, 429
                locked = exc.code == "auth.locked"
            else:
                errors.update({"email" if k == "username" else k: v for k, v in exc.by_field().items()})
        else:
            # a partner's admissions staff decide on admissions here (issue 14); its systems use the API
            return redirect(safe_next(form.get("next"), home_of(role)))
    return render(
        request,
        "login.html",
        status_code=refusal_status if refusal else 422 if errors else 200,
        title="Log in",
        errors=errors,
        refusal=refusal,
        locked=locked,
        values={"email": email},
        next=safe_next(form.get("next"), ""),
    )


@router.get("/register")
async def register_page(request: Request):
    s = session_of(request)
    if s.logged_in:  # back from the registration, or a bookmark: the account is made, its pages wait
        return redirect(home_of(s.role or ""))
    return render(
        request,
        "register.html",
        title="Register",
        countries=country_options(request),
        # no applicant type chosen in advance: it cannot be changed later, so it is asked
        values={"preferred_language": language_of(request)},
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
    "passport_name",  # optional: left out when not typed
)


@router.post("/register")
async def register(request: Request):
    form = await checked_form(request)
    values = {k: (form.get(k) or "").strip() if k != "password" else (form.get(k) or "") for k in REGISTER_FIELDS}
    values["date_of_birth"] = typed_date(values["date_of_birth"])  # as an Urdu keyboard, or a Russian, writes it
    errors = registration_problems(values, form.get("password_again") or "", date.today())
    if not errors:
        try:
            body = {k: v for k, v in values.items() if v or k != "passport_name"}
            registered = await services_of(request).applications.post(
                "/auth/register", json=body, idempotent=True, headers=forwarded_for(request)
            )
        except ServiceError as exc:
            errors = exc.by_field()
        else:
            try:
                role = await _log_in(request, values["email"], values["password"])
            except ServiceError as exc:
                # the password did not open an account of that address (400, RFC 6749's
                # invalid_grant), or too many tries (429)
                if exc.code not in ("auth.bad_credentials", "auth.account_disabled") and exc.status != 429:
                    raise
                # the service answers an address that has an account exactly like a new one
                # (and writes to its owner): say as little here, and point to the e-mail
                session_of(request).flash(
                    "If this e-mail address already has an account, we have written to it. Log in with your password.",
                    "info",
                )
                return redirect("/login")
            s = session_of(request)
            if s.sub != registered.get("id"):
                # the address had an account and this password opened it: that account is the
                # one logged in, as it was (the name, nationality... typed here were not stored)
                s.flash(
                    "This e-mail address already had an account, and your password opened it: you are logged in to it. What you typed in the form was not saved.",
                    "info",
                )
                return redirect("/profile" if role == "applicant" else home_of(role))
            s.flash("Welcome! Choose programmes to apply to.", "success")
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
    if s.token:
        # the token stops working everywhere, not only in this browser
        try:
            await services_of(request).applications.post("/auth/logout", s.token)
        except ServiceError:
            pass  # already refused (expired or revoked): nothing left to revoke
        except ServiceUnavailable as exc:
            log.warning("log-out: the token could not be revoked (%s); it runs until it expires", exc)
    s.log_out()
    s.flash("You are logged out.", "info")
    return redirect("/login")


# --- a forgotten password ------------------------------------------------------------------------

LINK_USED = "This link was already used or has expired. Ask for a new one below."
FORGOT_SENT = "If this address has an account, we have sent it a link to set a new password. Check your e-mail."


@router.get("/forgot-password")
async def forgot_password_page(request: Request, email: str = ""):
    """``email``: the address typed on the log-in page (its lock's "set a new password" link
    brings it along: it had to be typed again)."""
    typed = email.strip()[:320] if is_email(email.strip()) else ""
    return render(request, "forgot_password.html", title="Forgot your password?", values={"email": typed})


@router.post("/forgot-password")
async def forgot_password(request: Request):
    """The same answer whether or not the address has an account (the service tells nothing)."""
    form = await checked_form(request)
    email = (form.get("email") or "").strip()
    if not is_email(email):
        return render(
            request,
            "forgot_password.html",
            status_code=422,
            title="Forgot your password?",
            errors={"email": "Enter an e-mail address such as name@example.org."},
            values={"email": email},
        )
    try:
        await services_of(request).applications.post(
            "/auth/password-reset", json={"email": email}, headers=forwarded_for(request)
        )
    except ServiceError as exc:
        if exc.status != 422:
            raise
        return render(
            request,
            "forgot_password.html",
            status_code=422,
            title="Forgot your password?",
            errors={"email": exc.message},
            values={"email": email},
        )
    session_of(request).flash(FORGOT_SENT, "info")
    return redirect("/login")


def _reset_page(request: Request, token: str, status_code: int = 200, **context):
    # the language switch comes back to the link's address, token and all (also after a POST)
    here = f"/password-reset?{urlencode({'token': token})}" if token else "/password-reset"
    return render(
        request,
        "password_reset.html",
        status_code=status_code,
        title="Set a new password",
        token=token,
        current_url=here,
        **context,
    )


@router.get("/password-reset")
async def password_reset_page(request: Request, token: str = ""):
    """The page the e-mailed link opens (``APPLICATIONS_PASSWORD_RESET_URL`` + the token). A
    link already used or expired says so at once (the service is asked; the link is not used)."""
    if not token:
        return _reset_page(request, token, 400)
    try:
        await services_of(request).applications.post("/auth/password-reset/check", json={"token": token})
    except ServiceError as exc:
        if exc.status != 422:
            raise
        # no form; the address keeps its token, so that switching language says the same
        return _reset_page(request, token, 400, link_problem=LINK_USED)
    return _reset_page(request, token)


@router.post("/password-reset")
async def password_reset(request: Request):
    form = await checked_form(request)
    token = form.get("token") or ""
    new, again = form.get("new_password") or "", form.get("new_password_again") or ""
    errors = new_password_problems(new, again)
    if not token:
        return _reset_page(request, token, 400)
    if not errors:
        try:
            await services_of(request).applications.post(
                "/auth/password-reset/confirm", json={"token": token, "new_password": new}
            )
        except ServiceError as exc:
            if exc.status != 422:
                raise
            errors = exc.by_field()
            if "token" in errors:  # unknown, used or expired: the form cannot help, a new link can
                return _reset_page(request, "", 400, link_problem=errors["token"])
        else:
            s = session_of(request)
            if s.logged_in:
                s.log_out()  # whoever was logged in here, their tokens were just revoked
            s.flash("Your password was changed. Log in with your new password.", "success")
            return redirect("/login")
    return _reset_page(request, token, 422, errors=errors)


# the pages a link that proves an address opens: a new address's, and the registration's
LINK_PAGES = {
    "email_change.html": "Confirm your new e-mail address",
    "email_verify.html": "Confirm your e-mail address",
}
UNUSABLE_LINK = "This link is unknown, used or expired."


def _link_page(
    request: Request,
    page: str,
    token: str,
    status_code: int = 200,
    *,
    problem: str | None = None,
    standing: str | None = None,
):
    return render(
        request, page, status_code=status_code, title=LINK_PAGES[page], token=token, problem=problem, standing=standing
    )


async def _unusable_verify_link(request: Request):
    """A confirmation link that cannot be used, said to whoever opened it: "log in" (to send a new
    one) was said to a logged-in applicant whose address was confirmed already."""
    s = session_of(request)
    standing = None  # logged out: log in, the page offers a new link
    if s.logged_in and s.role == "applicant":
        await recheck_address(request)
        standing = "unconfirmed" if s.unconfirmed_email else "confirmed"
    elif s.logged_in:
        standing = "staff"
    return _link_page(request, "email_verify.html", "", 400, problem=UNUSABLE_LINK, standing=standing)


# How long a session's token goes unchecked: every page after that asks the services once
# whether it still stands (a log-out, a password change, an account disabled end it).
TOKEN_RECHECK_SECONDS = 60


FILE_NOT_KEPT = "Your session had ended, so the file was not uploaded. Log in, then upload it again."
RENEW_BEFORE_SECONDS = 15 * 60  # a token this close to its end is renewed at the next check


def token_expires_within(token: str | None, seconds: float) -> bool:
    """Whether the session's token ends within ``seconds`` (read, not verified: the service
    verifies it when it renews it)."""
    exp = claims_of(token).get("exp") if token else None
    return isinstance(exp, (int, float)) and exp - time.time() < seconds


async def recheck_token(request: Request) -> None:
    """Whether the session's token still stands, asked once a minute: a revoked one logs the
    session out (the page then asks to log in). A service that cannot answer changes nothing."""
    s = session_of(request)
    if not s.logged_in or time.time() - s.checked_at < TOKEN_RECHECK_SECONDS:
        return
    try:
        if token_expires_within(s.token, RENEW_BEFORE_SECONDS):
            # an active person's token renewed before its hour ends (the session, 8 hours,
            # had ended with it mid-work); a revoked one is refused here as below
            renewed = await services_of(request).applications.post("/auth/token/renew", s.token)
            s.token = renewed["access_token"]
        else:
            await services_of(request).applications.get("/me/account", s.token)
    except ServiceError as exc:
        if exc.status != 401:
            return
        s.log_out()
        s.flash("Your session has ended. Please log in again.", "info")
        return
    except ServiceUnavailable:
        return
    s.checked_at, s.changed = int(time.time()), True


async def recheck_address(request: Request) -> None:
    """An applicant's address still to confirm, asked of the service again (a link opened in
    another browser, another account's link, a new address's): the notice on every page follows."""
    s = session_of(request)
    if s.role == "applicant" and s.logged_in:
        with contextlib.suppress(ServiceError, ServiceUnavailable):
            unconfirmed_from(s, await services_of(request).applications.get("/me", s.token))


@router.get("/email-change")
async def email_change_page(request: Request, token: str = ""):
    """The page the link sent to a new address opens (``APPLICATIONS_EMAIL_CHANGE_URL`` + the
    token): a button confirms it. Opening the link changes nothing by itself (a mail scanner
    that follows links must not confirm an address)."""
    if not token:
        return _link_page(request, "email_change.html", token, 400, problem=UNUSABLE_LINK)
    return _link_page(request, "email_change.html", token)


@router.get("/email-verify")
async def email_verify_page(request: Request, token: str = ""):
    """The page the link sent at registration opens (``APPLICATIONS_EMAIL_VERIFY_URL`` + the
    token): a button confirms the address (a mail scanner following the link confirms nothing)."""
    if not token:
        return await _unusable_verify_link(request)
    return _link_page(request, "email_verify.html", token)


@router.post("/email-verify")
async def email_verify(request: Request):
    form = await checked_form(request)
    token = str(form.get("token") or "")
    try:
        await services_of(request).applications.post("/auth/email-change/confirm", json={"token": token})
    except ServiceError as exc:
        if exc.status != 422:
            raise
        return await _unusable_verify_link(request)
    s = session_of(request)
    if not s.logged_in:
        s.flash("The e-mail address is confirmed. Log in to submit your applications.", "success")
        return redirect("/login")
    await recheck_address(request)  # the link may be another account's: this session asks its own
    if s.unconfirmed_email:
        s.flash("This link confirmed another account's address; yours still waits for its own link.", "info")
    else:
        s.flash("Your e-mail address is confirmed: you can submit your applications.", "success")
    return redirect("/applications" if s.role == "applicant" else "/")


@router.post("/email-verify/resend")
async def resend_email_verification(request: Request):
    s = require_role(request, "applicant")
    form = await checked_form(request)
    back = safe_next(form.get("next"), "/applications")  # the page the banner was on
    try:
        await services_of(request).applications.post("/me/email/verify", s.token)
    except ServiceError as exc:
        code = exc.errors[0].code if exc.errors else ""
        if exc.status == 429:  # several this hour: the latest still works
            s.flash("A link was sent several times this hour: use the latest one, or ask again in an hour.", "error")
            return redirect(back)
        if code == "account.email_change_pending":  # a new address's link confirms the account too
            pending = str(exc.errors[0].context.get("email") or "")
            s.unconfirmed_email, s.changed = pending or s.unconfirmed_email, True
            s.flash(
                "Open the link we sent to {email}: it confirms your new address and your account. If that address is wrong, cancel the change on your profile page.",
                "info",
                email=pending,
            )
            return redirect(back)
        if exc.status != 409:
            raise
        s.unconfirmed_email, s.changed = None, True  # confirmed already (in another browser)
        s.flash("Your e-mail address is confirmed already.", "info")
        return redirect(back)
    s.flash("We sent a new link to {email}. Open it to confirm your address.", "info", email=s.unconfirmed_email or "")
    return redirect(back)


@router.post("/email-change")
async def email_change(request: Request):
    form = await checked_form(request)
    token = str(form.get("token") or "")
    try:
        await services_of(request).applications.post("/auth/email-change/confirm", json={"token": token})
    except ServiceError as exc:
        if exc.status == 409:  # another account took the address meanwhile
            return _link_page(request, "email_change.html", "", 409, problem="Another account now has this address.")
        if exc.status != 422:
            raise
        return _link_page(request, "email_change.html", "", 400, problem=UNUSABLE_LINK)
    s = session_of(request)
    await recheck_address(request)  # the new address's link confirms the account too
    s.flash("Your new e-mail address is confirmed: it is now your account's address.", "success")
    return redirect("/profile" if s.logged_in else "/login")


@router.get("/language/{code}")
async def switch_language(request: Request, code: str, next: str | None = None):
    if code in LANGUAGES:
        s = session_of(request)
        s.lang = code
        s.changed = True
        if s.logged_in:
            await _say_messages_language(request, code)
    return redirect(safe_next(next, "/"))


async def _say_messages_language(request: Request, code: str) -> None:
    """The page's language is not the messages': a ministry working in Russian got its e-mails
    in English (the account's) and did not know why; say so when the reader switches."""
    written = await messages_language_if_other(request)
    if written in LANGUAGES:
        said = (
            "Your messages are written in {language}, the language for messages on your profile. You can change it there."
            if session_of(request).role == "applicant"
            else "Your messages are written in {language}. You can choose their language on your account page."
        )
        session_of(request).flash(said, "info", language=language_name(code, written))
