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
            return httpx.Response(200, json=STORED)
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
    officer.catalog.refuse = problem(
        422, "cycle.window_order", "closes_at", "the window must close after it opens", closes_at="2028-01-01"
    )
    r = await _post(officer, "/officer/cycles/new", NEW)
    assert r.status_code == 422
    assert 'id="e-closes_at"' in r.text and 'value="2028-03-31T23:59"' in r.text
    officer.catalog.refuse = problem(409, "cycle.id_taken", "id", "cycle sco-2028 exists")
    r = await _post(officer, "/officer/cycles/new", NEW)
    assert r.status_code == 409 and 'id="e-id"' in r.text


async def test_a_cycle_changed_in_chinese_keeps_its_name_as_typed_and_what_the_form_does_not_show(officer):
    await officer.get("/language/zh?next=/officer")
    page = await officer.get("/officer/cycles/sco-2027/edit")
    # the name as typed, not its Chinese translation; the times in UTC as the form takes them
    assert 'name="name" type="text" value="SCO 2027/28"' in page.text
    assert 'value="2027-03-31T23:59"' in page.text and 'value="2027-04-15T12:00"' in page.text
    assert 'name="id"' not in page.text  # an id does not change
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


async def test_a_saved_cycle_with_a_warning_says_so(officer):
    officer.catalog.warnings = [{"severity": "warning", "field": "x", "reason": "cycle admits UZ", "code": "w"}]
    await _post(officer, "/officer/cycles/new", NEW)
    page = await officer.get("/officer")
    assert "Saved, with a warning: cycle admits UZ" in page.text


async def test_a_cycle_of_a_scheme_not_managed_is_not_offered_for_change():
    client, catalog = await _officer(schemes=["cpec"])
    async with client as portal:
        page = await portal.get("/login")
        await portal.post("/login", data={"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12})
        r = await portal.get("/officer/cycles/sco-2027/edit")
        assert r.status_code == 403 and 'id="cycle-form"' not in r.text


async def test_a_removal_is_asked_first_and_a_refusal_said_in_words(officer):
    page = await officer.get("/officer/cycles/sco-2027/remove")
    assert "Remove the cycle?" in page.text and officer.catalog.sent == []
    officer.catalog.refuse = problem(409, "catalog.in_use", "cycle_id", "cycle 'sco-2027' still has programmes")
    r = await officer.post("/officer/cycles/sco-2027/remove", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 409 and 'id="e-remove"' in r.text
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
