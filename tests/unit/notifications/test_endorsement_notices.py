"""Endorsement by the home institution (issue 14) as its people hear of it: the applicant is
told the institution's decision (in a cohort, or not endorsed with its reason) once per change
in their language; the institution's coordinators are reminded of the endorsement deadline and
the scheme's officers hear when it passed; through the real idempotent consumer on SQLite with
records built in memory (no Kafka, no PostgreSQL), and the templates and recipients they use."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from services.notifications.domain.officers import coordinators_of
from services.notifications.domain.templates import endorsement_kind, render
from services.notifications.models import Account, InboxEntry, Notification, PartnerFeedEntry
from shared.events.catalog import (
    AccountUpserted,
    EndorsementDecided,
    EndorsementState,
    InstitutionUpserted,
    SchemeUpserted,
    Stage,
    StageAwaiting,
    StageDeadlineNear,
    StageDeadlinePassed,
)
from shared.principal import Principal, Role
from tests.unit.notifications.fakes import count, envelope, record, registered, submitted
from tests.unit.notifications.test_fanout import INST, catalog, consumer

KEMU = "King Edward Medical University"
REASON = "Your grades are below the exchange's 70% minimum."
CLOSES = datetime(2027, 3, 1, 23, 59, tzinfo=UTC)


def decision(state: EndorsementState, version: int, **kw) -> EndorsementDecided:
    return EndorsementDecided(
        application_id="app-e",
        applicant_id="stu-e",
        cycle_id="sco-2026",
        scheme_id="sco",
        home_institution_id="kemu",
        institution=kw.pop("institution", KEMU),
        state=state,
        version=version,
        **kw,
    )


def scheme(*path: Stage, authorities: dict[str, str] | None = None) -> SchemeUpserted:
    return SchemeUpserted(
        scheme_id="sco",
        name="SCO",
        sponsor="SCO University",
        eligible_countries=["PK", "KZ"],
        path=list(path),
        authorities=authorities or {},
    )


def account(account_id: str, role: str, **scope) -> AccountUpserted:
    return AccountUpserted(account_id=account_id, role=role, name=account_id, email=f"{account_id}@x.org", **scope)


async def inbox(db, recipient: str) -> list[InboxEntry]:
    async with db.session() as s:
        return list(await s.scalars(select(InboxEntry).filter_by(recipient_id=recipient).order_by(InboxEntry.id)))


def _ctx(**kw):
    return {"name": "Ayesha", "cycle": "PK-KZ 2027", "institution": KEMU, "cohort": None, "reason": None, **kw}


# --- templates ---


def test_each_endorsement_state_has_its_own_notice():
    assert endorsement_kind("endorsed") == "endorsement_endorsed"
    assert endorsement_kind("not_endorsed") == "endorsement_not_endorsed"
    with pytest.raises(KeyError):
        endorsement_kind("undecided")


@pytest.mark.parametrize(
    "lang, subject, words",
    [
        (
            "en",
            f"Endorsed by {KEMU}: PK-KZ 2027",
            f"{KEMU} has endorsed your application for PK-KZ 2027 as a member of the cohort “Batch A”.",
        ),
        ("zh", f"已获{KEMU}推荐：PK-KZ 2027", f"{KEMU}已推荐您的 PK-KZ 2027 申请，您是批次“Batch A”的成员。"),
        (
            "ru",
            "Учебное заведение рекомендовало вашу заявку: PK-KZ 2027",
            f"Ваше учебное заведение ({KEMU}) рекомендовало вашу заявку на конкурс «PK-KZ 2027» в составе группы «Batch A».",
        ),
        (
            "ur",
            f"{KEMU} نے توثیق کر دی: PK-KZ 2027",
            f"{KEMU} نے PK-KZ 2027 کے لیے آپ کی درخواست کی گروپ «Batch A» کے رکن کے طور پر توثیق کر دی ہے۔",
        ),
    ],
)
def test_an_endorsement_names_the_institution_the_cohort_and_the_matching_round_next(lang, subject, words):
    m = render("endorsement_endorsed", lang, _ctx(cohort="Batch A"))
    assert m.subject == subject and words in m.text
    matching = {"en": "now goes to matching", "zh": "进入匹配环节", "ru": "распределении мест", "ur": "میچنگ میں"}
    assert matching[lang] in m.text
    alone = render("endorsement_endorsed", lang, _ctx())
    assert "Batch A" not in alone.text and {"en": "cohort", "zh": "批次", "ru": "группы", "ur": "گروپ"}[lang] not in (
        alone.text
    )


@pytest.mark.parametrize(
    "lang, subject, quoted",
    [
        ("en", f"Not endorsed by {KEMU}: PK-KZ 2027", f"The reason it gave: “{REASON}”"),
        ("zh", f"未获{KEMU}推荐：PK-KZ 2027", f"给出的理由：“{REASON}”"),
        ("ru", "Учебное заведение не дало рекомендацию: PK-KZ 2027", f"Указанная причина: «{REASON}»"),
        ("ur", f"{KEMU} نے توثیق نہیں کی: PK-KZ 2027", f"بتائی گئی وجہ: ”\u2068{REASON}\u2069“"),
    ],
)
def test_not_endorsed_quotes_the_institutions_reason_and_none_leaves_no_empty_quote(lang, subject, quoted):
    m = render("endorsement_not_endorsed", lang, _ctx(reason=REASON))
    assert m.subject == subject and quoted in m.text
    assert quoted.split(REASON)[0].rstrip("“«") not in render("endorsement_not_endorsed", lang, _ctx()).text
    assert m.direction == ("rtl" if lang == "ur" else "ltr")


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "Your home institution has endorsed your application"),
        ("zh", "您所在的院校已推荐您的"),
        ("ru", "Ваше учебное заведение рекомендовало"),
        ("ur", "آپ کے ادارے نے PK-KZ 2027"),
    ],
)
def test_an_institution_without_a_name_is_worded_in_the_readers_language(lang, words):
    assert words in render("endorsement_endorsed", lang, _ctx(institution="")).text


def test_when_a_nomination_stage_follows_the_endorsement_says_the_authority_decides_next():
    m = render("endorsement_endorsed", "en", _ctx(next="nomination", authority="HEC"))
    assert "Your application now goes to HEC, which nominates candidates from your country" in m.text
    assert "matching" not in m.text
    ur = render("endorsement_endorsed", "ur", _ctx(next="nomination", authority=""))
    assert "اب آپ کی درخواست نامزد کرنے والے ادارے کے پاس جائے گی" in ur.text


def test_the_endorsement_deadline_reminds_in_each_language_and_tells_officers_the_stage():
    common = {"name": "Rabia", "cycle": "PK-KZ 2027", "closes_at": CLOSES.isoformat(), "pending": 4}
    common["institution"] = KEMU
    near = {
        lang: render("deadline_near_endorsement", lang, {**common, "days_left": 3}) for lang in "en zh ru ur".split()
    }
    assert near["en"].subject == "Endorsements due in 3 day(s): PK-KZ 2027"
    assert f"4 application(s) from {KEMU} in PK-KZ 2027 still await your endorsement decision." in near["en"].text
    assert "The deadline is March 1, 2027 (UTC)." in near["en"].text
    assert "2027年3月1日" in near["zh"].text and "院校推荐" in near["zh"].subject
    assert "1 марта 2027" in near["ru"].text and "Рекомендации вуза" in near["ru"].subject
    assert "توثیق" in near["ur"].subject and near["ur"].direction == "rtl"
    passed = render("deadline_passed_endorsement", "en", common)
    assert passed.subject == "Endorsement deadline passed: PK-KZ 2027"
    assert f"{KEMU} had not decided on 4 application(s) in PK-KZ 2027 by the endorsement deadline" in passed.text
    assert "Rounds place endorsed applications only" in passed.text and "nominat" not in passed.text


# --- recipients ---


def test_the_coordinators_of_the_home_institution_in_that_scheme_or_in_none_are_reminded():
    people = [
        Principal(sub="kemu", role=Role.COORDINATOR, schemes=["pk-kz"], institutions=["kemu"]),
        Principal(sub="kemu-all", role=Role.COORDINATOR, institutions=["kemu", "aku"]),
        Principal(sub="kemu-luban", role=Role.COORDINATOR, schemes=["luban"], institutions=["kemu"]),
        Principal(sub="aku", role=Role.COORDINATOR, institutions=["aku"]),
        Principal(sub="host", role=Role.PARTNER, institutions=["kemu"]),
        Principal(sub="admin", role=Role.ADMIN),
        Principal(sub="officer", role=Role.OFFICER, schemes=["pk-kz"]),
    ]
    assert coordinators_of(people, "pk-kz", "kemu") == ["kemu", "kemu-all"]
    assert coordinators_of(people, "luban", "kemu") == ["kemu-all", "kemu-luban"]
    assert coordinators_of(people, "pk-kz", "ttu") == []


# --- through the consumer ---


async def test_a_decision_is_told_once_per_change_and_an_older_or_repeated_version_tells_nothing(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(registered("stu-e", "zh", name="Ayesha Khan")), offset=1))
    await c.process(record(envelope(submitted("app-e", "stu-e", ["p1"], language="zh")), offset=2))
    first = envelope(decision(EndorsementState.ENDORSED, 1, cohort=" Batch A "))
    await c.process(record(first, offset=3))
    await c.process(record(first, offset=3))  # redelivered
    # the same version again as a new event (the coordinator saved the page twice): nothing
    await c.process(record(envelope(decision(EndorsementState.ENDORSED, 1, cohort="Batch A")), offset=4))
    entries = await inbox(db, "stu-e")
    assert [e.event_type for e in entries] == [
        "org.corridor.application.submitted.v1",
        "org.corridor.endorsement.decided.v1",
    ]
    assert entries[-1].language == "zh" and entries[-1].subject == f"已获{KEMU}推荐：SCO 2026/27"
    assert "批次“Batch A”" in entries[-1].body
    assert await count(db, Notification, recipient="stu-e", template="endorsement_endorsed") == 1

    # a change of mind (version 3), then version 2 arrives late: only the change is told
    await c.process(record(envelope(decision(EndorsementState.NOT_ENDORSED, 3, reason=f" {REASON} ")), offset=5))
    await c.process(record(envelope(decision(EndorsementState.ENDORSED, 2, cohort="Batch B")), offset=6))
    entries = await inbox(db, "stu-e")
    assert len(entries) == 3 and entries[-1].subject == f"未获{KEMU}推荐：SCO 2026/27"
    assert f"给出的理由：“{REASON}”" in entries[-1].body
    # a reversal says so (refused ten seconds after an endorsement read as two plain notices)
    assert "您所在的院校已更改此前的决定。" in entries[-1].body and "更改" not in entries[1].body
    async with db.session() as s:
        mail = await s.scalar(select(Notification).filter_by(recipient="stu-e", template="endorsement_not_endorsed"))
    assert mail.context["reason"] == REASON and mail.context["cohort"] is None and mail.context["institution"] == KEMU

    # endorsed again (version 4): told again, in the cohort it now has
    await c.process(record(envelope(decision(EndorsementState.ENDORSED, 4, cohort="Batch B")), offset=7))
    entries = await inbox(db, "stu-e")
    assert len(entries) == 4 and "批次“Batch B”" in entries[-1].body
    assert await count(db, Notification, recipient="stu-e", template="endorsement_endorsed") == 2
    # the endorsement is the applicant's news: the host's feed has only the submission
    async with db.session() as s:
        feed = list(await s.scalars(select(PartnerFeedEntry.event_type).filter_by(institution_id=INST)))
    assert feed == ["application.submitted"]


async def test_the_catalog_names_the_home_institution_and_a_nomination_stage_is_said_to_follow(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(InstitutionUpserted(institution_id="kemu", name=KEMU, country="PK")), offset=1))
    await c.process(
        record(envelope(scheme(Stage.ENDORSEMENT, Stage.NOMINATION, Stage.MATCHING, authorities={"PK": "HEC"})), 2)
    )
    await c.process(
        record(
            envelope(
                submitted("app-e", "stu-e", ["p1"]).model_copy(
                    update={"sending_country": "PK", "home_institution_id": "kemu"}
                )
            ),
            offset=3,
        )
    )
    [received] = await inbox(db, "stu-e")
    assert f"Your application goes first to {KEMU} for endorsement;" in received.body
    assert "goes first to HEC" not in received.body  # the authority comes after the institution
    await c.process(record(envelope(decision(EndorsementState.ENDORSED, 1, institution="")), offset=4))
    told = (await inbox(db, "stu-e"))[-1]
    assert told.subject == f"Endorsed by {KEMU}: SCO 2026/27"
    assert "Your application now goes to HEC, which nominates candidates from your country" in told.body


async def test_a_scheme_without_an_endorsement_stage_says_nothing_of_it_on_submission(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(scheme(Stage.MATCHING, Stage.REVIEW, Stage.ANSWER)), offset=1))
    await c.process(record(envelope(submitted("app-x", "stu-x", ["p1"], home_institution_id="kemu")), offset=2))
    [received] = await inbox(db, "stu-x")
    assert "endorsement" not in received.body


async def test_the_endorsement_deadline_reaches_the_coordinators_before_and_the_officers_after(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(InstitutionUpserted(institution_id="kemu", name=KEMU, country="PK")), offset=1))
    people = [
        account("kemu-coord", "coordinator", schemes=["sco"], institutions=["kemu"], preferred_language="ur"),
        account("kemu-any", "coordinator", institutions=["kemu"], preferred_language="ru"),
        account("kemu-other-scheme", "coordinator", schemes=["luban"], institutions=["kemu"]),
        account("aku-coord", "coordinator", schemes=["sco"], institutions=["aku"]),
        account("kemu-gone", "coordinator", institutions=["kemu"], active=False),
        account("host", "partner", institutions=["kemu"]),
        account("sco-officer", "officer", schemes=["sco"]),
    ]
    for offset, person in enumerate(people, start=10):
        await c.process(record(envelope(person), offset=offset))
    async with db.session() as s:
        stored = await s.get(Account, "kemu-coord")
    assert stored.role == "coordinator" and stored.institutions == ["kemu"] and stored.schemes == ["sco"]

    common = {"cycle_id": "sco-2026", "scheme_id": "sco", "closes_at": CLOSES, "institution_id": "kemu", "pending": 4}
    for offset, event in enumerate(
        (
            StageDeadlineNear(**common, stage="endorsement", days_left=3),
            StageDeadlinePassed(**common, stage="endorsement"),
        ),
        start=30,
    ):
        env = envelope(event)
        await c.process(record(env, offset=offset))
        await c.process(record(env, offset=offset))  # redelivered: told once
    async with db.session() as s:
        told = {
            e.recipient_id: e
            for e in await s.scalars(select(InboxEntry).where(InboxEntry.event_type.like("%deadline%")))
        }
        mails = sorted(
            (m.recipient, m.template)
            for m in await s.scalars(select(Notification).where(Notification.template.like("deadline_%")))
        )
    assert sorted(told) == ["kemu-any", "kemu-coord", "sco-officer"]
    assert mails == [
        ("kemu-any", "deadline_near_endorsement"),
        ("kemu-coord", "deadline_near_endorsement"),
        ("sco-officer", "deadline_passed_endorsement"),
    ]
    assert told["kemu-coord"].subject == "توثیق کی آخری تاریخ 3 دن میں: SCO 2026/27"
    assert f"{KEMU} کی 4 درخواستیں" in told["kemu-coord"].body
    assert told["kemu-any"].subject == "Рекомендации вуза — осталось 3 дн.: SCO 2026/27"
    assert told["sco-officer"].subject == "Endorsement deadline passed: SCO 2026/27"
    assert f"{KEMU} had not decided on 4 application(s)" in told["sco-officer"].body


def test_new_applicants_awaiting_endorsement_are_worded_in_each_language_with_or_without_a_deadline():
    common = {"name": "Rabia", "cycle": "PK-KZ 2027", "institution": KEMU, "pending": 5, "new": 2}
    told = {lang: render("awaiting_endorsement", lang, common) for lang in "en zh ru ur".split()}
    assert told["en"].subject == "New applications await your endorsement: PK-KZ 2027"
    assert f"New applications from {KEMU} in PK-KZ 2027 awaiting your endorsement decision: 2." in told["en"].text
    assert "Undecided in all: 5." in told["en"].text and "deadline" not in told["en"].text
    assert "2 份新申请" in told["zh"].text and "共有 5 份" in told["zh"].text
    assert "ожидающие вашего решения о рекомендации: 2" in told["ru"].text and "всего без решения: 5" in told["ru"].text
    assert "2 نئی درخواستیں" in told["ur"].text and told["ur"].direction == "rtl"
    dated = render("awaiting_endorsement", "en", {**common, "closes_at": CLOSES.isoformat()})
    assert "The deadline is March 1, 2027 (UTC)." in dated.text


async def test_new_applicants_awaiting_endorsement_reach_the_home_institutions_coordinators_once(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(InstitutionUpserted(institution_id="kemu", name=KEMU, country="PK")), offset=1))
    people = [
        account("kemu-coord", "coordinator", schemes=["sco"], institutions=["kemu"], preferred_language="zh"),
        account("kemu-other-scheme", "coordinator", schemes=["luban"], institutions=["kemu"]),
        account("aku-coord", "coordinator", schemes=["sco"], institutions=["aku"]),
        account("sco-officer", "officer", schemes=["sco"]),
    ]
    for offset, person in enumerate(people, start=10):
        await c.process(record(envelope(person), offset=offset))
    env = envelope(
        StageAwaiting(
            cycle_id="sco-2026", scheme_id="sco", stage="endorsement", institution_id="kemu", pending=3, new=3
        )
    )
    await c.process(record(env, offset=30))
    await c.process(record(env, offset=30))  # redelivered: told once
    async with db.session() as s:
        told = list(await s.scalars(select(InboxEntry).where(InboxEntry.event_type.like("%awaiting%"))))
        mails = [
            m.recipient
            for m in await s.scalars(select(Notification).where(Notification.template == "awaiting_endorsement"))
        ]
    assert [e.recipient_id for e in told] == ["kemu-coord"] and mails == ["kemu-coord"]
    assert told[0].subject == "有新的申请等待您推荐：SCO 2026/27"


async def test_the_home_institution_and_the_officers_hear_when_an_endorsed_applicant_leaves(db):
    """KEMU heard "Admitted" and nothing after: not the withdrawal, not the decline, and its page
    no longer listed the student. The officers heard of a freed seat only when an offer was
    declined, not when an application holding a place was withdrawn."""
    from shared.events.catalog import AdmissionDecided, AdmissionRequested, ApplicationWithdrawn, OfferDeclined

    c = consumer(db, [])
    await catalog(c, db)
    people = [
        account("kemu", "coordinator", institutions=["kemu"], schemes=["sco"]),
        account("officer", "officer", schemes=["sco"]),
        account("host", "partner", institutions=[INST]),
    ]
    events = [*people, registered("stu-e", "en", name="Ali Raza"), submitted("app-e", "stu-e", ["p1"])]
    events.append(decision(EndorsementState.ENDORSED, 1))
    match = dict(match_id="m-e", round_id="r1", application_id="app-e", applicant_id="stu-e", cycle_id="sco-2026",
                 programme_id="p1", host_institution_id=INST, rank=1)  # fmt: skip
    events += [AdmissionRequested(**match), AdmissionDecided(**match, decision="admitted", version=1)]
    for n, data in enumerate(events):
        await c.process(record(envelope(data), offset=n))
    await c.process(record(envelope(ApplicationWithdrawn(application_id="app-e", applicant_id="stu-e",
                                                         cycle_id="sco-2026")), offset=20))  # fmt: skip
    left = [e for e in await inbox(db, "kemu") if e.subject.startswith("Withdrawn")]
    assert [e.subject for e in left] == ["Withdrawn: Ali Raza (SCO 2026/27)"]
    assert left[0].link == "/endorsements/sco-2026/kemu"  # its list, from the inbox
    [admitted] = [e for e in await inbox(db, "kemu") if e.subject.startswith("Admitted")]
    assert admitted.link == "/endorsements/sco-2026/kemu" and "/endorsements/sco-2026/kemu" in admitted.body
    freed = [e for e in await inbox(db, "officer") if e.subject.startswith("A place is free again")]
    assert len(freed) == 1 and "withdrew their application" in freed[0].body
    assert freed[0].link == "/officer/cycles/sco-2026"
    # a decline tells the coordinators too, as such
    await c.process(record(envelope(OfferDeclined(application_id="app-e", applicant_id="stu-e", cycle_id="sco-2026",
                                                  match_id="m-e", programme_id="p1")), offset=21))  # fmt: skip
    assert any(e.subject == "Declined: Ali Raza (SCO 2026/27)" for e in await inbox(db, "kemu"))
