"""The checklist of an application in the portal (issue 15), over fake services, in every
language: the applicant's page shows each requirement of each choice, its state and what to
do next (a rejected transcript: the reason, the note and the deadline); the officer's
documents page shows the same checklist with a verify button beside each document. The
checklist is the applications service's answer (built here by its own code)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.lists import format_list
from markupsafe import escape

from services.applications.api.checklist_schemas import ChecklistOut
from services.applications.domain.checklist import DocumentFact, LetterFact, build
from services.portal.checklist_words import CHECKLIST_WORDS
from services.portal.i18n import locale_of, translate
from shared.eligibility import ApplicantFacts, Certificate, CycleFacts, ProgrammeFacts
from shared.events.catalog import LetterRequirement, Requirements
from tests.unit.portal import test_document_pages as pages

REQUIREMENTS = Requirements(
    min_grade=70,
    required_documents=["transcript"],
    document_properties={"transcript": ["attested:hec"]},
    letters=LetterRequirement(count=2, positions=["professor", "associate_professor"]),
)
HEC = frozenset({"attested", "attested:hec"})


def checklist(state: str) -> dict:
    transcript = DocumentFact(
        "d1",
        "transcript",
        1,
        state,
        False,
        HEC,
        rejection_reason="not_attested" if state == "rejected" else None,
        rejection_note=pages.NOTE if state == "rejected" else None,
        due_on=date(2027, 3, 15) if state == "rejected" else None,
    )
    choices = build(
        ApplicantFacts("student", "PK", 82.0, (Certificate("HSK", 4),)),
        CycleFacts("c1", None, ("PK",)),
        ["p1"],
        {"p1": ProgrammeFacts("p1", "c1", "student", REQUIREMENTS)},
        [transcript],
        [LetterFact("submitted", "professor"), LetterFact("opened", "professor")],
        date(2027, 2, 1),
    )
    return ChecklistOut.of("a1", "submitted", choices, {"p1": "Clinical Medicine (MMed), XJMU"}).model_dump(mode="json")


class Fake(pages.Fake):
    def __init__(self, role: str):
        super().__init__(role)
        self.checklist = checklist("rejected")

    def __call__(self, request):
        if request.method == "GET" and request.url.path in (
            "/applications/a1/checklist",
            "/officer/applications/a1/checklist",
        ):
            return pages.httpx.Response(200, json=self.checklist)
        if request.method == "GET" and request.url.path == "/applications/a1" and getattr(self, "offered", None):
            answer = super().__call__(request)  # the place offered (or accepted), and the choices
            return pages.httpx.Response(200, json={**answer.json(), **self.offered})
        if request.method == "GET" and request.url.path == "/interviews/mine":  # matching: the invitations
            return pages.httpx.Response(200, json=getattr(self, "invitations", []))
        return super().__call__(request)


@pytest.fixture
def fake_services(monkeypatch):
    monkeypatch.setattr(pages, "Fake", Fake)


def section(html: str) -> str:
    found = re.search(r'<section aria-labelledby="checklist-title".*?</ul>\s*</section>\s*</section>', html, re.S)
    assert found, "no checklist on the page"
    return found.group(0)


def words(lang: str, key: str) -> str:
    return CHECKLIST_WORDS[key][lang]


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_the_applicant_sees_the_rejected_transcript_then_the_verified_one(lang, fake_services):
    client, fake, cm = await pages._portal("applicant")
    try:
        await client.get(f"/language/{lang}?next=/")
        page = await client.get("/applications/a1")
        assert page.status_code == 200, page.text[:500]
        box = section(page.text)
        assert words(lang, "checklist:title") in box
        assert words(lang, "checklist:choice.not_eligible") in box
        item = box.split('data-code="requirement.document" data-kind="transcript"', 1)[1].split("</li>", 1)[0]
        assert words(lang, "checklist:state.rejected") in item
        assert pages.REASON[lang] in item and "Stamp &lt;missing&gt; on page 2" in item
        assert '<time datetime="2027-03-15">' in item
        # the step leads to where it is done (a phone's page is screens long)
        link = f'<a href="#documents" class="next-step-link">{translate(lang, "Documents")}</a>'
        assert link in item
        # the letters: one of two received, one awaited; the grade met; the HEC attestation named
        letters = box.split('data-code="requirement.letters"', 1)[1].split("</li>", 1)[0]
        assert words(lang, "checklist:state.unmet") in letters
        assert words(lang, "checklist:next.await_letters").split("{")[0] in letters
        # from either: "professor or associate professor", as the programme's card says it (it read "and")
        worded = [translate(lang, f"position:{p}") for p in ("professor", "associate_professor")]
        assert format_list(worded, style="or", locale=locale_of(lang)) in letters
        assert words(lang, "property:attested:hec") in box
        assert "verify" not in box.lower()  # no review buttons for the applicant
        if lang != "en":
            for key in ("checklist:title", "checklist:state.rejected", "checklist:next.reupload_by"):
                assert words("en", key).split("{")[0] not in re.sub(r"<[^>]+>", " ", box), key

        fake.checklist = checklist("verified")
        box = section((await client.get("/applications/a1")).text)
        item = box.split('data-code="requirement.document" data-kind="transcript"', 1)[1].split("</li>", 1)[0]
        assert words(lang, "checklist:state.verified") in item and 'class="next"' not in item  # nothing to do
        assert pages.REASON[lang] not in item
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_the_officer_sees_the_checklist_with_a_verify_button_beside_the_document(lang, fake_services):
    client, fake, cm = await pages._portal("officer")
    try:
        await client.get(f"/language/{lang}?next=/")
        page = await client.get("/officer/applications/a1/documents")
        assert page.status_code == 200, page.text[:500]
        box = section(page.text)
        assert words(lang, "checklist:intro.staff") in box
        item = box.split('data-code="requirement.document" data-kind="transcript"', 1)[1].split("</li>", 1)[0]
        assert 'action="/officer/applications/a1/documents/d1/verify"' in item
        assert 'id="checklist-verify-1-d1"' in item and pages.REASON[lang] in item
        # the button names its document: a page of "Verify" buttons told a screen reader nothing
        named = translate(lang, "Verify {kind}", kind=translate(lang, "doc:transcript"))
        assert f'aria-label="{escape(named)}"' in item
        assert 'id="reject-d1"' not in box  # rejecting stays in the list below, with its reasons
        # the file's name beside its version: two documents of one kind were "version 1" twice
        row = item.split('id="checklist-doc-1-d1"', 1)[1].split("</div>", 1)[0]
        name = next(d["original_name"] for d in fake.documents if d["id"] == "d1")
        assert f'<bdi class="file-name">{escape(name)}</bdi>' in row

        r = await client.post("/officer/applications/a1/documents/d1/verify", data={"csrf": pages.csrf_of(page.text)})
        assert r.status_code == 303
        assert fake.posted[-1][0] == "/officer/applications/a1/documents/d1/verify"
        fake.checklist = checklist("verified")
        box = section((await client.get("/officer/applications/a1/documents")).text)
        assert "checklist-verify-1-d1" not in box and 'href="#doc-d1"' in box
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


def test_every_checklist_word_is_in_all_four_languages():
    for key, by_lang in CHECKLIST_WORDS.items():
        english = by_lang.get("en", key)
        for lang in ("zh", "ru", "ur"):
            assert by_lang.get(lang), (key, lang)
            assert set(re.findall(r"\{\w+\}", by_lang[lang])) == set(re.findall(r"\{\w+\}", english)), (key, lang)


def test_every_code_the_checklist_gives_has_its_words():
    from services.applications.domain.checklist import ItemState, Next, Requirement
    from shared.events.catalog import DocumentProperty

    keys = [f"checklist:{c.value}" for c in (*Requirement, *Next)] + [f"checklist:state.{s.value}" for s in ItemState]
    keys += [f"property:{p}" for p in DocumentProperty.__args__]
    keys += [f"checklist:choice.{v}" for v in ("done", "eligible", "not_eligible")]
    for key in keys:
        assert {"en", "zh", "ru", "ur"} <= set(CHECKLIST_WORDS.get(key, {})), key


def test_every_next_step_has_its_words_for_staff_too():
    from services.applications.domain.checklist import Next

    for code in Next:
        if code is not Next.NONE:
            key = f"checklist:{code.value}.staff"
            assert {"en", "zh", "ru", "ur"} <= set(CHECKLIST_WORDS.get(key, {})), key
    for key in ("reupload_by", "upload_with_property", "add_certificate_level", "reupload_overdue"):
        assert f"checklist:next.{key}.staff" in CHECKLIST_WORDS, key


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_reviewer_reads_the_next_steps_about_the_applicant_not_addressed_to_them(lang, fake_services):
    client, fake, cm = await pages._portal("coordinator")
    try:
        await client.get(f"/language/{lang}?next=/")
        fake.checklist = checklist("uploaded")
        box = section((await client.get("/officer/applications/a1/documents")).text)
        item = box.split('data-code="requirement.document" data-kind="transcript"', 1)[1].split("</li>", 1)[0]
        staff, applicant = words(lang, "checklist:next.await_review.staff"), words(lang, "checklist:next.await_review")
        assert staff.split("{")[0] in item or staff.split("}")[-1] in item
        assert applicant.split("{")[0] not in item or not applicant.split("{")[0]
        assert applicant.split("}")[-1] not in item
        letters = box.split('data-code="requirement.letters"', 1)[1].split("</li>", 1)[0]
        said = re.search(r'<p class="next">(.*?)</p>', letters, re.S).group(1).strip()
        assert said.startswith(str(escape(words(lang, "checklist:next.await_letters.staff").split("{")[0])))
        assert not said.startswith(words(lang, "checklist:next.await_letters").split("{")[0])

        fake.checklist = checklist("rejected")
        box = section((await client.get("/officer/applications/a1/documents")).text)
        item = box.split('data-code="requirement.document" data-kind="transcript"', 1)[1].split("</li>", 1)[0]
        assert words(lang, "checklist:next.reupload_by.staff").split("{")[0] in item
        assert "next-step-link" not in box  # the applicant's steps, not the reviewer's
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


def eligible_awaiting_review(state: str = "uploaded") -> dict:
    """Every requirement met, the transcript uploaded and not reviewed yet: "eligible; awaiting
    review" (``state`` "verified": every requirement met and its document verified)."""
    transcript = DocumentFact("d1", "transcript", 1, state, False, HEC)
    choices = build(
        ApplicantFacts("student", "PK", 82.0, (Certificate("HSK", 4),)),
        CycleFacts("c1", None, ("PK",)),
        ["p1"],
        {"p1": ProgrammeFacts("p1", "c1", "student", REQUIREMENTS)},
        [transcript],
        [LetterFact("submitted", "professor"), LetterFact("submitted", "professor")],
        date(2027, 2, 1),
    )
    return ChecklistOut.of("a1", "submitted", choices, {"p1": "Clinical Medicine (MMed), XJMU"}).model_dump(mode="json")


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_out_of_the_running_the_page_awaits_no_review_and_offers_no_interview(lang, fake_services):
    client, fake, cm = await pages._portal("applicant")
    try:
        await client.get(f"/language/{lang}?next=/")
        fake.checklist = eligible_awaiting_review()
        fake.status = "submitted"
        page = await client.get("/applications/a1")
        box = section(page.text)
        assert str(escape(words(lang, "checklist:choice.eligible"))) in box and 'class="next"' in box  # under way
        assert 'id="interview-link"' not in page.text  # not invited: no link to a page saying so
        fake.invitations = [{"application_id": "a1"}]
        page = await client.get("/applications/a1")
        assert 'id="interview-link"' in page.text
        # invited with no time booked: said at the top, not only as a link below the checklist
        top = page.text.split('id="interview-invited"', 1)[1].split("</p>", 1)[0]
        assert translate(lang, "You are invited to an interview.") in top and 'href="/interviews/a1"' in top
        assert page.text.index('id="interview-invited"') < page.text.index('id="checklist"')
        fake.invitations = [{"application_id": "a1", "slot": {"id": "s1"}}]  # booked: the notice has done its work
        assert 'id="interview-invited"' not in (await client.get("/applications/a1")).text
        fake.invitations = [{"application_id": "a1"}]
        for status in ("not_endorsed", "not_nominated", "withdrawn", "declined"):
            fake.status = status
            page = await client.get("/applications/a1")
            assert page.status_code == 200, (status, page.text[:500])
            assert 'id="interview-link"' not in page.text, status
            if status == "withdrawn":  # out for good: no checklist at all
                assert 'id="checklist"' not in page.text
                continue
            box = section(page.text)
            assert str(escape(words(lang, "checklist:choice.eligible"))) not in box, status
            assert words(lang, "checklist:choice.eligible.final") in box, status
            assert 'class="next"' not in box, status  # no "an officer will review your transcript"
            assert 'id="interview-link"' not in page.text, status
        fake.status = "not_admitted"  # out of the running after an interview perhaps: the link stays
        page = await client.get("/applications/a1")
        assert 'class="next"' not in section(page.text) and 'id="interview-link"' in page.text
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_after_an_offer_the_checklist_awaits_no_review(lang, fake_services):
    client, fake, cm = await pages._portal("applicant")
    try:
        await client.get(f"/language/{lang}?next=/")
        fake.checklist = eligible_awaiting_review()
        for status in ("offered", "accepted"):
            fake.status = status
            page = await client.get("/applications/a1")
            assert page.status_code == 200, (status, page.text[:500])
            assert 'id="interview-link"' not in page.text, status
            if status == "withdrawn":  # out for good: no checklist at all
                assert 'id="checklist"' not in page.text
                continue
            box = section(page.text)
            assert str(escape(words(lang, "checklist:choice.eligible"))) not in box, status
            assert words(lang, "checklist:choice.eligible.final") in box, status
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


def grade_checklist(grade: float | None) -> dict:
    choices = build(
        ApplicantFacts("student", "PK", grade, ()),
        CycleFacts("c1", None, ("PK",)),
        ["p1"],
        {"p1": ProgrammeFacts("p1", "c1", "student", Requirements(min_grade=70, language_certificate="HSK"))},
        [],
        [],
        date(2027, 2, 1),
    )
    return ChecklistOut.of("a1", "draft", choices, {"p1": "Clinical Medicine (MMed), XJMU"}).model_dump(mode="json")


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_what_is_missing_is_said_once_and_a_grade_too_low_says_the_grade(lang, fake_services):
    """ "Enter your grade (at least 70)." was followed by "Enter your grade: at least 70 is
    required.", and so for a certificate: the reason repeated the next step. A grade below the
    minimum keeps its reason, which says the applicant's grade."""
    client, fake, cm = await pages._portal("applicant")
    try:
        await client.get(f"/language/{lang}?next=/")
        fake.checklist = grade_checklist(None)
        box = section((await client.get("/applications/a1")).text)
        grade = box.split('data-code="requirement.grade"', 1)[1].split("</li>", 1)[0]
        assert 'class="next"' in grade and 'class="reason' not in grade, grade
        certificate = box.split('data-code="requirement.language_certificate"', 1)[1].split("</li>", 1)[0]
        assert 'class="next"' in certificate and 'class="reason' not in certificate, certificate

        fake.checklist = grade_checklist(61.5)
        box = section((await client.get("/applications/a1")).text)
        grade = box.split('data-code="requirement.grade"', 1)[1].split("</li>", 1)[0]
        assert 'class="reason muted"' in grade and "61" in grade, grade
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


async def test_after_accepting_a_place_only_its_own_requirements_are_listed(fake_services):
    """The accept page said the other choices end; the checklist still called the second
    choice eligible, its documents awaiting a review, with nothing to do."""
    client, fake, cm = await pages._portal("applicant")
    try:
        two = build(
            ApplicantFacts("student", "PK", 82.0, (Certificate("HSK", 4),)),
            CycleFacts("c1", None, ("PK",)),
            ["p1", "p2"],
            {p: ProgrammeFacts(p, "c1", "student", REQUIREMENTS) for p in ("p1", "p2")},
            [],
            [],
            date(2027, 2, 1),
        )
        names = {"p1": "Clinical Medicine (MMed), XJMU", "p2": "Rail Transport, LZU"}
        fake.checklist = ChecklistOut.of("a1", "accepted", two, names).model_dump(mode="json")
        fake.offered = {"offered_programme_id": "p1", "choices": ["p1", "p2"]}
        fake.status = "offered"
        offered = section((await client.get("/applications/a1")).text)
        assert "Clinical Medicine" in offered and "Rail Transport" in offered  # both still open to the offer
        fake.status = "accepted"
        accepted = section((await client.get("/applications/a1")).text)
        assert "Clinical Medicine" in accepted and "Rail Transport" not in accepted
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


def two_choices_checklist() -> dict:
    """Two choices, both asking for the transcript d1: it is listed under each."""
    transcript = DocumentFact("d1", "transcript", 1, "pending", False, HEC)
    programmes = {
        pid: ProgrammeFacts(pid, "c1", "student", Requirements(required_documents=["transcript"]))
        for pid in ("p1", "p2")
    }
    choices = build(
        ApplicantFacts("student", "PK", 82.0, ()),
        CycleFacts("c1", None, ("PK",)),
        ["p1", "p2"],
        programmes,
        [transcript],
        [],
        date(2027, 2, 1),
    )
    return ChecklistOut.of("a1", "submitted", choices, {"p1": "One", "p2": "Two"}).model_dump(mode="json")


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_document_two_choices_ask_for_has_its_review_buttons_once(lang, fake_services):
    """Four files under four choices made sixteen "Verify" buttons on the officer's page."""
    client, fake, cm = await pages._portal("officer")
    try:
        fake.checklist = two_choices_checklist()
        await client.get(f"/language/{lang}?next=/")
        box = section((await client.get("/officer/applications/a1/documents")).text)
        assert box.count('action="/officer/applications/a1/documents/d1/verify"') == 1
        assert 'id="checklist-verify-1-d1"' in box and 'id="checklist-verify-2-d1"' not in box
        second = box.split('id="checklist-doc-2-d1"', 1)[1].split("</div>", 1)[0]
        said = translate(lang, "The same document as under choice {n}: review it there", n=1)
        assert said in second and 'href="#checklist-doc-1-d1"' in second
        assert said != "The same document as under choice 1: review it there" or lang == "en"
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)


async def test_every_document_verified_is_said_only_when_none_waits_for_a_review(fake_services):
    """The choice read "every document verified" while a language certificate the requirement
    did not ask for still waited for the officer (who was asked to approve "all the same")."""
    client, fake, cm = await pages._portal("applicant")
    try:
        fake.checklist = eligible_awaiting_review("verified")
        doc = {"application_id": "a1", "content_type": "application/pdf", "size": 10, "sha256": "0" * 64,
               "created_at": "2027-01-01T00:00:00Z", "superseded": False, "version": 1, "replaces": None,
               "rejection_reason": None, "rejection_note": None, "due_on": None, "task_open": False}  # fmt: skip
        fake.documents = [{**doc, "id": "d1", "kind": "transcript", "original_name": "t.pdf", "state": "verified"}]
        box = section((await client.get("/applications/a1")).text)
        assert words("en", "checklist:choice.done") in box
        fake.documents.append({**doc, "id": "d2", "kind": "language_certificate", "original_name": "hsk.pdf", "state": "pending"})  # fmt: skip
        box = section((await client.get("/applications/a1")).text)
        assert words("en", "checklist:choice.done") not in box and words("en", "checklist:choice.eligible") in box
    finally:
        await client.aclose()
        await cm.__aexit__(None, None, None)
