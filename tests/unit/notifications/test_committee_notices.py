"""The selection committee's notices (issue 16) through the real idempotent consumer on SQLite:
a reviewer hears once per assignment event, in their language, how many applications and where
to score them; the officers who see an application hear that its applicant replied (never the
reply), admins only when no officer does; the scheme's officers hear of a moderation flag,
except a reviewer still to score it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from services.notifications.domain.officers import application_audience
from services.notifications.domain.templates import Extras, render
from services.notifications.models import InboxEntry, Notification
from shared.events.catalog import (
    AccountUpserted,
    ApplicationMessageSent,
    ReviewerAssigned,
    ReviewModerationFlagged,
)
from shared.events.envelope import Envelope
from shared.principal import Principal, Role
from tests.unit.notifications.fakes import envelope, record, submitted
from tests.unit.notifications.test_fanout import INST, OTHER_INST, catalog, consumer

PORTAL = "https://portal.corridor.example"


def account(account_id: str, role: str = "officer", **scope) -> AccountUpserted:
    return AccountUpserted(
        account_id=account_id, role=role, name=account_id.title(), email=f"{account_id}@x.org", **scope
    )


def assigned(reviewer: str, apps: list[str], replaced: str | None = None) -> ReviewerAssigned:
    return ReviewerAssigned(
        cycle_id="sco-2026",
        scheme_id="sco",
        reviewer_id=reviewer,
        application_ids=apps,
        count=len(apps),
        assigned_by="chair",
        replaced_reviewer_id=replaced,
    )


def reply(
    message_id: str, direction: str = "applicant_to_officer", author: str = "", application: str = "app-1"
) -> ApplicationMessageSent:
    return ApplicationMessageSent(
        message_id=message_id,
        application_id=application,
        applicant_id="stu-1",
        cycle_id="sco-2026",
        direction=direction,  # type: ignore[arg-type]
        author_role="applicant" if direction == "applicant_to_officer" else "officer",
        author_id="stu-1" if direction == "applicant_to_officer" else author,
        author_name="Ayesha Khan" if direction == "applicant_to_officer" else "Dr. Li Na",
        body="" if direction == "applicant_to_officer" else "Please bring the diploma.",
        sent_at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
    )


class Feed:
    """Records handed to the consumer one after another (a redelivery is the same envelope)."""

    def __init__(self, c) -> None:
        self.c, self.offset = c, 0

    async def __call__(self, *events) -> None:
        for event in events:
            env = event if isinstance(event, Envelope) else envelope(event)
            await self.c.process(record(env, self.offset))
            self.offset += 1


async def _told(db, template: str) -> tuple[dict[str, InboxEntry], dict[str, Notification]]:
    async with db.session() as s:
        mails = (await s.scalars(select(Notification).where(Notification.template == template))).all()
        ids = {m.source_event_id for m in mails}
        inbox = (await s.scalars(select(InboxEntry))).all()
    entries = [e for e in inbox if e.source_event_id in ids]
    assert len(entries) == len({e.recipient_id for e in entries}) and len(mails) == len({m.recipient for m in mails})
    return {e.recipient_id: e for e in entries}, {m.recipient: m for m in mails}


async def test_each_reviewer_hears_once_of_their_assignments_in_their_language(db):
    dead: list[str] = []
    c = consumer(db, dead, portal_url=PORTAL + "/")
    feed = Feed(c)
    await catalog(c, db)
    await feed(
        account("li", schemes=["sco"], preferred_language="zh"),
        account("khan", schemes=["sco"], preferred_language="ur"),
        account("gone", schemes=["sco"], active=False),
    )
    to_li, to_khan = envelope(assigned("li", ["a1", "a2", "a3"])), envelope(assigned("khan", ["a4", "a5"]))
    await feed(to_li, to_khan, to_li, to_khan)  # each redelivered: told once
    await feed(assigned("gone", ["a6"]), assigned("nobody-known", ["a7"]))  # nobody to tell
    assert dead == []
    inbox, mails = await _told(db, "reviewer_assigned")
    assert set(inbox) == set(mails) == {"li", "khan"}
    assert inbox["li"].language == "zh" and "新增 3 份" in inbox["li"].subject
    assert inbox["khan"].language == "ur" and "2 نئی" in inbox["khan"].subject
    link = f"{PORTAL}/officer/committee?cycle_id=sco-2026&scored=false"
    assert link in inbox["li"].body and "SCO 2026/27" in inbox["li"].body
    assert mails["khan"].context == {"cycle": "SCO 2026/27", "count": 2, "reassigned": False, "link": link}

    # a reassignment is one application taken over: worded so
    await feed(assigned("li", ["a9"], replaced="khan"))
    async with db.session() as s:
        last = (await s.scalars(select(InboxEntry).order_by(InboxEntry.id.desc()).limit(2))).all()
    by_whom = {e.recipient_id: e for e in last}
    assert "改派给您" in by_whom["li"].body and "新增 1 份" in by_whom["li"].subject
    # and the reviewer it was taken from hears it, in Urdu
    assert by_whom["khan"].subject == "جائزے دوسرے جائزہ کار کو دے دیے گئے: 1 (SCO 2026/27)"


async def test_without_a_known_author_a_reply_tells_the_officers_who_see_the_application_once(db):
    dead: list[str] = []
    c = consumer(db, dead, portal_url=PORTAL)
    feed = Feed(c)
    await catalog(c, db)
    await feed(
        account("sco-officer", schemes=["sco"], preferred_language="ru"),
        account("host-officer", schemes=["sco"], institutions=[INST]),
        account("other-host-officer", schemes=["sco"], institutions=[OTHER_INST]),
        account("cpec-officer", schemes=["cgs-cpec"]),
        account("root", "admin"),
        submitted("app-1", "stu-1", ["p1"]),  # hosted at INST
    )
    answer = envelope(reply("m2"))
    await feed(reply("m1", "officer_to_applicant"), answer, answer)
    assert dead == []
    inbox, mails = await _told(db, "applicant_replied")
    assert set(inbox) == set(mails) == {"sco-officer", "host-officer"}
    entry = inbox["sco-officer"]
    assert entry.language == "ru" and entry.subject == "Заявитель ответил: заявка app-1 (SCO 2026/27)"
    assert f"{PORTAL}/officer/applications/app-1/messages" in entry.body
    assert "Ayesha" not in entry.body and "diploma" not in inbox["host-officer"].body
    # the officer's own message went to the applicant only
    async with db.session() as s:
        to_applicant = (await s.scalars(select(Notification).where(Notification.recipient == "stu-1"))).all()
    assert [n.template for n in to_applicant if n.template == "application_message"] == ["application_message"]


async def test_a_reply_tells_those_who_wrote_in_the_thread_while_they_may_read_it(db):
    dead: list[str] = []
    c = consumer(db, dead, portal_url=PORTAL)
    feed = Feed(c)
    await catalog(c, db)
    await feed(
        account("wrote", schemes=["sco"], preferred_language="zh"),
        account("silent", schemes=["sco"]),
        account("moved", schemes=["sco"], institutions=[OTHER_INST]),
        account("kemu-coordinator", "coordinator", institutions=["kemu"], preferred_language="ur"),
        submitted("app-1", "stu-1", ["p1"]),
        submitted("app-2", "stu-1", ["p1"]),
        reply("m1", "officer_to_applicant", author="wrote"),
        reply("m2", "officer_to_applicant", author="kemu-coordinator"),
        reply("m3", "officer_to_applicant", author="wrote"),  # twice: still one author
        # app-2: only an officer who no longer sees it (scoped to another host since) wrote
        reply("m4", "officer_to_applicant", author="moved", application="app-2"),
    )
    first, second = envelope(reply("r1")), envelope(reply("r2", application="app-2"))
    await feed(first, second, first)
    assert dead == []
    async with db.session() as s:
        entries = (await s.scalars(select(InboxEntry).where(InboxEntry.recipient_id != "stu-1"))).all()
        mails = (await s.scalars(select(Notification).where(Notification.template == "applicant_replied"))).all()
    told = {(e.source_event_id, e.recipient_id, e.language) for e in entries}
    # app-1: the two who wrote, in their languages; app-2: nobody who wrote may read it any more
    # (its only author is scoped to another host since), so the officers who see it, not "moved"
    assert told == {
        (first.id, "wrote", "zh"),
        (first.id, "kemu-coordinator", "ur"),
        (second.id, "wrote", "zh"),
        (second.id, "silent", "en"),
    }
    assert len(entries) == 4 and sorted((m.source_event_id, m.recipient) for m in mails) == sorted(
        (event, who) for event, who, _ in told
    )


def test_admins_hear_of_a_reply_only_when_no_officer_sees_the_application():
    admin = Principal(sub="root", role=Role.ADMIN)
    elsewhere = Principal(sub="o", role=Role.OFFICER, schemes=["sco"], institutions=["tju"])
    here = Principal(sub="h", role=Role.OFFICER, schemes=["sco"], institutions=["xjmu"])
    assert application_audience([admin, elsewhere], "sco", ["xjmu"]) == ["root"]
    assert application_audience([admin, elsewhere, here], "sco", ["xjmu", "tju"]) == ["o", "h"]
    assert application_audience([elsewhere], "cgs-cpec", ["tju"]) == []


async def test_a_moderation_flag_reaches_the_schemes_officers_but_not_a_reviewer_still_to_score(db):
    dead: list[str] = []
    c = consumer(db, dead, portal_url=PORTAL)
    feed = Feed(c)
    await catalog(c, db)
    await feed(
        account("chair", schemes=["sco"], preferred_language="ur"),
        account("r2", schemes=["sco"]),
        account("cpec-officer", schemes=["cgs-cpec"]),
        account("other-host-officer", schemes=["sco"], institutions=[OTHER_INST]),  # cannot open it
        account("host-only-officer", institutions=[INST]),  # sees it, has no committee page to act on
        account("root", "admin"),
        submitted("app-12345678-x", "stu-1", ["p1"]),  # hosted at INST
    )
    flag = envelope(
        ReviewModerationFlagged(
            cycle_id="sco-2026",
            scheme_id="sco",
            application_id="app-12345678-x",
            spread=42.5,
            threshold=20.0,
            submitted=2,
            unsubmitted_reviewer_ids=["r2"],
        )
    )
    await feed(flag, flag)
    assert dead == []
    inbox, mails = await _told(db, "moderation_flagged")
    assert set(inbox) == set(mails) == {"chair"}
    assert inbox["chair"].language == "ur" and "app-1234" in inbox["chair"].subject
    # the link is the application's committee page (the cycle's had nothing to moderate with)
    assert f"{PORTAL}/officer/committee/applications/app-12345678-x" in inbox["chair"].body
    assert "42.5" in inbox["chair"].body


@pytest.mark.parametrize(
    ("lang", "run", "moved"),
    [
        ("en", "You were assigned 7 new application(s)", "was reassigned to you"),
        ("zh", "您被分配评审 SCO 2026/27 的 7 份新申请", "已改派给您评审"),
        ("ru", "Вам назначены новые заявки конкурса «SCO 2026/27» на оценку: 7", "Вам передана на оценку заявка"),
        ("ur", "7 نئی درخواستیں جائزے کے لیے دی گئی ہیں", "جائزے کے لیے آپ کو منتقل کی گئی ہے"),
    ],
)
def test_a_reviewers_notice_says_the_count_or_the_reassignment_and_links_their_list(lang, run, moved):
    link = f"{PORTAL}/officer/committee?cycle_id=sco-2026&scored=false"
    context = {"name": "Li", "cycle": "SCO 2026/27", "count": 7, "reassigned": False, "link": link}
    extras = Extras(portal_url=PORTAL, contact_email="admissions@corridor.example")
    mail = render("reviewer_assigned", lang, context, extras)
    assert run in mail.text and moved not in mail.text and "7" in mail.subject
    assert f'<a href="{link.replace("&", "&amp;")}">' in mail.html
    one = render("reviewer_assigned", lang, {**context, "count": 1, "reassigned": True})
    assert moved in one.text and run not in one.text and link in one.text
    assert (mail.direction == "rtl") == (lang == "ur")


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_a_reply_notice_links_the_thread_and_a_flag_says_the_spread(lang):
    thread = f"{PORTAL}/officer/applications/app-1/messages"
    replied = render("applicant_replied", lang, {"name": "", "cycle": "SCO", "application": "app-1", "link": thread})
    assert thread in replied.text and "app-1" in replied.subject
    flag = render(
        "moderation_flagged",
        lang,
        {
            "name": "",
            "cycle": "SCO",
            "application": "app-1",
            "spread": 42.5,
            "threshold": 20.0,
            "submitted": 3,
            "link": f"{PORTAL}/officer/committee/cycles/sco-2026",
        },
    )
    assert all(v in flag.text for v in ("42.5", "20.0", "3", "/officer/committee/cycles/sco-2026"))
    # what the page offers: a reviewer reconsiders, or a review goes to another; nobody is added
    offered = {"en": "reconsiders", "zh": "重新考虑", "ru": "пересмотревший", "ur": "نظرِ ثانی کرنے والا"}[lang]
    assert offered in flag.text
    assert not any(w in flag.text for w in ("add or replace", "增派", "добавить", "شامل کریں"))


async def test_an_applicants_cancelled_interview_tells_the_committee_once_in_each_ones_language(db):
    """The committee had learnt of it nowhere but the journal: the freed time, the invitation
    left without a booking."""
    from tests.unit.notifications.test_interview_notices import booked, cancelled

    dead: list[str] = []
    c = consumer(db, dead, portal_url=PORTAL)
    feed = Feed(c)
    await catalog(c, db)
    await feed(
        account("chair", schemes=["sco"], preferred_language="ur"),
        account("li", schemes=["sco"], preferred_language="zh"),
        account("cpec-officer", schemes=["cgs-cpec"]),  # another scheme's
        account("host-only-officer", institutions=[INST]),  # no committee page to act on
        account("root", "admin"),  # officers are told: no admin
        submitted("app-12345678-x", "stu-1", ["p1"]),
    )
    where = dict(application_id="app-12345678-x", cycle_id="sco-2026")
    by_applicant = envelope(cancelled(1, **where))
    await feed(booked(0, **where), by_applicant, by_applicant)  # redelivered: told once
    await feed(cancelled(3, by_staff=True, reason="The panel is ill", **where))  # the committee's own: not
    await feed(cancelled(2, **where))  # older than the one stored: nothing
    assert dead == []
    inbox, mails = await _told(db, "interview_cancelled_by_applicant")
    assert set(mails) == {"chair", "li"} and set(inbox) == {"chair", "li", "stu-1"}  # and the applicant's own
    assert {m.source_event_id for m in mails.values()} == {by_applicant.id}
    link = f"{PORTAL}/officer/committee/cycles/sco-2026/interviews"
    assert link in inbox["li"].body and "app-1234" in inbox["li"].subject and "申请人取消了" in inbox["li"].subject
    # the host's time (Shanghai), in each one's language
    assert "10:00" in inbox["li"].body and "Asia/Shanghai" in inbox["li"].body and "2027年3月4日" in inbox["li"].body
    assert inbox["chair"].language == "ur" and "منسوخ" in inbox["chair"].body
    assert mails["li"].context["host_time"] != mails["chair"].context["host_time"]
