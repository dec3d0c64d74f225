"""Messages about an application (issue 16) with fakes: the body's rules, who may read and
write the thread (officers in scope, coordinators and nominators in theirs, the applicant of
their own submitted application), and that each message is stored, journaled and announced
in its transaction. In-memory SQLite (the fake database of test_service.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from services.applications.api.message_schemas import MessageOut
from services.applications.domain.messages import MAX_BODY, REPLIES_PER_HOUR, Direction, check_reply_rate, checked_body
from services.applications.models import Account, JournalEntry, Message, infra
from services.applications.service import messages
from shared.errors import Conflict, Invalid, NotFound, TooManyRequests
from shared.paging import Paging
from shared.principal import Principal, Role
from tests.unit.applications import test_service as base
from tests.unit.applications.test_service import SOURCE, Db, draft, submitted


@pytest.fixture
async def db():
    async for fake in base.db.__wrapped__():
        yield fake


OFFICER = Principal(sub="officer-1", role=Role.OFFICER, name="Token Name", schemes=["sco"])
STRANGER = Principal(sub="officer-2", role=Role.OFFICER, schemes=["other-scheme"])
HOST_OFFICER = Principal(sub="officer-3", role=Role.OFFICER, institutions=["xju"])  # not the chosen host
NOMINATOR = Principal(sub="nominator-1", role=Role.NOMINATOR, countries=["KZ"])
OTHER_NOMINATOR = Principal(sub="nominator-2", role=Role.NOMINATOR, countries=["PK"])
ALL = Paging(offset=0, limit=50)


async def _count(db: Db, model) -> int:
    async with db.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


# --- the body (pure) ---


def test_a_body_is_trimmed_and_kept_as_written_with_its_line_breaks():
    assert (
        checked_body("  Dear Aigerim,\n\tplease bring the diploma.  ") == "Dear Aigerim,\n\tplease bring the diploma."
    )
    assert checked_body("x" * MAX_BODY) == "x" * MAX_BODY


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("", "message.body_empty"),
        (" \n\t ", "message.body_empty"),
        ("x" * (MAX_BODY + 1), "message.body_too_long"),
        ("bell\x07", "message.body_control_characters"),
    ],
)
def test_a_bad_body_is_refused_on_the_body_field(body, code):
    with pytest.raises(Invalid) as bad:
        checked_body(body)
    assert bad.value.code == code and bad.value.field == "body"


# --- the thread ---


async def test_an_officer_writes_the_applicant_replies_and_both_read_the_thread(db):
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    async with db.tx() as s:
        s.add(Account(id=OFFICER.sub, email="li@corridor.example", password_hash="x", role="officer", name="Dr. Li Na"))
    async with db.tx() as s:
        sent = await messages.officer_writes(s, infra, OFFICER, ref.id, "  Please bring the diploma.  ", source=SOURCE)
    applicant = Principal(sub=ref.applicant_id, role=Role.APPLICANT)
    async with db.tx() as s:
        await messages.applicant_writes(s, infra, applicant, ref.id, "I will, thank you.", source=SOURCE)

    assert sent.author_name == "Dr. Li Na"  # the account's name, not the token's
    async with db.tx() as s:
        mine, total = await messages.applicant_thread(s, ref.applicant_id, ref.id, ALL)
        theirs, _ = await messages.officer_thread(s, OFFICER, ref.id, ALL)
    assert total == 2 and [m.id for m in mine] == [m.id for m in theirs]
    assert [(m.direction, m.body, m.author_role) for m in mine] == [
        (Direction.TO_APPLICANT, "Please bring the diploma.", "officer"),
        (Direction.TO_OFFICER, "I will, thank you.", "applicant"),
    ]
    assert MessageOut.of(mine[0]).created_at.tzinfo is not None

    # one event per message, in the same transaction; the reply's text is not carried
    sent_events = [e for e in await db.outbox() if e.type.endswith("application.message_sent.v1")]
    assert [(e.key, e.data["direction"], e.data["body"]) for e in sent_events] == [
        (ref.id, "officer_to_applicant", "Please bring the diploma."),
        (ref.id, "applicant_to_officer", ""),
    ]
    assert sent_events[0].data["message_id"] == sent.id and sent_events[0].data["author_name"] == "Dr. Li Na"
    assert sent_events[0].data["applicant_id"] == ref.applicant_id
    # one journal entry each, without the text
    async with db.sessions() as s:
        entries = (await s.scalars(select(JournalEntry).where(JournalEntry.action == "message.sent"))).all()
    assert [(e.actor, e.application_id) for e in entries] == [(OFFICER.sub, ref.id), (ref.applicant_id, ref.id)]
    assert all("diploma" not in str(e.after) and "thank" not in str(e.after) for e in entries)


async def test_paging_reads_the_thread_oldest_first(db):
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    for n in range(3):
        async with db.tx() as s:
            await messages.officer_writes(s, infra, OFFICER, ref.id, f"message {n}", source=SOURCE)
    async with db.tx() as s:
        page, total = await messages.officer_thread(s, OFFICER, ref.id, Paging(offset=1, limit=1))
    assert total == 3 and [m.body for m in page] == ["message 1"]


async def test_out_of_scope_readers_and_writers_find_nothing_and_nothing_is_stored(db):
    ref = await draft(db, ["easy"])  # hosted at lzu, applicant from KZ
    await submitted(db, ref)
    other = Principal(sub="someone-else", role=Role.APPLICANT)
    for officer in (STRANGER, HOST_OFFICER, OTHER_NOMINATOR):
        async with db.tx() as s:
            with pytest.raises(NotFound):
                await messages.officer_thread(s, officer, ref.id, ALL)
            with pytest.raises(NotFound):
                await messages.officer_writes(s, infra, officer, ref.id, "hello", source=SOURCE)
    async with db.tx() as s:
        with pytest.raises(NotFound):
            await messages.applicant_thread(s, other.sub, ref.id, ALL)
        with pytest.raises(NotFound):
            await messages.applicant_writes(s, infra, other, ref.id, "hello", source=SOURCE)
    assert await _count(db, Message) == 0
    assert not [e for e in await db.outbox() if "message_sent" in e.type]
    # the nominator of the applicant's country is in scope
    async with db.tx() as s:
        await messages.officer_writes(s, infra, NOMINATOR, ref.id, "Your nomination file is complete.", source=SOURCE)
    assert await _count(db, Message) == 1


async def test_a_draft_has_no_thread_to_write_to_and_a_bad_body_stores_nothing(db):
    ref = await draft(db, ["easy"])
    applicant = Principal(sub=ref.applicant_id, role=Role.APPLICANT)
    async with db.tx() as s:
        with pytest.raises(Conflict) as drafted:
            await messages.applicant_writes(s, infra, applicant, ref.id, "hello", source=SOURCE)
    assert drafted.value.code == "message.application_draft"
    async with db.tx() as s:  # officers see no drafts
        with pytest.raises(NotFound):
            await messages.officer_writes(s, infra, OFFICER, ref.id, "hello", source=SOURCE)
    await submitted(db, ref)
    async with db.tx() as s:
        with pytest.raises(Invalid) as blank:
            await messages.officer_writes(s, infra, OFFICER, ref.id, "   ", source=SOURCE)
    assert blank.value.field == "body"
    assert await _count(db, Message) == 0 and await _count(db, JournalEntry) == 0


def test_the_eleventh_reply_within_an_hour_waits_until_the_oldest_leaves_the_hour():
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    ten = [now - timedelta(minutes=50 - i) for i in range(REPLIES_PER_HOUR)]  # 11:10 .. 11:19
    check_reply_rate(ten[1:], now)  # nine: one more is fine
    check_reply_rate(ten[1:] + [now - timedelta(hours=2)], now)  # a reply two hours ago does not count
    with pytest.raises(TooManyRequests) as refused:
        check_reply_rate(ten, now)
    assert refused.value.code == "message.too_many" and refused.value.field == "body"
    assert refused.value.retry_after == 10 * 60 + 1  # 11:10's reply leaves the hour at 12:10
    check_reply_rate(ten, now + timedelta(minutes=10, seconds=1))  # then it may


async def test_an_applicant_writing_too_often_is_told_to_wait_and_nothing_more_is_stored(db):
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    applicant = Principal(sub=ref.applicant_id, role=Role.APPLICANT)
    for n in range(REPLIES_PER_HOUR):
        async with db.tx() as s:
            await messages.applicant_writes(s, infra, applicant, ref.id, f"question {n}", source=SOURCE)
    async with db.tx() as s:
        with pytest.raises(TooManyRequests) as refused:
            await messages.applicant_writes(s, infra, applicant, ref.id, "one more", source=SOURCE)
    assert refused.value.retry_after > 3000  # about an hour: all ten were written just now
    async with db.tx() as s:  # the officer is not limited
        await messages.officer_writes(s, infra, OFFICER, ref.id, "We read all of them.", source=SOURCE)
    assert await _count(db, Message) == REPLIES_PER_HOUR + 1


async def test_a_withdrawn_application_takes_no_more_messages_from_its_applicant(db):
    from services.applications.service import applications

    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    async with db.tx() as s:
        await applications.withdraw(s, infra, ref.applicant_id, ref.id, None, source=SOURCE)
    applicant = Principal(sub=ref.applicant_id, role=Role.APPLICANT)
    async with db.tx() as s:
        with pytest.raises(Conflict) as withdrawn:
            await messages.applicant_writes(s, infra, applicant, ref.id, "hello?", source=SOURCE)
    assert (withdrawn.value.code, withdrawn.value.field) == ("message.application_withdrawn", "application_id")
    assert await _count(db, Message) == 0
