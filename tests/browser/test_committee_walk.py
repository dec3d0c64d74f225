"""The selection committee's whole walk in the portal (issue 16), as the people would do it:
the chair defines a cycle's scoresheet; a reviewer declares a conflict with an applicant
before any assignment and is never given her; the chair assigns reviewers and is refused,
with the reviewer's name and why, when giving the application to the conflicted one; two
reviewers score it, the second (in Russian) seeing the first's scores only after submitting
her own; the chair publishes an interview slot in Shanghai time, the applicant (in Urdu)
books it in Karachi time, and the calendar file from her page and the invitation she is
e-mailed start at the slot's instant; the chair filters, sorts and exports the application
table; the application's journal (in Chinese) shows each step and who took it; a round's
review table is worked with the A and R keys. Screenshots go to .run/screenshots/."""

from __future__ import annotations

import csv
import email
import io
import uuid
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from services.portal.i18n import country_name, translate
from tests.browser.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    api_headers,
    create_officer,
    log_in_to,
    master_programme,
    no_trace,
    open_cycle,
    publish_catalog,
    register_applicant,
    screenshot_path,
    student,
    submit_with_passport,
)
from tests.support.infra import wait_for

pytestmark = pytest.mark.integration

PASSWORD = "committee-walk-password"
HOME = "National University of Sciences and Technology"
# name, nationality, home institution, grade, message language
APPLICANTS = [
    ("Ayesha Khan", "PK", HOME, 86, "ur"),
    ("Bilal Ahmed", "PK", "University of the Punjab", 78, "en"),
    ("Aigerim Nurlanova", "KZ", "Al-Farabi Kazakh National University", 91, "ru"),
]


class World:
    def __init__(self, stack) -> None:
        s = uuid.uuid4().hex[:8]
        self.stack, self.portal = stack, stack.portal.url
        self.scheme, self.cycle, self.host, self.home = f"cpec-{s}", f"cpec-{s}-26", f"thu-{s}", f"nust-{s}"
        self.prog = f"thu-ee-{s}"
        # the chair is affiliated with Ayesha's home institution too: never her reviewer
        self.officers = {
            "Chair Wang": f"chair-{s}@example.org",
            "Li Wei": f"li-{s}@example.org",
            "Olga Petrova": f"olga-{s}@example.org",
            "Imran Shah": f"imran-{s}@example.org",
        }
        self.emails = {name: f"{name.split()[0].lower()}-{s}@example.net" for name, *_ in APPLICANTS}
        self.apps: dict[str, str] = {}  # applicant name -> application id
        self.ids: dict[str, str] = {}  # officer name -> account id
        self.admin: dict[str, str] = {}


@pytest.fixture(scope="module")
async def world(portal_stack) -> World:
    w = World(portal_stack)
    items = [
        ("institutions", {"id": w.host, "name": "Tsinghua University", "country": "CN"}),
        ("institutions", {"id": w.home, "name": HOME, "country": "PK"}),
        ("schemes", {"id": w.scheme, "name": "CPEC", "sponsor": "HEC", "eligible_countries": ["PK", "KZ"]}),
        ("cycles", open_cycle(id=w.cycle, scheme_id=w.scheme, name=f"CPEC 2026 {w.cycle[-11:-3]}")),
        ("programmes", master_programme(w.prog, w.cycle, w.host, "Electrical engineering", "engineering", seats=2)),
    ]
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        w.admin = await api_headers(a, ADMIN_EMAIL, ADMIN_PASSWORD)
    await publish_catalog(w.stack, w.admin, items, w.prog)
    async with httpx.AsyncClient(base_url=w.stack.applications.url, timeout=30) as a:
        for name, address in w.officers.items():
            scope = {"institutions": [w.host, w.home]} if name == "Chair Wang" else {}
            w.ids[name] = await create_officer(
                a, w.admin, email=address, password=PASSWORD, name=name, schemes=[w.scheme], **scope
            )
        for name, nationality, home, grade, lang in APPLICANTS:
            registration = student(
                email=w.emails[name],
                password=PASSWORD,
                name=name,
                nationality=nationality,
                home_institution=home,
                age=23,
                preferred_language=lang,
            )
            h = await register_applicant(a, registration)
            w.apps[name] = await submit_with_passport(a, h, w.cycle, w.prog, grade)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:

        async def ready():
            r = await m.get(f"/cycles/{w.cycle}/applications", headers=w.admin, params={"limit": 10})
            rows = r.json()["items"] if r.status_code == 200 else []
            reviewers = await m.get(f"/cycles/{w.cycle}/reviewers", headers=w.admin)
            named = len(rows) == 3 and all(x["applicant_name"] for x in rows)
            return named and reviewers.status_code == 200 and len(reviewers.json()) == 4

        await wait_for(ready, timeout=90, what="three named applications and four reviewers in matching")
    return w


async def _in(browser, w: World, who: str, path: str, lang: str = "en"):
    address = w.officers.get(who) or w.emails[who]
    return await log_in_to(browser, w.portal, address, PASSWORD, path, lang)


def _calendar_of(raw: bytes) -> Calendar | None:
    message = email.message_from_bytes(raw, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    return None


async def test_the_committee_walk(world, browser):
    w = world
    ayesha = w.apps["Ayesha Khan"]
    committee_page = f"/officer/committee/applications/{ayesha}"

    # --- the chair defines the cycle's scoresheet: four criteria, their weights and ranges -----
    cctx, chair = await _in(browser, w, "Chair Wang", f"/officer/committee/cycles/{w.cycle}")
    await chair.wait_for_selector("#scoresheet")
    assert await chair.input_value("#f-key_4") == "interview"
    await chair.fill("#f-key_4", "")
    await chair.fill("#f-label_4", "")
    await chair.fill("#f-max_3", "5")  # language scored 0 to 5
    await chair.fill("#f-reviewers_per_application", "2")
    await chair.fill("#f-spread_threshold", "15")
    await chair.fill("#f-reason", "CPEC committee rules 2026")
    await chair.click("#scoresheet button[type=submit]")
    await chair.wait_for_selector(".flash-success:has-text('The scoresheet was saved.')")
    assert [await chair.input_value(f"#f-{f}_3") for f in ("key", "weight", "min", "max")] == [
        "language",
        "1",
        "0",
        "5",
    ]
    assert await chair.input_value("#f-key_4") == ""
    await no_trace(chair)

    # --- a reviewer knows Ayesha: he declares a conflict before anything is assigned -----------
    ictx, imran = await _in(browser, w, "Imran Shah", f"/officer/cycles/{w.cycle}/applications")
    await imran.click(f"#app-{ayesha} a.application-link")
    await imran.wait_for_url(f"**/officer/applications/{ayesha}")
    # the link by its address: a click can land while the page's PDF viewer is still starting
    assert await imran.get_attribute("#committee-link", "href") == committee_page
    await imran.goto(f"{w.portal}{committee_page}")
    hint = await imran.inner_text("#conflict")
    assert "declare a conflict now and this application is never given to you" in hint
    await imran.fill("#f-reason", "")
    await imran.click("#conflict-form button[type=submit]")
    assert "Say what the conflict is." in await imran.inner_text("#e-reason")
    await imran.fill("#f-reason", "Ayesha is my cousin")
    await imran.click("#conflict-form button[type=submit]")
    await imran.wait_for_selector(".flash-success:has-text('Your conflict was recorded')")
    await no_trace(imran)

    # --- the chair assigns: two each, evenly; Ayesha gets neither Imran nor the chair -------------
    await chair.click("form[action$='/assign'] button[type=submit]")
    await chair.wait_for_selector(".flash-success:has-text('New assignments: 6.')")
    loads = await chair.inner_text("#reviewers")
    assert all(f"{name}: Assigned:" in loads for name in w.officers)
    await chair.goto(f"{w.portal}{committee_page}")
    reviewers = "#reviews li > bdi.reviewer"
    assert sorted(await chair.locator(reviewers).all_inner_texts()) == ["Li Wei", "Olga Petrova"]
    # nobody else may take Li's place: Imran declared a conflict, the chair is of Ayesha's own
    # institution, Olga is on it already; the page offers no name (a refusal after the choice
    # is for a conflict declared meanwhile: tests/unit/portal/test_committee_walk_pages.py)
    li_row = chair.locator("#reviews li").filter(has=chair.locator("bdi.reviewer", has_text="Li Wei"))
    assert await li_row.locator("select[name=reviewer_id]").count() == 0
    assert await li_row.locator("form.reassign-form").count() == 0  # no button that could only be refused
    assert sorted(await chair.locator(reviewers).all_inner_texts()) == ["Li Wei", "Olga Petrova"]
    assert "assignment ended" not in await chair.inner_text("#reviews")
    await chair.screenshot(path=screenshot_path("committee-walk-no-one-else-eligible"), full_page=True)
    await no_trace(chair)
    # Imran's own table does not list Ayesha
    await imran.goto(f"{w.portal}/officer/committee?cycle_id={w.cycle}")
    assert "Ayesha Khan" not in await imran.inner_text("#assigned")
    await ictx.close()

    # --- Li scores first --------------------------------------------------------------------------
    lctx, li = await _in(browser, w, "Li Wei", "/officer/committee")
    await li.locator("#assigned tbody tr", has_text="Ayesha Khan").locator("a").click()
    await li.wait_for_selector("#score-form")
    assert "from 0 to 5, weight 1" in await li.inner_text("label[for=f-score_language]")
    assert "hidden until you submit your own scores" in await li.inner_text("#reviews")
    for key, value in (("academic_record", "8"), ("statement", "7"), ("research_plan", "9"), ("language", "4")):
        await li.fill(f"#f-score_{key}", value)
    await li.fill("#f-comment", "A clear research plan")
    await li.click("#score-form button[type=submit]")
    await li.wait_for_selector(".flash-success:has-text('Your scores were submitted.')")
    # (3*80 + 70 + 2*90 + 80) / 7 = 81.43; alone so far, so it is the application's composite too
    assert "81.43" in await li.inner_text("#reviews")
    await no_trace(li)
    await lctx.close()

    # --- Olga, in Russian, cannot see Li's scores until she submits hers ----------------------------
    octx, olga = await _in(browser, w, "Olga Petrova", "/officer/committee", "ru")
    row = olga.locator("#assigned tbody tr", has_text="Ayesha Khan")
    text = await row.inner_text()
    assert translate("ru", "To score") in text and translate("ru", "hidden until you submit") in text
    assert "81,43" not in text
    await row.locator("a").click()
    await olga.wait_for_selector("#score-form")
    assert translate("ru", "Submit scores") in await olga.inner_text("#score-form")
    # the usual criteria in her language, with their ranges and weights
    label = await olga.inner_text("label[for=f-score_academic_record]")
    assert label.startswith("Успеваемость") and "от 0 до 10, вес 3" in label
    hidden = await olga.inner_text("#reviews")
    assert translate("ru", "hidden until you submit your own scores") in hidden and "81,43" not in hidden
    assert await olga.locator("#composite").count() == 0
    assert "81,43" not in await olga.content()
    # Li's entry in the journal says why its scores are not shown
    scored = olga.locator("table.journal tbody tr", has_text=translate("ru", "journal:review.scored"))
    assert "Li Wei" in await scored.inner_text()
    assert translate("ru", "hidden until you submit your own scores") in await scored.inner_text()
    for key, value in (("academic_record", "6"), ("statement", "8"), ("research_plan", "7"), ("language", "3")):
        await olga.fill(f"#f-score_{key}", value)
    await olga.click("#score-form button[type=submit]")
    await olga.wait_for_selector(".flash-success:has-text('Ваши оценки отправлены.')")
    # (3*60 + 80 + 2*70 + 60) / 7 = 65.71; the mean 73.57, the spread 15.72 > 15: moderation
    shown = await olga.inner_text("#reviews")
    assert "81,43" in shown and "65,71" in shown
    composite = await olga.inner_text("#composite")
    assert "73,57" in composite and "15,72" in composite
    assert translate("ru", "Flagged for moderation") in composite
    await olga.screenshot(path=screenshot_path("committee-walk-scores-ru"), full_page=True)
    await no_trace(olga)
    await octx.close()

    # --- an interview slot in Shanghai time; Ayesha books it in Karachi time, in Urdu ------------
    day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=5)).date()
    instant = datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    await chair.goto(f"{w.portal}/officer/committee/cycles/{w.cycle}")
    await chair.click("#interviews-link")
    await chair.wait_for_selector("#publish-slot")
    await chair.fill("#f-starts_at", f"{day.isoformat()}T10:00")
    await chair.fill("#f-duration_minutes", "30")
    await chair.fill("#f-place", "https://meet.example/cpec-committee")
    await chair.select_option("#f-time_zone", "Asia/Shanghai")
    await chair.click("#publish-slot button[type=submit]")
    await chair.wait_for_selector(".flash-success:has-text('The slot was published.')")
    assert f"{day.isoformat()} 10:00 (UTC+08:00)" in await chair.inner_text("#interview-slots")
    await chair.check(f"#inv-{ayesha}")
    await chair.click("#invite button[type=submit]")
    await chair.wait_for_selector(".flash-success:has-text('Applicants invited: 1.')")

    actx, applicant = await _in(browser, w, "Ayesha Khan", "/applications", "ur")
    await applicant.goto(f"{w.portal}/applications/{ayesha}")
    await applicant.click("#interview-link a")
    await applicant.wait_for_selector("#slots")
    assert await applicant.get_attribute("html", "dir") == "rtl"
    slot = applicant.locator("#slots tbody tr").first
    text = await slot.inner_text()
    assert "07:00 (Asia/Karachi, UTC+05:00)" in text and "10:00 (Asia/Shanghai, UTC+08:00)" in text
    await slot.locator("button[type=submit]").click()
    await applicant.wait_for_selector(".flash-success")
    assert translate("ur", "Your time") in await applicant.inner_text("#booking")
    assert "07:00 (Asia/Karachi, UTC+05:00)" in await applicant.inner_text("#my-time")
    await applicant.screenshot(path=screenshot_path("committee-walk-booked-ur"), full_page=True)
    await no_trace(applicant)
    # the page's calendar file: the slot's instant
    async with applicant.expect_download() as info:
        await applicant.click("#calendar-link")
    download = await info.value
    assert download.suggested_filename == "interview.ics"
    (from_page,) = [c for c in Calendar.from_ical(Path(await download.path()).read_bytes()).walk("VEVENT")]
    assert from_page.decoded("DTSTART") == instant
    assert str(from_page["SUMMARY"]).startswith(translate("ur", "Interview: {cycle}", cycle=""))
    await actx.close()

    # the calendar invitation in her e-mail starts at the slot's instant
    async def invitation():
        for path in Path(w.stack.mail_dir).glob("*.eml"):
            raw = path.read_bytes()
            if w.emails["Ayesha Khan"].encode() in raw and b"text/calendar" in raw:
                return _calendar_of(raw)
        return None

    calendar = await wait_for(invitation, timeout=60, what="the e-mail with the calendar invitation")
    (event,) = [c for c in calendar.walk() if c.name == "VEVENT"]
    start = event.decoded("DTSTART")
    assert isinstance(start, datetime) and start.tzinfo is not None
    assert start == instant and start.astimezone(UTC).hour == 2
    assert event.decoded("DTEND") - start == timedelta(minutes=30)
    assert str(calendar.get("METHOD")) == "REQUEST"
    assert str(event["UID"]) == str(from_page["UID"])  # one event in her calendar, whichever she adds

    # --- the chair filters, sorts and exports the application table -----------------------------
    await chair.goto(f"{w.portal}/officer/cycles/{w.cycle}/applications")
    await chair.wait_for_selector("#applications")
    names = "#applications tbody th[scope=row] bdi.name"
    assert await chair.locator(names).all_inner_texts() == ["Aigerim Nurlanova", "Ayesha Khan", "Bilal Ahmed"]
    await chair.select_option("#f-country", "PK")
    await chair.click("#table-filters button[type=submit]")
    await chair.wait_for_url("**country=PK*")
    await chair.click("a.sort-link[data-sort=name]")  # by name again: reversed
    await chair.wait_for_url("**order=desc*")
    assert await chair.locator(names).all_inner_texts() == ["Bilal Ahmed", "Ayesha Khan"]
    row = await chair.inner_text(f"#app-{ayesha}")
    assert "73.57" in row and "Pakistan" in row and HOME in row
    async with chair.expect_download() as info:
        await chair.click("#export-csv")
    download = await info.value
    lines = list(csv.reader(io.StringIO(Path(await download.path()).read_bytes().decode("utf-8-sig"))))
    heading = lines[0]
    assert heading[1] == "Applicant" and heading[9] == "Committee score"
    assert [line[1] for line in lines[1:]] == ["Bilal Ahmed", "Ayesha Khan"]  # as filtered and sorted
    assert {line[2] for line in lines[1:]} == {country_name("en", "PK")}
    exported = {line[1]: line for line in lines[1:]}
    assert exported["Ayesha Khan"][0] == ayesha and float(exported["Ayesha Khan"][9]) == 73.57
    assert exported["Ayesha Khan"][10] == "2"  # reviews submitted
    await chair.screenshot(path=screenshot_path("committee-walk-table"), full_page=True)
    await no_trace(chair)

    # --- the application's journal, in Chinese: each step and who took it -----------------------
    await chair.goto(f"{w.portal}/language/zh?next=/officer/applications/{ayesha}")
    await chair.wait_for_selector("#journal table.journal")
    rows = await chair.locator("#journal table.journal tbody tr").all_inner_texts()

    def done_by(action: str, who: str) -> bool:
        return any(translate("zh", f"journal:{action}") in r and who in r for r in rows)

    assert done_by("scoresheet.saved", "Chair Wang")
    assert done_by("conflict.declared", "Imran Shah")
    assert done_by("assignment.created", "Chair Wang")
    assert sum(translate("zh", "journal:assignment.created") in r for r in rows) == 2
    assert done_by("review.scored", "Li Wei") and done_by("review.scored", "Olga Petrova")
    assert done_by("interview.invited", "Chair Wang")
    assert done_by("interview.booked", "Ayesha Khan")
    assert translate("zh", "Journal") in await chair.inner_text("#journal h2")
    # what changed, in Chinese words and without generated ids: the reviewer by name, the flag as yes
    journal = "\n".join(rows)
    assert f"{translate('zh', 'change:reviewer_name')}：Li Wei" in journal  # the full-width colon
    assert f"{translate('zh', 'change:flagged')}：{translate('zh', 'yes')}" in journal
    assert f"{translate('zh', 'change:reviewers_per_application')}：2" in journal
    assert not any(account_id in journal for account_id in w.ids.values())
    await chair.screenshot(path=screenshot_path("committee-walk-journal-zh"), full_page=True)
    await no_trace(chair)

    # --- a round, and its review table on the keyboard: A approves, R asks for the reason --------
    await chair.goto(f"{w.portal}/language/en?next=/officer/cycles/{w.cycle}")
    await chair.fill("#f-seed", "5")
    # only Ayesha has her two reviews: the page says so, and the round starts once confirmed
    assert "2 of the 3 applications" in await chair.inner_text("#short-of-reviews")
    await chair.check("#f-incomplete-scores-ok")
    await chair.click("form[action$='/rounds'] button[type=submit]")
    await chair.wait_for_url("**/officer/rounds/*")
    await chair.wait_for_selector("#n-matched", timeout=60_000)
    assert (await chair.inner_text("#n-matched")).strip() == "2"
    await chair.goto(f"{w.portal}/officer/cycles/{w.cycle}/review")
    await chair.wait_for_selector("#review-table")
    matches = await chair.locator("#review-table tbody tr.match").evaluate_all("rows => rows.map(r => r.dataset.match)")
    assert len(matches) == 2
    first, second = matches
    await chair.focus(f"#sel-{first}")
    async with chair.expect_navigation():
        await chair.keyboard.press("a")
    # the passport awaits review: the approval is held once, and goes through once confirmed
    assert await chair.locator("#review-table tbody tr.match").count() == 2
    await chair.check("#f-unverified-ok")
    await chair.focus(f"#sel-{first}")
    async with chair.expect_navigation():
        await chair.keyboard.press("a")
    await chair.wait_for_selector(".flash-success")
    assert await chair.locator("#review-table tbody tr.match").count() == 1
    await chair.focus(f"#sel-{second}")
    await chair.keyboard.press("r")
    assert await chair.evaluate("document.activeElement.id") == f"reason-{second}"
    await chair.keyboard.type("The interview is still to come")
    async with chair.expect_navigation():
        await chair.keyboard.press("Enter")
    await chair.wait_for_selector(".flash-success")
    assert await chair.locator("#review-table").count() == 0
    await no_trace(chair)
    async with httpx.AsyncClient(base_url=w.stack.matching.url, timeout=30) as m:
        approved = await m.get("/matches", headers=w.admin, params={"cycle_id": w.cycle, "status": "approved"})
        rejected = await m.get("/matches", headers=w.admin, params={"cycle_id": w.cycle, "status": "rejected"})
    assert [x["id"] for x in approved.json()["items"]] == [first]
    assert [(x["id"], x["review_reason"]) for x in rejected.json()["items"]] == [
        (second, "The interview is still to come")
    ]
    await cctx.close()
