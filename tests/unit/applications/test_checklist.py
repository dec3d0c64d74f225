"""Issue 15: the checklist of an application, per choice: each requirement's state and next
step by code, judged by the shared eligibility rules plus document and letter states."""

from __future__ import annotations

from datetime import date

from services.applications.domain.checklist import (
    DocumentFact,
    ItemState,
    LetterFact,
    Next,
    Requirement,
    build,
)
from shared.eligibility import ApplicantFacts, Certificate, CycleFacts, ProgrammeFacts
from shared.events.catalog import LetterRequirement, Requirements

TODAY = date(2026, 11, 30)
CYCLE = CycleFacts("c1", date(2027, 9, 1), ("PK", "KZ"))
BASE = ApplicantFacts("student", "PK", 82.0, (Certificate("HSK", 4),), date(2000, 1, 1))
CGS = ProgrammeFacts(
    "cgs",
    "c1",
    "student",
    Requirements(
        min_grade=75,
        language_certificate="hsk",
        min_language_level=4,
        max_age=35,
        required_documents=["passport", "transcript"],
        document_properties={"transcript": ["attested:hec", "translated:zh"]},
        letters=LetterRequirement(count=2, positions=["professor", "associate_professor"]),
    ),
)


def doc(id_: str, kind: str, state: str = "pending", *, superseded=False, held=(), version=1, **kw) -> DocumentFact:
    return DocumentFact(id_, kind, version, state, superseded, frozenset(held), **kw)


def item(choice, code, **params):
    found = [i for i in choice.items if i.code == code and all(i.params.get(k) == v for k, v in params.items())]
    assert len(found) == 1, (code, params, choice.items)
    return found[0]


def test_nothing_uploaded_says_what_to_upload_and_whom_to_ask():
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, [], [], TODAY)
    assert not choice.eligible and not choice.done
    assert item(choice, Requirement.NATIONALITY).state == ItemState.MET
    assert item(choice, Requirement.APPLICANT_TYPE).state == ItemState.MET
    assert item(choice, Requirement.AGE).state == ItemState.MET
    assert item(choice, Requirement.GRADE).state == ItemState.MET
    assert item(choice, Requirement.LANGUAGE_CERTIFICATE).params == {"certificate": "HSK", "min_level": 4}
    passport = item(choice, Requirement.DOCUMENT, kind="passport")
    assert (passport.state, passport.next, dict(passport.next_params)) == (
        ItemState.MISSING,
        Next.UPLOAD,
        {"kind": "passport"},
    )
    assert passport.reason is not None and passport.reason.code == "eligibility.document_missing"
    hec = item(choice, Requirement.DOCUMENT_PROPERTY, kind="transcript", property="attested:hec")
    assert hec.state == ItemState.MISSING and hec.next == Next.UPLOAD  # the transcript itself comes first
    letters = item(choice, Requirement.LETTERS)
    assert letters.state == ItemState.UNMET and letters.next == Next.NAME_REFEREES
    assert dict(letters.next_params) == {"missing": 2}
    assert letters.params == {"required": 2, "received": 0, "positions": ["professor", "associate_professor"]}


def test_a_rejected_transcript_says_the_reason_and_deadline_then_the_new_version_awaits_review():
    rejected = doc(
        "t1",
        "transcript",
        "rejected",
        held={"attested", "attested:hec"},
        rejection_reason="not_attested",
        rejection_note="No HEC stamp",
        due_on=date(2026, 12, 14),
    )
    docs = [doc("p1", "passport", "verified"), rejected]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, docs, [], TODAY)
    transcript = item(choice, Requirement.DOCUMENT, kind="transcript")
    assert transcript.state == ItemState.REJECTED and transcript.next == Next.REUPLOAD
    assert dict(transcript.next_params) == {"kind": "transcript", "due_on": "2026-12-14"}
    assert [d.id for d in transcript.documents] == ["t1"]
    assert transcript.documents[0].rejection_reason == "not_attested"
    assert item(choice, Requirement.DOCUMENT, kind="passport").state == ItemState.VERIFIED
    # a new version, attested by HEC and translated: awaits review; the old one is kept, superseded
    new = doc("t2", "transcript", held={"attested", "attested:hec", "translated:zh"}, version=2)
    resubmitted = [docs[0], doc("t1", "transcript", "rejected", superseded=True), new]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, resubmitted, [], TODAY)
    transcript = item(choice, Requirement.DOCUMENT, kind="transcript")
    assert transcript.state == ItemState.AWAITING_REVIEW and transcript.next == Next.AWAIT_REVIEW
    assert [d.id for d in transcript.documents] == ["t2"]
    assert item(choice, Requirement.DOCUMENT_PROPERTY, property="translated:zh").state == ItemState.AWAITING_REVIEW
    # verified: done, apart from the letters
    verified = [*resubmitted[:2], doc("t2", "transcript", "verified", held=new.held, version=2)]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, verified, [], TODAY)
    assert item(choice, Requirement.DOCUMENT, kind="transcript").state == ItemState.VERIFIED
    assert item(choice, Requirement.DOCUMENT_PROPERTY, property="attested:hec").state == ItemState.VERIFIED
    assert not choice.eligible  # the letters are still missing


def test_a_property_the_document_lacks_names_it():
    docs = [doc("p1", "passport"), doc("t1", "transcript", held={"attested", "attested:ibcc"})]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, docs, [], TODAY)
    hec = item(choice, Requirement.DOCUMENT_PROPERTY, property="attested:hec")
    assert hec.state == ItemState.UNMET and hec.next == Next.UPLOAD_WITH_PROPERTY
    assert dict(hec.next_params) == {"kind": "transcript", "property": "attested:hec"}
    assert hec.reason is not None and hec.reason.params == {"kind": "transcript", "by": "hec"}
    zh = item(choice, Requirement.DOCUMENT_PROPERTY, property="translated:zh")
    assert (
        zh.state == ItemState.UNMET
        and zh.reason is not None
        and zh.reason.code == "eligibility.document_not_translated"
    )


def test_letters_count_only_from_the_positions_asked_and_waiting_ones_mean_wait():
    letters = [
        LetterFact("submitted", "professor"),
        LetterFact("submitted", "employer"),  # does not count
        LetterFact("opened", "associate_professor"),
        LetterFact("declined", "professor"),
    ]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, [], letters, TODAY)
    item_ = item(choice, Requirement.LETTERS)
    assert item_.params["received"] == 1 and item_.state == ItemState.UNMET
    assert item_.next == Next.AWAIT_LETTERS and dict(item_.next_params) == {"outstanding": 1}
    assert dict(item_.letters) == {"declined": 1, "opened": 1, "submitted": 1}
    two = [LetterFact("submitted", "professor"), LetterFact("submitted", "associate_professor")]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, [], two, TODAY)
    assert item(choice, Requirement.LETTERS).state == ItemState.MET


def test_everything_in_order_is_eligible_and_done():
    held = {"attested", "attested:hec", "translated:zh"}
    docs = [doc("p1", "passport", "verified"), doc("t1", "transcript", "verified", held=held)]
    letters = [LetterFact("submitted", "professor"), LetterFact("submitted", "professor")]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, docs, letters, TODAY)
    assert choice.eligible and choice.done
    assert all(i.next == Next.NONE and i.reason is None for i in choice.items)


def test_facts_that_cannot_be_fixed_and_unknown_ones():
    old = ApplicantFacts("scholar", "RU", None, (Certificate("HSK", 3),), None)
    other = ProgrammeFacts("other", "c2", "student", Requirements(min_grade=75))
    choices = build(old, CYCLE, ["cgs", "gone", "other"], {"cgs": CGS, "other": other}, [], [], TODAY)
    cgs, gone, wrong_cycle = choices
    assert [c.rank for c in choices] == [1, 2, 3]
    assert item(cgs, Requirement.NATIONALITY).next == Next.CANNOT_MEET
    assert item(cgs, Requirement.APPLICANT_TYPE).next == Next.CANNOT_MEET
    assert (
        item(cgs, Requirement.AGE).state == ItemState.UNKNOWN
        and item(cgs, Requirement.AGE).next == Next.COMPLETE_PROFILE
    )
    grade = item(cgs, Requirement.GRADE)
    assert grade.next == Next.ENTER_GRADE and dict(grade.next_params) == {"min_grade": 75}
    cert = item(cgs, Requirement.LANGUAGE_CERTIFICATE)
    assert (
        cert.next == Next.ADD_CERTIFICATE
        and cert.reason is not None
        and cert.reason.code == "eligibility.certificate_below"
    )
    assert [i.reason.code for i in gone.items if i.reason] == ["eligibility.not_in_catalog"]
    assert item(wrong_cycle, Requirement.PROGRAMME).reason.code == "eligibility.other_cycle"
    young = ApplicantFacts("student", "PK", 60.0, (Certificate("HSK", 4),), date(1980, 1, 1))
    [choice] = build(young, CYCLE, ["cgs"], {"cgs": CGS}, [], [], TODAY)
    assert item(choice, Requirement.AGE).next == Next.CANNOT_MEET
    assert item(choice, Requirement.GRADE).next == Next.CANNOT_MEET


def test_every_unmet_item_carries_the_shared_rules_reason_and_none_is_left_over():
    from services.applications.domain.checklist import facts_with
    from shared.eligibility import coded_reasons

    letters = [LetterFact("requested", "professor")]
    docs = [doc("t1", "transcript", "rejected")]
    [choice] = build(BASE, CYCLE, ["cgs"], {"cgs": CGS}, docs, letters, TODAY)
    rules = coded_reasons(facts_with(BASE, docs, letters), CYCLE, CGS, TODAY)
    assert sorted(r.code for r in rules) == sorted(i.reason.code for i in choice.items if i.reason)
