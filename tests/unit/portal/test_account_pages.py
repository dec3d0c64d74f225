"""Accounts in the portal over a fake applications service (httpx.MockTransport): log-out
revokes the token at the service, a forgotten password is reset by the e-mailed link, the
profile changes the password, log-in refusals for a while say how long to wait, the person's
address is forwarded, the session key is the portal's own, the cookie is Secure over https,
and request bodies are bounded."""

from __future__ import annotations

import asyncio
import base64
import html
import json
import re

import httpx
import pytest
from starlette.datastructures import UploadFile

from services.portal.app import create_app
from services.portal.i18n import translate
from services.portal.session import COOKIE, Signer
from services.portal.settings import DEV_SESSION_SECRET, Settings
from shared.settings import InsecureSettings

STRONG = "a-strong-portal-session-key-0123456789-abcdefgh"
CLIENT = ("203.0.113.7", 50000)


def problem(status: int, code: str, field: str, reason: str, headers=None, **context) -> httpx.Response:
    body = {
        "type": f"urn:corridor:problem:{code}",
        "title": "Refused",
        "status": status,
        "code": code,
        "detail": reason,
        "instance": "/",
        "errors": [{"field": field, "reason": reason, "code": code, **context}],
    }
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json", **(headers or {})})


def token_for(n: int = 1) -> str:
    claims = {"sub": "u1", "role": "applicant", "name": "Aigerim", "n": n}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"h.{payload}.s{n}"


ME = {
    "id": "u1",
    "email": "a@b.org",
    "name": "Aigerim",
    "applicant_type": "student",
    "nationality": "KZ",
    "home_institution": "KazNU",
    "date_of_birth": "2003-04-05",
    "preferred_language": "en",
}


class FakeAccounts:
    """The applications service's account routes; records each call."""

    def __init__(self):
        self.calls: list[httpx.Request] = []
        self.token_answer: httpx.Response | None = None
        self.register_answer: httpx.Response | None = None
        self.logout_answer = httpx.Response(204)
        self.issued = 1

    def of(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.calls if (r.method, r.url.path) == (method, path)]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        route = (request.method, request.url.path)
        body = json.loads(request.content) if request.headers.get("content-type") == "application/json" else {}
        if route == ("POST", "/auth/token"):
            return self.token_answer or httpx.Response(200, json={"access_token": token_for(), "role": "applicant"})
        if route == ("GET", "/me"):
            return httpx.Response(200, json={**ME, "pending_email": getattr(self, "pending", None)})
        if route == ("PATCH", "/me"):  # a new address waits for its link
            if body.get("email", ME["email"]).lower() != ME["email"]:
                self.pending = body["email"].lower()
            return httpx.Response(200, json={**ME, "pending_email": getattr(self, "pending", None)})
        if route == ("POST", "/auth/email-change/confirm"):
            if body["token"] == "used":
                return problem(422, "email_change.invalid", "token", "this link is unknown, used or expired")
            if body["token"] == "taken":
                return problem(409, "account.email_taken", "email", "an account with this e-mail already exists")
            return httpx.Response(200, json={"detail": "the account's e-mail address is now the new one"})
        if route == ("POST", "/auth/register"):
            return self.register_answer or httpx.Response(201, json=ME)
        if route == ("POST", "/auth/logout"):
            return self.logout_answer
        if route == ("POST", "/auth/password-reset"):
            return httpx.Response(202, json={"detail": "if this address has an account, a reset link is on its way"})
        if route == ("POST", "/auth/password-reset/check"):
            if body["token"] == "used":
                return problem(422, "password_reset.invalid", "token", "this link is unknown, used or expired")
            return httpx.Response(204)
        if route == ("POST", "/auth/password-reset/confirm"):
            if body["token"] == "used":
                return problem(422, "password_reset.invalid", "token", "this link is unknown, used or expired")
            if body["new_password"] == "password123456":
                return problem(422, "password.common", "new_password", "one of the most common passwords")
            return httpx.Response(204)
        if route == ("POST", "/me/password"):
            if body["current_password"] != "the-current-one":
                return problem(422, "password.incorrect", "current_password", "the current password is not correct")
            self.issued += 1
            return httpx.Response(200, json={"access_token": token_for(self.issued), "role": "applicant"})
        if route == ("GET", "/applications"):  # none yet: the profile offers to correct nationality and birth date
            return httpx.Response(200, json={"items": [], "total": 0, "offset": 0, "limit": 50})
        if route == ("GET", "/applications/a1"):
            return problem(404, "application.not_found", "application_id", "no such application")
        if route == ("POST", "/applications/a1/documents"):
            return httpx.Response(201, json={"id": "d1"})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


async def _client(settings: Settings, fake: FakeAccounts, base_url: str = "http://portal"):
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        apps = app.state.services.applications
        await apps.http.aclose()
        apps.http = httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url="http://applications")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=CLIENT)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            client.fake = fake  # type: ignore[attr-defined]
            yield client


@pytest.fixture
async def portal():
    async for client in _client(Settings(session_secret=STRONG, https=False), FakeAccounts()):
        yield client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def log_in(portal) -> None:
    page = await portal.get("/login")
    r = await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
    assert r.status_code == 303, r.text


# --- 1. log-out revokes ------------------------------------------------------------------------


async def test_logging_out_revokes_the_token_at_the_service_then_clears_the_session(portal):
    await log_in(portal)
    page = await portal.get("/login")
    r = await portal.post("/logout", data={"csrf": csrf_of(page.text)})
    assert (r.status_code, r.headers["location"]) == (303, "/login")
    [call] = portal.fake.of("POST", "/auth/logout")
    assert call.headers["authorization"] == f"Bearer {token_for()}"
    assert (await portal.get("/profile")).headers["location"].startswith("/login")


async def test_a_token_the_service_already_refuses_still_logs_out(portal):
    portal.fake.logout_answer = problem(401, "auth.revoked", "authorization", "revoked")
    await log_in(portal)
    page = await portal.get("/login")
    r = await portal.post("/logout", data={"csrf": csrf_of(page.text)})
    assert (r.status_code, r.headers["location"]) == (303, "/login")
    assert (await portal.get("/profile")).headers["location"].startswith("/login")


# --- 2. a forgotten password, a changed password -----------------------------------------------

NEUTRAL = {
    "en": "If this address has an account, we have sent it a link",
    "zh": "如果该邮箱已有账户",
    "ru": "Если на этот адрес есть учётная запись",
    "ur": "اگر اس ای میل کا اکاؤنٹ موجود ہے",
}


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_forgot_password_asks_for_the_address_and_answers_alike(portal, lang):
    await portal.get(f"/language/{lang}?next=/login")
    login = await portal.get("/login")
    assert 'href="/forgot-password"' in login.text
    page = await portal.get("/forgot-password")
    assert page.status_code == 200 and 'action="/forgot-password"' in page.text
    for email in ("a@b.org", "nobody@nowhere.example"):
        r = await portal.post("/forgot-password", data={"csrf": csrf_of(page.text), "email": email})
        assert (r.status_code, r.headers["location"]) == (303, "/login")
        assert NEUTRAL[lang] in (await portal.get("/login")).text
    assert [json.loads(c.content) for c in portal.fake.of("POST", "/auth/password-reset")] == [
        {"email": "a@b.org"},
        {"email": "nobody@nowhere.example"},
    ]
    r = await portal.post("/forgot-password", data={"csrf": csrf_of(page.text), "email": "not an address"})
    assert r.status_code == 422 and 'id="e-email"' in r.text
    assert len(portal.fake.of("POST", "/auth/password-reset")) == 2


@pytest.mark.parametrize(
    ("lang", "common", "invalid"),
    [
        ("en", "This password is too common", "This link is unknown, used or expired"),
        ("zh", "该密码过于常见", "此链接无效、已使用或已过期"),
        ("ru", "Этот пароль слишком распространён", "Эта ссылка неизвестна"),
        ("ur", "یہ پاس ورڈ بہت عام ہے", "یہ لنک نامعلوم، استعمال شدہ یا میعاد ختم ہے"),
    ],
)
async def test_the_emailed_link_sets_a_new_password_with_refusals_by_code(portal, lang, common, invalid):
    await portal.get(f"/language/{lang}?next=/login")
    page = await portal.get("/password-reset?token=abc_DEF-123")
    assert page.status_code == 200 and 'name="token" value="abc_DEF-123"' in page.text
    csrf = csrf_of(page.text)
    form = {"csrf": csrf, "token": "abc_DEF-123"}

    r = await portal.post("/password-reset", data={**form, "new_password": "short", "new_password_again": "short"})
    assert r.status_code == 422 and 'id="e-new_password"' in r.text
    r = await portal.post(
        "/password-reset", data={**form, "new_password": "password123456", "new_password_again": "password123456"}
    )
    assert r.status_code == 422 and common in r.text.split('id="e-new_password"')[1].split("</p>")[0]
    assert "/language/en?next=/password-reset%3Ftoken%3Dabc_DEF-123" in r.text  # a switch keeps the link
    r = await portal.post(
        "/password-reset",
        data={
            **form,
            "token": "used",
            "new_password": "river-stone-55-owl",
            "new_password_again": "river-stone-55-owl",
        },
    )
    assert r.status_code == 400 and invalid in r.text and 'href="/forgot-password"' in r.text

    r = await portal.post(
        "/password-reset",
        data={**form, "new_password": "river-stone-55-owl", "new_password_again": "river-stone-55-owl"},
    )
    assert (r.status_code, r.headers["location"]) == (303, "/login")
    confirmed = [json.loads(c.content) for c in portal.fake.of("POST", "/auth/password-reset/confirm")]
    assert confirmed[-1] == {"token": "abc_DEF-123", "new_password": "river-stone-55-owl"}
    assert len(confirmed) == 3  # the short one never left the portal
    assert (await portal.get("/password-reset")).status_code == 400  # a link without its token


USED = {
    "en": "This link was already used or has expired.",
    "zh": "此链接已被使用或已过期。",
    "ru": "Эта ссылка уже использована или устарела.",
    "ur": "یہ لنک پہلے ہی استعمال ہو چکا ہے یا اس کی میعاد ختم ہو گئی ہے۔",
}


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_used_or_expired_link_says_so_when_opened_not_after_the_form(portal, lang):
    await portal.get(f"/language/{lang}?next=/login")
    page = await portal.get("/password-reset?token=used")
    assert page.status_code == 400
    assert USED[lang] in page.text and 'href="/forgot-password"' in page.text
    assert 'name="new_password"' not in page.text  # no form to fill in for nothing
    [check] = portal.fake.of("POST", "/auth/password-reset/check")
    assert json.loads(check.content) == {"token": "used"}
    assert portal.fake.of("POST", "/auth/password-reset/confirm") == []  # asking did not use it
    good = await portal.get("/password-reset?token=abc_DEF-123")
    assert good.status_code == 200 and 'name="new_password"' in good.text


async def test_the_profile_changes_the_password_and_keeps_the_new_token(portal):
    await log_in(portal)
    page = await portal.get("/profile")
    assert 'action="/profile/password"' in page.text and 'id="f-current_password"' in page.text
    form = {
        "csrf": csrf_of(page.text),
        "new_password": "river-stone-55-owl",
        "new_password_again": "river-stone-55-owl",
    }
    r = await portal.post("/profile/password", data={**form, "current_password": "wrong-one"})
    assert r.status_code == 422 and "This is not your current password." in r.text
    assert 'id="e-current_password"' in r.text
    r = await portal.post("/profile/password", data={**form, "current_password": "the-current-one"})
    assert (r.status_code, r.headers["location"]) == (303, "/profile")
    [change] = [c for c in portal.fake.of("POST", "/me/password") if b"the-current-one" in c.content]
    assert change.headers["authorization"] == f"Bearer {token_for(1)}"
    page = await portal.get("/profile")
    assert "Your password was changed." in page.text
    assert portal.fake.of("GET", "/me")[-1].headers["authorization"] == f"Bearer {token_for(2)}"
    assert (await portal.get("/profile/password")).headers["location"] == "/profile#password"


# --- 3. refusals for a while -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "code", "retry_after", "expected"),
    [
        ("en", "auth.throttled", "30", "Too many failed log-ins. Please wait 30 seconds and try again."),
        ("en", "auth.throttled", "1", "Please wait 1 second and try again."),
        ("ru", "auth.throttled", "25", "Подождите 25 секунд и попробуйте снова."),
        ("zh", "auth.throttled", "30", "请等待 30 秒后再试"),
        ("ur", "auth.throttled", "30", "30 سیکنڈ انتظار کریں"),
        (
            "en",
            "auth.locked",
            "900",
            "log-ins to this account from this browser are paused for now. Please try again in 15 minutes.",
        ),
        ("ru", "auth.locked", "901", "Попробуйте через 16 минут."),
    ],
)
async def test_a_throttled_log_in_says_how_long_to_wait(portal, lang, code, retry_after, expected):
    portal.fake.token_answer = problem(
        429, code, "username", "too many failed log-ins", headers={"Retry-After": retry_after}, retry_after=5
    )
    await portal.get(f"/language/{lang}?next=/login")
    page = await portal.get("/login")
    r = await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
    assert r.status_code == 429
    said = r.text.split('id="login-refused"')[1].split("</div>")[0]
    assert expected in said
    # a lock anyone's wrong passwords can set: the owner hears the way in now (a new password)
    unlock = "To log in now, set a new password: the link we e-mail you unlocks the account."
    assert (translate(lang, unlock) in said and 'href="/forgot-password?email=a%40b.org"' in said) is (
        code == "auth.locked"
    )
    if code == "auth.locked":  # the address comes along, not typed again
        assert 'value="a@b.org"' in (await portal.get("/forgot-password?email=a%40b.org")).text


async def test_a_browser_keeps_its_proof_of_a_log_in_past_log_out_and_sends_it_with_the_next(portal):
    """A lock strangers' wrong passwords set refuses browsers that have not logged in to the
    account before: the service's device_token is kept in its own cookie and sent back."""
    portal.fake.token_answer = httpx.Response(
        200, json={"access_token": token_for(), "role": "applicant", "device_token": "dev.proof.one"}
    )
    page = await portal.get("/login")
    r = await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
    assert r.status_code == 303
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("corridor_device="))
    assert "dev.proof.one" in cookie and "HttpOnly" in cookie and "Max-Age=15552000" in cookie
    [first] = portal.fake.of("POST", "/auth/token")
    assert b"device_token" not in first.content  # a browser that never logged in sends none
    page = await portal.get("/profile")
    await portal.post("/logout", data={"csrf": csrf_of(page.text)})
    page = await portal.get("/login")
    await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
    second = portal.fake.of("POST", "/auth/token")[-1]
    assert "device_token=dev.proof.one" in second.content.decode()


async def test_a_locked_log_in_says_a_browser_used_before_still_gets_in(portal):
    portal.fake.token_answer = problem(
        429, "auth.locked", "username", "too many failed log-ins", headers={"Retry-After": "900"}
    )
    for lang in ("en", "zh", "ru", "ur"):
        await portal.get(f"/language/{lang}?next=/login")
        page = await portal.get("/login")
        r = await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
        said = r.text.split('id="login-refused"')[1].split("</div>")[0]
        assert translate(lang, "A browser or device you have logged in with before can still log in.") in said
        assert (
            translate(
                lang,
                "Too many failed log-ins: log-ins to this account from this browser are paused for now. Please try again in {n} minutes.",
            ).split("{n}")[0]
            in said
        )


# --- 4. the person's address -------------------------------------------------------------------


async def test_log_in_registration_and_reset_forward_the_persons_address(portal):
    await log_in(portal)
    page = await portal.get("/login")
    await portal.post("/logout", data={"csrf": csrf_of(page.text)})
    page = await portal.get("/register")
    values = {
        "csrf": csrf_of(page.text),
        "name": "Aigerim",
        "email": "a@b.org",
        "password": "river-stone-55-owl",
        "password_again": "river-stone-55-owl",
        "applicant_type": "student",
        "nationality": "KZ",
        "home_institution": "KazNU",
        "date_of_birth": "05.04.2003",  # as Russian writes it: read as day.month.year
        "preferred_language": "en",
    }
    assert (await portal.post("/register", data=values)).status_code == 303
    [registered] = portal.fake.of("POST", "/auth/register")
    assert json.loads(registered.content)["date_of_birth"] == "2003-04-05"
    page = await portal.get("/forgot-password")  # logged in now: a new CSRF token
    await portal.post("/forgot-password", data={"csrf": csrf_of(page.text), "email": "a@b.org"})
    for method, path in [("POST", "/auth/token"), ("POST", "/auth/register"), ("POST", "/auth/password-reset")]:
        calls = portal.fake.of(method, path)
        assert calls and all(c.headers.get("x-forwarded-for") == CLIENT[0] for c in calls), path


async def test_registering_an_address_that_has_an_account_with_its_password_says_the_form_was_not_saved(portal):
    """The service answers such an address as a new one (a fresh id, nothing stored); the
    password then opens the old account. The person is told, not welcomed as new."""
    page = await portal.get("/register")
    values = {
        "csrf": csrf_of(page.text),
        "name": "Someone Else",
        "email": "a@b.org",
        "password": "river-stone-55-owl",
        "password_again": "river-stone-55-owl",
        "applicant_type": "faculty",
        "nationality": "PK",
        "home_institution": "NUST",
        "date_of_birth": "1990-01-01",
        "preferred_language": "en",
    }
    portal.fake.register_answer = httpx.Response(201, json={**ME, "id": "fresh-uuid", "name": "Someone Else"})
    r = await portal.post("/register", data=values)
    assert r.status_code == 303 and r.headers["location"] == "/profile"
    shown = (await portal.get("/login")).text  # any page shows the flash
    assert "already had an account" in shown and "was not saved" in shown and "Welcome!" not in shown
    # a new account (the id the log-in gives is the one registered) is welcomed
    page = await portal.get("/login")
    await portal.post("/logout", data={"csrf": csrf_of(page.text)})
    portal.fake.register_answer = None
    page = await portal.get("/register")
    r = await portal.post("/register", data={**values, "csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/programmes"


async def test_a_disabled_account_with_its_right_password_is_told_it_is_disabled(portal):
    """It read "Incorrect e-mail or password.", which sends the person to reset a password that works."""
    portal.fake.token_answer = problem(401, "auth.account_disabled", "username", "this account is disabled")
    page = await portal.get("/login")
    r = await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
    assert r.status_code == 403 and "This account is disabled." in r.text and "Incorrect e-mail" not in r.text


# --- 5. the session key, Secure and HSTS -------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "says"),
    [
        ("", "is empty"),
        (DEV_SESSION_SECRET, "development default"),
        ("short-secret", "shorter than"),
        ("corridor-development-secret-change-me-in-production", "published development default"),
    ],
)
def test_outside_development_a_default_empty_or_short_session_key_refuses_start(secret, says):
    with pytest.raises(InsecureSettings, match="PORTAL_SESSION_SECRET") as refused:
        create_app(Settings(env="production", session_secret=secret))
    assert says in str(refused.value)


def test_the_session_key_is_the_portals_own(monkeypatch):
    jwt = "a-jwt-secret-that-is-long-enough-for-production-use"
    monkeypatch.setenv("CORRIDOR_JWT_SECRET", jwt)
    with pytest.raises(InsecureSettings, match="JWT secret"):
        create_app(Settings(env="production", session_secret=jwt))
    create_app(Settings(env="production", session_secret=STRONG))  # starts
    assert Settings(env="production", session_secret=STRONG).session_key() == STRONG
    # in development mode an unset key is the development one, whatever the JWT secret is
    dev = Settings(env="development")
    assert dev.session_key() == DEV_SESSION_SECRET
    monkeypatch.setenv("CORRIDOR_JWT_SECRET", jwt + "-other")
    assert Settings(env="development").session_key() == DEV_SESSION_SECRET


def test_outside_development_a_short_operator_token_refuses_start(monkeypatch):
    """The portal's /metrics is opened by its operator token as the services' are: a short one
    is refused at start as theirs is (a guessable token read every request's route and status)."""
    monkeypatch.delenv("CORRIDOR_OPERATOR_TOKEN", raising=False)
    with pytest.raises(InsecureSettings, match="PORTAL_OPERATOR_TOKEN or CORRIDOR_OPERATOR_TOKEN is shorter than 24"):
        create_app(Settings(env="production", session_secret=STRONG, operator_token="metrics"))
    monkeypatch.setenv("CORRIDOR_OPERATOR_TOKEN", "metrics")  # the services' own, taken when the portal has none
    with pytest.raises(InsecureSettings, match="shorter than 24"):
        create_app(Settings(env="production", session_secret=STRONG))
    create_app(Settings(env="production", session_secret=STRONG, operator_token="m" * 24))  # starts
    create_app(Settings(env="development", operator_token="metrics"))  # development takes any


async def _cookie_and_hsts(settings: Settings, base_url: str) -> tuple[str, str | None]:
    async for client in _client(settings, FakeAccounts(), base_url):
        r = await client.get("/login")
        return r.headers["set-cookie"], r.headers.get("strict-transport-security")
    raise AssertionError


async def test_the_cookie_is_secure_and_hsts_sent_over_https():
    cookie, hsts = await _cookie_and_hsts(Settings(env="production", session_secret=STRONG), "http://portal")
    assert "secure" in cookie.lower() and hsts and "max-age=" in hsts  # on by default outside development
    cookie, hsts = await _cookie_and_hsts(Settings(env="development"), "http://portal")
    assert "secure" not in cookie.lower() and hsts is None  # make run: plain http
    cookie, hsts = await _cookie_and_hsts(Settings(env="development", https=False), "https://portal")
    assert "secure" in cookie.lower() and hsts  # a request that came over https
    assert Signer(STRONG, 60).loads(cookie.split(f"{COOKIE}=")[1].split(";")[0]) is None  # not the dev key


# --- 6. bounded bodies -------------------------------------------------------------------------


async def test_a_form_body_over_the_limit_is_refused_unread(portal):
    page = await portal.get("/login")
    r = await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 2_000_000})
    # a page in the reader's words, not the problem body meant for programs
    assert r.status_code == 413 and "What you sent is too large (at most 1 MB)." in r.text
    assert portal.fake.of("POST", "/auth/token") == []


async def test_uploads_are_bounded_and_streamed_never_read_whole(portal, monkeypatch):
    async def whole(*_a, **_k):
        raise AssertionError("upload.read() of the whole file")

    monkeypatch.setattr(UploadFile, "read", whole)
    await log_in(portal)
    page = await portal.get("/login")
    csrf = csrf_of(page.text)

    def post(content: bytes):
        files = {"file": ("passport.pdf", content, "application/pdf")}
        return portal.post("/applications/a1/documents", data={"csrf": csrf, "kind": "passport"}, files=files)

    pdf = b"%PDF-1.4\n" + b"x" * 300_000
    r = await post(pdf)
    assert r.status_code == 303, r.text
    [sent] = portal.fake.of("POST", "/applications/a1/documents")
    assert pdf in sent.content
    # over the service's 10 MiB but inside the body bound: the portal says so, sends nothing
    r = await post(b"%PDF-1.4\n" + b"x" * (10 * 1024 * 1024))
    assert len(portal.fake.of("POST", "/applications/a1/documents")) == 1
    assert r.status_code in (404, 422)  # the page of the (fake) application, or its refusal
    # over the body bound: refused unread, back to the form with the error at the file field
    r = await post(b"x" * (11 * 1024 * 1024))
    assert r.status_code == 303 and r.headers["location"] == "/applications/a1?refused=too_large#documents"
    assert len(portal.fake.of("POST", "/applications/a1/documents")) == 1


async def test_an_upload_without_a_signed_in_session_is_refused_on_its_headers(portal):
    """Issue 13 item 3: the portal reads no upload body of someone not signed in (a forged or
    absent cookie): refused by the body-limit middleware on its headers, before any form
    parsing, and the applications service is never called. The person is sent to log in and
    back to the application (the refusal was a JSON body, which a browser showed as it is)."""
    page = await portal.get("/login")
    files = {"file": ("passport.pdf", b"%PDF-1.4\n" + b"x" * 5000, "application/pdf")}
    for cookie in (None, "forged.value"):
        portal.cookies.clear()
        if cookie:
            portal.cookies.set("corridor_session", cookie)
        r = await portal.post(
            "/applications/a1/documents", data={"csrf": csrf_of(page.text), "kind": "passport"}, files=files
        )
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/applications/a1&file=not_kept"
        assert r.headers["connection"] == "close"
    assert portal.fake.of("POST", "/applications/a1/documents") == []


async def test_a_malformed_cookie_of_another_site_does_not_hide_the_session_from_the_upload_check(portal):
    """The check reads cookies as every page does (Starlette), so a signed-in applicant with a
    stray cookie the standard library rejects can still upload."""
    await log_in(portal)
    page = await portal.get("/login")
    session = portal.cookies.get("corridor_session")
    portal.cookies.clear()
    files = {"file": ("passport.pdf", b"%PDF-1.4\n" + b"x" * 1000, "application/pdf")}
    r = await portal.post(
        "/applications/a1/documents",
        data={"csrf": csrf_of(page.text), "kind": "passport"},
        files=files,
        headers={"cookie": f'prefs={{"a":1}}; theme=dark mode; corridor_session={session}'},
    )
    assert r.status_code != 401 and len(portal.fake.of("POST", "/applications/a1/documents")) == 1


async def test_a_reupload_is_bounded_like_an_upload_and_refused_unsigned(portal):
    from services.portal.app.middleware import UPLOAD_LIMIT, UPLOAD_ROUTES
    from shared.limits import BodyLimit

    limits = BodyLimit(app=None, default=1024, routes=UPLOAD_ROUTES)  # type: ignore[arg-type]
    for path in ("/applications/a1/documents/d1/reupload", "/referee/upload"):
        assert limits.limits_for("POST", path)[0] == UPLOAD_LIMIT  # 10 MiB, not the 1 MiB of forms
    page = await portal.get("/login")
    files = {"file": ("passport.pdf", b"%PDF-1.4\n" + b"x" * 1000, "application/pdf")}
    r = await portal.post("/applications/a1/documents/d1/reupload", data={"csrf": csrf_of(page.text)}, files=files)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/applications/a1&file=not_kept"
    assert portal.fake.of("POST", "/applications/a1/documents/d1/reupload") == []


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_upload_too_slow_to_arrive_is_a_page_in_the_readers_language(lang):
    """The body-limit middleware's 408 (a body not complete within its time) was a JSON body."""
    from services.portal.app.middleware import LimitsAsPages
    from services.portal.i18n import translate
    from services.portal.session import Signer
    from shared.limits import BodyLimit, Limit

    async def never_done(scope, receive, send):  # the upload's view, which the bound never lets read it all
        while (await receive()).get("more_body"):
            pass

    bound = BodyLimit(never_done, routes=[Limit("/applications/{id}/documents", 1 << 20, read_timeout=0.2)])
    app = LimitsAsPages(bound, Signer("unit-test-secret", 3600))

    async def trickle():
        yield b"x" * 10
        await asyncio.sleep(1)
        yield b"x" * 10

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
        r = await client.post("/applications/a1/documents", content=trickle(), headers={"accept-language": lang})
    assert r.status_code == 408 and r.headers["content-type"].startswith("text/html")
    said = "The file took too long to arrive. Try again, on a faster connection or with a smaller file."
    assert translate(lang, said) in r.text


@pytest.mark.parametrize(
    ("lang", "hint"),
    [
        ("en", "At least 10 characters, without your name or e-mail address."),
        ("zh", "至少10个字符，且不得包含您的姓名或电子邮箱地址。"),
        ("ru", "Не менее 10 символов; пароль не должен содержать ваше имя или адрес электронной почты."),
        ("ur", "کم از کم 10 حروف؛ اس میں آپ کا نام یا ای میل پتہ شامل نہیں ہونا چاہیے۔"),
    ],
)
async def test_the_password_hint_says_up_front_no_name_or_address(portal, lang, hint):
    await portal.get(f"/language/{lang}?next=/login")
    register = await portal.get("/register")
    assert register.status_code == 200 and hint in register.text
    reset = await portal.get("/password-reset?token=abc_DEF-123")
    assert hint in reset.text


async def test_a_refused_registration_lists_each_field_at_fault_with_its_reason(portal):
    """The banner said only "correct the marked fields"; a name of 304 characters was said
    too long only once every other field was right (the service's check came after ours)."""
    await portal.get("/language/ur?next=/register")
    page = await portal.get("/register")
    values = {
        "csrf": csrf_of(page.text),
        "name": "ع" * 304,
        "email": "not-an-address",
        "password": "river-stone-55-owl",
        "password_again": "river-stone-55-owl",
        "applicant_type": "student",
        "nationality": "PK",
        "home_institution": "University of the Punjab",
        "date_of_birth": "2003-04-05",
        "preferred_language": "ur",
    }
    r = await portal.post("/register", data=values)
    assert r.status_code == 422 and not portal.fake.of("POST", "/auth/register")
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', r.text, re.S).group(1)
    links = re.findall(r'<a href="#([\w-]+)">(.*?)</a>', summary, re.S)
    assert [anchor for anchor, _ in links] == ["f-name", "f-email"]  # in the form's order
    assert translate("ur", "At most 200 characters.") in links[0][1]
    assert translate("ur", "Full name") in links[0][1]

    # a choice left out: its link takes the focus to the first option (it pointed at the hint)
    r = await portal.post(
        "/register", data={**values, "name": "Ayesha Khan", "email": "a@example.pk", "applicant_type": ""}
    )
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', r.text, re.S).group(1)
    assert re.findall(r'<a href="#([\w-]+)">', summary) == ["f-applicant_type-student"]
    assert 'id="f-applicant_type-student"' in r.text and r.text.count('name="applicant_type"') == 2
    assert len(re.findall(r'name="applicant_type" value="\w+" required\s+aria-invalid="true"', r.text)) == 2


async def test_a_new_address_waits_for_its_link_and_the_link_asks_before_it_confirms(portal):
    """The address moved as soon as it was typed; now the profile says a link went to the new
    address, and the link's page confirms it only with a press (a mail scanner that follows
    links confirms nothing)."""
    await log_in(portal)
    await portal.get("/language/ru?next=/profile")
    page = await portal.get("/profile")
    form = {
        "csrf": csrf_of(page.text),
        "name": ME["name"],
        "email": "New.Address@example.kz",
        "email_password": "the-current-one",
        "home_institution": ME["home_institution"],
        "preferred_language": "ru",
    }
    r = await portal.post("/profile", data=form)
    assert r.status_code == 303, r.text
    (patched,) = portal.fake.of("PATCH", "/me")
    assert json.loads(patched.content)["current_password"] == "the-current-one"
    page = await portal.get("/profile")
    said = translate("ru", "We sent a link to {email}. Your address changes when you open it (within 24 hours).")
    assert said.replace("{email}", "new.address@example.kz") in page.text
    assert 'id="pending-email"' in page.text

    opened = await portal.get("/email-change?token=good")  # opening the link changes nothing
    assert opened.status_code == 200 and portal.fake.of("POST", "/auth/email-change/confirm") == []
    assert translate("ru", "Confirm my new address") in opened.text
    r = await portal.post("/email-change", data={"csrf": csrf_of(opened.text), "token": "good"})
    assert r.status_code == 303 and r.headers["location"] == "/profile"
    assert json.loads(portal.fake.of("POST", "/auth/email-change/confirm")[0].content) == {"token": "good"}
    for token, status, words in (
        ("used", 400, "This link is unknown, used or expired."),
        ("taken", 409, "Another account now has this address."),
    ):
        r = await portal.post("/email-change", data={"csrf": csrf_of(opened.text), "token": token})
        assert r.status_code == status and translate("ru", words) in r.text
        assert 'id="confirm-email"' not in r.text


async def test_a_link_with_a_query_comes_back_whole_after_the_log_in(portal):
    """An e-mail's link to a host's admissions of one cycle lost its filter through the log-in."""
    r = await portal.get("/host/admissions?cycle_id=sco-2026&status=with_host")
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/host/admissions%3Fcycle_id%3Dsco-2026%26status%3Dwith_host"
    page = await portal.get(r.headers["location"])
    assert 'name="next" value="/host/admissions?cycle_id=sco-2026&amp;status=with_host"' in page.text


@pytest.mark.parametrize("path", ["/email-verify", "/email-change", "/password-reset"])
async def test_a_link_from_an_e_mail_opens_in_the_e_mails_language_unless_the_browser_chose_one(portal, path):
    """The confirmation page followed the browser's language: an applicant registered in Urdu
    opened the link from an Urdu e-mail in a browser set to English and read English."""
    fresh = await portal.get(path, params={"token": "abc_DEF-123", "lang": "ur"})
    assert fresh.status_code == 200 and 'lang="ur"' in fresh.text and 'dir="rtl"' in fresh.text
    again = await portal.get("/login")  # the language stays for the pages that follow
    assert 'lang="ur"' in again.text

    await portal.get("/language/zh?next=/login")  # chosen in this browser: the link does not override it
    chosen = await portal.get(path, params={"token": "abc_DEF-123", "lang": "ru"})
    assert 'lang="zh"' in chosen.text
    unknown = await portal.get(path, params={"token": "abc_DEF-123", "lang": "xx"})
    assert unknown.status_code == 200 and 'lang="zh"' in unknown.text


@pytest.mark.parametrize("path", ["/", "/login", "/register"])
async def test_any_shared_link_that_names_a_language_opens_in_it_unless_the_browser_chose_one(portal, path):
    """``/login?lang=ru`` opened in English: only the language switch set it, so a link could
    not be sent to someone in their language."""
    fresh = await portal.get(path, params={"lang": "ur"})
    assert fresh.status_code == 200 and '<html lang="ur" dir="rtl">' in fresh.text
    assert '<html lang="ur"' in (await portal.get("/login")).text  # and the pages after it
    await portal.get("/language/ru?next=/login")
    assert '<html lang="ru"' in (await portal.get(path, params={"lang": "zh"})).text  # chosen here: kept


async def test_small_turns_of_the_account_pages(portal):
    """The log-in page's "Forgot your password?" carries the address typed (the reset page had
    opened empty after a wrong password); the registration form, reopened once logged in (the
    back button after registering), leads to the account's pages."""
    page = await portal.get("/login")
    portal.fake.token_answer = problem(400, "auth.bad_credentials", "username", "incorrect e-mail or password")
    wrong = await portal.post(
        "/login", data={"csrf": csrf_of(page.text), "email": "a+b@c.org", "password": "nope-nope"}
    )
    assert 'href="/forgot-password?email=a%2Bb%40c.org" id="forgot-password"' in wrong.text
    portal.fake.token_answer = None
    await log_in(portal)
    again = await portal.get("/register")
    assert again.status_code == 303 and again.headers["location"] != "/register"


async def test_a_profile_saved_from_an_older_tab_sends_only_what_was_changed_there(portal):
    """Tab A corrected the passport name; tab B, opened before, changed only the home
    institution and saved: the passport name went back to the old one, without a word."""
    await log_in(portal)
    page = await portal.get("/profile")
    was = dict(re.findall(r'name="was\.(\w+)" value="([^"]*)"', page.text))
    assert was["name"] == ME["name"] and "passport_name" in was
    typed = {k: html.unescape(v) for k, v in was.items()}  # the form as the page filled it
    form = {"csrf": csrf_of(page.text), **typed, **{f"was.{k}": html.unescape(v) for k, v in was.items()}}
    r = await portal.post("/profile", data={**form, "home_institution": "KazNMU"})
    assert r.status_code == 303, r.text[:300]
    (patched,) = portal.fake.of("PATCH", "/me")
    assert json.loads(patched.content) == {"home_institution": "KazNMU"}
