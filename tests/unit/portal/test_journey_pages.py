"""What a new applicant's journey through the portal asked for, over fake services: the
application page says the latest outcome and each choice's result, the messages' empty state
points to the inbox, an upload refused keeps what was typed and says its limit, the field
filter finds a field by its name in the reader's language, a programme not open to the
applicant's country offers no "Add", a statement over its limit is refused, a second submit
says the application is already submitted."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
    problem,
)

SUBMITTED = {"status": "submitted", "at": "2027-02-01T10:00:00+00:00", "reason": None}
PROPOSED = {"status": "under_review", "at": "2027-02-28T10:00:00+00:00", "reason": "under review"}


class FakeJourney(FakeApplications):
    """The applications service, with an (empty) message thread on application a1."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/applications/a1/messages" and request.method == "GET":
            return httpx.Response(200, json={"items": [], "total": 0, "offset": 0, "limit": 100})
        return super().__call__(request)


@pytest.fixture
async def portal():
    async with portal_over(FakeJourney(), FakeMatching()) as client:
        await log_in(client)
        yield client


def section(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}".*?</(?:section|li)>', html, re.S)
    assert found, f"no #{element_id}"
    return found.group(0)


# --- 1. the outcome on the application page ---


async def test_an_officers_rejection_is_said_with_the_message_in_the_readers_language(portal):
    rejected = {"status": "submitted", "at": "2027-03-01T10:00:00+00:00", "reason": "Please apply next year."}
    portal.fake.application.update(status="submitted", history=[SUBMITTED, PROPOSED, rejected])
    await portal.get("/language/ru?next=/")
    page = await portal.get("/applications/a1")
    assert page.status_code == 200, page.text
    outcome = section(page.text, "outcome")
    assert "Сотрудник не утвердил предложенное вам место." in outcome
    assert "Please apply next year." in outcome


async def test_a_submission_alone_says_no_outcome(portal):
    portal.fake.application.update(status="submitted", history=[SUBMITTED])
    page = await portal.get("/applications/a1")
    assert 'id="outcome"' not in page.text
    assert "✓</span> Eligible" in section(page.text, "choice-p1")


@pytest.mark.parametrize(
    ("lang", "said", "why"),
    [
        ("en", "You were not placed in this round.", "All seats are taken: the lowest score holding a seat is"),
        ("zh", "您在本轮未获得名额。", "本轮结果："),
    ],
)
async def test_a_round_without_a_place_says_each_choices_reason_instead_of_eligible(portal, lang, said, why):
    unmatched = {
        "status": "unmatched",
        "at": "2027-03-05T10:00:00+00:00",
        "reason": "p1: programme full",
        "details": [
            {
                "programme_id": "p1",
                "programme": "Clinical Medicine (MMed), XJMU",
                "code": "round.programme_full",
                "params": {"lowest": 81, "yours": 77},
                "text": "programme full: lowest held score 81.0 > yours 77.0",
            }
        ],
    }
    portal.fake.application.update(status="unmatched", history=[SUBMITTED, PROPOSED, {**SUBMITTED}, unmatched])
    await portal.get(f"/language/{lang}?next=/")
    page = await portal.get("/applications/a1")
    assert said in section(page.text, "outcome")
    choice = section(page.text, "choice-p1")
    assert 'class="choice-result' in choice and why in choice and "programme full" not in choice
    assert "Eligible" not in choice and "✓" not in choice


async def test_a_waitlist_place_is_beside_its_choice(portal):
    waitlisted = {
        "status": "waitlisted",
        "at": "2027-03-05T10:00:00+00:00",
        "reason": "Clinical Medicine #3",
        "details": [{"programme_id": "p1", "code": "round.waitlist_position", "params": {"position": 3}, "text": "#3"}],
    }
    portal.fake.application.update(status="waitlisted", history=[SUBMITTED, waitlisted])
    page = await portal.get("/applications/a1")
    assert "You are on the waiting list." in section(page.text, "outcome")
    assert re.search(r"Waiting list, position <bdi>3</bdi>", section(page.text, "choice-p1"))


async def test_no_messages_points_the_applicant_to_the_inbox(portal):
    portal.fake.application.update(status="submitted", history=[SUBMITTED])
    page = await portal.get("/applications/a1")
    empty = re.search(r'id="no-messages".*?</p>', page.text, re.S).group(0)
    assert "in your inbox" in empty and 'href="/inbox"' in empty


# --- 2. a refused upload keeps what was typed ---


async def test_a_refused_upload_keeps_every_value_typed_and_asks_for_the_file_again(portal):
    portal.fake.application.update(status="draft", history=[])
    await portal.get("/language/ru?next=/")
    page = await portal.get("/applications/a1")
    assert "Не более 10 МБ на файл." in page.text  # the limit, up front
    typed = {
        "csrf": csrf_of(page.text),
        "kind": "transcript",
        "attested_by": "hec",
        "attestation_number": "HEC-42",
        "attested_on": "2030-01-01",
        "translation_language": "zh",
    }
    refused = problem(422, "document.attested_in_future", "attested_on", "attestation date is in the future")
    original = portal.fake.__class__.__call__

    def refuse_upload(self, request):
        if (request.method, request.url.path) == ("POST", "/applications/a1/documents"):
            return refused
        return original(self, request)

    portal.fake.__class__ = type("Refusing", (FakeJourney,), {"__call__": refuse_upload})
    for files in ({}, {"file": ("x.pdf", b"%PDF-1.4\n", "application/pdf")}):  # the portal's refusal, the service's
        r = await portal.post("/applications/a1/documents", data=typed, files=files or None)
        assert r.status_code == 422, r.text
        kind = re.search(r'<select id="f-kind".*?</select>', r.text, re.S).group(0)
        assert re.search(r'value="transcript"\s*selected', kind)
        assert 'name="attested_on" type="date" value="2030-01-01"' in r.text
        assert 'value="HEC-42"' in r.text
        assert re.search(r'<option value="hec" selected>', r.text) and re.search(
            r'<option value="zh" selected>', r.text
        )
        assert "браузер не может сохранить выбранный файл" in r.text
        assert re.search(r"<details class=\"document-properties\" open>", r.text)  # what was typed is in view
    # the summary names the refused field as the form labels it and links to it (Russian here)
    summary = re.search(r'<div class="error-summary".*?</div>', r.text, re.S).group(0)
    assert '<a href="#f-attested_on-new">Дата заверения: ' in summary, summary
    assert 'id="f-attested_on-new"' in r.text
    r = await portal.post("/applications/a1/documents", data={**typed, "kind": ""}, files=None)
    summary = re.search(r'<div class="error-summary".*?</div>', r.text, re.S).group(0)
    assert '<a href="#f-kind">Тип документа: ' in summary and '<a href="#f-file">Файл (PDF, PNG или JPEG): ' in summary


# --- 3. a file over the limit ---


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "The file is too large (at most 10 MB)."), ("ur", "فائل بہت بڑی ہے (زیادہ سے زیادہ 10 MB)۔")],
)
async def test_a_file_over_the_limit_leads_back_to_the_form_in_the_readers_language(portal, lang, said):
    portal.fake.application.update(status="draft", history=[])
    await portal.get(f"/language/{lang}?next=/")
    page = await portal.get("/applications/a1")
    big = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    r = await portal.post(
        "/applications/a1/documents",
        data={"csrf": csrf_of(page.text), "kind": "transcript"},
        files={"file": ("x.pdf", big)},
    )
    assert r.status_code == 303 and "problem" not in r.headers.get("content-type", "")
    assert r.headers["location"] == "/applications/a1?refused=too_large#documents"
    back = await portal.get(r.headers["location"])
    error = re.search(r'id="e-file">(.*?)</p>', back.text, re.S).group(1)
    assert said in error
    assert portal.fake.uploads == []  # never sent on


async def test_another_form_over_the_limit_is_a_page_not_a_problem_body(portal):
    await portal.get("/language/ru?next=/")
    r = await portal.post("/profile", data={"name": "x" * (2 * 1024 * 1024)})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "Отправленные данные слишком велики (не более 1 МБ)." in r.text


# --- 4. the field filter ---


@pytest.mark.parametrize(
    ("lang", "typed", "found"),
    [
        ("en", "Medicine", ["p1", "p3"]),  # "medicine" and "Chinese medicine"
        ("en", "medic", ["p1", "p3"]),
        ("en", "medicine", ["p1", "p3"]),
        ("ru", "медицина", ["p1", "p3"]),  # as the page words the field
        ("zh", "医学", ["p1", "p3"]),
        ("en", "медицина", ["p1", "p3"]),  # a word of another of the portal's languages
        ("ur", "医学", ["p1", "p3"]),
        ("en", "rail transport", ["p2"]),
        ("en", "law", []),
    ],
)
async def test_the_field_filter_finds_a_field_by_part_of_its_name_in_any_case_and_language(portal, lang, typed, found):
    from tests.unit.portal.test_pages_with_fake_services import PROGRAMME

    portal.fake.programmes = [
        {**PROGRAMME, "id": "p1", "field": "medicine"},
        {**PROGRAMME, "id": "p2", "field": "rail-transport"},
        {**PROGRAMME, "id": "p3", "field": "chinese-medicine"},
    ]
    await portal.get(f"/language/{lang}?next=/")
    r = await portal.get("/programmes", params={"field": typed, "applicant_type": ""})
    assert r.status_code == 200, r.text
    assert re.findall(r'<li class="card" id="programme-([^"]+)"', r.text) == found
    sent = [url for m, url, _b in portal.fake.calls if m == "GET" and "/programmes?" in url][-1]
    assert "field=" not in sent  # the service matches a key exactly: the portal matches the words


async def test_the_field_hint_promises_no_english_keys(portal):
    await portal.get("/language/ru?next=/")
    r = await portal.get("/programmes")
    hint = re.search(r'id="h-field">(.*?)</p>', r.text, re.S).group(1)
    assert "«медицина»" in hint and "medicine" not in hint


# --- 5. a programme not open to the applicant's country ---


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Not open to applicants from Kazakhstan."),
        ("zh", "不接受来自哈萨克斯坦的申请人。"),
        ("ru", "Не открыта для заявителей из страны: Казахстан."),
        ("ur", "قزاخستان کے درخواست دہندگان کے لیے دستیاب نہیں۔"),
    ],
)
async def test_a_programme_not_open_to_the_applicants_country_offers_no_add(portal, lang, said):
    from tests.unit.portal.test_pages_with_fake_services import CYCLE, PROGRAMME

    closed_to_kz = {**CYCLE, "id": "c2", "eligible_countries": ["TJ"]}
    portal.fake.programmes = [PROGRAMME, {**PROGRAMME, "id": "p2", "cycle_id": "c2"}]
    original = portal.fake.__class__.__call__

    def with_cycles(self, request):
        if (request.method, request.url.path) == ("GET", "/cycles"):
            return httpx.Response(200, json={"items": [CYCLE, closed_to_kz], "total": 2})
        return original(self, request)

    portal.fake.__class__ = type("TwoCycles", (FakeJourney,), {"__call__": with_cycles})
    await portal.get(f"/language/{lang}?next=/")
    r = await portal.get("/programmes")
    card = re.search(r'id="programme-p2".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    assert 'action="/applications/choose"' not in card and said in card
    card = re.search(r'id="programme-p1".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    assert 'action="/applications/choose"' in card


async def test_the_programmes_open_to_the_applicant_are_asked_first(portal):
    """The service orders by id; the portal asks for the cycles open to the applicant's
    country first (a cycle for Tajiks only had its programmes listed before a Kazakh's)."""
    await portal.get("/programmes")
    sent = [url for m, url, _b in portal.fake.calls if m == "GET" and "/programmes?" in url][-1]
    assert "first_open_to=KZ" in sent
    # ... or those alone, when asked (a quarter of a Pakistani's list had been closed to them)
    page = await portal.get("/programmes?open=1")
    sent = [url for m, url, _b in portal.fake.calls if m == "GET" and "/programmes?" in url][-1]
    assert "open_to=KZ" in sent and "first_open_to" not in sent and "open=1" not in sent.replace("open_to", "")
    assert 'id="f-open" name="open" value="1" checked' in page.text


# --- 6. a statement over its limit ---


async def test_a_statement_over_the_limit_is_refused_naming_the_field_and_kept(portal):
    await portal.get("/language/ru?next=/")
    page = await portal.get("/applications/a1")
    assert "Не более 5000 символов." in section(page.text, "details")  # the limit, up front
    assert 'maxlength="5000"' not in page.text  # a browser would cut a paste silently
    typed = "Я хочу учиться. " * 400  # 6400 characters
    r = await portal.post("/applications/a1/details", data={"csrf": csrf_of(page.text), "statement": typed})
    assert r.status_code == 422
    error = re.search(r'id="e-statement">(.*?)</p>', r.text, re.S).group(1)
    assert "Мотивационное письмо слишком длинное" in error and "6" in error and "5" in error
    assert typed.strip() in r.text  # what was typed, to shorten
    assert not [c for c in portal.fake.calls if c[0] == "PATCH"]  # nothing saved


async def test_a_statement_of_the_limit_with_line_breaks_is_saved(portal):
    page = await portal.get("/applications/a1")
    typed = ("x" * 99 + "\r\n") * 50  # 5000 characters once each line break counts once
    await portal.post("/applications/a1/details", data={"csrf": csrf_of(page.text), "statement": typed})
    [(_m, _url, sent)] = [c for c in portal.fake.calls if c[0] == "PATCH"]
    assert len(json.loads(sent)["statement"]) == 5000


# --- 7. a second submit ---


async def test_a_second_submit_says_the_application_is_already_submitted(portal):
    page = await portal.get("/applications/a1")  # the draft, in a second tab
    portal.fake.application.update(status="submitted", history=[SUBMITTED])  # the first tab submitted it
    await portal.get("/language/zh?next=/")
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/applications/a1"
    shown = await portal.get("/applications/a1")
    assert "您的申请已经提交。" in shown.text and "只有草稿" not in shown.text
    assert not [c for c in portal.fake.calls if c[0] == "POST" and c[1].endswith("/submit")]


async def test_a_submit_from_a_tab_older_than_the_withdrawal_says_it_was_withdrawn(portal):
    """ "Your application is already submitted" had stood above "Status: withdrawn"."""
    page = await portal.get("/applications/a1")
    portal.fake.application.update(
        status="withdrawn", history=[SUBMITTED, {"status": "withdrawn", "at": "2027-02-02T10:00:00+00:00"}]
    )
    await portal.get("/language/ru?next=/")
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303
    shown = await portal.get("/applications/a1")
    assert "Эта заявка отозвана (в другой вкладке): подать её снова нельзя." in shown.text
    assert "Ваша заявка уже подана." not in shown.text
    assert not [c for c in portal.fake.calls if c[0] == "POST" and c[1].endswith("/submit")]


async def test_a_submit_refused_as_not_a_draft_meanwhile_says_already_submitted(portal):
    page = await portal.get("/applications/a1")
    refusal = problem(
        409, "application.not_draft", "status", "only a draft can be submitted; this application is submitted"
    )
    original = portal.fake.__class__.__call__

    def submitted_meanwhile(self, request):
        if (request.method, request.url.path) == ("POST", "/applications/a1/submit"):
            self.application.update(status="submitted", history=[SUBMITTED])
            return refusal
        return original(self, request)

    portal.fake.__class__ = type("Racing", (FakeJourney,), {"__call__": submitted_meanwhile})
    r = await portal.post("/applications/a1/submit", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303
    shown = await portal.get("/applications/a1")
    assert "Your application is already submitted." in shown.text and "Only a draft" not in shown.text


@pytest.mark.parametrize(
    ("cycle", "programme", "said"),
    [
        # a cycle without its own list: its scheme's (the service's open_to) decides
        ({"eligible_countries": [], "open_to": ["TJ"]}, {}, "Не открыта для заявителей из страны: Казахстан."),
        # an exchange hosted in the applicant's own country: for the other side's students
        (
            {"eligible_countries": [], "open_to": ["KZ", "PK"]},
            {"host_country": "KZ", "requirements": {"abroad_only": True}},
            "Эта программа проводится в стране «Казахстан» и предназначена для участников обмена из-за рубежа.",
        ),
    ],
)
async def test_a_programme_closed_by_its_schemes_countries_or_as_an_exchange_offers_no_add(
    portal, cycle, programme, said
):
    from tests.unit.portal.test_pages_with_fake_services import CYCLE, PROGRAMME

    closed = {**CYCLE, "id": "c2", **cycle}
    portal.fake.programmes = [PROGRAMME, {**PROGRAMME, "id": "p2", "cycle_id": "c2", **programme}]
    original = portal.fake.__class__.__call__

    def with_cycles(self, request):
        if (request.method, request.url.path) == ("GET", "/cycles"):
            return httpx.Response(200, json={"items": [CYCLE, closed], "total": 2})
        return original(self, request)

    portal.fake.__class__ = type("TwoCycles", (FakeJourney,), {"__call__": with_cycles})
    await portal.get("/language/ru?next=/")
    r = await portal.get("/programmes")
    card = re.search(r'id="programme-p2".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    assert 'action="/applications/choose"' not in card and said in card
    card = re.search(r'id="programme-p1".*?(?=<li class="card"|<nav class="pager")', r.text, re.S).group(0)
    assert 'action="/applications/choose"' in card


async def test_a_refused_upload_is_read_to_its_end_so_that_the_browser_sees_the_answer():
    """A browser still sending a file when the connection closes shows a reset, not the page:
    the refused body (of a sane size) is read and dropped before the answer; a body beyond that
    is not, and the connection closes."""
    from services.portal.app import middleware

    async def chunks(total: int, size: int = 1024 * 1024):
        sent = 0
        while sent < total:
            sent += size
            yield {"type": "http.request", "body": b"0" * size, "more_body": sent < total}

    for total, drained in ((11 * 1024 * 1024, True), (middleware.DRAIN_AT_MOST + 4 * 1024 * 1024, False)):
        body = chunks(total)
        read: list[int] = []

        async def receive(body=body, read=read):
            message = await anext(body)
            read.append(len(message["body"]))
            return message

        assert await middleware.drain(receive) is drained
        assert (sum(read) == total) is drained  # all read, or stopped short past the cap


@pytest.mark.parametrize(
    ("status", "lang", "said"),
    [
        ("offered", "en", "✓</span> Offered a place"),
        ("accepted", "ru", "✓</span> Вы приняли это место"),
        ("declined", "zh", "您已拒绝此录取名额"),
    ],
)
async def test_the_offered_choice_says_what_became_of_the_offer(portal, status, lang, said):
    portal.fake.application.update(status=status, offered_programme_id="p1", history=[SUBMITTED])
    await portal.get(f"/language/{lang}?next=/")
    choice = section((await portal.get("/applications/a1")).text, "choice-p1")
    assert said in choice
    if status == "declined":  # no green tick on a place given up
        assert "✓" not in choice


async def test_a_withdrawn_application_no_longer_says_its_choices_are_eligible(portal):
    portal.fake.application.update(status="withdrawn", history=[SUBMITTED])
    choice = section((await portal.get("/applications/a1")).text, "choice-p1")
    assert "Eligible" not in choice and "✓" not in choice


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_a_draft_waiting_for_letters_says_submitting_waits_for_them(portal, lang):
    letters = {
        "code": "eligibility.letters_missing",
        "params": {"received": 0, "required": 2, "positions": []},
        "text": "recommendation letters received: 0 of 2",
    }
    portal.fake.application.update(status="draft", history=[])
    portal.fake.eligibility = {
        "eligible": False,
        "choices": [{"programme_id": "p1", "eligible": False, "reasons": [letters["text"]], "details": [letters]}],
    }
    await portal.get(f"/language/{lang}?next=/")
    submit = section((await portal.get("/applications/a1")).text, "submit")
    from services.portal.i18n import translate

    # no referee named yet (the fake's): they are to be named, not "were e-mailed"
    said = translate(
        lang,
        "A programme that asks for recommendation letters can be submitted once they have arrived: name your referees under “Recommendation letters”, and each is e-mailed a link to write the letter. Submit before the application window closes.",
    )
    assert 'id="submit-waits-for-letters"' in submit and said in submit
    portal.fake.eligibility = {
        "eligible": False,
        "choices": [{"programme_id": "p1", "eligible": False, "reasons": ["x"]}],
    }
    assert 'id="submit-waits-for-letters"' not in section((await portal.get("/applications/a1")).text, "submit")


async def test_a_visitor_logs_in_to_apply_back_at_the_programme_and_a_closed_cycle_says_so(monkeypatch):
    """Nineteen "Log in to apply" links read alike and led back to the top of the list; a closed
    cycle's programmes offered it too."""
    from urllib.parse import unquote

    from tests.unit.portal.test_pages_with_fake_services import CYCLE

    async with portal_over(FakeJourney(), FakeMatching()) as visitor:
        r = await visitor.get("/programmes", params={"cycle_id": "c1"})
        link = re.search(r'<a href="/login\?next=([^"]+)" class="log-in-to-apply" aria-describedby="([^"]+)">', r.text)
        assert link is not None and link.group(2) == "programme-p1-title"
        assert unquote(link.group(1)) == "/programmes?cycle_id=c1#programme-p1"
        monkeypatch.setitem(CYCLE, "window", "closed")
        r = await visitor.get("/programmes")
        assert "log-in-to-apply" not in r.text and "Applications for this cycle are closed." in r.text
