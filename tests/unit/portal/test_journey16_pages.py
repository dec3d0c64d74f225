"""What a new user's journey through the portal found (journey 16), over fake services: long
written text wraps, refused forms keep what was typed and say what is wrong where it is, the
applicant type is chosen on purpose, dates and numbers in other digits are read, the host sees
the applicant's answers and the words fit schemes without a nomination stage."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.portal.domain import forms
from services.portal.i18n import translate
from tests.unit.portal import test_award_pages as award
from tests.unit.portal.test_award_pages import portal_as  # noqa: F401 (the award pages' fixture)
from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
)

PORTAL = Path(__file__).resolve().parents[3] / "services" / "portal"
TEMPLATES = PORTAL / "templates"


def said(lang: str, sentence: str, **params: Any) -> str:
    """A sentence as a page writes it (escaped as Jinja escapes it)."""
    return str(award.escape(translate(lang, sentence, **params)))


# --- 1 and 10: the style sheet -------------------------------------------------------------------


def _selectors_with(declaration: str) -> set[str]:
    """The selectors of every rule of portal.css that holds the declaration."""
    css = re.sub(r"/\*.*?\*/", "", (PORTAL / "static" / "portal.css").read_text(), flags=re.S)
    found: set[str] = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if declaration in re.sub(r"\s+", "", body):
            found |= {s.strip() for s in selectors.split(",")}
    return found


@pytest.mark.parametrize(
    ("template", "used", "selector"),
    [
        ("award/_where.html", 'class="where-note"', ".where-note"),  # the host's note to the applicant
        ("award/pool.html", "<q dir=", "q"),  # the host's note and the withdrawal's reason
        ("award/admissions.html", "<q dir=", "q"),
        ("application.html", 'class="officer-message"', ".officer-message"),
        ("messages/_thread.html", 'class="message-body"', ".message-body"),
        ("application_page/page.html", 'class="statement"', ".statement"),
        ("officer/review.html", 'class="user-text"', ".user-text"),  # an officer's reason and message
    ],
)
def test_written_text_wraps_anywhere_instead_of_widening_the_page(template, used, selector):
    assert used in (TEMPLATES / template).read_text()
    assert selector in _selectors_with("overflow-wrap:anywhere")


def test_the_pools_decision_list_is_wide_enough_for_its_words():
    pool = (TEMPLATES / "award" / "pool.html").read_text()
    assert 'id="candidates"' in pool and '<select name="state.{{ a }}"' in pool
    assert '#candidates select[name^="state."]' in _selectors_with("min-width:11rem")


def test_an_error_on_a_row_or_card_marks_only_the_control_it_is_about():
    """A refused approval marked the row's empty internal-reason box red beside the message that
    was the problem; a host's refusal marked the admit note beside the reason: rows and cards
    carry ``has-error`` for their border, and only a field's own error colours all its boxes."""
    marked = _selectors_with("border-color:var(--bad)")
    assert '[aria-invalid="true"]' in marked
    boxes = {s for s in marked if s.split()[-1] in ("input", "select", "textarea")}
    assert boxes and all(s.startswith(".field.has-error ") for s in boxes), boxes
    for template in ("officer/review.html", "award/admissions.html", "award/pool.html", "endorsement/pool.html"):
        text = (TEMPLATES / template).read_text()
        assert "has-error" in text and 'aria-invalid="true"' in text, template


# --- 2: the nominating authority withdraws a nominee -----------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_withdrawal_without_a_reason_keeps_the_nominee_and_says_so_beside_the_reason(portal_as, lang):  # noqa: F811
    p = await portal_as("nominator", lang)
    p.matching.status = "published"
    p.matching.candidates[0].update(state="nominated", position=1)
    p.matching.candidates[1].update(state="nominated", position=2)
    page = await p.client.get("/nominations/c1/PK")
    r = await p.client.post(
        "/nominations/c1/PK/withdraw", data={"csrf": csrf_of(page.text), "application_id": "a2", "reason": "  "}
    )
    assert r.status_code == 422 and p.matching.withdrawals == []
    form = re.search(r'<form[^>]+id="withdraw-form".*?</form>', r.text, re.S).group(0)
    assert re.search(r'<option value="a2" selected>', form)  # the nominee chosen stays chosen
    reason_field = form.split('for="f-withdraw-reason"', 1)[1]
    assert f'id="e-withdraw-reason">{said(lang, "Enter a reason.")}<' in reason_field
    # a reason typed stays when the nominee is missing
    r = await p.client.post(
        "/nominations/c1/PK/withdraw",
        data={"csrf": csrf_of(page.text), "application_id": "", "reason": "Did not attend", "confirm": "yes"},
    )
    assert r.status_code == 422 and 'value="Did not attend"' in r.text


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_a_withdrawal_with_the_reserve_list_empty_says_the_place_stays_open(portal_as, lang):  # noqa: F811
    """It said "the first on the reserve list moved up" when nobody had."""
    p = await portal_as("nominator", lang)
    p.matching.status = "published"
    p.matching.candidates[0].update(state="nominated", position=1)
    p.matching.candidates[1].update(state="nominated", position=2)
    page = await p.client.get("/nominations/c1/PK")
    body = {"csrf": csrf_of(page.text), "application_id": "a2", "reason": "Withdrew", "confirm": "yes"}
    assert (await p.client.post("/nominations/c1/PK/withdraw", data=body)).status_code == 303
    after = (await p.client.get("/nominations/c1/PK")).text
    open_place = "The nominee was withdrawn. The reserve list is empty, so the place stays open: add a nominee and publish the list to fill it."
    assert said(lang, open_place) in after
    assert said(lang, "The nominee was withdrawn; the first on the reserve list moved up.") not in after


async def test_a_nominee_who_holds_a_place_is_marked_and_not_offered_for_withdrawal(portal_as):  # noqa: F811
    p = await portal_as("nominator", "ru")
    p.matching.status = "published"
    p.matching.candidates[0].update(state="nominated", position=1, placed="accepted")
    p.matching.candidates[1].update(state="nominated", position=2)
    page = (await p.client.get("/nominations/c1/PK")).text
    placed = p.matching.candidates[0]["application_id"]
    assert f'id="placed-{placed}">{said("ru", "Holds a place")}<' in page
    form = re.search(r'<form[^>]+id="withdraw-form".*?</form>', page, re.S).group(0)
    assert f'<option value="{placed}"' not in form and '<option value="a2"' in form


# --- 3, 11 and 12: the host's admissions -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_do_not_admit_without_a_reason_is_said_on_that_card_and_keeps_the_note(portal_as, lang):  # noqa: F811
    p = await portal_as("partner", lang)
    p.matching.admissions.append({**p.matching.admissions[0], "match_id": "m2", "application_id": "a2"})
    page = await p.client.get("/host/admissions")
    r = await p.client.post(
        "/host/admissions/m2",
        data={
            "csrf": csrf_of(page.text),
            "decision": "rejected",
            "note": "HSK 5 needed",
            "back": "/host/admissions?status=with_host",
        },
    )
    assert r.status_code == 422 and p.matching.admission_posts == []
    card = r.text.split('id="match-m2"', 1)[1].split('<li class="panel', 1)[0]
    other = r.text.split('id="match-m1"', 1)[1].split('id="match-m2"', 1)[0]
    error = re.search(r'id="e-reason-m2">(.*?)</p>', card, re.S)
    assert error and said(lang, "Choose a reason.") in error.group(1)
    assert 'value="HSK 5 needed"' in card and "HSK 5 needed" not in other and "e-reason-m1" not in other
    # the summary at the top names the card by its programme and its application (several cards
    # share a programme and a country, as the card shows it), and leads to it
    summary = re.search(r'id="error-summary">(.*?)</div>', r.text, re.S).group(1)
    assert 'href="#f-reason-m2"' in summary and "Clinical Medicine (MMed)" in summary
    assert '<bdi dir="ltr">a2</bdi>' in summary
    # the form returns to its card after a refusal
    assert 'action="/host/admissions/m2#match-m2"' in card


class DirectScheme(award.FakeMatching):
    """The host's admission is of a cycle whose scheme has no nomination stage (c9, the
    medical exchange's)."""

    def __init__(self) -> None:
        super().__init__()
        self.admissions[0]["cycle_id"] = "c9"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("GET", "/cycles/c9"):
            return httpx.Response(200, json={"id": "c9", "scheme_id": "cgs", "name": "CGS 2027"})
        return super().__call__(request)


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_without_a_nomination_stage_the_host_reads_applicant_not_nominee(portal_as, lang, monkeypatch):  # noqa: F811
    monkeypatch.setattr(award, "FakeMatching", DirectScheme)
    p = await portal_as("partner", lang)
    page = await p.client.get("/host/admissions")
    intro = re.search(r'id="admissions-intro">(.*?)</p>', page.text, re.S).group(1)
    assert (
        said(lang, "Officers approved these matches; each applicant is offered the place only once you admit them.")
        in intro
    )
    r = await p.client.post(
        "/host/admissions/m1", data={"csrf": csrf_of(page.text), "decision": "admitted", "note": ""}
    )
    assert r.status_code == 303
    after = await p.client.get(r.headers["location"])
    assert said(lang, "The applicant was admitted; the offer goes to them.") in after.text
    assert said(lang, "The nominee was admitted; the offer goes to the applicant.") not in after.text


async def test_with_a_nomination_stage_the_host_reads_nominee(portal_as):  # noqa: F811
    p = await portal_as("partner")
    page = await p.client.get("/host/admissions")
    intro = re.search(r'id="admissions-intro">(.*?)</p>', page.text, re.S).group(1)
    assert "each nominee is offered" in intro
    r = await p.client.post(
        "/host/admissions/m1", data={"csrf": csrf_of(page.text), "decision": "admitted", "note": ""}
    )
    assert "The nominee was admitted; the offer goes to the applicant." in (await p.client.get("/host/admissions")).text
    assert r.status_code == 303


@pytest.mark.parametrize(("status", "label"), [("accepted", "Accepted the offer"), ("declined", "Declined the offer")])
async def test_the_host_sees_who_accepted_or_declined_its_offers(portal_as, status, label):  # noqa: F811
    p = await portal_as("partner", "zh")
    p.matching.admissions[0]["status"] = status
    page = await p.client.get(f"/host/admissions?status={status}")
    assert page.status_code == 200
    tab = re.search(rf'<a href="[^"]*" id="tab-{status}" aria-current="page">(.*?)</a>', page.text)
    # each tab says how many it holds
    assert tab and tab.group(1) == f'{said("zh", label)} <span class="count">(1)</span>' and said("zh", label) != label
    assert 'id="match-m1"' in page.text and f'data-status="{status}"' in page.text


# --- 4 and 13: the officer's review --------------------------------------------------------------------


KEMU_NAMES = {"ru": "Медицинский университет короля Эдуарда", "zh": "爱德华国王医科大学"}


class NamedMatching(FakeMatching):
    """The review's application table names the applicant; the profile holds an institution's id."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/cycles/c1/applications":
            row = {
                "application_id": "a1" * 8,
                "applicant_name": "Bilal Ahmed",
                "home_institution": getattr(self, "home", "kemu"),
                "sending_country": "PK",
                "priority_score": 80.0,
            }
            return httpx.Response(200, json={"items": [row], "total": 1})
        if path == "/institutions":
            kemu = {"id": "kemu", "name": "King Edward Medical University", "translations": KEMU_NAMES}
            return httpx.Response(200, json={"items": [kemu], "total": 1})
        return super().__call__(request)


@pytest.fixture
async def officer():
    fake = FakeApplications()
    fake.role = "officer"
    matching = NamedMatching()
    async with portal_over(fake, matching) as client:
        await log_in(client)
        client.matching_fake = matching  # type: ignore[attr-defined]
        yield client


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_row_rejected_without_a_reason_is_named_at_the_top_and_the_page_opens_at_it(officer, lang):
    await officer.get(f"/language/{lang}?next=/")
    page = await officer.get("/officer/cycles/c1/review")
    assert 'formaction="/officer/cycles/c1/review#match-m1"' in page.text  # the answer opens at the row
    r = await officer.post(
        "/officer/cycles/c1/review#match-m1",
        data={"csrf": csrf_of(page.text), "only": "m1:reject", "reason_m1": ""},
    )
    assert r.status_code == 422 and officer.matching.reviews == []
    summary = re.search(r'id="error-summary">(.*?)</div>', r.text, re.S)
    assert summary, r.text[:2000]
    link = re.search(r'<a href="#match-m1">(.*?)</a>', summary.group(1), re.S)
    why = said(lang, "A rejection needs a reason (at least 3 characters).")
    assert link and "Bilal Ahmed" in link.group(1) and why in link.group(1)
    assert f'id="e-row-m1">{why}<' in r.text  # and beside the row's reason


async def test_the_review_shows_the_home_institutions_name_not_its_id(officer):
    page = await officer.get("/officer/cycles/c1/review")
    home = re.search(r'class="home">(.*?)</bdi>', page.text).group(1)
    assert home == "King Edward Medical University"


@pytest.mark.parametrize("home", ["kemu", "King Edward Medical University", " king edward medical university "])
async def test_the_review_names_the_home_institution_in_the_readers_language(officer, home):
    """A Russian review page read "King Edward Medical University" (the profile holds the name
    as typed, in English), though the institution has its Russian name and the endorsement
    page used it. By id or by a name it goes by, it reads in the reader's language."""
    officer.matching_fake.home = home
    await officer.get("/language/ru?next=/officer")
    page = await officer.get("/officer/cycles/c1/review")
    assert re.search(r'class="home">(.*?)</bdi>', page.text).group(1) == KEMU_NAMES["ru"]
    await officer.get("/language/zh?next=/officer")
    page = await officer.get("/officer/cycles/c1/review")
    assert re.search(r'class="home">(.*?)</bdi>', page.text).group(1) == KEMU_NAMES["zh"]


# --- 5: the applicant type is chosen at registration ---------------------------------------------------


async def test_registration_asks_for_the_applicant_type_and_the_profile_says_how_it_is_set():
    async with portal_over(FakeApplications(), FakeMatching()) as portal:
        await portal.get("/language/ur?next=/register")
        page = await portal.get("/register")
        radios = re.findall(r'<input type="radio"[^>]* name="applicant_type"[^>]*>', page.text)
        assert len(radios) == 2 and not any("checked" in r for r in radios)  # nothing chosen in advance
        form = {
            "csrf": csrf_of(page.text),
            "name": "Bilal Ahmed",
            "email": "bilal@example.pk",
            "password": "long-enough-password",
            "password_again": "long-enough-password",
            "nationality": "PK",
            "home_institution": "KEMU",
            "date_of_birth": "2001-02-03",
            "preferred_language": "ur",
        }
        r = await portal.post("/register", data=form)
        assert r.status_code == 422
        error = re.search(r'id="e-applicant_type">(.*?)</p>', r.text, re.S).group(1)
        assert said("ur", "Choose student or faculty.") in error and "Choose student" not in error
        assert 'value="Bilal Ahmed"' in r.text and 'value="2001-02-03"' in r.text  # the rest stays
        assert not any(c[0] == "POST" and c[1].endswith("/auth/register") for c in portal.fake.calls)
        await log_in(portal)
        profile = await portal.get("/profile")
        how = "It decides which programmes are open to you. It can be changed while you have no application (withdraw a draft first)."
        assert said("ur", how) in profile.text.split('id="h-applicant_type"', 1)[1]


# --- 6: dates and numbers --------------------------------------------------------------------------------


def test_an_implausible_year_of_birth_is_said_as_such_and_other_digits_are_read():
    today = award.datetime(2026, 12, 2).date()
    values = {
        "email": "a@b.org",
        "password": "x" * 12,
        "name": "A",
        "applicant_type": "student",
        "nationality": "PK",
        "home_institution": "KEMU",
    }
    # a year mistyped: 1900 gave an applicant of 126, 2020 one of 6
    assert forms.registration_problems(values | {"date_of_birth": "1900-01-01"}, "x" * 12, today) == {
        "date_of_birth": "Check the year of birth: it gives an age over 100."
    }
    assert forms.registration_problems(values | {"date_of_birth": "2020-01-01"}, "x" * 12, today) == {
        "date_of_birth": "Check the year of birth: it gives an age under 10."
    }
    assert forms.registration_problems(values | {"date_of_birth": "1926-12-02"}, "x" * 12, today) == {}  # 100 today
    assert forms.registration_problems(values | {"date_of_birth": "2030-01-01"}, "x" * 12, today) == {
        "date_of_birth": "Enter a date of birth in the past."
    }
    for typed in ("۱۹۸۰-۰۳-۱۲", "١٩٨٠-٠٣-١٢"):  # Persian, Arabic-Indic
        assert forms.ascii_digits(typed) == "1980-03-12"
        assert forms.registration_problems(values | {"date_of_birth": typed}, "x" * 12, today) == {}
    body, errors = forms.details_from_form({"grade": "٨٥٫٥", "cert_kind_0": "HSK", "cert_level_0": "۴"})
    assert errors == {} and body["grade"] == 85.5
    assert body["language_certificates"] == [{"kind": "HSK", "level": 4.0}]
    for sentence in (
        "Check the year of birth: it gives an age over 100.",
        "Check the year of birth: it gives an age under 10.",
    ):
        assert translate("ru", sentence) != sentence and translate("ur", sentence) != sentence


async def test_a_date_of_birth_in_urdu_digits_goes_to_the_service_in_ascii():
    async with portal_over(FakeApplications(), FakeMatching()) as portal:
        page = await portal.get("/register")
        form = {
            "csrf": csrf_of(page.text),
            "name": "Bilal Ahmed",
            "email": "bilal@example.pk",
            "password": "long-enough-password",
            "password_again": "long-enough-password",
            "applicant_type": "student",
            "nationality": "PK",
            "home_institution": "KEMU",
            "date_of_birth": "۱۹۸۰-۰۳-۱۲",
            "preferred_language": "ur",
        }
        await portal.post("/register", data=form)
        sent = [json.loads(c[2]) for c in portal.fake.calls if c[0] == "POST" and c[1].endswith("/auth/register")]
        assert sent and sent[0]["date_of_birth"] == "1980-03-12"


# --- 7: the referee form ---------------------------------------------------------------------------------


async def test_every_problem_of_a_referee_is_said_at_once_with_the_addresss_own_words():
    async with portal_over(FakeApplications(), FakeMatching()) as portal:
        await log_in(portal)
        await portal.get("/language/zh?next=/applications/a1")
        page = await portal.get("/applications/a1")
        referee = {
            "ref_name": "",
            "ref_email": "bilal@@example",
            "ref_position": "lecturer",
            "ref_institution": "NUST",
            "ref_relationship": "my teacher",
            "ref_language": "en",
        }
        r = await portal.post("/applications/a1/referees", data={"csrf": csrf_of(page.text), **referee})
        assert r.status_code == 422
        assert not any(c[0] == "POST" and "/referees" in c[1] for c in portal.fake.calls)
        assert re.search(r'id="e-ref_name">', r.text)
        email = re.search(r'id="e-ref_email">(.*?)</p>', r.text, re.S).group(1)
        assert said("zh", "This e-mail address is not valid.") in email
        # typed but not an address: said so (it asked for the address as if none were typed)
        r = await portal.post(
            "/applications/a1/referees", data={"csrf": csrf_of(page.text), **referee, "ref_email": "bilal"}
        )
        email = re.search(r'id="e-ref_email">(.*?)</p>', r.text, re.S).group(1)
        assert said("zh", "This e-mail address is not valid.") in email
        r = await portal.post(
            "/applications/a1/referees", data={"csrf": csrf_of(page.text), **referee, "ref_email": ""}
        )
        email = re.search(r'id="e-ref_email">(.*?)</p>', r.text, re.S).group(1)
        assert said("zh", "Enter the referee's e-mail address.") in email


# --- 8: the round's seed ---------------------------------------------------------------------------------


async def test_a_refused_seed_stays_as_typed(officer):
    page = await officer.get("/officer/cycles/c1")
    r = await officer.post("/officer/cycles/c1/rounds", data={"csrf": csrf_of(page.text), "seed": "12ab"})
    assert r.status_code == 422
    assert re.search(r'<input id="f-seed" name="seed" inputmode="numeric" value="12ab"', r.text)


def test_a_list_refused_for_a_placed_nominee_marks_that_nominees_row():
    from services.portal.clients import FieldError, ServiceError
    from services.portal.views.award import _refusal_errors

    placed = FieldError("application_id", "holds a place", "nomination.placed", {"application_id": "a7"})
    errors = _refusal_errors(ServiceError("matching", 409, [placed], "nomination.placed"), {"nominees": ["a1"]})
    assert set(errors) == {"row.a7"}  # the summary names the row: said once
