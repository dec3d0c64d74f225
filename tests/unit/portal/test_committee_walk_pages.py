"""What the committee's walk in the browser found, over fake services: a reviewer declares a
conflict before being given the application; giving an application to a named reviewer
the service refuses says who and why; an application's journal shows the cycle's
scoresheet; a journal entry's changes read in the reader's language, without generated ids;
the applicant downloads her booked interview as the e-mailed calendar event."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from services.portal.app import create_app
from services.portal.domain.changes import changed_fields
from services.portal.i18n import translate
from services.portal.settings import Settings
from tests.unit.portal.test_pages_with_fake_services import CYCLE, csrf_of, problem, token_for

LI, OLGA = "aee8a799-4922-4ecb-a108-4b68018dc1e5", "88ce7e55-6889-4d17-863a-6cff93f84c16"
REVIEWS = {
    "application_id": "a1",
    "cycle_id": "c1",
    "name": "Ayesha Khan",
    "nationality": "PK",
    "home_institution": "NUST",
    "choices": ["p1"],
    "grade": 86.0,
    "scoresheet": None,
    "my_assignment_id": None,
    "reviews": [
        {"assignment_id": "x", "reviewer_id": LI, "reviewer_name": "Li Wei", "active": True, "submitted": False,
         "hidden": False, "composite": None, "scores": None, "history": []},
        {"assignment_id": "y", "reviewer_id": OLGA, "reviewer_name": "Olga Petrova", "active": True,
         "submitted": False, "hidden": False, "composite": None, "scores": None, "history": []},
    ],
    "composite": None,
    "spread": None,
    "flagged": False,
    "eligible_reviewers": ["u1"],
}  # fmt: skip


def entry(id_: int, action: str, actor: str, before, after, application_id: str | None = "a1") -> dict:
    return {"id": id_, "at": f"2026-12-01T05:{id_:02d}:00Z", "actor": "x", "actor_name": actor, "action": action,
            "scheme_id": "cpec", "cycle_id": "c1", "application_id": application_id, "subject": "s",
            "before": before, "after": after, "reason": "", "withheld": False}  # fmt: skip


APPLICATION_JOURNAL = [
    entry(3, "assignment.created", "Chair Wang", None, {"reviewer_id": LI, "reviewer_name": "Li Wei"}),
    entry(4, "review.scored", "Li Wei", None, {"composite": 81.43, "flagged": True}),
    entry(5, "interview.booked", "Ayesha Khan", None, {"starts_at": "2026-12-06T02:00:00+00:00"}),
]
SHEET = {"criteria": [{"key": "language", "max": 5}], "reviewers_per_application": 2, "spread_threshold": 15.0}
SHEET_JOURNAL = [entry(1, "scoresheet.saved", "Chair Wang", None, SHEET, application_id=None)]


BOOKED = {
    "application_id": "a1", "applicant_id": "u1", "cycle_id": "c1", "name": "Ayesha Khan",
    "invited_at": "2026-12-01T05:00:00Z", "booking_uid": "interview-a1-b7@corridor", "sequence": 2,
    "attendance": None, "score": None, "recorded_by": None, "time_zone": "Asia/Karachi",
    "my_local_start": "2026-12-06T07:00:00+05:00", "cutoff_hours": 24.0, "can_change": True,
    "slot": {"id": "s1", "cycle_id": "c1", "starts_at": "2026-12-06T02:00:00Z",
             "local_start": "2026-12-06T10:00:00+08:00", "duration_minutes": 30, "time_zone": "Asia/Shanghai",
             "place": "https://meet.example/cpec", "capacity": 1},
}  # fmt: skip


class Matching:
    def __init__(self) -> None:
        self.reviewers = [
            {"account_id": "u1", "name": "Imran Shah", "institutions": [], "assigned": 1},
            {"account_id": LI, "name": "Li Wei", "institutions": [], "assigned": 1},
            {"account_id": OLGA, "name": "Olga Petrova", "institutions": [], "assigned": 1},
        ]
        self.journal_queries: list[dict] = []
        self.journal = APPLICATION_JOURNAL
        self.interviews = [BOOKED]
        self.reviews = REVIEWS
        self.reassigned: list[tuple[str, bytes]] = []
        self.slots: list[dict] = []  # the applicant's free interview times

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, params = request.url.path, dict(request.url.params)
        if path in getattr(self, "refused", ()):  # as the service refuses a committee reviewer these
            return problem(403, "auth.wrong_role", "authorization", "role reviewer may not do this")
        if path == "/pool/applications/a1/reviews":
            return httpx.Response(200, json=self.reviews)
        if path == "/journal":
            self.journal_queries.append(params)
            items = SHEET_JOURNAL if params.get("action") == "scoresheet.saved" else self.journal
            return httpx.Response(200, json={"items": items, "total": len(items), "offset": 0, "limit": 100})
        if path == "/programmes":
            return httpx.Response(200, json={"items": [], "total": 0})
        if path == "/reviews/assigned":
            self.assigned_queries = [*getattr(self, "assigned_queries", []), params]
            return httpx.Response(200, json={"items": [], "total": 0, "offset": 0, "limit": 20})
        if path == "/cycles":
            return httpx.Response(200, json={"items": [CYCLE, *getattr(self, "more_cycles", [])], "total": 1})
        if path == "/cycles/c1":
            return httpx.Response(200, json=CYCLE)
        if (request.method, path) == ("PUT", "/cycles/c1/scoresheet"):
            self.sheet = json.loads(request.content)  # as saved
            return httpx.Response(200, json=self.sheet)
        if path == "/cycles/c1/scoresheet" and getattr(self, "sheet", None):
            return httpx.Response(200, json=self.sheet)
        if path == "/cycles/c1/interviews":
            return httpx.Response(200, json=[])
        if path == "/cycles/c1/moderation":
            rows = getattr(self, "moderation", [])
            return httpx.Response(200, json={"items": rows, "total": len(rows), "offset": 0, "limit": 200})
        if path == "/cycles/c1/reviewers":
            return httpx.Response(200, json=self.reviewers)
        if path == "/interviews/mine":
            return httpx.Response(200, json=self.interviews)
        if path == "/interviews/a1/slots":
            return httpx.Response(200, json=self.slots)
        if (request.method, path) == ("PUT", "/interviews/a1/booking"):
            return httpx.Response(200, json=BOOKED)
        if (request.method, path) == ("DELETE", "/interviews/a1/booking"):
            self.cancelled = getattr(self, "cancelled", 0) + 1
            return httpx.Response(200, json={**BOOKED, "slot": None})
        if (request.method, path) == ("POST", "/cycles/c1/assignments"):
            return httpx.Response(
                200, json=getattr(self, "assigned", {"created": [], "short": {}, "per_application": 2})
            )
        if path.startswith("/assignments/") and path.endswith("/reassign"):
            self.reassigned.append((path, request.content))
            if b'"u1"' in request.content:
                return problem(409, "assignment.conflict", "reviewer_id", "u1 may not review this application")
            return httpx.Response(200, json={})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


async def _portal(role: str, **scope: list[str]):
    matching = Matching()

    def applications(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/token":
            return httpx.Response(200, json={"access_token": token_for(role, **scope), "role": role})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})

    app = create_app(Settings(session_secret="unit-test-secret"))
    async with app.router.lifespan_context(app):
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(transport=httpx.MockTransport(applications), base_url="http://a")
        await services.matching.http.aclose()
        services.matching.http = httpx.AsyncClient(transport=httpx.MockTransport(matching), base_url="http://m")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            page = await client.get("/login")
            form = {"csrf": csrf_of(page.text), "email": "o@b.org", "password": "x" * 12}
            assert (await client.post("/login", data=form)).status_code == 303
            client.matching = matching  # type: ignore[attr-defined]
            yield client


@pytest.fixture
async def officer():
    """Logged in as u1 (Imran Shah among the reviewers of the scheme, not assigned to a1)."""
    async for client in _portal("officer"):
        yield client


@pytest.fixture
async def applicant():
    """Logged in as u1, the applicant of a1, whose interview is booked."""
    async for client in _portal("applicant"):
        yield client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_assigning_with_nothing_to_assign_says_why_not_just_zero(officer):
    page = await officer.get("/officer/committee/cycles/c1")
    r = await officer.post("/officer/committee/cycles/c1/assign", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303
    shown = (await officer.get("/officer/committee/cycles/c1")).text
    assert "every application that competes has its reviewers already" in shown and "New assignments: 0" not in shown


async def test_applications_given_fewer_reviewers_than_asked_are_not_called_without_one(officer):
    """With two reviewers per application and one eligible officer, the page said "New
    assignments: 40." and "Applications without an eligible reviewer: 40." together."""
    officer.matching.assigned = {
        "created": [{"application_id": f"a{i}", "reviewer_id": "o1"} for i in range(40)],
        "short": {f"a{i}": 1 for i in range(40)},
        "per_application": 2,
    }
    page = await officer.get("/officer/committee/cycles/c1")
    await officer.post("/officer/committee/cycles/c1/assign", data={"csrf": csrf_of(page.text)})
    shown = text_of((await officer.get("/officer/committee/cycles/c1")).text)
    assert "New assignments: 40." in shown and "without an eligible reviewer" not in shown
    assert (
        "Applications with fewer reviewers than the scoresheet asks for (not enough eligible reviewers): 40." in shown
    )


async def test_the_scores_table_counts_reviews_of_those_the_scoresheet_asks_for(officer):
    """Two reviewers asked per application and one officer to give: the banner said 39
    applications had fewer than asked, the table "0 / 1" beside it. It says "0 / 2" and how
    many were assigned."""
    officer.matching.sheet = {**SHEET, "criteria": [], "reviewers_per_application": 2}
    row = {"application_id": "a1", "name": "Ayesha Khan", "reviewers": 1, "submitted": 0, "composite": None,
           "spread": None, "flagged": False}  # fmt: skip
    officer.matching.moderation = [row, {**row, "application_id": "a2", "name": "Bilal", "reviewers": 2}]
    page = await officer.get("/officer/committee/cycles/c1")
    cells = [text_of(c).strip() for c in re.findall(r'<td data-label="Reviews submitted">(.*?)</td>', page.text, re.S)]
    assert cells == ["0 / 2 (1 assigned)", "0 / 2"]
    await officer.get("/language/ru?next=/officer/committee/cycles/c1")
    page = await officer.get("/officer/committee/cycles/c1")
    assert "(назначено: 1)" in page.text
    # a flag with no word of what to do about it: the page says it once a row is flagged
    assert 'id="moderation-hint"' not in page.text
    officer.matching.moderation[1] = {**officer.matching.moderation[1], "spread": 37.78, "flagged": True}
    page = await officer.get("/officer/committee/cycles/c1")
    assert 'id="moderation-hint"' in page.text and "может пересмотреть оценку" in page.text


async def test_a_suggested_scoresheet_says_it_is_not_saved_until_one_is(officer):
    page = (await officer.get("/officer/committee/cycles/c1")).text
    assert 'id="sheet-unsaved"' in page and "the criteria below are a suggestion, not saved" in page
    officer.matching.sheet = {
        "criteria": [{"key": "language", "label": "Language", "weight": 1, "min": 0, "max": 5}],
        "reviewers_per_application": 2,
        "spread_threshold": 15.0,
    }
    assert 'id="sheet-unsaved"' not in (await officer.get("/officer/committee/cycles/c1")).text


async def test_a_reviewer_of_the_scheme_declares_a_conflict_before_being_assigned(officer):
    page = await officer.get("/officer/committee/applications/a1")
    assert page.status_code == 200, page.text
    assert 'id="conflict-form"' in page.text
    assert "declare a conflict now and this application is never given to you" in page.text
    # an officer who does not review the scheme has nothing to declare
    officer.matching.reviewers = officer.matching.reviewers[1:]
    page = await officer.get("/officer/committee/applications/a1")
    assert 'id="conflict-form"' not in page.text


async def test_giving_an_application_to_a_named_reviewer_offers_the_others_and_a_refusal_names_them(officer):
    page = await officer.get("/officer/committee/applications/a1")
    li_form = re.search(r'<form[^>]*reassign-form.*?value="x".*?</form>', page.text, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)">', li_form)
    assert options == ["", "u1"]  # the least loaded one, or one the service says may review it (Olga is on it)
    form = {"csrf": csrf_of(page.text), "assignment_id": "x", "reviewer_id": "u1"}
    refused = await officer.post("/officer/committee/applications/a1/reassign", data=form)
    assert refused.status_code == 409
    assert b'"reviewer_id":"u1"' in officer.matching.reassigned[-1][1].replace(b" ", b"")
    # (eligible when the page was read, refused when sent: a conflict declared meanwhile)
    said = text_of(re.search(r'<p class="error" role="alert" id="e-reassign">.*?</p>', refused.text, re.S).group(0))
    assert "Imran Shah may not review this application" in said and "declared a conflict" in said
    # the least loaded eligible reviewer: no name sent
    form["reviewer_id"] = ""
    done = await officer.post("/officer/committee/applications/a1/reassign", data=form)
    assert done.status_code == 303 and b'"reviewer_id":null' in officer.matching.reassigned[-1][1].replace(b" ", b"")


async def test_an_application_short_of_reviewers_says_so_and_offers_only_the_eligible(officer):
    """Li declared a conflict (reassigned) and nobody else may review it: the page says one of
    two reviewers is active and that nobody eligible is left, and offers no name."""
    sheet = {"reviewers_per_application": 2, "criteria": [], "spread_threshold": 30}
    reviews = [{**REVIEWS["reviews"][0], "active": False}, REVIEWS["reviews"][1]]
    officer.matching.reviews = {**REVIEWS, "scoresheet": sheet, "reviews": reviews, "eligible_reviewers": []}
    page = await officer.get("/officer/committee/applications/a1")
    short = text_of(re.search(r'<p class="notice" id="short-of-reviewers".*?</p>', page.text, re.S).group(0))
    assert "Only 1 of 2 reviewers is active." in short and "No other eligible reviewer is left" in short
    # no button that could only be refused; Li reads as ended, without scores to hide
    assert "reassign-form" not in page.text
    li = text_of(re.search(r'<ul id="reviews">.*?</li>', page.text, re.S).group(0))
    assert "Li Wei (assignment ended): did not score it" in li and "hidden until" not in li
    officer.matching.reviews = {**officer.matching.reviews, "eligible_reviewers": ["u1"]}
    page = await officer.get("/officer/committee/applications/a1")
    assert "Assign reviewers again on the cycle" in page.text


async def test_the_applications_journal_shows_its_cycles_scoresheet(officer):
    page = await officer.get("/officer/committee/applications/a1")
    assert {"cycle_id": "c1", "action": "scoresheet.saved", "limit": "20"} in officer.matching.journal_queries
    rows = re.findall(r"<tr>\s*<td data-label=\"When\">.*?</tr>", page.text, re.S)
    # newest first: the booking, the scores, the assignment, then the scoresheet they were given on
    assert [("scoresheet saved" in text_of(r)) for r in rows] == [False, False, False, True]
    assert "reviewers per application: 2" in text_of(rows[-1]) and "Chair Wang" in text_of(rows[-1])


async def test_a_journal_entrys_changes_read_in_the_readers_language(officer):
    await officer.get("/language/ru?next=/officer/committee/applications/a1")
    html = (await officer.get("/officer/committee/applications/a1")).text
    rows = [text_of(r) for r in re.findall(r"<tr>\s*<td data-label=\"Когда\">.*?</tr>", html, re.S)]
    booked, scored, assigned, _sheet = rows
    assert "эксперт: Li Wei" in assigned and LI not in assigned and "reviewer" not in assigned
    assert "нужно согласование: да" in scored and "итоговый балл: 81.43" in scored
    assert "начало: 6 дек. 2026 г., 02:00 UTC" in booked
    # a new thing has no "before": one dash in its column, not one for each field
    before = re.findall(r'<td data-label="До">(.*?)</td>', html, re.S)
    assert [b.strip() for b in before] == ["—"] * 4


def test_changed_fields_leave_generated_ids_out_and_word_yes_no_and_moments():
    changes = changed_fields(
        {"reviewer_id": LI, "reviewer_name": "Li Wei", "flagged": False},
        {"reviewer_id": OLGA, "reviewer_name": "Olga Petrova", "flagged": True, "at": "2026-12-06T02:00:00+00:00"},
        word=str.upper,
        moment=lambda iso: f"moment {iso[:10]}",
    )
    assert changes == [
        ("reviewer_name", "Li Wei", "Olga Petrova"),
        ("flagged", "NO", "YES"),
        ("at", "—", "moment 2026-12-06"),
    ]
    # a scoresheet's criteria read as a person writes them; whole numbers without ".0"
    criteria = [{"key": "academic_record", "label": "Academic record", "weight": 3.0, "min": 0.0, "max": 10.0}]
    assert changed_fields(None, {"criteria": criteria, "spread_threshold": 15.0}) == [
        ("criteria", "—", "Academic record ×3 (0–10)"),
        ("spread_threshold", "—", "15"),
    ]
    # an id that is not a generated one (a programme's, a cycle's) stays
    assert changed_fields(None, {"programme_id": "thu-ee"}) == [("programme_id", "—", "thu-ee")]


async def test_an_entry_withheld_from_a_reviewer_says_why(officer):
    withheld = {**entry(4, "review.scored", "Li Wei", None, None), "withheld": True}
    officer.matching.journal = [withheld]
    html = (await officer.get("/officer/committee/applications/a1")).text
    (row,) = [text_of(r) for r in re.findall(r"<tr>\s*<td data-label=\"When\">.*?</tr>", html, re.S) if "Li Wei" in r]
    assert "scores submitted" in row and "hidden until you submit your own scores" in row


async def test_the_booked_interview_downloads_as_the_e_mailed_calendar_event(applicant):
    await applicant.get("/language/ur?next=/interviews/a1")
    page = await applicant.get("/interviews/a1")
    assert 'href="/interviews/a1/calendar.ics" id="calendar-link"' in page.text
    assert "میرے کیلنڈر میں شامل کریں" in page.text
    r = await applicant.get("/interviews/a1/calendar.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert r.headers["content-disposition"] == 'attachment; filename="interview.ics"'
    (event,) = [c for c in Calendar.from_ical(r.content).walk() if c.name == "VEVENT"]
    assert event.decoded("DTSTART") == datetime(2026, 12, 6, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    assert str(event["UID"]) == "interview-a1-b7@corridor" and int(event["SEQUENCE"]) == 2  # the e-mail's event
    assert str(event["SUMMARY"]) == "انٹرویو: SCO 2026/27" and str(event["LOCATION"]) == "https://meet.example/cpec"


async def test_no_booking_no_calendar_file(applicant):
    applicant.matching.interviews = [{**BOOKED, "slot": None, "booking_uid": None}]
    assert 'id="calendar-link"' not in (await applicant.get("/interviews/a1")).text
    assert (await applicant.get("/interviews/a1/calendar.ics")).status_code == 404
    applicant.matching.interviews = []
    assert (await applicant.get("/interviews/a1/calendar.ics")).status_code == 404


async def test_the_usual_criteria_read_in_the_reviewers_language_a_schemes_own_as_written(officer):
    sheet = {
        "criteria": [
            {"key": "academic_record", "label": "Academic record", "weight": 3.0, "min": 0.0, "max": 10.0},
            {"key": "fieldwork", "label": "Fieldwork in Gwadar", "weight": 1.0, "min": 0.0, "max": 5.0},
        ],
        "reviewers_per_application": 2,
        "spread_threshold": 15.0,
    }
    officer.matching.reviews = {**REVIEWS, "scoresheet": sheet, "my_assignment_id": "x"}
    await officer.get("/language/zh?next=/officer/committee/applications/a1")
    html = (await officer.get("/officer/committee/applications/a1")).text
    labels = [text_of(x).strip() for x in re.findall(r'<label for="f-score_\w+">(.*?)</label>', html, re.S)]
    assert labels[0].startswith("学业成绩") and labels[1].startswith("Fieldwork in Gwadar")


async def test_moving_a_booked_interview_says_moved_not_booked_again(applicant):
    """Booked, the slots offer "Move my interview here"; moving says the interview moved."""
    slot = {**BOOKED["slot"], "id": "s2", "starts_at": "2026-12-07T02:00:00Z", "local_start": "2026-12-07T10:00:00+08:00",
            "my_local_start": "2026-12-07T07:00:00+05:00"}  # fmt: skip
    applicant.matching.slots = [slot]
    await applicant.get("/language/ru?next=/")
    page = await applicant.get("/interviews/a1")
    form = re.search(r'<form[^>]*action="/interviews/a1/book".*?</form>', page.text, re.S).group(0)
    assert 'name="moving" value="1"' in form
    data = {"csrf": csrf_of(page.text), "slot_id": "s2", "moving": "1"}
    r = await applicant.post("/interviews/a1/book", data=data, follow_redirects=True)
    assert "Собеседование перенесено на новое время." in r.text and "Вы записаны на собеседование." not in r.text


@pytest.mark.parametrize("posted", ["x\ny", "x\x00", "../x?y=1"])
async def test_an_assignment_id_that_is_no_id_never_reaches_the_service_path(officer, posted):
    """The form's assignment_id went into the service's path as posted: a newline or NUL made
    httpx raise InvalidURL (a 500 page), and "../" or "?" changed the path asked for."""
    page = await officer.get("/officer/committee/applications/a1")
    form = {"csrf": csrf_of(page.text), "assignment_id": posted, "reviewer_id": ""}
    r = await officer.post("/officer/committee/applications/a1/reassign", data=form)
    assert r.status_code != 500
    assert officer.matching.reassigned[-1][0] == "/assignments/-/reassign"


async def test_a_score_that_is_no_number_and_one_out_of_range_are_said_together(officer):
    """Before, "abc" was refused first and an 11 on a 0-10 criterion only on the next submit."""
    sheet = {
        "reviewers_per_application": 2,
        "spread_threshold": 30,
        "criteria": [
            {"key": "academic_record", "label": "Academic record", "weight": 3, "min": 0, "max": 10},
            {"key": "statement", "label": "Statement", "weight": 1, "min": 0, "max": 10},
            {"key": "language", "label": "Language", "weight": 1, "min": 0, "max": 10},
        ],
    }
    officer.matching.reviews = {**REVIEWS, "scoresheet": sheet, "my_assignment_id": "x"}
    page = await officer.get("/officer/committee/applications/a1")
    form = {
        "csrf": csrf_of(page.text),
        "assignment_id": "x",
        "score_academic_record": "11",
        "score_statement": "abc",
        "score_language": "7",
    }
    r = await officer.post("/officer/committee/applications/a1/scores", data=form)
    assert r.status_code == 422
    said = {
        m.group(1): html.unescape(text_of(m.group(2))).strip()
        for m in re.finditer(r'<p class="error" id="e-(score_\w+)">(.*?)</p>', r.text, re.S)
    }
    assert said == {
        "score_statement": "Enter a number.",
        "score_academic_record": "This score is outside the criterion's range.",
    }, said
    assert 'id="e-score_language"' not in r.text  # the 7 stands


async def test_the_nationality_filter_offers_countries_by_name(officer):
    """A two-letter box took "Ka" for Kazakhstan and found nothing: a list of countries by name."""
    await officer.get("/language/ru?next=/officer/committee")
    page = (await officer.get("/officer/committee", params={"nationality": "kz"})).text
    select = re.search(r'<select id="f-nationality" name="nationality">(.*?)</select>', page, re.S).group(1)
    assert (
        '<option value="KZ" selected>Казахстан</option>' in select and '<option value="PK" >Пакистан</option>' in select
    )
    assert officer.matching.assigned_queries[-1]["nationality"] == "KZ"


async def test_cancelling_a_booking_asks_for_the_ticked_box(applicant):
    """One click gave the time back to others; now a ticked box is asked for (the browser
    asks; a form sent without it is refused and nothing is cancelled)."""
    await applicant.get("/language/ru?next=/interviews/a1")
    page = await applicant.get("/interviews/a1")
    assert 'id="f-cancel-confirm" name="confirm" value="yes" required' in page.text
    r = await applicant.post("/interviews/a1/cancel", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 422 and getattr(applicant.matching, "cancelled", 0) == 0
    assert "Отметьте поле, чтобы подтвердить" in r.text
    r = await applicant.post("/interviews/a1/cancel", data={"csrf": csrf_of(page.text), "confirm": "yes"})
    assert r.status_code == 303 and applicant.matching.cancelled == 1


async def test_a_scoresheet_asking_more_reviewers_than_the_scheme_has_says_what_to_do(officer):
    """Two reviewers asked per application and one officer reviewing the scheme: every row read
    "0 / 2 (1 assigned)" and nothing said how to get a second reviewer."""
    officer.matching.sheet = {**SHEET, "reviewers_per_application": 2}
    officer.matching.reviewers = officer.matching.reviewers[:1]
    page = await officer.get("/officer/committee/cycles/c1")
    note = re.search(r'id="too-few-reviewers">(.*?)</p>', page.text, re.S)
    said = text_of(note.group(1)) if note else ""
    assert "asks for 2 reviewers per application, but only 1 committee member (officer or reviewer)" in said
    assert "add reviewer or officer accounts" in said
    officer.matching.reviewers = [*officer.matching.reviewers, {"account_id": LI, "name": "Li Wei", "institutions": [], "assigned": 0}]  # fmt: skip
    assert 'id="too-few-reviewers"' not in (await officer.get("/officer/committee/cycles/c1")).text


async def test_the_committee_is_chosen_on_the_scoresheet_form(officer):
    """ "Assign reviewers" gave every officer of the scheme a share, a stray account too: the form
    names the committee, all ticked meaning every officer (also those added later)."""
    await officer.get("/language/ru?next=/")
    page = await officer.get("/officer/committee/cycles/c1")
    boxes = re.findall(r'<input type="checkbox" name="committee\[\]" value="([^"]+)"[^>]*?( checked)?>', page.text)
    assert [(v, bool(c)) for v, c in boxes] == [("u1", True), (LI, True), (OLGA, True)]
    assert translate("ru", "Who reviews") in page.text
    form = {
        k: v
        for k, v in re.findall(
            r'name="([a-z_]+_\d|reviewers_per_application|spread_threshold)" value="([^"]*)"', page.text
        )
    }
    base = {"csrf": csrf_of(page.text), "committee_shown": "yes", **form}
    r = await officer.post("/officer/committee/cycles/c1/scoresheet", data={**base, "committee[]": ["u1", LI, OLGA]})
    assert r.status_code == 303 and officer.matching.sheet["committee"] is None  # every one: the scheme's officers
    r = await officer.post("/officer/committee/cycles/c1/scoresheet", data={**base, "committee[]": [LI, OLGA]})
    assert r.status_code == 303 and officer.matching.sheet["committee"] == [LI, OLGA]
    officer.matching.reviewers[0]["on_committee"] = False
    page = await officer.get("/officer/committee/cycles/c1")
    assert re.search(r'value="u1" id="committee-u1">', page.text)  # not ticked
    assert translate("ru", "(not on the committee)") in page.text
    # taken off with a review still held: "Assign reviewers" hands it over, and the page says so
    assert (
        'id="off-committee-holding"' in page.text and "Imran Shah" in page.text.split('id="off-committee-holding"')[1]
    )
    refused = await officer.post("/officer/committee/cycles/c1/scoresheet", data=base)
    assert refused.status_code == 422 and translate("ru", "Tick at least one member.") in refused.text
    assert not re.search(r'name="committee\[\]" value="[^"]+"[^>]* checked', refused.text)  # as sent: none


async def test_the_suggested_criteria_read_in_the_officers_language_and_are_saved_as_the_usual_ones(officer):
    """A Chinese page offered "Academic record" and "Statement" in English to save; saved, the
    scoring form read Chinese and the journal English."""
    await officer.get("/language/zh?next=/")
    page = await officer.get("/officer/committee/cycles/c1")
    assert 'name="label_0" value="学业成绩"' in page.text.replace(' id="f-label_0"', "")
    form = {
        k: v
        for k, v in re.findall(
            r'name="([a-z_]+_\d|reviewers_per_application|spread_threshold)" value="([^"]*)"', page.text
        )
    }
    form["label_1"] = "个人陈述（本校）"  # one changed: the officer's own words, as written
    r = await officer.post("/officer/committee/cycles/c1/scoresheet", data={"csrf": csrf_of(page.text), **form})
    assert r.status_code == 303, r.text[:300]
    labels = [c["label"] for c in officer.matching.sheet["criteria"]]
    assert labels[0] == "Academic record" and labels[1] == "个人陈述（本校）"


async def test_a_flag_nobody_else_can_take_says_so_and_a_reviewer_gone_from_the_scheme_reads_so(officer):
    """Olga's account was disabled after she scored: the moderation hint said to give her review
    to "another reviewer below", and below offered nobody (Li, the one officer left, is on it)."""
    sheet = {"reviewers_per_application": 2, "criteria": [], "spread_threshold": 30}
    scored = {"submitted": True, "hidden": False, "scores": {}, "history": []}
    reviews = [{**REVIEWS["reviews"][0], **scored, "composite": 78.89}, {**REVIEWS["reviews"][1], **scored, "composite": 37.78}]  # fmt: skip
    officer.matching.reviews = {**REVIEWS, "scoresheet": sheet, "reviews": reviews, "eligible_reviewers": [],
                                "composite": 58.34, "spread": 41.11, "flagged": True}  # fmt: skip
    officer.matching.reviewers = officer.matching.reviewers[:2]  # Olga no longer reviews the scheme
    page = await officer.get("/officer/committee/applications/a1")
    steps = html.unescape(
        text_of(re.search(r'<p class="hint" id="moderation-steps">.*?</p>', page.text, re.S).group(0))
    )
    # says why nobody else may take it, and not "give it to another reviewer below"
    assert "Nobody else may take a review of it" in steps and "have read its scores (a review stays blind)" in steps
    assert "give the review to another reviewer below" not in steps
    listed = text_of(re.search(r'<ul id="reviews">.*?</ul>', page.text, re.S).group(0))
    assert "Olga Petrova (no longer reviews this scheme) : 37.78" in listed and "Li Wei (no longer" not in listed
    officer.matching.reviews = {**officer.matching.reviews, "eligible_reviewers": ["u9"]}
    page = await officer.get("/officer/committee/applications/a1")
    assert "Nobody else may take a review of it" not in page.text
    assert "give the review to another reviewer below" in page.text


async def test_the_committees_cycle_filter_offers_the_officers_schemes_only():
    """An officer scoped to SCO was offered every cycle (CPEC, Luban, ...) in the filter."""
    async for client in _portal("officer", schemes=["sco"]):
        client.matching.more_cycles = [{**CYCLE, "id": "cpec-26", "scheme_id": "cpec", "name": "CPEC 2026"}]
        page = await client.get("/officer/committee")
        assert page.status_code == 200, page.text[:500]
        assert '<option value="c1"' in page.text and "CPEC 2026" not in page.text


async def test_scores_are_written_as_the_language_writes_numbers(officer):
    """The Russian committee page wrote "58.34" beside "IELTS 6,5"."""
    scored = {"submitted": True, "hidden": False, "scores": {}, "history": []}
    reviews = [{**REVIEWS["reviews"][0], **scored, "composite": 78.89}]
    officer.matching.reviews = {**REVIEWS, "reviews": reviews, "composite": 58.34, "spread": 41.11}
    await officer.get("/language/ru?next=/officer/committee")
    page = await officer.get("/officer/committee/applications/a1")
    composite = text_of(re.search(r'<p id="composite">.*?</p>', page.text, re.S).group(0))
    assert "58,34" in composite and "41,11" in composite and "58.34" not in composite
    assert "78,89" in text_of(re.search(r'<ul id="reviews">.*?</ul>', page.text, re.S).group(0))


async def test_an_urdu_interview_time_keeps_its_order_as_the_e_mail_does(applicant):
    """An Urdu page showed "(Asia/Almaty, UTC+05:00 (07:00 …": the time and the zone are
    isolated there as in the e-mail (one function, shared.moments.when_in, for both)."""
    from datetime import datetime

    from shared.moments import when_in

    await applicant.get("/language/ur?next=/interviews/a1")
    page = await applicant.get("/interviews/a1")
    mine = re.search(r'<dd id="my-time"><bdi>(.*?)</bdi></dd>', page.text, re.S).group(1)
    assert "\u2068" in mine and mine.endswith("(Asia/Karachi, UTC+05:00)\u2069")
    assert mine == when_in(datetime.fromisoformat(BOOKED["my_local_start"]), "Asia/Karachi", "ur")


async def test_the_review_page_gives_the_passports_latin_letters_beside_a_name_in_another_script(officer):
    # an officer who cannot read Urdu found the applicant only on the documents page
    officer.matching.reviews = {**REVIEWS, "name": "بلال احمد", "passport_name": "BILAL AHMED"}
    page = await officer.get("/officer/committee/applications/a1")
    title = page.text.split("<h1>")[1].split("</h1>")[0]
    assert "بلال احمد" in title and '<bdi dir="ltr" class="passport-name">(BILAL AHMED)</bdi>' in title


async def test_the_committee_picker_says_who_is_an_officer_and_who_a_reviewer_and_of_which_host(officer):
    # four names with ticks: nothing said who only scores, or why one's load differed
    officer.matching.reviewers = [
        {"account_id": "u1", "name": "Imran Shah", "role": "officer", "institutions": [], "assigned": 1},
        {"account_id": LI, "name": "Li Wei", "role": "reviewer", "institutions": ["xju"], "assigned": 1},
    ]
    page = await officer.get("/officer/committee/cycles/c1")
    li = page.text.split(f'id="committee-{LI}"')[1].split("</label>")[0]
    assert "(Committee reviewer · <bdi>xju</bdi>)" in li  # its id when the catalog does not answer
    assert "(Officer)" in text_of(page.text.split('id="committee-u1"')[1].split("</label>")[0])
