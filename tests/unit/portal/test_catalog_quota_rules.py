"""An officer defines a cycle's quota rules in the portal (they could only through the API):
the rules listed as the cycle's page words them, one form for a new rule and a changed one
(a percentage sent as a share, the scope ticked from the cycle's catalog, a changed rule
keeping what the form left alone), "Check" showing every problem the service finds and saving
nothing, each refusal on its field with what was typed, a removal confirmed, the 403 of an
officer outside the scheme, and every page in every language. Over fake services; the
form's pure functions without any."""

from __future__ import annotations

import json
import re
from html import unescape

import httpx
import pytest

from services.matching.domain import quota as matching_quota
from services.portal.domain import quota_rule_form as rule_form
from services.portal.i18n import CATALOGS, country_name, translate
from services.portal.quota_rule_form_words import QUOTA_RULE_FORM_WORDS
from tests.unit.portal.test_pages_with_fake_services import FakeApplications, csrf_of, log_in, portal_over

CYCLE = {"id": "c1", "scheme_id": "sco", "name": "SCO 2026/27", "eligible_countries": [], "translations": {}}
SCHEME = {"id": "sco", "name": "SCO", "eligible_countries": ["KZ", "PK", "UZ"], "path": []}
PROGRAMMES = [
    {"id": "p-med", "cycle_id": "c1", "title": "Clinical Medicine", "host_institution_id": "xjmu",
     "host_country": "CN", "field": "medicine", "level": "master", "applicant_type": "student", "seats": 10,
     "translations": {"zh": "临床医学", "ru": "Клиническая медицина", "ur": "کلینیکل میڈیسن"}},
    {"id": "p-rail", "cycle_id": "c1", "title": "Rail Transport", "host_institution_id": "lzjtu",
     "host_country": "CN", "field": "engineering", "level": "bachelor", "applicant_type": "student", "seats": 4,
     "translations": {"zh": "轨道交通", "ru": "Железнодорожный транспорт", "ur": "ریل ٹرانسپورٹ"}},
]  # fmt: skip
INSTITUTIONS = [
    {"id": "xjmu", "name": "Xinjiang Medical University", "country": "CN",
     "translations": {"zh": "新疆医科大学", "ru": "Синьцзянский медицинский университет", "ur": "سنکیانگ میڈیکل یونیورسٹی"}},
    {"id": "lzjtu", "name": "Lanzhou Jiaotong University", "country": "CN",
     "translations": {"zh": "兰州交通大学", "ru": "Ланьчжоуский транспортный университет", "ur": "لانژو جیاؤتونگ یونیورسٹی"}},
]  # fmt: skip
RULE = {
    "id": "c1-kz-cap",
    "cycle_id": "c1",
    "label": "SCO 2026: at most 30 per country",
    "scope": {"sending_country": ["UZ", "KZ"]},
    "per": ["sending_country"],
    "max_count": 30,
    "max_share_of_seats": None,
    "warnings": [],
}
SHARE_RULE = {
    "id": "c1-third",
    "cycle_id": "c1",
    "label": "A third of each programme",
    "scope": {},
    "per": ["programme", "scheme"],  # "each scheme": not offered by the form, kept
    "max_count": None,
    "max_share_of_seats": 1 / 3,
    "warnings": [],
}


def problem(status: int, *items: tuple[str, str, str]) -> httpx.Response:
    """A problem-details refusal with an error per (field, code, reason)."""
    errors = [{"field": f, "code": c, "reason": r} for f, c, r in items]
    body = {"type": "about:blank", "title": "Refused", "status": status, "code": items[0][1],
            "detail": items[0][2], "instance": "/", "errors": errors}  # fmt: skip
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


OUTSIDE = problem(403, ("cycle_id", "scope.outside", "outside your scope: scheme sco"))


class QuotaMatching:
    """The matching service's catalog and quota-rule routes, as far as the pages use them;
    records every change and check sent."""

    def __init__(self):
        self.rules = {r["id"]: dict(r) for r in (RULE, SHARE_RULE)}
        self.posted: list[dict] = []
        self.put: list[tuple[str, dict]] = []
        self.validated: list[dict] = []
        self.deleted: list[str] = []
        self.refusal: httpx.Response | None = None  # the next POST or PUT's answer
        self.problems: list[dict] = []  # what /quota-rules/validate finds
        self.warnings: list[dict] = []  # what a save answers beside the rule
        self.outside = False  # the officer manages another scheme
        self.caps: list[dict] = []  # what /quota-rules/preview makes
        self.caps_total: int | None = None  # beyond the page, when set
        self.previewed: list[tuple[dict, str]] = []  # (the rule, the page's limit)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method, params = request.url.path, request.method, request.url.params
        if (method, path) == ("GET", "/cycles/c1"):
            return httpx.Response(200, json=CYCLE)
        if (method, path) == ("GET", "/schemes/sco"):
            return httpx.Response(200, json=SCHEME)
        if (method, path) == ("GET", "/programmes"):
            items = [p for p in PROGRAMMES if p["cycle_id"] == params.get("cycle_id")]
            return httpx.Response(200, json={"items": items, "total": len(items), "offset": 0, "limit": 500})
        if (method, path) == ("GET", "/institutions"):
            return httpx.Response(200, json={"items": INSTITUTIONS, "total": 2, "offset": 0, "limit": 500})
        if path.startswith("/quota-rules") and self.outside:
            return OUTSIDE
        if (method, path) == ("GET", "/quota-rules"):
            items = sorted((r for r in self.rules.values() if r["cycle_id"] == params.get("cycle_id")), key=lambda r: r["id"])  # fmt: skip
            return httpx.Response(200, json={"items": items, "total": len(items), "offset": 0, "limit": 500})
        if (method, path) == ("POST", "/quota-rules/validate"):
            self.validated.append(json.loads(request.content))
            return httpx.Response(200, json=self.problems)
        if (method, path) == ("POST", "/quota-rules/preview"):
            self.previewed.append((json.loads(request.content), params.get("limit", "")))
            total = len(self.caps) if self.caps_total is None else self.caps_total
            return httpx.Response(200, json={"items": self.caps, "total": total, "offset": 0, "limit": 50})
        if (method, path) == ("POST", "/quota-rules"):
            body = json.loads(request.content)
            self.posted.append(body)
            if self.refusal is not None:
                return self.refusal
            self.rules[body["id"]] = body
            return httpx.Response(201, json={**body, "warnings": self.warnings})
        rule_id = path.removeprefix("/quota-rules/")
        if path.startswith("/quota-rules/") and rule_id not in self.rules:
            return problem(404, ("rule_id", "quota_rule.not_found", f"no quota rule {rule_id!r}"))
        if method == "GET" and path.startswith("/quota-rules/"):
            return httpx.Response(200, json=self.rules[rule_id])
        if method == "PUT" and path.startswith("/quota-rules/"):
            body = json.loads(request.content)
            self.put.append((rule_id, body))
            if self.refusal is not None:
                return self.refusal
            self.rules[rule_id] = {"id": rule_id, **body}
            return httpx.Response(200, json={"id": rule_id, **body, "warnings": self.warnings})
        if method == "DELETE" and path.startswith("/quota-rules/"):
            self.deleted.append(rule_id)
            del self.rules[rule_id]
            return httpx.Response(204)
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


@pytest.fixture
async def officer():
    apps = FakeApplications()
    apps.role = "officer"
    async with portal_over(apps, QuotaMatching()) as client:
        await log_in(client)
        yield client


def text_of(page: str) -> str:
    main = re.search(r"<main.*?</main>", page, re.S)
    body = main.group(0) if main else page
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def checked_boxes(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="checkbox" name="{re.escape(name)}\[\]" value="([^"]+)" checked', page)


def form_of(page: str, **changes) -> dict:
    """The form as the page shows it (every field, the ticked boxes and the chosen limit), changed."""
    data: dict = {"csrf": csrf_of(page)}
    for name, value in re.findall(r'<input id="f-[^"]+" name="([^"]+)" type="text" value="([^"]*)"', page):
        data[name] = unescape(value)
    data["limit"] = re.search(r'name="limit" value="(\w+)" id="f-limit-\w+" checked', page).group(1)
    for name in ["per", *(rule_form.scope_name(d) for d in rule_form.SCOPE_DIMENSIONS)]:
        ticked = checked_boxes(page, name)
        if ticked:
            data[f"{name}[]"] = ticked
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- the pure form ---------------------------------------------------------------------------------


def test_the_forms_dimensions_are_the_matching_services():
    assert set(rule_form.SCOPE_DIMENSIONS) == set(matching_quota.SCOPE_DIMENSIONS)
    assert set(rule_form.PER_DIMENSIONS) == set(matching_quota.PER_DIMENSIONS)


def test_a_new_rules_body_sends_a_percentage_as_a_share():
    values = rule_form.typed(
        {
            "id": " c1-share ",
            "label": "  At most 40% of each programme  ",
            "limit": "share",
            "max_count": "12",  # typed, then the share chosen: not sent
            "share_percent": "40",
            "per[]": ["programme", "sending_country"],
            "scope.level[]": ["master"],
            "scope.sending_country[]": [],
        }
    )
    assert rule_form.form_problems(values, new=True) == {}
    assert rule_form.rule_body(values, "c1") == {
        "id": "c1-share",
        "cycle_id": "c1",
        "label": "At most 40% of each programme",
        "scope": {"level": ["master"]},
        "per": ["programme", "sending_country"],
        "max_count": None,
        "max_share_of_seats": 0.4,
    }
    count = rule_form.typed(
        {"id": "c1-n", "label": "KZ cap", "limit": "count", "max_count": "٣٠", "share_percent": "5"}
    )
    body = rule_form.rule_body(count, "c1")
    assert (body["max_count"], body["max_share_of_seats"], body["scope"], body["per"]) == (30, None, {}, [])


@pytest.mark.parametrize(
    "typed, share",
    [("40", 0.4), ("12,5", 0.125), ("12.5 %", 0.125), ("۴۰٪", 0.4), ("0", 0.0), ("100", 1.0), ("33.3333", 0.333333)],
)
def test_a_percentage_is_read_as_typed_in_each_language(typed, share):
    assert rule_form.share_of(typed) == share


@pytest.mark.parametrize("typed", ["", "abc", "-5", "100.5", "1e2", "nan", "40%%", "1,2,3"])
def test_a_percentage_out_of_range_or_not_a_number_is_refused(typed):
    assert rule_form.share_of(typed) is None


def test_the_portal_says_what_it_can_before_asking_the_service():
    values = rule_form.typed(
        {
            "id": "Bad Id",
            "label": "x",
            "limit": "count",
            "max_count": "-3",
            "per[]": ["planet"],
            "scope.level[]": ["x" * 101],
        }
    )
    errors = rule_form.form_problems(values, new=True)
    assert set(errors) == {"id", "label", "max_count", "per", "scope.level"}
    share = rule_form.typed({"id": "ok-id", "label": "ok", "limit": "share", "share_percent": "140"})
    assert set(rule_form.form_problems(share, new=True)) == {"share_percent"}
    assert set(rule_form.form_problems({**share, "limit": ""}, new=True)) == {"limit"}
    # a changed rule's id is not the form's: never refused there
    assert "id" not in rule_form.form_problems({**values, "id": ""}, new=False)
    # braces name a dimension, as the service fills them; anything else is said at the label
    braced = rule_form.typed({"id": "ok-id", "label": "{sending_country.x}", "limit": "count", "max_count": "3"})
    assert rule_form.form_problems(braced, new=True) == {
        "label": "In braces a label may name only a dimension, such as {sending_country} or {programme}."
    }
    named = {**braced, "label": "{programme}: at most 3 from {sending_country}"}
    assert rule_form.form_problems(named, new=True) == {}


def test_a_changed_rule_keeps_what_the_form_left_as_shown():
    shown = rule_form.values_of(SHARE_RULE)
    assert shown["share_percent"] == "33.3333" and shown["limit"] == "share" and shown["max_count"] == ""
    # only the label changed: the share stays exactly a third, "each scheme" stays, in its order
    posted = {"label": "A third, each programme", "limit": "share", "share_percent": "33.3333",
              "per[]": ["programme", "scheme"]}  # fmt: skip
    body = rule_form.rule_body(rule_form.typed(posted, SHARE_RULE["id"]), "c1", SHARE_RULE)
    assert body == {
        "cycle_id": "c1",
        "label": "A third, each programme",
        "scope": {},
        "per": ["programme", "scheme"],
        "max_count": None,
        "max_share_of_seats": 1 / 3,
    }
    # the share changed: the new one; the ticked countries keep their stored order, a new one after
    changed = rule_form.typed(
        {"label": "x" * 3, "limit": "share", "share_percent": "25", "scope.sending_country[]": ["KZ", "PK", "UZ"]},
        RULE["id"],
    )
    body = rule_form.rule_body(changed, "c1", RULE)
    assert body["max_share_of_seats"] == 0.25 and body["max_count"] is None
    assert body["scope"] == {"sending_country": ["UZ", "KZ", "PK"]} and "id" not in body
    # a label stored with an edge space, shown without it and left alone: as stored
    spaced = {**RULE, "label": "KZ cap "}
    kept = rule_form.rule_body(
        rule_form.typed({"label": "KZ cap", "limit": "count", "max_count": "30"}, "r"), "c1", spaced
    )
    assert kept["label"] == "KZ cap " and kept["max_count"] == 30


def test_a_suggested_id_is_free_and_fits_the_pattern():
    assert rule_form.suggested_id("c1", []) == "c1-quota-1"
    assert rule_form.suggested_id("c1", ["c1-quota-1", "c1-quota-2"]) == "c1-quota-3"
    long = rule_form.suggested_id("a" * 64, [])
    assert len(long) == 64 and rule_form.ID.fullmatch(long) and long.endswith("-quota-1")


def test_the_services_problems_are_worded_and_filed_under_the_forms_fields():
    answer = [
        {"severity": "warning", "field": "max_count", "code": "quota.never_binds",
         "reason": "never binds: limit 50 is not below the 14 seats in scope"},
        {"severity": "error", "field": "scope.sending_country", "code": "quota.unknown_scope_value",
         "reason": "unknown sending country 'XX' (known: KZ, PK, UZ)"},
        {"severity": "warning", "field": "max_share_of_seats", "code": "quota.share_rounds_to_zero",
         "reason": "share 0.01 rounds down to 0 on 2 group(s) (e.g. p-rail): nobody in scope can be placed there"},
        {"severity": "warning", "field": "scope", "code": "quota.contradicting_rule",
         "reason": "contradicts rule 'c1-kz-cap': same scope, different limit (max 30 vs max 20); the tighter one applies"},
        {"severity": "error", "field": "cycle", "code": "quota.brand_new", "reason": "something new"},
    ]  # fmt: skip
    found = rule_form.found_problems(answer)
    assert [f.severity for f in found] == ["error", "error", "warning", "warning", "warning"]
    assert [f.field for f in found] == ["scope.sending_country", "form", "max_count", "share_percent", "scope"]
    assert translate("en", found[0].message) == "Not in this cycle's catalog: XX."
    assert translate("en", found[1].message) == "something new"  # a code without words: the reason
    assert translate("ru", found[2].message) == QUOTA_RULE_FORM_WORDS[found[2].message]["ru"].format(seats=14)
    assert "c1-kz-cap" in translate("zh", found[4].message)
    assert rule_form.first_by_field(found, errors=True) == {"scope.sending_country": found[0].message, "form": found[1].message}  # fmt: skip
    assert rule_form.form_field("scope.programme.3") == "scope.programme"
    assert rule_form.form_field("request") == rule_form.FORM


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_word_of_the_pages_is_translated(lang):
    words = set(rule_form.PROBLEM_WORDS.values()) | set(QUOTA_RULE_FORM_WORDS)
    assert sorted(w for w in words if w not in CATALOGS[lang]) == []
    for english, texts in QUOTA_RULE_FORM_WORDS.items():
        names = set(re.findall(r"{(\w+)}", english))
        assert set(re.findall(r"{(\w+)}", texts[lang])) == names, (english, lang)


# --- the pages ---------------------------------------------------------------------------------------


async def test_the_list_words_each_rule_as_the_cycle_page_does_with_links_to_change_or_remove_it(officer):
    page = await officer.get("/officer/cycles/c1/quota-rules")
    assert page.status_code == 200, page.text
    card = re.search(r'<li class="card" id="rule-c1-kz-cap">.*?</li>', page.text, re.S).group(0)
    text = text_of(card)
    assert "At most 30" in text and "from Uzbekistan and Kazakhstan" in text and "each sending country" in text
    assert "SCO 2026: at most 30 per country" in text and "c1-kz-cap" in text
    assert (
        'href="/officer/quota-rules/c1-kz-cap/edit"' in card and 'href="/officer/quota-rules/c1-kz-cap/remove"' in card
    )
    third = text_of(re.search(r'<li class="card" id="rule-c1-third">.*?</li>', page.text, re.S).group(0))
    assert "At most 33% of the seats" in third and "each programme" in third
    assert 'href="/officer/cycles/c1/quota-rules/new"' in page.text


async def test_a_new_rule_is_offered_from_the_cycles_catalog_with_an_id_suggested(officer):
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    assert page.status_code == 200, page.text
    assert 'name="id" type="text" value="c1-quota-1"' in page.text  # suggested, and typed over if wished
    assert re.search(r'<p class="hint" id="h-id">2 to 64 characters: lowercase letters, digits', page.text)
    assert 'aria-describedby=" h-id"' in page.text
    # the scheme's countries by name, the cycle's programmes with their hosts, its hosts, fields, levels
    boxes = dict(re.findall(r'name="(scope\.\w+)\[\]" value="([^"]+)"', page.text)[:1])
    assert boxes == {"scope.sending_country": "KZ"}
    for words in ("Kazakhstan", "Pakistan", "Uzbekistan", "Clinical Medicine, Xinjiang Medical University",
                  "Lanzhou Jiaotong University", "China", "medicine", "bachelor", "faculty", "each sending country"):  # fmt: skip
        assert words in text_of(page.text), words
    assert re.search(r'name="limit" value="count" id="f-limit-count" checked', page.text)
    await officer.get("/language/zh?next=/officer/cycles/c1/quota-rules/new")
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    assert "哈萨克斯坦" in page.text and "临床医学，新疆医科大学" in page.text and "每个派出国" in page.text


async def test_a_new_rule_is_saved_with_its_percentage_as_a_share_and_the_list_says_so(officer):
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    form = form_of(page.text, id="c1-kz-pk", label="At most 40% of each programme to one country", limit="share",
                   share_percent="40", **{"per[]": ["sending_country", "programme"],
                                          "scope.sending_country[]": ["KZ", "PK"], "action": "save"})  # fmt: skip
    saved = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert saved.status_code == 303 and saved.headers["location"] == "/officer/cycles/c1/quota-rules"
    assert officer.matching.posted == [
        {
            "id": "c1-kz-pk",
            "cycle_id": "c1",
            "label": "At most 40% of each programme to one country",
            "scope": {"sending_country": ["KZ", "PK"]},
            "per": ["sending_country", "programme"],
            "max_count": None,
            "max_share_of_seats": 0.4,
        }
    ]
    listed = await officer.get(saved.headers["location"])
    assert "The quota rule “At most 40% of each programme to one country” was saved." in unescape(listed.text)
    card = text_of(re.search(r'<li class="card" id="rule-c1-kz-pk">.*?</li>', listed.text, re.S).group(0))
    assert "At most 40% of the seats · from Kazakhstan and Pakistan" in card


async def test_a_saved_rules_warnings_are_said_after_it_is_saved(officer):
    officer.matching.warnings = [{"severity": "warning", "field": "max_count", "code": "quota.cap_zero",
                                  "reason": "a cap of 0 keeps everyone in scope out"}]  # fmt: skip
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    form = form_of(page.text, label="Nobody from UZ", max_count="0", **{"scope.sending_country[]": ["UZ"]})
    saved = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)  # Enter: the default button
    assert saved.status_code == 303 and officer.matching.posted[0]["max_count"] == 0
    listed = await officer.get(saved.headers["location"])
    assert "Saved, with a warning: A limit of 0 keeps everyone in scope out." in listed.text


async def test_check_shows_every_problem_on_its_field_and_saves_nothing(officer):
    officer.matching.problems = [
        {"severity": "error", "field": "scope", "code": "quota.covers_nothing",
         "reason": "the rule covers no programme of the catalog"},
        {"severity": "warning", "field": "max_count", "code": "quota.never_binds",
         "reason": "never binds: limit 50 is not below the 14 seats in scope"},
    ]  # fmt: skip
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    form = form_of(page.text, label="Masters in medicine", max_count="50", action="check",
                   **{"scope.field[]": ["medicine"], "scope.level[]": ["bachelor"]})  # fmt: skip
    checked = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert checked.status_code == 200, checked.text
    assert officer.matching.posted == [] and officer.matching.put == []  # nothing saved
    assert officer.matching.validated == [
        {"id": "c1-quota-1", "cycle_id": "c1", "label": "Masters in medicine",
         "scope": {"field": ["medicine"], "level": ["bachelor"]}, "per": [], "max_count": 50,
         "max_share_of_seats": None}
    ]  # fmt: skip
    result = text_of(re.search(r'<div id="check-result".*?</div>', checked.text, re.S).group(0))
    assert "Error: The rule covers no programme of the cycle: widen its scope." in result
    assert "Warning: This limit never binds: it is not below the seats in scope (14)." in result
    assert "Nothing was saved." in result
    assert 'href="#f-scope"' in checked.text and 'href="#f-max_count"' in checked.text
    assert re.search(r'<fieldset class="field has-error" id="f-scope">\s*<legend>', checked.text)
    assert '<p class="warn" id="w-max_count">' in checked.text
    # what was typed and ticked is all there
    assert 'name="label" type="text" value="Masters in medicine"' in checked.text
    assert checked_boxes(checked.text, "scope.field") == ["medicine"]
    assert checked_boxes(checked.text, "scope.level") == ["bachelor"]
    assert 'name="max_count" type="text" value="50"' in checked.text
    # a rule without problems: said so, still not saved
    officer.matching.problems = []
    fine = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert "No problems found. Nothing was saved yet" in fine.text and officer.matching.posted == []


async def test_what_the_portal_refuses_is_said_on_each_field_and_nothing_typed_is_lost(officer):
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    form = form_of(page.text, id="Bad Id!", label="x", limit="share", share_percent="140", max_count="7",
                   **{"per[]": ["sending_country"], "scope.programme[]": ["p-rail"]})  # fmt: skip
    refused = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert refused.status_code == 422 and officer.matching.posted == [] and officer.matching.validated == []
    summary = re.search(r'<div class="error-summary".*?</div>', refused.text, re.S).group(0)
    assert [href for href in re.findall(r'href="#f-([^"]+)"', summary)] == ["id", "label", "share_percent"]
    for name in ("id", "label", "share_percent"):
        tag = re.search(rf'<input id="f-{name}"[^>]*>', refused.text, re.S).group(0)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="e-{name}' in tag, tag
    assert 'value="Bad Id!"' in refused.text and 'name="share_percent" type="text" value="140"' in refused.text
    assert 'name="max_count" type="text" value="7"' in refused.text  # not chosen, still kept
    assert re.search(r'name="limit" value="share" id="f-limit-share" checked', refused.text)
    assert checked_boxes(refused.text, "per") == ["sending_country"]
    assert checked_boxes(refused.text, "scope.programme") == ["p-rail"]


async def test_the_services_refusal_is_said_on_the_field_it_names(officer):
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    form = form_of(page.text, label="KZ and PK", max_count="12", **{"scope.sending_country[]": ["KZ", "PK"]})
    officer.matching.refusal = problem(409, ("id", "catalog.id_exists", "quota-rule 'c1-quota-1' already exists"))
    refused = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert refused.status_code == 409
    assert '<p class="error" id="e-id"><span class="visually-hidden">Error:</span> This id is already in use: choose another.</p>' in refused.text  # fmt: skip
    assert 'name="label" type="text" value="KZ and PK"' in refused.text
    assert checked_boxes(refused.text, "scope.sending_country") == ["KZ", "PK"]
    officer.matching.refusal = problem(
        422,
        ("scope.sending_country.1", "string_too_long", "String should have at most 100 characters"),
        ("max_share_of_seats", "quota.share_out_of_range", "max_share_of_seats must be between 0 and 1, got 2"),
        ("body", "value_error", "Value error, give exactly one of max_count and max_share_of_seats"),
    )
    refused = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert refused.status_code == 422
    group = re.search(r'<fieldset class="field has-error" id="f-scope.sending_country">.*?</fieldset>', refused.text, re.S).group(0)  # fmt: skip
    assert "This is too long." in group and group.count('aria-invalid="true"') == 3  # each country's box
    assert 'aria-describedby="e-scope.sending_country"' in group
    assert '<p class="error" id="e-share_percent">' in refused.text
    assert "This value is not valid." in re.search(r'<div class="error-summary".*?</div>', refused.text, re.S).group(0)
    assert checked_boxes(refused.text, "scope.sending_country") == ["KZ", "PK"]


async def test_a_changed_rule_keeps_what_the_form_did_not_change(officer):
    page = await officer.get("/officer/quota-rules/c1-third/edit")
    assert page.status_code == 200, page.text
    assert 'name="id"' not in page.text and "c1-third" in text_of(page.text)  # an id is not changed
    assert 'name="share_percent" type="text" value="33.3333"' in page.text
    assert checked_boxes(page.text, "per") == ["programme", "scheme"]  # "each scheme" shown, as stored
    assert "each scheme" in text_of(page.text)
    saved = await officer.post("/officer/quota-rules/c1-third/edit", data=form_of(page.text, label="A third each"))
    assert saved.status_code == 303 and saved.headers["location"] == "/officer/cycles/c1/quota-rules"
    assert officer.matching.put == [
        ("c1-third", {"cycle_id": "c1", "label": "A third each", "scope": {}, "per": ["programme", "scheme"],
                      "max_count": None, "max_share_of_seats": 1 / 3})
    ]  # fmt: skip
    # its limit changed to a number of places: the share goes
    page = await officer.get("/officer/quota-rules/c1-kz-cap/edit")
    assert checked_boxes(page.text, "scope.sending_country") == ["KZ", "UZ"]  # by name: Kazakhstan, Uzbekistan
    changed = form_of(page.text, max_count="25")
    assert (await officer.post("/officer/quota-rules/c1-kz-cap/edit", data=changed)).status_code == 303
    rule_id, body = officer.matching.put[-1]
    assert rule_id == "c1-kz-cap" and body["max_count"] == 25 and body["max_share_of_seats"] is None
    assert body["scope"] == {"sending_country": ["UZ", "KZ"]}  # as stored, in its order
    listed = await officer.get("/officer/cycles/c1/quota-rules")
    assert "At most 25 · from" in text_of(listed.text)


async def test_check_of_a_changed_rule_is_sent_with_its_id(officer):
    page = await officer.get("/officer/quota-rules/c1-kz-cap/edit")
    checked = await officer.post("/officer/quota-rules/c1-kz-cap/edit", data=form_of(page.text, action="check"))
    assert checked.status_code == 200 and officer.matching.put == []
    assert officer.matching.validated[0]["id"] == "c1-kz-cap" and officer.matching.validated[0]["max_count"] == 30


async def test_a_rule_is_removed_after_a_confirmation_that_says_what_it_was(officer):
    listed = await officer.get("/officer/cycles/c1/quota-rules")
    confirm = await officer.get("/officer/quota-rules/c1-kz-cap/remove")
    assert confirm.status_code == 200 and officer.matching.deleted == []  # asked, not done
    said = text_of(re.search(r'<section class="panel warn-panel".*?</section>', confirm.text, re.S).group(0))
    assert "At most 30 · from Uzbekistan and Kazakhstan · each sending country" in said
    assert "SCO 2026: at most 30 per country" in said and "c1-kz-cap" in said
    form = {"csrf": csrf_of(listed.text), "cycle_id": "c1"}
    removed = await officer.post("/officer/quota-rules/c1-kz-cap/remove", data=form)
    assert removed.status_code == 303 and removed.headers["location"] == "/officer/cycles/c1/quota-rules"
    assert officer.matching.deleted == ["c1-kz-cap"]
    listed = await officer.get(removed.headers["location"])
    assert "The quota rule “SCO 2026: at most 30 per country” was removed." in unescape(listed.text)
    assert 'id="rule-c1-kz-cap"' not in listed.text
    # sent again (a second tab, a reload): said, nothing else removed
    again = await officer.post("/officer/quota-rules/c1-kz-cap/remove", data=form)
    assert again.status_code == 303 and officer.matching.deleted == ["c1-kz-cap"]
    assert "This quota rule was already removed." in (await officer.get(again.headers["location"])).text


PLACEHELD = {
    "id": "c1-share",
    "cycle_id": "c1",
    "label": "SCO 2026: at most 40% of {programme}'s seats to {sending_country}",
    "scope": {},
    "per": ["programme", "sending_country"],
    "max_count": None,
    "max_share_of_seats": 0.4,
    "warnings": [],
}


async def test_a_labels_placeholders_read_as_words_on_the_list_and_the_removal(officer):
    """The rules list showed "SCO 2026: at most 40% of {programme}'s seats to
    {sending_country}": a label's template, raw. Each placeholder reads in words there, on
    the removal page and in what the removal says; the form says a label may use them."""
    officer.matching.rules["c1-share"] = dict(PLACEHELD)
    worded = "SCO 2026: at most 40% of each programme's seats to each sending country"
    page = await officer.get("/officer/cycles/c1/quota-rules")
    card = re.search(r'<li class="card" id="rule-c1-share">.*?</li>', page.text, re.S).group(0)
    assert worded in text_of(card) and "{" not in text_of(card)
    confirm = await officer.get("/officer/quota-rules/c1-share/remove")
    said = text_of(re.search(r'<section class="panel warn-panel".*?</section>', confirm.text, re.S).group(0))
    assert worded in said and "{" not in said
    # a placeholder of a dimension the rule's scope names reads as its values
    officer.matching.rules["c1-share"]["scope"] = {"sending_country": ["PK"]}
    confirm = await officer.get("/officer/quota-rules/c1-share/remove")
    assert "seats to Pakistan" in text_of(confirm.text)
    # in the label's own language, whatever the page's: an English label on a Chinese page had
    # read "at most 40% of 每个项目's seats to 每个派出国"
    await officer.get("/language/zh?next=/officer")
    officer.matching.rules["c1-share"]["scope"] = {}
    page = await officer.get("/officer/cycles/c1/quota-rules")
    card = text_of(re.search(r'<li class="card" id="rule-c1-share">.*?</li>', page.text, re.S).group(0))
    assert worded in card and f"of {translate('zh', 'each programme')}'s" not in card
    officer.matching.rules["c1-share"]["scope"] = {"sending_country": ["PK"]}  # its values too
    page = await officer.get("/officer/cycles/c1/quota-rules")
    card = text_of(re.search(r'<li class="card" id="rule-c1-share">.*?</li>', page.text, re.S).group(0))
    assert "seats to Pakistan" in card
    officer.matching.rules["c1-share"]["scope"] = {}
    # a label typed in Russian reads Russian words on any page
    officer.matching.rules["c1-share"]["label"] = "Не более 40 % мест {programme} — {sending_country}"
    await officer.get("/language/en?next=/officer")
    page = await officer.get("/officer/cycles/c1/quota-rules")
    card = text_of(re.search(r'<li class="card" id="rule-c1-share">.*?</li>', page.text, re.S).group(0))
    assert f"мест {translate('ru', 'each programme')} — {translate('ru', 'each sending country')}" in card
    removed = await officer.post("/officer/quota-rules/c1-share/remove", data={"csrf": csrf_of(page.text)})
    listed = text_of((await officer.get(removed.headers["location"])).text)
    assert translate("ru", "each programme") in listed and "{programme}" not in listed
    form = await officer.get("/officer/cycles/c1/quota-rules/new")
    assert "{programme}" in unescape(re.search(r'<p class="hint" id="h-label">(.*?)</p>', form.text, re.S).group(1))


async def test_a_form_without_its_token_is_refused(officer):
    r = await officer.post("/officer/cycles/c1/quota-rules/new", data={"csrf": "forged", "label": "x"})
    assert r.status_code == 403 and "out of date" in r.text and officer.matching.posted == []
    r = await officer.post("/officer/quota-rules/c1-kz-cap/remove", data={"cycle_id": "c1"})
    assert r.status_code == 403 and officer.matching.deleted == []


@pytest.mark.parametrize(
    "method, address",
    [
        ("GET", "/officer/cycles/c1/quota-rules"),
        ("GET", "/officer/cycles/c1/quota-rules/new"),
        ("POST", "/officer/cycles/c1/quota-rules/new"),
        ("GET", "/officer/quota-rules/c1-kz-cap/edit"),
        ("POST", "/officer/quota-rules/c1-kz-cap/edit"),
        ("GET", "/officer/quota-rules/c1-kz-cap/remove"),
        ("POST", "/officer/quota-rules/c1-kz-cap/remove"),
    ],
)
async def test_an_officer_outside_the_scheme_gets_the_services_403(officer, method, address):
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    form = form_of(page.text, label="KZ cap", max_count="3", cycle_id="c1")
    officer.matching.outside = True
    await officer.get("/language/ru?next=/officer")
    r = await officer.request(method, address, data=form if method == "POST" else None)
    assert r.status_code == 403, r.text
    assert translate("ru", "Not allowed") in r.text
    assert translate("ru", "This is outside the schemes and institutions you manage.") in r.text
    assert officer.matching.posted == [] and officer.matching.deleted == []


async def test_an_applicant_is_not_let_in(officer):
    page = await officer.get("/officer")
    await officer.post("/logout", data={"csrf": csrf_of(page.text)})
    await log_in_as(officer, "applicant")
    r = await officer.get("/officer/cycles/c1/quota-rules")
    assert r.status_code == 403 and "This page is not available to your account." in r.text


async def log_in_as(client, role: str) -> None:
    client.fake.role = role
    await log_in(client)


# --- every page in every language ---------------------------------------------------------------------

# what the pages show as it is: ids, codes, the cycle's name
NOT_WORDS = {"sco", "quota", "third", "cap", "kz", "pk", "uz", "med", "rail"}


def english_left(page: str) -> list[str]:
    """Words of three or more Latin letters on the page's main part (text, a title or a label)
    that are not the catalog's own ids and names."""
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    attributes = " ".join(re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', main))
    shown = text_of(page) + " " + unescape(attributes)
    shown = re.sub(r"\{\w+\}", " ", shown)  # a label's placeholders, as typed in a label: not words
    words = set(re.findall(r"[A-Za-z]{3,}", shown))
    return sorted(w for w in words if w.casefold() not in NOT_WORDS)


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
async def test_every_page_reads_in_the_officers_language(officer, lang):
    matching = officer.matching
    matching.rules["c1-kz-cap"]["label"] = "SCO 2026 · 30"
    matching.rules["c1-third"]["label"] = "SCO ⅓"
    await officer.get(f"/language/{lang}?next=/officer")
    pages = {
        "list": await officer.get("/officer/cycles/c1/quota-rules"),
        "new": await officer.get("/officer/cycles/c1/quota-rules/new"),
        "edit": await officer.get("/officer/quota-rules/c1-third/edit"),
        "remove": await officer.get("/officer/quota-rules/c1-kz-cap/remove"),
    }
    new = pages["new"].text
    pages["refused"] = await officer.post(
        "/officer/cycles/c1/quota-rules/new", data=form_of(new, id="X", label="", limit="share", share_percent="x")
    )
    matching.problems = [
        {"severity": "error", "field": "scope.sending_country", "code": "quota.unknown_scope_value",
         "reason": "unknown sending country 'TM'"},
        {"severity": "warning", "field": "max_count", "code": "quota.cap_zero", "reason": "a cap of 0"},
        {"severity": "warning", "field": "scope", "code": "quota.duplicate_rule", "reason": "duplicates rule 'c1-kz-cap'"},
    ]  # fmt: skip
    pages["checked"] = await officer.post(
        "/officer/cycles/c1/quota-rules/new", data=form_of(new, label="SCO · 0", max_count="0", action="check")
    )
    matching.refusal = problem(409, ("id", "catalog.id_taken", "id 'c1-quota-1' is already used by a programme"))
    pages["taken"] = await officer.post("/officer/cycles/c1/quota-rules/new", data=form_of(new, label="SCO · 0", max_count="3"))  # fmt: skip
    matching.refusal, matching.warnings = None, [{"severity": "warning", "field": "max_count", "code": "quota.cap_zero", "reason": "0"}]  # fmt: skip
    saved = await officer.post("/officer/cycles/c1/quota-rules/new", data=form_of(new, label="SCO · 0", max_count="0"))
    pages["saved"] = await officer.get(saved.headers["location"])
    assert [p.status_code for p in pages.values()] == [200, 200, 200, 200, 422, 200, 409, 200]
    for name, page in pages.items():
        assert f'<html lang="{lang}"' in page.text
        assert english_left(page.text) == [], (name, english_left(page.text))
    assert translate(lang, "Saved, with a warning: {reason}", reason="") in pages["saved"].text
    assert ('dir="rtl"' in pages["list"].text) == (lang == "ur")


def cap(programme: str, country: str, limit: int, seats: int) -> dict:
    scope = {"cycle": ["c1"], "programme": [programme], "sending_country": [country]}
    return {"cap_id": f"r[programme={programme},sending_country={country}]", "label": "x", "cap": limit,
            "seats": seats, "programmes": 1, "scope": scope}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_check_says_what_a_share_comes_to_for_each_country_and_programme(officer, lang):
    """Check said what was wrong with a rule, not what it allows: "40 % of each programme's
    seats to one country" gave a programme of 4 seats 1 place, which nobody could see."""
    officer.matching.caps = [cap("p-med", "KZ", 4, 10), cap("p-rail", "PK", 1, 4)]
    officer.matching.caps_total = 6
    await officer.get(f"/language/{lang}?next=/officer")
    page = await officer.get("/officer/cycles/c1/quota-rules/new")
    form = form_of(page.text, label="40% each", limit="share", share_percent="40",
                   action="check", **{"per[]": ["programme", "sending_country"]})  # fmt: skip
    checked = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert checked.status_code == 200, checked.text
    assert officer.matching.posted == [] and officer.matching.put == []
    ((rule, limit),) = officer.matching.previewed
    assert rule == officer.matching.validated[0] and limit == "50"  # the rule checked, a page of it
    table = re.search(r'<table class="table" id="caps-made".*?</table>', checked.text, re.S).group(0)
    rows = [text_of(row) for row in re.findall(r"<tr><td>.*?</tr>", table, re.S)]
    t = lambda key: translate(lang, key)  # noqa: E731
    medicine = {"en": "Clinical Medicine", "zh": "临床医学", "ru": "Клиническая медицина", "ur": "کلینیکل میڈیسن"}
    assert medicine[lang] in rows[0] and country_name(lang, "KZ") in rows[0]
    assert re.search(r"<strong>4</strong></td><td class=\"num\">10</td>", table)
    more = text_of(re.search(r'<p class="muted" id="caps-more">.*?</p>', checked.text, re.S).group(0))
    assert more == t("The first {shown} of {total}.").format(shown=2, total=6)
    assert t("A share is taken of the seats in scope and rounded down.") in checked.text

    # a rule with an error: nothing to size, the preview is not asked
    officer.matching.problems = [{"severity": "error", "field": "scope", "code": "quota.covers_nothing",
                                  "reason": "the rule covers no programme of the catalog"}]  # fmt: skip
    refused = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert len(officer.matching.previewed) == 1 and 'id="caps-made"' not in refused.text
    # no programme in scope: said, not an empty table
    officer.matching.problems, officer.matching.caps, officer.matching.caps_total = [], [], None
    empty = await officer.post("/officer/cycles/c1/quota-rules/new", data=form)
    assert t("The rule makes no cap now: no programme of the cycle is in its scope.") in empty.text


def test_a_text_too_long_says_its_limit_when_the_service_gives_it():
    """ "This is too long." left the limit to guess."""
    from services.portal.domain.problems import message_for

    said = message_for("string_too_long", "String should have at most 100 characters", {"max_length": 100})
    assert translate("ru", said) == "Слишком длинно: не более 100 символов."
    assert (
        translate("en", message_for("string_too_long", "String should have at most 100 characters"))
        == "This is too long."
    )
