"""The award path in the portal (issue 14) over fake services, in every language: the
nominating authority's pool (sort, filter, search; marks, ranks and reasons saved as a draft,
published after a confirmation, a nominee withdrawn), the host's admissions (admit, reject with
a reason from the contract's list and a note, the decision history, a refusal by its code),
and the applicant's page saying where the application is on the path. The fake matching
service keeps the nomination list as the API shapes of the brief describe it."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from markupsafe import escape

from services.portal.app import create_app
from services.portal.award_words import AWARD_WORDS
from services.portal.domain.award import Mark, has_passed, marks_from_form, nomination_list, whereabouts
from services.portal.domain.problems import message_for
from services.portal.endorsement_words import ENDORSEMENT_WORDS
from services.portal.i18n import format_day, language_name, translate
from services.portal.settings import Settings
from tests.unit.portal.test_pages_with_fake_services import APPLICATION, CYCLE, ME, PROGRAMME, csrf_of, token_for

HEC = "Higher Education Commission (HEC)"
LANGS = ["en", "zh", "ru", "ur"]
XJTU = "Xi'an Jiaotong University"
SCHEME: dict[str, Any] = {
    "id": "sco",
    "name": "SCO 2026",
    "path": ["nomination", "matching", "review", "admission", "answer"],
    "authorities": {"PK": HEC, "KZ": "Ministry of Science and Higher Education"},
}
MCYCLE = {"id": "c1", "scheme_id": "sco", "name": "SCO 2026/27"}


def words(lang: str, key: str, **params: Any) -> str:
    """The words as the page writes them (escaped as Jinja escapes them)."""
    text = AWARD_WORDS[key][lang]
    return str(escape(text.format(**params) if params else text))


def candidate(app_id: str, name: str, grade: float, score: float | None = None) -> dict[str, Any]:
    return {
        "application_id": app_id,
        "applicant_id": "u-" + app_id,
        "applicant_name": name,
        "grade": grade,
        "language_certificates": [{"kind": "HSK", "level": 4}],
        "committee_score": score,
        "choices": ["p1"],
        "held_documents": ["passport", "transcript"],
        "state": None,
        "position": None,
        "reason": None,
        "received_at": "2026-11-01T10:00:00+00:00",
    }


class FakeMatching:
    """The nomination and admission routes of the brief, kept in memory."""

    def __init__(self) -> None:
        self.allocation: int | None = 2
        self.status = "draft"
        self.candidates = [
            {**candidate("a1", "Bilal Ahmed", 88, 91.5), "messages_language": "ur"},
            candidate("a2", "Ayesha Khan", 92, 87.0),
            candidate("a3", "Sana Iqbal", 79),
            candidate("a4", "Usman Tariq", 70),
        ]
        self.puts: list[dict[str, Any]] = []
        self.withdrawals: list[dict[str, Any]] = []
        self.queries: list[dict[str, list[str]]] = []
        self.admission_posts: list[tuple[str, dict[str, Any]]] = []
        self.refuse_admission: httpx.Response | None = None
        self.refuse_put: httpx.Response | None = None
        self.closes_at = "2099-03-31T00:00:00+00:00"
        self.admissions = [
            {
                "match_id": "m1",
                "application_id": "a1",
                "cycle_id": "c1",
                "programme_id": "p1",
                "programme_title": "Clinical Medicine (MMed)",
                "host_institution_id": "xjmu",
                "sending_country": "PK",
                "grade": 88,
                "status": "with_host",
                "decide_by": "2027-05-31",
                "decisions": [],
            }
        ]

    def summary(self) -> dict[str, Any]:
        count = {s: sum(1 for c in self.candidates if c["state"] == s) for s in ("nominated", "reserve")}
        return {
            "cycle_id": "c1",
            "scheme_id": "sco",
            "sending_country": "PK",
            "authority": HEC,
            "allocation": self.allocation,
            **count,
            "status": self.status,
            "version": len(self.puts),
            "published_at": "2027-03-01T09:00:00+00:00" if self.status == "published" else None,
            "closes_at": self.closes_at,
        }

    def put(self, body: dict[str, Any]) -> httpx.Response:
        self.puts.append(body)
        if self.refuse_put is not None:
            return self.refuse_put
        if self.allocation is not None and len(body["nominees"]) > self.allocation:
            return problem(422, "nomination.over_allocation", "nominees", "over", allocation=self.allocation)
        if self.status == "published" and not body["publish"]:
            return problem(409, "nomination.published", "publish", "the list is published")
        for c in self.candidates:
            c.update(state=None, position=None, reason=None)
        by_id = {c["application_id"]: c for c in self.candidates}
        for state in ("nominees", "reserve"):
            for i, a in enumerate(body[state], 1):
                by_id[a].update(state="nominated" if state == "nominees" else "reserve", position=i)
        for item in body["not_nominated"]:
            by_id[item["application_id"]].update(state="not_nominated", reason=item["reason"])
        if body["publish"]:
            self.status = "published"
            for c in self.candidates:
                c["state"] = c["state"] or "not_nominated"
        return httpx.Response(200, json=self.summary())

    def withdraw(self, body: dict[str, Any]) -> httpx.Response:
        self.withdrawals.append(body)
        by_id = {c["application_id"]: c for c in self.candidates}
        gone = by_id[body["application_id"]]
        gone.update(state="withdrawn", reason=body["reason"], position=None)
        reserve = sorted((c for c in self.candidates if c["state"] == "reserve"), key=lambda c: c["position"])
        if reserve:
            reserve[0].update(state="nominated", position=99)
        return httpx.Response(200, json=self.summary())

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (method, path) == ("GET", "/schemes"):
            direct = {"id": "cgs", "name": "CGS", "path": [], "authorities": {}}
            return httpx.Response(200, json={"items": [SCHEME, direct], "total": 2})
        if (method, path) == ("GET", "/schemes/sco"):
            return httpx.Response(200, json=SCHEME)
        if (method, path) == ("GET", "/schemes/cgs"):
            return httpx.Response(200, json={"id": "cgs", "name": "CGS", "path": [], "authorities": {}})
        if (method, path) == ("GET", "/cycles"):
            self.cycle_queries = [*getattr(self, "cycle_queries", []), dict(request.url.params)]
            other = {"id": "c9", "scheme_id": "cgs", "name": "CGS 2027"}
            return httpx.Response(200, json={"items": [MCYCLE, other], "total": 2})
        if (method, path) == ("GET", "/cycles/c1"):
            return httpx.Response(200, json={**MCYCLE, **getattr(self, "cycle_more", {})})
        if method == "GET" and re.fullmatch(r"/cycles/c1/nominations/(?!PK)[A-Z]{2}(/candidates)?", path):
            # the service answers any two letters: an empty pool of no authority, no limit
            if path.endswith("/candidates"):
                return httpx.Response(200, json={"items": [], "total": 0})
            return httpx.Response(200, json={**self.summary(), "authority": "", "allocation": None, "nominated": 0})
        if (method, path) == ("GET", "/cycles/c1/nominations"):
            return httpx.Response(200, json=[self.summary()])
        if (method, path) == ("GET", "/cycles/c9/nominations"):
            return problem(403, "scope.outside", "cycle_id", "not yours")
        if path == "/cycles/c1/nominations/PK" and method == "GET":
            return httpx.Response(200, json=self.summary())
        if path == "/cycles/c1/nominations/PK" and method == "PUT":
            self.put_keys = [*getattr(self, "put_keys", []), request.headers.get("idempotency-key")]
            return self.put(json.loads(request.content))
        if path == "/cycles/c1/nominations/PK/withdraw" and method == "POST":
            return self.withdraw(json.loads(request.content))
        if path == "/cycles/c1/nominations/PK/candidates":
            q = parse_qs(request.url.query.decode())
            self.queries.append(q)
            items = self.candidates
            if q.get("q"):
                items = [c for c in items if q["q"][0].lower() in c["applicant_name"].lower()]
            if q.get("state"):
                wanted = q["state"][0]
                items = [c for c in items if (c["state"] or "undecided") == wanted]
            offset, limit = int(q.get("offset", ["0"])[0]), int(q.get("limit", ["50"])[0])
            return httpx.Response(200, json={"items": items[offset : offset + limit], "total": len(items)})
        if (method, path) == ("GET", "/programmes"):
            listed = getattr(self, "programmes_listed", [PROGRAMME])
            return httpx.Response(200, json={"items": listed, "total": len(listed)})
        if (method, path) == ("GET", "/institutions"):
            return httpx.Response(
                200, json={"items": getattr(self, "institutions", [{"id": "xjmu", "name": XJTU}]), "total": 1}
            )
        if (method, path) == ("GET", "/admissions"):
            query = parse_qs(request.url.query.decode())
            status, programme = query.get("status", ["with_host"])[0], query.get("programme_id", [None])[0]
            items = [a for a in self.admissions if a["status"] == status and programme in (None, a["programme_id"])]
            self.admission_queries = [*getattr(self, "admission_queries", []), query]
            return httpx.Response(200, json={"items": items, "total": len(items)})
        if method == "POST" and path.startswith("/matches/") and path.endswith("/admission"):
            body = json.loads(request.content)
            self.admission_posts.append((path.split("/")[2], body))
            if self.refuse_admission is not None:
                return self.refuse_admission
            item = self.admissions[0]
            item["status"] = "approved" if body["decision"] == "admitted" else "host_rejected"
            item["decisions"].append(
                {
                    **body,
                    "version": len(item["decisions"]) + 1,
                    "decided_by": "admissions@xjmu",
                    "decided_at": "2027-04-02T08:30:00+00:00",
                }
            )
            return httpx.Response(200, json=item)
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


def problem(status: int, code: str, field: str, reason: str, **context: Any) -> httpx.Response:
    body = {
        "status": status,
        "code": code,
        "detail": reason,
        "errors": [{"field": field, "reason": reason, "code": code, **context}],
    }
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


class FakeApplications:
    def __init__(self, role: str) -> None:
        self.role = role
        self.application: dict[str, Any] = {
            **APPLICATION,
            "status": "submitted",
            "scheme_id": "sco",
            "sending_country": "PK",
            "nomination": None,
            "admission": None,
        }
        self.paths: list[str] = []
        # what each application lets the host read (none listed: the service does not answer)
        self.consent: dict[str, dict[str, Any]] = {}
        self.consent_asked: list[list[str]] = []
        self.reads_in: dict[str, str] = {}  # the language each applicant reads messages in

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        self.paths.append(path)
        if (method, path) in (("GET", "/host/applications"), ("GET", "/officer/consent")) and self.consent:
            ids = request.url.params.get_list("application_id")
            self.consent_asked.append(ids)
            if path == "/officer/consent":
                return httpx.Response(200, json=[{"application_id": a, **self.consent[a]} for a in ids])
            named = request.url.params.get("with_names") == "true"
            items = [
                {
                    "application_id": a,
                    "consent": self.consent[a],
                    "messages_language": self.reads_in.get(a),
                    # the service names only those who share their identity
                    "name": getattr(self, "name", "Farrukh Tashkentov")
                    if named and self.consent[a]["host_identity"]
                    else None,
                    "passport_name": "FARRUKH TASHKENTOV" if named and self.consent[a]["host_identity"] else None,
                }
                for a in ids
                if a in self.consent
            ]
            return httpx.Response(200, json={"items": items, "total": len(items)})
        if (method, path) == ("POST", "/auth/token"):
            scope = {"institutions": ["xjmu"]} if self.role == "partner" else {}
            return httpx.Response(200, json={"access_token": token_for(self.role, **scope), "role": self.role})
        if (method, path) == ("GET", "/me"):
            return httpx.Response(200, json=ME)
        if (method, path) == ("GET", "/applications/a1"):
            return httpx.Response(200, json=self.application)
        if (method, path) == ("GET", "/cycles/c1"):
            return httpx.Response(200, json=CYCLE)
        if (method, path) == ("GET", "/programmes"):
            return httpx.Response(200, json={"items": [PROGRAMME], "total": 1})
        if (method, path) == ("GET", "/applications/a1/eligibility"):
            return httpx.Response(200, json={"eligible": True, "choices": []})
        if (method, path) in (("GET", "/applications/a1/referees"), ("GET", "/applications/a1/documents")):
            return httpx.Response(200, json=[])
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


class Portal:
    def __init__(self, client: httpx.AsyncClient, apps: FakeApplications, matching: FakeMatching, cm: Any):
        self.client, self.apps, self.matching, self.cm = client, apps, matching, cm
        self.home = ""


@contextlib.asynccontextmanager
async def portals(fakes: Callable[[str], FakeApplications]) -> AsyncIterator[Callable[..., Awaitable[Portal]]]:
    """Opens logged-in portals over fake services (``fakes(role)``: the applications service as
    that role's log-in finds it), each closed at the end."""
    opened: list[Portal] = []

    async def open_as(role: str, lang: str = "en") -> Portal:
        apps, matching = fakes(role), FakeMatching()
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

    try:
        yield open_as
    finally:
        for p in opened:
            await p.client.aclose()
            await p.cm.__aexit__(None, None, None)


@pytest.fixture
async def portal_as():
    async with portals(FakeApplications) as open_as:
        yield open_as


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- pure ------------------------------------------------------------------------------------


def test_the_list_follows_the_ranks_keeps_old_places_and_leaves_out_the_withdrawn():
    cands = [
        {"application_id": "a", "state": "nominated", "position": 1},
        {"application_id": "b", "state": "reserve", "position": 1},
        {"application_id": "c", "state": None, "position": None},
        {"application_id": "d", "state": "withdrawn", "position": None, "reason": "ill"},
        {"application_id": "e", "state": "not_nominated", "position": None, "reason": "grade"},
    ]
    marks = {"c": Mark("nominated", 1), "b": Mark("reserve"), "a": Mark("nominated", 2)}
    assert nomination_list(cands, marks) == {
        "nominees": ["c", "a"],
        "reserve": ["b"],
        "not_nominated": [{"application_id": "e", "reason": "grade"}],
    }
    # a candidate moved to another list without a rank follows that list's ranked ones
    moved = nomination_list(cands, {"b": Mark("nominated"), "c": Mark("nominated", 1)})
    assert moved["nominees"] == ["a", "c", "b"] and moved["reserve"] == []
    # an undecided mark takes a candidate off every list
    assert nomination_list(cands, {"e": Mark("")})["not_nominated"] == []


def test_marks_from_the_form_and_their_problems():
    form = {
        "state.a": "nominated",
        "rank.a": "2",
        "state.b": "bogus",
        "rank.b": "0",
        "state.c": "not_nominated",
        "reason.c": " x " * 300,
        "state.d": "reserve",
        "reason.d": "Strong candidate, first in reserve",
        "state.e": "not_nominated",
        "reason.e": " grades below the allocation's line ",
    }
    marks, problems = marks_from_form(form, ["a", "b", "c", "d", "e"])
    assert marks["a"] == Mark("nominated", 2, "") and marks["b"].state == "" and marks["b"].rank is None
    assert marks["e"].reason == "grades below the allocation's line"
    # a reason too long, or beside a nominee or a reserve (where the service keeps none), is said, not dropped
    assert set(problems) == {"rank.b", "reason.c", "reason.d"}
    assert problems["rank.b"] == "A rank is a whole number from 1."
    assert problems["reason.c"] == "The reason is too long: at most {max} characters." and problems[
        "reason.c"
    ].params == {"max": 500}
    assert problems["reason.d"].startswith("A reason is kept only for an applicant who is not nominated")


@pytest.mark.parametrize(
    "application,kind",
    [
        ({"status": "submitted"}, "with_authority"),
        ({"status": "nominated", "nomination": {"state": "nominated", "position": 1, "promoted": True}}, "nominated"),
        ({"status": "reserve", "nomination": {"state": "reserve", "position": 3}}, "reserve"),
        ({"status": "not_nominated", "nomination": {"state": "not_nominated", "reason": "r"}}, "not_nominated"),
        ({"status": "not_nominated", "nomination": {"state": "withdrawn", "reason": "r"}}, "withdrawn"),
        ({"status": "with_host"}, "with_host"),
        ({"status": "not_admitted", "admission": {"decision": "rejected", "reason_code": "language"}}, "not_admitted"),
        ({"status": "offered", "admission": {"decision": "admitted"}}, "admitted"),
        ({"status": "offered"}, None),
        ({"status": "under_review"}, None),
    ],
)
def test_where_the_application_is(application, kind):
    found = whereabouts({"sending_country": "PK", **application}, SCHEME)
    assert (found.kind if found else None) == kind
    if found and found.kind in ("with_authority", "nominated", "reserve"):
        assert found.authority == HEC
    # a direct scheme has no nomination stage: submitted is just submitted
    assert whereabouts({"status": "submitted", "sending_country": "PK"}, {"path": []}) is None


# --- the nominating authority --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_nominator_ranks_saves_publishes_and_withdraws(portal_as, lang):
    p = await portal_as("nominator", lang)
    assert p.home == "/nominations"
    home = await p.client.get("/nominations")
    assert home.status_code == 200, home.text[:800]
    assert (
        'id="pool-c1-PK"' in home.text and HEC in home.text and "CGS 2027" not in home.text and "/c9/" not in home.text
    )  # only its pools (not "c9": a CSRF token may hold it)
    assert translate(lang, "Nominations") in home.text and 'href="/officer"' not in home.text

    page = await p.client.get("/nominations/c1/PK")
    assert page.status_code == 200, page.text[:800]
    body = text_of(page.text)
    for key in ("Candidates", "Committee score", "Save the draft", "Save and publish…", "nomination:reserve"):
        assert words(lang, key) in body, key
    assert words(lang, "The list is a draft: applicants see nothing until you publish it.") in body
    assert "Bilal Ahmed" in body and "91.5" in body and translate(lang, "doc:transcript") in body
    if lang != "en":
        assert "Save the draft" not in body and "Committee score" not in body

    # Ayesha first, Bilal second, Sana on the reserve, Usman not nominated with a reason
    form = {
        "csrf": csrf_of(page.text),
        "shown[]": ["a1", "a2", "a3", "a4"],
        "state.a1": "nominated",
        "rank.a1": "2",
        "state.a2": "nominated",
        "rank.a2": "1",
        "state.a3": "reserve",
        "state.a4": "not_nominated",
        "reason.a4": "Grade below the national cut-off",
        "action": "save",
    }
    r = await p.client.post("/nominations/c1/PK", data=form)
    assert r.status_code == 303 and r.headers["location"].startswith("/nominations/c1/PK")
    assert p.matching.puts[-1] == {
        "nominees": ["a2", "a1"],
        "reserve": ["a3"],
        "not_nominated": [{"application_id": "a4", "reason": "Grade below the national cut-off"}],
        "publish": False,
    }
    saved = await p.client.get(r.headers["location"])
    assert words(lang, "The draft was saved.") in saved.text
    assert re.search(r'name="rank.a2" id="f-rank-a2"\s+value="1"', saved.text)
    assert re.search(r'<option value="reserve" selected>', saved.text.split('id="f-state-a3"', 1)[1])

    # publish: the confirmation shows the list in order, then the list is published
    form["action"] = "publish"
    r = await p.client.post("/nominations/c1/PK", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/nominations/c1/PK/publish"
    confirm = await p.client.get("/nominations/c1/PK/publish")
    assert confirm.status_code == 200, confirm.text[:800]
    nominees = re.search(r'id="confirm-nominees">(.*?)</ol>', confirm.text, re.S).group(1)
    assert nominees.index("Ayesha Khan") < nominees.index("Bilal Ahmed")
    assert "Sana Iqbal" in re.search(r'id="confirm-reserve">(.*?)</ol>', confirm.text, re.S).group(1)
    assert words(lang, "Yes, publish the list") in confirm.text
    assert (
        words(
            lang,
            "Publishing tells every applicant in the pool: the nominees, the reserve list in order, and everyone else that they were not nominated.",
        )
        in confirm.text
        and words(
            lang,
            "The list was published before: publishing these changes tells only the applicants whose place on it changes.",
        )
        not in confirm.text
    )
    assert p.matching.status == "draft"  # nothing published before the confirmation
    r = await p.client.post("/nominations/c1/PK/publish", data={"csrf": csrf_of(confirm.text)})
    assert r.status_code == 303
    assert p.matching.puts[-1]["publish"] is True and p.matching.puts[-1]["nominees"] == ["a2", "a1"]
    published = await p.client.get("/nominations/c1/PK")
    assert words(lang, "The nomination list was published.") in published.text
    assert words(lang, "list:published") in published.text

    # withdraw Bilal: a reason is needed; then the reserve moves up
    withdraw = re.search(r'<form[^>]+id="withdraw-form".*?</form>', published.text, re.S).group(0)
    assert "Bilal Ahmed" in withdraw and "Sana Iqbal" not in withdraw  # only nominees
    # the reason reaches the nominee as written: the choice says which language Bilal reads
    reads = str(escape(translate(lang, "Reads messages in {language}.", language=language_name(lang, "ur"))))
    assert f"Bilal Ahmed · {reads}" in withdraw
    r = await p.client.post(
        "/nominations/c1/PK/withdraw", data={"csrf": csrf_of(published.text), "application_id": "a1", "reason": ""}
    )
    assert r.status_code == 422 and words(lang, "Enter a reason.") in r.text and p.matching.withdrawals == []
    # it cannot be undone: without the box ticked nothing is sent, and what was chosen stays
    typed = {"csrf": csrf_of(published.text), "application_id": "a1", "reason": "Did not attend the interview"}
    r = await p.client.post("/nominations/c1/PK/withdraw", data=typed)
    assert r.status_code == 422 and p.matching.withdrawals == []
    assert words(lang, "Tick the box to confirm: a withdrawal cannot be undone.") in r.text
    assert 'value="Did not attend the interview"' in r.text
    r = await p.client.post("/nominations/c1/PK/withdraw", data={**typed, "confirm": "yes"})
    assert r.status_code == 303
    assert p.matching.withdrawals == [{"application_id": "a1", "reason": "Did not attend the interview"}]
    after = await p.client.get("/nominations/c1/PK")
    assert 'id="row-a3" data-state="nominated"' in after.text and 'id="row-a1" data-state="withdrawn"' in after.text
    assert words(lang, "The nominee was withdrawn; the first on the reserve list moved up.") in after.text

    # a published list changes only by publishing again: no draft button; the change is confirmed first
    assert 'value="save"' not in after.text and 'value="publish"' in after.text
    puts = len(p.matching.puts)
    change = {
        "csrf": csrf_of(after.text),
        "shown[]": ["a2", "a3", "a4"],
        "state.a2": "nominated",
        "rank.a2": "2",
        "state.a3": "nominated",
        "rank.a3": "1",
        "state.a4": "reserve",
        "action": "publish",
    }
    confirm = await p.client.post("/nominations/c1/PK", data=change)
    # published before: only those whose place changes are told, as the pool page says
    assert (
        words(
            lang,
            "The list was published before: publishing these changes tells only the applicants whose place on it changes.",
        )
        in confirm.text
        and words(
            lang,
            "Publishing tells every applicant in the pool: the nominees, the reserve list in order, and everyone else that they were not nominated.",
        )
        not in confirm.text
    )
    assert confirm.status_code == 200 and len(p.matching.puts) == puts  # nothing saved yet
    nominees = re.search(r'id="confirm-nominees">(.*?)</ol>', confirm.text, re.S).group(1)
    assert nominees.index("Sana Iqbal") < nominees.index("Ayesha Khan")
    lists = html.unescape(re.search(r'name="lists" value="([^"]*)"', confirm.text).group(1))
    r = await p.client.post("/nominations/c1/PK/publish", data={"csrf": csrf_of(confirm.text), "lists": lists})
    assert r.status_code == 303
    assert p.matching.puts[-1] == {"nominees": ["a3", "a2"], "reserve": ["a4"], "not_nominated": [], "publish": True}


@pytest.mark.parametrize("lang", LANGS)
async def test_over_the_allocation_is_refused_in_words_and_the_marks_stay(portal_as, lang):
    p = await portal_as("nominator", lang)
    p.matching.allocation = 1
    page = await p.client.get("/nominations/c1/PK")
    form = {
        "csrf": csrf_of(page.text),
        "shown[]": ["a1", "a2"],
        "state.a1": "nominated",
        "state.a2": "nominated",
        "rank.a2": "1",
        "action": "save",
    }
    r = await p.client.post("/nominations/c1/PK", data=form)
    assert r.status_code == 422 and p.matching.puts == []  # the portal knows the allocation
    summary = re.search(r'id="error-summary">(.*?)</div>', r.text, re.S).group(1)
    assert words(lang, "The country's allocation is {allocation}: no more nominees than that.", allocation=1) in summary
    assert re.search(r'name="rank.a2" id="f-rank-a2"\s+value="1"', r.text)  # what was typed is kept
    assert re.search(r'<option value="nominated" selected>', r.text.split('id="f-state-a1"', 1)[1])

    # a rank that is not a whole number is the page's own refusal: nothing is sent
    r = await p.client.post("/nominations/c1/PK", data={**form, "rank.a1": "first"})
    assert r.status_code == 422 and p.matching.puts == []
    assert 'id="e-row-a1"' in r.text and words(lang, "A rank is a whole number from 1.") in r.text
    # the summary names the row's applicant and leads to the row
    summary = re.search(r'id="error-summary">(.*?)</div>', r.text, re.S).group(1)
    reason = AWARD_WORDS["A rank is a whole number from 1."][lang]
    said = escape(translate(lang, "{field}: {reason}", field="Bilal Ahmed", reason=reason))
    assert f'<a href="#row-a1">{said}</a>' in summary, summary
    rank_input = re.search(r'<input name="rank.a1"[^>]*>', r.text).group(0)
    assert 'aria-invalid="true"' in rank_input
    # a reason beside a nominee: the reason is the field marked wrong, not the rank
    r = await p.client.post("/nominations/c1/PK", data={**form, "state.a2": "reserve", "reason.a2": "strong interview"})
    assert r.status_code == 422
    assert 'aria-invalid="true"' in re.search(r'<input name="reason.a2"[^>]*>', r.text).group(0)
    assert "aria-invalid" not in re.search(r'<input name="rank.a2"[^>]*>', r.text).group(0)

    # the service's refusal of one entry is shown on that candidate's row
    p.matching.refuse_put = problem(422, "nomination.not_in_pool", "nominees.1", "not in the pool")
    r = await p.client.post("/nominations/c1/PK", data={**form, "state.a1": "reserve"})
    assert r.status_code == 422 and p.matching.puts[-1]["nominees"] == ["a2"]
    p.matching.refuse_put = problem(422, "nomination.not_in_pool", "reserve.0", "not in the pool")
    r = await p.client.post("/nominations/c1/PK", data={**form, "state.a1": "reserve"})
    assert (
        words(lang, "This application is not in this country's pool.")
        in r.text.split('id="row-a1"', 1)[1].split("</tr>")[0]
    )


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_page_opened_before_a_colleagues_save_neither_undoes_it_nor_overwrites_it(portal_as, lang):
    """Colleague A nominated Ayesha; B's page, opened before, still showed her undecided: B's
    save of another row put her back to undecided, without a word, before the list went out."""
    p = await portal_as("nominator", lang)
    b_page = await p.client.get("/nominations/c1/PK")  # B opens the list
    a_page = await p.client.get("/nominations/c1/PK")  # and so does A
    was = dict(re.findall(r'name="was\.(a\d)" value="([^"]*)"', a_page.text))
    assert was["a1"] == "|" and len(was) == 4  # each row as saved: undecided, no rank

    def form(page: str, **marks: str) -> dict[str, Any]:
        shown = re.findall(r'name="shown\[\]" value="(a\d)"', page)
        base = {f"state.{a}": "" for a in shown}
        return {"csrf": csrf_of(page), "shown[]": shown, "action": "save", **base,
                **{f"was.{a}": w for a, w in re.findall(r'name="was\.(a\d)" value="([^"]*)"', page)}, **marks}  # fmt: skip

    r = await p.client.post("/nominations/c1/PK", data=form(a_page.text, **{"state.a1": "nominated", "rank.a1": "1"}))
    assert r.status_code == 303 and p.matching.puts[-1]["nominees"] == ["a1"]
    # B marks Sana reserve on the older page: Ayesha stays nominated
    r = await p.client.post("/nominations/c1/PK", data=form(b_page.text, **{"state.a3": "reserve"}))
    assert r.status_code == 303
    assert p.matching.puts[-1]["nominees"] == ["a1"] and p.matching.puts[-1]["reserve"] == ["a3"]
    # B, still on the older page, marks Ayesha not nominated: refused on her row, nothing saved
    puts = len(p.matching.puts)
    r = await p.client.post(
        "/nominations/c1/PK", data=form(b_page.text, **{"state.a1": "not_nominated", "reason.a1": "Too late"})
    )
    assert r.status_code == 409 and len(p.matching.puts) == puts
    said = "Changed meanwhile by a colleague (or in another tab): the row now shows the list as it stands. Check it, and save again."
    assert html.escape(words(lang, said)) in r.text or words(lang, said) in html.unescape(r.text)
    # the row shows her as she stands now (nominated, first), and the page's was is the new one
    assert re.search(r'<option value="nominated" selected>', r.text.split('id="f-state-a1"', 1)[1])
    assert 'name="was.a1" value="nominated|1"' in r.text


async def test_sort_filter_and_search_go_to_the_service(portal_as):
    p = await portal_as("nominator")
    page = await p.client.get("/nominations/c1/PK?sort=committee_score&order=desc&state=undecided&q=ayesha&offset=0")
    assert page.status_code == 200
    q = p.matching.queries[-1] if p.matching.queries[-1].get("q") else p.matching.queries[0]
    assert q["sort"] == ["committee_score"] and q["order"] == ["desc"] and q["state"] == ["undecided"]
    assert q["q"] == ["ayesha"]
    rows = re.findall(r'<tr id="row-(a\d)"', page.text)
    assert rows == ["a2"]
    assert 'aria-sort="descending"' in page.text
    assert (await p.client.get("/nominations/c1/PK?sort=evil&state=evil")).status_code == 200
    assert "evil" not in str(p.matching.queries[-1]) and "evil" not in str(p.matching.queries[-2])


async def test_an_officer_reads_the_pool_but_cannot_set_it(portal_as):
    p = await portal_as("officer")
    page = await p.client.get("/nominations/c1/PK")
    assert page.status_code == 200 and "Bilal Ahmed" in page.text
    assert 'value="publish"' not in page.text and 'id="f-state-a1" disabled' in page.text
    r = await p.client.post(
        "/nominations/c1/PK", data={"csrf": csrf_of(page.text), "shown[]": ["a1"], "action": "save"}
    )
    assert r.status_code == 403 and p.matching.puts == []


async def test_a_country_the_cycle_does_not_take_is_not_found(portal_as):
    """/nominations/<cycle>/ZZ answered 200 with "Unknown Region … 0 (no limit)"."""
    p = await portal_as("nominator")
    assert (await p.client.get("/nominations/c1/ZZ")).status_code == 404
    assert (await p.client.get("/nominations/c1/ZZ/publish")).status_code == 404
    assert (await p.client.get("/nominations/c1/UZ")).status_code == 200  # any country when none is listed
    p.matching.cycle_more = {"eligible_countries": ["KZ", "PK"]}
    assert (await p.client.get("/nominations/c1/UZ")).status_code == 404
    assert (await p.client.get("/nominations/c1/pk")).status_code == 200


def test_a_deadline_passes_at_its_instant():
    now = datetime(2027, 3, 31, tzinfo=UTC)
    assert has_passed("2027-03-31T00:00:00+00:00", now) and has_passed("2027-03-30T23:00:00", now)
    assert not has_passed("2027-03-31T00:00:01+00:00", now)
    assert not has_passed(None, now) and not has_passed("soon", now)


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_after_the_deadline_the_pool_is_read_only(portal_as, lang):
    p = await portal_as("nominator", lang)
    p.matching.closes_at = "2020-01-01T00:00:00+00:00"
    page = await p.client.get("/nominations/c1/PK")
    assert page.status_code == 200
    assert 'id="closed"' in page.text and words(lang, "Nominations for this cycle are closed.") in page.text
    assert 'value="publish"' not in page.text and 'id="f-state-a1" disabled' in page.text


async def test_applicants_and_hosts_cannot_open_the_pool(portal_as):
    for role in ("applicant", "partner"):
        p = await portal_as(role)
        r = await p.client.get("/nominations/c1/PK")
        assert r.status_code == 403, role
        assert p.matching.queries == []


# --- the host ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_host_admits_or_rejects_with_a_reason_and_sees_the_versions(portal_as, lang):
    p = await portal_as("partner", lang)
    assert p.home == "/host/admissions"  # partners may log in to the portal now
    page = await p.client.get("/host/admissions")
    # each card's buttons and notes are described by its own heading (which application they act on)
    described = re.findall(r'<button type="submit" class="(?:primary|danger)" aria-describedby="([^"]+)"', page.text)
    assert described and all(f'<h2 class="names" id="{d}">' in page.text for d in described)
    assert page.status_code == 200, page.text[:800]
    item = re.search(r'<li class="panel admission" id="match-m1".*?</li>\s*(?=<li class="panel|</ul>)', page.text, re.S)
    assert item, page.text[:2000]
    html = item.group(0)
    assert "Clinical Medicine (MMed)" in html and "Xi&#39;an Jiaotong University" in html
    for code in ("academic_record", "language", "capacity", "documents_incomplete", "health", "other"):
        assert words(lang, f"admission_reason:{code}") in html
    assert words(lang, "Admit") in html and words(lang, "Do not admit") in html
    deadline = re.search(r'<p class="reply-by">(.*?)</p>', html).group(1)
    assert words(lang, "Decide by {day}", day=format_day(lang, "2027-05-31")) in deadline
    assert translate(lang, "status:with_host") in html
    if lang != "en":
        assert "Do not admit" not in text_of(html)

    # a rejection needs a reason: nothing is sent without one
    r = await p.client.post(
        "/host/admissions/m1", data={"csrf": csrf_of(page.text), "decision": "rejected", "note": ""}
    )
    assert r.status_code == 422 and p.matching.admission_posts == []
    assert str(escape(translate(lang, "Choose a reason."))) in r.text.split('id="match-m1"', 1)[1]
    # "other" alone told the applicant nothing: the note is asked for, nothing sent
    r = await p.client.post(
        "/host/admissions/m1",
        data={"csrf": csrf_of(page.text), "decision": "rejected", "reason_code": "other", "note": " "},
    )
    assert r.status_code == 422 and p.matching.admission_posts == []
    said = translate(lang, "With the reason “Other”, write the reason in the note: the applicant reads it.")
    assert str(escape(said)) in r.text.split('id="match-m1"', 1)[1]

    r = await p.client.post(
        "/host/admissions/m1",
        data={
            "csrf": csrf_of(page.text),
            "decision": "rejected",
            "reason_code": "language",
            "note": "HSK 5 needed",
            "back": "/host/admissions?status=with_host",
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/host/admissions?status=with_host"
    assert p.matching.admission_posts == [
        ("m1", {"decision": "rejected", "reason_code": "language", "note": "HSK 5 needed"})
    ]
    after = await p.client.get(r.headers["location"])
    assert words(lang, "Recorded as not admitted; the seat is freed.") in after.text
    rejected = await p.client.get("/host/admissions?status=host_rejected")
    history = re.search(r'<ol class="timeline decisions">(.*?)</ol>', rejected.text, re.S).group(1)
    assert words(lang, "Version {n}: {decision}", n=1, decision=words(lang, "admission:rejected")) in history
    assert words(lang, "admission_reason:language") in history and "HSK 5 needed" in history

    # turning it back into an admission is refused by the service: said in the reader's words
    p.matching.refuse_admission = problem(409, "admission.seat_released", "decision", "seat released")
    r = await p.client.post(
        "/host/admissions/m1", data={"csrf": csrf_of(page.text), "decision": "admitted", "back": "//evil.example"}
    )
    # the refusal is shown on the admissions page itself (its card's note kept), never elsewhere
    assert r.status_code == 409 and "location" not in r.headers
    assert str(escape(translate(lang, BY_SEAT))) in r.text

    # the same decision again from an older tab: what was decided, not only "not awaiting"
    code, said = "admission.not_awaiting", "not awaiting: it is host_rejected"
    body = {"status": 409, "code": code, "detail": said, "errors": [
        {"field": "decision", "reason": said, "code": code, "status": "host_rejected"}
    ]}  # fmt: skip
    p.matching.refuse_admission = httpx.Response(409, json=body, headers={"content-type": "application/problem+json"})
    r = await p.client.post(
        "/host/admissions/m1",
        data={"csrf": csrf_of(page.text), "decision": "rejected", "reason_code": "language", "note": "again"},
    )
    assert r.status_code == 409 and str(escape(translate(lang, "This applicant was already not admitted."))) in r.text
    # withdrawn meanwhile: said as such (it read "not awaiting your decision", the inbox saying why)
    gone = {**body, "errors": [{**body["errors"][0], "status": "withdrawn"}]}
    p.matching.refuse_admission = httpx.Response(409, json=gone, headers={"content-type": "application/problem+json"})
    r = await p.client.post("/host/admissions/m1", data={"csrf": csrf_of(page.text), "decision": "admitted"})
    said = "The applicant withdrew the application: there is nothing to decide."
    assert r.status_code == 409 and str(escape(translate(lang, said))) in r.text


BY_SEAT = "The seat was already given up: a decision not to admit cannot be turned into an admission."


async def test_the_host_admits(portal_as):
    p = await portal_as("partner")
    page = await p.client.get("/host/admissions")
    r = await p.client.post(
        "/host/admissions/m1", data={"csrf": csrf_of(page.text), "decision": "admitted", "note": ""}
    )
    assert r.status_code == 303
    assert p.matching.admission_posts == [("m1", {"decision": "admitted", "reason_code": None, "note": None})]
    admitted = await p.client.get("/host/admissions?status=approved")
    assert "Change to not admitted" in admitted.text and 'data-status="approved"' in admitted.text
    # the host's word, as its tab says: admitted, not the officers' "approved"
    card = re.search(r'<li class="panel admission[^>]*data-status="approved">.*?</dl>', admitted.text, re.S).group(0)
    assert '<span class="badge badge-approved">admitted</span>' in card and ">approved<" not in card


# --- the applicant ------------------------------------------------------------------------------

STEPS: list[tuple[dict[str, Any], str, list[str]]] = [
    ({}, "With {authority} for nomination", [HEC]),
    (
        {"status": "reserve", "nomination": {"state": "reserve", "position": 3, "authority": HEC}},
        "On the reserve list of {authority}, position {position}",
        [],
    ),
    (
        {
            "status": "nominated",
            "nomination": {"state": "nominated", "position": 2, "authority": HEC, "promoted": True},
        },
        "Nominated by {authority}",
        ["You moved up from the reserve list."],
    ),
    (
        {
            "status": "not_nominated",
            "nomination": {"state": "not_nominated", "reason": "Quota <filled>", "authority": HEC},
        },
        "Not nominated by {authority}",
        ["The authority's reason:", "Quota &lt;filled&gt;"],
    ),
    ({"status": "with_host"}, "With the host institution for admission", []),
    (
        {"status": "not_admitted", "admission": {"decision": "rejected", "reason_code": "capacity", "note": "Full"}},
        "Not admitted by the host institution",
        ["admission_reason:capacity", "The host's note:", "Full"],
    ),
    (
        {"status": "offered", "admission": {"decision": "admitted", "reason_code": None, "note": None}},
        "The host institution admitted you.",
        [],
    ),
]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_applicant_sees_where_the_application_is(portal_as, lang):
    p = await portal_as("applicant", lang)
    for change, line, more in STEPS:
        p.apps.application.update({"status": "submitted", "nomination": None, "admission": None, **change})
        page = await p.client.get("/applications/a1")
        assert page.status_code == 200, page.text[:800]
        where = re.search(r'<section class="panel where.*?</section>', page.text, re.S)
        assert where, (change, page.text[:1500])
        shown = where.group(0)
        expected = words(lang, line, authority=HEC, position=3) if "{" in line else words(lang, line)
        assert expected in shown, (lang, line)
        for m in more:
            assert (words(lang, m) if m in AWARD_WORDS else m) in shown, m
        assert words(lang, "Where your application is") in shown
        if lang != "en":
            assert line.split("{")[0].strip() not in text_of(shown)
    # a scheme without a nomination stage: submitted says nothing more
    p.apps.application.update({"status": "submitted", "scheme_id": "cgs", "nomination": None})
    assert 'class="panel where' not in (await p.client.get("/applications/a1")).text


@pytest.mark.parametrize("lang", LANGS)
async def test_a_withdrawn_nomination_is_the_status_said_above_it(portal_as, lang):
    """The status line said "not nominated" right above "Your nomination by HEC was withdrawn"."""
    p = await portal_as("applicant", lang)
    p.apps.application.update({"status": "not_nominated", "nomination": {"state": "withdrawn", "reason": "r"}})
    page = await p.client.get("/applications/a1")
    line = re.search(r'<p class="status-line">.*?</p>', page.text, re.S).group(0)
    assert words(lang, "status:nomination_withdrawn") in line and words(lang, "status:not_nominated") not in line
    p.apps.application.update({"nomination": {"state": "not_nominated", "reason": "r"}})
    line = re.search(r'<p class="status-line">.*?</p>', (await p.client.get("/applications/a1")).text, re.S).group(0)
    assert words(lang, "status:not_nominated") in line


async def test_the_applicant_page_stands_when_the_matching_catalog_is_away(portal_as):
    p = await portal_as("applicant")
    p.apps.application["scheme_id"] = "gone"
    page = await p.client.get("/applications/a1")
    assert page.status_code == 200 and 'class="panel where' not in page.text


@pytest.mark.parametrize("lang", LANGS)
async def test_the_history_words_each_step_of_the_path(portal_as, lang):
    """The applications service's history details (code, params, text, authority) in words."""
    p = await portal_as("applicant", lang)
    at = "2027-03-01T09:00:00+00:00"

    def step(status: str, code: str, text: str | None = None, **params: Any) -> dict[str, Any]:
        detail = {"code": code, "params": params, "authority": HEC} | ({"text": text} if text else {})
        return {"status": status, "at": at, "reason": text, "details": [detail]}

    p.apps.application.update(
        status="not_admitted",
        history=[
            step("reserve", "nomination.reserve_position", position=3, promoted=False),
            step("nominated", "nomination.nominated", position=2, promoted=True),
            step("not_admitted", "admission.language", "HSK <5> needed"),
        ],
    )
    page = await p.client.get("/applications/a1")
    history = re.search(r'<section aria-labelledby="history-title".*?</section>', page.text, re.S).group(0)
    assert words(lang, "On the reserve list of {authority}, position {position}", authority=HEC, position=3) in history
    assert words(lang, "Nominated by {authority}", authority=HEC) in history
    assert words(lang, "You moved up from the reserve list.") in history
    assert words(lang, "admission_reason:language") in history and "HSK &lt;5&gt; needed" in history
    assert "nomination.nominated" not in text_of(history) and "admission.language" not in text_of(history)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_history_names_the_home_institution_and_the_authority_in_the_readers_language(
    portal_as, monkeypatch, lang
):
    """The decisions recorded the names as typed (English): the history names them as the
    catalog does in the reader's language, and as recorded where it has no translation."""
    ministry = "Ministry of Science and Higher Education"
    kemu = "King Edward Medical University"
    in_ru = {"ru": "Министерство науки и высшего образования Республики Казахстан"}
    monkeypatch.setitem(SCHEME, "authority_translations", {"KZ": in_ru})
    kemu_in = {"ru": "Медицинский университет имени короля Эдуарда", "ur": "کنگ ایڈورڈ میڈیکل یونیورسٹی"}
    p = await portal_as("applicant", lang)
    at = "2027-03-01T09:00:00+00:00"
    endorsed = {"code": "endorsement.endorsed", "params": {"cohort": None}, "institution": kemu}
    nominated = {"code": "nomination.nominated", "params": {"position": 1}, "authority": ministry}
    p.apps.application.update(
        status="nominated",
        sending_country="KZ",
        home_institution_name=kemu,
        home_institution_translations=kemu_in,
        history=[
            {"status": "endorsed", "at": at, "reason": None, "details": [endorsed]},
            {"status": "nominated", "at": at, "reason": None, "details": [nominated]},
        ],
    )
    page = await p.client.get("/applications/a1")
    history = re.search(r'<section aria-labelledby="history-title".*?</section>', page.text, re.S).group(0)
    authority = in_ru.get(lang, ministry)
    assert words(lang, "Nominated by {authority}", authority=authority) in history
    endorsed_by = ENDORSEMENT_WORDS["Endorsed by {institution}"][lang].format(institution=kemu_in.get(lang, kemu))
    assert str(escape(endorsed_by)) in history
    if lang in ("ru", "ur"):
        assert kemu not in history
    if lang == "ru":
        assert ministry not in history


@pytest.mark.parametrize("lang", LANGS)
async def test_a_note_written_by_the_host_or_an_authority_is_isolated_inside_the_pages_quotes(portal_as, lang):
    """An English note in an Urdu page showed its quotes reversed and its "!" moved: the quotes
    are the page's (<q>), the note inside takes its own direction (<bdi dir="auto">)."""
    note = "Welcome to KazNMU! Please bring your original passport."
    at = "2027-03-01T09:00:00+00:00"
    p = await portal_as("applicant", lang)
    admitted = {"code": "nomination.not_nominated", "params": {}, "authority": HEC, "text": "Quota <full>"}
    p.apps.application.update(
        status="offered",
        offered_programme_id="p1",
        admission={"decision": "admitted", "note": note, "match_id": "m1"},
        history=[{"status": "not_nominated", "at": at, "reason": None, "details": [admitted]}],
    )
    html = (await p.client.get("/applications/a1")).text
    assert f'<q class="where-note"><bdi dir="auto">{note}</bdi></q>' in html
    assert '<q><bdi dir="auto">Quota &lt;full&gt;</bdi></q>' in html
    assert '<q dir="auto"' not in html


@pytest.mark.parametrize("lang", LANGS)
async def test_the_applicant_is_told_by_when_the_stage_holding_the_application_decides(portal_as, monkeypatch, lang):
    """Staff pages showed the stage deadlines, the applicant's page none: each waiting stage now
    says the cycle's deadline (as the page writes days), and the host deciding now is named."""
    endorse, nominate, admit = "2099-03-15T23:59:00+00:00", "2099-04-30T23:59:00+00:00", "2099-06-01T12:00:00+00:00"

    def expected(day: str) -> str:
        return str(escape(translate(lang, "Decision expected by {day}.", day=format_day(lang, day))))

    monkeypatch.setitem(SCHEME, "path", ["endorsement", "nomination", "matching", "admission", "answer"])
    monkeypatch.setitem(PROGRAMME, "host_institution_id", "xjmu")
    p = await portal_as("applicant", lang)
    p.matching.cycle_more = {
        "endorsement_closes_at": endorse,
        "nomination_closes_at": nominate,
        "admission_closes_at": admit,
    }
    p.apps.application.update(status="submitted", home_institution_id="kemu", home_institution_name="KEMU")
    html = (await p.client.get("/applications/a1")).text
    assert expected(endorse) in html.split('id="endorsement-by">', 1)[1].split("</p>", 1)[0]
    assert expected(nominate) in html.split('id="where-by">', 1)[1].split("</p>", 1)[0]

    p.apps.application.update(status="with_host", host_institution_id="xjmu")
    html = (await p.client.get("/applications/a1")).text
    where = re.search(r'<section class="panel where.*?</section>', html, re.S).group(0)
    assert words(lang, "With {institution} for admission", institution=PROGRAMME["host_institution_name"]) in where
    assert expected(admit) in where

    # a deadline gone by is not said; an unknown host keeps the general line
    p.matching.cycle_more = {"admission_closes_at": "2001-01-01T00:00:00+00:00"}
    p.apps.application.update(host_institution_id="elsewhere")
    where = re.search(r'<section class="panel where.*?</section>', (await p.client.get("/applications/a1")).text, re.S)
    assert 'id="where-by"' not in where.group(0)
    assert words(lang, "With the host institution for admission") in where.group(0)


async def test_the_nominator_opens_a_candidates_documents_from_the_pool(portal_as):
    """A nominating authority reviews its candidates' documents (issue 15: it may ask for new
    ones): the pool links each candidate to the review page, which lets it in; an applicant not."""
    p = await portal_as("nominator")
    page = await p.client.get("/nominations/c1/PK")
    assert 'href="/officer/applications/a1/documents"' in page.text
    review = await p.client.get("/officer/applications/a1/documents")
    assert review.status_code != 403
    assert any(path.startswith("/officer/applications/a1") for path in p.apps.paths)
    applicant = await portal_as("applicant")
    assert (await applicant.client.get("/officer/applications/a1/documents")).status_code == 403


async def test_in_urdu_each_name_of_a_heading_is_isolated_and_kept_whole(portal_as):
    """Right to left: "<cycle> · <country>" and "<programme> · <host>" headings wrap each name in
    its own <bdi> (kept whole by `.names bdi` in portal.css), never a bare name beside the dot."""
    from pathlib import Path

    css = (Path(__file__).parents[3] / "services/portal/static/portal.css").read_text()
    assert re.search(r"\.names bdi\s*\{[^}]*display:\s*inline-block", css)
    p = await portal_as("nominator", "ur")
    page = await p.client.get("/nominations/c1/PK")
    h1 = re.search(r'<h1 class="names">(.*?)</h1>', page.text, re.S).group(1)
    # the dot goes with the name after it when the heading wraps (it stood alone at a line's end)
    assert re.fullmatch(r'<bdi>[^<]+</bdi> <span class="together">· <bdi>[^<]+</bdi></span>', h1.strip()), h1
    # side by side, the name wrapping beside the dot: as an inline block a long Russian
    # university name went under the dot and left "·" alone on a 390 px line
    assert re.search(r"\.together\s*\{[^}]*display:\s*inline-flex", css)
    host = await portal_as("partner", "ur")
    page = await host.client.get("/host/admissions")
    h2 = re.search(r'<h2 class="names" id="match-title-[^"]+">(.*?)</h2>', page.text, re.S).group(1)
    assert h2.count("<bdi>") == 2 and "Clinical Medicine (MMed)" in h2


async def test_a_refused_decision_stays_beside_its_card_with_the_reason_and_note_as_chosen(portal_as):
    """A service refusal redirected back with a message at the top: the reason chosen and the
    note typed were gone."""
    p = await portal_as("partner")
    page = await p.client.get("/host/admissions")
    p.matching.refuse_admission = problem(422, "validation", "note", "must not contain control characters")
    form = {"csrf": csrf_of(page.text), "decision": "rejected", "reason_code": "language", "note": "Needs HSK 5"}
    r = await p.client.post("/host/admissions/m1", data=form)
    assert r.status_code == 422 and "location" not in r.headers
    card = re.search(r'<li class="panel admission has-error" id="match-m1".*?</li>', r.text, re.S).group(0)
    assert 'value="Needs HSK 5"' in card and '<option value="language" selected>' in card


async def test_a_page_past_the_end_of_a_pool_or_the_admissions_goes_to_the_last(portal_as):
    """An edited address (?offset=5000) showed "No candidates match." with only a Previous link."""
    p = await portal_as("nominator")
    beyond = await p.client.get("/nominations/c1/PK?state=&sort=grade&offset=5000")
    assert beyond.status_code == 303
    assert beyond.headers["location"] == "/nominations/c1/PK?sort=grade&order=asc&offset=0"
    host = await portal_as("partner")
    beyond = await host.client.get("/host/admissions?offset=5000")
    assert beyond.status_code == 303 and beyond.headers["location"].startswith("/host/admissions?status=with_host")
    assert "offset=0" in beyond.headers["location"]


async def test_a_partners_cycle_filter_offers_the_cycles_of_its_programmes_only(portal_as):
    """A partner scoped to one university saw every scheme's cycle in the filter."""
    host = await portal_as("partner")
    page = await host.client.get("/host/admissions")
    options = re.search(r'<select[^>]*name="cycle_id".*?</select>', page.text, re.S).group(0)
    assert '<option value="c1"' in options and '<option value="c9"' not in options


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_a_nominees_place_is_said_as_it_stands(portal_as, lang):
    """ "Holds a place" was said of a nominee still with the host, who had not decided."""
    p = await portal_as("nominator", lang)
    for c, placed in zip(p.matching.candidates, ("with_host", "approved", "accepted"), strict=False):
        c.update(state="nominated", placed=placed)
    page = await p.client.get("/nominations/c1/PK")
    badge = {a: re.search(rf'id="placed-{a}">(.*?)</span>', page.text).group(1) for a in ("a1", "a2", "a3")}
    assert badge == {
        "a1": str(escape(translate(lang, "status:with_host"))),
        "a2": str(escape(translate(lang, "status:offered"))),
        "a3": str(escape(translate(lang, "Holds a place"))),
    }
    # and stays nominated: its decision offers nothing else (another was refused only on publishing)
    select = re.search(r'<select name="state.a1".*?</select>', page.text, re.S).group(0)
    assert re.findall(r'<option value="([a-z_]*)"', select) == ["nominated"]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_decision_from_an_older_page_does_not_overturn_one_made_since(portal_as, lang):
    """A host admitted in one tab, then pressed "Do not admit" on the same card in an older
    tab: the admission was overturned without a word, and the applicant got both notices."""
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/admissions")
    card = re.search(r'<li class="panel admission" id="match-m1".*?</li>\s*(?=<li class="panel|</ul>)', page.text, re.S)
    versions = set(re.findall(r'<input type="hidden" name="version" value="(\d+)">', card.group(0)))
    assert versions == {"0"}  # no decision yet: each of the card's forms says so
    code, said = "admission.changed", "the decision changed since version 0: it is version 1 (admitted)"
    body = {"status": 409, "code": code, "detail": said, "errors": [
        {"field": "version", "reason": said, "code": code, "status": "approved", "version": 1}
    ]}  # fmt: skip
    p.matching.refuse_admission = httpx.Response(409, json=body, headers={"content-type": "application/problem+json"})
    r = await p.client.post(
        "/host/admissions/m1",
        data={"csrf": csrf_of(page.text), "decision": "rejected", "reason_code": "capacity", "version": "0"},
    )
    assert p.matching.admission_posts[-1] == (
        "m1",
        {"decision": "rejected", "reason_code": "capacity", "note": None, "version": 0},
    )
    meanwhile = (
        "Meanwhile this applicant was admitted (in another tab or by a colleague): the offer has gone to them. "
        "Nothing was changed; read the card again before you change it."
    )
    # said at the top of the tab the card is on now, the page at the card (it left the tab shown)
    assert r.status_code == 303 and r.headers["location"] == "/host/admissions?status=approved#match-m1"
    p.matching.refuse_admission = None
    after = await p.client.get(r.headers["location"])
    assert str(escape(translate(lang, meanwhile))) in after.text


async def test_the_hosts_list_counts_each_tab_filters_by_programme_and_exports_in_its_language(portal_as):
    """A host with dozens of applicants had one long page: no counts, no filter but the cycle,
    no export (officers had theirs)."""
    p = await portal_as("partner", "zh")
    page = await p.client.get("/host/admissions")
    assert re.search(r'id="tab-with_host"[^>]*>[^<]*<span class="count">\(1\)</span>', page.text)
    assert re.search(r'id="tab-approved"[^>]*>[^<]*<span class="count">\(0\)</span>', page.text)
    # those who withdrew after an admission (a place given up too) have their tab: the notice points here
    withdrew = re.search(r'id="tab-withdrawn"[^>]*>([^<]*)<span class="count">\(0\)</span>', page.text)
    assert withdrew and withdrew.group(1).strip() == translate("zh", "Withdrew")
    assert '<option value="p1">Clinical Medicine (MMed)' in page.text  # its programmes to filter by
    filtered = await p.client.get("/host/admissions?programme_id=p1")
    assert 'id="match-m1"' in filtered.text and p.matching.admission_queries[-1]["programme_id"] == ["p1"]
    # a programme not among its own (another cycle's, kept when the cycle changed): dropped, not
    # an empty list while applicants wait
    stale = await p.client.get("/host/admissions?cycle_id=c1&programme_id=other")
    assert stale.status_code == 303 and stale.headers["location"] == "/host/admissions?status=with_host&cycle_id=c1"
    export = await p.client.get("/host/admissions.csv?status=with_host")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == [
        translate("zh", "Application"),
        translate("zh", "Programme"),
        translate("zh", "Host institution"),
    ]
    assert rows[0][2] != "Host institution"
    assert rows[1][0] == "a1" and rows[1][2] == "Xi'an Jiaotong University" and rows[1][4] == "巴基斯坦"
    assert rows[1][6] == translate("zh", "status:with_host") and rows[1][7] == "2027-05-31"
    workbook = await p.client.get("/host/admissions.xlsx?status=with_host")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_a_candidates_choice_names_its_host_where_the_catalog_has_it():
    from services.portal.domain.award import choice_names

    programmes = [
        {"id": "p1", "title": "Petroleum Engineering (MEng)", "host_institution_id": "xju"},
        {"id": "p2", "title": "General Medicine", "host_institution_id": "gone"},
    ]
    named = choice_names(programmes, [{"id": "xju", "name": "Xinjiang University"}])
    assert named == {"p1": "Petroleum Engineering (MEng) · Xinjiang University", "p2": "General Medicine"}


@pytest.mark.parametrize("lang", LANGS)
async def test_not_admitting_an_admitted_applicant_says_the_offer_is_withdrawn_and_asks_to_confirm(portal_as, lang):
    """An admission whose offer had gone out was withdrawn in one click, with no word of the offer."""
    p = await portal_as("partner", lang)
    p.matching.admissions[0].update(status="approved", decisions=[
        {"version": 1, "decision": "admitted", "reason_code": None, "note": None, "decided_by": "x",
         "decided_by_name": "", "decided_at": "2027-04-01T10:00:00+00:00"}
    ])  # fmt: skip
    page = await p.client.get("/host/admissions?status=approved")
    warning = "The applicant was offered the place when you admitted them: not admitting them now withdraws that offer, and they are told so."
    assert str(escape(translate(lang, warning))) in page.text and 'name="confirm" value="yes"' in page.text
    form = {
        "csrf": csrf_of(page.text),
        "decision": "rejected",
        "reason_code": "capacity",
        "revoke": "yes",
        "version": "1",
        "back": "/host/admissions?status=approved",
    }
    r = await p.client.post("/host/admissions/m1", data=form)
    assert r.status_code == 422 and p.matching.admission_posts == []
    said = str(escape(translate(lang, "Tick the box to confirm that the offer is withdrawn.")))
    assert said in r.text.split('id="match-m1"', 1)[1] and 'href="#f-confirm-m1"' in r.text
    r = await p.client.post("/host/admissions/m1", data={**form, "confirm": "yes"})
    assert r.status_code == 303 and p.matching.admission_posts[-1][1]["decision"] == "rejected"


async def test_a_host_of_several_institutions_filters_by_one(portal_as):
    """One office admits for four universities: the notice named one, the page showed all."""
    p = await portal_as("partner", "en")
    p.matching.programmes_listed = [
        {**PROGRAMME, "id": "p1", "host_institution_id": "xjmu"},
        {**PROGRAMME, "id": "p2", "title": "Petroleum Engineering", "host_institution_id": "xju"},
    ]
    page = await p.client.get("/host/admissions?institution_id=xjmu")
    assert '<select id="f-institution_id" name="institution_id">' in page.text
    assert '<option value="xjmu" selected>' in page.text and '<option value="xju">' in page.text
    assert p.matching.admission_queries[0]["institution_id"] == ["xjmu"]
    # the programmes offered are that institution's
    assert '<option value="p1">' in page.text and '<option value="p2">' not in page.text


def _published(p, places: dict[str, tuple[str, int | None]]) -> None:
    p.matching.status = "published"
    for c in p.matching.candidates:
        c["state"], c["position"] = places[c["application_id"]]


@pytest.mark.parametrize("lang", LANGS)
async def test_publishing_again_shows_who_moves_and_the_reserves_passed_over(portal_as, lang):
    """HEC moved its nominee #2 to the reserve list and nominated a candidate from outside it:
    the confirmation listed the new lists only, so neither the nominee moving down nor the two
    reserves passed over were seen before publishing."""
    p = await portal_as("nominator", lang)
    _published(p, {"a1": ("nominated", 1), "a2": ("nominated", 2), "a3": ("reserve", 1), "a4": ("not_nominated", None)})
    page = await p.client.get("/nominations/c1/PK")
    change = {
        "csrf": csrf_of(page.text),
        "shown[]": ["a1", "a2", "a3", "a4"],
        "state.a1": "nominated",
        "rank.a1": "1",
        "state.a2": "reserve",
        "rank.a2": "2",
        "state.a3": "reserve",
        "rank.a3": "1",
        "state.a4": "nominated",
        "rank.a4": "2",
        "action": "publish",
    }
    confirm = await p.client.post("/nominations/c1/PK", data=change)
    assert confirm.status_code == 200, confirm.text[:800]
    table = re.search(r'<table class="responsive" id="confirm-changes">.*?</table>', confirm.text, re.S).group(0)
    rows = re.findall(r'<tr id="change-(\w+)"( class="leaving")?>', table)
    assert rows == [("a2", ' class="leaving"'), ("a4", "")]  # the nominee leaving first; a1 and a3 stay
    moved = re.search(r'id="change-a2".*?</tr>', table, re.S).group(0)
    assert text_of(moved).count(translate(lang, "nomination:nominated")) == 1 and "#2" in moved
    assert translate(lang, "nomination:reserve") in text_of(moved)
    said = "Each of them is told. A nominee moved to the reserve list or left off is told that the nomination is withdrawn."
    assert words(lang, said) in text_of(confirm.text)
    passed = re.search(r'id="passed-over">(.*?)</div>', confirm.text, re.S).group(1)
    assert "Sana Iqbal" in passed and "Ayesha Khan" not in passed
    # "No, keep editing" goes back to the pool as marked here (a link back lost every change)
    lists = html.unescape(re.search(r'name="lists" value="([^"]*)"', confirm.text).group(1))
    puts = len(p.matching.puts)
    back = await p.client.post("/nominations/c1/PK/edit", data={"csrf": csrf_of(confirm.text), "lists": lists})
    assert back.status_code == 200 and len(p.matching.puts) == puts  # nothing saved
    assert re.search(
        r'<option value="reserve" selected>', back.text.split('id="f-state-a2"', 1)[1].split("</select>")[0]
    )
    assert re.search(
        r'<option value="nominated" selected>', back.text.split('id="f-state-a4"', 1)[1].split("</select>")[0]
    )
    assert re.search(r'name="rank.a4" id="f-rank-a4"[^>]*value="2"', back.text)


async def test_a_first_publication_lists_no_changes(portal_as):
    p = await portal_as("nominator")
    page = await p.client.get("/nominations/c1/PK")
    form = {"csrf": csrf_of(page.text), "shown[]": ["a1"], "state.a1": "nominated", "action": "publish"}
    await p.client.post("/nominations/c1/PK", data=form)
    confirm = await p.client.get("/nominations/c1/PK/publish")
    assert 'id="confirm-nominees"' in confirm.text and 'id="confirm-changes"' not in confirm.text


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_taking_off_a_nominee_who_holds_a_place_is_refused_on_its_row_before_the_confirmation(portal_as, lang):
    """It was refused only at "Yes, publish the list", after a confirmation that said nothing,
    and the refusal was printed twice."""
    p = await portal_as("nominator", lang)
    _published(p, {"a1": ("nominated", 1), "a2": ("nominated", 2), "a3": ("reserve", 1), "a4": ("not_nominated", None)})
    p.matching.candidates[0]["placed"] = "with_host"
    page = await p.client.get("/nominations/c1/PK")
    change = {
        "csrf": csrf_of(page.text),
        "shown[]": ["a1", "a2", "a3", "a4"],
        "state.a1": "not_nominated",
        "state.a2": "nominated",
        "state.a3": "nominated",
        "state.a4": "not_nominated",
        "action": "publish",
    }
    puts = len(p.matching.puts)
    r = await p.client.post("/nominations/c1/PK", data=change)
    assert r.status_code == 409 and len(p.matching.puts) == puts
    said = message_for("nomination.placed", "")
    assert re.search(r'id="e-row-a1">([^<]*)</p>', r.text).group(1) == str(escape(translate(lang, str(said))))
    assert r.text.count(str(escape(translate(lang, str(said))))) == 2  # the row and its line in the summary
    assert 'id="confirm-changes"' not in r.text and re.search(
        r'<option value="not_nominated" selected>', r.text.split('id="f-state-a1"', 1)[1]
    )
    decision = re.search(r'<select name="state.a1"[^>]*>', r.text).group(0)  # the decision is marked, not the rank
    assert 'aria-invalid="true"' in decision
    assert "aria-invalid" not in re.search(r'<input name="rank.a1"[^>]*>', r.text).group(0)


def test_the_changes_of_a_list_put_the_nominees_leaving_first():
    from services.portal.domain.award import list_changes

    people = [
        {"application_id": "n1", "applicant_name": "N1", "state": "nominated", "position": 1},
        {"application_id": "n2", "applicant_name": "N2", "state": "nominated", "position": 2},
        {"application_id": "r1", "applicant_name": "R1", "state": "reserve", "position": 1},
        {"application_id": "r2", "applicant_name": "R2", "state": "reserve", "position": 2},
        {"application_id": "w", "applicant_name": "W", "state": "withdrawn", "position": None},
    ]
    lists = {"nominees": ["n1", "r2"], "reserve": ["r1"], "not_nominated": [{"application_id": "n2", "reason": ""}]}
    changes, passed = list_changes(people, lists)
    assert [(c.application_id, c.before, c.after, c.after_position) for c in changes] == [
        ("n2", "nominated", "not_nominated", None),
        ("r2", "reserve", "nominated", 2),
    ]
    assert passed == ["r1"]  # stays first on the reserve while the second is nominated
    # the first of the reserve moving up passes nobody over
    _changes, passed = list_changes(people, {"nominees": ["n1", "r1"], "reserve": ["r2"], "not_nominated": []})
    assert passed == []


def test_an_applicant_left_off_again_with_another_reason_is_listed_as_told_again():
    """Only the reason of a non-nominee changed: the confirmation listed nobody, and he got a
    second "not nominated" e-mail with the new reason."""
    from services.portal.domain.award import list_changes

    people = [
        {"application_id": "n", "applicant_name": "N", "state": "nominated", "position": 1},
        {"application_id": "x", "applicant_name": "Nursultan", "state": "not_nominated", "position": None, "reason": "late"},
        {"application_id": "y", "applicant_name": "Same", "state": "not_nominated", "position": None, "reason": "grade"},
    ]  # fmt: skip
    left = [{"application_id": "x", "reason": "documents missing"}, {"application_id": "y", "reason": " grade "}]
    changes, _ = list_changes(people, {"nominees": ["n"], "reserve": [], "not_nominated": left})
    assert [(c.application_id, c.before, c.after, c.reason_changed) for c in changes] == [
        ("x", "not_nominated", "not_nominated", True)
    ]


async def test_a_certificate_level_reads_as_the_language_writes_numbers(portal_as):
    """The nominator's pool read "HSK 5.0, IELTS 6.5" where the application page reads "HSK 5"."""
    p = await portal_as("nominator")
    p.matching.candidates[0]["language_certificates"] = [{"kind": "HSK", "level": 5.0}, {"kind": "IELTS", "level": 6.5}]
    page = await p.client.get("/nominations/c1/PK")
    assert "HSK 5, IELTS 6.5" in page.text and "5.0" not in page.text


async def test_in_russian_a_hosts_admitted_and_accepted_cards_read_as_two_steps(portal_as):
    """The accepted card read "принято" beside the admitted card's "принят(а)": two words for
    one thing to a host. Accepted is the applicant's answer: "предложение принято", as the
    tab ("Приняли предложение") and the declined status ("отказ от предложения") say."""
    p = await portal_as("partner", "ru")
    p.matching.admissions[0]["status"] = "accepted"
    page = await p.client.get("/host/admissions?status=accepted")
    card = re.search(r'<li class="panel admission[^>]*data-status="accepted">.*?</dl>', page.text, re.S).group(0)
    status = re.search(r"<dt>Статус</dt><dd>(.*?)</dd>", card, re.S).group(1)
    assert "предложение принято" in status and ">принято<" not in status
    assert translate("ru", "status:accepted") != translate("ru", "admission:admitted")


HIDDEN_BOTH = (
    "The applicant has not (yet) agreed to share their identity or documents with the host institution. They are "
    "hidden for that reason, not missing: do not reject for incomplete documents on that account."
)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_hosts_card_says_plainly_what_the_applicant_has_not_shared(portal_as, lang):
    """Farrukh had not agreed to share his identity or documents; his card said nothing of it and
    the host rejected him for "incomplete documents". The card says what is shared, and when the
    documents are hidden, that they are hidden for want of consent, not missing."""
    p = await portal_as("partner", lang)
    p.apps.consent = {"a1": {"host_identity": False, "host_documents": False, "at": None}}
    page = await p.client.get("/host/admissions")
    card = re.search(r'<li class="panel admission" id="match-m1".*?<div class="decide">', page.text, re.S).group(0)
    assert p.apps.consent_asked == [["a1"]]  # the page's cards only
    assert (
        str(escape(translate(lang, "Shared with the host"))) in card
        and str(escape(translate(lang, "sharing:nothing"))) in card
    )
    assert str(escape(translate(lang, HIDDEN_BOTH))) in card
    assert "Farrukh" not in card  # no name without the identity shared
    if lang != "en":
        assert "not missing" not in card
    # documents hidden, identity shared: the documents' sentence; both shared: no warning
    p.apps.consent["a1"] = {"host_identity": True, "host_documents": False, "at": "2027-04-01T10:00:00+00:00"}
    card = (await p.client.get("/host/admissions")).text.split('id="match-m1"', 1)[1]
    hidden = (
        "The applicant has not (yet) agreed to share their documents with the host institution. They are hidden "
        "for that reason, not missing: do not reject for incomplete documents on that account."
    )
    assert str(escape(translate(lang, hidden))) in card and str(escape(translate(lang, "sharing:identity"))) in card
    # the identity shared: the card names the applicant (a list of bare ids had told the host nothing)
    assert '<bdi class="applicant-name">Farrukh Tashkentov</bdi>' in card
    assert "passport-name" not in card  # the same letters: not said twice
    p.apps.name = "Фаррух Ташкентов"  # typed in Cyrillic: read in Urumqi by its passport's letters too
    card = (await p.client.get("/host/admissions")).text.split('id="match-m1"', 1)[1]
    assert '<bdi dir="ltr" class="passport-name">(FARRUKH TASHKENTOV)</bdi>' in card
    del p.apps.name
    # and "Do not admit" is folded with what it does: beside "Admit", one click had ended a nomination
    assert '<details class="reject">' in card and str(escape(translate(lang, "Do not admit…"))) in card
    p.apps.consent["a1"] = {"host_identity": True, "host_documents": True, "at": "2027-04-01T10:00:00+00:00"}
    card = (await p.client.get("/host/admissions")).text.split('id="match-m1"', 1)[1]
    assert 'class="warn consent-hidden"' not in card and str(escape(translate(lang, "sharing:all"))) in card
    assert 'id="reads-in-m1"' not in card  # the language unknown: nothing said of it
    # the language the applicant reads, beside the note that reaches them as written
    p.apps.reads_in["a1"] = "ru"
    card = (await p.client.get("/host/admissions")).text.split('id="match-m1"', 1)[1]
    reads = translate(lang, "The applicant reads messages in {language}.", language=language_name(lang, "ru"))
    assert str(escape(reads)) in card


async def test_an_officer_on_the_hosts_page_reads_the_consent_in_scope_and_nothing_when_it_is_away(portal_as):
    officer = await portal_as("officer")
    officer.apps.consent = {"a1": {"host_identity": False, "host_documents": True, "at": None}}
    page = await officer.client.get("/host/admissions")
    assert officer.apps.consent_asked == [["a1"]] and "/officer/consent" in officer.apps.paths
    said = (
        "The applicant has not (yet) agreed to share their identity with the host institution: their name and "
        "contact details are hidden for that reason."
    )
    assert str(escape(said)) in page.text
    officer.apps.consent = {}  # not answered: the card says nothing of what is shared
    page = await officer.client.get("/host/admissions")
    assert page.status_code == 200 and "Shared with the host" not in page.text


AFTER = {
    "out": "This ends your application in this cycle: with the host's decision your nomination was withdrawn, and "
    "later matching rounds do not consider your other choices.",
    "other_choices": "Your application stays in this cycle for your other choices: a later matching round may "
    "place you in one of them (not in this programme again).",
    "no_other_choice": "You chose no other programme in this cycle, so no later matching round can place you.",
}


@pytest.mark.parametrize("lang", LANGS)
async def test_a_host_rejection_says_whether_the_application_is_still_in_the_cycle(portal_as, lang):
    """Farrukh's page said only "Not admitted by the host institution": nothing told him that
    under the SCO's nomination stage he was out of the cycle, choices 2 and 3 included (matching
    withdraws the nominee and no later round considers him). Without a nomination stage his
    other choices stay in the later rounds, and that is said instead."""
    p = await portal_as("applicant", lang)
    rejected = {"decision": "rejected", "reason_code": "documents_incomplete", "note": None}
    cases = [
        ("sco", ["p1", "p2", "p3"], "out"),
        ("cgs", ["p1", "p2"], "other_choices"),
        ("cgs", ["p1"], "no_other_choice"),
    ]
    for scheme, choices, after in cases:
        p.apps.application.update(status="not_admitted", scheme_id=scheme, choices=choices, admission=rejected)
        page = await p.client.get("/applications/a1")
        where = re.search(r'<section class="panel where.*?</section>', page.text, re.S).group(0)
        assert f'data-after="{after}"' in where, (scheme, choices)
        assert words(lang, AFTER[after]) in where
        for other in set(AFTER) - {after}:
            assert words(lang, AFTER[other]) not in where
    # the scheme not known (the catalog away): nothing said rather than a guess
    p.apps.application["scheme_id"] = "gone"
    assert "where-after" not in (await p.client.get("/applications/a1")).text


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_the_pool_says_a_non_nominees_reason_is_optional_and_what_they_are_told_without_one(portal_as, lang):
    """A list published with an empty reason e-mailed "not nominated" with no why, and nothing
    on the page had said a reason was optional."""
    p = await portal_as("nominator", lang)
    page = await p.client.get("/nominations/c1/PK")
    said = "The reason for an applicant not nominated is optional: they are e-mailed it as you write it, or, without one, only that they were not nominated."  # fmt: skip
    assert translate(lang, said) in html.unescape(page.text) and (lang == "en" or translate(lang, said) != said)


@pytest.mark.parametrize(("status", "linked"), [("with_host", True), ("accepted", True), ("declined", False)])
async def test_a_card_links_the_applicants_page_only_while_the_application_is_with_the_host(portal_as, status, linked):
    """After a decline the link opened "this application is not with your institution"."""
    p = await portal_as("partner")
    p.matching.admissions[0]["status"] = status
    page = await p.client.get("/host/admissions", params={"status": status})
    assert 'id="match-m1"' in page.text and ('href="/host/applications/a1"' in page.text) is linked


@pytest.mark.parametrize("lang", LANGS)
async def test_not_admitting_a_nominee_says_it_ends_the_nomination_and_the_other_choices(portal_as, lang):
    """A host's "Do not admit" ended a nominee's whole cycle (their choices at other institutions
    too) while its form spoke of this one place only; in a scheme without nominations it does not."""
    ends = "In this scheme it also ends the applicant's nomination: later rounds do not consider their other choices, at other institutions too, and the first on the authority's reserve list moves up."
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/admissions")
    card = page.text.split('id="match-m1"', 1)[1]
    assert str(escape(translate(lang, ends))) in card
    p.matching.admissions[0]["cycle_id"] = "c9"  # CGS: no nomination stage
    page = await p.client.get("/host/admissions")
    assert "nomination-ends" not in page.text


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_publishing_sends_the_version_read_and_a_colleagues_publication_meanwhile_is_said(portal_as, lang):
    """Two nominators published at once from the same list: the second undid the first, and
    the applicants were told both within a second. The confirmation carries the version it
    read and its one-time value; the service refuses a list published again since."""
    p = await portal_as("nominator", lang)
    confirm = await p.client.get("/nominations/c1/PK/publish")
    version = int(re.search(r'name="version" value="(\d+)"', confirm.text).group(1))
    once = re.search(r'id="confirm-publish".*?name="once" value="([^"]+)"', confirm.text, re.S).group(1)
    form = {"csrf": csrf_of(confirm.text), "once": once, "version": str(version)}
    r = await p.client.post("/nominations/c1/PK/publish", data=form)
    assert r.status_code == 303 and p.matching.puts[-1]["version"] == version and p.matching.put_keys[-1] == once
    p.matching.refuse_put = problem(409, "nomination.changed", "version", "published again meanwhile", version=9)
    r = await p.client.post("/nominations/c1/PK/publish", data={**form, "once": "another-value-1234"})
    assert r.status_code == 409
    said = "A colleague published this list meanwhile: it now shows the list as they published it, and nothing of yours was published. Check it, and publish again if it still needs your changes."  # fmt: skip
    assert str(escape(translate(lang, said))) in r.text


@pytest.mark.parametrize(("lang", "country"), [("en", "Pakistan"), ("ru", "Пакистан")])
async def test_a_countrys_list_is_titled_with_its_cycle_and_country(portal_as, lang, country):
    """Every country's list read "Nominations · Corridor" in the tab and the history alike."""
    p = await portal_as("nominator", lang)
    page = await p.client.get("/nominations/c1/PK")
    title = re.search(r"<title>(.*?)</title>", page.text).group(1)
    assert "SCO 2026/27" in title and country in title


async def test_the_nominators_home_lists_the_cycles_in_use_not_the_archived(portal_as):
    p = await portal_as("nominator", "en")
    assert (await p.client.get("/nominations")).status_code == 200
    assert p.matching.cycle_queries[-1]["archived"] == "false"
