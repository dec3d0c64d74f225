"""The applicant's referee form shows the service's refusals of a referee by their code, in
the reader's language, beside the field at fault: naming oneself, a position none of the
choices accepts, an address the service's own check refuses."""

from __future__ import annotations

import re

import httpx
import pytest

from services.portal.i18n import translate
from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
    problem,
)


class RefusingReferees(FakeApplications):
    """The applications service, refusing the referee named (``refusal``)."""

    refusal: httpx.Response

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("POST", "/applications/a1/referees"):
            return self.refusal
        return super().__call__(request)


@pytest.fixture
async def portal():
    async with portal_over(RefusingReferees(), FakeMatching()) as client:
        yield client


REFEREE = {
    "ref_name": "Bilal Ahmed",
    "ref_email": "bilal.pk@example.pk",
    "ref_position": "lecturer",
    "ref_institution": "NUST",
    "ref_relationship": "my teacher",
    "ref_language": "en",
}


@pytest.mark.parametrize(
    ("refusal", "field", "said"),
    [
        (
            problem(422, "referee.self", "email", "you cannot be your own referee"),
            "ref_email",
            "You cannot be your own referee. Name someone who knows your work.",
        ),
        (
            problem(422, "referee.position_not_accepted", "position", "only professors", accepted=[]),
            "ref_position",
            "A letter from someone in this position counts for none of your choices. "
            "Name a referee in a position they accept.",
        ),
        (
            problem(422, "value_error", "body.email", "value is not a valid email address: ..."),
            "ref_email",
            "This e-mail address is not valid.",
        ),
    ],
)
async def test_a_refused_referee_is_told_why_in_the_readers_language(portal, refusal, field, said):
    portal.fake.refusal = refusal
    await log_in(portal)
    await portal.get("/language/ru?next=/applications/a1")
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/referees", data={"csrf": csrf_of(page.text), **REFEREE})
    assert r.status_code == 422
    error = re.search(rf'id="e-{field}">(.*?)</p>', r.text, re.S)
    assert error is not None, r.text[:2000]
    assert translate("ru", said) != said and translate("ru", said) in error.group(1)
    assert 'value="bilal.pk@example.pk"' in r.text  # what was typed stays


async def test_a_refused_position_lists_the_positions_the_choices_accept_in_the_readers_language(portal):
    accepted = ["associate_professor", "professor"]
    portal.fake.refusal = problem(422, "referee.position_not_accepted", "position", "only...", accepted=accepted)
    await log_in(portal)
    await portal.get("/language/ru?next=/applications/a1")
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/referees", data={"csrf": csrf_of(page.text), **REFEREE})
    assert r.status_code == 422
    error = re.search(r'id="e-ref_position">(.*?)</p>', r.text, re.S)
    assert error is not None, r.text[:2000]
    assert "Укажите рекомендателя с одной из должностей: доцент или профессор." in error.group(1), error.group(1)


class DeclinedReferee(RefusingReferees):
    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("GET", "/applications/a1/referees"):
            declined = {"id": "r1", "state": "declined", "name": "Bilal Ahmed", "position": "lecturer",
                        "institution": "NUST", "email": "bilal.pk@example.pk", "due_at": None,
                        "decline_reason": "On leave <until> March"}  # fmt: skip
            return httpx.Response(200, json=[declined])
        return super().__call__(request)


async def test_a_replacement_refused_for_any_field_opens_its_form_at_that_field():
    """It opened on the name's and the e-mail's errors only: an empty institution was said at
    the top of the page ("This field is required."), the form with the field closed."""
    fake = DeclinedReferee()
    fake.refusal = problem(500, "unused", "request", "unused")
    async with portal_over(fake, FakeMatching()) as portal:
        await log_in(portal)
        page = await portal.get("/applications/a1")
        # the referee's reason beside them, as written (escaped)
        said = re.search(r'<p class="decline-reason">.*?</p>', page.text, re.S).group(0)
        assert "On leave &lt;until&gt; March" in said
        replacement = {f"rep_r1_{k.removeprefix('ref_')}": v for k, v in REFEREE.items()}
        replacement["rep_r1_institution"] = ""
        r = await portal.post("/applications/a1/referees/r1/replace", data={"csrf": csrf_of(page.text), **replacement})
    assert r.status_code == 422
    details = re.search(r'<details class="replace-referee"[^>]*>', r.text).group(0)
    assert "open" in details
    assert re.search(r'id="e-rep_r1_institution"', r.text)


async def test_the_summary_names_each_referee_field_and_the_language_follows_the_page(portal):
    await log_in(portal)
    await portal.get("/language/zh?next=/applications/a1")
    page = await portal.get("/applications/a1")
    assert '<option value="zh" selected>' in page.text.split('id="f-ref_language"', 1)[1].split("</select>", 1)[0]
    blank = {**REFEREE, "ref_institution": "", "ref_relationship": ""}
    r = await portal.post("/applications/a1/referees", data={"csrf": csrf_of(page.text), **blank})
    assert r.status_code == 422
    summary = r.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    required = translate("zh", "This field is required.")
    for label in ("Institution", "How the referee knows you"):
        named = translate("zh", "{field}: {reason}", field=translate("zh", label), reason=required)
        assert named in summary, summary
    # what was chosen stays chosen
    assert '<option value="en" selected>' in r.text.split('id="f-ref_language"', 1)[1].split("</select>", 1)[0]


async def test_a_field_of_one_character_asks_for_two_not_for_the_field(portal):
    """ "я" typed as how the referee knows the applicant was answered "This field is required",
    as if nothing had been typed."""
    await log_in(portal)
    await portal.get("/language/ru?next=/applications/a1")
    page = await portal.get("/applications/a1")
    r = await portal.post(
        "/applications/a1/referees", data={"csrf": csrf_of(page.text), **REFEREE, "ref_relationship": "я"}
    )
    assert r.status_code == 422
    summary = r.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert translate("ru", "Enter at least 2 characters.") == "Введите не менее 2 символов."
    assert "Введите не менее 2 символов." in summary and translate("ru", "This field is required.") not in summary


class AskedReferees(FakeApplications):
    """The applications service with one referee asked, not answered; records cancellations."""

    def __init__(self) -> None:
        super().__init__()
        self.cancelled: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if (request.method, path) == ("GET", "/applications/a1/referees"):
            asked = {
                "id": "r1", "name": "Prof. Olga Petrova", "email": "olga@msu.example", "position": "professor",
                "institution": "MSU", "relationship": "supervisor", "language": "ru", "state": "requested",
                "due_at": "2027-03-01T00:00:00Z", "created_at": "2026-12-01T00:00:00Z",
            }  # fmt: skip
            return httpx.Response(200, json=[asked])
        if (request.method, path) == ("POST", "/applications/a1/referees/r1/cancel"):
            self.cancelled.append("r1")
            return httpx.Response(204)
        return super().__call__(request)


async def test_cancelling_a_referee_who_is_emailed_asks_for_a_ticked_box_first():
    """The referee is told by e-mail that no letter is needed: a click alone does not send it."""
    async with portal_over(AskedReferees(), FakeMatching()) as portal:
        await log_in(portal)
        await portal.get("/language/ur?next=/applications/a1")
        page = await portal.get("/applications/a1")
        assert 'id="cancel-confirm-r1"' in page.text
        r = await portal.post("/applications/a1/referees/r1/cancel", data={"csrf": csrf_of(page.text)})
        assert r.status_code == 422 and portal.fake.cancelled == []
        said = translate("ur", "Tick the box to cancel: the referee is told by e-mail.")
        assert said != "Tick the box to cancel: the referee is told by e-mail." and said in r.text
        r = await portal.post(
            "/applications/a1/referees/r1/cancel", data={"csrf": csrf_of(page.text), "confirm": "yes"}
        )
        assert r.status_code == 303 and portal.fake.cancelled == ["r1"]


@pytest.mark.parametrize("lang", ["zh", "ru"])
async def test_a_referee_who_declined_is_removed_from_the_list_not_cancelled(lang):
    """ "取消" (Cancel) beside a referee who had declined read as undoing the referee's answer;
    it only takes the request off the list."""
    real = AskedReferees.__call__

    class Declined(AskedReferees):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            answer = real(self, request)
            if (request.method, request.url.path) == ("GET", "/applications/a1/referees"):
                return httpx.Response(200, json=[{**answer.json()[0], "state": "declined"}])
            return answer

    fake = Declined()
    async with portal_over(fake, FakeMatching()) as portal:
        await log_in(portal)
        await portal.get(f"/language/{lang}?next=/applications/a1")
        page = await portal.get("/applications/a1")
        item = page.text.split('id="referee-r1"', 1)[1].split("</li>", 1)[0]
        assert (
            translate(lang, "Remove from the list") in item
            and translate(lang, "Remove from the list") != "Remove from the list"
        )
        assert f">{translate(lang, 'Cancel')}<" not in item and 'id="cancel-confirm-r1"' not in item
        r = await portal.post(
            "/applications/a1/referees/r1/cancel", data={"csrf": csrf_of(page.text), "confirm": "yes"}
        )
        assert r.status_code == 303 and fake.cancelled == ["r1"]


async def test_a_name_too_long_says_how_long_it_may_be_with_the_figure(portal):
    """ "at most {max_length} characters" was shown with its placeholder, in every language."""
    portal.fake.refusal = problem(
        422, "string_too_long", "body.name", "String should have at most 200 characters", max_length=200
    )
    await log_in(portal)
    await portal.get("/language/ru?next=/applications/a1")
    page = await portal.get("/applications/a1")
    r = await portal.post("/applications/a1/referees", data={"csrf": csrf_of(page.text), **REFEREE})
    error = re.search(r'id="e-ref_name">(.*?)</p>', r.text, re.S)
    assert error is not None and "не более 200 символов" in error.group(1) and "{" not in error.group(1)
