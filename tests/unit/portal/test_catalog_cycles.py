"""Officers define a scheme's cycles in the portal (the cycle form over a fake matching
service): the body sent for a new cycle and for a changed one, the form's own refusals and
the service's on their fields with nothing typed lost, a name edited in another language saved
as typed, the scheme chosen first, a removal refused in words, and every page in each language."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from services.portal.domain import cycle_form
from tests.unit.portal.test_pages_with_fake_services import FakeApplications, csrf_of, portal_over, problem

SCHEME = {
    "id": "sco",
    "name": "SCO Scholarship",
    "translations": {"zh": "上合组织奖学金"},
    "eligible_countries": ["KZ", "PK", "UZ"],
    "path": ["nomination", "matching", "review", "answer"],
    "max_choices": 10,
}
OTHER = {"id": "cpec", "name": "CPEC", "translations": {}, "eligible_countries": ["PK"], "path": [], "max_choices": 5}
STORED = {
    "id": "sco-2027",
    "scheme_id": "sco",
    "name": "SCO 2027/28",
    "translations": {"zh": "上合组织 2027/28", "kk": "ШЫҰ 2027/28"},
    "opens_at": "2027-01-10T00:00:00Z",
    "closes_at": "2027-03-31T23:59:00+00:00",
    "starts_on": "2027-09-01",
    "max_choices": 5,
    "eligible_countries": ["KZ"],
    "score_weights": {"grade": 2.0, "interview": 1.0, "committee": 0.0},
    "offer_reply_days": 14,
    "nomination_closes_at": "2027-04-15T12:00:00Z",
    "admission_closes_at": None,
    "endorsement_closes_at": None,
    "warnings": [],
}


class FakeCatalog:
    """The matching service's schemes and cycles; records what was sent."""

    def __init__(self):
        self.sent: list[tuple[str, str, dict | None]] = []
        self.refuse: httpx.Response | None = None
        self.warnings: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (method, path) == ("GET", "/schemes"):
            return httpx.Response(200, json={"items": [SCHEME, OTHER], "total": 2})
        if (method, path) == ("GET", "/schemes/sco"):
            return httpx.Response(200, json=SCHEME)
        if (method, path) == ("GET", "/cycles"):
            return httpx.Response(200, json={"items": [STORED], "total": 1})
        if (method, path) == ("GET", "/cycles/sco-2027"):
            return httpx.Response(200, json=getattr(self, "stored", STORED))
        if method in ("POST", "PUT", "DELETE"):
            body = json.loads(request.content) if request.content else None
            self.sent.append((method, path, body))
            if self.refuse is not None:
                return self.refuse
            if method == "DELETE":
                return httpx.Response(204)
            return httpx.Response(200 if method == "PUT" else 201, json={**body, "warnings": self.warnings})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


async def _officer(**scope):
    apps = FakeApplications()
    apps.role, apps.scope = "officer", scope
    catalog = FakeCatalog()
    client = portal_over(apps, catalog)
    return client, catalog


@pytest.fixture
async def officer():
    client, catalog = await _officer(schemes=["sco"])
    async with client as portal:
        page = await portal.get("/login")
        await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12})
        portal.catalog = catalog
        yield portal


NEW = {
    "scheme_id": "sco",
    "id": "sco-2028",
    "name": "SCO 2028/29",
    "translations.zh": "上合组织 2028/29",
    "translations.ru": "",
    "translations.ur": "",
    "opens_at": "2028-01-10T09:00",
    "closes_at": "2028-03-31T23:59",
    "nomination_closes_at": "2028-04-20T12:00",
    "starts_on": "2028-09-01",
    "max_choices": "4",
    "offer_reply_days": "10",
    "eligible_countries[]": ["PK", "KZ"],
    "score_weights.grade": "1,5",
    "score_weights.interview": "1",
    "score_weights.committee": "0",
}


async def _post(portal, address: str, form: dict):
    page = await portal.get(address.replace("/new", "/new?scheme_id=sco") if address.endswith("/new") else address)
    data = [("csrf", csrf_of(page.text))]
    for k, v in form.items():
        data += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
    return await portal.post(address, content=str(httpx.QueryParams(data)).encode(), headers=_FORM)


_FORM = {"content-type": "application/x-www-form-urlencoded"}


async def test_an_officer_of_one_scheme_gets_its_form_at_once_and_one_of_two_chooses_first():
    client, _ = await _officer(schemes=["sco"])
    async with client as portal:
        page = await portal.get("/login")
        await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12})
        form = await portal.get("/officer/cycles/new")
        assert 'id="cycle-form"' in form.text and 'name="scheme_id" value="sco"' in form.text
        # the scheme's nomination stage has its deadline; no endorsement or admission stage: none
        assert 'name="nomination_closes_at"' in form.text and 'name="admission_closes_at"' not in form.text
        console = await portal.get("/officer")
        assert 'id="new-cycle"' in console.text
    client, _ = await _officer()  # unscoped: every scheme
    async with client as portal:
        page = await portal.get("/login")
        await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12})
        choose = await portal.get("/officer/cycles/new")
        assert 'id="schemes"' in choose.text and "/officer/cycles/new?scheme_id=cpec" in choose.text
    client, _ = await _officer(institutions=["xjmu"])  # a host's officer defines no cycle
    async with client as portal:
        page = await portal.get("/login")
        await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12})
        assert 'id="new-cycle"' not in (await portal.get("/officer")).text
        assert 'id="no-schemes"' in (await portal.get("/officer/cycles/new")).text


async def test_a_new_cycle_is_sent_as_the_service_takes_it_and_leads_to_its_programmes(officer):
    r = await _post(officer, "/officer/cycles/new", NEW)
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/sco-2028/programmes"
    (method, path, body) = officer.catalog.sent[-1]
    assert (method, path) == ("POST", "/cycles")
    assert body == {
        "scheme_id": "sco",
        "id": "sco-2028",
        "name": "SCO 2028/29",
        "translations": {"zh": "上合组织 2028/29"},
        "opens_at": "2028-01-10T09:00",
        "closes_at": "2028-03-31T23:59",
        "starts_on": "2028-09-01",
        "max_choices": 4,
        "offer_reply_days": 10,
        "eligible_countries": ["KZ", "PK"],
        "score_weights": {"grade": 1.5, "interview": 1.0, "committee": 0.0},
        "endorsement_closes_at": None,
        "nomination_closes_at": "2028-04-20T12:00",
        "admission_closes_at": None,
    }
    page = await officer.get("/officer")
    assert "The cycle was created. Add its programmes next." in page.text


async def test_the_forms_own_refusals_are_on_their_fields_and_nothing_is_sent(officer):
    form = {**NEW, "id": "SCO 2028", "name": " ", "opens_at": "", "max_choices": "four", "score_weights.grade": "x"}
    r = await _post(officer, "/officer/cycles/new", form)
    assert r.status_code == 422 and officer.catalog.sent == []
    for name in ("id", "name", "opens_at", "max_choices", "score_weights.grade"):
        assert f'id="e-{name}"' in r.text, name
    # what was typed comes back
    assert 'value="SCO 2028"' in r.text and 'value="four"' in r.text and 'value="上合组织 2028/29"' in r.text
    assert re.search(r'value="PK" checked', r.text)


async def test_the_services_refusal_is_shown_on_the_field_it_names(officer):
    officer.catalog.refuse = problem(422, "cycle.window_order", "closes_at", "the window must close after it opens")
    r = await _post(officer, "/officer/cycles/new", NEW)
    assert r.status_code == 422
    # in the portal's words, on its field, what was typed kept
    assert 'id="e-closes_at"' in r.text and "The window must close after it opens." in r.text
    assert 'value="2028-03-31T23:59"' in r.text
    officer.catalog.refuse = problem(
        409, "catalog.id_exists", "id", "cycle 'sco-2028' already exists; PUT /cycles/sco-2028 changes it"
    )
    await officer.get("/language/ru?next=/officer")
    r = await _post(officer, "/officer/cycles/new", NEW)
    assert r.status_code == 409 and 'id="e-id"' in r.text
    assert "Набор с таким идентификатором уже есть" in r.text and "PUT /cycles" not in r.text
    # a refusal of the whole weights, or of no field of the form: above it, and the summary links there
    officer.catalog.refuse = problem(422, "cycle.no_positive_weight", "score_weights", "needs a positive weight")
    r = await _post(officer, "/officer/cycles/new", NEW)
    assert 'id="e-score_weights"' in r.text and 'href="#f-score_weights"' in r.text
    officer.catalog.refuse = problem(403, "scope.outside", "scheme_id", "outside your scope")
    r = await _post(officer, "/officer/cycles/new", NEW)
    assert 'id="f-form"' in r.text and 'href="#f-form"' in r.text


async def test_a_cycle_changed_in_chinese_keeps_its_name_as_typed_and_what_the_form_does_not_show(officer):
    await officer.get("/language/zh?next=/officer")
    page = await officer.get("/officer/cycles/sco-2027/edit")
    # the name as typed, not its Chinese translation; the times in UTC as the form takes them
    assert 'name="name" type="text" value="SCO 2027/28"' in page.text
    assert 'value="2027-03-31T23:59"' in page.text and 'value="2027-04-15T12:00"' in page.text
    assert 'name="id"' not in page.text  # an id does not change
    # the page names the cycle in Chinese, its form holds the name as typed
    assert '<a href="/officer/cycles/sco-2027"><bdi>上合组织 2027/28</bdi></a>' in page.text
    form = {k: v for k, v in NEW.items() if k not in ("id", "scheme_id")}
    form |= {"name": "SCO 2027/28", "translations.zh": "", "max_choices": "6"}
    r = await _post(officer, "/officer/cycles/sco-2027/edit", {"scheme_id": "sco", **form})
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/sco-2027"
    method, path, body = officer.catalog.sent[-1]
    assert (method, path) == ("PUT", "/cycles/sco-2027")
    assert body["name"] == "SCO 2027/28" and body["max_choices"] == 6
    # the Chinese name emptied is dropped; the Kazakh one, which the form does not show, is kept
    assert body["translations"] == {"kk": "ШЫҰ 2027/28"}
    assert "warnings" not in body


async def test_a_saved_cycle_with_a_warning_says_so_in_the_readers_words(officer):
    officer.catalog.warnings = [
        {"severity": "warning", "field": "max_choices", "reason": "above the scheme's limit of 3", "code": "cycle.max_choices_above_scheme"},
        {"severity": "warning", "field": "x", "reason": "something new", "code": "cycle.something_new"},
    ]  # fmt: skip
    await officer.get("/language/zh?next=/officer")
    await _post(officer, "/officer/cycles/new", NEW)
    page = (await officer.get("/officer")).text
    assert "已保存，但有警告：可选数量超过项目计划自身的上限。" in page
    assert "已保存，但有警告：something new" in page  # a code the portal has no words for: as the service said


async def test_a_change_that_touches_applicants_is_said_with_its_counts_and_countries(officer):
    """Countries dropped with applications from them, a window closed by the change: saved
    without a word before (the Kyrgyz applicant's finished application read "not eligible")."""
    officer.catalog.warnings = [
        {"severity": "warning", "field": "eligible_countries", "reason": "...", "code": "cycle.countries_dropped",
         "params": {"n": 3, "countries": ["KG", "UZ"]}},
        {"severity": "warning", "field": "closes_at", "reason": "...", "code": "cycle.closed_by_change",
         "params": {"n": 5}},
    ]  # fmt: skip
    await officer.get("/language/ru?next=/officer")
    await _post(officer, "/officer/cycles/new", NEW)
    page = (await officer.get("/officer")).text
    assert "Поданные заявки из стран, которые набор больше не принимает (Кыргызстан и Узбекистан): 3." in page
    assert "(подано: 5)" in page


async def test_a_cycle_of_a_scheme_not_managed_is_not_offered_for_change():
    client, catalog = await _officer(schemes=["cpec"])
    async with client as portal:
        page = await portal.get("/login")
        await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12})
        r = await portal.get("/officer/cycles/sco-2027/edit")
        assert r.status_code == 403 and 'id="cycle-form"' not in r.text
        r = await portal.get("/officer/cycles/sco-2027/remove")
        assert r.status_code == 403 and "Yes, remove the cycle" not in r.text


async def test_a_removal_is_asked_first_and_a_refusal_said_in_words(officer):
    page = await officer.get("/officer/cycles/sco-2027/remove")
    assert "Remove the cycle?" in page.text and officer.catalog.sent == []
    # the page's words and status are its own, not the address's
    forged = await officer.get("/officer/cycles/sco-2027/remove?status_code=503&error=Log+in+at+evil.example")
    assert forged.status_code == 200 and 'id="e-remove"' not in forged.text
    officer.catalog.refuse = problem(
        409, "catalog.in_use", "id", "cycle 'sco-2027' still has 2 programmes; delete or move them first"
    )
    r = await officer.post("/officer/cycles/sco-2027/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 409 and 'id="e-remove"' in r.text
    assert "remove its programmes and rules first" in r.text and "delete or move them" not in r.text
    officer.catalog.refuse = None
    r = await officer.post("/officer/cycles/sco-2027/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and officer.catalog.sent[-1][:2] == ("DELETE", "/cycles/sco-2027")


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
async def test_every_page_of_the_cycle_form_is_in_the_readers_language(officer, lang):
    await officer.get(f"/language/{lang}?next=/officer")
    english = ("Name of the cycle", "Application window", "Weights of the priority score", "Create the cycle")
    new = await officer.get("/officer/cycles/new")
    edit = await officer.get("/officer/cycles/sco-2027/edit")
    remove = await officer.get("/officer/cycles/sco-2027/remove")
    for page in (new, edit, remove):
        assert page.status_code == 200
        assert not [w for w in english if w in page.text]
        assert "Remove the cycle?" not in page.text and "Change the cycle" not in page.text
    # countries by their names in the language
    assert {"zh": "巴基斯坦", "ru": "Пакистан", "ur": "پاکستان"}[lang] in new.text


def test_a_stored_cycle_as_form_values_in_utc():
    values = cycle_form.values_of({**STORED, "opens_at": "2027-01-10T05:00:00+05:00"})
    assert values["opens_at"] == "2027-01-10T00:00" and values["admission_closes_at"] == ""
    assert values["score_weights.grade"] == "2" and values["score_weights.committee"] == "0"
    assert cycle_form.deadlines_of(["endorsement", "matching", "admission"]) == [
        "endorsement_closes_at",
        "admission_closes_at",
    ]


async def test_a_cycle_saved_as_its_form_shows_it_is_sent_back_as_stored(officer):
    """The form shows minutes and numbers as typed: saved unchanged, a window closing at 23:59:59
    closed at 23:59 and a weight of 1.2345678 became 1.23457."""
    stored = {**STORED, "closes_at": "2027-03-31T23:59:59.500000Z", "score_weights": {"grade": 1.2345678}}
    officer.catalog.stored = stored
    page = await officer.get("/officer/cycles/sco-2027/edit")
    form = dict(re.findall(r'<input id="f-[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"', page.text))
    assert form["closes_at"] == "2027-03-31T23:59" and form["score_weights.grade"] == "1.2345678"
    form["eligible_countries[]"] = ["KZ"]
    r = await _post(officer, "/officer/cycles/sco-2027/edit", {"scheme_id": "sco", **form})
    assert r.status_code == 303, r.text
    body = officer.catalog.sent[-1][2]
    assert body["closes_at"] == stored["closes_at"] and body["opens_at"] == STORED["opens_at"]
    assert body["score_weights"] == {"grade": 1.2345678}  # as stored: the form showed it unchanged
    assert body["nomination_closes_at"] == STORED["nomination_closes_at"]


@pytest.mark.parametrize(
    "typed, sent",
    [("٢٠٢٨-٠١-١٠T٠٩:٠٠", "2028-01-10T09:00"), ("2028-01-10T09:00:30", "2028-01-10T09:00:30")],
)
def test_a_time_typed_is_sent_as_the_service_takes_it(typed, sent):
    body, errors = cycle_form.body_of({**NEW, "opens_at": typed}, SCHEME)
    assert errors == {} and body["opens_at"] == sent


@pytest.mark.parametrize("typed", ["2028-02-30T10:00", "2028-01-10T09:00+05:00", "tomorrow", "2028-01-10 09:00"])
def test_a_time_that_is_none_is_refused_on_its_field(typed):
    _body, errors = cycle_form.body_of({**NEW, "opens_at": typed, "starts_on": "2028-02-30"}, SCHEME)
    assert errors["opens_at"] == "Enter a date and time." and errors["starts_on"] == "Enter a date."


def test_every_sentence_the_catalog_forms_word_a_code_with_is_translated():
    from services.portal.domain import programme_form, quota_rule_form
    from services.portal.i18n import CATALOGS

    sentences = [
        *cycle_form.REFUSALS.values(),
        *cycle_form.WARNINGS.values(),
        *programme_form.REFUSALS.values(),
        *programme_form.WARNINGS.values(),
        *quota_rule_form.PROBLEM_WORDS.values(),
    ]
    assert [(lang, x) for x in sentences for lang in ("zh", "ru", "ur") if x not in CATALOGS[lang]] == []


def test_every_mistake_of_the_form_is_said_at_once():
    """The window's order came only on a third try, once the form's other mistakes were fixed; a
    required number left empty was saved as the default."""
    form = {**NEW, "id": "Bad Id", "closes_at": "2028-01-09T09:00", "score_weights.grade": "two", "max_choices": ""}
    form |= {"offer_reply_days": "0", "nomination_closes_at": "2028-01-01T00:00", "name": "x" * 301}
    _body, errors = cycle_form.body_of(form, SCHEME)
    assert errors == {
        "id": "Use 2 to 64 lowercase letters, digits, dots, hyphens or underscores, starting with a letter or digit.",
        "name": "A name has 2 to 300 characters.",
        "closes_at": "The window must close after it opens.",
        "score_weights.grade": "Enter a number.",
        "max_choices": "Enter a whole number from 1 to 20.",
        "offer_reply_days": "Enter a whole number of days from 1 to 90.",
        "nomination_closes_at": "A stage's deadline must come after the window opens.",
    }


def test_a_cycle_saved_unchanged_keeps_its_weights_as_stored():
    """Weights left to the defaults ({}) were saved as {"grade": 1.0, ...} by an unchanged form."""
    stored = {**STORED, "score_weights": {}}
    body, errors = cycle_form.body_of(cycle_form.values_of(stored), SCHEME, stored)
    assert errors == {} and body["score_weights"] == {}
    changed = cycle_form.values_of(stored) | {"score_weights.grade": "2"}
    body, errors = cycle_form.body_of(changed, SCHEME, stored)
    assert body["score_weights"] == {"grade": 2.0, "interview": 1.0, "committee": 1.0}
