"""The portal's pure parts and its behaviour with no service reachable (no servers needed)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from services.portal.app import create_app
from services.portal.clients import FieldError, ServiceError, errors_of
from services.portal.domain.forms import details_from_form, fill_level, move, percent, registration_problems
from services.portal.i18n import CATALOGS, EN, negotiate, translate
from services.portal.session import Session, Signer
from services.portal.settings import Settings

TEMPLATES = Path(__file__).resolve().parents[3] / "services" / "portal" / "templates"
PY = Path(__file__).resolve().parents[3] / "services" / "portal"


def test_signed_session_round_trips_and_rejects_tampering():
    signer = Signer("secret", max_age=60)
    value = signer.dumps({"token": "t", "role": "applicant"})
    assert signer.loads(value)["role"] == "applicant"
    payload, mac = value.rsplit(".", 1)
    assert signer.loads(payload + "." + mac[:-2] + "AA") is None
    assert Signer("other", 60).loads(value) is None
    assert signer.loads("garbage") is None
    assert Signer("secret", max_age=-1).loads(value) is None  # expired


def test_login_rotates_the_csrf_token():
    s = Session()
    before = s.csrf
    s.log_in("tok", "officer", "Dana", "u1")
    assert s.csrf != before and s.csrf_ok(s.csrf) and not s.csrf_ok(before) and not s.csrf_ok(None)


@pytest.mark.parametrize(
    "index, action, expected",
    [
        (0, "down", ["b", "a", "c"]),
        (2, "up", ["a", "c", "b"]),
        (0, "up", ["a", "b", "c"]),
        (2, "down", ["a", "b", "c"]),
        (1, "remove", ["a", "c"]),
        (7, "remove", ["a", "b", "c"]),
    ],
)
def test_moving_choices(index, action, expected):
    assert move(["a", "b", "c"], index, action) == expected


def test_details_form_checks_numbers_and_certificates():
    body, errors = details_from_form({"grade": "88,5", "cert_kind_0": "hsk", "cert_level_0": "5", "statement": "x"})
    assert errors == {} and body["grade"] == 88.5 and body["language_certificates"] == [{"kind": "HSK", "level": 5.0}]
    _body, errors = details_from_form(
        {"grade": "140", "cert_kind_1": "XYZ", "cert_level_0": "four", "cert_kind_0": "HSK"}
    )
    assert set(errors) == {"grade", "cert_kind_1", "cert_level_0"}


def test_registration_problems_name_each_field():
    errors = registration_problems(
        {"email": "nope", "password": "short", "date_of_birth": "2999-01-01"}, "", date(2026, 1, 1)
    )
    assert {"email", "password", "name", "applicant_type", "nationality", "home_institution", "date_of_birth"} <= set(
        errors
    )


def test_fill_bars():
    assert percent(3, 4) == 75 and percent(5, 4) == 100 and percent(0, 0) == 0
    assert fill_level(4, 4) == "full" and fill_level(9, 10) == "high" and fill_level(1, 10) == "ok"


def test_service_refusals_keep_field_and_reason():
    errs = errors_of({"detail": [{"field": "choices.1", "reason": "not eligible: HSK 3 below required 4"}]}, 422)
    assert errs == [FieldError("choices.1", "not eligible: HSK 3 below required 4")]
    assert errors_of({"detail": "incorrect e-mail or password"}, 401)[0].reason == "incorrect e-mail or password"
    assert ServiceError("applications", 422, errs).by_field()["choices"].startswith("not eligible")


def _template_keys() -> set[str]:
    keys: set[str] = set()
    for f in TEMPLATES.rglob("*.html"):
        s = f.read_text()
        keys |= set(re.findall(r'_\(\s*"([^"]+)"', s)) | set(re.findall(r"_\(\s*'([^']+)'", s))
        keys |= set(re.findall(r'(?:field|select)\([^,()]+, "([^"]+)"', s))
        keys |= set(re.findall(r'(?:hint|empty)="([^"]+)"', s))
    for f in PY.rglob("*.py"):
        s = f.read_text()
        keys |= set(re.findall(r'(?:flash\(|title=|message=|errors\[[^\]]+\] = )\s*"([^"]+)"', s))
    return {k for k in keys if not k.endswith(":")} - {"Corridor portal"}  # the app title, not a page text


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_portal_message_is_translated(lang):
    missing = sorted(k for k in _template_keys() if k not in CATALOGS[lang])
    assert missing == []
    assert set(EN) <= set(CATALOGS[lang])  # every status, level, document kind


def test_translation_fallbacks():
    assert translate("ur", "status:offered") == "پیشکش موصول"
    assert translate("zh", "status:brand-new") == "brand-new"
    assert translate("ru", "HSK 3 below required 4") == "HSK 3 below required 4"  # a service's reason as written
    assert translate("zh", "{n} seats", n=3) == "3 个名额"
    assert negotiate("ur-PK,ur;q=0.9,en;q=0.8") == "ur" and negotiate("de-DE") == "en"


@pytest.fixture
async def portal_alone(monkeypatch):
    """The portal with every service pointing at a closed port."""
    for name in ("APPLICATIONS", "MATCHING", "NOTIFICATIONS"):
        monkeypatch.setenv(f"PORTAL_{name}_URL", "http://127.0.0.1:9")
    app = create_app(Settings())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            yield client


async def test_an_unreachable_service_is_a_clear_page_not_a_trace(portal_alone):
    r = await portal_alone.get("/programmes")
    assert r.status_code == 503
    assert "applications service cannot be reached" in r.text and "Traceback" not in r.text
    r = await portal_alone.get("/readyz")
    assert r.status_code == 503 and r.json()["services"]["matching"] is False


async def test_forms_need_the_session_csrf_token(portal_alone):
    page = await portal_alone.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = await portal_alone.post("/login", data={"csrf": "forged", "email": "a@b.org", "password": "x"})
    assert r.status_code == 403 and "out of date" in r.text
    r = await portal_alone.post("/login", data={"csrf": token, "email": "", "password": ""})
    assert r.status_code == 422 and 'id="e-email"' in r.text and 'aria-invalid="true"' in r.text


async def test_pages_need_a_login_and_urdu_is_right_to_left(portal_alone):
    r = await portal_alone.get("/officer/cycles/x")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    await portal_alone.get("/language/ur?next=/login")
    r = await portal_alone.get("/login")
    assert 'dir="rtl"' in r.text and 'lang="ur"' in r.text
    r = await portal_alone.get("/language/zh?next=https://evil.example")
    assert r.headers["location"] == "/"


def test_a_per_value_rule_label_reads_as_each_value():
    from services.portal.web import rule_heading

    assert (
        rule_heading("SCO 2026: at most 40% of {programme}'s seats to {sending_country}")
        == "SCO 2026: at most 40% of each programme's seats to each sending country"
    )
    assert rule_heading("SCO 2026: at most 12 from KZ") == "SCO 2026: at most 12 from KZ"
