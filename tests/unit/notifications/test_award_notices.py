"""The award path (issue 14) as applicants and hosts hear of it: nomination decisions and
host admission, through the real idempotent consumer on SQLite with records built in
memory (no Kafka, no PostgreSQL), and the templates and partner projection they use."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import pytest
from sqlalchemy import select

from services.notifications.domain import partner
from services.notifications.domain.delivery import Channel
from services.notifications.domain.templates import nomination_kind, render
from services.notifications.models import InboxEntry, Notification, PartnerFeedEntry
from shared.events.catalog import (
    AdmissionDecided,
    AdmissionRequested,
    ApplicantRegistered,
    CycleUpserted,
    MatchApproved,
    NominationDecided,
    NominationState,
    SchemeUpserted,
    Stage,
)
from tests.unit.notifications.fakes import count, envelope, record, submitted
from tests.unit.notifications.test_fanout import INST, OTHER_INST, catalog, consumer

HEC = "Higher Education Commission (HEC)"


def nomination(state: NominationState, version: int, **kw) -> NominationDecided:
    return NominationDecided(
        application_id="app-n",
        applicant_id="stu-n",
        cycle_id="sco-2026",
        scheme_id="sco",
        sending_country="PK",
        state=state,
        version=version,
        authority=kw.pop("authority", HEC),
        **kw,
    )


def requested(**kw) -> AdmissionRequested:
    return AdmissionRequested(**_match("app-a", "stu-a"), **kw)


def decided(decision: Literal["admitted", "rejected"], version: int, **kw) -> AdmissionDecided:
    return AdmissionDecided(**_match("app-a", "stu-a"), decision=decision, version=version, **kw)


def _match(application_id: str, applicant_id: str) -> dict:
    return {
        "match_id": "m-a",
        "round_id": "r1",
        "application_id": application_id,
        "applicant_id": applicant_id,
        "cycle_id": "sco-2026",
        "programme_id": "p1",
        "host_institution_id": INST,
        "rank": 1,
    }


async def applicant(c, applicant_id: str, language: str) -> None:
    """Registered before anything is said to them: the contact (name, address, language)."""
    await c.process(
        record(
            envelope(
                ApplicantRegistered(
                    applicant_id=applicant_id,
                    email=f"{applicant_id}@example.pk",
                    name="Ayesha Khan",
                    preferred_language=language,
                    nationality="PK",
                )
            ),
            offset=0,
        )
    )


async def inbox(db, applicant: str) -> list[InboxEntry]:
    async with db.session() as s:
        return list(await s.scalars(select(InboxEntry).filter_by(recipient_id=applicant).order_by(InboxEntry.id)))


async def feed(db, institution: str) -> list[PartnerFeedEntry]:
    async with db.session() as s:
        return list(
            await s.scalars(
                select(PartnerFeedEntry).filter_by(institution_id=institution).order_by(PartnerFeedEntry.seq)
            )
        )


# --- templates ---


def test_each_nomination_state_has_its_own_notice_and_promotion_counts_only_for_a_nominee():
    assert nomination_kind("nominated", False) == "nomination_nominated"
    assert nomination_kind("nominated", True) == "nomination_promoted"
    assert nomination_kind("reserve", False) == "nomination_reserve"
    assert nomination_kind("reserve", True) == "nomination_reserve"
    assert nomination_kind("not_nominated", False) == "nomination_not_nominated"
    assert nomination_kind("withdrawn", True) == "nomination_withdrawn"


def test_a_nominee_moved_to_the_reserve_or_left_off_is_told_the_nomination_is_withdrawn():
    assert nomination_kind("reserve", False, told_before="nominated") == "nomination_moved_to_reserve"
    assert nomination_kind("not_nominated", False, told_before="nominated") == "nomination_withdrawn"
    # a reserve left off was never nominated; a reserve moved again is only told its position
    assert nomination_kind("not_nominated", False, told_before="reserve") == "nomination_not_nominated"
    assert nomination_kind("reserve", False, told_before="reserve") == "nomination_reserve"
    assert nomination_kind("nominated", False, told_before="reserve") == "nomination_nominated"
    moved = {lang: render("nomination_moved_to_reserve", lang, _ctx(position=3)) for lang in ("en", "zh", "ru", "ur")}
    assert moved["en"].subject == "No longer nominated, now on the reserve list (position 3): SCO 2026/27"
    assert f"{HEC} has changed its nomination list for SCO 2026/27: your nomination is withdrawn" in moved["en"].text
    assert "提名已撤回" in moved["zh"].subject and "排名第 3 位" in moved["zh"].text
    assert "Выдвижение отозвано" in moved["ru"].subject and "ваше место в списке: 3" in moved["ru"].text
    assert "نامزدگی واپس" in moved["ur"].subject and moved["ur"].direction == "rtl"


def _ctx(**kw):
    return {"name": "Ayesha", "cycle": "SCO 2026/27", "authority": HEC, "position": None, "reason": None, **kw}


def test_the_reserve_position_the_authority_and_its_reason_are_told_in_each_language():
    en = render("nomination_reserve", "en", _ctx(position=3))
    assert en.subject == "Reserve list, position 3: SCO 2026/27"
    assert f"You are on the reserve list of {HEC} for SCO 2026/27, at position 3." in en.text
    ur = render("nomination_reserve", "ur", _ctx(position=3))
    assert ur.subject == "ریزرو فہرست، نمبر 3: SCO 2026/27" and ur.direction == "rtl"
    reason = "Ranked 15th on the national merit list; the allocation is 12."
    zh = render("nomination_not_nominated", "zh", _ctx(reason=reason))
    assert zh.subject == "未获提名：SCO 2026/27" and f"给出的理由：“{reason}”" in zh.text
    # no reason given: no empty quotation
    ru = render("nomination_not_nominated", "ru", _ctx())
    assert "Указанная причина" not in ru.text and f"({HEC})" in ru.text
    promoted = render("nomination_promoted", "en", _ctx(position=12))
    assert promoted.subject == "Moved up from the reserve list: SCO 2026/27"
    assert "you are now nominated for SCO 2026/27 (number 12 on the list)" in promoted.text


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "You have been nominated for SCO 2026/27 by the nominating authority."),
        ("zh", "提名机构已提名您"),
        ("ru", "(направляющая организация)"),
        ("ur", "نامزد کرنے والا ادارہ نے"),
    ],
)
def test_an_authority_without_a_name_is_worded_in_the_readers_language(lang, words):
    assert words in render("nomination_nominated", lang, _ctx(authority="")).text


def test_a_nomination_reads_提名_in_chinese_and_推荐_is_left_to_the_endorsement_and_the_referee():
    """推荐 named three things in the Chinese notices: the authority's nomination, the home
    institution's endorsement (院校推荐) and a referee's letter (推荐人, 推荐信). A nomination,
    its list, its nominee, its authority and its withdrawal now read 提名."""
    from services.notifications.domain.templates import AUTHORITY_FALLBACK, MESSAGES

    def words(message) -> list[str]:
        parts = [w for p in message.parts for w in (getattr(p, f, None) for f in ("text", "item", "intro")) if w]
        return [message.subject, *parts]

    kinds = [k for k in MESSAGES if "nominat" in k or "nominee" in k]
    kinds += ["admission_rejected", "admission_revoked", "admission_lapsed"]  # "your nomination was withdrawn"
    assert len(kinds) == 13
    nominating = [w for k in kinds for w in words(MESSAGES[k]["zh"])]
    # the endorsement's notices name the authority that nominates next
    nominating += [
        w
        for k in ("application_submitted", "endorsement_endorsed")
        for w in words(MESSAGES[k]["zh"])
        if "nomination" in w
    ]
    assert len(nominating) > 40 and AUTHORITY_FALLBACK["zh"] == "提名机构"
    assert not [w for w in nominating if "推荐" in w], [w for w in nominating if "推荐" in w]
    assert "提名" in render("nomination_withdrawn", "zh", _ctx()).subject
    assert (
        "院校推荐" in MESSAGES["deadline_near_endorsement"]["zh"].subject
        and "推荐信" in MESSAGES["referee_request"]["zh"].subject
    )


def test_a_host_rejection_words_its_reason_and_quotes_the_note_and_a_request_names_the_deadline():
    place = {
        "name": "Ali",
        "cycle": "SCO 2026/27",
        "programme": "TCM 3+2",
        "institution": "Xinjiang Medical University",
    }
    note = 'HSK 4 is required <before> enrolment & "soon".'
    zh = render("admission_rejected", "zh", {**place, "reason_code": "language", "note": note})
    assert zh.subject == "未被录取：TCM 3+2"
    assert "您的语言水平未达到该项目的要求" in zh.text and f"接收院校的留言：“{note}”" in zh.text
    assert "language" not in zh.text and "&lt;before&gt;" in zh.html
    ru = render("admission_rejected", "ru", {**place, "reason_code": "capacity", "note": None})
    assert "на программе не осталось мест" in ru.text and "Комментарий" not in ru.text
    en = render("admission_requested", "en", {**place, "decide_on": "2027-05-31"})
    assert en.subject == "With the host for admission: TCM 3+2"
    assert "It will decide by May 31, 2027." in en.text and "This is not an offer yet" in en.text
    assert "decide by" not in render("admission_requested", "en", {**place, "decide_on": None}).text
    # the moment sharing matters: the notice points to it, by the name the portal's section has
    section = {
        "en": "Sharing with the host institution",
        "zh": "与接收院校共享信息",
        "ru": "Передача данных принимающему вузу",
        "ur": "میزبان ادارے کے ساتھ معلومات کا اشتراک",
    }
    for lang, name in section.items():
        assert name in render("admission_requested", lang, {**place, "decide_on": None}).text


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "Xinjiang Medical University has reviewed your application and admitted you."),
        ("zh", "Xinjiang Medical University 已审核您的申请并录取了您。"),
        ("ru", "(Xinjiang Medical University) рассмотрел вашу заявку и зачислил вас."),
        ("ur", "Xinjiang Medical University نے آپ کی درخواست کا جائزہ لے کر آپ کو داخلہ دے دیا ہے۔"),
    ],
)
def test_an_offer_after_an_admission_says_the_host_admitted_and_one_without_does_not(lang, words):
    offer = {
        "name": "Ali",
        "cycle": "SCO 2026/27",
        "programme": "TCM 3+2",
        "institution": "Xinjiang Medical University",
    }
    assert words in render("offer_made", lang, {**offer, "admitted": True}).text
    assert words not in render("offer_made", lang, offer).text


@pytest.mark.parametrize(
    "lang,note_line",
    [
        ("en", "The host's note: “Добро пожаловать”"),
        ("zh", "接收院校的留言：“Добро пожаловать”"),
        ("ru", "Комментарий принимающего вуза: «Добро пожаловать»"),
        ("ur", "میزبان ادارے کا نوٹ: ”\u2068Добро пожаловать\u2069“"),  # isolated, quoted as Urdu quotes
    ],
)
def test_an_offer_after_an_admission_quotes_the_hosts_note_and_only_then(lang, note_line):
    offer = {"name": "Aigerim", "programme": "TCM 3+2", "institution": "XJMU", "cycle": "2026/27"}
    assert note_line in render("offer_made", lang, {**offer, "admitted": True, "note": "Добро пожаловать"}).text
    assert note_line not in render("offer_made", lang, {**offer, "admitted": False, "note": "Добро пожаловать"}).text
    assert "Добро" not in render("offer_made", lang, {**offer, "admitted": True, "note": None}).text


def test_a_russian_sentence_ending_on_a_long_date_has_one_full_stop():
    context = {
        "name": "Айгерим",
        "programme": "TCM",
        "institution": "XJMU",
        "cycle": "2026/27",
        "decide_on": "2027-04-18",
    }
    text = render("admission_requested", "ru", context).text
    assert re.search(r"до 18 апреля 2027\sг\.\n", text) and "г.." not in text, text


def test_the_host_reads_the_decision_its_code_and_version_never_the_note():
    common = {
        "timestamp": datetime(2027, 5, 1),
        "institution_id": "i",
        "application_id": "a",
        "cycle_id": "c",
        "scheme_id": "sco",
        "sending_country": "PK",
        "applicant_type": "student",
        "programme_ids": ["p1"],
        "match_id": "m",
    }
    rejected = partner.project(
        "admission.decided", **common, admission={"decision": "rejected", "reason_code": "capacity", "version": 2}
    )
    assert rejected["data"]["status"] == "not_admitted"
    assert rejected["data"]["admission"] == {"decision": "rejected", "reason_code": "capacity", "version": 2}
    admitted = partner.project("admission.decided", **common, admission={"decision": "admitted", "version": 1})
    assert admitted["data"]["status"] == "admitted"
    asked = partner.project("admission.requested", **common, admission={"decide_by": "2027-05-31", "note": "x"})
    assert asked["data"]["status"] == "with_host" and asked["data"]["admission"] == {"decide_by": "2027-05-31"}


# --- through the consumer ---


async def test_a_nomination_is_told_once_per_change_and_an_older_version_tells_nothing(db):
    c = consumer(db, [])
    await catalog(c, db)
    await applicant(c, "stu-n", "ur")
    await c.process(record(envelope(submitted("app-n", "stu-n", ["p1"], language="ur")), offset=1))
    reserve = envelope(nomination(NominationState.RESERVE, 1, position=2))
    await c.process(record(reserve, offset=2))
    await c.process(record(reserve, offset=2))  # redelivered
    # a new version saying the same (the list was republished unchanged for this applicant)
    await c.process(record(envelope(nomination(NominationState.RESERVE, 2, position=2)), offset=3))
    entries = await inbox(db, "stu-n")
    assert [e.event_type for e in entries] == ["org.corridor.application.submitted.v1"] + [
        "org.corridor.nomination.decided.v1"
    ]
    assert entries[-1].language == "ur" and "نمبر 2" in entries[-1].subject
    assert await count(db, Notification, recipient="stu-n", template="nomination_reserve") == 1

    # moved up (version 4), then version 3 (reserve position 1) arrives late: not told
    await c.process(record(envelope(nomination(NominationState.NOMINATED, 4, position=12, promoted=True)), offset=4))
    await c.process(record(envelope(nomination(NominationState.RESERVE, 3, position=1)), offset=5))
    entries = await inbox(db, "stu-n")
    assert len(entries) == 3 and "ریزرو فہرست سے نامزدگی" in entries[-1].subject
    async with db.session() as s:
        mail = await s.scalar(select(Notification).filter_by(recipient="stu-n", template="nomination_promoted"))
    assert mail.channel == Channel.EMAIL and mail.context["position"] == 12 and mail.context["authority"] == HEC
    # nominations are the applicant's news: no partner hears of them
    assert [f.event_type for f in await feed(db, INST)] == ["application.submitted"]


async def test_a_published_nominee_moved_to_the_reserve_then_left_off_hears_the_nomination_withdrawn(db):
    """The authority publishes its list again with a nominee moved down: the applicant had been
    told "nominated", and a bare "you are on the reserve list" did not say that was undone."""
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(nomination(NominationState.NOMINATED, 1, position=5)), offset=1))
    await c.process(record(envelope(nomination(NominationState.RESERVE, 2, position=3)), offset=2))
    await c.process(record(envelope(nomination(NominationState.RESERVE, 3, position=2)), offset=3))
    why = "The list was re-ranked after the national interviews."
    await c.process(record(envelope(nomination(NominationState.NOMINATED, 4, position=5)), offset=4))
    await c.process(record(envelope(nomination(NominationState.NOT_NOMINATED, 5, reason=why)), offset=5))
    subjects = [e.subject for e in await inbox(db, "stu-n")]
    assert subjects == [
        "Nominated: SCO 2026/27",
        "No longer nominated, now on the reserve list (position 3): SCO 2026/27",
        "Reserve list, position 2: SCO 2026/27",  # moved within the reserve: only its position
        "Nominated: SCO 2026/27",
        "Nomination withdrawn: SCO 2026/27",
    ]
    assert f"“{why}”" in (await inbox(db, "stu-n"))[-1].body
    assert await count(db, Notification, recipient="stu-n", template="nomination_moved_to_reserve") == 1


async def test_withdrawn_and_not_nominated_carry_the_authoritys_reason(db):
    c = consumer(db, [])
    await catalog(c, db)
    why = "The applicant did not attend the national interview."
    await c.process(record(envelope(nomination(NominationState.NOT_NOMINATED, 1, reason=f"  {why} ")), offset=1))
    withdrawn = "The applicant accepted another scholarship."
    await c.process(record(envelope(nomination(NominationState.WITHDRAWN, 2, reason=withdrawn)), offset=2))
    entries = await inbox(db, "stu-n")
    assert entries[0].subject == "Not nominated: SCO 2026/27" and f"The reason it gave: “{why}”" in entries[0].body
    assert entries[1].subject == "Nomination withdrawn: SCO 2026/27" and f"“{withdrawn}”" in entries[1].body


async def test_a_nomination_withdrawn_by_the_hosts_rejection_is_not_told_as_the_authoritys(db):
    """The host did not admit the nominee: admission.decided tells the applicant, with the
    host's words. The list's withdrawal that follows said "your nomination by <authority> has
    been withdrawn", with the host's note as the authority's reason: a second notice, wrong
    about who decided."""
    c = consumer(db, [])
    await catalog(c, db)
    note = "HSK 5 is required for this programme."
    released = nomination(NominationState.WITHDRAWN, 2, reason=note, host_rejected=True)
    await c.process(record(envelope(released), offset=1))
    assert await inbox(db, "stu-n") == []
    assert await count(db, Notification, recipient="stu-n") == 0
    # the same withdrawal as the authority's own (a later version): told, with its reason
    await c.process(record(envelope(nomination(NominationState.WITHDRAWN, 3, reason=note)), offset=2))
    [entry] = await inbox(db, "stu-n")
    assert entry.subject == "Nomination withdrawn: SCO 2026/27" and f"“{note}”" in entry.body


async def test_the_host_and_the_applicant_hear_of_the_request_and_a_rejection_with_its_reason(db):
    c = consumer(db, [])
    sub_id = await catalog(c, db)
    await applicant(c, "stu-a", "ru")
    await c.process(record(envelope(submitted("app-a", "stu-a", ["p1", "p2"], language="ru")), offset=1))
    await c.process(record(envelope(requested(decide_by=date(2027, 5, 31))), offset=2))
    entries = await inbox(db, "stu-a")
    assert entries[-1].subject == "Заявка у принимающего вуза: TCM 3+2"
    assert "31 мая 2027" in entries[-1].body
    [_, asked] = await feed(db, INST)
    assert asked.event_type == "admission.requested"
    assert asked.payload["data"] == {
        "institution_id": INST,
        "application_id": "app-a",
        "cycle_id": "sco-2026",
        "scheme_id": "sco",
        "status": "with_host",
        "sending_country": "KZ",
        "applicant_type": "student",
        "programme_ids": ["p1"],
        "match_id": "m-a",
        "admission": {"decide_by": "2027-05-31"},
    }
    assert [f.event_type for f in await feed(db, OTHER_INST)] == ["application.submitted"]  # not its match
    assert await count(db, Notification, recipient=sub_id, channel=Channel.WEBHOOK) == 2

    note = "The programme needs HSK 4 at enrolment."
    await c.process(record(envelope(decided("rejected", 1, reason_code="language", note=note)), offset=3))
    entries = await inbox(db, "stu-a")
    assert entries[-1].subject == "Зачисление не состоялось: TCM 3+2"
    assert "ваш уровень владения языком не соответствует требованиям программы" in entries[-1].body
    assert f"«{note}»" in entries[-1].body
    rejected = (await feed(db, INST))[-1]
    assert rejected.payload["data"]["status"] == "not_admitted" and note not in str(rejected.payload)
    assert rejected.payload["data"]["admission"] == {"decision": "rejected", "reason_code": "language", "version": 1}
    assert await count(db, Notification, recipient=sub_id, channel=Channel.WEBHOOK) == 3


async def test_an_admission_is_told_by_the_offer_and_a_change_of_mind_is_a_new_version(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(submitted("app-a", "stu-a", ["p1"])), offset=1))
    await c.process(record(envelope(requested()), offset=2))
    welcome = "Welcome! We expect you on 1 February."
    await c.process(record(envelope(decided("admitted", 1, note=f"  {welcome} ")), offset=3))
    assert [e.subject for e in await inbox(db, "stu-a")][-1] == "With the host for admission: TCM 3+2"
    assert (await feed(db, INST))[-1].payload["data"]["status"] == "admitted"
    assert welcome not in str((await feed(db, INST))[-1].payload)  # the host's words are the applicant's

    offer = MatchApproved(**_match("app-a", "stu-a"), reply_by=date(2027, 6, 15))
    await c.process(record(envelope(offer), offset=4))
    last = (await inbox(db, "stu-a"))[-1]
    assert last.subject == "Offer of a place: TCM 3+2"
    assert "xjmu University has reviewed your application and admitted you." in last.body
    assert f"The host's note: “{welcome}”" in last.body  # the note written when admitting, quoted
    async with db.session() as s:
        mail = await s.scalar(select(Notification).filter_by(recipient="stu-a", template="offer_made"))
    assert mail.context["admitted"] is True

    # the host changes its mind before the applicant answered: version 2, told to both; the
    # applicant hears that the admission and its offer are withdrawn (not a bare "not admitted")
    await c.process(record(envelope(decided("rejected", 2, reason_code="capacity")), offset=5))
    # version 1 redelivered late as a new event: nothing
    await c.process(record(envelope(decided("admitted", 1)), offset=6))
    entries = await inbox(db, "stu-a")
    subjects = [e.subject for e in entries]
    assert subjects[-1] == "Admission withdrawn: TCM 3+2" and subjects.count("Admission withdrawn: TCM 3+2") == 1
    assert "The offer you received for it is withdrawn" in entries[-1].body
    statuses = [f.payload["data"]["status"] for f in await feed(db, INST)]
    assert statuses == ["submitted", "with_host", "admitted", "offered", "not_admitted"]


async def test_an_offer_without_an_admission_stage_does_not_say_the_host_admitted(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(submitted("app-d", "stu-d", ["p1"])), offset=1))
    await c.process(record(envelope(MatchApproved(**_match("app-d", "stu-d"))), offset=2))
    last = (await inbox(db, "stu-d"))[-1]
    assert last.subject == "Offer of a place: TCM 3+2" and "admitted you" not in last.body


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "Your application goes first to Higher Education Commission (HEC), which nominates"),
        ("zh", "您的申请将首先提交给Higher Education Commission (HEC)，"),
        ("ru", "направляющая организация вашей страны (Higher Education Commission (HEC))"),
        ("ur", "آپ کی درخواست پہلے Higher Education Commission (HEC) کے پاس جائے گی"),
    ],
)
def test_an_application_under_a_nomination_stage_is_told_it_goes_to_the_authority_first(lang, words):
    received = {"name": "Ali", "cycle": "SCO 2026/27", "programmes": ["TCM 3+2"]}
    assert words in render("application_submitted", lang, {**received, "nomination": True, "authority": HEC}).text
    assert "Higher Education Commission" not in render("application_submitted", lang, received).text


async def test_the_schemes_path_and_authorities_word_the_receipt_and_name_an_unnamed_authority(db):
    c = consumer(db, [])
    await catalog(c, db)
    sco = SchemeUpserted(
        scheme_id="sco",
        name="SCO",
        sponsor="SCO",
        eligible_countries=["PK", "KZ"],
        path=[Stage.NOMINATION, Stage.MATCHING, Stage.REVIEW, Stage.ADMISSION, Stage.ANSWER],
        authorities={"PK": HEC},
    )
    direct = SchemeUpserted(scheme_id="csc", name="CSC", sponsor="CSC", eligible_countries=["PK"])
    await c.process(record(envelope(sco), offset=1))
    await c.process(record(envelope(direct), offset=2))
    await c.process(
        record(
            envelope(
                CycleUpserted(
                    cycle_id="csc-2026",
                    scheme_id="csc",
                    name="CSC 2026",
                    opens_at=datetime.now(UTC) - timedelta(days=1),
                    closes_at=datetime.now(UTC) + timedelta(days=30),
                )
            ),
            offset=3,
        )
    )
    pk = submitted("app-pk", "stu-pk", ["p1"]).model_copy(update={"sending_country": "PK"})
    await c.process(record(envelope(pk), offset=4))
    await c.process(record(envelope(submitted("app-kz", "stu-kz", ["p1"])), offset=5))  # KZ: no authority named
    csc = submitted("app-c", "stu-c", ["p1"]).model_copy(
        update={"cycle_id": "csc-2026", "scheme_id": "csc", "sending_country": "PK"}
    )
    await c.process(record(envelope(csc), offset=6))
    assert f"Your application goes first to {HEC}, which nominates" in (await inbox(db, "stu-pk"))[0].body
    assert "Your application goes first to the nominating authority" in (await inbox(db, "stu-kz"))[0].body
    assert "goes first to" not in (await inbox(db, "stu-c"))[0].body  # a direct scheme

    # an event without the authority's name: the scheme's name for the country
    unnamed = nomination(NominationState.NOMINATED, 1, position=1, authority="").model_copy(
        update={"application_id": "app-pk", "applicant_id": "stu-pk"}
    )
    await c.process(record(envelope(unnamed), offset=7))
    assert (await inbox(db, "stu-pk"))[-1].body.count(f"nominated for SCO 2026/27 by {HEC}") == 1


async def test_a_nomination_without_the_applicants_id_reaches_the_applicant_of_the_stored_application(db):
    c = consumer(db, [])
    await catalog(c, db)
    await applicant(c, "stu-x", "zh")
    await c.process(record(envelope(submitted("app-x", "stu-x", ["p1"])), offset=1))
    nameless = nomination(NominationState.RESERVE, 1, position=5).model_copy(
        update={"application_id": "app-x", "applicant_id": ""}
    )
    await c.process(record(envelope(nameless), offset=2))
    assert (await inbox(db, "stu-x"))[-1].subject == "后备名单第 5 位：SCO 2026/27"
    assert await count(db, InboxEntry, recipient_id="") == 0
    # an application this service never saw: nobody to tell, nothing written
    unknown = nomination(NominationState.RESERVE, 1, position=6).model_copy(
        update={"application_id": "app-unknown", "applicant_id": ""}
    )
    dead: list[str] = []
    c2 = consumer(db, dead)
    await c2.process(record(envelope(unknown), offset=3))
    assert dead == [] and await count(db, Notification, recipient="") == 0


async def test_the_authority_hears_when_a_host_did_not_admit_its_nominee(db):
    """The host's rejection withdrew a nominee and moved the reserve up; the nominating
    authority's users (of that scheme and country, in their language) were not told."""
    from shared.events.catalog import AccountUpserted
    from tests.unit.notifications.fakes import registered

    c = consumer(db, [])
    await catalog(c, db)
    people = [
        AccountUpserted(account_id="hec", role="nominator", name="HEC", email="hec@x.org", schemes=["sco"],
                        countries=["PK"], preferred_language="ur"),
        AccountUpserted(account_id="kz", role="nominator", name="KZ", email="kz@x.org", schemes=["sco"],
                        countries=["KZ"]),
    ]  # fmt: skip
    for n, data in enumerate([*people, registered("stu-n", name="Bilal Ahmed")]):
        await c.process(record(envelope(data), offset=n))
    note = "HSK 5 is required for this programme."
    released = envelope(nomination(NominationState.WITHDRAWN, 2, reason=note, host_rejected=True))
    await c.process(record(released, offset=10))
    await c.process(record(released, offset=10))  # redelivered: told once
    [entry] = await inbox(db, "hec")
    assert entry.language == "ur" and "Bilal Ahmed" in entry.subject and f"”\u2068{note}\u2069“" in entry.body
    assert await inbox(db, "kz") == []  # another country's authority
    assert await count(db, Notification, recipient="hec", channel=Channel.EMAIL) == 1
    assert await inbox(db, "stu-n") == []  # the applicant hears it from the host's decision


async def test_the_home_institution_hears_what_the_host_decided_about_the_applicants_it_endorsed(db):
    """A coordinator endorsed an applicant and heard nothing after (the nominating authority
    hears of its nominees): each version of the host's decision is told, in its language."""
    from shared.events.catalog import AccountUpserted, EndorsementDecided, EndorsementState
    from tests.unit.notifications.fakes import registered

    c = consumer(db, [])
    await catalog(c, db)
    people = [
        AccountUpserted(account_id="kemu", role="coordinator", name="KEMU", email="kemu@x.org", schemes=["sco"],
                        institutions=["kemu"], preferred_language="ru"),
        AccountUpserted(account_id="dow", role="coordinator", name="Dow", email="dow@x.org", schemes=["sco"],
                        institutions=["dow"]),
    ]  # fmt: skip
    for n, data in enumerate([*people, registered("stu-a", name="Hamza Ali")]):
        await c.process(record(envelope(data), offset=n))
    endorsed = EndorsementDecided(application_id="app-a", applicant_id="stu-a", cycle_id="sco-2026", scheme_id="sco",
                                  home_institution_id="kemu", state=EndorsementState.ENDORSED)  # fmt: skip
    await c.process(record(envelope(endorsed), offset=10))
    admitted = envelope(decided("admitted", 1))
    await c.process(record(admitted, offset=11))
    await c.process(record(admitted, offset=11))  # redelivered: told once
    [first] = await inbox(db, "kemu")
    assert first.language == "ru" and first.subject.startswith("Зачисление: Hamza Ali")
    assert "принят(а)" in first.body and "не принят(а)" not in first.body
    assert await inbox(db, "dow") == []  # another home institution
    await c.process(record(envelope(decided("rejected", 2, reason_code="capacity")), offset=12))
    await c.process(record(envelope(decided("admitted", 1)), offset=13))  # an older version, late: nothing
    *_, second = await inbox(db, "kemu")
    assert second.subject.startswith("Отказ в зачислении: Hamza Ali") and len(await inbox(db, "kemu")) == 2
    assert await count(db, Notification, recipient="kemu", channel=Channel.EMAIL) == 2


async def test_a_match_the_deadline_declined_tells_the_applicant_the_host_decided_nothing(db):
    c = consumer(db, [])
    await catalog(c, db)
    await applicant(c, "stu-a", "zh")
    await c.process(record(envelope(decided("rejected", 1, reason_code="no_decision")), offset=5))
    [told] = await inbox(db, "stu-a")
    assert told.subject.startswith("截止前未作出录取决定") and "决定不录取" not in told.body


AFTERMATH = {
    "en": ("This ends your application in this cycle", "Your application stays in this cycle for your other choices",
           "You chose no other programme in this cycle", "we will write again if anything changes"),
    "zh": ("您在本周期的申请至此结束", "您的申请仍保留在本周期", "您在本周期没有选择其他项目", "如有变化，我们会再次通知您"),
    "ru": ("На этом ваше участие в этом наборе завершено", "Ваша заявка остаётся в этом наборе",
           "Других программ в этом наборе вы не выбирали", "если что-то изменится, мы вам напишем"),
    "ur": ("اس دور میں آپ کی درخواست یہیں ختم ہوتی ہے", "آپ کی درخواست اس دور میں آپ کے دوسرے انتخاب کے لیے برقرار ہے",
           "آپ نے اس دور میں کوئی اور پروگرام منتخب نہیں کیا", "کوئی تبدیلی ہونے پر ہم آپ کو دوبارہ مطلع کریں گے"),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
@pytest.mark.parametrize("kind", ["admission_rejected", "admission_revoked", "admission_lapsed"])
def test_a_host_rejection_says_what_it_leaves_of_the_application_in_the_cycle(kind, lang):
    """Farrukh read "we will write again if anything changes" and not whether his choices 2 and 3
    were still in: under the SCO's nomination stage he was out of the cycle."""
    place = {"name": "Farrukh", "cycle": "SCO 2026/27", "programme": "TCM 3+2", "institution": "XJMU"}
    place |= {"reason_code": "documents_incomplete", "note": None}
    said = dict(zip(("out", "other_choices", "no_other_choice", ""), AFTERMATH[lang], strict=True))
    for aftermath, words in said.items():
        text = render(kind, lang, {**place, "aftermath": aftermath}).text
        assert words in text, (aftermath, text)
        assert not any(other in text for key, other in said.items() if key != aftermath), aftermath
    # a notice stored before this was said (no aftermath at all) still renders, with the general line
    assert said[""] in render(kind, lang, place).text


async def test_the_rejection_notice_reads_the_path_and_the_choices_of_the_application(db):
    c = consumer(db, [])
    await catalog(c, db)
    sco = SchemeUpserted(
        scheme_id="sco",
        name="SCO",
        sponsor="SCO",
        eligible_countries=["KZ"],
        path=[Stage.NOMINATION, Stage.MATCHING, Stage.REVIEW, Stage.ADMISSION, Stage.ANSWER],
    )
    await c.process(record(envelope(sco), offset=1))
    await applicant(c, "stu-a", "ru")
    await c.process(record(envelope(submitted("app-a", "stu-a", ["p1", "p2"], language="ru")), offset=2))
    await c.process(record(envelope(requested()), offset=3))
    await c.process(record(envelope(decided("rejected", 1, reason_code="documents_incomplete")), offset=4))
    body = (await inbox(db, "stu-a"))[-1].body
    assert AFTERMATH["ru"][0] in body and AFTERMATH["ru"][3] not in body
    # the same scheme without a nomination stage: the other choice stays in the later rounds
    exchange = sco.model_copy(update={"path": [Stage.MATCHING, Stage.REVIEW, Stage.ADMISSION, Stage.ANSWER]})
    await c.process(record(envelope(exchange), offset=5))
    await c.process(record(envelope(decided("rejected", 2, reason_code="capacity", note="full")), offset=6))
    assert AFTERMATH["ru"][1] in (await inbox(db, "stu-a"))[-1].body


async def test_a_host_hears_when_an_applicant_it_admitted_withdraws_and_no_other_host_does(db):
    """The application left the host's tabs without a word, while its staff may have been
    preparing the admission letter."""
    from shared.events.catalog import AccountUpserted, ApplicationWithdrawn

    c = consumer(db, [])
    await catalog(c, db)
    people = [
        AccountUpserted(account_id="host", role="partner", name="Admissions", email="adm@x.org",
                        institutions=[INST], preferred_language="ur"),
        AccountUpserted(account_id="other", role="partner", name="Other", email="o@x.org", institutions=[OTHER_INST]),
    ]  # fmt: skip
    for n, data in enumerate([*people, submitted("app-a", "stu-a", ["p1", "p2"])]):
        await c.process(record(envelope(data), offset=n))
    await c.process(record(envelope(decided("admitted", 1)), offset=10))
    gone = envelope(ApplicationWithdrawn(application_id="app-a", applicant_id="stu-a", cycle_id="sco-2026"))
    await c.process(record(gone, offset=11))
    await c.process(record(gone, offset=11))  # redelivered: told once
    [told] = await inbox(db, "host")
    assert told.language == "ur" and "واپس لے لی" in told.subject and "app-a" in told.body
    assert await inbox(db, "other") == []  # the other host never admitted them
    assert await count(db, Notification, recipient="host", channel=Channel.EMAIL) == 1


async def test_a_host_that_did_not_admit_is_not_told_of_a_withdrawal(db):
    from shared.events.catalog import AccountUpserted, ApplicationWithdrawn

    c = consumer(db, [])
    await catalog(c, db)
    host = AccountUpserted(account_id="host", role="partner", name="Adm", email="a@x.org", institutions=[INST])
    for n, data in enumerate([host, submitted("app-a", "stu-a", ["p1"])]):
        await c.process(record(envelope(data), offset=n))
    await c.process(record(envelope(decided("rejected", 1, reason_code="capacity")), offset=10))
    await c.process(
        record(envelope(ApplicationWithdrawn(application_id="app-a", applicant_id="stu-a", cycle_id="sco-2026")), 11)
    )
    assert [e for e in await inbox(db, "host") if "withdrew" in e.subject] == []


async def test_a_host_asked_to_decide_hears_the_applicant_withdrew_and_that_no_decision_is_needed(db):
    """The application awaited the host's decision and left its tab without a word: its staff
    may have been weighing it. Once the host has rejected it, a withdrawal tells it nothing."""
    from shared.events.catalog import AccountUpserted, ApplicationWithdrawn

    c = consumer(db, [])
    await catalog(c, db)
    host = AccountUpserted(
        account_id="host", role="partner", name="Adm", email="a@x.org", institutions=[INST], preferred_language="ru"
    )
    for n, data in enumerate([host, submitted("app-a", "stu-a", ["p1"])]):
        await c.process(record(envelope(data), offset=n))
    await c.process(record(envelope(requested()), offset=10))
    gone = envelope(ApplicationWithdrawn(application_id="app-a", applicant_id="stu-a", cycle_id="sco-2026"))
    await c.process(record(gone, offset=11))
    await c.process(record(gone, offset=11))  # redelivered: told once
    [told] = [e for e in await inbox(db, "host") if "отозвал" in e.subject]
    assert "ожидавший вашего решения" in told.subject and "Решение больше не требуется" in told.body
    assert (
        await count(db, Notification, recipient="host", channel=Channel.EMAIL, template="awaiting_applicant_withdrew")
        == 1
    )
    # a decision supersedes the request: rejected, then withdrawn (another application), nothing
    await c.process(record(envelope(submitted("app-b", "stu-b", ["p1"])), offset=12))
    await c.process(record(envelope(requested().model_copy(update={"application_id": "app-b", "match_id": "m-b"})), 13))
    rejected = decided("rejected", 1, reason_code="capacity").model_copy(
        update={"application_id": "app-b", "match_id": "m-b"}
    )
    await c.process(record(envelope(rejected), offset=14))
    await c.process(
        record(envelope(ApplicationWithdrawn(application_id="app-b", applicant_id="stu-b", cycle_id="sco-2026")), 15)
    )
    assert len([e for e in await inbox(db, "host") if "отозвал" in e.subject]) == 1


async def test_after_a_withdrawal_an_offer_or_decision_that_crossed_it_is_told_to_nobody(db):
    """The applicant withdrew while an officer approved (or a host decided): the offer, made
    before the withdrawal reached matching, arrived from its topic after "withdrawn" was told,
    and the applicant read "withdrawn" then "offer" (partners "withdrawn" then "offered")."""
    from shared.events.catalog import ApplicationWithdrawn, MatchRejected

    c = consumer(db, [])
    await catalog(c, db)
    await applicant(c, "stu-a", "en")
    await c.process(record(envelope(submitted("app-a", "stu-a", ["p1", "p2"])), offset=1))
    gone = ApplicationWithdrawn(application_id="app-a", applicant_id="stu-a", cycle_id="sco-2026")
    await c.process(record(envelope(gone), offset=2))
    told = [e.subject for e in await inbox(db, "stu-a")]
    fed = len(await feed(db, INST))
    late = [
        requested(),
        decided("rejected", 1, reason_code="capacity"),
        MatchApproved(**_match("app-a", "stu-a")),
        MatchRejected(**_match("app-a", "stu-a"), reason="late", message_to_applicant="Sorry"),
    ]
    for n, event in enumerate(late, start=3):
        await c.process(record(envelope(event), offset=n))
    assert [e.subject for e in await inbox(db, "stu-a")] == told  # nothing after "withdrawn"
    assert len(await feed(db, INST)) == fed
    assert await count(db, Notification, recipient="stu-a", template="offer_made") == 0
    # another applicant, not withdrawn, is told the same events as ever
    await applicant(c, "stu-b", "en")
    await c.process(record(envelope(submitted("app-b", "stu-b", ["p1"])), offset=10))
    await c.process(record(envelope(MatchApproved(**_match("app-b", "stu-b"))), offset=11))
    assert await count(db, Notification, recipient="stu-b", template="offer_made") == 1


async def test_a_host_hears_when_an_accepted_place_is_given_up_without_an_admission_stage(db):
    """A direct scheme (no admission stage): the host was told the place was accepted, and then
    nothing when the applicant gave it up (a visa refused); it prepared papers for nobody."""
    from shared.events.catalog import AccountUpserted, ApplicationWithdrawn, MatchConfirmed

    c = consumer(db, [])
    await catalog(c, db)
    host = AccountUpserted(account_id="host", role="partner", name="Adm", email="a@x.org", institutions=[INST])
    for n, data in enumerate([host, submitted("app-a", "stu-a", ["p1"])]):
        await c.process(record(envelope(data), offset=n))
    await c.process(record(envelope(MatchConfirmed(**_match("app-a", "stu-a"))), offset=10))
    gone = ApplicationWithdrawn(application_id="app-a", applicant_id="stu-a", cycle_id="sco-2026", reason="visa")
    await c.process(record(envelope(gone), offset=11))
    assert await count(db, Notification, recipient="host", channel=Channel.EMAIL, template="place_given_up_host") == 1
    [told] = [e for e in await inbox(db, "host") if "gave up" in e.subject]
    assert told.subject.startswith("An applicant gave up the place they accepted") and "app-a" in told.body
    assert told.link == "/host/admissions?cycle_id=sco-2026&status=withdrawn"  # where it now shows
    # the applicant is told they gave up the place, not only that the application is withdrawn
    [theirs] = [e for e in await inbox(db, "stu-a") if e.event_type.endswith("application.withdrawn.v1")]
    assert theirs.subject.startswith("Place given up") and "no longer apply" in theirs.body


async def test_a_staff_notice_with_a_link_opens_its_page_from_the_inbox(db):
    """Staff inbox entries carried their page only as a bare address in the text; an
    applicant's had an "Open" link. The host told of an accepted place opens the application."""
    from shared.events.catalog import AccountUpserted, MatchConfirmed

    c = consumer(db, [])
    await catalog(c, db)
    host = AccountUpserted(account_id="host", role="partner", name="Adm", email="a@x.org", institutions=[INST])
    for n, data in enumerate([host, submitted("app-a", "stu-a", ["p1"])]):
        await c.process(record(envelope(data), offset=n))
    await c.process(record(envelope(MatchConfirmed(**_match("app-a", "stu-a"))), offset=10))
    [told] = await inbox(db, "host")
    assert told.link == "/host/applications/app-a" and "http://127.0.0.1:8000/host/applications/app-a" in told.body
