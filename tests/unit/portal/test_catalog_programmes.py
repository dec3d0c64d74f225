"""A cycle's programmes defined in the portal, over a fake matching service: the list in the
reader's language a page at a time, the body sent for a new and for a changed programme (what
the form does not show kept as stored), the form's and the service's refusals on their fields
with what was typed kept, the removal and its refusal, the 403 of an officer outside the
scheme, every page in every language without English left; and the form's pure functions."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import httpx
import pytest
from markupsafe import escape

from services.portal.domain import catalog_fields, programme_form
from services.portal.domain.catalog_fields import page_offsets
from services.portal.domain.programme_form import (
    FIELDS,
    body_of,
    hosts_offered,
    suggested_id,
    values_of,
    with_suggested_id,
)
from services.portal.i18n import CATALOGS, translate
from services.portal.programme_form_words import PROGRAMME_FORM_WORDS
from tests.unit.portal.test_pages_with_fake_services import FakeApplications, csrf_of, portal_over

ROOT = Path(__file__).resolve().parents[3]
CYCLE = {"id": "c1", "scheme_id": "sco", "name": "SCO 2026/27", "translations": {"zh": "上合组织 2026/27"}}
OTHER_CYCLE = {"id": "c9", "scheme_id": "cpec", "name": "CPEC 2026/27"}
INSTITUTIONS = [
    {"id": "xjmu", "name": "Xinjiang Medical University", "country": "CN", "translations": {"zh": "新疆医科大学"}},
    {"id": "lzu", "name": "Lanzhou University", "country": "CN"},
]
# as the service answers it: every field, the title's translations (one in a language the form
# does not show) and what a document must carry (the form does not show that either)
STORED = {
    "id": "xjmu-clinical-med",
    "cycle_id": "c1",
    "scheme_id": "sco",
    "host_country": "CN",
    "host_institution_id": "xjmu",
    "title": "Clinical Medicine (MMed)",
    "translations": {"zh": "临床医学（硕士）", "kk": "Клиникалық медицина"},
    "field": "medicine",
    "level": "master",
    "language": "en",
    "seats": 8,
    "applicant_type": "student",
    "requirements": {
        "min_grade": 75.0,
        "language_certificate": "IELTS",
        "min_language_level": 6.0,
        "max_age": 35,
        "required_documents": ["passport", "transcript"],
        "letters": {"count": 2, "positions": ["professor"]},
        "document_properties": {"transcript": ["attested:hec", "translated:en"]},
        "abroad_only": False,
    },
    "award": {
        "covers": ["tuition", "accommodation", "stipend", "insurance"],
        "stipend_amount": 3500.0,
        "stipend_currency": "CNY",
        "stipend_per": "month",
        "months": 36,
    },
    "warnings": [],
}
NEW_FORM = {
    "id": "lzu-rail",
    "title": "Rail Transport (MEng)",
    "translations.zh": "轨道交通（工程硕士）",
    "translations.ru": "",
    "translations.ur": "",
    "host_institution_id": "lzu",
    "field": "rail-transport",
    "level": "master",
    "language": "zh",
    "seats": "12",
    "applicant_type": "student",
    "requirements.min_grade": "70,5",
    "requirements.language_certificate": "HSK",
    "requirements.min_language_level": "4",
    "requirements.max_age": "",
    "requirements.required_documents[]": ["passport", "cv"],
    "requirements.letters.count": "2",
    "requirements.letters.positions[]": ["professor", "lecturer"],
    "requirements.abroad_only": "yes",
    # what a place comes with: the stipend's amount as typed (a comma), its currency in any case
    "award.covers[]": ["tuition", "stipend"],
    "award.stipend_amount": "3000,5",
    "award.stipend_currency": "cny",
    "award.stipend_per": "month",
    "award.months": "24",
}
NEW_BODY = {
    "id": "lzu-rail",
    "cycle_id": "c1",
    "title": "Rail Transport (MEng)",
    "translations": {"zh": "轨道交通（工程硕士）"},
    "host_institution_id": "lzu",
    "field": "rail-transport",
    "level": "master",
    "language": "zh",
    "seats": 12,
    "applicant_type": "student",
    "requirements": {
        "min_grade": 70.5,
        "language_certificate": "HSK",
        "min_language_level": 4.0,
        "max_age": None,
        "required_documents": ["passport", "cv"],
        "letters": {"count": 2, "positions": ["professor", "lecturer"]},
        "abroad_only": True,
    },
    "award": {
        "covers": ["tuition", "stipend"],
        "stipend_amount": 3000.5,
        "stipend_currency": "CNY",
        "stipend_per": "month",
        "months": 24,
    },
}


def refusal(status: int, code: str, field: str, reason: str, **context) -> httpx.Response:
    item = {"field": field, "reason": reason, "code": code, **context}
    body = {"type": "about:blank", "title": "Refused", "status": status, "code": code, "detail": reason,
            "instance": "/", "errors": [item]}  # fmt: skip
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


class FakeCatalog:
    """The matching service's catalog routes the pages call; records what was written."""

    def __init__(self, programmes: list[dict] | None = None):
        self.programmes = {p["id"]: p for p in (programmes if programmes is not None else [STORED])}
        self.written: list[tuple[str, str, dict | None]] = []  # method, path, body
        self.list_calls: list[dict[str, str]] = []
        self.refuse: httpx.Response | None = None  # the answer to the next write instead
        self.warnings: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if method == "GET":
            return self._read(request)
        body = json.loads(request.content) if request.content else None
        self.written.append((method, path, body))
        if self.refuse is not None:
            answer, self.refuse = self.refuse, None
            return answer
        if (method, path) == ("POST", "/programmes"):
            if body["id"] in self.programmes:
                return refusal(409, "catalog.id_exists", "id", f"programme {body['id']!r} already exists")
            self.programmes[body["id"]] = saved = {**body, "scheme_id": "sco", "host_country": "CN"}
            return httpx.Response(201, json={**saved, "warnings": self.warnings})
        pid = path.removeprefix("/programmes/")
        if method == "PUT":
            self.programmes[pid] = saved = {**body, "id": pid, "scheme_id": "sco", "host_country": "CN"}
            return httpx.Response(200, json={**saved, "warnings": self.warnings})
        if method == "DELETE":
            self.programmes.pop(pid)
            return httpx.Response(204)
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})

    def _read(self, request: httpx.Request) -> httpx.Response:
        path, params = request.url.path, dict(request.url.params)
        cycles = {"/cycles/c1": CYCLE, "/cycles/c9": OTHER_CYCLE}
        if path in cycles:  # any officer reads a cycle
            return httpx.Response(200, json=cycles[path])
        if path == "/institutions":
            return httpx.Response(200, json={"items": INSTITUTIONS, "total": 2, "offset": 0, "limit": 500})
        if path.startswith("/institutions/"):
            found = [x for x in INSTITUTIONS if x["id"] == path.rsplit("/", 1)[1]]
            return httpx.Response(200, json=found[0]) if found else refusal(404, "not_found", "id", "no such")
        if path == "/programmes":
            self.list_calls.append(params)
            rows = sorted((p for p in self.programmes.values() if p["cycle_id"] == params.get("cycle_id")),
                          key=lambda p: p["id"])  # fmt: skip
            offset, limit = int(params.get("offset", 0)), int(params.get("limit", 50))
            page = {"items": rows[offset : offset + limit], "total": len(rows), "offset": offset, "limit": limit}
            return httpx.Response(200, json=page)
        if path == "/quota-rules/r1":
            rule = {"id": "r1", "cycle_id": "c1", "label": "Medicine: at most 3 to Pakistan",
                    "scope": {"programme": ["xjmu-clinical-med"]}, "per": [], "max_count": 3}  # fmt: skip
            return httpx.Response(200, json=rule)
        if path.startswith("/programmes/") and path.removeprefix("/programmes/") in self.programmes:
            return httpx.Response(200, json=self.programmes[path.removeprefix("/programmes/")])
        return refusal(404, "programme.not_found", "programme_id", "no such programme")


async def _log_in(client) -> None:
    page = await client.get("/login")
    form = {"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12}
    assert (await client.post("/login", data=form)).status_code == 303


def _officer(catalog: FakeCatalog, **scope: list[str]):
    apps = FakeApplications()
    apps.role = "officer"
    apps.scope = scope  # type: ignore[attr-defined]
    return portal_over(apps, catalog)


@pytest.fixture
async def officer():
    """An officer of every scheme, logged in, over the fake catalog (``officer.matching``)."""
    async with _officer(FakeCatalog()) as client:
        await _log_in(client)
        yield client


async def _form_of(client, address: str, **typed) -> dict:
    """A form post as the browser sends it: the page's CSRF token and the fields typed."""
    page = await client.get(address)
    assert page.status_code == 200, page.text
    return {"csrf": csrf_of(page.text), **typed}


def _field(page: str, name: str) -> str:
    """The markup of one field of the form: from the innermost field box holding its control
    (or, for a group of checkboxes, its fieldset) to that box's end."""
    anchor = re.search(rf'(?:id|for)="f-{re.escape(name)}"', page)
    assert anchor, name
    div, fieldset = page.rfind('<div class="field', 0, anchor.start()), page.rfind("<fieldset", 0, anchor.start())
    start = max(div, fieldset)
    end = page.find("</div>" if start == div else "</fieldset>", anchor.end())
    return page[start:end]


# --- the list ----------------------------------------------------------------------------------


async def test_the_list_names_each_programme_in_the_readers_language_with_its_host_and_requirements(officer):
    await officer.get("/language/zh?next=/")
    page = await officer.get("/officer/cycles/c1/programmes")
    assert page.status_code == 200, page.text
    row = page.text.split('id="programme-xjmu-clinical-med"', 1)[1].split("</tr>", 1)[0]
    assert "临床医学（硕士）" in row and "新疆医科大学" in row  # title and host in the reader's language
    assert 'class="seats">8<' in row and translate("zh", "level:master") in row
    assert translate("zh", "Minimum grade {g}", g=75.0) in row and "IELTS 6" in row
    assert translate("zh", "Age at most {n}", n=35) in row
    assert "护照" in row and "成绩单" in row  # the documents in words
    # the letters and whom they are from, as the applicant's card says them
    assert f"{translate('zh', 'Recommendation letters')}：2（{translate('zh', 'position:professor')}）" in row
    assert 'href="/officer/programmes/xjmu-clinical-med/edit"' in row
    assert 'href="/officer/programmes/xjmu-clinical-med/remove"' in row
    assert 'href="/officer/cycles/c1/programmes/new"' in page.text
    assert "上合组织 2026/27" in page.text  # the cycle's name too


async def test_a_cycle_of_hundreds_is_listed_a_page_at_a_time_as_the_api_pages_it():
    many = [{**STORED, "id": f"p{i:03d}", "title": f"Programme {i:03d}"} for i in range(120)]
    catalog = FakeCatalog(many)
    async with _officer(catalog) as client:
        await _log_in(client)
        first = await client.get("/officer/cycles/c1/programmes")
        assert catalog.list_calls[-1] == {"cycle_id": "c1", "limit": "50", "offset": "0"}
        assert first.text.count('class="change-programme"') == 50 and "Programme 049" in first.text
        assert 'href="/officer/cycles/c1/programmes?offset=50" rel="next"' in first.text
        assert 'rel="prev"' not in first.text and "1 to 50 of 120" in first.text
        last = await client.get("/officer/cycles/c1/programmes?offset=100")
        assert last.text.count('class="change-programme"') == 20 and 'rel="next"' not in last.text
        assert 'href="/officer/cycles/c1/programmes?offset=50" rel="prev"' in last.text
        # a change from the third page comes back to it
        assert 'href="/officer/programmes/p100/edit?back=100"' in last.text
        # a page past the end (an edited address, or programmes removed since) goes to the last one
        beyond = await client.get("/officer/cycles/c1/programmes?offset=500")
        assert beyond.status_code == 303 and beyond.headers["location"].endswith("/programmes?offset=100")


async def test_an_empty_cycle_says_so_and_offers_to_add_one():
    async with _officer(FakeCatalog([])) as client:
        await _log_in(client)
        page = await client.get("/officer/cycles/c1/programmes")
        assert page.status_code == 200 and 'id="no-programmes"' in page.text and 'rel="next"' not in page.text
        assert 'id="add-programme"' in page.text


# --- a new programme and a changed one: the body sent ------------------------------------------


async def test_a_new_programme_is_sent_as_the_apis_body_and_the_list_says_it_was_added(officer):
    form = await _form_of(officer, "/officer/cycles/c1/programmes/new", **NEW_FORM)
    r = await officer.post("/officer/cycles/c1/programmes/new", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/c1/programmes"
    assert officer.matching.written == [("POST", "/programmes", NEW_BODY)]
    listed = await officer.get(r.headers["location"])
    assert "The programme “\u2068Rail Transport (MEng)\u2069” was added." in listed.text
    assert 'id="programme-lzu-rail"' in listed.text


async def test_a_changed_programme_keeps_what_the_form_does_not_show(officer):
    """The edit form shows the title as typed (not the reader's translation), and the PUT carries
    the stored programme with only the form's fields changed: document_properties and the
    Kazakh title as stored."""
    await officer.get("/language/zh?next=/")
    page = await officer.get("/officer/programmes/xjmu-clinical-med/edit?back=50")
    assert page.status_code == 200, page.text
    assert 'name="title" type="text" value="Clinical Medicine (MMed)"' in page.text
    assert 'name="translations.zh" type="text" value="临床医学（硕士）"' in page.text
    assert 'name="back" value="50"' in page.text and 'name="id"' not in page.text  # an id never changes
    form = {**programme_form.values_of(STORED), "csrf": csrf_of(page.text), "back": "50"}
    form |= {"seats": "10", "translations.ru": "Клиническая медицина", "requirements.max_age": ""}
    r = await officer.post("/officer/programmes/xjmu-clinical-med/edit", data=form)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/officer/cycles/c1/programmes?offset=50#programme-xjmu-clinical-med"
    [(method, path, body)] = officer.matching.written
    assert (method, path) == ("PUT", "/programmes/xjmu-clinical-med")
    expected = {k: v for k, v in STORED.items() if k not in ("id", "warnings", "scheme_id", "host_country")}
    expected |= {
        "seats": 10,
        "translations": {"zh": "临床医学（硕士）", "kk": "Клиникалық медицина", "ru": "Клиническая медицина"},
    }
    expected["requirements"] = {**STORED["requirements"], "max_age": None}
    assert body == expected
    assert body["requirements"]["document_properties"] == {"transcript": ["attested:hec", "translated:en"]}


async def test_the_services_warnings_come_with_the_saved_message(officer):
    officer.matching.warnings = [
        {"severity": "warning", "field": "seats", "reason": "no seats: nobody can be matched", "code": "programme.no_seats"},
        {"severity": "warning", "field": "cap", "reason": "rule r1 can never bind", "code": "quota.never_binds"},
        {"severity": "warning", "field": "x", "reason": "something new", "code": "programme.something_new"},
    ]  # fmt: skip
    await officer.get("/language/ru?next=/")
    form = await _form_of(officer, "/officer/programmes/xjmu-clinical-med/edit", **values_of(STORED))
    r = await officer.post("/officer/programmes/xjmu-clinical-med/edit", data={**form, "seats": "0"})
    listed = (await officer.get(r.headers["location"])).text
    assert "Программа «\u2068Clinical Medicine (MMed)\u2069» сохранена." in listed
    assert "В программе нет мест: она снята с предложения." in listed
    # a quota rule the change made moot, in the quota form's words
    assert "Это ограничение никогда не сработает" in listed and "rule r1 can never bind" not in listed
    assert "something new" in listed  # a warning the portal has no words for: as the service said it


# --- refusals on their fields, nothing typed lost ------------------------------------------------


async def test_the_forms_own_refusals_are_on_their_fields_with_what_was_typed(officer):
    typed = {**NEW_FORM, "title": "", "seats": "twelve", "requirements.min_grade": "high",
             "requirements.letters.count": "", "requirements.max_age": "7"}  # fmt: skip
    form = await _form_of(officer, "/officer/cycles/c1/programmes/new", **typed)
    r = await officer.post("/officer/cycles/c1/programmes/new", data=form)
    assert r.status_code == 422 and officer.matching.written == []
    page = r.text
    assert 'id="error-summary"' in page and 'href="#f-seats"' in page
    for name, words in (
        ("title", "Enter a title."),
        ("seats", "Enter the number of seats as a whole number, for example 12."),
        ("requirements.min_grade", "The grade is a number from 0 to 100."),
        ("requirements.max_age", "Enter an age from 14 to 80."),
        ("requirements.letters.count", "Give the number of letters, or tick no referee's position."),
    ):
        box = _field(page, name)
        assert f'id="e-{name}"' in box and escape(words) in box, name
        assert 'aria-invalid="true"' in box and f"e-{name}" in box.split("aria-describedby=", 1)[1], name
    # nothing typed is lost: texts, choices and ticks come back
    assert 'name="seats" type="text" value="twelve"' in page
    assert 'name="requirements.min_grade" type="text" value="high"' in page
    assert 'value="轨道交通（工程硕士）"' in page and 'value="lzu-rail"' in page
    assert re.search(r'<option value="lzu"\s+selected', page) and re.search(r'<option value="HSK"\s+selected', page)
    assert 'value="cv" checked' in page and 'value="lecturer" checked' in page
    assert 'name="requirements.abroad_only" value="yes" checked' in page


async def test_the_services_refusals_are_on_the_fields_they_name_in_the_readers_language(officer):
    await officer.get("/language/ru?next=/")
    # a value the portal let through and the service refused (422, by its path)
    officer.matching.refuse = refusal(
        422, "less_than_equal", "requirements.min_grade.0", "Input should be less than or equal to 90"
    )
    form = await _form_of(officer, "/officer/cycles/c1/programmes/new", **{**NEW_FORM, "requirements.min_grade": "99"})
    r = await officer.post("/officer/cycles/c1/programmes/new", data=form)
    assert r.status_code == 422 and officer.matching.refuse is None
    box = _field(r.text, "requirements.min_grade")
    assert translate("ru", "This number is too large.") in box
    assert 'value="99"' in box and 'aria-invalid="true"' in box
    # an id already taken (409): on the id field, in the portal's words, everything typed kept
    form = await _form_of(officer, "/officer/cycles/c1/programmes/new", **{**NEW_FORM, "id": "xjmu-clinical-med"})
    r = await officer.post("/officer/cycles/c1/programmes/new", data=form)
    assert r.status_code == 409
    box = _field(r.text, "id")
    assert translate("ru", "A programme with this id exists already: choose another id.") in box
    assert 'value="xjmu-clinical-med"' in box and 'value="Rail Transport (MEng)"' in r.text
    # a refusal the form has no field for (a document's properties): above the form
    officer.matching.refuse = refusal(422, "enum", "requirements.document_properties.cv.0", "bad property")
    form = await _form_of(officer, "/officer/programmes/xjmu-clinical-med/edit", **values_of(STORED))
    r = await officer.post("/officer/programmes/xjmu-clinical-med/edit", data=form)
    assert r.status_code == 422 and 'id="f-form"' in r.text
    assert translate("ru", "Choose one of the offered values.") in r.text.split('id="f-form"', 1)[1].split("</p>", 1)[0]


async def test_a_new_programme_without_an_id_gets_one_made_from_host_and_title(officer):
    """The hint says an id left empty is made from the title: it is, and the programme added at
    once (it came back as a refusal, to be sent a second time)."""
    form = await _form_of(officer, "/officer/cycles/c1/programmes/new", **{**NEW_FORM, "id": ""})
    r = await officer.post("/officer/cycles/c1/programmes/new", data=form)
    assert r.status_code == 303, r.text
    assert officer.matching.written[-1][2]["id"] == "lzu-rail-transport-meng"
    body, errors = body_of({**NEW_FORM, "id": "", "title": "铁路运输"}, "c1")
    assert errors == {"id": "Enter an id: the title has no Latin letters to make one from."}


def test_a_field_of_study_is_a_key_the_portal_words_in_each_language():
    _body, errors = body_of({**NEW_FORM, "field": "<b>bold</b> 🧪"}, "c1")
    assert errors == {"field": "Use lowercase Latin letters, digits and hyphens, such as rail-transport."}
    stored = {**STORED, "field": "Computer Science"}  # stored so through the API: kept when left as it is
    _body, errors = body_of(values_of(stored), "c1", stored)
    assert errors == {}


# --- removing a programme ------------------------------------------------------------------------


async def test_a_programme_is_removed_after_a_confirmation_and_a_refusal_is_said_in_words(officer):
    await officer.get("/language/ur?next=/")
    page = await officer.get("/officer/programmes/xjmu-clinical-med/remove")
    assert page.status_code == 200 and 'id="confirm-remove"' in page.text and "新疆" not in page.text
    assert officer.matching.written == []  # asking first removes nothing
    officer.matching.refuse = refusal(
        409, "programme.has_applications", "programme_id", "3 submitted application(s) chose it", applications=3
    )
    r = await officer.post("/officer/programmes/xjmu-clinical-med/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 409
    said = translate("ur", "Submitted applications chose this programme ({applications}): it cannot be removed while they do.", applications=3)  # fmt: skip
    assert said in r.text and 'id="e-remove"' in r.text
    r = await officer.post("/officer/programmes/xjmu-clinical-med/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/c1/programmes"
    assert officer.matching.written[-1] == ("DELETE", "/programmes/xjmu-clinical-med", None)
    listed = (await officer.get(r.headers["location"])).text
    removed = translate("ur", "The programme “{title}” was removed.", title="\u2068Clinical Medicine (MMed)\u2069")
    assert removed in listed


# --- who -----------------------------------------------------------------------------------------


async def test_an_officer_outside_the_scheme_is_refused_the_pages_and_changes_nothing():
    foreign = {**STORED, "id": "cpec-agro", "cycle_id": "c9", "scheme_id": "cpec"}
    catalog = FakeCatalog([STORED, foreign])
    async with _officer(catalog, schemes=["sco"]) as client:
        await _log_in(client)
        assert (await client.get("/officer/cycles/c1/programmes")).status_code == 200  # their own scheme's
        csrf = csrf_of((await client.get("/officer/cycles/c1/programmes")).text)
        for address in (
            "/officer/cycles/c9/programmes",
            "/officer/cycles/c9/programmes/new",
            "/officer/programmes/cpec-agro/edit",
            "/officer/programmes/cpec-agro/remove",
        ):
            r = await client.get(address)
            assert r.status_code == 403, address
            assert "This page is not available to your account." in r.text, address
        for address, form in (
            ("/officer/cycles/c9/programmes/new", NEW_FORM),
            ("/officer/programmes/cpec-agro/edit", values_of(foreign)),
        ):
            r = await client.post(address, data={**form, "csrf": csrf})
            assert r.status_code == 403, address
        assert catalog.written == []
    async with _officer(FakeCatalog()) as client:
        client.fake.role = "applicant"
        await _log_in(client)
        assert (await client.get("/officer/cycles/c1/programmes")).status_code == 403  # not staff at all


async def test_a_host_the_officer_does_not_manage_is_refused_on_the_host_field():
    catalog = FakeCatalog()
    async with _officer(catalog, schemes=["sco"], institutions=["lzu"]) as client:
        await _log_in(client)
        page = await client.get("/officer/cycles/c1/programmes/new")
        # only the officer's own hosts are offered
        assert 'value="lzu"' in page.text and 'value="xjmu"' not in page.text
        catalog.refuse = refusal(403, "scope.outside", "host_institution_id", "outside your scope: scheme sco at xjmu")
        form = {**NEW_FORM, "host_institution_id": "xjmu", "csrf": csrf_of(page.text)}
        r = await client.post("/officer/cycles/c1/programmes/new", data=form)
        assert r.status_code == 403
        assert "This is outside the schemes and institutions you manage." in _field(r.text, "host_institution_id")


async def test_the_forms_carry_the_csrf_token(officer):
    r = await officer.post("/officer/cycles/c1/programmes/new", data={**NEW_FORM, "csrf": "forged"})
    assert r.status_code == 403 and officer.matching.written == []
    r = await officer.post("/officer/programmes/xjmu-clinical-med/remove", data={"csrf": "forged"})
    assert r.status_code == 403 and officer.matching.written == []


# --- every page in every language ----------------------------------------------------------------

# What may stay in Latin letters on a page in Chinese, Russian or Urdu: certificates' names and
# the field keys the hint gives as examples (typed in English, as the catalog keeps them)
LATIN = {"HSK", "IELTS", "TOEFL", "KAZTEST", "TORFL", "TOPIK", "medicine", "rail", "transport", "CNY", "KZT", "PKR"}


def english_left(page: str) -> list[str]:
    """Latin words in the page's main text, apart from data: names and ids (isolated in bdi or
    code), the hosts offered, the field keys suggested, the values typed (attributes)."""
    main = page.split('<main id="main"', 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    for data in (r"<bdi[^>]*>.*?</bdi>", r"<code>.*?</code>", r"<datalist.*?</datalist>",
                 r'<select id="f-host_institution_id".*?</select>'):  # fmt: skip
        main = re.sub(data, " ", main, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    text = re.sub("\u2068.*?\u2069", " ", text)  # a name isolated inside a sentence (a flash)
    return sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in LATIN})


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
async def test_every_page_in_every_language_has_no_english_left(officer, lang):
    await officer.get(f"/language/{lang}?next=/")
    pages = {
        "list": await officer.get("/officer/cycles/c1/programmes"),
        "new": await officer.get("/officer/cycles/c1/programmes/new"),
        "edit": await officer.get("/officer/programmes/xjmu-clinical-med/edit"),
        "remove": await officer.get("/officer/programmes/xjmu-clinical-med/remove"),
    }
    csrf = csrf_of(pages["new"].text)
    everything_wrong = {key: "x" for key in NEW_FORM if not key.endswith("[]")} | {
        "id": "", "title": "", "requirements.language_certificate": "", "requirements.letters.positions[]": ["other"]
    }  # fmt: skip
    pages["refused"] = await officer.post("/officer/cycles/c1/programmes/new", data={**everything_wrong, "csrf": csrf})
    assert pages["refused"].status_code == 422 and "e-requirements.letters.count" in pages["refused"].text
    r = await officer.post("/officer/cycles/c1/programmes/new", data={**NEW_FORM, "csrf": csrf})
    pages["added"] = await officer.get(r.headers["location"])
    for name, page in pages.items():
        assert page.status_code in (200, 422), name
        assert f'lang="{lang}"' in page.text
        assert english_left(page.text) == [], (lang, name)
    assert 'dir="rtl"' in pages["new"].text if lang == "ur" else 'dir="ltr"' in pages["new"].text


def test_every_word_of_the_pages_is_in_all_four_languages():
    for key, by_lang in PROGRAMME_FORM_WORDS.items():
        for lang in ("zh", "ru", "ur"):
            assert by_lang.get(lang), (key, lang)
            assert set(re.findall(r"\{\w+\}", by_lang[lang])) == set(re.findall(r"\{\w+\}", key)), (key, lang)
    sentences = [*programme_form.REFUSALS.values(), *programme_form.WARNINGS.values()]
    for lang in ("zh", "ru", "ur"):
        assert [s for s in sentences if s not in CATALOGS[lang]] == [], lang
        for kind in programme_form.DOCUMENT_KINDS:
            assert CATALOGS[lang].get(f"doc:{kind}"), (lang, kind)
        for position in programme_form.POSITIONS:
            assert CATALOGS[lang].get(f"position:{position}"), (lang, position)


# --- the pure functions --------------------------------------------------------------------------


def test_the_form_follows_the_services_vocabulary():
    from services.matching.api.schemas import ID, LettersIn, ProgrammeFields, RequirementsIn
    from services.matching.domain.catalog import LEVELS

    assert programme_form.LEVELS == LEVELS and catalog_fields.ID_PATTERN == ID
    # every field the form shows is one of the API's (its refusals name them so)
    shown = {f.split(".")[0] for f in FIELDS} - {"id", "requirements"}
    assert shown <= set(ProgrammeFields.model_fields)
    requirements = {f.split(".")[1] for f in FIELDS if f.startswith("requirements.")}
    assert requirements <= set(RequirementsIn.model_fields)
    assert {"count", "positions"} == set(LettersIn.model_fields)
    # the codes the form words are the catalog's
    source = "".join(p.read_text() for p in (ROOT / "services/matching").rglob("*.py"))
    for code in [*programme_form.REFUSALS, *programme_form.WARNINGS]:
        assert f'"{code}"' in source, code


def test_a_new_body_is_the_apis_and_validates_against_its_schema():
    from services.matching.api.schemas import ProgrammeIn

    body, errors = body_of(NEW_FORM, "c1")
    assert errors == {} and body == NEW_BODY
    ProgrammeIn.model_validate(body)


def test_a_changed_body_is_the_stored_programme_with_the_forms_fields_and_validates():
    from services.matching.api.schemas import ProgrammeFields

    unchanged, errors = body_of(values_of(STORED), "c1", STORED)
    assert errors == {}
    assert unchanged == {k: v for k, v in STORED.items() if k not in programme_form.ANSWER_ONLY}
    ProgrammeFields.model_validate(unchanged)
    form = values_of(STORED) | {
        "translations.zh": "",  # a translation cleared is gone; one the form does not show stays
        "requirements.letters.count": "0",  # no letters (and so from nobody in particular)
        f"{programme_form.POSITIONS_FIELD}[]": [],
        f"{programme_form.DOCUMENTS}[]": ["passport"],
        "requirements.language_certificate": "",
        "requirements.min_language_level": "",
    }
    body, errors = body_of(form, "c1", STORED)
    assert errors == {}
    assert body["translations"] == {"kk": "Клиникалық медицина"}
    assert body["requirements"]["letters"] is None and body["requirements"]["required_documents"] == ["passport"]
    # what an unticked kind had to carry goes with it: its properties alone kept it required
    assert body["requirements"]["document_properties"] == {}
    assert STORED["requirements"]["document_properties"]  # the stored one untouched
    assert body["requirements"]["language_certificate"] is None
    assert STORED["requirements"]["letters"] == {"count": 2, "positions": ["professor"]}  # the stored one untouched


@pytest.mark.parametrize(
    "typed, field, words",
    [
        ({"level": "faculty-visit"}, "level", programme_form.REFUSALS["programme.level_for_faculty"]),
        ({"requirements.min_language_level": ""}, "requirements.min_language_level", "Give the minimum level of the certificate."),
        ({"requirements.language_certificate": ""}, "requirements.language_certificate", "Choose the certificate the minimum level is of."),
        ({"requirements.language_certificate": "DELE"}, "requirements.language_certificate", "Choose one of the offered values."),
        ({"requirements.letters.count": "9"}, "requirements.letters.count", "Enter a number of letters from 0 to 5."),
        ({"requirements.required_documents[]": ["visa"]}, "requirements.required_documents", "Choose one of the offered values."),
        ({"id": "Lzu Rail"}, "id", "This id does not fit the pattern: see the hint."),
        ({"level": ""}, "level", "Choose a level."),
        ({"applicant_type": "alumni"}, "applicant_type", "Choose student or faculty."),
        ({"host_institution_id": ""}, "host_institution_id", "Choose a host institution."),
        ({"seats": "-3"}, "seats", "Enter the number of seats as a whole number, for example 12."),
        ({"requirements.min_grade": "101"}, "requirements.min_grade", "The grade is a number from 0 to 100."),
        ({"requirements.min_grade": "nan"}, "requirements.min_grade", "The grade is a number from 0 to 100."),
    ],
)  # fmt: skip
def test_the_form_refuses_what_the_service_would(typed, field, words):
    _body, errors = body_of({**NEW_FORM, **typed}, "c1")
    assert errors == {field: words}


def test_numbers_are_read_as_people_type_them():
    body, errors = body_of(
        {**NEW_FORM, "seats": "١٢", "requirements.min_grade": "٧٠٫٥", "requirements.max_age": " 30 "}, "c1"
    )
    assert errors == {} and body["seats"] == 12 and body["requirements"]["min_grade"] == 70.5
    assert body["requirements"]["max_age"] == 30


def test_an_id_is_made_from_the_host_and_the_title_within_the_pattern():
    assert suggested_id("International Relations (MA)", "lzu") == "lzu-international-relations-ma"
    assert suggested_id("Médecine générale") == "medecine-generale"
    assert suggested_id("lzu rail", "lzu") == "lzu-rail"  # the host not said twice
    assert suggested_id("中医学") == ""  # nothing in Latin script to make one of
    long = suggested_id("word " * 40, "xjmu")
    assert len(long) <= 64 and catalog_fields.ID.fullmatch(long) and not long.endswith("-")
    assert with_suggested_id({"id": "", "title": "Agronomy", "host_institution_id": "cau"})["id"] == "cau-agronomy"
    assert with_suggested_id({"id": "mine", "title": "Agronomy"})["id"] == "mine"
    _body, errors = body_of({**NEW_FORM, "id": "", "title": "中医学"}, "c1")
    assert errors == {"id": "Enter an id: the title has no Latin letters to make one from."}


def test_the_hosts_offered_and_the_pages():
    assert hosts_offered(INSTITUTIONS, []) == [("lzu", "Lanzhou University"), ("xjmu", "Xinjiang Medical University")]
    assert hosts_offered(INSTITUTIONS, ["lzu"]) == [("lzu", "Lanzhou University")]
    assert hosts_offered(INSTITUTIONS, ["lzu"], "xjmu")[1] == ("xjmu", "Xinjiang Medical University")
    assert ("gone", "gone") in hosts_offered(INSTITUTIONS, [], "gone")  # a host the catalog no longer lists
    assert programme_form.languages_offered("fa")[-1] == "fa" and "zh" in programme_form.languages_offered()
    assert page_offsets(0, 120, 50) == (None, 50)
    assert page_offsets(50, 120, 50) == (0, 100)
    assert page_offsets(100, 120, 50) == (50, None)
    assert page_offsets(0, 0, 50) == (None, None)


def test_a_document_whose_properties_are_set_is_shown_required_and_unticked_takes_them_along():
    """Matching and the checklist require every kind a programme sets properties for: the form
    showed such a kind unticked, and unticking one left it required by its properties alone."""
    stored = {
        **STORED,
        "requirements": {"required_documents": ["passport"], "document_properties": {"transcript": ["attested:hec"]}},
    }
    values = values_of(stored)
    assert values[f"{programme_form.DOCUMENTS}[]"] == ["passport", "transcript"]
    unchanged, errors = body_of(values, "c1", stored)
    assert errors == {} and unchanged["requirements"]["document_properties"] == {"transcript": ["attested:hec"]}
    dropped, errors = body_of(values | {f"{programme_form.DOCUMENTS}[]": ["passport"]}, "c1", stored)
    assert errors == {} and dropped["requirements"]["document_properties"] == {}
    assert dropped["requirements"]["required_documents"] == ["passport"]


async def test_a_programme_a_quota_rule_names_is_refused_removal_with_what_to_do(officer):
    page = await officer.get("/officer/programmes/xjmu-clinical-med/remove")
    officer.matching.refuse = refusal(
        422, "quota.unknown_scope_value", "quota_rules.r1", "quota rule r1: unknown programme 'xjmu-clinical-med'"
    )
    r = await officer.post("/officer/programmes/xjmu-clinical-med/remove", data={"csrf": csrf_of(page.text)})
    assert "change or remove that rule first" in r.text and "unknown programme" not in r.text
    # which rule: its label, a link to change it (with a dozen rules the officer had to guess)
    named = re.search(r'<ul id="rules-naming">.*?</ul>', r.text, re.S).group(0)
    assert 'href="/officer/quota-rules/r1/edit"' in named and "Medicine: at most 3 to Pakistan" in named
    officer.matching.refuse = refusal(422, "quota.unknown_scope_value", "quota_rules.gone", "quota rule gone: …")
    r = await officer.post("/officer/programmes/xjmu-clinical-med/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 422 and "change or remove that rule first" in r.text  # a rule removed meanwhile
    assert 'id="rules-naming"' not in r.text


async def test_an_id_made_from_the_title_and_taken_is_shown_in_its_field(officer):
    officer.matching.refuse = refusal(409, "catalog.id_exists", "id", "programme exists")
    form = await _form_of(officer, "/officer/cycles/c1/programmes/new", **{**NEW_FORM, "id": ""})
    r = await officer.post("/officer/cycles/c1/programmes/new", data=form)
    assert r.status_code == 409 and 'value="lzu-rail-transport-meng"' in _field(r.text, "id")


def test_a_stipend_paid_is_one_the_scholarship_covers():
    """A card had read "covers tuition and travel · Stipend: 2,500 CNY a year"."""
    from services.matching.api.schemas import AwardIn, ProgrammeIn

    form = {**NEW_FORM, "award.covers[]": ["tuition", "travel"], "award.stipend_amount": "2500"}
    body, errors = programme_form.body_of(form, "c1")
    assert errors == {} and body["award"]["covers"] == ["tuition", "stipend", "travel"]
    ProgrammeIn.model_validate(body)  # the service's own rule says the same
    assert AwardIn(covers=["tuition"], stipend_amount=1, stipend_currency="KZT").covers == ["tuition", "stipend"]


def test_a_stipend_written_as_the_portal_writes_it_is_refused_not_read_a_thousand_times_smaller():
    """ "3,000" (as a card shows "3,000 CNY a month") had been read as 3 by the decimal comma."""
    for typed in ("3,000", "3.000", "12,500", "1,250,000", "٣٬٠٠٠"):
        _body, errors = programme_form.body_of({**NEW_FORM, "award.stipend_amount": typed}, "c1")
        assert errors.get("award.stipend_amount") == "Enter the stipend as a number, for example 3000.", typed
    for typed, read in (("3000", 3000), ("3000,5", 3000.5), ("2500.75", 2500.75), ("3,5", 3.5)):
        body, errors = programme_form.body_of({**NEW_FORM, "award.stipend_amount": typed}, "c1")
        assert errors == {} and body["award"]["stipend_amount"] == read, typed
