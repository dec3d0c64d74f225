"""Issue 18: who is told what, once. Tell once per change (item 3), proposals and
rejections (item 2), officers told a round finished (item 5); through the real consumer
on SQLite with records built in memory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from services.notifications.domain.delivery import Channel
from services.notifications.domain.templates import render
from services.notifications.models import InboxEntry, Notification, PartnerFeedEntry
from shared.events.catalog import (
    AccountUpserted,
    ApplicationUnmatched,
    ApplicationWaitlisted,
    Award,
    ChoiceReason,
    MatchApproved,
    MatchProposed,
    MatchRejected,
    RoundCompleted,
    WaitlistPosition,
)
from tests.unit.notifications.fakes import count, envelope, record, registered, sqlite_database, submitted
from tests.unit.notifications.test_fanout import INST, OTHER_INST, catalog, consumer, programme_upserted


@pytest.fixture
async def db(tmp_path):
    database = await sqlite_database(tmp_path)
    yield database
    await database.dispose()


async def told(db, applicant: str) -> list[InboxEntry]:
    async with db.session() as s:
        return list(
            await s.scalars(select(InboxEntry).where(InboxEntry.recipient_id == applicant).order_by(InboxEntry.id))
        )


async def feed(db, institution: str) -> list[PartnerFeedEntry]:
    async with db.session() as s:
        return list(
            await s.scalars(
                select(PartnerFeedEntry).filter_by(institution_id=institution).order_by(PartnerFeedEntry.seq)
            )
        )


def waitlisted(
    round_id: str, positions: dict[str, int], reasons: dict[str, str] | None = None
) -> ApplicationWaitlisted:
    return ApplicationWaitlisted(
        round_id=round_id,
        application_id="app-w",
        applicant_id="stu-w",
        cycle_id="sco-2026",
        positions=[WaitlistPosition(programme_id=p, position=n) for p, n in positions.items()],
        reasons=[ChoiceReason(programme_id=p, reason=r) for p, r in (reasons or {}).items()],
    )


# --- item 3: tell once per change ---


async def test_a_waitlist_repeated_by_every_round_is_told_once_and_a_new_position_once_more(db):
    c = consumer(db, [])
    sub_id = await catalog(c, db)
    await c.process(record(envelope(submitted("app-w", "stu-w", ["p1", "p2"]))))
    # 16 rounds repeat the same waitlist (distinct events, the same content)
    for n in range(16):
        await c.process(record(envelope(waitlisted(f"r{n}", {"p1": 3, "p2": 5}, {"p9": "full"})), offset=n + 1))
    entries = await told(db, "stu-w")
    assert [e.subject for e in entries] == ["Application received: SCO 2026/27", "Waiting list: SCO 2026/27"]
    assert await count(db, Notification, recipient="stu-w", channel=Channel.EMAIL) == 2
    assert [f.event_type for f in await feed(db, INST)] == ["application.submitted", "application.waitlisted"]
    assert await count(db, Notification, recipient=sub_id, channel=Channel.WEBHOOK) == 2

    # p2's position moves (OTHER_INST's programme): the applicant and OTHER_INST hear, INST does not
    await c.process(record(envelope(waitlisted("r16", {"p1": 3, "p2": 2}, {"p9": "full"})), offset=20))
    entries = await told(db, "stu-w")
    assert len(entries) == 3 and "Thermal Energy: position 2" in entries[-1].body
    assert len(await feed(db, INST)) == 2
    assert [f.payload["data"]["waitlist"] for f in (await feed(db, OTHER_INST))[1:]] == [
        [{"programme_id": "p2", "position": 5}],
        [{"programme_id": "p2", "position": 2}],
    ]
    # a new reason for a choice is news to the applicant, not to the partners
    await c.process(record(envelope(waitlisted("r17", {"p1": 3, "p2": 2}, {"p9": "country cap"})), offset=21))
    assert len(await told(db, "stu-w")) == 4
    assert len(await feed(db, INST)) == 2 and len(await feed(db, OTHER_INST)) == 3


async def test_not_placed_four_times_is_told_once_and_again_after_something_else_was_told(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(submitted("app-u", "stu-u", ["p1"]))))

    def unmatched(n: int) -> ApplicationUnmatched:
        return ApplicationUnmatched(
            round_id=f"r{n}",
            application_id="app-u",
            applicant_id="stu-u",
            cycle_id="sco-2026",
            reasons=[ChoiceReason(programme_id="p1", reason="ineligible: HSK 3 below required 4")],
        )

    for n in range(4):
        await c.process(record(envelope(unmatched(n)), offset=n + 1))
    assert [e.subject for e in await told(db, "stu-u")] == [
        "Application received: SCO 2026/27",
        "Matching result: SCO 2026/27",
    ]
    assert len(await feed(db, INST)) == 2
    # told something else in between (an offer), the same "not placed" is news again
    await c.process(record(envelope(_match(MatchApproved, "app-u", "stu-u")), offset=10))
    await c.process(record(envelope(unmatched(9)), offset=11))
    assert [e.subject for e in await told(db, "stu-u")][2:] == [
        "Offer of a place: TCM 3+2",
        "Matching result: SCO 2026/27",
    ]


def _match(model, application_id: str, applicant_id: str, **kw):
    return model(
        match_id="m-1",
        round_id="r1",
        application_id=application_id,
        applicant_id=applicant_id,
        cycle_id="sco-2026",
        programme_id="p1",
        host_institution_id=INST,
        rank=1,
        **kw,
    )


# --- item 8: an offer says by when to reply ---


async def test_an_offer_tells_the_reply_by_date_the_event_carries_in_the_applicants_language(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(registered("stu-o", "ru"))))
    await c.process(record(envelope(submitted("app-o", "stu-o", ["p1"], language="ru")), offset=1))
    offer = _match(MatchApproved, "app-o", "stu-o", reply_by=date(2027, 3, 15))
    await c.process(record(envelope(offer), offset=2))
    assert "15 марта 2027" in (await told(db, "stu-o"))[-1].body  # the inbox
    async with db.session() as s:
        mail = await s.scalar(select(Notification).filter_by(recipient="stu-o", template="offer_made"))
    assert mail.context["reply_by"] == "2027-03-15"
    assert "15 марта 2027" in render(mail.template, "ru", {**mail.context, "name": "Aigerim"}).text  # the e-mail


async def test_an_offer_says_what_the_place_comes_with_as_the_catalog_says_it(db):
    c = consumer(db, [])
    await catalog(c, db)
    award = Award(covers=["tuition", "accommodation"], stipend_amount=3000, stipend_currency="CNY", months=24)
    await c.process(record(envelope(programme_upserted("p1", INST, "TCM 3+2", award=award)), offset=5))
    await c.process(record(envelope(registered("stu-a", "en")), offset=6))
    await c.process(record(envelope(submitted("app-a", "stu-a", ["p1"])), offset=7))
    await c.process(record(envelope(_match(MatchApproved, "app-a", "stu-a")), offset=8))
    said = (await told(db, "stu-a"))[-1].body
    assert "The scholarship covers tuition and accommodation." in said and "3,000 CNY a month" in said
    assert "Length: 24 months." in said


# --- item 2: proposals are not announced; a rejection tells only the officer's message ---


async def test_a_proposal_is_announced_to_no_one(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(submitted("app-p", "stu-p", ["p1"]))))
    before = (await count(db, InboxEntry), await count(db, Notification), await count(db, PartnerFeedEntry))
    env = envelope(_match(MatchProposed, "app-p", "stu-p", reasons=[ChoiceReason(programme_id="p2", reason="full")]))
    await c.process(record(env, offset=1))
    assert (await count(db, InboxEntry), await count(db, Notification), await count(db, PartnerFeedEntry)) == before


async def test_a_rejection_tells_the_applicant_the_place_was_not_approved_and_the_message_never_the_reason(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(submitted("app-r", "stu-r", ["p1"]))))
    internal = "Transcript is not certified by the ministry"
    # without a message too: the page's "under review" turned back to "submitted" without a word
    silent = envelope(_match(MatchRejected, "app-r", "stu-r", reason=internal))
    await c.process(record(silent, offset=1))
    [entry] = [e for e in await told(db, "stu-r") if e.source_event_id == silent.id]
    assert "did not approve it" in entry.body and "a later round may place you" in entry.body
    assert internal not in entry.body and "message to you" not in entry.body and "TCM 3+2" not in entry.body
    assert await count(db, Notification, source_event_id=silent.id) == 1  # and its e-mail

    message = "Please upload a certified copy of your transcript."
    env = envelope(_match(MatchRejected, "app-r", "stu-r", reason=internal, message_to_applicant=message))
    await c.process(record(env, offset=2))
    [entry] = [e for e in await told(db, "stu-r") if e.source_event_id == env.id]
    assert message in entry.body and "The officer's message to you:" in entry.body and internal not in entry.body
    assert "TCM 3+2" not in entry.body  # the proposal itself was never announced
    async with db.session() as s:
        mail = await s.scalar(select(Notification).filter_by(source_event_id=env.id, channel=Channel.EMAIL))
    assert mail.template == "match_rejected" and mail.context["message"] == message
    assert internal not in str(mail.context)
    assert await count(db, PartnerFeedEntry, source_event_id=env.id) == 0


# --- item 5: officers in the scheme's scope hear that a round finished ---


def account(account_id: str, role: str = "officer", **kw) -> AccountUpserted:
    return AccountUpserted(
        account_id=account_id,
        role=role,
        name=kw.pop("name", account_id.title()),
        email=f"{account_id}@corridor.example",
        **kw,
    )


async def round_told(c, db) -> tuple[dict, dict]:
    """A round of sco-2026 completed: who was told it, by inbox entry and by e-mail row."""
    env = envelope(
        RoundCompleted(
            round_id="r1", cycle_id="sco-2026", seed=1, matched=3, waitlisted=2, unmatched=1, inputs_digest="x"
        )
    )
    await c.process(record(env, offset=20))
    async with db.session() as s:
        inbox = {e.recipient_id: e for e in await s.scalars(select(InboxEntry).filter_by(source_event_id=env.id))}
        mails = {n.recipient: n for n in await s.scalars(select(Notification).filter_by(source_event_id=env.id))}
    return inbox, mails


async def test_a_round_tells_the_active_officers_of_its_scheme_in_their_language_by_inbox_and_email(db):
    c = consumer(db, [])
    await catalog(c, db)
    accounts = [
        account("off-sco", schemes=["sco"], preferred_language="zh"),
        account("off-cpec", schemes=["cpec"]),
        account("off-all"),  # unscoped: every scheme
        account("off-inst", institutions=[INST]),  # institution-scoped: nothing scheme-wide
        account("off-gone", schemes=["sco"], active=False),
        account("admin-1", "admin"),
        account("partner-1", "partner", institutions=[INST]),
    ]
    for n, a in enumerate(accounts):
        await c.process(record(envelope(a), offset=n))
    inbox, mails = await round_told(c, db)
    assert set(inbox) == set(mails) == {"off-sco", "off-all"}
    assert inbox["off-sco"].language == "zh" and inbox["off-sco"].subject == "匹配轮次已完成：SCO 2026/27"
    assert inbox["off-all"].subject == "Matching round completed: SCO 2026/27"
    assert {m.channel for m in mails.values()} == {Channel.EMAIL}
    assert mails["off-sco"].template == "round_completed"


async def test_a_round_no_officer_manages_reaches_the_admins_and_a_deactivation_is_followed(db):
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(account("off-sco", schemes=["sco"])), offset=1))
    await c.process(record(envelope(account("admin-1", "admin", preferred_language="ru")), offset=2))
    # the officer is deactivated later; an older event arriving late does not bring them back
    off = envelope(account("off-sco", schemes=["sco"], active=False))
    stale = envelope(account("off-sco", schemes=["sco"]))
    stale.time = off.time - timedelta(minutes=5)
    await c.process(record(off, offset=3))
    await c.process(record(stale, offset=4))
    env = envelope(
        RoundCompleted(
            round_id="r2", cycle_id="sco-2026", seed=1, matched=0, waitlisted=0, unmatched=0, inputs_digest="x"
        )
    )
    await c.process(record(env, offset=5))
    async with db.session() as s:
        inbox = list(await s.scalars(select(InboxEntry).filter_by(source_event_id=env.id)))
    assert [(e.recipient_id, e.language) for e in inbox] == [("admin-1", "ru")]


async def test_a_staff_notice_names_the_cycle_in_each_officers_language(db):
    """The same round told to a Chinese-reading and an English-reading officer: each inbox
    entry and e-mail row names the cycle as the catalog does in the reader's language."""
    from datetime import UTC, datetime, timedelta

    from shared.events.catalog import CycleUpserted

    c = consumer(db, [])
    await catalog(c, db)
    now = datetime.now(UTC)
    cycle = CycleUpserted(
        cycle_id="sco-2026",
        scheme_id="sco",
        name="SCO 2026/27",
        translations={"zh": "上合组织奖学金 2026/27"},
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    await c.process(record(envelope(cycle), offset=5))
    for n, a in enumerate([account("off-zh", preferred_language="zh"), account("off-en")], start=6):
        await c.process(record(envelope(a), offset=n))
    inbox, mails = await round_told(c, db)
    assert inbox["off-zh"].subject == "匹配轮次已完成：上合组织奖学金 2026/27"
    assert inbox["off-en"].subject == "Matching round completed: SCO 2026/27"
    assert (mails["off-zh"].context["cycle"], mails["off-en"].context["cycle"]) == (
        "上合组织奖学金 2026/27",
        "SCO 2026/27",
    )


async def test_a_waitlisted_programmes_own_reason_is_not_one_of_the_other_choices(db):
    """ "Why your other choices were not met: Chinese Language: a quota covering this programme
    is full" came for the one choice the applicant had, the one they are waitlisted on."""
    c = consumer(db, [])
    await catalog(c, db)
    await c.process(record(envelope(submitted("app-w", "stu-w", ["p1", "p9"]))))
    full = "quota full: Silk UZ allocation"
    await c.process(record(envelope(waitlisted("r1", {"p1": 1}, {"p1": full, "p9": "full"})), offset=1))
    [_, notice] = await told(db, "stu-w")
    assert "position 1" in notice.body and "Why your other choices were not met" in notice.body
    other = notice.body.split("Why your other choices were not met", 1)[1]
    assert "Silk UZ allocation" not in other and "quota" not in other.lower()
    await c.process(record(envelope(waitlisted("r2", {"p1": 2}, {"p1": full})), offset=2))
    last = (await told(db, "stu-w"))[-1]
    assert "position 2" in last.body and "Why your other choices" not in last.body
