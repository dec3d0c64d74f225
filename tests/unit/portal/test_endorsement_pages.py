"""Endorsement by the home institution in the portal (issue 14) over fake services, in every
language: the coordinator's lists and table (sort, filter, search and page passed on; endorse
one, not endorse one with a reason, endorse the ticked ones as a named cohort; the service's
refusals said on the page), an officer reading it, the applicant's home institution field and
where the application stands, and the two mends of the nominator's page (a nominee the host
did not admit; a rank given twice). The fake matching service answers the shapes of the brief."""

from __future__ import annotations

import json
import re
import string
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from markupsafe import escape

from services.portal.app import create_app
from services.portal.domain.award import Mark, duplicate_ranks, marks_from_form
from services.portal.domain.endorsement import endorsement_of, refusal_fields, request_of, view_of
from services.portal.domain.problems import BY_CODE, BY_ENDING
from services.portal.endorsement_words import ENDORSEMENT_WORDS
from services.portal.i18n import language_name, translate
from services.portal.settings import Settings
from tests.unit.portal.test_pages_with_fake_services import APPLICATION, CYCLE, ME, PROGRAMME, csrf_of, token_for

LANGS = ["en", "zh", "ru", "ur"]
KEMU = "King Edward Medical University"
SCHEME = {"id": "pk-kz-med", "name": "PK–KZ medical exchange", "path": ["endorsement", "matching", "review"]}
MCYCLE = {"id": "c1", "scheme_id": "pk-kz-med", "name": "PK–KZ exchange 2027"}


def words(lang: str, key: str, **params: Any) -> str:
    """The words as the page writes them (escaped as Jinja escapes them)."""
    return str(escape(translate(lang, key, **params)))


def candidate(app_id: str, name: str, grade: float, applicant_type: str = "student") -> dict[str, Any]:
    return {
        "application_id": app_id,
        "applicant_id": "u-" + app_id,
        "applicant_name": name,
        "applicant_type": applicant_type,
        "grade": grade,
        "language_certificates": [],
        "choices": ["p1"],
        "held_documents": ["transcript"],
        "state": None,
        "reason": None,
        "cohort": None,
        "version": 0,
        "received_at": "2026-11-01T10:00:00+00:00",
        "decided_at": None,
    }


def problem(status: int, code: str, field: str, reason: str, **context: Any) -> httpx.Response:
    body = {
        "status": status,
        "code": code,
        "detail": reason,
        "errors": [{"field": field, "reason": reason, "code": code, **context}],
    }
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


class FakeMatching:
    def __init__(self) -> None:
        self.candidates = [
            candidate("a1", "Bilal Ahmed", 88),
            {**candidate("a2", "Ayesha Khan", 92), "messages_language": "ur"},
            candidate("a3", "Sana Iqbal", 79, "faculty"),
        ]
        self.puts: list[dict[str, Any]] = []
        self.queries: list[dict[str, list[str]]] = []
        self.refuse_put: httpx.Response | None = None
        self.open = True
        self.institution_queries: list[dict[str, list[str]]] = []

    def summary(self) -> dict[str, Any]:
        count = {s: sum(1 for c in self.candidates if c["state"] == s) for s in ("endorsed", "not_endorsed")}
        return {
            "cycle_id": "c1",
            "scheme_id": "pk-kz-med",
            "home_institution_id": "kemu",
            "institution": KEMU,
            **count,
            "undecided": sum(1 for c in self.candidates if c["state"] is None),
            "closes_at": "2099-03-31T00:00:00+00:00",
            "open": self.open,
            "endorsers": getattr(self, "endorsers", 1),
        }

    def put(self, body: dict[str, Any]) -> httpx.Response:
        self.puts.append(body)
        if self.refuse_put is not None:
            return self.refuse_put
        by_id = {c["application_id"]: c for c in self.candidates}
        for d in body["decisions"]:
            endorsed = d["state"] == "endorsed"
            by_id[d["application_id"]].update(
                state=d["state"], reason=None if endorsed else d["reason"], cohort=body["cohort"] if endorsed else None
            )
        return httpx.Response(200, json=self.summary())

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        q = parse_qs(request.url.query.decode())
        if (method, path) == ("GET", "/schemes"):
            direct = {"id": "cgs", "name": "CGS", "path": []}
            return httpx.Response(200, json={"items": [SCHEME, direct], "total": 2})
        if (method, path) == ("GET", "/schemes/pk-kz-med"):
            return httpx.Response(200, json=SCHEME)
        if (method, path) == ("GET", "/cycles"):
            self.cycle_queries = [*getattr(self, "cycle_queries", []), dict(request.url.params)]
            other = {"id": "c9", "scheme_id": "cgs", "name": "CGS 2027"}
            return httpx.Response(200, json={"items": [MCYCLE, other], "total": 2})
        if (method, path) == ("GET", "/cycles/c1"):
            return httpx.Response(200, json=MCYCLE)
        if (method, path) == ("GET", "/schemes/pk-kz-med/endorsing-institutions") and hasattr(self, "endorsing"):
            return httpx.Response(200, json=self.endorsing)
        if (method, path) == ("GET", "/cycles/c1/endorsements"):
            return httpx.Response(200, json=[self.summary()])
        if (method, path) == ("GET", "/cycles/c1/endorsements/kemu"):
            return httpx.Response(200, json=self.summary())
        if (method, path) == ("PUT", "/cycles/c1/endorsements/kemu"):
            return self.put(json.loads(request.content))
        if (method, path) == ("GET", "/cycles/c1/endorsements/kemu/candidates"):
            self.queries.append(q)
            items = self.candidates
            if q.get("q"):
                items = [c for c in items if q["q"][0].lower() in c["applicant_name"].lower()]
            if q.get("state"):
                items = [c for c in items if (c["state"] or "undecided") == q["state"][0]]
            offset, limit = int(q.get("offset", ["0"])[0]), int(q.get("limit", ["50"])[0])
            return httpx.Response(200, json={"items": items[offset : offset + limit], "total": len(items)})
        if (method, path) == ("GET", "/programmes"):
            return httpx.Response(200, json={"items": [PROGRAMME], "total": 1})
        if (method, path) == ("GET", "/institutions"):
            self.institution_queries.append(q)
            pk = [
                {"id": "kemu", "name": KEMU, "country": "PK"},
                {"id": "aku", "name": "Aga Khan University", "country": "PK"},
            ]
            return httpx.Response(200, json={"items": pk if q.get("country") == ["PK"] else [], "total": 2})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


class FakeApplications:
    def __init__(self, role: str) -> None:
        self.role = role
        self.application: dict[str, Any] = {
            **APPLICATION,
            "scheme_id": "pk-kz-med",
            "sending_country": "PK",
            "home_institution_id": None,
            "home_institution_name": None,
            "endorsement": None,
            "nomination": None,
            "admission": None,
        }
        self.patches: list[dict[str, Any]] = []
        self.submits = 0
        self.refuse_patch: httpx.Response | None = None
        self.not_admitted: list[dict[str, Any]] = []
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        self.paths.append(f"{method} {path}")
        if (method, path) == ("POST", "/auth/token"):
            return httpx.Response(200, json={"access_token": token_for(self.role), "role": self.role})
        if (method, path) == ("GET", "/me"):
            return httpx.Response(200, json={**ME, "nationality": "PK", **getattr(self, "me_more", {})})
        if (method, path) == ("GET", "/applications"):
            items = [self.application, *getattr(self, "others", [])]
            return httpx.Response(200, json={"items": items, "total": len(items)})
        if (method, path) == ("GET", "/applications/a1"):
            return httpx.Response(200, json=self.application)
        if (method, path) == ("PATCH", "/applications/a1"):
            body = json.loads(request.content)
            self.patches.append(body)
            if self.refuse_patch is not None:
                return self.refuse_patch
            self.application.update(body)
            return httpx.Response(200, json=self.application)
        if (method, path) == ("POST", "/applications/a1/submit"):
            self.submits += 1
            self.application["status"] = "submitted"
            return httpx.Response(200, json=self.application)
        if (method, path) == ("GET", "/cycles"):
            return httpx.Response(200, json={"items": [{**CYCLE, "scheme_id": "pk-kz-med"}], "total": 1})
        if (method, path) == ("GET", "/cycles/c1"):
            return httpx.Response(200, json={**CYCLE, "scheme_id": "pk-kz-med"})
        if (method, path) == ("GET", "/programmes"):
            return httpx.Response(200, json={"items": [PROGRAMME], "total": 1})
        if (method, path) == ("GET", "/applications/a1/eligibility"):
            return httpx.Response(200, json={"eligible": True, "choices": []})
        if (method, path) in (("GET", "/applications/a1/referees"), ("GET", "/applications/a1/documents")):
            return httpx.Response(200, json=[])
        if (method, path) == ("GET", "/officer/applications"):
            q = parse_qs(request.url.query.decode())
            items = self.not_admitted if q.get("status") == ["not_admitted"] else []
            return httpx.Response(200, json={"items": items, "total": len(items)})
        if (method, path) == ("GET", "/officer/applications/a1"):
            officer_read = {**self.application, "status": "submitted", "history": [], "applicant_name": "Bilal Ahmed"}
            return httpx.Response(200, json=officer_read)
        if (method, path) == ("GET", "/officer/applications/a1/referees"):
            return httpx.Response(200, json=[])
        if (method, path) == ("GET", "/officer/applications/a1/documents"):
            return httpx.Response(200, json=[])
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


class Portal:
    def __init__(self, client: httpx.AsyncClient, apps: FakeApplications, matching: FakeMatching, cm: Any):
        self.client, self.apps, self.matching, self.cm = client, apps, matching, cm
        self.home = ""


@pytest.fixture
async def portal_as():
    opened: list[Portal] = []

    async def open_as(role: str, lang: str = "en", matching: Any = None) -> Portal:
        apps, matching = FakeApplications(role), matching or FakeMatching()
        app = create_app(Settings(session_secret="unit-test-secret"))
        cm = app.router.lifespan_context(app)
        await cm.__aenter__()
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(transport=httpx.MockTransport(apps), base_url="http://a")
        await services.matching.http.aclose()
        services.matching.http = httpx.AsyncClient(transport=httpx.MockTransport(matching), base_url="http://m")
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal")
        p = Portal(client, apps, matching, cm)
        opened.append(p)
        await client.get(f"/language/{lang}?next=/")
        page = await client.get("/login")
        r = await client.post("/login", data={"csrf": csrf_of(page.text), "email": "x@y.org", "password": "x" * 12})
        assert r.status_code == 303, r.text
        p.home = r.headers["location"]
        return p

    yield open_as
    for p in opened:
        await p.client.aclose()
        await p.cm.__aexit__(None, None, None)


def row_of(html: str, app_id: str) -> str:
    return html.split(f'id="row-{app_id}"', 1)[1].split("</tr>", 1)[0]


# --- pure -----------------------------------------------------------------------------------


def test_the_view_comes_from_the_address_and_unknown_values_read_as_defaults():
    assert view_of({"sort": "grade", "order": "desc", "state": "not_endorsed", "q": " ay ", "offset": "50"}) == {
        "sort": "grade",
        "order": "desc",
        "state": "not_endorsed",
        "q": "ay",
        "offset": 50,
    }
    assert view_of({"sort": "evil", "order": "x", "state": "nominated", "offset": "-1"}) == {
        "sort": "name",
        "order": "asc",
        "state": "",
        "q": "",
        "offset": 0,
    }


def test_a_reason_typed_before_endorse_is_not_lost_without_a_word():
    """A coordinator typed a note for the applicant, then pressed "Endorse": an endorsement
    carries no reason, and the note was dropped silently. It is said instead; the reason an
    earlier refusal left in the box does not stop the change of mind."""
    from services.portal.domain.endorsement import REASON_NOT_SENT

    shown = ["a1", "a2"]
    typed = request_of(
        {"shown[]": shown, "action": "endorse:a1", "reason.a1": "Strong record; replace the certificate"}
    )
    assert typed.body is None and typed.errors == {"row.a1": REASON_NOT_SENT}
    bulk = request_of({"shown[]": shown, "selected[]": ["a1", "a2"], "action": "selected", "reason.a2": "Note"})
    assert bulk.body is None and bulk.errors == {"row.a2": REASON_NOT_SENT}
    earlier = {"reason.a1": "Grade too low", "reason_was.a1": "Grade too low"}
    again = request_of({"shown[]": shown, "action": "endorse:a1", **earlier})
    assert again.errors == {} and again.body["decisions"][0]["state"] == "endorsed"


def test_each_decision_carries_the_row_as_the_page_showed_it_and_a_long_reason_is_said():
    """The service refuses a decision made on a row a colleague has decided since (a stale
    page had reversed it without a word); a reason over 1,000 characters had been cut unseen."""
    from services.portal.domain.endorsement import LONG_REASON

    shown = ["a1", "a2"]
    seen = {"was.a1": "endorsed", "was.a2": ""}
    one = request_of({"shown[]": shown, "action": "not_endorse:a1", "reason.a1": "No grades", **seen})
    assert one.body["decisions"] == [
        {"application_id": "a1", "state": "not_endorsed", "reason": "No grades", "was": "endorsed"}
    ]
    bulk = request_of({"shown[]": shown, "selected[]": ["a2"], "action": "selected", **seen})
    assert bulk.body["decisions"][0]["was"] == ""
    forged = request_of({"shown[]": shown, "action": "endorse:a2", "was.a2": "anything"})
    assert "was" not in forged.body["decisions"][0]
    long = request_of({"shown[]": shown, "action": "not_endorse:a1", "reason.a1": "x" * 1001})
    assert long.body is None and long.errors == {"row.a1": LONG_REASON}


def test_the_request_of_each_button():
    shown = ["a1", "a2", "a3"]
    one = request_of({"shown[]": shown, "action": "endorse:a2", "cohort.a2": "Group A"})
    assert one.body == {
        "decisions": [{"application_id": "a2", "state": "endorsed", "reason": None}],
        "cohort": "Group A",
    }
    assert request_of({"shown[]": shown, "action": "not_endorse:a1", "reason.a1": "  "}).errors == {
        "row.a1": "Enter a reason for the applicant."
    }
    refused = request_of({"shown[]": shown, "action": "not_endorse:a1", "reason.a1": " Grade too low "})
    assert refused.body == {
        "decisions": [{"application_id": "a1", "state": "not_endorsed", "reason": "Grade too low"}],
        "cohort": None,
    }
    # a cohort needs a name and at least one ticked applicant (only those shown on the page)
    assert request_of({"shown[]": shown, "action": "cohort", "cohort": ""}).errors == {
        "selected": "Select at least one applicant.",
        "cohort": "Enter a name for the cohort.",
    }
    assert request_of({"shown[]": shown, "selected[]": ["a1"], "action": "cohort", "cohort": "x" * 201}).errors == {
        "cohort": "A cohort's name is at most 200 characters."
    }
    cohort = request_of(
        {"shown[]": shown, "selected[]": ["a1", "a3", "zz", "a1"], "action": "cohort", "cohort": " Luban 2027 "}
    )
    assert cohort.body == {
        "decisions": [
            {"application_id": "a1", "state": "endorsed", "reason": None},
            {"application_id": "a3", "state": "endorsed", "reason": None},
        ],
        "cohort": "Luban 2027",
    }
    assert cohort.done.params == {"cohort": "Luban 2027"}
    plain = request_of({"shown[]": shown, "selected[]": "a2", "action": "selected", "cohort": "ignored"})
    assert plain.body == {"decisions": [{"application_id": "a2", "state": "endorsed", "reason": None}], "cohort": None}
    assert request_of({"shown[]": shown, "action": "endorse:zz"}).body is None  # not on the page


def test_the_services_problems_go_to_their_rows():
    body = {"decisions": [{"application_id": "a1"}, {"application_id": "a3"}], "cohort": "c"}
    found = refusal_fields(
        [("decisions.1.application_id", "late"), ("cycle_id", "closed"), ("decisions.9.application_id", "odd")], body
    )
    assert found == {"row.a3": "late", "list": "closed"}


@pytest.mark.parametrize(
    "application,kind",
    [
        ({"status": "submitted", "home_institution_id": "kemu"}, "with_institution"),
        ({"status": "endorsed", "endorsement": {"state": "endorsed", "institution": KEMU, "cohort": "G1"}}, "endorsed"),
        ({"status": "not_endorsed", "endorsement": {"state": "not_endorsed", "reason": "r"}}, "not_endorsed"),
        ({"status": "nominated", "endorsement": {"state": "endorsed", "institution": KEMU}}, "endorsed"),
        ({"status": "draft", "home_institution_id": "kemu"}, None),
    ],
)
def test_where_the_endorsement_stands(application, kind):
    found = endorsement_of(application, SCHEME, {"kemu": KEMU})
    assert (found.kind if found else None) == kind
    if found:
        assert found.institution == KEMU or kind == "not_endorsed"
    # a scheme without an endorsement stage: submitted is just submitted
    assert endorsement_of({"status": "submitted", "home_institution_id": "kemu"}, {"path": []}, {}) is None


@pytest.mark.parametrize(
    ("status", "current"),
    [("endorsed", True), ("under_review", False), ("offered", False), ("declined", False), ("withdrawn", False)],
)
def test_an_endorsement_is_the_applications_stage_only_until_a_later_one_moves_it_on(status, current):
    found = endorsement_of({"status": status, "endorsement": {"state": "endorsed"}}, SCHEME, {})
    assert found is not None and found.kind == "endorsed" and found.current is current


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("status", ["offered", "declined"])
async def test_after_the_offer_the_home_institution_box_no_longer_says_the_application_goes_on(portal_as, lang, status):
    """Offered, and even after declining, the box still said «Одобрено … Ваша заявка переходит
    на следующий этап программы.» beside the status "declined". The endorsement stays as what
    happened; the next-stage sentence goes with the stage."""
    p = await portal_as("applicant", lang)
    p.apps.application.update(
        status="endorsed", home_institution_id="kemu", endorsement={"state": "endorsed", "institution": KEMU}
    )
    page = await p.client.get("/applications/a1")
    assert 'id="endorsement-next"' in page.text and "endorsement-past" not in page.text
    p.apps.application.update(status=status)
    page = await p.client.get("/applications/a1")
    panel = re.search(
        r'<section class="panel where endorsement-endorsed endorsement-past".*?</section>', page.text, re.S
    )
    assert panel and words(lang, "Endorsed by {institution}", institution=KEMU) in panel.group(0)
    assert words(lang, "Your application goes on to the next stage of the scheme.") not in page.text
    assert words(lang, f"status:{status}") in page.text


def test_a_rank_given_twice_on_one_list_is_refused_at_each_row():
    marks = {"a": Mark("nominated", 1), "b": Mark("nominated", 1), "c": Mark("reserve", 1), "d": Mark("nominated", 2)}
    assert set(duplicate_ranks(marks)) == {"rank.a", "rank.b"}
    assert duplicate_ranks(marks)["rank.a"].params == {"rank": 1}
    # a candidate of another page keeps its place: its rank counts too
    pool = [{"application_id": "z", "state": "nominated", "position": 2}, {"application_id": "a", "state": None}]
    assert set(duplicate_ranks(marks, pool)) == {"rank.a", "rank.b", "rank.d"}
    _marks, problems = marks_from_form(
        {"state.a": "reserve", "rank.a": "3", "state.b": "reserve", "rank.b": "3"}, ["a", "b"]
    )
    assert set(problems) == {"rank.a", "rank.b"}


def test_every_new_word_is_in_four_languages_with_the_same_placeholders():
    fields = string.Formatter()
    for key, texts in ENDORSEMENT_WORDS.items():
        assert set(texts) == set(LANGS), key
        wanted = {n for _t, n, _s, _c in fields.parse(texts["en"]) if n}
        for lang in LANGS:
            assert texts[lang].strip(), (key, lang)
            assert {n for _t, n, _s, _c in fields.parse(texts[lang]) if n} == wanted, (key, lang)
            if lang != "en" and key not in ("applicant:student",):
                assert texts[lang] != texts["en"], (key, lang)
    sentences = [v for k, v in BY_CODE.items() if k.startswith("endorsement.")]
    sentences += [v for k, v in BY_ENDING.items() if "home_institution" in k]
    assert len(sentences) >= 6
    for sentence in sentences:
        for lang in LANGS[1:]:
            assert translate(lang, sentence) != sentence, (sentence, lang)
    for status in ("endorsed", "not_endorsed"):
        assert translate("ur", f"status:{status}") != status


# --- the coordinator ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_coordinator_lands_on_its_lists_and_endorses_one_and_not_another(portal_as, lang):
    p = await portal_as("coordinator", lang)
    assert p.home == "/endorsements"
    home = await p.client.get("/endorsements")
    assert home.status_code == 200, home.text[:800]
    assert p.matching.cycle_queries[-1]["archived"] == "false"  # the cycles in use, not the archived
    row = re.search(r'<tr id="list-c1-kemu">(.*?)</tr>', home.text, re.S).group(1)
    assert (
        KEMU in row
        and 'href="/endorsements/c1/kemu"' in row
        and "CGS 2027" not in home.text
        and "/c9/" not in home.text
    )
    assert re.search(r'class="count-undecided"><bdi dir="ltr">3<', row)
    assert words(lang, "Endorsements") in home.text and 'href="/officer"' not in home.text

    page = await p.client.get("/endorsements/c1/kemu")
    assert page.status_code == 200, page.text[:800]
    for key in ("Endorse", "Do not endorse", "Endorse selected as a cohort", "Cohort name", "endorsement:undecided"):
        assert words(lang, key) in page.text, key
    assert words(lang, "applicant:faculty") in row_of(page.text, "a3")
    assert words(lang, "doc:transcript") in row_of(page.text, "a1")
    # a reason reaches the applicant as written: the row says which language they read (when known)
    reads = str(escape(translate(lang, "Reads messages in {language}.", language=language_name(lang, "ur"))))
    assert reads in row_of(page.text, "a2") and 'id="reads-a2"' in row_of(page.text, "a2")
    assert 'id="reads-a1"' not in row_of(page.text, "a1")
    # documents and letters, with the way back to this table
    assert 'href="/officer/applications/a1/documents?back=%2Fendorsements%2Fc1%2Fkemu' in row_of(page.text, "a1")
    if lang != "en":
        assert "Endorse selected as a cohort" not in page.text

    # endorse Ayesha
    r = await p.client.post(
        "/endorsements/c1/kemu",
        data={"csrf": csrf_of(page.text), "shown[]": ["a1", "a2", "a3"], "action": "endorse:a2"},
    )
    assert r.status_code == 303 and r.headers["location"] == "/endorsements/c1/kemu"
    assert p.matching.puts[-1] == {
        "decisions": [{"application_id": "a2", "state": "endorsed", "reason": None}],
        "cohort": None,
    }
    after = await p.client.get(r.headers["location"])
    assert words(lang, "The applicant was endorsed.") in after.text
    assert 'id="row-a2" data-state="endorsed"' in after.text
    # endorsed: no "Endorse" again beside it (it offered one), "Do not endorse" stays
    assert 'value="endorse:a2"' not in row_of(after.text, "a2") and 'value="not_endorse:a2"' in row_of(after.text, "a2")

    # not endorsing Bilal needs a reason for him: nothing is sent without one
    form = {"csrf": csrf_of(after.text), "shown[]": ["a1", "a2", "a3"], "action": "not_endorse:a1", "reason.a1": ""}
    r = await p.client.post("/endorsements/c1/kemu", data=form)
    assert r.status_code == 422 and len(p.matching.puts) == 1
    assert words(lang, "Enter a reason for the applicant.") in row_of(r.text, "a1")
    r = await p.client.post("/endorsements/c1/kemu", data={**form, "reason.a1": "Grade below our cut-off"})
    assert r.status_code == 303
    assert p.matching.puts[-1]["decisions"] == [
        {"application_id": "a1", "state": "not_endorsed", "reason": "Grade below our cut-off"}
    ]
    after = await p.client.get(r.headers["location"])
    assert words(lang, "endorsement:not_endorsed") in row_of(after.text, "a1")
    assert 'value="Grade below our cut-off"' in row_of(after.text, "a1")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_cohort_needs_a_name_and_a_selection_then_is_endorsed_at_once(portal_as, lang):
    p = await portal_as("coordinator", lang)
    page = await p.client.get("/endorsements/c1/kemu?sort=grade&order=desc")
    base = {"csrf": csrf_of(page.text), "shown[]": ["a1", "a2", "a3"], "action": "cohort"}
    r = await p.client.post("/endorsements/c1/kemu?sort=grade&order=desc", data={**base, "cohort": "Luban 2027"})
    assert r.status_code == 422 and p.matching.puts == []
    assert words(lang, "Select at least one applicant.") in r.text
    r = await p.client.post("/endorsements/c1/kemu", data={**base, "selected[]": ["a1", "a3"], "cohort": " "})
    assert r.status_code == 422 and p.matching.puts == []
    summary = re.search(r'id="error-summary">(.*?)</div>', r.text, re.S).group(1)
    assert words(lang, "Enter a name for the cohort.") in summary and 'href="#f-cohort"' in summary
    assert re.search(r'id="f-select-a1"\s+checked', r.text) and not re.search(r'id="f-select-a2"\s+checked', r.text)

    r = await p.client.post(
        "/endorsements/c1/kemu?sort=grade&order=desc",
        data={**base, "selected[]": ["a1", "a3"], "cohort": "Luban Workshop 2027"},
    )
    assert r.status_code == 303 and r.headers["location"] == "/endorsements/c1/kemu?sort=grade&order=desc"
    assert p.matching.puts[-1] == {
        "decisions": [
            {"application_id": "a1", "state": "endorsed", "reason": None},
            {"application_id": "a3", "state": "endorsed", "reason": None},
        ],
        "cohort": "Luban Workshop 2027",
    }
    after = await p.client.get(r.headers["location"])
    done = words(lang, "The selected applicants were endorsed as the cohort {cohort}.", cohort="Luban Workshop 2027")
    assert done in after.text
    assert "Luban Workshop 2027" in row_of(after.text, "a3") and "Luban Workshop 2027" not in row_of(after.text, "a2")
    # endorsing a cohort member again alone keeps its cohort
    await p.client.post(
        "/endorsements/c1/kemu",
        data={
            "csrf": csrf_of(after.text),
            "shown[]": ["a1"],
            "action": "endorse:a1",
            "cohort.a1": "Luban Workshop 2027",
        },
    )
    assert p.matching.puts[-1]["cohort"] == "Luban Workshop 2027"
    assert 'name="cohort.a1" value="Luban Workshop 2027"' in after.text


async def test_sort_filter_search_and_page_go_to_the_service(portal_as):
    p = await portal_as("coordinator")
    page = await p.client.get("/endorsements/c1/kemu?sort=grade&order=desc&state=undecided&q=ayesha&offset=0")
    assert page.status_code == 200
    q = p.matching.queries[-1]
    assert q["sort"] == ["grade"] and q["order"] == ["desc"] and q["state"] == ["undecided"] and q["q"] == ["ayesha"]
    assert q["limit"] == ["50"]
    assert re.findall(r'<tr id="row-(a\d)"', page.text) == ["a2"]
    assert re.search(r'aria-sort="descending">\s*<a href="[^"]*sort=grade', page.text)
    # the state column sorts too; a click on the sorted column turns the order
    assert (
        'href="/endorsements/c1/kemu?sort=grade&amp;order=asc&amp;state=undecided&amp;q=ayesha&amp;offset=0"'
        in page.text
    )
    assert "sort=state" in page.text and "sort=received_at" in page.text
    await p.client.get("/endorsements/c1/kemu?sort=evil&state=nominated&offset=50")
    q = p.matching.queries[-1]
    assert q["sort"] == ["name"] and "state" not in q and q["offset"] == ["50"]
    page = await p.client.get("/endorsements/c1/kemu?offset=50")
    assert 'rel="prev"' in page.text and 'rel="next"' not in page.text


@pytest.mark.parametrize("lang", LANGS)
async def test_the_services_refusals_are_sentences_on_the_page(portal_as, lang):
    p = await portal_as("coordinator", lang)
    page = await p.client.get("/endorsements/c1/kemu")
    form = {"csrf": csrf_of(page.text), "shown[]": ["a1", "a2", "a3"], "action": "endorse:a2"}
    closes = "2027-03-31T00:00:00+00:00"
    p.matching.refuse_put = problem(409, "endorsement.closed", "cycle_id", "closed", closes_at=closes)
    r = await p.client.post("/endorsements/c1/kemu", data=form)
    assert r.status_code == 409 and 'id="candidates"' in r.text  # the page, not an error page
    summary = re.search(r'id="error-summary">(.*?)</div>', r.text, re.S).group(1)
    assert words(lang, "Endorsements for this cycle closed on {closes_at}.", closes_at=closes) in summary

    p.matching.refuse_put = problem(409, "endorsement.too_late", "decisions.0.application_id", "late")
    r = await p.client.post("/endorsements/c1/kemu", data=form)
    # the scheme has no nomination stage: the refusal does not say "nominated"
    late = "This application is already placed in a round: its endorsement stands."
    assert r.status_code == 409 and words(lang, late) in row_of(r.text, "a2")
    assert words(lang, BY_CODE["endorsement.too_late"]) not in r.text

    p.matching.refuse_put = problem(422, "endorsement.not_in_pool", "decisions.1.application_id", "not ours")
    r = await p.client.post(
        "/endorsements/c1/kemu", data={**form, "action": "cohort", "selected[]": ["a1", "a3"], "cohort": "G"}
    )
    wrong = "This application is not one of this institution's applicants in the cycle."
    assert r.status_code == 422 and words(lang, wrong) in row_of(r.text, "a3")
    assert words(lang, wrong) not in row_of(r.text, "a1")

    p.matching.refuse_put = problem(403, "scope.outside", "institution_id", "not yours")
    r = await p.client.post("/endorsements/c1/kemu", data=form)
    assert r.status_code == 403 and words(lang, "This is outside the schemes and institutions you manage.") in r.text


@pytest.mark.parametrize("lang", LANGS)
async def test_a_settled_row_offers_no_buttons_and_says_it_is_decided(portal_as, lang):
    matching = FakeMatching()
    matching.candidates[0].update(state="endorsed", settled=True)  # Bilal: placed in a round
    p = await portal_as("coordinator", lang, matching)
    page = await p.client.get("/endorsements/c1/kemu")
    settled, open_row = row_of(page.text, "a1"), row_of(page.text, "a2")
    for absent in ('value="endorse:a1"', 'value="not_endorse:a1"', 'name="selected[]"', 'name="reason.a1"'):
        assert absent not in settled, absent
    assert words(lang, "Decided: placed in a round.") in settled
    assert words(lang, "Decided: placed in a round or nominated.") not in settled
    assert 'value="endorse:a2"' in open_row and 'name="selected[]"' in open_row and 'name="reason.a2"' in open_row
    assert words(lang, "Decided: placed in a round.") not in open_row
    # one box selects every open row of the page (a cohort is dozens of trainees)
    assert 'data-select-all aria-label="' + words(lang, "Select all on this page") in page.text
    assert 'class="select-row"' in open_row and "select-row" not in settled


async def test_under_a_nomination_stage_the_settled_words_say_nominated(portal_as, monkeypatch):
    monkeypatch.setitem(SCHEME, "path", ["endorsement", "nomination", "matching", "review"])
    matching = FakeMatching()
    matching.candidates[1].update(state="endorsed", settled=True)
    p = await portal_as("coordinator", "ru", matching)
    page = await p.client.get("/endorsements/c1/kemu")
    assert words("ru", "Decided: placed in a round or nominated.") in row_of(page.text, "a2")
    form = {"csrf": csrf_of(page.text), "shown[]": ["a1", "a2", "a3"], "action": "endorse:a1"}
    p.matching.refuse_put = problem(409, "endorsement.too_late", "decisions.0.application_id", "late")
    r = await p.client.post("/endorsements/c1/kemu", data=form)
    late = "This application is already placed in a round or nominated: its endorsement stands."
    assert r.status_code == 409 and words("ru", late) in row_of(r.text, "a1")


async def test_after_the_deadline_the_table_is_read_only(portal_as):
    matching = FakeMatching()
    matching.open = False
    p = await portal_as("coordinator", "ru", matching)
    page = await p.client.get("/endorsements/c1/kemu")
    assert 'id="closed"' in page.text and words("ru", "Endorsements for this cycle are closed.") in page.text
    assert 'value="endorse:a1"' not in page.text and 'name="cohort"' not in page.text


async def test_an_officer_reads_the_pages_but_sets_nothing(portal_as):
    p = await portal_as("officer")
    home = await p.client.get("/officer")
    assert 'href="/endorsements"' in home.text  # in the officer's menu
    page = await p.client.get("/endorsements/c1/kemu")
    assert page.status_code == 200 and "Bilal Ahmed" in page.text and 'id="read-only"' in page.text
    assert 'value="endorse:a1"' not in page.text and 'name="selected[]"' not in page.text
    r = await p.client.post(
        "/endorsements/c1/kemu", data={"csrf": csrf_of(page.text), "shown[]": ["a1"], "action": "endorse:a1"}
    )
    assert r.status_code == 403 and p.matching.puts == []


async def test_applicants_nominators_and_hosts_cannot_open_the_pages(portal_as):
    for role in ("applicant", "nominator", "partner"):
        p = await portal_as(role)
        assert (await p.client.get("/endorsements")).status_code == 403, role
        assert (await p.client.get("/endorsements/c1/kemu")).status_code == 403, role
        assert p.matching.queries == []


async def test_the_coordinator_reaches_the_document_review_of_its_applicants(portal_as):
    p = await portal_as("coordinator")
    page = await p.client.get("/officer/applications/a1/documents")
    assert page.status_code == 200, page.text[:800]
    assert 'href="/endorsements"' in page.text and 'href="/officer/applications/a1/referees"' in page.text
    assert "GET /officer/applications/a1/documents" in p.apps.paths


@pytest.mark.parametrize("lang", LANGS)
async def test_the_documents_and_letters_pages_name_the_applicant_and_lead_back(portal_as, lang):
    p = await portal_as("coordinator", lang)
    table = await p.client.get("/endorsements/c1/kemu?sort=grade&order=desc")
    href = re.search(r'href="([^"]*)" class="documents-link"', row_of(table.text, "a1")).group(1)
    back = "/endorsements/c1/kemu?sort=grade&amp;order=desc&amp;offset=0"  # the table as it was shown
    page = await p.client.get(href.replace("&amp;", "&"))
    assert page.status_code == 200, page.text[:800]
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S).group(1)
    assert "Bilal Ahmed" in h1 and "a1" not in h1
    assert f'<bdi class="cycle-name">{escape(MCYCLE["name"])}</bdi>' in page.text  # the cycle's name, not c1
    assert f'href="{back}" id="back-link"' in page.text
    assert words(lang, "Back to the endorsement list") in page.text
    letters_href = re.search(r'href="([^"]*)" id="letters-link"', page.text).group(1)
    assert letters_href.startswith("/officer/applications/a1/referees?back=%2Fendorsements%2Fc1%2Fkemu")
    letters = await p.client.get(letters_href.replace("&amp;", "&"))
    assert letters.status_code == 200, letters.text[:800]
    assert "Bilal Ahmed" in re.search(r"<h1[^>]*>(.*?)</h1>", letters.text, re.S).group(1)
    assert f'href="{back}" id="back-link"' in letters.text
    assert 'href="/officer/applications/a1/documents?back=%2Fendorsements' in letters.text


@pytest.mark.parametrize(
    "back", ["https://evil.example/x", "//evil.example/endorsements/", "/officer", "/endorsements//x"]
)
async def test_a_way_back_leads_only_to_an_endorsement_table(portal_as, back):
    p = await portal_as("coordinator")
    page = await p.client.get("/officer/applications/a1/documents", params={"back": back})
    assert page.status_code == 200 and 'id="back-link"' not in page.text and 'href="https://evil' not in page.text
    letters = await p.client.get("/officer/applications/a1/referees", params={"back": back})
    assert letters.status_code == 200 and 'id="back-link"' not in letters.text


async def test_the_coordinator_reads_its_inbox(portal_as):
    """The stage's deadline reminders come to the coordinator's inbox (the notifications service)."""
    p = await portal_as("coordinator", "ur")
    asked: list[str] = []

    def notifications(request: httpx.Request) -> httpx.Response:
        asked.append(request.headers.get("authorization", ""))
        entry = {
            "id": 7,
            "subject": "KEMU: 3 applicants await endorsement",
            "body": "Endorsements close on 20 December.",
            "link": "/endorsements",
            "read": False,
            "created_at": "2026-12-01T10:00:00+00:00",
        }
        return httpx.Response(200, json={"items": [entry], "total": 1, "unread": 1, "offset": 0, "limit": 20})

    services = p.client._transport.app.state.services  # type: ignore[attr-defined]
    await services.notifications.http.aclose()
    services.notifications.http = httpx.AsyncClient(transport=httpx.MockTransport(notifications), base_url="http://n")
    home = await p.client.get("/endorsements")
    assert 'href="/inbox"' in home.text and words("ur", "Inbox") in home.text
    page = await p.client.get("/inbox")
    assert page.status_code == 200, page.text[:800]
    assert "3 applicants await endorsement" in page.text and asked and asked[0].startswith("Bearer ")


# --- the applicant --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_applicant_names_a_home_institution_of_its_country(portal_as, lang):
    p = await portal_as("applicant", lang)
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200, page.text[:800]
    assert p.matching.institution_queries[-1]["country"] == ["PK"]
    field = re.search(r'<div class="field[^"]*" id="home-institution-field">(.*?)</div>', page.text, re.S).group(1)
    assert words(lang, "Home institution") in field and 'aria-required="true"' in field
    assert f'<option value="kemu" >{KEMU}</option>' in field and "Aga Khan University" in field

    # the submit section says it first (it said "every choice is eligible, you can submit")
    submit = page.text.split('id="submit"', 1)[1]
    assert 'id="submit-needs-home"' in submit and 'href="#home-institution-field"' in submit
    assert words(lang, "Choose your home institution first: it endorses your application before it goes on.") in submit
    assert words(lang, "Every choice is eligible. You can submit.") not in submit

    # submitting without one: said at the field, nothing sent
    r = await p.client.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 422 and p.apps.submits == 0
    assert words(lang, "Choose your home institution.") in r.text and 'id="e-home_institution_id"' in r.text

    r = await p.client.post(
        "/applications/a1/details", data={"csrf": csrf_of(page.text), "statement": "", "home_institution_id": "kemu"}
    )
    assert r.status_code == 303 and p.apps.patches[-1]["home_institution_id"] == "kemu"
    page = await p.client.get("/applications/a1")
    assert f'<option value="kemu" selected>{KEMU}</option>' in page.text
    assert 'id="submit-needs-home"' not in page.text

    # the service's refusal of the field is shown at the field
    p.apps.refuse_patch = problem(422, "application.home_institution_country", "home_institution_id", "other country")
    r = await p.client.post(
        "/applications/a1/details", data={"csrf": csrf_of(page.text), "statement": "", "home_institution_id": "aku"}
    )
    assert r.status_code == 422
    assert (
        words(lang, "This home institution is not in the catalog of your country.")
        in r.text.split('id="home-institution-field"', 1)[1].split("</select>")[0]
    )


async def test_a_scheme_without_an_endorsement_stage_asks_for_no_home_institution(portal_as):
    p = await portal_as("applicant")
    p.apps.application["scheme_id"] = "cgs"
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200 and 'id="home-institution-field"' not in page.text
    await p.client.post("/applications/a1/details", data={"csrf": csrf_of(page.text), "statement": "x"})
    assert "home_institution_id" not in p.apps.patches[-1]  # nothing sent the service did not ask for


@pytest.mark.parametrize("lang", LANGS)
async def test_the_applicant_is_told_where_the_endorsement_stands(portal_as, lang):
    p = await portal_as("applicant", lang)
    app = p.apps.application
    app.update(status="submitted", home_institution_id="kemu", home_institution_name=KEMU)
    page = await p.client.get("/applications/a1")
    panel = re.search(r'<section class="panel where endorsement-with_institution".*?</section>', page.text, re.S)
    assert panel and words(lang, "With {institution} for endorsement", institution=KEMU) in panel.group(0)
    listing = await p.client.get("/applications")
    assert words(lang, "With {institution} for endorsement", institution=KEMU) in listing.text

    app.update(
        status="endorsed",
        endorsement={"state": "endorsed", "institution": KEMU, "cohort": "Group 7", "version": 1},
        history=[
            {
                "status": "endorsed",
                "at": "2026-12-01T10:00:00+00:00",
                "reason": None,
                "details": [{"code": "endorsement.endorsed", "params": {"cohort": "Group 7"}, "institution": KEMU}],
            }
        ],
    )
    page = await p.client.get("/applications/a1")
    panel = re.search(r'<section class="panel where endorsement-endorsed".*?</section>', page.text, re.S).group(0)
    assert words(lang, "Endorsed by {institution}", institution=KEMU) in panel
    assert words(lang, "in the cohort {cohort}", cohort="Group 7") in panel
    assert words(lang, "status:endorsed") in page.text
    history = page.text.split('id="history"', 1)[1].split("</section>", 1)[0]  # the step in words, never its code
    assert words(lang, "Endorsed by {institution}", institution=KEMU) in history
    assert "endorsement." not in re.sub(r"<[^>]+>", " ", history)
    listing = await p.client.get("/applications")
    line = re.search(r'<p class="endorsement-line[^>]*>(.*?)</p>', listing.text, re.S).group(1)
    assert words(lang, "Endorsed by {institution}", institution=KEMU) in line
    assert words(lang, "in the cohort {cohort}", cohort="Group 7") in line

    app.update(
        status="not_endorsed", endorsement={"state": "not_endorsed", "institution": KEMU, "reason": "Seats full"}
    )
    page = await p.client.get("/applications/a1")
    panel = re.search(r'<section class="panel where endorsement-not_endorsed".*?</section>', page.text, re.S).group(0)
    assert words(lang, "Not endorsed by {institution}", institution=KEMU) in panel and "Seats full" in panel
    listing = await p.client.get("/applications")
    said = words(lang, "Not endorsed by {institution}: {reason}", institution=KEMU, reason="Seats full")
    assert said in listing.text
    if lang != "en":
        assert "Not endorsed by" not in listing.text


@pytest.mark.parametrize("lang", LANGS)
async def test_after_accepting_a_place_the_list_says_what_becomes_of_the_other_applications(portal_as, lang):
    """After accepting, the other applications showed "submitted" and "endorsed" with nothing
    to say whether they went on."""
    p = await portal_as("applicant", lang)
    p.apps.application.update(status="accepted")
    note = words(lang, "You accepted a place. Your other applications go on until you withdraw them, but an offer of a programme starting within a few months of your place cannot be accepted: withdraw those you no longer need, so that their places go to others.")  # fmt: skip
    listing = await p.client.get("/applications")
    assert 'id="after-accepting"' not in listing.text  # the accepted one alone: nothing to say
    p.apps.others = [{**p.apps.application, "id": "a7", "status": "submitted"}]
    listing = await p.client.get("/applications")
    assert 'id="after-accepting"' in listing.text and note in listing.text


# --- the nominator's mends -------------------------------------------------------------------


class NominationMatching(FakeMatching):
    """A published SCO list where the host did not admit one nominee (matching withdrew it)."""

    # what became of a1's place (matching's candidates say it): nobody moved up, by default
    a1_place: dict[str, Any] = {"moved_up": None, "reserve_was_empty": True}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        summary = {
            "cycle_id": "c1",
            "scheme_id": "sco",
            "sending_country": "PK",
            "authority": "HEC",
            "allocation": 3,
            "nominated": 1,
            "reserve": 0,
            "status": "draft",
            "version": 1,
            "published_at": None,
            "closes_at": None,
        }
        rows = [
            {
                **candidate("a1", "Bilal Ahmed", 88),
                "committee_score": 90,
                "state": "withdrawn",
                "position": None,
                **self.a1_place,
            },
            {
                **candidate("a2", "Ayesha Khan", 92),
                "committee_score": 80,
                "state": "withdrawn",
                "position": None,
                "reason": "Did not attend",
            },
            {**candidate("a3", "Sana Iqbal", 79), "committee_score": 70, "state": "nominated", "position": 1},
            {**candidate("a4", "Usman Tariq", 70), "committee_score": 60, "state": None, "position": None},
        ]
        if path == "/cycles/c1/nominations/PK" and method == "GET":
            return httpx.Response(200, json=summary)
        if path == "/cycles/c1/nominations/PK" and method == "PUT":
            self.puts.append(json.loads(request.content))
            return httpx.Response(200, json=summary)
        if path == "/cycles/c1/nominations/PK/candidates":
            return httpx.Response(200, json={"items": rows, "total": len(rows)})
        if path == "/cycles/c1":
            return httpx.Response(200, json={"id": "c1", "scheme_id": "sco", "name": "SCO 2027"})
        return super().__call__(request)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_nominee_the_host_did_not_admit_is_not_called_withdrawn(portal_as, lang):
    p = await portal_as("nominator", lang, NominationMatching())
    p.apps.not_admitted = [
        {
            "id": "a1",
            "status": "not_admitted",
            "admission": {"decision": "rejected", "reason_code": "language", "note": None},
        }
    ]
    page = await p.client.get("/nominations/c1/PK")
    assert page.status_code == 200, page.text[:800]
    host = row_of(page.text, "a1")
    assert words(lang, "nomination:host_rejected") in host and words(lang, "admission_reason:language") in host
    assert (
        words(lang, "The host institution did not admit this nominee, who takes no further part in this cycle.") in host
    )
    # the reserve list was empty: said so, not "the place went to the reserve list"; the way to fill it
    assert words(lang, "Nobody moved up into the place: the reserve list was empty.") in host
    assert words(lang, "To fill it, nominate another candidate and publish the list again.") in host
    assert words(lang, "The first on the reserve list moved up into the place.") not in host
    assert words(lang, "nomination:withdrawn") not in re.sub(r"<input[^>]*>", "", host)  # said, not a form's value
    # one the authority withdrew still says so, with its reason
    withdrawn = row_of(page.text, "a2")
    assert words(lang, "nomination:withdrawn") in withdrawn and "Did not attend" in withdrawn
    assert "GET /officer/applications" in p.apps.paths


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_nominee_the_host_did_not_admit_names_who_moved_up_into_the_place(portal_as, lang):
    matching = NominationMatching()
    matching.a1_place = {
        "moved_up": {"application_id": "a3", "applicant_name": "Sana Iqbal"},
        "reserve_was_empty": False,
    }
    p = await portal_as("nominator", lang, matching)
    p.apps.not_admitted = [{"id": "a1", "status": "not_admitted", "admission": {"decision": "rejected"}}]
    host = row_of((await p.client.get("/nominations/c1/PK")).text, "a1")
    assert words(lang, "{name}, first on the reserve list, moved up into the place.", name="Sana Iqbal") in host
    assert words(lang, "Nobody moved up into the place: the reserve list was empty.") not in host


@pytest.mark.parametrize("lang", LANGS)
async def test_a_rank_given_twice_is_refused_at_the_field(portal_as, lang):
    p = await portal_as("nominator", lang, NominationMatching())
    page = await p.client.get("/nominations/c1/PK")
    form = {
        "csrf": csrf_of(page.text),
        "shown[]": ["a3", "a4"],
        "state.a3": "nominated",
        "rank.a3": "1",
        "state.a4": "nominated",
        "rank.a4": "1",
        "action": "save",
    }
    r = await p.client.post("/nominations/c1/PK", data=form)
    assert r.status_code == 422 and p.matching.puts == []
    said = words(lang, "Rank {rank} is given twice on this list: give each candidate a different rank.", rank=1)
    assert said in row_of(r.text, "a3") and said in row_of(r.text, "a4")
    assert 'aria-invalid="true" aria-describedby="e-row-a4"' in row_of(r.text, "a4")
    # different ranks go through
    r = await p.client.post("/nominations/c1/PK", data={**form, "rank.a4": "2"})
    assert r.status_code == 303 and p.matching.puts[-1]["nominees"] == ["a3", "a4"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_officers_cycle_page_says_rounds_place_only_endorsed_applications(lang):
    """templates/endorsement/_cycle_stage.html, included in officer/cycle.html: said when the
    view passes ``endorses`` (the scheme's path has "endorsement"), nothing otherwise."""
    from services.portal.i18n import translator
    from services.portal.web import TEMPLATES

    stage = TEMPLATES.env.get_template("endorsement/_cycle_stage.html")
    said = stage.render(_=translator(lang), endorses=True)
    sentence = "This scheme has an endorsement stage: a round places only applications their home institution endorsed."
    assert words(lang, sentence) in said and 'href="/endorsements"' in said and 'id="endorsed-only"' in said
    assert lang == "en" or sentence not in said
    assert stage.render(_=translator(lang), endorses=False).strip() == ""
    assert stage.render(_=translator(lang)).strip() == ""  # a view that does not say: nothing
    cycle_page = TEMPLATES.env.loader.get_source(TEMPLATES.env, "officer/cycle.html")[0]
    assert '{% include "endorsement/_cycle_stage.html" %}' in cycle_page


async def test_in_urdu_the_coordinators_heading_isolates_each_name(portal_as):
    p = await portal_as("coordinator", "ur")
    page = await p.client.get("/endorsements/c1/kemu")
    h1 = re.search(r'<h1 class="names">(.*?)</h1>', page.text, re.S).group(1)
    assert h1.strip() == f'<bdi>{escape(MCYCLE["name"])}</bdi> <span class="together">· <bdi>{KEMU}</bdi></span>'
    assert 'dir="rtl"' in page.text


def test_the_home_institutions_endorsement_and_the_officers_approval_are_two_words_in_each_language():
    """On the Russian review page every merely proposed match read «одобрен(а)» (the home
    institution's endorsement) beside the officer's «Одобрить»: the endorsement now reads as a
    recommendation (рекомендация, рекомендован(а) вузом) wherever it is meant, the approval
    keeps its word, in Chinese and Urdu too."""
    from services.portal.i18n import CATALOGS

    approval = {"zh": "批准", "ru": "одобр", "ur": "منظور"}
    endorsement = {"zh": "推荐", "ru": "рекоменд", "ur": "توثیق"}
    for lang in ("zh", "ru", "ur"):
        catalog = CATALOGS[lang]
        endorsing = {k: v for k, v in catalog.items() if re.search(r"endors", k, re.I) and not k.startswith("change:")}
        approving = {k: v for k, v in catalog.items() if re.search(r"\bapprov", k, re.I) and "endors" not in k.lower()}
        assert endorsing and approving
        assert not [k for k, v in endorsing.items() if approval[lang] in v.lower()], lang
        if lang in ("ru", "zh"):  # (推荐 also names a referee, 推荐人, and a letter, 推荐信: not an endorsement)
            approving = {k: re.sub(r"推荐信|(?<!被)推荐人", "", v) for k, v in approving.items()}
            assert not [k for k, v in approving.items() if endorsement[lang] in v.lower()], lang
    assert translate("ru", "endorsement:endorsed") == "рекомендован(а) вузом"
    assert translate("ru", "Approve") == "Одобрить"


async def test_an_officer_is_told_of_a_home_institution_nobody_endorses_for(portal_as):
    """The Luban applicant who chose the university beside the workshop waited for an
    endorsement no account could give, and nobody said so."""
    p = await portal_as("officer")
    p.matching.endorsers = 0
    await p.client.get("/language/ur?next=/endorsements")
    row = re.search(r'<tr id="list-c1-kemu">.*?</tr>', (await p.client.get("/endorsements")).text, re.S).group(0)
    said = translate("ur", "No one endorses for this institution yet: its applicants wait until an admin makes an account for its coordinator.")  # fmt: skip
    assert said in row and said != "No one endorses for this institution yet"
    p.matching.endorsers = 1
    row = re.search(r'<tr id="list-c1-kemu">.*?</tr>', (await p.client.get("/endorsements")).text, re.S).group(0)
    assert "no-endorser" not in row


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_an_institution_nobody_endorses_for_is_said_before_and_after_it_is_chosen(portal_as, lang):
    """A Luban applicant chose the university beside the workshop, whose coordinator alone has an
    account: the application waited for an endorsement nobody could give, and nothing said so."""
    p = await portal_as("applicant", lang)
    p.matching.endorsing = ["aku"]  # Aga Khan University has a coordinator; KEMU none
    page = await p.client.get("/applications/a1")
    field = re.search(r'<div class="field[^"]*" id="home-institution-field">(.*?)</div>', page.text, re.S).group(1)
    kemu = re.search(r'<option value="kemu"[^>]*>(.*?)</option>', field).group(1)
    aku = re.search(r'<option value="aku"[^>]*>(.*?)</option>', field).group(1)
    assert words(lang, "nobody endorses here yet") in kemu and words(lang, "nobody endorses here yet") not in aku
    # chosen in the draft: the check before submitting says so (it had said "You can submit")
    p.apps.application.update(home_institution_id="kemu", home_institution_name=KEMU)
    page = await p.client.get("/applications/a1")
    check = page.text.split('id="submit-title"', 1)[1].split("</section>", 1)[0]
    assert 'id="submit-home-unattended"' in check and KEMU in check
    assert translate(lang, "Every choice is eligible. You can submit.") not in check
    p.apps.application.update(home_institution_id="aku", home_institution_name="Aga Khan University")
    assert 'id="submit-home-unattended"' not in (await p.client.get("/applications/a1")).text

    p.apps.application.update(status="submitted", home_institution_id="kemu", home_institution_name=KEMU)
    panel = re.search(r'<section class="panel where endorsement-with_institution".*?</section>', (await p.client.get("/applications/a1")).text, re.S).group(0)  # fmt: skip
    assert 'id="endorsement-unattended"' in panel and KEMU in panel
    p.matching.endorsing = ["aku", "kemu"]  # its coordinator's account made: the usual sentence
    panel = re.search(r'<section class="panel where endorsement-with_institution".*?</section>', (await p.client.get("/applications/a1")).text, re.S).group(0)  # fmt: skip
    assert 'id="endorsement-unattended"' not in panel


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [("King Edward Medical University", "kemu"), ("KEMU", "kemu"), ("university", None), ("Al-Farabi", None)],
)
async def test_the_home_institution_typed_at_registration_is_chosen_to_check(portal_as, typed, chosen):
    """Typed at registration ("KazNMU"), then asked again from nothing in a list: the one it
    names is chosen for the applicant to check; an answer that names none, or several, is not."""
    p = await portal_as("applicant", "en")
    p.apps.me_more = {"home_institution": typed}
    page = await p.client.get("/applications/a1")
    field = re.search(r'<div class="field[^"]*" id="home-institution-field">(.*?)</div>', page.text, re.S).group(1)
    selected = re.findall(r'<option value="([a-z]+)" selected>', field)
    assert selected == ([chosen] if chosen else [])
    assert ("Chosen from what you typed when you registered" in field) == bool(chosen)
    assert p.apps.patches == []  # nothing saved unasked
