"""The officer workbench (issue 16) over fake services: a round's waitlist with names and
scores, the quota matrix of programmes by country, the application table (sort, filter,
search, paging) and its CSV and Excel exports, each word in every language."""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from openpyxl import load_workbook

from services.portal.app import create_app
from services.portal.domain.workbench import (
    OUTCOME_WORDS,
    SORTS,
    STATUSES,
    TableQuery,
    bulk_report,
    review_rows,
    safe_text,
    selected_ids,
    to_csv,
)
from services.portal.i18n import CATALOGS, language_name, translate
from services.portal.settings import Settings
from services.portal.views.officer import ACTION_WORDS, EXPORT_HEADINGS, FILTER_WORDS, UNMODERATED, UNVERIFIED
from tests.unit.portal.test_pages_with_fake_services import CYCLE, READY, FakeApplications, csrf_of

ROOT = Path(__file__).resolve().parents[3] / "services/portal"
PAGES = [
    ROOT / "templates/officer" / n
    for n in ("round.html", "quota.html", "applications.html", "cycle.html", "index.html", "review.html")
]
STATIC = ROOT / "static"

PROGRAMMES = [
    {"id": "p1", "cycle_id": "c1", "title": "Clinical Medicine", "host_institution_id": "xjmu"},
    {"id": "p2", "cycle_id": "c1", "title": "Rail Transport", "host_institution_id": "lzu"},
]
INSTITUTIONS = [{"id": "xjmu", "name": "XJMU"}, {"id": "lzu", "name": "Lanzhou University"}]


def entry(position: int, name: str, country: str, score: float, **more) -> dict:
    return {
        "position": position,
        "application_id": f"app-{name.lower()}-000000",
        "applicant_id": f"u-{name}",
        "applicant_name": name,
        "sending_country": country,
        "home_institution": None,
        "grade": score,
        "interview_score": None,
        "committee_score": None,
        "committee_hidden": False,
        "priority_score": score,
        **more,
    }


WAITLIST = [
    {"programme_id": "p1", "title": "Clinical Medicine", "seats": 2, "entries": [
        entry(1, "Aigerim", "KZ", 91.5), entry(2, "Bilal", "PK", 88.25, committee_hidden=True),
    ]},
    {"programme_id": "p2", "title": "Rail Transport", "seats": 1, "entries": []},
]  # fmt: skip

MATRIX = {
    "cycle_id": "c1",
    "countries": ["KZ", "PK"],
    "programmes": [
        {
            "programme_id": "p1",
            "title": "Clinical Medicine",
            "host_institution_id": "xjmu",
            "seats": 4,
            "filled": 3,
            "remaining": 1,
            "cells": [
                {"country": "KZ", "used": 2, "allocation": 2, "capped": True, "shared": True,
                 "cap_label": "KZ cap", "remaining": 0},
                {"country": "PK", "used": 1, "allocation": 4, "capped": False, "shared": False,
                 "cap_label": None, "remaining": 1},
            ],
        }
    ],
    "by_country": [{"country": "KZ", "used": 2, "allocation": 2}, {"country": "PK", "used": 1, "allocation": 4}],
    "seats": 4,
    "filled": 3,
    "by_status": {"proposed": 2, "with_host": 0, "approved": 0, "accepted": 1},
}  # fmt: skip


def row(i: int, **more) -> dict:
    return {
        "application_id": f"a{i:04d}",
        "applicant_id": f"u{i}",
        "applicant_name": f"Applicant {i:04d}",
        "sending_country": "KZ" if i % 2 else "PK",
        "home_institution": "KazNU",
        "choices": ["p1", "p2"],
        "status": "submitted",
        "programme_id": None,
        "documents_rejected": [],
        "grade": 80.0,
        "committee_score": 70.5,
        "committee_hidden": False,
        "reviews_submitted": 2,
        "spread": 4.0,
        "flags": [],
        "received_at": "2026-11-02T10:00:00Z",
        **more,
    }


def match(i: int, programme_id: str, **more) -> dict:
    return {
        "id": f"m{i}",
        "application_id": f"a{i:04d}",
        "programme_id": programme_id,
        "rank": 1,
        "status": "proposed",
        "reasons": [],
        "review_reason": None,
        "message_to_applicant": None,
        **more,
    }


# three proposed matches; their pool entries give the priority (a0003 first, then a0001, a0002)
MATCHES = [match(1, "p2", rank=2), match(2, "p1"), match(3, "p2")]
POOL = [
    {"application_id": "a0001", "applicant_name": "", "sending_country": "KZ", "priority_score": 88.25,
     "choices": ["p1", "p2"], "grade": 80.0, "committee_score": 70.5, "committee_hidden": False},
    {"application_id": "a0002", "applicant_name": "Bilal (pool)", "sending_country": "PK", "priority_score": 71.0,
     "choices": ["p1"], "grade": 60.0, "committee_score": None, "committee_hidden": True},
    {"application_id": "a0003", "applicant_name": "", "sending_country": "KZ", "priority_score": 93.5,
     "choices": ["p2"], "grade": 90.0, "committee_score": 88.0, "committee_hidden": False},
]  # fmt: skip


def problem(status: int, code: str, field: str, reason: str) -> httpx.Response:
    body = {"type": "about:blank", "title": "Refused", "status": status, "code": code, "detail": reason,
            "instance": "/", "errors": [{"field": field, "reason": reason, "code": code}]}  # fmt: skip
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


class FakeMatching:
    """The matching routes the officer pages read; records each table request's parameters."""

    def __init__(self, rows: list[dict]):
        self.rows = rows
        self.table_calls: list[dict[str, str]] = []
        self.match_calls: list[dict[str, str]] = []
        self.places_calls: list[list[str]] = []  # the application ids each waitlist-places read asked for
        self.matches = list(MATCHES)
        self.rejected: list[dict] = []  # what officers rejected before (GET /matches?status=rejected)
        self.rejected_calls: list[list[str]] = []  # the application ids each such read asked for
        self.reviews: list[dict] = []
        self.saved: list[dict] = []
        self.table_ids: list[list[str]] = []
        self.deleted: list[str] = []
        self.actions: list[dict] = []
        self.outcomes: dict[str, dict] = {}
        self.action_refusal: tuple | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, params = request.url.path, dict(request.url.params)
        if path in ("/cycles/c1", "/cycles/other"):  # any officer reads a cycle; its pool is scoped
            return httpx.Response(200, json={**CYCLE, "eligible_countries": ["KZ", "PK", "UZ"]})
        if path == "/cycles":
            return httpx.Response(200, json={"items": [CYCLE], "total": 1})
        if path == "/schemes":
            return httpx.Response(200, json={"items": [{"id": "sco", "name": "SCO"}], "total": 1})
        if path == "/programmes":
            return httpx.Response(200, json={"items": PROGRAMMES, "total": 2})
        if path == "/institutions":
            return httpx.Response(200, json={"items": INSTITUTIONS, "total": 2})
        if path == "/rounds/r1":
            return httpx.Response(
                200,
                json={"id": "r1", "cycle_id": "c1", "number": 2, "status": "completed", "progress": 1.0, "seed": 7,
                      "matched": getattr(self, "matched", 3), "waitlisted": getattr(self, "waitlisted", 2), "unmatched": 0, "fixed": 0,
                      "inputs_digest": None, "statistics": getattr(self, "round_statistics", {})},
            )  # fmt: skip
        if path == "/rounds/r1/waitlist/entries":
            return httpx.Response(200, json=WAITLIST)
        if path == "/cycles/c1/rounds/readiness":
            return httpx.Response(200, json=getattr(self, "readiness", READY))
        if path == "/cycles/c1/quota/matrix":
            return httpx.Response(200, json=getattr(self, "matrix", MATRIX))
        if path == "/cycles/c1/applications":
            only = request.url.params.get_list("application_id")
            params.pop("application_id", None)
            self.table_calls.append(params)
            self.table_ids.append(only)
            offset, limit = int(params.get("offset", 0)), int(params.get("limit", 50))
            rows = self.rows
            if only:
                rows = [r for r in rows if r["application_id"] in only]
            return httpx.Response(
                200,
                json={"items": rows[offset : offset + limit], "total": len(rows), "offset": offset, "limit": limit},
            )
        if path == "/cycles/c1/saved-filters" and request.method == "GET":
            return httpx.Response(200, json=self.saved)
        if path == "/cycles/c1/saved-filters":
            body = json.loads(request.content)
            if any(f["name"].casefold() == body["name"].casefold() for f in self.saved):
                return problem(409, "saved_filter.name_taken", "name", "you already have a filter named this")
            saved = {"id": f"f{len(self.saved) + 1}", "cycle_id": "c1", "name": body["name"],
                     "filters": body["filters"], "created_at": "2026-12-01T03:00:00Z"}  # fmt: skip
            self.saved.append(saved)
            return httpx.Response(201, json=saved)
        if path.startswith("/cycles/c1/saved-filters/") and request.method == "DELETE":
            fid = path.rsplit("/", 1)[1]
            if fid not in {f["id"] for f in self.saved}:
                return problem(404, "saved_filter.not_found", "filter_id", "no saved filter of yours")
            self.deleted.append(fid)
            self.saved = [f for f in self.saved if f["id"] != fid]
            return httpx.Response(204)
        if path == "/cycles/c1/applications/actions":
            body = json.loads(request.content)
            self.actions.append(body)
            if self.action_refusal:
                return problem(*self.action_refusal)
            rows = [self.outcomes.get(a, {"outcome": "done", "code": "interview.invited", "detail": "invited",
                                          "reviewers": []}) | {"application_id": a}
                    for a in body["application_ids"]]  # fmt: skip
            count = {k: sum(r["outcome"] == k for r in rows) for k in ("done", "unchanged", "refused")}
            return httpx.Response(200, json={"action": body["action"], **count, "rows": rows})
        if path == "/matches" and params.get("status") == "rejected":
            self.rejected_calls.append(request.url.params.get_list("application_id"))
            wanted = set(request.url.params.get_list("application_id"))
            items = [m for m in self.rejected if m["application_id"] in wanted]
            return httpx.Response(200, json={"items": items, "total": len(items), "offset": 0, "limit": 500})
        if path == "/matches":
            self.match_calls.append(params)
            items = self.matches if params.get("status") == "proposed" else []
            offset, limit = int(params.get("offset", 0)), int(params.get("limit", 50))
            page = items[offset : offset + limit]
            return httpx.Response(200, json={"items": page, "total": len(items), "offset": offset, "limit": limit})
        if path == "/cycles/c1/pool":
            return httpx.Response(200, json={"items": POOL, "total": len(POOL)})
        if path == "/cycles/c1/rounds":
            return httpx.Response(200, json={"items": [{"id": "r1", "status": "completed"}], "total": 1})
        if path == "/rounds/r1/waitlist/places":
            asked = request.url.params.get_list("application_id")
            self.places_calls.append(asked)
            places = {"a0003": [("p1", 1)], "a0009": [("p2", 1)], "a0001": [("p2", 2)]}
            return httpx.Response(
                200,
                json=[
                    {"application_id": a, "places": [{"programme_id": p, "position": n} for p, n in places.get(a, [])]}
                    for a in asked
                ],
            )
        if path == "/matches/review" and getattr(self, "review_refusal", None) is not None:
            return self.review_refusal
        if path == "/matches/review":
            body = json.loads(request.content)
            self.reviews.append(body)
            rejected = sum(1 for d in body["decisions"] if d["decision"] == "reject")
            done = [{"id": d["match_id"], "status": "approved"} for d in body["decisions"]]
            return httpx.Response(200, json={"approved": len(done) - rejected, "rejected": rejected, "matches": done})
        if path == "/cycles/other/applications":
            body = {"type": "about:blank", "title": "Forbidden", "status": 403, "code": "scope.outside",
                    "detail": "outside your scope: scheme cpec", "instance": path,
                    "errors": [{"field": "cycle_id", "reason": "outside your scope: scheme cpec",
                                "code": "scope.outside"}]}  # fmt: skip
            return httpx.Response(403, json=body, headers={"content-type": "application/problem+json"})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


@pytest.fixture
async def officer():
    """A logged-in officer's portal over fake applications and matching services."""
    apps = FakeApplications()
    apps.role = "officer"
    matching = FakeMatching([row(i) for i in range(1, 621)])
    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(transport=httpx.MockTransport(apps), base_url="http://a")
        await services.matching.http.aclose()
        services.matching.http = httpx.AsyncClient(transport=httpx.MockTransport(matching), base_url="http://m")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            page = await client.get("/login")
            form = {"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12}
            assert (await client.post("/login", data=form)).status_code == 303
            client.matching = matching  # type: ignore[attr-defined]
            client.apps = apps  # type: ignore[attr-defined]
            yield client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_the_console_leads_to_each_cycles_table_and_quota_matrix(officer):
    page = await officer.get("/officer")
    assert page.status_code == 200, page.text
    # each link names its cycle for a screen reader's list of links (five cycles, five "Applications")
    assert re.search(
        r'href="/officer/cycles/c1/applications">Applications<span class="visually-hidden"> \(.+?\)</span></a>',
        page.text,
    )
    assert 'href="/officer/cycles/c1/quota">Quota by programme and country<span' in page.text


async def test_the_console_lists_only_the_cycles_of_the_officers_schemes(officer):
    """An officer of CPEC saw SCO's cycle with links that were each a 403."""
    assert 'href="/officer/cycles/c1/quota"' in (await officer.get("/officer")).text  # no schemes: every cycle
    page = await officer.get("/officer")
    await officer.post("/logout", data={"csrf": csrf_of(page.text)})
    officer.apps.scope = {"schemes": ["cpec"]}
    page = await officer.get("/login")
    form = {"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12}
    assert (await officer.post("/login", data=form)).status_code == 303
    console = await officer.get("/officer")
    assert console.status_code == 200 and "/officer/cycles/c1/" not in console.text
    # scoped to host institutions only: no scheme-wide page is theirs; the console says where to go
    page = await officer.get("/officer")
    await officer.post("/logout", data={"csrf": csrf_of(page.text)})
    officer.apps.scope = {"institutions": ["lzu"]}
    page = await officer.get("/login")
    assert (await officer.post("/login", data={**form, "csrf": csrf_of(page.text)})).status_code == 303
    console = await officer.get("/officer")
    assert "/officer/cycles/c1/" not in console.text and "manages host institutions" in console.text


async def test_an_officer_changes_their_own_password_on_their_account_page(officer):
    """/profile was an applicant's page only: staff could not change their password in the portal."""
    await officer.get("/language/ru?next=/officer")
    page = await officer.get("/profile")
    assert page.status_code == 200 and "Моя учётная запись" in page.text and 'action="/profile/password"' in page.text
    assert 'href="/profile"' in page.text  # in the menu
    assert "staff@corridor.example" in page.text and "SCO" in page.text  # its e-mail and scope, by name
    refused = await officer.post(
        "/profile/password",
        data={"csrf": csrf_of(page.text), "current_password": "", "new_password": "x", "new_password_again": "y"},
    )
    assert (
        refused.status_code == 422
        and "Моя учётная запись" in refused.text
        and 'id="e-current_password"' in refused.text
    )
    officer.apps.password_answer = {"access_token": "h.e30.new", "role": "officer"}
    changed = await officer.post(
        "/profile/password",
        data={
            "csrf": csrf_of(page.text),
            "current_password": "the-old-one-1",
            "new_password": "river-stone-55-owl",
            "new_password_again": "river-stone-55-owl",
        },
    )
    assert changed.status_code == 303 and changed.headers["location"] == "/profile"
    assert officer.apps.password_bodies == [{"current_password": "the-old-one-1", "new_password": "river-stone-55-owl"}]


async def test_a_staff_account_s_language_is_the_portal_s_until_they_pick_another(officer):
    """Their e-mails came in the account's language and the pages in English."""
    officer.cookies.clear()  # a browser that has not been here
    officer.apps.account_language = "zh"
    page = await officer.get("/login")
    form = {"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12}
    assert (await officer.post("/login", data=form)).status_code == 303
    assert '<html lang="zh"' in (await officer.get("/officer")).text
    await officer.get("/language/ur?next=/officer")  # their pick wins
    assert '<html lang="ur"' in (await officer.get("/officer")).text


async def test_the_round_page_shows_each_waitlist_with_names_countries_and_scores(officer):
    page = await officer.get("/officer/rounds/r1")
    assert page.status_code == 200, page.text
    table = re.search(r'<table class="responsive waitlist" id="waitlist-p1">.*?</table>', page.text, re.S).group(0)
    rows = [text_of(r) for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]
    assert [r.split()[0:2] for r in rows] == [["1", "Aigerim"], ["2", "Bilal"]]
    assert "Kazakhstan" in rows[0] and "91.50" in rows[0]
    # the priority that set the order, with no blind-review remark: it read as if the figure
    # left the committee score out ("77.00 (在您提交评分前，评审委员会得分不予显示)")
    assert "Pakistan" in rows[1] and "88.25" in rows[1] and "withheld" not in rows[1]
    assert "Clinical Medicine, XJMU" in table  # the programme with its host, not its id
    assert 'href="/officer/committee/applications/app-aigerim-000000"' in table
    assert "app-aige" not in text_of(table)  # names, not 8-character ids
    assert 'id="waitlist-p2"' not in page.text  # an empty waitlist is not a table
    await officer.get("/language/ur?next=/officer/rounds/r1")
    page = await officer.get("/officer/rounds/r1")
    assert "انتظار کی فہرست میں نمبر" in page.text and "Waitlist position" not in page.text
    await officer.get("/language/zh?next=/officer/rounds/r1")
    assert "评审委员会得分不予显示" not in (await officer.get("/officer/rounds/r1")).text


async def test_the_round_page_says_what_the_priority_was_made_of_and_how_complete_the_reviews_were(officer):
    assert 'id="round-priority"' not in (await officer.get("/officer/rounds/r1")).text  # a round from before
    officer.matching.round_statistics = {
        "priority": {
            "ranked": 40,
            "components": ["grade", "interview"],
            "left_out": ["committee"],
            "without": {"interview": 0, "committee": 34},
            "reviews_asked": 2,
            "short_of_reviews": 40,
            "incomplete": True,
        }
    }
    page = await officer.get("/officer/rounds/r1")
    section = re.search(
        r'<section aria-labelledby="priority-title" id="round-priority">(.*?)</section>', page.text, re.S
    )
    said = html.unescape(text_of(section.group(1)))
    assert "This round ranked everyone by: Grade and Interview score." in said
    assert "40 of the 40 applications it ranked had fewer reviews than the scoresheet asks (2 each)." in said
    assert "34 of the 40 applications it ranked had no committee score, so the committee score was left out" in said
    assert 'id="left-out-interview"' not in page.text
    await officer.get("/language/ru?next=/officer/rounds/r1")
    page = await officer.get("/officer/rounds/r1")
    assert "Из чего сложился приоритет" in page.text and "балл комиссии не учитывался" in page.text


async def test_the_round_page_says_who_on_a_waitlist_holds_a_place_at_a_lower_choice(officer):
    """The count read "Waitlisted 0" above a waitlist of two: those two were placed at a lower
    choice, counted as matched. The count says it is of those without a place, and the page
    says how many on its waitlists hold one."""
    officer.matching.waitlisted = 1  # of the two on the waitlist, one has no place
    page = await officer.get("/officer/rounds/r1")
    assert "Waitlisted, without a place" in page.text
    assert re.search(r'id="n-waitlisted">1<', page.text)
    said = re.search(r'<p id="placed-and-waiting">(.*?)</p>', page.text, re.S)
    assert said and text_of(said.group(1)).startswith("1 of those on these waitlists hold a place at a lower choice")
    await officer.get("/language/zh?next=/officer/rounds/r1")
    page = await officer.get("/officer/rounds/r1")
    assert "候补（未获名额）" in page.text and "已在较低志愿获得名额" in page.text
    officer.matching.waitlisted = 2  # both without a place: nothing to explain
    assert 'id="placed-and-waiting"' not in (await officer.get("/officer/rounds/r1")).text


async def test_the_round_page_says_whom_of_the_pool_the_round_left_out_and_why(officer):
    """A cycle of 40 submitted applications showed a round of "Matched 11 · Waitlisted 0 ·
    Unmatched 0 · Kept 0": the 29 it did not consider were counted nowhere. The page now says
    how many it left out, per reason, and the figures add up to the pool."""
    assert 'id="round-pool"' not in (await officer.get("/officer/rounds/r1")).text  # a round from before: nothing
    left_out = {"list_not_published": 20, "not_nominated": 4, "reserve": 3, "withdrawn": 2}
    officer.matching.round_statistics = {"pool": {"submitted": 40, "considered": 11, "left_out": left_out}}
    page = await officer.get("/officer/rounds/r1")
    assert re.search(r'id="n-left-out">29<', page.text)
    said = text_of(re.search(r'<p id="pool-sum">(.*?)</p>', page.text, re.S).group(1))
    assert said.startswith("Of the 40 submitted applications in the pool, this round considered 11")
    assert "left out 29" in said
    found = re.findall(r'<li id="left-out-[a-z_]+">(.*?)</li>', page.text, re.S)
    items = [html.unescape(text_of(i)).strip() for i in found]
    assert items == [
        "Their country's nomination list is not published: 20 · who, as they stand now",
        "Not nominated: 4 · who, as they stand now",
        "On the reserve list: 3 · who, as they stand now",
        "Nomination withdrawn: 2 · who, as they stand now",
    ]
    # each reason leads to the applications it names, as the table shows them now
    who = re.search(r'<a href="([^"]+)" id="left-out-withdrawn-who">', page.text).group(1)
    assert who.endswith("/applications?status=nomination_withdrawn")
    assert 'applications?status=reserve" id="left-out-reserve-who"' in page.text
    await officer.get("/language/ru?next=/officer/rounds/r1")
    page = await officer.get("/officer/rounds/r1")
    assert "Не вошли в раунд" in page.text and "В резервном списке" in page.text and "Not nominated" not in page.text

    # and whose: the countries under each reason (8 of the 20 were Pakistan's draft list)
    by_country = {"list_not_published": {"KZ": 12, "PK": 8}, "not_nominated": {"PK": 4}}
    officer.matching.round_statistics["pool"]["left_out_by_country"] = by_country
    await officer.get("/language/en?next=/officer/rounds/r1")
    page = await officer.get("/officer/rounds/r1")
    said = re.search(r'id="left-out-list_not_published-by-country">(.*?)</span>', page.text, re.S)
    assert said and html.unescape(text_of(said.group(1))) == "(Kazakhstan 12 · Pakistan 8)"
    assert 'id="left-out-reserve-by-country"' not in page.text  # a reason without countries: only its count
    await officer.get("/language/zh?next=/officer/rounds/r1")
    page = await officer.get("/officer/rounds/r1")
    assert "巴基斯坦 8" in page.text


async def test_documents_opened_from_the_review_lead_back_to_the_review(officer):
    """The documents page opened from "Review matches" had a breadcrumb back to "Applications to
    review", not to the review it came from."""
    review = await officer.get("/officer/cycles/c1/review?offset=0")
    links = re.findall(r'href="(/officer/applications/a0001/documents[^"]*)"', review.text)
    assert links and all("back=" in link for link in links)
    back = parse_qs(urlsplit(html.unescape(links[0])).query)["back"][0]
    assert back == "/officer/cycles/c1/review?offset=0"
    # the documents page's own read is not faked here: its breadcrumb is the template's
    from services.portal.domain.endorsement import back_from

    assert back_from(back) == back and back_from("/officer/cycles/c1/reviewx") == ""
    assert back_from("//evil.example/officer/cycles/c1/review") == ""


async def test_the_quota_page_is_a_programme_by_country_matrix_with_fill_bars(officer):
    page = await officer.get("/officer/cycles/c1/quota")
    assert page.status_code == 200, page.text
    matrix = re.search(r'<table class="quota-matrix".*?</table>', page.text, re.S).group(0)
    heads = [text_of(h).strip() for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', matrix, re.S)]
    assert heads == ["Programme", "Kazakhstan", "Pakistan", "Programme total"]
    p1 = re.search(r'<tr id="row-p1">.*?</tr>', matrix, re.S).group(0)
    kz = re.search(r'<td class="cell fill-full" data-country="KZ" title="KZ cap">(.*?)</td>', p1, re.S).group(1)
    assert "2 / 2" in kz and "Remaining: 0" in kz and "shared cap" in kz
    pk = re.search(r'<td class="cell fill-ok" data-country="PK">(.*?)</td>', p1, re.S).group(1)
    assert "1 / 4" in pk and "Remaining: 1" in pk and "shared cap" not in pk
    assert "3 / 4" in p1 and "Clinical Medicine, XJMU" in p1
    totals = re.search(r'<tr id="country-totals">.*?</tr>', matrix, re.S).group(0)
    # figures read left to right on a right-to-left page too
    assert re.findall(r'<strong><bdi class="figure" dir="ltr">(\d+ / \d+)</bdi></strong>', totals) == [
        "2 / 2",
        "1 / 4",
        "3 / 4",
    ]
    # the bars a person reads at a glance: each cell, each programme, each country (matrix and charts)
    assert len(re.findall(r'role="meter"', page.text)) == 2 + 1 + 2 + 2 + 1
    assert 'aria-valuenow="2"' in kz and "w-100" in kz and "w-25" in pk
    await officer.get("/language/zh?next=/officer/cycles/c1/quota")
    page = await officer.get("/officer/cycles/c1/quota")
    assert "按专业和国家的配额" in page.text and "剩余：0" in page.text and "Remaining" not in page.text


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_the_quota_headline_tells_proposed_from_offered_from_accepted(officer, lang):
    """ "已填 32 / 45 个名额" counted 28 proposals nobody had reviewed; one place was accepted. The
    headline says what is accepted of the seats and what is held in all, and each stage's count."""
    officer.matching.matrix = {
        **MATRIX, "seats": 45, "filled": 32,
        "by_status": {"proposed": 28, "with_host": 0, "approved": 3, "accepted": 1},
    }  # fmt: skip
    await officer.get(f"/language/{lang}?next=/officer/cycles/c1/quota")
    page = await officer.get("/officer/cycles/c1/quota")
    found = re.search(r'<p id="quota-total">(.*?)</p>', page.text, re.S).group(1)
    headline = html.unescape(text_of(found)).strip()
    said = translate(lang, "{accepted} of {seats} seats accepted, {held} held in all")
    assert headline == said.format(accepted=1, seats=45, held=32)
    stages = re.search(r'<dl class="facts" id="quota-by-status"[^>]*>(.*?)</dl>', page.text, re.S).group(1)

    def count(stage: str) -> str:
        return re.search(rf'<div id="held-{stage}"><dt>(.*?)</dt><dd>(.*?)</dd>', stages, re.S).group(2)

    assert (count("proposed"), count("approved"), count("accepted"), count("free")) == ("28", "3", "1", "13")
    assert re.search(
        r'<div id="held-with_host"><dt>[^<]+</dt><dd>0</dd>', stages
    )  # none with a host: said as 0, as the hint names the stage
    assert translate(lang, "Proposed by a round, not reviewed yet") in stages
    if lang != "en":
        assert "not reviewed yet" not in stages and "seats accepted" not in headline
    officer.matching.matrix["by_status"]["with_host"] = 2
    page = await officer.get("/officer/cycles/c1/quota")
    assert re.search(r'<div id="held-with_host"><dt>[^<]+</dt><dd>2</dd>', page.text)


async def test_the_application_table_forwards_sort_filters_search_and_paging(officer):
    officer.matching.rows[0].update(
        applicant_name="Zarina",
        documents_rejected=["passport"],
        flags=["documents_rejected", "score_spread"],
        status="proposed",
        programme_id="p2",
    )
    officer.matching.rows[1].update(committee_hidden=True, committee_score=None)
    page = await officer.get("/officer/cycles/c1/applications?sort=score&order=desc&status=proposed&country=kz&q=Zar")
    assert page.status_code == 200, page.text
    assert officer.matching.table_calls[-1] == {
        "sort": "score",
        "order": "desc",
        "status": "proposed",
        "sending_country": "KZ",
        "q": "Zar",
        "offset": "0",
        "limit": "50",
    }
    first = re.search(r'<tr id="app-a0001">.*?</tr>', page.text, re.S).group(0)
    cells = text_of(first)
    assert "Zarina" in cells and "Kazakhstan" in cells and "KazNU" in cells
    assert "Clinical Medicine, XJMU" in cells and "Rail Transport, Lanzhou University" in cells
    assert '<li class="matched"><bdi dir="auto">Rail Transport' in first
    assert "passport" in cells and "documents rejected" in cells and "reviewers disagree" in cells
    assert "70.50" in cells and "Reviews: 2" in cells
    assert "withheld until you submit yours" in re.search(r'<tr id="app-a0002">.*?</tr>', page.text, re.S).group(0)
    # the heading that sorts says so, and its link reverses the order; the others sort ascending
    assert re.search(
        r'aria-sort="descending"><a href="\?sort=score&amp;status=proposed&amp;country=KZ&amp;q=Zar"', page.text
    )
    assert re.search(r'aria-sort="none"><a href="\?sort=country&amp;status=proposed', page.text)
    assert "selected>proposed</option>" in page.text and '<option value="KZ" selected>' in page.text
    assert re.search(r'id="table-count">1 to 50 of 620', page.text)
    nxt = re.search(r'href="([^"]+)" rel="next"', page.text).group(1)
    assert "offset=50" in nxt and "sort=score" in nxt and "order=desc" in nxt
    assert 'rel="prev"' not in page.text
    last = await officer.get("/officer/cycles/c1/applications?offset=600")
    assert re.search(r'id="table-count">601 to 620 of 620', last.text)
    assert 'rel="next"' not in last.text and re.search(r'href="\?offset=550" rel="prev"', last.text)


async def test_a_page_past_the_end_of_the_table_goes_to_its_last_page_with_the_filters_kept(officer):
    beyond = await officer.get("/officer/cycles/c1/applications?sort=score&order=desc&offset=5000")
    assert beyond.status_code == 303
    assert beyond.headers["location"] == "/officer/cycles/c1/applications?sort=score&order=desc&offset=600"
    officer.matching.rows = officer.matching.rows[:3]
    emptied = await officer.get("/officer/cycles/c1/applications?offset=50")
    assert emptied.status_code == 303 and emptied.headers["location"] == "/officer/cycles/c1/applications"
    assert re.search(r'id="table-count">1 to 3 of 3', (await officer.get(emptied.headers["location"])).text)


async def test_the_table_refuses_what_it_does_not_know_and_a_cycle_out_of_scope(officer):
    await officer.get("/officer/cycles/c1/applications?sort=salary&status=bribed&country=Kazakh&offset=-3")
    assert officer.matching.table_calls[-1] == {"sort": "name", "order": "asc", "offset": "0", "limit": "50"}
    refused = await officer.get("/officer/cycles/other/applications")
    assert refused.status_code == 403
    assert (await officer.get("/officer/cycles/other/applications.csv")).status_code == 403


async def test_the_csv_export_holds_every_row_as_filtered_in_the_readers_language(officer):
    officer.matching.rows[0]["applicant_name"] = "=HYPERLINK(1)"
    officer.matching.rows[1].update(status="with_host", programme_id="p1")
    await officer.get("/language/ru?next=/officer")
    r = await officer.get("/officer/cycles/c1/applications.csv?sort=country&q=Appl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="applications-c1.csv"' in r.headers["content-disposition"]
    assert r.content.startswith("\ufeff".encode())
    # every page of the service's answer, 500 at a time, with the table's sort and search
    calls = officer.matching.table_calls
    assert [(c["offset"], c["limit"], c["sort"], c["q"]) for c in calls] == [
        ("0", "500", "country", "Appl"),
        ("500", "500", "country", "Appl"),
    ]
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert lines[0] == [translate("ru", h) for h in EXPORT_HEADINGS] and lines[0][1] == "Заявитель"
    assert len(lines) == 1 + 620
    assert lines[1][1] == "'=HYPERLINK(1)"  # a name never runs as a formula
    assert lines[1][2] == "Казахстан" and lines[1][5] == translate("ru", "status:submitted")
    assert lines[1][4].startswith("1. Clinical Medicine, XJMU; 2. Rail Transport")
    # the programme a live match is at (the export named none: an officer could not see who went where)
    assert lines[1][6] == "" and lines[2][6].startswith("Clinical Medicine")


async def test_the_excel_export_holds_the_same_rows_with_bold_headings(officer):
    officer.matching.rows[2]["committee_hidden"] = True
    await officer.get("/language/ur?next=/officer")
    r = await officer.get("/officer/cycles/c1/applications.xlsx?status=submitted")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [translate("ur", h) for h in EXPORT_HEADINGS]
    assert len(rows) == 1 + 620 and sheet["A1"].font.bold and sheet.sheet_view.rightToLeft
    assert rows[1][0] == "a0001" and rows[1][8] == 80.0 and rows[1][9] == 70.5  # numbers stay numbers
    assert rows[3][9] is None  # a withheld committee score is not exported either
    assert all(c["status"] == "submitted" for c in officer.matching.table_calls)


def test_the_table_address_round_trips_and_sort_links_reverse():
    t = TableQuery.of({"sort": "documents", "order": "desc", "status": "approved", "country": "pk", "q": " Li "})
    assert (t.sort, t.descending, t.status, t.country, t.q) == ("documents", True, "approved", "PK", "Li")
    assert TableQuery.of(dict(pair.split("=") for pair in t.query_string()[1:].split("&"))) == t
    assert t.sort_link("documents") == "?sort=documents&status=approved&country=PK&q=Li"
    assert t.sort_link("name") == "?status=approved&country=PK&q=Li"
    assert t.sorted_as("documents") == "descending" and t.sorted_as("name") == "none"
    assert safe_text("-1+2") == "'-1+2" and safe_text("@cmd") == "'@cmd" and safe_text("Li") == "Li"
    assert safe_text(-1.5) == -1.5
    assert to_csv(["a"], [["=1", None]]).decode("utf-8-sig").splitlines() == ["a", "'=1,"]


def _words() -> set[str]:
    words = {"Quota by programme and country", "Applications", "Matching round", *EXPORT_HEADINGS}
    for page in PAGES:
        text = page.read_text()
        words |= set(re.findall(r'_\("([^"]+)"', text))
    words -= {"status:", "doc:", "flag:", "endorsement:", "action:", "outcome:"}  # value prefixes: below
    words |= {"action:invite", "action:assign", "outcome:done", "outcome:unchanged", "outcome:refused"}
    words |= set(OUTCOME_WORDS.values()) | set(FILTER_WORDS.values()) | set(ACTION_WORDS.values())
    # what the views say in flashes and errors
    words |= {"Filter saved: {name}.", "Filter deleted.", "Select at least one application."}
    words |= {"Choose what to do with the selected applications."}
    words |= {f"status:{s}" for s in STATUSES} | {f"flag:{f}" for f in ("documents_rejected", "score_spread")}
    words |= {f"endorsement:{s}" for s in ("endorsed", "not_endorsed")}
    words |= {"flag:withdrawn", "flag:declined"}
    return words


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
def test_every_workbench_word_is_translated(lang):
    words = _words()
    assert {"Waitlist position", "Country total", "Export these rows", "flag:score_spread"} <= words
    assert sorted(w for w in words if w not in CATALOGS[lang]) == []


def test_value_words_read_as_words_in_english_and_every_sort_has_a_heading():
    assert translate("en", "flag:documents_rejected") == "documents rejected"
    assert translate("en", "status:with_host") != "status:with_host"
    headings = re.search(r"{% set headings = ({.*?}) %}", PAGES[2].read_text()).group(1)
    assert sorted(re.findall(r'"([a-z]+)": _\(', headings)) == sorted(SORTS)
    assert json.dumps(SORTS)  # the sort keys are plain strings the service accepts


# --- the review queue as a table -------------------------------------------------------------------


def _review_rows(html: str) -> dict[str, str]:
    body = re.search(r'<table class="responsive review-table" id="review-table">.*?</table>', html, re.S).group(0)
    return dict(re.findall(r'<tr class="match[^"]*" id="match-(m\d)" data-match="m\d">(.*?)</tr>', body, re.S))


async def test_the_review_queue_is_a_table_of_names_countries_programmes_scores_and_documents(officer):
    officer.matching.rows[0].update(
        applicant_name="Zarina",
        documents_rejected=["passport"],
        home_institution="KazNU",
        flags=["score_spread"],
        priority_score=88.25,
    )
    officer.matching.rows[1].update(
        applicant_name="Bilal (pool)", committee_hidden=True, committee_score=None, priority_score=71.0
    )
    officer.matching.rows[2].update(priority_score=93.5)
    page = await officer.get("/officer/cycles/c1/review")
    assert page.status_code == 200, page.text
    # what it read: a page of the proposed matches, and the application table narrowed to them
    assert officer.matching.match_calls[-1] == {"cycle_id": "c1", "status": "proposed", "offset": "0", "limit": "50"}
    assert officer.matching.table_calls[-1] == {"limit": "3", "sort": "score", "order": "desc"}
    assert officer.matching.table_ids[-1] == ["a0001", "a0002", "a0003"]
    # the waitlist places of this page's applications only, not the round's whole waitlist
    assert officer.matching.places_calls[-1] == ["a0001", "a0002", "a0003"]
    rows = _review_rows(page.text)
    assert list(rows) == ["m3", "m1", "m2"]  # the highest priority first
    heads = re.findall(r'<th scope="col">(.*?)</th>', page.text)
    assert heads[1:] == ["Applicant", "Sending country", "Programme", "Priority score", "Documents", "Decision"]
    zarina = text_of(rows["m1"])
    assert "Zarina" in zarina and "KazNU" in zarina and "Kazakhstan" in zarina
    assert "Rail Transport, Lanzhou University" in zarina and "Choice rank: 2" in zarina
    assert "88.2" in zarina and "70.50" in zarina  # priority and committee score
    assert "documents rejected" in zarina and "passport" in zarina
    assert "reviewers disagree" in zarina and "reviewers disagree" not in text_of(rows["m3"])
    # its place on the latest round's waitlist, by programme and position
    assert "Rail Transport, Lanzhou University · position 2" in zarina
    # no name in the table: the pool's; a withheld committee score stays withheld
    bilal = text_of(rows["m2"])
    assert "Bilal (pool)" in bilal and "Pakistan" in bilal and "withheld until you submit yours" in bilal
    # and the page says why, once: blind review (a bare "withheld" had read as a fault)
    assert page.text.count('id="blind-review-hint"') == 1 and "(blind review)" in page.text
    assert "no document rejected" in bilal and "documents rejected" not in bilal
    assert 'aria-label="Approve Zarina"' in rows["m1"] and 'aria-label="Reject Bilal (pool)"' in rows["m2"]
    assert 'aria-label="Select Applicant 0003"' in rows["m3"]


async def test_a_proposal_says_when_an_officer_rejected_the_applicant_in_an_earlier_round(officer):
    """An officer's rejected applicant goes back into the pool and the next round may place them
    again: the review row says so, with the programme, the day and the internal reason."""
    earlier = match(9, "p1", status="rejected", review_reason="interview showed HSK 2", application_id="a0001")
    officer.matching.rejected = [{**earlier, "reviewed_at": "2026-11-20T10:00:00+00:00"}]
    page = await officer.get("/officer/cycles/c1/review")
    assert page.status_code == 200, page.text
    assert sorted(officer.matching.rejected_calls[-1]) == ["a0001", "a0002", "a0003"]  # this page's applications
    rows = _review_rows(page.text)
    zarina = text_of(rows["m1"])
    assert "An officer rejected this applicant before:" in zarina
    assert re.search(r"rejected on 20 Nov 2026,? 10:00", zarina) and "interview showed HSK 2" in zarina
    assert "rejected this applicant before" not in text_of(rows["m2"]) + text_of(rows["m3"])
    await officer.get("/language/zh?next=/")
    zh = text_of(_review_rows((await officer.get("/officer/cycles/c1/review")).text)["m1"])
    assert "此前已有审核官驳回过该申请人：" in zh


async def test_each_rows_controls_come_in_tab_order_with_keys_for_the_focused_row(officer):
    page = await officer.get("/officer/cycles/c1/review")
    row = _review_rows(page.text)["m1"]
    order = []
    for tag, attrs in re.findall(r"<(input|a|summary|button|textarea)\b([^>]*)>", row):
        if 'type="hidden"' in attrs:
            continue  # no stop for Tab
        href = re.search(r'href="([^"]*)"', attrs)
        if href:
            tag = "letters" if "referees" in href.group(1) else "documents" if "documents" in href.group(1) else tag
        order.append(tag)
    assert order == [
        "input",
        "a",
        "summary",
        "documents",
        "letters",
        "button",
        "summary",
        "input",
        "textarea",
        "button",
    ]
    assert not re.search(r'tabindex="[1-9]', page.text)  # the page's own order: nothing jumps the queue
    # the keys are written on the page, and the script that adds them is the page's own file
    assert re.search(r"<kbd>A</kbd></dt><dd>approve the row you are on", page.text)
    assert '<script src="/static/workbench.js" defer>' in page.text
    script = (STATIC / "workbench.js").read_text()
    assert 'closest("#review-table tbody tr.match")' in script and "button.approve" in script
    assert "focus-within" in (STATIC / "workbench.css").read_text()
    served = await officer.get("/static/workbench.js")
    assert served.status_code == 200 and "button.approve" in served.text


async def test_several_selected_are_approved_at_once_and_a_reject_needs_its_reason(officer):
    page = await officer.get("/officer/cycles/c1/review")
    csrf = csrf_of(page.text)
    r = await officer.post(
        "/officer/cycles/c1/review", data={"csrf": csrf, "match_id[]": ["m1", "m3"], "action": "approve"}
    )
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/c1/review#review-table"
    assert officer.matching.reviews[-1] == {
        "decisions": [{"match_id": "m1", "decision": "approve"}, {"match_id": "m3", "decision": "approve"}]
    }
    # a row's own reject without a reason: refused in that row, nothing sent
    r = await officer.post("/officer/cycles/c1/review", data={"csrf": csrf, "only": "m2:reject", "reason_m2": "x"})
    assert r.status_code == 422 and len(officer.matching.reviews) == 1
    row = _review_rows(r.text)["m2"]
    assert 'id="e-row-m2">A rejection needs a reason' in row and '<details class="reject-row" open>' in row
    r = await officer.post(
        "/officer/cycles/c1/review",
        data={"csrf": csrf, "only": "m2:reject", "reason_m2": "Quota", "message_m2": "Next cycle, please."},
    )
    assert r.status_code == 303
    assert officer.matching.reviews[-1] == {
        "decisions": [
            {"match_id": "m2", "decision": "reject", "reason": "Quota", "message_to_applicant": "Next cycle, please."}
        ]
    }


async def test_the_review_table_reads_right_to_left_in_urdu_and_an_unknown_tab_is_the_proposed(officer):
    await officer.get("/language/ur?next=/officer")
    page = await officer.get("/officer/cycles/c1/review?status=bribed")
    assert page.status_code == 200 and officer.matching.match_calls[-1]["status"] == "proposed"
    assert '<html lang="ur" dir="rtl">' in page.text
    heads = re.findall(r'<th scope="col">(.*?)</th>', page.text)[1:]
    assert heads == [translate("ur", h) for h in ("Applicant", "Sending country", "Programme", "Priority score",
                                                  "Documents", "Decision")]  # fmt: skip
    assert all(re.search(r"[\u0600-\u06ff]", h) for h in heads)
    assert "approve the row you are on" not in page.text and translate("ur", "approve the row you are on") in page.text
    # another tab: no table status for a finished decision, and no approve buttons
    calls = len(officer.matching.table_calls)
    page = await officer.get("/officer/cycles/c1/review?status=rejected")
    assert len(officer.matching.table_calls) == calls  # no match on the page: no table to read
    assert 'name="only"' not in page.text
    # the matches whose applicants withdrew (a place given up among them) have their own tab: the
    # officers' e-mail said a place was free, and no tab showed it
    page = await officer.get("/officer/cycles/c1/review?status=withdrawn")
    assert officer.matching.match_calls[-1]["status"] == "withdrawn" and 'name="only"' not in page.text
    assert f'<a href="?status=withdrawn" aria-current="page">{translate("ur", "status:withdrawn")}</a>' in page.text


def test_review_rows_join_the_table_and_the_pool_and_order_by_priority():
    table = [{"application_id": "a1", "applicant_name": "Li Wei", "sending_country": "KZ", "committee_score": 7.0,
              "committee_hidden": False, "documents_rejected": ["transcript"], "choices": ["p1"], "grade": 9.0}]  # fmt: skip
    pool = [
        {"application_id": "a1", "priority_score": 50.0, "applicant_name": "old name"},
        {"application_id": "a2", "priority_score": 80.0, "applicant_name": "Bilal", "sending_country": "PK",
         "committee_score": 9.0, "committee_hidden": True},
    ]  # fmt: skip
    matches = [{"id": "m0", "application_id": "a0"}, {"id": "m1", "application_id": "a1"},
               {"id": "m2", "application_id": "a2"}]  # fmt: skip
    places = [
        {
            "application_id": "a2",
            "places": [{"programme_id": "p1", "position": 2}, {"programme_id": "p2", "position": 1}],
        },
        {"application_id": "a1", "places": []},
    ]
    rows = review_rows(matches, table, pool, places)
    assert [r.match["id"] for r in rows] == ["m2", "m1", "m0"]  # unknown priority last
    bilal, li, unknown = rows
    assert (li.name, li.committee_score, li.documents_rejected) == ("Li Wei", 7.0, ("transcript",))
    assert not li.score_spread
    assert (bilal.name, bilal.sending_country, bilal.committee_score, bilal.committee_hidden) == (
        "Bilal",
        "PK",
        None,
        True,
    )
    assert bilal.waiting == (("p1", 2), ("p2", 1)) and li.waiting == ()
    assert (unknown.name, unknown.priority_score, unknown.sending_country) == ("", None, "")


async def test_an_approval_with_a_message_is_refused_not_sent_without_it(officer):
    """The officer's message would never reach the applicant with an offer (matching refuses
    it: review.message_on_approval): the page says so instead of approving and dropping it."""
    page = await officer.get("/officer/cycles/c1/review")
    csrf = csrf_of(page.text)
    assert "Sent with a rejection only" in page.text
    bulk = {"csrf": csrf, "match_id[]": ["m1", "m3"], "action": "approve", "message_to_applicant": "Welcome!"}
    r = await officer.post("/officer/cycles/c1/review", data=bulk)
    assert r.status_code == 422 and officer.matching.reviews == []
    assert 'id="e-message">Only a rejection carries a message to the applicant' in r.text
    rows = _review_rows(r.text)  # the bulk message is the bulk form's: no row is marked for it
    assert not any("aria-invalid" in rows[m] or 'id="e-row-' in rows[m] for m in ("m1", "m3")), rows["m1"]
    r = await officer.post("/officer/cycles/c1/review", data={"csrf": csrf, "only": "m2:approve", "message_m2": "Hi"})
    assert r.status_code == 422 and officer.matching.reviews == []
    m2 = _review_rows(r.text)["m2"]
    assert 'id="e-row-m2">Only a rejection carries a message' in m2
    # the message is what is wrong: it is marked, the empty internal reason is not
    assert re.search(r'<textarea dir="auto" id="message-m2"[^>]*aria-invalid="true"', m2)
    assert not re.search(r'<input id="reason-m2"[^>]*aria-invalid', m2)
    r = await officer.post("/officer/cycles/c1/review", data={"csrf": csrf, "only": "m2:reject", "reason_m2": "x"})
    m2 = _review_rows(r.text)["m2"]
    assert re.search(r'<input id="reason-m2"[^>]*aria-invalid="true"', m2)
    assert not re.search(r'<textarea dir="auto" id="message-m2"[^>]*aria-invalid', m2)
    await officer.get("/language/zh?next=/officer")
    r = await officer.post("/officer/cycles/c1/review", data=bulk)
    assert r.status_code == 422 and "只有驳回才附带给申请人的留言" in r.text
    # without the message the same approval goes through
    r = await officer.post("/officer/cycles/c1/review", data={**bulk, "message_to_applicant": "  "})
    assert r.status_code == 303 and len(officer.matching.reviews) == 1


async def test_officers_see_the_endorsement_and_cohort_in_the_review_and_application_tables(officer):
    rows = officer.matching.rows
    rows[0] = row(1, endorsement="endorsed", endorsement_cohort="Luban Rail 2026")
    rows[1] = row(2, endorsement="not_endorsed")
    page = await officer.get("/officer/cycles/c1/review")
    assert page.status_code == 200, page.text
    review = _review_rows(page.text)
    assert (
        'class="endorsement endorsement-endorsed">endorsed · Cohort: <bdi dir="auto" class="cohort">Luban Rail 2026'
        in review["m1"]
    )
    assert "endorsement-not_endorsed" in review["m2"] and "Cohort" not in review["m2"]
    assert "endorsement" not in review["m3"]
    table = await officer.get("/officer/cycles/c1/applications")
    first = re.search(r'<tr id="app-a0001">.*?</tr>', table.text, re.S).group(0)
    assert "endorsed · Cohort:" in text_of(first) and "Luban Rail 2026" in first
    assert "endorsement" not in re.search(r'<tr id="app-a0003">.*?</tr>', table.text, re.S).group(0)
    for lang, cohort in (("zh", "批次"), ("ru", "Группа"), ("ur", "گروپ")):
        await officer.get(f"/language/{lang}?next=/officer")
        page = await officer.get("/officer/cycles/c1/review")
        cell = _review_rows(page.text)["m1"]
        colon = "：" if lang == "zh" else ":"  # the full-width colon after a Chinese label
        assert f"{translate(lang, 'endorsement:endorsed')} · {cohort}{colon}" in cell and "Luban Rail 2026" in cell


def test_review_rows_carry_the_endorsement_and_its_cohort():
    table = [{"application_id": "a1", "endorsement": "endorsed", "endorsement_cohort": "Surgery 2026"}]
    rows = review_rows([{"id": "m1", "application_id": "a1"}, {"id": "m2", "application_id": "a2"}], table, [], [])
    by = {r.match["id"]: r for r in rows}
    assert (by["m1"].endorsement, by["m1"].cohort) == ("endorsed", "Surgery 2026")
    assert (by["m2"].endorsement, by["m2"].cohort) == (None, None)


# --- saved filters, the selected rows and their actions, the review table's pages --------------


def test_a_saved_filter_keeps_the_table_but_not_its_page_and_opens_again():
    t = TableQuery.of(
        {"sort": "score", "order": "desc", "status": "proposed", "country": "kz", "q": "Li", "offset": "50"}
    )
    saved = t.saved()
    assert saved == {
        "status": "proposed",
        "sending_country": "KZ",
        "q": "Li",
        "sort": "score",
        "order": "desc",
    }
    again = TableQuery.of_saved(saved)
    assert again.offset == 0 and again.same_filter(t) and again != t
    assert again.query_string() == "?sort=score&order=desc&status=proposed&country=KZ&q=Li"
    assert TableQuery().saved() == {"sort": "name", "order": "asc"}
    # a saved filter the portal no longer understands opens as the plain table
    assert TableQuery.of_saved({"sort": "salary", "status": "bribed", "sending_country": "Kazakh"}) == TableQuery()
    assert not TableQuery.of_saved({"status": "approved"}).same_filter(t)


def test_the_selected_are_the_ticked_rows_else_the_whole_page_when_asked():
    page = ["a1", "a2", "a3"]
    assert selected_ids(["a2", "a3", "a2"], page, True) == ["a2", "a3"]  # ticked rows win, each once
    assert selected_ids("a3", page, False) == ["a3"]  # one ticked box comes as a string
    assert selected_ids([], page, True) == page  # "all on this page" without scripts
    assert selected_ids(None, page, False) == []
    assert selected_ids(["a1", "<script>", "../x y"], page, False) == ["a1"]
    assert len(selected_ids([f"a{i}" for i in range(900)], [], False)) == 500


def test_a_bulk_answer_reads_row_by_row_with_names_and_reviewers():
    answer = {
        "action": "assign", "done": 1, "unchanged": 0, "refused": 2,
        "rows": [
            {"application_id": "a1", "outcome": "done", "code": "assignment.assigned", "detail": "2 reviewer(s)",
             "reviewers": ["Dr Li", "Dr Khan"]},
            {"application_id": "a2", "outcome": "refused", "code": "assignment.no_reviewers", "detail": "x",
             "reviewers": []},
            {"application_id": "a9", "outcome": "refused", "code": "some.new_code", "detail": "a new reason"},
        ],
    }  # fmt: skip
    report = bulk_report(answer, {"a1": "Aigerim", "a2": "Bilal"})
    assert (report.action, report.done, report.refused) == ("assign", 1, 2)
    a1, a2, a9 = report.rows
    assert (a1.name, a1.outcome, a1.names) == ("Aigerim", "done", "Dr Li, Dr Khan")
    assert translate("en", a1.words, names=a1.names) == "Reviewers assigned: Dr Li, Dr Khan."
    assert a2.names == "—" and a2.words.startswith("Not enough eligible reviewers")
    assert (a9.name, a9.words) == ("", "a new reason")  # an unknown code reads as its detail
    assert translate("ur", a2.words, names="—") != a2.words


def _table_rows(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr id="app-(a\d{4})">(.*?)</tr>', html, re.S))


async def test_saved_filters_are_listed_as_links_saved_and_deleted(officer):
    m = officer.matching
    m.saved = [
        {"id": "f1", "cycle_id": "c1", "name": "Kazakh finalists", "created_at": "2026-12-01T03:00:00Z",
         "filters": {"status": "proposed", "sending_country": "KZ", "sort": "score", "order": "desc"}},
        {"id": "f2", "cycle_id": "c1", "name": "Everyone", "created_at": "2026-12-01T03:00:00Z", "filters": {}},
    ]  # fmt: skip
    page = await officer.get("/officer/cycles/c1/applications?status=proposed&country=KZ&sort=score&order=desc")
    assert page.status_code == 200, page.text
    panel = re.search(r'<section class="panel saved-filters".*?</section>', page.text, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" class="saved-filter"( aria-current="true")?>', panel)
    assert links == [
        ("/officer/cycles/c1/applications?sort=score&amp;order=desc&amp;status=proposed&amp;country=KZ", ' aria-current="true"'),
        ("/officer/cycles/c1/applications?", ""),
    ]  # fmt: skip
    assert 'aria-label="Delete the filter Everyone"' in panel
    # save: the table's filter under a name; the page's offset is not kept
    csrf = csrf_of(page.text)
    form = {"csrf": csrf, "name": "  PK   only ", "country": "PK", "q": "Ali", "offset": "50"}
    r = await officer.post("/officer/cycles/c1/saved-filters", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/c1/applications?country=PK&q=Ali"
    assert m.saved[-1]["name"] == "PK only"
    assert m.saved[-1]["filters"] == {"sending_country": "PK", "q": "Ali", "sort": "name", "order": "asc"}
    flashed = await officer.get(r.headers["location"])
    assert "Filter saved: PK only." in flashed.text
    # a name taken (any letter case): the service's 409, said at the field; no name: not sent
    r = await officer.post("/officer/cycles/c1/saved-filters", data={**form, "name": "everyone"})
    assert r.status_code == 409 and 'id="e-filter-name">You already have a filter with this name' in r.text
    assert 'aria-invalid="true"' in re.search(r'<input id="f-filter-name"[^>]*>', r.text).group(0)
    before = len(m.saved)
    for name in ("   ", "x" * 81):
        r = await officer.post("/officer/cycles/c1/saved-filters", data={**form, "name": name})
        assert r.status_code == 422 and "Name the filter: 1 to 80 characters." in r.text
    assert len(m.saved) == before
    # delete, back to the table as it was; a form without its token does nothing
    r = await officer.post("/officer/cycles/c1/saved-filters/f2/delete", data={"name": "x"})
    assert r.status_code == 403 and m.deleted == []
    r = await officer.post("/officer/cycles/c1/saved-filters/f2/delete", data={"csrf": csrf, "status": "proposed"})
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/c1/applications?status=proposed"
    assert m.deleted == ["f2"] and "Everyone" not in (await officer.get(r.headers["location"])).text
    r = await officer.post("/officer/cycles/c1/saved-filters/gone/delete", data={"csrf": csrf})
    assert r.status_code == 303 and r.headers["location"] == "/officer/cycles/c1/applications"
    assert "Filter deleted." not in (await officer.get("/officer/cycles/c1/applications")).text
    # in Urdu
    await officer.get("/language/ur?next=/officer")
    page = await officer.get("/officer/cycles/c1/applications")
    assert translate("ur", "Saved filters") in page.text and translate("ur", "Save this filter as") in page.text


async def test_each_row_is_selectable_by_its_name_and_links_to_its_application_page(officer):
    officer.matching.rows[0]["applicant_name"] = "Zarina"
    page = await officer.get("/officer/cycles/c1/applications")
    rows = _table_rows(page.text)
    assert len(rows) == 50
    zarina = rows["a0001"]
    assert '<a href="/officer/applications/a0001" class="application-link"><bdi class="name">Zarina</bdi></a>' in zarina
    assert re.search(r'<input type="checkbox" name="application_id\[\]" value="a0001" id="sel-a0001" '
                     r'class="select-row" aria-label="Select Zarina">', zarina)  # fmt: skip
    assert (
        '<label class="inline"><input type="checkbox" id="select-all" name="all_on_page" value="1" data-select-all> Select all on this page</label>'
        in page.text
    )
    form = re.search(
        r'<form method="post" action="/officer/cycles/c1/applications/selected".*?</form>', page.text, re.S
    )
    assert form and 'name="csrf"' in form.group(0) and 'id="applications"' in form.group(0)
    assert [b for b in re.findall(r'name="action" value="(\w+)"', form.group(0))] == [
        "invite", "assign", "export_csv", "export_xlsx"
    ]  # fmt: skip
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', page.text, re.S)
    assert "Select" in heads[0] and len(heads) == 1 + len(SORTS)


async def test_the_selected_are_invited_and_each_row_says_what_was_done(officer):
    m = officer.matching
    m.rows[1]["applicant_name"] = "Bilal"
    m.outcomes = {
        "a0002": {"outcome": "unchanged", "code": "interview.already_invited", "detail": "already", "reviewers": []},
        "a0003": {"outcome": "refused", "code": "interview.withdrawn", "detail": "withdrawn", "reviewers": []},
    }
    page = await officer.get("/officer/cycles/c1/applications?sort=score")
    csrf = csrf_of(page.text)
    form = {"csrf": csrf, "action": "invite", "application_id[]": ["a0001", "a0002", "a0003"], "sort": "score"}
    r = await officer.post("/officer/cycles/c1/applications/selected", data=form)
    assert r.status_code == 200, r.text
    assert m.actions[-1] == {"action": "invite", "application_ids": ["a0001", "a0002", "a0003"]}
    report = re.search(r'<section class="panel bulk-report".*?</section>', r.text, re.S).group(0)
    assert "Invite to interview: 1 done, 1 unchanged, 1 refused" in text_of(report)
    found = re.findall(r'<tr class="outcome-(\w+)" id="report-(a\d{4})">(.*?)</tr>', report, re.S)
    rows = {a: (o, text_of(t)) for o, a, t in found}
    assert rows["a0001"][0] == "done" and "Invited to interview." in rows["a0001"][1]
    assert rows["a0002"][0] == "unchanged" and "Bilal" in rows["a0002"][1] and "nothing changed" in rows["a0002"][1]
    assert rows["a0003"][0] == "refused" and "the application was withdrawn" in rows["a0003"][1]
    # the table stays as it was sorted
    assert m.table_calls[-1]["sort"] == "score"
    # "all on this page" without a ticked row: the page's fifty
    page_ids = [f"a{i:04d}" for i in range(1, 51)]
    r = await officer.post("/officer/cycles/c1/applications/selected",
                           data={"csrf": csrf, "action": "invite", "all_on_page": "1", "page_id[]": page_ids})  # fmt: skip
    assert r.status_code == 200 and m.actions[-1]["application_ids"] == page_ids
    # nothing selected, or no action: refused before anything is sent
    sent = len(m.actions)
    r = await officer.post("/officer/cycles/c1/applications/selected", data={"csrf": csrf, "action": "invite"})
    assert r.status_code == 422 and "Select at least one application." in r.text
    r = await officer.post("/officer/cycles/c1/applications/selected", data={"csrf": csrf, "application_id[]": "a0001"})
    assert r.status_code == 422 and "Choose what to do with the selected applications." in r.text
    r = await officer.post(
        "/officer/cycles/c1/applications/selected", data={"action": "invite", "application_id[]": "a1"}
    )
    assert r.status_code == 403 and len(m.actions) == sent  # no token, nothing done


async def test_reviewers_for_the_selected_and_a_whole_refusal_said_plainly_in_urdu(officer):
    m = officer.matching
    m.outcomes = {
        "a0001": {"outcome": "done", "code": "assignment.assigned", "detail": "2", "reviewers": ["Dr Li", "Dr Khan"]},
        "a0002": {"outcome": "refused", "code": "assignment.no_reviewers", "detail": "1 missing", "reviewers": ["Dr Li"]},
    }  # fmt: skip
    page = await officer.get("/officer/cycles/c1/applications")
    csrf = csrf_of(page.text)
    form = {"csrf": csrf, "action": "assign", "application_id[]": ["a0001", "a0002"]}
    r = await officer.post("/officer/cycles/c1/applications/selected", data=form)
    assert r.status_code == 200 and m.actions[-1]["action"] == "assign"
    report = text_of(re.search(r'<section class="panel bulk-report".*?</section>', r.text, re.S).group(0))
    assert "Reviewers assigned: Dr Li, Dr Khan." in report
    assert "Not enough eligible reviewers (own institution or a declared conflict). Assigned: Dr Li." in report
    m.action_refusal = (409, "scoresheet.missing", "cycle_id", "cycle c1 has no scoresheet yet")
    r = await officer.post("/officer/cycles/c1/applications/selected", data=form)
    assert r.status_code == 409 and "Save a scoresheet for this cycle first" in r.text and "bulk-report" not in r.text
    await officer.get("/language/ur?next=/officer")
    r = await officer.post("/officer/cycles/c1/applications/selected", data=form)
    assert '<html lang="ur" dir="rtl">' in r.text
    assert translate("ur", ACTION_WORDS["scoresheet.missing"]) in r.text
    m.action_refusal = None
    r = await officer.post("/officer/cycles/c1/applications/selected", data=form)
    assert translate("ur", "Reviewers assigned: {names}.", names="Dr Li, Dr Khan") in r.text
    assert translate("ur", "outcome:refused") in r.text


async def test_only_the_selected_are_exported(officer):
    m = officer.matching
    page = await officer.get("/officer/cycles/c1/applications?status=submitted")
    form = {"csrf": csrf_of(page.text), "action": "export_csv", "application_id[]": ["a0007", "a0003"],
            "status": "submitted", "sort": "country"}  # fmt: skip
    r = await officer.post("/officer/cycles/c1/applications/selected", data=form)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="applications-c1-selected.csv"' in r.headers["content-disposition"]
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert lines[0] == list(EXPORT_HEADINGS) and sorted(x[0] for x in lines[1:]) == ["a0003", "a0007"]
    assert m.table_ids[-1] == ["a0007", "a0003"] and m.table_calls[-1]["sort"] == "country"
    assert "status" not in m.table_calls[-1]  # the selection, not the filter, says which rows
    r = await officer.post("/officer/cycles/c1/applications/selected", data={**form, "action": "export_xlsx"})
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sorted(row[0] for row in list(sheet.iter_rows(values_only=True))[1:]) == ["a0003", "a0007"]


async def test_the_review_table_has_pages_with_counts(officer):
    m = officer.matching
    m.matches = [match(i, "p1") for i in range(1, 121)]
    page = await officer.get("/officer/cycles/c1/review")
    assert page.status_code == 200, page.text
    rows = re.findall(r'<tr class="match[^"]*" id="match-(m\d+)"', page.text)
    assert len(rows) == 50 and m.match_calls[-1] == {
        "cycle_id": "c1",
        "status": "proposed",
        "offset": "0",
        "limit": "50",
    }
    assert len(m.table_ids[-1]) == 50  # the names of this page's applications only
    assert re.search(r'id="review-count">120 matches · 1 to 50 of 120', page.text)
    assert re.search(r'href="\?status=proposed&amp;offset=50" rel="next"', page.text) and 'rel="prev"' not in page.text
    last = await officer.get("/officer/cycles/c1/review?status=proposed&offset=100")
    assert len(re.findall(r'<tr class="match[^"]*" id="match-(m\d+)"', last.text)) == 20
    assert re.search(r'id="review-count">120 matches · 101 to 120 of 120', last.text)
    assert 'rel="next"' not in last.text and re.search(r'href="\?status=proposed&amp;offset=50" rel="prev"', last.text)
    second = await officer.get("/officer/cycles/c1/review?offset=50")
    assert re.search(r'href="\?status=proposed" rel="prev"', second.text)
    # a short tab has no pager
    m.matches = m.matches[:3]
    short = await officer.get("/officer/cycles/c1/review")
    assert 'id="review-pager"' not in short.text and "1 to 3" not in short.text


async def test_links_on_a_page_answering_a_form_lead_back_to_the_table(officer):
    """After a save or an action the page stands at the form's address: its sort and page
    links (relative) and a language switch open the table, not a refusal."""
    for form in ("applications/selected", "saved-filters"):
        r = await officer.get(f"/officer/cycles/c1/{form}?sort=score&order=desc&offset=50")
        assert r.status_code == 303
        assert r.headers["location"] == "/officer/cycles/c1/applications?sort=score&order=desc&offset=50"
    r = await officer.get("/officer/cycles/c1/saved-filters")
    assert r.headers["location"] == "/officer/cycles/c1/applications"


@pytest.mark.parametrize("offset,forwarded", [("²", "0"), ("1" * 5000, "0"), ("٥٠", "50")])
async def test_a_page_offset_is_read_as_a_whole_number_or_else_the_first_page(officer, offset, forwarded):
    """ "²" is a digit to str.isdigit but no number to int (the table answered 500), and 5,000
    digits are more than int reads; an Urdu keyboard's digits are read as digits."""
    page = await officer.get("/officer/cycles/c1/applications", params={"offset": offset})
    assert page.status_code == 200, page.text
    assert officer.matching.table_calls[-1]["offset"] == forwarded


async def test_a_refused_review_shows_the_form_again_as_it_was_typed(officer):
    """A refusal rendered the page afresh: the ticked rows, the reasons and the messages to
    applicants were gone and had to be typed again."""
    page = await officer.get("/officer/cycles/c1/review")
    csrf = csrf_of(page.text)
    bulk = {
        "csrf": csrf,
        "match_id[]": ["m1", "m3"],
        "action": "reject",
        "reason": "no",  # too short: refused before anything is sent
        "message_to_applicant": "Please apply again next cycle.",
    }
    r = await officer.post("/officer/cycles/c1/review", data=bulk)
    assert r.status_code == 422 and officer.matching.reviews == []
    rows = _review_rows(r.text)
    assert 'id="sel-m1" class="select-row"' in rows["m1"] and "checked" in rows["m1"].split('id="sel-m1"')[1][:200]
    assert "checked" not in rows["m2"].split('id="sel-m2"')[1][:120]
    assert re.search(r'id="f-reason" name="reason"[^>]*value="no"', r.text)
    assert re.search(r'name="message_to_applicant"[^>]*>Please apply again next cycle\.</textarea>', r.text)
    # a row's own rejection refused: its reason and message stay in the opened row
    r = await officer.post(
        "/officer/cycles/c1/review",
        data={"csrf": csrf, "only": "m2:reject", "reason_m2": "x", "message_m2": "Try the spring intake."},
    )
    row = _review_rows(r.text)["m2"]
    assert r.status_code == 422 and '<details class="reject-row" open>' in row
    assert 'value="x"' in row and ">Try the spring intake.</textarea>" in row


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_a_table_with_no_row_says_so_not_0_to_0_of_0(officer, lang):
    officer.matching.rows = []
    await officer.get(f"/language/{lang}?next=/officer")
    page = await officer.get("/officer/cycles/c1/applications?q=nobody")
    count = re.search(r'id="table-count">(.*?)·', page.text, re.S).group(1)
    assert translate(lang, "No application matches these filters.") in count and "0" not in count


async def test_the_endorsed_only_table_says_so_keeps_it_through_a_filter_and_lets_it_go(officer):
    """The cycle page counts the endorsed waiting for a round; its link opened a table of every
    submitted application, more rows than the number said."""
    m = officer.matching
    page = await officer.get("/officer/cycles/c1/applications?status=submitted&endorsed=true")
    assert m.table_calls[-1]["endorsed"] == "true" and m.table_calls[-1]["status"] == "submitted"
    note = page.text.split('id="endorsed-only"', 1)[1].split("</p>", 1)[0]
    assert 'href="/officer/cycles/c1/applications?status=submitted"' in note  # show all
    assert '<input type="hidden" name="endorsed" value="true">' in page.text  # kept by the filter form
    await officer.get("/officer/cycles/c1/applications?status=submitted")
    assert "endorsed" not in m.table_calls[-1]


def _documents_counted(officer, monkeypatch, counts: dict[str, dict[str, int]]) -> list[list[str]]:
    """The applications service answers how far each application's documents were reviewed."""
    asked: list[list[str]] = []
    answer = type(officer.apps).__call__

    def documents_review(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/officer/documents/review":
            ids = request.url.params.get_list("application_id")
            asked.append(ids)
            return httpx.Response(200, json=[{"application_id": a, **counts[a]} for a in ids if a in counts])
        return answer(self, request)

    monkeypatch.setattr(type(officer.apps), "__call__", documents_review)
    return asked


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_approving_on_documents_nobody_checked_asks_first(officer, monkeypatch, lang):
    """An officer approved with one key, and the offer went out on documents still awaiting
    review: now the approval is held once, says why, and goes through when the box is ticked."""
    _documents_counted(
        officer,
        monkeypatch,
        {
            "a0001": {"verified": 1, "pending": 2, "rejected": 0},
            "a0002": {"verified": 3, "pending": 0, "rejected": 0},
            "a0003": {"verified": 0, "pending": 1, "rejected": 0},
        },
    )
    await officer.get(f"/language/{lang}?next=/")
    page = await officer.get("/officer/cycles/c1/review")
    csrf = csrf_of(page.text)
    assert 'name="application.m1" value="a0001"' in page.text and 'id="f-unverified-ok"' not in page.text
    apps = {"application.m1": "a0001", "application.m2": "a0002", "application.m3": "a0003"}
    held = await officer.post("/officer/cycles/c1/review", data={"csrf": csrf, "only": "m1:approve", **apps})
    assert held.status_code == 422 and officer.matching.reviews == []
    summary = text_of(re.search(r'id="error-summary">(.*?)</div>', held.text, re.S).group(1))
    assert translate(lang, UNVERIFIED) in summary and "Applicant 0001" in summary  # the held rows, named
    assert 'id="f-unverified-ok"' in held.text and 'class="match has-error" id="match-m1"' in held.text
    row = _review_rows(held.text)["m1"]
    assert translate(lang, "Documents await review.") in text_of(row)
    # the confirmation beside the row too (the one at the top was 1,350 px up), and it is no
    # rejection: the reject panel stays closed, its reason not marked wrong
    assert 'id="f-unverified-ok-m1"' in row and '<details class="reject-row">' in row
    assert 'aria-invalid="true"' not in row
    # a verified applicant's approval is not held; in bulk, only the unchecked rows are named
    bulk = {"csrf": csrf, "action": "approve", "match_id[]": ["m1", "m2"], **apps}
    held = await officer.post("/officer/cycles/c1/review", data=bulk)
    assert held.status_code == 422 and officer.matching.reviews == []
    assert (
        'class="match has-error" id="match-m1"' in held.text
        and 'class="match has-error" id="match-m2"' not in held.text
    )
    assert re.search(r'<input type="checkbox" name="match_id\[\]" value="m1"[^>]*checked', held.text)  # still ticked
    r = await officer.post("/officer/cycles/c1/review", data={"csrf": csrf, "only": "m2:approve", **apps})
    assert r.status_code == 303 and officer.matching.reviews[-1]["decisions"] == [
        {"match_id": "m2", "decision": "approve"}
    ]
    # a row's own box confirms that row only: ticked beside m3, m1 is still held
    both = {**bulk, "match_id[]": ["m1", "m3"], "unverified_ok.m3": "yes"}
    held = await officer.post("/officer/cycles/c1/review", data=both)
    assert held.status_code == 422 and officer.matching.reviews[-1]["decisions"][0]["match_id"] == "m2"
    assert (
        'class="match has-error" id="match-m1"' in held.text
        and 'class="match has-error" id="match-m3"' not in held.text
    )
    r = await officer.post("/officer/cycles/c1/review", data={**both, "unverified_ok.m1": "yes"})
    assert r.status_code == 303 and [d["match_id"] for d in officer.matching.reviews[-1]["decisions"]] == ["m1", "m3"]
    r = await officer.post("/officer/cycles/c1/review", data={**bulk, "unverified_ok": "yes"})
    assert r.status_code == 303
    assert [d["match_id"] for d in officer.matching.reviews[-1]["decisions"]] == ["m1", "m2"]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_approving_over_the_reviewers_disagreement_asks_first(officer, monkeypatch, lang):
    """A match the committee flagged (scores 22 apart, threshold 20) was approved with no word:
    the approval settled a disagreement nobody moderated. Held once, as for documents."""
    _documents_counted(officer, monkeypatch, {"a0001": {"verified": 2, "pending": 0, "rejected": 0}})
    officer.matching.rows[0].update(flags=["score_spread"])
    await officer.get(f"/language/{lang}?next=/")
    page = await officer.get("/officer/cycles/c1/review")
    assert 'name="spread.m1" value="yes"' in page.text and 'name="spread.m2"' not in page.text
    csrf = csrf_of(page.text)
    apps = {"application.m1": "a0001", "application.m2": "a0002", "spread.m1": "yes"}
    held = await officer.post("/officer/cycles/c1/review", data={"csrf": csrf, "only": "m1:approve", **apps})
    assert held.status_code == 422 and officer.matching.reviews == []
    summary = html.unescape(text_of(re.search(r'id="error-summary">(.*?)</div>', held.text, re.S).group(1)))
    assert translate(lang, UNMODERATED) in summary and "Applicant 0001" in summary
    assert translate(lang, UNVERIFIED) not in summary
    row = _review_rows(held.text)["m1"]
    assert translate(lang, "The reviewers disagree: not moderated yet.") in text_of(row)
    assert translate(lang, "Approve all the same: I know the reviewers disagree") in text_of(row)
    r = await officer.post(
        "/officer/cycles/c1/review", data={"csrf": csrf, "only": "m1:approve", **apps, "unverified_ok.m1": "yes"}
    )
    assert r.status_code == 303 and officer.matching.reviews[-1]["decisions"] == [
        {"match_id": "m1", "decision": "approve"}
    ]
    # a rejection is never held for it
    r = await officer.post(
        "/officer/cycles/c1/review", data={"csrf": csrf, "only": "m1:reject", "reason_m1": "weak interview", **apps}
    )
    assert r.status_code == 303


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_decision_on_a_match_decided_meanwhile_is_said_at_the_top(officer, lang):
    """A colleague approved it first (or the applicant withdrew): the page came back 409 with
    "nothing to review" and no word, the refusal attached to a row no longer shown."""
    said = "the match is already approved"
    officer.matching.review_refusal = httpx.Response(
        409,
        json={"type": "about:blank", "title": "Conflict", "status": 409, "code": "match.not_proposed", "detail": said,
              "instance": "/matches/review", "errors": [{"field": "decisions.0.match_id", "reason": said,
                                                        "code": "match.not_proposed", "status": "approved"}]},
        headers={"content-type": "application/problem+json"},
    )  # fmt: skip
    await officer.get(f"/language/{lang}?next=/")
    page = await officer.get("/officer/cycles/c1/review")
    gone = "m9"  # no longer among the proposed rows
    for data in ({"only": f"{gone}:reject", f"reason_{gone}": "weak"}, {"action": "approve", "match_id[]": [gone]}):
        r = await officer.post("/officer/cycles/c1/review", data={"csrf": csrf_of(page.text), **data})
        assert r.status_code == 409
        summary = html.unescape(text_of(re.search(r'id="error-summary">(.*?)</div>', r.text, re.S).group(1)))
        meanwhile = "This match was decided meanwhile (in another tab, or by a colleague), or the applicant withdrew: your decision was not recorded."
        assert translate(lang, meanwhile) in summary and "Unknown applicant" not in summary


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_the_review_says_how_far_each_applicants_documents_were_checked(officer, monkeypatch, lang):
    """Every row said a green "no document rejected" while nobody had reviewed a document: an
    officer approved offers on documents nobody had checked."""
    counts = {
        "a0001": {"verified": 1, "pending": 3, "rejected": 0},
        "a0002": {"verified": 4, "pending": 0, "rejected": 0},
        "a0003": {"verified": 0, "pending": 0, "rejected": 0},
    }
    asked = _documents_counted(officer, monkeypatch, counts)
    await officer.get(f"/language/{lang}?next=/")
    rows = _review_rows((await officer.get("/officer/cycles/c1/review")).text)
    assert sorted(asked[-1]) == ["a0001", "a0002", "a0003"]  # this page's applications, in one call
    said = translate(lang, "Documents awaiting review: {n} of {total}").format(n=3, total=4)
    assert said in text_of(rows["m1"]) and 'class="tag tag-high documents-pending"' in rows["m1"]
    assert translate(lang, "all documents verified") in text_of(rows["m2"])
    assert translate(lang, "no documents uploaded") in text_of(rows["m3"])
    assert translate(lang, "no document rejected") not in text_of("".join(rows.values()))


async def test_a_cell_over_its_cap_says_by_how_much(officer):
    """A rule added after the places were made showed "2 / 1 Remaining: 0" in red, no words."""
    officer.matching.matrix = copy.deepcopy(MATRIX)
    officer.matching.matrix["programmes"][0]["cells"][0].update(used=2, allocation=1, remaining=0)
    for lang, said in (("en", "Over the cap by 1"), ("ru", "Сверх предела: 1")):
        await officer.get(f"/language/{lang}?next=/officer/cycles/c1/quota")
        page = await officer.get("/officer/cycles/c1/quota")
        kz = re.search(r'<td class="cell fill-full" data-country="KZ"[^>]*>(.*?)</td>', page.text, re.S).group(1)
        assert said in kz and "Remaining" not in kz and "Осталось" not in kz


async def test_a_round_that_placed_nobody_offers_no_review(officer):
    """A round before any list was published placed nobody and still offered "Review the
    proposed matches", which led to an empty page."""
    assert 'id="to-review"' in (await officer.get("/officer/rounds/r1")).text
    officer.matching.matched = 0
    assert 'id="to-review"' not in (await officer.get("/officer/rounds/r1")).text


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_the_review_flags_a_match_whose_applicant_shares_nothing_with_the_host(officer, monkeypatch, lang):
    """An officer approved and sent to the host an applicant who had not agreed to share their
    identity or documents with it, with no word of it; the host then rejected him for
    "incomplete documents" it could not see. Each row now says what is not shared, before the
    approval; a row that shares everything says nothing."""
    consents = {
        "a0001": {"host_identity": False, "host_documents": False, "at": None, "messages_language": "zh"},
        "a0002": {"host_identity": True, "host_documents": True, "at": "2026-11-30T12:00:00+00:00"},
        "a0003": {"host_identity": True, "host_documents": False, "at": "2026-11-30T12:00:00+00:00"},
    }
    asked: list[list[str]] = []
    answer = type(officer.apps).__call__

    def consent(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/officer/consent":
            ids = request.url.params.get_list("application_id")
            asked.append(ids)
            return httpx.Response(200, json=[{"application_id": a, **consents[a]} for a in ids if a in consents])
        return answer(self, request)

    monkeypatch.setattr(type(officer.apps), "__call__", consent)
    await officer.get(f"/language/{lang}?next=/")
    page = await officer.get("/officer/cycles/c1/review")
    rows = _review_rows(page.text)
    assert sorted(asked[-1]) == ["a0001", "a0002", "a0003"]  # this page's applications, in one call
    nothing = translate(lang, "Not shared with the host yet: identity and documents")
    assert nothing in text_of(rows["m1"]) and 'id="not-shared-m1"' in rows["m1"]
    assert translate(lang, "Not shared with the host yet: documents") in text_of(rows["m3"])
    assert 'class="tag tag-high not-shared"' not in rows["m2"]
    # beside the message box, the language the applicant reads (a message reaches them as written)
    reads = translate(lang, "The applicant reads messages in {language}.", language=language_name(lang, "zh"))
    assert reads in text_of(rows["m1"]) and 'id="reads-in-m2"' not in rows["m2"]
    # and above, beside the bulk message, the languages of the page's applicants
    languages = translate(
        lang, "The applicants on this page read messages in: {languages}.", languages=language_name(lang, "zh")
    )
    assert languages in page.text
    hint = "The host institution cannot read what the applicant has not shared, and may take the documents for missing."
    assert translate(lang, hint) in page.text
    if lang != "en":
        assert "Not shared with the host" not in page.text
    # the service not answering: no flag, and the page stands
    consents.clear()
    page = await officer.get("/officer/cycles/c1/review")
    assert page.status_code == 200 and 'class="tag tag-high not-shared"' not in page.text
    assert 'id="not-shared-hint"' not in page.text


async def test_a_name_typed_in_another_script_shows_its_passport_name_beside_it(officer):
    """An officer in Beijing read «بلال احمد» with nothing in Latin letters: the table shows
    the passport's spelling beside a name typed otherwise, and nothing when the two agree."""
    officer.matching.rows[0].update(applicant_name="بلال احمد", passport_name="BILAL AHMED")
    officer.matching.rows[1].update(applicant_name="Aigerim Bekova", passport_name="AIGERIM BEKOVA")
    page = await officer.get("/officer/cycles/c1/applications")
    first = re.search(r'<tr id="app-a0001">.*?</tr>', page.text, re.S).group(0)
    second = re.search(r'<tr id="app-a0002">.*?</tr>', page.text, re.S).group(0)
    assert '<bdi dir="ltr" class="passport-name">(BILAL AHMED)</bdi>' in first
    assert "passport-name" not in second  # the same letters: said once
