"""Admins define the catalog's institutions and schemes in the portal, over a fake matching
service: the lists in the reader's language a page at a time, the bodies sent for new and changed
records (what the form does not show kept as stored, names as typed when edited in another
language), the form's and the service's refusals on their fields in the reader's language with
what was typed kept, removals behind a confirmation, warnings in words, every page in each
language, officers refused; and the forms' pure functions against the service's own rules."""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

import httpx
import pytest

from services.portal.domain import institution_form, scheme_form
from services.portal.i18n import CATALOGS, translate
from services.portal.institution_scheme_words import INSTITUTION_SCHEME_WORDS
from tests.unit.portal.test_pages_with_fake_services import FakeApplications, csrf_of, portal_over, problem

ROOT = Path(__file__).resolve().parents[3]
LANGS = ("zh", "ru", "ur")

XJMU = {
    "id": "xjmu",
    "name": "Xinjiang Medical University",
    "translations": {"zh": "新疆医科大学", "kk": "Шыңжаң медицина университеті"},
    "country": "CN",
    "kind": "university",
    "warnings": [],
}
TTU = {"id": "ttu-luban", "name": "Luban Workshop at TTU", "translations": {}, "country": "TJ", "kind": "workshop"}
SCO = {
    "id": "sco",
    "name": "SCO Scholarship",
    "translations": {"zh": "上海合作组织奖学金", "kk": "ШЫҰ стипендиясы"},
    "sponsor": "China Scholarship Council",
    "eligible_countries": ["KZ", "PK"],
    "max_choices": 3,
    "path": ["nomination", "matching", "review", "answer"],
    "authorities": {"PK": "Higher Education Commission", "KZ": "Ministry of Science and Higher Education"},
    "authority_translations": {"PK": {"ur": "ہائر ایجوکیشن کمیشن", "kk": "Жоғары білім комиссиясы"}},
    "admission_deadline_action": "wait",
    "warnings": [],
}
# a direct scheme whose path was written out in full: saved unchanged, it stays so
CPEC = {
    "id": "cpec",
    "name": "CPEC Scholarship",
    "translations": {},
    "sponsor": "Government of China",
    "eligible_countries": [],
    "max_choices": 5,
    "path": ["matching", "review", "answer"],
    "authorities": {},
    "authority_translations": {},
    "admission_deadline_action": "decline",
}
LUBAN = {**CPEC, "id": "luban", "name": "Luban Workshop places", "path": [], "eligible_countries": ["TJ"]}
CYCLE = {"id": "sco-2027", "scheme_id": "sco", "name": "SCO 2027/28", "eligible_countries": ["KZ", "UZ"]}
_FORM = {"content-type": "application/x-www-form-urlencoded"}


class FakeCatalog:
    """The matching service's institutions, schemes and cycles; records what was written."""

    def __init__(self):
        self.institutions = {x["id"]: x for x in (XJMU, TTU)}
        self.schemes = {x["id"]: x for x in (SCO, CPEC, LUBAN)}
        self.sent: list[tuple[str, str, dict | None]] = []
        self.refuse: httpx.Response | None = None
        self.warnings: list[dict] = []
        self.total: int | None = None  # a longer list than the records kept, to page

    def _page(self, request: httpx.Request, records: dict) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        limit = int(request.url.params.get("limit", 50))
        items = list(records.values())[offset : offset + limit]
        total = self.total if self.total is not None else len(records)
        return httpx.Response(200, json={"items": items, "total": total, "offset": offset, "limit": limit})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        kind, _, record_id = path.strip("/").partition("/")
        records = {"institutions": self.institutions, "schemes": self.schemes}.get(kind)
        if method == "GET":
            if kind == "cycles":
                return httpx.Response(200, json={"items": [CYCLE], "total": 1, "offset": 0, "limit": 50})
            if records is not None and not record_id:
                return self._page(request, records)
            if records is not None and record_id in records:
                return httpx.Response(200, json=records[record_id])
            return problem(404, f"{kind[:-1]}.not_found", f"{kind[:-1]}_id", f"no {kind[:-1]} {record_id}")
        body = json.loads(request.content) if request.content else None
        self.sent.append((method, path, body))
        if self.refuse is not None:
            return self.refuse
        if method == "DELETE":
            return httpx.Response(204)
        saved = {**(body or {}), "id": record_id or (body or {}).get("id"), "warnings": self.warnings}
        return httpx.Response(200 if method == "PUT" else 201, json=saved)


async def _logged_in(role: str):
    apps = FakeApplications()
    apps.role, apps.scope = role, {}
    catalog = FakeCatalog()
    client = portal_over(apps, catalog)
    portal = await client.__aenter__()
    page = await portal.get("/login")
    await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "a@b.org", "password": "x" * 12})
    portal.catalog = catalog
    return client, portal


@pytest.fixture
async def admin():
    client, portal = await _logged_in("admin")
    try:
        yield portal
    finally:
        await client.__aexit__(None, None, None)


async def _post(portal, address: str, form: dict, page_address: str | None = None):
    """The form posted as a browser posts it (a list for a field of several values), with the
    CSRF token of the page it is on."""
    page = await portal.get(page_address or address)
    data = [("csrf", csrf_of(page.text))]
    for k, v in form.items():
        data += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
    return await portal.post(address, content=str(httpx.QueryParams(data)).encode(), headers=_FORM)


def _text(html_text: str) -> str:
    """A page's visible words: no tags, no attribute values, no scripts."""
    main = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html_text)
    return re.sub(r"<[^>]+>", " ", main)


# --- institutions ---------------------------------------------------------------------------------

NEW_INSTITUTION = {
    "id": "kemu",
    "name": "King Edward Medical University",
    "translations.zh": "",
    "translations.ru": "",
    "translations.ur": "کنگ ایڈورڈ میڈیکل یونیورسٹی",
    "country": "PK",
    "kind": "university",
}


async def test_the_institutions_are_listed_in_the_readers_language_and_the_navigation_marks_them(admin):
    await admin.get("/language/zh?next=/admin/institutions")
    page = await admin.get("/admin/institutions")
    assert page.status_code == 200
    row = re.search(r'(?s)<tr id="institution-xjmu">.*?</tr>', page.text).group(0)
    assert "新疆医科大学" in row and "中国" in row and "大学" in row
    assert "Luban Workshop at TTU" in page.text and "塔吉克斯坦" in page.text and "工坊" in page.text
    # each admin link current on its own section only
    assert re.search(r'<a href="/admin/institutions" aria-current="page">', page.text)
    assert not re.search(r'<a href="/admin/accounts" aria-current="page">', page.text)
    assert not re.search(r'<a href="/admin/schemes" aria-current="page">', page.text)
    assert translate("zh", "Schemes") == "项目计划" in page.text


async def test_the_institutions_list_is_paged_by_the_name_the_reader_reads(admin):
    """Sorted by the English name, a Russian page looked unsorted: the names read are sorted, and
    the list paged here."""
    admin.catalog.institutions = {
        f"i{n:03d}": {"id": f"i{n:03d}", "name": f"Institute {120 - n:03d}", "country": "KZ", "kind": "university",
                      "translations": {}, "warnings": []}
        for n in range(120)
    }  # fmt: skip
    page = await admin.get("/admin/institutions")
    names = re.findall(r'<bdi dir="auto" class="name">([^<]*)</bdi>', page.text)
    assert names[:2] == ["Institute 001", "Institute 002"] and len(names) == 50
    assert 'id="next-page"' in page.text and "/admin/institutions?offset=50" in page.text
    assert 'id="prev-page"' not in page.text
    later = await admin.get("/admin/institutions?offset=50")
    assert 'id="prev-page"' in later.text
    beyond = await admin.get("/admin/institutions?offset=500")
    assert beyond.status_code == 303 and beyond.headers["location"] == "/admin/institutions?offset=100"


async def test_a_new_institution_is_sent_as_the_service_takes_it(admin):
    form = await admin.get("/admin/institutions/new")
    # the pattern as a hint; the countries named, the kinds worded
    assert "^[a-z0-9][a-z0-9._-]{1,63}$" not in form.text and '<option value="PK" >Pakistan</option>' in form.text
    assert '<option value="vocational college" >Vocational college</option>' in form.text
    r = await _post(admin, "/admin/institutions/new", NEW_INSTITUTION)
    assert r.status_code == 303 and r.headers["location"] == "/admin/institutions"
    assert admin.catalog.sent[-1] == (
        "POST",
        "/institutions",
        {
            "id": "kemu",
            "name": "King Edward Medical University",
            "translations": {"ur": "کنگ ایڈورڈ میڈیکل یونیورسٹی"},
            "country": "PK",
            "kind": "university",
        },
    )
    listed = await admin.get("/admin/institutions")
    assert "The institution “\u2068King Edward Medical University\u2069” was added." in listed.text


async def test_the_institution_forms_own_refusals_are_on_their_fields_and_nothing_is_sent(admin):
    form = {**NEW_INSTITUTION, "id": "KEMU Lahore", "name": " ", "country": "", "kind": "hospital"}
    r = await _post(admin, "/admin/institutions/new", form)
    assert r.status_code == 422 and admin.catalog.sent == []
    for name in ("id", "name", "country", "kind"):
        assert f'id="e-{name}"' in r.text, name
    assert 'value="KEMU Lahore"' in r.text and 'value="کنگ ایڈورڈ میڈیکل یونیورسٹی"' in r.text
    # a country the form does not offer (a forged form's) is refused too
    r = await _post(admin, "/admin/institutions/new", {**NEW_INSTITUTION, "country": "XX"})
    assert r.status_code == 422 and 'id="e-country"' in r.text and admin.catalog.sent == []


async def test_the_services_refusal_of_an_institution_is_worded_on_its_field(admin):
    await admin.get("/language/ru?next=/admin/institutions")
    admin.catalog.refuse = problem(409, "catalog.id_taken", "id", "id 'kemu' is already used by a scheme")
    r = await _post(admin, "/admin/institutions/new", NEW_INSTITUTION)
    assert r.status_code == 409
    error = re.search(r'(?s)id="e-id">(.*?)</p>', r.text).group(1)
    assert "Этот идентификатор уже у другой записи каталога" in error and "already used" not in r.text
    assert 'value="kemu"' in r.text and 'value="King Edward Medical University"' in r.text
    assert '<option value="PK" selected>Пакистан</option>' in r.text
    # a refusal of a field the service names (its pydantic code): on that field, in the portal's words
    admin.catalog.refuse = problem(422, "direction_controls", "translations.ur", "must not contain overrides")
    r = await _post(admin, "/admin/institutions/new", NEW_INSTITUTION)
    assert 'id="e-translations.ur"' in r.text and "Удалите символы" in r.text


async def test_an_institution_changed_in_chinese_keeps_its_name_as_typed_and_what_the_form_does_not_show(admin):
    await admin.get("/language/zh?next=/admin/institutions")
    page = await admin.get("/admin/institutions/xjmu/edit")
    assert 'name="name" type="text" value="Xinjiang Medical University"' in page.text
    assert 'name="id"' not in page.text  # an id does not change
    form = {
        "name": "Xinjiang Medical University",
        "translations.zh": "",
        "translations.ru": "Синьцзянский медицинский университет",
        "translations.ur": "",
        "country": "CN",
        "kind": "research centre",
        "back": "50",
    }
    r = await _post(admin, "/admin/institutions/xjmu/edit", form)
    assert r.status_code == 303 and r.headers["location"] == "/admin/institutions?offset=50#institution-xjmu"
    assert admin.catalog.sent[-1] == (
        "PUT",
        "/institutions/xjmu",
        {
            "name": "Xinjiang Medical University",
            # the Chinese name emptied is dropped; the Kazakh one, which the form does not show, kept
            "translations": {"kk": "Шыңжаң медицина университеті", "ru": "Синьцзянский медицинский университет"},
            "country": "CN",
            "kind": "research centre",
        },
    )


async def test_an_institution_is_removed_after_a_confirmation_and_a_refusal_is_said_in_words(admin):
    await admin.get("/language/ur?next=/admin/institutions")
    page = await admin.get("/admin/institutions/xjmu/remove")
    assert page.status_code == 200 and admin.catalog.sent == []
    assert translate("ur", "Remove the institution?") in page.text
    forged = await admin.get("/admin/institutions/xjmu/remove?status_code=503&error=Log+in+at+evil.example")
    assert forged.status_code == 200 and 'id="e-remove"' not in forged.text
    admin.catalog.refuse = problem(409, "catalog.in_use", "id", "institution 'xjmu' still has 2 programmes")
    r = await admin.post("/admin/institutions/xjmu/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 409 and 'id="e-remove"' in r.text
    assert "یہ ادارہ پروگراموں کا میزبان ہے" in r.text and "still has" not in r.text
    admin.catalog.refuse = None
    r = await admin.post("/admin/institutions/xjmu/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and admin.catalog.sent[-1][:2] == ("DELETE", "/institutions/xjmu")


# --- schemes --------------------------------------------------------------------------------------

NEW_SCHEME = {
    "id": "pk-kz-med",
    "name": "Pakistan–Kazakhstan medical exchange",
    "translations.zh": "",
    "translations.ru": "Медицинский обмен Пакистан–Казахстан",
    "translations.ur": "",
    "sponsor": "HEC and the Ministry of Education of Kazakhstan",
    "max_choices": "٣",
    "eligible_countries[]": ["PK", "KZ"],
    "path[]": ["admission", "nomination"],
    "admission_deadline_action": "decline",
    "authorities.PK": "Higher Education Commission",
    "authority_translations.PK.zh": "",
    "authority_translations.PK.ru": "",
    "authority_translations.PK.ur": "ہائر ایجوکیشن کمیشن",
    "authorities.KZ": "",
    "authorities.UZ": "",
}
NEW_SCHEME_BODY = {
    "id": "pk-kz-med",
    "name": "Pakistan–Kazakhstan medical exchange",
    "translations": {"ru": "Медицинский обмен Пакистан–Казахстан"},
    "sponsor": "HEC and the Ministry of Education of Kazakhstan",
    "eligible_countries": ["KZ", "PK"],
    "max_choices": 3,
    # in their fixed order, with the stages every path has
    "path": ["nomination", "matching", "review", "admission", "answer"],
    "admission_deadline_action": "decline",
    "authorities": {"PK": "Higher Education Commission"},
    "authority_translations": {"PK": {"ur": "ہائر ایجوکیشن کمیشن"}},
}


async def test_the_schemes_are_listed_with_their_countries_and_stages_in_words(admin):
    await admin.get("/language/ru?next=/admin/schemes")
    page = await admin.get("/admin/schemes")
    sco = re.search(r'(?s)<tr id="scheme-sco">.*?</tr>', page.text).group(0)
    assert "Стипендия" not in sco and "SCO Scholarship" in sco  # no Russian name: as typed
    assert "Казахстан" in sco and "Пакистан" in sco and "China Scholarship Council" in sco
    assert "Выдвижение органом направляющей страны" in sco and "Ответ заявителя" in sco
    cpec = re.search(r'(?s)<tr id="scheme-cpec">.*?</tr>', page.text).group(0)
    assert "Любая страна" in cpec and "Напрямую" not in cpec  # written out in full: no stage beyond the three
    luban = re.search(r'(?s)<tr id="scheme-luban">.*?</tr>', page.text).group(0)
    assert "Напрямую" in luban and "Распределение" in luban and "Таджикистан" in luban
    assert re.search(r'<a href="/admin/schemes" aria-current="page">', page.text)
    assert "Программы финансирования" in page.text


async def test_a_new_scheme_is_sent_with_its_path_in_order_and_its_authorities(admin):
    form = await admin.get("/admin/schemes/new")
    # the fixed stages shown ticked and not sent; the optional ones offered
    assert 'name="path[]" value="nomination"' in form.text and 'name="path[]" value="matching"' not in form.text
    assert "(always)" in form.text and 'name="authorities.PK"' in form.text
    r = await _post(admin, "/admin/schemes/new", NEW_SCHEME)
    assert r.status_code == 303 and r.headers["location"] == "/admin/schemes", r.text
    assert admin.catalog.sent[-1] == ("POST", "/schemes", NEW_SCHEME_BODY)
    # no optional stage ticked: direct, sent empty; no nomination stage: no authorities kept
    direct = {k: v for k, v in NEW_SCHEME.items() if k != "path[]"} | {"id": "cpec-2"}
    r = await _post(admin, "/admin/schemes/new", direct)
    body = admin.catalog.sent[-1][2]
    assert body["path"] == [] and body["authorities"] == {} and body["authority_translations"] == {}


async def test_the_scheme_forms_own_refusals_are_on_their_fields_and_nothing_typed_is_lost(admin):
    form = {
        **NEW_SCHEME,
        "sponsor": "",
        "max_choices": "21",
        "authorities.UZ": "Ministry of Higher Education of Uzbekistan",  # not a sending country ticked
        "authority_translations.KZ.ru": "Министерство науки",  # a translation without its name
    }
    r = await _post(admin, "/admin/schemes/new", form)
    assert r.status_code == 422 and admin.catalog.sent == []
    for name in ("sponsor", "max_choices", "authorities.UZ", "authorities.KZ"):
        assert f'id="e-{name}"' in r.text, name
    assert 'value="Ministry of Higher Education of Uzbekistan"' in r.text and 'value="Министерство науки"' in r.text
    assert re.search(r'name="path\[\]" value="admission" checked', r.text)
    assert re.search(r'name="eligible_countries\[\]" value="PK" checked', r.text)
    assert re.search(r'name="admission_deadline_action" value="decline" checked', r.text)
    # the countries ticked (or given an authority) first among the authorities
    assert r.text.index('id="authority-PK"') < r.text.index('id="authority-AF"')
    assert r.text.index('id="authority-UZ"') < r.text.index('id="authority-AF"')
    # the authorities' section open, where the errors are
    assert re.search(r'<details class="field[^"]*" id="f-authorities" open>', r.text)


async def test_the_services_refusal_of_a_scheme_is_worded_on_the_field_it_names(admin):
    await admin.get("/language/ur?next=/admin/schemes")
    admin.catalog.refuse = problem(422, "direction_controls", "authorities.PK", "must not contain overrides")
    r = await _post(admin, "/admin/schemes/new", NEW_SCHEME)
    assert r.status_code == 422
    assert 'id="e-authorities.PK"' in r.text and 'href="#f-authorities.PK"' in r.text
    assert translate("ur", "Remove the text direction override characters (they can come with text pasted from another document).") in r.text  # fmt: skip
    assert 'value="ہائر ایجوکیشن کمیشن"' in r.text and 'value="Higher Education Commission"' in r.text
    admin.catalog.refuse = problem(409, "catalog.id_exists", "id", "scheme 'pk-kz-med' already exists")
    r = await _post(admin, "/admin/schemes/new", NEW_SCHEME)
    assert r.status_code == 409 and "اس شناخت کی اسکیم پہلے سے موجود ہے" in r.text and "already exists" not in r.text


async def test_a_scheme_changed_keeps_what_the_form_does_not_show_exactly_as_stored(admin):
    await admin.get("/language/zh?next=/admin/schemes")
    page = await admin.get("/admin/schemes/sco/edit")
    # the names as typed, not their Chinese translations
    assert 'name="name" type="text" value="SCO Scholarship"' in page.text
    assert 'value="ہائر ایجوکیشن کمیشن"' in page.text and 'name="id"' not in page.text
    assert re.search(r'name="path\[\]" value="nomination" checked', page.text)
    form = dict(re.findall(r'<input id="f-[^"]+" name="([^"]+)" type="text" value="([^"]*)"', page.text))
    form |= {"eligible_countries[]": ["KZ", "PK"], "path[]": ["nomination"], "admission_deadline_action": "wait"}
    form["max_choices"] = "4"
    r = await _post(admin, "/admin/schemes/sco/edit", form)
    assert r.status_code == 303 and r.headers["location"] == "/admin/schemes#scheme-sco"
    method, path, body = admin.catalog.sent[-1]
    assert (method, path) == ("PUT", "/schemes/sco")
    assert body == {k: v for k, v in SCO.items() if k not in ("id", "warnings")} | {"max_choices": 4}
    # a direct scheme written out in full, saved as shown: its path as stored, not emptied
    page = await admin.get("/admin/schemes/cpec/edit")
    form = dict(re.findall(r'<input id="f-[^"]+" name="([^"]+)" type="text" value="([^"]*)"', page.text))
    r = await _post(admin, "/admin/schemes/cpec/edit", form | {"admission_deadline_action": "decline"})
    assert r.status_code == 303
    assert admin.catalog.sent[-1][2] == {k: v for k, v in CPEC.items() if k != "id"}


async def test_a_path_change_refused_for_a_scheme_with_applicants_is_said_on_the_path(admin):
    await admin.get("/language/ru?next=/admin/schemes")
    admin.catalog.refuse = problem(
        409,
        "scheme.path_in_use",
        "path",
        "the path of a scheme with applicants cannot change (nomination > matching > review > answer to direct)",
        cycles=["sco-2027"],
    )
    form = {k: v for k, v in scheme_form.values_of(SCO).items() if k != "path[]"}
    r = await _post(admin, "/admin/schemes/sco/edit", form)
    assert r.status_code == 409
    error = re.search(r'(?s)id="e-path">(.*?)</p>', r.text).group(1)
    assert "Заявители уже проходят этапы" in error and "sco-2027" in error and "cannot change" not in r.text
    assert admin.catalog.sent[-1][2]["path"] == []
    assert not re.search(r'name="path\[\]" value="nomination" checked', r.text)  # as the admin left it


async def test_a_warning_names_the_cycle_still_admitting_a_dropped_country_in_the_readers_words(admin):
    await admin.get("/language/zh?next=/admin/schemes")
    admin.catalog.warnings = [
        {"severity": "warning", "field": "eligible_countries", "reason": "cycle sco-2027 still admits UZ", "code": "scheme.cycle_admits_dropped_country"},
        {"severity": "warning", "field": "x", "reason": "something new", "code": "scheme.something_new"},
    ]  # fmt: skip
    form = scheme_form.values_of(SCO) | {"eligible_countries[]": ["KZ", "PK"]}
    await _post(admin, "/admin/schemes/sco/edit", form)
    page = (await admin.get("/admin/schemes")).text
    assert "已保存，但有警告：招生周期 \u2068SCO 2027/28\u2069 仍接受乌兹别克斯坦" in page
    assert "已保存，但有警告：something new" in page  # a code the portal has no words for: as the service said


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_an_institution_named_like_another_of_its_country_is_saved_with_a_warning(admin, lang):
    """A second "King Edward Medical University" was added without a word: two alike then stood
    in account scopes, webhook forms and applicants' lists."""
    await admin.get(f"/language/{lang}?next=/admin/institutions")
    admin.catalog.warnings = [{"severity": "warning", "field": "name", "reason": "institution 'kemu' of PK has this name too", "code": "institution.name_taken"}]  # fmt: skip
    r = await _post(admin, "/admin/institutions/new", {**NEW_INSTITUTION, "id": "kemu2"})
    assert r.status_code == 303
    page = (await admin.get("/admin/institutions")).text
    said = "Another institution of this country has the same name: people choosing from lists cannot tell them apart. Name each apart (a campus, a city)."  # fmt: skip
    assert translate(lang, said) in html.unescape(page) and (lang == "en" or translate(lang, said) != said)


async def test_a_scheme_is_removed_after_a_confirmation_and_a_refusal_is_said_in_words(admin):
    page = await admin.get("/admin/schemes/sco/remove")
    assert "Remove the scheme?" in page.text and admin.catalog.sent == []
    admin.catalog.refuse = problem(409, "catalog.in_use", "id", "scheme 'sco' still has 1 cycles")
    r = await admin.post("/admin/schemes/sco/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 409 and "Only a scheme without cycles can be removed: its officers" in r.text
    admin.catalog.refuse = None
    r = await admin.post("/admin/schemes/sco/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and admin.catalog.sent[-1][:2] == ("DELETE", "/schemes/sco")
    assert "The scheme “\u2068SCO Scholarship\u2069” was removed." in (await admin.get("/admin/schemes")).text


# --- who may, and every page in every language -----------------------------------------------------

PAGES = [
    "/admin/institutions",
    "/admin/institutions/new",
    "/admin/institutions/xjmu/edit",
    "/admin/institutions/xjmu/remove",
    "/admin/schemes",
    "/admin/schemes/new",
    "/admin/schemes/sco/edit",
    "/admin/schemes/sco/remove",
]


DATA = [
    TTU["name"],
    XJMU["name"],
    SCO["name"],
    SCO["sponsor"],
    CPEC["name"],
    CPEC["sponsor"],
    LUBAN["name"],
    *SCO["authorities"].values(),
]


async def test_an_officer_is_refused_every_page_and_change():
    client, portal = await _logged_in("officer")
    try:
        for address in PAGES:
            r = await portal.get(address)
            assert r.status_code == 403, address
            assert "institution-form" not in r.text and "scheme-form" not in r.text
        token = csrf_of((await portal.get("/officer")).text)
        for address in PAGES[1:4] + PAGES[5:]:
            r = await portal.post(address, data={"csrf": token, **NEW_INSTITUTION})
            assert r.status_code == 403, address
        assert portal.catalog.sent == []
        # and no admin link in an officer's navigation
        assert 'href="/admin/institutions"' not in (await portal.get("/officer")).text
    finally:
        await client.__aexit__(None, None, None)


@pytest.mark.parametrize("lang", LANGS)
async def test_every_page_is_in_the_readers_language(admin, lang):
    await admin.get(f"/language/{lang}?next=/admin/schemes")
    english = [
        *(key for key, words in INSTITUTION_SCHEME_WORDS.items() if "en" not in words and len(key) > 6),
        *(words["en"] for words in INSTITUTION_SCHEME_WORDS.values() if "en" in words),
        "Country",
        "Sending countries",
        "Name in Chinese (optional)",
        "Most programmes an applicant may choose",
    ]
    for address in PAGES:
        page = await admin.get(address)
        assert page.status_code == 200, address
        shown = _text(page.text)
        for typed in DATA:  # the records' own names, as typed in English
            shown = shown.replace(typed, "")
        assert [w for w in english if w in shown] == [], address
    # countries by their names in the language
    form = await admin.get("/admin/schemes/new")
    assert {"zh": "巴基斯坦", "ru": "Пакистан", "ur": "پاکستان"}[lang] in form.text


async def test_a_refused_form_is_in_the_readers_language_too(admin):
    for lang in LANGS:
        await admin.get(f"/language/{lang}?next=/admin/schemes")
        r = await _post(admin, "/admin/schemes/new", {**NEW_SCHEME, "id": "", "sponsor": "", "max_choices": ""})
        assert r.status_code == 422
        errors = re.findall(r'(?s)<p class="error" id="e-[^"]+">(.*?)</p>', r.text)
        assert len(errors) == 3 and not [e for e in errors if re.search(r"[A-Za-z]{4,}", _text(e))], (lang, errors)


# --- the forms' words and rules ---------------------------------------------------------------------


def _sentences(module) -> list[str]:
    """The sentences a form module says (its refusals' and warnings' words and its own): every
    string in it that ends as a sentence, docstrings and comments left out."""
    tree = ast.parse(Path(module.__file__).read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and node.value.endswith(".")
        and " " in node.value
    ]


def test_every_sentence_the_institution_and_scheme_forms_say_is_translated():
    sentences = [
        *_sentences(institution_form),
        *_sentences(scheme_form),
        *institution_form.REFUSALS.values(),
        *scheme_form.REFUSALS.values(),
        *scheme_form.WARNINGS.values(),
        scheme_form.DROPPED_COUNTRY,
        *(institution_form.kind_key(k) for k in institution_form.KINDS),
        *(scheme_form.stage_key(s) for s in scheme_form.STAGES),
        *(scheme_form.action_key(a) for a in scheme_form.ACTIONS),
    ]
    assert len(sentences) > 30
    assert [(lang, x) for x in sentences for lang in LANGS if x not in CATALOGS[lang]] == []
    # the words the brief fixed for a scheme and a cycle
    assert (
        translate("ru", "New scheme") == "Новая программа финансирования"
        and translate("zh", "New scheme") == "新建项目计划"
    )
    assert "دور" in translate("ur", scheme_form.DROPPED_COUNTRY) and "Набор" in translate(
        "ru", scheme_form.DROPPED_COUNTRY
    )


def test_the_forms_follow_the_matching_services_rules():
    from services.matching.domain.catalog import INSTITUTION_KINDS
    from services.matching.domain.nominations import path_problems

    assert institution_form.KINDS == INSTITUTION_KINDS
    # every path the form can make is one the service takes, in its order
    for chosen in ([], ["endorsement"], ["nomination", "admission"], list(scheme_form.OPTIONAL)):
        path = scheme_form.path_of(chosen, None)
        assert path_problems(path) == [], path
    assert scheme_form.path_of(["admission", "endorsement"], None) == [
        "endorsement", "matching", "review", "admission", "answer"
    ]  # fmt: skip
    # the codes the forms word are the catalog's (or pydantic's, raised by its schemas)
    source = "".join(p.read_text() for p in (ROOT / "services/matching").rglob("*.py"))
    for code in [*institution_form.REFUSALS, *scheme_form.REFUSALS, *scheme_form.WARNINGS]:
        assert f'"{code}"' in source, code


def test_the_bodies_validate_against_the_services_schemas():
    from services.matching.api.schemas import InstitutionFields, InstitutionIn, SchemeFields, SchemeIn

    body, errors = institution_form.body_of(NEW_INSTITUTION)
    assert errors == {}
    InstitutionIn.model_validate(body)
    body, errors = institution_form.body_of(institution_form.values_of(XJMU), XJMU)
    assert errors == {} and body == {k: v for k, v in XJMU.items() if k not in ("id", "warnings")}
    InstitutionFields.model_validate(body)
    body, errors = scheme_form.body_of(NEW_SCHEME)
    assert errors == {} and body == NEW_SCHEME_BODY
    SchemeIn.model_validate(body)
    body, errors = scheme_form.body_of(scheme_form.values_of(SCO), SCO)
    assert errors == {} and body == {k: v for k, v in SCO.items() if k not in ("id", "warnings")}
    SchemeFields.model_validate(body)


def test_a_stored_country_beside_the_corridors_is_offered_and_kept():
    stored = {
        **SCO,
        "eligible_countries": ["KZ", "PK", "TR"],
        "authorities": {"TR": "YÖK"},
        "authority_translations": {},
    }
    assert "TR" in scheme_form.offered_for(stored) and "TR" not in scheme_form.offered_for(None)
    body, errors = scheme_form.body_of(scheme_form.values_of(stored) | {"path[]": ["nomination"]}, stored)
    assert errors == {} and body["eligible_countries"] == ["KZ", "PK", "TR"] and body["authorities"]["TR"] == "YÖK"
    assert "authorities.TR" in scheme_form.fields_of(scheme_form.offered_for(stored))
    assert institution_form.countries_offered("TR")[-1] == "TR"
    assert scheme_form.admitting_dropped(["KZ"], [CYCLE]) == [(CYCLE, ["UZ"])]
    assert scheme_form.admitting_dropped([], [CYCLE]) == []  # a scheme of no countries takes any


async def test_a_name_typed_in_russian_takes_an_english_name_for_english_readers(admin):
    """A Russian-speaking admin's institution read in Cyrillic on English pages and e-mails: the
    forms took Chinese, Russian and Urdu beside the name typed, never English (API only)."""
    await admin.get("/language/ru?next=/admin/institutions")
    form = await admin.get("/admin/institutions/new")
    assert 'name="translations.en"' in form.text and translate("ru", "Name in English (optional)") in form.text
    typed = {**NEW_INSTITUTION, "id": "nwu", "name": "Северо-Западный университет", "translations.ur": ""}
    r = await _post(admin, "/admin/institutions/new", {**typed, "translations.en": "Northwest University"})
    assert r.status_code == 303
    assert admin.catalog.sent[-1][2]["translations"] == {"en": "Northwest University"}
