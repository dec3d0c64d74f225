"""What a new applicant's walk through the portal found, over fake services: "Add" refused by a
submitted application is said at the top of the page, full-width digits are read in dates and
numbers, the submit box speaks of e-mailed referees only once some were asked, a grade below a
programme's minimum is correctable, the application page's forms refuse in the page's language,
a used confirmation link speaks to whoever opens it, a long name keeps the header usable, the
date placeholder is in the page's language, a programme already chosen says so, a withdrawal
says a new application can be started and the list tells withdrawn applications apart, and the
home institution's hint speaks to faculty too."""

from __future__ import annotations

import re

import httpx
import pytest

from services.portal.i18n import translate
from tests.unit.portal.test_pages_with_fake_services import (
    APPLICATION,
    PROGRAMME,
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
    problem,
)

IELTS_PROGRAMME = {
    **PROGRAMME,
    "id": "p2",
    "title": "Petroleum Engineering (MEng)",
    "requirements": {**PROGRAMME["requirements"], "language_certificate": "IELTS", "min_language_level": 6},
}


class FakeWalk(FakeApplications):
    """The applications service, with the applicant's list of applications (``mine``) and any
    number of other answers by (method, path) in ``answers``."""

    def __init__(self):
        super().__init__()
        self.mine: list[dict] = [self.application]
        self.answers: dict[tuple[str, str], httpx.Response] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        if key in self.answers:
            return self.answers[key]
        if key == ("GET", "/applications"):
            return httpx.Response(200, json={"items": self.mine, "total": len(self.mine)})
        return super().__call__(request)


@pytest.fixture
async def portal():
    async with portal_over(FakeWalk(), FakeMatching()) as client:
        await log_in(client)
        yield client


def card_of(page: str, pid: str) -> str:
    return re.search(rf'id="programme-{pid}".*?(?=<li class="card"|<nav class="pager")', page, re.S).group(0)


# --- 1. "Add" refused by a submitted application ---


async def test_an_ineligible_programme_refused_by_a_submitted_application_is_said_at_the_top(portal):
    """On a phone the page came back scrolled to the top looking unchanged: the only reason was in
    the third card, off-screen, and nothing said why a draft would have kept the choice."""
    portal.fake.application.update(status="submitted")
    portal.fake.programmes = [PROGRAMME, IELTS_PROGRAMME]
    ielts_missing = {"code": "eligibility.certificate_missing", "params": {"certificate": "IELTS", "min_level": 6}}
    portal.fake.refuse_patch = problem(
        422,
        "application.not_eligible",
        "choices.1",
        "not eligible: needs IELTS 6",
        programme_id="p2",
        reasons=["needs IELTS 6"],
        details=[ielts_missing],
    )
    await portal.get("/language/zh?next=/")
    page = await portal.get("/programmes?cycle=c1")
    form = {"csrf": csrf_of(page.text), "programme_id": "p2", "cycle_id": "c1", "f_cycle": "c1", "f_offset": "0"}
    r = await portal.post("/applications/choose", data=form)
    assert r.status_code == 422
    summary = re.search(
        r'<div class="error-summary" role="alert" tabindex="-1" id="error-summary">.*?</div>', r.text, re.S
    )
    assert summary is not None, r.text
    assert r.text.index('id="error-summary"') < r.text.index('id="programme-list"')  # above the cards
    top = summary.group(0)
    assert "该项目未加入您的申请" in top and 'href="#e-card-p2"' in top and "Petroleum Engineering" in top
    assert "您的申请已提交" in top and "草稿" in top and 'href="/applications/a1#details"' in top
    assert 'id="e-card-p2"' in card_of(r.text, "p2")


async def test_a_refusal_of_add_to_a_draft_names_no_submitted_application(portal):
    portal.fake.programmes = [PROGRAMME, IELTS_PROGRAMME]
    portal.fake.refuse_patch = problem(422, "application.too_many_choices", "choices", "at most 3 choices", max=3)
    page = await portal.get("/programmes")
    form = {"csrf": csrf_of(page.text), "programme_id": "p2", "cycle_id": "c1", "f_offset": "0"}
    r = await portal.post("/applications/choose", data=form)
    assert r.status_code == 422 and 'id="error-summary"' in r.text and 'href="#e-card-p2"' in r.text
    assert 'id="refused-by-submitted"' not in r.text


# --- 2. full-width digits ---


def test_full_width_digits_and_hyphens_are_read_in_dates_and_numbers():
    """A Chinese keyboard types "２００２-０３-１５": refused as "enter your date of birth as
    year-month-day", while Urdu digits were read."""
    from datetime import date

    from services.portal.domain import forms

    values = {
        "email": "li@example.cn",
        "password": "x" * 12,
        "name": "Li Wei",
        "applicant_type": "student",
        "nationality": "KZ",
        "home_institution": "KazNU",
    }
    for typed in ("２００２-０３-１５", "２００２－０３－１５", "2002－03－15"):
        assert forms.ascii_digits(typed) == "2002-03-15"
        assert forms.registration_problems(values | {"date_of_birth": typed}, "x" * 12, date(2026, 1, 1)) == {}
    assert forms.whole_number("１２") == 12
    body, errors = forms.details_from_form({"grade": "８５．５", "cert_kind_0": "IELTS", "cert_level_0": "６，５"})
    assert errors == {} and body["grade"] == 85.5 and body["language_certificates"] == [{"kind": "IELTS", "level": 6.5}]


async def test_a_date_of_birth_in_full_width_digits_goes_to_the_service_in_ascii():
    async with portal_over(FakeWalk(), FakeMatching()) as portal:
        await portal.get("/language/zh?next=/register")
        page = await portal.get("/register")
        form = {
            "csrf": csrf_of(page.text),
            "name": "Li Wei",
            "email": "li@example.cn",
            "password": "long-enough-password",
            "password_again": "long-enough-password",
            "applicant_type": "student",
            "nationality": "KZ",
            "home_institution": "KazNU",
            "date_of_birth": "２００２-０３-１５",
            "preferred_language": "zh",
        }
        r = await portal.post("/register", data=form)
        assert "请按年-月-日填写出生日期" not in r.text
        sent = [c[2] for c in portal.fake.calls if c[0] == "POST" and c[1].endswith("/auth/register")]
        assert sent and b'"date_of_birth":"2002-03-15"' in sent[0].replace(b" ", b"")


# --- 3. the submit box and the referees ---

LETTERS_MISSING = {
    "code": "eligibility.letters_missing",
    "params": {"received": 0, "required": 2, "positions": []},
    "message": "recommendation letters received: 0 of 2",
}
REFEREE = {
    "id": "r1",
    "name": "Prof. Nurlan Abenov",
    "email": "abenov@kaznu.kz",
    "position": "professor",
    "institution": "KazNU",
    "state": "requested",
    "due_at": "2026-11-20T00:00:00+00:00",
}


@pytest.mark.parametrize(
    ("referees", "said", "not_said"),
    [
        ([], "请在“推荐信”部分填写您的推荐人", "您的推荐人已收到含链接的电子邮件"),
        ([REFEREE], "您的推荐人已收到含链接的电子邮件", "请在“推荐信”部分填写您的推荐人"),
    ],
)
async def test_the_submit_box_says_referees_were_e_mailed_only_once_some_were_asked(portal, referees, said, not_said):
    """Before any referee was named the box said "your referees were e-mailed a link"."""
    portal.fake.answers[("GET", "/applications/a1/referees")] = httpx.Response(200, json=referees)
    portal.fake.eligibility = {
        "eligible": False,
        "choices": [
            {
                "programme_id": "p1",
                "eligible": False,
                "reasons": [LETTERS_MISSING["message"]],
                "details": [LETTERS_MISSING],
            }
        ],
    }
    await portal.get("/language/zh?next=/")
    page = await portal.get("/applications/a1")
    waits = re.search(r'id="submit-waits-for-letters">(.*?)</p>', page.text, re.S).group(1)
    assert said in waits and not_said not in waits


# --- 4. a grade below the minimum is the applicant's to correct ---


def grade_checklist() -> dict:
    """The service's own checklist of a 60 against a minimum of 65, and an age limit of 20 passed."""
    from datetime import date

    from services.applications.api.checklist_schemas import ChecklistOut
    from services.applications.domain.checklist import build
    from shared.eligibility import ApplicantFacts, CycleFacts, ProgrammeFacts
    from shared.events.catalog import Requirements

    choices = build(
        ApplicantFacts("student", "KZ", 60.0, (), date_of_birth=date(2003, 4, 5)),
        CycleFacts("c1", date(2026, 9, 1), ("KZ",)),
        ["p1"],
        {"p1": ProgrammeFacts("p1", "c1", "student", Requirements(min_grade=65, max_age=20))},
        [],
        [],
        date(2026, 2, 1),
    )
    return ChecklistOut.of("a1", "draft", choices, {"p1": "Clinical Medicine (MMed), XJMU"}).model_dump(mode="json")


@pytest.mark.parametrize("lang", ["en", "zh", "ur"])
async def test_a_grade_below_the_minimum_is_said_to_be_correctable_and_an_age_limit_is_not(portal, lang):
    """The checklist said "this cannot be changed: consider another programme" of a grade the
    applicant typed (and can correct) as of an age."""
    from services.portal.checklist_words import CHECKLIST_WORDS

    portal.fake.answers[("GET", "/applications/a1/checklist")] = httpx.Response(200, json=grade_checklist())
    await portal.get(f"/language/{lang}?next=/")
    page = await portal.get("/applications/a1")
    grade = re.search(r'data-code="requirement.grade".*?</li>', page.text, re.S).group(0)
    age = re.search(r'data-code="requirement.age".*?</li>', page.text, re.S).group(0)
    cannot = CHECKLIST_WORDS["checklist:next.cannot_meet"][lang]
    correct = CHECKLIST_WORDS["checklist:next.correct_grade"][lang].split("{")[0]
    assert cannot not in grade and correct in grade and 'href="#details"' in grade
    assert cannot in age


# --- 5. the application page's forms refuse in the page's language ---


def form_of(page: str, action: str) -> str:
    return re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>', page).group(0)


@pytest.mark.parametrize("lang", ["zh", "ur"])
async def test_the_upload_and_withdraw_forms_are_refused_by_the_portal_in_the_pages_language(portal, lang):
    """The browser's bubbles ("Please select an item in the list.", "Please check this box if
    you want to proceed.") were in the browser's language on Chinese and Urdu pages."""
    await portal.get(f"/language/{lang}?next=/")
    page = await portal.get("/applications/a1")
    for action in ("/applications/a1/documents", "/applications/a1/withdraw"):
        assert "novalidate" in form_of(page.text, action), action
    r = await portal.post(
        "/applications/a1/documents",
        data={"csrf": csrf_of(page.text), "kind": ""},
        files={"file": ("x.pdf", b"%PDF-1.4\n", "application/pdf")},
    )
    assert r.status_code == 422 and translate(lang, "Choose what the document is.") in r.text
    assert translate(lang, "Choose what the document is.") != "Choose what the document is."
    r = await portal.post("/applications/a1/withdraw", data={"csrf": csrf_of(page.text), "reason": ""})
    said = translate(lang, "Tick the box to confirm: a withdrawal cannot be undone.")
    assert r.status_code == 422 and said in r.text and said != "Tick the box to confirm: a withdrawal cannot be undone."
    assert portal.fake.application["status"] == "draft"


# --- 6. a used confirmation link, said to whoever opens it ---

USED_LINK = problem(422, "account.token_invalid", "token", "unknown, used or expired")


@pytest.mark.parametrize(
    ("verified", "said", "resend"),
    [
        (True, "您的电子邮箱地址已经确认", False),
        (False, "您的地址 a@b.org 尚未确认", True),
    ],
)
async def test_a_used_confirmation_link_speaks_to_a_logged_in_applicant_by_their_address(
    portal, verified, said, resend
):
    """ "Please log in: the page offers a new link" was said to a logged-in applicant whose
    address was confirmed already."""
    portal.fake.me = {**portal.fake.me, "email_verified": verified}
    portal.fake.answers[("POST", "/auth/email-change/confirm")] = USED_LINK
    await portal.get("/language/zh?next=/")
    link = await portal.get("/email-verify", params={"token": "used"})
    r = await portal.post("/email-verify", data={"csrf": csrf_of(link.text), "token": "used"})
    problem_box = re.search(r'id="email-verify-problem">.*?</div>', r.text, re.S).group(0)
    assert r.status_code == 400 and said in problem_box
    assert translate("zh", "Log in: the page offers to send a new link.") not in problem_box
    assert ('action="/email-verify/resend"' in problem_box) is resend


async def test_a_used_confirmation_link_asks_someone_logged_out_to_log_in():
    async with portal_over(FakeWalk(), FakeMatching()) as portal:
        portal.fake.answers[("POST", "/auth/email-change/confirm")] = USED_LINK
        link = await portal.get("/email-verify", params={"token": "used"})
        r = await portal.post("/email-verify", data={"csrf": csrf_of(link.text), "token": "used"})
        assert r.status_code == 400 and "Log in: the page offers to send a new link." in r.text
        assert 'href="/login"' in r.text


# --- 9. a programme already chosen ---


async def test_a_programme_already_chosen_says_so_instead_of_offering_add(portal):
    """Cards still offered "加入我的申请" for a programme already in the application."""
    portal.fake.programmes = [PROGRAMME, IELTS_PROGRAMME]
    await portal.get("/language/zh?next=/")
    page = await portal.get("/programmes")
    chosen, other = card_of(page.text, "p1"), card_of(page.text, "p2")
    assert "已在您的志愿中" in chosen and 'href="/applications/a1#choice-p1"' in chosen
    assert 'action="/applications/choose"' not in chosen and 'action="/applications/choose"' in other
    # a withdrawn application's choices may be chosen again, in a new application
    portal.fake.application.update(status="withdrawn")
    assert 'action="/applications/choose"' in card_of((await portal.get("/programmes")).text, "p1")


# --- 10. withdrawing, and withdrawn applications told apart ---


async def test_the_withdraw_box_says_a_new_application_can_be_started(portal):
    await portal.get("/language/ur?next=/")
    page = await portal.get("/applications/a1")
    box = re.search(r'<details class="withdraw".*?</details>', page.text, re.S).group(0)
    assert "میں نئی درخواست شروع کر سکتا/سکتی ہوں" in box


async def test_two_withdrawn_applications_of_one_cycle_are_told_apart(portal):
    """/applications listed two identical rows: same cycle, status, count and time."""
    same = {**APPLICATION, "status": "withdrawn", "updated_at": "2026-11-02T10:00:00+00:00"}
    portal.fake.mine = [
        {**same, "id": "0b6c1d2e-aaaa-4bbb-8ccc-000000000001", "choices": ["p1"]},
        {**same, "id": "7f3e9a10-aaaa-4bbb-8ccc-000000000002", "choices": ["p2"]},
    ]
    portal.fake.programmes = [PROGRAMME, IELTS_PROGRAMME]
    page = await portal.get("/applications")
    cards = re.findall(r'<li class="card">.*?</li>', page.text, re.S)
    assert len(cards) == 2 and cards[0] != cards[1]
    assert "0b6c1d2e" in cards[0] and PROGRAMME["title"] in cards[0]
    assert "7f3e9a10" in cards[1] and IELTS_PROGRAMME["title"] in cards[1]


# --- 7. a long name keeps the header usable ---


async def test_a_long_name_is_cut_in_the_header_and_whole_in_its_title(portal):
    """A 195-character name made the header five lines, "退出" one character a line."""
    from pathlib import Path

    page = await portal.get("/applications")
    who = re.search(r'<span class="who"[^>]*>', page.text).group(0)
    assert 'title="Aigerim"' in who  # the session's name, whole
    # its direction its own: on an Urdu page a Latin name was cut at its start, not its end
    assert 'dir="auto"' in who
    css = (Path(__file__).parents[3] / "services/portal/static/portal.css").read_text()
    rule = re.search(r"\.logout \.who \{([^}]*)\}", css).group(1)
    assert "text-overflow: ellipsis" in rule and "white-space: nowrap" in rule and "max-width" in rule
    assert re.search(r"\.logout \.link-button \{[^}]*white-space: nowrap", css)


# --- 8. the date placeholder in the page's language ---


@pytest.mark.parametrize(
    # Urdu: the example in digits (Chromium draws Urdu words right to left in the ltr field,
    # the day where the typed year goes)
    ("lang", "placeholder"),
    [("zh", "年-月-日"), ("ru", "ГГГГ-ММ-ДД"), ("ur", "\u20662003-04-25\u2069")],
)
async def test_the_date_of_birth_placeholder_is_in_the_pages_language(lang, placeholder):
    async with portal_over(FakeWalk(), FakeMatching()) as portal:
        await portal.get(f"/language/{lang}?next=/register")
        field = re.search(r'<input id="f-date_of_birth"[^>]*>', (await portal.get("/register")).text).group(0)
        assert f'placeholder="{placeholder}"' in field


# --- 11. the home institution's hint speaks to faculty too ---


def test_the_home_institution_hint_speaks_to_students_and_faculty():
    """An Urdu faculty applicant read "students of another institution cannot apply"."""
    hint = "Your home institution endorses your application before it goes on."
    both = {
        "en": ("students", "staff"),
        "zh": ("学生", "教职员工"),
        "ru": ("студенты", "сотрудники"),
        "ur": ("طلبہ", "اساتذہ"),
    }
    for lang, words in both.items():
        said = translate(lang, hint)
        assert all(w in said for w in words), (lang, said)
