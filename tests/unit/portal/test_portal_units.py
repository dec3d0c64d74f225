"""The portal's pure parts and its behaviour with no service reachable (no servers needed)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from services.portal.app import create_app
from services.portal.clients import FieldError, error_of
from services.portal.domain.forms import (
    DOCUMENT_KINDS,
    birth_date_problem,
    details_from_form,
    fill_level,
    move,
    percent,
    registration_problems,
)
from services.portal.domain.problems import BY_CODE, BY_ENDING, Message, message_for
from services.portal.i18n import CATALOGS, EN, negotiate, translate
from services.portal.session import Session, Signer
from services.portal.settings import Settings
from shared.events.catalog import ApplicationStatus, DocumentKind

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
        {"grade": "140", "cert_kind_1": "X/Z", "cert_level_0": "four", "cert_kind_0": "HSK"}
    )
    assert set(errors) == {"grade", "cert_kind_1", "cert_level_0"}


@pytest.mark.parametrize("typed", ["3.4", "3,4", "4", "4.5"])
def test_a_gpa_typed_as_the_grade_is_refused_with_how_to_convert_it(typed):
    """ "3.4" was kept as 3.4 out of 100, then said to be far below every programme's minimum."""
    _body, errors = details_from_form({"grade": typed})
    assert errors["grade"].startswith("This looks like a GPA")
    for lang in ("zh", "ru", "ur"):
        assert translate(lang, errors["grade"]) != errors["grade"]
    assert details_from_form({"grade": "0"})[1] == {} and details_from_form({"grade": "55"})[1] == {}


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


def problem(status: int, code: str, items: list[dict]) -> dict:
    """A body as shared/api.py answers it."""
    return {
        "type": f"urn:corridor:problem:{code}",
        "title": "Conflict",
        "status": status,
        "code": code,
        "detail": "; ".join(i["reason"] for i in items),
        "instance": "/x",
        "errors": items,
    }


def test_problem_details_keep_status_field_reason_code_and_context():
    body = problem(
        409,
        "application.window_closed",
        [
            {
                "field": "cycle_id",
                "reason": "the window closed",
                "code": "application.window_closed",
                "closes_at": "2026-03-01T00:00:00+00:00",
            }
        ],
    )
    exc = error_of("applications", 409, body)
    assert exc.status == 409 and exc.code == "application.window_closed"
    assert exc.errors == [
        FieldError(
            "cycle_id", "the window closed", "application.window_closed", {"closes_at": "2026-03-01T00:00:00+00:00"}
        )
    ]
    assert str(exc) == "the window closed"  # the service's words stay in logs
    assert exc.by_field()["cycle_id"] == "Applications for this cycle closed on {closes_at}."
    assert exc.message.params == {"closes_at": "2026-03-01"}


def test_several_fields_and_bodies_that_are_not_problems():
    items = [
        {"field": "choices.1", "reason": "not eligible: HSK 3 below required 4", "code": "x.unheard_of"},
        {"field": "grade", "reason": "too big", "code": "less_than_equal"},
    ]
    exc = error_of("applications", 422, problem(422, "validation", items))
    assert [e.field for e in exc.errors] == ["choices.1", "grade"]
    by_field = exc.by_field()
    assert by_field["choices"] == by_field["choices.1"] == "not eligible: HSK 3 below required 4"  # unknown: as written
    assert by_field["grade"] == "This number is too large."
    # an item without its own code takes the problem's; a body without items, its detail
    exc = error_of(
        "matching",
        409,
        {"code": "round.running", "detail": "busy", "errors": [{"field": "cycle_id", "reason": "busy"}]},
    )
    assert exc.errors[0].code == "round.running" and exc.message == "A round is already running for this cycle."
    exc = error_of("matching", 404, {"code": "not_found", "detail": "Not Found"})
    assert exc.errors == [FieldError("request", "Not Found", "not_found")]
    exc = error_of("matching", 502, None)
    assert exc.errors[0].field == "request" and "502" in exc.errors[0].reason


def test_a_code_is_worded_by_the_portal_and_translated():
    m = message_for(
        "application.window_closed",
        "the window closed at 2026-03-01T00:00:00+00:00",
        {"closes_at": "2026-03-01T00:00:00+00:00"},
    )
    # the date in the reader's own form (Babel), not the ISO instant
    assert translate("en", m) == "Applications for this cycle closed on 1 Mar 2026."
    assert translate("zh", m) == "本招生周期申请已于 2026年3月1日 截止。"
    assert translate("ru", m) == "Приём заявок в этот набор закрылся 1 мар. 2026\u202fг."
    assert "1 مارچ، 2026" in translate("ur", m)
    # a refused choice: the portal's sentence, and a missing document named in the reader's language
    m = message_for(
        "application.not_eligible",
        "not eligible: HSK 3 below required 4; required document missing: non_criminal_record",
        {"programme_id": "p1", "reasons": ["HSK 3 below required 4", "required document missing: non_criminal_record"]},
    )
    assert translate("en", m) == (
        "This choice is not eligible: HSK 3 below required 4; Required document missing: non-criminal record"
    )
    assert translate("ru", m) == (
        "Эта программа вам недоступна: HSK 3 below required 4; Не хватает обязательного документа: справка о несудимости"
    )
    assert translate("zh", "required document missing: employment_letter") == "缺少所需材料：在职证明"
    assert translate("zh", message_for("document.too_large", "too big", {"max_bytes": 10_485_760})) == (
        "文件过大（最大 10 MB）。"
    )
    # a new code with a known ending is still worded; an unknown code shows the service's reason
    assert message_for("scheme.not_found", "no scheme x") == "This was not found."
    assert message_for("quota.cap_negative", "a cap may not be negative") == "a cap may not be negative"
    # a sentence whose parameter the service did not send falls back to the reason
    assert message_for("application.window_closed", "closed", {}) == "closed"
    assert translate("ur", Message("HSK 3 below required 4")) == "HSK 3 below required 4"


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_error_sentence_is_translated(lang):
    sentences = set(BY_CODE.values()) | set(BY_ENDING.values())
    assert sorted(s for s in sentences if s not in CATALOGS[lang]) == []


def test_document_kinds_and_statuses_come_from_the_contract_with_words_in_every_language():
    assert DOCUMENT_KINDS == tuple(k.value for k in DocumentKind)
    assert {"non_criminal_record", "employment_letter"} <= set(DOCUMENT_KINDS)
    for lang, catalog in CATALOGS.items():
        for key in [*(f"doc:{k}" for k in DocumentKind), *(f"status:{s}" for s in ApplicationStatus)]:
            assert catalog.get(key), (lang, key)
    assert translate("zh", "doc:non_criminal_record") == "无犯罪记录证明"
    assert translate("en", "doc:employment_letter") == "employment letter"


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


@pytest.mark.parametrize(
    "lang, n, expected",
    [
        ("en", 1, "1 choice"),
        ("en", 2, "2 choices"),
        ("en", 0, "0 choices"),
        ("ru", 1, "1 выбранная программа"),
        ("ru", 3, "3 выбранные программы"),
        ("ru", 5, "5 выбранных программ"),
        ("ru", 21, "21 выбранная программа"),
        ("ur", 1, "1 ترجیح"),
        ("ur", 4, "4 ترجیحات"),
        ("zh", 1, "1 个志愿"),
    ],
)
def test_counts_follow_each_languages_plural_rules(lang, n, expected):
    assert translate(lang, "{n} choices", n=n) == expected


def test_every_plural_form_a_language_needs_is_written():
    from babel import Locale

    from services.portal.i18n import BABEL_LOCALES, PLURALS

    for lang, messages in PLURALS.items():
        needed = set(Locale.parse(BABEL_LOCALES[lang]).plural_form.tags) | {"other"}
        for key, forms in messages.items():
            assert needed <= set(forms), (lang, key)
            assert key in CATALOGS[lang] or lang == "en", (lang, key)
    assert translate("en", "{n} matches", n=1) == "1 match" and translate("en", "{n} seats", n=1) == "1 seat"


def test_dates_countries_and_languages_in_words_of_each_language():
    from services.portal.i18n import country_name, format_day, format_moment, language_name, words_of

    at = "2027-02-28T14:05:00+00:00"
    assert [format_day(lang, at) for lang in ("en", "zh", "ru", "ur")] == [
        "28 Feb 2027",
        "2027年2月28日",
        "28 февр. 2027\u202fг.",
        "28 فروری، 2027",
    ]
    assert format_moment("en", at) == "28 Feb 2027, 14:05 UTC"
    assert format_moment("ur", "2027-02-28T16:05:00+02:00").endswith("14:05 UTC")  # shown in UTC, and says so
    assert format_day("en", "not a date") == "not a date"
    assert country_name("ur", "PK") == "پاکستان" and country_name("zh", "KZ") == "哈萨克斯坦"
    assert country_name("en", "XX") == "XX"
    assert language_name("ru", "en") == "английский" and language_name("en", "zh") == "Chinese"
    assert words_of("international-relations") == "international relations"


def test_a_proposal_reads_under_review_and_names_no_programme():
    from services.portal.domain.statuses import UNDER_REVIEW, shown_status
    from shared.events.catalog import WITHDRAWABLE

    assert shown_status("matched") == "under_review" == shown_status("under_review")
    assert shown_status("offered") == "offered"
    assert {"under_review", "matched"} == set(UNDER_REVIEW) and "under_review" in WITHDRAWABLE


def test_profile_form_problems():
    from services.portal.domain.forms import profile_problems

    ok = {"name": "Bilal Ahmed", "email": "bilal@example.pk", "home_institution": "KEMU", "preferred_language": "ur"}
    assert profile_problems(ok, ["en", "ur"]) == {}
    bad = profile_problems({"name": "", "email": "x", "home_institution": "", "preferred_language": "de"}, ["en"])
    assert set(bad) == {"name", "email", "home_institution", "preferred_language"}


@pytest.mark.parametrize(
    "unready",
    [
        httpx.Response(200, json={"status": "degraded"}),  # its broker away: it serves, its events wait
        httpx.Response(503, json={"status": "not ready"}),  # its database away
    ],
)
async def test_a_service_answering_but_not_ready_makes_the_portal_degraded_not_ready(unready):
    """The broker away: the applications service answers (its /healthz) but is not ready
    itself (its /readyz degraded, or 503 without its database). The portal still serves pages
    (200) and says so: degraded, with each service's own readiness, not "ready" with every
    service true."""

    def service(ready: bool):
        def answer(request: httpx.Request) -> httpx.Response:
            if request.url.path == "/readyz":
                return httpx.Response(200, json={"status": "ready"}) if ready else unready
            return httpx.Response(200, json={"status": "ok"})

        return answer

    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        for client in app.state.services.all():
            await client.http.aclose()
            transport = httpx.MockTransport(service(ready=client.name != "applications"))
            client.http = httpx.AsyncClient(transport=transport, base_url=f"http://{client.name}")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as portal:
            r = await portal.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "degraded", r.text
    assert r.json()["ready"] == {"applications": False, "matching": True, "notifications": True}
    assert r.json()["services"]["applications"] is True


def test_whole_numbers_are_read_from_ascii_and_arabic_indic_digits_only():
    from services.portal.domain.forms import whole_number

    assert whole_number("42") == 42 and whole_number(" 7 ") == 7
    assert whole_number("۱۲") == 12 and whole_number("٣") == 3  # as an Urdu keyboard types them
    for text in ("", None, "²", "١²", "-1", "1.5", "1e3", "x", "1" * 10):
        assert whole_number(text) is None, text
    assert whole_number("1" * 18, digits=18) == int("1" * 18)


def test_a_page_past_the_end_is_sent_to_the_last_page_and_any_other_stays():
    from services.portal.domain.forms import past_the_end

    assert past_the_end(100, 40, 50) == 0 and past_the_end(150, 101, 50) == 100 and past_the_end(100, 100, 50) == 50
    assert past_the_end(50, 0, 50) == 0  # an emptied table: its first page says it is empty
    for offset, total in ((0, 0), (0, 40), (50, 51), (99, 100)):
        assert past_the_end(offset, total, 50) is None, (offset, total)


def test_the_portal_takes_the_addresses_the_service_takes():
    """The portal's own check was looser than the service's EmailStr: "name@gmail..com" passed
    it and came back from the service as an English sentence."""
    from pydantic import EmailStr, TypeAdapter, ValidationError

    from services.portal.domain.forms import is_email

    service = TypeAdapter(EmailStr)
    for text in ("name@example.org", "aigerim.k@kaznu.kz", "ali+hec@uni.edu.pk", "李伟@example.cn"):
        assert is_email(text), text
        service.validate_python(text)
    for text in ("name@gmail..com", "name@", "@example.org", "name example@org", "name@example", ""):
        assert not is_email(text), text
        with pytest.raises(ValidationError):
            service.validate_python(text)


def test_an_urdu_sentence_keeps_a_numeric_date_left_to_right():
    """Among Urdu letters the bidirectional algorithm reads 2003-04-25's digits as Arabic
    numbers and the hyphens as neutrals: the example showed as 25-04-2003 under a label that
    says year-month-day. Each such date is isolated left to right."""
    import re

    dated = {k: v for k, v in CATALOGS["ur"].items() if isinstance(v, str) and re.search(r"\d+-\d+-\d+", v)}
    assert dated, "the Urdu catalog has example dates"
    for english, urdu in dated.items():
        for date_text in re.findall(r"\d+-\d+-\d+", urdu):
            assert f"\u2066{date_text}\u2069" in urdu, english


def test_the_cycles_an_account_manages_are_those_its_token_scopes():
    """The console and the committee's list offered every cycle; another scheme's was a 403."""
    import base64
    import json

    from services.portal.session import Session
    from services.portal.web import cycles_managed

    def session(role: str, **scope: list[str]) -> Session:
        s = Session()
        claims = base64.urlsafe_b64encode(json.dumps({"sub": "u", "role": role, **scope}).encode()).decode()
        s.token, s.role = f"h.{claims.rstrip('=')}.s", role
        return s

    cycles = [{"id": "c1", "scheme_id": "sco"}, {"id": "c2", "scheme_id": "cpec"}]
    assert cycles_managed(session("officer", schemes=["sco"]), cycles) == [cycles[0]]
    assert cycles_managed(session("officer", institutions=["lzu"]), cycles) == []
    assert cycles_managed(session("officer", schemes=["cpec"], institutions=["lzu"]), cycles) == [cycles[1]]
    assert cycles_managed(session("officer"), cycles) == cycles == cycles_managed(session("admin"), cycles)


def test_a_nomination_reads_提名_in_chinese_and_推荐_is_left_to_the_endorsement_and_the_referee():
    """The nominator's menu, a nominee (被推荐人), the nomination list and its authority all read
    推荐 in Chinese, the word of the home institution's endorsement (院校推荐) and of a referee and
    a letter (推荐人, 推荐信): a nomination now reads 提名 wherever it is meant."""
    nominating = {
        k: v
        for k, v in CATALOGS["zh"].items()
        if re.search(r"nominat|nominee|authorit", k, re.I) and "endors" not in k.lower()
    }
    assert len(nominating) > 60
    assert not [k for k, v in nominating.items() if "推荐" in v], [k for k, v in nominating.items() if "推荐" in v]
    assert translate("zh", "Nominations") == "提名" and translate("zh", "Endorsements") == "院校推荐"
    assert translate("zh", "Nominee") == "被提名人" and translate("zh", "role:nominator") == "提名机构"
    assert translate("zh", "Nominated by {authority}", authority="HEC") == "已获HEC提名"
    assert (
        translate("zh", "Recommendation letters") == "推荐信" and translate("zh", "Replace the referee") == "更换推荐人"
    )
    # the reserve of a nomination list is 后备, a programme's waitlist 候补
    reserve = {k: v for k, v in CATALOGS["zh"].items() if re.search(r"\breserve\b", k, re.I)}
    assert reserve and not [k for k, v in reserve.items() if "候补" in v]
    # a referee is named (填写), never nominated
    referees = {k: v for k, v in CATALOGS["zh"].items() if re.search(r"referee", k, re.I)}
    assert referees and not [k for k, v in referees.items() if "提名" in v]


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_a_nominators_reserve_and_a_rounds_waitlist_are_told_apart(lang):
    """In Chinese both read "候补" (the officer's status filter listed "候补名单" and "候补"): a
    reserve nominee waits on the nominating authority's list, a waitlisted applicant on a
    programme's, and an officer acts differently on each."""
    reserve = {translate(lang, k) for k in ("status:reserve", "nomination:reserve", "Reserve list")}
    waitlist = {translate(lang, k) for k in ("status:waitlisted", "Waitlist", "Waitlisted")}
    assert not any(w in r or r in w for r in reserve for w in waitlist), (reserve, waitlist)


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_a_choices_rank_and_a_nomination_lists_rank_are_told_apart(lang):
    """In Russian the review's "Choice rank" read "Место в списке", the nominator's list rank."""
    assert translate(lang, "Choice rank") != translate(lang, "Rank")
    assert translate(lang, "nomination:nominated") != translate(lang, "nomination:undecided")


def test_an_officers_rejection_reads_one_way_in_chinese():
    """The review's buttons said "驳回", its keyboard help and screen-reader labels "拒绝", the
    word the applicant's own "declined" uses."""
    from services.portal.workbench_words import WORKBENCH_WORDS as WORDS

    officer = [translate("zh", k) for k in ("Reject", "Reject selected", "status:rejected", "journal:match.rejected")]
    officer += [WORDS[k]["zh"] for k in WORDS if k.startswith(("Reject {name}", "reject the row"))]
    assert len(officer) == 7
    assert all("驳回" in w and "拒绝" not in w for w in officer), officer
    assert "驳回" not in translate("zh", "status:declined")


def test_every_scrolling_table_box_takes_the_keyboard_and_every_text_box_follows_what_is_typed():
    # A table wider than a phone scrolls in its box: a box that cannot take focus cannot be
    # scrolled from the keyboard (axe: scrollable-region-focusable). Text typed in another
    # script than the page's (an English statement on an Urdu page) reads in its own direction.
    for f in TEMPLATES.rglob("*.html"):
        s = f.read_text()
        boxes = re.findall(r'<div class="table-wrap"[^>]*>', s)
        assert all('tabindex="0"' in b for b in boxes), (f.name, boxes)
        areas = re.findall(r"<textarea\b[^>]*>", s)
        assert all(a.count('dir="auto"') == 1 for a in areas), (f.name, areas)


def test_a_date_of_birth_written_as_asked_but_not_in_the_calendar_is_told_so():
    # 2003-02-30 had been told to be written as year-month-day, as it was
    today = date(2026, 12, 5)
    assert birth_date_problem("2003-02-30", today) == "There is no such day: check the month and the day."
    # day.month.year, as Russian writes a date, is read too (it had been refused): the day checked all the same
    assert birth_date_problem("30.02.2003", today) == "There is no such day: check the month and the day."
    assert birth_date_problem("14.05.1984", today) is None and birth_date_problem("1.5.1984", today) is None
    assert (
        birth_date_problem("05/14/1984", today) == "Enter your date of birth as year-month-day, for example 2003-04-25."
    )
    assert birth_date_problem("２００３-０４-２５", today) is None  # a Chinese keyboard's digits
    assert (
        translate("ru", "There is no such day: check the month and the day.")
        == "Такой даты нет: проверьте месяц и день."
    )


@pytest.mark.parametrize(
    ("lang", "value", "digits", "written"),
    [("ru", 98.0, 1, "98,0"), ("ru", 87.25, 2, "87,25"), ("en", 98.0, 2, "98.00"), ("zh", 7, 2, "7.00")],
)
def test_a_score_is_written_as_the_language_writes_numbers(lang, value, digits, written):
    """A Russian review page had "Приоритетный балл: 98.0" beside "IELTS 6,5"."""
    from services.portal.i18n import format_score

    assert format_score(lang, value, digits) == written
    assert format_score(lang, None, digits) == ""


def test_no_form_is_inside_another():
    """HTML has no form inside a form: the browser ends the outer one at the inner one's end, and
    the profile's "Save" (after the inner "Cancel this change") belonged to no form and sent
    nothing. Macros that write a form count as one where they are called."""
    sources = {f: re.sub(r"{#.*?#}", "", f.read_text(), flags=re.S) for f in TEMPLATES.rglob("*.html")}
    macro = re.compile(r"{%-?\s*macro\s+(\w+)\(.*?{%-?\s*endmacro\s*-?%}", re.S)
    writing_forms = {m.group(1) for s in sources.values() for m in macro.finditer(s) if "<form" in m.group(0)}
    assert {"reject_form", "new_version_form"} <= writing_forms
    opening = re.compile(r"<(/?)form\b|{{-?\s*(" + "|".join(sorted(writing_forms)) + r")\(")
    for f, s in sources.items():
        depth, nested = 0, []
        for m in opening.finditer(macro.sub("", s)):
            if m.group(2) or not m.group(1):
                nested += [m.group(0)] if depth else []
                depth += 0 if m.group(2) else 1
            else:
                depth -= 1
        assert not nested and depth == 0, (f.name, nested)


def test_forms_with_required_fields_are_checked_by_the_portal_in_the_pages_language():
    """A field the browser checks (``required`` without ``novalidate``) is refused in the
    browser's language: a referee's Urdu page said "Please check this box" in English. The
    portal checks every form itself and says it in the page's words (``required`` stays, for
    assistive technology)."""
    found = set()
    for f in TEMPLATES.rglob("*.html"):
        for m in re.finditer(r"<form\b([^>]*)>(.*?)</form>", f.read_text(), re.S):
            if "novalidate" not in m.group(1) and re.search(r"\brequired\b", m.group(2)):
                action = re.search(r'action="([^"]*)"', m.group(1)).group(1)
                found.add((f.relative_to(TEMPLATES).as_posix(), "/" + action.rstrip("/").rsplit("/", 1)[-1]))
    assert not found, found


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_chinese_puts_no_space_after_a_sentence_before_a_link(lang):
    """A full-width stop is its own space: "没有账户？ 注册" read as a slip. Other languages keep it."""
    import httpx

    from services.portal.app import create_app
    from services.portal.settings import Settings

    app = create_app(Settings(session_secret="unit-test-secret", env="development"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://portal") as client:
        await client.get(f"/language/{lang}?next=/login")
        page = (await client.get("/login")).text
    said = translate(lang, "No account yet?")
    assert f'{said}{"" if lang == "zh" else " "}<a href="/register">' in page


def test_a_label_ending_in_a_colon_is_followed_by_the_languages_space():
    """Chinese writes a full-width colon that is its own space ("第 1 志愿： 农学" read as a
    slip): a label ending in a colon is followed by ``sp`` (nothing in Chinese), not by a space."""
    spaced = re.compile(r'\{\{ _\("[^"]*:"(?:, [^)]*)?\) \}\} \S|\{\{ _\("checklist:choice"[^}]*\}\} ')
    found = [
        f"{f.relative_to(TEMPLATES)}: {m.group(0)}"
        for f in TEMPLATES.rglob("*.html")
        for m in spaced.finditer(f.read_text())
    ]
    assert not found, found


def test_an_urdu_document_name_before_a_postposition_takes_the_oblique():
    """ "آپ کے ملازمت کا خط کا جائزہ" read as a slip: the name's own کا becomes کے before a
    postposition; alone, or in another language, the name is as the list writes it."""
    from services.portal.checklist_words import CHECKLIST_WORDS

    [review] = [k for k, v in CHECKLIST_WORDS.items() if "کا جائزہ لیا جائے گا" in v.get("ur", "")]
    assert "ملازمت کے خط کا جائزہ" in translate("ur", review, kind="employment_letter")
    assert "زبان کے سرٹیفکیٹ کی تصدیق" in translate("ur", "Verify {kind}", kind="language_certificate")
    assert translate("ur", "doc:passport") in translate("ur", "Verify {kind}", kind="passport")  # no کا: as listed
    assert translate("ur", "doc:employment_letter") == "ملازمت کا خط"


def test_the_same_message_is_flashed_once():
    """The same form sent twice (its second answer replayed by the service) said its notice twice."""
    from services.portal.session import Session

    s = Session()
    s.flash("The nomination list was published.", "success")
    s.flash("The nomination list was published.", "success")
    s.flash("A copy goes to {email}.", "info", email="a@x.org")
    s.flash("A copy goes to {email}.", "info", email="b@x.org")  # another message: both said
    assert [m for _kind, m, _params in s.pop_flashes()] == [
        "The nomination list was published.",
        "A copy goes to {email}.",
        "A copy goes to {email}.",
    ]
